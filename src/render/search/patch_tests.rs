//! A patched index equals, byte for byte, the full build of the new records.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::render::search::files::index_files;
use crate::render::search::{excerpt_of, index_records};

/// An index in memory, as the output folder would hold it; counts the files read.
struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    /// Whether digests are known (as the build's manifest knows them) or must be read.
    digests: bool,
    reads: RefCell<Vec<String>>,
}

impl IndexFolder for Memory {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        self.reads.borrow_mut().push(path.to_string());
        self.files.get(path).cloned().ok_or_else(|| std::io::ErrorKind::NotFound.into())
    }

    fn digest(&self, path: &str) -> Option<u128> {
        self.digests.then(|| crate::write::hash(&self.files[path]))
    }

    fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }
}

fn record(kind: &'static str, n: usize, title: &str, text: &str) -> SearchRecord {
    SearchRecord {
        url: format!("/{kind}/{n}/"),
        title: title.into(),
        kind,
        date: (kind == "Article" && n.is_multiple_of(2)).then(|| format!("{n} May 2024")),
        text: text.into(),
        excerpt: excerpt_of(text),
        names: Vec::new(),
    }
}

fn build(records: Vec<SearchRecord>, shard_bytes: usize) -> BTreeMap<String, Vec<u8>> {
    let index = index_records(records, &|| false).unwrap();
    let files = index_files(&index, shard_bytes).unwrap();
    files.into_iter().map(|(path, bytes)| (format!("{INDEX_DIR}{path}"), bytes)).collect()
}

/// The number each record gets, as the full build numbers them.
fn numbers(records: Vec<SearchRecord>) -> Vec<u32> {
    let index = index_records(records, &|| false).unwrap();
    index.documents.iter().map(|d| d.number).collect()
}

fn copy(r: &SearchRecord) -> SearchRecord {
    SearchRecord {
        url: r.url.clone(),
        title: r.title.clone(),
        kind: r.kind,
        date: r.date.clone(),
        text: r.text.clone(),
        excerpt: r.excerpt.clone(),
        names: r.names.clone(),
    }
}

type Files = BTreeMap<String, Vec<u8>>;

/// Patches the index of `old` into that of `new` (same documents, some changed); returns
/// the patched files and the files read.
fn patched(
    old: &[SearchRecord],
    new: &[SearchRecord],
    shard_bytes: usize,
    digests: bool,
) -> Result<(Files, Vec<String>), CannotPatch> {
    let files = build(old.iter().map(copy).collect(), shard_bytes);
    let numbers = numbers(old.iter().map(copy).collect());
    let changes: Vec<ChangedDocument> = old
        .iter()
        .zip(new)
        .zip(numbers)
        .filter(|((a, b), _)| {
            a.title != b.title || a.text != b.text || a.date != b.date || a.kind != b.kind
        })
        .map(|((a, b), number)| ChangedDocument { number, old: copy(a), new: copy(b) })
        .collect();
    let folder = Memory { files, digests, reads: RefCell::default() };
    let patch = patch_index_files(&folder, &changes, shard_bytes)?;
    let mut files = folder.files;
    for path in &patch.remove {
        assert!(files.remove(path).is_some(), "{path} is not in the index");
    }
    files.extend(patch.write);
    Ok((files, folder.reads.into_inner()))
}

const WORDS: &[&str] = &[
    "harbour",
    "harvest",
    "harbinger",
    "har",
    "ferry",
    "ferryman",
    "fern",
    "fe",
    "bridge",
    "bride",
    "b",
    "council",
    "counsel",
    "count",
    "toll",
    "tolls",
    "river",
    "rivet",
    "2024",
    "x1",
    "café",
    "Łódź",
    "naïve",
    "don’t",
    "ΟΔΟΣ",
    "zeppelin",
];

fn text_of(words: &[usize]) -> String {
    words.iter().map(|&w| WORDS[w % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn corpus(articles: &[(Vec<usize>, Vec<usize>)], entities: &[Vec<usize>]) -> Vec<SearchRecord> {
    let articles = articles
        .iter()
        .enumerate()
        .map(|(n, (title, text))| record("Article", n, &text_of(title), &text_of(text)));
    let entities = entities
        .iter()
        .enumerate()
        .map(|(n, text)| record("Entity", n, &text_of(&text[..1]), &text_of(text)));
    articles.chain(entities).collect()
}

/// An edit of a document's words: replace them all, or add, drop or change one.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Vec<usize>),
    Insert(usize, usize),
    Remove(usize),
    Change(usize, usize),
    Title(Vec<usize>),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    let words = || proptest::collection::vec(0..WORDS.len() * 2, 0..25);
    prop_oneof![
        words().prop_map(Edit::Replace),
        (any::<usize>(), 0..WORDS.len()).prop_map(|(at, w)| Edit::Insert(at, w)),
        any::<usize>().prop_map(Edit::Remove),
        (any::<usize>(), 0..WORDS.len()).prop_map(|(at, w)| Edit::Change(at, w)),
        proptest::collection::vec(0..WORDS.len(), 1..4).prop_map(Edit::Title),
    ]
}

fn apply(edit: &Edit, title: &mut Vec<usize>, words: &mut Vec<usize>) {
    match edit.clone() {
        Edit::Replace(new) => *words = new,
        Edit::Insert(at, w) => words.insert(at % (words.len() + 1), w),
        Edit::Remove(at) if !words.is_empty() => {
            words.remove(at % words.len());
        }
        Edit::Change(at, w) if !words.is_empty() => {
            let at = at % words.len();
            words[at] = w;
        }
        Edit::Title(new) => *title = new,
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_patched_index_is_the_full_build_of_the_new_records(
        articles in proptest::collection::vec(
            (proptest::collection::vec(0..WORDS.len(), 1..4),
             proptest::collection::vec(0..WORDS.len() * 2, 0..30)),
            1..14,
        ),
        entities in proptest::collection::vec(proptest::collection::vec(0..WORDS.len(), 1..8), 0..4),
        edits in proptest::collection::vec((any::<usize>(), edit_strategy()), 1..4),
        shard_bytes in 30usize..400,
        digests in any::<bool>(),
    ) {
        let old = corpus(&articles, &entities);
        let (mut articles_after, mut entities_after) = (articles.clone(), entities.clone());
        for (target, edit) in &edits {
            let target = target % (articles.len() + entities.len());
            if target < articles.len() {
                let (title, words) = &mut articles_after[target];
                apply(edit, title, words);
            } else {
                let words = &mut entities_after[target - articles.len()];
                let mut title = Vec::new();
                apply(edit, &mut title, words);
                if words.is_empty() {
                    words.push(0);
                }
            }
        }
        let new = corpus(&articles_after, &entities_after);
        match patched(&old, &new, shard_bytes, digests) {
            Ok((files, _)) => {
                let full = build(new, shard_bytes);
                prop_assert_eq!(files.keys().collect::<Vec<_>>(), full.keys().collect::<Vec<_>>());
                for (path, bytes) in &full {
                    prop_assert!(&files[path] == bytes, "{} differs", path);
                }
            }
            Err(CannotPatch::FoldMayShrink(c)) => {
                // Only when a changed document lost a character every other may lack.
                let lost = old.iter().zip(&new).any(|(a, b)| {
                    let has = |r: &SearchRecord| format!("{} {}", r.title, r.text).to_lowercase().contains(c);
                    has(a) && !has(b)
                });
                prop_assert!(lost, "{:?} refused", c);
            }
            Err(other) => prop_assert!(false, "refused: {}", other),
        }
    }
}

fn words_corpus() -> Vec<SearchRecord> {
    (0..60)
        .map(|n| {
            let words: Vec<usize> = (0..40).map(|k| (n * 7 + k * k) % 20).collect();
            record("Article", n, &format!("Report {n}"), &text_of(&words))
        })
        .collect()
}

#[test]
fn an_edit_reads_only_the_shards_of_its_terms() {
    let old = words_corpus();
    let mut new: Vec<SearchRecord> = old.iter().map(copy).collect();
    new[10].text.push_str(" zeppelin bridge");
    let (files, reads) = patched(&old, &new, 300, true).unwrap();
    assert_eq!(files, build(new, 300));
    let terms = files.keys().filter(|p| p.contains("/t/")).count();
    assert!(terms > 10, "small shards split: {terms}");
    // The manifest, the lengths, the document's shard and the term shard of "bridge" (its
    // frequency changed); "zeppelin" is new, under a key no shard has yet.
    assert_eq!(reads.len(), 4, "{reads:?}");
}

#[test]
fn shards_merge_when_an_edit_empties_them() {
    // Three documents whose words split the index; the edit leaves one short document.
    let old = vec![
        record("Article", 0, "Ferry", &"ferry ferryman fern ".repeat(20)),
        record("Article", 1, "Harbour", &"harbour harvest ".repeat(20)),
        record("Article", 2, "Bridge", "bridge"),
    ];
    let mut new: Vec<SearchRecord> = old.iter().map(copy).collect();
    new[0] = record("Article", 0, "Ferry", "fern");
    new[1] = record("Article", 1, "Harbour", "harbour");
    let before = build(old.iter().map(copy).collect(), 60);
    let (files, _) = patched(&old, &new, 60, false).unwrap();
    let full = build(new, 60);
    assert!(before.len() > full.len(), "the edit merges shards: {:?}", full.keys());
    assert_eq!(files, full);
}

#[test]
fn a_new_word_under_a_split_prefix_gets_its_shard() {
    let old = words_corpus();
    let mut new: Vec<SearchRecord> = old.iter().map(copy).collect();
    // "har" splits; "harz..." and "b" are new keys under split prefixes.
    new[3].text.push_str(" harzburg har b");
    let (files, _) = patched(&old, &new, 300, false).unwrap();
    assert_eq!(files, build(new, 300));
}

#[test]
fn refuses_a_change_of_kind_and_an_index_of_other_records() {
    let old = words_corpus();
    let mut new: Vec<SearchRecord> = old.iter().map(copy).collect();
    new[5].kind = "Page";
    assert_eq!(patched(&old, &new, 300, true).unwrap_err(), CannotPatch::Renumbered);
    // The index was built from other records: the document's row does not match.
    let files = build(old.iter().map(copy).collect(), 300);
    let folder = Memory { files, digests: true, reads: RefCell::default() };
    let mut stale = copy(&old[5]);
    stale.title = "Another title".into();
    let change = ChangedDocument { number: 5, old: stale, new: copy(&old[6]) };
    let refused = patch_index_files(&folder, &[change], 300).unwrap_err();
    assert!(matches!(refused, CannotPatch::Inconsistent(_)), "{refused:?}");
}
