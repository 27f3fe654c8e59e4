//! `gloss import [PATHS...] [--force] [--dry-run]`: raw text files → `content/articles/`.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;
use crate::import::{ImportOptions, run_import};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Raw text files, or folders of them; `content/sources/` by default.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// Overwrite articles edited since their import (each is backed up first under
    /// content/.gloss/backup/).
    #[arg(long)]
    pub force: bool,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(config: &Config, args: &ImportArgs, ui: Ui) -> Result<Report> {
    let options = ImportOptions {
        paths: args.paths.clone(),
        force: args.force,
        dry_run: args.dry_run,
        progress: ui.show_progress(),
    };
    let report = run_import(config, &options)?;
    if ui.verbose {
        for path in &report.written {
            eprintln!("{} {}", if args.dry_run { "would write" } else { "wrote" }, path.display());
        }
    }
    // Annotation runs here once it exists: after the articles are written, before the summary.
    Ok(Report {
        summary: report.summary(args.dry_run),
        diagnostics: report.diagnostics,
        failed: false,
    })
}
