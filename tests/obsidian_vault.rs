//! `content/` opened as an Obsidian vault: every link annotate writes opens the entity's note
//! by Obsidian's own rule (file name, ignoring case, the linking note's folder first; never
//! `aliases`), over a made-up site and over the bundled archive; and `gloss annotate
//! --migrate-names` moves an archive made with slug file names to the vault naming in one
//! command, keeping every edit a person made.

mod annotate_support;

use std::collections::BTreeMap;
use std::path::Path;

use annotate_support::{annotate, copy_site, copy_site_parts, fixture, load};
use gloss::annotate::annotate_site;
use gloss::annotate::link::LinkPair;
use gloss::annotate::markdown::parse_prose;
use gloss::annotate::registry::TargetIndex;
use gloss::annotate::state::AnnotateState;
use gloss::annotate::vault::{Found, Vault, migrate_names};
use gloss::config::Config;
use gloss::ledger::{FileState, Ledger};

/// Every wikilink in the site's articles, pages and entity notes that gloss resolves to an
/// entity, with what Obsidian opens for it; returns the links that do not open that entity's
/// note.
fn links_obsidian_misses(root: &Path) -> (usize, Vec<String>) {
    let (articles, entities) = load(root);
    let config = Config::load(root).unwrap();
    let site = gloss::load::load_site(&config).site;
    let content = config.content_dir();
    let vault = Vault::open(&content);
    let targets = TargetIndex::of_entities(&entities);
    let note_of = |id: &str| {
        let entity = entities.iter().find(|e| e.id == id).unwrap();
        root.join(&entity.path).strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/")
    };
    let mut count = 0;
    let mut missed = Vec::new();
    let documents = articles
        .iter()
        .map(|a| (&a.path, &a.body))
        .chain(site.pages.iter().map(|p| (&p.path, &p.body)))
        .chain(entities.iter().map(|e| (&e.path, &e.description)));
    for (path, body) in documents {
        let source =
            root.join(path).strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/");
        for link in parse_prose(body).wikilinks {
            let Some(id) = targets.resolve(&link.target) else { continue };
            count += 1;
            let found = vault.resolve(&link.target, &source);
            if found != Found::File(note_of(id)) {
                missed.push(format!("{source}: [[{}]] opens {found:?}", link.target));
            }
        }
    }
    (count, missed)
}

#[test]
fn every_link_annotate_writes_opens_the_entity_note_in_obsidian() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    // An article named like an entity: Obsidian opens the article for [[Varnholm]] from
    // another article, so annotate writes the folder too.
    std::fs::write(
        root.join("content/articles/varnholm.md"),
        "---\ntitle: Varnholm\n---\nA note on Varnholm and the Norland Water Board.\n",
    )
    .unwrap();
    annotate(root);
    let (count, missed) = links_obsidian_misses(root);
    assert!(count > 10, "{count}");
    assert!(missed.is_empty(), "{missed:#?}");
    let river = std::fs::read_to_string(root.join("content/articles/river-talks.md")).unwrap();
    assert!(river.contains("in [[entities/Varnholm|Varnholm]] on Monday"), "{river}");
    assert!(river.contains("[[Lina Brook]]"), "names stay readable: {river}");
    assert!(root.join("content/entities/Lina Brook.md").is_file());
    // The URL is still the id.
    let (built, output) = gloss_build(root);
    assert!(built, "{output}");
    assert!(root.join("dist/entities/lina-brook/index.html").is_file());
    let page = std::fs::read_to_string(root.join("dist/articles/river-talks/index.html")).unwrap();
    assert!(page.contains("entities/varnholm/"), "the folder form links the entity page");
}

fn gloss_build(root: &Path) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn the_bundled_archive_opens_in_obsidian_with_every_link_resolved() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let site = copy_site_parts(repo, &["gloss.toml", "content"]);
    // As committed, and after a migration (a no-op once migrated).
    let (count, missed) = links_obsidian_misses(site.path());
    let config = Config::load(site.path()).unwrap();
    migrate_names(&config, false).unwrap();
    let (after, missed_after) = links_obsidian_misses(site.path());
    assert_eq!(after, count, "the migration keeps every link");
    assert!(missed_after.is_empty(), "{} of {after} missed: {missed_after:#?}", missed_after.len());
    assert!(missed.is_empty(), "{} of {count} missed as committed: {missed:#?}", missed.len());
}

/// An archive as annotate wrote them before the vault naming: entity files named by id, links
/// by name or alias, some of it edited by a person.
fn old_archive(root: &Path) {
    let write = |file: &str, text: &str| {
        let path = root.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("gloss.toml", "title = \"old archive\"\n");
    write(
        "content/articles/talks.md",
        "---\ntitle: Talks\nentities:\n- kabul\n- lina-brook\n- norland-water-board\n---\n\
         In [[Kabul]], [[Lina Brook]] met the [[Norland Water Board|NWB]].\n\n\
         Later [[Brook|the chair]] and [[lina-brook|Lina]] left [[Kabul#History|the city]].\n",
    );
    write("content/articles/kabul.md", "---\ntitle: Kabul\n---\nA note on the city.\n");
    write(
        "content/entities/lina-brook.md",
        "---\nname: Lina Brook\nkind: person\naliases:\n- Brook\norigin: auto\n---\n",
    );
    write(
        "content/entities/norland-water-board.md",
        "---\nname: Norland Water Board\nkind: org\naliases:\n- NWB\norigin: human\n---\nRuns the rivers; see [[Lina Brook|its chair]].\n",
    );
    write("content/entities/kabul.md", "---\nname: Kabul\nkind: place\norigin: auto\n---\n");
    write(
        "content/entities/amir-al-mu-minin.md",
        "---\nname: Amir al-Mu'minin\nkind: person\norigin: auto\n---\n",
    );
    // What gloss wrote: the article and two entity files as they are, and annotate's links.
    let config = Config::load(root).unwrap();
    let mut ledger = Ledger::load(&config).unwrap();
    for file in
        ["content/articles/talks.md", "content/entities/lina-brook.md", "content/entities/kabul.md"]
    {
        let bytes = std::fs::read(root.join(file)).unwrap();
        ledger.write(root, Path::new(file), &bytes).unwrap();
    }
    ledger.save().unwrap();
    let mut state = AnnotateState::load(&config).unwrap();
    let links: BTreeMap<LinkPair, u32> = [
        (("Kabul".to_string(), "Kabul".to_string()), 1),
        (("Lina Brook".to_string(), "Lina Brook".to_string()), 1),
        (("Norland Water Board".to_string(), "NWB".to_string()), 1),
    ]
    .into();
    state.set_written("talks", &links);
    state.save().unwrap();
}

#[test]
fn migrating_an_archive_to_the_vault_naming_keeps_every_human_edit() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    old_archive(root);
    let (_, missed) = links_obsidian_misses(root);
    assert!(missed.len() >= 4, "the old naming misses links: {missed:#?}");
    let board =
        std::fs::read_to_string(root.join("content/entities/norland-water-board.md")).unwrap();

    let config = Config::load(root).unwrap();
    let dry = migrate_names(&config, true).unwrap();
    assert!(root.join("content/entities/lina-brook.md").is_file(), "a dry run writes nothing");
    let migration = migrate_names(&config, false).unwrap();
    assert_eq!(migration.renamed.len(), dry.renamed.len());

    let mut files: Vec<String> = std::fs::read_dir(root.join("content/entities"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["Amir al-Mu'minin.md", "Kabul.md", "Lina Brook.md", "Norland Water Board.md"]
    );
    assert_eq!(
        std::fs::read_to_string(root.join("content/entities/Norland Water Board.md")).unwrap(),
        board,
        "a person's entity file moves as it is"
    );
    let talks = std::fs::read_to_string(root.join("content/articles/talks.md")).unwrap();
    assert!(
        talks.contains(
            "In [[entities/Kabul|Kabul]], [[Lina Brook]] met the [[Norland Water Board|NWB]]."
        ),
        "{talks}"
    );
    assert!(
        talks.contains("Later [[Lina Brook|the chair]] and [[Lina Brook|Lina]] left [[entities/Kabul#History|the city]]."),
        "a person's links keep their text and entity: {talks}"
    );
    let (_, missed) = links_obsidian_misses(root);
    assert!(missed.is_empty(), "{missed:#?}");

    // Gloss's own files stay its own; the person's stay theirs.
    let ledger = Ledger::load(&config).unwrap();
    let state_of = |file: &str| ledger.state_of(root, Path::new(file)).unwrap();
    assert_eq!(state_of("content/entities/Lina Brook.md"), FileState::AsWritten);
    assert_eq!(state_of("content/articles/talks.md"), FileState::AsWritten);
    assert_eq!(state_of("content/entities/Norland Water Board.md"), FileState::Edited);
    let state = AnnotateState::load(&config).unwrap();
    assert!(state.written("talks").contains_key(&("entities/Kabul".into(), "Kabul".into())));

    // Annotate afterwards keeps the person's links and leaves no ghost of the old files.
    annotate_site(&config, &Default::default()).unwrap();
    let talks = std::fs::read_to_string(root.join("content/articles/talks.md")).unwrap();
    assert!(talks.contains("[[Lina Brook|the chair]]"), "{talks}");
    let (_, missed) = links_obsidian_misses(root);
    assert!(missed.is_empty(), "{missed:#?}");
    let migration = migrate_names(&config, false).unwrap();
    assert!(migration.renamed.is_empty() && migration.files_changed.is_empty(), "{migration:?}");
}

#[test]
fn obsidian_markdown_renders_or_degrades_to_readable_text_with_a_warning() {
    let site = copy_site(&fixture("editor"));
    let root = site.path();
    annotate(root);
    let article = root.join("content/articles/harbour-deal.md");
    let text = std::fs::read_to_string(&article).unwrap()
        + "\n![[map.png]]\n\nSee [[Lina Brook#Early life]], [[entities/Varnholm]] and ![[Lina Brook]].\n\n\
           > [!note] Read this first\n> The deal is not signed yet.\n\n> [!warning]-\n> Only a body.\n\n\
           > A plain quote.\n";
    let line = text.lines().position(|l| l == "![[map.png]]").unwrap() + 1;
    std::fs::write(&article, text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(["build", "--root"])
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "content/articles/harbour-deal.md:{line}:1: warning: ![[map.png]] embeds a file"
        )),
        "{stderr}"
    );
    let page = std::fs::read_to_string(root.join("dist/articles/harbour-deal/index.html")).unwrap();
    assert!(page.contains("<span class=\"embed-unsupported\">map.png</span>"), "{page}");
    assert!(page.contains(">Lina Brook › Early life</"), "{page}");
    assert!(page.contains(">Varnholm</"), "{page}");
    assert!(!page.contains("entities/Varnholm<"), "{page}");
    assert!(page.contains("<blockquote class=\"callout callout-note\">"), "{page}");
    assert!(
        page.contains("<strong class=\"callout-title\">Read this first</strong><br>"),
        "{page}"
    );
    assert!(page.contains("<strong class=\"callout-title\">Warning</strong><br>"), "{page}");
    assert!(!page.contains("[!note]") && !page.contains("[!warning]"), "{page}");
    assert!(page.contains("<blockquote>\n<p"), "a plain quote stays plain: {page}");
}
