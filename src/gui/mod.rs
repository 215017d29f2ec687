//! The workbench window: a thin egui shell over [`Document`].
//!
//! - [`command`]: every menu entry and shortcut, with its label (how to add one is
//!   described there);
//! - `app/`: the app's state and how it carries out commands and actions;
//! - [`edit`]: editing cells and sections;
//! - `modals/`: dialogs that wait for an answer;
//! - the views (table, narrative, findings, navigation) and the windows beside the report
//!   (batch, publish, source, compare) in modules of their own.
//!
//! Views draw from the document and return [`Action`]s; the app applies them after the
//! frame is drawn, so all changes go through one place.

mod app;
pub mod autosave;
mod batch_window;
mod combine_window;
pub mod command;
mod compare_window;
mod dialogs;
pub mod edit;
mod findings;
mod fonts;
mod marks;
mod modals;
mod narrative;
mod nav;
mod palette;
mod probe;
mod publish_window;
mod selection;
mod source_window;
mod table;

use std::path::PathBuf;

use eframe::egui;

pub use app::App;
pub use autosave::Autosave;
pub use batch_window::{BatchWindow, sample_outcomes};
pub use combine_window::CombineWindow;
pub use command::Command;
pub use compare_window::CompareWindow;
pub use dialogs::{FileDialogs, NativeDialogs, ScriptedDialogs};
pub use edit::EditAction;
pub use fonts::install as install_fonts;
pub use modals::{Answer, Leave, NewReport};
pub use publish_window::PublishWindow;
pub use source_window::SourceWindow;
pub use table::{Direction, cell_id};

use crate::document::{Document, Meta};
use crate::io::Published;
use crate::publish::PublishOptions;

/// Something the user asked for during a frame, applied after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A command from a menu, a button or a shortcut.
    Run(Command),
    /// An edit of the report's cells, sections or reviews.
    Edit(EditAction),
    /// Leave the open report (open another, start a new one, quit). Without an answer
    /// the user is asked first if the report has unsaved changes.
    Leave(Leave, Option<Answer>),
    /// Go to the section and cell of a finding (index into the findings).
    GoToFinding(usize),
    /// Go to a cell (index in the report's format): show its table and focus it.
    GoToCell(usize),
    /// Show another section.
    ShowSection(usize),
    /// Show the 原文 window at the line a cell was read from.
    ShowSourceAt(usize),
    /// Write the document to publish, asking where.
    Publish(Published, PublishOptions),
    /// Set agency, year and publication date (报告属性; one undo step).
    SetMeta(Meta),
    /// Show what moving the report to this format (an id) would do, and ask.
    AskMigrate(String),
    /// Move the report to this format (one undo step).
    Migrate(String),
}

impl From<EditAction> for Action {
    fn from(edit: EditAction) -> Action {
        Action::Edit(edit)
    }
}

/// The built-in sample report (a real published 2021 report), for first start.
pub fn sample_document() -> Document {
    let text = include_str!("../../tests/fixtures/2021_ankang_xinfangju.json");
    match crate::io::from_json(text) {
        Ok(report) => Document::new(report, None),
        Err(e) => unreachable!("the built-in sample is checked by the tests: {e}"),
    }
}

/// Opens the window on `path`, or on the built-in sample.
pub fn run(path: Option<PathBuf>) -> eframe::Result<()> {
    let started = std::time::Instant::now();
    let (doc, error) = match path {
        Some(p) => match Document::open(&p) {
            Ok(d) => (d, None),
            Err(e) => (
                sample_document(),
                Some(format!("无法打开 {}：{e}", p.display())),
            ),
        },
        None => (sample_document(), None),
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("年报助手")
            .with_inner_size([1400.0, 860.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "nianbao",
        options,
        Box::new(move |cc| {
            let recent = cc
                .storage
                .and_then(|s| eframe::get_value(s, app::RECENT_KEY))
                .unwrap_or_default();
            let mut app = App::new(&cc.egui_ctx, doc, Box::new(NativeDialogs)).with_recent(recent);
            app.probe = probe::Probe::from_env(started);
            if let Some(dir) = eframe::storage_dir("nianbao") {
                let recovery = crate::recovery::Recovery::new(dir.join("recovery"));
                app = app.with_autosave(Autosave::new(recovery, autosave::EVERY));
            }
            if let Some(e) = error {
                app.say(e, true);
            }
            Ok(Box::new(app))
        }),
    )
}
