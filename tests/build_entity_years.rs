//! An entity mentioned in many articles: its page shows the latest mentions, and every mention
//! is on a page per year; rebuilds keep those pages right.

mod common;

use common::{Site, select, text};
use gloss::build::Build;
use gloss::config::Config;

/// Crossing articles added to the fixture: more than `ENTITY_PAGE_ARTICLES` (150).
const CROSSINGS: usize = 160;

/// The `basic` fixture plus articles over three years (and some undated) that mention the
/// Ferry Guild, twice in every third one.
fn busy_site() -> Site {
    let site = Site::fixture("basic");
    for n in 0..CROSSINGS {
        let date = match n % 4 {
            0 => "date: 2019-03-01\n".to_string(),
            1 => format!("date: 2020-{:02}-10\n", 1 + n % 12),
            2 => format!("date: 2021-{:02}-20\n", 1 + n % 12),
            _ => String::new(),
        };
        let twice = if n % 3 == 0 { " Later the [[Ferry Guild|guild]] agreed." } else { "" };
        site.write(
            &format!("content/articles/crossing-{n:03}.md"),
            &format!("---\ntitle: Crossing report {n}\n{date}---\nBoat {n} of the [[Ferry Guild]] crossed the river.{twice}\n"),
        );
    }
    site
}

fn mention_count(site: &Site, page: &str) -> usize {
    select(&site.page(page), ".mention-contexts a").len()
}

#[test]
fn every_mention_is_on_a_year_page_and_the_entity_page_shows_the_latest() {
    let site = busy_site();
    site.build();
    let page = site.page("entities/ferry-guild/index.html");
    assert_eq!(select(&page, ".mention-articles > li").len(), 10);
    let years: Vec<String> = select(&page, ".year-links a").iter().map(text).collect();
    assert_eq!(years, ["2023", "2021", "2020", "2019", "undated"]);
    // The crossing articles (every third with two mentions) and the 3 of the basic fixture
    // (4 mentions).
    let total: usize = ["2023", "2021", "2020", "2019", "undated"]
        .iter()
        .map(|year| mention_count(&site, &format!("entities/ferry-guild/{year}/index.html")))
        .sum();
    let mentions = CROSSINGS + CROSSINGS.div_ceil(3) + 4;
    assert_eq!(total, mentions);
    let facts = text(&select(&page, ".entity-facts")[0]);
    assert!(facts.contains(&format!("{mentions} in {} articles", CROSSINGS + 3)), "{facts}");
    let problems = common::broken_links(&site.dist());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for year in ["2020", "undated"] {
        let html = site.read(&format!("entities/ferry-guild/{year}/index.html"));
        assert!(common::html_errors(&html).is_empty());
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("/entities/ferry-guild/2019/"));
}

#[test]
fn rebuilds_keep_year_pages_right() {
    let site = busy_site();
    let config = Config::load(&site.root).unwrap();
    let mut build = Build::new(config.clone(), site.dist());
    build.full().unwrap();
    let fresh = |site: &Site| {
        let out = site.root.join("fresh");
        Build::new(Config::load(&site.root).unwrap(), out.clone()).full().unwrap();
        let files: std::collections::BTreeMap<String, Vec<u8>> = common::files_under(&out)
            .into_iter()
            .map(|(n, p)| (n, std::fs::read(p).unwrap()))
            .collect();
        std::fs::remove_dir_all(out).unwrap();
        files
    };
    // A mention's sentence changes in a 2020 article.
    let path = site.root.join("content/articles/crossing-005.md");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/articles/crossing-005.md",
        &text.replace("crossed the river", "crossed the wide river"),
    );
    let outcome = build.rebuild(std::slice::from_ref(&path)).unwrap();
    assert!(
        outcome.written.contains(&"entities/ferry-guild/2020/index.html".to_string()),
        "{:?}",
        outcome.written
    );
    assert!(
        !outcome.written.contains(&"entities/ferry-guild/2019/index.html".to_string()),
        "{:?}",
        outcome.written
    );
    assert_eq!(site.snapshot(), fresh(&site));
    // The article moves to 2019.
    let text = std::fs::read_to_string(&path).unwrap();
    let moved = text
        .lines()
        .map(|l| if l.starts_with("date:") { "date: 2019-06-01" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("content/articles/crossing-005.md", &moved);
    build.rebuild(std::slice::from_ref(&path)).unwrap();
    assert_eq!(site.snapshot(), fresh(&site));
    // Below the threshold again: the year pages go away.
    for n in 0..30 {
        let path = site.root.join(format!("content/articles/crossing-{n:03}.md"));
        std::fs::remove_file(&path).unwrap();
        build.rebuild(std::slice::from_ref(&path)).unwrap();
    }
    assert!(!site.dist().join("entities/ferry-guild/2020").exists());
    assert_eq!(site.snapshot(), fresh(&site));
}
