//! The analyses of one kind of document (articles, entity descriptions or free pages), each
//! either in memory or still encoded as the build snapshot stored it, and decoded the first
//! time something reads it. A build from the snapshot after a one-article edit reads a handful
//! of the 13,000 analyses of a 10,000-article site; decoding every one of them was a third of
//! its time. What a build needs of every document (its text's place, its problems) is kept
//! decoded beside the encoded rest.

use std::borrow::Cow;
use std::ops::{Index, IndexMut, Range};
use std::sync::{Arc, OnceLock};

use super::Analysis;
use super::plain_text::PlainText;
use crate::diagnostics::Diagnostic;

#[derive(Clone, Debug, Default)]
pub struct AnalysisList {
    slots: Vec<Slot>,
}

/// Boxed, so that a slot is a tenth of an analysis' size: a build from the snapshot makes
/// thousands of slots, and decodes a handful.
#[derive(Clone, Debug)]
enum Slot {
    Ready(Box<Analysis>),
    Stored { encoded: Encoded, decoded: OnceLock<Box<Analysis>> },
}

/// Bytes shared by every analysis stored in them: a file mapped into memory, or a buffer.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// An analysis as the snapshot stores it: `bytes[range]` is its postcard encoding without its
/// text and diagnostics, which are here decoded.
#[derive(Clone)]
pub struct Encoded {
    pub bytes: SharedBytes,
    pub range: Range<usize>,
    pub text: PlainText,
    pub diagnostics: Vec<Diagnostic>,
}

impl Slot {
    fn into_analysis(self) -> Box<Analysis> {
        match self {
            Slot::Ready(analysis) => analysis,
            Slot::Stored { encoded, decoded } => {
                decoded.into_inner().unwrap_or_else(|| Box::new(encoded.decode()))
            }
        }
    }
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Encoded").field("range", &self.range).finish_non_exhaustive()
    }
}

impl Encoded {
    fn stored(&self) -> &[u8] {
        &(*self.bytes).as_ref()[self.range.clone()]
    }

    /// The bytes are a chunk of the snapshot checked against its digest when it was read, so
    /// they decode as they did when written (by this very binary: the snapshot is keyed by it).
    fn decode(&self) -> Analysis {
        let mut analysis: Analysis =
            postcard::from_bytes(self.stored()).expect("a checked snapshot chunk decodes");
        analysis.text = self.text.clone();
        analysis.diagnostics = self.diagnostics.clone();
        analysis
    }
}

impl AnalysisList {
    pub fn with_capacity(capacity: usize) -> AnalysisList {
        AnalysisList { slots: Vec::with_capacity(capacity) }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn push(&mut self, analysis: Analysis) {
        self.slots.push(Slot::Ready(Box::new(analysis)));
    }

    pub fn push_encoded(&mut self, encoded: Encoded) {
        self.slots.push(Slot::Stored { encoded, decoded: OnceLock::new() });
    }

    /// Pushes a copy of `other`'s analysis at `at`, left encoded if it is.
    pub fn push_copy(&mut self, other: &AnalysisList, at: usize) {
        self.slots.push(other.slots[at].clone());
    }

    pub fn insert(&mut self, at: usize, analysis: Analysis) {
        self.slots.insert(at, Slot::Ready(Box::new(analysis)));
    }

    pub fn remove(&mut self, at: usize) -> Analysis {
        *self.slots.remove(at).into_analysis()
    }

    /// The document's plain text, without decoding the rest.
    pub fn text(&self, at: usize) -> &PlainText {
        match &self.slots[at] {
            Slot::Ready(analysis) => &analysis.text,
            Slot::Stored { encoded, .. } => &encoded.text,
        }
    }

    /// The document's problems, without decoding the rest.
    pub fn diagnostics(&self, at: usize) -> &[Diagnostic] {
        match &self.slots[at] {
            Slot::Ready(analysis) => &analysis.diagnostics,
            Slot::Stored { encoded, .. } => &encoded.diagnostics,
        }
    }

    /// The analysis as the snapshot stores it (see [`Encoded`]): the stored bytes when it was
    /// not changed since, encoded anew otherwise.
    pub fn encoded(&self, at: usize) -> Result<Cow<'_, [u8]>, postcard::Error> {
        match &self.slots[at] {
            Slot::Stored { encoded, .. } => Ok(Cow::Borrowed(encoded.stored())),
            Slot::Ready(analysis) => Ok(Cow::Owned(postcard::to_stdvec(analysis)?)),
        }
    }
}

impl From<Vec<Analysis>> for AnalysisList {
    fn from(analyses: Vec<Analysis>) -> AnalysisList {
        AnalysisList { slots: analyses.into_iter().map(|a| Slot::Ready(Box::new(a))).collect() }
    }
}

impl Index<usize> for AnalysisList {
    type Output = Analysis;

    fn index(&self, at: usize) -> &Analysis {
        match &self.slots[at] {
            Slot::Ready(analysis) => analysis,
            Slot::Stored { encoded, decoded } => decoded.get_or_init(|| Box::new(encoded.decode())),
        }
    }
}

impl IndexMut<usize> for AnalysisList {
    fn index_mut(&mut self, at: usize) -> &mut Analysis {
        let slot = &mut self.slots[at];
        if let Slot::Stored { .. } = slot {
            let stored = std::mem::replace(slot, Slot::Ready(Box::default()));
            *slot = Slot::Ready(stored.into_analysis());
        }
        match slot {
            Slot::Ready(analysis) => analysis,
            Slot::Stored { .. } => unreachable!("made ready above"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Category, Diagnostic};

    fn analysis(text: &str) -> Analysis {
        Analysis {
            html: format!("<p>{text}</p>"),
            word_count: text.split_whitespace().count(),
            text: PlainText::from(text.to_string()),
            diagnostics: vec![Diagnostic::warning(
                Category::Template,
                None,
                format!("about {text}"),
            )],
            ..Analysis::default()
        }
    }

    fn stored(analysis: &Analysis) -> Encoded {
        let mut bytes = b"before".to_vec();
        let start = bytes.len();
        bytes.extend(postcard::to_stdvec(analysis).unwrap());
        let range = start..bytes.len();
        bytes.extend(b"after");
        Encoded {
            bytes: Arc::new(bytes) as SharedBytes,
            range,
            text: analysis.text.clone(),
            diagnostics: analysis.diagnostics.clone(),
        }
    }

    #[test]
    fn a_stored_analysis_reads_as_it_was_written() {
        let original = analysis("two words");
        let mut list = AnalysisList::default();
        list.push_encoded(stored(&original));
        list.push(analysis("three more words"));
        assert_eq!(list.text(0).to_string(), "two words");
        assert_eq!(list.diagnostics(0), original.diagnostics);
        assert_eq!(list.encoded(0).unwrap().as_ref(), postcard::to_stdvec(&original).unwrap());
        assert_eq!(list[0].html, original.html);
        assert_eq!(list[0].word_count, 2);
        assert_eq!(list[0].text.to_string(), "two words");
        assert_eq!(list[0].diagnostics, original.diagnostics);
        assert_eq!(list[1].word_count, 3);
    }

    #[test]
    fn a_changed_analysis_is_encoded_anew() {
        let mut list = AnalysisList::default();
        list.push_encoded(stored(&analysis("old text")));
        list[0].word_count = 7;
        assert_eq!(list[0].word_count, 7);
        let encoded: Analysis = postcard::from_bytes(&list.encoded(0).unwrap()).unwrap();
        assert_eq!(encoded.word_count, 7);
        list.insert(0, analysis("first"));
        assert_eq!(list.remove(1).word_count, 7);
        assert_eq!(list.len(), 1);
    }
}
