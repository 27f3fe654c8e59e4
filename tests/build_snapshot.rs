//! `gloss build` after a few edits restores the last full build's snapshot (`.gloss/state/`)
//! and re-renders only what the edits touch. Whatever the edit, the output is byte for byte
//! what a full build of the edited site writes; what the snapshot cannot answer builds in full.

mod common;

use common::{Run, Site, set_times};

fn build(site: &Site) -> Run {
    let run = site.gloss(&["build"]);
    assert!(run.success, "build failed:\n{}", run.stderr);
    run
}

fn summary(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or_default()
}

/// A site built in full, its sources an hour old, so the build leaves a snapshot.
fn built_site() -> Site {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    let run = build(&site);
    assert!(summary(&run).starts_with("built "), "{}", run.stderr);
    assert!(site.root.join(".gloss/state/model.bin").exists(), "no snapshot");
    site
}

/// Builds after an edit and checks the output against a full build; returns the summary.
fn build_and_compare(site: &Site) -> String {
    let run = build(site);
    let differing = site.files_differing_from_a_fresh_build();
    assert!(differing.is_empty(), "differs from a full build: {differing:?}\n{}", run.stderr);
    summary(&run).to_string()
}

const BRIDGE: &str = "content/articles/bridge-reopens.md";

/// Puts a paragraph first in an article's body, after its front matter.
fn prepend_paragraph(site: &Site, path: &str, paragraph: &str) {
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    let body = text.find("\n---\n").expect("front matter") + 5;
    site.write(path, &format!("{}{paragraph}\n\n{}", &text[..body], &text[body..]));
}

fn edit(site: &Site, path: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    site.write(path, &text.replacen(from, to, 1));
}

#[test]
fn an_edited_article_updates_its_pages_from_the_snapshot() {
    let site = built_site();
    // A new first paragraph moves every mention's paragraph: the entity pages change too.
    prepend_paragraph(&site, BRIDGE, "A new first paragraph.");
    let summary = build_and_compare(&site);
    assert!(
        summary.starts_with("updated ") && summary.contains("(1 changed source file)"),
        "{summary}"
    );
    assert!(site.read("articles/bridge-reopens/index.html").contains("A new first paragraph."));
    // The next build starts from the snapshot the last one saved.
    let original = std::fs::read_to_string(site.root.join(BRIDGE)).unwrap();
    prepend_paragraph(&site, "content/articles/market-day.md", "Market news first.");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("updated "), "{summary}");
    // An edit taken back: its page goes back to what it was.
    site.write(BRIDGE, &original.replacen("A new first paragraph.\n\n", "", 1));
    build_and_compare(&site);
    assert!(!site.read("articles/bridge-reopens/index.html").contains("A new first paragraph."));
}

#[test]
fn front_matter_mentions_additions_and_removals_follow_too() {
    let site = built_site();
    edit(
        &site,
        BRIDGE,
        "title: \"The Old Bridge Reopens After Two Years\"",
        "title: \"Bridge Open\"",
    );
    edit(&site, BRIDGE, "Mayor [[Ada Brook]] cut", "Mayor Ada Brook cut");
    site.write(
        "content/articles/ferry-news.md",
        "---\ntitle: Ferry News\ndate: 2024-01-02\ntags: [boats]\n---\nThe [[Ferry Guild]] sails again.\n",
    );
    site.remove("content/articles/undated-letter.md");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("updated "), "{summary}");
    // The new article goes again: so do its pages.
    site.remove("content/articles/ferry-news.md");
    build_and_compare(&site);
    assert!(!site.dist().join("articles/ferry-news").exists());
}

#[test]
fn an_entity_description_edit_updates_from_the_snapshot() {
    let site = built_site();
    edit(
        &site,
        "content/entities/ada-brook.md",
        "Mayor of the harbour town",
        "Long the mayor of the town",
    );
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("updated "), "{summary}");
}

#[test]
fn what_the_snapshot_cannot_answer_builds_in_full() {
    // A renamed entity: which articles link to its names is not kept.
    let site = built_site();
    edit(
        &site,
        "content/entities/ada-brook.md",
        "aliases: [Brook, Mayor Brook]",
        "aliases: [Brook]",
    );
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("built "), "{summary}");

    // A template: every page may change.
    let site = built_site();
    site.write(
        "templates/base.html",
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/default/templates/base.html"),
        )
        .unwrap()
        .replacen("</body>", "<p>footer note</p></body>", 1),
    );
    edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("built "), "{summary}");

    // The output written by something else since (here: a person removed a page folder).
    let site = built_site();
    std::fs::remove_dir_all(site.dist().join("articles/market-day")).unwrap();
    edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("built "), "{summary}");
}

#[test]
fn a_damaged_snapshot_builds_in_full() {
    for damage in ["model.bin", "documents.bin", "texts.bin"] {
        let site = built_site();
        let path = site.root.join(".gloss/state").join(damage);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
        let summary = build_and_compare(&site);
        assert!(summary.starts_with("built "), "{damage}: {summary}");
    }
    // A changed byte, the length kept: the analyses it may fall in are read only when a page
    // needs them, so the digest of the chunk tells.
    let site = built_site();
    let path = site.root.join(".gloss/state/documents.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("built "), "{summary}");
}

#[test]
fn an_article_entering_the_feed_gets_its_whole_text_back() {
    let site = Site::fixture("basic");
    let settings = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    // Removing the article breaks a link to it: warned about, so the build goes on.
    let settings = settings.replace("feed_limit = 10", "feed_limit = 1");
    site.write("gloss.toml", &format!("{settings}\n[link_checker]\ninternal_level = \"warn\"\n"));
    set_times(&site.root, 60);
    build(&site);
    // The newest article goes: the next one, whose HTML the build let go, takes its place.
    let feed = site.read("atom.xml");
    site.remove("content/articles/market-day.md");
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("updated "), "{summary}");
    assert_ne!(site.read("atom.xml"), feed);
}

#[test]
fn the_feed_follows_edits_to_the_articles_it_shows_only() {
    let site = Site::fixture("basic");
    edit(&site, "gloss.toml", "feed_limit = 10", "feed_limit = 1");
    set_times(&site.root, 60);
    build(&site);
    let feed = site.read("atom.xml");
    // The undated letter lists last, outside a feed of one article.
    edit(&site, "content/articles/undated-letter.md", "to act.", "to act at once.");
    assert!(build_and_compare(&site).starts_with("updated "));
    assert_eq!(site.read("atom.xml"), feed);
    // The market day is the newest: the feed shows its whole text.
    edit(&site, "content/articles/market-day.md", "on Saturday.", "on a wet Saturday.");
    assert!(build_and_compare(&site).starts_with("updated "));
    assert!(site.read("atom.xml").contains("on a wet Saturday."));
}

#[test]
fn documents_that_moved_are_saved_as_they_are_now() {
    let site = Site::fixture("basic");
    // Two empty articles first: their texts are both empty, at the same place in texts.bin.
    site.write("content/articles/aa-first.md", "---\ntitle: First\ndate: 2020-01-01\n---\n");
    site.write("content/articles/aa-second.md", "---\ntitle: Second\ndate: 2020-01-02\n---\n");
    set_times(&site.root, 60);
    build(&site);
    // One leaves, one comes after the others: as many articles, each one place earlier.
    std::fs::remove_file(site.root.join("content/articles/aa-first.md")).unwrap();
    site.write("content/articles/zz-last.md", "---\ntitle: Last\ndate: 2020-01-03\n---\nNews.\n");
    assert!(build_and_compare(&site).starts_with("updated "));
    // The next build starts from what that one saved.
    edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
    assert!(build_and_compare(&site).starts_with("updated "));
}

/// Saves `path` with `text` and the time `when` (a coarse file system clock: two saves in one
/// tick keep one time).
fn save_at(site: &Site, path: &str, text: &str, when: std::time::SystemTime) {
    site.write(path, text);
    let file = std::fs::File::options().write(true).open(site.root.join(path)).unwrap();
    file.set_modified(when).unwrap();
}

/// Now, rounded down to the second, as a coarse file system clock tells it.
fn this_second() -> std::time::SystemTime {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(now.as_secs())
}

#[test]
fn an_article_saved_just_before_a_build_then_one_added_before_it() {
    // Was: `index out of bounds` in build/articles.rs (the edit read the index at the
    // article's new position, one further on).
    let site = built_site();
    edit(&site, "content/articles/undated-letter.md", "pass too close", "pass far too close");
    build_and_compare(&site);
    site.write(
        "content/articles/a-first.md",
        "---\ntitle: First\ndate: 2022-01-01\n---\nThe [[Ferry Guild]] met.\n",
    );
    let summary = build_and_compare(&site);
    assert!(summary.starts_with("updated "), "{summary}");
}

#[test]
fn an_entity_described_beside_an_article_added_drafted_or_removed() {
    // Was: the exports (data JSON, search index) patched for the description alone.
    let changes: [fn(&Site); 3] = [
        |site| {
            site.write(
                "content/articles/ferry-news.md",
                "---\ntitle: Ferry News\ndate: 2024-01-02\n---\nThe [[Ferry Guild]] sails.\n",
            )
        },
        |site| edit(site, "content/articles/market-day.md", "tags: [town life]", "draft: true"),
        |site| site.remove("content/articles/undated-letter.md"),
    ];
    for change in changes {
        let site = built_site();
        edit(&site, "content/entities/ferry-guild.md", "ferry operators", "boat owners");
        change(&site);
        let summary = build_and_compare(&site);
        assert!(summary.starts_with("updated "), "{summary}");
    }
}

#[test]
fn a_free_page_edited_or_added_updates_the_search_index() {
    let site = built_site();
    edit(&site, "content/pages/about.md", "collects local news", "collects harbour gossip");
    build_and_compare(&site);
    site.write("content/pages/contact.md", "---\ntitle: Contact\n---\nWrite to the quay office.\n");
    build_and_compare(&site);
}

#[test]
fn a_template_saved_twice_in_one_clock_tick() {
    // The second save keeps the size and the time the build saw: only the time of the first
    // (too recent to trust) tells the next build to look again.
    let site = built_site();
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let page = std::fs::read_to_string(theme.join("page.html")).unwrap();
    let when = this_second();
    save_at(&site, "templates/page.html", &page.replace("<h1 ", "<h1 data-a "), when);
    build_and_compare(&site);
    save_at(&site, "templates/page.html", &page.replace("<h1 ", "<h1 data-b "), when);
    edit(&site, BRIDGE, "reopened on Sunday", "reopened on Monday");
    build_and_compare(&site);
}

#[test]
fn an_undated_article_edited_then_dated() {
    let site = built_site();
    let letter = "content/articles/undated-letter.md";
    edit(&site, letter, "pass too close", "pass much too close");
    build_and_compare(&site);
    edit(&site, letter, "authors: [Ilse Marren]", "date: 2023-05-20\nauthors: [Ilse Marren]");
    build_and_compare(&site);
    assert!(site.read("index.html").contains("A Letter From the Lighthouse Keeper"));
    edit(&site, BRIDGE, "date: 2023-05-14", "date: 2021-02-03");
    build_and_compare(&site);
}

#[test]
fn two_articles_retitled_and_redated_in_one_build() {
    // Was: each placed in the lists by a search that took the other's old place for its new
    // one, so lists, feed and exports kept a wrong order.
    let site = built_site();
    edit(
        &site,
        BRIDGE,
        "title: \"The Old Bridge Reopens After Two Years\"",
        "title: \"Zebra crossing\"",
    );
    edit(&site, "content/articles/market-day.md", "date: 2023-06-02", "date: 2020-01-01");
    build_and_compare(&site);
    edit(&site, BRIDGE, "date: 2023-05-14", "date: 2019-01-01");
    edit(
        &site,
        "content/articles/market-day.md",
        "title: \"Market Day Returns to the Quay\"",
        "title: \"A market\"",
    );
    build_and_compare(&site);
}
