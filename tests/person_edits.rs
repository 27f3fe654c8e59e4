//! Nothing a person made is lost: a re-import keeps their annotation decisions or refuses
//! naming what would go, a re-import with nothing changed is a no-op, backups never overwrite
//! each other, an edit to one mention changes that mention only, and annotate writes all or
//! nothing. Over small made-up sites in temp folders.

use std::path::Path;
use std::process::Command;

const ARTICLE: &str = "content/articles/talks-on-the-river-day-1.md";

fn run(root: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.success(), stderr)
}

fn gloss(root: &Path, args: &[&str]) -> String {
    let (success, stderr) = run(root, args);
    assert!(success, "gloss {args:?} failed:\n{stderr}");
    stderr
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap()
}

fn replace(root: &Path, path: &str, from: &str, to: &str) {
    let text = read(root, path);
    assert!(text.contains(from), "{path} has no {from:?}:\n{text}");
    std::fs::write(root.join(path), text.replacen(from, to, 1)).unwrap();
}

/// Three made-up sources naming the same people and place, imported and annotated.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let sources = site.path().join("content/sources");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(site.path().join("gloss.toml"), "title = \"Talks\"\n").unwrap();
    for day in 1..=3 {
        std::fs::write(
            sources.join(format!("talks{day}.txt")),
            format!(
                "Talks on the river, day {day}\n\nBy Mara Quill\n\nDara Noor met Hareer Hashim in \
                 Kabul on day {day}. Hashim said the talks in Kabul were long. Hashim left, and \
                 Dara Noor stayed in Kabul. Later Hashim came back.\n"
            ),
        )
        .unwrap();
    }
    gloss(site.path(), &["import"]);
    site
}

fn backups(root: &Path) -> usize {
    std::fs::read_dir(root.join("content/.gloss/backup")).map_or(0, |d| d.count())
}

#[test]
fn retargeting_or_relabelling_one_mention_changes_that_mention_only() {
    let site = site();
    let root = site.path();
    replace(root, ARTICLE, "[[Hareer Hashim|Hashim]] said", "[[Muhammad Hashim|Hashim]] said");
    replace(root, ARTICLE, "stayed in [[Kabul]]", "stayed in [[Kabul|the Afghan capital]]");
    gloss(root, &["annotate"]);
    let text = read(root, ARTICLE);
    assert!(text.contains("[[Muhammad Hashim|Hashim]] said"), "{text}");
    assert!(text.contains("stayed in [[Kabul|the Afghan capital]]"), "{text}");
    assert!(text.contains("Later [[Hareer Hashim|Hashim]] came back"), "other links kept: {text}");
    assert!(text.contains("talks in [[Kabul]]"), "other links kept: {text}");
    assert!(text.contains("nolink: []"), "nothing added to nolink: {text}");
}

#[test]
fn a_reimport_with_nothing_changed_is_a_no_op_even_after_hand_edits() {
    let site = site();
    let root = site.path();
    replace(root, ARTICLE, "Later [[Hareer Hashim|Hashim]]", "Later Hashim");
    replace(root, ARTICLE, "were long.", "were long (a note of mine).");
    gloss(root, &["annotate"]);
    let before = read(root, ARTICLE);
    let stderr = gloss(root, &["import"]);
    assert!(!stderr.contains("error"), "{stderr}");
    assert_eq!(read(root, ARTICLE), before);
    assert_eq!(backups(root), 0);
}

#[test]
fn a_reimport_keeps_the_links_and_nolink_a_person_set() {
    let site = site();
    let root = site.path();
    replace(root, ARTICLE, "[[Hareer Hashim|Hashim]] said", "[[Muhammad Hashim|Hashim]] said");
    replace(root, ARTICLE, "Later [[Hareer Hashim|Hashim]]", "Later Hashim");
    // A typo fixed in the source.
    replace(root, "content/sources/talks1.txt", "were long", "were longer");
    let stderr = gloss(root, &["import"]);
    assert!(stderr.contains("merged"), "{stderr}");
    let text = read(root, ARTICLE);
    assert!(text.contains("were longer"), "the new text: {text}");
    assert!(text.contains("[[Muhammad Hashim|Hashim]] said"), "retargeted link kept: {text}");
    assert!(text.contains("Later Hashim came back"), "removed link stays removed: {text}");
    assert!(text.contains("nolink:\n- Hashim\n"), "{text}");
    assert_eq!(backups(root), 1, "the copy before the merge is kept");
    // And again: nothing changed now.
    gloss(root, &["import"]);
    assert_eq!(read(root, ARTICLE), text);
}

#[test]
fn a_reimport_that_would_lose_a_persons_text_is_refused_naming_it() {
    let site = site();
    let root = site.path();
    replace(root, ARTICLE, "were long.", "were long (a note of mine).");
    let before = read(root, ARTICLE);
    replace(root, "content/sources/talks1.txt", "were long", "were longer");
    let (success, stderr) = run(root, &["import"]);
    assert!(!success);
    assert!(stderr.contains(ARTICLE) && stderr.contains("changed its text"), "{stderr}");
    assert_eq!(read(root, ARTICLE), before);
}

#[test]
fn forced_reimports_in_one_second_keep_every_backup() {
    let site = site();
    let root = site.path();
    for note in ["first", "second"] {
        replace(root, ARTICLE, "were long", &format!("were long ({note} note)"));
        gloss(root, &["import", "--force"]);
    }
    let dir = root.join("content/.gloss/backup");
    let kept: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(kept.len(), 2);
    assert!(kept.iter().any(|t| t.contains("(first note)")));
    assert!(kept.iter().any(|t| t.contains("(second note)")));
}

#[test]
fn annotate_writes_nothing_when_one_article_cannot_be_read() {
    let site = site();
    let root = site.path();
    let entities: Vec<_> = std::fs::read_dir(root.join("content/entities")).unwrap().collect();
    let other = "content/articles/talks-on-the-river-day-2.md";
    let other_before = read(root, other);
    // Two articles become unreadable (not UTF-8): without them the names would not recur.
    for day in [1, 3] {
        let path = root.join(format!("content/articles/talks-on-the-river-day-{day}.md"));
        std::fs::write(path, b"---\ntitle: \xff\xfe\n---\n").unwrap();
    }
    let (success, stderr) = run(root, &["annotate"]);
    assert!(!success);
    assert!(stderr.contains("wrote nothing"), "{stderr}");
    assert_eq!(std::fs::read_dir(root.join("content/entities")).unwrap().count(), entities.len());
    assert_eq!(read(root, other), other_before);
}

#[cfg(unix)]
#[test]
fn rewritten_articles_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt;
    let site = site();
    let root = site.path();
    let path = root.join(ARTICLE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    replace(root, ARTICLE, "Later [[Hareer Hashim|Hashim]]", "Later Hashim");
    gloss(root, &["annotate"]);
    assert!(read(root, ARTICLE).contains("nolink:\n- Hashim"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
    let ledger = root.join("content/.gloss/ledger.json");
    assert_ne!(std::fs::metadata(ledger).unwrap().permissions().mode() & 0o077, 0, "not 0600");
}

#[test]
fn an_article_that_moves_to_another_source_survives_the_reimport() {
    let site = site();
    let root = site.path();
    let sources = root.join("content/sources");
    // Day 1's source now tells another story, and day 2's source takes day 1's title: the
    // article file moves from one source to the other within one import.
    replace(root, "content/sources/talks1.txt", "Talks on the river, day 1", "A quiet harbour");
    replace(
        root,
        "content/sources/talks2.txt",
        "Talks on the river, day 2",
        "Talks on the river, day 1",
    );
    assert!(sources.join("talks2.txt").exists());
    gloss(root, &["import"]);
    let moved = read(root, ARTICLE);
    assert!(moved.contains("source_file: talks2.txt"), "{moved}");
    assert!(root.join("content/articles/a-quiet-harbour.md").exists());
    assert!(!root.join("content/articles/talks-on-the-river-day-2.md").exists());
}

#[test]
fn an_imported_title_never_takes_the_slug_of_a_hand_written_article() {
    let site = site();
    let root = site.path();
    // `con` is a reserved file name on Windows, so the site gives `con.md` the slug `con_`,
    // which is also the slug of the title "Con".
    std::fs::write(
        root.join("content/articles/con.md"),
        "---\ntitle: Notes on the con\n---\n\nWritten by hand.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/sources/con.txt"),
        "Con\n\nThe river talks were called a con by one member. Others disagreed.\n",
    )
    .unwrap();
    gloss(root, &["import"]);
    assert_eq!(
        read(root, "content/articles/con.md"),
        "---\ntitle: Notes on the con\n---\n\nWritten by hand.\n"
    );
    gloss(root, &["build"]);
    let articles = read(root, "dist/articles/index.html");
    assert!(articles.contains("Notes on the con"), "{articles}");
    assert!(articles.contains(">Con<"), "{articles}");
}
