//! The article page for the render stage: one article and its [`Analysis`] → HTML.
//!
//! Rendered once the site index exists, by a full build as by a rebuild. A full build sets
//! each article's HTML and headings aside on disk meanwhile ([`SetAside`]), so that every
//! article's HTML is never held at once.

use serde::Serialize;

use super::markdown::{Analysis, Heading};
use super::pages::{Link, base_context, is_web_url};
use super::{EntityLookup, Globals, PageKey, TaxonomyKind, Theme};
use crate::diagnostics::Diagnostic;
use crate::model::{Article, EntityKind};

/// Words read per minute, for the reading time.
const READING_SPEED: usize = 230;

/// A table of contents is shown from this many headings on.
const TOC_HEADINGS: usize = 3;

/// What every article page is rendered with besides the article itself.
pub struct ArticlePage<'a> {
    pub theme: &'a Theme,
    pub globals: &'a Globals,
    pub lookup: &'a EntityLookup,
    pub base_path: &'a str,
}

/// What only an article's own page shows of its analysis.
pub struct OwnParts {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Where a full build keeps each article's [`OwnParts`] until its page is rendered (by the
/// article's place in the site's order); `None` when the analysis still holds them.
pub trait SetAside: Sync {
    fn own_parts(&self, article: usize) -> Result<Option<OwnParts>, Diagnostic>;
}

#[derive(Serialize)]
struct ArticleView<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    title_inferred: bool,
    subtitle: Option<&'a str>,
    date_iso: Option<String>,
    date_display: Option<String>,
    authors: Vec<Link>,
    editors: &'a [String],
    source: Option<Link>,
    source_url: Option<&'a str>,
    source_file: Option<&'a str>,
    source_part: Option<u32>,
    tags: Vec<Link>,
    summary: Option<&'a str>,
    contacts: &'a [String],
    photo_credits: &'a [String],
    word_count: usize,
    reading_minutes: usize,
    body: &'a str,
    toc: &'a [Heading],
    entity_groups: Vec<KindGroup<'a>>,
}

/// The entities an article mentions, of one kind, in order of first mention.
#[derive(Serialize)]
struct KindGroup<'a> {
    label: &'a str,
    entities: Vec<EntityLink<'a>>,
}

#[derive(Serialize)]
struct EntityLink<'a> {
    id: &'a str,
    url: String,
    name: &'a str,
    kind: &'static str,
}

impl ArticlePage<'_> {
    /// The page of `article`, whose HTML and headings are `own` (the analysis's own when
    /// `None`).
    pub fn render(
        &self,
        article: &Article,
        analysis: &Analysis,
        own: Option<&OwnParts>,
    ) -> Result<String, Diagnostic> {
        let (html, headings) = match own {
            Some(own) => (&own.html, &own.headings),
            None => (&analysis.html, &analysis.headings),
        };
        let meta = &article.meta;
        let key = PageKey::Article(article.slug.clone());
        let mut context = base_context(self.globals, self.base_path, &key, &meta.title);
        let view = ArticleView {
            slug: &article.slug,
            url: key.url(self.base_path),
            title: &meta.title,
            title_inferred: meta.title_inferred,
            subtitle: meta.subtitle.as_deref(),
            date_iso: meta.date.map(|d| d.to_string()),
            date_display: meta.date.map(|d| self.globals.t.date(d)),
            authors: self.term_links(TaxonomyKind::Authors, &meta.authors),
            editors: &meta.editors,
            source: self
                .term_links(TaxonomyKind::Sources, meta.source.as_slice())
                .into_iter()
                .next(),
            source_url: meta.source_url.as_deref().filter(|u| is_web_url(u)),
            source_file: meta.source_file.as_deref(),
            source_part: meta.source_part,
            tags: self.term_links(TaxonomyKind::Tags, &meta.tags),
            summary: meta.summary.as_deref(),
            contacts: &meta.contacts,
            photo_credits: &meta.photo_credits,
            word_count: analysis.word_count,
            reading_minutes: analysis.word_count.div_ceil(READING_SPEED).max(1),
            body: html,
            toc: if headings.len() >= TOC_HEADINGS { headings } else { &[] },
            entity_groups: self.entity_groups(analysis),
        };
        context.insert("article", &view);
        self.theme.render("article.html", &context)
    }

    /// The entities the article mentions, by kind, each once.
    fn entity_groups<'s>(&'s self, analysis: &Analysis) -> Vec<KindGroup<'s>> {
        let mentioned: Vec<_> =
            analysis.entities.iter().filter_map(|id| self.lookup.resolve(id)).collect();
        EntityKind::ALL
            .iter()
            .map(|&kind| KindGroup {
                label: self.globals.t.entity_kind(kind, true),
                entities: mentioned
                    .iter()
                    .filter(|entity| entity.kind == kind)
                    .map(|entity| EntityLink {
                        id: &entity.id,
                        url: PageKey::Entity(entity.id.to_string()).url(self.base_path),
                        name: &entity.name,
                        kind: kind.as_str(),
                    })
                    .collect(),
            })
            .filter(|group| !group.entities.is_empty())
            .collect()
    }

    fn term_links(&self, kind: TaxonomyKind, values: &[String]) -> Vec<Link> {
        values
            .iter()
            .filter_map(|value| {
                let slug = crate::load::slugify(value.trim());
                let url = PageKey::Term(kind, slug.clone()).url(self.base_path);
                (!slug.is_empty()).then(|| Link { name: value.clone(), url })
            })
            .collect()
    }
}
