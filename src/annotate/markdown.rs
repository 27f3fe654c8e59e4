//! The Markdown an annotator may read and write: prose blocks (paragraphs, list items, table
//! cells, block quotes, footnote text) with a map back to byte offsets in the body, and the
//! wikilinks already present. Code, HTML, link text, images and headings are not prose: names
//! there are neither detected nor linked (headings are title case, so capitals say nothing).

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

/// Stands in the prose text for anything that is not prose (a code span, a link): names never
/// run across it.
pub const BARRIER: char = '\u{FFFC}';

/// A `[[target]]` or `[[target|shown]]` in an article body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WikiLink {
    /// Byte range of the whole `[[...]]` in the body.
    pub range: Range<usize>,
    pub target: String,
    /// The text shown: after `|`, or the target itself.
    pub shown: String,
}

/// One block of prose: its text (soft breaks as spaces, non-prose as [`BARRIER`]) and where
/// each stretch of it sits in the body.
#[derive(Debug, Default)]
pub struct Block {
    pub text: String,
    /// (offset in `text`, offset in the body, length in bytes) of each verbatim stretch.
    spans: Vec<(usize, usize, usize)>,
}

impl Block {
    /// The body range of `text[range]`, when that text is one verbatim stretch of the body.
    pub fn body_range(&self, range: Range<usize>) -> Option<Range<usize>> {
        let index =
            self.spans.partition_point(|&(start, _, _)| start <= range.start).checked_sub(1)?;
        let (start, body_start, len) = self.spans[index];
        (range.end <= start + len).then(|| {
            let offset = body_start + (range.start - start);
            offset..offset + range.len()
        })
    }

    fn push_verbatim(&mut self, text: &str, body_start: usize) {
        self.spans.push((self.text.len(), body_start, text.len()));
        self.text.push_str(text);
    }

    fn push_separator(&mut self, c: char) {
        if !self.text.is_empty() && !self.text.ends_with(c) {
            self.text.push(c);
        }
    }
}

/// The parsed prose of a body and its wikilinks.
#[derive(Debug, Default)]
pub struct Prose {
    pub blocks: Vec<Block>,
    pub wikilinks: Vec<WikiLink>,
}

fn options() -> Options {
    Options::ENABLE_WIKILINKS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
}

/// Parses `body` into prose blocks and wikilinks.
pub fn parse_prose(body: &str) -> Prose {
    let mut prose = Prose::default();
    let mut block = Block::default();
    // Depth inside things whose text is not prose.
    let mut hidden = 0usize;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. } = &tag
                    && hidden == 0
                {
                    prose.wikilinks.push(wikilink(body, range.clone(), dest_url));
                }
                match tag {
                    Tag::Link { .. } | Tag::Image { .. } => {
                        block.push_separator(BARRIER);
                        hidden += 1;
                    }
                    Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::MetadataBlock(_) => {
                        flush(&mut prose, &mut block);
                        hidden += 1;
                    }
                    Tag::Emphasis
                    | Tag::Strong
                    | Tag::Strikethrough
                    | Tag::Superscript
                    | Tag::Subscript => {}
                    _ => flush(&mut prose, &mut block),
                }
            }
            Event::End(tag) => match tag {
                TagEnd::Link | TagEnd::Image => {
                    hidden -= 1;
                    block.push_separator(BARRIER);
                }
                TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock
                | TagEnd::MetadataBlock(_) => {
                    hidden -= 1;
                    flush(&mut prose, &mut block);
                }
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript => {}
                _ => flush(&mut prose, &mut block),
            },
            Event::Text(text) if hidden == 0 => {
                if body.get(range.clone()) == Some(&*text) {
                    block.push_verbatim(&text, range.start);
                } else {
                    // An escape or entity: the text differs from the source, so it cannot be
                    // linked in place; it still separates names.
                    block.push_separator(BARRIER);
                }
            }
            Event::SoftBreak if hidden == 0 => block.push_separator(' '),
            Event::Text(_) | Event::SoftBreak => {}
            _ => block.push_separator(BARRIER),
        }
    }
    flush(&mut prose, &mut block);
    prose
}

fn flush(prose: &mut Prose, block: &mut Block) {
    if block.spans.is_empty() {
        block.text.clear();
    } else {
        prose.blocks.push(std::mem::take(block));
    }
}

fn wikilink(body: &str, range: Range<usize>, dest: &str) -> WikiLink {
    let source = &body[range.clone()];
    let inner = source.strip_prefix("[[").and_then(|s| s.strip_suffix("]]")).unwrap_or(source);
    let shown = match inner.split_once('|') {
        Some((_, shown)) => shown.to_string(),
        None => inner.to_string(),
    };
    WikiLink { range, target: dest.trim().to_string(), shown }
}

/// Writes a wikilink the way annotate writes them: `[[Name]]` when the shown text is the name,
/// else `[[Name|shown]]`.
pub fn format_wikilink(target: &str, shown: &str) -> String {
    if target == shown { format!("[[{target}]]") } else { format!("[[{target}|{shown}]]") }
}

/// 1-based line and column of a byte offset in the body, given the line the body starts on.
pub fn body_position(body: &str, offset: usize, body_line: usize) -> (usize, usize) {
    let (line, column) = crate::config::line_column(body, offset);
    (body_line + line - 1, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_texts(body: &str) -> Vec<String> {
        parse_prose(body).blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn skips_code_headings_and_link_text() {
        let body = "# Big Heading\n\nSara met `Code Name` and [Link Text](http://x) in\nOslo.\n\n```\nFenced Name\n```\n";
        let texts = block_texts(body);
        assert_eq!(texts, vec!["Sara met \u{FFFC} and \u{FFFC} in Oslo.".to_string()]);
    }

    #[test]
    fn maps_prose_back_to_body_offsets() {
        let body = "Intro line\n\n- Sara *met* Tom in Oslo\n";
        let prose = parse_prose(body);
        let block = &prose.blocks[1];
        let start = block.text.find("Oslo").unwrap();
        let range = block.body_range(start..start + 4).unwrap();
        assert_eq!(&body[range], "Oslo");
    }

    #[test]
    fn finds_wikilinks_with_and_without_shown_text() {
        let body = "See [[Tom Bell]] and [[Tom Bell|Bell]], not `[[Code]]`.\n";
        let links = parse_prose(body).wikilinks;
        assert_eq!(links.len(), 2);
        assert_eq!((links[0].target.as_str(), links[0].shown.as_str()), ("Tom Bell", "Tom Bell"));
        assert_eq!((links[1].target.as_str(), links[1].shown.as_str()), ("Tom Bell", "Bell"));
        assert_eq!(&body[links[1].range.clone()], "[[Tom Bell|Bell]]");
    }

    #[test]
    fn a_range_across_a_soft_break_has_no_body_range() {
        let body = "Sara\nBell left\n";
        let block = &parse_prose(body).blocks[0];
        assert_eq!(block.text, "Sara Bell left");
        assert_eq!(block.body_range(0..9), None);
        assert_eq!(block.body_range(5..9), Some(5..9));
    }
}
