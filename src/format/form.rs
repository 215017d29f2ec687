//! A table drawn as the official paper form: header boxes with their merges, and the
//! lines under them with a label and a cell per column. The GUI paints it and the
//! spreadsheet export writes it, so both show the same form.

use super::{Format, Layout, RowEntry, Table};

/// A header box covering form columns `col..col + cols` and header levels
/// `row..row + rows` (a merged cell when it covers more than one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderBox {
    /// Text as printed.
    pub text: String,
    /// First form column (0 is the label column).
    pub col: usize,
    /// Columns covered.
    pub cols: usize,
    /// First header level.
    pub row: usize,
    /// Levels covered.
    pub rows: usize,
}

/// A line of the form under the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormLine {
    /// Label and indent level; `None` where the form has no label column.
    pub label: Option<(String, u8)>,
    /// The cell of each value column (`None` on heading lines and where there is none).
    pub cells: Vec<Option<usize>>,
}

/// One block of a table as a form: form column 0 holds the labels, the value columns
/// follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormBlock {
    /// Header boxes.
    pub header: Vec<HeaderBox>,
    /// Header levels.
    pub levels: usize,
    /// Lines under the header.
    pub lines: Vec<FormLine>,
    /// Whether form column 0 holds labels (table 4 has none: its rows are side by side).
    pub labelled: bool,
}

impl FormBlock {
    fn empty(labelled: bool) -> FormBlock {
        FormBlock {
            header: Vec::new(),
            levels: 0,
            lines: Vec::new(),
            labelled,
        }
    }

    /// Value columns (form columns after the label column).
    pub fn value_columns(&self) -> usize {
        self.lines.first().map_or(0, |l| l.cells.len())
    }
}

impl Format {
    /// Table `table` as forms, one per block.
    pub fn form(&self, table: usize) -> Vec<FormBlock> {
        let t = &self.tables()[table];
        match t.layout {
            Layout::Stacked => (0..t.blocks.len())
                .map(|b| stacked(self, table, b))
                .collect(),
            Layout::Grid => vec![grid(self, table)],
            Layout::SingleRow => vec![single_row(self, table)],
        }
    }
}

fn boxed(text: &str, col: usize, cols: usize, row: usize, rows: usize) -> HeaderBox {
    HeaderBox {
        text: text.to_owned(),
        col,
        cols,
        row,
        rows,
    }
}

/// Lines of a block: its data rows and headings, each with its label.
fn lines(format: &Format, table: usize, block: usize) -> Vec<FormLine> {
    let b = &format.tables()[table].blocks[block];
    b.rows
        .iter()
        .enumerate()
        .map(|(ri, entry)| match entry {
            RowEntry::Heading(h) => FormLine {
                label: Some((h.label.clone(), h.level)),
                cells: vec![None; b.columns.len()],
            },
            RowEntry::Row(r) => FormLine {
                label: Some((r.label.clone(), r.level)),
                cells: format.row_cells(table, block, ri).to_vec(),
            },
        })
        .collect()
}

/// Table 2: a block heading over a header row over the rows.
fn stacked(format: &Format, table: usize, block: usize) -> FormBlock {
    let b = &format.tables()[table].blocks[block];
    let mut header = vec![
        boxed(&b.label, 0, b.columns.len() + 1, 0, 1),
        boxed(&b.row_header, 0, 1, 1, 1),
    ];
    for (ci, c) in b.columns.iter().enumerate() {
        header.push(boxed(&c.label, ci + 1, 1, 1, 1));
    }
    let lines = lines(format, table, block)
        .into_iter()
        .filter(|l| l.cells.iter().any(Option::is_some))
        .collect();
    FormBlock {
        header,
        levels: 2,
        lines,
        labelled: true,
    }
}

/// Table 3: an optional header over all value columns, parent groups, column labels.
fn grid(format: &Format, table: usize) -> FormBlock {
    let t: &Table = &format.tables()[table];
    let Some(b) = t.blocks.first() else {
        return FormBlock::empty(true);
    };
    let top = usize::from(t.column_header.is_some());
    let grouped = b.columns.iter().any(|c| c.parent.is_some());
    let levels = top + 1 + usize::from(grouped);
    let mut header = vec![boxed(&b.row_header, 0, 1, 0, levels)];
    if let Some(h) = &t.column_header {
        header.push(boxed(h, 1, b.columns.len(), 0, 1));
    }
    let mut ci = 0;
    while ci < b.columns.len() {
        let c = &b.columns[ci];
        match &c.parent {
            None => {
                header.push(boxed(&c.label, ci + 1, 1, top, levels - top));
                ci += 1;
            }
            Some(parent) => {
                let span = b.columns[ci..]
                    .iter()
                    .take_while(|x| x.parent.as_ref() == Some(parent))
                    .count();
                header.push(boxed(parent, ci + 1, span, top, 1));
                for (k, child) in b.columns[ci..ci + span].iter().enumerate() {
                    header.push(boxed(&child.label, ci + k + 1, 1, top + 1, 1));
                }
                ci += span;
            }
        }
    }
    FormBlock {
        header,
        levels,
        lines: lines(format, table, 0),
        labelled: true,
    }
}

/// Table 4: its rows side by side (grouped under their parents), each with the columns
/// under it, and one line of cells.
fn single_row(format: &Format, table: usize) -> FormBlock {
    let t = &format.tables()[table];
    let Some(b) = t.blocks.first() else {
        return FormBlock::empty(false);
    };
    let rows: Vec<_> = b.data_rows().collect();
    let per = b.columns.len();
    let mut header = Vec::new();
    let mut k = 0;
    while k < rows.len() {
        let (_, row) = rows[k];
        let col = 1 + k * per;
        match &row.parent {
            None => {
                header.push(boxed(&row.label, col, per, 0, 2));
                k += 1;
            }
            Some(parent) => {
                let span = rows[k..]
                    .iter()
                    .take_while(|(_, r)| r.parent.as_ref() == Some(parent))
                    .count();
                header.push(boxed(parent, col, per * span, 0, 1));
                for (j, (_, r)) in rows[k..k + span].iter().enumerate() {
                    header.push(boxed(&r.label, col + j * per, per, 1, 1));
                }
                k += span;
            }
        }
    }
    for k in 0..rows.len() {
        for (ci, c) in b.columns.iter().enumerate() {
            header.push(boxed(&c.label, 1 + k * per + ci, 1, 2, 1));
        }
    }
    let cells = rows
        .iter()
        .flat_map(|(ri, _)| format.row_cells(table, 0, *ri).iter().copied())
        .collect();
    FormBlock {
        header,
        levels: 3,
        lines: vec![FormLine { label: None, cells }],
        labelled: false,
    }
}

#[cfg(test)]
mod tests {
    use crate::format::Registry;

    #[test]
    fn every_cell_appears_once_on_the_forms() {
        let reg = Registry::builtin().expect("formats");
        for f in reg.formats() {
            let mut seen = vec![0; f.cells().len()];
            for t in 0..f.tables().len() {
                for block in f.form(t) {
                    let width = block.value_columns() + 1;
                    for h in &block.header {
                        assert!(h.col + h.cols <= width, "{} {}", f.id(), h.text);
                        assert!(h.row + h.rows <= block.levels, "{} {}", f.id(), h.text);
                    }
                    for line in &block.lines {
                        for i in line.cells.iter().flatten() {
                            seen[*i] += 1;
                        }
                    }
                }
            }
            assert!(seen.iter().all(|&n| n == 1), "{}: {seen:?}", f.id());
        }
    }

    #[test]
    fn table_three_has_its_merged_headers() {
        let reg = Registry::builtin().expect("formats");
        let f = reg.get("2021").expect("2021");
        let t3 = f.tables().iter().position(|t| t.id == "t3").expect("t3");
        let form = &f.form(t3)[0];
        assert_eq!(form.levels, 3);
        let find = |text: &str| form.header.iter().find(|h| h.text == text).expect(text);
        assert_eq!((find("申请人情况").cols, find("申请人情况").row), (7, 0));
        assert_eq!(
            (find("法人或其他组织").col, find("法人或其他组织").cols),
            (2, 5)
        );
        assert_eq!((find("自然人").row, find("自然人").rows), (1, 2));
        assert_eq!(form.lines.len(), f.tables()[t3].blocks[0].rows.len());
    }
}
