//! Import and annotate together, as `gloss import` runs them, over the bundled raw sources:
//! re-importing never turns annotate's own links into `nolink` entries, and a link a person
//! removed stays removed through a re-import.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use walkdir::WalkDir;

/// Runs gloss; returns whether it succeeded and what it printed.
fn run_gloss(root: &Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("gloss runs");
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn gloss(root: &Path, args: &[&str]) -> String {
    let (success, stderr) = run_gloss(root, args);
    assert!(success, "gloss {args:?} failed:\n{stderr}");
    stderr
}

fn site_with_bundled_sources() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let sources = site.path().join("content/sources");
    std::fs::create_dir_all(&sources).unwrap();
    for entry in std::fs::read_dir("content/sources").unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, sources.join(path.file_name().unwrap())).unwrap();
    }
    site
}

/// Every article and entity file, by path.
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap().display().to_string();
            (relative, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn forced_reimport_of_annotated_articles_gives_the_same_files() {
    let site = site_with_bundled_sources();
    gloss(site.path(), &["import"]);
    let first = snapshot(site.path());
    assert!(first.keys().any(|k| k.starts_with("content/entities/")), "annotate made entities");
    assert!(first.values().any(|text| text.contains("[[")), "annotate wrote links");

    let stderr = gloss(site.path(), &["import"]);
    assert!(
        stderr.contains("(0 written, 13 unchanged)"),
        "a re-import rewrites nothing:\n{stderr}"
    );
    gloss(site.path(), &["import", "--force"]);
    let second = snapshot(site.path());
    for (path, text) in &second {
        assert_eq!(Some(text), first.get(path), "{path} changed on re-import");
    }
    assert_eq!(first.len(), second.len());
    assert!(!second.values().any(|text| text.contains("nolink:\n-")), "nothing was unlinked");
}

#[test]
fn a_link_a_person_removed_stays_removed_through_reimport() {
    let site = site_with_bundled_sources();
    gloss(site.path(), &["import"]);
    let (path, text) = snapshot(site.path())
        .into_iter()
        .find(|(path, text)| path.starts_with("content/articles/") && text.contains("[[Hamas]]"))
        .expect("an article links Hamas");
    let unlinked = text.replace("[[Hamas]]", "Hamas");
    std::fs::write(site.path().join(&path), &unlinked).unwrap();

    // Nothing changed in the sources: the re-import is a no-op, and succeeds.
    let (success, stderr) = run_gloss(site.path(), &["import"]);
    assert!(success, "a re-import with no source changed fails:\n{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
    let after = std::fs::read_to_string(site.path().join(&path)).unwrap();
    assert!(!after.contains("[[Hamas]]"), "the removed link came back:\n{after}");
    assert!(after.contains("nolink:\n- Hamas\n"), "Hamas is recorded in nolink:\n{after}");
}

/// Every file under `content/` (the ledger and annotate's state included, backups left out),
/// by path, as bytes.
fn content_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    WalkDir::new(root.join("content"))
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.path().to_string_lossy().contains("/backup/"))
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap().display().to_string();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn assert_same_files(handed_over: &Path, step_by_step: &Path, when: &str) {
    let (handed_over, step_by_step) = (content_files(handed_over), content_files(step_by_step));
    assert_eq!(
        handed_over.keys().collect::<Vec<_>>(),
        step_by_step.keys().collect::<Vec<_>>(),
        "{when}: the same files"
    );
    for (path, bytes) in &handed_over {
        assert!(bytes == &step_by_step[path], "{when}: {path} differs");
    }
}

/// `gloss import` hands its articles to annotate in memory; the files, the ledger and
/// annotate's state come out byte for byte as an import followed by `gloss annotate`, beside
/// an article of a person's own, and through a forced re-import over an edited article.
#[test]
fn import_with_annotate_writes_what_import_then_annotate_writes() {
    let own = "---\ntitle: Notes from the valley\n---\nThe Taliban met Hamas in Doha. Later the \
               Taliban and Hamas met again.\n";
    let sites = [site_with_bundled_sources(), site_with_bundled_sources()];
    for site in &sites {
        let articles = site.path().join("content/articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(articles.join("notes-from-the-valley.md"), own).unwrap();
    }
    let [handed_over, step_by_step] = [sites[0].path(), sites[1].path()];
    gloss(handed_over, &["import"]);
    gloss(step_by_step, &["import", "--no-annotate"]);
    gloss(step_by_step, &["annotate"]);
    assert_same_files(handed_over, step_by_step, "first import");

    // A person edits an article; a forced re-import replaces it (keeping a backup).
    let (path, text) = snapshot(handed_over)
        .into_iter()
        .find(|(path, text)| path.starts_with("content/articles/") && text.contains("[["))
        .expect("an annotated article");
    let edited = text.replacen("\n\n", "\n\nA sentence a person added.\n\n", 1);
    for site in [handed_over, step_by_step] {
        std::fs::write(site.join(&path), &edited).unwrap();
    }
    gloss(handed_over, &["import", "--force"]);
    gloss(step_by_step, &["import", "--force", "--no-annotate"]);
    gloss(step_by_step, &["annotate"]);
    assert_same_files(handed_over, step_by_step, "forced re-import");
    assert!(
        !std::fs::read_to_string(handed_over.join(&path)).unwrap().contains("a person added"),
        "the forced import replaced the edit"
    );
    let backups = handed_over.join("content/.gloss/backup");
    assert_eq!(std::fs::read_dir(backups).unwrap().count(), 1, "the edited copy is kept");

    // A new source imported on its own (as `gloss serve` does when one lands): annotate
    // works on the whole archive, the other articles read from disk.
    let first_source = std::fs::read_dir("content/sources").unwrap().next().unwrap().unwrap();
    for site in [handed_over, step_by_step] {
        let copy = site.join("content/sources/a-second-copy.txt");
        std::fs::copy(first_source.path(), &copy).unwrap();
    }
    let copy = handed_over.join("content/sources/a-second-copy.txt");
    gloss(handed_over, &["import", &copy.to_string_lossy()]);
    let copy = step_by_step.join("content/sources/a-second-copy.txt");
    gloss(step_by_step, &["import", "--no-annotate", &copy.to_string_lossy()]);
    gloss(step_by_step, &["annotate"]);
    assert_same_files(handed_over, step_by_step, "one new source");

    // Nothing changed since: both rewrite nothing.
    let stderr = gloss(handed_over, &["import"]);
    assert!(stderr.contains(" written, ") && stderr.contains("(0 written"), "{stderr}");
}
