//! Autosave every so often while there are unsaved changes, and the offer to recover an
//! autosave left by a session that crashed.

use std::time::{Duration, Instant, SystemTime};

use eframe::egui;

use crate::document::Document;
use crate::recovery::{Pending, Recovery};

/// How often unsaved changes are written to the recovery folder.
pub const EVERY: Duration = Duration::from_secs(30);

/// The autosave of the open document.
pub struct Autosave {
    recovery: Recovery,
    every: Duration,
    last: Instant,
    /// What the status bar says about it.
    state: Option<(String, bool)>,
    /// An autosave found at start, until the user decides.
    offer: Option<Pending>,
}

/// What the user decided about a found autosave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Open it.
    Recover,
    /// Delete it.
    Discard,
}

impl Autosave {
    /// Autosave into `recovery` every `every`; offers what a crashed session left there.
    pub fn new(recovery: Recovery, every: Duration) -> Autosave {
        let offer = recovery.pending();
        Autosave {
            recovery,
            every,
            last: Instant::now(),
            state: None,
            offer,
        }
    }

    /// Writes `doc` if it has had unsaved changes for `every`, and asks for a repaint in
    /// time for the next write.
    pub fn tick(&mut self, doc: &Document, ctx: &egui::Context) {
        if !doc.is_dirty() || self.offer.is_some() {
            self.last = Instant::now();
            return;
        }
        let due = self.last + self.every;
        let now = Instant::now();
        if now < due {
            ctx.request_repaint_after(due - now);
            return;
        }
        self.last = now;
        self.state = Some(match self.recovery.store(doc) {
            Ok(()) => ("已自动保存到恢复文件".to_owned(), false),
            Err(e) => (format!("自动保存失败：{e}"), true),
        });
    }

    /// The document was saved or its changes dropped: the autosave is no longer needed.
    pub fn saved(&mut self) {
        self.recovery.clear();
        self.state = None;
        self.last = Instant::now();
    }

    /// What the status bar shows, and whether it is an error.
    pub fn state(&self) -> Option<&(String, bool)> {
        self.state.as_ref()
    }

    /// Asks whether to recover a found autosave; returns the document to show if the
    /// user recovered it.
    pub fn offer(&mut self, ctx: &egui::Context) -> Option<Result<Document, String>> {
        let pending = self.offer.clone()?;
        let mut choice = None;
        egui::Window::new("恢复未保存的报告")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label("上次关闭前有未保存的修改，已自动保存到恢复文件。");
                if let Some(age) = pending
                    .saved_at
                    .and_then(|t| SystemTime::now().duration_since(t).ok())
                {
                    ui.label(format!("自动保存于 {} 前", human(age)));
                }
                let origin = pending
                    .origin
                    .as_ref()
                    .map_or_else(|| "未命名报告".to_owned(), |p| p.display().to_string());
                ui.label(format!("对应文件：{origin}"));
                ui.horizontal(|ui| {
                    if ui.button("恢复").clicked() {
                        choice = Some(Choice::Recover);
                    }
                    if ui.button("丢弃").clicked() {
                        choice = Some(Choice::Discard);
                    }
                });
            });
        match choice? {
            Choice::Recover => {
                self.offer = None;
                Some(self.recovery.restore().map_err(|e| e.to_string()))
            }
            Choice::Discard => {
                self.offer = None;
                self.recovery.clear();
                None
            }
        }
    }
}

/// A duration as a clerk would say it.
fn human(d: Duration) -> String {
    match d.as_secs() {
        s if s < 60 => format!("{s} 秒"),
        s if s < 3600 => format!("{} 分钟", s / 60),
        s if s < 86_400 => format!("{} 小时", s / 3600),
        s => format!("{} 天", s / 86_400),
    }
}
