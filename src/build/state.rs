//! What the build keeps between runs of `gloss serve`: the model, every document's analysis,
//! the indexes and the theme, loaded and analysed from the site on disk.

use std::time::Instant;

use anyhow::Result;

use super::BuildOutcome;
use super::set_aside::{SetAsidePages, SetAsideWriter};
use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, sort_diagnostics};
use crate::load::load_site_but_articles;
use crate::model::{Article, Site};
use crate::render::article_page::SetAside;
use crate::render::site_index::latest_articles;
use crate::render::{
    Analyses, Analysis, EntityLookup, Globals, Highlighter, MarkdownTools, RenderInput, SiteIndex,
    Theme, analyse_site, base_path_of, site_problems,
};
use crate::write::Manifest;

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
    /// targets) were let go once each was analysed (`gloss build`, see [`ArticleSink::keep`]);
    /// a rebuild reads back from disk what it needs of them.
    pub(super) pages_forgotten: bool,
    /// Their HTML and headings, until a full build renders their pages.
    pub(super) set_aside: Option<SetAsidePages>,
}

/// How a full build loads the articles.
pub(crate) struct ArticleSink<'s> {
    /// Keep each article's source and HTML for rebuilds (`gloss serve`); without, both are
    /// freed once it is analysed, its HTML set aside until its page renders.
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

    /// [`State::load`], as `sink` asks.
    ///
    /// Each article is read and analysed in one step, and without [`ArticleSink::keep`] its
    /// source is freed and its HTML set aside on disk before the next file is read: the sources
    /// of a large archive are never all in memory. Entities and free pages are loaded first
    /// (articles link to them).
    pub(crate) fn load_with(
        config: &Config,
        highlighter: &Highlighter,
        sink: Option<&ArticleSink<'_>>,
    ) -> Result<(State, Vec<Diagnostic>), Diagnostic> {
        let stage = Instant::now();
        let (loaded, article_files) = load_site_but_articles(config);
        let mut site = loaded.site;
        site.pages.retain(|p| !p.meta.draft);
        tracing::debug!(
            "load: {} entities and {} pages in {:?}",
            site.entities.len(),
            site.pages.len(),
            stage.elapsed()
        );
        let theme = Theme::load(config)?;
        let lookup = EntityLookup::new(&site.entities);
        let base_path = base_path_of(&config.base_url);
        let globals = Globals::new(config, &site);
        let stage = Instant::now();
        let tools = MarkdownTools { lookup: &lookup, highlighter, config, base_path: &base_path };
        if let Some(sink) = sink {
            sink.progress.set_length(article_files.len() as u64);
        }
        // `gloss build` sets each article's HTML aside until its page renders; serve keeps it.
        let writer = match sink {
            Some(sink) if !sink.keep => Some(SetAsideWriter::new().map_err(|e| {
                Diagnostic::error(
                    Category::Write,
                    None,
                    format!("cannot make a temporary file: {e}"),
                )
            })?),
            _ => None,
        };
        // Drafts are loaded (their front matter is checked, their slug taken) but not analysed.
        let analyse_article = |article: &mut Article| -> Option<Analysis> {
            let analysis = if article.meta.draft {
                article.body = String::new();
                None
            } else {
                let mut analysis = tools.analyse_article(article);
                if let Some(writer) = &writer {
                    writer.put(&article.slug, &analysis.html, &analysis.headings);
                    analysis.forget_page();
                    article.body = String::new();
                }
                Some(analysis)
            };
            if let Some(sink) = sink {
                sink.progress.inc(1);
            }
            analysis
        };
        let ((articles, article_diagnostics), entity_analyses, page_analyses) =
            analyse_site(&site, &tools, || article_files.load_each(config, &analyse_article));
        let mut article_analyses = Vec::with_capacity(articles.len());
        site.articles.reserve_exact(articles.len());
        for (article, analysis) in articles {
            if let Some(analysis) = analysis {
                site.articles.push(article);
                article_analyses.push(analysis);
            }
        }
        let set_aside = writer.map(|writer| writer.finish(&site)).transpose()?;
        // The feed carries the whole text of the latest articles: their HTML is kept.
        if let Some(set_aside) = &set_aside {
            for i in latest_articles(&site, config.render.feed_limit) {
                if let Some(own) = set_aside.own_parts(i)? {
                    article_analyses[i].html = own.html;
                }
            }
        }
        let analyses = Analyses {
            articles: article_analyses.into(),
            entities: entity_analyses.into(),
            pages: page_analyses.into(),
        };
        tracing::debug!(
            "load and analyse: {} articles in {:?}",
            site.articles.len(),
            stage.elapsed()
        );
        let stage = Instant::now();
        let index = SiteIndex::build(&site, &analyses.articles);
        tracing::debug!("index: {:?}", stage.elapsed());
        // In the order `load_site` reports them: articles, entities, pages.
        let mut load_diagnostics = article_diagnostics;
        load_diagnostics.extend(loaded.diagnostics);
        let (errors, load_warnings): (Vec<_>, Vec<_>) =
            load_diagnostics.into_iter().partition(|d| d.is_error());
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
            pages_forgotten: set_aside.is_some(),
            set_aside,
        };
        let mut diagnostics = errors;
        diagnostics.extend(state.all_diagnostics());
        sort_diagnostics(&mut diagnostics);
        Ok((state, diagnostics))
    }

    /// Warnings and errors of the current model (load warnings, documents, site-wide).
    pub(super) fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = self.load_warnings.clone();
        for list in self.analyses.lists() {
            all.extend((0..list.len()).flat_map(|i| list.diagnostics(i)).cloned());
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
            set_aside: self.set_aside.as_ref().map(|s| s as &dyn SetAside),
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
        Ok(self.outcome_with(written, rendered, started, self.warnings()?))
    }

    /// [`State::outcome`] with the state's [`State::warnings`], made already.
    pub(super) fn outcome_with(
        &self,
        written: Vec<String>,
        rendered: usize,
        started: Instant,
        warnings: Vec<Diagnostic>,
    ) -> BuildOutcome {
        BuildOutcome {
            written,
            pages: self.manifest.len(),
            html_pages: self.manifest.paths().filter(|p| p.ends_with(".html")).count(),
            articles: self.site.articles.len(),
            entities: self.site.entities.len(),
            diagnostics: warnings,
            duration: started.elapsed(),
            rendered,
            deferred: self.deferred,
            up_to_date: false,
            from_snapshot: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageKey;

    #[test]
    fn a_page_is_there_when_the_list_of_all_pages_has_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let config = Config::load(&root).unwrap();
        let (state, _) = State::load(&config, &Highlighter::default()).unwrap();
        let input = state.input(&config, "/");
        let all = input.all_pages();
        assert!(all.len() > 20, "{all:?}");
        assert!(all.iter().all(|key| input.has_page(key)));
        let entity = state.site.entities[0].id.clone();
        for missing in [
            PageKey::Article("no-such-article".into()),
            PageKey::Entity("no-such-entity".into()),
            PageKey::EntityYear(entity, "1999".into()),
            PageKey::Term(crate::render::TaxonomyKind::Tags, "no-such-tag".into()),
            PageKey::Page("no-such-page".into()),
        ] {
            assert!(!all.contains(&missing) && !input.has_page(&missing), "{missing:?}");
        }
    }
}
