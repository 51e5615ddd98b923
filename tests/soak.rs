//! Memory stays flat: `vitrine bench --soak` renders the boutique's views, the guided tour and inspections with
//! variant changes over and over; resident memory at the end may not exceed frame 50's by more than 5%, and its
//! trend over the cycles, projected over 2,000 frames, may not exceed [`TREND_RATCHET_PERCENT`]. (Memory is
//! asserted, never wall-clock time.)

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::process::Command;

mod common;
use common::crate_dir;

/// Frames rendered after the baseline: enough that a leak of 0.2 MB per frame (a tenth of one 320×180 HDR
/// texture's worth) would exceed the 5% limit over a baseline of about 1 GB.
const SOAK_FRAMES: u32 = 300;

/// The trend's limit here: a ratchet, not the goal. A slow climb of about 0.06 MiB a frame is still open (issue 9;
/// `vitrine bench --soak` holds the trend to 5% by default and fails on it, as the README shows): projected over
/// 2,000 frames it is +15–19% of frame 50's memory today. Twice that — the per-camera re-filtered environment maps
/// came back, or a new leak of a tenth of a texture a frame — fails this test.
const TREND_RATCHET_PERCENT: f32 = 35.0;

/// "soak: trend +X MiB per 100 frames over N cycle starts: +P% over 2000 frames …" → P.
fn trend_percent(report: &str) -> Option<f32> {
    let line = report.lines().find(|l| l.starts_with("soak: trend"))?;
    let before_percent = line.split('%').next()?;
    before_percent.rsplit(": ").next()?.trim().parse().ok()
}

/// "soak: resident memory A MiB at frame 50 and B MiB at frame N: +G% …" → (A, B, N).
fn verdict(report: &str) -> Option<(f64, f64, u32)> {
    let line = report
        .lines()
        .find(|l| l.starts_with("soak: resident memory"))?;
    let words: Vec<&str> = line.split_whitespace().collect();
    let number_before = |word: &str, nth: usize| -> Option<f64> {
        let at = words
            .iter()
            .enumerate()
            .filter(|(_, w)| **w == word)
            .nth(nth)?
            .0;
        words.get(at.checked_sub(1)?)?.parse().ok()
    };
    let end_frame = words
        .iter()
        .rposition(|w| *w == "frame")
        .and_then(|i| words.get(i + 1))
        .and_then(|w| w.trim_end_matches(':').parse().ok())?;
    Some((
        number_before("MiB", 0)?,
        number_before("MiB", 1)?,
        end_frame,
    ))
}

#[test]
fn the_verdict_line_is_read() {
    assert_eq!(
        verdict(
            "soak: frame 50 ...\nsoak: resident memory 812.5 MiB at frame 50 and 820.0 MiB at frame 300: +0.9% \
             (the limit is +5.0%)\n"
        ),
        Some((812.5, 820.0, 300))
    );
    assert_eq!(verdict("nothing here"), None);
    assert_eq!(
        trend_percent(
            "soak: trend +5.962 MiB per 100 frames over 6 cycle starts: +18.7% over 2000 frames (the limit is \
             +35.0%)"
        ),
        Some(18.7)
    );
}

#[test]
fn memory_stays_flat_through_views_tour_and_inspections() {
    let output = Command::new(env!("CARGO_BIN_EXE_vitrine"))
        .arg("--assets")
        .arg(crate_dir().join("assets"))
        .env("RUST_LOG", "warn")
        .args(["bench", "--size", "320x180", "--soak"])
        .arg(SOAK_FRAMES.to_string())
        .arg("--max-trend-percent")
        .arg(TREND_RATCHET_PERCENT.to_string())
        .output()
        .expect("start vitrine");
    let report = String::from_utf8_lossy(&output.stdout);
    let errors = String::from_utf8_lossy(&output.stderr);
    let (baseline_mib, end_mib, end_frame) = verdict(&report)
        .unwrap_or_else(|| panic!("no verdict in the soak's report:\n{report}\n{errors}"));
    assert_eq!(end_frame, SOAK_FRAMES, "{report}");
    assert!(baseline_mib > 50.0, "an implausible baseline:\n{report}");
    let growth_percent = (end_mib / baseline_mib - 1.0) * 100.0;
    assert!(
        growth_percent <= 5.0,
        "resident memory grew by {growth_percent:.1}% from frame 50 to frame {end_frame}:\n{report}"
    );
    let trend = trend_percent(&report)
        .unwrap_or_else(|| panic!("no trend in the soak's report:\n{report}\n{errors}"));
    assert!(
        trend <= TREND_RATCHET_PERCENT,
        "resident memory climbs: {trend:+.1}% projected over 2,000 frames:\n{report}"
    );
    assert!(
        output.status.success(),
        "the soak failed:\n{report}\n{errors}"
    );
}
