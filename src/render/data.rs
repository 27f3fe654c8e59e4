//! Machine-readable export for the render stage: `data/articles.json` and
//! `data/entities.json`, the site model as readers' tools want it, and one hover card per
//! entity (`data/cards/<id>.json`), which the theme's script fetches when a reader needs it.

use std::io::Write;

use serde::Serialize;

use super::RenderInput;
use super::pages::{kind_singular, summary_of};
use crate::diagnostics::Diagnostic;

/// What a hover card shows of an entity.
#[derive(Serialize)]
struct Card<'a> {
    name: &'a str,
    kind: &'static str,
    aliases: &'a [String],
    summary: String,
    url: String,
}

#[derive(Serialize)]
struct ArticleRecord<'a> {
    slug: &'a str,
    url: String,
    #[serde(flatten)]
    meta: &'a crate::model::ArticleMeta,
    /// Entity ids mentioned in the body, in order of first mention.
    mentioned: Vec<&'a str>,
    word_count: usize,
    footnotes: usize,
}

#[derive(Serialize)]
struct MentionsInArticle<'a> {
    article: &'a str,
    url: String,
    count: usize,
    /// Paragraph anchors of the mentions, in order.
    anchors: Vec<&'a str>,
}

#[derive(Serialize)]
struct EntityRecord<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: &'static str,
    aliases: &'a [String],
    link: bool,
    mention_count: usize,
    mentions: Vec<MentionsInArticle<'a>>,
}

impl RenderInput<'_> {
    pub fn render_articles_json(&self) -> String {
        let mut out = Vec::new();
        self.write_articles_json(&mut out).expect("writing to memory works");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// `data/articles.json`, written record by record: the whole export is never in memory.
    pub fn write_articles_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let records = Records(|| {
            self.index.article_order.iter().map(|&i| {
                let article = &self.site.articles[i];
                let analysis = &self.analyses[i];
                ArticleRecord {
                    slug: &article.slug,
                    url: self.article_url(&article.slug),
                    meta: &article.meta,
                    mentioned: self.index.article_entities[i]
                        .iter()
                        .map(|&e| self.site.entities[e].id.as_str())
                        .collect(),
                    word_count: analysis.word_count,
                    footnotes: analysis.footnote_count,
                }
            })
        });
        write_json(out, &records)
    }

    /// The hover card of entity `id`: name, kind, aliases, the start of its description.
    pub fn render_entity_card(&self, id: &str) -> Result<String, Diagnostic> {
        let &e = self.index.entity_by_id.get(id).ok_or_else(|| {
            Diagnostic::error("render", None, format!("no entity `{id}` in the site"))
        })?;
        let entity = &self.site.entities[e];
        let card = Card {
            name: &entity.meta.name,
            kind: kind_singular(entity.meta.kind),
            aliases: &entity.meta.aliases,
            summary: summary_of(&self.descriptions[e]),
            url: self.entity_url(&entity.id),
        };
        Ok(serde_json::to_string(&card).expect("cards serialize") + "\n")
    }

    pub fn render_entities_json(&self) -> String {
        let mut out = Vec::new();
        self.write_entities_json(&mut out).expect("writing to memory works");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// `data/entities.json`, written record by record: the whole export is never in memory.
    pub fn write_entities_json(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let records = Records(|| {
            self.site.entities.iter().enumerate().map(|(e, entity)| EntityRecord {
                id: &entity.id,
                url: self.entity_url(&entity.id),
                name: &entity.meta.name,
                kind: entity.meta.kind.as_str(),
                aliases: &entity.meta.aliases,
                link: entity.meta.link,
                mention_count: self.index.entity_mention_counts[e],
                mentions: self.index.entity_articles[e]
                    .iter()
                    .map(|found| {
                        let article = &self.site.articles[found.article];
                        let analysis = &self.analyses[found.article];
                        MentionsInArticle {
                            article: &article.slug,
                            url: self.article_url(&article.slug),
                            count: found.mentions.len(),
                            anchors: found
                                .mentions
                                .iter()
                                .map(|&m| analysis.mention_anchor(&analysis.mentions[m]))
                                .collect(),
                        }
                    })
                    .collect(),
            })
        });
        write_json(out, &records)
    }
}

/// A JSON array of the records an iterator makes, one at a time.
struct Records<F>(F);

impl<F, I> Serialize for Records<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

fn write_json(out: &mut dyn Write, value: &impl Serialize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut out, value)?;
    out.write_all(b"\n")?;
    out.flush()
}
