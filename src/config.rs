//! Site configuration in two steps: `gloss.toml` as the user typed it (unknown keys rejected),
//! then a validated [`Config`] with resolved paths that every stage reads.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use crate::diagnostics::{Category, Diagnostic, Location};

pub const CONFIG_FILE: &str = "gloss.toml";
/// The theme built into gloss.
pub const DEFAULT_THEME: &str = "default";

/// `gloss.toml` exactly as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<String>,
    language: Option<String>,
    theme: Option<String>,
    annotate: RawAnnotate,
    render: RawRender,
    link_checker: RawLinkChecker,
    import: RawImport,
    translations: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawImport {
    date_order: Option<DateOrder>,
}

/// How `gloss import` reads an all-numeric date such as "12/03/2025" (`[import] date_order`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// 12 March 2025: the British and international order.
    #[default]
    DayFirst,
    /// December 3, 2025: the US order.
    MonthFirst,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ImportConfig {
    pub date_order: DateOrder,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawLinkChecker {
    internal_level: Option<LinkLevel>,
}

/// What `gloss build` does about a broken internal link or anchor (Zola's
/// `link_checker.internal_level`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    /// The build fails, naming each one.
    #[default]
    Error,
    /// Each one is a warning.
    Warn,
    /// Not looked for (`gloss check` still finds them).
    Off,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawAnnotate {
    min_mentions: Option<usize>,
    stop_names: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawRender {
    link_mentions: Option<LinkMentions>,
    feed_limit: Option<usize>,
    per_page: Option<usize>,
    highlight_theme_light: Option<String>,
    highlight_theme_dark: Option<String>,
}

/// Which mentions of an entity in one article render as links.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkMentions {
    /// The first mention links; later ones are marked but quiet.
    #[default]
    First,
    /// Every mention links.
    All,
}

/// The configuration every stage reads: resolved paths and defaults filled in.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// `gloss.toml` states `base_url` (without it, feeds and the sitemap hold bare paths).
    pub base_url_given: bool,
    pub language: String,
    pub theme: String,
    pub annotate: AnnotateOptions,
    pub render: RenderOptions,
    /// Broken internal links and anchors in `gloss build`.
    pub internal_links: LinkLevel,
    /// Articles and pages marked `draft: true` are built like the others (`gloss serve
    /// --drafts`). Part of every build's stamp, so such a build's snapshot never feeds a build
    /// without drafts.
    pub drafts: bool,
    pub import: ImportConfig,
    /// The site's own interface strings, over the theme's table for `language`.
    pub translations: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct AnnotateOptions {
    /// A name becomes an entity once mentioned this many times in the archive.
    pub min_mentions: usize,
    /// Names the site never treats as entities.
    pub stop_names: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RenderOptions {
    pub link_mentions: LinkMentions,
    pub feed_limit: usize,
    /// Items on one page of the article list and of each author, source and tag page
    /// (`/articles/page/2/`); 0 puts every item on one page.
    pub per_page: usize,
    pub highlight_theme_light: String,
    pub highlight_theme_dark: String,
}

impl Config {
    /// Reads `gloss.toml` under `root`; a site without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let root = root
            .canonicalize()
            .with_context(|| format!("cannot open the site directory {}", root.display()))?;
        let path = root.join(CONFIG_FILE);
        let raw = match std::fs::read_to_string(&path) {
            Ok(text) => parse_raw(&text, &path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => RawConfig::default(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Config::from_raw(root, raw)
    }

    /// Defaults for a site at `root`, as if `gloss.toml` were empty.
    pub fn with_defaults(root: PathBuf) -> Config {
        Config::from_raw(root, RawConfig::default()).expect("defaults are valid")
    }

    fn from_raw(root: PathBuf, raw: RawConfig) -> Result<Config> {
        let base_url_given = raw.base_url.is_some();
        let mut base_url = raw.base_url.unwrap_or_else(|| "/".to_string());
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let theme = raw.theme.unwrap_or_else(|| DEFAULT_THEME.to_string());
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            bail!("{CONFIG_FILE}: theme must be a folder name under themes/, not {theme:?}");
        }
        // Only the built-in theme needs no folder: any other name is a typo or a missing copy.
        if theme != DEFAULT_THEME && !root.join("themes").join(&theme).is_dir() {
            bail!(
                "{CONFIG_FILE}: theme {theme:?} is not a folder under themes/; use \"{DEFAULT_THEME}\" \
                 (built in), or run `gloss theme eject {theme}` to start a theme of that name"
            );
        }
        Ok(Config {
            root,
            title: raw.title.unwrap_or_else(|| "gloss archive".to_string()),
            description: raw.description.unwrap_or_default(),
            base_url,
            base_url_given,
            language: raw.language.unwrap_or_else(|| "en".to_string()),
            theme,
            annotate: AnnotateOptions {
                min_mentions: raw.annotate.min_mentions.unwrap_or(2).max(1),
                stop_names: raw.annotate.stop_names,
            },
            render: RenderOptions {
                link_mentions: raw.render.link_mentions.unwrap_or_default(),
                feed_limit: raw.render.feed_limit.unwrap_or(50),
                per_page: raw.render.per_page.unwrap_or(100),
                highlight_theme_light: raw
                    .render
                    .highlight_theme_light
                    .unwrap_or_else(|| "InspiredGitHub".to_string()),
                highlight_theme_dark: raw
                    .render
                    .highlight_theme_dark
                    .unwrap_or_else(|| "base16-ocean.dark".to_string()),
            },
            internal_links: raw.link_checker.internal_level.unwrap_or_default(),
            drafts: false,
            import: ImportConfig { date_order: raw.import.date_order.unwrap_or_default() },
            translations: raw.translations,
        })
    }

    /// Warnings about the configuration itself, for the commands that publish or check.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = Vec::new();
        if !self.base_url_given {
            warnings.push(Diagnostic::warning(
                Category::Config,
                Some(Location::file(CONFIG_FILE)),
                "no base_url: the sitemap and the feeds hold bare paths (`/articles/...`) that \
                 search engines and feed readers cannot follow; set base_url to the address the \
                 site is published at",
            ));
        }
        warnings
    }

    /// Whether `root` holds a site: a `gloss.toml` or a `content/` folder.
    pub fn site_exists(&self) -> bool {
        self.root.join(CONFIG_FILE).is_file() || self.content_dir().is_dir()
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn articles_dir(&self) -> PathBuf {
        self.content_dir().join("articles")
    }
    pub fn entities_dir(&self) -> PathBuf {
        self.content_dir().join("entities")
    }
    pub fn pages_dir(&self) -> PathBuf {
        self.content_dir().join("pages")
    }
    pub fn sources_dir(&self) -> PathBuf {
        self.content_dir().join("sources")
    }
    /// The site's own theme folder; the embedded default theme fills in whatever it lacks.
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
    /// Site-level template overrides, which win over the theme's.
    pub fn templates_dir(&self) -> PathBuf {
        self.root.join("templates")
    }
    /// Where `gloss serve` builds: inside the cache folder, away from `gloss build`'s output.
    pub fn serve_out_dir(&self) -> PathBuf {
        self.root.join(".gloss").join("serve")
    }
    pub fn default_out_dir(&self) -> PathBuf {
        self.root.join("dist")
    }
}

fn parse_raw(text: &str, path: &Path) -> Result<RawConfig> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|span| line_column(text, span.start)).unwrap_or((0, 0));
        Diagnostic::error(
            Category::Config,
            Some(Location::at(path, line, column)),
            e.message().to_string(),
        )
        .into()
    })
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A site in a temporary folder holding `files` (path, text), with its configuration.
    pub(crate) fn site_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let config = Config::load(dir.path()).unwrap();
        (dir, config)
    }

    #[test]
    fn rejects_unknown_keys_with_position() {
        let err =
            parse_raw("title = \"x\"\ncolour = \"red\"\n", Path::new("gloss.toml")).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("gloss.toml:2:1: error:"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn base_url_gets_trailing_slash() {
        let raw = parse_raw("base_url = \"https://example.org/archive\"", Path::new("g")).unwrap();
        let config = Config::from_raw(PathBuf::from("/site"), raw).unwrap();
        assert_eq!(config.base_url, "https://example.org/archive/");
    }

    #[test]
    fn theme_cannot_escape_themes_folder() {
        let raw = parse_raw("theme = \"../etc\"", Path::new("g")).unwrap();
        assert!(Config::from_raw(PathBuf::from("/site"), raw).is_err());
    }

    #[test]
    fn unknown_theme_is_an_error_naming_the_fix() {
        let raw = parse_raw("theme = \"dusk\"", Path::new("g")).unwrap();
        let error = Config::from_raw(PathBuf::from("/nonexistent-site"), raw).unwrap_err();
        assert!(error.to_string().contains("gloss theme eject dusk"), "{error}");
    }

    #[test]
    fn theme_with_a_folder_is_accepted() {
        let (_dir, config) =
            site_with(&[("gloss.toml", "theme = \"dusk\""), ("themes/dusk/templates/x.html", "")]);
        assert_eq!(config.theme, "dusk");
    }

    #[test]
    fn missing_base_url_is_a_warning_naming_what_it_affects() {
        let (_dir, config) = site_with(&[]);
        let warnings = config.warnings();
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].message.contains("sitemap"), "{}", warnings[0]);
        let (_dir, config) = site_with(&[("gloss.toml", "base_url = \"https://e.org/\"")]);
        assert!(config.warnings().is_empty());
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
    }
}
