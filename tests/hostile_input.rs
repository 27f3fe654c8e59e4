//! Input shaped to make gloss crawl builds in linear time: one huge line without sentence ends
//! full of mentions, front matter with hundreds of thousands of keys, an article with 100,000
//! wikilinks. The bounds are loose (a quadratic build of these takes many minutes; a linear one,
//! link check included, about half a minute in the test profile on a loaded 2-core machine).

mod common;

use std::time::{Duration, Instant};

use common::Site;

fn build_within(site: &Site, limit: Duration) {
    let started = Instant::now();
    let run = site.gloss(&["build", "--no-search"]);
    let took = started.elapsed();
    assert!(run.success, "{}", run.stderr.chars().take(2000).collect::<String>());
    assert!(took < limit, "the build took {took:?}");
}

#[test]
fn a_megabytes_long_line_of_mentions_builds_in_linear_time() {
    let site = Site::fixture("basic");
    let words = ["river", "stone", "market", "ferry", "harbour", "lantern"];
    let body: Vec<&str> = (0..400_000)
        .map(|i| if i % 20 == 0 { "[[Ada Brook]]" } else { words[i % words.len()] })
        .collect();
    site.write(
        "content/articles/long-line.md",
        &format!("---\ntitle: Long\n---\n{}\n", body.join(" ")),
    );
    build_within(&site, Duration::from_secs(90));
}

#[test]
fn front_matter_with_a_hundred_thousand_keys_builds_in_linear_time() {
    let site = Site::fixture("basic");
    let keys: String = (0..100_000).map(|i| format!("key{i}: value\n")).collect();
    site.write("content/articles/keys.md", &format!("---\ntitle: Keys\n{keys}---\nBody.\n"));
    build_within(&site, Duration::from_secs(90));
}

#[test]
fn an_article_with_a_hundred_thousand_wikilinks_builds_in_linear_time() {
    let site = Site::fixture("basic");
    let links: Vec<String> = (0..100_000).map(|i| format!("[[Place {i}]] word.")).collect();
    site.write(
        "content/articles/links.md",
        &format!("---\ntitle: Links\n---\n{}\n", links.join(" ")),
    );
    build_within(&site, Duration::from_secs(90));
}
