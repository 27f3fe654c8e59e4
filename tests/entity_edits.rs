//! A person's edits to the entity registry hold on the next `gloss annotate`: a rename carries
//! the entity's links and aliases (no ghost `-2` copy), `link: false` keeps an entity out of the
//! indexes and out of `check` warnings, a deleted entity file stays deleted, `--review` lists
//! the links to look at with file:line, and one huge new article never takes an established
//! entity's id or name. Over the made-up site in tests/fixtures/annotate/editor.

mod annotate_support;

use std::path::Path;
use std::process::Command;

use annotate_support::{annotate, copy_site, fixture, load, snapshot};
use gloss::annotate::analyse_site;
use gloss::annotate::registry::TargetIndex;
use gloss::annotate::review::{Doubt, review};
use gloss::config::Config;

const HARBOUR: &str = "content/articles/harbour-deal.md";
const RIVER: &str = "content/articles/river-talks.md";
const BOARD: &str = "content/entities/Norland Water Board.md";

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap()
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let text = read(root, file);
    assert!(text.contains(from), "{file} has no {from:?}:\n{text}");
    std::fs::write(root.join(file), text.replacen(from, to, 1)).unwrap();
}

fn entity_files(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content/entities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn gloss(root: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn renaming_an_entity_carries_its_links_and_aliases_with_no_ghost_copy() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    assert!(read(root, BOARD).contains("- NWB"), "{}", read(root, BOARD));
    let before = entity_files(root);

    edit(root, BOARD, "name: Norland Water Board", "name: Norland Water Authority");
    let renamed = read(root, BOARD);
    annotate(root);

    assert_eq!(entity_files(root), before, "no ghost copy of the old name");
    assert_eq!(read(root, BOARD), renamed, "the person's file is kept as they wrote it");
    let (articles, entities) = load(root);
    let board = entities.iter().find(|e| e.id == "norland-water-board").unwrap();
    assert_eq!(board.meta.name, "Norland Water Authority");
    assert_eq!(board.meta.aliases, ["NWB"]);
    // Every mention, under the old name and the alias, still links to it.
    let targets = TargetIndex::of_entities(&entities);
    let river = read(root, RIVER);
    assert!(river.contains("The [[Norland Water Board]] ([[Norland Water Board|NWB]])"), "{river}");
    assert!(read(root, HARBOUR).contains("the [[Norland Water Board]] signed"));
    for article in &articles {
        for (target, _) in annotate_support::links(article) {
            assert!(targets.resolve(&target).is_some(), "{target} resolves");
        }
        assert!(article.meta.entities.contains(&"norland-water-board".to_string()));
    }
    let settled = snapshot(root);
    annotate(root);
    assert_eq!(snapshot(root), settled, "a rerun changes nothing");
}

#[test]
fn an_entity_with_link_false_is_not_indexed_with_no_mentions_and_passes_strict_check() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    edit(root, "content/entities/Omid Brook.md", "origin: auto\n", "origin: auto\nlink: false\n");
    annotate(root);
    assert!(!read(root, RIVER).contains("[[Omid Brook"), "{}", read(root, RIVER));

    let (_, check) = gloss(root, &["check", "--strict"]);
    assert!(!check.contains("Omid Brook"), "no warning about the unlinked entity:\n{check}");
    let (built, output) = gloss(root, &["build"]);
    assert!(built, "{output}");
    let index = read(root, "dist/entities/index.html");
    assert!(index.contains("Lina Brook"), "{index}");
    assert!(!index.contains("Omid Brook"), "not listed with 0 mentions:\n{index}");
}

#[test]
fn a_deleted_entity_file_is_not_recreated_and_the_decision_is_recorded() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    assert!(read(root, HARBOUR).contains("In [[Varnholm]],"));
    std::fs::remove_file(root.join("content/entities/Varnholm.md")).unwrap();

    annotate(root);
    assert!(!entity_files(root).contains(&"Varnholm.md".to_string()), "{:?}", entity_files(root));
    for file in [HARBOUR, RIVER] {
        let text = read(root, file);
        assert!(!text.contains("[[Varnholm"), "its links are gone: {text}");
        assert!(!text.contains("- Varnholm"), "and nothing went into nolink: {text}");
        assert!(!text.contains("- varnholm"), "nor into entities: {text}");
    }
    let record = read(root, "content/.gloss/annotate.json");
    assert!(record.contains("\"removed\"") && record.contains("\"Varnholm\""), "{record}");
    let config = Config::load(root).unwrap();
    let why = gloss::annotate::explain::explain(&analyse_site(&config).unwrap(), "Varnholm");
    assert!(why.contains("a person deleted its entity file"), "{why}");

    let settled = snapshot(root);
    annotate(root);
    assert_eq!(snapshot(root), settled, "still deleted on the next run");

    // A file a person writes for the name brings it back.
    std::fs::write(
        root.join("content/entities/Varnholm.md"),
        "---\nname: Varnholm\nkind: place\norigin: human\n---\n",
    )
    .unwrap();
    annotate(root);
    assert!(read(root, HARBOUR).contains("In [[Varnholm]],"), "{}", read(root, HARBOUR));
}

#[test]
fn deleting_every_entity_file_is_taken_for_an_accident_and_recreates_them() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    let before = entity_files(root);
    std::fs::remove_dir_all(root.join("content/entities")).unwrap();
    let summary = annotate(root);
    assert_eq!(entity_files(root), before);
    assert!(
        summary.diagnostics.iter().any(|d| d.to_string().contains("no entity file is left")),
        "{:?}",
        summary.diagnostics
    );
}

#[test]
fn review_lists_short_forms_merges_and_new_entities_with_file_and_line() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    let config = Config::load(root).unwrap();
    let items = review(&analyse_site(&config).unwrap());
    let lines: Vec<String> = items.iter().map(|i| i.to_string()).collect();
    // "Brook" alone, read as the chair named before it, on line 9 of the file.
    let brook = items
        .iter()
        .find(|i| i.doubt == Doubt::ShortForm && i.link == "[[Lina Brook|Brook]]")
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert_eq!((brook.path.to_str().unwrap(), brook.line), (HARBOUR, 9), "{lines:#?}");
    // The two spellings of Karimi, joined across the articles.
    assert!(items.iter().any(|i| i.doubt == Doubt::MergedAcrossArticles), "{lines:#?}");
    // Every entity is new on a first run, each listed once.
    let new: Vec<&str> =
        items.iter().filter(|i| i.doubt == Doubt::NewEntity).map(|i| i.link.as_str()).collect();
    assert!(new.contains(&"[[Varnholm]]"), "{lines:#?}");
    assert_eq!(new.iter().filter(|l| **l == "[[Varnholm]]").count(), 1);

    // Once annotated, known entities are no longer new; the line is the one in the file.
    annotate(root);
    let items = review(&analyse_site(&config).unwrap());
    assert!(items.iter().all(|i| i.doubt != Doubt::NewEntity), "{items:#?}");
    let harbour = read(root, HARBOUR);
    let line = harbour.lines().position(|l| l.contains("[[Lina Brook|Brook]] disagreed")).unwrap();
    assert!(items.iter().any(|i| i.line == line + 1 && i.link == "[[Lina Brook|Brook]]"));
    let (ok, printed) = gloss(root, &["annotate", "--review"]);
    assert!(ok && printed.contains(&format!("{HARBOUR}:{}: short form", line + 1)), "{printed}");
}

#[test]
fn one_huge_article_never_takes_an_established_entitys_id_or_name() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    let varnholm = read(root, "content/entities/Varnholm.md");
    let huge = "Varnholm ".repeat(5_000);
    std::fs::write(
        root.join("content/articles/huge.md"),
        format!("---\ntitle: Huge\n---\n{}.\n\nLater, Varnholm again.\n", huge.trim_end()),
    )
    .unwrap();
    annotate(root);
    let files = entity_files(root);
    assert!(files.iter().all(|f| f.len() <= 104), "no file name a file system refuses: {files:?}");
    assert!(!files.iter().any(|f| f.starts_with("varnholm-2")), "{files:?}");
    let (_, entities) = load(root);
    let entity = entities.iter().find(|e| e.id == "varnholm").unwrap();
    assert_eq!(entity.meta.name, "Varnholm");
    assert_eq!(read(root, "content/entities/Varnholm.md"), varnholm);
    assert!(read(root, HARBOUR).contains("In [[Varnholm]],"));
}
