//! Editors for the narrative sections (一、五、六), with a character count.

use eframe::egui::{self, Id, Ui};

use crate::document::Document;

use super::Action;
use super::edit::EditAction;

/// The id of a section's editor.
pub fn section_id(section: &str) -> Id {
    Id::unique(("section", section))
}

/// Draws the editor of narrative section `id`, titled `title`.
pub fn show(ui: &mut Ui, doc: &Document, id: &str, title: &str, actions: &mut Vec<Action>) {
    let mut text = doc.report().section(id).to_owned();
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    ui.horizontal(|ui| {
        ui.heading(title);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("字数：{chars}"));
        });
    });
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            let response = ui.add(
                egui::TextEdit::multiline(&mut text)
                    .id(section_id(id))
                    .desired_width(f32::INFINITY)
                    .desired_rows(24)
                    .hint_text("在此填写本节内容……")
                    .font(egui::FontId::proportional(15.0)),
            );
            let response = response.accessible_name(title.to_owned());
            if response.changed() {
                actions.push(EditAction::SetSection(id.to_owned(), text).into());
            }
            if response.lost_focus() {
                actions.push(EditAction::Seal.into());
            }
        });
}
