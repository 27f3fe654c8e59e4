//! Indexes over the site model and the article analyses, computed once per build so no page
//! has to scan the whole site: article order, entity ↔ article mentions, and the author,
//! source and tag taxonomies.

use std::collections::HashMap;

use super::markdown::Analysis;
use crate::model::Site;

/// One value of a taxonomy (an author, a source, a tag) and its articles, newest first.
#[derive(Clone, Debug)]
pub struct Term {
    pub slug: String,
    pub name: String,
    pub articles: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Taxonomy {
    /// Sorted by name, case-insensitively.
    pub terms: Vec<Term>,
    pub by_slug: HashMap<String, usize>,
}

impl Taxonomy {
    fn build<'a>(
        site: &'a Site,
        order: &[usize],
        values: impl Fn(usize) -> Vec<&'a str>,
    ) -> Taxonomy {
        let mut taxonomy = Taxonomy::default();
        for &article in order {
            for value in values(article) {
                let value = value.trim();
                let slug = slug::slugify(value);
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
        let _ = site;
        taxonomy.terms.sort_by_cached_key(|t| (sort_key(&t.name), t.slug.clone()));
        taxonomy.by_slug =
            taxonomy.terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        taxonomy
    }

    pub fn get(&self, slug: &str) -> Option<&Term> {
        self.by_slug.get(slug).map(|&i| &self.terms[i])
    }
}

/// Mentions of one entity in one article.
#[derive(Clone, Debug)]
pub struct ArticleMentions {
    pub article: usize,
    /// Indexes into that article's `Analysis::mentions`.
    pub mentions: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct SiteIndex {
    /// Article indexes, newest first (undated last), then by title.
    pub article_order: Vec<usize>,
    pub article_by_slug: HashMap<String, usize>,
    pub entity_by_id: HashMap<String, usize>,
    /// Per entity: the articles mentioning it, newest first.
    pub entity_articles: Vec<Vec<ArticleMentions>>,
    /// Per entity: mentions in all.
    pub entity_mention_counts: Vec<usize>,
    /// Per article: the distinct entities it mentions, in order of first mention.
    pub article_entities: Vec<Vec<usize>>,
    pub authors: Taxonomy,
    pub sources: Taxonomy,
    pub tags: Taxonomy,
}

impl SiteIndex {
    pub fn build(site: &Site, analyses: &[Analysis]) -> SiteIndex {
        let mut order: Vec<usize> = (0..site.articles.len()).collect();
        order.sort_by_cached_key(|&i| {
            let meta = &site.articles[i].meta;
            (std::cmp::Reverse(meta.date), sort_key(&meta.title), site.articles[i].slug.clone())
        });
        let entity_by_id: HashMap<String, usize> =
            site.entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let mut article_entities = vec![Vec::new(); site.articles.len()];
        let mut entity_articles: Vec<Vec<ArticleMentions>> = vec![Vec::new(); site.entities.len()];
        let mut entity_mention_counts = vec![0; site.entities.len()];
        for &article in &order {
            let mut seen: HashMap<usize, usize> = HashMap::new();
            for (m, mention) in analyses[article].mentions.iter().enumerate() {
                let Some(&entity) = entity_by_id.get(&mention.entity) else { continue };
                entity_mention_counts[entity] += 1;
                let slot = *seen.entry(entity).or_insert_with(|| {
                    article_entities[article].push(entity);
                    entity_articles[entity].push(ArticleMentions { article, mentions: Vec::new() });
                    entity_articles[entity].len() - 1
                });
                entity_articles[entity][slot].mentions.push(m);
            }
        }
        let authors = Taxonomy::build(site, &order, |i| {
            site.articles[i].meta.authors.iter().map(String::as_str).collect()
        });
        let sources = Taxonomy::build(site, &order, |i| {
            site.articles[i].meta.source.as_deref().into_iter().collect()
        });
        let tags = Taxonomy::build(site, &order, |i| {
            site.articles[i].meta.tags.iter().map(String::as_str).collect()
        });
        SiteIndex {
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
            authors,
            sources,
            tags,
        }
    }

    /// Entities mentioned in the same articles as `entity`, with how many articles they share,
    /// most shared first. Costs the mentions of this one entity, not a pass over the site.
    pub fn related_entities(&self, entity: usize, limit: usize) -> Vec<(usize, usize)> {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for mentions in &self.entity_articles[entity] {
            for &other in &self.article_entities[mentions.article] {
                if other != entity {
                    *shared.entry(other).or_default() += 1;
                }
            }
        }
        let mut related: Vec<(usize, usize)> = shared.into_iter().collect();
        related.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        related.truncate(limit);
        related
    }
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
