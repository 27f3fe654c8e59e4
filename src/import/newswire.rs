//! Import, newswire: the head of a wire story. Its headline is printed as a sentence, with a
//! full stop ("Rain halts play at the county ground."), maybe followed by the reporter's name
//! alone on its line, then a dateline: the place the story was filed from, in capitals, and
//! the date ("RIVERTON 1998-03-14", "PORT ELLEN, Scotland 1998-03-14", "RIVERTON, March 14,
//! 1998"), or the place alone ("RIVERTON").
//!
//! The dateline is article text (it names a place), so it stays in the body; only its date is
//! read into the front matter.

use chrono::NaiveDate;

use super::dates::{month_number, parse_date_line};
use super::names::is_person_name;
use super::text::{char_len, starts_capitalised, word_count};
use super::{Block, BlockKind};

/// A dateline: where the story was filed, and the date when the line states one.
#[derive(Debug, PartialEq, Eq)]
pub struct Dateline {
    pub date: Option<NaiveDate>,
}

/// Reads a dateline line: a place whose first word is in capitals (a region after a comma may
/// follow in ordinary case: "PORT ELLEN, Scotland"), then nothing but a date. A place alone
/// counts only with `place_alone`.
pub fn read_dateline(text: &str, place_alone: bool) -> Option<Dateline> {
    let text = text.trim();
    if char_len(text) > 80 {
        return None;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if place_alone && is_place(&words) {
        return Some(Dateline { date: None });
    }
    // The date is what follows the place; try each split, shortest place first.
    (1..words.len().min(6)).find_map(|cut| {
        let place = &words[..cut];
        let rest = words[cut..].join(" ");
        let rest = rest.trim_start_matches([',', '-', '–', '—', ' ']);
        (is_place(place) && rest.starts_with(|c: char| c.is_alphanumeric()))
            .then(|| parse_date_line(rest))
            .flatten()
            .map(|date| Dateline { date: Some(date) })
    })
}

/// A paragraph that opens with a dateline before a dash: "RIVERTON, March 14 - The mill ...",
/// "RIVERTON, March 14, 1998 – The mill ...". The date counts only with its year.
pub fn opening_dateline(text: &str) -> Option<Dateline> {
    let head_end = [" - ", " – ", " — "].iter().filter_map(|dash| text.find(dash)).min()?;
    let (place, date) = text[..head_end].split_once(',')?;
    let place_words: Vec<&str> = place.split_whitespace().collect();
    let date_words: Vec<&str> = date.split_whitespace().collect();
    let is_month_day = date_words.len() >= 2
        && month_number(&date_words[0].to_lowercase()).is_some()
        && date_words[1].trim_end_matches(',').parse::<u32>().is_ok_and(|d| (1..=31).contains(&d));
    (is_place(&place_words) && is_month_day && date_words.len() <= 3)
        .then(|| Dateline { date: parse_date_line(date) })
}

/// One to five words naming a place: the first in capitals ("NEW", "MUZAFFARABAD,"), each
/// capitalised, no digits ("LITTLE ROCK, Ark.", "PORT ELLEN, Scotland").
fn is_place(words: &[&str]) -> bool {
    let Some(first) = words.first() else { return false };
    let letters = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count();
    let in_capitals = |w: &str| letters(w) >= 2 && !w.chars().any(char::is_lowercase);
    // The city is in capitals up to its comma; a region after it may be in ordinary case.
    let city_words = words.iter().position(|w| w.ends_with(',')).map_or(words.len(), |i| i + 1);
    (1..=5).contains(&words.len())
        && in_capitals(first)
        && words[..city_words].iter().all(|w| in_capitals(w))
        && words.iter().all(|w| {
            starts_capitalised(w)
                && !w.chars().any(|c| c.is_ascii_digit())
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | ',' | '\'' | '-'))
        })
        // A place ends its line or its comma-separated part without a trailing comma.
        && !words.last().is_some_and(|w| w.ends_with(','))
}

/// The first block is a wire headline: one line printed as a sentence, followed (after at most
/// a reporter's name and a correction notice) by a dateline. Returns its text.
pub fn wire_headline(blocks: &[Block]) -> Option<&str> {
    let [headline, rest @ ..] = blocks else { return None };
    let text = headline.text.trim();
    let is_headline = headline.kind == BlockKind::Paragraph
        && headline.single_line
        && text.ends_with('.')
        && !text.ends_with("..")
        && (2..=30).contains(&word_count(text))
        && char_len(text) <= 200
        && starts_capitalised(text);
    if !is_headline {
        return None;
    }
    let dateline_follows = rest
        .iter()
        .take(3)
        .take_while(|b| b.kind == BlockKind::Paragraph)
        .find(|b| !is_person_name(&b.text) && !is_correction_notice(&b.text))
        .is_some_and(|b| {
            read_dateline(&b.text, true).is_some() || opening_dateline(&b.text).is_some()
        });
    dateline_follows.then_some(text)
}

/// "[CORRECTED 13:12 GMT]": a wire service's note that the story was sent again.
pub fn is_correction_notice(text: &str) -> bool {
    let text = text.trim();
    text.starts_with('[')
        && text.ends_with(']')
        && text[1..].to_lowercase().starts_with("correct")
        && char_len(text) <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    #[test]
    fn reads_datelines_of_wire_stories() {
        assert_eq!(read_dateline("RIVERTON 1998-03-14", false).unwrap().date, ymd(1998, 3, 14));
        assert_eq!(
            read_dateline("PORT ELLEN, Scotland 1998-03-14", false).unwrap().date,
            ymd(1998, 3, 14)
        );
        assert_eq!(
            read_dateline("LITTLE ROCK, Ark. March 14, 1998", false).unwrap().date,
            ymd(1998, 3, 14)
        );
        assert_eq!(read_dateline("RIVERTON", true), Some(Dateline { date: None }));
        assert_eq!(read_dateline("RIVERTON", false), None);
        let opening = "RIVERTON, March 14 - The mill will close, its owners said.";
        assert_eq!(opening_dateline(opening), Some(Dateline { date: None }));
        let with_year = "PORT ELLEN, March 14, 1998 – The mill will close.";
        assert_eq!(opening_dateline(with_year).unwrap().date, ymd(1998, 3, 14));
        assert_eq!(opening_dateline("Riverton, March 14 - the mill closed."), None);
        assert_eq!(opening_dateline("THE MILL, it said - closed."), None);
    }

    #[test]
    fn a_sentence_or_a_heading_is_no_dateline() {
        assert_eq!(read_dateline("Riverton 1998-03-14", false), None);
        assert_eq!(read_dateline("The council met on 14 March 1998", false), None);
        assert_eq!(read_dateline("RESULTS 1998-03-14 AND 1998-03-15", false), None);
        assert_eq!(read_dateline("Rain halts play.", true), None);
        assert_eq!(read_dateline("TABLE 3", true), None);
        assert_eq!(read_dateline("R.K. Menon", true), None, "a name with initials");
    }

    #[test]
    fn a_headline_with_a_full_stop_over_a_dateline_is_a_title() {
        let story = blocks(&[
            "Rain halts play at the county ground.",
            "Ann Marsh",
            "RIVERTON 1998-03-14",
            "Rain stopped play on the second day, the umpires said.",
        ]);
        assert_eq!(wire_headline(&story), Some("Rain halts play at the county ground."));
        let corrected = blocks(&[
            "Mill to close.",
            "[CORRECTED 10:05 GMT]",
            "RIVERTON",
            "The mill will close.",
        ]);
        assert_eq!(wire_headline(&corrected), Some("Mill to close."));
    }

    #[test]
    fn a_first_sentence_without_a_dateline_is_no_headline() {
        let text = blocks(&[
            "The council met on Monday.",
            "It agreed to repair the bridge before the spring floods.",
        ]);
        assert_eq!(wire_headline(&text), None);
    }
}
