//! How the workbook prints: every sheet on A4 with the margins of the published Word
//! document (GB/T 9704), turned as its table asks, one page wide, the header rows
//! repeated, centred, with the agency and year above and the page number below; and
//! row heights measured so that wrapped labels and paragraphs print whole.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::format::Orientation;
use crate::model::Report;

/// A4 among Excel's paper sizes.
const A4: u8 = 9;

/// Millimetres in inches, the unit of Excel's margins.
fn mm(v: f64) -> f64 {
    v / 25.4
}

/// Page margins in millimetres: left, right, top, bottom.
struct Margins(f64, f64, f64, f64);

/// GB/T 9704 on an upright page, as `publish::docx` writes them (`w:pgMar`: top 2098,
/// right 1474, bottom 1984, left 1588 twips).
const PORTRAIT: Margins = Margins(28.0, 26.0, 37.0, 35.0);
/// The same paper turned on its side (a quarter turn clockwise): the binding edge, on
/// the left of an upright page, is at the top.
const LANDSCAPE: Margins = Margins(35.0, 37.0, 28.0, 26.0);
/// Distances of the running head and foot from the paper's edge (`w:header="851"`,
/// `w:footer="992"`).
const HEADER_MM: f64 = 15.0;
const FOOTER_MM: f64 = 17.5;

/// How a sheet prints.
pub(super) struct Page {
    /// Which way up.
    pub orientation: Orientation,
    /// Pages tall it is shrunk to (0: as many as it takes). A table form that is one
    /// block (表三, 表四) is kept on one page; everything else is one page wide only.
    pub pages_tall: u16,
    /// Rows repeated at the top of every page.
    pub repeat: Option<(u32, u32)>,
    /// Last row and column printed (the print area starts at A1).
    pub last: (u32, u16),
}

/// Sets up the printing of `sheet`.
pub(super) fn set_up(sheet: &mut Worksheet, report: &Report, page: &Page) -> Result<(), XlsxError> {
    sheet.set_paper_size(A4);
    let Margins(left, right, top, bottom) = match page.orientation {
        Orientation::Portrait => {
            sheet.set_portrait();
            PORTRAIT
        }
        Orientation::Landscape => {
            sheet.set_landscape();
            LANDSCAPE
        }
    };
    sheet.set_margins(
        mm(left),
        mm(right),
        mm(top),
        mm(bottom),
        mm(HEADER_MM),
        mm(FOOTER_MM),
    );
    sheet.set_print_fit_to_pages(1, page.pages_tall);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_area(0, 0, page.last.0, page.last.1)?;
    if let Some((first, last)) = page.repeat {
        sheet.set_repeat_rows(first, last)?;
    }
    sheet.set_header(running_head(report));
    sheet.set_footer("&C第 &P 页 共 &N 页");
    Ok(())
}

/// Most characters of the agency's name put in the running head (Excel allows 255 in
/// all, codes included).
const HEAD_AGENCY_CHARS: usize = 60;

/// `&L某局&R2021年度政府信息公开工作年度报告`: `&` doubled, control characters left out.
fn running_head(report: &Report) -> String {
    let agency: String = report
        .agency
        .chars()
        .filter(|c| !c.is_control())
        .take(HEAD_AGENCY_CHARS)
        .collect::<String>()
        .replace('&', "&&");
    format!("&L{agency}&R{}年度政府信息公开工作年度报告", report.year)
}

/// Whether a character prints full width (汉字, kana, hangul, full-width punctuation and
/// forms): it takes about twice a digit's width.
fn wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD)
}

/// Width of a line of text in `size` pt 宋体, in Excel's column width unit (a digit of
/// the workbook's 11 pt default font): full width 2, half width 1, with a tenth to spare
/// (宋体 at 11 pt is a little wider than two digits).
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    let units: f64 = text.chars().map(|c| if wide(c) { 2.2 } else { 1.1 }).sum();
    units * size / 11.0
}

/// Lines a text takes wrapped in a column (or merged columns) `width` units wide; a line
/// break starts a line.
pub(super) fn lines(text: &str, width: f64, size: f64) -> usize {
    // The cell's padding, and words that wrap early, take about a unit.
    let room = (width - 1.5).max(1.0);
    text.split('\n')
        .map(|line| (text_width(line, size) / room).ceil().max(1.0) as usize)
        .sum()
}

/// Most lines a paragraph's row is given (a row is at most 409 pt tall: 27 lines of 12 pt).
const MAX_LINES: usize = 24;

/// A paragraph in pieces of at most [`MAX_LINES`] lines in a column `width` units wide,
/// each ending, where it can, at the end of a sentence; the pieces joined are the
/// paragraph.
pub(super) fn pieces(paragraph: &str, width: f64, size: f64) -> Vec<&str> {
    let room = (width - 1.5).max(1.0);
    // Lines wrap a little short of the column's width: leave a line's worth in ten.
    let budget = room * MAX_LINES as f64 * 0.9;
    let mut out = Vec::new();
    let mut rest = paragraph;
    while text_width(rest, size) > budget {
        let mut used = 0.0;
        let mut cut = 0;
        let mut sentence = None;
        for (at, c) in rest.char_indices() {
            used += text_width(c.encode_utf8(&mut [0; 4]), size);
            if used > budget {
                break;
            }
            cut = at + c.len_utf8();
            if matches!(c, '。' | '；' | '！' | '？' | '.' | ';' | '!' | '?') {
                sentence = Some(cut);
            }
        }
        // A sentence end in the piece's second half, else as much as fits (and at
        // least a character, so that the loop ends).
        let first = rest.chars().next().map_or(rest.len(), char::len_utf8);
        let cut = sentence.filter(|&s| s * 2 > cut).unwrap_or(cut).max(first);
        let (piece, tail) = rest.split_at(cut);
        out.push(piece);
        rest = tail;
    }
    out.push(rest);
    out
}

/// Tallest row Excel allows, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;

/// Height in points of a row of `lines` lines of `size` pt text (15 for a line of 11 pt,
/// Excel's own height).
pub(super) fn height(lines: usize, size: f64) -> f64 {
    (lines as f64 * size * 1.25 + 1.25).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_full_width_twice() {
        assert!((text_width("规章", 11.0) - 4.4).abs() < 1e-9);
        assert!((text_width("ab12", 11.0) - 4.4).abs() < 1e-9);
        assert!((text_width("（一）", 11.0) - 6.6).abs() < 1e-9);
        assert_eq!(lines("", 10.0, 11.0), 1);
        assert_eq!(lines("一二三", 10.0, 11.0), 1);
        assert_eq!(lines("一二三四五", 10.0, 11.0), 2);
        assert_eq!(lines("一\n二", 10.0, 11.0), 2);
        assert!(height(1000, 11.0) <= MAX_ROW_HEIGHT);
    }

    #[test]
    fn long_paragraphs_go_on_in_rows_that_fit() {
        assert_eq!(pieces("", 82.0, 12.0), vec![""]);
        assert_eq!(pieces("短段落。", 82.0, 12.0), vec!["短段落。"]);
        let long = "这是一个很长的句子，用来检查分段。".repeat(120);
        let parts = pieces(&long, 82.0, 12.0);
        assert!(parts.len() > 1);
        assert_eq!(parts.concat(), long);
        for p in &parts {
            assert!(
                lines(p, 82.0, 12.0) <= MAX_LINES,
                "{}",
                lines(p, 82.0, 12.0)
            );
            assert!(height(lines(p, 82.0, 12.0), 12.0) < MAX_ROW_HEIGHT);
        }
        assert!(parts[..parts.len() - 1].iter().all(|p| p.ends_with('。')));
        // No sentence end: cut where the row is full.
        let plain = "字".repeat(5000);
        let parts = pieces(&plain, 82.0, 12.0);
        assert_eq!(parts.concat(), plain);
        assert!(parts.iter().all(|p| lines(p, 82.0, 12.0) <= MAX_LINES));
    }

    #[test]
    fn the_running_head_cannot_break_the_codes() {
        let mut r = Report::new(
            crate::format::Registry::builtin()
                .expect("formats")
                .get("2021")
                .expect("2021")
                .clone(),
            "A&B\u{0}局".repeat(40),
            2021,
        );
        let head = running_head(&r);
        assert!(head.starts_with("&LA&&B局"));
        assert!(head.ends_with("&R2021年度政府信息公开工作年度报告"));
        assert!(head.chars().count() < 255);
        r.agency = String::new();
        assert_eq!(running_head(&r), "&L&R2021年度政府信息公开工作年度报告");
    }
}
