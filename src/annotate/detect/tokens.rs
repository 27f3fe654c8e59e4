//! Words of prose for detection: tokens with their possessive, the punctuation before them,
//! and hyphenated compounds split into the names they join.

use std::borrow::Cow;
use std::ops::Range;

use super::super::fold::{fold, fold_cow};
use super::super::gazetteer::Gazetteer;

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gap {
    /// Start of a block or of a sentence.
    Sentence,
    /// Only spaces.
    Space,
    /// Other punctuation: a comma, quote, bracket, dash or non-prose.
    Punct,
}

/// One word of prose.
#[derive(Clone, Debug)]
pub struct Token<'a> {
    /// The word without a possessive ending.
    pub text: &'a str,
    pub folded: Cow<'a, str>,
    /// Byte range of `text` in the block text.
    pub range: Range<usize>,
    pub possessive: bool,
    pub gap: Gap,
    /// Right after `#` or `@`: a hashtag or handle, not a name.
    pub tagged: bool,
}

impl Token<'_> {
    pub(super) fn is_capitalised(&self) -> bool {
        let starts_upper = |word: &str| match word.as_bytes().first() {
            Some(byte) if byte.is_ascii() => byte.is_ascii_uppercase(),
            _ => word.chars().next().is_some_and(char::is_uppercase),
        };
        // Particles are short, lowercase and hyphenated ("al-"): most words need no stripping.
        let head = &self.text.as_bytes()[..self.text.len().min(4)];
        starts_upper(self.text) || head.contains(&b'-') && starts_upper(strip_particle(self.text))
    }

    /// Two or more letters, all capitals: UN, IEA, U.S., COVID-19.
    pub(super) fn is_acronym(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars().filter(|c| c.is_alphabetic()) {
            if !c.is_uppercase() {
                return false;
            }
            letters += 1;
        }
        letters >= 2
    }

    pub(super) fn is_lowercase(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_lowercase)
    }
}

/// "al-Sham" → "Sham": lowercase Arabic article prefixes do not stop a word being a name.
fn strip_particle(word: &str) -> &str {
    for prefix in
        ["al-", "el-", "ul-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-", "bin-", "ibn-"]
    {
        if let Some(rest) = word.strip_prefix(prefix) {
            return rest;
        }
    }
    word
}

/// Prefixes that make an adjective of the name after their hyphen ("anti-Taliban").
const COMPOUND_PREFIXES: &[&str] = &[
    "anti", "pro", "non", "post", "pre", "ex", "neo", "counter", "pan", "mid", "semi", "ultra",
    "inter", "intra", "trans", "sub", "super", "multi", "quasi", "un",
];

/// "Abdul-Malik", "Kassym-Jomart": two capitalised pieces, each of them a plain word that is
/// no place, nationality, acronym or ordinary word.
fn is_hyphenated_given_name(word: &str) -> bool {
    let gazetteer = Gazetteer::get();
    let pieces: Vec<&str> = word.split('-').collect();
    pieces.len() == 2
        && pieces.iter().all(|piece| {
            let folded = fold(piece);
            let mut chars = piece.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.clone().count() >= 2
                && chars.all(char::is_lowercase)
                && gazetteer.place(&folded).is_none()
                && !gazetteer.is_demonym(&folded)
                && gazetteer.stop_class(&folded).is_none()
                && !COMPOUND_PREFIXES.contains(&folded.as_str())
        })
}

/// "Itar-Tass", "Urus-Martan", "Harper-Collins": capitalised pieces none of which is a known
/// place or city, nationality, title, prefix or function word name one thing; the names a
/// hyphen joins ("Israel-Hamas", "Franco-German", "Iran-Iraq") have a known piece.
fn names_one_thing(word: &str) -> bool {
    let gazetteer = Gazetteer::get();
    let pieces: Vec<&str> = word.split('-').collect();
    pieces.len() >= 2
        && pieces.iter().all(|piece| {
            let folded = fold(piece);
            piece.chars().next().is_some_and(char::is_uppercase)
                && piece.chars().count() >= 2
                && piece.chars().all(char::is_alphabetic)
                && !gazetteer.is_place_or_city(&folded)
                && !gazetteer.is_demonym(&folded)
                && !gazetteer.is_title_head(&folded)
                && gazetteer.stop_class(&folded).is_none()
                && !COMPOUND_PREFIXES.contains(&folded.as_str())
        })
}

/// Nouns of a relation between two: "the Norland-Sudavia talks", "the X-Y border".
const RELATION_NOUNS: &[&str] = &[
    "talks",
    "border",
    "borders",
    "relations",
    "ties",
    "war",
    "wars",
    "deal",
    "agreement",
    "accord",
    "treaty",
    "pact",
    "summit",
    "meeting",
    "conflict",
    "dispute",
    "peace",
    "trade",
    "match",
    "game",
    "final",
    "series",
    "rivalry",
    "alliance",
    "axis",
    "frontier",
    "route",
    "road",
    "highway",
    "railway",
    "pipeline",
    "line",
    "flight",
    "flights",
    "negotiations",
    "cooperation",
    "partnership",
    "crossing",
    "corridor",
];

/// Whether the word after a compound is a noun of relation, so the compound joins two names.
fn relation_follows(rest: &str) -> bool {
    let Some(next) = rest.strip_prefix(' ') else { return false };
    let word: &str = next.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    RELATION_NOUNS.contains(&word)
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "lt", "col", "gen", "capt", "sgt", "rev", "st", "jr", "sr",
    "no", "vs", "mt", "ft", "sen", "gov", "rep",
];

/// Splits block text into words, recording possessives and what separates each word from the
/// one before.
pub fn tokenize(text: &str) -> Vec<Token<'_>> {
    let chars = IndexedChars::new(text);
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| b);
    let mut tokens = Vec::new();
    let mut gap = Gap::Sentence;
    let mut i = 0;
    while i < chars.len() {
        let c = chars.at(i);
        if !c.is_alphanumeric() {
            gap = match c {
                '.' | '!' | '?' | '•' => Gap::Sentence,
                c if c.is_whitespace() => gap,
                _ if gap == Gap::Sentence => Gap::Sentence,
                _ => Gap::Punct,
            };
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 1;
        let mut initialism = false;
        while j < chars.len() {
            let cj = chars.at(j);
            let next_is_alnum = || chars.get(j + 1).is_some_and(|(_, n)| n.is_alphanumeric());
            if cj.is_alphanumeric() {
                j += 1;
            } else if matches!(cj, '\'' | '’' | '-' | '‐') && next_is_alnum() {
                j += 2;
            } else if cj == '.'
                && chars.get(j + 1).is_some_and(|(_, n)| n.is_uppercase())
                && (j - start == 1 || initialism)
                && chars.get(j + 2).is_none_or(|(_, n)| !n.is_alphanumeric())
            {
                // U.S., U.N.: single letters joined by full stops.
                initialism = true;
                j += 2;
            } else {
                break;
            }
        }
        let mut word_end = byte_at(j);
        let mut word = &text[byte_at(start)..word_end];
        // A full stop after an initial, an initialism or a known abbreviation belongs to it.
        if chars.get(j).is_some_and(|(_, n)| n == '.') {
            let single_capital = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initialism
                || single_capital
                || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
            {
                j += 1;
                word_end = byte_at(j);
                word = &text[byte_at(start)..word_end];
            }
        }
        let mut possessive = false;
        let mut name_end = word_end;
        for suffix in ["'s", "’s", "'S", "’S"] {
            if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                possessive = true;
                name_end = word_end - suffix.len();
            }
        }
        // Plural possessive: "Students' union".
        if !possessive
            && word.ends_with('s')
            && chars.get(j).is_some_and(|(_, n)| n == '\'' || n == '’')
            && chars.get(j + 1).is_none_or(|(_, n)| !n.is_alphanumeric())
        {
            possessive = true;
            j += 1;
        }
        let tagged = start > 0 && matches!(chars.at(start - 1), '#' | '@');
        let name = &text[byte_at(start)..name_end];
        if !name.contains('-') {
            // Most words: one token, no compound to split.
            tokens.push(Token {
                text: name,
                folded: fold_cow(name),
                range: byte_at(start)..name_end,
                possessive,
                gap,
                tagged,
            });
            gap = Gap::Space;
            i = j;
            continue;
        }
        // "Boutros Boutros-Ghali": a hyphenated surname after a name word is one word too.
        let after_name = gap == Gap::Space
            && tokens.last().is_some_and(|t: &Token<'_>| {
                t.is_capitalised() && Gazetteer::get().stop_class(&t.folded).is_none()
            });
        let before_name = after_name || starts_name_part(&text[word_end..]);
        let mut parts = split_compound(name, before_name, relation_follows(&text[word_end..]));
        // "Anti-Taliban Resistance": a name after a prefix is an adjective, so the prefix is
        // no name and the compound ends the name (what follows is not part of it).
        let prefixed = parts.len() > 1
            && COMPOUND_PREFIXES
                .contains(&text[byte_at(start)..][parts[0].clone()].to_lowercase().as_str());
        if prefixed {
            parts.remove(0);
        }
        let last = parts.len() - 1;
        // A dropped lowercase tail ("Taliban-run") still separates what follows.
        let tail_dropped = prefixed || parts[last].end < name_end - byte_at(start);
        for (n, part) in parts.into_iter().enumerate() {
            let range = byte_at(start) + part.start..byte_at(start) + part.end;
            let name = &text[range.clone()];
            tokens.push(Token {
                text: name,
                folded: fold_cow(name),
                range,
                possessive: possessive && n == last,
                gap: if n == 0 && !prefixed { gap } else { Gap::Punct },
                tagged,
            });
        }
        gap = if tail_dropped { Gap::Punct } else { Gap::Space };
        i = j;
    }
    tokens
}

/// A text's characters by index, with their byte offsets: read straight from the bytes when
/// the text is ASCII (most block text), decoded once otherwise.
struct IndexedChars<'a> {
    text: &'a str,
    /// Empty for ASCII text.
    decoded: Vec<(usize, char)>,
}

impl<'a> IndexedChars<'a> {
    fn new(text: &'a str) -> Self {
        let decoded = if text.is_ascii() { Vec::new() } else { text.char_indices().collect() };
        IndexedChars { text, decoded }
    }

    fn len(&self) -> usize {
        if self.decoded.is_empty() { self.text.len() } else { self.decoded.len() }
    }

    /// The byte offset and character at character index `i`.
    fn get(&self, i: usize) -> Option<(usize, char)> {
        if self.decoded.is_empty() {
            self.text.as_bytes().get(i).map(|&b| (i, char::from(b)))
        } else {
            self.decoded.get(i).copied()
        }
    }

    /// The character at index `i` (< `len()`).
    fn at(&self, i: usize) -> char {
        self.get(i).map_or('\0', |(_, c)| c)
    }
}

/// Whether the text after a word goes on with a part of a name: a space, then a capitalised
/// word or a particle ("al-Houthi", "bin Salman").
fn starts_name_part(rest: &str) -> bool {
    let Some(next) = rest.strip_prefix(' ') else { return false };
    let word: &str = next.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("");
    let head = word.split('-').next().unwrap_or("");
    word.chars().next().is_some_and(char::is_uppercase)
        || (head.len() < word.len() && matches!(head, "al" | "el" | "ul" | "bin" | "ibn"))
}

/// Splits a hyphenated word into the names it joins ("Israel-Hamas", "US-based"), except
/// where the hyphen holds a name together: a particle ("Mazar-e-Sharif", "al-Sham"), a title
/// ("Secretary-General"), a known place ("Gilgit-Baltistan"), a number ("Kambarata-1"), or,
/// when a name goes on after it (`before_name`), two capitalised words that are neither
/// places, nationalities, acronyms nor ordinary words: a hyphenated given name ("Abdul-Malik
/// al-Houthi").
fn split_compound(word: &str, before_name: bool, before_relation: bool) -> Vec<Range<usize>> {
    const JOINING: &[&str] = &[
        "al", "el", "ul", "ur", "ud", "e", "i", "o", "ye", "bin", "ibn", "abu", "ad", "ar", "as",
        "at", "az", "an", "ash",
    ];
    let gazetteer = Gazetteer::get();
    let folded = fold(word);
    if !word.contains('-')
        || gazetteer.place(&folded).is_some()
        || gazetteer.is_title_phrase(&folded)
    {
        return std::iter::once(0..word.len()).collect();
    }
    if (before_name && is_hyphenated_given_name(word))
        || (!before_relation && names_one_thing(word))
    {
        return std::iter::once(0..word.len()).collect();
    }
    let pieces: Vec<(usize, &str)> = word
        .match_indices(|c| c != '-')
        .fold(Vec::new(), |mut acc: Vec<(usize, usize)>, (i, c)| {
            match acc.last_mut() {
                Some(last) if last.1 == i => last.1 = i + c.len(),
                _ => acc.push((i, i + c.len())),
            }
            acc
        })
        .into_iter()
        .map(|(a, b)| (a, &word[a..b]))
        .collect();
    let mut parts: Vec<Range<usize>> = Vec::new();
    for (index, &(start, piece)) in pieces.iter().enumerate() {
        let end = start + piece.len();
        // A number after a hyphen numbers the name ("Kambarata-1", "CASA-1000").
        let numbered = piece.starts_with(|c: char| c.is_ascii_digit());
        let joins_previous = index > 0 && {
            let previous = pieces[index - 1].1.to_lowercase();
            numbered
                || JOINING.contains(&previous.as_str())
                || JOINING.contains(&piece.to_lowercase().as_str())
        };
        match parts.last_mut() {
            Some(last) if joins_previous => last.end = end,
            _ => parts.push(start..end),
        }
    }
    // A lowercase tail ("US-based") is no name: only its head stays a token.
    if parts.len() > 1 {
        parts.retain(|r| {
            word[r.clone()].chars().next().is_some_and(|c| !c.is_lowercase()) || r.start == 0
        });
    }
    parts
}
