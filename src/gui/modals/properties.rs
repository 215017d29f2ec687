//! 报告属性: agency, year, format and publication date of the open report. 确定 changes
//! them as one undo step; a new format is a migration, shown before it is made.

use eframe::egui;

use crate::document::{Document, Meta};
use crate::format::Registry;
use crate::gui::Action;
use crate::model::Date;

/// The dialog's fields, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Properties {
    /// 发布机关.
    pub agency: String,
    /// 报告年度.
    pub year: i32,
    /// The id of the format.
    pub format: String,
    /// 发布日期 as typed (empty: not known).
    pub published: String,
    /// The id of the report's format when the dialog was opened.
    current: String,
    /// Why 确定 was refused, if it was.
    error: Option<String>,
}

impl Properties {
    /// The dialog over the open report's properties.
    pub fn of(doc: &Document) -> Properties {
        let r = doc.report();
        Properties {
            agency: r.agency.clone(),
            year: r.year,
            format: r.format().id().to_owned(),
            published: r.published.map(|d| d.to_string()).unwrap_or_default(),
            current: r.format().id().to_owned(),
            error: None,
        }
    }

    /// The properties typed, or why they cannot be taken.
    fn meta(&self) -> Result<Meta, String> {
        let agency = self.agency.trim();
        if agency.is_empty() {
            return Err("请填写发布机关".into());
        }
        let published = match self.published.trim() {
            "" => None,
            text => Some(text.parse::<Date>().map_err(|e| e.to_string())?),
        };
        Ok(Meta {
            agency: agency.to_owned(),
            year: self.year,
            published,
        })
    }
}

/// Draws the dialog over `form`; whether it was closed (确定 or 取消). 确定 sends the
/// properties, and a change of format asks for the migration.
pub fn show(ctx: &egui::Context, form: &mut Properties, actions: &mut Vec<Action>) -> bool {
    let mut outcome = None;
    let registry = Registry::builtin().ok();
    let for_year = registry
        .and_then(|r| r.for_year(form.year))
        .map(|f| f.id().to_owned());
    egui::Window::new("报告属性")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            egui::Grid::new("report_properties")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    ui.label("发布机关");
                    ui.add(egui::TextEdit::singleline(&mut form.agency).desired_width(260.0))
                        .accessible_name("发布机关");
                    ui.end_row();
                    ui.label("报告年度");
                    ui.add(egui::DragValue::new(&mut form.year).range(2019..=2100))
                        .accessible_name("报告年度");
                    ui.end_row();
                    ui.label("格式");
                    ui.horizontal(|ui| {
                        for f in registry.iter().flat_map(|r| r.formats()) {
                            ui.selectable_value(&mut form.format, f.id().to_owned(), f.name());
                        }
                    });
                    ui.end_row();
                    ui.label("发布日期");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.published)
                            .desired_width(220.0)
                            .hint_text("如 2024-01-25 或 2024年1月25日"),
                    )
                    .on_hover_text("用于核对是否在法定期限内发布（LATE）；不知道可留空")
                    .accessible_name("发布日期");
                    ui.end_row();
                });
            let warn = ui.visuals().warn_fg_color;
            if let Some(expected) = &for_year
                && *expected != form.format
            {
                ui.colored_label(
                    warn,
                    format!(
                        "{} 年度报告应使用 {expected} 版格式，您选择了 {} 版",
                        form.year, form.format
                    ),
                );
            }
            if form.format != form.current {
                ui.label(format!(
                    "更改格式将把报告转换为 {} 版格式：确定后先列出能转入和不能转入的单元格，再由您决定是否转换",
                    form.format
                ));
            }
            if let Some(e) = &form.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
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
    match outcome {
        Some(true) => match form.meta() {
            Ok(meta) => {
                actions.push(Action::SetMeta(meta));
                if form.format != form.current {
                    actions.push(Action::AskMigrate(form.format.clone()));
                }
                true
            }
            Err(e) => {
                form.error = Some(e);
                false
            }
        },
        Some(false) => true,
        None => false,
    }
}
