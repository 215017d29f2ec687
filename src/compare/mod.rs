//! Two years of one agency side by side (与上年比较): every cell of tables 2–4 with last
//! year, this year, Δ and %, the cross-year rules' checks, and per narrative section how
//! much repeats last year's, with the repeated passages.
//!
//! Works across formats (a 2020 report in the 2019 format against a 2021 report): cells
//! are matched by key, and what only one format has is listed as such; cells that mean
//! the same under other keys (from the migration file) are compared as counterparts. The checks and
//! the repetition measure are the rule engine's own ([`rules::cross_year`],
//! [`rules::repetition`], as TEXT-REPEAT).

mod cells;
mod counterparts;
mod html;
mod json;
mod xlsx;

use rust_decimal::Decimal;

pub use cells::{CellCmp, RowCmp, TableCmp, Value, Year};
pub use counterparts::{COUNTERPARTS_TITLE, Counterpart};
pub use html::to_html;
pub use json::to_json;
pub use xlsx::to_xlsx;

use crate::format::{Check, Format, Repeat};
use crate::model::Report;
use crate::rules::{self, Repetition, YearCheck, YearOutcome};

/// Who and what one of the two reports is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The agency, as written.
    pub agency: String,
    /// The report year.
    pub year: i32,
    /// Its format's id (`2019`, `2021`).
    pub format_id: String,
    /// Its format's name.
    pub format_name: String,
}

impl Header {
    fn of(report: &Report) -> Header {
        Header {
            agency: report.agency.clone(),
            year: report.year,
            format_id: report.format().id().to_owned(),
            format_name: report.format().name().to_owned(),
        }
    }

    /// The format's short name: `2021版`.
    pub fn format_short(&self) -> String {
        format!("{}版", self.format_id)
    }

    /// `某局 2021年度（2021版）`.
    pub fn title(&self) -> String {
        let agency = if self.agency.is_empty() {
            "（未填发布机关）"
        } else {
            &self.agency
        };
        format!("{agency} {}年度（{}版）", self.year, self.format_id)
    }
}

/// One narrative section in both years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionCmp {
    /// Section id.
    pub id: String,
    /// Heading: `一、总体情况`.
    pub title: String,
    /// Last year's text of the section.
    pub last: String,
    /// This year's text.
    pub this: String,
    /// How much of this year's text repeats last year's narrative.
    pub repetition: Repetition,
}

/// Two reports compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Last year's report.
    pub last: Header,
    /// This year's report.
    pub this: Header,
    /// What a reviewer should know first: years not consecutive, other agency, formats.
    pub notes: Vec<String>,
    /// Tables 2–4, every cell.
    pub tables: Vec<TableCmp>,
    /// Across formats: cells that mean the same under other keys (from the migration
    /// file), compared too.
    pub counterparts: Vec<Counterpart>,
    /// Each check of the cross-year rules.
    pub checks: Vec<YearCheck>,
    /// Each narrative section.
    pub sections: Vec<SectionCmp>,
    /// Repeated share of the whole narrative (TEXT-REPEAT's figure), when enough counts.
    pub repeated_share: Option<u32>,
    /// TEXT-REPEAT's threshold in percent, if the format has the rule.
    pub repeat_threshold: Option<u32>,
}

/// A change of one cell from one year to the next, for lists of the largest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Cell key.
    pub key: String,
    /// `表三「（一）予以公开」「总计」`.
    pub label: String,
    /// Last year's number.
    pub last: Decimal,
    /// This year's number.
    pub this: Decimal,
    /// This year less last year.
    pub delta: Decimal,
    /// In percent of last year's, when that is not 0.
    pub percent: Option<Decimal>,
}

/// TEXT-REPEAT's measure in `format` (nothing discounted if it has no such rule).
fn repeat_of(format: &Format) -> Repeat {
    format
        .rules()
        .iter()
        .find_map(|r| match &r.check {
            Check::NarrativeRepeat(repeat) => Some(repeat.clone()),
            _ => None,
        })
        // A format without TEXT-REPEAT: every sentence compared as written.
        .unwrap_or_else(|| Repeat {
            percent: 100,
            sentences: vec!['。', '\n'],
            min_sentence: 1,
            min_total: 1,
            ..Repeat::default()
        })
}

/// `last` (last year's report) and `this` (this year's) compared.
pub fn compare(last: &Report, this: &Report) -> Comparison {
    let (lh, th) = (Header::of(last), Header::of(this));
    let mut notes = Vec::new();
    if last.year != this.year - 1 {
        notes.push(format!(
            "上年报告为 {} 年度，本年报告为 {} 年度，并非相邻年度，不做跨期核对（只列出增减）",
            last.year, this.year
        ));
    }
    let norm = |s: &str| crate::io::labels::normalise(s);
    if !last.agency.is_empty()
        && !this.agency.is_empty()
        && norm(&last.agency) != norm(&this.agency)
    {
        notes.push(format!(
            "两份报告的发布机关不同：「{}」与「{}」",
            last.agency, this.agency
        ));
    }
    if lh.format_id != th.format_id {
        notes.push(format!(
            "两份报告格式不同（{} / {}）：相同的行和列逐格对照，仅一种格式有的行和单元格单独列出",
            lh.format_name, th.format_name
        ));
    }
    let unread = last.unread().count() + this.unread().count();
    if unread > 0 {
        notes.push(format!(
            "有 {unread} 个单元格未能从文件中读取，不计增减，相关勾稽关系无法核对"
        ));
    }
    let format = this.format();
    let repeat = repeat_of(format);
    let repetition = rules::repetition(format, &repeat, this, last);
    let repeated_share = rules::overall_share(&repetition, &repeat);
    let sections = repetition
        .into_iter()
        .map(|r| SectionCmp {
            title: format.section_title(&r.section).unwrap_or_default(),
            last: last.section(&r.section).to_owned(),
            this: this.section(&r.section).to_owned(),
            id: r.section.clone(),
            repetition: r,
        })
        .collect();
    let has_repeat_rule = format
        .rules()
        .iter()
        .any(|r| matches!(r.check, Check::NarrativeRepeat(_)));
    Comparison {
        notes,
        tables: cells::tables(last, this),
        counterparts: counterparts::counterparts(last, this),
        checks: rules::cross_year(this, last),
        sections,
        repeated_share,
        repeat_threshold: has_repeat_rule.then_some(repeat.percent),
        last: lh,
        this: th,
    }
}

impl Comparison {
    /// Counts of the cross-year checks: (holding, differing, not checked).
    pub fn check_counts(&self) -> (usize, usize, usize) {
        self.checks
            .iter()
            .fold((0, 0, 0), |(h, d, u), c| match c.outcome {
                YearOutcome::Holds => (h + 1, d, u),
                YearOutcome::Differs(_) => (h, d + 1, u),
                YearOutcome::Unchecked(_) => (h, d, u + 1),
            })
    }

    /// Why `cell` has no Δ (see [`CellCmp::note`]).
    pub fn note(&self, cell: &CellCmp) -> Option<String> {
        cell.note(&self.last.format_short(), &self.this.format_short())
    }

    /// 「仅2019版有此行」 for a row only one format has.
    pub fn row_note(&self, row: &RowCmp) -> Option<String> {
        let only = match row.only? {
            Year::Last => &self.last,
            Year::This => &self.this,
        };
        Some(format!("仅{}有此行", only.format_short()))
    }

    /// Every cell of every table, with its table and row.
    pub fn cells(&self) -> impl Iterator<Item = (&TableCmp, &RowCmp, &CellCmp)> {
        self.tables.iter().flat_map(|t| {
            t.rows
                .iter()
                .flat_map(move |r| r.cells.iter().map(move |c| (t, r, c)))
        })
    }

    /// The cell with this key, with its row.
    pub fn cell(&self, key: &str) -> Option<(&RowCmp, &CellCmp)> {
        self.cells()
            .find(|(_, _, c)| c.key == key)
            .map(|(_, r, c)| (r, c))
    }

    /// The row with this key (`t3.granted`, `t2.art20_1.rules`).
    pub fn row(&self, key: &str) -> Option<&RowCmp> {
        self.tables
            .iter()
            .flat_map(|t| &t.rows)
            .find(|r| r.key == key)
    }

    /// The `n` largest changes (by size of Δ, then of %), cells unchanged left out.
    pub fn largest_changes(&self, n: usize) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .cells()
            .filter_map(|(t, r, c)| {
                let delta = c.delta().filter(|d| !d.is_zero())?;
                Some(Change {
                    key: c.key.clone(),
                    label: format!("{}「{}」「{}」", t.name, r.label, c.column),
                    last: c.last.number()?,
                    this: c.this.number()?,
                    delta,
                    percent: c.percent(),
                })
            })
            .collect();
        changes.sort_by(|a, b| {
            b.delta
                .abs()
                .cmp(&a.delta.abs())
                .then_with(|| b.percent.map(|p| p.abs()).cmp(&a.percent.map(|p| p.abs())))
        });
        changes.truncate(n);
        changes
    }

    /// The narrative's similarity in words: `重复 42%（扣除模板用语 120 字）`.
    pub fn similarity_text(section: &Repetition) -> String {
        match section.share() {
            Some(share) => format!(
                "与上年重复 {share}%（{} 字中 {} 字；已扣除模板用语和套话 {} 字）",
                section.counted, section.repeated, section.discounted
            ),
            None if section.discounted > 0 => {
                format!("无可比较的内容（模板用语和套话 {} 字）", section.discounted)
            }
            None => "无可比较的内容".to_owned(),
        }
    }
}

/// Byte ranges of `text` holding one of `passages` (repeated sentences, spaces dropped,
/// as [`Repetition::passages`] gives them), in order, for highlighting; a passage broken
/// by spaces in `text` is not found.
pub fn passage_ranges(text: &str, passages: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    for p in passages.iter().filter(|p| !p.is_empty()) {
        for (at, m) in text.match_indices(p.as_str()) {
            let r = at..at + m.len();
            if !ranges.iter().any(|o| o.start < r.end && r.start < o.end) {
                ranges.push(r);
            }
        }
    }
    ranges.sort_by_key(|r| r.start);
    ranges
}

/// A signed number for a Δ: `+3`, `−2`, `0`.
pub fn signed(v: Decimal) -> String {
    let v = v.normalize();
    if v.is_sign_negative() && !v.is_zero() {
        format!("−{}", v.abs())
    } else if v.is_zero() {
        "0".to_owned()
    } else {
        format!("+{v}")
    }
}

/// A percentage for a Δ: `+25.0%`.
pub fn signed_percent(v: Decimal) -> String {
    format!("{}%", signed(v.round_dp(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_are_shown() {
        assert_eq!(signed(Decimal::from(3)), "+3");
        assert_eq!(signed(Decimal::from(-2)), "−2");
        assert_eq!(signed(Decimal::ZERO), "0");
        assert_eq!(signed_percent(Decimal::new(250, 1)), "+25%");
    }
}
