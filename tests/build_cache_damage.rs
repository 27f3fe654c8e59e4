//! Every file of the build cache (`.gloss/`) truncated, zeroed, garbled or replaced with
//! another file's bytes: the next `gloss build` notices (or never trusts it), never panics,
//! and writes what a clean build writes.

mod common;

use std::path::Path;

use common::{Site, files_under, set_times};

/// A built site whose sources are an hour old, so the build leaves its stamp and snapshot.
fn built() -> Site {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    site.build();
    site
}

/// A built site whose sources are an hour old (so the build leaves its stamp and snapshot),
/// with one article then edited so that the next build starts from the snapshot and renders
/// the entity pages, which read the other articles' stored texts.
fn built_then_edited() -> Site {
    let site = built();
    let path = "content/articles/bridge-reopens.md";
    let text = std::fs::read_to_string(site.root.join(path)).unwrap();
    site.write(path, &text.replace("reopened on Sunday", "reopened on a grey Sunday"));
    site
}

fn cache_files(site: &Site) -> Vec<String> {
    let files: Vec<String> = files_under(&site.root.join(".gloss"))
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name != "lock")
        .collect();
    for expected in ["build.json", "state/model.bin", "state/documents.bin", "state/texts.bin"] {
        assert!(files.iter().any(|f| f == expected), "no {expected} in {files:?}");
    }
    files
}

type Damage = fn(&mut Vec<u8>, &[u8]);

const DAMAGES: [(&str, Damage); 6] = [
    ("truncated to half", |bytes, _| bytes.truncate(bytes.len() / 2)),
    ("cut by one byte", |bytes, _| {
        bytes.pop();
    }),
    ("zeroed", |bytes, _| bytes.iter_mut().for_each(|b| *b = 0)),
    ("a byte flipped in the middle", |bytes, _| {
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x55;
    }),
    ("a byte flipped near the end", |bytes, _| {
        let at = bytes.len().saturating_sub(5);
        bytes[at] ^= 0x01;
    }),
    ("replaced with another cache file", |bytes, other| *bytes = other.to_vec()),
];

fn compare_with_clean(site: &Site, what: &str) {
    let differing = site.files_differing_from_a_fresh_build();
    assert!(differing.is_empty(), "{what}: differs from a clean build: {differing:?}");
}

#[test]
fn a_damaged_cache_file_means_a_right_build() {
    let names = cache_files(&built_then_edited());
    for name in &names {
        for (damage_name, damage) in DAMAGES {
            // The stamp counts only when nothing changed.
            let site = if name == "build.json" { built() } else { built_then_edited() };
            let path = site.root.join(".gloss").join(name);
            let other =
                if name.ends_with("texts.bin") { "state/model.bin" } else { "state/texts.bin" };
            let other = std::fs::read(site.root.join(".gloss").join(other)).unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            if bytes.is_empty() {
                continue;
            }
            damage(&mut bytes, &other);
            std::fs::write(&path, &bytes).unwrap();
            let what = format!("{name} {damage_name}");
            // `Site::gloss` fails the test on a panic.
            let run = site.gloss(&["build"]);
            assert!(run.success, "{what}: the build failed:\n{}", run.stderr);
            compare_with_clean(&site, &what);
            // And the build after it, from whatever cache that one left.
            let run = site.gloss(&["build"]);
            assert!(run.success, "{what}: the next build failed:\n{}", run.stderr);
            compare_with_clean(&site, &format!("{what}, then built again"));
        }
    }
}

#[test]
fn a_damaged_text_is_noted_and_the_build_is_full() {
    let site = built_then_edited();
    let path = site.root.join(".gloss/state/texts.bin");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.iter_mut().for_each(|b| *b = 0);
    std::fs::write(&path, &bytes).unwrap();
    let run = site.build();
    assert!(run.stderr.contains("damaged"), "no note:\n{}", run.stderr);
    assert!(run.stderr.lines().last().unwrap().starts_with("built "), "{}", run.stderr);
    compare_with_clean(&site, "texts.bin zeroed");
    assert!(Path::new(&site.root.join(".gloss/state/model.bin")).exists(), "no new snapshot");
}
