//! `gloss import`.

use anyhow::{Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {}

pub fn run(_config: &Config, _args: &ImportArgs, _ui: Ui) -> Result<Report> {
    bail!("`gloss import` is not built yet")
}
