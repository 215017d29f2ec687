//! The workbench window: a thin egui shell over [`Document`].
//!
//! Views draw from the document and return [`Action`]s; the app applies them after the
//! frame is drawn, so all changes go through one place.

mod dialogs;
mod findings;
mod fonts;
mod marks;
mod narrative;
mod nav;
mod palette;
mod table;

use std::path::{Path, PathBuf};

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText, Ui, ViewportCommand};

pub use dialogs::{FileDialogs, NativeDialogs, ScriptedDialogs};
pub use fonts::install as install_fonts;
pub use table::{Direction, cell_id};

use crate::document::Document;
use crate::format::{Registry, SectionContent};
use crate::model::Review;
use crate::rules;

/// Something the user asked for during a frame, applied after it.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// A cell's editor gained focus.
    BeginEdit(usize),
    /// A cell's text changed.
    SetCell(usize, String),
    /// Esc in a cell: back to the text it had when focused.
    CancelEdit(usize),
    /// Keyboard move from a cell.
    Move(usize, Direction),
    /// A narrative section changed.
    SetSection(String, String),
    /// Focus left an editor: end its undo step.
    Seal,
    /// A finding's review changed.
    SetReview(String, Review),
    /// Go to the section and cell of a finding (index into the findings).
    GoToFinding(usize),
    /// Show another section.
    ShowSection(usize),
    /// 自动计算合计.
    FillTotals,
    /// Undo the last change.
    Undo,
    /// Redo.
    Redo,
    /// Ask for a new report.
    New,
    /// Ask for a file to open.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Save (asks where if the report has no file yet).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Ask for last year's report.
    LinkPrior,
    /// Quit (asks about unsaved changes).
    Quit,
}

/// The new-report dialog's fields.
#[derive(Debug, Clone)]
struct NewReport {
    agency: String,
    year: i32,
    format: String,
}

/// The workbench app.
pub struct App {
    doc: Document,
    section: usize,
    /// The cell being edited and its text when editing began (for Esc).
    editing: Option<(usize, String)>,
    dialogs: Box<dyn FileDialogs>,
    message: Option<(String, bool)>,
    new_report: Option<NewReport>,
    confirm_close: bool,
    allow_close: bool,
    title: String,
}

impl App {
    /// An app showing `doc`, with the bundled font installed.
    pub fn new(ctx: &egui::Context, doc: Document, dialogs: Box<dyn FileDialogs>) -> App {
        install_fonts(ctx);
        App {
            doc,
            section: 0,
            editing: None,
            dialogs,
            message: None,
            new_report: None,
            confirm_close: false,
            allow_close: false,
            title: String::new(),
        }
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// Index of the section shown.
    pub fn section(&self) -> usize {
        self.section
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some((text.into(), error));
    }

    fn apply(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::BeginEdit(i) => {
                self.editing = Some((i, self.doc.report().cell_at(i).to_owned()));
            }
            Action::SetCell(i, text) => self.doc.set_cell(i, &text),
            Action::CancelEdit(i) => {
                if let Some((e, original)) = self.editing.take()
                    && e == i
                {
                    self.doc.set_cell(i, &original);
                }
                self.doc.seal();
                ctx.memory_mut(|m| m.surrender_focus(cell_id(i)));
            }
            Action::Move(i, direction) => {
                if let Some(next) = table::neighbour(self.doc.report().format(), i, direction) {
                    self.doc.seal();
                    ctx.memory_mut(|m| m.request_focus(cell_id(next)));
                }
            }
            Action::SetSection(id, text) => self.doc.set_section(&id, &text),
            Action::Seal => self.doc.seal(),
            Action::SetReview(id, review) => self.doc.set_review(&id, review),
            Action::GoToFinding(fi) => self.go_to_finding(fi, ctx),
            Action::ShowSection(s) => self.section = s,
            Action::FillTotals => {
                let n = self.doc.fill_totals();
                self.say(
                    format!("自动计算合计：更新了 {n} 个单元格（可撤销）"),
                    false,
                );
            }
            Action::Undo => {
                if !self.doc.undo() {
                    self.say("没有可撤销的操作", false);
                }
            }
            Action::Redo => {
                if !self.doc.redo() {
                    self.say("没有可重做的操作", false);
                }
            }
            Action::New => {
                let year = self.doc.report().year + 1;
                self.new_report = Some(NewReport {
                    agency: self.doc.report().agency.clone(),
                    year,
                    format: format_for(year),
                });
            }
            Action::Open => {
                if let Some(p) = self.dialogs.open() {
                    self.apply(Action::OpenPath(p), ctx);
                }
            }
            Action::OpenPath(p) => self.open(&p),
            Action::Save => match self.doc.path() {
                Some(_) => self.save(None),
                None => self.apply(Action::SaveAs, ctx),
            },
            Action::SaveAs => {
                let name = format!(
                    "{}{}年度报告.nianbao",
                    self.doc.report().agency,
                    self.doc.report().year
                );
                if let Some(p) = self.dialogs.save(&name) {
                    self.save(Some(&p));
                }
            }
            Action::LinkPrior => {
                if let Some(p) = self.dialogs.open() {
                    match crate::io::open(&p) {
                        Ok(prior) => {
                            self.doc.set_prior(Some(prior));
                            self.say(format!("已链接上年报告 {}", p.display()), false);
                        }
                        Err(e) => self.say(format!("{}：{e}", p.display()), true),
                    }
                }
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
        }
    }

    fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.doc = doc;
                self.section = 0;
                self.say(format!("已打开 {}", path.display()), false);
            }
            Err(e) => self.say(format!("无法打开 {}：{e}", path.display()), true),
        }
    }

    fn save(&mut self, path: Option<&Path>) {
        let result = match path {
            Some(p) => self.doc.save_as(p),
            None => self.doc.save(),
        };
        match result {
            Ok(()) => {
                let shown = path
                    .or(self.doc.path())
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                self.say(format!("已保存 {shown}"), false);
            }
            Err(e) => self.say(format!("保存失败：{e}"), true),
        }
    }

    fn go_to_finding(&mut self, fi: usize, ctx: &egui::Context) {
        let Some(f) = self.doc.findings().get(fi) else {
            return;
        };
        if let Some(s) = nav::section_of(&self.doc, f) {
            self.section = s;
        }
        let format = self.doc.report().format();
        if let Some(i) = f
            .suspect
            .as_ref()
            .or(f.cells.first())
            .and_then(|k| format.index_of(k))
        {
            ctx.memory_mut(|m| m.request_focus(cell_id(i)));
        }
    }

    fn shortcuts(&self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let text_focused = ctx.memory(|m| m.focused().is_some());
        ctx.input_mut(|i| {
            let cmd = |k| KeyboardShortcut::new(Modifiers::COMMAND, k);
            if i.consume_shortcut(&cmd(Key::S)) {
                actions.push(Action::Save);
            }
            if i.consume_shortcut(&cmd(Key::O)) {
                actions.push(Action::Open);
            }
            if i.consume_shortcut(&cmd(Key::N)) {
                actions.push(Action::New);
            }
            // A focused text field keeps its own Ctrl+Z for the text being typed.
            if !text_focused {
                if i.consume_shortcut(&cmd(Key::Z)) {
                    actions.push(Action::Undo);
                }
                if i.consume_shortcut(&cmd(Key::Y))
                    || i.consume_shortcut(&KeyboardShortcut::new(
                        Modifiers::COMMAND | Modifiers::SHIFT,
                        Key::Z,
                    ))
                {
                    actions.push(Action::Redo);
                }
            }
        });
        for file in ctx.input(|i| i.raw.dropped_files.clone()) {
            actions.push(Action::OpenPath(file.path().to_owned()));
        }
    }

    fn menu(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("文件", |ui| {
                let items = [
                    ("新建…", Action::New),
                    ("打开…", Action::Open),
                    ("保存", Action::Save),
                    ("另存为…", Action::SaveAs),
                    ("链接上年报告…", Action::LinkPrior),
                    ("退出", Action::Quit),
                ];
                for (label, action) in items {
                    if ui.button(label).clicked() {
                        actions.push(action);
                    }
                }
            });
            ui.menu_button("编辑", |ui| {
                if ui
                    .add_enabled(self.doc.can_undo(), egui::Button::new("撤销"))
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                if ui
                    .add_enabled(self.doc.can_redo(), egui::Button::new("重做"))
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                if ui.button("自动计算合计").clicked() {
                    actions.push(Action::FillTotals);
                }
            });
            if ui.button("自动计算合计").clicked() {
                actions.push(Action::FillTotals);
            }
        });
    }

    fn status(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let (b, v, i) = rules::counts(self.doc.findings());
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
            ui.separator();
            ui.label(if self.doc.is_dirty() {
                "有未保存的修改"
            } else {
                "已保存"
            });
            if let Some((text, error)) = &self.message {
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

    fn update_title(&mut self, ctx: &egui::Context) {
        let name = self
            .doc
            .path()
            .and_then(|p| p.file_name())
            .map_or_else(|| "未命名".to_owned(), |n| n.to_string_lossy().into_owned());
        let mark = if self.doc.is_dirty() { " ●" } else { "" };
        let title = format!("{name}{mark} — 年报助手");
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn new_report_dialog(&mut self, ctx: &egui::Context) {
        let Some(mut form) = self.new_report.clone() else {
            return;
        };
        let mut outcome = None;
        egui::Window::new("新建报告")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("new_report")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("发布机关");
                        ui.text_edit_singleline(&mut form.agency)
                            .accessible_name("发布机关");
                        ui.end_row();
                        ui.label("报告年度");
                        if ui
                            .add(egui::DragValue::new(&mut form.year).range(2019..=2100))
                            .changed()
                        {
                            form.format = format_for(form.year);
                        }
                        ui.end_row();
                        ui.label("格式");
                        ui.horizontal(|ui| {
                            if let Ok(reg) = Registry::builtin() {
                                for f in reg.formats() {
                                    ui.selectable_value(
                                        &mut form.format,
                                        f.id().to_owned(),
                                        f.name(),
                                    );
                                }
                            }
                        });
                        ui.end_row();
                    });
                if form.format != format_for(form.year) {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "{} 年度报告应使用 {} 版格式，您选择了 {} 版",
                            form.year,
                            format_for(form.year),
                            form.format
                        ),
                    );
                }
                ui.horizontal(|ui| {
                    if ui.button("确定").clicked() {
                        outcome = Some(true);
                    }
                    if ui.button("取消").clicked() {
                        outcome = Some(false);
                    }
                });
            });
        match outcome {
            Some(true) => {
                self.new_report = None;
                if let Some(f) = Registry::builtin().ok().and_then(|r| r.get(&form.format)) {
                    self.doc = Document::new(
                        crate::model::Report::new(f.clone(), form.agency, form.year),
                        None,
                    );
                    self.section = 0;
                }
            }
            Some(false) => self.new_report = None,
            None => self.new_report = Some(form),
        }
    }

    fn close_guard(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm_close = true;
        }
        if !self.confirm_close {
            return;
        }
        egui::Window::new("有未保存的修改")
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.label("关闭前是否保存对报告的修改？");
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        actions.push(Action::Save);
                        self.confirm_close = false;
                    }
                    if ui.button("不保存").clicked() {
                        self.allow_close = true;
                        self.confirm_close = false;
                        actions.push(Action::Quit);
                    }
                    if ui.button("取消").clicked() {
                        self.confirm_close = false;
                    }
                });
            });
    }
}

/// The id of the format that applies to `year` (the newest if none does).
fn format_for(year: i32) -> String {
    Registry::builtin()
        .ok()
        .and_then(|r| r.for_year(year).or(r.formats().last()))
        .map(|f| f.id().to_owned())
        .unwrap_or_default()
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let mut actions = Vec::new();
        self.shortcuts(&ctx, &mut actions);
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status(ui));
        egui::Panel::left("sections")
            .resizable(false)
            .exact_size(250.0)
            .show(ui, |ui| {
                if let Some(s) = nav::show(ui, &self.doc, self.section) {
                    actions.push(Action::ShowSection(s));
                }
            });
        egui::Panel::right("findings")
            .default_size(320.0)
            .min_size(260.0)
            .show(ui, |ui| {
                findings::show(ui, &self.doc, &mut actions);
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui, &mut actions));
        self.new_report_dialog(&ctx);
        self.close_guard(&ctx, &mut actions);
        for action in actions {
            self.apply(action, &ctx);
        }
        self.update_title(&ctx);
    }
}

impl App {
    fn central(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let format = self.doc.report().format().clone();
        let Some(section) = format.sections().get(self.section) else {
            return;
        };
        let title = format!("{}、{}", section.number, section.title);
        let r = self.doc.report();
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
            SectionContent::Narrative => {
                narrative::show(ui, &self.doc, &section.id, &title, actions)
            }
            SectionContent::Table(t) => {
                ui.heading(&title);
                ui.add_space(6.0);
                let Some(ti) = format.tables().iter().position(|x| x.id == *t) else {
                    return;
                };
                let marks = marks::CellMarks::new(&self.doc);
                egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
                    let mut ctx = table::TableCtx {
                        doc: &self.doc,
                        marks: &marks,
                        actions,
                    };
                    table::show(ui, &mut ctx, ti);
                });
            }
        }
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
            let mut app = App::new(&cc.egui_ctx, doc, Box::new(NativeDialogs));
            if let Some(e) = error {
                app.say(e, true);
            }
            Ok(Box::new(app))
        }),
    )
}
