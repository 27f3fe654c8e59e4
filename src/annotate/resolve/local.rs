//! Resolution inside one article: the candidates of an article → clusters, one per thing named.
//! A short form joins the full name used in the same article ("Haniyeh" → Ismail Haniyeh,
//! "Mr. Omar" → Mohammad Omar, "IEA" → Islamic Emirate of Afghanistan); a short form that fits
//! two full names (a daughter and her father) goes, mention by mention, to the one named most
//! recently.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::super::classify::{Evidence, is_acronym, looks_like_person};
use super::super::detect::{AcronymDefinition, Candidate};
use super::super::fold::{fold, name_key, name_skeleton, same_name, same_token};
use super::super::gazetteer::Gazetteer;
use super::{Merge, MergeRule, UnionFind};

/// Appended to the key of a city's name that stands for its team.
pub const TEAM_KEY: &str = " (team)";

/// Everything one article says about one thing.
#[derive(Clone, Debug)]
pub struct LocalCluster {
    /// Its fullest name in this article (a known place's canonical name for places).
    pub display: String,
    pub key: String,
    /// Each surface form as written → mentions.
    pub surfaces: BTreeMap<String, u32>,
    pub evidence: Evidence,
    pub person_like: bool,
    /// Acronym forms tied to it here, folded.
    pub acronyms: Vec<String>,
    /// Mentions that only restate the name as the acronym it defines ("... Commission (HAC)"):
    /// linked, but not counted as mentions of their own.
    pub restated: u32,
}

impl LocalCluster {
    /// Its mentions, an acronym defined in place counting as part of the name it defines.
    pub fn mentions(&self) -> u32 {
        self.surfaces.values().sum::<u32>() - self.restated
    }
}

/// The clusters of one article and, per candidate, the cluster it belongs to.
#[derive(Debug, Default)]
pub struct LocalResolution {
    pub clusters: Vec<LocalCluster>,
    pub assignment: Vec<usize>,
    pub merges: Vec<Merge>,
    /// Acronym definitions seen in the article: folded acronym → long key.
    pub definitions: Vec<(String, String)>,
}

/// Distinct spellings of one name in the article, before short forms join full names.
struct Form {
    key: String,
    words: Vec<String>,
    surfaces: BTreeMap<String, u32>,
    mentions: Vec<usize>,
    evidence: Evidence,
    place: Option<&'static str>,
    acronym: bool,
    person_like: bool,
}

impl Form {
    fn count(&self) -> u32 {
        self.mentions.len() as u32
    }

    fn display(&self) -> String {
        if let Some(place) = self.place {
            return place.to_string();
        }
        let best = self.surfaces.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
        best.map(|(s, _)| s.clone()).unwrap_or_default()
    }

    /// The words before the first "of"/"for": "islamic emirate" of "islamic emirate of afghanistan".
    fn head_words(&self) -> &[String] {
        let end = self
            .words
            .iter()
            .position(|w| matches!(w.as_str(), "of" | "for" | "on"))
            .unwrap_or(self.words.len());
        &self.words[..end]
    }
}

/// Institution words too common to stand alone for one institution ("the Ministry").
const GENERIC_HEADS: &[&str] = &[
    "ministry",
    "department",
    "office",
    "council",
    "committee",
    "party",
    "front",
    "network",
    "group",
    "university",
    "center",
    "centre",
    "bank",
    "agency",
    "army",
    "forces",
    "police",
    "court",
    "commission",
    "union",
    "league",
    "movement",
    "organisation",
    "organization",
    "institute",
    "foundation",
    "association",
    "society",
    "times",
    "news",
    "state",
    "republic",
    "kingdom",
    "city",
    "province",
    "district",
];

/// How a shorter form stands for a longer one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    FirstWord,
    LastWord,
    Words,
    Acronym,
    Head,
}

/// The key a candidate is grouped by, and the canonical place it names if it is a known place.
pub fn form_key(surface: &str) -> (String, Option<&'static str>) {
    let gazetteer = Gazetteer::get();
    let folded = fold(surface);
    let key = name_key(surface);
    match gazetteer.place(&folded).or_else(|| gazetteer.place(&key)) {
        Some(place) => (name_key(place), Some(place)),
        None => (key, None),
    }
}

/// Resolves the candidates of one article into clusters.
pub fn resolve_article(
    candidates: &[Candidate],
    acronyms: &[AcronymDefinition],
) -> LocalResolution {
    let mut forms: Vec<Form> = Vec::new();
    let mut form_of_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut form_of_mention = Vec::with_capacity(candidates.len());
    for (index, candidate) in candidates.iter().enumerate() {
        let (key, place) = form_key(&candidate.surface);
        let form = *form_of_key.entry(key.clone()).or_insert_with(|| {
            forms.push(Form {
                words: key.split(' ').map(str::to_string).collect(),
                key,
                surfaces: BTreeMap::new(),
                mentions: Vec::new(),
                evidence: Evidence::default(),
                place,
                acronym: is_acronym(&candidate.surface),
                person_like: false,
            });
            forms.len() - 1
        });
        *forms[form].surfaces.entry(candidate.surface.clone()).or_default() += 1;
        forms[form].mentions.push(index);
        // A title has no words around a name that say what it is.
        if !candidate.in_title {
            forms[form].evidence.add(candidate);
        }
        form_of_mention.push(form);
    }
    for form in &mut forms {
        form.person_like = form.place.is_none()
            && !form.acronym
            && looks_like_person(&form.display(), &form.evidence);
    }
    let definitions: Vec<(String, String)> =
        acronyms.iter().map(|d| (fold(&d.acronym), form_key(&d.long).0)).collect();

    let mut merges = Vec::new();
    let mut union = UnionFind::new(forms.len());
    join_spelling_variants(&forms, &mut union, &mut merges);
    join_names_the_text_ties(&forms, &definitions, &mut union, &mut merges);

    // Longer forms first, so a short form finds the cluster its container already joined.
    let mut order: Vec<usize> = (0..forms.len()).collect();
    order.sort_by_key(|&f| {
        (
            std::cmp::Reverse(forms[f].words.len()),
            std::cmp::Reverse(forms[f].count()),
            forms[f].mentions[0],
        )
    });
    // Short forms that fit several clusters: assigned mention by mention afterwards.
    let mut ambiguous: Vec<(usize, Vec<(usize, Fit)>)> = Vec::new();
    for &short in &order {
        let mut fits: Vec<(usize, Fit)> = Vec::new();
        for (long, long_form) in forms.iter().enumerate() {
            if long_form.words.len() <= forms[short].words.len() {
                continue;
            }
            if let Some(fit) = fits_into(&forms[short], long_form, &definitions) {
                let root = union.find(long);
                if root != union.find(short) && !fits.iter().any(|&(r, _)| r == root) {
                    fits.push((root, fit));
                }
            }
        }
        match fits.len() {
            0 => {}
            1 => {
                let (root, fit) = fits[0];
                merges.push(local_merge(&forms[short], &forms[root], fit));
                union.union(root, short);
            }
            _ => {
                // A name that contains another fitting name is someone else named after them
                // (Haniyeh's son "Abdul Salam Ismail Haniyeh"): the shorter full name keeps
                // the short form.
                let minimal: Vec<(usize, Fit)> = fits
                    .iter()
                    .copied()
                    .filter(|&(root, _)| {
                        !fits.iter().any(|&(other, _)| {
                            other != root && contains_words(&forms[root].words, &forms[other].words)
                        })
                    })
                    .collect();
                if minimal.len() == 1 {
                    let (root, fit) = minimal[0];
                    merges.push(local_merge(&forms[short], &forms[root], fit));
                    union.union(root, short);
                } else {
                    ambiguous.push((short, if minimal.is_empty() { fits } else { minimal }));
                }
            }
        }
    }

    // Clusters are the roots; ambiguous forms' mentions go to the nearest full name.
    let mut cluster_of_root: FxHashMap<usize, usize> = FxHashMap::default();
    let mut clusters: Vec<LocalCluster> = Vec::new();
    let mut assignment = vec![usize::MAX; candidates.len()];
    let ambiguous_forms: FxHashMap<usize, &Vec<(usize, Fit)>> =
        ambiguous.iter().map(|(f, fits)| (*f, fits)).collect();
    for (index, &form) in form_of_mention.iter().enumerate() {
        let root = match ambiguous_forms.get(&form) {
            Some(fits) => nearest_fit(index, candidates, fits, &form_of_mention, &mut union),
            None => union.find(form),
        };
        let cluster = *cluster_of_root.entry(root).or_insert_with(|| {
            clusters.push(LocalCluster {
                display: forms[root].display(),
                key: forms[root].key.clone(),
                surfaces: BTreeMap::new(),
                evidence: Evidence::default(),
                person_like: forms[root].person_like,
                acronyms: Vec::new(),
                restated: 0,
            });
            clusters.len() - 1
        });
        let candidate = &candidates[index];
        *clusters[cluster].surfaces.entry(candidate.surface.clone()).or_default() += 1;
        if !candidate.in_title {
            clusters[cluster].evidence.add(candidate);
        }
        clusters[cluster].restated += u32::from(candidate.restates);
        if forms[form].acronym {
            let folded = fold(&candidate.surface);
            if !clusters[cluster].acronyms.contains(&folded) {
                clusters[cluster].acronyms.push(folded);
            }
        }
        assignment[index] = cluster;
    }
    // "Seattle" for the Mariners in a sports report is another entity than the city: its own
    // key keeps it apart from the city across articles.
    let gazetteer = Gazetteer::get();
    for cluster in &mut clusters {
        if cluster.evidence.names_a_team()
            && gazetteer.place(&cluster.key).is_none()
            && gazetteer.is_place_or_city(&cluster.key)
        {
            cluster.key.push_str(TEAM_KEY);
            cluster.evidence.teams = cluster.evidence.mentions;
        }
    }
    LocalResolution { clusters, assignment, merges, definitions }
}

/// Spellings of one name in the same article (Taleban and Taliban) are one form.
/// Names the text itself ties ("Long Name (ACR)", "ACR, often called Other Name") are one,
/// before short forms are fitted: an acronym given two expansions in one article ("the TTP,
/// often called the Pakistani Taliban") joins both.
fn join_names_the_text_ties(
    forms: &[Form],
    definitions: &[(String, String)],
    union: &mut UnionFind,
    merges: &mut Vec<Merge>,
) {
    let find = |key: &str| {
        let key = key.replace(' ', "");
        forms.iter().position(|f| f.key.replace(' ', "") == key)
    };
    for (other, long_key) in definitions {
        if let (Some(short), Some(long)) = (find(other), find(long_key))
            && union.find(short) != union.find(long)
        {
            union.union(long, short);
            merges.push(local_merge(&forms[short], &forms[long], Fit::Acronym));
        }
    }
}

fn join_spelling_variants(forms: &[Form], union: &mut UnionFind, merges: &mut Vec<Merge>) {
    let mut by_skeleton: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (index, form) in forms.iter().enumerate() {
        if !form.acronym {
            by_skeleton.entry(name_skeleton(&form.key)).or_default().push(index);
        }
    }
    for group in by_skeleton.values().filter(|g| g.len() > 1) {
        for (i, &a) in group.iter().enumerate() {
            for &b in &group[i + 1..] {
                if union.find(a) != union.find(b) && same_name(&forms[a].key, &forms[b].key) {
                    let (keep, join) =
                        if forms[a].count() >= forms[b].count() { (a, b) } else { (b, a) };
                    merges.push(Merge::new(
                        forms[join].display(),
                        forms[keep].display(),
                        MergeRule::Transliteration,
                        None,
                    ));
                    union.union(keep, join);
                }
            }
        }
    }
}

/// How `short` may stand for `long` in one article, if it may.
fn fits_into(short: &Form, long: &Form, definitions: &[(String, String)]) -> Option<Fit> {
    // A second name the text itself gave ("X, known as Y"), either way round ("the NLF,
    // often called the Northern Front").
    let defined = definitions.iter().any(|(other, long_key)| {
        let other = other.replace(' ', "");
        (other == short.key.replace(' ', "") && *long_key == long.key)
            || (other == long.key.replace(' ', "") && *long_key == short.key)
    });
    if defined && !(short.acronym && long.acronym) {
        return Some(Fit::Acronym);
    }
    if short.acronym {
        if long.acronym {
            return None;
        }
        let defined = definitions.iter().any(|(acronym, long_key)| {
            *acronym == short.key.replace(' ', "") && *long_key == long.key
        });
        let initials = !long.person_like
            && long.words.len() >= 2
            && initials(&long.words) == short.key.replace(' ', "");
        return (defined || initials).then_some(Fit::Acronym);
    }
    if short.place.is_some() && long.place.is_none() {
        return None;
    }
    let (s, l) = (&short.words, &long.words);
    // "the Houthis" is the group named after a family, not its leader: people are not
    // "the X".
    let group_like = short.evidence.after_the * 2 > short.count();
    if long.person_like && group_like {
        return None;
    }
    if long.person_like {
        if s.len() == 1 {
            if same_token(&s[0], l.last()?) {
                return Some(Fit::LastWord);
            }
            // A given name alone is common to many people: only a rare one, spelt the same,
            // stands for the full name ("the Prophet Muhammad" is no short form of "Muhammad
            // Karimi"; "Hareer" may be of "Hareer Hashim").
            let common = Gazetteer::get().is_first_name(&s[0]);
            return (s[0] == l[0] && !common).then_some(Fit::FirstWord);
        }
        let contiguous = l.windows(s.len()).any(|w| w.iter().zip(s).all(|(a, b)| same_token(a, b)));
        return (contiguous && short.count() <= long.count()).then_some(Fit::Words);
    }
    // "Riverton Mariners" → "the Mariners": a club or paper named after its city goes by the
    // rest of its name.
    let folded: Vec<&str> = l.iter().map(String::as_str).collect();
    let lead = Gazetteer::get().leading_place_words(&folded);
    if lead > 0 && s.len() == l.len() - lead && l[lead..] == s[..] {
        return Some(Fit::Head);
    }
    let head = long.head_words();
    if head.len() < l.len() && head.len() == s.len() && head.iter().zip(s).all(|(a, b)| a == b) {
        return Some(Fit::Head);
    }
    // "the Emirate" for "Islamic Emirate": only an institution word may stand for the name
    // ("Taliban" is no head of "Afghan Taliban").
    let last = head.last()?;
    let institution =
        Gazetteer::get().cue_kind(last).is_some() && !GENERIC_HEADS.contains(&last.as_str());
    (s.len() == 1 && head.len() > 1 && s[0] == *last && institution).then_some(Fit::Head)
}

/// "islamic emirate of afghanistan" → "iea": first letters of the words that are not
/// connectors, splitting hyphenated words ("tehrik i taliban pakistan" → "ttp").
pub fn initials(words: &[String]) -> String {
    words
        .iter()
        .flat_map(|w| w.split(' '))
        .filter(|w| !matches!(*w, "of" | "for" | "and" | "the" | "i" | "e" | "al" | "ul" | "de"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Whether `inner` appears as consecutive words inside the longer `outer`.
fn contains_words(outer: &[String], inner: &[String]) -> bool {
    outer.len() > inner.len() && outer.windows(inner.len()).any(|w| w == inner)
}

/// The cluster among `fits` named most recently before mention `index` (else soonest after);
/// a "Mr."/"Ms." before a single word prefers names it is the last word of.
fn nearest_fit(
    index: usize,
    candidates: &[Candidate],
    fits: &[(usize, Fit)],
    form_of_mention: &[usize],
    union: &mut UnionFind,
) -> usize {
    let honorific = candidates[index]
        .titles
        .iter()
        .any(|t| matches!(t.as_str(), "mr" | "mrs" | "ms" | "miss" | "dr"));
    let preferred: Vec<usize> =
        fits.iter().filter(|(_, fit)| *fit == Fit::LastWord).map(|(root, _)| *root).collect();
    let roots: Vec<usize> = if honorific && !preferred.is_empty() {
        preferred
    } else {
        fits.iter().map(|(root, _)| *root).collect()
    };
    let root_of = |m: usize, union: &mut UnionFind| union.find(form_of_mention[m]);
    for m in (0..index).rev() {
        let root = root_of(m, union);
        if roots.contains(&root) {
            return root;
        }
    }
    for m in index + 1..candidates.len() {
        let root = root_of(m, union);
        if roots.contains(&root) {
            return root;
        }
    }
    roots[0]
}

fn local_merge(short: &Form, long: &Form, fit: Fit) -> Merge {
    let rule = match fit {
        Fit::Acronym => MergeRule::Acronym,
        Fit::Head => MergeRule::HeadOfName,
        Fit::FirstWord | Fit::LastWord | Fit::Words => MergeRule::ShortForm,
    };
    Merge::new(short.display(), long.display(), rule, None)
}
