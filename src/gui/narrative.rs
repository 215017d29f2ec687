//! Editors for the narrative sections (一、五、六), with a character count.

use eframe::egui::{self, Id, Ui};
use egui_extras::{Size, StripBuilder};

use crate::document::Document;

use super::Action;
use super::edit::EditAction;

/// Height of the title line above the editor.
const TITLE_H: f32 = 34.0;

/// The id of a section's editor.
pub fn section_id(section: &str) -> Id {
    Id::unique(("section", section))
}

/// Draws the editor of narrative section `id`, titled `title`: the title line with the
/// character count, and under it the editor filling the rest of the panel.
pub fn show(ui: &mut Ui, doc: &Document, id: &str, title: &str, actions: &mut Vec<Action>) {
    let mut text = doc.report().section(id).to_owned();
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    StripBuilder::new(ui)
        .size(Size::exact(TITLE_H))
        .size(Size::remainder())
        .vertical(|mut strip| {
            strip.cell(|ui| {
                ui.horizontal(|ui| {
                    ui.heading(title);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(format!("字数：{chars}"));
                    });
                });
            });
            strip.cell(|ui| {
                let fill = ui.available_size();
                egui::ScrollArea::vertical()
                    .auto_shrink(false)
                    .show(ui, |ui| {
                        let response = ui.add(
                            egui::TextEdit::multiline(&mut text)
                                .id(section_id(id))
                                .desired_width(f32::INFINITY)
                                .min_size(fill)
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
            });
        });
}
