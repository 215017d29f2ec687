//! 与上年比较: last year's report and this year's side by side — every cell of tables 2–4
//! with last year, this year, Δ and %, the cross-year checks, and per narrative section
//! how much repeats last year's, the repeated passages marked. A view over
//! [`crate::compare::Comparison`], kept current while the report is edited.

use std::hash::{BuildHasher, Hash, Hasher};

use eframe::egui::{self, Color32, RichText, Ui, text::LayoutJob};
use egui_extras::{Column, TableBuilder};

use super::palette;
use crate::compare::{self, CellCmp, Comparison, passage_ranges, signed, signed_percent};
use crate::document::Document;
use crate::rules::YearOutcome;

/// What the window shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    /// A table, by index into [`Comparison::tables`].
    Table(usize),
    /// Cells that mean the same under other keys (across formats).
    Counterparts,
    /// The cross-year checks.
    #[default]
    Checks,
    /// The narrative sections.
    Narrative,
}

/// The 与上年比较 window.
#[derive(Default)]
pub struct CompareWindow {
    /// Whether it is shown.
    pub open: bool,
    comparison: Option<Comparison>,
    /// Hash of both reports when `comparison` was made.
    made_from: u64,
    tab: Tab,
    changed_only: bool,
}

/// A hash of what a comparison depends on.
fn fingerprint(doc: &Document) -> u64 {
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    let report = doc.report();
    report.cell_texts().hash(&mut h);
    report.sections().for_each(|s| s.hash(&mut h));
    report.unread().for_each(|i| i.hash(&mut h));
    (report.year, &report.agency).hash(&mut h);
    if let Some(p) = doc.prior() {
        p.cell_texts().hash(&mut h);
        p.sections().for_each(|s| s.hash(&mut h));
        (p.year, &p.agency).hash(&mut h);
    }
    h.finish()
}

impl CompareWindow {
    /// Opens the window on `doc` and its linked last year's report.
    pub fn open_on(&mut self, doc: &Document) {
        self.open = true;
        self.refresh(doc);
    }

    /// The comparison shown, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.comparison.as_ref()
    }

    /// Compares again if either report changed since.
    fn refresh(&mut self, doc: &Document) {
        let now = fingerprint(doc);
        if self.comparison.is_some() && now == self.made_from {
            return;
        }
        self.comparison = doc.prior().map(|last| compare::compare(last, doc.report()));
        self.made_from = now;
    }

    /// Draws the window.
    pub fn show(&mut self, ctx: &egui::Context, doc: &Document) {
        if !self.open {
            return;
        }
        self.refresh(doc);
        let mut open = self.open;
        egui::Window::new("与上年比较")
            .open(&mut open)
            .default_size([1000.0, 640.0])
            .show(ctx, |ui| self.contents(ui));
        self.open = open;
    }

    fn contents(&mut self, ui: &mut Ui) {
        let Some(cmp) = &self.comparison else {
            ui.label("尚未链接上年报告：请用 文件 → 链接上年报告… 选择上年度的报告。");
            return;
        };
        ui.label(format!(
            "上年：{}    本年：{}",
            cmp.last.title(),
            cmp.this.title()
        ));
        for n in &cmp.notes {
            ui.label(
                RichText::new(format!("注意：{n}"))
                    .color(palette::severity(crate::rules::Severity::Verify)),
            );
        }
        ui.horizontal_wrapped(|ui| {
            let (h, d, u) = cmp.check_counts();
            let label = format!("跨期核对（成立 {h}，不一致 {d}，无法核对 {u}）");
            ui.selectable_value(&mut self.tab, Tab::Checks, label);
            for (i, t) in cmp.tables.iter().enumerate() {
                ui.selectable_value(&mut self.tab, Tab::Table(i), &t.name);
            }
            if !cmp.counterparts.is_empty() {
                ui.selectable_value(&mut self.tab, Tab::Counterparts, "对应项");
            }
            let share = cmp
                .repeated_share
                .map_or(String::new(), |s| format!("（重复 {s}%）"));
            ui.selectable_value(&mut self.tab, Tab::Narrative, format!("叙述{share}"));
            if matches!(self.tab, Tab::Table(_)) {
                ui.separator();
                ui.checkbox(&mut self.changed_only, "只看有变化的单元格");
            }
        });
        ui.separator();
        match self.tab {
            Tab::Table(i) => match cmp.tables.get(i) {
                Some(t) => {
                    let rows: Vec<(String, bool, &CellCmp)> = t
                        .rows
                        .iter()
                        .flat_map(|r| {
                            let label = format!("{}{}", "　".repeat(usize::from(r.level)), r.label);
                            r.cells
                                .iter()
                                .map(move |c| (label.clone(), r.only.is_some(), c))
                        })
                        .filter(|(_, _, c)| {
                            !self.changed_only || c.delta().is_some_and(|d| !d.is_zero())
                        })
                        .collect();
                    cells_table(ui, cmp, &t.id, &rows);
                }
                None => {
                    ui.label("没有这张表");
                }
            },
            Tab::Counterparts => {
                ui.label(compare::COUNTERPARTS_TITLE);
                let rows: Vec<(String, bool, &CellCmp)> = cmp
                    .counterparts
                    .iter()
                    .map(|c| (c.describe(), false, &c.cell))
                    .collect();
                cells_table(ui, cmp, "counterparts", &rows);
            }
            Tab::Checks => checks_table(ui, cmp),
            Tab::Narrative => narrative(ui, cmp),
        }
    }
}

/// Colour of a Δ: green up, red down.
fn tone(cell: &CellCmp) -> Option<Color32> {
    let d = cell.delta()?;
    if d.is_zero() {
        None
    } else if d.is_sign_negative() {
        Some(palette::DOWN)
    } else {
        Some(palette::UP)
    }
}

/// One row per cell: 项目, 列, 上年, 本年, 增减, 增减%, 说明.
fn cells_table(ui: &mut Ui, cmp: &Comparison, id: &str, rows: &[(String, bool, &CellCmp)]) {
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let last = format!("上年（{}）", cmp.last.year);
    let this = format!("本年（{}）", cmp.this.year);
    TableBuilder::new(ui)
        .id_salt(("compare", id))
        .striped(true)
        .resizable(true)
        .auto_shrink(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(330.0).at_least(120.0).clip(true))
        .column(Column::initial(150.0).at_least(60.0).clip(true))
        .columns(Column::initial(80.0).at_least(50.0), 4)
        .column(Column::remainder().at_least(80.0))
        .header(height, |mut header| {
            for h in ["项目", "列", &last, &this, "增减", "增减%", "说明"] {
                header.col(|ui| {
                    ui.strong(h);
                });
            }
        })
        .body(|body| {
            body.rows(height, rows.len(), |mut row| {
                let i = row.index();
                let (label, only, c) = &rows[i];
                // A row's label once, on its first cell shown.
                let label = if i > 0 && rows[i - 1].0 == *label {
                    String::new()
                } else {
                    label.clone()
                };
                let weak = |ui: &mut Ui, text: String| {
                    if *only {
                        ui.label(RichText::new(text).weak());
                    } else {
                        ui.label(text);
                    }
                };
                row.col(|ui| weak(ui, label));
                row.col(|ui| weak(ui, c.column.clone()));
                row.col(|ui| value(ui, &c.last));
                row.col(|ui| value(ui, &c.this));
                let color = tone(c);
                let colored = |ui: &mut Ui, text: String| {
                    let t = RichText::new(text);
                    ui.label(match color {
                        Some(col) => t.color(col).strong(),
                        None => t,
                    });
                };
                row.col(|ui| colored(ui, c.delta().map(signed).unwrap_or_default()));
                row.col(|ui| colored(ui, c.percent().map(signed_percent).unwrap_or_default()));
                row.col(|ui| {
                    if let Some(n) = cmp.note(c) {
                        ui.label(RichText::new(n).weak());
                    }
                });
            });
        });
}

/// A value as compared: numbers plain, blank / unread / absent in grey words.
fn value(ui: &mut Ui, v: &compare::Value) {
    match v {
        compare::Value::Number { .. } => {
            ui.label(v.show());
        }
        compare::Value::Unread => {
            ui.label(RichText::new(v.show()).background_color(palette::UNREAD));
        }
        _ => {
            ui.label(RichText::new(v.show()).weak());
        }
    }
}

fn checks_table(ui: &mut Ui, cmp: &Comparison) {
    if cmp.checks.is_empty() {
        ui.label("本年报告的格式没有跨期核对规则");
        return;
    }
    let height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    TableBuilder::new(ui)
        .id_salt("compare-checks")
        .striped(true)
        .resizable(true)
        .auto_shrink(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::initial(130.0))
        .column(Column::initial(330.0).clip(true))
        .columns(Column::initial(60.0), 2)
        .column(Column::initial(70.0))
        .column(Column::remainder().clip(true))
        .header(height, |mut header| {
            for h in ["规则", "核对项", "左", "右", "结果", "说明"] {
                header.col(|ui| {
                    ui.strong(h);
                });
            }
        })
        .body(|body| {
            body.rows(height, cmp.checks.len(), |mut row| {
                let c = &cmp.checks[row.index()];
                let num = |v: Option<rust_decimal::Decimal>| {
                    v.map(|v| v.normalize().to_string()).unwrap_or_default()
                };
                row.col(|ui| {
                    ui.label(&c.rule);
                });
                row.col(|ui| {
                    ui.label(&c.item).on_hover_text(&c.formula);
                });
                row.col(|ui| {
                    ui.label(num(c.left));
                });
                row.col(|ui| {
                    ui.label(num(c.right));
                });
                let (color, detail) = match &c.outcome {
                    YearOutcome::Holds => (palette::UP, ""),
                    YearOutcome::Differs(m) => (palette::DOWN, m.as_str()),
                    YearOutcome::Unchecked(m) => (
                        palette::severity(crate::rules::Severity::Verify),
                        m.as_str(),
                    ),
                };
                row.col(|ui| {
                    ui.label(RichText::new(c.outcome.label()).color(color).strong());
                });
                row.col(|ui| {
                    ui.label(detail).on_hover_text(detail);
                });
            });
        });
}

fn narrative(ui: &mut Ui, cmp: &Comparison) {
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            if let Some(share) = cmp.repeated_share {
                ui.label(format!(
                    "全部叙述与上年重复 {share}%{}",
                    cmp.repeat_threshold.map_or(String::new(), |t| format!(
                        "（超过 {t}% 时提示 TEXT-REPEAT）"
                    ))
                ));
            }
            for s in &cmp.sections {
                ui.add_space(8.0);
                ui.heading(&s.title);
                ui.label(Comparison::similarity_text(&s.repetition));
                ui.columns(2, |cols| {
                    cols[0].strong(format!("上年（{}）", cmp.last.year));
                    cols[0].label(marked(&s.last, &s.repetition.passages, cols[0].style()));
                    cols[1].strong(format!("本年（{}）", cmp.this.year));
                    cols[1].label(marked(&s.this, &s.repetition.passages, cols[1].style()));
                });
            }
        });
}

/// `text` with the repeated passages on a yellow ground.
fn marked(text: &str, passages: &[String], style: &egui::Style) -> LayoutJob {
    let font = egui::TextStyle::Body.resolve(style);
    let color = style.visuals.text_color();
    let plain = egui::TextFormat::simple(font.clone(), color);
    let repeated = egui::TextFormat {
        background: palette::REPEATED,
        ..egui::TextFormat::simple(font, color)
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    for r in passage_ranges(text, passages) {
        job.append(&text[at..r.start], 0.0, plain.clone());
        job.append(&text[r.clone()], 0.0, repeated.clone());
        at = r.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}
