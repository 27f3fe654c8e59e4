//! Write stage: rendered output files → the output folder (`dist/`), never half-written.
//!
//! A whole build renders every file first: the files whose bytes changed go to a staging folder
//! beside the output as they are rendered (so memory stays bounded), unchanged ones are not
//! touched at all. A small rebuild holds its few changed files in memory and stages them at the
//! end. Either way, only when every changed file is staged are they renamed into place and the
//! files no longer produced removed (`switch.rs`, under a journal that the next build finishes
//! if the process is killed meanwhile): a failure before that (a full disk) leaves the output
//! untouched, every file is replaced whole by a rename, and no temporary file ever lies in the
//! output folder.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

mod contents;
mod owned;
mod switch;
pub use contents::{Contents, Splice};
pub use owned::{OWNED_LIST, check_out_dir};
pub use switch::recover;

/// Hash of the bytes of every file in the output folder, as gloss last wrote it.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    files: HashMap<String, u128>,
}

impl Manifest {
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The hash of the file at `path` as gloss last wrote it.
    pub fn digest(&self, path: &str) -> Option<u128> {
        self.files.get(path).copied()
    }

    /// Whether `bytes` are what the file at `path` already holds.
    pub fn is_unchanged(&self, path: &str, bytes: &[u8]) -> bool {
        self.files.get(path) == Some(&hash(bytes))
    }
}

/// The file at `path`, mapped into memory rather than read: no copy, and no fresh memory, only
/// the page cache. For the files gloss itself writes (output files, the build snapshot), which
/// it only ever replaces whole, by a rename: that leaves a mapped file as it was. Every page is
/// mapped at once (the callers read the whole file), not on first touch, one fault each.
pub fn map_file(path: &Path) -> std::io::Result<memmap2::Mmap> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the mapped file changes only if something other than gloss writes into it while
    // the mapping lives (gloss writes a new file and renames it over the old one).
    unsafe { memmap2::MmapOptions::new().populate().map(&file) }
}

pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Refuses output paths that could land outside the output folder.
fn checked(path: &str) -> Result<&Path> {
    let relative = Path::new(path);
    let safe = !path.is_empty()
        && relative.components().all(|c| matches!(c, Component::Normal(_)))
        && !path.contains('\\');
    if !safe {
        bail!("refusing to write output file {path:?}: not a plain path inside the output folder");
    }
    Ok(relative)
}

pub(crate) fn absolute(path: &Path) -> PathBuf {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A sibling of `out_dir` named after it, on the same file system so renames are atomic.
fn sibling(out_dir: &Path, suffix: &str) -> PathBuf {
    let name =
        out_dir.file_name().map_or_else(|| "dist".into(), |n| n.to_string_lossy().into_owned());
    absolute(out_dir).with_file_name(format!(".{name}.{suffix}"))
}

/// What a write changed.
#[derive(Debug, Default)]
pub struct Written {
    /// Files created, changed or removed, `/`-separated and relative to the output folder.
    pub changed: Vec<String>,
    pub manifest: Manifest,
}

/// A whole new output tree being staged beside the current one. Dropped without
/// [`Staging::commit`], it removes itself and the current output stays as it was.
pub struct Staging {
    out_dir: PathBuf,
    dir: PathBuf,
    previous: Option<Manifest>,
    entries: Mutex<Vec<(String, u128, bool)>>,
    created_dirs: Mutex<HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Starts staging. `previous` is the manifest of the current output when this process
    /// wrote it; without one, unchanged files are found by comparing bytes on disk.
    pub fn begin(out_dir: &Path, previous: Option<Manifest>) -> Result<Staging> {
        let dir = fresh_staging_dir(out_dir)?;
        Ok(Staging {
            out_dir: absolute(out_dir),
            dir,
            previous,
            entries: Mutex::new(Vec::new()),
            created_dirs: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Stages one file; safe to call from many threads.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let relative = checked(path)?;
        let digest = hash(bytes);
        let current = self.out_dir.join(relative);
        let unchanged = match &self.previous {
            Some(manifest) => manifest.files.get(path) == Some(&digest) && current.is_file(),
            None => same_bytes(&current, bytes),
        };
        if !unchanged {
            let staged = self.dir.join(relative);
            self.create_parent(&staged)?;
            std::fs::write(&staged, bytes)
                .with_context(|| format!("cannot write {}", staged.display()))?;
        }
        self.record(path, digest, !unchanged);
        Ok(())
    }

    fn record(&self, path: &str, digest: u128, changed: bool) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).push((
            path.to_string(),
            digest,
            changed,
        ));
    }

    /// Stages one file that `write` produces piece by piece (a large export need not be held in
    /// memory); safe to call from many threads.
    pub fn put_streamed(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let relative = checked(path)?;
        let staged = self.dir.join(relative);
        self.create_parent(&staged)?;
        let file = std::fs::File::create(&staged)
            .with_context(|| format!("cannot write {}", staged.display()))?;
        let mut out = HashingWriter { file, hasher: xxhash_rust::xxh3::Xxh3::new(), len: 0 };
        write(&mut out).with_context(|| format!("cannot write {}", staged.display()))?;
        let (digest, len) = (out.hasher.digest128(), out.len);
        let current = self.out_dir.join(relative);
        let unchanged = match &self.previous {
            Some(manifest) => manifest.files.get(path) == Some(&digest) && current.is_file(),
            None => {
                std::fs::metadata(&current).is_ok_and(|m| m.is_file() && m.len() == len)
                    && hash_file(&current).is_ok_and(|old| old == digest)
            }
        };
        if unchanged {
            std::fs::remove_file(&staged)
                .with_context(|| format!("cannot remove {}", staged.display()))?;
        }
        self.record(path, digest, !unchanged);
        Ok(())
    }

    fn create_parent(&self, staged: &Path) -> Result<()> {
        let parent = staged.parent().expect("staged files live in a folder");
        let known = self.created_dirs.lock().unwrap_or_else(|p| p.into_inner()).contains(parent);
        if !known {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
            self.created_dirs
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Moves the changed files into the output folder and removes the files no longer produced.
    pub fn commit(mut self) -> Result<Written> {
        let entries = std::mem::take(&mut *self.entries.lock().unwrap_or_else(|p| p.into_inner()));
        let mut seen = HashSet::new();
        for (path, _, _) in &entries {
            if !seen.insert(path.as_str()) {
                bail!("two outputs want the same file {path}; rename one of their sources");
            }
        }
        let old_files = files_in(&self.out_dir, self.previous.as_ref());
        let removed: Vec<String> =
            old_files.into_iter().filter(|p| !seen.contains(p.as_str())).collect();
        let mut changed: Vec<String> =
            entries.iter().filter(|(_, _, changed)| *changed).map(|(p, _, _)| p.clone()).collect();
        let list_changed = owned::stage_list(
            &self.out_dir,
            &self.dir,
            entries.iter().map(|(p, _, _)| p.as_str()),
        )?;
        if !self.out_dir.exists() {
            // A first build: the staged folder becomes the output in one rename.
            if let Some(parent) = self.out_dir.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::rename(&self.dir, &self.out_dir).with_context(|| {
                format!("cannot move the new site into {}", self.out_dir.display())
            })?;
        } else {
            let mut moves: Vec<&str> = changed.iter().map(String::as_str).collect();
            if list_changed {
                moves.push(OWNED_LIST);
            }
            switch::switch(&self.out_dir, &self.dir, &moves, &removed).1?;
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        self.committed = true;
        changed.extend(removed);
        changed.sort();
        let files = entries.into_iter().map(|(path, digest, _)| (path, digest)).collect();
        Ok(Written { changed, manifest: Manifest { files } })
    }
}

/// The hash of a file's bytes, read a piece at a time (outputs can be hundreds of megabytes).
fn hash_file(path: &Path) -> std::io::Result<u128> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(hasher.digest128()),
            read => hasher.update(&buffer[..read]),
        }
    }
}

/// A file being written, and the hash and length of what went into it.
struct HashingWriter {
    file: std::fs::File,
    hasher: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl std::io::Write for HashingWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        self.len += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Removes output files, and the folders they leave empty.
fn remove_files(out_dir: &Path, removed: &[String]) -> Result<()> {
    for path in removed {
        let target = out_dir.join(path);
        match std::fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", target.display())),
        }
        let mut dir = target.parent();
        while let Some(folder) = dir {
            if folder == out_dir || std::fs::remove_dir(folder).is_err() {
                break;
            }
            dir = folder.parent();
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// The files gloss wrote into the output folder: the manifest's, or those its list names. Any
/// other file there is someone else's, and stays.
fn files_in(out_dir: &Path, manifest: Option<&Manifest>) -> Vec<String> {
    match manifest {
        Some(manifest) => manifest.files.keys().cloned().collect(),
        None => owned::read_owned(out_dir),
    }
}

/// Writes only the files whose bytes differ from `manifest` (staged several at once, then
/// switched into place together), and removes the files in `removed`. Every path is checked
/// before anything is written; a file that cannot be staged leaves the output as it was.
pub fn write_changed(
    out_dir: &Path,
    files: Vec<(String, Contents)>,
    removed: &[String],
    manifest: &mut Manifest,
) -> Result<Vec<String>> {
    for (path, _) in &files {
        checked(path)?;
    }
    for path in removed {
        checked(path)?;
    }
    let changed: Vec<(String, Contents, u128)> = (files.into_par_iter())
        .map(|(path, bytes)| {
            let digest = bytes.digest();
            (path, bytes, digest)
        })
        .filter(|(path, _, digest)| manifest.files.get(path) != Some(digest))
        .collect();
    let gone: Vec<String> = removed.iter().filter(|p| out_dir.join(p).exists()).cloned().collect();
    if changed.is_empty() && gone.is_empty() && !removed.iter().any(|p| manifest.contains(p)) {
        return Ok(Vec::new());
    }
    let staging = StagingFolder(fresh_staging_dir(out_dir)?);
    changed
        .par_iter()
        .map(|(path, bytes, _)| stage(&staging.0, path, bytes))
        .collect::<Result<()>>()?;
    // The list of gloss's own files changes only when a file comes or goes (not on an edit).
    let comes_or_goes = changed.iter().any(|(path, _, _)| !manifest.contains(path))
        || removed.iter().any(|path| manifest.contains(path));
    let list_changed = comes_or_goes && {
        let removed: HashSet<&str> = removed.iter().map(String::as_str).collect();
        let kept = manifest.paths().filter(|p| !removed.contains(p));
        let added = changed.iter().map(|(p, _, _)| p.as_str()).filter(|p| !manifest.contains(p));
        owned::stage_list(out_dir, &staging.0, kept.chain(added))?
    };
    let mut moves: Vec<&str> = changed.iter().map(|(path, _, _)| path.as_str()).collect();
    if list_changed {
        moves.push(OWNED_LIST);
    }
    let (moved, result) = switch::switch(out_dir, &staging.0, &moves, removed);
    // Every file moved is recorded, even when another failed: the manifest must never vouch
    // for bytes a file does not hold.
    for (path, _, digest) in changed.iter().take(moved) {
        manifest.files.insert(path.clone(), *digest);
    }
    result?;
    for path in removed {
        manifest.files.remove(path);
    }
    let mut written: Vec<String> = changed.into_iter().map(|(path, _, _)| path).collect();
    written.extend(gone);
    written.sort();
    Ok(written)
}

/// This process's staging folder beside `out_dir`, empty.
fn fresh_staging_dir(out_dir: &Path) -> Result<PathBuf> {
    let dir = switch::staging_dir(out_dir);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| {
            format!("cannot clear the leftover staging folder {}", dir.display())
        })?;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

/// A staging folder removed when dropped, whatever happened.
struct StagingFolder(PathBuf);

impl Drop for StagingFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `bytes` as the file at `path` inside the staging folder `dir`.
fn stage(dir: &Path, path: &str, bytes: &Contents) -> Result<()> {
    let target = dir.join(path);
    let parent = target.parent().expect("output files live in a folder");
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    std::fs::File::create(&target)
        .and_then(|mut file| bytes.write_to(&mut file))
        .with_context(|| format!("cannot write {}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(dir: &Path, path: &str) -> String {
        std::fs::read_to_string(dir.join(path)).unwrap()
    }

    #[test]
    fn staged_build_replaces_output_and_drops_stale_files() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(out.join("old")).unwrap();
        std::fs::write(out.join("old/index.html"), "stale").unwrap();
        std::fs::write(out.join("same.txt"), "same").unwrap();
        owned::write_owned(&out, ["old/index.html", "same.txt"].into_iter()).unwrap();
        let staging = Staging::begin(&out, None).unwrap();
        staging.put("a/index.html", b"new").unwrap();
        staging.put("same.txt", b"same").unwrap();
        let written = staging.commit().unwrap();
        assert_eq!(read(&out, "a/index.html"), "new");
        assert!(!out.join("old/index.html").exists());
        assert_eq!(written.changed, ["a/index.html", "old/index.html"]);
        assert!(!switch::staging_dir(&out).exists());
    }

    #[test]
    fn a_streamed_file_is_staged_like_any_other() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(out.join("data")).unwrap();
        std::fs::write(out.join("data/same.json"), "[1,2]\n").unwrap();
        let staging = Staging::begin(&out, None).unwrap();
        staging.put_streamed("data/same.json", |w| w.write_all(b"[1,2]\n")).unwrap();
        staging.put_streamed("data/new.json", |w| write!(w, "[{}]", 3)).unwrap();
        let written = staging.commit().unwrap();
        assert_eq!(written.changed, ["data/new.json"]);
        assert_eq!(read(&out, "data/new.json"), "[3]");
        assert!(written.manifest.is_unchanged("data/same.json", b"[1,2]\n"));
    }

    #[test]
    fn abandoned_staging_leaves_output_untouched() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "before").unwrap();
        {
            let staging = Staging::begin(&out, None).unwrap();
            staging.put("index.html", b"after").unwrap();
        }
        assert_eq!(read(&out, "index.html"), "before");
        assert!(!switch::staging_dir(&out).exists());
    }

    #[test]
    fn unchanged_files_keep_their_inode() {
        use std::os::unix::fs::MetadataExt;
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("keep.html"), "same").unwrap();
        let before = std::fs::metadata(out.join("keep.html")).unwrap().ino();
        let staging = Staging::begin(&out, None).unwrap();
        staging.put("keep.html", b"same").unwrap();
        let written = staging.commit().unwrap();
        assert!(written.changed.is_empty());
        assert_eq!(std::fs::metadata(out.join("keep.html")).unwrap().ino(), before);
    }

    #[test]
    fn refuses_paths_outside_the_output() {
        let root = tempfile::tempdir().unwrap();
        let staging = Staging::begin(&root.path().join("dist"), None).unwrap();
        for path in ["../x", "/etc/x", "a/../../x", ""] {
            assert!(staging.put(path, b"x").is_err(), "{path}");
        }
    }

    #[test]
    fn write_changed_skips_identical_bytes() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        let mut manifest = Manifest::default();
        let first =
            write_changed(&out, vec![("a.html".into(), b"1".to_vec().into())], &[], &mut manifest)
                .unwrap();
        assert_eq!(first, ["a.html"]);
        let second =
            write_changed(&out, vec![("a.html".into(), b"1".to_vec().into())], &[], &mut manifest)
                .unwrap();
        assert!(second.is_empty());
        let removed = write_changed(&out, vec![], &["a.html".into()], &mut manifest).unwrap();
        assert_eq!(removed, ["a.html"]);
        assert!(!out.join("a.html").exists());
    }

    #[test]
    fn a_failed_write_leaves_the_others_recorded() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(&out).unwrap();
        // A file where a folder should be: nothing can be written under it.
        std::fs::write(out.join("blocked"), "a file").unwrap();
        let mut manifest = Manifest::default();
        let files = vec![
            ("a.html".into(), b"1".to_vec().into()),
            ("blocked/b.html".into(), b"2".to_vec().into()),
        ];
        assert!(write_changed(&out, files, &[], &mut manifest).is_err());
        assert_eq!(read(&out, "a.html"), "1");
        assert!(manifest.is_unchanged("a.html", b"1"));
        assert!(!manifest.contains("blocked/b.html"));
    }

    #[test]
    fn a_build_removes_only_the_files_gloss_wrote() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/config"), "[core]").unwrap();
        std::fs::write(out.join("thesis.pdf"), "mine").unwrap();
        let staging = Staging::begin(&out, None).unwrap();
        staging.put("old/index.html", b"gloss's").unwrap();
        staging.commit().unwrap();
        let staging = Staging::begin(&out, None).unwrap();
        staging.put("new/index.html", b"gloss's").unwrap();
        let written = staging.commit().unwrap();
        assert_eq!(written.changed, ["new/index.html", "old/index.html"]);
        assert_eq!(read(&out, "thesis.pdf"), "mine");
        assert_eq!(read(&out, ".git/config"), "[core]");
        assert_eq!(owned::read_owned(&out), ["new/index.html"]);
    }
}
