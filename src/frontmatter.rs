//! YAML front matter: split a Markdown file into front matter and body, parse the front matter
//! into a typed struct with positions for errors, and write a file back in the canonical form.

pub mod date;

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Category, Diagnostic, Location};

/// A Markdown file cut at its front matter fences.
#[derive(Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The YAML between the `---` fences (empty when the file has none).
    pub yaml: &'a str,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `text` at its `---` fences. A file without front matter is all body; an opening fence
/// without a closing one is an error.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Document<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(after_open) = strip_fence_line(text) else {
        return Ok(Document { yaml: "", yaml_line: 1, body: text, body_line: 1 });
    };
    let mut offset = text.len() - after_open.len();
    for (line, raw_line) in (2..).zip(after_open.split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let yaml = &text[text.len() - after_open.len()..offset];
            let body = &text[offset + raw_line.len()..];
            return Ok(Document { yaml, yaml_line: 2, body, body_line: line + 1 });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::error(
        Category::FrontMatter,
        Some(Location::at(path, 1, 1)),
        "front matter opened with `---` is never closed by a `---` line",
    ))
}

fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

/// Parses the front matter of `doc` into `T`. Wrong types and malformed YAML are errors with the
/// file, line and column; keys `T` does not know are returned as warnings.
pub fn parse<T: DeserializeOwned>(
    doc: &Document<'_>,
    path: &Path,
) -> Result<(T, Vec<Diagnostic>), Diagnostic> {
    let yaml = if doc.yaml.trim().is_empty() { "{}" } else { doc.yaml };
    let mut unknown_keys = Vec::new();
    let deserializer = serde_yaml::Deserializer::from_str(yaml);
    let mut on_unknown = |key: serde_ignored::Path<'_>| unknown_keys.push(key.to_string());
    let value: Result<T, _> = serde_path_to_error::deserialize(serde_ignored::Deserializer::new(
        deserializer,
        &mut on_unknown,
    ));
    let value = value.map_err(|e| {
        let field = e.path().to_string();
        let e = e.into_inner();
        let (message, position) = explain_yaml_error(&e.to_string());
        let position = position
            .or_else(|| e.location().map(|l| (l.line(), l.column())).filter(|&at| at != (1, 1)));
        let (line, column) = match position {
            Some((line, column)) => (doc.yaml_line + line - 1, column),
            // serde_yaml places errors a type raises itself (a malformed date) at the start of
            // the document: the field's own line is where to look.
            None => value_position(doc, &field).unwrap_or((doc.yaml_line, 0)),
        };
        Diagnostic::error(Category::FrontMatter, Some(Location::at(path, line, column)), message)
    })?;
    // One pass over the YAML finds every key's line: a file may hold many thousands of keys.
    let key_lines = (!unknown_keys.is_empty()).then(|| top_level_key_lines(doc));
    let warnings = unknown_keys
        .into_iter()
        .map(|key| {
            let top = key.split('.').next().unwrap_or(&key);
            let line = key_lines.as_ref().and_then(|lines| lines.get(top)).copied().unwrap_or(0);
            Diagnostic::warning(
                Category::UnknownFrontMatterKey,
                Some(Location::at(path, line, if line > 0 { 1 } else { 0 })),
                format!("unknown key `{key}` is ignored"),
            )
        })
        .collect();
    Ok((value, warnings))
}

/// serde_yaml appends " at line L column C", which goes into the location, and for a construct
/// left open (a quote never closed) ", while scanning X at line L column C": the place where that
/// construct starts is the fault, not the end of the document where the parser gave up. Returns
/// the message without positions and that start, when there is one.
fn explain_yaml_error(message: &str) -> (String, Option<(usize, usize)>) {
    let problem = message.find(" at line ").map_or(message, |index| &message[..index]);
    let Some((_, context)) = message.split_once(", while ") else {
        return (problem.to_string(), None);
    };
    let (what, start) = match context.split_once(" at line ") {
        Some((what, at)) => (what, parse_line_column(at)),
        None => (context, None),
    };
    (format!("{problem} while {what} that starts here (is it closed?)"), start)
}

/// `"2 column 8"` → (2, 8).
fn parse_line_column(text: &str) -> Option<(usize, usize)> {
    let (line, rest) = text.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, column.parse().ok()?))
}

/// Line and column of the value of a top-level key (`date: 2019-...` → the `2`).
fn value_position(doc: &Document<'_>, key_path: &str) -> Option<(usize, usize)> {
    let top = key_path.split(['.', '[']).next()?;
    let line = *top_level_key_lines(doc).get(top)?;
    let text = doc.yaml.lines().nth(line - doc.yaml_line)?;
    let after_colon = text.find(':')? + 1;
    let padding = text[after_colon..].chars().take_while(|c| c.is_whitespace()).count();
    Some((line, text[..after_colon].chars().count() + padding + 1))
}

/// The 1-based line of the top-level `key` in the file, for warnings about its value.
pub fn key_line(doc: &Document<'_>, key: &str) -> Option<usize> {
    doc.yaml
        .lines()
        .position(|line| {
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|index| doc.yaml_line + index)
}

/// The line of each top-level key (the first, when one repeats), for warnings about it.
fn top_level_key_lines<'a>(doc: &Document<'a>) -> std::collections::HashMap<&'a str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (index, line) in doc.yaml.lines().enumerate() {
        if line.starts_with(char::is_whitespace) {
            continue;
        }
        if let Some((key, _)) = line.split_once(':') {
            lines.entry(key.trim_end()).or_insert(doc.yaml_line + index);
        }
    }
    lines
}

/// Writes a Markdown file with front matter in the canonical form gloss uses everywhere:
/// `---`, the YAML, `---`, the body ending with one newline.
pub fn render<T: Serialize>(meta: &T, body: &str) -> String {
    let yaml = serde_yaml::to_string(meta).expect("front matter types serialize to YAML");
    let body = body.trim_end_matches(['\n', '\r']);
    let mut out = String::with_capacity(yaml.len() + body.len() + 10);
    out.push_str("---\n");
    out.push_str(&yaml);
    out.push_str("---\n");
    if !body.is_empty() {
        out.push_str(body);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, EntityMeta};
    use proptest::prelude::*;

    /// Text shaped like front matter: fences, keys, lists, quotes, odd characters.
    fn front_matter_like() -> impl Strategy<Value = String> {
        let line = prop_oneof![
            Just("---".to_string()),
            Just("title: A title".to_string()),
            Just("tags: [a, b]".to_string()),
            Just("authors:".to_string()),
            Just("- ../..".to_string()),
            Just("date: 2024-02-30".to_string()),
            Just("nolink: {a: b}".to_string()),
            Just("  - nested".to_string()),
            "[a-z_]{1,8}: [^\n]{0,20}",
            "\\PC{0,30}",
        ];
        prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_front_matter_parses_or_fails_with_a_location(text in front_matter_like()) {
            let path = Path::new("content/articles/fuzz.md");
            if let Ok(doc) = split(&text, path) {
                match parse::<ArticleMeta>(&doc, path) {
                    Ok(_) => {}
                    Err(error) => prop_assert!(error.location.is_some()),
                }
            }
        }

        #[test]
        fn any_title_reads_back_as_written(title in "\\PC{0,60}", body in "\\PC{0,60}") {
            let meta = ArticleMeta { title: title.clone(), ..ArticleMeta::default() };
            let text = render(&meta, &body);
            let path = Path::new("a.md");
            let doc = split(&text, path).unwrap();
            let (read, _) = parse::<ArticleMeta>(&doc, path).unwrap();
            prop_assert_eq!(read.title, title);
        }
    }

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let doc = split("---\ntitle: A\n---\nBody\n", Path::new("a.md")).unwrap();
        assert_eq!(doc.yaml, "title: A\n");
        assert_eq!(doc.body, "Body\n");
        assert_eq!(doc.body_line, 4);
    }

    #[test]
    fn file_without_front_matter_is_all_body() {
        let doc = split("# Hello\n", Path::new("a.md")).unwrap();
        assert_eq!(doc.yaml, "");
        assert_eq!(doc.body, "# Hello\n");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let err = split("---\ntitle: A\nBody\n", Path::new("a.md")).unwrap_err();
        assert_eq!(err.location, Some(Location::at("a.md", 1, 1)));
    }

    #[test]
    fn wrong_type_names_file_line_and_column() {
        let text = "---\ntitle: A\nauthors: 12\n---\n";
        let doc = split(text, Path::new("x.md")).unwrap();
        let err = parse::<ArticleMeta>(&doc, Path::new("x.md")).unwrap_err();
        let location = err.location.clone().unwrap();
        assert_eq!((location.line, location.column), (3, 10), "{err}");
        assert!(err.message.contains("authors"), "{err}");
    }

    #[test]
    fn unclosed_quote_is_reported_where_the_quote_opens() {
        let text = "---\ntitle: \"Unclosed\nauthors: [A]\nsummary: x\n---\nBody\n";
        let doc = split(text, Path::new("x.md")).unwrap();
        let err = parse::<ArticleMeta>(&doc, Path::new("x.md")).unwrap_err();
        let location = err.location.clone().unwrap();
        assert_eq!((location.line, location.column), (2, 8), "{err}");
        assert!(err.message.contains("quoted scalar"), "{err}");
    }

    #[test]
    fn malformed_date_is_reported_at_its_value() {
        let doc = split("---\ntitle: A\ndate: 23/09/2019\n---\n", Path::new("x.md")).unwrap();
        let err = parse::<ArticleMeta>(&doc, Path::new("x.md")).unwrap_err();
        let location = err.location.clone().unwrap();
        assert_eq!((location.line, location.column), (3, 7), "{err}");
        assert!(err.message.contains("YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn unknown_keys_are_warnings_with_their_line() {
        let doc = split("---\ntitle: A\ncolour: red\n---\n", Path::new("x.md")).unwrap();
        let (meta, warnings) = parse::<ArticleMeta>(&doc, Path::new("x.md")).unwrap();
        assert_eq!(meta.title, "A");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.as_ref().unwrap().line, 3);
        assert!(warnings[0].message.contains("colour"));
    }

    #[test]
    fn missing_required_field_is_an_error() {
        let doc = split("---\nname: X\n---\n", Path::new("e.md")).unwrap();
        let err = parse::<EntityMeta>(&doc, Path::new("e.md")).unwrap_err();
        assert!(err.message.contains("kind"), "{err}");
    }

    #[test]
    fn render_then_split_round_trips() {
        let meta = ArticleMeta { title: "Colon: yes".into(), ..Default::default() };
        let text = render(&meta, "Body text\n\n");
        let doc = split(&text, Path::new("a.md")).unwrap();
        let (back, _) = parse::<ArticleMeta>(&doc, Path::new("a.md")).unwrap();
        assert_eq!(back, meta);
        assert_eq!(doc.body, "Body text\n");
    }
}
