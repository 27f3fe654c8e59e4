//! Sports reports: the words that tell one, so a city's name there can be read as its team.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::super::fold::fold;
use super::tokens::Token;
use super::{Detection, Rejected, Rejection};

/// Words only sports reports use. An article with two of them reports games, where a city's
/// name, never said to be a place there, stands for its team ("Seattle beat Boston").
pub const SPORTS_WORDS: &[&str] = &[
    "innings",
    "wicket",
    "wickets",
    "inning",
    "homer",
    "homers",
    "homered",
    "batsman",
    "batsmen",
    "bowler",
    "bowlers",
    "pitcher",
    "pitchers",
    "striker",
    "strikers",
    "midfielder",
    "midfielders",
    "goalkeeper",
    "rbi",
    "seeded",
    "quarterfinal",
    "quarterfinals",
    "semifinal",
    "semifinals",
    "unbeaten",
    "standings",
    "halftime",
    "goalless",
    "equaliser",
    "equalizer",
    "touchdown",
    "quarterback",
    "batting",
    "bowling",
    "playoff",
    "playoffs",
    "pennant",
    "scored",
    "season",
    "soccer",
    "defender",
    "defenders",
    "winger",
    "relegation",
    "qualifier",
    "qualifiers",
    "seeds",
];

/// Records the sports words among `tokens` in `out`, and marks every candidate of the article
/// so far once it reads as a sports report (two such words).
pub(super) fn note_sports_words(tokens: &[Token<'_>], out: &mut Detection) {
    static INDEX: OnceLock<FxHashMap<&'static str, u32>> = OnceLock::new();
    let index = INDEX.get_or_init(|| SPORTS_WORDS.iter().zip(0..).map(|(w, i)| (*w, i)).collect());
    for token in tokens {
        // Every sports word is 3 to 12 letters long.
        if (3..=12).contains(&token.folded.len())
            && let Some(&bit) = index.get(token.folded.as_ref())
        {
            out.sports_words |= 1 << bit;
        }
    }
    if out.sports_words.count_ones() >= 2 {
        out.candidates.iter_mut().for_each(|c| c.in_sports_report = true);
        let (competitions, names) = std::mem::take(&mut out.candidates)
            .into_iter()
            .partition(|c| names_a_league(&c.surface));
        out.candidates = names;
        out.rejected.extend(competitions.into_iter().map(|c: super::Candidate| Rejected {
            surface: c.surface,
            reason: Rejection::EventOrDocument,
        }));
    }
}

/// "National League", "Eastern Division" in a sports report: a competition, not a body (a
/// report on games names the leagues it plays in, not the bodies that run them).
fn names_a_league(surface: &str) -> bool {
    let folded = fold(surface);
    let words: Vec<&str> = folded.split(' ').collect();
    words.len() >= 2 && matches!(words[words.len() - 1], "league" | "division" | "conference")
}

#[cfg(test)]
mod tests {
    use super::super::{DetectOptions, WordStats, detect_block, tokenize};
    use super::*;
    use crate::annotate::markdown::parse_prose;

    fn names(text: &str) -> Vec<String> {
        let options = DetectOptions { stop_names: Default::default() };
        let mut detection = Detection::default();
        for block in parse_prose(text).blocks {
            let tokens = tokenize(&block.text);
            detect_block(&block, &tokens, &WordStats::default(), &options, &mut detection);
        }
        detection.candidates.into_iter().map(|c| c.surface).collect()
    }

    #[test]
    fn a_league_in_a_sports_report_is_a_competition() {
        let report =
            "The pitcher threw two innings as Velton took the lead in the American League.";
        assert_eq!(names(report), ["Velton"]);
        // Outside sport it is a body.
        assert_eq!(names("They met the Velmor League in June."), ["Velmor League"]);
    }
}
