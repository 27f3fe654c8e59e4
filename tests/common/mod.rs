//! A small fixture harness for whole-pipeline tests: copy a fixture site into a temp folder,
//! run the `gloss` binary on it, and read what a reader would get from `dist/`.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Site {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// What one run of the binary did.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Run {
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Site {
    /// A fresh copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &root);
        Site { _dir: dir, root }
    }

    /// Another site with the same sources (no output, no `.gloss/`).
    pub fn copy_of_sources(&self) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for (name, path) in files_under(&self.root) {
            if name.starts_with("dist/") || name.starts_with(".gloss/") {
                continue;
            }
            let target = root.join(&name);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(path, target).unwrap();
        }
        Site { _dir: dir, root }
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn remove(&self, path: &str) {
        std::fs::remove_file(self.root.join(path)).unwrap();
    }

    pub fn gloss(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let run = Run::from(output);
        assert!(!run.stderr.contains("panicked"), "gloss panicked:\n{}", run.stderr);
        run
    }

    /// Builds and insists it worked.
    pub fn build(&self) -> Run {
        let run = self.gloss(&["build"]);
        assert!(run.success, "build failed:\n{}", run.stderr);
        run
    }

    pub fn dist(&self) -> PathBuf {
        self.root.join("dist")
    }

    pub fn read(&self, path: &str) -> String {
        let path = self.dist().join(path);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn page(&self, path: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(path))
    }

    /// What a fresh full build writes for the site as it now is, built from a copy of its
    /// sources (so the site's own stamp and snapshot stay as they are), every file with its
    /// bytes.
    pub fn fresh_build(&self) -> BTreeMap<String, Vec<u8>> {
        let fresh = self.copy_of_sources();
        let config = gloss::config::Config::load(&fresh.root).unwrap();
        gloss::build::Build::new(config, fresh.dist()).full().unwrap();
        fresh.snapshot()
    }

    /// The files of `dist/` that a fresh full build of the same sources would make otherwise
    /// (differing, missing or extra).
    pub fn files_differing_from_a_fresh_build(&self) -> Vec<String> {
        let (expected, found) = (self.fresh_build(), self.snapshot());
        let mut names: Vec<String> = expected
            .keys()
            .chain(found.keys())
            .filter(|name| expected.get(*name) != found.get(*name))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Every file in `dist/` with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        files_under(&self.dist())
            .into_iter()
            .map(|(name, path)| (name, std::fs::read(path).unwrap()))
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for (name, path) in files_under(from) {
        let target = to.join(&name);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(path, target).unwrap();
    }
}

pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let name = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            files.push((name, entry.into_path()));
        }
    }
    files
}

pub fn select<'a>(page: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&scraper::Selector::parse(css).unwrap()).collect()
}

pub fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Crawls every HTML page in `dist` (served at `/`): every internal `href`/`src` must reach a
/// file, and every `#anchor` an `id` on the target page. Returns the problems found.
pub fn broken_links(dist: &Path) -> Vec<String> {
    let files: HashSet<String> = files_under(dist).into_iter().map(|(name, _)| name).collect();
    let mut pages: HashMap<String, scraper::Html> = HashMap::new();
    for name in files.iter().filter(|n| n.ends_with(".html")) {
        pages.insert(
            name.clone(),
            scraper::Html::parse_document(&std::fs::read_to_string(dist.join(name)).unwrap()),
        );
    }
    let ids = |page: &scraper::Html| -> HashSet<String> {
        select(page, "[id]").iter().map(|e| e.value().attr("id").unwrap().to_string()).collect()
    };
    let page_ids: HashMap<&String, HashSet<String>> =
        pages.iter().map(|(name, page)| (name, ids(page))).collect();
    let mut problems = Vec::new();
    for (name, page) in &pages {
        for element in select(page, "[href], [src]") {
            let link = element.value().attr("href").or(element.value().attr("src")).unwrap();
            if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
                continue;
            }
            let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
            let path = path.split('?').next().unwrap();
            let target = if path.is_empty() {
                name.clone()
            } else if let Some(absolute) = path.strip_prefix('/') {
                resolve_file(absolute, &files)
            } else {
                let base = Path::new(name).parent().unwrap().to_string_lossy().into_owned();
                resolve_file(&normalize(&format!("{base}/{path}")), &files)
            };
            if !files.contains(&target) {
                problems.push(format!("{name}: {link} → no file {target}"));
                continue;
            }
            if !anchor.is_empty()
                && target.ends_with(".html")
                && !page_ids[&target].contains(anchor)
            {
                problems.push(format!("{name}: {link} → no #{anchor} in {target}"));
            }
        }
    }
    problems.sort();
    problems
}

fn resolve_file(path: &str, files: &HashSet<String>) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if files.contains(path) {
        path.to_string()
    } else {
        format!("{path}/index.html")
    }
}

fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// html5ever's parse errors for a page: none means the page is well-formed HTML.
pub fn html_errors(html: &str) -> Vec<String> {
    scraper::Html::parse_document(html).errors.iter().map(|e| e.to_string()).collect()
}

/// Sets the modification time of every file and folder under `dir` but the output, as if they
/// had been saved `minutes_ago` (a build trusts no time from the last two seconds).
pub fn set_times(dir: &Path, minutes_ago: u64) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(60 * minutes_ago);
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_entry(|e| e.file_name() != "dist") {
        let entry = entry.unwrap();
        std::fs::File::open(entry.path()).unwrap().set_modified(when).unwrap();
    }
}
