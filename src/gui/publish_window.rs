//! 发布: the report laid out as it will be printed (title, sections, tables with their
//! merged headers), the findings count, and export to a web page or a Word document —
//! asking first when blocking findings remain.

use eframe::egui::{self, Align2, Color32, FontId, Rect, RichText, Sense, Stroke, Ui, Vec2};

use super::Action;
use super::palette;
use crate::io::Published;
use crate::model::Report;
use crate::publish::{CellRole, Outline, Part, PrintedTable, PublishOptions, outline};
use crate::rules::{Finding, Severity};

/// The 发布 window.
#[derive(Default)]
pub struct PublishWindow {
    /// Whether it is shown.
    pub open: bool,
    /// Choices for the export.
    pub options: PublishOptions,
    /// An export waiting for the user to confirm it despite blocking findings.
    confirm: Option<Published>,
}

impl PublishWindow {
    /// Draws the window over `report`; exports go out as actions.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        report: &Report,
        findings: &[Finding],
        actions: &mut Vec<Action>,
    ) {
        let mut open = self.open;
        egui::Window::new("发布预览")
            .open(&mut open)
            .default_size([820.0, 640.0])
            .show(ctx, |ui| self.contents(ui, report, findings, actions));
        self.open = open;
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        report: &Report,
        findings: &[Finding],
        actions: &mut Vec<Action>,
    ) {
        let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
        let blocking = count(Severity::Blocking);
        ui.horizontal(|ui| {
            let summary = format!(
                "强制性问题 {blocking} 项，核实性 {} 项，提示性 {} 项",
                count(Severity::Verify),
                count(Severity::Info)
            );
            if blocking > 0 {
                ui.label(RichText::new(summary).color(palette::severity(Severity::Blocking)));
            } else {
                ui.label(summary);
            }
        });
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.options.blank_as_zero, "空白单元格印为 0");
            for (kind, label) in [
                (Published::Html, "导出网页 (.html)…"),
                (Published::Docx, "导出 Word 文档 (.docx)…"),
            ] {
                if ui.button(label).clicked() {
                    if blocking > 0 {
                        self.confirm = Some(kind);
                    } else {
                        actions.push(Action::Publish(kind, self.options));
                    }
                }
            }
        });
        if let Some(kind) = self.confirm {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "报告仍有 {blocking} 项强制性问题，发布后数据不能勾稽。仍要导出吗？"
                    ))
                    .color(palette::severity(Severity::Blocking)),
                );
                if ui.button("仍然导出").clicked() {
                    actions.push(Action::Publish(kind, self.options));
                    self.confirm = None;
                }
                if ui.button("取消").clicked() {
                    self.confirm = None;
                }
            });
        }
        ui.separator();
        let doc = outline(report, self.options);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| page(ui, &doc));
    }
}

/// The report on a white page, as it will be printed.
fn page(ui: &mut Ui, doc: &Outline) {
    egui::Frame::new()
        .fill(Color32::WHITE)
        .inner_margin(24.0)
        .stroke(Stroke::new(1.0, Color32::from_gray(200)))
        .show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.label(
                    RichText::new(&doc.title)
                        .size(20.0)
                        .strong()
                        .color(Color32::BLACK),
                );
            });
            ui.add_space(8.0);
            for part in &doc.parts {
                match part {
                    Part::Heading(h) => {
                        ui.add_space(6.0);
                        ui.label(RichText::new(h).size(16.0).strong().color(Color32::BLACK));
                    }
                    Part::Paragraph(p) => {
                        ui.label(
                            RichText::new(format!("\u{3000}\u{3000}{p}")).color(Color32::BLACK),
                        );
                    }
                    Part::Caption(c) => {
                        ui.vertical_centered(|ui| {
                            ui.label(RichText::new(c).small().color(Color32::DARK_GRAY));
                        });
                    }
                    Part::Table(t) => {
                        table(ui, t);
                        ui.add_space(6.0);
                    }
                }
            }
        });
}

/// A printed table: every cell a bordered box over the columns and rows it spans.
fn table(ui: &mut Ui, t: &PrintedTable) {
    let width = ui.available_width();
    let xs: Vec<f32> = std::iter::once(0.0)
        .chain(t.column_shares().iter().scan(0.0, |x, s| {
            *x += s * width;
            Some(*x)
        }))
        .collect();
    let font = FontId::proportional(12.0);
    let pad = 3.0;
    // Each cell's text laid out once, at its width.
    let galleys: Vec<Vec<_>> = t
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| {
                    let w = xs[c.col + c.colspan] - xs[c.col];
                    ui.painter().layout(
                        c.text.clone(),
                        font.clone(),
                        Color32::BLACK,
                        (w - 2.0 * pad).max(1.0),
                    )
                })
                .collect()
        })
        .collect();
    let need = |r: usize, k: usize| galleys[r][k].size().y + 2.0 * pad;
    // Row heights: the tallest single-row cell; a spanning cell stretches its last row.
    let mut heights = vec![18.0_f32; t.rows.len()];
    for (r, row) in t.rows.iter().enumerate() {
        for (k, _) in row.iter().enumerate().filter(|(_, c)| c.rowspan == 1) {
            heights[r] = heights[r].max(need(r, k));
        }
    }
    for (r, row) in t.rows.iter().enumerate() {
        for (k, c) in row.iter().enumerate().filter(|(_, c)| c.rowspan > 1) {
            let end = (r + c.rowspan).min(t.rows.len());
            let have: f32 = heights[r..end].iter().sum();
            if need(r, k) > have {
                heights[end - 1] += need(r, k) - have;
            }
        }
    }
    let ys: Vec<f32> = std::iter::once(0.0)
        .chain(heights.iter().scan(0.0, |y, h| {
            *y += h;
            Some(*y)
        }))
        .collect();
    let total = Vec2::new(width, ys[ys.len() - 1]);
    let (rect, _) = ui.allocate_exact_size(total, Sense::hover());
    let painter = ui.painter_at(rect.expand(1.0));
    let stroke = Stroke::new(1.0, Color32::BLACK);
    for (r, row) in t.rows.iter().enumerate() {
        for (k, c) in row.iter().enumerate() {
            let end = (r + c.rowspan).min(t.rows.len());
            let cell = Rect::from_min_max(
                rect.min + Vec2::new(xs[c.col], ys[r]),
                rect.min + Vec2::new(xs[c.col + c.colspan], ys[end]),
            );
            painter.rect_stroke(cell, 0.0, stroke, egui::StrokeKind::Middle);
            let g = galleys[r][k].clone();
            let (anchor, x) = match c.role {
                CellRole::Header => (Align2::CENTER_CENTER, cell.center().x),
                CellRole::Label => (Align2::LEFT_CENTER, cell.left() + pad),
                CellRole::Value => (Align2::RIGHT_CENTER, cell.right() - pad),
            };
            let pos = anchor
                .anchor_size(egui::pos2(x, cell.center().y), g.size())
                .min;
            painter.galley(pos, g, Color32::BLACK);
        }
    }
}
