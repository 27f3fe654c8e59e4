//! Long lists are cut into pages with Zola/Hugo URLs (`/articles/page/2/`) and `rel=prev/next`
//! links, the page size set in gloss.toml (issue #19).

mod common;

use common::{Site, select};

fn site_with_two_per_page() -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", &config.replace("[render]\n", "[render]\nper_page = 2\n"));
    site
}

fn links(page: &scraper::Html, css: &str) -> Vec<String> {
    select(page, css).iter().map(|e| e.value().attr("href").unwrap().to_string()).collect()
}

#[test]
fn the_article_list_is_paginated_with_rel_prev_and_next() {
    let site = site_with_two_per_page();
    site.build();
    let first = site.page("articles/index.html");
    assert_eq!(select(&first, "ol.article-list > li").len(), 2);
    assert_eq!(links(&first, "link[rel=next]"), ["/articles/page/2/"]);
    assert_eq!(links(&first, "a[rel=next]"), ["/articles/page/2/"]);
    assert!(links(&first, "link[rel=prev]").is_empty());
    let second = site.page("articles/page/2/index.html");
    assert_eq!(links(&second, "link[rel=prev]"), ["/articles/"]);
    assert!(links(&second, "link[rel=next]").is_empty());
    assert!(!site.dist().join("articles/page/3").exists());
    assert!(
        common::broken_links(&site.dist()).is_empty(),
        "{:?}",
        common::broken_links(&site.dist())
    );
}

#[test]
fn an_author_page_is_paginated_and_shrinks_when_articles_go() {
    let site = site_with_two_per_page();
    site.build();
    // Mara Velt writes two of the three articles: one page. A third makes two.
    site.write(
        "content/articles/night-ferry.md",
        "---\ntitle: Night Ferry\ndate: 2023-07-01\nauthors: [Mara Velt]\n---\nThe ferry ran late.\n",
    );
    site.build();
    let second = site.page("authors/mara-velt/page/2/index.html");
    assert_eq!(links(&second, "link[rel=prev]"), ["/authors/mara-velt/"]);
    assert_eq!(site.files_differing_from_a_fresh_build(), Vec::<String>::new());
    site.remove("content/articles/night-ferry.md");
    site.build();
    assert!(!site.dist().join("authors/mara-velt/page/2/index.html").exists());
    assert_eq!(site.files_differing_from_a_fresh_build(), Vec::<String>::new());
}

#[test]
fn per_page_zero_keeps_every_list_on_one_page() {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.root.join("gloss.toml")).unwrap();
    site.write("gloss.toml", &config.replace("[render]\n", "[render]\nper_page = 0\n"));
    site.build();
    assert!(!site.dist().join("articles/page").exists());
    assert!(select(&site.page("articles/index.html"), "link[rel=next]").is_empty());
}
