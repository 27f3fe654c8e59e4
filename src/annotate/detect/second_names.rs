//! Second names given in place for a name just written: an acronym ("Long Name (ACR)", "Long
//! Name, or ACR"), a name the text says it is known by ("X, widely known as Y", "X, often
//! called Y"), or one word in brackets after an institution ("Land Authority (Arazi)").

use super::super::fold::fold;
use super::super::gazetteer::Gazetteer;
use super::super::markdown::{BARRIER, Block};
use super::tokens::Token;
use super::{AcronymDefinition, Candidate, head_is_cue};

/// A second name given right after the run ending at `end`: an acronym ("Long Name (ACR)",
/// "Long Name, or ACR") or another name ("Long Name, widely known as Other").
pub(super) fn second_name_definition(
    block: &Block,
    tokens: &[Token<'_>],
    end: usize,
    found: &[Candidate],
) -> Option<AcronymDefinition> {
    let long = &found.last()?.surface;
    let rest = &block.text[tokens[end - 1].range.end..];
    let rest = rest.strip_prefix("'s").or_else(|| rest.strip_prefix("’s")).unwrap_or(rest);
    let other = acronym_after(rest, long)
        .or_else(|| other_name_after(rest, long))
        .or_else(|| bracketed_name_after(rest, long))?;
    Some(AcronymDefinition { long: long.clone(), acronym: other })
}

fn acronym_after(rest: &str, long: &str) -> Option<String> {
    let inner = if let Some(after) = rest.trim_start_matches(' ').strip_prefix('(') {
        after.split_once(')')?.0.trim()
    } else {
        rest.strip_prefix(", or ")?.split(|c: char| !c.is_alphanumeric() && c != '.').next()?
    };
    let letters: String = inner.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
    if inner.contains(' ')
        || inner.contains(BARRIER)
        || capitals < 2
        || capitals * 2 < letters.len()
    {
        return None;
    }
    (abbreviates(&letters, long) || initials_in_any_order(&letters, long))
        .then(|| inner.to_string())
}

/// "Kurdistan Workers Party (PKK)": an acronym of the name in its own language, whose letters
/// are all initials of the long name's words, in another order. Three letters or more, and a
/// long name of as many words.
fn initials_in_any_order(acronym: &str, long: &str) -> bool {
    let folded = fold(long);
    let initials: Vec<char> = folded
        .split(' ')
        .filter(|w| !matches!(*w, "of" | "for" | "the" | "and" | "on" | "in"))
        .filter_map(|w| w.chars().next())
        .collect();
    acronym.chars().count() >= 3
        && initials.len() >= acronym.chars().count()
        && acronym.chars().all(|c| initials.contains(&c.to_ascii_lowercase()))
}

/// Phrases that give a second name for what was just named: "Mohamed Dagalo, widely known as
/// Hemedti", "the Islamic State (also known as Daesh)".
const KNOWN_AS: &[&str] = &[
    "also known as ",
    "better known as ",
    "widely known as ",
    "commonly known as ",
    "popularly known as ",
    "known as ",
    "nicknamed ",
    "a.k.a. ",
    "aka ",
    "also called ",
    "often called ",
    "commonly called ",
    "sometimes called ",
    "locally called ",
];

/// "Long Name, known as Other Name": the other name is tied to the long one like an acronym
/// defined in place, so both resolve to one entity in this article.
fn other_name_after(rest: &str, long: &str) -> Option<String> {
    let rest = rest.trim_start_matches([',', ' ', '(']);
    let after = KNOWN_AS.iter().find_map(|phrase| rest.strip_prefix(phrase))?;
    let after = after.strip_prefix("the ").unwrap_or(after);
    let after = after.trim_start_matches(['"', '“', '‘', '\'', '[']);
    let mut words = Vec::new();
    for word in after.split(' ').take(4) {
        let bare = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !bare.starts_with(|c: char| c.is_uppercase()) {
            break;
        }
        words.push(bare);
        if bare.len() < word.len() {
            break;
        }
    }
    let other = words.join(" ");
    (!other.is_empty() && fold(&other) != fold(long)).then_some(other)
}

/// "Independent Land Authority (Arazi)": one capitalised word in brackets right after an
/// institution's name is its other name (a local name, a short name), as an acronym would be.
/// Not a place or nationality ("Ministry of Water (Kabul)").
fn bracketed_name_after(rest: &str, long: &str) -> Option<String> {
    let inner = rest.strip_prefix(" (")?.split_once(')')?.0;
    let gazetteer = Gazetteer::get();
    let folded = fold(inner);
    let long_words: Vec<String> = fold(long).split(' ').map(str::to_string).collect();
    let long_words: Vec<&str> = long_words.iter().map(String::as_str).collect();
    let one_word = inner.len() > 2
        && inner.chars().next().is_some_and(char::is_uppercase)
        && inner.chars().skip(1).all(|c| c.is_alphabetic() && c.is_lowercase());
    (one_word
        && long_words.len() > 1
        && head_is_cue(&long_words)
        && gazetteer.place(&folded).is_none()
        && !gazetteer.is_demonym(&folded)
        && gazetteer.stop_class(&folded).is_none())
    .then(|| inner.to_string())
}

/// Whether the letters of `acronym` appear in order in `long`, the first at its start.
pub fn abbreviates(acronym: &str, long: &str) -> bool {
    let long = fold(long);
    let mut chars = long.chars().filter(|c| c.is_alphanumeric());
    let mut letters = acronym.chars().map(|c| c.to_ascii_lowercase());
    let Some(first) = letters.next() else { return false };
    if chars.next() != Some(first) {
        return false;
    }
    letters.all(|letter| chars.any(|c| c == letter))
}
