//! Page rendering: one [`PageKey`] → the template context a reader's page is made from → HTML.
//!
//! Contexts are plain serializable views built from the site model, the article analyses and
//! the [`SiteIndex`]; each page costs only what it shows.

use std::ops::Range;

use serde::Serialize;

use super::article_page::ArticlePage;
use super::markdown::Analysis;
use super::site_index::{ArticleMentions, Term, initial_of, sort_key};
use super::{Globals, PageKey, RenderInput, TaxonomyKind};
use crate::diagnostics::{Category, Diagnostic};
use crate::model::{Article, EntityKind};

/// Articles shown on the home page.
const HOME_ARTICLES: usize = 20;
/// Entities shown on the home page.
const HOME_ENTITIES: usize = 24;
/// Related entities shown on an entity page.
const RELATED_ENTITIES: usize = 15;
/// An entity mentioned in more articles than this gets one page of mentions per year; its own
/// page shows the latest ones and links to the years.
pub const ENTITY_PAGE_ARTICLES: usize = 150;
/// Articles whose mentions an entity's own page shows when its mentions are split by year.
const LATEST_MENTION_ARTICLES: usize = 10;
/// Passages of one article an entity page shows before "more passages".
const PASSAGES_SHOWN: usize = 3;
/// Length of the entity summary in hover cards.
const SUMMARY_CHARS: usize = 240;

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) name: String,
    pub(super) url: String,
}

#[derive(Serialize)]
struct ArticleItem<'a> {
    url: String,
    title: &'a str,
    date_iso: Option<String>,
    date_display: Option<String>,
    authors: &'a [String],
    source: Option<&'a str>,
    summary: Option<&'a str>,
}

#[derive(Serialize)]
struct EntityItem<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: &'static str,
    mentions: usize,
    articles: usize,
    /// Who the entity is, in a line (the entity index shows it).
    #[serde(skip_serializing_if = "Option::is_none")]
    who: Option<super::who::Who>,
}

/// A sentence mentioning the entity, linked to its paragraph.
#[derive(Serialize)]
struct PassageView {
    url: String,
    parts: Vec<super::mentions::PassagePart>,
}

/// The mentions of one entity in one article: each sentence once.
#[derive(Serialize)]
struct ArticleMentionsView<'a> {
    article: ArticleItem<'a>,
    /// Mentions in the article.
    count: usize,
    passage_count: usize,
    /// The first few passages, shown; the rest behind a disclosure.
    passages: Vec<PassageView>,
    more_passages: Vec<PassageView>,
}

/// A year of an entity's mentions, for the links between its pages.
#[derive(Serialize)]
struct YearLink {
    year: String,
    /// The year as readers see it (`undated` in the site's language).
    label: String,
    url: String,
    articles: usize,
    mentions: usize,
}

/// The year an article is filed under on entity pages.
pub fn year_of(article: &Article) -> String {
    article.meta.date.map_or_else(|| "undated".to_string(), |d| d.day.format("%Y").to_string())
}

impl RenderInput<'_> {
    pub fn article_url(&self, slug: &str) -> String {
        format!("{}articles/{slug}/", self.base_path)
    }

    pub fn entity_url(&self, id: &str) -> String {
        format!("{}entities/{id}/", self.base_path)
    }

    pub fn term_url(&self, kind: TaxonomyKind, slug: &str) -> String {
        format!("{}{}/{slug}/", self.base_path, kind.segment())
    }

    pub fn page_url(&self, slug: &str) -> String {
        format!("{}{slug}/", self.base_path)
    }

    fn article_item(&self, index: usize) -> ArticleItem<'_> {
        let article = &self.site.articles[index];
        let meta = &article.meta;
        ArticleItem {
            url: self.article_url(&article.slug),
            title: &meta.title,
            date_iso: meta.date.map(|d| d.to_string()),
            date_display: meta.date.map(|d| self.globals.t.date(d)),
            authors: &meta.authors,
            source: meta.source.as_deref(),
            summary: meta.summary.as_deref(),
        }
    }

    fn entity_item(&self, index: usize) -> EntityItem<'_> {
        let entity = &self.site.entities[index];
        EntityItem {
            id: &entity.id,
            url: self.entity_url(&entity.id),
            name: &entity.meta.name,
            kind: entity.meta.kind.as_str(),
            mentions: self.index.entity_mention_counts[index],
            articles: self.index.entity_articles[index].len(),
            who: None,
        }
    }

    /// The context every template gets: the site and this page's own URL and title.
    fn context(&self, key: &PageKey, title: &str) -> tera::Context {
        base_context(self.globals, self.base_path, key, title)
    }

    pub fn render_html(&self, key: &PageKey) -> Result<String, Diagnostic> {
        let (template, context) = match key {
            PageKey::Home => ("index.html", self.home_context(key)),
            PageKey::Archive => ("articles.html", self.archive_context(key, 1)),
            PageKey::ArchivePage(n) => ("articles.html", self.archive_context(key, *n)),
            PageKey::Article(slug) => {
                let index = *self
                    .index
                    .article_by_slug
                    .get(slug)
                    .ok_or_else(|| missing("article", slug))?;
                let page = ArticlePage {
                    theme: self.theme,
                    globals: self.globals,
                    lookup: self.lookup,
                    base_path: self.base_path,
                };
                let own = match self.set_aside {
                    Some(set_aside) => set_aside.own_parts(index)?,
                    None => None,
                };
                return page.render(
                    &self.site.articles[index],
                    &self.analyses[index],
                    own.as_ref(),
                );
            }
            PageKey::EntityIndex => ("entities.html", self.entity_index_context(key)),
            PageKey::Entity(id) => ("entity.html", self.entity_context(key, id)?),
            PageKey::EntityYear(id, year) => {
                ("entity_year.html", self.entity_year_context(key, id, year)?)
            }
            PageKey::TaxonomyIndex(kind) => ("taxonomy.html", self.taxonomy_context(key, *kind)),
            PageKey::Term(kind, slug) => ("term.html", self.term_context(key, *kind, slug, 1)?),
            PageKey::TermPage(kind, slug, n) => {
                ("term.html", self.term_context(key, *kind, slug, *n)?)
            }
            PageKey::Page(slug) => ("page.html", self.page_context(key, slug)?),
            PageKey::Search => ("search.html", self.context(key, self.interface("search"))),
            PageKey::NotFound => ("404.html", self.context(key, self.interface("page_not_found"))),
            other => {
                return Err(Diagnostic::error(
                    Category::Render,
                    None,
                    format!("{other:?} is not an HTML page"),
                ));
            }
        };
        self.theme.render(template, &context)
    }

    fn home_context(&self, key: &PageKey) -> tera::Context {
        let mut context = self.context(key, &self.config.title);
        let latest: Vec<ArticleItem<'_>> = self
            .index
            .article_order
            .iter()
            .take(HOME_ARTICLES)
            .map(|&i| self.article_item(i))
            .collect();
        let mut top: Vec<usize> = (0..self.site.entities.len())
            .filter(|&i| self.index.entity_mention_counts[i] > 0)
            .collect();
        top.sort_by(|&a, &b| {
            self.index.entity_mention_counts[b]
                .cmp(&self.index.entity_mention_counts[a])
                .then(a.cmp(&b))
        });
        let entities: Vec<EntityItem<'_>> =
            top.into_iter().take(HOME_ENTITIES).map(|i| self.entity_item(i)).collect();
        context.insert("articles", &latest);
        context.insert("entities", &entities);
        context.insert("article_count", &self.site.articles.len());
        context.insert("entity_count", &self.site.entities.len());
        context
    }

    /// An interface string in the site's language (see `translations.rs`).
    fn interface<'k>(&'k self, key: &'k str) -> &'k str {
        self.globals.t.get(key)
    }

    /// Page `number` of a list of `items` whose first page is at `first_url`: the range of
    /// the items it shows, and what templates need for its links (`rel=prev/next`).
    fn paginate(&self, items: usize, number: usize, first_url: &str) -> (Range<usize>, Pagination) {
        let total = self.page_count(items);
        let per_page =
            if self.globals.per_page == 0 { items.max(1) } else { self.globals.per_page };
        let url = |n: usize| {
            if n == 1 { first_url.to_string() } else { format!("{first_url}page/{n}/") }
        };
        let start = ((number - 1) * per_page).min(items);
        let pagination = Pagination {
            current: number,
            total,
            per_page,
            items,
            first_item: (start < items).then_some(start + 1).unwrap_or(0),
            last_item: (start + per_page).min(items),
            prev_url: (number > 1).then(|| url(number - 1)),
            next_url: (number < total).then(|| url(number + 1)),
            pages: (1..=total).map(|n| PageLink { number: n, url: url(n) }).collect(),
        };
        (start..(start + per_page).min(items), pagination)
    }

    fn archive_context(&self, key: &PageKey, number: usize) -> tera::Context {
        #[derive(Serialize)]
        struct Year<'a> {
            year: String,
            articles: Vec<ArticleItem<'a>>,
        }
        let first_url = PageKey::Archive.url(self.base_path);
        let (range, pagination) = self.paginate(self.index.article_order.len(), number, &first_url);
        let mut years: Vec<Year> = Vec::new();
        for &i in &self.index.article_order[range] {
            let year = self.site.articles[i].meta.date.map_or_else(
                || self.interface("undated_label").to_string(),
                |d| d.day.format("%Y").to_string(),
            );
            if years.last().is_none_or(|y| y.year != year) {
                years.push(Year { year, articles: Vec::new() });
            }
            years.last_mut().expect("just pushed").articles.push(self.article_item(i));
        }
        let mut context = self.context(key, self.interface("all_articles"));
        context.insert("pagination", &pagination);
        context.insert("years", &years);
        context.insert("article_count", &self.site.articles.len());
        context
    }

    fn entity_index_context(&self, key: &PageKey) -> tera::Context {
        #[derive(Serialize)]
        struct Letter<'a> {
            letter: char,
            anchor: String,
            entities: Vec<EntityItem<'a>>,
        }
        #[derive(Serialize)]
        struct KindSection<'a> {
            kind: &'static str,
            label: &'a str,
            count: usize,
            letters: Vec<Letter<'a>>,
        }
        // An entity with `link: false` and no mentions is one a person keeps out of sight.
        let mut sorted: Vec<usize> = (0..self.site.entities.len())
            .filter(|&i| self.site.entities[i].meta.link || self.index.entity_mention_counts[i] > 0)
            .collect();
        sorted.sort_by_cached_key(|&i| (sort_key(&self.site.entities[i].meta.name), i));
        let sections: Vec<KindSection> = EntityKind::ALL
            .iter()
            .map(|&kind| {
                let mut letters: Vec<Letter> = Vec::new();
                for &i in sorted.iter().filter(|&&i| self.site.entities[i].meta.kind == kind) {
                    let letter = initial_of(&self.site.entities[i].meta.name);
                    if letters.last().is_none_or(|l| l.letter != letter) {
                        let anchor = format!(
                            "{}-{}",
                            kind.as_str(),
                            if letter == '#' {
                                "other".into()
                            } else {
                                letter.to_ascii_lowercase().to_string()
                            }
                        );
                        letters.push(Letter { letter, anchor, entities: Vec::new() });
                    }
                    let mut item = self.entity_item(i);
                    item.who = self.who(i).0;
                    letters.last_mut().expect("just pushed").entities.push(item);
                }
                KindSection {
                    kind: kind.as_str(),
                    label: self.globals.t.entity_kind(kind, true),
                    count: letters.iter().map(|l| l.entities.len()).sum(),
                    letters,
                }
            })
            .collect();
        let mut context = self.context(key, self.interface("entities"));
        context.insert("kinds", &sections);
        context.insert("entity_count", &self.site.entities.len());
        context
    }

    fn entity_context(&self, key: &PageKey, id: &str) -> Result<tera::Context, Diagnostic> {
        let index = *self.index.entity_by_id.get(id).ok_or_else(|| missing("entity", id))?;
        let entity = &self.site.entities[index];

        #[derive(Serialize)]
        struct DatedMention {
            date_iso: String,
            date_display: String,
            title: String,
            url: String,
        }
        #[derive(Serialize)]
        struct Related<'a> {
            entity: EntityItem<'a>,
            shared: usize,
        }

        let by_article = &self.index.entity_articles[index];
        let years = self.mention_years(index);
        let shown = match &years {
            Some(_) => &by_article[..LATEST_MENTION_ARTICLES.min(by_article.len())],
            None => &by_article[..],
        };
        let mentions = self.mention_views(&entity.id, shown);
        let dated = |article: &Article| {
            article.meta.date.map(|date| DatedMention {
                date_iso: date.to_string(),
                date_display: self.globals.t.date(date),
                title: article.meta.title.clone(),
                url: self.article_url(&article.slug),
            })
        };
        // The earliest and the latest: a pass, not a sort of the entity's every article.
        let dated_articles = by_article
            .iter()
            .map(|found| &self.site.articles[found.article()])
            .filter(|a| a.meta.date.is_some());
        let first = dated_articles.clone().min_by_key(|a| (a.meta.date, a.slug.as_str()));
        let last = dated_articles.clone().max_by_key(|a| (a.meta.date, a.slug.as_str()));
        let related_counts = self.index.related_entities(index, RELATED_ENTITIES);
        let graph = self.co_mention_svg(index, &related_counts);
        let related: Vec<Related> = related_counts
            .into_iter()
            .map(|(e, shared)| Related { entity: self.entity_item(e), shared })
            .collect();
        let undated_articles = by_article.len() - dated_articles.clone().count();

        let (who, also_described) = self.who(index);
        let mut context = self.context(key, &entity.meta.name);
        context.insert("entity", &self.entity_item(index));
        context.insert("who", &who);
        context.insert("also_described", &also_described);
        context.insert("kind_label", self.globals.t.entity_kind(entity.meta.kind, false));
        context.insert("aliases", &entity.meta.aliases);
        context.insert("description", &self.descriptions[index].html);
        // One dated article is both the first and the latest: said once.
        let only_one = first.map(|a| &a.slug) == last.map(|a| &a.slug);
        context.insert("first", &first.and_then(dated));
        context.insert("last", &last.filter(|_| !only_one).and_then(dated));
        context.insert("undated_articles", &undated_articles);
        context.insert("timeline", &self.timeline(index));
        context.insert("graph", &graph);
        context.insert("related", &related);
        context.insert("mentions", &mentions);
        context.insert("years", &self.year_links(&entity.id, years.as_deref().unwrap_or_default()));
        Ok(context)
    }

    /// An entity's mentions by year, newest year first, when it has too many for one page.
    pub fn mention_years(&self, entity: usize) -> Option<Vec<(String, &[ArticleMentions])>> {
        let by_article = &self.index.entity_articles[entity];
        if by_article.len() <= ENTITY_PAGE_ARTICLES {
            return None;
        }
        // The list is in the site's order, newest first and undated last, so each year is one
        // run of it. Every page of the entity (one per year) asks for them: found by binary
        // search, they cost a page its years, not the entity's every article.
        let year = |found: &ArticleMentions| {
            let date = self.site.articles[found.article()].meta.date;
            std::cmp::Reverse(date.map(|d| chrono::Datelike::year(&d.day)))
        };
        let years = runs_by(by_article, year)
            .into_iter()
            .map(|run| (year_of(&self.site.articles[run[0].article()]), run))
            .collect();
        Some(years)
    }

    /// The years of [`Self::mention_years`] alone: listing every page of a site calls it for
    /// every entity.
    pub fn mention_year_names(&self, entity: usize) -> Vec<String> {
        let years = self.mention_years(entity).unwrap_or_default();
        years.into_iter().map(|(year, _)| year).collect()
    }

    fn year_links(&self, id: &str, years: &[(String, &[ArticleMentions])]) -> Vec<YearLink> {
        years
            .iter()
            .map(|(year, list)| YearLink {
                year: year.clone(),
                label: if year == "undated" {
                    self.interface("undated").to_string()
                } else {
                    year.clone()
                },
                url: PageKey::EntityYear(id.to_string(), year.clone()).url(self.base_path),
                articles: list.len(),
                mentions: list.iter().map(|found| found.count()).sum(),
            })
            .collect()
    }

    /// The mentions of entity `id` in the articles `found`, in context.
    fn mention_views(&self, id: &str, found: &[ArticleMentions]) -> Vec<ArticleMentionsView<'_>> {
        found
            .iter()
            .map(|found| {
                let url = self.article_url(&self.site.articles[found.article()].slug);
                let analysis = &self.analyses[found.article()];
                let mut passages: Vec<PassageView> = analysis
                    .passages_of(id)
                    .into_iter()
                    .map(|passage| PassageView {
                        url: format!("{url}#{}", passage.anchor),
                        parts: passage.parts,
                    })
                    .collect();
                let more_passages = passages.split_off(PASSAGES_SHOWN.min(passages.len()));
                ArticleMentionsView {
                    article: self.article_item(found.article()),
                    count: found.count(),
                    passage_count: passages.len() + more_passages.len(),
                    passages,
                    more_passages,
                }
            })
            .collect()
    }

    fn entity_year_context(
        &self,
        key: &PageKey,
        id: &str,
        year: &str,
    ) -> Result<tera::Context, Diagnostic> {
        let index = *self.index.entity_by_id.get(id).ok_or_else(|| missing("entity", id))?;
        let entity = &self.site.entities[index];
        let years = self.mention_years(index).unwrap_or_default();
        let found = years
            .iter()
            .find(|(y, _)| y == year)
            .map(|&(_, list)| list)
            .ok_or_else(|| missing("year of mentions", &format!("{id}/{year}")))?;
        let year_label = if year == "undated" {
            self.interface("undated_articles").to_string()
        } else {
            year.to_string()
        };
        let title = self
            .globals
            .t
            .fill("name_in_year", &[("name", &entity.meta.name), ("year", &year_label)]);
        let mut context = self.context(key, &title);
        context.insert("entity", &self.entity_item(index));
        context.insert("kind_label", self.globals.t.entity_kind(entity.meta.kind, false));
        context.insert("year", &year_label);
        context.insert("year_key", year);
        context.insert("mentions", &self.mention_views(&entity.id, found));
        context.insert("years", &self.year_links(id, &years));
        Ok(context)
    }

    fn taxonomy_context(&self, key: &PageKey, kind: TaxonomyKind) -> tera::Context {
        #[derive(Serialize)]
        struct TermItem<'a> {
            name: &'a str,
            url: String,
            count: usize,
        }
        let terms: Vec<TermItem> = self
            .taxonomy(kind)
            .terms
            .iter()
            .map(|t| TermItem {
                name: &t.name,
                url: self.term_url(kind, &t.slug),
                count: t.articles.len(),
            })
            .collect();
        let label = self.interface(kind.segment());
        let mut context = self.context(key, label);
        context.insert("kind", kind.segment());
        context.insert("label", label);
        context.insert("terms", &terms);
        context
    }

    fn term_context(
        &self,
        key: &PageKey,
        kind: TaxonomyKind,
        slug: &str,
        number: usize,
    ) -> Result<tera::Context, Diagnostic> {
        let term: &Term =
            self.taxonomy(kind).get(slug).ok_or_else(|| missing(kind.segment(), slug))?;
        let first_url = PageKey::Term(kind, slug.to_string()).url(self.base_path);
        let (range, pagination) = self.paginate(term.articles.len(), number, &first_url);
        let articles: Vec<ArticleItem<'_>> =
            term.articles[range].iter().map(|&i| self.article_item(i)).collect();
        let mut context = self.context(key, &term.name);
        context.insert("pagination", &pagination);
        context.insert("article_count", &term.articles.len());
        context.insert("kind", kind.segment());
        context.insert("kind_label", self.interface(kind.singular_key()));
        context.insert("index_label", self.interface(kind.segment()));
        context.insert("index_url", &format!("{}{}/", self.base_path, kind.segment()));
        context.insert("name", &term.name);
        context.insert("articles", &articles);
        Ok(context)
    }

    fn page_context(&self, key: &PageKey, slug: &str) -> Result<tera::Context, Diagnostic> {
        let index = self
            .site
            .pages
            .iter()
            .position(|p| p.slug == slug)
            .ok_or_else(|| missing("page", slug))?;
        let page = &self.site.pages[index];
        let mut context = self.context(key, &page.meta.title);
        context.insert("title", &page.meta.title);
        context.insert("description", &page.meta.description);
        context.insert("body", &self.page_bodies[index].html);
        Ok(context)
    }

    pub fn taxonomy(&self, kind: TaxonomyKind) -> &super::site_index::Taxonomy {
        match kind {
            TaxonomyKind::Authors => &self.index.authors,
            TaxonomyKind::Sources => &self.index.sources,
            TaxonomyKind::Tags => &self.index.tags,
        }
    }
}

/// The context every template gets: the site and this page's own URL and title.
pub(super) fn base_context(
    globals: &Globals,
    base_path: &str,
    key: &PageKey,
    title: &str,
) -> tera::Context {
    let mut context = tera::Context::new();
    context.insert("site", globals);
    context.insert("page_url", &key.url(base_path));
    context.insert("page_title", title);
    context
}

pub(super) fn missing(what: &str, key: &str) -> Diagnostic {
    Diagnostic::error(Category::Render, None, format!("no {what} `{key}` in the site"))
}

/// The first sentences of an entity's description, for hover cards.
pub fn summary_of(description: &Analysis) -> String {
    let text = super::markdown::collapse_whitespace(&description.text);
    if text.chars().count() <= SUMMARY_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SUMMARY_CHARS).collect();
    format!("{} …", cut.rsplit_once(' ').map_or(cut.as_str(), |(kept, _)| kept))
}

/// `list` cut into runs of equal `key`, in order, each run found by binary search: `key` must
/// not decrease along `list`. Costs a comparison per step of the search, not one per item.
fn runs_by<T, K: Ord>(list: &[T], key: impl Fn(&T) -> K) -> Vec<&[T]> {
    let mut runs = Vec::new();
    let mut rest = list;
    while let Some(first) = rest.first() {
        let first = key(first);
        let end = rest.partition_point(|item| key(item) <= first);
        let (run, after) = rest.split_at(end);
        runs.push(run);
        rest = after;
    }
    runs
}

/// Only web links become clickable source links; anything else in front matter stays text.
pub(super) fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::runs_by;

    #[test]
    fn cuts_a_sorted_list_into_runs_of_equal_keys() {
        let list = [(2019, 'a'), (2019, 'b'), (2020, 'c'), (2023, 'd'), (2023, 'e')];
        let runs = runs_by(&list, |&(year, _)| year);
        assert_eq!(runs, [&list[0..2], &list[2..3], &list[3..5]]);
        assert!(runs_by(&[] as &[u8], |&b| b).is_empty());
        assert_eq!(runs_by(&[7], |&b| b), [&[7]]);
    }

    proptest! {
        #[test]
        fn finds_the_runs_a_linear_pass_finds(mut keys in proptest::collection::vec(0u8..6, 0..200)) {
            keys.sort_unstable();
            let expected: Vec<&[u8]> = keys.chunk_by(|a, b| a == b).collect();
            prop_assert_eq!(runs_by(&keys, |&k| k), expected);
        }
    }
}

/// One page of a paginated list, as templates see it (`pagination`).
#[derive(Serialize)]
struct Pagination {
    /// 1-based.
    current: usize,
    total: usize,
    per_page: usize,
    /// Items in the whole list.
    items: usize,
    /// 1-based positions of the first and last item shown (0 when the list is empty).
    first_item: usize,
    last_item: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
}
