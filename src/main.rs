//! `nianbao`: the command line (and, with no arguments, the window).

mod cli;

fn main() -> std::process::ExitCode {
    cli::run(std::env::args_os())
}
