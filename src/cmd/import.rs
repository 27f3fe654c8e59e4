//! `gloss import [PATHS...] [--force] [--dry-run] [--no-annotate] [--explain FILE]`: raw text files →
//! `content/articles/`, then annotation of the archive.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::annotate::{AnnotateOptions, AnnotateSummary, annotate_import};
use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::Config;
use crate::import::{ImportOptions, ImportReport, import_articles};

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
    /// Leave the new articles unannotated (run `gloss annotate` later).
    #[arg(long)]
    pub no_annotate: bool,
    /// Write nothing: show, line by line, what each line of FILE would become (title,
    /// byline, date, body, footnote, caption, chrome dropped) and the rule that decided.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["paths", "force", "dry_run"])]
    pub explain: Option<PathBuf>,
}

pub fn run(config: &Config, args: &ImportArgs, ui: Ui) -> Result<Report> {
    if let Some(file) = &args.explain {
        return explain(file);
    }
    let options = ImportOptions {
        paths: args.paths.clone(),
        force: args.force,
        dry_run: args.dry_run,
        progress: ui.show_progress(),
    };
    let (report, annotated) = import_and_annotate(config, &options, !args.no_annotate)?;
    if ui.verbose {
        for path in &report.written {
            eprintln!("{} {}", if args.dry_run { "would write" } else { "wrote" }, path.display());
        }
    }
    let mut summary = report.summary(args.dry_run);
    let mut diagnostics = report.diagnostics;
    if let Some(annotated) = annotated {
        summary.push_str(&format!(
            "; annotated {} entit{}, {} link{}",
            annotated.entities,
            if annotated.entities == 1 { "y" } else { "ies" },
            annotated.links,
            plural(annotated.links),
        ));
        diagnostics.extend(annotated.diagnostics);
    }
    Ok(Report { summary, diagnostics, failed: false })
}

/// `--explain FILE`: the import's decisions for each line of one file, on standard output.
fn explain(file: &Path) -> Result<Report> {
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let (text, _) = crate::import::decode::decode(&bytes)
        .map_err(|e| anyhow::anyhow!("cannot read {} as text: {e}", file.display()))?;
    let name = file
        .file_name()
        .map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
    print!("{}", crate::import::explain_text(&text, &name));
    Ok(Report {
        summary: format!("explained {name}; nothing written"),
        diagnostics: Vec::new(),
        failed: false,
    })
}

/// Imports, then annotates the archive (which also records links a person removed since the
/// last run); shared by `gloss import` and `gloss serve` (a new file in `content/sources/`).
/// Annotate takes the imported articles in memory, so each file is written once.
pub fn import_and_annotate(
    config: &Config,
    options: &ImportOptions,
    annotate: bool,
) -> Result<(ImportReport, Option<AnnotateSummary>)> {
    let (report, pending) = import_articles(config, options)?;
    if !annotate || options.dry_run {
        pending.write(config)?;
        return Ok((report, None));
    }
    let options = AnnotateOptions { dry_run: false, progress: options.progress };
    let annotated = annotate_import(config, &options, pending)?;
    Ok((report, Some(annotated)))
}
