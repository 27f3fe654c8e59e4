//! Resolution across the archive: the clusters of every article → entities. Clusters join when
//! they share a name or a full name, when their names are spelling variants, when one is the
//! other's acronym, when a lone surname fits exactly one person, and when an entity file a
//! person keeps lists their names. Work is on clusters grouped by key, never on all pairs.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use crate::model::EntityKind;

use super::super::classify::{Evidence, classify, is_acronym};
use super::super::fold::{fold, name_key, name_skeleton, same_name, same_name_joined, skeleton};
use super::super::gazetteer::Gazetteer;
use super::local::{LocalResolution, form_key};
use super::{Merge, MergeRule, UnionFind};

/// An entity a person keeps (origin: human, or edited since gloss wrote it): its names are
/// fixed input.
#[derive(Clone, Debug)]
pub struct KeptEntity {
    pub id: String,
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
}

/// One thing the archive names, with everything resolution knows about it.
#[derive(Clone, Debug)]
pub struct ResolvedEntity {
    pub name: String,
    pub kind: EntityKind,
    /// The rule that chose the kind.
    pub kind_rule: &'static str,
    /// Surface forms as written → mentions.
    pub surfaces: BTreeMap<String, u32>,
    pub mentions: u32,
    /// Indices of the articles that mention it.
    pub articles: BTreeSet<usize>,
    /// Index into the kept entities, when a person keeps its file.
    pub kept: Option<usize>,
    pub merges: Vec<Merge>,
}

/// The entities of the archive and where each article's clusters went.
#[derive(Debug)]
pub struct Resolution {
    pub entities: Vec<ResolvedEntity>,
    /// Per article, per local cluster: the entity it belongs to.
    pub cluster_entity: Vec<Vec<usize>>,
}

/// Joins the clusters of all articles into entities.
pub fn resolve_corpus(
    articles: &[LocalResolution],
    slugs: &[&str],
    kept: &[KeptEntity],
) -> Resolution {
    // Flatten clusters; kept entities are extra nodes after them.
    let mut nodes: Vec<(usize, usize)> = Vec::new();
    for (article, resolution) in articles.iter().enumerate() {
        nodes.extend((0..resolution.clusters.len()).map(|c| (article, c)));
    }
    let cluster_count = nodes.len();
    let cluster = |node: usize| &articles[nodes[node].0].clusters[nodes[node].1];
    let mut union = UnionFind::new(cluster_count + kept.len());
    let mut merges: Vec<(usize, Merge)> = Vec::new();
    let join = |union: &mut UnionFind,
                merges: &mut Vec<(usize, Merge)>,
                keep: usize,
                other: usize,
                from: &str,
                into: &str,
                rule| {
        if union.union(keep, other) {
            merges.push((keep, Merge::new(from.to_string(), into.to_string(), rule, None)));
        }
    };

    // Kept entities first, so their names win.
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    for (index, entity) in kept.iter().enumerate() {
        let node = cluster_count + index;
        for name in std::iter::once(&entity.name).chain(&entity.aliases) {
            let key = form_key(name).0;
            match by_key.get(&key) {
                Some(&other) => join(
                    &mut union,
                    &mut merges,
                    other,
                    node,
                    name,
                    &entity.name,
                    MergeRule::Registry,
                ),
                None => {
                    by_key.insert(key, node);
                }
            }
            if is_acronym(name) {
                by_key.entry(fold(name).replace(' ', "")).or_insert(node);
            }
        }
    }
    // The same name, or a full name written in both.
    for node in 0..cluster_count {
        let c = cluster(node);
        let mut keys: Vec<(String, MergeRule)> = vec![(c.key.clone(), MergeRule::SameName)];
        for surface in c.surfaces.keys() {
            let key = form_key(surface).0;
            if key.contains(' ') && key != c.key {
                keys.push((key, MergeRule::SharedFullName));
            }
        }
        for (key, rule) in keys {
            match by_key.get(&key) {
                Some(&other) => {
                    let rule = if other >= cluster_count { MergeRule::Registry } else { rule };
                    let into = if other >= cluster_count {
                        kept[other - cluster_count].name.clone()
                    } else {
                        cluster(other).display.clone()
                    };
                    join(&mut union, &mut merges, other, node, &c.display, &into, rule);
                }
                None => {
                    by_key.insert(key, node);
                }
            }
        }
    }
    // Spelling variants of the same kind of name.
    let mut by_skeleton: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for node in 0..cluster_count {
        if !is_acronym(&cluster(node).display) {
            by_skeleton.entry(name_skeleton(&cluster(node).key)).or_default().push(node);
        }
    }
    // People named in each article by a full name, to tell whether two spellings of a person's
    // name in different articles are one person.
    let people: Vec<BTreeSet<&str>> = articles
        .iter()
        .map(|r| {
            r.clusters
                .iter()
                .filter(|c| c.person_like && c.key.contains(' '))
                .map(|c| c.key.as_str())
                .collect()
        })
        .collect();
    for group in by_skeleton.values().filter(|g| g.len() > 1) {
        // One node per spelling, with the articles that spell it so.
        let mut distinct: Vec<(usize, BTreeSet<usize>)> = Vec::new();
        for &node in group {
            let article = nodes[node].0;
            match distinct.iter_mut().find(|(d, _)| cluster(*d).key == cluster(node).key) {
                Some((_, seen_in)) => {
                    seen_in.insert(article);
                }
                None => distinct.push((node, BTreeSet::from([article]))),
            }
        }
        for (i, (a, articles_a)) in distinct.iter().enumerate() {
            for (b, articles_b) in &distinct[i + 1..] {
                let (ca, cb) = (cluster(*a), cluster(*b));
                // Names of three or more words spelt alike are one name whatever kind was
                // guessed for each ("Tehreek-e-Taliban Pakistan" / "Tehrik-i-Taliban Pakistan").
                let kinds_agree = ca.person_like == cb.person_like
                    || !ca.key.contains(' ')
                    || ca.key.split(' ').count() >= 3;
                if !kinds_agree || !same_name(&ca.key, &cb.key) {
                    continue;
                }
                // Three or more words alike are one person; two ("Muhammad Omar") may be two.
                let full_names = ca.person_like
                    && ca.key.split(' ').count() == 2
                    && cb.key.split(' ').count() == 2;
                if full_names && !tied_people(&people, articles_a, articles_b, &ca.key, &cb.key) {
                    continue;
                }
                join(
                    &mut union,
                    &mut merges,
                    *a,
                    *b,
                    &cb.display,
                    &ca.display,
                    MergeRule::Transliteration,
                );
            }
        }
    }
    // A name run together in one spelling and split in another ("Tirin Kot" / "Tarinkot").
    let mut by_joined_skeleton: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for node in 0..cluster_count {
        if !is_acronym(&cluster(node).display) {
            let joined = skeleton(&cluster(node).key.replace(' ', ""));
            by_joined_skeleton.entry(joined).or_default().push(node);
        }
    }
    for group in by_joined_skeleton.values().filter(|g| g.len() > 1) {
        let split: Vec<usize> =
            group.iter().copied().filter(|&n| cluster(n).key.contains(' ')).collect();
        let whole = group.iter().copied().filter(|&n| !cluster(n).key.contains(' '));
        for (a, b) in whole.flat_map(|w| split.iter().map(move |&s| (s, w))) {
            let (ca, cb) = (cluster(a), cluster(b));
            if same_name_joined(&ca.key, &cb.key) {
                join(
                    &mut union,
                    &mut merges,
                    a,
                    b,
                    &cb.display,
                    &ca.display,
                    MergeRule::Transliteration,
                );
            }
        }
    }
    // Acronyms defined next to their expansion somewhere in the archive. (Initials alone only
    // count where the acronym is written: across articles "HR" is too easily something else.)
    let mut defined: FxHashMap<String, BTreeSet<String>> = FxHashMap::default();
    for resolution in articles {
        for (acronym, long_key) in &resolution.definitions {
            defined.entry(acronym.clone()).or_default().insert(long_key.clone());
        }
    }
    // An acronym written beside its full name in some article ("the United Nations ... the
    // UN") stands for that name elsewhere too, when it stands so for one name only.
    let mut tied: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for node in 0..cluster_count {
        let c = cluster(node);
        if !is_acronym(&c.display) && c.key.contains(' ') {
            for acronym in &c.acronyms {
                tied.entry(acronym.as_str()).or_default().push(node);
            }
        }
    }
    for node in 0..cluster_count {
        let c = cluster(node);
        if !is_acronym(&c.display) {
            continue;
        }
        let acronym = fold(&c.display).replace(' ', "");
        let target = match defined.get(&acronym) {
            Some(keys) if keys.len() == 1 => {
                keys.iter().next().and_then(|k| by_key.get(k)).copied()
            }
            Some(_) => None,
            None => tied.get(acronym.as_str()).and_then(|nodes| {
                let mut roots: Vec<usize> = nodes.iter().map(|&n| union.find(n)).collect();
                roots.sort_unstable();
                roots.dedup();
                (roots.len() == 1).then(|| nodes[0])
            }),
        };
        if let Some(target) = target {
            let into = if target >= cluster_count {
                kept[target - cluster_count].name.clone()
            } else {
                cluster(target).display.clone()
            };
            join(&mut union, &mut merges, target, node, &c.display, &into, MergeRule::Acronym);
        }
    }
    // A lone surname that fits exactly one person with a full name, and recurs in its article:
    // one passing "Amin" (an author's bio, another man of that name) is left plain.
    let mut by_last_word: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for node in 0..cluster_count {
        let c = cluster(node);
        if c.person_like && c.key.contains(' ') {
            let last = c.key.rsplit(' ').next().unwrap_or_default().to_string();
            by_last_word.entry(last).or_default().push(node);
        }
    }
    for node in 0..cluster_count {
        let c = cluster(node);
        if c.key.contains(' ')
            || c.evidence.mentions < 2
            || is_acronym(&c.display)
            || !(c.person_like || c.evidence.person_titles > 0)
        {
            continue;
        }
        let mut roots: Vec<usize> =
            by_last_word.get(&c.key).into_iter().flatten().map(|&n| union.find(n)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 && roots[0] != union.find(node) {
            let into = cluster(roots[0]).display.clone();
            join(&mut union, &mut merges, roots[0], node, &c.display, &into, MergeRule::Surname);
        }
    }

    build_entities(articles, slugs, kept, &nodes, &mut union, merges)
}

/// Whether two spellings of a person's two-word name, used in the articles `a` and `b`, are one
/// person: they meet in one article, or their articles name another person in common. Two
/// people can share a name up to transliteration (the Taliban founder Muhammad Omar, a warlord
/// Mohammad Omar), so spelling alone does not join them across articles.
fn tied_people(
    people: &[BTreeSet<&str>],
    a: &BTreeSet<usize>,
    b: &BTreeSet<usize>,
    key_a: &str,
    key_b: &str,
) -> bool {
    if a.intersection(b).next().is_some() {
        return true;
    }
    let named_with = |articles: &BTreeSet<usize>| -> BTreeSet<&str> {
        articles.iter().flat_map(|&x| people[x].iter().copied()).collect()
    };
    let with_a = named_with(a);
    named_with(b).into_iter().any(|p| p != key_a && p != key_b && with_a.contains(p))
}

fn build_entities(
    articles: &[LocalResolution],
    slugs: &[&str],
    kept: &[KeptEntity],
    nodes: &[(usize, usize)],
    union: &mut UnionFind,
    merges: Vec<(usize, Merge)>,
) -> Resolution {
    let cluster_count = nodes.len();
    let mut entity_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut entity_of_node = vec![0; cluster_count + kept.len()];
    for (node, slot) in entity_of_node.iter_mut().enumerate() {
        let root = union.find(node);
        let entity = *entity_of_root.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[entity].push(node);
        *slot = entity;
    }
    let mut entities: Vec<ResolvedEntity> = members
        .iter()
        .map(|nodes_of_entity| {
            let mut surfaces: BTreeMap<String, u32> = BTreeMap::new();
            let mut displays: BTreeMap<String, u32> = BTreeMap::new();
            let mut evidence = Evidence::default();
            let mut article_set = BTreeSet::new();
            let mut kept_index = None;
            let mut mentions = 0;
            for &node in nodes_of_entity {
                if node >= cluster_count {
                    kept_index = Some(node - cluster_count);
                    continue;
                }
                let (article, index) = nodes[node];
                let c = &articles[article].clusters[index];
                for (surface, count) in &c.surfaces {
                    *surfaces.entry(surface.clone()).or_default() += count;
                }
                *displays.entry(c.display.clone()).or_default() += c.surfaces.values().sum::<u32>();
                evidence.merge(&c.evidence);
                mentions += c.mentions();
                article_set.insert(article);
            }
            let (name, kind, kind_rule) = match kept_index {
                Some(k) => (kept[k].name.clone(), kept[k].kind, "set in the entity file"),
                None => {
                    let name = choose_name(&surfaces, &displays);
                    let mut names: Vec<&str> = vec![name.as_str()];
                    let mut by_count: Vec<(&String, &u32)> = surfaces.iter().collect();
                    by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
                    names.extend(by_count.iter().map(|(s, _)| s.as_str()));
                    let (kind, rule) = classify(names, &evidence);
                    (name, kind, rule)
                }
            };
            ResolvedEntity {
                name,
                kind,
                kind_rule,
                surfaces,
                mentions,
                articles: article_set,
                kept: kept_index,
                merges: Vec::new(),
            }
        })
        .collect();
    for (node, merge) in merges {
        entities[entity_of_node[node]].merges.push(merge);
    }
    let mut cluster_entity: Vec<Vec<usize>> =
        articles.iter().map(|r| vec![0; r.clusters.len()]).collect();
    for (node, &(article, index)) in nodes.iter().enumerate() {
        cluster_entity[article][index] = entity_of_node[node];
    }
    for (article, resolution) in articles.iter().enumerate() {
        for merge in &resolution.merges {
            // A merge inside an article belongs to the entity of the cluster that took the form.
            let key = name_key(&merge.into);
            let holder = resolution
                .clusters
                .iter()
                .position(|c| c.surfaces.contains_key(&merge.into) || c.key == key);
            if let Some(index) = holder {
                let mut merge = merge.clone();
                merge.article = Some(slugs[article].to_string());
                entities[cluster_entity[article][index]].merges.push(merge);
            }
        }
    }
    Resolution { entities, cluster_entity }
}

/// The name an entity goes by: a known place's name, else its most used full (multi-word)
/// name, else its most used name; ties go to the longer, then the alphabetically first.
fn choose_name(surfaces: &BTreeMap<String, u32>, displays: &BTreeMap<String, u32>) -> String {
    let pick = |pool: &BTreeMap<String, u32>| {
        let multi: Vec<(&String, &u32)> = pool.iter().filter(|(s, _)| s.contains(' ')).collect();
        let choices = if multi.is_empty() { pool.iter().collect() } else { multi };
        choices
            .into_iter()
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.len().cmp(&b.0.len())).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
    };
    // A known place goes by its gazetteer name ("United States" for "US", "Iran" for "the
    // Islamic Republic of Iran").
    let gazetteer = Gazetteer::get();
    if let Some(place) = displays.keys().find(|d| gazetteer.place(&fold(d)) == Some(d.as_str())) {
        return place.clone();
    }
    pick(surfaces).unwrap_or_default()
}
