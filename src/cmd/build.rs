//! `gloss build`.

use anyhow::{Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {}

pub fn run(_config: &Config, _args: &BuildArgs, _ui: Ui) -> Result<Report> {
    bail!("`gloss build` is not built yet")
}
