//! Search over the bundled archive as a reader uses it, in headless Chromium: a list of
//! queries, written from what the bundled articles say, with the results a reader expects.
//! Names come first (an entity's aliases and spellings find it and its articles, the entity
//! page on top), case, punctuation and accents do not matter, and each result shows the
//! passage that matched with the match marked.

mod browser;

use std::collections::BTreeMap;

const TALIBAN: &[&str] = &[
    "anti-taliban-resistance-unites",
    "afghanistan-journalists-center-confirms-release-of-seven-arezo-tv-employees-from",
    "behind-afghanistan-s-fall-u-s-backed-militias-worse-than-the-taliban",
    "birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic",
    "in-afghanistan-trump-will-have-to-play-a-balancing-game",
    "neglected-in-these-analyses-are-the-many-men-who-have-spoken-up-for-women-s",
    "saudi-embassy-resumes-operations-in-kabul-after-one-year-hiatus",
    "since-their-return-to-power-the-terror-regime-of-the-taliban-has-not",
    "taliban-accuse-pakistan-of-conducting-strikes-inside-afghanistan",
];
const UNITED_STATES: &[&str] = &[
    "anti-taliban-resistance-unites",
    "behind-afghanistan-s-fall-u-s-backed-militias-worse-than-the-taliban",
    "birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic",
    "in-afghanistan-trump-will-have-to-play-a-balancing-game",
    "neglected-in-these-analyses-are-the-many-men-who-have-spoken-up-for-women-s",
    "stanikzai-calls-for-regional-unity-against-west",
];
const ISLAMIC_EMIRATE: &[&str] = &[
    "birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic",
    "new-restrictions-in-iran-pose-challenge-for-afghan-refugees",
    "stanikzai-calls-for-regional-unity-against-west",
    "taliban-accuse-pakistan-of-conducting-strikes-inside-afghanistan",
];
const BIRDS: &str = "birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic";
const MUJAHID: &[&str] = &[BIRDS, "new-restrictions-in-iran-pose-challenge-for-afghan-refugees"];
const TRUMP: &[&str] = &[
    "behind-afghanistan-s-fall-u-s-backed-militias-worse-than-the-taliban",
    "in-afghanistan-trump-will-have-to-play-a-balancing-game",
];
const NRF: &[&str] = &[
    "anti-taliban-resistance-unites",
    "since-their-return-to-power-the-terror-regime-of-the-taliban-has-not",
];
const HAQQANI: &[&str] =
    &[BIRDS, "taliban-accuse-pakistan-of-conducting-strikes-inside-afghanistan"];
const UN_WOMEN_BUSINESSES: &str =
    "un-supports-over-80-000-women-led-small-businesses-in-afghanistan";
const GREEK: &str =
    "greek-authorities-say-boat-capsizing-victims-and-survivors-were-from-afghanistan";
const SAUDI: &str = "saudi-embassy-resumes-operations-in-kabul-after-one-year-hiatus";

/// A query and what the reader expects: the first result (an entity page or article), the
/// articles that must be among the results, and whether nothing may be found.
struct Expected {
    query: &'static str,
    first: Option<&'static str>,
    articles: &'static [&'static str],
    none: bool,
}

const fn entity_first(
    query: &'static str,
    entity: &'static str,
    articles: &'static [&'static str],
) -> Expected {
    Expected { query, first: Some(entity), articles, none: false }
}

const fn finds(query: &'static str, articles: &'static [&'static str]) -> Expected {
    Expected { query, first: None, articles, none: false }
}

const QUERIES: &[Expected] = &[
    // An entity's name, any alias or spelling, in any case: the entity, then every article
    // mentioning it, whatever spelling the article itself uses.
    entity_first("Taleban", "/entities/taliban/", TALIBAN),
    entity_first("taliban", "/entities/taliban/", TALIBAN),
    entity_first("TALIBAN", "/entities/taliban/", TALIBAN),
    entity_first("U.S.", "/entities/united-states/", UNITED_STATES),
    entity_first("US", "/entities/united-states/", UNITED_STATES),
    entity_first("usa", "/entities/united-states/", UNITED_STATES),
    entity_first("America", "/entities/united-states/", UNITED_STATES),
    entity_first("Mujahed", "/entities/zabihullah-mujahid/", MUJAHID),
    entity_first("Zabihullah Mujahed", "/entities/zabihullah-mujahid/", MUJAHID),
    entity_first("zabihullah mujahid", "/entities/zabihullah-mujahid/", MUJAHID),
    entity_first("Islamic Emirate", "/entities/islamic-emirate/", ISLAMIC_EMIRATE),
    entity_first("IEA", "/entities/islamic-emirate/", ISLAMIC_EMIRATE),
    entity_first("Trump", "/entities/donald-j-trump/", TRUMP),
    entity_first("Donald Trump", "/entities/donald-j-trump/", TRUMP),
    entity_first("NRF", "/entities/national-resistance-front/", NRF),
    entity_first("Sirajuddin Haqqani", "/entities/serajuddin-haqqani/", HAQQANI),
    entity_first("Mutaqqi", "/entities/amir-khan-muttaqi/", HAQQANI),
    entity_first("Haniyah", "/entities/ismail-haniyeh/", &[BIRDS]),
    // Accents fold either way.
    entity_first(
        "Sinirlioglu",
        "/entities/feridun-sinirlioglu/",
        &["anti-taliban-resistance-unites"],
    ),
    entity_first(
        "Sinirlioğlu",
        "/entities/feridun-sinirlioglu/",
        &["anti-taliban-resistance-unites"],
    ),
    // Acronyms and the names they stand for.
    entity_first(
        "AFJC",
        "/entities/afghanistan-journalists-center/",
        &[
            BIRDS,
            "afghanistan-journalists-center-confirms-release-of-seven-arezo-tv-employees-from",
        ],
    ),
    entity_first(
        "Afghanistan Journalists Center",
        "/entities/afghanistan-journalists-center/",
        &[BIRDS],
    ),
    entity_first("UNDP", "/entities/united-nations-development-programme/", &[UN_WOMEN_BUSINESSES]),
    entity_first(
        "United Nations Development Programme",
        "/entities/united-nations-development-programme/",
        &[UN_WOMEN_BUSINESSES],
    ),
    entity_first(
        "WILPF",
        "/entities/women-s-international-league-for-peace-and-freedom/",
        &["neglected-in-these-analyses-are-the-many-men-who-have-spoken-up-for-women-s"],
    ),
    entity_first("Gaza Strip", "/entities/gaza/", &[BIRDS]),
    entity_first(
        "Kunduz City",
        "/entities/kunduz/",
        &["behind-afghanistan-s-fall-u-s-backed-militias-worse-than-the-taliban"],
    ),
    entity_first(
        "Arezo TV",
        "/entities/arezo-tv/",
        &["afghanistan-journalists-center-confirms-release-of-seven-arezo-tv-employees-from"],
    ),
    // A source and plain words.
    finds("Afghanistan Analysts Network", &[BIRDS]),
    entity_first("Saudi embassy", "/entities/saudi-embassy/", &[SAUDI]),
    Expected { query: "boat capsizing", first: Some(GREEK), articles: &[GREEK], none: false },
    finds("Greek coast guard", &[GREEK]),
    finds("women-led businesses", &[UN_WOMEN_BUSINESSES]),
    finds("80,000", &[UN_WOMEN_BUSINESSES]),
    // The last word while typing is the start of a word.
    finds("Stanik", &["stanikzai-calls-for-regional-unity-against-west"]),
    Expected { query: "zeppelin harbour", first: None, articles: &[], none: true },
];

/// Types each query into the search box and reads every result (pressing "More results" until
/// all are shown): link, title marks, excerpt, excerpt marks.
const PROBE: &str = r##"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="search" src="/search/"></iframe>
<script type="module">
const sleep = ms => new Promise(r => setTimeout(r, ms));
const out = {};
try {
  const frame = document.getElementById("search");
  await new Promise(r => frame.contentDocument && frame.contentDocument.readyState === "complete" && frame.contentWindow.location.href !== "about:blank" ? r() : frame.addEventListener("load", r, { once: true }));
  const doc = frame.contentDocument;
  out.searchBoxes = doc.querySelectorAll("input[type=search]").length;
  for (const query of QUERIES) {
    const input = doc.getElementById("search-q");
    input.value = query;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const status = () => doc.querySelector(".search-status").textContent;
    for (let i = 0; i < 400 && !status().includes("\u201c" + query + "\u201d"); i++) await sleep(25);
    const more = doc.querySelector(".search-more");
    for (let i = 0; i < 20 && !more.hidden; i++) {
      const shown = doc.querySelectorAll("#search-results > li").length;
      more.click();
      for (let k = 0; k < 200 && doc.querySelectorAll("#search-results > li").length === shown; k++) await sleep(25);
    }
    out[query] = {
      status: status(),
      results: [...doc.querySelectorAll("#search-results > li")].map(li => ({
        href: li.querySelector("h2 a").getAttribute("href"),
        titleMarks: [...li.querySelectorAll("h2 mark")].map(m => m.textContent),
        excerpt: (li.querySelector(".search-result-excerpt") || {}).textContent || "",
        marks: [...li.querySelectorAll(".search-result-excerpt mark")].map(m => m.textContent),
      })),
    };
  }
} catch (e) { out.error = String(e.stack || e); }
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>"##;

#[test]
fn the_query_list_finds_what_a_reader_expects() {
    assert!(QUERIES.len() >= 30);
    let (_site, dist) = browser::built_bundled_site();
    let queries: Vec<&str> = QUERIES.iter().map(|q| q.query).collect();
    let probe = PROBE.replace("QUERIES", &serde_json::to_string(&queries).unwrap());
    std::fs::write(dist.join("probe.html"), probe).unwrap();
    let Some(seen) = browser::run_probe(dist, "/probe.html", 1280) else { return };
    assert!(seen["error"].is_null(), "{seen}");
    assert_eq!(seen["searchBoxes"], 1, "one search box on the search page");
    let mut failures: BTreeMap<&str, String> = BTreeMap::new();
    for expected in QUERIES {
        let found = &seen[expected.query];
        let results = found["results"].as_array().cloned().unwrap_or_default();
        let links: Vec<&str> = results.iter().filter_map(|r| r["href"].as_str()).collect();
        let mut fail = |why: String| {
            failures.insert(
                expected.query,
                format!("{why}\n    status: {}\n    got: {links:?}", found["status"]),
            );
        };
        if expected.none {
            if !links.is_empty() {
                fail("expected nothing".into());
            }
            continue;
        }
        // An article expected first is named by its slug.
        let article = expected.first.map(|slug| format!("/articles/{slug}/"));
        if let Some(first) = expected.first
            && links.first() != Some(&first)
            && links.first().copied() != article.as_deref()
        {
            fail(format!("expected {first} first"));
            continue;
        }
        let missing: Vec<&str> = expected
            .articles
            .iter()
            .copied()
            .filter(|slug| !links.contains(&format!("/articles/{slug}/").as_str()))
            .collect();
        if !missing.is_empty() {
            fail(format!("missing {missing:?}"));
            continue;
        }
        // Each of the first results shows where it matched: a word marked in its title or in
        // the passage shown, which is not simply the article's opening when the match is
        // further on.
        for result in results.iter().take(5) {
            let marked = !result["marks"].as_array().unwrap().is_empty()
                || !result["titleMarks"].as_array().unwrap().is_empty();
            if !marked {
                fail(format!("nothing marked in {}: {:?}", result["href"], result["excerpt"]));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries failed:\n{}",
        failures.len(),
        QUERIES.len(),
        failures.iter().map(|(q, why)| format!("  {q:?}: {why}")).collect::<Vec<_>>().join("\n")
    );

    // A spelling the article does not use finds it, and its passage marks the name it uses.
    let taleban = &seen["Taleban"]["results"];
    let saudi = taleban
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["href"] == format!("/articles/{SAUDI}/"))
        .unwrap();
    assert!(saudi["marks"].as_array().unwrap().iter().any(|m| m == "Taliban"), "{saudi}");
    // The passage is the one that matched, not the opening sentence.
    let capsizing = &seen["boat capsizing"]["results"][0];
    let marks: Vec<String> = capsizing["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_lowercase())
        .collect();
    assert!(
        marks.contains(&"capsizing".to_string()) || marks.contains(&"boat".to_string()),
        "{capsizing}"
    );
}
