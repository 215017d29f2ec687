//! Colours that carry meaning: how serious a finding on a cell is.

use eframe::egui::Color32;

use crate::rules::Severity;

/// How a cell is marked by the findings that involve it.
pub use crate::rules::CellMark as Mark;

fn rgb(v: u32) -> Color32 {
    let [_, r, g, b] = v.to_be_bytes();
    Color32::from_rgb(r, g, b)
}

/// Background of a cell with this mark.
pub fn fill(mark: Mark) -> Option<Color32> {
    mark.fill_rgb().map(rgb)
}

/// Text colour that reads on [`fill`], in light and dark themes alike.
pub fn text(mark: Mark) -> Option<Color32> {
    mark.text_rgb().map(rgb)
}

/// Fill of a cell the import could not read (grey: unknown, not wrong).
pub const UNREAD: Color32 = Color32::from_rgb(226, 226, 226);

/// Colour of a severity's badge and heading.
pub fn severity(severity: Severity) -> Color32 {
    match severity {
        Severity::Blocking => Color32::from_rgb(200, 40, 40),
        Severity::Verify => Color32::from_rgb(190, 120, 0),
        Severity::Info => Color32::from_rgb(70, 110, 170),
    }
}

/// Text colour of an increase from last year (与上年比较).
pub const UP: Color32 = Color32::from_rgb(26, 127, 55);

/// Text colour of a decrease from last year.
pub const DOWN: Color32 = Color32::from_rgb(180, 35, 24);

/// Background of a passage repeated from last year's narrative.
pub const REPEATED: Color32 = Color32::from_rgb(255, 229, 138);
