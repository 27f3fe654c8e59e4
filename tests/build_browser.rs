//! The built site in a real headless Chromium, served by a plain static file server: the
//! offline search finds articles, and hover and focus cards show entities (fetched on first
//! use) and notes.
//!
//! Needs Chromium (`GLOSS_CHROMIUM`, or `chromium` on the PATH; `scripts/test` installs it).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;

fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("GLOSS_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&paths).map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
}

/// Serves `root` on a free loopback port, like any static file server would, until the test
/// process ends. Returns the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            if BufReader::new(&stream).read_line(&mut request).is_err() {
                continue;
            }
            let target = request.split_whitespace().nth(1).unwrap_or("/");
            let path = target.split('?').next().unwrap_or("/").trim_start_matches('/');
            let mut file = root.join(path);
            if file.is_dir() {
                file = file.join("index.html");
            }
            let response = match std::fs::read(&file) {
                Ok(body) => {
                    let header = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        content_type(&file),
                        body.len()
                    );
                    [header.into_bytes(), body].concat()
                }
                Err(_) => {
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .to_vec()
                }
            };
            let _ = stream.write_all(&response);
        }
    });
    port
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A test page that drives the built site from inside the browser and prints what it saw.
const PROBE: &str = r#"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="frame" src="/articles/bridge-reopens/"></iframe>
<script type="module">
const results = {};
try {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ noWorker: true });
  const search = await pagefind.search("ribbon");
  results.search = (await Promise.all(search.results.map(r => r.data()))).map(d => d.url);
} catch (e) { results.search = String(e); }
const frame = document.getElementById("frame");
await new Promise(r => frame.contentDocument.readyState === "complete" ? r() : frame.onload = r);
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
</script></body></html>"#;

#[test]
fn search_and_hover_cards_work_from_a_static_server() {
    let Some(chromium) = chromium() else {
        eprintln!("skipped: no Chromium (set GLOSS_CHROMIUM or run scripts/test)");
        return;
    };
    let site = Site::fixture("basic");
    site.build();
    std::fs::write(site.dist().join("probe.html"), PROBE).unwrap();
    let port = serve(site.dist());
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=15000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("http://127.0.0.1:{port}/probe.html"))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let page = scraper::Html::parse_document(&dom);
    let out = common::select(&page, "pre#out");
    let text = out.first().map(common::text).unwrap_or_default();
    let results: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("probe did not finish: {text:?}\n{dom}"));
    assert_eq!(results["search"], serde_json::json!(["/articles/bridge-reopens/"]), "{results}");
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
