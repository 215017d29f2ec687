//! Dialogs that wait for an answer. At most one is open: the app's pending
//! [`Question`].

mod new_report;
mod unsaved;

pub use new_report::NewReport;
pub use unsaved::{Answer, Leave};

use eframe::egui;

use super::Action;

/// The question the app waits on the user to answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Question {
    /// 新建报告: the form being filled in.
    NewReport(NewReport),
    /// 有未保存的修改: what would drop them, waiting for 保存, 不保存 or 取消.
    Unsaved(Leave),
}

/// Draws the dialog of `question`; clears it once answered or cancelled. The answer goes
/// out as an action.
pub fn show(ctx: &egui::Context, question: &mut Option<Question>, actions: &mut Vec<Action>) {
    let answered = match question {
        None => return,
        Some(Question::NewReport(form)) => new_report::show(ctx, form, actions),
        Some(Question::Unsaved(leave)) => unsaved::show(ctx, leave, actions),
    };
    if answered {
        *question = None;
    }
}
