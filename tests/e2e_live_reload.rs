//! End to end in a real headless Chromium: a tab open on a served page follows edits without a
//! manual reload (keeping its scroll position), swaps a changed stylesheet in place, shows the
//! build error over the page and clears it once fixed, and finds the server again after a
//! restart.

mod serve_common;

use std::time::Duration;

use serde_json::Value;
use serve_common::chromium::{Browser, Tab, find_chromium};
use serve_common::{Server, Site, fixture_site};

const WAIT: Duration = Duration::from_secs(20);

/// A long article, so there is somewhere to scroll to.
fn long_article(title: &str) -> String {
    let paragraphs: String = (0..300).map(|i| format!("Paragraph {i}.\n\n")).collect();
    serve_common::article(title, &paragraphs)
}

fn site() -> Site {
    let site = fixture_site();
    site.write("content/articles/alpha.md", &long_article("Alpha"));
    site
}

fn serve(site: &Site) -> Server {
    let server = Server::start(site);
    server.wait_for_builds(1, WAIT);
    server
}

fn wait_connected(browser: &mut Browser, tab: &Tab) {
    let expression = "!!(window.__glossLive && window.__glossLive.connected)";
    browser.wait_until(tab, WAIT, expression, |v| v == &Value::Bool(true));
}

fn heading(browser: &mut Browser, tab: &Tab, expected: &str) {
    let expression = "document.getElementById('article-title') && \
                      document.getElementById('article-title').textContent";
    browser.wait_until(tab, WAIT, expression, |v| v == expected);
}

const OVERLAY_TEXT: &str = "(() => { const o = document.getElementById('gloss-error-overlay'); \
                            return o ? o.shadowRoot.textContent : null; })()";

#[test]
fn an_open_tab_follows_edits_stylesheets_and_errors() {
    let Some(chromium) = find_chromium() else { return };
    let site = site();
    let server = serve(&site);
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&format!("http://{}/articles/alpha/", server.addr));
    heading(&mut browser, &tab, "Alpha");
    wait_connected(&mut browser, &tab);

    // An edit shows up by itself, at the same scroll position.
    let scrolled = browser
        .evaluate(&tab, "window.scrollTo(0, 1500); window.__untouched = 1; scrollY")
        .unwrap();
    assert_eq!(scrolled, 1500);
    site.write("content/articles/alpha.md", &long_article("Alpha, edited"));
    heading(&mut browser, &tab, "Alpha, edited");
    assert_eq!(
        browser.evaluate(&tab, "window.__untouched === undefined").unwrap(),
        true,
        "it reloaded"
    );
    let restored =
        browser.wait_until(&tab, WAIT, "scrollY", |v| v.as_f64().is_some_and(|y| y > 0.0));
    assert!((restored.as_f64().unwrap() - 1500.0).abs() < 2.0, "scroll kept: {restored}");

    // A stylesheet change applies without a reload.
    wait_connected(&mut browser, &tab);
    browser.evaluate(&tab, "window.__untouched = 2").unwrap();
    site.write("themes/default/static/gloss.css", "body { background: rgb(1, 2, 3); }\n");
    let background = "getComputedStyle(document.body).backgroundColor";
    browser.wait_until(&tab, WAIT, background, |v| v == "rgb(1, 2, 3)");
    assert_eq!(browser.evaluate(&tab, "window.__untouched").unwrap(), 2, "no reload for CSS");

    // A broken front matter shows the error over the last good page, and fixing it clears it.
    site.write("content/articles/alpha.md", "---\ntitle: [Alpha\n---\nBroken.\n");
    let overlay = browser.wait_until(&tab, WAIT, OVERLAY_TEXT, |v| v.is_string());
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("content/articles/alpha.md:2"), "{overlay}");
    assert!(overlay.contains("failed to build"), "{overlay}");
    assert_eq!(
        browser.evaluate(&tab, "document.getElementById('article-title').textContent").unwrap(),
        "Alpha, edited",
        "the last good page stays"
    );
    site.write("content/articles/alpha.md", &long_article("Alpha, fixed"));
    heading(&mut browser, &tab, "Alpha, fixed");
    browser.wait_until(&tab, WAIT, OVERLAY_TEXT, Value::is_null);
}

#[test]
fn a_page_opened_while_broken_shows_the_error_and_markup_stays_text() {
    let Some(chromium) = find_chromium() else { return };
    let site = site();
    let server = serve(&site);
    // The error message quotes the broken line: markup in it must show as text, not run.
    site.write(
        "content/articles/alpha.md",
        "---\ntitle: [<img src=x onerror=\"window.__pwned=1\">\n---\n",
    );
    let mut events = serve_common::EventReader::connect(server.addr);
    events.wait_for("error", WAIT);

    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&format!("http://{}/articles/alpha/", server.addr));
    let overlay = browser.wait_until(&tab, WAIT, OVERLAY_TEXT, |v| v.is_string());
    assert!(overlay.as_str().unwrap().contains("content/articles/alpha.md"), "{overlay}");
    let images =
        "document.getElementById('gloss-error-overlay').shadowRoot.querySelectorAll('img').length";
    assert_eq!(browser.evaluate(&tab, images).unwrap(), 0);
    assert_eq!(browser.evaluate(&tab, "window.__pwned === undefined").unwrap(), true);
}

#[test]
fn a_tab_finds_the_server_again_after_a_restart() {
    let Some(chromium) = find_chromium() else { return };
    let site = site();
    let server = serve(&site);
    let addr = server.addr;
    let mut browser = Browser::launch(&chromium);
    let tab = browser.open(&format!("http://{addr}/articles/alpha/"));
    heading(&mut browser, &tab, "Alpha");
    wait_connected(&mut browser, &tab);

    server.shut_down_within(Duration::from_secs(5));
    browser.wait_until(&tab, WAIT, "window.__glossLive.connected", |v| v == false);
    let server = Server::start_at(&site, addr);
    wait_connected(&mut browser, &tab);
    site.write("content/articles/alpha.md", &long_article("Alpha, after the restart"));
    heading(&mut browser, &tab, "Alpha, after the restart");
    drop(server);
}
