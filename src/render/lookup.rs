//! Wikilink resolution: the entity registry as a case-insensitive map from every id, name and
//! alias to the entity, built once per build and shared by every Markdown render.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::{Entity, EntityKind};

/// What a resolved wikilink needs to know about its entity.
#[derive(Clone, Debug)]
pub struct EntityRef {
    /// Shared by every mention of the entity (an archive has hundreds of thousands).
    pub id: Arc<str>,
    pub name: String,
    pub kind: EntityKind,
    /// `link: false` in the entity's front matter: mentions render as plain text.
    pub link: bool,
}

#[derive(Debug, Default)]
pub struct EntityLookup {
    entities: Vec<EntityRef>,
    by_key: HashMap<String, usize>,
    /// Keys claimed by more than one entity: (key, the entity that won, the ones that lost).
    pub conflicts: Vec<(String, String, String)>,
}

impl EntityLookup {
    /// Ids win over names, names over aliases; among equals the entity that sorts first wins,
    /// so resolution does not depend on load order.
    pub fn new(entities: &[Entity]) -> EntityLookup {
        let mut lookup =
            EntityLookup { entities: Vec::new(), by_key: HashMap::new(), conflicts: Vec::new() };
        lookup.entities = entities
            .iter()
            .map(|e| EntityRef {
                id: Arc::from(e.id.as_str()),
                name: e.meta.name.clone(),
                kind: e.meta.kind,
                link: e.meta.link,
            })
            .collect();
        for (index, entity) in entities.iter().enumerate() {
            lookup.claim(&entity.id, index);
        }
        // The file name, as Obsidian reads links (usually the name, or the id).
        for (index, entity) in entities.iter().enumerate() {
            lookup.claim(&crate::annotate::vault::file_stem(&entity.path), index);
        }
        for (index, entity) in entities.iter().enumerate() {
            lookup.claim(&entity.meta.name, index);
        }
        for (index, entity) in entities.iter().enumerate() {
            for alias in &entity.meta.aliases {
                lookup.claim(alias, index);
            }
        }
        lookup
    }

    fn claim(&mut self, key: &str, index: usize) {
        let key = normalize_target(key);
        if key.is_empty() {
            return;
        }
        match self.by_key.get(&key) {
            None => {
                self.by_key.insert(key, index);
            }
            Some(&owner) if owner != index => {
                let (winner, loser) =
                    (self.entities[owner].id.to_string(), self.entities[index].id.to_string());
                self.conflicts.push((key, winner, loser));
            }
            Some(_) => {}
        }
    }

    /// The entity a wikilink target names, if any. `Target#section` matches `Target`.
    pub fn resolve(&self, target: &str) -> Option<&EntityRef> {
        let target = target.split('#').next().unwrap_or(target);
        let target = crate::annotate::vault::without_folder(target);
        self.by_key.get(&normalize_target(target)).map(|&index| &self.entities[index])
    }
}

/// The form targets are compared in, the same as annotate's (`annotate::fold`): lower case,
/// accents and punctuation dropped, so "Sinirlioglu" finds "Sinirlioğlu" here exactly when
/// annotate and `gloss check` count it as a mention.
pub fn normalize_target(target: &str) -> String {
    crate::annotate::fold::fold(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_id_name_and_alias_ignoring_case() {
        let lookup =
            EntityLookup::new(&[Entity::test_person("jane-roe", "Jane Roe", &["Roe", "J. Roe"])]);
        for target in [
            "jane-roe",
            "Jane Roe",
            "JANE  roe",
            "roe",
            "j. roe",
            "Jane Roe#Early life",
            "Jané Roe",
        ] {
            assert_eq!(lookup.resolve(target).map(|e| &*e.id), Some("jane-roe"), "{target}");
        }
        assert!(lookup.resolve("Jane").is_none());
    }

    #[test]
    fn a_name_beats_another_entitys_alias() {
        let lookup = EntityLookup::new(&[
            Entity::test_person("a-smith", "Ann Smith", &["Bob Smith"]),
            Entity::test_person("b-smith", "Bob Smith", &[]),
        ]);
        assert_eq!(&*lookup.resolve("Bob Smith").unwrap().id, "b-smith");
        assert_eq!(lookup.conflicts.len(), 1);
    }
}
