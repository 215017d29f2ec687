//! Web pages of published reports as rows of cells: each `<tr>` a row of its `<td>`/`<th>`
//! cells (spans are printed once, as in the text copies), each block of text outside
//! tables a one-cell row. Entities (`&nbsp;`) are decoded; the text keeps them as the
//! characters they stand for.

use html5gum::{Token, Tokenizer};

use super::{Flow, Place};

/// Tags that end a line of text.
const BLOCKS: &[&[u8]] = &[
    b"p", b"div", b"br", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"li", b"table", b"section",
    b"article", b"title", b"tr", b"hr",
];

#[derive(Default)]
struct State {
    flow: Flow,
    row: Option<Vec<String>>,
    cell: Option<String>,
    line: String,
    /// Inside `<script>`, `<style>` and the like.
    hidden: usize,
    /// Tables started, rows of the current table, paragraphs outside tables.
    tables: u32,
    table_rows: u32,
    paragraphs: u32,
}

impl State {
    fn end_line(&mut self) {
        match &mut self.cell {
            Some(cell) => {
                if !cell.is_empty() && !cell.ends_with('\n') {
                    cell.push('\n');
                }
            }
            None => {
                let line = collapse(&std::mem::take(&mut self.line));
                if !line.is_empty() {
                    self.paragraphs += 1;
                    let place = Place::Paragraph {
                        paragraph: self.paragraphs,
                    };
                    self.flow.push(vec![line], place);
                }
            }
        }
    }

    fn end_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            let text = cell
                .split('\n')
                .map(collapse)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            self.row.get_or_insert_with(Vec::new).push(text);
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(row) = self.row.take() {
            self.table_rows += 1;
            let place = Place::TableRow {
                table: self.tables.max(1),
                row: self.table_rows,
            };
            self.flow.push(row, place);
        }
    }
}

/// HTML white space collapsed as a browser shows it; non-breaking spaces are kept.
fn collapse(text: &str) -> String {
    text.split([' ', '\t', '\n', '\r', '\u{c}'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The rows of an HTML page.
pub fn rows(html: &str) -> Flow {
    let mut s = State::default();
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_slice() {
                    b"script" | b"style" | b"noscript" | b"template" if !tag.self_closing => {
                        s.hidden += 1;
                    }
                    b"table" => {
                        s.end_row();
                        s.end_line();
                        s.tables += 1;
                        s.table_rows = 0;
                    }
                    b"tr" => {
                        s.end_line();
                        s.end_row();
                        s.row = Some(Vec::new());
                    }
                    b"td" | b"th" => {
                        s.end_cell();
                        s.cell = Some(String::new());
                    }
                    n if BLOCKS.contains(&n) => s.end_line(),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_slice() {
                    b"script" | b"style" | b"noscript" | b"template" => {
                        s.hidden = s.hidden.saturating_sub(1);
                    }
                    b"td" | b"th" => s.end_cell(),
                    b"tr" => s.end_row(),
                    b"table" => {
                        s.end_row();
                        s.end_line();
                    }
                    n if BLOCKS.contains(&n) => s.end_line(),
                    _ => {}
                }
            }
            Token::String(text) if s.hidden == 0 => {
                let text = String::from_utf8_lossy(&text.value);
                match &mut s.cell {
                    Some(cell) => cell.push_str(&text),
                    None => s.line.push_str(&text),
                }
            }
            _ => {}
        }
    }
    s.end_row();
    s.end_line();
    s.flow
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_and_paragraphs() {
        let html = "<html><head><title>某局2021年度报告</title><style>p{}</style></head><body>\
            <p>一、总体情况</p><p>正文<br>第二行</p>\
            <table><tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td></tr>\
            <tr><td>（二）部分<br/>公开</td><td>&nbsp;</td></tr></table></body></html>";
        assert_eq!(
            rows(html).rows,
            vec![
                vec!["某局2021年度报告".to_owned()],
                vec!["一、总体情况".to_owned()],
                vec!["正文".to_owned()],
                vec!["第二行".to_owned()],
                vec![
                    "三、本年度办理结果".to_owned(),
                    "（一）予以公开".to_owned(),
                    "1".to_owned()
                ],
                vec!["（二）部分\n公开".to_owned(), "\u{a0}".to_owned()],
            ]
        );
    }
}
