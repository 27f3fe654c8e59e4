//! The theme's interface strings follow `language` in gloss.toml, and a site can change any of
//! them under `[translations]` (issue #19).

mod common;

use std::collections::BTreeMap;

use common::{Site, select, text};

fn site_in(language: &str, extra: &str) -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    let config = config.replace("language = \"en\"", &format!("language = \"{language}\""));
    site.write("gloss.toml", &format!("{config}\n{extra}"));
    site
}

fn shipped_table(code: &str) -> BTreeMap<String, String> {
    let path = format!("{}/src/render/i18n/{code}.toml", env!("CARGO_MANIFEST_DIR"));
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The pieces of English interface text a French page must not show: each English string
/// cut at its `{placeholders}` and HTML tags, keeping the pieces no French string holds
/// (`articles` is French too).
fn english_pieces() -> Vec<String> {
    let (english, french) = (shipped_table("en"), shipped_table("fr"));
    let french_text: Vec<&String> = french.values().collect();
    let mut pieces: Vec<String> = english
        .iter()
        .filter(|(key, value)| french.get(*key) != Some(value) && key.as_str() != "date_format")
        .flat_map(|(key, value)| {
            let words: Vec<String> = if key == "months" {
                value.split_whitespace().map(str::to_string).collect()
            } else {
                value
                    .split(['{', '}', '<', '>'])
                    .step_by(2)
                    .map(|piece| piece.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
                    .collect()
            };
            words
        })
        .filter(|piece| piece.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .filter(|piece| !french_text.iter().any(|f| f.contains(piece.as_str())))
        .collect();
    pieces.sort();
    pieces.dedup();
    pieces
}

/// What a page says in its interface: its text and its labels, without the archive's own text
/// (bodies, quoted passages, descriptions), which stays in the language it was written in.
fn interface_text(html: &str) -> String {
    let page = scraper::Html::parse_document(html);
    let content = "title, .article-body, .mention-contexts, .entity-description, .who, .who-brief, \
                   .article-item-title, .article-item-summary, .provenance code, .site-footer .wrap > p:first-child, \
                   h1, .entity-chip, .entity-facts a, .who-source a, .entity-list a, .term-list a, .article-entities a, \
                   .mention-articles h3, .co-mention text, .year-links, .jump, .kind a";
    let skipped: Vec<_> = select(&page, content).iter().map(|e| e.id()).collect();
    let mut out = String::new();
    for node in page.root_element().descendants() {
        let inside_content = node.ancestors().chain([node]).any(|a| skipped.contains(&a.id()));
        if let Some(t) = node.value().as_text()
            && !inside_content
            && !node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| matches!(e.name(), "script" | "style"))
            })
        {
            out.push_str(t);
            out.push(' ');
        }
        if let Some(element) = node.value().as_element() {
            for attribute in ["aria-label", "placeholder", "alt"] {
                if let Some(value) = element.attr(attribute) {
                    out.push_str(value);
                    out.push(' ');
                }
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_french_site_shows_no_english_interface_string_on_any_page_kind() {
    let site = site_in("fr", "");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", &config.replacen("[render]\n", "[render]\nper_page = 20\n", 1));
    // Enough articles for an entity's mentions to be split into a page per year.
    for n in 0..150 {
        let date =
            if n % 10 == 0 { String::new() } else { format!("date: 2022-03-{:02}\n", n % 28 + 1) };
        site.write(
            &format!("content/articles/note-{n}.md"),
            &format!("---\ntitle: Harbour note {n}\n{date}---\n[[Ada Brook]] opened the quay.\n"),
        );
    }
    let run = site.build();
    assert!(run.success, "{}", run.stderr);
    let pieces = english_pieces();
    assert!(pieces.iter().any(|p| p == "Latest mentions"), "{pieces:?}");
    let page_kinds = [
        "index.html",
        "404.html",
        "search/index.html",
        "articles/index.html",
        "articles/page/2/index.html",
        "articles/bridge-reopens/index.html",
        "articles/undated-letter/index.html",
        "entities/index.html",
        "entities/ada-brook/index.html",
        "entities/ada-brook/2022/index.html",
        "entities/ada-brook/undated/index.html",
        "authors/index.html",
        "authors/mara-velt/index.html",
        "sources/index.html",
        "sources/harbour-weekly/index.html",
        "tags/index.html",
        "tags/town-life/index.html",
    ];
    for page in page_kinds {
        let said = interface_text(&site.read(page));
        let english: Vec<&String> = pieces.iter().filter(|p| said.contains(p.as_str())).collect();
        assert!(english.is_empty(), "{page} shows {english:?} in: {said}");
    }
    let bridge = site.page("articles/bridge-reopens/index.html");
    assert_eq!(text(&select(&bridge, ".byline time")[0]), "14 mai 2023");
    assert!(text(&select(&bridge, ".byline")[0]).starts_with("Par Mara Velt"));
    let ada = site.page("entities/ada-brook/index.html");
    assert_eq!(text(&select(&ada, ".entity-header .kind")[0]), "Personne");
    let card = site.read("data/cards/ada-brook.json");
    assert!(card.contains("\"kind\":\"Personne\""), "{card}");
}

#[test]
fn language_fr_translates_the_themes_interface() {
    let site = site_in("fr", "");
    site.build();
    let home = site.page("index.html");
    assert_eq!(select(&home, "html[lang=fr]").len(), 1);
    assert_eq!(text(&select(&home, ".skip-link")[0]), "Aller au contenu");
    assert_eq!(text(&select(&home, "#latest-heading")[0]), "Derniers articles");
    assert_eq!(text(&select(&home, ".site-search button")[0]), "Rechercher");
    let archive = site.page("articles/index.html");
    assert_eq!(text(&select(&archive, "h1")[0]), "Tous les articles");
    assert!(site.read("articles/index.html").contains("<title>Tous les articles ·"));
    assert!(site.read("404.html").contains("Page introuvable"));
}

#[test]
fn a_site_overrides_one_string_and_english_stays_the_default() {
    let site = site_in(
        "en",
        "[translations]\nlatest_articles = \"Fresh from the quay\"\nn_mentions_one = \"a single mention\"\n",
    );
    site.build();
    let home = site.page("index.html");
    assert_eq!(text(&select(&home, "#latest-heading")[0]), "Fresh from the quay");
    assert_eq!(text(&select(&home, ".skip-link")[0]), "Skip to content");
    let said: String = ["entities/index.html", "entities/ada-brook/index.html"]
        .iter()
        .map(|page| text(&select(&site.page(page), "main")[0]))
        .collect();
    assert!(said.contains("a single mention") && said.contains("5 mentions"), "{said}");
    let bridge = site.page("articles/bridge-reopens/index.html");
    assert_eq!(text(&select(&bridge, ".byline time")[0]), "14 May 2023");
}
