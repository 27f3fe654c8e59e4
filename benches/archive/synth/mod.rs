//! Deterministic synthetic archives for the benchmark.
//!
//! Input: a number of articles and a seed. Output, on disk under one cache folder: an annotated
//! gloss site (the build input), the same articles without links (the annotate input) and as raw
//! text (the import input). The same seed gives the same bytes; a finished archive is kept and
//! reused, keyed by article count, seed and [`GENERATOR_VERSION`].

pub mod article;
pub mod names;
pub mod render;
pub mod rng;
mod words;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use article::{Article, Generator, count_words};

/// Bump whenever a change to the generator changes its output, so stale caches are not reused.
pub const GENERATOR_VERSION: u32 = 2;

/// What was generated, stored beside the archive and quoted in the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator_version: u32,
    pub seed: u64,
    pub articles: usize,
    /// Entity files written: every pool entity mentioned at least once.
    pub entities: usize,
    /// Bytes of the annotated Markdown articles.
    pub markdown_bytes: u64,
    pub raw_bytes: u64,
    pub words: u64,
    pub mentions: u64,
    pub generate_seconds: f64,
}

/// A generated archive on disk.
#[derive(Clone, Debug)]
pub struct Archive {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl Archive {
    /// The annotated gloss site: `gloss.toml`, `content/articles`, `content/entities`.
    pub fn site_dir(&self) -> PathBuf {
        self.dir.join("site")
    }
    /// A gloss site whose articles have no links yet and no entity files.
    pub fn plain_dir(&self) -> PathBuf {
        self.dir.join("plain")
    }
    /// A gloss site with only raw text under `content/sources`.
    pub fn raw_dir(&self) -> PathBuf {
        self.dir.join("raw")
    }
}

pub const SITE_CONFIG: &str = "title = \"Synthetic archive\"
description = \"A generated archive for the gloss benchmark.\"
base_url = \"https://archive.example.org/\"
language = \"en\"
theme = \"default\"

[annotate]
min_mentions = 2
";

/// The cache folder of an archive under `data_dir`.
pub fn archive_dir(data_dir: &Path, articles: usize, seed: u64) -> PathBuf {
    data_dir.join(format!("synth-v{GENERATOR_VERSION}-s{seed}-n{articles}"))
}

/// The archive of `articles` articles for `seed`, generated unless a complete one is cached.
pub fn ensure_archive(data_dir: &Path, articles: usize, seed: u64) -> Result<Archive> {
    let dir = archive_dir(data_dir, articles, seed);
    if let Some(manifest) = read_manifest(&dir)
        && manifest.generator_version == GENERATOR_VERSION
        && manifest.seed == seed
        && manifest.articles == articles
    {
        return Ok(Archive { dir, manifest });
    }
    eprintln!("bench: generating {articles} articles (seed {seed}) into {}", dir.display());
    let partial = dir.with_extension("partial");
    for stale in [&dir, &partial] {
        if stale.exists() {
            std::fs::remove_dir_all(stale)
                .with_context(|| format!("cannot remove {}", stale.display()))?;
        }
    }
    let manifest = write_archive(&partial, articles, seed)?;
    std::fs::rename(&partial, &dir)
        .with_context(|| format!("cannot move {} into place", partial.display()))?;
    eprintln!(
        "bench: generated {articles} articles, {} entities, {:.0} MB of Markdown in {:.1}s",
        manifest.entities,
        manifest.markdown_bytes as f64 / 1e6,
        manifest.generate_seconds
    );
    Ok(Archive { dir, manifest })
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
    serde_json::from_str(&text).ok()
}

/// Per-thread totals while writing.
#[derive(Default)]
struct Totals {
    markdown_bytes: u64,
    raw_bytes: u64,
    words: u64,
    mentions_per_entity: Vec<u64>,
}

impl Totals {
    fn merge(mut self, other: Totals) -> Totals {
        self.markdown_bytes += other.markdown_bytes;
        self.raw_bytes += other.raw_bytes;
        self.words += other.words;
        if self.mentions_per_entity.len() < other.mentions_per_entity.len() {
            self.mentions_per_entity.resize(other.mentions_per_entity.len(), 0);
        }
        for (total, count) in self.mentions_per_entity.iter_mut().zip(other.mentions_per_entity) {
            *total += count;
        }
        self
    }
}

/// Writes every file of the archive into `dir` (in parallel) and returns its manifest.
pub fn write_archive(dir: &Path, articles: usize, seed: u64) -> Result<Manifest> {
    let started = Instant::now();
    let generator = Generator::new(seed);
    let site = dir.join("site");
    let plain = dir.join("plain");
    let raw = dir.join("raw");
    for folder in [
        site.join("content/articles"),
        site.join("content/entities"),
        plain.join("content/articles"),
        raw.join("content/sources"),
    ] {
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    for root in [&site, &plain, &raw] {
        write(&root.join("gloss.toml"), SITE_CONFIG)?;
    }
    let totals = (0..articles)
        .into_par_iter()
        .try_fold(Totals::default, |mut totals, index| -> Result<Totals> {
            let article = generator.article(index);
            let pool = &generator.pool;
            let annotated = render::gloss_article(&article, pool, true);
            let unlinked = render::gloss_article(&article, pool, false);
            let text = render::raw_text(&article, pool, seed);
            let file = format!("{}.md", article.slug);
            write(&site.join("content/articles").join(&file), &annotated)?;
            write(&plain.join("content/articles").join(&file), &unlinked)?;
            write(&raw.join("content/sources").join(raw_file_name(&article)), &text)?;
            totals.markdown_bytes += annotated.len() as u64;
            totals.raw_bytes += text.len() as u64;
            totals.words +=
                count_words(&render::markdown_body(&article, pool, &render::plain)) as u64;
            totals.mentions_per_entity.resize(pool.entities.len(), 0);
            for entity in mentions(&article) {
                totals.mentions_per_entity[entity] += 1;
            }
            Ok(totals)
        })
        .try_reduce(Totals::default, |a, b| Ok(a.merge(b)))?;
    let mut entities = 0;
    for (index, &count) in totals.mentions_per_entity.iter().enumerate() {
        if count > 0 {
            let entity = &generator.pool.entities[index];
            write(
                &site.join("content/entities").join(format!("{}.md", entity.id)),
                &render::gloss_entity(entity),
            )?;
            entities += 1;
        }
    }
    let manifest = Manifest {
        generator_version: GENERATOR_VERSION,
        seed,
        articles,
        entities,
        markdown_bytes: totals.markdown_bytes,
        raw_bytes: totals.raw_bytes,
        words: totals.words,
        mentions: totals.mentions_per_entity.iter().sum(),
        generate_seconds: started.elapsed().as_secs_f64(),
    };
    write(&dir.join("manifest.json"), &serde_json::to_string_pretty(&manifest)?)?;
    Ok(manifest)
}

/// Raw files are named like scraped inputs: a running number and a content hash.
fn raw_file_name(article: &Article) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(article.slug.as_bytes());
    format!("{:06}_{hash:016x}.txt", article.index)
}

/// Every mention in an article, body and notes, as pool entity indices.
pub fn mentions(article: &Article) -> impl Iterator<Item = usize> + '_ {
    use article::{Block, Span};
    let block_spans =
        article.blocks.iter().flat_map(|block| -> Box<dyn Iterator<Item = &Vec<Span>>> {
            match block {
                Block::Paragraph(spans) => Box::new(std::iter::once(spans)),
                Block::Bullets(items) | Block::Numbered(items) => Box::new(items.iter()),
                Block::Heading(_) => Box::new(std::iter::empty()),
            }
        });
    block_spans.chain(article.notes.iter()).flatten().filter_map(|span| match span {
        Span::Mention { entity, .. } => Some(*entity),
        _ => None,
    })
}

pub fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gloss::model::{ArticleMeta, EntityMeta};

    #[test]
    fn same_seed_gives_same_bytes() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        write_archive(a.path(), 20, 42).unwrap();
        write_archive(b.path(), 20, 42).unwrap();
        let files: Vec<_> = walkdir::WalkDir::new(a.path())
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .collect();
        assert!(files.len() > 60, "{} files", files.len());
        for file in files {
            let relative = file.path().strip_prefix(a.path()).unwrap();
            if relative == Path::new("manifest.json") {
                continue;
            }
            let other = std::fs::read(b.path().join(relative)).unwrap();
            assert_eq!(
                std::fs::read(file.path()).unwrap(),
                other,
                "{} differs",
                relative.display()
            );
        }
    }

    #[test]
    fn another_seed_gives_another_archive() {
        let a = Generator::new(1).article(0);
        let b = Generator::new(2).article(0);
        assert_ne!(a.title, b.title);
    }

    #[test]
    fn articles_are_600_to_3000_words() {
        let generator = Generator::new(7);
        for index in 0..300 {
            let article = generator.article(index);
            let markdown = render::gloss_article(&article, &generator.pool, false);
            let body = markdown.splitn(3, "---\n").nth(2).unwrap();
            let words = count_words(body);
            assert!((600..=3000).contains(&words), "article {index} has {words} words");
        }
    }

    #[test]
    fn popular_names_are_mentioned_far_more_than_rare_ones() {
        let generator = Generator::new(7);
        let mut counts = vec![0usize; generator.pool.entities.len()];
        for index in 0..400 {
            for entity in mentions(&generator.article(index)) {
                counts[entity] += 1;
            }
        }
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let head: usize = counts[..30].iter().sum();
        let tail: usize = counts[counts.len() / 2..].iter().sum();
        assert!(head > 3 * tail, "top 30 names: {head} mentions; bottom half: {tail}");
        assert!(counts[0] > 10 * counts[300].max(1), "{} vs {}", counts[0], counts[300]);
    }

    #[test]
    fn files_parse_as_gloss_formats() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = write_archive(dir.path(), 30, 5).unwrap();
        let config = gloss::config::Config::load(&dir.path().join("site")).unwrap();
        let loaded = gloss::load::load_site(&config);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.site.articles.len(), 30);
        assert_eq!(loaded.site.entities.len(), manifest.entities);
        let article: &ArticleMeta = &loaded.site.articles[0].meta;
        assert!(
            !article.entities.is_empty() && !article.authors.is_empty() && article.date.is_some()
        );
        let known: std::collections::HashSet<&str> =
            loaded.site.entities.iter().map(|e| e.meta.name.as_str()).collect();
        for article in &loaded.site.articles {
            for link in article.body.split("[[").skip(1) {
                let target = link.split(['|', ']']).next().unwrap();
                assert!(known.contains(target), "[[{target}]] has no entity file");
            }
            assert!(article.body.contains("## ") || article.body.len() < 6000, "{}", article.slug);
        }
        let entity: &EntityMeta = &loaded.site.entities[0].meta;
        assert!(!entity.name.is_empty());
    }

    #[test]
    fn raw_text_has_byline_and_references() {
        let generator = Generator::new(9);
        let article = (0..50).map(|i| generator.article(i)).find(|a| !a.notes.is_empty()).unwrap();
        let text = render::raw_text(&article, &generator.pool, 9);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], article.title);
        assert!(lines[2].starts_with("By "), "{}", lines[2]);
        assert!(text.contains("\nReferences\n") && text.contains("[1] "));
        assert!(!text.contains("[["), "raw text has no annotations");
        assert!(lines.iter().all(|l| l.chars().count() <= 110), "lines are hard-wrapped");
    }
}
