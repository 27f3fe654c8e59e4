//! Import, second step: one source text → the articles it holds.
//!
//! A listing page (a site's front page, a news digest) closes each item with a "read more"
//! style link, usually right after the item's title repeated. Those closers are the only
//! evidence we split on: a report with numbered sections, or a single article that happens to
//! end in one "read more" link, stays whole.

use super::text::{fold_for_compare, is_blank};

/// One article's raw lines, cut out of its source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    /// 1-based line in the source where the part starts, for diagnostics.
    pub first_line: usize,
    /// The item's title, when the listing printed it again above its "read more" link: the
    /// page itself says which line is the title.
    pub repeated_title: Option<String>,
}

/// Splits `text` into articles at "read more" closers. Returns the whole text as one part when
/// it holds no clear listing structure.
pub fn split_articles(text: &str) -> Vec<Part> {
    let lines: Vec<&str> = text.split('\n').collect();
    let closers: Vec<usize> = (0..lines.len()).filter(|&i| is_read_more(lines[i])).collect();
    let mut cuts = Vec::new(); // (start, end_exclusive, next_start)
    let mut start = 0;
    let mut titled = 0;
    let mut titled_at = Vec::new(); // lines that repeat their item's title
    for &closer in &closers {
        let Some(first) = (start..closer).find(|&i| !is_blank(lines[i])) else {
            start = closer + 1;
            continue;
        };
        let last = (start..closer).rev().find(|&i| !is_blank(lines[i])).unwrap_or(first);
        let repeats_title = repeats_opening_line(&lines[start..closer], last - start);
        if repeats_title {
            titled += 1;
            titled_at.push(last);
        }
        cuts.push((start, if repeats_title { last } else { closer }));
        start = closer + 1;
    }
    if cuts.is_empty() || (titled == 0 && closers.len() < 2) {
        return vec![Part { text: text.to_string(), first_line: 1, repeated_title: None }];
    }
    // The last item of a listing has no closer, but may still repeat its title at its end.
    if let Some(first) = (start..lines.len()).find(|&i| !is_blank(lines[i])) {
        let last = (start..lines.len()).rev().find(|&i| !is_blank(lines[i])).unwrap_or(first);
        let repeats_title = repeats_opening_line(&lines[start..], last - start);
        if repeats_title {
            titled_at.push(last);
        }
        cuts.push((start, if repeats_title { last } else { lines.len() }));
    }
    cuts.into_iter()
        .filter(|&(from, to)| lines[from..to].iter().any(|l| !is_blank(l)))
        .map(|(from, to)| {
            let from = (from..to).find(|&i| !is_blank(lines[i])).unwrap_or(from);
            let repeated_title = titled_at.contains(&to).then(|| lines[to].trim().to_string());
            Part { text: lines[from..to].join("\n"), first_line: from + 1, repeated_title }
        })
        .collect()
}

/// The line at `last` repeats one of the item's first three lines (its title, which may come
/// after a date or a section label).
fn repeats_opening_line(item: &[&str], last: usize) -> bool {
    let closing = fold_for_compare(item[last]);
    item[..last].iter().filter(|l| !is_blank(l)).take(3).any(|l| fold_for_compare(l) == closing)
}

/// A line that only links on to the rest of an article: "Read more", "Continue reading »".
pub fn is_read_more(line: &str) -> bool {
    if line.trim().len() > 40 {
        return false;
    }
    let folded = fold_for_compare(line);
    let words = folded.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        words,
        "read more"
            | "read more here"
            | "continue reading"
            | "keep reading"
            | "read on"
            | "full story"
            | "read full story"
            | "read the full story"
            | "read full article"
            | "read the full article"
            | "read the rest"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(parts: &[Part]) -> Vec<String> {
        parts.iter().map(|p| p.text.trim().lines().next().unwrap_or_default().to_string()).collect()
    }

    #[test]
    fn splits_listing_items_closed_by_title_and_read_more() {
        let text = "Rain returns to the valley\n\nFarmers welcomed the rain on Monday.\n\n\
                    Rain returns to the valley\nRead more\n\nBridge reopens\n\nThe bridge \
                    reopened after repairs.\n\nBridge reopens\nread more »\n\nSchool term \
                    starts\n\nPupils went back on Tuesday.\n\nSchool term starts\n";
        let parts = split_articles(text);
        assert_eq!(
            titles(&parts),
            ["Rain returns to the valley", "Bridge reopens", "School term starts"]
        );
        assert!(!parts[0].text.contains("Read more"));
        assert_eq!(parts[0].text.matches("Rain returns").count(), 1, "closing title is dropped");
        assert_eq!(parts[2].text.matches("School term starts").count(), 1);
        assert_eq!(parts[1].first_line, 8);
        assert_eq!(parts[1].repeated_title.as_deref(), Some("Bridge reopens"));
    }

    #[test]
    fn closing_title_may_follow_a_label_line() {
        let text = "Opinion\nThe case for wells\nWells are cheap.\nThe case for wells\nRead more\n\
                    News\nBridge reopens\nIt reopened.\nBridge reopens\nRead more\n";
        let parts = split_articles(text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text, "Opinion\nThe case for wells\nWells are cheap.");
    }

    #[test]
    fn keeps_single_article_with_one_read_more_whole() {
        let text = "A title\n\nOne paragraph.\n\nRead more\n\nA last paragraph.\n";
        assert_eq!(split_articles(text).len(), 1);
    }

    #[test]
    fn splits_on_repeated_read_more_even_without_repeated_titles() {
        let text = "First item text.\nRead more\nSecond item text.\nContinue reading\nThird.";
        assert_eq!(
            titles(&split_articles(text)),
            ["First item text.", "Second item text.", "Third."]
        );
    }

    #[test]
    fn report_with_numbered_sections_stays_whole() {
        let text = "1. Introduction\n\nText.\n\n2. Findings\n\nMore text.\n\n3. Conclusion\n\nEnd.";
        assert_eq!(split_articles(text).len(), 1);
    }
}
