//! A document's plain text, which mentions in context and the search index read: made by the
//! analysis, or left in the build's snapshot and read from there on first use, so a rebuild
//! from the snapshot reads only the texts of the pages it renders.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

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
/// process: a new snapshot replaces the file, never this open copy of it.
#[derive(Debug)]
pub struct TextFile {
    path: PathBuf,
    file: Mutex<std::fs::File>,
}

impl TextFile {
    pub fn open(path: &Path) -> std::io::Result<Arc<TextFile>> {
        let file = std::fs::File::open(path)?;
        Ok(Arc::new(TextFile { path: path.to_path_buf(), file: Mutex::new(file) }))
    }

    /// The text at `start`; a text that cannot be read (the cache damaged behind gloss's
    /// back) is logged and reads as empty.
    fn read(&self, start: u64, len: usize) -> String {
        let mut bytes = vec![0; len];
        let read = {
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(start)).and_then(|_| file.read_exact(&mut bytes))
        };
        match read {
            Ok(()) => String::from_utf8(bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(error) => {
                tracing::error!("cannot read {}: {error}; delete it", self.path.display());
                String::new()
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
        std::fs::write(&path, "first textsecond – text").unwrap();
        let file = TextFile::open(&path).unwrap();
        let second = PlainText::stored(file.clone(), 10, "second – text".len());
        let first = PlainText::stored(file, 0, 10);
        assert_eq!(second.byte_len(), 15);
        assert_eq!(&*second, "second – text");
        assert_eq!(&*first, "first text");
        assert_eq!(&*PlainText::from("made".to_string()), "made");
    }
}
