//! 批量审核: check every report in a folder in the background, with a progress bar and a
//! list of results that stays smooth with thousands of reports (only the rows on screen
//! are laid out): sortable and resizable columns, a filter by severity, rule and agency,
//! and the selected report's findings under the list; a double-click opens a report.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use eframe::egui::{self, RichText, Ui};
use egui_extras::{Column, TableBuilder};

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

/// Which reports the list shows, by what their checking found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Level {
    /// Every report.
    #[default]
    All,
    /// Reports with a blocking finding, and files that could not be read.
    Blocking,
    /// Reports with a finding to verify.
    Verify,
    /// Files that could not be read.
    Unreadable,
    /// Reports without any blocking or verify finding.
    Clean,
}

impl Level {
    const ALL: [Level; 5] = [
        Level::All,
        Level::Blocking,
        Level::Verify,
        Level::Unreadable,
        Level::Clean,
    ];

    fn label(self) -> &'static str {
        match self {
            Level::All => "全部",
            Level::Blocking => "有强制性问题",
            Level::Verify => "有核实性问题",
            Level::Unreadable => "无法读取",
            Level::Clean => "无问题",
        }
    }
}

/// What the list is narrowed to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct BatchFilter {
    /// By what checking found.
    level: Level,
    /// Only reports with a finding of this rule (`None`: any).
    rule: Option<String>,
    /// Only reports whose agency or file name holds this text (empty: any).
    agency: String,
}

impl BatchFilter {
    fn admits(&self, o: &Outcome, row: &RowText) -> bool {
        let (b, v, _) = row.counts;
        let level = match self.level {
            Level::All => true,
            Level::Blocking => b > 0 || o.result.is_err(),
            Level::Verify => v > 0,
            Level::Unreadable => o.result.is_err(),
            Level::Clean => o.result.is_ok() && b == 0 && v == 0,
        };
        let rule = self.rule.as_ref().is_none_or(|id| {
            o.result
                .as_ref()
                .is_ok_and(|c| c.findings.iter().any(|f| f.rule == *id))
        });
        let needle = self.agency.trim();
        let agency = needle.is_empty() || row.agency.contains(needle) || row.name.contains(needle);
        level && rule && agency
    }
}

/// A row's texts, made once when the results arrive (a frame only draws them).
struct RowText {
    name: String,
    agency: String,
    year: String,
    counts: (usize, usize, usize),
    /// The first blocking finding's message (else the first to verify), or why the file
    /// could not be read.
    problem: String,
}

impl RowText {
    fn new(o: &Outcome) -> RowText {
        let name = o.path.file_name().map_or_else(
            || o.path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let counts = o.counts();
        match &o.result {
            Ok(c) => RowText {
                name,
                agency: c.agency.clone(),
                year: c.year.to_string(),
                counts,
                problem: [Severity::Blocking, Severity::Verify]
                    .iter()
                    .find_map(|s| c.findings.iter().find(|f| f.severity == *s))
                    .map(|f| format!("{} {}", f.rule, f.message))
                    .unwrap_or_default(),
            },
            Err(e) => RowText {
                name,
                agency: String::new(),
                year: String::new(),
                counts,
                problem: format!("无法读取：{e}"),
            },
        }
    }
}

/// The 批量审核 window.
pub struct BatchWindow {
    /// Whether it is shown.
    pub open: bool,
    folder: Option<PathBuf>,
    running: Option<Running>,
    outcomes: Vec<Outcome>,
    rows: Vec<RowText>,
    /// Rule ids found in any report, for the rule filter.
    rules: Vec<String>,
    /// Reports with a blocking finding, and unreadable files (for the summary line).
    summary: (usize, usize),
    sort: (SortBy, bool),
    /// Every outcome's index, in the sorted order.
    order: Vec<usize>,
    filter: BatchFilter,
    /// The filter `shown` was made with (`None`: to be made again).
    shown_for: Option<BatchFilter>,
    /// The indices of the outcomes the list shows, in order.
    shown: Vec<usize>,
    /// The outcome whose findings are shown under the list.
    selected: Option<usize>,
}

impl Default for BatchWindow {
    fn default() -> Self {
        BatchWindow {
            open: false,
            folder: None,
            running: None,
            outcomes: Vec::new(),
            rows: Vec::new(),
            rules: Vec::new(),
            summary: (0, 0),
            sort: (SortBy::Blocking, false),
            order: Vec::new(),
            filter: BatchFilter::default(),
            shown_for: None,
            shown: Vec::new(),
            selected: None,
        }
    }
}

/// Height of a row of the list.
const ROW_HEIGHT: f32 = 22.0;

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
        self.set_outcomes(Vec::new());
        self.running = Some(Running {
            done,
            total,
            results,
        });
    }

    /// Shows `outcomes` as the results (what a finished batch gives).
    pub fn set_outcomes(&mut self, outcomes: Vec<Outcome>) {
        self.rows = outcomes.iter().map(RowText::new).collect();
        let mut rules: Vec<String> = outcomes
            .iter()
            .filter_map(|o| o.result.as_ref().ok())
            .flat_map(|c| c.findings.iter().map(|f| f.rule.clone()))
            .collect();
        rules.sort_unstable();
        rules.dedup();
        self.rules = rules;
        self.summary = (
            self.rows.iter().filter(|r| r.counts.0 > 0).count(),
            outcomes.iter().filter(|o| o.result.is_err()).count(),
        );
        self.outcomes = outcomes;
        self.selected = None;
        self.sort_outcomes();
    }

    /// The results so far (empty while running).
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// The results the list shows, filtered and sorted (as of the last frame).
    pub fn shown(&self) -> impl Iterator<Item = &Outcome> {
        self.shown.iter().map(|&i| &self.outcomes[i])
    }

    /// Whether a batch is running.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Draws the window; folder choice, export and opening a report go out as actions.
    pub fn show(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        if let Some(r) = &self.running {
            if let Ok(outcomes) = r.results.try_recv() {
                self.running = None;
                self.set_outcomes(outcomes);
            } else {
                ctx.request_repaint_after(Duration::from_millis(100));
            }
        }
        let mut open = self.open;
        egui::Window::new("批量审核")
            .open(&mut open)
            .default_size([960.0, 620.0])
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
        ui.label(format!(
            "共 {} 份，{} 份有强制性问题，{} 份无法读取。双击文件名或点「打开」查看报告。",
            self.outcomes.len(),
            self.summary.0,
            self.summary.1
        ));
        self.filters(ui);
        if self.shown_for.as_ref() != Some(&self.filter) {
            self.refilter();
        }
        ui.separator();
        // The selected report's findings take the lower part of the window.
        let details = if self.selected.is_some() { 180.0 } else { 0.0 };
        let list_height = (ui.available_height() - details).max(4.0 * ROW_HEIGHT);
        self.table(ui, list_height, actions);
        if let Some(i) = self.selected {
            ui.separator();
            self.details(ui, i, actions);
        }
    }

    /// The filter bar, and how many reports it lets through.
    fn filters(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label("显示：");
            for level in Level::ALL {
                ui.selectable_value(&mut self.filter.level, level, level.label());
            }
            ui.separator();
            let shown = match &self.filter.rule {
                Some(id) => id.as_str(),
                None => "全部规则",
            };
            egui::ComboBox::from_label("规则")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.rule, None, "全部规则");
                    for id in &self.rules {
                        ui.selectable_value(&mut self.filter.rule, Some(id.clone()), id);
                    }
                });
            ui.separator();
            let label = ui.label("机关或文件名：");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.agency)
                    .desired_width(160.0)
                    .hint_text("筛选"),
            )
            .labelled_by(label.id);
            ui.label(format!(
                "显示 {} / {} 份",
                self.shown.len(),
                self.outcomes.len()
            ));
        });
    }

    /// The list: only the rows in view are laid out.
    fn table(&mut self, ui: &mut Ui, height: f32, actions: &mut Vec<Action>) {
        let mut resort = None;
        let mut select = None;
        TableBuilder::new(ui)
            .id_salt("batch_results")
            .striped(true)
            .resizable(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::auto())
            .column(Column::initial(220.0).at_least(60.0).clip(true))
            .column(Column::initial(180.0).at_least(60.0).clip(true))
            .column(Column::auto().at_least(40.0))
            .column(Column::auto().at_least(50.0))
            .column(Column::auto().at_least(50.0))
            .column(Column::remainder().at_least(120.0).clip(true))
            .min_scrolled_height(0.0)
            .max_scroll_height(height)
            .header(ROW_HEIGHT, |mut header| {
                header.col(|_| {});
                for (label, by) in [
                    ("文件", SortBy::File),
                    ("发布机关", SortBy::Agency),
                    ("年度", SortBy::Year),
                    ("强制性", SortBy::Blocking),
                    ("核实性", SortBy::Verify),
                ] {
                    header.col(|ui| {
                        let arrow = match self.sort {
                            (s, true) if s == by => " ↑",
                            (s, false) if s == by => " ↓",
                            _ => "",
                        };
                        if ui.button(format!("{label}{arrow}")).clicked() {
                            resort = Some(by);
                        }
                    });
                }
                header.col(|ui| {
                    ui.label(RichText::new("主要问题").strong());
                });
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, self.shown.len(), |mut row| {
                    let i = self.shown[row.index()];
                    let (o, text) = (&self.outcomes[i], &self.rows[i]);
                    row.set_selected(self.selected == Some(i));
                    row.col(|ui| {
                        let open = ui
                            .small_button("打开")
                            .accessible_name(format!("打开 {}", o.path.display()));
                        if open.clicked() {
                            actions.push(Action::Leave(Leave::Open(o.path.clone()), None));
                        }
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&text.name).selectable(false))
                            .on_hover_text(o.path.display().to_string());
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&text.agency).selectable(false));
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&text.year).selectable(false));
                    });
                    let (b, v, _) = text.counts;
                    for (n, severity) in [(b, Severity::Blocking), (v, Severity::Verify)] {
                        row.col(|ui| {
                            let count =
                                RichText::new(n.to_string()).color(palette::severity(severity));
                            ui.add(egui::Label::new(count).selectable(false));
                        });
                    }
                    row.col(|ui| {
                        let problem = if o.result.is_err() {
                            RichText::new(&text.problem).color(ui.visuals().error_fg_color)
                        } else {
                            RichText::new(&text.problem)
                        };
                        ui.add(egui::Label::new(problem).selectable(false));
                    });
                    let response = row.response();
                    if response.double_clicked() {
                        actions.push(Action::Leave(Leave::Open(o.path.clone()), None));
                    } else if response.clicked() {
                        select = Some(i);
                    }
                });
            });
        if let Some(by) = resort {
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
        if let Some(i) = select {
            self.selected = (self.selected != Some(i)).then_some(i);
        }
    }

    /// The selected report's findings, and a button to open it.
    fn details(&self, ui: &mut Ui, i: usize, actions: &mut Vec<Action>) {
        let o = &self.outcomes[i];
        ui.horizontal(|ui| {
            if ui.button("打开报告").clicked() {
                actions.push(Action::Leave(Leave::Open(o.path.clone()), None));
            }
            ui.label(RichText::new(o.path.display().to_string()).strong());
        });
        egui::ScrollArea::vertical()
            .id_salt("batch_details")
            .auto_shrink([false, true])
            .max_height(ui.available_height())
            .show(ui, |ui| match &o.result {
                Ok(c) if c.findings.is_empty() => {
                    ui.label("未发现问题。");
                }
                Ok(c) => {
                    for f in &c.findings {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                RichText::new(format!("[{}] {}", f.severity.label(), f.rule))
                                    .color(palette::severity(f.severity)),
                            );
                            ui.label(&f.message);
                        });
                    }
                }
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, format!("无法读取：{e}"));
                }
            });
    }

    /// Lists the outcomes the filter lets through, in the sorted order.
    fn refilter(&mut self) {
        self.shown = self
            .order
            .iter()
            .copied()
            .filter(|&i| self.filter.admits(&self.outcomes[i], &self.rows[i]))
            .collect();
        self.shown_for = Some(self.filter.clone());
    }

    fn sort_outcomes(&mut self) {
        let (by, ascending) = self.sort;
        let key = |i: &usize| -> (String, i64) {
            let (o, row) = (&self.outcomes[*i], &self.rows[*i]);
            let (b, v, _) = row.counts;
            match by {
                SortBy::File => (o.path.display().to_string(), 0),
                SortBy::Agency => (row.agency.clone(), 0),
                SortBy::Year => (
                    String::new(),
                    o.result.as_ref().map_or(0, |c| i64::from(c.year)),
                ),
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
        let mut order: Vec<usize> = (0..self.outcomes.len()).collect();
        order.sort_by_cached_key(key);
        if !ascending {
            order.reverse();
        }
        self.order = order;
        self.shown_for = None;
    }
}

/// Made-up results of checking `n` reports, for tests and benchmarks: every third has a
/// blocking finding, every fifth one to verify, every 97th could not be read; agencies
/// repeat every 500.
pub fn sample_outcomes(n: usize) -> Vec<Outcome> {
    use crate::rules::{Finding, Scope};
    let Some(format) = crate::format::Registry::builtin()
        .ok()
        .and_then(|r| r.get("2021"))
        .cloned()
    else {
        return Vec::new();
    };
    let finding = |rule: &str, severity, message: String| Finding {
        rule: rule.to_owned(),
        severity,
        scope: Scope::InTable,
        cells: vec!["t3.total_processed.total".to_owned()],
        suspect: Some("t3.total_processed.total".to_owned()),
        actual: None,
        expected: None,
        message,
        section: None,
        consequences: Vec::new(),
    };
    (0..n)
        .map(|i| {
            let path = PathBuf::from(format!("/报告/{:05}.nianbao", i));
            if i % 97 == 96 {
                return Outcome {
                    path,
                    result: Err("文件已损坏".to_owned()),
                };
            }
            let mut findings = Vec::new();
            if i % 3 == 0 {
                findings.push(finding(
                    "T3-TOTAL-ROW",
                    Severity::Blocking,
                    format!("表三「总计」行的总计为 {i}，各项之和为 {}", i + 1),
                ));
            }
            if i % 5 == 0 {
                findings.push(finding(
                    "TEXT-TABLE",
                    Severity::Verify,
                    format!(
                        "叙述中「共受理申请{i}件」所述收到的申请为 {i}，表中为 {}",
                        i + 2
                    ),
                ));
            }
            Outcome {
                path,
                result: Ok(batch::Checked {
                    agency: format!("第{}测试局", i % 500),
                    year: 2021 + (i % 3) as i32,
                    format: format.clone(),
                    findings,
                    prior: None,
                    prior_year: None,
                    changes: Vec::new(),
                }),
            }
        })
        .collect()
}
