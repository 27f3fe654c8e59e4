//! Feeds for the render stage: the Atom and RSS feeds of the latest dated articles, the
//! sitemap of every HTML page and `robots.txt`, written directly (no template can make them
//! invalid).

use std::fmt::Write;

use super::{PageKey, RenderInput};
use crate::frontmatter::date::FrontDate;

/// A date as RFC 822 wants it in RSS (`Mon, 23 Sep 2019 19:07:00 +0000`); a date without a
/// time is at midnight, without an offset in UTC.
fn rfc822(date: FrontDate) -> String {
    let time = date.time.unwrap_or_default().format("%H:%M:%S");
    let offset = date.offset_seconds.unwrap_or(0);
    let (sign, offset) = if offset < 0 { ('-', -offset) } else { ('+', offset) };
    let zone = format!("{sign}{:02}{:02}", offset / 3600, offset % 3600 / 60);
    format!("{} {time} {zone}", date.day.format("%a, %d %b %Y"))
}

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

    /// The articles the feeds show: the latest `feed_limit`, newest first, without those
    /// that have no date. A feed entry must say when it was updated, and gloss invents no date
    /// for an article whose source gave none; such articles are in the archive and the
    /// sitemap, not in the feeds.
    fn feed_articles(&self) -> Vec<usize> {
        let latest = self.index.article_order.iter().take(self.config.render.feed_limit);
        latest.copied().filter(|&i| self.site.articles[i].meta.date.is_some()).collect()
    }

    /// `atom.xml` (RFC 4287): the latest dated articles. The feed's author is the archive
    /// itself, which an entry without an author of its own (nor a source) inherits, as the RFC
    /// requires every entry to have one.
    pub fn render_atom(&self) -> String {
        let articles = self.feed_articles();
        let newest = articles.iter().filter_map(|&i| self.site.articles[i].meta.date).max();
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
        // A feed with no dated article has changed at no known time: the epoch says so.
        let updated = newest.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let _ = writeln!(out, "  <updated>{updated}</updated>");
        let _ = writeln!(out, "  <author><name>{}</name></author>", xml(&self.config.title));
        let _ = writeln!(out, "  <generator>gloss</generator>");
        for &i in &articles {
            let article = &self.site.articles[i];
            let Some(date) = article.meta.date else { continue };
            let path = self.article_url(&article.slug);
            out.push_str("  <entry>\n");
            let _ = writeln!(out, "    <title>{}</title>", xml(&article.meta.title));
            let _ = writeln!(out, "    <id>{}</id>", xml(&self.atom_id(&path)));
            let _ = writeln!(
                out,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                xml(&self.absolute(&path))
            );
            let _ = writeln!(out, "    <updated>{}</updated>", date.rfc3339());
            let _ = writeln!(out, "    <published>{}</published>", date.rfc3339());
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

    /// `rss.xml` (RSS 2.0): the articles of the Atom feed, for readers that take only RSS.
    /// Authors go in `dc:creator` (RSS's own `author` wants an e-mail address).
    pub fn render_rss(&self) -> String {
        let articles = self.feed_articles();
        let mut out = String::with_capacity(4096 + articles.len() * 2048);
        out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        out.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" ");
        out.push_str("xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
        let _ = writeln!(out, "  <title>{}</title>", xml(&self.config.title));
        let _ = writeln!(out, "  <link>{}</link>", xml(&self.absolute(self.base_path)));
        let description = if self.config.description.is_empty() {
            &self.config.title
        } else {
            &self.config.description
        };
        let _ = writeln!(out, "  <description>{}</description>", xml(description));
        let _ = writeln!(out, "  <language>{}</language>", xml(&self.config.language));
        let _ = writeln!(
            out,
            "  <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{}\"/>",
            xml(&self.absolute(&PageKey::Rss.url(self.base_path)))
        );
        if let Some(newest) = articles.first().and_then(|&i| self.site.articles[i].meta.date) {
            let _ = writeln!(out, "  <lastBuildDate>{}</lastBuildDate>", rfc822(newest));
        }
        let _ = writeln!(out, "  <generator>gloss</generator>");
        for &i in &articles {
            let article = &self.site.articles[i];
            let Some(date) = article.meta.date else { continue };
            let url = self.absolute(&self.article_url(&article.slug));
            out.push_str("  <item>\n");
            let _ = writeln!(out, "    <title>{}</title>", xml(&article.meta.title));
            let _ = writeln!(out, "    <link>{}</link>", xml(&url));
            let permalink = self.config.base_url.contains("://");
            let _ = writeln!(
                out,
                "    <guid isPermaLink=\"{permalink}\">{}</guid>",
                xml(&self.atom_id(&self.article_url(&article.slug)))
            );
            let _ = writeln!(out, "    <pubDate>{}</pubDate>", rfc822(date));
            for author in &article.meta.authors {
                let _ = writeln!(out, "    <dc:creator>{}</dc:creator>", xml(author));
            }
            for tag in &article.meta.tags {
                let _ = writeln!(out, "    <category>{}</category>", xml(tag));
            }
            let _ = writeln!(out, "    <description>{}</description>", xml(&self.analyses[i].html));
            out.push_str("  </item>\n");
        }
        out.push_str("</channel>\n</rss>\n");
        out
    }

    /// `robots.txt`: every page may be crawled; the sitemap's address (crawlers want it
    /// absolute, so only when the base URL has a host).
    pub fn render_robots(&self) -> String {
        let mut out = String::from("User-agent: *\nAllow: /\n");
        if self.config.base_url.contains("://") {
            let sitemap = self.absolute(&PageKey::Sitemap.url(self.base_path));
            let _ = writeln!(out, "\nSitemap: {sitemap}");
        }
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
    fn rss_dates_are_rfc_822() {
        let date = crate::frontmatter::date::FrontDate::parse("2019-09-23T19:07:00+02:00");
        assert_eq!(super::rfc822(date.unwrap()), "Mon, 23 Sep 2019 19:07:00 +0200");
        let day = crate::frontmatter::date::FrontDate::parse("2024-05-01").unwrap();
        assert_eq!(super::rfc822(day), "Wed, 01 May 2024 00:00:00 +0000");
    }

    #[test]
    fn xml_escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(xml("a<b & \"c\"\u{0}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
