//! The 明细 sheet of a combined report (汇总表 with its 分户数据): a row per report
//! summed, a column per cell; the table sheets' cells are SUMs over its columns, so a
//! number corrected there is summed again by Excel.

use rust_xlsxwriter::utility::worksheet_range_absolute;
use rust_xlsxwriter::{Format as CellFormat, Worksheet, XlsxError};

use crate::model::{Combination, Report, Share};

/// Name of the sheet.
pub const SHEET: &str = "明细";

/// Columns before the cells': 发布机关, 文件.
const LEAD: u16 = 2;
/// Rows before the reports': the cells' labels, then their keys.
const HEAD: u32 = 2;

/// Text written for a value a report could not give (SUM passes over it).
const UNKNOWN: &str = "未读取";

/// The formula of every combined cell that has one: the SUM of its column of the sheet;
/// none for a cell left unread (its sum is incomplete), a cell blank in every report (it
/// stays blank, as the report has it) or a report with no contributor.
pub fn formulas(report: &Report) -> Vec<Option<String>> {
    let n = report.format().cells().len();
    let rows = report
        .combination
        .as_ref()
        .map_or(0, |c| c.contributors.len());
    let Ok(rows) = u32::try_from(rows) else {
        return vec![None; n];
    };
    (0..n)
        .map(|i| {
            if rows == 0 || report.is_unread(i) || report.cell_at(i).is_empty() {
                return None;
            }
            let c = column(i);
            let range = worksheet_range_absolute(SHEET, HEAD, c, HEAD + rows - 1, c);
            Some(format!("=SUM({range})"))
        })
        .collect()
}

/// The sheet column of the cell at `index`.
fn column(index: usize) -> u16 {
    u16::try_from(index)
        .ok()
        .and_then(|i| i.checked_add(LEAD))
        .unwrap_or(u16::MAX)
}

/// Writes the sheet: labels and keys over the cells' columns, a row per contributor.
pub fn write_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    combination: &Combination,
    header: &CellFormat,
) -> Result<(), XlsxError> {
    sheet.set_name(SHEET)?;
    let format = report.format();
    sheet.write_string_with_format(0, 0, "发布机关", header)?;
    sheet.write_string_with_format(0, 1, "文件", header)?;
    sheet.write_string_with_format(1, 0, "", header)?;
    sheet.write_string_with_format(1, 1, "单元格", header)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 30)?;
    for i in 0..format.cells().len() {
        let c = column(i);
        sheet.write_string_with_format(0, c, format.cell_label(i), header)?;
        sheet.write_string(1, c, &format.cell(i).key)?;
        sheet.set_column_width(c, 14)?;
    }
    sheet.set_row_height(0, 60)?;
    for (n, contributor) in combination.contributors.iter().enumerate() {
        let r = HEAD.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        sheet.write_string(r, 0, &contributor.agency)?;
        sheet.write_string(r, 1, contributor.file.display().to_string())?;
        for (i, share) in contributor.shares.iter().enumerate() {
            let c = column(i);
            match share {
                Share::Value(v) => {
                    let text = v.normalize().to_string();
                    match text.parse::<f64>() {
                        Ok(x) => sheet.write_number(r, c, x)?,
                        Err(_) => sheet.write_string(r, c, text)?,
                    };
                }
                Share::Blank => {}
                Share::Unknown => {
                    sheet.write_string(r, c, UNKNOWN)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(HEAD, LEAD)?;
    let last = HEAD.saturating_add(u32::try_from(combination.contributors.len()).unwrap_or(0));
    sheet.autofilter(
        1,
        0,
        last.saturating_sub(1).max(1),
        column(format.cells().len().saturating_sub(1)),
    )?;
    Ok(())
}
