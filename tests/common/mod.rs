//! Builders shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use nianbao::format::{Format, Registry, SectionContent};
use nianbao::model::Report;
use nianbao::rules::fill_totals;

/// Rows of table 3 that are not leaves of 三、本年度办理结果.
pub const T3_NON_LEAF: &[&str] = &[
    "new_received",
    "carried_over",
    "total_processed",
    "carry_forward",
];

pub fn format(id: &str) -> Arc<Format> {
    Registry::builtin()
        .expect("built-in formats")
        .get(id)
        .expect("format")
        .clone()
}

pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture(name: &str) -> Report {
    nianbao::io::open(&fixture_path(name)).expect("fixture opens")
}

/// Ids of table 3's data rows and columns in a format.
pub fn t3_ids(f: &Format) -> (Vec<String>, Vec<String>) {
    let mut rows = Vec::new();
    let mut cols = Vec::new();
    for c in f.cells().iter().filter(|c| c.key.starts_with("t3.")) {
        let mut parts = c.key.split('.').skip(1);
        let (r, col) = (
            parts.next().unwrap_or_default(),
            parts.next().unwrap_or_default(),
        );
        if !rows.iter().any(|x: &String| x == r) {
            rows.push(r.to_owned());
        }
        if !cols.iter().any(|x: &String| x == col) {
            cols.push(col.to_owned());
        }
    }
    (rows, cols)
}

/// A report whose every blocking and verify rule holds, with numbers taken from `value`
/// (called with a cell key; only leaves are asked for).
pub fn balanced_with(format_id: &str, year: i32, mut value: impl FnMut(&str) -> u32) -> Report {
    let f = format(format_id);
    let mut r = Report::new(f.clone(), "测试局", year);
    for i in 0..f.cells().len() {
        r.set_cell_at(i, "0");
    }
    let (rows, cols) = t3_ids(&f);
    let parts: Vec<&String> = cols.iter().filter(|c| *c != "total").collect();
    for row in rows.iter().filter(|r| !T3_NON_LEAF.contains(&r.as_str())) {
        for c in &parts {
            let key = format!("t3.{row}.{c}");
            r.set_cell(&key, value(&key).to_string()).expect("key");
        }
    }
    for c in &parts {
        let key = format!("t3.carry_forward.{c}");
        r.set_cell(&key, value(&key).to_string()).expect("key");
    }
    fill_totals(&mut r);
    // 二 no larger than what was processed or carried forward; 一 is then derived.
    for c in &parts {
        let available =
            num(&r, &format!("t3.total_processed.{c}")) + num(&r, &format!("t3.carry_forward.{c}"));
        let key = format!("t3.carried_over.{c}");
        r.set_cell(&key, (value(&key) % (available + 1)).to_string())
            .expect("key");
    }
    fill_and_rebalance(&mut r);
    for g in ["review", "litigation_direct", "litigation_after_review"] {
        for c in ["upheld", "corrected", "other", "pending"] {
            let key = format!("t4.{g}.{c}");
            r.set_cell(&key, value(&key).to_string()).expect("key");
        }
    }
    match format_id {
        "2021" => {
            for row in ["rules", "normative"] {
                let issued = value(&format!("t2.art20_1.{row}.issued"));
                r.set_cell(&format!("t2.art20_1.{row}.issued"), issued.to_string())
                    .expect("key");
                r.set_cell(
                    &format!("t2.art20_1.{row}.in_force"),
                    (issued + 2).to_string(),
                )
                .expect("key");
            }
            r.set_cell("t2.art20_8.fees.amount_wan", "0.35")
                .expect("key");
        }
        _ => {
            for row in ["rules", "normative"] {
                let published = value(&format!("t2.art20_1.{row}.published"));
                r.set_cell(
                    &format!("t2.art20_1.{row}.published"),
                    published.to_string(),
                )
                .expect("key");
                r.set_cell(
                    &format!("t2.art20_1.{row}.total_public"),
                    (published + 5).to_string(),
                )
                .expect("key");
            }
            r.set_cell("t2.art20_5.licensing.change", "-2")
                .expect("key");
            r.set_cell("t2.art20_9.procurement.amount", "12.5")
                .expect("key");
        }
    }
    fill_totals(&mut r);
    r.set_section("overview", "（一）主动公开\n本年度主动公开信息 651 条。");
    r.set_section("problems", "一是公开意识不强；二是队伍建设有待加强。");
    r.set_section("other_matters", "本年度未收取信息处理费。");
    r
}

/// A balanced report with small deterministic numbers.
pub fn balanced(format_id: &str, year: i32) -> Report {
    let mut n = 0u32;
    balanced_with(format_id, year, |_| {
        n += 1;
        n % 4
    })
}

pub fn num(r: &Report, key: &str) -> u32 {
    r.cell(key)
        .and_then(|t| t.trim().parse().ok())
        .expect("number")
}

/// Adds `delta` to the number in a cell.
pub fn bump(r: &mut Report, key: &str, delta: i64) {
    let v = i64::from(num(r, key)) + delta;
    r.set_cell(key, v.to_string()).expect("key");
}

/// After editing leaves: recompute totals and re-derive 一 so table 3 balances again.
pub fn fill_and_rebalance(r: &mut Report) {
    fill_totals(r);
    let (_, cols) = t3_ids(r.format());
    for c in cols.iter().filter(|c| *c != "total") {
        let processed = num(r, &format!("t3.total_processed.{c}"));
        let forward = num(r, &format!("t3.carry_forward.{c}"));
        let carried = num(r, &format!("t3.carried_over.{c}"));
        let new = (processed + forward).saturating_sub(carried);
        r.set_cell(&format!("t3.new_received.{c}"), new.to_string())
            .expect("key");
    }
    fill_totals(r);
}

/// Types `texts` into the cells `picks` choose (property tests).
pub fn type_into_cells(r: &mut Report, texts: &[String], picks: &[proptest::sample::Index]) {
    let n = r.format().cells().len();
    for (t, p) in texts.iter().zip(picks) {
        r.set_cell_at(p.index(n), t.clone());
    }
}

/// How a generated copy lays its tables out.
#[derive(Clone, Copy)]
pub enum Shape {
    /// `| label | v | v |`.
    Pipes,
    /// `label v v v`, or `label000` when every value is one digit.
    Flattened,
}

/// The title, the six sections and the tables of `r` as a text copy.
pub fn text_copy(r: &Report, shape: Shape) -> String {
    let f = r.format();
    let mut out = format!("{}{}年度政府信息公开工作年度报告\n\n", r.agency, r.year);
    for s in f.sections() {
        out.push_str(&format!("{}、{}\n", s.number, s.title));
        match &s.content {
            SectionContent::Narrative => out.push_str(&format!("{}\n\n", r.section(&s.id))),
            SectionContent::Table(id) => {
                let t = f.tables().iter().position(|x| x.id == *id).expect("table");
                for block in f.form(t) {
                    for h in &block.header {
                        out.push_str(&format!("{}\n", h.text));
                    }
                    for line in &block.lines {
                        let values: Vec<&str> =
                            line.cells.iter().flatten().map(|&i| r.cell_at(i)).collect();
                        // Table 4 has no label: its line is values only.
                        let mut cells: Vec<&str> =
                            line.label.iter().map(|(l, _)| l.as_str()).collect();
                        let row = match shape {
                            Shape::Pipes => {
                                cells.extend(&values);
                                format!("| {} |", cells.join(" | "))
                            }
                            Shape::Flattened
                                if line.label.is_some() && values.iter().all(|v| v.len() == 1) =>
                            {
                                format!("{}{}", cells.concat(), values.concat())
                            }
                            Shape::Flattened => {
                                cells.extend(&values);
                                cells.join(" ")
                            }
                        };
                        out.push_str(&format!("{row}\n"));
                    }
                }
                out.push('\n');
            }
        }
    }
    out
}

/// The LibreOffice command on this machine, if it has one (tests that print with it are
/// skipped without).
pub fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}
