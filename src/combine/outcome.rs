//! What combining gave: the combined report and an account of every input, in the
//! words the command line prints and the window shows.

use std::path::{Path, PathBuf};

use crate::model::Report;
use crate::rules::Finding;

/// The combined report and what became of every input.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The combined report (`None` only while being built).
    pub report: Option<Report>,
    /// Inputs not summed, with why (unreadable, other year or format).
    pub left_out: Vec<LeftOut>,
    /// Inputs not summed because the same agency's report of the year was already.
    pub duplicates: Vec<Duplicate>,
    /// Inputs with blocking findings (summed or not, as chosen).
    pub with_errors: Vec<WithErrors>,
    /// Summed inputs with cells that could not be read: those combined cells are
    /// incomplete.
    pub incomplete: Vec<Incomplete>,
    /// Inputs moved from the other format before summing: (file, the format's name).
    pub migrated: Vec<(PathBuf, String)>,
}

/// An input left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The file.
    pub file: PathBuf,
    /// Its agency, when it could be read.
    pub agency: Option<String>,
    /// Why, in Chinese.
    pub reason: String,
    /// Whether it may belong to the combination but could not be summed (unreadable, not
    /// convertible, gone since last time) — unlike a report of another year or format.
    pub lost: bool,
}

/// A second report of an agency and year already summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The file not summed.
    pub file: PathBuf,
    /// The agency.
    pub agency: String,
    /// The file summed instead.
    pub kept: PathBuf,
}

/// An input with blocking findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithErrors {
    /// The file.
    pub file: PathBuf,
    /// Its agency.
    pub agency: String,
    /// Its blocking findings.
    pub findings: Vec<Finding>,
    /// Whether it was summed all the same.
    pub included: bool,
}

/// A summed input with cells that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// The file.
    pub file: PathBuf,
    /// Its agency.
    pub agency: String,
    /// The cells (by index) whose value it could not give.
    pub cells: Vec<usize>,
}

impl Outcome {
    pub(super) fn left_out(
        &mut self,
        file: &Path,
        agency: Option<&str>,
        reason: String,
        lost: bool,
    ) {
        self.left_out.push(LeftOut {
            file: file.to_path_buf(),
            agency: agency.map(str::to_owned),
            reason,
            lost,
        });
    }

    /// Every file this combining read or tried to: summed, left out, duplicate or with
    /// blocking findings.
    pub(super) fn files(&self) -> impl Iterator<Item = &Path> {
        let summed = self
            .report
            .iter()
            .filter_map(|r| r.combination.as_ref())
            .flat_map(|c| c.contributors.iter().map(|c| c.file.as_path()));
        summed
            .chain(self.left_out.iter().map(|l| l.file.as_path()))
            .chain(self.duplicates.iter().map(|d| d.file.as_path()))
            .chain(self.with_errors.iter().map(|w| w.file.as_path()))
    }

    /// Whether every input that may belong to the combination was summed whole: none
    /// lost (unreadable, not convertible, gone), none with blocking findings left out,
    /// none with cells it could not give. Another year's report or a duplicate counted
    /// once is no loss.
    pub fn is_complete(&self) -> bool {
        self.left_out.iter().all(|l| !l.lost)
            && self.incomplete.is_empty()
            && self.with_errors.iter().all(|w| w.included)
    }

    /// How many reports were summed.
    pub fn used(&self) -> usize {
        self.report
            .as_ref()
            .and_then(|r| r.combination.as_ref())
            .map_or(0, |c| c.contributors.len())
    }

    /// The account of every input as lines of Chinese text, headed by a one-line count.
    pub fn account(&self) -> Vec<String> {
        let mut lines = Vec::new();
        let excluded = self.with_errors.iter().filter(|w| !w.included).count();
        let head = match &self.report {
            Some(r) => format!(
                "汇总 {} {} 年度报告（{}）：计入 {} 份，未计入 {} 份，重复 {} 份，有强制性问题 {} 份",
                shown(&r.agency),
                r.year,
                r.format().name(),
                self.used(),
                self.left_out.len() + excluded,
                self.duplicates.len(),
                self.with_errors.len()
            ),
            None => String::new(),
        };
        lines.push(head);
        if !self.left_out.is_empty() {
            lines.push("未计入：".into());
            for l in &self.left_out {
                // Unread, a file has no agency: nothing between the file and the reason.
                let who = l
                    .agency
                    .as_deref()
                    .map(|a| format!(" {}", shown(a)))
                    .unwrap_or_default();
                lines.push(format!("  {}{who}：{}", l.file.display(), l.reason));
            }
        }
        let nameless: Vec<&Path> = self
            .report
            .iter()
            .filter_map(|r| r.combination.as_ref())
            .flat_map(|c| &c.contributors)
            .filter(|c| c.agency.trim().is_empty())
            .map(|c| c.file.as_path())
            .collect();
        if !nameless.is_empty() {
            lines.push("已计入但未能读出发布机关（无法判断是否与其他报告重复，请核对）：".into());
            for f in nameless {
                lines.push(format!("  {}", f.display()));
            }
        }
        if !self.migrated.is_empty() {
            lines.push("转换格式后计入（新格式中无对应的单元格按未读取处理）：".into());
            for (file, from) in &self.migrated {
                lines.push(format!("  {}：原为{from}", file.display()));
            }
        }
        if !self.duplicates.is_empty() {
            lines.push("重复（同一机关同一年度，只计一次）：".into());
            for d in &self.duplicates {
                let same = d.file == d.kept
                    || matches!(
                        (std::fs::canonicalize(&d.file), std::fs::canonicalize(&d.kept)),
                        (Ok(a), Ok(b)) if a == b
                    );
                lines.push(if same {
                    format!(
                        "  {} {}：同一文件给出了不止一次，只计一次",
                        d.file.display(),
                        shown(&d.agency)
                    )
                } else {
                    format!(
                        "  {} {}：与 {} 重复，未计入",
                        d.file.display(),
                        shown(&d.agency),
                        d.kept.display()
                    )
                });
            }
        }
        if !self.with_errors.is_empty() {
            lines.push(if excluded > 0 {
                "有强制性问题（未计入；如仍要计入，请加 --include-errors 或在窗口中勾选「仍然计入」）：".into()
            } else {
                "有强制性问题（已按要求计入）：".into()
            });
            for w in &self.with_errors {
                lines.push(format!("  {} {}：", w.file.display(), shown(&w.agency)));
                for f in &w.findings {
                    lines.push(format!("    [{}] {}", f.rule, f.message));
                }
            }
        }
        if !self.incomplete.is_empty() {
            lines.push("有单元格未能读取（相应汇总数不完整，已标为未读取，请核实后填写）：".into());
            let format = self.report.as_ref().map(|r| r.format().clone());
            for n in &self.incomplete {
                let cells = match &format {
                    Some(f) => cells_in_words(f, &n.cells),
                    None => format!("{} 个单元格", n.cells.len()),
                };
                lines.push(format!(
                    "  {} {}：{cells}",
                    n.file.display(),
                    shown(&n.agency)
                ));
            }
        }
        lines
    }
}

/// Cells named for a reader: a row whose every cell is among them as one
/// `表三「（六）1.逾期不补正」整行（7 格）`, other cells one by one.
fn cells_in_words(format: &crate::format::Format, cells: &[usize]) -> String {
    let place = |i: usize| {
        let c = format.cell(i);
        (c.table, c.block, c.row)
    };
    let mut parts: Vec<String> = Vec::new();
    let mut rows_done: Vec<(usize, usize, usize)> = Vec::new();
    for &i in cells {
        let at = place(i);
        if rows_done.contains(&at) {
            continue;
        }
        let of_row = (0..format.cells().len())
            .filter(|&j| place(j) == at)
            .count();
        let listed = cells.iter().filter(|&&j| place(j) == at).count();
        if of_row > 1 && listed == of_row {
            let table = &format.tables()[at.0];
            parts.push(format!(
                "{}{}「{}」整行（{of_row} 格）",
                table.name,
                table.blocks[at.1].label,
                format.row_of(i).short_label()
            ));
            rows_done.push(at);
        } else {
            parts.push(format.cell_label(i));
        }
    }
    parts.join("、")
}

/// An agency as shown: `（未填发布机关）` when empty.
fn shown(agency: &str) -> &str {
    if agency.is_empty() {
        "（未填发布机关）"
    } else {
        agency
    }
}
