//! Saves survive being killed: `nianbao convert` is killed (SIGKILL) at hundreds of
//! points while it writes a report, and the file on disk is always the old or the new
//! report, never a mixture — and so is its `.bak`.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A report big enough that writing it takes a while: a long overview.
fn big_report(dir: &Path, name: &str, filler: &str) -> std::path::PathBuf {
    let mut r = common::fixture("2021_ankang_xinfangju.json");
    r.set_section("overview", filler.repeat(150_000));
    let path = dir.join(name);
    nianbao::io::save(&r, &[], &path).expect("saved");
    path
}

fn convert(input: &Path, output: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("convert")
        .arg(input)
        .arg(output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs")
}

#[test]
fn a_save_killed_at_any_point_leaves_the_old_or_the_new_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = big_report(dir.path(), "a.json", "甲");
    let b = big_report(dir.path(), "b.json", "乙");
    // The two versions as whole files.
    let (out_a, out_b) = (dir.path().join("a.nianbao"), dir.path().join("b.nianbao"));
    // The longest of a few whole runs: kill points spread over twice that.
    let mut full_run = Duration::ZERO;
    for _ in 0..3 {
        let started = Instant::now();
        assert!(convert(&a, &out_a).wait().expect("waits").success());
        full_run = full_run.max(started.elapsed());
    }
    assert!(convert(&b, &out_b).wait().expect("waits").success());
    let versions = [
        std::fs::read(&out_a).expect("a"),
        std::fs::read(&out_b).expect("b"),
    ];
    let work = dir.path().join("work");
    std::fs::create_dir(&work).expect("mkdir");
    let target = work.join("report.nianbao");
    std::fs::copy(&out_a, &target).expect("copy");
    let bak = nianbao::io::backup_path(&target);
    // Kill points spread over the whole run, from a fixed seed.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let span = full_run.as_micros() as u64 * 2 + 1;
    let (mut replaced, mut interrupted) = (0, 0);
    for round in 0..200 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let source = if round % 2 == 0 { &b } else { &a };
        let before = std::fs::read(&target).expect("target");
        let mut child = convert(source, &target);
        std::thread::sleep(Duration::from_micros(seed % span));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        let now = std::fs::read(&target).expect("the report is still there");
        assert!(
            versions.contains(&now),
            "round {round}: the report is damaged ({} bytes)",
            now.len()
        );
        if bak.exists() {
            let backup = std::fs::read(&bak).expect("bak");
            assert!(
                versions.contains(&backup),
                "round {round}: the .bak is damaged"
            );
        }
        if now != before {
            replaced += 1;
        }
        if !status.success() {
            interrupted += 1;
        }
    }
    // The kills really landed both before and after the new version was in place.
    assert!(replaced >= 5, "only {replaced} saves completed");
    assert!(interrupted >= 5, "only {interrupted} saves were killed");
}
