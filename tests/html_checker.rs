//! The W3C Nu HTML checker (`vnu.jar`, pinned by tests/browser/package.json) over one page of
//! every kind the bundled site builds: no errors. Needs Java and the checker, which
//! `scripts/test` installs; without them the test skips with a message, except under `CI`.

mod browser;

use std::path::Path;
use std::process::Command;

/// One page of each kind, as paths inside the output folder.
const PAGES: &[&str] = &[
    "index.html",
    "articles/index.html",
    "articles/birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic/index.html",
    "entities/index.html",
    "entities/taliban/index.html",
    "tags/index.html",
    "authors/index.html",
    "sources/index.html",
    "search/index.html",
    "404.html",
];

#[test]
fn every_kind_of_page_passes_the_nu_html_checker() {
    let Some(jar) = browser::vnu_jar() else { return };
    let (site, dist) = browser::built_bundled_site();
    // Five articles a page, so that lists have a second page too.
    let config = site.path().join("site/gloss.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, toml.replace("[render]\n", "[render]\nper_page = 5\n")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("build")
        .current_dir(site.path().join("site"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut pages: Vec<String> = PAGES.iter().map(|p| p.to_string()).collect();
    pages.push("articles/page/2/index.html".into());
    // Pages whose names come from the content: the first of each kind the site has (the
    // bundled articles have no tags).
    for folder in ["tags", "authors", "sources"] {
        if let Some(first) = first_child(&dist.join(folder)) {
            pages.push(format!("{folder}/{first}/index.html"));
        }
    }
    pages.push(format!("{}/index.html", free_page(&dist)));
    if let Some(year) = entity_year_page(&dist.join("entities")) {
        pages.push(year);
    }
    for page in &pages {
        assert!(dist.join(page).is_file(), "the bundled site has no {page}");
    }
    let output = Command::new("java")
        .args(["-jar", &jar.display().to_string(), "--errors-only", "--format", "text"])
        .args(pages.iter().map(|p| dist.join(p)))
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "the Nu HTML checker reports errors:\n{report}");
}

/// The first sub-folder of `folder` (by name) that is not a pagination folder.
fn first_child(folder: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "page")
        .collect();
    names.sort();
    names.into_iter().next()
}

/// A free page: a top-level folder that is not one of gloss's own sections.
fn free_page(dist: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(dist)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !gloss::render::RESERVED_SLUGS.contains(&name.as_str()))
        .collect();
    names.sort();
    names.into_iter().next().expect("the bundled site has a free page")
}

/// An entity's page of one year (`entities/<id>/<year>/`), when an entity has them.
fn entity_year_page(entities: &Path) -> Option<String> {
    for entity in std::fs::read_dir(entities).ok()?.flatten() {
        for year in std::fs::read_dir(entity.path()).ok()?.flatten() {
            if year.path().join("index.html").is_file() {
                let (e, y) = (entity.file_name(), year.file_name());
                return Some(format!(
                    "entities/{}/{}/index.html",
                    e.to_string_lossy(),
                    y.to_string_lossy()
                ));
            }
        }
    }
    None
}
