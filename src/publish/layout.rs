//! A statutory table laid out as printed in the official template: header boxes with
//! their merges, and the row labels spread over nested label columns (a group heading
//! such as `（三）不予公开` spans the rows of its items in its own column, as on paper).

use crate::format::{FormBlock, Format};
use crate::model::Report;

/// What a printed cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellRole {
    /// A header box.
    Header,
    /// A row label or group heading.
    Label,
    /// A report cell.
    Value,
}

/// One printed cell; the positions its spans cover hold no other cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedCell {
    /// Text as printed.
    pub text: String,
    /// First grid column.
    pub col: usize,
    /// Columns covered.
    pub colspan: usize,
    /// Rows covered.
    pub rowspan: usize,
    /// What it shows.
    pub role: CellRole,
    /// Indent level of a label.
    pub level: u8,
}

/// A table as a grid of rows of cells (HTML-style: a spanned position appears only in
/// the row and column where its cell starts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedTable {
    /// Grid columns.
    pub columns: usize,
    /// Label columns at the left (0 for table 4).
    pub label_columns: usize,
    /// Rows, each its cells left to right.
    pub rows: Vec<Vec<PrintedCell>>,
}

/// Table `t` of `report` as printed, one grid per form block; `cell_text` gives the
/// text printed for a report cell.
pub fn printed_tables(
    report: &Report,
    t: usize,
    cell_text: &dyn Fn(usize) -> String,
) -> Vec<PrintedTable> {
    let format: &Format = report.format();
    format
        .form(t)
        .iter()
        .map(|block| printed(block, cell_text))
        .collect()
}

fn cell(text: &str, col: usize, colspan: usize, rowspan: usize, role: CellRole) -> PrintedCell {
    PrintedCell {
        text: text.to_owned(),
        col,
        colspan,
        rowspan,
        role,
        level: 0,
    }
}

fn printed(block: &FormBlock, cell_text: &dyn Fn(usize) -> String) -> PrintedTable {
    let label_columns = if block.labelled {
        block
            .lines
            .iter()
            .filter_map(|l| l.label.as_ref().map(|(_, level)| usize::from(*level) + 1))
            .max()
            .unwrap_or(1)
    } else {
        0
    };
    let values = block.value_columns();
    let columns = label_columns + values;
    // Form column 0 (the labels) widens to all label columns; table 4 has none.
    let grid_col = |form_col: usize| {
        if block.labelled {
            if form_col == 0 {
                0
            } else {
                form_col - 1 + label_columns
            }
        } else {
            form_col - 1
        }
    };
    let mut rows: Vec<Vec<PrintedCell>> = vec![Vec::new(); block.levels];
    for h in &block.header {
        let (col, colspan) = if block.labelled && h.col == 0 {
            (0, label_columns + h.cols - 1)
        } else {
            (grid_col(h.col), h.cols)
        };
        rows[h.row].push(cell(&h.text, col, colspan, h.rows, CellRole::Header));
    }
    for row in &mut rows {
        row.sort_by_key(|c| c.col);
    }
    // Headings wait for the first data line under them, which carries them at its left.
    let mut pending: Vec<PrintedCell> = Vec::new();
    for (k, line) in block.lines.iter().enumerate() {
        let has_cells = line.cells.iter().any(Option::is_some);
        let mut printed_row = std::mem::take(&mut pending);
        if let Some((label, lvl)) = &line.label {
            let level = usize::from(*lvl);
            if !has_cells {
                let under = block.lines[k + 1..]
                    .iter()
                    .take_while(|l| {
                        l.label
                            .as_ref()
                            .is_some_and(|(_, v)| usize::from(*v) > level)
                    })
                    .filter(|l| l.cells.iter().any(Option::is_some))
                    .count();
                if under > 0 {
                    let mut heading = cell(label, level, 1, under, CellRole::Label);
                    heading.level = *lvl;
                    printed_row.push(heading);
                    pending = printed_row;
                    continue;
                }
            }
            let mut c = cell(label, level, label_columns - level, 1, CellRole::Label);
            c.level = *lvl;
            printed_row.push(c);
        }
        for (v, i) in line.cells.iter().enumerate() {
            let text = i.map(cell_text).unwrap_or_default();
            let role = if i.is_some() {
                CellRole::Value
            } else {
                CellRole::Label
            };
            printed_row.push(cell(&text, grid_col(v + 1), 1, 1, role));
        }
        rows.push(printed_row);
    }
    PrintedTable {
        columns,
        label_columns,
        rows,
    }
}

impl PrintedTable {
    /// Each grid column's share of the table width: the label columns take two fifths
    /// (the innermost one half of that), the value columns share the rest.
    pub fn column_shares(&self) -> Vec<f32> {
        let values = self.columns - self.label_columns;
        let labels = if self.label_columns == 0 { 0.0 } else { 0.4 };
        let mut shares = Vec::with_capacity(self.columns);
        match self.label_columns {
            0 => {}
            1 => shares.push(labels),
            n => {
                let outer = labels / 2.0 / (n - 1) as f32;
                shares.extend(std::iter::repeat_n(outer, n - 1));
                shares.push(labels / 2.0);
            }
        }
        shares.extend(std::iter::repeat_n(
            (1.0 - labels) / values.max(1) as f32,
            values,
        ));
        shares
    }

    /// Every grid position: `Some((row, index))` of the cell that starts there, or of the
    /// cell whose span covers it, with whether it is the start.
    pub fn occupancy(&self) -> Vec<Vec<Option<(usize, usize, bool)>>> {
        let mut grid = vec![vec![None; self.columns]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            for (k, c) in row.iter().enumerate() {
                for dr in 0..c.rowspan {
                    for dc in 0..c.colspan {
                        if let Some(slot) = grid
                            .get_mut(r + dr)
                            .and_then(|g: &mut Vec<_>| g.get_mut(c.col + dc))
                        {
                            *slot = Some((r, k, dr == 0 && dc == 0));
                        }
                    }
                }
            }
        }
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    /// Every position of every printed table is covered by exactly one cell, and every
    /// report cell is printed once: the table is a whole rectangle, as HTML and Word need.
    #[test]
    fn printed_tables_are_whole_rectangles() {
        let reg = Registry::builtin().expect("formats");
        for f in reg.formats() {
            let report = Report::new(f.clone(), String::new(), f.first_year());
            let mut printed = vec![0; f.cells().len()];
            for t in 0..f.tables().len() {
                let text = |i: usize| format!("#{i}");
                for table in printed_tables(&report, t, &text) {
                    let mut covered = vec![vec![0; table.columns]; table.rows.len()];
                    for (r, row) in table.rows.iter().enumerate() {
                        for c in row {
                            for dr in 0..c.rowspan {
                                for dc in 0..c.colspan {
                                    covered[r + dr][c.col + dc] += 1;
                                }
                            }
                            if c.role == CellRole::Value {
                                let i: usize = c.text[1..].parse().expect("cell index");
                                printed[i] += 1;
                            }
                        }
                    }
                    for (r, row) in covered.iter().enumerate() {
                        assert!(
                            row.iter().all(|&n| n == 1),
                            "{} t{t} row {r}: {row:?}",
                            f.id()
                        );
                    }
                    assert!(table.occupancy().iter().flatten().all(Option::is_some));
                }
            }
            assert!(printed.iter().all(|&n| n == 1), "{}: {printed:?}", f.id());
        }
    }
}
