//! Markdown analysis for the render stage: one document's Markdown → [`Analysis`] (its HTML
//! body, the entity mentions with their sentence of context, headings, anchors, links, plain
//! text for search, and the problems found).
//!
//! pulldown-cmark parses; we rewrite its event stream: `[[wikilinks]]` become entity mentions,
//! footnotes are numbered in order of first reference with a back-link to every reference,
//! paragraphs and headings get stable ids, code is highlighted by syntect, and raw HTML is shown
//! as text, never made live. The mentions it records, and how they read in context, are in
//! [`super::mentions`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::highlight::{Highlighter, escape};
use super::lookup::{EntityLookup, normalize_target};
use super::mentions::{Anchors, Mention};
use super::obsidian;
use super::plain_text::PlainText;
pub use super::sentences::collapse_whitespace;
use super::sentences::{sentence_bounds, sentence_span};
use crate::config::LinkMentions;
use crate::diagnostics::{Category, Diagnostic, LineIndex, Location};

/// Content folders, to resolve a relative `other.md` link to the URL of that document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Articles,
    Entities,
    Pages,
}

/// Everything rendering a document needs besides its text; shared by all threads.
pub struct MarkdownOptions<'a> {
    pub lookup: &'a EntityLookup,
    pub highlighter: &'a Highlighter,
    pub link_mentions: LinkMentions,
    /// Path part of the site's base URL; starts and ends with `/`.
    pub base_path: &'a str,
    /// The document's file (relative to the site root) and the line its body starts on.
    pub file: &'a Path,
    pub first_line: usize,
    pub section: Section,
}

/// One rendered document.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Analysis {
    /// The body as HTML, footnotes included.
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every resolved wikilink, in document order.
    #[serde(with = "super::packed_mentions")]
    pub mentions: Vec<Mention>,
    /// The entities mentioned, each once, in order of first mention.
    #[serde(with = "super::shared_names")]
    pub entities: Vec<Arc<str>>,
    /// Every wikilink target (normalized), resolved or not, sorted: when an entity's names
    /// change, the documents whose targets meet them are re-analysed.
    pub targets: Vec<String>,
    /// Every `id` the body defines, for anchor checks.
    pub ids: Vec<String>,
    /// Links the author wrote that point inside the site.
    pub links: Vec<BodyLink>,
    /// Plain text, for the search index and mention contexts.
    #[serde(skip)]
    pub text: PlainText,
    /// Ids of the blocks that hold mentions.
    pub anchors: Anchors,
    /// What the document's sentences say the entities they mention are (see `describe.rs`).
    #[serde(default)]
    pub descriptions: Vec<super::describe::Described>,
    pub word_count: usize,
    pub footnote_count: usize,
    /// Not serialized: the build snapshot keeps them beside the rest (see
    /// [`super::analysis_list`]).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

impl Analysis {
    /// Drops what only the document's own page, rebuilds and `gloss check` use (its HTML,
    /// headings, ids, links and wikilink targets), keeping what other pages show of it.
    pub fn forget_page(&mut self) {
        self.html = String::new();
        self.headings = Vec::new();
        self.ids = Vec::new();
        self.links = Vec::new();
        self.targets = Vec::new();
    }
}

/// A copy of `text` in a block of its own size, for what lives as long as the build.
/// `shrink_to_fit` is not enough: mimalloc's `realloc` keeps the block when the new size is
/// at least half of it, so a string grown by doubling kept up to twice its length (about
/// 0.4 GB of a 100,000-article build's texts).
pub fn exact_copy(text: &str) -> String {
    text.to_owned()
}

/// [`exact_copy`] for a vector.
pub fn exact_vec<T: Clone>(items: &[T]) -> Vec<T> {
    items.to_vec()
}

/// A link written in the body to a page of this site (`href` already has the base path).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyLink {
    pub href: String,
    pub line: usize,
    pub column: usize,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Renders `source` (a document body, front matter removed).
pub fn render_markdown(source: &str, options: &MarkdownOptions<'_>) -> Analysis {
    let mut renderer = Renderer::new(source, options);
    for (event, range) in Parser::new_ext(source, parser_options()).into_offset_iter() {
        renderer.event(event, range);
    }
    renderer.finish()
}

/// A block whose text is one unit of context for the mentions inside it.
struct Block {
    anchor: Option<String>,
    text: String,
    mentions: Vec<PendingMention>,
}

struct PendingMention {
    entity: Arc<str>,
    start: usize,
    end: usize,
}

enum OpenLink {
    /// A wikilink: its entity (none when unresolved), where its text starts in the block, and
    /// the tag that closes its markup.
    Mention {
        entity: Option<Arc<str>>,
        start: usize,
        close: &'static str,
    },
    Plain,
    Blocked,
}

struct FootnoteDefinition<'a> {
    key: String,
    label: String,
    events: Vec<Event<'a>>,
    offset: usize,
}

struct Renderer<'a, 'o> {
    source: &'a str,
    options: &'o MarkdownOptions<'o>,
    main: Vec<Event<'a>>,
    definitions: Vec<FootnoteDefinition<'a>>,
    in_definition: Option<usize>,
    blocks: Vec<Block>,
    ids: HashSet<String>,
    heading: Option<(usize, HeadingLevel, Option<String>)>,
    table_anchor: Option<String>,
    code: Option<(String, String)>,
    links: Vec<OpenLink>,
    linked_entities: HashSet<Arc<str>>,
    /// Footnote key → number, in order of first reference; and how often each was referenced.
    footnote_numbers: HashMap<String, usize>,
    footnote_order: Vec<String>,
    footnote_references: Vec<usize>,
    text_run: String,
    text_run_start: Option<usize>,
    /// The document's plain text so far.
    plain: String,
    analysis: Analysis,
    /// Lines of the source, indexed at the first warning.
    lines: std::cell::OnceCell<LineIndex<'a>>,
    /// Entity → its index in `analysis.entities`.
    entity_index: HashMap<Arc<str>, usize>,
    /// The descriptions already in `analysis.descriptions`, each kept once.
    seen_descriptions: std::collections::HashSet<super::describe::Described>,
    /// Obsidian Markdown: the opening of the block quote whose first paragraph may be a
    /// callout; source text before this offset is not shown (a callout's marker line); the
    /// text shown for the open wikilink instead of its own (`Some(None)`: already shown).
    quote_opened: Option<usize>,
    hidden_until: usize,
    link_text: Option<Option<String>>,
}

impl<'a, 'o> Renderer<'a, 'o> {
    fn new(source: &'a str, options: &'o MarkdownOptions<'o>) -> Self {
        Renderer {
            source,
            options,
            main: Vec::new(),
            definitions: Vec::new(),
            in_definition: None,
            blocks: Vec::new(),
            ids: HashSet::new(),
            heading: None,
            table_anchor: None,
            code: None,
            links: Vec::new(),
            linked_entities: HashSet::new(),
            footnote_numbers: HashMap::new(),
            footnote_order: Vec::new(),
            footnote_references: Vec::new(),
            text_run: String::new(),
            text_run_start: None,
            // The text is about as long as the source; it never has to move while it grows.
            plain: String::with_capacity(source.len()),
            analysis: Analysis::default(),
            lines: std::cell::OnceCell::new(),
            entity_index: HashMap::new(),
            seen_descriptions: Default::default(),
            quote_opened: None,
            hidden_until: 0,
            link_text: None,
        }
    }

    fn out(&mut self) -> &mut Vec<Event<'a>> {
        match self.in_definition {
            Some(index) => &mut self.definitions[index].events,
            None => &mut self.main,
        }
    }

    fn html(&mut self, html: String) {
        self.out().push(Event::Html(CowStr::from(html)));
    }

    fn location(&self, offset: usize) -> Location {
        let lines = self.lines.get_or_init(|| LineIndex::new(self.source));
        let (line, column) = lines.line_column(offset);
        Location::at(self.options.file, self.options.first_line + line - 1, column)
    }

    fn warn(&mut self, category: Category, offset: usize, message: String) {
        let location = self.location(offset);
        self.analysis.diagnostics.push(Diagnostic::warning(category, Some(location), message));
    }

    /// The id of the block whose source is `range`: see [`paragraph_id`]; a block opening
    /// with the words of one before it gets `-2`, `-3`, … in document order.
    fn next_paragraph_id(&mut self, range: Range<usize>) -> String {
        let base = paragraph_id(self.source.get(range).unwrap_or_default());
        self.claim_id(base, 2)
    }

    /// `base`, or `base-<n>` for the first `n` from `first` that no element of the page uses.
    fn claim_id(&mut self, base: String, first: usize) -> String {
        let mut id = base.clone();
        let mut n = first;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn push_block(&mut self, anchor: Option<String>) {
        self.blocks.push(Block { anchor, text: String::new(), mentions: Vec::new() });
    }

    /// Closes the innermost block: its mentions get their sentence, its text goes to search.
    fn pop_block(&mut self, anchor: Option<String>) {
        let Some(block) = self.blocks.pop() else { return };
        let base = self.plain.len();
        if !block.mentions.is_empty() {
            let anchor = anchor.or(block.anchor).unwrap_or_default();
            let anchor_index = self.analysis.anchors.push(&anchor);
            let bounds = sentence_bounds(&block.text);
            let at = |offset: usize| (base + offset) as u32;
            for pending in block.mentions {
                let (first, last) = sentence_span(&block.text, &bounds, pending.start, pending.end);
                let kind = self.options.lookup.resolve(&pending.entity).map(|e| e.kind);
                let entities = &mut self.analysis.entities;
                let entity =
                    *self.entity_index.entry(pending.entity.clone()).or_insert_with(|| {
                        entities.push(pending.entity);
                        entities.len() - 1
                    });
                if let Some(kind) = kind {
                    let text = &block.text;
                    for description in super::describe::describe(
                        &text[first..pending.start],
                        &text[pending.start..pending.end],
                        &text[pending.end..last],
                        kind,
                    ) {
                        let described = super::describe::Described {
                            entity: entity as u32,
                            anchor: anchor_index,
                            text: description,
                        };
                        if self.seen_descriptions.insert(described.clone()) {
                            self.analysis.descriptions.push(described);
                        }
                    }
                }
                self.analysis.mentions.push(Mention {
                    entity: entity as u32,
                    anchor: anchor_index,
                    sentence: (at(first), at(last)),
                    shown: (at(pending.start), at(pending.end)),
                });
            }
        }
        self.plain.push_str(&block.text);
        self.plain.push('\n');
    }

    fn push_text(&mut self, text: &str) {
        match self.blocks.last_mut() {
            Some(block) => block.text.push_str(text),
            None => self.plain.push_str(text),
        }
    }

    fn block_text_len(&self) -> usize {
        self.blocks.last().map_or(0, |b| b.text.len())
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if !matches!(event, Event::Text(_)) {
            self.flush_text_run();
        }
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => {
                    let (language, code) = self.code.take().unwrap_or_default();
                    let html = self.options.highlighter.highlight(&language, &code);
                    self.html(html);
                }
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(_) if range.end <= self.hidden_until => {}
            Event::Text(text) => {
                // A wikilink shown as Obsidian shows it: its first text stands for all.
                let text = match self.link_text.as_mut() {
                    Some(slot) => match slot.take() {
                        Some(shown) => CowStr::from(shown),
                        None => return,
                    },
                    None => text,
                };
                if self.text_run_start.is_none() {
                    self.text_run_start = Some(range.start);
                }
                self.text_run.push_str(&text);
                self.push_text(&text);
                self.out().push(Event::Text(text));
            }
            Event::Code(code) => {
                self.push_text(&code);
                self.out().push(Event::Code(code));
            }
            // Raw HTML in a document is untrusted: a reader sees it as text.
            Event::Html(html) | Event::InlineHtml(html) => {
                self.push_text(&html);
                self.out().push(Event::Text(html));
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::SoftBreak | Event::HardBreak => {
                self.push_text(" ");
                self.out().push(event);
            }
            other => self.out().push(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        let quote_opened = self.quote_opened.take();
        match tag {
            Tag::BlockQuote(_) => {
                self.quote_opened = Some(self.out().len());
                self.html("<blockquote>\n".to_string());
            }
            Tag::Paragraph => {
                let id = self.next_paragraph_id(range.clone());
                self.html(format!("<p id=\"{id}\">"));
                self.push_block(Some(id));
                let callout = quote_opened.and_then(|index| {
                    Some((index, obsidian::callout(self.source.get(range.clone())?)?))
                });
                if let Some((index, callout)) = callout {
                    self.out()[index] = Event::Html(CowStr::from(format!(
                        "<blockquote class=\"callout callout-{}\">\n",
                        callout.kind
                    )));
                    self.html(format!(
                        "<strong class=\"callout-title\">{}</strong><br>",
                        escape(&callout.title)
                    ));
                    self.hidden_until = range.start + callout.line_len;
                }
            }
            Tag::Item => {
                let id = self.next_paragraph_id(range.clone());
                self.html(format!("<li id=\"{id}\">"));
                self.push_block(Some(id));
            }
            Tag::HtmlBlock => {
                let id = self.next_paragraph_id(range.clone());
                self.html(format!("<p class=\"raw-html\" id=\"{id}\">"));
                self.push_block(Some(id));
            }
            Tag::Heading { level, id, .. } => {
                let index = self.out().len();
                self.out().push(Event::Html(CowStr::Borrowed("")));
                self.heading = Some((index, level, id.map(|id| id.to_string())));
                self.push_block(None);
            }
            Tag::Table(alignments) => {
                let id = self.next_paragraph_id(range.clone());
                self.html(format!("<div class=\"table-wrap\" id=\"{id}\">"));
                self.table_anchor = Some(id);
                self.out().push(Event::Start(Tag::Table(alignments)));
            }
            Tag::TableCell => {
                self.push_block(self.table_anchor.clone());
                self.out().push(Event::Start(Tag::TableCell));
            }
            Tag::CodeBlock(kind) => {
                let language = match kind {
                    pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
                    pulldown_cmark::CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((language, String::new()));
            }
            Tag::FootnoteDefinition(label) => {
                let key = label.to_lowercase();
                if self.definitions.iter().any(|d| d.key == key) {
                    self.warn(
                        Category::DuplicateFootnote,
                        range.start,
                        format!(
                            "footnote [^{label}] is defined twice; the first definition is used"
                        ),
                    );
                }
                self.definitions.push(FootnoteDefinition {
                    key,
                    label: label.to_string(),
                    events: Vec::new(),
                    offset: range.start,
                });
                self.in_definition = Some(self.definitions.len() - 1);
            }
            Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. } => {
                if !has_pothole {
                    self.link_text = obsidian::link_display(&dest_url).map(Some);
                }
                self.start_wikilink(&dest_url, range.start);
                // `[[Kabul|]]`: a link without a label shows its target rather than nothing.
                if self.source[range].ends_with("|]]") {
                    let target = CowStr::from(dest_url.to_string());
                    self.push_text(&target);
                    self.out().push(Event::Text(target));
                }
            }
            // An Obsidian embed: of an entity's note, a link to it; of a file, its name.
            Tag::Image { link_type: LinkType::WikiLink { .. }, dest_url, .. } => {
                if self.options.lookup.resolve(&dest_url).is_some() {
                    self.start_wikilink(&dest_url, range.start)
                } else {
                    self.warn(
                        Category::ObsidianEmbed,
                        range.start,
                        format!(
                            "![[{dest_url}]] embeds a file, which gloss does not do: it shows as its name; put the file in static/ and write ![what it shows](/{dest_url})"
                        ),
                    );
                    self.links.push(OpenLink::Blocked);
                    self.html("<span class=\"embed-unsupported\">".to_string());
                }
            }
            Tag::Link { link_type, dest_url, title, id } => {
                match self.rewrite_href(&dest_url, range.start) {
                    Some(href) => {
                        self.links.push(OpenLink::Plain);
                        self.out().push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: CowStr::from(href),
                            title,
                            id,
                        }));
                    }
                    None => {
                        self.links.push(OpenLink::Blocked);
                        self.html("<span class=\"link-blocked\">".to_string());
                    }
                }
            }
            Tag::Image { link_type, dest_url, title, id } => {
                match self
                    .rewrite_href(&dest_url, range.start)
                    .filter(|h| !h.starts_with("mailto:"))
                {
                    Some(src) => {
                        self.links.push(OpenLink::Plain);
                        self.out().push(Event::Start(Tag::Image {
                            link_type,
                            dest_url: CowStr::from(src),
                            title,
                            id,
                        }));
                    }
                    None => {
                        self.links.push(OpenLink::Blocked);
                        self.html("<span class=\"image-blocked\">".to_string());
                    }
                }
            }
            other => self.out().push(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock => {
                self.pop_block(None);
                self.html("</p>\n".to_string());
            }
            TagEnd::Item => {
                self.pop_block(None);
                self.html("</li>\n".to_string());
            }
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Table => {
                self.out().push(Event::End(TagEnd::Table));
                self.html("</div>\n".to_string());
                self.table_anchor = None;
            }
            TagEnd::TableCell => {
                self.pop_block(None);
                self.out().push(Event::End(TagEnd::TableCell));
            }
            TagEnd::FootnoteDefinition => self.in_definition = None,
            TagEnd::BlockQuote(_) => self.html("</blockquote>\n".to_string()),
            TagEnd::Link | TagEnd::Image => match self.links.pop() {
                Some(OpenLink::Mention { entity, start, close }) => {
                    self.link_text = None;
                    self.html(close.to_string());
                    if let (Some(entity), Some(block)) = (entity, self.blocks.last_mut()) {
                        let end = block.text.len();
                        block.mentions.push(PendingMention { entity, start, end });
                    }
                }
                Some(OpenLink::Blocked) => self.html("</span>".to_string()),
                Some(OpenLink::Plain) | None => self.out().push(Event::End(tag)),
            },
            other => self.out().push(Event::End(other)),
        }
    }

    fn end_heading(&mut self) {
        let Some((index, level, explicit)) = self.heading.take() else { return };
        let text = self.blocks.last().map(|b| collapse_whitespace(&b.text)).unwrap_or_default();
        let wanted = explicit.map(slug::slugify).unwrap_or_else(|| slug::slugify(&text));
        let id = self.unique_heading_id(&wanted);
        let level_number = heading_level(level);
        self.pop_block(Some(id.clone()));
        self.out()[index] = Event::Html(CowStr::from(format!("<h{level_number} id=\"{id}\">")));
        self.html(format!(
            " <a class=\"heading-anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level_number}>\n"
        ));
        self.analysis.headings.push(Heading { level: level_number, id, text });
    }

    /// A slug no other element of the page uses; never one of the reserved `p-`/`fn` shapes.
    fn unique_heading_id(&mut self, wanted: &str) -> String {
        let mut base = if wanted.is_empty() { "section".to_string() } else { wanted.to_string() };
        if is_reserved_id(&base) {
            base = format!("h-{base}");
        }
        self.claim_id(base, 1)
    }

    fn start_wikilink(&mut self, target: &str, offset: usize) {
        self.analysis.targets.push(normalize_target(target));
        let start = self.block_text_len();
        let Some(entity) = self.options.lookup.resolve(target) else {
            let shown = escape(target);
            self.warn(
                Category::UnresolvedWikilink,
                offset,
                format!(
                    "[[{target}]] matches no entity id, name or alias; it renders as plain text"
                ),
            );
            self.html(format!(
                "<span class=\"wikilink-unresolved\" title=\"No entity matches &quot;{shown}&quot;\">"
            ));
            self.links.push(OpenLink::Mention { entity: None, start, close: "</span>" });
            return;
        };
        let id = entity.id.clone();
        let base = self.options.base_path;
        let (open, close) = if !entity.link {
            (String::new(), "")
        } else if self.options.link_mentions == LinkMentions::All
            || self.linked_entities.insert(id.clone())
        {
            (
                format!("<a class=\"mention\" href=\"{base}entities/{id}/\" data-entity=\"{id}\">"),
                "</a>",
            )
        } else {
            (format!("<span class=\"mention mention-quiet\" data-entity=\"{id}\">"), "</span>")
        };
        self.html(open);
        self.links.push(OpenLink::Mention { entity: Some(id), start, close });
    }

    fn footnote_reference(&mut self, label: &str) {
        let key = label.to_lowercase();
        let number = self.footnote_number(&key);
        self.footnote_references[number - 1] += 1;
        let nth = self.footnote_references[number - 1];
        let id = format!("fnref-{number}-{nth}");
        self.ids.insert(id.clone());
        self.html(format!(
            "<sup class=\"footnote-ref\" id=\"{id}\"><a href=\"#fn-{number}\" role=\"doc-noteref\" aria-label=\"Note {number}\">{number}</a></sup>"
        ));
    }

    fn footnote_number(&mut self, key: &str) -> usize {
        if let Some(&number) = self.footnote_numbers.get(key) {
            return number;
        }
        self.footnote_order.push(key.to_string());
        self.footnote_references.push(0);
        let number = self.footnote_order.len();
        self.footnote_numbers.insert(key.to_string(), number);
        number
    }

    /// A run of text ended: look in it for `[^label]` that did not become a footnote reference
    /// (pulldown-cmark leaves references to undefined notes as text).
    fn flush_text_run(&mut self) {
        let Some(start) = self.text_run_start.take() else { return };
        let run = std::mem::take(&mut self.text_run);
        let mut rest = run.as_str();
        // Where in the source the next `[^label]` of the run is looked for.
        let mut searched_to = start;
        while let Some(open) = rest.find("[^") {
            let after = &rest[open + 2..];
            let Some(close) = after.find(']') else { break };
            let label = &after[..close];
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                let needle = format!("[^{label}]");
                let found = self.source[searched_to..].find(&needle).map(|i| searched_to + i);
                let offset = found.unwrap_or(start);
                if let Some(found) = found {
                    searched_to = found + needle.len();
                    // `\[^1]` is the writer saying "the text `[^1]`, not a note".
                    if self.source[..found].ends_with('\\') {
                        rest = &after[close..];
                        continue;
                    }
                }
                self.warn(
                    Category::MissingFootnote,
                    offset,
                    format!(
                        "footnote reference [^{label}] has no note; add a `[^{label}]: ...` line"
                    ),
                );
            }
            rest = &after[close..];
        }
    }

    fn rewrite_href(&mut self, dest: &str, offset: usize) -> Option<String> {
        let href = rewrite_href(dest, self.options.base_path, self.options.section)?;
        // Every link that stays inside the site, relative ones too, so `check` can blame a
        // broken one on its line rather than on the page's template.
        let relative = !href.starts_with('/') && scheme_of(&href).is_none();
        if href.starts_with('#')
            || relative
            || (href.starts_with(self.options.base_path) && !href.starts_with("//"))
        {
            let (line, column) = {
                let location = self.location(offset);
                (location.line, location.column)
            };
            self.analysis.links.push(BodyLink { href: href.clone(), line, column });
        }
        Some(href)
    }

    fn finish(mut self) -> Analysis {
        self.flush_text_run();
        let mut html = String::with_capacity(self.source.len() * 3 / 2 + 256);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.main).into_iter());
        self.push_footnotes(&mut html);
        let mut analysis = self.analysis;
        analysis.html = html;
        let plain = exact_copy(&self.plain);
        drop(self.plain);
        analysis.word_count = plain.split_whitespace().count();
        analysis.text = PlainText::from(plain);
        analysis.targets.sort();
        analysis.targets.dedup();
        let mut ids: Vec<String> = self.ids.into_iter().collect();
        ids.sort();
        analysis.ids = ids;
        // What other pages need of the document lives as long as the build: no spare room.
        analysis.mentions = exact_vec(&analysis.mentions);
        analysis.entities = exact_vec(&analysis.entities);
        analysis.anchors.shrink_to_fit();
        analysis
    }

    /// The notes, numbered in order of first reference, each with a back-link to every
    /// reference; notes never referenced follow (with a warning), so no text is lost.
    fn push_footnotes(&mut self, html: &mut String) {
        if self.definitions.is_empty() {
            return;
        }
        let mut seen = HashSet::new();
        let definitions = std::mem::take(&mut self.definitions);
        let by_key: HashMap<&str, &FootnoteDefinition> =
            definitions.iter().rev().map(|d| (d.key.as_str(), d)).collect();
        for definition in &definitions {
            if !self.footnote_numbers.contains_key(&definition.key)
                && seen.insert(definition.key.clone())
            {
                self.warn(
                    Category::UnreferencedFootnote,
                    definition.offset,
                    format!("footnote [^{}] is never referenced", definition.label),
                );
                self.footnote_number(&definition.key.clone());
            }
        }
        html.push_str(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<ol>\n",
        );
        for (index, key) in self.footnote_order.iter().enumerate() {
            let number = index + 1;
            let Some(definition) = by_key.get(key.as_str()) else { continue };
            self.ids.insert(format!("fn-{number}"));
            let mut body = String::new();
            pulldown_cmark::html::push_html(&mut body, definition.events.clone().into_iter());
            let mut backrefs = String::new();
            for nth in 1..=self.footnote_references[index] {
                let mark = if self.footnote_references[index] == 1 {
                    "↩".to_string()
                } else {
                    format!("↩{nth}")
                };
                backrefs.push_str(&format!(
                    " <a href=\"#fnref-{number}-{nth}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {nth} of note {number}\">{mark}</a>"
                ));
            }
            let body = body.trim_end();
            html.push_str(&format!("<li id=\"fn-{number}\" value=\"{number}\">"));
            match body.strip_suffix("</p>") {
                Some(open) if !backrefs.is_empty() => {
                    html.push_str(open);
                    html.push_str(&backrefs);
                    html.push_str("</p>");
                }
                _ => {
                    html.push_str(body);
                    html.push_str(&backrefs);
                }
            }
            html.push_str("</li>\n");
        }
        html.push_str("</ol>\n</section>\n");
        self.analysis.footnote_count = self.footnote_order.len();
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Base-36 digits in a paragraph id after its `p-`.
const PARAGRAPH_ID_DIGITS: usize = 6;

/// Words of a block that make its id.
const PARAGRAPH_ID_WORDS: usize = 8;

/// A block's id (paragraph, list item, table, HTML block) from the first words of its source:
/// `p-` and six base-36 digits of their hash (xxh3, a fixed algorithm, so ids stay the same from
/// one version to the next). Only letters and digits count, so line wrapping, punctuation and
/// markup do not. Derived from the text rather than the position, a link to a paragraph, and the
/// entity pages linking to its mentions, stay as they were when paragraphs are added, removed
/// or moved around it, or when it is edited past its opening words.
fn paragraph_id(source: &str) -> String {
    let mut key = String::with_capacity(64);
    let mut words = 0;
    for word in source.split_whitespace() {
        let start = key.len();
        key.extend(word.chars().filter(|c| c.is_alphanumeric()));
        if key.len() > start {
            key.push(' ');
            words += 1;
            if words == PARAGRAPH_ID_WORDS {
                break;
            }
        }
    }
    let mut hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    let mut id = String::with_capacity(2 + PARAGRAPH_ID_DIGITS);
    id.push_str("p-");
    for _ in 0..PARAGRAPH_ID_DIGITS {
        id.extend(char::from_digit((hash % 36) as u32, 36));
        hash /= 36;
    }
    id
}

/// Ids only gloss gives: paragraph ids (with their `-2`, … suffix), footnotes and references.
fn is_reserved_id(id: &str) -> bool {
    let paragraph = id.strip_prefix("p-").is_some_and(|rest| {
        let rest = rest.as_bytes();
        let (digits, suffix) = rest.split_at(rest.len().min(PARAGRAPH_ID_DIGITS));
        digits.len() == PARAGRAPH_ID_DIGITS
            && digits.iter().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
            && (suffix.is_empty()
                || suffix.strip_prefix(b"-").is_some_and(|n| n.iter().all(u8::is_ascii_digit)))
    });
    paragraph
        || ["fn-", "fnref-"].iter().any(|prefix| {
            id.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
}

/// The href a link in a document gets: site-absolute paths gain the base path, links to other
/// `.md` files become the URL of that document, and schemes that could run code are refused.
pub fn rewrite_href(dest: &str, base_path: &str, section: Section) -> Option<String> {
    let dest = dest.trim();
    if dest.starts_with('#') || dest.starts_with("//") {
        return Some(dest.to_string());
    }
    if let Some(scheme) = scheme_of(dest) {
        let safe =
            ["http", "https", "mailto", "tel"].iter().any(|s| scheme.eq_ignore_ascii_case(s));
        return safe.then(|| dest.to_string());
    }
    let (path, fragment) = match dest.find('#') {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    if path.ends_with(".md") {
        let target = Path::new(path);
        let slug = crate::load::slug_of(target);
        let folder = path.rsplit('/').nth(1).unwrap_or("");
        let section = match folder {
            "articles" => Section::Articles,
            "entities" => Section::Entities,
            "pages" => Section::Pages,
            _ => section,
        };
        let url = match section {
            Section::Articles => format!("{base_path}articles/{slug}/"),
            Section::Entities => format!("{base_path}entities/{slug}/"),
            Section::Pages => format!("{base_path}{slug}/"),
        };
        return Some(format!("{url}{fragment}"));
    }
    if let Some(rest) = dest.strip_prefix('/') {
        return Some(format!("{base_path}{rest}"));
    }
    Some(dest.to_string())
}

fn scheme_of(dest: &str) -> Option<&str> {
    let colon = dest.find(':')?;
    let scheme = &dest[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
