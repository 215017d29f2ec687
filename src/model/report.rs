//! The report: metadata, cells, narrative sections and review notes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::format::Format;

use super::value::{self, Reading};
use super::{Combination, Date, Origin, Source, Stamps};

/// One agency's annual report for one year, in one format.
///
/// Cells are stored in the format's cell order; the text is kept exactly as typed.
#[derive(Debug, Clone)]
pub struct Report {
    format: Arc<Format>,
    /// The agency (发布机关), e.g. `安康市信访局`.
    pub agency: String,
    /// The report year (not the publication year).
    pub year: i32,
    /// Publication date, when known.
    pub published: Option<Date>,
    cells: Vec<String>,
    sections: BTreeMap<String, String>,
    /// Explanations and reviewer decisions, by finding id.
    pub reviews: BTreeMap<String, Review>,
    /// Cells an import could not read (by index): not blank, not 0, just not known.
    unread: BTreeSet<usize>,
    /// Where each imported cell was read (by index; empty for a report not imported).
    origins: Vec<Option<Origin>>,
    /// The imported document's text, for showing cells in context.
    pub source: Option<Arc<Source>>,
    /// For a combined report (汇总): its inputs and every cell's contributors.
    pub combination: Option<Arc<Combination>>,
    /// When each cell and section last changed.
    stamps: Stamps,
}

impl PartialEq for Report {
    fn eq(&self, other: &Self) -> bool {
        self.format.id() == other.format.id()
            && self.agency == other.agency
            && self.year == other.year
            && self.published == other.published
            && self.cells == other.cells
            && self.sections == other.sections
            && self.reviews == other.reviews
            && self.unread == other.unread
            && self.combination == other.combination
    }
}

/// What the clerk and the reviewer said about one finding.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Review {
    /// 审核说明: the clerk's explanation of a verify-level finding.
    pub explanation: String,
    /// The reviewer's decision.
    pub status: ReviewStatus,
    /// The reviewer's note.
    pub note: String,
    /// What the finding said when it was reviewed (its numbers), to tell a review whose
    /// finding has changed since.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub basis: String,
}

impl Review {
    /// Whether nothing has been said.
    pub fn is_empty(&self) -> bool {
        self.explanation.is_empty() && self.status == ReviewStatus::Open && self.note.is_empty()
    }

    /// Whether the finding reviewed now says something else than when it was reviewed.
    pub fn is_stale(&self, basis: &str) -> bool {
        !self.basis.is_empty() && self.basis != basis
    }
}

/// A reviewer's decision on a finding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Not decided yet.
    #[default]
    Open,
    /// 已确认: the finding stands.
    Confirmed,
    /// 已忽略: the finding does not apply.
    Ignored,
}

/// A cell key that the report's format does not have.
impl ReviewStatus {
    /// Chinese name: 待定 / 已确认 / 已忽略.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Open => "待定",
            ReviewStatus::Confirmed => "已确认",
            ReviewStatus::Ignored => "已忽略",
        }
    }

    /// The status a Chinese name or file id stands for.
    pub fn parse(text: &str) -> Option<ReviewStatus> {
        [
            ReviewStatus::Open,
            ReviewStatus::Confirmed,
            ReviewStatus::Ignored,
        ]
        .into_iter()
        .find(|s| s.label() == text || s.id() == text)
    }

    /// Id as in files: `open`, `confirmed`, `ignored`.
    pub fn id(self) -> &'static str {
        match self {
            ReviewStatus::Open => "open",
            ReviewStatus::Confirmed => "confirmed",
            ReviewStatus::Ignored => "ignored",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("格式 {format} 中没有单元格「{key}」")]
pub struct UnknownCell {
    /// The key asked for.
    pub key: String,
    /// The report's format id.
    pub format: String,
}

impl Report {
    /// An empty report in the given format.
    pub fn new(format: Arc<Format>, agency: impl Into<String>, year: i32) -> Report {
        let cells = vec![String::new(); format.cells().len()];
        Report {
            stamps: Stamps::new(cells.len()),
            format,
            agency: agency.into(),
            year,
            published: None,
            cells,
            sections: BTreeMap::new(),
            reviews: BTreeMap::new(),
            unread: BTreeSet::new(),
            origins: Vec::new(),
            source: None,
            combination: None,
        }
    }

    /// The report's format.
    pub fn format(&self) -> &Arc<Format> {
        &self.format
    }

    /// Text of the cell at `index` (format order).
    ///
    /// # Panics
    /// If `index` is out of range.
    pub fn cell_at(&self, index: usize) -> &str {
        &self.cells[index]
    }

    /// Text of the cell with this key.
    pub fn cell(&self, key: &str) -> Option<&str> {
        self.format.index_of(key).map(|i| self.cells[i].as_str())
    }

    /// Every cell text, in format order.
    pub fn cell_texts(&self) -> &[String] {
        &self.cells
    }

    /// Every cell as `(key, text)`, in format order.
    pub fn cells(&self) -> impl Iterator<Item = (&str, &str)> {
        self.format
            .cells()
            .iter()
            .zip(&self.cells)
            .map(|(c, t)| (c.key.as_str(), t.as_str()))
    }

    /// Replaces the text of the cell at `index`, returning the old text. A cell given
    /// text is no longer unread.
    ///
    /// # Panics
    /// If `index` is out of range.
    pub fn set_cell_at(&mut self, index: usize, text: impl Into<String>) -> String {
        let text = text.into();
        if !text.is_empty() {
            self.unread.remove(&index);
        }
        self.stamps.cell_changed(index);
        std::mem::replace(&mut self.cells[index], text)
    }

    /// Whether the cell at `index` could not be read from the imported document.
    pub fn is_unread(&self, index: usize) -> bool {
        self.unread.contains(&index)
    }

    /// Marks the cell at `index` unread (or read). An unread cell keeps its text empty.
    pub fn set_unread(&mut self, index: usize, unread: bool) {
        let changed = if unread && index < self.cells.len() {
            self.unread.insert(index)
        } else {
            self.unread.remove(&index)
        };
        if changed {
            self.stamps.cell_changed(index);
        }
    }

    /// Indices of the unread cells, in format order.
    pub fn unread(&self) -> impl Iterator<Item = usize> + '_ {
        self.unread.iter().copied()
    }

    /// Where the cell at `index` was read, for an imported report.
    pub fn origin(&self, index: usize) -> Option<&Origin> {
        self.origins.get(index)?.as_ref()
    }

    /// Records where the cell at `index` was read.
    pub fn set_origin(&mut self, index: usize, origin: Origin) {
        if index < self.cells.len() {
            self.origins.resize(self.cells.len(), None);
            self.origins[index] = Some(origin);
        }
    }

    /// Every recorded origin, as `(index, origin)`.
    pub fn origins(&self) -> impl Iterator<Item = (usize, &Origin)> {
        self.origins
            .iter()
            .enumerate()
            .filter_map(|(i, o)| Some((i, o.as_ref()?)))
    }

    /// Replaces the text of the cell with this key, returning the old text.
    pub fn set_cell(&mut self, key: &str, text: impl Into<String>) -> Result<String, UnknownCell> {
        let index = self.format.index_of(key).ok_or_else(|| UnknownCell {
            key: key.to_owned(),
            format: self.format.id().to_owned(),
        })?;
        Ok(self.set_cell_at(index, text))
    }

    /// How the cell at `index` reads as a number ([`Reading::Unread`] for a cell the
    /// import could not read).
    pub fn reading_at(&self, index: usize) -> Reading {
        if self.unread.contains(&index) {
            return Reading::Unread;
        }
        value::read(&self.cells[index], &self.format.cell(index).kind)
    }

    /// Text of a narrative section (empty when never written).
    pub fn section(&self, id: &str) -> &str {
        self.sections.get(id).map_or("", String::as_str)
    }

    /// Sets the text of a narrative section, returning the old text.
    pub fn set_section(&mut self, id: &str, text: impl Into<String>) -> String {
        let text = text.into();
        self.stamps.section_changed();
        let old = if text.is_empty() {
            self.sections.remove(id)
        } else {
            self.sections.insert(id.to_owned(), text)
        };
        old.unwrap_or_default()
    }

    /// When each cell and section last changed (for a checker that reads again only
    /// what changed).
    pub fn stamps(&self) -> &Stamps {
        &self.stamps
    }

    /// Every narrative section that has text, as `(id, text)`.
    pub fn sections(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    fn report() -> Report {
        let reg = Registry::builtin().expect("formats");
        let f = reg.for_year(2021).expect("2021").clone();
        Report::new(f, "测试局", 2021)
    }

    #[test]
    fn cells_keep_text_as_typed() {
        let mut r = report();
        assert_eq!(r.cell("t3.new_received.total"), Some(""));
        let old = r
            .set_cell("t3.new_received.total", " 8次 ")
            .expect("known key");
        assert_eq!(old, "");
        assert_eq!(r.cell("t3.new_received.total"), Some(" 8次 "));
        let i = r.format().index_of("t3.new_received.total").expect("index");
        assert_eq!(r.reading_at(i).value(), "8".parse().ok());
    }

    #[test]
    fn unknown_keys_are_refused() {
        let mut r = report();
        let e = r.set_cell("t3.nope.total", "1").expect_err("unknown");
        assert!(e.to_string().contains("t3.nope.total"));
        assert_eq!(r.cell("t2.art20_9.procurement.amount"), None);
    }

    #[test]
    fn sections_default_to_empty() {
        let mut r = report();
        assert_eq!(r.section("overview"), "");
        r.set_section("overview", "你好");
        assert_eq!(r.set_section("overview", ""), "你好");
        assert_eq!(r.sections().count(), 0);
    }
}
