//! What a combined report (汇总) is made of: the files and folders it was combined from,
//! and every contributing report's value of every cell, so that each combined cell can
//! name its contributors and the report can be combined again in one call.

use std::path::PathBuf;

use rust_decimal::Decimal;

/// What one report gave to one combined cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// A number (money exactly, in the cell's unit).
    Value(Decimal),
    /// Nothing written: counted as 0, remembered as blank.
    Blank,
    /// Not known: the import could not read the cell, or its text holds no usable number.
    Unknown,
}

impl Share {
    /// The number given, if any (`None` for blanks and unknowns).
    pub fn value(self) -> Option<Decimal> {
        match self {
            Share::Value(v) => Some(v),
            Share::Blank | Share::Unknown => None,
        }
    }
}

/// One report summed into a combined report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contributor {
    /// The file it was read from.
    pub file: PathBuf,
    /// Its agency, as written.
    pub agency: String,
    /// What it gave to every cell, in format order.
    pub shares: Vec<Share>,
}

/// How a combined report was made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Combination {
    /// The files and folders given, to combine again (重新汇总).
    pub inputs: Vec<PathBuf>,
    /// Whether reports with blocking findings were summed too.
    pub include_errors: bool,
    /// Whether reports of the year in the other format were moved to this one and summed.
    pub migrate: bool,
    /// The reports summed, in the order of their files.
    pub contributors: Vec<Contributor>,
}

impl Combination {
    /// The contributors to the cell at `index` with what they gave, largest value first,
    /// then the blanks and the unknowns; ties in file order.
    pub fn breakdown(&self, index: usize) -> Vec<(&Contributor, Share)> {
        let mut list: Vec<(&Contributor, Share)> = self
            .contributors
            .iter()
            .filter_map(|c| Some((c, *c.shares.get(index)?)))
            .collect();
        let rank = |s: &Share| match s {
            Share::Value(v) => (0, -*v),
            Share::Blank => (1, Decimal::ZERO),
            Share::Unknown => (2, Decimal::ZERO),
        };
        list.sort_by_key(|(_, s)| rank(s));
        list
    }

    /// How many contributors left the cell at `index` blank.
    pub fn blanks(&self, index: usize) -> usize {
        self.count(index, Share::Blank)
    }

    /// How many contributors' value of the cell at `index` is unknown.
    pub fn unknowns(&self, index: usize) -> usize {
        self.count(index, Share::Unknown)
    }

    fn count(&self, index: usize, share: Share) -> usize {
        self.contributors
            .iter()
            .filter(|c| c.shares.get(index) == Some(&share))
            .count()
    }

    /// The sum of the known values of the cell at `index` (what the contributors that
    /// could be read give, even when others could not).
    pub fn known_sum(&self, index: usize) -> Decimal {
        self.contributors
            .iter()
            .filter_map(|c| c.shares.get(index)?.value())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contributor(agency: &str, shares: Vec<Share>) -> Contributor {
        Contributor {
            file: PathBuf::from(format!("{agency}.txt")),
            agency: agency.into(),
            shares,
        }
    }

    #[test]
    fn breakdown_is_sorted_by_size_then_blanks_then_unknowns() {
        let c = Combination {
            contributors: vec![
                contributor("甲", vec![Share::Blank]),
                contributor("乙", vec![Share::Value(Decimal::from(2))]),
                contributor("丙", vec![Share::Unknown]),
                contributor("丁", vec![Share::Value(Decimal::from(9))]),
            ],
            ..Combination::default()
        };
        let order: Vec<&str> = c
            .breakdown(0)
            .iter()
            .map(|(c, _)| c.agency.as_str())
            .collect();
        assert_eq!(order, ["丁", "乙", "甲", "丙"]);
        assert_eq!(c.blanks(0), 1);
        assert_eq!(c.unknowns(0), 1);
        assert_eq!(c.known_sum(0), Decimal::from(11));
    }
}
