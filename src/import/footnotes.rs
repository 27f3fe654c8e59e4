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
    fn unreferenced_note_is_kept_and_reported() {
        let mut list = blocks(&["No markers here."]);
        let notes = vec![PageNote { number: 4, text: "Orphan.".into(), line: 3 }];
        let (footnotes, problems) = link_footnotes(&mut list, notes, false, "a.txt");
        assert_eq!(footnotes.len(), 1);
        assert!(problems[0].message.contains("no marker"));
    }
}
