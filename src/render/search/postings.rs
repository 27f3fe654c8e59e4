//! The inverted index being built: term → postings (document, term frequency, whether the
//! term is in the title), without word positions, delta- and varint-encoded as they arrive.
//!
//! Documents arrive in batches in id order. Each batch is tokenised in parallel, each document
//! counting its own terms; then the terms are merged into [`PARTITIONS`] maps (by a hash of the term), one
//! thread per partition, so the merge needs no lock and each posting list stays in document
//! order. Memory is that of the encoded postings (2–3 bytes each), never the documents' text.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_64;

use super::terms::{FoldTable, for_each_term};

/// FxHash (rustc's): one multiply and rotate per 8 bytes. Terms are short and the input is
/// ours, so a fast hash beats a hardened one; xxh3 cost a tenth of the indexing time.
#[derive(Default)]
struct TermHasher(u64);

impl TermHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.add(u64::from_le_bytes(word.try_into().expect("8 bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits weakest; hash tables take their bucket from them.
        self.0.rotate_left(26)
    }
}

type TermMap<K, V> = HashMap<K, V, BuildHasherDefault<TermHasher>>;

/// Maps merged in parallel; more than the cores, so that uneven partitions even out.
const PARTITIONS: usize = 64;

/// One term's postings, encoded: per document a varint of `delta << 2 | in_title << 1 |
/// (tf == 1)`, then a varint of `tf` unless it is 1. `delta` is the gap from the previous
/// document (from 0 for the first).
#[derive(Clone, Debug, Default)]
pub struct PostingList {
    /// Documents holding the term.
    pub documents: u32,
    last: u32,
    pub bytes: Vec<u8>,
}

impl PostingList {
    pub fn push(&mut self, document: u32, frequency: u32, in_title: bool) {
        let delta = u64::from(document - self.last);
        let single = u64::from(frequency == 1);
        let mut posting = [0; MAX_POSTING_BYTES];
        let mut len = write_varint(&mut posting, 0, delta << 2 | u64::from(in_title) << 1 | single);
        if frequency != 1 {
            len = write_varint(&mut posting, len, u64::from(frequency));
        }
        // Grown by an eighth, not doubled: a large site's lists are tens of megabytes in all,
        // and doubling left a third of that unused (mimalloc's realloc does not shrink either).
        if self.bytes.capacity() - self.bytes.len() < len {
            self.bytes.reserve_exact(len.max(self.bytes.len() / 8));
        }
        self.bytes.extend_from_slice(&posting[..len]);
        self.last = document;
        self.documents += 1;
    }

    /// The list of (document, frequency, in title), documents rising.
    pub fn from_postings(postings: &[(u32, u32, bool)]) -> PostingList {
        let mut list = PostingList::default();
        for &(document, frequency, in_title) in postings {
            list.push(document, frequency, in_title);
        }
        list
    }

    /// A list as a term shard stores it: `documents` postings encoded in `bytes`.
    pub fn encoded(documents: u32, bytes: Vec<u8>) -> PostingList {
        PostingList { documents, last: 0, bytes }
    }
}

/// The most bytes one posting takes: two varints of at most 64 bits.
const MAX_POSTING_BYTES: usize = 20;

/// [`push_varint`] into `out` at `at`; returns where it ends.
fn write_varint(out: &mut [u8; MAX_POSTING_BYTES], mut at: usize, mut value: u64) -> usize {
    while value >= 0x80 {
        out[at] = value as u8 | 0x80;
        value >>= 7;
        at += 1;
    }
    out[at] = value as u8;
    at + 1
}

pub fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// One document's distinct terms, ready to merge.
pub struct DocumentTerms {
    /// Every term of the document, one after another; `terms` point into it.
    text: String,
    /// By partition.
    terms: Vec<Term>,
    /// Where each partition's terms start in `terms` (and where the last ends).
    starts: Vec<u32>,
    /// Terms in the document, title included: its length for BM25.
    pub length: u32,
    /// Non-ASCII characters met.
    pub folds: FoldTable,
}

struct Term {
    start: u32,
    len: u32,
    frequency: u32,
    in_title: bool,
}

impl DocumentTerms {
    /// Tokenises a document's title and text. One string holds all the terms: a string per
    /// distinct term would be most of the indexing time, in the allocator.
    pub fn new(title: &str, body: &str) -> DocumentTerms {
        DocumentTerms::with_names(title, body, &[], false)
    }

    /// [`DocumentTerms::new`] for a document known by, or mentioning an entity known by,
    /// `names`: each distinct word of them counts once more (in the title when
    /// `names_in_title`), and each name adds its [`name_term`], so that any of an entity's
    /// names finds it and the articles mentioning it, and a whole name can be told from its
    /// words met apart.
    pub fn with_names(
        title: &str,
        body: &str,
        names: &[String],
        names_in_title: bool,
    ) -> DocumentTerms {
        let mut folds = FoldTable::new();
        let mut text = String::new();
        let mut spans: Vec<(u32, u32, bool)> = Vec::new();
        for (part, in_title) in [(title, true), (body, false)] {
            for_each_term(part, &mut folds, |term| {
                spans.push((text.len() as u32, term.len() as u32, in_title));
                text.push_str(term);
            });
        }
        if !names.is_empty() {
            let mut words: Vec<String> = Vec::new();
            let mut whole: Vec<String> = Vec::new();
            for name in names {
                let mut parts = Vec::new();
                for_each_term(name, &mut folds, |term| parts.push(term.to_string()));
                if let Some(term) = name_term(&parts) {
                    whole.push(term);
                }
                words.extend(parts);
            }
            words.sort_unstable();
            words.dedup();
            whole.sort_unstable();
            whole.dedup();
            for term in words.iter().chain(&whole) {
                spans.push((text.len() as u32, term.len() as u32, names_in_title));
                text.push_str(term);
            }
        }
        let mut counts: TermMap<&str, Term> = TermMap::default();
        counts.reserve(spans.len() / 2);
        for &(start, len, in_title) in &spans {
            let term = &text[start as usize..(start + len) as usize];
            let entry = counts.entry(term).or_insert(Term { start, len, frequency: 0, in_title });
            entry.frequency = entry.frequency.saturating_add(1);
            entry.in_title |= in_title;
        }
        let mut terms: Vec<(usize, Term)> =
            counts.into_iter().map(|(term, entry)| (partition_of(term), entry)).collect();
        terms.sort_unstable_by_key(|(partition, _)| *partition);
        let mut starts = Vec::with_capacity(PARTITIONS + 1);
        for partition in 0..=PARTITIONS {
            starts.push(terms.partition_point(|(p, _)| *p < partition) as u32);
        }
        DocumentTerms {
            text,
            terms: terms.into_iter().map(|(_, term)| term).collect(),
            starts,
            length: spans.len().try_into().unwrap_or(u32::MAX),
            folds,
        }
    }

    /// Every distinct term: (term, frequency, in title).
    pub fn terms(&self) -> impl Iterator<Item = (&str, u32, bool)> {
        (0..PARTITIONS).flat_map(|partition| self.partition(partition))
    }

    /// The terms of one partition: (term, frequency, in title).
    fn partition(&self, partition: usize) -> impl Iterator<Item = (&str, u32, bool)> {
        let range = self.starts[partition] as usize..self.starts[partition + 1] as usize;
        self.terms[range].iter().map(|t| {
            (&self.text[t.start as usize..(t.start + t.len) as usize], t.frequency, t.in_title)
        })
    }
}

/// The longest [`name_term`], in bytes: long enough for the names of organisations.
pub const MAX_NAME_TERM_BYTES: usize = 64;

/// The term standing for a whole name of folded `words` (`["islamic", "emirate"]` →
/// `_islamic_emirate`): words only hold ASCII letters and digits, so it never equals a word,
/// and a query whose words are all of a name finds the documents holding that name as such.
/// `search.js` makes the same term of a query.
pub fn name_term(words: &[String]) -> Option<String> {
    let bytes = words.iter().map(|w| w.len() + 1).sum::<usize>();
    if words.is_empty() || bytes > MAX_NAME_TERM_BYTES {
        return None;
    }
    let mut term = String::with_capacity(bytes);
    for word in words {
        term.push('_');
        term.push_str(word);
    }
    Some(term)
}

fn partition_of(term: &str) -> usize {
    (xxh3_64(term.as_bytes()) % PARTITIONS as u64) as usize
}

/// Every term's postings so far.
pub struct Postings {
    partitions: Vec<TermMap<Box<str>, PostingList>>,
}

impl Default for Postings {
    fn default() -> Postings {
        Postings { partitions: (0..PARTITIONS).map(|_| TermMap::default()).collect() }
    }
}

impl Postings {
    /// Adds the next documents, `numbers` each (rising, above those of earlier batches).
    pub fn add_batch(&mut self, numbers: &[u32], batch: &[DocumentTerms]) {
        self.partitions.par_iter_mut().enumerate().for_each(|(p, map)| {
            for (&id, document) in numbers.iter().zip(batch) {
                for (term, frequency, in_title) in document.partition(p) {
                    match map.get_mut(term) {
                        Some(list) => list.push(id, frequency, in_title),
                        None => {
                            let mut list = PostingList::default();
                            list.push(id, frequency, in_title);
                            map.insert(term.into(), list);
                        }
                    }
                }
            }
        });
    }

    /// Every term with its postings, sorted by term.
    pub fn into_sorted(self) -> Vec<(Box<str>, PostingList)> {
        let mut terms: Vec<(Box<str>, PostingList)> =
            self.partitions.into_par_iter().flat_map_iter(HashMap::into_iter).collect();
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        terms
    }
}

/// Reads one varint at `position`, moving past it; `None` past the end or over 64 bits.
pub fn read_varint(bytes: &[u8], position: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(*position)?;
        *position += 1;
        if shift > 63 {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte < 0x80 {
            return Some(value);
        }
    }
}

/// Decodes a posting list into (document, frequency, in title), as `search.js` does; `None`
/// when the bytes are not a posting list.
pub fn try_decode(bytes: &[u8]) -> Option<Vec<(u32, u32, bool)>> {
    let mut out = Vec::new();
    let (mut position, mut document) = (0, 0u32);
    while position < bytes.len() {
        let head = read_varint(bytes, &mut position)?;
        document = document.checked_add(u32::try_from(head >> 2).ok()?)?;
        let frequency = if head & 1 == 1 {
            1
        } else {
            u32::try_from(read_varint(bytes, &mut position)?).ok()?
        };
        out.push((document, frequency, head & 2 == 2));
    }
    Some(out)
}

/// [`try_decode`] of a list known to be whole.
#[cfg(test)]
pub fn decode(bytes: &[u8]) -> Vec<(u32, u32, bool)> {
    try_decode(bytes).expect("a posting list")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_take_seven_bits_a_byte() {
        let mut out = Vec::new();
        for value in [0, 127, 128, 300] {
            push_varint(&mut out, value);
        }
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn counts_terms_and_marks_title_terms() {
        let mut postings = Postings::default();
        let batch = [
            DocumentTerms::new("Ferry news", "The ferry left. The ferry came back."),
            DocumentTerms::new("Other", "No boats today."),
            DocumentTerms::new("Bridge", "A ferry, once."),
        ];
        assert_eq!(batch[0].length, 9);
        postings.add_batch(&[0, 1], &batch[..2]);
        postings.add_batch(&[5], &batch[2..]);
        let terms = postings.into_sorted();
        let ferry = &terms.iter().find(|(t, _)| &**t == "ferry").unwrap().1;
        assert_eq!(ferry.documents, 2);
        assert_eq!(decode(&ferry.bytes), [(0, 3, true), (5, 1, false)]);
        let sorted: Vec<&str> = terms.iter().map(|(t, _)| &**t).collect();
        let mut expected = sorted.clone();
        expected.sort();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn names_add_their_words_once_and_a_term_for_each_whole_name() {
        let names = ["Red Cross".to_string(), "The Red Crescent".to_string(), "ICRC".to_string()];
        let terms = DocumentTerms::with_names("Aid", "The red van.", &names, false);
        let found: HashMap<&str, (u32, bool)> =
            terms.terms().map(|(term, tf, title)| (term, (tf, title))).collect();
        // "red" once from the text, once from the names however many hold it.
        assert_eq!(found["red"], (2, false));
        assert_eq!(found["crescent"], (1, false));
        assert_eq!(found["_red_cross"], (1, false));
        assert_eq!(found["_the_red_crescent"], (1, false));
        assert_eq!(found["_icrc"], (1, false));
        assert_eq!(found["aid"], (1, true));
        let entity = DocumentTerms::with_names("Red Cross", "", &names, true);
        let found: HashMap<&str, (u32, bool)> =
            entity.terms().map(|(term, tf, title)| (term, (tf, title))).collect();
        assert_eq!(found["_icrc"], (1, true));
    }

    #[test]
    fn a_name_term_is_never_a_word_and_has_a_bound() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(name_term(&words(&["us"])).as_deref(), Some("_us"));
        assert_eq!(name_term(&words(&[])), None);
        assert_eq!(name_term(&words(&["x"; 40])), None);
    }
}
