//! `.nianbao` files (RON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::io::FileKind;

fuzz_target!(|data: &[u8]| nianbao_fuzz::read(FileKind::Native, data));
