//! Legacy `.xls` workbooks (BIFF records in a compound file) checked before they are
//! read: the spreadsheet reader makes a dense table of each sheet's used range, so two
//! cells far apart in a file of a few KB would ask for gigabytes.

use std::io::{Cursor, Read};

use super::FileError;
use super::workbook::check_range;

const CFB_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Refuses an `.xls` whose sheets span more than [`super::workbook::MAX_RANGE_CELLS`], or whose
/// container or declared dimensions are damaged. A compound file without a workbook stream
/// (a Word document renamed, say) and anything else is left to the reader to explain.
pub fn check(bytes: &[u8]) -> Result<(), FileError> {
    if !bytes.starts_with(CFB_MAGIC) {
        return Ok(());
    }
    // The reader would go on where the container cannot be opened properly: it is damaged.
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Err(FileError::DamagedWorkbook);
    };
    let mut stream = Vec::new();
    for name in ["/Workbook", "/Book"] {
        if let Ok(mut s) = file.open_stream(name) {
            // A stream is never longer than the file holding it.
            if s.by_ref()
                .take(bytes.len() as u64)
                .read_to_end(&mut stream)
                .is_err()
            {
                return Ok(());
            }
            break;
        }
    }
    check_records(&stream)
}

/// The used range of one sheet, as far as the records seen so far go.
#[derive(Default)]
struct Span {
    sheet: usize,
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn cell(&mut self, row: u32, first_col: u32, last_col: u32) {
        let widen = |span: &mut Option<(u32, u32)>, lo: u32, hi: u32| {
            *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.cols, first_col, last_col.max(first_col));
    }

    fn check(&self) -> Result<(), FileError> {
        let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
            return Ok(());
        };
        check_range(self.sheet, u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1)
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Walks the BIFF records: each sheet starts with a BOF record; its DIMENSIONS record
/// declares the used range and its cell records give the real one.
fn check_records(data: &[u8]) -> Result<(), FileError> {
    let mut span = Span::default();
    let mut sheets = 0;
    let mut at = 0;
    while let (Some(kind), Some(len)) = (u16_at(data, at), u16_at(data, at + 2)) {
        let Some(body) = data.get(at + 4..at + 4 + len as usize) else {
            break;
        };
        at += 4 + len as usize;
        match kind {
            // BOF: a new substream (the globals first, then one per sheet).
            0x0809 => {
                span.check()?;
                span = Span {
                    sheet: sheets,
                    ..Span::default()
                };
                sheets += 1;
            }
            // DIMENSIONS: first row, last row + 1, first column, last column + 1.
            0x0200 => {
                let (first_row, end_row, first_col, end_col) = match body.len() {
                    10 => (
                        u16_at(body, 0),
                        u16_at(body, 2),
                        u16_at(body, 4),
                        u16_at(body, 6),
                    ),
                    14 | 16 => (
                        u32_at(body, 0),
                        u32_at(body, 4),
                        u16_at(body, 8),
                        u16_at(body, 10),
                    ),
                    _ => continue,
                };
                let (Some(r0), Some(r1), Some(c0), Some(c1)) =
                    (first_row, end_row, first_col, end_col)
                else {
                    continue;
                };
                // As the reader takes them: a first column past the last (or past 255)
                // counts from 0, and a last row of 0 declares nothing.
                let c0 = if c0 > 0xFF || c1 < c0 { 0 } else { c0 };
                if r1 == 0 || c1 == 0 {
                    continue;
                }
                if r0 > r1 - 1 {
                    return Err(FileError::DamagedWorkbook);
                }
                check_range(span.sheet, u64::from(r1 - r0), u64::from(c1 - c0))?;
            }
            // Cells: FORMULA, LABELSST, NUMBER, LABEL, BOOLERR, RK (row, column first).
            0x0006 | 0x00FD | 0x0203 | 0x0204 | 0x0205 | 0x027E => {
                if let (Some(row), Some(col)) = (u16_at(body, 0), u16_at(body, 2)) {
                    span.cell(row, col, col);
                }
            }
            // MULRK: row, first column, …, last column in the last two bytes.
            0x00BD => {
                let last = body.len().checked_sub(2).and_then(|at| u16_at(body, at));
                if let (Some(row), Some(col), Some(last)) = (u16_at(body, 0), u16_at(body, 2), last)
                {
                    span.cell(row, col, last);
                }
            }
            _ => {}
        }
    }
    span.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend((body.len() as u16).to_le_bytes());
        r.extend(body);
        r
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut body = row.to_le_bytes().to_vec();
        body.extend(col.to_le_bytes());
        body.extend([0u8; 10]);
        record(0x0203, &body)
    }

    fn dimensions(r0: u32, r1: u32, c0: u16, c1: u16) -> Vec<u8> {
        let mut body = r0.to_le_bytes().to_vec();
        body.extend(r1.to_le_bytes());
        body.extend(c0.to_le_bytes());
        body.extend(c1.to_le_bytes());
        body.extend([0u8; 2]);
        record(0x0200, &body)
    }

    fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut data = record(0x0809, &[0u8; 16]);
        data.extend(record(0x0809, &[0u8; 16]));
        records.iter().for_each(|r| data.extend(r));
        data
    }

    #[test]
    fn a_report_sized_sheet_passes() {
        let data = sheet(&[dimensions(0, 40, 0, 12), number(0, 0), number(39, 11)]);
        assert!(check_records(&data).is_ok());
    }

    #[test]
    fn cells_far_apart_are_refused() {
        let data = sheet(&[number(0, 0), number(65_535, 255)]);
        match check_records(&data) {
            Err(FileError::RangeTooLarge { sheet, rows, cols }) => {
                assert_eq!((sheet, rows, cols), (1, 65_536, 256));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn declared_dimensions_too_large_or_backwards_are_refused() {
        let huge = sheet(&[dimensions(0, u32::MAX, 0, 256)]);
        assert!(matches!(
            check_records(&huge),
            Err(FileError::RangeTooLarge { .. })
        ));
        let columns_backwards = sheet(&[dimensions(0, 10_000, 300, 299)]);
        assert!(matches!(
            check_records(&columns_backwards),
            Err(FileError::RangeTooLarge { cols: 299, .. })
        ));
        let backwards = sheet(&[dimensions(10, 5, 0, 3)]);
        assert!(matches!(
            check_records(&backwards),
            Err(FileError::DamagedWorkbook)
        ));
    }

    #[test]
    fn truncated_records_end_the_walk() {
        let mut data = sheet(&[number(0, 0)]);
        data.extend([0x03, 0x02, 0xFF]);
        assert!(check_records(&data).is_ok());
    }
}
