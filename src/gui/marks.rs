//! Which findings touch which cell, computed once per frame from the document.

use crate::document::Document;
use rust_decimal::Decimal;

use crate::rules::{self, Finding};

use super::palette::Mark;

/// Per cell: its strongest mark and the findings that involve it.
pub struct CellMarks {
    marks: Vec<Mark>,
    findings: Vec<Vec<usize>>,
    /// What each total's parts add up to.
    sums: Vec<Option<Decimal>>,
}

impl CellMarks {
    /// Marks for every cell of the document's report.
    pub fn new(doc: &Document) -> CellMarks {
        let format = doc.report().format();
        let n = format.cells().len();
        let (marks, findings) = rules::cell_marks(format, doc.findings());
        let mut sums = vec![None; n];
        for (i, sum) in rules::part_sums(doc.report()) {
            sums[i] = Some(sum);
        }
        CellMarks {
            marks,
            findings,
            sums,
        }
    }

    /// The strongest mark on a cell.
    pub fn mark(&self, cell: usize) -> Mark {
        self.marks[cell]
    }

    /// What the parts of a total cell add up to (`None` for other cells).
    pub fn sum(&self, cell: usize) -> Option<Decimal> {
        self.sums[cell]
    }

    /// Indices (into the document's findings) of the findings involving a cell.
    pub fn findings(&self, cell: usize) -> &[usize] {
        &self.findings[cell]
    }
}

/// Hover text for a cell: each finding's rule, message and numbers.
pub fn tooltip(findings: &[Finding], indices: &[usize]) -> Option<String> {
    let lines: Vec<String> = indices
        .iter()
        .map(|&i| {
            let f = &findings[i];
            let mut line = format!("[{}·{}] {}", f.severity.label(), f.rule, f.message);
            if let (Some(a), Some(e)) = (f.actual, f.expected) {
                line.push_str(&format!(
                    "\n实际 {}，应为 {}，相差 {}",
                    a.normalize(),
                    e.normalize(),
                    (a - e).abs().normalize()
                ));
            }
            line
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n\n"))
}
