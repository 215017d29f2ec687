//! A published document as rows of cells in reading order, each row with the place in
//! the document it was read from, and what the page says about the report around it.

use crate::model::Date;

/// A document as rows of cells, in reading order; narrative lines are one-cell rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flow {
    /// The rows.
    pub rows: Vec<Vec<String>>,
    /// Where each row was read (parallel to `rows`).
    pub places: Vec<Place>,
    /// What the page says about the document (a web page's metadata box).
    pub meta: DocMeta,
}

impl Flow {
    /// Adds a row read at `place`.
    pub fn push(&mut self, row: Vec<String>, place: Place) {
        self.rows.push(row);
        self.places.push(place);
    }

    /// Where row `row` was read.
    pub fn place(&self, row: usize) -> Place {
        self.places.get(row).copied().unwrap_or(Place::Unknown)
    }
}

/// Where a row of a [`Flow`] stands in its document.
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

/// What a page says about the report it carries, outside the report's own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// 发布机构 / 发文机关.
    pub agency: Option<String>,
    /// 公开日期 / 发布日期 / 成文日期.
    pub published: Option<Date>,
}
