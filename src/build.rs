//! The build pipeline as one value that lives as long as the command: `gloss build` runs it
//! once; `gloss serve` keeps it and calls [`Build::rebuild`] with the paths that changed.
//!
//! Stages: load → analyse (Markdown of every document, in parallel) → index → render (every
//! page, in parallel) → write. The model, the analyses and the hash of every written file stay
//! in memory, so a rebuild re-renders only the pages that depend on what changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::render::{Highlighter, PageKey};
use crate::write::{Staging, check_out_dir};
use layout::SourceKind;

mod articles;
mod dependents;
mod documents;
mod dump;
mod exports;
pub mod layout;
mod lock;
mod output;
mod set_aside;
mod snapshot;
mod stamp;
mod state;
pub use stamp::STAMP_FILE;
pub(crate) use state::{ArticleSink, State};

/// What one build or rebuild did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Output paths (relative to the output folder, `/`-separated) whose bytes changed on disk.
    pub written: Vec<String>,
    /// Output files in the site in all.
    pub pages: usize,
    pub articles: usize,
    pub entities: usize,
    /// The data JSON and search index do not reflect the last rebuild yet: call
    /// [`Build::write_deferred`] when edits pause.
    pub deferred: bool,
    /// Warnings (a failed build returns `Err`, with its errors inside).
    pub diagnostics: Vec<Diagnostic>,
    pub duration: Duration,
    /// HTML pages in the site.
    pub html_pages: usize,
    /// Output files rendered by this run (all of them for a full build).
    pub rendered: usize,
    /// Nothing changed since the last full build, whose numbers these are: nothing was read
    /// or written (see [`Build::full_unless_up_to_date`]).
    pub up_to_date: bool,
    /// The last build's snapshot was brought up to date with this many changed source files,
    /// instead of a full build.
    pub from_snapshot: Option<usize>,
}

/// A rebuild touching more pages than this renders through a staged full write instead, so
/// memory stays bounded.
const MAX_PATCHED_PAGES: usize = 2_000;

/// Up to this many documents, a rebuild refreshes the whole-site exports (data JSON, search
/// index) itself; above, it defers them to [`Build::write_deferred`]. (After articles edited
/// in place, they are patched instead, whatever the size: see `build/exports.rs`.)
const DEFER_LIMIT: usize = 1_500;

/// Makes the next `full_unless_up_to_date` build of this site build again: its output failed a
/// check.
pub fn forget_stamp(config: &Config) {
    stamp::remove(config);
}

pub struct Build {
    config: Config,
    out_dir: PathBuf,
    highlighter: Option<Highlighter>,
    state: Option<State>,
    search: bool,
    defer_limit: usize,
    progress: bool,
    rebuildable: bool,
    /// The current state was restored from the snapshot, and no full build replaced it since.
    restored: bool,
    /// Build into an output folder that holds files gloss did not write (they are kept).
    force: bool,
    /// Held while a build runs (see `lock.rs`); `gloss build` keeps it until it exits.
    lock: Option<lock::SiteLock>,
}

impl BuildOutcome {
    fn counts(&self) -> stamp::Counts {
        stamp::Counts {
            pages: self.pages,
            html_pages: self.html_pages,
            articles: self.articles,
            entities: self.entities,
        }
    }
}

impl Build {
    pub fn new(config: Config, out_dir: PathBuf) -> Build {
        Build {
            config,
            out_dir,
            highlighter: None,
            state: None,
            search: true,
            defer_limit: DEFER_LIMIT,
            progress: false,
            rebuildable: true,
            restored: false,
            force: false,
            lock: None,
        }
    }

    /// Whether builds write the search index (on by default; off for quick local builds).
    pub fn set_search(&mut self, search: bool) {
        self.search = search;
    }

    /// Show a progress bar while rendering a whole site (for a person watching a terminal).
    pub fn set_progress(&mut self, progress: bool) {
        self.progress = progress;
    }

    /// Whether the build keeps what [`Build::rebuild`] needs (every document's source and HTML).
    /// `gloss build` runs once and keeps neither: each article's source is freed as soon as
    /// the article is analysed, and its HTML set aside on disk until its page is rendered.
    /// Rebuilds then read back from the sources what they need.
    pub fn set_rebuildable(&mut self, rebuildable: bool) {
        self.rebuildable = rebuildable;
    }

    /// Whether to build into an output folder that holds files gloss did not write: gloss then
    /// writes its own files there and keeps every other.
    pub fn set_force(&mut self, force: bool) {
        self.force = force;
    }

    /// Above this many documents, rebuilds defer the whole-site exports (see
    /// [`Build::write_deferred`]).
    pub fn set_defer_limit(&mut self, documents: usize) {
        self.defer_limit = documents;
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Writes the model the output is rendered from as JSON to `path` (see `build/dump.rs`),
    /// loading it when this build read none (nothing changed since the last).
    pub fn dump_model(&mut self, path: &Path) -> Result<()> {
        if let Some(state) = &self.state {
            return dump::dump(state, path);
        }
        let highlighter = self.highlighter.take().unwrap_or_default();
        let loaded = State::load(&self.config, &highlighter);
        self.highlighter = Some(highlighter);
        let (state, _) = loaded.map_err(|d| InputErrors(vec![d]))?;
        dump::dump(&state, path)
    }

    /// Runs `build` holding the site's lock, waiting for another process that holds it. A
    /// `gloss serve` (rebuildable) lets it go after each build, so `gloss build` can run
    /// between its rebuilds.
    fn locked<T>(&mut self, build: impl FnOnce(&mut Build) -> Result<T>) -> Result<T> {
        if self.lock.is_some() {
            return build(self);
        }
        self.lock = Some(lock::SiteLock::acquire(&self.config.root)?);
        // A build killed while it switched the output left a journal: finished first.
        crate::write::recover(&self.out_dir);
        let result = build(self);
        if self.rebuildable {
            self.lock = None;
        }
        result
    }

    /// Loads, renders and writes the whole site. On error nothing in the output folder changes.
    pub fn full(&mut self) -> Result<BuildOutcome> {
        self.locked(Build::full_unlocked)
    }

    fn full_unlocked(&mut self) -> Result<BuildOutcome> {
        let started = Instant::now();
        check_out_dir(&self.out_dir, &self.config.root, self.force)?;
        let inputs = stamp::hash_inputs(&self.stamp_options());
        self.full_from(inputs, started)
    }

    /// [`Build::full`], unless the stamp of the last full build says that it read the very
    /// inputs there are now and the output folder is as it left it: then this reads no source
    /// and writes nothing (`gloss build` with nothing changed). When a few content files
    /// changed since the last full build, its snapshot is restored and only what they touch is
    /// rebuilt (see `snapshot.rs`).
    pub fn full_unless_up_to_date(&mut self) -> Result<BuildOutcome> {
        self.locked(Build::full_unless_up_to_date_unlocked)
    }

    fn full_unless_up_to_date_unlocked(&mut self) -> Result<BuildOutcome> {
        let started = Instant::now();
        // Until a full build turns out to be needed, the work is small and scattered.
        use_huge_pages(false);
        check_out_dir(&self.out_dir, &self.config.root, self.force)?;
        let inputs = stamp::hash_inputs(&self.stamp_options());
        tracing::debug!("inputs listed: {:?}", started.elapsed());
        let found = inputs
            .as_ref()
            .and_then(|inputs| stamp::read_up_to_date(&self.config, inputs, &self.out_dir));
        match found {
            Some(found) => Ok(BuildOutcome {
                pages: found.counts.pages,
                html_pages: found.counts.html_pages,
                articles: found.counts.articles,
                entities: found.counts.entities,
                diagnostics: found.warnings,
                duration: started.elapsed(),
                up_to_date: true,
                ..BuildOutcome::default()
            }),
            None => match inputs {
                Some(inputs) if self.state.is_none() => {
                    match snapshot::restore(&self.config, &inputs, &self.out_dir) {
                        Some(restored) => self.apply_since_snapshot(restored, inputs, started),
                        None => self.full_from(Some(inputs), started),
                    }
                }
                inputs => self.full_from(inputs, started),
            },
        }
    }

    /// Applies the content files changed since the snapshot to the state it held, as
    /// `gloss serve` applies an edit, then brings the whole-site exports up to date.
    fn apply_since_snapshot(
        &mut self,
        (state, changed, restored): (State, Vec<PathBuf>, snapshot::Restored),
        inputs: stamp::Inputs,
        started: Instant,
    ) -> Result<BuildOutcome> {
        tracing::debug!(
            "snapshot restored, {} files changed: {:?}",
            changed.len(),
            started.elapsed()
        );
        self.state = Some(state);
        self.restored = true;
        let rebuilt = self.rebuild_unlocked(&changed);
        if restored.is_damaged() {
            // A text of the snapshot was not as written: what was made of it is not trusted.
            return self.full_after_damage(inputs, started);
        }
        let mut outcome = rebuilt?;
        let full = !self.restored;
        if outcome.deferred {
            let exports = self.write_deferred_unlocked(&|| false)?.expect("never cancelled");
            outcome.written.extend(exports.written);
            outcome.rendered += exports.rendered;
            outcome.deferred = false;
        }
        outcome.from_snapshot = (!full).then_some(changed.len());
        // A rebuild that needed a full build took a new snapshot, with its own record.
        if std::mem::take(&mut self.restored) {
            let state = self.state.as_ref().expect("just rebuilt");
            let stage = Instant::now();
            let text_file = restored.text_file();
            rayon::join(
                || snapshot::update(&self.config, state, &inputs, &self.out_dir, restored),
                || self.write_stamp(&inputs, &outcome),
            );
            tracing::debug!("snapshot and stamp written: {:?}", stage.elapsed());
            // Saving the snapshot reads the texts it writes anew.
            if text_file.is_damaged() {
                return self.full_after_damage(inputs, started);
            }
        }
        outcome.duration = started.elapsed();
        Ok(outcome)
    }

    /// The full build after the snapshot turned out damaged while a build used it.
    fn full_after_damage(
        &mut self,
        inputs: stamp::Inputs,
        started: Instant,
    ) -> Result<BuildOutcome> {
        snapshot::damaged::<()>(&self.config, "texts.bin");
        self.state = None;
        self.restored = false;
        self.full_from(Some(inputs), started)
    }

    /// Records that the output is what a build of `inputs` writes (see `stamp.rs`).
    fn write_stamp(&self, inputs: &stamp::Inputs, outcome: &BuildOutcome) {
        let counts = outcome.counts();
        stamp::write(&self.config, inputs, &self.out_dir, counts, &outcome.diagnostics);
    }

    fn stamp_options(&self) -> stamp::BuildOptions<'_> {
        stamp::BuildOptions { config: &self.config, out_dir: &self.out_dir, search: self.search }
    }

    /// The full build, `inputs` hashed before anything was read.
    fn full_from(
        &mut self,
        inputs: Option<stamp::Inputs>,
        started: Instant,
    ) -> Result<BuildOutcome> {
        use_huge_pages(true);
        self.output_changes();
        self.restored = false;
        // On failure no state is kept: the next rebuild starts from disk again.
        let previous = self.state.take().map(|s| s.manifest);
        let staging = Staging::begin(&self.out_dir, previous)?;
        let highlighter = self.highlighter.take().unwrap_or_default();
        let bar = self.progress_bar(0, "analysing {bar:30} {pos}/{len} articles");
        let sink = ArticleSink { keep: self.rebuildable, progress: &bar };
        let loaded = State::load_with(&self.config, &highlighter, Some(&sink));
        bar.finish_and_clear();
        self.highlighter = Some(highlighter);
        let (mut state, diagnostics) = loaded.map_err(|d| InputErrors(vec![d]))?;
        let diagnostics =
            crate::diagnostics::fail_on_errors(diagnostics).map_err(anyhow::Error::new)?;
        let count = self.render_into(&state, &staging, None)?;
        state.set_aside = None;
        let (written, manifest, rendered) = output::commit(staging, count)?;
        state.manifest = manifest;
        let mut outcome = state.outcome(written, rendered, started)?;
        outcome.diagnostics = diagnostics;
        self.state = Some(state);
        if let Some(inputs) = inputs {
            self.write_stamp(&inputs, &outcome);
            // `gloss serve` keeps its state in memory; `gloss build` keeps it on disk.
            if !self.rebuildable {
                let state = self.state.as_ref().expect("just built");
                snapshot::save(&self.config, state, &inputs, &self.out_dir);
            }
        }
        outcome.duration = started.elapsed();
        Ok(outcome)
    }

    /// Brings the output up to date after the given source files changed (created, edited or
    /// deleted), re-rendering only what depends on them.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        self.locked(|build| build.rebuild_unlocked(changed))
    }

    fn rebuild_unlocked(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let started = Instant::now();
        let Some(mut state) = self.state.take() else { return self.full_unlocked() };
        let changes = self.classify(changed);
        if changes.needs_full {
            if changed.iter().any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE)) {
                self.config = Config::load(&self.config.root)?;
            }
            self.state = Some(state);
            return self.full_unlocked();
        }
        if changes.is_empty() {
            let outcome = state.outcome(Vec::new(), 0, started)?;
            self.state = Some(state);
            return Ok(outcome);
        }
        self.output_changes();
        let stage = Instant::now();
        let old_statics = changes.statics.then(|| {
            let names = state.theme_static_names();
            state.theme.reload_statics(&self.config);
            names
        });
        let mut edits = Edits::default();
        let result = self.apply(&mut state, &changes, &mut edits);
        tracing::debug!("apply changes: {:?}", stage.elapsed());
        match result {
            Ok(Some((keys, warnings))) => {
                let outcome = self.recover_pages(&mut state, &keys).and_then(|()| {
                    self.patch(&mut state, keys, &edits, old_statics, warnings, started)
                });
                self.state = Some(state);
                outcome
            }
            // Every page from the model needs every article's HTML, which is gone.
            Ok(None) if state.pages_forgotten => {
                self.state = Some(state);
                self.full_unlocked()
            }
            // Too much changed for a patch: render everything from the updated model.
            Ok(None) => {
                let previous = Some(state.manifest.clone());
                // On a large site the search index waits for `write_deferred`, as in a patch:
                // the current one is carried over meanwhile.
                let documents =
                    state.site.articles.len() + state.site.entities.len() + state.site.pages.len();
                let keep_search = self.search && documents > self.defer_limit;
                let rendered = self.render_all(&state, previous, keep_search);
                let outcome = rendered.and_then(|(written, manifest, pages)| {
                    state.manifest = manifest;
                    state.deferred |= keep_search;
                    state.outcome(written, pages, started)
                });
                self.state = Some(state);
                outcome
            }
            Err(error) => {
                // The model may be partly updated; the next rebuild starts from disk again.
                self.state = None;
                Err(error)
            }
        }
    }

    /// The output folder is about to change other than by a full build: neither the stamp nor
    /// the snapshot's record of the output holds any more.
    fn output_changes(&self) {
        stamp::remove(&self.config);
        snapshot::forget(&self.config);
    }

    fn classify(&self, changed: &[PathBuf]) -> Changes {
        let root = &self.config.root;
        let out = crate::diagnostics::display_path(root, &self.out_dir);
        let mut changes = Changes::default();
        // A path named twice would be applied twice (an entity or article added twice).
        let changed: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| if p.is_absolute() { p.clone() } else { root.join(p) })
            .collect();
        for path in changed {
            let Ok(relative) = path.strip_prefix(root) else { continue };
            if relative.starts_with(&out) {
                continue;
            }
            match layout::kind_of(relative) {
                SourceKind::Static => changes.statics = true,
                SourceKind::Setup => changes.needs_full = true,
                SourceKind::Article => changes.articles.push(path),
                SourceKind::Entity => changes.entities.push(path),
                SourceKind::Page => changes.pages.push(path),
                SourceKind::Other => {}
            }
        }
        changes
    }

    /// Updates the model and analyses for `changes`; returns the pages to re-render and the
    /// warnings of the updated state, or `None` when so many pages are affected that a full
    /// render is cheaper. When only articles changed, each in place, `edits` gets what they
    /// were (the exports are patched from them).
    fn apply(
        &mut self,
        state: &mut State,
        changes: &Changes,
        edits: &mut Edits,
    ) -> Result<Option<(BTreeSet<PageKey>, Vec<Diagnostic>)>> {
        let mut keys = BTreeSet::new();
        let mut described = Vec::new();
        if (!changes.entities.is_empty() || !changes.pages.is_empty())
            && !self.apply_document_changes(
                state,
                &changes.entities,
                &changes.pages,
                &mut keys,
                &mut described,
            )?
        {
            // The menu changed: it shows on every page.
            if !changes.articles.is_empty() {
                self.apply_article_changes(state, &changes.articles, &mut keys, &mut Vec::new())?;
            }
            state.warnings()?;
            return Ok(None);
        }
        if !changes.articles.is_empty() {
            let documents_changed = !changes.entities.is_empty() || !changes.pages.is_empty();
            let mut article_edits = Vec::new();
            let in_place = self.apply_article_changes(
                state,
                &changes.articles,
                &mut keys,
                &mut article_edits,
            )?;
            if !in_place {
                // An article came, went or moved: the exports are made again, whole (a patch
                // for the descriptions alone would leave the articles' change out).
                described.clear();
            } else if !documents_changed || !described.is_empty() {
                // Entity descriptions changed beside them (`described`) change no link: the
                // exports are patched for both.
                edits.articles = article_edits;
            }
        }
        edits.entities = described;
        let warnings = state.warnings()?;
        Ok((keys.len() <= MAX_PATCHED_PAGES).then_some((keys, warnings)))
    }
}

/// Whether memory may come in transparent huge pages, which the allocator asks for. A full
/// build touches hundreds of megabytes, and faults them in far fewer steps so. A build from
/// the snapshot touches a little of many places, and each first touch of a huge page zeroes
/// 2 MB. Kept because the benchmark shows it (10,000 articles, the toggle and the two exit
/// shortcuts removed together, CPU time): edit 1 article 142 → 159 ms (+12 %), edit 1 entity
/// 524 → 648 ms (+24 %), and peak memory 97 → 141 MiB and 153 → 188 MiB.
fn use_huge_pages(allowed: bool) {
    #[cfg(target_os = "linux")]
    if let Err(error) = nix::sys::prctl::set_thp_disable(!allowed) {
        tracing::debug!("cannot switch transparent huge pages: {error}");
    }
}

/// What the documents a rebuild read again were, when they are only articles edited in place
/// or only entity descriptions: the whole-site exports are patched from them.
#[derive(Default)]
pub(crate) struct Edits {
    articles: Vec<dependents::Edit>,
    entities: Vec<dependents::Described>,
}

impl Edits {
    fn is_empty(&self) -> bool {
        self.articles.is_empty() && self.entities.is_empty()
    }
}

#[derive(Default)]
struct Changes {
    needs_full: bool,
    /// A theme or site static file changed: copy the static files again (nothing embeds them).
    statics: bool,
    articles: Vec<PathBuf>,
    entities: Vec<PathBuf>,
    pages: Vec<PathBuf>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        !self.needs_full
            && !self.statics
            && self.articles.is_empty()
            && self.entities.is_empty()
            && self.pages.is_empty()
    }
}
