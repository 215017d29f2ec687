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
