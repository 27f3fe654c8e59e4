//! Import, masthead: the site's own lines above an article's title on a scraped page (its name,
//! a menu, section links). They are found from the article's head below them: the title is the
//! line above the byline or date line ("By" / name, "Jan 31, 2021 ·", "Posted on …"), or, when
//! the page states neither, the line right above the first paragraph of running text.

use chrono::NaiveDate;

use super::byline::{SECTION_LABELS, is_in_capitals, read_byline};
use super::dates::parse_date_line;
use super::names::is_person_name;
use super::text::{char_len, ends_sentence, ends_with_stop, starts_capitalised, word_count};
use super::{Block, BlockKind};

/// How far down a page the article's head is looked for.
const MAX_MASTHEAD_BLOCKS: usize = 120;
/// Fewer menu lines than this above a title are left to the title rules (a label, a kicker),
/// unless each is a single word (a site's name: "Felix").
const MIN_MENU_LINES: usize = 3;

/// Removes the masthead above the title; returns how many blocks went.
pub fn drop_masthead(blocks: &mut Vec<Block>) -> usize {
    let Some(title) = title_below_masthead(blocks) else { return 0 };
    blocks.drain(..title);
    title
}

/// The index of the title line when every line above it is masthead.
fn title_below_masthead(blocks: &[Block]) -> Option<usize> {
    let limit = blocks.len().min(MAX_MASTHEAD_BLOCKS);
    let body = (0..limit).find(|&i| is_running_text(&blocks[i]))?;
    let title = match (0..body).find(|&i| is_head_anchor(blocks, i)) {
        Some(anchor) => {
            // A content note may stand between the title and the byline.
            let mut title = anchor.checked_sub(1)?;
            while title > 0 && is_content_note(&blocks[title].text) {
                title -= 1;
            }
            title
        }
        None => body.checked_sub(1)?,
    };
    let above = &blocks[..title];
    let site_name = |b: &Block| {
        word_count(&b.text) == 1
            && !is_in_capitals(&b.text)
            && !SECTION_LABELS.contains(&b.text.trim().to_lowercase().as_str())
    };
    let menu_above = !above.is_empty()
        && above.iter().all(is_menu_line)
        && (above.len() >= MIN_MENU_LINES || above.iter().all(site_name));
    (menu_above && is_title(&blocks[title])).then_some(title)
}

/// A paragraph of the article's running text.
fn is_running_text(block: &Block) -> bool {
    block.kind == BlockKind::Paragraph
        && (char_len(&block.text) > 200
            || word_count(&block.text) >= 12 && ends_sentence(&block.text))
}

/// A line that starts an article's head below its title: a byline, a lone "By", a date line,
/// a "Posted on … (Publication)" line, or a name over a date line.
fn is_head_anchor(blocks: &[Block], index: usize) -> bool {
    let text = blocks[index].text.trim();
    let date_follows = blocks.get(index + 1).is_some_and(|b| parse_date_line(&b.text).is_some());
    text.eq_ignore_ascii_case("by")
        || read_byline(text).is_some()
        || parse_date_line(text).is_some()
        || date_and_publication(text).is_some()
        || is_person_name(text) && date_follows
}

/// "Posted on September 16, 2015 (Valley Review)": a date line that names the publication in
/// brackets.
pub fn date_and_publication(text: &str) -> Option<(NaiveDate, String)> {
    let (before, publication) = text.trim().strip_suffix(')')?.rsplit_once('(')?;
    let publication = publication.trim();
    let is_name = (1..=6).contains(&word_count(publication))
        && starts_capitalised(publication)
        && !publication.chars().any(|c| c.is_ascii_digit());
    let date = parse_date_line(before.trim())?;
    is_name.then(|| (date, publication.to_string()))
}

/// "TW: violence", "Content warning: …": a note to the reader under the title.
fn is_content_note(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    ["tw:", "cw:", "content warning", "trigger warning"].iter().any(|p| lower.starts_with(p))
}

/// A menu or masthead line: short, one line, no sentence.
fn is_menu_line(block: &Block) -> bool {
    block.single_line
        && block.kind != BlockKind::ListItem
        && word_count(&block.text) <= 8
        && char_len(&block.text) <= 60
        && !ends_sentence(&block.text)
}

fn is_title(block: &Block) -> bool {
    matches!(block.kind, BlockKind::Paragraph | BlockKind::Heading)
        && block.single_line
        && (1..=300).contains(&char_len(&block.text))
        && !ends_with_stop(&block.text)
        && starts_capitalised(&block.text)
        && parse_date_line(&block.text).is_none()
        && read_byline(&block.text).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    const BODY: &str = "The river rose again on Monday, and the farmers on the lower fields moved \
                        their animals to the hills before dark.";

    fn first_after(lines: &[&str]) -> String {
        let mut list = blocks(lines);
        drop_masthead(&mut list);
        list[0].text.clone()
    }

    #[test]
    fn a_menu_above_a_title_and_byline_goes() {
        let page = [
            "Valley Review",
            "Home",
            "About",
            "Contact",
            "Rivers Rise Again",
            "By",
            "Ann Lee",
            BODY,
        ];
        assert_eq!(first_after(&page), "Rivers Rise Again");
        let dated = [
            "Home",
            "Authors",
            "Sections",
            "Rivers Rise Again",
            "TW: pictures of the flood",
            "Ann Lee",
            "Jan 31, 2021 ·",
            BODY,
        ];
        assert_eq!(first_after(&dated), "Rivers Rise Again");
        let posted = [
            "Valley corner",
            "Main menu",
            "Writing",
            "Rivers Rise Again",
            "Posted on May 2, 2016 (Valley Review)",
            BODY,
        ];
        assert_eq!(first_after(&posted), "Rivers Rise Again");
    }

    #[test]
    fn a_menu_above_a_title_without_byline_goes() {
        let page = ["Valley Review", "Open menu", "Contact us", "Rivers Rise Again", BODY];
        assert_eq!(first_after(&page), "Rivers Rise Again");
    }

    #[test]
    fn a_site_name_alone_above_a_dated_title_goes() {
        assert_eq!(
            first_after(&["Valley", "Rivers rise in the north", "14.01.2010 17:46", BODY]),
            "Rivers rise in the north"
        );
    }

    #[test]
    fn a_title_with_a_subtitle_or_label_stays() {
        let page = ["Rivers Rise Again", "Farmers Move to the Hills", BODY];
        assert_eq!(first_after(&page), "Rivers Rise Again");
        let labelled = ["Analysis", "Rivers Rise Again", "March 3, 2023", BODY];
        assert_eq!(first_after(&labelled), "Analysis");
        let sentence_above = ["The valley is wet.", "Home", "About", "Rivers", BODY];
        assert_eq!(first_after(&sentence_above), "The valley is wet.");
    }

    #[test]
    fn reads_a_posted_on_line() {
        assert_eq!(
            date_and_publication("Posted on May 2, 2016  (Valley Review)"),
            Some((NaiveDate::from_ymd_opt(2016, 5, 2).unwrap(), "Valley Review".to_string()))
        );
        assert_eq!(date_and_publication("May 2, 2016 (updated 3 May 2016)"), None);
    }
}
