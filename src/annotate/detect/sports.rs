//! Sports reports: the words that tell one, so a city's name there can be read as its team.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::Detection;
use super::tokens::Token;

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
    }
}
