//! Digit runs of a table row printed with no separator between its cells (`801000081`
//! for 80 1 0 0 0 0 81, as crawlers copy web pages): split only where the table's own
//! arithmetic allows exactly one way — counting the ways with blank cells too, since a
//! blank cell prints nothing (`53` may be 5 and 3, or a blank and 53).

use crate::format::Format;

/// How a run of digits splits into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    /// Exactly one split satisfies the row's sums.
    One(Vec<String>),
    /// None does.
    Impossible,
    /// A few do: the other rows' sums may tell which (see [`super::runs`]).
    Ways(Vec<Vec<String>>),
    /// Too many do (or too many to try).
    Ambiguous,
}

/// Most ways of one run kept for the other rows' sums to choose from.
pub const MAX_WAYS: usize = 16;

/// Most splits looked at for one run before calling it ambiguous.
const MAX_STEPS: usize = 2_000_000;

/// Within-row sums over `cells` (format indices, in the order the run prints them), as
/// (positions added on the left, positions added on the right) — the format's blocking
/// and verify sum checks all of whose terms are among `cells` and this year's.
pub fn row_sums(format: &Format, cells: &[usize]) -> Vec<(Vec<usize>, Vec<usize>)> {
    let at = |cell: usize| cells.iter().position(|&c| c == cell);
    let mut sums = Vec::new();
    for check in format.sum_checks() {
        if check.needs_prior() || check.left.iter().chain(&check.right).any(|t| t.negative) {
            continue;
        }
        let side = |terms: &[crate::format::Term]| -> Option<Vec<usize>> {
            terms.iter().map(|t| at(t.cell)).collect()
        };
        if let (Some(l), Some(r)) = (side(&check.left), side(&check.right))
            && check.relation == crate::format::Relation::Equal
        {
            sums.push((l, r));
        }
    }
    sums
}

/// Splits `digits` into `n` whole numbers (no leading zeros) or blank cells (`""`,
/// counted 0), satisfying every sum.
pub fn split(digits: &str, n: usize, sums: &[(Vec<usize>, Vec<usize>)]) -> Split {
    let bytes = digits.as_bytes();
    if n == 0 || bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return Split::Impossible;
    }
    // Each sum is checked as soon as its last position is known.
    let ready: Vec<usize> = sums
        .iter()
        .map(|(l, r)| l.iter().chain(r).copied().max().unwrap_or(0))
        .collect();
    let mut search = Search {
        bytes,
        n,
        sums,
        ready,
        parts: Vec::with_capacity(n),
        found: Vec::new(),
        steps: 0,
    };
    search.walk(0);
    if search.steps > MAX_STEPS || search.found.len() > MAX_WAYS {
        return Split::Ambiguous;
    }
    match search.found.len() {
        0 => Split::Impossible,
        1 => Split::One(search.found.pop().unwrap_or_default()),
        _ => Split::Ways(search.found),
    }
}

struct Search<'a> {
    bytes: &'a [u8],
    n: usize,
    sums: &'a [(Vec<usize>, Vec<usize>)],
    ready: Vec<usize>,
    /// (start, end) of each part so far, and its value.
    parts: Vec<(usize, usize, u128)>,
    found: Vec<Vec<String>>,
    steps: usize,
}

impl Search<'_> {
    fn walk(&mut self, from: usize) {
        self.steps += 1;
        if self.found.len() > MAX_WAYS || self.steps > MAX_STEPS {
            return;
        }
        let k = self.parts.len();
        if k == self.n {
            if from == self.bytes.len() {
                let text = |&(s, e, _): &(usize, usize, u128)| {
                    String::from_utf8_lossy(&self.bytes[s..e]).into_owned()
                };
                self.found.push(self.parts.iter().map(text).collect());
            }
            return;
        }
        // A blank cell: nothing printed.
        self.parts.push((from, from, 0));
        if self.holds(k) {
            self.walk(from);
        }
        self.parts.pop();
        if from == self.bytes.len() {
            return;
        }
        // No leading zeros: a part starting with 0 is the single digit 0.
        let longest = if self.bytes[from] == b'0' { 1 } else { 12 };
        for end in from + 1..=self.bytes.len().min(from + longest) {
            let value = self.bytes[from..end]
                .iter()
                .fold(0u128, |v, b| v * 10 + u128::from(b - b'0'));
            self.parts.push((from, end, value));
            if self.holds(k) {
                self.walk(end);
            }
            self.parts.pop();
        }
    }

    /// Whether every sum whose last position is `k` holds.
    fn holds(&self, k: usize) -> bool {
        let total = |positions: &[usize]| positions.iter().map(|&p| self.parts[p].2).sum::<u128>();
        self.sums
            .iter()
            .zip(&self.ready)
            .filter(|(_, r)| **r == k)
            .all(|((l, r), _)| total(l) == total(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More than one way, or too many.
    fn unsure(s: Split) -> bool {
        matches!(s, Split::Ways(_) | Split::Ambiguous)
    }

    /// Table 3's row: six applicant columns and their total.
    fn t3_row() -> Vec<(Vec<usize>, Vec<usize>)> {
        vec![((0..6).collect(), vec![6])]
    }

    #[test]
    fn a_row_whose_total_decides_splits_one_way() {
        assert_eq!(
            split("801000081", 7, &t3_row()),
            Split::One(
                ["80", "1", "0", "0", "0", "0", "81"]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert_eq!(
            split("0000000", 7, &t3_row()),
            Split::One(vec!["0".to_owned(); 7])
        );
    }

    #[test]
    fn two_splits_that_both_add_up_are_ambiguous() {
        // 10 1 0 0 0 0 11 and 1 0 10 0 0 0 11 print alike, and both add up.
        assert!(unsure(split("101000011", 7, &t3_row())));
    }

    #[test]
    fn digits_that_never_add_up_cannot_split() {
        assert_eq!(split("1111111", 7, &t3_row()), Split::Impossible);
        assert_eq!(split("13", 7, &t3_row()), Split::Impossible);
    }

    #[test]
    fn without_sums_only_zeros_are_unique() {
        // 1 0 3, or 10, a blank and 3, or a blank, 10 and 3…: a blank prints nothing.
        assert!(unsure(split("103", 3, &[])));
        assert!(unsure(split("53", 2, &[])));
        assert!(unsure(split("1034", 3, &[])));
        // A number never starts with 0, so three zeros are three cells of 0.
        assert_eq!(split("000", 3, &[]), Split::One(vec!["0".to_owned(); 3]));
    }

    #[test]
    fn a_blank_cell_is_one_of_the_ways() {
        // a + b = c: 55 may be 5, a blank and 5, or a blank, 5 and 5.
        let ways =
            |w: &[[&str; 3]]| Split::Ways(w.iter().map(|p| p.map(String::from).to_vec()).collect());
        assert_eq!(
            split("55", 3, &[(vec![0, 1], vec![2])]),
            ways(&[["", "5", "5"], ["5", "", "5"]])
        );
        // First equals last: 7, a blank and 7, or three blanks but for 77 in the middle.
        assert!(unsure(split("77", 3, &[(vec![0], vec![2])])));
        // Where no blank adds up, the blank ways do not count: 5 0 5 is the only way.
        assert_eq!(
            split("505", 3, &[(vec![0, 1], vec![2])]),
            Split::One(["5", "0", "5"].map(String::from).to_vec())
        );
    }

    #[test]
    fn table_four_groups_split_group_by_group() {
        let sums: Vec<_> = (0..3)
            .map(|g| ((g * 5..g * 5 + 4).collect(), vec![g * 5 + 4]))
            .collect();
        // 12 0 0 3 15 | 0 0 0 0 0 | 1 0 0 0 1
        assert_eq!(
            split("12003150000010001", 15, &sums),
            Split::One(
                [
                    "12", "0", "0", "3", "15", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"
                ]
                .map(String::from)
                .to_vec()
            )
        );
    }
}
