//! Export to an `.xlsx` workbook a supervisor opens in Excel, WPS or LibreOffice: a sheet
//! per table laid out as the official form, the narrative, the findings, and the
//! report's metadata for reading it back. Totals keep checking themselves: each carries
//! a conditional format comparing it with the SUM of its parts.

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, Format as CellFormat, FormatAlign,
    FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::FileError;
use super::meta;
use super::workbook::exact_number;
use crate::format::{FormBlock, Format};
use crate::model::Report;
use crate::rules::{self, CellMark, Finding};

/// A font every office suite that opens the file has (and substitutes well).
const FONT: &str = "宋体";
/// Width of the label column, in characters of the default font.
const LABEL_WIDTH: f64 = 46.0;
/// Width of a value column.
const VALUE_WIDTH: f64 = 11.0;

/// Sheet of the narrative sections.
pub const NARRATIVE_SHEET: &str = "叙述";
/// Sheet of the findings.
pub const FINDINGS_SHEET: &str = "审核结果";

/// Where each cell of the report went: (sheet name, row, column).
pub type Placement = Vec<Option<(String, u32, u16)>>;

/// The workbook as bytes.
pub fn to_xlsx(report: &Report, findings: &[Finding]) -> Result<Vec<u8>, FileError> {
    fits_excel(report)?;
    build(report, findings).map_err(|e| FileError::Workbook(e.to_string()))
}

/// Most characters an Excel cell holds.
const EXCEL_MAX_CHARS: usize = 32_767;

/// Refuses, naming it, a cell or section longer than Excel can hold (rather than cut it).
fn fits_excel(report: &Report) -> Result<(), FileError> {
    let format = report.format();
    let too_long = |what: String, text: &str| {
        let n = text.chars().count();
        (n > EXCEL_MAX_CHARS).then(|| {
            FileError::Invalid(format!(
                "{what}有 {n} 字，超过 Excel 单元格上限 {EXCEL_MAX_CHARS} 字，无法导出为工作簿（可另存为 .nianbao 或 .json）"
            ))
        })
    };
    let cells =
        (0..format.cells().len()).filter_map(|i| too_long(format.cell_label(i), report.cell_at(i)));
    let sections = report.sections().filter_map(|(id, text)| {
        too_long(
            format.section_title(id).unwrap_or_else(|| id.to_owned()),
            text,
        )
    });
    match cells.chain(sections).next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn build(report: &Report, findings: &[Finding]) -> Result<Vec<u8>, XlsxError> {
    let format = report.format();
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} 年度政府信息公开工作年度报告",
                report.agency, report.year
            ))
            .set_custom_property("nianbao-format", format.id()),
    );
    let styles = Styles::new();
    let (marks, _) = rules::cell_marks(format, findings);
    let mut placement: Placement = vec![None; format.cells().len()];
    for t in 0..format.tables().len() {
        let sheet = book.add_worksheet();
        table_sheet(sheet, report, t, &styles, &marks, &mut placement)?;
    }
    for t in 0..format.tables().len() {
        let name = format.tables()[t].name.clone();
        let sheet = book.worksheet_from_name(&name)?;
        total_checks(sheet, format, &name, &placement, &styles)?;
    }
    narrative_sheet(book.add_worksheet(), report, &styles)?;
    findings_sheet(book.add_worksheet(), report, findings, &placement, &styles)?;
    meta::write_sheet(book.add_worksheet(), report, &styles.text)?;
    book.save_to_buffer()
}

/// The cell formats used.
struct Styles {
    title: CellFormat,
    header: CellFormat,
    label: CellFormat,
    value: CellFormat,
    text: CellFormat,
    caption: CellFormat,
}

impl Styles {
    fn new() -> Styles {
        let base = CellFormat::new().set_font_name(FONT).set_font_size(11);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_background_color(Color::RGB(0xF2_F2_F2)),
            label: boxed
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            value: boxed
                .set_align(FormatAlign::Right)
                .set_align(FormatAlign::VerticalCenter),
            text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            caption: base.set_font_color(Color::RGB(0x59_59_59)),
        }
    }

    fn marked(&self, mark: CellMark) -> CellFormat {
        let mut f = self.value.clone();
        if let Some(fill) = mark.fill_rgb() {
            f = f.set_background_color(Color::RGB(fill));
        }
        if let Some(text) = mark.text_rgb() {
            f = f.set_font_color(Color::RGB(text));
        }
        f
    }
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// A table as the official form, under its section title.
fn table_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    t: usize,
    styles: &Styles,
    marks: &[CellMark],
    placement: &mut Placement,
) -> Result<(), XlsxError> {
    let format = report.format();
    let table = &format.tables()[t];
    sheet.set_name(&table.name)?;
    let title = format
        .sections()
        .iter()
        .find(|s| s.content == crate::format::SectionContent::Table(table.id.clone()))
        .map_or_else(|| table.name.clone(), |s| s.heading());
    sheet.write_string_with_format(0, 0, &title, &styles.title)?;
    let mut top = 1;
    if let Some(caption) = &table.caption {
        sheet.write_string_with_format(1, 0, caption, &styles.caption)?;
        top = 2;
    }
    let totals = rules::total_cells(report);
    let forms = format.form(t);
    for block in &forms {
        // Table 4 has no label column: its first form column is the sheet's first.
        let shift = usize::from(!block.labelled);
        header(sheet, block, top, shift, styles)?;
        top += block.levels;
        for line in &block.lines {
            if let Some((label, level)) = &line.label {
                let f = styles.label.clone().set_indent(*level);
                sheet.write_string_with_format(row(top), 0, label, &f)?;
            }
            for (k, cell) in line.cells.iter().enumerate() {
                let c = col(k + 1 - shift);
                let Some(i) = *cell else {
                    sheet.write_blank(row(top), c, &styles.header)?;
                    continue;
                };
                // A total's red comes from its live check, so it clears when fixed.
                let mark = if totals.contains(&i) && marks[i] == CellMark::Suspect {
                    CellMark::None
                } else {
                    marks[i]
                };
                write_cell(sheet, row(top), c, report.cell_at(i), &styles.marked(mark))?;
                placement[i] = Some((table.name.clone(), row(top), c));
            }
            top += 1;
        }
        top += 1;
    }
    let widest = forms
        .iter()
        .map(FormBlock::value_columns)
        .max()
        .unwrap_or(0);
    let labelled = forms.iter().any(|b| b.labelled);
    if labelled {
        sheet.set_column_width(0, LABEL_WIDTH)?;
    }
    for k in 0..widest {
        sheet.set_column_width(col(k + usize::from(labelled)), VALUE_WIDTH)?;
    }
    Ok(())
}

/// A block's header boxes, merged where they span.
fn header(
    sheet: &mut Worksheet,
    block: &FormBlock,
    top: usize,
    shift: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for h in &block.header {
        let Some(first) = h.col.checked_sub(shift) else {
            continue;
        };
        let (r0, c0) = (row(top + h.row), col(first));
        let (r1, c1) = (row(top + h.row + h.rows - 1), col(first + h.cols - 1));
        if (r0, c0) == (r1, c1) {
            sheet.write_string_with_format(r0, c0, &h.text, &styles.header)?;
        } else {
            sheet.merge_range(r0, c0, r1, c1, &h.text, &styles.header)?;
        }
        sheet.set_row_height(r0, 30)?;
    }
    Ok(())
}

/// A cell as the report holds it: an exact number as a number, other text as text.
fn write_cell(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    text: &str,
    f: &CellFormat,
) -> Result<(), XlsxError> {
    match exact_number(text) {
        Some(v) => sheet.write_number_with_format(r, c, v, f)?,
        None if text.is_empty() => sheet.write_blank(r, c, f)?,
        None => sheet.write_string_with_format(r, c, text, f)?,
    };
    Ok(())
}

/// `$H$5` for a placed cell.
pub fn a1(r: u32, c: u16) -> String {
    format!("${}${}", column_letters(c), r + 1)
}

/// `表三!$H$5`, as a reader finds it.
pub fn sheet_a1(placed: &(String, u32, u16)) -> String {
    format!("{}!{}", placed.0, a1(placed.1, placed.2).replace('$', ""))
}

fn column_letters(c: u16) -> String {
    let mut n = u32::from(c) + 1;
    let mut s = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        s.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    s.iter().rev().collect()
}

/// Conditional formats that turn a total red whenever it differs from its parts' SUM.
fn total_checks(
    sheet: &mut Worksheet,
    format: &Format,
    sheet_name: &str,
    placement: &Placement,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let red = styles.marked(CellMark::Suspect);
    for (total, parts) in rules::total_definitions(format) {
        let Some((name, r, c)) = &placement[total] else {
            continue;
        };
        if name != sheet_name {
            continue;
        }
        let refs: Option<Vec<String>> = parts
            .iter()
            .map(|&p| match &placement[p] {
                Some((n, pr, pc)) if n == sheet_name => Some(a1(*pr, *pc)),
                _ => None,
            })
            .collect();
        let Some(refs) = refs else { continue };
        let rule = format!("={}<>SUM({})", a1(*r, *c), refs.join(","));
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(red.clone());
        sheet.add_conditional_format(*r, *c, *r, *c, &cf)?;
    }
    Ok(())
}

fn narrative_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(NARRATIVE_SHEET)?;
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 100)?;
    let format = report.format();
    for (k, id) in format.narrative_ids().enumerate() {
        let title = format.section_title(id).unwrap_or_else(|| id.to_owned());
        sheet.write_string_with_format(row(k), 0, &title, &styles.title)?;
        sheet.write_string_with_format(row(k), 1, report.section(id), &styles.text)?;
    }
    Ok(())
}

fn findings_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    findings: &[Finding],
    placement: &Placement,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(FINDINGS_SHEET)?;
    let heads = [
        ("规则", 16.0),
        ("严重程度", 10.0),
        ("范围", 8.0),
        ("单元格位置", 18.0),
        ("单元格", 40.0),
        ("实际值", 10.0),
        ("应为", 10.0),
        ("说明", 60.0),
        ("审核说明", 30.0),
        ("审核状态", 10.0),
        ("审核意见", 30.0),
    ];
    for (k, (h, w)) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col(k), *h, &styles.header)?;
        sheet.set_column_width(col(k), *w)?;
    }
    let format = report.format();
    for (n, f) in findings.iter().enumerate() {
        let r = row(n + 1);
        let indices: Vec<usize> = f.cells.iter().filter_map(|k| format.index_of(k)).collect();
        let refs: Vec<String> = indices
            .iter()
            .filter_map(|&i| placement[i].as_ref().map(sheet_a1))
            .collect();
        let labels: Vec<String> = indices.iter().map(|&i| format.cell_label(i)).collect();
        let review = report.reviews.get(&f.id()).cloned().unwrap_or_default();
        let number = |d: Option<rust_decimal::Decimal>| d.map(|d| d.normalize().to_string());
        let texts = [
            f.rule.clone(),
            f.severity.label().to_owned(),
            f.scope.label().to_owned(),
            refs.join("、"),
            labels.join("、"),
            number(f.actual).unwrap_or_default(),
            number(f.expected).unwrap_or_default(),
            f.message.clone(),
            review.explanation,
            review.status.label().to_owned(),
            review.note,
        ];
        for (k, t) in texts.iter().enumerate() {
            write_cell(sheet, r, col(k), t, &styles.text)?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "$A$1");
        assert_eq!(a1(4, 7), "$H$5");
        assert_eq!(a1(9, 26), "$AA$10");
        assert_eq!(sheet_a1(&("表三".to_owned(), 4, 7)), "表三!H5");
    }
}
