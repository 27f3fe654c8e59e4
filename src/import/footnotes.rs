//! Import, footnotes: note texts (a "References" list at the end of a web article, or notes
//! printed at the foot of PDF pages) and their markers in the text ("[1]", or a number glued
//! to a word, "study1") → Markdown footnotes `[^n]`.
//!
//! A marker is linked only to a note with its number. A marker whose note text is missing
//! stays visible as `[n]` and is reported; a note no marker points at is kept and reported.

use std::collections::BTreeMap;

use super::layout::PageNote;
use super::markers::glued_markers;
use super::text::fold_for_compare;
use super::{Block, BlockKind, MARK_CLOSE, MARK_OPEN};
use crate::diagnostics::{Category, Diagnostic, Location};

/// Headings that introduce a list of notes.
const NOTE_HEADINGS: &[&str] = &[
    "references",
    "notes",
    "footnotes",
    "endnotes",
    "sources",
    "citations",
    "notes and references",
    "references and notes",
    "end notes",
    "foot notes",
];

fn is_note_heading(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let folded = fold_for_compare(text);
    NOTE_HEADINGS.contains(&folded.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// "1 Text", "1. Text", "1) Text", "[1] Text", "^1 Text" → (1, "Text").
fn numbered_note(text: &str) -> Option<(u32, &str)> {
    let trimmed = text.trim_start().trim_start_matches('^');
    let (digits_start, bracketed) = match trimmed.strip_prefix('[') {
        Some(rest) => (rest, true),
        None => (trimmed, false),
    };
    let digits: &str = &digits_start[..digits_start.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let mut rest = &digits_start[digits.len()..];
    if bracketed {
        rest = rest.strip_prefix(']')?;
    } else {
        rest = rest.strip_prefix(['.', ')']).unwrap_or(rest);
    }
    if !rest.starts_with([' ', '\t']) && !bracketed {
        return None;
    }
    let body = rest.trim();
    if body.is_empty() {
        return None;
    }
    Some((digits.parse().ok()?, body))
}

/// Takes a notes section ("References" and the numbered notes under it) out of `blocks`.
pub fn take_note_section(blocks: &mut Vec<Block>) -> Vec<PageNote> {
    let Some(heading) = blocks.iter().rposition(|b| is_note_heading(&b.text)) else {
        return Vec::new();
    };
    // The heading may be printed twice ("References" as a tab and as a title).
    let mut first_heading = heading;
    while first_heading > 0 && is_note_heading(&blocks[first_heading - 1].text) {
        first_heading -= 1;
    }
    let mut notes = Vec::new();
    let mut end = heading + 1;
    while end < blocks.len() {
        match numbered_note(&blocks[end].text) {
            Some((number, text)) => {
                notes.push(PageNote { number, text: text.to_string(), line: blocks[end].line })
            }
            None => break,
        }
        end += 1;
    }
    if notes.is_empty() {
        return notes;
    }
    blocks.drain(first_heading..end);
    notes
}

/// A note of a list printed under a web article without a heading: "1. Text", "[1] Text",
/// or the number glued to the note ("1Author, A. (2020) …", "1https://…").
fn trailing_note(text: &str) -> Option<(u32, &str)> {
    if let Some(note) = numbered_note(text) {
        return Some(note);
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    let glued = rest.starts_with("http")
        || rest.starts_with(char::is_uppercase) && rest.split_whitespace().count() >= 2;
    ((1..=3).contains(&digits) && glued)
        .then(|| Some((text[..digits].parse().ok()?, rest)))
        .flatten()
}

/// One note of a trailing list at `index`: its number, text and how many blocks it takes
/// ("[1]" on a line of its own takes the next line as its text).
fn trailing_entry(blocks: &[Block], index: usize) -> Option<(u32, String, usize)> {
    let text = blocks[index].text.trim();
    let alone = text.strip_prefix('[').and_then(|t| t.strip_suffix(']'));
    if let Some(number) = alone.and_then(|d| d.parse::<u32>().ok()) {
        let next = blocks.get(index + 1)?;
        if trailing_entry(blocks, index + 1).is_some() {
            return None;
        }
        return Some((number, next.text.trim().to_string(), 2));
    }
    trailing_note(text).map(|(number, body)| (number, body.trim().to_string(), 1))
}

/// Takes out the list of notes a web article prints after its text without a heading: the
/// last run of notes numbered one after another ("1Author …", "2https://…"; "[1]" / text),
/// with only short lines (an author's note, a credit) after it, and whose numbers the text
/// above marks ("[1]", "in 1948.3"). A numbered list the text never points at stays a list.
pub fn take_trailing_notes(blocks: &mut Vec<Block>) -> Vec<PageNote> {
    const MAX_LINES_AFTER: usize = 25;
    let mut best: Option<(usize, usize, Vec<PageNote>)> = None;
    let mut start = 0;
    while start < blocks.len() {
        let mut run: Vec<PageNote> = Vec::new();
        let mut index = start;
        while let Some((number, text, taken)) = trailing_entry(blocks, index) {
            if run.last().is_some_and(|n| n.number + 1 != number) {
                break;
            }
            run.push(PageNote { number, text, line: blocks[index].line });
            index += taken;
            if index >= blocks.len() {
                break;
            }
        }
        let bracketed = blocks[start].text.trim_start().starts_with('[');
        if run.len() >= 2 || run.len() == 1 && bracketed {
            best = Some((start, index, run));
            start = index;
        } else {
            start += 1;
        }
    }
    let Some((start, end, run)) = best else { return Vec::new() };
    let after = &blocks[end..];
    // An author's note or two may be long; running text after the list means it is no note list.
    if after.len() > MAX_LINES_AFTER || after.iter().filter(|b| b.text.len() > 300).count() > 2 {
        return Vec::new();
    }
    let body = &blocks[..start];
    let marked = run
        .iter()
        .filter(|note| {
            body.iter().any(|b| {
                bracket_markers(&b.text).iter().any(|m| m.2 == note.number)
                    || glued_markers(&b.text).iter().any(|m| m.number == note.number)
            })
        })
        .count();
    if marked == 0 || marked * 2 < run.len() {
        return Vec::new();
    }
    blocks.drain(start..end);
    run
}

/// A Markdown footnote: its number and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    pub number: u32,
    pub text: String,
}

/// Replaces note markers in `blocks` with footnote placeholders; returns the footnotes in
/// number order and the problems found. `glued` says whether PDF-style markers (numbers glued
/// to words) are to be looked for.
pub fn link_footnotes(
    blocks: &mut [Block],
    notes: Vec<PageNote>,
    glued: bool,
    file: &str,
) -> (Vec<Footnote>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut texts: BTreeMap<u32, PageNote> = BTreeMap::new();
    for note in notes {
        if let Some(previous) = texts.get(&note.number) {
            diagnostics.push(Diagnostic::warning(
                Category::Footnote,
                Some(Location::at(file, note.line, 1)),
                format!(
                    "note {} is given twice (also on line {}); the first is kept",
                    note.number, previous.line
                ),
            ));
            continue;
        }
        texts.insert(note.number, note);
    }
    let mut used: BTreeMap<u32, usize> = BTreeMap::new();
    let mut missing: Vec<(u32, usize)> = Vec::new();
    let mut expected = 1;
    for block in blocks.iter_mut().filter(|b| b.kind != BlockKind::Byline) {
        let mut out = String::with_capacity(block.text.len() + 8);
        let mut last = 0;
        let mut edits: Vec<(usize, usize, u32)> = bracket_markers(&block.text);
        if glued {
            for marker in glued_markers(&block.text) {
                let known = texts.contains_key(&marker.number);
                let in_sequence = marker.number == expected || (known && marker.number > expected);
                if in_sequence && (known || marker.after_punctuation) {
                    edits.push((marker.start, marker.end, marker.number));
                    expected = marker.number + 1;
                }
            }
        }
        edits.sort_unstable();
        for (start, end, number) in edits {
            if start < last {
                continue;
            }
            out.push_str(&block.text[last..start]);
            if texts.contains_key(&number) {
                *used.entry(number).or_default() += 1;
                out.push(MARK_OPEN);
                out.push_str(&number.to_string());
                out.push(MARK_CLOSE);
            } else {
                missing.push((number, block.line));
                out.push(MARK_OPEN);
                out.push('?');
                out.push_str(&number.to_string());
                out.push(MARK_CLOSE);
            }
            last = end;
        }
        out.push_str(&block.text[last..]);
        block.text = out;
    }
    for (number, line) in missing {
        diagnostics.push(Diagnostic::warning(
            Category::Footnote,
            Some(Location::at(file, line, 0)),
            format!("marker {number} (in the paragraph starting here) has no note text; it is kept as [{number}] in the text"),
        ));
    }
    for (number, note) in &texts {
        if !used.contains_key(number) {
            diagnostics.push(Diagnostic::warning(
                Category::Footnote,
                Some(Location::at(file, note.line, 1)),
                format!("note {number} has no marker in the text; it is kept at the end"),
            ));
        }
    }
    let footnotes =
        texts.into_values().map(|n| Footnote { number: n.number, text: n.text }).collect();
    (footnotes, diagnostics)
}

/// "[12]" markers: byte range of the whole bracket and the number.
fn bracket_markers(text: &str) -> Vec<(usize, usize, u32)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'[' {
            let digits = bytes[index + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
            let close = index + 1 + digits;
            if (1..=3).contains(&digits) && bytes.get(close) == Some(&b']') {
                if let Ok(number) = text[index + 1..close].parse::<u32>()
                    && number > 0
                {
                    out.push((index, close + 1, number));
                }
                index = close + 1;
                continue;
            }
        }
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    fn shown(text: &str) -> String {
        text.replace(MARK_OPEN, "{").replace(MARK_CLOSE, "}")
    }

    #[test]
    fn takes_a_references_section_printed_twice() {
        let mut list = blocks(&[
            "Body.[1] More.[2]",
            "Edited by A B",
            "References",
            "References",
            "1 First note.",
            "2. Second note.",
        ]);
        let notes = take_note_section(&mut list);
        assert_eq!(
            notes.iter().map(|n| (n.number, n.text.as_str())).collect::<Vec<_>>(),
            [(1, "First note."), (2, "Second note.")]
        );
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn links_bracket_markers_and_reports_missing_notes() {
        let mut list = blocks(&["It rained.[1] It stopped.[2]"]);
        let notes = vec![PageNote { number: 1, text: "Met office.".into(), line: 9 }];
        let (footnotes, problems) = link_footnotes(&mut list, notes, false, "a.txt");
        assert_eq!(shown(&list[0].text), "It rained.{1} It stopped.{?2}");
        assert_eq!(footnotes, [Footnote { number: 1, text: "Met office.".into() }]);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("marker 2 (in the paragraph starting here) has no note text"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn links_glued_markers_in_sequence_only() {
        let mut list =
            blocks(&["A recent study1 found dry wells in G7 towns, as reported.2 The mp3 file."]);
        let notes = vec![
            PageNote { number: 1, text: "Smith.".into(), line: 5 },
            PageNote { number: 2, text: "Jones.".into(), line: 6 },
        ];
        let (footnotes, problems) = link_footnotes(&mut list, notes, true, "a.txt");
        assert_eq!(
            shown(&list[0].text),
            "A recent study{1} found dry wells in G7 towns, as reported.{2} The mp3 file."
        );
        assert_eq!(footnotes.len(), 2);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn links_superscript_markers_but_not_units() {
        let mut list = blocks(&["A study¹ found wells 5 km² apart, as reported.²"]);
        let notes = vec![
            PageNote { number: 1, text: "Smith.".into(), line: 5 },
            PageNote { number: 2, text: "Jones.".into(), line: 6 },
        ];
        let (_, problems) = link_footnotes(&mut list, notes, true, "a.txt");
        assert_eq!(shown(&list[0].text), "A study{1} found wells 5 km² apart, as reported.{2}");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn glued_marker_after_punctuation_without_note_is_kept_and_reported() {
        let mut list = blocks(&["One study1 said so. Others disagreed.2"]);
        let notes = vec![PageNote { number: 1, text: "Smith.".into(), line: 5 }];
        let (_, problems) = link_footnotes(&mut list, notes, true, "a.txt");
        assert_eq!(shown(&list[0].text), "One study{1} said so. Others disagreed.{?2}");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn takes_a_trailing_list_of_glued_notes_that_the_text_marks() {
        let mut list = blocks(&[
            "The mill opened in 1911.1 It closed when the river silted up.2",
            "(The writer teaches local history.)",
            "1Brown, Ann (2001) Mills of the valley, River Press",
            "2https://example.org/river-survey",
            "Share this article",
        ]);
        let notes = take_trailing_notes(&mut list);
        assert_eq!(
            notes.iter().map(|n| (n.number, n.text.as_str())).collect::<Vec<_>>(),
            [
                (1, "Brown, Ann (2001) Mills of the valley, River Press"),
                (2, "https://example.org/river-survey")
            ]
        );
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn takes_bracket_numbers_on_lines_of_their_own_with_the_text_below() {
        let mut list = blocks(&[
            "The council can amend the plan",
            "[1]",
            "and has done so twice.[2]",
            "[1]",
            "Under the town charter.",
            "[2]",
            "In 1990 and 2004.",
        ]);
        let notes = take_trailing_notes(&mut list);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].text, "Under the town charter.");
        assert_eq!(list.len(), 3);
    }

    #[test]
    fn a_numbered_list_the_text_never_marks_stays() {
        let mut list = blocks(&[
            "The council should act on three points.",
            "1. Repair the bridge before winter.",
            "2. Open the school library on Saturdays.",
            "3. Plant trees along the river.",
        ]);
        assert!(take_trailing_notes(&mut list).is_empty());
        assert_eq!(list.len(), 4);
    }

    #[test]
    fn unreferenced_note_is_kept_and_reported() {
        let mut list = blocks(&["No markers here."]);
        let notes = vec![PageNote { number: 4, text: "Orphan.".into(), line: 3 }];
        let (footnotes, problems) = link_footnotes(&mut list, notes, false, "a.txt");
        assert_eq!(footnotes.len(), 1);
        assert!(problems[0].message.contains("no marker"));
    }
}
