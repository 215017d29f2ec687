//! How strongly each cell is marked by the findings that involve it, shared by the
//! window's colours and the exported spreadsheet's fills.

use super::{Finding, Severity};
use crate::format::Format;

/// A cell's strongest mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum CellMark {
    /// No finding.
    #[default]
    None,
    /// Part of a verify-level or informational finding.
    Verify,
    /// Part of a broken blocking rule, but probably not the wrong cell.
    Involved,
    /// The cell a blocking rule most likely blames (a total, usually).
    Suspect,
}

impl CellMark {
    /// The mark a finding of `severity` gives a cell, as suspect or as a part.
    pub fn of(severity: Severity, suspect: bool) -> CellMark {
        match (severity, suspect) {
            (Severity::Blocking, true) => CellMark::Suspect,
            (Severity::Blocking, false) => CellMark::Involved,
            _ => CellMark::Verify,
        }
    }

    /// Background as RGB: strong red, light red, amber; `None` unmarked.
    pub fn fill_rgb(self) -> Option<u32> {
        match self {
            CellMark::None => None,
            CellMark::Verify => Some(0xFF_EC_B3),
            CellMark::Involved => Some(0xFF_D6_D6),
            CellMark::Suspect => Some(0xE5_53_53),
        }
    }

    /// Text colour that reads on [`CellMark::fill_rgb`].
    pub fn text_rgb(self) -> Option<u32> {
        match self {
            CellMark::None => None,
            CellMark::Verify | CellMark::Involved => Some(0x14_14_14),
            CellMark::Suspect => Some(0xFF_FF_FF),
        }
    }
}

/// Per cell of `format`: its strongest mark and the indices of the findings involving it.
pub fn cell_marks(format: &Format, findings: &[Finding]) -> (Vec<CellMark>, Vec<Vec<usize>>) {
    let n = format.cells().len();
    let mut marks = vec![CellMark::None; n];
    let mut involved = vec![Vec::new(); n];
    for (fi, f) in findings.iter().enumerate() {
        for key in &f.cells {
            if let Some(i) = format.index_of(key) {
                let suspect = f.suspect.as_deref() == Some(key.as_str());
                marks[i] = marks[i].max(CellMark::of(f.severity, suspect));
                involved[i].push(fi);
            }
        }
    }
    (marks, involved)
}
