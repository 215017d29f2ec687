//! The findings panel: grouped by severity and scope; click one to go to its cell;
//! verify-level findings take the clerk's explanation and the reviewer's decision.

use eframe::egui::{self, RichText, Ui};

use crate::document::Document;
use crate::format::Scope;
use crate::model::{Review, ReviewStatus};
use crate::rules::Severity;

use super::edit::EditAction;
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
        ReviewStatus::Confirmed => RichText::new(format!("已确认 {text}")),
        ReviewStatus::Ignored => RichText::new(format!("已忽略 {text}")).weak(),
    };
    if ui
        .add(egui::Button::selectable(false, label).wrap())
        .on_hover_text("点击定位到单元格")
        .clicked()
    {
        actions.push(Action::GoToFinding(i));
    }
    if !f.consequences.is_empty() {
        egui::CollapsingHeader::new(format!("因此不成立的勾稽关系 {} 处", f.consequences.len()))
            .id_salt(("consequences", &id))
            .show(ui, |ui| {
                for c in &f.consequences {
                    ui.label(RichText::new(format!("{}  {}", c.rule, c.message)).weak());
                }
            });
    }
    if review.is_stale(&f.basis()) {
        ui.label(
            RichText::new(format!(
                "数值已变化，请复核（审核时：{}；现在：{}）",
                review.basis,
                f.basis()
            ))
            .color(palette::severity(crate::rules::Severity::Verify)),
        );
    }
    let severity = f.severity;
    ui.indent(("review", &id), |ui| {
        review_editor(ui, &id, severity, review, actions)
    });
    ui.separator();
}

/// The review of one finding: its status in one line, and the texts folded away until
/// wanted (open when they hold something). Only findings a clerk may leave standing
/// (verify and info) take an explanation.
fn review_editor(
    ui: &mut Ui,
    id: &str,
    severity: Severity,
    review: Review,
    actions: &mut Vec<Action>,
) {
    let mut r = review.clone();
    ui.horizontal(|ui| {
        ui.label("审核：");
        ui.selectable_value(&mut r.status, ReviewStatus::Open, "待定");
        ui.selectable_value(&mut r.status, ReviewStatus::Confirmed, "已确认");
        ui.selectable_value(&mut r.status, ReviewStatus::Ignored, "已忽略");
    });
    let explained = severity != Severity::Blocking;
    let has_text = !r.explanation.is_empty() || !r.note.is_empty();
    let title = if explained {
        "审核说明与意见"
    } else {
        "审核意见"
    };
    egui::CollapsingHeader::new(title)
        .id_salt(("notes", id))
        .default_open(has_text)
        .show(ui, |ui| {
            let mut texts = vec![(&mut r.note, "审核意见（审核人）", "审核意见")];
            if explained {
                texts.insert(
                    0,
                    (
                        &mut r.explanation,
                        "审核说明（填报人：如确属如此，请说明原因）",
                        "审核说明",
                    ),
                );
            }
            for (text, hint, name) in texts {
                let response = ui
                    .add(
                        egui::TextEdit::multiline(text)
                            .desired_rows(1)
                            .desired_width(f32::INFINITY)
                            .hint_text(hint),
                    )
                    .accessible_name(format!("{name} {id}"));
                if response.lost_focus() {
                    actions.push(EditAction::Seal.into());
                }
            }
        });
    if r.status != review.status {
        // A status click is a step of its own, not part of the typing before it.
        actions.push(EditAction::Seal.into());
    }
    if r != review {
        actions.push(EditAction::SetReview(id.to_owned(), r).into());
    }
}
