use std::process::ExitCode;

// gloss allocates many short strings per article (tokens, folded names, rendered fragments);
// mimalloc serves those from per-thread free lists, where the system allocator spent a fifth
// of annotate's time (perf, 10,000 articles).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let code = gloss::cli::main();
    exit_at_once(code)
}

/// Ends the process without the clean-up that `exit` runs, which nothing of gloss needs (every
/// file is written and closed by now): mimalloc hands its freed memory back to the system
/// page by page, a few milliseconds of a build from the snapshot, where the end of the process
/// releases it all at once.
#[cfg(target_os = "linux")]
fn exit_at_once(code: ExitCode) -> ExitCode {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    let status = if code == ExitCode::SUCCESS { 0 } else { 1 };
    // SAFETY: `_exit` ends the process; no Rust code runs after it to observe anything.
    unsafe { libc::_exit(status) }
}

#[cfg(not(target_os = "linux"))]
fn exit_at_once(code: ExitCode) -> ExitCode {
    code
}
