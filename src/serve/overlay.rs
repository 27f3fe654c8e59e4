//! Error overlay: a failed build → the list of errors that the terminal prints and the browser
//! shows over the page (as plain text: the live-reload script escapes nothing because it only
//! ever sets `textContent`).
//!
//! The build reports input errors as [`Diagnostic`]s (one, or many in [`InputErrors`]), each
//! naming a file, line and column; anything else (a failed write, a bug) becomes one entry that
//! carries the whole cause chain.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Category, Diagnostic, InputErrors, display_path};

/// One build error as the overlay shows it. Serialized as the `event: error` payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildError {
    /// The file at fault, relative to the site root when inside it; `None` when the error names
    /// no file.
    pub file: Option<String>,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
}

impl BuildError {
    fn from_diagnostic(diagnostic: &Diagnostic, root: &Path) -> BuildError {
        let location = diagnostic.location.as_ref();
        BuildError {
            file: location
                .map(|l| display_path(root, &l.file).to_string_lossy().replace('\\', "/")),
            line: location.map_or(0, |l| l.line),
            column: location.map_or(0, |l| l.column),
            message: diagnostic.message.clone(),
        }
    }

    /// `file:line:col: message`, as compilers print it, so terminals make the place clickable.
    pub fn to_terminal_line(&self) -> String {
        let Some(file) = &self.file else {
            return format!("error: {}", self.message);
        };
        let mut place = file.clone();
        if self.line > 0 {
            place.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                place.push_str(&format!(":{}", self.column));
            }
        }
        format!("{place}: error: {}", self.message)
    }
}

/// The warnings of one category, as the browser's warnings panel lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WarningGroup {
    pub category: String,
    /// Warnings of the category in all.
    pub count: usize,
    /// The first [`WARNINGS_SHOWN_PER_GROUP`] of them (the terminal with `--verbose` has all).
    pub shown: Vec<BuildError>,
}

/// Warnings listed per group in the browser, so a large archive's hundreds stay readable.
pub const WARNINGS_SHOWN_PER_GROUP: usize = 20;

/// A build's warnings grouped by category (sorted by name), as the terminal prints them.
pub fn warning_groups(diagnostics: &[Diagnostic], root: &Path) -> Vec<WarningGroup> {
    let mut groups: std::collections::BTreeMap<Category, WarningGroup> = Default::default();
    for warning in diagnostics.iter().filter(|d| !d.is_error()) {
        let group = groups.entry(warning.category).or_insert_with(|| WarningGroup {
            category: warning.category.to_string(),
            count: 0,
            shown: Vec::new(),
        });
        group.count += 1;
        if group.shown.len() < WARNINGS_SHOWN_PER_GROUP {
            group.shown.push(BuildError::from_diagnostic(warning, root));
        }
    }
    groups.into_values().collect()
}

/// The errors a failed build of the site at `root` reports, in the order it reported them.
pub fn build_errors(error: &anyhow::Error, root: &Path) -> Vec<BuildError> {
    for cause in error.chain() {
        if let Some(InputErrors(diagnostics)) = cause.downcast_ref::<InputErrors>() {
            let errors: Vec<BuildError> =
                diagnostics.iter().map(|d| BuildError::from_diagnostic(d, root)).collect();
            if !errors.is_empty() {
                return errors;
            }
        }
        if let Some(diagnostic) = cause.downcast_ref::<Diagnostic>() {
            return vec![BuildError::from_diagnostic(diagnostic, root)];
        }
    }
    let message = error.chain().map(ToString::to_string).collect::<Vec<_>>().join(": ");
    vec![BuildError { file: None, line: 0, column: 0, message }]
}

#[cfg(test)]
mod tests {
    use anyhow::Context;

    use super::*;
    use crate::diagnostics::Category;
    use crate::diagnostics::Location;

    #[test]
    fn lists_every_input_error_with_its_place() {
        let error = anyhow::Error::new(InputErrors(vec![
            Diagnostic::error(
                Category::FrontMatter,
                Some(Location::at("content/articles/a.md", 3, 7)),
                "bad date",
            ),
            Diagnostic::error(
                Category::Template,
                Some(Location::file("templates/page.html")),
                "unclosed tag",
            ),
        ]));
        let errors = build_errors(&error, Path::new("/site"));
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].to_terminal_line(), "content/articles/a.md:3:7: error: bad date");
        assert_eq!(errors[1].to_terminal_line(), "templates/page.html: error: unclosed tag");
    }

    #[test]
    fn names_files_relative_to_the_site() {
        let diagnostic =
            Diagnostic::error(Category::Config, Some(Location::at("/site/gloss.toml", 2, 1)), "x");
        let errors = build_errors(&anyhow::Error::new(diagnostic), Path::new("/site"));
        assert_eq!(errors[0].to_terminal_line(), "gloss.toml:2:1: error: x");
    }

    #[test]
    fn finds_a_diagnostic_under_context() {
        let diagnostic =
            Diagnostic::error(Category::Markdown, Some(Location::at("a.md", 2, 1)), "broken");
        let error = Err::<(), _>(diagnostic).context("rendering articles").unwrap_err();
        assert_eq!(build_errors(&error, Path::new("/site"))[0].line, 2);
    }

    #[test]
    fn other_errors_keep_their_cause_chain() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "permission denied");
        let error = Err::<(), _>(io).context("cannot write dist/index.html").unwrap_err();
        let errors = build_errors(&error, Path::new("/site"));
        assert_eq!(errors[0].file, None);
        assert_eq!(
            errors[0].to_terminal_line(),
            "error: cannot write dist/index.html: permission denied"
        );
    }
}
