//! The phrase around a name, read for its kind: "the town of X", "residents of X", "X, the
//! provincial capital" say X is a place, whatever X looks like, "X, a farmer" a person and "X, a
//! charity" an organisation; a verb after "in X" belongs to someone else ("officials in X
//! said").

use super::super::markdown::Block;
use super::tokens::{Gap, Token};
use crate::model::EntityKind;

/// Nouns that make the name after "N of" a place: "the town of X", "residents of X".
const PLACE_OF: &[&str] = &[
    "town",
    "towns",
    "city",
    "cities",
    "village",
    "villages",
    "district",
    "districts",
    "province",
    "provinces",
    "port",
    "capital",
    "outskirts",
    "suburbs",
    "residents",
    "inhabitants",
    "people",
    "governor",
    "mayor",
];

/// Head nouns of an appositive that make the name before it a place: "X, the provincial
/// capital", "X, a mountainous province", "X, the district's main town".
const PLACE_HEADS: &[&str] = &[
    "town", "city", "village", "district", "province", "port", "capital", "region", "crossing",
    "valley", "hub", "suburb", "township", "oasis",
];

/// Head nouns of an appositive that make the name before it an organisation: "X, a
/// volunteer-run organisation", "X, the armed group".
const ORG_HEADS: &[&str] = &[
    "organisation",
    "organization",
    "group",
    "party",
    "movement",
    "agency",
    "charity",
    "network",
    "militia",
    "coalition",
    "alliance",
    "company",
    "firm",
    "newspaper",
    "outlet",
    "broadcaster",
    "ngo",
    "union",
    "council",
    "committee",
    "foundation",
    "institute",
    "faction",
    "wing",
];

/// Head nouns of an appositive that make the name before it a person: "X, a farmer", "X, the
/// provincial governor's spokesman".
const PERSON_HEADS: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "governor",
    "commander",
    "leader",
    "activist",
    "farmer",
    "teacher",
    "journalist",
    "reporter",
    "researcher",
    "analyst",
    "director",
    "official",
    "officer",
    "elder",
    "cleric",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "widow",
    "husband",
    "brother",
    "sister",
    "student",
    "nurse",
    "doctor",
    "lawyer",
    "judge",
    "president",
    "envoy",
    "ambassador",
    "diplomat",
    "founder",
    "chief",
    "writer",
    "poet",
    "economist",
    "professor",
    "scholar",
    "trader",
    "driver",
    "resident",
    "man",
    "woman",
];

/// Heads of a locative appositive that make the name before it a place: "X, on the Moei
/// river,", "X, on the border with Y".
const LOCATIVE_HEADS: &[&str] = &[
    "river", "coast", "border", "bank", "banks", "shore", "shores", "frontier", "highway", "road",
    "plain", "lake", "sea",
];

/// Words that end a noun phrase: its head is the word before them.
const PHRASE_ENDS: &[&str] = &[
    "of", "in", "on", "at", "near", "that", "which", "who", "whose", "whom", "and", "with",
    "where", "for", "from", "to", "by", "since", "until", "as",
];

/// Words before a name that make it the object of a phrase, not the subject of the verb after
/// it ("residents of X said", "officials in X told").
const PREPOSITIONS: &[&str] = &[
    "of", "in", "from", "at", "to", "near", "into", "across", "inside", "outside", "around", "via",
    "with", "for", "by", "on", "towards",
];

/// Whether the phrase around the name at `start..end` makes it a place: "N of X" with a place
/// noun N (also for every item of a list after it: "residents of X, Y and Z"), an appositive
/// after it whose head is a place noun ("X, the regional capital"), or one that places it
/// ("X, on the Moei river").
pub fn in_place_phrase(block: &Block, tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    place_noun_of_before(block, tokens, start)
        || place_appositive_after(block, tokens, end)
        || locative_appositive_after(block, tokens, end)
}

/// Whether the word before the name is a preposition, so a verb after the name is not the
/// name's ("residents of X said").
pub fn is_object_of_preposition(tokens: &[Token<'_>], start: usize) -> bool {
    start > 0
        && tokens[start].gap == Gap::Space
        && PREPOSITIONS.contains(&tokens[start - 1].folded.as_ref())
}

fn between<'b>(block: &'b Block, tokens: &[Token<'_>], a: usize, b: usize) -> &'b str {
    &block.text[tokens[a].range.end..tokens[b].range.start]
}

/// "N of X": steps back over the items of a list ("of X, Y and Z") to the "of".
fn place_noun_of_before(block: &Block, tokens: &[Token<'_>], start: usize) -> bool {
    let mut at = start;
    // At most a few list items back.
    for _ in 0..8 {
        if at < 2 {
            return false;
        }
        let previous = &tokens[at - 1];
        let gap = between(block, tokens, at - 1, at);
        if previous.folded == "of" && gap == " " {
            return between(block, tokens, at - 2, at - 1) == " "
                && PLACE_OF.contains(&tokens[at - 2].folded.as_ref());
        }
        let list_step = (previous.is_capitalised() && matches!(gap, " " | ", "))
            || (matches!(previous.folded.as_ref(), "and" | "or") && gap == " ");
        if !list_step {
            return false;
        }
        at -= 1;
    }
    false
}

/// "X, the [modifiers] N ..." or "X, a [modifiers] N ...": the head N is a place noun.
fn place_appositive_after(block: &Block, tokens: &[Token<'_>], end: usize) -> bool {
    let starts = end < tokens.len()
        && between(block, tokens, end - 1, end) == ", "
        && matches!(tokens[end].folded.as_ref(), "the" | "a" | "an");
    starts && appositive_head(block, tokens, end + 1).is_some_and(|h| PLACE_HEADS.contains(&h))
}

/// What an appositive after the name says it is, a person or an organisation ("X, a farmer",
/// "X, a volunteer-run organisation"); places are [`in_place_phrase`]'s.
pub fn described_as(
    block: &Block,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
) -> Option<EntityKind> {
    if is_named_with_org_noun(tokens, start, end) {
        return Some(EntityKind::Org);
    }
    let starts = end < tokens.len()
        && between(block, tokens, end - 1, end) == ", "
        && matches!(tokens[end].folded.as_ref(), "the" | "a" | "an");
    let head = appositive_head(block, tokens, end + 1).filter(|_| starts)?;
    if PERSON_HEADS.contains(&head) {
        Some(EntityKind::Person)
    } else if ORG_HEADS.contains(&head) {
        Some(EntityKind::Org)
    } else {
        None
    }
}

/// Nouns for a body that name it when they stand right before its name: "the daily Velmor
/// Post", "consulting firm Brink Harlow", "Hamburg side Velton".
const ORG_NOUNS_BEFORE: &[&str] = &[
    "daily",
    "dailies",
    "weekly",
    "newspaper",
    "newspapers",
    "magazine",
    "paper",
    "tabloid",
    "broadcaster",
    "agency",
    "firm",
    "company",
    "group",
    "conglomerate",
    "bankers",
    "carrier",
    "airline",
    "club",
    "side",
];
/// Of those, the ones that name the body also right after its name ("the Velmor Post daily");
/// "the Riverton club" and "the Riverton group" may be a place's club or group.
const ORG_NOUNS_AFTER: &[&str] =
    &["daily", "weekly", "newspaper", "magazine", "tabloid", "broadcaster"];

/// "daily X", "X newspaper": an organisation's noun, lower case, next to the name ("X's
/// side" is X's, not X).
fn is_named_with_org_noun(tokens: &[Token<'_>], start: usize, end: usize) -> bool {
    let is_noun =
        |t: &Token<'_>, nouns: &[&str]| t.is_lowercase() && nouns.contains(&t.folded.as_ref());
    let before = start > 0
        && tokens[start].gap == Gap::Space
        && is_noun(&tokens[start - 1], ORG_NOUNS_BEFORE);
    let after = !tokens[end - 1].possessive
        && tokens.get(end).is_some_and(|t| t.gap == Gap::Space && is_noun(t, ORG_NOUNS_AFTER));
    before || after
}

/// "X, on the [modifiers] N": the head N is a river, coast, border, ...
fn locative_appositive_after(block: &Block, tokens: &[Token<'_>], end: usize) -> bool {
    let starts = end + 1 < tokens.len()
        && between(block, tokens, end - 1, end) == ", "
        && tokens[end].folded == "on"
        && tokens[end + 1].folded == "the";
    starts && appositive_head(block, tokens, end + 2).is_some_and(|h| LOCATIVE_HEADS.contains(&h))
}

/// The head of the noun phrase starting at `from`: its last word before a function word or
/// punctuation (a possessor, "the district's main town", is a modifier), in lower case: "X,
/// the State Committee ... said" starts a new clause, it describes nothing.
fn appositive_head<'t>(block: &Block, tokens: &'t [Token<'_>], from: usize) -> Option<&'t str> {
    let mut head = None;
    for (index, token) in tokens.iter().enumerate().skip(from).take(5) {
        // Words, hyphens and possessives only between words ("a volunteer-run group", "the
        // district's main town").
        let joined = index == from
            || between(block, tokens, index - 1, index)
                .chars()
                .all(|c| matches!(c, ' ' | '-' | '\'' | '’') || c.is_alphanumeric());
        if !joined || PHRASE_ENDS.contains(&token.folded.as_ref()) {
            break;
        }
        head = Some(index);
    }
    head.map(|h| &tokens[h])
        .filter(|t| !t.possessive && t.is_lowercase())
        .map(|t| t.folded.as_ref())
}

#[cfg(test)]
mod tests {
    use super::super::{DetectOptions, Detection, WordStats, detect_block, tokenize};
    use super::*;
    use crate::annotate::markdown::parse_prose;

    fn described(text: &str) -> Vec<(String, Option<EntityKind>)> {
        let mut stats = WordStats::default();
        let blocks = parse_prose(text).blocks;
        blocks.iter().for_each(|b| stats.add_tokens(&tokenize(&b.text)));
        let options = DetectOptions { stop_names: Default::default() };
        let mut detection = Detection::default();
        for block in &blocks {
            detect_block(block, &tokenize(&block.text), &stats, &options, &mut detection);
        }
        detection.candidates.into_iter().map(|c| (c.surface, c.described_as)).collect()
    }

    #[test]
    fn a_bodys_noun_next_to_a_name_makes_it_an_organisation() {
        let org = Some(EntityKind::Org);
        assert_eq!(
            described("it was in the daily Velmor Post today."),
            [("Velmor Post".into(), org)]
        );
        assert_eq!(described("the Velmor Post daily said so."), [("Velmor Post".into(), org)]);
        assert_eq!(described("said consulting firm Brink Harlow."), [("Brink Harlow".into(), org)]);
        assert_eq!(
            described("said Hamburg side Velton."),
            [("Hamburg".into(), None), ("Velton".into(), org)]
        );
        // A verb between says nothing, nor a possessive: "Lena Brook's side" is hers.
        assert_eq!(described("as Lena Brook said."), [("Lena Brook".into(), None)]);
        assert_eq!(described("then Lena Brook's side lost."), [("Lena Brook".into(), None)]);
    }
}
