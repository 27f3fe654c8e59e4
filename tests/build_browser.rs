//! The built site in a real headless Chromium, served by a plain static file server: the
//! offline search finds articles, and hover and focus cards show entities (fetched on first
//! use) and notes.
//!
//! Needs Chromium (`GLOSS_CHROMIUM`, or `chromium` on the PATH; `scripts/test` installs it);
//! the browser and the file server are `tests/browser/mod.rs`.

mod browser;
mod common;

use common::Site;

/// Helpers every probe page uses: wait for a frame, poll until a check holds.
const PROBE_HELPERS: &str = r##"
const sleep = ms => new Promise(r => setTimeout(r, ms));
const loaded = frame => new Promise(r =>
  frame.contentDocument && frame.contentDocument.readyState === "complete" && frame.contentWindow.location.href !== "about:blank"
    ? r() : frame.addEventListener("load", r, { once: true }));
async function until(check) {
  for (let i = 0; i < 400; i++) {
    const value = check();
    if (value) return value;
    await sleep(25);
  }
  return "timed out";
}
// What a reader of the search page in `frame` sees once a search for `query` has finished.
async function seen(frame, query) {
  const doc = frame.contentDocument;
  const status = () => doc.querySelector(".search-status").textContent;
  return until(() => status().includes(query) && {
    status: status(),
    results: [...doc.querySelectorAll("#search-results > li")].map(li => [
      li.querySelector("h2 a").getAttribute("href"),
      li.querySelector("h2").textContent,
    ]),
    marks: [...doc.querySelectorAll("#search-results mark")].map(m => m.textContent),
  });
}
// Types `query` into the search box of the page in `frame`.
function type(frame, query) {
  const input = frame.contentDocument.getElementById("search-q");
  input.focus();
  input.value = query;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  return seen(frame, query);
}
"##;

/// The search page and an article's hover cards, driven from inside the browser.
const PROBE: &str = r##"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="search" src="/search/?q=ribbon"></iframe>
<iframe id="frame" src="/articles/bridge-reopens/"></iframe>
<script type="module">
HELPERS
const results = {};
try {
  const search = document.getElementById("search");
  await loaded(search);
  const doc = search.contentDocument;
  results.linked = await seen(search, "ribbon");
  results.prefix = await type(search, "ferr");
  results.address = search.contentWindow.location.search;
  results.every = await type(search, "stone bridge");
  results.none = await type(search, "bridge zeppelin");
  results.accents = await type(search, "LANTHÖRN");
  results.untrustedElements = doc.querySelectorAll("#search-results script, #search-results b, #search-results img").length;
  results.ran = search.contentWindow.pwned === undefined ? "no" : "yes";
  doc.getElementById("search-q").dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
  results.focused = doc.activeElement.getAttribute("href");
} catch (e) { results.search = String(e.stack || e); }
const frame = document.getElementById("frame");
await loaded(frame);
const doc = frame.contentDocument;
const popover = () => doc.getElementById("gloss-popover");
const shown = async () => {
  // The card is fetched on first use: wait for it (up to 2 s).
  for (let i = 0; i < 100 && popover().hidden; i++) await new Promise(r => setTimeout(r, 20));
  return popover().hidden ? "" : popover().textContent;
};
const hide = () => doc.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"}));
doc.querySelector("a.mention[data-entity=ferry-guild]").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
results.entityCard = await shown();
hide();
frame.contentWindow.focus();
doc.querySelector("a.mention[data-entity=ada-brook]").focus();
results.focusCard = await shown();
hide();
doc.querySelector("sup.footnote-ref a").dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
results.noteCard = popover().hidden ? "" : popover().textContent;
document.getElementById("out").textContent = JSON.stringify(results);
</script></body></html>"##;

/// The results a reader sees: (link, title) each.
fn results(seen: &serde_json::Value) -> Vec<(String, String)> {
    let Some(results) = seen["results"].as_array() else { panic!("no results: {seen}") };
    results
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_str().unwrap().to_string()))
        .collect()
}

fn links(seen: &serde_json::Value) -> Vec<String> {
    results(seen).into_iter().map(|(link, _)| link).collect()
}

/// An article whose title and text try to run markup: search must show them as text.
const UNTRUSTED: &str = r##"---
title: "<script>window.pwned = 1</script> Lanthörn <b>notice</b>"
date: 2023-07-01
---
The lanthorn keeper posted a notice: <img src=x onerror="window.pwned = 1">.
"##;

#[test]
fn search_and_hover_cards_work_from_a_static_server() {
    let site = Site::fixture("basic");
    site.write("content/articles/lanthorn-notice.md", UNTRUSTED);
    site.build();
    std::fs::write(site.dist().join("probe.html"), PROBE.replace("HELPERS", PROBE_HELPERS))
        .unwrap();
    let Some(results) = browser::run_probe(site.dist(), "/probe.html", 1280) else { return };
    assert!(results["search"].is_null(), "{results}");

    // A linked search (?q=) shows its results on arrival, titles linked, words marked.
    let linked = &results["linked"];
    assert_eq!(
        self::results(linked),
        [("/articles/bridge-reopens/".into(), "The Old Bridge Reopens After Two Years".into())],
        "{results}"
    );
    assert_eq!(linked["status"], "1 result for “ribbon”.");
    assert_eq!(linked["marks"], serde_json::json!(["ribbon"]));

    // Typing: the last word is the start of a word; the entity named so comes first; the
    // address follows the box.
    let prefix = &results["prefix"];
    let found = links(prefix);
    assert_eq!(found[0], "/entities/ferry-guild/", "{results}");
    assert!(found.contains(&"/articles/bridge-reopens/".to_string()), "{results}");
    assert!(
        prefix["marks"].as_array().unwrap().iter().all(|m| m
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("ferr"))
    );
    assert_eq!(results["address"], "?q=ferr");

    // Every word must match.
    assert_eq!(links(&results["every"]), ["/articles/bridge-reopens/"], "{results}");
    assert_eq!(results["none"]["status"], "No results for “bridge zeppelin”.");
    assert!(links(&results["none"]).is_empty());

    // Case and accents fold; untrusted markup stays text and never runs.
    assert_eq!(
        self::results(&results["accents"]),
        [(
            "/articles/lanthorn-notice/".into(),
            "<script>window.pwned = 1</script> Lanthörn <b>notice</b>".into()
        )],
        "{results}"
    );
    assert_eq!(results["accents"]["marks"], serde_json::json!(["Lanthörn", "lanthorn"]));
    assert_eq!(results["untrustedElements"], 0);
    assert_eq!(results["ran"], "no");

    // The keyboard moves from the box to the first result.
    assert_eq!(results["focused"], "/articles/lanthorn-notice/");

    let entity_card = results["entityCard"].as_str().unwrap();
    assert!(
        entity_card.contains("Ferry Guild")
            && entity_card.contains("association of ferry operators"),
        "{results}"
    );
    // A reader moving through the page with the keyboard gets the card too.
    let focus_card = results["focusCard"].as_str().unwrap();
    assert!(focus_card.contains("Ada Brook") && focus_card.contains("Person"), "{results}");
    let note_card = results["noteCard"].as_str().unwrap();
    assert!(note_card.contains("Figures from the town council"), "{results}");
}

/// The search page of a site served under a base path, searched as the reader types.
const BASE_PATH_PROBE: &str = r##"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="search" src="/archive/search/"></iframe>
<script type="module">
HELPERS
const results = {};
try {
  const search = document.getElementById("search");
  await loaded(search);
  results.typed = await type(search, "guil");
} catch (e) { results.error = String(e.stack || e); }
document.getElementById("out").textContent = JSON.stringify(results);
</script></body></html>"##;

#[test]
fn search_works_under_a_base_path() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write(
        "gloss.toml",
        &config.replace("https://chronicle.example.org/", "https://example.org/archive/"),
    );
    let served = tempfile::tempdir().unwrap();
    let out = served.path().join("archive");
    let run = site.gloss(&["build", "--out", out.to_str().unwrap()]);
    assert!(run.success, "{}", run.stderr);
    std::fs::write(
        served.path().join("probe.html"),
        BASE_PATH_PROBE.replace("HELPERS", PROBE_HELPERS),
    )
    .unwrap();
    let Some(results) = browser::run_probe(served.path().to_path_buf(), "/probe.html", 1280) else {
        return;
    };
    let found = links(&results["typed"]);
    assert_eq!(
        found.first().map(String::as_str),
        Some("/archive/entities/ferry-guild/"),
        "{results}"
    );
    assert!(found.iter().all(|link| link.starts_with("/archive/")), "{results}");
}
