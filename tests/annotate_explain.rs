//! `gloss annotate --explain NAME` accounts for every name written in the archive: one taken as
//! an entity, one inside a longer name, one written only where annotate does not read names.
//! Over the made-up site in tests/fixtures/annotate/edits.

mod annotate_support;

use annotate_support::{copy_site, fixture};
use gloss::annotate::analyse_site;
use gloss::annotate::explain::explain;
use gloss::config::Config;

fn explained(name: &str) -> String {
    let site = copy_site(&fixture("edits"));
    let config = Config::load(site.path()).unwrap();
    let analysis = analyse_site(&config).unwrap();
    explain(&analysis, name)
}

#[test]
fn an_entity_is_found_by_its_name_with_or_without_the() {
    assert!(explained("Norland Water Board").contains("is the entity Norland Water Board"));
    assert!(explained("the Norland Water Board").contains("is the entity Norland Water Board"));
}

#[test]
fn a_name_inside_a_longer_one_is_found_there() {
    let text = explained("Water Board");
    assert!(text.contains("stands inside 1 longer name"), "{text}");
    assert!(text.contains("\"Norland Water Board\""), "{text}");
    assert!(!text.contains("not written in any article"), "{text}");
}

#[test]
fn a_name_written_only_where_annotate_does_not_read_is_found_there() {
    let text = explained("Harbour deal");
    assert!(text.contains("written in 1 article"), "{text}");
    assert!(text.contains("harbour-deal: the title"), "{text}");
    let text = explained("code block");
    assert!(text.contains("river-talks: the body"), "{text}");
    assert!(explained("Zanzibar").contains("is not written in any article"));
}
