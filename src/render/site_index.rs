//! Indexes over the site model and the article analyses, computed once per build so no page
//! has to scan the whole site: article order, entity ↔ article mentions, and the author,
//! source and tag taxonomies.

use std::collections::HashMap;

use super::AnalysisList;
use super::markdown::{Analysis, exact_vec};
use crate::model::{Article, Site};

/// One value of a taxonomy (an author, a source, a tag) and its articles, newest first.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub articles: Vec<usize>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Taxonomy {
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    pub by_slug: HashMap<String, usize>,
}

impl Taxonomy {
    fn build<'a>(order: &[usize], values: impl Fn(usize) -> Vec<&'a str>) -> Taxonomy {
        let mut taxonomy = Taxonomy::default();
        for &article in order {
            for value in values(article) {
                let value = value.trim();
                let slug = crate::load::slugify(value);
                if slug.is_empty() {
                    continue;
                }
                let index = *taxonomy.by_slug.entry(slug.clone()).or_insert_with(|| {
                    taxonomy.terms.push(Term {
                        slug,
                        name: value.to_string(),
                        articles: Vec::new(),
                    });
                    taxonomy.terms.len() - 1
                });
                let term = &mut taxonomy.terms[index];
                if term.articles.last() != Some(&article) {
                    term.articles.push(article);
                }
            }
        }
        taxonomy.sort();
        taxonomy
    }

    fn sort(&mut self) {
        self.terms.retain(|t| !t.articles.is_empty());
        self.terms.sort_by_cached_key(|t| (sort_key(&t.name), t.slug.clone()));
        self.by_slug = self.terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
    }

    /// Moves `article` to where its current `values` and its rank put it.
    fn update(&mut self, article: usize, values: Vec<&str>, rank: &[usize]) {
        let mut reshaped = false;
        for term in &mut self.terms {
            if let Some(at) = term.articles.iter().position(|&a| a == article) {
                term.articles.remove(at);
                reshaped |= term.articles.is_empty();
            }
        }
        for value in values {
            let value = value.trim();
            let slug = crate::load::slugify(value);
            if slug.is_empty() {
                continue;
            }
            let index = match self.by_slug.get(&slug) {
                Some(&index) => index,
                None => {
                    reshaped = true;
                    self.terms.push(Term {
                        slug: slug.clone(),
                        name: value.to_string(),
                        articles: Vec::new(),
                    });
                    self.by_slug.insert(slug, self.terms.len() - 1);
                    self.terms.len() - 1
                }
            };
            let articles = &mut self.terms[index].articles;
            if !articles.contains(&article) {
                let at = articles.partition_point(|&a| rank[a] < rank[article]);
                articles.insert(at, article);
            }
        }
        if reshaped {
            self.sort();
        }
    }

    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.by_slug.get(slug).map(|&i| &self.terms[i])
    }
}

/// Mentions of one entity in one article: the article and how many. Which mentions they are,
/// [`Analysis::mentions_of`] finds again in the article's own list when a page shows them (a
/// list here was a vector per entity and article: 1.5 million at 100,000 articles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArticleMentions {
    article: u32,
    count: u32,
}

impl ArticleMentions {
    /// The article's index in the site.
    pub fn article(&self) -> usize {
        self.article as usize
    }

    /// How many times the article mentions the entity.
    pub fn count(&self) -> usize {
        self.count as usize
    }
}

/// A description of an entity in one article, and the paragraph that gives it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sighting {
    pub article: u32,
    pub anchor: String,
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SiteIndex {
    /// Article indexes, newest first (undated last), then by title.
    pub article_order: Vec<usize>,
    /// Per article: its place in `article_order`.
    pub article_rank: Vec<usize>,
    pub article_by_slug: HashMap<String, usize>,
    pub entity_by_id: HashMap<String, usize>,
    /// Per entity: the articles mentioning it, newest first.
    pub entity_articles: Vec<Vec<ArticleMentions>>,
    /// Per entity: mentions in all.
    pub entity_mention_counts: Vec<usize>,
    /// Per article: the distinct entities it mentions, in order of first mention.
    pub article_entities: Vec<Vec<usize>>,
    /// Per entity: what the articles say it is (see `describe.rs`), in the site's order.
    pub entity_descriptions: Vec<Vec<Sighting>>,
    pub authors: Taxonomy,
    pub sources: Taxonomy,
    pub tags: Taxonomy,
}

impl SiteIndex {
    pub fn build(site: &Site, analyses: &AnalysisList) -> SiteIndex {
        let mut order: Vec<usize> = (0..site.articles.len()).collect();
        order.sort_by_cached_key(|&i| order_key(site, i));
        let entity_by_id: HashMap<String, usize> =
            site.entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let mut article_entities = vec![Vec::new(); site.articles.len()];
        let mut entity_articles: Vec<Vec<ArticleMentions>> = vec![Vec::new(); site.entities.len()];
        let mut entity_mention_counts = vec![0; site.entities.len()];
        let mut entity_descriptions: Vec<Vec<Sighting>> = vec![Vec::new(); site.entities.len()];
        for &article in &order {
            for (entity, sighting) in
                article_descriptions(&entity_by_id, &analyses[article], article)
            {
                entity_descriptions[entity].push(sighting);
            }
            let (entities, counts) = article_mentions(&entity_by_id, &analyses[article]);
            for (&entity, &count) in entities.iter().zip(&counts) {
                entity_mention_counts[entity] += count as usize;
                entity_articles[entity].push(ArticleMentions { article: article as u32, count });
            }
            article_entities[article] = entities;
        }
        // Built by pushes: copied to their size (see `markdown::exact_vec`).
        for list in &mut entity_articles {
            *list = exact_vec(list);
        }
        let authors = Taxonomy::build(&order, |i| author_values(site, i));
        let sources = Taxonomy::build(&order, |i| source_values(site, i));
        let tags = Taxonomy::build(&order, |i| tag_values(site, i));
        let mut article_rank = vec![0; order.len()];
        for (rank, &article) in order.iter().enumerate() {
            article_rank[article] = rank;
        }
        SiteIndex {
            article_rank,
            article_by_slug: site
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.clone(), i))
                .collect(),
            article_order: order,
            entity_by_id,
            entity_articles,
            entity_mention_counts,
            article_entities,
            entity_descriptions,
            authors,
            sources,
            tags,
        }
    }

    /// Updates the index after the article at `article` changed in place (same slug, so every
    /// index stays valid): its rank, its mentions, its terms. Costs that article's entities
    /// and terms, not a pass over the site.
    pub fn update_article(&mut self, site: &Site, analyses: &AnalysisList, article: usize) {
        let old_rank = self.article_rank[article];
        self.article_order.remove(old_rank);
        let key = order_key(site, article);
        let new_rank = self.article_order.partition_point(|&other| order_key(site, other) < key);
        self.article_order.insert(new_rank, article);
        for rank in old_rank.min(new_rank)..=old_rank.max(new_rank) {
            self.article_rank[self.article_order[rank]] = rank;
        }
        for &entity in &self.article_entities[article] {
            let list = &mut self.entity_articles[entity];
            if let Some(at) = list.iter().position(|found| found.article() == article) {
                self.entity_mention_counts[entity] -= list[at].count();
                list.remove(at);
            }
            self.entity_descriptions[entity].retain(|s| s.article as usize != article);
        }
        let mut described: Vec<(usize, Vec<Sighting>)> = Vec::new();
        for (entity, sighting) in
            article_descriptions(&self.entity_by_id, &analyses[article], article)
        {
            match described.last_mut() {
                Some((last, list)) if *last == entity => list.push(sighting),
                _ => described.push((entity, vec![sighting])),
            }
        }
        for (entity, sightings) in described {
            let list = &mut self.entity_descriptions[entity];
            let rank = &self.article_rank;
            let at = list.partition_point(|other| rank[other.article as usize] < new_rank);
            list.splice(at..at, sightings);
        }
        let (entities, counts) = article_mentions(&self.entity_by_id, &analyses[article]);
        for (&entity, &count) in entities.iter().zip(&counts) {
            self.entity_mention_counts[entity] += count as usize;
            let list = &mut self.entity_articles[entity];
            let at = list.partition_point(|other| self.article_rank[other.article()] < new_rank);
            list.insert(at, ArticleMentions { article: article as u32, count });
        }
        self.article_entities[article] = entities;
        self.authors.update(article, author_values(site, article), &self.article_rank);
        self.sources.update(article, source_values(site, article), &self.article_rank);
        self.tags.update(article, tag_values(site, article), &self.article_rank);
    }

    /// Entities mentioned in the same articles as `entity`, with how many articles they share,
    /// most shared first. Costs the mentions of this one entity, not a pass over the site.
    pub fn related_entities(&self, entity: usize, limit: usize) -> Vec<(usize, usize)> {
        // Counted in a slot per entity of the site, not a hash map (170,000 instructions an
        // entity at 10,000 articles, ten times that at 100,000).
        let mut shared = vec![0u32; self.entity_articles.len()];
        for mentions in &self.entity_articles[entity] {
            for &other in &self.article_entities[mentions.article()] {
                shared[other] += 1;
            }
        }
        shared[entity] = 0;
        let mut related: Vec<(usize, usize)> = (shared.iter().enumerate())
            .filter(|&(_, &count)| count > 0)
            .map(|(other, &count)| (other, count as usize))
            .collect();
        // Most shared first, then by entity: a total order, so the first `limit` are picked
        // before sorting only them (a page shows 15 of up to thousands).
        let order = |a: &(usize, usize), b: &(usize, usize)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if related.len() > limit {
            related.select_nth_unstable_by(limit, order);
            related.truncate(limit);
        }
        related.sort_by(order);
        related
    }
}

/// The site's entities an article mentions, in order of first mention, and how many times
/// each (mentions of unknown entities left out).
fn article_mentions(
    entity_by_id: &HashMap<String, usize>,
    analysis: &Analysis,
) -> (Vec<usize>, Vec<u32>) {
    // `Analysis::entities` lists each entity once, in order of first mention.
    let mut counts = vec![0u32; analysis.entities.len()];
    for mention in &analysis.mentions {
        counts[analysis.mention_entity_index(mention)] += 1;
    }
    // Sized for every entity (all are known but in a site being edited): kept by the index.
    let mut entities = Vec::with_capacity(counts.len());
    let mut known_counts = Vec::with_capacity(counts.len());
    for (id, count) in analysis.entities.iter().zip(counts) {
        if let Some(&entity) = entity_by_id.get(&**id)
            && count > 0
        {
            entities.push(entity);
            known_counts.push(count);
        }
    }
    (entities, known_counts)
}

/// What `analysis` (of the article at `article`) says the site's entities are, by entity (a
/// description of an entity the site does not know is left out).
fn article_descriptions(
    entity_by_id: &HashMap<String, usize>,
    analysis: &Analysis,
    article: usize,
) -> Vec<(usize, Sighting)> {
    let mut found: Vec<(usize, Sighting)> = analysis
        .descriptions
        .iter()
        .filter_map(|d| {
            let entity = *entity_by_id.get(&*analysis.entities[d.entity as usize])?;
            let anchor = analysis.anchors.get(d.anchor as usize).to_string();
            Some((entity, Sighting { article: article as u32, anchor, text: d.text.clone() }))
        })
        .collect();
    // Grouped by entity, each in the order the article gives them.
    found.sort_by_key(|(entity, _)| *entity);
    found
}

/// The first `limit` articles of the site's order (the ones the feed shows), known from their
/// front matter alone, before any is analysed.
pub fn latest_articles(site: &Site, limit: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.articles.len()).collect();
    let keys: Vec<_> = order.iter().map(|&i| order_key(site, i)).collect();
    let by_key = |a: &usize, b: &usize| keys[*a].cmp(&keys[*b]);
    if limit < order.len() {
        order.select_nth_unstable_by(limit, by_key);
        order.truncate(limit);
    }
    order.sort_by(by_key);
    order
}

fn order_key(site: &Site, article: usize) -> ArticleOrderKey<'_> {
    article_order_key(&site.articles[article])
}

/// Where an article goes in lists: newest first (undated last), then by title and slug.
pub type ArticleOrderKey<'a> =
    (std::cmp::Reverse<Option<crate::frontmatter::date::FrontDate>>, String, &'a str);

/// The key [`ArticleOrderKey`] of one article, known from its front matter alone.
pub fn article_order_key(article: &Article) -> ArticleOrderKey<'_> {
    (std::cmp::Reverse(article.meta.date), sort_key(&article.meta.title), article.slug.as_str())
}

fn author_values(site: &Site, article: usize) -> Vec<&str> {
    site.articles[article].meta.authors.iter().map(String::as_str).collect()
}

fn source_values(site: &Site, article: usize) -> Vec<&str> {
    site.articles[article].meta.source.as_deref().into_iter().collect()
}

fn tag_values(site: &Site, article: usize) -> Vec<&str> {
    site.articles[article].meta.tags.iter().map(String::as_str).collect()
}

/// How names sort for readers: case and accents folded.
pub fn sort_key(name: &str) -> String {
    deunicode::deunicode(name).to_lowercase()
}

/// The letter a name is filed under in A–Z lists ("#" for anything that is not a letter).
pub fn initial_of(name: &str) -> char {
    let folded = sort_key(name.trim_start_matches(|c: char| !c.is_alphanumeric()));
    match folded.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LinkMentions;
    use crate::model::{Article, ArticleMeta, Entity, EntityKind, EntityMeta, Origin};
    use crate::render::{EntityLookup, Highlighter, MarkdownOptions, Section, render_markdown};

    fn article(slug: &str, date: &str, authors: &[&str], body: &str) -> Article {
        Article {
            slug: slug.into(),
            path: format!("content/articles/{slug}.md").into(),
            meta: ArticleMeta {
                title: slug.to_uppercase(),
                date: Some(date.parse().unwrap()),
                authors: authors.iter().map(|a| a.to_string()).collect(),
                ..Default::default()
            },
            body: body.into(),
            body_line: 1,
        }
    }

    fn entity(id: &str) -> Entity {
        let meta = EntityMeta {
            name: id.into(),
            kind: EntityKind::Org,
            aliases: vec![],
            origin: Origin::Auto,
            link: true,
            summary: None,
            description_pin: None,
            description_reject: Vec::new(),
        };
        Entity {
            id: id.into(),
            path: format!("content/entities/{id}.md").into(),
            meta,
            description: String::new(),
            body_line: 1,
        }
    }

    fn analyse(site: &Site) -> AnalysisList {
        let lookup = EntityLookup::new(&site.entities);
        let highlighter = Highlighter::new();
        site.articles
            .iter()
            .map(|a| {
                let options = MarkdownOptions {
                    lookup: &lookup,
                    highlighter: &highlighter,
                    link_mentions: LinkMentions::First,
                    base_path: "/",
                    file: &a.path,
                    first_line: 1,
                    section: Section::Articles,
                };
                render_markdown(&a.body, &options)
            })
            .collect::<Vec<_>>()
            .into()
    }

    #[test]
    fn updating_one_article_matches_a_fresh_index() {
        let mut site = Site {
            articles: vec![
                article("a", "2020-01-01", &["Ann"], "[[x]] and [[y]]."),
                article("b", "2021-01-01", &["Ann", "Bo"], "[[y]] [[y]]."),
                article("c", "2022-01-01", &["Cy"], "[[x]]."),
            ],
            entities: vec![entity("x"), entity("y"), entity("z")],
            pages: vec![],
        };
        let mut analyses = analyse(&site);
        let mut index = SiteIndex::build(&site, &analyses);
        // `a` becomes the newest article, changes authors and mentions.
        site.articles[0] = article("a", "2023-01-01", &["Dee"], "[[z]], [[y]] and [[z]].");
        analyses = analyse(&site);
        index.update_article(&site, &analyses, 0);
        assert_eq!(index, SiteIndex::build(&site, &analyses));
        assert_eq!(index.related_entities(2, 10), [(1, 1)]);
        assert_eq!(latest_articles(&site, 2), index.article_order[..2]);
        assert_eq!(latest_articles(&site, 9), index.article_order);
    }

    #[test]
    fn relates_entities_by_the_articles_they_share_most_shared_first() {
        let site = Site {
            articles: vec![
                article("a", "2020-01-01", &[], "[[x]], [[y]] and [[z]]."),
                article("b", "2021-01-01", &[], "[[z]] and [[x]], [[x]]."),
                article("c", "2022-01-01", &[], "[[y]] alone."),
            ],
            entities: vec![entity("x"), entity("y"), entity("z")],
            pages: vec![],
        };
        let index = SiteIndex::build(&site, &analyse(&site));
        assert_eq!(index.related_entities(0, 10), [(2, 2), (1, 1)]);
        assert_eq!(index.related_entities(0, 1), [(2, 2)]);
        assert_eq!(index.related_entities(1, 10), [(0, 1), (2, 1)]);
    }
}
