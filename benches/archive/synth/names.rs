//! The pool of recurring names an archive draws from: people (with transliteration variants and
//! surnames shared between different people), organisations (with acronyms) and places (with
//! alternative spellings), ranked by a Zipf-like popularity; plus authors, sources and tags.
//!
//! Everything is made up from parts, so no real person is named and the pool can be as large as
//! wanted while staying deterministic for a seed.

use std::collections::HashSet;

use gloss::model::EntityKind;

use super::rng::{Rng, Stream, Zipf};

/// One person, organisation or place, with the surface forms articles use for it.
#[derive(Clone, Debug)]
pub struct EntitySpec {
    /// File name stem under `content/entities/`: the slug of the name.
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    /// Shorter form used after the first mention: a surname or an acronym.
    pub short: Option<String>,
    /// Another spelling of the whole name (transliteration variant).
    pub variant: Option<String>,
    /// "Mr." or "Ms." for people.
    pub honorific: Option<&'static str>,
    /// A one-sentence description for the entity page.
    pub role: String,
}

impl EntitySpec {
    /// The aliases written in the entity file: every other form the articles use.
    pub fn aliases(&self) -> Vec<String> {
        self.short.iter().chain(self.variant.iter()).cloned().collect()
    }
}

/// The names of one archive, and how often each is drawn.
pub struct Pool {
    pub entities: Vec<EntitySpec>,
    /// Popularity rank → index into `entities`; kinds are interleaved so the head holds all three.
    by_rank: Vec<usize>,
    popularity: Zipf,
    pub authors: Vec<String>,
    pub sources: Vec<String>,
    pub tags: Vec<String>,
    tag_popularity: Zipf,
}

/// Pool sizes: "a few thousand" names, as a large archive has.
pub const PEOPLE: usize = 2000;
pub const ORGS: usize = 600;
pub const PLACES: usize = 700;
const AUTHORS: usize = 150;

impl Pool {
    pub fn generate(seed: u64) -> Pool {
        let mut rng = Rng::for_item(seed, Stream::Pool, 0);
        let mut taken = HashSet::new();
        let mut entities = Vec::with_capacity(PEOPLE + ORGS + PLACES);
        entities.extend((0..PEOPLE).map(|_| unique(&mut rng, &mut taken, person)));
        entities.extend((0..ORGS).map(|_| unique(&mut rng, &mut taken, organisation)));
        entities.extend((0..PLACES).map(|_| unique(&mut rng, &mut taken, place)));
        let mut by_rank: Vec<usize> = (0..entities.len()).collect();
        rng.shuffle(&mut by_rank);
        let authors = (0..AUTHORS).map(|_| unique(&mut rng, &mut taken, person).name).collect();
        let sources = SOURCE_STEMS
            .iter()
            .flat_map(|stem| SOURCE_KINDS.iter().map(move |kind| format!("{stem} {kind}")))
            .step_by(3)
            .collect();
        let tags: Vec<String> = TAG_TOPICS
            .iter()
            .flat_map(|topic| TAG_ASPECTS.iter().map(move |aspect| format!("{topic} {aspect}")))
            .chain(TAG_TOPICS.iter().map(|topic| topic.to_string()))
            .collect();
        Pool {
            popularity: Zipf::new(entities.len(), 1.0),
            tag_popularity: Zipf::new(tags.len(), 1.1),
            entities,
            by_rank,
            authors,
            sources,
            tags,
        }
    }

    /// An entity index, drawn by popularity.
    pub fn draw_entity(&self, rng: &mut Rng) -> usize {
        self.by_rank[self.popularity.sample(rng)]
    }

    /// The entity at a popularity rank (0 = drawn most often).
    pub fn entity_at_rank(&self, rank: usize) -> &EntitySpec {
        &self.entities[self.by_rank[rank]]
    }

    pub fn draw_tag(&self, rng: &mut Rng) -> &str {
        &self.tags[self.tag_popularity.sample(rng)]
    }
}

/// Draws with `make` until the name is new: names (and so ids) are unique in a pool.
fn unique(
    rng: &mut Rng,
    taken: &mut HashSet<String>,
    make: fn(&mut Rng) -> EntitySpec,
) -> EntitySpec {
    loop {
        let spec = make(rng);
        if taken.insert(spec.id.clone()) {
            return spec;
        }
    }
}

fn spec(name: String, kind: EntityKind) -> EntitySpec {
    EntitySpec {
        id: slug::slugify(&name),
        name,
        kind,
        short: None,
        variant: None,
        honorific: None,
        role: String::new(),
    }
}

/// Groups of spellings of one name; the first is the canonical one.
const FIRST_NAMES: &[&[&str]] = &[
    &["Mohammad", "Muhammad", "Mohammed"],
    &["Abdul", "Abdol"],
    &["Ahmad", "Ahmed"],
    &["Mahmoud", "Mahmood", "Mahmud"],
    &["Hussain", "Hussein", "Husain"],
    &["Yusuf", "Yousuf", "Yousef"],
    &["Mustafa", "Mostafa"],
    &["Omar", "Umar"],
    &["Osman", "Usman"],
    &["Fatima", "Fatema"],
    &["Zahra", "Zohra"],
    &["Habibullah", "Habibollah"],
    &["Najibullah", "Najibollah"],
    &["Rahmatullah", "Rahmatollah"],
    &["Sayed", "Sayyid", "Said"],
    &["Qasim", "Kasim"],
    &["Karim"],
    &["Nasrin", "Nasreen"],
    &["Shukria", "Shukriya"],
    &["Farida", "Fareeda"],
    &["Malalai"],
    &["Zarifa", "Zarefa"],
    &["Hamid", "Hameed"],
    &["Rashid", "Rasheed"],
    &["Jamil", "Jameel"],
    &["Nazir", "Nazeer"],
    &["Wahid", "Waheed"],
    &["Latif", "Lateef"],
    &["Bashir", "Basheer"],
    &["Amina", "Aminah"],
    &["Laila", "Layla"],
    &["Sima", "Seema"],
    &["Daud", "Dawood", "Dawud"],
    &["Ismail", "Esmail"],
    &["Ibrahim", "Ebrahim"],
    &["Yaqub", "Yaqoob", "Yakub"],
    &["Sarah"],
    &["Peter"],
    &["Anna"],
    &["Thomas"],
    &["Maria"],
    &["David"],
    &["Julia"],
    &["Martin"],
    &["Claire"],
    &["Jonas"],
];

/// The last groups of [`FIRST_NAMES`] are Western names, for the foreign people in the news.
const WESTERN_FIRST_NAMES: usize = 10;

/// Surname stems and endings: combined, they give thousands of distinct surnames, some shared.
const SURNAME_STEMS: &[&str] = &[
    "Kar", "Rah", "Hash", "Qad", "Nur", "Sult", "Ahmad", "Pop", "Stanik", "Haq", "Mujah", "Wardak",
    "Sami", "Naz", "Faiz", "Jal", "Hakim", "Amin", "Sadiq", "Zaman", "Rasul", "Nab", "Kabir",
    "Safi", "Tar", "Barak", "Shir", "Gul", "Mir", "Akbar", "Wali", "Yar", "Zia", "Momand",
];
const SURNAME_ENDINGS: &[(&str, &str)] = &[
    ("imi", "imy"),
    ("eri", "iri"),
    ("zai", "zay"),
    ("zada", "zadeh"),
    ("khel", "khail"),
    ("i", "y"),
    ("yar", "yaar"),
    ("wal", "waal"),
    ("id", "ed"),
    ("ani", "aani"),
    ("dost", "doost"),
    ("", ""),
];
const WESTERN_SURNAMES: &[&str] = &[
    "Miller",
    "Clark",
    "Lindqvist",
    "Moreau",
    "Fischer",
    "Okafor",
    "Brennan",
    "Kowalski",
    "Haddad",
    "Novak",
    "Petersen",
    "Rossi",
    "Tanaka",
    "Whitfield",
];

const ROLES: &[&str] = &[
    "a former provincial governor",
    "a spokesman for the interior ministry",
    "a researcher who has written about local councils",
    "a women's rights activist",
    "a member of the former parliament",
    "a commander in the eastern provinces",
    "an economist who advises donor agencies",
    "a journalist based in the capital",
    "a diplomat posted to the region",
    "a religious scholar",
    "the head of a district council",
    "a lawyer who defends detainees",
];

fn person(rng: &mut Rng) -> EntitySpec {
    let western = rng.chance(0.12);
    let first_group = if western {
        FIRST_NAMES[FIRST_NAMES.len() - WESTERN_FIRST_NAMES + rng.below(WESTERN_FIRST_NAMES)]
    } else {
        FIRST_NAMES[rng.below(FIRST_NAMES.len() - WESTERN_FIRST_NAMES)]
    };
    let (last, last_variant) = if western {
        let name = rng.pick(WESTERN_SURNAMES).to_string();
        (name.clone(), name)
    } else {
        let stem = rng.pick(SURNAME_STEMS);
        let (ending, variant_ending) = rng.pick(SURNAME_ENDINGS);
        (format!("{stem}{ending}"), format!("{stem}{variant_ending}"))
    };
    // Some people go by three names ("Abdul Ghani Karimi"): a second given name.
    let middle = if !western && rng.chance(0.3) {
        Some(FIRST_NAMES[rng.below(FIRST_NAMES.len() - WESTERN_FIRST_NAMES)][0])
    } else {
        None
    };
    let first = first_group[0];
    let full = |first: &str, last: &str| match middle {
        Some(middle) if middle != first => format!("{first} {middle} {last}"),
        _ => format!("{first} {last}"),
    };
    let name = full(first, &last);
    let mut spec = spec(name.clone(), EntityKind::Person);
    let variant_first = if first_group.len() > 1 {
        first_group[1 + rng.below(first_group.len() - 1)]
    } else {
        first
    };
    let variant = full(variant_first, &last_variant);
    spec.variant = (variant != name).then_some(variant);
    spec.short = Some(last);
    spec.honorific = Some(if FEMALE.contains(&first) { "Ms." } else { "Mr." });
    spec.role = format!("{} is {}.", spec.name, rng.pick(ROLES));
    spec
}

const FEMALE: &[&str] = &[
    "Fatima", "Zahra", "Nasrin", "Shukria", "Farida", "Malalai", "Zarifa", "Amina", "Laila",
    "Sima", "Sarah", "Anna", "Maria", "Julia", "Claire",
];

const ORG_QUALIFIERS: &[&str] = &[
    "Afghan",
    "National",
    "Independent",
    "International",
    "Regional",
    "United",
    "Democratic",
    "Central",
    "Women's",
    "Youth",
    "Civic",
    "Northern",
    "Southern",
    "Joint",
];
const ORG_DOMAINS: &[&str] = &[
    "Peace",
    "Human Rights",
    "Election",
    "Media",
    "Refugee",
    "Health",
    "Education",
    "Development",
    "Reconstruction",
    "Security",
    "Justice",
    "Mining",
    "Water",
    "Trade",
    "Agriculture",
    "Labour",
];
const ORG_KINDS: &[&str] = &[
    "Council",
    "Commission",
    "Network",
    "Front",
    "Foundation",
    "Organisation",
    "Institute",
    "Union",
    "Committee",
    "Alliance",
    "Association",
    "Agency",
    "Party",
    "Movement",
];
const MINISTRY_DOMAINS: &[&str] = &[
    "Foreign Affairs",
    "Rural Development",
    "Public Health",
    "Higher Education",
    "Interior",
    "Defence",
    "Finance",
    "Economy",
    "Refugees and Repatriation",
    "Women's Affairs",
    "Justice",
    "Mines and Petroleum",
    "Information and Culture",
    "Hajj and Religious Affairs",
];

fn organisation(rng: &mut Rng) -> EntitySpec {
    let name = match rng.below(10) {
        0 => format!("Ministry of {}", rng.pick(MINISTRY_DOMAINS)),
        1 | 2 => {
            let first = rng.below(ORG_DOMAINS.len());
            let second = (first + 1 + rng.below(ORG_DOMAINS.len() - 1)) % ORG_DOMAINS.len();
            format!(
                "{} for {} and {}",
                rng.pick(ORG_KINDS),
                ORG_DOMAINS[first],
                ORG_DOMAINS[second]
            )
        }
        _ => format!(
            "{} {} {}",
            rng.pick(ORG_QUALIFIERS),
            rng.pick(ORG_DOMAINS),
            rng.pick(ORG_KINDS)
        ),
    };
    let mut spec = spec(name.clone(), EntityKind::Org);
    if rng.chance(0.8) {
        spec.short = Some(acronym(&name));
    }
    spec.role = format!(
        "The {name} is an organisation active in the region since {}.",
        1970 + rng.below(50)
    );
    spec
}

/// Initials of the words that are not connectors: "Women's Peace Network" → "WPN".
pub fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter(|word| !matches!(*word, "of" | "for" | "and" | "the"))
        .filter_map(|word| word.chars().next())
        .collect()
}

const PLACE_HEADS: &[&str] = &[
    "Dar", "Kal", "Sang", "Mir", "Shah", "Nur", "Pul", "Qal", "Chah", "Deh", "Bagh", "Gul", "Khan",
    "Zar", "Sar", "Tor", "Spin", "Kuh", "Ab", "Qara", "Jal", "Bam", "Ghor", "Kam",
];
const PLACE_LINKS: &[&str] = &["", "a", "i", "o", "an", "ar"];
const PLACE_TAILS: &[&str] =
    &["abad", "istan", "kot", "garh", "shahr", "dara", "bagh", "kalay", "zai", "ak", "ab", "ran"];

fn place(rng: &mut Rng) -> EntitySpec {
    let part = |rng: &mut Rng| {
        format!("{}{}{}", rng.pick(PLACE_HEADS), rng.pick(PLACE_LINKS), rng.pick(PLACE_TAILS))
    };
    let (name, variant) = if rng.chance(0.25) {
        // Two-part names are spelt both ways: "Dara-e Nur" and "Dara-i-Nur".
        let (a, b) = (part(rng), part(rng));
        (format!("{a}-e {b}"), Some(format!("{a}-i-{b}")))
    } else {
        let name = part(rng);
        let variant = name.contains('q').then(|| name.replace('q', "k"));
        (name, variant)
    };
    let mut spec = spec(name, EntityKind::Place);
    spec.variant = variant;
    spec.role = format!("{} is a district centre.", spec.name);
    spec
}

const SOURCE_STEMS: &[&str] = &[
    "Kabul",
    "Frontier",
    "Mountain",
    "Regional",
    "Independent",
    "Civic",
    "Open",
    "Northern",
    "Eastern",
    "Hindu Kush",
];
const SOURCE_KINDS: &[&str] =
    &["Analysts Network", "Times", "Monitor", "Review", "Observer", "Post"];

const TAG_TOPICS: &[&str] = &[
    "security",
    "economy",
    "women's rights",
    "education",
    "health",
    "migration",
    "elections",
    "justice",
    "media",
    "aid",
    "diplomacy",
    "agriculture",
    "water",
    "mining",
    "religion",
    "culture",
    "drugs",
    "refugees",
    "displacement",
    "human rights",
];
const TAG_ASPECTS: &[&str] = &["policy", "reporting", "analysis", "data", "history"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_names_are_unique_and_sized() {
        let pool = Pool::generate(1);
        assert_eq!(pool.entities.len(), PEOPLE + ORGS + PLACES);
        let ids: HashSet<_> = pool.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), pool.entities.len());
        assert!(pool.entities.iter().all(|e| !e.id.is_empty() && e.id == slug::slugify(&e.id)));
    }

    #[test]
    fn people_have_surnames_and_some_have_variants() {
        let pool = Pool::generate(1);
        let people: Vec<_> =
            pool.entities.iter().filter(|e| e.kind == EntityKind::Person).collect();
        assert!(people.iter().all(|p| p.name.ends_with(p.short.as_deref().unwrap())));
        let with_variant = people.iter().filter(|p| p.variant.is_some()).count();
        assert!(with_variant > people.len() / 2, "{with_variant} of {}", people.len());
    }

    #[test]
    fn acronym_skips_connectors() {
        assert_eq!(acronym("Council for Peace and Justice"), "CPJ");
        assert_eq!(acronym("Women's Media Network"), "WMN");
    }
}
