//! OpenDocument spreadsheets (`.ods`) checked before they are read: a cell or a row can
//! say it repeats thousands of times, and the spreadsheet reader lays each sheet out as a
//! dense table of its used range, so a file of a few KB could ask for gigabytes.

use std::io::{BufReader, Read, Seek};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::FileError;
use super::workbook::check_range;
use super::zip_guard::MAX_INFLATED_BYTES;

/// Refuses an `.ods` one of whose sheets spans more than
/// [`super::workbook::MAX_RANGE_CELLS`] with its non-empty cells, repeats counted. Anything
/// that is not an `.ods`, or whose XML is broken, is left to the reader to explain.
pub fn check<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<(), FileError> {
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = Reader::from_reader(BufReader::new(content.take(MAX_INFLATED_BYTES)));
    let mut sheets = Sheets::default();
    let mut buf = Vec::new();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match &event {
            Event::Start(e) => sheets.open(e, true),
            Event::Empty(e) => {
                sheets.open(e, false);
                sheets.close(e.name().into_inner())?;
            }
            Event::End(e) => sheets.close(e.name().into_inner())?,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// The used range of the sheet being read, repeats counted.
#[derive(Default)]
struct Sheets {
    /// Sheets begun so far (the current one's 1-based number).
    count: usize,
    /// Next row's index.
    row: u64,
    /// How many times the current row repeats.
    row_repeats: u64,
    /// Next cell's column in the current row.
    col: u64,
    /// Columns of the current row's non-empty cells.
    row_cols: Option<(u64, u64)>,
    /// Rows and columns spanned by the sheet's non-empty cells (end exclusive).
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

fn widen(span: &mut Option<(u64, u64)>, start: u64, end: u64) {
    *span = Some(span.map_or((start, end), |(a, b)| (a.min(start), b.max(end))));
}

fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}

impl Sheets {
    fn open(&mut self, e: &BytesStart<'_>, has_content: bool) {
        match e.name().into_inner() {
            "table:table" => {
                self.count += 1;
                (self.row, self.rows, self.cols) = (0, None, None);
            }
            "table:table-row" => {
                self.row_repeats = repeats(e, "table:number-rows-repeated");
                (self.col, self.row_cols) = (0, None);
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let n = repeats(e, "table:number-columns-repeated");
                let valued = has_content
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some();
                if valued {
                    widen(&mut self.row_cols, self.col, self.col.saturating_add(n));
                }
                self.col = self.col.saturating_add(n);
            }
            _ => {}
        }
    }

    fn close(&mut self, name: &str) -> Result<(), FileError> {
        match name {
            "table:table-row" => {
                let end = self.row.saturating_add(self.row_repeats);
                if let Some((a, b)) = self.row_cols {
                    widen(&mut self.rows, self.row, end);
                    widen(&mut self.cols, a, b);
                    let (Some((r0, r1)), Some((c0, c1))) = (self.rows, self.cols) else {
                        return Ok(());
                    };
                    check_range(self.count, r1 - r0, c1 - c0)?;
                }
                self.row = end;
            }
            "table:table" => (self.rows, self.cols) = (None, None),
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn ods(table: &str) -> ZipArchive<Cursor<Vec<u8>>> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("content.xml", options).expect("zip");
        let xml = format!(
            r#"<?xml version="1.0"?><office:document-content><office:body><office:spreadsheet><table:table table:name="S">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        zip.write_all(xml.as_bytes()).expect("zip");
        ZipArchive::new(zip.finish().expect("zip")).expect("zip")
    }

    const VALUE: &str = r#"<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>"#;

    #[test]
    fn a_report_sized_sheet_with_the_usual_empty_tail_passes() {
        let rows = format!("<table:table-row>{VALUE}{VALUE}</table:table-row>").repeat(40);
        let tail = r#"<table:table-row table:number-rows-repeated="1048536"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        assert!(check(&mut ods(&format!("{rows}{tail}"))).is_ok());
    }

    #[test]
    fn repeated_values_spanning_millions_of_cells_are_refused() {
        let bomb = r#"<table:table-row table:number-rows-repeated="6000"><table:table-cell table:number-columns-repeated="16000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
        match check(&mut ods(bomb)) {
            Err(FileError::RangeTooLarge { sheet, rows, cols }) => {
                assert_eq!((sheet, rows, cols), (1, 6000, 16000));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn two_values_far_apart_are_refused() {
        let far = format!(
            r#"<table:table-row>{VALUE}</table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="100"/>{VALUE}</table:table-row>"#
        );
        assert!(matches!(
            check(&mut ods(&far)),
            Err(FileError::RangeTooLarge { .. })
        ));
    }
}
