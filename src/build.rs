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
use crate::render::search::build_search_index;
use crate::render::{
    Analyses, EntityLookup, Globals, Highlighter, MarkdownTools, PageKey, RenderInput, SiteIndex,
    Theme, analyse_site, base_path_of, highlight, site_problems,
};
use crate::write::{Manifest, Staging, check_out_dir, write_changed};

mod dependents;
use dependents::{Edit, article_dependents, entity_dependents, entity_keys, term_keys};

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
        let highlighter = self.highlighter.take().unwrap_or_default();
        let loaded = State::load(&self.config, &highlighter);
        self.highlighter = Some(highlighter);
        let (mut state, diagnostics) = loaded.map_err(|d| InputErrors(vec![d]))?;
        let diagnostics =
            crate::diagnostics::fail_on_errors(diagnostics).map_err(anyhow::Error::new)?;
        let previous = self.state.take().map(|s| s.manifest);
        // On failure no state is kept: the next rebuild starts from disk again.
        let (written, manifest, rendered) = self.render_all(&state, previous)?;
        state.manifest = manifest;
        let mut outcome = state.outcome(written, rendered, started)?;
        outcome.diagnostics = diagnostics;
        self.state = Some(state);
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
        let stage = Instant::now();
        let result = self.apply(&mut state, &changes);
        tracing::debug!("apply changes: {:?}", stage.elapsed());
        match result {
            Ok(Some(keys)) => {
                let outcome = self.patch(&mut state, keys, started);
                self.state = Some(state);
                outcome
            }
            // Too much changed for a patch: render everything from the updated model.
            Ok(None) => {
                let previous = Some(state.manifest.clone());
                let rendered = self.render_all(&state, previous);
                let outcome = rendered.and_then(|(written, manifest, pages)| {
                    state.manifest = manifest;
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
            if relative == Path::new(CONFIG_FILE)
                || relative.starts_with("templates")
                || relative.starts_with("themes")
                || relative.starts_with("static")
            {
                changes.needs_full = true;
            } else if relative.starts_with("content/articles") && is_markdown(&path) {
                changes.articles.push(path);
            } else if (relative.starts_with("content/entities")
                || relative.starts_with("content/pages"))
                && is_markdown(&path)
            {
                changes.reload = true;
            }
        }
        changes
    }

    /// Updates the model and analyses for `changes`; returns the pages to re-render, or `None`
    /// when so many are affected that a full render is cheaper.
    fn apply(&mut self, state: &mut State, changes: &Changes) -> Result<Option<BTreeSet<PageKey>>> {
        let base_path = base_path_of(&self.config.base_url);
        let highlighter = self.highlighter.get_or_insert_with(Highlighter::new);
        let mut keys = BTreeSet::new();
        let mut changed_articles: Vec<String> = Vec::new();

        if changes.reload {
            let loaded = load_site(&self.config);
            let mut site = loaded.site;
            site.articles.retain(|a| !a.meta.draft);
            site.pages.retain(|p| !p.meta.draft);
            state.load_warnings = crate::diagnostics::fail_on_errors(loaded.diagnostics)
                .map_err(anyhow::Error::new)?;
            let old = std::mem::replace(&mut state.site, site);
            let lookup = EntityLookup::new(&state.site.entities);
            // Entities whose file changed, appeared or went away.
            let mut touched_keys: HashSet<String> = HashSet::new();
            let mut touched_entities: Vec<String> = Vec::new();
            for entity in &state.site.entities {
                let before = old.entities.iter().find(|e| e.id == entity.id);
                if before
                    .is_none_or(|b| b.meta != entity.meta || b.description != entity.description)
                {
                    touched_entities.push(entity.id.clone());
                    touched_keys.extend(entity_keys(entity));
                    if let Some(before) = before {
                        touched_keys.extend(entity_keys(before));
                    }
                }
            }
            for entity in &old.entities {
                if !state.site.entities.iter().any(|e| e.id == entity.id) {
                    touched_entities.push(entity.id.clone());
                    touched_keys.extend(entity_keys(entity));
                }
            }
            let pages_changed = old.pages.len() != state.site.pages.len()
                || old
                    .pages
                    .iter()
                    .zip(&state.site.pages)
                    .any(|(a, b)| a.meta != b.meta || a.body != b.body || a.slug != b.slug);
            // Articles that changed on disk too (a reload also sees them).
            for article in &state.site.articles {
                let before = old.articles.iter().find(|a| a.slug == article.slug);
                if before.is_none_or(|b| b.meta != article.meta || b.body != article.body) {
                    changed_articles.push(article.slug.clone());
                }
            }
            for article in &old.articles {
                if !state.site.articles.iter().any(|a| a.slug == article.slug) {
                    changed_articles.push(article.slug.clone());
                }
            }
            let tools = MarkdownTools {
                lookup: &lookup,
                highlighter,
                config: &self.config,
                base_path: &base_path,
            };
            let old_analyses = std::mem::take(&mut state.analyses);
            // Re-analyse documents whose wikilinks meet a changed name; keep the rest.
            let articles: Vec<_> = state
                .site
                .articles
                .par_iter()
                .map(|article| {
                    let previous = old.articles.iter().position(|a| a.slug == article.slug);
                    match previous {
                        Some(i)
                            if old.articles[i].body == article.body
                                && old.articles[i].path == article.path
                                && !old_analyses.articles[i]
                                    .targets
                                    .iter()
                                    .any(|t| touched_keys.contains(t)) =>
                        {
                            old_analyses.articles[i].clone()
                        }
                        _ => tools.analyse_article(article),
                    }
                })
                .collect();
            for (article, analysis) in state.site.articles.iter().zip(&articles) {
                if analysis.targets.iter().any(|t| touched_keys.contains(t)) {
                    changed_articles.push(article.slug.clone());
                }
            }
            let entities =
                state.site.entities.par_iter().map(|e| tools.analyse_entity(e)).collect();
            let pages = state.site.pages.par_iter().map(|p| tools.analyse_page(p)).collect();
            state.analyses = Analyses { articles, entities, pages };
            state.lookup = lookup;
            let globals = Globals::new(&self.config, &state.site);
            let nav_changed = serde_json::to_value(&globals.nav).ok()
                != serde_json::to_value(&state.globals.nav).ok();
            state.globals = globals;
            let old_index = std::mem::replace(
                &mut state.index,
                SiteIndex::build(&state.site, &state.analyses.articles),
            );
            if nav_changed {
                return Ok(None);
            }
            for id in &touched_entities {
                entity_dependents(id, &old, &old_index, &mut keys);
                entity_dependents(id, &state.site, &state.index, &mut keys);
            }
            if !touched_entities.is_empty() {
                keys.extend([
                    PageKey::EntityIndex,
                    PageKey::Home,
                    PageKey::EntitiesData,
                    PageKey::ArticlesData,
                    PageKey::Sitemap,
                ]);
            }
            if pages_changed {
                keys.extend(state.site.pages.iter().map(|p| PageKey::Page(p.slug.clone())));
                keys.insert(PageKey::Sitemap);
            }
            for slug in &changed_articles {
                article_dependents(slug, &old, &old_index, &mut keys);
            }
            let index = std::mem::take(&mut state.index);
            for slug in &changed_articles {
                article_dependents(slug, &state.site, &index, &mut keys);
            }
            state.index = index;
        } else {
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
        let count = files.len();
        let search_inline = self.search && inline;
        if search_inline {
            files.extend(search_files(&input)?);
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
            .collect();
        let written = write_changed(&self.out_dir, files, &removed, &mut state.manifest)?;
        state.deferred |= deferred;
        state.outcome(written, count, started)
    }

    /// Writes the whole-site exports (data JSON, search index) that rebuilds of a large site
    /// left for later (see [`BuildOutcome::deferred`]); `gloss serve` calls it when edits pause.
    pub fn write_deferred(&mut self) -> Result<BuildOutcome> {
        let started = Instant::now();
        let Some(mut state) = self.state.take() else { return self.full() };
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
                let search = search_files(&input)?;
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
            state.outcome(written, count, started)
        })();
        self.state = Some(state);
        result
    }

    /// Renders every page into a staged copy of the output and swaps it in.
    fn render_all(
        &self,
        state: &State,
        previous: Option<Manifest>,
    ) -> Result<(Vec<String>, Manifest, usize)> {
        let base_path = base_path_of(&self.config.base_url);
        let input = state.input(&self.config, &base_path);
        let keys = input.all_pages();
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
                let files = if self.search { search_files(&input) } else { Ok(Vec::new()) };
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
    /// Entities or pages changed: reload the model and diff it.
    reload: bool,
    articles: Vec<PathBuf>,
}

impl Changes {
    fn is_empty(&self) -> bool {
        !self.needs_full && !self.reload && self.articles.is_empty()
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
        })
    }
}
