//! A newcomer's first steps, run on the binary in an empty folder: `init`, `import` of a raw
//! text file, `build`, `check`; and what gloss says where there is no site.

use std::path::Path;
use std::process::Command;

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn gloss(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "gloss panicked:\n{stderr}");
    Run { code: output.status.code(), stderr }
}

const RAW_ARTICLE: &str = "\
Ferry service returns to the north harbour

Mirela Vance

The ferry between the north harbour and Gull Island ran again on Monday after a winter of \
repairs to its landing stage. The Harbour Board said the crossing would keep its summer \
timetable until October.

Captain Tomas Reyes, who has run the crossing for twenty years, said the new landing stage \
was the first real repair since the storm of 2019. The Harbour Board plans a second stage \
next spring.

Tomas Reyes said tickets would keep their old price.
";

#[test]
fn init_import_build_check_in_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = gloss(dir.path(), &["init", "archive"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = dir.path().join("archive");
    std::fs::write(site.join("content/sources/ferry.txt"), RAW_ARTICLE).unwrap();

    let run = gloss(&site, &["import"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let articles: Vec<_> = std::fs::read_dir(site.join("content/articles")).unwrap().collect();
    assert_eq!(articles.len(), 2, "the sample and the imported article");

    let run = gloss(&site, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("no base_url"),
        "a new site is warned about base_url:\n{}",
        run.stderr
    );
    let index = std::fs::read_to_string(site.join("dist/index.html")).unwrap();
    assert!(index.contains("Ferry service returns"), "{index}");

    let run = gloss(&site, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("all good"), "{}", run.stderr);
    // The missing base_url is the one warning: strict checking fails on it.
    assert_eq!(gloss(&site, &["check", "--strict"]).code, Some(1));
}

#[test]
fn a_folder_without_a_site_is_an_error_that_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["build", "check", "annotate", "import"] {
        let run = gloss(dir.path(), &[command]);
        assert_eq!(run.code, Some(1), "{command}: {}", run.stderr);
        assert!(run.stderr.contains("gloss init"), "{command}: {}", run.stderr);
    }
    assert!(!dir.path().join("dist").exists());
}

#[test]
fn missing_content_leaves_a_built_site_untouched() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gloss(dir.path(), &["init"]).code, Some(0));
    assert_eq!(gloss(dir.path(), &["build"]).code, Some(0));
    let before = std::fs::read(dir.path().join("dist/index.html")).unwrap();
    std::fs::rename(dir.path().join("content"), dir.path().join("moved")).unwrap();
    let run = gloss(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("no content/ folder"), "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("dist/index.html")).unwrap(), before);
}

#[test]
fn init_refuses_a_site_and_an_unknown_theme_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gloss(dir.path(), &["init"]).code, Some(0));
    let config = dir.path().join("gloss.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    let run = gloss(dir.path(), &["init"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("already holds a site"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&config).unwrap(), original);

    std::fs::write(&config, format!("theme = \"dusk\"\n{original}")).unwrap();
    let run = gloss(dir.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("gloss theme eject dusk"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error").count(), 1, "error said once:\n{}", run.stderr);

    assert_eq!(gloss(dir.path(), &["theme", "eject", "dusk"]).code, Some(0));
    std::fs::write(dir.path().join("themes/dusk/templates/404.html"), "gone, dusk").unwrap();
    assert_eq!(gloss(dir.path(), &["build"]).code, Some(0));
    let page = std::fs::read_to_string(dir.path().join("dist/404.html")).unwrap();
    assert_eq!(page, "gone, dusk");
}

#[test]
fn errors_are_said_once_and_blamed_on_the_line_at_fault() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gloss(dir.path(), &["init"]).code, Some(0));
    let article = dir.path().join("content/articles/pictures.md");
    std::fs::write(&article, "---\ntitle: Pictures\n---\nText.\n\n![the quay](quay.jpg)\n")
        .unwrap();
    let run = gloss(dir.path(), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/articles/pictures.md:6:1: error: [quay.jpg]"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(&article).unwrap();

    let config = dir.path().join("gloss.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("colour = \"red\"\n{text}")).unwrap();
    let run = gloss(dir.path(), &["build", "--verbose"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("gloss.toml:1:1: error: unknown field `colour`"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{1b}'), "no colour into a pipe:\n{}", run.stderr);
}

#[test]
fn a_broken_internal_link_fails_the_build_until_fixed_unless_configured() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gloss(dir.path(), &["init"]).code, Some(0));
    let article = dir.path().join("content/articles/links.md");
    std::fs::write(&article, "---\ntitle: Links\n---\nSee [the map](/articles/map/#north).\n")
        .unwrap();
    for _ in 0..2 {
        let run = gloss(dir.path(), &["build"]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("content/articles/links.md:4:5: error: [/articles/map/#north]"),
            "{}",
            run.stderr
        );
    }
    let config = dir.path().join("gloss.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let warn = text.replace("# internal_level = \"error\"", "internal_level = \"warn\"");
    assert_ne!(warn, text, "the commented setting is in the gloss.toml init writes");
    std::fs::write(&config, warn).unwrap();
    let run = gloss(dir.path(), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("links.md:4:5: warning"), "{}", run.stderr);
}
