//! `gloss check`: what it reports and its exit code.

mod common;

use common::Site;

#[test]
fn a_clean_site_passes() {
    let site = Site::fixture("basic");
    let run = site.gloss(&["check"]);
    assert!(run.success, "{}", run.stderr);
    assert!(run.stderr.contains("checked 24 pages"), "{}", run.stderr);
    // The fixture has one unresolved wikilink on purpose: a warning, not an error.
    assert!(run.stderr.contains("[[Hollow Point]]"), "{}", run.stderr);
    assert!(!site.dist().exists(), "check writes nothing");
}

#[test]
fn strict_check_fails_on_warnings() {
    let site = Site::fixture("basic");
    assert!(!site.gloss(&["check", "--strict"]).success);
}

#[test]
fn reports_broken_links_anchors_and_footnotes_with_positions() {
    let site = Site::fixture("basic");
    site.write(
        "content/articles/faulty.md",
        "---\ntitle: Faulty\n---\nSee [gone](/articles/gone/) and [here](market-day.md#nowhere).\n\n\
         A claim[^missing] and [[Nobody]].\n\n[^spare]: Never cited.\n",
    );
    let run = site.gloss(&["check"]);
    assert!(!run.success);
    for expected in [
        "content/articles/faulty.md:4:5: error: [/articles/gone/]",
        "content/articles/faulty.md:4:33: error: [/articles/market-day/#nowhere] links to #nowhere",
        "content/articles/faulty.md:6:8: error: footnote reference [^missing] has no note",
        "content/articles/faulty.md:6:23: warning: [[Nobody]]",
        "content/articles/faulty.md:8:1: warning: footnote [^spare] is never referenced",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?} in\n{}", run.stderr);
    }
}

#[test]
fn reports_front_matter_problems_and_keeps_checking() {
    let site = Site::fixture("basic");
    site.write("content/articles/bad.md", "---\ntitle: [unclosed\n---\n");
    site.write(
        "content/articles/odd-key.md",
        "---\ntitle: Odd\ncolour: red\n---\nSee [x](/nope/).\n",
    );
    let run = site.gloss(&["check"]);
    assert!(!run.success);
    assert!(run.stderr.contains("content/articles/bad.md:2:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/articles/odd-key.md:3:1: warning: unknown key `colour`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/articles/odd-key.md:5:5: error: [/nope/]"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_link_in_a_site_template_is_reported_once() {
    let site = Site::fixture("basic");
    site.write(
        "templates/base.html",
        "<!doctype html><html lang=\"en\"><head><title>t</title></head><body><a href=\"/missing/\">x</a>{% block content %}{% endblock content %}</body></html>",
    );
    let run = site.gloss(&["check"]);
    assert!(!run.success);
    assert_eq!(run.stderr.matches("[/missing/]").count(), 1, "{}", run.stderr);
}
