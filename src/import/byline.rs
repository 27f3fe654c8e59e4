//! Import, bylines: "By A and B | 17 Feb 2024 | a@b.org", "Written by A, Edited by B", a line
//! of fields between bars ("Research Brief | Valley Policy Group | May 2024") → authors,
//! editors, date, publisher, contacts and section tags.

use chrono::NaiveDate;

use super::credits::find_contacts;
use super::dates::{parse_date, parse_date_line, parse_month_and_year};
use super::names::{is_org_line, is_person_name};
use super::text::{char_len, ends_sentence, word_count};
use crate::model::ArticleMeta;

/// Words a publication prints above a title to say what kind of piece it is.
pub(super) const SECTION_LABELS: &[&str] = &[
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

/// "6 min read", "10 minute read", "3 mins": how long a page says it takes to read.
pub(super) fn is_reading_time(folded: &str) -> bool {
    let mut words = folded.split_whitespace();
    let number = words.next().is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let unit = words.next().is_some_and(|w| matches!(w, "min" | "mins" | "minute" | "minutes"));
    let rest: Vec<&str> = words.collect();
    number && unit && (rest.is_empty() || rest == ["read"])
}

/// Every letter is a capital, and there are at least two of them.
pub(super) fn is_in_capitals(text: &str) -> bool {
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

    pub(super) fn apply(self, meta: &mut ArticleMeta) {
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

pub(super) fn push_unique(list: &mut Vec<String>, value: &str) {
    let value = value.trim();
    if !value.is_empty() && !list.iter().any(|v| v.eq_ignore_ascii_case(value)) {
        list.push(value.to_string());
    }
}
