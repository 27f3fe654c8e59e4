//! Evaluation of `gloss import` on the real-text development corpora beside the repository
//! (`../shared/devsets/web` and `../shared/devsets/reuters`, each with its own `score.sh` and
//! hand-checked gold; their text is not in this repository). Prints each scorer's total line.
//! Ignored by default (it measures, it does not pass or fail on a threshold):
//!
//! ```sh
//! cargo build --release
//! cargo test --release --test import_eval -- --ignored --nocapture
//! ```
//!
//! The corpora are looked for in `$GLOSS_DEVSETS`, then `../shared/devsets` and
//! `../../shared/devsets` from the repository; when none is there the test says so and skips.
//! The binary scored is the one cargo built for this test (`--release` gives the figures
//! docs/import.md quotes). Method: see docs/import.md, "Measured on real text".

use std::path::{Path, PathBuf};
use std::process::Command;

fn devsets() -> Option<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("GLOSS_DEVSETS")
        .map(PathBuf::from)
        .into_iter()
        .chain([repo.join("../shared/devsets"), repo.join("../../shared/devsets")])
        .find(|dir| dir.join("web/score.sh").is_file())
}

/// Runs one corpus's scorer and returns its last line (the totals).
fn score(corpus: &Path, gloss: &Path) -> String {
    let started = std::time::Instant::now();
    // The scorers are bash scripts (`set -o pipefail`).
    let output = Command::new("bash")
        .arg(corpus.join("score.sh"))
        .arg(gloss)
        .current_dir(corpus)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}/score.sh: {e}", corpus.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}/score.sh failed:\n{stdout}\n{}",
        corpus.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let total = stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    format!("{total}\n  (scored in {:.1?})", started.elapsed())
}

#[test]
#[ignore = "measures quality on ../shared/devsets; run with --ignored --nocapture"]
fn evaluate_on_devsets() {
    let Some(devsets) = devsets() else {
        println!(
            "SKIPPED: no development corpora found (set GLOSS_DEVSETS, or put them in \
             ../shared/devsets beside the repository)"
        );
        return;
    };
    let gloss = PathBuf::from(env!("CARGO_BIN_EXE_gloss"));
    println!("scoring {} with {}", devsets.display(), gloss.display());
    for corpus in ["web", "reuters"] {
        let dir = devsets.join(corpus);
        if dir.join("score.sh").is_file() {
            println!("{corpus}: {}", score(&dir, &gloss));
        } else {
            println!("{corpus}: SKIPPED (no {}/score.sh)", dir.display());
        }
    }
}
