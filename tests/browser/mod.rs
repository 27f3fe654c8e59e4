//! Headless Chromium over a plain static file server, for tests that drive the built site
//! from inside a browser: a probe page in the served folder runs its checks and writes JSON
//! into `pre#out`, which the test reads from the dumped DOM.
//!
//! Needs Chromium (`GLOSS_CHROMIUM`, or `chromium` on the PATH) and, for the accessibility
//! checks, axe-core (`tests/browser/package.json`); `scripts/test` installs both. Without them
//! a test skips with a message, except under `CI`, where a missing tool fails the test.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn chromium() -> Option<PathBuf> {
    if let Ok(path) = std::env::var("GLOSS_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let paths = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&paths).map(move |dir| dir.join(name)))
        .find(|path| path.is_file())
}

/// axe-core's script: `GLOSS_AXE`, or the copy `scripts/test` installs from
/// `tests/browser/package.json`. `None` (the test skips) without it, outside CI.
pub fn axe_script() -> Option<String> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let path = std::env::var_os("GLOSS_AXE").map(PathBuf::from).unwrap_or(installed);
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(_) => missing_tool(&format!("no axe-core at {} (run scripts/test)", path.display())),
    }
}

/// The Nu HTML checker's jar: `GLOSS_VNU`, or the copy `scripts/test` installs from
/// `tests/browser/package.json`, when Java runs too. `None` (the test skips) without them,
/// outside CI.
pub fn vnu_jar() -> Option<PathBuf> {
    let installed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    let jar = std::env::var_os("GLOSS_VNU").map(PathBuf::from).unwrap_or(installed);
    if !jar.is_file() {
        return missing_tool(&format!(
            "no Nu HTML checker at {} (run scripts/test)",
            jar.display()
        ));
    }
    match Command::new("java").arg("-version").output() {
        Ok(output) if output.status.success() => Some(jar),
        _ => missing_tool("no Java for the Nu HTML checker (run scripts/test)"),
    }
}

/// A tool a browser test needs is absent: skip with a message, but fail under CI, where
/// `scripts/test` installs every tool and a skip would hide a broken install.
fn missing_tool<T>(what: &str) -> Option<T> {
    assert!(std::env::var_os("CI").is_none(), "{what}: CI must run every browser test");
    eprintln!("skipped: {what}");
    None
}

/// Serves `root` on a free loopback port, like any static file server would, until the test
/// process ends. Returns the port.
pub fn serve(root: PathBuf) -> u16 {
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
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Opens `page` (a path on the server of `root`) in headless Chromium, `width` pixels wide,
/// and returns what the probe wrote into `pre#out`; `None` without Chromium.
pub fn run_probe(root: PathBuf, page: &str, width: u32) -> Option<serde_json::Value> {
    let Some(chromium) = chromium() else {
        return missing_tool("no Chromium (set GLOSS_CHROMIUM or run scripts/test)");
    };
    let port = serve(root);
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=120000",
            "--dump-dom",
        ])
        .arg(format!("--window-size={width},900"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("http://127.0.0.1:{port}{page}"))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let start = dom.find("<pre id=\"out\">").map(|i| i + "<pre id=\"out\">".len());
    let text = start.and_then(|s| dom[s..].find("</pre>").map(|e| &dom[s..s + e]));
    let text = text.map(unescape).unwrap_or_default();
    Some(serde_json::from_str(&text).unwrap_or_else(|_| {
        panic!("probe did not finish: {text:?}\n{}", &dom[..dom.len().min(4000)])
    }))
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
}

/// The bundled site (the repository's `gloss.toml`, `content/` and `themes/`), built into a
/// temporary folder: (the folder, the output folder).
pub fn built_bundled_site() -> (tempfile::TempDir, PathBuf) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["gloss.toml", "content", "themes"] {
        copy(&repo.join(part), &root.join(part));
    }
    let output =
        Command::new(env!("CARGO_BIN_EXE_gloss")).arg("build").current_dir(&root).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dist = root.join("dist");
    (dir, dist)
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
    }
}
