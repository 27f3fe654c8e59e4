//! Machine-readable export for the render stage: `data/articles.json` and
//! `data/entities.json`, the site model as readers' tools want it, and one hover card per
//! entity (`data/cards/<id>.json`), which the theme's script fetches when a reader needs it.
//!
//! Both exports are JSON arrays of one record per article or entity, written compactly. After
//! articles are edited in place, [`RenderInput::patch_articles_json`] and
//! [`RenderInput::patch_entities_json`] re-serialise only the records that changed and say
//! where in the file as it is they go (the build splices them in), found by the key each record
//! starts with (`{"slug":…` and
//! `{"id":…`: a bare `"` never occurs inside a JSON string, and no nested object has those keys,
//! so each occurs once, at its record).

use std::io::Write;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input};
use serde::Serialize;

use super::pages::summary_of;
use super::{Analysis, RenderInput};
use crate::diagnostics::{Category, Diagnostic};
use crate::model::Article;

/// An article edited in place, as it was before: its index, and what its record was made of.
pub struct ArticleBefore<'a> {
    pub index: usize,
    pub article: &'a Article,
    pub analysis: &'a Analysis,
    /// The entities it mentioned, in order of first mention.
    pub entities: &'a [usize],
}

/// What a hover card shows of an entity.
#[derive(Serialize)]
struct Card<'a> {
    name: &'a str,
    kind: &'a str,
    aliases: &'a [String],
    summary: String,
    url: String,
    /// Who the entity is, in a line (see `who.rs`), and the article that says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    who: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    who_from: Option<String>,
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
                self.article_record(article, &self.analyses[i], &self.index.article_entities[i])
            })
        });
        write_json(out, &records)
    }

    fn article_record<'a>(
        &'a self,
        article: &'a Article,
        analysis: &Analysis,
        entities: &[usize],
    ) -> ArticleRecord<'a> {
        ArticleRecord {
            slug: &article.slug,
            url: self.article_url(&article.slug),
            meta: &article.meta,
            mentioned: entities.iter().map(|&e| self.site.entities[e].id.as_str()).collect(),
            word_count: analysis.word_count,
            footnotes: analysis.footnote_count,
        }
    }

    /// What makes `data/articles.json` current after the articles in `edited` changed in place
    /// (each keeping its place in the list), from `old`, the file as it was written before:
    /// the ranges of the edited records, each with its new record. `None` when `old` does not
    /// hold the records as they were.
    pub fn patch_articles_json(
        &self,
        old: &[u8],
        edited: &[ArticleBefore<'_>],
    ) -> Option<Vec<(Range<usize>, Vec<u8>)>> {
        let keys: Vec<Vec<u8>> = edited
            .iter()
            .map(|before| record_key("slug", &before.article.slug))
            .collect::<Option<_>>()?;
        let starts = find_once(old, &keys)?;
        let mut replacements = Vec::with_capacity(edited.len());
        for (before, start) in edited.iter().zip(starts) {
            let was = self.article_record(before.article, before.analysis, before.entities);
            let was = serde_json::to_vec(&was).ok()?;
            let end = start + was.len();
            if old.get(start..end)? != was.as_slice() || !matches!(old.get(end), Some(b',' | b']'))
            {
                return None;
            }
            let i = before.index;
            let article = self.site.articles.get(i)?;
            let now =
                self.article_record(article, &self.analyses[i], &self.index.article_entities[i]);
            replacements.push((start..end, serde_json::to_vec(&now).ok()?));
        }
        Some(replacements)
    }
    /// The hover card of entity `id`: name, kind, aliases, the start of its description.
    pub fn render_entity_card(&self, id: &str) -> Result<String, Diagnostic> {
        let &e = self.index.entity_by_id.get(id).ok_or_else(|| {
            Diagnostic::error(Category::Render, None, format!("no entity `{id}` in the site"))
        })?;
        let entity = &self.site.entities[e];
        // The first sentence of the description the card shows already.
        let who = self.who(e).0.filter(|who| who.origin != "description");
        let card = Card {
            who_from: who.as_ref().and_then(|who| who.source_line(&self.globals.t)),
            who: who.map(|who| who.text),
            name: &entity.meta.name,
            kind: self.globals.t.entity_kind(entity.meta.kind, false),
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
        let records = Records(|| (0..self.site.entities.len()).map(|e| self.entity_record(e)));
        write_json(out, &records)
    }

    fn entity_record(&self, e: usize) -> EntityRecord<'_> {
        let entity = &self.site.entities[e];
        EntityRecord {
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
                    let article = &self.site.articles[found.article()];
                    let analysis = &self.analyses[found.article()];
                    MentionsInArticle {
                        article: &article.slug,
                        url: self.article_url(&article.slug),
                        count: found.count(),
                        anchors: analysis
                            .mentions_of(&entity.id)
                            .map(|m| analysis.mention_anchor(m))
                            .collect(),
                    }
                })
                .collect(),
        }
    }

    /// What makes `data/entities.json` current after the articles in `edited` changed in place
    /// (each keeping its place), from `old`, the file as it was written before, for the same
    /// entities: ranges of `old` with their new bytes, which patch the records of `entities`
    /// (indexes: those the edited articles mention, before or now), each where it shows the
    /// edited articles (its mention count, the articles' entries in its mentions) or, when
    /// that fails, made again whole. `None` when `old` does not hold a record of each.
    pub fn patch_entities_json(
        &self,
        old: &[u8],
        entities: &[usize],
        edited: &[ArticleBefore<'_>],
    ) -> Option<Vec<(Range<usize>, Vec<u8>)>> {
        let keys: Vec<Vec<u8>> = entities
            .iter()
            .map(|&e| record_key("id", &self.site.entities.get(e)?.id))
            .collect::<Option<_>>()?;
        let starts = find_once(old, &keys)?;
        let next_record = AhoCorasick::new([",{\"id\":\""]).ok()?;
        let mut replacements = Vec::with_capacity(entities.len());
        for (&e, start) in entities.iter().zip(starts) {
            let end = match next_record.find(Input::new(old).range(start..)) {
                Some(next) => next.start(),
                // The last record: the array closes after it.
                None => old.len().checked_sub(2).filter(|&end| &old[end..] == b"]\n")?,
            };
            match self.patch_entity_record(&old[start..end], e, edited) {
                Some(parts) => replacements.extend(
                    parts
                        .into_iter()
                        .map(|(range, bytes)| (start + range.start..start + range.end, bytes)),
                ),
                None => {
                    tracing::debug!(
                        "entities.json: record of {} made again",
                        self.site.entities[e].id
                    );
                    let record = serde_json::to_vec(&self.entity_record(e)).ok()?;
                    replacements.push((start..end, record));
                }
            }
        }
        Some(replacements)
    }

    /// Whether the records of `entities` in `data/entities.json` stay as they are after the
    /// articles in `edited` changed in place: each edited article's entry in each of them is
    /// what it was (the mention counts are the sums of those entries), so the file, tens of
    /// megabytes on a large site, need not even be read.
    pub fn entity_records_unchanged(
        &self,
        entities: &[usize],
        edited: &[ArticleBefore<'_>],
    ) -> bool {
        entities.iter().all(|&e| {
            let Some(entity) = self.site.entities.get(e) else { return false };
            edited.iter().all(|before| {
                let Some(article) = self.site.articles.get(before.index) else { return false };
                let was = self.mentions_entry(before.article, before.analysis, &entity.id);
                let now = self.mentions_entry(article, &self.analyses[before.index], &entity.id);
                was.is_some() && was == now
            })
        })
    }

    /// The changes to entity `e`'s record (`record`, as written before `edited`) that make it
    /// current: its mention count, and the entries of the edited articles in its mentions
    /// (each found by its first key and checked against what it was). The rest of a record,
    /// up to megabytes for an entity in thousands of articles, is left as it is.
    fn patch_entity_record(
        &self,
        record: &[u8],
        e: usize,
        edited: &[ArticleBefore<'_>],
    ) -> Option<Vec<(Range<usize>, Vec<u8>)>> {
        let id = &self.site.entities[e].id;
        let mut parts = Vec::new();
        let count_key = b"\"mention_count\":";
        let count_start = find(record, count_key, 0)? + count_key.len();
        let digits = record[count_start..].iter().take_while(|b| b.is_ascii_digit()).count();
        let count = self.index.entity_mention_counts[e].to_string().into_bytes();
        parts.push((count_start..count_start + digits, count));
        let list_key = b",\"mentions\":[";
        let list_start = find(record, list_key, count_start)? + list_key.len();
        let list_end = record.len().checked_sub(2).filter(|&end| &record[end..] == b"]}")?;
        let entry_at = |slug: &str| -> Option<usize> {
            let mut key = b"{\"article\":".to_vec();
            serde_json::to_writer(&mut key, slug).ok()?;
            key.push(b',');
            find(&record[..list_end], &key, list_start)
        };
        for before in edited {
            let was = self.mentions_entry(before.article, before.analysis, id)?;
            let article = self.site.articles.get(before.index)?;
            let now = self.mentions_entry(article, &self.analyses[before.index], id)?;
            match (was, now) {
                (None, None) => {}
                (Some(was), now) => {
                    let at = entry_at(&before.article.slug)?;
                    let end = at + was.len();
                    if record.get(at..end)? != was.as_slice() {
                        return None;
                    }
                    let part = match now {
                        Some(now) => (at..end, now),
                        // Gone: with the comma before it, or after it when it was first.
                        None if at > list_start => (at - 1..end, Vec::new()),
                        None if record[end] == b',' => (at..end + 1, Vec::new()),
                        None => (at..end, Vec::new()),
                    };
                    parts.push(part);
                }
                (None, Some(mut now)) => {
                    // New: before the entry of the article after it, or last.
                    let found = &self.index.entity_articles[e];
                    let place = found.iter().position(|f| f.article() == before.index)?;
                    let part = match found.get(place + 1) {
                        Some(next) => {
                            let at = entry_at(&self.site.articles[next.article()].slug)?;
                            now.push(b',');
                            (at..at, now)
                        }
                        None if list_end > list_start => {
                            now.insert(0, b',');
                            (list_end..list_end, now)
                        }
                        None => (list_end..list_end, now),
                    };
                    parts.push(part);
                }
            }
        }
        Some(parts)
    }

    /// The entry of `article` in the mentions of entity `id`, as `data/entities.json` writes
    /// it; `Some(None)` when the article does not mention it.
    fn mentions_entry(
        &self,
        article: &Article,
        analysis: &Analysis,
        id: &str,
    ) -> Option<Option<Vec<u8>>> {
        let anchors: Vec<&str> = analysis
            .mentions
            .iter()
            .filter(|m| analysis.mention_entity(m) == id)
            .map(|m| analysis.mention_anchor(m))
            .collect();
        if anchors.is_empty() {
            return Some(None);
        }
        let entry = MentionsInArticle {
            article: &article.slug,
            url: self.article_url(&article.slug),
            count: anchors.len(),
            anchors,
        };
        serde_json::to_vec(&entry).ok().map(Some)
    }
}

/// Where `needle` first occurs in `haystack` from `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let finder = AhoCorasick::new([needle]).ok()?;
    finder.find(Input::new(haystack).range(from..)).map(|found| found.start())
}

/// How the record whose `field` (its first) is `value` starts: `{"field":"value",`.
fn record_key(field: &str, value: &str) -> Option<Vec<u8>> {
    let mut key = format!("{{\"{field}\":").into_bytes();
    serde_json::to_writer(&mut key, value).ok()?;
    key.push(b',');
    Some(key)
}

/// Where each of `keys` starts in `json`, a top-level array of records, each found once at the
/// start of a record; `None` when one is missing or found twice.
fn find_once(json: &[u8], keys: &[Vec<u8>]) -> Option<Vec<usize>> {
    let finder = AhoCorasick::new(keys).ok()?;
    let mut starts = vec![None; keys.len()];
    for found in finder.find_iter(json) {
        let slot = &mut starts[found.pattern().as_usize()];
        let after_separator = found.start() > 0 && matches!(json[found.start() - 1], b'[' | b',');
        if slot.is_some() || !after_separator {
            return None;
        }
        *slot = Some(found.start());
    }
    starts.into_iter().collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_record_by_its_first_key_only_at_a_record() {
        // The second record's title quotes the first record's key: inside a string every `"`
        // is escaped, so it is no match.
        let records = serde_json::json!([
            {"slug": "a", "title": "x"},
            {"slug": "b", "title": "{\"slug\":\"a\","},
            {"slug": "c", "title": "y"},
        ]);
        let json = serde_json::to_vec(&records).unwrap();
        let keys = [record_key("slug", "a").unwrap(), record_key("slug", "c").unwrap()];
        let starts = find_once(&json, &keys).unwrap();
        assert_eq!(&json[starts[0]..starts[0] + 10], br#"{"slug":"a"#);
        assert!(json[starts[1]..].starts_with(br#"{"slug":"c","title":"y"}"#));
        assert_eq!(find_once(&json, &[record_key("slug", "d").unwrap()]), None);
    }
}
