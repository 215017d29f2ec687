//! 汇总多份报告: choose folders and files, the agency and year, combine in the background,
//! see what was left out and why, and open the combined report in the workbench. A
//! combined cell names its contributors ([`contributors_tip`]), on hover and here for the
//! focused cell.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use eframe::egui::{self, RichText, Ui};

use super::command::Command;
use super::modals::Leave;
use super::{Action, cell_id};
use crate::combine::{self, Options, Outcome};
use crate::model::{Report, Share};

/// Most contributors a tip lists (the largest); the rest are counted.
const TIP_ROWS: usize = 20;

/// Combining running in the background.
struct Running {
    done: Arc<AtomicUsize>,
    total: usize,
    result: Receiver<Result<Outcome, String>>,
}

/// The 汇总 window.
#[derive(Default)]
pub struct CombineWindow {
    /// Whether it is shown.
    pub open: bool,
    /// Folders and files to combine.
    inputs: Vec<PathBuf>,
    /// The combined report's agency.
    pub agency: String,
    /// Its year, as typed (empty: the year most reports are of).
    year: String,
    /// Sum reports with blocking findings too.
    include_errors: bool,
    /// Move reports in the other format and sum them.
    migrate: bool,
    running: Option<Running>,
    outcome: Option<Result<Outcome, String>>,
    /// The file the combined report belongs at: the open one's, when combined again.
    target: Option<PathBuf>,
    /// Open the result as soon as it is there (重新汇总).
    open_when_done: bool,
}

impl CombineWindow {
    /// Adds a folder or file to combine.
    pub fn add_input(&mut self, path: PathBuf) {
        if !self.inputs.contains(&path) {
            self.inputs.push(path);
        }
    }

    /// Whether combining is under way.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// What the last combining gave.
    pub fn outcome(&self) -> Option<&Result<Outcome, String>> {
        self.outcome.as_ref()
    }

    /// Combines the chosen inputs in the background.
    pub fn start(&mut self) {
        let options = Options {
            agency: self.agency.trim().to_owned(),
            year: self.year.trim().parse().ok(),
            format: None,
            include_errors: self.include_errors,
            migrate: self.migrate,
            skip: Vec::new(),
        };
        let inputs = self.inputs.clone();
        let total = crate::batch::find_files(&inputs).len();
        self.spawn(total, move |tick| {
            combine::combine_with(&inputs, &options, tick).map_err(|e| e.to_string())
        });
        self.target = None;
        self.open_when_done = false;
    }

    /// Combines `report` again from the inputs it keeps (重新汇总); the result replaces
    /// the open report when it is there.
    pub fn recombine(&mut self, report: Report, path: Option<PathBuf>) {
        let Some(c) = report.combination.as_deref() else {
            self.outcome = Some(Err(combine::CombineError::NotCombined.to_string()));
            self.open = true;
            return;
        };
        self.inputs = c.inputs.clone();
        self.include_errors = c.include_errors;
        self.migrate = c.migrate;
        self.agency = report.agency.clone();
        self.year = report.year.to_string();
        let total = crate::batch::find_files(&self.inputs).len();
        let skip = path.clone();
        self.spawn(total, move |_| {
            combine::recombine(&report, skip.as_deref()).map_err(|e| e.to_string())
        });
        self.target = path;
        self.open_when_done = true;
        self.open = true;
    }

    fn spawn(
        &mut self,
        total: usize,
        work: impl FnOnce(&(dyn Fn() + Sync)) -> Result<Outcome, String> + Send + 'static,
    ) {
        let done = Arc::new(AtomicUsize::new(0));
        let (send, result) = channel();
        let d = done.clone();
        std::thread::spawn(move || {
            let outcome = work(&|| {
                d.fetch_add(1, Ordering::Relaxed);
            });
            // The window may be gone meanwhile; nothing to tell then.
            let _ = send.send(outcome);
        });
        self.outcome = None;
        self.running = Some(Running {
            done,
            total,
            result,
        });
    }

    /// The combined report to open, with the file it belongs at; the window closes (its
    /// account stays, shown again with 文件 → 汇总多份报告…).
    pub fn take_report(&mut self) -> Option<(Report, Option<PathBuf>)> {
        let outcome = self.outcome.as_ref()?.as_ref().ok()?;
        if outcome.used() == 0 {
            return None;
        }
        self.open = false;
        Some((outcome.report.clone()?, self.target.clone()))
    }

    /// Draws the window; `report` is the open one (its focused cell's contributors are
    /// listed when it is a combined report).
    pub fn show(&mut self, ctx: &egui::Context, report: &Report, actions: &mut Vec<Action>) {
        if let Some(r) = &self.running {
            if let Ok(outcome) = r.result.try_recv() {
                self.running = None;
                self.outcome = Some(outcome);
                if self.open_when_done && self.take_ready() {
                    actions.push(Action::Leave(Leave::Combined, None));
                }
            } else {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
        }
        let mut open = self.open;
        egui::Window::new("汇总多份报告")
            .open(&mut open)
            .default_size([760.0, 520.0])
            .show(ctx, |ui| self.contents(ui, report, actions));
        self.open = open;
    }

    /// Whether a combined report with contributors is there to open.
    fn take_ready(&self) -> bool {
        matches!(&self.outcome, Some(Ok(o)) if o.used() > 0 && o.report.is_some())
    }

    fn contents(&mut self, ui: &mut Ui, report: &Report, actions: &mut Vec<Action>) {
        let idle = self.running.is_none();
        ui.horizontal(|ui| {
            for c in [Command::CombineFolder, Command::CombineFile] {
                if c.button(ui, idle) {
                    actions.push(Action::Run(c));
                }
            }
            if ui
                .add_enabled(idle && !self.inputs.is_empty(), egui::Button::new("清空"))
                .clicked()
            {
                self.inputs.clear();
            }
        });
        if self.inputs.is_empty() {
            ui.label("添加要汇总的文件夹（含子文件夹）或报告文件。");
        }
        for p in &self.inputs {
            ui.label(p.display().to_string());
        }
        for (name, text, hint, width) in [
            (
                "汇总机关",
                &mut self.agency,
                "如：某某县人民政府办公室",
                280.0,
            ),
            ("年度", &mut self.year, "默认取多数报告的年度", 160.0),
        ] {
            ui.horizontal(|ui| {
                let label = ui.add_sized([56.0, 20.0], egui::Label::new(name));
                let field = egui::TextEdit::singleline(text).hint_text(hint);
                ui.add_sized([width, 20.0], field).labelled_by(label.id);
            });
        }
        let year = self.year.trim();
        let year_ok = year.is_empty() || year.parse::<i32>().is_ok();
        if !year_ok {
            ui.colored_label(ui.visuals().error_fg_color, "年度应为数字，如 2024");
        }
        ui.checkbox(&mut self.include_errors, "有强制性问题的报告仍然计入");
        ui.checkbox(&mut self.migrate, "其他格式的报告转换后计入");
        let can_run = idle && year_ok && !self.inputs.is_empty() && !self.agency.trim().is_empty();
        ui.horizontal(|ui| {
            if Command::CombineRun.button(ui, can_run) {
                actions.push(Action::Run(Command::CombineRun));
            }
            if ui
                .add_enabled(
                    idle && self.take_ready(),
                    egui::Button::new("在工作台中打开"),
                )
                .clicked()
            {
                actions.push(Action::Leave(Leave::Combined, None));
            }
        });
        if let Some(r) = &self.running {
            let done = r.done.load(Ordering::Relaxed).min(r.total);
            let fraction = if r.total == 0 {
                0.0
            } else {
                done as f32 / r.total as f32
            };
            ui.add(
                egui::ProgressBar::new(fraction).text(format!("读取中 {done} / {} 份", r.total)),
            );
            return;
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                match &self.outcome {
                    Some(Ok(o)) => account(ui, o),
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    None => {}
                }
                if let Some(i) = focused_cell(ui.ctx(), report)
                    && let Some(tip) = contributors_tip(report, i)
                {
                    ui.separator();
                    ui.label(RichText::new(report.format().cell_label(i)).strong());
                    ui.label(tip);
                }
            });
    }
}

/// The account of the inputs, the left-out ones in the error colour.
fn account(ui: &mut Ui, outcome: &Outcome) {
    let lines = outcome.account();
    let mut lines = lines.iter();
    if let Some(head) = lines.next() {
        ui.label(RichText::new(head).strong());
    }
    if outcome.used() == 0 {
        ui.colored_label(ui.visuals().error_fg_color, "没有一份报告可以计入汇总");
    }
    for line in lines {
        if line.starts_with(' ') {
            ui.label(line.trim_start());
        } else {
            ui.label(RichText::new(line).strong());
        }
    }
}

/// The cell of `report` that has focus, if any.
fn focused_cell(ctx: &egui::Context, report: &Report) -> Option<usize> {
    let focused = ctx.memory(|m| m.focused())?;
    (0..report.format().cells().len()).find(|&i| cell_id(i) == focused)
}

/// What the reports combined into the cell at `index` gave, largest first: the agency,
/// the value and the file; blanks and unread values named. `None` for a report that is
/// not combined.
pub fn contributors_tip(report: &Report, index: usize) -> Option<String> {
    let c = report.combination.as_deref()?;
    let list = c.breakdown(index);
    let unknown = c.unknowns(index);
    let mut lines = vec![if unknown > 0 {
        format!(
            "汇总不完整：{unknown} 份报告此格未能读取，已读取的 {} 份合计 {}（请核实后填写）",
            list.len() - unknown,
            c.known_sum(index).normalize()
        )
    } else {
        format!(
            "汇总自 {} 份报告，合计 {}",
            list.len(),
            c.known_sum(index).normalize()
        )
    }];
    for (contributor, share) in list.iter().take(TIP_ROWS) {
        let value = match share {
            Share::Value(v) => v.normalize().to_string(),
            Share::Blank => "空白（按 0 计）".into(),
            Share::Unknown => "未读取".into(),
        };
        let agency = if contributor.agency.is_empty() {
            "（未填发布机关）"
        } else {
            &contributor.agency
        };
        lines.push(format!(
            "{agency}　{value}　{}",
            file_name(&contributor.file)
        ));
    }
    if list.len() > TIP_ROWS {
        lines.push(format!("…另 {} 份", list.len() - TIP_ROWS));
    }
    Some(lines.join("\n"))
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    )
}
