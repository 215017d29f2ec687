//! Import and validation of one published report, from its text copy and from a web
//! page of it (target ≥ 2,000 reports/s per core, i.e. ≤ 0.5 ms each).
//! `benches/batch.sh` runs `nianbao check` over 10,000 generated reports.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use nianbao::io::{Published, import_published};
use nianbao::rules::validate;

/// The text copy as a web page: tab-led paragraphs become table rows.
fn as_html(text: &str) -> String {
    let mut html = String::from("<html><body>");
    for paragraph in text.split("\n\n") {
        if paragraph.contains('\t') {
            html.push_str("<table><tr>");
            for cell in paragraph.split('\t').filter(|c| !c.trim().is_empty()) {
                html.push_str(&format!("<td>{}</td>", cell.trim_end()));
            }
            html.push_str("</tr></table>");
        } else {
            for line in paragraph.lines() {
                html.push_str(&format!("<p>{line}</p>"));
            }
        }
    }
    html.push_str("</body></html>");
    html
}

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/published/2021_ankang_xinfangju.txt");
    let text = std::fs::read_to_string(path).expect("sample");
    let html = as_html(&text);
    for (name, kind, bytes) in [
        ("text", Published::Text, text.as_bytes()),
        ("HTML", Published::Html, html.as_bytes()),
    ] {
        let r = import_published(kind, bytes, "r").expect("imports");
        assert_eq!(r.report.agency, "安康市信访局", "{name}");
        c.bench_function(
            &format!("import + validate a published report ({name})"),
            |b| {
                b.iter(|| {
                    let r = import_published(kind, black_box(bytes), "r").expect("imports");
                    validate(&r.report, None)
                })
            },
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
