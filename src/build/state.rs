//! What the build keeps between runs of `gloss serve`: the model, every document's analysis,
//! the indexes and the theme, loaded and analysed from the site on disk.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Result;

use super::BuildOutcome;
use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Diagnostics, sort_diagnostics};
use crate::load::load_site_but_articles;
use crate::model::{Article, Site};
use crate::render::article_page::ArticlePage;
use crate::render::site_index::{ArticleOrderKey, article_order_key};
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
    ///
    /// Each article is read, analysed and (with a sink) staged in one step, and without
    /// [`ArticleSink::keep`] its source and HTML are freed before the next file is read: the
    /// sources of a large archive are never all in memory. Entities and free pages are loaded
    /// first (articles link to them).
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
        let page = ArticlePage {
            theme: &theme,
            globals: &globals,
            lookup: &lookup,
            base_path: &base_path,
        };
        let page_errors = Diagnostics::new();
        if let Some(sink) = sink {
            sink.progress.set_length(article_files.len() as u64);
        }
        let feed = FeedHtml::new(config.render.feed_limit);
        let stage_page = |article: &mut Article, analysis: &mut Analysis| {
            let Some(sink) = sink else { return };
            let path = PageKey::Article(article.slug.clone()).output_path();
            let staged = page.render(article, analysis).and_then(|html| {
                let put = sink.staging.put(&path, html.as_bytes());
                put.map_err(|e| Diagnostic::error(Category::Write, None, format!("{e:#}")))
            });
            if let Err(error) = staged {
                page_errors.push(error);
            }
            if !sink.keep {
                feed.offer(article, std::mem::take(&mut analysis.html));
                analysis.forget_page();
                article.body = String::new();
            }
        };
        // Drafts are loaded (their front matter is checked, their slug taken) but not analysed.
        let analyse_article = |article: &mut Article| -> Option<Analysis> {
            let analysis = if article.meta.draft {
                article.body = String::new();
                None
            } else {
                let mut analysis = tools.analyse_article(article);
                stage_page(article, &mut analysis);
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
        // The feed carries the whole text of the latest articles: their HTML is kept.
        for (slug, html) in feed.into_kept() {
            if let Ok(i) = site.articles.binary_search_by(|a| a.slug.as_str().cmp(&slug)) {
                article_analyses[i].html = html;
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
        let (mut errors, load_warnings): (Vec<_>, Vec<_>) =
            load_diagnostics.into_iter().partition(|d| d.is_error());
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

/// The HTML of the latest articles met so far (the feed's, which carries their whole text),
/// while a full build frees every other article's: it holds at most `limit` pages at a time,
/// and once every article went by, exactly those the feed shows
/// ([`crate::render::site_index::latest_articles`]).
struct FeedHtml {
    limit: usize,
    /// By the articles' place in the site's order, with their slug and HTML.
    kept: Mutex<BTreeMap<OwnedOrderKey, String>>,
}

type OwnedOrderKey =
    (std::cmp::Reverse<Option<crate::frontmatter::date::FrontDate>>, String, String);

impl FeedHtml {
    fn new(limit: usize) -> FeedHtml {
        FeedHtml { limit, kept: Mutex::new(BTreeMap::new()) }
    }

    /// Keeps `html` while `article` is among the latest `limit` met.
    fn offer(&self, article: &Article, html: String) {
        if self.limit == 0 {
            return;
        }
        let (date, title, slug): ArticleOrderKey<'_> = article_order_key(article);
        let key = (date, title, slug.to_string());
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() == self.limit && kept.last_key_value().is_some_and(|(last, _)| *last < key) {
            return;
        }
        kept.insert(key, html);
        if kept.len() > self.limit {
            kept.pop_last();
        }
    }

    /// The slugs and HTML kept.
    fn into_kept(self) -> impl Iterator<Item = (String, String)> {
        let kept = self.kept.into_inner().unwrap_or_else(|p| p.into_inner());
        kept.into_iter().map(|((_, _, slug), html)| (slug, html))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleMeta;
    use crate::render::site_index::latest_articles;

    fn article(slug: &str, date: Option<&str>, title: &str) -> Article {
        Article {
            slug: slug.into(),
            path: format!("content/articles/{slug}.md").into(),
            meta: ArticleMeta {
                title: title.into(),
                date: date.map(|d| d.parse().unwrap()),
                ..Default::default()
            },
            body: String::new(),
            body_line: 1,
        }
    }

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

    #[test]
    fn feed_keeps_the_html_of_the_latest_articles_in_any_order_met() {
        let articles = vec![
            article("a", Some("2024-01-05"), "Zebra"),
            article("b", None, "Undated"),
            article("c", Some("2024-03-01"), "Newest"),
            article("d", Some("2024-01-05"), "Apple"),
            article("e", Some("2023-12-31"), "Old"),
            article("f", Some("2024-02-10"), "Middle"),
        ];
        let site = Site { articles: articles.clone(), entities: Vec::new(), pages: Vec::new() };
        for limit in [0, 1, 3, 6, 10] {
            let expected: Vec<&str> = latest_articles(&site, limit)
                .into_iter()
                .map(|i| site.articles[i].slug.as_str())
                .collect();
            // Oldest first, newest first, and shuffled.
            for order in [[4, 1, 0, 3, 5, 2], [2, 5, 3, 0, 4, 1], [1, 3, 2, 4, 0, 5]] {
                let feed = FeedHtml::new(limit);
                for &i in &order {
                    feed.offer(&articles[i], format!("<p>{}</p>", articles[i].slug));
                }
                let kept: Vec<(String, String)> = feed.into_kept().collect();
                let slugs: Vec<&str> = kept.iter().map(|(slug, _)| slug.as_str()).collect();
                assert_eq!(slugs, expected, "limit {limit}, order {order:?}");
                for (slug, html) in &kept {
                    assert_eq!(html, &format!("<p>{slug}</p>"));
                }
            }
        }
    }
}
