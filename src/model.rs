//! The site model: plain, serializable data passed between stages.
//!
//! `load` fills it from `content/`; `render` reads it; `import` and `annotate` write the files it
//! is loaded from. The front matter structs here *are* the user-facing file formats of DESIGN.md.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::frontmatter::date::FrontDate;

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}

/// Front matter of `content/articles/<slug>.md`. Field order is the order written to disk.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ArticleMeta {
    pub title: String,
    /// The text stated no title; this one was inferred by import.
    #[serde(skip_serializing_if = "is_false")]
    pub title_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<FrontDate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub editors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// Provenance: the raw file the article was imported from, and its place in that file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_part: Option<u32>,
    /// Contact handles stated by the text (e-mail addresses, social handles).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub photo_credits: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Entity ids mentioned, maintained by annotate.
    pub entities: Vec<String>,
    /// Surface forms annotate must leave unlinked in this article.
    pub nolink: Vec<String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "is_false")]
    pub draft: bool,
}

/// One article: its front matter and Markdown body, as loaded from disk.
#[derive(Clone, Debug, Serialize)]
pub struct Article {
    /// URL slug, from the file name: `content/articles/<slug>.md`.
    pub slug: String,
    /// Path of the Markdown file relative to the site root.
    pub path: PathBuf,
    pub meta: ArticleMeta,
    /// Markdown after the front matter.
    #[serde(skip)]
    pub body: String,
    /// 1-based line in the file where `body` starts, to report body positions.
    #[serde(skip)]
    pub body_line: usize,
}

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    #[default]
    Org,
    Place,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [EntityKind::Person, EntityKind::Org, EntityKind::Place];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Org => "org",
            EntityKind::Place => "place",
        }
    }
}

/// Who owns an entity file: annotate may rewrite `auto` ones; `human` ones are only read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    #[default]
    Auto,
    Human,
}

/// Front matter of `content/entities/<id>.md`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityMeta {
    pub name: String,
    pub kind: EntityKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub origin: Origin,
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub link: bool,
    /// Who the entity is, in a line a person wrote: wins over what the archive says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The archive's description to show (see `render/describe.rs`), chosen by an editor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_pin: Option<String>,
    /// The archive's descriptions never to show; `"*"` shows none of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description_reject: Vec<String>,
}

impl EntityMeta {
    /// What an editor wrote about the entity's descriptions, kept from `from` when annotate
    /// writes the entity's file again.
    pub fn keep_editor_fields(&mut self, from: &EntityMeta) {
        self.summary.clone_from(&from.summary);
        self.description_pin.clone_from(&from.description_pin);
        self.description_reject.clone_from(&from.description_reject);
    }
}

/// One entity: a person, organisation or place, with an optional Markdown description.
#[derive(Clone, Debug, Serialize)]
pub struct Entity {
    /// Stable id, from the file name: `content/entities/<id>.md`.
    pub id: String,
    pub path: PathBuf,
    pub meta: EntityMeta,
    #[serde(skip)]
    pub description: String,
    #[serde(skip)]
    pub body_line: usize,
}

/// Front matter of a free page, `content/pages/<slug>.md`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageMeta {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Order in navigation; lower first, then by title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    /// Listed in the site navigation.
    #[serde(skip_serializing_if = "is_false")]
    pub in_nav: bool,
    #[serde(skip_serializing_if = "is_false")]
    pub draft: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Page {
    pub slug: String,
    pub path: PathBuf,
    pub meta: PageMeta,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub body_line: usize,
}

/// Everything `load` found under `content/`, sorted by slug or id so output is deterministic.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Site {
    pub articles: Vec<Article>,
    pub entities: Vec<Entity>,
    pub pages: Vec<Page>,
}

#[cfg(test)]
impl Entity {
    /// A person entity as tests need one: linked, annotate's own, no description.
    pub(crate) fn test_person(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: id.into(),
            path: format!("content/entities/{id}.md").into(),
            meta: EntityMeta {
                name: name.into(),
                kind: EntityKind::Person,
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                origin: Origin::Auto,
                link: true,
                summary: None,
                description_pin: None,
                description_reject: Vec::new(),
            },
            description: String::new(),
            body_line: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_meta_omits_unknown_fields_when_written() {
        let meta = ArticleMeta { title: "T".into(), ..Default::default() };
        let yaml = serde_yaml::to_string(&meta).unwrap();
        assert_eq!(yaml, "title: T\nentities: []\nnolink: []\ntags: []\n");
    }

    #[test]
    fn entity_link_defaults_to_true() {
        let meta: EntityMeta = serde_yaml::from_str("name: Hamas\nkind: org\n").unwrap();
        assert!(meta.link);
        assert_eq!(meta.origin, Origin::Auto);
    }
}
