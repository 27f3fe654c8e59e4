//! What serve shows beyond the pages (issue #19): drafts on request, the build's warnings
//! grouped in the terminal and over the pages, and which saved articles wait for annotate.

mod serve_common;

use std::net::SocketAddr;
use std::time::Duration;

use serve_common::{EventReader, Server, article, fixture_site, get, spawn_serve, wait_for_line};

const WAIT: Duration = Duration::from_secs(20);

fn served_address(line: &str) -> SocketAddr {
    let start = line.find("http://").expect("an address") + "http://".len();
    line[start..].split('/').next().unwrap().parse().unwrap()
}

#[test]
fn serve_drafts_shows_drafts_and_gloss_build_still_leaves_them_out() {
    let site = fixture_site();
    site.write(
        "content/articles/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nNot ready yet.\n",
    );
    let (mut child, stderr) = spawn_serve(&site, &["--port", "0", "--drafts"]);
    let addr = served_address(&wait_for_line(&stderr, "serving", WAIT));
    wait_for_line(&stderr, "built in", WAIT);
    assert_eq!(get(addr, "/articles/unfinished/").status, 200);
    child.kill().unwrap();
    child.wait().unwrap();

    let built = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--root")
        .arg(site.root())
        .args(["build", "--no-search"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert!(site.path("dist/articles/alpha/index.html").is_file());
    assert!(!site.path("dist/articles/unfinished").exists(), "a draft was published");
}

#[test]
fn serve_prints_new_warnings_grouped_after_a_rebuild() {
    let site = fixture_site();
    let (mut child, stderr) = spawn_serve(&site, &["--port", "0"]);
    wait_for_line(&stderr, "built in", WAIT);
    site.write("content/articles/gamma.md", &article("Gamma", "About [[Nobody Known]]."));
    wait_for_line(&stderr, "unresolved wikilink (1):", WAIT);
    let line = wait_for_line(&stderr, "content/articles/gamma.md:4:7", WAIT);
    assert!(line.contains("[[Nobody Known]]"), "{line}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn open_pages_get_the_warnings_grouped_and_the_articles_saved_but_not_annotated() {
    let site = fixture_site();
    site.write("content/articles/gamma.md", &article("Gamma", "About [[Nobody Known]]."));
    let server = Server::start(&site);
    server.wait_for_builds(1, WAIT);
    let mut page = EventReader::connect(server.addr);
    assert_eq!(page.next(WAIT).unwrap().name, "ok");
    let warnings = page.wait_for("warnings", WAIT);
    let groups: serde_json::Value = serde_json::from_str(&warnings.data).unwrap();
    assert_eq!(groups[0]["category"], "unresolved wikilink");
    assert_eq!(groups[0]["count"], 1);
    assert_eq!(groups[0]["shown"][0]["file"], "content/articles/gamma.md");
    assert_eq!(groups[0]["shown"][0]["line"], 4);

    site.write("content/articles/alpha.md", &article("Alpha", "Ada Brook came back."));
    let warnings = page.wait_for("warnings", WAIT);
    let groups: serde_json::Value = serde_json::from_str(&warnings.data).unwrap();
    let saved = groups.as_array().unwrap().iter().find(|g| g["category"] == "not annotated yet");
    let saved = saved.unwrap_or_else(|| panic!("no group for saved articles: {groups}"));
    assert_eq!(saved["shown"][0]["file"], "content/articles/alpha.md");
    assert!(saved["shown"][0]["message"].as_str().unwrap().contains("gloss annotate"));
}
