//! Resolution rules, each on made-up articles.

use std::collections::HashSet;

use super::corpus::{KeptEntity, resolve_corpus};
use super::local::resolve_article;
use crate::annotate::detect::{DetectOptions, Detection, WordStats, detect_block, tokenize};
use crate::annotate::markdown::parse_prose;
use crate::model::EntityKind;

/// Detects and resolves made-up articles; returns each entity's name, kind and surfaces.
fn resolve(texts: &[&str], kept: &[KeptEntity]) -> Vec<(String, EntityKind, Vec<String>)> {
    let mut stats = WordStats::default();
    for text in texts {
        for block in parse_prose(text).blocks {
            stats.add_tokens(&tokenize(&block.text));
        }
    }
    let options = DetectOptions { stop_names: HashSet::new() };
    let locals: Vec<_> = texts
        .iter()
        .map(|text| {
            let mut detection = Detection::default();
            for block in parse_prose(text).blocks {
                detect_block(&block, &tokenize(&block.text), &stats, &options, &mut detection);
            }
            resolve_article(&detection.candidates, &detection.acronyms)
        })
        .collect();
    let slugs: Vec<&str> = (0..texts.len()).map(|_| "a").collect();
    let resolution = resolve_corpus(&locals, &slugs, kept);
    let mut out: Vec<_> = resolution
        .entities
        .into_iter()
        .map(|e| (e.name, e.kind, e.surfaces.into_keys().collect::<Vec<_>>()))
        .collect();
    out.sort();
    out
}

fn surfaces_of(entities: &[(String, EntityKind, Vec<String>)], name: &str) -> Vec<String> {
    entities
        .iter()
        .find(|e| e.0 == name)
        .map(|e| e.2.clone())
        .unwrap_or_else(|| panic!("no {name} in {entities:?}"))
}

#[test]
fn a_surname_joins_the_full_name_in_the_same_article() {
    let entities =
        resolve(&["Yesterday Karim Zarif spoke. Later Zarif left, and Mr. Zarif returned."], &[]);
    assert_eq!(surfaces_of(&entities, "Karim Zarif"), ["Karim Zarif", "Zarif"]);
    assert_eq!(entities.len(), 1);
}

#[test]
fn keeps_two_people_with_one_surname_apart_by_recency() {
    let text = "Lina Brook leads the group. Brook said it was hard. \
                Her father, Omid Brook, was a teacher. Brook told his sisters to study. \
                Lina Brook smiled. Brook said thanks.";
    let mut detection = Detection::default();
    let stats = WordStats::default();
    let options = DetectOptions { stop_names: HashSet::new() };
    for block in parse_prose(text).blocks {
        detect_block(&block, &tokenize(&block.text), &stats, &options, &mut detection);
    }
    let local = resolve_article(&detection.candidates, &detection.acronyms);
    let owners: Vec<String> = detection
        .candidates
        .iter()
        .zip(&local.assignment)
        .filter(|(c, _)| c.surface == "Brook")
        .map(|(_, &cluster)| local.clusters[cluster].display.clone())
        .collect();
    assert_eq!(owners, ["Lina Brook", "Omid Brook", "Lina Brook"]);
}

#[test]
fn a_name_used_once_does_not_capture_a_recurring_persons_surname() {
    let text =
        "Karim Zarif spoke. Karim Zarif left. His son Daud Karim Zarif waved. Zarif said no.";
    let entities = resolve(&[text], &[]);
    assert!(surfaces_of(&entities, "Karim Zarif").contains(&"Zarif".to_string()));
    assert_eq!(surfaces_of(&entities, "Daud Karim Zarif"), ["Daud Karim Zarif"]);
}

#[test]
fn merges_transliteration_variants_across_articles() {
    let entities = resolve(&["the Talibaan rule.", "the Taleban rule. the Taleban won."], &[]);
    assert_eq!(entities.len(), 1, "{entities:?}");
    assert_eq!(entities[0].0, "Taleban");
    // People join across articles when the articles tie them: another person named in both.
    let people = resolve(
        &[
            "a talk by Zabihullah Mujahid with Karim Dost today.",
            "a talk by Zabihullah Mujahed and Karim Dost today.",
        ],
        &[],
    );
    assert_eq!(people.len(), 2, "{people:?}");
}

#[test]
fn keeps_people_whose_names_differ_only_in_spelling_apart_across_unrelated_articles() {
    let people = resolve(
        &[
            "the founder Muhammad Omar spoke. Later Muhammad Omar died.",
            "the commander Mohammad Omar fought. Mohammad Omar won.",
        ],
        &[],
    );
    assert_eq!(people.len(), 2, "{people:?}");
}

#[test]
fn ties_an_acronym_to_its_expansion_across_articles() {
    let entities = resolve(
        &["the League of Rivers and Lakes (LRL) met.", "the LRL met again, and the LRL left."],
        &[],
    );
    assert_eq!(
        surfaces_of(&entities, "League of Rivers and Lakes"),
        ["LRL", "League of Rivers and Lakes"]
    );
}

#[test]
fn an_acronym_matches_the_initials_of_a_name_in_the_same_article() {
    let entities =
        resolve(&["the Norland Water Board met. then the NWB spoke.", "the NWB again."], &[]);
    assert_eq!(surfaces_of(&entities, "Norland Water Board"), ["NWB", "Norland Water Board"]);
}

#[test]
fn initials_alone_do_not_join_names_across_articles() {
    let entities = resolve(&["the Norland Water Board met.", "then the NWB spoke."], &[]);
    assert_eq!(entities.len(), 2, "{entities:?}");
}

#[test]
fn an_acronym_written_beside_its_name_in_one_article_stands_for_it_in_another() {
    let entities =
        resolve(&["the Norland Water Board met, and the NWB voted.", "then the NWB spoke."], &[]);
    assert_eq!(surfaces_of(&entities, "Norland Water Board"), ["NWB", "Norland Water Board"]);
    assert_eq!(entities.len(), 1, "{entities:?}");
    // Not when it stands for two names.
    let entities = resolve(
        &[
            "the Norland Water Board met, and the NWB voted.",
            "the Nordic Wheat Bureau met, and the NWB voted.",
            "then the NWB spoke.",
        ],
        &[],
    );
    assert_eq!(entities.len(), 3, "{entities:?}");
}

#[test]
fn a_lone_surname_joins_the_only_person_with_it() {
    let entities = resolve(
        &[
            "a visit by President Olaf Brandvik today.",
            "critics say Mr. Brandvik failed. Brandvik left.",
        ],
        &[],
    );
    assert_eq!(surfaces_of(&entities, "Olaf Brandvik"), ["Brandvik", "Olaf Brandvik"]);
}

#[test]
fn a_passing_surname_or_a_differently_spelt_given_name_stays_plain() {
    // One "Brandvik" in an author's line may be another man of that name.
    let entities = resolve(
        &["a visit by President Olaf Brandvik today.", "a note by Mr. Brandvik on birds."],
        &[],
    );
    assert_eq!(surfaces_of(&entities, "Olaf Brandvik"), ["Olaf Brandvik"]);
    let entities = resolve(&["Mohammad Karimi spoke. The Prophet Muhammad was quoted."], &[]);
    assert_eq!(surfaces_of(&entities, "Mohammad Karimi"), ["Mohammad Karimi"]);
    let entities = resolve(&["Muhammad Karimi spoke. The Prophet Muhammad was quoted."], &[]);
    assert_eq!(surfaces_of(&entities, "Muhammad Karimi"), ["Muhammad Karimi"]);
}

#[test]
fn country_names_merge_through_the_gazetteer() {
    let entities =
        resolve(&["aid from the U.S. came.", "the United States and the US agreed."], &[]);
    let (name, kind, surfaces) = &entities[0];
    assert_eq!((name.as_str(), *kind), ("United States", EntityKind::Place));
    assert_eq!(surfaces, &["U.S.", "US", "United States"]);
}

#[test]
fn the_head_of_an_organisation_name_joins_it_in_the_same_article() {
    let entities = resolve(&["the Free Federation of Norland spoke; the Federation said no."], &[]);
    assert_eq!(
        surfaces_of(&entities, "Free Federation of Norland"),
        ["Federation", "Free Federation of Norland"]
    );
}

#[test]
fn aliases_in_a_kept_entity_file_join_names() {
    let kept = KeptEntity {
        id: "zed-corp".into(),
        name: "Zed Corporation".into(),
        kind: EntityKind::Org,
        aliases: vec!["Zedco".into()],
    };
    let entities = resolve(&["the Zedco plant and Zed Corporation grew."], &[kept]);
    assert_eq!(entities.len(), 1, "{entities:?}");
    assert_eq!(entities[0].0, "Zed Corporation");
}

#[test]
fn an_acronym_defined_in_place_is_one_mention_with_its_name() {
    let texts = ["The Brinmoor Water Board (BWB) met on Monday.", "Rain fell on Norland."];
    let mut stats = WordStats::default();
    let options = DetectOptions { stop_names: HashSet::new() };
    let locals: Vec<_> = texts
        .iter()
        .map(|text| {
            let mut detection = Detection::default();
            for block in parse_prose(text).blocks {
                let tokens = tokenize(&block.text);
                stats.add_tokens(&tokens);
                detect_block(&block, &tokens, &stats, &options, &mut detection);
            }
            resolve_article(&detection.candidates, &detection.acronyms)
        })
        .collect();
    let resolution = resolve_corpus(&locals, &["a", "b"], &[]);
    let board = resolution.entities.iter().find(|e| e.name == "Brinmoor Water Board").unwrap();
    assert_eq!(board.surfaces.values().sum::<u32>(), 2, "both forms are still linked");
    assert_eq!(board.mentions, 1, "the acronym in brackets restates the name");
}

#[test]
fn a_name_before_a_place_word_after_the_is_a_place() {
    let entities = resolve(
        &["Trucks waited at the Brinmoor crossing for weeks. The Brinmoor crossing is shut."],
        &[],
    );
    assert!(
        entities.iter().any(|(name, kind, _)| name == "Brinmoor" && *kind == EntityKind::Place)
    );
}

#[test]
fn a_group_named_after_a_person_stays_apart_from_them() {
    let entities = resolve(
        &["Zaid al-Grenfi leads the Grenfis. The Grenfis took the port, and al-Grenfi spoke."],
        &[],
    );
    let grenfis = entities.iter().find(|(name, _, _)| name == "Grenfis").expect("the group");
    assert_eq!(grenfis.1, EntityKind::Org);
    assert!(
        entities
            .iter()
            .any(|(name, kind, _)| name == "Zaid al-Grenfi" && *kind == EntityKind::Person)
    );
}

#[test]
fn a_name_the_text_gives_with_known_as_joins_the_full_name() {
    let entities = resolve(
        &["The militia is led by Karim Tahir Zarif, widely known as Falcon. Later Falcon \
           flew to the coast, and Falcon spoke to the press."],
        &[],
    );
    assert_eq!(surfaces_of(&entities, "Karim Tahir Zarif"), ["Falcon", "Karim Tahir Zarif"]);
    assert_eq!(entities[0].1, EntityKind::Person);
    assert_eq!(entities.len(), 1, "{entities:?}");
}

#[test]
fn a_single_word_in_brackets_after_an_institution_is_its_other_name() {
    let entities = resolve(
        &["The Brinmoor Water Authority (Velda) sets prices. Some say Velda is slow."],
        &[],
    );
    assert_eq!(
        surfaces_of(&entities, "Brinmoor Water Authority"),
        ["Brinmoor Water Authority", "Velda"]
    );
    assert_eq!(entities.len(), 1, "{entities:?}");
}

#[test]
fn a_name_the_text_says_is_often_called_another_joins_it() {
    let entities = resolve(
        &["The Norland Liberation Front (NLF) was formed in 1990. The NLF, often called the \
           Northern Brin Front, grew, and the Northern Brin Front split."],
        &[],
    );
    assert_eq!(entities.len(), 1, "{entities:?}");
    assert_eq!(entities[0].2, ["NLF", "Norland Liberation Front", "Northern Brin Front"]);
}

#[test]
fn long_names_spelt_alike_join_whatever_kind_was_guessed() {
    let entities = resolve(
        &[
            "the fighters of Jamaat-e-Velmor Norland attacked Tarn.",
            "the Jamaat-i-Velmor Norland (JVN) denied it. The JVN said so.",
        ],
        &[],
    );
    assert_eq!(
        surfaces_of(&entities, "Jamaat-e-Velmor Norland"),
        ["JVN", "Jamaat-e-Velmor Norland", "Jamaat-i-Velmor Norland"]
    );
}

#[test]
fn ezafe_spellings_and_names_written_as_one_word_or_two_are_one_name() {
    let entities = resolve(
        &[
            "the fighters of Jamaat-e-Velmor attacked, and Jamaat-i-Velmor denied it.",
            "the officials from Tirin Kot came; in Tarinkot they stayed.",
        ],
        &[],
    );
    assert_eq!(surfaces_of(&entities, "Tirin Kot"), ["Tarinkot", "Tirin Kot"]);
    assert_eq!(entities.len(), 2, "{entities:?}");
}

#[test]
fn a_club_named_after_its_city_goes_by_the_rest_of_its_name() {
    let entities = resolve(
        &["The Nairobi Comets beat Riverton. The Comets scored twice and Nairobi cheered."],
        &[],
    );
    assert_eq!(surfaces_of(&entities, "Nairobi Comets"), ["Comets", "Nairobi Comets"]);
    assert_eq!(surfaces_of(&entities, "Nairobi"), ["Nairobi"]);
}

#[test]
fn a_citys_name_for_its_team_in_a_sports_report_is_another_entity() {
    let entities = resolve(
        &[
            "Nairobi beat Velmor 2-1. Their striker scored twice, and Nairobi lead the standings.",
            "Heavy rain fell in Nairobi on Monday. Nairobi has a new mayor.",
        ],
        &[],
    );
    let nairobi: Vec<EntityKind> =
        entities.iter().filter(|e| e.0 == "Nairobi").map(|e| e.1).collect();
    assert_eq!(nairobi.len(), 2, "{entities:?}");
    assert!(nairobi.contains(&EntityKind::Org) && nairobi.contains(&EntityKind::Place));
    // Said to be a place in the report ("in Nairobi"): the city.
    let entities = resolve(
        &["The striker scored twice in Nairobi as the standings changed. Nairobi was sunny."],
        &[],
    );
    assert_eq!(entities.iter().filter(|e| e.0 == "Nairobi").count(), 1, "{entities:?}");
    assert!(entities.iter().any(|e| e.0 == "Nairobi" && e.1 == EntityKind::Place));
}
