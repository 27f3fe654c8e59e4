//! Import, metadata: telling names of people from names of organisations and from the
//! roles people hold, for bylines, name lines and bios.

use super::text::{char_len, ends_with_stop, starts_capitalised};

/// Lower-case words allowed inside personal names.
const NAME_PARTICLES: &[&str] = &[
    "al", "al-", "el", "bin", "ibn", "bint", "van", "von", "de", "der", "den", "la", "le", "du",
    "da", "di", "dos", "ul", "ud", "e", "y", "abu",
];

/// Words that make a capitalised run an organisation or a publication, not a person.
const ORG_WORDS: &[&str] = &[
    "network",
    "news",
    "press",
    "agency",
    "times",
    "post",
    "journal",
    "institute",
    "center",
    "centre",
    "foundation",
    "council",
    "media",
    "radio",
    "tv",
    "television",
    "tribune",
    "herald",
    "gazette",
    "review",
    "monitor",
    "analysts",
    "group",
    "project",
    "organisation",
    "organization",
    "society",
    "service",
    "daily",
    "magazine",
    "channel",
    "broadcasting",
    "watch",
    "observer",
    "guardian",
    "chronicle",
    "telegraph",
    "express",
    "university",
    "ministry",
    "office",
    "commission",
    "initiative",
    "alliance",
    "front",
    "movement",
    "coalition",
    "union",
    "association",
    "committee",
    "assembly",
    "forum",
    "reuters",
    "ap",
    "afp",
    "bbc",
    "cnn",
    "npr",
    "voa",
    "aljazeera",
    "jazeera",
    "online",
    "weekly",
    "bulletin",
    "report",
    "library",
    "trust",
    "fund",
    "party",
    "league",
    "federation",
    "company",
    "inc",
    "ltd",
    "programme",
    "program",
    "mission",
    "bureau",
    "department",
    "international",
];

/// Words that begin a capitalised run without being part of a name (months and weekdays come
/// from `dates`).
const NOT_NAME_WORDS: &[&str] = &[
    // how a letter addresses its recipient, not how a byline names its writer
    "excellency",
    "the",
    "photo",
    "read",
    "more",
    "next",
    "previous",
    "share",
];

/// A personal name: two to five capitalised words (with name particles and initials), no
/// digits, no organisation words.
pub fn is_person_name(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || char_len(text) > 60 || text.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) {
        return false;
    }
    let mut capitalised = 0;
    for (position, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        // A month after a first name is a surname ("Judith February"); first, it opens a date.
        let month = super::dates::MONTHS.contains(&bare) && (position == 0 || bare.len() <= 3);
        if ORG_WORDS.contains(&bare)
            || NOT_NAME_WORDS.contains(&bare)
            || super::dates::WEEKDAYS.contains(&bare)
            || month
            || ROLE_WORDS.contains(&bare)
        {
            return false;
        }
        if NAME_PARTICLES.contains(&lower.as_str()) {
            continue;
        }
        if !word.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.')) {
            return false;
        }
        let first = word.chars().next().unwrap_or(' ');
        let rest_lower = word.chars().skip(1).filter(|c| c.is_alphabetic()).any(char::is_lowercase);
        // "J." or run-together initials "P.V."
        // (not "U.S.", "U.N.": countries and bodies, written like initials)
        let initial = word.ends_with('.')
            && !matches!(bare, "u.s" | "u.k" | "u.n" | "e.u")
            && word.split_terminator('.').all(|part| {
                let mut letters = part.chars();
                letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
            });
        let particle_prefix = ["al-", "el-", "ul-", "bin-"].iter().any(|p| lower.starts_with(p));
        if !(first.is_uppercase() && (rest_lower || initial) || particle_prefix) {
            return false;
        }
        capitalised += 1;
    }
    capitalised >= 2
}

/// A line naming an organisation or publication: capitalised words with an organisation word.
pub fn is_org_line(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || char_len(text) > 80 || ends_with_stop(text) || !starts_capitalised(text) {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 8 {
        return false;
    }
    let mut has_org_word = false;
    for word in &words {
        let bare: String =
            word.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
        if matches!(bare.as_str(), "of" | "for" | "and" | "the" | "on" | "in" | "de" | "") {
            continue;
        }
        if !word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()) {
            return false;
        }
        has_org_word |= ORG_WORDS.contains(&bare.as_str());
    }
    has_org_word
}

/// Words that start the role line under an author's name ("Fellow at Oxford ...").
pub const ROLE_WORDS: &[&str] = &[
    // elected office, as printed after a writer's name ("Jane Roe, Valley Party MP")
    "mp",
    "mep",
    "mla",
    "senator",
    "councillor",
    "fellow",
    "professor",
    "researcher",
    "research",
    "correspondent",
    "editor",
    "director",
    "analyst",
    "reporter",
    "senior",
    "journalist",
    "contributor",
    "columnist",
    "head",
    "chief",
    "former",
    "writer",
    "author",
    "lecturer",
    "scholar",
    "student",
    "founder",
    "co-founder",
    "member",
    "president",
    "chair",
    "executive",
    "associate",
    "assistant",
    "visiting",
    "country",
    "programme",
    "program",
    "staff",
    "special",
    "guest",
    "independent",
    "freelance",
    "photographer",
    "expert",
    "specialist",
    "consultant",
    "advisor",
    "adviser",
    "officer",
    "entrepreneur",
    "activist",
    "lawyer",
    "economist",
    "historian",
    "diplomat",
    "ceo",
    "cto",
    "manager",
    "coordinator",
    "co-ordinator",
    "representative",
    "spokesperson",
    "deputy",
];

/// Roles an article's author has (word starts), as a bio at the end states them.
pub const BIO_ROLES: &[&str] = &[
    "writer",
    "journalist",
    "correspondent",
    "reporter",
    "editor",
    "analyst",
    "researcher",
    "fellow",
    "columnist",
    "contributor",
    "author",
    "photographer",
    "photojournalist",
    "scholar",
    "lecturer",
    "professor",
    "student",
    "activist",
    "entrep",
    "founder",
    "co-founder",
    "freelance",
    "blogger",
    "producer",
    "filmmaker",
    "novelist",
    "poet",
    "historian",
    "economist",
];

pub fn has_role_word(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_lowercase)
        .any(|w| ROLE_WORDS.iter().any(|r| w == *r || (r.len() >= 6 && w.starts_with(&r[..6]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_people_from_organisations() {
        assert!(is_person_name("Mohammad Rahim Jami"));
        assert!(!is_person_name("His Excellency Mr Omar Said"), "an addressee");
        assert!(is_person_name("Donald J. Trump"));
        assert!(is_person_name("R.K. Menon"), "run-together initials");
        assert!(!is_person_name("U.S. Forces"), "initials need a name after them");
        assert!(is_person_name("Ahmad al-Afghani"));
        assert!(!is_person_name("Associated Press"));
        assert!(!is_person_name("Valley News Network"));
        assert!(!is_person_name("Read More"));
        assert!(!is_person_name("the valley"));
        assert!(!is_person_name("Staff Writer"));
        assert!(!is_person_name("Senior Correspondent"));
        assert!(is_org_line("Associated Press"));
        assert!(is_org_line("Institute for the Study of Rivers"));
        assert!(!is_org_line("Fellow at Oxford Global Society"));
    }
}
