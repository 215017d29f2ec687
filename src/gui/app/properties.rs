//! Carrying out 报告属性 and moving the report to another format.

use eframe::egui;

use super::App;
use crate::document::{Document, Meta};
use crate::gui::modals::{MigrationPreview, Properties, Question};

impl App {
    /// Opens 报告属性 over the open report.
    pub(super) fn ask_properties(&mut self) {
        self.view.question = Some(Question::Properties(Properties::of(&self.state.doc)));
    }

    /// Sets agency, year and publication date as one undo step.
    pub(super) fn set_meta(&mut self, meta: Meta) {
        let doc = &mut self.state.doc;
        doc.seal();
        doc.set_meta(&meta.agency, meta.year, meta.published);
        doc.seal();
    }

    /// Shows what moving the report to format `to` would do, and asks.
    pub(super) fn ask_migrate(&mut self, to: &str) {
        let preview = MigrationPreview::new(&self.state.doc, to);
        self.view.question = Some(Question::Migrate(preview));
    }

    /// Moves the report to format `to`, as one undo step.
    pub(super) fn migrate(&mut self, to: &str, ctx: &egui::Context) {
        match self.changing_format(ctx, |doc| doc.migrate(to)) {
            Ok(r) => self.say(
                format!(
                    "已转换为{}：转入 {} 个单元格；未转入 {} 个、留空待填 {} 个（可撤销）",
                    r.to,
                    r.carried.len(),
                    r.dropped.len(),
                    r.left_blank.len() + r.not_summed.len()
                ),
                false,
            ),
            Err(e) => self.say(e.to_string(), true),
        }
    }

    /// Runs `change` on the document; if it changed the report's format (a migration,
    /// or undoing one), cell indices mean other cells now: editing, selection and the
    /// 原文 window's cell start afresh.
    pub(super) fn changing_format<R>(
        &mut self,
        ctx: &egui::Context,
        change: impl FnOnce(&mut Document) -> R,
    ) -> R {
        let before = self.state.doc.report().format().id().to_owned();
        let out = change(&mut self.state.doc);
        if self.state.doc.report().format().id() != before {
            self.view.edit = Default::default();
            let open = self.view.source.open;
            self.view.source = Default::default();
            self.view.source.open = open;
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
        }
        out
    }
}
