//! Which findings touch which cell, computed once per frame from the document.

use crate::document::Document;
use crate::rules::Finding;

use super::palette::Mark;

/// Per cell: its strongest mark and the findings that involve it.
pub struct CellMarks {
    marks: Vec<Mark>,
    findings: Vec<Vec<usize>>,
}

impl CellMarks {
    /// Marks for every cell of the document's report.
    pub fn new(doc: &Document) -> CellMarks {
        let format = doc.report().format();
        let n = format.cells().len();
        let mut marks = vec![Mark::None; n];
        let mut findings = vec![Vec::new(); n];
        for (fi, f) in doc.findings().iter().enumerate() {
            for key in &f.cells {
                if let Some(i) = format.index_of(key) {
                    let suspect = f.suspect.as_deref() == Some(key.as_str());
                    marks[i] = marks[i].max(Mark::of(f.severity, suspect));
                    findings[i].push(fi);
                }
            }
        }
        CellMarks { marks, findings }
    }

    /// The strongest mark on a cell.
    pub fn mark(&self, cell: usize) -> Mark {
        self.marks[cell]
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
