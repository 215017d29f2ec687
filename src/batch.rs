//! Checking many reports at once: every supported file under the given folders, read
//! and checked in parallel, each paired with the same agency's report of the year
//! before (for the cross-year rules and the largest year-on-year changes), and a summary
//! workbook of the results.
//!
//! Memory stays flat in the number of reports: a report is dropped as soon as it is
//! checked, and only its agency, year, format and findings are kept. Reports that turn
//! out to have last year's report beside them are read again, with it, to be checked
//! across years.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rust_xlsxwriter::{DocProperties, Format as CellFormat, Workbook, XlsxError};

use crate::compare::{self, Change};
use crate::format::Format;
use crate::io::{self, FileError, FileKind, labels::normalise};
use crate::model::Report;
use crate::rules::{self, Finding, Severity};

/// What checking one file gave.
#[derive(Debug)]
pub struct Outcome {
    /// The file.
    pub path: PathBuf,
    /// The report and its findings, or why the file could not be read.
    pub result: Result<Checked, String>,
}

/// A report read and checked (the report itself is not kept: see the module doc).
#[derive(Debug)]
pub struct Checked {
    /// The agency, as written.
    pub agency: String,
    /// The report year.
    pub year: i32,
    /// The official format it was read as.
    pub format: Arc<Format>,
    /// Its findings, blocking first, with the notes its reading left.
    pub findings: Vec<Finding>,
    /// The file of last year's report it was checked against, if one was found.
    pub prior: Option<PathBuf>,
    /// The year of the report it was checked against, if any.
    pub prior_year: Option<i32>,
    /// The largest changes from that report, when checked against one.
    pub changes: Vec<Change>,
}

/// How many of a pair's largest year-on-year changes the summary lists.
pub const CHANGES_PER_PAIR: usize = 10;

impl Outcome {
    /// Counts by severity (blocking, verify, info); zeros for an unreadable file.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.result
            .as_ref()
            .map_or((0, 0, 0), |c| rules::counts(&c.findings))
    }
}

/// Every file nianbao can read among `inputs`, folders walked, in a stable order. In a
/// folder, workbooks nianbao wrote that are not reports (an earlier run's summary, a
/// comparison) are passed over; named one by one, they are tried (to say what they are).
pub fn find_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            for entry in walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
            {
                if readable(entry.path()) && !own_output(entry.path()) {
                    files.push(entry.into_path());
                }
            }
        } else {
            // Named explicitly: tried even if the extension is unknown (to say why not).
            files.push(input.clone());
        }
    }
    files
}

/// Whether the file is a workbook nianbao wrote that is not a report.
fn own_output(path: &Path) -> bool {
    matches!(FileKind::of(path), Ok(FileKind::Xlsx)) && io::own_output::kind_of_file(path).is_some()
}

/// Whether the extension is one nianbao reads as a report — or an old Office format a
/// report may be posted in, tried so as to be listed with what to do about it.
fn readable(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~']));
    !hidden
        && match FileKind::of(path) {
            Ok(k) => k != FileKind::Csv,
            Err(e) => matches!(e, FileError::OldOffice { .. }),
        }
}

/// Reads and checks `files` in parallel; `tick` is called twice per file (read, then
/// checked across years). `prior`, if given, is last year's report for all of them (for
/// those of the year after it);
/// otherwise each is paired with its agency's report of the year before, if present.
pub fn check(files: &[PathBuf], prior: Option<&Report>, tick: &(dyn Fn() + Sync)) -> Vec<Outcome> {
    // Pass 1: each file read, checked on its own (or against the given prior), dropped.
    let mut outcomes: Vec<Outcome> = files
        .par_iter()
        .map(|path| {
            let result = io::open_report(path)
                // Last year's report says nothing about another year's.
                .map(|imported| {
                    let year = imported.report.year;
                    checked(&imported, prior.filter(|p| p.year == year - 1))
                })
                .map_err(|e| e.to_string());
            tick();
            Outcome {
                path: path.clone(),
                result,
            }
        })
        .collect();
    if prior.is_some() {
        outcomes.iter().for_each(|_| tick());
        return outcomes;
    }
    // (agency, year) → file index, for pairing consecutive years.
    let mut by_year: HashMap<(String, i32), usize> = HashMap::new();
    for (i, o) in outcomes.iter().enumerate() {
        if let Ok(c) = &o.result {
            let agency = normalise(&c.agency);
            if !agency.is_empty() {
                by_year.entry((agency, c.year)).or_insert(i);
            }
        }
    }
    let pairs: Vec<Option<usize>> = outcomes
        .iter()
        .map(|o| {
            let c = o.result.as_ref().ok()?;
            by_year.get(&(normalise(&c.agency), c.year - 1)).copied()
        })
        .collect();
    // Pass 2: the reports with last year's beside them, read again with it.
    let again: Vec<Option<Checked>> = outcomes
        .par_iter()
        .zip(&pairs)
        .map(|(o, pair)| {
            let redone = pair.and_then(|j| {
                let this = io::open_report(&o.path).ok()?;
                let last = io::open(&files[j]).ok()?;
                let mut c = checked(&this, Some(&last));
                c.prior = Some(files[j].clone());
                Some(c)
            });
            tick();
            redone
        })
        .collect();
    for (o, redone) in outcomes.iter_mut().zip(again) {
        if let Some(c) = redone {
            o.result = Ok(c);
        }
    }
    outcomes
}

/// What is kept of a report checked against `last` (last year's), with its reading notes.
fn checked(imported: &io::Imported, last: Option<&Report>) -> Checked {
    let report = &imported.report;
    let findings = findings(imported, last);
    Checked {
        agency: report.agency.clone(),
        year: report.year,
        format: report.format().clone(),
        findings,
        prior: None,
        prior_year: last.map(|l| l.year),
        changes: last.map_or_else(Vec::new, |last| {
            compare::compare(last, report).largest_changes(CHANGES_PER_PAIR)
        }),
    }
}

/// The findings of a report read from a file, checked against `last` (last year's), with
/// the notes its reading left; blocking first.
pub fn findings(imported: &io::Imported, last: Option<&Report>) -> Vec<Finding> {
    let mut findings = rules::validate(&imported.report, last);
    findings.extend(imported.notes.iter().cloned());
    findings
}

/// The summary workbook: 报告 (one row per file) and 问题 (one row per finding).
pub fn summary_xlsx(outcomes: &[Outcome]) -> Result<Vec<u8>, FileError> {
    summary(outcomes).map_err(|e| FileError::Workbook(e.to_string()))
}

fn summary(outcomes: &[Outcome]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new().set_custom_property(io::own_output::PROPERTY, "批量审核汇总"),
    );
    let head = CellFormat::new().set_bold();
    // Rows go to temporary files as they are written: thousands of reports' findings
    // are not held twice.
    let reports = book.add_worksheet_with_constant_memory()?;
    reports.set_name("报告")?;
    let columns = [
        ("文件", 40.0),
        ("发布机关", 24.0),
        ("年度", 8.0),
        ("格式", 8.0),
        ("强制性", 8.0),
        ("核实性", 8.0),
        ("提示性", 8.0),
        ("上年报告", 30.0),
        ("主要问题 / 无法读取的原因", 80.0),
    ];
    crate::io::header_row(reports, &columns, &head)?;
    for (n, o) in outcomes.iter().enumerate() {
        let r = u32::try_from(n + 1).unwrap_or(u32::MAX);
        reports.write_string(r, 0, o.path.display().to_string())?;
        match &o.result {
            Ok(c) => {
                let (b, v, i) = rules::counts(&c.findings);
                reports.write_string(r, 1, &c.agency)?;
                reports.write_number(r, 2, c.year)?;
                reports.write_string(r, 3, c.format.id())?;
                reports.write_number(r, 4, b as f64)?;
                reports.write_number(r, 5, v as f64)?;
                reports.write_number(r, 6, i as f64)?;
                if let Some(p) = &c.prior {
                    reports.write_string(r, 7, p.display().to_string())?;
                }
                let first: Vec<&str> = c
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Blocking)
                    .take(3)
                    .map(|f| f.message.as_str())
                    .collect();
                reports.write_string(r, 8, first.join("；"))?;
            }
            Err(e) => {
                reports.write_string(r, 8, format!("无法读取：{e}"))?;
            }
        }
    }
    reports.autofilter(0, 0, u32::try_from(outcomes.len()).unwrap_or(u32::MAX), 8)?;

    let findings = book.add_worksheet_with_constant_memory()?;
    findings.set_name("问题")?;
    let columns = [
        ("文件", 40.0),
        ("发布机关", 24.0),
        ("年度", 8.0),
        ("规则", 16.0),
        ("严重程度", 10.0),
        ("范围", 8.0),
        ("单元格", 40.0),
        ("实际值", 10.0),
        ("应为", 10.0),
        ("说明", 80.0),
    ];
    crate::io::header_row(findings, &columns, &head)?;
    let mut r = 1u32;
    for o in outcomes {
        let Ok(c) = &o.result else { continue };
        for f in &c.findings {
            let number = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string());
            findings.write_string(r, 0, o.path.display().to_string())?;
            findings.write_string(r, 1, &c.agency)?;
            findings.write_number(r, 2, c.year)?;
            findings.write_string(r, 3, &f.rule)?;
            findings.write_string(r, 4, f.severity.label())?;
            findings.write_string(r, 5, f.scope.label())?;
            findings.write_string(r, 6, f.cells.join("、"))?;
            findings.write_string(r, 7, number(f.actual).unwrap_or_default())?;
            findings.write_string(r, 8, number(f.expected).unwrap_or_default())?;
            findings.write_string(r, 9, &f.message)?;
            r += 1;
        }
    }
    findings.autofilter(0, 0, r.saturating_sub(1).max(1), 9)?;
    changes_sheet(&mut book, outcomes, &head)?;
    book.save_to_buffer()
}

/// 同比变化: for each report checked against last year's, its largest changes.
fn changes_sheet(
    book: &mut Workbook,
    outcomes: &[Outcome],
    head: &CellFormat,
) -> Result<(), XlsxError> {
    use rust_decimal::prelude::ToPrimitive;
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name("同比变化")?;
    let columns = [
        ("发布机关", 24.0),
        ("上年", 8.0),
        ("本年", 8.0),
        ("单元格", 50.0),
        ("上年值", 10.0),
        ("本年值", 10.0),
        ("增减", 10.0),
        ("增减%", 10.0),
        ("本年报告", 40.0),
        ("上年报告", 40.0),
    ];
    crate::io::header_row(sheet, &columns, head)?;
    let number = |d: rust_decimal::Decimal| d.to_f64().unwrap_or_default();
    let mut r = 1u32;
    for o in outcomes {
        let Ok(c) = &o.result else { continue };
        for ch in &c.changes {
            sheet.write_string(r, 0, &c.agency)?;
            if let Some(y) = c.prior_year {
                sheet.write_number(r, 1, y)?;
            }
            sheet.write_number(r, 2, c.year)?;
            sheet.write_string(r, 3, &ch.label)?;
            sheet.write_number(r, 4, number(ch.last))?;
            sheet.write_number(r, 5, number(ch.this))?;
            sheet.write_number(r, 6, number(ch.delta))?;
            if let Some(p) = ch.percent {
                sheet.write_number(r, 7, number(p))?;
            }
            sheet.write_string(r, 8, o.path.display().to_string())?;
            if let Some(p) = &c.prior {
                sheet.write_string(r, 9, p.display().to_string())?;
            }
            r += 1;
        }
    }
    sheet.autofilter(0, 0, r.saturating_sub(1).max(1), 9)?;
    Ok(())
}
