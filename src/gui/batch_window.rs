//! 批量审核: check every report in a folder in the background, with a progress bar and a
//! sortable list of results; a double-click opens a report.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use eframe::egui::{self, RichText, Ui};

use super::Action;
use super::command::Command;
use super::modals::Leave;
use super::palette;
use crate::batch::{self, Outcome};
use crate::rules::Severity;

/// A batch running in the background.
struct Running {
    /// Steps done (each file is read, then checked).
    done: Arc<AtomicUsize>,
    /// Steps in all (known once the folder has been walked).
    total: Arc<AtomicUsize>,
    results: Receiver<Vec<Outcome>>,
}

/// Columns the list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortBy {
    File,
    Agency,
    Year,
    Blocking,
    Verify,
}

/// The 批量审核 window.
pub struct BatchWindow {
    /// Whether it is shown.
    pub open: bool,
    folder: Option<PathBuf>,
    running: Option<Running>,
    outcomes: Vec<Outcome>,
    sort: (SortBy, bool),
}

impl Default for BatchWindow {
    fn default() -> Self {
        BatchWindow {
            open: false,
            folder: None,
            running: None,
            outcomes: Vec::new(),
            sort: (SortBy::Blocking, false),
        }
    }
}

impl BatchWindow {
    /// Starts checking `folder` in the background.
    pub fn start(&mut self, folder: PathBuf) {
        let done = Arc::new(AtomicUsize::new(0));
        let total = Arc::new(AtomicUsize::new(0));
        let (send, results) = channel();
        let (d, t, f) = (done.clone(), total.clone(), folder.clone());
        std::thread::spawn(move || {
            let files = batch::find_files(&[f]);
            t.store(2 * files.len(), Ordering::Relaxed);
            let outcomes = batch::check(&files, None, &|| {
                d.fetch_add(1, Ordering::Relaxed);
            });
            // The window may have been closed meanwhile; nothing to tell then.
            let _ = send.send(outcomes);
        });
        self.folder = Some(folder);
        self.outcomes.clear();
        self.running = Some(Running {
            done,
            total,
            results,
        });
    }

    /// The results so far (empty while running).
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// Whether a batch is running.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Draws the window; folder choice, export and opening a report go out as actions.
    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(r) = &self.running {
            if let Ok(outcomes) = r.results.try_recv() {
                self.outcomes = outcomes;
                self.running = None;
                self.sort_outcomes();
            } else {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
        }
        let mut open = self.open;
        egui::Window::new("批量审核")
            .open(&mut open)
            .default_size([900.0, 520.0])
            .show(ctx, |ui| self.contents(ui, actions));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            if Command::BatchFolder.button(ui, self.running.is_none()) {
                actions.push(Action::Run(Command::BatchFolder));
            }
            if let Some(f) = &self.folder {
                ui.label(f.display().to_string());
            }
            if !self.outcomes.is_empty() && Command::BatchSummary.button(ui, true) {
                actions.push(Action::Run(Command::BatchSummary));
            }
        });
        if let Some(r) = &self.running {
            let (done, total) = (
                r.done.load(Ordering::Relaxed),
                r.total.load(Ordering::Relaxed),
            );
            let fraction = if total == 0 {
                0.0
            } else {
                done as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(fraction).text(format!(
                "审核中 {} / {} 份",
                done.min(total) / 2,
                total / 2
            )));
            return;
        }
        if self.outcomes.is_empty() {
            ui.label("选择一个文件夹，审核其中所有报告（含子文件夹）。");
            return;
        }
        let unreadable = self.outcomes.iter().filter(|o| o.result.is_err()).count();
        ui.label(format!(
            "共 {} 份，{} 份有强制性问题，{unreadable} 份无法读取。双击文件名或点「打开」查看报告。",
            self.outcomes.len(),
            self.outcomes.iter().filter(|o| o.counts().0 > 0).count()
        ));
        ui.separator();
        egui::ScrollArea::both().auto_shrink(false).show(ui, |ui| {
            egui::Grid::new("batch_results")
                .striped(true)
                .num_columns(7)
                .show(ui, |ui| self.rows(ui, actions));
        });
    }

    fn rows(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.label("");
        for (label, by) in [
            ("文件", SortBy::File),
            ("发布机关", SortBy::Agency),
            ("年度", SortBy::Year),
            ("强制性", SortBy::Blocking),
            ("核实性", SortBy::Verify),
        ] {
            let arrow = match self.sort {
                (s, true) if s == by => " ↑",
                (s, false) if s == by => " ↓",
                _ => "",
            };
            if ui.button(format!("{label}{arrow}")).clicked() {
                self.sort = (
                    by,
                    if self.sort.0 == by {
                        !self.sort.1
                    } else {
                        true
                    },
                );
                self.sort_outcomes();
            }
        }
        ui.label(RichText::new("主要问题").strong());
        ui.end_row();
        for o in &self.outcomes {
            let name = o.path.file_name().map_or_else(
                || o.path.display().to_string(),
                |n| n.to_string_lossy().into(),
            );
            let open = ui
                .small_button("打开")
                .accessible_name(format!("打开 {}", o.path.display()));
            if open.clicked() {
                actions.push(Action::Leave(Leave::Open(o.path.clone()), None));
            }
            let row = ui
                .add(egui::Button::selectable(false, name))
                .on_hover_text(o.path.display().to_string());
            if row.double_clicked() {
                actions.push(Action::Leave(Leave::Open(o.path.clone()), None));
            }
            match &o.result {
                Ok(c) => {
                    let (b, v, _) = o.counts();
                    ui.label(&c.agency);
                    ui.label(c.year.to_string());
                    ui.label(
                        RichText::new(b.to_string()).color(palette::severity(Severity::Blocking)),
                    );
                    ui.label(
                        RichText::new(v.to_string()).color(palette::severity(Severity::Verify)),
                    );
                    let first = c
                        .findings
                        .iter()
                        .find(|f| f.severity == Severity::Blocking)
                        .map_or("", |f| f.message.as_str());
                    ui.label(first);
                }
                Err(e) => {
                    for _ in 0..4 {
                        ui.label("");
                    }
                    ui.colored_label(ui.visuals().error_fg_color, format!("无法读取：{e}"));
                }
            }
            ui.end_row();
        }
    }

    fn sort_outcomes(&mut self) {
        let (by, ascending) = self.sort;
        let key = |o: &Outcome| -> (String, i64) {
            let checked = o.result.as_ref().ok();
            let (b, v, _) = o.counts();
            match by {
                SortBy::File => (o.path.display().to_string(), 0),
                SortBy::Agency => (checked.map(|c| c.agency.clone()).unwrap_or_default(), 0),
                SortBy::Year => (String::new(), checked.map_or(0, |c| i64::from(c.year))),
                // Unreadable files first among the worst.
                SortBy::Blocking => (
                    String::new(),
                    if o.result.is_err() {
                        i64::MAX
                    } else {
                        b as i64
                    },
                ),
                SortBy::Verify => (String::new(), v as i64),
            }
        };
        self.outcomes.sort_by(|a, b| {
            let order = key(a).cmp(&key(b));
            if ascending { order } else { order.reverse() }
        });
    }
}
