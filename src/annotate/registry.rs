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
use super::state::AnnotateState;
use super::vault::{self, ENTITIES_FOLDER};

/// Fresh ids are cut to this many bytes (at a word), so a run-away name makes no file name
/// that file systems refuse.
const MAX_ID_BYTES: usize = 80;

/// The entity files found in `content/entities/`, sorted by who owns them.
#[derive(Debug, Default)]
pub struct ExistingEntities {
    /// Files a person keeps: `origin: human`, edited since gloss wrote them, never written by
    /// gloss, or the target of a link a person wrote.
    pub kept: Vec<KeptEntity>,
    /// Whether annotate may link each kept entity (`link: false` says no).
    pub kept_link: Vec<bool>,
    /// The file name (without `.md`) of each kept entity: links target it.
    pub kept_stem: Vec<String>,
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
/// targets of wikilinks a person wrote: an entity they point to is kept. A kept file gloss
/// wrote whose `name:` a person changed still answers to the name gloss gave it (its file
/// name, or the name `state` recorded), so the rename carries every mention with it.
pub fn sort_existing(
    entities: &[Entity],
    ledger: &Ledger,
    state: &AnnotateState,
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
            let stem = vault::file_stem(&entity.path);
            let mut aliases = entity.meta.aliases.clone();
            if ledger.recorded(&entity.path) {
                let recorded = state.entity_names(&vault::ledger_key(&entity.path));
                let former = recorded.and_then(|names| names.first()).into_iter().chain([&stem]);
                for name in former {
                    let key = name_key(name);
                    let known = std::iter::once(&entity.meta.name)
                        .chain(&aliases)
                        .any(|n| name_key(n) == key);
                    if !known && !key.is_empty() {
                        aliases.push(name.clone());
                    }
                }
            }
            existing.kept.push(KeptEntity {
                id: entity.id.clone(),
                name: entity.meta.name.clone(),
                kind: entity.meta.kind,
                aliases,
            });
            existing.kept_link.push(entity.meta.link);
            existing.kept_stem.push(stem);
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
    /// The file name, without `.md` (see [`vault::note_stem`]).
    pub file: String,
    /// The target written in links: the file name, so that Obsidian finds the note too.
    pub target: String,
}

/// Gives each selected entity an id (a kept file's, else the id of gloss's own file for the
/// same name, else a new slug), a file name, and its aliases: the other names it goes by in the
/// archive that no other entity also goes by. Ids are stable: an entity gloss wrote keeps its
/// id and its name while the name is still one of its spellings, whatever a new article adds.
/// `other_notes`: lower-cased file names of the articles and pages, which links must not hit.
pub fn plan_entities(
    resolution: &Resolution,
    selected: &[usize],
    existing: &ExistingEntities,
    other_notes: &HashSet<String>,
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
    // Ids of gloss's own files go first to the entity that still has the file's name, so a
    // new article that drags the name into another entity cannot take the id away.
    let own_by_name: HashMap<String, &OwnEntity> =
        existing.own.iter().map(|own| (name_key(&own.meta.name), own)).collect();
    let mut reused: HashMap<usize, &OwnEntity> = HashMap::new();
    for &index in order.iter().filter(|&&i| entities[i].kept.is_none()) {
        if let Some(own) = own_by_name.get(&name_key(&entities[index].name)) {
            if used.insert(own.id.clone()) {
                reused.insert(index, own);
            }
        }
    }
    for index in order {
        let entity = &entities[index];
        if let Some(kept) = entity.kept {
            let kept_entity = &existing.kept[kept];
            let file = existing.kept_stem[kept].clone();
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
                target: vault::link_target(&file, ENTITIES_FOLDER, other_notes),
                file,
            });
            continue;
        }
        let own = reused.get(&index).copied().or_else(|| {
            let own = std::iter::once(&entity.name)
                .chain(entity.surfaces.keys())
                .filter_map(|name| own_by_key.get(&name_key(name)).copied())
                .find(|own| !used.contains(&own.id))?;
            used.insert(own.id.clone());
            Some(own)
        });
        // An established name stays while the entity is still written so.
        let name = match own {
            Some(own)
                if entity.surfaces.keys().any(|s| name_key(s) == name_key(&own.meta.name)) =>
            {
                own.meta.name.clone()
            }
            _ => entity.name.clone(),
        };
        let id = match own {
            Some(own) => own.id.clone(),
            None => {
                let id = fresh_id(&name, &used, &reserved);
                used.insert(id.clone());
                id
            }
        };
        let file = vault::note_stem(&name, &id);
        planned.push(PlannedEntity {
            meta: EntityMeta {
                aliases: aliases_of(entity, &name, index, &claims),
                name,
                kind: entity.kind,
                origin: Origin::Auto,
                link: true,
                summary: None,
                description_pin: None,
                description_reject: Vec::new(),
            },
            target: vault::link_target(&file, ENTITIES_FOLDER, other_notes),
            file,
            id,
            entity: index,
            kept: false,
            linkable: true,
        });
    }
    planned.sort_by(|a, b| a.id.cmp(&b.id));
    planned
}

fn fresh_id(name: &str, used: &HashSet<String>, reserved: &HashSet<String>) -> String {
    let mut base = match crate::load::slugify(name) {
        slug if slug.is_empty() => "entity".to_string(),
        slug => slug,
    };
    if base.len() > MAX_ID_BYTES {
        let cut = base[..MAX_ID_BYTES].rfind('-').unwrap_or(MAX_ID_BYTES);
        base.truncate(cut);
    }
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
    name: &str,
    index: usize,
    claims: &HashMap<String, BTreeSet<usize>>,
) -> Vec<String> {
    let name = fold(name);
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
        TargetIndex::with_files(entities.into_iter().map(|(id, meta)| (id, None, meta)))
    }

    /// [`TargetIndex::new`] that also knows each entity's file name (without `.md`), which is
    /// what links target (an Obsidian vault resolves them so); file names come right after ids.
    pub fn with_files<'a>(
        entities: impl IntoIterator<Item = (&'a str, Option<&'a str>, &'a EntityMeta)>,
    ) -> TargetIndex {
        let entities: Vec<(&str, Option<&str>, &EntityMeta)> = entities.into_iter().collect();
        let mut ids = HashMap::new();
        for (id, _, _) in &entities {
            ids.entry(fold(id)).or_insert_with(|| id.to_string());
        }
        for (id, file, _) in &entities {
            if let Some(file) = file {
                ids.entry(fold(file)).or_insert_with(|| id.to_string());
            }
        }
        for (id, _, meta) in &entities {
            ids.entry(fold(&meta.name)).or_insert_with(|| id.to_string());
        }
        for (id, _, meta) in &entities {
            for alias in &meta.aliases {
                ids.entry(fold(alias)).or_insert_with(|| id.to_string());
            }
        }
        TargetIndex { ids }
    }

    /// The entity index of a loaded site: ids, file names, names and aliases.
    pub fn of_entities(entities: &[Entity]) -> TargetIndex {
        let files: Vec<String> = entities.iter().map(|e| vault::file_stem(&e.path)).collect();
        TargetIndex::with_files(
            entities
                .iter()
                .zip(&files)
                .map(|(e, file)| (e.id.as_str(), Some(file.as_str()), &e.meta)),
        )
    }

    /// The entity a wikilink target names, as the renderer resolves it (`Target#section`
    /// names `Target`).
    pub fn resolve(&self, target: &str) -> Option<&str> {
        let target = vault::without_folder(target.split('#').next().unwrap_or(target));
        self.ids.get(&fold(target)).map(String::as_str)
    }
}
