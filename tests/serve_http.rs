//! `gloss serve` as a user runs it (the real binary on a free port): pages with the live
//! script, the site's 404 page, no way out of the output folder, a clear error on a busy port,
//! and a clean exit on Ctrl-C.

mod serve_common;

use std::time::Duration;

use serve_common::{Site, get, request, spawn_serve, wait_for_line};

const WAIT: Duration = Duration::from_secs(30);

/// A site whose output already holds pages (a previous build), and a secret beside it.
fn site_with_previous_output() -> Site {
    Site::new(&[
        ("gloss.toml", "title = \"Serve test\"\n"),
        ("content/articles/first.md", "---\ntitle: First\n---\nHello.\n"),
        ("secret.txt", "TOP SECRET\n"),
        ("dist/index.html", "<!doctype html><html><body><h1>Home</h1></body></html>\n"),
        ("dist/404.html", "<!doctype html><html><body><h1>Lost?</h1></body></html>\n"),
    ])
}

fn start(site: &Site) -> serve_common::ServeProcess {
    let mut process = serve_common::ServeProcess::start(site, &["--port", "0"]);
    // The first build has ended (well or not) once it says so; requests then see its output.
    let line = process.wait_for_line("buil", WAIT);
    assert!(line.contains("built in") || line.contains("build failed"), "{line}");
    process
}

#[test]
fn serves_pages_with_the_live_script_and_the_sites_404_page() {
    let site = site_with_previous_output();
    let process = start(&site);

    let home = get(process.addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(
        home.body.contains("<script src=\"/__gloss/live.js\" data-page=\"/\"></script></body>"),
        "{}",
        home.body
    );

    let missing = get(process.addr, "/no/such/page/");
    assert_eq!(missing.status, 404);
    let page_404 = std::fs::read_to_string(site.path(".gloss/serve/404.html")).unwrap();
    let without_script = missing
        .body
        .replace("<script src=\"/__gloss/live.js\" data-page=\"/404.html\"></script>", "");
    assert_eq!(without_script, page_404, "the site's own 404 page, with the live script added");

    let script = get(process.addr, "/__gloss/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.header("content-type"), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("new EventSource("));

    let head = request(process.addr, "HEAD", "/");
    assert_eq!(head.status, 200);

    // Serve builds into its own folder: what `gloss build` left in dist/ stays as it was.
    let published = std::fs::read_to_string(site.path("dist/index.html")).unwrap();
    assert_eq!(published, "<!doctype html><html><body><h1>Home</h1></body></html>\n");
    assert_eq!(head.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(head.body.is_empty());
    assert_eq!(request(process.addr, "POST", "/").status, 405);
}

#[test]
fn refuses_paths_out_of_the_output_folder() {
    let site = site_with_previous_output();
    let process = start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/articles/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "//../secret.txt",
    ] {
        let response = get(process.addr, path);
        assert!(response.status == 400 || response.status == 404, "{path}: {}", response.status);
        assert!(!response.body.contains("TOP SECRET"), "{path} leaked the file");
    }
}

#[test]
fn lists_no_folder() {
    let site = site_with_previous_output();
    let process = start(&site);
    site.write(".gloss/serve/notes/private.txt", "x");
    let folder = get(process.addr, "/notes/");
    assert_eq!(folder.status, 404);
    assert!(!folder.body.contains("private.txt"));
    let redirect = get(process.addr, "/notes");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/notes/"));
}

#[test]
fn an_edit_reaches_an_open_page_as_a_reload() {
    let site = site_with_previous_output();
    let process = start(&site);
    let mut page = serve_common::EventReader::connect(process.addr);
    assert_eq!(page.next(WAIT).unwrap().name, "ok");
    page.collect_for(Duration::from_millis(100));
    site.write("content/articles/first.md", "---\ntitle: First\n---\nHello again.\n");
    let reload = page.wait_for("reload", WAIT);
    let paths: Vec<String> = serde_json::from_str(&reload.data).unwrap();
    assert!(paths.contains(&"/articles/first/".to_string()), "{paths:?}");
    assert!(get(process.addr, "/articles/first/").body.contains("Hello again."));
}

#[test]
fn ctrl_c_stops_cleanly_with_exit_code_0() {
    let site = site_with_previous_output();
    let process = start(&site);
    // An open page keeps its event stream open; shutting down must not wait for it.
    let mut page = serve_common::EventReader::connect(process.addr);
    assert!(page.next(WAIT).is_some());
    let (status, rest) = process.interrupt();
    assert_eq!(status.code(), Some(0), "{rest:#?}");
    assert!(rest.iter().any(|line| line.starts_with("stopped serving after")), "{rest:#?}");
}

#[test]
fn ctrl_c_does_not_wait_for_a_half_sent_request() {
    use std::io::Write;
    let site = site_with_previous_output();
    let process = start(&site);
    let mut client = std::net::TcpStream::connect(process.addr).unwrap();
    client.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let (status, rest) = process.interrupt();
    assert_eq!(status.code(), Some(0), "{rest:#?}");
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    drop(client);
}

#[test]
fn a_busy_port_given_explicitly_is_a_clear_error() {
    let site = site_with_previous_output();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (mut child, stderr) = spawn_serve(&site, &["--port", &port]);
    let line = wait_for_line(&stderr, "error:", WAIT);
    assert!(line.contains(&format!("port {port} on 127.0.0.1 is already in use")), "{line}");
    assert_eq!(child.wait().unwrap().code(), Some(1));
}
