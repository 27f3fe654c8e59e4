//! `gloss check`.

use anyhow::{Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn run(_config: &Config, _args: &CheckArgs, _ui: Ui) -> Result<Report> {
    bail!("`gloss check` is not built yet")
}
