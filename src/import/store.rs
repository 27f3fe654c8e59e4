//! Import, output: imported articles → `content/articles/<slug>.md`, through the ledger.
//!
//! Slugs are unique and deterministic (a clash gets the source file and part appended). A file
//! gloss wrote and nobody touched is rewritten only when its bytes change; a file a person
//! edited is left alone unless `--force`, which backs it up first. Articles an earlier import
//! of the same source wrote under another name are removed when untouched.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use super::emit::slug_for;
use super::sources::{SourceFile, collect_sources};
use super::{ImportedArticle, import_bytes};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location, display_path};
use crate::frontmatter;
use crate::ledger::{FileState, Ledger};
use crate::load::markdown_files;
use crate::model::ArticleMeta;

/// What to import and how.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Files or folders; empty means `content/sources/`.
    pub paths: Vec<PathBuf>,
    /// Overwrite articles a person has edited (after backing them up).
    pub force: bool,
    /// Work out everything, write nothing.
    pub dry_run: bool,
    /// Show a progress bar.
    pub progress: bool,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub files: usize,
    pub articles: usize,
    pub footnotes: usize,
    /// Article files written (new or changed).
    pub written: Vec<PathBuf>,
    pub unchanged: usize,
    /// Edited articles left as they were (no `--force`).
    pub kept_edited: Vec<PathBuf>,
    /// Edited articles overwritten under `--force`, with their backups.
    pub backed_up: Vec<(PathBuf, PathBuf)>,
    /// Stale articles of an earlier import removed.
    pub removed: Vec<PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

impl ImportReport {
    /// `imported 4 files → 13 articles, 7 footnotes (13 written, 0 unchanged)`.
    pub fn summary(&self, dry_run: bool) -> String {
        let verb = if dry_run { "would import" } else { "imported" };
        let mut line = format!(
            "{verb} {} file{} → {} article{}, {} footnote{} ({} {}, {} unchanged",
            self.files,
            plural(self.files),
            self.articles,
            plural(self.articles),
            self.footnotes,
            plural(self.footnotes),
            self.written.len(),
            if dry_run { "to write" } else { "written" },
            self.unchanged
        );
        if !self.kept_edited.is_empty() {
            line.push_str(&format!(", {} edited kept", self.kept_edited.len()));
        }
        if !self.backed_up.is_empty() {
            line.push_str(&format!(", {} backed up", self.backed_up.len()));
        }
        if !self.removed.is_empty() {
            line.push_str(&format!(", {} stale removed", self.removed.len()));
        }
        line.push(')');
        line
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Imports the sources named in `options` into the site.
pub fn run_import(config: &Config, options: &ImportOptions) -> Result<ImportReport> {
    let (sources, mut diagnostics) = collect_sources(config, &options.paths);
    if sources.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::warning(
            "no sources",
            Some(Location::file(display_path(&config.root, &config.sources_dir()))),
            "no text files to import (name files or folders, or put them in content/sources/)",
        ));
    }
    let bar = progress_bar(options.progress, sources.len());
    let results: Vec<(Vec<ImportedArticle>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let result = std::fs::read(&source.path)
                .map_err(|e| {
                    Diagnostic::error(
                        "unreadable source",
                        Some(Location::file(&source.shown_as)),
                        format!("cannot read: {e}"),
                    )
                })
                .and_then(|bytes| import_bytes(&bytes, &source.name, &source.shown_as));
            bar.inc(1);
            result.unwrap_or_else(|error| (Vec::new(), vec![error]))
        })
        .collect();
    let mut imported: Vec<(&SourceFile, Vec<ImportedArticle>)> = Vec::with_capacity(sources.len());
    for (source, (articles, problems)) in sources.iter().zip(results) {
        diagnostics.extend(problems);
        imported.push((source, articles));
    }
    bar.finish_and_clear();

    let mut report = ImportReport { files: sources.len(), ..ImportReport::default() };
    let mut ledger = Ledger::load(config)?;
    let existing = index_existing_articles(config, &mut diagnostics);
    let imported_sources: BTreeSet<&str> = imported.iter().map(|(s, _)| s.name.as_str()).collect();
    let mut taken: HashMap<String, Option<(String, u32)>> = existing
        .iter()
        .filter(|(_, provenance)| {
            provenance.as_ref().is_none_or(|(file, _)| !imported_sources.contains(file.as_str()))
        })
        .map(|(slug, provenance)| (slug.clone(), provenance.clone()))
        .collect();

    let mut placed: BTreeMap<(String, u32), String> = BTreeMap::new();
    for (source, articles) in &imported {
        for article in articles {
            report.articles += 1;
            report.footnotes += article.footnotes;
            let part = article.meta.source_part.unwrap_or(1);
            let slug = unique_slug(&article.meta, &source.name, part, &taken);
            taken.insert(slug.clone(), Some((source.name.clone(), part)));
            placed.insert((source.name.clone(), part), slug.clone());
            let relative = Path::new("content").join("articles").join(format!("{slug}.md"));
            let bytes = frontmatter::render(&article.meta, &article.body);
            store_article(
                config,
                &mut ledger,
                &relative,
                bytes.as_bytes(),
                options,
                &mut report,
                &mut diagnostics,
            )?;
        }
    }

    // Articles an earlier import made from these sources that this import did not write again.
    for (slug, provenance) in &existing {
        let Some((file, part)) = provenance else { continue };
        if !imported_sources.contains(file.as_str())
            || placed.get(&(file.clone(), *part)) == Some(slug)
        {
            continue;
        }
        let relative = Path::new("content").join("articles").join(format!("{slug}.md"));
        match ledger.state_of(&config.root, &relative)? {
            FileState::AsWritten => {
                if !options.dry_run {
                    std::fs::remove_file(config.root.join(&relative))?;
                    ledger.forget(&relative);
                }
                report.removed.push(relative);
            }
            FileState::Edited => diagnostics.push(Diagnostic::warning(
                "stale article",
                Some(Location::file(&relative)),
                format!(
                    "came from {file} part {part}, which no longer imports to it; edited, so kept"
                ),
            )),
            FileState::Missing => {}
        }
    }
    if !options.dry_run {
        ledger.save()?;
    }
    crate::diagnostics::sort_diagnostics(&mut diagnostics);
    report.diagnostics = diagnostics;
    Ok(report)
}

fn store_article(
    config: &Config,
    ledger: &mut Ledger,
    relative: &Path,
    bytes: &[u8],
    options: &ImportOptions,
    report: &mut ImportReport,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<()> {
    let on_disk = std::fs::read(config.root.join(relative)).ok();
    let state = ledger.state_of(&config.root, relative)?;
    if on_disk.as_deref() == Some(bytes) {
        if state == FileState::Edited && !options.dry_run {
            // A person's copy that equals the import: adopt it as gloss's own again.
            ledger.write(&config.root, relative, bytes)?;
        }
        report.unchanged += 1;
        return Ok(());
    }
    if state == FileState::Edited {
        if !options.force {
            diagnostics.push(Diagnostic::error(
                "edited article",
                Some(Location::file(relative)),
                "edited since it was imported; not overwritten (run `gloss import --force` to replace it, keeping a backup)",
            ));
            report.kept_edited.push(relative.to_path_buf());
            return Ok(());
        }
        if !options.dry_run {
            let backup = ledger.back_up(&config.root, relative)?;
            diagnostics.push(Diagnostic::warning(
                "overwrote edited article",
                Some(Location::file(relative)),
                format!(
                    "replaced under --force; the edited copy is at {}",
                    display_path(&config.root, &backup).display()
                ),
            ));
            report.backed_up.push((relative.to_path_buf(), backup));
        }
    }
    if !options.dry_run {
        ledger.write(&config.root, relative, bytes)?;
    }
    report.written.push(relative.to_path_buf());
    Ok(())
}

/// The title's slug; on a clash, the slug with the source file and part appended; then a
/// counter, so the result is the same on every run over the same input.
fn unique_slug(
    meta: &ArticleMeta,
    source: &str,
    part: u32,
    taken: &HashMap<String, Option<(String, u32)>>,
) -> String {
    let base = slug_for(&meta.title);
    let is_free = |slug: &str| {
        taken.get(slug).is_none_or(|owner| owner.as_ref() == Some(&(source.to_string(), part)))
    };
    if is_free(&base) {
        return base;
    }
    let stem = source.rsplit('/').next().unwrap_or(source);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    let with_source = format!("{base}-{}-{part}", slug_for(stem));
    if is_free(&with_source) {
        return with_source;
    }
    (2..).map(|n| format!("{with_source}-{n}")).find(|s| is_free(s)).expect("some counter is free")
}

/// Slug → provenance (source file and part) of every article already in the site; `None` for
/// articles that did not come from an import (or whose front matter does not parse).
fn index_existing_articles(
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Option<(String, u32)>> {
    let files = markdown_files(&config.articles_dir(), &config.root, diagnostics);
    files
        .par_iter()
        .map(|path| {
            let slug =
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let provenance = std::fs::read_to_string(path).ok().and_then(|text| {
                let doc = frontmatter::split(&text, path).ok()?;
                let (meta, _) = frontmatter::parse::<ArticleMeta>(&doc, path).ok()?;
                Some((meta.source_file?, meta.source_part.unwrap_or(1)))
            });
            (slug, provenance)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn progress_bar(show: bool, total: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("importing {bar:30} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
