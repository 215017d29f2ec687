//! Native and JSON files: round trips, refusal of bad files, atomic saves.

mod common;

use nianbao::io::{self, CURRENT_VERSION, FileError, from_json, from_native, to_json, to_native};
use nianbao::rules::validate;

#[test]
fn sample_json_round_trips_through_native_unchanged() {
    for name in ["2020_xiangtan_xinfangju.json", "2021_ankang_xinfangju.json"] {
        let report = common::fixture(name);
        let json = to_json(&report, &validate(&report, None));
        let native = to_native(&report).expect("native");
        let back = from_native(&native).expect("reads");
        assert_eq!(back, report, "{name}");
        assert_eq!(to_json(&back, &validate(&back, None)), json, "{name}");
    }
}

#[test]
fn sample_fixtures_keep_cells_exactly_as_printed() {
    let r = common::fixture("2020_xiangtan_xinfangju.json");
    assert_eq!(r.cell("t2.art20_1.rules.made"), Some("\u{3000}\u{3000}0"));
    assert_eq!(r.agency, "湘潭县信访局");
    assert_eq!(r.format().id(), "2019");
    let r = common::fixture("2021_ankang_xinfangju.json");
    assert_eq!(r.cell("t3.unable_no_info.natural_person"), Some("1"));
    assert_eq!(r.cell("t4.review.corrected"), Some("\u{a0}0"));
    assert!(
        r.section("other_matters")
            .starts_with("2021年度未收取信息处理费")
    );
}

#[test]
fn json_has_the_spec_shape() {
    let mut r = common::balanced("2021", 2021);
    r.set_cell("t3.granted.other", "8次").expect("key");
    r.set_cell("t4.review.upheld", "/").expect("key");
    let v: serde_json::Value =
        serde_json::from_str(&to_json(&r, &validate(&r, None))).expect("json");
    assert_eq!(v["format"], "2021");
    assert_eq!(v["year"], 2021);
    assert_eq!(v["cells"].as_object().map(|m| m.len()), Some(200));
    assert_eq!(v["cells"]["t3.granted.other"], "8次");
    assert_eq!(v["values"]["t3.granted.other"], 8);
    assert_eq!(v["values"]["t4.review.upheld"], serde_json::Value::Null);
    assert_eq!(v["values"]["t2.art20_8.fees.amount_wan"], 0.35);
    let f = &v["findings"][0];
    for field in ["rule", "severity", "cells", "actual", "expected", "message"] {
        assert!(f.get(field).is_some(), "{field} missing in {f}");
    }
    assert!(v["sections"]["overview"].is_string());
}

#[test]
fn json_written_by_a_script_may_use_numbers_and_omit_cells() {
    let r = from_json(r#"{"format":"2021","year":2021,"agency":"某局","cells":{"t3.new_received.total":3,"t2.art20_8.fees.amount_wan":0.5,"t4.review.total":null}}"#)
        .expect("reads");
    assert_eq!(r.cell("t3.new_received.total"), Some("3"));
    assert_eq!(r.cell("t2.art20_8.fees.amount_wan"), Some("0.5"));
    assert_eq!(r.cell("t4.review.total"), Some(""));
    assert_eq!(r.cell("t3.granted.total"), Some(""));
}

fn err(result: Result<nianbao::model::Report, FileError>) -> String {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_content_is_refused_with_a_chinese_message() {
    let native = to_native(&common::balanced("2021", 2021)).expect("native");
    let newer = native.replacen(&format!("nianbao: {CURRENT_VERSION}"), "nianbao: 99", 1);
    assert!(err(from_native(&newer)).contains("更新版本"));
    let unknown_format = native.replacen("format: \"2021\"", "format: \"2030\"", 1);
    assert!(err(from_native(&unknown_format)).contains("未知的报告格式「2030」"));
    let unknown_cell = native.replacen("t3.granted.other", "t3.granted.others", 1);
    assert!(err(from_native(&unknown_cell)).contains("t3.granted.others"));
    let unknown_section = native.replacen("\"problems\"", "\"problem\"", 1);
    assert!(err(from_native(&unknown_section)).contains("problem"));
    assert!(err(from_native("(nianbao: 1, format: \"2021\"")).contains("第 1 行"));
    assert!(err(from_json("{\"format\": \"2021\", \"year\": \"x\"}")).contains("JSON格式错误"));
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(err(from_json(&deep)).contains("JSON"));
    let deep_ron = format!(
        "(nianbao: 1, cells: {}{})",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    assert!(err(from_native(&deep_ron)).contains("年报文件"));
}

#[test]
fn oversized_random_and_foreign_files_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.nianbao");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(100 * 1024 * 1024).expect("sparse file");
    assert!(err(io::open(&big)).contains("文件过大"));
    let random = dir.path().join("random.json");
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&random, bytes).expect("write");
    assert!(err(io::open(&random)).contains("UTF-8"));
    let doc = dir.path().join("report.doc");
    std::fs::write(&doc, b"\xd0\xcf\x11\xe0").expect("write");
    // An old Word document is named as such, with what to do.
    assert!(err(io::open(&doc)).contains("另存为 .docx 或 .pdf"));
    // A missing file or a folder is named as such, whatever its extension.
    assert!(err(io::open(&dir.path().join("missing.doc"))).contains("文件不存在"));
    assert!(err(io::open(dir.path())).contains("文件夹"));
    assert!(err(io::open(&dir.path().join("missing.nianbao"))).contains("文件不存在"));
}

#[test]
fn save_and_open_give_the_same_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut r = common::balanced("2019", 2020);
    r.reviews.insert(
        "CELL-BLANK@t3.granted.other".into(),
        nianbao::model::Review {
            explanation: "无此类申请".into(),
            ..Default::default()
        },
    );
    r.published = nianbao::model::Date::new(2021, 1, 20);
    for name in ["r.nianbao", "r.json"] {
        let path = dir.path().join(name);
        io::save(&r, &validate(&r, None), &path).expect("save");
        assert_eq!(io::open(&path).expect("open"), r, "{name}");
    }
}

#[test]
fn json_of_an_imported_document_reads_back() {
    // The JSON export describes where each cell was read (第 N 行第 M 格) for people; that
    // must not make the file unreadable.
    let path = common::fixture_path("published/2021_ankang_xinfangju.txt");
    let mut report = io::open(&path).expect("imports");
    let unread = report.format().index_of("t4.review.upheld").expect("key");
    report.set_cell_at(unread, "");
    report.set_unread(unread, true);
    assert!(report.origins().next().is_some(), "origins recorded");
    let json = to_json(&report, &validate(&report, None));
    assert!(json.contains("\"origins\""));
    let back = from_json(&json).expect("reads back");
    for i in 0..report.format().cells().len() {
        assert_eq!(back.cell_at(i), report.cell_at(i));
        assert_eq!(back.is_unread(i), report.is_unread(i));
    }
    assert!(back.sections().eq(report.sections()));
}

#[test]
fn native_file_of_an_imported_document_keeps_where_cells_were_read() {
    let path = common::fixture_path("published/2021_ankang_xinfangju.txt");
    let report = io::open(&path).expect("imports");
    let back = from_native(&to_native(&report).expect("native")).expect("reads back");
    assert!(back.origins().eq(report.origins()));
    assert_eq!(back, report);
}
