//! `gloss init [DIR]`: start a site, with a commented `gloss.toml`, the content folders, a
//! `.gitignore` that keeps what must be committed, and one short sample article.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::Ui;
use crate::cmd::Report;
use crate::config::CONFIG_FILE;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to start the site in (made if missing); the site folder (`--root`, the
    /// current directory by default) when left out.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The configuration a new site starts from: every key with its default, commented.
const CONFIG_TEMPLATE: &str = include_str!("init/gloss.toml");

/// What git must leave out: the build output and the build cache at the site root. The cache
/// is matched from the root only (`/.gloss/`): `content/.gloss/` holds gloss's records of the
/// files it wrote and must be committed with the content.
const GITIGNORE_LINES: [&str; 3] = ["/dist/", "/.gloss/", "/.dist.*"];

const SAMPLE_ARTICLE: &str = include_str!("init/welcome.md");

/// The folders of `content/`, each with what it is for.
const CONTENT_FOLDERS: [&str; 4] = ["sources", "articles", "entities", "pages"];

pub fn run(root: &Path, args: &InitArgs, _ui: Ui) -> Result<Report> {
    let dir = args.dir.clone().unwrap_or_else(|| root.to_path_buf());
    let written = init_site(&dir)?;
    let shown = dir.display();
    Ok(Report {
        summary: format!(
            "started a site in {shown} ({}); next: put raw text files in {shown}/content/sources/ \
             and run `gloss import`, then `gloss serve` to read the site",
            written.join(", ")
        ),
        diagnostics: Vec::new(),
        failed: false,
    })
}

/// Writes a new site into `dir` and returns what it wrote. A folder that already holds a site
/// (a `gloss.toml` or a `content/` folder) is refused; other files in it are left alone.
pub fn init_site(dir: &Path) -> Result<Vec<String>> {
    let config_path = dir.join(CONFIG_FILE);
    for existing in [config_path.clone(), dir.join("content")] {
        if existing.exists() {
            bail!(
                "{} already holds a site ({} exists); `gloss init` only starts new ones",
                dir.display(),
                existing.display()
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let title = dir
        .canonicalize()
        .ok()
        .and_then(|real| real.file_name().map(|name| name.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My archive".to_string());
    let config = CONFIG_TEMPLATE.replace("{title}", &title.replace(['"', '\\'], ""));
    write_new(&config_path, &config)?;
    let mut written = vec![CONFIG_FILE.to_string()];
    if update_gitignore(&dir.join(".gitignore"))? {
        written.push(".gitignore".to_string());
    }
    for folder in CONTENT_FOLDERS {
        let path = dir.join("content").join(folder);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot make {}", path.display()))?;
    }
    write_new(&dir.join("content/articles/welcome.md"), SAMPLE_ARTICLE)?;
    written.push("content/ with a sample article".to_string());
    Ok(written)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
}

/// Adds the lines gloss needs to `.gitignore`, keeping whatever it already says. Returns
/// whether the file changed.
fn update_gitignore(path: &Path) -> Result<bool> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let missing: Vec<&str> = GITIGNORE_LINES
        .into_iter()
        .filter(|line| !existing.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(false);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if text.is_empty() {
        text.push_str("# gloss: the build output and the build cache (content/.gloss/ is kept)\n");
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_site_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("my-archive");
        init_site(&site).unwrap();
        let config = crate::config::Config::load(&site).unwrap();
        assert_eq!(config.title, "my-archive");
        assert!(site.join("content/articles/welcome.md").is_file());
        assert!(site.join("content/sources").is_dir());
    }

    #[test]
    fn refuses_a_folder_that_holds_a_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let error = init_site(dir.path()).unwrap_err();
        assert!(error.to_string().contains("already holds a site"), "{error}");
        assert!(!dir.path().join(CONFIG_FILE).exists());
    }

    #[test]
    fn gitignore_ignores_the_root_cache_but_keeps_content_records() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".gitignore"), "*.log").unwrap();
        init_site(dir.path()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
        assert!(text.starts_with("*.log\n"), "{text}");
        let patterns: Vec<&str> = text.lines().collect();
        assert!(patterns.contains(&"/.gloss/") && patterns.contains(&"/dist/"), "{text}");
        // An unanchored `.gloss/` would also hide content/.gloss/, which must be committed.
        assert!(!patterns.contains(&".gloss/") && !patterns.contains(&".gloss"), "{text}");
    }
}
