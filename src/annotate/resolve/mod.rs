//! Resolution: candidates → entities. First inside each article ([`local`]: short forms join
//! the full name used there), then across the archive ([`corpus`]: the same name, its
//! transliteration variants, acronyms and lone surnames join), on aggregated clusters rather
//! than on every pair of mentions.

pub mod corpus;
pub mod local;

/// Why two names were taken as one thing: kept for `gloss annotate --explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeRule {
    /// The same name (after folding case, accents, "the", initials).
    SameName,
    /// A spelling variant: same consonant skeleton, close spelling.
    Transliteration,
    /// A surname, given name or part of a full name used in the same article.
    ShortForm,
    /// The head of an organisation's name ("Emirate" for "Islamic Emirate").
    HeadOfName,
    /// An acronym defined next to its expansion, or matching its initials.
    Acronym,
    /// A full name written in both clusters.
    SharedFullName,
    /// A lone surname matching the one person with that surname in the archive.
    Surname,
    /// A name or alias listed in an entity file a person keeps.
    Registry,
}

impl MergeRule {
    pub fn describe(self) -> &'static str {
        match self {
            MergeRule::SameName => "same name",
            MergeRule::Transliteration => "spelling variant",
            MergeRule::ShortForm => "short form of the full name in the same article",
            MergeRule::HeadOfName => "head of the organisation's name in the same article",
            MergeRule::Acronym => "acronym of the name",
            MergeRule::SharedFullName => "a full name both use",
            MergeRule::Surname => "the only person in the archive with this surname",
            MergeRule::Registry => "listed in the entity file",
        }
    }
}

/// One decision to treat two names as one thing.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Merge {
    pub from: String,
    pub into: String,
    pub rule: MergeRule,
    /// The article where it was decided, for merges inside one article.
    pub article: Option<String>,
}

impl Merge {
    pub fn new(from: String, into: String, rule: MergeRule, article: Option<String>) -> Merge {
        Merge { from, into, rule, article }
    }
}

/// Disjoint sets over `0..n`, with path halving.
#[derive(Debug)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind { parent: (0..n).collect() }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins the sets of `keep` and `join`; `keep`'s root stays the root.
    pub fn union(&mut self, keep: usize, join: usize) -> bool {
        let (a, b) = (self.find(keep), self.find(join));
        if a != b {
            self.parent[b] = a;
        }
        a != b
    }
}

#[cfg(test)]
mod tests;
