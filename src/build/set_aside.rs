//! What only an article's own page shows of its analysis (its HTML and headings), set aside in
//! a temporary file while a full build reads the rest of the site.
//!
//! An article's page shows other articles (related, previous and next, backlinks), so it is
//! rendered after the site index exists, by the same path as a rebuild. Holding every article's
//! HTML until then would add it all to the build's peak memory (about 15 KB an article); each
//! is written to the file as soon as the article is analysed and read back when its page
//! renders. The file is unnamed and goes with the build.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::sync::Mutex;

use crate::diagnostics::{Category, Diagnostic};
use crate::model::Site;
use crate::render::article_page::{OwnParts, SetAside};
use crate::render::markdown::Heading;

/// The file being written, while the articles are analysed (from several threads).
pub(crate) struct SetAsideWriter {
    file: Mutex<(File, u64)>,
    /// Article slug → where its parts are: offset, length of the HTML, length of the headings.
    places: Mutex<HashMap<String, Place>>,
    /// The first write that failed; the build then stops with it.
    failed: Mutex<Option<String>>,
}

#[derive(Clone, Copy)]
struct Place {
    offset: u64,
    html: usize,
    headings: usize,
}

/// The parts set aside, by article (in the site's order).
pub(crate) struct SetAsidePages {
    file: File,
    places: Vec<Option<Place>>,
}

impl SetAsideWriter {
    pub(crate) fn new() -> std::io::Result<SetAsideWriter> {
        Ok(SetAsideWriter {
            file: Mutex::new((tempfile::tempfile()?, 0)),
            places: Mutex::new(HashMap::new()),
            failed: Mutex::new(None),
        })
    }

    /// Sets aside one article's HTML and headings.
    pub(crate) fn put(&self, slug: &str, html: &str, headings: &[Heading]) {
        let headings = match postcard::to_allocvec(headings) {
            Ok(bytes) => bytes,
            Err(error) => return self.fail(error.to_string()),
        };
        let offset = {
            let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
            let (out, end) = &mut *file;
            let offset = *end;
            if let Err(error) =
                out.write_all(html.as_bytes()).and_then(|()| out.write_all(&headings))
            {
                return self.fail(error.to_string());
            }
            *end += (html.len() + headings.len()) as u64;
            offset
        };
        let place = Place { offset, html: html.len(), headings: headings.len() };
        self.places.lock().unwrap_or_else(|p| p.into_inner()).insert(slug.to_string(), place);
    }

    fn fail(&self, error: String) {
        self.failed.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert(error);
    }

    /// The parts of the site's articles, ready to be read back.
    pub(crate) fn finish(self, site: &Site) -> Result<SetAsidePages, Diagnostic> {
        if let Some(error) = self.failed.into_inner().unwrap_or_else(|p| p.into_inner()) {
            return Err(cannot("write", &error));
        }
        let (mut file, _) = self.file.into_inner().unwrap_or_else(|p| p.into_inner());
        file.flush().map_err(|e| cannot("write", &e.to_string()))?;
        let mut places = self.places.into_inner().unwrap_or_else(|p| p.into_inner());
        let places = site.articles.iter().map(|a| places.remove(&a.slug)).collect();
        Ok(SetAsidePages { file, places })
    }
}

impl SetAside for SetAsidePages {
    fn own_parts(&self, article: usize) -> Result<Option<OwnParts>, Diagnostic> {
        let Some(place) = self.places.get(article).copied().flatten() else { return Ok(None) };
        let mut bytes = vec![0; place.html + place.headings];
        read_at(&self.file, &mut bytes, place.offset)
            .map_err(|e| cannot("read", &e.to_string()))?;
        let headings = postcard::from_bytes(&bytes[place.html..])
            .map_err(|e| cannot("read", &e.to_string()))?;
        bytes.truncate(place.html);
        let html = String::from_utf8(bytes).map_err(|e| cannot("read", &e.to_string()))?;
        Ok(Some(OwnParts { html, headings }))
    }
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let read = std::os::windows::fs::FileExt::seek_read(file, bytes, offset)?;
        if read == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        bytes = &mut bytes[read..];
        offset += read as u64;
    }
    Ok(())
}

fn cannot(what: &str, error: &str) -> Diagnostic {
    Diagnostic::error(
        Category::Write,
        None,
        format!("cannot {what} the articles' pages set aside in a temporary file: {error}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleMeta};

    fn article(slug: &str) -> Article {
        Article {
            slug: slug.into(),
            path: format!("content/articles/{slug}.md").into(),
            meta: ArticleMeta::default(),
            body: String::new(),
            body_line: 1,
        }
    }

    #[test]
    fn reads_back_what_each_article_set_aside_in_the_sites_order() {
        let writer = SetAsideWriter::new().unwrap();
        let heading = Heading { level: 2, id: "why".into(), text: "Why it matters".into() };
        writer.put("b", "<p>Second</p>", std::slice::from_ref(&heading));
        writer.put("a", "<p>First — é</p>", &[]);
        let site = Site {
            articles: vec![article("a"), article("b"), article("draft")],
            entities: Vec::new(),
            pages: Vec::new(),
        };
        let pages = writer.finish(&site).unwrap();
        let a = pages.own_parts(0).unwrap().unwrap();
        assert_eq!((a.html.as_str(), a.headings.len()), ("<p>First — é</p>", 0));
        let b = pages.own_parts(1).unwrap().unwrap();
        assert_eq!((b.html.as_str(), b.headings), ("<p>Second</p>", vec![heading]));
        assert!(pages.own_parts(2).unwrap().is_none());
    }
}
