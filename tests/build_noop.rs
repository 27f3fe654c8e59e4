//! `gloss build` with nothing changed since the last build: it says so and writes nothing; a
//! changed article, theme file, template, setting or option makes it build for real.

mod common;

use std::time::{Duration, SystemTime};

use common::{Run, Site, set_times};

/// Saves `path` again (same bytes) as a person's editor would, ten minutes ago.
fn touch(site: &Site, path: &str) {
    set_times(&site.root.join(path), 10);
}

fn build(site: &Site, args: &[&str]) -> Run {
    let run = site.gloss(&[&["build"], args].concat());
    assert!(run.success, "build failed:\n{}", run.stderr);
    run
}

fn summary(run: &Run) -> &str {
    run.stderr.lines().last().unwrap_or_default()
}

/// It built: in full, or from the last full build's snapshot.
fn assert_built(run: &Run, why: &str) {
    let summary = summary(run);
    assert!(
        summary.starts_with("built ") || summary.starts_with("updated "),
        "{why}: {}",
        run.stderr
    );
}

/// Every output file with its modification time: a build that wrote nothing leaves it as it was.
fn output_times(site: &Site) -> Vec<(String, SystemTime)> {
    common::files_under(&site.dist())
        .into_iter()
        .map(|(name, path)| (name, std::fs::metadata(path).unwrap().modified().unwrap()))
        .collect()
}

#[test]
fn a_second_build_writes_nothing_and_says_so() {
    let site = Site::fixture("basic");
    site.write("content/articles/broken-link.md", "---\ntitle: Odd\n---\nSee [[Nobody Known]].\n");
    set_times(&site.root, 60);
    let first = build(&site, &[]);
    assert_built(&first, "first build");
    let before = output_times(&site);
    let second = build(&site, &[]);
    assert!(
        summary(&second).starts_with("nothing changed since the last build of "),
        "{}",
        second.stderr
    );
    assert!(summary(&second).contains("(4 articles, 5 entities) into "), "{}", second.stderr);
    assert_eq!(output_times(&site), before, "the no-op build wrote files");
    // The warnings of the last build are still reported.
    let warnings = |run: &Run| -> Vec<String> {
        run.stderr.lines().filter(|l| l.contains("warning:")).map(str::to_string).collect()
    };
    assert!(warnings(&second).iter().any(|w| w.contains("[[Nobody Known]]")), "{}", second.stderr);
    assert_eq!(warnings(&second), warnings(&first));
    let count = warnings(&first).len();
    assert!(summary(&second).ends_with(&format!(", {count} warnings")), "{}", second.stderr);
}

#[test]
fn a_touched_article_theme_template_or_setting_builds_again() {
    let site = Site::fixture("basic");
    site.write("themes/default/static/extra.css", "p { margin: 0; }\n");
    set_times(&site.root, 60);
    assert_built(&build(&site, &[]), "first build");
    for (path, why) in [
        ("content/articles/market-day.md", "an article saved again"),
        ("content/entities/ferry-guild.md", "an entity saved again"),
        ("themes/default/static/extra.css", "a theme file saved again"),
        ("gloss.toml", "the settings saved again"),
    ] {
        touch(&site, path);
        assert_built(&build(&site, &[]), why);
        assert!(summary(&build(&site, &[])).starts_with("nothing changed"), "after {why}");
    }
    site.write("templates/404.html", "{% extends \"base.html\" %}");
    touch(&site, "templates/404.html");
    assert_built(&build(&site, &[]), "a new template");
    assert_built(&build(&site, &["--no-search"]), "other options");
    assert!(summary(&build(&site, &["--no-search"])).starts_with("nothing changed"));
}

#[test]
fn a_damaged_output_folder_is_built_again() {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    build(&site, &[]);
    // Past the file system clock's tick, so the folder's time moves.
    std::thread::sleep(Duration::from_millis(50));
    std::fs::remove_dir_all(site.dist().join("articles/market-day")).unwrap();
    assert_built(&build(&site, &[]), "a page folder removed");
    assert!(site.dist().join("articles/market-day/index.html").is_file());
    std::fs::remove_dir_all(site.dist()).unwrap();
    assert_built(&build(&site, &[]), "the output removed");
    assert!(site.dist().join("index.html").is_file());
}

#[test]
fn an_input_saved_during_the_last_second_leaves_no_stamp() {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    // Saved just now: a second save in the same clock tick could keep this modification time.
    set_times(&site.root.join("content/articles/market-day.md"), 0);
    build(&site, &[]);
    assert_built(&build(&site, &[]), "racy input");
}
