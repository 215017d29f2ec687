//! Where cells sit in a table as a spreadsheet shows it, for keyboard moves and for
//! pasting and copying rectangular blocks.

use super::{Format, Layout, RowEntry};

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

impl Format {
    /// Where cell `index` sits in its block's grid.
    pub fn grid_pos(&self, index: usize) -> GridPos {
        let c = self.cell(index);
        let table = &self.tables()[c.table];
        let block = &table.blocks[c.block];
        let line = block.rows[..c.row]
            .iter()
            .filter(|r| matches!(r, RowEntry::Row(_)))
            .count();
        let (line, col) = match table.layout {
            Layout::SingleRow => (0, line * block.columns.len() + c.column),
            Layout::Grid | Layout::Stacked => (line, c.column),
        };
        GridPos {
            table: c.table,
            block: c.block,
            line,
            col,
        }
    }

    /// The cell at `pos`, if the block has one there.
    pub fn at_grid(&self, pos: GridPos) -> Option<usize> {
        (0..self.cells().len())
            .filter(|&i| {
                let c = self.cell(i);
                c.table == pos.table && c.block == pos.block
            })
            .find(|&i| self.grid_pos(i) == pos)
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
