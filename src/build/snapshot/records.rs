//! The documents as the snapshot stores them: each with its analysis and where its text is in
//! `texts.bin`, in the order of `Analyses::lists` (articles, entities, free pages).

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::documents::name_digest;
use crate::diagnostics::Diagnostic;
use crate::render::analysis_list::{Encoded, SharedBytes};
use crate::render::plain_text::{PlainText, TextFile};

use crate::model::{Article, ArticleMeta, Entity, EntityKind, EntityMeta, Origin, Page};

/// One document of the snapshot. Its analysis is a run of postcard bytes of its own
/// ([`Bytes`] as written, `&[u8]` or `Vec<u8>` as read back), so that reading the
/// record leaves it encoded until a page needs it (see `render::analysis_list`); its
/// diagnostics (`D`: a slice as written, a vector as read) are read at once, since every build
/// reports them all.
#[derive(Serialize, Deserialize)]
pub(super) struct DocumentRecord<A, D> {
    pub(super) document: StoredDocument,
    pub(super) analysis: A,
    pub(super) diagnostics: D,
    /// Where the text is in `texts.bin`: start, length in bytes.
    pub(super) text: (u64, usize),
}

/// A record as written.
pub(super) type RecordToWrite<'a> = DocumentRecord<Bytes<'a>, &'a [Diagnostic]>;

/// A record as read back from `model.bin`.
pub(super) type OwnedRecord = DocumentRecord<Vec<u8>, Vec<Diagnostic>>;

/// Bytes (an analysis' encoding, the content listing) written as one length-prefixed run, not
/// byte by byte, which `&[u8]` reads back without a copy.
pub(super) struct Bytes<'a>(pub(super) Cow<'a, [u8]>);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

/// A record read back, its analysis still encoded: `bytes[analysis]`.
pub(super) struct ReadRecord {
    pub(super) document: StoredDocument,
    pub(super) bytes: SharedBytes,
    pub(super) analysis: Range<usize>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) text: (u64, usize),
}

impl ReadRecord {
    /// `record`, read from `bytes`, whose analysis borrows from them.
    pub(super) fn borrowed(
        record: DocumentRecord<&[u8], Vec<Diagnostic>>,
        bytes: &SharedBytes,
    ) -> Option<ReadRecord> {
        let whole = (**bytes).as_ref();
        let start = (record.analysis.as_ptr() as usize).checked_sub(whole.as_ptr() as usize)?;
        let analysis = start..start + record.analysis.len();
        (analysis.end <= whole.len()).then(|| ReadRecord {
            document: record.document,
            bytes: Arc::clone(bytes),
            analysis,
            diagnostics: record.diagnostics,
            text: record.text,
        })
    }

    pub(super) fn owned(record: OwnedRecord) -> ReadRecord {
        let len = record.analysis.len();
        ReadRecord {
            document: record.document,
            bytes: Arc::new(record.analysis) as SharedBytes,
            analysis: 0..len,
            diagnostics: record.diagnostics,
            text: record.text,
        }
    }

    /// The document as the state holds it, its text left in `texts` (`texts_len` bytes long)
    /// until a page needs it; `None` when the text is not in there.
    pub(super) fn restore(self, texts: &Arc<TextFile>, texts_len: u64) -> Option<RestoredDocument> {
        let (start, len) = self.text;
        if start.checked_add(len as u64)? > texts_len {
            return None;
        }
        let name = name_digest(self.document.name());
        let document = match self.document {
            StoredDocument::Article(article) => Document::Article(article.into_article()),
            StoredDocument::Entity(entity) => Document::Entity(entity.into_entity()),
            StoredDocument::Page(page) => Document::Page(page.into_page()?),
        };
        let analysis = Encoded {
            bytes: self.bytes,
            range: self.analysis,
            text: PlainText::stored(Arc::clone(texts), start, len),
            diagnostics: self.diagnostics,
        };
        Some(RestoredDocument { document, analysis, text: self.text, name })
    }
}

/// A document of the snapshot made into what the state holds, its analysis still encoded.
pub(super) struct RestoredDocument {
    pub(super) document: Document,
    pub(super) analysis: Encoded,
    /// Where its text is in `texts.bin`, and which document it is ([`name_digest`]): what
    /// saving the state again compares with.
    pub(super) text: (u64, usize),
    pub(super) name: u64,
}

#[allow(clippy::large_enum_variant)]
pub(super) enum Document {
    Article(Article),
    Entity(Entity),
    Page(Page),
}

// Nearly every document is an article: boxing them would cost an allocation each.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize)]
pub(super) enum StoredDocument {
    Article(StoredArticle),
    Entity(StoredEntity),
    Page(StoredPage),
}

impl StoredDocument {
    /// The slug or id that tells the document from the others of its kind.
    pub(super) fn name(&self) -> &str {
        match self {
            StoredDocument::Article(article) => &article.slug,
            StoredDocument::Entity(entity) => &entity.id,
            StoredDocument::Page(page) => &page.slug,
        }
    }
}

#[derive(Serialize, Deserialize)]
pub(super) struct StoredArticle {
    slug: String,
    path: PathBuf,
    meta: StoredArticleMeta,
    body_line: usize,
}

/// `ArticleMeta` field for field. The front matter types leave out empty fields when
/// serialized, which only a format that names its fields reads back (free pages' front
/// matter, a few at most, is kept as JSON for that reason).
#[derive(Serialize, Deserialize)]
struct StoredArticleMeta {
    title: String,
    title_inferred: bool,
    subtitle: Option<String>,
    date: Option<crate::frontmatter::date::FrontDate>,
    authors: Vec<String>,
    editors: Vec<String>,
    source: Option<String>,
    source_url: Option<String>,
    source_file: Option<String>,
    source_part: Option<u32>,
    contacts: Vec<String>,
    photo_credits: Vec<String>,
    summary: Option<String>,
    entities: Vec<String>,
    nolink: Vec<String>,
    tags: Vec<String>,
    draft: bool,
}

/// `From` both ways between two structs with the same fields.
macro_rules! same_fields {
    ($a:ident, $b:ident { $($field:ident),* $(,)? }) => {
        impl From<$a> for $b {
            fn from(value: $a) -> $b {
                let $a { $($field),* } = value;
                $b { $($field),* }
            }
        }
        impl From<$b> for $a {
            fn from(value: $b) -> $a {
                let $b { $($field),* } = value;
                $a { $($field),* }
            }
        }
    };
}

same_fields!(
    ArticleMeta,
    StoredArticleMeta {
        title,
        title_inferred,
        subtitle,
        date,
        authors,
        editors,
        source,
        source_url,
        source_file,
        source_part,
        contacts,
        photo_credits,
        summary,
        entities,
        nolink,
        tags,
        draft
    }
);

#[derive(Serialize, Deserialize)]
pub(super) struct StoredEntity {
    id: String,
    path: PathBuf,
    meta: StoredEntityMeta,
    description: String,
    body_line: usize,
}

/// `EntityMeta` field for field (see [`StoredArticleMeta`]).
#[derive(Serialize, Deserialize)]
struct StoredEntityMeta {
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    origin: Origin,
    link: bool,
    summary: Option<String>,
    description_pin: Option<String>,
    description_reject: Vec<String>,
}

same_fields!(
    EntityMeta,
    StoredEntityMeta {
        name,
        kind,
        aliases,
        origin,
        link,
        summary,
        description_pin,
        description_reject
    }
);

#[derive(Serialize, Deserialize)]
pub(super) struct StoredPage {
    slug: String,
    path: PathBuf,
    meta: String,
    body: String,
    body_line: usize,
}

impl StoredArticle {
    pub(super) fn of(article: &Article) -> StoredArticle {
        StoredArticle {
            slug: article.slug.clone(),
            path: article.path.clone(),
            meta: article.meta.clone().into(),
            body_line: article.body_line,
        }
    }

    /// The article without its body, which `gloss build` let go (see `State::pages_forgotten`).
    pub(super) fn into_article(self) -> Article {
        Article {
            slug: self.slug,
            path: self.path,
            meta: self.meta.into(),
            body: String::new(),
            body_line: self.body_line,
        }
    }
}

impl StoredEntity {
    pub(super) fn of(entity: &Entity) -> StoredEntity {
        StoredEntity {
            id: entity.id.clone(),
            path: entity.path.clone(),
            meta: entity.meta.clone().into(),
            description: entity.description.clone(),
            body_line: entity.body_line,
        }
    }

    pub(super) fn into_entity(self) -> Entity {
        Entity {
            id: self.id,
            path: self.path,
            meta: self.meta.into(),
            description: self.description,
            body_line: self.body_line,
        }
    }
}

impl StoredPage {
    pub(super) fn of(page: &Page) -> Result<StoredPage> {
        Ok(StoredPage {
            slug: page.slug.clone(),
            path: page.path.clone(),
            meta: serde_json::to_string(&page.meta)?,
            body: page.body.clone(),
            body_line: page.body_line,
        })
    }

    pub(super) fn into_page(self) -> Option<Page> {
        Some(Page {
            slug: self.slug,
            path: self.path,
            meta: serde_json::from_str(&self.meta).ok()?,
            body: self.body,
            body_line: self.body_line,
        })
    }
}

/// How many articles, entities and free pages a site has: a document's position in the order
/// of `Analyses::lists` tells which it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Counts {
    pub(super) articles: usize,
    pub(super) entities: usize,
    pub(super) pages: usize,
}

impl Counts {
    pub(super) fn total(&self) -> usize {
        self.articles + self.entities + self.pages
    }
}
