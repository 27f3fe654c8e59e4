//! Feeds for the render stage: the Atom feed of the latest articles and the sitemap of every
//! HTML page, written as XML directly (no template can make them invalid).

use std::fmt::Write;

use super::{PageKey, RenderInput};
use crate::frontmatter::date::FrontDate;

/// Escapes text for XML character data and attribute values, as for HTML, and drops the
/// characters XML 1.0 forbids, which imported text can still carry.
fn xml(text: &str) -> String {
    let allowed = |c: char| {
        !((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')
            || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if text.chars().all(allowed) {
        return super::highlight::escape(text);
    }
    super::highlight::escape(&text.chars().filter(|&c| allowed(c)).collect::<String>())
}

impl RenderInput<'_> {
    /// An absolute URL for a site path (`/articles/x/`) when the base URL has a host.
    fn absolute(&self, path: &str) -> String {
        match self.config.base_url.find("://") {
            Some(_) => {
                let origin_end = self.config.base_url.len() - self.base_path.len();
                format!("{}{}", &self.config.base_url[..origin_end], path)
            }
            None => path.to_string(),
        }
    }

    /// An Atom id: the absolute URL when there is one, otherwise a stable tag URI.
    fn atom_id(&self, path: &str) -> String {
        if self.config.base_url.contains("://") {
            self.absolute(path)
        } else {
            format!("tag:gloss.invalid,2000:{}", path.trim_matches('/'))
        }
    }

    /// `atom.xml`: the latest `feed_limit` articles, dated ones newest first.
    pub fn render_atom(&self) -> String {
        let articles: Vec<usize> =
            self.index.article_order.iter().copied().take(self.config.render.feed_limit).collect();
        let newest = articles.iter().filter_map(|&i| self.site.articles[i].meta.date).max();
        let stamp = |date: Option<FrontDate>| {
            date.or(newest).map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339())
        };
        let mut out = String::with_capacity(4096 + articles.len() * 2048);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = writeln!(
            out,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
            xml(&self.config.language)
        );
        let _ = writeln!(out, "  <title>{}</title>", xml(&self.config.title));
        if !self.config.description.is_empty() {
            let _ = writeln!(out, "  <subtitle>{}</subtitle>", xml(&self.config.description));
        }
        let home = self.absolute(self.base_path);
        let _ = writeln!(out, "  <id>{}</id>", xml(&self.atom_id(self.base_path)));
        let _ =
            writeln!(out, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", xml(&home));
        let feed_path = PageKey::Feed.url(self.base_path);
        let _ = writeln!(
            out,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            xml(&self.absolute(&feed_path))
        );
        let _ = writeln!(out, "  <updated>{}</updated>", stamp(newest));
        let _ = writeln!(out, "  <generator>gloss</generator>");
        for &i in &articles {
            let article = &self.site.articles[i];
            let path = self.article_url(&article.slug);
            out.push_str("  <entry>\n");
            let _ = writeln!(out, "    <title>{}</title>", xml(&article.meta.title));
            let _ = writeln!(out, "    <id>{}</id>", xml(&self.atom_id(&path)));
            let _ = writeln!(
                out,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                xml(&self.absolute(&path))
            );
            let _ = writeln!(out, "    <updated>{}</updated>", stamp(article.meta.date));
            if let Some(date) = article.meta.date {
                let _ = writeln!(out, "    <published>{}</published>", stamp(Some(date)));
            }
            for author in &article.meta.authors {
                let _ = writeln!(out, "    <author><name>{}</name></author>", xml(author));
            }
            if article.meta.authors.is_empty()
                && let Some(source) = &article.meta.source
            {
                let _ = writeln!(out, "    <author><name>{}</name></author>", xml(source));
            }
            for tag in &article.meta.tags {
                let _ = writeln!(out, "    <category term=\"{}\"/>", xml(tag));
            }
            if let Some(summary) = &article.meta.summary {
                let _ = writeln!(out, "    <summary>{}</summary>", xml(summary));
            }
            let _ = writeln!(
                out,
                "    <content type=\"html\">{}</content>",
                xml(&self.analyses[i].html)
            );
            out.push_str("  </entry>\n");
        }
        out.push_str("</feed>\n");
        out
    }

    /// `sitemap.xml`: every HTML page but the 404 page.
    pub fn render_sitemap(&self, keys: &[PageKey]) -> String {
        let mut out = String::with_capacity(128 + keys.len() * 96);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for key in keys.iter().filter(|k| k.is_html() && **k != PageKey::NotFound) {
            let _ =
                write!(out, "  <url><loc>{}</loc>", xml(&self.absolute(&key.url(self.base_path))));
            if let PageKey::Article(slug) = key
                && let Some(date) = self
                    .index
                    .article_by_slug
                    .get(slug)
                    .and_then(|&i| self.site.articles[i].meta.date)
            {
                let _ = write!(out, "<lastmod>{date}</lastmod>");
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml("a<b & \"c\"\u{0}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
