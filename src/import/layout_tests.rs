//! Unit tests of `layout.rs`: made-up web and PDF texts, laid out.

use super::*;

fn texts(layout: &Layout) -> Vec<(BlockKind, String)> {
    layout.blocks.iter().map(|b| (b.kind, b.text.clone())).collect()
}

#[test]
fn web_text_keeps_one_paragraph_per_line() {
    let layout = lay_out("A Title\n\nFirst paragraph here.\nSecond one.\n\n• An item\n", 1);
    assert!(!layout.wrapped);
    assert_eq!(
        texts(&layout),
        [
            (BlockKind::Paragraph, "A Title".into()),
            (BlockKind::Paragraph, "First paragraph here.".into()),
            (BlockKind::Paragraph, "Second one.".into()),
            (BlockKind::ListItem, "An item".into()),
        ]
    );
}

#[test]
fn reflows_hard_wrapped_lines_into_paragraphs() {
    let text = "The river rose in the night and the people of the\nvillage moved \
                their goats to the hills before\ndawn.\n\nBy noon the water had \
                reached the\nmarket and the school.\n";
    let layout = lay_out(text, 1);
    assert!(layout.wrapped);
    assert_eq!(
        texts(&layout),
        [
            (BlockKind::Paragraph, "The river rose in the night and the people of the village moved their goats to the hills before dawn.".into()),
            (BlockKind::Paragraph, "By noon the water had reached the market and the school.".into()),
        ]
    );
}

#[test]
fn rejoins_broken_words_keeping_real_hyphens() {
    let text = "She is a well-\nknown writer who praised the co-\nexistence of the \
                two towns and\nthe organi-\nsation that organisation runs for the \
                twenty-\nfive villages in the valley.\n";
    let layout = lay_out(text, 1);
    assert_eq!(
        layout.blocks[0].text,
        "She is a well-known writer who praised the co-existence of the two towns and \
         the organisation that organisation runs for the twenty-five villages in the valley."
    );
    let layout = lay_out(
        "The anti-\nTaliban front and the Afghan-\nAmerican writer met in\nthe 20-\nyear-old hall in Dara-\ne-Nur.\n",
        1,
    );
    assert_eq!(
        layout.blocks[0].text,
        "The anti-Taliban front and the Afghan-American writer met in the 20-year-old hall in Dara-e-Nur."
    );
}

#[test]
fn a_line_printed_twice_beside_page_numbers_is_a_running_foot() {
    let text = "River Survey\n\nThe first finding of the survey is that the river in the\nnorth \
                was higher than in any year of the past decade.\n\n2\nRiver Survey | May 2024\n\n\
                A second finding follows here and it is about the wells of the\nvalley, which \
                were dry.\n\n3\nRiver Survey | May 2024\n";
    let all: Vec<String> = lay_out(text, 1).blocks.iter().map(|b| b.text.clone()).collect();
    assert!(!all.iter().any(|b| b.contains("May 2024")), "{all:?}");
    // Twice without page numbers beside it, a line stays.
    let text = "Notes\n\nThe river rose.\n\nRiver Survey | May 2024\n\nThe wells were dry.\n\n\
                River Survey | May 2024\n";
    let all: Vec<String> = lay_out(text, 1).blocks.iter().map(|b| b.text.clone()).collect();
    assert_eq!(all.iter().filter(|b| b.contains("May 2024")).count(), 2, "{all:?}");
}

#[test]
fn drops_page_numbers_and_running_heads_and_rejoins_the_sentence() {
    let text = "Annual Survey of Rivers\nThe first finding of the survey is that the river in the\nnorth \
                was higher than in any year of the past decade\n\n14\n\nAnnual Survey of \
                Rivers\nsince the records of the valley began.\nA second finding follows \
                here and it is about the wells of the\nvalley, which were dry.\nAnnual Survey \
                of Rivers\n";
    let layout = lay_out(text, 1);
    let all: Vec<String> = layout.blocks.iter().map(|b| b.text.clone()).collect();
    assert_eq!(
        all,
        [
            "Annual Survey of Rivers",
            "The first finding of the survey is that the river in the north was higher than \
             in any year of the past decade since the records of the valley began. A second \
             finding follows here and it is about the wells of the valley, which were dry."
        ]
    );
}

#[test]
fn section_number_and_capital_title_become_one_heading() {
    let text = "end of the previous part of the\nreport is here.\n 05\nWHAT THE \
                FARMERS SAID\nThe farmers said that the rain\ncame late this year.\n";
    let layout = lay_out(text, 1);
    assert_eq!(layout.blocks[1].kind, BlockKind::Heading);
    assert_eq!(layout.blocks[1].text, "05 WHAT THE FARMERS SAID");
    assert_eq!(layout.blocks[2].text, "The farmers said that the rain came late this year.");
}

#[test]
fn takes_out_foot_of_page_notes_with_glued_markers() {
    let text = "A recent study1 found that most of the\nwells were dry, as others \
                reported.2\n1   Smith, J (2020). Wells of the\nvalley. River Press.\n2  \
                Jones, A (2021). Dry years. https://example.org/dry-\nyears-report\n and \
                the text goes on after the\nnotes here.\n";
    let layout = lay_out(text, 1);
    assert_eq!(layout.notes.len(), 2);
    assert_eq!(layout.notes[0].number, 1);
    assert_eq!(layout.notes[0].text, "Smith, J (2020). Wells of the valley. River Press.");
    assert_eq!(
        layout.notes[1].text,
        "Jones, A (2021). Dry years. https://example.org/dry-years-report"
    );
    assert_eq!(
        layout.blocks[0].text,
        "A recent study1 found that most of the wells were dry, as others reported.2 and the text goes on after the notes here."
    );
}

#[test]
fn a_url_ending_a_sentence_does_not_swallow_the_next_note() {
    let text = "Body text that cites a report.[1] And another one.[2]\n\nReferences\n\
                [1] See Hill Review, \"Dry years\", 2 May,\nhttps://example.org/2016.\n\
                [2] See Valley Press, \"Wells of the valley and what the farmers did\", 3 June,\n\
                https://example.org/2021.\n";
    let layout = lay_out(text, 1);
    let texts: Vec<&str> = layout.blocks.iter().map(|block| block.text.as_str()).collect();
    assert_eq!(
        texts[2..],
        [
            "[1] See Hill Review, \"Dry years\", 2 May, https://example.org/2016.",
            "[2] See Valley Press, \"Wells of the valley and what the farmers did\", 3 June, \
             https://example.org/2021."
        ]
    );
}

#[test]
fn a_url_broken_after_a_full_stop_continues_only_with_the_rest_of_an_address() {
    assert!(url_continues("https://www.example.", "org/dry-years.pdf and more"));
    assert!(url_continues("https://example.org/a-", "b"));
    assert!(!url_continues("https://example.org/2016.", "[2] See Valley Press"));
    assert!(!url_continues("https://example.org/2016.", "The next sentence."));
    assert!(!url_continues("https://example.org/2016.", "and then it ended."));
}

#[test]
fn takes_out_notes_with_superscript_numbers() {
    let text = "A recent study¹ found that most of the wells in the\nvalley were dry, as \
                others reported.²\n¹ Smith, J (2020). Wells of the valley.\n² Jones, A (2021). \
                Dry years.\n";
    let layout = lay_out(text, 1);
    let numbers: Vec<u32> = layout.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, [1, 2]);
    assert_eq!(layout.notes[1].text, "Jones, A (2021). Dry years.");
}

#[test]
fn byline_and_date_lines_stay_apart_from_the_paragraph() {
    let text = "By Jane Roe and Li Wei\n3 March 2024\nthe river rose in the night and the \
                people of the\nvillage moved their goats to the hills before\ndawn.\n";
    let layout = lay_out(text, 1);
    let all: Vec<&str> = layout.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        all,
        [
            "By Jane Roe and Li Wei",
            "3 March 2024",
            "the river rose in the night and the people of the village moved their goats to the hills before dawn."
        ]
    );
}

#[test]
fn heading_between_blank_lines_stays_apart_when_every_line_ends_with_a_space() {
    let mut text = String::new();
    for _ in 0..6 {
        text.push_str("The committee met in the capital on a cold morning and \n");
        text.push_str("agreed on a plan for the coming year after a long debate. \n\n");
    }
    text.push_str("Recommendations \n\nDonors should fund the clinics in the north and \n");
    text.push_str("publish their accounts every year without fail or delay. \n");
    let layout = lay_out(&text, 1);
    let found = texts(&layout);
    assert!(found.contains(&(BlockKind::Paragraph, "Recommendations".to_string())), "{found:?}");
    assert!(
        found.iter().any(|(_, t)| t.starts_with("Donors should fund")),
        "the heading is not run into the next paragraph: {found:?}"
    );
}

#[test]
fn narrow_column_becomes_an_aside() {
    let text = "The body of the report runs in wide lines like this one\nand \
                continues here in the column of the page, where\nit ends.\nRivers are\n\
                the lifeblood\nof the valley.\n\nThe body goes on with another sentence \
                that is long\nenough to fill a line of the column of the page.\n";
    let layout = lay_out(text, 1);
    let kinds: Vec<BlockKind> = layout.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Paragraph, BlockKind::Aside, BlockKind::Paragraph]);
    assert_eq!(layout.blocks[1].text, "Rivers are the lifeblood of the valley.");
}

#[test]
fn takes_out_notes_numbered_on_with_their_numbers_on_lines_of_their_own() {
    // A chapter whose notes go on from 41; page 17 ends with two numbers printed apart from
    // their texts, and a repeated note beside them is no running foot.
    let text = "The river was dammed in the spring of that\nyear, as the council had \
                agreed.41 The farmers\nwere not asked,42 and the mill closed soon\n\
                41\n42\n\nhttps://example.org/council-minutes\nIbid.\n\n17\n\n\
                after the water fell. The town moved on and\nthe fields were sold off \
                to the new owners.43\n43\n\nIbid.\n\n18\n\nthe rest of the story is told \
                in the next\nchapter of the valley book.\n";
    let layout = lay_out(text, 1);
    let notes: Vec<(u32, &str)> =
        layout.notes.iter().map(|n| (n.number, n.text.as_str())).collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert!(notes.contains(&(41, "https://example.org/council-minutes")), "{notes:?}");
    assert!(notes.contains(&(42, "Ibid.")), "{notes:?}");
    assert!(notes.contains(&(43, "Ibid.")), "{notes:?}");
    let body: String = layout.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" ");
    assert!(body.contains("mill closed soon after the water fell"), "{body}");
    assert!(!body.contains("Ibid") && !body.contains(" 17 "), "{body}");
}

#[test]
fn a_label_ending_with_a_colon_starts_a_block_of_its_own() {
    let text = "The upkeep of the old wooden piers and\nthe small coastal towns that depend on them\nScope of the question:\n\
                The piers were built in the last century and have been\nmended many times \
                since, each time with less money\nthan the time before, and the towns \
                have seen it.\n";
    let layout = lay_out(text, 1);
    let blocks: Vec<&str> = layout.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        blocks[0],
        "The upkeep of the old wooden piers and the small coastal towns that depend on them",
        "{blocks:?}"
    );
    assert_eq!(blocks[1], "Scope of the question:", "{blocks:?}");
}

#[test]
fn markdown_heading_lines_are_headings_without_their_marks() {
    let text = "# The Harbour Council Meets\n\nThe council met on Monday.\n\n## What members said ##\n\n\
                #harbour is trending, and #1 on the list.\n";
    assert_eq!(
        texts(&lay_out(text, 1)),
        [
            (BlockKind::Heading, "The Harbour Council Meets".into()),
            (BlockKind::Paragraph, "The council met on Monday.".into()),
            (BlockKind::Heading, "What members said".into()),
            (BlockKind::Paragraph, "#harbour is trending, and #1 on the list.".into()),
        ]
    );
}
