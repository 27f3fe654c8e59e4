//! `gloss build --out DIR` deletes or overwrites only what gloss wrote: a folder of someone
//! else's files is refused unless forced, and no output folder may lie inside the sources.

mod common;

use common::Site;

#[test]
fn a_folder_of_other_files_is_refused_and_left_alone() {
    let site = Site::fixture("basic");
    let out = site.root.join("public");
    site.write("public/thesis.pdf", "years of work");
    site.write("public/index.html", "my own home page");
    let run = site.gloss(&["build", "--out", &out.to_string_lossy()]);
    assert!(!run.success);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(out.join("thesis.pdf")).unwrap(), "years of work");
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "my own home page");
}

#[test]
fn force_keeps_every_file_gloss_does_not_produce() {
    let site = Site::fixture("basic");
    let out = site.root.join("public");
    site.write("public/thesis.pdf", "years of work");
    site.write("public/.git/config", "[core]");
    let run = site.gloss(&["build", "--force", "--out", &out.to_string_lossy()]);
    assert!(run.success, "{}", run.stderr);
    assert!(out.join("index.html").is_file());
    // A second build, unforced, and one after an article went: still only gloss's files go.
    // (Another article links the one removed: the link checker may only warn here.)
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", &format!("{config}\n[link_checker]\ninternal_level = \"warn\"\n"));
    site.remove("content/articles/market-day.md");
    let run = site.gloss(&["build", "--out", &out.to_string_lossy()]);
    assert!(run.success, "{}", run.stderr);
    assert!(!out.join("articles/market-day/index.html").exists());
    assert_eq!(std::fs::read_to_string(out.join("thesis.pdf")).unwrap(), "years of work");
    assert_eq!(std::fs::read_to_string(out.join(".git/config")).unwrap(), "[core]");
}

#[test]
fn an_out_folder_inside_the_sources_is_refused() {
    let site = Site::fixture("basic");
    site.write("templates/page.html", "{% extends \"base.html\" %}");
    site.write("static/logo.svg", "<svg/>");
    for inside in ["content", "content/articles", "themes", "themes/default", "templates", "static"]
    {
        let out = site.root.join(inside);
        let run = site.gloss(&["build", "--force", "--out", &out.to_string_lossy()]);
        assert!(!run.success, "--out {inside} was accepted");
        assert!(run.stderr.contains("refusing"), "{inside}: {}", run.stderr);
    }
    assert!(site.root.join("content/articles/market-day.md").exists());
    assert!(site.root.join("templates/page.html").exists());
    assert!(site.root.join("static/logo.svg").exists());
    assert!(site.build().success);
}
