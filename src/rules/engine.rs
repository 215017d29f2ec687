//! Running a format's rules over a report.
//!
//! One root cause gives one finding plus the sums it really breaks: a blank cell counts
//! as 0 (one CELL-BLANK finding), a cell with no usable number takes every sum it is part
//! of out of the check (one CELL-NUMBER finding), and a table left entirely blank is one
//! SECTION-MISSING finding instead of a blank finding per cell.

use rust_decimal::Decimal;

use crate::format::{
    Amounts, CellClass, Check, Format, Narrative, Registry, Relation, Repeat, SectionContent,
    SpeaksOf, Statement, SumCheck, Term, UnitAdvice, ValueKind,
};
use crate::model::{Date, Reading, Report};

use super::Finding;
use super::narrative;
use super::template::fill;
use crate::format::Rule;

/// Checks `report` against every rule of its format; `prior` is last year's report of the
/// same agency, for the cross-year rules (they are skipped without it).
pub fn validate(report: &Report, prior: Option<&Report>) -> Vec<Finding> {
    Checker::default().validate(report, prior)
}

/// Checks a report again and again as it is edited, doing again only what an edit
/// changed: a cell is read again when its text changed, and the narrative rules
/// (TEXT-TABLE, FEE-TEXT, FEE-AMOUNT, TEXT-REPEAT) run again only when a narrative section, the
/// agency, a cell they compare or last year's narrative changed.
#[derive(Debug, Clone, Default)]
pub struct Checker {
    this: ReadCells,
    prior: ReadCells,
    /// For each of this format's cells, the prior report's cell with the same key.
    prior_index: Vec<Option<usize>>,
    /// The formats `prior_index` maps between (this, prior).
    prior_formats: (String, String),
    narrative: Option<NarrativeMemo>,
    /// Whether the last read had a prior report.
    had_prior: bool,
    /// What changed since the sum outcomes were last brought up to date.
    stale: Stale,
    /// Which tables are blank throughout, and the blank columns and rows, as of the
    /// last read (made again only when a cell became or stopped being blank).
    empty_tables: Vec<bool>,
    blank_groups: Vec<BlankGroup>,
    /// Per cell, whether it is in a blank group.
    grouped: Vec<bool>,
    sums: SumMemo,
    /// Per cell rule (empty for other rules), per cell, its finding about that cell.
    cell_findings: Vec<Vec<Option<Finding>>>,
}

impl Checker {
    /// Same findings as [`validate`], reusing what the last call read.
    pub fn validate(&mut self, report: &Report, prior: Option<&Report>) -> Vec<Finding> {
        let format = report.format();
        self.read(report, prior);
        // The cells read again since the last call (all, after a change of format or of
        // last year's report): the memo was made or checked then.
        let changed = (!self.stale.all).then_some(self.stale.cells.as_slice());
        let readings = &self.this.readings;
        let memo = self
            .narrative
            .take()
            .filter(|m| m.holds(report, prior, readings, changed));
        self.refresh_sums(report, prior);
        let ctx = self.ctx(report, prior);
        let mut findings = Vec::new();
        let mut explained = Vec::new();
        let mut narrative_findings = Vec::new();
        for (r, rule) in format.rules().iter().enumerate() {
            if matches!(rule.check, Check::Sum(_)) {
                ctx.gather(rule, &self.sums.outcomes[r], &mut findings, &mut explained);
            } else if let Check::Cells(class) = rule.check {
                if class == CellClass::Blank {
                    ctx.group_findings(rule, &mut findings);
                }
                findings.extend(self.cell_findings[r].iter().flatten().cloned());
            } else if !reads_narrative(rule) {
                ctx.run(rule, &mut findings, &mut explained);
            } else if let Some(m) = &memo {
                findings.extend(m.findings[narrative_findings.len()].iter().cloned());
                narrative_findings.push(Vec::new());
            } else {
                let start = findings.len();
                ctx.run(rule, &mut findings, &mut explained);
                narrative_findings.push(findings[start..].to_vec());
            }
        }
        fold(format, &mut findings, explained);
        findings.sort_by_key(|f| f.severity);
        self.narrative = Some(match memo {
            Some(m) => m,
            None => NarrativeMemo::new(report, prior, &self.this.readings, narrative_findings),
        });
        findings
    }

    /// Brings the readings of `report` and `prior` up to date, and what follows from
    /// which cells are blank.
    fn read(&mut self, report: &Report, prior: Option<&Report>) {
        let format = report.format();
        let changed = self.this.update(report);
        let mut prior_changed = prior.is_some() != self.had_prior;
        self.had_prior = prior.is_some();
        if let Some(p) = prior {
            let c = self.prior.update(p);
            prior_changed |= c.all || !c.cells.is_empty();
            let formats = (format.id().to_owned(), p.format().id().to_owned());
            if self.prior_formats != formats || self.prior_index.len() != format.cells().len() {
                self.prior_index = format
                    .cells()
                    .iter()
                    .map(|c| p.format().index_of(&c.key))
                    .collect();
                self.prior_formats = formats;
                prior_changed = true;
            }
        }
        if changed.all || changed.blanks || self.empty_tables.len() != format.tables().len() {
            let readings = &self.this.readings;
            self.empty_tables = empty_tables(format, readings);
            self.blank_groups = blank_groups(format, readings, &self.empty_tables);
            self.grouped = vec![false; readings.len()];
            for g in &self.blank_groups {
                for &i in &g.cells {
                    self.grouped[i] = true;
                }
            }
            self.stale.blanks = true;
        }
        self.stale.all |= changed.all || prior_changed;
        self.stale.cells.extend(changed.cells);
        self.stale.texts.extend(changed.texts);
    }

    /// Checks again the sums that read a cell read again since the last call (all of
    /// them after a change of format or of last year's report).
    fn refresh_sums(&mut self, report: &Report, prior: Option<&Report>) {
        let format = report.format();
        let stale = std::mem::take(&mut self.stale);
        let mut sums = std::mem::take(&mut self.sums);
        let mut cell_findings = std::mem::take(&mut self.cell_findings);
        let all = stale.all || sums.format != format.id();
        let all_cells = all || stale.blanks;
        if sums.format != format.id() {
            sums = SumMemo::new(format);
        }
        let ctx = self.ctx(report, prior);
        let rules = format.rules();
        let mut redo = |r: usize, c: usize| {
            if let Check::Sum(checks) = &rules[r].check {
                sums.outcomes[r][c] = ctx.outcome(&rules[r], &checks[c]);
            }
        };
        if all {
            for (r, rule) in rules.iter().enumerate() {
                if let Check::Sum(checks) = &rule.check {
                    (0..checks.len()).for_each(|c| redo(r, c));
                }
            }
        } else {
            for &i in &stale.cells {
                for &(r, c) in &sums.by_cell[i] {
                    redo(r, c);
                }
            }
        }
        if all {
            cell_findings = rules
                .iter()
                .map(|rule| match rule.check {
                    Check::Cells(_) => vec![None; format.cells().len()],
                    _ => Vec::new(),
                })
                .collect();
        }
        for (rule, kept) in rules.iter().zip(&mut cell_findings) {
            let Check::Cells(class) = rule.check else {
                continue;
            };
            if all_cells {
                for (i, f) in kept.iter_mut().enumerate() {
                    *f = ctx.cell_finding(rule, class, i);
                }
            } else {
                for &i in &stale.texts {
                    kept[i] = ctx.cell_finding(rule, class, i);
                }
            }
        }
        self.sums = sums;
        self.cell_findings = cell_findings;
    }

    /// The report as the rules read it, from what [`Checker::read`] read.
    fn ctx<'a>(&'a self, report: &'a Report, prior: Option<&'a Report>) -> Ctx<'a> {
        let format = report.format();
        Ctx {
            format,
            report,
            readings: &self.this.readings,
            values: &self.this.values,
            prior: prior.map(|_| (self.prior_index.as_slice(), self.prior.values.as_slice())),
            prior_report: prior,
            empty_tables: &self.empty_tables,
            blank_groups: &self.blank_groups,
            grouped: &self.grouped,
        }
    }
}

/// Runs `f` with `report` read for the rules (and `prior`'s values by this year's keys).
pub(super) fn with_ctx<R>(
    report: &Report,
    prior: Option<&Report>,
    f: impl FnOnce(&Ctx<'_>) -> R,
) -> R {
    let mut checker = Checker::default();
    checker.read(report, prior);
    f(&checker.ctx(report, prior))
}

/// Whether a rule reads the narrative (its findings are kept between edits that leave
/// what it reads alone).
fn reads_narrative(rule: &Rule) -> bool {
    matches!(
        rule.check,
        Check::NarrativeCounts(_)
            | Check::NarrativeRepeat(_)
            | Check::SectionSpeaksOf(_)
            | Check::NarrativeAmounts(_)
    )
}

/// The cells the narrative rules compare.
fn narrative_cells(format: &Format) -> impl Iterator<Item = usize> + '_ {
    format
        .rules()
        .iter()
        .flat_map(|rule| -> Box<dyn Iterator<Item = usize> + '_> {
            match &rule.check {
                Check::NarrativeCounts(n) => Box::new(
                    n.statements
                        .iter()
                        .flat_map(|st| st.cells.iter().chain(st.also.iter().flatten()).copied()),
                ),
                Check::SectionSpeaksOf(s) => Box::new(s.cells.iter().copied()),
                _ => Box::new(std::iter::empty()),
            }
        })
}

/// A report's cells as last read: each reading kept until its text changes.
#[derive(Debug, Clone, Default)]
struct ReadCells {
    format: String,
    /// The report's lineage and latest change as of the last read (see [`crate::model::Stamps`]):
    /// cells not changed since need not be compared.
    seen: (u64, u64),
    texts: Vec<String>,
    unread: Vec<bool>,
    readings: Vec<Reading>,
    values: Vec<Option<Decimal>>,
}

/// What has changed since the sums were last checked.
#[derive(Debug, Clone, Default)]
struct Stale {
    /// Everything (first check, another format, last year's report changed).
    all: bool,
    /// Cells read again.
    cells: Vec<usize>,
    /// Cells whose text or unread mark changed.
    texts: Vec<usize>,
    /// Whether the blank groups were made again.
    blanks: bool,
}

/// What one [`ReadCells::update`] read again.
#[derive(Debug, Default)]
struct Changed {
    /// Every cell (first read, another format).
    all: bool,
    /// Cells whose reading changed.
    cells: Vec<usize>,
    /// Whether a cell became, or stopped being, blank.
    blanks: bool,
    /// Cells whose text or unread mark changed.
    texts: Vec<usize>,
}

/// The outcome of one sum check, kept until a cell it reads is read again.
#[derive(Debug, Clone)]
enum Outcome {
    /// It holds, or none of its cells was read (the import's own note says so).
    Silent,
    /// It fails, with its blank cells' keys when they may explain it.
    Fails(Finding, Vec<String>),
    /// Not checked: these of its cells were not read.
    Unread(Vec<usize>),
}

/// The sums' outcomes, per rule and check, and which checks read each cell.
#[derive(Debug, Clone, Default)]
struct SumMemo {
    format: String,
    /// Per cell, the (rule, check) indices of the sums reading it this year.
    by_cell: Vec<Vec<(usize, usize)>>,
    /// Per rule (empty for other rules), per check.
    outcomes: Vec<Vec<Outcome>>,
}

impl SumMemo {
    /// The index of `format`'s sums, with no outcome yet.
    fn new(format: &Format) -> SumMemo {
        let mut by_cell = vec![Vec::new(); format.cells().len()];
        let mut outcomes = Vec::new();
        for (r, rule) in format.rules().iter().enumerate() {
            let Check::Sum(checks) = &rule.check else {
                outcomes.push(Vec::new());
                continue;
            };
            for (c, check) in checks.iter().enumerate() {
                for t in check.left.iter().chain(&check.right).filter(|t| !t.prior) {
                    let cell: &mut Vec<(usize, usize)> = &mut by_cell[t.cell];
                    if !cell.contains(&(r, c)) {
                        cell.push((r, c));
                    }
                }
            }
            outcomes.push(vec![Outcome::Silent; checks.len()]);
        }
        SumMemo {
            format: format.id().to_owned(),
            by_cell,
            outcomes,
        }
    }
}

impl ReadCells {
    /// Reads again the cells of `report` whose text or unread mark changed.
    fn update(&mut self, report: &Report) -> Changed {
        let format = report.format();
        let n = format.cells().len();
        let stamps = report.stamps();
        let seen = std::mem::replace(&mut self.seen, (stamps.lineage(), stamps.latest()));
        if self.format != format.id() || self.texts.len() != n {
            *self = ReadCells {
                format: format.id().to_owned(),
                seen: self.seen,
                texts: (0..n).map(|i| report.cell_at(i).to_owned()).collect(),
                unread: (0..n).map(|i| report.is_unread(i)).collect(),
                readings: (0..n).map(|i| report.reading_at(i)).collect(),
                values: Vec::new(),
            };
            self.values = self.readings.iter().map(Reading::value).collect();
            return Changed {
                all: true,
                ..Changed::default()
            };
        }
        let mut changed = Changed::default();
        if seen == self.seen {
            return changed;
        }
        // Within one lineage only the cells stamped since need comparing.
        let same_lineage = seen.0 == stamps.lineage();
        for i in 0..n {
            if same_lineage && !stamps.cell_changed_after(i, seen.1) {
                continue;
            }
            let is_unread = report.is_unread(i);
            let text = report.cell_at(i);
            if self.texts[i] != text || self.unread[i] != is_unread {
                self.texts[i].clear();
                self.texts[i].push_str(text);
                self.unread[i] = is_unread;
                changed.texts.push(i);
                let reading = report.reading_at(i);
                if reading != self.readings[i] {
                    changed.blanks |=
                        reading == Reading::Blank || self.readings[i] == Reading::Blank;
                    changed.cells.push(i);
                    self.values[i] = reading.value();
                    self.readings[i] = reading;
                }
            }
        }
        changed
    }
}

/// The narrative rules' findings with what they read: the agency, the narrative
/// sections, the cells they compare and last year's narrative.
#[derive(Debug, Clone)]
struct NarrativeMemo {
    format: String,
    agency: String,
    sections: Sections,
    /// The cells the narrative rules compare, with their readings.
    cells: Vec<(usize, Reading)>,
    /// Per cell of the format, whether a narrative rule compares it.
    compared: Vec<bool>,
    prior: Option<Sections>,
    /// Per narrative rule, in the format's order.
    findings: Vec<Vec<Finding>>,
}

impl NarrativeMemo {
    fn new(
        report: &Report,
        prior: Option<&Report>,
        readings: &[Reading],
        findings: Vec<Vec<Finding>>,
    ) -> NarrativeMemo {
        let format = report.format();
        let mut compared = vec![false; format.cells().len()];
        let cells = narrative_cells(format)
            .map(|i| {
                compared[i] = true;
                (i, readings[i].clone())
            })
            .collect();
        NarrativeMemo {
            format: format.id().to_owned(),
            agency: report.agency.clone(),
            sections: Sections::of(report),
            cells,
            compared,
            prior: prior.map(Sections::of),
            findings,
        }
    }

    /// Whether the findings still hold for `report`: nothing they read has changed.
    /// `changed`: the cells read again since the memo was made or last held (`None`:
    /// any may have changed, so every compared cell is compared again).
    fn holds(
        &self,
        report: &Report,
        prior: Option<&Report>,
        readings: &[Reading],
        changed: Option<&[usize]>,
    ) -> bool {
        let format = report.format();
        let compared = |i: &usize| self.compared.get(*i).copied().unwrap_or(true);
        let same_cells = match changed {
            Some(cells) => !cells.iter().any(compared),
            None => {
                readings.len() == self.compared.len()
                    && self.cells.iter().all(|(i, r)| readings[*i] == *r)
            }
        };
        self.format == format.id()
            && self.agency == report.agency
            && self.sections.same(report)
            && same_cells
            && match (prior, &self.prior) {
                (None, None) => true,
                (Some(p), Some(kept)) => kept.same(p),
                _ => false,
            }
    }
}

/// A report's narrative sections as read, with the stamp they were read at.
#[derive(Debug, Clone)]
struct Sections {
    /// The report's lineage and its sections' last change (see [`crate::model::Stamps`]).
    stamp: (u64, u64),
    texts: Vec<String>,
}

impl Sections {
    fn of(r: &Report) -> Sections {
        Sections {
            stamp: (r.stamps().lineage(), r.stamps().sections()),
            texts: r
                .format()
                .narrative_ids()
                .map(|id| r.section(id).to_owned())
                .collect(),
        }
    }

    /// Whether `r`'s sections are these: not changed since (by their stamp), or the
    /// same texts.
    fn same(&self, r: &Report) -> bool {
        let stamps = r.stamps();
        if self.stamp == (stamps.lineage(), stamps.sections()) {
            return true;
        }
        let ids = || r.format().narrative_ids();
        ids().count() == self.texts.len()
            && ids().zip(&self.texts).all(|(id, s)| r.section(id) == s)
    }
}

/// Puts each sum that fails only because of blank cells under the blank finding that
/// names one of those cells (a whole blank column, row or cell); one whose blanks have
/// no such finding stays a finding of its own.
fn fold(format: &Format, findings: &mut Vec<Finding>, explained: Vec<(Finding, Vec<String>)>) {
    let blank_rules: Vec<&str> = format
        .rules()
        .iter()
        .filter(|r| matches!(r.check, Check::Cells(CellClass::Blank)))
        .map(|r| r.id.as_str())
        .collect();
    for (f, blanks) in explained {
        let root = findings.iter().position(|r| {
            blank_rules.contains(&r.rule.as_str()) && blanks.iter().any(|b| r.cells.contains(b))
        });
        match root {
            Some(j) => findings[j].consequences.push(f),
            None => findings.push(f),
        }
    }
}

/// Whole columns and rows left blank in a table that is not blank throughout: each is
/// one root cause, named as such. Columns first; a row counts when some of its cells are
/// in no blank column.
fn blank_groups(format: &Format, readings: &[Reading], empty: &[bool]) -> Vec<BlankGroup> {
    if !readings.contains(&Reading::Blank) {
        return Vec::new();
    }
    let blank = |i: usize| readings[i] == Reading::Blank;
    let mut groups = Vec::new();
    let mut in_column = vec![false; readings.len()];
    for (t, table) in format.tables().iter().enumerate() {
        if empty[t] {
            continue;
        }
        for (b, block) in table.blocks.iter().enumerate() {
            let rows = block.data_rows().count();
            for (c, column) in block.columns.iter().enumerate() {
                let col: Vec<usize> = (0..block.rows.len())
                    .filter_map(|r| format.cell_in(t, b, r, c))
                    .collect();
                if rows >= 2 && col.len() >= 2 && col.iter().all(|&i| blank(i)) {
                    for &i in &col {
                        in_column[i] = true;
                    }
                    let what = format!(
                        "{}{}「{}」列整列未填（{} 个单元格）",
                        table.name,
                        if table.blocks.len() > 1 {
                            &block.label
                        } else {
                            ""
                        },
                        column.label,
                        col.len()
                    );
                    groups.push(BlankGroup { cells: col, what });
                }
            }
            for (ri, row) in block.data_rows() {
                let line: Vec<usize> = format
                    .row_cells(t, b, ri)
                    .iter()
                    .flatten()
                    .copied()
                    .collect();
                if line.len() >= 2
                    && line.iter().all(|&i| blank(i))
                    && !line.iter().all(|&i| in_column[i])
                {
                    let what = format!(
                        "{}「{}」行整行未填（{} 个单元格）",
                        table.name,
                        row.short_label(),
                        line.len()
                    );
                    groups.push(BlankGroup { cells: line, what });
                }
            }
        }
    }
    groups
}

/// Blank cells that share one root cause: a whole column or row left blank.
#[derive(Debug, Clone)]
struct BlankGroup {
    cells: Vec<usize>,
    /// What was left blank, in Chinese: 「表三「总计」列整列未填（28 个单元格）」.
    what: String,
}

/// Which tables have every cell blank (by table index).
fn empty_tables(format: &Format, readings: &[Reading]) -> Vec<bool> {
    let mut empty = vec![true; format.tables().len()];
    for (cell, reading) in format.cells().iter().zip(readings) {
        if *reading != Reading::Blank {
            empty[cell.table] = false;
        }
    }
    empty
}

/// Last year's values, and per cell of this year's the index of last year's cell with
/// the same key.
type PriorValues<'a> = (&'a [Option<usize>], &'a [Option<Decimal>]);

/// A report read for the rules.
pub(super) struct Ctx<'a> {
    pub(super) format: &'a Format,
    report: &'a Report,
    pub(super) readings: &'a [Reading],
    values: &'a [Option<Decimal>],
    /// Last year's values and, per cell of this year's, the index of last year's cell
    /// with the same key.
    prior: Option<PriorValues<'a>>,
    prior_report: Option<&'a Report>,
    empty_tables: &'a [bool],
    blank_groups: &'a [BlankGroup],
    grouped: &'a [bool],
}

impl Ctx<'_> {
    /// Runs one rule; sums failing only because of blank cells go to `explained` with
    /// those cells' keys, to be folded under the blank finding.
    fn run(
        &self,
        rule: &Rule,
        out: &mut Vec<Finding>,
        explained: &mut Vec<(Finding, Vec<String>)>,
    ) {
        match &rule.check {
            Check::Sum(checks) => {
                let outcomes: Vec<Outcome> = checks.iter().map(|c| self.outcome(rule, c)).collect();
                self.gather(rule, &outcomes, out, explained);
            }
            Check::Cells(class) => self.cells(rule, *class, out),
            Check::FormatYear => out.extend(self.format_year(rule)),
            Check::SectionPresent => self.sections(rule, out),
            Check::Deadline { month, day } => out.extend(self.deadline(rule, *month, *day)),
            Check::NarrativeCounts(n) => {
                let facts = narrative::facts(n, self.report);
                for st in &n.statements {
                    out.extend(self.narrative_count(rule, n, st, &facts));
                }
            }
            Check::NarrativeRepeat(repeat) => out.extend(self.narrative_repeat(rule, repeat)),
            Check::SectionSpeaksOf(speaks) => out.extend(self.speaks_of(rule, speaks)),
            Check::NarrativeAmounts(a) => out.extend(self.narrative_amounts(rule, a)),
        }
    }

    /// One sum check of `rule`.
    fn outcome(&self, rule: &Rule, check: &SumCheck) -> Outcome {
        let unread = self.unread_terms(check);
        if unread.is_empty() {
            return match self.sum(rule, check) {
                Some((f, blanks)) => Outcome::Fails(f, blanks),
                None => Outcome::Silent,
            };
        }
        // A sum none of whose cells was read is passed over in silence: the import's
        // own note says that the row or table was not found.
        let terms = check.left.iter().chain(&check.right);
        if terms.filter(|t| !t.prior).count() == unread.len() {
            Outcome::Silent
        } else {
            Outcome::Unread(unread)
        }
    }

    /// A sum rule's findings from its checks' outcomes: sums failing only because of
    /// blank cells go to `explained` with those cells' keys, to be folded under the
    /// blank finding; a sum over a cell the import could not read is not checked, one
    /// note per rule says so, with every unread cell it needed.
    fn gather(
        &self,
        rule: &Rule,
        outcomes: &[Outcome],
        out: &mut Vec<Finding>,
        explained: &mut Vec<(Finding, Vec<String>)>,
    ) {
        let mut unchecked = (0, Vec::new());
        for outcome in outcomes {
            match outcome {
                Outcome::Silent => {}
                Outcome::Fails(f, blanks) if !blanks.is_empty() => {
                    explained.push((f.clone(), blanks.clone()))
                }
                Outcome::Fails(f, _) => out.push(f.clone()),
                Outcome::Unread(unread) => {
                    unchecked.0 += 1;
                    for &i in unread {
                        if !unchecked.1.contains(&i) {
                            unchecked.1.push(i);
                        }
                    }
                }
            }
        }
        if unchecked.0 > 0 {
            out.push(self.unchecked(rule, unchecked.0, unchecked.1));
        }
    }

    /// FEE-TEXT: a cell above 0, or a word in another section, that `speaks.section` is
    /// silent about.
    fn speaks_of(&self, rule: &Rule, speaks: &SpeaksOf) -> Option<Finding> {
        let own = self.report.section(&speaks.section);
        if speaks.words.iter().any(|w| own.contains(w.as_str())) {
            return None;
        }
        let positive = speaks.cells.iter().find_map(|&i| {
            self.values[i]
                .filter(|v| *v > Decimal::ZERO)
                .map(|v| (i, v))
        });
        let because = match positive {
            Some((i, v)) => format!("{}为 {}", self.format.cell_label(i), show(v)),
            None => {
                let word = speaks.mentioned.iter().find(|w| {
                    self.format
                        .narrative_ids()
                        .filter(|id| *id != speaks.section)
                        .any(|id| self.report.section(id).contains(w.as_str()))
                })?;
                format!("叙述中提到「{word}」")
            }
        };
        let title = self
            .format
            .section_title(&speaks.section)
            .unwrap_or_default();
        let message = fill(&rule.message, &[("because", &because), ("section", &title)]);
        Some(Finding {
            cells: positive
                .map(|(i, _)| vec![self.format.cell(i).key.clone()])
                .unwrap_or_default(),
            actual: positive.map(|(_, v)| v),
            section: Some(speaks.section.clone()),
            ..whole_report(rule, message)
        })
    }

    /// TEXT-TABLE for one statement: the first count stating it that agrees with no
    /// sum it may mean; silent when a cell it is compared with holds no number.
    fn narrative_count(
        &self,
        rule: &Rule,
        n: &Narrative,
        st: &Statement,
        facts: &[narrative::Fact],
    ) -> Option<Finding> {
        let mut stated = facts
            .iter()
            .filter(|f| narrative::binds(n, st, f))
            .peekable();
        stated.peek()?;
        let sums: Vec<Decimal> = std::iter::once(&st.cells)
            .chain(&st.also)
            .filter_map(|cells| narrative::table_sum(self.report, cells))
            .collect();
        let table = *sums.first()?;
        let first = stated.find(|f| !sums.contains(&f.count))?;
        let message = fill(
            &rule.message,
            &[
                ("sentence", first.clause),
                ("what", &st.what),
                ("stated", &show(first.count)),
                ("table", &show(table)),
            ],
        );
        Some(Finding {
            cells: st
                .cells
                .iter()
                .map(|&i| self.format.cell(i).key.clone())
                .collect(),
            actual: Some(first.count),
            expected: Some(table),
            ..whole_report(rule, message)
        })
    }

    /// FEE-AMOUNT: the first statement of the amount that disagrees with the one in
    /// `a.section` (with the first of all when that section states none).
    fn narrative_amounts(&self, rule: &Rule, a: &Amounts) -> Option<Finding> {
        let stated = narrative::amounts(a, self.report);
        let reference = stated
            .iter()
            .find(|s| s.section == a.section)
            .or(stated.first())?;
        let other = stated.iter().find(|s| s.value != reference.value)?;
        let message = fill(
            &rule.message,
            &[
                ("what", &a.what),
                ("sentence", other.clause),
                ("stated", &other.written),
                ("other_sentence", reference.clause),
                ("other", &reference.written),
            ],
        );
        Some(Finding {
            actual: Some(other.value),
            expected: Some(reference.value),
            section: Some(a.section.clone()),
            ..whole_report(rule, message)
        })
    }

    fn narrative_repeat(&self, rule: &Rule, repeat: &Repeat) -> Option<Finding> {
        let share =
            narrative::repeated_share(self.format, repeat, self.report, self.prior_report?)?;
        (share > repeat.percent)
            .then(|| whole_report(rule, fill(&rule.message, &[("share", &share.to_string())])))
    }

    fn term(&self, t: &Term) -> Option<Decimal> {
        let v = if t.prior {
            let (index, values) = self.prior?;
            values[index[t.cell]?]?
        } else {
            self.values[t.cell]?
        };
        Some(if t.negative { -v } else { v })
    }

    pub(super) fn side(&self, terms: &[Term]) -> Option<Decimal> {
        terms
            .iter()
            .try_fold(Decimal::ZERO, |sum, t| Some(sum + self.term(t)?))
    }

    /// This year's cells of `check` that the import could not read.
    fn unread_terms(&self, check: &SumCheck) -> Vec<usize> {
        check
            .left
            .iter()
            .chain(&check.right)
            .filter(|t| !t.prior && self.readings[t.cell] == Reading::Unread)
            .map(|t| t.cell)
            .collect()
    }

    /// The note that `count` checks of `rule` could not be made over unread cells: verify
    /// level, whatever the rule's own severity, since nothing is known to be wrong.
    fn unchecked(&self, rule: &Rule, count: usize, cells: Vec<usize>) -> Finding {
        let shown: Vec<String> = cells
            .iter()
            .take(3)
            .map(|&i| self.format.cell_label(i))
            .collect();
        let more = if cells.len() > shown.len() {
            format!("等 {} 个单元格", cells.len())
        } else {
            String::new()
        };
        Finding {
            rule: rule.id.clone(),
            severity: crate::format::Severity::Verify,
            scope: rule.scope,
            cells: cells
                .iter()
                .map(|&i| self.format.cell(i).key.clone())
                .collect(),
            suspect: None,
            actual: None,
            expected: None,
            message: format!(
                "有 {count} 处勾稽关系无法核对：{}{more}未能从文件中读取，请对照原文核实",
                shown.join("、")
            ),
            section: None,
            consequences: Vec::new(),
        }
    }

    /// A failed sum, with the keys of its blank cells when filling them could make it
    /// hold (it is then a consequence of the blanks, at verify level).
    pub(super) fn sum(&self, rule: &Rule, check: &SumCheck) -> Option<(Finding, Vec<String>)> {
        let left = self.side(&check.left)?;
        let right = self.side(&check.right)?;
        let ok = match check.relation {
            Relation::Equal => left == right,
            Relation::AtMost => left <= right,
        };
        if ok {
            return None;
        }
        let mut cells: Vec<String> = Vec::new();
        for t in check.left.iter().chain(&check.right).filter(|t| !t.prior) {
            let key = &self.format.cell(t.cell).key;
            if !cells.contains(key) {
                cells.push(key.clone());
            }
        }
        let (l, r, d) = (show(left), show(right), show((left - right).abs()));
        // A sum that holds once a blank cell is given the missing amount is a consequence
        // of the blank (already a CELL-BLANK finding), not an error of its own.
        let blank_explains = self.blank_explains(check, left, right);
        let mut message = fill(&check.message, &[("left", &l), ("right", &r), ("diff", &d)]);
        if blank_explains {
            message.push_str("（式中有空白单元格，按 0 计算；若空白处应填数值，请补填）");
        }
        let blanks: Vec<String> = if blank_explains {
            check
                .left
                .iter()
                .chain(&check.right)
                .filter(|t| !t.prior && self.readings[t.cell] == Reading::Blank)
                .map(|t| self.format.cell(t.cell).key.clone())
                .collect()
        } else {
            Vec::new()
        };
        let finding = Finding {
            rule: rule.id.clone(),
            severity: if blank_explains {
                crate::format::Severity::Verify
            } else {
                rule.severity
            },
            scope: rule.scope,
            cells,
            suspect: Some(self.format.cell(check.suspect).key.clone()),
            actual: Some(left),
            expected: Some(right),
            message,
            section: None,
            consequences: Vec::new(),
        };
        Some((finding, blanks))
    }

    /// Whether a failed `check` would hold if its blank cells (this year's) held the
    /// right non-negative amounts.
    fn blank_explains(&self, check: &SumCheck, left: Decimal, right: Decimal) -> bool {
        let blank = |t: &&Term| !t.prior && self.readings[t.cell] == Reading::Blank;
        // Which side a blank term can raise: its own, or the other if subtracted.
        let raises =
            |terms: &[Term], own: bool| terms.iter().filter(blank).any(|t| t.negative != own);
        let raise_left = raises(&check.left, true) || raises(&check.right, false);
        let raise_right = raises(&check.right, true) || raises(&check.left, false);
        match check.relation {
            Relation::Equal => (left < right && raise_left) || (left > right && raise_right),
            Relation::AtMost => left > right && raise_right,
        }
    }

    fn cells(&self, rule: &Rule, class: CellClass, out: &mut Vec<Finding>) {
        if class == CellClass::Blank {
            self.group_findings(rule, out);
        }
        out.extend((0..self.readings.len()).filter_map(|i| self.cell_finding(rule, class, i)));
    }

    /// A whole column or row left blank is one finding with all its cells.
    fn group_findings(&self, rule: &Rule, out: &mut Vec<Finding>) {
        for g in self.blank_groups {
            out.push(Finding {
                cells: g
                    .cells
                    .iter()
                    .map(|&i| self.format.cell(i).key.clone())
                    .collect(),
                ..whole_report(
                    rule,
                    format!("{}，模板要求没有的填 0；合计时按 0 计", g.what),
                )
            });
        }
    }

    /// A cell rule's finding about cell `i` (none for a blank cell of a blank group).
    fn cell_finding(&self, rule: &Rule, class: CellClass, i: usize) -> Option<Finding> {
        let def = self.format.cell(i);
        let (reason, actual) = match (class, &self.readings[i]) {
            (CellClass::Invalid, Reading::Invalid(e)) => (e.reason().to_owned(), None),
            (CellClass::Blank, Reading::Blank)
                if !self.empty_tables[def.table] && !self.grouped[i] =>
            {
                (String::new(), None)
            }
            (CellClass::Unit, Reading::Unit { value, words }) => (
                unit_advice(&def.kind, words, rule.advice.as_ref()),
                Some(*value),
            ),
            _ => return None,
        };
        let value = actual.map(show).unwrap_or_default();
        let message = fill(
            &rule.message,
            &[
                ("cell", &self.format.cell_label(i)),
                ("text", self.report.cell_at(i)),
                ("value", &value),
                ("reason", &reason),
            ],
        );
        Some(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            scope: rule.scope,
            cells: vec![def.key.clone()],
            suspect: Some(def.key.clone()),
            actual,
            expected: None,
            message,
            section: None,
            consequences: Vec::new(),
        })
    }

    fn format_year(&self, rule: &Rule) -> Option<Finding> {
        if self.format.applies_to(self.report.year) {
            return None;
        }
        let expected = Registry::builtin()
            .ok()
            .and_then(|r| r.for_year(self.report.year))
            .map(|f| (f.name().to_owned(), f.id().parse().ok()));
        let (expected_name, expected_id) =
            expected.unwrap_or_else(|| ("（没有适用于该年度的格式）".to_owned(), None));
        let message = fill(
            &rule.message,
            &[
                ("year", &self.report.year.to_string()),
                ("format", self.format.name()),
                ("expected", &expected_name),
            ],
        );
        Some(Finding {
            actual: self.format.id().parse().ok(),
            expected: expected_id,
            ..whole_report(rule, message)
        })
    }

    fn sections(&self, rule: &Rule, out: &mut Vec<Finding>) {
        for section in self.format.sections() {
            let missing = match &section.content {
                SectionContent::Narrative => self.report.section(&section.id).trim().is_empty(),
                SectionContent::Table(t) => self
                    .format
                    .tables()
                    .iter()
                    .position(|table| table.id == *t)
                    .is_some_and(|i| self.empty_tables[i]),
            };
            if missing {
                let title = section.heading();
                out.push(Finding {
                    section: Some(section.id.clone()),
                    ..whole_report(rule, fill(&rule.message, &[("section", &title)]))
                });
            }
        }
    }

    fn deadline(&self, rule: &Rule, month: u32, day: u32) -> Option<Finding> {
        let published = self.report.published?;
        // Months with fewer days than `day` clamp to their last day.
        let deadline = (1..=day)
            .rev()
            .find_map(|d| Date::new(self.report.year + 1, month, d))?;
        if published <= deadline {
            return None;
        }
        Some(whole_report(
            rule,
            fill(
                &rule.message,
                &[
                    ("date", &published.to_string()),
                    ("deadline", &deadline.to_string()),
                ],
            ),
        ))
    }
}

/// A finding about the report as a whole (no cell, no numbers).
fn whole_report(rule: &Rule, message: String) -> Finding {
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        scope: rule.scope,
        cells: Vec::new(),
        suspect: None,
        actual: None,
        expected: None,
        message,
        section: None,
        consequences: Vec::new(),
    }
}

/// A number as a clerk writes it: no trailing zeros.
fn show(v: Decimal) -> String {
    v.normalize().to_string()
}

/// What to do about words typed in a number cell, in the rule's words.
fn unit_advice(kind: &ValueKind, words: &str, advice: Option<&UnitAdvice>) -> String {
    let Some(a) = advice else {
        return String::new();
    };
    let money = !a.money.is_empty() && words.contains(a.money.as_str());
    match kind {
        ValueKind::Money { unit: Some(unit) } if words == unit => a.same.clone(),
        ValueKind::Money { unit: Some(unit) } if money => {
            fill(&a.other, &[("unit", unit), ("words", words)])
        }
        ValueKind::Money { unit: None } if money => a.unnamed.clone(),
        _ => a.plain.clone(),
    }
}
