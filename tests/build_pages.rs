//! Golden pages: one page of each kind, built from the `basic` fixture, compared byte for byte
//! with its snapshot in `tests/snapshots/`. A change to what a page shows (a template, the
//! render code, the model) shows up here as a diff to review. After an intended change, write
//! the new snapshots with `INSTA_UPDATE=always cargo test --release --test build_pages` and
//! read the diff before committing it.

mod common;

use common::Site;

/// (snapshot name, output file) for each kind of page the `basic` fixture has.
const PAGES: [(&str, &str); 9] = [
    ("article", "articles/market-day/index.html"),
    ("entity", "entities/ada-brook/index.html"),
    ("entity_index", "entities/index.html"),
    ("taxonomy_term", "tags/town-life/index.html"),
    ("home", "index.html"),
    ("free_page", "about/index.html"),
    ("search_page", "search/index.html"),
    ("feed", "atom.xml"),
    ("sitemap", "sitemap.xml"),
];

#[test]
fn one_page_of_each_kind() {
    let site = Site::fixture("basic");
    site.build();
    for (name, path) in PAGES {
        insta::assert_snapshot!(name, site.read(path));
    }
}

/// An entity's page per year exists only once it is mentioned in more articles than its page
/// lists (150): the fixture gains enough articles, all before the year shown.
#[test]
fn an_entity_year_page() {
    let site = Site::fixture("basic");
    for n in 0..151 {
        site.write(
            &format!("content/articles/crossing-{n:03}.md"),
            &format!(
                "---\ntitle: Crossing report {n}\ndate: 2019-03-{:02}\n---\nBoat {n} of the \
                 [[Ferry Guild]] crossed the river.\n",
                1 + n % 28
            ),
        );
    }
    site.build();
    insta::assert_snapshot!("entity_year", site.read("entities/ferry-guild/2023/index.html"));
}

/// The model the pages are rendered from (`gloss build --dump-model`): the same whether the
/// build was a full one or one from the snapshot after an edit.
#[test]
fn the_model_dump() {
    let site = Site::fixture("basic");
    let dump = |site: &Site| {
        let path = site.root.join("model.json");
        let run = site.gloss(&["build", "--dump-model", path.to_str().unwrap()]);
        assert!(run.success, "{}", run.stderr);
        std::fs::read_to_string(path).unwrap()
    };
    insta::assert_snapshot!("model", dump(&site));
    common::set_times(&site.root, 60);
    let article = "content/articles/bridge-reopens.md";
    let text = std::fs::read_to_string(site.root.join(article)).unwrap();
    site.write(article, &format!("{text}\nThe [[Ferry Guild]] sent a boat to the opening.\n"));
    let after_edit = dump(&site);
    let fresh = site.copy_of_sources();
    assert_eq!(after_edit, dump(&fresh));
}
