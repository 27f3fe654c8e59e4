//! The index in the output folder brought up to date after documents changed in place, without
//! indexing everything again: the files a full build of the new records would write, found by
//! reading only the document shard of each changed document, the term shards of its old and new
//! terms (a few more when shards may merge), `lengths.bin` and the manifest.
//!
//! A document keeps its number only while none is added or removed before it in its kind; a
//! change that would renumber documents (a document added, removed or moved) is refused
//! ([`CannotPatch`]), and the caller builds the index in full.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::ops::{Bound, Range};

use serde::Deserialize;

use super::files::{
    DOCUMENT_SHARD_SIZE, FORMAT, decode_term_shard, encode_term_shard, entry_bytes, length_byte,
    manifest_bytes, split_terms_under, term_shard_path,
};
use super::postings::{PostingList, try_decode};
use super::terms::FoldTable;
use super::{INDEX_DIR, OutputFiles, SearchRecord};

/// A document changed in place: its number in the index, its record before and after.
pub struct ChangedDocument {
    pub number: u32,
    pub old: SearchRecord,
    pub new: SearchRecord,
}

/// The index as the last build wrote it into the output folder. Paths are inside the output
/// folder (`search-index/...`).
pub trait IndexFolder {
    /// The bytes of the index file at `path`.
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>>;
    /// The xxh3-128 digest of the file at `path` when known without reading it.
    fn digest(&self, path: &str) -> Option<u128>;
    /// Every file of the index.
    fn paths(&self) -> Vec<String>;
}

/// What to do to the output folder so the index equals a full build of the new records.
#[derive(Debug, Default)]
pub struct IndexPatch {
    /// Files to write (some may hold the bytes they already hold).
    pub write: OutputFiles,
    /// Files of the old index the new one no longer has.
    pub remove: Vec<String>,
}

/// Why a patch was refused: the caller builds the index in full instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CannotPatch {
    /// A document would change number (kind changed, or numbers out of range).
    Renumbered,
    /// A non-ASCII character left a document: whether another one still has it, and so whether
    /// it stays in the fold table, only a full build knows.
    FoldMayShrink(char),
    /// A file of the index could not be read.
    Unreadable(String),
    /// The files do not hold what the old records say they should (an index of other records).
    Inconsistent(String),
}

impl fmt::Display for CannotPatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CannotPatch::Renumbered => write!(f, "documents would be renumbered"),
            CannotPatch::FoldMayShrink(c) => write!(f, "{c:?} may leave the fold table"),
            CannotPatch::Unreadable(why) => write!(f, "cannot read the index: {why}"),
            CannotPatch::Inconsistent(why) => write!(f, "the index does not match: {why}"),
        }
    }
}

fn inconsistent(why: impl Into<String>) -> CannotPatch {
    CannotPatch::Inconsistent(why.into())
}

/// The patch that makes the index in `folder` equal, byte for byte, to a full build of the
/// records after `changes`.
pub fn patch_search_index(
    folder: &dyn IndexFolder,
    changes: &[ChangedDocument],
) -> Result<IndexPatch, CannotPatch> {
    patch_index_files(folder, changes, super::files::SHARD_BYTES)
}

#[derive(Deserialize)]
struct ManifestIn {
    format: u32,
    documents: usize,
    average_length: f64,
    document_shard_size: usize,
    terms: Vec<(String, usize, u8)>,
    fold: FoldTable,
}

/// One term shard of the old index, from the manifest.
struct OldShard {
    key: String,
    bytes: usize,
    exact: bool,
}

/// One document's postings change for a term: (frequency, in title) before and after.
struct Posting {
    number: u32,
    old: Option<(u32, bool)>,
    new: Option<(u32, bool)>,
}

/// A term whose postings change.
struct TermChange {
    /// Its shard in the old index, if any holds it or would.
    shard: Option<usize>,
    /// Whether the old index has it, and its size for splitting.
    old_size: Option<usize>,
    new: Option<PostingList>,
}

/// [`patch_search_index`] with term shards split above `shard_bytes`.
pub fn patch_index_files(
    folder: &dyn IndexFolder,
    changes: &[ChangedDocument],
    shard_bytes: usize,
) -> Result<IndexPatch, CannotPatch> {
    let read = |path: &str| {
        let path = format!("{INDEX_DIR}{path}");
        folder.read(&path).map_err(|e| CannotPatch::Unreadable(format!("{path}: {e}")))
    };
    let manifest: ManifestIn = serde_json::from_slice(&read("manifest.json")?)
        .map_err(|e| inconsistent(format!("manifest.json: {e}")))?;
    if manifest.format != FORMAT || manifest.document_shard_size != DOCUMENT_SHARD_SIZE {
        return Err(inconsistent("another format"));
    }
    let mut numbers = BTreeSet::new();
    if changes.iter().any(|c| c.old.kind != c.new.kind || !numbers.insert(c.number)) {
        return Err(CannotPatch::Renumbered);
    }
    let mut folds = manifest.fold;
    let mut lengths = read("lengths.bin")?;
    // The manifest holds the average; the total it came from is exact well beyond any archive.
    let mut total_length = (manifest.average_length * manifest.documents as f64).round() as i64;
    let mut postings: BTreeMap<Box<str>, Vec<Posting>> = BTreeMap::new();
    for change in changes {
        let old = change.old.terms();
        let new = change.new.terms();
        if let Some(&gone) = old.folds.keys().find(|c| !new.folds.contains_key(c)) {
            return Err(CannotPatch::FoldMayShrink(gone));
        }
        folds.extend(new.folds.clone());
        let slot = lengths.get_mut(change.number as usize).ok_or(CannotPatch::Renumbered)?;
        if *slot != length_byte(old.length) {
            return Err(inconsistent(format!("length of document {}", change.number)));
        }
        *slot = length_byte(new.length);
        total_length += i64::from(new.length) - i64::from(old.length);
        let before: HashMap<&str, (u32, bool)> =
            old.terms().map(|(term, tf, title)| (term, (tf, title))).collect();
        let after: HashMap<&str, (u32, bool)> =
            new.terms().map(|(term, tf, title)| (term, (tf, title))).collect();
        for term in before.keys().chain(after.keys().filter(|t| !before.contains_key(*t))) {
            let (old, new) = (before.get(term).copied(), after.get(term).copied());
            if old != new {
                let posting = Posting { number: change.number, old, new };
                postings.entry((*term).into()).or_default().push(posting);
            }
        }
    }
    if total_length < 0 {
        return Err(inconsistent("total length"));
    }
    let mut files = OutputFiles::new();
    let documents = patch_document_shards(changes, &read, &mut files)?;

    let shards: Vec<OldShard> = manifest
        .terms
        .into_iter()
        .map(|(key, bytes, exact)| OldShard { key, bytes, exact: exact == 1 })
        .collect();
    if shards.windows(2).any(|w| w[0].key >= w[1].key) || shards.iter().any(|s| !s.key.is_ascii()) {
        return Err(inconsistent("term shards out of order"));
    }
    let mut layout = Layout {
        shards: &shards,
        loaded: HashMap::new(),
        changed: BTreeMap::new(),
        limit: shard_bytes,
        document_count: manifest.documents,
        read: &read,
    };
    layout.change_terms(postings)?;
    let mut new_shards = Vec::new();
    layout.patch_node("", &mut new_shards)?;

    // The files in the order a full build makes them, for the version.
    let digest_of = |path: &str, bytes: Option<&[u8]>| -> Result<u128, CannotPatch> {
        match bytes {
            Some(bytes) => Ok(crate::write::hash(bytes)),
            None => match folder.digest(&format!("{INDEX_DIR}{path}")) {
                Some(digest) => Ok(digest),
                None => Ok(crate::write::hash(&read(path)?)),
            },
        }
    };
    let mut digests: Vec<(String, u128)> = Vec::new();
    let mut listed: Vec<(&str, usize, bool)> = Vec::new();
    let mut live = BTreeSet::new();
    for shard in &new_shards {
        match shard {
            NewShard::Kept(i) => {
                let old = &shards[*i];
                let path = term_shard_path(&old.key);
                digests.push((path.clone(), digest_of(&path, None)?));
                listed.push((&old.key, old.bytes, old.exact));
                live.insert(path);
            }
            NewShard::Written { key, exact, bytes } => {
                let path = term_shard_path(key);
                digests.push((path.clone(), digest_of(&path, Some(bytes))?));
                listed.push((key, bytes.len(), *exact));
                live.insert(path.clone());
                files.push((path, bytes.clone()));
            }
        }
    }
    let mut document_files: Vec<(u32, String)> = folder
        .paths()
        .iter()
        .filter_map(|p| p.strip_prefix(INDEX_DIR))
        .filter_map(|p| {
            let n = p.strip_prefix("d/")?.strip_suffix(".json")?.parse().ok()?;
            Some((n, p.to_string()))
        })
        .collect();
    document_files.sort();
    for (_, path) in &document_files {
        let written = documents.get(path).map(Vec::as_slice);
        digests.push((path.clone(), digest_of(path, written)?));
    }
    digests.push(("lengths.bin".into(), crate::write::hash(&lengths)));
    let digests: Vec<(&str, u128)> = digests.iter().map(|(p, d)| (p.as_str(), *d)).collect();
    let manifest =
        manifest_bytes(&digests, manifest.documents, total_length as u64, &listed, &folds)
            .map_err(|e| inconsistent(format!("{e:#}")))?;
    files.push(("lengths.bin".into(), lengths));
    files.push(("manifest.json".into(), manifest));
    let remove = shards
        .iter()
        .map(|s| term_shard_path(&s.key))
        .filter(|path| !live.contains(path))
        .map(|path| format!("{INDEX_DIR}{path}"))
        .collect();
    let write = files.into_iter().map(|(path, bytes)| (format!("{INDEX_DIR}{path}"), bytes));
    Ok(IndexPatch { write: write.collect(), remove })
}

/// Rewrites the rows of the changed documents in their `d/<n>.json` files (pushed to `files`);
/// returns the new bytes by path.
fn patch_document_shards(
    changes: &[ChangedDocument],
    read: &dyn Fn(&str) -> Result<Vec<u8>, CannotPatch>,
    files: &mut OutputFiles,
) -> Result<HashMap<String, Vec<u8>>, CannotPatch> {
    type Row = (String, String, String, Option<String>, String, Vec<String>);
    let mut by_file: BTreeMap<usize, Vec<&ChangedDocument>> = BTreeMap::new();
    for change in changes {
        by_file.entry(change.number as usize / DOCUMENT_SHARD_SIZE).or_default().push(change);
    }
    let mut written = HashMap::new();
    for (file, changes) in by_file {
        let path = format!("d/{file}.json");
        let mut rows: Vec<Row> = serde_json::from_slice(&read(&path)?)
            .map_err(|e| inconsistent(format!("{path}: {e}")))?;
        for change in changes {
            let row = rows
                .get_mut(change.number as usize % DOCUMENT_SHARD_SIZE)
                .ok_or(CannotPatch::Renumbered)?;
            let record_row = |r: &SearchRecord| -> Row {
                let (url, title, kind) = (r.url.clone(), r.title.clone(), r.kind.into());
                (url, title, kind, r.date.clone(), r.excerpt.clone(), r.shown_names().to_vec())
            };
            let (old, new) = (record_row(&change.old), record_row(&change.new));
            if *row != old {
                return Err(inconsistent(format!("document {} in {path}", change.number)));
            }
            *row = new;
        }
        let bytes = serde_json::to_vec(&rows).map_err(|e| inconsistent(format!("{e}")))?;
        written.insert(path.clone(), bytes.clone());
        files.push((path, bytes));
    }
    Ok(written)
}

/// A term shard of the patched index.
enum NewShard {
    /// The old shard of this number, unchanged.
    Kept(usize),
    Written {
        key: String,
        exact: bool,
        bytes: Vec<u8>,
    },
}

type Entries = Vec<(Box<str>, PostingList)>;

/// The old term shards and the changed terms, walked down the tree of shard keys.
struct Layout<'a> {
    shards: &'a [OldShard],
    /// Shards read so far: their entries and the sum of their sizes for splitting.
    loaded: HashMap<usize, (Entries, usize)>,
    changed: BTreeMap<Box<str>, TermChange>,
    limit: usize,
    document_count: usize,
    read: &'a dyn Fn(&str) -> Result<Vec<u8>, CannotPatch>,
}

impl Layout<'_> {
    /// The old shard holding `term`, or that would hold it: the one whose key is its longest
    /// prefix (an exact shard only for the term itself).
    fn shard_of(&self, term: &str) -> Option<usize> {
        for end in (0..=term.len()).rev() {
            let key = &term[..end];
            let Ok(i) = self.shards.binary_search_by(|s| s.key.as_str().cmp(key)) else {
                continue;
            };
            let shard = &self.shards[i];
            // An exact shard of a shorter key: that key split, and the term is in none.
            return (end == term.len() || !shard.exact).then_some(i);
        }
        None
    }

    fn load(&mut self, i: usize) -> Result<(), CannotPatch> {
        if self.loaded.contains_key(&i) {
            return Ok(());
        }
        let shard = &self.shards[i];
        let bytes = (self.read)(&term_shard_path(&shard.key))?;
        let entries = decode_term_shard(&bytes)
            .filter(|_| bytes.len() == shard.bytes)
            .ok_or_else(|| inconsistent(format!("term shard {:?}", shard.key)))?;
        let size = entries.iter().map(|(term, list)| entry_bytes(term, list)).sum();
        self.loaded.insert(i, (entries, size));
        Ok(())
    }

    /// Reads the shards of the terms in `postings` and applies their changes.
    fn change_terms(
        &mut self,
        postings: BTreeMap<Box<str>, Vec<Posting>>,
    ) -> Result<(), CannotPatch> {
        for (term, changes) in postings {
            if !term.is_ascii() {
                return Err(inconsistent("a term is not ASCII"));
            }
            let shard = self.shard_of(&term);
            let old = match shard {
                Some(i) => {
                    self.load(i)?;
                    let entries = &self.loaded[&i].0;
                    let found = entries.binary_search_by(|(t, _)| (**t).cmp(&*term)).ok();
                    found.map(|at| &entries[at].1)
                }
                None => None,
            };
            let old_size = old.map(|list| entry_bytes(&term, list));
            let new = apply_postings(old, &changes)
                .ok_or_else(|| inconsistent(format!("postings of {term:?}")))?;
            self.changed.insert(term, TermChange { shard, old_size, new });
        }
        Ok(())
    }

    /// The old shards under `prefix` (their keys start with it), a range of `shards`.
    fn shards_under(&self, prefix: &str) -> Range<usize> {
        let start = self.shards.partition_point(|s| s.key.as_str() < prefix);
        let len = self.shards[start..].iter().take_while(|s| s.key.starts_with(prefix)).count();
        start..start + len
    }

    fn changed_under<'s>(
        &'s self,
        prefix: &'s str,
    ) -> impl Iterator<Item = (&'s Box<str>, &'s TermChange)> + 's {
        let from: (Bound<&str>, Bound<&str>) = (Bound::Included(prefix), Bound::Unbounded);
        self.changed.range::<str, _>(from).take_while(move |(term, _)| term.starts_with(prefix))
    }

    /// Appends the new shards under `prefix`, which the old index held in `shards_under(prefix)`,
    /// in key order.
    fn patch_node(&mut self, prefix: &str, out: &mut Vec<NewShard>) -> Result<(), CannotPatch> {
        let range = self.shards_under(prefix);
        if self.changed_under(prefix).next().is_none() {
            out.extend(range.map(NewShard::Kept));
            return Ok(());
        }
        let was_leaf = range.is_empty()
            || range.len() == 1
                && !self.shards[range.start].exact
                && self.shards[range.start].key == prefix;
        if !was_leaf && self.still_splits(prefix, range.clone())? {
            let mut children = range.clone();
            let depth = prefix.len();
            let old_exact =
                children.next().filter(|&i| self.shards[i].exact && self.shards[i].key == prefix);
            if old_exact.is_none() {
                children = range.clone();
            }
            match (self.changed.get(prefix), old_exact) {
                (Some(change), _) => {
                    if let Some(list) = &change.new {
                        let bytes = encode_term_shard(&[(prefix.into(), list.clone())]);
                        out.push(NewShard::Written { key: prefix.into(), exact: true, bytes });
                    }
                }
                (None, Some(i)) => out.push(NewShard::Kept(i)),
                (None, None) => {}
            }
            let mut next: BTreeSet<u8> = children
                .filter_map(|i| self.shards[i].key.as_bytes().get(depth).copied())
                .collect();
            next.extend(
                self.changed_under(prefix)
                    .filter_map(|(term, _)| term.as_bytes().get(depth).copied()),
            );
            for byte in next {
                let child = format!("{prefix}{}", char::from(byte));
                self.patch_node(&child, out)?;
            }
            return Ok(());
        }
        // Rewrite the whole part of the index under `prefix`: every term in it, split anew.
        let mut terms: BTreeMap<Box<str>, PostingList> = BTreeMap::new();
        for i in range {
            self.load(i)?;
            let (entries, _) = self.loaded.remove(&i).expect("loaded");
            terms.extend(entries);
        }
        for (term, change) in self.changed_under(prefix) {
            match &change.new {
                Some(list) => terms.insert(term.clone(), list.clone()),
                None => terms.remove(term),
            };
        }
        let terms: Entries = terms.into_iter().collect();
        for shard in split_terms_under(&terms, prefix.len(), self.limit) {
            let bytes = encode_term_shard(&terms[shard.terms]);
            out.push(NewShard::Written { key: shard.key, exact: shard.exact, bytes });
        }
        Ok(())
    }

    /// Whether `prefix`, split in the old index, is still over the limit with more than one
    /// term. Unread shards count with a lower bound of their size (their bytes, when each entry's
    /// counts fit the 8 bytes an entry is counted for); only when that bound is not enough are
    /// they read.
    fn still_splits(&mut self, prefix: &str, range: Range<usize>) -> Result<bool, CannotPatch> {
        let changed: Vec<(usize, Option<usize>, usize, bool)> = self
            .changed_under(prefix)
            .map(|(term, change)| {
                let new = change.new.as_ref().map_or(0, |list| entry_bytes(term, list));
                (change.shard.map_or(usize::MAX, |s| s), change.old_size, new, change.new.is_some())
            })
            .collect();
        let mut lower = 0i64;
        let mut count = 0i64;
        for i in range {
            if !self.loaded.contains_key(&i) && !self.bytes_bound_size(i) {
                self.load(i)?;
            }
            match self.loaded.get(&i) {
                Some((entries, size)) => {
                    lower += *size as i64;
                    count += entries.len() as i64;
                }
                None => {
                    lower += self.shards[i].bytes as i64;
                    count += 1;
                }
            }
        }
        for (shard, old_size, new_size, exists) in changed {
            lower += new_size as i64 - old_size.unwrap_or(0) as i64;
            // Terms of unread shards did not change; the others count as they are now.
            if shard == usize::MAX || self.loaded.contains_key(&shard) {
                count += i64::from(exists) - i64::from(old_size.is_some());
            }
        }
        Ok(lower > self.limit as i64 && count >= 2)
    }

    /// Whether shard `i`'s bytes are at most the sum of its entries' sizes: each entry is
    /// counted as its term, its postings and 8 bytes, and stored as its term's suffix, its
    /// postings and four varints (two of them one byte: terms are at most 32 bytes).
    fn bytes_bound_size(&self, i: usize) -> bool {
        let varint = |n: usize| (usize::BITS - n.max(1).leading_zeros()).div_ceil(7) as usize;
        varint(self.document_count) + varint(self.shards[i].bytes) <= 6
    }
}

/// The postings of a term after `changes`, from its old list; `None` inside when no document
/// has it any more, `None` outside when the old list does not hold what the changes say.
fn apply_postings(old: Option<&PostingList>, changes: &[Posting]) -> Option<Option<PostingList>> {
    let mut postings = match old {
        Some(list) => try_decode(&list.bytes).filter(|p| p.len() == list.documents as usize)?,
        None => Vec::new(),
    };
    for change in changes {
        let at = postings.binary_search_by_key(&change.number, |p| p.0);
        match (change.old, at) {
            (Some((tf, title)), Ok(at)) if postings[at] == (change.number, tf, title) => {
                postings.remove(at);
            }
            (None, Err(_)) => {}
            _ => return None,
        }
        if let Some((tf, title)) = change.new {
            let at = postings.binary_search_by_key(&change.number, |p| p.0).err()?;
            postings.insert(at, (change.number, tf, title));
        }
    }
    Some((!postings.is_empty()).then(|| PostingList::from_postings(&postings)))
}

#[cfg(test)]
#[path = "patch_tests.rs"]
mod tests;
