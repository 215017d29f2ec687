//! Reviews stay attached to their findings: a finding is known by its rule and what it
//! concerns, never by its message; a review whose finding's numbers changed since is
//! marked for another look.

mod common;

use nianbao::document::Document;
use nianbao::model::{Review, ReviewStatus};
use nianbao::rules::Finding;

#[test]
fn reviews_survive_changed_numbers_rechecks_and_reopening() {
    let mut report = common::balanced("2021", 2023);
    // Findings of every kind: sums broken, a whole-report one (LATE), a blank, a unit.
    common::bump(&mut report, "t3.granted.total", 2);
    report.published = "2024-03-05".parse().ok();
    report
        .set_cell("t3.denied_state_secret.research", "")
        .expect("key");
    report.set_cell("t4.review.upheld", "1件").expect("key");
    let mut doc = Document::new(report, None);
    let reviewed: Vec<Finding> = doc.findings().to_vec();
    assert!(reviewed.len() >= 4, "{reviewed:#?}");
    assert!(reviewed.iter().any(|f| f.rule == "LATE"));
    for f in &reviewed {
        let review = Review {
            status: ReviewStatus::Confirmed,
            note: format!("已核对：{}", f.rule),
            ..Review::default()
        };
        doc.set_review(&f.id(), review);
    }
    // Numbers in the messages change: the broken total by more, the date later.
    let i = doc
        .report()
        .format()
        .index_of("t3.granted.total")
        .expect("key");
    let bigger = (common::num(doc.report(), "t3.granted.total") + 5).to_string();
    doc.set_cell(i, &bigger);
    let mut report = doc.report().clone();
    report.published = "2024-04-01".parse().ok();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.nianbao");
    nianbao::io::save(&report, &[], &path).expect("saved");
    let reopened = Document::open(&path).expect("reopens");
    let mut stale = Vec::new();
    for f in &reviewed {
        let now = reopened
            .findings()
            .iter()
            .find(|g| g.id() == f.id())
            .unwrap_or_else(|| panic!("{} is still found", f.id()));
        let review = reopened
            .report()
            .reviews
            .get(&now.id())
            .unwrap_or_else(|| panic!("the review of {} is kept", f.id()));
        assert_eq!(review.note, format!("已核对：{}", f.rule));
        if review.is_stale(&now.basis()) {
            stale.push(f.rule.clone());
        }
    }
    stale.sort();
    stale.dedup();
    // The date and the broken sums changed; the blank and the unit did not.
    assert!(stale.contains(&"LATE".to_owned()), "{stale:?}");
    assert!(stale.iter().any(|r| r.starts_with("T3-")), "{stale:?}");
    assert!(!stale.contains(&"CELL-BLANK".to_owned()), "{stale:?}");
    assert!(!stale.contains(&"CELL-UNIT".to_owned()), "{stale:?}");
}
