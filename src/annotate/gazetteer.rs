//! Word lists the detector and classifier consult: countries and places (with their other
//! names), demonyms, titles, stop words, cue words and given names. The lists live as plain text
//! under `src/annotate/data/` (general lists, not names from any archive) and are compiled into
//! the binary; [`Gazetteer::get`] parses them once.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use crate::model::EntityKind;

use super::fold::fold;

/// Why a capitalised word is not a name on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopClass {
    /// A function word: "The", "However", "During".
    Function,
    /// A month, weekday or festival: never part of a name.
    Calendar,
    /// A word for an idea, scripture or deity: "Islam", "Quran".
    Concept,
}

/// Fx-hashed: detection looks words up here several times per word of the archive.
pub struct Gazetteer {
    /// Folded place name or synonym → canonical place name, for countries and places.
    places: FxHashMap<String, &'static str>,
    demonyms: FxHashSet<String>,
    title_heads: FxHashSet<String>,
    title_modifiers: FxHashSet<String>,
    /// Multi-word title heads, folded ("amir al muminin").
    title_phrases: FxHashSet<String>,
    stop_words: FxHashMap<String, StopClass>,
    org_cues: FxHashSet<String>,
    place_cues: FxHashSet<String>,
    first_names: FxHashSet<String>,
    /// Folded names of the world's larger cities and the US states (`data/cities.txt`): weaker
    /// than `places`, so they only help classify, and never one that is also a given name.
    cities: FxHashSet<String>,
}

impl Gazetteer {
    /// The lists, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(Gazetteer::parse)
    }

    fn parse() -> Gazetteer {
        let mut places = FxHashMap::default();
        for list in [include_str!("data/countries.txt"), include_str!("data/places.txt")] {
            for line in entries(list) {
                let mut names = line.split('|').map(str::trim);
                let canonical = names.next().expect("split yields one item");
                places.insert(fold(canonical), canonical);
                for other in names {
                    places.insert(fold(other), canonical);
                }
            }
        }
        let titles = sections(include_str!("data/titles.txt"));
        let mut title_heads = FxHashSet::default();
        let mut title_phrases = FxHashSet::default();
        for head in &titles["heads"] {
            let folded = fold(head);
            if folded.contains(' ') {
                title_phrases.insert(folded);
            } else {
                title_heads.insert(folded);
            }
        }
        let mut stop_words = FxHashMap::default();
        let stops = sections(include_str!("data/stopwords.txt"));
        for (section, class) in [
            ("function", StopClass::Function),
            ("calendar", StopClass::Calendar),
            ("concepts", StopClass::Concept),
        ] {
            for word in &stops[section] {
                stop_words.entry(fold(word)).or_insert(class);
            }
        }
        let cues = sections(include_str!("data/cues.txt"));
        let demonyms = folded_set(entries(include_str!("data/demonyms.txt")));
        // A census name that is also a place, people or ordinary word ("Jordan") says nothing.
        let first_names: FxHashSet<String> = entries(include_str!("data/first_names.txt"))
            .map(fold)
            .chain(entries(include_str!("data/given_names.txt")).map(fold).filter(|name| {
                !places.contains_key(name)
                    && !demonyms.contains(name)
                    && !stop_words.contains_key(name)
            }))
            .collect();
        let cities = entries(include_str!("data/cities.txt"))
            .map(fold)
            .filter(|city| !first_names.contains(city))
            .collect();
        Gazetteer {
            places,
            demonyms,
            title_heads,
            title_modifiers: folded_set(titles["modifiers"].iter().copied()),
            title_phrases,
            stop_words,
            org_cues: folded_set(cues["org"].iter().copied()),
            place_cues: folded_set(cues["place"].iter().copied()),
            first_names,
            cities,
        }
    }

    /// The canonical name of a known country or place ("U.S." → "United States").
    pub fn place(&self, folded: &str) -> Option<&'static str> {
        self.places.get(folded).copied()
    }

    /// A nationality, people or religion, or its plural ("Kurds", "Tuaregs").
    pub fn is_demonym(&self, folded: &str) -> bool {
        self.demonyms.contains(folded)
            || folded.strip_suffix('s').is_some_and(|stem| self.demonyms.contains(stem))
    }

    /// A title head: "mr", "minister", or a hyphenated one such as "president elect".
    pub fn is_title_head(&self, folded: &str) -> bool {
        self.title_heads.contains(folded) || self.title_phrases.contains(folded)
    }

    pub fn is_title_modifier(&self, folded: &str) -> bool {
        self.title_modifiers.contains(folded) || self.demonyms.contains(folded)
    }

    /// Whether a folded phrase of several words is a title ("amir al muminin").
    pub fn is_title_phrase(&self, folded: &str) -> bool {
        self.title_phrases.contains(folded)
    }

    pub fn stop_class(&self, folded: &str) -> Option<StopClass> {
        self.stop_words.get(folded).copied()
    }

    /// The kind a cue word inside a name points to.
    pub fn cue_kind(&self, folded: &str) -> Option<EntityKind> {
        if self.org_cues.contains(folded) {
            Some(EntityKind::Org)
        } else if self.place_cues.contains(folded) {
            Some(EntityKind::Place)
        } else {
            None
        }
    }

    pub fn is_first_name(&self, folded: &str) -> bool {
        self.first_names.contains(folded)
    }

    /// A known place or one of the world's larger cities or US states.
    pub fn is_place_or_city(&self, folded: &str) -> bool {
        self.places.contains_key(folded) || self.cities.contains(folded)
    }

    /// The number of leading words of `words` (folded) that name a known place or city, the
    /// longest such run: 2 for "kansas city royals".
    pub fn leading_place_words(&self, words: &[&str]) -> usize {
        (1..=words.len().min(3))
            .rev()
            .find(|&n| self.is_place_or_city(&words[..n].join(" ")))
            .unwrap_or(0)
    }
}

/// Non-empty, non-comment lines.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}

/// Lines grouped under `[section]` headers.
fn sections(text: &'static str) -> FxHashMap<&'static str, Vec<&'static str>> {
    let mut out: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    let mut current = "";
    for line in entries(text) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
        } else {
            out.entry(current).or_default().push(line);
        }
    }
    out
}

fn folded_set<'a>(words: impl Iterator<Item = &'a str>) -> FxHashSet<String> {
    words.map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_other_names_of_a_country() {
        let gazetteer = Gazetteer::get();
        assert_eq!(gazetteer.place(&fold("U.S.")), Some("United States"));
        assert_eq!(gazetteer.place(&fold("Kabul")), Some("Kabul"));
        assert_eq!(gazetteer.place(&fold("Atlantis")), None);
    }

    #[test]
    fn peoples_and_their_plurals_are_demonyms() {
        let gazetteer = Gazetteer::get();
        for word in ["kuchi", "tuareg", "tuaregs", "kurds", "rohingya", "pamiri"] {
            assert!(gazetteer.is_demonym(word), "{word}");
        }
        assert!(!gazetteer.is_demonym("kabul"));
        assert!(!gazetteer.is_demonym("tuaregss"));
    }

    #[test]
    fn sorts_words_into_their_lists() {
        let gazetteer = Gazetteer::get();
        assert!(gazetteer.is_demonym("western"));
        assert!(gazetteer.is_title_head("mr"));
        assert!(gazetteer.is_title_modifier("acting"));
        assert_eq!(gazetteer.stop_class("august"), Some(StopClass::Calendar));
        assert_eq!(gazetteer.cue_kind("ministry"), Some(EntityKind::Org));
        assert_eq!(gazetteer.cue_kind("province"), Some(EntityKind::Place));
        assert!(gazetteer.is_title_phrase("amir al muminin"));
    }

    #[test]
    fn knows_world_cities_but_not_those_that_are_given_names() {
        let gazetteer = Gazetteer::get();
        assert!(gazetteer.is_place_or_city("nairobi"));
        assert!(gazetteer.is_place_or_city("ohio"));
        assert!(gazetteer.is_place_or_city("geneva"));
        assert!(!gazetteer.is_place_or_city("george"), "a frequent given name");
        assert!(gazetteer.is_first_name("george"));
        assert!(!gazetteer.is_first_name("jordan"), "a country");
        assert_eq!(gazetteer.leading_place_words(&["kansas", "city", "royals"]), 2);
        assert_eq!(gazetteer.leading_place_words(&["riverton", "united"]), 0);
    }
}
