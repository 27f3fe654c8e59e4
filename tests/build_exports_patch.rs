//! After articles are edited in place, a rebuild patches the whole-site exports
//! (`data/articles.json`, `data/entities.json`, `search-index/`) from the files in the output
//! folder, whatever the site's size, and they equal a fresh full build byte for byte.

mod common;

use std::path::PathBuf;

use common::Site;
use gloss::build::{Build, BuildOutcome};
use gloss::config::Config;

/// A full build as `gloss build` makes it, which defers the whole-site exports of every
/// rebuild it cannot patch (as on a site over the limit), so a rebuild that writes them can
/// only have patched them. (`gloss serve` on such a site defers them all.)
fn start(site: &Site) -> Build {
    let config = Config::load(&site.root).unwrap();
    let mut build = Build::new(config, site.dist());
    build.set_rebuildable(false);
    build.set_defer_limit(0);
    build.full().unwrap();
    build
}

/// Every output file equals the fresh full build's (the exports named when they differ).
fn assert_same_as_fresh(site: &Site) {
    let (patched, fresh) = (site.snapshot(), site.fresh_build());
    assert_eq!(patched.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (path, bytes) in &fresh {
        assert!(&patched[path] == bytes, "{path} differs from a fresh build");
    }
}

fn edit(site: &Site, article: &str, from: &str, to: &str) -> PathBuf {
    let path = format!("content/articles/{article}.md");
    let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
    assert!(text.contains(from), "{from:?} not in {path}");
    site.write(&path, &text.replacen(from, to, 1));
    site.root.join(path)
}

fn assert_patched(outcome: &BuildOutcome, exports: &[&str]) {
    assert!(!outcome.deferred, "the exports were deferred, not patched");
    for export in exports {
        assert!(
            outcome.written.iter().any(|p| p == export),
            "{export} not written: {:?}",
            outcome.written
        );
    }
}

#[test]
fn a_text_edit_patches_the_article_record_and_the_search_index() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let path = edit(
        &site,
        "bridge-reopens",
        "The works cost more than planned.",
        "The works cost far more than the zeppelin hangar planned.",
    );
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["data/articles.json", "search-index/manifest.json"]);
    assert_same_as_fresh(&site);
    assert!(site.read("data/articles.json").contains("\"word_count\""));
}

#[test]
fn a_changed_mention_patches_the_records_of_both_entities() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let path = edit(
        &site,
        "market-day",
        "[[Ada Brook]] said the market",
        "[[Zed Unmentioned]] said the market",
    );
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["data/articles.json", "data/entities.json"]);
    let entities: serde_json::Value =
        serde_json::from_str(&site.read("data/entities.json")).unwrap();
    let zed = entities.as_array().unwrap().iter().find(|e| e["id"] == "zed-unmentioned").unwrap();
    assert_eq!(zed["mentions"][0]["article"], "market-day");
    assert_same_as_fresh(&site);
}

#[test]
fn an_entity_leaves_and_rejoins_the_middle_of_its_mentions() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    // The guild is mentioned by all three articles; the bridge article is the middle one.
    let path =
        edit(&site, "bridge-reopens", "members of the [[Ferry Guild]]", "members of the crews");
    edit(&site, "bridge-reopens", "[[Ferry Guild|guild]]", "harbour office");
    let outcome = build.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_patched(&outcome, &["data/entities.json"]);
    assert_same_as_fresh(&site);
    edit(&site, "bridge-reopens", "members of the crews", "members of the [[Ferry Guild]]");
    let outcome = build.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_patched(&outcome, &["data/entities.json"]);
    assert_same_as_fresh(&site);
    // The letter, last in every list, starts mentioning the cove, and the newest article stops.
    let letter =
        edit(&site, "undated-letter", "close to the rocks", "close to [[Quiet Cove]] rocks");
    let market = edit(&site, "market-day", "Traders from [[Quiet Cove]]", "Traders from afar");
    let outcome = build.rebuild(&[letter, market]).unwrap();
    assert_patched(&outcome, &["data/entities.json"]);
    assert_same_as_fresh(&site);
}

#[test]
fn new_titles_summaries_and_footnotes_are_patched_in() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let path = edit(
        &site,
        "bridge-reopens",
        "title: \"The Old Bridge Reopens After Two Years\"",
        "title: \"The Old Bridge Reopens, at Last\"",
    );
    edit(&site, "bridge-reopens", "opened to traffic again", "opened to carts again");
    edit(
        &site,
        "bridge-reopens",
        "more than planned.[^1]",
        "more than planned.[^1][^3]\n\n[^3]: A new note.",
    );
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["data/articles.json", "search-index/manifest.json"]);
    assert!(site.read("data/articles.json").contains("The Old Bridge Reopens, at Last"));
    assert_same_as_fresh(&site);
}

#[test]
fn two_articles_edited_at_once_are_patched_together() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let first = edit(
        &site,
        "market-day",
        "sold smoked fish",
        "sold smoked eel and [[Lenn River|river]] trout",
    );
    let second = edit(
        &site,
        "undated-letter",
        "He asks the [[ada-brook|mayor]] to act.",
        "He asks the harbour master to act.",
    );
    let outcome = build.rebuild(&[first, second]).unwrap();
    assert_patched(&outcome, &["data/articles.json", "data/entities.json"]);
    assert_same_as_fresh(&site);
    // And again from the patched files (same word count: the data exports stay as they are).
    let again = edit(&site, "market-day", "smoked eel", "pickled eel");
    let outcome = build.rebuild(&[again]).unwrap();
    assert_patched(&outcome, &["search-index/manifest.json"]);
    assert_same_as_fresh(&site);
}

#[test]
fn an_edit_that_moves_the_article_falls_back_to_the_deferred_exports() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    // Now older than the bridge article: its place in every list changes, and so would its
    // number in the search index.
    let path = edit(&site, "market-day", "date: 2023-06-02", "date: 2023-01-02");
    let outcome = build.rebuild(&[path]).unwrap();
    assert!(outcome.deferred, "a moved article cannot be patched in");
    assert!(
        !outcome.written.iter().any(|p| p.starts_with("data/") || p.starts_with("search-index/"))
    );
    build.write_deferred().unwrap();
    assert_same_as_fresh(&site);
    // Once written, the next edit patches again.
    let path = edit(&site, "market-day", "Stalls lined", "Many stalls lined");
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["data/articles.json"]);
    assert_same_as_fresh(&site);
}

#[test]
fn a_character_leaving_the_fold_table_falls_back_and_stays_right() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let path = edit(&site, "market-day", "smoked fish", "smoked fish at the Café Łódź");
    let outcome = build.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_patched(&outcome, &["search-index/manifest.json"]);
    assert!(site.read("search-index/manifest.json").contains("\"é\":\"e\""));
    assert_same_as_fresh(&site);
    // Whether another document still has "é", only the whole index knows: it is rebuilt.
    edit(&site, "market-day", " at the Café Łódź", "");
    let outcome = build.rebuild(&[path]).unwrap();
    assert!(outcome.deferred);
    build.write_deferred().unwrap();
    assert!(!site.read("search-index/manifest.json").contains("\"é\""));
    assert_same_as_fresh(&site);
}

#[test]
fn a_site_built_without_search_patches_the_data_exports_only() {
    let site = Site::fixture("basic");
    let config = Config::load(&site.root).unwrap();
    let mut build = Build::new(config, site.dist());
    build.set_rebuildable(false);
    build.set_defer_limit(0);
    build.set_search(false);
    build.full().unwrap();
    let path = edit(&site, "bridge-reopens", "cut the ribbon", "cut the blue ribbon");
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["data/articles.json"]);
    assert!(!site.dist().join("search-index").exists());
}

#[test]
fn an_entity_description_patches_its_search_summary_only() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let path = site.root.join("content/entities/ada-brook.md");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/entities/ada-brook.md",
        &text.replacen("Mayor of the harbour town", "Mayor and former ferrywoman of the town", 1),
    );
    let outcome = build.rebuild(&[path]).unwrap();
    assert_patched(&outcome, &["search-index/manifest.json"]);
    assert!(
        !outcome.written.iter().any(|p| p.starts_with("data/")
            && p.ends_with(".json")
            && !p.starts_with("data/cards/")),
        "the data exports do not show descriptions: {:?}",
        outcome.written
    );
    assert_same_as_fresh(&site);
}

#[test]
fn an_article_and_an_entity_description_edited_together_are_patched_together() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let article = edit(
        &site,
        "bridge-reopens",
        "The works cost more than planned.",
        "The works cost more than the zeppelin hangar.",
    );
    let entity = site.root.join("content/entities/ada-brook.md");
    let text = std::fs::read_to_string(&entity).unwrap();
    site.write(
        "content/entities/ada-brook.md",
        &text.replacen("Mayor of the harbour town", "Mayor and former ferrywoman of the town", 1),
    );
    let outcome = build.rebuild(&[article, entity]).unwrap();
    assert_patched(&outcome, &["data/articles.json", "search-index/manifest.json"]);
    assert_same_as_fresh(&site);
}
