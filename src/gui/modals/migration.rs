//! 转换为 2021 版格式…: what a migration would carry over and what it would leave for the
//! clerk, shown before it is made; 转换 makes it (one undo step).

use eframe::egui::{self, RichText, Ui};

use crate::document::Document;
use crate::format::{Check, Registry};
use crate::gui::Action;
use crate::migrate::{self, CellNote, MigrationReport};
use crate::rules::Finding;

/// A migration waiting for 转换 or 取消.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationPreview {
    /// The id of the format to move to.
    pub to: String,
    /// What it would do, or why it cannot be done.
    pub outcome: Result<MigrationReport, String>,
}

impl MigrationPreview {
    /// What moving `doc`'s report to format `to` would do.
    pub fn new(doc: &Document, to: &str) -> MigrationPreview {
        MigrationPreview {
            to: to.to_owned(),
            outcome: migrate::migrate(doc.report(), to)
                .map(|m| m.summary)
                .map_err(|e| e.to_string()),
        }
    }
}

/// The label of the entry that moves a report to format `id`.
pub fn label(id: &str) -> String {
    format!("转换为 {id} 版格式…")
}

/// The format a FORMAT-YEAR finding asks for (the one for the report's year), if `f` is
/// one and a migration leads there.
fn asked_by(doc: &Document, f: &Finding) -> Option<String> {
    let report = doc.report();
    let format = report.format();
    let is_format_year = format
        .rule(&f.rule)
        .is_some_and(|r| matches!(r.check, Check::FormatYear));
    let registry = Registry::builtin().ok()?;
    let to = registry.for_year(report.year)?;
    (is_format_year && registry.migration(format.id(), to.id()).is_some())
        .then(|| to.id().to_owned())
}

/// The menu entries that move the open report to each format a migration leads to; the
/// id of the one clicked.
pub fn menu_entries(ui: &mut Ui, doc: &Document) -> Option<String> {
    let from = doc.report().format().id();
    let registry = Registry::builtin().ok()?;
    let mut clicked = None;
    for f in registry.formats() {
        if registry.migration(from, f.id()).is_some() && ui.button(label(f.id())).clicked() {
            clicked = Some(f.id().to_owned());
        }
    }
    clicked
}

/// The button under a FORMAT-YEAR finding that moves the report to the format its year
/// asks for.
pub fn finding_button(ui: &mut Ui, doc: &Document, f: &Finding) -> Option<String> {
    let to = asked_by(doc, f)?;
    ui.button(label(&to))
        .on_hover_text("先列出能转入和不能转入的单元格，再由您决定是否转换；转换后可撤销")
        .clicked()
        .then_some(to)
}

/// Draws the preview; whether it was closed (转换 or 取消).
pub fn show(ctx: &egui::Context, preview: &MigrationPreview, actions: &mut Vec<Action>) -> bool {
    let mut closed = false;
    egui::Window::new(label(&preview.to).trim_end_matches('…'))
        .collapsible(false)
        .resizable(true)
        .default_size([560.0, 480.0])
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            match &preview.outcome {
                Ok(report) => body(ui, report),
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
            }
            ui.separator();
            ui.horizontal(|ui| {
                if preview.outcome.is_ok() && ui.button("转换").clicked() {
                    actions.push(Action::Migrate(preview.to.clone()));
                    closed = true;
                }
                if ui.button("取消").clicked() {
                    closed = true;
                }
            });
        });
    closed
}

fn body(ui: &mut Ui, report: &MigrationReport) {
    ui.label(format!(
        "从{}转换为{}：含义相同的 {} 个单元格和 {} 个叙述章节将转入；其余单元格不猜测，逐项列出，留待您处理。转换后可撤销。",
        report.from,
        report.to,
        report.carried.len(),
        report.sections.len()
    ));
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .max_height(340.0)
        .show(ui, |ui| {
            list(
                ui,
                format!(
                    "未转入的单元格（{} 个，新格式中没有含义相同的栏目）",
                    report.dropped.len()
                ),
                &report.dropped,
                true,
            );
            list(
                ui,
                format!("留空待填的单元格（{} 个）", report.left_blank.len()),
                &report.left_blank,
                false,
            );
            list(
                ui,
                format!(
                    "无法合计、留空待填的单元格（{} 个）",
                    report.not_summed.len()
                ),
                &report.not_summed,
                true,
            );
        });
}

fn list(ui: &mut Ui, title: String, cells: &[CellNote], with_text: bool) {
    if cells.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .default_open(true)
        .show(ui, |ui| {
            for c in cells {
                let text = c.text.trim();
                if with_text {
                    let shown = if text.is_empty() { "（空）" } else { text };
                    ui.label(format!("{}：{shown}", c.label));
                } else {
                    ui.label(&c.label);
                }
            }
        });
}
