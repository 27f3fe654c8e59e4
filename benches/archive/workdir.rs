//! Work folders the tools run in, made from the cached archive, and the edits the rebuild steps
//! make. Files a tool only reads are hard-linked (fast, no disk); files anything writes to are
//! copied, so the cache never changes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use rayon::prelude::*;
use walkdir::WalkDir;

/// Empties `dir` (creating it when missing).
pub fn fresh_dir(dir: &Path) -> Result<()> {
    remove(dir)?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

pub fn remove(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Moves `path` (when there is one) into the folder `trash`, to be removed later with
/// [`remove`]. Timed steps set old output aside rather than delete it: on a file system without
/// a journal (ext4 on this benchmark's machine), for a minute or more after many files are
/// deleted, every new file scans the inodes just freed (`recently_deleted`), which costs a
/// 10,000-article build more system time than its own work.
pub fn set_aside(path: &Path, trash: &Path) -> Result<()> {
    if !path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(trash).with_context(|| format!("cannot create {}", trash.display()))?;
    let taken = std::fs::read_dir(trash).map_or(0, |entries| entries.count());
    let target = trash.join(taken.to_string());
    std::fs::rename(path, &target)
        .with_context(|| format!("cannot move {} to {}", path.display(), target.display()))
}

/// Recreates `source` at `target`: every file hard-linked, except those in `copied` (relative
/// paths) and any that cannot be linked, which are copied.
pub fn mirror(source: &Path, target: &Path, copied: &[PathBuf]) -> Result<()> {
    tree(source, target, |relative| !copied.iter().any(|c| c == relative))
}

/// Copies `source` to `target`, every file.
pub fn copy(source: &Path, target: &Path) -> Result<()> {
    tree(source, target, |_| false)
}

fn tree(source: &Path, target: &Path, link: impl Fn(&Path) -> bool + Sync) -> Result<()> {
    fresh_dir(target)?;
    let mut files = Vec::new();
    for entry in WalkDir::new(source).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot walk {}", source.display()))?;
        let relative =
            entry.path().strip_prefix(source).expect("walk stays under its root").to_path_buf();
        if entry.file_type().is_dir() {
            let dir = target.join(&relative);
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        } else {
            files.push(relative);
        }
    }
    files.par_iter().try_for_each(|relative| {
        let (from, to) = (source.join(relative), target.join(relative));
        if link(relative) && std::fs::hard_link(&from, &to).is_ok() {
            return Ok(());
        }
        std::fs::copy(&from, &to).with_context(|| format!("cannot copy {}", from.display()))?;
        // A copy keeps the original's time, as a checkout would: a file that looks just saved
        // makes `gloss build` leave no stamp, and the no-op step would time a full build.
        let modified = std::fs::metadata(&from).and_then(|m| m.modified());
        let file = std::fs::File::options().write(true).open(&to);
        file.and_then(|f| f.set_modified(modified?))
            .with_context(|| format!("cannot set the time of {}", to.display()))
    })
}

/// Waits until `path` was last modified at least `age` ago. `gloss build` writes no build stamp
/// when an input changed in the two seconds before it started (a later change in the same
/// clock tick could keep the file's time), so a build just after the archive was generated
/// (the harness mirrors 100,000 files by hard links in about a second) left none, and the
/// no-op step that followed timed a full build.
pub fn wait_until_older(path: &Path, age: Duration) -> Result<()> {
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .with_context(|| format!("cannot read the time of {}", path.display()))?;
    // A time in the future (a clock that moved back) counts as just now.
    let elapsed = modified.elapsed().unwrap_or_default();
    if elapsed < age {
        std::thread::sleep(age - elapsed);
    }
    Ok(())
}

/// The sentence edit number `number` adds; the steps look for it in the rebuilt page.
pub fn marker(number: usize) -> String {
    format!("Benchmark edit number {number}.")
}

/// Puts a new first paragraph into a Markdown article (after its front matter), as a writer
/// adding a sentence would. Returns the sentence.
pub fn edit_article(path: &Path, number: usize) -> Result<String> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let body_start = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| 4 + end + 5))
        .unwrap_or(0);
    let sentence = marker(number);
    let edited = format!("{}{sentence}\n\n{}", &text[..body_start], &text[body_start..]);
    write_in_place(path, &edited)?;
    Ok(sentence)
}

/// Appends a sentence to an entity's description.
pub fn edit_entity(path: &Path, number: usize) -> Result<String> {
    let mut text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let sentence = marker(number);
    text.push_str(&format!("\n{sentence}\n"));
    write_in_place(path, &text)?;
    Ok(sentence)
}

/// Appends a rule to a stylesheet.
pub fn edit_css(path: &Path, number: usize) -> Result<String> {
    let mut text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let rule = format!(".benchmark-edit-{number} {{ color: inherit; }}");
    text.push_str(&format!("\n{rule}\n"));
    write_in_place(path, &text)?;
    Ok(rule)
}

/// Overwrites the file itself (as most editors save), so a watcher sees one modification.
fn write_in_place(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_edit_goes_after_front_matter() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "---\ntitle: A\n---\nBody.\n").unwrap();
        edit_article(&path, 3).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text, "---\ntitle: A\n---\nBenchmark edit number 3.\n\nBody.\n");
    }

    #[test]
    fn waits_until_a_file_is_old_enough() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        std::fs::write(&path, "{}").unwrap();
        let age = Duration::from_millis(300);
        wait_until_older(&path, age).unwrap();
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert!(modified.elapsed().unwrap() >= age);
        assert!(wait_until_older(&dir.path().join("missing"), age).is_err());
    }

    #[test]
    fn mirror_copies_the_files_to_be_edited() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("source");
        std::fs::create_dir_all(source.join("content")).unwrap();
        std::fs::write(source.join("content/a.md"), "a").unwrap();
        std::fs::write(source.join("content/b.md"), "b").unwrap();
        let target = dir.path().join("target");
        mirror(&source, &target, &[PathBuf::from("content/b.md")]).unwrap();
        std::fs::write(target.join("content/b.md"), "edited").unwrap();
        assert_eq!(std::fs::read_to_string(source.join("content/b.md")).unwrap(), "b");
        assert_eq!(std::fs::read_to_string(target.join("content/a.md")).unwrap(), "a");
    }
}
