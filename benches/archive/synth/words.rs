//! Vocabulary for the synthetic prose: common English words roughly by frequency (drawn with a
//! Zipf law, as natural text is), plus the capitalised words that are *not* entities (months,
//! "Western", "Islamic", sentence openers) so annotate meets the distractors real text has.

/// Lower-case words, most frequent first.
pub const COMMON: &str = "the of and to in a that is for on was with as by it at from are be this \
have has an not which their they but were its had or been also more government would said there \
will after about people than other who all year new first into years two over some officials \
between country local only most since can against many when could these while under during \
those security women such because where what them both any forces report first political \
economic public former three provincial national however still several group rights before \
through without each until district council policy children health schools education \
international aid support province leaders members community power process talks agreement \
according statement week months recent last later early announced reported meeting decision \
interim authorities administration ministry region number percent state law order court \
justice system market prices trade border roads water food farmers crops drought winter \
families houses villages towns cities students teachers universities clinics doctors patients \
journalists media freedom access work jobs income poverty refugees returnees displaced camps \
fighting attacks violence arrests detention prisoners release negotiations peace ceasefire \
elections votes candidates campaign parties opposition movement protest demonstrators \
demands promises plans projects funding donors budget salaries staff workers employees \
officers police soldiers commanders militias weapons checkpoints highway valley mountains \
river dam irrigation electricity mines minerals contracts companies investment banks loans \
currency inflation exports imports customs revenue taxes corruption reforms institutions \
constitution parliament senate decree ban restrictions permission guidance instructions \
committee commission delegation envoy visit conference summit declaration resolution \
sanctions recognition legitimacy relations neighbours partners allies influence pressure \
concern criticism response reaction situation conditions crisis emergency assistance \
shelter medicine vaccines disease outbreak nutrition hunger survey data figures estimates \
sources interviews residents elders clerics scholars activists analysts observers experts \
history memory tradition culture language religion mosque school girls boys generation \
future hope fear uncertainty change continuity pattern trend shift increase decrease \
growth decline rise fall spread impact effect cost price value share level rate \
important significant difficult possible likely clear strong weak large small long short \
high low major minor central eastern western northern southern rural urban formal informal \
official unofficial legal illegal traditional modern religious secular military civilian \
humanitarian regional global domestic foreign private collective individual personal \
seemed remained became appeared continued began started stopped refused agreed accepted \
rejected argued claimed denied confirmed explained described noted warned urged called \
asked told met visited travelled returned arrived left moved fled lived died killed wounded \
injured captured arrested released detained charged sentenced appointed dismissed resigned \
elected nominated replaced established founded created built opened closed expanded reduced \
increased raised lowered paid received sent delivered distributed collected organised \
planned prepared published released signed approved issued introduced enforced implemented";

/// Capitalised words that are not entities, drawn now and then inside sentences.
pub const DISTRACTORS: &[&str] = &[
    "Western",
    "Islamic",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Friday",
    "Ramadan",
    "Eid",
    "English",
    "Persian",
    "Pashto",
    "Dari",
    "Sunni",
    "Shia",
    "Covid-19",
    "UN",
];

/// Sentence openers, capitalised as the first word of a sentence.
pub const OPENERS: &[&str] = &[
    "However,",
    "In",
    "According to",
    "Since",
    "After",
    "Before",
    "During",
    "Meanwhile,",
    "For",
    "While",
    "Although",
    "Despite",
    "Over",
    "As",
    "This",
    "These",
    "Many",
    "Some",
    "Most",
];

/// Words for headings.
pub const HEADING_WORDS: &[&str] = &[
    "Background",
    "What changed",
    "The response",
    "Looking ahead",
    "A closer look",
    "The numbers",
    "Voices from the provinces",
    "Reactions abroad",
    "The legal question",
    "Money and power",
    "Who decides",
    "On the ground",
    "Conclusion",
    "What remains unclear",
    "Timeline",
    "The wider picture",
    "Old patterns",
    "New rules",
    "Winners and losers",
    "Methodology",
];

pub fn common_words() -> Vec<&'static str> {
    COMMON.split_whitespace().collect()
}
