//! Import stage: raw article text (web page scrapes, PDF text, listing pages) → one Markdown
//! file per article under `content/articles/`, with front matter and footnotes.
//!
//! Steps, each its own module, with plain data between them:
//! `decode` (bytes → text) → `split` (text → articles) → `layout` (lines → blocks, PDF reflow
//! and foot-of-page notes, with `markers`) → `clean` (debris, captions, headings, repeats) and `metadata`
//! (title, byline, credits → front matter) → `footnotes` (markers → `[^n]`) → `emit`
//! (Markdown) → `store` (slugs, files, ledger). Files are imported in parallel.

mod byline;
pub mod clean;
pub mod credits;
pub mod dates;
pub mod decode;
pub mod emit;
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

use crate::diagnostics::{Category, Diagnostic, Location};
use crate::model::ArticleMeta;

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
        match import_article(&part, source_file, number, shown_as) {
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
) -> Option<(ImportedArticle, Vec<Diagnostic>)> {
    let layout = layout::lay_out(&part.text, part.first_line);
    let mut blocks = layout.blocks;
    clean::drop_debris(&mut blocks);
    let mut notes = layout.notes;
    notes.extend(footnotes::take_note_section(&mut blocks));
    let domains = credits::domain_names(&part.text);
    let mut meta = ArticleMeta::default();
    if let Some(title) = &part.repeated_title {
        metadata::take_stated_title(&mut blocks, &mut meta, title);
    }
    if meta.title.is_empty() {
        masthead::drop_masthead(&mut blocks);
    }
    metadata::take_header(&mut blocks, &mut meta, &domains);
    metadata::take_footer(&mut blocks, &mut meta, &domains);
    clean::mark_captions(&mut blocks, &mut meta);
    clean::mark_headings(&mut blocks);
    clean::drop_repeats(&mut blocks);
    if blocks.is_empty() && meta.title.is_empty() {
        return None;
    }
    if meta.title.is_empty() {
        meta.title = clean::infer_title(&blocks);
        meta.title_inferred = true;
    }
    let (footnotes, diagnostics) =
        footnotes::link_footnotes(&mut blocks, notes, layout.wrapped, shown_as);
    meta.source_file = Some(source_file.to_string());
    meta.source_part = Some(number);
    let body = emit::render_body(&blocks, &footnotes);
    Some((ImportedArticle { meta, body, footnotes: footnotes.len() }, diagnostics))
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
