//! The workbench app: its state ([`state`]), what it draws each frame ([`ui`]) and how it
//! carries out what the user asked for ([`command_handling`]). Views draw from the state
//! and return [`Action`]s; the app applies them after the frame is drawn, so all changes
//! go through one place.

mod command_handling;
mod state;
mod ui;

use std::path::PathBuf;

use eframe::egui;

use self::state::{AppState, ViewState};
use super::{Action, Autosave, BatchWindow, FileDialogs, install_fonts, probe};
use crate::document::Document;

/// Key of the recent-files list in eframe's storage.
pub(super) const RECENT_KEY: &str = "recent_files";

/// The workbench app.
pub struct App {
    state: AppState,
    view: ViewState,
    dialogs: Box<dyn FileDialogs>,
    autosave: Option<Autosave>,
    pub(super) probe: Option<probe::Probe>,
}

impl App {
    /// An app showing `doc`, with the bundled font installed.
    pub fn new(ctx: &egui::Context, doc: Document, dialogs: Box<dyn FileDialogs>) -> App {
        install_fonts(ctx);
        // Light like the paper form and the office suite next to it; the marks are
        // designed on it.
        ctx.options_mut(|o| o.theme_preference = egui::ThemePreference::Light);
        App {
            state: AppState {
                doc,
                recent: Vec::new(),
            },
            view: ViewState::default(),
            dialogs,
            autosave: None,
            probe: None,
        }
    }

    /// Autosaves unsaved changes and offers what a crashed session left behind.
    pub fn with_autosave(mut self, autosave: Autosave) -> App {
        self.autosave = Some(autosave);
        self
    }

    /// Starts with this list of recent files (newest first).
    pub fn with_recent(mut self, recent: Vec<PathBuf>) -> App {
        self.state.recent = recent;
        self
    }

    /// Recently opened or saved files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.state.recent
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.state.doc
    }

    /// The 批量审核 window.
    pub fn batch(&self) -> &BatchWindow {
        &self.view.batch
    }

    /// The 与上年比较 window.
    pub fn compare(&self) -> &super::CompareWindow {
        &self.view.compare
    }

    /// The 汇总 window.
    pub fn combine(&self) -> &super::CombineWindow {
        &self.view.combine
    }

    /// Index of the section shown.
    pub fn section(&self) -> usize {
        self.view.section
    }

    /// Shows section `index` (of the format's six).
    pub fn show_section(&mut self, index: usize) {
        let sections = self.state.doc.report().format().sections().len();
        self.view.section = index.min(sections.saturating_sub(1));
    }

    /// Shows `text` in the status bar (in the error colour when `error`).
    pub(super) fn say(&mut self, text: impl Into<String>, error: bool) {
        self.view.message = Some((text.into(), error));
    }
}

impl eframe::App for App {
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.state.recent);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if let Some(p) = &mut self.probe {
            p.frame(&ctx);
        }
        let mut actions: Vec<Action> = Vec::new();
        self.view.edit.follow_focus(&ctx);
        self.input(&ctx, &mut actions);
        self.draw(ui, &mut actions);
        self.ask_before_closing(&ctx);
        super::modals::show(&ctx, &mut self.view.question, &mut actions);
        for action in actions {
            self.apply(action, &ctx);
        }
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
    }
}
