//! `documents.bin`: every document of the snapshot with its analysis, in chunks that are
//! written and read back in parallel. A build from the snapshot leaves this file alone: the
//! few documents it changed go into `model.bin` beside it (see `mod.rs`), until there are so
//! many that the file is written anew.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::records::{
    Bytes, Counts, DocumentRecord, ReadRecord, RecordToWrite, RestoredDocument, StoredArticle,
    StoredDocument, StoredEntity, StoredPage,
};
use crate::build::State;
use crate::diagnostics::Diagnostic;
use crate::render::analysis_list::SharedBytes;
use crate::render::plain_text::TextFile;
use crate::write::map_file;

/// Documents per chunk: each chunk is encoded and decoded on its own, in parallel.
const CHUNK_DOCUMENTS: usize = 500;

/// Which `documents.bin` a model goes with (its first 16 bytes are the id), and its chunks
/// after those.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(super) struct DocumentsFile {
    pub(super) id: u128,
    pub(super) counts: Counts,
    chunks: Vec<Chunk>,
}

/// A chunk's length in bytes, and the digest of those bytes.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Chunk {
    len: u64,
    digest: u64,
}

const ID_LEN: u64 = 16;

pub(super) fn counts_of(state: &State) -> Counts {
    Counts {
        articles: state.site.articles.len(),
        entities: state.site.entities.len(),
        pages: state.site.pages.len(),
    }
}

/// A digest of each document's slug or id, in the order of `Analyses::lists`: which document is
/// at which position.
pub(super) fn names_of(state: &State) -> Vec<u64> {
    let site = &state.site;
    let articles = site.articles.iter().map(|a| a.slug.as_str());
    let entities = site.entities.iter().map(|e| e.id.as_str());
    let pages = site.pages.iter().map(|p| p.slug.as_str());
    articles.chain(entities).chain(pages).map(name_digest).collect()
}

pub(super) fn name_digest(name: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(name.as_bytes())
}

/// The document at `position` in the order of `Analyses::lists`, as the snapshot stores it,
/// its text at `text` in `texts.bin`.
pub(super) fn record_of(
    state: &State,
    position: usize,
    text: (u64, usize),
) -> Result<RecordToWrite<'_>> {
    let (site, analyses) = (&state.site, &state.analyses);
    let (articles, entities) = (site.articles.len(), site.entities.len());
    let (document, list, at) = if position < articles {
        let article = StoredArticle::of(&site.articles[position]);
        (StoredDocument::Article(article), &analyses.articles, position)
    } else if position < articles + entities {
        let e = position - articles;
        (StoredDocument::Entity(StoredEntity::of(&site.entities[e])), &analyses.entities, e)
    } else {
        let p = position - articles - entities;
        (StoredDocument::Page(StoredPage::of(&site.pages[p])?), &analyses.pages, p)
    };
    Ok(DocumentRecord {
        document,
        analysis: Bytes(list.encoded(at)?),
        diagnostics: list.diagnostics(at),
        text,
    })
}

/// Writes every document of `state` (their texts at `texts`, by position) to
/// `documents.bin` in `dir`, through a temporary file and a rename.
pub(super) fn write_documents(
    dir: &Path,
    state: &State,
    texts: &[(u64, usize)],
    id: u128,
) -> Result<DocumentsFile> {
    let counts = counts_of(state);
    let positions: Vec<usize> = (0..counts.total()).collect();
    let temporary = dir.join("documents.bin.tmp");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
    file.write_all(&id.to_le_bytes())?;
    let mut chunks = Vec::new();
    // A few chunks at a time, so that memory holds only those.
    let batch = CHUNK_DOCUMENTS * rayon::current_num_threads().max(1);
    for positions in positions.chunks(batch) {
        let encoded: Vec<Vec<u8>> = positions
            .par_chunks(CHUNK_DOCUMENTS)
            .map(|chunk| {
                let records = chunk
                    .iter()
                    .map(|&position| record_of(state, position, texts[position]))
                    .collect::<Result<Vec<_>>>()?;
                Ok(postcard::to_stdvec(&records)?)
            })
            .collect::<Result<_>>()?;
        for bytes in encoded {
            file.write_all(&bytes)?;
            chunks.push(Chunk { len: bytes.len() as u64, digest: digest(&bytes) });
        }
    }
    file.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&temporary, dir.join("documents.bin"))?;
    Ok(DocumentsFile { id, counts, chunks })
}

/// Every document in `documents.bin` in `dir`, in order (chunk by chunk), when the file is the
/// one `expected` describes, each chunk as it was written, and their texts are in `texts`
/// (`texts_len` bytes long). Each is made into what the state holds right there, in parallel.
///
/// The file is mapped into memory rather than read: most of it is analyses, which stay there
/// encoded until a page needs them (see `render::analysis_list`), and a mapping of the page
/// cache costs neither a copy nor fresh memory.
pub(super) fn read_documents(
    dir: &Path,
    expected: &DocumentsFile,
    texts: &Arc<TextFile>,
    texts_len: u64,
) -> Result<Vec<Vec<RestoredDocument>>> {
    let path = dir.join("documents.bin");
    let map = map_file(&path).context("cannot map documents.bin")?;
    let length: u64 = ID_LEN + expected.chunks.iter().map(|c| c.len).sum::<u64>();
    let id = map.get(..ID_LEN as usize).and_then(|id| <[u8; 16]>::try_from(id).ok());
    if id.map(u128::from_le_bytes) != Some(expected.id) || map.len() as u64 != length {
        bail!("documents.bin is not the model's");
    }
    let bytes: SharedBytes = Arc::new(map);
    let whole = (*bytes).as_ref();
    let mut chunks = Vec::with_capacity(expected.chunks.len());
    let mut at = ID_LEN as usize;
    for chunk in &expected.chunks {
        let len = usize::try_from(chunk.len)?;
        chunks.push((&whole[at..at + len], chunk.digest));
        at += len;
    }
    let chunks: Vec<Vec<RestoredDocument>> = chunks
        .par_iter()
        .map(|&(chunk, expected_digest)| {
            // Analyses are decoded later, when a page needs them: they must decode then.
            if digest(chunk) != expected_digest {
                bail!("a chunk of documents.bin is damaged");
            }
            let records: Vec<DocumentRecord<&[u8], Vec<Diagnostic>>> = postcard::from_bytes(chunk)?;
            records
                .into_iter()
                .map(|record| ReadRecord::borrowed(record, &bytes)?.restore(texts, texts_len))
                .collect::<Option<Vec<_>>>()
                .context("an analysis outside its chunk, or a text outside texts.bin")
        })
        .collect::<Result<_>>()?;
    let found: usize = chunks.iter().map(Vec::len).sum();
    if found != expected.counts.total() {
        bail!("documents.bin holds {found} documents, not {}", expected.counts.total());
    }
    Ok(chunks)
}

pub(super) fn digest(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
