//! `gloss annotate`.

use anyhow::{Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::Config;

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {}

pub fn run(_config: &Config, _args: &AnnotateArgs, _ui: Ui) -> Result<Report> {
    bail!("`gloss annotate` is not built yet")
}
