//! The site model as JSON (`gloss build --dump-model FILE`): what the pages are rendered from,
//! for debugging and for tests. Every document with its front matter and what its analysis
//! found (entities, mentions and their anchors, words, footnotes), then the site index (the
//! order of the articles, who mentions whom, the taxonomies), each article named by its slug.
//! Stable: the same sources give the same bytes, however the state was reached.

use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::State;
use crate::render::site_index::Taxonomy;
use crate::render::{Analysis, AnalysisList};

#[derive(Serialize)]
struct Model<'a> {
    articles: Vec<Document<'a, crate::model::Article>>,
    entities: Vec<Document<'a, crate::model::Entity>>,
    pages: Vec<Document<'a, crate::model::Page>>,
    index: Index<'a>,
}

#[derive(Serialize)]
struct Document<'a, T> {
    #[serde(flatten)]
    source: &'a T,
    /// None for a draft, which is not analysed.
    analysis: Option<Found<'a>>,
}

#[derive(Serialize)]
struct Found<'a> {
    entities: Vec<&'a str>,
    mentions: Vec<MentionOf<'a>>,
    word_count: usize,
    footnote_count: usize,
}

#[derive(Serialize)]
struct MentionOf<'a> {
    entity: &'a str,
    anchor: &'a str,
}

#[derive(Serialize)]
struct Index<'a> {
    /// Newest first, undated last.
    article_order: Vec<&'a str>,
    /// Per entity id: the articles that mention it (newest first) and how often.
    mentioned_in: Vec<(&'a str, Vec<(&'a str, usize)>)>,
    authors: Vec<Term<'a>>,
    sources: Vec<Term<'a>>,
    tags: Vec<Term<'a>>,
}

#[derive(Serialize)]
struct Term<'a> {
    slug: &'a str,
    name: &'a str,
    articles: Vec<&'a str>,
}

/// Writes the model of `state` as JSON to `path`.
pub(super) fn dump<'a>(state: &'a State, path: &Path) -> Result<()> {
    let site = &state.site;
    let slug = |article: usize| site.articles[article].slug.as_str();
    let index = &state.index;
    let terms = |taxonomy: &'a Taxonomy| -> Vec<Term<'a>> {
        (taxonomy.terms.iter())
            .map(|t| Term {
                slug: &t.slug,
                name: &t.name,
                articles: t.articles.iter().map(|&a| slug(a)).collect(),
            })
            .collect()
    };
    let model = Model {
        articles: documents(&site.articles, &state.analyses.articles, |a| a.meta.draft),
        entities: documents(&site.entities, &state.analyses.entities, |_| false),
        pages: documents(&site.pages, &state.analyses.pages, |_| false),
        index: Index {
            article_order: index.article_order.iter().map(|&a| slug(a)).collect(),
            mentioned_in: (site.entities.iter().zip(&index.entity_articles))
                .map(|(entity, articles)| {
                    let list = articles.iter().map(|m| (slug(m.article()), m.count())).collect();
                    (entity.id.as_str(), list)
                })
                .collect(),
            authors: terms(&index.authors),
            sources: terms(&index.sources),
            tags: terms(&index.tags),
        },
    };
    let mut json = serde_json::to_vec_pretty(&model).context("cannot serialise the model")?;
    json.push(b'\n');
    std::fs::write(path, json).with_context(|| format!("cannot write {}", path.display()))
}

fn documents<'a, T>(
    items: &'a [T],
    analyses: &'a AnalysisList,
    draft: impl Fn(&T) -> bool,
) -> Vec<Document<'a, T>> {
    (items.iter().enumerate())
        .map(|(i, source)| Document {
            source,
            analysis: (!draft(source) && i < analyses.len()).then(|| found(&analyses[i])),
        })
        .collect()
}

fn found(analysis: &Analysis) -> Found<'_> {
    Found {
        entities: analysis.entities.iter().map(|e| &**e).collect(),
        mentions: (analysis.mentions.iter())
            .map(|m| MentionOf {
                entity: analysis.mention_entity(m),
                anchor: analysis.mention_anchor(m),
            })
            .collect(),
        word_count: analysis.word_count,
        footnote_count: analysis.footnote_count,
    }
}
