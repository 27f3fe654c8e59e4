//! The snapshot of the last `gloss build` (`.gloss/state/` in the site folder): the model,
//! every document's analysis, the site index and the output manifest. The next `gloss build`
//! after a few edits restores it and brings the output up to date the way `gloss serve` does in
//! memory, re-rendering only what the edits touch, instead of building everything again.
//!
//! Each build compares the content files with the snapshot's listing of them, applies the
//! changes, and saves the state it reached as the new snapshot. Any doubt means a full build,
//! which writes a new snapshot: another format or gloss binary, a changed theme, template,
//! static file, setting or option, an output folder written by anything else since (`gloss
//! serve`, a person), too many changed files.
//!
//! Files: `documents.bin` (every document with its analysis, in chunks read in parallel and
//! checked against their digests, the analyses left encoded until a page needs them: see
//! `documents.rs` and `render::analysis_list`), `model.bin` (postcard: the content listing,
//! the site index, the output manifest, and the documents changed since `documents.bin` was
//! written), `texts.bin` (plain texts one after the other, read only for the pages that need
//! them), `output.json` (which output folder the last build left, from which snapshot). A
//! build from the snapshot writes `model.bin` and appends its new texts to `texts.bin`, and
//! leaves the rest alone: saving costs what changed, not the size of the site.

mod documents;
mod records;

use std::borrow::Cow;
use std::cmp::Ordering;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::State;
use super::stamp::{ContentFile, Inputs, hash_output, parse_listing};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::Site;
use crate::render::analysis_list::AnalysisList;
use crate::render::plain_text::{FRAME_HEADER, TextFile, write_framed};
use crate::render::{Analyses, EntityLookup, Globals, SiteIndex, Theme};
use crate::write::{Manifest, map_file};
use documents::{
    DocumentsFile, counts_of, digest, names_of, read_documents, record_of, write_documents,
};
use records::{Bytes, Counts, Document, OwnedRecord, ReadRecord, RecordToWrite, RestoredDocument};

/// The snapshot's folder, relative to the site root.
const SNAPSHOT_DIR: &str = ".gloss/state";

/// Bumped whenever what the snapshot holds changes shape or meaning (5: paragraph ids from
/// their text; 6: analyses decoded when needed; 7: texts framed with their digests).
const FORMAT: u32 = 7;

/// More changed content files than this and a full build is as quick.
const MAX_CHANGED_FILES: usize = 100;

/// More documents changed since `documents.bin` was written than this, and it is written anew
/// rather than carried in `model.bin`.
const MAX_CHANGED_DOCUMENTS: usize = 200;

/// What the snapshot was taken of: `C` is the content listing's bytes, [`Bytes`] as written,
/// `&[u8]` as read.
#[derive(Serialize, Deserialize)]
struct Header<C> {
    format: u32,
    version: String,
    /// Tells this snapshot from any other, so `output.json` cannot vouch for another one.
    id: u128,
    /// Every input but the content files (see `stamp::Inputs::setup`).
    setup: u128,
    content: C,
    /// The length of `texts.bin` when the model was written: appends only make it longer, so
    /// a shorter file was written anew for another model.
    texts_len: u64,
    documents: DocumentsFile,
    /// Of the rest of `model.bin`: the analyses in it are decoded only when a page needs
    /// them, so they must be as written.
    model_digest: u64,
}

/// The rest of `model.bin`, as it is written: borrowed from the state.
#[derive(Serialize)]
struct ModelToWrite<'a> {
    index: &'a SiteIndex,
    manifest: &'a Manifest,
    load_warnings: &'a [Diagnostic],
    /// The documents that are not as `documents.bin` holds them, by position.
    changed: Vec<(usize, RecordToWrite<'a>)>,
}

/// [`ModelToWrite`] as it is read back (postcard reads fields in order: keep both alike).
#[derive(Deserialize)]
struct Model {
    index: SiteIndex,
    manifest: Manifest,
    load_warnings: Vec<Diagnostic>,
    changed: Vec<(usize, OwnedRecord)>,
}

/// What a state restored from the snapshot came from, so that saving it again writes only
/// what changed since.
pub(super) struct Restored {
    documents: DocumentsFile,
    /// Where each document's text is in `texts.bin`, as `documents.bin` has it, by position.
    texts: Vec<(u64, usize)>,
    /// Which document `documents.bin` has at each position ([`documents::names_of`]).
    names: Vec<u64>,
    /// `texts.bin`, whose texts the restored state reads when a page needs them.
    text_file: Arc<TextFile>,
}

impl Restored {
    /// Whether a text read from the snapshot was not as written: what was built from it
    /// cannot be trusted.
    pub(super) fn is_damaged(&self) -> bool {
        self.text_file.is_damaged()
    }

    pub(super) fn text_file(&self) -> Arc<TextFile> {
        Arc::clone(&self.text_file)
    }
}

/// Which output the last `gloss build` left, from which snapshot.
#[derive(Serialize, Deserialize)]
struct OutputRecord {
    snapshot: String,
    output: String,
}

fn snapshot_dir(config: &Config) -> PathBuf {
    config.root.join(SNAPSHOT_DIR)
}

fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

fn new_id() -> u128 {
    crate::write::hash(
        format!("{:?}{:?}", std::time::SystemTime::now(), std::process::id()).as_bytes(),
    )
}

/// Saves `state`, which a full build of `inputs` made, as the snapshot, and records that the
/// output folder is as it left it. A snapshot that cannot be written only costs the next
/// build its shortcut.
pub(super) fn save(config: &Config, state: &State, inputs: &Inputs, out_dir: &Path) {
    let saved = (|| -> Result<()> {
        let dir = snapshot_dir(config);
        let staged = dir.with_extension("new");
        let _ = std::fs::remove_dir_all(&staged);
        std::fs::create_dir_all(&staged)
            .with_context(|| format!("cannot create {}", staged.display()))?;
        let mut texts = BufWriter::new(std::fs::File::create(staged.join("texts.bin"))?);
        let (ranges, at) = write_texts(&mut texts, 0, state, false)?;
        texts.into_inner().map_err(|e| e.into_error())?;
        let id = new_id();
        let documents = write_documents(&staged, state, &ranges, id)?;
        write_model(&staged, state, inputs, id, documents, Vec::new(), at)?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&staged, &dir)
            .with_context(|| format!("cannot move {} into place", dir.display()))?;
        record_output(config, id, out_dir);
        Ok(())
    })();
    if let Err(error) = saved {
        tracing::debug!("no build snapshot: {error:#}");
        forget(config);
    }
}

/// Saves `state`, restored from the snapshot (`restored`) and brought up to date with
/// `inputs`, as the snapshot: the texts it made are appended to `texts.bin` (or, once most of
/// that file is texts no longer used, every text is written to a new one), and the documents
/// it changed go into `model.bin` (or, once there are many, every document into a new
/// `documents.bin`).
pub(super) fn update(
    config: &Config,
    state: &State,
    inputs: &Inputs,
    out_dir: &Path,
    restored: Restored,
) {
    let stage = Instant::now();
    let updated = (|| -> Result<()> {
        let dir = snapshot_dir(config);
        let path = dir.join("texts.bin");
        let used: u64 = state.analyses.texts().map(|text| text.byte_len() as u64).sum();
        let compact = std::fs::metadata(&path)?.len() > 2 * used + (1 << 20);
        let staged = path.with_extension("bin.new");
        let mut file = match compact {
            true => std::fs::File::create(&staged)?,
            false => std::fs::OpenOptions::new().append(true).open(&path)?,
        };
        let end = file.metadata()?.len();
        let mut texts = BufWriter::new(&mut file);
        let (ranges, at) = write_texts(&mut texts, end, state, !compact)?;
        texts.flush()?;
        drop(texts);
        if compact {
            std::fs::rename(&staged, &path)?;
        }
        tracing::debug!("snapshot: texts written: {:?}", stage.elapsed());
        // A document is as `documents.bin` holds it when it is the same document (none came
        // or went before it) and its text is where that file says (a changed one was made
        // again, and its text appended).
        let names = names_of(state);
        let changed: Vec<(usize, (u64, usize))> = (ranges.iter().copied().enumerate())
            .filter(|&(position, text)| {
                restored.texts.get(position) != Some(&text)
                    || restored.names.get(position) != names.get(position)
            })
            .collect();
        let id = new_id();
        let id = if counts_of(state) == restored.documents.counts
            && changed.len() <= MAX_CHANGED_DOCUMENTS
        {
            write_model(&dir, state, inputs, id, restored.documents, changed, at)?
        } else {
            let documents = write_documents(&dir, state, &ranges, id)?;
            write_model(&dir, state, inputs, id, documents, Vec::new(), at)?
        };
        tracing::debug!("snapshot: model written: {:?}", stage.elapsed());
        record_output(config, id, out_dir);
        Ok(())
    })();
    if let Err(error) = updated {
        tracing::debug!("cannot update the build snapshot: {error:#}");
        forget(config);
    }
}

/// Writes the texts of `state` to `out`, the first at offset `at` of its file, but those
/// already stored there when `keep_stored`; returns where each document's text is (start,
/// length), in the order of `Analyses::lists`, and where the file ends.
fn write_texts(
    out: &mut impl Write,
    mut at: u64,
    state: &State,
    keep_stored: bool,
) -> std::io::Result<(Vec<(u64, usize)>, u64)> {
    let mut ranges = Vec::new();
    for text in state.analyses.texts() {
        match text.stored_at().filter(|_| keep_stored) {
            Some(range) => ranges.push(range),
            None => {
                let body = text.read_once();
                ranges.push((at + FRAME_HEADER as u64, body.len()));
                at += write_framed(out, &body)?;
            }
        }
    }
    Ok((ranges, at))
}

/// Writes `model.bin` into `dir` (through a temporary file and a rename), with the documents
/// that `documents` does not hold as they are (`changed`: their positions, and where their
/// texts are); returns its id.
fn write_model(
    dir: &Path,
    state: &State,
    inputs: &Inputs,
    id: u128,
    documents: DocumentsFile,
    changed: Vec<(usize, (u64, usize))>,
    texts_len: u64,
) -> Result<u128> {
    let changed = changed
        .into_iter()
        .map(|(position, text)| Ok((position, record_of(state, position, text)?)))
        .collect::<Result<_>>()?;
    let model = ModelToWrite {
        index: &state.index,
        manifest: &state.manifest,
        load_warnings: &state.load_warnings,
        changed,
    };
    let model = encode_model(&model)?;
    let content = inputs.content.as_ref().context("content paths that are not UTF-8")?;
    let header = Header {
        format: FORMAT,
        version: env!("CARGO_PKG_VERSION").into(),
        id,
        setup: inputs.setup,
        content: Bytes(Cow::Borrowed(content.as_bytes())),
        texts_len,
        documents,
        model_digest: digest(&model),
    };
    // Written in place, over the pages of the last one (already in memory, where a new file
    // would need fresh ones): no build trusts this file before `record_output` names its id,
    // and a build that stops while writing it leaves no output record (see `forget`).
    let header = postcard::to_stdvec(&header)?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join("model.bin"))?;
    file.write_all(&header)?;
    file.write_all(&model)?;
    file.set_len((header.len() + model.len()) as u64)?;
    Ok(id)
}

/// `postcard::to_stdvec(model)`, its two large fields encoded in parallel: postcard writes a
/// struct as its fields one after the other, nothing between them.
fn encode_model(model: &ModelToWrite<'_>) -> postcard::Result<Vec<u8>> {
    let ModelToWrite { index, manifest, load_warnings, changed } = model;
    let (index, manifest) =
        rayon::join(|| postcard::to_stdvec(index), || postcard::to_stdvec(manifest));
    let mut bytes = index?;
    bytes.extend(manifest?);
    bytes.extend(postcard::to_stdvec(load_warnings)?);
    bytes.extend(postcard::to_stdvec(changed)?);
    Ok(bytes)
}

/// Notes that the output folder is as a build from snapshot `id` left it.
fn record_output(config: &Config, id: u128, out_dir: &Path) {
    let Some(output) = hash_output(out_dir) else { return };
    let record = OutputRecord { snapshot: hex(id), output: hex(output) };
    let path = snapshot_dir(config).join("output.json");
    let written = serde_json::to_vec(&record).map_err(std::io::Error::other).and_then(|bytes| {
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &path)
    });
    if let Err(error) = written {
        tracing::debug!("cannot record the build's output: {error}");
    }
}

/// Forgets which output the last build left: the output folder is about to change some other
/// way (the snapshot stays, but no build trusts it until a full build writes a new one).
pub(super) fn forget(config: &Config) {
    match std::fs::remove_file(snapshot_dir(config).join("output.json")) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => tracing::warn!("cannot remove the build snapshot's output record: {e}"),
    }
}

/// The state the snapshot holds, and the content files changed since it was taken (created,
/// edited or removed, as absolute paths), when the snapshot fits `inputs` and the output
/// folder is as the last build left it; `None` when a full build is needed.
pub(super) fn restore(
    config: &Config,
    inputs: &Inputs,
    out_dir: &Path,
) -> Option<(State, Vec<PathBuf>, Restored)> {
    let dir = snapshot_dir(config);
    let record: OutputRecord =
        serde_json::from_slice(&std::fs::read(dir.join("output.json")).ok()?).ok()?;
    if record.output != hex(hash_output(out_dir)?) {
        return None;
    }
    let bytes = map_file(&dir.join("model.bin")).ok()?;
    let Ok((header, rest)) = postcard::take_from_bytes::<Header<&[u8]>>(&bytes) else {
        return damaged(config, "model.bin");
    };
    if header.format != FORMAT
        || header.version != env!("CARGO_PKG_VERSION")
        || header.setup != inputs.setup
    {
        return None;
    }
    if hex(header.id) != record.snapshot || digest(rest) != header.model_digest {
        return damaged(config, "model.bin");
    }
    let before = parse_listing(header.content)?;
    let changed = changed_files(&config.root, &before, &inputs.content.as_ref()?.files());
    if changed.len() > MAX_CHANGED_FILES {
        return None;
    }
    let texts = dir.join("texts.bin");
    let texts_len = std::fs::metadata(&texts).ok()?.len();
    if texts_len < header.texts_len {
        return None;
    }
    let texts = TextFile::open(&texts).ok()?;
    let stage = Instant::now();
    // The theme does not depend on the snapshot: it loads meanwhile.
    let ((model, documents), theme) = rayon::join(
        || {
            rayon::join(
                || postcard::from_bytes::<Model>(rest),
                || read_documents(&dir, &header.documents, &texts, texts_len),
            )
        },
        || Theme::load(config),
    );
    let (model, documents) = match (model, documents) {
        (Ok(model), Ok(documents)) => (model, documents),
        (model, documents) => {
            tracing::debug!(
                "snapshot not read: {:?} {:?}",
                model.err(),
                documents.err().map(|e| format!("{e:#}"))
            );
            return damaged(config, "model.bin or documents.bin");
        }
    };
    tracing::debug!("snapshot: model decoded in {:?}", stage.elapsed());
    let counts = header.documents.counts;
    let Some((state, stored)) =
        model.into_state(config, theme.ok()?, documents, &texts, texts_len, counts)
    else {
        return damaged(config, "model.bin or documents.bin");
    };
    let restored = Restored {
        texts: stored.texts,
        names: stored.names,
        documents: header.documents,
        text_file: Arc::clone(&texts),
    };
    tracing::debug!("snapshot: state restored in {:?}", stage.elapsed());
    Some((state, changed, restored))
}

/// Notes that the snapshot's `what` is not as a build wrote it and drops the snapshot: the
/// build that called builds in full (and saves a new one).
pub(super) fn damaged<T>(config: &Config, what: &str) -> Option<T> {
    tracing::warn!(
        "the build cache {SNAPSHOT_DIR}/{what} is damaged (not as gloss wrote it): building in full"
    );
    forget(config);
    let _ = std::fs::remove_dir_all(snapshot_dir(config));
    None
}

/// Content files that are not as the listing `before` saw them, in one pass over both in path
/// order (in which `stamp::hash_inputs` lists them, unless the content folders are set apart).
fn changed_files(root: &Path, before: &[ContentFile], now: &[ContentFile]) -> Vec<PathBuf> {
    let same_path = |a: &ContentFile, b: &ContentFile| a.path == b.path;
    if before.len() == now.len() && before.iter().zip(now).all(|(a, b)| same_path(a, b)) {
        // No file created or removed, the usual case: compare them in place.
        let edited =
            before.iter().zip(now).filter(|(seen, file)| seen != file || !seen.is_trusted());
        return edited.map(|(_, file)| root.join(file.path)).collect();
    }
    let (before, now) = (in_path_order(before), in_path_order(now));
    let (mut old, mut new) = (0, 0);
    let mut changed = Vec::new();
    while old < before.len() || new < now.len() {
        let order = match (before.get(old), now.get(new)) {
            (Some(seen), Some(file)) => seen.path_order(file),
            (Some(_), None) => Ordering::Less,
            (None, _) => Ordering::Greater,
        };
        match order {
            Ordering::Less => {
                changed.push(root.join(before[old].path));
                old += 1;
            }
            Ordering::Greater => {
                changed.push(root.join(now[new].path));
                new += 1;
            }
            Ordering::Equal => {
                let (seen, file) = (&before[old], &now[new]);
                if seen != file || !seen.is_trusted() {
                    changed.push(root.join(file.path));
                }
                old += 1;
                new += 1;
            }
        }
    }
    changed
}

fn in_path_order<'a>(files: &'a [ContentFile<'a>]) -> Cow<'a, [ContentFile<'a>]> {
    if files.is_sorted_by(|a, b| a.path_order(b).is_le()) {
        return Cow::Borrowed(files);
    }
    let mut files = files.to_vec();
    files.sort_by(ContentFile::path_order);
    Cow::Owned(files)
}

/// Where each document's text is in `texts.bin` and which document it is, as `documents.bin`
/// has them, by position (see [`Restored`]).
struct StoredPositions {
    texts: Vec<(u64, usize)>,
    names: Vec<u64>,
}

impl Model {
    /// The state of `documents` with the changed ones of the model in their place, their
    /// texts left in `texts` (the snapshot's `texts.bin`, `texts_len` bytes long) until a page
    /// needs them; with what `documents.bin` holds at each position.
    fn into_state(
        self,
        config: &Config,
        theme: Theme,
        mut documents: Vec<Vec<RestoredDocument>>,
        texts: &Arc<TextFile>,
        texts_len: u64,
        counts: Counts,
    ) -> Option<(State, StoredPositions)> {
        let changed: Vec<(usize, RestoredDocument)> = (self.changed.into_iter())
            .map(|(at, record)| Some((at, ReadRecord::owned(record).restore(texts, texts_len)?)))
            .collect::<Option<_>>()?;
        // The articles, then the entities and free pages, put in place at once; the entity
        // lookup is made meanwhile.
        let others = split_off_at(&mut documents, counts.articles);
        let (changed_articles, changed_others): (Vec<_>, Vec<_>) =
            changed.into_iter().partition(|(at, _)| *at < counts.articles);
        let (articles, others) = rayon::join(
            || place(documents, changed_articles, 0, counts),
            || {
                let others = place(others, changed_others, counts.articles, counts)?;
                let lookup = EntityLookup::new(&others.site.entities);
                Some((others, lookup))
            },
        );
        let (mut articles, (others, lookup)) = (articles?, others?);
        let site = Site {
            articles: articles.site.articles,
            entities: others.site.entities,
            pages: others.site.pages,
        };
        let analyses = Analyses {
            articles: articles.analyses.articles,
            entities: others.analyses.entities,
            pages: others.analyses.pages,
        };
        articles.stored.texts.extend(others.stored.texts);
        articles.stored.names.extend(others.stored.names);
        let globals = Globals::new(config, &site);
        let state = State {
            site,
            analyses,
            theme,
            lookup,
            globals,
            index: self.index,
            manifest: self.manifest,
            deferred: false,
            load_warnings: self.load_warnings,
            pages_forgotten: true,
            set_aside: None,
        };
        Some((state, articles.stored))
    }
}

/// Documents put in place, from some position on: a part of the state.
struct Placed {
    site: Site,
    analyses: Analyses,
    stored: StoredPositions,
}

/// The documents of `chunks`, the first at position `first`, each in the list of its kind, the
/// `changed` ones (in order of their positions) in their place; `None` when a document is not
/// of the kind `counts` says its position holds, or a changed one is not among them.
fn place(
    chunks: Vec<Vec<RestoredDocument>>,
    changed: Vec<(usize, RestoredDocument)>,
    first: usize,
    counts: Counts,
) -> Option<Placed> {
    let len: usize = chunks.iter().map(Vec::len).sum();
    let kind_len = |start: usize, end: usize| end.min(first + len).saturating_sub(start.max(first));
    let entities = counts.articles..counts.articles + counts.entities;
    let mut site = Site {
        articles: Vec::with_capacity(kind_len(0, entities.start)),
        entities: Vec::with_capacity(kind_len(entities.start, entities.end)),
        pages: Vec::with_capacity(kind_len(entities.end, usize::MAX)),
    };
    let mut analyses = Analyses {
        articles: AnalysisList::with_capacity(site.articles.capacity()),
        entities: AnalysisList::with_capacity(site.entities.capacity()),
        pages: AnalysisList::with_capacity(site.pages.capacity()),
    };
    let mut stored =
        StoredPositions { texts: Vec::with_capacity(len), names: Vec::with_capacity(len) };
    let mut changed = changed.into_iter().peekable();
    for (position, restored) in (first..).zip(chunks.into_iter().flatten()) {
        stored.texts.push(restored.text);
        stored.names.push(restored.name);
        let restored = match changed.next_if(|(at, _)| *at == position) {
            Some((_, newer)) => newer,
            None => restored,
        };
        match restored.document {
            Document::Article(article) if position < entities.start => {
                site.articles.push(article);
                analyses.articles.push_encoded(restored.analysis);
            }
            Document::Entity(entity) if entities.contains(&position) => {
                site.entities.push(entity);
                analyses.entities.push_encoded(restored.analysis);
            }
            Document::Page(page) if position >= entities.end => {
                site.pages.push(page);
                analyses.pages.push_encoded(restored.analysis);
            }
            _ => return None,
        }
    }
    changed.next().is_none().then_some(Placed { site, analyses, stored })
}

/// Splits `chunks` after its first `at` items: they stay, the rest is returned.
fn split_off_at<T>(chunks: &mut Vec<Vec<T>>, mut at: usize) -> Vec<Vec<T>> {
    for (i, chunk) in chunks.iter_mut().enumerate() {
        if at < chunk.len() {
            let tail = chunk.split_off(at);
            let mut rest = vec![tail];
            rest.extend(chunks.drain(i + 1..));
            return rest;
        }
        at -= chunk.len();
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Category;

    #[test]
    fn the_model_encoded_in_parts_is_the_model_encoded_whole() {
        let index = SiteIndex { article_order: vec![2, 0, 1], ..SiteIndex::default() };
        let manifest: Manifest =
            serde_json::from_value(serde_json::json!({ "files": { "a/index.html": 7 } })).unwrap();
        let warnings = [Diagnostic::warning(Category::Template, None, "a warning".to_string())];
        let model = ModelToWrite {
            index: &index,
            manifest: &manifest,
            load_warnings: &warnings,
            changed: vec![],
        };
        assert_eq!(encode_model(&model).unwrap(), postcard::to_stdvec(&model).unwrap());
    }

    fn file(path: &str, len: u64) -> ContentFile<'_> {
        ContentFile { path, len, modified: (1_000, 0) }
    }

    #[test]
    fn splits_chunks_after_any_number_of_items() {
        let chunks = || vec![vec![1, 2, 3], vec![4, 5], vec![6]];
        for at in 0..=7 {
            let mut first = chunks();
            let rest = split_off_at(&mut first, at);
            let (first, rest): (Vec<i32>, Vec<i32>) =
                (first.into_iter().flatten().collect(), rest.into_iter().flatten().collect());
            let all: Vec<i32> = (1..=6).collect();
            assert_eq!(first, all[..at.min(6)]);
            assert_eq!(rest, all[at.min(6)..]);
        }
    }

    #[test]
    fn finds_created_removed_and_edited_files_in_any_order() {
        let before = [file("content/articles/a.md", 1), file("content/articles/b.md", 2)];
        let now = [
            file("content/entities/x.md", 3),
            file("content/articles/b.md", 5),
            file("content/articles/aa.md", 4),
        ];
        let changed = changed_files(Path::new("/site"), &before, &now);
        let names: Vec<&str> =
            changed.iter().map(|p| p.strip_prefix("/site").unwrap().to_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "content/articles/a.md",
                "content/articles/aa.md",
                "content/articles/b.md",
                "content/entities/x.md"
            ]
        );
        assert!(changed_files(Path::new("/site"), &now, &now).is_empty());
        // The same files: the edited one, and the one whose time was too recent to trust.
        let mut edited = now;
        edited[0].len += 1;
        let mut untrusted = now;
        untrusted[2].modified = (0, 0);
        assert_eq!(
            changed_files(Path::new("/site"), &now, &edited),
            [Path::new("/site/content/entities/x.md")]
        );
        assert_eq!(
            changed_files(Path::new("/site"), &untrusted, &untrusted),
            [Path::new("/site/content/articles/aa.md")]
        );
    }
}
