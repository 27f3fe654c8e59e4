//! Names in an article's title. Import moves a headline into front matter, where
//! no link can go, but a name there is still a mention: it counts towards recurrence and puts
//! the entity in the article's `entities:`. Headlines are often in capitals or title case,
//! where capital letters say nothing, so a title never yields a new name: only names the
//! archive's prose already names are found there, compared without case.

use rustc_hash::{FxHashMap, FxHashSet};

use super::super::fold::fold;
use super::super::gazetteer::{Gazetteer, StopClass};
use super::tokens::{Gap, Token, tokenize};
use super::{AcronymDefinition, Candidate, Detection, WordStats};

/// Longest name, in words, looked for in a title.
const MAX_WORDS: usize = 8;

/// The names detection took in the archive's prose, folded, and the capitalised runs it
/// refused ("U.S. Open", an event: no "U.S." in "U.S. OPEN").
#[derive(Debug, Default)]
pub struct KnownNames {
    names: FxHashMap<String, Known>,
    refused: FxHashSet<String>,
}

#[derive(Debug)]
struct Known {
    /// The spelling it was first written in, not in capitals when the prose has one (so a
    /// title in capitals does not name an entity "TEXAS").
    surface: String,
    /// Its spellings in prose, letters and digits only, with their case ("PA" and "Pa" are
    /// two): a title in sentence case writes a name as prose does.
    spellings: Vec<String>,
    /// Mentions as a name of its own, and as a word of longer names ("Korea" in "North
    /// Korea", "Council" in "Security Council").
    alone: u32,
    in_longer: u32,
}

impl KnownNames {
    /// The names of `detections`, in the order given.
    pub fn new<'a>(detections: impl IntoIterator<Item = &'a Detection>) -> Self {
        let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
        let mut order: Vec<&str> = Vec::new();
        let mut refused_surfaces: FxHashSet<&str> = FxHashSet::default();
        for detection in detections {
            for candidate in &detection.candidates {
                let count = counts.entry(candidate.surface.as_str()).or_insert_with(|| {
                    order.push(candidate.surface.as_str());
                    0
                });
                *count += 1;
            }
            refused_surfaces.extend(detection.rejected.iter().map(|r| r.surface.as_str()));
        }
        let mut names: FxHashMap<String, Known> = FxHashMap::default();
        let mut in_longer: FxHashMap<String, u32> = FxHashMap::default();
        for surface in order {
            let count = counts[surface];
            let folded = fold(surface);
            if folded.contains(' ') {
                for word in folded.split(' ') {
                    *in_longer.entry(word.to_string()).or_default() += count;
                }
            }
            let in_capitals = !surface.chars().any(char::is_lowercase);
            let known = names.entry(folded).or_insert_with(|| Known {
                surface: surface.to_string(),
                spellings: Vec::new(),
                alone: 0,
                in_longer: 0,
            });
            known.alone += count;
            let spelling = letters(surface);
            if !known.spellings.contains(&spelling) {
                known.spellings.push(spelling);
            }
            if !in_capitals && !known.surface.chars().any(char::is_lowercase) {
                known.surface = surface.to_string();
            }
        }
        for (word, count) in in_longer {
            if let Some(known) = names.get_mut(&word) {
                known.in_longer = count;
            }
        }
        let refused = refused_surfaces
            .into_iter()
            .map(fold)
            .filter(|folded| !names.contains_key(folded))
            .collect();
        KnownNames { names, refused }
    }
}

/// Adds to `out` a mention (with no place in the body) of every known name in `title`, and of
/// the last word of a person's name the article's prose uses ("KEANE" in a headline over "Roy
/// Keane"). Longest names first, a refused run ("U.S. Open") taking its words with it; a name
/// is whole words, begins and ends with a capital, and ends at a possessive. Left alone:
/// - a label before a dash that opens the title ("SOCCER - ", "PRESS DIGEST - "): the section,
///   not the story;
/// - one word the archive writes in lower case as often as not ("Bonds", "Black", "us"),
///   unless dots mark it an abbreviation ("U.S."), or uses more often inside longer names than
///   alone ("Korea", "Council"), or that is an institution's word ("Commission");
/// - a word after an initial ("N. Korea");
/// - in a title in sentence case, a name that is not the whole run of capitalised words
///   around it.
pub fn detect_title(title: &str, known: &KnownNames, stats: &WordStats, out: &mut Detection) {
    let gazetteer = Gazetteer::get();
    let tokens = tokenize(title);
    let local: FxHashMap<String, String> = out
        .candidates
        .iter()
        .filter(|c| c.range.is_some() && c.surface.contains(' '))
        .filter_map(|c| {
            let last = c.surface.rsplit(' ').next()?;
            let folded = fold(last);
            (last.chars().count() >= 3 && gazetteer.cue_kind(&folded).is_none())
                .then(|| (folded, last.to_string()))
        })
        .collect();
    let capitalised = |t: &Token<'_>| t.text.chars().next().is_some_and(char::is_uppercase);
    let label_end = section_label_end(title);
    let first = tokens.partition_point(|t| t.range.start < label_end);
    // Sentence case: a word other than a function word in lower case ("Rebels take Kivu
    // town"), which neither capitals nor title case ("How the Rebels Took Kivu") write.
    let sentence_case = tokens[first.min(tokens.len())..]
        .iter()
        .any(|t| t.is_lowercase() && gazetteer.stop_class(&t.folded) != Some(StopClass::Function));
    // Whether the capitalised token at `i` continues the run of the token before it.
    let continues_run = |i: usize| {
        tokens.get(i).is_some_and(|t| {
            i > 0
                && t.gap == Gap::Space
                && capitalised(t)
                && capitalised(&tokens[i - 1])
                && !tokens[i - 1].possessive
        })
    };
    let after_initial = |i: usize| {
        i > 0
            && tokens[i - 1].text.chars().count() == 1
            && title[tokens[i - 1].range.end..tokens[i].range.start].starts_with('.')
    };
    let sports_report = out.sports_words.count_ones() >= 2;
    let mut found = Vec::new();
    let mut i = first;
    while i < tokens.len() {
        // The longest known or refused run starting here.
        let mut matched: Option<(usize, Option<&str>)> = None;
        let mut end = i;
        while capitalised(&tokens[i]) && end < tokens.len() && end - i < MAX_WORDS {
            if end > i && (tokens[end].gap != Gap::Space || tokens[end - 1].possessive) {
                break;
            }
            end += 1;
            if !capitalised(&tokens[end - 1]) {
                continue;
            }
            let span = &title[tokens[i].range.start..tokens[end - 1].range.end];
            let folded = fold(span);
            let as_written = |spellings: &[String]| {
                !sentence_case || spellings.iter().any(|s| letters(s) == letters(span))
            };
            if let Some(name) = known.names.get(&folded).filter(|n| as_written(&n.spellings)) {
                let alone_enough = end - i > 1 || name.alone >= name.in_longer;
                matched = Some((end, alone_enough.then_some(name.surface.as_str())));
            } else if let Some(last) =
                local.get(&folded).filter(|l| as_written(std::slice::from_ref(*l)))
            {
                matched = Some((end, Some(last.as_str())));
            } else if known.refused.contains(&folded) {
                matched = Some((end, None));
            }
        }
        let Some((end, surface)) = matched else {
            i += 1;
            continue;
        };
        let word = &tokens[i].folded;
        let ordinary = end - i == 1
            && ((!tokens[i].text.contains('.') && stats.written_lowercase_as_often(word))
                || gazetteer.cue_kind(word).is_some());
        // "Rupert Ellis Group" when only "Rupert Ellis" is known: a longer name than known.
        // The first word is capitalised whatever it is: it continues a name only if it is a
        // name the prose knows ("Audi CEO").
        let after_name = i > first + 1
            || (i == first + 1 && known.names.contains_key(tokens[first].folded.as_ref()));
        let cut = sentence_case && ((after_name && continues_run(i)) || continues_run(end));
        if let Some(surface) = surface.filter(|_| !ordinary && !cut && !after_initial(i)) {
            found.push(title_mention(surface.to_string(), sports_report));
        }
        i = end;
    }
    // The title comes first in reading order.
    out.candidates.splice(0..0, found);
}

/// Longest title read, in words: a longer one is prose that import took for a title.
const MAX_TITLE_WORDS: usize = 30;

/// Whether `title` reads as a headline over `body`: short enough, and not repeated in the body
/// (where its names are read already).
pub fn reads_as_headline(title: &str, body: &str) -> bool {
    let title = title.trim();
    !title.is_empty()
        && title.split_whitespace().count() <= MAX_TITLE_WORDS
        && !body.contains(title)
}

/// `text` with only its letters and digits, case kept.
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The end of a section label that opens a title: at most three words before " - ", with
/// more after ("SOCCER - ...", "PRESS DIGEST - ..."); 0 when there is none.
fn section_label_end(title: &str) -> usize {
    match title.find(" - ") {
        Some(at)
            if title[..at].split_whitespace().count() <= 3
                && !title[at + 3..].trim().is_empty() =>
        {
            at + 3
        }
        _ => 0,
    }
}

/// Ties the publisher an article names in its front matter (`source:`) to an acronym of its
/// initials in the body ("AAN" under `source: Afghanistan Analysts Network`), as "Long Name
/// (ACR)" would: the acronym's entity takes the long name. The source is no mention of its
/// own (a publisher is not named by every article it publishes).
pub fn detect_source(source: &str, out: &mut Detection) {
    let words: Vec<&str> = source.split_whitespace().collect();
    if words.len() < 2 || words.len() > 6 {
        return;
    }
    let initials: String = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect();
    let Some(acronym) = out
        .candidates
        .iter()
        .find(|c| {
            c.range.is_some()
                && c.surface.len() >= 2
                && c.surface.chars().all(|c| c.is_ascii_uppercase())
                && c.surface == initials
        })
        .map(|c| c.surface.clone())
    else {
        return;
    };
    let mut mention = title_mention(source.to_string(), false);
    mention.restates = true;
    let at = out.candidates.iter().take_while(|c| c.in_title).count();
    out.candidates.insert(at, mention);
    out.acronyms.push(AcronymDefinition { long: source.to_string(), acronym });
}

/// A mention in the title: no place in the body, no context words around it.
fn title_mention(surface: String, in_sports_report: bool) -> Candidate {
    Candidate {
        surface,
        range: None,
        titles: Vec::new(),
        before: None,
        after: None,
        sentence_initial: false,
        restates: false,
        listed_with_place: false,
        place_phrase: false,
        described_as: None,
        dateline: false,
        common_first_word: false,
        in_sports_report,
        in_title: true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DetectOptions, detect_block};
    use super::*;
    use crate::annotate::markdown::parse_prose;

    /// The names `title` yields over an article whose prose is `body`, in an archive whose
    /// prose is `archive` (and `body`).
    fn title_names(title: &str, body: &str, archive: &str) -> Vec<String> {
        let options = DetectOptions { stop_names: Default::default() };
        let mut stats = WordStats::default();
        for text in [archive, body] {
            for block in parse_prose(text).blocks {
                stats.add_tokens(&tokenize(&block.text));
            }
        }
        let detect = |text: &str| {
            let mut detection = Detection::default();
            for block in parse_prose(text).blocks {
                detect_block(&block, &tokenize(&block.text), &stats, &options, &mut detection);
            }
            detection
        };
        let (mut article, other) = (detect(body), detect(archive));
        let known = KnownNames::new([&other, &article]);
        let before = article.candidates.len();
        detect_title(title, &known, &stats, &mut article);
        let found: Vec<Candidate> =
            article.candidates.drain(..article.candidates.len() - before).collect();
        assert!(found.iter().all(|c| c.in_title && c.range.is_none()), "no place in the body");
        found.into_iter().map(|c| c.surface).collect()
    }

    const ARCHIVE: &str = "Talks in Norland went on. Officials in Norland and Port Ellis said \
        the Velmor Trading Group would pay. The Northern Sudavia border was shut, and Northern \
        Sudavia said so. Sudavia is far. Ferro bonds rose; bonds fell. The Council met; the \
        Security Council and the Harbour Council and the City Council agreed. The Ridge Open \
        was played. Lina Brook spoke. Brook said more.";

    #[test]
    fn a_title_names_what_the_prose_names_in_any_case() {
        assert_eq!(
            title_names("NORLAND REBELS TAKE PORT ELLIS", "Nothing here.", ARCHIVE),
            ["Norland", "Port Ellis"],
            "a title in capitals names them, spelt as the prose spells them"
        );
        assert_eq!(
            title_names("Rebels in Norland take Port Ellis.", "Nothing here.", ARCHIVE),
            ["Norland", "Port Ellis"]
        );
        assert_eq!(
            title_names("Rebels Take Harbourtown", "Nothing here.", ARCHIVE),
            Vec::<String>::new(),
            "a word the prose never names is no name in a title"
        );
    }

    #[test]
    fn a_title_takes_the_longest_name_and_skips_what_prose_refused() {
        assert_eq!(title_names("VELMOR TRADING GROUP PAYS", "", ARCHIVE), ["Velmor Trading Group"]);
        assert_eq!(
            title_names("BROOK WINS THE RIDGE OPEN", "", ARCHIVE),
            ["Brook"],
            "an event refused in the prose takes its words with it"
        );
    }

    #[test]
    fn a_title_leaves_ordinary_words_labels_and_parts_of_names_alone() {
        assert_eq!(
            title_names("BONDS RISE AS COUNCIL MEETS", "", ARCHIVE),
            Vec::<String>::new(),
            "a word written in lower case as often, an institution's word"
        );
        assert_eq!(
            title_names("SUDAVIA CLOSES BORDER", "", ARCHIVE),
            Vec::<String>::new(),
            "a word used more often inside a longer name than alone"
        );
        assert_eq!(
            title_names("NORLAND - PORT ELLIS QUIET", "", ARCHIVE),
            ["Port Ellis"],
            "a section label before a dash"
        );
        assert_eq!(title_names("Talks in N. Norland end.", "", ARCHIVE), Vec::<String>::new());
    }

    #[test]
    fn a_title_in_sentence_case_must_write_the_whole_name() {
        assert_eq!(
            title_names("Lina Brook Trust opens in Norland.", "", ARCHIVE),
            ["Norland"],
            "the run of capitals is longer than the known name"
        );
        assert_eq!(
            title_names("Rebels take NORLAND capital.", "", ARCHIVE),
            Vec::<String>::new(),
            "written otherwise than the prose writes it"
        );
    }

    #[test]
    fn the_source_gives_its_initials_their_long_name() {
        let options = DetectOptions { stop_names: Default::default() };
        let detect = |body: &str, source: &str| {
            let mut detection = Detection::default();
            for block in parse_prose(body).blocks {
                let tokens = tokenize(&block.text);
                detect_block(&block, &tokens, &WordStats::default(), &options, &mut detection);
            }
            detect_source(source, &mut detection);
            detection
        };
        let tied = detect("As the NRW wrote in May, the NRW is small.", "Norland River Watch");
        assert_eq!(
            tied.acronyms,
            [AcronymDefinition { long: "Norland River Watch".into(), acronym: "NRW".into() }]
        );
        let source = &tied.candidates[0];
        assert!(
            source.surface == "Norland River Watch" && source.restates,
            "no mention of its own"
        );
        let untied = detect("As the NRB wrote in May, Tor Vik left.", "Norland River Watch");
        assert!(untied.acronyms.is_empty() && untied.candidates.iter().all(|c| !c.in_title));
    }

    #[test]
    fn a_title_names_a_surname_of_a_person_in_the_article() {
        assert_eq!(
            title_names("KESTREL QUITS AS COACH", "Yesterday Tomas Kestrel left the club.", ""),
            ["Kestrel"]
        );
    }
}
