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
use crate::diagnostics::{Category, Diagnostic, Location, display_path};
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
    let (mut loaded, mut articles) = load_site_but_articles(config);
    articles.reading = Reading::AsWritten;
    let (articles, mut diagnostics) = articles.load_each(config, &|_| ());
    loaded.site.articles = articles.into_iter().map(|(article, ())| article).collect();
    diagnostics.append(&mut loaded.diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// Loads the whole site as it will be once `pending` is written: article files about to be
/// written (path under the root → text) are read from memory, not from the disk (import hands
/// its articles to annotate so, writing each file once).
pub fn load_site_with(config: &Config, pending: &HashMap<PathBuf, String>) -> Loaded {
    let (mut loaded, listed) = load_site_but_articles(config);
    let mut diagnostics = listed.walk_errors;
    let mut files = listed.files;
    let pending: HashMap<PathBuf, &str> =
        pending.iter().map(|(path, text)| (config.root.join(path), text.as_str())).collect();
    let on_disk: std::collections::HashSet<&PathBuf> = files.iter().collect();
    let mut new: Vec<PathBuf> = pending.keys().filter(|p| !on_disk.contains(p)).cloned().collect();
    if !new.is_empty() {
        files.append(&mut new);
        files.sort();
    }
    let items = load_files(
        config,
        &files,
        &mut diagnostics,
        &build_article,
        &|_| (),
        &pending,
        Reading::AsWritten,
    );
    loaded.site.articles = items.into_iter().map(|(article, ())| article).collect();
    diagnostics.append(&mut loaded.diagnostics);
    loaded.diagnostics = diagnostics;
    loaded
}

/// The site with its entities and free pages loaded and its article files listed, not read:
/// [`ArticleFiles::load_each`] reads them, so that a caller can finish with each article
/// (analyse it, free its source) before the next is read. The model's `articles` is empty.
pub fn load_site_but_articles(config: &Config) -> (Loaded, ArticleFiles) {
    let mut walk_errors = Vec::new();
    let files = markdown_files(&config.articles_dir(), &config.root, &mut walk_errors);
    let mut diagnostics = Vec::new();
    let entities = load_kind(config, &config.entities_dir(), &mut diagnostics, build_entity);
    let pages = load_kind(
        config,
        &config.pages_dir(),
        &mut diagnostics,
        |slug, path, meta: PageMeta, body, body_line| Page { slug, path, meta, body, body_line },
    );
    let site = Site { articles: Vec::new(), entities, pages };
    (Loaded { site, diagnostics }, ArticleFiles { files, walk_errors, reading: Reading::Published })
}

/// The article files of a site, listed (sorted) but not read yet.
pub struct ArticleFiles {
    files: Vec<PathBuf>,
    /// Problems listing them.
    walk_errors: Vec<Diagnostic>,
    reading: Reading,
}

/// What the text of a loaded file is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// To publish: characters that would make it display other than it reads are removed.
    Published,
    /// To rewrite the file (annotate): the text exactly as on disk, so that nothing a person
    /// wrote is changed behind their back and the file can be compared before it is written.
    AsWritten,
}

impl ArticleFiles {
    /// Article files listed, drafts and files that will not load included.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Reads and parses every article file, in parallel, and hands each article to `finish`
    /// as soon as it is parsed, before the next file is read. Returns the articles sorted by
    /// slug, each with what `finish` made of it, and every problem as [`load_site`] reports
    /// it: listing errors, each file's warnings or error, duplicate slugs.
    pub fn load_each<T: Send>(
        self,
        config: &Config,
        finish: &(dyn Fn(&mut Article) -> T + Sync),
    ) -> (Vec<(Article, T)>, Vec<Diagnostic>) {
        let mut diagnostics = self.walk_errors;
        let items = load_files(
            config,
            &self.files,
            &mut diagnostics,
            &build_article,
            finish,
            &HashMap::new(),
            self.reading,
        );
        (items, diagnostics)
    }
}

fn build_article(
    slug: String,
    path: PathBuf,
    meta: ArticleMeta,
    body: String,
    body_line: usize,
) -> Article {
    Article { slug, path, meta, body, body_line }
}

fn build_entity(
    id: String,
    path: PathBuf,
    meta: EntityMeta,
    description: String,
    body_line: usize,
) -> Entity {
    Entity { id, path, meta, description, body_line }
}

/// Front matter that can hold values gloss would otherwise drop without a word.
pub trait CheckedMeta {
    /// A draft read for a build that publishes drafts (`gloss serve --drafts`) is published.
    fn publish_draft(&mut self) {}

    /// Warnings about values that will not show as written, each at its key's line.
    fn warnings(&self, _doc: &frontmatter::Document<'_>, _path: &Path) -> Vec<Diagnostic> {
        Vec::new()
    }
}

impl CheckedMeta for EntityMeta {}

impl CheckedMeta for PageMeta {
    fn publish_draft(&mut self) {
        self.draft = false;
    }
}

impl CheckedMeta for ArticleMeta {
    fn publish_draft(&mut self) {
        self.draft = false;
    }

    /// An author, source or tag becomes a page whose URL is its slug: a value with no letter
    /// or digit (`../..`, `""`, `---`) has none and cannot be listed.
    fn warnings(&self, doc: &frontmatter::Document<'_>, path: &Path) -> Vec<Diagnostic> {
        let lists = [
            ("authors", "author", self.authors.as_slice()),
            ("source", "source", self.source.as_slice()),
            ("tags", "tag", self.tags.as_slice()),
        ];
        let mut warnings = Vec::new();
        for (key, what, values) in lists {
            for value in values.iter().filter(|value| slugify(value.trim()).is_empty()) {
                let line = frontmatter::key_line(doc, key).unwrap_or(0);
                let message = if value.trim().is_empty() {
                    format!("an empty {what} is left out; remove it from `{key}`")
                } else {
                    format!(
                        "{what} {value:?} has no letter or digit to make its page's URL of; it \
                         is left out of the {what} pages and the article's {what} list"
                    )
                };
                warnings.push(Diagnostic::warning(
                    Category::DroppedValue,
                    Some(Location::at(path, line, if line > 0 { 1 } else { 0 })),
                    message,
                ));
            }
        }
        warnings
    }
}

/// Loads one article file, for callers that work on a single file (serve, import).
pub fn load_article(
    config: &Config,
    path: &Path,
) -> Result<(Article, Vec<Diagnostic>), Diagnostic> {
    load_one(config, path, None, Reading::Published, build_article)
}

/// Loads one entity file, for callers that work on a single file (serve's rebuilds).
pub fn load_entity(config: &Config, path: &Path) -> Result<(Entity, Vec<Diagnostic>), Diagnostic> {
    load_one(config, path, None, Reading::Published, build_entity)
}

/// Loads one free page file, for callers that work on a single file (serve's rebuilds).
pub fn load_page(config: &Config, path: &Path) -> Result<(Page, Vec<Diagnostic>), Diagnostic> {
    load_one(
        config,
        path,
        None,
        Reading::Published,
        |slug, path, meta: PageMeta, body, body_line| Page { slug, path, meta, body, body_line },
    )
}

/// Loads the file at `path`, or, for a file about to be written, its `text`.
fn load_one<M, T>(
    config: &Config,
    path: &Path,
    text: Option<&str>,
    reading: Reading,
    build: impl FnOnce(String, PathBuf, M, String, usize) -> T,
) -> Result<(T, Vec<Diagnostic>), Diagnostic>
where
    M: DeserializeOwned + CheckedMeta,
{
    let relative = display_path(&config.root, path);
    let (mut meta, body, body_line, warnings) = match text {
        Some(text) => parse_text::<M>(text, &relative, reading)?,
        None => parse_file::<M>(path, &relative, reading)?,
    };
    if config.drafts && reading == Reading::Published {
        meta.publish_draft();
    }
    Ok((build(slug_of(path), relative, meta, body, body_line), warnings))
}

fn load_kind<M, T, F>(
    config: &Config,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
    build: F,
) -> Vec<T>
where
    M: DeserializeOwned + CheckedMeta + Send,
    T: Send + Keyed,
    F: Fn(String, PathBuf, M, String, usize) -> T + Sync,
{
    let files = markdown_files(dir, &config.root, diagnostics);
    let items = load_files(
        config,
        &files,
        diagnostics,
        &build,
        &|_| (),
        &HashMap::new(),
        Reading::Published,
    );
    items.into_iter().map(|(item, ())| item).collect()
}

/// Loads `files` in parallel (those in `pending` from its text), each handed to `finish` once
/// parsed; sorted by key, with every file's problems (in file order), then the keys that more
/// than one file claims.
fn load_files<M, T, F, U>(
    config: &Config,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
    build: &F,
    finish: &(dyn Fn(&mut T) -> U + Sync),
    pending: &HashMap<PathBuf, &str>,
    reading: Reading,
) -> Vec<(T, U)>
where
    M: DeserializeOwned + CheckedMeta + Send,
    T: Send + Keyed,
    F: Fn(String, PathBuf, M, String, usize) -> T + Sync,
    U: Send,
{
    type Finished<T, U> = Result<(T, U, Vec<Diagnostic>), Diagnostic>;
    let results: Vec<Finished<T, U>> = files
        .par_iter()
        .map(|path| {
            let (mut item, warnings) =
                load_one(config, path, pending.get(path).copied(), reading, build)?;
            let finished = finish(&mut item);
            Ok((item, finished, warnings))
        })
        .collect();
    let mut items = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((item, finished, warnings)) => {
                diagnostics.extend(warnings);
                items.push((item, finished));
            }
            Err(error) => diagnostics.push(error),
        }
    }
    items.sort_by(|a, b| a.0.key().cmp(b.0.key()));
    report_duplicate_keys(items.iter().map(|(item, _)| item), diagnostics);
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

fn report_duplicate_keys<'a, T: Keyed + 'a>(
    items: impl Iterator<Item = &'a T>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first_seen: HashMap<&str, &Path> = HashMap::new();
    for item in items {
        if let Some(previous) = first_seen.insert(item.key(), item.source()) {
            diagnostics.push(Diagnostic::error(
                Category::DuplicateSlug,
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

/// Files under `dir`, sorted, keyed by their `/`-separated path relative to it; hidden files
/// and folders (a leading dot) skipped: the theme's files, and the notes Obsidian lists.
pub fn visible_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let relative = e.path().strip_prefix(dir).ok()?;
            let name = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            Some((name, e.into_path()))
        })
        .collect()
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
            Ok(entry) if entry.file_type().is_file() && has_unreadable_markdown_name(&entry) => {
                diagnostics.push(Diagnostic::warning(
                    Category::FileName,
                    Some(Location::file(display_path(root, entry.path()))),
                    "the file name is not valid UTF-8, so no URL can be made of it and the file \
                     is left out; rename it (letters, digits and `-`)",
                ))
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(Diagnostic::error(
                Category::UnreadableFile,
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

/// A `.md` file whose name is not UTF-8 (a Latin-1 `café.md` copied from an old disk).
fn has_unreadable_markdown_name(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name();
    name.to_str().is_none() && name.as_encoded_bytes().ends_with(b".md")
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "md")
        && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| !n.starts_with(".#"))
}

/// The slug (or id) of a content file: its file name without `.md`, made URL-safe.
pub fn slug_of(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let slug = slugify(stem);
    if slug.is_empty() { "untitled".to_string() } else { slug }
}

/// Names Windows keeps for devices: no file or folder can bear one, whatever its extension.
const WINDOWS_DEVICE_NAMES: [&str; 4] = ["con", "prn", "aux", "nul"];

/// `value` in lower-case ASCII words joined by `-` (empty when it has no letter or digit), as
/// every slug gloss makes a file or folder name of: a device name Windows reserves (`con`,
/// `nul`, `com1`, ...) gets a `_`, which no slug otherwise holds, so the site can be copied to
/// any disk.
pub fn slugify(value: &str) -> String {
    let mut slug = slug::slugify(value);
    if is_windows_device_name(&slug) {
        slug.push('_');
    }
    slug
}

fn is_windows_device_name(slug: &str) -> bool {
    let numbered = ["com", "lpt"].iter().any(|prefix| {
        slug.strip_prefix(prefix)
            .is_some_and(|digit| digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit())
    });
    numbered || WINDOWS_DEVICE_NAMES.contains(&slug)
}

type Parsed<M> = (M, String, usize, Vec<Diagnostic>);

fn parse_file<M: DeserializeOwned + CheckedMeta>(
    path: &Path,
    relative: &Path,
    reading: Reading,
) -> Result<Parsed<M>, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            Category::UnreadableFile,
            Some(Location::file(relative)),
            format!("cannot read: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of_byte(e.as_bytes(), e.utf8_error().valid_up_to());
        Diagnostic::error(
            Category::Encoding,
            Some(Location::at(relative, line, column)),
            "not valid UTF-8 (convert the file, or bring it in with `gloss import`)",
        )
    })?;
    parse_text(&text, relative, reading)
}

fn parse_text<M: DeserializeOwned + CheckedMeta>(
    text: &str,
    relative: &Path,
    reading: Reading,
) -> Result<Parsed<M>, Diagnostic> {
    let (text, spoofing) = match reading {
        Reading::Published => remove_bidi_controls(text, relative),
        Reading::AsWritten => (std::borrow::Cow::Borrowed(text), None),
    };
    let doc = frontmatter::split(&text, relative)?;
    let (meta, mut warnings) = frontmatter::parse::<M>(&doc, relative)?;
    warnings.extend(meta.warnings(&doc, relative));
    warnings.extend(spoofing);
    Ok((meta, doc.body.to_string(), doc.body_line, warnings))
}

/// The characters that override or embed a writing direction (U+202A..U+202E, U+2066..U+2069)
/// make text display other than it reads (`evil\u{202E}txt.exe` shows as `evilexe.txt`). Titles
/// and text never need them (the browser orders Arabic and Hebrew by itself), so they are
/// removed, with a warning at the first.
fn remove_bidi_controls<'a>(
    text: &'a str,
    relative: &Path,
) -> (std::borrow::Cow<'a, str>, Option<Diagnostic>) {
    let is_control = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    let Some(first) = text.find(is_control) else {
        return (std::borrow::Cow::Borrowed(text), None);
    };
    let count = text.chars().filter(|&c| is_control(c)).count();
    let (line, column) = crate::config::line_column(text, first);
    let warning = Diagnostic::warning(
        Category::SpoofingCharacters,
        Some(Location::at(relative, line, column)),
        format!(
            "{count} bidirectional control character(s) (U+{:04X} here) removed: they make \
             text display in an order other than it reads",
            text[first..].chars().next().map_or(0, u32::from)
        ),
    );
    (std::borrow::Cow::Owned(text.replace(is_control, "")), Some(warning))
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
    fn windows_device_names_get_a_mark_no_other_slug_has() {
        for (value, slug) in
            [("CON", "con_"), ("Nul", "nul_"), ("com1", "com1_"), ("LPT9", "lpt9_")]
        {
            assert_eq!(slugify(value), slug);
        }
        for value in ["Console", "com10", "con man", "Aux Hall"] {
            assert!(!slugify(value).ends_with('_'), "{value}");
        }
        assert_eq!(slug_of(Path::new("content/articles/con_.md")), "con_");
    }

    #[test]
    fn reading_for_annotate_keeps_the_text_as_written() {
        let text = "---\ntitle: \"a \u{202E}b\"\n---\nc \u{2066}d\n";
        let path = Path::new("x.md");
        let (meta, body, _, warnings) =
            parse_text::<ArticleMeta>(text, path, Reading::Published).unwrap();
        assert_eq!((meta.title.as_str(), body.as_str()), ("a b", "c d\n"));
        assert_eq!(warnings.len(), 1);
        let (meta, body, _, warnings) =
            parse_text::<ArticleMeta>(text, path, Reading::AsWritten).unwrap();
        assert_eq!((meta.title.as_str(), body.as_str()), ("a \u{202E}b", "c \u{2066}d\n"));
        assert!(warnings.is_empty());
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
