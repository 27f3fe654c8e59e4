//! Helpers shared by the annotate integration tests: copy a fixture site into a temp dir, run
//! annotate, and read back what it wrote.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gloss::annotate::markdown::parse_prose;
use gloss::annotate::{AnnotateOptions, AnnotateSummary, annotate_site};
use gloss::config::Config;
use gloss::load::load_site;
use gloss::model::{Article, Entity};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/annotate").join(name)
}

/// Copies the folder `from` into a new temp dir and returns it.
pub fn copy_site(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(from, dir.path());
    dir
}

/// A copy of the named files and folders of the site at `from`.
pub fn copy_site_parts(from: &Path, parts: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in parts {
        copy_tree(&from.join(part), &dir.path().join(part));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn annotate(root: &Path) -> AnnotateSummary {
    let config = Config::load(root).unwrap();
    annotate_site(&config, &AnnotateOptions::default()).unwrap()
}

pub fn load(root: &Path) -> (Vec<Article>, Vec<Entity>) {
    let config = Config::load(root).unwrap();
    let loaded = load_site(&config);
    assert!(loaded.diagnostics.iter().all(|d| !d.is_error()), "{:?}", loaded.diagnostics);
    (loaded.site.articles, loaded.site.entities)
}

/// Every file under `root/content`, path → text, to compare runs.
pub fn snapshot(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            (path, std::fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect()
}

/// The wikilinks of an article body as (target, shown text).
pub fn links(article: &Article) -> Vec<(String, String)> {
    parse_prose(&article.body).wikilinks.into_iter().map(|l| (l.target, l.shown)).collect()
}

pub fn entity<'a>(entities: &'a [Entity], name: &str) -> Option<&'a Entity> {
    entities.iter().find(|e| e.meta.name == name)
}
