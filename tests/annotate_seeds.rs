//! annotate over the seeds: the entities a reader expects are there with their variants, and
//! false names are not. Runs on a copy of content/ once imported articles exist there, and on
//! the seed fixture (tests/fixtures/annotate/seeds) always.

mod annotate_support;

use std::path::Path;

use annotate_support::{annotate, copy_site, copy_site_parts, entity, fixture, load};
use gloss::model::{Entity, EntityKind};

fn check_expected(entities: &[Entity]) {
    let expect = |name: &str, kind: EntityKind, aliases: &[&str]| {
        let found = entity(entities, name).unwrap_or_else(|| {
            let names: Vec<&str> = entities.iter().map(|e| e.meta.name.as_str()).collect();
            panic!("no entity {name}; have {names:?}")
        });
        assert_eq!(found.meta.kind, kind, "{name}");
        for alias in aliases {
            assert!(
                found.meta.aliases.iter().any(|a| a == alias),
                "{name} lacks alias {alias}: {:?}",
                found.meta.aliases
            );
        }
    };
    expect("Ismail Haniyeh", EntityKind::Person, &["Haniyeh", "Haniyah"]);
    expect("Zabihullah Mujahid", EntityKind::Person, &["Mujahid", "Zabihullah Mujahed"]);
    expect("Amir Khan Muttaqi", EntityKind::Person, &["Muttaqi"]);
    expect("Fazal Ghani Kakar", EntityKind::Person, &["Kakar"]);
    expect("Mohammad Omar", EntityKind::Person, &["Omar"]);
    expect("Taliban", EntityKind::Org, &["Taleban"]);
    expect("Women’s International League for Peace and Freedom", EntityKind::Org, &["WILPF"]);
    expect("Islamic Emirate", EntityKind::Org, &["IEA"]);
    expect("United States", EntityKind::Place, &["US", "USA"]);
    expect("Kabul", EntityKind::Place, &[]);
    let sirajuddin = entities.iter().find(|e| e.meta.name.contains("Haqqani")).expect("Haqqani");
    assert!(sirajuddin.meta.name.ends_with("ajuddin Haqqani"), "{:?}", sirajuddin.meta);

    for false_name in [
        "Western",
        "Islamic",
        "Afghan",
        "August",
        "October",
        "Monday",
        "However",
        "Following",
        "Mr",
        "Dr",
        "President",
        "Supreme Leader",
        "Photo",
        "Previous",
        "Next",
        "Islam",
        "NGOs",
    ] {
        assert!(
            entities
                .iter()
                .all(|e| e.meta.name != false_name
                    && !e.meta.aliases.iter().any(|a| a == false_name)),
            "{false_name} must not be an entity"
        );
    }
}

#[test]
fn finds_the_recurring_names_of_the_seed_fixture() {
    let site = copy_site(&fixture("seeds"));
    annotate(site.path());
    let (articles, entities) = load(site.path());
    check_expected(&entities);
    // Hareer Hashim and her father Muhammad Hashim stay two people.
    assert!(
        entity(&entities, "Hareer Hashim").is_some()
            && entity(&entities, "Muhammad Hashim").is_some()
    );
    // Every article lists what it mentions.
    assert!(articles.iter().all(|a| a.meta.entities.contains(&"afghanistan".to_string())));
}

#[test]
fn finds_the_recurring_names_of_the_imported_seeds() {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    if !content.join("articles").read_dir().is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "skipped: content/articles/ is empty (run `gloss import` first); the fixture test covers the seeds"
        );
        return;
    }
    // The bundled site is the repository itself: copy only what a site is made of.
    let site = copy_site_parts(content.parent().unwrap(), &["gloss.toml", "content"]);
    annotate(site.path());
    let (_, entities) = load(site.path());
    check_expected(&entities);
}
