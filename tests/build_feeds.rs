//! The feeds, sitemap and robots.txt parsed as XML (and text) and checked against what their
//! specifications require: Atom (RFC 4287), RSS 2.0, the sitemaps protocol.

mod common;

use common::Site;

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A dated article without author nor source, and the fixture's undated letter.
const NO_BYLINE: &str = "---\ntitle: \"Tide Tables Posted\"\ndate: 2023-07-09\n---\nThe harbour office posted the summer tide tables.\n";

/// The children of `node` named `name` in the namespace `ns` ("" for none).
fn child<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    ns: &str,
    name: &str,
) -> Vec<roxmltree::Node<'a, 'i>> {
    let namespace = (!ns.is_empty()).then_some(ns);
    let named =
        |c: &roxmltree::Node| c.tag_name().name() == name && c.tag_name().namespace() == namespace;
    node.children().filter(|c| c.is_element() && named(c)).collect()
}

fn is_rfc3339(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

#[test]
fn atom_feed_has_what_rfc_4287_requires_and_no_invented_dates() {
    let site = Site::fixture("basic");
    site.write("content/articles/tide-tables.md", NO_BYLINE);
    assert!(site.build().success);
    let text = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")));
    // atom:feed: exactly one id, title, updated; an author, since not every entry has one.
    for name in ["id", "title", "updated"] {
        assert_eq!(child(feed, ATOM, name).len(), 1, "feed {name}");
    }
    assert!(is_rfc3339(child(feed, ATOM, "updated")[0].text().unwrap()));
    assert!(!child(feed, ATOM, "author").is_empty(), "the feed has an author");
    let self_link =
        child(feed, ATOM, "link").into_iter().find(|l| l.attribute("rel") == Some("self"));
    assert_eq!(
        self_link.unwrap().attribute("href"),
        Some("https://chronicle.example.org/atom.xml")
    );
    let entries = child(feed, ATOM, "entry");
    let titles: Vec<&str> =
        entries.iter().map(|e| child(*e, ATOM, "title")[0].text().unwrap()).collect();
    // The undated letter has no date to give: it is not in the feed, rather than given one.
    assert_eq!(
        titles,
        [
            "Tide Tables Posted",
            "Market Day Returns to the Quay",
            "The Old Bridge Reopens After Two Years"
        ]
    );
    let mut ids = std::collections::HashSet::new();
    for entry in &entries {
        for name in ["id", "title", "updated"] {
            assert_eq!(child(*entry, ATOM, name).len(), 1, "entry {name}");
        }
        assert!(
            ids.insert(child(*entry, ATOM, "id")[0].text().unwrap().to_string()),
            "ids are unique"
        );
        assert!(is_rfc3339(child(*entry, ATOM, "updated")[0].text().unwrap()));
        let alternate = child(*entry, ATOM, "link");
        assert!(alternate.iter().any(|l| l.attribute("rel") == Some("alternate")));
    }
    // The entry with its own date keeps it; the one without a byline inherits the feed's author.
    let tide = &entries[0];
    assert_eq!(child(*tide, ATOM, "updated")[0].text(), Some("2023-07-09T00:00:00Z"));
    assert!(child(*tide, ATOM, "author").is_empty());
    assert_eq!(child(entries[1], ATOM, "author").len(), 2);
}

#[test]
fn rss_sitemap_and_robots_are_valid() {
    let site = Site::fixture("basic");
    assert!(site.build().success);
    let text = site.read("rss.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let rss = doc.root_element();
    assert_eq!(rss.attribute("version"), Some("2.0"));
    let channel = child(rss, "", "channel")[0];
    for name in ["title", "link", "description"] {
        assert_eq!(child(channel, "", name).len(), 1, "channel {name}");
    }
    let items = child(channel, "", "item");
    assert_eq!(items.len(), 2, "the dated articles");
    for item in &items {
        let date = child(*item, "", "pubDate")[0].text().unwrap();
        assert!(chrono::DateTime::parse_from_rfc2822(date).is_ok(), "{date}");
        assert_eq!(child(*item, "", "guid").len(), 1);
        assert!(
            child(*item, "", "link")[0]
                .text()
                .unwrap()
                .starts_with("https://chronicle.example.org/articles/")
        );
    }

    let text = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let urls = child(doc.root_element(), ns, "url");
    let lastmod = |path: &str| {
        let url = urls.iter().find(|u| child(**u, ns, "loc")[0].text() == Some(path)).expect(path);
        child(*url, ns, "lastmod").first().and_then(|l| l.text()).map(str::to_string)
    };
    assert_eq!(
        lastmod("https://chronicle.example.org/articles/bridge-reopens/").as_deref(),
        Some("2023-05-14")
    );
    // Not known, not given.
    assert_eq!(lastmod("https://chronicle.example.org/articles/undated-letter/"), None);
    assert!(urls.iter().all(|u| !child(*u, ns, "loc")[0].text().unwrap().ends_with("404.html")));

    let robots = site.read("robots.txt");
    assert!(
        robots.lines().any(|l| l == "Sitemap: https://chronicle.example.org/sitemap.xml"),
        "{robots}"
    );
    assert!(robots.starts_with("User-agent: *\n"));
}
