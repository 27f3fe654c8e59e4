//! `gloss annotate`: detect recurring names, update the entity registry and the links in
//! articles; `--dry-run` lists the changes instead, `--explain NAME` tells why a name is or is
//! not an entity.

use anyhow::Result;

use crate::annotate::{AnnotateOptions, ChangeAction, analyse_site, annotate_site, explain};
use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// Print what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Explain why NAME is or is not an entity (mentions, articles, merges, the rule that
    /// rejected it), and write nothing.
    #[arg(long, value_name = "NAME")]
    pub explain: Option<String>,
}

pub fn run(config: &Config, args: &AnnotateArgs, ui: Ui) -> Result<Report> {
    if let Some(name) = &args.explain {
        let analysis = analyse_site(config)?;
        print!("{}", explain::explain(&analysis, name));
        return Ok(Report { summary: format!("explained {name:?}"), ..Default::default() });
    }
    let summary = annotate_site(
        config,
        &AnnotateOptions { dry_run: args.dry_run, progress: ui.show_progress() },
    )?;
    if args.dry_run {
        for change in &summary.changes {
            let action = match change.action {
                ChangeAction::Create => "create",
                ChangeAction::Update => "update",
                ChangeAction::Delete => "delete",
            };
            println!("{action:6} {}: {}", change.path.display(), change.detail);
        }
    }
    let files = summary.articles_changed + summary.entities_written + summary.entities_removed;
    let verb = if args.dry_run { "would change" } else { "changed" };
    Ok(Report {
        summary: format!(
            "annotated {} article{}: {} entit{}, {} link{}; {verb} {files} file{}",
            summary.articles,
            plural(summary.articles),
            summary.entities,
            if summary.entities == 1 { "y" } else { "ies" },
            summary.links,
            plural(summary.links),
            plural(files),
        ),
        diagnostics: summary.diagnostics,
        failed: false,
    })
}
