//! Renders a synthetic [`Article`] into the files the benchmark feeds to the tools: gloss
//! Markdown with `[[wikilinks]]` (the build input), the same without links (the annotate input),
//! raw text as scraped from a page or a PDF (the import input), and entity files.

use gloss::frontmatter;
use gloss::model::{ArticleMeta, EntityMeta, Origin};

use super::article::{Article, Block, Span};
use super::names::{EntitySpec, Pool};
use super::rng::{Rng, Stream};

/// How a mention is written into Markdown.
pub type MentionStyle<'a> = &'a dyn Fn(&EntitySpec, &str, &mut String);

/// `[[Name]]` or `[[Name|shown text]]`, as annotate writes them.
pub fn wikilink(entity: &EntitySpec, surface: &str, out: &mut String) {
    out.push_str("[[");
    out.push_str(&entity.name);
    if surface != entity.name {
        out.push('|');
        out.push_str(surface);
    }
    out.push_str("]]");
}

/// The name as the text has it, unlinked.
pub fn plain(_entity: &EntitySpec, surface: &str, out: &mut String) {
    out.push_str(surface);
}

/// A gloss article file. `annotated` writes `[[links]]` and the `entities` list, as after
/// `gloss annotate`; otherwise the file is as `gloss import` would leave it.
pub fn gloss_article(article: &Article, pool: &Pool, annotated: bool) -> String {
    let meta = ArticleMeta {
        title: article.title.clone(),
        date: Some(article.date.into()),
        authors: article.authors.clone(),
        source: Some(article.source.clone()),
        entities: if annotated {
            article.entities.iter().map(|&e| pool.entities[e].id.clone()).collect()
        } else {
            Vec::new()
        },
        tags: article.tags.clone(),
        ..ArticleMeta::default()
    };
    let style: MentionStyle = if annotated { &wikilink } else { &plain };
    frontmatter::render(&meta, &markdown_body(article, pool, style))
}

/// An entity file, as annotate writes it.
pub fn gloss_entity(entity: &EntitySpec) -> String {
    let meta = EntityMeta {
        name: entity.name.clone(),
        kind: entity.kind,
        aliases: entity.aliases(),
        origin: Origin::Auto,
        link: true,
        summary: None,
        description_pin: None,
        description_reject: Vec::new(),
    };
    frontmatter::render(&meta, &entity.role)
}

/// The Markdown body: headings, paragraphs, lists and `[^n]` footnotes.
pub fn markdown_body(article: &Article, pool: &Pool, mention: MentionStyle) -> String {
    let mut out = String::with_capacity(16 * 1024);
    for block in &article.blocks {
        match block {
            Block::Heading(text) => {
                out.push_str("## ");
                out.push_str(text);
                out.push_str("\n\n");
            }
            Block::Paragraph(spans) => {
                markdown_spans(spans, pool, mention, &mut out);
                out.push_str("\n\n");
            }
            Block::Bullets(items) | Block::Numbered(items) => {
                for (i, item) in items.iter().enumerate() {
                    match block {
                        Block::Bullets(_) => out.push_str("- "),
                        _ => out.push_str(&format!("{}. ", i + 1)),
                    }
                    markdown_spans(item, pool, mention, &mut out);
                    out.push('\n');
                }
                out.push('\n');
            }
        }
    }
    for (i, note) in article.notes.iter().enumerate() {
        out.push_str(&format!("[^{}]: ", i + 1));
        markdown_spans(note, pool, mention, &mut out);
        out.push('\n');
    }
    out
}

fn markdown_spans(spans: &[Span], pool: &Pool, mention: MentionStyle, out: &mut String) {
    for span in spans {
        match span {
            Span::Text(text) => out.push_str(text),
            Span::Mention { entity, surface } => mention(&pool.entities[*entity], surface, out),
            Span::Note(n) => out.push_str(&format!("[^{n}]")),
        }
    }
}

/// The article as raw text: a title line, "By X", a date line, the source, hard-wrapped
/// paragraphs with bracketed footnote markers and a References list; some files carry page
/// numbers and words hyphenated across lines (PDF text), others share and "read more" lines
/// (web pages).
pub fn raw_text(article: &Article, pool: &Pool, seed: u64) -> String {
    let mut rng = Rng::for_item(seed, Stream::RawLayout, article.index as u64);
    let width = rng.between(68, 92);
    let from_pdf = rng.chance(0.4);
    let mut lines: Vec<String> = vec![article.title.clone(), String::new()];
    lines.push(format!("By {}", article.authors.join(" and ")));
    lines.push(if rng.chance(0.5) {
        article.date.format("%B %-d, %Y").to_string()
    } else {
        article.date.format("%-d %B %Y").to_string()
    });
    lines.push(article.source.clone());
    lines.push(String::new());
    if !from_pdf && rng.chance(0.5) {
        lines.extend(["Share this article".to_string(), String::new()]);
    }
    for block in &article.blocks {
        match block {
            Block::Heading(text) => lines.push(text.clone()),
            Block::Paragraph(spans) => {
                wrap(&raw_spans(spans, pool), width, "", &mut rng, &mut lines)
            }
            Block::Bullets(items) | Block::Numbered(items) => {
                for (i, item) in items.iter().enumerate() {
                    let marker = match block {
                        Block::Bullets(_) => "• ".to_string(),
                        _ => format!("{}. ", i + 1),
                    };
                    wrap(&(marker + &raw_spans(item, pool)), width, "  ", &mut rng, &mut lines);
                }
            }
        }
        lines.push(String::new());
    }
    if !article.notes.is_empty() {
        lines.extend(["References".to_string(), String::new()]);
        for (i, note) in article.notes.iter().enumerate() {
            wrap(
                &format!("[{}] {}", i + 1, raw_spans(note, pool)),
                width,
                "",
                &mut rng,
                &mut lines,
            );
        }
        lines.push(String::new());
    }
    if !from_pdf && rng.chance(0.5) {
        lines.push("Read more".to_string());
    }
    if from_pdf {
        add_page_numbers(&mut lines, rng.between(40, 55));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn raw_spans(spans: &[Span], pool: &Pool) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(text) => out.push_str(text),
            Span::Mention { entity, surface } => plain(&pool.entities[*entity], surface, &mut out),
            Span::Note(n) => out.push_str(&format!("[{n}]")),
        }
    }
    out
}

/// Greedy hard wrap at `width` characters; now and then a long word is hyphenated across the
/// line break, as PDF text often is.
fn wrap(text: &str, width: usize, indent: &str, rng: &mut Rng, lines: &mut Vec<String>) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        let length = line.chars().count();
        if length > 0 && length + 1 + word.chars().count() > width {
            let letters = word.chars().count();
            if letters >= 8 && word.chars().all(char::is_alphabetic) && rng.chance(0.15) {
                let cut = word.char_indices().nth(letters / 2).map_or(0, |(i, _)| i);
                line.push(' ');
                line.push_str(&word[..cut]);
                line.push('-');
                lines.push(std::mem::take(&mut line));
                line.push_str(indent);
                line.push_str(&word[cut..]);
                continue;
            }
            lines.push(std::mem::take(&mut line));
            line.push_str(indent);
        } else if length > 0 {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

/// Puts a bare page number line every `page_length` lines, mid-paragraph where it falls.
fn add_page_numbers(lines: &mut Vec<String>, page_length: usize) {
    let mut numbered = Vec::with_capacity(lines.len() + lines.len() / page_length + 1);
    for (i, line) in lines.drain(..).enumerate() {
        if i > 0 && i % page_length == 0 {
            numbered.push((i / page_length + 1).to_string());
        }
        numbered.push(line);
    }
    *lines = numbered;
}
