//! Incremental rebuilds for entity and free page files: only the changed files are read again,
//! and only the documents whose wikilinks meet a changed name are analysed again (instead of
//! reloading the whole site), then the pages that depend on them are listed for re-rendering.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;
use rayon::prelude::*;

use super::dependents::{
    Described, article_dependents, entity_dependents, entity_keys, entity_year_keys,
};
use super::{Build, State};
use crate::diagnostics::{Category, Diagnostic, InputErrors, Location, display_path};
use crate::load::{Keyed, load_entity, load_page};
use crate::render::pages::year_of;
use crate::render::{
    Analysis, AnalysisList, EntityLookup, Globals, PageKey, SiteIndex, base_path_of,
};

/// What became of one changed file: its old position in the model and its new content.
struct Replacement<T> {
    relative: PathBuf,
    position: Option<usize>,
    item: Option<T>,
    warnings: Vec<Diagnostic>,
}

impl Build {
    /// Applies changed entity and page files to the model. Returns `false` when the menu
    /// changed, which shows on every page (the caller then renders everything). When the only
    /// changes are entity descriptions, `described` gets what they were.
    pub(super) fn apply_document_changes(
        &mut self,
        state: &mut State,
        entity_paths: &[PathBuf],
        page_paths: &[PathBuf],
        keys: &mut BTreeSet<PageKey>,
        described_out: &mut Vec<Described>,
    ) -> Result<bool> {
        // Read every file first: an error leaves the model untouched.
        let entities = read_changes(&self.config.root, entity_paths, &state.site.entities, |p| {
            load_entity(&self.config, p)
        })?;
        let pages = read_changes(&self.config.root, page_paths, &state.site.pages, |p| {
            load_page(&self.config, p)
        })?;
        let entities: Vec<_> = entities
            .into_iter()
            .filter(|change| match (change.position, &change.item) {
                (Some(i), Some(new)) => {
                    let old = &state.site.entities[i];
                    old.id != new.id || old.meta != new.meta || old.description != new.description
                }
                (None, None) => false,
                _ => true,
            })
            .collect();
        let pages: Vec<_> = pages
            .into_iter()
            .map(|mut change| {
                change.item = change.item.filter(|p| !p.meta.draft);
                change
            })
            .filter(|change| match (change.position, &change.item) {
                (Some(i), Some(new)) => {
                    let old = &state.site.pages[i];
                    old.slug != new.slug || old.meta != new.meta || old.body != new.body
                }
                (None, None) => false,
                _ => true,
            })
            .collect();
        for change in entities
            .iter()
            .map(|c| (&c.relative, &c.warnings))
            .chain(pages.iter().map(|c| (&c.relative, &c.warnings)))
        {
            let (relative, warnings) = change;
            state.load_warnings.retain(|d| d.location.as_ref().is_none_or(|l| &l.file != relative));
            state.load_warnings.extend(warnings.iter().cloned());
        }

        // Names that changed meaning: every key of an entity before and after its edit.
        let mut touched_keys: HashSet<String> = HashSet::new();
        let mut touched_ids: BTreeSet<String> = BTreeSet::new();
        // Entities whose description alone changed.
        let mut described: Vec<String> = Vec::new();
        for change in &entities {
            // A new description changes no wikilink: the documents need no new analysis.
            let renamed = match (change.position, &change.item) {
                (Some(i), Some(after)) => {
                    let before = &state.site.entities[i];
                    before.id != after.id || before.meta != after.meta
                }
                _ => true,
            };
            if !renamed {
                let i = change.position.expect("an edit in place");
                described.push(state.site.entities[i].id.clone());
                continue;
            }
            if let Some(i) = change.position {
                let before = &state.site.entities[i];
                touched_keys.extend(entity_keys(before));
                touched_ids.insert(before.id.clone());
                // The pages that showed it: they may not show it any more.
                entity_dependents(&before.id, &state.site, &state.index, keys);
            }
            if let Some(after) = &change.item {
                touched_keys.extend(entity_keys(after));
                touched_ids.insert(after.id.clone());
            }
        }

        // Which articles link to a changed name is known only while their analyses keep their
        // link targets, which `gloss build` lets go: render everything then.
        if state.pages_forgotten && !touched_keys.is_empty() {
            return Ok(false);
        }
        let old_entities: HashMap<String, usize> =
            state.site.entities.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        let only_descriptions = touched_ids.is_empty() && pages.is_empty();
        let mut olds: Vec<(crate::model::Entity, Analysis)> = Vec::new();
        if only_descriptions {
            for id in &described {
                let i = old_entities[id];
                olds.push((state.site.entities[i].clone(), state.analyses.entities[i].clone()));
            }
        }
        let new_entities = replace_items(&state.site.entities, entities);
        let pages_changed = !pages.is_empty();
        let new_pages = replace_items(&state.site.pages, pages);

        let lookup = EntityLookup::new(&new_entities);
        let base_path = base_path_of(&self.config.base_url);
        let tools = self.markdown_tools(&lookup, &base_path);
        // (Without a changed name, no analysis is read: a stored one stays undecoded.)
        let meets = |list: &AnalysisList, i: usize| {
            !touched_keys.is_empty() && list[i].targets.iter().any(|t| touched_keys.contains(t))
        };
        // Articles whose wikilinks meet a changed name resolve differently now.
        let articles = &state.analyses.articles;
        let relinked: Vec<usize> =
            (0..articles.len()).into_par_iter().filter(|&i| meets(articles, i)).collect();
        // The entities they mentioned before: a link may have gone from one to another.
        let mut mentioned_before: Vec<(String, usize)> = Vec::new();
        for &i in &relinked {
            for &e in &state.index.article_entities[i] {
                mentioned_before.push((state.site.entities[e].id.clone(), i));
            }
        }
        let reanalysed: Vec<(usize, Analysis)> = relinked
            .par_iter()
            .map(|&i| (i, tools.analyse_article(&state.site.articles[i])))
            .collect();
        // Each entity's analysis: the one it had (by its place before), or a new one.
        let old_analyses = &state.analyses.entities;
        let entity_analyses: Vec<Result<usize, Box<Analysis>>> = new_entities
            .par_iter()
            .map(|entity| match old_entities.get(&entity.id) {
                Some(&i)
                    if !touched_ids.contains(&entity.id)
                        && !described.contains(&entity.id)
                        && !meets(old_analyses, i) =>
                {
                    Ok(i)
                }
                _ => Err(Box::new(tools.analyse_entity(entity))),
            })
            .collect();
        // Entities whose descriptions link a changed name: shown as a new description is.
        let relinked_entities: Vec<String> = (new_entities.iter().zip(&entity_analyses))
            .filter(|(entity, analysis)| {
                analysis.is_err()
                    && old_entities.contains_key(&entity.id)
                    && !touched_ids.contains(&entity.id)
            })
            .map(|(entity, _)| entity.id.clone())
            .collect();
        let mut entity_list = AnalysisList::default();
        for analysis in entity_analyses {
            match analysis {
                Ok(old) => entity_list.push_copy(old_analyses, old),
                Err(analysis) => entity_list.push(*analysis),
            }
        }
        let page_analyses: Vec<Analysis> =
            new_pages.par_iter().map(|page| tools.analyse_page(page)).collect();

        // Everything read and analysed: now the model changes.
        for (i, analysis) in reanalysed {
            state.analyses.articles[i] = analysis;
        }
        state.site.entities = new_entities;
        state.site.pages = new_pages;
        state.analyses.entities = entity_list;
        state.analyses.pages = page_analyses.into();
        state.lookup = lookup;
        let globals = Globals::new(&self.config, &state.site);
        // Every page shows the menu and the footer's links to the other free pages.
        let links = |g: &Globals| serde_json::to_value((&g.nav, &g.footer)).ok();
        let nav_changed = links(&globals) != links(&state.globals);
        state.globals = globals;
        // Names, ids and links make the index; a new description alone leaves it as it was.
        if !touched_ids.is_empty() || !relinked.is_empty() {
            state.index = SiteIndex::build(&state.site, &state.analyses.articles);
        }
        if nav_changed {
            return Ok(false);
        }
        for (old, old_analysis) in olds {
            if let Some(&index) = state.index.entity_by_id.get(&old.id) {
                described_out.push(Described { index, old, old_analysis });
            }
        }
        for id in described.iter().chain(&relinked_entities) {
            let Some(&e) = state.index.entity_by_id.get(id) else { continue };
            // Its own pages and its hover card show it (articles fetch the card), and the
            // search index has its summary.
            // The first sentence of a description may be the entity's line, which the entity
            // index shows.
            keys.extend([
                PageKey::Entity(id.clone()),
                PageKey::EntityCard(id.clone()),
                PageKey::EntitiesData,
                PageKey::EntityIndex,
            ]);
            entity_year_keys(e, &state.site, &state.index, keys);
        }
        for id in &touched_ids {
            entity_dependents(id, &state.site, &state.index, keys);
        }
        if !touched_ids.is_empty() {
            keys.extend([
                PageKey::EntityIndex,
                PageKey::Home,
                PageKey::EntitiesData,
                PageKey::ArticlesData,
                PageKey::Sitemap,
            ]);
        }
        for &i in &relinked {
            article_dependents(&state.site.articles[i].slug, &state.site, &state.index, keys);
        }
        for (id, article) in mentioned_before {
            entity_dependents(&id, &state.site, &state.index, keys);
            keys.insert(PageKey::EntityYear(id, year_of(&state.site.articles[article])));
        }
        // Every free page was analysed again above: one may link a name that changed.
        if pages_changed || !touched_keys.is_empty() {
            keys.extend(state.site.pages.iter().map(|p| PageKey::Page(p.slug.clone())));
        }
        if pages_changed {
            // The search index holds the free pages' text: it is made again with the data
            // exports, which an export key asks for.
            keys.extend([PageKey::Sitemap, PageKey::EntitiesData]);
        }
        Ok(true)
    }
}

/// Reads the changed files of one kind; a file that no longer exists is a removal. A key
/// already taken by another file is an error, as in a full load.
fn read_changes<T: Keyed>(
    root: &Path,
    paths: &[PathBuf],
    current: &[T],
    load: impl Fn(&Path) -> Result<(T, Vec<Diagnostic>), Diagnostic>,
) -> Result<Vec<Replacement<T>>> {
    let mut changes = Vec::new();
    for path in paths {
        let relative = display_path(root, path);
        let position = current.iter().position(|item| item.source() == relative);
        let mut warnings = Vec::new();
        let item = if path.exists() {
            let (item, found) = load(path).map_err(|d| InputErrors(vec![d]))?;
            warnings = found;
            if let Some(other) =
                current.iter().find(|o| o.key() == item.key() && o.source() != relative)
            {
                return Err(InputErrors(vec![Diagnostic::error(
                    Category::DuplicateSlug,
                    Some(Location::file(&relative)),
                    format!(
                        "`{}` is also the slug of {}; rename one file",
                        item.key(),
                        other.source().display()
                    ),
                )])
                .into());
            }
            Some(item)
        } else {
            None
        };
        changes.push(Replacement { relative, position, item, warnings });
    }
    Ok(changes)
}

/// `current` with the changes made, sorted by key as a full load sorts it.
fn replace_items<T: Keyed + Clone>(current: &[T], changes: Vec<Replacement<T>>) -> Vec<T> {
    let replaced: HashSet<usize> = changes.iter().filter_map(|c| c.position).collect();
    let mut items: Vec<T> = current
        .iter()
        .enumerate()
        .filter(|(i, _)| !replaced.contains(i))
        .map(|(_, item)| item.clone())
        .collect();
    items.extend(changes.into_iter().filter_map(|c| c.item));
    items.sort_by(|a, b| a.key().cmp(b.key()));
    items
}
