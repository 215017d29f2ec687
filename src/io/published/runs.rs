//! Digit runs that split more than one way within their own row (`640020470`: 64 0 0 2 0
//! 4 70, or 6 40 0 20 4, a blank and 70): the table's sums across rows choose. A run is
//! read only when every choice of ways that makes those sums hold splits it alike.

use rust_decimal::Decimal;

use super::locate::{Hit, Located};
use crate::format::{Format, Relation, SumCheck, Term};
use crate::model::value;

/// A run of digits with the ways it may split, waiting for the other rows.
#[derive(Debug, Clone)]
pub struct Pending {
    /// The cells it fills (format indices, in the order printed).
    pub targets: Vec<usize>,
    /// Its ways: a text per target each (`""` for a blank cell).
    pub ways: Vec<Vec<String>>,
    /// Where it was printed: the flow row and the cell's place in it.
    pub row: usize,
    /// The cell's place in its row.
    pub col: usize,
    /// A cell of its row, for the reason given when it stays unread.
    pub first: usize,
    /// Why it stays unread, if it does.
    pub reason: String,
}

/// Most choices of ways tried for runs the sums tie together; beyond, they stay unread.
const MAX_CHOICES: usize = 4096;

/// Reads each pending run of `out` whose way the sums decide, and gives the others
/// their reason. Runs no sum ties together are decided apart.
pub fn resolve(format: &Format, out: &mut Located) {
    let pending = std::mem::take(&mut out.pending);
    if pending.is_empty() {
        return;
    }
    // Which pending run, and which of its places, fills each cell.
    let mut owner: Vec<Option<(usize, usize)>> = vec![None; out.hits.len()];
    for (p, run) in pending.iter().enumerate() {
        for (k, &cell) in run.targets.iter().enumerate() {
            owner[cell] = Some((p, k));
        }
    }
    // The equal sums over a pending cell, each with the runs it reads.
    let checks: Vec<(&SumCheck, Vec<usize>)> = format
        .sum_checks()
        .filter(|c| c.relation == Relation::Equal && !c.needs_prior())
        .filter_map(|c| {
            let mut runs: Vec<usize> = c
                .left
                .iter()
                .chain(&c.right)
                .filter_map(|t| owner[t.cell].map(|(p, _)| p))
                .collect();
            runs.sort_unstable();
            runs.dedup();
            (!runs.is_empty()).then_some((c, runs))
        })
        .collect();
    // Runs a sum ties together are decided together (a group per smallest run).
    let mut group: Vec<usize> = (0..pending.len()).collect();
    let root = |group: &[usize], mut p: usize| {
        while group[p] != p {
            p = group[p];
        }
        p
    };
    for (_, runs) in &checks {
        for w in runs.windows(2) {
            let (a, b) = (root(&group, w[0]), root(&group, w[1]));
            group[a.max(b)] = a.min(b);
        }
    }
    let roots: Vec<usize> = (0..pending.len()).map(|p| root(&group, p)).collect();
    let mut decided: Vec<Option<usize>> = vec![None; pending.len()];
    for g in (0..pending.len()).filter(|&p| roots[p] == p) {
        let members: Vec<usize> = (0..pending.len()).filter(|&p| roots[p] == g).collect();
        let sums: Vec<&SumCheck> = checks
            .iter()
            .filter(|(_, runs)| roots[runs[0]] == g)
            .map(|(c, _)| *c)
            .collect();
        for (p, way) in decide(format, out, &pending, &owner, &members, &sums) {
            decided[p] = Some(way);
        }
    }
    for (run, way) in pending.into_iter().zip(decided) {
        match way {
            Some(w) => {
                for (text, &cell) in run.ways[w].iter().zip(&run.targets) {
                    out.hits[cell] = Some(Hit {
                        text: text.clone(),
                        row: run.row,
                        col: run.col,
                    });
                }
            }
            None => out.reasons.push((run.first, run.reason)),
        }
    }
}

/// The runs of `members` (a group the `sums` tie together) that every choice of ways
/// making the sums hold splits alike, each with its way.
fn decide(
    format: &Format,
    out: &Located,
    pending: &[Pending],
    owner: &[Option<(usize, usize)>],
    members: &[usize],
    sums: &[&SumCheck],
) -> Vec<(usize, usize)> {
    let Some(choices) = members.iter().try_fold(1usize, |n, &p| {
        n.checked_mul(pending[p].ways.len())
            .filter(|&n| n <= MAX_CHOICES)
    }) else {
        return Vec::new();
    };
    // Per member: the way every passing choice took, or `Err` once two disagree.
    let mut agreed: Vec<Option<Result<usize, ()>>> = vec![None; members.len()];
    let mut choice = vec![0; pending.len()];
    for mut k in 0..choices {
        for &p in members {
            choice[p] = k % pending[p].ways.len();
            k /= pending[p].ways.len();
        }
        let value = |cell: usize| -> Option<Decimal> {
            let text = match owner[cell] {
                Some((p, at)) => pending[p].ways[choice[p]][at].as_str(),
                None => out.hits[cell].as_ref()?.text.as_str(),
            };
            value::read(text, &format.cell(cell).kind).value()
        };
        if sums.iter().all(|c| holds(c, &value)) {
            for (a, &p) in agreed.iter_mut().zip(members) {
                *a = match *a {
                    None => Some(Ok(choice[p])),
                    Some(Ok(w)) if w == choice[p] => Some(Ok(w)),
                    _ => Some(Err(())),
                };
            }
        }
    }
    members
        .iter()
        .zip(agreed)
        .filter_map(|(&p, a)| Some((p, a?.ok()?)))
        .collect()
}

/// Whether a sum holds with the cells' values; a sum over a cell not read says nothing.
fn holds(check: &SumCheck, value: &impl Fn(usize) -> Option<Decimal>) -> bool {
    let side = |terms: &[Term]| {
        terms.iter().try_fold(Decimal::ZERO, |sum, t| {
            let v = value(t.cell)?;
            Some(if t.negative { sum - v } else { sum + v })
        })
    };
    match (side(&check.left), side(&check.right)) {
        (Some(l), Some(r)) => l == r,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Registry;

    /// Table 3's column ids, as the format names them.
    fn columns(format: &Format) -> Vec<String> {
        let t3 = format.tables().iter().find(|t| t.id == "t3").expect("t3");
        t3.blocks[0].columns.iter().map(|c| c.id.clone()).collect()
    }

    /// Table 3 of the 2021 format read with every cell 0 but the 予以公开 row and the
    /// 总计 row, which hold `granted` and `total`; the 予以公开 row left pending with `ways`.
    fn located(ways: &[[&str; 7]], total: [&str; 7]) -> (std::sync::Arc<Format>, Located) {
        let format = Registry::builtin()
            .expect("formats")
            .get("2021")
            .expect("2021")
            .clone();
        let hit = |text: &str| {
            Some(Hit {
                text: text.to_owned(),
                row: 0,
                col: 0,
            })
        };
        let mut out = Located {
            hits: vec![hit("0"); format.cells().len()],
            ..Located::default()
        };
        let key = |row: &str, c: &str| format.index_of(&format!("t3.{row}.{c}")).expect("key");
        let columns = columns(&format);
        let targets: Vec<usize> = columns.iter().map(|c| key("granted", c)).collect();
        for &t in &targets {
            out.hits[t] = None;
        }
        for (c, v) in columns.iter().zip(total) {
            out.hits[key("total_processed", c)] = hit(v);
            out.hits[key("new_received", c)] = hit(v);
        }
        out.pending.push(Pending {
            targets,
            ways: ways.iter().map(|w| w.map(String::from).to_vec()).collect(),
            row: 1,
            col: 1,
            first: 0,
            reason: "数字连写，无法唯一拆分".to_owned(),
        });
        (format, out)
    }

    fn granted(format: &Format, out: &Located) -> Vec<Option<String>> {
        columns(format)
            .iter()
            .map(|c| {
                let i = format.index_of(&format!("t3.granted.{c}")).expect("key");
                out.hits[i].as_ref().map(|h| h.text.clone())
            })
            .collect()
    }

    #[test]
    fn the_column_sums_choose_the_way_a_row_splits() {
        // 270020130: 27 0 0 2 0 1 30 or 2 7 0 0 20 1 30, both adding up within the row;
        // the 总计 row (every other row 0) says which.
        let ways = [
            ["27", "0", "0", "2", "0", "1", "30"],
            ["2", "7", "0", "0", "20", "1", "30"],
        ];
        let (format, mut out) = located(&ways, ["27", "0", "0", "2", "0", "1", "30"]);
        resolve(&format, &mut out);
        let want: Vec<Option<String>> = ways[0].iter().map(|t| Some(t.to_string())).collect();
        assert_eq!(granted(&format, &out), want);
        assert!(out.reasons.is_empty());
    }

    #[test]
    fn a_run_the_sums_cannot_decide_stays_unread_with_its_reason() {
        let ways = [
            ["27", "0", "0", "2", "0", "1", "30"],
            ["2", "7", "0", "0", "20", "1", "30"],
        ];
        // The 总计 row agrees with neither: no way is taken.
        let (format, mut out) = located(&ways, ["9", "0", "0", "0", "0", "0", "9"]);
        resolve(&format, &mut out);
        assert_eq!(granted(&format, &out), vec![None; 7]);
        assert_eq!(out.reasons.len(), 1);
        // With the 总计 row unread, nothing tells the ways apart.
        let (format, mut out) = located(&ways, ["27", "0", "0", "2", "0", "1", "30"]);
        for c in columns(&format) {
            let i = format
                .index_of(&format!("t3.total_processed.{c}"))
                .expect("key");
            out.hits[i] = None;
        }
        resolve(&format, &mut out);
        assert_eq!(granted(&format, &out), vec![None; 7]);
        assert_eq!(out.reasons.len(), 1);
    }
}
