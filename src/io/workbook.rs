//! Reading spreadsheets (.xlsx, .xls, .ods) with calamine into sparse grids of text,
//! each cell as written: numbers in their shortest exact form, text untouched.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};

use super::FileError;

/// Most non-empty cells a sheet may have; a report has a few hundred.
pub const MAX_CELLS: usize = 100_000;

/// Most cells a sheet's used range (rows × columns) may span: `.xls` and `.ods` sheets are
/// read as a dense table of that range, so a file of a few KB could ask for gigabytes.
pub const MAX_RANGE_CELLS: u64 = 2_000_000;

/// Refuses sheet number `sheet` (1-based) when its range exceeds [`MAX_RANGE_CELLS`].
pub(super) fn check_range(sheet: usize, rows: u64, cols: u64) -> Result<(), FileError> {
    if rows.saturating_mul(cols) > MAX_RANGE_CELLS {
        return Err(FileError::RangeTooLarge { sheet, rows, cols });
    }
    Ok(())
}

/// One sheet as text by (row, column), both from 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Sheet name.
    pub name: String,
    cells: BTreeMap<(u32, u32), String>,
}

impl Grid {
    /// An empty sheet.
    pub fn new(name: impl Into<String>) -> Grid {
        Grid {
            name: name.into(),
            cells: BTreeMap::new(),
        }
    }

    /// Sets a cell (an empty text removes it).
    pub fn set(&mut self, row: u32, col: u32, text: impl Into<String>) {
        let text = text.into();
        if text.is_empty() {
            self.cells.remove(&(row, col));
        } else {
            self.cells.insert((row, col), text);
        }
    }

    /// The text of a cell ("" if empty).
    pub fn get(&self, row: u32, col: u32) -> &str {
        self.cells.get(&(row, col)).map_or("", String::as_str)
    }

    /// Non-empty cells in row order.
    pub fn cells(&self) -> impl Iterator<Item = ((u32, u32), &str)> {
        self.cells.iter().map(|(k, v)| (*k, v.as_str()))
    }

    /// How many non-empty cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether it has no cells.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// A number as a spreadsheet cell shows it when it can hold it exactly: the shortest
/// text that reads back as the same `f64` (`3`, `0.35`, `-2`).
pub fn number_text(value: f64) -> String {
    format!("{value}")
}

/// The number a text is, if writing it as a number cell loses nothing: `3` and `0.35`
/// are, `03`, `3.0`, `1e5`, ` 3` and `8次` are not (they stay text).
pub fn exact_number(text: &str) -> Option<f64> {
    let v: f64 = text.parse().ok()?;
    (v.is_finite() && number_text(v) == text).then_some(v)
}

/// Reads every sheet of a workbook held in memory (the kind is told by its content).
pub fn read_workbook(bytes: &[u8]) -> Result<Vec<Grid>, FileError> {
    if encrypted(bytes) {
        return Err(FileError::Protected);
    }
    if let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) {
        super::zip_guard::check(&mut zip)?;
        super::ods_guard::check(&mut zip)?;
    }
    super::xls_guard::check(bytes)?;
    // The spreadsheet reader can panic on a damaged file (calamine 0.38 overflows on an
    // .xls whose dimensions end before they start): that is a damaged file, not a crash.
    std::panic::catch_unwind(|| read_sheets(bytes)).unwrap_or(Err(FileError::DamagedWorkbook))
}

fn read_sheets(bytes: &[u8]) -> Result<Vec<Grid>, FileError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(describe)?;
    let names = book.sheet_names();
    let mut grids = Vec::with_capacity(names.len());
    for name in names {
        let grid = match &mut book {
            // Streamed cell by cell: a hostile sheet with two cells a million rows apart
            // must not make a dense table of everything between them.
            Sheets::Xlsx(x) => {
                let mut reader = x
                    .worksheet_cells_reader(&name)
                    .map_err(|e| describe(e.into()))?;
                let mut grid = Grid::new(&name);
                while let Some(cell) = reader.next_cell().map_err(|e| describe(e.into()))? {
                    let (r, c) = cell.get_position();
                    grid.set(r, c, ref_text(cell.get_value()));
                    limit(&grid)?;
                }
                grid
            }
            other => {
                let range = other.worksheet_range(&name).map_err(describe)?;
                let mut grid = Grid::new(&name);
                for (r, c, v) in range.used_cells() {
                    let (r0, c0) = range.start().unwrap_or_default();
                    let pos = (r0 + r as u32, c0 + c as u32);
                    grid.set(pos.0, pos.1, data_text(v));
                    limit(&grid)?;
                }
                grid
            }
        };
        grids.push(grid);
    }
    Ok(grids)
}

fn limit(grid: &Grid) -> Result<(), FileError> {
    if grid.len() > MAX_CELLS {
        return Err(FileError::TooManyCells {
            sheet: grid.name.clone(),
            limit: MAX_CELLS,
        });
    }
    Ok(())
}

fn describe(e: calamine::Error) -> FileError {
    match e {
        calamine::Error::Xlsx(calamine::XlsxError::Password) => FileError::Protected,
        calamine::Error::Xls(calamine::XlsError::Password) => FileError::Protected,
        other => {
            let detail = other.to_string();
            if detail.contains("Cannot detect file format") {
                FileError::Workbook(
                    "文件不是 Excel（.xlsx、.xls）或 ODS 表格，可能已损坏或扩展名与内容不符".into(),
                )
            } else {
                FileError::Workbook(detail)
            }
        }
    }
}

/// An Office file encrypted with a password: a compound file holding an
/// `EncryptedPackage` stream (its name in UTF-16).
fn encrypted(bytes: &[u8]) -> bool {
    const CFB: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.starts_with(CFB) && bytes.windows(name.len()).any(|w| w == name)
}

fn data_text(v: &Data) -> String {
    match v {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) => number_text(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// A streamed cell's text, as [`data_text`] gives it (strings without a copy between).
fn ref_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::String(s) => s.clone(),
        other => data_text(&Data::from(other.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_numbers_become_number_cells() {
        assert_eq!(exact_number("3"), Some(3.0));
        assert_eq!(exact_number("0.35"), Some(0.35));
        assert_eq!(exact_number("-2"), Some(-2.0));
        for text in [
            "03", "3.0", "1e5", " 3", "8次", "/", "", "inf", "NaN", "0.1000",
        ] {
            assert_eq!(exact_number(text), None, "{text}");
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04garbage",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1junk",
        ] {
            assert!(read_workbook(bytes).is_err());
        }
    }
}
