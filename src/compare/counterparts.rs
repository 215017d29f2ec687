//! Across formats, the cells that mean the same under different keys, from the migration
//! file between the two formats (`assets/formats/migration-*.ron`): 2019's 本年新制作数量
//! is 2021's 本年制发件数, and 2019's one （六）其他处理 row is the sum of 2021's three.
//!
//! Only exact correspondences are used: a step that carries a cell somewhere only
//! approximately (one with a `note` for the clerk, such as （六）其他处理 moved whole into
//! 3.其他) is left out, and so are cells compared by their own key already.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::cells::{CellCmp, Value};
use crate::format::{Format, Registry};
use crate::model::Report;

/// Cells of last year's format and of this year's that mean the same (several: their
/// sum), compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counterpart {
    /// Last year's cells, as labels: `表二第二十条第（一）项「规章」「本年新制作数量」`.
    pub last_cells: Vec<String>,
    /// This year's cells, as labels.
    pub this_cells: Vec<String>,
    /// Both sides (sums where several) with Δ and %; `key` is this year's first cell.
    pub cell: CellCmp,
}

impl Counterpart {
    /// `上年「…」 ↔ 本年「…」＋「…」`.
    pub fn describe(&self) -> String {
        format!(
            "上年{} ↔ 本年{}",
            self.last_cells.join("＋"),
            self.this_cells.join("＋")
        )
    }
}

/// Heading of the counterparts where shown.
pub const COUNTERPARTS_TITLE: &str =
    "对应项（两种格式中含义相同而名称不同的单元格，据格式迁移文件对照）";

/// The correspondences between `last`'s and `this`'s formats that differ in key, or none
/// when the formats are the same or no migration file joins them.
pub fn counterparts(last: &Report, this: &Report) -> Vec<Counterpart> {
    let (lf, tf) = (last.format(), this.format());
    if lf.id() == tf.id() {
        return Vec::new();
    }
    let Ok(registry) = Registry::builtin() else {
        return Vec::new();
    };
    // (last year's keys, this year's keys), from both directions of the migration.
    let mut pairs: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (from, to, forward) in [(lf, tf, true), (tf, lf, false)] {
        let Some(plan) = registry.migration(from.id(), to.id()) else {
            continue;
        };
        for m in plan.moves.iter().filter(|m| m.note.is_none()) {
            let sources = keys(&plan.from, &m.from);
            let target = keys(&plan.to, &[m.to]);
            if sources == target {
                continue;
            }
            let pair = if forward {
                (sources, target)
            } else {
                (target, sources)
            };
            if !pairs.contains(&pair) {
                pairs.push(pair);
            }
        }
    }
    pairs
        .into_iter()
        .filter_map(|(l, t)| {
            let li = indices(lf, &l)?;
            let ti = indices(tf, &t)?;
            Some(Counterpart {
                last_cells: li.iter().map(|&i| lf.cell_label(i)).collect(),
                this_cells: ti.iter().map(|&i| tf.cell_label(i)).collect(),
                cell: CellCmp {
                    key: t.first()?.clone(),
                    column: tf.column_of(*ti.first()?).label.clone(),
                    last: combined(last, &li),
                    this: combined(this, &ti),
                },
            })
        })
        .collect()
}

fn keys(format: &Arc<Format>, cells: &[usize]) -> Vec<String> {
    cells.iter().map(|&i| format.cell(i).key.clone()).collect()
}

fn indices(format: &Format, keys: &[String]) -> Option<Vec<usize>> {
    keys.iter().map(|k| format.index_of(k)).collect()
}

/// The cells' value: the one cell's, or the sum of several (unread or invalid if any is;
/// blank if all are; else the sum, blanks counting 0).
fn combined(report: &Report, cells: &[usize]) -> Value {
    let values: Vec<Value> = cells.iter().map(|&i| Value::of(report, Some(i))).collect();
    if let [one] = values.as_slice() {
        return one.clone();
    }
    if values.contains(&Value::Unread) {
        return Value::Unread;
    }
    if let Some(bad) = values.iter().find(|v| matches!(v, Value::Invalid(_))) {
        return bad.clone();
    }
    if values.iter().all(|v| *v == Value::Blank) {
        return Value::Blank;
    }
    let value: Decimal = values.iter().filter_map(Value::number).sum();
    let text = values.iter().map(Value::show).collect::<Vec<_>>().join("+");
    Value::Number { value, text }
}
