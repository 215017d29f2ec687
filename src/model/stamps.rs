//! When a report's cells and sections last changed, so that a checker reads again only
//! what an edit changed instead of comparing every text.

use std::sync::atomic::{AtomicU64, Ordering};

/// The stamp counter of the whole process: no stamp is given twice.
static NEXT: AtomicU64 = AtomicU64::new(1);

fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// When each part of a report last changed, as stamps of one process-wide counter.
///
/// Stamps are comparable only within one lineage: a report gets a lineage of its own
/// when it is made and when it is copied, so two reports never share one.
#[derive(Debug)]
pub struct Stamps {
    lineage: u64,
    cells: Vec<u64>,
    sections: u64,
    latest: u64,
}

impl Stamps {
    /// Stamps of a new report of `cells` cells.
    pub(super) fn new(cells: usize) -> Stamps {
        Stamps {
            lineage: next(),
            cells: vec![0; cells],
            sections: 0,
            latest: 0,
        }
    }

    /// Records a change of the cell at `index` (its text or unread mark).
    pub(super) fn cell_changed(&mut self, index: usize) {
        self.latest = next();
        self.cells[index] = self.latest;
    }

    /// Records a change of a narrative section.
    pub(super) fn section_changed(&mut self) {
        self.latest = next();
        self.sections = self.latest;
    }

    /// This report's lineage: the same for every state of one report as it is edited.
    pub fn lineage(&self) -> u64 {
        self.lineage
    }

    /// The last change of any cell or section (0 when none was changed).
    pub fn latest(&self) -> u64 {
        self.latest
    }

    /// The last change of any narrative section.
    pub fn sections(&self) -> u64 {
        self.sections
    }

    /// Whether the cell at `index` changed after `stamp`.
    pub fn cell_changed_after(&self, index: usize, stamp: u64) -> bool {
        self.cells.get(index).is_some_and(|&s| s > stamp)
    }
}

impl Clone for Stamps {
    /// A copy is a report of its own: edits to it and to the original must never be
    /// taken for one another's.
    fn clone(&self) -> Stamps {
        Stamps {
            lineage: next(),
            cells: self.cells.clone(),
            sections: self.sections,
            latest: self.latest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_has_a_lineage_of_its_own_and_changes_are_stamped_in_order() {
        let mut a = Stamps::new(3);
        let b = a.clone();
        assert_ne!(a.lineage(), b.lineage());
        let before = a.latest();
        a.cell_changed(1);
        assert!(a.cell_changed_after(1, before));
        assert!(!a.cell_changed_after(0, before));
        let cells = a.latest();
        a.section_changed();
        assert!(a.sections() > cells && a.latest() == a.sections());
        assert!(!a.cell_changed_after(1, cells));
    }
}
