//! What annotate wrote in its last run, per article: the wikilinks (target and shown text, with
//! counts). A link in an article that is not in this record is a person's and is kept as is; a
//! recorded link that is gone while its text is still there was unlinked by a person, so its
//! text goes into the article's `nolink`.
//!
//! Stored as `content/.gloss/annotate.json` beside the ledger. Without it (a first run, or the
//! file deleted) every link found is treated as a person's: nothing a person wrote can be lost.

use std::collections::BTreeMap;
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
