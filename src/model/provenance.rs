//! Where an imported report's cells came from: the document's text as it was read, and
//! for each cell the place it was read at. Cells an import could not read are marked
//! unread (see [`Report::is_unread`](super::Report::is_unread)).

/// Where one cell's text was read.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Origin {
    /// Where its row stands in the document.
    pub place: Place,
    /// The cell's position in that row (from 0).
    pub column: usize,
    /// The line of [`Source::lines`] the cell was read from.
    pub line: usize,
}

impl Origin {
    /// The place in Chinese, as a reviewer finds it in the document: `第 2 页第 14 行第 3 格`.
    pub fn describe(&self) -> String {
        self.place.describe(Some(self.column))
    }
}

/// Where a row of a published document's rows stands in its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// Not known.
    #[default]
    Unknown,
    /// Line of a text file (from 1).
    Line {
        /// The line.
        line: u32,
    },
    /// Text line on a PDF page (both from 1).
    Page {
        /// The page.
        page: u32,
        /// The line on the page.
        line: u32,
    },
    /// Row of a table in a web page or Word document (both from 1).
    TableRow {
        /// The table, counted through the document.
        table: u32,
        /// The row of that table.
        row: u32,
    },
    /// Paragraph of a web page or Word document outside tables (from 1).
    Paragraph {
        /// The paragraph.
        paragraph: u32,
    },
}

impl Place {
    /// Where cell `column` (from 0) of a row read here is, in Chinese:
    /// `第 3 页第 12 行第 4 格`.
    pub fn describe(self, column: Option<usize>) -> String {
        let cell = column
            .map(|c| format!("第 {} 格", c + 1))
            .unwrap_or_default();
        match self {
            Place::Unknown => String::new(),
            Place::Line { line } => format!("第 {line} 行{cell}"),
            Place::Page { page, line } => format!("第 {page} 页第 {line} 行{cell}"),
            Place::TableRow { table, row } => format!("第 {table} 个表格第 {row} 行{cell}"),
            Place::Paragraph { paragraph } => format!("第 {paragraph} 段{cell}"),
        }
    }
}

/// The source document's text as the importer read it: its rows of cells, for showing a
/// cell's value in its context.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The file's name.
    pub file: String,
    /// The rows, each its cells.
    pub rows: Vec<Vec<String>>,
}

/// Separator of table cells in [`Source::line`].
pub const CELL_SEPARATOR: &str = " │ ";

impl Source {
    /// Row `i` as one line: its cells joined by [`CELL_SEPARATOR`], line breaks inside a
    /// cell as spaces.
    pub fn line(&self, i: usize) -> Option<String> {
        let row = self.rows.get(i)?;
        Some(row.join(CELL_SEPARATOR).replace('\n', " "))
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The lines around `line` (up to `radius` on each side), with their numbers.
    pub fn around(&self, line: usize, radius: usize) -> impl Iterator<Item = (usize, String)> {
        let start = line.saturating_sub(radius);
        let end = line.saturating_add(radius + 1).min(self.rows.len());
        (start..end).filter_map(move |i| Some((i, self.line(i)?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_clipped_to_the_document() {
        let source = Source {
            file: "a.txt".into(),
            rows: (0..10)
                .map(|i| vec![i.to_string(), "x\ny".into()])
                .collect(),
        };
        assert_eq!(source.line(3).as_deref(), Some("3 │ x y"));
        let lines: Vec<usize> = source.around(1, 3).map(|(i, _)| i).collect();
        assert_eq!(lines, [0, 1, 2, 3, 4]);
        let lines: Vec<usize> = source.around(9, 2).map(|(i, _)| i).collect();
        assert_eq!(lines, [7, 8, 9]);
    }
}
