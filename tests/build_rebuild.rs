//! `Build::rebuild`, the seam `gloss serve` uses: after a change, the output matches a fresh
//! full build, and only what depends on the change is rewritten.

mod common;

use std::path::PathBuf;

use common::Site;
use gloss::build::Build;
use gloss::config::Config;

fn start(site: &Site) -> Build {
    let config = Config::load(&site.root).unwrap();
    let mut build = Build::new(config, site.dist());
    build.full().unwrap();
    build
}

fn path(site: &Site, relative: &str) -> PathBuf {
    site.root.join(relative)
}

#[test]
fn no_op_rebuild_writes_nothing() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let outcome = build.rebuild(&[path(&site, "content/articles/market-day.md")]).unwrap();
    assert!(outcome.written.is_empty(), "{:?}", outcome.written);
    let outcome = build
        .rebuild(&[path(&site, "dist/index.html"), path(&site, "content/sources/x.txt")])
        .unwrap();
    assert!(outcome.written.is_empty());
    assert_eq!(outcome.rendered, 0);
}

#[test]
fn editing_an_article_rewrites_it_and_its_dependents_only() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let text = std::fs::read_to_string(path(&site, "content/articles/undated-letter.md")).unwrap();
    site.write(
        "content/articles/undated-letter.md",
        &text.replace(
            "He asks the [[ada-brook|mayor]] to act.",
            "He asks [[Lenn River|the river]] to calm down.",
        ),
    );
    let outcome = build.rebuild(&[path(&site, "content/articles/undated-letter.md")]).unwrap();
    let written = &outcome.written;
    for expected in [
        "articles/undated-letter/index.html",
        "entities/ada-brook/index.html",
        "entities/lenn-river/index.html",
        "entities/index.html",
        "data/entities.json",
    ] {
        assert!(written.contains(&expected.to_string()), "{expected} not rewritten: {written:?}");
    }
    for untouched in
        ["articles/bridge-reopens/index.html", "articles/market-day/index.html", "about/index.html"]
    {
        assert!(!written.contains(&untouched.to_string()), "{untouched} rewritten: {written:?}");
    }
    assert!(outcome.rendered < 40, "rendered {}", outcome.rendered);
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn adding_and_deleting_articles_updates_every_list() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write(
        "content/articles/new-ferry.md",
        "---\ntitle: A New Ferry\ndate: 2024-01-02\nauthors: [Nell Oak]\ntags: [boats]\n---\nThe [[Ferry Guild]] bought a boat.\n",
    );
    build.rebuild(&[path(&site, "content/articles/new-ferry.md")]).unwrap();
    assert!(site.read("index.html").contains("A New Ferry"));
    assert!(site.read("authors/nell-oak/index.html").contains("A New Ferry"));
    assert_eq!(site.snapshot(), site.fresh_build());

    site.remove("content/articles/new-ferry.md");
    let outcome = build.rebuild(&[path(&site, "content/articles/new-ferry.md")]).unwrap();
    assert!(outcome.written.contains(&"articles/new-ferry/index.html".to_string()));
    assert!(!site.dist().join("articles/new-ferry").exists());
    assert!(!site.dist().join("authors/nell-oak").exists());
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn renaming_an_entity_updates_the_articles_that_mention_it() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write(
        "content/entities/ferry-guild.md",
        "---\nname: Lenn Ferry Guild\nkind: org\naliases: [Ferry Guild, guild]\n---\nFerries.\n",
    );
    let outcome = build.rebuild(&[path(&site, "content/entities/ferry-guild.md")]).unwrap();
    assert!(
        outcome.written.contains(&"articles/bridge-reopens/index.html".to_string()),
        "{:?}",
        outcome.written
    );
    // The list of the article's entities shows the new name.
    assert!(site.read("articles/bridge-reopens/index.html").contains(">Lenn Ferry Guild</a>"));
    assert_eq!(site.snapshot(), site.fresh_build());
    // A new entity resolves a wikilink that was unresolved.
    site.write("content/entities/hollow-point.md", "---\nname: Hollow Point\nkind: place\n---\n");
    let outcome = build.rebuild(&[path(&site, "content/entities/hollow-point.md")]).unwrap();
    assert!(
        outcome.written.contains(&"articles/market-day/index.html".to_string()),
        "{:?}",
        outcome.written
    );
    assert!(
        site.read("articles/market-day/index.html").contains("href=\"/entities/hollow-point/\"")
    );
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_failed_rebuild_writes_nothing_and_the_next_one_recovers() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let before = site.snapshot();
    site.write("content/articles/market-day.md", "---\ntitle: [broken\n---\n");
    let error = build.rebuild(&[path(&site, "content/articles/market-day.md")]).unwrap_err();
    assert!(format!("{error:#}").contains("content/articles/market-day.md:2:"), "{error:#}");
    assert_eq!(site.snapshot(), before);
    site.write("content/articles/market-day.md", "---\ntitle: Market Day, Fixed\n---\nFixed.\n");
    build.rebuild(&[path(&site, "content/articles/market-day.md")]).unwrap();
    assert!(site.read("articles/market-day/index.html").contains("Market Day, Fixed"));
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn template_change_rebuilds_everything_that_uses_it() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    let edited = base.replace("{{ site.t.skip_to_content }}", "Skip to the text");
    assert_ne!(edited, base, "the theme's skip link moved: edit another line of base.html");
    site.write("templates/base.html", &edited);
    let outcome = build.rebuild(&[path(&site, "templates/base.html")]).unwrap();
    assert!(outcome.written.contains(&"entities/ada-brook/index.html".to_string()));
    assert!(site.read("index.html").contains("Skip to the text"));
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn large_site_patches_the_exports_at_once_unless_the_entity_records_change() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    build.set_defer_limit(0);
    let market = path(&site, "content/articles/market-day.md");
    let text = std::fs::read_to_string(&market).unwrap();
    // Words added in a sentence without mentions, and a new first paragraph: the mentions keep
    // their paragraphs' ids, the entity records stay.
    let body = text.find("\n---\n").unwrap() + 5;
    let text = format!("{}A new first paragraph.\n\n{}", &text[..body], &text[body..]);
    site.write(
        "content/articles/market-day.md",
        &text.replace("every month", "every month, rain or shine"),
    );
    let outcome = build.rebuild(std::slice::from_ref(&market)).unwrap();
    assert!(!outcome.deferred);
    assert!(outcome.written.contains(&"data/articles.json".to_string()), "{:?}", outcome.written);
    assert!(!outcome.written.contains(&"data/entities.json".to_string()));
    assert_eq!(site.snapshot(), site.fresh_build());
    // New opening words give a paragraph a new id: the records of its mentions change, and the
    // tens of megabytes of a large site's data/entities.json wait until edits pause.
    let text = std::fs::read_to_string(&market).unwrap();
    site.write(
        "content/articles/market-day.md",
        &text.replace("Stalls lined", "Many stalls lined"),
    );
    let outcome = build.rebuild(std::slice::from_ref(&market)).unwrap();
    assert!(outcome.deferred);
    build.write_deferred().unwrap();
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn large_site_rebuild_defers_whole_site_exports_until_asked() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    build.set_defer_limit(0);
    let text = std::fs::read_to_string(path(&site, "content/articles/market-day.md")).unwrap();
    // A new date moves the article in the lists (an edit that keeps its place is patched).
    site.write("content/articles/market-day.md", &text.replace("2023-06-02", "2023-01-02"));
    let outcome = build.rebuild(&[path(&site, "content/articles/market-day.md")]).unwrap();
    assert!(outcome.deferred);
    assert!(outcome.written.contains(&"articles/market-day/index.html".to_string()));
    assert!(
        !outcome.written.iter().any(|p| p.starts_with("data/") || p.starts_with("search-index/")),
        "{:?}",
        outcome.written
    );
    let outcome = build.write_deferred().unwrap();
    assert!(!outcome.deferred);
    assert!(outcome.written.contains(&"data/articles.json".to_string()), "{:?}", outcome.written);
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn an_edit_away_from_mentions_renders_only_the_article_and_its_feeds() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    let text = std::fs::read_to_string(path(&site, "content/articles/bridge-reopens.md")).unwrap();
    site.write(
        "content/articles/bridge-reopens.md",
        &text.replace("The works cost more than planned.", "The works cost far more than planned."),
    );
    let outcome = build.rebuild(&[path(&site, "content/articles/bridge-reopens.md")]).unwrap();
    assert!(outcome.rendered <= 4, "rendered {} pages: {:?}", outcome.rendered, outcome.written);
    assert_eq!(site.snapshot(), site.fresh_build());

    // A new title shows in every list the article is on.
    let text = std::fs::read_to_string(path(&site, "content/articles/bridge-reopens.md")).unwrap();
    site.write(
        "content/articles/bridge-reopens.md",
        &text.replace("The Old Bridge Reopens After Two Years", "Bridge Open Again"),
    );
    let outcome = build.rebuild(&[path(&site, "content/articles/bridge-reopens.md")]).unwrap();
    for page in [
        "index.html",
        "articles/index.html",
        "authors/mara-velt/index.html",
        "entities/ada-brook/index.html",
    ] {
        assert!(
            outcome.written.contains(&page.to_string()),
            "{page} not rewritten: {:?}",
            outcome.written
        );
    }
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn free_page_changes_reach_the_page_and_the_navigation() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write("content/pages/about.md", "---\ntitle: About us\nin_nav: true\n---\nNew text.\n");
    build.rebuild(&[path(&site, "content/pages/about.md")]).unwrap();
    assert!(site.read("about/index.html").contains("New text."));
    assert!(site.read("articles/market-day/index.html").contains(">About us</a>"));
    assert_eq!(site.snapshot(), site.fresh_build());
    site.remove("content/pages/about.md");
    build.rebuild(&[path(&site, "content/pages/about.md")]).unwrap();
    assert!(!site.dist().join("about").exists());
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn deleting_an_entity_unlinks_its_mentions_and_removes_its_page() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    std::fs::remove_file(path(&site, "content/entities/ferry-guild.md")).unwrap();
    let outcome = build.rebuild(&[path(&site, "content/entities/ferry-guild.md")]).unwrap();
    assert!(
        outcome.written.contains(&"entities/ferry-guild/index.html".to_string()),
        "{:?}",
        outcome.written
    );
    assert!(!site.root.join("dist/entities/ferry-guild/index.html").exists());
    assert!(!site.read("articles/bridge-reopens/index.html").contains("/entities/ferry-guild/"));
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_stylesheet_change_copies_only_the_static_files() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write("static/gloss.css", "body { color: rgb(1, 2, 3); }\n");
    let outcome = build.rebuild(&[path(&site, "static/gloss.css")]).unwrap();
    assert_eq!(outcome.written, ["gloss.css"]);
    assert!(site.read("gloss.css").contains("rgb(1, 2, 3)"));
    assert_eq!(site.snapshot(), site.fresh_build());
    // A static file of the site's own comes and goes.
    site.write("static/extra.css", "p { margin: 0; }\n");
    let outcome = build.rebuild(&[path(&site, "static/extra.css")]).unwrap();
    assert_eq!(outcome.written, ["extra.css"]);
    std::fs::remove_file(path(&site, "static/extra.css")).unwrap();
    let outcome = build.rebuild(&[path(&site, "static/extra.css")]).unwrap();
    assert_eq!(outcome.written, ["extra.css"]);
    assert!(!site.root.join("dist/extra.css").exists());
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_description_edit_renders_only_the_entity_page_and_its_card() {
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write(
        "content/entities/ferry-guild.md",
        "---\nname: Ferry Guild\nkind: org\naliases: [the guild]\n---\nThe guild that runs the ferries.\n",
    );
    let outcome = build.rebuild(&[path(&site, "content/entities/ferry-guild.md")]).unwrap();
    assert!(site.read("entities/ferry-guild/index.html").contains("runs the ferries"));
    let card: serde_json::Value =
        serde_json::from_str(&site.read("data/cards/ferry-guild.json")).unwrap();
    assert_eq!(card["summary"], "The guild that runs the ferries.");
    // Articles mentioning the guild fetch its card: none of them is rendered again.
    assert!(outcome.written.iter().all(|p| !p.starts_with("articles/")), "{:?}", outcome.written);
    assert!(outcome.rendered <= 5, "rendered {}: {:?}", outcome.rendered, outcome.written);
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_full_render_of_a_large_site_keeps_the_search_index_until_asked() {
    let site = Site::fixture("basic");
    let config = Config::load(&site.root).unwrap();
    let mut build = Build::new(config, site.dist());
    build.set_defer_limit(0);
    build.full().unwrap();
    let index = std::fs::read(site.root.join("dist/search-index/manifest.json")).unwrap();
    let about = std::fs::read_to_string(path(&site, "content/pages/about.md")).unwrap();
    // A menu entry changes on every page: the rebuild renders everything.
    site.write("content/pages/about.md", &about.replace("About this archive", "About us"));
    let outcome = build.rebuild(&[path(&site, "content/pages/about.md")]).unwrap();
    assert!(outcome.deferred);
    assert!(site.read("index.html").contains("About us"));
    assert_eq!(std::fs::read(site.root.join("dist/search-index/manifest.json")).unwrap(), index);
    build.write_deferred().unwrap();
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_one_shot_build_writes_what_a_rebuildable_build_writes() {
    let site = Site::fixture("basic");
    // The feed shows the text of the latest two of three articles: only theirs is kept.
    let settings = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", &settings.replace("feed_limit = 10", "feed_limit = 2"));
    // `gloss build` frees each article's source and HTML once its page is written.
    site.build();
    let (one_shot, rebuildable) = (site.snapshot(), site.fresh_build());
    assert_eq!(one_shot.keys().collect::<Vec<_>>(), rebuildable.keys().collect::<Vec<_>>());
    for (path, bytes) in &one_shot {
        assert!(bytes == &rebuildable[path], "{path} differs");
    }
}

#[test]
fn a_deleted_entity_unlinks_it_on_the_free_pages() {
    // Was: the free page that linked the entity kept its link (found by the differential test).
    let site = Site::fixture("basic");
    let mut build = start(&site);
    assert!(site.read("about/index.html").contains("href=\"/entities/ada-brook/\""));
    site.remove("content/entities/ada-brook.md");
    build.rebuild(&[path(&site, "content/entities/ada-brook.md")]).unwrap();
    assert!(!site.read("about/index.html").contains("href=\"/entities/ada-brook/\""));
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_new_entity_that_takes_a_link_from_another_updates_both() {
    // Was: the entity that lost the link kept it on its page (found by the differential test).
    let site = Site::fixture("basic");
    let mut build = start(&site);
    // `[[Lenn]]` in market-day.md, its only link to the Lenn River: an alias, until an entity
    // is named so.
    site.write("content/entities/lenn.md", "---\nname: Lenn\nkind: place\n---\nA hamlet.\n");
    build.rebuild(&[path(&site, "content/entities/lenn.md")]).unwrap();
    assert!(!site.read("entities/lenn-river/index.html").contains("market-day"));
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_path_named_twice_is_one_change() {
    // Was: an entity or article added twice to the model (found by the differential test).
    let site = Site::fixture("basic");
    let mut build = start(&site);
    site.write("content/entities/salt-works.md", "---\nname: Salt Works\nkind: org\n---\nSalt.\n");
    site.write("content/articles/salt.md", "---\ntitle: Salt\n---\nThe [[Salt Works]] opened.\n");
    let entity = path(&site, "content/entities/salt-works.md");
    let article = path(&site, "content/articles/salt.md");
    build.rebuild(&[entity.clone(), article.clone(), entity, article]).unwrap();
    assert_eq!(site.snapshot(), site.fresh_build());
}

#[test]
fn a_deleted_entity_unlinks_it_in_other_entities_descriptions() {
    // Was: the page kept its link to the deleted entity (found by the differential test).
    // Zed is mentioned nowhere, so nothing else relates it to the Lenn River.
    let site = Site::fixture("basic");
    site.write(
        "content/entities/zed-unmentioned.md",
        "---\nname: Zed Unmentioned\nkind: person\n---\nLives by the [[Lenn River]].\n",
    );
    let mut build = start(&site);
    assert!(site.read("entities/zed-unmentioned/index.html").contains("/entities/lenn-river/"));
    site.remove("content/entities/lenn-river.md");
    build.rebuild(&[path(&site, "content/entities/lenn-river.md")]).unwrap();
    assert_eq!(site.snapshot(), site.fresh_build());
}
