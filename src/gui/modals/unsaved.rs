//! 有未保存的修改: asked before something drops the open report's unsaved changes.

use std::path::PathBuf;

use eframe::egui;

use super::NewReport;
use crate::gui::Action;

/// Something that leaves the open report, dropping its unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Leave {
    /// Open this file instead.
    Open(PathBuf),
    /// Start this new report instead.
    Create(NewReport),
    /// Open the combined report the 汇总 window holds instead.
    Combined,
    /// Close the window.
    Quit,
}

/// What to do with the unsaved changes before leaving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// 保存 first, and leave only if the report is saved then (a cancelled or failed save
    /// keeps the changes).
    Save,
    /// 不保存: drop them.
    Discard,
}

/// Draws the question; whether it was answered (取消 is an answer too).
pub fn show(ctx: &egui::Context, leave: &Leave, actions: &mut Vec<Action>) -> bool {
    let mut answered = false;
    egui::Window::new("有未保存的修改")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label("是否保存对当前报告的修改？");
            ui.horizontal(|ui| {
                for (label, answer) in [
                    ("保存", Some(Answer::Save)),
                    ("不保存", Some(Answer::Discard)),
                    ("取消", None),
                ] {
                    if ui.button(label).clicked() {
                        if let Some(answer) = answer {
                            actions.push(Action::Leave(leave.clone(), Some(answer)));
                        }
                        answered = true;
                    }
                }
            });
        });
    answered
}
