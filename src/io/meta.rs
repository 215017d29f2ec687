//! The 元数据 sheet of an exported workbook: what the import needs to give back the
//! very report that was exported (format, agency, year, date, reviews, unread cells, and
//! where the narrative's paragraphs are).

use rust_xlsxwriter::{Format as CellFormat, Worksheet, XlsxError};

use super::workbook::Grid;
use crate::model::{Date, Report, Review, ReviewStatus};

/// Name of the sheet.
pub const SHEET: &str = "元数据";

const FORMAT: &str = "报告格式";
const AGENCY: &str = "发布机关";
const YEAR: &str = "报告年度";
const PUBLISHED: &str = "发布日期";
const PROGRAM: &str = "生成程序";
const REVIEW: &str = "审核记录";
const UNREAD: &str = "未读取";
const PARAGRAPHS: &str = "叙述段落";
const COMBINED_FROM: &str = "汇总来源";
const COMBINED_WITH_ERRORS: &str = "汇总计入有强制性问题的报告";
const COMBINED_MIGRATED: &str = "汇总计入转换格式的报告";

/// Most rows a sheet has (Excel's limit): a paragraph range beyond it is not ours.
const MAX_ROWS: u32 = 1_048_576;

/// What the sheet says about the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// Format id.
    pub format: Option<String>,
    /// 发布机关.
    pub agency: Option<String>,
    /// 报告年度.
    pub year: Option<i32>,
    /// 发布日期.
    pub published: Option<Date>,
    /// Reviews by finding id.
    pub reviews: Vec<(String, Review)>,
    /// Keys of the cells the import of the original document could not read.
    pub unread: Vec<String>,
    /// Where each narrative section's paragraphs are on the 叙述 sheet.
    pub paragraphs: Vec<Paragraphs>,
    /// A combined report's inputs (folders and files), to combine again.
    pub combined_from: Vec<String>,
    /// Whether the combined report summed reports with blocking findings.
    pub combined_with_errors: bool,
    /// Whether it summed reports moved from the other format.
    pub combined_migrated: bool,
}

/// The rows of the 叙述 sheet holding a narrative section, a paragraph a row (column A):
/// the section is those rows' texts joined by line breaks, except that a paragraph too
/// long for one row goes on in the next ones (`continued`), joined without a break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraphs {
    /// Section id.
    pub section: String,
    /// First row (from 0).
    pub first: u32,
    /// Rows.
    pub rows: u32,
    /// Rows (counted from `first`) that go on with the paragraph of the row before.
    pub continued: Vec<u32>,
}

impl Paragraphs {
    /// The section's text from its rows' texts.
    pub fn join<'a>(&self, rows: impl Iterator<Item = &'a str>) -> String {
        let mut text = String::new();
        for (k, row) in (0u32..).zip(rows) {
            if k > 0 && !self.continued.contains(&k) {
                text.push('\n');
            }
            text.push_str(row);
        }
        text
    }
}

/// Writes the sheet (hidden: it is for reading back, not for people).
pub fn write_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    paragraphs: &[Paragraphs],
    f: &CellFormat,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    sheet.set_hidden(true);
    let program = format!("nianbao {}", env!("CARGO_PKG_VERSION"));
    let published = report.published.map(|d| d.to_string()).unwrap_or_default();
    let year = report.year.to_string();
    let rows = [
        (FORMAT, report.format().id()),
        (AGENCY, report.agency.as_str()),
        (YEAR, year.as_str()),
        (PUBLISHED, published.as_str()),
        (PROGRAM, program.as_str()),
    ];
    for (r, (key, value)) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, *key)?;
        sheet.write_string_with_format(r, 1, *value, f)?;
    }
    for (k, (id, review)) in report.reviews.iter().enumerate() {
        let r = u32::try_from(rows.len() + k).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, REVIEW)?;
        sheet.write_string(r, 1, id)?;
        sheet.write_string(r, 2, review.status.id())?;
        sheet.write_string(r, 3, &review.explanation)?;
        sheet.write_string(r, 4, &review.note)?;
        sheet.write_string(r, 5, &review.basis)?;
    }
    let mut next = u32::try_from(rows.len() + report.reviews.len()).unwrap_or(u32::MAX);
    for i in report.unread() {
        sheet.write_string(next, 0, UNREAD)?;
        sheet.write_string(next, 1, &report.format().cell(i).key)?;
        next = next.saturating_add(1);
    }
    if let Some(c) = &report.combination {
        for input in &c.inputs {
            sheet.write_string(next, 0, COMBINED_FROM)?;
            sheet.write_string(next, 1, input.display().to_string())?;
            next = next.saturating_add(1);
        }
        for (flag, key) in [
            (c.include_errors, COMBINED_WITH_ERRORS),
            (c.migrate, COMBINED_MIGRATED),
        ] {
            if flag {
                sheet.write_string(next, 0, key)?;
                sheet.write_string(next, 1, "是")?;
                next = next.saturating_add(1);
            }
        }
    }
    for p in paragraphs {
        sheet.write_string(next, 0, PARAGRAPHS)?;
        sheet.write_string(next, 1, &p.section)?;
        sheet.write_string(next, 2, p.first.to_string())?;
        sheet.write_string(next, 3, p.rows.to_string())?;
        if !p.continued.is_empty() {
            let continued: Vec<String> = p.continued.iter().map(u32::to_string).collect();
            sheet.write_string(next, 4, continued.join(","))?;
        }
        next = next.saturating_add(1);
    }
    Ok(())
}

/// Reads the sheet, if the workbook has it.
pub fn read(grids: &[Grid]) -> Option<Meta> {
    let grid = grids.iter().find(|g| g.name == SHEET)?;
    let mut meta = Meta::default();
    let rows: std::collections::BTreeSet<u32> = grid.cells().map(|((r, _), _)| r).collect();
    for r in rows {
        let value = grid.get(r, 1).to_owned();
        match grid.get(r, 0) {
            FORMAT => meta.format = Some(value),
            AGENCY => meta.agency = Some(value),
            YEAR => meta.year = value.trim().parse().ok(),
            PUBLISHED => meta.published = value.parse().ok(),
            REVIEW => {
                let review = Review {
                    status: ReviewStatus::parse(grid.get(r, 2)).unwrap_or_default(),
                    explanation: grid.get(r, 3).to_owned(),
                    note: grid.get(r, 4).to_owned(),
                    basis: grid.get(r, 5).to_owned(),
                };
                meta.reviews.push((value, review));
            }
            UNREAD => meta.unread.push(value),
            COMBINED_FROM => meta.combined_from.push(value),
            COMBINED_WITH_ERRORS => meta.combined_with_errors = value == "是",
            COMBINED_MIGRATED => meta.combined_migrated = value == "是",
            PARAGRAPHS => {
                let first = grid.get(r, 2).parse::<u32>().ok();
                let rows = grid.get(r, 3).parse::<u32>().ok();
                if let (Some(first), Some(rows)) = (first, rows)
                    && first.checked_add(rows).is_some_and(|end| end <= MAX_ROWS)
                {
                    let continued = grid
                        .get(r, 4)
                        .split(',')
                        .filter_map(|k| k.trim().parse().ok())
                        .collect();
                    meta.paragraphs.push(Paragraphs {
                        section: value,
                        first,
                        rows,
                        continued,
                    });
                }
            }
            _ => {}
        }
    }
    Some(meta)
}
