//! Import, third step: one article's raw lines → blocks (paragraphs, headings, list items,
//! asides), plus the notes a PDF printed at the foot of its pages.
//!
//! Web page text holds one paragraph per line, so each line is a block. PDF text is hard-wrapped:
//! there the lines are joined back into paragraphs (rejoining words broken at line ends), and
//! page debris (page numbers, running heads), foot-of-page notes and narrow pull-quote columns
//! are taken out first so they cannot split a sentence.

use std::collections::{HashMap, HashSet};

use super::byline::read_byline;
use super::credits::credit_line;
use super::dates::parse_date_line;
use super::hyphens::DocumentWords;
use super::markers::{glued_numbers, note_start, note_start_text};
use super::names::is_person_name;
use super::text::{
    char_len, ends_sentence, ends_with_stop, fold_for_compare, is_all_caps, is_blank,
    starts_capitalised, starts_lowercase, word_count,
};
use super::{Block, BlockKind};

/// How many lines from the top a PDF's head (title, subtitle, writers' names) may take.
const HEAD_LINES: usize = 10;

/// A note printed at the foot of a page: its number and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageNote {
    pub number: u32,
    pub text: String,
    pub line: usize,
}

/// What the layout step found in one article.
#[derive(Debug, Default)]
pub struct Layout {
    pub blocks: Vec<Block>,
    pub notes: Vec<PageNote>,
    /// The text was hard-wrapped (PDF-like) and has been reflowed.
    pub wrapped: bool,
    /// Lines taken out before the blocks were made, and why (for `gloss import --explain`).
    pub dropped: Vec<(usize, &'static str)>,
}

/// Cuts an article's text into blocks. `first_line` is the 1-based line of `text` in its file.
pub fn lay_out(text: &str, first_line: usize) -> Layout {
    let lines: Vec<&str> = text.split('\n').collect();
    if is_hard_wrapped(&lines) {
        Reflow::new(&lines, first_line).run()
    } else {
        let blocks = one_block_per_line(&lines, first_line);
        Layout { blocks, notes: Vec::new(), wrapped: false, dropped: Vec::new() }
    }
}

/// Hard-wrapped text has many lines that stop mid-sentence and go on in lower case on the next.
fn is_hard_wrapped(lines: &[&str]) -> bool {
    let text_lines: Vec<&str> = lines.iter().copied().filter(|l| !is_blank(l)).collect();
    let continued = text_lines
        .windows(2)
        .filter(|pair| !ends_sentence(pair[0]) && starts_lowercase(pair[1]))
        .count();
    text_lines.len() >= 4 && continued * 5 >= text_lines.len()
}

fn one_block_per_line(lines: &[&str], first_line: usize) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let line_number = first_line + index;
        if let Some(heading) = markdown_heading(trimmed) {
            blocks.push(Block::new(BlockKind::Heading, heading, line_number));
            continue;
        }
        // One paragraph per line: a line that starts with a bullet is a list item.
        match bullet_text(trimmed, true, true) {
            Some(item) => blocks.push(Block::new(BlockKind::ListItem, item, line_number)),
            None => blocks.push(Block::new(BlockKind::Paragraph, trimmed, line_number)),
        }
    }
    blocks
}

const BULLETS: &[char] = &[
    '•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '⁃', '∙', '·', '➢', '►', '▶', '✓', '✔', '❖', '➤',
];

/// The item text of a bulleted line. Dashes and asterisks count as bullets only where a list
/// can start (after a finished sentence or another item), since a PDF line may begin with a
/// dash that belongs to the sentence before.
/// `asterisk_bullets` is false for PDF text, where a line starting with `*` is a note
/// ("* Names changed") that belongs to a starred word, not a list.
pub fn bullet_text(trimmed: &str, list_can_start: bool, asterisk_bullets: bool) -> Option<&str> {
    let mut chars = trimmed.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let is_glyph = BULLETS.contains(&first);
    let is_dash =
        (matches!(first, '-' | '–' | '+') || first == '*' && asterisk_bullets) && list_can_start;
    // A glyph may touch its text ("•Item"); a dash or asterisk must be followed by a space.
    let spaced = is_glyph || rest.starts_with(' ');
    if !(is_glyph || is_dash) || !spaced {
        return None;
    }
    let item = rest.trim_start();
    (!item.is_empty()).then_some(item)
}

/// What a line of hard-wrapped text is, decided before reflowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineRole {
    Text,
    Blank,
    /// Page numbers and running heads: dropped.
    Debris,
    /// A section number on its own line; joins the heading that follows.
    SectionNumber,
    Heading,
    Bullet,
    /// A line of a narrow column that stands apart from the body (a pull quote).
    Aside,
    /// First line of a foot-of-page note with this number.
    NoteStart(u32),
    NoteContinued,
    /// A line of a foot-of-page block of notes whose numbers stand apart (already read).
    FootNote,
    /// A byline, date or credit line: a block of its own, whatever its punctuation.
    Standalone,
}

struct Reflow<'a> {
    lines: &'a [&'a str],
    first_line: usize,
    roles: Vec<LineRole>,
    /// Mid-paragraph lines end with a space and paragraph-final lines do not (some PDF
    /// extractors write this; it is the best paragraph signal when present).
    trailing_space_marks_paragraphs: bool,
    /// Blank lines separate paragraphs (false for double-spaced extractions).
    blanks_are_breaks: bool,
    /// Upper-quartile length of the text lines: the body's column width.
    typical_width: usize,
    /// Built on first use: only text with words broken at line ends needs it.
    words: DocumentWords<'a>,
    /// Notes read from foot-of-page blocks whose numbers stand on lines of their own.
    block_notes: Vec<PageNote>,
}

/// Note markers seen so far in the running text, and the note numbers already given a text.
/// A note line is believed only for a marker already seen and not yet given its note, close
/// to the first one still waiting: notes numbered on from earlier chapters (33, 34, …) are
/// found, page numbers and numbered lists are not.
#[derive(Default)]
struct NoteNumbers {
    seen: HashSet<u32>,
    given: HashSet<u32>,
}

impl NoteNumbers {
    fn is_due(&self, number: u32) -> bool {
        // A marker far behind the last note given never got its note (or was no marker): it
        // does not hold the others back.
        let floor = self.given.iter().max().map_or(0, |n| n.saturating_sub(3));
        let Some(first_waiting) =
            self.seen.iter().filter(|n| **n >= floor && !self.given.contains(n)).min().copied()
        else {
            return false;
        };
        self.seen.contains(&number) && !self.given.contains(&number) && number <= first_waiting + 3
    }
}

/// A line of a foot-of-page block: a note number alone, or a line of note text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FootPart {
    Number(u32, usize),
    Text(usize),
}

impl<'a> Reflow<'a> {
    fn new(lines: &'a [&'a str], first_line: usize) -> Self {
        let mut reflow = Reflow {
            lines,
            first_line,
            roles: vec![LineRole::Text; lines.len()],
            trailing_space_marks_paragraphs: false,
            blanks_are_breaks: true,
            typical_width: column_width(lines),
            words: DocumentWords::new(lines),
            block_notes: Vec::new(),
        };
        reflow.measure_conventions();
        reflow
    }

    fn measure_conventions(&mut self) {
        let open_lines: Vec<&&str> =
            self.lines.iter().filter(|l| !is_blank(l) && !ends_sentence(l)).collect();
        let with_space = open_lines.iter().filter(|l| l.ends_with(' ')).count();
        self.trailing_space_marks_paragraphs =
            open_lines.len() >= 10 && with_space * 10 >= open_lines.len() * 8;

        let mut across_blank = 0;
        let mut mid_sentence_across_blank = 0;
        let mut previous: Option<&str> = None;
        let mut blank_since = false;
        for line in self.lines {
            if is_blank(line) {
                blank_since = true;
                continue;
            }
            if let (Some(before), true) = (previous, blank_since) {
                across_blank += 1;
                if !ends_sentence(before) && starts_lowercase(line) {
                    mid_sentence_across_blank += 1;
                }
            }
            previous = Some(line);
            blank_since = false;
        }
        self.blanks_are_breaks =
            mid_sentence_across_blank < 3 || mid_sentence_across_blank * 5 < across_blank;
    }

    fn run(mut self) -> Layout {
        self.mark_roles();
        let notes = self.collect_notes();
        let blocks = self.build_blocks();
        let dropped = self
            .roles
            .iter()
            .enumerate()
            .filter_map(|(index, role)| {
                let why = match role {
                    LineRole::Debris => "page number or running head",
                    LineRole::FootNote | LineRole::NoteStart(_) | LineRole::NoteContinued => {
                        "footnote"
                    }
                    _ => return None,
                };
                Some((self.first_line + index, why))
            })
            .collect();
        Layout { blocks, notes, wrapped: true, dropped }
    }

    fn next_text_line(&self, from: usize) -> Option<usize> {
        (from..self.lines.len()).find(|&i| !is_blank(self.lines[i]))
    }

    fn mark_roles(&mut self) {
        let markers: HashSet<u32> = self.lines.iter().flat_map(|l| glued_numbers(l)).collect();
        let running_heads = running_heads(self.lines, &markers);
        let is_running_head = |line: &str| {
            !running_heads.is_empty()
                && line.trim().len() <= 240
                && running_heads.contains(&running_head_key(line.trim()))
        };
        // The first line of a document is its title even when every page repeats it.
        let first_text = self.next_text_line(0);
        let mut numbers = NoteNumbers::default();
        let mut index = 0;
        while index < self.lines.len() {
            let line = self.lines[index];
            let trimmed = line.trim();
            if trimmed.is_empty() {
                self.roles[index] = LineRole::Blank;
                index += 1;
                continue;
            }
            if lone_number(trimmed).is_some_and(|n| numbers.is_due(n))
                && let Some(end) = self.foot_block(index, &mut numbers, &is_running_head)
            {
                index = end;
                continue;
            }
            if let Some(number) = note_start(line).filter(|n| numbers.is_due(*n)) {
                self.roles[index] = LineRole::NoteStart(number);
                numbers.given.insert(number);
                index += 1;
                while index < self.lines.len() {
                    let next = self.lines[index];
                    if is_blank(next)
                        || next.starts_with(' ')
                        || note_start(next).is_some_and(|n| numbers.is_due(n))
                        || is_page_number(next.trim())
                        || is_running_head(next)
                    {
                        break;
                    }
                    self.roles[index] = LineRole::NoteContinued;
                    index += 1;
                }
                continue;
            }
            if is_page_number(trimmed) {
                let heading_follows = self
                    .next_text_line(index + 1)
                    .is_some_and(|next| is_heading_line(self.lines[next].trim()));
                self.roles[index] =
                    if heading_follows { LineRole::SectionNumber } else { LineRole::Debris };
                index += 1;
                continue;
            }
            if is_running_head(trimmed) && first_text != Some(index) {
                self.roles[index] = LineRole::Debris;
                index += 1;
                continue;
            }
            if let Some(run) = self.narrow_run(index) {
                for role in &mut self.roles[index..index + run] {
                    *role = LineRole::Aside;
                }
                index += run;
                continue;
            }
            let previous_closed = index == 0
                || self.roles[..index]
                    .iter()
                    .rposition(|r| {
                        !matches!(r, LineRole::Blank | LineRole::Debris | LineRole::FootNote)
                    })
                    .is_none_or(|p| {
                        self.roles[p] != LineRole::Text || ends_sentence(self.lines[p])
                    });
            // A writer's name alone on a line under a PDF's title is a line of its own.
            let name_in_head = index < HEAD_LINES && is_person_name(trimmed);
            self.roles[index] = if markdown_heading(trimmed).is_some() {
                LineRole::Heading
            } else if is_standalone_line(trimmed) || name_in_head {
                LineRole::Standalone
            } else if is_heading_line(trimmed) && previous_closed {
                LineRole::Heading
            } else if bullet_text(trimmed, previous_closed, false).is_some() {
                LineRole::Bullet
            } else {
                LineRole::Text
            };
            numbers.seen.extend(glued_numbers(trimmed));
            index += 1;
        }
    }

    /// A block of notes at the foot of a page whose numbers stand on lines of their own
    /// ("33" / its text, or "36" / "37" / text / text, or out of order as extractors leave
    /// them), from `start` to the page number, a running head, or running text going on after
    /// a blank line. Returns where the block ends, or `None` when it is not one (a number with
    /// a long run of text under it is running text).
    fn foot_block(
        &mut self,
        start: usize,
        numbers: &mut NoteNumbers,
        is_running_head: &dyn Fn(&str) -> bool,
    ) -> Option<usize> {
        const MAX_NOTE_LINES: usize = 10;
        let mut parts = Vec::new();
        let mut in_block = HashSet::new();
        let mut index = start;
        let mut lines_since_number = 0;
        while index < self.lines.len() {
            let line = self.lines[index];
            let trimmed = line.trim();
            if trimmed.is_empty() {
                let next = self.next_text_line(index + 1);
                let resumes_text = |n: usize| {
                    let next = self.lines[n].trim();
                    starts_lowercase(next) && !next.contains("://") && !next.starts_with("www.")
                };
                if next.is_none_or(resumes_text) {
                    break;
                }
                index += 1;
                continue;
            }
            let due = |n: &u32| numbers.is_due(*n) && !in_block.contains(n);
            if let Some(number) = lone_number(trimmed) {
                if !due(&number) {
                    break;
                }
                in_block.insert(number);
                parts.push(FootPart::Number(number, index));
                lines_since_number = 0;
            } else if is_page_number(trimmed) || is_running_head(line) && !is_address(trimmed) {
                break;
            } else {
                if let Some(number) = note_start(line).filter(|n| due(n)) {
                    in_block.insert(number);
                    parts.push(FootPart::Number(number, index));
                    lines_since_number = 0;
                }
                lines_since_number += 1;
                if lines_since_number > MAX_NOTE_LINES {
                    return None;
                }
                parts.push(FootPart::Text(index));
            }
            index += 1;
        }
        for (number, text, line) in self.pair_foot_parts(&parts) {
            numbers.given.insert(number);
            self.block_notes.push(PageNote { number, text, line: self.first_line + line });
        }
        for part in &parts {
            let (FootPart::Number(_, line) | FootPart::Text(line)) = *part;
            // Taken out like page debris, so a sentence broken by the page turn is whole again.
            self.roles[line] = LineRole::FootNote;
        }
        Some(index)
    }

    /// Gives each number of a foot block its text: the lines under it when every number has
    /// some; otherwise (numbers and texts printed apart) the texts in order to the numbers in
    /// order, when there are as many of each. A number left without text gets no note.
    fn pair_foot_parts(&self, parts: &[FootPart]) -> Vec<(u32, String, usize)> {
        let text_of = |line: usize| {
            let raw = self.lines[line];
            if note_start(raw).is_some() { note_start_text(raw) } else { raw.trim() }
        };
        let every_number_has_text = parts.iter().enumerate().all(|(i, part)| {
            !matches!(part, FootPart::Number(..))
                || matches!(parts.get(i + 1), Some(FootPart::Text(_)))
        });
        if !every_number_has_text {
            let mut numbers: Vec<(u32, usize)> = parts
                .iter()
                .filter_map(|p| match p {
                    FootPart::Number(n, line) => Some((*n, *line)),
                    FootPart::Text(_) => None,
                })
                .collect();
            let mut items: Vec<String> = Vec::new();
            for part in parts {
                let FootPart::Text(line) = *part else { continue };
                let text = text_of(line);
                match items.last_mut() {
                    Some(item) if !starts_new_note_item(item, text) => {
                        join_line(item, text, &self.words)
                    }
                    _ => items.push(text.to_string()),
                }
            }
            if items.len() == numbers.len() {
                numbers.sort_unstable();
                return numbers.into_iter().zip(items).map(|((n, l), t)| (n, t, l)).collect();
            }
        }
        let mut notes: Vec<(u32, String, usize)> = Vec::new();
        let mut current: Option<usize> = None;
        for part in parts {
            match *part {
                FootPart::Number(number, line) => {
                    notes.push((number, String::new(), line));
                    current = Some(notes.len() - 1);
                }
                FootPart::Text(line) => {
                    if let Some(note) = current.map(|i| &mut notes[i]) {
                        join_line(&mut note.1, text_of(line), &self.words);
                    }
                }
            }
        }
        notes.retain(|n| !n.1.is_empty());
        notes
    }

    /// At least three short lines in a row, the last ending a sentence: a pull quote or other
    /// boxed text set in a narrow column beside the body.
    fn narrow_run(&self, start: usize) -> Option<usize> {
        const NARROW: usize = 32;
        let first = self.lines[start].trim();
        if self.typical_width < 45 || !starts_capitalised(first) {
            return None;
        }
        let mut end = start;
        while end < self.lines.len() {
            let line = self.lines[end].trim();
            if line.is_empty()
                || char_len(line) > NARROW
                || is_heading_line(line)
                || is_page_number(line)
            {
                break;
            }
            end += 1;
        }
        let run = end - start;
        (run >= 3 && ends_sentence(self.lines[end - 1])).then_some(run)
    }

    fn collect_notes(&self) -> Vec<PageNote> {
        let mut notes: Vec<PageNote> = self.block_notes.clone();
        for (index, role) in self.roles.iter().enumerate() {
            match role {
                LineRole::NoteStart(number) => {
                    let text = note_start_text(self.lines[index]);
                    notes.push(PageNote {
                        number: *number,
                        text: text.trim_end().to_string(),
                        line: self.first_line + index,
                    });
                }
                LineRole::NoteContinued => {
                    if let Some(note) = notes.last_mut() {
                        join_line(&mut note.text, self.lines[index], &self.words);
                    }
                }
                _ => {}
            }
        }
        notes
    }

    fn build_blocks(&self) -> Vec<Block> {
        let mut blocks: Vec<Block> = Vec::new();
        // The block being reflowed: its index in `blocks`, and its last raw line.
        let mut open: Option<(usize, &str, usize)> = None; // (block, last line, lines so far)
        let mut blank_since_open = false;
        let mut pending_section: Option<String> = None;
        let mut index = 0;
        while index < self.lines.len() {
            let line = self.lines[index];
            let line_number = self.first_line + index;
            match self.roles[index] {
                LineRole::Blank => blank_since_open = true,
                LineRole::Debris
                | LineRole::FootNote
                | LineRole::NoteStart(_)
                | LineRole::NoteContinued => {}
                LineRole::SectionNumber => pending_section = Some(line.trim().to_string()),
                LineRole::Heading => {
                    let mut text = pending_section.take().map(|n| n + " ").unwrap_or_default();
                    text.push_str(markdown_heading(line.trim()).unwrap_or(line.trim()));
                    // A heading wrapped over several all-capital lines is one heading.
                    while index + 1 < self.lines.len()
                        && self.roles[index + 1] == LineRole::Heading
                        && is_all_caps(self.lines[index + 1])
                        && is_all_caps(line)
                    {
                        index += 1;
                        text.push(' ');
                        text.push_str(self.lines[index].trim());
                    }
                    blocks.push(Block::new(BlockKind::Heading, &text, line_number));
                    open = None;
                }
                LineRole::Aside => {
                    let mut text = line.trim().to_string();
                    while index + 1 < self.lines.len() && self.roles[index + 1] == LineRole::Aside {
                        index += 1;
                        join_line(&mut text, self.lines[index], &self.words);
                    }
                    blocks.push(Block::new(BlockKind::Aside, &text, line_number));
                    // A pull quote interrupts, but does not end, the paragraph around it.
                }
                LineRole::Standalone => {
                    blocks.push(Block::new(BlockKind::Paragraph, line.trim(), line_number));
                    open = None;
                }
                LineRole::Bullet => {
                    let item = bullet_text(line.trim(), true, false).unwrap_or(line.trim());
                    blocks.push(Block::new(BlockKind::ListItem, item, line_number));
                    open = Some((blocks.len() - 1, line, 1));
                }
                LineRole::Text => {
                    let continues = open.is_some_and(|(_, last, count)| {
                        !self.breaks_between(last, line, blank_since_open, count)
                    });
                    match open {
                        Some((block, _, count)) if continues => {
                            join_line(&mut blocks[block].text, line, &self.words);
                            open = Some((block, line, count + 1));
                        }
                        _ => {
                            let mut block =
                                Block::new(BlockKind::Paragraph, line.trim(), line_number);
                            block.single_line = true;
                            blocks.push(block);
                            open = Some((blocks.len() - 1, line, 1));
                        }
                    }
                    if let Some((block, _, count)) = open {
                        blocks[block].single_line = count == 1;
                    }
                }
            }
            if !matches!(self.roles[index], LineRole::Blank) {
                blank_since_open = matches!(self.roles[index], LineRole::Aside) && blank_since_open;
            }
            index += 1;
        }
        blocks
    }

    /// Whether a new paragraph starts at `next`, given the last line `last` of the open one.
    fn breaks_between(
        &self,
        last: &str,
        next: &str,
        blank_between: bool,
        lines_so_far: usize,
    ) -> bool {
        if self.trailing_space_marks_paragraphs
            && !last.ends_with([' ', '-', '\u{ad}'])
            && starts_capitalised(next)
        {
            return true;
        }
        if starts_with_bracketed_number(next) && last.trim_end().ends_with(['.', '!', '?', ')']) {
            return true;
        }
        if !ends_sentence(last) {
            // A short unpunctuated line on its own before a capitalised one is a title or
            // heading, not the start of a paragraph.
            let short_alone = lines_so_far == 1
                && char_len(last.trim()) * 10 < self.typical_width * 6
                && starts_capitalised(last)
                && starts_capitalised(next)
                && !ends_with_stop(last)
                && !last.trim_end().ends_with(['-', '\u{ad}']);
            if short_alone {
                return true;
            }
            // A short unpunctuated line set apart by blank lines is a heading-like line of its own.
            return blank_between
                && self.blanks_are_breaks
                && starts_capitalised(next)
                && !ends_with_stop(last)
                && lines_so_far == 1
                && char_len(last.trim()) < 80;
        }
        if next.starts_with(' ') && !starts_lowercase(next) {
            return true;
        }
        // Where blank lines separate paragraphs, a sentence end before one is a paragraph end,
        // whatever the extractor did with trailing spaces.
        if blank_between && self.blanks_are_breaks {
            return true;
        }
        if self.trailing_space_marks_paragraphs {
            return !last.ends_with(' ') && !starts_lowercase(next);
        }
        starts_capitalised(next) && char_len(last.trim()) * 10 < char_len(next.trim()) * 6
    }
}

/// A line that is only a number of one to three digits ("33"): a page number or a note's.
fn lone_number(trimmed: &str) -> Option<u32> {
    let digits = trimmed.len();
    ((1..=3).contains(&digits) && trimmed.bytes().all(|b| b.is_ascii_digit()))
        .then(|| trimmed.parse().ok())
        .flatten()
}

/// A web address alone on a line: note text, even when several notes repeat it.
fn is_address(trimmed: &str) -> bool {
    !trimmed.contains(' ') && (trimmed.contains("://") || trimmed.starts_with("www."))
}

/// Whether a line of note text printed apart from its number starts another note: an address
/// or a capitalised line after a note that ended ("… Press, 2019." / "Ibid."), not the rest of
/// a broken address or sentence.
fn starts_new_note_item(item: &str, line: &str) -> bool {
    let last_token = item.rsplit(' ').next().unwrap_or_default();
    let item_is_url = last_token.contains("://") || last_token.starts_with("www.");
    if item_is_url && url_continues(last_token, line) {
        return false;
    }
    if line.starts_with("http") || line.starts_with("www.") {
        return true;
    }
    starts_capitalised(line) && (item_is_url || ends_sentence(item))
}

/// "[12] ..." at the start of a line after a full stop (a sentence's or a URL's) opens a
/// numbered note or item; in running text a bracketed marker follows the word it marks.
fn starts_with_bracketed_number(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix('[') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits) && rest[digits..].starts_with("] ")
}

/// Whether a URL at the end of a line was broken there: it ends in a character a URL cannot end
/// with. A final full stop is usually the sentence's, so it only counts when the next line reads
/// as the rest of an address ("org/report.pdf"), not as new text ("[2] See ...", "The").
fn url_continues(url: &str, next_line: &str) -> bool {
    if url.ends_with(['/', '-', '_', '=', '?', '&', '#', '%']) {
        return true;
    }
    let rest = next_line.split_whitespace().next().unwrap_or_default();
    url.ends_with('.')
        && rest.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && rest.contains(['/', '.'])
        && !rest.ends_with('.')
}

/// Appends a wrapped line to a paragraph: a word broken at the line end is rejoined, a URL
/// broken at the line end is rejoined without a space, otherwise the lines join with a space.
fn join_line(paragraph: &mut String, line: &str, words: &DocumentWords<'_>) {
    let line = line.trim();
    if line.is_empty() {
        return;
    }
    let kept_end = paragraph.trim_end().len();
    paragraph.truncate(kept_end);
    if let Some(stem) = paragraph.strip_suffix('\u{ad}') {
        let stem_len = stem.len();
        paragraph.truncate(stem_len);
        paragraph.push_str(line);
        return;
    }
    let last_token = paragraph.rsplit(' ').next().unwrap_or_default();
    let is_url = last_token.contains("://") || last_token.starts_with("www.");
    if is_url && url_continues(last_token, line) {
        paragraph.push_str(line);
        return;
    }
    if let Some(stem) = paragraph.strip_suffix('-') {
        let left: String = stem
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let right: String = line.chars().take_while(|c| c.is_alphabetic()).collect();
        if !left.is_empty() && right.chars().next().is_some_and(char::is_lowercase) {
            // "Mazar-" / "i-Sharif": the next piece goes on with a hyphen of its own.
            let chained = line[right.len()..].starts_with('-');
            if !chained && words.joins(&left, &right) {
                paragraph.pop();
            }
            paragraph.push_str(line);
            return;
        }
        // "20-" / "year", "Anti-" / "Taliban": a compound whose second part is a number or a
        // name keeps its hyphen.
        let compound = !left.is_empty() && right.chars().next().is_some_and(char::is_uppercase);
        if compound || stem.ends_with(|c: char| c.is_ascii_digit()) && !right.is_empty() {
            paragraph.push_str(line);
            return;
        }
    }
    if !paragraph.is_empty() {
        paragraph.push(' ');
    }
    paragraph.push_str(line);
}

/// Lines that never continue a paragraph: "By A", "Edited by B", "17 May 2024", "Photo: C".
fn is_standalone_line(trimmed: &str) -> bool {
    trimmed.len() <= 200
        && (is_colon_label(trimmed)
            || read_byline(trimmed).is_some_and(|b| b.complete)
            || parse_date_line(trimmed).is_some()
            || credit_line(trimmed).is_some())
}

/// A short capitalised label ending with a colon ("Background of the question:"): it heads
/// what follows and never continues the line above.
fn is_colon_label(trimmed: &str) -> bool {
    trimmed.ends_with(':')
        && char_len(trimmed) <= 40
        && word_count(trimmed) <= 5
        && starts_capitalised(trimmed)
        && !trimmed.contains(['.', ',', ';'])
}

/// Most lines of a paragraph fill the column, so the upper quartile of line lengths is its width.
fn column_width(lines: &[&str]) -> usize {
    let mut lengths: Vec<usize> =
        lines.iter().filter(|l| !is_blank(l)).map(|l| char_len(l.trim())).collect();
    lengths.sort_unstable();
    lengths.get(lengths.len() * 3 / 4).copied().unwrap_or(0)
}

/// "12", "Page 12", "12 of 40", "- 12 -", "12 | 40": a page number line.
fn is_page_number(trimmed: &str) -> bool {
    // Every form has a number in digits: most lines are ruled out without lower-casing them.
    if !trimmed.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let lower = trimmed.to_lowercase();
    let core = lower
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c == ' ' || c == '|')
        .trim_start_matches("page")
        .trim();
    if core.is_empty() || core.len() > 12 {
        return false;
    }
    let mut parts = core.split(['/', '|']).flat_map(|p| p.split(" of "));

    parts.all(|p| {
        let p = p.trim();
        !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit())
    })
}

/// A short line that can be a heading in hard-wrapped text: all capitals, or a numbered
/// section title ("2.1 Findings").
fn is_heading_line(trimmed: &str) -> bool {
    if trimmed.is_empty() || char_len(trimmed) > 100 || trimmed.ends_with(',') {
        return false;
    }
    if is_all_caps(trimmed) && word_count(trimmed) <= 14 {
        return true;
    }
    let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let rest = trimmed[digits.len()..].trim_start();
    !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && rest.len() < trimmed.len() - digits.len()
        && starts_capitalised(rest)
        && !ends_with_stop(rest)
        && word_count(rest) <= 10
        && !rest.starts_with(|c: char| c.is_ascii_digit())
}

/// Short lines that recur on many pages (a report's title or chapter at the top of each page),
/// compared without their digits so "Report 2024 | 12" and "Report 2024 | 13" match: three
/// times or more, or twice when each time a page number is its neighbour (a short report's
/// running foot).
/// `markers` are the note numbers the text marks: a lone "33" beside a line is then as likely
/// a note's number as a page's, and is no evidence of a page foot (a note that cites the same
/// work twice is not a running foot).
fn running_heads(lines: &[&str], markers: &HashSet<u32>) -> HashSet<String> {
    let beside_page_number = |index: usize| {
        let text_line = |i: &usize| !is_blank(lines[*i]);
        let before = (0..index).rev().find(text_line);
        let after = (index + 1..lines.len()).find(text_line);
        [before, after].into_iter().flatten().any(|i| {
            let trimmed = lines[i].trim();
            is_page_number(trimmed) && !lone_number(trimmed).is_some_and(|n| markers.contains(&n))
        })
    };
    // Per key: how often it recurs, and how often beside a page number.
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || char_len(trimmed) > 80 || ends_sentence(trimmed) {
            continue;
        }
        let key = running_head_key(trimmed);
        if key.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            let count = counts.entry(key).or_default();
            count.0 += 1;
            count.1 += usize::from(beside_page_number(index));
        }
    }
    counts
        .into_iter()
        .filter(|(_, (n, paged))| *n >= 3 || *n == 2 && *paged == 2)
        .map(|(key, _)| key)
        .collect()
}

fn running_head_key(trimmed: &str) -> String {
    fold_for_compare(&trimmed.chars().filter(|c| !c.is_ascii_digit()).collect::<String>())
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;

/// The text of a Markdown heading line ("## Findings"), as writers paste them into plain text:
/// one to six `#`, a space, then text. A hashtag ("#Kabul") or "#1" is no heading.
fn markdown_heading(line: &str) -> Option<&str> {
    let text = line.trim_start_matches('#');
    let hashes = line.len() - text.len();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let text = text.strip_prefix(' ')?.trim_end().trim_end_matches('#').trim_end();
    (!text.is_empty()).then_some(text)
}
