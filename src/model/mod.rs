//! The report being written or reviewed: metadata, every cell's text as typed, the
//! narrative sections and the reviewers' notes on findings.

mod combination;
mod date;
mod provenance;
mod report;
mod stamps;
pub mod value;

pub use combination::{Combination, Contributor, Share};
pub use date::Date;
pub use provenance::{CELL_SEPARATOR, Origin, Place, Source};
pub use report::{Report, Review, ReviewStatus, UnknownCell};
pub use stamps::Stamps;
pub use value::{Invalid, Reading};
