//! Unit tests of the Markdown analysis, on small made-up documents.

use std::path::Path;

use super::*;
use crate::diagnostics::Category;
use crate::model::Entity;
use crate::render::sentences::{sentence_bounds, sentence_span};

/// A test person entity, linked or not.
fn entity(id: &str, name: &str, aliases: &[&str], link: bool) -> Entity {
    let mut entity = Entity::test_person(id, name, aliases);
    entity.meta.link = link;
    entity
}

fn render_with(source: &str, link_mentions: LinkMentions) -> Analysis {
    let lookup = EntityLookup::new(&[
        entity("ada-brook", "Ada Brook", &["Brook"], true),
        entity("river-guild", "River Guild", &[], true),
        entity("quiet-town", "Quiet Town", &[], false),
    ]);
    let highlighter = Highlighter::new();
    let options = MarkdownOptions {
        lookup: &lookup,
        highlighter: &highlighter,
        link_mentions,
        base_path: "/",
        file: Path::new("content/articles/a.md"),
        first_line: 5,
        section: Section::Articles,
    };
    render_markdown(source, &options)
}

fn render(source: &str) -> Analysis {
    render_with(source, LinkMentions::First)
}

#[test]
fn first_mention_links_and_later_ones_are_quiet() {
    let a = render("[[Ada Brook]] met [[River Guild]]. Later [[Ada Brook|Brook]] left.\n");
    assert_eq!(
        a.html.matches("<a class=\"mention\" href=\"/entities/ada-brook/\"").count(),
        1,
        "{}",
        a.html
    );
    assert!(
        a.html.contains(
            "<span class=\"mention mention-quiet\" data-entity=\"ada-brook\">Brook</span>"
        ),
        "{}",
        a.html
    );
    assert_eq!(a.mentions.len(), 3);
    assert_eq!(a.mention_context(&a.mentions[2]).shown, "Brook");
}

#[test]
fn mentions_of_one_entity_are_found_in_document_order() {
    let a = render(
        "[[Ada Brook]] met [[River Guild]].\n\nThen [[Brook]] and [[Ada Brook|Ada]] left.\n",
    );
    let shown: Vec<_> =
        a.mentions_of("ada-brook").map(|m| a.mention_context(m).shown.into_owned()).collect();
    assert_eq!(shown, ["Ada Brook", "Brook", "Ada"]);
    assert_eq!(a.mentions_of("river-guild").count(), 1);
    assert_eq!(a.mentions_of("quiet-town").count(), 0);
    let contexts: Vec<_> = a.mentions_of("ada-brook").map(|m| a.mention_context(m)).collect();
    assert_eq!(a.contexts_of("ada-brook"), contexts);
}

#[test]
fn contexts_read_from_a_stored_text_are_the_same_and_the_text_is_not_kept() {
    let mut a = render("Harbour news. Later [[Ada Brook]] spoke at the quay.\n");
    let text = a.text.to_string();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("texts.bin");
    let framed = |text: &str| {
        let mut bytes = Vec::new();
        crate::render::plain_text::write_framed(&mut bytes, text).unwrap();
        bytes
    };
    std::fs::write(&path, framed(&text)).unwrap();
    let file = crate::render::plain_text::TextFile::open(&path).unwrap();
    let made = a.contexts_of("ada-brook").into_iter().map(|c| format!("{c:?}")).collect::<Vec<_>>();
    let start = crate::render::plain_text::FRAME_HEADER as u64;
    a.text = crate::render::plain_text::PlainText::stored(file, start, text.len());
    let stored =
        a.contexts_of("ada-brook").into_iter().map(|c| format!("{c:?}")).collect::<Vec<_>>();
    assert_eq!(stored, made);
    assert_eq!(made.len(), 1);
    // Read once and let go: the file can change under a stored text only before it is kept.
    std::fs::write(&path, framed(&text.to_uppercase())).unwrap();
    assert!(a.contexts_of("ada-brook")[0].shown.contains("ADA"));
}

#[test]
fn every_mention_links_when_configured() {
    let a = render_with("[[Ada Brook]] and [[Brook]].\n", LinkMentions::All);
    assert_eq!(a.html.matches("<a class=\"mention\"").count(), 2, "{}", a.html);
}

#[test]
fn entity_with_link_false_renders_as_plain_text() {
    let a = render("We went to [[Quiet Town]] today.\n");
    assert!(a.html.contains("We went to Quiet Town today."), "{}", a.html);
    assert_eq!(a.mentions.len(), 1);
}

#[test]
fn unresolved_wikilink_is_marked_text_with_a_located_warning() {
    let a = render("First line.\n\nThen [[Nobody Known|nobody]] spoke.\n");
    assert!(a.html.contains("<span class=\"wikilink-unresolved\""), "{}", a.html);
    assert!(a.html.contains(">nobody</span>"), "{}", a.html);
    assert!(!a.html.contains("href=\"/entities/nobody"), "{}", a.html);
    let warning = &a.diagnostics[0];
    assert_eq!(warning.category, Category::UnresolvedWikilink);
    let location = warning.location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (7, 6));
}

#[test]
fn mention_carries_its_paragraph_and_sentence() {
    let a = render(
        "Intro here.\n\nThe sky was grey. Then Mr. [[Ada Brook]] arrived by boat. Nobody cheered.\n",
    );
    let mention = a.mention_context(&a.mentions[0]);
    assert_eq!(mention.before, "Then Mr. ");
    assert_eq!(mention.shown, "Ada Brook");
    assert_eq!(mention.after, " arrived by boat.");
    let paragraph = format!("<p id=\"{}\">The sky was grey.", mention.anchor);
    assert!(a.html.contains(&paragraph), "{}", a.html);
}

fn paragraph_ids(html: &str) -> Vec<&str> {
    html.split("<p id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect()
}

#[test]
fn paragraph_ids_follow_the_text_not_the_position() {
    let text = "One [[Ada Brook]] line.\n\nTwo lines\nof text.\n";
    let before = render(text);
    let after = render(&format!("A new first paragraph.\n\n{text}"));
    let ids = paragraph_ids(&before.html);
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|id| id.len() == 8 && id.starts_with("p-")), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
    assert_eq!(paragraph_ids(&after.html)[1..], ids[..]);
    assert_eq!(after.mention_anchor(&after.mentions[0]), ids[0]);
    // Lines wrapped another way are the same paragraph.
    let rewrapped = render("One [[Ada Brook]]\nline.\n\nTwo lines of   text.\n");
    assert_eq!(paragraph_ids(&rewrapped.html), ids);
    let edited = render("Once [[Ada Brook]] line.\n\nTwo lines\nof text.\n");
    assert_ne!(paragraph_ids(&edited.html)[0], ids[0]);
}

#[test]
fn paragraph_ids_are_made_of_the_opening_words() {
    let long = "Eight words open this paragraph and then more";
    let a = render(&format!("{long} words follow.\n\n{long} *words*, changed.\n"));
    let ids = paragraph_ids(&a.html);
    assert_eq!(ids[1], format!("{}-2", ids[0]));
    // Markup and punctuation are not words.
    let marked = render("*Eight* words -- open this [[paragraph]], and then more words.\n");
    assert_eq!(paragraph_ids(&marked.html)[0], ids[0]);
}

#[test]
fn paragraphs_with_the_same_text_get_numbered_ids() {
    let a = render("Same words.\n\nOther words.\n\nSame words.\n\nSame words.\n");
    let ids = paragraph_ids(&a.html);
    assert_eq!(ids[2], format!("{}-2", ids[0]));
    assert_eq!(ids[3], format!("{}-3", ids[0]));
    assert_ne!(ids[1], ids[0]);
}

#[test]
fn long_sentences_are_trimmed_around_the_mention() {
    let filler = "word ".repeat(100);
    let a = render(&format!("{filler}[[Ada Brook]] {filler}end.\n"));
    let mention = a.mention_context(&a.mentions[0]);
    assert!(
        mention.before.starts_with('…') && mention.before.chars().count() < 200,
        "{}",
        mention.before
    );
    assert!(
        mention.after.ends_with('…') && mention.after.chars().count() < 200,
        "{}",
        mention.after
    );
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_link_both_ways() {
    let source = "Alpha[^b] beta[^a] gamma[^b].\n\n[^a]: Note A.\n[^b]: Note B.\n";
    let a = render(source);
    // [^b] is referenced first, so it is note 1, and it is referenced twice.
    assert!(
        a.html.contains("<sup class=\"footnote-ref\" id=\"fnref-1-1\"><a href=\"#fn-1\""),
        "{}",
        a.html
    );
    assert!(a.html.contains("id=\"fnref-2-1\"><a href=\"#fn-2\""), "{}", a.html);
    assert!(a.html.contains("id=\"fnref-1-2\"><a href=\"#fn-1\""), "{}", a.html);
    let notes = &a.html[a.html.find("<section class=\"footnotes\"").unwrap()..];
    let first = notes.find("<li id=\"fn-1\"").unwrap();
    let second = notes.find("<li id=\"fn-2\"").unwrap();
    assert!(first < second);
    assert!(notes[first..second].contains("Note B."), "{notes}");
    assert!(notes[first..second].contains("href=\"#fnref-1-1\""), "{notes}");
    assert!(notes[first..second].contains("href=\"#fnref-1-2\""), "{notes}");
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
}

#[test]
fn missing_and_unreferenced_footnotes_are_warnings() {
    let a = render("Text[^gone] here.\n\n[^spare]: Never cited.\n");
    let categories: Vec<_> = a.diagnostics.iter().map(|d| d.category).collect();
    assert!(categories.contains(&Category::MissingFootnote), "{categories:?}");
    assert!(categories.contains(&Category::UnreferencedFootnote), "{categories:?}");
    assert!(a.html.contains("Never cited."), "an unreferenced note is still shown: {}", a.html);
    let missing = a.diagnostics.iter().find(|d| d.category == Category::MissingFootnote).unwrap();
    assert_eq!(missing.location.as_ref().unwrap().line, 5);
}

#[test]
fn raw_html_is_shown_as_text() {
    let a = render("Hi <script>alert(1)</script> there\n\n<div onclick=\"x()\">block</div>\n");
    assert!(!a.html.contains("<script>"), "{}", a.html);
    assert!(!a.html.contains("<div onclick"), "{}", a.html);
    assert!(a.html.contains("&lt;script&gt;"), "{}", a.html);
}

#[test]
fn dangerous_link_schemes_are_not_links() {
    let a = render(
        "[click](javascript:alert(1)) and ![img](data:text/html,x) and [ok](https://example.org)\n",
    );
    assert!(!a.html.contains("javascript:"), "{}", a.html);
    assert!(!a.html.contains("data:text"), "{}", a.html);
    assert!(a.html.contains("href=\"https://example.org\""), "{}", a.html);
}

#[test]
fn headings_get_unique_anchors() {
    let a = render("## Background\n\ntext\n\n## Background\n\n## P abc123\n\n## P 1\n\n## Fn 2\n");
    let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["background", "background-1", "h-p-abc123", "p-1", "h-fn-2"]);
    assert!(
        a.html.contains(
            "<h2 id=\"background\">Background <a class=\"heading-anchor\" href=\"#background\""
        ),
        "{}",
        a.html
    );
}

#[test]
fn smart_punctuation_and_tables() {
    let a = render("\"Quoted\" -- yes...\n\n| A | B |\n|---|---|\n| [[Brook]] | 2 |\n");
    assert!(a.html.contains("“Quoted” – yes…"), "{}", a.html);
    let table =
        format!("<div class=\"table-wrap\" id=\"{}\"><table>", a.mention_anchor(&a.mentions[0]));
    assert!(a.html.contains(&table), "{}", a.html);
}

#[test]
fn code_is_highlighted_and_wikilinks_inside_code_stay_code() {
    let a = render("```rust\nlet x = \"[[Ada Brook]]\";\n```\n");
    assert!(a.html.contains("hl-"), "{}", a.html);
    assert!(a.mentions.is_empty());
}

#[test]
fn markdown_links_to_other_documents_become_site_urls() {
    assert_eq!(
        rewrite_href("other.md#p-3", "/", Section::Articles).unwrap(),
        "/articles/other/#p-3"
    );
    assert_eq!(
        rewrite_href("../entities/ada.md", "/x/", Section::Articles).unwrap(),
        "/x/entities/ada/"
    );
    assert_eq!(rewrite_href("/entities/", "/x/", Section::Pages).unwrap(), "/x/entities/");
    assert_eq!(rewrite_href("JavaScript:x", "/", Section::Pages), None);
}

#[test]
fn abbreviations_do_not_end_a_sentence() {
    let text = "It rained. Gen. Ada Brook of the U.N. spoke. Done.";
    let start = text.find("Ada").unwrap();
    let end = start + "Ada Brook".len();
    let (first, last) = sentence_span(text, &sentence_bounds(text), start, end);
    assert_eq!(&text[first..start], "Gen. ");
    assert_eq!(text[end..last].trim_end(), " of the U.N. spoke.");
}

#[test]
fn each_mention_knows_the_block_it_is_in() {
    let a = render(
        "[[Ada Brook]] spoke.\n\n## A [[River Guild]] heading\n\nThen [[Brook]] and [[Ada Brook]].\n",
    );
    let anchors: Vec<&str> = a.mentions.iter().map(|m| a.mention_anchor(m)).collect();
    let paragraphs = paragraph_ids(&a.html);
    let expected = [paragraphs[0], "a-river-guild-heading", paragraphs[1], paragraphs[1]];
    assert_eq!(anchors, expected);
}

/// Markdown shaped to trouble the renderer: wikilinks of every form, footnotes, escapes, HTML.
fn wikilink_markdown() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("[[Ada Brook]]".to_string()),
        Just("[[Brook|]]".to_string()),
        Just("[[|x]]".to_string()),
        Just("[[River Guild|the guild]]".to_string()),
        Just("[[Quiet Town]]".to_string()),
        Just("[[".to_string()),
        Just("]]".to_string()),
        Just("\\[^1]".to_string()),
        Just("[^1]".to_string()),
        Just("\n\n[^1]: a note [[Ada Brook]]\n\n".to_string()),
        Just("<script>x</script>".to_string()),
        Just("\n# ".to_string()),
        Just("\n\n> ".to_string()),
        Just("`code [[Ada Brook]]`".to_string()),
        Just("\u{202e}".to_string()),
        Just(". ".to_string()),
        "[A-Za-z .,]{0,12}",
        "\\PC{0,8}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    #[test]
    fn any_markdown_with_wikilinks_renders_without_panic_or_live_script(
        source in wikilink_markdown()
    ) {
        let analysis = render(&source);
        proptest::prop_assert!(!analysis.html.contains("<script"), "{}", analysis.html);
        for mention in &analysis.mentions {
            proptest::prop_assert!((mention.entity as usize) < analysis.entities.len());
        }
    }
}
