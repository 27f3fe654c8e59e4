//! Which output folder gloss may write into, and which files in it are its own.
//!
//! gloss deletes or overwrites only what it wrote: every build leaves a list of its files in
//! the output folder ([`OWNED_LIST`]), and a later build removes only files on that list. A
//! folder that holds other files and no such list is refused unless forced; even then the
//! files gloss does not produce are kept.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The list of files gloss wrote into an output folder, one `/`-separated path a line.
pub const OWNED_LIST: &str = ".gloss-files";

/// Folders of the site that hold its sources: no output folder may lie inside one.
const SOURCE_FOLDERS: [&str; 5] = ["content", "themes", "templates", "static", ".gloss"];

/// Refuses an output folder that holds the site, lies inside its sources, or holds files gloss
/// did not write (unless `force`: gloss then writes its files and keeps the others). The site's
/// own `dist/` is gloss's by convention (and may come from a gloss that kept no list), and so is
/// `.gloss/serve/`, where `gloss serve` builds: they are never refused, and there too only files
/// on the list are ever removed.
pub fn check_out_dir(out_dir: &Path, site_root: &Path, force: bool) -> Result<()> {
    let out = real(out_dir);
    let root = real(site_root);
    if root.starts_with(&out) {
        bail!(
            "refusing to build into {}: it holds the site's sources and would be replaced",
            out_dir.display()
        );
    }
    let own_folder = out == root.join("dist") || out == root.join(".gloss").join("serve");
    if own_folder {
        return Ok(());
    }
    if let Some(folder) = SOURCE_FOLDERS.iter().find(|f| out.starts_with(root.join(f))) {
        bail!(
            "refusing to build into {}: it is inside the site's {folder}/ folder, which a build \
             would overwrite; choose a folder outside content/, themes/, templates/ and static/",
            out_dir.display()
        );
    }
    if out.parent().is_none() {
        bail!("refusing to build into {}", out_dir.display());
    }
    if force || out.join(OWNED_LIST).is_file() {
        return Ok(());
    }
    if let Some(foreign) = first_entry(&out) {
        bail!(
            "refusing to build into {}: it holds files gloss did not write (such as {}); empty \
             it, choose another folder, or pass --force to write the site there and keep every \
             file gloss does not produce",
            out_dir.display(),
            foreign.to_string_lossy()
        );
    }
    Ok(())
}

/// The files gloss wrote into `out_dir`, as its list says (none without a list).
pub fn read_owned(out_dir: &Path) -> Vec<String> {
    match std::fs::read_to_string(out_dir.join(OWNED_LIST)) {
        Ok(text) => text.lines().filter(|l| is_plain(l)).map(str::to_string).collect(),
        Err(_) => Vec::new(),
    }
}

/// Stages the list of `paths` as the files gloss wrote into `out_dir` into the staging folder
/// `staging`, to be switched into place with them; returns false, and stages nothing, when the
/// list in `out_dir` already says the same (a build that changes nothing writes nothing).
pub(super) fn stage_list<'a>(
    out_dir: &Path,
    staging: &Path,
    paths: impl Iterator<Item = &'a str>,
) -> Result<bool> {
    let text = list_text(paths);
    if std::fs::read(out_dir.join(OWNED_LIST)).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(false);
    }
    let staged = staging.join(OWNED_LIST);
    std::fs::write(&staged, text).with_context(|| format!("cannot write {}", staged.display()))?;
    Ok(true)
}

fn list_text<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_unstable();
    let mut text = String::with_capacity(paths.iter().map(|p| p.len() + 1).sum());
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Records `paths` as the files gloss wrote into `out_dir` (as an earlier build left them).
#[cfg(test)]
pub fn write_owned<'a>(out_dir: &Path, paths: impl Iterator<Item = &'a str>) -> Result<()> {
    std::fs::create_dir_all(out_dir)?;
    std::fs::write(out_dir.join(OWNED_LIST), list_text(paths))?;
    Ok(())
}

/// A path the list may name: plain components only, so a doctored list cannot reach outside
/// the output folder.
fn is_plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path).components().all(|c| matches!(c, Component::Normal(_)))
}

fn first_entry(dir: &Path) -> Option<std::ffi::OsString> {
    let mut entries = std::fs::read_dir(dir).ok()?;
    entries.find_map(|e| e.ok()).map(|e| e.file_name())
}

/// `path` absolute, through real folders as far as they exist (a symbolic link to the sources
/// is the sources), with `.` and `..` resolved.
fn real(path: &Path) -> PathBuf {
    let absolute = super::absolute(path);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["content/articles", "themes/default/static", "templates", "static"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        dir
    }

    #[test]
    fn out_dir_may_not_hold_or_lie_inside_the_sources() {
        let site = site();
        let root = site.path();
        assert!(check_out_dir(root, root, true).is_err());
        assert!(check_out_dir(root.parent().unwrap(), root, true).is_err());
        for inside in ["content/x", "themes", "themes/default", "templates", "static", ".gloss"] {
            let error = check_out_dir(&root.join(inside), root, true).unwrap_err();
            assert!(error.to_string().contains("refusing"), "{inside}: {error}");
        }
        assert!(check_out_dir(&root.join("dist"), root, false).is_ok());
        // `gloss serve` builds into its own folder inside the cache folder.
        std::fs::create_dir_all(root.join(".gloss/serve")).unwrap();
        std::fs::write(root.join(".gloss/serve/index.html"), "an older preview").unwrap();
        assert!(check_out_dir(&root.join(".gloss/serve"), root, false).is_ok());
        assert!(check_out_dir(&root.join(".gloss/serve/x"), root, true).is_err());
        assert!(check_out_dir(&root.join("themes/../dist"), root, false).is_ok());
        // The site's own dist/ is gloss's even before it kept a list of its files there.
        std::fs::create_dir_all(root.join("dist")).unwrap();
        std::fs::write(root.join("dist/index.html"), "an older build").unwrap();
        assert!(check_out_dir(&root.join("dist"), root, false).is_ok());
    }

    #[test]
    fn a_symbolic_link_into_the_sources_is_the_sources() {
        let site = site();
        let link = site.path().join("public");
        std::os::unix::fs::symlink(site.path().join("templates"), &link).unwrap();
        assert!(check_out_dir(&link, site.path(), true).is_err());
    }

    #[test]
    fn a_folder_with_files_gloss_did_not_write_needs_force() {
        let site = site();
        let out = site.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        assert!(check_out_dir(&out, site.path(), false).is_ok(), "an empty folder is fine");
        std::fs::write(out.join("thesis.pdf"), "mine").unwrap();
        let error = check_out_dir(&out, site.path(), false).unwrap_err().to_string();
        assert!(error.contains("thesis.pdf") && error.contains("--force"), "{error}");
        assert!(check_out_dir(&out, site.path(), true).is_ok());
        write_owned(&out, ["index.html"].into_iter()).unwrap();
        assert!(check_out_dir(&out, site.path(), false).is_ok(), "gloss wrote there before");
    }

    #[test]
    fn the_owned_list_names_only_plain_paths() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(OWNED_LIST), "b.html\n../x\n/etc/passwd\na/index.html\n\n")
            .unwrap();
        assert_eq!(read_owned(dir.path()), ["b.html", "a/index.html"]);
        write_owned(dir.path(), ["z", "a"].into_iter()).unwrap();
        assert_eq!(read_owned(dir.path()), ["a", "z"]);
    }
}
