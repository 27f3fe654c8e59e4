//! One synthetic article as structured data: front matter fields, blocks of prose whose names
//! are kept as mentions of pool entities, and footnotes. The renderers in `render` turn the same
//! article into gloss Markdown (annotated or plain), raw text for import, and Hugo Markdown.

use chrono::{Days, NaiveDate};

use gloss::model::EntityKind;

use super::names::Pool;
use super::rng::{Rng, Stream, Zipf};
use super::words;

/// Inline pieces of prose.
#[derive(Clone, Debug, PartialEq)]
pub enum Span {
    Text(String),
    /// A name: the pool entity and the form the text uses for it.
    Mention {
        entity: usize,
        surface: String,
    },
    /// A footnote reference, 1-based.
    Note(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(Vec<Span>),
    Bullets(Vec<Vec<Span>>),
    Numbered(Vec<Vec<Span>>),
}

#[derive(Clone, Debug)]
pub struct Article {
    pub index: usize,
    pub slug: String,
    pub title: String,
    pub date: NaiveDate,
    pub authors: Vec<String>,
    pub source: String,
    pub tags: Vec<String>,
    pub blocks: Vec<Block>,
    /// Footnote texts; note `n` is `notes[n - 1]`.
    pub notes: Vec<Vec<Span>>,
    /// Entities mentioned, in order of first mention.
    pub entities: Vec<usize>,
}

/// What every article of one archive draws from, built once and shared by all threads.
pub struct Generator {
    pub seed: u64,
    pub pool: Pool,
    vocabulary: Vec<&'static str>,
    word_popularity: Zipf,
}

/// Body length in words (see [`count_words`]), before the last block is finished.
const MIN_WORDS: usize = 600;
const MAX_TARGET_WORDS: usize = 2700;

impl Generator {
    pub fn new(seed: u64) -> Generator {
        let vocabulary = words::common_words();
        Generator {
            seed,
            pool: Pool::generate(seed),
            word_popularity: Zipf::new(vocabulary.len(), 0.9),
            vocabulary,
        }
    }

    /// Article number `index` (0-based): the same bytes for the same seed, whatever the order.
    pub fn article(&self, index: usize) -> Article {
        let mut rng = Rng::for_item(self.seed, Stream::Article, index as u64);
        let target_words = rng.between(MIN_WORDS, MAX_TARGET_WORDS);
        let mut writer = Writer::new(self, &mut rng);
        let title = writer.title();
        let slug = format!("{}-{index}", slug::slugify(&title));
        let mut blocks = Vec::new();
        let mut words = 0;
        let mut since_heading = 0;
        while words < target_words {
            let notes_before = writer.notes.len();
            let block = if since_heading >= writer.rng.between(3, 6) && words + 200 < target_words {
                since_heading = 0;
                Block::Heading(writer.heading())
            } else if writer.rng.chance(0.06) {
                let items =
                    (0..writer.rng.between(3, 6)).map(|_| writer.sentence(5, 18, false)).collect();
                if writer.rng.chance(0.6) { Block::Bullets(items) } else { Block::Numbered(items) }
            } else {
                since_heading += 1;
                writer.paragraph()
            };
            words += block_words(&block)
                + writer.notes[notes_before..].iter().map(|note| spans_words(note)).sum::<usize>();
            blocks.push(block);
        }
        let date = NaiveDate::from_ymd_opt(2001, 1, 1).unwrap() + Days::new(rng_days(writer.rng));
        let authors = (0..writer.rng.between(1, 2))
            .map(|_| writer.rng.pick(&self.pool.authors).clone())
            .collect::<Vec<_>>();
        let mut tags: Vec<String> = (0..writer.rng.between(1, 4))
            .map(|_| self.pool.draw_tag(writer.rng).to_string())
            .collect();
        tags.sort();
        tags.dedup();
        let source = writer.rng.pick(&self.pool.sources).clone();
        let mut authors = authors;
        authors.dedup();
        Article {
            index,
            slug,
            title,
            date,
            authors,
            source,
            tags,
            blocks,
            notes: writer.notes,
            entities: writer.seen,
        }
    }
}

fn rng_days(rng: &mut Rng) -> u64 {
    rng.below(25 * 365) as u64
}

/// Words in a piece of prose: whitespace-separated tokens holding a letter. Markup (`##`, `-`,
/// `[^3]`, `1.`) does not count, so the count is the same in every rendering of an article.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|token| token.chars().any(char::is_alphabetic)).count()
}

fn spans_words(spans: &[Span]) -> usize {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => count_words(text),
            Span::Mention { surface, .. } => count_words(surface),
            Span::Note(_) => 0,
        })
        .sum()
}

fn block_words(block: &Block) -> usize {
    match block {
        Block::Heading(text) => count_words(text),
        Block::Paragraph(spans) => spans_words(spans),
        Block::Bullets(items) | Block::Numbered(items) => {
            items.iter().map(|i| spans_words(i)).sum()
        }
    }
}

/// Writes the prose of one article, remembering which entities it has introduced.
struct Writer<'a> {
    generator: &'a Generator,
    rng: &'a mut Rng,
    /// The entities this article talks about, most talked-about first.
    cast: Vec<usize>,
    cast_popularity: Zipf,
    seen: Vec<usize>,
    notes: Vec<Vec<Span>>,
}

impl<'a> Writer<'a> {
    fn new(generator: &'a Generator, rng: &'a mut Rng) -> Writer<'a> {
        let mut cast = Vec::new();
        for _ in 0..rng.between(6, 30) {
            let entity = generator.pool.draw_entity(rng);
            if !cast.contains(&entity) {
                cast.push(entity);
            }
        }
        let cast_popularity = Zipf::new(cast.len(), 1.2);
        Writer { generator, rng, cast, cast_popularity, seen: Vec::new(), notes: Vec::new() }
    }

    fn word(&mut self) -> &'static str {
        self.generator.vocabulary[self.generator.word_popularity.sample(self.rng)]
    }

    fn title(&mut self) -> String {
        let mut text = String::new();
        for i in 0..self.rng.between(4, 9) {
            if i > 0 {
                text.push(' ');
            }
            text.push_str(self.word());
        }
        let mut title = capitalise(&text);
        if self.rng.chance(0.5) {
            let entity = &self.generator.pool.entities[self.cast[0]];
            title = format!("{}: {title}", entity.name);
        }
        if self.rng.chance(0.3) {
            title.push('?');
        }
        title
    }

    fn heading(&mut self) -> String {
        self.rng.pick(words::HEADING_WORDS).to_string()
    }

    fn paragraph(&mut self) -> Block {
        let mut spans = Vec::new();
        for i in 0..self.rng.between(2, 7) {
            if i > 0 {
                spans.push(Span::Text(" ".into()));
            }
            spans.extend(self.sentence(8, 28, true));
        }
        Block::Paragraph(merge_text(spans))
    }

    /// One sentence of `min..=max` plain words plus any names, ending with a full stop (and now
    /// and then a footnote reference when `notes` is set).
    fn sentence(&mut self, min: usize, max: usize, notes: bool) -> Vec<Span> {
        let length = self.rng.between(min, max);
        let mention_at = if self.rng.chance(0.65) { Some(self.rng.below(length)) } else { None };
        let second_at = if self.rng.chance(0.2) { Some(self.rng.below(length)) } else { None };
        let mut spans = Vec::new();
        let mut text = String::new();
        if self.rng.chance(0.25) {
            let opener: &&str = self.rng.pick(words::OPENERS);
            text.push_str(opener);
        }
        for i in 0..length {
            if Some(i) == mention_at || Some(i) == second_at {
                self.mention(&mut text, &mut spans);
            }
            if needs_space(&text, &spans) {
                text.push(' ');
            }
            if self.rng.chance(0.015) {
                let distractor: &&str = self.rng.pick(words::DISTRACTORS);
                text.push_str(distractor);
            } else if self.rng.chance(0.01) {
                text.push_str(&(1 + self.rng.below(2000)).to_string());
            } else {
                text.push_str(self.word());
            }
            if i + 1 < length && self.rng.chance(0.06) {
                text.push(',');
            }
        }
        text.push('.');
        spans.push(Span::Text(text));
        if notes && self.rng.chance(0.04) {
            let note = self.note();
            self.notes.push(note);
            spans.push(Span::Note(self.notes.len()));
        }
        let mut spans = merge_text(spans);
        capitalise_first(&mut spans);
        spans
    }

    /// Appends a name in a short phrase ("according to X", "in X province") to the sentence.
    fn mention(&mut self, text: &mut String, spans: &mut Vec<Span>) {
        let generator = self.generator;
        let entity = self.cast[self.cast_popularity.sample(self.rng)];
        let spec = &generator.pool.entities[entity];
        let first = !self.seen.contains(&entity);
        if first {
            self.seen.push(entity);
        }
        let (before, after) = match spec.kind {
            EntityKind::Person => *self.rng.pick(&[
                ("", " said"),
                ("according to ", ""),
                ("", ","),
                ("", " told reporters"),
                ("a statement by ", ""),
            ]),
            EntityKind::Org => *self.rng.pick(&[
                ("the ", ""),
                ("officials from the ", ""),
                ("a report by the ", ""),
                ("the ", " said"),
            ]),
            EntityKind::Place => *self.rng.pick(&[
                ("in ", ""),
                ("near ", ""),
                ("in ", " province"),
                ("from ", ""),
                ("across ", ""),
            ]),
        };
        if needs_space(text, spans) {
            text.push(' ');
        }
        text.push_str(before);
        let short = spec.short.clone();
        let variant = spec.variant.clone();
        let roll = self.rng.unit();
        let surface = match spec.kind {
            _ if first && spec.kind != EntityKind::Person && roll < 0.1 => {
                variant.unwrap_or_else(|| spec.name.clone())
            }
            _ if first => spec.name.clone(),
            EntityKind::Person if roll < 0.45 => short.unwrap_or_else(|| spec.name.clone()),
            EntityKind::Person if roll < 0.6 => {
                text.push_str(spec.honorific.unwrap_or("Mr."));
                text.push(' ');
                short.unwrap_or_else(|| spec.name.clone())
            }
            EntityKind::Person if roll < 0.68 => variant.unwrap_or_else(|| spec.name.clone()),
            EntityKind::Org if roll < 0.6 => short.unwrap_or_else(|| spec.name.clone()),
            EntityKind::Place if roll < 0.1 => variant.unwrap_or_else(|| spec.name.clone()),
            _ => spec.name.clone(),
        };
        spans.push(Span::Text(std::mem::take(text)));
        spans.push(Span::Mention { entity, surface });
        // An organisation's acronym follows its first mention: "the Peace Council (PC)".
        if first
            && spec.kind == EntityKind::Org
            && let Some(acronym) = &spec.short
        {
            spans.push(Span::Text(" (".into()));
            spans.push(Span::Mention { entity, surface: acronym.clone() });
            text.push(')');
        }
        text.push_str(after);
    }

    fn note(&mut self) -> Vec<Span> {
        let pool = &self.generator.pool;
        let mut spans = vec![Span::Text(format!("See {}, \"", self.rng.pick(&pool.sources)))];
        let mut title = String::new();
        for i in 0..self.rng.between(3, 8) {
            if i > 0 {
                title.push(' ');
            }
            title.push_str(self.word());
        }
        spans.push(Span::Text(format!(
            "{}\", {} {}, https://reports.example.org/{}.",
            capitalise(&title),
            1 + self.rng.below(28),
            words::DISTRACTORS[2 + self.rng.below(12)],
            2001 + self.rng.below(24)
        )));
        if self.rng.chance(0.4) {
            spans.push(Span::Text(" ".into()));
            spans.extend(self.sentence(6, 16, false));
        }
        merge_text(spans)
    }
}

/// Whether the next word needs a space before it: anywhere but at the start of the sentence.
fn needs_space(text: &str, spans: &[Span]) -> bool {
    !(text.ends_with(' ') || text.is_empty() && spans.is_empty())
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalise_first(spans: &mut [Span]) {
    if let Some(Span::Text(text)) =
        spans.iter_mut().find(|s| !matches!(s, Span::Text(t) if t.is_empty()))
    {
        *text = capitalise(text);
    }
}

/// Joins neighbouring text spans and drops empty ones.
fn merge_text(spans: Vec<Span>) -> Vec<Span> {
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match (merged.last_mut(), span) {
            (_, Span::Text(text)) if text.is_empty() => {}
            (Some(Span::Text(last)), Span::Text(text)) => last.push_str(&text),
            (_, span) => merged.push(span),
        }
    }
    merged
}
