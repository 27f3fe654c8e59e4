//! Import, cleaning: page furniture around the article that a scrape keeps with it — the
//! site's trailer below the text (category and tag lists, share widgets, related and recent
//! posts, copyright and theme credits, the site's address and bank details) and a machine
//! summary printed above the full text.

use super::Block;
use super::text::{fold_for_compare, word_count};

/// Labels that open the site's trailer below an article: from the first of them to the end,
/// everything is the page's, not the article's.
const TRAILER_LABELS: &[&str] = &[
    "categories",
    "category",
    "tags",
    "tagged",
    "topics",
    "filed under",
    "share this page",
    "share this",
    "share this article",
    "share this post",
    "share this story",
    "related posts",
    "related articles",
    "related stories",
    "related",
    "recent posts",
    "recent articles",
    "latest posts",
    "latest articles",
    "popular posts",
    "most read",
    "you may also like",
    "you might also like",
    "read next",
    "post navigation",
    "leave a reply",
    "leave a comment",
    "designed by",
    "written by",
    "powered by",
];

/// The trailer may hold a paragraph or two (the site's "About" blurb, an author box); running
/// text beyond that means the label was a word of the article.
const MAX_LONG_BLOCKS_AFTER: usize = 2;
const LONG_BLOCK_WORDS: usize = 30;

/// A trailer label on a line of its own ("Tags", "Categories:", "Share this page:").
fn is_trailer_label(text: &str) -> bool {
    if text.len() > 40 {
        return false;
    }
    let folded = fold_for_compare(text);
    TRAILER_LABELS.contains(&folded.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A copyright line: "© 2021", "Copyright ©", "(c) 2016 The Valley Review; all rights reserved."
fn is_copyright_line(text: &str) -> bool {
    let trimmed = text.trim();
    let lower = trimmed.to_lowercase();
    word_count(trimmed) <= 25
        && (trimmed.starts_with('©')
            || lower.starts_with("copyright")
            || lower.starts_with("(c) ")
            || lower.starts_with("all rights reserved"))
}

/// Drops the site's trailer: from the first trailer label or copyright line after the
/// article's text to the end, when no more than a blurb or two of running text follows it.
/// Returns how many blocks went.
pub fn drop_trailer(blocks: &mut Vec<Block>) -> usize {
    // The label must come after the article's running text has begun.
    let Some(first_text) = blocks.iter().position(|b| word_count(&b.text) >= LONG_BLOCK_WORDS)
    else {
        return 0;
    };
    let Some(start) = (first_text + 1..blocks.len())
        .find(|&i| is_trailer_label(&blocks[i].text) || is_copyright_line(&blocks[i].text))
    else {
        return 0;
    };
    let long_after =
        blocks[start..].iter().filter(|b| word_count(&b.text) >= LONG_BLOCK_WORDS).count();
    if long_after > MAX_LONG_BLOCKS_AFTER {
        return 0;
    }
    let dropped = blocks.len() - start;
    blocks.truncate(start);
    dropped
}

/// Drops a machine summary printed above the full text: a "Summary" label (with a robot sign,
/// or "AI summary", "Key points"), its points, and the "Full Text" label that ends it. Nothing
/// goes unless the closing label is there.
pub fn drop_machine_summary(blocks: &mut Vec<Block>) -> usize {
    const MAX_POINTS: usize = 25;
    let core = |text: &str| {
        let folded = fold_for_compare(text);
        folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let Some(start) = blocks.iter().position(|b| {
        b.text.len() <= 40
            && (matches!(core(&b.text).as_str(), "ai summary" | "key points" | "key takeaways")
                || core(&b.text) == "summary" && b.text.contains('🤖'))
    }) else {
        return 0;
    };
    let end = blocks[start + 1..].iter().take(MAX_POINTS + 1).position(|b| {
        matches!(core(&b.text).as_str(), "full text" | "full article" | "full story")
    });
    let Some(end) = end.map(|e| start + 1 + e) else { return 0 };
    blocks.drain(start..=end);
    end + 1 - start
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::BlockKind;

    fn blocks(lines: &[&str]) -> Vec<Block> {
        lines.iter().enumerate().map(|(i, l)| Block::new(BlockKind::Paragraph, l, i + 1)).collect()
    }

    fn texts(list: &[Block]) -> Vec<&str> {
        list.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn drops_tag_lists_share_widgets_and_copyright_below_the_article() {
        let mut list = blocks(&[
            "The ferry will run again from May, the council said on Tuesday, after two \
             winters of repairs to the pier that cost far more than anyone in the valley \
             had planned for.",
            "Repairs to the pier took two winters and cost more than planned.",
            "Categories",
            "TRANSPORT",
            "Tags",
            "ferries",
            "About",
            "The Valley Review is a weekly paper run by volunteers from the three villages of the upper valley since 1987.",
            "Write to us:",
            "Copyright (c) The Valley Review; all rights reserved.",
        ]);
        assert_eq!(drop_trailer(&mut list), 8);
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn a_label_followed_by_running_text_is_the_articles_own() {
        let long = "The council met again on Tuesday and agreed that the pier would stay \
                    closed until the engineers had checked every pile, which could take \
                    until the end of the summer season.";
        let mut list = blocks(&[long, "Second paragraph.", "Related", long, long, long]);
        assert_eq!(drop_trailer(&mut list), 0);
        assert_eq!(list.len(), 6);
    }

    #[test]
    fn a_copyright_line_ends_the_article() {
        let first = "The ferry will run again from May, the council said on Tuesday, after \
                     two winters of repairs to the pier that cost far more than anyone in the \
                     valley had planned for.";
        let mut list = blocks(&[first, "Second.", "© 2021", "Designed by", "A. Maker"]);
        drop_trailer(&mut list);
        assert_eq!(texts(&list), [first, "Second."]);
    }

    #[test]
    fn drops_a_machine_summary_up_to_the_full_text() {
        let mut list = blocks(&[
            "Summary 🤖",
            "1. The pier reopens in May.",
            "2. It cost more than planned.",
            "Full Text",
            "The ferry will run again from May.",
        ]);
        assert_eq!(drop_machine_summary(&mut list), 4);
        assert_eq!(texts(&list), ["The ferry will run again from May."]);
        let mut unclosed = blocks(&["Summary 🤖", "The ferry will run again from May."]);
        assert_eq!(drop_machine_summary(&mut unclosed), 0);
    }
}
