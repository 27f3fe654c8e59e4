//! Import, last step: blocks and footnotes → the Markdown body, and the article's slug.
//!
//! Imported text is untrusted, so everything it says is escaped to show as text: no HTML tag,
//! entity, link, wikilink, footnote or block structure can come from it. Only the structure the
//! importer recognised (headings, lists, captions, asides, footnotes) is written as Markdown.

use super::footnotes::Footnote;
use super::{Block, BlockKind, MARK_CLOSE, MARK_OPEN};

/// Writes the article body.
pub fn render_body(blocks: &[Block], footnotes: &[Footnote]) -> String {
    let mut out = String::new();
    let mut previous: Option<BlockKind> = None;
    for block in blocks {
        let text = escape_inline(&collapse_spaces(&block.text));
        if text.is_empty() {
            continue;
        }
        match previous {
            None => {}
            Some(BlockKind::ListItem) if block.kind == BlockKind::ListItem => out.push('\n'),
            Some(_) => out.push_str("\n\n"),
        }
        match block.kind {
            BlockKind::Paragraph | BlockKind::Dateline => out.push_str(&escape_block_start(&text)),
            BlockKind::Heading => {
                out.push_str("## ");
                out.push_str(&escape_heading_end(&escape_block_start(&text)));
            }
            BlockKind::ListItem => {
                out.push_str("- ");
                out.push_str(&escape_block_start(&text));
            }
            BlockKind::Caption | BlockKind::Byline => {
                out.push('*');
                out.push_str(&text);
                out.push('*');
            }
            BlockKind::Aside => {
                out.push_str("> ");
                out.push_str(&escape_block_start(&text));
            }
        }
        previous = Some(block.kind);
    }
    for note in footnotes {
        out.push_str(if out.is_empty() { "" } else { "\n\n" });
        out.push_str(&format!("[^{}]: ", note.number));
        out.push_str(&escape_block_start(&link_urls(note.text.trim())));
    }
    out.push('\n');
    out
}

/// Runs of spaces (left by layout) become one space.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Escapes Markdown and HTML inside a line of text, and turns footnote placeholders into
/// `[^n]` (or a visible `\[n\]` when the note is missing).
pub fn escape_inline(text: &str) -> String {
    // Most lines hold none of the characters that need escaping: each stands for itself.
    const SPECIAL: &[char] =
        &[MARK_OPEN, MARK_CLOSE, '\\', '`', '*', '_', '<', '&', '[', ']', '!', '~', '|', '$'];
    if !text.contains(SPECIAL) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let next = chars.get(index + 1).copied();
        let previous = index.checked_sub(1).map(|i| chars[i]);
        match c {
            MARK_OPEN => {
                let end = (index + 1..chars.len())
                    .find(|&i| chars[i] == MARK_CLOSE)
                    .unwrap_or(chars.len());
                let label: String = chars[index + 1..end].iter().collect();
                match label.strip_prefix('?') {
                    Some(number) => out.push_str(&format!("\\[{number}\\]")),
                    None => out.push_str(&format!("[^{label}]")),
                }
                index = end + 1;
                continue;
            }
            MARK_CLOSE => {}
            '\\' | '`' | '*' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let intraword = previous.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if !intraword {
                    out.push('\\');
                }
                out.push('_');
            }
            '<' => out.push_str("\\<"),
            '&' => {
                let rest: String = chars[index + 1..chars.len().min(index + 12)].iter().collect();
                let entity_like = rest.find(';').is_some_and(|semi| {
                    let name = rest[..semi].trim_start_matches('#');
                    !name.is_empty() && name.chars().all(char::is_alphanumeric)
                });
                out.push_str(if entity_like { "\\&" } else { "&" });
            }
            '[' if matches!(next, Some('[' | '^')) => out.push_str("\\["),
            ']' if matches!(next, Some('(' | '[' | ':')) || previous == Some(']') => {
                out.push_str("\\]")
            }
            '!' if next == Some('[') => out.push_str("\\!"),
            '~' if next == Some('~') || previous == Some('~') => out.push_str("\\~"),
            '|' => out.push_str("\\|"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
        index += 1;
    }
    out
}

/// Escapes what would make a line start a Markdown block: `#`, `>`, list bullets and numbers,
/// `=`/`-` underlines, fences, link reference definitions.
fn escape_block_start(text: &str) -> String {
    let first = text.chars().next();
    if let Some('#' | '>' | '+' | '-' | '=' | '~' | '[') = first {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(text.as_bytes().get(digits), Some(b'.' | b')')) {
        let after = text.as_bytes().get(digits + 1);
        if after.is_none() || after == Some(&b' ') {
            return format!("{}\\{}", &text[..digits], &text[digits..]);
        }
    }
    text.to_string()
}

/// A heading's closing `#`s would be taken as Markdown, not text.
fn escape_heading_end(text: &str) -> String {
    match text.strip_suffix('#') {
        Some(rest) => format!("{rest}\\#"),
        None => text.to_string(),
    }
}

/// Text of a note with its URLs as autolinks (`<https://...>`); the rest escaped.
fn link_urls(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = find_url(rest) {
        out.push_str(&escape_inline(&rest[..start]));
        let url_text = &rest[start..];
        let end = url_text
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '“' | '”'))
            .unwrap_or(url_text.len());
        let mut url = &url_text[..end];
        // Trailing punctuation belongs to the sentence, and a closing bracket to the text
        // unless the URL opened one.
        loop {
            let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’']);
            let trimmed = if trimmed.ends_with(')') && !trimmed.contains('(') {
                &trimmed[..trimmed.len() - 1]
            } else {
                trimmed
            };
            if trimmed.len() == url.len() {
                break;
            }
            url = trimmed;
        }
        if url.starts_with("www.") {
            out.push_str(&format!(
                "[{}](https://{})",
                escape_inline(url),
                url.replace(['(', ')'], "")
            ));
        } else {
            out.push('<');
            out.push_str(url);
            out.push('>');
        }
        rest = &url_text[url.len()..];
    }
    out.push_str(&escape_inline(rest));
    out
}

fn find_url(text: &str) -> Option<usize> {
    ["https://", "http://", "www."]
        .iter()
        .filter_map(|scheme| {
            let mut from = 0;
            while let Some(at) = text[from..].find(scheme) {
                let at = from + at;
                let boundary = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric() && c != '/' && c != '.');
                let has_host =
                    text[at + scheme.len()..].chars().next().is_some_and(char::is_alphanumeric);
                if boundary && has_host {
                    return Some(at);
                }
                from = at + scheme.len();
            }
            None
        })
        .min()
}

/// The slug of an article: its title in lower-case ASCII words joined by `-`, at most 80
/// characters, cut at a word boundary. Only `a-z`, `0-9` and `-` can occur, so it can never
/// name a path outside its folder.
pub fn slug_for(title: &str) -> String {
    let slug = crate::load::slugify(title);
    let mut cut = String::new();
    for word in slug.split('-').filter(|w| !w.is_empty()) {
        if !cut.is_empty() && cut.len() + 1 + word.len() > 80 {
            break;
        }
        if !cut.is_empty() {
            cut.push('-');
        }
        cut.push_str(&word[..word.len().min(80)]);
    }
    if cut.is_empty() { "article".to_string() } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_one(kind: BlockKind, text: &str) -> String {
        render_body(&[Block::new(kind, text, 1)], &[])
    }

    #[test]
    fn html_in_the_text_stays_text() {
        let out = render_one(
            BlockKind::Paragraph,
            "<script>alert(1)</script> <img src=x onerror=alert(1)> &amp; AT&T",
        );
        assert_eq!(
            out,
            "\\<script>alert(1)\\</script> \\<img src=x onerror=alert(1)> \\&amp; AT&T\n"
        );
        let html = markdown_to_html(&out);
        assert!(!html.contains("<script") && !html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn text_cannot_forge_links_wikilinks_or_footnotes() {
        let out =
            render_one(BlockKind::Paragraph, "[[Fake]] [x](javascript:alert(1)) [^1] ![img](y)");
        let html = markdown_to_html(&out);
        assert!(!html.contains("<a") && !html.contains("<img"), "{html}");
        assert!(html.contains("[[Fake]]"), "{html}");
    }

    #[test]
    fn text_cannot_start_markdown_blocks() {
        for text in [
            "# Not a heading",
            "> not a quote",
            "- not a list",
            "1. not a list",
            "2024. A year",
            "---",
            "```",
            "[a]: http://x",
        ] {
            let html = markdown_to_html(&render_one(BlockKind::Paragraph, text));
            assert!(html.starts_with("<p>"), "{text} → {html}");
        }
    }

    #[test]
    fn asterisks_and_underscores_do_not_emphasise() {
        let html = markdown_to_html(&render_one(
            BlockKind::Paragraph,
            "Firdous* and Irshad* met _here_ in snake_case",
        ));
        assert!(!html.contains("<em>"), "{html}");
    }

    #[test]
    fn writes_structure_the_importer_recognised() {
        let blocks = [
            Block::new(BlockKind::Heading, "What farmers said", 1),
            Block::new(
                BlockKind::Paragraph,
                &format!("It rained.{MARK_OPEN}1{MARK_CLOSE} Twice.{MARK_OPEN}?2{MARK_CLOSE}"),
                2,
            ),
            Block::new(BlockKind::ListItem, "one", 3),
            Block::new(BlockKind::ListItem, "two", 4),
            Block::new(BlockKind::Caption, "A farmer. Photo: Li Wei", 5),
            Block::new(BlockKind::Aside, "Rivers are life.", 6),
        ];
        let notes = [Footnote {
            number: 1,
            text: "See https://example.org/a_b. Or www.example.com.".into(),
        }];
        let out = render_body(&blocks, &notes);
        assert_eq!(
            out,
            "## What farmers said\n\nIt rained.[^1] Twice.\\[2\\]\n\n- one\n- two\n\n*A farmer. Photo: Li Wei*\n\n\
             > Rivers are life.\n\n[^1]: See <https://example.org/a_b>. Or [www.example.com](https://www.example.com).\n"
        );
    }

    #[test]
    fn slugs_are_safe_and_bounded() {
        assert_eq!(slug_for("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug_for("Birds of a Feather: What?"), "birds-of-a-feather-what");
        assert_eq!(slug_for("؟"), "article");
        assert!(slug_for(&"word ".repeat(100)).len() <= 80);
    }

    fn markdown_to_html(markdown: &str) -> String {
        use pulldown_cmark::{Options, Parser, html};
        let mut options = Options::empty();
        options.insert(Options::ENABLE_FOOTNOTES);
        options.insert(Options::ENABLE_WIKILINKS);
        options.insert(Options::ENABLE_TABLES);
        options.insert(Options::ENABLE_STRIKETHROUGH);
        let mut out = String::new();
        html::push_html(&mut out, Parser::new_ext(markdown, options));
        out
    }
}
