//! The switch from the old output to the new: files staged in a folder of this process beside
//! the output are renamed into place, and the files no longer produced removed, under a
//! journal, so that a process killed half-way (`kill -9`, a crash) leaves the next build
//! enough to finish the switch before it does anything else.
//!
//! What a reader of the output folder sees: every file is whole (renamed into place, never
//! written in place), and no temporary file ever lies inside the output. While the renames run
//! (a few milliseconds for an edit, up to a second or two for a full build of a large site),
//! and after a kill during them until the next build of the site, some files are new and some
//! still old. The next build first finishes the switch from the journal.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The folder this process stages files in, beside the output folder (so on its file system:
/// renames are atomic). Named after the process, so two processes never share one.
pub(super) fn staging_dir(out_dir: &Path) -> PathBuf {
    super::sibling(out_dir, &format!("{STAGING}{}", std::process::id()))
}

const STAGING: &str = "gloss-staging-";

/// The journal of a switch under way, beside the output folder.
fn journal_path(out_dir: &Path) -> PathBuf {
    super::sibling(out_dir, "gloss-switch")
}

/// What a switch does, written before its first rename.
#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    /// The staging folder's name, beside the output folder.
    staging: String,
    /// Paths to rename from the staging folder into the output folder, in order.
    moves: Vec<String>,
    /// Paths to remove from the output folder once every file moved.
    removed: Vec<String>,
}

/// Renames `moves` from `staging` into `out_dir`, then removes `removed`. Returns how many
/// moves were made, with the first error. The journal is removed at the end, and also on an
/// error: the process then lives on and its caller knows what was done (a full build
/// follows); only a process killed during the switch leaves the journal to [`recover`].
pub(super) fn switch(
    out_dir: &Path,
    staging: &Path,
    moves: &[&str],
    removed: &[String],
) -> (usize, Result<()>) {
    let journal = journal_path(out_dir);
    let record = Journal {
        staging: staging.file_name().map_or_else(String::new, |n| n.to_string_lossy().into()),
        moves: moves.iter().map(|m| m.to_string()).collect(),
        removed: removed.to_vec(),
    };
    if let Err(error) = write_journal(&journal, &record) {
        return (0, Err(error));
    }
    let abort_after = abort_after_renames();
    let mut done = 0;
    let mut result = Ok(());
    for path in moves {
        if abort_after == Some(done) {
            std::process::abort();
        }
        if let Err(error) = move_into_place(out_dir, staging, path) {
            result = Err(error);
            break;
        }
        done += 1;
    }
    if result.is_ok() {
        result = super::remove_files(out_dir, removed);
    }
    let _ = std::fs::remove_file(&journal);
    (done, result)
}

/// A test's way to kill gloss in the middle of a switch (`tests/build_lock.rs`): the process
/// aborts after this many renames, as `kill -9` would stop it.
fn abort_after_renames() -> Option<usize> {
    std::env::var("GLOSS_TEST_ABORT_AFTER_RENAMES").ok()?.parse().ok()
}

fn write_journal(journal: &Path, record: &Journal) -> Result<()> {
    let temporary = journal.with_extension("tmp");
    let text = serde_json::to_vec(record).expect("a journal serialises");
    std::fs::write(&temporary, text)
        .and_then(|()| std::fs::rename(&temporary, journal))
        .with_context(|| format!("cannot write {}", journal.display()))
}

fn move_into_place(out_dir: &Path, staging: &Path, path: &str) -> Result<()> {
    let target = out_dir.join(path);
    let parent = target.parent().expect("output files live in a folder");
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    std::fs::rename(staging.join(path), &target)
        .with_context(|| format!("cannot move {} into place", target.display()))
}

/// Finishes a switch that a killed process left half-done (its journal), and removes the
/// staging folders of processes that no longer run. Called by every build before it reads the
/// output folder, holding the site's lock.
pub fn recover(out_dir: &Path) {
    let journal = journal_path(out_dir);
    match std::fs::read(&journal) {
        Ok(bytes) => match serde_json::from_slice::<Journal>(&bytes) {
            Ok(record) => {
                let finished = finish(out_dir, &record);
                match finished {
                    Ok(moved) => tracing::info!(
                        "finished the switch of {} that a stopped build left ({moved} files moved)",
                        out_dir.display()
                    ),
                    // The next full build compares every file anyway.
                    Err(error) => tracing::warn!("cannot finish an interrupted switch: {error:#}"),
                }
            }
            Err(error) => tracing::warn!("ignoring a damaged {}: {error}", journal.display()),
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::warn!("cannot read {}: {error}", journal.display()),
    }
    let _ = std::fs::remove_file(&journal);
    remove_dead_staging(out_dir);
}

/// Makes the moves not made yet (a staged file still there), then the removals.
fn finish(out_dir: &Path, record: &Journal) -> Result<usize> {
    anyhow::ensure!(
        record.staging.starts_with('.')
            && record.staging.contains(STAGING)
            && !record.staging.contains(['/', '\\']),
        "the journal names no staging folder"
    );
    let staging = super::absolute(out_dir).with_file_name(&record.staging);
    let mut moved = 0;
    for path in &record.moves {
        super::checked(path)?;
        if staging.join(path).is_file() {
            move_into_place(out_dir, &staging, path)?;
            moved += 1;
        }
    }
    for path in &record.removed {
        super::checked(path)?;
    }
    super::remove_files(out_dir, &record.removed)?;
    Ok(moved)
}

/// Staging folders beside `out_dir` whose process is gone (killed, or an older gloss's
/// unnamed one).
fn remove_dead_staging(out_dir: &Path) {
    let name = super::sibling(out_dir, STAGING);
    let (Some(parent), Some(prefix)) = (name.parent(), name.file_name()) else { return };
    let prefix = prefix.to_string_lossy();
    let old_style = prefix.trim_end_matches('-').to_string();
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let dead = match file_name.strip_prefix(&*prefix) {
            Some(pid) => pid.parse().map_or(true, |pid| !process_runs(pid)),
            None => file_name == old_style,
        };
        if dead {
            tracing::debug!("removing the leftover staging folder {file_name}");
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Elsewhere the site's lock alone keeps other builds out: a staging folder found while holding
/// it is a leftover.
#[cfg(not(target_os = "linux"))]
fn process_runs(pid: u32) -> bool {
    pid == std::process::id()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_switch_cut_short_is_finished_by_recover() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        std::fs::create_dir_all(&out).unwrap();
        for name in ["a.html", "b.html", "gone.html"] {
            std::fs::write(out.join(name), "old").unwrap();
        }
        let staging = staging_dir(&out);
        std::fs::create_dir_all(staging.join("new")).unwrap();
        for name in ["a.html", "b.html", "new/c.html"] {
            std::fs::write(staging.join(name), "new").unwrap();
        }
        // What a process killed after its first rename leaves.
        let record = Journal {
            staging: staging.file_name().unwrap().to_string_lossy().into(),
            moves: vec!["a.html".into(), "b.html".into(), "new/c.html".into()],
            removed: vec!["gone.html".into()],
        };
        write_journal(&journal_path(&out), &record).unwrap();
        move_into_place(&out, &staging, "a.html").unwrap();
        recover(&out);
        for name in ["a.html", "b.html", "new/c.html"] {
            assert_eq!(std::fs::read_to_string(out.join(name)).unwrap(), "new", "{name}");
        }
        assert!(!out.join("gone.html").exists());
        assert!(!journal_path(&out).exists());
        // The folder is this process's own: it stays for its owner to remove.
        assert!(staging.exists());
    }

    #[test]
    fn a_dead_process_staging_folder_is_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("dist");
        let dead = super::super::sibling(&out, &format!("{STAGING}{}", u32::MAX - 1));
        let old_style = super::super::sibling(&out, "gloss-staging");
        let mine = staging_dir(&out);
        for dir in [&dead, &old_style, &mine] {
            std::fs::create_dir_all(dir).unwrap();
        }
        recover(&out);
        assert!(!dead.exists() && !old_style.exists());
        assert!(mine.exists());
    }
}
