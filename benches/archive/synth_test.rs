//! `cargo test --test bench_synth`: quick checks of the benchmark's archive generator (its unit
//! tests live beside the code in `synth/`). The benchmark itself runs with `scripts/bench`.

// The benchmark uses parts of the generator these tests do not reach.
#[allow(dead_code)]
#[path = "synth/mod.rs"]
mod synth;
