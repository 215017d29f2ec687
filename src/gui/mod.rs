//! The workbench window: a thin egui shell over [`Document`].
//!
//! Views draw from the document and return [`Action`]s; the app applies them after the
//! frame is drawn, so all changes go through one place.

pub mod autosave;
mod batch_window;
mod dialogs;
mod findings;
mod fonts;
mod marks;
mod narrative;
mod nav;
mod palette;
mod probe;
mod publish_window;
mod selection;
mod source_window;
mod table;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use eframe::egui::text::{CCursor, CCursorRange};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, RichText, Ui, ViewportCommand};

pub use autosave::Autosave;
pub use batch_window::BatchWindow;
pub use dialogs::{FileDialogs, NativeDialogs, ScriptedDialogs};
pub use fonts::install as install_fonts;
pub use publish_window::PublishWindow;
pub use source_window::SourceWindow;
pub use table::{Direction, cell_id};

use self::selection::Selection;
use crate::document::Document;
use crate::format::{Registry, SectionContent};
use crate::io::Published;
use crate::model::Review;
use crate::publish::PublishOptions;
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
    /// Shift+arrow: grow or shrink the block selection.
    Extend(Direction),
    /// F2 or double-click: edit the cell's text in place, cursor at the end.
    EditInPlace(usize),
    /// Paste a clipboard block with its top-left field at a cell.
    Paste(usize, String),
    /// Copy the block selection as TSV (and clear it when true: cut).
    Copy(bool),
    /// Clear every cell of the block selection.
    ClearSelection,
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
    /// Export a copy as another kind of file (the report keeps its own file).
    Export(Export),
    /// Show the 发布 window (preview, export to HTML or DOCX).
    ShowPublish,
    /// Show the 原文 window, at the line a cell was read from.
    ShowSource(Option<usize>),
    /// Write the document to publish, asking where.
    Publish(Published, PublishOptions),
    /// Show the 批量审核 window.
    Batch,
    /// Ask for a folder and check every report in it.
    BatchFolder,
    /// Save the batch's summary workbook.
    BatchSummary,
    /// Quit (asks about unsaved changes).
    Quit,
    /// Start a new report: agency, year, format id (asks about unsaved changes).
    Create(String, i32, String),
    /// Carry out an action that drops unsaved changes, the user having agreed.
    Discarding(Box<Action>),
    /// Carry out an action if the report is saved by now (after 保存 in the
    /// unsaved-changes question; a cancelled or failed save keeps the changes).
    IfSaved(Box<Action>),
}

/// Kinds of file a report can be exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// An Excel workbook that keeps checking its totals.
    Xlsx,
    /// A flat CSV of every cell.
    Csv,
    /// The public JSON shape with the findings.
    Json,
}

impl Export {
    /// File extension, menu entry and dialog filter name.
    fn describe(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Export::Xlsx => ("xlsx", "导出为 Excel 工作簿…", "Excel 工作簿"),
            Export::Csv => ("csv", "导出单元格清单 CSV…", "CSV"),
            Export::Json => ("json", "导出为 JSON…", "JSON"),
        }
    }
}

/// How many recent files the 文件 menu lists.
const RECENT_MAX: usize = 8;

/// Key of the recent-files list in eframe's storage.
const RECENT_KEY: &str = "recent_files";

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
    /// The selected cells while a cell has focus.
    selection: Option<Selection>,
    /// Whether the focused cell is edited in place (F2) rather than overtyped.
    in_place: bool,
    dialogs: Box<dyn FileDialogs>,
    message: Option<(String, bool)>,
    new_report: Option<NewReport>,
    /// An action that would drop unsaved changes, waiting for the user's answer.
    pending_discard: Option<Action>,
    /// The user agreed to drop the changes for the action being applied.
    discard_ok: bool,
    /// The window is closing: its close request must not ask again.
    allow_close: bool,
    autosave: Option<Autosave>,
    /// Recently opened or saved files, newest first.
    recent: Vec<PathBuf>,
    title: String,
    probe: Option<probe::Probe>,
    batch: BatchWindow,
    publish: PublishWindow,
    source: SourceWindow,
}

impl App {
    /// An app showing `doc`, with the bundled font installed.
    pub fn new(ctx: &egui::Context, doc: Document, dialogs: Box<dyn FileDialogs>) -> App {
        install_fonts(ctx);
        // Light like the paper form and the office suite next to it; the marks are
        // designed on it.
        ctx.options_mut(|o| o.theme_preference = egui::ThemePreference::Light);
        App {
            doc,
            section: 0,
            editing: None,
            selection: None,
            in_place: false,
            dialogs,
            message: None,
            new_report: None,
            pending_discard: None,
            discard_ok: false,
            allow_close: false,
            autosave: None,
            recent: Vec::new(),
            probe: None,
            batch: BatchWindow::default(),
            publish: PublishWindow::default(),
            source: SourceWindow::default(),
            title: String::new(),
        }
    }

    /// Autosaves unsaved changes and offers what a crashed session left behind.
    pub fn with_autosave(mut self, autosave: Autosave) -> App {
        self.autosave = Some(autosave);
        self
    }

    /// Starts with this list of recent files (newest first).
    pub fn with_recent(mut self, recent: Vec<PathBuf>) -> App {
        self.recent = recent;
        self
    }

    /// Recently opened or saved files, newest first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.recent
    }

    fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(RECENT_MAX);
    }

    /// Whether `action` may go ahead now; if it would drop unsaved changes, the user is
    /// asked first and it waits.
    fn may_discard(&mut self, action: &Action) -> bool {
        if self.doc.is_dirty() && !self.discard_ok && !self.allow_close {
            self.pending_discard = Some(action.clone());
            return false;
        }
        true
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The 批量审核 window.
    pub fn batch(&self) -> &BatchWindow {
        &self.batch
    }

    /// Index of the section shown.
    pub fn section(&self) -> usize {
        self.section
    }

    /// Shows section `index` (of the format's six).
    pub fn show_section(&mut self, index: usize) {
        self.section = index.min(
            self.doc
                .report()
                .format()
                .sections()
                .len()
                .saturating_sub(1),
        );
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some((text.into(), error));
    }

    fn apply(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::BeginEdit(i) => {
                self.editing = Some((i, self.doc.report().cell_at(i).to_owned()));
                self.selection = Some(Selection::single(i));
                self.in_place = false;
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
            Action::Extend(direction) => {
                if let Some(sel) = &mut self.selection
                    && let Some(far) =
                        table::neighbour(self.doc.report().format(), sel.far, direction)
                {
                    sel.far = far;
                }
            }
            Action::EditInPlace(i) => {
                self.in_place = true;
                if let Some(mut state) = egui::TextEdit::load_state(ctx, cell_id(i)) {
                    let end = CCursor::new(self.doc.report().cell_at(i).chars().count());
                    state.cursor.set_char_range(Some(CCursorRange::one(end)));
                    egui::TextEdit::store_state(ctx, cell_id(i), state);
                }
            }
            Action::Paste(at, text) => {
                self.doc.seal();
                let out = self.doc.paste(at, &text);
                self.editing = Some((at, self.doc.report().cell_at(at).to_owned()));
                let mut said = format!("已粘贴 {} 个单元格", out.pasted);
                if out.skipped > 0 {
                    said.push_str(&format!("，{} 个超出表格范围未粘贴", out.skipped));
                }
                self.say(said, out.skipped > 0);
            }
            Action::Copy(cut) => {
                if let Some(sel) = self.selection {
                    ctx.copy_text(self.doc.copy(sel.anchor, sel.far));
                    let n = sel.cells(self.doc.report().format()).len();
                    self.say(format!("已复制 {n} 个单元格"), false);
                    if cut {
                        self.apply(Action::ClearSelection, ctx);
                    }
                }
            }
            Action::ClearSelection => {
                if let Some(sel) = self.selection {
                    let cells = sel.cells(self.doc.report().format());
                    self.doc.seal();
                    self.doc
                        .set_cells(cells.into_iter().map(|i| (i, String::new())));
                }
            }
            Action::SetSection(id, text) => self.doc.set_section(&id, &text),
            Action::Seal => self.doc.seal(),
            Action::SetReview(id, review) => self.doc.set_review(&id, review),
            Action::GoToFinding(fi) => self.go_to_finding(fi, ctx),
            Action::ShowSection(s) => self.show_section(s),
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
            Action::OpenPath(ref p) => {
                if self.may_discard(&action) {
                    self.open(p);
                }
            }
            Action::Create(ref agency, year, ref format) => {
                if self.may_discard(&action) {
                    self.create(agency, year, format);
                }
            }
            Action::Discarding(inner) => {
                self.discard_ok = true;
                self.apply(*inner, ctx);
                self.discard_ok = false;
            }
            Action::IfSaved(inner) => {
                if !self.doc.is_dirty() {
                    self.apply(*inner, ctx);
                }
            }
            Action::Save => match self.doc.path() {
                Some(_) => self.save(None),
                None => self.apply(Action::SaveAs, ctx),
            },
            Action::SaveAs => {
                let name = self.suggested_name("nianbao");
                if let Some(p) = self.dialogs.save(&name, ("年报文件", &["nianbao"])) {
                    self.save(Some(&p));
                }
            }
            Action::Batch => self.batch.open = true,
            Action::BatchFolder => {
                if let Some(folder) = self.dialogs.folder() {
                    self.batch.start(folder);
                }
            }
            Action::BatchSummary => {
                if let Some(p) = self
                    .dialogs
                    .save("批量审核汇总.xlsx", ("Excel 工作簿", &["xlsx"]))
                {
                    let written = crate::batch::summary_xlsx(self.batch.outcomes()).and_then(|b| {
                        crate::io::write_atomic(&p, &b).map_err(crate::io::FileError::io)
                    });
                    match written {
                        Ok(()) => self.say(format!("已导出汇总 {}", p.display()), false),
                        Err(e) => self.say(format!("导出汇总失败：{e}"), true),
                    }
                }
            }
            Action::ShowPublish => self.publish.open = true,
            Action::ShowSource(cell) => self.source.show_cell(cell),
            Action::Publish(kind, options) => {
                let (ext, filter) = match kind {
                    Published::Docx => ("docx", "Word 文档"),
                    _ => ("html", "网页"),
                };
                let name = self.suggested_name(ext);
                if let Some(p) = self.dialogs.save(&name, (filter, &[ext])) {
                    let r = self.doc.report();
                    match crate::io::save_with(r, self.doc.findings(), &p, options) {
                        Ok(()) => self.say(format!("已导出 {}", p.display()), false),
                        Err(e) => self.say(format!("导出失败：{e}"), true),
                    }
                }
            }
            Action::Export(kind) => {
                let (ext, _, filter) = kind.describe();
                let name = self.suggested_name(ext);
                if let Some(p) = self.dialogs.save(&name, (filter, &[ext])) {
                    match crate::io::save(self.doc.report(), self.doc.findings(), &p) {
                        Ok(()) => self.say(format!("已导出 {}", p.display()), false),
                        Err(e) => self.say(format!("导出失败：{e}"), true),
                    }
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
            Action::Quit => {
                if self.may_discard(&Action::Quit) {
                    self.forget_autosave();
                    self.allow_close = true;
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
            }
        }
    }

    /// Shows another document.
    fn suggested_name(&self, ext: &str) -> String {
        let r = self.doc.report();
        format!("{}{}年度报告.{ext}", r.agency, r.year)
    }

    fn replace_document(&mut self, doc: Document) {
        self.doc = doc;
        self.section = 0;
        self.editing = None;
        self.selection = None;
    }

    /// The changes the autosave kept are saved or dropped: it is no longer wanted.
    fn forget_autosave(&mut self) {
        if let Some(a) = &mut self.autosave {
            a.saved();
        }
    }

    fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.replace_document(doc);
                self.forget_autosave();
                self.remember(path);
                self.say(format!("已打开 {}", path.display()), false);
            }
            Err(e) => self.say(format!("无法打开 {}：{e}", path.display()), true),
        }
    }

    fn create(&mut self, agency: &str, year: i32, format: &str) {
        match Registry::builtin()
            .ok()
            .and_then(|r| r.get(format).cloned())
        {
            Some(f) => {
                let report = crate::model::Report::new(f, agency, year);
                self.replace_document(Document::new(report, None));
                self.forget_autosave();
                self.say(format!("已新建 {agency} {year} 年度报告"), false);
            }
            None => self.say(format!("没有 {format} 版格式"), true),
        }
    }

    fn save(&mut self, path: Option<&Path>) {
        let result = match path {
            Some(p) => self.doc.save_as(p),
            None => self.doc.save(),
        };
        match result {
            Ok(()) => {
                let shown = path.or(self.doc.path()).map(Path::to_owned);
                if let Some(p) = &shown {
                    self.remember(p);
                }
                if !self.doc.is_dirty() {
                    self.forget_autosave();
                }
                let shown = shown.map(|p| p.display().to_string()).unwrap_or_default();
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
        // A focused text field keeps its own Ctrl+Z for the text being typed; a cell
        // does not: its undo is the document's, so a paste is undone as one step.
        let text_focused = ctx.memory(|m| m.focused().is_some()) && self.selection.is_none();
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
                    ("打开（报告、电子表格或已发布的报告）…", Action::Open),
                    ("保存", Action::Save),
                    ("另存为…", Action::SaveAs),
                    ("链接上年报告…", Action::LinkPrior),
                    ("发布（预览、导出网页和 Word）…", Action::ShowPublish),
                    ("查看原文", Action::ShowSource(None)),
                    ("批量审核…", Action::Batch),
                    ("退出", Action::Quit),
                ];
                for (label, action) in items {
                    if matches!(action, Action::LinkPrior) {
                        self.recent_menu(ui, actions);
                        ui.separator();
                        for kind in [Export::Xlsx, Export::Csv, Export::Json] {
                            if ui.button(kind.describe().1).clicked() {
                                actions.push(Action::Export(kind));
                            }
                        }
                        ui.separator();
                    }
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

    fn recent_menu(&self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.add_enabled_ui(!self.recent.is_empty(), |ui| {
            ui.menu_button("最近打开", |ui| {
                for p in &self.recent {
                    let name = p
                        .file_name()
                        .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into());
                    if ui
                        .button(name)
                        .on_hover_text(p.display().to_string())
                        .clicked()
                    {
                        actions.push(Action::OpenPath(p.clone()));
                    }
                }
            });
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
            let unread = self.doc.report().unread().count();
            if unread > 0 {
                ui.separator();
                ui.label(format!("未读取 {unread} 格")).on_hover_text(
                    "这些单元格未能从原文中读出：不是空白，也不是 0，不参与勾稽核对",
                );
            }
            ui.separator();
            ui.label(if self.doc.is_dirty() {
                "有未保存的修改"
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

    fn new_report_dialog(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
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
                            .accessible_name("报告年度")
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
                actions.push(Action::Create(form.agency, form.year, form.format));
            }
            Some(false) => self.new_report = None,
            None => self.new_report = Some(form),
        }
    }

    /// Asks what to do with unsaved changes before an action that would drop them
    /// (closing the window, opening or creating another report).
    fn discard_question(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close {
            if self.doc.is_dirty() {
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.pending_discard = Some(Action::Quit);
            } else {
                self.forget_autosave();
            }
        }
        let Some(pending) = self.pending_discard.clone() else {
            return;
        };
        egui::Window::new("有未保存的修改")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                ui.label("是否保存对当前报告的修改？");
                ui.horizontal(|ui| {
                    if ui.button("保存").clicked() {
                        actions.push(Action::Save);
                        actions.push(Action::IfSaved(Box::new(pending.clone())));
                        self.pending_discard = None;
                    }
                    if ui.button("不保存").clicked() {
                        actions.push(Action::Discarding(Box::new(pending.clone())));
                        self.pending_discard = None;
                    }
                    if ui.button("取消").clicked() {
                        self.pending_discard = None;
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
    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if let Some(p) = &mut self.probe {
            p.frame(&ctx);
        }
        let mut actions = Vec::new();
        self.selection = self
            .selection
            .filter(|s| ctx.memory(|m| m.has_focus(cell_id(s.anchor))));
        self.shortcuts(&ctx, &mut actions);
        if let Some(sel) = self.selection {
            selection::intercept(&ctx, sel, self.in_place, &mut actions);
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu(ui, &mut actions));
        egui::Panel::bottom("status").show(ui, |ui| self.status(ui));
        egui::Panel::left("sections")
            .resizable(false)
            .exact_size(210.0)
            .show(ui, |ui| {
                if let Some(s) = nav::show(ui, &self.doc, self.section) {
                    actions.push(Action::ShowSection(s));
                }
            });
        egui::Panel::right("findings")
            .default_size(300.0)
            .min_size(260.0)
            .show(ui, |ui| {
                findings::show(ui, &self.doc, &mut actions);
            });
        egui::CentralPanel::default().show(ui, |ui| self.central(ui, &mut actions));
        self.new_report_dialog(&ctx, &mut actions);
        self.batch.show(&ctx, &mut actions);
        self.publish
            .show(&ctx, self.doc.report(), self.doc.findings(), &mut actions);
        self.source.show(&ctx, self.doc.report());
        self.discard_question(&ctx, &mut actions);
        for action in actions {
            self.apply(action, &ctx);
        }
        self.autosave_tick(&ctx);
        self.update_title(&ctx);
    }
}

impl App {
    fn autosave_tick(&mut self, ctx: &egui::Context) {
        let Some(a) = &mut self.autosave else { return };
        a.tick(&self.doc, ctx);
        match a.offer(ctx) {
            Some(Ok(doc)) => {
                self.replace_document(doc);
                self.say("已恢复自动保存的报告，请核对后保存", false);
            }
            Some(Err(e)) => self.say(format!("无法恢复：{e}"), true),
            None => {}
        }
    }

    fn central(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let format = self.doc.report().format().clone();
        let Some(section) = format.sections().get(self.section) else {
            return;
        };
        let title = section.heading();
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
                let selected: HashSet<usize> = self
                    .selection
                    .filter(Selection::is_block)
                    .map(|s| s.cells(&format).into_iter().collect())
                    .unwrap_or_default();
                egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
                    let mut ctx = table::TableCtx {
                        doc: &self.doc,
                        marks: &marks,
                        selected: &selected,
                        in_place: self.in_place,
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
                .and_then(|s| eframe::get_value(s, RECENT_KEY))
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
