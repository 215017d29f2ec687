//! 汇总: the reports of many agencies summed into one region's report, every cell
//! knowing which report gave which value.
//!
//! Every file under the inputs is read and checked in parallel (as `check` does, see
//! [`crate::batch`]); only reports of the chosen year and format are summed. Duplicates
//! (the same agency and year twice) are counted once, reports with blocking findings are
//! left out unless asked for, and a cell some report could not read makes the combined
//! cell unread: its sum is incomplete, and no rule checks a sum it cannot know.

mod outcome;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::batch;
use crate::format::{Format, Registry};
use crate::io::{self, labels::normalise};
use crate::model::{Combination, Contributor, Report, Share};
use crate::rules::{Finding, Severity};

pub use outcome::{Duplicate, Incomplete, LeftOut, Outcome, WithErrors};

/// What to combine, and into what.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The agency of the combined report (the region's 政府办, say).
    pub agency: String,
    /// The year; by default the year most of the reports are of (the latest of a tie).
    pub year: Option<i32>,
    /// The format id; by default the one that applies to the year.
    pub format: Option<String>,
    /// Sum reports with blocking findings too.
    pub include_errors: bool,
    /// Move reports of the year filled in the other format to the chosen one and sum
    /// them (cells the migration cannot fill are unknown).
    pub migrate: bool,
    /// Files never read as inputs (the combined report being written, if it lies among them).
    pub skip: Vec<PathBuf>,
}

/// Why combining gave no report at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CombineError {
    /// No readable report file under the inputs.
    #[error("没有找到可汇总的报告文件（.nianbao .json .xlsx .xls .ods .txt .html .docx .pdf）")]
    NoFiles,
    /// No year was given and no file could be read to take it from.
    #[error("没有一份报告能读取，无法确定汇总年度：\n{0}")]
    NoYear(String),
    /// The format asked for does not exist.
    #[error("未知的报告格式「{0}」（支持 2019、2021）")]
    UnknownFormat(String),
    /// No format applies to the year.
    #[error("没有适用于 {0} 年度的报告格式（支持 2019 年度及以后）")]
    NoFormat(i32),
    /// The format asked for is not the one the year's reports must use.
    #[error("{year} 年度报告应使用{expected}，不能按{asked}汇总")]
    WrongFormat {
        /// The year combined.
        year: i32,
        /// The format asked for.
        asked: String,
        /// The format that applies to the year.
        expected: String,
    },
    /// The built-in formats could not be loaded.
    #[error("{0}")]
    Formats(String),
    /// A report that is not a combined report was asked to be combined again.
    #[error("这份报告不是汇总报告，无法重新汇总")]
    NotCombined,
}

/// A report read and checked, reduced to what combining needs.
struct Read {
    agency: String,
    year: i32,
    format: Arc<Format>,
    shares: Vec<Share>,
    blocking: Vec<Finding>,
    /// A combined report itself (its agency then is the region's).
    combined: bool,
}

/// Why each file could not be read, a line each (the first few), for [`CombineError::NoYear`].
fn why_unread(files: &[PathBuf], read: &[Result<Read, String>]) -> String {
    const SHOWN: usize = 5;
    let failed: Vec<String> = files
        .iter()
        .zip(read)
        .filter_map(|(f, r)| r.as_ref().err().map(|e| format!("  {}：{e}", f.display())))
        .collect();
    let mut lines = failed[..failed.len().min(SHOWN)].join("\n");
    if failed.len() > SHOWN {
        lines.push_str(&format!("\n  ……共 {} 个文件无法读取", failed.len()));
    }
    lines
}

/// Reads every report under `inputs` and sums those of the chosen year and format.
pub fn combine(inputs: &[PathBuf], options: &Options) -> Result<Outcome, CombineError> {
    combine_with(inputs, options, &|| {})
}

/// [`combine`], calling `tick` once per file read (for a progress bar).
pub fn combine_with(
    inputs: &[PathBuf],
    options: &Options,
    tick: &(dyn Fn() + Sync),
) -> Result<Outcome, CombineError> {
    let skip: Vec<PathBuf> = options.skip.iter().map(|p| absolute(p)).collect();
    let files: Vec<PathBuf> = batch::find_files(inputs)
        .into_iter()
        .filter(|f| !skip.contains(&absolute(f)))
        .collect();
    if files.is_empty() {
        return Err(CombineError::NoFiles);
    }
    // One file named twice (or a folder and a file in it) is read and summed once, whether
    // or not its agency could be read.
    let mut twice: Vec<(PathBuf, usize)> = Vec::new();
    let mut once: Vec<PathBuf> = Vec::new();
    let mut same_as: Vec<PathBuf> = Vec::new();
    for f in files {
        let id = std::fs::canonicalize(&f).unwrap_or_else(|_| absolute(&f));
        match same_as.iter().position(|s| *s == id) {
            Some(k) => twice.push((f, k)),
            None => {
                same_as.push(id);
                once.push(f);
            }
        }
    }
    let files = once;
    let read: Vec<Result<Read, String>> = files
        .par_iter()
        .map(|path| {
            let r = read(path);
            tick();
            r
        })
        .collect();
    let year = match options.year {
        Some(y) => y,
        None => usual_year(&read).ok_or_else(|| CombineError::NoYear(why_unread(&files, &read)))?,
    };
    let registry = Registry::builtin().map_err(|e| CombineError::Formats(e.to_string()))?;
    let expected = registry
        .for_year(year)
        .ok_or(CombineError::NoFormat(year))?;
    let format = match &options.format {
        Some(id) => registry
            .get(id)
            .ok_or_else(|| CombineError::UnknownFormat(id.clone()))?,
        None => expected,
    }
    .clone();
    // Every report summed would break FORMAT-YEAR, and so would the sum.
    if format.id() != expected.id() {
        return Err(CombineError::WrongFormat {
            year,
            asked: format.name().to_owned(),
            expected: expected.name().to_owned(),
        });
    }
    let mut outcome = Outcome::default();
    for (file, k) in twice {
        outcome.duplicates.push(Duplicate {
            file,
            agency: read[k]
                .as_ref()
                .map(|r| r.agency.clone())
                .unwrap_or_default(),
            kept: files[k].clone(),
        });
    }
    let mut used: Vec<(usize, Read)> = Vec::new();
    // Normalised agency → index into `used`.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let target = normalise(&options.agency);
    for (i, (path, r)) in files.iter().zip(read).enumerate() {
        let mut r = match r {
            Ok(r) => r,
            Err(e) => {
                outcome.left_out(path, None, format!("无法读取：{e}"), true);
                continue;
            }
        };
        if options.migrate && r.year == year && r.format.id() != format.id() && !r.combined {
            match read_migrated(path, format.id()) {
                Ok(m) => {
                    outcome
                        .migrated
                        .push((path.clone(), r.format.name().to_owned()));
                    r = m;
                }
                Err(e) => {
                    outcome.left_out(path, Some(&r.agency), format!("无法转换格式：{e}"), true);
                    continue;
                }
            }
        }
        if let Some(reason) = mismatch(&r, year, &format, &target) {
            outcome.left_out(path, Some(&r.agency), reason, false);
            continue;
        }
        if !r.blocking.is_empty() {
            outcome.with_errors.push(WithErrors {
                file: path.clone(),
                agency: r.agency.clone(),
                findings: r.blocking.clone(),
                included: options.include_errors,
            });
            if !options.include_errors {
                continue;
            }
        }
        let agency = normalise(&r.agency);
        if !agency.is_empty() {
            if let Some(&k) = seen.get(&agency) {
                outcome.duplicates.push(Duplicate {
                    file: path.clone(),
                    agency: r.agency.clone(),
                    kept: files[used[k].0].clone(),
                });
                continue;
            }
            seen.insert(agency, used.len());
        }
        used.push((i, r));
    }
    let contributors: Vec<Contributor> = used
        .into_iter()
        .map(|(i, r)| Contributor {
            file: absolute(&files[i]),
            agency: r.agency,
            shares: r.shares,
        })
        .collect();
    for c in &contributors {
        let cells: Vec<usize> = (0..c.shares.len())
            .filter(|&i| c.shares[i] == Share::Unknown)
            .collect();
        if !cells.is_empty() {
            outcome.incomplete.push(Incomplete {
                file: c.file.clone(),
                agency: c.agency.clone(),
                cells,
            });
        }
    }
    let combination = Combination {
        inputs: inputs.iter().map(|p| absolute(p)).collect(),
        include_errors: options.include_errors,
        migrate: options.migrate,
        contributors,
    };
    outcome.report = Some(summed(&format, &options.agency, year, combination));
    Ok(outcome)
}

/// Combines a combined report again from the inputs it keeps (重新汇总), with the same
/// agency, year, format and choice about reports with errors. Its narrative and
/// reviews are kept.
pub fn recombine(report: &Report, skip: Option<&Path>) -> Result<Outcome, CombineError> {
    let combination = report
        .combination
        .as_ref()
        .ok_or(CombineError::NotCombined)?;
    let options = Options {
        agency: report.agency.clone(),
        year: Some(report.year),
        format: Some(report.format().id().to_owned()),
        include_errors: combination.include_errors,
        migrate: combination.migrate,
        skip: skip.map(Path::to_path_buf).into_iter().collect(),
    };
    let mut outcome = combine(&combination.inputs, &options)?;
    // A report summed last time whose file is gone is said, not silently dropped.
    let seen: Vec<PathBuf> = outcome.files().map(absolute).collect();
    for c in &combination.contributors {
        if !seen.contains(&absolute(&c.file)) {
            outcome.left_out(
                &c.file,
                Some(&c.agency),
                "上次汇总时计入，现已找不到该文件（已删除、改名或移走）".into(),
                true,
            );
        }
    }
    if let Some(new) = outcome.report.as_mut() {
        new.published = report.published;
        new.reviews = report.reviews.clone();
        for (id, text) in report.sections() {
            new.set_section(id, text);
        }
    }
    Ok(outcome)
}

/// The combined report: each cell the sum of its shares; blank when every share is
/// blank; unread when some share is unknown (its sum is incomplete).
fn summed(format: &Arc<Format>, agency: &str, year: i32, combination: Combination) -> Report {
    let mut report = Report::new(format.clone(), agency, year);
    for i in 0..format.cells().len() {
        let mut sum = Decimal::ZERO;
        let (mut numbers, mut unknown) = (0, false);
        for c in &combination.contributors {
            match c.shares[i] {
                Share::Value(v) => {
                    sum += v;
                    numbers += 1;
                }
                Share::Blank => {}
                Share::Unknown => unknown = true,
            }
        }
        if unknown {
            report.set_unread(i, true);
        } else if numbers > 0 {
            report.set_cell_at(i, sum.normalize().to_string());
        }
    }
    report.combination = Some(Arc::new(combination));
    report
}

/// Why a report read is not summed into a report of `year` in `format` for the
/// agency `target` (normalised), if it is not.
fn mismatch(r: &Read, year: i32, format: &Format, target: &str) -> Option<String> {
    if r.year != year {
        return Some(format!("为 {} 年度报告，汇总的是 {year} 年度", r.year));
    }
    if r.format.id() != format.id() {
        return Some(format!(
            "使用{}，汇总的是{}；可加 --migrate（窗口中勾选「其他格式的报告转换后计入」）转换后计入，或先用 nianbao convert --to-format {} 转换",
            r.format.name(),
            format.name(),
            format.id()
        ));
    }
    if r.combined && !target.is_empty() && normalise(&r.agency) == target {
        return Some("是本机关的汇总报告本身，不重复计入".into());
    }
    None
}

/// The year most readable reports are of, the latest of a tie.
fn usual_year(read: &[Result<Read, String>]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for r in read.iter().flatten() {
        *counts.entry(r.year).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(year, n)| (n, year))
        .map(|(year, _)| year)
}

/// A file read, checked, and reduced to its shares.
fn read(path: &Path) -> Result<Read, String> {
    let imported = io::open_report(path).map_err(|e| e.to_string())?;
    let findings = batch::findings(&imported, None);
    Ok(reduced(imported.report, findings, &[]))
}

/// A file read again and moved to the format `to` (a report of the right year filled in
/// the other template). A cell the migration could not fill is unknown, not 0.
fn read_migrated(path: &Path, to: &str) -> Result<Read, String> {
    let imported = io::open_report(path).map_err(|e| e.to_string())?;
    let migrated = crate::migrate::migrate(&imported.report, to).map_err(|e| e.to_string())?;
    let mut findings = crate::rules::validate(&migrated.report, None);
    findings.extend(migrated.carry_notes(&imported.notes));
    let summary = &migrated.summary;
    let unknown: Vec<&str> = summary
        .left_blank
        .iter()
        .chain(&summary.not_summed)
        .map(|c| c.key.as_str())
        .collect();
    Ok(reduced(migrated.report, findings, &unknown))
}

/// What combining keeps of a report and its findings; the cells `unknown` (keys) count
/// as not known.
fn reduced(report: Report, findings: Vec<Finding>, unknown: &[&str]) -> Read {
    let blocking = findings
        .into_iter()
        .filter(|f| f.severity == Severity::Blocking)
        .collect();
    let format = report.format();
    let shares = (0..format.cells().len())
        .map(|i| match report.reading_at(i) {
            _ if unknown.contains(&format.cell(i).key.as_str()) => Share::Unknown,
            crate::model::Reading::Blank => Share::Blank,
            reading => reading.value().map_or(Share::Unknown, Share::Value),
        })
        .collect();
    Read {
        combined: report.combination.is_some(),
        format: report.format().clone(),
        agency: report.agency,
        year: report.year,
        shares,
        blocking,
    }
}

/// The path made absolute (as given when that fails), to keep and to compare.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests;
