//! Published reports as PDFs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::io::{FileKind, Published};

fuzz_target!(|data: &[u8]| nianbao_fuzz::read(FileKind::Published(Published::Pdf), data));
