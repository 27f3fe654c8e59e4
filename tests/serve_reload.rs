//! The serve loop end to end without a browser, over a small site and the real build: a real
//! watcher, the HTTP server and the event stream. A file is edited; the page that listens hears
//! about it, and the server serves the new page.

mod serve_common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use serve_common::{
    EventReader, LiveEvent, Server, Site, article, dated_article, fixture_site, get,
};

const WAIT: Duration = Duration::from_secs(20);

/// Starts serving, waits for the first build to finish and be announced, and connects a page.
fn serve(site: &Site) -> (Server, EventReader) {
    let server = Server::start(site);
    server.wait_for_builds(1, WAIT);
    let mut events = EventReader::connect(server.addr);
    assert_eq!(events.next(WAIT).unwrap().name, "ok", "a page first learns the site builds");
    // The first build's own reload may still be on its way; it is not what the tests wait for.
    events.collect_for(Duration::from_millis(100));
    (server, events)
}

fn paths(event: &LiveEvent) -> Vec<String> {
    serde_json::from_str(&event.data).unwrap()
}

#[test]
fn editing_an_article_reloads_its_page_and_the_pages_that_show_it() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.write("content/articles/alpha.md", &dated_article("Alpha, edited", "Edited words."));
    let reload = paths(&events.wait_for("reload", WAIT));
    for page in ["/articles/alpha/", "/", "/atom.xml", "/entities/ada-brook/"] {
        assert!(reload.contains(&page.to_string()), "{page} missing from {reload:?}");
    }
    assert!(!reload.contains(&"/articles/beta/".to_string()), "{reload:?}");
    let page = get(server.addr, "/articles/alpha/");
    assert!(page.body.contains("Edited words."), "{}", page.body);
    assert!(page.body.contains("/__gloss/live.js"));
}

#[test]
fn pages_link_to_the_local_server_not_the_published_site() {
    let site = fixture_site();
    let (server, _events) = serve(&site);
    let page = get(server.addr, "/articles/alpha/").body;
    assert!(page.contains("href=\"/gloss.css"), "{page}");
    assert!(!page.contains("/news/"), "{page}");
    let feed = get(server.addr, "/atom.xml").body;
    assert!(feed.contains(&format!("http://{}/articles/alpha/", server.addr)), "{feed}");
}

#[test]
fn saving_by_write_and_rename_is_one_change() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.save_by_rename("content/articles/beta.md", &article("Beta", "Renamed into place."));
    assert!(paths(&events.wait_for("reload", WAIT)).contains(&"/articles/beta/".to_string()));
    assert!(get(server.addr, "/articles/beta/").body.contains("Renamed into place."));
    let calls = server.calls.lock().unwrap();
    let last = calls.last().unwrap().as_ref().expect("an incremental rebuild");
    assert_eq!(
        last,
        &[site.path("content/articles/beta.md")],
        "the temp file never reaches the build"
    );
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.write("themes/default/static/gloss.css", "body { background: rgb(1, 2, 3); }\n");
    let event = events.wait_for("css", WAIT);
    assert_eq!(paths(&event), ["/gloss.css"]);
    assert!(get(server.addr, "/gloss.css").body.contains("rgb(1, 2, 3)"));
}

#[test]
fn a_broken_article_shows_the_error_keeps_the_last_good_page_and_clears_when_fixed() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.write("content/articles/alpha.md", "---\ntitle: [Alpha\n---\nBroken.\n");
    let errors = events.wait_for("error", WAIT).json();
    assert_eq!(errors[0]["file"], "content/articles/alpha.md");
    assert_eq!(errors[0]["line"], 2, "{errors}");
    assert!(!errors[0]["message"].as_str().unwrap().is_empty());

    let page = get(server.addr, "/articles/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First words"), "the last good page is still served");

    // A page opened while the site is broken learns it at once.
    let mut late = EventReader::connect(server.addr);
    assert_eq!(late.next(WAIT).unwrap().name, "error");

    // Fixing another file leaves the broken one broken.
    site.write("content/articles/beta.md", &article("Beta", "Unrelated fix."));
    assert_eq!(events.wait_for("error", WAIT).json()[0]["file"], "content/articles/alpha.md");

    site.write("content/articles/alpha.md", &article("Alpha", "Fixed."));
    events.wait_for("ok", WAIT);
    assert_eq!(late.wait_for("ok", WAIT).name, "ok");
    let reload = paths(&events.wait_for("reload", WAIT));
    assert!(reload.contains(&"/articles/alpha/".to_string()), "{reload:?}");
    assert!(get(server.addr, "/articles/alpha/").body.contains("Fixed."));
    assert!(get(server.addr, "/articles/beta/").body.contains("Unrelated fix."));
}

#[test]
fn a_broken_template_names_the_template_and_clears_when_fixed() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n",
    );
    let errors = events.wait_for("error", WAIT).json();
    assert!(errors.to_string().contains("article.html"), "{errors}");
    assert!(get(server.addr, "/articles/alpha/").body.contains("First words"));
    std::fs::remove_file(site.path("templates/article.html")).unwrap();
    events.wait_for("ok", WAIT);
}

#[test]
fn a_burst_of_changes_is_one_rebuild_and_editor_debris_none() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    let builds_before = server.builds();
    // As a `git checkout` does: many files at once, with an editor's leftovers among them.
    for i in 0..40 {
        site.write(
            &format!("content/articles/new-{i:02}.md"),
            &article(&format!("New {i}"), "Text."),
        );
    }
    for debris in [".alpha.md.swp", "alpha.md~", "4913", ".#alpha.md", "#alpha.md#"] {
        site.write(&format!("content/articles/{debris}"), "junk");
    }
    let expected: BTreeSet<String> = (0..40).map(|i| format!("/articles/new-{i:02}/")).collect();
    let mut reloaded: BTreeSet<String> = BTreeSet::new();
    while !expected.is_subset(&reloaded) {
        reloaded.extend(paths(&events.wait_for("reload", WAIT)));
    }
    let calls = server.calls.lock().unwrap();
    let rebuilds = &calls[builds_before..];
    assert!(rebuilds.len() <= 3, "{} rebuilds for one burst", rebuilds.len());
    // A file's events may straddle two debounced batches; each file is still built.
    let passed: BTreeSet<&PathBuf> = rebuilds.iter().flatten().flatten().collect();
    assert_eq!(passed.len(), 40, "{passed:#?}");
    assert!(passed.iter().all(|p| p.extension().is_some_and(|e| e == "md")), "{passed:#?}");
}

#[test]
fn changes_in_the_output_folder_trigger_nothing() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    let builds_before = server.builds();
    site.write("dist/stray.html", "x");
    site.write("README.md", "x");
    assert!(events.collect_for(Duration::from_millis(400)).is_empty());
    assert_eq!(server.builds(), builds_before);
}

#[test]
fn a_new_article_appears_where_the_404_page_was() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    let missing = get(server.addr, "/articles/gamma/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing
            .body
            .replace("<script src=\"/__gloss/live.js\" data-page=\"/404.html\"></script>", ""),
        std::fs::read_to_string(site.path("dist/404.html")).unwrap(),
        "the site's own 404 page"
    );
    site.write("content/articles/gamma.md", &article("Gamma", "Brand new."));
    assert!(paths(&events.wait_for("reload", WAIT)).contains(&"/articles/gamma/".to_string()));
    let page = get(server.addr, "/articles/gamma/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Brand new."));
}

#[test]
fn editing_gloss_toml_rebuilds_everything_and_keeps_the_local_address() {
    let site = fixture_site();
    let (server, mut events) = serve(&site);
    site.write(
        "gloss.toml",
        "title = \"Renamed Archive\"\nbase_url = \"https://archive.example.org/news/\"\n",
    );
    events.wait_for("reload", WAIT);
    let page = get(server.addr, "/articles/alpha/").body;
    assert!(page.contains("Renamed Archive"), "{page}");
    assert!(page.contains("href=\"/gloss.css"), "{page}");
    site.write("gloss.toml", "title = \"x\"\ncolour = \"red\"\n");
    let errors = events.wait_for("error", WAIT).json();
    assert_eq!(errors[0]["file"], "gloss.toml", "{errors}");
    assert_eq!(errors[0]["line"], 2, "{errors}");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_output_folder_are_not_served() {
    let site = fixture_site();
    site.write("secret.txt", "TOP SECRET");
    let (server, _events) = serve(&site);
    std::os::unix::fs::symlink(site.path("secret.txt"), site.path("dist/leak.txt")).unwrap();
    std::os::unix::fs::symlink(site.root(), site.path("dist/up")).unwrap();
    for path in ["/leak.txt", "/up/secret.txt", "/up/content/articles/alpha.md"] {
        let response = get(server.addr, path);
        assert_eq!(response.status, 404, "{path}");
        assert!(
            !response.body.contains("TOP SECRET") && !response.body.contains("First words"),
            "{path}"
        );
    }
}

#[test]
fn shutting_down_does_not_wait_for_open_pages() {
    let site = fixture_site();
    let (server, events) = serve(&site);
    let summary = server.shut_down_within(Duration::from_secs(5));
    assert_eq!(summary.failed, 0);
    assert!(summary.builds >= 1);
    drop(events);
}

#[test]
fn a_large_site_gets_its_deferred_exports_once_edits_pause() {
    let site = fixture_site();
    // Every site counts as large: rebuilds leave the data JSON and the search index for later.
    let server = Server::start_with(&site, |build| build.set_defer_limit(0));
    server.wait_for_builds(1, WAIT);
    let mut events = EventReader::connect(server.addr);
    assert_eq!(events.next(WAIT).unwrap().name, "ok");
    events.collect_for(Duration::from_millis(100));
    // A new title that moves the article after the other (an edit that keeps its place is
    // patched into the exports at once).
    site.write("content/articles/alpha.md", &article("Zeta, once Alpha", "Edited words."));
    let first = paths(&events.wait_for("reload", WAIT));
    assert!(first.contains(&"/articles/alpha/".to_string()), "{first:?}");
    assert!(!first.contains(&"/data/articles.json".to_string()), "not deferred: {first:?}");
    let stale = get(server.addr, "/data/articles.json").body;
    assert!(!stale.contains("Zeta, once Alpha"), "{stale}");
    let later = paths(&events.wait_for("reload", WAIT));
    assert!(later.contains(&"/data/articles.json".to_string()), "{later:?}");
    assert!(get(server.addr, "/data/articles.json").body.contains("Zeta, once Alpha"));
    assert!(
        later.iter().any(|p| p.starts_with("/search-index/")),
        "the search index is refreshed too: {later:?}"
    );
}
