//! Annotate writes all or nothing, and never over a save it did not see: before the first
//! write every file it read must still be readable and as it was read, and each article is
//! compared again just before its new text replaces it.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use rayon::prelude::*;

use super::ArticleWork;
use super::registry::{ExistingEntities, PlannedEntity};
use crate::config::Config;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::ledger::{FileState, Ledger, hash_bytes, write_atomically};

/// Refuses to write anything when a file of the site could not be read or parsed (annotate
/// would take its links and mentions for gone: entities removed, links undone elsewhere) or
/// when an article or entity file changed on disk since annotate read it.
pub(super) fn ready_to_write(
    config: &Config,
    articles: &[ArticleWork],
    diagnostics: &[Diagnostic],
    existing: &ExistingEntities,
    planned: &[PlannedEntity],
    ledger: &Ledger,
) -> Result<()> {
    let root = config.root.as_path();
    let errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    if !errors.is_empty() {
        return Err(anyhow::Error::new(InputErrors(errors))
            .context("annotate wrote nothing: every article must be read first"));
    }
    let mut changed: Vec<PathBuf> = articles
        .par_iter()
        .filter(|work| {
            work.read_as.as_deref().is_some_and(|read| hash_on_disk(root, &work.path) != read)
        })
        .map(|work| work.path.clone())
        .collect();
    let own_paths: Vec<&Path> = existing.own.iter().map(|own| own.path.as_path()).collect();
    for path in &own_paths {
        if ledger.state_of(root, path).ok() != Some(FileState::AsWritten) {
            changed.push(path.to_path_buf());
        }
    }
    let entities_dir = crate::diagnostics::display_path(root, &config.entities_dir());
    for plan in planned.iter().filter(|p| !p.kept) {
        let path = entities_dir.join(format!("{}.md", plan.file));
        // A file renamed only in case is the same file where names ignore case.
        let lower = path.to_string_lossy().to_lowercase();
        let new = !own_paths.iter().any(|own| own.to_string_lossy().to_lowercase() == lower);
        if new && ledger.state_of(root, &path).ok() != Some(FileState::Missing) {
            changed.push(path);
        }
    }
    if !changed.is_empty() {
        changed.sort();
        changed.dedup();
        let list: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        bail!(
            "annotate wrote nothing: {} changed on disk while annotate ran; run it again",
            list.join(", ")
        );
    }
    Ok(())
}

/// Writes `text` to `root/relative` atomically unless the file no longer hashes to `expected`
/// (saved since annotate read it); returns the hash the ledger records.
pub(super) fn write_unless_changed(
    root: &Path,
    relative: &Path,
    text: &str,
    expected: Option<&str>,
) -> Result<String> {
    if let Some(expected) = expected
        && hash_on_disk(root, relative) != expected
    {
        bail!(
            "{} changed on disk while annotate ran; left as it is (run annotate again)",
            relative.display()
        );
    }
    write_atomically(&root.join(relative), text.as_bytes())?;
    Ok(hash_bytes(text.as_bytes()))
}

/// The hash of a file's bytes; empty when it cannot be read.
fn hash_on_disk(root: &Path, relative: &Path) -> String {
    std::fs::read(root.join(relative)).map(|bytes| hash_bytes(&bytes)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_saved_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let relative = Path::new("a.md");
        std::fs::write(dir.path().join(relative), "as read").unwrap();
        let read = hash_on_disk(dir.path(), relative);
        std::fs::write(dir.path().join(relative), "a person's save").unwrap();
        let error = write_unless_changed(dir.path(), relative, "annotated", Some(&read));
        assert!(error.unwrap_err().to_string().contains("changed on disk"));
        let text = std::fs::read_to_string(dir.path().join(relative)).unwrap();
        assert_eq!(text, "a person's save");
        let now = hash_on_disk(dir.path(), relative);
        write_unless_changed(dir.path(), relative, "annotated", Some(&now)).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join(relative)).unwrap(), "annotated");
    }
}
