//! The live try-on in a real window, on a virtual X display (Xvfb): a generated clip played like a camera (looped),
//! a ring and a watch on, a snapshot of the window. The snapshot is checked by its pixels: the frame covers the
//! window without distortion (scaled and cropped about the centre) at its exact colours outside the pieces; the
//! frame shown is the very frame the pieces were fitted to (the picture matches that frame better than its
//! neighbours); both pieces are drawn where the fit puts them. And the session writes no file but the snapshot.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{crate_dir, scratch, vitrine};

const RING: &str = "AUR-RG-TRI04";
const WATCH: &str = "AUR-WT-SPT02";
const HFOV_DEG: f64 = 60.0;

/// A virtual X display, stopped when dropped.
struct Display {
    name: String,
    server: Child,
}

impl Drop for Display {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

fn virtual_display() -> Display {
    // A display number no other test run holds.
    let number = (90..200)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a free X display number");
    let server = Command::new("Xvfb")
        .arg(format!(":{number}"))
        .args(["-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (installed by `cargo xtask setup`)");
    let socket = format!("/tmp/.X11-unix/X{number}");
    let started = Instant::now();
    while !Path::new(&socket).exists() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "Xvfb did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Display {
        name: format!(":{number}"),
        server,
    }
}

/// Runs `command` to its end or for at most `limit`; returns (success, stdout, stderr).
fn run_for(mut command: Command, limit: Duration) -> (bool, String, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (out_reader.join().unwrap(), err_reader.join().unwrap());
    (status.is_some_and(|s| s.success()), stdout, stderr)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found
}

fn to_linear(v: u8) -> f64 {
    let c = v as f64 / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn to_srgb(l: f64) -> f64 {
    let c = if l <= 0.003_130_8 {
        l * 12.92
    } else {
        1.055 * l.powf(1.0 / 2.4) - 0.055
    };
    (c * 255.0).clamp(0.0, 255.0)
}

/// How the frame sits in the window: window pixel (X, Y) shows frame point ((X + ½ − W/2) / s + w/2, …).
struct Cover {
    scale: f64,
    window: [f64; 2],
    frame: [f64; 2],
}

impl Cover {
    fn new(frame: [f64; 2], window: [f64; 2]) -> Self {
        Self {
            scale: (window[0] / frame[0]).max(window[1] / frame[1]),
            window,
            frame,
        }
    }

    fn to_window(&self, p: [f64; 2]) -> [f64; 2] {
        [
            (p[0] - self.frame[0] / 2.0) * self.scale + self.window[0] / 2.0,
            (p[1] - self.frame[1] / 2.0) * self.scale + self.window[1] / 2.0,
        ]
    }

    /// The frame's colour at window pixel (x, y): bilinear in linear light, as the GPU samples an sRGB texture.
    fn expected(&self, frame: &vision::pixels::image_ops::RgbImage, x: u32, y: u32) -> [f64; 3] {
        let u = (x as f64 + 0.5 - self.window[0] / 2.0) / self.scale + self.frame[0] / 2.0 - 0.5;
        let v = (y as f64 + 0.5 - self.window[1] / 2.0) / self.scale + self.frame[1] / 2.0 - 0.5;
        let (w, h) = (frame.width as i64, frame.height as i64);
        let (x0, y0) = (u.floor(), v.floor());
        let (fx, fy) = (u - x0, v - y0);
        let at = |xx: i64, yy: i64, c: usize| {
            let (xx, yy) = (xx.clamp(0, w - 1), yy.clamp(0, h - 1));
            to_linear(frame.data[((yy * w + xx) * 3) as usize + c])
        };
        let (x0, y0) = (x0 as i64, y0 as i64);
        let mut rgb = [0.0; 3];
        for (c, out) in rgb.iter_mut().enumerate() {
            let top = at(x0, y0, c) * (1.0 - fx) + at(x0 + 1, y0, c) * fx;
            let bottom = at(x0, y0 + 1, c) * (1.0 - fx) + at(x0 + 1, y0 + 1, c) * fx;
            *out = to_srgb(top * (1.0 - fy) + bottom * fy);
        }
        rgb
    }
}

/// A piece's disc in the window: its anchor and a radius that holds all of it.
struct Disc {
    centre: [f64; 2],
    radius: f64,
}

fn discs(fit: &Value, frame_width: f64, cover: &Cover) -> Vec<Disc> {
    let focal_px = frame_width / 2.0 / (HFOV_DEG.to_radians() / 2.0).tan();
    fit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let a = item["anchor_px"]
                .as_array()
                .expect("the piece is on the hand");
            let depth = item["depth_m"].as_f64().unwrap();
            let reach_m = if item["anchor"].as_str().unwrap() == "wrist" {
                0.06
            } else {
                0.025
            };
            Disc {
                centre: cover.to_window([a[0].as_f64().unwrap(), a[1].as_f64().unwrap()]),
                radius: reach_m * focal_px / depth * cover.scale,
            }
        })
        .collect()
}

/// Mean absolute difference (levels) outside the discs, and per disc the clearly changed pixels and their
/// centroid.
fn compare(
    frame: &vision::pixels::image_ops::RgbImage,
    picture: &image::RgbImage,
    cover: &Cover,
    discs: &[Disc],
) -> (f64, Vec<(usize, [f64; 2])>) {
    let mut changed = vec![(0usize, [0.0f64; 2]); discs.len()];
    let (mut sum, mut count) = (0.0f64, 0u64);
    // Every other pixel is plenty for the statistics and halves the time.
    for y in (0..picture.height()).step_by(2) {
        for x in (0..picture.width()).step_by(2) {
            let expected = cover.expected(frame, x, y);
            let p = picture.get_pixel(x, y).0;
            let diff: f64 = (0..3).map(|c| (expected[c] - p[c] as f64).abs()).sum();
            let (fx, fy) = (x as f64 + 0.5, y as f64 + 0.5);
            match discs
                .iter()
                .position(|d| (fx - d.centre[0]).hypot(fy - d.centre[1]) <= d.radius)
            {
                Some(i) => {
                    if diff > 60.0 {
                        changed[i].0 += 1;
                        changed[i].1[0] += fx;
                        changed[i].1[1] += fy;
                    }
                }
                None => {
                    sum += diff;
                    count += 3;
                }
            }
        }
    }
    for (n, c) in &mut changed {
        if *n > 0 {
            c[0] /= *n as f64;
            c[1] /= *n as f64;
        }
    }
    (sum / count.max(1) as f64, changed)
}

#[test]
fn the_live_window_shows_the_fitted_frame_covering_the_window_and_writes_only_the_snapshot() {
    use vision::input::synthetic_clip::{FRAME_COUNT, REPORT, write_clip};
    let dir = scratch("tryon-live");
    let spec = *REPORT
        .iter()
        .find(|s| s.name == "report_window_left")
        .expect("the window clip");
    write_clip(
        &crate_dir().join("crates/vision/tests/data/hands"),
        spec,
        &dir,
    )
    .unwrap();
    let clip = dir.join(format!("{}.y4m", spec.name));

    // The fit of every frame, without a window, to know where each piece sits.
    let json = dir.join("fit.json");
    let fitted = vitrine()
        .args(["tryon", "--video"])
        .arg(&clip)
        .args([
            "--product",
            RING,
            "--product",
            WATCH,
            "--hand",
            "left",
            "--json",
        ])
        .arg(&json)
        .output()
        .unwrap();
    assert!(
        fitted.status.success(),
        "{}",
        String::from_utf8_lossy(&fitted.stderr)
    );
    let fits: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();

    let display = virtual_display();
    let (home, tmp) = (scratch("tryon-live-home"), scratch("tryon-live-tmp"));
    let mut live = vitrine();
    live.env("DISPLAY", &display.name)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("VITRINE_SNAPSHOTS")
        .env_remove(ort_env::DISABLE_TELEMETRY_VARIABLE)
        .env("HOME", &home)
        .env("TMPDIR", &tmp)
        // Mesa's own cache of compiled shaders (driver state, no picture) would otherwise land in HOME.
        .env("MESA_SHADER_CACHE_DISABLE", "true")
        .args(["tryon", "--video"])
        .arg(&clip)
        .args([
            "--loop",
            "--product",
            RING,
            "--product",
            WATCH,
            "--hand",
            "left",
        ])
        .args(["--snapshot-after", "45"]);
    let (ok, stdout, stderr) = run_for(live, Duration::from_secs(600));
    assert!(ok, "the live try-on failed or hung:\n{stdout}\n{stderr}");
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("vitrine tryon: snapshot of frame "))
        .unwrap_or_else(|| panic!("no snapshot was reported:\n{stdout}\n{stderr}"));
    let (sequence, path) = line.split_once(" saved to ").unwrap();
    let sequence: usize = sequence.parse().unwrap();
    let snapshot = PathBuf::from(path);

    // Privacy: the snapshot asked for is the only file the session wrote.
    assert_eq!(files_under(&home), vec![snapshot.clone()], "files in HOME");
    assert!(files_under(&tmp).is_empty(), "files in TMPDIR");

    let picture = image::open(&snapshot).unwrap().to_rgb8();
    let mut source = vision::input::source::open_input(&clip).unwrap();
    let mut frames = Vec::new();
    while let Some(frame) = source.next_frame().unwrap() {
        frames.push(frame.image);
    }
    assert_eq!(frames.len(), FRAME_COUNT);
    let index = sequence % FRAME_COUNT;
    let frame = &frames[index];
    let cover = Cover::new(
        [frame.width as f64, frame.height as f64],
        [picture.width() as f64, picture.height() as f64],
    );
    let discs = discs(&fits["frames"][index], frame.width as f64, &cover);
    let (mad, changed) = compare(frame, &picture, &cover, &discs);
    assert!(
        mad <= 3.0,
        "frame {index}: outside the pieces the window differs from the frame by {mad:.2} levels"
    );
    // A piece whose anchor the window's crop leaves out (the clip's hand enters from below, so the wrist is under
    // the window's bottom edge in some frames) cannot show there; every piece in view must be drawn, and at least one
    // piece must be in view.
    let in_view = |d: &Disc| {
        (0.0..picture.width() as f64).contains(&d.centre[0])
            && (0.0..picture.height() as f64).contains(&d.centre[1])
    };
    assert!(
        discs.iter().any(in_view),
        "frame {index}: no piece's anchor is in the window"
    );
    for (i, (n, centroid)) in changed.iter().enumerate() {
        let d = &discs[i];
        if !in_view(d) {
            println!(
                "piece {i}: its anchor {:?} is outside the window (cropped)",
                d.centre
            );
            continue;
        }
        assert!(*n >= 20, "piece {i} is not drawn ({n} changed pixels)");
        let off = (centroid[0] - d.centre[0]).hypot(centroid[1] - d.centre[1]);
        assert!(
            off <= 0.5 * d.radius,
            "piece {i}: drawn {off:.0} px from its anchor (disc {:.0} px)",
            d.radius
        );
    }
    println!(
        "frame {index} in a {}×{} window: background MAD {mad:.2} levels; changed pixels per piece {:?}",
        picture.width(),
        picture.height(),
        changed.iter().map(|c| c.0).collect::<Vec<_>>()
    );
    // Frame-locked: the frames just before and after (the hand moves) match the picture worse.
    for k in [2, FRAME_COUNT - 2] {
        let other = &frames[(index + k) % FRAME_COUNT];
        let (other_mad, _) = compare(other, &picture, &cover, &discs);
        println!(
            "  frame {}: {other_mad:.2} levels",
            (index + k) % FRAME_COUNT
        );
        assert!(
            other_mad > mad,
            "frame {index} shown: frame {} matches the picture as well ({other_mad:.2} vs {mad:.2} levels)",
            (index + k) % FRAME_COUNT
        );
    }
}

#[test]
fn a_window_try_on_refuses_bad_requests_before_opening() {
    let dir = scratch("tryon-live-bad");
    let missing = dir.join("missing.y4m");
    for (args, expected) in [
        (
            vec![
                "--product",
                "AUR-NOPE",
                "--video",
                missing.to_str().unwrap(),
            ],
            "no product AUR-NOPE",
        ),
        (
            vec!["--product", RING, "--video", missing.to_str().unwrap()],
            "does not exist",
        ),
    ] {
        let out = vitrine().arg("tryon").args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
    // No display: said so, with what works without one.
    let out = vitrine()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["tryon", "--product", RING, "--camera", "0"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no display was found"), "{stderr}");
    assert!(stderr.contains("--json"), "{stderr}");
}

#[test]
fn cameras_are_listed_or_their_absence_said() {
    let out = vitrine().arg("cameras").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    let devices = std::fs::read_dir("/dev")
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("video"))
                .count()
        })
        .unwrap_or(0);
    if devices == 0 {
        assert!(
            stdout.starts_with("no camera found; try pieces on from a clip"),
            "{stdout}"
        );
    } else {
        assert!(
            !stdout.trim().is_empty(),
            "{devices} video devices, none listed"
        );
    }
}
