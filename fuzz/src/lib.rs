//! What every fuzz target does with its input: read it as one kind of report file, and
//! if it reads, check it, publish it, and save and reopen it losslessly.

use std::sync::Once;

use nianbao::io::{self, FileKind};
use nianbao::publish::{PublishOptions, to_html};
use nianbao::rules;

/// Reads `data` as a file of `kind`. Errors are fine (they are messages); panics, hangs
/// and runaway memory are what the fuzzer looks for. A report that reads must survive
/// checking, publishing, and the native and JSON round trips unchanged.
pub fn read(kind: FileKind, data: &[u8]) {
    tolerate_caught_reader_panics();
    let Ok(imported) = io::read_report(kind, data, "fuzz") else {
        return;
    };
    let report = imported.report;
    let findings = rules::validate(&report, Some(&report));
    for f in &findings {
        assert!(
            !f.message.is_empty(),
            "finding {} without a message",
            f.rule
        );
    }
    let _ = to_html(&report, PublishOptions::default());
    let native = io::to_native(&report).expect("a report that reads can be saved");
    let back = io::from_native(&native).expect("our own native file reads");
    assert_eq!(back, report, "native round trip lost something");
    let json = io::to_json(&report, &findings);
    let back = io::from_json(&json).expect("our own JSON reads");
    assert_eq!(back, report, "JSON round trip lost something");
}

/// libFuzzer's hook aborts on every panic, even one that is caught. The spreadsheet reader
/// (calamine) panics on some damaged files, and `read_workbook` catches that and answers
/// with an error (`tests/hostile/fuzz-*`); the PDF parser (lopdf) is caught the same way
/// by the PDF reader: such panics are let through to be caught; any other still aborts.
fn tolerate_caught_reader_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_caught_reader = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-") || l.file().contains("/lopdf-"));
            if !in_caught_reader {
                abort(info);
            }
        }));
    });
}
