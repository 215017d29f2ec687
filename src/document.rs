//! An open report being edited: the report, its findings kept current after every edit,
//! undo/redo, last year's report for the cross-year rules, and whether it is saved.
//!
//! Everything a window does to a report goes through here, so the GUI stays a thin shell
//! and every behaviour can be tested without one.

use std::path::{Path, PathBuf};

use crate::io::{self, FileError};
use crate::migrate::{self, MigrateError, MigrationReport};
use crate::model::{Date, Report, Review};
use crate::rules::{self, Finding};

/// What the 报告属性 dialog sets: agency, year and publication date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// The agency (发布机关).
    pub agency: String,
    /// The report year.
    pub year: i32,
    /// Publication date, when known.
    pub published: Option<Date>,
}

/// The whole report with the notes kept beside its findings, as before and after a
/// migration.
#[derive(Debug, Clone, PartialEq)]
struct Snapshot {
    report: Report,
    notes: Vec<Finding>,
}

/// One undoable change.
#[derive(Debug, Clone, PartialEq)]
enum Edit {
    /// Cells changed together.
    Cells(Vec<CellEdit>),
    /// A narrative section changed.
    Section {
        id: String,
        old: String,
        new: String,
    },
    /// A finding's review changed.
    Review {
        id: String,
        old: Option<Review>,
        new: Option<Review>,
    },
    /// Agency, year or publication date changed.
    Meta { old: Meta, new: Meta },
    /// The report moved to another format.
    Replace {
        old: Box<Snapshot>,
        new: Box<Snapshot>,
    },
}

/// One cell's change: its text before and after, and whether the import had left it
/// unread before (undone, it is unread again — not blank, which would count as 0).
#[derive(Debug, Clone, PartialEq)]
struct CellEdit {
    index: usize,
    old: String,
    new: String,
    was_unread: bool,
}

impl Edit {
    /// Takes `next`'s new state when both edit the same single target; returns whether
    /// it did.
    fn absorb(&mut self, next: Edit) -> bool {
        match (self, next) {
            (Edit::Cells(cells), Edit::Cells(next)) => match (cells.as_mut_slice(), &next[..]) {
                ([first], [next]) if first.index == next.index => {
                    next.new.clone_into(&mut first.new);
                    true
                }
                _ => false,
            },
            (
                Edit::Section { id, new, .. },
                Edit::Section {
                    id: j, new: text, ..
                },
            ) if *id == j => {
                *new = text;
                true
            }
            (
                Edit::Review { id, new, .. },
                Edit::Review {
                    id: j, new: review, ..
                },
            ) if *id == j => {
                *new = review;
                true
            }
            (Edit::Meta { new, .. }, Edit::Meta { new: meta, .. }) => {
                *new = meta;
                true
            }
            _ => false,
        }
    }

    /// Whether undoing it would change nothing.
    fn is_noop(&self) -> bool {
        match self {
            // Typed into an unread cell and erased: no longer unread, which undo restores.
            Edit::Cells(cells) => cells.iter().all(|c| c.old == c.new && !c.was_unread),
            Edit::Section { old, new, .. } => old == new,
            Edit::Review { old, new, .. } => old == new,
            Edit::Meta { old, new } => old == new,
            Edit::Replace { old, new } => old == new,
        }
    }
}

/// What a paste did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasteOutcome {
    /// Fields that landed on a cell.
    pub pasted: usize,
    /// Cells whose text changed.
    pub changed: usize,
    /// Fields that fell outside the block and were left out.
    pub skipped: usize,
}

/// An edit on the undo stack, with a serial number for telling saved states apart.
#[derive(Debug, Clone)]
struct Step {
    edit: Edit,
    serial: u64,
}

/// An open report.
#[derive(Debug)]
pub struct Document {
    report: Report,
    path: Option<PathBuf>,
    prior: Option<Report>,
    findings: Vec<Finding>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    next_serial: u64,
    saved_serial: u64,
    /// Whether the next edit of the same cell or section may join the last undo step.
    merge_open: bool,
    /// Notes from reading the file (labels a spreadsheet lacked), kept with the findings.
    notes: Vec<Finding>,
    /// Per note, whether every cell it names was unread when it was made: such a note is
    /// answered, and no longer shown, once the clerk has filled them all.
    about_unread: Vec<bool>,
    /// Keeps what the last check read, so that a check after an edit redoes only what
    /// the edit changed.
    checker: rules::Checker,
}

impl Document {
    /// Opens a report that lives at `path` (or nowhere yet).
    pub fn new(report: Report, path: Option<PathBuf>) -> Document {
        let mut checker = rules::Checker::default();
        let findings = checker.validate(&report, None);
        Document {
            report,
            path,
            prior: None,
            findings,
            checker,
            undo: Vec::new(),
            redo: Vec::new(),
            next_serial: 1,
            saved_serial: 0,
            merge_open: false,
            notes: Vec::new(),
            about_unread: Vec::new(),
        }
    }

    /// A report brought back from an autosave: it belongs at `path` but is not saved
    /// there, so it counts as changed until it is.
    pub fn recovered(report: Report, path: Option<PathBuf>) -> Document {
        let mut doc = Document::new(report, path);
        doc.saved_serial = u64::MAX;
        doc
    }

    /// Opens a report file of any supported kind; what its reading could not make out
    /// joins the findings.
    pub fn open(path: &Path) -> Result<Document, FileError> {
        let opened = io::open_report(path)?;
        // Only native files can be saved back as they are; others get "save as".
        let own = io::FileKind::of(path).ok() == Some(io::FileKind::Native);
        let mut doc = Document::new(opened.report, own.then(|| path.to_owned()));
        doc.set_notes(opened.notes);
        doc.revalidate();
        Ok(doc)
    }

    /// The report.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Findings of the report as it is now, blocking first.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Where the report is saved, if anywhere.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether there are changes not saved.
    pub fn is_dirty(&self) -> bool {
        self.current_serial() != self.saved_serial
    }

    /// Last year's report, if linked.
    pub fn prior(&self) -> Option<&Report> {
        self.prior.as_ref()
    }

    /// Links (or unlinks) last year's report for the cross-year rules.
    pub fn set_prior(&mut self, prior: Option<Report>) {
        self.prior = prior;
        self.revalidate();
    }

    fn current_serial(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.serial)
    }

    fn revalidate(&mut self) {
        self.findings = self.checker.validate(&self.report, self.prior.as_ref());
        let open = self
            .notes
            .iter()
            .zip(&self.about_unread)
            .filter(|(n, about)| !**about || n.cells.iter().any(|k| unread(&self.report, k)));
        self.findings.extend(open.map(|(n, _)| n.clone()));
    }

    /// The notes from reading the file (or moving it to another format), each marked by
    /// whether it is about cells unread now.
    fn set_notes(&mut self, notes: Vec<Finding>) {
        self.about_unread = notes
            .iter()
            .map(|n| !n.cells.is_empty() && n.cells.iter().all(|k| unread(&self.report, k)))
            .collect();
        self.notes = notes;
    }

    /// Ends the current typing run: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        self.merge_open = false;
    }

    /// Sets one cell's text. Consecutive edits of the same cell, until [`Document::seal`],
    /// are one undo step (typing a number is one change, not one per key).
    pub fn set_cell(&mut self, index: usize, text: &str) {
        if self.report.cell_at(index) == text {
            return;
        }
        let was_unread = self.report.is_unread(index);
        let old = self.report.set_cell_at(index, text);
        self.record_typing(Edit::Cells(vec![CellEdit {
            index,
            old,
            new: text.to_owned(),
            was_unread,
        }]));
        self.revalidate();
    }

    /// Sets many cells as one undo step (paste, fill). Returns how many changed.
    pub fn set_cells(&mut self, changes: impl IntoIterator<Item = (usize, String)>) -> usize {
        let mut applied = Vec::new();
        for (index, text) in changes {
            if self.report.cell_at(index) != text {
                let was_unread = self.report.is_unread(index);
                let old = self.report.set_cell_at(index, text.clone());
                applied.push(CellEdit {
                    index,
                    old,
                    new: text,
                    was_unread,
                });
            }
        }
        let n = applied.len();
        if n > 0 {
            self.record(Edit::Cells(applied), false);
            self.revalidate();
        }
        n
    }

    /// Pastes a clipboard block (TSV, as Excel and WPS copy it) with its top-left field
    /// at cell `at`, as one undo step. Fields that fall outside `at`'s block are skipped
    /// rather than wrapped elsewhere.
    pub fn paste(&mut self, at: usize, text: &str) -> PasteOutcome {
        let format = std::sync::Arc::clone(self.report.format());
        let mut changes = Vec::new();
        let mut skipped = 0;
        for (line, fields) in io::parse_tsv(text).into_iter().enumerate() {
            for (col, field) in fields.into_iter().enumerate() {
                let target = isize::try_from(line)
                    .ok()
                    .zip(isize::try_from(col).ok())
                    .and_then(|(l, c)| format.offset(at, l, c));
                match target {
                    Some(index) => changes.push((index, field)),
                    None => skipped += 1,
                }
            }
        }
        let pasted = changes.len();
        let changed = self.set_cells(changes);
        PasteOutcome {
            pasted,
            changed,
            skipped,
        }
    }

    /// The rectangle of cells spanned by `a` and `b` as a clipboard block (TSV); empty
    /// when they lie in different blocks.
    pub fn copy(&self, a: usize, b: usize) -> String {
        let lines: Vec<Vec<String>> = self
            .report
            .format()
            .rectangle(a, b)
            .into_iter()
            .map(|line| {
                line.into_iter()
                    .map(|cell| {
                        cell.map(|i| self.report.cell_at(i).to_owned())
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        io::write_tsv(&lines)
    }

    /// 自动计算合计: fills every total from its parts as one undo step. Returns how many
    /// cells changed.
    pub fn fill_totals(&mut self) -> usize {
        let unread: Vec<usize> = self.report.unread().collect();
        let changes = rules::fill_totals(&mut self.report);
        let n = changes.len();
        if n > 0 {
            let cells = changes.into_iter().map(|c| CellEdit {
                was_unread: unread.contains(&c.index),
                index: c.index,
                old: c.old,
                new: c.new,
            });
            self.record(Edit::Cells(cells.collect()), false);
            self.revalidate();
        }
        n
    }

    /// Sets a narrative section; consecutive edits of one section merge like cells.
    pub fn set_section(&mut self, id: &str, text: &str) {
        if self.report.section(id) == text {
            return;
        }
        let old = self.report.set_section(id, text);
        self.record_typing(Edit::Section {
            id: id.to_owned(),
            old,
            new: text.to_owned(),
        });
        self.revalidate();
    }

    /// Sets what the clerk and reviewer said about a finding (an empty review removes it);
    /// typing into one review's text merges like cells.
    pub fn set_review(&mut self, finding_id: &str, mut review: Review) {
        // The review is of the finding as it reads now.
        if let Some(f) = self.findings.iter().find(|f| f.id() == finding_id) {
            review.basis = f.basis();
        }
        let new = (!review.is_empty()).then_some(review);
        let old = self.report.reviews.get(finding_id).cloned();
        if old == new {
            return;
        }
        self.apply_review(finding_id, new.clone());
        self.record_typing(Edit::Review {
            id: finding_id.to_owned(),
            old,
            new,
        });
    }

    fn apply_review(&mut self, id: &str, review: Option<Review>) {
        match review {
            Some(r) => self.report.reviews.insert(id.to_owned(), r),
            None => self.report.reviews.remove(id),
        };
    }

    /// Puts an edit already applied on the undo stack. A new edit ends the redo history;
    /// `mergeable` lets the following edits of the same cell or section join it.
    fn record(&mut self, edit: Edit, mergeable: bool) {
        let serial = self.next_serial;
        self.next_serial += 1;
        self.undo.push(Step { edit, serial });
        self.redo.clear();
        self.merge_open = mergeable;
    }

    /// Records one keystroke's edit: it joins the last step when that step is a typing
    /// run on the same target not yet sealed, otherwise it starts a new mergeable step.
    /// A run that ends where it started is no change at all.
    fn record_typing(&mut self, edit: Edit) {
        let Some(last) = self.undo.last_mut().filter(|_| self.merge_open) else {
            return self.record(edit, true);
        };
        if !last.edit.absorb(edit.clone()) {
            return self.record(edit, true);
        }
        if last.edit.is_noop() {
            self.undo.pop();
            self.merge_open = false;
        }
    }

    /// Undoes the last step. Returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        self.apply(&step.edit, true);
        self.redo.push(step);
        true
    }

    /// Redoes the last undone step. Returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        self.apply(&step.edit, false);
        self.undo.push(step);
        true
    }

    /// Whether there is something to undo / redo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn apply(&mut self, edit: &Edit, backwards: bool) {
        self.merge_open = false;
        match edit {
            Edit::Cells(cells) => {
                for c in cells {
                    let text = if backwards { &c.old } else { &c.new };
                    self.report.set_cell_at(c.index, text.clone());
                    if backwards && c.was_unread {
                        self.report.set_unread(c.index, true);
                    }
                }
            }
            Edit::Section { id, old, new } => {
                self.report
                    .set_section(id, if backwards { old } else { new }.as_str());
            }
            Edit::Review { id, old, new } => {
                self.apply_review(id, if backwards { old } else { new }.clone());
            }
            Edit::Meta { old, new } => self.put_meta(if backwards { old } else { new }.clone()),
            Edit::Replace { old, new } => {
                let Snapshot { report, notes } = if backwards { old } else { new }.as_ref();
                self.report = report.clone();
                self.set_notes(notes.clone());
            }
        }
        self.revalidate();
    }

    /// Agency, year and publication date.
    pub fn meta(&self) -> Meta {
        Meta {
            agency: self.report.agency.clone(),
            year: self.report.year,
            published: self.report.published,
        }
    }

    fn put_meta(&mut self, meta: Meta) {
        let r = &mut self.report;
        r.agency = meta.agency;
        r.year = meta.year;
        r.published = meta.published;
    }

    /// Changes agency, year and publication date (the 报告属性 dialog). Undoable like a
    /// cell edit: consecutive changes, until [`Document::seal`], are one step (typing an
    /// agency name is one change, not one per key). Findings follow (FORMAT-YEAR, LATE).
    pub fn set_meta(&mut self, agency: &str, year: i32, published: Option<Date>) {
        let new = Meta {
            agency: agency.to_owned(),
            year,
            published,
        };
        let old = self.meta();
        if old == new {
            return;
        }
        self.put_meta(new.clone());
        self.record_typing(Edit::Meta { old, new });
        self.revalidate();
    }

    /// Moves the report to the format `to` (an id: `2021`) by the built-in migration
    /// files, as one undo step. Cells that mean the same are carried over; the returned
    /// report lists what was not, and the notes it leaves join the findings.
    pub fn migrate(&mut self, to: &str) -> Result<MigrationReport, MigrateError> {
        let migrated = migrate::migrate(&self.report, to)?;
        let new = Snapshot {
            notes: migrated.carry_notes(&self.notes),
            report: migrated.report,
        };
        let old = Snapshot {
            report: std::mem::replace(&mut self.report, new.report.clone()),
            notes: std::mem::take(&mut self.notes),
        };
        self.set_notes(new.notes.clone());
        self.record(
            Edit::Replace {
                old: Box::new(old),
                new: Box::new(new),
            },
            false,
        );
        self.revalidate();
        Ok(migrated.summary)
    }

    /// Saves to the current path. Errors if there is none (use [`Document::save_as`]).
    pub fn save(&mut self) -> Result<(), FileError> {
        let path = self
            .path
            .clone()
            .ok_or_else(|| FileError::Invalid("尚未选择保存位置".into()))?;
        self.save_as(&path)
    }

    /// Saves to `path` (the kind by its extension) and remembers it for native files.
    pub fn save_as(&mut self, path: &Path) -> Result<(), FileError> {
        io::save(&self.report, &self.findings, path)?;
        if io::FileKind::of(path)? == io::FileKind::Native {
            self.path = Some(path.to_owned());
            self.saved_serial = self.current_serial();
        }
        Ok(())
    }
}

/// Whether the cell `key` of `report` is unread.
fn unread(report: &Report, key: &str) -> bool {
    report
        .format()
        .index_of(key)
        .is_some_and(|i| report.is_unread(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    /// A cell the import could not read, typed into and undone, is unread again — not
    /// blank, which would count as 0 and break its sums — by typing, paste and fill alike;
    /// typed and erased, undo brings the unread mark back too.
    #[test]
    fn undoing_an_edit_of_an_unread_cell_leaves_it_unread() {
        let mut r = doc().report().clone();
        let i = r.format().index_of("t3.granted.total").expect("key");
        r.set_cell_at(i, "");
        r.set_unread(i, true);
        let mut d = Document::new(r, None);
        let before = d.findings().to_vec();
        assert!(
            before
                .iter()
                .all(|f| f.severity != crate::rules::Severity::Blocking)
        );
        d.set_cell(i, "7");
        assert!(!d.report().is_unread(i));
        assert!(d.undo());
        assert!(d.report().is_unread(i));
        assert_eq!(d.findings(), before.as_slice());
        assert!(d.redo());
        assert_eq!(d.report().cell_at(i), "7");
        assert!(d.undo());
        // Pasted and filled.
        assert_eq!(d.set_cells([(i, "3".to_owned())]), 1);
        assert!(d.undo());
        assert!(d.report().is_unread(i));
        if d.fill_totals() > 0 {
            assert!(d.undo());
            assert!(d.report().is_unread(i));
        }
        // Typed and erased in one typing run: one undo step that marks it unread again.
        d.set_cell(i, "5");
        d.set_cell(i, "");
        assert!(!d.report().is_unread(i));
        assert!(d.undo());
        assert!(d.report().is_unread(i));
        assert_eq!(d.findings(), before.as_slice());
    }

    fn doc() -> Document {
        let f = Registry::builtin()
            .expect("formats")
            .for_year(2021)
            .expect("2021")
            .clone();
        let mut r = Report::new(f, "测试局", 2021);
        for i in 0..r.format().cells().len() {
            r.set_cell_at(i, "0");
        }
        Document::new(r, None)
    }

    fn idx(d: &Document, key: &str) -> usize {
        d.report().format().index_of(key).expect("key")
    }

    #[test]
    fn typing_is_one_undo_step_and_findings_follow() {
        let mut d = doc();
        let i = idx(&d, "t3.granted.natural_person");
        assert!(!d.is_dirty());
        for text in ["1", "12"] {
            d.set_cell(i, text);
        }
        assert!(d.is_dirty());
        assert!(d.findings().iter().any(|f| f.rule == "T3-TOTAL-ROW"));
        d.seal();
        assert!(d.undo());
        assert_eq!(d.report().cell_at(i), "0");
        assert!(!d.findings().iter().any(|f| f.rule == "T3-TOTAL-ROW"));
        assert!(!d.is_dirty());
        assert!(d.redo());
        assert_eq!(d.report().cell_at(i), "12");
    }

    #[test]
    fn typing_back_to_the_start_leaves_nothing_to_undo() {
        let mut d = doc();
        let i = idx(&d, "t4.review.upheld");
        d.set_cell(i, "5");
        d.set_cell(i, "0");
        assert!(!d.can_undo());
        assert!(!d.is_dirty());
    }

    #[test]
    fn fill_totals_is_undoable() {
        let mut d = doc();
        d.set_cells([
            (idx(&d, "t3.granted.natural_person"), "3".to_owned()),
            (idx(&d, "t3.new_received.natural_person"), "3".to_owned()),
        ]);
        assert!(
            d.findings()
                .iter()
                .any(|f| f.severity == crate::rules::Severity::Blocking)
        );
        assert!(d.fill_totals() > 0);
        assert!(
            d.findings()
                .iter()
                .all(|f| f.severity != crate::rules::Severity::Blocking)
        );
        d.undo();
        assert!(
            d.findings()
                .iter()
                .any(|f| f.severity == crate::rules::Severity::Blocking)
        );
    }

    #[test]
    fn sections_and_reviews_undo() {
        let mut d = doc();
        d.set_section("overview", "你");
        d.set_section("overview", "你好");
        d.seal();
        d.set_review(
            "X@y",
            Review {
                explanation: "说明".into(),
                ..Default::default()
            },
        );
        d.undo();
        assert!(d.report().reviews.is_empty());
        d.undo();
        assert_eq!(d.report().section("overview"), "");
    }

    #[test]
    fn typing_a_review_is_one_undo_step() {
        let mut d = doc();
        for text in ["确", "确属", "确属实"] {
            let review = Review {
                explanation: text.into(),
                ..Default::default()
            };
            d.set_review("X@y", review);
        }
        d.seal();
        let confirmed = Review {
            explanation: "确属实".into(),
            status: crate::model::ReviewStatus::Confirmed,
            ..Default::default()
        };
        d.set_review("X@y", confirmed);
        d.undo();
        assert_eq!(d.report().reviews["X@y"].explanation, "确属实");
        assert!(d.undo());
        assert!(d.report().reviews.is_empty());
        assert!(!d.can_undo());
    }

    #[test]
    fn meta_changes_undo_like_cell_edits_and_findings_follow() {
        let mut d = doc();
        d.set_section("overview", "概述");
        d.set_section("problems", "问题");
        d.set_section("other_matters", "无");
        d.seal();
        assert!(!d.findings().iter().any(|f| f.rule == "LATE"));
        for agency in ["测", "测试市", "测试市局"] {
            d.set_meta(agency, 2021, None);
        }
        d.seal();
        assert!(d.is_dirty());
        let late = crate::model::Date::new(2022, 3, 1);
        d.set_meta("测试市局", 2021, late);
        assert!(d.findings().iter().any(|f| f.rule == "LATE"));
        d.seal();
        d.set_meta("测试市局", 2020, late);
        assert!(d.findings().iter().any(|f| f.rule == "FORMAT-YEAR"));
        assert!(d.undo());
        assert!(!d.findings().iter().any(|f| f.rule == "FORMAT-YEAR"));
        assert!(d.undo());
        assert_eq!(d.report().published, None);
        assert!(!d.findings().iter().any(|f| f.rule == "LATE"));
        // The agency typed key by key is one step.
        assert_eq!(d.report().agency, "测试市局");
        assert!(d.undo());
        assert_eq!(d.report().agency, "测试局");
        assert!(d.redo());
        assert_eq!(d.meta().agency, "测试市局");
    }

    #[test]
    fn migrating_is_one_undo_step_and_clears_format_year() {
        let f = Registry::builtin()
            .expect("formats")
            .get("2019")
            .expect("2019")
            .clone();
        let mut r = Report::new(f, "测试局", 2023);
        for i in 0..r.format().cells().len() {
            r.set_cell_at(i, "0");
        }
        r.set_cell("t3.other_processing.total", "2").expect("key");
        r.set_cell("t3.other_processing.other", "2").expect("key");
        let mut d = Document::new(r.clone(), None);
        assert!(d.findings().iter().any(|f| f.rule == "FORMAT-YEAR"));
        let summary = d.migrate("2021").expect("migrates");
        assert_eq!(summary.dropped.len(), 17);
        assert_eq!(d.report().format().id(), "2021");
        assert!(!d.findings().iter().any(|f| f.rule == "FORMAT-YEAR"));
        assert!(d.findings().iter().any(|f| f.rule == "MIGRATE-SPLIT"));
        assert!(d.is_dirty());
        assert!(d.undo());
        assert_eq!(d.report(), &r);
        assert!(!d.findings().iter().any(|f| f.rule == "MIGRATE-SPLIT"));
        assert!(!d.is_dirty());
        assert!(d.redo());
        assert_eq!(d.report().cell("t3.other_other.total"), Some("2"));
        assert!(d.migrate("2021").is_err(), "already 2021");
    }

    #[test]
    fn save_marks_clean_and_reopens_identical() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.nianbao");
        let mut d = doc();
        d.set_cell(idx(&d, "t4.review.upheld"), "1");
        d.save_as(&path).expect("save");
        assert!(!d.is_dirty());
        let again = Document::open(&path).expect("open");
        assert_eq!(again.report(), d.report());
        assert_eq!(again.path(), Some(path.as_path()));
    }

    #[test]
    fn pasting_a_block_fills_from_the_focused_cell_as_one_step() {
        let mut d = doc();
        let at = idx(&d, "t3.granted.research");
        let out = d.paste(at, "1\t2\t3\t4\t5\t6\r\n6\t\t8次\r\n");
        // From research to total are 5 columns: the sixth field has no cell.
        assert_eq!((out.pasted, out.skipped), (8, 1));
        assert_eq!(d.report().cell_at(idx(&d, "t3.granted.total")), "5");
        assert_eq!(
            d.report().cell_at(idx(&d, "t3.partially_granted.research")),
            "6"
        );
        assert_eq!(
            d.report()
                .cell_at(idx(&d, "t3.partially_granted.commercial")),
            "0"
        );
        assert_eq!(
            d.report()
                .cell_at(idx(&d, "t3.partially_granted.social_welfare")),
            ""
        );
        assert_eq!(
            d.report()
                .cell_at(idx(&d, "t3.partially_granted.legal_service")),
            "8次"
        );
        assert!(d.undo());
        assert_eq!(d.report().cell_at(idx(&d, "t3.granted.research")), "0");
        assert_eq!(
            d.report()
                .cell_at(idx(&d, "t3.partially_granted.legal_service")),
            "0"
        );
        assert!(!d.is_dirty());
    }

    #[test]
    fn pasting_past_the_block_edge_skips_fields() {
        let mut d = doc();
        let at = idx(&d, "t3.carry_forward.total");
        let out = d.paste(at, "7\t8\n9\n");
        assert_eq!((out.pasted, out.skipped), (1, 2));
        assert_eq!(d.report().cell_at(at), "7");
    }

    #[test]
    fn copying_a_selection_gives_what_pasting_reads() {
        let mut d = doc();
        let a = idx(&d, "t3.granted.natural_person");
        d.paste(a, "1\t\"x\ty\"\n/\t8次\n");
        let b = idx(&d, "t3.partially_granted.commercial");
        assert_eq!(d.copy(b, a), "1\t\"x\ty\"\r\n/\t8次\r\n");
        let elsewhere = idx(&d, "t4.review.total");
        assert_eq!(d.copy(a, elsewhere), "");
    }
}
