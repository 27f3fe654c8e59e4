//! Render stage: site model → output files (HTML pages, feeds, data, search index, theme).
//!
//! Two steps, both parallel: every document's Markdown is rendered once into an [`Analysis`]
//! (HTML, mentions, footnotes, headings, text; see [`analyse_site`]); then each [`PageKey`] is rendered
//! from the model, the analyses and the [`SiteIndex`] through the [`Theme`]'s templates.
//! Everything here is plain data, so `build` can keep it and re-render single pages.

pub mod analysis_list;
pub mod article_page;
pub mod data;
pub mod describe;
pub mod entity_charts;
pub mod feeds;
pub mod highlight;
pub mod lookup;
pub mod markdown;
pub mod mentions;
pub mod obsidian;
mod packed_mentions;
pub mod pages;
pub mod plain_text;
pub mod search;
pub mod sentences;
mod shared_names;
pub mod site_index;
pub mod templates;
pub mod translations;
pub mod who;

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location};
use crate::model::{Article, Entity, Page, Site};
pub use analysis_list::AnalysisList;
pub use highlight::Highlighter;
pub use lookup::EntityLookup;
pub use markdown::{Analysis, MarkdownOptions, Section, render_markdown};
use plain_text::PlainText;
pub use site_index::SiteIndex;
pub use templates::Theme;

/// The three taxonomies of articles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Authors,
    Sources,
    Tags,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 3] =
        [TaxonomyKind::Authors, TaxonomyKind::Sources, TaxonomyKind::Tags];

    /// The URL segment: `/authors/<slug>/`.
    pub fn segment(self) -> &'static str {
        match self {
            TaxonomyKind::Authors => "authors",
            TaxonomyKind::Sources => "sources",
            TaxonomyKind::Tags => "tags",
        }
    }

    /// The translation key of one term's kind (`author`); `segment` is the key of all.
    pub fn singular_key(self) -> &'static str {
        match self {
            TaxonomyKind::Authors => "author",
            TaxonomyKind::Sources => "source",
            TaxonomyKind::Tags => "tag",
        }
    }
}

/// One output file the site is made of, other than theme files and the search bundle.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Archive,
    /// Page 2, 3, ... of the article list (`/articles/page/2/`); page 1 is [`PageKey::Archive`].
    ArchivePage(usize),
    Article(String),
    EntityIndex,
    Entity(String),
    /// The mentions of an entity in one year (`undated` for articles without a date), for
    /// entities mentioned in too many articles to list on one page.
    EntityYear(String, String),
    TaxonomyIndex(TaxonomyKind),
    Term(TaxonomyKind, String),
    /// Page 2, 3, ... of a term's articles (`/tags/x/page/2/`); page 1 is [`PageKey::Term`].
    TermPage(TaxonomyKind, String, usize),
    Page(String),
    Search,
    NotFound,
    Feed,
    /// The RSS feed: the Atom feed's articles, for readers that take only RSS.
    Rss,
    Sitemap,
    Robots,
    ArticlesData,
    EntitiesData,
    /// An entity's hover card, which `gloss.js` fetches the first time a reader points at or
    /// focuses one of its mentions.
    EntityCard(String),
}

impl PageKey {
    /// The URL path of the page, under the site's base path.
    pub fn url(&self, base_path: &str) -> String {
        let mut url = String::with_capacity(base_path.len() + 64);
        url.push_str(base_path);
        self.push_path(&mut url);
        url
    }

    /// The page's path under the base path, onto `url`: one allocation for a whole URL, as
    /// a rebuild lists every page's.
    fn push_path(&self, url: &mut String) {
        let mut push = |parts: &[&str]| parts.iter().for_each(|part| url.push_str(part));
        match self {
            PageKey::Home => {}
            PageKey::Archive => push(&["articles/"]),
            PageKey::ArchivePage(n) => push(&["articles/page/", &n.to_string(), "/"]),
            PageKey::Article(slug) => push(&["articles/", slug, "/"]),
            PageKey::EntityIndex => push(&["entities/"]),
            PageKey::Entity(id) => push(&["entities/", id, "/"]),
            PageKey::EntityYear(id, year) => push(&["entities/", id, "/", year, "/"]),
            PageKey::TaxonomyIndex(kind) => push(&[kind.segment(), "/"]),
            PageKey::Term(kind, slug) => push(&[kind.segment(), "/", slug, "/"]),
            PageKey::TermPage(kind, slug, n) => {
                push(&[kind.segment(), "/", slug, "/page/", &n.to_string(), "/"])
            }
            PageKey::Page(slug) => push(&[slug, "/"]),
            PageKey::Search => push(&["search/"]),
            PageKey::NotFound => push(&["404.html"]),
            PageKey::Feed => push(&["atom.xml"]),
            PageKey::Rss => push(&["rss.xml"]),
            PageKey::Sitemap => push(&["sitemap.xml"]),
            PageKey::Robots => push(&["robots.txt"]),
            PageKey::ArticlesData => push(&["data/articles.json"]),
            PageKey::EntitiesData => push(&["data/entities.json"]),
            PageKey::EntityCard(id) => push(&["data/cards/", id, ".json"]),
        }
    }

    /// The file in the output folder.
    pub fn output_path(&self) -> String {
        let mut path = self.url("");
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        path
    }

    pub fn is_html(&self) -> bool {
        self.output_path().ends_with(".html")
    }
}

/// URL segments the site's own pages use; a free page may not take one of them.
pub const RESERVED_SLUGS: [&str; 9] = [
    "articles",
    "entities",
    "authors",
    "sources",
    "tags",
    "search",
    "data",
    "search-index",
    "static",
];

/// What every template sees as `site`.
#[derive(Clone, Debug, Serialize)]
pub struct Globals {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub language: String,
    /// Items on one page of a paginated list (0: one page).
    pub per_page: usize,
    /// Interface strings in the site's language (`site.t.search`).
    pub t: translations::Translations,
    /// Free pages marked `in_nav`, by weight then title.
    pub nav: Vec<NavLink>,
    /// The other free pages (an editors' guide, say), for the footer: reachable from every
    /// page, out of the readers' menu.
    pub footer: Vec<NavLink>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NavLink {
    pub title: String,
    pub url: String,
}

impl Globals {
    pub fn new(config: &Config, site: &Site) -> Globals {
        let base_path = base_path_of(&config.base_url);
        let mut pages: Vec<&Page> = site.pages.iter().collect();
        pages.sort_by_key(|p| (p.meta.weight.unwrap_or(0), p.meta.title.to_lowercase()));
        let links = |in_nav: bool| -> Vec<NavLink> {
            let pages = pages.iter().filter(|p| p.meta.in_nav == in_nav);
            pages
                .map(|p| NavLink {
                    title: p.meta.title.clone(),
                    url: format!("{base_path}{}/", p.slug),
                })
                .collect()
        };
        Globals {
            title: config.title.clone(),
            description: config.description.clone(),
            base_url: config.base_url.clone(),
            nav: links(true),
            footer: links(false),
            base_path,
            language: config.language.clone(),
            per_page: config.render.per_page,
            t: translations::interface_strings(&config.language, &config.translations),
        }
    }
}

/// The path part of the base URL, starting and ending with `/`.
pub fn base_path_of(base_url: &str) -> String {
    let path = match base_url.find("://") {
        Some(scheme_end) => {
            let after_host = &base_url[scheme_end + 3..];
            after_host.find('/').map_or("/", |i| &after_host[i..])
        }
        None => base_url,
    };
    let mut path = format!("/{}", path.trim_matches('/'));
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Everything a page is rendered from; cheap to build, shared by every thread.
pub struct RenderInput<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub analyses: &'a AnalysisList,
    pub descriptions: &'a AnalysisList,
    pub page_bodies: &'a AnalysisList,
    pub index: &'a SiteIndex,
    pub lookup: &'a EntityLookup,
    pub theme: &'a Theme,
    pub globals: &'a Globals,
    pub base_path: &'a str,
    /// Where a full build set the articles' HTML aside until their pages render.
    pub set_aside: Option<&'a dyn article_page::SetAside>,
}

impl RenderInput<'_> {
    /// Every output the site has, in a stable order.
    pub fn all_pages(&self) -> Vec<PageKey> {
        let mut keys = vec![
            PageKey::Home,
            PageKey::Archive,
            PageKey::EntityIndex,
            PageKey::Search,
            PageKey::NotFound,
        ];
        keys.extend((2..=self.page_count(self.site.articles.len())).map(PageKey::ArchivePage));
        keys.extend(self.site.articles.iter().map(|a| PageKey::Article(a.slug.clone())));
        for (e, entity) in self.site.entities.iter().enumerate() {
            keys.push(PageKey::Entity(entity.id.clone()));
            keys.push(PageKey::EntityCard(entity.id.clone()));
            let years = self.mention_year_names(e);
            keys.extend(years.into_iter().map(|year| PageKey::EntityYear(entity.id.clone(), year)));
        }
        for kind in TaxonomyKind::ALL {
            keys.push(PageKey::TaxonomyIndex(kind));
            for term in &self.taxonomy(kind).terms {
                keys.push(PageKey::Term(kind, term.slug.clone()));
                keys.extend(
                    (2..=self.page_count(term.articles.len()))
                        .map(|n| PageKey::TermPage(kind, term.slug.clone(), n)),
                );
            }
        }
        keys.extend(self.site.pages.iter().map(|p| PageKey::Page(p.slug.clone())));
        keys.extend([
            PageKey::Feed,
            PageKey::Rss,
            PageKey::Sitemap,
            PageKey::Robots,
            PageKey::ArticlesData,
            PageKey::EntitiesData,
        ]);
        keys
    }

    /// How many pages a list of `items` takes (at least one).
    pub fn page_count(&self, items: usize) -> usize {
        match self.globals.per_page {
            0 => 1,
            per_page => items.div_ceil(per_page).max(1),
        }
    }

    /// `keys` with every later page of the lists among them: a change that moves one item of
    /// a list shifts every page after it. (Pages a list no longer has are found stale by the
    /// output's manifest.)
    pub fn with_later_pages(
        &self,
        mut keys: std::collections::BTreeSet<PageKey>,
    ) -> std::collections::BTreeSet<PageKey> {
        let mut later = Vec::new();
        for key in &keys {
            match key {
                PageKey::Archive => later.extend(
                    (2..=self.page_count(self.site.articles.len())).map(PageKey::ArchivePage),
                ),
                PageKey::Term(kind, slug) => {
                    if let Some(term) = self.taxonomy(*kind).get(slug) {
                        later.extend(
                            (2..=self.page_count(term.articles.len()))
                                .map(|n| PageKey::TermPage(*kind, slug.clone(), n)),
                        );
                    }
                }
                _ => {}
            }
        }
        keys.extend(later);
        keys
    }

    /// Whether `key` is one of [`Self::all_pages`], without listing them.
    pub fn has_page(&self, key: &PageKey) -> bool {
        let index = self.index;
        match key {
            PageKey::Article(slug) => index.article_by_slug.contains_key(slug),
            PageKey::Entity(id) | PageKey::EntityCard(id) => index.entity_by_id.contains_key(id),
            PageKey::EntityYear(id, year) => index
                .entity_by_id
                .get(id)
                .is_some_and(|&entity| self.mention_year_names(entity).contains(year)),
            PageKey::Term(kind, slug) => self.taxonomy(*kind).terms.iter().any(|t| t.slug == *slug),
            PageKey::ArchivePage(n) => *n >= 2 && *n <= self.page_count(self.site.articles.len()),
            PageKey::TermPage(kind, slug, n) => {
                *n >= 2
                    && self
                        .taxonomy(*kind)
                        .get(slug)
                        .is_some_and(|term| *n <= self.page_count(term.articles.len()))
            }
            PageKey::Page(slug) => self.site.pages.iter().any(|page| page.slug == *slug),
            PageKey::Home
            | PageKey::Archive
            | PageKey::EntityIndex
            | PageKey::TaxonomyIndex(_)
            | PageKey::Search
            | PageKey::NotFound
            | PageKey::Feed
            | PageKey::Rss
            | PageKey::Sitemap
            | PageKey::Robots
            | PageKey::ArticlesData
            | PageKey::EntitiesData => true,
        }
    }

    /// The bytes of one output. `all` is needed only by the sitemap.
    pub fn render_output(&self, key: &PageKey, all: &[PageKey]) -> Result<Vec<u8>, Diagnostic> {
        let text = match key {
            PageKey::Feed => self.render_atom(),
            PageKey::Rss => self.render_rss(),
            PageKey::Robots => self.render_robots(),
            PageKey::Sitemap => self.render_sitemap(all),
            PageKey::ArticlesData => self.render_articles_json(),
            PageKey::EntitiesData => self.render_entities_json(),
            PageKey::EntityCard(id) => self.render_entity_card(id)?,
            html => self.render_html(html)?,
        };
        Ok(text.into_bytes())
    }
}

/// Shared, load-once tools for Markdown rendering.
pub struct MarkdownTools<'a> {
    pub lookup: &'a EntityLookup,
    pub highlighter: &'a Highlighter,
    pub config: &'a Config,
    pub base_path: &'a str,
}

impl MarkdownTools<'_> {
    fn options<'b>(
        &'b self,
        file: &'b std::path::Path,
        first_line: usize,
        section: Section,
    ) -> MarkdownOptions<'b> {
        MarkdownOptions {
            lookup: self.lookup,
            highlighter: self.highlighter,
            link_mentions: self.config.render.link_mentions,
            base_path: self.base_path,
            file,
            first_line,
            section,
        }
    }

    pub fn analyse_article(&self, article: &Article) -> Analysis {
        render_markdown(
            &article.body,
            &self.options(&article.path, article.body_line, Section::Articles),
        )
    }

    /// An entity description; its wikilinks link but do not count as mentions.
    pub fn analyse_entity(&self, entity: &Entity) -> Analysis {
        let mut analysis = render_markdown(
            &entity.description,
            &self.options(&entity.path, entity.body_line, Section::Entities),
        );
        analysis.forget_mentions();
        analysis
    }

    pub fn analyse_page(&self, page: &Page) -> Analysis {
        let mut analysis =
            render_markdown(&page.body, &self.options(&page.path, page.body_line, Section::Pages));
        analysis.forget_mentions();
        analysis
    }
}

/// Every document of the site, analysed once, in parallel.
#[derive(Clone, Debug, Default)]
pub struct Analyses {
    pub articles: AnalysisList,
    pub entities: AnalysisList,
    pub pages: AnalysisList,
}

impl Analyses {
    /// The lists of the articles', the entities' and the free pages' analyses, in that order.
    pub fn lists(&self) -> [&AnalysisList; 3] {
        [&self.articles, &self.entities, &self.pages]
    }

    /// Every document's plain text, in the order of [`Self::lists`], without decoding the rest
    /// of a stored analysis.
    pub fn texts(&self) -> impl Iterator<Item = &PlainText> {
        self.lists().into_iter().flat_map(|list| (0..list.len()).map(move |i| list.text(i)))
    }
}

/// The entity descriptions and free pages of `site`, analysed once, in parallel, while
/// `articles` runs beside them: a full build reads and analyses the articles there, one file
/// at a time (see [`crate::load::ArticleFiles::load_each`]), with [`MarkdownTools::analyse_article`].
/// Returns what `articles` returned, then the entities' and the pages' analyses.
pub fn analyse_site<T: Send>(
    site: &Site,
    tools: &MarkdownTools<'_>,
    articles: impl FnOnce() -> T + Send,
) -> (T, Vec<Analysis>, Vec<Analysis>) {
    let (articles, (entities, pages)) = rayon::join(articles, || {
        rayon::join(
            || site.entities.par_iter().map(|e| tools.analyse_entity(e)).collect(),
            || site.pages.par_iter().map(|p| tools.analyse_page(p)).collect(),
        )
    });
    (articles, entities, pages)
}

/// Problems of the site as a whole that no single document shows: free pages on reserved
/// URLs, and names that more than one entity claims.
pub fn site_problems(site: &Site, lookup: &EntityLookup) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for page in &site.pages {
        if RESERVED_SLUGS.contains(&page.slug.as_str()) {
            problems.push(Diagnostic::error(
                Category::ReservedPageSlug,
                Some(Location::file(&page.path)),
                format!("/{}/ is a URL gloss uses itself; rename the page file", page.slug),
            ));
        }
    }
    let paths: HashMap<&str, &Path> =
        site.entities.iter().map(|e| (e.id.as_str(), e.path.as_path())).collect();
    for (key, winner, loser) in &lookup.conflicts {
        problems.push(Diagnostic::warning(
            Category::AmbiguousEntityName,
            paths.get(loser.as_str()).map(Location::file),
            format!("\"{key}\" names both `{winner}` and `{loser}`; [[{key}]] links to `{winner}`"),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_the_base_url() {
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("https://example.org/archive/"), "/archive/");
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("/"), "/");
        assert_eq!(base_path_of("/sub"), "/sub/");
    }

    #[test]
    fn pages_are_written_as_folder_indexes() {
        assert_eq!(PageKey::Home.output_path(), "index.html");
        assert_eq!(PageKey::Article("a-b".into()).output_path(), "articles/a-b/index.html");
        assert_eq!(PageKey::Term(TaxonomyKind::Tags, "x".into()).url("/s/"), "/s/tags/x/");
        assert_eq!(PageKey::NotFound.output_path(), "404.html");
        assert_eq!(PageKey::EntitiesData.output_path(), "data/entities.json");
        assert_eq!(PageKey::EntityCard("x-y".into()).output_path(), "data/cards/x-y.json");
    }
}
