//! Where a site's sources are: the one list that the build stamp, the build's change
//! classification and `gloss serve`'s watcher all use, so a folder the build reads is never
//! missed by the others.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, Config};

/// The folders under the site root that hold sources of the site (besides `gloss.toml`).
/// `content/` holds the articles, entities and free pages; `themes/` the site's own theme
/// files; `templates/` overrides of the theme's templates; `static/` files copied as they are.
pub const SOURCE_FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What a changed source file, relative to the site root, means to a build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SourceKind {
    Article,
    Entity,
    Page,
    /// Copied as it is into the output (the site's `static/` or a theme's).
    Static,
    /// Changes every page: `gloss.toml`, a template or any other theme file.
    Setup,
    /// Nothing a build reads (raw sources, files that are not Markdown, hidden files).
    Other,
}

/// Every folder a build lists as its inputs: the content folders first (see `stamp.rs`), then
/// the theme, the template overrides and the static files.
pub(crate) fn input_trees(config: &Config) -> [PathBuf; 6] {
    [
        config.articles_dir(),
        config.entities_dir(),
        config.pages_dir(),
        config.theme_dir(),
        config.templates_dir(),
        config.root.join("static"),
    ]
}

/// How many of [`input_trees`] are content folders.
pub(crate) const CONTENT_TREES: usize = 3;

/// What `relative` (a path from the site root) is to a build.
pub(crate) fn kind_of(relative: &Path) -> SourceKind {
    let names: Vec<&std::ffi::OsStr> = relative.components().map(|c| c.as_os_str()).collect();
    if names.iter().any(|n| n.to_string_lossy().starts_with('.')) {
        return SourceKind::Other;
    }
    let markdown = crate::load::is_markdown(relative);
    match names.as_slice() {
        [name] if *name == CONFIG_FILE => SourceKind::Setup,
        [top, ..] if *top == "static" => SourceKind::Static,
        [top, _, sub, ..] if *top == "themes" && *sub == "static" => SourceKind::Static,
        [top, ..] if *top == "themes" || *top == "templates" => SourceKind::Setup,
        [top, kind, _, ..] if *top == "content" && markdown => match kind.to_str() {
            Some("articles") => SourceKind::Article,
            Some("entities") => SourceKind::Entity,
            Some("pages") => SourceKind::Page,
            _ => SourceKind::Other,
        },
        _ => SourceKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_folder_means_something_to_a_build() {
        let kind = |path: &str| kind_of(Path::new(path));
        assert_eq!(kind("content/articles/a.md"), SourceKind::Article);
        assert_eq!(kind("content/articles/2024/a.md"), SourceKind::Article);
        assert_eq!(kind("content/entities/x.md"), SourceKind::Entity);
        assert_eq!(kind("content/pages/about.md"), SourceKind::Page);
        assert_eq!(kind("content/sources/raw.txt"), SourceKind::Other);
        assert_eq!(kind("content/articles/notes.txt"), SourceKind::Other);
        assert_eq!(kind("static/print.css"), SourceKind::Static);
        assert_eq!(kind("themes/default/static/gloss.css"), SourceKind::Static);
        assert_eq!(kind("themes/default/templates/page.html"), SourceKind::Setup);
        assert_eq!(kind("templates/page.html"), SourceKind::Setup);
        assert_eq!(kind("gloss.toml"), SourceKind::Setup);
        assert_eq!(kind("content/articles/.a.md.swp"), SourceKind::Other);
        for folder in SOURCE_FOLDERS {
            let file = match folder {
                "content" => "content/pages/a.md".to_string(),
                _ => format!("{folder}/x"),
            };
            assert_ne!(kind(&file), SourceKind::Other, "{folder}");
        }
    }
}
