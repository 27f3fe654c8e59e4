//! Content copied from Hugo and Zola sites, with their date-time forms, builds: each article keeps
//! its time where the theme and the feed show one, lists sort by it, and a rewrite of the front
//! matter by annotate keeps the date as written.

mod common;

use common::Site;

#[test]
fn hugo_and_zola_dates_build_with_their_times() {
    let site = Site::fixture("dates");
    let run = site.build();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);

    let article = site.read("articles/lighthouse-keeper/index.html");
    assert!(article.contains(r#"<time datetime="2019-09-23T19:07:00Z">23 September 2019</time>"#));
    let zola = site.read("articles/harbour-night-market/index.html");
    assert!(zola.contains(r#"datetime="2021-03-04T18:30:00+02:00""#), "{zola}");

    let feed = site.read("atom.xml");
    assert!(feed.contains("<published>2019-09-23T19:07:00Z</published>"), "{feed}");
    assert!(feed.contains("<published>2021-03-04T18:30:00+02:00</published>"), "{feed}");
    assert!(feed.contains("<published>2020-12-01T07:15:00Z</published>"), "{feed}");

    // Newest first: the same day with a time before the day alone.
    let index = site.read("articles/index.html");
    let at = |title: &str| index.find(title).unwrap_or_else(|| panic!("{title} listed"));
    assert!(at("night market opens") < at("Tide tables"));
    assert!(at("Tide tables") < at("winter ferry"));
    assert!(at("winter ferry") < at("lighthouse keeper"));

    let check = site.gloss(&["check"]);
    assert!(check.success, "{}", check.stderr);
}

#[test]
fn annotate_keeps_the_time_of_a_date() {
    let site = Site::fixture("dates");
    let path = site.root.join("content/articles/lighthouse-keeper.md");
    let before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, before.replace("tags: [coast]", "tags: [coast, lights]")).unwrap();
    let run = site.gloss(&["annotate"]);
    assert!(run.success, "{}", run.stderr);
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("date: 2019-09-23T19:07:00Z"), "{after}");
}

#[test]
fn a_malformed_date_names_the_forms_it_accepts() {
    let site = Site::fixture("dates");
    site.write("content/articles/bad.md", "---\ntitle: Bad\ndate: 23/09/2019\n---\nText.\n");
    let run = site.gloss(&["build"]);
    assert!(!run.success);
    assert!(run.stderr.contains("content/articles/bad.md:3:7"), "{}", run.stderr);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}
