//! Validation of a filled 2021 report: in full, and as the editor does it after one
//! edit (target ≤ 10 µs), where only what the edit changed is read or checked again.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::rules::{Checker, validate};

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

    // One cell typed, as the editor checks after each keystroke: the cell flips between
    // its value and one more (the report is clean, then has findings, in turn).
    let at = clean
        .format()
        .index_of("t3.granted.natural_person")
        .expect("key");
    let value: u32 = clean.cell_at(at).trim().parse().expect("number");
    let (a, b) = (value.to_string(), (value + 1).to_string());
    let mut edited = clean.clone();
    let mut checker = Checker::default();
    checker.validate(&edited, None);
    let mut flip = false;
    c.bench_function("validate 2021 report after one cell edit", |bench| {
        bench.iter(|| {
            flip = !flip;
            edited.set_cell_at(at, if flip { &b } else { &a });
            checker.validate(black_box(&edited), None)
        })
    });
    let mut checker = Checker::default();
    checker.validate(&broken, Some(&clean));
    let mut edited = broken.clone();
    c.bench_function(
        "validate 2021 report after one cell edit (4 errors)",
        |bench| {
            bench.iter(|| {
                flip = !flip;
                edited.set_cell_at(at, if flip { &b } else { &a });
                checker.validate(black_box(&edited), Some(black_box(&clean)))
            })
        },
    );
    // One narrative edit: the narrative rules run again.
    let mut edited = clean.clone();
    let overview = clean.section("overview").to_owned();
    let mut checker = Checker::default();
    c.bench_function("validate 2021 report after one narrative edit", |bench| {
        bench.iter(|| {
            flip = !flip;
            edited.set_section(
                "overview",
                if flip {
                    format!("{overview}。")
                } else {
                    overview.clone()
                },
            );
            checker.validate(black_box(&edited), None)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
