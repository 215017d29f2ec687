//! Saves survive being killed: `nianbao convert` is killed (SIGKILL) at hundreds of
//! points while it writes a report, and the file on disk is always the old or the new
//! report, never a mixture — and so is its `.bak`. The same for the autosave, written by
//! this test binary run again as a child process.

mod common;

use std::io::{BufRead, BufReader, Write};
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

/// Kill points spread over `span` from a fixed seed (xorshift).
struct KillPoints(u64);

impl KillPoints {
    fn next(&mut self, span: Duration) -> Duration {
        let s = &mut self.0;
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        Duration::from_micros(*s % (span.as_micros() as u64 + 1))
    }
}

/// The longest of three whole runs of `run`.
fn longest_run(mut run: impl FnMut() -> std::process::Child) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(run().wait().expect("waits").success());
            started.elapsed()
        })
        .max()
        .unwrap_or_default()
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
    // Kill points spread over twice the longest of a few whole runs.
    let span = 2 * longest_run(|| convert(&a, &out_a));
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
    let mut kill_at = KillPoints(0x2545_F491_4F6C_DD1D);
    let (mut replaced, mut interrupted) = (0, 0);
    for round in 0..200 {
        let source = if round % 2 == 0 { &b } else { &a };
        let before = std::fs::read(&target).expect("target");
        let mut child = convert(source, &target);
        std::thread::sleep(kill_at.next(span));
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

/// Set in the child process: the recovery folder to autosave into, and the report to store.
const CHILD_DIR: &str = "NIANBAO_TEST_AUTOSAVE_DIR";
const CHILD_REPORT: &str = "NIANBAO_TEST_AUTOSAVE_REPORT";
/// What the child prints when it starts to write.
const WRITING: &str = "autosave: writing";

/// The child of [`an_autosave_killed_at_any_point_leaves_the_last_or_the_new_state`]:
/// autosaves one report as the app does, then exits. Does nothing when run on its own.
#[test]
#[ignore = "run as a child process by the autosave kill test"]
fn autosave_child() {
    let (Some(dir), Some(report)) = (std::env::var_os(CHILD_DIR), std::env::var_os(CHILD_REPORT))
    else {
        return;
    };
    let doc = nianbao::document::Document::open(Path::new(&report)).expect("opens");
    let recovery = nianbao::recovery::Recovery::new(dir);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{WRITING}").expect("stdout");
    out.flush().expect("stdout");
    recovery.store(&doc).expect("autosaved");
}

/// Starts a child that autosaves `report` into `dir`, and waits until it starts writing.
fn autosave(dir: &Path, report: &Path) -> std::process::Child {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["autosave_child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_DIR, dir)
        .env(CHILD_REPORT, report)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let writing = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|line| line.contains(WRITING));
    assert!(writing, "the child did not start writing");
    // The rest is drained, so the child never blocks or fails on a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    child
}

#[test]
fn an_autosave_killed_at_any_point_leaves_the_last_or_the_new_state() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = big_report(dir.path(), "a.nianbao", "甲");
    let b = big_report(dir.path(), "b.nianbao", "乙");
    let reports = [
        nianbao::io::open(&a).expect("a"),
        nianbao::io::open(&b).expect("b"),
    ];
    let recovery_dir = dir.path().join("recovery");
    let recovery = nianbao::recovery::Recovery::new(&recovery_dir);
    // Timed from when the child starts writing: kill points spread over twice that.
    let span = 2 * longest_run(|| autosave(&recovery_dir, &a));
    let mut kill_at = KillPoints(0x9E37_79B9_7F4A_7C15);
    let (mut replaced, mut interrupted) = (0, 0);
    for round in 0..200 {
        let source = if round % 2 == 0 { &b } else { &a };
        let before = recovery.restore().expect("recovers").report().clone();
        let mut child = autosave(&recovery_dir, source);
        std::thread::sleep(kill_at.next(span));
        let _ = child.kill();
        let status = child.wait().expect("waits");
        let now = recovery
            .restore()
            .unwrap_or_else(|e| panic!("round {round}: the autosave is damaged: {e}"));
        assert!(
            reports.contains(now.report()),
            "round {round}: the autosave is neither version"
        );
        // Recovered as unsaved changes.
        assert!(now.is_dirty());
        if now.report() != &before {
            replaced += 1;
        }
        if !status.success() {
            interrupted += 1;
        }
    }
    assert!(replaced >= 5, "only {replaced} autosaves completed");
    assert!(interrupted >= 5, "only {interrupted} autosaves were killed");
}
