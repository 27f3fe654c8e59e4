//! Sentences for the render stage: where a mention's sentence starts and ends in a paragraph's
//! text (Unicode sentence boundaries, joined back across abbreviations), and how its context
//! is trimmed for entity pages.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

/// Runs of whitespace become one space; the ends are kept. Borrows when nothing changes (the
/// usual case: soft line breaks are spaces already).
pub fn squeeze_whitespace(text: &str) -> Cow<'_, str> {
    let mut previous_space = false;
    let plain = text.chars().all(|c| {
        let ok = c == ' ' && !previous_space || !c.is_whitespace();
        previous_space = c == ' ';
        ok
    });
    if plain {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    Cow::Owned(out)
}

/// Whitespace trimmed at the ends and squeezed to single spaces inside.
pub fn collapse_whitespace(text: &str) -> String {
    squeeze_whitespace(text.trim()).into_owned()
}

/// Longest context shown on each side of a mention.
const CONTEXT_CHARS: usize = 180;

/// Where the sentences of `text` start, and its end: computed once per paragraph.
///
/// These are the bounds of Unicode's sentence segmentation of the whole text, for a fraction
/// of its cost: a sentence ends only after a terminator (`.`, `!`, `?` and their kin in other
/// scripts) or a paragraph separator, so only the stretch around each of those is segmented,
/// from a point where the segmenter's state is known (after four ASCII letters, see
/// [`restart_before`]) to the first ASCII letter after it (which settles every rule's look
/// ahead).
pub fn sentence_bounds(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return vec![0];
    }
    let bytes = text.as_bytes();
    let mut bounds = vec![0];
    // The stretch being gathered: (start, end).
    let mut stretch: Option<(usize, usize)> = None;
    let mut at = 0;
    while let Some(candidate) = next_candidate(text, at) {
        let start = restart_before(bytes, candidate);
        // The first ASCII letter after the candidate, included.
        let letter = bytes[candidate..].iter().position(u8::is_ascii_alphabetic);
        let end = letter.map_or(text.len(), |offset| candidate + offset + 1);
        stretch = match stretch {
            Some((first, last)) if start < last => Some((first, end)),
            Some(done) => {
                push_bounds(text, done, &mut bounds);
                Some((start, end))
            }
            None => Some((start, end)),
        };
        at = end;
    }
    if let Some(done) = stretch {
        push_bounds(text, done, &mut bounds);
    }
    bounds.push(text.len());
    bounds
}

/// Segments `text[start..end]` and adds its bounds (but `start`, unless the text starts there).
fn push_bounds(text: &str, (start, end): (usize, usize), bounds: &mut Vec<usize>) {
    let found = text[start..end].split_sentence_bound_indices().map(|(i, _)| start + i);
    bounds.extend(found.filter(|&b| b > start && b < text.len()));
}

/// The next character at or after byte `at` after which a sentence may end.
fn next_candidate(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = at;
    while i < bytes.len() {
        let byte = bytes[i];
        if byte < 0x80 {
            if matches!(byte, b'.' | b'!' | b'?' | b'\n' | b'\r') {
                return Some(i);
            }
            i += 1;
        } else {
            let c = text[i..].chars().next().expect("a character starts here");
            if may_end_sentence(c) {
                return Some(i);
            }
            i += c.len_utf8();
        }
    }
    None
}

/// Whether a sentence may end after the non-ASCII character `c`: `false` is certain (letters,
/// quotation marks, dashes, spaces and the like), `true` means it has to be looked at.
fn may_end_sentence(c: char) -> bool {
    const NEVER: &[char] = &[
        '\u{a0}', '\u{a9}', '\u{ab}', '\u{b0}', '\u{b7}', '\u{bb}', '\u{2013}', '\u{2014}',
        '\u{2018}', '\u{2019}', '\u{201a}', '\u{201c}', '\u{201d}', '\u{201e}', '\u{2022}',
        '\u{2026}', '\u{20ac}',
    ];
    !(c.is_alphabetic() || NEVER.contains(&c))
}

/// Where segmenting may start for bounds at or after `candidate`: the first of the last four
/// ASCII letters in a row before it (after four letters the segmenter is in the same state
/// whatever came before, and no sentence ends among letters), or the start of the text.
fn restart_before(bytes: &[u8], candidate: usize) -> usize {
    let mut run = 0;
    for i in (0..candidate).rev() {
        if bytes[i].is_ascii_alphabetic() {
            run += 1;
            if run == 4 {
                return i;
            }
        } else {
            run = 0;
        }
    }
    0
}

/// The byte range of the sentence around `text[start..end]`. Sentences split after
/// abbreviations ("Mr.", "U.N.") are joined back.
pub fn sentence_span(text: &str, bounds: &[usize], start: usize, end: usize) -> (usize, usize) {
    // Bounds are in order: binary searches, as a paragraph may hold many thousands.
    let mut first = bounds.partition_point(|&b| b <= start).saturating_sub(1);
    while first > 0 && ends_with_abbreviation(&text[bounds[first - 1]..bounds[first]]) {
        first -= 1;
    }
    let mut last =
        bounds.partition_point(|&b| b < end.max(start + 1)).min(bounds.len().saturating_sub(1));
    while last + 1 < bounds.len()
        && ends_with_abbreviation(&text[bounds[last - 1].min(bounds[last])..bounds[last]])
    {
        last += 1;
    }
    (bounds[first], bounds[last].max(end))
}

/// A sentence piece ending in what is likely an abbreviation rather than a full stop.
fn ends_with_abbreviation(piece: &str) -> bool {
    let piece = piece.trim_end();
    let Some(stem) = piece.strip_suffix('.') else { return false };
    let word = stem.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    let initials = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    let titles = ["Prof", "Capt", "Sgt", "Gov", "Sen", "Rep", "Gen", "Col", "Lt", "Maj", "Sept"];
    !letters.is_empty()
        && (initials
            || titles.contains(&word)
            || (letters.chars().count() <= 3
                && word.starts_with(char::is_uppercase)
                && word.chars().all(char::is_alphabetic)))
}

/// The last [`CONTEXT_CHARS`] of `text` (from a word start, after "… ") when it is longer.
/// The end of `text` that [`trim_front`] keeps once its whitespace is squeezed and its start
/// trimmed: the context of a mention in a sentence megabytes long costs no more than in a short
/// one.
pub fn context_before(text: &str) -> &str {
    // Two more than kept: trimming may take a leading space, and `trim_front` cuts only text
    // longer than it keeps; the characters it keeps are then the same.
    let wanted = CONTEXT_CHARS + 2;
    let mut count = 0;
    let mut in_space = false;
    for (at, c) in text.char_indices().rev() {
        let space = c.is_whitespace();
        count += usize::from(!(space && in_space));
        in_space = space;
        if count >= wanted {
            return &text[at..];
        }
    }
    text
}

/// The start of `text` that [`trim_back`] keeps (see [`context_before`]).
pub fn context_after(text: &str) -> &str {
    let wanted = CONTEXT_CHARS + 2;
    let mut count = 0;
    let mut in_space = false;
    for (at, c) in text.char_indices() {
        let space = c.is_whitespace();
        count += usize::from(!(space && in_space));
        in_space = space;
        if count >= wanted {
            return &text[..at + c.len_utf8()];
        }
    }
    text
}

pub fn trim_front(text: &str) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= CONTEXT_CHARS {
        return Cow::Borrowed(text);
    }
    let (at, _) = text.char_indices().nth(count - CONTEXT_CHARS).expect("longer than the cut");
    let cut = &text[at..];
    let cut = cut.split_once(' ').map_or(cut, |(_, rest)| rest);
    Cow::Owned(format!("… {cut}"))
}

/// The first [`CONTEXT_CHARS`] of `text` (to a word end, then " …") when it is longer.
pub fn trim_back(text: &str) -> Cow<'_, str> {
    let Some((at, _)) = text.char_indices().nth(CONTEXT_CHARS) else {
        return Cow::Borrowed(text);
    };
    let cut = &text[..at];
    let cut = cut.rsplit_once(' ').map_or(cut, |(kept, _)| kept);
    Cow::Owned(format!("{cut} …"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Unicode's sentence segmentation of the whole text, the reference.
    #[test]
    fn context_of_a_cut_sentence_is_that_of_the_whole() {
        let long = "Word  and\tmore ".repeat(60);
        for text in [long.as_str(), "short one", "", " lead", &"é ".repeat(300)] {
            let whole = trim_front(squeeze_whitespace(text).trim_start()).into_owned();
            let cut =
                trim_front(squeeze_whitespace(context_before(text)).trim_start()).into_owned();
            assert_eq!(cut, whole, "{text:?}");
            let whole = trim_back(squeeze_whitespace(text).trim_end()).into_owned();
            let cut = trim_back(squeeze_whitespace(context_after(text)).trim_end()).into_owned();
            assert_eq!(cut, whole, "{text:?}");
        }
    }

    #[test]
    fn spans_match_a_linear_search() {
        let text = "one two. three four. five six!";
        let bounds = sentence_bounds(text);
        for start in 0..text.len() {
            for end in start..=text.len() {
                let first = bounds.iter().rposition(|&b| b <= start).unwrap_or(0);
                let last = bounds.iter().position(|&b| b >= end.max(start + 1));
                let last = last.unwrap_or(bounds.len() - 1);
                assert_eq!(
                    sentence_span(text, &bounds, start, end),
                    (bounds[first], bounds[last].max(end))
                );
            }
        }
    }

    fn segmented(text: &str) -> Vec<usize> {
        let mut bounds: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
        bounds.push(text.len());
        bounds
    }

    #[test]
    fn bounds_match_the_segmentation_of_the_whole_text() {
        for text in [
            "",
            "One.",
            "It rained. Gen. Ada Brook of the U.N. spoke. Done.",
            "\"Why?\" she asked.  (Nobody knew.) Then silence\u{2026} and rain!",
            "He said \u{201c}no.\u{201d} Then left. etc. and 3.5 more.",
            "Line one\nline two\r\nThree\u{2029}Four",
            "\u{645}\u{631}\u{62d}\u{628}\u{627}\u{61f} \u{62e}\u{648}\u{628}\u{645}. Ok.",
            "A.B.C. D. E.F. Gh.",
        ] {
            assert_eq!(sentence_bounds(text), segmented(text), "{text:?}");
        }
    }

    #[test]
    fn whitespace_is_squeezed_and_long_context_trimmed_at_a_word() {
        assert!(matches!(squeeze_whitespace("a b c"), Cow::Borrowed(_)));
        assert_eq!(squeeze_whitespace(" a  b\n\tc\u{a0}d "), " a b c d ");
        assert_eq!(collapse_whitespace("  a \n b  "), "a b");
        let long = "word ".repeat(50);
        let front = trim_front(long.trim_end());
        assert!(front.starts_with("… word") && front.chars().count() <= CONTEXT_CHARS + 2);
        let back = trim_back(long.trim_end());
        assert!(back.ends_with("word …") && back.chars().count() <= CONTEXT_CHARS + 2);
        assert!(matches!(trim_back("short"), Cow::Borrowed("short")));
    }

    #[test]
    fn characters_said_never_to_end_a_sentence_never_do() {
        for c in (0x80..=0x10ffff).filter_map(char::from_u32).filter(|&c| !may_end_sentence(c)) {
            let text = format!("Ab{c} Cd");
            assert_eq!(segmented(&text), [0, text.len()], "{c:?} ends a sentence");
        }
    }

    const PIECES: &[&str] = &[
        "a", "b", "Z", "Mr", "Gen", "word", "WORD", "Abcd", ".", ".", "!", "?", " ", " ", "  ",
        "\n", "\r", "\t", "\"", "'", "(", ")", "[", ",", ";", ":", "-", "1", "42", "\u{2019}",
        "\u{201c}", "\u{201d}", "\u{2014}", "\u{2026}", "\u{a0}", "\u{e9}", "\u{dc}", "\u{3002}",
        "\u{61f}", "\u{644}", "\u{2029}", "\u{85}", "\u{301}", "\u{200d}", "\u{ad}", "\u{203c}",
        "U.S.", "etc.", "e.g.", "...",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn bounds_match_on_any_mix_of_letters_terminators_and_marks(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
        ) {
            let text = pieces.concat();
            prop_assert_eq!(sentence_bounds(&text), segmented(&text), "{:?}", text);
        }
    }
}
