//! Command line: parse what the user typed, load the site configuration, run one command, and
//! turn its report into output and an exit code (0 success, 1 user error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::cmd::{self, Report};
use crate::config::{CONFIG_FILE, Config};
use crate::diagnostics::print_grouped;

#[derive(Debug, Parser)]
#[command(
    name = "gloss",
    version,
    about = "A static site generator for archives of annotated articles"
)]
pub struct Cli {
    /// The site folder (holding gloss.toml and content/); the current directory by default.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print every warning, and each stage's timing.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Print only errors and the summary line.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a new site: gloss.toml, the content folders, a .gitignore and a sample article.
    Init(cmd::init::InitArgs),
    /// Turn raw article text into Markdown articles, then annotate them.
    Import(cmd::import::ImportArgs),
    /// Detect recurring names, update the entity registry and the links in articles.
    Annotate(cmd::annotate::AnnotateArgs),
    /// Render the site into dist/.
    Build(cmd::build::BuildArgs),
    /// Build, serve on loopback, rebuild on every change and reload the browser.
    Serve(cmd::serve::ServeArgs),
    /// Check links, footnotes, annotations and front matter; non-zero exit on errors.
    Check(cmd::check::CheckArgs),
    /// Work on the site's theme (`gloss theme eject` writes the built-in one out to change it).
    Theme(cmd::theme::ThemeArgs),
}

/// How chatty a command should be, decided once from the flags.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub verbose: bool,
    pub quiet: bool,
}

impl Ui {
    /// Progress bars only where a person is watching.
    pub fn show_progress(&self) -> bool {
        !self.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr())
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let ui = Ui { verbose: cli.verbose, quiet: cli.quiet };
    let started = Instant::now();
    let result = match cli.command {
        Command::Init(args) => cmd::init::run(&cli.root, &args, ui),
        command => require_site(&cli.root, &command).and_then(|()| match command {
            Command::Theme(args) => cmd::theme::run(&cli.root, &args, ui),
            command => Config::load(&cli.root).and_then(|config| cmd::run(&config, command, ui)),
        }),
    };
    match result {
        Ok(report) => finish(report, ui, started),
        Err(error) => {
            // A diagnostic says "error:" after its location itself.
            match error.downcast_ref::<crate::diagnostics::Diagnostic>() {
                Some(diagnostic) => eprintln!("{diagnostic}"),
                None => eprintln!("error: {error}"),
            }
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
}

/// Every command but `init` works on a site: a folder with `gloss.toml` or `content/`. Where
/// there is none, say how to start one rather than build an empty site; a missing `content/`
/// would otherwise turn a full `dist/` into an empty site.
fn require_site(root: &Path, command: &Command) -> anyhow::Result<()> {
    let has_config = root.join(CONFIG_FILE).is_file();
    let has_content = root.join("content").is_dir();
    let shown = root.display();
    if !has_config && !has_content {
        anyhow::bail!(
            "no gloss site in {shown} (no {CONFIG_FILE}, no content/ folder): run `gloss init` \
             to start one here, `gloss init DIR` to start one in DIR, or give the site's folder \
             with --root DIR"
        );
    }
    let needs_content = matches!(
        command,
        Command::Annotate(_) | Command::Build(_) | Command::Serve(_) | Command::Check(_)
    );
    if needs_content && !has_content {
        anyhow::bail!(
            "{shown} has a {CONFIG_FILE} but no content/ folder, so there is nothing to work on; \
             run `gloss import` to import raw text into content/articles/, or make the folder"
        );
    }
    Ok(())
}

fn finish(report: Report, ui: Ui, started: Instant) -> ExitCode {
    let shown: Vec<_> = if ui.quiet {
        report.diagnostics.iter().filter(|d| d.is_error()).cloned().collect()
    } else {
        report.diagnostics.clone()
    };
    print_grouped(&shown, ui.verbose);
    let seconds = started.elapsed().as_secs_f64();
    let warnings = report.diagnostics.iter().filter(|d| !d.is_error()).count();
    let errors = report.diagnostics.len() - warnings;
    let mut line = format!("{} in {seconds:.2}s", report.summary);
    if warnings > 0 {
        line.push_str(&format!(", {warnings} warning{}", plural(warnings)));
    }
    if errors > 0 {
        line.push_str(&format!(", {errors} error{}", plural(errors)));
    }
    eprintln!("{line}");
    if report.failed || errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

pub fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn init_logging(verbose: bool) {
    let default = if verbose { "gloss=debug" } else { "gloss=warn" };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GLOSS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(colour_wanted())
        .try_init();
}

/// Colour only where a person reads it: never into a pipe or a file, nor when `NO_COLOR` is
/// set to anything (<https://no-color.org>).
fn colour_wanted() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stderr())
        && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}
