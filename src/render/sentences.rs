//! Sentences for the render stage: where a mention's sentence starts and ends in a paragraph's
//! text (Unicode sentence boundaries, joined back across abbreviations), and how its context
//! is trimmed for entity pages.

use unicode_segmentation::UnicodeSegmentation;

/// Runs of whitespace become one space; the ends are kept.
pub fn squeeze_whitespace(text: &str) -> String {
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
    out
}

pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Longest context shown on each side of a mention.
const CONTEXT_CHARS: usize = 180;

/// Where the sentences of `text` start, and its end: computed once per paragraph.
pub fn sentence_bounds(text: &str) -> Vec<usize> {
    let mut bounds: Vec<usize> = text.split_sentence_bound_indices().map(|(i, _)| i).collect();
    bounds.push(text.len());
    bounds
}

/// The byte range of the sentence around `text[start..end]`. Sentences split after
/// abbreviations ("Mr.", "U.N.") are joined back.
pub fn sentence_span(text: &str, bounds: &[usize], start: usize, end: usize) -> (usize, usize) {
    let mut first = bounds.iter().rposition(|&b| b <= start).unwrap_or(0);
    while first > 0 && ends_with_abbreviation(&text[bounds[first - 1]..bounds[first]]) {
        first -= 1;
    }
    let mut last = bounds.iter().position(|&b| b >= end.max(start + 1)).unwrap_or(bounds.len() - 1);
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

pub fn trim_front(text: &str) -> String {
    if text.chars().count() <= CONTEXT_CHARS {
        return text.to_string();
    }
    let skip = text.chars().count() - CONTEXT_CHARS;
    let cut: String = text.chars().skip(skip).collect();
    let cut = cut.split_once(' ').map_or(cut.as_str(), |(_, rest)| rest);
    format!("… {cut}")
}

pub fn trim_back(text: &str) -> String {
    if text.chars().count() <= CONTEXT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(CONTEXT_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(kept, _)| kept);
    format!("{cut} …")
}
