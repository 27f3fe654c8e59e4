//! Capitalised words and runs that name no person, organisation or place: events, documents
//! and competitions by their head word, institution words alone, plurals of acronyms, and a
//! pronoun's contraction.

use super::super::fold::fold;
use super::super::gazetteer::{Gazetteer, StopClass};
use super::stats::WordStats;
use super::tokens::Token;

/// Head words of events, documents, laws, eras and slogans: "Doha Agreement", "Cold War",
/// "Vice Law", "Gender Equality Survey", "America First". A name with such a head (its last
/// word before "of"/"for") is none of person, organisation or place, so it is not an entity.
pub(super) const EVENT_HEADS: &[&str] = &[
    "agreement",
    "agreements",
    "accord",
    "accords",
    "declaration",
    "treaty",
    "law",
    "laws",
    "act",
    "war",
    "wars",
    "survey",
    "protocol",
    "resolution",
    "revolution",
    "spring",
    "crisis",
    "doctrine",
    "charter",
    "convention",
    "conference",
    "summit",
    "talks",
    "process",
    "report",
    "first",
    "north",
    "south",
    "era",
    "decree",
    "constitution",
    "election",
    "elections",
    // Competitions, games, prizes and holidays: "World Cup", "Davis Cup", "Summer Games",
    // "Nobel Peace Prize", "Labour Day", "New Year".
    "cup",
    "open",
    "games",
    "olympics",
    "paralympics",
    "olympiad",
    "championship",
    "championships",
    "series",
    "prize",
    "prizes",
    "trophy",
    "tournament",
    "prix",
    "marathon",
    "slam",
    "slams",
    "classic",
    "tour",
    "day",
    "year",
    "festival",
    "award",
    "awards",
];

/// Institution words that alone name no one institution ("the Bank said", "Smith & Co").
pub(super) const GENERIC_INSTITUTIONS: &[&str] = &[
    "co",
    "corp",
    "inc",
    "ltd",
    "plc",
    "bank",
    "union",
    "house",
    "centre",
    "center",
    "council",
    "ministry",
    "department",
    "committee",
    "commission",
    "court",
    "agency",
    "party",
    "company",
    "corporation",
    "group",
    "reserve",
    "exchange",
    "club",
    "desk",
];

/// First words of events and campaigns: "Operation Desert Shield", "Hurricane Edna".
const EVENT_OPENERS: &[&str] = &["operation", "hurricane", "typhoon", "cyclone", "tropical"];

pub(super) fn names_event_or_document(words: &[Token<'_>]) -> bool {
    if EVENT_OPENERS.contains(&words[0].folded.as_ref()) {
        return true;
    }
    // "World War Two", "World War II": a war numbered after its head.
    if words.len() >= 2
        && words[words.len() - 2].folded == "war"
        && matches!(words[words.len() - 1].folded.as_ref(), "one" | "two" | "i" | "ii")
    {
        return true;
    }
    // "Lakes Rally", but "Rally for Democracy" is a party.
    if words.len() >= 2 && words[words.len() - 1].folded == "rally" {
        return true;
    }
    let head_end = words
        .iter()
        .position(|w| matches!(w.folded.as_ref(), "of" | "for" | "on"))
        .unwrap_or(words.len());
    if head_end == 0 {
        return false;
    }
    let head = words[head_end - 1].folded.as_ref();
    // "Maria Day", "Jean Tour": a given name and a surname that is also an event's head.
    if head_end == 2 && Gazetteer::get().is_first_name(&words[0].folded) {
        return false;
    }
    // "North" and "South" head a name only after a word that is no place ("Global North");
    // "North Korea", "South Sudan" put them first.
    if matches!(head, "north" | "south") {
        return head_end == 2 && Gazetteer::get().place(&words[0].folded).is_none();
    }
    EVENT_HEADS.contains(&head)
}

/// "We've", "She'll", "They're": a function word and a contracted verb.
pub(super) fn is_function_contraction(word: &str) -> bool {
    let Some((head, tail)) = word.split_once(['\'', '\u{2019}']) else {
        return false;
    };
    matches!(tail, "ve" | "ll" | "re" | "d" | "m" | "s")
        && Gazetteer::get().stop_class(&fold(head)) == Some(StopClass::Function)
}

/// "NGOs", "CSOs": the plural of an acronym is a common noun.
pub(super) fn is_plural_acronym(word: &str) -> bool {
    word.strip_suffix('s')
        .is_some_and(|stem| stem.chars().count() >= 2 && stem.chars().all(|c| c.is_uppercase()))
}

/// "MARKET REPORT", "PRESS REVIEW": two or more words in capitals, each written in lower case
/// more often than not elsewhere in the archive, and together no known place: a label or
/// heading shouted, not a name ("NEW YORK" is a place; "UNICEF" is one word).
pub(super) fn is_shouted_label(words: &[Token<'_>], stats: &WordStats) -> bool {
    let gazetteer = Gazetteer::get();
    let phrase = words.iter().map(|w| w.folded.as_ref()).collect::<Vec<_>>().join(" ");
    words.len() >= 2
        && words
            .iter()
            .all(|w| w.is_acronym() && w.folded.len() >= 3 && stats.is_mostly_lowercase(&w.folded))
        && !gazetteer.is_place_or_city(&phrase)
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    #[test]
    fn ordinary_words_in_capitals_are_a_label() {
        let mut stats = WordStats::default();
        stats.add_tokens(&tokenize("the market fell and the report said a new market opened."));
        let shouted = |text: &str| is_shouted_label(&tokenize(text), &stats);
        assert!(shouted("MARKET REPORT"));
        // A known place, or a word the archive does not write in lower case, is a name.
        assert!(!shouted("NEW YORK"));
        assert!(!shouted("MARKET VELMOR"));
        assert!(!shouted("Market Report"));
    }
}
