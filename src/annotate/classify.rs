//! Classification: the evidence gathered about a name (its words, titles, the words around its
//! mentions) → person, organisation or place, with the rule that decided.

use crate::model::EntityKind;

use super::detect::Candidate;
use super::fold::{fold, name_key};
use super::gazetteer::Gazetteer;

/// Words before a mention that suggest a place ("in Kabul", "from Tehran").
const PLACE_BEFORE: &[&str] = &[
    "in",
    "from",
    "to",
    "near",
    "across",
    "into",
    "inside",
    "outside",
    "towards",
    "toward",
    "throughout",
    "around",
    "via",
    "at",
    // "northern X", "central X": a region of a place.
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
];
/// Of `PLACE_BEFORE`, the words that put something somewhere rather than move it.
const LOCATING: &[&str] = &["in", "near", "inside", "outside", "at", "throughout", "around"];
/// Words after a mention that suggest a place ("Mazandaran province").
const PLACE_AFTER: &[&str] = &[
    "province",
    "provinces",
    "district",
    "city",
    "region",
    "island",
    "village",
    "border",
    "valley",
    "crossing",
    "checkpoint",
    "frontier",
    "town",
    "governorate",
    "river",
    "dam",
    "airport",
    "highway",
    "corridor",
    "basin",
    "port",
    "lake",
    "pass",
    "canal",
    "camp",
    "bridge",
    "mountains",
    "wetlands",
    "marshes",
    "oasis",
];
/// Compass words that start place names ("West Azerbaijan", "North Khorasan").
const COMPASS: &[&str] = &[
    "east", "west", "north", "south", "northern", "southern", "eastern", "western", "central",
    "upper", "lower",
];
/// Words after a mention that suggest a person ("Haniyeh said"). Reporting verbs are weak
/// evidence: news agencies and ministries say and report too.
const PERSON_AFTER: &[&str] = &[
    "said",
    "says",
    "told",
    "wrote",
    "added",
    "stated",
    "believes",
    "believed",
    "argued",
    "explained",
    "noted",
    "recalled",
    "described",
    "hopes",
    "feels",
    "thinks",
    "wants",
    "who",
    "himself",
    "herself",
];
/// Of `PERSON_AFTER`, the words only a person takes: beliefs and feelings, not reports.
const PERSON_ONLY_AFTER: &[&str] = &[
    "believes", "believed", "hopes", "feels", "thinks", "wants", "recalled", "who", "himself",
    "herself",
];

/// A verb after a name that says the name is a person's ("said", "believes").
pub fn is_person_verb(word: &str) -> bool {
    PERSON_AFTER.contains(&word)
}

/// The word as one of the context words classification uses, if it is one: detection keeps
/// only these, without allocating.
pub fn context_word(word: &str) -> Option<&'static str> {
    std::iter::once(&"the")
        .chain(PLACE_BEFORE)
        .chain(PERSON_AFTER)
        .chain(PLACE_AFTER)
        .find(|w| **w == word)
        .copied()
}

/// What the mentions of a name say about its kind, summed over mentions.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    pub mentions: u32,
    /// Mentions preceded by a person's title or honorific.
    pub person_titles: u32,
    pub place_context: u32,
    pub person_context: u32,
    /// Of those, mentions followed by a word only a person takes ("himself").
    pub person_only_context: u32,
    /// Mentions preceded by "the": organisations and some places, rarely people.
    pub after_the: u32,
    /// Mentions in a list with a known place ("Erbil and Duhok", "Sanaa, Hodeidah and Saada").
    pub listed_with_places: u32,
    /// Mentions an appositive describes as a person ("X, a farmer") or as an organisation
    /// ("X, a charity").
    pub described_person: u32,
    pub described_org: u32,
    /// Mentions in a phrase that makes a place ("the town of X", "X, the capital", "the X
    /// district"): stronger than a preposition, which organisations take too ("at X").
    pub place_phrases: u32,
    /// Mentions as a newswire dateline's place ("RIVERTON 1998-03-14").
    pub datelines: u32,
    /// Mentions of several words whose first word the archive writes mostly in lower case.
    pub common_first_word: u32,
    /// Mentions in an article that reads as a sports report.
    pub in_sports_reports: u32,
    /// Mentions of a city's name that stand for its team (set by local resolution: a city's
    /// name in a sports report, never said there to be a place).
    pub teams: u32,
    /// Mentions after a word that puts something somewhere ("in X", "at X", "near X"), not one
    /// of movement ("from X", "to X": players move between clubs too).
    pub located: u32,
}

impl Evidence {
    /// "Seattle" in a sports report where no dateline or place phrase says it is a place, and
    /// most mentions are not put somewhere ("Seattle beat Boston", "signed from Seattle",
    /// once "in Seattle"): the team named after the place.
    pub fn names_a_team(&self) -> bool {
        self.mentions > 0
            && self.in_sports_reports == self.mentions
            && self.located * 2 < self.mentions
            && self.place_phrases == 0
            && self.datelines == 0
            && self.person_titles == 0
    }
}

impl Evidence {
    pub fn add(&mut self, candidate: &Candidate) {
        self.mentions += 1;
        if !candidate.titles.is_empty() {
            self.person_titles += 1;
        }
        self.listed_with_places += u32::from(candidate.listed_with_place);
        self.datelines += u32::from(candidate.dateline);
        self.common_first_word += u32::from(candidate.common_first_word);
        self.in_sports_reports += u32::from(candidate.in_sports_report);
        let place_after = candidate.after.is_some_and(|w| PLACE_AFTER.contains(&w));
        match candidate.described_as {
            Some(EntityKind::Person) => self.described_person += 1,
            Some(EntityKind::Org) => self.described_org += 1,
            _ => {}
        }
        if candidate.place_phrase || place_after {
            self.place_phrases += 1;
        }
        let place_before = candidate.before.is_some_and(|w| PLACE_BEFORE.contains(&w));
        self.located += u32::from(candidate.before.is_some_and(|w| LOCATING.contains(&w)));
        if candidate.place_phrase && !place_after && !place_before {
            self.place_context += 1;
        }
        match candidate.before {
            // "the Batken crossing": the article belongs to the place word after the name.
            Some("the") if !place_after => self.after_the += 1,
            Some(word) if PLACE_BEFORE.contains(&word) => self.place_context += 1,
            _ => {}
        }
        match candidate.after {
            Some(word) if PERSON_AFTER.contains(&word) => {
                self.person_context += 1;
                self.person_only_context += u32::from(PERSON_ONLY_AFTER.contains(&word));
            }
            Some(word) if PLACE_AFTER.contains(&word) => self.place_context += 1,
            _ => {}
        }
    }

    pub fn merge(&mut self, other: &Evidence) {
        self.mentions += other.mentions;
        self.person_titles += other.person_titles;
        self.place_context += other.place_context;
        self.person_context += other.person_context;
        self.after_the += other.after_the;
        self.person_only_context += other.person_only_context;
        self.listed_with_places += other.listed_with_places;
        self.place_phrases += other.place_phrases;
        self.described_person += other.described_person;
        self.described_org += other.described_org;
        self.datelines += other.datelines;
        self.common_first_word += other.common_first_word;
        self.in_sports_reports += other.in_sports_reports;
        self.teams += other.teams;
        self.located += other.located;
    }

    /// Place evidence, a place phrase counting twice.
    fn place_score(&self) -> u32 {
        self.place_context + self.place_phrases
    }
}

/// The kind of a name and the rule that decided it.
pub fn classify<'a>(
    names: impl IntoIterator<Item = &'a str>,
    evidence: &Evidence,
) -> (EntityKind, &'static str) {
    let gazetteer = Gazetteer::get();
    let names: Vec<&str> = names.into_iter().collect();
    if names
        .iter()
        .any(|n| gazetteer.place(&fold(n)).is_some() || gazetteer.place(&name_key(n)).is_some())
    {
        return (EntityKind::Place, "a known country or place");
    }
    if names.iter().any(|n| is_branch_named_after_place(n)) {
        return (EntityKind::Org, "a group's branch named after a place (... Khorasan Province)");
    }
    for name in &names {
        if let Some(kind) = head_cue(name) {
            return (kind, "a cue word in the name (Ministry, Front, Province, ...)");
        }
    }
    for name in &names {
        let folded = fold(name);
        if folded.split(' ').any(|w| gazetteer.cue_kind(w) == Some(EntityKind::Org)) {
            return (EntityKind::Org, "a cue word in the name (Ministry, Front, Province, ...)");
        }
    }
    // A dateline names a place, unless the name has an acronym ("U.N."): a body with a seat.
    if evidence.datelines > 0 && !names.iter().any(|n| is_acronym(n) && n.len() <= 5) {
        return (EntityKind::Place, "the place of a dateline (RIVERTON 1998-03-14)");
    }
    if evidence.teams * 2 > evidence.mentions {
        return (EntityKind::Org, "a city's name standing for its team in sports reports");
    }
    // A short form of a longer name ("Houston" of "Whitney Houston") says nothing, and a name
    // mostly titled is a person's.
    let longest_words = names.iter().map(|n| n.split(' ').count()).max().unwrap_or(0);
    if evidence.person_titles * 2 <= evidence.mentions
        && names
            .iter()
            .any(|n| n.split(' ').count() == longest_words && gazetteer.is_place_or_city(&fold(n)))
    {
        return (EntityKind::Place, "a city or state in the world list (data/cities.txt)");
    }
    if evidence.person_titles > 0 {
        return (EntityKind::Person, "a person's title before it (Mr., Dr, President, ...)");
    }
    // What the text says it is: "X, a volunteer-run organisation", "X, a farmer".
    let (org, person) = (evidence.described_org, evidence.described_person);
    if org > person && org >= evidence.place_phrases {
        return (EntityKind::Org, "described as an organisation (X, a charity)");
    }
    if person > org && person >= evidence.place_phrases {
        return (EntityKind::Person, "described as a person (X, a farmer)");
    }
    let longest = names.iter().max_by_key(|n| n.split(' ').count()).copied().unwrap_or_default();
    let words: Vec<String> = longest.split(' ').map(fold).collect();
    if named_after_a_place(&words) {
        return (
            EntityKind::Org,
            "a place's name and more: a club, paper or office named after it (Riverton United)",
        );
    }
    if names.iter().any(|n| is_joined_personal_name(n)) {
        return (EntityKind::Person, "a personal name joined by ul, ur or ud (Zia-ul-Haq)");
    }
    if is_club_with_its_city(&words, evidence) {
        return (EntityKind::Org, "a club named with its city in sports reports (Hansa Rostock)");
    }
    if surname_standing_alone(&names) {
        return (EntityKind::Person, "its last word stands alone for it (Huber for Anke Huber)");
    }
    if names.iter().any(|n| n.split(' ').any(is_acronym)) {
        return (EntityKind::Org, "an acronym");
    }
    if words.len() > 1 && gazetteer.is_demonym(&words[0]) {
        // "Iraqi Kurdistan", "Arab East Jerusalem".
        let rest = if words.len() > 2 && COMPASS.contains(&words[1].as_str()) { 2 } else { 1 };
        if gazetteer.place(&words[1..].join(" ")).is_some()
            || gazetteer.is_place_or_city(&words[rest..].join(" "))
        {
            return (EntityKind::Place, "a nationality before a known place (Iraqi Kurdistan)");
        }
        return (EntityKind::Org, "a name that starts with a nationality (Afghan Army)");
    }
    if words.len() > 1 && COMPASS.contains(&words[0].as_str()) {
        return (EntityKind::Place, "a compass word before a name (West Azerbaijan)");
    }
    let multi_word = words.len() > 1;
    let place_score = evidence.place_score();
    let place_wins = if multi_word {
        place_score >= 2 && place_score >= 2 * (evidence.person_context + 1)
    } else {
        let against = evidence.person_context + evidence.after_the;
        place_score > against
            || (evidence.listed_with_places * 2 >= evidence.mentions
                && place_score + evidence.listed_with_places > against)
    };
    // "the Kamal Khan dam", "at Kamal Khan": a phrase only places take outweighs a given name.
    let placed_by_phrase = place_wins && evidence.place_phrases > 0;
    if gazetteer.is_first_name(&words[0])
        && (multi_word || evidence.after_the == 0)
        && !placed_by_phrase
    {
        return (EntityKind::Person, "starts with a given name");
    }
    if place_wins {
        return (EntityKind::Place, "mentioned like a place (in ..., from ..., ... province)");
    }
    // One word that only ever "said" something, with no title or given name: agencies,
    // outlets and ministries report too ("Reuters said").
    let speaks_like_person =
        if multi_word { evidence.person_context > 0 } else { evidence.person_only_context > 0 };
    if speaks_like_person && evidence.after_the == 0 {
        return (EntityKind::Person, "mentioned like a person (... said)");
    }
    // "from Deh Sabz", and nothing of a person: no title, given name or verb of its own.
    if multi_word && place_score > 0 && evidence.person_context == 0 {
        return (
            EntityKind::Place,
            "a multi-word name mentioned like a place, never like a person",
        );
    }
    // "Red Cross", "Dream Team": a first word the archive writes in lower case names a thing.
    if multi_word && evidence.common_first_word * 2 > evidence.mentions {
        return (EntityKind::Org, "a multi-word name that opens with an ordinary word (Red Cross)");
    }
    if multi_word && evidence.after_the * 2 <= evidence.mentions {
        return (EntityKind::Person, "a multi-word name without organisation or place cues");
    }
    (EntityKind::Org, "a single name without person or place cues")
}

/// "Riverton United", "Kansas City Royals", "Riverton Newsroom": a known place or city, then
/// words that are no place, cue of a place or given name.
fn named_after_a_place(words: &[String]) -> bool {
    let gazetteer = Gazetteer::get();
    let folded: Vec<&str> = words.iter().map(String::as_str).collect();
    let lead = gazetteer.leading_place_words(&folded);
    lead > 0
        && lead < folded.len()
        && folded[lead..].iter().all(|w| {
            gazetteer.cue_kind(w) != Some(EntityKind::Place)
                && !gazetteer.is_place_or_city(w)
                && !gazetteer.is_first_name(w)
                && !COMPASS.contains(w)
                && !matches!(*w, "of" | "and" | "the")
        })
}

/// "Zia-ul-Haq", "Ata-ur-Rahman", "Salah-ud-Din": given names joined to an attribute of God by
/// "ul", "ur" or "ud" name one person ("-e-" and "-i-" join organisations' names too).
fn is_joined_personal_name(name: &str) -> bool {
    let folded = name.to_lowercase();
    !folded.contains(' ') && ["-ul-", "-ur-", "-ud-", "-uz-"].iter().any(|j| folded.contains(j))
}

/// "Velton Brinmoor", "Dynamo Brinmoor" in sports reports: a word that is no given name, then
/// a known city (the city first is [`named_after_a_place`]). Players are named by a given
/// name and a surname; clubs by a name and their city.
fn is_club_with_its_city(words: &[String], evidence: &Evidence) -> bool {
    let gazetteer = Gazetteer::get();
    words.len() == 2
        && evidence.in_sports_reports * 2 > evidence.mentions
        && evidence.person_titles == 0
        && evidence.described_person == 0
        && !gazetteer.is_first_name(&words[0])
        && gazetteer.place(&words[1]).is_none()
        && gazetteer.is_place_or_city(&words[1])
}

/// "Huber" beside "Anke Huber": a name of two or three words whose last word alone is among the
/// names of the same entity. People are called by their surname; places and organisations are
/// not shortened to their last word (and a last word that is a place or a cue says nothing).
fn surname_standing_alone(names: &[&str]) -> bool {
    let gazetteer = Gazetteer::get();
    let singles: Vec<String> = names.iter().filter(|n| !n.contains(' ')).map(|n| fold(n)).collect();
    names.iter().any(|name| {
        let folded = fold(name);
        let words: Vec<&str> = folded.split(' ').collect();
        let last = words[words.len() - 1];
        (2..=3).contains(&words.len())
            && singles.iter().any(|s| s == last)
            && last.len() > 2
            && !words.iter().any(|w| {
                gazetteer.cue_kind(w).is_some()
                    || matches!(*w, "of" | "and" | "the" | "for")
                    || gazetteer.place(w).is_some()
            })
            && !gazetteer.is_place_or_city(last)
            && gazetteer.leading_place_words(&words) == 0
            && !name.split(' ').any(is_acronym)
    })
}

/// The kind a name's head word (its last word before "of"/"for") points to.
fn head_cue(name: &str) -> Option<EntityKind> {
    let folded = fold(name);
    let words: Vec<&str> = folded.split(' ').collect();
    let head_end =
        words.iter().position(|w| matches!(*w, "of" | "for" | "on")).unwrap_or(words.len());
    if head_end == 0 || words.len() == 1 {
        return None;
    }
    Gazetteer::get().cue_kind(words[head_end - 1])
}

/// Modifiers that may stand before a place in a place's own name ("Greater Khorasan").
const PLACE_MODIFIERS: &[&str] = &["greater", "autonomous", "federal", "special", "capital"];

/// "Islamic State Khorasan Province": a name headed by "Province" whose place ("Khorasan") is
/// led by words that are no part of a place ("Islamic State"): an armed group's branch named
/// after where it fights, not a province ("West Azerbaijan Province", "Sistan and Baluchistan
/// Province" and "Greater Khorasan Province" are provinces).
fn is_branch_named_after_place(name: &str) -> bool {
    let gazetteer = Gazetteer::get();
    let folded = fold(name);
    let words: Vec<&str> = folded.split(' ').collect();
    let Some(head) = words.iter().position(|w| matches!(*w, "province" | "provinces")) else {
        return false;
    };
    // The longest known place right before the head.
    let Some(place_start) =
        (0..head).find(|&s| gazetteer.place(&words[s..head].join(" ")).is_some())
    else {
        return false;
    };
    words[..place_start]
        .iter()
        .any(|w| !gazetteer.is_demonym(w) && !COMPASS.contains(w) && !PLACE_MODIFIERS.contains(w))
}

/// Two or more letters, all capitals, no spaces: UN, IEA, U.S.
pub fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !name.contains(' ') && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// A quick guess, before all evidence is in, of whether a name is a person's: used to decide
/// whether its single words may stand for it ("Haniyeh" for Ismail Haniyeh).
pub fn looks_like_person(name: &str, evidence: &Evidence) -> bool {
    classify([name], evidence).0 == EntityKind::Person
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(names: &[&str], evidence: Evidence) -> EntityKind {
        classify(names.iter().copied(), &evidence).0
    }

    #[test]
    fn classifies_places_from_the_gazetteer() {
        assert_eq!(kind_of(&["Norway"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["U.S."], Evidence::default()), EntityKind::Place);
    }

    #[test]
    fn classifies_by_cue_words() {
        assert_eq!(kind_of(&["Ministry of Water"], Evidence::default()), EntityKind::Org);
        assert_eq!(kind_of(&["Brinmoor Province"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["Daily Brin News"], Evidence::default()), EntityKind::Org);
    }

    #[test]
    fn a_datelines_place_is_a_place_though_written_like_an_acronym() {
        let dateline = Evidence { mentions: 2, datelines: 1, ..Default::default() };
        assert_eq!(kind_of(&["BRINMOOR", "Brinmoor"], dateline.clone()), EntityKind::Place);
        assert_eq!(kind_of(&["BRINMOOR"], Evidence::default()), EntityKind::Org);
        // A body with a seat gives datelines too.
        assert_eq!(kind_of(&["ZORG", "Z.O."], dateline), EntityKind::Org);
    }

    #[test]
    fn world_cities_are_places_and_names_after_them_organisations() {
        assert_eq!(kind_of(&["Nairobi"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["Nairobi United"], Evidence::default()), EntityKind::Org);
        assert_eq!(kind_of(&["Kansas City Comets"], Evidence::default()), EntityKind::Org);
        assert_eq!(kind_of(&["Nairobi Newsroom"], Evidence::default()), EntityKind::Org);
        // A city's name as a person's surname is no city.
        assert_eq!(kind_of(&["Ada Nairobi", "Nairobi"], Evidence::default()), EntityKind::Person);
    }

    #[test]
    fn classifies_people_by_titles_and_given_names() {
        let titled = Evidence { mentions: 1, person_titles: 1, ..Default::default() };
        assert_eq!(kind_of(&["Zarif"], titled), EntityKind::Person);
        assert_eq!(kind_of(&["Karim Zarif"], Evidence::default()), EntityKind::Person);
    }

    #[test]
    fn classifies_single_names_by_context() {
        let place = Evidence { mentions: 3, place_context: 2, ..Default::default() };
        assert_eq!(kind_of(&["Brinmoor"], place), EntityKind::Place);
        let person = Evidence {
            mentions: 3,
            person_context: 2,
            person_only_context: 1,
            ..Default::default()
        };
        assert_eq!(kind_of(&["Zarif"], person), EntityKind::Person);
        let group = Evidence { mentions: 3, after_the: 2, ..Default::default() };
        assert_eq!(kind_of(&["Grenfolk"], group), EntityKind::Org);
        assert_eq!(kind_of(&["NWB"], Evidence::default()), EntityKind::Org);
    }

    #[test]
    fn a_single_name_that_only_reports_is_not_taken_for_a_person() {
        let reports = Evidence { mentions: 2, person_context: 2, ..Default::default() };
        assert_eq!(kind_of(&["Brinpost"], reports), EntityKind::Org);
        let person = Evidence {
            mentions: 2,
            person_context: 1,
            person_only_context: 1,
            ..Default::default()
        };
        assert_eq!(kind_of(&["Zarif"], person), EntityKind::Person);
        let named = Evidence { mentions: 2, person_context: 2, ..Default::default() };
        assert_eq!(kind_of(&["Lena Brinmoor"], named), EntityKind::Person);
    }

    #[test]
    fn a_nationality_before_a_known_place_is_a_place() {
        assert_eq!(kind_of(&["Iraqi Kurdistan"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["Afghan Turkestan"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["Iraqi Brinmoor"], Evidence::default()), EntityKind::Org);
    }

    #[test]
    fn a_groups_branch_named_after_a_place_is_an_organisation() {
        for name in ["Islamic State Khorasan Province", "Brin Front Sahel Province"] {
            assert_eq!(kind_of(&[name], Evidence::default()), EntityKind::Org, "{name}");
        }
        for name in [
            "West Azerbaijan Province",
            "Sistan and Baluchistan Province",
            "Greater Khorasan Province",
            "Brinmoor Province",
            "Kabul Province",
        ] {
            assert_eq!(kind_of(&[name], Evidence::default()), EntityKind::Place, "{name}");
        }
    }

    #[test]
    fn a_place_phrase_outweighs_a_given_name() {
        // "the Karim Khan dam", "at Karim Khan".
        let phrased =
            Evidence { mentions: 2, place_context: 2, place_phrases: 1, ..Default::default() };
        assert_eq!(kind_of(&["Karim Khan"], phrased), EntityKind::Place);
        // Prepositions alone do not: people are "at" places too.
        let at = Evidence { mentions: 2, place_context: 1, ..Default::default() };
        assert_eq!(kind_of(&["Karim Khan"], at), EntityKind::Person);
    }

    #[test]
    fn a_multi_word_name_only_mentioned_like_a_place_is_one() {
        // "from Deh Brin", and nothing else.
        let placed = Evidence { mentions: 2, place_context: 1, ..Default::default() };
        assert_eq!(kind_of(&["Deh Brin"], placed), EntityKind::Place);
        // "in Deh Brin", but "Deh Brin said": a person.
        let spoke =
            Evidence { mentions: 2, place_context: 1, person_context: 1, ..Default::default() };
        assert_eq!(kind_of(&["Deh Brin"], spoke), EntityKind::Person);
        assert_eq!(kind_of(&["Deh Brin"], Evidence::default()), EntityKind::Person);
    }

    #[test]
    fn an_appositive_decides_between_person_and_organisation() {
        let charity =
            Evidence { mentions: 3, described_org: 1, place_context: 1, ..Default::default() };
        assert_eq!(kind_of(&["Pen Velmor"], charity), EntityKind::Org);
        let farmer =
            Evidence { mentions: 2, described_person: 1, after_the: 1, ..Default::default() };
        assert_eq!(kind_of(&["Velmor"], farmer), EntityKind::Person);
    }

    #[test]
    fn a_place_phrase_counts_twice() {
        // "the Brinmoor district", then "the Brinmoor strikes".
        let evidence = Evidence {
            mentions: 2,
            place_context: 1,
            place_phrases: 1,
            after_the: 1,
            ..Default::default()
        };
        assert_eq!(kind_of(&["Brinmoor"], evidence), EntityKind::Place);
        let weak = Evidence { mentions: 2, place_context: 1, after_the: 1, ..Default::default() };
        assert_eq!(kind_of(&["Brinmoor"], weak), EntityKind::Org);
    }

    #[test]
    fn a_name_listed_with_known_places_is_a_place() {
        let listed = Evidence { mentions: 2, listed_with_places: 1, ..Default::default() };
        assert_eq!(kind_of(&["Brinmoor"], listed), EntityKind::Place);
        let mostly_alone = Evidence { mentions: 6, listed_with_places: 1, ..Default::default() };
        assert_eq!(kind_of(&["Grenfolk"], mostly_alone), EntityKind::Org);
    }

    #[test]
    fn a_name_whose_last_word_stands_alone_is_a_persons() {
        // "lost to Anke Velmor ... Velmor served": prepositions say nothing against a surname.
        let placed = Evidence { mentions: 4, place_context: 3, ..Default::default() };
        assert_eq!(kind_of(&["Anke Velmor", "Velmor"], placed.clone()), EntityKind::Person);
        assert_eq!(kind_of(&["Deh Brin"], placed.clone()), EntityKind::Place);
        // A place's or cue's last word alone is no surname.
        assert_eq!(kind_of(&["Port Nairobi", "Nairobi"], placed.clone()), EntityKind::Place);
        assert_eq!(kind_of(&["Velmor Bank", "Bank"], placed.clone()), EntityKind::Org);
        // Nor a club's after its city's name ("Nairobi Lions", "Lions").
        assert_eq!(kind_of(&["Nairobi Lions", "Lions"], placed), EntityKind::Org);
    }

    #[test]
    fn a_place_mostly_not_put_anywhere_in_sports_reports_names_a_team() {
        // "Brinmoor beat Velton", "signed from Brinmoor", once "in Brinmoor".
        let team = Evidence {
            mentions: 3,
            in_sports_reports: 3,
            place_context: 2,
            located: 1,
            ..Default::default()
        };
        assert!(team.names_a_team());
        // "in Brinmoor" as often as not: the city where the game was played.
        let city = Evidence {
            mentions: 2,
            in_sports_reports: 2,
            place_context: 1,
            located: 1,
            ..Default::default()
        };
        assert!(!city.names_a_team());
        let news = Evidence { mentions: 2, in_sports_reports: 1, ..Default::default() };
        assert!(!news.names_a_team());
    }

    #[test]
    fn a_name_joined_by_ul_or_ur_is_a_persons() {
        assert_eq!(kind_of(&["Zaka-ul-Brin"], Evidence::default()), EntityKind::Person);
        assert_eq!(kind_of(&["Ata-ur-Velmor"], Evidence::default()), EntityKind::Person);
        assert_eq!(kind_of(&["Tehrik-e-Velmor"], Evidence::default()), EntityKind::Org);
    }

    #[test]
    fn a_name_and_a_city_in_sports_reports_is_a_club() {
        let sports = Evidence { mentions: 2, in_sports_reports: 2, ..Default::default() };
        assert_eq!(kind_of(&["Velton Nairobi"], sports.clone()), EntityKind::Org);
        // A given name before the city's name makes a player; outside sport, a person.
        assert_eq!(kind_of(&["Lena Nairobi"], sports), EntityKind::Person);
        assert_eq!(kind_of(&["Velton Nairobi"], Evidence::default()), EntityKind::Person);
    }

    #[test]
    fn a_nationality_before_a_compass_word_and_a_place_is_a_place() {
        assert_eq!(kind_of(&["Arab East Nairobi"], Evidence::default()), EntityKind::Place);
        assert_eq!(kind_of(&["Brinmoor Holdings"], Evidence::default()), EntityKind::Org);
    }

    #[test]
    fn a_multi_word_name_opening_with_an_ordinary_word_is_an_organisation() {
        let common = Evidence { mentions: 2, common_first_word: 2, ..Default::default() };
        assert_eq!(kind_of(&["Red Velmor"], common), EntityKind::Org);
        assert_eq!(kind_of(&["Lena Velmor"], Evidence::default()), EntityKind::Person);
    }
}
