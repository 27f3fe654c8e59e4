//! `gloss serve`.

use anyhow::{Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {}

pub fn run(_config: &Config, _args: &ServeArgs, _ui: Ui) -> Result<Report> {
    bail!("`gloss serve` is not built yet")
}
