//! `gloss check`: links, anchors, footnotes, wikilinks and front matter; exit 1 on errors.

use anyhow::Result;

use crate::check::check_site;
use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Fail on warnings too (unresolved wikilinks, unreferenced notes, unknown keys).
    #[arg(long)]
    pub strict: bool,
}

pub fn run(config: &Config, args: &CheckArgs, _ui: Ui) -> Result<Report> {
    let outcome = check_site(config);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let verdict =
        if errors > 0 || (args.strict && warnings > 0) { "problems found" } else { "all good" };
    let summary = format!(
        "checked {} page{} and {} link{}: {verdict}",
        outcome.pages,
        plural(outcome.pages),
        outcome.links,
        plural(outcome.links),
    );
    let failed = errors > 0 || (args.strict && warnings > 0);
    Ok(Report { summary, diagnostics: outcome.diagnostics, failed })
}
