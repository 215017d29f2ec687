//! The app's state, split as objdiff does: what the user works on ([`AppState`]) apart
//! from how the window shows it ([`ViewState`]).

use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::gui::edit::{EditState, Said};
use crate::gui::modals::Question;
use crate::gui::{BatchWindow, CombineWindow, CompareWindow, PublishWindow, SourceWindow};

/// How many recent files the 文件 menu lists.
const RECENT_MAX: usize = 8;

/// The open report and the files the user worked on.
pub struct AppState {
    /// The open report.
    pub doc: Document,
    /// Recently opened or saved files, newest first (kept by eframe between sessions).
    pub recent: Vec<PathBuf>,
}

impl AppState {
    /// Puts `path` first in the recent files.
    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(RECENT_MAX);
    }
}

/// What the window shows and asks, apart from the report.
#[derive(Default)]
pub struct ViewState {
    /// Index of the section shown.
    pub section: usize,
    /// The cell being edited and the block selection.
    pub edit: EditState,
    /// The status bar's message.
    pub message: Option<Said>,
    /// The dialog waiting for an answer.
    pub question: Option<Question>,
    /// The window is closing: its close request must not ask again.
    pub closing: bool,
    /// The window title last sent.
    pub title: String,
    /// 批量审核.
    pub batch: BatchWindow,
    /// 汇总多份报告.
    pub combine: CombineWindow,
    /// 发布预览.
    pub publish: PublishWindow,
    /// 原文.
    pub source: SourceWindow,
    /// 与上年比较.
    pub compare: CompareWindow,
}
