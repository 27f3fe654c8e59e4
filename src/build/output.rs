//! The build's output: every page rendered into a staged copy of the output folder (a full
//! build), or the few pages a change touched written in place (a rebuild), with the whole-site
//! exports patched (after articles edited in place), rendered again (a small site), or left
//! for later (a large one).

use std::collections::{BTreeSet, HashSet};
use std::time::Instant;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::exports::patch_exports;
use super::{Build, BuildOutcome, Edits, State};
use crate::diagnostics::{Category, Diagnostic, InputErrors, sort_diagnostics};
use crate::render::search::{
    build_search_index, build_search_index_unless, is_search_output, write_search_index,
};
use crate::render::{PageKey, RenderInput, base_path_of, highlight};
use crate::write::{Contents, Manifest, Staging, write_changed};

impl Build {
    /// Renders `keys` (and the search index) into memory and writes what changed. `edits` are
    /// the articles edited in place or the entity descriptions, when nothing else changed: the
    /// exports are patched. `warnings` are the state's, made by `apply`.
    pub(super) fn patch(
        &self,
        state: &mut State,
        keys: BTreeSet<PageKey>,
        edits: &Edits,
        old_statics: Option<Vec<String>>,
        warnings: Vec<Diagnostic>,
        started: Instant,
    ) -> Result<BuildOutcome> {
        let base_path = base_path_of(&self.config.base_url);
        let input = state.input(&self.config, &base_path);
        let keys = input.with_later_pages(keys);
        let exports_wanted = keys.iter().any(is_whole_site_export);
        // After edits in place, the exports are patched from the output folder, which must hold
        // those of the model before the edits (not so while some are deferred): a few
        // milliseconds whatever the site's size, unless `data/entities.json` changes (tens of
        // megabytes to read and write on a large site), which `gloss serve` defers so that it
        // does not come before the browser's reload.
        let small = input.search_record_count() <= self.defer_limit;
        let stage = Instant::now();
        let patchable = exports_wanted && !edits.is_empty() && !state.deferred;
        let rewrite_large = small || !self.rebuildable;
        // Listing every page and its output (a few milliseconds on a large site) goes on
        // meanwhile.
        let ((all, outputs), patched) = rayon::join(
            || {
                let all = input.all_pages();
                let outputs: Vec<String> = all.iter().map(PageKey::output_path).collect();
                (all, outputs)
            },
            || {
                patchable
                    .then(|| {
                        patch_exports(
                            &self.out_dir,
                            state,
                            &input,
                            edits,
                            self.search,
                            rewrite_large,
                        )
                    })
                    .flatten()
            },
        );
        if patched.is_some() {
            tracing::debug!("patch the exports: {:?}", stage.elapsed());
        }
        // Otherwise the whole-site exports (data JSON, search index) cost a pass over
        // everything: inline only while that is quick; otherwise they wait for
        // `write_deferred`, which `gloss serve` calls when edits pause.
        let inline = patched.is_none() && small;
        let deferred = patched.is_none() && !inline && exports_wanted;
        let wanted: Vec<&PageKey> = keys
            .iter()
            .filter(|k| input.has_page(k) && (inline || !is_whole_site_export(k)))
            .collect();
        let stage = Instant::now();
        let rendered: Vec<Result<(String, Vec<u8>), Diagnostic>> = wanted
            .par_iter()
            .map(|key| {
                let started = Instant::now();
                let output = input.render_output(key, &all).map(|bytes| (key.output_path(), bytes));
                tracing::trace!("render {key:?}: {:?}", started.elapsed());
                output
            })
            .collect();
        tracing::debug!("render {} pages: {:?}", wanted.len(), stage.elapsed());
        let mut files = Vec::with_capacity(rendered.len());
        let mut errors = Vec::new();
        for result in rendered {
            match result {
                Ok((path, bytes)) => files.push((path, bytes.into())),
                Err(error) => errors.push(error),
            }
        }
        if !errors.is_empty() {
            return Err(InputErrors(dedup(errors)).into());
        }
        let mut count = files.len();
        // The search index changes only with what the data exports show.
        let search_inline = self.search && inline && exports_wanted;
        if search_inline {
            files.extend(
                search_files(&input)?.into_iter().map(|(path, bytes)| (path, bytes.into())),
            );
        }
        let mut removed_exports = Vec::new();
        if let Some(patched) = patched {
            count += patched.files.iter().filter(|(path, _)| !is_search_output(path)).count();
            files.extend(patched.files);
            removed_exports = patched.removed;
        }
        let mut removed_statics = Vec::new();
        if let Some(old_statics) = old_statics {
            let statics = state.theme.static_files();
            let names: HashSet<&str> = statics.iter().map(|(name, _)| name.as_str()).collect();
            removed_statics.extend(old_statics.into_iter().filter(|n| !names.contains(n.as_str())));
            for (name, bytes) in &statics {
                let bytes = bytes.as_ref().map_err(|e| anyhow::anyhow!("{e}"));
                let bytes = bytes.with_context(|| format!("cannot read static file {name}"))?;
                files.push((name.clone(), bytes.to_vec().into()));
                count += 1;
            }
        }
        let stage = Instant::now();
        let mut removed = stale_pages(&state.manifest, &outputs, &files);
        if search_inline || !removed_statics.is_empty() {
            let live = live_outputs(&outputs, &files);
            if search_inline {
                let stale = |p: &&str| is_search_output(p) && !live.contains(*p);
                removed.extend(state.manifest.paths().filter(stale).map(str::to_string));
            }
            removed.extend(removed_statics.into_iter().filter(|p| !live.contains(p.as_str())));
        }
        removed.extend(removed_exports);
        tracing::debug!("find the removed pages: {:?}", stage.elapsed());
        let stage = Instant::now();
        let written = write_changed(&self.out_dir, files, &removed, &mut state.manifest)?;
        tracing::debug!("write {} files: {:?}", written.len(), stage.elapsed());
        let stage = Instant::now();
        state.deferred |= deferred;
        let outcome = state.outcome_with(written, count, started, warnings);
        tracing::debug!("count the pages: {:?}", stage.elapsed());
        Ok(outcome)
    }

    /// Writes the whole-site exports (data JSON, search index) that rebuilds of a large site
    /// left for later (see [`BuildOutcome::deferred`]); `gloss serve` calls it when edits pause.
    pub fn write_deferred(&mut self) -> Result<BuildOutcome> {
        let outcome = self.write_deferred_unless(&|| false)?;
        Ok(outcome.expect("never cancelled"))
    }

    /// [`Build::write_deferred`], given up (`Ok(None)`, nothing written, still deferred) as soon
    /// as `cancelled` says so, e.g. because a new edit arrived.
    pub fn write_deferred_unless(
        &mut self,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<BuildOutcome>> {
        self.locked(|build| build.write_deferred_unlocked(cancelled))
    }

    pub(super) fn write_deferred_unlocked(
        &mut self,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Option<BuildOutcome>> {
        let started = Instant::now();
        let Some(mut state) = self.state.take() else { return self.full_unlocked().map(Some) };
        self.output_changes();
        let base_path = base_path_of(&self.config.base_url);
        let result = (|| {
            let input = state.input(&self.config, &base_path);
            let all = input.all_pages();
            let mut files = Vec::new();
            for key in all.iter().filter(|k| is_whole_site_export(k)) {
                let bytes = input.render_output(key, &all).map_err(|d| InputErrors(vec![d]))?;
                files.push((key.output_path(), bytes.into()));
            }
            let count = files.len();
            let mut removed = Vec::new();
            if self.search {
                let records = input.search_records();
                let Some(search) = build_search_index_unless(records, cancelled)? else {
                    return Ok(None);
                };
                let live: HashSet<&str> = search.iter().map(|(p, _)| p.as_str()).collect();
                removed = state
                    .manifest
                    .paths()
                    .filter(|p| is_search_output(p) && !live.contains(p))
                    .map(str::to_string)
                    .collect();
                files.extend(search.into_iter().map(|(path, bytes)| (path, bytes.into())));
            }
            let written = write_changed(&self.out_dir, files, &removed, &mut state.manifest)?;
            state.deferred = false;
            state.outcome(written, count, started).map(Some)
        })();
        self.state = Some(state);
        result
    }

    /// Renders every page into a staged copy of the output and swaps it in.
    pub(super) fn render_all(
        &self,
        state: &State,
        previous: Option<Manifest>,
        keep_search: bool,
    ) -> Result<(Vec<String>, Manifest, usize)> {
        let kept_search: Option<Vec<String>> = match (&previous, keep_search) {
            (Some(previous), true) => {
                Some(previous.paths().filter(|p| is_search_output(p)).map(str::to_string).collect())
            }
            _ => None,
        };
        let staging = Staging::begin(&self.out_dir, previous)?;
        let count = self.render_into(state, &staging, kept_search)?;
        commit(staging, count)
    }

    /// Renders every output into `staging`, with the static files and the search index (or,
    /// with `kept_search`, these files of the current one). Returns how many files it staged.
    pub(super) fn render_into(
        &self,
        state: &State,
        staging: &Staging,
        kept_search: Option<Vec<String>>,
    ) -> Result<usize> {
        let base_path = base_path_of(&self.config.base_url);
        let input = state.input(&self.config, &base_path);
        let all = input.all_pages();
        let keys: Vec<&PageKey> = all.iter().collect();
        let stage = Instant::now();
        let bar = self.progress_bar(keys.len(), "rendering {bar:30} {pos}/{len} pages");
        // Search files staged as they are made, counted here.
        let searched = std::sync::atomic::AtomicUsize::new(0);
        // The search index builds on one thread; it runs beside the page rendering.
        let (errors, search) = rayon::join(
            || -> Vec<Diagnostic> {
                keys.par_iter()
                    .inspect(|_| bar.inc(1))
                    .filter_map(|key| {
                        let path = key.output_path();
                        let written =
                            match key {
                                // The largest outputs: written as they are made.
                                PageKey::ArticlesData => staging
                                    .put_streamed(&path, |out| input.write_articles_json(out)),
                                PageKey::EntitiesData => staging
                                    .put_streamed(&path, |out| input.write_entities_json(out)),
                                _ => match input.render_output(key, &all) {
                                    Ok(bytes) => staging.put(&path, &bytes),
                                    Err(error) => return Some(error),
                                },
                            };
                        written
                            .err()
                            .map(|e| Diagnostic::error(Category::Write, None, format!("{e:#}")))
                    })
                    .collect()
            },
            || {
                let stage = Instant::now();
                let files = match &kept_search {
                    Some(kept) => kept
                        .iter()
                        .map(|path| {
                            let bytes = std::fs::read(self.out_dir.join(path))
                                .with_context(|| format!("cannot read {path} in the output"))?;
                            Ok((path.clone(), bytes))
                        })
                        .collect(),
                    // Staged as each file is made (see `write_search_index`).
                    None if self.search => {
                        let put = |path: &str, bytes: Vec<u8>| staging.put(path, &bytes);
                        write_search_index(input.search_records(), &put).map(|count| {
                            searched.store(count, std::sync::atomic::Ordering::Relaxed);
                            Vec::new()
                        })
                    }
                    None => Ok(Vec::new()),
                };
                tracing::debug!("search index: {:?}", stage.elapsed());
                files
            },
        );

        bar.finish_and_clear();
        if !errors.is_empty() {
            return Err(InputErrors(dedup(errors)).into());
        }
        tracing::debug!("render {} pages and the search index: {:?}", keys.len(), stage.elapsed());
        let mut count = keys.len() + searched.into_inner();
        for (name, bytes) in state.theme.static_files() {
            let bytes = bytes.with_context(|| format!("cannot read static file {name}"))?;
            staging.put(&name, &bytes)?;
            count += 1;
        }
        let css = highlight::highlight_css(
            &self.config.render.highlight_theme_light,
            &self.config.render.highlight_theme_dark,
        );
        staging.put("highlight.css", css.as_bytes())?;
        for (path, bytes) in search? {
            staging.put(&path, &bytes)?;
            count += 1;
        }
        Ok(count + 1)
    }

    /// A progress bar for a person watching, hidden otherwise.
    pub(super) fn progress_bar(&self, len: usize, template: &str) -> indicatif::ProgressBar {
        if !self.progress {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(len as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        bar
    }
}

/// Swaps the staged output in: (the files that changed, the new manifest, `count`).
pub(super) fn commit(staging: Staging, count: usize) -> Result<(Vec<String>, Manifest, usize)> {
    let stage = Instant::now();
    let written = staging.commit()?;
    tracing::debug!("swap the output in: {:?}", stage.elapsed());
    Ok((written.changed, written.manifest, count))
}

/// The page outputs in `manifest` that are neither among `outputs` (those of every page) nor
/// one of `files`, about to be written. Counting answers when none went: every page there is
/// now was there before or is among `files`, so the pages before plus the new ones are the
/// pages now unless some went (the usual rebuild, and much cheaper than looking up every path).
fn stale_pages(
    manifest: &Manifest,
    outputs: &[String],
    files: &[(String, Contents)],
) -> Vec<String> {
    let now = outputs.iter().filter(|p| is_page_output(p)).count();
    let before = manifest.paths().filter(|p| is_page_output(p)).count();
    let new = files.iter().filter(|(p, _)| is_page_output(p) && !manifest.contains(p)).count();
    if before + new == now {
        return Vec::new();
    }
    let live = live_outputs(outputs, files);
    let stale = |p: &&str| is_page_output(p) && !live.contains(*p);
    manifest.paths().filter(stale).map(str::to_string).collect()
}

/// The outputs the site has after a rebuild: those of every page (`outputs`) and the `files`
/// about to be written.
fn live_outputs<'a>(outputs: &'a [String], files: &'a [(String, Contents)]) -> HashSet<&'a str> {
    let pages = outputs.iter().map(String::as_str);
    pages.chain(files.iter().map(|(path, _)| path.as_str())).collect()
}

fn search_files(input: &RenderInput<'_>) -> Result<Vec<(String, Vec<u8>)>> {
    build_search_index(input.search_records())
}

fn is_whole_site_export(key: &PageKey) -> bool {
    matches!(key, PageKey::ArticlesData | PageKey::EntitiesData)
}

/// Outputs that belong to pages (not theme files), which a rebuild may remove.
fn is_page_output(path: &str) -> bool {
    path.ends_with("index.html") || path.starts_with("data/")
}

fn dedup(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    sort_diagnostics(&mut errors);
    errors.dedup();
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(paths: &[&str]) -> Manifest {
        let files: serde_json::Map<String, serde_json::Value> =
            paths.iter().map(|p| (p.to_string(), 1.into())).collect();
        serde_json::from_value(serde_json::json!({ "files": files })).unwrap()
    }

    #[test]
    fn stale_pages_are_those_no_page_writes_any_more() {
        let article = |slug: &str| PageKey::Article(slug.to_string()).output_path();
        let before = manifest(&["articles/a/index.html", "articles/b/index.html", "gloss.css"]);
        let file = |path: &str| (path.to_string(), Contents::Whole(Vec::new()));
        // Nothing went: one page edited, none added.
        let edited = [file("articles/a/index.html")];
        assert!(stale_pages(&before, &[article("a"), article("b")], &edited).is_empty());
        // One went, another came: the counts alone do not tell.
        let added = [file("articles/c/index.html")];
        let stale = stale_pages(&before, &[article("a"), article("c")], &added);
        assert_eq!(stale, ["articles/b/index.html"]);
        assert_eq!(stale_pages(&before, &[article("b")], &[]), ["articles/a/index.html"]);
        // A file about to be written is live even when no page of the model writes it.
        let with_data = manifest(&["articles/a/index.html", "data/theme.json"]);
        assert!(stale_pages(&with_data, &[article("a")], &[file("data/theme.json")]).is_empty());
        assert_eq!(stale_pages(&with_data, &[article("a")], &[]), ["data/theme.json"]);
    }
}
