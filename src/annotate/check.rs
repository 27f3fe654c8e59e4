//! Registry checks for `gloss check`: the loaded site → warnings for a name or alias claimed by
//! two entities, entities no article links to, and wikilinks that resolve to no entity (with
//! file, line and column).

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{Category, Diagnostic, Location};
use crate::model::Site;

use super::fold::fold;
use super::markdown::{body_position, parse_prose};
use super::registry::TargetIndex;

/// Every registry problem in the site, sorted by file.
pub fn check_registry(site: &Site) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let targets = TargetIndex::of_entities(&site.entities);

    // Names and aliases claimed by more than one entity.
    let mut claims: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for entity in &site.entities {
        let mut own = HashSet::new();
        for name in std::iter::once(&entity.meta.name).chain(&entity.meta.aliases) {
            let folded = fold(name);
            if own.insert(folded.clone()) {
                claims.entry(folded).or_default().push((entity.id.as_str(), name.as_str()));
            }
        }
    }
    for owners in claims.values().filter(|owners| owners.len() > 1) {
        let (first_id, _) = owners[0];
        for &(id, name) in &owners[1..] {
            let entity =
                site.entities.iter().find(|e| e.id == id).expect("claimed by a loaded entity");
            diagnostics.push(Diagnostic::warning(
                Category::AliasConflict,
                Some(Location::file(&entity.path)),
                format!("`{name}` is also a name or alias of entity `{first_id}`; links to it go to `{first_id}`"),
            ));
        }
    }

    // Wikilinks that resolve to nothing, and which entities are linked at all.
    let mut linked: HashSet<String> = HashSet::new();
    for article in &site.articles {
        for link in parse_prose(&article.body).wikilinks {
            match targets.resolve(&link.target) {
                Some(id) => {
                    linked.insert(id.to_string());
                }
                None => {
                    let (line, column) =
                        body_position(&article.body, link.range.start, article.body_line);
                    diagnostics.push(Diagnostic::warning(
                        Category::UnresolvedWikilink,
                        Some(Location::at(&article.path, line, column)),
                        format!(
                            "[[{}]] names no entity; fix the target or add it as an alias",
                            link.target
                        ),
                    ));
                }
            }
        }
    }
    // An entity with `link: false` is meant to have no links.
    for entity in site.entities.iter().filter(|e| e.meta.link) {
        if !linked.contains(&entity.id) {
            diagnostics.push(Diagnostic::warning(
                Category::UnusedEntity,
                Some(Location::file(&entity.path)),
                format!("no article links to `{}`", entity.meta.name),
            ));
        }
    }
    crate::diagnostics::sort_diagnostics(&mut diagnostics);
    diagnostics
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::model::{Article, ArticleMeta, Entity};

    #[test]
    fn reports_conflicts_unused_entities_and_broken_links() {
        let site = Site {
            articles: vec![Article {
                slug: "a".into(),
                path: PathBuf::from("content/articles/a.md"),
                meta: ArticleMeta::default(),
                body: "Met [[Lina Brook|Brook]].\nThen [[Nobody Here]] left.\n".into(),
                body_line: 5,
            }],
            entities: vec![
                Entity::test_person("lina-brook", "Lina Brook", &["Brook"]),
                Entity::test_person("omid-brook", "Omid Brook", &["Brook"]),
            ],
            pages: vec![],
        };
        let found: Vec<String> = check_registry(&site).iter().map(|d| d.to_string()).collect();
        assert_eq!(
            found,
            [
                "content/articles/a.md:6:6: warning: [[Nobody Here]] names no entity; fix the target or add it as an alias",
                "content/entities/omid-brook.md: warning: `Brook` is also a name or alias of entity `lina-brook`; links to it go to `lina-brook`",
                "content/entities/omid-brook.md: warning: no article links to `Omid Brook`",
            ]
        );
    }
}
