//! The workbench's commands: every menu entry and keyboard shortcut, each with its label
//! and shortcut in one place (after rerun's `UICommand`). Menus draw them with
//! [`Command::button`], which shows the shortcut next to the label; [`consume_shortcuts`]
//! turns this frame's key presses into commands from the same table; the app runs them in
//! `app/command_handling.rs`.
//!
//! # Adding a command (and a window)
//! 1. Add a variant here, with its label in [`Command::label`] (and a shortcut in
//!    [`Command::shortcuts`] if it has one; the test below refuses a shortcut used twice),
//!    and list it in [`Command::ALL`].
//! 2. Run it in `App::run` (`app/command_handling.rs`), e.g. `Command::Compare =>
//!    self.view.compare.open = true`.
//! 3. Put it in a menu in `app/ui.rs` (`Command::Compare.button(ui, true)`).
//! 4. A window is a struct in its own module (`src/gui/compare_window.rs`) with a
//!    `pub open: bool` and a `show(&mut self, ctx, …, actions: &mut Vec<Action>)` that
//!    pushes what the user asks for as [`super::Action`]s; keep it in `ViewState`
//!    (`app/state.rs`) and call its `show` in `App::windows` (`app/ui.rs`). A dialog that
//!    waits for an answer is a [`super::modals::Question`] instead.
//!
//! Commands carry no data; what needs data (a cell, a path, the options of an export)
//! is an [`super::Action`].

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers, Ui};

/// Something the user can ask for by name, from a menu, a button or a shortcut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// 新建报告 (the dialog).
    New,
    /// Ask for a report to open.
    Open,
    /// Save (asks where if the report has no file yet).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Export a copy as an Excel workbook that keeps checking its totals.
    ExportXlsx,
    /// Export a flat CSV of every cell.
    ExportCsv,
    /// Export the public JSON shape with the findings.
    ExportJson,
    /// Ask for last year's report.
    LinkPrior,
    /// Show the 与上年比较 window (asking for last year's report if none is linked).
    Compare,
    /// Show the 发布 window (preview, export to HTML or DOCX).
    ShowPublish,
    /// Show the 原文 window.
    ShowSource,
    /// Show the 批量审核 window.
    Batch,
    /// Ask for a folder and check every report in it.
    BatchFolder,
    /// Save the batch's summary workbook.
    BatchSummary,
    /// Show the 汇总 window.
    Combine,
    /// Ask for a folder of reports to combine.
    CombineFolder,
    /// Ask for a report file to combine.
    CombineFile,
    /// Combine the chosen reports.
    CombineRun,
    /// Combine the open combined report again from its inputs.
    Recombine,
    /// Quit (asks about unsaved changes).
    Quit,
    /// Undo the last change to the report.
    Undo,
    /// Redo.
    Redo,
    /// 自动计算合计.
    FillTotals,
}

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 23] = [
        Command::New,
        Command::Open,
        Command::Save,
        Command::SaveAs,
        Command::ExportXlsx,
        Command::ExportCsv,
        Command::ExportJson,
        Command::LinkPrior,
        Command::Compare,
        Command::ShowPublish,
        Command::ShowSource,
        Command::Batch,
        Command::BatchFolder,
        Command::BatchSummary,
        Command::Combine,
        Command::CombineFolder,
        Command::CombineFile,
        Command::CombineRun,
        Command::Recombine,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::FillTotals,
    ];

    /// The text of its menu entry or button.
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "新建…",
            Command::Open => "打开（报告、电子表格或已发布的报告）…",
            Command::Save => "保存",
            Command::SaveAs => "另存为…",
            Command::ExportXlsx => "导出为 Excel 工作簿…",
            Command::ExportCsv => "导出单元格清单 CSV…",
            Command::ExportJson => "导出为 JSON…",
            Command::LinkPrior => "链接上年报告…",
            Command::Compare => "与上年比较…",
            Command::ShowPublish => "发布（预览、导出网页和 Word）…",
            Command::ShowSource => "查看原文",
            Command::Batch => "批量审核…",
            Command::BatchFolder => "选择文件夹…",
            Command::BatchSummary => "导出汇总…",
            Command::Combine => "汇总多份报告…",
            Command::CombineFolder => "添加文件夹…",
            Command::CombineFile => "添加报告文件…",
            Command::CombineRun => "开始汇总",
            Command::Recombine => "重新汇总",
            Command::Quit => "退出",
            Command::Undo => "撤销",
            Command::Redo => "重做",
            Command::FillTotals => "自动计算合计",
        }
    }

    /// Its keyboard shortcuts, the one shown in menus first.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        const fn cmd(key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(Modifiers::COMMAND, key)
        }
        const CMD_SHIFT: Modifiers = Modifiers {
            shift: true,
            ..Modifiers::COMMAND
        };
        const NEW: &[KeyboardShortcut] = &[cmd(Key::N)];
        const OPEN: &[KeyboardShortcut] = &[cmd(Key::O)];
        const SAVE: &[KeyboardShortcut] = &[cmd(Key::S)];
        const UNDO: &[KeyboardShortcut] = &[cmd(Key::Z)];
        const REDO: &[KeyboardShortcut] = &[cmd(Key::Y), KeyboardShortcut::new(CMD_SHIFT, Key::Z)];
        match self {
            Command::New => NEW,
            Command::Open => OPEN,
            Command::Save => SAVE,
            Command::Undo => UNDO,
            Command::Redo => REDO,
            _ => &[],
        }
    }

    /// Whether its shortcut works while a text field (not a cell) has focus: such a field
    /// keeps Ctrl+Z for the text being typed. A cell does not: its undo is the report's,
    /// so a paste is undone as one step.
    fn works_in_text_field(self) -> bool {
        !matches!(self, Command::Undo | Command::Redo)
    }

    /// Draws its menu entry or button (with its shortcut at the right); whether it was
    /// clicked.
    pub fn button(self, ui: &mut Ui, enabled: bool) -> bool {
        let mut button = egui::Button::new(self.label());
        if let Some(shortcut) = self.shortcuts().first() {
            button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
        }
        ui.add_enabled(enabled, button).clicked()
    }
}

/// Takes this frame's shortcut key presses out of the input as commands. `text_focused`:
/// a text field other than a cell has focus (see [`Command::works_in_text_field`]).
pub fn consume_shortcuts(ctx: &egui::Context, text_focused: bool) -> Vec<Command> {
    // egui ignores extra Shift and Alt when matching, so the most specific shortcuts
    // (Ctrl+Shift+Z) go first or a plainer one (Ctrl+Z) would take their key press.
    let mut table: Vec<(KeyboardShortcut, Command)> = Command::ALL
        .into_iter()
        .filter(|c| !text_focused || c.works_in_text_field())
        .flat_map(|c| c.shortcuts().iter().map(move |s| (*s, c)))
        .collect();
    table.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
    ctx.input_mut(|i| {
        let mut run = Vec::new();
        for (shortcut, command) in table {
            if i.consume_shortcut(&shortcut) && !run.contains(&command) {
                run.push(command);
            }
        }
        run
    })
}

fn modifier_count(m: Modifiers) -> usize {
    [m.alt, m.ctrl || m.command || m.mac_cmd, m.shift]
        .into_iter()
        .filter(|b| *b)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen: Vec<(KeyboardShortcut, Command)> = Vec::new();
        for c in Command::ALL {
            for s in c.shortcuts() {
                if let Some((_, other)) = seen.iter().find(|(t, _)| t == s) {
                    panic!("{c:?} and {other:?} share {s:?}");
                }
                seen.push((*s, c));
            }
        }
        assert!(seen.len() >= 5, "the table has the shortcuts: {seen:?}");
    }

    #[test]
    fn every_command_is_listed_once_with_a_label() {
        let mut labels: Vec<&str> = Command::ALL.iter().map(|c| c.label()).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), Command::ALL.len());
    }

    /// Presses `shortcut` in a frame and returns the commands it ran.
    fn press(shortcut: KeyboardShortcut, text_focused: bool) -> Vec<Command> {
        let ctx = egui::Context::default();
        let input = egui::RawInput {
            events: vec![egui::Event::Key {
                key: shortcut.logical_key,
                physical_key: None,
                pressed: true,
                repeat: false,
                modifiers: shortcut.modifiers,
            }],
            ..Default::default()
        };
        let mut run = Vec::new();
        let mut out = ctx.run_ui(input, |ui| run = consume_shortcuts(ui.ctx(), text_focused));
        out.textures_delta.clear();
        run
    }

    #[test]
    fn a_shortcut_runs_its_command_and_only_that() {
        for c in Command::ALL {
            for s in c.shortcuts() {
                assert_eq!(press(*s, false), [c], "{s:?}");
            }
        }
        assert_eq!(press(Command::Undo.shortcuts()[0], true), []);
        assert_eq!(press(Command::Save.shortcuts()[0], true), [Command::Save]);
    }
}
