//! Import, layout: a word broken with a hyphen at a line end is either a word split for the
//! column ("organi-" / "sation") or a compound that happens to break at its hyphen
//! ("well-" / "known"). The document's own spellings decide first; when it writes the word
//! nowhere else, English compounding habits do.

use std::borrow::Cow;

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
    sets: std::cell::OnceCell<Spellings<'a>>,
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
        DocumentWords { lines, sets: std::cell::OnceCell::new() }
    }

    fn spellings(&self) -> &Spellings<'a> {
        self.sets.get_or_init(|| Spellings::collect(self.lines))
    }

    /// Whether `left` + "-" at a line end and `right` (starting in lower case) on the next
    /// line are one word, to be joined without the hyphen.
    pub(super) fn joins(&self, left: &str, right: &str) -> bool {
        let Spellings { plain, hyphenated } = self.spellings();
        let (lower_left, lower_right) = (left.to_lowercase(), right.to_lowercase());
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
    fn collect(lines: &[&'a str]) -> Spellings<'a> {
        let mut plain = FxHashSet::default();
        let mut hyphenated = FxHashSet::default();
        for line in lines {
            if line.is_ascii() {
                collect_ascii(line, &mut plain, &mut hyphenated);
            } else {
                collect_line(line, &mut plain, &mut hyphenated);
            }
        }
        Spellings { plain, hyphenated }
    }
}

/// Adds one line's words to the sets (lower case): every word written whole, and the words
/// written with a hyphen, leaving out a word broken at the line end.
fn collect_line<'a>(
    line: &'a str,
    plain: &mut FxHashSet<Cow<'a, str>>,
    hyphenated: &mut FxHashSet<Cow<'a, str>>,
) {
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
            hyphenated.insert(lower(token));
        }
        for word in token.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            plain.insert(lower(word));
        }
    }
}

/// [`collect_line`] for an ASCII line, a byte at a time: the same words, found
/// without decoding characters (in ASCII, `char::is_whitespace` is `\t`..`\r` and space, and
/// the alphanumerics are the ASCII ones).
fn collect_ascii<'a>(
    line: &'a str,
    plain: &mut FxHashSet<Cow<'a, str>>,
    hyphenated: &mut FxHashSet<Cow<'a, str>>,
) {
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
        if word.contains('-') {
            hyphenated.insert(lower(word));
        }
        let mut run_start = None;
        for (i, b) in word.bytes().enumerate() {
            match (b.is_ascii_alphanumeric(), run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(run)) => {
                    plain.insert(lower(&word[run..i]));
                    run_start = None;
                }
                _ => {}
            }
        }
        if let Some(run) = run_start {
            plain.insert(lower(&word[run..]));
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
            let (mut plain, mut hyphenated) = (FxHashSet::default(), FxHashSet::default());
            collect_ascii(line, &mut plain, &mut hyphenated);
            let (mut plain_chars, mut hyphenated_chars) =
                (FxHashSet::default(), FxHashSet::default());
            collect_line(line, &mut plain_chars, &mut hyphenated_chars);
            assert_eq!(plain, plain_chars, "{line:?}");
            assert_eq!(hyphenated, hyphenated_chars, "{line:?}");
        }
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
