//! Human edits win: a rerun of annotate after a person retargets, removes or adds links, or
//! edits entity files changes nothing the person wrote; reruns are idempotent; a dry run writes
//! nothing. Over a small made-up site in tests/fixtures/annotate/edits.

mod annotate_support;

use std::path::Path;

use annotate_support::{annotate, copy_site, fixture, load, snapshot};
use gloss::annotate::{AnnotateOptions, annotate_site};
use gloss::config::Config;

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}:\n{text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn read(root: &Path, file: &str) -> String {
    std::fs::read_to_string(root.join(file)).unwrap()
}

const RIVER: &str = "content/articles/river-talks.md";
const HARBOUR: &str = "content/articles/harbour-deal.md";

#[test]
fn links_every_recurring_name_and_keeps_people_with_one_surname_apart() {
    let site = copy_site(&fixture("edits"));
    annotate(site.path());
    let river = read(site.path(), RIVER);
    assert!(river.contains("The [[Norland Water Board]] ([[Norland Water Board|NWB]])"), "{river}");
    assert!(river.contains("its chair, [[Lina Brook]], and her father [[Omid Brook]]"), "{river}");
    // "Brook" after the father is named goes to him: the nearest full name.
    assert!(river.contains("and [[Omid Brook|Brook]] added"), "{river}");
    assert!(
        river.contains("Lina Brook in a code block is left alone."),
        "code is not linked: {river}"
    );
    let harbour = read(site.path(), HARBOUR);
    assert!(harbour.contains("but [[Lina Brook|Brook]] disagreed"), "{harbour}");
    let (_, entities) = load(site.path());
    let names: Vec<&str> = entities.iter().map(|e| e.meta.name.as_str()).collect();
    assert_eq!(names, ["Lina Brook", "Norland Water Board", "Omid Brook", "Varnholm"]);
    // "Brook" stands for two people, so it is no one's alias.
    assert!(entities.iter().all(|e| !e.meta.aliases.contains(&"Brook".to_string())));
}

#[test]
fn a_rerun_without_edits_changes_nothing() {
    let site = copy_site(&fixture("edits"));
    annotate(site.path());
    let first = snapshot(site.path());
    let summary = annotate(site.path());
    assert_eq!(snapshot(site.path()), first);
    assert_eq!(summary.articles_changed + summary.entities_written + summary.entities_removed, 0);
}

#[test]
fn a_rerun_after_human_edits_changes_nothing_a_person_wrote() {
    let site = copy_site(&fixture("edits"));
    let root = site.path();
    annotate(root);

    // A person retargets a link, removes the brackets of another, writes a link of their own,
    // adds an alias and a description to one entity, and stops links to another.
    edit(root, RIVER, "[[Omid Brook|Brook]] said the talks", "[[Lina Brook|Brook]] said the talks");
    edit(root, RIVER, "on the Brin river", "on the [[Brin River]]");
    edit(root, HARBOUR, "In [[Varnholm]],", "In Varnholm,");
    edit(root, "content/entities/Norland Water Board.md", "- NWB\n", "- NWB\n- Water Board\n");
    std::fs::write(
        root.join("content/entities/Norland Water Board.md"),
        read(root, "content/entities/Norland Water Board.md")
            + "A made-up board that runs the rivers.\n",
    )
    .unwrap();
    edit(root, "content/entities/Omid Brook.md", "origin: auto\n", "origin: auto\nlink: false\n");
    let board = read(root, "content/entities/Norland Water Board.md");
    let omid = read(root, "content/entities/Omid Brook.md");

    annotate(root);
    let river = read(root, RIVER);
    assert!(river.contains("[[Lina Brook|Brook]] said the talks"), "retargeted link kept: {river}");
    assert!(river.contains("on the [[Brin River]]"), "hand-written link kept: {river}");
    assert!(!river.contains("[[Omid Brook"), "no links to an entity with link: false: {river}");
    assert!(river.contains("her father Omid Brook came"), "{river}");
    let harbour = read(root, HARBOUR);
    assert!(harbour.contains("In Varnholm, the"), "removed link stays removed: {harbour}");
    assert!(harbour.contains("nolink:\n- Varnholm\n"), "its text is recorded in nolink: {harbour}");
    assert!(
        !harbour.contains("[[Varnholm"),
        "nolink stops every link of that text here: {harbour}"
    );
    assert_eq!(
        read(root, "content/entities/Norland Water Board.md"),
        board,
        "edited entity file untouched"
    );
    assert_eq!(read(root, "content/entities/Omid Brook.md"), omid, "edited entity file untouched");
    // Other articles still link what the person did not touch.
    assert!(read(root, RIVER).contains("opened in [[Varnholm]]"));

    let after_edits = snapshot(root);
    annotate(root);
    assert_eq!(snapshot(root), after_edits, "a second rerun changes nothing");
}

#[test]
fn a_person_may_add_an_alias_and_rerun() {
    let site = copy_site(&fixture("edits"));
    let root = site.path();
    annotate(root);
    edit(root, RIVER, "on the Brin river", "on the Brin River");
    edit(root, HARBOUR, "signed a harbour deal", "signed a harbour deal on the River Brin");
    std::fs::write(
        root.join("content/entities/Brin River.md"),
        "---\nname: Brin River\nkind: place\naliases: [River Brin]\norigin: human\n---\n",
    )
    .unwrap();
    annotate(root);
    assert!(read(root, RIVER).contains("on the [[Brin River]]"), "{}", read(root, RIVER));
    assert!(
        read(root, HARBOUR).contains("on the [[Brin River|River Brin]]"),
        "{}",
        read(root, HARBOUR)
    );
}

#[test]
fn dry_run_lists_changes_and_writes_nothing() {
    let site = copy_site(&fixture("edits"));
    let before = snapshot(site.path());
    let config = Config::load(site.path()).unwrap();
    let summary =
        annotate_site(&config, &AnnotateOptions { dry_run: true, progress: false }).unwrap();
    assert_eq!(snapshot(site.path()), before);
    let paths: Vec<String> =
        summary.changes.iter().map(|c| c.path.to_string_lossy().replace('\\', "/")).collect();
    assert!(paths.contains(&RIVER.to_string()), "{paths:?}");
    assert!(paths.contains(&"content/entities/Varnholm.md".to_string()), "{paths:?}");
}

#[test]
fn a_name_in_the_title_counts_and_lists_the_entity_but_is_never_linked_there() {
    let site = copy_site(&fixture("edits"));
    let quay = "content/articles/quay.md";
    std::fs::write(
        site.path().join(quay),
        "---\ntitle: VARNHOLM QUAY REOPENS AFTER TESSALY STORM\nentities: []\nnolink: []\ntags: []\n---\n\
         The quay reopened on Friday. Ships from Tessaly were the first to dock.\n",
    )
    .unwrap();
    annotate(site.path());
    let text = read(site.path(), quay);
    assert!(text.contains("title: VARNHOLM QUAY REOPENS AFTER TESSALY STORM\n"), "{text}");
    // Varnholm is named only in the title here: the article lists it, with no link.
    assert!(text.contains("entities:\n- tessaly\n- varnholm\n"), "{text}");
    // Tessaly: once in the title, once in the body, so it recurs and its body mention is linked.
    assert!(text.contains("Ships from [[Tessaly]] were"), "{text}");
    let first = snapshot(site.path());
    annotate(site.path());
    assert_eq!(snapshot(site.path()), first, "a rerun changes nothing");
}
