//! `gloss check`: everything that would make the site wrong for a reader, without writing it.
//!
//! Input: the site on disk. Output: diagnostics. Loads and analyses the site like a build
//! (front matter problems, unresolved wikilinks, footnotes without notes or never referenced),
//! then renders every page in memory and crawls it: every internal link must reach a page of
//! the site and every `#anchor` an id on that page. The entity registry is checked too: aliases
//! claimed by two entities, entities nothing mentions.

pub mod links;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::annotate::check_registry;
use crate::build::State;
use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location, sort_diagnostics};
use crate::render::{Highlighter, PageKey, base_path_of, markdown::BodyLink};
use links::{Broken, LinkTargets, PageLinks, scan_html};

/// What `gloss check` found.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub links: usize,
}

/// Categories `check` treats as errors even though a build only warns about them.
const ERRORS_IN_CHECK: [Category; 1] = [Category::MissingFootnote];

/// The categories of a link that leads nowhere in the site.
pub const BROKEN_LINK_CATEGORIES: [Category; 2] = [Category::BrokenLink, Category::BrokenAnchor];

/// Broken internal links and anchors only, for `gloss build`'s link checker.
pub fn broken_links(config: &Config) -> Vec<Diagnostic> {
    let mut found = check_site(config).diagnostics;
    found.retain(|d| BROKEN_LINK_CATEGORIES.contains(&d.category));
    found
}

pub fn check_site(config: &Config) -> CheckOutcome {
    let highlighter = Highlighter::new();
    let (state, mut diagnostics) = match State::load(config, &highlighter) {
        Ok(loaded) => loaded,
        Err(theme_error) => {
            return CheckOutcome { diagnostics: vec![theme_error], ..Default::default() };
        }
    };
    for diagnostic in &mut diagnostics {
        if ERRORS_IN_CHECK.contains(&diagnostic.category) {
            diagnostic.severity = crate::diagnostics::Severity::Error;
        }
    }
    let base_path = base_path_of(&config.base_url);
    let input = state.input(config, &base_path);
    let keys = input.all_pages();

    let scanned: Vec<(&PageKey, Result<PageLinks, Diagnostic>)> = keys
        .par_iter()
        .filter(|key| key.is_html())
        .map(|key| {
            (
                key,
                input
                    .render_output(key, &keys)
                    .map(|bytes| scan_html(&String::from_utf8_lossy(&bytes))),
            )
        })
        .collect();

    let mut files: HashSet<String> = keys.iter().map(PageKey::output_path).collect();
    files.extend(state.theme_static_names());
    files.insert("highlight.css".to_string());
    let mut anchors: HashMap<String, HashSet<String>> = HashMap::new();
    let mut pages = Vec::new();
    let mut render_errors = Vec::new();
    for (key, result) in scanned {
        match result {
            Ok(page) => {
                anchors.insert(key.output_path(), page.ids.clone());
                pages.push((key, page));
            }
            Err(error) => render_errors.push(error),
        }
    }
    sort_diagnostics(&mut render_errors);
    render_errors.dedup();
    diagnostics.extend(render_errors);

    let origin = config
        .base_url
        .find("://")
        .map(|_| &config.base_url[..config.base_url.len() - base_path.len()]);
    let targets = LinkTargets {
        files: &files,
        anchors: &anchors,
        base_path: &base_path,
        origin,
        opaque_prefixes: &[crate::render::search::INDEX_DIR],
    };
    let mut link_count = 0;
    // Links the theme puts on every page would repeat once per page: report each once.
    let mut theme_problems: HashMap<String, (String, usize)> = HashMap::new();
    for (key, page) in &pages {
        let page_url = key.url(&base_path);
        let page_file = key.output_path();
        let written = written_links(&state, key);
        for href in &page.links {
            link_count += 1;
            let Err(broken) = targets.check(&page_url, &page_file, href) else { continue };
            let (category, what) = match &broken {
                Broken::NoPage(path) => (
                    Category::BrokenLink,
                    format!("links to {path}, which is not a page of the site"),
                ),
                Broken::NoAnchor { anchor, .. } => (
                    Category::BrokenAnchor,
                    format!("links to #{anchor}, which is not on that page"),
                ),
            };
            match written.iter().find(|(link, _)| &link.href == href) {
                Some((link, file)) => diagnostics.push(Diagnostic::error(
                    category,
                    Some(Location::at(file.clone(), link.line, link.column)),
                    format!("[{href}] {what}"),
                )),
                None => {
                    let entry = theme_problems
                        .entry(format!("{category}\u{0}{href}\u{0}{what}"))
                        .or_insert((page_url.clone(), 0));
                    entry.1 += 1;
                }
            }
        }
    }
    for (problem, (first_page, count)) in theme_problems {
        let mut parts = problem.split('\u{0}');
        let category = if parts.next() == Some("broken anchor") {
            Category::BrokenAnchor
        } else {
            Category::BrokenLink
        };
        let (href, what) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let pages = if count == 1 {
            format!("page {first_page}")
        } else {
            format!("{count} pages (first {first_page})")
        };
        diagnostics.push(Diagnostic::error(
            category,
            None,
            format!("a template on {pages} writes [{href}]: it {what}"),
        ));
    }
    // The renderer already reports unresolved wikilinks, with their positions.
    diagnostics.extend(
        check_registry(&state.site)
            .into_iter()
            .filter(|d| d.category != Category::UnresolvedWikilink),
    );
    diagnostics.extend(config.warnings());
    sort_diagnostics(&mut diagnostics);
    CheckOutcome { diagnostics, pages: pages.len(), links: link_count }
}

/// Links a person wrote in the document behind `key`, with the file they are in.
fn written_links<'a>(state: &'a State, key: &PageKey) -> Vec<(&'a BodyLink, std::path::PathBuf)> {
    let (analysis, file) = match key {
        PageKey::Article(slug) => match state.index.article_by_slug.get(slug) {
            Some(&i) => (&state.analyses.articles[i], state.site.articles[i].path.clone()),
            None => return Vec::new(),
        },
        PageKey::Entity(id) => match state.index.entity_by_id.get(id) {
            Some(&i) => (&state.analyses.entities[i], state.site.entities[i].path.clone()),
            None => return Vec::new(),
        },
        PageKey::Page(slug) => match state.site.pages.iter().position(|p| &p.slug == slug) {
            Some(i) => (&state.analyses.pages[i], state.site.pages[i].path.clone()),
            None => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    analysis.links.iter().map(|link| (link, file.clone())).collect()
}
