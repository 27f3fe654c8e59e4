//! Newswire datelines: a paragraph that opens with a place in capitals, then a date, an agency
//! or a dash ("RIVERTON 1998-03-14", "PORT ELLIS, Norland 1998-03-14", "RIVERTON, March 14
//! (Wire) -", "RIVERTON — ..."). The place is a place whatever its capitals suggest (they make
//! it look like an acronym or a heading), and the region after its comma is one too.

use super::super::gazetteer::{Gazetteer, StopClass};
use super::tokens::{Gap, Token};

/// At most this many words in capitals name the place ("SAN JUAN DE LOS MORROS" is rare).
const MAX_PLACE_WORDS: usize = 4;
/// At most this many words name the region after the comma ("Costa Rica", "Calif.").
const MAX_REGION_WORDS: usize = 3;

/// The number of leading tokens that name the dateline's place and region, if the block opens
/// with a dateline.
pub fn dateline_tokens(text: &str, tokens: &[Token<'_>]) -> Option<usize> {
    let gazetteer = Gazetteer::get();
    let is_place_word =
        |t: &Token<'_>| t.is_acronym() && !t.text.chars().any(|c| c.is_ascii_digit());
    let mut end = 0;
    while end < tokens.len()
        && end < MAX_PLACE_WORDS
        && (end == 0 || tokens[end].gap == Gap::Space)
        && is_place_word(&tokens[end])
    {
        end += 1;
    }
    if end == 0 || tokens[0].range.start != 0 {
        return None;
    }
    let between = |a: usize, b: usize| &text[tokens[a].range.end..tokens[b].range.start];
    // ", Region": capitalised words after the comma, never a month ("LONDON, March 14").
    if end < tokens.len() && between(end - 1, end).trim_end() == "," {
        let mut region_end = end;
        while region_end < tokens.len()
            && region_end - end < MAX_REGION_WORDS
            && (region_end == end || between(region_end - 1, region_end) == " ")
            && tokens[region_end].is_capitalised()
            && !tokens[region_end].is_acronym()
            && gazetteer.stop_class(&tokens[region_end].folded) != Some(StopClass::Calendar)
        {
            region_end += 1;
        }
        if region_end > end {
            end = region_end;
        } else if !starts_with_month(tokens, end) {
            return None;
        }
    }
    let rest = text[tokens[end - 1].range.end..].trim_start_matches(['.', ',', ' ']);
    let opens_date_or_agency =
        starts_with_iso_date(rest) || starts_with_month(tokens, end) || starts_with_dash(rest) || {
            // "(Wire) -": an agency in brackets, then the dash that opens the story.
            rest.strip_prefix('(')
                .and_then(|r| r.split_once(')'))
                .is_some_and(|(_, after)| starts_with_dash(after.trim_start()))
        };
    opens_date_or_agency.then_some(end)
}

fn starts_with_dash(text: &str) -> bool {
    ["— ", "– ", "- ", "-- "].iter().any(|dash| text.starts_with(dash))
}

fn starts_with_month(tokens: &[Token<'_>], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| {
        Gazetteer::get().stop_class(&t.folded) == Some(StopClass::Calendar)
            && tokens.get(at + 1).is_some_and(|n| n.text.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// "1998-03-14" at the start of the text.
fn starts_with_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..10]
            .iter()
            .enumerate()
            .all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn place_words(text: &str) -> Option<Vec<String>> {
        let tokens = tokenize(text);
        dateline_tokens(text, &tokens)
            .map(|n| tokens[..n].iter().map(|t| t.text.to_string()).collect())
    }

    #[test]
    fn reads_the_place_of_a_dateline() {
        assert_eq!(place_words("RIVERTON 1998-03-14"), Some(vec!["RIVERTON".into()]));
        assert_eq!(
            place_words("PORT ELLIS, Norland 1998-03-14"),
            Some(vec!["PORT".into(), "ELLIS".into(), "Norland".into()])
        );
        assert_eq!(
            place_words("RIVERTON, March 14 (Wire) - The council met."),
            Some(vec!["RIVERTON".into()])
        );
        assert_eq!(
            place_words("RIVERTON, Norland (Wire) — The council met."),
            Some(vec!["RIVERTON".into(), "Norland".into()])
        );
    }

    #[test]
    fn other_lines_in_capitals_are_no_dateline() {
        assert_eq!(place_words("NORLAND COUNCIL MEETS"), None);
        assert_eq!(place_words("RIVERTON"), None);
        assert_eq!(place_words("The RIVERTON 1998-03-14"), None);
        assert_eq!(place_words("UN officials said on 1998-03-14"), None);
        assert_eq!(place_words("ACME, the maker of widgets, said"), None);
        assert_eq!(place_words("UN (United Nations) staff left"), None);
    }
}
