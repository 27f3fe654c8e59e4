//! A document's plain text, which mentions in context and the search index read: made by the
//! analysis, or left in the build's snapshot and read from there on first use, so a rebuild
//! from the snapshot reads only the texts of the pages it renders.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use xxhash_rust::xxh3::xxh3_64;

#[derive(Clone, Debug, Default)]
pub struct PlainText(Repr);

#[derive(Clone, Debug)]
enum Repr {
    Made(String),
    Stored(Arc<StoredText>),
}

impl Default for Repr {
    fn default() -> Repr {
        Repr::Made(String::new())
    }
}

#[derive(Debug)]
struct StoredText {
    file: Arc<TextFile>,
    start: u64,
    len: usize,
    text: OnceLock<String>,
}

/// A file of texts one after the other (the snapshot's `texts.bin`), open for the life of the
/// process: a new snapshot replaces the file, never this open copy of it. Each text is framed
/// by its length and digest ([`write_framed`]), so a damaged or foreign file is found out when
/// a text is read: it reads as spaces and [`TextFile::is_damaged`] says so (the build then
/// builds in full).
#[derive(Debug)]
pub struct TextFile {
    path: PathBuf,
    file: Mutex<std::fs::File>,
    damaged: AtomicBool,
}

/// The bytes before each text in a text file: its length (4, little-endian) and its digest (8).
pub const FRAME_HEADER: usize = 12;

/// Writes `text` framed as a [`TextFile`] holds it; returns how many bytes that took. The text
/// itself starts [`FRAME_HEADER`] bytes after where the frame does.
pub fn write_framed(out: &mut impl Write, text: &str) -> std::io::Result<u64> {
    let len = u32::try_from(text.len()).map_err(std::io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&xxh3_64(text.as_bytes()).to_le_bytes())?;
    out.write_all(text.as_bytes())?;
    Ok((FRAME_HEADER + text.len()) as u64)
}

impl TextFile {
    pub fn open(path: &Path) -> std::io::Result<Arc<TextFile>> {
        let file = std::fs::File::open(path)?;
        let damaged = AtomicBool::new(false);
        Ok(Arc::new(TextFile { path: path.to_path_buf(), file: Mutex::new(file), damaged }))
    }

    /// Whether a text read from the file was not as written.
    pub fn is_damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    /// The text at `start` (after its frame). A text that cannot be read or is not as written
    /// (the cache damaged behind gloss's back) marks the file damaged and reads as `len`
    /// spaces, so that whatever points into it still finds character boundaries.
    fn read(&self, start: u64, len: usize) -> String {
        let mut bytes = vec![0; FRAME_HEADER + len];
        let read = start.checked_sub(FRAME_HEADER as u64).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidData, "a text before the first frame")
        });
        let read = read.and_then(|frame| {
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(frame)).and_then(|_| file.read_exact(&mut bytes))
        });
        let (header, text) = bytes.split_at(FRAME_HEADER);
        let framed = read.is_ok()
            && header[..4] == (len as u32).to_le_bytes()
            && header[4..] == xxh3_64(text).to_le_bytes();
        match String::from_utf8(text.to_vec()) {
            Ok(text) if framed => text,
            _ => {
                tracing::debug!("{}: the text at {start} is not as written", self.path.display());
                self.damaged.store(true, Ordering::Relaxed);
                " ".repeat(len)
            }
        }
    }
}

impl PlainText {
    /// The `len` bytes at `start` in `file`, read when first needed.
    pub fn stored(file: Arc<TextFile>, start: u64, len: usize) -> PlainText {
        PlainText(Repr::Stored(Arc::new(StoredText { file, start, len, text: OnceLock::new() })))
    }

    /// Where a stored text is in its file: (start, length in bytes); `None` for a made one.
    pub fn stored_at(&self) -> Option<(u64, usize)> {
        match &self.0 {
            Repr::Made(_) => None,
            Repr::Stored(stored) => Some((stored.start, stored.len)),
        }
    }

    /// The text, a stored one read without keeping it (unless it was read and kept before).
    pub fn read_once(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Made(text) => Cow::Borrowed(text),
            Repr::Stored(stored) => match stored.text.get() {
                Some(text) => Cow::Borrowed(text),
                None => Cow::Owned(stored.file.read(stored.start, stored.len)),
            },
        }
    }

    /// Its length in bytes, known without reading a stored text.
    pub fn byte_len(&self) -> usize {
        match &self.0 {
            Repr::Made(text) => text.len(),
            Repr::Stored(stored) => stored.len,
        }
    }
}

impl From<String> for PlainText {
    fn from(text: String) -> PlainText {
        PlainText(Repr::Made(text))
    }
}

impl std::ops::Deref for PlainText {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Repr::Made(text) => text,
            Repr::Stored(stored) => {
                stored.text.get_or_init(|| stored.file.read(stored.start, stored.len))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_text_is_read_on_first_use() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("texts.bin");
        let mut bytes = Vec::new();
        let first_frame = write_framed(&mut bytes, "first text").unwrap();
        write_framed(&mut bytes, "second – text").unwrap();
        std::fs::write(&path, bytes).unwrap();
        let file = TextFile::open(&path).unwrap();
        let header = FRAME_HEADER as u64;
        let second = PlainText::stored(file.clone(), first_frame + header, "second – text".len());
        let first = PlainText::stored(file.clone(), header, 10);
        assert_eq!(second.byte_len(), 15);
        assert_eq!(&*second, "second – text");
        assert_eq!(&*first, "first text");
        assert_eq!(&*PlainText::from("made".to_string()), "made");
        assert!(!file.is_damaged());
    }

    #[test]
    fn a_damaged_text_reads_as_spaces_and_marks_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("texts.bin");
        let mut framed = Vec::new();
        write_framed(&mut framed, "caf\u{e9} by the quay").unwrap();
        let len = framed.len() - FRAME_HEADER;
        let damages: [(&str, Box<dyn Fn(&mut Vec<u8>)>); 4] = [
            ("a flipped byte", Box::new(|b| b[FRAME_HEADER + 4] ^= 0x80)),
            ("zeroed", Box::new(|b| b.iter_mut().for_each(|x| *x = 0))),
            ("truncated", Box::new(|b| b.truncate(b.len() - 3))),
            ("a foreign file", Box::new(|b| *b = b"garbage that is no frame at all".to_vec())),
        ];
        for (what, damage) in damages {
            let mut bytes = framed.clone();
            damage(&mut bytes);
            std::fs::write(&path, bytes).unwrap();
            let file = TextFile::open(&path).unwrap();
            let text = PlainText::stored(file.clone(), FRAME_HEADER as u64, len);
            assert_eq!(&*text, " ".repeat(len), "{what}");
            assert!(file.is_damaged(), "{what}");
        }
    }
}
