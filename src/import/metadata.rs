//! Import, metadata: the lines around an article's body that state its title, authors,
//! editors, date, publisher, contacts and photo credits → front matter fields.
//!
//! Only the head (title and the byline lines under it) and the foot (credit lines, an author's
//! bio) are read, never dates or names in the running text. A line is taken out of the body only
//! when all of it was understood; otherwise what was understood is recorded and the line stays.

use chrono::NaiveDate;

use super::byline::{SECTION_LABELS, is_in_capitals, is_reading_time, push_unique, read_byline};
use super::credits::{contacts_only, credit_line, find_contacts};
use super::dates::{parse_date_line, parse_month_and_year};
use super::masthead::date_and_publication;
use super::names::{BIO_ROLES, has_role_word, is_org_line, is_person_name};
use super::newswire::{is_correction_notice, opening_dateline, read_dateline, wire_headline};
use super::text::{
    char_len, ends_sentence, ends_with_stop, fold_for_compare, starts_capitalised, word_count,
};
use super::{Block, BlockKind};
use crate::model::ArticleMeta;

/// How many lines under the title can be byline material before the body starts.
const MAX_HEADER_LINES: usize = 8;
/// How many blocks at the end can be credit lines or a bio.
const MAX_FOOTER_LINES: usize = 6;

/// Takes the title and byline lines off the top of `blocks` into `meta`. A title already in
/// `meta` (stated by the listing the article came from) is kept.
pub fn take_header(blocks: &mut Vec<Block>, meta: &mut ArticleMeta, domains: &[String]) {
    if meta.title.is_empty() {
        take_title(blocks, meta);
    }
    let has_title = !meta.title.is_empty();
    let wire_story = has_title && meta.title.ends_with('.');
    let mut index = 0;
    let mut after_name = false;
    let mut seen = 0;
    while index < blocks.len() && seen < MAX_HEADER_LINES {
        seen += 1;
        let block = &blocks[index];
        // A date or byline line set as a heading is still header material.
        let header_heading = block.kind == BlockKind::Heading
            && (parse_date_line(&block.text).is_some()
                || read_byline(&block.text).is_some_and(|b| b.complete));
        if block.kind != BlockKind::Paragraph && !header_heading || char_len(&block.text) > 250 {
            break;
        }
        let text = block.text.clone();
        if let Some(taken) = spread_byline_field(blocks, index, meta) {
            blocks.drain(index..index + taken);
            after_name = !meta.authors.is_empty();
            continue;
        }
        if let Some((date, publication)) = date_and_publication(&text) {
            meta.date.get_or_insert(date.into());
            meta.source.get_or_insert(publication);
            blocks.remove(index);
            continue;
        }
        // The page's own address, printed under the title by a scraper.
        if is_url_line(&text) {
            blocks.remove(index);
            continue;
        }
        if wire_story && is_correction_notice(&text) {
            index += 1;
            continue;
        }
        if let Some(byline) = read_byline(&text) {
            let complete = byline.complete;
            byline.apply(meta);
            after_name = !meta.authors.is_empty();
            if complete {
                blocks.remove(index);
            } else {
                blocks[index].kind = BlockKind::Byline;
                index += 1;
            }
            continue;
        }
        if let Some(date) = parse_date_line(&text).or_else(|| dateline_date(&text)) {
            meta.date.get_or_insert(date.into());
            blocks.remove(index);
            continue;
        }
        // A dateline starts the body and stays in it: it names a place.
        if blocks[index].kind == BlockKind::Paragraph
            && let Some(dateline) = read_dateline(&text, wire_story)
        {
            if meta.date.is_none() {
                meta.date = dateline.date.map(Into::into);
            }
            blocks[index].kind = BlockKind::Dateline;
            break;
        }
        if let Some(dateline) = opening_dateline(&text) {
            if meta.date.is_none() {
                meta.date = dateline.date.map(Into::into);
            }
            break;
        }
        if is_org_line(&text) || is_site_name(&text, domains) {
            if meta.source.is_none() {
                meta.source = Some(text);
                blocks.remove(index);
            } else {
                blocks[index].kind = BlockKind::Byline;
                index += 1;
            }
            after_name = false;
            continue;
        }
        if let Some(names) = names_line(&text) {
            for name in names {
                push_unique(&mut meta.authors, name);
            }
            blocks.remove(index);
            after_name = true;
            continue;
        }
        if after_name && is_affiliation(&text) {
            blocks[index].kind = BlockKind::Byline;
            index += 1;
            continue;
        }
        let right_under_title = has_title && index == 0 && seen == 1;
        if right_under_title && is_subtitle(&blocks[index]) {
            if meta.date.is_none() {
                meta.date = trailing_date(&text).map(Into::into);
            }
            meta.subtitle = Some(text);
            blocks.remove(index);
            continue;
        }
        break;
    }
}

/// Takes the title line, and a section label above it, off the top of `blocks`.
fn take_title(blocks: &mut Vec<Block>, meta: &mut ArticleMeta) {
    if let [label, title, ..] = blocks.as_slice()
        && let Some(tags) = section_label_tags(label)
        && is_title_line(title)
        && word_count(&title.text) >= 3
    {
        for tag in tags {
            push_unique(&mut meta.tags, &tag);
        }
        blocks.remove(0);
    }
    // A document-type line ("Policy Council - Research Report") names what the document is;
    // the title is the block under it, which in PDF text may be wrapped over lines.
    if let [kind_line, title, ..] = blocks.as_slice()
        && kind_line.single_line
        && is_document_type_line(&kind_line.text)
        && title.kind == BlockKind::Paragraph
        && (3..=30).contains(&word_count(&title.text))
        && !ends_with_stop(&title.text)
        && starts_capitalised(&title.text)
    {
        meta.title = title.text.clone();
        blocks.drain(..2);
        return;
    }
    if let Some(headline) = wire_headline(blocks) {
        meta.title = headline.to_string();
        blocks.remove(0);
    } else if let Some(first) = blocks.first()
        && is_title_line(first)
        && read_byline(&first.text).is_none()
        && parse_date_line(&first.text).is_none()
    {
        meta.title = first.text.clone();
        blocks.remove(0);
    }
}

/// What a document is, not what it is called: "Annual Report", "Trade Board - Working Paper".
const DOCUMENT_TYPES: &[&str] = &[
    "report",
    "research report",
    "annual report",
    "working paper",
    "research paper",
    "discussion paper",
    "occasional paper",
    "briefing paper",
    "policy brief",
    "white paper",
    "fact sheet",
    "study guide",
    "background guide",
];

/// A line that is a document type alone, or a body's name and a document type after a dash or
/// bar. A title that merely ends with the word ("A Report on Rivers") has no separator.
fn is_document_type_line(text: &str) -> bool {
    let text = text.trim();
    if char_len(text) > 100 || ends_with_stop(text) {
        return false;
    }
    let kind = [" - ", " – ", " — ", " | "]
        .iter()
        .find_map(|separator| text.rsplit_once(separator).map(|(_, kind)| kind))
        .unwrap_or(text);
    DOCUMENT_TYPES.contains(&kind.trim().to_lowercase().as_str())
}

/// Takes the line a listing page repeated as the item's title (one of its first three lines,
/// after a date or a section label) as the title, as printed, whatever its punctuation.
pub fn take_stated_title(blocks: &mut Vec<Block>, meta: &mut ArticleMeta, title: &str) {
    let wanted = fold_for_compare(title);
    let found = blocks.iter().take(3).position(|b| {
        b.single_line && b.kind != BlockKind::ListItem && fold_for_compare(&b.text) == wanted
    });
    if let Some(index) = found {
        meta.title = blocks.remove(index).text.trim().to_string();
    }
}

/// Takes credit lines off the end of `blocks` into `meta`, and reads an author's bio.
pub fn take_footer(blocks: &mut Vec<Block>, meta: &mut ArticleMeta, domains: &[String]) {
    let mut index = blocks.len();
    let mut looked = 0;
    while index > 0 && looked < MAX_FOOTER_LINES {
        index -= 1;
        looked += 1;
        let text = blocks[index].text.clone();
        if blocks[index].kind != BlockKind::Paragraph {
            if blocks[index].kind == BlockKind::Heading {
                break;
            }
            continue;
        }
        if let Some(byline) = read_byline(&text) {
            let complete = byline.complete;
            byline.apply(meta);
            if complete {
                blocks.remove(index);
            } else {
                blocks[index].kind = BlockKind::Byline;
            }
            continue;
        }
        if let Some(credit) = credit_line(&text) {
            push_unique(&mut meta.photo_credits, credit);
            blocks.remove(index);
            continue;
        }
        if let Some(date) = parse_date_line(&text) {
            meta.date.get_or_insert(date.into());
            blocks.remove(index);
            continue;
        }
        if is_site_name(&text, domains) || (is_org_line(&text) && word_count(&text) <= 6) {
            if meta.source.is_none() {
                meta.source = Some(text);
                blocks.remove(index);
            }
            continue;
        }
        if let Some(contacts) = contacts_only(&text) {
            for contact in contacts {
                push_unique(&mut meta.contacts, &contact);
            }
            blocks.remove(index);
            continue;
        }
        if let Some(publication) = republished_in(&text) {
            if meta.source.is_none() {
                meta.source = Some(publication.to_string());
                blocks.remove(index);
            }
            continue;
        }
        // An author's note in brackets may present each writer in a sentence of its own.
        let note = text.trim().strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(&text);
        let subjects: Vec<String> = super::text::sentences(note)
            .into_iter()
            .filter_map(|sentence| bio_subject(&sentence, &meta.authors))
            .collect();
        if let Some(name) = subjects.first().cloned() {
            if meta.authors.is_empty() {
                meta.authors.push(name);
                for other in &subjects[1..] {
                    push_unique(&mut meta.authors, other);
                }
            }
            for contact in find_contacts(&text) {
                push_unique(&mut meta.contacts, &contact);
            }
            continue;
        }
        break;
    }
}

/// A byline spread over lines, one field a line, as some page templates print it: "By" /
/// "Jane Roe" / "in" / "Policy" / "|" / "March 3, 2023". Reads the field that starts at
/// `index` into `meta` and returns how many lines it used; the date is left to the date rule.
fn spread_byline_field(blocks: &[Block], index: usize, meta: &mut ArticleMeta) -> Option<usize> {
    let word = blocks[index].text.trim().to_lowercase();
    let next = blocks.get(index + 1).map(|b| b.text.trim()).filter(|t| !t.is_empty());
    match word.as_str() {
        "|" | "·" | "•" | "/" => Some(1),
        "by" | "written by" | "posted by" => {
            // Reflowed text joins the next fields: "Jane Roe in Policy |".
            let next = next?.trim_end_matches(['|', '·', '•', ' ']);
            let (name, section) = match next.split_once(" in ") {
                Some((name, section)) if word_count(section) <= 3 => (name, Some(section)),
                _ => (next, None),
            };
            if !is_person_name(name) && !is_team_name(name) {
                return None;
            }
            push_unique(&mut meta.authors, name);
            if let Some(section) = section {
                push_unique(&mut meta.tags, &section.trim().to_lowercase());
            }
            Some(2)
        }
        "in" => {
            let section = next.filter(|n| word_count(n) <= 3 && !ends_sentence(n))?;
            push_unique(&mut meta.tags, &section.to_lowercase());
            Some(2)
        }
        _ if is_reading_time(&word) => Some(1),
        _ => None,
    }
}

/// A line that is one web address and nothing else.
fn is_url_line(text: &str) -> bool {
    let text = text.trim();
    let lower = text.to_ascii_lowercase();
    !text.contains(char::is_whitespace)
        && (lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www."))
}

/// A title line: short, one line, not ending like a sentence, starting with a capital.
fn is_title_line(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading)
        && block.single_line
        && (1..=200).contains(&char_len(&block.text))
        && word_count(&block.text) <= 30
        && !ends_with_stop(&block.text)
        && starts_capitalised(&block.text)
}

/// A dateline on a line of its own: the place the story was filed from, then the date, maybe
/// with a credit in brackets ("KABUL, 2 December 2024", "Herat, 21 July 2025 (Staff report)").
fn dateline_date(text: &str) -> Option<NaiveDate> {
    let (place, rest) = text.split_once(',')?;
    let rest = rest.trim();
    let rest = match rest.strip_suffix(')').and_then(|r| r.rfind('(').map(|open| &r[..open])) {
        Some(before_brackets) => before_brackets.trim(),
        None => rest,
    };
    let place_words: Vec<&str> = place.split_whitespace().collect();
    let is_place = (1..=3).contains(&place_words.len())
        && place_words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        });
    if is_place { parse_date_line(rest) } else { None }
}

/// A one- or two-word line above the title naming the section or genre ("ANALYSIS",
/// "Opinion", "Long read"): a known genre label in any case, or one word in capitals
/// ("HEALTH"); two words in capitals may be a short title ("KABUL DIARY"). A genre label may
/// come with section names between bars ("Opinion | South Asia"). Returns the tags.
fn section_label_tags(block: &Block) -> Option<Vec<String>> {
    let text = block.text.trim();
    if !block.single_line || char_len(text) > 60 || ends_with_stop(text) {
        return None;
    }
    let parts: Vec<&str> = text.split(['|', '·', '•']).map(str::trim).collect();
    let is_label = |part: &str| {
        let words = word_count(part);
        SECTION_LABELS.contains(&part.to_lowercase().as_str())
            || words == 1 && is_in_capitals(part) && parts.len() == 1
    };
    let is_section_name = |part: &str| {
        (1..=3).contains(&word_count(part))
            && starts_capitalised(part)
            && part.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '&' || c == '-')
    };
    let labelled = parts.iter().any(|part| is_label(part))
        && parts.iter().all(|part| is_label(part) || is_section_name(part));
    labelled.then(|| parts.iter().map(|part| part.to_lowercase()).collect())
}

fn is_subtitle(block: &Block) -> bool {
    block.kind == BlockKind::Paragraph
        && block.single_line
        && char_len(&block.text) <= 250
        && word_count(&block.text) >= 3
        && !ends_with_stop(&block.text)
        && starts_capitalised(&block.text)
}

/// The date a subtitle ends with, after a comma or bar: "Issue 11, January 2025",
/// "Quarterly Update | 3 March 2024".
fn trailing_date(text: &str) -> Option<NaiveDate> {
    let (_, last) = text.rsplit_once([',', '|'])?;
    let last = last.trim();
    parse_date_line(last).or_else(|| parse_month_and_year(last))
}

/// A one-word line that spells the site's own domain ("WeAreNRF" beside "a@wearenrf.org").
fn is_site_name(text: &str, domains: &[String]) -> bool {
    let text = text.trim();
    !text.is_empty()
        && !text.contains(' ')
        && char_len(text) <= 40
        && domains.iter().any(|d| d.eq_ignore_ascii_case(text))
}

/// The line under a name that says what the person does.
/// A note at the end naming where the article first appeared: "(Initially published in The
/// Valley Review)", "This article first appeared in The Valley Review." → the publication.
fn republished_in(text: &str) -> Option<&str> {
    const CUES: &[&str] = &[
        "initially published in ",
        "originally published in ",
        "first published in ",
        "this article first appeared in ",
        "this article originally appeared in ",
        "this article was first published in ",
        "this article was originally published in ",
        "republished from ",
    ];
    let inner = text.trim().trim_start_matches('(').trim_end_matches(')').trim();
    let lower = inner.to_ascii_lowercase();
    let cue = CUES.iter().find(|cue| lower.starts_with(*cue))?;
    let publication = inner[cue.len()..].trim().trim_end_matches(['.', ')']).trim();
    (publication.starts_with(char::is_uppercase) && (1..=6).contains(&word_count(publication)))
        .then_some(publication)
}

/// A byline naming a team rather than a person ("By" / "Valley Review Team", "Newsroom
/// Staff"): capitalised words ending in a word for a group of writers.
fn is_team_name(text: &str) -> bool {
    const TEAM_WORDS: &[&str] = &["team", "staff", "desk", "newsroom", "editors"];
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()))
        && words.last().is_some_and(|w| TEAM_WORDS.contains(&w.to_lowercase().as_str()))
}

/// A line of writers' names under a title: "Jane Roe", "Jane Roe and John Doe", "A, B and C",
/// or one name with a party or office after a comma ("Jane Roe, COPE MP").
fn names_line(text: &str) -> Option<Vec<&str>> {
    if is_person_name(text) {
        return Some(vec![text.trim()]);
    }
    if let Some((name, office)) = text.split_once(", ")
        && is_person_name(name)
        && !office.contains(" and ")
        && is_affiliation(office)
    {
        return Some(vec![name.trim()]);
    }
    let names: Vec<&str> = text
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .flat_map(|part| part.split(" & "))
        .map(str::trim)
        .collect();
    (names.len() >= 2 && names.iter().all(|n| is_person_name(n))).then_some(names)
}

/// A "By Jane Roe" line among the first paragraphs, after a standfirst the header did not
/// reach: the article's byline when none was found above.
pub fn take_late_byline(blocks: &mut Vec<Block>, meta: &mut ArticleMeta) {
    const WITHIN: usize = 5;
    if !meta.authors.is_empty() {
        return;
    }
    let found = blocks.iter().take(WITHIN).position(|b| {
        b.kind == BlockKind::Paragraph
            && b.text.trim_start().starts_with("By ")
            && b.text.split_whitespace().count() <= 8
            && read_byline(&b.text).is_some_and(|line| line.complete && !line.authors.is_empty())
    });
    if let Some(index) = found
        && let Some(byline) = read_byline(&blocks[index].text)
    {
        byline.apply(meta);
        blocks.remove(index);
    }
}

fn is_affiliation(text: &str) -> bool {
    char_len(text) <= 150 && !ends_sentence(text) && has_role_word(text)
}

/// The subject of a bio paragraph at an article's end: "Jane Roe is a journalist ...",
/// "Roe is a writer ..." (a surname only when it belongs to an author already known).
fn bio_subject(text: &str, known_authors: &[String]) -> Option<String> {
    let first_sentence = super::text::sentences(text).into_iter().next()?;
    let (name, rest) = first_sentence.split_once(" is ")?;
    let name = name.trim();
    let rest_words: Vec<String> =
        rest.split(|c: char| !c.is_alphanumeric() && c != '-').map(str::to_lowercase).collect();
    // A bio says what the writer does; "X is the president of Y" is news about X.
    let writer_role = rest_words.iter().any(|w| BIO_ROLES.iter().any(|r| w.starts_with(r)));
    if !writer_role {
        return None;
    }
    if is_person_name(name) {
        return Some(name.to_string());
    }
    let surname_of_author = !name.contains(' ')
        && known_authors.iter().any(|a| a.split_whitespace().last() == Some(name));
    surname_of_author.then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    fn body() -> &'static str {
        "The body paragraph is long enough to be the body, and it says things about the valley and its rivers."
    }

    #[test]
    fn reads_title_name_publisher_and_date_lines() {
        let mut list = blocks(&[
            "Rivers Rise Again",
            "Jane Roe",
            "Valley News Network",
            "March 3, 2023",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.title, "Rivers Rise Again");
        assert_eq!(meta.authors, ["Jane Roe"]);
        assert_eq!(meta.source.as_deref(), Some("Valley News Network"));
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2023, 3, 3));
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn reads_by_line_with_date_and_contacts() {
        let byline =
            read_byline("By Jane Roe and Li Wei | 17 Feb. 2024 | jane@valley.org").unwrap();
        assert_eq!(byline.authors, ["Jane Roe", "Li Wei"]);
        assert_eq!(byline.date, NaiveDate::from_ymd_opt(2024, 2, 17));
        assert_eq!(byline.contacts, ["jane@valley.org"]);
        assert!(byline.complete);
        let handle = read_byline("By @valleywriter | February 17, 2024 | a@valley.org").unwrap();
        assert!(handle.authors.is_empty());
        assert_eq!(handle.contacts, ["@valleywriter", "a@valley.org"]);
        assert_eq!(handle.date, NaiveDate::from_ymd_opt(2024, 2, 17));
        assert!(handle.complete);
    }

    #[test]
    fn reads_labels_bars_datelines_and_interview_credits_under_the_title() {
        let mut list = blocks(&[
            "Rivers Rise Again in the North",
            "By Jane Roe | Analysis | 18 October 2024",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(
            (meta.authors.as_slice(), meta.tags.as_slice()),
            (&["Jane Roe".to_string()][..], &["analysis".to_string()][..])
        );
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2024, 10, 18));
        assert_eq!(list.len(), 1);

        let mut list = blocks(&[
            "Wells and Debt in the Valley",
            "Research Brief | Valley Policy Group | February 2025",
            "UPPER VALLEY, 2 December 2024 (Staff report)",
            "Interview by Li Wei",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.subtitle, None);
        assert_eq!(meta.tags, ["research brief"]);
        assert_eq!(meta.source.as_deref(), Some("Valley Policy Group"));
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2025, 2, 1));
        assert_eq!(meta.authors, ["Li Wei"]);
        assert_eq!(list.len(), 1, "{list:?}");

        // Bars alone do not make a byline: a line must be understood whole.
        assert!(read_byline("Rivers | The long dry season").is_none());
        assert!(
            read_byline("Opinion | Upper Valley").is_none(),
            "names between bars are no authors"
        );

        let mut list = blocks(&[
            "Opinion  |  Upper Valley",
            "Why the Wells Ran Dry This Year",
            "By Jane Roe",
            "12 February 2025  ·  6 min read",
            "3 June 2025 | Updated 4 June 2025",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.title, "Why the Wells Ran Dry This Year");
        assert_eq!(meta.tags, ["opinion", "upper valley"]);
        assert_eq!(meta.authors, ["Jane Roe"]);
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2025, 2, 12));
        assert_eq!(list.len(), 1, "{list:?}");
        assert!(dateline_date("The council met in Kabul, 2 December 2024").is_none());
    }

    #[test]
    fn reads_names_lines_with_two_writers_an_office_or_a_month_for_a_surname() {
        assert_eq!(names_line("Ann Lee and Tom Bell"), Some(vec!["Ann Lee", "Tom Bell"]));
        assert_eq!(names_line("Ann Lee, Party MP"), Some(vec!["Ann Lee"]));
        assert_eq!(names_line("Rosa April"), Some(vec!["Rosa April"]));
        assert_eq!(names_line("March Madness Returns"), None);
        assert_eq!(names_line("Rivers and Lakes"), None);
    }

    #[test]
    fn reads_republication_notes_team_bylines_and_bracketed_author_notes() {
        assert_eq!(
            republished_in("(Initially published in The Valley Review)"),
            Some("The Valley Review")
        );
        assert_eq!(
            republished_in(
                "It was first published in a local paper long ago and then forgotten by all."
            ),
            None
        );
        assert!(is_team_name("VRF Team") && !is_team_name("The team"));
        let mut list = vec![
            Block::new(BlockKind::Paragraph, "The mill closed in 1911 and the town moved on.", 1),
            Block::new(
                BlockKind::Paragraph,
                "(Ann Lee is a lecturer in history at Valley College. Tom Bell is a researcher at the River Trust.)",
                3,
            ),
        ];
        let mut meta = ArticleMeta::default();
        take_footer(&mut list, &mut meta, &[]);
        assert_eq!(meta.authors, ["Ann Lee", "Tom Bell"]);
    }

    #[test]
    fn takes_a_by_line_under_a_standfirst() {
        let mut list = vec![
            Block::new(
                BlockKind::Paragraph,
                "A long standfirst about the valley's mills, which closed one by one.",
                3,
            ),
            Block::new(BlockKind::Paragraph, "By Ann Lee", 5),
            Block::new(BlockKind::Paragraph, "The first mill closed in 1911.", 7),
        ];
        let mut meta = ArticleMeta::default();
        take_late_byline(&mut list, &mut meta);
        assert_eq!(meta.authors, ["Ann Lee"]);
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn reads_a_byline_spread_over_lines_and_a_posted_on_line() {
        let mut list = blocks(&[
            "Rivers Rise Again",
            "By",
            "Jane Roe",
            "in",
            "Policy",
            "|",
            "March 3, 2023",
            "6 mins read",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.authors, ["Jane Roe"]);
        assert_eq!(meta.tags, ["policy"]);
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2023, 3, 3));
        assert_eq!(list.len(), 1, "{list:?}");
        let mut list =
            blocks(&["Rivers Rise Again", "By", "Jane Roe in Policy |", "March 3, 2023", body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!((meta.authors.len(), meta.tags.len(), list.len()), (1, 1, 1), "{list:?}");

        let mut list = blocks(&[
            "Rivers Rise Again",
            "https://valley.example/news/rivers-rise-again/4-1234",
            "Posted on May 2, 2016  (Valley Review)",
            body(),
        ]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.source.as_deref(), Some("Valley Review"));
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2016, 5, 2));
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn reads_a_byline_set_in_capitals() {
        let byline = read_byline("BY JANE O'NEILL AND ABDUL-RAHIM BIN SAYED").unwrap();
        assert_eq!(byline.authors, ["Jane O'Neill", "Abdul-Rahim bin Sayed"]);
        assert!(byline.complete);
        // Capitals that are no person stay as they were (a publisher in capitals).
        let source = read_byline("By VALLEY NEWS NETWORK").unwrap();
        assert!(source.authors.is_empty());
    }

    #[test]
    fn a_genre_or_section_label_above_the_title_becomes_a_tag() {
        for label in ["ANALYSIS", "Opinion", "HEALTH", "Long read"] {
            let mut list = blocks(&[label, "Rivers Rise Again in the North", "Jane Roe", body()]);
            let mut meta = ArticleMeta::default();
            take_header(&mut list, &mut meta, &[]);
            assert_eq!(meta.title, "Rivers Rise Again in the North", "{label}");
            assert_eq!(meta.tags, [label.to_lowercase()]);
            assert_eq!(meta.authors, ["Jane Roe"]);
        }
        // A short title over a subtitle is a title, not a label.
        for title in ["Kabul Diary", "KABUL DIARY"] {
            let mut list = blocks(&[title, "Notes From a City in Winter", body()]);
            let mut meta = ArticleMeta::default();
            take_header(&mut list, &mut meta, &[]);
            assert_eq!(meta.title, title);
            assert!(meta.tags.is_empty());
        }
    }

    #[test]
    fn a_document_type_line_above_the_title_is_not_the_title() {
        let mut list = blocks(&[
            "Harbour Trust - Research Report",
            "The upkeep of old piers and the towns that depend on them",
            body(),
        ]);
        list[1].single_line = false;
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.title, "The upkeep of old piers and the towns that depend on them");
        assert_eq!(list[0].text, body());
        // A title that ends with the word, without a separator, is a title.
        let mut list = blocks(&["A Report on Old Piers", "Jane Roe", body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.title, "A Report on Old Piers");
    }

    #[test]
    fn reads_written_and_edited_by_in_one_line() {
        let byline = read_byline("Written by Omar Said, Edited by Ana Lima and Tom Hart").unwrap();
        assert_eq!(byline.authors, ["Omar Said"]);
        assert_eq!(byline.editors, ["Ana Lima", "Tom Hart"]);
    }

    #[test]
    fn keeps_a_byline_it_cannot_fully_read_in_the_body() {
        let mut list =
            blocks(&["A Title Here", "By Jane Roe, reporting from a small river town", body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.authors, ["Jane Roe"]);
        assert_eq!(list[0].kind, BlockKind::Byline);
    }

    #[test]
    fn a_subtitle_ending_with_a_date_dates_the_article() {
        let mut list = blocks(&["VALLEY WATER MONITOR", "Issue 4, March 2023", body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.subtitle.as_deref(), Some("Issue 4, March 2023"));
        assert_eq!(meta.date.map(|d| d.day), NaiveDate::from_ymd_opt(2023, 3, 1));
    }

    #[test]
    fn subtitle_is_the_unpunctuated_line_under_the_title() {
        let mut list =
            blocks(&["Bridges Reopen", "Repairs Finished Ahead of the Spring Floods", body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert_eq!(meta.subtitle.as_deref(), Some("Repairs Finished Ahead of the Spring Floods"));
    }

    #[test]
    fn no_title_when_the_text_starts_with_a_sentence() {
        let mut list = blocks(&[body()]);
        let mut meta = ArticleMeta::default();
        take_header(&mut list, &mut meta, &[]);
        assert!(meta.title.is_empty());
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn footer_credits_editors_site_name_and_bio() {
        let mut list = blocks(&[
            body(),
            "RiverWatchers",
            "Ana Lima is a journalist and researcher based in Lisbon. Follow her at @analima.",
            "Edited by Tom Hart",
            "Photo credit: Li Wei, Unsplash",
        ]);
        let mut meta = ArticleMeta::default();
        take_footer(&mut list, &mut meta, &["riverwatchers".to_string()]);
        assert_eq!(meta.editors, ["Tom Hart"]);
        assert_eq!(meta.photo_credits, ["Li Wei, Unsplash"]);
        assert_eq!(meta.authors, ["Ana Lima"]);
        assert_eq!(meta.contacts, ["@analima"]);
        assert_eq!(meta.source.as_deref(), Some("RiverWatchers"));
        assert_eq!(list.len(), 2, "the bio stays in the body");
    }

    #[test]
    fn bio_needs_a_role_and_a_name() {
        assert_eq!(bio_subject("Kabul is a city of four million people.", &[]), None);
        assert_eq!(bio_subject("Omar Said is the president of the valley council.", &[]), None);
        assert_eq!(bio_subject("Omar Said was a reporter for the Valley Post.", &[]), None);
        assert_eq!(
            bio_subject("Omar Said is a reporter for the Valley Post.", &[]),
            Some("Omar Said".into())
        );
        assert_eq!(bio_subject("Said is a reporter.", &["Omar Said".into()]), Some("Said".into()));
        assert_eq!(bio_subject("Said is a reporter.", &[]), None);
    }
}
