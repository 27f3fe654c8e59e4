//! The build pipeline as one value that lives as long as the command: `gloss build` runs it
//! once; `gloss serve` keeps it and calls [`Build::rebuild`] with the paths that changed.
//!
//! Stages: load → analyse (Markdown of every document, in parallel) → index → render (every
//! page, in parallel) → write. The model, the analyses and the hash of every written file stay
//! in memory, so a rebuild re-renders only the pages that depend on what changed.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Diagnostic, InputErrors, sort_diagnostics};
use crate::load::{is_markdown, load_article, load_site};
use crate::model::{Article, Site};
use crate::render::search::{build_search_index, build_search_index_unless};
use crate::render::{
    Analyses, EntityLookup, Globals, Highlighter, MarkdownTools, PageKey, RenderInput, SiteIndex,
    Theme, analyse_site, base_path_of, highlight, site_problems,
};
use crate::write::{Manifest, Staging, check_out_dir, write_changed};

mod dependents;
mod documents;
mod stamp;
use dependents::{Edit, article_dependents, term_keys};
pub use stamp::STAMP_FILE;

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
}

/// A rebuild touching more pages than this renders through a staged full write instead, so
/// memory stays bounded.
const MAX_PATCHED_PAGES: usize = 2_000;

/// Up to this many documents, a rebuild refreshes the whole-site exports (data JSON, search
/// index) itself; above, it defers them to [`Build::write_deferred`].
const DEFER_LIMIT: usize = 1_500;

pub struct Build {
    config: Config,
    out_dir: PathBuf,
    highlighter: Option<Highlighter>,
    state: Option<State>,
    search: bool,
    defer_limit: usize,
    progress: bool,
}

/// Everything the last successful build knew: the model, every document's analysis, the
/// indexes, the theme, and what the output folder holds.
pub(crate) struct State {
    pub(crate) site: Site,
    pub(crate) analyses: Analyses,
    theme: Theme,
    lookup: EntityLookup,
    globals: Globals,
    pub(crate) index: SiteIndex,
    manifest: Manifest,
    /// Whole-site exports are behind the model (see `Build::write_deferred`).
    deferred: bool,
    /// Warnings from loading, by the file they are about.
    load_warnings: Vec<Diagnostic>,
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

    /// Loads, renders and writes the whole site. On error nothing in the output folder changes.
    pub fn full(&mut self) -> Result<BuildOutcome> {
        let started = Instant::now();
        check_out_dir(&self.out_dir, &self.config.root)?;
        let inputs = stamp::hash_inputs(&self.stamp_options());
        self.full_from(inputs, started)
    }

    /// [`Build::full`], unless the stamp of the last full build says that it read the very
    /// inputs there are now and the output folder is as it left it: then this reads no source
    /// and writes nothing (`gloss build` with nothing changed).
    pub fn full_unless_up_to_date(&mut self) -> Result<BuildOutcome> {
        let started = Instant::now();
        check_out_dir(&self.out_dir, &self.config.root)?;
        let inputs = stamp::hash_inputs(&self.stamp_options());
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
            None => self.full_from(inputs, started),
        }
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
        stamp::remove(&self.config);
        let highlighter = self.highlighter.take().unwrap_or_default();
        let loaded = State::load(&self.config, &highlighter);
        self.highlighter = Some(highlighter);
        let (mut state, diagnostics) = loaded.map_err(|d| InputErrors(vec![d]))?;
        let diagnostics =
            crate::diagnostics::fail_on_errors(diagnostics).map_err(anyhow::Error::new)?;
        let previous = self.state.take().map(|s| s.manifest);
        // On failure no state is kept: the next rebuild starts from disk again.
        let (written, manifest, rendered) = self.render_all(&state, previous, false)?;
        state.manifest = manifest;
        let mut outcome = state.outcome(written, rendered, started)?;
        outcome.diagnostics = diagnostics;
        self.state = Some(state);
        if let Some(inputs) = inputs {
            let counts = stamp::Counts {
                pages: outcome.pages,
                html_pages: outcome.html_pages,
                articles: outcome.articles,
                entities: outcome.entities,
            };
            stamp::write(&self.config, &inputs, &self.out_dir, counts, &outcome.diagnostics);
        }
        Ok(outcome)
    }

    /// Brings the output up to date after the given source files changed (created, edited or
    /// deleted), re-rendering only what depends on them.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let started = Instant::now();
        let Some(mut state) = self.state.take() else { return self.full() };
        let changes = self.classify(changed);
        if changes.needs_full {
            if changed.iter().any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE)) {
                self.config = Config::load(&self.config.root)?;
            }
            self.state = Some(state);
            return self.full();
        }
        if changes.is_empty() {
            let outcome = state.outcome(Vec::new(), 0, started)?;
            self.state = Some(state);
            return Ok(outcome);
        }
        stamp::remove(&self.config);
        let stage = Instant::now();
        let old_statics = changes.statics.then(|| {
            let names = state.theme_static_names();
            state.theme.reload_statics(&self.config);
            names
        });
        let result = self.apply(&mut state, &changes);
        tracing::debug!("apply changes: {:?}", stage.elapsed());
        match result {
            Ok(Some(keys)) => {
                let outcome = self.patch(&mut state, keys, old_statics, started);
                self.state = Some(state);
                outcome
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

    fn classify(&self, changed: &[PathBuf]) -> Changes {
        let root = &self.config.root;
        let out = crate::diagnostics::display_path(root, &self.out_dir);
        let mut changes = Changes::default();
        for path in changed {
            let path = if path.is_absolute() { path.clone() } else { root.join(path) };
            let Ok(relative) = path.strip_prefix(root) else { continue };
            if relative.starts_with(&out) || is_hidden(relative) {
                continue;
            }
            if is_static(relative) {
                changes.statics = true;
            } else if relative == Path::new(CONFIG_FILE)
                || relative.starts_with("templates")
                || relative.starts_with("themes")
            {
                changes.needs_full = true;
            } else if !is_markdown(&path) {
                continue;
            } else if relative.starts_with("content/articles") {
                changes.articles.push(path);
            } else if relative.starts_with("content/entities") {
                changes.entities.push(path);
            } else if relative.starts_with("content/pages") {
                changes.pages.push(path);
            }
        }
        changes
    }

    /// Updates the model and analyses for `changes`; returns the pages to re-render, or `None`
    /// when so many are affected that a full render is cheaper.
    fn apply(&mut self, state: &mut State, changes: &Changes) -> Result<Option<BTreeSet<PageKey>>> {
        let mut keys = BTreeSet::new();

        if (!changes.entities.is_empty() || !changes.pages.is_empty())
            && !self.apply_document_changes(state, &changes.entities, &changes.pages, &mut keys)?
        {
            // The menu changed: it shows on every page.
            if !changes.articles.is_empty() {
                self.apply_article_changes(state, &changes.articles, &mut keys)?;
            }
            state.warnings()?;
            return Ok(None);
        }
        if !changes.articles.is_empty() {
            self.apply_article_changes(state, &changes.articles, &mut keys)?;
        }
        state.warnings()?;
        Ok((keys.len() <= MAX_PATCHED_PAGES).then_some(keys))
    }

    /// Reloads the changed article files. An article edited in place updates the index along its
    /// own entities and terms; an added, removed or renamed one rebuilds the index.
    fn apply_article_changes(
        &mut self,
        state: &mut State,
        paths: &[PathBuf],
        keys: &mut BTreeSet<PageKey>,
    ) -> Result<()> {
        let base_path = base_path_of(&self.config.base_url);
        // Read every file first: an error leaves the model untouched.
        let mut changes: Vec<(PathBuf, Option<usize>, Option<Article>)> = Vec::new();
        for path in paths {
            let relative = crate::diagnostics::display_path(&self.config.root, path);
            let position = state.site.articles.iter().position(|a| a.path == relative);
            let loaded = if path.exists() {
                Some(load_article(&self.config, path).map_err(|d| InputErrors(vec![d]))?)
            } else {
                None
            };
            state.load_warnings.retain(|d| d.location.as_ref().is_none_or(|l| l.file != relative));
            let article = loaded.and_then(|(article, warnings)| {
                state.load_warnings.extend(warnings);
                (!article.meta.draft).then_some(article)
            });
            let unchanged = match (position, &article) {
                (Some(i), Some(new)) => {
                    let old = &state.site.articles[i];
                    old.slug == new.slug && old.meta == new.meta && old.body == new.body
                }
                (None, None) => true,
                _ => false,
            };
            if !unchanged {
                changes.push((relative, position, article));
            }
        }
        for (_, position, article) in &changes {
            let in_place = matches!((position, article), (Some(i), Some(a)) if state.site.articles[*i].slug == a.slug);
            if let Some(i) = position
                && !in_place
            {
                article_dependents(&state.site.articles[*i].slug, &state.site, &state.index, keys);
            }
            if let Some(article) = article
                && let Some(other) = state
                    .site
                    .articles
                    .iter()
                    .find(|a| a.slug == article.slug && a.path != article.path)
            {
                return Err(InputErrors(vec![Diagnostic::error(
                    "duplicate slug",
                    Some(crate::diagnostics::Location::file(&article.path)),
                    format!(
                        "`{}` is also the slug of {}; rename one file",
                        article.slug,
                        other.path.display()
                    ),
                )])
                .into());
            }
        }
        let highlighter = self.highlighter.get_or_insert_with(Highlighter::new);
        let tools = MarkdownTools {
            lookup: &state.lookup,
            highlighter,
            config: &self.config,
            base_path: &base_path,
        };
        let mut edited_in_place = Vec::new();
        let mut reshaped = false;
        let mut slugs = Vec::new();
        for (_, position, article) in changes {
            match (position, article) {
                (Some(i), Some(article)) if state.site.articles[i].slug == article.slug => {
                    let old_analysis = std::mem::replace(
                        &mut state.analyses.articles[i],
                        tools.analyse_article(&article),
                    );
                    let old = std::mem::replace(&mut state.site.articles[i], article);
                    edited_in_place.push(Edit {
                        index: i,
                        old,
                        old_analysis,
                        old_entities: state.index.article_entities[i].clone(),
                        old_rank: state.index.article_rank[i],
                    });
                }
                (position, article) => {
                    reshaped = true;
                    if let Some(i) = position {
                        state.site.articles.remove(i);
                        state.analyses.articles.remove(i);
                    }
                    if let Some(article) = article {
                        let analysis = tools.analyse_article(&article);
                        let at = state.site.articles.partition_point(|a| a.slug < article.slug);
                        slugs.push(article.slug.clone());
                        state.site.articles.insert(at, article);
                        state.analyses.articles.insert(at, analysis);
                    }
                }
            }
        }
        if reshaped {
            state.index = SiteIndex::build(&state.site, &state.analyses.articles);
            slugs.extend(edited_in_place.iter().map(|edit| edit.old.slug.clone()));
            for edit in &edited_in_place {
                // Its old lists and terms too: the new index no longer knows them.
                keys.extend(term_keys(&edit.old.meta));
                keys.extend(
                    edit.old_entities
                        .iter()
                        .map(|&e| PageKey::Entity(state.site.entities[e].id.clone())),
                );
            }
        } else {
            for edit in &edited_in_place {
                state.index.update_article(&state.site, &state.analyses.articles, edit.index);
            }
            for edit in &edited_in_place {
                edit.dependents(state, keys);
            }
        }
        for slug in &slugs {
            article_dependents(slug, &state.site, &state.index, keys);
        }
        Ok(())
    }

    /// Renders `keys` (and the search index) into memory and writes what changed.
    fn patch(
        &self,
        state: &mut State,
        keys: BTreeSet<PageKey>,
        old_statics: Option<Vec<String>>,
        started: Instant,
    ) -> Result<BuildOutcome> {
        let base_path = base_path_of(&self.config.base_url);
        let input = state.input(&self.config, &base_path);
        let all = input.all_pages();
        let existing: HashSet<&PageKey> = all.iter().collect();
        // The whole-site exports (data JSON, search index) cost a pass over everything: inline
        // only while that is quick; otherwise they wait for `write_deferred`, which `gloss serve`
        // calls when edits pause.
        let inline = input.search_record_count() <= self.defer_limit;
        let deferred = !inline && keys.iter().any(is_whole_site_export);
        let wanted: Vec<&PageKey> = keys
            .iter()
            .filter(|k| existing.contains(k) && (inline || !is_whole_site_export(k)))
            .collect();
        let stage = Instant::now();
        let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = wanted
            .par_iter()
            .map(|key| {
                let started = Instant::now();
                let output = input.render_output(key, &all).map(|bytes| (key.output_path(), bytes));
                tracing::trace!("render {key:?}: {:?}", started.elapsed());
                output
            })
            .collect();
        tracing::debug!("render {} pages: {:?}", wanted.len(), stage.elapsed());
        let mut files = Vec::with_capacity(rendered.len());
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok(file) => files.push(file),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(dedup(errors)).into());
        }
        let mut count = files.len();
        // The search index changes only with what the data exports show.
        let search_inline = self.search && inline && keys.iter().any(is_whole_site_export);
        if search_inline {
            files.extend(search_files(&input)?);
        }
        let mut removed_statics = Vec::new();
        if let Some(old_statics) = old_statics {
            let statics = state.theme.static_files();
            let names: HashSet<&str> = statics.iter().map(|(name, _)| name.as_str()).collect();
            removed_statics.extend(old_statics.into_iter().filter(|n| !names.contains(n.as_str())));
            for (name, bytes) in &statics {
                let bytes = bytes.as_ref().map_err(|e| anyhow::anyhow!("{e}"));
                let bytes = bytes.with_context(|| format!("cannot read static file {name}"))?;
                files.push((name.clone(), bytes.to_vec()));
                count += 1;
            }
        }
        let mut live: HashSet<String> = all.iter().map(PageKey::output_path).collect();
        live.extend(files.iter().map(|(p, _)| p.clone()));
        let removed: Vec<String> = state
            .manifest
            .paths()
            .filter(|p| {
                !live.contains(*p)
                    && (is_page_output(p) || (search_inline && p.starts_with("pagefind/")))
            })
            .map(str::to_string)
            .chain(removed_statics.into_iter().filter(|p| !live.contains(p)))
            .collect();
        let written = write_changed(&self.out_dir, files, &removed, &mut state.manifest)?;
        state.deferred |= deferred;
        state.outcome(written, count, started)
    }

    /// Writes the whole-site exports (data JSON, search index) that rebuilds of a large site
    /// left for later (see [`BuildOutcome::deferred`]); `gloss serve` calls it when edits pause.
    pub fn write_deferred(&mut self) -> Result<BuildOutcome> {
        let outcome = self.write_deferred_unless(&|| false)?;
        Ok(outcome.expect("never cancelled"))
    }

    /// [`Build::write_deferred`], given up (`Ok(None)`, nothing written, still deferred) as soon
    /// as `cancelled` says so, e.g. because a new edit arrived.
    pub fn write_deferred_unless(
        &mut self,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<BuildOutcome>> {
        let started = Instant::now();
        let Some(mut state) = self.state.take() else { return self.full().map(Some) };
        stamp::remove(&self.config);
        let base_path = base_path_of(&self.config.base_url);
        let result = (|| {
            let input = state.input(&self.config, &base_path);
            let all = input.all_pages();
            let mut files = Vec::new();
            for key in all.iter().filter(|k| is_whole_site_export(k)) {
                let bytes = input.render_output(key, &all).map_err(|d| InputErrors(vec![d]))?;
                files.push((key.output_path(), bytes));
            }
            let count = files.len();
            let mut removed = Vec::new();
            if self.search {
                let records = input.search_records();
                let language = &input.config.language;
                let Some(search) = build_search_index_unless(records, language, cancelled)? else {
                    return Ok(None);
                };
                let live: HashSet<&str> = search.iter().map(|(p, _)| p.as_str()).collect();
                removed = state
                    .manifest
                    .paths()
                    .filter(|p| p.starts_with("pagefind/") && !live.contains(p))
                    .map(str::to_string)
                    .collect();
                files.extend(search);
            }
            let written = write_changed(&self.out_dir, files, &removed, &mut state.manifest)?;
            state.deferred = false;
            state.outcome(written, count, started).map(Some)
        })();
        self.state = Some(state);
        result
    }

    /// Renders every page into a staged copy of the output and swaps it in.
    fn render_all(
        &self,
        state: &State,
        previous: Option<Manifest>,
        keep_search: bool,
    ) -> Result<(Vec<String>, Manifest, usize)> {
        let base_path = base_path_of(&self.config.base_url);
        let input = state.input(&self.config, &base_path);
        let keys = input.all_pages();
        let kept_search: Vec<String> = match (&previous, keep_search) {
            (Some(previous), true) => previous
                .paths()
                .filter(|p| p.starts_with("pagefind/"))
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        };
        let staging = Staging::begin(&self.out_dir, previous)?;
        let stage = Instant::now();
        // Pagefind indexes on one thread; it runs beside the page rendering.
        let bar = if self.progress {
            let bar = indicatif::ProgressBar::new(keys.len() as u64);
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("rendering {bar:30} {pos}/{len} pages")
            {
                bar.set_style(style);
            }
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        let (errors, search) = rayon::join(
            || -> Vec<Diagnostic> {
                keys.par_iter()
                    .inspect(|_| bar.inc(1))
                    .filter_map(|key| match input.render_output(key, &keys) {
                        Ok(bytes) => staging
                            .put(&key.output_path(), &bytes)
                            .err()
                            .map(|e| Diagnostic::error("write", None, format!("{e:#}"))),
                        Err(error) => Some(error),
                    })
                    .collect()
            },
            || {
                let stage = Instant::now();
                let files = if keep_search {
                    kept_search
                        .iter()
                        .map(|path| {
                            let bytes = std::fs::read(self.out_dir.join(path))
                                .with_context(|| format!("cannot read {path} in the output"))?;
                            Ok((path.clone(), bytes))
                        })
                        .collect()
                } else if self.search {
                    search_files(&input)
                } else {
                    Ok(Vec::new())
                };
                tracing::debug!("search index: {:?}", stage.elapsed());
                files
            },
        );
        bar.finish_and_clear();
        if !errors.is_empty() {
            return Err(InputErrors(dedup(errors)).into());
        }
        tracing::debug!("render {} pages and the search index: {:?}", keys.len(), stage.elapsed());
        let mut count = keys.len();
        for (name, bytes) in state.theme.static_files() {
            let bytes = bytes.with_context(|| format!("cannot read static file {name}"))?;
            staging.put(&name, &bytes)?;
            count += 1;
        }
        let css = highlight::highlight_css(
            &self.config.render.highlight_theme_light,
            &self.config.render.highlight_theme_dark,
        );
        staging.put("highlight.css", css.as_bytes())?;
        for (path, bytes) in search? {
            staging.put(&path, &bytes)?;
            count += 1;
        }
        let stage = Instant::now();
        let written = staging.commit()?;
        tracing::debug!("swap the output in: {:?}", stage.elapsed());
        Ok((written.changed, written.manifest, count + 1))
    }
}

fn search_files(input: &RenderInput<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    build_search_index(input.search_records(), &input.config.language)
}

fn is_whole_site_export(key: &PageKey) -> bool {
    matches!(key, PageKey::ArticlesData | PageKey::EntitiesData)
}

/// Outputs that belong to pages (not theme files), which a rebuild may remove.
fn is_page_output(path: &str) -> bool {
    path.ends_with("index.html") || path.starts_with("data/")
}

fn is_hidden(relative: &Path) -> bool {
    relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

fn dedup(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    sort_diagnostics(&mut errors);
    errors.dedup();
    errors
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

/// A file copied as it is into the output: under the site's `static/` or a theme's `static/`.
fn is_static(relative: &Path) -> bool {
    let mut parts = relative.components().map(|c| c.as_os_str());
    match parts.next() {
        Some(first) if first == "static" => true,
        Some(first) if first == "themes" => parts.nth(1).is_some_and(|p| p == "static"),
        _ => false,
    }
}

impl State {
    /// Loads and analyses the whole site. Problems (errors too) come back as diagnostics, and
    /// the state holds whatever did load; only a theme that cannot load stops it.
    pub(crate) fn load(
        config: &Config,
        highlighter: &Highlighter,
    ) -> Result<(State, Vec<Diagnostic>), Diagnostic> {
        let stage = Instant::now();
        let loaded = load_site(config);
        let mut site = loaded.site;
        site.articles.retain(|a| !a.meta.draft);
        site.pages.retain(|p| !p.meta.draft);
        tracing::debug!("load: {} articles in {:?}", site.articles.len(), stage.elapsed());
        let theme = Theme::load(config)?;
        let lookup = EntityLookup::new(&site.entities);
        let base_path = base_path_of(&config.base_url);
        let stage = Instant::now();
        let tools = MarkdownTools { lookup: &lookup, highlighter, config, base_path: &base_path };
        let analyses = analyse_site(&site, &tools);
        tracing::debug!("analyse: {:?}", stage.elapsed());
        let stage = Instant::now();
        let index = SiteIndex::build(&site, &analyses.articles);
        tracing::debug!("index: {:?}", stage.elapsed());
        let globals = Globals::new(config, &site);
        let (errors, load_warnings): (Vec<_>, Vec<_>) =
            loaded.diagnostics.into_iter().partition(|d| d.is_error());
        let state = State {
            site,
            analyses,
            theme,
            lookup,
            globals,
            index,
            manifest: Manifest::default(),
            deferred: false,
            load_warnings,
        };
        let mut diagnostics = errors;
        diagnostics.extend(state.all_diagnostics());
        sort_diagnostics(&mut diagnostics);
        Ok((state, diagnostics))
    }

    /// Warnings and errors of the current model (load warnings, documents, site-wide).
    fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.load_warnings.clone();
        for analysis in
            self.analyses.articles.iter().chain(&self.analyses.entities).chain(&self.analyses.pages)
        {
            all.extend(analysis.diagnostics.iter().cloned());
        }
        all.extend(site_problems(&self.site, &self.lookup));
        sort_diagnostics(&mut all);
        all
    }

    /// Names of the theme's static files in the output folder.
    pub(crate) fn theme_static_names(&self) -> Vec<String> {
        self.theme.static_files().into_iter().map(|(name, _)| name).collect()
    }

    pub(crate) fn input<'a>(&'a self, config: &'a Config, base_path: &'a str) -> RenderInput<'a> {
        RenderInput {
            config,
            site: &self.site,
            analyses: &self.analyses.articles,
            descriptions: &self.analyses.entities,
            page_bodies: &self.analyses.pages,
            index: &self.index,
            lookup: &self.lookup,
            theme: &self.theme,
            globals: &self.globals,
            base_path,
        }
    }

    /// All current warnings, or the errors that stop the build.
    fn warnings(&self) -> Result<Vec<Diagnostic>> {
        Ok(crate::diagnostics::fail_on_errors(self.all_diagnostics())?)
    }

    fn outcome(
        &self,
        written: Vec<String>,
        rendered: usize,
        started: Instant,
    ) -> Result<BuildOutcome> {
        Ok(BuildOutcome {
            written,
            pages: self.manifest.len(),
            html_pages: self.manifest.paths().filter(|p| p.ends_with(".html")).count(),
            articles: self.site.articles.len(),
            entities: self.site.entities.len(),
            diagnostics: self.warnings()?,
            duration: started.elapsed(),
            rendered,
            deferred: self.deferred,
            up_to_date: false,
        })
    }
}
