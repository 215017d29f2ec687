//! The `nianbao` command line, run as a user would.

mod common;

use std::path::Path;
use std::process::{Command, Output};

fn nianbao(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fixture(name: &str) -> String {
    common::fixture_path(name).display().to_string()
}

#[test]
fn check_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = fixture("2021_ankang_xinfangju.json");
    let out = nianbao(&["check", &clean], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("未发现问题"));

    let mut r = common::fixture("2021_ankang_xinfangju.json");
    r.set_cell("t3.total_processed.total", "2").expect("key");
    let broken = dir.path().join("broken.nianbao");
    nianbao::io::save(&r, &[], &broken).expect("save");
    let out = nianbao(&["check", broken.to_str().expect("utf-8")], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("T3-TOTAL-ROW") && stdout.contains("强制性"),
        "{stdout}"
    );

    // An unreadable file: exit 2, named in the message, and the other files still checked.
    let junk = dir.path().join("junk.nianbao");
    std::fs::write(&junk, [0xff, 0xfe, 0x00, 0x01]).expect("write");
    let out = nianbao(
        &["check", junk.to_str().expect("utf-8"), &clean],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("junk.nianbao"));
    assert!(text(&out.stdout).contains("安康市信访局"));
}

#[test]
fn check_json_single_and_many() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = fixture("2021_ankang_xinfangju.json");
    let b = fixture("2020_xiangtan_xinfangju.json");
    let out = nianbao(&["check", "--json", &a], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["agency"], "安康市信访局");
    let out = nianbao(&["check", "--json", &a, &b, "missing.json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["agency"], "湘潭县信访局");
    assert!(
        lines[1]["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("2020_xiangtan_xinfangju.json"))
    );
    assert!(
        lines[2]["error"]
            .as_str()
            .is_some_and(|e| e.contains("不存在"))
    );
}

#[test]
fn check_with_prior_runs_cross_year_rules() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut prior = common::fixture("2020_xiangtan_xinfangju.json");
    prior
        .set_cell("t3.carry_forward.natural_person", "1")
        .expect("key");
    prior.set_cell("t3.carry_forward.total", "1").expect("key");
    let prior_path = dir.path().join("2020.nianbao");
    nianbao::io::save(&prior, &[], &prior_path).expect("save");
    let out = nianbao(
        &[
            "check",
            "--prior",
            prior_path.to_str().expect("utf-8"),
            &fixture("2021_ankang_xinfangju.json"),
        ],
        dir.path(),
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("T3-CARRY") && stdout.contains("跨期"),
        "{stdout}"
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "cross-year findings are verify-level"
    );
    // A report of another year than the next: no cross-year check, and said so.
    let mut later = common::fixture("2021_ankang_xinfangju.json");
    later.year = 2023;
    let later_path = dir.path().join("2023.nianbao");
    nianbao::io::save(&later, &[], &later_path).expect("save");
    let args = [
        "check",
        "--prior",
        prior_path.to_str().expect("utf-8"),
        later_path.to_str().expect("utf-8"),
    ];
    let out = nianbao(&args, dir.path());
    assert!(
        !text(&out.stdout).contains("T3-CARRY"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("未做跨期核对"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn hostile_files_exit_2_without_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let big = dir.path().join("big.nianbao");
    std::fs::File::create(&big)
        .expect("create")
        .set_len(100 * 1024 * 1024)
        .expect("sparse");
    let random = dir.path().join("random.nianbao");
    let bytes: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8)
        .collect();
    std::fs::write(&random, bytes).expect("write");
    for (file, says) in [(&big, "文件过大"), (&random, "UTF-8")] {
        let out = nianbao(&["check", file.to_str().expect("utf-8")], dir.path());
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(says) && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
}

#[test]
fn new_picks_the_format_by_year_and_does_not_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = nianbao(
        &["new", "--year", "2020", "--agency", "某县某局", "a.nianbao"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r = nianbao::io::open(&dir.path().join("a.nianbao")).expect("opens");
    assert_eq!(
        (r.format().id(), r.year, r.agency.as_str()),
        ("2019", 2020, "某县某局")
    );
    let again = nianbao(
        &["new", "--year", "2020", "--agency", "x", "a.nianbao"],
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("已存在"));
    let out = nianbao(
        &[
            "new", "--year", "2025", "--agency", "x", "--format", "2019", "b.json",
        ],
        dir.path(),
    );
    assert!(text(&out.stderr).contains("警告"));
    let out = nianbao(
        &["new", "--year", "2010", "--agency", "x", "c.nianbao"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn convert_between_native_and_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = nianbao(
        &[
            "convert",
            &fixture("2021_ankang_xinfangju.json"),
            "a.nianbao",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = nianbao(&["convert", "a.nianbao", "b.json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let a = common::fixture("2021_ankang_xinfangju.json");
    let b = nianbao::io::open(&dir.path().join("b.json")).expect("opens");
    assert_eq!(a, b);
    let out = nianbao(&["convert", "a.nianbao", "b.doc"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("不支持的文件类型"));
    // A PDF is read, not written.
    let out = nianbao(&["convert", "a.nianbao", "b.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("只能导入"));
    // A text copy is read, not written (HTML and DOCX are written to publish).
    let out = nianbao(&["convert", "a.nianbao", "b.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("只能导出为"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn convert_to_the_other_format_reports_what_it_could_not_carry() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A 2019-format report, with something in （六）其他处理 to be split.
    let mut r = common::fixture("2020_xiangtan_xinfangju.json");
    assert_eq!(r.format().id(), "2019");
    r.year = 2023;
    r.set_cell("t3.other_processing.natural_person", "4")
        .expect("key");
    let old = dir.path().join("old.nianbao");
    nianbao::io::save(&r, &[], &old).expect("save");
    // check names the way out.
    let out = nianbao(&["check", "old.nianbao"], dir.path());
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("FORMAT-YEAR")
            && stdout.contains("可转换：nianbao convert --to-format 2021 old.nianbao"),
        "{stdout}"
    );
    let out = nianbao(
        &["convert", "--to-format", "2021", "old.nianbao", "new.json"],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("转换为2021版"), "{stderr}");
    assert!(stderr.contains("未转入的单元格（17 个"), "{stderr}");
    assert!(stderr.contains("「采购总金额」"), "{stderr}");
    assert!(stderr.contains("留空待填的单元格（19 个"), "{stderr}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("new.json")).expect("written"))
            .expect("JSON");
    assert_eq!(v["format"], "2021");
    assert_eq!(v["year"], 2023);
    for key in ["t3.new_received.total", "t4.review.total"] {
        assert_eq!(v["cells"][key], r.cell(key).expect("key"), "{key}");
    }
    assert_eq!(v["cells"]["t3.other_other.natural_person"], "4");
    assert_eq!(v["cells"]["t2.art20_1.rules.repealed"], "");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"MIGRATE-SPLIT"), "{rules:?}");
    assert!(!rules.contains(&"FORMAT-YEAR"), "{rules:?}");

    // And back; an unknown format is refused with exit 2.
    let out = nianbao(
        &["convert", "--to-format", "2019", "new.json", "back.nianbao"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let back = nianbao::io::open(&dir.path().join("back.nianbao")).expect("opens");
    assert_eq!(back.format().id(), "2019");
    assert_eq!(back.cell("t3.other_processing.natural_person"), Some("4"));
    let out = nianbao(
        &["convert", "--to-format", "2030", "old.nianbao", "x.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("2030"), "{}", text(&out.stderr));
}

#[test]
fn check_walks_folders_pairs_years_and_writes_a_summary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(reports.join("2022")).expect("dirs");
    // Last year's report of the same agency, and this year's with 二、上年结转 not
    // matching last year's 四、结转下年度继续办理.
    let last = common::fixture("2021_ankang_xinfangju.json");
    nianbao::io::save(&last, &[], &reports.join("ankang_2021.nianbao")).expect("saved");
    let mut this = last.clone();
    this.year = 2022;
    this.set_cell("t3.carried_over.natural_person", "5")
        .expect("key");
    nianbao::io::save(&this, &[], &reports.join("2022/ankang_2022.json")).expect("saved");
    std::fs::write(reports.join("2022/broken.xlsx"), b"not a workbook").expect("written");
    std::fs::write(reports.join("notes.md"), "not a report").expect("written");
    std::fs::write(reports.join("notes.pdfx"), "not a report either").expect("written");
    // A report posted as an old Word document: listed with what to do, not passed over.
    std::fs::write(reports.join("2022/旧版.doc"), b"\xd0\xcf\x11\xe0").expect("written");
    let out = nianbao(
        &["check", "reports", "--summary", "summary.xlsx"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable file: {}",
        text(&out.stderr)
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("ankang_2021.nianbao"));
    assert!(
        stdout.contains("T3-CARRY"),
        "paired with last year: {stdout}"
    );
    // A text that is not a report cannot be read: said on stderr, never checked.
    assert!(!stdout.contains("notes.md"));
    assert!(text(&out.stderr).contains("notes.md"));
    assert!(!stdout.contains("notes.pdfx") && !text(&out.stderr).contains("notes.pdfx"));
    assert!(text(&out.stderr).contains("broken.xlsx"));
    assert!(
        text(&out.stderr).contains("旧版.doc") && text(&out.stderr).contains("另存为 .docx"),
        "{}",
        text(&out.stderr)
    );
    let grids = nianbao::io::workbook::read_workbook(
        &std::fs::read(dir.path().join("summary.xlsx")).expect("summary"),
    )
    .expect("reads");
    let sheet = |name: &str| grids.iter().find(|g| g.name == name).expect(name);
    let rows = sheet("报告");
    assert_eq!(rows.get(0, 0), "文件");
    let files: Vec<&str> = (1..=3).map(|r| rows.get(r, 0)).collect();
    assert!(
        files.iter().any(|f| f.ends_with("broken.xlsx")),
        "{files:?}"
    );
    assert!((1..=3).any(|r| rows.get(r, 8).starts_with("无法读取")));
    assert!(
        sheet("问题").cells().any(|(_, t)| t == "T3-CARRY"),
        "findings sheet lists T3-CARRY"
    );
    // The pair's largest year-on-year change: the 上年结转 typed in this year.
    let changes = sheet("同比变化");
    assert_eq!(changes.get(0, 3), "单元格");
    assert_eq!(changes.get(1, 0), "安康市信访局");
    assert_eq!((changes.get(1, 1), changes.get(1, 2)), ("2021", "2022"));
    assert_eq!(changes.get(1, 3), "表三「二、上年结转申请」「自然人」");
    assert_eq!(changes.get(1, 5), "5");
}

#[test]
fn compare_lists_every_cell_of_both_formats_and_exits_like_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = fixture("2020_xiangtan_xinfangju.json");
    let this = fixture("2021_ankang_xinfangju.json");
    let out = nianbao(&["compare", &last, &this], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    // One line per cell of either format: none dropped.
    let (l, t) = (
        common::fixture("2020_xiangtan_xinfangju.json"),
        common::fixture("2021_ankang_xinfangju.json"),
    );
    let keys: std::collections::BTreeSet<&str> = l
        .format()
        .cells()
        .iter()
        .chain(t.format().cells())
        .map(|c| c.key.as_str())
        .collect();
    let (tables, counterparts) = stdout.split_once("对应项（").expect("counterparts listed");
    let cells = tables
        .lines()
        .filter(|l| l.starts_with("    ") && l.contains(" → "))
        .count();
    assert_eq!(cells, keys.len(), "{stdout}");
    // 2019's （六）其他处理 is also compared with the sum of 2021's three rows.
    assert!(
        counterparts.contains(
            "上年表三「（六）其他处理」「总计」 ↔ 本年表三「（六）1.逾期不补正」「总计」＋"
        ),
        "{counterparts}"
    );
    assert!(
        stdout.contains("（六）其他处理（仅2019版有此行）"),
        "{stdout}"
    );
    assert!(
        stdout.contains("（六）1.逾期不补正（仅2021版有此行）"),
        "{stdout}"
    );
    assert!(stdout.contains("格式不同"));
    assert!(stdout.contains("跨期核对：成立"));
    assert!(stdout.contains("叙述部分与上年的相似度"));

    // Last year's 结转下年度 not carried over: a cross-year check fails, exit 1.
    let mut prior = common::fixture("2020_xiangtan_xinfangju.json");
    prior.set_cell("t3.carry_forward.total", "4").expect("key");
    let prior_path = dir.path().join("2020.nianbao");
    nianbao::io::save(&prior, &[], &prior_path).expect("save");
    let out = nianbao(
        &["compare", prior_path.to_str().expect("utf-8"), &this],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("[不一致] T3-CARRY"));

    // Unreadable: exit 2 with a Chinese message naming the file.
    let junk = dir.path().join("junk.nianbao");
    std::fs::write(&junk, [0xff, 0xfe, 0x00]).expect("write");
    let out = nianbao(
        &["compare", junk.to_str().expect("utf-8"), &this],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("上年度报告无法读取") && stderr.contains("junk.nianbao"),
        "{stderr}"
    );
    let out = nianbao(&["compare", &last, &this, "-o", "out.pdf"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("比较结果可写为 .xlsx 或 .html"));
}

#[test]
fn an_output_that_is_a_folder_or_in_no_folder_is_refused_first_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("输出")).expect("dir");
    let (last, this) = (
        fixture("2020_xiangtan_xinfangju.json"),
        fixture("2021_ankang_xinfangju.json"),
    );
    for (output, says) in [
        ("输出", "这是一个文件夹"),
        ("输出/", "这是一个文件夹"),
        ("没有的文件夹/结果.xlsx", "文件夹「没有的文件夹」不存在"),
    ] {
        for args in [
            vec!["compare", &last, &this, "-o", output],
            vec!["convert", &this, output],
            vec!["convert", "--to-format", "2019", &this, output],
            vec!["check", "--summary", output, &this],
            vec!["combine", "--agency", "某县", "-o", output, &this],
        ] {
            let out = nianbao(&args, dir.path());
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
            // Said before any work: nothing compared, migrated or summed is printed.
            assert!(
                !stderr.contains("os error") && out.stdout.is_empty(),
                "{args:?}: {stderr}"
            );
            assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        }
    }
    // Converting a file onto itself would lose what the conversion drops: refused.
    let own = dir.path().join("本机关.json");
    std::fs::copy(&this, &own).expect("copy");
    let before = std::fs::read(&own).expect("read");
    let own = own.to_str().expect("utf-8");
    for args in [
        vec!["convert", own, own],
        vec!["convert", "--to-format", "2019", own, "./本机关.json"],
    ] {
        let out = nianbao(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("同一个文件"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(own).expect("read"), before);
    // Nor is a comparison written over one of the reports compared (a workbook).
    let book = dir.path().join("本机关.xlsx");
    let report = common::fixture("2021_ankang_xinfangju.json");
    nianbao::io::save(&report, &[], &book).expect("save");
    let before = std::fs::read(&book).expect("read");
    let book = book.to_str().expect("utf-8");
    let out = nianbao(&["compare", &last, book, "-o", book], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("要比较的报告之一"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(book).expect("read"), before);
    assert!(!dir.path().join("没有的文件夹").exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("输出"))
            .expect("dir")
            .count(),
        0
    );
}

#[test]
fn an_input_that_is_a_folder_or_missing_is_named_as_such() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("各部门")).expect("dir");
    let this = fixture("2021_ankang_xinfangju.json");
    for (input, says) in [("各部门", "这是一个文件夹"), ("没有这个文件", "文件不存在")]
    {
        for args in [
            vec!["compare", input, &this],
            vec!["convert", input, "out.json"],
            vec!["check", "--prior", input, &this],
        ] {
            let out = nianbao(&args, dir.path());
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(says), "{args:?}: {stderr}");
            assert!(!stderr.contains("不支持的文件类型"), "{args:?}: {stderr}");
        }
    }
}

#[test]
fn combine_does_not_write_over_a_report_that_is_not_combined() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("各部门")).expect("dir");
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    for agency in ["甲局", "乙局"] {
        r.agency = agency.into();
        nianbao::io::save(
            &r,
            &[],
            &dir.path().join(format!("各部门/{agency}.nianbao")),
        )
        .expect("save");
    }
    let own = dir.path().join("各部门/甲局.nianbao");
    let before = std::fs::read(&own).expect("read");
    let args = [
        "combine",
        "--agency",
        "某县",
        "-o",
        "各部门/甲局.nianbao",
        "各部门",
    ];
    let out = nianbao(&args, dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("不是汇总报告"), "{stderr}");
    assert_eq!(std::fs::read(&own).expect("read"), before);
    // A combined report is summed again over.
    let args = ["combine", "--agency", "某县", "-o", "县.nianbao", "各部门"];
    assert_eq!(nianbao(&args, dir.path()).status.code(), Some(0));
    let out = nianbao(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn check_again_does_not_read_its_own_summary_as_a_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("报告")).expect("dir");
    std::fs::copy(
        common::fixture_path("2021_ankang_xinfangju.json"),
        dir.path().join("报告/a.json"),
    )
    .expect("copy");
    let args = ["check", "--summary", "报告/汇总.xlsx", "报告"];
    for run in 0..2 {
        let out = nianbao(&args, dir.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "run {run}: {stderr}");
        assert!(
            stderr.contains("1 份报告，0 份无法读取"),
            "run {run}: {stderr}"
        );
    }
    // Nor an earlier summary under another name, nor a comparison: their table labels
    // are no report's cells.
    let a = dir.path().join("报告/a.json");
    let a = a.to_str().expect("utf-8");
    let out = nianbao(&["compare", a, a, "-o", "报告/比较.xlsx"], dir.path());
    assert!(
        dir.path().join("报告/比较.xlsx").exists(),
        "{}",
        text(&out.stderr)
    );
    let out = nianbao(
        &["check", "--summary", "报告/汇总2.xlsx", "报告"],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("1 份报告，0 份无法读取"), "{stderr}");
    // Named one by one, each says what it is.
    for (file, kind) in [
        ("报告/比较.xlsx", "与上年比较"),
        ("报告/汇总.xlsx", "批量审核汇总"),
    ] {
        let out = nianbao(&["check", file], dir.path());
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(&format!("nianbao 生成的「{kind}」工作簿，不是年度报告")),
            "{file}: {stderr}"
        );
    }
}

#[test]
fn compare_json_keeps_blank_zero_and_unread_apart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut last = common::fixture("2021_ankang_xinfangju.json");
    last.year = 2021;
    last.set_cell("t4.review.upheld", "").expect("key");
    let i = last.format().index_of("t4.review.other").expect("key");
    last.set_unread(i, true);
    let mut this = common::fixture("2021_ankang_xinfangju.json");
    this.year = 2022;
    this.set_cell("t3.new_received.natural_person", "7")
        .expect("key");
    let (lp, tp) = (
        dir.path().join("last.nianbao"),
        dir.path().join("this.nianbao"),
    );
    nianbao::io::save(&last, &[], &lp).expect("save");
    nianbao::io::save(&this, &[], &tp).expect("save");
    let out = nianbao(
        &[
            "compare",
            "--json",
            lp.to_str().expect("utf-8"),
            tp.to_str().expect("utf-8"),
        ],
        dir.path(),
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let cell = |key: &str| {
        json["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .flat_map(|t| t["rows"].as_array().expect("rows"))
            .flat_map(|r| r["cells"].as_array().expect("cells"))
            .find(|c| c["key"] == key)
            .cloned()
            .expect(key)
    };
    let blank = cell("t4.review.upheld");
    assert_eq!(blank["last"]["kind"], "blank");
    assert_eq!(blank["this"]["kind"], "number");
    assert!(blank["delta"].is_null());
    assert_eq!(cell("t4.review.other")["last"]["kind"], "unread");
    let was = last.cell("t3.new_received.natural_person").expect("key");
    let changed = cell("t3.new_received.natural_person");
    assert_eq!(
        changed["delta"].as_i64(),
        Some(7 - was.parse::<i64>().expect("number"))
    );
    assert!(
        json["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .any(|c| c["rule"] == "T3-CARRY")
    );
    assert!(
        json["sections"][0]["share"].as_u64().expect("share") > 50,
        "copied narrative"
    );
}

#[test]
fn compare_writes_a_workbook_and_a_web_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let last = fixture("2021_ankang_xinfangju.json");
    let mut this = common::fixture("2021_ankang_xinfangju.json");
    this.year = 2022;
    this.set_cell("t3.granted.total", "<script>").expect("key");
    this.set_cell("t4.review.pending", "6").expect("key");
    let tp = dir.path().join("this.nianbao");
    nianbao::io::save(&this, &[], &tp).expect("save");
    let tp = tp.to_str().expect("utf-8");
    let out = nianbao(&["compare", &last, tp, "-o", "cmp.xlsx"], dir.path());
    assert!(
        text(&out.stderr).contains("已写入 cmp.xlsx"),
        "{}",
        text(&out.stderr)
    );
    let grids = nianbao::io::workbook::read_workbook(
        &std::fs::read(dir.path().join("cmp.xlsx")).expect("written"),
    )
    .expect("reads");
    let names: Vec<&str> = grids.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        names,
        ["概况", "表二", "表三", "表四", "跨期核对", "叙述相似度"]
    );
    let t3 = grids.iter().find(|g| g.name == "表三").expect("表三");
    assert_eq!(t3.get(0, 5), "增减");
    // Δ is a formula over 上年 and 本年, its value stored for readers that do not compute.
    let t4 = grids.iter().find(|g| g.name == "表四").expect("表四");
    let row = (1..40)
        .find(|&r| t4.get(r, 2) == "t4.review.pending")
        .expect("row of the cell");
    let before = common::fixture("2021_ankang_xinfangju.json");
    let was: i64 = before
        .cell("t4.review.pending")
        .and_then(|t| t.parse().ok())
        .expect("number");
    assert_eq!(t4.get(row, 4), "6");
    assert_eq!(t4.get(row, 5), (6 - was).to_string());
    // No Δ where this year's cell is no number: empty, not a 0.
    let row = (1..200)
        .find(|&r| t3.get(r, 2) == "t3.granted.total")
        .expect("row of the cell");
    assert_eq!((t3.get(row, 5), t3.get(row, 6)), ("", ""));
    assert!(t3.cells().any(|(_, t)| t == "t3.granted.total"));

    let out = nianbao(&["compare", &last, tp, "-o", "cmp.html"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("cmp.html")).expect("written");
    assert!(!html.contains("<script"), "escaped");
    assert!(html.contains("「&lt;script&gt;」"));
    assert!(html.contains("<mark>"), "repeated passages marked");
    assert!(!html.contains("http"), "self-contained");
}

#[test]
fn combine_sums_a_folder_and_accounts_for_every_input() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("各部门");
    std::fs::create_dir_all(inputs.join("乡镇")).expect("dir");
    let sample =
        std::fs::read_to_string(common::fixture_path("published/2021_ankang_xinfangju.txt"))
            .expect("sample");
    for (name, agency) in [("教育局.txt", "某县教育局"), ("乡镇/甲镇.txt", "某县甲镇")]
    {
        std::fs::write(inputs.join(name), sample.replace("安康市信访局", agency)).expect("write");
    }
    std::fs::write(
        inputs.join("教育局副本.txt"),
        sample.replace("安康市信访局", "某县教育局"),
    )
    .expect("write");
    let old = std::fs::read_to_string(common::fixture_path(
        "published/2020_xiangtan_xinfangju.txt",
    ))
    .expect("sample");
    std::fs::write(inputs.join("去年.txt"), old).expect("write");
    let out = nianbao(
        &[
            "combine",
            "--agency",
            "某县人民政府办公室",
            "-o",
            "县.xlsx",
            "各部门",
        ],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("计入 2 份"), "{stderr}");
    assert!(
        stderr.contains("去年.txt") && stderr.contains("2020 年度"),
        "{stderr}"
    );
    assert!(
        stderr.contains("重复") && stderr.contains("教育局"),
        "{stderr}"
    );
    let report = nianbao::io::open(&dir.path().join("县.xlsx")).expect("reads back");
    assert_eq!(report.agency, "某县人民政府办公室");
    // A department's file that cannot be read leaves the sum short: written, but the
    // exit code says so (last year's report and a duplicate did not).
    std::fs::write(inputs.join("损坏.docx"), b"PK\x03\x04 not a document").expect("write");
    let out = nianbao(
        &[
            "combine",
            "--agency",
            "某县人民政府办公室",
            "-o",
            "县-不完整.xlsx",
            "各部门",
        ],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("损坏.docx") && stderr.contains("汇总不完整"),
        "{stderr}"
    );
    assert!(dir.path().join("县-不完整.xlsx").exists(), "{stderr}");
    std::fs::remove_file(inputs.join("损坏.docx")).expect("remove");
    let one = common::fixture("2021_ankang_xinfangju.json");
    let key = "t3.new_received.total";
    let n: u32 = one.cell(key).expect("key").trim().parse().expect("number");
    assert_eq!(report.cell(key), Some((2 * n).to_string().as_str()));

    // Combined again from what the .nianbao keeps, after a third report arrives.
    let out = nianbao(
        &[
            "combine",
            "--agency",
            "某县人民政府办公室",
            "-o",
            "县.nianbao",
            "各部门",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::write(
        inputs.join("乙镇.txt"),
        sample.replace("安康市信访局", "某县乙镇"),
    )
    .expect("write");
    let out = nianbao(&["combine", "--again", "县.nianbao"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("计入 3 份"),
        "{}",
        text(&out.stderr)
    );
    let report = nianbao::io::open(&dir.path().join("县.nianbao")).expect("reads back");
    assert_eq!(report.cell(key), Some((3 * n).to_string().as_str()));

    // A combined report is an ordinary report: compared with the next year's combined one.
    let next = dir.path().join("明年");
    std::fs::create_dir_all(&next).expect("dir");
    for agency in ["某县教育局", "某县甲镇"] {
        let mut r = common::fixture("2021_ankang_xinfangju.json");
        r.agency = agency.into();
        r.year = 2022;
        nianbao::io::save(&r, &[], &next.join(format!("{agency}.nianbao"))).expect("save");
    }
    let out = nianbao(
        &[
            "combine",
            "--agency",
            "某县人民政府办公室",
            "-o",
            "县2022.nianbao",
            "明年",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = nianbao(&["compare", "县.nianbao", "县2022.nianbao"], dir.path());
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("某县人民政府办公室"),
        "{}",
        text(&out.stdout)
    );

    // Nothing to sum: exit 2 with the reason.
    let out = nianbao(
        &[
            "combine",
            "--agency",
            "县",
            "--year",
            "2030",
            "-o",
            "x.nianbao",
            "各部门",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("没有一份报告可以计入汇总"));
    let out = nianbao(&["combine", "-o", "x.nianbao", "各部门"], dir.path());
    assert_eq!(out.status.code(), Some(2), "--agency is required");
}

#[test]
fn help_and_usage_errors_are_in_chinese() {
    let dir = tempfile::tempdir().expect("tempdir");
    let top = text(&nianbao(&["--help"], dir.path()).stdout);
    // Every subcommand the help lists: "  name  description" lines under 命令.
    let subcommands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("命令"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        subcommands.contains(&"check") && subcommands.contains(&"new"),
        "{top}"
    );
    // Named alone, every subcommand is the command line's (never a file to open in the
    // window): it says what it lacks, or does its work.
    for sub in &subcommands {
        let out = nianbao(&[sub], dir.path());
        let said = text(&out.stderr) + &text(&out.stdout);
        assert!(!said.contains("无法打开窗口"), "{sub}: {said}");
    }
    let mut pages = vec![vec!["--help"]];
    pages.extend(subcommands.iter().map(|s| vec![*s, "--help"]));
    pages.push(vec!["check", "-h"]);
    for args in &pages {
        let args = args.as_slice();
        let out = nianbao(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let help = text(&out.stdout);
        assert!(help.contains("用法："), "{args:?}: {help}");
        if args == ["--help"] {
            assert!(help.contains("审核报告"), "{help}");
        }
        for english in ["Usage", "Arguments", "Options", "OPTIONS", "COMMAND"] {
            assert!(!help.contains(english), "{args:?} says {english}: {help}");
        }
    }
    for (args, says) in [
        (&["check", "--bogus", "x"][..], "无法识别的参数「--bogus」"),
        (&["convert"], "缺少必需的参数"),
        (
            &["new", "--year", "abc", "--agency", "x", "o.json"],
            "「abc」无效",
        ),
        (&["frobnicate", "a"], "没有「frobnicate」命令"),
    ] {
        let out = nianbao(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with("错误：") && err.contains(says),
            "{args:?}: {err}"
        );
        for english in ["error:", "Usage", "For more information", "tip:"] {
            assert!(!err.contains(english), "{args:?} says {english}: {err}");
        }
    }
}

#[test]
fn compare_two_years_of_a_combined_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Two departments, two years; 乙局 has 2 more pending 行政复议 cases in 2022.
    for year in [2021, 2022] {
        let folder = dir.path().join(year.to_string());
        std::fs::create_dir_all(&folder).expect("dir");
        for agency in ["某县甲局", "某县乙局"] {
            let mut r = common::fixture("2021_ankang_xinfangju.json");
            r.agency = agency.to_owned();
            r.year = year;
            if year == 2022 && agency == "某县乙局" {
                common::bump(&mut r, "t4.review.pending", 2);
                common::bump(&mut r, "t4.review.total", 2);
            }
            nianbao::io::save(&r, &[], &folder.join(format!("{agency}.nianbao"))).expect("save");
        }
        let out = nianbao(
            &[
                "combine",
                "--agency",
                "某县人民政府办公室",
                "--year",
                &year.to_string(),
                "-o",
                &format!("县{year}.nianbao"),
                &year.to_string(),
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let out = nianbao(
        &["compare", "--json", "县2021.nianbao", "县2022.nianbao"],
        dir.path(),
    );
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let pending = json["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| t["rows"].as_array().expect("rows"))
        .flat_map(|r| r["cells"].as_array().expect("cells"))
        .find(|c| c["key"] == "t4.review.pending")
        .expect("cell");
    assert_eq!(pending["delta"], 2, "{pending}");
}

#[test]
fn a_closed_pipe_on_stderr_neither_panics_nor_loses_the_output_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = common::fixture("2020_xiangtan_xinfangju.json");
    nianbao::io::save(&r, &[], &dir.path().join("old.nianbao")).expect("save");
    // The migration report goes to stderr, which nobody reads any more (`… 2>&1 | head`).
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["convert", "--to-format", "2021", "old.nianbao", "new.json"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stderr.take());
    let status = child.wait().expect("waits");
    assert_eq!(status.code(), Some(0), "no panic (101)");
    assert!(dir.path().join("new.json").exists(), "the file is written");
}
