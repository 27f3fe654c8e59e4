//! Note numbers in PDF text: the lines at the foot of a page that start with a note's number,
//! and the markers in the running text that point at them — a number glued to a word or to
//! punctuation ("study1", "rights.2"), or a superscript ("study¹").

use super::text::word_count;

/// The number of a foot-of-page note line: "1 Author (2018). Title." or "2. Text".
pub fn note_start(line: &str) -> Option<u32> {
    let trimmed = line.trim_start();
    if line.len() - trimmed.len() > 2 {
        return None;
    }
    let digits: String =
        trimmed.chars().map_while(digit_value).map(|d| char::from(b'0' + d as u8)).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = note_start_rest(trimmed);
    let superscript = !trimmed.starts_with(|c: char| c.is_ascii_digit());
    if !(rest.starts_with(' ') || superscript) || rest.trim().is_empty() || word_count(rest) < 2 {
        return None;
    }
    digits.parse().ok()
}

/// The line after its note number (and a `.` or `)` after it).
fn note_start_rest(trimmed: &str) -> &str {
    let rest = trimmed.trim_start_matches(|c: char| digit_value(c).is_some());
    rest.strip_prefix(['.', ')']).unwrap_or(rest)
}

pub fn note_start_text(line: &str) -> &str {
    note_start_rest(line.trim_start()).trim()
}

/// The value of an ASCII or superscript digit (PDF text keeps note numbers as either).
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(c as u32 - '⁴' as u32 + 4),
        _ => None,
    }
}

/// Numbers glued to the end of a word or after closing punctuation ("study1", "rights.2"):
/// the note markers PDF text keeps of superscripts.
pub fn glued_numbers(text: &str) -> Vec<u32> {
    glued_markers(text).into_iter().map(|m| m.number).collect()
}

/// A note marker glued to the text, with its byte range (the digits only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GluedMarker {
    pub number: u32,
    pub start: usize,
    pub end: usize,
    /// Glued to punctuation (stronger evidence than glued to a word).
    pub after_punctuation: bool,
}

pub fn glued_markers(text: &str) -> Vec<GluedMarker> {
    let mut out = superscript_markers(text);
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if !bytes[index].is_ascii_digit() {
            index += 1;
            continue;
        }
        let start = index;
        while index < bytes.len() && bytes[index].is_ascii_digit() {
            index += 1;
        }
        let end = index;
        if end - start > 2 {
            continue;
        }
        let after_ok = text[end..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '.'));
        if !after_ok {
            continue;
        }
        let before: Vec<char> = text[..start].chars().rev().take(3).collect();
        let after_punctuation = before
            .first()
            .is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '”' | '"' | '’' | ')'))
            && before
                .get(1)
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '”' | '"' | '’' | ')' | '.'));
        let after_word = before.len() == 3 && before.iter().all(|c| c.is_lowercase());
        // "9.2 billion" is a decimal; "since 1948.3 The" is a year with its note marker.
        let after_number = before.first().is_some_and(|c| matches!(c, '.' | ','))
            && before.get(1).is_some_and(char::is_ascii_digit);
        if after_number && !ends_sentence_after(&text[end..]) {
            continue;
        }
        if (after_punctuation || after_word)
            && let Ok(number) = text[start..end].parse::<u32>()
            && number > 0
        {
            out.push(GluedMarker { number, start, end, after_punctuation });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// What follows a marker glued to a number ("1948.3"): the end of the text, or a new sentence.
fn ends_sentence_after(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches([',', ' ']);
    let starts_new = trimmed.chars().next().is_none_or(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '(' | '[')
    });
    (rest.is_empty() || rest.starts_with([' ', ','])) && starts_new
}

/// Superscript digits right after a word or punctuation ("study¹", "rights.²").
fn superscript_markers(text: &str) -> Vec<GluedMarker> {
    let mut out = Vec::new();
    if text.is_ascii() {
        return out;
    }
    let mut previous: Option<char> = None;
    let mut run: Option<(usize, u32, usize)> = None; // (start, value, digits)
    let mut before_run: Option<char> = None;
    for (index, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let superscript = c != '0' && !c.is_ascii_digit() && digit_value(c).is_some();
        match (&mut run, superscript) {
            (Some((_, value, digits)), true) => {
                *value = *value * 10 + digit_value(c).unwrap_or(0);
                *digits += 1;
            }
            (None, true) => {
                before_run = previous;
                run = Some((index, digit_value(c).unwrap_or(0), 1));
            }
            (Some((start, value, digits)), false) => {
                // Glued to a word of three letters or more ("km²" is a unit), or to punctuation.
                let after_word =
                    text[..*start].chars().rev().take(3).filter(|c| c.is_alphabetic()).count() == 3;
                let after_punctuation = before_run.is_some_and(|b| ".,;:”\"’)".contains(b));
                if (after_word || after_punctuation) && *digits <= 2 && *value > 0 {
                    out.push(GluedMarker {
                        number: *value,
                        start: *start,
                        end: index,
                        after_punctuation,
                    });
                }
                run = None;
            }
            (None, false) => {}
        }
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_glued_markers_but_not_ordinary_numbers() {
        assert_eq!(glued_numbers("a study1 found, as said.2 In 2020 there were 3 wells"), [1, 2]);
        assert_eq!(glued_numbers("COVID-19 and G7 and 10,000 people"), Vec::<u32>::new());
        assert_eq!(glued_numbers("a loss of 9.2 billion and 1.5 million"), Vec::<u32>::new());
        assert_eq!(glued_numbers("the mill opened in 1911.4 The town grew.5"), [4, 5]);
        assert_eq!(glued_numbers("a study¹ found, as said.² Then 5 km² more"), [1, 2]);
    }

    #[test]
    fn reads_note_lines_with_ascii_or_superscript_numbers() {
        assert_eq!(note_start("1   Smith, J (2020). Wells."), Some(1));
        assert_eq!(note_start("12. Jones, A. Dry years."), Some(12));
        assert_eq!(note_start("¹ Smith, J. Wells."), Some(1));
        assert_eq!(note_start("2024 was a dry year"), None);
        assert_eq!(note_start("3 km"), None);
        assert_eq!(note_start_text("2.  Jones, A. Dry years."), "Jones, A. Dry years.");
    }
}
