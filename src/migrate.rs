//! Moving a report to the other format (a report filled in the wrong template), by the
//! migration files in `assets/formats/`: cells that mean the same are carried over,
//! everything else is listed in a [`MigrationReport`] and left for the clerk, never guessed.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::format::{Plan, Registry, Scope};
use crate::model::{Reading, Report};
use crate::rules::Finding;

/// A report moved to another format.
#[derive(Debug, Clone)]
pub struct Migrated {
    /// The report in the new format.
    pub report: Report,
    /// Findings for what the clerk must still do (e.g. MIGRATE-SPLIT).
    pub notes: Vec<Finding>,
    /// What was carried over and what was not.
    pub summary: MigrationReport,
}

/// What a migration carried over and what it left for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationReport {
    /// Name of the format moved from.
    pub from: String,
    /// Name of the format moved to.
    pub to: String,
    /// Cells carried over: (target key, source keys).
    pub carried: Vec<(String, Vec<String>)>,
    /// Narrative sections carried over (ids).
    pub sections: Vec<String>,
    /// Source cells no cell of the new format means the same as: not carried over.
    pub dropped: Vec<CellNote>,
    /// Cells of the new format nothing fills: left blank for the clerk.
    pub left_blank: Vec<CellNote>,
    /// Cells of the new format left blank because a cell to be summed holds no usable
    /// number (its text says which).
    pub not_summed: Vec<CellNote>,
}

/// A cell named in a migration report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNote {
    /// Its key in its format.
    pub key: String,
    /// Its Chinese description: `表二第二十条第（一）项「规章」「本年新公开数量」`.
    pub label: String,
    /// What it held (a dropped cell), or why it is blank (a cell not summed).
    pub text: String,
}

/// Why a report cannot be moved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    /// No format of this id.
    #[error("未知的报告格式「{0}」（支持 2019、2021）")]
    UnknownFormat(String),
    /// The report is in that format already.
    #[error("报告已是{0}，无需转换")]
    AlreadyThere(String),
    /// No migration file joins the two formats.
    #[error("没有从「{0}」到「{1}」的格式转换规则")]
    NoMigration(String, String),
    /// The built-in formats could not be loaded.
    #[error("{0}")]
    Formats(String),
}

/// Moves `report` to the built-in format `to` (an id: `2021`).
pub fn migrate(report: &Report, to: &str) -> Result<Migrated, MigrateError> {
    let registry = Registry::builtin().map_err(|e| MigrateError::Formats(e.to_string()))?;
    let from = report.format();
    let target = registry
        .get(to)
        .ok_or_else(|| MigrateError::UnknownFormat(to.to_owned()))?;
    if target.id() == from.id() {
        return Err(MigrateError::AlreadyThere(from.name().to_owned()));
    }
    let plan = registry
        .migration(from.id(), to)
        .ok_or_else(|| MigrateError::NoMigration(from.name().into(), target.name().into()))?;
    Ok(apply(plan, report))
}

/// Applies a plan to a report in the plan's source format.
pub fn apply(plan: &Plan, report: &Report) -> Migrated {
    let (from, to) = (&plan.from, &plan.to);
    let mut out = Report::new(to.clone(), report.agency.clone(), report.year);
    out.published = report.published;
    out.reviews = report.reviews.clone();
    out.source = report.source.clone();
    let mut summary = MigrationReport {
        from: from.name().to_owned(),
        to: to.name().to_owned(),
        carried: Vec::new(),
        sections: Vec::new(),
        dropped: Vec::new(),
        left_blank: Vec::new(),
        not_summed: Vec::new(),
    };
    let mut noted: Vec<Vec<String>> = vec![Vec::new(); plan.notes.len()];
    for m in &plan.moves {
        let readings: Vec<Reading> = m.from.iter().map(|&f| report.reading_at(f)).collect();
        if m.from.iter().any(|&f| report.is_unread(f)) {
            // Unknown stays unknown: a sum over an unread cell is unread too.
            out.set_unread(m.to, true);
        } else if let [f] = m.from[..] {
            out.set_cell_at(m.to, report.cell_at(f));
            if let Some(origin) = report.origin(f) {
                out.set_origin(m.to, origin.clone());
            }
        } else {
            match sum(&readings) {
                Ok(text) => {
                    out.set_cell_at(m.to, text);
                }
                Err(bad) => summary.not_summed.push(CellNote {
                    key: to.cell(m.to).key.clone(),
                    label: to.cell_label(m.to),
                    text: format!(
                        "{}填写为「{}」，不是数字，无法合计",
                        from.cell_label(m.from[bad]),
                        report.cell_at(m.from[bad])
                    ),
                }),
            }
        }
        let holds_something = readings.iter().any(|r| {
            !matches!(r, Reading::Blank | Reading::Unread) && r.value() != Some(Decimal::ZERO)
        });
        if let Some(n) = m.note
            && holds_something
        {
            noted[n].push(to.cell(m.to).key.clone());
        }
        summary.carried.push((
            to.cell(m.to).key.clone(),
            m.from.iter().map(|&f| from.cell(f).key.clone()).collect(),
        ));
    }
    for &d in &plan.dropped {
        let text = if report.is_unread(d) {
            "未读取".to_owned()
        } else {
            report.cell_at(d).to_owned()
        };
        summary.dropped.push(CellNote {
            key: from.cell(d).key.clone(),
            label: from.cell_label(d),
            text,
        });
    }
    for &b in &plan.left_blank {
        summary.left_blank.push(CellNote {
            key: to.cell(b).key.clone(),
            label: to.cell_label(b),
            text: String::new(),
        });
    }
    for (id, text) in report.sections() {
        if plan.sections.iter().any(|s| s == id) {
            out.set_section(id, text);
            summary.sections.push(id.to_owned());
        }
    }
    let notes = plan
        .notes
        .iter()
        .zip(noted)
        .filter(|(_, cells)| !cells.is_empty())
        .map(|(note, cells)| Finding {
            rule: note.rule.clone(),
            severity: note.severity,
            scope: Scope::InTable,
            message: crate::rules::fill(&note.message, &[("count", &cells.len().to_string())]),
            cells,
            suspect: None,
            actual: None,
            expected: None,
            section: None,
            consequences: Vec::new(),
        })
        .collect();
    Migrated {
        report: out,
        notes,
        summary,
    }
}

/// The sum of cells as a number to write: blank when all are blank; `Err(i)` when the
/// `i`-th holds no usable number.
fn sum(readings: &[Reading]) -> Result<String, usize> {
    let mut total = Decimal::ZERO;
    let mut any = false;
    for (i, r) in readings.iter().enumerate() {
        match r {
            Reading::Blank => {}
            Reading::Number(v) | Reading::Unit { value: v, .. } => {
                total += v;
                any = true;
            }
            Reading::Invalid(_) | Reading::Unread => return Err(i),
        }
    }
    Ok(if any {
        total.normalize().to_string()
    } else {
        String::new()
    })
}

impl Migrated {
    /// Findings of the old format that still hold in the new one: those about no cell,
    /// or only about cells carried over under the same key.
    pub fn carry_notes(&self, notes: &[Finding]) -> Vec<Finding> {
        let same = |key: &String| {
            self.summary
                .carried
                .iter()
                .any(|(to, from)| to == key && from.as_slice() == std::slice::from_ref(key))
        };
        notes
            .iter()
            .filter(|n| n.cells.iter().all(same))
            .cloned()
            .chain(self.notes.iter().cloned())
            .collect()
    }
}

impl MigrationReport {
    /// The report in Chinese, one cell a line, for the terminal and the window.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "已从{}转换为{}：转入 {} 个单元格、{} 个叙述章节。\n",
            self.from,
            self.to,
            self.carried.len(),
            self.sections.len()
        );
        let mut list = |title: String, cells: &[CellNote], show_text: bool| {
            if cells.is_empty() {
                return;
            }
            let _ = writeln!(s, "{title}");
            for c in cells {
                let text = c.text.trim();
                let _ = match (show_text, text.is_empty()) {
                    (false, _) => writeln!(s, "  {}", c.label),
                    (true, true) => writeln!(s, "  {}：（空）", c.label),
                    (true, false) => writeln!(s, "  {}：{text}", c.label),
                };
            }
        };
        list(
            format!(
                "原格式中没有含义相同的栏目、未转入的单元格（{} 个，请人工处理）：",
                self.dropped.len()
            ),
            &self.dropped,
            true,
        );
        list(
            format!(
                "新格式中无法对应、留空待填的单元格（{} 个）：",
                self.left_blank.len()
            ),
            &self.left_blank,
            false,
        );
        list(
            format!(
                "无法合计、留空待填的单元格（{} 个）：",
                self.not_summed.len()
            ),
            &self.not_summed,
            true,
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::format::Format;
    use std::sync::Arc;

    fn format(id: &str) -> Arc<Format> {
        Registry::builtin()
            .expect("formats")
            .get(id)
            .expect("format")
            .clone()
    }

    /// A report whose every cell holds a number of its own (index + 1).
    fn numbered(id: &str, year: i32) -> Report {
        let mut r = Report::new(format(id), "测试局", year);
        for i in 0..r.format().cells().len() {
            r.set_cell_at(i, (i + 1).to_string());
        }
        r
    }

    fn keys(cells: &[CellNote]) -> BTreeSet<&str> {
        cells.iter().map(|c| c.key.as_str()).collect()
    }

    /// Keys of tables 3 and 4 that both formats have.
    fn shared_t3_t4() -> Vec<String> {
        let (a, b) = (format("2019"), format("2021"));
        a.cells()
            .iter()
            .map(|c| c.key.clone())
            .filter(|k| (k.starts_with("t3.") || k.starts_with("t4.")) && b.index_of(k).is_some())
            .collect()
    }

    const T3_COLUMNS: [&str; 7] = [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_service",
        "other",
        "total",
    ];

    const T2_PAIRS: [(&str, &str); 5] = [
        ("t2.art20_1.rules.made", "t2.art20_1.rules.issued"),
        ("t2.art20_1.normative.made", "t2.art20_1.normative.issued"),
        (
            "t2.art20_5.licensing.decisions",
            "t2.art20_5.licensing.decisions",
        ),
        (
            "t2.art20_6.punishment.decisions",
            "t2.art20_6.punishment.decisions",
        ),
        (
            "t2.art20_6.coercion.decisions",
            "t2.art20_6.coercion.decisions",
        ),
    ];

    #[test]
    fn every_mapped_cell_2019_to_2021_carries_its_text() {
        let src = numbered("2019", 2023);
        let m = migrate(&src, "2021").expect("migrates");
        let out = &m.report;
        assert_eq!(out.format().id(), "2021");
        let mut expected: Vec<(String, String)> =
            shared_t3_t4().into_iter().map(|k| (k.clone(), k)).collect();
        expected.extend(T2_PAIRS.map(|(a, b)| (a.to_owned(), b.to_owned())));
        expected.extend(T3_COLUMNS.map(|c| {
            (
                format!("t3.other_processing.{c}"),
                format!("t3.other_other.{c}"),
            )
        }));
        assert_eq!(shared_t3_t4().len(), 22 * 7 + 15);
        for (from, to) in &expected {
            assert_eq!(out.cell(to), src.cell(from), "{from} → {to}");
        }
        let carried: BTreeSet<(String, String)> = m
            .summary
            .carried
            .iter()
            .map(|(to, from)| (from.join("+"), to.clone()))
            .collect();
        assert_eq!(carried, expected.into_iter().collect());
    }

    #[test]
    fn every_mapped_cell_2021_to_2019_carries_its_text_and_sums_other_processing() {
        let src = numbered("2021", 2020);
        let m = migrate(&src, "2019").expect("migrates");
        let out = &m.report;
        for k in shared_t3_t4() {
            assert_eq!(out.cell(&k), src.cell(&k), "{k}");
        }
        for (old, new) in T2_PAIRS {
            assert_eq!(out.cell(old), src.cell(new), "{new} → {old}");
        }
        for c in T3_COLUMNS {
            let part = |row: &str| -> u64 {
                src.cell(&format!("t3.{row}.{c}"))
                    .and_then(|t| t.parse().ok())
                    .expect("number")
            };
            let want =
                part("other_overdue_correction") + part("other_overdue_fee") + part("other_other");
            assert_eq!(
                out.cell(&format!("t3.other_processing.{c}")),
                Some(want.to_string().as_str()),
                "{c}"
            );
        }
        assert_eq!(m.summary.carried.len(), 22 * 7 + 15 + 7 + 5);
        assert!(m.notes.is_empty(), "nothing to split going back");
    }

    #[test]
    fn unmapped_cells_are_listed_and_left_blank() {
        let src = numbered("2019", 2023);
        let m = migrate(&src, "2021").expect("migrates");
        let dropped: BTreeSet<&str> = [
            "t2.art20_1.rules.published",
            "t2.art20_1.rules.total_public",
            "t2.art20_1.normative.published",
            "t2.art20_1.normative.total_public",
            "t2.art20_5.licensing.prev_count",
            "t2.art20_5.licensing.change",
            "t2.art20_5.other_services.prev_count",
            "t2.art20_5.other_services.change",
            "t2.art20_5.other_services.decisions",
            "t2.art20_6.punishment.prev_count",
            "t2.art20_6.punishment.change",
            "t2.art20_6.coercion.prev_count",
            "t2.art20_6.coercion.change",
            "t2.art20_8.fees.prev_count",
            "t2.art20_8.fees.change",
            "t2.art20_9.procurement.projects",
            "t2.art20_9.procurement.amount",
        ]
        .into();
        assert_eq!(keys(&m.summary.dropped), dropped);
        // The dropped cells' text is in the report, so nothing is lost unseen.
        let amount = m
            .summary
            .dropped
            .iter()
            .find(|c| c.key == "t2.art20_9.procurement.amount")
            .expect("listed");
        assert_eq!(Some(amount.text.as_str()), src.cell(&amount.key));
        assert!(amount.label.contains("采购总金额"), "{}", amount.label);
        let mut blank: BTreeSet<String> = [
            "t2.art20_1.rules.repealed",
            "t2.art20_1.rules.in_force",
            "t2.art20_1.normative.repealed",
            "t2.art20_1.normative.in_force",
            "t2.art20_8.fees.amount_wan",
        ]
        .map(str::to_owned)
        .into();
        for c in T3_COLUMNS {
            blank.insert(format!("t3.other_overdue_correction.{c}"));
            blank.insert(format!("t3.other_overdue_fee.{c}"));
        }
        let listed: BTreeSet<String> = m.summary.left_blank.iter().map(|c| c.key.clone()).collect();
        assert_eq!(listed, blank);
        for k in &blank {
            assert_eq!(m.report.cell(k), Some(""), "{k} left for the clerk");
        }
        let text = m.summary.to_text();
        assert!(text.contains("未转入的单元格（17 个"), "{text}");
        assert!(text.contains("留空待填的单元格（19 个"), "{text}");
        assert!(text.contains("「本年废止件数」"), "{text}");
    }

    #[test]
    fn unmapped_cells_2021_to_2019_are_listed() {
        let m = migrate(&numbered("2021", 2020), "2019").expect("migrates");
        let dropped: BTreeSet<&str> = [
            "t2.art20_1.rules.repealed",
            "t2.art20_1.rules.in_force",
            "t2.art20_1.normative.repealed",
            "t2.art20_1.normative.in_force",
            "t2.art20_8.fees.amount_wan",
        ]
        .into();
        assert_eq!(keys(&m.summary.dropped), dropped);
        let blank: BTreeSet<&str> = [
            "t2.art20_1.rules.published",
            "t2.art20_1.rules.total_public",
            "t2.art20_1.normative.published",
            "t2.art20_1.normative.total_public",
            "t2.art20_5.licensing.prev_count",
            "t2.art20_5.licensing.change",
            "t2.art20_5.other_services.prev_count",
            "t2.art20_5.other_services.change",
            "t2.art20_5.other_services.decisions",
            "t2.art20_6.punishment.prev_count",
            "t2.art20_6.punishment.change",
            "t2.art20_6.coercion.prev_count",
            "t2.art20_6.coercion.change",
            "t2.art20_8.fees.prev_count",
            "t2.art20_8.fees.change",
            "t2.art20_9.procurement.projects",
            "t2.art20_9.procurement.amount",
        ]
        .into();
        assert_eq!(keys(&m.summary.left_blank), blank);
    }

    #[test]
    fn other_processing_asks_for_a_split_only_when_it_holds_something() {
        let mut src = Report::new(format("2019"), "测试局", 2023);
        for i in 0..src.format().cells().len() {
            src.set_cell_at(i, "0");
        }
        assert!(migrate(&src, "2021").expect("migrates").notes.is_empty());
        src.set_cell("t3.other_processing.natural_person", "3")
            .expect("key");
        src.set_cell("t3.other_processing.total", "3").expect("key");
        let m = migrate(&src, "2021").expect("migrates");
        let [note] = m.notes.as_slice() else {
            panic!("one note: {:?}", m.notes)
        };
        assert_eq!(note.rule, "MIGRATE-SPLIT");
        assert_eq!(note.severity, crate::rules::Severity::Verify);
        assert_eq!(
            note.cells,
            ["t3.other_other.natural_person", "t3.other_other.total"]
        );
        assert!(note.message.contains("2 个单元格"), "{}", note.message);
    }

    #[test]
    fn unread_cells_stay_unread_and_sums_over_them_too() {
        let mut src = numbered("2021", 2020);
        let f = src.format().clone();
        let unread = ["t3.granted.total", "t3.other_overdue_fee.research"];
        for k in unread {
            src.set_cell(k, "").expect("key");
            src.set_unread(f.index_of(k).expect("key"), true);
        }
        src.set_cell("t3.other_other.commercial", "多件")
            .expect("key");
        let m = migrate(&src, "2019").expect("migrates");
        let to = m.report.format();
        let is_unread = |k: &str| m.report.is_unread(to.index_of(k).expect("key"));
        assert!(is_unread("t3.granted.total"));
        assert!(is_unread("t3.other_processing.research"));
        assert!(!is_unread("t3.other_processing.natural_person"));
        assert_eq!(m.report.cell("t3.other_processing.commercial"), Some(""));
        assert_eq!(
            keys(&m.summary.not_summed),
            ["t3.other_processing.commercial"].into()
        );
        assert!(m.summary.not_summed[0].text.contains("多件"));
    }

    #[test]
    fn meta_sections_and_reviews_carry_over_and_round_trip_keeps_t3() {
        let mut src = numbered("2019", 2023);
        src.published = crate::model::Date::new(2024, 1, 20);
        src.set_section("overview", "总体情况");
        src.set_section("other_matters", "无");
        let m = migrate(&src, "2021").expect("migrates");
        assert_eq!(
            (m.report.agency.as_str(), m.report.year, m.report.published),
            ("测试局", 2023, src.published)
        );
        assert_eq!(m.report.section("overview"), "总体情况");
        assert_eq!(m.report.section("other_matters"), "无");
        assert_eq!(m.summary.sections, ["other_matters", "overview"]);
        let back = migrate(&m.report, "2019").expect("migrates back");
        for k in shared_t3_t4() {
            assert_eq!(back.report.cell(&k), src.cell(&k), "{k}");
        }
        assert_eq!(
            back.report.cell("t3.other_processing.total"),
            src.cell("t3.other_processing.total")
        );
    }

    #[test]
    fn notes_of_the_reading_stay_only_where_their_cells_were_carried_as_they_are() {
        let note = |cells: &[&str]| Finding {
            rule: "IMPORT-NOT-FOUND".into(),
            severity: crate::rules::Severity::Verify,
            scope: Scope::InTable,
            cells: cells.iter().map(|c| (*c).to_owned()).collect(),
            suspect: None,
            actual: None,
            expected: None,
            message: "未找到".into(),
            section: None,
            consequences: Vec::new(),
        };
        let kept = [note(&[]), note(&["t3.granted.total", "t4.review.total"])];
        let gone = [
            note(&["t2.art20_1.rules.made"]),
            note(&["t3.other_processing.total"]),
            note(&["t3.granted.total", "t2.art20_9.procurement.amount"]),
        ];
        let notes: Vec<Finding> = kept.iter().chain(&gone).cloned().collect();
        let m = migrate(&numbered("2019", 2023), "2021").expect("migrates");
        let carried = m.carry_notes(&notes);
        assert_eq!(carried[..2], kept);
        assert_eq!(carried[2].rule, "MIGRATE-SPLIT");
        assert_eq!(carried.len(), 3);
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        let r = numbered("2021", 2021);
        assert!(matches!(
            migrate(&r, "2021"),
            Err(MigrateError::AlreadyThere(_))
        ));
        let e = migrate(&r, "2030").expect_err("unknown");
        assert!(e.to_string().contains("2030"), "{e}");
    }
}
