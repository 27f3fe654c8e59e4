//! Where a capitalised run starts and ends: name words joined by particles and, inside an
//! institution's name, by "of", "for", "the", "and" and "in"; a possessive ends it; three or
//! more words in capitals are a heading.

use super::super::gazetteer::{Gazetteer, StopClass};
use super::super::markdown::Block;
use super::PARTICLES;
use super::not_names::EVENT_HEADS;
use super::tokens::{Gap, Token};
use crate::model::EntityKind;

/// The end (exclusive) of the name run starting at `start`.
pub(super) fn extend_run(
    tokens: &[Token<'_>],
    start: usize,
    is_name_token: &impl Fn(usize) -> bool,
) -> usize {
    let gazetteer = Gazetteer::get();
    let mut last = start;
    let mut has_of = false;
    loop {
        if tokens[last].possessive && !is_plural_possessive(&tokens[last]) {
            break;
        }
        let next = last + 1;
        if next >= tokens.len() || tokens[next].gap != Gap::Space {
            break;
        }
        let initial_then_word = tokens[last].text.ends_with('.')
            && tokens[last].text.chars().filter(|c| c.is_alphabetic()).count() == 1
            && gazetteer.stop_class(&tokens[next].folded) == Some(StopClass::Function);
        if initial_then_word {
            break;
        }
        if is_name_token(next) {
            last = next;
            continue;
        }
        // Up to two connectors ("of the") between name words.
        let mut k = next;
        let mut allowed = true;
        let mut adds_of = false;
        while k < tokens.len()
            && k < next + 2
            && tokens[k].gap == Gap::Space
            && tokens[k].is_lowercase()
        {
            let word = tokens[k].folded.as_ref();
            let ok = match word {
                // "Ministry of ...", and an event's "of" ("World Series of Golf", "Law of
                // the Sea"), so the event takes its complement with it.
                "of" | "for" => {
                    adds_of = true;
                    has_of
                        || gazetteer.cue_kind(&tokens[last].folded).is_some()
                        || EVENT_HEADS.contains(&tokens[last].folded.as_ref())
                }
                // "Office on Drugs and Crime", "Commission on Human Rights"; not after an
                // event ("a Conference on Norland" leaves Norland a name of its own).
                "on" => {
                    adds_of = true;
                    let head = tokens[last].folded.as_ref();
                    k == next
                        && gazetteer.cue_kind(head) == Some(EntityKind::Org)
                        && !EVENT_HEADS.contains(&head)
                }
                // "of the", "for the"; and a gerund's object in an institution's remit
                // ("Fund for Saving the Aral Sea").
                "the" => k > next || (has_of && is_gerund(&tokens[last])),
                "and" => {
                    has_of
                        || joins_known_place(tokens, last, k + 2)
                        || (last == start && k == next && cue_headed_run_follows(tokens, k + 1))
                }
                // "Organisation for Security and Cooperation in Europe": the place an
                // institution's remit is in ends its name.
                "in" => {
                    has_of
                        && k == next
                        && tokens.get(k + 1).is_some_and(|t| {
                            Gazetteer::get().place(&t.folded).is_some()
                                && tokens
                                    .get(k + 2)
                                    .is_none_or(|n| n.gap != Gap::Space || !n.is_capitalised())
                        })
                }
                _ => PARTICLES.contains(&word),
            };
            allowed &= ok;
            k += 1;
            if k < tokens.len() && tokens[k].gap == Gap::Space && is_name_token(k) {
                break;
            }
        }
        if allowed
            && k < tokens.len()
            && k > next
            && tokens[k].gap == Gap::Space
            && is_name_token(k)
        {
            has_of |= adds_of;
            last = k;
            continue;
        }
        break;
    }
    last + 1
}

/// Whether the capitalised words from `at` end in an organisation's cue word: "Securities and
/// Exchange Commission", "Food and Drug Administration" are one name.
fn cue_headed_run_follows(tokens: &[Token<'_>], at: usize) -> bool {
    let mut end = at;
    while end < tokens.len()
        && (end == at || tokens[end].gap == Gap::Space)
        && tokens[end].is_capitalised()
    {
        end += 1;
    }
    end > at
        && !tokens[end - 1].possessive
        && Gazetteer::get().cue_kind(&tokens[end - 1].folded) == Some(EntityKind::Org)
}

/// "Saving", "Protecting": a capitalised word shaped like a gerund.
fn is_gerund(token: &Token<'_>) -> bool {
    token.folded.len() > 5 && token.folded.ends_with("ing")
}

/// "Women's", "Children's", "Students'": possessive plurals that sit inside names.
fn is_plural_possessive(token: &Token<'_>) -> bool {
    matches!(token.folded.as_ref(), "women" | "men" | "children" | "people")
        || token.text.ends_with('s')
}

/// Tokens inside a run of three or more words in capitals, which is a heading, not acronyms.
pub(super) fn caps_heading_tokens(tokens: &[Token<'_>]) -> Vec<bool> {
    let mut shouting = vec![false; tokens.len()];
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start;
        while end < tokens.len()
            && tokens[end].is_acronym()
            && (end == start || tokens[end].gap != Gap::Sentence)
        {
            end += 1;
        }
        if end - start >= 3 {
            shouting[start..end].iter_mut().for_each(|s| *s = true);
        }
        start = end.max(start + 1);
    }
    shouting
}

pub(super) fn run_text(block: &Block, tokens: &[Token<'_>], start: usize, end: usize) -> String {
    block.text[tokens[start].range.start..tokens[end - 1].range.end].to_string()
}

/// Whether "X and Y" (X ending at `last`, Y ending before `end`) is one known place:
/// "Sistan and Baluchistan", "Bosnia and Herzegovina".
fn joins_known_place(tokens: &[Token<'_>], last: usize, end: usize) -> bool {
    let phrase = tokens[last..end.min(tokens.len())]
        .iter()
        .map(|t| t.folded.as_ref())
        .collect::<Vec<_>>()
        .join(" ");
    Gazetteer::get().place(&phrase).is_some()
}
