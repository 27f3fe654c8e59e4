//! Input gloss cannot publish as written is reported with its file and line, never dropped
//! without a word; text that could spoof a reader is removed; no name the site makes is one
//! Windows cannot hold (issue #16).

mod common;

use common::{Site, select, text};

fn warnings_of(site: &Site) -> String {
    let run = site.gloss(&["build"]);
    assert!(run.success, "{}", run.stderr);
    run.stderr
}

#[cfg(unix)]
#[test]
fn an_article_file_whose_name_is_not_utf8_is_reported() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("basic");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(site.root.join("content/articles").join(name), "---\ntitle: Cafe\n---\nA.\n")
        .unwrap();
    let stderr = warnings_of(&site);
    assert!(stderr.contains("content/articles/caf"), "{stderr}");
    assert!(stderr.contains("file name is not valid UTF-8"), "{stderr}");
}

#[test]
fn a_path_like_author_and_an_empty_tag_are_reported_at_their_line() {
    let site = Site::fixture("basic");
    site.write(
        "content/articles/odd-values.md",
        "---\ntitle: Odd values\nauthors: [\"../..\", Mara Velt]\ntags: [\"\", harbour]\n---\nText.\n",
    );
    let stderr = warnings_of(&site);
    assert!(
        stderr.contains("content/articles/odd-values.md:3:1: warning: author \"../..\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/articles/odd-values.md:4:1: warning: an empty tag"),
        "{stderr}"
    );
    // The author with a name still gets the page and the link.
    let page = site.page("articles/odd-values/index.html");
    assert!(select(&page, "a[href='/authors/mara-velt/']").len() == 1);
}

#[test]
fn a_title_line_of_only_symbols_is_reported_by_import() {
    let site = Site::fixture("basic");
    site.write(
        "content/sources/wave.txt",
        "\u{1F30A}\n\nThe tide came in early on Friday and the quay flooded. Nobody was hurt.\n",
    );
    site.write(
        "content/sources/dots.txt",
        "..\n\nThe lantern festival moved to the harbour this year. Crowds were large.\n",
    );
    let run = site.gloss(&["import"]);
    assert!(run.success, "{}", run.stderr);
    assert!(run.stderr.contains("content/sources/wave.txt:1:1: warning: the first line"));
    assert!(run.stderr.contains("content/sources/dots.txt:1:1: warning: the first line \"..\""));
}

#[test]
fn a_wikilink_with_an_empty_label_shows_its_target() {
    let site = Site::fixture("basic");
    site.write(
        "content/articles/empty-label.md",
        "---\ntitle: Empty label\n---\nThe ferry [[Ada Brook|]] ran was late.\n",
    );
    site.build();
    let page = site.page("articles/empty-label/index.html");
    let links = select(&page, "a.mention");
    assert!(
        links.iter().any(|link| text(link) == "Ada Brook"),
        "{}",
        site.read("articles/empty-label/index.html")
    );
}

#[test]
fn bidirectional_override_characters_are_removed_from_titles_and_text() {
    let site = Site::fixture("basic");
    site.write(
        "content/articles/spoof.md",
        "---\ntitle: \"invoice \u{202E}fdp.exe\"\n---\nOpen \u{2066}this\u{2069} file.\n",
    );
    let stderr = warnings_of(&site);
    assert!(
        stderr.contains("content/articles/spoof.md:2:17: warning: 3 bidirectional"),
        "{stderr}"
    );
    for file in ["articles/spoof/index.html", "articles/index.html", "atom.xml"] {
        let html = site.read(file);
        assert!(!html.contains(['\u{202E}', '\u{2066}', '\u{2069}']), "{file} keeps a control");
    }
    assert!(site.read("articles/spoof/index.html").contains("invoice fdp.exe"));
}

#[test]
fn windows_device_names_never_name_a_file_or_folder() {
    let site = Site::fixture("basic");
    site.write("content/articles/nul.md", "---\ntitle: Nul\ntags: [CON, com1, Aux]\n---\nA.\n");
    site.write(
        "content/sources/prn.txt",
        "PRN\n\nThe printer guild met on Monday to elect a new master. The vote was close.\n",
    );
    let run = site.gloss(&["import"]);
    assert!(run.success, "{}", run.stderr);
    assert!(site.root.join("content/articles/prn_.md").is_file());
    site.build();
    let device = |name: &str| {
        let stem = name.split('.').next().unwrap().to_ascii_lowercase();
        ["con", "prn", "aux", "nul"].contains(&stem.as_str())
            || (stem.len() == 4
                && (stem.starts_with("com") || stem.starts_with("lpt"))
                && stem.as_bytes()[3].is_ascii_digit())
    };
    // Every file gloss made (the two the person wrote aside).
    for (name, _) in common::files_under(&site.root) {
        let own = ["content/articles/nul.md", "content/sources/prn.txt"].contains(&name.as_str());
        assert!(own || !name.split('/').any(device), "{name} cannot exist on Windows");
    }
    assert!(site.dist().join("articles/nul_/index.html").is_file());
    assert!(site.dist().join("tags/con_/index.html").is_file());
}

#[test]
fn an_escaped_footnote_reference_draws_no_missing_note_warning() {
    let site = Site::fixture("basic");
    site.write(
        "content/sources/brackets.txt",
        "Bracket notation\n\nThe clerk wrote [^1] in the margin, as the old ledgers do. It was \
         read aloud.\n",
    );
    let run = site.gloss(&["import"]);
    assert!(run.success, "{}", run.stderr);
    let stderr = warnings_of(&site);
    assert!(!stderr.contains("has no note"), "{stderr}");
    site.write(
        "content/articles/real-miss.md",
        "---\ntitle: Real miss\n---\nEscaped \\[^1] and missing [^2].\n",
    );
    let stderr = warnings_of(&site);
    assert!(
        stderr.contains("content/articles/real-miss.md:4:27: warning: footnote reference [^2]"),
        "{stderr}"
    );
    assert!(!stderr.contains("[^1] has no note"), "{stderr}");
}
