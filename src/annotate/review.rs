//! `gloss annotate --review`: the links annotate is least sure of, each with the file, line and
//! column where it stands, so a person can confirm it (leave it) or undo it with the usual
//! Markdown edits (retarget the link, remove its brackets, `nolink`, `link: false`, delete the
//! entity file). Three kinds are listed:
//!
//! - a short form resolved by context: a surname, given name or part of a name linked to the
//!   full name written earlier in the same article ("Brook" → Lina Brook);
//! - a merge across articles: the article's name joined to an entity named otherwise elsewhere
//!   (a spelling variant, a lone surname, an acronym);
//! - a new entity: one annotate has not written before (its first mention).
//!
//! Links a person wrote and entities a person keeps are never listed: they are decided.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::Analysis;
use super::fold::fold;
use super::markdown::{body_position, format_wikilink};
use super::resolve::MergeRule;

/// Why a link is worth a second look.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Doubt {
    ShortForm,
    MergedAcrossArticles,
    NewEntity,
}

impl Doubt {
    pub fn label(self) -> &'static str {
        match self {
            Doubt::ShortForm => "short form",
            Doubt::MergedAcrossArticles => "merged across articles",
            Doubt::NewEntity => "new entity",
        }
    }
}

/// One link to review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    pub path: PathBuf,
    /// The line in the file (links annotate writes keep lines as they are).
    pub line: usize,
    pub doubt: Doubt,
    /// The link as annotate writes it.
    pub link: String,
    pub why: String,
}

impl std::fmt::Display for ReviewItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {}: {} ({})",
            self.path.display(),
            self.line,
            self.doubt.label(),
            self.link,
            self.why
        )
    }
}

/// The links annotate would write that rest on its least sure decisions, by file and position.
pub fn review(analysis: &Analysis) -> Vec<ReviewItem> {
    let own_ids: HashSet<&str> = analysis.existing.own.iter().map(|o| o.id.as_str()).collect();
    let mut new_seen: HashSet<usize> = HashSet::new();
    let mut items = Vec::new();
    for (article, work) in analysis.articles.iter().enumerate() {
        let body = work.plain_body.as_deref().unwrap_or(&work.body);
        let cluster_entity = &analysis.resolution.cluster_entity[article];
        let mut merged_seen: HashSet<usize> = HashSet::new();
        // A short form is listed at its first mention, with how many more the article has.
        let mut short_seen: HashMap<(String, usize), (usize, u32)> = HashMap::new();
        for (candidate, &cluster) in work.detection.candidates.iter().zip(&work.local.assignment) {
            let Some(range) = candidate.range.clone() else { continue };
            let Some(&entity) = cluster_entity.get(cluster) else { continue };
            let Some(&plan) = analysis.plan_of_entity.get(&entity) else { continue };
            let plan = &analysis.planned[plan];
            if !plan.linkable {
                continue;
            }
            let resolved = &analysis.resolution.entities[entity];
            let local = &work.local.clusters[cluster];
            let surface = fold(&candidate.surface);
            let mut doubts: Vec<(Doubt, String)> = Vec::new();
            let short = work.local.merges.iter().find(|m| {
                fold(&m.from) == surface
                    && matches!(m.rule, MergeRule::ShortForm | MergeRule::HeadOfName)
            });
            if let Some((_, more)) =
                short.and_then(|_| short_seen.get_mut(&(surface.clone(), entity)))
            {
                *more += 1;
            } else if let Some(merge) = short {
                short_seen.insert((surface.clone(), entity), (items.len(), 0));
                doubts.push((
                    Doubt::ShortForm,
                    format!(
                        "{:?} read as {:?}: {}",
                        candidate.surface,
                        merge.into,
                        merge.rule.describe()
                    ),
                ));
            }
            if !plan.kept
                && fold(&local.display) != fold(&resolved.name)
                && merged_seen.insert(cluster)
            {
                let display = fold(&local.display);
                // Recorded from either side: the article's name joined, or joined to.
                if let Some(merge) = resolved.merges.iter().find(|m| {
                    (fold(&m.from) == display || fold(&m.into) == display)
                        && fold(&m.from) != fold(&m.into)
                        && matches!(
                            m.rule,
                            MergeRule::Transliteration
                                | MergeRule::Surname
                                | MergeRule::SharedFullName
                                | MergeRule::Acronym
                        )
                }) {
                    doubts.push((
                        Doubt::MergedAcrossArticles,
                        format!(
                            "{:?} here, {:?} elsewhere: {}",
                            local.display,
                            if fold(&merge.from) == display { &merge.into } else { &merge.from },
                            merge.rule.describe()
                        ),
                    ));
                }
            }
            if !plan.kept && !own_ids.contains(plan.id.as_str()) && new_seen.insert(entity) {
                doubts.push((
                    Doubt::NewEntity,
                    format!(
                        "{} ({}), {} mention{} in {} article{}, file content/entities/{}.md",
                        plan.meta.name,
                        plan.meta.kind.as_str(),
                        resolved.mentions,
                        if resolved.mentions == 1 { "" } else { "s" },
                        resolved.articles.len(),
                        if resolved.articles.len() == 1 { "" } else { "s" },
                        plan.file
                    ),
                ));
            }
            let (line, _) = body_position(body, range.start, work.body_line);
            for (doubt, why) in doubts {
                items.push(ReviewItem {
                    path: work.path.clone(),
                    line,
                    doubt,
                    link: format_wikilink(&plan.target, &body[range.clone()]),
                    why,
                });
            }
        }
        for (first, more) in short_seen.into_values().filter(|(_, more)| *more > 0) {
            items[first].why.push_str(&format!("; {more} more in this article"));
        }
    }
    items.sort_by(|a, b| (&a.path, a.line, a.doubt).cmp(&(&b.path, b.line, b.doubt)));
    items
}
