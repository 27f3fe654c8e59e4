//! Import stage: raw article text (web page scrapes, PDF text, listing pages) → one Markdown
//! file per article under `content/articles/`, with front matter and footnotes.
//!
//! Steps, each its own module, with plain data between them:
//! `decode` (bytes → text) → `split` (text → articles) → `layout` (lines → blocks, PDF reflow
//! and foot-of-page notes, with `markers`) → `clean` (debris, captions, headings, repeats),
//! `trailer` (the site's furniture around the article) and `metadata` (title, byline, credits
//! → front matter) → `footnotes` (note lists, markers → `[^n]`) → `emit` (Markdown) → `store`
//! (slugs, files, ledger). Files are imported in parallel. `explain` records what each step
//! decided, for `gloss import --explain`.

mod byline;
pub mod clean;
pub mod credits;
pub mod dates;
pub mod decode;
pub mod emit;
mod explain;
pub mod footnotes;
mod hyphens;
pub mod layout;
pub mod markers;
mod masthead;
pub mod metadata;
pub mod names;
mod newswire;
pub mod sources;
pub mod split;
pub mod store;
pub mod text;
mod trailer;

use crate::diagnostics::{Category, Diagnostic, Location};
use crate::model::ArticleMeta;
use explain::Trace;

pub use store::{ImportOptions, ImportReport, PendingImport, import_articles, run_import};

/// Private-use characters that bracket a footnote placeholder between the footnote and emit
/// steps (`decode` removes them from the input, so the text itself cannot forge one).
pub const MARK_OPEN: char = '\u{E000}';
pub const MARK_CLOSE: char = '\u{E001}';

/// What a block of an article is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    /// A photo caption, with its credit.
    Caption,
    /// Text set apart from the body: a pull quote or box that does not repeat the body.
    Aside,
    /// A byline line kept in the body because not all of it could go into front matter.
    Byline,
    /// A newswire dateline ("RIVERTON 1998-03-14"): body text, never a heading.
    Dateline,
}

/// One block of an article's text: a paragraph, heading, list item, ...
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    /// 1-based line in the source file where the block starts.
    pub line: usize,
    /// The block is one line of the source (a title or heading can only be one line).
    pub single_line: bool,
}

impl Block {
    pub fn new(kind: BlockKind, text: &str, line: usize) -> Block {
        Block { kind, text: text.to_string(), line, single_line: true }
    }
}

/// One imported article, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportedArticle {
    pub meta: ArticleMeta,
    /// Markdown body, ending with a newline.
    pub body: String,
    pub footnotes: usize,
}

/// Imports one source file's bytes. `source_file` is the provenance written into front
/// matter; `shown_as` is the path diagnostics name. A file that cannot be read as text is an
/// error naming it.
pub fn import_bytes(
    bytes: &[u8],
    source_file: &str,
    shown_as: &str,
) -> Result<(Vec<ImportedArticle>, Vec<Diagnostic>), Diagnostic> {
    let (text, encoding) = decode::decode(bytes).map_err(|e| {
        Diagnostic::error(
            Category::UnreadableSource,
            Some(Location::file(shown_as)),
            format!("cannot import: {e}"),
        )
    })?;
    let (articles, mut diagnostics) = import_text(&text, source_file, shown_as);
    if encoding == decode::Encoding::Windows1252 {
        diagnostics.insert(
            0,
            Diagnostic::warning(
                Category::Encoding,
                Some(Location::file(shown_as)),
                "not UTF-8; read as Windows-1252 (Latin-1); check accented letters and quotes",
            ),
        );
    }
    Ok((articles, diagnostics))
}

/// Imports decoded text: splits it into articles and turns each into front matter and Markdown.
pub fn import_text(
    text: &str,
    source_file: &str,
    shown_as: &str,
) -> (Vec<ImportedArticle>, Vec<Diagnostic>) {
    // Text that did not come through `decode` may still hold `\r` or the placeholder marks.
    let normalised;
    let text = if text.contains(['\r', MARK_OPEN, MARK_CLOSE]) {
        normalised = decode::normalise(text);
        normalised.as_str()
    } else {
        text
    };
    let mut articles = Vec::new();
    let mut diagnostics = Vec::new();
    for part in split::split_articles(text) {
        let number = articles.len() as u32 + 1;
        match import_article(&part, source_file, number, shown_as, None) {
            Some((article, problems)) => {
                articles.push(article);
                diagnostics.extend(problems);
            }
            None => diagnostics.push(Diagnostic::warning(
                Category::EmptyArticle,
                Some(Location::at(shown_as, part.first_line, 0)),
                "this part of the file holds no article text after cleaning; skipped",
            )),
        }
    }
    drop_listing_heading(&mut articles);
    (articles, diagnostics)
}

/// On a listing page split into articles, the page's own heading ("Latest from the region")
/// sits above the first item's headline, so the first article alone reads a title and a
/// subtitle: the headline is its title, and the heading goes.
fn drop_listing_heading(articles: &mut [ImportedArticle]) {
    let Some((first, others)) = articles.split_first_mut() else { return };
    let only_first_has_two = first.meta.subtitle.is_some()
        && !others.is_empty()
        && others.iter().all(|a| a.meta.subtitle.is_none() && !a.meta.title_inferred);
    if only_first_has_two && let Some(headline) = first.meta.subtitle.take() {
        first.meta.title = headline;
    }
}

fn import_article(
    part: &split::Part,
    source_file: &str,
    number: u32,
    shown_as: &str,
    mut trace: Option<&mut Trace>,
) -> Option<(ImportedArticle, Vec<Diagnostic>)> {
    let layout = layout::lay_out(&part.text, part.first_line);
    if let Some(trace) = trace.as_deref_mut() {
        for (line, why) in &layout.dropped {
            let became = if *why == "footnote" { "footnote" } else { "chrome dropped" };
            trace.record(*line, became, why);
        }
        for note in &layout.notes {
            trace.record(note.line, "footnote", "foot-of-page note");
        }
    }
    let mut blocks = layout.blocks;
    // The first line is where a title is looked for: one of symbols only is neither title nor
    // text, and the writer should hear that it went.
    let symbol_title = blocks
        .first()
        .filter(|block| clean::is_short_symbol_line(&block.text) && !block.text.trim().is_empty())
        .map(|block| {
            Diagnostic::warning(
                Category::DroppedLine,
                Some(Location::at(shown_as, block.line, 1)),
                format!(
                    "the first line {:?} has no letter or digit, so it is taken for page \
                     decoration and left out (neither title nor text); write the title in words",
                    block.text.trim()
                ),
            )
        });
    let chrome = Some("chrome dropped");
    Trace::stage(&mut trace, &mut blocks, "debris: widget, menu or navigation line", chrome, |b| {
        clean::drop_debris(b);
    });
    Trace::stage(&mut trace, &mut blocks, "machine summary", chrome, |b| {
        trailer::drop_machine_summary(b);
    });
    let mut notes = layout.notes;
    let wrapped = layout.wrapped;
    // A web page's note list without a heading has markers glued like a PDF's ("1948.3").
    let mut glued_markers = wrapped;
    Trace::stage(&mut trace, &mut blocks, "notes section", Some("footnote"), |b| {
        notes.extend(footnotes::take_note_section(b));
        if notes.is_empty() && !wrapped {
            notes = footnotes::take_trailing_notes(b);
            glued_markers = !notes.is_empty();
        }
    });
    let domains = credits::domain_names(&part.text);
    let mut meta = ArticleMeta::default();
    if let Some(title) = &part.repeated_title {
        Trace::stage(&mut trace, &mut blocks, "listing item's repeated title", None, |b| {
            metadata::take_stated_title(b, &mut meta, title);
        });
    }
    if meta.title.is_empty() {
        Trace::stage(&mut trace, &mut blocks, "masthead above the title", chrome, |b| {
            masthead::drop_masthead(b);
        });
    }
    Trace::stage(&mut trace, &mut blocks, "header under the title", None, |b| {
        metadata::take_header(b, &mut meta, &domains);
    });
    Trace::stage(&mut trace, &mut blocks, "'By' line under a standfirst", None, |b| {
        metadata::take_late_byline(b, &mut meta);
    });
    Trace::stage(&mut trace, &mut blocks, "footer: byline, bio or credit", None, |b| {
        metadata::take_footer(b, &mut meta, &domains);
    });
    Trace::stage(&mut trace, &mut blocks, "site trailer (tags, share, copyright)", chrome, |b| {
        trailer::drop_trailer(b);
    });
    Trace::stage(&mut trace, &mut blocks, "photo credit without a caption", None, |b| {
        clean::mark_captions(b, &mut meta);
    });
    clean::mark_headings(&mut blocks);
    Trace::stage(&mut trace, &mut blocks, "repeated paragraph (later copy kept)", chrome, |b| {
        clean::drop_repeats(b);
    });
    if blocks.is_empty() && meta.title.is_empty() {
        return None;
    }
    if meta.title.is_empty() {
        meta.title = clean::infer_title(&blocks);
        meta.title_inferred = true;
    }
    if let Some(trace) = trace {
        trace.finish(&meta, &blocks);
    }
    let (footnotes, mut diagnostics) =
        footnotes::link_footnotes(&mut blocks, notes, glued_markers, shown_as);
    diagnostics.extend(symbol_title);
    meta.source_file = Some(source_file.to_string());
    meta.source_part = Some(number);
    let body = emit::render_body(&blocks, &footnotes);
    Some((ImportedArticle { meta, body, footnotes: footnotes.len() }, diagnostics))
}

/// `gloss import --explain`: for each article of `text`, its title and, line by line, what
/// each raw line became and the rule that decided.
pub fn explain_text(text: &str, source_file: &str) -> String {
    let text = decode::normalise(text);
    let raw: Vec<&str> = text.split('\n').collect();
    let mut out = String::new();
    let mut number = 0;
    for part in split::split_articles(&text) {
        number += 1;
        let mut trace = Trace::default();
        let lines = part.text.split('\n').count();
        let last = (part.first_line + lines).min(raw.len() + 1);
        let imported = import_article(&part, source_file, number, source_file, Some(&mut trace));
        match imported {
            Some((article, _)) => out.push_str(&format!(
                "{source_file}, article {number} (lines {}-{}): {:?}{}\n",
                part.first_line,
                last - 1,
                article.meta.title,
                if article.meta.title_inferred { " (inferred: no title line)" } else { "" },
            )),
            None => out.push_str(&format!("{source_file}, part {number}: no article text\n")),
        }
        out.push_str(&trace.report(&raw[part.first_line - 1..last - 1], part.first_line));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(text: &str) -> Vec<(String, Option<String>)> {
        let (articles, _) = import_text(text, "listing.txt", "listing.txt");
        articles.into_iter().map(|a| (a.meta.title, a.meta.subtitle)).collect()
    }

    #[test]
    fn a_listing_pages_own_heading_is_not_its_first_items_title() {
        let text = "Around the valley\n\nBridge reopens after repairs\n\nThe bridge over the \
                    river reopened on Monday after two years of repairs, the council said.\n\n\
                    read more\n\nSchool term starts late\n\nThe new term in the valley will \
                    start a week late because of the floods, teachers said.\n\nread more\n\n\
                    Market moves to the square\n\nThe weekly market will move to the main \
                    square next month, traders said.\n\nread more\n";
        let found = titles(text);
        let expected = [
            "Bridge reopens after repairs",
            "School term starts late",
            "Market moves to the square",
        ];
        assert_eq!(
            found.iter().map(|(t, _)| t.as_str()).collect::<Vec<_>>(),
            expected,
            "{found:?}"
        );
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn a_single_articles_subtitle_stays() {
        let text = "Bridge Reopens After Repairs\nA Crossing Closed for Two Years\n\nThe bridge \
                    over the river reopened on Monday after two years of repairs, the council \
                    said. Traders welcomed it.\n";
        let found = titles(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.as_deref(), Some("A Crossing Closed for Two Years"), "{found:?}");
    }
}
