//! Full validation of a filled 2021 report (target ≤ 10 µs), clean and with findings.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::rules::validate;

fn bench(c: &mut Criterion) {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/2021_ankang_xinfangju.json");
    let clean = nianbao::io::open(&path).expect("fixture");
    assert!(validate(&clean, None).is_empty());
    c.bench_function("validate 2021 report (clean)", |b| {
        b.iter(|| validate(black_box(&clean), None))
    });

    let mut broken = clean.clone();
    for (key, text) in [
        ("t3.new_received.total", "2"),
        ("t3.granted.commercial", "8次"),
        ("t4.review.upheld", "/"),
        ("t3.unable_unclear.research", "abc"),
    ] {
        broken.set_cell(key, text).expect("key");
    }
    assert!(validate(&broken, None).len() >= 4);
    c.bench_function("validate 2021 report (4 errors)", |b| {
        b.iter(|| validate(black_box(&broken), Some(black_box(&clean))))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
