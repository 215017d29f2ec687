//! The findings panel: grouped by severity and scope; click one to go to its cell;
//! verify-level findings take the clerk's explanation and the reviewer's decision.

use eframe::egui::{self, RichText, Ui};

use crate::document::Document;
use crate::format::Scope;
use crate::model::{Review, ReviewStatus};
use crate::rules::Severity;

use super::{Action, palette};

/// Draws the panel.
pub fn show(ui: &mut Ui, doc: &Document, actions: &mut Vec<Action>) {
    ui.add_space(6.0);
    ui.heading("审核结果");
    if doc.findings().is_empty() {
        ui.label("未发现问题。");
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            for severity in [Severity::Blocking, Severity::Verify, Severity::Info] {
                let of_severity: Vec<usize> = (0..doc.findings().len())
                    .filter(|&i| doc.findings()[i].severity == severity)
                    .collect();
                if of_severity.is_empty() {
                    continue;
                }
                let title = RichText::new(format!("{}（{}）", severity.label(), of_severity.len()))
                    .color(palette::severity(severity))
                    .strong();
                egui::CollapsingHeader::new(title)
                    .id_salt(("findings", severity.as_str()))
                    .default_open(true)
                    .show(ui, |ui| {
                        for scope in [Scope::InTable, Scope::CrossTable, Scope::CrossYear] {
                            let items: Vec<usize> = of_severity
                                .iter()
                                .copied()
                                .filter(|&i| doc.findings()[i].scope == scope)
                                .collect();
                            if items.is_empty() {
                                continue;
                            }
                            ui.label(RichText::new(scope.label()).weak());
                            for i in items {
                                finding(ui, doc, i, actions);
                            }
                        }
                    });
            }
        });
}

fn finding(ui: &mut Ui, doc: &Document, i: usize, actions: &mut Vec<Action>) {
    let f = &doc.findings()[i];
    let id = f.id();
    let review = doc.report().reviews.get(&id).cloned().unwrap_or_default();
    let text = format!("{}  {}", f.rule, f.message);
    let label = match review.status {
        ReviewStatus::Open => RichText::new(text),
        ReviewStatus::Confirmed => RichText::new(format!("✔ {text}")),
        ReviewStatus::Ignored => RichText::new(format!("已忽略 {text}")).weak(),
    };
    if ui
        .add(egui::Button::selectable(false, label).wrap())
        .on_hover_text("点击定位到单元格")
        .clicked()
    {
        actions.push(Action::GoToFinding(i));
    }
    if f.severity != Severity::Blocking {
        ui.indent(("review", &id), |ui| {
            review_editor(ui, &id, review, actions)
        });
    }
    ui.separator();
}

fn review_editor(ui: &mut Ui, id: &str, review: Review, actions: &mut Vec<Action>) {
    let mut r = review.clone();
    ui.add(
        egui::TextEdit::multiline(&mut r.explanation)
            .desired_rows(1)
            .desired_width(f32::INFINITY)
            .hint_text("审核说明（如确属如此，请说明原因）"),
    )
    .accessible_name(format!("审核说明 {id}"));
    ui.horizontal(|ui| {
        ui.label("审核：");
        ui.selectable_value(&mut r.status, ReviewStatus::Open, "待定");
        ui.selectable_value(&mut r.status, ReviewStatus::Confirmed, "已确认");
        ui.selectable_value(&mut r.status, ReviewStatus::Ignored, "已忽略");
    });
    if r != review {
        actions.push(Action::SetReview(id.to_owned(), r));
    }
}
