//! The corpus of real published reports (`tests/fixtures/published/real/`): each document
//! as an agency posted it, beside `NAME.expected.json` checked by hand against it (cells
//! as printed, agency, year, format, the document's own arithmetic errors).
//!
//! The invariant: no cell is read wrong (a cell is read exactly, or left unread), and
//! every blocking finding, every count the narrative states against the tables
//! (TEXT-TABLE) and every fee amount it states twice (FEE-AMOUNT), is a true error of
//! the document. How many cells are read
//! exactly is printed (`cargo test --test real_reports -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use nianbao::io;
use nianbao::rules::{Finding, Severity, validate};
use serde::Deserialize;

#[derive(Deserialize)]
struct Expected {
    form: String,
    format: String,
    year: i32,
    agency: Option<String>,
    published: Option<String>,
    cells: BTreeMap<String, String>,
    #[serde(default)]
    absent: Vec<String>,
    #[serde(default)]
    ambiguous: Vec<String>,
    #[serde(default)]
    errors: Vec<Error>,
}

#[derive(Deserialize)]
struct Error {
    rule: String,
    #[serde(default)]
    cells: Vec<String>,
}

fn corpus() -> Vec<(PathBuf, Expected)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/published/real");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let Some(stem) = name.strip_suffix(".expected.json") else {
            continue;
        };
        let doc = std::fs::read_dir(&dir)
            .expect("corpus folder")
            .map(|e| e.expect("entry").path())
            .find(|p| {
                let n = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                n.starts_with(&format!("{stem}.")) && !n.ends_with(".expected.json")
            })
            .unwrap_or_else(|| panic!("no document beside {name}"));
        let expected = serde_json::from_str(&std::fs::read_to_string(&path).expect("read"))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((doc, expected));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A cell's text compared as printed: spaces are layout.
fn printed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a blocking finding is one of the document's own errors: the same rule over
/// cells the hand check named.
fn is_true_error(f: &Finding, errors: &[Error]) -> bool {
    errors.iter().any(|e| {
        e.rule == f.rule
            && (e.cells.is_empty()
                || f.cells.is_empty()
                || f.suspect.as_ref().is_some_and(|s| e.cells.contains(s))
                || f.cells.iter().all(|c| e.cells.contains(c)))
    })
}

#[test]
fn every_real_report_is_read_without_a_wrong_cell_or_a_false_alarm() {
    let corpus = corpus();
    assert!(
        corpus.len() >= 12,
        "the corpus has {} documents",
        corpus.len()
    );
    let (mut exact, mut total, mut unread_cells) = (0, 0, 0);
    let mut failures = Vec::new();
    println!("document | form | cells exact / total | unread | false alarms");
    for (path, want) in &corpus {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let opened = match io::open_report(path) {
            Ok(o) => o,
            Err(e) => {
                failures.push(format!("{name}: could not be read: {e}"));
                continue;
            }
        };
        let r = &opened.report;
        if r.format().id() != want.format || r.year != want.year {
            failures.push(format!(
                "{name}: read as format {} year {}, printed as {} {}",
                r.format().id(),
                r.year,
                want.format,
                want.year
            ));
            continue;
        }
        if let Some(agency) = &want.agency
            && &r.agency != agency
        {
            failures.push(format!("{name}: agency {:?}, printed {agency:?}", r.agency));
        }
        if let Some(date) = &want.published
            && r.published.map(|d| d.to_string()).as_ref() != Some(date)
        {
            println!(
                "  {name}: publication date {:?}, printed {date}",
                r.published
            );
        }
        let (mut doc_exact, mut doc_unread) = (0, 0);
        for (key, text) in &want.cells {
            let i = r.format().index_of(key).expect("a key of the format");
            let unknown = want.absent.contains(key) || want.ambiguous.contains(key);
            total += usize::from(!unknown);
            if r.is_unread(i) {
                doc_unread += usize::from(!unknown);
                continue;
            }
            if unknown {
                failures.push(format!(
                    "{name}: {key} read as {:?}, which the document does not give",
                    r.cell_at(i)
                ));
            } else if printed(r.cell_at(i)) == printed(text) {
                doc_exact += 1;
            } else {
                failures.push(format!(
                    "{name}: {key} read as {:?}, printed {text:?}",
                    r.cell_at(i)
                ));
            }
        }
        let findings: Vec<Finding> = validate(r, None).into_iter().chain(opened.notes).collect();
        let false_alarms: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                // Narrative counts and amounts are only asked to be verified, but a
                // hand-checked document's narrative agrees with its tables and itself
                // unless its errors say not.
                (f.severity == Severity::Blocking
                    || f.rule == "TEXT-TABLE"
                    || f.rule == "FEE-AMOUNT")
                    && !is_true_error(f, &want.errors)
            })
            .collect();
        for f in &false_alarms {
            failures.push(format!("{name}: false alarm {} {}", f.rule, f.message));
        }
        let known = want.cells.len() - want.absent.len() - want.ambiguous.len();
        println!(
            "{name} | {} | {doc_exact} / {known} | {doc_unread} | {}",
            want.form,
            false_alarms.len()
        );
        exact += doc_exact;
        unread_cells += doc_unread;
    }
    println!(
        "all | | {exact} / {total} | {unread_cells} | {}",
        failures
            .iter()
            .filter(|f| f.contains("false alarm"))
            .count()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
