//! Import, layout: a word broken with a hyphen at a line end is either a word split for the
//! column ("organi-" / "sation") or a compound that happens to break at its hyphen
//! ("well-" / "known"). The document's own spellings decide first; when it writes the word
//! nowhere else, English compounding habits do.

use std::borrow::Cow;
use std::cell::OnceCell;

use rustc_hash::FxHashSet;

/// First parts that usually form hyphenated compounds ("self-rule", "non-state", "twenty-five").
const COMPOUND_FIRST: &[&str] = &[
    "all", "anti", "co", "counter", "cross", "ex", "far", "full", "half", "high", "ill", "long",
    "low", "mid", "multi", "near", "neo", "non", "part", "quasi", "self", "semi", "short", "so",
    "ultra", "vice", "well", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Second parts that usually close a hyphenated compound ("state-owned", "decision-making").
const COMPOUND_SECOND: &[&str] = &[
    "affected",
    "affiliated",
    "aligned",
    "appointed",
    "backed",
    "based",
    "born",
    "building",
    "controlled",
    "day",
    "dependent",
    "dominated",
    "driven",
    "focused",
    "free",
    "friendly",
    "funded",
    "held",
    "hit",
    "keeping",
    "led",
    "level",
    "like",
    "linked",
    "made",
    "making",
    "minded",
    "month",
    "old",
    "oriented",
    "owned",
    "related",
    "ridden",
    "run",
    "scale",
    "sharing",
    "speaking",
    "sponsored",
    "style",
    "term",
    "time",
    "torn",
    "week",
    "wide",
    "year",
    "years",
];

/// The words of one document, collected on first use.
pub(super) struct DocumentWords<'a> {
    lines: &'a [&'a str],
    /// The pieces before a hyphen at a line end, lower case: a word asked about starts with
    /// one of them.
    broken: OnceCell<Vec<String>>,
    /// The spellings of the words that start with a piece of `broken` (most documents need
    /// no more)...
    starting_broken: OnceCell<Spellings<'a>>,
    /// ... and of every word, for a piece found otherwise.
    all: OnceCell<Spellings<'a>>,
}

/// The document's words, lower case: written whole, and written with a hyphen. The pieces of
/// a word broken at a line end count as neither.
// Fx hashing: these sets hold every word of a long document and are built for each one.
struct Spellings<'a> {
    plain: FxHashSet<Cow<'a, str>>,
    hyphenated: FxHashSet<Cow<'a, str>>,
}

impl<'a> DocumentWords<'a> {
    pub(super) fn new(lines: &'a [&'a str]) -> DocumentWords<'a> {
        DocumentWords {
            lines,
            broken: OnceCell::new(),
            starting_broken: OnceCell::new(),
            all: OnceCell::new(),
        }
    }

    /// The document's spellings of every word that starts with `lower_left`: of the words
    /// that start with a piece broken at a line end when it is one (the sets are then small),
    /// else of all words.
    fn spellings(&self, lower_left: &str) -> &Spellings<'a> {
        let broken = self.broken.get_or_init(|| broken_pieces(self.lines));
        if broken.iter().any(|piece| piece == lower_left) {
            self.starting_broken.get_or_init(|| Spellings::collect(self.lines, Some(broken)))
        } else {
            self.all.get_or_init(|| Spellings::collect(self.lines, None))
        }
    }

    /// Whether `left` + "-" at a line end and `right` (starting in lower case) on the next
    /// line are one word, to be joined without the hyphen.
    pub(super) fn joins(&self, left: &str, right: &str) -> bool {
        let (lower_left, lower_right) = (left.to_lowercase(), right.to_lowercase());
        // Every word asked about starts with `lower_left`.
        let Spellings { plain, hyphenated } = self.spellings(&lower_left);
        if hyphenated.contains(format!("{lower_left}-{lower_right}").as_str()) {
            return false;
        }
        if plain.contains(format!("{lower_left}{lower_right}").as_str()) {
            return true;
        }
        // A name the document writes on its own leads a compound ("Taliban-led"); a capitalised
        // piece found nowhere else is the start of a broken word ("Turk-" / "menistan").
        let name = left.starts_with(char::is_uppercase) && plain.contains(lower_left.as_str());
        !(name || is_compound(&lower_left, &lower_right))
    }
}

/// Whether two lower-case parts read as a hyphenated compound: a usual first or second part,
/// or a vowel doubled across the hyphen ("re-elect", "pre-empt", "co-operation").
fn is_compound(left: &str, right: &str) -> bool {
    let doubled_vowel =
        left.chars().last().is_some_and(|c| "aeiou".contains(c) && right.starts_with(c));
    COMPOUND_FIRST.contains(&left) || COMPOUND_SECOND.contains(&right) || doubled_vowel
}

impl<'a> Spellings<'a> {
    /// The spellings of the words of `lines` that start with one of `prefixes` (lower case),
    /// or of all words.
    fn collect(lines: &[&'a str], prefixes: Option<&[String]>) -> Spellings<'a> {
        let wanted = Wanted(prefixes);
        let mut spellings =
            Spellings { plain: FxHashSet::default(), hyphenated: FxHashSet::default() };
        for line in lines {
            if line.is_ascii() {
                collect_ascii(line, &wanted, &mut spellings);
            } else {
                collect_line(line, &wanted, &mut spellings);
            }
        }
        spellings
    }
}

/// The words to collect: those that start with one of the prefixes (lower case), or all.
struct Wanted<'p>(Option<&'p [String]>);

impl Wanted<'_> {
    /// For a word already in lower case.
    fn takes(&self, lower: &str) -> bool {
        self.0.is_none_or(|prefixes| prefixes.iter().any(|p| lower.starts_with(p.as_str())))
    }

    /// For an ASCII word in any case: the same answer, without lower-casing it.
    fn takes_ascii(&self, word: &str) -> bool {
        self.0.is_none_or(|prefixes| {
            prefixes.iter().any(|p| {
                word.as_bytes()
                    .get(..p.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
            })
        })
    }
}

/// The lower-case letters before a hyphen that ends a line ("organi" in "organi-"): the
/// pieces `joins` is asked about.
fn broken_pieces(lines: &[&str]) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for line in lines {
        let Some(stem) = line.trim_end().strip_suffix('-') else { continue };
        let start = stem
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map_or(stem.len(), |(i, _)| i);
        let piece = stem[start..].to_lowercase();
        if !piece.is_empty() && !pieces.contains(&piece) {
            pieces.push(piece);
        }
    }
    pieces
}

/// Adds one line's words to the sets (lower case): every word written whole, and the words
/// written with a hyphen, leaving out a word broken at the line end.
fn collect_line<'a>(line: &'a str, wanted: &Wanted<'_>, spellings: &mut Spellings<'a>) {
    // Most words are lower case already and are borrowed, not copied.
    fn lower(word: &str) -> Cow<'_, str> {
        if word.chars().any(char::is_uppercase) { word.to_lowercase().into() } else { word.into() }
    }
    let mut tokens = line.split_whitespace().peekable();
    while let Some(token) = tokens.next() {
        let broken_at_line_end = tokens.peek().is_none() && token.ends_with('-');
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        if broken_at_line_end || token.is_empty() {
            continue;
        }
        if token.contains('-') {
            let lower = lower(token);
            if wanted.takes(&lower) {
                spellings.hyphenated.insert(lower);
            }
        }
        for word in token.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let lower = lower(word);
            if wanted.takes(&lower) {
                spellings.plain.insert(lower);
            }
        }
    }
}

/// [`collect_line`] for an ASCII line, a byte at a time: the same words, found
/// without decoding characters (in ASCII, `char::is_whitespace` is `\t`..`\r` and space, and
/// the alphanumerics are the ASCII ones).
fn collect_ascii<'a>(line: &'a str, wanted: &Wanted<'_>, spellings: &mut Spellings<'a>) {
    fn lower(word: &str) -> Cow<'_, str> {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            word.to_ascii_lowercase().into()
        } else {
            word.into()
        }
    }
    let bytes = line.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let content_end = bytes.iter().rposition(|&b| !is_space(b)).map_or(0, |i| i + 1);
    let mut end = 0;
    while let Some(start) = (end..bytes.len()).find(|&i| !is_space(bytes[i])) {
        end = (start..bytes.len()).find(|&i| is_space(bytes[i])).unwrap_or(bytes.len());
        let token = &bytes[start..end];
        if end == content_end && token.ends_with(b"-") {
            break;
        }
        let Some(first) = token.iter().position(u8::is_ascii_alphanumeric) else { continue };
        let after = token.iter().rposition(u8::is_ascii_alphanumeric).map_or(first, |i| i + 1);
        let (from, to) = (start + first, start + after);
        let word = &line[from..to];
        if word.contains('-') && wanted.takes_ascii(word) {
            spellings.hyphenated.insert(lower(word));
        }
        let mut run_start = None;
        for (i, b) in word.bytes().enumerate() {
            match (b.is_ascii_alphanumeric(), run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(run)) => {
                    if wanted.takes_ascii(&word[run..i]) {
                        spellings.plain.insert(lower(&word[run..i]));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        if let Some(run) = run_start.filter(|&run| wanted.takes_ascii(&word[run..])) {
            spellings.plain.insert(lower(&word[run..]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joins(document: &str, left: &str, right: &str) -> bool {
        let lines: Vec<&str> = document.lines().collect();
        DocumentWords::new(&lines).joins(left, right)
    }

    #[test]
    fn ascii_lines_give_the_same_words_read_a_byte_at_a_time() {
        for line in [
            "The well-known (co-)chair said: \"Don't!\" -- twice.",
            "  A line   with  spaces\tand a broken organi-  ",
            "Self-rule, 20-year-old men; U.S.-backed forces ... x-ray -",
            "",
            "   ",
            "--- ... -- -",
            "Mazar-i-Sharif's ANTI-Taliban front-",
            "a\x0bb\x0cc\rd",
        ] {
            for prefixes in [None, Some(&["self".to_string(), "t".to_string()][..])] {
                let wanted = Wanted(prefixes);
                let empty =
                    || Spellings { plain: FxHashSet::default(), hyphenated: FxHashSet::default() };
                let (mut bytes, mut chars) = (empty(), empty());
                collect_ascii(line, &wanted, &mut bytes);
                collect_line(line, &wanted, &mut chars);
                assert_eq!(bytes.plain, chars.plain, "{line:?} {prefixes:?}");
                assert_eq!(bytes.hyphenated, chars.hyphenated, "{line:?} {prefixes:?}");
            }
        }
    }

    #[test]
    fn words_starting_with_a_broken_piece_are_all_found() {
        let document = "The Organi-\nsation and the organisation's self-made co-\n\
                        operation. A Self-Made Co-Operation, Straße-\nnetz, ORGANISATIONS.";
        let lines: Vec<&str> = document.lines().collect();
        let pieces = broken_pieces(&lines);
        assert_eq!(pieces, ["organi", "co", "straße"]);
        let all = Spellings::collect(&lines, None);
        let some = Spellings::collect(&lines, Some(&pieces));
        let starting = |set: &FxHashSet<Cow<'_, str>>| -> FxHashSet<String> {
            set.iter()
                .filter(|w| pieces.iter().any(|p| w.starts_with(p.as_str())))
                .map(|w| w.to_string())
                .collect()
        };
        assert_eq!(starting(&some.plain), starting(&all.plain));
        assert_eq!(starting(&some.hyphenated), starting(&all.hyphenated));
        assert!(some.plain.contains("organisation") && some.hyphenated.contains("co-operation"));
        assert!(!some.plain.contains("made"), "only words that start with a piece");
    }

    #[test]
    fn the_documents_own_spelling_decides_first() {
        assert!(joins("The organisation met.\nThe organi-\nsation", "organi", "sation"));
        assert!(!joins("A self-made man.\nA self-\nmade", "self", "made"));
        assert!(!joins("The long-awaited day-long talks.\nday-\nlong", "day", "long"));
    }

    #[test]
    fn a_word_split_for_the_column_is_joined() {
        for (left, right) in [
            ("organi", "sation"),
            ("re", "peated"),
            ("dis", "putes"),
            ("com", "mission"),
            ("inter", "views"),
            ("sanc", "tions"),
        ] {
            assert!(joins("Nothing else here.", left, right), "{left}-{right}");
        }
    }

    #[test]
    fn usual_compounds_keep_their_hyphen() {
        for (left, right) in [
            ("well", "known"),
            ("non", "governmental"),
            ("state", "owned"),
            ("decision", "making"),
            ("twenty", "five"),
            ("re", "elected"),
            ("co", "operation"),
        ] {
            assert!(!joins("Nothing else here.", left, right), "{left}-{right}");
        }
    }

    #[test]
    fn a_capitalised_piece_is_a_name_only_if_the_document_writes_it_alone() {
        assert!(joins("The border with Turk-\nmenistan is long.", "Turk", "menistan"));
        assert!(!joins("The Taliban said so.\nA Taliban-\nbacked raid.", "Taliban", "backed"));
        assert!(!joins("Kabul-\nbased", "Kabul", "based"));
        assert!(!joins("The Taliban said so.\nThe Taliban-\nfront.", "Taliban", "front"));
    }
}
