//! Whole-pipeline import tests over made-up raw inputs (`tests/fixtures/import/`), one of each
//! kind, imported into a temporary site: what lands in `content/articles/`, how re-imports,
//! edits, `--force`, bad files and hostile text are handled.

use std::path::{Path, PathBuf};

use gloss::config::Config;
use gloss::diagnostics::Category;
use gloss::import::{ImportOptions, ImportReport, run_import};

struct Site {
    dir: tempfile::TempDir,
    config: Config,
}

impl Site {
    /// A site whose `content/sources/` holds the given fixtures.
    fn with_sources(fixtures: &[&str]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let sources = dir.path().join("content/sources");
        std::fs::create_dir_all(&sources).unwrap();
        for name in fixtures {
            let from =
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name);
            std::fs::copy(from, sources.join(name)).unwrap();
        }
        let config = Config::load(dir.path()).unwrap();
        Site { dir, config }
    }

    fn import(&self, force: bool) -> ImportReport {
        run_import(&self.config, &ImportOptions { force, ..ImportOptions::default() }).unwrap()
    }

    fn article(&self, slug: &str) -> String {
        std::fs::read_to_string(self.article_path(slug))
            .unwrap_or_else(|_| panic!("no article {slug}; have {:?}", self.slugs()))
    }

    fn article_path(&self, slug: &str) -> PathBuf {
        self.config.articles_dir().join(format!("{slug}.md"))
    }

    fn slugs(&self) -> Vec<String> {
        let mut slugs: Vec<String> = std::fs::read_dir(self.config.articles_dir())
            .map(|entries| {
                entries
                    .map(|e| {
                        e.unwrap().file_name().to_string_lossy().trim_end_matches(".md").to_string()
                    })
                    .collect()
            })
            .unwrap_or_default();
        slugs.sort();
        slugs
    }

    fn write_source(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.config.sources_dir().join(name), bytes).unwrap();
    }
}

#[test]
fn imports_each_kind_of_input_into_articles() {
    let site =
        Site::with_sources(&["report.txt", "listing.txt", "web_article.txt", "untitled.txt"]);
    let report = site.import(false);
    assert_eq!((report.files, report.articles, report.footnotes), (4, 6, 4));
    assert_eq!(
        report.summary(false),
        "imported 4 files → 6 articles, 4 footnotes (6 written, 0 unchanged)"
    );
    assert_eq!(
        site.slugs(),
        [
            "bridge-over-the-kunar-reopens-after-repairs",
            "farmers-plant-early-as-spring-comes",
            "how-the-valley-kept-its-orchards-alive",
            "new-school-opens-in-herat",
            "river-survey-2023",
            "since-the-river-changed-its-course-the-villages-on-its-old-bank-have-had-to",
        ]
    );
    assert!(report.diagnostics.iter().all(|d| !d.is_error()), "{:?}", report.diagnostics);
}

#[test]
fn report_is_reflowed_with_headings_lists_asides_and_footnotes() {
    let site = Site::with_sources(&["report.txt"]);
    site.import(false);
    let text = site.article("river-survey-2023");
    assert!(
        text.starts_with(
            "---\ntitle: RIVER SURVEY 2023\nsource_file: report.txt\nsource_part: 1\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("an earlier study[^1] had already\npredicted".replace('\n', " ").as_str())
    );
    assert!(text.contains("Farmers said the co-operative had warned them"));
    assert!(text.contains("planting well-known drought crops"));
    assert!(
        text.contains("the local organisation that runs the seed bank"),
        "a layout break is closed up when the text spells the word whole"
    );
    assert!(text.contains("\n## 03 WHAT THE FARMERS SAID\n"));
    assert!(text.contains("\n> Rivers run dry before the farmers can plant again.\n"));
    assert!(text.contains("\n- Wells in the upper valley were dry by August.\n- Wells in the lower valley held water until the end of September, when the first storms came.\n"));
    assert!(
        !text.contains("River Survey 2023") && !text.contains(" 14") && !text.contains("\n15"),
        "running heads and page numbers go"
    );
    assert!(
        text.contains("one in five had gone to the city.\\[3\\]"),
        "a marker without note text stays visible"
    );
    assert!(
        text.contains("\n[^1]: Haddad, L (2019). Water in the northern valleys. Valley Press.\n")
    );
    assert!(text.ends_with(
        "[^2]: Farmers' Union (2022). Annual letter. <https://example.org/letters/annual-2022>\n"
    ));
}

#[test]
fn bracketed_markers_and_a_wrapped_reference_list_become_footnotes() {
    let site = Site::with_sources(&["bracketed_notes.txt"]);
    let report = site.import(false);
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let text = site.article("wells-run-dry-in-the-upper-valley");
    assert!(text.contains("could remember.[^1] Officials said"), "{text}");
    assert!(text.contains("small.[^2]\n\nA second survey"), "{text}");
    assert!(
        text.contains("[^1]: See Eastern Review, \"About the wells\", 17 October, <https://reports.example.org/2016>.\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "27 September, <https://reports.example.org/2004>. The figures are estimates."
        ),
        "{text}"
    );
    assert!(!text.contains("References"), "{text}");
}

#[test]
fn missing_note_text_is_reported_with_file_and_line() {
    let site = Site::with_sources(&["report.txt"]);
    let report = site.import(false);
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.category == Category::Footnote)
        .expect("a footnote warning");
    let location = warning.location.as_ref().unwrap();
    assert_eq!(location.file, Path::new("content/sources/report.txt"));
    assert_eq!(location.line, 27);
    assert!(warning.message.contains("marker 3"), "{warning}");
}

#[test]
fn listing_items_get_their_own_metadata() {
    let site = Site::with_sources(&["listing.txt"]);
    site.import(false);
    let bridge = site.article("bridge-over-the-kunar-reopens-after-repairs");
    assert!(bridge.contains("date: 2024-03-12\nsource: Valley News Network\nsource_file: listing.txt\nsource_part: 1\n"), "{bridge}");
    assert!(!bridge.contains("Advertisement") && !bridge.contains("Read more"));
    assert!(
        bridge
            .trim_end()
            .ends_with("Traders said the closure had doubled the price of flour in the district.")
    );
    let school = site.article("new-school-opens-in-herat");
    assert!(
        school.contains("date: 2024-03-14\nauthors:\n- Sara Karimi\n- Ali Rezai\n"),
        "{school}"
    );
    assert!(school.contains("photo_credits:\n- Omid Noori\n"));
    assert!(school.contains("\n*Two pupils in the new library. (Photo: Omid Noori)*\n"));
    let farmers = site.article("farmers-plant-early-as-spring-comes");
    assert_eq!(
        farmers.matches("began planting wheat").count(),
        1,
        "a repeated standfirst is kept once"
    );
    assert!(farmers.contains("source_part: 3"));
}

#[test]
fn web_article_references_captions_and_byline() {
    let site = Site::with_sources(&["web_article.txt"]);
    site.import(false);
    let text = site.article("how-the-valley-kept-its-orchards-alive");
    assert!(text.contains("authors:\n- Amina Siddiqi\neditors:\n- Rahim Qadiri\n- Lena Hoff\nsource: Institute for Mountain Studies\n"), "{text}");
    assert!(text.contains("photo_credits:\n- Farid Nazari, 2 June 2023\n"));
    assert!(text.contains(
        "\n*Two growers inspect apricot trees near the spring. Photo: Farid Nazari, 2 June 2023.*\n"
    ));
    assert!(text.contains("\n## The spring and the orchards\n"));
    assert!(text.contains("from a single spring.[^1] This is"));
    assert!(text.contains("replanted with hardier trees.\\[3\\]"));
    assert!(text.contains("[^1]: Valley water records, 2020–2023, held by the district office. See <https://example.org/records>.\n"));
    for debris in
        ["print sharing button", "Previous", "Next", "An Earlier Story", "References", "Edited by"]
    {
        assert!(!text.contains(debris), "{debris} left in:\n{text}");
    }
}

#[test]
fn untitled_article_gets_inferred_title_and_footer_credits() {
    let site = Site::with_sources(&["untitled.txt"]);
    site.import(false);
    let text =
        site.article("since-the-river-changed-its-course-the-villages-on-its-old-bank-have-had-to");
    assert!(
        text.contains("title_inferred: true\nauthors:\n- Nadia Rahimi\neditors:\n- Tom Becker\n"),
        "{text}"
    );
    assert!(text.contains("photo_credits:\n- Karim Aziz, Unsplash\n"));
    assert!(
        text.trim_end()
            .ends_with("Residents said they would raise the issue again at the next meeting.")
    );
}

#[test]
fn importing_twice_gives_identical_bytes_and_rewrites_nothing() {
    let site =
        Site::with_sources(&["report.txt", "listing.txt", "web_article.txt", "untitled.txt"]);
    site.import(false);
    let first: Vec<(String, String)> =
        site.slugs().into_iter().map(|s| (s.clone(), site.article(&s))).collect();
    let modified =
        std::fs::metadata(site.article_path("river-survey-2023")).unwrap().modified().unwrap();
    let report = site.import(false);
    assert_eq!((report.written.len(), report.unchanged), (0, 6));
    let second: Vec<(String, String)> =
        site.slugs().into_iter().map(|s| (s.clone(), site.article(&s))).collect();
    assert_eq!(first, second);
    assert_eq!(
        std::fs::metadata(site.article_path("river-survey-2023")).unwrap().modified().unwrap(),
        modified
    );
}

#[test]
fn edited_article_is_kept_without_force_and_backed_up_with_it() {
    let site = Site::with_sources(&["untitled.txt"]);
    site.import(false);
    let slug = "since-the-river-changed-its-course-the-villages-on-its-old-bank-have-had-to";
    let edited = site.article(slug).replace("Residents said", "Residents (an editor checked) said");
    std::fs::write(site.article_path(slug), &edited).unwrap();
    // The source changes too, so the import would write something new.
    let source = std::fs::read_to_string(site.config.sources_dir().join("untitled.txt")).unwrap();
    site.write_source("untitled.txt", source.replace("doubled", "tripled").as_bytes());

    let report = site.import(false);
    assert_eq!(site.article(slug), edited, "a person's edit is not overwritten");
    let error = report.diagnostics.iter().find(|d| d.is_error()).expect("refusal is an error");
    assert_eq!(error.category, Category::EditedArticle);
    assert!(error.message.contains("--force"));

    let report = site.import(true);
    assert!(site.article(slug).contains("tripled"));
    assert_eq!(report.backed_up.len(), 1);
    let backup = &report.backed_up[0].1;
    assert!(backup.starts_with(site.dir.path().join("content/.gloss/backup")));
    assert_eq!(std::fs::read_to_string(backup).unwrap(), edited);
}

#[test]
fn dry_run_writes_nothing() {
    let site = Site::with_sources(&["listing.txt"]);
    let report =
        run_import(&site.config, &ImportOptions { dry_run: true, ..ImportOptions::default() })
            .unwrap();
    assert_eq!(report.written.len(), 3);
    assert!(report.summary(true).starts_with("would import 1 file → 3 articles"));
    assert!(site.slugs().is_empty());
    assert!(!site.dir.path().join("content/.gloss/ledger.json").exists());
}

#[test]
fn retitled_source_replaces_its_old_untouched_article() {
    let site = Site::with_sources(&["web_article.txt"]);
    site.import(false);
    let source =
        std::fs::read_to_string(site.config.sources_dir().join("web_article.txt")).unwrap();
    site.write_source(
        "web_article.txt",
        source.replace("How the valley kept", "How the hill kept").as_bytes(),
    );
    let report = site.import(false);
    assert_eq!(site.slugs(), ["how-the-hill-kept-its-orchards-alive"]);
    assert_eq!(report.removed.len(), 1);
}

#[test]
fn source_that_turns_unreadable_keeps_its_articles() {
    let site = Site::with_sources(&["untitled.txt"]);
    site.import(false);
    let before = site.slugs();
    site.write_source("untitled.txt", b"\0\0\0binary now");
    let report = site.import(false);
    assert_eq!(site.slugs(), before, "a file that cannot be read loses nothing");
    assert!(report.removed.is_empty());
    assert!(
        report.diagnostics.iter().any(|d| d.is_error() && d.category == Category::UnreadableSource)
    );
}

#[test]
fn same_title_in_two_sources_gets_distinct_stable_slugs() {
    let site = Site::with_sources(&[]);
    site.write_source(
        "a.txt",
        b"Water Returns\n\nThe river came back to the valley this spring.\n",
    );
    site.write_source("b.txt", b"Water Returns\n\nThe wells of the town filled again in May.\n");
    site.import(false);
    assert_eq!(site.slugs(), ["water-returns", "water-returns-b-1"]);
    site.import(false);
    assert_eq!(site.slugs(), ["water-returns", "water-returns-b-1"]);
    assert!(site.article("water-returns-b-1").contains("The wells of the town"));
}

#[test]
fn reads_other_encodings_and_refuses_binary_and_empty_files() {
    let site = Site::with_sources(&[]);
    site.write_source(
        "latin.txt",
        b"Caf\xe9 Owners Protest\n\nThe owners of the caf\xe9s said \x93no\x94 to the new tax.\n",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Kabul Café Reopens\n\nThe café reopened on Friday.\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    site.write_source("wide.txt", &utf16);
    site.write_source(
        "bom.txt",
        "\u{feff}Bom Title Here\n\nThe text follows the title.\n".as_bytes(),
    );
    site.write_source("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    site.write_source("empty.txt", b"  \n\n");
    let report = site.import(false);

    assert_eq!(report.articles, 3);
    assert!(
        site.article("cafe-owners-protest")
            .contains("The owners of the cafés said “no” to the new tax.")
    );
    assert!(site.article("kabul-cafe-reopens").contains("title: Kabul Café Reopens"));
    assert!(site.article("bom-title-here").starts_with("---\ntitle: Bom Title Here\n"));
    let named = |category: Category, file: &str| {
        report.diagnostics.iter().any(|d| {
            d.category == category && d.location.as_ref().is_some_and(|l| l.file.ends_with(file))
        })
    };
    assert!(named(Category::Encoding, "latin.txt"), "Latin-1 is read with a warning");
    assert!(
        named(Category::UnreadableSource, "image.txt")
            && named(Category::UnreadableSource, "empty.txt")
    );
    let binary = report
        .diagnostics
        .iter()
        .find(|d| d.location.as_ref().is_some_and(|l| l.file.ends_with("image.txt")))
        .unwrap();
    assert!(binary.is_error() && binary.message.contains("binary"), "{binary}");
    let empty = report
        .diagnostics
        .iter()
        .find(|d| d.location.as_ref().is_some_and(|l| l.file.ends_with("empty.txt")))
        .unwrap();
    assert!(empty.message.contains("empty"), "{empty}");
}

#[test]
fn hostile_text_stays_text_and_inside_the_site() {
    let site = Site::with_sources(&["hostile.txt"]);
    site.import(false);
    let slugs = site.slugs();
    assert_eq!(slugs.len(), 1);
    assert!(
        slugs[0].chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "{slugs:?}"
    );
    let text = site.article(&slugs[0]);
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    let html = markdown_to_html(body);
    for live in ["<script", "<img", "<a ", "<b>", "<h1"] {
        assert!(!html.contains(live), "{live} became live HTML:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;") && html.contains("[[Forged Link]]"), "{html}");
    // Nothing was written outside content/articles.
    let outside: Vec<_> = walk(site.dir.path())
        .into_iter()
        .filter(|p| !p.starts_with(site.dir.path().join("content")))
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn command_line_prints_the_summary_and_fails_on_a_missing_path() {
    let site = Site::with_sources(&["untitled.txt"]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["--root", site.dir.path().to_str().unwrap(), "import"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("imported 1 file → 1 article, 0 footnotes (1 written, 0 unchanged); annotated 0 entities"),
        "{stderr}"
    );

    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["--root", site.dir.path().to_str().unwrap(), "import", "no/such/file.txt"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no/such/file.txt: error: no such file or folder"), "{stderr}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}
