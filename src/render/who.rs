//! The one line that says who an entity is, for its page, its hover card and the entity index:
//! what a person wrote (the `summary` front matter field, else the first sentence of the
//! entity's description) wins; otherwise the description the archive gives most often (see
//! `describe.rs`), shown with the article it comes from. An editor pins or rejects the
//! archive's descriptions in the entity's front matter (`description_pin`,
//! `description_reject`).

use serde::Serialize;

use super::RenderInput;
use super::describe::{Candidate, Choice, rank};
use super::markdown::collapse_whitespace;
use super::translations::Translations;

/// Other descriptions an entity page lists under the chosen one.
const OTHER_DESCRIPTIONS: usize = 4;
/// Longest first sentence of a person's description taken as the line.
const LINE_CHARS: usize = 200;

/// Who an entity is, in a line.
#[derive(Clone, Debug, Serialize)]
pub struct Who {
    pub text: String,
    /// `summary` (front matter), `description` (the first sentence of the entity's own text),
    /// `pinned` (an editor's line the archive does not give) or `archive`.
    pub origin: &'static str,
    /// The article the archive's description comes from (the newest that gives it).
    pub source: Option<WhoSource>,
    /// How many articles give it.
    pub articles: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct WhoSource {
    pub title: String,
    /// The paragraph that gives it.
    pub url: String,
    pub date_iso: Option<String>,
    pub date_display: Option<String>,
}

impl Who {
    /// "the port's chief pilot (from “Storm over Brill”, 3 May 2024)", for hover cards.
    pub fn source_line(&self, t: &Translations) -> Option<String> {
        let source = self.source.as_ref()?;
        let from = t.fill("who_from", &[("title", &source.title)]);
        Some(match &source.date_display {
            Some(date) => format!("{from}, {date}"),
            None => from,
        })
    }
}

impl RenderInput<'_> {
    /// The line for entity `e`, and the archive's other descriptions of it (for its page).
    pub fn who(&self, e: usize) -> (Option<Who>, Vec<Who>) {
        let entity = &self.site.entities[e];
        let meta = &entity.meta;
        let found: Vec<(usize, &str, &str)> = self
            .index
            .entity_descriptions
            .get(e)
            .into_iter()
            .flatten()
            .map(|s| (s.article as usize, s.anchor.as_str(), s.text.as_str()))
            .collect();
        let choice =
            Choice { pin: meta.description_pin.as_deref(), reject: &meta.description_reject };
        let ranked = rank(&found, choice);
        let mut archive = ranked.iter().map(|c| self.archive_who(c));
        let written = meta
            .summary
            .as_deref()
            .map(collapse_whitespace)
            .filter(|s| !s.is_empty())
            .map(|text| (text, "summary"))
            .or_else(|| {
                let text = first_sentence(&self.descriptions[e].text)?;
                Some((text, "description"))
            });
        let pinned_elsewhere = meta.description_pin.as_deref().filter(|pin| {
            let key = super::describe::key_of(pin);
            !ranked.iter().any(|c| super::describe::key_of(c.text) == key)
        });
        let line = match (written, pinned_elsewhere) {
            (Some((text, origin)), _) => Some(Who { text, origin, source: None, articles: 0 }),
            (None, Some(pin)) => Some(Who {
                text: collapse_whitespace(pin),
                origin: "pinned",
                source: None,
                articles: 0,
            }),
            (None, None) => archive.next(),
        };
        (line, archive.take(OTHER_DESCRIPTIONS).collect())
    }

    fn archive_who(&self, candidate: &Candidate<'_>) -> Who {
        let article = &self.site.articles[candidate.article];
        Who {
            text: candidate.text.to_string(),
            origin: "archive",
            source: Some(WhoSource {
                title: article.meta.title.clone(),
                url: format!("{}#{}", self.article_url(&article.slug), candidate.anchor),
                date_iso: article.meta.date.map(|d| d.to_string()),
                date_display: article.meta.date.map(|d| self.globals.t.date(d)),
            }),
            articles: candidate.articles,
        }
    }
}

/// The first sentence of `text`, when it is short enough to be a line.
fn first_sentence(text: &str) -> Option<String> {
    let text = collapse_whitespace(text);
    if text.is_empty() {
        return None;
    }
    let end = text
        .match_indices(". ")
        .map(|(at, _)| at + 1)
        .find(|&at| {
            // Not after an initial or a short abbreviation ("J. Bloggs", "Mr. Roe").
            let word = text[..at - 1].rsplit(' ').next().unwrap_or("");
            word.chars().count() > 3 || word.chars().all(char::is_lowercase)
        })
        .unwrap_or(text.len());
    let sentence = &text[..end];
    (sentence.chars().count() <= LINE_CHARS).then(|| sentence.to_string())
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn takes_the_first_sentence_of_a_persons_description() {
        assert_eq!(
            first_sentence("Harbour master of Brill since 1990. She ran the ferries.").as_deref(),
            Some("Harbour master of Brill since 1990.")
        );
        assert_eq!(
            first_sentence("Deputy to J. Bloggs at the port. Later more.").as_deref(),
            Some("Deputy to J. Bloggs at the port.")
        );
        assert_eq!(first_sentence("  ").as_deref(), None);
        assert_eq!(first_sentence(&"word ".repeat(60)), None, "too long for a line");
    }
}
