//! What annotate wrote in its last run, per article: the wikilinks (target and shown text, with
//! counts). A link in an article that is not in this record is a person's and is kept as is; a
//! recorded link that is gone while its text is still there was unlinked by a person, so its
//! text goes into the article's `nolink`.
//!
//! It also keeps, per entity file annotate wrote, the names it wrote there (so a file a person
//! deletes can be told apart from one annotate would recreate), and the entities a person
//! deleted: their names are not made entities again.
//!
//! Stored as `content/.gloss/annotate.json` beside the ledger. Without it (a first run, or the
//! file deleted) every link found is treated as a person's: nothing a person wrote can be lost.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::ledger::write_atomically;

use super::link::LinkPair;

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct AnnotateState {
    /// Article slug → links annotate wrote there.
    articles: BTreeMap<String, ArticleLinks>,
    /// Entity file (relative to the site root, with `/`) → the name and aliases annotate wrote
    /// there.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    entities: BTreeMap<String, Vec<String>>,
    /// Names of entities a person deleted the file of: never made entities again (a file a
    /// person writes for the name still counts).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    removed: BTreeSet<String>,
    #[serde(skip)]
    path: PathBuf,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct ArticleLinks {
    /// `Target|shown` → how many.
    links: BTreeMap<String, u32>,
}

impl AnnotateState {
    pub fn path(config: &Config) -> PathBuf {
        config.content_dir().join(".gloss").join("annotate.json")
    }

    pub fn load(config: &Config) -> Result<AnnotateState> {
        let path = AnnotateState::path(config);
        let mut state = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).with_context(|| {
                format!("{} is corrupt; delete it to start afresh", path.display())
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => AnnotateState::default(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        state.path = path;
        Ok(state)
    }

    /// The links annotate wrote in `slug` last time.
    pub fn written(&self, slug: &str) -> BTreeMap<LinkPair, u32> {
        let Some(article) = self.articles.get(slug) else { return BTreeMap::new() };
        article
            .links
            .iter()
            .filter_map(|(key, count)| {
                let (target, shown) = key.split_once('|')?;
                Some(((target.to_string(), shown.to_string()), *count))
            })
            .collect()
    }

    pub fn set_written(&mut self, slug: &str, links: &BTreeMap<LinkPair, u32>) {
        if links.is_empty() {
            self.articles.remove(slug);
            return;
        }
        let links = links
            .iter()
            .map(|((target, shown), count)| (format!("{target}|{shown}"), *count))
            .collect();
        self.articles.insert(slug.to_string(), ArticleLinks { links });
    }

    /// Changes the target of every link annotate wrote in `slug` as `retarget` says (`None`:
    /// unchanged), as a rename of the files they point to does.
    pub fn retarget(&mut self, slug: &str, retarget: impl Fn(&str) -> Option<String>) {
        let Some(article) = self.articles.get_mut(slug) else { return };
        let mut links = BTreeMap::new();
        for (key, count) in std::mem::take(&mut article.links) {
            let key = match key.split_once('|') {
                Some((target, shown)) => match retarget(target) {
                    Some(new) => format!("{new}|{shown}"),
                    None => key,
                },
                None => key,
            };
            *links.entry(key).or_default() += count;
        }
        article.links = links;
    }

    /// The names annotate wrote in the entity file at `path` (name first), if it wrote one.
    pub fn entity_names(&self, path: &str) -> Option<&[String]> {
        self.entities.get(path).map(Vec::as_slice)
    }

    /// Records the names annotate wrote (or found unchanged) in each of its entity files.
    pub fn set_entities(&mut self, files: impl IntoIterator<Item = (String, Vec<String>)>) {
        self.entities = files.into_iter().collect();
    }

    /// Moves the record of an entity file renamed as it is.
    pub fn rename_entity(&mut self, from: &str, to: &str) {
        if let Some(names) = self.entities.remove(from) {
            self.entities.insert(to.to_string(), names);
        }
    }

    /// Names of entities a person deleted.
    pub fn removed(&self) -> &BTreeSet<String> {
        &self.removed
    }

    pub fn add_removed(&mut self, name: String) {
        self.removed.insert(name);
    }

    /// Forgets articles that no longer exist.
    pub fn retain_articles(&mut self, keep: impl Fn(&str) -> bool) {
        self.articles.retain(|slug, _| keep(slug));
    }

    pub fn save(&self) -> Result<()> {
        let dir = self.path.parent().expect("state lives in a folder");
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let text = serde_json::to_string_pretty(self).expect("state serializes") + "\n";
        write_atomically(&self.path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_links_per_article_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::with_defaults(dir.path().to_path_buf());
        let mut state = AnnotateState::load(&config).unwrap();
        let links: BTreeMap<LinkPair, u32> =
            [(("Lina Brook".to_string(), "Brook".to_string()), 2)].into();
        state.set_written("a", &links);
        state.save().unwrap();
        let state = AnnotateState::load(&config).unwrap();
        assert_eq!(state.written("a"), links);
        assert!(state.written("b").is_empty());
    }
}
