//! Word documents (`.docx`) as rows of cells, read from the document's own XML: each
//! paragraph outside a table is a one-cell row, each table row a row of its cells (a
//! cell's paragraphs joined by line breaks; the continuation cells of a vertical merge
//! left out, as a printed table shows them once).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::{Flow, Place};
use crate::io::FileError;

/// Largest `word/document.xml` read (a report's is well under a megabyte).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// The rows of a `.docx` held in memory.
pub fn rows(bytes: &[u8]) -> Result<Flow, FileError> {
    let bad = |e: &dyn std::fmt::Display| {
        FileError::Invalid(format!(
            "不是有效的 Word 文档：.docx 应是含 word/document.xml 的 zip 压缩包（{e}）"
        ))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    crate::io::zip_guard::check(&mut zip)?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| FileError::Invalid("不是 Word 文档：缺少 word/document.xml".into()))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| bad(&e))?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(FileError::Invalid("Word 文档内容过大".into()));
    }
    parse(&xml).map_err(|e| bad(&e))
}

/// Where the parser is.
#[derive(Default)]
struct State {
    flow: Flow,
    /// Nesting depth of tables.
    tables: usize,
    row: Vec<String>,
    cell: Option<String>,
    /// The cell continues a vertical merge.
    continuation: bool,
    paragraph: String,
    /// Tables started, rows of the current table, paragraphs outside tables.
    table_count: u32,
    table_rows: u32,
    paragraphs: u32,
}

impl State {
    fn text(&mut self, s: &str) {
        match &mut self.cell {
            Some(cell) => cell.push_str(s),
            None => self.paragraph.push_str(s),
        }
    }

    fn end_paragraph(&mut self) {
        match &mut self.cell {
            // Paragraphs inside a cell are lines of the cell.
            Some(cell) => cell.push('\n'),
            None => {
                let p = std::mem::take(&mut self.paragraph);
                self.paragraphs += 1;
                let place = Place::Paragraph {
                    paragraph: self.paragraphs,
                };
                // An empty paragraph is a blank line between paragraphs.
                self.flow.push(
                    if p.trim().is_empty() {
                        Vec::new()
                    } else {
                        vec![p]
                    },
                    place,
                );
            }
        }
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().into_inner() {
            "tbl" if !empty => {
                self.tables += 1;
                if self.tables == 1 {
                    self.table_count += 1;
                    self.table_rows = 0;
                }
            }
            "tr" if self.tables == 1 => self.row.clear(),
            "tc" if self.tables == 1 => {
                self.cell = Some(String::new());
                self.continuation = false;
            }
            "vMerge" => {
                let restart = e.attributes().flatten().any(|a| {
                    a.key.local_name().into_inner() == "val" && a.value.as_ref() == "restart"
                });
                self.continuation = !restart;
            }
            "tab" => self.text("\t"),
            "br" | "cr" => self.text("\n"),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => self.end_paragraph(),
            "tc" if self.tables == 1 => {
                if let Some(cell) = self.cell.take()
                    && !self.continuation
                {
                    self.row.push(cell.trim_end_matches('\n').to_owned());
                }
            }
            "tr" if self.tables == 1 => {
                let row = std::mem::take(&mut self.row);
                self.table_rows += 1;
                let place = Place::TableRow {
                    table: self.table_count,
                    row: self.table_rows,
                };
                self.flow.push(row, place);
            }
            "tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }
}

fn parse(xml: &[u8]) -> Result<Flow, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut state = State::default();
    // Text runs are only read inside <w:t>.
    let mut in_text = false;
    loop {
        match reader.read_event_into(&mut buf)? {
            Event::Start(e) => {
                in_text = e.local_name().into_inner() == "t";
                state.start(&e, false);
            }
            Event::Empty(e) => state.start(&e, true),
            Event::End(e) => {
                in_text = false;
                state.end(e.local_name().into_inner());
            }
            Event::Text(t) if in_text => state.text(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let c = match r.resolve_char_ref()? {
                    Some(c) => Some(c),
                    None => match r.as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    state.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(state.flow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_merged_cells() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
            <w:tbl>
              <w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度</w:t></w:r></w:p><w:p><w:r><w:t>办理结果</w:t></w:r></w:p></w:tc>
                    <w:tc><w:p><w:r><w:t>（一）予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr>
              <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
                    <w:tc><w:p><w:r><w:t>A&amp;B&#x4E00;</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
            </w:tbl></w:body></w:document>"#;
        let flow = parse(xml.as_bytes()).expect("parses");
        assert_eq!(
            flow.rows
                .into_iter()
                .filter(|r| !r.is_empty())
                .collect::<Vec<_>>(),
            vec![
                vec!["一、总体情况".to_owned()],
                vec![
                    "三、本年度\n办理结果".to_owned(),
                    "（一）予以公开".to_owned(),
                    "1".to_owned()
                ],
                vec!["A&B一".to_owned(), String::new()],
            ]
        );
    }
}
