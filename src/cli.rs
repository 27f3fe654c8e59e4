//! Command line: parse what the user typed, load the site configuration, run one command, and
//! turn its report into output and an exit code (0 success, 1 user error).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use crate::cmd::{self, Report};
use crate::config::Config;
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
    let result = Config::load(&cli.root).and_then(|config| cmd::run(&config, cli.command, ui));
    match result {
        Ok(report) => finish(report, ui, started),
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(1)
        }
    }
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
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
