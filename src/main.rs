use std::process::ExitCode;

// gloss allocates many short strings per article (tokens, folded names, rendered fragments);
// mimalloc serves those from per-thread free lists, where the system allocator spent a fifth
// of annotate's time (perf, 10,000 articles).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    gloss::cli::main()
}
