//! The left navigation: the six sections, each with a badge of its open findings.

use eframe::egui::{self, RichText, Ui};

use crate::document::Document;
use crate::format::SectionContent;
use crate::rules::Severity;

use super::palette;

/// Which section a finding belongs to: the table of its first cell, or the section it
/// names; `None` for findings about the whole report.
pub fn section_of(doc: &Document, finding: &crate::rules::Finding) -> Option<usize> {
    let format = doc.report().format();
    if let Some(key) = finding.suspect.as_ref().or(finding.cells.first()) {
        let table = &format.tables()[format.cell(format.index_of(key)?).table].id;
        return format
            .sections()
            .iter()
            .position(|s| s.content == SectionContent::Table(table.clone()));
    }
    let id = finding.section.as_deref()?;
    format.sections().iter().position(|s| s.id == id)
}

/// Draws the navigation; returns the section clicked, if any.
pub fn show(ui: &mut Ui, doc: &Document, current: usize) -> Option<usize> {
    let format = doc.report().format();
    let mut counts = vec![(0usize, 0usize); format.sections().len()];
    for f in doc.findings() {
        if let Some(s) = section_of(doc, f) {
            match f.severity {
                Severity::Blocking => counts[s].0 += 1,
                _ => counts[s].1 += 1,
            }
        }
    }
    let mut clicked = None;
    ui.add_space(8.0);
    ui.label(RichText::new("报告章节").strong());
    ui.add_space(4.0);
    for (i, s) in format.sections().iter().enumerate() {
        // Badges at the right, the title wrapping in the width they leave.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            let (blocking, other) = counts[i];
            if other > 0 {
                ui.label(
                    RichText::new(other.to_string()).color(palette::severity(Severity::Verify)),
                );
            }
            if blocking > 0 {
                ui.label(
                    RichText::new(blocking.to_string())
                        .color(palette::severity(Severity::Blocking))
                        .strong(),
                );
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                let label = s.heading();
                let button = egui::Button::selectable(i == current, label)
                    .wrap_mode(egui::TextWrapMode::Wrap);
                if ui.add(button).clicked() {
                    clicked = Some(i);
                }
            });
        });
        ui.add_space(2.0);
    }
    clicked
}
