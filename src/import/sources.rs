//! Import, input: the paths the user named (files or folders; `content/sources/` by default)
//! → the raw files to import, each with the provenance name written into its articles.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location, display_path};

/// One raw file to import.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Provenance: the path under `content/sources/` when it is there, else the file name.
    pub name: String,
    pub path: PathBuf,
    /// How diagnostics name the file (relative to the site root when inside it).
    pub shown_as: String,
}

/// Extensions imported when walking a folder (a file named explicitly is always imported).
const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];

/// Every file named or found under a named folder, sorted by provenance name, without
/// duplicates. Paths that do not exist are errors.
pub fn collect_sources(config: &Config, paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let default = [config.sources_dir()];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    for path in paths {
        // Paths are as typed, relative to the current directory; failing that, to the site.
        let path =
            if path.is_absolute() || path.exists() { path.clone() } else { config.root.join(path) };
        if path.is_file() {
            files.push(source_file(config, &path));
        } else if path.is_dir() {
            for entry in WalkDir::new(&path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| !is_hidden(e.path()))
            {
                match entry {
                    Ok(entry) if entry.file_type().is_file() && is_text_file(entry.path()) => {
                        files.push(source_file(config, entry.path()));
                    }
                    Ok(_) => {}
                    Err(error) => diagnostics.push(Diagnostic::error(
                        Category::UnreadableSource,
                        error.path().map(|p| Location::file(display_path(&config.root, p))),
                        error.to_string(),
                    )),
                }
            }
        } else {
            diagnostics.push(Diagnostic::error(
                Category::UnreadableSource,
                Some(Location::file(display_path(&config.root, &path))),
                "no such file or folder",
            ));
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, diagnostics)
}

fn source_file(config: &Config, path: &Path) -> SourceFile {
    let sources = config.sources_dir();
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let sources = sources.canonicalize().unwrap_or(sources);
    let name = match canonical.strip_prefix(&sources) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let shown_as = display_path(&config.root, &canonical).to_string_lossy().into_owned();
    SourceFile { name, path: canonical, shown_as }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

fn is_text_file(path: &Path) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => TEXT_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()),
        None => true,
    }
}
