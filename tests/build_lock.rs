//! Two `gloss build` runs of one site at once: the second waits for the first (the lock on
//! `.gloss/lock`), both succeed, and the output is what one clean build writes.

mod common;

use std::process::{Command, Stdio};

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
