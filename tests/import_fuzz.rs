//! Property tests: whatever the input, the importer does not panic, and what it writes is
//! Markdown that carries no live HTML and front matter that reads back.

use gloss::import::{import_bytes, import_text};
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser};

/// Lines shaped like the inputs the rules look at: titles, bylines, bullets, page numbers,
/// note lines, markers, hyphen breaks, HTML, Markdown syntax and odd characters.
fn article_like_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just(String::new()),
        Just("Read more".to_string()),
        Just("Previous".to_string()),
        Just("Advertisement".to_string()),
        Just("References".to_string()),
        Just(" 05".to_string()),
        Just("WHAT THE FARMERS SAID".to_string()),
        Just("By Jane Roe | 17 Feb. 2024 | j@x.org".to_string()),
        Just("Written by Omar Said, Edited by Ana Lima".to_string()),
        Just("Photo: Li Wei".to_string()),
        Just("• a bullet".to_string()),
        Just("1  Note text here.".to_string()),
        Just("a well-".to_string()),
        Just("<script>alert(1)</script> [[x]] [^1] ![a](b)".to_string()),
        Just("\u{e000}1\u{e001}".to_string()),
        // Characters whose lower case has another length in bytes.
        Just(
            "İPhoto: İstanbul \u{212a}By \u{212a}elvin (\u{212a}ourtesy İ) Edited by İ".to_string()
        ),
        Just("By İlhan Ünal | 3 Mart 2024".to_string()),
        "[A-Za-z0-9 .,;:!?()\\[\\]\"'’“”#*_>|&<-]{0,80}",
        "\\PC{0,40}",
    ];
    prop::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

fn assert_safe_markdown(body: &str) {
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_WIKILINKS | Options::ENABLE_TABLES;
    for event in Parser::new_ext(body, options) {
        assert!(
            !matches!(event, Event::Html(_) | Event::InlineHtml(_)),
            "live HTML {event:?} in:\n{body}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = import_bytes(&bytes, "fuzz.txt", "fuzz.txt");
    }

    #[test]
    fn arbitrary_strings_never_panic_and_stay_safe(text in "\\PC{0,600}") {
        let (articles, _) = import_text(&text, "fuzz.txt", "fuzz.txt");
        for article in articles {
            assert_safe_markdown(&article.body);
            prop_assert!(!article.meta.title.is_empty());
        }
    }

    #[test]
    fn article_like_text_never_panics_and_round_trips(text in article_like_text()) {
        let (articles, _) = import_text(&text, "fuzz.txt", "fuzz.txt");
        for article in articles {
            assert_safe_markdown(&article.body);
            let file = gloss::frontmatter::render(&article.meta, &article.body);
            let path = std::path::Path::new("fuzz.md");
            let doc = gloss::frontmatter::split(&file, path).unwrap();
            let (meta, _) = gloss::frontmatter::parse::<gloss::model::ArticleMeta>(&doc, path).unwrap();
            prop_assert_eq!(meta, article.meta);
        }
    }
}
