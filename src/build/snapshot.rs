//! The snapshot of the last `gloss build` (`.gloss/state/` in the site folder): the model,
//! every document's analysis, the site index and the output manifest. The next `gloss build`
//! after a few edits restores it and brings the output up to date the way `gloss serve` does in
//! memory, re-rendering only what the edits touch, instead of building everything again.
//!
//! Each build compares the content files with the snapshot's listing of them, applies the
//! changes, and saves the state it reached as the new snapshot. Any doubt means a full build,
//! which writes a new snapshot: another format or gloss binary, a changed theme, template,
//! static file, setting or option, an output folder written by anything else since (`gloss
//! serve`, a person), too many changed files.
//!
//! Files: `model.bin` (postcard: everything but the texts), `texts.bin` (plain texts one after
//! the other, so the model stays small to decode; a build from the snapshot appends the texts
//! it made and leaves the others where they are), `output.json` (which output folder the last
//! build left, from which snapshot).

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::State;
use super::stamp::{ContentFile, Inputs, hash_output};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Article, ArticleMeta, Entity, Page, Site};
use crate::render::plain_text::{PlainText, TextFile};
use crate::render::{Analyses, EntityLookup, Globals, SiteIndex, Theme};
use crate::write::Manifest;

/// The snapshot's folder, relative to the site root.
const SNAPSHOT_DIR: &str = ".gloss/state";

/// Bumped whenever what the snapshot holds changes shape.
const FORMAT: u32 = 2;

/// More changed content files than this and a full build is as quick.
const MAX_CHANGED_FILES: usize = 100;

/// What the snapshot was taken of.
#[derive(Serialize, Deserialize)]
struct Header {
    format: u32,
    version: String,
    /// Tells this snapshot from any other, so `output.json` cannot vouch for another one.
    id: u128,
    /// Every input but the content files (see `stamp::Inputs::setup`).
    setup: u128,
    content: Vec<ContentFile>,
    /// The length of `texts.bin` when the model was written: appends only make it longer, so
    /// a shorter file was written anew for another model.
    texts_len: u64,
}

/// Everything of the state but the texts and what is cheap to make again (theme, lookup,
/// globals), as it is written: borrowed from the state.
#[derive(Serialize)]
struct ModelToWrite<'a> {
    articles: Vec<StoredArticle>,
    entities: Vec<StoredEntity>,
    pages: Vec<StoredPage>,
    /// Without their texts (`Analysis::text` is not serialized): those are in `texts.bin`.
    analyses: &'a Analyses,
    /// Where each analysis' text is in `texts.bin` (start, length), in the order of
    /// `Analyses::all`.
    text_ranges: Vec<(u64, usize)>,
    index: &'a SiteIndex,
    manifest: &'a Manifest,
    load_warnings: &'a [Diagnostic],
}

/// [`ModelToWrite`] as it is read back (postcard reads fields in order: keep both alike).
#[derive(Deserialize)]
struct Model {
    articles: Vec<StoredArticle>,
    entities: Vec<StoredEntity>,
    pages: Vec<StoredPage>,
    analyses: Analyses,
    text_ranges: Vec<(u64, usize)>,
    index: SiteIndex,
    manifest: Manifest,
    load_warnings: Vec<Diagnostic>,
}

#[derive(Serialize, Deserialize)]
struct StoredArticle {
    slug: String,
    path: PathBuf,
    meta: StoredArticleMeta,
    body_line: usize,
}

/// `ArticleMeta` field for field. The front matter types leave out empty fields when
/// serialized, which only a format that names its fields reads back (entity and page front
/// matter, a few thousand at most, are kept as JSON for that reason).
#[derive(Serialize, Deserialize)]
struct StoredArticleMeta {
    title: String,
    title_inferred: bool,
    subtitle: Option<String>,
    date: Option<chrono::NaiveDate>,
    authors: Vec<String>,
    editors: Vec<String>,
    source: Option<String>,
    source_url: Option<String>,
    source_file: Option<String>,
    source_part: Option<u32>,
    contacts: Vec<String>,
    photo_credits: Vec<String>,
    summary: Option<String>,
    entities: Vec<String>,
    nolink: Vec<String>,
    tags: Vec<String>,
    draft: bool,
}

/// `From` both ways between two structs with the same fields.
macro_rules! same_fields {
    ($a:ident, $b:ident { $($field:ident),* $(,)? }) => {
        impl From<$a> for $b {
            fn from(value: $a) -> $b {
                let $a { $($field),* } = value;
                $b { $($field),* }
            }
        }
        impl From<$b> for $a {
            fn from(value: $b) -> $a {
                let $b { $($field),* } = value;
                $a { $($field),* }
            }
        }
    };
}

same_fields!(
    ArticleMeta,
    StoredArticleMeta {
        title,
        title_inferred,
        subtitle,
        date,
        authors,
        editors,
        source,
        source_url,
        source_file,
        source_part,
        contacts,
        photo_credits,
        summary,
        entities,
        nolink,
        tags,
        draft
    }
);

#[derive(Serialize, Deserialize)]
struct StoredEntity {
    id: String,
    path: PathBuf,
    meta: String,
    description: String,
    body_line: usize,
}

#[derive(Serialize, Deserialize)]
struct StoredPage {
    slug: String,
    path: PathBuf,
    meta: String,
    body: String,
    body_line: usize,
}

/// Which output the last `gloss build` left, from which snapshot.
#[derive(Serialize, Deserialize)]
struct OutputRecord {
    snapshot: String,
    output: String,
}

fn snapshot_dir(config: &Config) -> PathBuf {
    config.root.join(SNAPSHOT_DIR)
}

fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

/// Saves `state`, which a full build of `inputs` made, as the snapshot, and records that the
/// output folder is as it left it. A snapshot that cannot be written only costs the next
/// build its shortcut.
pub(super) fn save(config: &Config, state: &State, inputs: &Inputs, out_dir: &Path) {
    let saved = (|| -> Result<()> {
        let dir = snapshot_dir(config);
        let staged = dir.with_extension("new");
        let _ = std::fs::remove_dir_all(&staged);
        std::fs::create_dir_all(&staged)
            .with_context(|| format!("cannot create {}", staged.display()))?;
        let mut texts = BufWriter::new(std::fs::File::create(staged.join("texts.bin"))?);
        let mut ranges = Vec::new();
        let mut at = 0;
        for analysis in state.analyses.all() {
            texts.write_all(analysis.text.as_bytes())?;
            ranges.push((at, analysis.text.len()));
            at += analysis.text.len() as u64;
        }
        texts.into_inner().map_err(|e| e.into_error())?;
        let id = write_model(&staged, state, inputs, ranges, at)?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&staged, &dir)
            .with_context(|| format!("cannot move {} into place", dir.display()))?;
        record_output(config, id, out_dir);
        Ok(())
    })();
    if let Err(error) = saved {
        tracing::debug!("no build snapshot: {error:#}");
        forget(config);
    }
}

/// Saves `state`, restored from the snapshot and brought up to date with `inputs`, as the
/// snapshot: the texts it made are appended to `texts.bin` (or, once most of that file is
/// texts no longer used, every text is written to a new one), the model written anew.
pub(super) fn update(config: &Config, state: &State, inputs: &Inputs, out_dir: &Path) {
    let updated = (|| -> Result<()> {
        let dir = snapshot_dir(config);
        let path = dir.join("texts.bin");
        let used: u64 = state.analyses.all().map(|a| a.text.byte_len() as u64).sum();
        let compact = std::fs::metadata(&path)?.len() > 2 * used + (1 << 20);
        let staged = path.with_extension("bin.new");
        let mut file = match compact {
            true => std::fs::File::create(&staged)?,
            false => std::fs::OpenOptions::new().append(true).open(&path)?,
        };
        let mut at = file.metadata()?.len();
        let mut texts = BufWriter::new(&mut file);
        let mut ranges = Vec::new();
        for analysis in state.analyses.all() {
            match analysis.text.stored_at().filter(|_| !compact) {
                Some(range) => ranges.push(range),
                None => {
                    texts.write_all(analysis.text.as_bytes())?;
                    ranges.push((at, analysis.text.len()));
                    at += analysis.text.len() as u64;
                }
            }
        }
        texts.flush()?;
        drop(texts);
        if compact {
            std::fs::rename(&staged, &path)?;
        }
        let id = write_model(&dir, state, inputs, ranges, at)?;
        record_output(config, id, out_dir);
        Ok(())
    })();
    if let Err(error) = updated {
        tracing::debug!("cannot update the build snapshot: {error:#}");
        forget(config);
    }
}

/// Writes `model.bin` into `dir` (through a temporary file and a rename); returns its id.
fn write_model(
    dir: &Path,
    state: &State,
    inputs: &Inputs,
    text_ranges: Vec<(u64, usize)>,
    texts_len: u64,
) -> Result<u128> {
    let id = crate::write::hash(
        format!("{:?}{:?}", std::time::SystemTime::now(), std::process::id()).as_bytes(),
    );
    let header = Header {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").into(),
        id,
        setup: inputs.setup,
        content: inputs.content.clone(),
        texts_len,
    };
    let site = &state.site;
    let model = ModelToWrite {
        articles: site.articles.iter().map(StoredArticle::of).collect(),
        entities: site.entities.iter().map(StoredEntity::of).collect::<Result<_>>()?,
        pages: site.pages.iter().map(StoredPage::of).collect::<Result<_>>()?,
        analyses: &state.analyses,
        text_ranges,
        index: &state.index,
        manifest: &state.manifest,
        load_warnings: &state.load_warnings,
    };
    let temporary = dir.join("model.bin.tmp");
    let mut file = BufWriter::new(std::fs::File::create(&temporary)?);
    postcard::to_io(&header, &mut file)?;
    postcard::to_io(&model, &mut file)?;
    file.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&temporary, dir.join("model.bin"))?;
    Ok(id)
}

/// Notes that the output folder is as a build from snapshot `id` left it.
fn record_output(config: &Config, id: u128, out_dir: &Path) {
    let Some(output) = hash_output(out_dir) else { return };
    let record = OutputRecord { snapshot: hex(id), output: hex(output) };
    let path = snapshot_dir(config).join("output.json");
    let written = serde_json::to_vec(&record).map_err(std::io::Error::other).and_then(|bytes| {
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &path)
    });
    if let Err(error) = written {
        tracing::debug!("cannot record the build's output: {error}");
    }
}

/// Forgets which output the last build left: the output folder is about to change some other
/// way (the snapshot stays, but no build trusts it until a full build writes a new one).
pub(super) fn forget(config: &Config) {
    match std::fs::remove_file(snapshot_dir(config).join("output.json")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("cannot remove the build snapshot's output record: {e}"),
    }
}

/// The state the snapshot holds, and the content files changed since it was taken (created,
/// edited or removed, as absolute paths), when the snapshot fits `inputs` and the output
/// folder is as the last build left it; `None` when a full build is needed.
pub(super) fn restore(
    config: &Config,
    inputs: &Inputs,
    out_dir: &Path,
) -> Option<(State, Vec<PathBuf>)> {
    let dir = snapshot_dir(config);
    let record: OutputRecord =
        serde_json::from_slice(&std::fs::read(dir.join("output.json")).ok()?).ok()?;
    if record.output != hex(hash_output(out_dir)?) {
        return None;
    }
    let bytes = std::fs::read(dir.join("model.bin")).ok()?;
    let (header, rest) = postcard::take_from_bytes::<Header>(&bytes).ok()?;
    if header.format != FORMAT
        || header.version != env!("CARGO_PKG_VERSION")
        || header.setup != inputs.setup
        || hex(header.id) != record.snapshot
    {
        return None;
    }
    let changed = changed_files(config, &header.content, &inputs.content);
    if changed.len() > MAX_CHANGED_FILES {
        return None;
    }
    let stage = std::time::Instant::now();
    let model: Model = postcard::from_bytes(rest).ok()?;
    tracing::debug!("snapshot: model decoded in {:?}", stage.elapsed());
    let texts = dir.join("texts.bin");
    if std::fs::metadata(&texts).ok()?.len() < header.texts_len {
        return None;
    }
    let state = model.into_state(config, &texts)?;
    tracing::debug!("snapshot: state restored in {:?}", stage.elapsed());
    Some((state, changed))
}

/// Content files that are not as the listing `before` saw them.
fn changed_files(config: &Config, before: &[ContentFile], now: &[ContentFile]) -> Vec<PathBuf> {
    let before_by_path: HashMap<&Path, &ContentFile> =
        before.iter().map(|f| (f.path.as_path(), f)).collect();
    let now_paths: std::collections::HashSet<&Path> =
        now.iter().map(|f| f.path.as_path()).collect();
    let edited = now.iter().filter(|f| {
        before_by_path.get(f.path.as_path()).is_none_or(|seen| *seen != *f || !seen.is_trusted())
    });
    let removed = before.iter().filter(|f| !now_paths.contains(f.path.as_path()));
    edited.chain(removed).map(|f| config.root.join(&f.path)).collect()
}

impl Model {
    /// The state, its texts left in `texts` (the snapshot's `texts.bin`) until a page needs
    /// them.
    fn into_state(self, config: &Config, texts: &Path) -> Option<State> {
        let mut analyses = self.analyses;
        let file = TextFile::open(texts).ok()?;
        let file_len = std::fs::metadata(texts).ok()?.len();
        let fits = |&(start, len): &(u64, usize)| start + len as u64 <= file_len;
        if self.text_ranges.len() != analyses.all().count() || !self.text_ranges.iter().all(fits) {
            return None;
        }
        for (analysis, &(start, len)) in analyses.all_mut().zip(&self.text_ranges) {
            analysis.text = PlainText::stored(file.clone(), start, len);
        }
        let site = Site {
            articles: self.articles.into_iter().map(StoredArticle::into_article).collect(),
            entities: self
                .entities
                .into_iter()
                .map(StoredEntity::into_entity)
                .collect::<Option<_>>()?,
            pages: self.pages.into_iter().map(StoredPage::into_page).collect::<Option<_>>()?,
        };
        let theme = Theme::load(config).ok()?;
        let lookup = EntityLookup::new(&site.entities);
        let globals = Globals::new(config, &site);
        Some(State {
            site,
            analyses,
            theme,
            lookup,
            globals,
            index: self.index,
            manifest: self.manifest,
            deferred: false,
            load_warnings: self.load_warnings,
            pages_forgotten: true,
        })
    }
}

impl StoredArticle {
    fn of(article: &Article) -> StoredArticle {
        StoredArticle {
            slug: article.slug.clone(),
            path: article.path.clone(),
            meta: article.meta.clone().into(),
            body_line: article.body_line,
        }
    }

    /// The article without its body, which `gloss build` let go (see `State::pages_forgotten`).
    fn into_article(self) -> Article {
        Article {
            slug: self.slug,
            path: self.path,
            meta: self.meta.into(),
            body: String::new(),
            body_line: self.body_line,
        }
    }
}

impl StoredEntity {
    fn of(entity: &Entity) -> Result<StoredEntity> {
        Ok(StoredEntity {
            id: entity.id.clone(),
            path: entity.path.clone(),
            meta: serde_json::to_string(&entity.meta)?,
            description: entity.description.clone(),
            body_line: entity.body_line,
        })
    }

    fn into_entity(self) -> Option<Entity> {
        Some(Entity {
            id: self.id,
            path: self.path,
            meta: serde_json::from_str(&self.meta).ok()?,
            description: self.description,
            body_line: self.body_line,
        })
    }
}

impl StoredPage {
    fn of(page: &Page) -> Result<StoredPage> {
        Ok(StoredPage {
            slug: page.slug.clone(),
            path: page.path.clone(),
            meta: serde_json::to_string(&page.meta)?,
            body: page.body.clone(),
            body_line: page.body_line,
        })
    }

    fn into_page(self) -> Option<Page> {
        Some(Page {
            slug: self.slug,
            path: self.path,
            meta: serde_json::from_str(&self.meta).ok()?,
            body: self.body,
            body_line: self.body_line,
        })
    }
}
