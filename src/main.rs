use std::process::ExitCode;

fn main() -> ExitCode {
    gloss::cli::main()
}
