//! Export of one report to `.xlsx` and import of it back (targets ≤ 20 ms each).
//! `benches/soffice.sh` times LibreOffice converting the same workbook, for comparison.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::io::{import_grids, to_xlsx, workbook::read_workbook};
use nianbao::rules::validate;

fn bench(c: &mut Criterion) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/2021_ankang_xinfangju.json");
    let report = nianbao::io::open(&path).expect("fixture");
    let findings = validate(&report, None);
    c.bench_function("export report to xlsx", |b| {
        b.iter(|| to_xlsx(black_box(&report), black_box(&findings)).expect("xlsx"))
    });
    let bytes = to_xlsx(&report, &findings).expect("xlsx");
    let back = import_grids(&read_workbook(&bytes).expect("reads"), "r.xlsx").expect("imports");
    assert_eq!(back.report, report);
    c.bench_function("import report from xlsx", |b| {
        b.iter(|| {
            let grids = read_workbook(black_box(&bytes)).expect("reads");
            import_grids(&grids, "r.xlsx").expect("imports")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
