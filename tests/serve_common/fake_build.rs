//! A stand-in for `gloss::build::Build` while the render stage is being written: a tiny,
//! honest builder over the real front matter parser. Each article becomes
//! `dist/articles/<slug>/index.html`; theme stylesheets are copied to `dist/static/`. Like the
//! real build it writes nothing when any input is broken, reports only files whose bytes
//! changed, and records every call so tests can count rebuilds.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use gloss::build::BuildOutcome;
use gloss::config::Config;
use gloss::diagnostics::InputErrors;
use gloss::serve::SiteBuilder;

/// One finished call the serve loop made: `None` for a full build, else the paths it passed.
pub type Call = Option<Vec<PathBuf>>;

pub struct FakeBuild {
    root: PathBuf,
    out: PathBuf,
    pub calls: Arc<Mutex<Vec<Call>>>,
}

impl FakeBuild {
    pub fn new(root: &Path) -> FakeBuild {
        FakeBuild { root: root.to_path_buf(), out: root.join("dist"), calls: Arc::default() }
    }

    fn render_all(&self) -> Result<BuildOutcome> {
        let mut sources = files_under(&self.root.join("content/articles"));
        sources.extend(files_under(&self.root.join("themes/default/static")));
        let mut outcome = self.render(&sources)?;
        let index = "<!doctype html><html><head><title>Home</title></head><body><h1>Home</h1></body></html>";
        let missing = "<!doctype html><html><head><title>Not found</title></head><body><h1>No such page</h1></body></html>";
        for (name, html) in [("index.html", index), ("404.html", missing)] {
            if write_if_changed(&self.out.join(name), html.as_bytes())? {
                outcome.written.push(name.to_string());
            }
        }
        Ok(outcome)
    }

    fn render(&self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let config = Config::load(&self.root)?;
        let mut outputs: Vec<(String, Option<Vec<u8>>)> = Vec::new();
        let mut errors = Vec::new();
        for path in changed {
            let Ok(relative) = path.strip_prefix(&self.root) else { continue };
            if relative.starts_with("content/articles")
                && path.extension().is_some_and(|e| e == "md")
            {
                let slug = gloss::load::slug_of(path);
                let output = format!("articles/{slug}/index.html");
                if !path.exists() {
                    outputs.push((output, None));
                    continue;
                }
                match gloss::load::load_article(&config, path) {
                    Ok((article, _)) => {
                        let html = format!(
                            "<!doctype html><html><head><title>{title}</title>\
                             <link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
                             <body><h1>{title}</h1><main>{body}</main></body></html>",
                            title = article.meta.title,
                            body = article.body.trim(),
                        );
                        outputs.push((output, Some(html.into_bytes())));
                    }
                    Err(diagnostic) => errors.push(diagnostic),
                }
            } else if relative.starts_with("themes/default/static") {
                let output = format!("static/{}", path.file_name().unwrap().to_string_lossy());
                outputs.push((output, std::fs::read(path).ok()));
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors).into());
        }
        let mut outcome = BuildOutcome::default();
        for (output, bytes) in outputs {
            let target = self.out.join(&output);
            let changed = match bytes {
                Some(bytes) => write_if_changed(&target, &bytes)?,
                None => std::fs::remove_file(&target).is_ok(),
            };
            if changed {
                outcome.written.push(output);
            }
        }
        Ok(outcome)
    }
}

impl SiteBuilder for FakeBuild {
    fn full(&mut self) -> Result<BuildOutcome> {
        let outcome = self.render_all();
        self.calls.lock().unwrap().push(None);
        outcome
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Result<BuildOutcome> {
        let outcome = self.render(changed);
        self.calls.lock().unwrap().push(Some(changed.to_vec()));
        outcome
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(path, bytes)?;
    Ok(true)
}
