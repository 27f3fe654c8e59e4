//! Import, output: imported articles → `content/articles/<slug>.md`, through the ledger.
//!
//! Slugs are unique and deterministic (a clash gets the source file and part appended). A file
//! gloss wrote and nobody touched is rewritten only when its bytes change; a file a person
//! edited is left alone unless `--force`, which backs it up first. Articles an earlier import
//! of the same source wrote under another name are removed when untouched. The files to write
//! come out as a [`PendingImport`]: written here, or handed to annotate, which writes each
//! once, annotated.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::emit::slug_for;
use super::sources::{SourceFile, collect_sources};
use super::{ImportedArticle, import_bytes};
use crate::annotate::state::AnnotateState;
use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location, display_path};
use crate::frontmatter;
use crate::ledger::{FileState, Ledger, hash_bytes, write_atomically};
use crate::load::markdown_files;
use crate::model::ArticleMeta;

mod merge;
use merge::{Merge, merge};

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
    /// Articles a person annotated, re-imported with their links and `nolink` kept.
    pub merged: Vec<PathBuf>,
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
        if !self.merged.is_empty() {
            line.push_str(&format!(", {} merged with a person's links", self.merged.len()));
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
    let (report, pending) = import_articles(config, options)?;
    pending.write(config)?;
    Ok(report)
}

/// Article files an import decided to write, not written yet: annotate takes them in memory
/// and writes each once, annotated ([`crate::annotate::annotate_import`]); otherwise
/// [`PendingImport::write`] writes them as imported.
pub struct PendingImport {
    /// The ledger after the import, without the pending files (recorded when written).
    pub ledger: Ledger,
    /// Path under the site root → the file's text as imported.
    pub files: HashMap<PathBuf, String>,
    dry_run: bool,
}

impl PendingImport {
    /// Writes the files as imported, in parallel, records them in the ledger and saves it
    /// (nothing in a dry run). A failed write does not stop the others; every file written is
    /// recorded, and the first failure is returned.
    pub fn write(self, config: &Config) -> Result<()> {
        let PendingImport { mut ledger, files, dry_run } = self;
        if dry_run {
            return Ok(());
        }
        let mut files: Vec<(PathBuf, String)> = files.into_iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let outcomes: Vec<Result<()>> = files
            .par_iter()
            .map(|(relative, text)| write_atomically(&config.root.join(relative), text.as_bytes()))
            .collect();
        let mut first_error = None;
        for ((relative, text), outcome) in files.iter().zip(outcomes) {
            match outcome {
                Ok(()) => {
                    ledger.record_written(relative, hash_bytes(text.as_bytes()));
                    ledger.record_import(relative, text.as_bytes());
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        // Whatever was written is recorded, even when a write failed, so it is not taken for
        // a person's edit next time.
        ledger.save()?;
        first_error.map_or(Ok(()), Err)
    }
}

/// Imports the sources named in `options`: works out every article file, backs up and
/// removes what it must, and returns the files to write, unwritten.
pub fn import_articles(
    config: &Config,
    options: &ImportOptions,
) -> Result<(ImportReport, PendingImport)> {
    let (sources, mut diagnostics) = collect_sources(config, &options.paths);
    if sources.is_empty() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::warning(
            Category::NoSources,
            Some(Location::file(display_path(&config.root, &config.sources_dir()))),
            "no text files to import (name files or folders, or put them in content/sources/)",
        ));
    }
    let started = std::time::Instant::now();
    let bar = progress_bar(options.progress, sources.len());
    let results: Vec<(Vec<RenderedArticle>, Vec<Diagnostic>)> = sources
        .par_iter()
        .map(|source| {
            let result = std::fs::read(&source.path)
                .map_err(|e| {
                    Diagnostic::error(
                        Category::UnreadableSource,
                        Some(Location::file(&source.shown_as)),
                        format!("cannot read: {e}"),
                    )
                })
                .and_then(|bytes| {
                    let order = config.import.date_order;
                    super::dates::with_date_order(order, || {
                        import_bytes(&bytes, &source.name, &source.shown_as)
                    })
                });
            bar.inc(1);
            match result {
                Ok((articles, problems)) => {
                    (articles.into_iter().map(RenderedArticle::from).collect(), problems)
                }
                Err(error) => (Vec::new(), vec![error]),
            }
        })
        .collect();
    let mut imported: Vec<(&SourceFile, Vec<RenderedArticle>)> = Vec::with_capacity(sources.len());
    // Sources that could be read: only their earlier articles can be stale. A file that
    // failed to read keeps the articles it gave before.
    let mut readable: BTreeSet<&str> = BTreeSet::new();
    for (source, (articles, problems)) in sources.iter().zip(results) {
        if !problems.iter().any(|d| d.category == Category::UnreadableSource) {
            readable.insert(source.name.as_str());
        }
        diagnostics.extend(problems);
        imported.push((source, articles));
    }
    bar.finish_and_clear();
    tracing::debug!(files = sources.len(), elapsed = ?started.elapsed(), "import: read and converted sources");
    let started = std::time::Instant::now();

    let existing = index_existing_articles(config, &mut diagnostics);
    let mut writer = ArticleWriter {
        config,
        options,
        ledger: Ledger::load(config)?,
        annotated: AnnotateState::load(config)?,
        merged: HashMap::new(),
        report: ImportReport { files: sources.len(), ..ImportReport::default() },
        diagnostics,
        taken: existing
            .iter()
            .filter(|(_, owner)| {
                owner.as_ref().is_none_or(|(file, _)| !readable.contains(file.as_str()))
            })
            .map(|(slug, owner)| (slug.clone(), owner.clone()))
            .collect(),
        placed: BTreeMap::new(),
        pending: HashSet::new(),
    };
    let placed: Vec<(PathBuf, &RenderedArticle)> = imported
        .iter()
        .flat_map(|(source, articles)| articles.iter().map(move |article| (*source, article)))
        .map(|(source, article)| (writer.place(source, article), article))
        .collect();
    let outcome =
        writer.store_all(&placed).and_then(|()| writer.remove_stale(&existing, &readable));
    let paths: Vec<PathBuf> = placed.into_iter().map(|(path, _)| path).collect();
    let articles = imported.into_iter().flat_map(|(_, articles)| articles);
    let files = paths
        .into_iter()
        .zip(articles)
        .filter(|(path, _)| writer.pending.contains(path))
        .map(|(path, article)| {
            let text = writer.merged.remove(&path).unwrap_or(article.file);
            (path, text)
        })
        .collect();
    let pending = PendingImport { ledger: writer.ledger, files, dry_run: options.dry_run };
    if let Err(error) = outcome {
        // What was decided before the failure is still written.
        pending.write(config)?;
        return Err(error);
    }
    tracing::debug!(elapsed = ?started.elapsed(), "import: placed articles");
    let mut report = writer.report;
    report.diagnostics = writer.diagnostics;
    crate::diagnostics::sort_diagnostics(&mut report.diagnostics);
    Ok((report, pending))
}

/// An imported article as the file it will be (rendered in parallel, before slugs are known).
struct RenderedArticle {
    meta: ArticleMeta,
    footnotes: usize,
    file: String,
}

impl From<ImportedArticle> for RenderedArticle {
    fn from(article: ImportedArticle) -> Self {
        let file = frontmatter::render(&article.meta, &article.body);
        RenderedArticle { meta: article.meta, footnotes: article.footnotes, file }
    }
}

/// Slug → the source file and part an article came from (`None`: not from an import).
type Owners = HashMap<String, Option<(String, u32)>>;

/// What storing one article will do to its file.
enum Stored {
    /// The file already holds this import; `adopted`: a person's identical copy, to be
    /// rewritten as gloss's own.
    Unchanged { adopted: bool },
    /// A person edited the file in a way the new import cannot keep (why), and `--force` was
    /// not given.
    KeptEdited(String),
    /// A person annotated the file: the new import with their decisions (`text`), to be
    /// written (`write`), the file as it was kept at `backup`.
    /// `import`: the hash of the import itself, recorded as the article's last import.
    Merged { text: String, import: String, write: bool, backup: Option<PathBuf> },
    /// To be written (`write`: not a dry run); `backup`: where a person's edited copy went.
    Written { write: bool, backup: Option<PathBuf> },
}

/// Places imported articles in `content/articles/` through the ledger.
struct ArticleWriter<'a> {
    config: &'a Config,
    options: &'a ImportOptions,
    ledger: Ledger,
    report: ImportReport,
    diagnostics: Vec<Diagnostic>,
    /// Slugs in use, by articles of this import or others.
    taken: Owners,
    /// Where each (source file, part) of this import went.
    placed: BTreeMap<(String, u32), String>,
    /// Article files to write, not written yet (none in a dry run).
    pending: HashSet<PathBuf>,
    /// What annotate wrote in each article last time (to tell a person's links from its own).
    annotated: AnnotateState,
    /// Article path → its new text merged with a person's decisions (see `merge.rs`).
    merged: HashMap<PathBuf, String>,
}

impl ArticleWriter<'_> {
    /// Gives the article its slug; returns the path its file goes to.
    fn place(&mut self, source: &SourceFile, article: &RenderedArticle) -> PathBuf {
        self.report.articles += 1;
        self.report.footnotes += article.footnotes;
        let part = article.meta.source_part.unwrap_or(1);
        let slug = unique_slug(&article.meta, &source.name, part, &self.taken);
        self.taken.insert(slug.clone(), Some((source.name.clone(), part)));
        self.placed.insert((source.name.clone(), part), slug.clone());
        article_path(&slug)
    }

    /// Works out what each placed article's file needs, in parallel, then records it in order.
    /// A failure (reading a file, backing it up) does not stop the others; the first is
    /// returned.
    fn store_all(&mut self, placed: &[(PathBuf, &RenderedArticle)]) -> Result<()> {
        if !self.options.dry_run && !placed.is_empty() {
            let dir = self.config.articles_dir();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let outcomes: Vec<Result<Stored>> = placed
            .par_iter()
            .map(|(relative, article)| self.store(relative, article.file.as_bytes()))
            .collect();
        let mut first_error = None;
        for ((relative, _), outcome) in placed.iter().zip(outcomes) {
            match outcome {
                Ok(stored) => self.record(relative, stored),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Works out what one article's file needs (the file is written later, see
    /// [`PendingImport`]); touches nothing but that file's backup, so it runs in parallel.
    fn store(&self, relative: &Path, bytes: &[u8]) -> Result<Stored> {
        let root = &self.config.root;
        let dry_run = self.options.dry_run;
        let write = !dry_run;
        let on_disk = std::fs::read(root.join(relative)).ok();
        let state = self.ledger.state_of(root, relative)?;
        // Still gloss's own file, and the source imports as before: annotate's links stay.
        let annotated_import =
            state == FileState::AsWritten && self.ledger.is_last_import(relative, bytes);
        if on_disk.as_deref() == Some(bytes) || annotated_import {
            // A person's copy that equals the import: adopt it as gloss's own again.
            let adopted = state == FileState::Edited && write;
            return Ok(Stored::Unchanged { adopted });
        }
        if state != FileState::Edited {
            return Ok(Stored::Written { write, backup: None });
        }
        // The source imports as last time: whatever a person did to the file stands (unless
        // `--force` asks for the import back).
        if !self.options.force && self.ledger.is_last_import(relative, bytes) {
            return Ok(Stored::Unchanged { adopted: false });
        }
        if !self.options.force {
            let current = String::from_utf8_lossy(on_disk.as_deref().unwrap_or_default());
            let slug = relative.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            let own = self.annotated.written(&slug);
            let new_file = String::from_utf8_lossy(bytes);
            let was_imported = |b: &[u8]| self.ledger.is_last_import(relative, b);
            return Ok(match merge(relative, &current, &new_file, &own, was_imported) {
                Merge::Merged(text) => {
                    let backup =
                        if dry_run { None } else { Some(self.ledger.back_up(root, relative)?) };
                    Stored::Merged { text, import: hash_bytes(bytes), write, backup }
                }
                Merge::Refused(why) => Stored::KeptEdited(why),
            });
        }
        let backup = if dry_run { None } else { Some(self.ledger.back_up(root, relative)?) };
        Ok(Stored::Written { write, backup })
    }

    /// Records what [`Self::store`] did with one article, in the ledger and the report.
    fn record(&mut self, relative: &Path, stored: Stored) {
        let root = &self.config.root;
        let mut recorded = |write: bool| {
            if write {
                self.pending.insert(relative.to_path_buf());
            }
        };
        match stored {
            Stored::Unchanged { adopted } => {
                recorded(adopted);
                self.report.unchanged += 1;
            }
            Stored::KeptEdited(why) => {
                self.diagnostics.push(Diagnostic::error(
                    Category::EditedArticle,
                    Some(Location::file(relative)),
                    format!(
                        "its source changed, but {why}; not overwritten (run `gloss import \
                         --force` to replace it, keeping a backup)"
                    ),
                ));
                self.report.kept_edited.push(relative.to_path_buf());
            }
            Stored::Merged { text, import, write, backup } => {
                let kept = backup.map_or_else(String::new, |backup| {
                    format!("; the copy before is at {}", display_path(root, &backup).display())
                });
                self.diagnostics.push(Diagnostic::warning(
                    Category::MergedEditedArticle,
                    Some(Location::file(relative)),
                    format!("re-imported with the links and nolink a person set kept{kept}"),
                ));
                if write {
                    self.ledger.keep_import(relative, import);
                    self.merged.insert(relative.to_path_buf(), text);
                }
                recorded(write);
                self.report.merged.push(relative.to_path_buf());
                self.report.written.push(relative.to_path_buf());
            }
            Stored::Written { write, backup } => {
                if let Some(backup) = backup {
                    self.diagnostics.push(Diagnostic::warning(
                        Category::OverwroteEditedArticle,
                        Some(Location::file(relative)),
                        format!(
                            "replaced under --force; the edited copy is at {}",
                            display_path(root, &backup).display()
                        ),
                    ));
                    self.report.backed_up.push((relative.to_path_buf(), backup));
                }
                recorded(write);
                self.report.written.push(relative.to_path_buf());
            }
        }
    }

    /// Removes articles an earlier import made from these sources that this import did not
    /// write again (the source now gives another title, or fewer articles), unless edited.
    fn remove_stale(
        &mut self,
        existing: &BTreeMap<String, Option<(String, u32)>>,
        readable: &BTreeSet<&str>,
    ) -> Result<()> {
        // A slug this import placed an article at is no longer stale, whichever source had
        // it before: the article moved from one source to another.
        let placed_now: HashSet<&String> = self.placed.values().collect();
        for (slug, owner) in existing {
            let Some((file, part)) = owner else { continue };
            if !readable.contains(file.as_str()) || placed_now.contains(slug) {
                continue;
            }
            let relative = article_path(slug);
            let state = self.ledger.state_of(&self.config.root, &relative)?;
            match state {
                FileState::AsWritten => {
                    if !self.options.dry_run {
                        std::fs::remove_file(self.config.root.join(&relative))?;
                        self.ledger.forget(&relative);
                    }
                    self.report.removed.push(relative);
                }
                FileState::Edited => self.diagnostics.push(Diagnostic::warning(
                    Category::StaleArticle,
                    Some(Location::file(&relative)),
                    format!("came from {file} part {part}, which no longer imports to it; edited, so kept"),
                )),
                FileState::Missing => {}
            }
        }
        Ok(())
    }
}

/// `content/articles/<slug>.md`, relative to the site root.
fn article_path(slug: &str) -> PathBuf {
    Path::new("content").join("articles").join(format!("{slug}.md"))
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
            // The slug the site gives the file (as load does), so that an imported title
            // never takes the slug of a hand-written `con.md` (`con_`).
            let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
            let slug = crate::load::slugify(&stem);
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
