//! Timing of the build on a large site, for the performance targets (full build, one-article
//! rebuild, no-op rebuild). Not a pass/fail test: run it by hand in release mode on a site:
//!
//! ```sh
//! GLOSS_BENCH_SITE=/path/to/site cargo test --release --test build_bench -- --ignored --nocapture
//! ```
//!
//! `GLOSS_BENCH_SEARCH=0` leaves the search index out of the full build.

use std::path::PathBuf;
use std::time::Instant;

use gloss::build::Build;
use gloss::config::Config;

#[test]
#[ignore = "benchmark: needs GLOSS_BENCH_SITE and a release build"]
fn build_timings_on_a_large_site() {
    let Ok(root) = std::env::var("GLOSS_BENCH_SITE") else {
        eprintln!("set GLOSS_BENCH_SITE to a site folder");
        return;
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("GLOSS_LOG"))
        .try_init();
    let root = PathBuf::from(root);
    let config = Config::load(&root).unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut build = Build::new(config.clone(), out.path().join("dist"));
    build.set_search(std::env::var("GLOSS_BENCH_SEARCH").as_deref() != Ok("0"));

    let started = Instant::now();
    let outcome = build.full().unwrap();
    eprintln!(
        "full build: {:?} ({} files, {} articles)",
        started.elapsed(),
        outcome.pages,
        outcome.articles
    );

    let article = std::fs::read_dir(config.articles_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let original = std::fs::read_to_string(&article).unwrap();
    let started = Instant::now();
    let outcome = build.rebuild(std::slice::from_ref(&article)).unwrap();
    eprintln!("no-op rebuild: {:?} ({} written)", started.elapsed(), outcome.written.len());

    std::fs::write(&article, format!("{original}\nOne more sentence for the benchmark.\n"))
        .unwrap();
    let started = Instant::now();
    let outcome = build.rebuild(std::slice::from_ref(&article)).unwrap();
    eprintln!(
        "one-article rebuild: {:?} ({} rendered, {} written, deferred: {})",
        started.elapsed(),
        outcome.rendered,
        outcome.written.len(),
        outcome.deferred
    );
    std::fs::write(&article, original).unwrap();
    let started = Instant::now();
    build.rebuild(std::slice::from_ref(&article)).unwrap();
    eprintln!("rebuild back: {:?}", started.elapsed());
    let started = Instant::now();
    build.write_deferred().unwrap();
    eprintln!("deferred exports: {:?}", started.elapsed());
}
