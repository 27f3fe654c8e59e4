//! The finished index as static files under [`INDEX_DIR`](super::INDEX_DIR), for `search.js`:
//!
//! - `manifest.json`: format, version (a hash of every other file, for cache busting), number
//!   of documents, average length, the term shards (key, bytes, exact) and the fold table;
//! - `t/<key>.bin`: a term shard, every term starting with `key` (`_` for the empty key) or,
//!   when `exact`, only the term `key`. Shards split by one more letter of the key while they
//!   are over [`SHARD_BYTES`], so a term is in the one shard whose key is its longest prefix,
//!   and a prefix's terms are in one shard or in the shards under it. Entries, by term: varint
//!   shared-prefix length with the previous term, varint suffix length, the suffix (ASCII),
//!   varint document count, varint byte length, the postings (see [`PostingList`]);
//! - `lengths.bin`: one byte per document number, its length in terms (see [`length_byte`]);
//! - `d/<n>.json`: documents `n * 32 ..`: `[url, title, kind, date or null, excerpt, names]`
//!   each: the excerpt shown when no passage of the text matched, an entity's names (its name
//!   and aliases, empty for other documents).
//!
//! The index keeps no copy of the documents' text: the results page finds the passage that
//! matched in the page it links to (an article's or free page's byline and `.article-body`,
//! fetched for the results shown), and an entity's text is its names and excerpt, in its row.
//!
//! Documents are numbered articles first (oldest first), then entities, then pages, each kind
//! from a multiple of 1,024 (numbers in between are unused). File names do not depend on the
//! content and a document keeps its number while documents are only added after it in its
//! kind, so an edit rewrites only the shards whose terms it changed.

use std::ops::Range;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Serialize;

use super::postings::{PostingList, push_varint, read_varint};
use super::terms::FoldTable;
use super::{Document, Index, OutputFiles, Put};

/// A term shard splits by one more letter above this size, so that a query's few words fetch
/// a few small files.
pub const SHARD_BYTES: usize = 48 * 1024;

/// Documents per `d/<n>.json`: a page of results fetches a few of these small files.
pub const DOCUMENT_SHARD_SIZE: usize = 32;

/// Bumped whenever the files change meaning; `search.js` refuses other formats.
pub const FORMAT: u32 = 3;

/// One term shard: the terms starting with `key` (only the term `key` itself when `exact`).
#[derive(Debug, PartialEq, Eq)]
pub struct TermShard {
    pub key: String,
    pub exact: bool,
    pub terms: Range<usize>,
}

/// Splits the sorted `terms` into shards keyed by prefix, each at most `limit` bytes unless it
/// holds one term.
pub fn split_terms(terms: &[(Box<str>, PostingList)], limit: usize) -> Vec<TermShard> {
    split_terms_under(terms, 0, limit)
}

/// [`split_terms`] for sorted `terms` that all start with the same `depth` bytes: the shards of
/// that prefix's part of the index.
pub fn split_terms_under(
    terms: &[(Box<str>, PostingList)],
    depth: usize,
    limit: usize,
) -> Vec<TermShard> {
    let mut ends = Vec::with_capacity(terms.len() + 1);
    ends.push(0);
    let mut total = 0;
    for (term, list) in terms {
        total += entry_bytes(term, list);
        ends.push(total);
    }
    let mut shards = Vec::new();
    split(terms, &ends, 0..terms.len(), depth, limit, &mut shards);
    shards
}

/// `terms[range]` all start with the same `depth` bytes: one shard, or one per next byte.
fn split(
    terms: &[(Box<str>, PostingList)],
    ends: &[usize],
    range: Range<usize>,
    depth: usize,
    limit: usize,
    shards: &mut Vec<TermShard>,
) {
    if range.is_empty() {
        return;
    }
    let key = &terms[range.start].0[..depth];
    if ends[range.end] - ends[range.start] <= limit || range.len() == 1 {
        shards.push(TermShard { key: key.to_string(), exact: false, terms: range });
        return;
    }
    let mut start = range.start;
    // Sorted first: the term that is the key itself, which no longer key is a prefix of.
    if terms[start].0.len() == depth {
        shards.push(TermShard { key: key.to_string(), exact: true, terms: start..start + 1 });
        start += 1;
    }
    while start < range.end {
        let byte = terms[start].0.as_bytes()[depth];
        let end = start
            + terms[start..range.end].partition_point(|(term, _)| term.as_bytes()[depth] == byte);
        split(terms, ends, start..end, depth + 1, limit, shards);
        start = end;
    }
}

/// What one entry counts for when shards split.
pub fn entry_bytes(term: &str, list: &PostingList) -> usize {
    term.len() + list.bytes.len() + 8
}

/// The bytes of a term shard holding `terms` (sorted).
pub fn encode_term_shard(terms: &[(Box<str>, PostingList)]) -> Vec<u8> {
    let size = terms.iter().map(|(term, list)| entry_bytes(term, list)).sum();
    let mut out = Vec::with_capacity(size);
    let mut previous: &str = "";
    for (term, list) in terms {
        let shared = previous.bytes().zip(term.bytes()).take_while(|(a, b)| a == b).count();
        push_varint(&mut out, shared as u64);
        push_varint(&mut out, (term.len() - shared) as u64);
        out.extend_from_slice(&term.as_bytes()[shared..]);
        push_varint(&mut out, u64::from(list.documents));
        push_varint(&mut out, list.bytes.len() as u64);
        out.extend_from_slice(&list.bytes);
        previous = term;
    }
    out
}

/// The entries of a term shard, as [`encode_term_shard`] wrote them; `None` when the bytes are
/// not a term shard.
pub fn decode_term_shard(bytes: &[u8]) -> Option<Vec<(Box<str>, PostingList)>> {
    let mut entries: Vec<(Box<str>, PostingList)> = Vec::new();
    let mut position = 0;
    let read = |position: &mut usize| -> Option<usize> {
        usize::try_from(read_varint(bytes, position)?).ok()
    };
    while position < bytes.len() {
        let shared = read(&mut position)?;
        let suffix = read(&mut position)?;
        let previous = entries.last().map_or("", |(term, _)| term);
        let mut term = previous.get(..shared)?.to_string();
        let end = position.checked_add(suffix)?;
        term.push_str(std::str::from_utf8(bytes.get(position..end)?).ok()?);
        position = end;
        let documents = u32::try_from(read(&mut position)?).ok()?;
        let size = read(&mut position)?;
        let end = position.checked_add(size)?;
        let list = PostingList::encoded(documents, bytes.get(position..end)?.to_vec());
        position = end;
        entries.push((term.into(), list));
    }
    Some(entries)
}

/// A document's length in one byte: exact up to 15, then 3 bits of mantissa (within 12.5 %),
/// integer arithmetic only so every machine writes the same byte. `search.js` decodes it.
pub fn length_byte(length: u32) -> u8 {
    if length < 16 {
        return length as u8;
    }
    let exponent = 31 - length.leading_zeros();
    let mantissa = (length >> (exponent - 3)) & 7;
    (16 + (exponent - 4) * 8 + mantissa) as u8
}

/// Inverse of [`length_byte`] (the lower bound of the byte's range).
#[cfg(test)]
pub fn byte_length(byte: u8) -> u32 {
    if byte < 16 {
        return u32::from(byte);
    }
    let exponent = u32::from(byte - 16) / 8 + 4;
    let mantissa = u32::from(byte - 16) % 8;
    (8 + mantissa) << (exponent - 3)
}

#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    version: String,
    documents: usize,
    average_length: f64,
    document_shard_size: usize,
    /// `[key, bytes, exact (0 or 1)]`, by key.
    terms: Vec<(&'a str, usize, u8)>,
    fold: &'a FoldTable,
}

/// The term shard's file, inside the index folder.
pub fn term_shard_path(key: &str) -> String {
    format!("t/{}.bin", if key.is_empty() { "_" } else { key })
}

/// `manifest.json`, given the (path, xxh3-128 digest) of every other file in the order
/// [`index_files`] makes them, the number of documents and their total length, and the term
/// shards (key, bytes, exact) by key.
pub fn manifest_bytes(
    digests: &[(&str, u128)],
    documents: usize,
    total_length: u64,
    shards: &[(&str, usize, bool)],
    folds: &FoldTable,
) -> Result<Vec<u8>> {
    let version =
        digests.iter().fold(xxhash_rust::xxh3::Xxh3Default::new(), |mut hash, (path, digest)| {
            hash.update(path.as_bytes());
            hash.update(&digest.to_le_bytes());
            hash
        });
    let manifest = Manifest {
        format: FORMAT,
        version: format!("{:016x}", version.digest()),
        documents,
        average_length: if documents == 0 { 0.0 } else { total_length as f64 / documents as f64 },
        document_shard_size: DOCUMENT_SHARD_SIZE,
        terms: shards.iter().map(|&(key, bytes, exact)| (key, bytes, u8::from(exact))).collect(),
        fold: folds,
    };
    serde_json::to_vec(&manifest).context("cannot write the search manifest")
}

/// The number of the `d/<n>.json` file holding a document.
fn file_of(document: &Document) -> usize {
    document.number as usize / DOCUMENT_SHARD_SIZE
}

/// The `d/<n>.json` file of `documents`, all of one file: (path, bytes).
fn document_file(documents: &[Document]) -> Result<(String, Vec<u8>)> {
    let rows: Vec<_> = documents
        .iter()
        .map(|d| (&d.url, &d.title, d.kind, &d.date, &d.excerpt, &d.names))
        .collect();
    let bytes = serde_json::to_vec(&rows).context("cannot write the search documents")?;
    Ok((format!("d/{}.json", file_of(&documents[0])), bytes))
}

/// Makes the `d/<n>.json` files of `documents` (those not in a file yet) that no later
/// document can join (all but the last file's, since numbers only rise), hands each to `put`,
/// notes it in `made` and empties its documents' text (their number and length stay for
/// `lengths.bin`). Returns how many documents the files made hold.
pub fn put_complete_document_files(
    documents: &mut [Document],
    made: &mut Vec<(String, usize, u128)>,
    put: Put<'_>,
) -> Result<usize> {
    let Some(last) = documents.last().map(file_of) else { return Ok(0) };
    let mut done = 0;
    let files = documents.chunk_by_mut(|a, b| file_of(a) == file_of(b));
    for chunk in files.take_while(|chunk| file_of(&chunk[0]) < last) {
        let (path, bytes) = document_file(chunk)?;
        made.push((path.clone(), bytes.len(), xxhash_rust::xxh3::xxh3_128(&bytes)));
        put(&path, bytes)?;
        done += chunk.len();
        for document in chunk {
            document.url = String::new();
            document.title = String::new();
            document.date = None;
            document.excerpt = String::new();
            document.names = Vec::new();
        }
    }
    Ok(done)
}

/// Every file of the index: (path inside the index folder, bytes), the manifest last.
/// Term shards split above `shard_bytes` ([`SHARD_BYTES`] but in tests).
pub fn index_files(index: &Index, shard_bytes: usize) -> Result<OutputFiles> {
    let files = std::sync::Mutex::new(Vec::new());
    let order = write_index_files(index, shard_bytes, &|path: &str, bytes: Vec<u8>| {
        files.lock().unwrap_or_else(|e| e.into_inner()).push((path.to_string(), bytes));
        Ok(())
    })?;
    // Shards are made in parallel: put them back in the order the manifest lists them.
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    let place: std::collections::HashMap<&str, usize> =
        order.iter().enumerate().map(|(i, path)| (path.as_str(), i)).collect();
    files.sort_by_key(|(path, _)| place.get(path.as_str()).copied().unwrap_or(usize::MAX));
    Ok(files)
}

/// Makes every file of the index and hands each to `put` (path inside the index folder,
/// bytes) as soon as it is made, so that the index's files are never all in memory beside its
/// postings; term shards come from several threads at once. Returns the paths in the order
/// [`index_files`] lists them, the manifest last (and put last).
pub fn write_index_files(index: &Index, shard_bytes: usize, put: Put<'_>) -> Result<Vec<String>> {
    let Index { terms, documents, folds, .. } = index;
    let shards = split_terms(terms, shard_bytes);
    // (path, length, digest) of every file made, in order.
    let mut made: Vec<(String, usize, u128)> = shards
        .par_iter()
        .map(|shard| {
            let path = term_shard_path(&shard.key);
            let bytes = encode_term_shard(&terms[shard.terms.clone()]);
            let made = (path, bytes.len(), xxhash_rust::xxh3::xxh3_128(&bytes));
            put(&made.0, bytes)?;
            Ok(made)
        })
        .collect::<Result<_>>()?;
    let shard_bytes: Vec<usize> = made.iter().map(|(_, len, _)| *len).collect();
    let put_one = |made: &mut Vec<(String, usize, u128)>, path: String, bytes: Vec<u8>| {
        made.push((path.clone(), bytes.len(), xxhash_rust::xxh3::xxh3_128(&bytes)));
        put(&path, bytes)
    };
    // Numbers run on within a kind, and each kind starts a file of its own. The first files
    // may be made already (see `put_complete_document_files`).
    for (i, chunk) in documents.chunk_by(|a, b| file_of(a) == file_of(b)).enumerate() {
        match index.made.get(i) {
            Some(file) => made.push(file.clone()),
            None => {
                let (path, bytes) = document_file(chunk)?;
                put_one(&mut made, path, bytes)?;
            }
        }
    }
    let mut lengths = vec![0; documents.last().map_or(0, |d| d.number as usize + 1)];
    for document in documents {
        lengths[document.number as usize] = length_byte(document.length);
    }
    put_one(&mut made, "lengths.bin".into(), lengths)?;
    let total_length: u64 = documents.iter().map(|d| u64::from(d.length)).sum();
    let digests: Vec<(&str, u128)> =
        made.iter().map(|(path, _, digest)| (path.as_str(), *digest)).collect();
    let shards: Vec<(&str, usize, bool)> = shards
        .iter()
        .zip(shard_bytes)
        .map(|(shard, bytes)| (shard.key.as_str(), bytes, shard.exact))
        .collect();
    let manifest = manifest_bytes(&digests, documents.len(), total_length, &shards, folds)?;
    let mut order: Vec<String> = made.into_iter().map(|(path, _, _)| path).collect();
    put("manifest.json", manifest)?;
    order.push("manifest.json".into());
    Ok(order)
}
