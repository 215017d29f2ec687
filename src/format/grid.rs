//! Where cells sit in their tables, built once when a format is compiled: the cell of
//! each (table, block, row entry, column), and each cell's place in its block as a
//! spreadsheet shows it, for keyboard moves and for pasting and copying rectangular
//! blocks. The GUI, the form (and so the workbook writer) and the importers look cells up
//! here instead of searching the cell list.

use super::{CellDef, Format, Layout, RowEntry, Table};

/// A cell's place in its table's block: data line and column, counted from 0 the way a
/// spreadsheet copy of the official template lays them out (heading rows take no line;
/// table 4's single line puts its rows side by side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GridPos {
    /// Index of the table.
    pub table: usize,
    /// Index of the block in the table.
    pub block: usize,
    /// Data line in the block.
    pub line: usize,
    /// Column in the block.
    pub col: usize,
}

/// The cell grids of a format's tables.
#[derive(Debug, Clone, Default)]
pub(super) struct CellGrid {
    /// `rows[table][block][row entry][column]`: the cell there (none on headings).
    rows: Vec<Vec<Vec<Vec<Option<usize>>>>>,
    /// Each cell's place in its block's grid.
    pos: Vec<GridPos>,
    /// `lines[table][block][line][col]`: the cell at each place of a block's grid.
    lines: Vec<Vec<Vec<Vec<Option<usize>>>>>,
}

impl CellGrid {
    /// The grids of `tables`, whose cells are `cells`.
    pub(super) fn build(tables: &[Table], cells: &[CellDef]) -> CellGrid {
        let mut rows: Vec<Vec<Vec<Vec<Option<usize>>>>> = tables
            .iter()
            .map(|t| {
                t.blocks
                    .iter()
                    .map(|b| vec![vec![None; b.columns.len()]; b.rows.len()])
                    .collect()
            })
            .collect();
        for (i, c) in cells.iter().enumerate() {
            rows[c.table][c.block][c.row][c.column] = Some(i);
        }
        let mut pos = Vec::with_capacity(cells.len());
        let mut lines: Vec<Vec<Vec<Vec<Option<usize>>>>> = tables
            .iter()
            .map(|t| vec![Vec::new(); t.blocks.len()])
            .collect();
        for c in cells {
            let table = &tables[c.table];
            let block = &table.blocks[c.block];
            // Heading rows take no line.
            let line = block.rows[..c.row]
                .iter()
                .filter(|r| matches!(r, RowEntry::Row(_)))
                .count();
            let (line, col) = match table.layout {
                Layout::SingleRow => (0, line * block.columns.len() + c.column),
                Layout::Grid | Layout::Stacked => (line, c.column),
            };
            pos.push(GridPos {
                table: c.table,
                block: c.block,
                line,
                col,
            });
            let grid = &mut lines[c.table][c.block];
            if grid.len() <= line {
                grid.resize(line + 1, Vec::new());
            }
            if grid[line].len() <= col {
                grid[line].resize(col + 1, None);
            }
        }
        for (i, p) in pos.iter().enumerate() {
            lines[p.table][p.block][p.line][p.col] = Some(i);
        }
        CellGrid { rows, pos, lines }
    }
}

impl Format {
    /// The cell at row entry `row`, column `column` of a table's block, if there is one
    /// (heading rows have none).
    pub fn cell_in(&self, table: usize, block: usize, row: usize, column: usize) -> Option<usize> {
        *self
            .grid
            .rows
            .get(table)?
            .get(block)?
            .get(row)?
            .get(column)?
    }

    /// The cells of row entry `row` of a table's block, one per column (`None` on a
    /// heading).
    pub fn row_cells(&self, table: usize, block: usize, row: usize) -> &[Option<usize>] {
        self.grid
            .rows
            .get(table)
            .and_then(|t| t.get(block))
            .and_then(|b| b.get(row))
            .map_or(&[], Vec::as_slice)
    }

    /// The cells of the same row as cell `index` (itself included), in column order.
    pub fn same_row(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let c = self.cell(index);
        self.row_cells(c.table, c.block, c.row)
            .iter()
            .flatten()
            .copied()
    }

    /// Where cell `index` sits in its block's grid.
    pub fn grid_pos(&self, index: usize) -> GridPos {
        self.grid.pos[index]
    }

    /// The cell at `pos`, if the block has one there.
    pub fn at_grid(&self, pos: GridPos) -> Option<usize> {
        *self
            .grid
            .lines
            .get(pos.table)?
            .get(pos.block)?
            .get(pos.line)?
            .get(pos.col)?
    }

    /// The cell `lines` down and `cols` right of `index` in the same block, if any.
    pub fn offset(&self, index: usize, lines: isize, cols: isize) -> Option<usize> {
        let p = self.grid_pos(index);
        self.at_grid(GridPos {
            line: p.line.checked_add_signed(lines)?,
            col: p.col.checked_add_signed(cols)?,
            ..p
        })
    }

    /// The cells of the rectangle spanned by `a` and `b` (same block), line by line;
    /// `None` where the block has no cell. Empty if they are in different blocks.
    pub fn rectangle(&self, a: usize, b: usize) -> Vec<Vec<Option<usize>>> {
        let (pa, pb) = (self.grid_pos(a), self.grid_pos(b));
        if (pa.table, pa.block) != (pb.table, pb.block) {
            return Vec::new();
        }
        let lines = pa.line.min(pb.line)..=pa.line.max(pb.line);
        let cols = pa.col.min(pb.col)..=pa.col.max(pb.col);
        lines
            .map(|line| {
                cols.clone()
                    .map(|col| self.at_grid(GridPos { line, col, ..pa }))
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::format::Registry;

    #[test]
    fn every_cell_is_found_again_at_its_place() {
        let reg = Registry::builtin().expect("formats");
        for f in reg.formats() {
            for (i, c) in f.cells().iter().enumerate() {
                assert_eq!(f.cell_in(c.table, c.block, c.row, c.column), Some(i));
                assert_eq!(f.row_cells(c.table, c.block, c.row)[c.column], Some(i));
                assert_eq!(f.at_grid(f.grid_pos(i)), Some(i), "{}", c.key);
                assert!(f.same_row(i).all(|j| f.cell(j).row == c.row));
            }
            assert_eq!(f.cell_in(99, 0, 0, 0), None);
            assert!(f.row_cells(0, 99, 0).is_empty());
        }
    }

    #[test]
    fn grid_positions_follow_the_template() {
        let reg = Registry::builtin().expect("formats");
        let f = reg.get("2021").expect("2021");
        let i = |k: &str| f.index_of(k).expect(k);
        let first = i("t3.new_received.natural_person");
        assert_eq!(f.grid_pos(first).line, 0);
        assert_eq!(f.grid_pos(first).col, 0);
        assert_eq!(
            f.offset(first, 1, 0),
            Some(i("t3.carried_over.natural_person"))
        );
        assert_eq!(f.offset(first, 0, -1), None);
        // Table 4's rows lie side by side on one line.
        let litigation = f.grid_pos(i("t4.litigation_direct.corrected"));
        assert_eq!(litigation.line, 0);
        assert!(litigation.col >= 5);
        let keys = ["upheld", "corrected", "other", "pending", "total"];
        let review: Vec<_> = keys
            .iter()
            .map(|k| Some(i(&format!("t4.review.{k}"))))
            .collect();
        assert_eq!(
            f.rectangle(i("t4.review.total"), i("t4.review.upheld")),
            vec![review]
        );
        assert!(f.rectangle(first, i("t4.review.total")).is_empty());
    }
}
