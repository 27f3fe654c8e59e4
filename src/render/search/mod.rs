//! Offline full-text search for the render stage: articles, entities and pages → gloss's own
//! static, sharded index ([`INDEX_DIR`] in the output; format in [`files`]), which the search
//! page (`search.js`) loads piece by piece in the browser. It needs no server code, so it works
//! wherever `dist/` is served as static files.
//!
//! Terms are Unicode words folded to ASCII ([`terms`]); postings hold no positions, only
//! (document, term frequency, in title), enough for BM25 ranking. Documents stream in batches
//! tokenised in parallel ([`postings`]), so memory follows the size of the postings, not of the
//! text. (gloss used Pagefind before; see docs/render.md for why it left.)

pub mod files;
pub mod patch;
pub mod postings;
pub mod terms;

use anyhow::Result;
use rayon::prelude::*;

use super::markdown::collapse_whitespace;
use super::pages::summary_of;
use super::{Analysis, RenderInput};
use crate::model::{Article, Entity};
use postings::{DocumentTerms, Postings};
use terms::FoldTable;

/// The folder of the index in the output, with its slash.
pub const INDEX_DIR: &str = "search-index/";

/// Whether an output path belongs to the search index.
pub fn is_search_output(path: &str) -> bool {
    path.starts_with(INDEX_DIR)
}

/// Characters of a document's text shown under its title in the results.
const EXCERPT_CHARS: usize = 200;

/// Documents tokenised together: enough to keep both cores busy, few enough that their text
/// is a few megabytes.
const BATCH: usize = 256;

/// Each kind's documents are numbered from a multiple of this, so a new article does not
/// renumber the entities after it (which would rewrite every shard holding one of their words).
const NUMBER_BLOCK: u32 = 1024;

/// One searchable record: its URL, title, kind, plain text, the excerpt results show when
/// no passage matched, and the names it is known by (an entity's name and aliases) or whose
/// entities it mentions (an article), which find it too.
pub struct SearchRecord {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub text: String,
    pub excerpt: String,
    pub names: Vec<String>,
}

impl SearchRecord {
    /// The record's terms: an entity's own names count as its title.
    pub fn terms(&self) -> DocumentTerms {
        DocumentTerms::with_names(&self.title, &self.text, &self.names, self.kind == "Entity")
    }

    /// The names the results page shows the record's matches by: an entity's, for marking
    /// them in the passages of the articles it finds.
    pub fn shown_names(&self) -> &[String] {
        if self.kind == "Entity" { &self.names } else { &[] }
    }
}

impl RenderInput<'_> {
    pub fn search_record_count(&self) -> usize {
        self.site.articles.len() + self.site.entities.len() + self.site.pages.len()
    }

    /// The records to index: every article (oldest first, so a new article takes the next
    /// number and leaves the others' alone), entity and free page, made one at a time as the
    /// indexer takes them (all the articles' text at once would be the size of the archive).
    pub fn search_records(&self) -> impl Iterator<Item = SearchRecord> + '_ {
        let articles = self
            .index
            .article_order
            .iter()
            .rev()
            .map(|&i| self.article_search_record(&self.site.articles[i], &self.analyses[i]));
        let entities = self
            .site
            .entities
            .iter()
            .enumerate()
            .map(|(e, entity)| self.entity_search_record(entity, &self.descriptions[e]));
        let pages = self.site.pages.iter().enumerate().map(|(p, page)| SearchRecord {
            url: self.page_url(&page.slug),
            title: page.meta.title.clone(),
            kind: "Page",
            date: None,
            text: self.page_bodies[p].text.to_string(),
            excerpt: excerpt_of(&self.page_bodies[p].text),
            names: Vec::new(),
        });
        articles.chain(entities).chain(pages)
    }

    /// The search record of an article with `analysis` (its current one, or the one it had
    /// before an edit).
    pub fn article_search_record(&self, article: &Article, analysis: &Analysis) -> SearchRecord {
        // The byline first: its authors and source find the article too.
        let mut text = article.meta.authors.join(", ");
        if let Some(source) = &article.meta.source {
            text.push('\n');
            text.push_str(source);
        }
        text.push('\n');
        text.push_str(&analysis.text);
        SearchRecord {
            url: self.article_url(&article.slug),
            title: article.meta.title.clone(),
            kind: "Article",
            date: article.meta.date.map(|d| self.globals.t.date(d)),
            excerpt: excerpt_of(&analysis.text),
            text,
            names: self.names_mentioned(analysis),
        }
    }

    /// Every name and alias of the entities `analysis` mentions, in order of first mention.
    fn names_mentioned(&self, analysis: &Analysis) -> Vec<String> {
        let mut names = Vec::new();
        for id in &analysis.entities {
            if let Some(&e) = self.index.entity_by_id.get(&**id) {
                names.extend(entity_names(&self.site.entities[e]));
            }
        }
        names
    }

    /// The record of an entity with the description `description`: its names and summary.
    pub fn entity_search_record(&self, entity: &Entity, description: &Analysis) -> SearchRecord {
        let mut text = entity.meta.name.clone();
        for alias in &entity.meta.aliases {
            text.push_str(", ");
            text.push_str(alias);
        }
        text.push('\n');
        let summary = summary_of(description);
        text.push_str(&summary);
        SearchRecord {
            url: self.entity_url(&entity.id),
            title: entity.meta.name.clone(),
            kind: "Entity",
            date: None,
            text,
            excerpt: summary,
            names: entity_names(entity).collect(),
        }
    }

    /// The number of entity `e` in the index: entities follow the articles, from the next
    /// multiple of [`NUMBER_BLOCK`].
    pub fn entity_search_number(&self, e: usize) -> u32 {
        let articles = self.site.articles.len() as u32;
        articles.next_multiple_of(NUMBER_BLOCK) + e as u32
    }

    /// The number of article `i` in the index: articles come first, oldest first.
    pub fn article_search_number(&self, i: usize) -> u32 {
        let oldest_first = self.site.articles.len() - 1 - self.index.article_rank[i];
        oldest_first as u32
    }
}

/// An entity's name, then its aliases.
fn entity_names(entity: &Entity) -> impl Iterator<Item = String> + '_ {
    std::iter::once(entity.meta.name.clone()).chain(entity.meta.aliases.iter().cloned())
}

/// The start of a text, whitespace collapsed, cut at a word near [`EXCERPT_CHARS`].
fn excerpt_of(text: &str) -> String {
    let head = match text.char_indices().nth(EXCERPT_CHARS * 2) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let collapsed = collapse_whitespace(head);
    if collapsed.chars().count() <= EXCERPT_CHARS && head.len() == text.len() {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(EXCERPT_CHARS).collect();
    format!("{} …", cut.rsplit_once(' ').map_or(cut.as_str(), |(kept, _)| kept))
}

/// What the results show of one document, and its length for ranking.
pub struct Document {
    pub number: u32,
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub excerpt: String,
    /// [`SearchRecord::shown_names`].
    pub names: Vec<String>,
    pub length: u32,
}

/// Files for the output folder: (path inside it, bytes).
pub type OutputFiles = Vec<(String, Vec<u8>)>;

/// Builds the search index for `records`: (path inside the output folder, bytes).
pub fn build_search_index(records: impl IntoIterator<Item = SearchRecord>) -> Result<OutputFiles> {
    let files = build_search_index_unless(records, &|| false)?;
    Ok(files.expect("never cancelled"))
}

/// [`build_search_index`], given up (`None`) as soon as `cancelled` says so: between batches,
/// so an index that is no longer wanted stops within milliseconds.
pub fn build_search_index_unless(
    records: impl IntoIterator<Item = SearchRecord>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Option<OutputFiles>> {
    let started = std::time::Instant::now();
    let Some(index) = index_records(records, cancelled) else { return Ok(None) };
    tracing::debug!(
        "search: {} terms in {} documents: {:?}",
        index.terms.len(),
        index.documents.len(),
        started.elapsed()
    );
    if cancelled() {
        return Ok(None);
    }
    let files = files::index_files(&index, files::SHARD_BYTES)?;
    tracing::debug!(
        "search: {} files, {} bytes: {:?}",
        files.len(),
        files.iter().map(|(_, bytes)| bytes.len()).sum::<usize>(),
        started.elapsed()
    );
    let files = files.into_iter().map(|(path, bytes)| (format!("{INDEX_DIR}{path}"), bytes));
    Ok(Some(files.collect()))
}

/// [`build_search_index`], each file handed to `put` (path inside the output folder, bytes) as
/// soon as it is made, instead of all of them returned at once: a large site's index files
/// (about 1 KB per document) are then never all in memory beside its postings. Returns how
/// many files it made.
pub fn write_search_index(
    records: impl IntoIterator<Item = SearchRecord>,
    put: Put<'_>,
) -> Result<usize> {
    let started = std::time::Instant::now();
    let put_in_folder = |path: &str, file: Vec<u8>| put(&format!("{INDEX_DIR}{path}"), file);
    let index =
        index_records_into(records, &|| false, Some(&put_in_folder))?.expect("never cancelled");
    tracing::debug!(
        "search: {} terms in {} documents: {:?}",
        index.terms.len(),
        index.documents.len(),
        started.elapsed()
    );
    let files = files::write_index_files(&index, files::SHARD_BYTES, &put_in_folder)?.len();
    tracing::debug!("search: {files} files: {:?}", started.elapsed());
    Ok(files)
}

/// The index in memory: every term's postings, by term; the documents, by number; the
/// folding of every non-ASCII character met.
pub struct Index {
    pub terms: Vec<(Box<str>, postings::PostingList)>,
    pub documents: Vec<Document>,
    pub folds: FoldTable,
    /// The first `d/<n>.json` files, already handed out while the documents were numbered:
    /// (path, length, digest), in order. Their documents keep only their number and length.
    pub made: Vec<(String, usize, u128)>,
}

/// Where the index hands each file as soon as it is made: (path, bytes).
pub type Put<'p> = &'p (dyn Fn(&str, Vec<u8>) -> Result<()> + Sync);

/// Tokenises `records` batch by batch, each batch in parallel.
fn index_records(
    records: impl IntoIterator<Item = SearchRecord>,
    cancelled: &dyn Fn() -> bool,
) -> Option<Index> {
    index_records_into(records, cancelled, None).expect("nothing to write")
}

/// [`index_records`]; with `put`, each `d/<n>.json` file is made and handed to it as soon as
/// its documents are all numbered, so that their titles and excerpts are not all in memory
/// until the end.
fn index_records_into(
    records: impl IntoIterator<Item = SearchRecord>,
    cancelled: &dyn Fn() -> bool,
    put: Option<Put<'_>>,
) -> Result<Option<Index>> {
    let mut records = records.into_iter();
    let mut postings = Postings::default();
    let mut documents: Vec<Document> = Vec::new();
    let mut made = Vec::new();
    // Documents in the `made` files.
    let mut in_files = 0;
    let mut folds = FoldTable::new();
    let (mut next, mut kind) = (0u32, None);
    loop {
        if cancelled() {
            return Ok(None);
        }
        let batch: Vec<SearchRecord> = records.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let numbers: Vec<u32> = batch
            .iter()
            .map(|record| {
                if kind.is_some_and(|kind| kind != record.kind) {
                    next = next.next_multiple_of(NUMBER_BLOCK);
                }
                kind = Some(record.kind);
                next += 1;
                next - 1
            })
            .collect();
        let terms: Vec<DocumentTerms> = batch.par_iter().map(SearchRecord::terms).collect();
        postings.add_batch(&numbers, &terms);
        for ((record, terms), number) in batch.into_iter().zip(terms).zip(numbers) {
            folds.extend(terms.folds);
            let names = record.shown_names().to_vec();
            documents.push(Document {
                number,
                url: record.url,
                title: record.title,
                kind: record.kind,
                date: record.date,
                excerpt: record.excerpt,
                names,
                length: terms.length,
            });
        }
        if let Some(put) = put {
            let pending = &mut documents[in_files..];
            in_files += files::put_complete_document_files(pending, &mut made, put)?;
        }
    }
    Ok(Some(Index { terms: postings.into_sorted(), documents, folds, made }))
}

#[cfg(test)]
mod tests;
