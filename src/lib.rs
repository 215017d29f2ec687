//! nianbao (年报): the annual report on government information disclosure
//! (政府信息公开工作年度报告) — its official formats, the report model, the consistency
//! rules (勾稽关系) and reading and writing report files.
//!
//! The domain core (`format`, `model`, `rules`, `io`, `migrate`, `publish`, `compare`,
//! `document`, `recovery`, `batch`, `combine`) does not depend on egui; `gui` is a thin shell
//! over it, built with the default `gui` feature.

pub mod batch;
pub mod combine;
pub mod compare;
pub mod document;
pub mod format;
#[cfg(feature = "gui")]
pub mod gui;
pub mod io;
pub mod migrate;
pub mod model;
pub mod publish;
pub mod recovery;
pub mod rules;
