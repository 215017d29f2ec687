//! A comparison as JSON (`nianbao compare --json`): every cell with both years' values and
//! kinds (`number`, `blank`, `unread`, `absent`, `invalid`), Δ and %, the cross-year checks
//! and the narrative's repetition per section.

use serde_json::{Value as Json, json};

use super::{CellCmp, Comparison, Header, Value, Year};
use crate::io::number;
use crate::rules::YearOutcome;

fn header(h: &Header) -> Json {
    json!({ "agency": h.agency, "year": h.year, "format": h.format_id })
}

fn value(v: &Value) -> Json {
    let mut out = json!({ "kind": v.kind() });
    match v {
        Value::Number { value, text } => {
            out["value"] = number(*value);
            out["text"] = json!(text);
        }
        Value::Invalid(text) => out["text"] = json!(text),
        _ => {}
    }
    out
}

fn cell(c: &CellCmp) -> Json {
    json!({
        "key": c.key,
        "column": c.column,
        "last": value(&c.last),
        "this": value(&c.this),
        "delta": c.delta().map_or(Json::Null, number),
        "percent": c.percent().map_or(Json::Null, number),
    })
}

/// The comparison as a pretty-printed JSON object.
pub fn to_json(cmp: &Comparison) -> String {
    let tables: Vec<Json> = cmp
        .tables
        .iter()
        .map(|t| {
            let rows: Vec<Json> = t
                .rows
                .iter()
                .map(|r| {
                    json!({
                        "key": r.key,
                        "label": r.label,
                        "only": match r.only {
                            Some(Year::Last) => json!("last"),
                            Some(Year::This) => json!("this"),
                            None => Json::Null,
                        },
                        "cells": r.cells.iter().map(cell).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({ "id": t.id, "name": t.name, "rows": rows })
        })
        .collect();
    let checks: Vec<Json> = cmp
        .checks
        .iter()
        .map(|c| {
            let (outcome, message) = match &c.outcome {
                YearOutcome::Holds => ("holds", None),
                YearOutcome::Differs(m) => ("differs", Some(m)),
                YearOutcome::Unchecked(m) => ("unchecked", Some(m)),
            };
            json!({
                "rule": c.rule,
                "item": c.item,
                "formula": c.formula,
                "cells": c.cells,
                "prior_cells": c.prior_cells,
                "left": c.left.map_or(Json::Null, number),
                "right": c.right.map_or(Json::Null, number),
                "outcome": outcome,
                "message": message,
            })
        })
        .collect();
    let sections: Vec<Json> = cmp
        .sections
        .iter()
        .map(|s| {
            let r = &s.repetition;
            json!({
                "id": s.id,
                "title": s.title,
                "share": r.share(),
                "counted_chars": r.counted,
                "repeated_chars": r.repeated,
                "discounted_chars": r.discounted,
                "passages": r.passages,
            })
        })
        .collect();
    let counterparts: Vec<Json> = cmp
        .counterparts
        .iter()
        .map(|c| {
            let mut v = cell(&c.cell);
            v["last_cells"] = json!(c.last_cells);
            v["this_cells"] = json!(c.this_cells);
            v
        })
        .collect();
    let out = json!({
        "last": header(&cmp.last),
        "this": header(&cmp.this),
        "notes": cmp.notes,
        "tables": tables,
        "counterparts": counterparts,
        "checks": checks,
        "sections": sections,
        "repeated_share": cmp.repeated_share,
        "repeat_threshold": cmp.repeat_threshold,
    });
    serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
}
