//! Names written as a modifier of something else rather than as a mention of the entity: a
//! compound adjective ("a Brinmoor-based firm", "pro-Norland leaders"), a competition's title
//! holder ("the Lakeside champion"), a market index ("the Velmor average"), a minister's
//! portfolio ("Fisheries Minister"). Each is refused at that mention only; the same name
//! written plainly elsewhere is still a mention.

use super::super::gazetteer::Gazetteer;
use super::stats::WordStats;
use super::tokens::{Gap, Token};

/// How a name was used as a modifier; `--explain` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModifierUse {
    /// "Brinmoor-based", "pro-Norland": an adjective made of the name.
    CompoundAdjective,
    /// "the Lakeside champion", "a Lakeside semifinalist": the name of a competition.
    CompetitionTitle,
    /// "the Velmor index", "the Velmor industrial average": a market index.
    MarketIndex,
    /// "Fisheries Minister": the portfolio of a title.
    Portfolio,
}

impl ModifierUse {
    pub fn describe(self) -> &'static str {
        match self {
            ModifierUse::CompoundAdjective => {
                "part of a compound adjective (X-based, X-backed, pro-X, anti-X), not a mention"
            }
            ModifierUse::CompetitionTitle => {
                "a competition named by its title holder (X champion, X semifinalist, X winner)"
            }
            ModifierUse::MarketIndex => "a market index (X index, X average, X futures)",
            ModifierUse::Portfolio => {
                "a minister's portfolio (an ordinary word before Minister, Secretary, ...)"
            }
        }
    }
}

/// Prefixes that make an adjective of the name after their hyphen ("pro-Norland").
const ADJECTIVE_PREFIXES: &[&str] =
    &["anti", "pro", "non", "neo", "mid", "post", "pre", "pan", "ex", "trans"];

/// Short lowercase pieces that join the parts of a name across a hyphen ("Mazar-e-Sharif",
/// "Tehrik-i-Taliban", "al-Sham"): no adjective.
const JOINING_PARTICLES: &[&str] =
    &["al", "el", "ul", "ur", "ud", "e", "i", "o", "ye", "bin", "ibn", "abu", "de", "la", "le"];

/// Roles of a competition's entrants: "the Lakeside champion", "a Lakeside finalist".
const COMPETITION_ROLES: &[&str] = &[
    "champion",
    "champions",
    "semifinalist",
    "semifinalists",
    "semi-finalist",
    "finalist",
    "finalists",
    "runner-up",
    "winner",
    "winners",
    "titleholder",
    "junior",
    "juniors",
];

/// Words that make a market index of the name before them ("the Velmor index").
const INDEX_WORDS: &[&str] = &["index", "indices", "indexes", "average", "averages"];
/// Words that may stand between a name and its index word ("Velmor share index", "Velmor
/// industrial average").
const INDEX_QUALIFIERS: &[&str] =
    &["share", "stock", "industrial", "composite", "blue-chip", "benchmark", "all-share"];

/// Title heads that take a portfolio before them ("Fisheries Minister").
const PORTFOLIO_HEADS: &[&str] = &["minister", "ministers", "secretary", "secretaries"];

/// How the name at `start..end` of `tokens` is used as a modifier there, if it is.
pub(super) fn modifier_use(
    text: &str,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    stats: &WordStats,
) -> Option<ModifierUse> {
    let first = &tokens[start];
    let last = &tokens[end - 1];
    if is_compound_adjective(&text[..first.range.start], &text[last.range.end..]) {
        return Some(ModifierUse::CompoundAdjective);
    }
    let next = tokens.get(end).filter(|t| t.gap == Gap::Space && t.is_lowercase());
    let gazetteer = Gazetteer::get();
    // A country before "champion" names its team or its title ("the Norland champion"), a
    // place all the same: only names that are no country are read as competitions.
    if let Some(next) = next
        && COMPETITION_ROLES.contains(&next.folded.as_ref())
        && end - start == 1
        && gazetteer.place(&first.folded).is_none()
    {
        return Some(ModifierUse::CompetitionTitle);
    }
    if next.is_some() && is_followed_by_index_word(tokens, end) {
        return Some(ModifierUse::MarketIndex);
    }
    if is_portfolio(tokens, start, end, stats) {
        return Some(ModifierUse::Portfolio);
    }
    None
}

/// "Brinmoor-based" (a hyphen, then a lowercase word that is no joining particle) or
/// "pro-Brinmoor" (an adjective prefix and a hyphen right before the name).
fn is_compound_adjective(before: &str, after: &str) -> bool {
    let tail: String = after
        .strip_prefix('-')
        .map(|rest| rest.chars().take_while(|c| c.is_alphabetic()).collect())
        .unwrap_or_default();
    let adjective_tail = tail.chars().next().is_some_and(char::is_lowercase)
        && tail.len() >= 3
        && !JOINING_PARTICLES.contains(&tail.as_str());
    let prefix = before.strip_suffix('-').map(|rest| {
        // The word before the hyphen, after the last character that is no letter (which may
        // be wider than a byte: a no-break space).
        let start = rest
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        rest[start..].to_lowercase()
    });
    adjective_tail || prefix.is_some_and(|p| ADJECTIVE_PREFIXES.contains(&p.as_str()))
}

/// "X index", "X share index", "X industrial average".
fn is_followed_by_index_word(tokens: &[Token<'_>], end: usize) -> bool {
    let mut at = end;
    while let Some(token) = tokens.get(at).filter(|t| t.gap == Gap::Space && at - end < 3) {
        if INDEX_WORDS.contains(&token.folded.as_ref()) {
            return true;
        }
        if !INDEX_QUALIFIERS.contains(&token.folded.as_ref()) {
            return false;
        }
        at += 1;
    }
    false
}

/// "Fisheries Minister", "Lands and Fisheries Minister": capitalised words the archive
/// otherwise writes in lower case, right before a minister's or secretary's title (through
/// "and" and other such words).
fn is_portfolio(tokens: &[Token<'_>], start: usize, end: usize, stats: &WordStats) -> bool {
    let ordinary = |t: &Token<'_>| {
        stats.is_mostly_lowercase(&t.folded) && !Gazetteer::get().is_first_name(&t.folded)
    };
    if !tokens[start..end].iter().all(ordinary) {
        return false;
    }
    let mut at = end;
    while let Some(token) = tokens.get(at).filter(|t| t.gap == Gap::Space || t.folded == "and") {
        if PORTFOLIO_HEADS.contains(&token.folded.as_ref()) {
            return token.is_capitalised();
        }
        if !(token.folded == "and" || (token.is_capitalised() && ordinary(token))) {
            return false;
        }
        at += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::{DetectOptions, Detection, Rejection, WordStats, detect_block, tokenize};
    use super::*;
    use crate::annotate::markdown::parse_prose;

    /// How detection read `name` in `text`, the archive being `text` and `archive`: the
    /// modifier use it was refused for, or `None` when it was taken as a name.
    fn use_of(text: &str, name: &str, archive: &str) -> Option<ModifierUse> {
        let mut stats = WordStats::default();
        for block in parse_prose(archive).blocks.iter().chain(parse_prose(text).blocks.iter()) {
            stats.add_tokens(&tokenize(&block.text));
        }
        let options = DetectOptions { stop_names: Default::default() };
        let mut detection = Detection::default();
        for block in parse_prose(text).blocks {
            detect_block(&block, &tokenize(&block.text), &stats, &options, &mut detection);
        }
        if detection.candidates.iter().any(|c| c.surface == name) {
            return None;
        }
        match detection.rejected.iter().find(|r| r.surface == name).map(|r| r.reason) {
            Some(Rejection::Modifier(used)) => Some(used),
            other => panic!("{name} in {text:?}: neither a name nor a modifier ({other:?})"),
        }
    }

    #[test]
    fn a_name_in_a_compound_adjective_is_no_mention() {
        let based = "Yesterday the Brinmoor-based lender raised its rates.";
        assert_eq!(use_of(based, "Brinmoor", ""), Some(ModifierUse::CompoundAdjective));
        let pro = "Fighting broke out between pro-Norland militias and the army.";
        assert_eq!(use_of(pro, "Norland", ""), Some(ModifierUse::CompoundAdjective));
        // A particle joins a name; two names joined by a hyphen are both names.
        assert_eq!(use_of("He flew to Dar-e-Noor on Monday.", "Dar-e-Noor", ""), None);
        assert_eq!(use_of("The Norland-Sudavia talks resumed.", "Norland", ""), None);
        assert_eq!(use_of("The lender moved to Brinmoor last year.", "Brinmoor", ""), None);
        // Regression: a no-break space before the prefix (two bytes) once cut a character.
        let spaced = "Fighting broke out between\u{a0}pro-Norland militias.";
        assert_eq!(use_of(spaced, "Norland", ""), Some(ModifierUse::CompoundAdjective));
        assert_eq!(use_of("The talks with\u{a0}al-Norland began.", "al-Norland", ""), None);
    }

    #[test]
    fn a_competition_named_by_its_title_holder_is_no_mention() {
        let champion = "She beat the former Lakeside champion in three sets.";
        assert_eq!(use_of(champion, "Lakeside", ""), Some(ModifierUse::CompetitionTitle));
        let finalist = "Yesterday the Lakeside semifinalist withdrew with an injury.";
        assert_eq!(use_of(finalist, "Lakeside", ""), Some(ModifierUse::CompetitionTitle));
        // A country before "champion" still names the country (or its team).
        assert_eq!(use_of("Then the Norway champion won again.", "Norway", ""), None);
        assert_eq!(use_of("She played at Lakeside in June.", "Lakeside", ""), None);
    }

    #[test]
    fn a_market_index_is_no_mention_of_its_exchange() {
        let index = "Yesterday the Velmor share index fell 12 points.";
        assert_eq!(use_of(index, "Velmor", ""), Some(ModifierUse::MarketIndex));
        let average = "Yesterday the Velmor Brink industrial average rose.";
        assert_eq!(use_of(average, "Velmor Brink", ""), Some(ModifierUse::MarketIndex));
        assert_eq!(use_of("Shares of Velmor fell on average.", "Velmor", ""), None);
    }

    #[test]
    fn an_ordinary_word_before_a_ministers_title_is_a_portfolio() {
        // Written in lower case more often than not, but too rarely to be a common noun
        // that qualifies a title by itself.
        let archive = "fisheries and lands are managed well; fisheries and lands matter.";
        let minister = "Yesterday Fisheries Minister Lena Brook resigned.";
        assert_eq!(use_of(minister, "Fisheries", archive), Some(ModifierUse::Portfolio));
        let joined = "Yesterday the Lands and Fisheries Minister spoke.";
        assert_eq!(use_of(joined, "Lands", archive), Some(ModifierUse::Portfolio));
        // A name the archive capitalises stays a name ("Norland Minister ..." is Norland's).
        assert_eq!(
            use_of("Yesterday Norland Minister Lena Brook resigned.", "Norland", archive),
            None
        );
    }
}
