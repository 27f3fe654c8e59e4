//! Load stage: `content/` on disk → [`Site`] model.
//!
//! Walks `content/articles`, `content/entities` and `content/pages`, parses each file's front
//! matter in parallel, and reports every problem (not just the first) with file, line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Location, display_path};
use crate::frontmatter;
use crate::model::{Article, ArticleMeta, Entity, EntityMeta, Page, PageMeta, Site};

/// The site model plus every warning and error found while loading it.
pub struct Loaded {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the whole site. Files that fail to parse are left out of the model and reported as
/// errors; the caller decides whether errors stop the stage.
pub fn load_site(config: &Config) -> Loaded {
    let mut diagnostics = Vec::new();
    let articles = load_kind(
        config,
        &config.articles_dir(),
        &mut diagnostics,
        |slug, path, meta: ArticleMeta, body, body_line| Article {
            slug,
            path,
            meta,
            body,
            body_line,
        },
    );
    let entities = load_kind(
        config,
        &config.entities_dir(),
        &mut diagnostics,
        |id, path, meta: EntityMeta, description, body_line| Entity {
            id,
            path,
            meta,
            description,
            body_line,
        },
    );
    let pages = load_kind(
        config,
        &config.pages_dir(),
        &mut diagnostics,
        |slug, path, meta: PageMeta, body, body_line| Page { slug, path, meta, body, body_line },
    );
    Loaded { site: Site { articles, entities, pages }, diagnostics }
}

/// Loads one article file, for callers that work on a single file (serve, import).
pub fn load_article(
    config: &Config,
    path: &Path,
) -> Result<(Article, Vec<Diagnostic>), Diagnostic> {
    load_one(config, path, |slug, path, meta: ArticleMeta, body, body_line| Article {
        slug,
        path,
        meta,
        body,
        body_line,
    })
}

/// Loads one entity file, for callers that work on a single file (serve's rebuilds).
pub fn load_entity(config: &Config, path: &Path) -> Result<(Entity, Vec<Diagnostic>), Diagnostic> {
    load_one(config, path, |id, path, meta: EntityMeta, description, body_line| Entity {
        id,
        path,
        meta,
        description,
        body_line,
    })
}

/// Loads one free page file, for callers that work on a single file (serve's rebuilds).
pub fn load_page(config: &Config, path: &Path) -> Result<(Page, Vec<Diagnostic>), Diagnostic> {
    load_one(config, path, |slug, path, meta: PageMeta, body, body_line| Page {
        slug,
        path,
        meta,
        body,
        body_line,
    })
}

fn load_one<M, T>(
    config: &Config,
    path: &Path,
    build: impl FnOnce(String, PathBuf, M, String, usize) -> T,
) -> Result<(T, Vec<Diagnostic>), Diagnostic>
where
    M: DeserializeOwned,
{
    let relative = display_path(&config.root, path);
    let (meta, body, body_line, warnings) = parse_file::<M>(path, &relative)?;
    Ok((build(slug_of(path), relative, meta, body, body_line), warnings))
}

fn load_kind<M, T, F>(
    config: &Config,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    build: F,
) -> Vec<T>
where
    M: DeserializeOwned + Send,
    T: Send + Keyed,
    F: Fn(String, PathBuf, M, String, usize) -> T + Sync,
{
    let files = markdown_files(dir, &config.root, diagnostics);
    let results: Vec<Result<(T, Vec<Diagnostic>), Diagnostic>> =
        files.par_iter().map(|path| load_one(config, path, &build)).collect();
    let mut items = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((item, warnings)) => {
                diagnostics.extend(warnings);
                items.push(item);
            }
            Err(error) => diagnostics.push(error),
        }
    }
    items.sort_by(|a, b| a.key().cmp(b.key()));
    report_duplicate_keys(&items, diagnostics);
    items
}

/// Items identified by a slug or id taken from their file name.
pub trait Keyed {
    fn key(&self) -> &str;
    fn source(&self) -> &Path;
}

impl Keyed for Article {
    fn key(&self) -> &str {
        &self.slug
    }
    fn source(&self) -> &Path {
        &self.path
    }
}

impl Keyed for Entity {
    fn key(&self) -> &str {
        &self.id
    }
    fn source(&self) -> &Path {
        &self.path
    }
}

impl Keyed for Page {
    fn key(&self) -> &str {
        &self.slug
    }
    fn source(&self) -> &Path {
        &self.path
    }
}

fn report_duplicate_keys<T: Keyed>(items: &[T], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    for item in items {
        if let Some(previous) = first_seen.insert(item.key(), item.source()) {
            diagnostics.push(Diagnostic::error(
                "duplicate slug",
                Some(Location::file(item.source())),
                format!(
                    "`{}` is also the slug of {}; rename one file",
                    item.key(),
                    previous.display()
                ),
            ));
        }
    }
}

/// Every `.md` file under `dir`, sorted; hidden files and editor temp files are skipped.
pub fn markdown_files(dir: &Path, root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in
        WalkDir::new(dir).sort_by_file_name().into_iter().filter_entry(|e| !is_hidden(e.path()))
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_markdown(entry.path()) => {
                files.push(entry.into_path())
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(Diagnostic::error(
                "unreadable file",
                error.path().map(|p| Location::file(display_path(root, p))),
                error.to_string(),
            )),
        }
    }
    files
}

fn is_hidden(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') && n.len() > 1)
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
        && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with(".#"))
}

/// The slug (or id) of a content file: its file name without `.md`, made URL-safe.
pub fn slug_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let slug = slug::slugify(stem);
    if slug.is_empty() { "untitled".to_string() } else { slug }
}

type Parsed<M> = (M, String, usize, Vec<Diagnostic>);

fn parse_file<M: DeserializeOwned>(path: &Path, relative: &Path) -> Result<Parsed<M>, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            "unreadable file",
            Some(Location::file(relative)),
            format!("cannot read: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of_byte(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(
            "encoding",
            Some(Location::at(relative, line, column)),
            "not valid UTF-8 (convert the file, or bring it in with `gloss import`)",
        )
    })?;
    let doc = frontmatter::split(&text, relative)?;
    let (meta, warnings) = frontmatter::parse::<M>(&doc, relative)?;
    Ok((meta, doc.body.to_string(), doc.body_line, warnings))
}

fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let valid = String::from_utf8_lossy(&bytes[..offset]);
    crate::config::line_column(&valid, valid.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::site_with;

    #[test]
    fn loads_articles_entities_and_pages_sorted() {
        let (_dir, config) = site_with(&[
            ("content/articles/b.md", "---\ntitle: B\n---\nBody B\n"),
            ("content/articles/a.md", "---\ntitle: A\n---\nBody A\n"),
            ("content/entities/hamas.md", "---\nname: Hamas\nkind: org\n---\n"),
            ("content/pages/about.md", "---\ntitle: About\n---\nHi\n"),
        ]);
        let loaded = load_site(&config);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let slugs: Vec<_> = loaded.site.articles.iter().map(|a| a.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "b"]);
        assert_eq!(loaded.site.articles[0].body, "Body A\n");
        assert_eq!(loaded.site.articles[0].body_line, 4);
        assert_eq!(loaded.site.entities[0].id, "hamas");
        assert_eq!(loaded.site.pages[0].meta.title, "About");
    }

    #[test]
    fn bad_file_is_reported_and_others_still_load() {
        let (_dir, config) = site_with(&[
            ("content/articles/good.md", "---\ntitle: Good\n---\n"),
            ("content/articles/bad.md", "---\ntitle: [unclosed\n---\n"),
        ]);
        let loaded = load_site(&config);
        assert_eq!(loaded.site.articles.len(), 1);
        let error = &loaded.diagnostics[0];
        assert!(error.is_error());
        assert_eq!(error.location.as_ref().unwrap().file, Path::new("content/articles/bad.md"));
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let (_dir, config) = site_with(&[]);
        let path = config.articles_dir().join("latin.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, b"---\ntitle: caf\xe9\n---\n").unwrap();
        let loaded = load_site(&config);
        let location = loaded.diagnostics[0].location.clone().unwrap();
        assert_eq!((location.line, location.column), (2, 11));
    }

    #[test]
    fn skips_hidden_and_editor_files() {
        let (_dir, config) = site_with(&[
            ("content/articles/.a.md.swp", "x"),
            ("content/articles/.#a.md", "x"),
            ("content/articles/notes.txt", "x"),
        ]);
        assert!(load_site(&config).site.articles.is_empty());
    }
}
