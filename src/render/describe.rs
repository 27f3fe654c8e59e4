//! Who is who, from the archive: the descriptions an article's own sentences give of an entity
//! it mentions ("Jo Bloggs, the council's chief planner, said", "harbour master Jo Bloggs",
//! "the town's mayor, Jo Bloggs, said"), found while the article is analysed, and the one line
//! chosen for each entity out of all of them.
//!
//! Precision first: a phrase is taken only when its shape says it describes the name beside
//! it, and dropped when it reads as a list of names, a clause ("the ministry said") or a time.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::model::EntityKind;

mod words;
use words::{
    DETERMINERS, FUNCTION_WORDS, HONORIFICS, MODIFIERS, OPENERS, ORGANISATIONS, PEOPLE, PLACES,
    PREPOSITIONS, RANKS, ROLES, TIME_WORDS, VERBS,
};

/// Longest description kept, in words.
const MAX_WORDS: usize = 12;

/// One description of an entity in one article, and the paragraph it is in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Described {
    /// Index into [`super::Analysis::entities`].
    pub entity: u32,
    /// Index into [`super::Analysis::anchors`].
    pub anchor: u32,
    pub text: String,
}

/// How much of the sentence on each side of a name is read, in bytes. A description is a few
/// words; reading no more keeps one sentence with thousands of mentions linear to analyse.
const WINDOW: usize = 300;

/// The descriptions of the entity named by `shown`, from the words of its sentence `before`
/// and `after` it (as written: punctuation kept).
pub fn describe(before: &str, shown: &str, after: &str, kind: EntityKind) -> Vec<String> {
    let (before, before_cut) = last_bytes(before, WINDOW);
    let (after, _) = first_bytes(after, WINDOW);
    let mut found = Vec::new();
    if let Some(text) = appositive_after(before, after, kind) {
        found.push(text);
    }
    if let Some(text) = appositive_before(before, after, before_cut, kind) {
        found.push(text);
    }
    if kind == EntityKind::Person
        && let Some(text) = title_before(before)
    {
        found.push(text);
    }
    // A description that is only the entity's own name says nothing.
    let own = key_of(shown);
    found.retain(|text| key_of(text) != own);
    found.dedup_by(|a, b| key_of(a) == key_of(b));
    found
}

/// "X, the …, said": the phrase after the comma that follows the name.
fn appositive_after(before: &str, after: &str, kind: EntityKind) -> Option<String> {
    // "Fenwick, [Brill], the county town": the name qualifies the one before it.
    let previous = before.trim_end().strip_suffix(',').and_then(|b| b.split_whitespace().last());
    if previous.is_some_and(is_capitalised) {
        return None;
    }
    let rest = after.strip_prefix(',')?.trim_start();
    // "X, 45, a teacher": an age between the name and the description.
    let rest = match rest.split_once(',') {
        Some((age, tail)) if !age.is_empty() && age.trim().chars().all(|c| c.is_ascii_digit()) => {
            tail.trim_start()
        }
        _ => rest,
    };
    let (phrase, _) = cut_at_boundary(rest)?;
    let phrase = cut_relative_clause(phrase);
    let words: Vec<&str> = phrase.split_whitespace().collect();
    let first = lower(words.first()?);
    let opens_well = DETERMINERS.contains(&first.as_str())
        || is_role(&first)
        || MODIFIERS.contains(&first.as_str())
        || is_possessive(words[0]);
    (opens_well && is_description(&words, kind)).then(|| tidy(&words))
}

/// "the …, X, said": the phrase before the comma that precedes the name, which a second
/// comma closes, followed by a lower-case word (not a list of names). `cut`: `before` is the
/// end of a longer text, so its start is no phrase boundary.
fn appositive_before(before: &str, after: &str, cut: bool, kind: EntityKind) -> Option<String> {
    let closing = after.strip_prefix(',')?.trim_start();
    if !closing.chars().next().is_some_and(char::is_lowercase) {
        return None;
    }
    let before = before.trim_end().strip_suffix(',')?;
    let boundary = before.rfind([',', ';', ':', '(', ')', '"', '“', '”', '—', '–']);
    if boundary.is_none() && cut {
        return None;
    }
    let start = boundary.map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let segment: Vec<&str> = before[start..].split_whitespace().collect();
    // The first phrase from a determiner on that reads as a description ("a statement by
    // the board's chief pilot, Jo Bloggs, said": the second).
    (0..segment.len())
        .filter(|&at| DETERMINERS.contains(&lower(segment[at]).as_str()))
        .find_map(|at| description_before(&segment[at..], kind))
}

/// [`appositive_before`] for the words from one determiner to the comma.
fn description_before(words: &[&str], kind: EntityKind) -> Option<String> {
    let mut words = words;
    // "the funeral of the port's harbour master, Jo Bloggs": the phrase after "of" names him.
    if let Some(of) = words.iter().position(|w| *w == "of")
        && !is_head(words[..of].last().copied().unwrap_or(""), kind)
    {
        words = &words[of + 1..];
        let opens_well = words
            .first()
            .is_some_and(|w| DETERMINERS.contains(&lower(w).as_str()) || is_possessive(w));
        if !opens_well {
            return None;
        }
    }
    // A capitalised word before the comma is a name: "talks in Brill, Fenland, began".
    let last = words.last()?;
    (is_description(words, kind) && (!is_capitalised(last) || is_role(&bare(last))))
        .then(|| tidy(words))
}

/// "IEA spokesperson X", "the country's deputy foreign minister X": a title right before a
/// person's name, ending in a role.
fn title_before(before: &str) -> Option<String> {
    if before.ends_with(|c: char| !c.is_whitespace()) && !before.is_empty() {
        return None;
    }
    let mut words: Vec<&str> = before.split_whitespace().collect();
    // Forms of address, and military ranks written as part of the name ("General Bloggs").
    while words.last().is_some_and(|w| {
        HONORIFICS.contains(&bare(w).as_str())
            || is_capitalised(w) && RANKS.contains(&bare(w).as_str())
    }) {
        words.pop();
    }
    let role = words.last()?;
    if !is_role(&bare(role)) || !is_plain_word(role) {
        return None;
    }
    let mut start = words.len() - 1;
    while start > 0 && words.len() - start < 6 {
        let word = words[start - 1];
        let folded = bare(word);
        let titled = is_plain_word(word)
            && (MODIFIERS.contains(&folded.as_str())
                || is_role(&folded)
                || is_possessive(word)
                || is_acronym(word)
                || is_capitalised(word) && !OPENERS.contains(&folded.as_str()));
        if !titled {
            break;
        }
        start -= 1;
    }
    if start > 0 && DETERMINERS.contains(&lower(words[start - 1]).as_str()) {
        start -= 1;
    }
    let title = &words[start..];
    let content = title.iter().filter(|w| !is_function_word(w)).count();
    (content >= 2 && !title.iter().any(|w| is_verb(w))).then(|| tidy(title))
}

/// The last `n` bytes of `text` or a little fewer (at a character boundary), and whether any
/// were left out.
fn last_bytes(text: &str, n: usize) -> (&str, bool) {
    if text.len() <= n {
        return (text, false);
    }
    let mut start = text.len() - n;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    (&text[start..], true)
}

/// The first `n` bytes of `text` or a little fewer (at a character boundary), and whether any
/// were left out.
fn first_bytes(text: &str, n: usize) -> (&str, bool) {
    if text.len() <= n {
        return (text, false);
    }
    let mut end = n;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// The phrase up to the next comma, bracket, dash or quote, or the sentence's end; `None`
/// when a quote opens first (the words are someone's speech).
fn cut_at_boundary(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let end = text
        .match_indices([',', ';', ':', '(', ')', '—', '–', '"', '“', '”', '!', '?'])
        .find(|&(at, mark)| {
            // "a town of 28,000": a comma inside a number.
            let in_number = mark == ","
                && at > 0
                && bytes[at - 1].is_ascii_digit()
                && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
            !in_number
        })
        .map_or(text.len(), |(at, _)| at);
    if text[end..].starts_with(['"', '“', '”']) {
        return None;
    }
    let phrase = text[..end].trim_end().trim_end_matches('.');
    Some((phrase, &text[end..]))
}

/// "the man who led them" → "the man".
fn cut_relative_clause(phrase: &str) -> &str {
    let mut end = phrase.len();
    for marker in [" who ", " which ", " that ", " whose ", " whom ", " where "] {
        if let Some(at) = phrase.find(marker) {
            end = end.min(at);
        }
    }
    phrase[..end].trim_end()
}

/// Whether `words` read as a description: a few words, some content in lower case (a run of
/// names is no description), no verb, no time, no list of names, not ending mid-phrase.
fn is_description(words: &[&str], kind: EntityKind) -> bool {
    if words.len() < 2 || words.len() > MAX_WORDS {
        return false;
    }
    let content: Vec<&&str> = words.iter().filter(|w| !is_function_word(w)).collect();
    let lower_content = content.iter().filter(|w| !is_capitalised(w) && !is_acronym(w)).count();
    let ends_well = words.last().is_some_and(|w| !is_function_word(w) && !w.ends_with('-'));
    let lists_names = words
        .windows(2)
        .any(|pair| matches!(lower(pair[0]).as_str(), "and" | "or") && is_capitalised(pair[1]));
    // The head: the last word before the phrase after it ("the mayor | of Brill").
    let head_at = words.iter().position(|w| PREPOSITIONS.contains(&lower(w).as_str()));
    let head = head_at.map_or(words.last(), |at| at.checked_sub(1).map(|h| &words[h]));
    content.len() >= 2
        && head.is_some_and(|w| is_head(w, kind))
        && lower_content >= 1
        && ends_well
        && !lists_names
        && words.iter().all(|w| is_plain_word(w))
        && !words.iter().any(|w| is_verb(w) || TIME_WORDS.contains(&bare(w).as_str()))
}

/// Words joined by single spaces, a sentence-initial determiner in lower case.
fn tidy(words: &[&str]) -> String {
    let mut text = words.join(" ");
    if let Some(first) = words.first()
        && DETERMINERS.contains(&lower(first).as_str())
    {
        text.replace_range(..first.len(), &lower(first));
    }
    text
}

fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// A word in lower case, without the punctuation around it or a possessive "'s".
fn bare(word: &str) -> String {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
    word.trim_end_matches('.').to_lowercase()
}

fn is_role(folded: &str) -> bool {
    ROLES.contains(&folded)
}

/// Whether a description may end on `word` (a role, or a noun of its kind), the last part of a
/// hyphenated word counting ("peace-building organisation", "co-founder").
fn is_head(word: &str, kind: EntityKind) -> bool {
    let folded = bare(word);
    let last = folded.rsplit('-').next().unwrap_or(&folded);
    let forms = [folded.as_str(), last];
    match kind {
        EntityKind::Person => {
            // Agent nouns by their ending: "fisherman", "activist", "historian".
            let agent = ["man", "woman", "person", "ist", "ian"]
                .iter()
                .any(|end| last.len() > end.len() + 2 && last.ends_with(end));
            agent || forms.iter().any(|w| is_role(w) || PEOPLE.contains(w))
        }
        EntityKind::Place => forms.iter().any(|w| PLACES.contains(w)),
        EntityKind::Org => forms.iter().any(|w| ORGANISATIONS.contains(w)),
    }
}

fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&bare(word).as_str())
}

fn is_verb(word: &str) -> bool {
    VERBS.contains(&bare(word).as_str())
}

fn is_capitalised(word: &str) -> bool {
    word.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
}

/// "IEA", "U.S.", "UN": two or more capitals, nothing in lower case.
fn is_acronym(word: &str) -> bool {
    let letters = word.trim_end_matches("'s").trim_end_matches("’s");
    letters.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !letters.chars().any(char::is_lowercase)
}

fn is_possessive(word: &str) -> bool {
    word.len() > 2 && (word.ends_with("'s") || word.ends_with("’s") || word.ends_with("s'"))
}

/// Letters, digits and the marks inside words (hyphen, apostrophe, full stop of "U.S.").
fn is_plain_word(word: &str) -> bool {
    let number = word.starts_with(|c: char| c.is_ascii_digit()) && !word.ends_with(',');
    word.chars().all(|c| {
        c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '&') || number && c == ','
    })
}

/// How descriptions are compared: lower case, letters and digits, an opening determiner and
/// possessive marks left out ("The IEA's spokesman" = "the IEA spokesman").
pub fn key_of(text: &str) -> String {
    let mut words: Vec<String> =
        text.split_whitespace().map(bare).filter(|w| !w.is_empty()).collect();
    if words.first().is_some_and(|w| DETERMINERS.contains(&w.as_str())) {
        words.remove(0);
    }
    words
        .iter()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// One description of an entity the archive gives, and where it was found first: the newest
/// article in the site's order that gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate<'a> {
    pub text: &'a str,
    pub article: usize,
    pub anchor: &'a str,
    /// How many articles give it.
    pub articles: usize,
}

/// What an editor said about an entity's descriptions in its front matter.
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice<'a> {
    /// `description_pin`: the description to show, when the archive gives it.
    pub pin: Option<&'a str>,
    /// `description_reject`: descriptions never to show (`"*"`: none of the archive's).
    pub reject: &'a [String],
}

/// An entity's descriptions, one per meaning, the chosen one first: most articles giving it,
/// then more words (more said), then the newest. `found` is in the site's order, newest
/// first: (article, paragraph anchor, text).
pub fn rank<'a>(found: &[(usize, &'a str, &'a str)], choice: Choice<'_>) -> Vec<Candidate<'a>> {
    if choice.reject.iter().any(|r| r.trim() == "*") {
        return Vec::new();
    }
    let rejected: Vec<String> = choice.reject.iter().map(|r| key_of(r)).collect();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut candidates: Vec<Candidate<'a>> = Vec::new();
    let mut last_article: Vec<Option<usize>> = Vec::new();
    for &(article, anchor, text) in found {
        let key = key_of(text);
        if rejected.contains(&key) {
            continue;
        }
        let at = *by_key.entry(key).or_insert_with(|| {
            candidates.push(Candidate { text, article, anchor, articles: 0 });
            last_article.push(None);
            candidates.len() - 1
        });
        if last_article[at] != Some(article) {
            candidates[at].articles += 1;
            last_article[at] = Some(article);
        }
    }
    let order: Vec<usize> = {
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        let pinned = choice.pin.map(key_of);
        order.sort_by_key(|&i| {
            let c = &candidates[i];
            (
                pinned.as_deref() != Some(key_of(c.text).as_str()),
                std::cmp::Reverse(c.articles),
                std::cmp::Reverse(c.text.split_whitespace().count()),
                i,
            )
        });
        order
    };
    order.into_iter().map(|i| candidates[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The descriptions of the name in brackets: `"[Jo Bloggs], the mayor of Brill, said."`
    fn of(sentence: &str, kind: EntityKind) -> Vec<String> {
        let (before, rest) = sentence.split_once('[').unwrap();
        let (shown, after) = rest.split_once(']').unwrap();
        describe(before, shown, after, kind)
    }

    fn person(sentence: &str) -> Vec<String> {
        of(sentence, EntityKind::Person)
    }

    #[test]
    fn finds_a_description_after_the_name() {
        assert_eq!(
            person("[Jo Bloggs], the mayor of Brill, said on Monday."),
            ["the mayor of Brill"]
        );
        assert_eq!(
            person("Talks with [Ann Roe], the port authority's chief engineer."),
            ["the port authority's chief engineer"]
        );
        assert_eq!(
            person("[Ann Roe], 52, a retired ferry pilot, said."),
            ["a retired ferry pilot"]
        );
        assert_eq!(
            person("[Ann Roe], spokeswoman for the harbour board, said."),
            ["spokeswoman for the harbour board"]
        );
        assert_eq!(
            of("They sailed to [Brill], a fishing town on the east coast.", EntityKind::Place),
            ["a fishing town on the east coast"]
        );
        assert!(
            person("[Ann Roe], the engineer who built the pier, retired.").is_empty(),
            "one content word is too little to say who someone is"
        );
    }

    #[test]
    fn finds_a_description_before_the_name() {
        assert_eq!(
            person("The harbour board's chairman, [Jo Bloggs], said the pier would close."),
            ["the harbour board's chairman"]
        );
        assert_eq!(
            person("According to the town's oldest fisherman, [Jo Bloggs], it rained."),
            ["the town's oldest fisherman"]
        );
        assert_eq!(
            person("They went to the wedding of the mayor's youngest son, [Jo Bloggs], in May."),
            ["the mayor's youngest son"]
        );
        assert_eq!(
            person("A letter sent by the board's chief pilot, [Jo Bloggs], on Monday."),
            ["the board's chief pilot"]
        );
    }

    #[test]
    fn the_head_of_a_description_fits_the_kind_of_entity() {
        let place = |sentence| of(sentence, EntityKind::Place);
        assert_eq!(place("In [Brill], a town of 28,000, it rained."), ["a town of 28,000"]);
        assert!(place("In [Brill], the commander of the garrison said no.").is_empty());
        assert!(place("In [Brill], the commander of the garrison, Jo Bloggs, said no.").is_empty());
        assert_eq!(
            of("[BRB], the harbour's oldest ferry company, grew.", EntityKind::Org),
            ["the harbour's oldest ferry company"]
        );
        assert!(of("[BRB], a fishing town, grew.", EntityKind::Org).is_empty());
    }

    #[test]
    fn finds_a_title_before_a_persons_name() {
        assert_eq!(
            person("Fenland police chief General [Jo Bloggs] came."),
            ["Fenland police chief"]
        );
        assert_eq!(person("Council spokesperson [Ann Roe] said so."), ["Council spokesperson"]);
        assert_eq!(
            person("Meanwhile the council's deputy finance minister [Ann Roe] left."),
            ["the council's deputy finance minister"]
        );
        assert_eq!(person("It was denied by BRB spokesman Mr [Roe]."), ["BRB spokesman"]);
        assert_eq!(person("Harbour Master [Jo Bloggs] agreed."), Vec::<String>::new(), "no role");
        assert!(person("Spokesman [Jo Bloggs] agreed.").is_empty(), "a role alone says too little");
        assert!(
            of("The BRB spokesman [Brill] is no person.", EntityKind::Place).is_empty(),
            "titles describe people"
        );
    }

    #[test]
    fn reads_only_the_words_near_the_name_in_a_long_sentence() {
        let long_run = "and the ferry ran on ".repeat(200);
        let sentence = format!(
            "Trade grew {long_run}while [Ann Roe], spokeswoman for the harbour board, said."
        );
        assert_eq!(person(&sentence), ["spokeswoman for the harbour board"]);
        // A window that starts inside a phrase is no phrase boundary.
        let sentence = format!("The {long_run} harbour board's spokeswoman, [Ann Roe], said so.");
        assert!(person(&sentence).is_empty());
    }

    #[test]
    fn leaves_lists_clauses_and_times_alone() {
        for sentence in [
            "Ships came from [Brill], the Isles and Fenwick.",
            "Ships came from [Brill], Fenwick and the Isles.",
            "It reached [Brill], the ministry said.",
            "It reached [Brill], the council has said.",
            "They left [Brill], the day after the storm.",
            "He met [Ann Roe], the Harbour Board.",
            "He met [Ann Roe], \"the best pilot\", on Monday.",
            "In the capital, [Brill] forces gathered.",
            "After meeting the board's envoy, [Brill], Fenwick and Hale agreed.",
            "After meeting the board's envoy, [Brill] agreed.",
            "He met [Ann Roe], the",
            "When the storm came as a shock, [Ann Roe], a pilot, left.",
            "As the ferry left the harbour, [Brill], it seemed, slept.",
            "Ahead of the spring fair set for May in Fenwick, [Brill], too, got ready.",
            "Ahead of the spring fair in Fenwick, [Brill], too, got ready.",
            "Crops failed in Fenland, [Brill], the county's main apple area.",
        ] {
            assert!(of(sentence, EntityKind::Person).is_empty(), "{sentence}");
        }
    }

    #[test]
    fn compares_descriptions_without_case_determiners_or_possessives() {
        assert_eq!(key_of("The BRB's chief pilot"), key_of("BRB chief pilot"));
        assert_ne!(key_of("the chief pilot"), key_of("a deputy pilot"));
    }

    #[test]
    fn chooses_the_description_most_articles_give_unless_an_editor_says_otherwise() {
        let found = [
            (3, "p-a", "the harbour's chief pilot"),
            (3, "p-b", "the harbour's chief pilot"),
            (5, "p-c", "a retired ferry pilot"),
            (7, "p-d", "the Harbour's chief pilot"),
        ];
        let ranked = rank(&found, Choice::default());
        assert_eq!(ranked[0].text, "the harbour's chief pilot");
        assert_eq!((ranked[0].article, ranked[0].anchor, ranked[0].articles), (3, "p-a", 2));
        assert_eq!(ranked[1].text, "a retired ferry pilot");
        let pin = Choice { pin: Some("A retired ferry pilot"), reject: &[] };
        assert_eq!(rank(&found, pin)[0].text, "a retired ferry pilot");
        let reject = ["the harbour's chief pilot".to_string()];
        let ranked = rank(&found, Choice { pin: None, reject: &reject });
        assert_eq!(ranked.iter().map(|c| c.text).collect::<Vec<_>>(), ["a retired ferry pilot"]);
        let all = ["*".to_string()];
        assert!(rank(&found, Choice { pin: None, reject: &all }).is_empty());
    }
}
