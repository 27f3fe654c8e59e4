//! Builds that meet each other or are cut short: two `gloss build` runs of one site at once (the
//! second waits for the first, the lock on `.gloss/lock`); a build killed while it moves its
//! files into place; a full disk. After each, the next build's output is what one clean build
//! writes, and no temporary or staging file is left in or beside the output.

mod common;

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{Site, set_times};

#[test]
fn two_builds_at_once_take_turns() {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("--root")
            .arg(&site.root)
            .arg("build")
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap()
    };
    for round in 0..3 {
        let (first, second) = (spawn(), spawn());
        for child in [first, second] {
            let output = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), "round {round}: {stderr}");
            assert!(!stderr.contains("panicked"), "round {round}: {stderr}");
        }
        assert_eq!(site.snapshot(), site.fresh_build(), "round {round}");
        // Something to build again from the snapshot.
        let path = "content/articles/market-day.md";
        let text = std::fs::read_to_string(site.root.join(path)).unwrap();
        site.write(path, &format!("{text}\nA stall sold rope {round}.\n"));
    }
    let run = site.build();
    assert!(!run.stderr.contains("panicked"));
    assert_eq!(site.snapshot(), site.fresh_build());
}

/// What gloss leaves in or beside the output folder that is not the site: temporary files,
/// staging folders, the journal of a switch.
fn leftovers(site: &Site) -> Vec<String> {
    let beside = std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".dist."));
    let inside = common::files_under(&site.dist())
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.contains("gloss-tmp") || name.contains("gloss-staging"));
    beside.chain(inside).collect()
}

fn gloss_build(root: &Path, configure: impl FnOnce(&mut Command)) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gloss"));
    command.arg("--root").arg(root).arg("build").env("NO_COLOR", "1");
    configure(&mut command);
    command.output().unwrap()
}

fn append(site: &Site, path: &str, text: &str) {
    let old = std::fs::read_to_string(site.root.join(path)).unwrap();
    site.write(path, &format!("{old}{text}"));
}

#[test]
fn a_build_killed_while_moving_files_into_place_is_finished_by_the_next() {
    // A full build (the site's title is on every page) and a build from the snapshot (one
    // article edited), each killed after its first renames.
    for (path, renames) in [("gloss.toml", 3), ("content/articles/market-day.md", 1)] {
        let site = Site::fixture("basic");
        set_times(&site.root, 60);
        site.build();
        if path == "gloss.toml" {
            let config = std::fs::read_to_string(site.root.join(path)).unwrap();
            site.write(path, &config.replace("Harbour Chronicle", "Harbour Gazette"));
        } else {
            append(&site, path, "\nThe harbour master rang the bell.\n");
        }
        let before = site.snapshot();
        let killed = gloss_build(&site.root, |c| {
            c.env("GLOSS_TEST_ABORT_AFTER_RENAMES", renames.to_string());
        });
        assert!(!killed.status.success(), "{path}: the build was not stopped");
        // In between, a reader sees some files new and some old.
        let between = site.snapshot();
        assert_ne!(between, before, "{path}: nothing was moved before the kill");
        assert_ne!(between, site.fresh_build(), "{path}: the switch was not cut short");
        assert!(site.root.join(".dist.gloss-switch").is_file(), "{path}: no journal left");
        let next = site.build();
        assert!(!next.stderr.contains("panicked"), "{}", next.stderr);
        assert_eq!(site.files_differing_from_a_fresh_build(), Vec::<String>::new(), "{path}");
        assert_eq!(leftovers(&site), Vec::<String>::new(), "{path}");
    }
}

#[test]
fn a_full_disk_during_a_build_from_the_snapshot_leaves_the_output_as_it_was() {
    let site = Site::fixture("basic");
    set_times(&site.root, 60);
    site.build();
    append(&site, "content/articles/market-day.md", "\nThe ferry ran late all week.\n");
    let before = site.snapshot();
    // No file may grow past 2 KB, as when the disk fills up (the write fails with EFBIG
    // instead of ENOSPC): the article's page cannot be written.
    let full = gloss_build(&site.root, |c| {
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            c.pre_exec(|| {
                let limit = libc::rlimit { rlim_cur: 2048, rlim_max: 2048 };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                Ok(())
            });
        }
    });
    let stderr = String::from_utf8_lossy(&full.stderr);
    assert!(!full.status.success(), "the build did not fail: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.snapshot() == before, "a failed build changed the output");
    assert_eq!(leftovers(&site), Vec::<String>::new());
    site.build();
    assert_eq!(site.files_differing_from_a_fresh_build(), Vec::<String>::new());
}
