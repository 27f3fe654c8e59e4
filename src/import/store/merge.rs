//! Re-import of an article a person annotated: the new text of its source, with every
//! annotation decision the person made in the article (words they stopped linking, links they
//! wrote or retargeted). Only links and `nolink` carry over; when the person changed anything
//! else, or a link of theirs has no place in the new text, the merge is refused with what
//! would be lost.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use crate::annotate::link::{LinkPair, strip_own_links};
use crate::annotate::markdown::{WikiLink, format_wikilink, parse_prose};
use crate::frontmatter;
use crate::model::ArticleMeta;

/// What a re-import can do with an article a person edited.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Merge {
    /// The new file text: the new import with the person's links and `nolink`.
    Merged(String),
    /// Why the person's edits cannot carry over (what would be lost).
    Refused(String),
}

/// Merges the person's decisions in `current` (the file on disk) into `new_file` (the new
/// import). `own`: the links annotate wrote in the article last time; `was_imported`: whether
/// bytes are what the last import of this article produced.
pub(super) fn merge(
    path: &Path,
    current: &str,
    new_file: &str,
    own: &BTreeMap<LinkPair, u32>,
    was_imported: impl Fn(&[u8]) -> bool,
) -> Merge {
    let Some((meta, body)) = parse(path, current) else {
        return Merge::Refused("its front matter no longer parses".into());
    };
    let wikilinks = parse_prose(body).wikilinks;
    let stripped = strip_own_links(body, &wikilinks, own);
    let human = parse_prose(&stripped.body).wikilinks;
    let (plain, placed) = unlink(&stripped.body, &human);
    let mut as_imported = meta.clone();
    as_imported.entities.clear();
    as_imported.nolink.clear();
    if !was_imported(frontmatter::render(&as_imported, &plain).as_bytes()) {
        return Merge::Refused(
            "a person changed its text or front matter, not only its links, and the new import \
             would lose that"
                .into(),
        );
    }
    let Some((mut new_meta, new_body)) = parse(path, new_file) else {
        return Merge::Refused("the new import does not parse".into());
    };
    new_meta.nolink = meta.nolink.clone();
    for shown in unlinked(own, &stripped.own_links, &human) {
        if !new_meta.nolink.contains(&shown) {
            new_meta.nolink.push(shown);
        }
    }
    let mut links: Vec<(Range<usize>, &WikiLink)> = Vec::new();
    let mut lost = Vec::new();
    for (link, at) in human.iter().zip(placed) {
        let nth = occurrences(&plain[..at], &link.shown);
        match new_body.match_indices(link.shown.as_str()).nth(nth) {
            Some((start, _)) => links.push((start..start + link.shown.len(), link)),
            None => lost.push(format_wikilink(&link.target, &link.shown)),
        }
    }
    links.sort_by_key(|(range, _)| range.start);
    let mut linked = String::with_capacity(new_body.len() + links.len() * 16);
    let mut cursor = 0;
    for (range, link) in links {
        if range.start < cursor {
            lost.push(format_wikilink(&link.target, &link.shown));
            continue;
        }
        linked.push_str(&new_body[cursor..range.start]);
        linked.push_str(&format_wikilink(&link.target, &link.shown));
        cursor = range.end;
    }
    linked.push_str(&new_body[cursor..]);
    if !lost.is_empty() {
        return Merge::Refused(format!(
            "the new text has no place for the link{} {}",
            if lost.len() == 1 { "" } else { "s" },
            lost.join(", ")
        ));
    }
    Merge::Merged(frontmatter::render(&new_meta, &linked))
}

fn parse<'a>(path: &Path, text: &'a str) -> Option<(ArticleMeta, &'a str)> {
    let doc = frontmatter::split(text, path).ok()?;
    let (meta, _) = frontmatter::parse::<ArticleMeta>(&doc, path).ok()?;
    Some((meta, doc.body))
}

/// `body` with every link turned into its shown text, and where each link's text starts in it.
fn unlink(body: &str, links: &[WikiLink]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(body.len());
    let mut starts = Vec::with_capacity(links.len());
    let mut cursor = 0;
    for link in links {
        out.push_str(&body[cursor..link.range.start]);
        starts.push(out.len());
        out.push_str(&link.shown);
        cursor = link.range.end;
    }
    out.push_str(&body[cursor..]);
    (out, starts)
}

/// How often `word` occurs in `text` (not overlapping).
fn occurrences(text: &str, word: &str) -> usize {
    if word.is_empty() { 0 } else { text.matches(word).count() }
}

/// Text of annotate's links a person removed: fewer remain than annotate wrote, and no link of
/// the person's (a retarget or relabel) stands in for them.
fn unlinked(
    written: &BTreeMap<LinkPair, u32>,
    found: &BTreeMap<LinkPair, u32>,
    human: &[WikiLink],
) -> Vec<String> {
    let mut spare: Vec<Option<&WikiLink>> = human.iter().map(Some).collect();
    let mut out = Vec::new();
    for (pair, count) in written {
        let (target, shown) = pair;
        let mut lost = count.saturating_sub(found.get(pair).copied().unwrap_or(0));
        for slot in spare.iter_mut() {
            if lost > 0 && slot.is_some_and(|l| &l.shown == shown || &l.target == target) {
                *slot = None;
                lost -= 1;
            }
        }
        if lost > 0 && !out.contains(shown) {
            out.push(shown.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(title: &str, nolink: &[&str], body: &str) -> String {
        let meta = ArticleMeta {
            title: title.into(),
            nolink: nolink.iter().map(|s| s.to_string()).collect(),
            ..ArticleMeta::default()
        };
        frontmatter::render(&meta, body)
    }

    fn own(items: &[(&str, &str, u32)]) -> BTreeMap<LinkPair, u32> {
        items.iter().map(|(t, s, n)| ((t.to_string(), s.to_string()), *n)).collect()
    }

    const OLD: &str = "Hashim met Dara in Kabul. Hashim left Kabul.\n";
    const NEW: &str = "Hashim met Dara in Kabul. Hashim left Kabul at dawn.\n";

    fn merged(current: &str, written: &BTreeMap<LinkPair, u32>) -> Merge {
        let imported = file("Talks", &[], OLD);
        merge(Path::new("a.md"), current, &file("Talks", &[], NEW), written, |bytes| {
            bytes == imported.as_bytes()
        })
    }

    #[test]
    fn a_retargeted_link_and_nolink_carry_over_to_the_new_text() {
        let written = own(&[("Hareer Hashim", "Hashim", 2), ("Kabul", "Kabul", 2)]);
        let current = file(
            "Talks",
            &["Dara"],
            "[[Hareer Hashim|Hashim]] met Dara in [[Kabul]]. [[Muhammad Hashim|Hashim]] left \
             [[Kabul]].\n",
        );
        let Merge::Merged(text) = merged(&current, &written) else { panic!() };
        assert!(text.contains("nolink:\n- Dara\n"), "{text}");
        assert!(
            text.contains(
                "Hashim met Dara in Kabul. [[Muhammad Hashim|Hashim]] left Kabul at dawn."
            ),
            "{text}"
        );
    }

    #[test]
    fn a_removed_link_becomes_nolink() {
        let written = own(&[("Kabul", "Kabul", 2)]);
        let current = file("Talks", &[], "Hashim met Dara in [[Kabul]]. Hashim left Kabul.\n");
        let Merge::Merged(text) = merged(&current, &written) else { panic!() };
        assert!(text.contains("nolink:\n- Kabul\n"), "{text}");
    }

    #[test]
    fn edited_text_or_a_link_without_a_place_is_refused() {
        let current = file("Talks", &[], "Hashim met Dara in Kabul. Hashim left Herat.\n");
        let Merge::Refused(why) = merged(&current, &BTreeMap::new()) else { panic!() };
        assert!(why.contains("text"), "{why}");
        let imported = file("Talks", &[], OLD);
        let current =
            file("Talks", &[], "Hashim met [[Dara Noor|Dara]] in Kabul. Hashim left Kabul.\n");
        let gone = file("Talks", &[], "Hashim left Kabul.\n");
        let result = merge(Path::new("a.md"), &current, &gone, &BTreeMap::new(), |b| {
            b == imported.as_bytes()
        });
        assert_eq!(
            result,
            Merge::Refused("the new text has no place for the link [[Dara Noor|Dara]]".into())
        );
    }
}
