//! 新建报告: agency, year and format of a new report.

use eframe::egui;

use super::Leave;
use crate::format::Registry;
use crate::gui::Action;

/// The new-report dialog's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    /// 发布机关.
    pub agency: String,
    /// 报告年度.
    pub year: i32,
    /// The id of the format.
    pub format: String,
}

impl NewReport {
    /// The form for `agency`'s report of `year`, in the format for that year.
    pub fn new(agency: String, year: i32) -> NewReport {
        NewReport {
            agency,
            year,
            format: format_for(year),
        }
    }
}

/// The id of the format that applies to `year` (the newest if none does).
fn format_for(year: i32) -> String {
    Registry::builtin()
        .ok()
        .and_then(|r| r.for_year(year).or(r.formats().last()))
        .map(|f| f.id().to_owned())
        .unwrap_or_default()
}

/// Draws the dialog over `form`; whether it was closed (确定 or 取消).
pub fn show(ctx: &egui::Context, form: &mut NewReport, actions: &mut Vec<Action>) -> bool {
    let mut outcome = None;
    egui::Window::new("新建报告")
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            egui::Grid::new("new_report")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label("发布机关");
                    ui.text_edit_singleline(&mut form.agency)
                        .accessible_name("发布机关");
                    ui.end_row();
                    ui.label("报告年度");
                    if ui
                        .add(egui::DragValue::new(&mut form.year).range(2019..=2100))
                        .accessible_name("报告年度")
                        .changed()
                    {
                        form.format = format_for(form.year);
                    }
                    ui.end_row();
                    ui.label("格式");
                    ui.horizontal(|ui| {
                        if let Ok(reg) = Registry::builtin() {
                            for f in reg.formats() {
                                ui.selectable_value(&mut form.format, f.id().to_owned(), f.name());
                            }
                        }
                    });
                    ui.end_row();
                });
            if form.format != format_for(form.year) {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "{} 年度报告应使用 {} 版格式，您选择了 {} 版",
                        form.year,
                        format_for(form.year),
                        form.format
                    ),
                );
            }
            ui.horizontal(|ui| {
                if ui.button("确定").clicked() {
                    outcome = Some(true);
                }
                if ui.button("取消").clicked() {
                    outcome = Some(false);
                }
            });
        });
    if outcome == Some(true) {
        actions.push(Action::Leave(Leave::Create(form.clone()), None));
    }
    outcome.is_some()
}
