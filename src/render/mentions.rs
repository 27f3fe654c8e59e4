//! An analysis' entity mentions: where each is (its paragraph's anchor, its sentence and the
//! words shown, as positions in the document's plain text), and each as a reader sees it in
//! context on the entity's pages. The renderer (`markdown.rs`) records them.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::markdown::{Analysis, exact_copy, exact_vec};
use super::sentences::{context_after, context_before, squeeze_whitespace, trim_back, trim_front};

/// One mention of an entity: the paragraph it is in, and where it and its sentence are in the
/// document's text (kept as positions, not copies: an archive has hundreds of thousands).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Index into [`Analysis::entities`].
    pub(super) entity: u32,
    /// Index into [`Analysis::anchors`].
    pub(super) anchor: u32,
    /// Byte ranges in [`Analysis::text`].
    pub(super) sentence: (u32, u32),
    pub(super) shown: (u32, u32),
}

impl Mention {
    /// Its fields in order, as [`super::packed_mentions`] stores them.
    pub(super) fn to_words(&self) -> [u32; 6] {
        let Mention { entity, anchor, sentence, shown } = self;
        [*entity, *anchor, sentence.0, sentence.1, shown.0, shown.1]
    }

    pub(super) fn from_words([entity, anchor, s0, s1, m0, m1]: [u32; 6]) -> Mention {
        Mention { entity, anchor, sentence: (s0, s1), shown: (m0, m1) }
    }
}

/// Ids of the blocks that hold mentions, packed in one string: an archive has millions.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Anchors {
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
}

impl Anchors {
    /// Adds an id; returns its index.
    pub(super) fn push(&mut self, anchor: &str) -> u32 {
        self.text.push_str(anchor);
        self.ends.push(self.text.len() as u32);
        self.ends.len() as u32 - 1
    }

    pub fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before] as usize);
        &self.text[start..self.ends[index] as usize]
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.text = exact_copy(&self.text);
        self.ends = exact_vec(&self.ends);
    }
}

/// A mention as a reader sees it in context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MentionContext<'a> {
    /// Id of the paragraph (or list item, heading, table) holding the mention.
    pub anchor: &'a str,
    pub before: Cow<'a, str>,
    pub shown: Cow<'a, str>,
    pub after: Cow<'a, str>,
}

impl Analysis {
    /// The id of the entity `mention` names.
    pub fn mention_entity(&self, mention: &Mention) -> &str {
        &self.entities[mention.entity as usize]
    }

    /// The index in [`Analysis::entities`] of the entity `mention` names.
    pub fn mention_entity_index(&self, mention: &Mention) -> usize {
        mention.entity as usize
    }

    /// The mentions of the entity `id`, in document order.
    pub fn mentions_of<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s Mention> + 's {
        let local = self.entities.iter().position(|e| &**e == id);
        self.mentions.iter().filter(move |m| Some(m.entity as usize) == local)
    }

    /// Makes the document mention nothing (entity descriptions and free pages link to entities
    /// without mentioning them).
    pub fn forget_mentions(&mut self) {
        self.mentions = Vec::new();
        self.entities = Vec::new();
        self.descriptions = Vec::new();
    }

    pub fn mention_anchor(&self, mention: &Mention) -> &str {
        self.anchors.get(mention.anchor as usize)
    }

    /// The mention's sentence, split around it (long sentences trimmed to a window).
    pub fn mention_context(&self, mention: &Mention) -> MentionContext<'_> {
        let (before, shown, after) = words_around(&self.text, mention);
        MentionContext { anchor: self.mention_anchor(mention), before, shown, after }
    }

    /// The mentions of the entity `id` in context, in document order, from one reading of a
    /// text the build's snapshot holds, which is not kept: an entity's page shows a sentence of
    /// each of thousands of documents, and keeping their whole texts took gigabytes.
    pub fn contexts_of(&self, id: &str) -> Vec<MentionContext<'_>> {
        let Cow::Owned(text) = self.text.read_once() else {
            // Made by this build, or kept once read: nothing to spare.
            return self.mentions_of(id).map(|mention| self.mention_context(mention)).collect();
        };
        self.mentions_of(id)
            .map(|mention| {
                let (before, shown, after) = words_around(&text, mention);
                MentionContext {
                    anchor: self.mention_anchor(mention),
                    before: Cow::Owned(before.into_owned()),
                    shown: Cow::Owned(shown.into_owned()),
                    after: Cow::Owned(after.into_owned()),
                }
            })
            .collect()
    }
}

/// One sentence that mentions an entity, once, as an entity page shows it: the text with
/// every mention of the entity in it marked (long stretches before the first and after the
/// last trimmed to a window).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// Id of the paragraph holding it.
    pub anchor: String,
    pub parts: Vec<PassagePart>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct PassagePart {
    pub text: String,
    /// A mention of the entity.
    pub mark: bool,
}

impl Passage {
    /// The passage as one string, mentions between `[` and `]`, for comparisons.
    pub fn flat(&self) -> String {
        let mut flat = format!("{}#", self.anchor);
        for part in &self.parts {
            match part.mark {
                true => flat.extend(["[", &part.text, "]"]),
                false => flat.push_str(&part.text),
            }
        }
        flat
    }
}

impl Analysis {
    /// The sentences mentioning the entity `id`, each once, in document order.
    pub fn passages_of(&self, id: &str) -> Vec<Passage> {
        let Some(local) = self.entities.iter().position(|e| &**e == id) else {
            return Vec::new();
        };
        let text = self.text.read_once();
        // Only this entity's mentions: an entity page asks this of every article mentioning
        // it, and building every entity's passages each time made the full build quadratic in
        // the entities per article.
        let mut passages: Vec<Passage> =
            self.passages_where(&text, |e| e == local).into_iter().map(|(_, p)| p).collect();
        // A sentence the article repeats (a pull quote, a summary) is shown once.
        let mut seen = std::collections::HashSet::new();
        passages.retain(|p| seen.insert(p.parts.clone()));
        passages
    }

    /// Every entity's passages (by index into [`Analysis::entities`]), in document order, from
    /// the document's `text`.
    pub fn passages(&self, text: &str) -> Vec<(usize, Passage)> {
        self.passages_where(text, |_| true)
    }

    /// The passages of the entities (by index) that `wanted` accepts.
    fn passages_where(&self, text: &str, wanted: impl Fn(usize) -> bool) -> Vec<(usize, Passage)> {
        let mut passages: Vec<(usize, Passage)> = Vec::new();
        // Mentions of one entity in one sentence, in document order.
        let mut groups: Vec<(usize, Vec<&Mention>)> = Vec::new();
        let mut open: std::collections::HashMap<(u32, (u32, u32)), usize> = Default::default();
        for mention in self.mentions.iter().filter(|m| wanted(m.entity as usize)) {
            let key = (mention.entity, mention.sentence);
            match open.get(&key) {
                Some(&at) => groups[at].1.push(mention),
                None => {
                    open.insert(key, groups.len());
                    groups.push((mention.entity as usize, vec![mention]));
                }
            }
        }
        for (entity, mentions) in groups {
            let first = mentions[0];
            let last = mentions[mentions.len() - 1];
            let (before, _, _) = words_around(text, first);
            let (_, _, after) = words_around(text, last);
            let mut parts = vec![PassagePart { text: before.into_owned(), mark: false }];
            for (i, mention) in mentions.iter().enumerate() {
                let (start, end) = (mention.shown.0 as usize, mention.shown.1 as usize);
                if i > 0 {
                    let gap = &text[mentions[i - 1].shown.1 as usize..start];
                    parts.push(PassagePart {
                        text: squeeze_whitespace(gap).into_owned(),
                        mark: false,
                    });
                }
                let shown = squeeze_whitespace(text[start..end].trim()).into_owned();
                parts.push(PassagePart { text: shown, mark: true });
            }
            parts.push(PassagePart { text: after.into_owned(), mark: false });
            parts.retain(|part| !part.text.is_empty());
            let anchor = self.mention_anchor(first).to_string();
            passages.push((entity, Passage { anchor, parts }));
        }
        passages
    }
}

/// The words of `text` before the mention in its sentence, the mention, and the words after.
fn words_around<'t>(
    text: &'t str,
    mention: &Mention,
) -> (Cow<'t, str>, Cow<'t, str>, Cow<'t, str>) {
    let (sentence_start, sentence_end) = (mention.sentence.0 as usize, mention.sentence.1 as usize);
    let (start, end) = (mention.shown.0 as usize, mention.shown.1 as usize);
    // Inner edges keep one space, so "said <mark>Brook</mark>." reads as it did.
    let before = squeeze_whitespace(context_before(&text[sentence_start..start]));
    let after = squeeze_whitespace(context_after(&text[end..sentence_end]));
    (
        within(before, |text| trim_front(text.trim_start())),
        squeeze_whitespace(text[start..end].trim()),
        within(after, |text| trim_back(text.trim_end())),
    )
}

/// `change` applied to `text`, borrowing from what `text` borrows when it can.
fn within<'a>(
    text: Cow<'a, str>,
    change: impl for<'b> Fn(&'b str) -> Cow<'b, str>,
) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(text) => change(text),
        Cow::Owned(text) => Cow::Owned(change(&text).into_owned()),
    }
}
