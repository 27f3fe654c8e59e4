//! Detection rules, each on made-up sentences.

use super::*;
use crate::annotate::markdown::parse_prose;

fn detect_with(text: &str, stats_text: &str) -> Detection {
    let mut stats = WordStats::default();
    for block in parse_prose(stats_text).blocks.iter().chain(parse_prose(text).blocks.iter()) {
        stats.add_tokens(&tokenize(&block.text));
    }
    let options = DetectOptions { stop_names: ["globex".to_string()].into_iter().collect() };
    let mut detection = Detection::default();
    for block in parse_prose(text).blocks {
        let tokens = tokenize(&block.text);
        detect_block(&block, &tokens, &stats, &options, &mut detection);
    }
    detection
}

fn names(text: &str) -> Vec<String> {
    detect_with(text, "").candidates.into_iter().map(|c| c.surface).collect()
}

fn rejected(text: &str) -> Vec<(String, Rejection)> {
    detect_with(text, "").rejected.into_iter().map(|r| (r.surface, r.reason)).collect()
}

#[test]
fn tokenizer_keeps_initialisms_abbreviations_and_possessives() {
    let tokens = tokenize("Mr. Bell's U.S. trip. Then “Zed” left");
    let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
    assert_eq!(words, ["Mr.", "Bell", "U.S.", "trip", "Then", "Zed", "left"]);
    assert!(tokens[1].possessive);
    assert_eq!(tokens[1].gap, Gap::Space, "the full stop of Mr. does not end a sentence");
    assert_eq!(tokens[4].gap, Gap::Sentence);
    assert_eq!(tokens[5].gap, Gap::Punct);
}

#[test]
fn takes_multi_word_names_with_particles() {
    assert_eq!(
        names("Yesterday Karim bin Tariq met Lena van der Berg in town."),
        ["Karim bin Tariq", "Lena van der Berg"]
    );
    assert_eq!(names("We read about al-Qaswa and Dar-e Noor today."), ["al-Qaswa", "Dar-e Noor"]);
}

#[test]
fn joins_of_for_and_inside_organisation_names() {
    assert_eq!(
        names("She wrote to the Ministry of Water and Power about it."),
        ["Ministry of Water and Power"]
    );
    assert_eq!(names("the Union for Bread and Roses met."), ["Union for Bread and Roses"]);
    // Not after a plain name: two names joined by "and" stay two.
    assert_eq!(names("talks between Norland and Sudavia failed."), ["Norland", "Sudavia"]);
    assert_eq!(names("The people of Norland voted."), ["Norland"]);
}

#[test]
fn strips_titles_and_keeps_them_as_evidence() {
    let detection =
        detect_with("talks with Acting Deputy Prime Minister Karim Zarif went well.", "");
    assert_eq!(detection.candidates.len(), 1);
    let candidate = &detection.candidates[0];
    assert_eq!(candidate.surface, "Karim Zarif");
    assert_eq!(candidate.titles, ["acting deputy prime minister"]);
    assert_eq!(names("Later Mr. Zarif and Dr Lena Holm spoke."), ["Zarif", "Lena Holm"]);
    assert_eq!(names("talks with Lt. Col. Pavel Dorn began."), ["Pavel Dorn"]);
}

#[test]
fn splits_a_run_at_a_title_inside_it() {
    assert_eq!(names("then Norwegian Foreign Minister Ola Brin arrived."), ["Ola Brin"]);
    assert_eq!(names("then the Gorm Foreign Minister Ola Brin arrived."), ["Gorm", "Ola Brin"]);
}

#[test]
fn a_title_alone_is_not_a_name() {
    assert_eq!(
        rejected("she met the Supreme Leader, who smiled."),
        [("Supreme Leader".to_string(), Rejection::TitleOnly)]
    );
}

#[test]
fn keeps_cue_words_that_look_like_titles_in_organisation_names() {
    assert_eq!(
        names("a letter from the General Directorate of Roads arrived."),
        ["General Directorate of Roads"]
    );
    assert_eq!(names("a letter from the Foreign Ministry arrived."), ["Foreign Ministry"]);
}

#[test]
fn a_title_after_an_institutions_complement_starts_a_person() {
    assert_eq!(
        names("said Central Bank of Norland Governor Ola Brin on Monday."),
        ["Central Bank of Norland", "Ola Brin"]
    );
    assert_eq!(
        names("a letter from the Ministry of Roads Spokesman Tor Vik came."),
        ["Ministry of Roads", "Tor Vik"]
    );
    // With no name after it, the title stays in the institution's name.
    assert_eq!(
        names("a letter from the Office of the President came."),
        ["Office of the President"]
    );
}

#[test]
fn possessive_ends_a_name_except_plural_ones() {
    assert_eq!(names("the Norland Army's tanks and Zed's car"), ["Norland Army", "Zed"]);
    assert_eq!(names("the Children's Relief Fund opened."), ["Children's Relief Fund"]);
}

#[test]
fn demonyms_months_and_concepts_are_not_names() {
    let found = rejected("In March, Norlandic and Western critics spoke of God and Islam.");
    assert!(found.contains(&("March".to_string(), Rejection::Calendar)), "{found:?}");
    assert!(found.contains(&("Western".to_string(), Rejection::Demonym)), "{found:?}");
    assert!(found.contains(&("God".to_string(), Rejection::Concept)), "{found:?}");
    assert!(names("Afghan men and Western media gathered on Sunday, May 5.").is_empty());
}

#[test]
fn sentence_initial_ordinary_words_are_not_names() {
    let detection = detect_with("Rivers rose, Brin left. Brin returned.", "The rivers were calm.");
    let names: Vec<&str> = detection.candidates.iter().map(|c| c.surface.as_str()).collect();
    assert_eq!(names, ["Brin", "Brin"]);
    assert_eq!(detection.rejected[0].reason, Rejection::SentenceInitial);
    // A name that starts a sentence is still a name.
    assert_eq!(names_with_stats("Oslo is cold.", "Many live in Oslo."), ["Oslo"]);
}

#[test]
fn a_sentence_initial_word_whose_plural_or_singular_is_ordinary_is_not_a_name() {
    let stats = "we held interviews with a farmer";
    assert_eq!(
        names_with_stats("Interview with Karim Zarif, Brinmoor.", stats),
        ["Karim Zarif", "Brinmoor"]
    );
    assert_eq!(names_with_stats("Farmers of Brinmoor met.", stats), ["Brinmoor"]);
    // A word capitalised inside a sentence somewhere is a name.
    assert_eq!(names_with_stats("Tarns left. We met Tarns.", "a tarn"), ["Tarns", "Tarns"]);
}

#[test]
fn people_alone_is_never_a_name() {
    assert_eq!(names("\"People remember,\" said Lena Brin."), ["Lena Brin"]);
}

fn names_with_stats(text: &str, stats: &str) -> Vec<String> {
    detect_with(text, stats).candidates.into_iter().map(|c| c.surface).collect()
}

#[test]
fn a_sentence_initial_word_before_a_name_is_dropped() {
    assert_eq!(names_with_stats("Rivers Brin saw, we left.", "the rivers rose"), ["Brin"]);
}

#[test]
fn headings_in_capitals_are_not_acronyms() {
    let found = rejected("WHY DID THE BANKS FAIL? Nobody at the IMF knew.");
    assert_eq!(found[0].1, Rejection::CapsHeading);
    assert!(names("WHY DID THE BANKS FAIL? Nobody at the IMF knew.").contains(&"IMF".to_string()));
}

#[test]
fn ties_acronyms_to_their_expansions() {
    let detection = detect_with(
        "The League of Rivers and Lakes (LRL) met the Norland Water Board, or NWB, today.",
        "",
    );
    assert_eq!(
        detection.acronyms,
        [
            AcronymDefinition { long: "League of Rivers and Lakes".into(), acronym: "LRL".into() },
            AcronymDefinition { long: "Norland Water Board".into(), acronym: "NWB".into() },
        ]
    );
    // Letters that do not spell the name are no definition.
    assert!(detect_with("the Norland Water Board (QXZ) met.", "").acronyms.is_empty());
}

#[test]
fn stop_names_from_the_config_are_rejected() {
    assert_eq!(rejected("they sold it to Globex."), [("Globex".to_string(), Rejection::StopName)]);
}

#[test]
fn records_context_words_for_classification() {
    let candidate =
        detect_with("Yesterday in Brinmore the crowd cheered.", "").candidates.remove(0);
    assert_eq!(candidate.before, Some("in"));
    assert_eq!(candidate.after, Some("the"));
}

#[test]
fn abbreviates_checks_letters_in_order() {
    assert!(abbreviates("WILPF", "Women's International League for Peace and Freedom"));
    assert!(abbreviates("AFJC", "Afghanistan Journalists Center"));
    assert!(!abbreviates("XYZ", "Afghanistan Journalists Center"));
}

#[test]
fn events_documents_laws_and_slogans_are_not_names() {
    let text = "After the Lakeside Accord and the Cold War, the Water Law and the Harvest Survey \
                said Norland First, as the Global North watched Brin.";
    assert_eq!(names(text), ["Brin"]);
    let found = rejected(text);
    assert!(found.contains(&("Lakeside Accord".to_string(), Rejection::EventOrDocument)));
    assert!(found.contains(&("Norland First".to_string(), Rejection::EventOrDocument)));
    // An organisation named after a law keeps its own head: "Office of the Water Law".
    assert_eq!(names("the Office for Water Law met."), ["Office for Water Law"]);
    // A compass word that opens a place name is no era: "North Sudavia".
    assert_eq!(names("rain fell on North Sudavia."), ["North Sudavia"]);
    // The head alone, cut from its name by a prefix ("post-Cold War"), names nothing either.
    let found = names("the post-Cold War order of Brin.");
    assert!(!found.iter().any(|n| n.contains("War")), "{found:?}");
}

#[test]
fn a_name_after_a_hyphenated_prefix_ends_at_the_compound() {
    // "Resistance" may still be a name of its own, but never "Norland Resistance"; "Norland"
    // after "anti-" is an adjective, no mention (detect/modifiers.rs).
    assert_eq!(names("an anti-Norland Resistance formed."), ["Resistance"]);
    assert_eq!(names("the Anti-Norland Resistance Front formed."), ["Resistance Front"]);
    assert_eq!(names("pro-Brin crowds cheered."), Vec::<String>::new());
}

#[test]
fn single_letters_are_never_names() {
    assert_eq!(names("she posted on X and on Y about Brin."), ["Brin"]);
    assert_eq!(names("Brin posted it on X."), ["Brin"]);
}

#[test]
fn and_joins_the_halves_of_a_known_place() {
    assert_eq!(names("refugees from Sistan and Baluchistan left."), ["Sistan and Baluchistan"]);
    assert_eq!(names("trade between Norland and Sudavia grew."), ["Norland", "Sudavia"]);
}

#[test]
fn a_line_that_is_only_a_name_keeps_its_first_word() {
    let stats = "an associated cost. The rivers were calm.";
    assert_eq!(
        names_with_stats("Associated Rivers\n\nAssociated Rivers reported.", stats),
        ["Associated Rivers", "Rivers"]
    );
}

#[test]
fn an_acronym_defined_in_place_restates_its_name() {
    let detection = detect_with("The Norland Water Board (NWB) met. Later the NWB left.", "");
    let restated: Vec<(String, bool)> =
        detection.candidates.iter().map(|c| (c.surface.clone(), c.restates)).collect();
    assert_eq!(
        restated,
        [("Norland Water Board".into(), false), ("NWB".into(), true), ("NWB".into(), false)]
    );
}

#[test]
fn keeps_a_hyphenated_given_name_before_the_rest_of_the_name() {
    assert_eq!(
        names("Yesterday Abdul-Karim al-Brinmoori spoke, and Zora-Lin Ostrava agreed."),
        ["Abdul-Karim al-Brinmoori", "Zora-Lin Ostrava"]
    );
    // Places, acronyms and a lowercase tail still split.
    assert_eq!(
        names("the Iran-Iraq border and the Norland-Sudavia talks"),
        ["Iran", "Iraq", "Norland", "Sudavia"]
    );
}

#[test]
fn of_joins_a_panel_to_its_complement() {
    assert_eq!(
        names("a report by the UN Panel of Experts on Norland"),
        ["UN Panel of Experts", "Norland"]
    );
}

#[test]
fn marks_names_listed_with_known_places() {
    assert_eq!(
        listed_with_place(
            "We saw rain on Kabul and Brinmoor, on Zarvik, Herat and Ostrava, but Lena Brinmoor stayed."
        ),
        [
            ("Kabul".into(), false),
            ("Brinmoor".into(), true),
            ("Zarvik".into(), true),
            ("Herat".into(), false),
            ("Ostrava".into(), true),
            ("Lena Brinmoor".into(), false),
        ]
    );
}

/// Each candidate's surface and whether it was listed beside a place.
fn listed_with_place(text: &str) -> Vec<(String, bool)> {
    detect_with(text, "").candidates.into_iter().map(|c| (c.surface, c.listed_with_place)).collect()
}

#[test]
fn a_list_with_one_known_place_marks_every_item() {
    assert_eq!(
        listed_with_place("We drove through Kabul, Zarvik and Ostrava. We met Brin and Zora."),
        [
            ("Kabul".into(), false),
            ("Zarvik".into(), true),
            ("Ostrava".into(), true),
            ("Brin".into(), false),
            ("Zora".into(), false),
        ]
    );
}

#[test]
fn on_joins_an_institution_to_its_remit() {
    assert_eq!(
        names("She wrote to the Brinmoor Office on Drugs and Crime about Norland."),
        ["Brinmoor Office on Drugs and Crime", "Norland"]
    );
    assert_eq!(names("talks between Norland and Sudavia on Monday"), ["Norland", "Sudavia"]);
    assert_eq!(names("a Peace Conference on Norland opened."), ["Norland"]);
}

#[test]
fn a_word_mostly_written_in_lower_case_is_not_a_name() {
    let stats = "the gold of the hills; gold and more gold; people and people and people";
    let found = names_with_stats("Gold is mined. The People of Brinmoor met Brinmoor.", stats);
    assert_eq!(found, ["Brinmoor", "Brinmoor"]);
}

#[test]
fn a_word_the_archive_calls_a_people_is_not_a_name() {
    let stats = "Herders of the ethnic Velari and the Drossan nomads moved south.";
    assert_eq!(
        names_with_stats("The Velari left Brinmoor. Drossan elders stayed.", stats),
        ["Brinmoor"]
    );
    // A longer name with the word in it is still a name.
    assert_eq!(
        names_with_stats("The Velari Liberation Front fought.", stats),
        ["Velari Liberation Front"]
    );
    // Known peoples and their plurals need no such hint.
    assert_eq!(names("Kuchis and Tuaregs met Lena Brin in Brinmoor."), ["Lena Brin", "Brinmoor"]);
}

fn placed(text: &str) -> Vec<(String, bool)> {
    detect_with(text, "").candidates.into_iter().map(|c| (c.surface, c.place_phrase)).collect()
}

#[test]
fn a_place_noun_of_the_name_or_an_appositive_marks_a_place() {
    let found =
        placed("We met people in the town of Velmor and residents of Drask, Orlin and Pessa.");
    assert!(found.iter().all(|(_, place)| *place), "{found:?}");
    assert_eq!(found.len(), 4);
    assert_eq!(
        placed("We reached Orvan, the provincial capital, by noon."),
        [("Orvan".into(), true)]
    );
    assert_eq!(placed("We drove to Brask, the district's main town."), [("Brask".into(), true)]);
    assert_eq!(placed("Tarn, a mountainous province, is cold."), [("Tarn".into(), true)]);
    assert_eq!(
        placed("We saw Velmor, on the Drask river, at dawn."),
        [("Velmor".into(), true), ("Drask".into(), false)]
    );
    assert_eq!(placed("Karim Zarif, on the other hand, left."), [("Karim Zarif".into(), false)]);
    // The head of the appositive decides: a governor is no place.
    assert_eq!(
        placed("We met Karim Zarif, the district governor, there."),
        [("Karim Zarif".into(), false)]
    );
    assert_eq!(placed("the members of Drask Union met."), [("Drask Union".into(), false)]);
}

#[test]
fn a_verb_after_the_object_of_a_preposition_is_not_the_names() {
    let after = |text: &str| detect_with(text, "").candidates[0].after;
    assert_eq!(after("the officials in Velmor said it rained."), None);
    assert_eq!(after("the residents of Velmor told us."), None);
    assert_eq!(after("Yesterday Zarif said it rained."), Some("said"));
}

#[test]
fn a_number_after_a_hyphen_is_part_of_the_name() {
    let detection = detect_with("They built the Velmor-2 dam near Tarn.", "");
    let velmor = &detection.candidates[0];
    assert_eq!((velmor.surface.as_str(), velmor.after), ("Velmor-2", Some("dam")));
}

#[test]
fn a_gerund_in_an_institutions_remit_takes_its_object() {
    assert_eq!(
        names("the Fund for Saving the Velmor Lake met, but the Velmor Lake dried."),
        ["Fund for Saving the Velmor Lake", "Velmor Lake"]
    );
}

#[test]
fn an_appositive_says_what_a_name_is() {
    let described = |text: &str| {
        detect_with(text, "")
            .candidates
            .into_iter()
            .map(|c| (c.surface, c.described_as))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        described("we met Gul Brin, a farmer whose house fell."),
        [("Gul Brin".into(), Some(EntityKind::Person))]
    );
    assert_eq!(
        described("he founded Pen Velmor, a volunteer-run organisation, in 2009."),
        [("Pen Velmor".into(), Some(EntityKind::Org))]
    );
    assert_eq!(described("we met Gul Brin, who farms."), [("Gul Brin".into(), None)]);
}

#[test]
fn a_datelines_place_in_capitals_is_a_name_marked_as_such() {
    let detection =
        detect_with("PORT ELLIS, Norland 1998-03-14\n\nThe council met in Riverton.", "");
    let found: Vec<(String, bool)> =
        detection.candidates.into_iter().map(|c| (c.surface, c.dateline)).collect();
    assert_eq!(
        found,
        [("PORT ELLIS".into(), true), ("Norland".into(), true), ("Riverton".into(), false)]
    );
    // Three words in capitals without a date stay a heading.
    assert_eq!(names("PORT ELLIS COUNCIL\n\nIt met."), Vec::<String>::new());
}

#[test]
fn competitions_prizes_holidays_and_operations_are_no_entities() {
    let text = "Riverton won the Norland Cup and the Brinmoor Open before Labour Day. \
                Operation Stone Gate began after World War Two. The Zed Peace Prize went \
                to Maria Day.";
    assert_eq!(names(text), ["Riverton", "Maria Day"]);
}

#[test]
fn nationalities_faiths_and_camps_of_any_country_are_no_names() {
    let text = "A Swede beat two Spaniards. South African fans and Sri Lankans cheered, and \
                Moslem leaders and Democrats met GMT officials.";
    assert_eq!(names(text), Vec::<String>::new());
    // A nationality before a given name describes the person.
    assert_eq!(names("The winner was American Jane Doe."), ["Jane Doe"]);
    assert_eq!(names("Next came South African Anna Vos."), ["Anna Vos"]);
}

#[test]
fn a_word_before_a_colon_that_opens_a_block_is_a_label() {
    assert_eq!(names("Attendance: 4,000\n\nThe crowd cheered Riverton."), ["Riverton"]);
}

#[test]
fn a_city_of_two_words_before_a_name_is_not_split_at_its_given_name() {
    assert_eq!(names("The San Diego Padres won."), ["San Diego Padres"]);
}

#[test]
fn one_word_and_an_institution_is_one_name_and_in_a_place_ends_a_remit() {
    assert_eq!(names("She joined the Seeds and Soil Commission."), ["Seeds and Soil Commission"]);
    assert_eq!(names("Norland and Sudavia Commission"), ["Norland and Sudavia Commission"]);
    assert_eq!(
        names("It met Norland and the Sudavia Commission."),
        ["Norland", "Sudavia Commission"]
    );
    assert_eq!(
        names("the Office for Peace and Trade in Europe met."),
        ["Office for Peace and Trade in Europe"]
    );
    assert_eq!(names("The farmers of Norland in Europe met."), ["Norland", "Europe"]);
}

#[test]
fn a_hyphenated_surname_after_a_name_stays_whole() {
    assert_eq!(names("Yesterday Tomas Vidal-Roca spoke."), ["Tomas Vidal-Roca"]);
    assert_eq!(names("The Norland-Sudavia talks failed."), ["Norland", "Sudavia"]);
}

#[test]
fn an_institution_word_alone_or_a_contact_label_is_no_name() {
    assert_eq!(names("Later the Bank said Zorg & Co would pay. Fax 555 1234."), ["Zorg"]);
    assert_eq!(names("She sat in the House of Elders."), ["House of Elders"]);
}

#[test]
fn contractions_and_number_words_are_no_names() {
    assert_eq!(
        names("\"We've won,\" he said. She'll stay. Twenty people left Brinmoor."),
        ["Brinmoor"]
    );
    // A contraction of no function word is left to the other rules ("Shell" stays a name).
    assert_eq!(names("He works for Shell in Norland."), ["Shell", "Norland"]);
}

#[test]
fn titles_with_a_full_stop_or_hyphen_are_stripped() {
    assert_eq!(names("The visit of Gov. Tom Velmor ended."), ["Tom Velmor"]);
    assert_eq!(names("He met Lieutenant-Colonel Max Brinmoor there."), ["Max Brinmoor"]);
    assert_eq!(names("He met Archbishop Desmond Velmor there."), ["Desmond Velmor"]);
}

#[test]
fn marks_names_that_open_with_an_ordinary_word() {
    let detection =
        detect_with("The Red Velmor sent aid. Karim Velmor came.", "the red car and a red door");
    let flags: Vec<(String, bool)> =
        detection.candidates.into_iter().map(|c| (c.surface, c.common_first_word)).collect();
    assert_eq!(flags, [("Red Velmor".to_string(), true), ("Karim Velmor".to_string(), false)]);
}

#[test]
fn an_events_complement_goes_with_it() {
    assert_eq!(names("He won the World Series of Golf in Velmor."), ["Velmor"]);
}

#[test]
fn hyphenated_names_of_unknown_pieces_stay_whole() {
    assert_eq!(names("The agency Itar-Tass said so."), ["Itar-Tass"]);
    assert_eq!(names("He met Ata-ur-Rehman in Norland."), ["Ata-ur-Rehman", "Norland"]);
    // A known place splits what the hyphen joins.
    assert_eq!(names("the Kenya-Velmor talks"), ["Kenya", "Velmor"]);
}

#[test]
fn an_ordinary_word_before_a_title_is_part_of_the_title() {
    let detection = detect_with(
        "EU Farm Commissioner Franz Velmor spoke.",
        "the farm was sold. a farm and another farm.",
    );
    let names: Vec<String> = detection.candidates.iter().map(|c| c.surface.clone()).collect();
    assert_eq!(names, ["EU", "Franz Velmor"]);
    assert_eq!(detection.candidates[1].titles, ["farm commissioner"]);
}

#[test]
fn an_acronym_in_the_names_own_language_is_tied_to_it() {
    let detection = detect_with("Rebels of the Velmor Workers Party (PVW) fled.", "");
    assert_eq!(
        detection.acronyms,
        [AcronymDefinition { long: "Velmor Workers Party".into(), acronym: "PVW".into() }]
    );
    // Two letters say too little.
    assert!(detect_with("The Velmor Party (PV) met.", "").acronyms.is_empty());
}
