//! Import, cleaning: blocks → blocks without layout debris, with captions, headings and
//! repeated text recognised.
//!
//! Debris is only ever a whole line that a site or a PDF adds around articles (navigation,
//! share widgets, advertisements, "read more" links with nothing behind them); a line that
//! carries any of the article's own words is never dropped. Repeats (a pull quote, a caption or
//! a standfirst printed twice) keep one copy.

use rustc_hash::FxHashMap;

use super::credits::{caption_credit, credit_line};
use super::split::is_read_more;
use xxhash_rust::xxh3::xxh3_64;

use super::text::{
    char_len, ends_sentence, ends_with_stop, fold_for_compare, fold_words_into, sentences,
    starts_capitalised, word_count,
};
use super::{Block, BlockKind};
use crate::model::ArticleMeta;

/// Whole lines that are page furniture, compared folded and without outer punctuation.
const WIDGET_LINES: &[&str] = &[
    "advertisement",
    "advert",
    "sponsored",
    "sponsored content",
    "share",
    "share this",
    "share this article",
    "share this story",
    "share on facebook",
    "share on twitter",
    "share on x",
    "share via email",
    "tweet",
    "print",
    "email",
    "skip to content",
    "skip to main content",
    "back to top",
    "related",
    "related articles",
    "related posts",
    "related stories",
    "you may also like",
    "recommended",
    "subscribe",
    "sign up",
    "sign up for our newsletter",
    "subscribe to our newsletter",
    "listen to this article",
    "follow us",
    "comments",
    "leave a comment",
    "loading",
    "click here",
    "menu",
    "search",
    "home",
    "top",
    "copy link",
    "sign in",
    "log in",
    "login",
    "register",
    "donate",
    "newsletters",
    "my account",
    "link copied",
    "scroll to continue",
    "story continues below",
    "article continues below",
    "continue reading below",
];

/// Link-only lines that point at content the text no longer has: "Read Full Statement Here".
fn is_dead_link_line(folded: &str) -> bool {
    let words: Vec<&str> = folded.split_whitespace().collect();
    let verbs = ["read", "see", "view", "download", "click", "watch", "listen", "open", "access"];
    words.len() <= 8
        && words.first().is_some_and(|w| verbs.contains(w))
        && words.last().is_some_and(|w| matches!(*w, "here" | "below" | "online"))
}

/// Whether a whole line is widget or navigation text.
pub fn is_debris_line(text: &str) -> bool {
    if text.len() > 120 || text.contains("://") || text.contains("www.") {
        return false;
    }
    let folded = fold_for_compare(text);
    let core = folded.trim_matches(|c: char| !c.is_alphanumeric());
    is_short_symbol_line(text)
        || WIDGET_LINES.contains(&core)
        || is_run_of_widgets(core)
        || is_breadcrumb(text)
        || core.ends_with("sharing button")
        || core.ends_with("share button")
        || is_read_more(text)
        || is_dead_link_line(core)
}

/// A short line with no letter or digit (`•••`, `|`, `..`, an emoji): a widget's glyphs, never
/// the article's words.
pub fn is_short_symbol_line(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
        && text.chars().filter(|c| !c.is_whitespace()).count() <= 10
}

/// A line made only of widget labels run together ("Share on Facebook Share on X Copy link"),
/// as a scrape flattens a row of buttons.
fn is_run_of_widgets(folded: &str) -> bool {
    let words: Vec<&str> =
        folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let mut at = 0;
    let mut labels = 0;
    while at < words.len() {
        // The longest label that starts here.
        let longest = WIDGET_LINES
            .iter()
            .map(|label| label.split(' ').collect::<Vec<_>>())
            .filter(|label| words[at..].starts_with(label))
            .map(|label| label.len())
            .max();
        match longest {
            Some(length) => {
                at += length;
                labels += 1;
            }
            None => return false,
        }
    }
    labels >= 2
}

/// A breadcrumb trail: "Home | World | Asia", "Home › Voices › Interviews", "News / Asia /
/// Afghanistan". Three or more short capitalised parts between one kind of separator (two when
/// the trail starts at "Home"), none with a digit: a byline or date line has digits or a "By".
fn is_breadcrumb(text: &str) -> bool {
    let separators = ['|', '›', '»', '>', '/', '•'];
    let Some(separator) = separators.into_iter().find(|&s| text.contains(&format!(" {s} "))) else {
        return false;
    };
    let parts: Vec<&str> = text.split(separator).map(str::trim).collect();
    let starts_at_home = parts.first().is_some_and(|p| p.eq_ignore_ascii_case("home"));
    let enough = parts.len() >= 3 || starts_at_home && parts.len() >= 2;
    enough
        && parts.iter().all(|part| {
            let words = word_count(part);
            (1..=3).contains(&words)
                && starts_capitalised(part)
                && !part.chars().any(|c| c.is_ascii_digit() || matches!(c, '@' | '.' | ':' | ','))
                && !part.to_lowercase().starts_with("by ")
        })
}

const NAVIGATION: &[&str] = &[
    "previous",
    "next",
    "previous post",
    "next post",
    "previous article",
    "next article",
    "older post",
    "newer post",
    "older posts",
    "newer posts",
    "previous story",
    "next story",
    "prev",
    "back",
];

fn is_navigation(text: &str) -> bool {
    if text.len() > 60 {
        return false;
    }
    let folded = fold_for_compare(text);
    let core = folded.trim_matches(|c: char| !c.is_alphanumeric());
    NAVIGATION.contains(&core) || is_more_link(core)
}

/// A link to more of the site's stories at an article's end: "More on Afghanistan", "More from
/// our correspondents", "More stories". Only in the trailing run (see [`drop_debris`]): as a
/// heading inside the text, "More on the economy" stays.
fn is_more_link(folded: &str) -> bool {
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.len() <= 6
        && words.first() == Some(&"more")
        && words.get(1).is_some_and(|w| {
            matches!(*w, "on" | "from" | "about" | "in" | "stories" | "news" | "articles")
        })
}

/// Drops widget lines anywhere, and a trailing run of "Previous / Next" navigation with the
/// neighbouring articles' titles it links to. Returns how many blocks went.
pub fn drop_debris(blocks: &mut Vec<Block>) -> usize {
    let before = blocks.len();
    blocks.retain(|b| !is_debris_line(&b.text));
    // Walk back over the short lines at the end; if a navigation word is among them, the
    // navigation (and the titles it links to) starts at the earliest one.
    let mut start = None;
    for index in (0..blocks.len()).rev() {
        let block = &blocks[index];
        if is_navigation(&block.text) {
            start = Some(index);
        } else if char_len(&block.text) > 120
            || ends_sentence(&block.text)
            || block.kind == BlockKind::ListItem
        {
            break;
        }
    }
    if let Some(start) = start {
        blocks.truncate(start);
    }
    before - blocks.len()
}

/// Marks photo captions (a line with a credit, or a line followed by a "Photo: ..." line) and
/// records their credits.
pub fn mark_captions(blocks: &mut Vec<Block>, meta: &mut ArticleMeta) {
    let mut index = 0;
    while index < blocks.len() {
        if blocks[index].kind != BlockKind::Paragraph || char_len(&blocks[index].text) > 500 {
            index += 1;
            continue;
        }
        if let Some(credit) = credit_line(&blocks[index].text).map(str::to_string) {
            push_credit(meta, &credit);
            let previous_is_caption_text = index > 0
                && blocks[index - 1].kind == BlockKind::Paragraph
                && char_len(&blocks[index - 1].text) <= 300
                && blocks[index - 1].single_line;
            if previous_is_caption_text {
                let credit_text = blocks.remove(index).text;
                let caption = &mut blocks[index - 1];
                caption.text.push(' ');
                caption.text.push_str(&credit_text);
                caption.kind = BlockKind::Caption;
                continue;
            }
            // A credit with no caption and no photo tells the reader nothing: it is kept in
            // `photo_credits` only.
            blocks.remove(index);
            continue;
        } else if let Some(credit) = caption_credit(&blocks[index].text) {
            push_credit(meta, &credit);
            blocks[index].kind = BlockKind::Caption;
        }
        index += 1;
    }
}

fn push_credit(meta: &mut ArticleMeta, credit: &str) {
    if !meta.photo_credits.iter().any(|c| c == credit) {
        meta.photo_credits.push(credit.to_string());
    }
}

/// A line of its own, short and unpunctuated, between paragraphs: a section heading.
pub fn mark_headings(blocks: &mut [Block]) {
    for index in 0..blocks.len() {
        let next_is_text = blocks.get(index + 1).is_some_and(|b| {
            matches!(
                b.kind,
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Aside | BlockKind::Caption
            )
        });
        let block = &blocks[index];
        let text = block.text.trim();
        if block.kind == BlockKind::Paragraph
            && block.single_line
            && next_is_text
            && (3..=100).contains(&char_len(text))
            && word_count(text) <= 14
            && starts_capitalised(text)
            && text.starts_with(|c: char| c.is_alphanumeric() || "\"“‘'".contains(c))
            && !ends_with_stop(text)
            && !text.contains(". ")
            && !text.contains('#')
            && !text.ends_with(')')
            && !text.ends_with(']')
        {
            blocks[index].kind = BlockKind::Heading;
        }
    }
}

/// Removes repeated text: a paragraph printed twice (a standfirst repeated as the first
/// paragraph, a caption printed twice) keeps its later copy, and a pull quote or aside whose
/// every sentence is also in the body goes.
pub fn drop_repeats(blocks: &mut Vec<Block>) -> usize {
    let before = blocks.len();
    // Folded text of each block and of each of its sentences, hashed (0: too short to count).
    let key_of = |folded: &str| if folded.len() >= 20 { xxh3_64(folded.as_bytes()) } else { 0 };
    let (mut whole, mut sentence) = (String::new(), String::new());
    let mut keys: Vec<u64> = Vec::with_capacity(blocks.len());
    let mut sentence_keys: Vec<Vec<u64>> = Vec::with_capacity(blocks.len());
    for block in blocks.iter() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Aside) {
            fold_words_into(&block.text, &mut whole);
            keys.push(key_of(&whole));
            sentence_keys.push(Vec::new());
            continue;
        }
        // No sentence break falls inside a word, so the block's folded text is its
        // sentences' folded texts joined by spaces: the block is folded once.
        whole.clear();
        let mut parts = Vec::new();
        for text in sentences(&block.text) {
            fold_words_into(text, &mut sentence);
            parts.push(key_of(&sentence));
            if !sentence.is_empty() {
                if !whole.is_empty() {
                    whole.push(' ');
                }
                whole.push_str(&sentence);
            }
        }
        keys.push(key_of(&whole));
        sentence_keys.push(parts);
    }
    // The keys are hashes already: Fx hashing is enough.
    let mut last_index: FxHashMap<u64, usize> = FxHashMap::default();
    for (index, &key) in keys.iter().enumerate() {
        if key != 0 && blocks[index].kind != BlockKind::Heading {
            last_index.insert(key, index);
        }
    }
    // Which blocks each sentence appears in, to find text repeated out of the body.
    let mut sentence_blocks: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
    for (index, block) in blocks.iter().enumerate() {
        if matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem) {
            for &key in sentence_keys[index].iter().filter(|&&k| k != 0) {
                let entry = sentence_blocks.entry(key).or_default();
                if entry.last() != Some(&index) {
                    entry.push(index);
                }
            }
        }
    }
    let mut keep = vec![true; blocks.len()];
    for (index, block) in blocks.iter().enumerate() {
        let key = keys[index];
        if key != 0 && last_index.get(&key).is_some_and(|&last| last != index) {
            keep[index] = false;
            continue;
        }
        let candidate = matches!(block.kind, BlockKind::Aside | BlockKind::Paragraph)
            && char_len(&block.text) <= 400;
        let parts: Vec<u64> = sentence_keys[index].iter().copied().filter(|&k| k != 0).collect();
        let all_elsewhere = candidate
            && !parts.is_empty()
            && parts.iter().all(|s| {
                sentence_blocks.get(s).is_some_and(|at| {
                    at.iter().any(|&other| other != index && keep[other] && keys[other] != key)
                })
            });
        if all_elsewhere {
            keep[index] = false;
        }
    }
    let mut flags = keep.into_iter();
    blocks.retain(|_| flags.next().unwrap_or(true));
    before - blocks.len()
}

/// A title for an article whose text states none: its first sentence, shortened at a word
/// boundary when long.
pub fn infer_title(blocks: &[Block]) -> String {
    let first_text = blocks
        .iter()
        .find(|b| matches!(b.kind, BlockKind::Paragraph) && word_count(&b.text) >= 3)
        .or_else(|| blocks.first());
    let Some(block) = first_text else {
        return "Untitled".to_string();
    };
    let sentence = sentences(&block.text).into_iter().next().unwrap_or(&block.text);
    let sentence = sentence.trim().trim_end_matches(['.', '!', ':', ';', ',']);
    const LIMIT: usize = 80;
    if char_len(sentence) <= LIMIT {
        return sentence.to_string();
    }
    let mut title = String::new();
    for word in sentence.split_whitespace() {
        if char_len(&title) + 1 + char_len(word) > LIMIT - 1 {
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let title = title.trim_end_matches([',', ';', ':', '-', '–', '—']).to_string();
    format!("{title}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn drops_rows_of_share_buttons_and_breadcrumb_trails() {
        for debris in [
            "Share on Facebook Share on X Copy link",
            "Menu  Search  Sign in",
            "Tweet | Email | Print",
            "Home | World | Asia | Rivers",
            "Home › Voices › Interviews",
            "News / Regions / Upper Valley",
            "Home » Reports",
        ] {
            assert!(is_debris_line(debris), "{debris}");
        }
        for kept in [
            "Share the water, the elders said",
            "By Jane Roe | Analysis | 18 October 2024",
            "Research Brief | Valley Policy Group | February 2025",
            "Rivers | The long dry season",
            "Wells, Rivers and Rain: A Survey",
            "Home is where the river runs",
        ] {
            assert!(!is_debris_line(kept), "{kept}");
        }
    }

    #[test]
    fn drops_widget_lines_but_not_sentences_mentioning_them() {
        let mut list = blocks(&[
            "Print Sharing Button",
            "The shop sold advertisement space to farmers.",
            "Advertisement",
            "Read Full Statement Here",
            "Read the statement here: https://example.org/statement",
            "Read more »",
            "—",
        ]);
        drop_debris(&mut list);
        assert_eq!(
            texts(&list),
            [
                "The shop sold advertisement space to farmers.",
                "Read the statement here: https://example.org/statement"
            ]
        );
    }

    #[test]
    fn drops_previous_next_navigation_tail() {
        let mut list = blocks(&[
            "Last paragraph of the story.",
            "Previous",
            "Previous",
            "A Neighbouring Story",
            "Next",
            "Another Story",
        ]);
        drop_debris(&mut list);
        assert_eq!(texts(&list), ["Last paragraph of the story."]);
    }

    #[test]
    fn drops_a_trailing_more_on_link_but_not_such_a_heading_inside_the_text() {
        let mut list = blocks(&[
            "The first part of the story ends here.",
            "More on the harvest",
            "The second part of the story ends here.",
            "More on Central Asia",
            "A Story From Last Week",
        ]);
        drop_debris(&mut list);
        assert_eq!(
            texts(&list),
            [
                "The first part of the story ends here.",
                "More on the harvest",
                "The second part of the story ends here."
            ]
        );
    }

    #[test]
    fn keeps_a_paragraph_that_starts_with_next() {
        let mut list = blocks(&["Next, the council met.", "It voted to rebuild the bridge."]);
        drop_debris(&mut list);
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn joins_caption_and_credit_line_and_records_credit() {
        let mut list = blocks(&[
            "Body text is here.",
            "Two farmers at the market in Herat.",
            "Photo: Li Wei, undated.",
            "More body text.",
        ]);
        let mut meta = ArticleMeta::default();
        mark_captions(&mut list, &mut meta);
        assert_eq!(list[1].kind, BlockKind::Caption);
        assert_eq!(list[1].text, "Two farmers at the market in Herat. Photo: Li Wei, undated.");
        assert_eq!(meta.photo_credits, ["Li Wei, undated"]);
        assert_eq!(list.len(), 3);
        let mut alone =
            blocks(&["Body text is here.", "Photo courtesy of Li Wei.", "More body text, here."]);
        alone[0].single_line = false;
        mark_captions(&mut alone, &mut meta);
        assert_eq!(alone.len(), 2, "a credit without a caption leaves the body");
        assert!(meta.photo_credits.contains(&"Li Wei".to_string()));
    }

    #[test]
    fn short_unpunctuated_line_between_paragraphs_is_a_heading() {
        let mut list = blocks(&[
            "A first paragraph that ends.",
            "What the farmers said",
            "They said it rained.",
            "Not a heading, because it ends with a comma,",
        ]);
        mark_headings(&mut list);
        let kinds: Vec<BlockKind> = list.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [BlockKind::Paragraph, BlockKind::Heading, BlockKind::Paragraph, BlockKind::Paragraph]
        );
    }

    #[test]
    fn repeated_standfirst_and_caption_keep_one_copy() {
        let mut list = blocks(&[
            "Farmers in the valley say the rain came late this year.",
            "Farmers in the valley say the rain came late this year.",
            "The council met on Monday to discuss the harvest.",
            "A farmer in Herat – holding wheat (Courtesy - Council)",
            "A farmer in Herat - holding wheat (Courtesy – Council)",
        ]);
        drop_repeats(&mut list);
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].text, "Farmers in the valley say the rain came late this year.");
    }

    #[test]
    fn pull_quote_repeating_the_body_goes_and_a_new_one_stays() {
        let mut list = blocks(&[
            "The council met on Monday. It said the rain was the worst in a decade. Farmers agreed.",
            "It said the rain was the worst in a decade.",
            "A pull quote with words that appear nowhere else at all.",
        ]);
        list[1].kind = BlockKind::Aside;
        list[2].kind = BlockKind::Aside;
        drop_repeats(&mut list);
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].text, "A pull quote with words that appear nowhere else at all.");
    }

    #[test]
    fn infers_title_from_first_sentence() {
        let list = blocks(&["Farmers say the rain came late. It was dry."]);
        assert_eq!(infer_title(&list), "Farmers say the rain came late");
        let long = blocks(&[
            "Since the river rose over its banks in the spring of that long and difficult year, the farmers of the valley have moved.",
        ]);
        let title = infer_title(&long);
        assert!(title.ends_with('…') && title.chars().count() <= 80, "{title}");
    }
}
