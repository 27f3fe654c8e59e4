//! Golden tests over the four bundled seeds (`content/sources/`): what `gloss import` makes of
//! each kind of input a real archive holds — a PDF report's text, a listing of ten news items,
//! and single web articles with and without a title line.

use std::path::Path;

use chrono::NaiveDate;
use gloss::import::text::sentences;
use gloss::import::{ImportedArticle, import_bytes};

fn import_seed(name: &str) -> Vec<ImportedArticle> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/sources").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let (articles, _) = import_bytes(&bytes, name, name).unwrap();
    articles
}

/// Body blocks that are prose (no headings, captions, asides or footnote definitions).
fn paragraphs(article: &ImportedArticle) -> Vec<&str> {
    article
        .body
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty() && !b.starts_with(['#', '*', '>', '-']) && !b.starts_with("[^"))
        .collect()
}

fn first_sentence(article: &ImportedArticle) -> String {
    sentences(paragraphs(article)[0])[0].to_string()
}

fn last_sentence(article: &ImportedArticle) -> String {
    let paragraphs = paragraphs(article);
    sentences(paragraphs.last().unwrap()).last().unwrap().to_string()
}

fn footnote(article: &ImportedArticle, number: u32) -> Option<&str> {
    let label = format!("[^{number}]: ");
    article.body.lines().find_map(|line| line.strip_prefix(label.as_str()))
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Lines that are page furniture, never article text.
fn assert_no_debris(article: &ImportedArticle) {
    for line in article.body.lines() {
        let folded = line.trim().to_lowercase();
        for debris in [
            "read more",
            "advertisement",
            "print sharing button",
            "previous",
            "next",
            "read full statement here",
        ] {
            assert_ne!(folded, debris, "debris line left in {}", article.meta.title);
        }
        assert!(
            !folded.chars().all(|c| c.is_ascii_digit()) || folded.is_empty(),
            "page number {line:?}"
        );
    }
    assert!(!article.body.contains('\u{e000}') && !article.body.contains('\u{e001}'));
}

#[test]
fn pdf_report_is_one_article_reflowed_with_footnotes_and_headings() {
    let articles = import_seed("000_cf0a73f5666d7826.txt");
    assert_eq!(articles.len(), 1, "a PDF report is one article whatever its section numbers");
    let report = &articles[0];
    assert!(report.meta.title_inferred);
    assert!(report.meta.title.starts_with("Neglected in these analyses"), "{}", report.meta.title);
    assert!(
        report.meta.authors.is_empty() && report.meta.date.is_none(),
        "the text states neither"
    );
    assert_eq!(
        first_sentence(report),
        "Neglected in these analyses are the many men who have spoken up for women’s rights and \
         have worked for a gender-just society in Afghanistan."
    );
    assert_eq!(
        last_sentence(report),
        "\\* Names anonymised due to the current political and security situation in Afghanistan."
    );
    assert!(report.body.contains("women in the country."));

    // Footnotes: glued markers with their texts from the foot of the page, URL as a link.
    assert_eq!(report.footnotes, 2);
    assert!(report.body.contains("a recent study[^1] found that two thirds of men"));
    assert!(report.body.contains("had too many rights.[^2]"));
    assert!(footnote(report, 1).unwrap().starts_with("Gereš, N, B Heilman"));
    assert!(footnote(report, 1).unwrap().ends_with("Global Affairs Canada."));
    assert!(footnote(report, 2).unwrap().ends_with(
        "<https://www.reuters.com/article/us-afghanistan-women-equality/afghan-men-oppose-more-womens-rights-elders-less-hardline-idUSKCN1PN0TZ>"
    ));
    // Marker 3 has no note text in the file: it stays visible, never invented.
    assert!(report.body.contains("students with disabilities.\\[3\\]"));
    assert!(footnote(report, 3).is_none());

    // Section numbers and headings, words rejoined, page number dropped.
    for heading in [
        "## 05 WHAT MAKES OUR ALLIES PROUD?",
        "## 08 HOW DO WILPF’S MALE ALLIES EXPLAIN THE TALIBAN TAKEOVER?",
        "## 11 FUTURE OF FEMINIST PEACE IN AFGHANISTAN",
    ] {
        assert!(report.body.lines().any(|l| l == heading), "{heading}");
    }
    for word in [
        "well-known public figure",
        "trustful environment of co-existence",
        "a counter-narrative",
        "a life-threatening call",
    ] {
        assert!(report.body.contains(word), "{word}");
    }
    assert!(
        report.body.contains("of the country to participate meaningfully"),
        "lines rejoined across the wrap"
    );
    assert!(!report.body.contains("\n39\n"));
    // Pull quotes stay once, as asides.
    assert_eq!(report.body.matches("depicted a clear binary").count(), 1);
    assert!(report.body.contains("> Analyses of women’s rights and gender equality in Afghanistan have historically depicted a clear binary"));
    assert_no_debris(report);
}

#[test]
fn listing_splits_into_ten_items_with_their_metadata() {
    let articles = import_seed("001_f62552b4376e47fb.txt");
    let titles: Vec<&str> = articles.iter().map(|a| a.meta.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Birds of a Feather, in Ideology: What is the relationship between the Islamic Emirate and Hamas?",
            "Taliban accuse Pakistan of conducting strikes inside Afghanistan",
            "Behind Afghanistan’s Fall, U.S.-Backed Militias Worse Than the Taliban",
            "In Afghanistan, Trump will have to play a balancing game",
            "Stanikzai Calls for Regional Unity Against West",
            "Saudi Embassy resumes operations in Kabul after one-year hiatus",
            "UN supports over 80,000 women-led small businesses in Afghanistan",
            "Afghanistan Journalists Center confirms release of seven Arezo TV employees from prison",
            "Greek authorities say boat capsizing victims and survivors were from Afghanistan. 2 Turks arrested",
            "New Restrictions in Iran Pose Challenge for Afghan Refugees",
        ]
    );
    let parts: Vec<u32> = articles.iter().map(|a| a.meta.source_part.unwrap()).collect();
    assert_eq!(parts, (1..=10).collect::<Vec<_>>());
    assert!(articles.iter().all(|a| !a.meta.title_inferred));
    let authors: Vec<Vec<String>> = articles.iter().map(|a| a.meta.authors.clone()).collect();
    assert_eq!(authors[0], ["Thomas Ruttig"]);
    assert_eq!(authors[2], ["Azam Ahmed"], "from the bio at the end");
    assert_eq!(authors[3], ["Aziz Amin"], "from the name line under the title");
    assert!(
        authors.iter().enumerate().all(|(i, a)| [0, 2, 3].contains(&i) || a.is_empty()),
        "{authors:?}"
    );

    let aan = &articles[0];
    assert_eq!(aan.meta.editors, ["Roxanna Shapour", "Kate Clark"]);
    assert_eq!(aan.meta.source.as_deref(), Some("Afghanistan Analysts Network"));
    assert_eq!(aan.meta.date, None, "the text states no publication date");
    assert_eq!(
        aan.meta.photo_credits,
        [
            "Ministry of Foreign Affairs, Islamic Emirate of Afghanistan, 23 May 2024",
            "Globe Eye News via X, undated"
        ]
    );
    assert_eq!(aan.footnotes, 5);
    assert!(
        footnote(aan, 1)
            .unwrap()
            .starts_with("According to the Palestinian Central Bureau of Statistics")
    );
    assert_eq!(
        footnote(aan, 4),
        Some(
            "Muttaqi was not explicit about the geographic boundaries when he referred to “the historic land of Palestine.”"
        )
    );
    assert!(aan.body.contains("referring to the Palestinian people as Muslim only.[^1]"));
    assert!(
        first_sentence(aan).starts_with("Before the 7 October 2023 attacks by Hamas on Israel")
    );
    assert_eq!(
        last_sentence(aan),
        "Signs that this might be changing are hard to find beyond some individual online statements."
    );
    assert!(aan.body.contains("\n## The Emirate on the assassination of Haniyeh\n"));
    assert!(aan.body.contains("\n## Conclusion\n"));
    assert!(aan.body.contains("*Acting Prime Minister Abdul Ghani Baradar meets with Hamas leader, Ismail Haniyeh, in Doha, Qatar. Photo: Globe Eye News via X, undated.*"));
    assert!(!aan.body.contains("Edited by") && !aan.body.contains("References"));

    let strikes = &articles[1];
    assert_eq!(
        strikes.body.matches("Taliban Foreign Minister Amir Khan Muttaqi, left,").count(),
        1,
        "caption printed twice is kept once"
    );
    assert_eq!(
        strikes
            .body
            .matches("Taliban authorities accuse Pakistan of carrying out airstrikes")
            .count(),
        1
    );
    assert_eq!(
        last_sentence(strikes),
        "The Taliban swept back to power in 2021, but no country has officially recognized them as the legitimate rulers of Afghanistan."
    );

    let greek = &articles[8];
    assert_eq!(greek.meta.source.as_deref(), Some("Associated Press"));
    assert_eq!(greek.meta.date.map(|d| d.day), date(2024, 12, 21));
    assert!(
        first_sentence(greek)
            .starts_with("ATHENS, Greece (AP) — Greece’s coast guard said Saturday")
    );

    let last = &articles[9];
    assert!(last_sentence(last).starts_with("Given the current situation, it is expected that this decision will have serious consequences"));
    assert!(
        !last.body.contains("New Restrictions in Iran Pose Challenge"),
        "the closing title repeat is dropped"
    );
    for article in &articles {
        assert_no_debris(article);
        assert_eq!(
            article.body.matches(&article.meta.title).count(),
            0,
            "title repeated in body of {}",
            article.meta.title
        );
    }
}

#[test]
fn web_article_with_title_byline_list_and_bio() {
    let articles = import_seed("002_db16d22faedbc4ee.txt");
    assert_eq!(articles.len(), 1);
    let article = &articles[0];
    assert_eq!(article.meta.title, "Anti-Taliban Resistance Unites");
    assert!(!article.meta.title_inferred);
    assert_eq!(
        article.meta.subtitle.as_deref(),
        Some(
            "Declaration Ahead of the United Nations Meeting in Doha Calls for Representation Rooted in the People’s Choice"
        )
    );
    assert_eq!(article.meta.date.map(|d| d.day), date(2024, 2, 17));
    assert_eq!(article.meta.authors, ["Kumayl Nazary"]);
    assert_eq!(article.meta.contacts, ["@AzadiJaan", "azadi@wearenrf.org"]);
    assert_eq!(article.meta.source.as_deref(), Some("WeAreNRF"));
    assert!(
        first_sentence(article).starts_with("On February 15th, 2024, marking more than two years")
    );
    assert_eq!(
        last_sentence(article),
        "In 2021, he became a founding member of SOS Afghanistan in order to help address the political and humanitarian crisis resulting from the government collapse, focusing on the evacuation of targeted groups."
    );
    assert_eq!(
        article.body.lines().filter(|l| l.starts_with("- ")).count(),
        5,
        "bullets become a Markdown list"
    );
    assert!(article.body.contains("- The extrajudicial killings of over 700 individuals"));
    assert!(
        !article.body.contains("Unfinished Business in Afghanistan")
            && !article.body.contains("A Daughter’s Tribute"),
        "navigation to other articles is dropped"
    );
    assert!(!article.body.contains("By @AzadiJaan"));
    assert_eq!(article.footnotes, 0);
    assert_no_debris(article);
}

#[test]
fn web_article_without_title_gets_an_inferred_one_and_its_credits() {
    let articles = import_seed("003_b233b82db75e0c8f.txt");
    assert_eq!(articles.len(), 1);
    let article = &articles[0];
    assert!(article.meta.title_inferred);
    assert!(
        article
            .meta
            .title
            .starts_with("Since their return to power, the terror regime of the Taliban")
    );
    assert_eq!(article.meta.authors, ["Mansoor Hussein Ayobi"]);
    assert_eq!(article.meta.editors, ["Reed McIntire"]);
    assert_eq!(article.meta.photo_credits, ["Farid Ershad, Unsplash"]);
    assert_eq!(article.meta.date, None, "a date in the running text is not the publication date");
    assert_eq!(
        first_sentence(article),
        "Since their return to power, the terror regime of the Taliban has not demonstrated any change in its policies."
    );
    assert_eq!(
        last_sentence(article),
        "Engagement with them as partners, and including them in all international political efforts can offer new possibilities to effectively counteract Taliban’s stubbornness, paving the way to the end of their inhumane policies inflicted upon the people of Afghanistan."
    );
    assert!(!article.body.contains("Written by") && !article.body.contains("Photo credit"));
    assert!(
        article.body.contains("the UN Women report from 24 February 2024 is the latest"),
        "runs of spaces collapse"
    );
    assert_no_debris(article);
}

#[test]
fn all_seeds_import_to_thirteen_articles() {
    let total: usize = [
        "000_cf0a73f5666d7826.txt",
        "001_f62552b4376e47fb.txt",
        "002_db16d22faedbc4ee.txt",
        "003_b233b82db75e0c8f.txt",
    ]
    .iter()
    .map(|name| import_seed(name).len())
    .sum();
    assert_eq!(total, 13);
}
