//! Never lose typed text: whatever a clerk types into any cell, any narrative section,
//! the agency or a review note survives every format that claims to keep it all —
//! saved and reopened as `.nianbao`, `.json` and `.xlsx`, and autosaved and recovered.

mod common;

use nianbao::document::Document;
use nianbao::io;
use nianbao::model::{Review, ReviewStatus};
use nianbao::recovery::Recovery;
use nianbao::rules::validate;
use proptest::prelude::*;

fn status() -> impl Strategy<Value = ReviewStatus> {
    prop_oneof![
        Just(ReviewStatus::Open),
        Just(ReviewStatus::Confirmed),
        Just(ReviewStatus::Ignored)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn any_typed_text_survives_every_lossless_format(
        (format_id, year) in prop_oneof![Just(("2019", 2020)), Just(("2021", 2022))],
        texts in prop::collection::vec(any::<String>(), 1..40),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 1..40),
        sections in prop::collection::vec(any::<String>(), 6),
        agency in any::<String>(),
        reviews in prop::collection::vec(
            ("[A-Z0-9-]{1,12}@[a-z0-9._]{1,20}", any::<String>(), status(), any::<String>()),
            0..4,
        ),
    ) {
        let mut r = common::balanced(format_id, year);
        r.agency = agency;
        common::type_into_cells(&mut r, &texts, &picks);
        let ids: Vec<String> = r.format().narrative_ids().map(str::to_owned).collect();
        for (id, text) in ids.iter().zip(&sections) {
            r.set_section(id, text.clone());
        }
        for (id, explanation, status, note) in reviews {
            let review = Review {
                explanation,
                status,
                note,
                ..Review::default()
            };
            if !review.is_empty() {
                r.reviews.insert(id, review);
            }
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let findings = validate(&r, None);
        for ext in ["nianbao", "json", "xlsx"] {
            let path = dir.path().join(format!("r.{ext}"));
            io::save(&r, &findings, &path).expect("saved");
            // Saved twice: the second save goes over the first (and keeps a .bak).
            io::save(&r, &findings, &path).expect("saved again");
            prop_assert_eq!(&io::open(&path).expect("reopens"), &r, "through .{}", ext);
        }
        let recovery = Recovery::new(dir.path().join("recovery"));
        recovery.store(&Document::new(r.clone(), None)).expect("autosaved");
        let recovered = recovery.restore().expect("recovers");
        prop_assert_eq!(recovered.report(), &r);
    }
}
