//! Export to an `.xlsx` workbook a supervisor opens in Excel, WPS or LibreOffice: a sheet
//! per table laid out as the official form, the narrative, the findings, and the
//! report's metadata for reading it back. Totals keep checking themselves: each carries
//! a conditional format comparing it with the SUM of its parts.

pub mod detail;
mod print;

use rust_xlsxwriter::utility::{row_col_to_cell, row_col_to_cell_absolute};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, Format as CellFormat, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use super::FileError;
use super::meta::{self, Paragraphs};
use super::workbook::exact_number;
use crate::format::{FormBlock, Format, Orientation};
use crate::model::Report;
use crate::rules::{self, CellMark, Finding};
use print::{Page, height, lines, pieces, text_width};

/// A font every office suite that opens the file has (and substitutes well).
const FONT: &str = "宋体";
/// Font size of the tables, in points.
const SIZE: f64 = 11.0;
/// Font size of the narrative's paragraphs.
const TEXT_SIZE: f64 = 12.0;
/// Font size of the titles.
const TITLE_SIZE: f64 = 14.0;
/// Narrowest and widest value column, in characters of the default font: wide enough
/// for the numbers, and for the column's header on one line (社会公益组织), or on two.
const VALUE_WIDTH: (f64, f64) = (8.0, 15.0);
/// Narrowest label column.
const LABEL_MIN_WIDTH: f64 = 16.0;
/// Width of the narrative's paragraphs: a line of about 34 characters of 12 pt 宋体, the
/// text width of an upright A4 page between the GB/T 9704 margins.
const TEXT_WIDTH: f64 = 82.0;
/// Columns a paragraph is merged across. A single column is never scaled to the page's
/// width (LibreOffice counts pages wide by column breaks, and one column has none), so
/// where the default font is wider than Excel's the text would run off the page.
const TEXT_COLUMNS: u16 = 4;

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
    // A combined report's cells are SUMs over its 明细 sheet.
    let formulas = detail::formulas(report);
    for t in 0..format.tables().len() {
        let sheet = book.add_worksheet();
        let table = TableSheet {
            t,
            styles: &styles,
            marks: &marks,
            formulas: &formulas,
        };
        table_sheet(sheet, report, &table, &mut placement)?;
    }
    if let Some(combination) = &report.combination {
        detail::write_sheet(book.add_worksheet(), report, combination, &styles.header)?;
    }
    for t in 0..format.tables().len() {
        let name = format.tables()[t].name.clone();
        let sheet = book.worksheet_from_name(&name)?;
        total_checks(sheet, format, &name, &placement, &styles)?;
    }
    let paragraphs = narrative_sheet(book.add_worksheet(), report, &styles)?;
    findings_sheet(book.add_worksheet(), report, findings, &placement, &styles)?;
    meta::write_sheet(book.add_worksheet(), report, &paragraphs, &styles.text)?;
    book.save_to_buffer()
}

/// The cell formats used.
struct Styles {
    title: CellFormat,
    header: CellFormat,
    label: CellFormat,
    value: CellFormat,
    text: CellFormat,
    paragraph: CellFormat,
    caption: CellFormat,
}

impl Styles {
    fn new() -> Styles {
        let base = CellFormat::new().set_font_name(FONT).set_font_size(SIZE);
        let boxed = base.clone().set_border(FormatBorder::Thin);
        Styles {
            title: base
                .clone()
                .set_bold()
                .set_font_size(TITLE_SIZE)
                .set_align(FormatAlign::Bottom),
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
            paragraph: base
                .clone()
                .set_font_size(TEXT_SIZE)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            caption: base
                .set_font_color(Color::RGB(0x59_59_59))
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
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

/// Width of an indent level of a label, in characters of the default font.
const INDENT_WIDTH: f64 = 2.5;

/// What a table's sheet is written with.
struct TableSheet<'a> {
    /// The table's index.
    t: usize,
    styles: &'a Styles,
    /// Each cell's mark from the findings.
    marks: &'a [CellMark],
    /// Each cell's formula, if it has one (a combined report's).
    formulas: &'a [Option<String>],
}

/// A table as the official form, under its section title, set up to print as one.
fn table_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    table_sheet: &TableSheet,
    placement: &mut Placement,
) -> Result<(), XlsxError> {
    let &TableSheet {
        t,
        styles,
        marks,
        formulas,
    } = table_sheet;
    let format = report.format();
    let table = &format.tables()[t];
    sheet.set_name(&table.name)?;
    let title = format
        .sections()
        .iter()
        .find(|s| s.content == crate::format::SectionContent::Table(table.id.clone()))
        .map_or_else(|| table.name.clone(), |s| s.heading());
    let forms = format.form(t);
    let widths = column_widths(&forms);
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), *w)?;
    }
    let last_col = col(widths.len().saturating_sub(1));
    sheet.write_string_with_format(0, 0, &title, &styles.title)?;
    sheet.set_row_height(0, height(1, TITLE_SIZE) + 4.0)?;
    let mut top = 1;
    if let Some(caption) = &table.caption {
        // Centred over the table, as the template prints it.
        if last_col > 0 {
            sheet.merge_range(1, 0, 1, last_col, caption, &styles.caption)?;
        } else {
            sheet.write_string_with_format(1, 0, caption, &styles.caption)?;
        }
        let total: f64 = widths.iter().sum();
        sheet.set_row_height(1, height(lines(caption, total, SIZE), SIZE))?;
        top = 2;
    }
    let totals = rules::total_cells(report);
    // A table that is one form (表三, 表四) repeats its header on every page; 表二's
    // blocks each carry their own.
    let mut repeat = None;
    for block in &forms {
        // Table 4 has no label column: its first form column is the sheet's first.
        let shift = usize::from(!block.labelled);
        header(sheet, block, top, shift, &widths, styles)?;
        if forms.len() == 1 && block.levels > 0 {
            repeat = Some((row(top), row(top + block.levels - 1)));
        }
        top += block.levels;
        for line in &block.lines {
            let mut need = 1;
            if let Some((label, level)) = &line.label {
                let f = styles.label.clone().set_indent(*level);
                sheet.write_string_with_format(row(top), 0, label, &f)?;
                let room = widths.first().copied().unwrap_or(LABEL_MIN_WIDTH)
                    - f64::from(*level) * INDENT_WIDTH;
                need = lines(label, room, SIZE);
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
                let f = styles.marked(mark);
                match &formulas[i] {
                    // With the sum as its result, for readers that do not calculate.
                    Some(formula) => {
                        let formula = Formula::new(formula).set_result(report.cell_at(i));
                        sheet.write_formula_with_format(row(top), c, formula, &f)?;
                    }
                    None => write_cell(sheet, row(top), c, report.cell_at(i), &f)?,
                }
                placement[i] = Some((table.name.clone(), row(top), c));
            }
            sheet.set_row_height(row(top), height(need, SIZE))?;
            top += 1;
        }
        top += 1;
    }
    let page = Page {
        orientation: table.orientation,
        pages_tall: u16::from(forms.len() == 1),
        repeat,
        // The last line written (each block is followed by a gap line).
        last: (row(top.saturating_sub(2)), last_col),
    };
    print::set_up(sheet, report, &page)
}

/// Widths of a table's sheet columns: each value column wide enough for its header on
/// one line, or on two where that would be wider than [`VALUE_WIDTH`] allows; the label column, as on the template, two fifths
/// of the table or more: wide enough for the longest label on one line, but never more
/// than the value columns together (表三's longest labels take two lines).
fn column_widths(forms: &[FormBlock]) -> Vec<f64> {
    let columns = forms
        .iter()
        .map(FormBlock::value_columns)
        .max()
        .unwrap_or(0);
    let mut widths = vec![VALUE_WIDTH.0; columns];
    for h in forms.iter().flat_map(|b| &b.header) {
        if h.cols != 1 || h.col == 0 {
            continue;
        }
        if let Some(w) = widths.get_mut(h.col - 1) {
            let one_line = text_width(&h.text, SIZE) + 1.5;
            let fit = if one_line <= VALUE_WIDTH.1 {
                one_line
            } else {
                text_width(&h.text, SIZE) / 2.0 + 1.5
            };
            let fit = fit.clamp(VALUE_WIDTH.0, VALUE_WIDTH.1);
            *w = w.max(fit);
        }
    }
    if forms.iter().any(|b| b.labelled) {
        let values: f64 = widths.iter().sum();
        let longest = forms
            .iter()
            .flat_map(|b| &b.lines)
            .filter_map(|l| l.label.as_ref())
            .map(|(label, level)| text_width(label, SIZE) + f64::from(*level) * INDENT_WIDTH + 2.0)
            .fold(0.0, f64::max);
        let label = (values * 2.0 / 3.0)
            .max(longest.min(values))
            .max(LABEL_MIN_WIDTH);
        widths.insert(0, label.ceil());
    }
    widths
}

/// A block's header boxes, merged where they span, on rows tall enough for their text.
fn header(
    sheet: &mut Worksheet,
    block: &FormBlock,
    top: usize,
    shift: usize,
    widths: &[f64],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let mut need = vec![1; block.levels];
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
        let width: f64 = widths
            .get(first..first + h.cols)
            .map_or(VALUE_WIDTH.0, |w| w.iter().sum());
        // A box over several levels shares its lines among them.
        let per = lines(&h.text, width, SIZE).div_ceil(h.rows.max(1));
        for n in need.iter_mut().skip(h.row).take(h.rows) {
            *n = per.max(*n);
        }
    }
    for (level, n) in need.iter().enumerate() {
        sheet.set_row_height(row(top + level), height(*n, SIZE))?;
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

/// Writes the bold header row `columns` (name, width) on row 0 and keeps it in view
/// when the sheet scrolls.
pub(crate) fn header_row(
    sheet: &mut Worksheet,
    columns: &[(&str, f64)],
    head: &CellFormat,
) -> Result<(), XlsxError> {
    for (c, (name, width)) in columns.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, c, *name, head)?;
        sheet.set_column_width(c, *width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}
/// `表三!H5`, as a reader finds it.
pub fn sheet_a1(placed: &(String, u32, u16)) -> String {
    format!("{}!{}", placed.0, row_col_to_cell(placed.1, placed.2))
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
                Some((n, pr, pc)) if n == sheet_name => Some(row_col_to_cell_absolute(*pr, *pc)),
                _ => None,
            })
            .collect();
        let Some(refs) = refs else { continue };
        let rule = format!(
            "={}<>SUM({})",
            row_col_to_cell_absolute(*r, *c),
            refs.join(",")
        );
        let cf = ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(red.clone());
        sheet.add_conditional_format(*r, *c, *r, *c, &cf)?;
    }
    Ok(())
}

/// The narrative: each section a block of its title over its paragraphs, a paragraph a
/// row (merged across the text's columns) wrapped at a readable width (so that a page break falls between paragraphs).
/// Gives where the paragraphs went, for the 元数据 sheet.
fn narrative_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    styles: &Styles,
) -> Result<Vec<Paragraphs>, XlsxError> {
    sheet.set_name(NARRATIVE_SHEET)?;
    for c in 0..TEXT_COLUMNS {
        sheet.set_column_width(c, TEXT_WIDTH / f64::from(TEXT_COLUMNS))?;
    }
    let format = report.format();
    let mut r: u32 = 0;
    let mut placed = Vec::new();
    for id in format.narrative_ids() {
        let title = format.section_title(id).unwrap_or_else(|| id.to_owned());
        sheet.write_string_with_format(r, 0, &title, &styles.title)?;
        // Space above every section's title but the first.
        let gap = if r == 0 { 4.0 } else { 16.0 };
        sheet.set_row_height(r, height(1, TITLE_SIZE) + gap)?;
        r += 1;
        let first = r;
        let mut continued = Vec::new();
        for paragraph in report.section(id).split('\n') {
            // A row is at most 409 pt tall: a longer paragraph goes on in the next rows.
            for (k, piece) in pieces(paragraph, TEXT_WIDTH, TEXT_SIZE)
                .into_iter()
                .enumerate()
            {
                if k > 0 {
                    continued.push(r - first);
                }
                sheet.merge_range(r, 0, r, TEXT_COLUMNS - 1, piece, &styles.paragraph)?;
                let need = lines(piece, TEXT_WIDTH, TEXT_SIZE);
                sheet.set_row_height(r, height(need, TEXT_SIZE))?;
                r += 1;
            }
        }
        placed.push(Paragraphs {
            section: id.to_owned(),
            first,
            rows: r - first,
            continued,
        });
    }
    let page = Page {
        orientation: Orientation::Portrait,
        pages_tall: 0,
        repeat: None,
        last: (r.saturating_sub(1), TEXT_COLUMNS - 1),
    };
    print::set_up(sheet, report, &page)?;
    Ok(placed)
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
        ("规则", 14.0),
        ("严重程度", 9.0),
        ("范围", 7.0),
        ("单元格位置", 14.0),
        ("单元格", 28.0),
        ("实际值", 8.0),
        ("应为", 8.0),
        ("说明", 50.0),
        ("审核说明", 20.0),
        ("审核状态", 9.0),
        ("审核意见", 20.0),
    ];
    let mut need = 1;
    for (k, (h, w)) in heads.iter().enumerate() {
        sheet.write_string_with_format(0, col(k), *h, &styles.header)?;
        sheet.set_column_width(col(k), *w)?;
        need = lines(h, *w, SIZE).max(need);
    }
    sheet.set_row_height(0, height(need, SIZE))?;
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
        let mut need = 1;
        for (k, (t, (_, w))) in texts.iter().zip(heads).enumerate() {
            write_cell(sheet, r, col(k), t, &styles.text)?;
            need = lines(t, w, SIZE).max(need);
        }
        sheet.set_row_height(r, height(need, SIZE))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let page = Page {
        orientation: Orientation::Landscape,
        pages_tall: 0,
        repeat: Some((0, 0)),
        last: (row(findings.len()), col(heads.len() - 1)),
    };
    print::set_up(sheet, report, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(sheet_a1(&("表三".to_owned(), 4, 7)), "表三!H5");
        assert_eq!(sheet_a1(&("表四".to_owned(), 9, 26)), "表四!AA10");
    }

    #[test]
    fn the_wide_tables_print_on_their_side() {
        let reg = crate::format::Registry::builtin().expect("formats");
        for f in reg.formats() {
            for t in f.tables() {
                let want = if t.id == "t2" {
                    Orientation::Portrait
                } else {
                    Orientation::Landscape
                };
                assert_eq!(t.orientation, want, "{} {}", f.id(), t.id);
            }
        }
    }

    #[test]
    fn label_and_value_columns_fit_their_texts() {
        let reg = crate::format::Registry::builtin().expect("formats");
        let f = reg.get("2021").expect("2021");
        let t3 = f.tables().iter().position(|t| t.id == "t3").expect("t3");
        let widths = column_widths(&f.form(t3));
        assert_eq!(widths.len(), 8);
        let values: f64 = widths[1..].iter().sum();
        // The labels take two fifths of the table or more, and no label takes more than
        // two lines.
        assert!(widths[0] >= values * 2.0 / 3.0, "{widths:?}");
        for line in &f.form(t3)[0].lines {
            let (label, level) = line.label.as_ref().expect("label");
            let room = widths[0] - f64::from(*level) * INDENT_WIDTH;
            assert!(lines(label, room, SIZE) <= 2, "{label}");
        }
        assert!(
            widths[1..]
                .iter()
                .all(|w| (VALUE_WIDTH.0..=VALUE_WIDTH.1).contains(w))
        );
    }
}
