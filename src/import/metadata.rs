//! Import, metadata: the lines around an article's body that state its title, authors,
//! editors, date, publisher, contacts and photo credits → front matter fields.
//!
//! Only the head (title and the byline lines under it) and the foot (credit lines, an author's
//! bio) are read, never dates or names in the running text. A line is taken out of the body only
//! when all of it was understood; otherwise what was understood is recorded and the line stays.

use chrono::NaiveDate;

use super::credits::{contacts_only, credit_line, find_contacts};
use super::dates::{parse_date, parse_date_line, parse_month_and_year};
use super::names::{BIO_ROLES, has_role_word, is_org_line, is_person_name};
use super::text::{char_len, ends_sentence, ends_with_stop, starts_capitalised, word_count};
use super::{Block, BlockKind};
use crate::model::ArticleMeta;

/// How many lines under the title can be byline material before the body starts.
const MAX_HEADER_LINES: usize = 8;
/// How many blocks at the end can be credit lines or a bio.
const MAX_FOOTER_LINES: usize = 6;

/// Takes the title and byline lines off the top of `blocks` into `meta`.
pub fn take_header(blocks: &mut Vec<Block>, meta: &mut ArticleMeta, domains: &[String]) {
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
    if let Some(first) = blocks.first()
        && is_title_line(first)
        && read_byline(&first.text).is_none()
        && parse_date_line(&first.text).is_none()
    {
        meta.title = first.text.clone();
        blocks.remove(0);
    }
    let has_title = !meta.title.is_empty();
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
        if is_person_name(&text) {
            push_unique(&mut meta.authors, &text);
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
        if let Some(name) = bio_subject(&text, &meta.authors) {
            if meta.authors.is_empty() {
                meta.authors.push(name);
            }
            for contact in find_contacts(&text) {
                push_unique(&mut meta.contacts, &contact);
            }
            continue;
        }
        break;
    }
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

/// Words a publication prints above a title to say what kind of piece it is.
const SECTION_LABELS: &[&str] = &[
    "analysis",
    "opinion",
    "commentary",
    "comment",
    "news",
    "feature",
    "features",
    "interview",
    "report",
    "editorial",
    "explainer",
    "review",
    "briefing",
    "dispatch",
    "essay",
    "profile",
    "op-ed",
    "blog",
    "update",
    "breaking news",
    "policy brief",
    "long read",
    "in depth",
    "backgrounder",
    "fact check",
    "q&a",
    "research brief",
    "research paper",
    "working paper",
    "policy paper",
    "special report",
    "staff report",
];

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

/// "6 min read", "10 minute read", "3 mins": how long a page says it takes to read.
fn is_reading_time(folded: &str) -> bool {
    let mut words = folded.split_whitespace();
    let number = words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let unit = words.next().is_some_and(|w| matches!(w, "min" | "mins" | "minute" | "minutes"));
    let rest: Vec<&str> = words.collect();
    number && unit && (rest.is_empty() || rest == ["read"])
}

/// Every letter is a capital, and there are at least two of them.
fn is_in_capitals(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.clone().count() >= 2 && letters.all(char::is_uppercase)
}

/// "JANE DOE AND ALI KHAN" → "Jane Doe and Ali Khan": each word's first letter (and the one
/// after a hyphen or apostrophe) stays a capital; connectors and particles go lower case.
fn from_capitals(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let lower = word.to_lowercase();
            if matches!(lower.as_str(), "and" | "bin" | "ibn" | "de" | "van" | "von" | "of") {
                return lower;
            }
            let mut out = String::with_capacity(word.len());
            let mut start = true;
            for c in lower.chars() {
                if start {
                    out.extend(c.to_uppercase())
                } else {
                    out.push(c)
                }
                start = matches!(c, '-' | '\'' | '’');
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
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

/// What a byline ("By A and B | 17 Feb 2024 | a@b.org", "Written by A, Edited by B") says.
#[derive(Debug, Default, PartialEq)]
pub struct Byline {
    pub authors: Vec<String>,
    pub editors: Vec<String>,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub contacts: Vec<String>,
    /// Section or genre labels among the fields ("By A | Analysis | 18 May 2024").
    pub tags: Vec<String>,
    /// Every part of the line was understood, so it can leave the body.
    pub complete: bool,
}

impl Byline {
    /// Reads one comma-separated field of a byline; false when it is not understood.
    fn read_field(&mut self, field: &str, role: &mut Role) -> bool {
        let field = field.trim().trim_end_matches('.');
        if field.is_empty() {
            return true;
        }
        let names_text = match role_prefix(field) {
            Some((new_role, rest)) => {
                *role = new_role;
                rest
            }
            None => field,
        };
        if let Some(date) = parse_date_line(names_text)
            .or_else(|| parse_date(names_text).filter(|_| word_count(names_text) <= 4))
            .or_else(|| parse_month_and_year(names_text))
        {
            self.date.get_or_insert(date);
            return true;
        }
        let contacts = find_contacts(names_text);
        let only_contacts =
            contacts.iter().map(|c| c.len() + 1).sum::<usize>() > names_text.trim().len();
        if !contacts.is_empty() && only_contacts {
            self.contacts.extend(contacts);
            return true;
        }
        let label = names_text.to_lowercase();
        if is_reading_time(&label) {
            return true;
        }
        if SECTION_LABELS.contains(&label.as_str()) {
            self.tags.push(label);
            return true;
        }
        let mut names = split_names(names_text);
        // A byline set in capitals ("By JANE DOE") names people all the same.
        if is_in_capitals(names_text) {
            let recased = split_names(&from_capitals(names_text));
            if !recased.is_empty() && recased.iter().all(|n| is_person_name(n)) {
                names = recased;
            }
        }
        if names.is_empty() || !names.iter().all(|n| is_person_name(n) || is_org_line(n)) {
            return false;
        }
        for name in names {
            if is_org_line(&name) && !is_person_name(&name) {
                self.source.get_or_insert(name);
            } else if *role == Role::Author {
                self.authors.push(name);
            } else {
                self.editors.push(name);
            }
        }
        true
    }

    fn apply(self, meta: &mut ArticleMeta) {
        for name in self.authors {
            push_unique(&mut meta.authors, &name);
        }
        for name in self.editors {
            push_unique(&mut meta.editors, &name);
        }
        if meta.date.is_none() {
            meta.date = self.date.map(Into::into);
        }
        if meta.source.is_none() {
            meta.source = self.source;
        }
        for contact in self.contacts {
            push_unique(&mut meta.contacts, &contact);
        }
        for tag in self.tags {
            push_unique(&mut meta.tags, &tag);
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Author,
    Editor,
}

const AUTHOR_PREFIXES: &[&str] = &[
    "written by",
    "words by",
    "text by",
    "story by",
    "reporting by",
    "reported by",
    "additional reporting by",
    "by",
    "authors:",
    "author:",
    "posted by",
    "interview by",
    "interviewed by",
];
const EDITOR_PREFIXES: &[&str] = &["edited by", "editing by", "editor:", "editors:", "edited:"];

/// Splits a role prefix off a byline field.
fn role_prefix(field: &str) -> Option<(Role, &str)> {
    let field = field.trim_start_matches(['-', '–', '—', ' ']);
    for (prefixes, role) in [(EDITOR_PREFIXES, Role::Editor), (AUTHOR_PREFIXES, Role::Author)] {
        for prefix in prefixes {
            // `get` is `None` off a character boundary, so this never splits a character.
            let matches =
                field.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
            if matches {
                let rest = &field[prefix.len()..];
                if prefix.ends_with(':') || rest.starts_with(' ') {
                    return Some((role, rest.trim()));
                }
            }
        }
    }
    None
}

/// Reads a byline; `None` when the line does not start with a byline prefix.
pub fn read_byline(line: &str) -> Option<Byline> {
    // Without "By" or the like, only a line of fields between bars counts, and only when all
    // of it is understood ("Research Brief | Valley Policy Group | May 2024"). (Tested first:
    // it rules out most lines soonest.)
    let prefixed = role_prefix(line).is_some();
    if !prefixed && !line.contains(['|', '·', '•']) {
        return None;
    }
    if char_len(line) > 250
        || ends_sentence(line) && !line.trim_end().ends_with(':') && word_count(line) > 12
    {
        return None;
    }
    let mut byline = Byline { complete: true, ..Byline::default() };
    let mut role = Role::Author;
    for section in line.split(['|', '·', '•', ';']) {
        // A date keeps its comma ("February 17, 2024"); names and roles split at commas.
        if let Some(date) = parse_date_line(section.trim()) {
            byline.date.get_or_insert(date);
            continue;
        }
        for field in section.split(',') {
            if !byline.read_field(field, &mut role) {
                byline.complete = false;
            }
        }
    }
    let understood = !byline.authors.is_empty()
        || !byline.editors.is_empty()
        || !byline.contacts.is_empty()
        || byline.source.is_some();
    // Names count as authors only after a "By": between bars they may be sections ("South Asia").
    let unprefixed_understood = byline.complete
        && byline.authors.is_empty()
        && byline.editors.is_empty()
        && (understood || byline.date.is_some());
    (if prefixed { understood } else { unprefixed_understood }).then_some(byline)
}

/// "A and B", "A, B and C", "A & B" → names.
fn split_names(text: &str) -> Vec<String> {
    text.split(" and ")
        .flat_map(|part| part.split(" & "))
        .map(|name| name.trim().trim_end_matches('.').to_string())
        .filter(|name| !name.is_empty())
        .collect()
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

fn push_unique(list: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !list.iter().any(|v| v.eq_ignore_ascii_case(value)) {
        list.push(value.to_string());
    }
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
