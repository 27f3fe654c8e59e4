//! The entity registry, `content/entities/<id>.md`: which existing files a person keeps (their
//! names are input, the files are never rewritten), stable ids for the entities resolution
//! found, their aliases, and how wikilink targets resolve (by id, name or alias, ignoring case).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::ledger::{FileState, Ledger};
use crate::model::{Entity, EntityMeta, Origin};

use super::fold::{fold, name_key};
use super::resolve::corpus::{KeptEntity, Resolution, ResolvedEntity};

/// The entity files found in `content/entities/`, sorted by who owns them.
#[derive(Debug, Default)]
pub struct ExistingEntities {
    /// Files a person keeps: `origin: human`, edited since gloss wrote them, never written by
    /// gloss, or the target of a link a person wrote.
    pub kept: Vec<KeptEntity>,
    /// Whether annotate may link each kept entity (`link: false` says no).
    pub kept_link: Vec<bool>,
    /// Files gloss wrote and nobody changed since: regenerated, their ids reused.
    pub own: Vec<OwnEntity>,
    /// Ids of every file present, to keep new ids clear of them.
    pub taken_ids: HashSet<String>,
}

#[derive(Debug, Clone)]
pub struct OwnEntity {
    pub id: String,
    pub path: PathBuf,
    pub meta: EntityMeta,
    pub description: String,
}

/// Sorts the loaded entity files into kept and own. `linked_by_people` holds the folded
/// targets of wikilinks a person wrote: an entity they point to is kept.
pub fn sort_existing(
    entities: &[Entity],
    ledger: &Ledger,
    root: &Path,
    linked_by_people: &HashSet<String>,
) -> Result<ExistingEntities> {
    let mut existing = ExistingEntities::default();
    for entity in entities {
        existing.taken_ids.insert(entity.id.clone());
        let edited = ledger.state_of(root, &entity.path)? != FileState::AsWritten;
        let linked = std::iter::once(&entity.id)
            .chain(std::iter::once(&entity.meta.name))
            .chain(&entity.meta.aliases)
            .any(|name| linked_by_people.contains(&fold(name)));
        if entity.meta.origin == Origin::Human || edited || !entity.meta.link || linked {
            existing.kept.push(KeptEntity {
                id: entity.id.clone(),
                name: entity.meta.name.clone(),
                kind: entity.meta.kind,
                aliases: entity.meta.aliases.clone(),
            });
            existing.kept_link.push(entity.meta.link);
        } else {
            existing.own.push(OwnEntity {
                id: entity.id.clone(),
                path: entity.path.clone(),
                meta: entity.meta.clone(),
                description: entity.description.clone(),
            });
        }
    }
    Ok(existing)
}

/// An entity annotate will keep in the registry, with its id and front matter.
#[derive(Debug, Clone)]
pub struct PlannedEntity {
    pub id: String,
    pub meta: EntityMeta,
    /// Index into the resolution's entities.
    pub entity: usize,
    /// A person keeps the file: never written.
    pub kept: bool,
    /// Annotate may write links to it.
    pub linkable: bool,
    /// The target written in links: the name, or the id when the name is ambiguous.
    pub target: String,
}

/// Gives each selected entity an id (a kept file's, else the id of gloss's own file for the
/// same name, else a new slug) and its aliases: the other names it goes by in the archive that
/// no other entity also goes by.
pub fn plan_entities(
    resolution: &Resolution,
    selected: &[usize],
    existing: &ExistingEntities,
) -> Vec<PlannedEntity> {
    let entities = &resolution.entities;
    // Which selected entities each folded surface form belongs to.
    let mut claims: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for &index in selected {
        let entity = &entities[index];
        for name in std::iter::once(&entity.name).chain(entity.surfaces.keys()) {
            claims.entry(fold(name)).or_default().insert(index);
        }
        if let Some(kept) = entity.kept {
            for alias in &existing.kept[kept].aliases {
                claims.entry(fold(alias)).or_default().insert(index);
            }
        }
    }
    let own_by_key: HashMap<String, &OwnEntity> = existing
        .own
        .iter()
        .flat_map(|own| {
            std::iter::once(&own.meta.name)
                .chain(&own.meta.aliases)
                .map(move |n| (name_key(n), own))
        })
        .collect();
    let mut used: HashSet<String> = existing.kept.iter().map(|k| k.id.clone()).collect();
    let reserved: HashSet<String> = existing
        .taken_ids
        .difference(&existing.own.iter().map(|o| o.id.clone()).collect())
        .cloned()
        .collect();
    let mut planned = Vec::with_capacity(selected.len());
    // Most mentioned first, so they get the plain slug when two names slugify alike.
    let mut order: Vec<usize> = selected.to_vec();
    order.sort_by(|&a, &b| {
        entities[b]
            .mentions
            .cmp(&entities[a].mentions)
            .then_with(|| entities[a].name.cmp(&entities[b].name))
    });
    for index in order {
        let entity = &entities[index];
        if let Some(kept) = entity.kept {
            let kept_entity = &existing.kept[kept];
            planned.push(PlannedEntity {
                id: kept_entity.id.clone(),
                meta: EntityMeta {
                    name: kept_entity.name.clone(),
                    kind: kept_entity.kind,
                    aliases: kept_entity.aliases.clone(),
                    origin: Origin::Human,
                    link: existing.kept_link[kept],
                    summary: None,
                    description_pin: None,
                    description_reject: Vec::new(),
                },
                entity: index,
                kept: true,
                linkable: existing.kept_link[kept],
                target: kept_entity.name.clone(),
            });
            continue;
        }
        let reuse = std::iter::once(&entity.name)
            .chain(entity.surfaces.keys())
            .filter_map(|name| own_by_key.get(&name_key(name)))
            .map(|own| own.id.clone())
            .find(|id| !used.contains(id));
        let id = reuse.unwrap_or_else(|| fresh_id(&entity.name, &used, &reserved));
        used.insert(id.clone());
        planned.push(PlannedEntity {
            meta: EntityMeta {
                name: entity.name.clone(),
                kind: entity.kind,
                aliases: aliases_of(entity, index, &claims),
                origin: Origin::Auto,
                link: true,
                summary: None,
                description_pin: None,
                description_reject: Vec::new(),
            },
            target: entity.name.clone(),
            id,
            entity: index,
            kept: false,
            linkable: true,
        });
    }
    // A name another entity also goes by is written as the id, so each link says which.
    for plan in &mut planned {
        if claims.get(&fold(&plan.meta.name)).is_some_and(|c| c.len() > 1) {
            plan.target = plan.id.clone();
        }
    }
    planned.sort_by(|a, b| a.id.cmp(&b.id));
    planned
}

fn fresh_id(name: &str, used: &HashSet<String>, reserved: &HashSet<String>) -> String {
    let base = match slug::slugify(name) {
        slug if slug.is_empty() => "entity".to_string(),
        slug => slug,
    };
    let free = |id: &String| !used.contains(id) && !reserved.contains(id);
    if free(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}-{n}")).find(free).expect("some suffix is free")
}

/// The other names an entity goes by, one spelling per folded form (its most used one), leaving
/// out names another entity also goes by.
fn aliases_of(
    entity: &ResolvedEntity,
    index: usize,
    claims: &HashMap<String, BTreeSet<usize>>,
) -> Vec<String> {
    let name = fold(&entity.name);
    let mut best: HashMap<String, (&String, u32)> = HashMap::new();
    for (surface, &count) in &entity.surfaces {
        let folded = fold(surface);
        let unique = claims.get(&folded).is_none_or(|c| c.len() == 1 && c.contains(&index));
        if folded == name || !unique {
            continue;
        }
        let entry = best.entry(folded).or_insert((surface, count));
        if count > entry.1 {
            *entry = (surface, count);
        }
    }
    let mut aliases: Vec<String> = best.into_values().map(|(surface, _)| surface.clone()).collect();
    aliases.sort();
    aliases
}

/// Resolves wikilink targets to entity ids by id, name or alias, ignoring case and accents.
#[derive(Debug, Default)]
pub struct TargetIndex {
    ids: HashMap<String, String>,
}

impl TargetIndex {
    /// Ids win over names, names over aliases; a name or alias two entities share resolves to
    /// the first by id.
    pub fn new<'a>(entities: impl IntoIterator<Item = (&'a str, &'a EntityMeta)>) -> TargetIndex {
        let entities: Vec<(&str, &EntityMeta)> = entities.into_iter().collect();
        let mut ids = HashMap::new();
        for (id, _) in &entities {
            ids.entry(fold(id)).or_insert_with(|| id.to_string());
        }
        for (id, meta) in &entities {
            ids.entry(fold(&meta.name)).or_insert_with(|| id.to_string());
        }
        for (id, meta) in &entities {
            for alias in &meta.aliases {
                ids.entry(fold(alias)).or_insert_with(|| id.to_string());
            }
        }
        TargetIndex { ids }
    }

    /// The entity a wikilink target names, as the renderer resolves it (`Target#section`
    /// names `Target`).
    pub fn resolve(&self, target: &str) -> Option<&str> {
        let target = target.split('#').next().unwrap_or(target);
        self.ids.get(&fold(target)).map(String::as_str)
    }
}
