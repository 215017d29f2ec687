//! The value parser: any text, read as every kind of cell.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::format::ValueKind;
use nianbao::model::value::{Reading, read};

fuzz_target!(|text: &str| {
    let kinds = [
        ValueKind::Count,
        ValueKind::SignedCount,
        ValueKind::Money { unit: None },
        ValueKind::Money {
            unit: Some("万元".into()),
        },
    ];
    for kind in &kinds {
        let reading = read(text, kind);
        // A clean number prints back as a text that reads as the same number.
        if let Reading::Number(v) = reading {
            assert_eq!(read(&v.to_string(), kind), Reading::Number(v), "{text:?}");
        }
    }
});
