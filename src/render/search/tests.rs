//! The index read back the way `search.js` reads it: the manifest, the shard a term's longest
//! prefix names, BM25 over the postings.

use std::collections::{BTreeMap, HashMap};

use super::files::{TermShard, byte_length, index_files, length_byte, split_terms};
use super::postings::{PostingList, decode};
use super::terms::terms_of;
use super::*;

fn record(url: &str, title: &str, text: &str) -> SearchRecord {
    SearchRecord {
        url: url.into(),
        title: title.into(),
        kind: "Article",
        date: None,
        text: text.into(),
        excerpt: excerpt_of(text),
        names: Vec::new(),
    }
}

fn build(records: Vec<SearchRecord>, shard_bytes: usize) -> BTreeMap<String, Vec<u8>> {
    let index = index_records(records, &|| false).unwrap();
    index_files(&index, shard_bytes).unwrap().into_iter().collect()
}

/// Made-up articles, enough that small shards split several times.
fn corpus() -> Vec<SearchRecord> {
    let words = [
        "harbour",
        "harvest",
        "harbinger",
        "ferry",
        "ferryman",
        "fern",
        "bridge",
        "bride",
        "council",
        "counsel",
        "count",
        "tolls",
        "toll",
        "river",
        "rivet",
        "market",
        "marker",
    ];
    (0..60)
        .map(|n| {
            let text: Vec<&str> = (0..40).map(|k| words[(n * 7 + k * k) % words.len()]).collect();
            record(&format!("/articles/a{n}/"), &format!("Report {n}"), &text.join(" "))
        })
        .collect()
}

struct Reader {
    files: BTreeMap<String, Vec<u8>>,
    manifest: serde_json::Value,
}

struct Entry {
    term: String,
    postings: Vec<(u32, u32, bool)>,
}

impl Reader {
    fn new(files: BTreeMap<String, Vec<u8>>) -> Reader {
        let manifest = serde_json::from_slice(&files["manifest.json"]).unwrap();
        Reader { files, manifest }
    }

    /// (key, exact) of every term shard.
    fn shards(&self) -> Vec<(String, bool)> {
        let shards = self.manifest["terms"].as_array().unwrap();
        shards.iter().map(|s| (s[0].as_str().unwrap().to_string(), s[2] == 1)).collect()
    }

    /// The shard holding `term`: the longest key that is a prefix of it.
    fn shard_of(&self, term: &str) -> Option<String> {
        self.shards()
            .into_iter()
            .filter(
                |(key, exact)| if *exact { key == term } else { term.starts_with(key.as_str()) },
            )
            .map(|(key, _)| key)
            .max_by_key(String::len)
    }

    /// The shards holding the terms starting with `prefix`.
    fn shards_of_prefix(&self, prefix: &str) -> Vec<String> {
        if let Some(key) = self.shard_of(prefix).filter(|k| k != prefix || !self.is_exact(k)) {
            return vec![key];
        }
        self.shards()
            .into_iter()
            .filter(|(key, _)| key.starts_with(prefix))
            .map(|(k, _)| k)
            .collect()
    }

    fn is_exact(&self, key: &str) -> bool {
        self.shards().into_iter().any(|(k, exact)| k == key && exact)
    }

    fn entries(&self, key: &str) -> Vec<Entry> {
        let bytes = &self.files[&files::term_shard_path(key)];
        let mut position = 0;
        let read = |position: &mut usize| {
            let mut value = 0usize;
            let mut shift = 0;
            loop {
                let byte = bytes[*position];
                *position += 1;
                value |= usize::from(byte & 0x7f) << shift;
                shift += 7;
                if byte < 0x80 {
                    return value;
                }
            }
        };
        let mut entries: Vec<Entry> = Vec::new();
        while position < bytes.len() {
            let shared = read(&mut position);
            let suffix = read(&mut position);
            let mut term = entries.last().map_or("", |e| e.term.as_str())[..shared].to_string();
            term.push_str(std::str::from_utf8(&bytes[position..position + suffix]).unwrap());
            position += suffix;
            let documents = read(&mut position);
            let size = read(&mut position);
            let postings = decode(&bytes[position..position + size]);
            assert_eq!(postings.len(), documents, "{term}");
            position += size;
            entries.push(Entry { term, postings });
        }
        entries
    }

    fn postings(&self, term: &str) -> Vec<(u32, u32, bool)> {
        let Some(key) = self.shard_of(term) else { return Vec::new() };
        let entry = self.entries(&key).into_iter().find(|e| e.term == term);
        entry.map(|e| e.postings).unwrap_or_default()
    }

    /// URLs of the documents holding every word, the last as a prefix, best first (BM25).
    fn search(&self, query: &str) -> Vec<String> {
        let words = terms_of(query);
        let documents = self.manifest["documents"].as_f64().unwrap();
        let average = self.manifest["average_length"].as_f64().unwrap();
        let lengths = &self.files["lengths.bin"];
        let mut totals: Option<HashMap<u32, f64>> = None;
        for (n, word) in words.iter().enumerate() {
            let prefix = n + 1 == words.len();
            let keys = if prefix {
                self.shards_of_prefix(word)
            } else {
                Vec::from_iter(self.shard_of(word))
            };
            let mut scores: HashMap<u32, f64> = HashMap::new();
            for entry in keys.iter().flat_map(|key| self.entries(key)) {
                if !(entry.term == *word || prefix && entry.term.starts_with(word.as_str())) {
                    continue;
                }
                let df = entry.postings.len() as f64;
                let idf = (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
                for (document, tf, title) in entry.postings {
                    let length = f64::from(byte_length(lengths[document as usize]));
                    let tf = f64::from(tf);
                    let mut score = idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * length / average));
                    if title {
                        score *= 2.0;
                    }
                    if entry.term != *word {
                        score *= 0.7;
                    }
                    let best = scores.entry(document).or_default();
                    *best = best.max(score);
                }
            }
            totals = Some(match totals {
                None => scores,
                Some(totals) => totals
                    .into_iter()
                    .filter_map(|(d, total)| scores.get(&d).map(|s| (d, total + s)))
                    .collect(),
            });
        }
        let mut ranked: Vec<(u32, f64)> = totals.unwrap_or_default().into_iter().collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
        ranked
            .into_iter()
            .map(|(document, _)| self.document(document)[0].as_str().unwrap().to_string())
            .collect()
    }

    fn document(&self, number: u32) -> serde_json::Value {
        let size = self.manifest["document_shard_size"].as_u64().unwrap() as u32;
        let shard: serde_json::Value =
            serde_json::from_slice(&self.files[&format!("d/{}.json", number / size)]).unwrap();
        shard[(number % size) as usize].clone()
    }
}

#[test]
fn every_term_is_in_the_shard_its_longest_prefix_names() {
    let records = corpus();
    let reader = Reader::new(build(corpus(), 300));
    assert!(reader.shards().len() > 10, "small shards split: {:?}", reader.shards());
    let mut expected: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (n, record) in records.iter().enumerate() {
        for term in terms_of(&format!("{} {}", record.title, record.text)) {
            let documents = expected.entry(term).or_default();
            if documents.last() != Some(&(n as u32)) {
                documents.push(n as u32);
            }
        }
    }
    for (term, documents) in expected {
        let found: Vec<u32> = reader.postings(&term).iter().map(|p| p.0).collect();
        assert_eq!(found, documents, "{term}");
    }
    assert!(reader.postings("harbourmaster").is_empty());
}

#[test]
fn a_prefix_finds_its_terms_in_one_shard_or_the_shards_under_it() {
    let reader = Reader::new(build(corpus(), 300));
    for prefix in ["h", "har", "harb", "fer", "ferry", "co", "cou", "t", "toll"] {
        let mut found: Vec<String> = reader
            .shards_of_prefix(prefix)
            .iter()
            .flat_map(|key| reader.entries(key))
            .map(|e| e.term)
            .filter(|term| term.starts_with(prefix))
            .collect();
        found.sort();
        let mut expected: Vec<String> = corpus()
            .iter()
            .flat_map(|r| terms_of(&r.text))
            .filter(|t| t.starts_with(prefix))
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(found, expected, "{prefix}");
    }
}

/// A posting list taking `bytes` bytes.
fn list(bytes: usize) -> PostingList {
    let mut list = PostingList::default();
    while list.bytes.len() < bytes {
        list.push(list.documents, 1, false);
    }
    list
}

#[test]
fn splits_a_big_shard_by_one_more_letter() {
    let terms: Vec<(Box<str>, PostingList)> = ["ba", "bar", "bark", "barn", "bat", "cat"]
        .into_iter()
        .map(|t| (t.into(), list(20)))
        .collect();
    let shards = split_terms(&terms, 60);
    let keys: Vec<(&str, bool, usize)> =
        shards.iter().map(|s| (s.key.as_str(), s.exact, s.terms.len())).collect();
    // "b" is too big: "ba" alone (exact), then "bar" (still too big: "bar" exact, "bark",
    // "barn"), then "bat"; "cat" fits whole under "c".
    assert_eq!(
        keys,
        [
            ("ba", true, 1),
            ("bar", true, 1),
            ("bark", false, 1),
            ("barn", false, 1),
            ("bat", false, 1),
            ("c", false, 1)
        ]
    );
    let all = split_terms(&terms, 10_000);
    assert_eq!(all, [TermShard { key: String::new(), exact: false, terms: 0..6 }]);
}

#[test]
fn ranks_title_matches_and_rarer_words_first() {
    let records = vec![
        record("/a/", "Market day", "Stalls and a ferry crossing at the market."),
        record("/b/", "Ferry timetable", "The ferry leaves at noon."),
        record(
            "/c/",
            "Quiet week",
            "Nothing happened; the ferry did not run, the ferry was late, ferry ferry.",
        ),
        record("/d/", "Tolls", "The council set tolls for the bridge and the ferry."),
        record("/e/", "Weather", "Rain."),
    ];
    let reader = Reader::new(build(records, 48 * 1024));
    let ferry = reader.search("ferry");
    assert_eq!(ferry[0], "/b/", "the title match first: {ferry:?}");
    assert_eq!(ferry.len(), 4);
    assert_eq!(reader.search("ferry tolls"), ["/d/"], "every word must match");
    assert_eq!(reader.search("noon fer"), ["/b/"], "the last word is a prefix");
    assert_eq!(reader.search("fer"), ferry);
    assert_eq!(reader.search("ferry "), ferry, "a space ends the prefix");
    assert!(reader.search("ferryman").is_empty());
}

#[test]
fn same_records_give_the_same_bytes_on_any_number_of_threads() {
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| build(corpus(), 300))
    };
    let one = on(1);
    assert_eq!(one, on(4));
    assert_eq!(one, build(corpus(), 300));
}

/// The corpus with article 10's text changed by `edit`.
fn corpus_with(edit: impl Fn(&mut String)) -> Vec<SearchRecord> {
    let mut records = corpus();
    let edited = &mut records[10];
    edit(&mut edited.text);
    edited.excerpt = excerpt_of(&edited.text);
    records
}

#[test]
fn an_edit_to_one_article_rewrites_few_shards() {
    let before = build(corpus(), 300);
    let changed = |after: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        after.keys().filter(|path| before.get(*path) != after.get(*path)).cloned().collect()
    };
    // A word at the end: neither its excerpt nor its length byte changes, so its row stays;
    // only the shard of the new word and the manifest (its version) are written.
    let after = build(corpus_with(|text| text.push_str(" zeppelin")), 300);
    assert_eq!(changed(&after), ["manifest.json", "t/z.bin"], "of {} files", after.len());
    // A word at the start changes the excerpt in its row too.
    let edited = ["d/0.json", "manifest.json", "t/z.bin"];
    let after = build(corpus_with(|text| text.insert_str(0, "Zeppelins. ")), 300);
    assert_eq!(changed(&after), edited);
}

fn entity(url: &str, name: &str, summary: &str) -> SearchRecord {
    SearchRecord { kind: "Entity", ..record(url, name, summary) }
}

#[test]
fn a_new_article_leaves_the_entities_numbers_and_shards_alone() {
    let site = |articles: usize| {
        let mut records: Vec<SearchRecord> = corpus().into_iter().take(articles).collect();
        records.push(entity("/entities/guild/", "Ferry Guild", "Boatmen of the quay."));
        records.push(entity("/entities/cove/", "Quiet Cove", "A bay with tolls."));
        build(records, 300)
    };
    let before = site(40);
    let after = site(41);
    let manifest: serde_json::Value = serde_json::from_slice(&after["manifest.json"]).unwrap();
    assert_eq!(manifest["documents"], 43);
    assert_eq!(after["lengths.bin"].len(), 1024 + 2, "entities start at 1,024");
    let reader = Reader::new(after.clone());
    assert_eq!(reader.search("boatmen"), ["/entities/guild/"]);
    assert_eq!(reader.search("cove"), ["/entities/cove/"]);
    // Only the shards holding the new article's words change, not those of the entities'
    // words that no article has.
    let changed: Vec<&String> =
        after.keys().filter(|path| before.get(*path) != after.get(*path)).collect();
    assert!(!changed.contains(&&"d/32.json".to_string()), "{changed:?}");
    for term in ["guild", "of", "quay", "quiet", "a", "with"] {
        let path = files::term_shard_path(&reader.shard_of(term).unwrap());
        assert!(!changed.contains(&&path), "{path} changed: {changed:?}");
    }
}

#[test]
fn untrusted_markup_stays_text_in_the_json() {
    let title = "<script>alert(\"x\")</script> & </b>";
    let files = build(vec![record("/a/", title, "Text with <img src=x onerror=alert(1)>.")], 1000);
    let shard: serde_json::Value = serde_json::from_slice(&files["d/0.json"]).unwrap();
    assert_eq!(shard[0][1], title);
    assert_eq!(shard[0][4], "Text with <img src=x onerror=alert(1)>.");
    assert_eq!(Reader::new(files).search("script alert"), ["/a/"]);
}

#[test]
fn the_manifest_names_every_shard_and_the_folding() {
    let files = build(vec![record("/a/", "Café", "Straße")], 1000);
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["format"], files::FORMAT);
    assert_eq!(manifest["documents"], 1);
    assert_eq!(manifest["average_length"], 2.0);
    assert_eq!(manifest["terms"], serde_json::json!([["", files["t/_.bin"].len(), 0]]));
    assert_eq!(manifest["fold"], serde_json::json!({"é": "e", "ß": "ss"}));
    assert_eq!(manifest["version"].as_str().unwrap().len(), 16);
}

#[test]
fn a_cancelled_index_stops() {
    assert!(build_search_index_unless(corpus(), &|| true).unwrap().is_none());
    let files = build_search_index(corpus()).unwrap();
    assert!(files.iter().all(|(path, _)| is_search_output(path)));
    assert!(!is_search_output("search/index.html") && !is_search_output("search-indexes/x"));
}

#[test]
fn lengths_fit_a_byte_within_an_eighth() {
    let mut previous = 0;
    for length in (0..5000).chain([65_535, 1 << 20, u32::MAX]) {
        let byte = length_byte(length);
        assert!(byte >= previous, "monotonic at {length}");
        previous = byte;
        let back = byte_length(byte);
        assert!(back <= length && f64::from(length - back) <= f64::from(length) / 8.0, "{length}");
    }
}

#[test]
fn excerpts_are_the_start_of_the_text_cut_at_a_word() {
    assert_eq!(excerpt_of("Short\n text."), "Short text.");
    let long = "word ".repeat(100);
    let excerpt = excerpt_of(&long);
    assert!(
        excerpt.ends_with("word …") && excerpt.chars().count() <= EXCERPT_CHARS + 2,
        "{excerpt}"
    );
}

#[test]
fn files_staged_as_they_are_made_are_the_files_of_the_whole_index() {
    // Several batches of articles, then entities, numbered from the next block.
    let records = || {
        let articles = (0..5).flat_map(|_| corpus()).chain(corpus().into_iter().take(7));
        let entities = corpus().into_iter().take(40).map(|r| SearchRecord { kind: "Entity", ..r });
        let mut records: Vec<SearchRecord> = articles.chain(entities).collect();
        for (n, record) in records.iter_mut().enumerate() {
            record.url = format!("/d{n}/");
        }
        records
    };
    let whole: BTreeMap<String, Vec<u8>> =
        build_search_index(records()).unwrap().into_iter().collect();
    assert!(whole.contains_key("search-index/d/33.json"), "{:?}", whole.keys());
    let staged = std::sync::Mutex::new(Vec::new());
    let put = |path: &str, bytes: Vec<u8>| {
        staged.lock().unwrap().push((path.to_string(), bytes));
        Ok(())
    };
    let count = write_search_index(records(), &put).unwrap();
    let staged = staged.into_inner().unwrap();
    assert_eq!(count, staged.len());
    assert_eq!(staged.last().map(|(path, _)| path.as_str()), Some("search-index/manifest.json"));
    assert_eq!(staged.into_iter().collect::<BTreeMap<_, _>>(), whole);
}

#[test]
fn an_entity_s_names_find_it_and_the_articles_mentioning_it() {
    let names = vec!["Harbour Board".to_string(), "Harbor Board".to_string(), "HB".to_string()];
    let mut article = record("/articles/dues/", "Dues rise", "The board met at noon.");
    article.names = names.clone();
    let other = record("/articles/other/", "Other", "A harbour and a board, apart.");
    let mut board = entity("/entities/harbour-board/", "Harbour Board", "Runs the port.");
    board.names = names;
    let reader = Reader::new(build(vec![article, other, board], 300));
    // The whole name is a term: in the entity's title, in the body of the article mentioning
    // it, never in the article that only has its words apart.
    let whole = reader.postings("_harbor_board");
    assert_eq!(whole, [(0, 1, false), (1024, 1, true)]);
    assert_eq!(reader.postings("_hb").len(), 2);
    // A spelling the article never wrote finds it through the entity's names.
    assert_eq!(reader.search("harbor"), ["/entities/harbour-board/", "/articles/dues/"]);
    // Rows carry an entity's names for marking them; the index keeps no copy of the texts.
    let row = reader.document(1024);
    assert_eq!(row[5], serde_json::json!(["Harbour Board", "Harbor Board", "HB"]));
    assert_eq!(reader.document(0)[5], serde_json::json!([]));
    assert!(reader.files.keys().all(|path| !path.starts_with("x/")), "{:?}", reader.files.keys());
}
