//! One gloss process at a time writes a site's cache (`.gloss/`) and output: each build holds
//! an advisory lock on `.gloss/lock` while it runs (`gloss build` until it exits, `gloss serve`
//! during each rebuild). A second process waits for it, and says so.

use std::fs::{File, TryLockError};
use std::path::Path;

use anyhow::{Context, Result};

/// The lock file, relative to the site root (hidden: `serve` does not watch it).
const LOCK_FILE: &str = ".gloss/lock";

/// Held while alive; the system releases it when the process ends, however it ends.
#[derive(Debug)]
pub(crate) struct SiteLock {
    _file: File,
}

impl SiteLock {
    /// Takes the lock of the site at `root`, waiting for another process that holds it. Where
    /// the file system cannot lock files, the build goes on unlocked (noted in the debug log).
    pub(crate) fn acquire(root: &Path) -> Result<SiteLock> {
        let path = root.join(LOCK_FILE);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                eprintln!(
                    "waiting: another gloss process is building this site ({} is locked)",
                    path.display()
                );
                file.lock().with_context(|| format!("cannot lock {}", path.display()))?;
            }
            Err(TryLockError::Error(error)) => {
                tracing::debug!("cannot lock {}: {error}; building unlocked", path.display());
            }
        }
        Ok(SiteLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = SiteLock::acquire(dir.path()).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        let root = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let second = SiteLock::acquire(&root).unwrap();
            sender.send(()).unwrap();
            drop(second);
        });
        // Held: the second is still waiting.
        let waited = receiver.recv_timeout(std::time::Duration::from_millis(300));
        assert!(waited.is_err(), "the second took a held lock");
        drop(first);
        receiver.recv_timeout(std::time::Duration::from_secs(10)).expect("never got the lock");
        waiter.join().unwrap();
    }
}
