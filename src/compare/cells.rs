//! Tables 2–4 of two reports cell by cell, matched by cell key: the same row and column
//! ids mean the same thing in both formats (table 3 is row for row the same but for
//! 2021's three rows of （六）其他处理); a row or cell only one format has is kept and
//! said to be so, never dropped.

use rust_decimal::Decimal;

use crate::format::Format;
use crate::model::{Reading, Report};

/// Which of the two reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Year {
    /// Last year's report.
    Last,
    /// This year's report.
    This,
}

/// A cell of one report as compared: blank, 0, unread and absent are all different.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// The report's format has no such cell.
    Absent,
    /// The import could not read it.
    Unread,
    /// Nothing written (or `/`, `—`, `无`).
    Blank,
    /// A number, with the text as written (`8次` reads 8).
    Number {
        /// The number read.
        value: Decimal,
        /// The text as written.
        text: String,
    },
    /// Text with no usable number.
    Invalid(String),
}

impl Value {
    pub(super) fn of(report: &Report, index: Option<usize>) -> Value {
        let Some(i) = index else {
            return Value::Absent;
        };
        match report.reading_at(i) {
            Reading::Unread => Value::Unread,
            Reading::Blank => Value::Blank,
            Reading::Number(value) | Reading::Unit { value, .. } => Value::Number {
                value,
                text: report.cell_at(i).trim().to_owned(),
            },
            Reading::Invalid(_) => Value::Invalid(report.cell_at(i).to_owned()),
        }
    }

    /// The number, if one was written.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// As shown: the number, or 「空白」 「未读取」 「无此项」 or the text quoted.
    pub fn show(&self) -> String {
        match self {
            Value::Absent => "无此项".to_owned(),
            Value::Unread => "未读取".to_owned(),
            Value::Blank => "空白".to_owned(),
            Value::Number { value, .. } => value.normalize().to_string(),
            Value::Invalid(text) => format!("「{text}」"),
        }
    }

    /// Name used in JSON: `absent`, `unread`, `blank`, `number`, `invalid`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Absent => "absent",
            Value::Unread => "unread",
            Value::Blank => "blank",
            Value::Number { .. } => "number",
            Value::Invalid(_) => "invalid",
        }
    }
}

/// One cell key in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellCmp {
    /// Cell key, e.g. `t3.granted.total`.
    pub key: String,
    /// Column label, e.g. `总计`.
    pub column: String,
    /// Last year's cell.
    pub last: Value,
    /// This year's cell.
    pub this: Value,
}

impl CellCmp {
    /// This year less last year, when both are numbers (a blank is not 0 here).
    pub fn delta(&self) -> Option<Decimal> {
        Some(self.this.number()? - self.last.number()?)
    }

    /// The change in percent of last year's number (one decimal), when last year's is a
    /// number other than 0.
    pub fn percent(&self) -> Option<Decimal> {
        let last = self.last.number().filter(|v| !v.is_zero())?;
        Some((self.delta()? * Decimal::ONE_HUNDRED / last).round_dp(1))
    }

    /// Why there is no Δ, in Chinese: 「上年空白」, 「本年未读取」, 「仅2021版有此项」…
    pub fn note(&self, last_format: &str, this_format: &str) -> Option<String> {
        let side = |v: &Value, year: &str, other_format: &str| match v {
            Value::Absent => Some(format!("仅{other_format}有此项")),
            Value::Unread => Some(format!("{year}未读取")),
            Value::Blank => Some(format!("{year}空白")),
            Value::Invalid(_) => Some(format!("{year}不是有效数字")),
            Value::Number { .. } => None,
        };
        let notes: Vec<String> = [
            side(&self.last, "上年", this_format),
            side(&self.this, "本年", last_format),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!notes.is_empty()).then(|| notes.join("，"))
    }
}

/// One row of a table in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCmp {
    /// Row key, e.g. `t3.granted` or `t2.art20_1.rules`.
    pub key: String,
    /// Label as in messages: `（三）1.属于国家秘密`, `第二十条第（一）项 规章`.
    pub label: String,
    /// Indentation level.
    pub level: u8,
    /// The one report whose format has this row, when only one has it.
    pub only: Option<Year>,
    /// Its cells: this year's columns first, then those only last year's format has.
    pub cells: Vec<CellCmp>,
}

/// One table in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCmp {
    /// Table id, e.g. `t3`.
    pub id: String,
    /// Name, e.g. `表三`.
    pub name: String,
    /// Every row of either format.
    pub rows: Vec<RowCmp>,
}

/// A row of one format: its key, label, level and the column ids of its cells.
struct RowDef {
    key: String,
    label: String,
    level: u8,
    columns: Vec<(String, String)>,
}

/// The rows of table `id` in `format`, in order.
fn rows_of(format: &Format, id: &str) -> Vec<RowDef> {
    let Some(t) = format.tables().iter().position(|t| t.id == id) else {
        return Vec::new();
    };
    let mut rows: Vec<RowDef> = Vec::new();
    for (i, cell) in format.cells().iter().enumerate() {
        if cell.table != t {
            continue;
        }
        let Some((row_key, col)) = cell.key.rsplit_once('.') else {
            continue;
        };
        let column = (col.to_owned(), format.column_of(i).label.clone());
        match rows.last_mut() {
            Some(r) if r.key == row_key => r.columns.push(column),
            _ => {
                let row = format.row_of(i);
                let block = &format.tables()[t].blocks[cell.block].label;
                let label = if block.is_empty() {
                    row.short_label().to_owned()
                } else {
                    format!("{block} {}", row.short_label())
                };
                rows.push(RowDef {
                    key: row_key.to_owned(),
                    label,
                    level: row.level,
                    columns: vec![column],
                });
            }
        }
    }
    rows
}

/// Tables 2–4 (every table of either format) of `last` and `this`, cell by cell.
pub fn tables(last: &Report, this: &Report) -> Vec<TableCmp> {
    let (lf, tf) = (last.format(), this.format());
    let mut ids: Vec<(&str, &str)> = tf
        .tables()
        .iter()
        .map(|t| (t.id.as_str(), t.name.as_str()))
        .collect();
    for t in lf.tables() {
        if !ids.iter().any(|(id, _)| *id == t.id) {
            ids.push((&t.id, &t.name));
        }
    }
    ids.into_iter()
        .map(|(id, name)| TableCmp {
            id: id.to_owned(),
            name: name.to_owned(),
            rows: rows(last, this, id),
        })
        .collect()
}

/// The rows of table `id`: this year's in order, each row only last year's format has
/// placed after the row it follows there.
fn rows(last: &Report, this: &Report, id: &str) -> Vec<RowCmp> {
    let last_rows = rows_of(last.format(), id);
    let this_rows = rows_of(this.format(), id);
    let mut merged: Vec<(RowDef, Option<Year>)> = this_rows
        .into_iter()
        .map(|r| {
            let both = last_rows.iter().any(|l| l.key == r.key);
            (r, (!both).then_some(Year::This))
        })
        .collect();
    let mut at = 0;
    for l in last_rows {
        match merged.iter().position(|(r, _)| r.key == l.key) {
            Some(pos) => {
                // Shared: its last-year-only columns join this year's.
                let row = &mut merged[pos].0;
                for c in l.columns {
                    if !row.columns.iter().any(|(id, _)| *id == c.0) {
                        row.columns.push(c);
                    }
                }
                at = pos + 1;
            }
            None => {
                merged.insert(at, (l, Some(Year::Last)));
                at += 1;
            }
        }
    }
    merged
        .into_iter()
        .map(|(row, only)| RowCmp {
            cells: row
                .columns
                .iter()
                .map(|(col, label)| {
                    let key = format!("{}.{col}", row.key);
                    CellCmp {
                        last: Value::of(last, last.format().index_of(&key)),
                        this: Value::of(this, this.format().index_of(&key)),
                        column: label.clone(),
                        key,
                    }
                })
                .collect(),
            key: row.key,
            label: row.label,
            level: row.level,
            only,
        })
        .collect()
}
