use std::path::{Path, PathBuf};

use super::*;
use crate::rules::validate;

fn fixture(name: &str) -> Report {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    io::open(&path).expect("fixture")
}

/// The clean 2021 sample under another agency.
fn sample(agency: &str) -> Report {
    let mut r = fixture("2021_ankang_xinfangju.json");
    r.agency = agency.into();
    r
}

/// Asserts that no rule blames `r` with a blocking finding, listing them if one does.
fn assert_no_blocking(r: &Report) {
    let findings = validate(r, None);
    assert!(
        findings.iter().all(|f| f.severity != Severity::Blocking),
        "{findings:#?}"
    );
}

fn save(dir: &Path, name: &str, r: &Report) -> PathBuf {
    let path = dir.join(name);
    io::save(r, &[], &path).expect("save");
    path
}

fn options(agency: &str) -> Options {
    Options {
        agency: agency.into(),
        ..Options::default()
    }
}

fn cell(r: &Report, key: &str) -> String {
    r.cell(key).expect("key").to_owned()
}

#[test]
fn cells_are_sums_and_money_is_exact() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = sample("甲局");
    a.set_cell("t2.art20_8.fees.amount_wan", "0.1")
        .expect("key");
    let mut b = sample("乙局");
    b.set_cell("t2.art20_8.fees.amount_wan", "0.2")
        .expect("key");
    save(dir.path(), "a.nianbao", &a);
    std::fs::create_dir_all(dir.path().join("sub")).expect("dir");
    save(dir.path(), "sub/b.nianbao", &b);
    let out = combine(&[dir.path().to_path_buf()], &options("某县人民政府办公室")).expect("ok");
    let r = out.report.as_ref().expect("report");
    assert_eq!(out.used(), 2, "{:#?}", out.account());
    assert_eq!(r.year, 2021);
    assert_eq!(r.agency, "某县人民政府办公室");
    assert_eq!(cell(r, "t2.art20_8.fees.amount_wan"), "0.3");
    for key in ["t3.new_received.total", "t3.total_processed.natural_person"] {
        let one: Decimal = cell(&a, key).trim().parse().expect("number");
        assert_eq!(cell(r, key), (one * Decimal::TWO).to_string(), "{key}");
    }
    assert_no_blocking(r);
    // Every cell knows its contributors, largest first.
    let c = r.combination.as_ref().expect("combination");
    let i = r
        .format()
        .index_of("t2.art20_8.fees.amount_wan")
        .expect("i");
    let by: Vec<&str> = c
        .breakdown(i)
        .iter()
        .map(|(c, _)| c.agency.as_str())
        .collect();
    assert_eq!(by, ["乙局", "甲局"]);
}

#[test]
fn blanks_count_as_zero_and_are_remembered() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = sample("甲局");
    a.set_cell("t4.review.upheld", "").expect("key");
    let mut b = sample("乙局");
    b.set_cell("t4.review.upheld", "").expect("key");
    b.set_cell("t4.review.other", "").expect("key");
    save(dir.path(), "a.nianbao", &a);
    save(dir.path(), "b.nianbao", &b);
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    let r = out.report.as_ref().expect("report");
    let c = r.combination.as_ref().expect("combination");
    let other = r.format().index_of("t4.review.other").expect("i");
    let upheld = r.format().index_of("t4.review.upheld").expect("i");
    assert_eq!(c.blanks(other), 1);
    assert_eq!(r.cell_at(other), cell(&a, "t4.review.other").trim());
    // Blank in every report: blank in the sum too.
    assert_eq!(c.blanks(upheld), 2);
    assert_eq!(r.cell_at(upheld), "");
}

#[test]
fn other_years_and_formats_are_left_out_with_reasons() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    save(dir.path(), "b.nianbao", &sample("乙局"));
    let mut last = sample("丙局");
    last.year = 2022;
    save(dir.path(), "c.nianbao", &last);
    // A 2019-format report of 2021.
    let mut old = fixture("2020_xiangtan_xinfangju.json");
    old.year = 2021;
    save(dir.path(), "d.nianbao", &old);
    std::fs::write(dir.path().join("e.txt"), "不是报告").expect("write");
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    assert_eq!(out.used(), 2);
    assert_eq!(out.report.as_ref().expect("report").year, 2021);
    let reason = |name: &str| {
        out.left_out
            .iter()
            .find(|l| l.file.ends_with(name))
            .map(|l| l.reason.clone())
            .unwrap_or_default()
    };
    assert!(
        reason("c.nianbao").contains("2022"),
        "{}",
        reason("c.nianbao")
    );
    assert!(
        reason("d.nianbao").contains("nianbao convert --to-format 2021"),
        "{}",
        reason("d.nianbao")
    );
    assert!(reason("e.txt").contains("无法读取"), "{}", reason("e.txt"));
    // Moved to the 2021 format when asked: summed, named, the cells it cannot fill unknown.
    let o = Options {
        migrate: true,
        ..options("县")
    };
    let out = combine(&[dir.path().to_path_buf()], &o).expect("ok");
    assert_eq!(out.used(), 3, "{:#?}", out.account());
    assert_eq!(out.migrated.len(), 1);
    assert!(out.migrated[0].0.ends_with("d.nianbao"));
    assert!(out.account().join("\n").contains("转换格式后计入"));
    let r = out.report.as_ref().expect("report");
    assert!(r.combination.as_ref().expect("c").migrate);
    assert_no_blocking(r);
    // Asked for 2022: only that one.
    let mut o = options("县");
    o.year = Some(2022);
    let out = combine(&[dir.path().to_path_buf()], &o).expect("ok");
    assert_eq!(out.used(), 1);
    let o = Options {
        format: Some("2033".into()),
        ..options("县")
    };
    assert_eq!(
        combine(&[dir.path().to_path_buf()], &o).err(),
        Some(CombineError::UnknownFormat("2033".into()))
    );
    // 2020 in the 2021 format: every report, and the sum, would break FORMAT-YEAR.
    let o = Options {
        year: Some(2020),
        format: Some("2021".into()),
        migrate: true,
        ..options("县")
    };
    let e = combine(&[dir.path().to_path_buf()], &o).expect_err("refused");
    assert!(
        matches!(e, CombineError::WrongFormat { year: 2020, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("2020 年度报告应使用2019版"), "{e}");
}

#[test]
fn duplicates_are_named_and_counted_once() {
    let dir = tempfile::tempdir().expect("dir");
    let a = sample("甲局");
    save(dir.path(), "a.nianbao", &a);
    save(dir.path(), "a-copy.json", &sample(" 甲局 "));
    save(dir.path(), "b.nianbao", &sample("乙局"));
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    assert_eq!(out.used(), 2);
    assert_eq!(out.duplicates.len(), 1, "{:#?}", out.account());
    let d = &out.duplicates[0];
    assert!(d.file.ends_with("a.nianbao") || d.file.ends_with("a-copy.json"));
    assert_ne!(d.file, d.kept);
    let r = out.report.as_ref().expect("report");
    let total: Decimal = cell(&a, "t3.new_received.total").trim().parse().expect("n");
    assert_eq!(
        cell(r, "t3.new_received.total"),
        (total * Decimal::TWO).to_string()
    );
    assert!(out.account().iter().any(|l| l.contains("重复")));
}

#[test]
fn reports_with_blocking_findings_are_left_out_unless_asked() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    let mut bad = sample("乙局");
    bad.set_cell("t3.total_processed.total", "99999")
        .expect("key");
    save(dir.path(), "b.nianbao", &bad);
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    assert_eq!(out.used(), 1);
    assert_eq!(out.with_errors.len(), 1);
    let w = &out.with_errors[0];
    assert!(!w.included && w.agency == "乙局");
    assert!(w.findings.iter().all(|f| f.severity == Severity::Blocking));
    assert!(!w.findings.is_empty());
    assert!(out.account().join("\n").contains("--include-errors"));

    let o = Options {
        include_errors: true,
        ..options("县")
    };
    let out = combine(&[dir.path().to_path_buf()], &o).expect("ok");
    assert_eq!(out.used(), 2);
    assert!(out.with_errors[0].included);
    let r = out.report.expect("report");
    assert!(r.combination.as_ref().expect("c").include_errors);
}

#[test]
fn unread_cells_make_their_sums_unread_and_are_named() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    let mut b = sample("乙局");
    let i = b.format().index_of("t3.total_processed.total").expect("i");
    b.set_cell_at(i, "");
    b.set_unread(i, true);
    save(dir.path(), "b.nianbao", &b);
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    assert_eq!(out.used(), 2);
    assert_eq!(out.incomplete.len(), 1);
    assert_eq!(out.incomplete[0].cells, [i]);
    assert!(out.account().join("\n").contains("表三"));
    let r = out.report.as_ref().expect("report");
    assert!(r.is_unread(i));
    assert_eq!(r.combination.as_ref().expect("c").unknowns(i), 1);
    // No rule blames the combined report for what it could not know.
    assert_no_blocking(r);
}

#[test]
fn the_combination_survives_the_native_file_and_recombines() {
    let dir = tempfile::tempdir().expect("dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("dir");
    save(&inputs, "a.nianbao", &sample("甲局"));
    let out = combine(std::slice::from_ref(&inputs), &options("县")).expect("ok");
    let mut r = out.report.expect("report");
    r.set_section("overview", "全县主动公开……");
    let file = save(dir.path(), "county.nianbao", &r);
    let back = io::open(&file).expect("reads");
    assert_eq!(back, r);
    // A second department's report arrives: combining again picks it up, keeps the narrative.
    save(&inputs, "b.nianbao", &sample("乙局"));
    let again = recombine(&back, Some(&file)).expect("ok");
    assert_eq!(again.used(), 2);
    let new = again.report.expect("report");
    assert_eq!(new.section("overview"), "全县主动公开……");
    assert_eq!(
        recombine(&sample("甲局"), None).err(),
        Some(CombineError::NotCombined)
    );
}

#[test]
fn the_region_s_own_combined_report_is_not_an_input() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    save(dir.path(), "county.nianbao", &out.report.expect("report"));
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    assert_eq!(out.used(), 1);
    assert!(out.left_out[0].reason.contains("汇总报告本身"));
}

#[test]
fn the_workbook_has_a_detail_sheet_and_formulas_and_reads_back() {
    let dir = tempfile::tempdir().expect("dir");
    let mut a = sample("甲局");
    a.set_cell("t4.review.upheld", "").expect("key");
    a.set_cell("t2.art20_8.fees.amount_wan", "0.1")
        .expect("key");
    let mut b = sample("乙局");
    b.set_cell("t4.review.upheld", "").expect("key");
    b.set_cell("t2.art20_8.fees.amount_wan", "0.2")
        .expect("key");
    let unread = b.format().index_of("t4.review.other").expect("i");
    b.set_cell_at(unread, "");
    b.set_unread(unread, true);
    save(dir.path(), "a.nianbao", &a);
    save(dir.path(), "b.nianbao", &b);
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    let r = out.report.expect("report");
    let bytes = io::to_xlsx(&r, &validate(&r, None)).expect("xlsx");
    let back = io::read_report(io::FileKind::Xlsx, &bytes, "县.xlsx").expect("reads");
    assert_eq!(back.report.cell_texts(), r.cell_texts());
    assert!(back.report.is_unread(unread));
    // The contributors and the inputs come back from 明细 and 元数据.
    assert_eq!(back.report.combination, r.combination);
    assert_eq!(back.report, r);
    let grids = io::workbook::read_workbook(&bytes).expect("grids");
    let detail = grids.iter().find(|g| g.name == "明细").expect("明细 sheet");
    let fees = r
        .format()
        .index_of("t2.art20_8.fees.amount_wan")
        .expect("i");
    let col = u32::try_from(fees).expect("col") + 2;
    assert_eq!(detail.get(1, col), "t2.art20_8.fees.amount_wan");
    assert_eq!(detail.get(2, 0), "甲局");
    assert_eq!(detail.get(2, col), "0.1");
    assert_eq!(detail.get(3, col), "0.2");
    // The table's cells are formulas over that sheet.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let mut xml = String::new();
    for n in 0..zip.len() {
        let mut f = zip.by_index(n).expect("entry");
        if f.name().is_ok_and(|n| n.starts_with("xl/worksheets/sheet")) {
            std::io::Read::read_to_string(&mut f, &mut xml).expect("xml");
        }
    }
    assert!(xml.contains("<f>SUM(明细!$"), "no formula");
    assert!(xml.contains("<v>0.3</v>"));
}

#[test]
fn a_row_left_unread_is_named_once_as_a_row() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    let mut b = sample("乙局");
    let row: Vec<usize> = (0..b.format().cells().len())
        .filter(|&i| b.format().cell(i).key.starts_with("t3.granted."))
        .collect();
    let single = b.format().index_of("t4.review.upheld").expect("i");
    for &i in row.iter().chain([&single]) {
        b.set_cell_at(i, "");
        b.set_unread(i, true);
    }
    save(dir.path(), "b.nianbao", &b);
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    let account = out.account().join("\n");
    let line = account.lines().find(|l| l.contains("乙局")).expect("named");
    assert!(
        line.contains(&format!("表三「（一）予以公开」整行（{} 格）", row.len())),
        "{line}"
    );
    assert!(line.contains(&b.format().cell_label(single)), "{line}");
    assert!(!line.contains("「（一）予以公开」「自然人」"), "{line}");
}

#[test]
fn nothing_readable_says_why_for_each_file() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("坏.json");
    std::fs::write(&junk, "{").expect("write");
    let missing = dir.path().join("没有.nianbao");
    let e = combine(&[missing.clone(), junk.clone()], &options("县")).expect_err("none read");
    let said = e.to_string();
    for f in [&missing, &junk] {
        assert!(said.contains(&f.display().to_string()), "{said}");
    }
    assert!(
        said.contains("文件不存在") && said.contains("JSON"),
        "{said}"
    );
}

#[test]
fn combining_again_names_a_report_whose_file_is_gone() {
    let dir = tempfile::tempdir().expect("dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("dir");
    save(&inputs, "a.nianbao", &sample("甲局"));
    let gone = save(&inputs, "b.nianbao", &sample("乙局"));
    let out = combine(std::slice::from_ref(&inputs), &options("县")).expect("ok");
    let file = save(dir.path(), "county.nianbao", &out.report.expect("report"));
    let same = recombine(&io::open(&file).expect("reads"), Some(&file)).expect("ok");
    assert!(same.left_out.is_empty(), "{:?}", same.left_out);
    std::fs::remove_file(&gone).expect("remove");
    let again = recombine(&io::open(&file).expect("reads"), Some(&file)).expect("ok");
    assert_eq!(again.used(), 1);
    assert_eq!(again.left_out.len(), 1, "{:?}", again.left_out);
    assert_eq!(again.left_out[0].agency.as_deref(), Some("乙局"));
    assert!(again.account().join("\n").contains("找不到该文件"));
}

#[test]
fn an_unreadable_file_is_listed_with_its_reason_right_after_its_name() {
    let dir = tempfile::tempdir().expect("dir");
    save(dir.path(), "a.nianbao", &sample("甲局"));
    let junk = dir.path().join("坏.json");
    std::fs::write(&junk, "{").expect("write");
    let out = combine(&[dir.path().to_path_buf()], &options("县")).expect("ok");
    let account = out.account().join("\n");
    assert!(
        account.contains(&format!("  {}：无法读取：", junk.display())),
        "{account}"
    );
}

#[test]
fn one_file_named_twice_is_summed_once_even_without_an_agency() {
    let dir = tempfile::tempdir().expect("dir");
    let a = save(dir.path(), "a.nianbao", &sample(""));
    let key = "t3.new_received.total";
    let one = cell(&io::open(&a).expect("reads"), key);
    // The same file twice, and the folder holding it.
    let inputs = [a.clone(), a.clone(), dir.path().to_path_buf()];
    let out = combine(&inputs, &options("县")).expect("ok");
    assert_eq!(out.used(), 1);
    assert_eq!(cell(out.report.as_ref().expect("report"), key), one);
    assert_eq!(out.duplicates.len(), 2);
    let account = out.account().join("\n");
    assert!(account.contains("同一文件给出了不止一次"), "{account}");
    // Whether another file is the same agency's cannot be told: said.
    assert!(account.contains("未能读出发布机关"), "{account}");
    let named = combine(
        &[save(dir.path(), "b.nianbao", &sample("乙局"))],
        &options("县"),
    );
    assert!(
        !named
            .expect("ok")
            .account()
            .join("\n")
            .contains("未能读出发布机关")
    );
}
