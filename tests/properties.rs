//! Property tests: balanced reports pass, any single change to a summed cell is caught,
//! any text survives the native and JSON files, and sums of balanced reports balance.

mod common;

use std::collections::HashMap;

use nianbao::combine;
use nianbao::format::Check;
use nianbao::io::{from_json, from_native, to_json, to_native};
use nianbao::model::Report;
use nianbao::rules::{Severity, validate};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// Indices of every cell that takes part in a blocking sum of the format.
fn cells_in_blocking_sums(r: &Report) -> Vec<usize> {
    let mut cells: Vec<usize> = r
        .format()
        .rules()
        .iter()
        .filter(|rule| rule.severity == Severity::Blocking)
        .filter_map(|rule| match &rule.check {
            Check::Sum(checks) => Some(checks),
            _ => None,
        })
        .flatten()
        .flat_map(|c| c.left.iter().chain(&c.right).map(|t| t.cell))
        .collect();
    cells.sort_unstable();
    cells.dedup();
    cells
}

fn random_balanced(format_id: &str, year: i32, seed: &[u32]) -> Report {
    let mut i = 0;
    let mut seen: HashMap<String, u32> = HashMap::new();
    common::balanced_with(format_id, year, |key| {
        *seen.entry(key.to_owned()).or_insert_with(|| {
            i += 1;
            seed[i % seed.len()]
        })
    })
}

fn format_and_year() -> impl Strategy<Value = (&'static str, i32)> {
    prop_oneof![
        Just(("2019", 2019)),
        Just(("2019", 2020)),
        Just(("2021", 2021)),
        Just(("2021", 2024))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn totals_filled_from_parts_leave_no_blocking_finding(
        (format_id, year) in format_and_year(),
        seed in prop::collection::vec(0u32..40, 1..60),
    ) {
        let r = random_balanced(format_id, year, &seed);
        let blocking: Vec<_> = validate(&r, None).into_iter().filter(|f| f.severity == Severity::Blocking).collect();
        prop_assert!(blocking.is_empty(), "{:#?}", blocking);
    }

    #[test]
    fn changing_any_summed_cell_is_caught_and_named(
        (format_id, year) in format_and_year(),
        seed in prop::collection::vec(0u32..40, 1..60),
        pick in any::<prop::sample::Index>(),
        delta in 1u32..50,
    ) {
        let mut r = random_balanced(format_id, year, &seed);
        let cells = cells_in_blocking_sums(&r);
        let index = cells[pick.index(cells.len())];
        let key = r.format().cell(index).key.clone();
        let v: u32 = r.cell_at(index).parse().expect("number");
        r.set_cell_at(index, (v + delta).to_string());
        let findings = validate(&r, None);
        prop_assert!(
            findings.iter().any(|f| f.severity == Severity::Blocking && f.cells.contains(&key)),
            "{key}: {:#?}", findings
        );
    }

    #[test]
    fn any_text_survives_native_and_json(
        (format_id, year) in format_and_year(),
        texts in prop::collection::vec(any::<String>(), 1..20),
        agency in any::<String>(),
        overview in any::<String>(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..20),
    ) {
        let mut r = common::balanced(format_id, year);
        r.agency = agency;
        r.set_section("overview", overview);
        common::type_into_cells(&mut r, &texts, &picks);
        let native = to_native(&r).expect("native");
        prop_assert_eq!(&from_native(&native).expect("reads back"), &r);
        let json = to_json(&r, &validate(&r, None));
        prop_assert_eq!(&from_json(&json).expect("reads back"), &r);
    }
}

/// Combines `reports` (each saved to a file of its own) for the agency 某县.
fn combined(reports: &[Report]) -> Report {
    let dir = tempfile::tempdir().expect("dir");
    for (n, r) in reports.iter().enumerate() {
        nianbao::io::save(r, &[], &dir.path().join(format!("{n}.nianbao"))).expect("save");
    }
    let options = combine::Options {
        agency: "某县".into(),
        ..combine::Options::default()
    };
    let out = combine::combine(&[dir.path().to_path_buf()], &options).expect("combines");
    assert_eq!(out.used(), reports.len(), "{:#?}", out.account());
    out.report.expect("report")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn combining_balanced_reports_gives_a_balanced_report_of_their_sums(
        (format_id, year) in format_and_year(),
        seeds in prop::collection::vec(prop::collection::vec(0u32..40, 1..30), 1..6),
    ) {
        let reports: Vec<Report> = seeds
            .iter()
            .enumerate()
            .map(|(n, seed)| {
                let mut r = random_balanced(format_id, year, seed);
                r.agency = format!("第{n}局");
                r
            })
            .collect();
        let sum = combined(&reports);
        prop_assert_eq!(sum.year, year);
        for i in 0..sum.format().cells().len() {
            let expected: Decimal = reports.iter().filter_map(|r| r.reading_at(i).value()).sum();
            prop_assert_eq!(sum.reading_at(i).value(), Some(expected), "{}", sum.format().cell(i).key);
        }
        let blocking: Vec<_> = validate(&sum, None).into_iter().filter(|f| f.severity == Severity::Blocking).collect();
        prop_assert!(blocking.is_empty(), "{:#?}", blocking);
        if let [one] = reports.as_slice() {
            prop_assert_eq!(sum.cell_texts(), one.cell_texts());
        }
    }
}

#[test]
fn every_format_has_summed_cells() {
    for (f, y) in [("2019", 2020), ("2021", 2021)] {
        let r = common::balanced(f, y);
        // All of tables 3 and 4 take part in a blocking sum.
        let t3_t4 = r
            .format()
            .cells()
            .iter()
            .filter(|c| !c.key.starts_with("t2."))
            .count();
        assert_eq!(cells_in_blocking_sums(&r).len(), t3_t4);
    }
}
