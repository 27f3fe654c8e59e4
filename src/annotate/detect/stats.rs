//! Word statistics over the whole archive, gathered before detection: how often each word is
//! written in lower case and capitalised inside a sentence, and which words the archive calls a
//! people.

use rustc_hash::{FxHashMap, FxHashSet};

use super::super::gazetteer::Gazetteer;
use super::tokens::{Gap, Token};

/// How often each folded word appears in lower case, and capitalised inside a sentence,
/// across the archive: a word written in lower case elsewhere and capitalised only at the start
/// of sentences is an ordinary word, not a name.
#[derive(Debug, Default)]
pub struct WordStats {
    counts: FxHashMap<String, (u32, u32)>,
    /// Capitalised words the archive calls a people: "ethnic Karen", "the Turi tribe".
    peoples: FxHashSet<String>,
}

/// Words after a people's name that say it is one ("the Kuchi nomads", "a Turi tribe").
const PEOPLE_NOUNS: &[&str] =
    &["minority", "minorities", "tribe", "tribes", "tribesmen", "clan", "clans", "nomads"];

impl WordStats {
    pub fn add_tokens(&mut self, tokens: &[Token<'_>]) {
        for (index, token) in tokens.iter().enumerate() {
            if token.is_capitalised() && !token.possessive && names_a_people(tokens, index) {
                self.peoples.insert(token.folded.to_string());
            }
            let (lower, capital) =
                (token.is_lowercase(), token.gap != Gap::Sentence && token.is_capitalised());
            if !lower && !capital {
                continue;
            }
            let counts = match self.counts.get_mut(token.folded.as_ref()) {
                Some(counts) => counts,
                None => self.counts.entry(token.folded.to_string()).or_default(),
            };
            if lower {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
    }

    pub fn merge(&mut self, other: WordStats) {
        for (word, (lower, capital)) in other.counts {
            let entry = self.counts.entry(word).or_default();
            entry.0 += lower;
            entry.1 += capital;
        }
        self.peoples.extend(other.peoples);
    }

    /// Called a people somewhere in the archive ("ethnic X", "the X minority").
    pub(super) fn is_people(&self, folded: &str) -> bool {
        self.peoples.contains(folded)
    }

    /// Written in lower case somewhere, and never capitalised inside a sentence.
    pub(super) fn is_ordinary_word(&self, folded: &str) -> bool {
        self.counts.get(folded).is_some_and(|&(lower, capital)| lower > 0 && capital == 0)
    }

    /// Written in lower case more often than capitalised inside a sentence.
    pub(super) fn is_mostly_lowercase(&self, folded: &str) -> bool {
        self.counts.get(folded).is_some_and(|&(lower, capital)| lower > capital)
    }

    /// Written in lower case somewhere, and at least as often as capitalised inside a sentence.
    pub(super) fn written_lowercase_as_often(&self, folded: &str) -> bool {
        self.counts.get(folded).is_some_and(|&(lower, capital)| lower > 0 && lower >= capital)
    }

    /// Written in lower case at least three times as often as capitalised inside a sentence
    /// (and at least three times): a common noun, even where a heading or a title capitalised it.
    pub(super) fn is_common_noun(&self, folded: &str) -> bool {
        self.counts.get(folded).is_some_and(|&(lower, capital)| lower >= 3 && lower >= 3 * capital)
    }

    /// Capitalised inside sentences at least `n` times.
    pub(super) fn capitalised_at_least(&self, folded: &str, n: u32) -> bool {
        self.counts.get(folded).is_some_and(|&(_, capital)| capital >= n)
    }
}

/// Whether the capitalised word at `index` is written as a people's name: right after
/// "ethnic", or alone before a word for a people ("the Turi tribe", "Kuchi nomads").
fn names_a_people(tokens: &[Token<'_>], index: usize) -> bool {
    let word_at =
        |i: usize| tokens.get(i).filter(|t| t.gap == Gap::Space).map(|t| t.folded.as_ref());
    let after_ethnic =
        index > 0 && tokens[index].gap == Gap::Space && tokens[index - 1].folded == "ethnic";
    // Not the last word of a longer name ("the Banu Hashim clan"), but after a religion or
    // nationality ("the Shia Turi tribe").
    let alone = index == 0
        || tokens[index].gap != Gap::Space
        || !tokens[index - 1].is_capitalised()
        || Gazetteer::get().is_demonym(&tokens[index - 1].folded);
    let before_people_noun = alone && word_at(index + 1).is_some_and(|w| PEOPLE_NOUNS.contains(&w));
    after_ethnic || before_people_noun
}
