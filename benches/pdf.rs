//! Import and validation of a real published PDF report (淮安市洪泽区 2024, five pages
//! made with WPS): glyphs with positions, rows rebuilt, cells located, rules checked.
//! Whole-process time of `nianbao check` on it is measured with `/usr/bin/time -v`
//! (target ≤ 50 ms).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::io::{Published, import_published, published::pdf_rows};
use nianbao::rules::validate;

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published/real/2024_hongze_qu.pdf");
    let bytes = std::fs::read(path).expect("sample");
    let r = import_published(Published::Pdf, &bytes, "r").expect("imports");
    assert_eq!(r.report.agency, "淮安市洪泽区人民政府");
    c.bench_function("rows of a PDF report (Hongze, 5 pages)", |b| {
        b.iter(|| pdf_rows(black_box(&bytes)).expect("reads"))
    });
    c.bench_function("import + validate a PDF report (Hongze, 5 pages)", |b| {
        b.iter(|| {
            let r = import_published(Published::Pdf, black_box(&bytes), "r").expect("imports");
            validate(&r.report, None)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
