//! The build stamp, so `gloss build` with nothing changed costs a walk of the sources, not a
//! build: after a successful full build, `.gloss/build.json` in the site folder records a hash
//! of every input's path, size and modification time (content, theme, templates, static files,
//! `gloss.toml`, the gloss binary), of the build's options and of the output folder's top level,
//! with the build's summary and warnings. No file is read, only listed.
//!
//! Any doubt means a full build: a stamp that does not parse, an input that cannot be listed,
//! an input changed so recently that a later change could keep its modification time. Every
//! write into the output folder other than a full build's removes the stamp first.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_64};

use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::{Category, Diagnostic, Location, Severity};

mod listing;
pub(crate) use listing::{ContentFile, ContentListing, parse as parse_listing};

/// Where the stamp lives, relative to the site root (hidden: `serve` does not watch it).
pub const STAMP_FILE: &str = ".gloss/build.json";

/// Bumped when what the stamp covers changes, so an old stamp never matches (2: the file
/// starts with the digest of the rest; a theme file saved in the racy window changes `setup`).
const FORMAT: u32 = 2;

/// Inputs changed this recently may change again without their modification time moving
/// (coarse file system clocks): their build writes no stamp.
const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What a build's output depends on besides the files: its options.
#[derive(Serialize)]
pub(crate) struct BuildOptions<'a> {
    pub(crate) config: &'a Config,
    pub(crate) out_dir: &'a Path,
    pub(crate) search: bool,
}

/// The hash of every input, taken before a build reads them.
pub(crate) struct Inputs {
    hash: u128,
    /// Whether an input changed too recently for its modification time to be trusted.
    racy: bool,
    /// The hash of every input but the content files (theme, templates, static files, settings,
    /// options, the binary): what the build's snapshot must match.
    pub(crate) setup: u128,
    /// Every content file (articles, entities, free pages), sorted by path; a file changed in
    /// the last moments has no time, so it never matches a later listing. `None` when a path is
    /// not UTF-8 (the snapshot, which keeps this listing, is then not used).
    pub(crate) content: Option<ContentListing>,
}

/// The numbers of a full build's summary, as the stamp keeps them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Counts {
    pub(crate) pages: usize,
    pub(crate) html_pages: usize,
    pub(crate) articles: usize,
    pub(crate) entities: usize,
}

#[derive(Serialize, Deserialize)]
struct StoredWarning {
    category: Category,
    file: Option<PathBuf>,
    line: usize,
    column: usize,
    message: String,
}

#[derive(Serialize, Deserialize)]
struct StampFile {
    format: u32,
    inputs: String,
    output: String,
    counts: Counts,
    warnings: Vec<StoredWarning>,
}

/// What tells whether a stamp holds ([`StampFile`] without the rest).
#[derive(Deserialize)]
struct StampHead {
    format: u32,
    inputs: String,
    output: String,
}

/// What an up-to-date stamp says about the output.
pub(crate) struct UpToDate {
    pub(crate) counts: Counts,
    pub(crate) warnings: Vec<Diagnostic>,
}

fn stamp_path(config: &Config) -> PathBuf {
    config.root.join(STAMP_FILE)
}

/// Hashes every input of a build with `options`; `None` when one cannot be listed.
pub(crate) fn hash_inputs(options: &BuildOptions<'_>) -> Option<Inputs> {
    let config = options.config;
    let started = SystemTime::now();
    let trees = super::layout::input_trees(config);
    let content_trees = super::layout::CONTENT_TREES;
    let listed: Vec<Option<Vec<Entry>>> = trees.par_iter().map(|dir| list_tree(dir)).collect();
    let mut setup = Xxh3::new();
    let mut content = Some(ContentListing::default());
    // A file changed this recently may change again without its time moving: a listing that
    // does not vouch for its time makes the next comparison read it again.
    let recent = seconds(started.checked_sub(RACY_WINDOW).unwrap_or(UNIX_EPOCH));
    let mut path = String::new();
    let mut hasher = Xxh3::new();
    hasher.update(&FORMAT.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&crate::render::templates::embedded_theme_hash().to_le_bytes());
    hasher.update(serde_json::to_string(options).ok()?.as_bytes());
    // The binary counts by its size and time (a new build of gloss renders differently), but
    // not towards `racy`: it does not change under a running build.
    let binary = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok());
    let settings = std::fs::metadata(config.root.join(CONFIG_FILE)).ok();
    let mut newest = settings.as_ref().and_then(|m| m.modified().ok()).unwrap_or(UNIX_EPOCH);
    // The newest of the inputs but the content files (`setup`).
    let mut setup_newest = newest;
    for (name, meta) in [("gloss", binary), (CONFIG_FILE, settings)] {
        match meta {
            Some(meta) => Entry::of(name.into(), &meta).hash_into(&mut hasher),
            None => hasher.update(b"\0absent\0"),
        }
    }
    setup.update(&hasher.digest128().to_le_bytes());
    for (tree, (dir, entries)) in trees.iter().zip(listed).enumerate() {
        let relative = dir.strip_prefix(&config.root).unwrap_or(dir);
        hasher.update(relative.as_os_str().as_encoded_bytes());
        hasher.update(b"\0");
        for entry in entries? {
            if !entry.is_dir {
                newest = newest.max(entry.modified);
            }
            entry.hash_into(&mut hasher);
            if tree >= content_trees {
                if !entry.is_dir {
                    setup_newest = setup_newest.max(entry.modified);
                }
                entry.hash_into(&mut setup);
            } else if !entry.is_dir {
                let modified = seconds(entry.modified);
                let listed = content_path(&mut path, relative, &entry.path).map(|path| {
                    let modified = if modified >= recent { (0, 0) } else { modified };
                    ContentFile { path, len: entry.len, modified }
                });
                match (listed, &mut content) {
                    (Some(file), Some(listing)) => listing.push(file),
                    _ => content = None,
                }
            }
        }
        hasher.update(b"\0end\0");
        setup.update(b"\0end\0");
    }
    let racy = newest + RACY_WINDOW >= started;
    if setup_newest + RACY_WINDOW >= started {
        // A theme file, template, static file or setting saved this recently may change again
        // without its time moving: no later build may take this setup for its own.
        setup.update(&time_bytes(started));
    }
    Some(Inputs { hash: hasher.digest128(), racy, setup: setup.digest128(), content })
}

/// `relative` (a content folder, from the site root) joined with `path` (a file in it) in
/// `buffer`, as `Path::join` joins them; `None` when they are not UTF-8.
fn content_path<'a>(buffer: &'a mut String, relative: &Path, path: &Path) -> Option<&'a str> {
    buffer.clear();
    buffer.push_str(relative.to_str()?);
    if !buffer.is_empty() && !buffer.ends_with(std::path::MAIN_SEPARATOR) {
        buffer.push(std::path::MAIN_SEPARATOR);
    }
    buffer.push_str(path.to_str()?);
    Some(buffer)
}

/// The output folder's top level: its entries, and the modification time of each (a folder's
/// changes when a page folder in it is added or removed). Files deeper down are trusted.
pub(crate) fn hash_output(out_dir: &Path) -> Option<u128> {
    let mut entries = Vec::new();
    entries.push(Entry::of(PathBuf::new(), &std::fs::metadata(out_dir).ok()?));
    for item in std::fs::read_dir(out_dir).ok()? {
        let item = item.ok()?;
        entries.push(Entry::of(item.file_name().into(), &item.metadata().ok()?));
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut hasher = Xxh3::new();
    for entry in &entries {
        entry.hash_into(&mut hasher);
        if entry.is_dir {
            hasher.update(&time_bytes(entry.modified));
        }
    }
    Some(hasher.digest128())
}

/// One file or folder as the stamp sees it.
struct Entry {
    path: PathBuf,
    is_dir: bool,
    len: u64,
    modified: SystemTime,
}

impl Entry {
    fn of(path: PathBuf, meta: &std::fs::Metadata) -> Entry {
        Entry {
            path,
            is_dir: meta.is_dir(),
            len: if meta.is_dir() { 0 } else { meta.len() },
            modified: meta.modified().unwrap_or(UNIX_EPOCH),
        }
    }

    /// A folder counts by its name only: its own time moves with editors' temporary files.
    fn hash_into(&self, hasher: &mut Xxh3) {
        hasher.update(self.path.as_os_str().as_encoded_bytes());
        hasher.update(&[0, u8::from(self.is_dir)]);
        if !self.is_dir {
            hasher.update(&self.len.to_le_bytes());
            hasher.update(&time_bytes(self.modified));
        }
    }
}

fn seconds(time: SystemTime) -> (u64, u32) {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    (since.as_secs(), since.subsec_nanos())
}

fn time_bytes(time: SystemTime) -> [u8; 12] {
    let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
    let mut bytes = [0; 12];
    bytes[..8].copy_from_slice(&since.as_secs().to_le_bytes());
    bytes[8..].copy_from_slice(&since.subsec_nanos().to_le_bytes());
    bytes
}

/// Every entry under `dir` but hidden ones (which no stage reads), sorted; empty when `dir`
/// does not exist, `None` when something in it cannot be listed.
fn list_tree(dir: &Path) -> Option<Vec<Entry>> {
    let mut entries = Vec::new();
    if dir.exists() {
        list_into(dir, Path::new(""), &mut entries)?;
    }
    Some(entries)
}

/// Lists one folder into `entries`, then each subfolder after its own entry. Each entry is
/// looked at through its folder (no path lookup from the root), many at once.
fn list_into(dir: &Path, relative: &Path, entries: &mut Vec<Entry>) -> Option<()> {
    let mut items: Vec<(std::ffi::OsString, std::fs::DirEntry)> = Vec::new();
    for item in std::fs::read_dir(dir).ok()? {
        let item = item.ok()?;
        let name = item.file_name();
        if !name.as_encoded_bytes().starts_with(b".") {
            items.push((name, item));
        }
    }
    items.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let metadata: Vec<std::io::Result<std::fs::Metadata>> =
        items.par_iter().with_min_len(512).map(|(_, item)| item.metadata()).collect();
    for ((name, item), meta) in items.into_iter().zip(metadata) {
        let entry = Entry::of(relative.join(name), &meta.ok()?);
        let subfolder = entry.is_dir.then(|| (item.path(), entry.path.clone()));
        entries.push(entry);
        if let Some((path, relative)) = subfolder {
            list_into(&path, &relative, entries)?;
        }
    }
    Some(())
}

/// The stamp, when it says the output is what a full build of `inputs` would write.
pub(crate) fn read_up_to_date(
    config: &Config,
    inputs: &Inputs,
    out_dir: &Path,
) -> Option<UpToDate> {
    let file = std::fs::read_to_string(stamp_path(config)).ok()?;
    // The first line is the digest of the rest: a damaged stamp is no stamp.
    let (digest, text) = file.split_once('\n')?;
    if digest != format!("{:016x}", xxh3_64(text.as_bytes())) {
        tracing::warn!("the build stamp {STAMP_FILE} is damaged: building again");
        return None;
    }
    // The warnings (thousands on a large site) are made only once the stamp holds.
    let head: StampHead = serde_json::from_str(text).ok()?;
    let matches = head.format == FORMAT
        && head.inputs == hex(inputs.hash)
        && head.output == hex(hash_output(out_dir)?);
    if !matches {
        return None;
    }
    let stamp: StampFile = serde_json::from_str(text).ok()?;
    let warnings = stamp
        .warnings
        .into_iter()
        .map(|w| {
            let location = w.file.map(|file| Location::at(file, w.line, w.column));
            Diagnostic::warning(w.category, location, w.message)
        })
        .collect();
    Some(UpToDate { counts: stamp.counts, warnings })
}

/// Records a successful full build of `inputs` into `out_dir`. A stamp that cannot be written
/// only costs the next build its shortcut.
pub(crate) fn write(
    config: &Config,
    inputs: &Inputs,
    out_dir: &Path,
    counts: Counts,
    warnings: &[Diagnostic],
) {
    if inputs.racy {
        tracing::debug!("no build stamp: an input changed in the last {RACY_WINDOW:?}");
        return;
    }
    let Some(output) = hash_output(out_dir) else { return };
    let stamp = StampFile {
        format: FORMAT,
        inputs: hex(inputs.hash),
        output: hex(output),
        counts,
        warnings: warnings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| StoredWarning {
                category: d.category,
                file: d.location.as_ref().map(|l| l.file.clone()),
                line: d.location.as_ref().map_or(0, |l| l.line),
                column: d.location.as_ref().map_or(0, |l| l.column),
                message: d.message.clone(),
            })
            .collect(),
    };
    let path = stamp_path(config);
    let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
        let temporary = path.with_extension("json.tmp");
        let text = serde_json::to_string(&stamp).unwrap_or_default();
        let digest = xxh3_64(text.as_bytes());
        std::fs::write(&temporary, format!("{digest:016x}\n{text}"))?;
        std::fs::rename(&temporary, &path)
    });
    if let Err(error) = written {
        tracing::debug!("cannot write the build stamp {}: {error}", path.display());
    }
}

/// Forgets the last full build: the output is about to change some other way.
pub(crate) fn remove(config: &Config) {
    match std::fs::remove_file(stamp_path(config)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("cannot remove the build stamp: {e}"),
    }
}

fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::site_with;

    fn inputs(config: &Config, search: bool) -> Inputs {
        let out_dir = config.default_out_dir();
        hash_inputs(&BuildOptions { config, out_dir: &out_dir, search }).unwrap()
    }

    /// Makes a file or folder look an hour old.
    fn age(path: &Path) {
        let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::open(path).unwrap().set_modified(an_hour_ago).unwrap();
    }

    #[test]
    fn input_hash_follows_names_sizes_times_and_options() {
        let (_dir, config) = site_with(&[("content/articles/a.md", "---\ntitle: A\n---\n")]);
        let article = config.articles_dir().join("a.md");
        age(&article);
        let first = inputs(&config, true);
        assert!(!first.racy);
        assert_eq!(inputs(&config, true).hash, first.hash);
        assert_ne!(inputs(&config, false).hash, first.hash, "options count");
        // Hidden files (editor swap files) are no input.
        std::fs::write(config.articles_dir().join(".a.md.swp"), "x").unwrap();
        assert_eq!(inputs(&config, true).hash, first.hash);
        std::fs::write(&article, "---\ntitle: B\n---\n").unwrap();
        let edited = inputs(&config, true);
        assert!(edited.racy, "just written");
        assert_ne!(edited.hash, first.hash);
        std::fs::create_dir_all(config.templates_dir()).unwrap();
        std::fs::write(config.templates_dir().join("x.html"), "").unwrap();
        assert_ne!(inputs(&config, true).hash, edited.hash, "a template is an input");
    }

    #[test]
    fn a_stamp_matches_only_its_inputs_and_output() {
        let (_dir, config) = site_with(&[("content/articles/a.md", "---\ntitle: A\n---\n")]);
        age(&config.articles_dir().join("a.md"));
        let out = config.default_out_dir();
        std::fs::create_dir_all(out.join("articles/a")).unwrap();
        age(&out.join("articles"));
        let inputs = inputs(&config, true);
        let counts = Counts { pages: 3, html_pages: 2, articles: 1, entities: 0 };
        let warning =
            Diagnostic::warning(Category::UnusedEntity, Some(Location::at("a.md", 2, 3)), "odd");
        write(&config, &inputs, &out, counts, std::slice::from_ref(&warning));
        let found = read_up_to_date(&config, &inputs, &out).expect("up to date");
        assert_eq!(found.counts, counts);
        assert_eq!(found.warnings, [warning]);
        std::fs::remove_dir_all(out.join("articles/a")).unwrap();
        assert!(read_up_to_date(&config, &inputs, &out).is_none(), "a page folder went");
        std::fs::create_dir_all(out.join("articles/a")).unwrap();
        write(&config, &inputs, &out, counts, &[]);
        remove(&config);
        assert!(read_up_to_date(&config, &inputs, &out).is_none(), "removed");
    }
}
