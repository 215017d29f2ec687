//! What the app draws each frame: menus, panels, windows and the status bar, and the
//! input it turns into actions before the views see it.

use std::collections::HashSet;

use eframe::egui::{self, RichText, Ui, ViewportCommand};

use super::App;
use crate::format::SectionContent;
use crate::gui::command::{self, Command};
use crate::gui::modals::{Leave, Question, migration};
use crate::gui::selection::{self, Selection};
use crate::gui::{Action, Autosave, findings, marks, narrative, nav, palette, table};
use crate::rules;

impl App {
    /// Shortcuts, dropped files and the selection's clipboard events, as actions.
    pub(super) fn input(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let text_focused =
            ctx.memory(|m| m.focused().is_some()) && self.view.edit.selection.is_none();
        actions.extend(
            command::consume_shortcuts(ctx, text_focused)
                .into_iter()
                .map(Action::Run),
        );
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            actions.push(Action::Leave(Leave::Open(file.path().to_owned()), None));
        }
        if let Some(sel) = self.view.edit.selection {
            selection::intercept(ctx, sel, self.view.edit.in_place, actions);
        }
    }

    /// The panels and windows.
    pub(super) fn draw(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui, actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status(ui));
        egui::Panel::left("sections")
            .resizable(false)
            .exact_size(210.0)
            .show(ui, |ui| {
                if let Some(s) = nav::show(ui, &self.state.doc, self.view.section) {
                    actions.push(Action::ShowSection(s));
                }
            });
        egui::Panel::right("findings")
            .default_size(300.0)
            .min_size(260.0)
            .show(ui, |ui| {
                findings::show(ui, &self.state.doc, actions);
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui, actions));
        self.windows(&ctx, actions);
    }

    /// The windows that stay open beside the report.
    fn windows(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let doc = &self.state.doc;
        self.view.batch.show(ctx, actions);
        self.view.combine.show(ctx, doc.report(), actions);
        self.view
            .publish
            .show(ctx, doc.report(), doc.findings(), actions);
        self.view.source.show(ctx, doc.report());
        self.view.compare.show(ctx, doc, actions);
    }

    fn menu(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut run = |ui: &mut Ui, c: Command, enabled: bool| {
            if c.button(ui, enabled) {
                actions.push(Action::Run(c));
            }
        };
        let mut recent = None;
        let mut migrate = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                for c in [Command::New, Command::Open, Command::Save, Command::SaveAs] {
                    run(ui, c, true);
                }
                recent = self.recent_menu(ui);
                ui.separator();
                run(ui, Command::Properties, true);
                migrate = migration::menu_entries(ui, &self.state.doc);
                ui.separator();
                for c in [Command::ExportXlsx, Command::ExportCsv, Command::ExportJson] {
                    run(ui, c, true);
                }
                ui.separator();
                for c in [
                    Command::LinkPrior,
                    Command::Compare,
                    Command::ShowPublish,
                    Command::ShowSource,
                    Command::Batch,
                    Command::Combine,
                ] {
                    run(ui, c, true);
                }
                let combined = self.state.doc.report().combination.is_some();
                run(ui, Command::Recombine, combined);
                run(ui, Command::Quit, true);
            });
            ui.menu_button("编辑", |ui| {
                run(ui, Command::Undo, self.state.doc.can_undo());
                run(ui, Command::Redo, self.state.doc.can_redo());
                run(ui, Command::FillTotals, true);
            });
            run(ui, Command::FillTotals, true);
        });
        if let Some(path) = recent {
            actions.push(Action::Leave(Leave::Open(path), None));
        }
        if let Some(to) = migrate {
            actions.push(Action::AskMigrate(to));
        }
    }

    /// 最近打开; the file clicked, if any.
    fn recent_menu(&self, ui: &mut Ui) -> Option<std::path::PathBuf> {
        let recent = &self.state.recent;
        let mut clicked = None;
        ui.add_enabled_ui(!recent.is_empty(), |ui| {
            ui.menu_button("最近打开", |ui| {
                for p in recent {
                    let name = p
                        .file_name()
                        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into());
                    if ui
                        .button(name)
                        .on_hover_text(p.display().to_string())
                        .clicked()
                    {
                        clicked = Some(p.clone());
                    }
                }
            });
        });
        clicked
    }

    fn status(&self, ui: &mut Ui) {
        let doc = &self.state.doc;
        ui.horizontal(|ui| {
            let (b, v, i) = rules::counts(doc.findings());
            ui.label(
                RichText::new(format!("强制性 {b}"))
                    .color(palette::severity(rules::Severity::Blocking)),
            );
            ui.label(
                RichText::new(format!("核实性 {v}"))
                    .color(palette::severity(rules::Severity::Verify)),
            );
            ui.label(
                RichText::new(format!("提示性 {i}"))
                    .color(palette::severity(rules::Severity::Info)),
            );
            let unread = doc.report().unread().count();
            if unread > 0 {
                ui.separator();
                ui.label(format!("未读取 {unread} 格")).on_hover_text(
                    "这些单元格未能从原文中读出：不是空白，也不是 0，不参与勾稽核对",
                );
            }
            ui.separator();
            // An imported document (or the sample) is saved nowhere until 另存为.
            ui.label(if doc.is_dirty() {
                "有未保存的修改"
            } else if doc.path().is_none() {
                "尚未保存为年报文件"
            } else {
                "已保存"
            });
            if let Some((text, error)) = self.autosave.as_ref().and_then(Autosave::state) {
                ui.separator();
                let t = RichText::new(text);
                ui.label(if *error {
                    t.color(ui.visuals().error_fg_color)
                } else {
                    t.weak()
                });
            }
            if let Some((text, error)) = &self.view.message {
                ui.separator();
                let t = RichText::new(text);
                ui.label(if *error {
                    t.color(ui.visuals().error_fg_color)
                } else {
                    t
                });
            }
        });
    }

    fn central(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let doc = &self.state.doc;
        let format = doc.report().format().clone();
        let Some(section) = format.sections().get(self.view.section) else {
            return;
        };
        let title = section.heading();
        let r = doc.report();
        ui.label(
            RichText::new(format!(
                "{} {} 年度政府信息公开工作年度报告（{}）",
                r.agency,
                r.year,
                format.name()
            ))
            .weak(),
        );
        match &section.content {
            SectionContent::Narrative => narrative::show(ui, doc, &section.id, &title, actions),
            SectionContent::Table(t) => {
                ui.heading(&title);
                ui.add_space(6.0);
                let Some(ti) = format.tables().iter().position(|x| x.id == *t) else {
                    return;
                };
                let marks = marks::CellMarks::new(doc);
                let edit = &self.view.edit;
                let selected: HashSet<usize> = edit
                    .selection
                    .filter(Selection::is_block)
                    .map(|s| s.cells(&format).into_iter().collect())
                    .unwrap_or_default();
                egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
                    let mut ctx = table::TableCtx {
                        doc,
                        marks: &marks,
                        selected: &selected,
                        in_place: edit.in_place,
                        actions,
                    };
                    table::show(ui, &mut ctx, ti);
                });
            }
        }
    }

    /// Closing the window with unsaved changes asks first.
    pub(super) fn ask_before_closing(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.view.closing {
            if self.state.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.view.question = Some(Question::Unsaved(Leave::Quit));
            } else {
                self.forget_autosave();
            }
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let doc = &self.state.doc;
        let name = doc
            .path()
            .and_then(|p| p.file_name())
            .map_or_else(|| "未命名".to_owned(), |n| n.to_string_lossy().into_owned());
        let mark = if doc.is_dirty() { " ●" } else { "" };
        let title = format!("{name}{mark} — 年报助手");
        if title != self.view.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.view.title = title;
        }
    }
}
