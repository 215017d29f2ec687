//! The official report formats, loaded from RON data in `assets/formats/`.
//!
//! A [`Format`] knows every table, row, column and cell key of one official template and
//! the rules its numbers must obey. The [`Registry`] holds the formats built into the
//! binary and picks the one that applies to a report year.

mod compile;
mod form;
mod grid;
mod migration;
mod registry;
mod schema;

use std::fmt;

pub use compile::{
    Amounts, Check, Narrative, Repeat, Rule, SpeaksOf, Statement, SumCheck, Term, compile,
};
pub use form::{FormBlock, FormLine, HeaderBox};
pub use grid::GridPos;
pub use migration::{MigrationNote, Move, Plan};
pub use registry::Registry;
pub use schema::{
    AmountSpec, Block, CellClass, Column, Heading, Layout, NarrativeSpec, Orientation, Relation,
    Row, RowEntry, Scope, Section, SectionContent, Severity, StatementSpec, Table, UnitAdvice,
    ValueKind,
};

/// One official report format, checked and ready to use.
#[derive(Debug, Clone)]
pub struct Format {
    spec: schema::FormatSpec,
    cells: Vec<CellDef>,
    index: foldhash::HashMap<String, usize>,
    grid: grid::CellGrid,
    rules: Vec<Rule>,
}

/// Where a cell sits in its format's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellDef {
    /// Canonical key, e.g. `t3.new_received.total`.
    pub key: String,
    /// Index of its table in [`Format::tables`].
    pub table: usize,
    /// Index of its block in the table.
    pub block: usize,
    /// Index of its row entry in the block (headings count).
    pub row: usize,
    /// Index of its column in the block.
    pub column: usize,
    /// What it holds.
    pub kind: ValueKind,
}

/// A format file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FormatError {
    /// File name.
    pub file: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// What is wrong, in Chinese.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl Format {
    /// Stable id, e.g. `2021`.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Display name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// The first report year this format applies to.
    pub fn first_year(&self) -> i32 {
        self.spec.first_year
    }

    /// Words printed only in this format's tables (see the format file's `wording`).
    pub fn wording(&self) -> &[String] {
        &self.spec.wording
    }

    /// Whether this format applies to reports of `year`.
    pub fn applies_to(&self, year: i32) -> bool {
        year >= self.spec.first_year && self.spec.last_year.is_none_or(|last| year <= last)
    }

    /// The six sections in order.
    pub fn sections(&self) -> &[Section] {
        &self.spec.sections
    }

    /// Ids of the narrative sections, in order.
    pub fn narrative_ids(&self) -> impl Iterator<Item = &str> {
        self.spec
            .sections
            .iter()
            .filter(|s| s.content == SectionContent::Narrative)
            .map(|s| s.id.as_str())
    }

    /// The statutory tables.
    pub fn tables(&self) -> &[Table] {
        &self.spec.tables
    }

    /// Table by id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.spec.tables.iter().find(|t| t.id == id)
    }

    /// Every cell, in display order.
    pub fn cells(&self) -> &[CellDef] {
        &self.cells
    }

    /// Cell by index.
    ///
    /// # Panics
    /// If `index` is out of range (indices come from this format).
    pub fn cell(&self, index: usize) -> &CellDef {
        &self.cells[index]
    }

    /// Index of the cell with this key.
    pub fn index_of(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    /// The rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Every sum check of every sum rule, in file order.
    pub fn sum_checks(&self) -> impl Iterator<Item = &SumCheck> {
        self.rules.iter().flat_map(|r| match &r.check {
            Check::Sum(checks) => checks.as_slice(),
            _ => &[],
        })
    }

    /// Rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The row definition of a cell.
    pub fn row_of(&self, index: usize) -> &Row {
        let c = &self.cells[index];
        match &self.spec.tables[c.table].blocks[c.block].rows[c.row] {
            RowEntry::Row(row) => row,
            RowEntry::Heading(_) => unreachable!("cells are only laid out on data rows"),
        }
    }

    /// The column definition of a cell.
    pub fn column_of(&self, index: usize) -> &Column {
        let c = &self.cells[index];
        &self.spec.tables[c.table].blocks[c.block].columns[c.column]
    }

    /// A Chinese description of a cell for messages: `表三「一、本年新收申请」「自然人」`.
    pub fn cell_label(&self, index: usize) -> String {
        let c = &self.cells[index];
        let table = &self.spec.tables[c.table];
        let block = &table.blocks[c.block];
        let row = self.row_of(index).short_label();
        let col = &block.columns[c.column].label;
        if block.label.is_empty() {
            format!("{}「{row}」「{col}」", table.name)
        } else {
            format!("{}{}「{row}」「{col}」", table.name, block.label)
        }
    }

    /// Display title of a section: `三、收到和处理政府信息公开申请情况`.
    pub fn section_title(&self, id: &str) -> Option<String> {
        self.spec
            .sections
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.heading())
    }
}
