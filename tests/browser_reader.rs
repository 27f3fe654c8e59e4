//! What a reader sees of "who is who" and of an entity's mentions, in headless Chromium over a
//! small made-up archive: the hover card of a mention says who the entity is (a description
//! the archive itself gives), the entity page groups its passages by article, newest first,
//! each sentence once with every mention in it marked, and the entity index shows the
//! description under the name. In the bundled site, only an entity's first mention in an
//! article is underlined.
//!
//! Needs Chromium (see `tests/browser/mod.rs`).

mod browser;

use std::path::Path;
use std::process::Command;

use serde_json::json;

const CONFIG: &str = r#"title = "Brill Harbour Gazette"
description = "Made-up news from a made-up harbour, for testing gloss."
base_url = "https://gazette.example.org/"
language = "en"
"#;

/// A person no one wrote a line for: the archive describes her twice, the same way.
const JO_BLOGGS: &str = "---\nname: Jo Bloggs\nkind: person\naliases: [Bloggs]\n---\n";
const BRILL: &str = "---\nname: Brill\nkind: place\n---\n";

/// Three dated articles, written out of date order: two give the same description of Jo
/// Bloggs; one sentence mentions her twice, one paragraph mentions her in two sentences.
const ARTICLES: &[(&str, &str)] = &[
    (
        "regatta-results",
        "---\ntitle: \"Regatta Results\"\ndate: 2023-08-12\n---\n\
The summer regatta drew forty boats. [[Bloggs]] handed out the prizes, and [[Bloggs]] thanked \
the rowers.\n",
    ),
    (
        "fog-delays-ferries",
        "---\ntitle: \"Fog Delays the Morning Ferries\"\ndate: 2024-03-02\n---\n\
Thick fog closed the channel at dawn. [[Jo Bloggs]], the harbour board's chief pilot, said the \
first boats would wait until noon.\n\n\
[[Bloggs]] added that [[Brill]] had not seen such fog since 2019. The pilots of [[Brill]] agreed \
with [[Bloggs]] on the delay.\n",
    ),
    (
        "new-pilot-boat",
        "---\ntitle: \"A New Pilot Boat for the Harbour\"\ndate: 2024-05-20\n---\n\
The harbour board bought a new pilot boat this spring. [[Jo Bloggs]], the harbour board's chief \
pilot, said it would be faster in rough water.\n\nCrews in [[Brill]] painted it blue.\n",
    ),
];

/// Reads, as a reader would, an article's hover card (by keyboard focus and by pointer), the
/// entity page's passages and the entity index's entry.
const PROBE: &str = r##"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="article" src="/articles/fog-delays-ferries/" style="width:1000px;height:700px"></iframe>
<iframe id="entity" src="/entities/jo-bloggs/" style="width:1000px;height:700px"></iframe>
<iframe id="index" src="/entities/" style="width:1000px;height:700px"></iframe>
<script type="module">
const sleep = ms => new Promise(r => setTimeout(r, ms));
const loaded = frame => new Promise(r =>
  frame.contentDocument && frame.contentDocument.readyState === "complete" && frame.contentWindow.location.href !== "about:blank"
    ? r() : frame.addEventListener("load", r, { once: true }));
const text = el => el ? el.textContent.replace(/\s+/g, " ").trim() : null;
const visible = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
const out = {};
try {
  const article = document.getElementById("article");
  await loaded(article);
  const doc = article.contentDocument;
  const popover = () => doc.getElementById("gloss-popover");
  // The card is fetched on first use: wait for it (up to 4 s).
  const card = async () => {
    for (let i = 0; i < 200 && (!popover() || popover().hidden); i++) await sleep(20);
    const box = popover();
    if (!box || box.hidden) return null;
    return {
      text: text(box),
      who: text(box.querySelector(".popover-who")),
      whoVisible: visible(box.querySelector(".popover-who")),
      source: text(box.querySelector(".popover-source")),
    };
  };
  const hide = () => doc.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
  article.contentWindow.focus();
  doc.querySelector("a.mention[data-entity=jo-bloggs]").focus();
  out.focusCard = await card();
  hide();
  doc.querySelector("a.mention[data-entity=jo-bloggs]").dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
  out.hoverCard = await card();
  hide();

  const entity = document.getElementById("entity");
  await loaded(entity);
  const page = entity.contentDocument;
  out.who = text(page.querySelector(".entity-header .who"));
  out.whoVisible = visible(page.querySelector(".entity-header .who"));
  out.groups = [...page.querySelectorAll(".mention-articles > li")].map(li => ({
    link: li.querySelector("h3 a").getAttribute("href"),
    title: text(li.querySelector("h3")),
    date: li.querySelector("time") && li.querySelector("time").getAttribute("datetime"),
    passages: [...li.querySelectorAll(".mention-contexts > li")].map(p => ({
      text: text(p),
      marks: [...p.querySelectorAll("mark")].map(text),
      visible: visible(p),
    })),
  }));

  const index = document.getElementById("index");
  await loaded(index);
  const list = index.contentDocument;
  const name = list.querySelector("a[href='/entities/jo-bloggs/']");
  const brief = name.closest("li").querySelector(".who-brief");
  out.indexWho = text(brief);
  // Under the name: the line starts below the name's top edge (not beside it on one line).
  out.indexWhoBelowName = !!brief && brief.getBoundingClientRect().top >= name.getBoundingClientRect().bottom - 1;
  const place = list.querySelector("a[href='/entities/brill/']").closest("li");
  out.placeWho = text(place.querySelector(".who-brief"));
} catch (e) { out.error = String(e.stack || e); }
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>"##;

fn build_site(root: &Path, jo_bloggs: &str) {
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("gloss.toml", CONFIG);
    write("content/entities/jo-bloggs.md", jo_bloggs);
    write("content/entities/brill.md", BRILL);
    for (slug, text) in ARTICLES {
        write(&format!("content/articles/{slug}.md"), text);
    }
    let output =
        Command::new(env!("CARGO_BIN_EXE_gloss")).arg("build").current_dir(root).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// Builds the archive with `jo_bloggs` as her entity file and runs the probe over it.
fn seen_by_a_reader(jo_bloggs: &str) -> Option<serde_json::Value> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    build_site(&root, jo_bloggs);
    let dist = root.join("dist");
    std::fs::write(dist.join("probe.html"), PROBE).unwrap();
    let seen = browser::run_probe(dist, "/probe.html", 1100)?;
    assert!(seen["error"].is_null(), "{seen:#}");
    Some(seen)
}

#[test]
fn readers_learn_who_is_who_and_read_an_entitys_passages_by_article() {
    let Some(seen) = seen_by_a_reader(JO_BLOGGS) else { return };

    // The hover card, by keyboard and by pointer, says who she is and which article says so.
    let who = "the harbour board’s chief pilot";
    for card in [&seen["focusCard"], &seen["hoverCard"]] {
        assert!(card.is_object(), "no card shown: {seen:#}");
        assert!(card["text"].as_str().unwrap().contains("Jo Bloggs"), "{seen:#}");
        assert_eq!(card["who"], who, "{seen:#}");
        assert_eq!(card["whoVisible"], true, "{seen:#}");
        assert!(
            card["source"].as_str().unwrap().contains("A New Pilot Boat for the Harbour"),
            "the newest article giving the line: {seen:#}"
        );
    }

    // The entity page says it too, under her name.
    assert!(seen["who"].as_str().unwrap().starts_with(who), "{seen:#}");
    assert_eq!(seen["whoVisible"], true);

    // Passages grouped by article, newest first, each sentence once, every mention marked.
    let passage =
        |text: &str, marks: &[&str]| json!({ "text": text, "marks": marks, "visible": true });
    assert_eq!(
        seen["groups"],
        json!([
            {
                "link": "/articles/new-pilot-boat/",
                "title": "A New Pilot Boat for the Harbour",
                "date": "2024-05-20",
                "passages": [passage(
                    "Jo Bloggs, the harbour board’s chief pilot, said it would be faster in rough water.",
                    &["Jo Bloggs"],
                )],
            },
            {
                "link": "/articles/fog-delays-ferries/",
                "title": "Fog Delays the Morning Ferries",
                "date": "2024-03-02",
                "passages": [
                    passage(
                        "Jo Bloggs, the harbour board’s chief pilot, said the first boats would wait until noon.",
                        &["Jo Bloggs"],
                    ),
                    passage("Bloggs added that Brill had not seen such fog since 2019.", &["Bloggs"]),
                    passage("The pilots of Brill agreed with Bloggs on the delay.", &["Bloggs"]),
                ],
            },
            {
                "link": "/articles/regatta-results/",
                "title": "Regatta Results",
                "date": "2023-08-12",
                "passages": [passage(
                    "Bloggs handed out the prizes, and Bloggs thanked the rowers.",
                    &["Bloggs", "Bloggs"],
                )],
            },
        ]),
        "{seen:#}"
    );

    // The entity index: the line under her name; none for a place no article describes.
    assert_eq!(seen["indexWho"], who, "{seen:#}");
    assert_eq!(seen["indexWhoBelowName"], true, "the line sits beside the name: {seen:#}");
    assert!(seen["placeWho"].is_null(), "{seen:#}");
}

#[test]
fn a_line_a_person_wrote_wins_over_the_archives() {
    let written = "Chief pilot of Brill since 2010";
    let entity =
        format!("---\nname: Jo Bloggs\nkind: person\naliases: [Bloggs]\nsummary: {written}\n---\n");
    let Some(seen) = seen_by_a_reader(&entity) else { return };
    for card in [&seen["focusCard"], &seen["hoverCard"]] {
        assert_eq!(card["who"], written, "{seen:#}");
        assert!(card["source"].is_null(), "no article said it: {seen:#}");
    }
    assert_eq!(seen["who"], written, "{seen:#}");
    assert_eq!(seen["indexWho"], written, "{seen:#}");
}

/// Counts, in an article of the bundled site as Chromium draws it, the mentions of each entity
/// that show a line under them (an underline or a visible bottom border).
const UNDERLINE_PROBE: &str = r##"<!doctype html><html><body><pre id="out">pending</pre>
<iframe id="page" src="ARTICLE" style="width:1366px;height:800px;border:0"></iframe>
<script type="module">
const out = {};
try {
  const frame = document.getElementById("page");
  await new Promise(r => frame.contentDocument && frame.contentDocument.readyState === "complete" && frame.contentWindow.location.href !== "about:blank" ? r() : frame.addEventListener("load", r, { once: true }));
  const doc = frame.contentDocument, view = frame.contentWindow;
  const lined = {}, all = {};
  for (const m of doc.querySelectorAll(".article-body [data-entity]")) {
    const style = view.getComputedStyle(m), id = m.dataset.entity;
    const border = parseFloat(style.borderBottomWidth) > 0 && style.borderBottomStyle !== "none"
      && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(style.borderBottomColor);
    const underline = style.textDecorationLine.includes("underline");
    all[id] = (all[id] || 0) + 1;
    if (border || underline) lined[id] = (lined[id] || 0) + 1;
  }
  out.lined = lined; out.all = all;
} catch (e) { out.error = String(e.stack || e); }
document.getElementById("out").textContent = JSON.stringify(out);
</script></body></html>"##;

#[test]
fn only_the_first_mention_of_an_entity_is_underlined() {
    let (_site, dist) = browser::built_bundled_site();
    let article =
        "/articles/birds-of-a-feather-in-ideology-what-is-the-relationship-between-the-islamic/";
    std::fs::write(dist.join("probe.html"), UNDERLINE_PROBE.replace("ARTICLE", article)).unwrap();
    let Some(seen) = browser::run_probe(dist, "/probe.html", 1366) else { return };
    assert!(seen["error"].is_null(), "{seen:#}");
    let all = seen["all"].as_object().unwrap();
    // The article mentions some entity more than once, or the test proves nothing.
    assert!(all.values().any(|n| n.as_u64().unwrap() > 1), "{seen:#}");
    for (id, lined) in seen["lined"].as_object().unwrap() {
        assert_eq!(lined, 1, "{id} is underlined more than once: {seen:#}");
    }
    assert_eq!(seen["lined"].as_object().unwrap().len(), all.len(), "each first mention: {seen:#}");
}
