//! The ledger of files gloss itself wrote under `content/` (by import and annotate), with a hash
//! of the exact bytes written. A file whose bytes no longer match was edited by a person, so
//! gloss must not overwrite it without `--force` (and then keeps a backup).
//!
//! Stored as `content/.gloss/ledger.json`, committed with the content so a fresh clone knows
//! which files are still as gloss wrote them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::config::Config;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Ledger {
    /// Path relative to the site root (with `/`) → hash of the bytes gloss last wrote there.
    files: BTreeMap<String, String>,
    /// Article path → hash of what import last produced for it, before annotation. An article
    /// whose import comes out the same needs no rewrite, even though annotate changed the file.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    imported: BTreeMap<String, String>,
    #[serde(skip)]
    path: PathBuf,
    /// Articles whose import this run recorded already: the file written is merged with a
    /// person's decisions, and is not itself the import.
    #[serde(skip)]
    kept_imports: std::collections::HashSet<String>,
}

/// What a person has done to a file since gloss wrote it.
#[derive(Debug, PartialEq, Eq)]
pub enum FileState {
    /// No file there yet.
    Missing,
    /// Exactly the bytes gloss last wrote.
    AsWritten,
    /// Changed since gloss wrote it, or never written by gloss.
    Edited,
}

pub fn hash_bytes(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

impl Ledger {
    pub fn load(config: &Config) -> Result<Ledger> {
        let path = config.content_dir().join(".gloss").join("ledger.json");
        let mut ledger = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).with_context(|| {
                format!("{} is corrupt; delete it to start afresh", path.display())
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ledger::default(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        ledger.path = path;
        Ok(ledger)
    }

    pub fn save(&self) -> Result<()> {
        let dir = self.path.parent().expect("ledger lives in a folder");
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let text = serde_json::to_string_pretty(self).expect("ledger serializes") + "\n";
        write_atomically(&self.path, text.as_bytes())
    }

    /// Compares the file on disk with what gloss last wrote there.
    pub fn state_of(&self, root: &Path, relative: &Path) -> Result<FileState> {
        let path = root.join(relative);
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let recorded = self.files.get(&key(relative));
        Ok(if recorded == Some(&hash_bytes(&bytes)) {
            FileState::AsWritten
        } else {
            FileState::Edited
        })
    }

    /// Writes `bytes` to `root/relative` atomically and records them as gloss's own.
    pub fn write(&mut self, root: &Path, relative: &Path, bytes: &[u8]) -> Result<()> {
        let path = root.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        write_atomically(&path, bytes)?;
        self.files.insert(key(relative), hash_bytes(bytes));
        Ok(())
    }

    /// Copies the file aside as `<name>.<timestamp>.bak` under `content/.gloss/backup/`, before
    /// a forced overwrite; returns the backup's path.
    /// Never over an earlier backup: one made in the same second gets `-2`, `-3`… appended.
    pub fn back_up(&self, root: &Path, relative: &Path) -> Result<PathBuf> {
        let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S");
        let backup_dir = self.path.parent().expect("ledger lives in a folder").join("backup");
        let stem = format!("{}.{stamp}", key(relative).replace('/', "__"));
        std::fs::create_dir_all(&backup_dir)
            .with_context(|| format!("cannot create {}", backup_dir.display()))?;
        let bytes = std::fs::read(root.join(relative))
            .with_context(|| format!("cannot back up {}", relative.display()))?;
        for n in 1u32.. {
            let name = if n == 1 { format!("{stem}.bak") } else { format!("{stem}-{n}.bak") };
            let backup = backup_dir.join(name);
            // `create_new`: the name is claimed atomically, even against another gloss.
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&backup) {
                Ok(mut file) => {
                    std::io::Write::write_all(&mut file, &bytes)
                        .with_context(|| format!("cannot write {}", backup.display()))?;
                    return Ok(backup);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot write {}", backup.display()));
                }
            }
        }
        unreachable!("some backup name is free")
    }

    /// Records that gloss wrote a file whose bytes hash to `hash` (from `hash_bytes`), for
    /// writers that write files themselves, in parallel.
    pub fn record_written(&mut self, relative: &Path, hash: String) {
        self.files.insert(key(relative), hash);
    }

    /// Whether gloss ever recorded writing `relative` (it may have been edited since).
    pub fn recorded(&self, relative: &Path) -> bool {
        self.files.contains_key(&key(relative))
    }

    /// The paths gloss recorded writing (relative to the site root, with `/`).
    pub fn recorded_paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Moves what the ledger knows about `from` to `to`, for a file renamed as it is: an
    /// edited file stays edited, one as written stays gloss's own.
    pub fn rename(&mut self, from: &Path, to: &Path) {
        if let Some(hash) = self.files.remove(&key(from)) {
            self.files.insert(key(to), hash);
        }
        if let Some(hash) = self.imported.remove(&key(from)) {
            self.imported.insert(key(to), hash);
        }
    }

    pub fn forget(&mut self, relative: &Path) {
        self.files.remove(&key(relative));
        self.imported.remove(&key(relative));
    }

    /// Records `bytes` as what import produced for `relative` (unless [`Ledger::keep_import`]
    /// recorded it this run).
    pub fn record_import(&mut self, relative: &Path, bytes: &[u8]) {
        if !self.kept_imports.contains(&key(relative)) {
            self.imported.insert(key(relative), hash_bytes(bytes));
        }
    }

    /// Records `hash` (from `hash_bytes`) as what import produced for `relative`, whatever
    /// text is written there this run (the import merged with a person's decisions).
    pub fn keep_import(&mut self, relative: &Path, hash: String) {
        self.imported.insert(key(relative), hash);
        self.kept_imports.insert(key(relative));
    }

    /// Whether import produced exactly `bytes` for `relative` last time.
    pub fn is_last_import(&self, relative: &Path, bytes: &[u8]) -> bool {
        self.imported.get(&key(relative)) == Some(&hash_bytes(bytes))
    }
}

fn key(relative: &Path) -> String {
    relative.to_string_lossy().replace('\\', "/")
}

/// Writes through a temporary file in the same folder and renames it into place, so a reader
/// never sees half a file. The file keeps the mode it had; a new one gets the mode the umask
/// gives (a temporary file alone would be private to its owner).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = temporary_file_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        temp.as_file()
            .set_permissions(meta.permissions())
            .with_context(|| format!("cannot set the mode of {}", path.display()))?;
    }
    std::io::Write::write_all(&mut temp, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// A temporary file created with the mode an ordinary new file gets (0666 less the umask).
fn temporary_file_in(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn rewritten_files_keep_their_mode_and_new_ones_follow_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let kept = dir.path().join("kept.md");
        std::fs::write(&kept, "before").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&kept, b"after").unwrap();
        assert_eq!(mode(&kept), 0o664);
        let new = dir.path().join("new.md");
        write_atomically(&new, b"new").unwrap();
        // Whatever the umask, an ordinary file of the same folder gets the same mode.
        let ordinary = dir.path().join("ordinary.md");
        std::fs::write(&ordinary, "x").unwrap();
        assert_eq!(mode(&new), mode(&ordinary));
    }

    #[test]
    fn tells_own_output_from_human_edits() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::with_defaults(dir.path().to_path_buf());
        let mut ledger = Ledger::load(&config).unwrap();
        let file = Path::new("content/articles/a.md");
        assert_eq!(ledger.state_of(dir.path(), file).unwrap(), FileState::Missing);
        ledger.write(dir.path(), file, b"gloss wrote this").unwrap();
        ledger.save().unwrap();

        let ledger = Ledger::load(&config).unwrap();
        assert_eq!(ledger.state_of(dir.path(), file).unwrap(), FileState::AsWritten);
        std::fs::write(dir.path().join(file), "a person wrote this").unwrap();
        assert_eq!(ledger.state_of(dir.path(), file).unwrap(), FileState::Edited);

        let backup = ledger.back_up(dir.path(), file).unwrap();
        assert_eq!(std::fs::read_to_string(backup).unwrap(), "a person wrote this");
    }

    #[test]
    fn backups_in_the_same_second_never_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::with_defaults(dir.path().to_path_buf());
        let ledger = Ledger::load(&config).unwrap();
        let file = Path::new("content/articles/a.md");
        std::fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        let mut backups = Vec::new();
        for edit in ["first edit", "second edit", "third edit"] {
            std::fs::write(dir.path().join(file), edit).unwrap();
            backups.push(ledger.back_up(dir.path(), file).unwrap());
        }
        let kept: Vec<String> =
            backups.iter().map(|b| std::fs::read_to_string(b).unwrap()).collect();
        assert_eq!(kept, ["first edit", "second edit", "third edit"]);
    }
}
