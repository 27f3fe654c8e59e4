//! `gloss import --explain FILE`: what each raw line of a file became (title, byline, date,
//! body, footnote, caption, chrome dropped) and the step of the import that decided. The steps
//! record their decisions as they make them: [`Trace::stage`] notes the blocks a step took out
//! of the article, the layout notes the lines it dropped, and what is left is the body.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Block, BlockKind};
use crate::model::ArticleMeta;

/// What one raw line became, and the rule that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub became: String,
    pub rule: &'static str,
}

/// The decisions of one article, by raw line (1-based).
#[derive(Debug, Default)]
pub struct Trace {
    lines: BTreeMap<usize, Decision>,
    /// Blocks taken out by the header and footer readers: what they became is known once the
    /// front matter is complete.
    metadata: Vec<(usize, String, &'static str)>,
}

impl Trace {
    pub fn record(&mut self, line: usize, became: &str, rule: &'static str) {
        self.lines.entry(line).or_insert(Decision { became: became.to_string(), rule });
    }

    /// Runs one step on `blocks` and records the blocks it took out as `became` by `rule`
    /// (`None` for `became`: a metadata reader, whose blocks are sorted out at the end).
    pub fn stage(
        trace: &mut Option<&mut Trace>,
        blocks: &mut Vec<Block>,
        rule: &'static str,
        became: Option<&str>,
        step: impl FnOnce(&mut Vec<Block>),
    ) {
        let Some(trace) = trace else {
            step(blocks);
            return;
        };
        let before: Vec<(usize, String)> =
            blocks.iter().map(|b| (b.line, b.text.clone())).collect();
        step(blocks);
        let mut after: BTreeMap<usize, usize> = BTreeMap::new();
        for block in blocks.iter() {
            *after.entry(block.line).or_default() += 1;
        }
        for (line, text) in before {
            match after.get_mut(&line) {
                Some(count) if *count > 0 => *count -= 1,
                _ => match became {
                    Some(became) => trace.record(line, became, rule),
                    None => trace.metadata.push((line, text, rule)),
                },
            }
        }
    }

    /// Records what the metadata readers took, now that the front matter is known, and what
    /// is left in the body.
    pub fn finish(&mut self, meta: &ArticleMeta, body: &[Block]) {
        for (line, text, rule) in std::mem::take(&mut self.metadata) {
            self.record(line, &metadata_part(meta, &text), rule);
        }
        for block in body {
            let became = match block.kind {
                BlockKind::Paragraph => "body",
                BlockKind::Heading => "body: heading",
                BlockKind::ListItem => "body: list item",
                BlockKind::Caption => "caption",
                BlockKind::Aside => "body: aside (pull quote)",
                BlockKind::Byline => "body: byline kept (not all of it understood)",
                BlockKind::Dateline => "body: dateline",
            };
            self.record(block.line, became, "kept");
        }
    }

    /// The report for one article: one line per raw line from `first` to `last`, lines that
    /// continue a paragraph marked as such.
    pub fn report(&self, raw_lines: &[&str], first: usize) -> String {
        let mut out = String::new();
        let mut current: Option<&Decision> = None;
        for (offset, raw) in raw_lines.iter().enumerate() {
            let line = first + offset;
            if raw.trim().is_empty() {
                continue;
            }
            let shown: String = raw.trim().chars().take(60).collect();
            match self.lines.get(&line) {
                Some(decision) => {
                    // A line the layout dropped on its own (a page number) ends no block.
                    if !LINE_RULES.contains(&decision.rule) {
                        current = Some(decision);
                    }
                    let _ = writeln!(
                        out,
                        "{line:>5}  {:<34} [{}]  {shown}",
                        decision.became, decision.rule
                    );
                }
                None => {
                    let became = current.map_or("dropped", |d| d.became.as_str());
                    let _ = writeln!(
                        out,
                        "{line:>5}  {:<34} [same block]  {shown}",
                        format!("  … {became}")
                    );
                }
            }
        }
        out
    }
}

/// Rules the layout applies to single lines, between the lines of a paragraph.
pub const LINE_RULES: &[&str] = &["page number or running head", "footnote", "foot-of-page note"];

/// Which front-matter field a block the metadata readers took went to.
fn metadata_part(meta: &ArticleMeta, text: &str) -> String {
    let text = text.trim();
    let contains = |value: &str| !value.is_empty() && text.contains(value);
    if text == meta.title {
        return "title".into();
    }
    if meta.subtitle.as_deref() == Some(text) {
        return "subtitle".into();
    }
    let mut parts = Vec::new();
    if meta.authors.iter().any(|a| contains(a)) || meta.editors.iter().any(|e| contains(e)) {
        parts.push("byline");
    }
    if meta.source.as_deref().is_some_and(contains) {
        parts.push("source");
    }
    if meta.tags.iter().any(|t| text.to_lowercase().contains(t.as_str())) {
        parts.push("tag");
    }
    if meta.photo_credits.iter().any(|c| contains(c)) {
        parts.push("photo credit");
    }
    if parts.is_empty() && meta.date.is_some() && super::dates::parse_date_line(text).is_some() {
        parts.push("date");
    }
    if parts.is_empty() {
        return "chrome dropped".into();
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_what_a_step_took_out_and_what_stayed() {
        let mut trace = Trace::default();
        let mut blocks = vec![
            Block::new(BlockKind::Paragraph, "Share this page", 1),
            Block::new(BlockKind::Paragraph, "The ferry runs again.", 3),
        ];
        Trace::stage(&mut Some(&mut trace), &mut blocks, "debris", Some("chrome dropped"), |b| {
            b.remove(0);
        });
        trace.finish(&ArticleMeta::default(), &blocks);
        let report = trace.report(&["Share this page", "", "The ferry runs again.", "and on."], 1);
        assert!(report.contains("chrome dropped"), "{report}");
        assert!(report.contains("[debris]  Share this page"), "{report}");
        assert!(report.contains("body"), "{report}");
        assert!(report.contains("… body"), "{report}");
    }
}
