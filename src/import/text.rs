//! Small text predicates shared by the import steps: how a line ends and starts, and the
//! folded forms used to compare lines that differ only in case, quotes, dashes or spacing.

/// Nothing but white space.
pub fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Lower case, one kind of quote and dash, single spaces: for comparing repeated lines.
pub fn fold_for_compare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.trim().chars() {
        let c = match c {
            '‘' | '’' | '`' | '´' => '\'',
            '“' | '”' | '„' => '"',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        push_lowercase(&mut out, c);
    }
    out
}

/// Letters and digits only, lower case, single spaces: for finding a sentence again in a
/// different paragraph whatever its quotes and punctuation.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_words_into(text, &mut out);
    out
}

/// [`fold_words`] into a buffer that is cleared first, to fold many texts without allocating.
pub fn fold_words_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        // The same, found a byte at a time: ASCII letters and digits are the alphanumerics.
        let mut word_start = None;
        for (index, byte) in text.bytes().enumerate() {
            match (byte.is_ascii_alphanumeric(), word_start) {
                (true, None) => word_start = Some(index),
                (false, Some(start)) => {
                    push_word(out, &text[start..index]);
                    word_start = None;
                }
                _ => {}
            }
        }
        if let Some(start) = word_start {
            push_word(out, &text[start..]);
        }
        out.make_ascii_lowercase();
        return;
    }
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            push_lowercase(out, c);
        }
    }
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

/// Lower-cases one character, with a fast path for ASCII.
fn push_lowercase(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', ')', ']', '»', '*'];

/// The line ends a sentence: `.`, `!`, `?`, `:` or `…`, maybe inside closing quotes or brackets.
pub fn ends_sentence(line: &str) -> bool {
    let mut trimmed = line.trim_end();
    // Bracketed note markers after the full stop ("rights.[2]", "rights.[2][3]") do not hide it.
    while let Some(open) = trimmed.strip_suffix(']').and_then(|rest| rest.rfind('[')) {
        let number = &trimmed[open + 1..trimmed.len() - 1];
        if number.is_empty() || number.len() > 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
            break;
        }
        trimmed = &trimmed[..open];
    }
    // A note number glued after the full stop ("rights.2") does not hide the sentence end.
    let without_marker = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let trimmed = if trimmed.len() - without_marker.len() <= 2
        && without_marker.ends_with(['.', '!', '?', '”', '"', '’'])
    {
        without_marker
    } else {
        trimmed
    };
    let trimmed = trimmed.trim_end_matches(CLOSERS);
    trimmed.ends_with(['.', '!', '?', ':', '…'])
}

/// The line ends with punctuation that cannot close a heading or title.
pub fn ends_with_stop(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(CLOSERS);
    trimmed.ends_with(['.', ',', ';', ':', '…'])
}

/// The first letter-or-digit of the line is an upper-case letter or a digit (skipping quotes).
pub fn starts_capitalised(line: &str) -> bool {
    line.trim_start()
        .chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// The first character of the line is a lower-case letter.
pub fn starts_lowercase(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// Every letter is upper case and there are at least four of them.
pub fn is_all_caps(line: &str) -> bool {
    let mut letters = 0;
    for c in line.chars().filter(|c| c.is_alphabetic()) {
        if c.is_lowercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 4
}

/// Number of characters (not bytes).
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Whitespace-separated words.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep",
    "no", "vs", "etc", "e.g", "i.e", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "inc", "ltd", "co", "jr", "sr", "approx",
];

/// Splits a paragraph into sentences at `.`, `!` or `?` followed by a space and a capital
/// (or a quote), keeping common abbreviations and initials together.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (index, c) in text.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        let after_mark = index + c.len_utf8();
        let mut following =
            text[after_mark..].char_indices().skip_while(|&(_, c)| CLOSERS.contains(&c));
        let next = following.next();
        let at_end = next.is_none();
        let followed_by_space = next.is_some_and(|(_, c)| c == ' ');
        if !at_end && !followed_by_space {
            continue;
        }
        if !at_end {
            let after = following.next().map(|(_, c)| c);
            if !after
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'(".contains(c))
            {
                continue;
            }
        }
        if c == '.' {
            let word_start = text[..index]
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, ' ' | '(' | '"' | '“'))
                .map_or(0, |(i, c)| i + c.len_utf8());
            let word = &text[word_start..index];
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                continue;
            }
        }
        let end = next.map_or(text.len(), |(offset, _)| after_mark + offset);
        let sentence = text[start..end].trim();
        if !sentence.is_empty() {
            out.push(sentence);
        }
        start = end;
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_texts_folded_words_are_its_sentences_folded_words() {
        for text in [
            "Mr. Smith went to Washington. He said: “No!” Then he left… Later, U.S. troops came.",
            "The 3.5 per cent rise (in 2024.) Is it? “Yes.” ‘Maybe.’ (Perhaps.) 12 people came.",
            "... !!! ?? A. B. C. Kabul’s Road – “Open”! Ünïcödé Straße. Ende.",
            "",
            "   ",
        ] {
            let joined: Vec<String> =
                sentences(text).into_iter().map(fold_words).filter(|f| !f.is_empty()).collect();
            assert_eq!(fold_words(text), joined.join(" "), "{text:?}");
        }
    }

    #[test]
    fn folds_quotes_dashes_case_and_spaces() {
        assert_eq!(fold_for_compare("  Kabul’s  Road – “Open” "), "kabul's road - \"open\"");
        assert_eq!(fold_words("Kabul’s Road – “Open”!"), "kabul s road open");
    }

    #[test]
    fn tells_sentence_ends() {
        assert!(ends_sentence("It rained.”"));
        assert!(ends_sentence("Why? "));
        assert!(ends_sentence("as others said.2"));
        assert!(ends_sentence("as others said.[2]"));
        assert!(ends_sentence("as others said.[12][13]"));
        assert!(!ends_sentence("as others said[2]"));
        assert!(!ends_sentence("see [a]"));
        assert!(!ends_sentence("in 2024"));
        assert!(!ends_sentence("and the"));
        assert!(!ends_sentence("(AP)"));
        assert!(ends_with_stop("a list,"));
        assert!(!ends_with_stop("Is it?"));
    }

    #[test]
    fn splits_sentences_but_not_abbreviations_or_initials() {
        let text =
            "Mr. Omar met Donald J. Trump in the U.S. on Monday. It rained! “Why?” she asked.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Omar met Donald J. Trump in the U.S. on Monday.",
                "It rained!",
                "“Why?” she asked."
            ]
        );
    }
}
