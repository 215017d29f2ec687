//! Carrying out what the user asked for: commands, edits, and leaving the open report
//! (after asking about its unsaved changes).

use std::path::Path;

use eframe::egui::{self, ViewportCommand};

use super::App;
use crate::document::Document;
use crate::format::Registry;
use crate::gui::command::Command;
use crate::gui::modals::{Answer, Leave, NewReport, Question};
use crate::gui::{Action, cell_id, nav};
use crate::io::Published;
use crate::publish::PublishOptions;

impl App {
    /// Applies an action from this frame.
    pub(super) fn apply(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Run(command) => self.run(command, ctx),
            Action::Edit(edit) => {
                if let Some((text, error)) = self.view.edit.apply(&mut self.state.doc, edit, ctx) {
                    self.say(text, error);
                }
            }
            Action::Leave(leave, None) => {
                if self.state.doc.is_dirty() && !self.view.closing {
                    self.view.question = Some(Question::Unsaved(leave));
                } else {
                    self.leave(leave, ctx);
                }
            }
            Action::Leave(leave, Some(Answer::Save)) => {
                self.run(Command::Save, ctx);
                if !self.state.doc.is_dirty() {
                    self.leave(leave, ctx);
                }
            }
            Action::Leave(leave, Some(Answer::Discard)) => self.leave(leave, ctx),
            Action::GoToFinding(fi) => self.go_to_finding(fi, ctx),
            Action::ShowSection(s) => self.show_section(s),
            Action::ShowSourceAt(cell) => self.view.source.show_cell(Some(cell)),
            Action::Publish(kind, options) => self.publish(kind, options),
        }
    }

    /// Runs a command.
    pub(super) fn run(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::New => {
                let r = self.state.doc.report();
                let form = NewReport::new(r.agency.clone(), r.year + 1);
                self.view.question = Some(Question::NewReport(form));
            }
            Command::Open => {
                if let Some(p) = self.dialogs.open() {
                    self.apply(Action::Leave(Leave::Open(p), None), ctx);
                }
            }
            Command::Save => match self.state.doc.path() {
                Some(_) => self.save(None),
                None => self.run(Command::SaveAs, ctx),
            },
            Command::SaveAs => {
                let name = self.suggested_name("nianbao");
                if let Some(p) = self.dialogs.save(&name, ("年报文件", &["nianbao"])) {
                    self.save(Some(&p));
                }
            }
            Command::ExportXlsx => self.export("xlsx", "Excel 工作簿"),
            Command::ExportCsv => self.export("csv", "CSV"),
            Command::ExportJson => self.export("json", "JSON"),
            Command::LinkPrior => {
                self.link_prior();
            }
            Command::Compare => {
                if self.state.doc.prior().is_some() || self.link_prior() {
                    self.view.compare.open_on(&self.state.doc);
                }
            }
            Command::ShowPublish => self.view.publish.open = true,
            Command::ShowSource => self.view.source.show_cell(None),
            Command::Batch => self.view.batch.open = true,
            Command::BatchFolder => {
                if let Some(folder) = self.dialogs.folder() {
                    self.view.batch.start(folder);
                }
            }
            Command::BatchSummary => self.batch_summary(),
            Command::Combine => self.view.combine.open = true,
            Command::CombineFolder => {
                if let Some(folder) = self.dialogs.folder() {
                    self.view.combine.add_input(folder);
                }
            }
            Command::CombineFile => {
                if let Some(file) = self.dialogs.open() {
                    self.view.combine.add_input(file);
                }
            }
            Command::CombineRun => self.view.combine.start(),
            Command::Recombine => {
                let doc = &self.state.doc;
                let path = doc.path().map(Path::to_owned);
                self.view.combine.recombine(doc.report().clone(), path);
            }
            Command::Quit => self.apply(Action::Leave(Leave::Quit, None), ctx),
            Command::Undo => {
                if !self.state.doc.undo() {
                    self.say("没有可撤销的操作", false);
                }
            }
            Command::Redo => {
                if !self.state.doc.redo() {
                    self.say("没有可重做的操作", false);
                }
            }
            Command::FillTotals => {
                let n = self.state.doc.fill_totals();
                self.say(
                    format!("自动计算合计：更新了 {n} 个单元格（可撤销）"),
                    false,
                );
            }
        }
    }

    /// Asks for last year's report and links it; whether one was linked.
    fn link_prior(&mut self) -> bool {
        let Some(p) = self.dialogs.open() else {
            return false;
        };
        match crate::io::open(&p) {
            Ok(prior) => {
                self.state.doc.set_prior(Some(prior));
                self.say(format!("已链接上年报告 {}", p.display()), false);
                true
            }
            Err(e) => {
                self.say(format!("{}：{e}", p.display()), true);
                false
            }
        }
    }

    /// Leaves the open report, its unsaved changes saved or given up.
    fn leave(&mut self, leave: Leave, ctx: &egui::Context) {
        match leave {
            Leave::Open(p) => self.open(&p),
            Leave::Create(form) => self.create(&form),
            Leave::Combined => {
                if let Some((report, path)) = self.view.combine.take_report() {
                    // Combined again, it belongs at the open file but is not saved there.
                    let doc = match path {
                        Some(p) => Document::recovered(report, Some(p)),
                        None => Document::new(report, None),
                    };
                    self.replace_document(doc);
                    self.forget_autosave();
                    self.say("已打开汇总报告：悬停单元格可查看各来源的数值", false);
                }
            }
            Leave::Quit => {
                self.forget_autosave();
                self.view.closing = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// A file name for saving or exporting the report.
    fn suggested_name(&self, ext: &str) -> String {
        let r = self.state.doc.report();
        format!("{}{}年度报告.{ext}", r.agency, r.year)
    }

    /// Shows another document.
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.state.doc = doc;
        self.view.section = 0;
        self.view.edit = Default::default();
    }

    /// The changes the autosave kept are saved or dropped: it is no longer wanted.
    pub(super) fn forget_autosave(&mut self) {
        if let Some(a) = &mut self.autosave {
            a.saved();
        }
    }

    pub(super) fn autosave_tick(&mut self, ctx: &egui::Context) {
        let Some(a) = &mut self.autosave else { return };
        a.tick(&self.state.doc, ctx);
        match a.offer(ctx) {
            Some(Ok(doc)) => {
                self.replace_document(doc);
                self.say("已恢复自动保存的报告，请核对后保存", false);
            }
            Some(Err(e)) => self.say(format!("无法恢复：{e}"), true),
            None => {}
        }
    }

    fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.forget_autosave();
                self.state.remember(path);
                self.say(format!("已打开 {}", path.display()), false);
            }
            Err(e) => self.say(format!("无法打开 {}：{e}", path.display()), true),
        }
    }

    fn create(&mut self, form: &NewReport) {
        let NewReport {
            agency,
            year,
            format,
        } = form;
        match Registry::builtin()
            .ok()
            .and_then(|r| r.get(format).cloned())
        {
            Some(f) => {
                let report = crate::model::Report::new(f, agency, *year);
                self.replace_document(Document::new(report, None));
                self.forget_autosave();
                self.say(format!("已新建 {agency} {year} 年度报告"), false);
            }
            None => self.say(format!("没有 {format} 版格式"), true),
        }
    }

    fn save(&mut self, path: Option<&Path>) {
        let doc = &mut self.state.doc;
        let result = match path {
            Some(p) => doc.save_as(p),
            None => doc.save(),
        };
        match result {
            Ok(()) => {
                let shown = path.or(self.state.doc.path()).map(Path::to_owned);
                if let Some(p) = &shown {
                    self.state.remember(p);
                }
                if !self.state.doc.is_dirty() {
                    self.forget_autosave();
                }
                let shown = shown.map(|p| p.display().to_string()).unwrap_or_default();
                self.say(format!("已保存 {shown}"), false);
            }
            Err(e) => self.say(format!("保存失败：{e}"), true),
        }
    }

    /// Exports a copy as another kind of file (the report keeps its own file), asking
    /// where.
    fn export(&mut self, ext: &str, filter: &str) {
        let name = self.suggested_name(ext);
        if let Some(p) = self.dialogs.save(&name, (filter, &[ext])) {
            let doc = &self.state.doc;
            match crate::io::save(doc.report(), doc.findings(), &p) {
                Ok(()) => self.say(format!("已导出 {}", p.display()), false),
                Err(e) => self.say(format!("导出失败：{e}"), true),
            }
        }
    }

    /// Writes the report to publish, asking where.
    fn publish(&mut self, kind: Published, options: PublishOptions) {
        let (ext, filter) = match kind {
            Published::Docx => ("docx", "Word 文档"),
            _ => ("html", "网页"),
        };
        let name = self.suggested_name(ext);
        if let Some(p) = self.dialogs.save(&name, (filter, &[ext])) {
            let doc = &self.state.doc;
            match crate::io::save_with(doc.report(), doc.findings(), &p, options) {
                Ok(()) => self.say(format!("已导出 {}", p.display()), false),
                Err(e) => self.say(format!("导出失败：{e}"), true),
            }
        }
    }

    fn batch_summary(&mut self) {
        let Some(p) = self
            .dialogs
            .save("批量审核汇总.xlsx", ("Excel 工作簿", &["xlsx"]))
        else {
            return;
        };
        let written = crate::batch::summary_xlsx(self.view.batch.outcomes())
            .and_then(|b| crate::io::write_atomic(&p, &b).map_err(crate::io::FileError::io));
        match written {
            Ok(()) => self.say(format!("已导出汇总 {}", p.display()), false),
            Err(e) => self.say(format!("导出汇总失败：{e}"), true),
        }
    }

    fn go_to_finding(&mut self, fi: usize, ctx: &egui::Context) {
        let doc = &self.state.doc;
        let Some(f) = doc.findings().get(fi) else {
            return;
        };
        if let Some(s) = nav::section_of(doc, f) {
            self.view.section = s;
        }
        let format = doc.report().format();
        if let Some(i) = f
            .suspect
            .as_ref()
            .or(f.cells.first())
            .and_then(|k| format.index_of(k))
        {
            ctx.memory_mut(|m| m.request_focus(cell_id(i)));
        }
    }
}
