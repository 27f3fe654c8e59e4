//! Detection: prose text → candidate names, each with its evidence (titles stripped from it,
//! the words around it), and every capitalised run that was *not* taken, with the rule that
//! rejected it (kept so `gloss annotate --explain` can tell the real reason).
//!
//! A candidate is a run of capitalised words, joined by name particles (al-, bin, van, e) and,
//! inside organisation names, by "of", "for", "the" and "and" ("Women's International League
//! for Peace and Freedom"). Titles are stripped but kept as evidence ("Acting Foreign Minister
//! Amir Khan Muttaqi"); possessives end a name ("Taliban's"); months, demonyms ("Afghan men"),
//! sentence-initial ordinary words and headings in capitals are not names.

use std::ops::Range;

use super::classify::{context_word, is_person_verb};
use super::fold::fold;
use super::gazetteer::{Gazetteer, StopClass};
use super::markdown::Block;
use crate::model::EntityKind;

mod context;
mod dateline;
mod headline;
mod modifiers;
mod not_names;
mod runs;
mod second_names;
mod sports;
mod stats;
mod tokens;
pub use headline::{KnownNames, detect_source, detect_title, reads_as_headline};
pub use modifiers::ModifierUse;
use not_names::{
    EVENT_HEADS, GENERIC_INSTITUTIONS, is_function_contraction, is_plural_acronym,
    is_shouted_label, names_event_or_document,
};
use runs::{caps_heading_tokens, extend_run, run_text};
pub use second_names::abbreviates;
use second_names::second_name_definition;
pub use sports::SPORTS_WORDS;
use sports::note_sports_words;
pub use stats::WordStats;
pub use tokens::{Gap, Token, tokenize};

/// Why a capitalised run is not (all) a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rejection {
    /// An ordinary word capitalised because it starts a sentence.
    SentenceInitial,
    /// A function word ("However", "The").
    FunctionWord,
    /// A month, weekday or festival.
    Calendar,
    /// A word for an idea, scripture or deity.
    Concept,
    /// An adjective of nationality, religion or direction used as a word ("Afghan men").
    Demonym,
    /// Only a title, with no name after it ("the Supreme Leader").
    TitleOnly,
    /// Part of a heading written in capitals.
    CapsHeading,
    /// A single letter.
    SingleLetter,
    /// An event, document, law, era or slogan ("Doha Agreement", "Cold War").
    EventOrDocument,
    /// A common noun: one written in lower case far more often ("Gold is ..."), or the plural
    /// of an acronym ("NGOs").
    CommonNoun,
    /// Listed in `stop_names` in gloss.toml.
    StopName,
    /// Mentioned fewer times in the archive than `min_mentions`.
    TooFewMentions,
    /// Listed in the article's `nolink`.
    NoLink,
    /// Written as a modifier of something else ("Brinmoor-based", "the Lakeside champion").
    Modifier(ModifierUse),
}

impl Rejection {
    pub fn describe(self) -> &'static str {
        match self {
            Rejection::SentenceInitial => {
                "an ordinary word capitalised because it starts a sentence"
            }
            Rejection::FunctionWord => "a function word",
            Rejection::Calendar => "a month, weekday or festival",
            Rejection::Concept => {
                "a word for an idea, scripture or deity, not a person, organisation or place"
            }
            Rejection::Demonym => {
                "an adjective of nationality, religion or direction used as a word"
            }
            Rejection::TitleOnly => "a title with no name after it",
            Rejection::CapsHeading => "part of a heading written in capitals",
            Rejection::SingleLetter => "a single letter",
            Rejection::EventOrDocument => {
                "an event, document, law, era or slogan (Agreement, War, Law, ... First), not a \
                 person, organisation or place"
            }
            Rejection::CommonNoun => {
                "a common noun (written in lower case far more often, or the plural of an acronym)"
            }
            Rejection::StopName => "listed in stop_names in gloss.toml",
            Rejection::TooFewMentions => "mentioned fewer times in the archive than min_mentions",
            Rejection::NoLink => "listed in the article's nolink",
            Rejection::Modifier(used) => used.describe(),
        }
    }
}

/// A name found in the text.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The name as written, without titles or possessive.
    pub surface: String,
    /// Byte range in the article body; `None` when the name runs across a line break and so
    /// cannot be linked in place.
    pub range: Option<Range<usize>>,
    /// Titles stripped from before it, folded ("acting foreign minister").
    pub titles: Vec<String>,
    /// Words just before and after, for classification by context (only the context words
    /// classification knows: "in", "the", "said", ...).
    pub before: Option<&'static str>,
    pub after: Option<&'static str>,
    pub sentence_initial: bool,
    /// The acronym of a name defined in place, "(HAC)" right after "Humanitarian Aid
    /// Commission": the same mention again, so it does not count as a second one.
    pub restates: bool,
    /// Next to a known place in a list ("Erbil and Duhok", "Sanaa, Hodeidah and Saada").
    pub listed_with_place: bool,
    /// In a phrase that makes it a place: "the town of X", "X, the provincial capital".
    pub place_phrase: bool,
    /// Said by an appositive to be a person or an organisation: "X, a farmer", "X, a charity".
    pub described_as: Option<EntityKind>,
    /// The place of a newswire dateline ("RIVERTON 1998-03-14"), or its region.
    pub dateline: bool,
    /// A name of several words whose first word the archive writes mostly in lower case ("Red
    /// Cross", "Dream Team"): a thing's name more than a person's.
    pub common_first_word: bool,
    /// In an article that reads as a sports report (see [`SPORTS_WORDS`]).
    pub in_sports_report: bool,
    /// In the title (front matter): a mention that counts, but with no place in the body and
    /// no words around it that say what it is.
    pub in_title: bool,
}

/// A capitalised run (or part of one) that was not taken as a name.
#[derive(Clone, Debug)]
pub struct Rejected {
    pub surface: String,
    pub reason: Rejection,
}

/// "Long Form (ACR)" or "Long Form, or ACR" seen in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcronymDefinition {
    pub long: String,
    pub acronym: String,
}

/// Everything detection found in one block or article.
#[derive(Debug, Default)]
pub struct Detection {
    pub candidates: Vec<Candidate>,
    pub rejected: Vec<Rejected>,
    pub acronyms: Vec<AcronymDefinition>,
    /// Which of [`SPORTS_WORDS`] the article uses, one bit each.
    pub sports_words: u64,
}

/// Detection settings from the site configuration.
pub struct DetectOptions {
    /// Folded names never taken as entities.
    pub stop_names: std::collections::HashSet<String>,
}

const PARTICLES: &[&str] = &[
    "al", "el", "ul", "bin", "ibn", "bint", "e", "de", "van", "von", "der", "den", "da", "di",
    "du", "la", "le", "dos", "del",
];

/// Finds the candidate names in one block of prose.
pub fn detect_block(
    block: &Block,
    tokens: &[Token<'_>],
    stats: &WordStats,
    options: &DetectOptions,
    out: &mut Detection,
) {
    let gazetteer = Gazetteer::get();
    let mut shouting = caps_heading_tokens(tokens);
    // A dateline's place in capitals is a name, not a heading.
    let dateline_end = dateline::dateline_tokens(&block.text, tokens).unwrap_or(0);
    shouting[..dateline_end].iter_mut().for_each(|s| *s = false);
    let is_name_token = |index: usize| {
        let token = &tokens[index];
        (token.is_capitalised() || token.is_acronym())
            && !token.tagged
            && gazetteer.stop_class(&token.folded) != Some(StopClass::Calendar)
            && token.text.chars().next().is_some_and(|c| !c.is_numeric())
    };
    // The acronym just defined by the run before it, with the token where it stands.
    let mut defined: Option<(usize, String)> = None;
    let mut i = 0;
    while i < tokens.len() {
        if !is_name_token(i) {
            if tokens[i].is_capitalised()
                && gazetteer.stop_class(&tokens[i].folded) == Some(StopClass::Calendar)
            {
                out.rejected.push(Rejected {
                    surface: tokens[i].text.to_string(),
                    reason: Rejection::Calendar,
                });
            }
            i += 1;
            continue;
        }
        let end = extend_run(tokens, i, &is_name_token);
        if shouting[i] {
            out.rejected.push(Rejected {
                surface: run_text(block, tokens, i, end),
                reason: Rejection::CapsHeading,
            });
        } else {
            let mut found = Vec::new();
            analyse_run(block, tokens, i, end, stats, options, &mut found, out);
            if i < dateline_end {
                found.iter_mut().for_each(|candidate| candidate.dateline = true);
            }
            if let Some((at, acronym)) = defined.take()
                && at == i
                && let [only] = found.as_mut_slice()
                && only.surface == acronym
            {
                only.restates = true;
            }
            if let Some(definition) = second_name_definition(block, tokens, end, &found) {
                defined = tokens[end..]
                    .iter()
                    .position(|t| t.text == definition.acronym)
                    .filter(|&offset| offset <= 1)
                    .map(|offset| (end + offset, definition.acronym.clone()));
                out.acronyms.push(definition);
            }
            out.candidates.extend(found);
        }
        i = end;
    }
    note_sports_words(tokens, out);
}

/// Strips function words, sentence-initial ordinary words and titles from a run, splits it at
/// a title inside it, and records what is left as candidates (or why nothing is).
#[allow(clippy::too_many_arguments)]
fn analyse_run(
    block: &Block,
    tokens: &[Token<'_>],
    mut start: usize,
    end: usize,
    stats: &WordStats,
    options: &DetectOptions,
    found: &mut Vec<Candidate>,
    out: &mut Detection,
) {
    let gazetteer = Gazetteer::get();
    let sentence_initial = tokens[start].gap == Gap::Sentence;
    // Leading function words ("The Taliban", "However Kabul").
    while start < end
        && !tokens[start].is_acronym()
        && gazetteer.stop_class(&tokens[start].folded) == Some(StopClass::Function)
    {
        start += 1;
    }
    if start == end {
        return;
    }
    // A block that is only this run is a line of its own (a byline, a credit): no sentence
    // capitalised its first word.
    let own_line = end - start >= 2
        && end == tokens.len()
        && tokens[..start]
            .iter()
            .all(|t| gazetteer.stop_class(&t.folded) == Some(StopClass::Function));
    if sentence_initial
        && !own_line
        && tokens[start].gap == Gap::Sentence
        && is_ordinary_opener(&tokens[start], end - start, stats)
    {
        out.rejected.push(Rejected {
            surface: tokens[start].text.to_string(),
            reason: Rejection::SentenceInitial,
        });
        start += 1;
        if start == end {
            return;
        }
    }
    // "the American Jane Doe", "South African Thandi Mokoena": a nationality before a given
    // name describes the person and is no part of the name.
    if let Some(demonym_end) = (start + 1..=(start + 2).min(end.saturating_sub(2))).find(|&e| {
        let phrase: Vec<&str> = tokens[start..e].iter().map(|t| t.folded.as_ref()).collect();
        gazetteer.is_demonym(&phrase.join(" ")) && gazetteer.is_first_name(&tokens[e].folded)
    }) {
        out.rejected.push(Rejected {
            surface: run_text(block, tokens, start, demonym_end),
            reason: Rejection::Demonym,
        });
        start = demonym_end;
    }
    // "Attendance: 30,000", "Fax: ...": a word before a colon that opens a block labels what
    // follows, unless the archive capitalises it inside sentences too.
    if start == 0
        && end == 1
        && block.text[tokens[0].range.end..].starts_with(':')
        && gazetteer.place(&tokens[0].folded).is_none()
        && !stats.capitalised_at_least(&tokens[0].folded, 1)
    {
        out.rejected.push(Rejected {
            surface: tokens[0].text.to_string(),
            reason: Rejection::SentenceInitial,
        });
        return;
    }
    // "Hamas Musa Abu Marzooq", "for Afghanistan Mohammad Sadiq": a name that stands alone
    // elsewhere, run into a person's name that starts with a given name.
    if end - start >= 3
        && gazetteer.is_first_name(&tokens[start + 1].folded)
        && !gazetteer.is_place_or_city(&format!(
            "{} {}",
            tokens[start].folded,
            tokens[start + 1].folded
        ))
        && !gazetteer.is_first_name(&tokens[start].folded)
        && !gazetteer.is_title_head(&tokens[start].folded)
        && !gazetteer.is_title_modifier(&tokens[start].folded)
        && (stats.capitalised_at_least(&tokens[start].folded, 3)
            || gazetteer.place(&tokens[start].folded).is_some())
    {
        push_candidate(
            block,
            tokens,
            start,
            start + 1,
            Vec::new(),
            sentence_initial,
            stats,
            options,
            found,
            out,
        );
        start += 1;
    }
    let folded: Vec<&str> = tokens[start..end].iter().map(|t| t.folded.as_ref()).collect();
    let org_like = head_is_cue(&folded);
    // Where an institution's complement starts ("of India" in "Reserve Bank of India").
    let complement =
        folded.iter().position(|w| matches!(*w, "of" | "for" | "on")).map(|o| start + o);
    // Titles: at the start they are evidence; further in they split the run
    // ("Taliban Foreign Minister Amir Khan Muttaqi").
    let mut titles = Vec::new();
    let mut name_start = start;
    let mut p = start;
    while p < end {
        let Some(title_end) = title_at(tokens, p, end, stats) else {
            p += 1;
            continue;
        };
        let remainder_is_org = head_is_cue(
            &tokens[title_end..end].iter().map(|t| t.folded.as_ref()).collect::<Vec<_>>(),
        );
        // A title after an institution's complement starts a person's name: "Reserve Bank of
        // India Governor Anil Rao"; one before it is part of the name ("General Directorate").
        let after_complement = complement.is_some_and(|c| p > c + 1) && title_end < end;
        if remainder_is_org || (org_like && p > start && !after_complement) {
            p = title_end;
            continue;
        }
        if p > name_start {
            push_candidate(
                block,
                tokens,
                name_start,
                p,
                Vec::new(),
                sentence_initial && name_start == start,
                stats,
                options,
                found,
                out,
            );
        }
        let title =
            tokens[p..title_end].iter().map(|t| t.folded.as_ref()).collect::<Vec<_>>().join(" ");
        if title_end == end {
            if titles.is_empty() && p == name_start {
                out.rejected.push(Rejected {
                    surface: run_text(block, tokens, p, title_end),
                    reason: Rejection::TitleOnly,
                });
            }
            return;
        }
        titles.push(title);
        name_start = title_end;
        p = title_end;
    }
    let word = &tokens[name_start];
    // "the Kuchi", when the archive speaks of "Kuchi nomads": a people, not an entity.
    if end - name_start == 1 && titles.is_empty() && stats.is_people(&word.folded) {
        out.rejected.push(Rejected { surface: word.text.to_string(), reason: Rejection::Demonym });
        return;
    }
    // "Gold is ...", "the People of ...": one ordinary word, however capitalised, names nothing.
    if end - name_start == 1
        && titles.is_empty()
        && !word.is_acronym()
        && gazetteer.place(&word.folded).is_none()
        && stats.is_common_noun(&word.folded)
    {
        out.rejected
            .push(Rejected { surface: word.text.to_string(), reason: Rejection::CommonNoun });
        return;
    }
    push_candidate(
        block,
        tokens,
        name_start,
        end,
        titles,
        sentence_initial && name_start == start,
        stats,
        options,
        found,
        out,
    );
}

/// Whether the first word of a sentence-initial run is an ordinary word capitalised by its
/// place: written in lower case elsewhere and never capitalised inside a sentence (or, alone,
/// mostly lower case), or shaped like an adverb or gerund ("Currently", "Seizing").
fn is_ordinary_opener(token: &Token<'_>, run_len: usize, stats: &WordStats) -> bool {
    let gazetteer = Gazetteer::get();
    if token.is_acronym()
        || gazetteer.place(&token.folded).is_some()
        || gazetteer.is_first_name(&token.folded)
    {
        return false;
    }
    let shaped = token.folded.len() > 5
        && (token.folded.ends_with("ly") || token.folded.ends_with("ing"))
        && !stats.capitalised_at_least(&token.folded, 1);
    // "Interview with ...", where only "interviews" is written in lower case: the plural or
    // singular of an ordinary word, never capitalised inside a sentence itself.
    let folded = token.folded.as_ref();
    let other_number =
        folded.strip_suffix('s').map_or_else(|| format!("{folded}s"), str::to_string);
    let ordinary_in_other_number = folded.len() > 3
        && !stats.capitalised_at_least(folded, 1)
        && stats.is_ordinary_word(&other_number);
    shaped
        || stats.is_ordinary_word(folded)
        || ordinary_in_other_number
        || (run_len == 1 && stats.is_mostly_lowercase(folded))
}

/// Whether the head of a name (its last word before "of"/"for") is a cue word: such a run is
/// an organisation or place name, whose title-like words are part of it.
fn head_is_cue(folded: &[&str]) -> bool {
    let gazetteer = Gazetteer::get();
    let head_end =
        folded.iter().position(|w| matches!(*w, "of" | "for" | "on")).unwrap_or(folded.len());
    head_end > 0 && gazetteer.cue_kind(folded[head_end - 1]).is_some()
}

/// The end of a title starting at `p` (modifiers ending in a head), if one does.
fn title_at(tokens: &[Token<'_>], p: usize, end: usize, stats: &WordStats) -> Option<usize> {
    let gazetteer = Gazetteer::get();
    // "Farm Commissioner", "Public Prosecutor": a common noun or adjective of the archive, no
    // institution's word, qualifies a title as its listed modifiers do.
    let ordinary_modifier = |word: &str| {
        stats.is_common_noun(word)
            && gazetteer.cue_kind(word).is_none()
            && gazetteer.place(word).is_none()
            && !gazetteer.is_first_name(word)
    };
    let mut title_end = None;
    let mut q = p;
    while q < end {
        // Multi-word heads first ("Amir al-Mu'minin").
        let mut phrase = tokens[q].folded.to_string();
        let mut matched_phrase = None;
        for (r, token) in tokens.iter().enumerate().take(end.min(q + 4)).skip(q + 1) {
            phrase.push(' ');
            phrase.push_str(&token.folded);
            if gazetteer.is_title_phrase(&phrase) {
                matched_phrase = Some(r + 1);
            }
        }
        if let Some(after) = matched_phrase {
            title_end = Some(after);
            q = after;
            continue;
        }
        let word = tokens[q].folded.as_ref();
        if gazetteer.is_title_head(word) {
            title_end = Some(q + 1);
        } else if !gazetteer.is_title_modifier(word) && !ordinary_modifier(word) {
            break;
        }
        q += 1;
    }
    title_end
}

#[allow(clippy::too_many_arguments)]
fn push_candidate(
    block: &Block,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    titles: Vec<String>,
    sentence_initial: bool,
    stats: &WordStats,
    options: &DetectOptions,
    found: &mut Vec<Candidate>,
    out: &mut Detection,
) {
    let gazetteer = Gazetteer::get();
    let surface = run_text(block, tokens, start, end);
    let words = &tokens[start..end];
    let reject = |reason| Rejected { surface: surface.clone(), reason };
    if words.len() == 1 {
        let word = &words[0];
        let single_letter = word.text.chars().filter(|c| c.is_alphabetic()).count() == 1;
        // Capitals make "US" a name, not the pronoun; "TV" stays a common noun.
        let stop_class = match gazetteer.stop_class(&word.folded) {
            Some(StopClass::Function) if word.is_acronym() => None,
            other => other,
        };
        let reason = match stop_class {
            Some(StopClass::Function) => Some(Rejection::FunctionWord),
            // "We've", "She'll": a pronoun's contraction (folded, "She'll" would read "shell").
            _ if is_function_contraction(word.text) => Some(Rejection::FunctionWord),
            Some(StopClass::Concept) => Some(Rejection::Concept),
            Some(StopClass::Calendar) => Some(Rejection::Calendar),
            None if gazetteer.is_demonym(&word.folded) => Some(Rejection::Demonym),
            None if is_plural_acronym(word.text) => Some(Rejection::CommonNoun),
            // "the Bank", "Co": an institution word alone names no one institution.
            None if GENERIC_INSTITUTIONS.contains(&word.folded.as_ref()) => {
                Some(Rejection::CommonNoun)
            }
            None if single_letter => Some(Rejection::SingleLetter),
            // "War" left of "post-Cold War": a head of events alone names nothing.
            None if EVENT_HEADS.contains(&word.folded.as_ref())
                && !matches!(word.folded.as_ref(), "north" | "south" | "first") =>
            {
                Some(Rejection::EventOrDocument)
            }
            None => None,
        };
        if let Some(reason) = reason {
            out.rejected.push(reject(reason));
            return;
        }
    } else if gazetteer.is_demonym(&fold(&surface))
        || words
            .iter()
            .all(|w| gazetteer.stop_class(&w.folded).is_some() || gazetteer.is_demonym(&w.folded))
    {
        out.rejected.push(reject(Rejection::Concept));
        return;
    }
    if is_shouted_label(words, stats) {
        out.rejected.push(reject(Rejection::CapsHeading));
        return;
    }
    if words.len() > 1 && names_event_or_document(words) {
        out.rejected.push(reject(Rejection::EventOrDocument));
        return;
    }
    if options.stop_names.contains(&fold(&surface)) {
        out.rejected.push(reject(Rejection::StopName));
        return;
    }
    if let Some(used) = modifiers::modifier_use(&block.text, tokens, start, end, stats) {
        out.rejected.push(reject(Rejection::Modifier(used)));
        return;
    }
    let text_range = tokens[start].range.start..tokens[end - 1].range.end;
    let before = (tokens[start].gap == Gap::Space && start > 0)
        .then(|| context_word(&tokens[start - 1].folded))
        .flatten();
    let after = tokens
        .get(end)
        .filter(|t| t.gap == Gap::Space)
        .and_then(|t| context_word(&t.folded))
        // "Residents of X said": the verb is not X's.
        .filter(|w| !(is_person_verb(w) && context::is_object_of_preposition(tokens, start)));
    found.push(Candidate {
        surface,
        range: block.body_range(text_range),
        titles,
        before,
        after,
        sentence_initial,
        restates: false,
        listed_with_place: listed_with_place(block, tokens, start, end),
        place_phrase: context::in_place_phrase(block, tokens, start, end),
        described_as: context::described_as(block, tokens, start, end),
        dateline: false,
        common_first_word: end - start > 1
            && !gazetteer.is_first_name(&tokens[start].folded)
            && stats.is_mostly_lowercase(&tokens[start].folded),
        in_sports_report: false,
        in_title: false,
    });
}

/// Whether the name at `start..end` stands in a list with a known place: "X and Kabul",
/// "Kabul, X", "Kabul, Y and X" (items of one word joined by commas, "and" or "or").
fn listed_with_place(block: &Block, tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let gazetteer = Gazetteer::get();
    let is_item = |i: usize| tokens[i].is_capitalised() || tokens[i].is_acronym();
    let is_place = |i: usize| is_item(i) && gazetteer.place(&tokens[i].folded).is_some();
    let between = |a: usize, b: usize| &block.text[tokens[a].range.end..tokens[b].range.start];
    let is_conjunction = |i: usize| matches!(tokens[i].folded.as_ref(), "and" | "or");
    // The item before the one ending at `first` (its first token), if the list goes on.
    let previous_item = |first: usize| -> Option<usize> {
        if first >= 1 && between(first - 1, first) == ", " {
            return Some(first - 1);
        }
        (first >= 2
            && is_conjunction(first - 1)
            && between(first - 1, first) == " "
            && matches!(between(first - 2, first - 1), " " | ", "))
        .then(|| first - 2)
    };
    // The item after the one ending at `last` (its last token), if the list goes on.
    let next_item = |last: usize| -> Option<usize> {
        if last + 1 < tokens.len() && between(last, last + 1) == ", " {
            return Some(last + 1);
        }
        (last + 2 < tokens.len()
            && is_conjunction(last + 1)
            && matches!(between(last, last + 1), " " | ", ")
            && between(last + 1, last + 2) == " ")
            .then_some(last + 2)
    };
    let mut at = start;
    while let Some(item) = previous_item(at).filter(|&i| is_item(i)) {
        if is_place(item) {
            return true;
        }
        at = item;
    }
    let mut at = end - 1;
    while let Some(item) = next_item(at).filter(|&i| is_item(i)) {
        if is_place(item) {
            return true;
        }
        at = item;
    }
    false
}

#[cfg(test)]
mod tests;
