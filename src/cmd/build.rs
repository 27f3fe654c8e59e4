//! `gloss build`: render the site into the output folder (`dist/` unless `--out` says).

use std::path::PathBuf;

use anyhow::Result;

use crate::build::Build;
use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::{Config, LinkLevel};
use crate::diagnostics::Severity;
use crate::diagnostics::display_path;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Where to write the site; `dist/` in the site folder by default.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Build into an output folder that holds files gloss did not write: gloss writes its own
    /// files there (over any of the same name) and keeps every other file.
    #[arg(long)]
    pub force: bool,
    /// Skip the search index (faster; the search page then finds nothing).
    #[arg(long)]
    pub no_search: bool,
    /// Also write the site model the pages are rendered from (documents, what their analysis
    /// found, the site index) as JSON to FILE, for debugging.
    #[arg(long, value_name = "FILE")]
    pub dump_model: Option<PathBuf>,
}

pub fn run(config: &Config, args: &BuildArgs, ui: Ui) -> Result<Report> {
    let out_dir = match &args.out {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => std::env::current_dir()?.join(dir),
        None => config.default_out_dir(),
    };
    let mut build = Build::new(config.clone(), out_dir.clone());
    build.set_search(!args.no_search);
    build.set_force(args.force);
    build.set_progress(ui.show_progress());
    build.set_rebuildable(false);
    let outcome = build.full_unless_up_to_date()?;
    if let Some(path) = &args.dump_model {
        build.dump_model(path)?;
    }
    let shown = display_path(&config.root, &out_dir);
    let entities = if outcome.entities == 1 { "entity" } else { "entities" };
    let site = format!(
        "{} page{} ({} article{}, {} {entities}) into {}/",
        outcome.html_pages,
        plural(outcome.html_pages),
        outcome.articles,
        plural(outcome.articles),
        outcome.entities,
        shown.display(),
    );
    let summary = if outcome.up_to_date {
        format!("nothing changed since the last build of {site}")
    } else if let Some(changed) = outcome.from_snapshot {
        format!(
            "updated {site} from the last build ({changed} changed source file{}), {} file{}, {} written or removed",
            plural(changed),
            outcome.pages,
            plural(outcome.pages),
            outcome.written.len(),
        )
    } else {
        format!(
            "built {site}, {} file{}, {} written or removed",
            outcome.pages,
            plural(outcome.pages),
            outcome.written.len(),
        )
    };
    let mut diagnostics = config.warnings();
    diagnostics.extend(outcome.diagnostics);
    // The link checker renders the whole site in memory once more, so it runs after a full
    // build only: an output left as it was passed it when it was written, and a build from the
    // snapshot (a few edits) must stay fast; `gloss check` looks at any time (docs/render.md).
    let check_links = config.internal_links != LinkLevel::Off
        && !outcome.up_to_date
        && outcome.from_snapshot.is_none();
    if !check_links {
        return Ok(Report { summary, diagnostics, failed: false });
    }
    // Freed first, so the check's own model does not add to the build's peak memory.
    drop(build);
    let mut broken = crate::check::broken_links(config);
    if config.internal_links == LinkLevel::Warn {
        broken.iter_mut().for_each(|d| d.severity = Severity::Warning);
    }
    let failed = broken.iter().any(|d| d.is_error());
    if failed {
        crate::build::forget_stamp(config);
    }
    diagnostics.extend(broken);
    Ok(Report { summary, diagnostics, failed })
}
