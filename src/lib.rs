//! nianbao (年报): the annual report on government information disclosure
//! (政府信息公开工作年度报告) — its official formats, the report model, the consistency
//! rules (勾稽关系) and reading and writing report files.
//!
//! This crate is the domain core; it does not depend on any GUI toolkit.

pub mod format;
pub mod io;
pub mod model;
pub mod rules;
