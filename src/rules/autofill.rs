//! 自动计算合计: filling every total from its parts.
//!
//! A total is any cell that a rule defines as `total = part + part + …` (an `Equal` sum
//! check whose left side is its suspect cell alone and whose right side adds cells of this
//! report). Which cells those are comes from the format's rules, not from code.

use rust_decimal::Decimal;

use crate::format::{Format, Relation, SumCheck};
use crate::model::Report;

/// One cell changed by [`fill_totals`], for undo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellChange {
    /// Cell index in the report's format.
    pub index: usize,
    /// Text before.
    pub old: String,
    /// Text after.
    pub new: String,
}

/// Whether a check defines its suspect cell as the sum of plain cells of this report.
pub fn defines_total(check: &SumCheck) -> bool {
    check.relation == Relation::Equal
        && check.left.len() == 1
        && check.left[0].cell == check.suspect
        && !check.left[0].negative
        && !check.left[0].prior
        && check.right.iter().all(|t| !t.prior && !t.negative)
}

/// Every cell index that some rule defines as a total.
pub fn total_cells(report: &Report) -> Vec<usize> {
    let mut cells: Vec<usize> = total_checks(report.format()).map(|c| c.suspect).collect();
    cells.sort_unstable();
    cells.dedup();
    cells
}

fn total_checks(format: &Format) -> impl Iterator<Item = &SumCheck> {
    format.sum_checks().filter(|c| defines_total(c))
}

/// Every total with its parts, as (total, parts) cell indices: what a spreadsheet
/// formula must add up.
pub fn total_definitions(format: &Format) -> Vec<(usize, Vec<usize>)> {
    total_checks(format)
        .map(|c| (c.suspect, c.right.iter().map(|t| t.cell).collect()))
        .collect()
}

/// The sum of a total's parts, if they all hold usable numbers.
fn sum_of_parts(report: &Report, check: &SumCheck) -> Option<Decimal> {
    check.right.iter().try_fold(Decimal::ZERO, |s, t| {
        Some(s + report.reading_at(t.cell).value()?)
    })
}

/// Each total cell with what its parts add up to (by the first rule that defines it),
/// for showing beside the entered value; totals whose parts are not all numbers are
/// left out.
pub fn part_sums(report: &Report) -> Vec<(usize, Decimal)> {
    let mut sums: Vec<(usize, Decimal)> = Vec::new();
    for check in total_checks(report.format()) {
        if sums.iter().all(|(i, _)| *i != check.suspect)
            && let Some(sum) = sum_of_parts(report, check)
        {
            sums.push((check.suspect, sum));
        }
    }
    sums
}

/// Sets every total whose parts all hold usable numbers to their sum, repeating until
/// totals of totals settle. Totals that already hold the right number keep their text.
pub fn fill_totals(report: &mut Report) -> Vec<CellChange> {
    let checks: Vec<SumCheck> = total_checks(report.format()).cloned().collect();
    let mut changes: Vec<CellChange> = Vec::new();
    // Each pass settles one more level of totals-of-totals; the formats have two.
    for _ in 0..=checks.len() {
        let mut changed = false;
        for check in &checks {
            let Some(sum) = sum_of_parts(report, check) else {
                continue;
            };
            if report.reading_at(check.suspect).written_number() == Some(sum) {
                continue;
            }
            let new = sum.normalize().to_string();
            let old = report.set_cell_at(check.suspect, new.clone());
            match changes.iter_mut().find(|c| c.index == check.suspect) {
                Some(c) => c.new = new,
                None => changes.push(CellChange {
                    index: check.suspect,
                    old,
                    new,
                }),
            }
            changed = true;
        }
        if !changed {
            break;
        }
    }
    changes.retain(|c| c.old != c.new);
    changes
}
