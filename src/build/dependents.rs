//! Dependencies between sources and pages, for incremental rebuilds: which pages show
//! something of an article, an entity, or an article's edit. Only dependencies explicit in the
//! model are followed (article → its entities, terms and lists; entity → its mentions).

use std::collections::BTreeSet;

use super::State;
use crate::model::{Article, Site};
use crate::render::lookup::normalize_target;
use crate::render::pages::year_of;
use crate::render::{PageKey, SiteIndex, TaxonomyKind};

pub(super) fn entity_keys(entity: &crate::model::Entity) -> Vec<String> {
    let mut keys = vec![normalize_target(&entity.id), normalize_target(&entity.meta.name)];
    keys.extend(entity.meta.aliases.iter().map(|a| normalize_target(a)));
    keys
}

/// An entity whose description alone changed, with what it was: the search index shows its
/// summary.
pub(super) struct Described {
    pub(super) index: usize,
    pub(super) old: crate::model::Entity,
    pub(super) old_analysis: crate::render::Analysis,
}

/// An article edited in place, with what it was, so a rebuild re-renders only the pages that
/// show something that changed.
pub(super) struct Edit {
    pub(super) index: usize,
    pub(super) old: Article,
    pub(super) old_analysis: crate::render::Analysis,
    pub(super) old_entities: Vec<usize>,
    pub(super) old_rank: usize,
}

impl Edit {
    /// The pages to render again; the feed shows the `feed_limit` first articles.
    pub(super) fn dependents(
        &self,
        state: &State,
        feed_limit: usize,
        keys: &mut BTreeSet<PageKey>,
    ) {
        let article = &state.site.articles[self.index];
        let (old, new) = (&self.old.meta, &article.meta);
        keys.extend([
            PageKey::Article(article.slug.clone()),
            PageKey::ArticlesData,
            PageKey::EntitiesData,
        ]);
        if self.old_rank.min(state.index.article_rank[self.index]) < feed_limit {
            keys.extend([PageKey::Feed, PageKey::Rss]);
        }
        let entities: BTreeSet<usize> = self
            .old_entities
            .iter()
            .chain(&state.index.article_entities[self.index])
            .copied()
            .collect();
        let years = [year_of(&self.old), year_of(article)];
        let entity_set_changed = self.old_entities != state.index.article_entities[self.index];
        let all_years = entity_set_changed || years[0] != years[1];
        let entity_keys = |keys: &mut BTreeSet<PageKey>| {
            for &e in &entities {
                let id = &state.site.entities[e].id;
                keys.insert(PageKey::Entity(id.clone()));
                if all_years {
                    entity_year_keys(e, &state.site, &state.index, keys);
                } else {
                    keys.extend(years.iter().map(|y| PageKey::EntityYear(id.clone(), y.clone())));
                }
            }
        };
        // What lists show of an article: title, date, authors, source, summary, and its place.
        let listed_changed = old.title != new.title
            || old.date != new.date
            || old.authors != new.authors
            || old.source != new.source
            || old.summary != new.summary
            || self.old_rank != state.index.article_rank[self.index];
        let terms_changed =
            old.authors != new.authors || old.source != new.source || old.tags != new.tags;
        if listed_changed || terms_changed {
            keys.extend([PageKey::Home, PageKey::Archive, PageKey::Sitemap]);
            keys.extend(term_keys(old));
            keys.extend(term_keys(new));
            entity_keys(keys);
        }
        if terms_changed {
            keys.extend(TaxonomyKind::ALL.map(PageKey::TaxonomyIndex));
        }
        if entity_set_changed {
            // Co-mention counts changed for every entity of the article.
            entity_keys(keys);
        }
        // What the article says its entities are: their line shows on their page, card and in
        // the entity index, with the article's title and date.
        let (said_before, said_now) =
            (descriptions(&self.old_analysis), descriptions(&state.analyses.articles[self.index]));
        for entity in said_before.keys().chain(said_now.keys()) {
            if listed_changed || said_before.get(entity) != said_now.get(entity) {
                keys.extend([
                    PageKey::Entity(entity.clone()),
                    PageKey::EntityCard(entity.clone()),
                    PageKey::EntityIndex,
                ]);
            }
        }
        let before = mention_contexts(&self.old_analysis);
        let after = mention_contexts(&state.analyses.articles[self.index]);
        for entity in before.keys().chain(after.keys()) {
            let (was, now) = (before.get(entity), after.get(entity));
            if was != now {
                keys.insert(PageKey::Entity(entity.clone()));
                keys.extend(years.iter().map(|y| PageKey::EntityYear(entity.clone(), y.clone())));
            }
            // The entity index and the home page show how often each entity is mentioned.
            if was.map(Vec::len) != now.map(Vec::len) {
                keys.extend([PageKey::EntityIndex, PageKey::Home]);
            }
        }
    }
}

/// What one document says each entity it mentions is (see `render/describe.rs`).
fn descriptions(
    analysis: &crate::render::Analysis,
) -> std::collections::BTreeMap<String, Vec<(String, String)>> {
    let mut said: std::collections::BTreeMap<String, Vec<(String, String)>> = Default::default();
    for described in &analysis.descriptions {
        let entity = analysis.entities[described.entity as usize].to_string();
        let anchor = analysis.anchors.get(described.anchor as usize).to_string();
        said.entry(entity).or_default().push((anchor, described.text.clone()));
    }
    said
}

/// Each entity's mentions in one document, as entity pages show them.
pub(super) fn mention_contexts(
    analysis: &crate::render::Analysis,
) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut contexts: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for mention in &analysis.mentions {
        let context = analysis.mention_context(mention);
        let shown = format!(
            "{}#{}\u{0}{}\u{0}{}",
            context.anchor, context.before, context.shown, context.after
        );
        contexts.entry(analysis.mention_entity(mention).to_string()).or_default().push(shown);
    }
    // Entity pages show each sentence once, all its mentions marked: two mentions far apart
    // in one long sentence show text neither mention's context has.
    let text = analysis.text.read_once();
    for (entity, passage) in analysis.passages(&text) {
        let id = analysis.entities[entity].to_string();
        contexts.entry(id).or_default().push(format!("\u{1}{}", passage.flat()));
    }
    contexts
}

/// The author, source and tag pages an article with `meta` is listed on.
pub(super) fn term_keys(meta: &crate::model::ArticleMeta) -> Vec<PageKey> {
    let values = [
        (TaxonomyKind::Authors, meta.authors.clone()),
        (TaxonomyKind::Sources, meta.source.iter().cloned().collect()),
        (TaxonomyKind::Tags, meta.tags.clone()),
    ];
    let mut keys = Vec::new();
    for (kind, values) in values {
        for value in values {
            let slug = crate::load::slugify(value.trim());
            if !slug.is_empty() {
                keys.push(PageKey::Term(kind, slug));
            }
        }
    }
    keys
}

/// The pages that show something of the entity `id`: its own and its card, the articles
/// mentioning it, and the entities listing it as related.
pub(super) fn entity_dependents(
    id: &str,
    site: &Site,
    index: &SiteIndex,
    keys: &mut BTreeSet<PageKey>,
) {
    keys.insert(PageKey::Entity(id.to_string()));
    keys.insert(PageKey::EntityCard(id.to_string()));
    let Some(&entity) = index.entity_by_id.get(id) else { return };
    entity_year_keys(entity, site, index, keys);
    for (other, _) in index.related_entities(entity, usize::MAX) {
        keys.insert(PageKey::Entity(site.entities[other].id.clone()));
    }
    for found in &index.entity_articles[entity] {
        keys.insert(PageKey::Article(site.articles[found.article()].slug.clone()));
    }
}

/// Every page of an entity's mentions by year (pages that do not exist are skipped later).
pub(super) fn entity_year_keys(
    entity: usize,
    site: &Site,
    index: &SiteIndex,
    keys: &mut BTreeSet<PageKey>,
) {
    let id = &site.entities[entity].id;
    for found in &index.entity_articles[entity] {
        keys.insert(PageKey::EntityYear(id.clone(), year_of(&site.articles[found.article()])));
    }
}

/// The pages that show something of the article `slug`.
pub(super) fn article_dependents(
    slug: &str,
    site: &Site,
    index: &SiteIndex,
    keys: &mut BTreeSet<PageKey>,
) {
    keys.insert(PageKey::Article(slug.to_string()));
    keys.extend([
        PageKey::Home,
        PageKey::Archive,
        PageKey::EntityIndex,
        PageKey::Feed,
        PageKey::Rss,
        PageKey::Sitemap,
        PageKey::ArticlesData,
        PageKey::EntitiesData,
    ]);
    keys.extend(TaxonomyKind::ALL.map(PageKey::TaxonomyIndex));
    let Some(&article) = index.article_by_slug.get(slug) else { return };
    for &entity in &index.article_entities[article] {
        keys.insert(PageKey::Entity(site.entities[entity].id.clone()));
        // The article may say who the entity is.
        keys.insert(PageKey::EntityCard(site.entities[entity].id.clone()));
        // Its count moved: the entity may cross into (or out of) mentions split by year.
        entity_year_keys(entity, site, index, keys);
    }
    for kind in TaxonomyKind::ALL {
        let taxonomy = match kind {
            TaxonomyKind::Authors => &index.authors,
            TaxonomyKind::Sources => &index.sources,
            TaxonomyKind::Tags => &index.tags,
        };
        for term in taxonomy.terms.iter().filter(|t| t.articles.contains(&article)) {
            keys.insert(PageKey::Term(kind, term.slug.clone()));
        }
    }
}
