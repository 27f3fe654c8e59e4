//! `cargo test --test bench_archive`: the benchmark's own checks (generator, report, HTTP and
//! work-folder helpers), fast and without running any tool. The benchmark itself runs with
//! `scripts/bench`; this target compiles its modules without its `main`.

// Parts of the modules only the benchmark's `main` uses.
#![allow(dead_code)]

mod http;
mod hugo;
mod live;
mod measure;
mod report;
mod synth;
mod workdir;
