//! Colours that carry meaning: how serious a finding on a cell is.

use eframe::egui::Color32;

use crate::rules::Severity;

/// How a cell is marked by the findings that involve it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Mark {
    /// No finding.
    #[default]
    None,
    /// Part of a verify-level finding.
    Verify,
    /// Part of a broken blocking rule, but probably not the wrong cell.
    Involved,
    /// The cell a blocking rule most likely blames (a total).
    Suspect,
}

impl Mark {
    /// The mark a finding of `severity` gives a cell, as suspect or as a part.
    pub fn of(severity: Severity, suspect: bool) -> Mark {
        match (severity, suspect) {
            (Severity::Blocking, true) => Mark::Suspect,
            (Severity::Blocking, false) => Mark::Involved,
            _ => Mark::Verify,
        }
    }

    /// Background of a cell with this mark.
    pub fn fill(self) -> Option<Color32> {
        match self {
            Mark::None => None,
            Mark::Verify => Some(Color32::from_rgb(255, 236, 179)),
            Mark::Involved => Some(Color32::from_rgb(255, 214, 214)),
            Mark::Suspect => Some(Color32::from_rgb(229, 83, 83)),
        }
    }

    /// Text colour that reads on [`Mark::fill`].
    pub fn text(self) -> Option<Color32> {
        (self == Mark::Suspect).then_some(Color32::WHITE)
    }
}

/// Colour of a severity's badge and heading.
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Blocking => Color32::from_rgb(200, 40, 40),
        Severity::Verify => Color32::from_rgb(190, 120, 0),
        Severity::Info => Color32::from_rgb(70, 110, 170),
    }
}
