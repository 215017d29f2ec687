//! The start-up probe (`NIANBAO_STARTUP_PROBE=1`): reports how long the window took to
//! show its first frame and the peak memory, then closes. `benches/startup.sh` runs it.

use std::time::Instant;

use eframe::egui::{self, ViewportCommand};

/// The environment variable that turns the probe on.
pub const VAR: &str = "NIANBAO_STARTUP_PROBE";

/// Counts frames from start-up until the first one has been painted.
pub struct Probe {
    started: Instant,
    frames: u32,
}

impl Probe {
    /// A probe if the environment asks for one, timing from `started`.
    pub fn from_env(started: Instant) -> Option<Probe> {
        std::env::var_os(VAR).map(|_| Probe { started, frames: 0 })
    }

    /// Called at the start of every frame: once the first frame has been painted,
    /// prints the time and peak memory and closes the window.
    pub fn frame(&mut self, ctx: &egui::Context) {
        self.frames += 1;
        if self.frames == 1 {
            ctx.request_repaint();
            return;
        }
        if self.frames == 2 {
            let ms = self.started.elapsed().as_secs_f64() * 1000.0;
            let rss = peak_rss_mb().map_or_else(|| "未知".to_owned(), |mb| format!("{mb:.1} MB"));
            println!("first frame after {ms:.0} ms, peak RSS {rss}");
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }
}

/// Peak resident memory of this process (Linux: `VmHWM` in `/proc/self/status`).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
