//! Diagnostics shared by every stage: errors and warnings that name a file, line and column,
//! collected while a stage keeps going, then printed grouped and counted in the summary.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A place in a file; `line` and `column` are 1-based, 0 when unknown.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location { file: file.into(), line: 0, column: 0 }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location { file: file.into(), line, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        Ok(())
    }
}

/// What kind of problem a diagnostic is: warnings are grouped by it in the summary, and some
/// commands treat a kind differently (`gloss check` fails on a missing footnote). Stored in the
/// build stamp and snapshot by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    AliasConflict,
    AmbiguousEntityName,
    ArticleNotAnnotated,
    BrokenAnchor,
    BrokenLink,
    Config,
    DroppedLine,
    DroppedValue,
    DuplicateFootnote,
    DuplicateSlug,
    EditedArticle,
    EmptyArticle,
    Encoding,
    EntityFilesMissing,
    FileName,
    Footnote,
    FrontMatter,
    Markdown,
    MergedEditedArticle,
    MissingFootnote,
    NoSources,
    ObsidianEmbed,
    OverwroteEditedArticle,
    Render,
    ReservedPageSlug,
    SpoofingCharacters,
    StaleArticle,
    Template,
    UnknownFrontMatterKey,
    UnreadableFile,
    UnreadableSource,
    UnreferencedFootnote,
    UnresolvedWikilink,
    UnusedEntity,
    Write,
}

impl Category {
    pub const ALL: [Category; 35] = [
        Category::AliasConflict,
        Category::AmbiguousEntityName,
        Category::ArticleNotAnnotated,
        Category::BrokenAnchor,
        Category::BrokenLink,
        Category::Config,
        Category::DroppedLine,
        Category::DroppedValue,
        Category::DuplicateFootnote,
        Category::DuplicateSlug,
        Category::EditedArticle,
        Category::EmptyArticle,
        Category::Encoding,
        Category::EntityFilesMissing,
        Category::FileName,
        Category::Footnote,
        Category::FrontMatter,
        Category::Markdown,
        Category::MergedEditedArticle,
        Category::MissingFootnote,
        Category::NoSources,
        Category::ObsidianEmbed,
        Category::OverwroteEditedArticle,
        Category::Render,
        Category::ReservedPageSlug,
        Category::SpoofingCharacters,
        Category::StaleArticle,
        Category::Template,
        Category::UnknownFrontMatterKey,
        Category::UnreadableFile,
        Category::UnreadableSource,
        Category::UnreferencedFootnote,
        Category::UnresolvedWikilink,
        Category::UnusedEntity,
        Category::Write,
    ];

    /// The name printed over the group of warnings ("unresolved wikilink").
    pub fn name(self) -> &'static str {
        match self {
            Category::AliasConflict => "alias conflict",
            Category::AmbiguousEntityName => "ambiguous entity name",
            Category::ArticleNotAnnotated => "article not annotated",
            Category::BrokenAnchor => "broken anchor",
            Category::BrokenLink => "broken link",
            Category::Config => "config",
            Category::DroppedLine => "dropped line",
            Category::DroppedValue => "dropped value",
            Category::DuplicateFootnote => "duplicate footnote",
            Category::DuplicateSlug => "duplicate slug",
            Category::EditedArticle => "edited article",
            Category::EmptyArticle => "empty article",
            Category::Encoding => "encoding",
            Category::EntityFilesMissing => "entity files missing",
            Category::FileName => "file name",
            Category::Footnote => "footnote",
            Category::FrontMatter => "front matter",
            Category::Markdown => "markdown",
            Category::MergedEditedArticle => "merged edited article",
            Category::MissingFootnote => "missing footnote",
            Category::NoSources => "no sources",
            Category::ObsidianEmbed => "obsidian embed",
            Category::OverwroteEditedArticle => "overwrote edited article",
            Category::Render => "render",
            Category::ReservedPageSlug => "reserved page slug",
            Category::SpoofingCharacters => "spoofing characters",
            Category::StaleArticle => "stale article",
            Category::Template => "template",
            Category::UnknownFrontMatterKey => "unknown front matter key",
            Category::UnreadableFile => "unreadable file",
            Category::UnreadableSource => "unreadable source",
            Category::UnreferencedFootnote => "unreferenced footnote",
            Category::UnresolvedWikilink => "unresolved wikilink",
            Category::UnusedEntity => "unused entity",
            Category::Write => "write",
        }
    }

    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialOrd for Category {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By name, so that groups print in alphabetical order.
impl Ord for Category {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name().cmp(other.name())
    }
}

impl serde::Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Category, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Category::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown warning category `{name}`")))
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub category: Category,
    pub location: Option<Location>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        category: Category,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity: Severity::Error, category, location, message: message.into() }
    }

    pub fn warning(
        category: Category,
        location: Option<Location>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { severity: Severity::Warning, category, location, message: message.into() }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// A stage failed because of one or more errors in the input; every one is listed.
#[derive(Debug)]
pub struct InputErrors(pub Vec<Diagnostic>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(f, "{count} error{} in the input:", if count == 1 { "" } else { "s" })?;
        for diagnostic in &self.0 {
            writeln!(f, "  {diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

/// A thread-safe collector, so parallel stages can report without stopping.
#[derive(Default, Debug)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.items.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(diagnostic);
    }

    pub fn extend(&self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        let mut items = self.items.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        items.extend(diagnostics);
    }

    pub fn warn(&self, category: Category, location: Option<Location>, message: impl Into<String>) {
        self.push(Diagnostic::warning(category, location, message));
    }

    pub fn error(
        &self,
        category: Category,
        location: Option<Location>,
        message: impl Into<String>,
    ) {
        self.push(Diagnostic::error(category, location, message));
    }

    /// All diagnostics so far, sorted by file and position so output is stable across runs.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
        sort_diagnostics(&mut items);
        items
    }

    pub fn error_count(&self) -> usize {
        let items = self.items.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        items.iter().filter(|d| d.is_error()).count()
    }
}

pub fn sort_diagnostics(items: &mut [Diagnostic]) {
    items.sort_by(|a, b| {
        (a.location.as_ref(), b.severity, a.category, &a.message).cmp(&(
            b.location.as_ref(),
            a.severity,
            b.category,
            &b.message,
        ))
    });
}

/// Fails with every error when there is at least one; otherwise hands back the warnings.
pub fn fail_on_errors(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, InputErrors> {
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
    if errors.is_empty() { Ok(warnings) } else { Err(InputErrors(errors)) }
}

/// How many diagnostics of a category to print before summarising the rest.
const SHOWN_PER_CATEGORY: usize = 5;

/// Prints warnings grouped by category, at most a few of each, with the count of the rest,
/// so a large archive does not bury the summary line.
pub fn print_grouped(diagnostics: &[Diagnostic], verbose: bool) {
    let mut categories: Vec<Category> = diagnostics.iter().map(|d| d.category).collect();
    categories.sort_unstable();
    categories.dedup();
    for category in categories {
        let group: Vec<&Diagnostic> =
            diagnostics.iter().filter(|d| d.category == category).collect();
        let limit = if verbose { group.len() } else { SHOWN_PER_CATEGORY };
        eprintln!("{category} ({}):", group.len());
        for diagnostic in group.iter().take(limit) {
            eprintln!("  {diagnostic}");
        }
        if group.len() > limit {
            eprintln!("  ... and {} more (run with --verbose to see all)", group.len() - limit);
        }
    }
}

/// The path as the user should see it: relative to the site root when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.to_path_buf())
}

/// Line and column (1-based, in characters) of byte offsets in one text. Lines are found by
/// binary search; a column is counted on from the last one asked for when it lies before on
/// the same line (diagnostics come in order), so many diagnostics in one huge line cost
/// linear time, not quadratic.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// (offset, column) of the last answer.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let newlines = text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1);
        let line_starts = std::iter::once(0).chain(newlines).collect();
        LineIndex { text, line_starts, last: std::cell::Cell::new((0, 1)) }
    }

    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let (last_offset, last_column) = self.last.get();
        let column = if (start..=offset).contains(&last_offset) {
            last_column + self.text[last_offset..offset].chars().count()
        } else {
            self.text[start..offset].chars().count() + 1
        };
        self.last.set((offset, column));
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting_from_the_start() {
        let text = "ab\ncé d\n\nlast line é";
        let index = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len()).filter(|&o| text.is_char_boundary(o)).collect();
        // In order, out of order, and again: the same answers.
        for &offset in offsets.iter().chain(offsets.iter().rev()).chain(&offsets) {
            assert_eq!(index.line_column(offset), crate::config::line_column(text, offset));
        }
    }

    #[test]
    fn many_positions_in_one_huge_line_take_linear_time() {
        let text = "word ".repeat(400_000);
        let index = LineIndex::new(&text);
        let started = std::time::Instant::now();
        for offset in (0..text.len()).step_by(20) {
            index.line_column(offset);
        }
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn formats_location_like_compilers_do() {
        let d =
            Diagnostic::error(Category::FrontMatter, Some(Location::at("a.md", 3, 7)), "bad date");
        assert_eq!(d.to_string(), "a.md:3:7: error: bad date");
        let d = Diagnostic::warning(Category::Config, Some(Location::file("b.md")), "odd");
        assert_eq!(d.to_string(), "b.md: warning: odd");
    }

    #[test]
    fn fail_on_errors_keeps_warnings_when_clean() {
        let warnings =
            fail_on_errors(vec![Diagnostic::warning(Category::Config, None, "w")]).unwrap();
        assert_eq!(warnings.len(), 1);
        let errors =
            fail_on_errors(vec![Diagnostic::error(Category::Config, None, "e")]).unwrap_err();
        assert_eq!(errors.0.len(), 1);
    }
}
