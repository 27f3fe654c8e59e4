//! The serve loop end to end without a browser: a real watcher on a site in a temp folder, the
//! real HTTP server and event stream, and a small stand-in build (see `serve_common::fake_build`)
//! until the render stage lands. A file is edited; the page that listens hears about it.

mod serve_common;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serve_common::fake_build::{Call, FakeBuild};
use serve_common::{EventReader, Server, Site, eventually, get};

const WAIT: Duration = Duration::from_secs(10);

/// Every call the serve loop made to the build.
type Calls = Arc<Mutex<Vec<Call>>>;

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

fn site() -> Site {
    Site::new(&[
        ("gloss.toml", "title = \"Reload test\"\n"),
        ("content/articles/alpha.md", &article("Alpha", "First words.")),
        ("content/articles/beta.md", &article("Beta", "Other words.")),
        ("themes/default/static/style.css", "body { color: black; }\n"),
    ])
}

/// Starts serving, waits for the first build to finish and be announced, and connects a page.
fn serve(site: &Site) -> (Server, EventReader, Calls) {
    let build = FakeBuild::new(&site.root());
    let calls = Arc::clone(&build.calls);
    let server = Server::start(site, build);
    eventually(WAIT, "the first build", || !calls.lock().unwrap().is_empty());
    let mut events = EventReader::connect(server.addr);
    assert_eq!(events.next(WAIT).unwrap().name, "ok", "a page first learns the site builds");
    // The first build's own reload may still be on its way; it is not what the tests wait for.
    events.collect_for(Duration::from_millis(100));
    (server, events, calls)
}

fn paths(event: &serve_common::LiveEvent) -> Vec<String> {
    serde_json::from_str(&event.data).unwrap()
}

#[test]
fn editing_an_article_reloads_its_page() {
    let site = site();
    let (server, mut events, _) = serve(&site);
    site.write("content/articles/alpha.md", &article("Alpha", "Edited words."));
    let reload = events.wait_for("reload", WAIT);
    assert_eq!(paths(&reload), ["/articles/alpha/"]);
    let page = get(server.addr, "/articles/alpha/");
    assert!(page.body.contains("Edited words."), "{}", page.body);
    assert!(page.body.contains("/__gloss/live.js"));
}

#[test]
fn saving_by_write_and_rename_is_one_change() {
    let site = site();
    let (server, mut events, calls) = serve(&site);
    site.save_by_rename("content/articles/beta.md", &article("Beta", "Renamed into place."));
    assert_eq!(paths(&events.wait_for("reload", WAIT)), ["/articles/beta/"]);
    assert!(get(server.addr, "/articles/beta/").body.contains("Renamed into place."));
    let calls = calls.lock().unwrap();
    let last = calls.last().unwrap().as_ref().expect("an incremental rebuild");
    assert_eq!(
        last,
        &[site.path("content/articles/beta.md")],
        "the temp file never reaches the build"
    );
}

#[test]
fn a_stylesheet_change_swaps_css_without_a_reload() {
    let site = site();
    let (_server, mut events, _) = serve(&site);
    site.write("themes/default/static/style.css", "body { color: navy; }\n");
    let event = events.next(WAIT).expect("an event");
    assert_eq!(event.name, "css");
    assert_eq!(paths(&event), ["/static/style.css"]);
}

#[test]
fn a_broken_article_shows_the_error_keeps_the_last_good_page_and_clears_when_fixed() {
    let site = site();
    let (server, mut events, _) = serve(&site);
    site.write("content/articles/alpha.md", "---\ntitle: [Alpha\n---\nBroken.\n");
    let error = events.wait_for("error", WAIT);
    let errors = error.json();
    assert_eq!(errors[0]["file"], "content/articles/alpha.md");
    assert!(errors[0]["line"].as_u64().unwrap() >= 2, "{errors}");
    assert!(!errors[0]["message"].as_str().unwrap().is_empty());

    let page = get(server.addr, "/articles/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First words."), "the last good page is still served");

    // A page opened while the site is broken learns it at once.
    let mut late = EventReader::connect(server.addr);
    assert_eq!(late.next(WAIT).unwrap().name, "error");

    // Fixing another file leaves the broken one broken.
    site.write("content/articles/beta.md", &article("Beta", "Unrelated fix."));
    assert_eq!(events.wait_for("error", WAIT).json()[0]["file"], "content/articles/alpha.md");

    site.write("content/articles/alpha.md", &article("Alpha", "Fixed."));
    events.wait_for("ok", WAIT);
    assert_eq!(late.wait_for("ok", WAIT).name, "ok");
    let reload = events.wait_for("reload", WAIT);
    assert!(paths(&reload).contains(&"/articles/alpha/".to_string()), "{reload:?}");
    assert!(get(server.addr, "/articles/alpha/").body.contains("Fixed."));
}

#[test]
fn a_burst_of_changes_is_one_rebuild_and_editor_debris_none() {
    let site = site();
    let (_server, mut events, calls) = serve(&site);
    let calls_before = calls.lock().unwrap().len();
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
    // Under load a file may be caught half-written and built twice; every page still arrives.
    let mut reloaded: BTreeSet<String> = BTreeSet::new();
    while reloaded.len() < 40 {
        reloaded.extend(paths(&events.wait_for("reload", WAIT)));
    }
    let expected: BTreeSet<String> = (0..40).map(|i| format!("/articles/new-{i:02}/")).collect();
    assert_eq!(reloaded, expected);
    let calls = calls.lock().unwrap();
    let rebuilds = &calls[calls_before..];
    assert!(rebuilds.len() <= 3, "{} rebuilds for one burst", rebuilds.len());
    // A file's events may straddle two debounced batches; each file is still built.
    let passed: BTreeSet<&PathBuf> = rebuilds.iter().flatten().flatten().collect();
    assert_eq!(passed.len(), 40, "{passed:#?}");
    assert!(passed.iter().all(|p| p.extension().is_some_and(|e| e == "md")), "{passed:#?}");
}

#[test]
fn changes_in_the_output_folder_trigger_nothing() {
    let site = site();
    let (_server, mut events, calls) = serve(&site);
    let calls_before = calls.lock().unwrap().len();
    site.write("dist/stray.html", "x");
    site.write("README.md", "x");
    assert!(events.collect_for(Duration::from_millis(400)).is_empty());
    assert_eq!(calls.lock().unwrap().len(), calls_before);
}

#[test]
fn a_new_article_appears_where_the_404_page_was() {
    let site = site();
    let (server, mut events, _) = serve(&site);
    assert_eq!(get(server.addr, "/articles/gamma/").status, 404);
    site.write("content/articles/gamma.md", &article("Gamma", "Brand new."));
    assert_eq!(paths(&events.wait_for("reload", WAIT)), ["/articles/gamma/"]);
    let page = get(server.addr, "/articles/gamma/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Brand new."));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_output_folder_are_not_served() {
    let site = site();
    site.write("secret.txt", "TOP SECRET");
    let (server, _events, _) = serve(&site);
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
    let site = site();
    let (server, events, _) = serve(&site);
    let summary = server.shut_down_within(Duration::from_secs(5));
    assert_eq!(summary.failed, 0);
    assert!(summary.builds >= 1);
    drop(events);
}
