//! Which cells mean the same in two formats: a migration file in `assets/formats/`
//! (`migration-2019-2021.ron`), checked against both formats and expanded into one
//! [`Plan`] per direction.

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;

use super::compile::line_of;
use super::schema::SectionContent;
use super::{Format, FormatError, Severity};

/// A migration file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Migration")]
struct MigrationSpec {
    /// The two format ids: `forward` goes from the first to the second.
    formats: (String, String),
    /// Narrative sections carried over by id.
    sections: Vec<String>,
    /// Findings a step may raise on the cells it fills.
    #[serde(default)]
    notes: Vec<NoteSpec>,
    forward: Vec<StepSpec>,
    backward: Vec<StepSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename = "Note")]
struct NoteSpec {
    id: String,
    severity: Severity,
    message: String,
}

/// One step of a direction.
#[derive(Debug, Deserialize)]
enum StepSpec {
    /// Every cell whose key is in both formats, in these tables.
    Same(Vec<String>),
    /// One cell (several: their sum) to one cell.
    Cell {
        from: Vec<String>,
        to: String,
        #[serde(default)]
        note: Option<String>,
    },
    /// A row (several: their sum) to a row, column by column.
    Row {
        from: Vec<String>,
        to: String,
        #[serde(default)]
        note: Option<String>,
    },
}

/// A finding a migration raises for what the clerk must still do by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationNote {
    /// Rule id of the finding, e.g. `MIGRATE-SPLIT`.
    pub rule: String,
    /// Its severity.
    pub severity: Severity,
    /// Message; `{count}` is the number of cells it names.
    pub message: String,
}

/// One target cell and where its content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    /// Index of the cell in the target format.
    pub to: usize,
    /// Indices of the source cells (several: their sum).
    pub from: Vec<usize>,
    /// Index into [`Plan::notes`] raised when the cells carried hold anything but 0.
    pub note: Option<usize>,
}

/// How a report moves from one format to another, every key resolved.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The format moved from.
    pub from: Arc<Format>,
    /// The format moved to.
    pub to: Arc<Format>,
    /// Narrative sections carried over.
    pub sections: Vec<String>,
    /// Cells carried over, in target order.
    pub moves: Vec<Move>,
    /// Source cells carried nowhere (no cell of the target means the same), in order.
    pub dropped: Vec<usize>,
    /// Target cells no source cell fills: left blank for the clerk, in order.
    pub left_blank: Vec<usize>,
    /// Findings the moves may raise.
    pub notes: Vec<MigrationNote>,
}

/// Both directions between two formats.
#[derive(Debug, Clone)]
pub struct Migration {
    forward: Plan,
    backward: Plan,
}

impl Migration {
    /// The plan from format `from` to format `to`, if this migration joins them.
    pub fn plan(&self, from: &str, to: &str) -> Option<&Plan> {
        [&self.forward, &self.backward]
            .into_iter()
            .find(|p| p.from.id() == from && p.to.id() == to)
    }
}

/// Parses and checks a migration file against the formats it names. `file` names it in
/// errors.
pub fn compile_migration(
    file: &str,
    source: &str,
    formats: &[Arc<Format>],
) -> Result<Migration, FormatError> {
    let err = |needle: &str, message: String| FormatError {
        file: file.to_owned(),
        line: line_of(source, needle, 0),
        message,
    };
    let spec: MigrationSpec =
        ron::Options::default()
            .from_str(source)
            .map_err(|e| FormatError {
                file: file.to_owned(),
                line: Some(e.span.start.line),
                message: format!("RON 语法或结构错误：{}", e.code),
            })?;
    let format = |id: &str| {
        formats
            .iter()
            .find(|f| f.id() == id)
            .cloned()
            .ok_or_else(|| err(id, format!("没有格式「{id}」")))
    };
    let (a, b) = (format(&spec.formats.0)?, format(&spec.formats.1)?);
    for id in &spec.sections {
        for f in [&a, &b] {
            let narrative = f
                .sections()
                .iter()
                .any(|s| s.id == *id && s.content == SectionContent::Narrative);
            if !narrative {
                return Err(err(id, format!("格式「{}」没有叙述章节「{id}」", f.id())));
            }
        }
    }
    let mut ids = HashSet::new();
    for n in &spec.notes {
        if !ids.insert(n.id.as_str()) {
            return Err(err(&n.id, format!("提示 id「{}」重复", n.id)));
        }
    }
    let notes: Vec<MigrationNote> = spec
        .notes
        .iter()
        .map(|n| MigrationNote {
            rule: n.id.clone(),
            severity: n.severity,
            message: n.message.clone(),
        })
        .collect();
    let plan = |from: &Arc<Format>, to: &Arc<Format>, steps: &[StepSpec]| {
        let ctx = PlanCtx {
            from,
            to,
            notes: &notes,
            err: &err,
        };
        ctx.plan(steps, &spec.sections)
    };
    Ok(Migration {
        forward: plan(&a, &b, &spec.forward)?,
        backward: plan(&b, &a, &spec.backward)?,
    })
}

/// Expanding one direction's steps.
struct PlanCtx<'a, E> {
    from: &'a Arc<Format>,
    to: &'a Arc<Format>,
    notes: &'a [MigrationNote],
    err: &'a E,
}

impl<E: Fn(&str, String) -> FormatError> PlanCtx<'_, E> {
    fn plan(&self, steps: &[StepSpec], sections: &[String]) -> Result<Plan, FormatError> {
        let mut moves: Vec<Move> = Vec::new();
        for step in steps {
            for m in self.expand(step)? {
                if moves.iter().any(|x| x.to == m.to) {
                    let key = &self.to.cell(m.to).key;
                    return Err((self.err)(key, format!("单元格「{key}」被填写了两次")));
                }
                moves.push(m);
            }
        }
        moves.sort_by_key(|m| m.to);
        let used: HashSet<usize> = moves.iter().flat_map(|m| m.from.iter().copied()).collect();
        let filled: HashSet<usize> = moves.iter().map(|m| m.to).collect();
        Ok(Plan {
            from: Arc::clone(self.from),
            to: Arc::clone(self.to),
            sections: sections.to_vec(),
            dropped: (0..self.from.cells().len())
                .filter(|i| !used.contains(i))
                .collect(),
            left_blank: (0..self.to.cells().len())
                .filter(|i| !filled.contains(i))
                .collect(),
            moves,
            notes: self.notes.to_vec(),
        })
    }

    fn expand(&self, step: &StepSpec) -> Result<Vec<Move>, FormatError> {
        match step {
            StepSpec::Same(tables) => {
                let mut moves = Vec::new();
                for t in tables {
                    if self.from.table(t).is_none() || self.to.table(t).is_none() {
                        return Err((self.err)(t, format!("两种格式并非都有表格「{t}」")));
                    }
                    let prefix = format!("{t}.");
                    for (to, cell) in self.to.cells().iter().enumerate() {
                        if let Some(from) = self.from.index_of(&cell.key)
                            && cell.key.starts_with(&prefix)
                        {
                            moves.push(self.checked(vec![from], to, None)?);
                        }
                    }
                }
                Ok(moves)
            }
            StepSpec::Cell { from, to, note } => {
                let from = from
                    .iter()
                    .map(|k| self.key(self.from, k))
                    .collect::<Result<_, _>>()?;
                let note = self.note(note.as_deref())?;
                Ok(vec![self.checked(from, self.key(self.to, to)?, note)?])
            }
            StepSpec::Row { from, to, note } => {
                let note = self.note(note.as_deref())?;
                let prefix = format!("{to}.");
                let mut moves = Vec::new();
                for (t, cell) in self.to.cells().iter().enumerate() {
                    let Some(column) = cell.key.strip_prefix(&prefix) else {
                        continue;
                    };
                    let from = from
                        .iter()
                        .map(|row| self.key(self.from, &format!("{row}.{column}")))
                        .collect::<Result<_, _>>()?;
                    moves.push(self.checked(from, t, note)?);
                }
                if moves.is_empty() {
                    return Err((self.err)(
                        to,
                        format!("格式「{}」没有行「{to}」", self.to.id()),
                    ));
                }
                Ok(moves)
            }
        }
    }

    /// A move whose cells hold the same kind of value.
    fn checked(
        &self,
        from: Vec<usize>,
        to: usize,
        note: Option<usize>,
    ) -> Result<Move, FormatError> {
        let target = self.to.cell(to);
        if let Some(&f) = from
            .iter()
            .find(|&&f| self.from.cell(f).kind != target.kind)
        {
            let key = &self.from.cell(f).key;
            return Err((self.err)(
                key,
                format!("单元格「{key}」与「{}」所填数值的种类不同", target.key),
            ));
        }
        Ok(Move { to, from, note })
    }

    fn key(&self, format: &Format, key: &str) -> Result<usize, FormatError> {
        format
            .index_of(key)
            .ok_or_else(|| (self.err)(key, format!("格式「{}」没有单元格「{key}」", format.id())))
    }

    fn note(&self, id: Option<&str>) -> Result<Option<usize>, FormatError> {
        id.map(|id| {
            self.notes
                .iter()
                .position(|n| n.rule == id)
                .ok_or_else(|| (self.err)(id, format!("没有提示「{id}」")))
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    const FILE: &str = include_str!("../../assets/formats/migration-2019-2021.ron");

    fn compile_with(source: &str) -> Result<Migration, FormatError> {
        let reg = Registry::builtin().expect("formats");
        compile_migration("m.ron", source, reg.formats())
    }

    #[test]
    fn builtin_migration_loads_with_the_registry_both_ways() {
        let reg = Registry::builtin().expect("formats and migrations are valid");
        for (a, b) in [("2019", "2021"), ("2021", "2019")] {
            let plan = reg.migration(a, b).expect("plan");
            assert_eq!((plan.from.id(), plan.to.id()), (a, b));
            // Every cell is accounted for: carried, dropped or left blank.
            let used: HashSet<usize> = plan.moves.iter().flat_map(|m| m.from.clone()).collect();
            assert_eq!(used.len() + plan.dropped.len(), plan.from.cells().len());
            assert_eq!(
                plan.moves.len() + plan.left_blank.len(),
                plan.to.cells().len()
            );
        }
    }

    #[test]
    fn every_key_named_must_exist_in_its_format() {
        for (from, to, what) in [
            (
                "\"t2.art20_1.rules.made\"",
                "\"t2.art20_1.rules.maed\"",
                "t2.art20_1.rules.maed",
            ),
            (
                "to: \"t2.art20_1.rules.issued\"",
                "to: \"t2.art20_1.rules.isued\"",
                "t2.art20_1.rules.isued",
            ),
            (
                "Row(from: [\"t3.other_processing\"], to: \"t3.other_other\"",
                "Row(from: [\"t3.other_processing\"], to: \"t3.nothing\"",
                "t3.nothing",
            ),
            ("Same([\"t3\", \"t4\"])", "Same([\"t3\", \"t9\"])", "t9"),
            ("\"problems\", \"other", "\"activ\", \"other", "activ"),
            (
                "note: \"MIGRATE-SPLIT\"",
                "note: \"MIGRATE-SPLT\"",
                "MIGRATE-SPLT",
            ),
            ("(\"2019\", \"2021\")", "(\"2019\", \"2022\")", "2022"),
        ] {
            let source = FILE.replacen(from, to, 1);
            assert_ne!(source, FILE, "{from}");
            let e = compile_with(&source).expect_err(what);
            assert!(e.message.contains(what), "{e}");
            assert!(e.line.is_some(), "{e}");
        }
    }

    #[test]
    fn cells_of_different_kinds_or_filled_twice_are_refused() {
        let kinds = FILE.replacen(
            "Cell(from: [\"t2.art20_1.rules.made\"], to: \"t2.art20_1.rules.issued\")",
            "Cell(from: [\"t2.art20_9.procurement.amount\"], to: \"t2.art20_8.fees.amount_wan\")",
            1,
        );
        let e = compile_with(&kinds).expect_err("money without unit is not 万元");
        assert!(e.message.contains("种类不同"), "{e}");
        let twice = FILE.replacen(
            "to: \"t2.art20_1.normative.issued\"",
            "to: \"t2.art20_1.rules.issued\"",
            1,
        );
        let e = compile_with(&twice).expect_err("twice");
        assert!(e.message.contains("两次"), "{e}");
    }
}
