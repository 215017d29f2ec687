//! 汇总 of 1,000 published text reports (target ≤ 1 s on this machine): each read,
//! checked and summed, the files in a folder as `nianbao combine` finds them. The copies
//! are made as `benches/batch.sh` makes them: the 2021 sample with the agency varied.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::combine::{Options, combine};

/// Reports combined.
const COUNT: usize = 1_000;

fn bench(c: &mut Criterion) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published/2021_ankang_xinfangju.txt");
    let text = std::fs::read_to_string(sample).expect("sample");
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..COUNT {
        let copy = text.replace("安康市信访局", &format!("安康市第{i}信访局"));
        std::fs::write(dir.path().join(format!("{i}.txt")), copy).expect("write");
    }
    let inputs = [dir.path().to_path_buf()];
    let options = Options {
        agency: "安康市人民政府办公室".into(),
        ..Options::default()
    };
    let out = combine(&inputs, &options).expect("combines");
    assert_eq!(out.used(), COUNT, "{:?}", out.account());
    let mut group = c.benchmark_group("combine");
    group.sample_size(10);
    group.bench_function("1,000 published text reports", |b| {
        b.iter(|| combine(black_box(&inputs), &options).expect("combines"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
