//! The theme for the render stage: Tera templates and static files from the default theme
//! embedded in the binary, overridden by name from `themes/<theme>/` and the site's
//! `templates/` (templates) and `static/` (static files).
//!
//! Loaded once per build; template errors become diagnostics naming the template file and line.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_embed::RustEmbed;
use tera::Tera;

use crate::load::visible_files;

use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location, display_path};

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// A hash of the default theme built into this binary, for the build stamp.
pub fn embedded_theme_hash() -> u128 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for path in DefaultTheme::iter() {
        hasher.update(path.as_bytes());
        let file = DefaultTheme::get(&path).expect("listed files exist");
        hasher.update(&file.metadata.sha256_hash());
    }
    hasher.digest128()
}

/// Every file of the built-in theme: (path under the theme folder, bytes), for
/// `gloss theme eject`.
pub fn embedded_theme_files() -> Vec<(String, Cow<'static, [u8]>)> {
    DefaultTheme::iter()
        .map(|path| {
            let file = DefaultTheme::get(&path).expect("listed files exist");
            (path.to_string(), file.data)
        })
        .collect()
}

/// Where a template or static file came from.
#[derive(Clone, Debug)]
enum Origin {
    /// Built into gloss (`themes/default/...` in its source).
    Builtin(String),
    /// A file of the site, by absolute path.
    Site(PathBuf),
}

struct TemplateSource {
    /// What a person should open to fix it.
    shown_path: PathBuf,
    text: String,
}

/// Templates parsed once, the static files to copy, and where each came from.
pub struct Theme {
    tera: Tera,
    templates: BTreeMap<String, TemplateSource>,
    statics: BTreeMap<String, Origin>,
}

/// Where each static file comes from: the default theme, overridden by the site's theme folder,
/// overridden by the site's `static/`.
fn static_origins(config: &Config) -> BTreeMap<String, Origin> {
    let mut statics = BTreeMap::new();
    for path in DefaultTheme::iter() {
        if let Some(name) = path.strip_prefix("static/") {
            statics.insert(name.to_string(), Origin::Builtin(path.to_string()));
        }
    }
    for dir in [config.theme_dir().join("static"), config.root.join("static")] {
        for (name, path) in visible_files(&dir) {
            statics.insert(name, Origin::Site(path));
        }
    }
    statics
}

impl Theme {
    /// Loads the embedded default theme and every override the site has. A template that does
    /// not parse is an error naming its file, line and column.
    pub fn load(config: &Config) -> Result<Theme, Diagnostic> {
        let mut templates = BTreeMap::new();
        for path in DefaultTheme::iter() {
            let shown = PathBuf::from("themes/default").join(path.as_ref());
            if let Some(name) = path.strip_prefix("templates/") {
                let file = DefaultTheme::get(&path).expect("listed files exist");
                let text = String::from_utf8_lossy(&file.data).into_owned();
                templates.insert(name.to_string(), TemplateSource { shown_path: shown, text });
            }
        }
        let theme_dir = config.theme_dir();
        for dir in [theme_dir.join("templates"), config.templates_dir()] {
            for (name, path) in visible_files(&dir) {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    Diagnostic::error(
                        Category::Template,
                        Some(Location::file(display_path(&config.root, &path))),
                        format!("cannot read template: {e}"),
                    )
                })?;
                let shown_path = display_path(&config.root, &path);
                templates.insert(name, TemplateSource { shown_path, text });
            }
        }
        let statics = static_origins(config);
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let strings =
            super::translations::interface_strings(&config.language, &config.translations);
        tera.register_function("t", strings.template_function());
        let raw: Vec<(String, String)> =
            templates.iter().map(|(name, source)| (name.clone(), source.text.clone())).collect();
        let mut theme = Theme { tera: Tera::default(), templates, statics };
        tera.add_raw_templates(raw).map_err(|e| theme.diagnostic(&e))?;
        theme.tera = tera;
        Ok(theme)
    }

    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders one template; an error names the template file and, when it can be found, the
    /// line of the expression that failed.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| self.diagnostic(&e))
    }

    /// Looks for the static files again, after one was added, changed or removed; the
    /// templates do not use them, so they stay as they are.
    pub fn reload_statics(&mut self, config: &Config) {
        self.statics = static_origins(config);
    }

    /// Every static file: (path inside the output folder, bytes).
    pub fn static_files(&self) -> Vec<(String, std::io::Result<Cow<'static, [u8]>>)> {
        self.statics
            .iter()
            .map(|(name, origin)| {
                let bytes = match origin {
                    Origin::Builtin(path) => {
                        Ok(DefaultTheme::get(path).expect("listed files exist").data)
                    }
                    Origin::Site(path) => std::fs::read(path).map(Cow::Owned),
                };
                (name.clone(), bytes)
            })
            .collect()
    }

    /// Turns a Tera error into a diagnostic at the template's file and line.
    fn diagnostic(&self, error: &tera::Error) -> Diagnostic {
        let messages = error_chain(error);
        let text = messages.join(": ");
        let template = quoted_names(&text)
            .into_iter()
            .rev()
            .find(|name| self.templates.contains_key(name.as_str()));
        let Some(template) = template else {
            return Diagnostic::error(Category::Template, None, text);
        };
        let source = &self.templates[&template];
        let (line, column) = parse_position(&text).unwrap_or_else(|| {
            let line = culprit(&text)
                .and_then(|needle| source.text.lines().position(|l| l.contains(needle.as_str())))
                .map_or(0, |index| index + 1);
            (line, 0)
        });
        let message = messages
            .iter()
            .map(|m| m.trim())
            .filter(|m| !m.starts_with("Failed to render") && !m.starts_with("Failed to parse"))
            .collect::<Vec<_>>()
            .join(": ");
        let message = if message.is_empty() { text.clone() } else { message };
        Diagnostic::error(
            Category::Template,
            Some(Location::at(source.shown_path.clone(), line, column)),
            format!("in template {template}: {}", first_lines(&message)),
        )
    }
}

/// Tera's own escaper also rewrites `/`, which HTML does not need and which makes every URL
/// in the output unreadable; this one escapes what can break text and quoted attributes.
fn escape_html(text: &str) -> String {
    super::highlight::escape(text)
}

fn error_chain(error: &tera::Error) -> Vec<String> {
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        messages.push(cause.to_string());
        source = cause.source();
    }
    messages
}

/// Names in single quotes (`'article.html'`), as Tera writes template names.
fn quoted_names(text: &str) -> Vec<String> {
    text.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

/// The `--> line:column` pest puts in parse errors.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("--> ")? + 4..];
    let end = rest.find(|c: char| !c.is_ascii_digit() && c != ':').unwrap_or(rest.len());
    let (line, column) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The variable, filter or function a render error is about, as Tera quotes it in backticks.
fn culprit(text: &str) -> Option<String> {
    let start = text.find('`')? + 1;
    let end = start + text[start..].find('`')?;
    Some(text[start..end].to_string())
}

/// Parse errors carry a drawing of the line; keep the message short for the summary.
fn first_lines(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "|")
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::site_with;
    use std::path::Path;

    #[test]
    fn embedded_theme_loads_with_its_templates() {
        let (_dir, config) = site_with(&[]);
        let theme = Theme::load(&config).unwrap();
        for name in ["base.html", "article.html", "entity.html", "entities.html", "404.html"] {
            assert!(theme.has_template(name), "{name}");
        }
        assert!(theme.static_files().iter().any(|(name, _)| name == "gloss.css"));
    }

    #[test]
    fn site_template_overrides_the_builtin_one() {
        let (_dir, config) = site_with(&[("templates/404.html", "custom {{ 1 + 1 }}")]);
        let theme = Theme::load(&config).unwrap();
        assert_eq!(theme.render("404.html", &tera::Context::new()).unwrap(), "custom 2");
    }

    #[test]
    fn parse_error_names_template_file_and_line() {
        let (_dir, config) =
            site_with(&[("templates/page.html", "line one\nline two {{ 1 + }}\nline three\n")]);
        let error = Theme::load(&config).err().unwrap();
        let location = error.location.clone().unwrap();
        assert_eq!(location.file, Path::new("templates/page.html"));
        assert_eq!(location.line, 2, "{error}");
    }

    #[test]
    fn render_error_names_template_and_line_of_the_variable() {
        let (_dir, config) =
            site_with(&[("templates/page.html", "ok\n\n<p>{{ missing_thing }}</p>\n")]);
        let theme = Theme::load(&config).unwrap();
        let error = theme.render("page.html", &tera::Context::new()).unwrap_err();
        let location = error.location.clone().unwrap();
        assert_eq!(
            (location.file.as_path(), location.line),
            (Path::new("templates/page.html"), 3),
            "{error}"
        );
        assert!(error.message.contains("missing_thing"), "{error}");
    }
}
