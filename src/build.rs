//! The build pipeline as one value that lives as long as the command: `gloss build` runs it
//! once; `gloss serve` keeps it and calls [`Build::rebuild`] with the paths that changed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};

use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// What one build or rebuild did.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    /// Output paths (relative to the output folder, `/`-separated) whose bytes changed on disk.
    pub written: Vec<String>,
    /// Output files in the site in all.
    pub pages: usize,
    pub articles: usize,
    pub entities: usize,
    /// Warnings (a failed build returns `Err`, with its errors inside).
    pub diagnostics: Vec<Diagnostic>,
    pub duration: Duration,
}

pub struct Build {
    config: Config,
    out_dir: PathBuf,
}

impl Build {
    pub fn new(config: Config, out_dir: PathBuf) -> Build {
        Build { config, out_dir }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn out_dir(&self) -> &Path {
        &self.out_dir
    }

    /// Loads, renders and writes the whole site. On error nothing in the output folder changes.
    pub fn full(&mut self) -> Result<BuildOutcome> {
        bail!("the build pipeline is not built yet")
    }

    /// Brings the output up to date after the given source files changed (created, edited or
    /// deleted), re-rendering only what depends on them.
    pub fn rebuild(&mut self, _changed: &[PathBuf]) -> Result<BuildOutcome> {
        self.full()
    }
}
