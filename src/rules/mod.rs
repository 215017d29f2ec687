//! Checking a report against its format's rules (勾稽关系) and the findings that result.

mod autofill;
mod cross_year;
mod engine;
mod marks;
mod narrative;
mod template;

use rust_decimal::Decimal;

pub use crate::format::{Scope, Severity};
pub use autofill::{
    CellChange, defines_total, fill_totals, part_sums, total_cells, total_definitions,
};
pub use cross_year::{YearCheck, YearOutcome, cross_year};
pub use engine::{Checker, validate};
pub use marks::{CellMark, cell_marks};
pub use narrative::{Repetition, overall_share, repetition};
pub use template::{fill, quoted};

/// One problem found in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Rule id, e.g. `T3-BALANCE`.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// Where the rule looks.
    pub scope: Scope,
    /// Keys of this year's cells involved.
    pub cells: Vec<String>,
    /// Key of the cell most likely wrong (a total, usually).
    pub suspect: Option<String>,
    /// The value found (the left side of a sum; the number read from a cell).
    pub actual: Option<Decimal>,
    /// The value the rule expects (the right side of a sum).
    pub expected: Option<Decimal>,
    /// What is wrong, in Chinese, with the numbers.
    pub message: String,
    /// Id of the section a finding without cells is about (e.g. a missing section).
    pub section: Option<String>,
    /// Findings that follow from this one alone (sums that fail only because the blank
    /// cells of this finding count as 0): shown under it, not as findings of their own.
    pub consequences: Vec<Finding>,
}

impl Finding {
    /// A stable id for attaching reviews: the rule and what it concerns — `RULE@cell` (the
    /// suspect cell, else the first), `RULE@section`, or `RULE` alone for a finding about
    /// the whole report. Never the message, whose numbers change with the report.
    pub fn id(&self) -> String {
        match self
            .suspect
            .as_deref()
            .or(self.cells.first().map(String::as_str))
            .or(self.section.as_deref())
        {
            Some(cell) => format!("{}@{cell}", self.rule),
            None => self.rule.clone(),
        }
    }

    /// The numbers behind the finding as a reviewer saw them (`实际 12，应为 11`), or the
    /// message when it has none: a review records this, and a finding whose basis has
    /// changed since asks to be reviewed again.
    pub fn basis(&self) -> String {
        match (self.actual, self.expected) {
            (Some(a), Some(e)) => format!("实际 {}，应为 {}", a.normalize(), e.normalize()),
            (Some(a), None) => format!("实际 {}", a.normalize()),
            _ => self.message.clone(),
        }
    }
}

impl Severity {
    /// Chinese name: 强制性 / 核实性 / 提示性.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Blocking => "强制性",
            Severity::Verify => "核实性",
            Severity::Info => "提示性",
        }
    }

    /// Name used in JSON: `blocking` / `verify` / `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Verify => "verify",
            Severity::Info => "info",
        }
    }
}

impl Scope {
    /// Chinese name: 表内 / 表间 / 跨期.
    pub fn label(self) -> &'static str {
        match self {
            Scope::InTable => "表内",
            Scope::CrossTable => "表间",
            Scope::CrossYear => "跨期",
        }
    }

    /// Name used in JSON: `in_table` / `cross_table` / `cross_year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::InTable => "in_table",
            Scope::CrossTable => "cross_table",
            Scope::CrossYear => "cross_year",
        }
    }
}

/// Counts of findings by severity: (blocking, verify, info).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings
        .iter()
        .fold((0, 0, 0), |(b, v, i), f| match f.severity {
            Severity::Blocking => (b + 1, v, i),
            Severity::Verify => (b, v + 1, i),
            Severity::Info => (b, v, i + 1),
        })
}
