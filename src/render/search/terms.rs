//! Search terms of a text: its Unicode words (UAX #29), lower-cased, each character folded to
//! ASCII letters and digits (accents dropped, other scripts transliterated by `deunicode`, all
//! punctuation inside a word dropped: "U.S." → "us", "Sinirlioğlu" → "sinirlioglu").
//!
//! The browser must fold a query exactly as the index was folded, without a transliteration
//! library: the index ships the [`FoldTable`] of every non-ASCII character it met, and
//! `search.js` folds a query with it.

use std::collections::BTreeMap;

use unicode_segmentation::UnicodeSegmentation;

/// Longer terms (in bytes, folded) are not indexed: identifiers, hashes and run-together URLs
/// that nobody types, which would only swell the index.
pub const MAX_TERM_BYTES: usize = 32;

/// Every non-ASCII character met in an indexed word (lower-cased) → its folded ASCII, possibly
/// empty (an apostrophe, a combining accent).
pub type FoldTable = BTreeMap<char, String>;

/// Calls `emit` with each term of `text`, in order; non-ASCII characters met go into `table`.
pub fn for_each_term(text: &str, table: &mut FoldTable, mut emit: impl FnMut(&str)) {
    let mut term = String::new();
    let mut word = |word: &str| {
        term.clear();
        fold_word_into(word, &mut term, table);
        if !term.is_empty() && term.len() <= MAX_TERM_BYTES {
            emit(&term);
        }
    };
    // ASCII whitespace always separates words, and most stretches between are ASCII, where
    // the UAX #29 rules are simple enough to apply directly (four times faster).
    for chunk in text.split_ascii_whitespace() {
        if chunk.is_ascii() {
            for_each_ascii_word(chunk, &mut word);
        } else {
            chunk.unicode_words().for_each(&mut word);
        }
    }
}

/// The UAX #29 words of an ASCII text without whitespace: runs of letters, digits and `_`,
/// joined across one `:` `.` `'` between letters (WB6, WB7) and one `,` `;` `.` `'` between
/// digits (WB11, WB12); only the runs holding a letter or digit.
fn for_each_ascii_word(chunk: &str, mut emit: impl FnMut(&str)) {
    let bytes = chunk.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let joins = |before: u8, mid: u8, after: u8| {
        let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
        let digits = before.is_ascii_digit() && after.is_ascii_digit();
        letters && matches!(mid, b':' | b'.' | b'\'')
            || digits && matches!(mid, b',' | b';' | b'.' | b'\'')
    };
    let mut i = 0;
    while i < bytes.len() {
        if !is_word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            if i + 1 < bytes.len() && joins(bytes[i - 1], bytes[i], bytes[i + 1]) {
                i += 1;
            } else {
                break;
            }
        }
        let word = &chunk[start..i];
        if word.bytes().any(|b| b.is_ascii_alphanumeric()) {
            emit(word);
        }
    }
}

/// The terms of `text`, for tests and for highlighting on the Rust side.
#[cfg(test)]
pub fn terms_of(text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for_each_term(text, &mut FoldTable::new(), |term| terms.push(term.to_string()));
    terms
}

/// Appends the folded form of one word to `out`.
fn fold_word_into(word: &str, out: &mut String, table: &mut FoldTable) {
    if word.is_ascii() {
        out.extend(
            word.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        return;
    }
    // Lower-case the whole word, not each character: a final sigma depends on its place, and
    // the browser's `toLowerCase` does the same.
    for c in word.to_lowercase().chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            }
        } else {
            out.push_str(table.entry(c).or_insert_with(|| fold_char(c)));
        }
    }
}

/// One lower-cased non-ASCII character as ASCII letters and digits ("é" → "e", "ß" → "ss",
/// "’" → "").
fn fold_char(c: char) -> String {
    deunicode::deunicode_char(c)
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ascii_words_are_the_unicode_words(text in "[a-cA-C0-2_:.,;' \n\t!?()-]{0,40}") {
            let mut fast = Vec::new();
            for chunk in text.split_ascii_whitespace() {
                for_each_ascii_word(chunk, |w| fast.push(w.to_string()));
            }
            let slow: Vec<&str> = text.unicode_words().collect();
            prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn splits_on_unicode_word_boundaries_and_lowercases() {
        assert_eq!(
            terms_of("The bridge, re-opened (2023)!"),
            ["the", "bridge", "re", "opened", "2023"]
        );
    }

    #[test]
    fn drops_punctuation_inside_a_word() {
        assert_eq!(
            terms_of("U.S. officials don’t know; it's 3.5"),
            ["us", "officials", "dont", "know", "its", "35"]
        );
    }

    #[test]
    fn folds_accents_and_special_letters() {
        assert_eq!(terms_of("Café Straße Ærø Łódź"), ["cafe", "strasse", "aero", "lodz"]);
    }

    #[test]
    fn folds_composed_and_decomposed_accents_alike() {
        assert_eq!(terms_of("Jos\u{e9}"), terms_of("Jose\u{301}"));
        assert_eq!(terms_of("Jos\u{e9}"), ["jose"]);
    }

    #[test]
    fn transliterates_other_scripts() {
        let terms = terms_of("Москва ΟΔΟΣ");
        assert_eq!(terms, ["moskva", "odos"]);
    }

    #[test]
    fn records_the_folding_of_every_non_ascii_character() {
        let mut table = FoldTable::new();
        for_each_term("Café ΟΔΟΣ l’eau", &mut table, |_| {});
        let pairs: Vec<(char, &str)> = table.iter().map(|(c, f)| (*c, f.as_str())).collect();
        // The final sigma is lower-cased as ς, as the browser does.
        assert_eq!(
            pairs,
            [('é', "e"), ('ο', "o"), ('δ', "d"), ('ς', "s"), ('’', "")]
                .into_iter()
                .collect::<BTreeMap<_, _>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn skips_overlong_and_empty_terms() {
        let long = "x".repeat(MAX_TERM_BYTES + 1);
        assert_eq!(terms_of(&format!("short {long} ’ end")), ["short", "end"]);
    }
}
