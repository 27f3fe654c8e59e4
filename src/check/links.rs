//! Link checking over rendered pages: pull every `id` and link out of a page's HTML, then
//! resolve internal links against the set of output files and the ids of their target pages.

use std::collections::{HashMap, HashSet};

/// The anchors a page defines and the URLs it links to (`href` and `src`).
#[derive(Debug, Default)]
pub struct PageLinks {
    pub ids: HashSet<String>,
    pub links: Vec<String>,
}

/// Scans HTML for tags and their `id`, `href` and `src` attributes. Text inside `<script>` and
/// `<style>` is skipped, as are comments.
pub fn scan_html(html: &str) -> PageLinks {
    let mut page = PageLinks::default();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = tag_end(rest) else { break };
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        for (attribute, value) in attributes(&tag[name.len()..]) {
            match attribute.as_str() {
                "id" => {
                    page.ids.insert(value);
                }
                "href" | "src" => page.links.push(value),
                _ => {}
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |i| &rest[i..]);
        }
    }
    page
}

/// The `>` that ends a tag, skipping any inside quoted attribute values.
fn tag_end(tag: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn attributes(mut text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        let name_end = text
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(text.len());
        if name_end == 0 {
            return out;
        }
        let name = text[..name_end].to_ascii_lowercase();
        text = text[name_end..].trim_start();
        let Some(after_equals) = text.strip_prefix('=') else {
            out.push((name, String::new()));
            continue;
        };
        let after_equals = after_equals.trim_start();
        let (value, remainder) = match after_equals.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = &after_equals[1..];
                let end = inner.find(q).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after_equals.find(char::is_whitespace).unwrap_or(after_equals.len());
                (&after_equals[..end], &after_equals[end..])
            }
        };
        out.push((name, decode_entities(value)));
        text = remainder;
    }
}

/// Decodes the character references templates and Markdown rendering produce.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why an internal link does not work.
#[derive(Debug, PartialEq, Eq)]
pub enum Broken {
    NoPage(String),
    NoAnchor { page: String, anchor: String },
}

/// The output files and the anchors of every HTML page, to resolve links against.
pub struct LinkTargets<'a> {
    pub files: &'a HashSet<String>,
    pub anchors: &'a HashMap<String, HashSet<String>>,
    pub base_path: &'a str,
    /// The site's origin (`https://example.org`), so absolute links to it are checked too.
    pub origin: Option<&'a str>,
    /// Output folders whose files the check does not know one by one (the search bundle).
    pub opaque_prefixes: &'a [&'a str],
}

impl LinkTargets<'_> {
    /// Checks `href` as written on the page at `page_url`; external links are not checked.
    pub fn check(&self, page_url: &str, page_file: &str, href: &str) -> Result<(), Broken> {
        let href = match self.origin.and_then(|origin| href.strip_prefix(origin)) {
            Some(path) if path.starts_with('/') => path,
            _ => href,
        };
        if href.is_empty() || href.starts_with("//") || has_scheme(href) {
            return Ok(());
        }
        let (path, fragment) = match href.split_once('#') {
            Some((path, fragment)) => (path, fragment),
            None => (href, ""),
        };
        let path = path.split('?').next().unwrap_or("");
        let file = if path.is_empty() {
            page_file.to_string()
        } else {
            let absolute =
                if path.starts_with('/') { path.to_string() } else { join_url(page_url, path) };
            let Some(inside) = absolute.strip_prefix(self.base_path) else {
                return Err(Broken::NoPage(absolute));
            };
            let inside = percent_decode(inside);
            if self.opaque_prefixes.iter().any(|p| inside.starts_with(p)) {
                return Ok(());
            }
            let candidates = if inside.is_empty() || inside.ends_with('/') {
                vec![format!("{inside}index.html")]
            } else {
                vec![inside.clone(), format!("{inside}/index.html")]
            };
            match candidates.into_iter().find(|c| self.files.contains(c)) {
                Some(file) => file,
                None => return Err(Broken::NoPage(absolute)),
            }
        };
        if fragment.is_empty() {
            return Ok(());
        }
        let anchor = percent_decode(fragment);
        match self.anchors.get(&file) {
            Some(ids) if ids.contains(&anchor) => Ok(()),
            Some(_) => Err(Broken::NoAnchor { page: file, anchor }),
            // Not an HTML page: anchors cannot be checked.
            None => Ok(()),
        }
    }
}

fn has_scheme(href: &str) -> bool {
    href.find(':').is_some_and(|colon| {
        let scheme = &href[..colon];
        !scheme.is_empty()
            && !scheme.contains('/')
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// Resolves a relative URL path against the URL of the page it is on.
fn join_url(page_url: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = page_url.split('/').collect();
    parts.pop();
    for segment in relative.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_ids_and_links_but_not_script_text() {
        let page = scan_html(
            "<p id=\"p-1\"><a href='/a/#x'>a</a><!-- <a href=\"/hidden/\"> --></p>\
             <script type=\"application/json\" id=\"cards\">{\"url\":\"<a href=/nope/>\"}</script>\
             <img src=\"/i.png\" alt=\"x > y\"><a href=\"/b/?q=1&amp;r=2\">b</a>",
        );
        assert!(page.ids.contains("p-1") && page.ids.contains("cards"));
        assert_eq!(page.links, ["/a/#x", "/i.png", "/b/?q=1&r=2"]);
    }

    #[test]
    fn resolves_pages_files_and_anchors() {
        let files: HashSet<String> = ["index.html", "articles/a/index.html", "gloss.css"]
            .into_iter()
            .map(String::from)
            .collect();
        let anchors: HashMap<String, HashSet<String>> = [
            ("articles/a/index.html".to_string(), HashSet::from(["p-1".to_string()])),
            ("index.html".to_string(), HashSet::new()),
        ]
        .into();
        let targets = LinkTargets {
            files: &files,
            anchors: &anchors,
            base_path: "/",
            origin: Some("https://example.org"),
            opaque_prefixes: &["search-index/"],
        };
        let check = |href: &str| targets.check("/articles/a/", "articles/a/index.html", href);
        assert_eq!(check("/articles/a/#p-1"), Ok(()));
        assert_eq!(check("#p-1"), Ok(()));
        assert_eq!(check("../../gloss.css"), Ok(()));
        assert_eq!(check("https://example.org/articles/a/"), Ok(()));
        assert_eq!(check("https://elsewhere.org/nope/"), Ok(()));
        assert_eq!(check("/search-index/manifest.json"), Ok(()));
        assert_eq!(check("/articles/b/"), Err(Broken::NoPage("/articles/b/".into())));
        assert_eq!(
            check("#p-9"),
            Err(Broken::NoAnchor { page: "articles/a/index.html".into(), anchor: "p-9".into() })
        );
    }
}
