//! The whole-site exports after articles were edited in place, or entity descriptions:
//! `data/articles.json`, `data/entities.json` and the search index patched from the files in the
//! output folder (only the records and shards the edits touch are made again), so a rebuild
//! writes them at once whatever the site's size. (A description shows only in the search
//! index, as the entity's summary.) Whatever the patches do not handle falls back to the full
//! render (or, on a large site, to `Build::write_deferred`).

use std::path::Path;
use std::time::Instant;

use super::{Edits, State};
use crate::render::data::ArticleBefore;
use crate::render::search::is_search_output;
use crate::render::search::patch::{ChangedDocument, IndexFolder, patch_search_index};
use crate::render::{PageKey, RenderInput};
use crate::write::{Contents, Manifest, Splice, map_file};

/// The export files to write and remove.
pub(super) struct PatchedExports {
    pub(super) files: Vec<(String, Contents)>,
    pub(super) removed: Vec<String>,
}

/// The exports after `edits`, patched from the output folder `out_dir` (which must hold the
/// exports of the model before the edits); `None` when a full render is needed instead: an
/// article moved in the lists, a file does not hold what it should, or `data/entities.json`
/// changes and `rewrite_large` is false.
pub(super) fn patch_exports(
    out_dir: &Path,
    state: &State,
    input: &RenderInput<'_>,
    edits: &Edits,
    search: bool,
    rewrite_large: bool,
) -> Option<PatchedExports> {
    let (described, edits) = (&edits.entities, &edits.articles);
    if edits.iter().any(|edit| edit.old_rank != state.index.article_rank[edit.index]) {
        tracing::debug!("exports: an edited article moved in the lists; no patch");
        return None;
    }
    let started = Instant::now();
    // Megabytes, of which a patch changes a few records: mapped, not read.
    let read = |path: &str| match map_file(&out_dir.join(path)) {
        Ok(bytes) => Some(bytes),
        Err(error) => {
            tracing::debug!("exports: cannot read {path}: {error}");
            None
        }
    };
    let mut files = Vec::new();
    let before: Vec<ArticleBefore<'_>> = edits
        .iter()
        .map(|edit| ArticleBefore {
            index: edit.index,
            article: &edit.old,
            analysis: &edit.old_analysis,
            entities: &edit.old_entities,
        })
        .collect();
    // The entities whose records show the edited articles: those they mention, before or now.
    let mut entities: Vec<usize> = edits
        .iter()
        .flat_map(|edit| edit.old_entities.iter().chain(&state.index.article_entities[edit.index]))
        .copied()
        .collect();
    entities.sort_unstable();
    entities.dedup();
    let rewrite_entities =
        !entities.is_empty() && !input.entity_records_unchanged(&entities, &before);
    if rewrite_entities && !rewrite_large {
        tracing::debug!("exports: data/entities.json changes; left for later");
        return None;
    }
    if !edits.is_empty() {
        let path = PageKey::ArticlesData.output_path();
        let old = read(&path)?;
        tracing::debug!("exports: read {path}: {:?}", started.elapsed());
        let Some(articles) = input.patch_articles_json(&old, &before) else {
            tracing::debug!("exports: {path} does not hold the edited articles' records");
            return None;
        };
        files.push((path, Contents::Spliced(Splice::new(Box::new(old), articles)?)));
    }
    if rewrite_entities {
        let path = PageKey::EntitiesData.output_path();
        let stage = Instant::now();
        let old = read(&path)?;
        tracing::debug!("exports: read {path}: {:?}", stage.elapsed());
        let Some(patched) = input.patch_entities_json(&old, &entities, &before) else {
            tracing::debug!("exports: {path} does not hold the entities' records");
            return None;
        };
        files.push((path, Contents::Spliced(Splice::new(Box::new(old), patched)?)));
    }
    tracing::debug!("exports: data JSON patched: {:?}", started.elapsed());
    let mut removed = Vec::new();
    if search {
        let stage = Instant::now();
        let articles = edits.iter().map(|edit| ChangedDocument {
            number: input.article_search_number(edit.index),
            old: input.article_search_record(&edit.old, &edit.old_analysis),
            new: input.article_search_record(
                &state.site.articles[edit.index],
                &state.analyses.articles[edit.index],
            ),
        });
        let entities = described.iter().map(|entity| ChangedDocument {
            number: input.entity_search_number(entity.index),
            old: input.entity_search_record(&entity.old, &entity.old_analysis),
            new: input.entity_search_record(
                &state.site.entities[entity.index],
                &state.analyses.entities[entity.index],
            ),
        });
        let changes: Vec<ChangedDocument> = articles.chain(entities).collect();
        let folder = OutputIndex { out_dir, manifest: &state.manifest };
        match patch_search_index(&folder, &changes) {
            Ok(patch) => {
                files.extend(patch.write.into_iter().map(|(path, bytes)| (path, bytes.into())));
                removed = patch.remove;
            }
            Err(why) => {
                tracing::debug!("exports: search index not patched: {why}");
                return None;
            }
        }
        tracing::debug!("exports: search index patched: {:?}", stage.elapsed());
    }
    Some(PatchedExports { files, removed })
}

/// The search index in the output folder, with the digests the build recorded as it wrote it.
struct OutputIndex<'a> {
    out_dir: &'a Path,
    manifest: &'a Manifest,
}

impl IndexFolder for OutputIndex<'_> {
    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.out_dir.join(path))
    }

    fn digest(&self, path: &str) -> Option<u128> {
        self.manifest.digest(path)
    }

    fn paths(&self) -> Vec<String> {
        self.manifest.paths().filter(|p| is_search_output(p)).map(str::to_string).collect()
    }
}
