//! One file per subcommand: each turns its arguments into work on the site and returns a
//! [`Report`] for the command line to print.

pub mod annotate;
pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod serve;
pub mod theme;

use anyhow::Result;

use crate::cli::{Command, Ui};
use crate::config::Config;
use crate::diagnostics::Diagnostic;

/// What a command did: the one-line summary (without the time, which the CLI adds), the
/// warnings and errors it found, and whether it failed.
#[derive(Debug, Default)]
pub struct Report {
    pub summary: String,
    pub diagnostics: Vec<Diagnostic>,
    pub failed: bool,
}

pub fn run(config: &Config, command: Command, ui: Ui) -> Result<Report> {
    match command {
        Command::Import(args) => import::run(config, &args, ui),
        Command::Annotate(args) => annotate::run(config, &args, ui),
        Command::Build(args) => build::run(config, &args, ui),
        Command::Serve(args) => serve::run(config, &args, ui),
        Command::Check(args) => check::run(config, &args, ui),
        // Neither works on a loaded configuration: the command line runs them itself.
        Command::Init(_) | Command::Theme(_) => {
            anyhow::bail!("`gloss init` and `gloss theme` do not run on a loaded site")
        }
    }
}
