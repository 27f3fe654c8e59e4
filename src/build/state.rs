//! What the build keeps between runs of `gloss serve`: the model, every document's analysis,
//! the indexes and the theme, loaded and analysed from the site on disk.

use std::collections::HashSet;
use std::time::Instant;

use anyhow::Result;

use super::BuildOutcome;
use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, sort_diagnostics};
use crate::load::load_site;
use crate::model::{Article, Site};
use crate::render::article_page::ArticlePage;
use crate::render::site_index::latest_articles;
use crate::render::{
    Analyses, Analysis, EntityLookup, Globals, Highlighter, MarkdownTools, PageKey, RenderInput,
    SiteIndex, Theme, analyse_site, base_path_of, site_problems,
};
use crate::write::{Manifest, Staging};

/// Everything the last successful build knew: the model, every document's analysis, the
/// indexes, the theme, and what the output folder holds.
pub(crate) struct State {
    pub(crate) site: Site,
    pub(crate) analyses: Analyses,
    pub(super) theme: Theme,
    pub(super) lookup: EntityLookup,
    pub(super) globals: Globals,
    pub(crate) index: SiteIndex,
    pub(super) manifest: Manifest,
    /// Whole-site exports are behind the model (see `Build::write_deferred`).
    pub(super) deferred: bool,
    /// Warnings from loading, by the file they are about.
    pub(super) load_warnings: Vec<Diagnostic>,
    /// The articles' sources and what only their own pages show (HTML, headings, link
    /// targets) were let go after their pages were written (`gloss build`, see
    /// [`ArticleSink::keep`]); a rebuild reads back from disk what it needs of them.
    pub(super) pages_forgotten: bool,
}

/// Where a full build puts each article's page as soon as the article is analysed, so the
/// HTML of every article is never held at once.
pub(crate) struct ArticleSink<'s> {
    pub(crate) staging: &'s Staging,
    /// Keep each article's source and HTML for rebuilds (`gloss serve`); without, both are
    /// freed once its page is staged.
    pub(crate) keep: bool,
    pub(crate) progress: &'s indicatif::ProgressBar,
}

impl State {
    /// Loads and analyses the whole site. Problems (errors too) come back as diagnostics, and
    /// the state holds whatever did load; only a theme that cannot load stops it.
    pub(crate) fn load(
        config: &Config,
        highlighter: &Highlighter,
    ) -> Result<(State, Vec<Diagnostic>), Diagnostic> {
        State::load_with(config, highlighter, None)
    }

    /// [`State::load`], staging each article's page into `sink` as soon as it is analysed.
    pub(crate) fn load_with(
        config: &Config,
        highlighter: &Highlighter,
        sink: Option<&ArticleSink<'_>>,
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
        let globals = Globals::new(config, &site);
        let stage = Instant::now();
        let tools = MarkdownTools { lookup: &lookup, highlighter, config, base_path: &base_path };
        let page = ArticlePage {
            theme: &theme,
            globals: &globals,
            lookup: &lookup,
            base_path: &base_path,
        };
        let page_errors = Diagnostics::new();
        if let Some(sink) = sink {
            sink.progress.set_length(site.articles.len() as u64);
        }
        // The feed carries the whole text of the latest articles: their HTML is kept.
        let feed: HashSet<String> = latest_articles(&site, config.render.feed_limit)
            .into_iter()
            .map(|i| site.articles[i].slug.clone())
            .collect();
        let stage_page = |article: &mut Article, analysis: &mut Analysis| {
            let Some(sink) = sink else { return };
            let path = PageKey::Article(article.slug.clone()).output_path();
            let staged = page.render(article, analysis).and_then(|html| {
                let put = sink.staging.put(&path, html.as_bytes());
                put.map_err(|e| Diagnostic::error("write", None, format!("{e:#}")))
            });
            if let Err(error) = staged {
                page_errors.push(error);
            }
            if !sink.keep {
                let html = std::mem::take(&mut analysis.html);
                analysis.forget_page();
                if feed.contains(&article.slug) {
                    analysis.html = html;
                }
                article.body = String::new();
            }
            sink.progress.inc(1);
        };
        let analyses = analyse_site(&mut site, &tools, &stage_page);
        tracing::debug!("analyse: {:?}", stage.elapsed());
        let stage = Instant::now();
        let index = SiteIndex::build(&site, &analyses.articles);
        tracing::debug!("index: {:?}", stage.elapsed());
        let (mut errors, load_warnings): (Vec<_>, Vec<_>) =
            loaded.diagnostics.into_iter().partition(|d| d.is_error());
        // One template error would otherwise be reported once per article.
        let mut page_errors = page_errors.into_sorted();
        page_errors.dedup();
        errors.extend(page_errors);
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
            pages_forgotten: sink.is_some_and(|sink| !sink.keep),
        };
        let mut diagnostics = errors;
        diagnostics.extend(state.all_diagnostics());
        sort_diagnostics(&mut diagnostics);
        Ok((state, diagnostics))
    }

    /// Warnings and errors of the current model (load warnings, documents, site-wide).
    pub(super) fn all_diagnostics(&self) -> Vec<Diagnostic> {
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
    pub(super) fn warnings(&self) -> Result<Vec<Diagnostic>> {
        Ok(crate::diagnostics::fail_on_errors(self.all_diagnostics())?)
    }

    pub(super) fn outcome(
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
            from_snapshot: None,
        })
    }
}
