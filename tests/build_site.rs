//! `gloss build` over the `basic` fixture site: what a reader of the built site sees.

mod common;

use std::sync::OnceLock;

use common::{Site, broken_links, html_errors, select, text};

/// One build of the fixture shared by the read-only tests (building is the slow part).
fn built() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = Site::fixture("basic");
        site.build();
        site
    })
}

#[test]
fn every_page_a_reader_expects_exists() {
    let site = built();
    for path in [
        "index.html",
        "404.html",
        "articles/index.html",
        "articles/bridge-reopens/index.html",
        "articles/market-day/index.html",
        "articles/undated-letter/index.html",
        "entities/index.html",
        "entities/ada-brook/index.html",
        "entities/ferry-guild/index.html",
        "entities/lenn-river/index.html",
        "entities/quiet-cove/index.html",
        "entities/zed-unmentioned/index.html",
        "authors/index.html",
        "authors/mara-velt/index.html",
        "authors/tomas-reid/index.html",
        "authors/ilse-marren/index.html",
        "sources/harbour-weekly/index.html",
        "sources/readers-letters/index.html",
        "tags/town-life/index.html",
        "tags/infrastructure/index.html",
        "about/index.html",
        "search/index.html",
        "atom.xml",
        "sitemap.xml",
        "data/articles.json",
        "data/entities.json",
        "gloss.css",
        "gloss.js",
        "highlight.css",
        "search.js",
        "search-index/manifest.json",
        "search-index/lengths.bin",
        "search-index/d/0.json",
        "search-index/t/_.bin",
    ] {
        assert!(site.dist().join(path).is_file(), "missing {path}");
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let problems = broken_links(&built().dist());
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn every_page_is_well_formed_html() {
    let site = built();
    for (name, path) in common::files_under(&site.dist()) {
        if name.ends_with(".html") {
            let errors = html_errors(&std::fs::read_to_string(path).unwrap());
            assert!(errors.is_empty(), "{name}: {errors:?}");
        }
    }
}

#[test]
fn pages_have_landmarks_a_skip_link_and_a_title() {
    let page = built().page("articles/bridge-reopens/index.html");
    assert_eq!(select(&page, "a.skip-link[href='#main']").len(), 1);
    assert_eq!(select(&page, "main#main").len(), 1);
    assert!(!select(&page, "header").is_empty());
    assert!(!select(&page, "nav[aria-label]").is_empty());
    let title = text(&select(&page, "title")[0]);
    assert_eq!(title, "The Old Bridge Reopens After Two Years · Harbour Chronicle");
    assert_eq!(text(&select(&page, "h1")[0]), "The Old Bridge Reopens After Two Years");
}

#[test]
fn footnotes_link_both_ways_in_order_of_first_reference() {
    let page = built().page("articles/bridge-reopens/index.html");
    let references = select(&page, "sup.footnote-ref");
    let numbers: Vec<String> = references.iter().map(text).collect();
    assert_eq!(numbers, ["1", "2", "1"]);
    for reference in &references {
        let id = reference.value().attr("id").unwrap();
        let href = select_in(reference, "a")[0].value().attr("href").unwrap();
        let note = select(&page, href);
        assert_eq!(note.len(), 1, "no note {href}");
        let backrefs: Vec<&str> = select_in(&note[0], "a.footnote-backref")
            .iter()
            .map(|a| a.value().attr("href").unwrap())
            .collect();
        assert!(
            backrefs.contains(&format!("#{id}").as_str()),
            "{href} has no link back to #{id}: {backrefs:?}"
        );
    }
    let notes = select(&page, "section.footnotes li");
    assert!(text(&notes[0]).starts_with("Figures from the town council"));
    assert_eq!(select_in(&notes[0], "a.footnote-backref").len(), 2);
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    element.select(&scraper::Selector::parse(css).unwrap()).collect()
}

#[test]
fn first_mention_links_and_later_mentions_are_quiet() {
    let page = built().page("articles/bridge-reopens/index.html");
    let links = select(&page, ".article-body a.mention[data-entity='ada-brook']");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].value().attr("href"), Some("/entities/ada-brook/"));
    let quiet = select(&page, ".article-body span.mention[data-entity='ada-brook']");
    assert_eq!(quiet.iter().map(text).collect::<Vec<_>>(), ["Brook"]);
}

#[test]
fn unresolved_wikilink_and_link_false_entity_are_plain_text() {
    let page = built().page("articles/market-day/index.html");
    let unresolved = select(&page, ".wikilink-unresolved");
    assert_eq!(unresolved.iter().map(text).collect::<Vec<_>>(), ["Hollow Point"]);
    assert!(select(&page, ".article-body a[href*='hollow']").is_empty());
    // Quiet Cove has `link: false`.
    assert!(select(&page, ".article-body [data-entity='quiet-cove']").is_empty());
    assert!(text(&select(&page, ".article-body")[0]).contains("Traders from Quiet Cove sold"));
}

#[test]
fn raw_html_in_an_article_is_shown_not_run() {
    let html = built().read("articles/market-day/index.html");
    assert!(!html.contains("<b onclick"), "raw HTML became live");
    let page = built().page("articles/market-day/index.html");
    assert!(select(&page, ".article-body b").is_empty());
    assert!(text(&select(&page, ".article-body")[0]).contains("<b onclick=\"steal()\">bold?</b>"));
}

#[test]
fn entity_page_lists_every_mention_with_context_linking_to_its_paragraph() {
    let site = built();
    let page = site.page("entities/ada-brook/index.html");
    // Mentions in the fixture: 2 in bridge-reopens, 2 in market-day, 1 in undated-letter.
    let mentions = select(&page, ".mention-contexts a");
    assert_eq!(mentions.len(), 5);
    for mention in &mentions {
        let href = mention.value().attr("href").unwrap();
        let (path, anchor) = href.split_once('#').unwrap();
        let article = site.page(&format!("{}index.html", path.trim_start_matches('/')));
        let paragraph = select(&article, &format!("[id='{anchor}']"));
        assert_eq!(paragraph.len(), 1, "{href}");
        let shown = text(&select_in(mention, "mark")[0]);
        assert!(text(&paragraph[0]).contains(&shown), "{href} does not hold {shown}");
    }
    let contexts: Vec<String> = mentions.iter().map(text).collect();
    assert!(
        contexts.contains(&"A trader who asked not to be named praised Brook.".to_string()),
        "{contexts:?}"
    );
    assert!(contexts.contains(&"He asks the mayor to act.".to_string()), "{contexts:?}");
}

#[test]
fn entity_page_shows_kind_aliases_description_dates_and_related() {
    let page = built().page("entities/ada-brook/index.html");
    assert_eq!(text(&select(&page, "h1")[0]), "Ada Brook");
    assert_eq!(text(&select(&page, ".entity-header .kind")[0]), "Person");
    assert_eq!(text(&select(&page, ".aliases")[0]), "Also written: Brook, Mayor Brook");
    assert!(
        text(&select(&page, ".entity-description")[0]).starts_with("Mayor of the harbour town")
    );
    let facts = text(&select(&page, ".entity-facts")[0]);
    assert!(facts.contains("5 in 3 articles"), "{facts}");
    assert!(facts.contains("First dated mention 14 May 2023"), "{facts}");
    assert!(facts.contains("Latest dated mention 2 June 2023"), "{facts}");
    let related: Vec<String> = select(&page, ".related .entity-chip").iter().map(text).collect();
    // Ferry Guild shares all three articles with Ada Brook, so it comes first.
    // The count says what it counts to a screen reader too (no aria-label on a span).
    assert_eq!(related[0], "Ferry Guild3 shared articles");
}

#[test]
fn entity_index_groups_by_kind_with_counts_and_letters() {
    let page = built().page("entities/index.html");
    let kinds: Vec<String> = select(&page, "section.entity-kind > h2").iter().map(text).collect();
    assert_eq!(kinds, ["People 2", "Organisations 1", "Places 2"]);
    let people: Vec<String> = select(&page, "section.entity-kind:nth-of-type(1) .entity-list li")
        .iter()
        .map(text)
        .collect();
    // Each with the line that says who it is (here the first sentence of its description).
    assert_eq!(
        people,
        [
            "Ada Brook 5 mentions in 3 articles Mayor of the harbour town since 2019.",
            "Zed Unmentioned 0 mentions Nobody has written about Zed yet."
        ]
    );
    let letters: Vec<String> =
        select(&page, "section.entity-kind:nth-of-type(1) .az a").iter().map(text).collect();
    assert_eq!(letters, ["A", "Z"]);
}

#[test]
fn home_lists_latest_articles_and_most_mentioned_entities() {
    let page = built().page("index.html");
    let titles: Vec<String> =
        select(&page, ".home-latest .article-item-title").iter().map(text).collect();
    assert_eq!(
        titles,
        [
            "Market Day Returns to the Quay",
            "The Old Bridge Reopens After Two Years",
            "A Letter From the Lighthouse Keeper"
        ]
    );
    let top = text(&select(&page, ".home-entities .entity-chip")[0]);
    assert_eq!(top, "Ada Brook5 mentions");
}

#[test]
fn author_source_and_tag_pages_list_their_articles() {
    let site = built();
    let mara = site.page("authors/mara-velt/index.html");
    assert_eq!(select(&mara, ".article-item").len(), 2);
    let letters = site.page("sources/readers-letters/index.html");
    assert_eq!(text(&select(&letters, "h1")[0]), "Readers' Letters");
    let town = site.page("tags/town-life/index.html");
    assert_eq!(select(&town, ".article-item").len(), 2);
}

#[test]
fn free_page_is_in_navigation_and_its_links_are_rewritten() {
    let site = built();
    let home = site.page("index.html");
    let nav: Vec<&str> =
        select(&home, ".site-nav a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(nav.contains(&"/about/"), "{nav:?}");
    let about = site.page("about/index.html");
    let links: Vec<&str> =
        select(&about, ".article-body a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert!(links.contains(&"/articles/bridge-reopens/#two-years-of-work"), "{links:?}");
}

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let page = built().page("articles/undated-letter/index.html");
    assert!(!select(&page, "pre.hl-code code.language-python span[class^='hl-']").is_empty());
    assert!(built().read("highlight.css").contains("prefers-color-scheme: dark"));
}

#[test]
fn atom_feed_is_valid_and_lists_articles_newest_first() {
    let xml = built().read("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml parses");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let atom = |node: roxmltree::Node, name: &str| {
        node.children().find(|c| c.has_tag_name(name)).map(|c| c.text().unwrap_or("").to_string())
    };
    assert_eq!(atom(feed, "title").unwrap(), "Harbour Chronicle");
    assert!(atom(feed, "id").is_some() && atom(feed, "updated").is_some());
    let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
    // The undated letter has no date for the feed to give (see tests/build_feeds.rs).
    assert_eq!(entries.len(), 2);
    let titles: Vec<String> = entries.iter().map(|e| atom(*e, "title").unwrap()).collect();
    assert_eq!(titles[0], "Market Day Returns to the Quay");
    for entry in &entries {
        for required in ["id", "title", "updated"] {
            assert!(atom(*entry, required).is_some(), "entry without {required}");
        }
        let link = entry.children().find(|c| c.has_tag_name("link")).unwrap();
        assert!(
            link.attribute("href").unwrap().starts_with("https://chronicle.example.org/articles/")
        );
    }
}

#[test]
fn sitemap_lists_every_html_page_with_absolute_urls() {
    let site = built();
    let xml = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let locs: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let pages: Vec<String> = common::files_under(&site.dist())
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.ends_with("index.html"))
        .collect();
    assert_eq!(locs.len(), pages.len());
    for page in pages {
        let url = format!("https://chronicle.example.org/{}", page.trim_end_matches("index.html"));
        assert!(locs.contains(&url), "{url} not in sitemap");
    }
}

#[test]
fn data_exports_carry_articles_and_entity_mentions() {
    let site = built();
    let articles: serde_json::Value =
        serde_json::from_str(&site.read("data/articles.json")).unwrap();
    assert_eq!(articles.as_array().unwrap().len(), 3);
    assert_eq!(articles[0]["slug"], "market-day");
    assert_eq!(articles[0]["authors"][1], "Mara Velt");
    let entities: serde_json::Value =
        serde_json::from_str(&site.read("data/entities.json")).unwrap();
    let ada = entities.as_array().unwrap().iter().find(|e| e["id"] == "ada-brook").unwrap();
    assert_eq!(ada["name"], "Ada Brook");
    assert_eq!(ada["kind"], "person");
    assert_eq!(ada["aliases"], serde_json::json!(["Brook", "Mayor Brook"]));
    assert_eq!(ada["mention_count"], 5);
    let per_article: Vec<(String, u64)> = ada["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["article"].as_str().unwrap().to_string(), m["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        per_article,
        [
            ("market-day".to_string(), 2),
            ("bridge-reopens".to_string(), 2),
            ("undated-letter".to_string(), 1)
        ]
    );
}

#[test]
fn search_page_loads_the_offline_index() {
    let site = built();
    let page = site.page("search/index.html");
    let scripts: Vec<&str> =
        select(&page, "script[src]").iter().filter_map(|s| s.value().attr("src")).collect();
    assert!(scripts.contains(&"/search.js"), "{scripts:?}");
    let root = &select(&page, "#search")[0];
    assert_eq!(root.value().attr("data-index"), Some("/search-index/"));
    assert!(!select(&page, "#search input[type=search]").is_empty());
    assert!(!select(&page, "noscript").is_empty(), "search explains itself without JavaScript");
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("search-index/manifest.json")).unwrap();
    // 3 articles (undated, then oldest first), 5 entities and 1 free page.
    assert_eq!(manifest["documents"], 9);
    // Each kind's documents are numbered from a multiple of 1,024: 32 documents a file.
    let urls: Vec<Vec<String>> = ["d/0.json", "d/32.json", "d/64.json"]
        .iter()
        .map(|file| {
            let rows: serde_json::Value =
                serde_json::from_str(&site.read(&format!("search-index/{file}"))).unwrap();
            rows.as_array().unwrap().iter().map(|d| d[0].as_str().unwrap().to_string()).collect()
        })
        .collect();
    assert_eq!(
        urls,
        [
            vec!["/articles/undated-letter/", "/articles/bridge-reopens/", "/articles/market-day/"],
            vec![
                "/entities/ada-brook/",
                "/entities/ferry-guild/",
                "/entities/lenn-river/",
                "/entities/quiet-cove/",
                "/entities/zed-unmentioned/"
            ],
            vec!["/about/"]
        ]
    );
    for shard in manifest["terms"].as_array().unwrap() {
        let key = shard[0].as_str().unwrap();
        let path = format!("search-index/t/{}.bin", if key.is_empty() { "_" } else { key });
        assert!(site.dist().join(&path).is_file(), "missing {path}");
    }
}

#[test]
fn hover_cards_are_one_file_per_entity_and_no_page_copies_them() {
    let site = built();
    let card: serde_json::Value =
        serde_json::from_str(&site.read("data/cards/ferry-guild.json")).unwrap();
    assert_eq!(card["name"], "Ferry Guild");
    assert_eq!(card["kind"], "Organisation");
    assert_eq!(card["summary"], "The association of ferry operators on the Lenn.");
    assert_eq!(card["url"], "/entities/ferry-guild/");
    for id in ["ada-brook", "lenn-river", "quiet-cove", "zed-unmentioned"] {
        assert!(site.dist().join(format!("data/cards/{id}.json")).is_file(), "{id}");
    }
    let article = site.read("articles/bridge-reopens/index.html");
    assert!(!article.contains("association of ferry operators"), "the card is not in the page");
    assert!(article.contains("data-entity=\"ferry-guild\""));
}

#[test]
fn a_second_build_rewrites_nothing() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::fixture("basic");
    site.build();
    let inodes = |site: &Site| -> Vec<(String, u64, i64)> {
        common::files_under(&site.dist())
            .into_iter()
            .map(|(name, path)| {
                let meta = std::fs::metadata(path).unwrap();
                (name, meta.ino(), meta.mtime_nsec())
            })
            .collect()
    };
    let before = inodes(&site);
    let run = site.build();
    assert_eq!(inodes(&site), before);
    assert!(run.stderr.contains(", 0 written or removed"), "{}", run.stderr);
}
