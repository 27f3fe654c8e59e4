//! `gloss annotate --explain NAME`: why a name is or is not an entity, from what detection and
//! resolution recorded (mentions, articles, merges, the rule that rejected it).

use std::fmt::Write;

use super::Analysis;
use super::fold::{fold, name_key};

/// A readable account of what annotate decided about `name`.
pub fn explain(analysis: &Analysis, name: &str) -> String {
    let wanted = fold(name);
    let wanted_key = name_key(name);
    let mut out = String::new();
    let same = |text: &str| fold(text) == wanted;
    let entity = analysis
        .resolution
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| same(&e.name) || e.surfaces.keys().any(|s| same(s)))
        // "the Taliban" for "Taliban", "Donald J. Trump" for "Donald Trump".
        .or_else(|| {
            analysis.resolution.entities.iter().enumerate().find(|(_, e)| {
                name_key(&e.name) == wanted_key
                    || e.surfaces.keys().any(|s| name_key(s) == wanted_key)
            })
        });
    if let Some((index, entity)) = entity {
        let human = analysis.human_mentions.get(&index).copied().unwrap_or(0);
        match analysis.plan_of_entity.get(&index).map(|&p| &analysis.planned[p]) {
            Some(plan) => {
                let _ = writeln!(
                    out,
                    "{name:?} is the entity {} (content/entities/{}.md, id {}), a {}.",
                    plan.meta.name,
                    plan.file,
                    plan.id,
                    plan.meta.kind.as_str()
                );
                if plan.kept {
                    let _ = writeln!(
                        out,
                        "  A person keeps its file: its name, kind and aliases are used as written."
                    );
                }
                if !plan.linkable {
                    let _ = writeln!(out, "  It has `link: false`: annotate does not link it.");
                }
            }
            None if analysis.refused.contains(&fold(&entity.name)) => {
                let _ = writeln!(
                    out,
                    "{name:?} is not an entity: a person deleted its entity file (recorded in content/.gloss/annotate.json, `removed`)."
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{name:?} is not an entity: mentioned {} time{} in the archive, fewer than min_mentions = {}.",
                    entity.mentions + human,
                    if entity.mentions + human == 1 { "" } else { "s" },
                    analysis.min_mentions
                );
            }
        }
        let _ = writeln!(out, "  Kind: {} ({}).", entity.kind.as_str(), entity.kind_rule);
        let _ = writeln!(
            out,
            "  Mentions: {} detected, {} in links a person wrote.",
            entity.mentions, human
        );
        let forms: Vec<String> = entity.surfaces.iter().map(|(s, n)| format!("{s} ×{n}")).collect();
        let _ = writeln!(out, "  Written as: {}.", forms.join(", "));
        let slugs: Vec<&str> =
            entity.articles.iter().map(|&a| analysis.articles[a].slug.as_str()).collect();
        let _ = writeln!(out, "  Articles ({}): {}.", slugs.len(), slugs.join(", "));
        if !entity.merges.is_empty() {
            let _ = writeln!(out, "  Merges:");
            let mut seen = std::collections::HashSet::new();
            for merge in &entity.merges {
                let line = match &merge.article {
                    Some(article) => format!(
                        "    {:?} → {:?}: {} (in {article})",
                        merge.from,
                        merge.into,
                        merge.rule.describe()
                    ),
                    None => format!(
                        "    {:?} → {:?}: {}",
                        merge.from,
                        merge.into,
                        merge.rule.describe()
                    ),
                };
                if seen.insert(line.clone()) {
                    let _ = writeln!(out, "{line}");
                }
            }
        }
    }
    if let Some(record) = analysis.rejected.get(&wanted) {
        let rejections: Vec<_> = record
            .reasons
            .iter()
            .filter(|(reason, n)| **n > 0 && **reason != super::detect::Rejection::TooFewMentions)
            .collect();
        if !rejections.is_empty() {
            let _ = writeln!(
                out,
                "{:?} was not taken as a name {} time(s):",
                record.surface,
                rejections.iter().map(|(_, n)| **n).sum::<u32>(),
            );
            for (reason, count) in rejections {
                let _ = writeln!(out, "  ×{count}: {}", reason.describe());
            }
            let articles: Vec<&str> = record.articles.iter().map(String::as_str).take(10).collect();
            let _ = writeln!(
                out,
                "  in: {}{}",
                articles.join(", "),
                if record.articles.len() > 10 { ", ..." } else { "" }
            );
        }
    }
    let longer = longer_names_containing(analysis, &wanted);
    if !longer.is_empty() {
        let _ = writeln!(
            out,
            "{name:?} stands inside {} longer name{}, where it is no name of its own:",
            longer.len(),
            if longer.len() == 1 { "" } else { "s" }
        );
        for (surface, entity) in longer.iter().take(8) {
            let _ = writeln!(out, "  {surface:?} (of {entity})");
        }
        if longer.len() > 8 {
            let _ = writeln!(out, "  ...");
        }
    }
    if out.is_empty() && super::gazetteer::Gazetteer::get().stop_class(&wanted).is_some() {
        let _ = writeln!(
            out,
            "{name:?} is never a name: it is in the stop words (function words, months and weekdays, ideas)."
        );
    }
    if out.is_empty() {
        let written = where_written(analysis, &wanted);
        if written.is_empty() {
            let _ = writeln!(out, "{name:?} is not written in any article.");
        } else {
            let _ = writeln!(
                out,
                "{name:?} is written in {} article{}, but never where annotate reads names:",
                written.len(),
                if written.len() == 1 { "" } else { "s" }
            );
            for (slug, places) in written.iter().take(10) {
                let _ = writeln!(out, "  {slug}: {}", places.join(", "));
            }
            if written.len() > 10 {
                let _ = writeln!(out, "  ...");
            }
        }
    }
    out
}

/// The spellings of other entities (or names below `min_mentions`) that hold `wanted` as whole
/// words ("Riverside" in "Riverside Extension Concept Study"), with the entity's name.
fn longer_names_containing(analysis: &Analysis, wanted: &str) -> Vec<(String, String)> {
    if wanted.is_empty() {
        return Vec::new();
    }
    let padded = format!(" {wanted} ");
    let mut found = Vec::new();
    for entity in &analysis.resolution.entities {
        for surface in entity.surfaces.keys() {
            let folded = fold(surface);
            if folded != wanted && format!(" {folded} ").contains(&padded) {
                found.push((surface.clone(), entity.name.clone()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Per article, where `wanted` (folded) is written although detection never took it: the front
/// matter (title, subtitle, authors), or the body in places annotate does not read or in a form
/// it does not take (lower case, a heading, code, a link, or run into other capitalised words).
fn where_written(analysis: &Analysis, wanted: &str) -> Vec<(String, Vec<&'static str>)> {
    let holds = |text: &str| {
        let folded = fold(text);
        !wanted.is_empty() && format!(" {folded} ").contains(&format!(" {wanted} "))
    };
    let mut out = Vec::new();
    for work in &analysis.articles {
        let meta = &work.meta;
        let mut places = Vec::new();
        if holds(&meta.title) || meta.subtitle.as_deref().is_some_and(holds) {
            places.push("the title (where only names the archive's prose takes are read)");
        }
        if meta.authors.iter().any(|a| holds(a)) {
            places.push("the authors (front matter is not annotated)");
        }
        let body = work.plain_body.as_deref().unwrap_or(&work.body);
        if holds(body) {
            places.push(
                "the body, in lower case, a heading, code, a link or run into other capitalised words",
            );
        }
        if !places.is_empty() {
            out.push((work.slug.clone(), places));
        }
    }
    out
}
