//! Linking: an article body and the mentions annotate resolved → the body with `[[wikilinks]]`.
//!
//! Annotate's own links from its last run are first turned back into plain text
//! ([`strip_own_links`]), so every run starts from the same text and reruns are idempotent;
//! links a person wrote or retargeted are never touched. Mentions carry exact byte ranges from
//! detection, which only looks at prose, so links never land in code, headings, front matter
//! or other links.

use std::collections::BTreeMap;
use std::ops::Range;

use super::markdown::{WikiLink, format_wikilink};

/// A wikilink annotate wrote, by target and shown text.
pub type LinkPair = (String, String);

/// The body with annotate's own links from its last run turned back into their shown text, and
/// the links that stay because a person wrote them.
pub struct Stripped {
    pub body: String,
    /// Links annotate wrote last time and still finds, by pair, with their count.
    pub own_links: BTreeMap<LinkPair, u32>,
}

/// Turns back into plain text the links in `links` that annotate wrote in its last run (up to
/// the count it wrote of each target and shown text); every other link is a person's and stays.
pub fn strip_own_links(
    body: &str,
    links: &[WikiLink],
    written: &BTreeMap<LinkPair, u32>,
) -> Stripped {
    let mut remaining = written.clone();
    let mut own_links: BTreeMap<LinkPair, u32> = BTreeMap::new();
    let mut out = String::with_capacity(body.len());
    let mut cursor = 0;
    for link in links {
        let pair = (link.target.clone(), link.shown.clone());
        let Some(left) = remaining.get_mut(&pair).filter(|left| **left > 0) else { continue };
        *left -= 1;
        *own_links.entry(pair).or_default() += 1;
        out.push_str(&body[cursor..link.range.start]);
        out.push_str(&link.shown);
        cursor = link.range.end;
    }
    out.push_str(&body[cursor..]);
    Stripped { body: out, own_links }
}

/// One mention to link: where it is in the body and the target to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedLink {
    pub range: Range<usize>,
    pub target: String,
}

/// Writes `[[target|shown]]` at each planned range of `body` (ranges sorted, not overlapping);
/// returns the new body and the count of each link written.
pub fn insert_links(body: &str, links: &[PlannedLink]) -> (String, BTreeMap<LinkPair, u32>) {
    let mut out = String::with_capacity(body.len() + links.len() * 16);
    let mut written: BTreeMap<LinkPair, u32> = BTreeMap::new();
    let mut cursor = 0;
    for link in links {
        if link.range.start < cursor {
            continue;
        }
        let shown = &body[link.range.clone()];
        out.push_str(&body[cursor..link.range.start]);
        out.push_str(&format_wikilink(&link.target, shown));
        *written.entry((link.target.clone(), shown.to_string())).or_default() += 1;
        cursor = link.range.end;
    }
    out.push_str(&body[cursor..]);
    (out, written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::markdown::parse_prose;

    fn pairs(items: &[(&str, &str, u32)]) -> BTreeMap<LinkPair, u32> {
        items.iter().map(|(t, s, n)| ((t.to_string(), s.to_string()), *n)).collect()
    }

    #[test]
    fn strips_only_the_links_annotate_wrote() {
        let body = "[[Lina Brook|Brook]] met [[Omid Brook|Brook]] and [[Lina Brook|Brook]].";
        let links = parse_prose(body).wikilinks;
        // Annotate wrote Lina twice; a person retargeted the middle one to Omid.
        let stripped = strip_own_links(body, &links, &pairs(&[("Lina Brook", "Brook", 2)]));
        assert_eq!(stripped.body, "Brook met [[Omid Brook|Brook]] and Brook.");
        assert_eq!(stripped.own_links, pairs(&[("Lina Brook", "Brook", 2)]));
    }

    #[test]
    fn inserts_links_with_shown_text_only_when_it_differs() {
        let body = "Karim Zarif spoke; Zarif left.";
        let links = [
            PlannedLink { range: 0..11, target: "Karim Zarif".into() },
            PlannedLink { range: 19..24, target: "Karim Zarif".into() },
        ];
        let (out, written) = insert_links(body, &links);
        assert_eq!(out, "[[Karim Zarif]] spoke; [[Karim Zarif|Zarif]] left.");
        assert_eq!(
            written,
            pairs(&[("Karim Zarif", "Karim Zarif", 1), ("Karim Zarif", "Zarif", 1)])
        );
    }

    #[test]
    fn strip_then_insert_is_a_round_trip() {
        let body = "Karim Zarif spoke; Zarif left.";
        let links = [
            PlannedLink { range: 0..11, target: "Karim Zarif".into() },
            PlannedLink { range: 19..24, target: "Karim Zarif".into() },
        ];
        let (linked, written) = insert_links(body, &links);
        let stripped = strip_own_links(&linked, &parse_prose(&linked).wikilinks, &written);
        assert_eq!(stripped.body, body);
    }
}
