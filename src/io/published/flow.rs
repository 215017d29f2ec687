//! A published document as rows of cells in reading order, each row with the place in
//! the document it was read from, and what the page says about the report around it.

use crate::model::Date;
pub use crate::model::Place;

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

/// What a page says about the report it carries, outside the report's own text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocMeta {
    /// 发布机构 / 发文机关.
    pub agency: Option<String>,
    /// 公开日期 / 发布日期 / 成文日期.
    pub published: Option<Date>,
}
