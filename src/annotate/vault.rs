//! `content/` as an Obsidian vault. Obsidian finds the note of `[[X]]` by file name (ignoring
//! case), not by a `name` or `aliases` property, so entity files are named after the entity
//! (`content/entities/Ismail Haniyeh.md`) and every link annotate writes targets a file name.
//! The id (and so the URL, `/entities/ismail-haniyeh/`) stays the slug of the file name.
//!
//! [`note_stem`] chooses a file name, [`Vault`] is Obsidian's rule for finding the note of a
//! link, and [`migrate_names`] moves an archive made before to this naming.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::config::Config;
use crate::ledger::{FileState, Ledger, hash_bytes, write_atomically};
use crate::load::load_site;

use super::markdown::{format_wikilink, parse_prose};
use super::registry::TargetIndex;
use super::state::AnnotateState;

/// Characters Obsidian refuses in a note's name or that end a link target, and those some file
/// system refuses.
const UNSAFE: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|', '#', '^', '[', ']'];
/// Longer names are cut by some file systems and unreadable as links.
const MAX_STEM_BYTES: usize = 100;

/// The file name (without `.md`) for an entity: its name, when that is a safe file name whose
/// slug is the id (gloss takes the id from the file name, so the URL stays); else the id.
pub fn note_stem(name: &str, id: &str) -> String {
    let safe = !name.is_empty()
        && name.trim() == name
        && name.len() <= MAX_STEM_BYTES
        && !name.contains(UNSAFE)
        && !name.chars().any(char::is_control)
        && !name.starts_with('.')
        && !name.ends_with('.')
        && slug::slugify(name) == id;
    if safe { name.to_string() } else { id.to_string() }
}

/// A link target naming the note at `stem` in the folder `folder` of the vault: the file name
/// alone, or `folder/stem` when a note elsewhere has the same name (Obsidian would find that
/// one first from an article).
pub fn link_target(stem: &str, folder: &str, other_notes: &HashSet<String>) -> String {
    if other_notes.contains(&stem.to_lowercase()) {
        format!("{folder}/{stem}")
    } else {
        stem.to_string()
    }
}

/// What Obsidian finds for a link.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// One file (vault-relative path).
    File(String),
    /// Several files fit and none is nearer: Obsidian opens one of them, not the one meant.
    Ambiguous(Vec<String>),
    Missing,
}

/// The files of a vault and Obsidian's rule for the file a link names (its documented
/// behaviour: a path relative to the linking note's folder, else from the vault root, else a
/// file whose name, or trailing path, matches, ignoring case; `.md` when the target names no
/// other file; `#heading` and `#^block` parts name places inside the note).
pub struct Vault {
    /// Lower-cased vault-relative path → the path as it is.
    files: BTreeMap<String, String>,
    /// Lower-cased file name → lower-cased paths with that name.
    by_name: HashMap<String, Vec<String>>,
}

impl Vault {
    /// A vault of `paths` (relative to the vault, `/`-separated).
    pub fn new(paths: impl IntoIterator<Item = String>) -> Vault {
        let mut files = BTreeMap::new();
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for path in paths {
            let lower = path.to_lowercase();
            let name = lower.rsplit('/').next().unwrap_or(&lower).to_string();
            by_name.entry(name).or_default().push(lower.clone());
            files.insert(lower, path);
        }
        Vault { files, by_name }
    }

    /// The vault's files under `dir`, as Obsidian lists them (folders starting with a dot left
    /// out).
    pub fn open(dir: &Path) -> Vault {
        Vault::new(crate::load::visible_files(dir).into_iter().map(|(name, _)| name))
    }

    /// The file `[[target]]` opens, written in the note at `source` (vault-relative).
    pub fn resolve(&self, target: &str, source: &str) -> Found {
        let path = target.split('#').next().unwrap_or(target).trim();
        if path.is_empty() {
            return Found::File(source.to_string());
        }
        let lower = path.to_lowercase();
        let with_md = format!("{lower}.md");
        // A target that names a file as it is (an image, `note.md`) needs no `.md`.
        let wanted: Vec<&str> = if self.by_name.contains_key(last(&lower)) {
            vec![&lower, &with_md]
        } else {
            vec![&with_md]
        };
        let folder = source.rsplit_once('/').map(|(folder, _)| folder.to_lowercase());
        for want in &wanted {
            if let Some(folder) = &folder {
                if let Some(found) = self.files.get(&format!("{folder}/{want}")) {
                    return Found::File(found.clone());
                }
            }
            if let Some(found) = self.files.get(*want) {
                return Found::File(found.clone());
            }
            let suffix = format!("/{want}");
            let fits: Vec<String> = self
                .by_name
                .get(last(want))
                .into_iter()
                .flatten()
                .filter(|p| p.ends_with(&suffix))
                .map(|p| self.files[p].clone())
                .collect();
            match fits.len() {
                0 => continue,
                1 => return Found::File(fits.into_iter().next().expect("one")),
                _ => return Found::Ambiguous(fits),
            }
        }
        Found::Missing
    }
}

fn last(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// What [`migrate_names`] did (or, in a dry run, would do).
#[derive(Debug, Default)]
pub struct Migration {
    /// Entity files renamed, from → to (relative to the site root).
    pub renamed: Vec<(PathBuf, PathBuf)>,
    /// Links whose target changed so that Obsidian finds the entity.
    pub links_retargeted: usize,
    /// Files whose links changed.
    pub files_changed: Vec<PathBuf>,
    /// Entity files left as they are, with why.
    pub skipped: Vec<String>,
}

/// Moves an archive to the vault naming: each entity file is renamed after its entity (its id,
/// and so its URL, unchanged), and each link Obsidian would not resolve to the entity gloss
/// resolves it to is retargeted at the entity's file name, keeping its shown text:
/// `[[Haniyeh]]` → `[[Ismail Haniyeh|Haniyeh]]`. Nothing else changes: a person's edits to
/// entity files and articles are kept byte for byte, the ledger and annotate's record follow the
/// renames, and a file gloss wrote stays gloss's own. All or nothing: any file that does not
/// load stops it before anything is written.
pub fn migrate_names(config: &Config, dry_run: bool) -> Result<Migration> {
    let root = config.root.as_path();
    let loaded = load_site(config);
    let errors: Vec<String> =
        loaded.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    if !errors.is_empty() {
        bail!("nothing migrated: fix these first:\n{}", errors.join("\n"));
    }
    let site = loaded.site;
    let mut ledger = Ledger::load(config)?;
    let mut state = AnnotateState::load(config)?;
    let content = config.content_dir();
    let entities_dir = config.entities_dir();
    let folder = ENTITIES_FOLDER;
    let vault_path = |path: &Path| -> String {
        let absolute = root.join(path);
        let relative = absolute.strip_prefix(&content).unwrap_or(&absolute);
        relative.to_string_lossy().replace('\\', "/")
    };

    // The new file name of each entity.
    let mut migration = Migration::default();
    let mut taken: HashSet<String> = std::fs::read_dir(&entities_dir)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let mut stem_of: HashMap<&str, String> = HashMap::new();
    for entity in &site.entities {
        let stem = file_stem(&entity.path);
        let wanted = note_stem(&entity.meta.name, &entity.id);
        if wanted == stem {
            stem_of.insert(&entity.id, stem);
            continue;
        }
        let name = format!("{wanted}.md");
        let case_only = name.to_lowercase() == format!("{stem}.md").to_lowercase();
        if !case_only && !taken.insert(name.to_lowercase()) {
            migration
                .skipped
                .push(format!("{}: {name} is taken; left as it is", entity.path.display()));
            stem_of.insert(&entity.id, stem);
            continue;
        }
        let to = entity.path.with_file_name(&name);
        migration.renamed.push((entity.path.clone(), to));
        stem_of.insert(&entity.id, wanted);
    }

    // The vault as it will be, and the target that finds each entity from an article.
    let renamed: HashMap<String, String> = migration
        .renamed
        .iter()
        .map(|(from, to)| (vault_path(from).to_lowercase(), vault_path(to)))
        .collect();
    let before = Vault::open(&content);
    let vault = Vault::new(
        before
            .files
            .iter()
            .map(|(lower, path)| renamed.get(lower).cloned().unwrap_or(path.clone())),
    );
    let other_notes: HashSet<String> = site
        .articles
        .iter()
        .map(|a| &a.path)
        .chain(site.pages.iter().map(|p| &p.path))
        .map(|path| file_stem(path).to_lowercase())
        .collect();
    let file_of: HashMap<&str, String> =
        stem_of.iter().map(|(id, stem)| (*id, format!("{folder}/{stem}.md"))).collect();
    let target_of: HashMap<&str, String> =
        stem_of.iter().map(|(id, stem)| (*id, link_target(stem, folder, &other_notes))).collect();
    let targets = TargetIndex::of_entities(&site.entities);
    // The target to write instead of `target` in the note at `source`, if it needs one.
    let retarget = |target: &str, source: &str| -> Option<String> {
        let (path, heading) = match target.split_once('#') {
            Some((path, heading)) => (path, Some(heading)),
            None => (target, None),
        };
        let id = targets.resolve(path)?;
        if vault.resolve(target, source) == Found::File(file_of[id].clone()) {
            return None;
        }
        let new = target_of[id].clone();
        Some(match heading {
            Some(heading) => format!("{new}#{heading}"),
            None => new,
        })
    };

    // Links in articles, free pages and entity descriptions.
    let mut writes: Vec<(PathBuf, String, bool)> = Vec::new();
    let documents = site
        .articles
        .iter()
        .map(|a| (&a.path, &a.body, Some(a.slug.as_str())))
        .chain(site.pages.iter().map(|p| (&p.path, &p.body, None)))
        .chain(site.entities.iter().map(|e| (&e.path, &e.description, None)));
    for (path, body, slug) in documents {
        let source = vault_path(renamed_path(path, &migration.renamed));
        let mut new_body = String::with_capacity(body.len());
        let mut cursor = 0;
        let mut changed = 0;
        for link in parse_prose(body).wikilinks {
            let Some(target) = retarget(&link.target, &source) else { continue };
            new_body.push_str(&body[cursor..link.range.start]);
            new_body.push_str(&format_wikilink(&target, &link.shown));
            cursor = link.range.end;
            changed += 1;
        }
        if changed == 0 {
            continue;
        }
        new_body.push_str(&body[cursor..]);
        let text = std::fs::read_to_string(root.join(path))
            .with_context(|| format!("cannot read {}", path.display()))?;
        let Some(front) = text.strip_suffix(body.as_str()) else {
            migration.skipped.push(format!("{}: changed while migrating", path.display()));
            continue;
        };
        let as_written = ledger.state_of(root, path)? == FileState::AsWritten;
        if let Some(slug) = slug {
            state.retarget(slug, |target| retarget(target, &source));
        }
        migration.links_retargeted += changed;
        migration.files_changed.push(path.clone());
        writes.push((path.clone(), format!("{front}{new_body}"), as_written));
    }
    if dry_run {
        return Ok(migration);
    }
    for (path, text, as_written) in writes {
        write_atomically(&root.join(&path), text.as_bytes())?;
        if as_written {
            ledger.record_written(&path, hash_bytes(text.as_bytes()));
        }
    }
    for (from, to) in &migration.renamed {
        std::fs::rename(root.join(from), root.join(to))
            .with_context(|| format!("cannot rename {} to {}", from.display(), to.display()))?;
        ledger.rename(from, to);
        state.rename_entity(&ledger_key(from), &ledger_key(to));
    }
    state.save()?;
    ledger.save()?;
    Ok(migration)
}

/// The path a file has after `renamed`.
fn renamed_path<'a>(path: &'a Path, renamed: &'a [(PathBuf, PathBuf)]) -> &'a Path {
    renamed.iter().find(|(from, _)| from == path).map_or(path, |(_, to)| to.as_path())
}

pub fn file_stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A path relative to the site root as the ledger and annotate's record key it.
pub fn ledger_key(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// A link target without the entities folder that [`link_target`] may put before it:
/// `entities/Kabul` names the entity Kabul.
pub fn without_folder(target: &str) -> &str {
    match target.split_once('/') {
        Some((folder, rest)) if folder.eq_ignore_ascii_case(ENTITIES_FOLDER) => rest,
        _ => target,
    }
}

/// The folder of entity files inside `content/`.
pub const ENTITIES_FOLDER: &str = "entities";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_files_after_entities_unless_the_url_would_change() {
        assert_eq!(note_stem("Ismail Haniyeh", "ismail-haniyeh"), "Ismail Haniyeh");
        // Two entities named alike: the second keeps its id as its name.
        assert_eq!(note_stem("Taliban", "taliban-2"), "taliban-2");
        // Renamed by a person: the file keeps the id.
        assert_eq!(note_stem("Ismail Haniya", "ismail-haniyeh"), "ismail-haniyeh");
        assert_eq!(note_stem("AC/DC", "ac-dc"), "ac-dc");
        assert_eq!(note_stem("Lina O'Brook", "lina-o-brook"), "Lina O'Brook");
        assert_eq!(note_stem("Lina O'Brook", "lina-obrook"), "lina-obrook");
    }

    fn vault() -> Vault {
        Vault::new(
            [
                "articles/kabul.md",
                "articles/talks.md",
                "entities/Kabul.md",
                "entities/Lina Brook.md",
                "entities/lina-brook-2.md",
                "images/map.png",
                "pages/about.md",
                "pages/Lina Brook.md",
            ]
            .map(String::from),
        )
    }

    #[test]
    fn finds_notes_by_file_name_ignoring_case_as_obsidian_does() {
        let vault = vault();
        let from = "articles/talks.md";
        assert_eq!(
            vault.resolve("lina-brook-2", from),
            Found::File("entities/lina-brook-2.md".into())
        );
        assert_eq!(vault.resolve("ABOUT#Contact", from), Found::File("pages/about.md".into()));
        assert_eq!(vault.resolve("map.png", from), Found::File("images/map.png".into()));
        assert_eq!(vault.resolve("Lina Brook Smith", from), Found::Missing);
        // Obsidian does not read aliases or names in front matter.
        assert_eq!(vault.resolve("Brook", from), Found::Missing);
    }

    #[test]
    fn a_note_in_the_linking_notes_folder_comes_first_and_two_elsewhere_are_ambiguous() {
        let vault = vault();
        assert_eq!(
            vault.resolve("Kabul", "articles/talks.md"),
            Found::File("articles/kabul.md".into())
        );
        assert_eq!(
            vault.resolve("entities/Kabul", "articles/talks.md"),
            Found::File("entities/Kabul.md".into())
        );
        assert!(matches!(vault.resolve("Lina Brook", "articles/talks.md"), Found::Ambiguous(_)));
        let others: HashSet<String> = ["kabul".to_string()].into();
        assert_eq!(link_target("Kabul", "entities", &others), "entities/Kabul");
        assert_eq!(link_target("Lina Brook", "entities", &others), "Lina Brook");
    }
}
