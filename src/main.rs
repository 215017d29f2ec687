//! `nianbao`: the window (no arguments, or one report file) and the command line.

mod cli;

use std::ffi::OsString;
use std::process::ExitCode;

// Checking a folder allocates many small strings on every core; glibc's allocator spent
// a quarter of the time there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    match args.as_slice() {
        [_] => window(None),
        [_, file] if !is_cli_word(file) => window(Some(file.into())),
        _ => cli::run(args),
    }
}

/// Subcommands and flags are the command line's; anything else alone is a file to open.
fn is_cli_word(arg: &OsString) -> bool {
    let s = arg.to_string_lossy();
    s.starts_with('-') || cli::is_subcommand(&s)
}

#[cfg(feature = "gui")]
fn window(file: Option<std::path::PathBuf>) -> ExitCode {
    match nianbao::gui::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：无法打开窗口（{e}）。命令行用法见 nianbao --help");
            ExitCode::from(2)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn window(_file: Option<std::path::PathBuf>) -> ExitCode {
    cli::run(["nianbao", "--help"].map(OsString::from))
}
