//! Annotate stage: articles (`content/articles/*.md`) and the entity registry
//! (`content/entities/*.md`) → recurring people, organisations and places, written back as the
//! registry and as `[[wikilinks]]` in the articles.
//!
//! The pipeline, one module per step: [`markdown`] (prose of a body), [`detect`] (candidate
//! names, in parallel per article), [`resolve`] (within articles, then across the archive),
//! [`classify`] (kind), [`registry`] (ids, aliases, files a person keeps), [`link`] (writing
//! links). [`state`] remembers what annotate wrote, so a person's edits always win; [`explain`]
//! tells why a name is or is not an entity; [`check`] reports registry problems.

pub mod check;
pub use check::check_registry;
pub mod classify;
pub mod detect;
pub mod explain;
pub mod fold;
pub mod gazetteer;
pub mod link;
pub mod markdown;
pub mod registry;
pub mod resolve;
pub mod review;
pub mod state;
pub mod vault;
mod write_guard;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Category, Diagnostic, Location};
use crate::frontmatter;
use crate::import::PendingImport;
use crate::ledger::{FileState, Ledger};
use crate::load::{load_site, load_site_with};
use crate::model::ArticleMeta;

use detect::{
    DetectOptions, Detection, KnownNames, Rejection, WordStats, detect_block, detect_source,
    detect_title, reads_as_headline, tokenize,
};
use fold::fold;
use link::{LinkPair, PlannedLink, insert_links, strip_own_links};
use markdown::{WikiLink, parse_prose};
use registry::{ExistingEntities, PlannedEntity, TargetIndex, plan_entities, sort_existing};
use resolve::corpus::{Resolution, resolve_corpus};
use resolve::local::{LocalResolution, resolve_article};
use state::AnnotateState;

/// How to run annotate.
#[derive(Clone, Debug, Default)]
pub struct AnnotateOptions {
    /// Work out every change but write nothing.
    pub dry_run: bool,
    /// Show a progress bar while writing (only when a person watches stderr).
    pub progress: bool,
}

fn progress_bar(show: bool, total: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("annotating {bar:30} {pos}/{len} articles")
    {
        bar.set_style(style);
    }
    bar
}

/// What a run of annotate did (or, with `dry_run`, would do).
#[derive(Debug, Default)]
pub struct AnnotateSummary {
    pub articles: usize,
    pub articles_changed: usize,
    pub entities: usize,
    pub entities_written: usize,
    pub entities_removed: usize,
    /// Links annotate keeps in the articles after this run.
    pub links: usize,
    pub changes: Vec<FileChange>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One file annotate writes or removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: PathBuf,
    pub action: ChangeAction,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeAction {
    Create,
    Update,
    Delete,
}

/// One article on its way through annotate.
pub struct ArticleWork {
    pub slug: String,
    pub path: PathBuf,
    /// The line of the file the body starts on.
    pub body_line: usize,
    /// Front matter as it will be written (nolink may have grown).
    pub meta: ArticleMeta,
    original_meta: ArticleMeta,
    body: String,
    /// The body with annotate's own links turned back into text (`None`: it has none, so it
    /// is `body`).
    plain_body: Option<String>,
    /// Links a person wrote (positions in `plain_body`).
    pub human_links: Vec<WikiLink>,
    pub detection: Detection,
    pub local: LocalResolution,
    /// Prose blocks of `plain_body`, parsed once for counting and detection, then dropped.
    blocks: Vec<markdown::Block>,
    /// Front matter keys gloss does not know: rewriting would lose them.
    has_unknown_keys: bool,
    /// The hash of the file as it was read (`None`: an import's file, not on disk yet); a file
    /// that differs from it when annotate writes was saved meanwhile, and is not overwritten.
    read_as: Option<String>,
}

/// Everything annotate worked out about the site, before writing: shared by the run and by
/// `--explain`.
pub struct Analysis {
    pub articles: Vec<ArticleWork>,
    pub resolution: Resolution,
    pub planned: Vec<PlannedEntity>,
    /// Resolution entity index → index in `planned`.
    pub plan_of_entity: HashMap<usize, usize>,
    /// Human links per resolution entity.
    pub human_mentions: HashMap<usize, u32>,
    /// Folded surface → how often each rule rejected it, and in which articles.
    pub rejected: HashMap<String, RejectionRecord>,
    pub min_mentions: usize,
    /// Folded names of entities a person deleted: not made entities again.
    pub refused: HashSet<String>,
    /// Entity files a person deleted since the last run, with the names they held.
    removed_now: Vec<(PathBuf, Vec<String>)>,
    diagnostics: Vec<Diagnostic>,
    existing: ExistingEntities,
    ledger: Ledger,
    state: AnnotateState,
    /// Article files an import left for annotate to write.
    imported: HashMap<PathBuf, ImportedFile>,
}

/// An article file an import left for annotate to write.
enum ImportedFile {
    /// Its whole text (it did not load as an article).
    Text(String),
    /// Its front matter: the rest of the text is the loaded article's body.
    FrontMatter(String),
}

impl ImportedFile {
    /// The file's text as imported; `body`: the loaded article's.
    fn text<'a>(&'a self, body: &str) -> std::borrow::Cow<'a, str> {
        match self {
            ImportedFile::Text(text) => text.into(),
            ImportedFile::FrontMatter(front) => format!("{front}{body}").into(),
        }
    }
}

/// How a surface form fared when it was not taken.
#[derive(Debug, Default, Clone)]
pub struct RejectionRecord {
    pub surface: String,
    pub reasons: BTreeMap<Rejection, u32>,
    pub articles: BTreeSet<String>,
}

/// Runs annotate over the site: detect, resolve, then update the registry and the articles
/// (unless `options.dry_run`).
pub fn annotate_site(config: &Config, options: &AnnotateOptions) -> Result<AnnotateSummary> {
    let analysis = analyse_site(config)?;
    apply(config, analysis, options)
}

/// Runs annotate over the site as an import left it, with the import's article files not
/// written yet: each is read from memory and written once, annotated (or as imported, when
/// annotate leaves it alone), and recorded in the import's ledger. The files end up byte for
/// byte as an import followed by [`annotate_site`] writes them.
pub fn annotate_import(
    config: &Config,
    options: &AnnotateOptions,
    import: PendingImport,
) -> Result<AnnotateSummary> {
    let mut import = import;
    match analyse(config, import.ledger.clone(), &mut import.files) {
        Ok(analysis) => apply(config, analysis, options),
        Err(error) => {
            // The import itself still lands.
            import.write(config)?;
            Err(error)
        }
    }
}

/// Detects and resolves every name in the site without writing anything.
pub fn analyse_site(config: &Config) -> Result<Analysis> {
    analyse(config, Ledger::load(config)?, &mut HashMap::new())
}

/// [`analyse_site`] with `pending` article files (path → text) read from memory: written by
/// this run, so they count as gloss's own. On success `pending` is taken into the analysis;
/// on failure it is left whole.
fn analyse(
    config: &Config,
    ledger: Ledger,
    pending: &mut HashMap<PathBuf, String>,
) -> Result<Analysis> {
    let stage = std::cell::Cell::new(std::time::Instant::now());
    let lap = |name: &str| {
        tracing::debug!("annotate: {name} in {:?}", stage.get().elapsed());
        stage.set(std::time::Instant::now());
    };
    let loaded =
        if pending.is_empty() { load_site(config) } else { load_site_with(config, pending) };
    lap("loaded the site");
    let mut diagnostics = loaded.diagnostics;
    let unknown_keys: HashSet<PathBuf> = diagnostics
        .iter()
        .filter(|d| d.category == Category::UnknownFrontMatterKey)
        .filter_map(|d| d.location.as_ref().map(|l| l.file.clone()))
        .collect();
    let state = AnnotateState::load(config)?;

    // Annotate's own links back to text; what a person unlinked goes into nolink.
    let mut articles: Vec<ArticleWork> = loaded
        .site
        .articles
        .into_par_iter()
        .map(|article| {
            let prose = parse_prose(&article.body);
            let written = state.written(&article.slug);
            // Without links of annotate's own (a fresh import), the body is already plain.
            let (plain_body, prose, unlinked) = if written.is_empty() {
                (None, prose, Vec::new())
            } else {
                let stripped = strip_own_links(&article.body, &prose.wikilinks, &written);
                let prose = parse_prose(&stripped.body);
                // Links can only have been unlinked by a person if a person touched the file
                // since gloss wrote it; a re-import also drops them, and that is no reason for
                // nolink.
                let edited = !pending.contains_key(&article.path)
                    && !matches!(
                        ledger.state_of(&config.root, &article.path),
                        Ok(FileState::AsWritten | FileState::Missing)
                    );
                let unlinked = if edited {
                    unlinked_by_people(&prose, &written, &stripped.own_links)
                } else {
                    Vec::new()
                };
                (Some(stripped.body), prose, unlinked)
            };
            let read_as = (!pending.contains_key(&article.path))
                .then(|| read_hash(&config.root, &article.path, &article.body));
            let original_meta = article.meta.clone();
            let mut meta = article.meta;
            for shown in unlinked {
                if !meta.nolink.iter().any(|n| fold(n) == fold(&shown)) {
                    meta.nolink.push(shown);
                }
            }
            ArticleWork {
                has_unknown_keys: unknown_keys.contains(&article.path),
                slug: article.slug,
                path: article.path,
                body_line: article.body_line,
                meta,
                original_meta,
                body: article.body,
                plain_body,
                human_links: prose.wikilinks,
                blocks: prose.blocks,
                detection: Detection::default(),
                local: LocalResolution::default(),
                read_as,
            }
        })
        .collect();
    lap("turned annotate's own links back into text");
    let stats = articles
        .par_iter()
        .fold(WordStats::default, |mut stats, work| {
            for block in &work.blocks {
                stats.add_tokens(&tokenize(&block.text));
            }
            stats
        })
        .reduce(WordStats::default, |mut a, b| {
            a.merge(b);
            a
        });
    let options =
        DetectOptions { stop_names: config.annotate.stop_names.iter().map(|n| fold(n)).collect() };
    lap("counted words");
    articles.par_iter_mut().for_each(|work| {
        for block in std::mem::take(&mut work.blocks) {
            detect_block(&block, &tokenize(&block.text), &stats, &options, &mut work.detection);
        }
    });
    // A title names only what the prose of the archive names.
    let known = KnownNames::new(articles.iter().map(|w| &w.detection));
    articles.par_iter_mut().for_each(|work| {
        let mut detection = std::mem::take(&mut work.detection);
        if !work.meta.title_inferred {
            let body = work.plain_body.as_deref().unwrap_or(&work.body);
            if reads_as_headline(&work.meta.title, body) {
                detect_title(&work.meta.title, &known, &stats, &mut detection);
            }
        }
        if let Some(source) = &work.meta.source {
            detect_source(source, &mut detection);
        }
        let nolink: HashSet<String> = work.meta.nolink.iter().map(|n| fold(n)).collect();
        let (kept, refused): (Vec<_>, Vec<_>) =
            detection.candidates.into_iter().partition(|c| !nolink.contains(&fold(&c.surface)));
        detection.candidates = kept;
        detection.rejected.extend(
            refused
                .into_iter()
                .map(|c| detect::Rejected { surface: c.surface, reason: Rejection::NoLink }),
        );
        work.local = resolve_article(&detection.candidates, &detection.acronyms);
        work.detection = detection;
    });

    let linked_by_people: HashSet<String> = articles
        .iter()
        .flat_map(|w| w.human_links.iter().map(|l| fold(link_name(&l.target))))
        .collect();
    let existing =
        sort_existing(&loaded.site.entities, &ledger, &state, &config.root, &linked_by_people)?;
    let removed_now = deleted_by_people(config, &ledger, &state, &mut diagnostics)?;
    let refused: HashSet<String> = state
        .removed()
        .iter()
        .chain(removed_now.iter().flat_map(|(_, names)| names))
        .map(|name| fold(name))
        .collect();
    let imported = keep_front_matter(std::mem::take(pending), &articles);
    let locals: Vec<LocalResolution> =
        articles.iter_mut().map(|w| std::mem::take(&mut w.local)).collect();
    let slugs: Vec<&str> = articles.iter().map(|w| w.slug.as_str()).collect();
    lap("detected and resolved names per article");
    let resolution = resolve_corpus(&locals, &slugs, &existing.kept);
    lap("resolved names across the archive");
    for (work, local) in articles.iter_mut().zip(locals) {
        work.local = local;
    }

    // Links a person wrote count as mentions of what they point to.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (index, entity) in resolution.entities.iter().enumerate() {
        for name in std::iter::once(&entity.name).chain(entity.surfaces.keys()) {
            by_name.entry(fold(name)).or_insert(index);
        }
        if let Some(kept) = entity.kept {
            let kept = &existing.kept[kept];
            for name in
                std::iter::once(&kept.id).chain(std::iter::once(&kept.name)).chain(&kept.aliases)
            {
                by_name.insert(fold(name), index);
            }
        }
    }
    let mut human_mentions: HashMap<usize, u32> = HashMap::new();
    for link in articles.iter().flat_map(|w| &w.human_links) {
        if let Some(&index) = by_name.get(&fold(link_name(&link.target))) {
            *human_mentions.entry(index).or_default() += 1;
        }
    }
    let min_mentions = config.annotate.min_mentions;
    let selected: Vec<usize> = (0..resolution.entities.len())
        .filter(|&i| {
            let entity = &resolution.entities[i];
            entity.kept.is_some()
                || (!refused.contains(&fold(&entity.name))
                    && entity.mentions + human_mentions.get(&i).copied().unwrap_or(0)
                        >= min_mentions as u32)
        })
        .collect();
    // Obsidian finds an article or page of the same file name before an entity.
    let other_notes: HashSet<String> = articles
        .iter()
        .map(|w| &w.path)
        .chain(loaded.site.pages.iter().map(|p| &p.path))
        .map(|path| vault::file_stem(path).to_lowercase())
        .collect();
    let planned = plan_entities(&resolution, &selected, &existing, &other_notes);
    let plan_of_entity = planned.iter().enumerate().map(|(p, plan)| (plan.entity, p)).collect();
    let rejected = collect_rejections(&articles, &resolution, &selected);
    lap("planned the registry");
    diagnostics.retain(|d| d.category != Category::UnknownFrontMatterKey || d.is_error());
    Ok(Analysis {
        articles,
        resolution,
        planned,
        plan_of_entity,
        human_mentions,
        rejected,
        min_mentions,
        refused,
        removed_now,
        diagnostics,
        existing,
        ledger,
        state,
        imported,
    })
}

/// The entity name a link target gives: without a `#heading` and the entities folder.
fn link_name(target: &str) -> &str {
    vault::without_folder(target.split('#').next().unwrap_or(target))
}

/// Imported files, each (once its article is loaded) cut to its front matter, so the text is
/// not held twice.
fn keep_front_matter(
    pending: HashMap<PathBuf, String>,
    articles: &[ArticleWork],
) -> HashMap<PathBuf, ImportedFile> {
    let bodies: HashMap<&Path, &str> =
        articles.iter().map(|w| (w.path.as_path(), w.body.as_str())).collect();
    pending
        .into_iter()
        .map(|(path, mut text)| {
            let file = match bodies.get(path.as_path()) {
                Some(body) if text.ends_with(body) => {
                    text.truncate(text.len() - body.len());
                    text.shrink_to_fit();
                    ImportedFile::FrontMatter(text)
                }
                _ => ImportedFile::Text(text),
            };
            (path, file)
        })
        .collect()
}

/// Entity files gloss wrote that are gone: a person deleted them, so their names are not made
/// entities again. Names come from annotate's record of the file (else its file name). When no
/// entity file is left at all, that is taken for an accident, not a decision: everything is
/// recreated, with a warning.
fn deleted_by_people(
    config: &Config,
    ledger: &Ledger,
    state: &AnnotateState,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let root = config.root.as_path();
    let dir = crate::diagnostics::display_path(root, &config.entities_dir());
    let prefix = format!("{}/", vault::ledger_key(&dir));
    let mut gone = Vec::new();
    for key in ledger.recorded_paths().filter(|k| k.starts_with(&prefix) && k.ends_with(".md")) {
        let path = PathBuf::from(key);
        if ledger.state_of(root, &path)? == FileState::Missing {
            let names = match state.entity_names(key) {
                Some(names) => names.to_vec(),
                None => vec![vault::file_stem(&path)],
            };
            gone.push((path, names));
        }
    }
    let any_left = std::fs::read_dir(config.entities_dir()).is_ok_and(|entries| {
        entries.filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "md"))
    });
    if !gone.is_empty() && !any_left {
        diagnostics.push(Diagnostic::warning(
            Category::EntityFilesMissing,
            Some(Location::file(&dir)),
            "no entity file is left, so annotate recreates them all; to drop one entity, delete only its file",
        ));
        return Ok(Vec::new());
    }
    Ok(gone)
}

/// Text of links annotate wrote last time that a person has since unlinked: fewer of the link
/// remain than annotate wrote, not because a person retargeted or relabelled them (a link of
/// theirs with the same text or the same target stands in for each), and its text still
/// stands unlinked in the prose. `prose` is the body with annotate's own links turned back
/// into text, so its wikilinks are the person's.
fn unlinked_by_people(
    prose: &markdown::Prose,
    written: &BTreeMap<LinkPair, u32>,
    found: &BTreeMap<LinkPair, u32>,
) -> Vec<String> {
    let mut edited: Vec<Option<&markdown::WikiLink>> = prose.wikilinks.iter().map(Some).collect();
    let mut out = Vec::new();
    for ((target, shown), count) in written {
        let remaining = found.get(&(target.clone(), shown.clone())).copied().unwrap_or(0);
        let mut lost = count.saturating_sub(remaining);
        // Each of the person's links edited from one of annotate's explains one lost link.
        for slot in edited.iter_mut() {
            if lost == 0 {
                break;
            }
            if slot
                .is_some_and(|l| fold(&l.shown) == fold(shown) || fold(&l.target) == fold(target))
            {
                *slot = None;
                lost -= 1;
            }
        }
        if lost == 0 || out.contains(shown) {
            continue;
        }
        // Occurrences of the text now, against those that are annotate's own links turned back.
        let own: u32 = found.iter().filter(|((_, s), _)| s == shown).map(|(_, n)| n).sum();
        let standing: u32 = prose.blocks.iter().map(|b| count_word(&b.text, shown)).sum();
        if standing > own {
            out.push(shown.clone());
        }
    }
    out
}

/// Occurrences of `word` in `text` as a whole word.
fn count_word(text: &str, word: &str) -> u32 {
    let mut count = 0;
    for (start, _) in text.match_indices(word) {
        let end = start + word.len();
        let before = text[..start].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        count += u32::from(before && after);
    }
    count
}

fn collect_rejections(
    articles: &[ArticleWork],
    resolution: &Resolution,
    selected: &[usize],
) -> HashMap<String, RejectionRecord> {
    let mut records: HashMap<String, RejectionRecord> = HashMap::new();
    let mut add = |surface: &str, reason: Rejection, slug: &str, count: u32| {
        let record = records.entry(fold(surface)).or_insert_with(|| RejectionRecord {
            surface: surface.to_string(),
            ..Default::default()
        });
        *record.reasons.entry(reason).or_default() += count;
        record.articles.insert(slug.to_string());
    };
    for work in articles {
        for rejected in &work.detection.rejected {
            add(&rejected.surface, rejected.reason, &work.slug, 1);
        }
    }
    let selected: HashSet<usize> = selected.iter().copied().collect();
    for (index, entity) in resolution.entities.iter().enumerate() {
        if selected.contains(&index) {
            continue;
        }
        for (surface, &count) in &entity.surfaces {
            for (n, &article) in entity.articles.iter().enumerate() {
                add(
                    surface,
                    Rejection::TooFewMentions,
                    &articles[article].slug,
                    if n == 0 { count } else { 0 },
                );
            }
        }
    }
    records
}

/// Works out each article's new text and the registry files, then writes them (or, in a dry
/// run, only lists them). Article files an import left to write are written as imported when
/// annotate does not change them.
fn apply(
    config: &Config,
    analysis: Analysis,
    options: &AnnotateOptions,
) -> Result<AnnotateSummary> {
    let Analysis {
        articles,
        resolution,
        planned,
        plan_of_entity,
        diagnostics,
        existing,
        mut ledger,
        mut state,
        mut imported,
        removed_now,
        ..
    } = analysis;
    let root = config.root.as_path();
    if !options.dry_run {
        write_guard::ready_to_write(config, &articles, &diagnostics, &existing, &planned, &ledger)?;
    }
    let targets = TargetIndex::with_files(
        planned.iter().map(|p| (p.id.as_str(), Some(p.file.as_str()), &p.meta)),
    );
    // Each article is rewritten and written in one parallel pass, so its new text is dropped
    // as soon as it is on disk; the ledger records the writes in order afterwards.
    let progress = progress_bar(options.progress, articles.len());
    let mut rewritten: Vec<ArticleOutcome> = articles
        .par_iter()
        .zip(resolution.cluster_entity.par_iter())
        .map(|(work, entities)| {
            let mut outcome = rewrite_article(work, entities, &planned, &plan_of_entity, &targets);
            let text = outcome.text.take().filter(|_| !options.dry_run && !work.has_unknown_keys);
            let as_imported = || {
                let file = imported.get(&work.path).filter(|_| !options.dry_run)?;
                Some(file.text(&work.body))
            };
            if let Some(text) = text.map(Into::into).or_else(as_imported) {
                let expected = work.read_as.as_deref();
                outcome.stored =
                    Some(write_guard::write_unless_changed(root, &work.path, &text, expected));
            }
            progress.inc(1);
            outcome
        })
        .collect();
    progress.finish_and_clear();

    let mut summary = AnnotateSummary {
        articles: articles.len(),
        entities: planned.len(),
        diagnostics,
        ..Default::default()
    };
    let mut written_hashes: Vec<(PathBuf, String)> = Vec::new();
    for (work, outcome) in articles.iter().zip(&mut rewritten) {
        summary.links += outcome.written.values().sum::<u32>() as usize;
        if let Some(file) = imported.remove(&work.path) {
            // Written in the pass above, annotated or as imported (not in a dry run).
            if let Some(stored) = outcome.stored.take() {
                written_hashes.push((work.path.clone(), stored?));
                ledger.record_import(&work.path, file.text(&work.body).as_bytes());
            }
        }
        if !outcome.changed {
            continue;
        }
        if work.has_unknown_keys {
            summary.diagnostics.push(Diagnostic::warning(
                Category::ArticleNotAnnotated,
                Some(Location::file(&work.path)),
                "its front matter has keys gloss does not know, which rewriting would lose; remove or fix them and rerun",
            ));
            continue;
        }
        summary.articles_changed += 1;
        summary.changes.push(FileChange {
            path: work.path.clone(),
            action: ChangeAction::Update,
            detail: std::mem::take(&mut outcome.detail),
        });
        if let Some(stored) = outcome.stored.take() {
            written_hashes.push((work.path.clone(), stored?));
        }
    }
    let mut writes: Vec<(PathBuf, String)> = Vec::new();
    let entities_dir = crate::diagnostics::display_path(root, &config.entities_dir());
    let own_by_id: HashMap<&str, &registry::OwnEntity> =
        existing.own.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut entity_names: Vec<(String, Vec<String>)> = Vec::new();
    for plan in planned.iter().filter(|p| !p.kept) {
        let path = entities_dir.join(format!("{}.md", plan.file));
        let names = std::iter::once(&plan.meta.name).chain(&plan.meta.aliases).cloned().collect();
        entity_names.push((vault::ledger_key(&path), names));
        let previous = own_by_id.get(plan.id.as_str());
        let mut meta = plan.meta.clone();
        if let Some(own) = previous {
            meta.keep_editor_fields(&own.meta);
        }
        if previous.is_some_and(|own| own.meta == meta && own.path == path) {
            continue;
        }
        let description = previous.map(|own| own.description.as_str()).unwrap_or("");
        let action = if previous.is_some() { ChangeAction::Update } else { ChangeAction::Create };
        let detail = format!(
            "{} ({}), {} alias{}",
            plan.meta.name,
            plan.meta.kind.as_str(),
            plan.meta.aliases.len(),
            if plan.meta.aliases.len() == 1 { "" } else { "es" }
        );
        summary.entities_written += 1;
        summary.changes.push(FileChange { path: path.clone(), action, detail });
        writes.push((path, frontmatter::render(&meta, description)));
    }
    let planned_files: HashMap<&str, PathBuf> = planned
        .iter()
        .map(|p| (p.id.as_str(), entities_dir.join(format!("{}.md", p.file))))
        .collect();
    // Gloss's own files of entities gone, and those renamed (to the entity's name).
    let removals: Vec<(PathBuf, &str)> = existing
        .own
        .iter()
        .filter_map(|own| match planned_files.get(own.id.as_str()) {
            None => Some((own.path.clone(), "no longer recurs")),
            Some(path) if *path != own.path => Some((own.path.clone(), "renamed")),
            Some(_) => None,
        })
        .collect();
    for (path, why) in &removals {
        if *why == "no longer recurs" {
            summary.entities_removed += 1;
        }
        summary.changes.push(FileChange {
            path: path.clone(),
            action: ChangeAction::Delete,
            detail: (*why).into(),
        });
    }
    if options.dry_run {
        return Ok(summary);
    }
    // An imported file that did not load as an article is still written, as imported.
    for (path, file) in imported {
        let text = file.text("");
        written_hashes.push((path.clone(), write_file(root, &path, &text)?));
        ledger.record_import(&path, text.as_bytes());
    }
    // Old files go first: a rename that only changes case is the same file on some systems.
    for (path, _) in &removals {
        std::fs::remove_file(root.join(path))
            .with_context(|| format!("cannot remove {}", path.display()))?;
        ledger.forget(path);
    }
    // Entity files are written in parallel, then recorded in the ledger in order.
    let dirs: HashSet<&Path> = writes.iter().filter_map(|(path, _)| path.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(root.join(dir))
            .with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let hashes = writes
        .par_iter()
        .map(|(path, text)| write_file(root, path, text))
        .collect::<Result<Vec<String>>>()?;
    let entity_hashes = writes.into_iter().map(|(path, _)| path).zip(hashes);
    for (path, hash) in written_hashes.into_iter().chain(entity_hashes) {
        ledger.record_written(&path, hash);
    }
    for (path, names) in removed_now {
        ledger.forget(&path);
        for name in names {
            state.add_removed(name);
        }
    }
    state.set_entities(entity_names);
    for (work, outcome) in articles.iter().zip(&rewritten) {
        if !(work.has_unknown_keys && outcome.changed) {
            state.set_written(&work.slug, &outcome.written);
        }
    }
    let slugs: HashSet<&str> = articles.iter().map(|w| w.slug.as_str()).collect();
    state.retain_articles(|slug| slugs.contains(slug));
    state.save()?;
    ledger.save()?;
    Ok(summary)
}

/// An article's new file text (when it changed) and the links annotate wrote in it.
struct ArticleOutcome {
    text: Option<String>,
    changed: bool,
    written: BTreeMap<LinkPair, u32>,
    detail: String,
    /// The hash of the text written to the file, once written.
    stored: Option<Result<String>>,
}

/// Writes `text` to `root/relative` atomically; returns the hash the ledger records.
fn write_file(root: &Path, relative: &Path, text: &str) -> Result<String> {
    write_guard::write_unless_changed(root, relative, text, None)
}

/// The hash of the article file as it is on disk, as long as it still holds the `body` loaded
/// (it may have been saved since); an unreadable file hashes as empty, so it counts as
/// changed when annotate writes.
fn read_hash(root: &Path, relative: &Path, body: &str) -> String {
    match std::fs::read(root.join(relative)) {
        Ok(bytes) if bytes.ends_with(body.as_bytes()) => crate::ledger::hash_bytes(&bytes),
        _ => String::new(),
    }
}

fn rewrite_article(
    work: &ArticleWork,
    cluster_entity: &[usize],
    planned: &[PlannedEntity],
    plan_of_entity: &HashMap<usize, usize>,
    targets: &TargetIndex,
) -> ArticleOutcome {
    let mut links = Vec::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for (candidate, &cluster) in work.detection.candidates.iter().zip(&work.local.assignment) {
        let Some(&plan) = cluster_entity.get(cluster).and_then(|entity| plan_of_entity.get(entity))
        else {
            continue;
        };
        let plan = &planned[plan];
        ids.insert(plan.id.clone());
        if let (true, Some(range)) = (plan.linkable, candidate.range.clone()) {
            links.push(PlannedLink { range, target: plan.target.clone() });
        }
    }
    for link in &work.human_links {
        if let Some(id) = targets.resolve(&link.target) {
            ids.insert(id.to_string());
        }
    }
    links.sort_by_key(|l| l.range.start);
    let plain_body = work.plain_body.as_deref().unwrap_or(&work.body);
    let (body, written) = insert_links(plain_body, &links);
    let mut meta = work.meta.clone();
    meta.entities = ids.into_iter().collect();
    let changed = meta != work.original_meta || body != work.body;
    let detail = format!(
        "{} link{}, {} entit{}",
        links.len(),
        if links.len() == 1 { "" } else { "s" },
        meta.entities.len(),
        if meta.entities.len() == 1 { "y" } else { "ies" }
    );
    ArticleOutcome {
        text: changed.then(|| frontmatter::render(&meta, &body)),
        changed,
        written,
        detail,
        stored: None,
    }
}
