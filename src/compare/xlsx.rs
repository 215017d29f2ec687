//! A comparison as a workbook: 概况, one sheet per table (上年, 本年, and Δ and % as
//! formulas over them where both are numbers, green up and red down by conditional formats), 对应项 (across
//! formats), 跨期核对 and 叙述相似度.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DocProperties, Format as CellFormat, FormatAlign, Formula,
    Workbook, Worksheet, XlsxError,
};

use super::{Comparison, TableCmp, Value};
use crate::io::FileError;
use crate::rules::YearOutcome;

/// The comparison as `.xlsx` bytes.
pub fn to_xlsx(cmp: &Comparison) -> Result<Vec<u8>, FileError> {
    workbook(cmp).map_err(|e| FileError::Workbook(e.to_string()))
}

struct Styles {
    head: CellFormat,
    wrap: CellFormat,
    grey: CellFormat,
    percent: CellFormat,
    up: CellFormat,
    down: CellFormat,
    bad: CellFormat,
}

fn workbook(cmp: &Comparison) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new().set_custom_property(crate::io::own_output::PROPERTY, "与上年比较"),
    );
    let styles = Styles {
        head: CellFormat::new()
            .set_bold()
            .set_background_color(Color::RGB(0xEE_EE_EE)),
        wrap: CellFormat::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        grey: CellFormat::new().set_font_color(Color::RGB(0x66_66_66)),
        percent: CellFormat::new().set_num_format("0.0%"),
        up: CellFormat::new().set_background_color(Color::RGB(0xE3_F4_E1)),
        down: CellFormat::new().set_background_color(Color::RGB(0xFB_E3_E1)),
        bad: CellFormat::new().set_font_color(Color::RGB(0xB4_23_18)),
    };
    overview(book.add_worksheet(), cmp, &styles)?;
    for t in &cmp.tables {
        table(book.add_worksheet(), cmp, t, &styles)?;
    }
    if !cmp.counterparts.is_empty() {
        counterparts(book.add_worksheet(), cmp, &styles)?;
    }
    checks(book.add_worksheet(), cmp, &styles)?;
    narrative(book.add_worksheet(), cmp, &styles)?;
    book.save_to_buffer()
}

fn overview(sheet: &mut Worksheet, cmp: &Comparison, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("概况")?;
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 90)?;
    let (h, d, u) = cmp.check_counts();
    let mut rows: Vec<(String, String)> = vec![
        ("上年报告".into(), cmp.last.title()),
        ("本年报告".into(), cmp.this.title()),
        (
            "跨期核对".into(),
            format!("成立 {h} 项，不一致 {d} 项，无法核对 {u} 项"),
        ),
        (
            "叙述重复".into(),
            cmp.repeated_share
                .map_or("无可比较的内容".into(), |p| format!("{p}%")),
        ),
    ];
    rows.extend(cmp.notes.iter().map(|n| ("注意".to_owned(), n.clone())));
    for (r, (k, v)) in rows.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        sheet.write_string_with_format(r, 0, k, &s.head)?;
        sheet.write_string_with_format(r, 1, v, &s.wrap)?;
    }
    Ok(())
}

fn write_value(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    v: &Value,
    s: &Styles,
) -> Result<(), XlsxError> {
    match v {
        Value::Number { value, .. } => {
            sheet.write_number(r, c, value.to_f64().unwrap_or_default())?;
        }
        other => {
            sheet.write_string_with_format(r, c, other.show(), &s.grey)?;
        }
    }
    Ok(())
}

fn f64_of(v: Decimal) -> f64 {
    v.to_f64().unwrap_or_default()
}

/// One table: a row per cell; 增减 and 增减% are formulas over 上年 and 本年.
fn table(
    sheet: &mut Worksheet,
    cmp: &Comparison,
    t: &TableCmp,
    s: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(&t.name)?;
    let last = format!("上年（{}）", cmp.last.year);
    let this = format!("本年（{}）", cmp.this.year);
    let columns = [
        ("项目", 40.0),
        ("列", 22.0),
        ("单元格", 30.0),
        (last.as_str(), 11.0),
        (this.as_str(), 11.0),
        ("增减", 9.0),
        ("增减%", 9.0),
        ("说明", 30.0),
    ];
    crate::io::header_row(sheet, &columns, &s.head)?;
    let mut r = 1u32;
    for row in &t.rows {
        for c in &row.cells {
            let label = format!("{}{}", "  ".repeat(usize::from(row.level)), row.label);
            if row.only.is_some() {
                sheet.write_string_with_format(r, 0, &label, &s.grey)?;
            } else {
                sheet.write_string(r, 0, &label)?;
            }
            sheet.write_string(r, 1, &c.column)?;
            sheet.write_string(r, 2, &c.key)?;
            write_value(sheet, r, 3, &c.last, s)?;
            write_value(sheet, r, 4, &c.this, s)?;
            // Formulas only where there is a value: a formula's stored result is what
            // readers that do not compute show, and an empty one reads 0.
            let (d, e) = (format!("D{}", r + 1), format!("E{}", r + 1));
            if let Some(v) = c.delta() {
                let delta = Formula::new(format!("={e}-{d}")).set_result(f64_of(v).to_string());
                sheet.write_formula(r, 5, delta)?;
            }
            if let Some(p) = c.percent() {
                let pct = Formula::new(format!("=({e}-{d})/{d}"))
                    .set_result((f64_of(p) / 100.0).to_string());
                sheet.write_formula_with_format(r, 6, pct, &s.percent)?;
            }
            if let Some(note) = cmp.note(c) {
                sheet.write_string_with_format(r, 7, note, &s.grey)?;
            }
            r += 1;
        }
    }
    if r > 1 {
        let up = ConditionalFormatFormula::new()
            .set_rule("=AND(ISNUMBER($F2),$F2>0)")
            .set_format(&s.up);
        let down = ConditionalFormatFormula::new()
            .set_rule("=AND(ISNUMBER($F2),$F2<0)")
            .set_format(&s.down);
        sheet.add_conditional_format(1, 5, r - 1, 6, &up)?;
        sheet.add_conditional_format(1, 5, r - 1, 6, &down)?;
        sheet.autofilter(0, 0, r - 1, 7)?;
    }
    Ok(())
}

fn counterparts(sheet: &mut Worksheet, cmp: &Comparison, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("对应项")?;
    let columns = [
        ("上年单元格", 50.0),
        ("本年单元格", 50.0),
        ("上年值", 10.0),
        ("本年值", 10.0),
        ("增减", 9.0),
        ("增减%", 9.0),
    ];
    crate::io::header_row(sheet, &columns, &s.head)?;
    for (n, c) in cmp.counterparts.iter().enumerate() {
        let r = u32::try_from(n + 1).unwrap_or(u32::MAX);
        sheet.write_string_with_format(r, 0, c.last_cells.join("＋"), &s.wrap)?;
        sheet.write_string_with_format(r, 1, c.this_cells.join("＋"), &s.wrap)?;
        write_value(sheet, r, 2, &c.cell.last, s)?;
        write_value(sheet, r, 3, &c.cell.this, s)?;
        if let Some(d) = c.cell.delta() {
            let fill = if d.is_sign_negative() { &s.down } else { &s.up };
            if d.is_zero() {
                sheet.write_number(r, 4, 0)?;
            } else {
                sheet.write_number_with_format(r, 4, f64_of(d), fill)?;
            }
        }
        if let Some(p) = c.cell.percent() {
            sheet.write_number_with_format(r, 5, f64_of(p) / 100.0, &s.percent)?;
        }
    }
    Ok(())
}

fn checks(sheet: &mut Worksheet, cmp: &Comparison, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("跨期核对")?;
    let columns = [
        ("规则", 16.0),
        ("核对项", 36.0),
        ("关系", 60.0),
        ("左", 9.0),
        ("右", 9.0),
        ("结果", 9.0),
        ("说明", 60.0),
    ];
    crate::io::header_row(sheet, &columns, &s.head)?;
    for (n, c) in cmp.checks.iter().enumerate() {
        let r = u32::try_from(n + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, &c.rule)?;
        sheet.write_string_with_format(r, 1, &c.item, &s.wrap)?;
        sheet.write_string_with_format(r, 2, &c.formula, &s.wrap)?;
        if let Some(v) = c.left {
            sheet.write_number(r, 3, f64_of(v))?;
        }
        if let Some(v) = c.right {
            sheet.write_number(r, 4, f64_of(v))?;
        }
        let detail = match &c.outcome {
            YearOutcome::Holds => "",
            YearOutcome::Differs(m) | YearOutcome::Unchecked(m) => m.as_str(),
        };
        if matches!(c.outcome, YearOutcome::Differs(_)) {
            sheet.write_string_with_format(r, 5, c.outcome.label(), &s.bad)?;
        } else {
            sheet.write_string(r, 5, c.outcome.label())?;
        }
        sheet.write_string_with_format(r, 6, detail, &s.wrap)?;
    }
    Ok(())
}

fn narrative(sheet: &mut Worksheet, cmp: &Comparison, s: &Styles) -> Result<(), XlsxError> {
    sheet.set_name("叙述相似度")?;
    let columns = [
        ("部分", 24.0),
        ("重复%", 9.0),
        ("计入字数", 9.0),
        ("重复字数", 9.0),
        ("扣除模板用语字数", 12.0),
        ("与上年相同的句子", 90.0),
    ];
    crate::io::header_row(sheet, &columns, &s.head)?;
    let mut r = 1u32;
    for sec in &cmp.sections {
        let rep = &sec.repetition;
        sheet.write_string(r, 0, &sec.title)?;
        if let Some(p) = rep.share() {
            sheet.write_number(r, 1, f64::from(p))?;
        }
        sheet.write_number(r, 2, rep.counted as f64)?;
        sheet.write_number(r, 3, rep.repeated as f64)?;
        sheet.write_number(r, 4, rep.discounted as f64)?;
        if rep.passages.is_empty() {
            r += 1;
        }
        for p in &rep.passages {
            sheet.write_string_with_format(r, 5, p, &s.wrap)?;
            r += 1;
        }
    }
    Ok(())
}
