//! The public JSON shape of `shared/spec/templates.md`: `format`, `year`, `agency`,
//! `cells` (every cell as written), `values` (the number read, or null), `sections` and
//! `findings`; plus `published` and `reviews` when the report has them.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use serde_json::{Number, Value};

use super::FileError;
use super::ordered::Ordered;
use super::parts::{
    Parts, ordered_cells, ordered_sections, origins_by_key, published_text, unread_keys,
};
use crate::model::{Origin, Report};
use crate::rules::Finding;

#[derive(Serialize)]
struct JsonOut<'a> {
    format: &'a str,
    year: i32,
    agency: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<String>,
    cells: Ordered<&'a str, &'a str>,
    values: Ordered<&'a str, Value>,
    sections: Ordered<&'a str, &'a str>,
    findings: Vec<FindingOut<'a>>,
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    reviews: &'a std::collections::BTreeMap<String, crate::model::Review>,
    /// Cells the import could not read (their `values` are null, their `cells` "").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unread: Vec<&'a str>,
    /// Where each imported cell was read: the place and the line of the document.
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    origins: Ordered<&'a str, OriginOut>,
}

/// An origin with the document's line it points at.
#[derive(Serialize)]
struct OriginOut {
    place: String,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

/// A decimal as a JSON number: an integer when whole.
pub fn number(v: Decimal) -> Value {
    let v = v.normalize();
    if v.scale() == 0
        && let Some(n) = v.to_i64()
    {
        return Value::Number(n.into());
    }
    v.to_f64()
        .and_then(Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    severity: &'static str,
    scope: &'static str,
    cells: &'a [String],
    cell: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a str>,
    actual: Value,
    expected: Value,
    message: &'a str,
    /// Sums that fail only because of this finding's blank cells.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    consequences: Vec<FindingOut<'a>>,
}

impl<'a> FindingOut<'a> {
    fn of(f: &'a Finding) -> FindingOut<'a> {
        FindingOut {
            rule: &f.rule,
            severity: f.severity.as_str(),
            scope: f.scope.as_str(),
            cells: &f.cells,
            cell: f.suspect.as_deref(),
            section: f.section.as_deref(),
            actual: f.actual.map_or(Value::Null, number),
            expected: f.expected.map_or(Value::Null, number),
            message: &f.message,
            consequences: f.consequences.iter().map(FindingOut::of).collect(),
        }
    }
}

fn json_out<'a>(report: &'a Report, findings: &'a [Finding]) -> JsonOut<'a> {
    let values = Ordered(
        (0..report.format().cells().len())
            .map(|i| {
                let key = report.format().cell(i).key.as_str();
                (
                    key,
                    report
                        .reading_at(i)
                        .written_number()
                        .map_or(Value::Null, number),
                )
            })
            .collect(),
    );
    JsonOut {
        format: report.format().id(),
        year: report.year,
        agency: &report.agency,
        published: published_text(report),
        cells: ordered_cells(report),
        values,
        sections: ordered_sections(report),
        findings: findings.iter().map(FindingOut::of).collect(),
        reviews: &report.reviews,
        unread: unread_keys(report),
        origins: Ordered(
            origins_by_key(report)
                .0
                .into_iter()
                .map(|(k, o): (&str, &Origin)| {
                    let text = report.source.as_deref().and_then(|s| s.line(o.line));
                    let out = OriginOut {
                        place: o.describe(),
                        line: o.line,
                        text,
                    };
                    (k, out)
                })
                .collect(),
        ),
    }
}

/// The report and its findings as pretty JSON text, keys in format order.
pub fn to_json(report: &Report, findings: &[Finding]) -> String {
    let mut text = serde_json::to_string_pretty(&json_out(report, findings)).unwrap_or_default();
    text.push('\n');
    text
}

/// The same on one line, headed by the file it came from (JSON Lines output of many
/// reports).
pub fn to_json_line(file: &str, report: &Report, findings: &[Finding]) -> String {
    #[derive(Serialize)]
    struct WithFile<'a> {
        file: &'a str,
        #[serde(flatten)]
        report: JsonOut<'a>,
    }
    let line = WithFile {
        file,
        report: json_out(report, findings),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// Reads the JSON shape back (`values` and `findings` are derived, so ignored).
pub fn from_json(text: &str) -> Result<Report, FileError> {
    let parts: Parts = serde_json::from_str(text).map_err(|e| FileError::Syntax {
        what: "JSON",
        line: e.line(),
        column: e.column(),
        detail: super::parse_error::json(&e),
    })?;
    parts.into_report()
}
