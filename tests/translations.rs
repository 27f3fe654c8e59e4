//! The theme's interface strings follow `language` in gloss.toml, and a site can change any of
//! them under `[translations]` (issue #19).

mod common;

use common::{Site, select, text};

fn site_in(language: &str, extra: &str) -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    let config = config.replace("language = \"en\"", &format!("language = \"{language}\""));
    site.write("gloss.toml", &format!("{config}\n{extra}"));
    site
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
    let site = site_in("en", "[translations]\nlatest_articles = \"Fresh from the quay\"\n");
    site.build();
    let home = site.page("index.html");
    assert_eq!(text(&select(&home, "#latest-heading")[0]), "Fresh from the quay");
    assert_eq!(text(&select(&home, ".skip-link")[0]), "Skip to content");
}
