//! How a combined report's [`Combination`] is written in the native file: its inputs,
//! and each contributor's non-blank cells by key (`unread` naming the unknown ones).
//!
//! ```text
//! combined: Some((
//!     inputs: ["/data/2024/各部门"],
//!     include_errors: false,
//!     contributors: [(file: "/data/2024/各部门/教育局.txt", agency: "某县教育局",
//!                     cells: { "t3.new_received.total": "12", … }, unread: ["t4.…"])],
//! )),
//! ```
//! A file without it (every file before 汇总 existed) is an ordinary report.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::FileError;
use super::ordered::Ordered;
use crate::format::Format;
use crate::model::{Combination, Contributor, Share};

/// A [`Combination`] as written.
#[derive(Serialize)]
pub struct CombinedOut<'a> {
    inputs: Vec<String>,
    include_errors: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    migrate: bool,
    contributors: Vec<ContributorOut<'a>>,
}

#[derive(Serialize)]
struct ContributorOut<'a> {
    file: String,
    agency: &'a str,
    cells: Ordered<&'a str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unread: Vec<&'a str>,
}

/// A [`Combination`] as read.
#[derive(Debug, Deserialize)]
pub struct CombinedIn {
    #[serde(default)]
    inputs: Vec<String>,
    #[serde(default)]
    include_errors: bool,
    #[serde(default)]
    migrate: bool,
    #[serde(default)]
    contributors: Vec<ContributorIn>,
}

#[derive(Debug, Deserialize)]
struct ContributorIn {
    file: String,
    #[serde(default)]
    agency: String,
    #[serde(default)]
    cells: BTreeMap<String, String>,
    #[serde(default)]
    unread: Vec<String>,
}

/// The shape written for `combination`, its cells keyed by `format`.
pub fn combined_out<'a>(combination: &'a Combination, format: &'a Format) -> CombinedOut<'a> {
    let path = |p: &PathBuf| p.to_string_lossy().into_owned();
    CombinedOut {
        inputs: combination.inputs.iter().map(path).collect(),
        include_errors: combination.include_errors,
        migrate: combination.migrate,
        contributors: combination
            .contributors
            .iter()
            .map(|c| {
                let key = |i: usize| format.cell(i).key.as_str();
                let shares = c.shares.iter().enumerate();
                ContributorOut {
                    file: path(&c.file),
                    agency: &c.agency,
                    cells: Ordered(
                        shares
                            .clone()
                            .filter_map(|(i, s)| Some((key(i), s.value()?.normalize().to_string())))
                            .collect(),
                    ),
                    unread: shares
                        .filter(|(_, s)| **s == Share::Unknown)
                        .map(|(i, _)| key(i))
                        .collect(),
                }
            })
            .collect(),
    }
}

impl CombinedIn {
    /// The combination, its cells checked against `format`.
    pub fn into_combination(self, format: &Format) -> Result<Combination, FileError> {
        let index = |key: &str| {
            format.index_of(key).ok_or_else(|| FileError::UnknownCell {
                key: key.to_owned(),
                format: format.id().to_owned(),
            })
        };
        let mut contributors = Vec::with_capacity(self.contributors.len());
        for c in self.contributors {
            let mut shares = vec![Share::Blank; format.cells().len()];
            for (key, text) in &c.cells {
                let value = text.trim().parse().map_err(|_| {
                    FileError::Invalid(format!(
                        "汇总来源「{}」的单元格 {key} 不是数字：{text}",
                        c.agency
                    ))
                })?;
                shares[index(key)?] = Share::Value(value);
            }
            for key in &c.unread {
                shares[index(key)?] = Share::Unknown;
            }
            contributors.push(Contributor {
                file: PathBuf::from(c.file),
                agency: c.agency,
                shares,
            });
        }
        Ok(Combination {
            inputs: self.inputs.into_iter().map(PathBuf::from).collect(),
            include_errors: self.include_errors,
            migrate: self.migrate,
            contributors,
        })
    }
}
