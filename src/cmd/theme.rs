//! `gloss theme eject [NAME]`: write the built-in theme into `themes/<NAME>/`, to change it.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::cli::{Ui, plural};
use crate::cmd::Report;
use crate::config::{CONFIG_FILE, Config, DEFAULT_THEME};
use crate::render::templates::embedded_theme_files;

#[derive(Debug, clap::Args)]
pub struct ThemeArgs {
    #[command(subcommand)]
    pub action: ThemeAction,
}

#[derive(Debug, clap::Subcommand)]
pub enum ThemeAction {
    /// Write the built-in theme's templates and static files into themes/<NAME>/.
    Eject {
        /// The new theme's folder name under themes/ ("default" overrides the built-in theme
        /// file by file, with no change to gloss.toml).
        #[arg(value_name = "NAME", default_value = DEFAULT_THEME)]
        name: String,
    },
}

pub fn run(root: &Path, args: &ThemeArgs, _ui: Ui) -> Result<Report> {
    let ThemeAction::Eject { name } = &args.action;
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        bail!("a theme name is a folder name under themes/, not {name:?}");
    }
    let count = eject(root, name)?;
    let mut summary =
        format!("wrote the built-in theme into themes/{name}/ ({count} file{})", plural(count));
    // The configured theme is only read when gloss.toml loads: a broken one must not stop this.
    let configured = Config::load(root).map(|config| config.theme).ok();
    if configured.as_deref() != Some(name.as_str()) {
        summary.push_str(&format!("; set theme = \"{name}\" in {CONFIG_FILE} to use it"));
    }
    Ok(Report { summary, diagnostics: Vec::new(), failed: false })
}

/// Writes every file of the built-in theme under `root/themes/<name>/`; refuses when any of
/// them exists already, so an edited theme is never overwritten.
pub fn eject(root: &Path, name: &str) -> Result<usize> {
    let dir = root.join("themes").join(name);
    let files = embedded_theme_files();
    let existing: Vec<String> =
        files.iter().map(|(path, _)| path).filter(|p| dir.join(p).exists()).cloned().collect();
    if !existing.is_empty() {
        bail!(
            "{} already holds {} of the theme's files ({}); nothing written",
            dir.display(),
            existing.len(),
            existing.join(", ")
        );
    }
    for (path, bytes) in &files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot make {}", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ejected_theme_is_complete_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let count = eject(dir.path(), "mine").unwrap();
        assert!(count > 10);
        let base = dir.path().join("themes/mine/templates/base.html");
        std::fs::write(&base, "edited").unwrap();
        assert!(eject(dir.path(), "mine").is_err());
        assert_eq!(std::fs::read_to_string(base).unwrap(), "edited");
    }
}
