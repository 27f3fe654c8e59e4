//! Watch stage of serve: file system events under the site's sources → batches of changed
//! source paths for the rebuild loop.
//!
//! Watches `content/`, `themes/`, `templates/` and `static/` (recursively: the folders the
//! build reads, `build::layout`) and the site root itself (for
//! `gloss.toml`, and for those folders appearing later). Events are debounced by
//! notify-debouncer-full, which also stitches an editor's write-then-rename into one change;
//! what editors and tools leave beside the real files (swap, backup and temp files, `.git`,
//! the output folder) is dropped here so it never triggers a build.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache};

use crate::config::CONFIG_FILE;

/// The folders under the site root whose every file is a source of the site (the build's list).
pub use crate::build::layout::SOURCE_FOLDERS;

/// What the watcher tells the rebuild loop.
#[derive(Debug, PartialEq, Eq)]
pub enum Signal {
    /// These source files were created, changed or removed (absolute paths).
    Changed(Vec<PathBuf>),
    /// The system dropped events (its queue overflowed): only a full build is safe.
    Rescan,
    /// The session is over.
    Stop,
}

/// Decides which paths are sources of the site.
#[derive(Clone, Debug)]
pub struct SourceFilter {
    root: PathBuf,
    out_dir: PathBuf,
}

impl SourceFilter {
    pub fn new(root: &Path, out_dir: &Path) -> SourceFilter {
        SourceFilter { root: root.to_path_buf(), out_dir: out_dir.to_path_buf() }
    }

    /// True for `gloss.toml` and for files under the source folders, except the output, hidden
    /// files and folders (`.git`, `.#a.md`, `.a.md.swp`) and editors' backup and temp files.
    pub fn is_source(&self, path: &Path) -> bool {
        if path.starts_with(&self.out_dir) {
            return false;
        }
        let Ok(relative) = path.strip_prefix(&self.root) else {
            return false;
        };
        let names: Vec<&str> = relative
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str().unwrap_or("."),
                _ => ".",
            })
            .collect();
        match names.as_slice() {
            [] => false,
            [single] if *single == CONFIG_FILE => true,
            [top, ..] if !SOURCE_FOLDERS.contains(top) => false,
            _ => {
                names.iter().all(|name| !name.starts_with('.'))
                    && !is_editor_debris(names[names.len() - 1])
            }
        }
    }
}

/// Files editors and tools write beside the one being saved: backups (`a.md~`, `a.md.bak`),
/// swap files, vim's write test `4913`, emacs's `#a.md#`, JetBrains' and Chrome's temp files.
fn is_editor_debris(name: &str) -> bool {
    const SUFFIXES: [&str; 8] =
        ["~", ".swp", ".swo", ".swx", ".tmp", ".crswap", ".kate-swp", ".bak"];
    SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
        || (name.starts_with('#') && name.ends_with('#'))
        || name.contains("___jb_")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether an event can mean that a file's contents or existence changed. Reads (the build
/// itself opens every source) and access-time updates cannot.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The source paths touched by a debounced batch, deduplicated and sorted. A rename counts
/// for both names: the old one is gone, the new one is there.
pub fn changed_sources(filter: &SourceFilter, events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let paths: BTreeSet<&PathBuf> = events
        .iter()
        .filter(|event| changes_content(&event.kind))
        .flat_map(|event| event.paths.iter())
        .filter(|path| filter.is_source(path))
        .collect();
    paths.into_iter().cloned().collect()
}

/// A running watcher over one site. Dropping it stops the events.
pub struct SiteWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
}

impl SiteWatcher {
    /// Starts watching the site at `root` (canonical) and sends a [`Signal`] per debounced batch.
    pub fn start(
        root: &Path,
        out_dir: &Path,
        debounce: Duration,
        signals: Sender<Signal>,
    ) -> Result<SiteWatcher> {
        let filter = SourceFilter::new(root, out_dir);
        // A short tick, so a batch leaves soon after the debounce time has passed.
        let tick = (debounce / 4).max(Duration::from_millis(1));
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                if events.iter().any(|event| event.need_rescan()) {
                    let _ = signals.send(Signal::Rescan);
                }
                let changed = changed_sources(&filter, &events);
                if !changed.is_empty() {
                    let _ = signals.send(Signal::Changed(changed));
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching the site: {error}");
                }
            }
        };
        let debouncer = notify_debouncer_full::new_debouncer(debounce, Some(tick), handler)
            .context("cannot start watching the site for changes")?;
        let mut watcher = SiteWatcher { debouncer, root: root.to_path_buf() };
        watcher
            .debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        for folder in SOURCE_FOLDERS {
            watcher.attach_folder(folder)?;
        }
        Ok(watcher)
    }

    /// Re-attaches source folders that appeared among the changes (created after serve started,
    /// or removed and re-created as a `git checkout` may do). Returns whether any of the source
    /// folders itself changed, in which case events inside it may have been missed.
    pub fn attach_changed_folders(&mut self, changed: &BTreeSet<PathBuf>) -> Result<bool> {
        let mut any = false;
        for folder in SOURCE_FOLDERS {
            if changed.contains(&self.root.join(folder)) {
                any = true;
                self.attach_folder(folder)?;
            }
        }
        Ok(any)
    }

    fn attach_folder(&mut self, folder: &str) -> Result<()> {
        let path = self.root.join(folder);
        if !path.is_dir() {
            return Ok(());
        }
        self.debouncer
            .watch(&path, RecursiveMode::Recursive)
            .with_context(|| format!("cannot watch {}", path.display()))
    }

    /// Stops watching and waits for the event thread to end.
    pub fn stop(self) {
        self.debouncer.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> SourceFilter {
        SourceFilter::new(Path::new("/site"), Path::new("/site/dist"))
    }

    #[test]
    fn accepts_sources_and_the_config() {
        let filter = filter();
        for path in [
            "/site/gloss.toml",
            "/site/content/articles/a.md",
            "/site/content/sources/report 2024.txt",
            "/site/themes/default/static/style.css",
            "/site/templates/article.html",
            "/site/content",
        ] {
            assert!(filter.is_source(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn ignores_output_vcs_and_editor_debris() {
        let filter = filter();
        for path in [
            "/site/dist/index.html",
            "/site/.git/index",
            "/site/target/debug/gloss",
            "/site/README.md",
            "/site/content/.gloss/ledger.json",
            "/site/content/articles/.a.md.swp",
            "/site/content/articles/.#a.md",
            "/site/content/articles/#a.md#",
            "/site/content/articles/a.md~",
            "/site/content/articles/4913",
            "/site/content/articles/a.md.tmp",
            "/site/content/articles/a.md___jb_tmp___",
            "/site/themes/default/static/style.css.crswap",
            "/elsewhere/content/a.md",
        ] {
            assert!(!filter.is_source(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn ignores_reads_but_not_writes() {
        assert!(!changes_content(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(changes_content(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(!changes_content(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(changes_content(&EventKind::Modify(ModifyKind::Any)));
    }
}
