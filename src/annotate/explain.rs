//! `gloss annotate --explain NAME`: why a name is or is not an entity, from what detection and
//! resolution recorded (mentions, articles, merges, the rule that rejected it).

use std::fmt::Write;

use super::Analysis;
use super::fold::fold;

/// A readable account of what annotate decided about `name`.
pub fn explain(analysis: &Analysis, name: &str) -> String {
    let wanted = fold(name);
    let mut out = String::new();
    let entity = analysis
        .resolution
        .entities
        .iter()
        .enumerate()
        .find(|(_, e)| fold(&e.name) == wanted || e.surfaces.keys().any(|s| fold(s) == wanted));
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
    if out.is_empty() && super::gazetteer::Gazetteer::get().stop_class(&wanted).is_some() {
        let _ = writeln!(
            out,
            "{name:?} is never a name: it is in the stop words (function words, months and weekdays, ideas)."
        );
    }
    if out.is_empty() {
        let _ = writeln!(
            out,
            "{name:?} never appears as a candidate name: it is not in any article, or never capitalised."
        );
    }
    out
}
