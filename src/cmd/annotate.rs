//! `gloss annotate`: detect recurring names, update the entity registry and the links in
//! articles; `--dry-run` lists the changes instead, `--explain NAME` tells why a name is or is
//! not an entity.

use anyhow::Result;

use crate::annotate::{
    AnnotateOptions, ChangeAction, analyse_site, annotate_site, explain, review, vault,
};
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
    /// List the links annotate is least sure of (short forms read by context, merges across
    /// articles, new entities) with file:line, and write nothing.
    #[arg(long, conflicts_with_all = ["explain", "migrate_names"])]
    pub review: bool,
    /// Rename entity files after their entities and retarget links that Obsidian would not
    /// resolve, so content/ opens as an Obsidian vault; keeps every edit a person made (with
    /// --dry-run: list the changes only). Runs no detection.
    #[arg(long, conflicts_with = "explain")]
    pub migrate_names: bool,
}

pub fn run(config: &Config, args: &AnnotateArgs, ui: Ui) -> Result<Report> {
    if let Some(name) = &args.explain {
        let analysis = analyse_site(config)?;
        print!("{}", explain::explain(&analysis, name));
        return Ok(Report { summary: format!("explained {name:?}"), ..Default::default() });
    }
    if args.review {
        let analysis = analyse_site(config)?;
        let items = review::review(&analysis);
        for item in &items {
            println!("{item}");
        }
        return Ok(Report {
            summary: format!("{} link{} to review", items.len(), plural(items.len())),
            ..Default::default()
        });
    }
    if args.migrate_names {
        let migration = vault::migrate_names(config, args.dry_run)?;
        let verb = if args.dry_run { "would rename" } else { "renamed" };
        for (from, to) in &migration.renamed {
            println!("{verb} {} -> {}", from.display(), to.display());
        }
        for path in &migration.files_changed {
            println!("links retargeted in {}", path.display());
        }
        for skipped in &migration.skipped {
            println!("left as is: {skipped}");
        }
        return Ok(Report {
            summary: format!(
                "{verb} {} entity file{}, retargeted {} link{} in {} file{}",
                migration.renamed.len(),
                plural(migration.renamed.len()),
                migration.links_retargeted,
                plural(migration.links_retargeted),
                migration.files_changed.len(),
                plural(migration.files_changed.len()),
            ),
            ..Default::default()
        });
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
