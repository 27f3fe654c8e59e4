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

    let (success, stderr) = run_gloss(site.path(), &["import"]);
    assert!(!success, "an edited article that import cannot replace is an error");
    assert!(stderr.contains(&format!("{path}: error: edited since it was imported")), "{stderr}");
    let after = std::fs::read_to_string(site.path().join(&path)).unwrap();
    assert!(!after.contains("[[Hamas]]"), "the removed link came back:\n{after}");
    assert!(after.contains("nolink:\n- Hamas\n"), "Hamas is recorded in nolink:\n{after}");
}
