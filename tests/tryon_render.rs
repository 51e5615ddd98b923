//! `vitrine tryon --out`: the composited frames checked by their pixels against the source clip. Outside the pieces
//! the picture is the camera frame at its exact colours; what changed is centred on each piece's `anchor_px`; the
//! hand's occluders hide part of every piece (the back of the ring behind its finger, the case of a watch whose
//! dial is on the far side of the wrist) compared with the same frames rendered without them.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::path::Path;
use std::process::Command;

use serde_json::Value;

mod common;
use common::{crate_dir, scratch};

const RING: &str = "AUR-RG-TRI04";
const WATCH: &str = "AUR-WT-SPT02";
const FRAMES: usize = 10;
const HFOV_DEG: f64 = 60.0;

/// Renders the first frames of `clip` with a ring and a watch (with `flags` on the command line); returns the
/// per-frame JSON.
fn render(clip: &Path, out: &Path, flags: &[&str]) -> Value {
    render_frames(clip, out, flags, FRAMES)
}

fn render_frames(clip: &Path, out: &Path, flags: &[&str], frames: usize) -> Value {
    let json = out.with_extension("json");
    let mut command = Command::new(env!("CARGO_BIN_EXE_vitrine"));
    command
        .arg("--assets")
        .arg(crate_dir().join("assets"))
        .args(["tryon", "--video"])
        .arg(clip)
        .args(["--product", RING, "--product", WATCH, "--hand", "left"])
        .args(["--frames", &frames.to_string(), "--json"])
        .arg(&json)
        .arg("--out")
        .arg(out);
    command.args(flags);
    let result = command.output().unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap()
}

/// The generated clip of a left hand at a window (vision's report set), written to `dir`.
fn window_clip(dir: &Path) -> std::path::PathBuf {
    use vision::input::synthetic_clip::{REPORT, write_clip};
    let spec = *REPORT
        .iter()
        .find(|s| s.name == "report_window_left")
        .expect("the window clip");
    write_clip(
        &crate_dir().join("crates/vision/tests/data/hands"),
        spec,
        dir,
    )
    .unwrap();
    dir.join(format!("{}.y4m", spec.name))
}

struct Piece {
    anchor: [f64; 2],
    radius_px: f64,
    /// Drawn clearly enough to be found by its changed pixels: at least half there.
    drawn: bool,
    /// Drawn at all (fading in or out included).
    shown: bool,
}

/// Each visible piece's anchor and a disc that holds all of it: a ring within 25 mm of its centre, a watch with
/// its strap within 60 mm.
fn pieces(frame: &Value, width: f64) -> Vec<Option<Piece>> {
    let focal_px = width / 2.0 / (HFOV_DEG.to_radians() / 2.0).tan();
    frame["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let a = item["anchor_px"].as_array()?;
            let depth = item["depth_m"].as_f64()?;
            let reach_m = if item["anchor"].as_str()? == "wrist" {
                0.06
            } else {
                0.025
            };
            Some(Piece {
                anchor: [a[0].as_f64()?, a[1].as_f64()?],
                radius_px: reach_m * focal_px / depth,
                drawn: item["opacity"].as_f64()? >= 0.5,
                shown: item["opacity"].as_f64()? > 0.0,
            })
        })
        .collect()
}

/// Per frame and piece: how many pixels inside its disc differ clearly from the source, and their centroid; and
/// the mean absolute difference (levels) over every pixel outside all discs.
struct FrameCheck {
    changed: Vec<(usize, [f64; 2])>,
    outside_mad: f64,
}

fn check(
    source: &vision::pixels::image_ops::RgbImage,
    picture: &image::RgbImage,
    pieces: &[Option<Piece>],
) -> FrameCheck {
    let (w, h) = (source.width, source.height);
    assert_eq!(
        (picture.width() as usize, picture.height() as usize),
        (w, h),
        "the clip's own size"
    );
    let mut changed = vec![(0usize, [0.0f64; 2]); pieces.len()];
    let (mut outside_sum, mut outside_count) = (0u64, 0u64);
    for y in 0..h {
        for x in 0..w {
            let s = &source.data[(y * w + x) * 3..(y * w + x) * 3 + 3];
            let p = picture.get_pixel(x as u32, y as u32).0;
            let diff: u32 = (0..3)
                .map(|c| (s[c] as i32 - p[c] as i32).unsigned_abs())
                .sum();
            let inside = pieces.iter().enumerate().find(|(_, piece)| {
                piece.as_ref().is_some_and(|piece| {
                    (x as f64 - piece.anchor[0]).hypot(y as f64 - piece.anchor[1])
                        <= piece.radius_px
                })
            });
            match inside {
                Some((i, _)) => {
                    if diff > 60 {
                        changed[i].0 += 1;
                        changed[i].1[0] += x as f64;
                        changed[i].1[1] += y as f64;
                    }
                }
                None => {
                    outside_sum += diff as u64;
                    outside_count += 3;
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
    FrameCheck {
        changed,
        outside_mad: outside_sum as f64 / outside_count.max(1) as f64,
    }
}

#[test]
fn composited_frames_keep_the_camera_pixels_and_the_hand_hides_the_back_of_each_piece() {
    let dir = scratch("tryon-render");
    let clip = window_clip(&dir);
    let with = render(&clip, &dir.join("occluded"), &[]);
    let without = render(&clip, &dir.join("unoccluded"), &["--no-occluders"]);
    assert_eq!(
        with["frames"], without["frames"],
        "occluders change the picture, never the fit"
    );
    let frames = with["frames"].as_array().unwrap();
    assert_eq!(frames.len(), FRAMES);

    let mut source = vision::input::source::open_input(&clip).unwrap();
    // Changed pixels over all frames, per piece: with occluders, without.
    let mut totals = [[0usize; 2]; 2];
    let mut worst_mad = 0.0f64;
    for (index, frame) in frames.iter().enumerate() {
        let source_frame = source.next_frame().unwrap().expect("a frame per picture");
        let pieces = pieces(frame, source_frame.image.width as f64);
        for (k, name) in ["occluded", "unoccluded"].iter().enumerate() {
            let picture = image::open(dir.join(name).join(format!("{index:05}.png")))
                .unwrap()
                .to_rgb8();
            let c = check(&source_frame.image, &picture, &pieces);
            worst_mad = worst_mad.max(c.outside_mad);
            assert!(
                c.outside_mad <= 2.0,
                "{name} frame {index}: the background differs from the camera frame by {:.2} levels",
                c.outside_mad
            );
            for (i, piece) in pieces.iter().enumerate() {
                let Some(piece) = piece.as_ref().filter(|p| p.drawn) else {
                    continue;
                };
                let (n, centroid) = c.changed[i];
                assert!(
                    n >= 6,
                    "{name} frame {index}: piece {i} is not drawn ({n} pixels)"
                );
                let off = (centroid[0] - piece.anchor[0]).hypot(centroid[1] - piece.anchor[1]);
                assert!(
                    off <= 0.5 * piece.radius_px,
                    "{name} frame {index}: piece {i} is drawn {off:.1} px from its anchor (disc {:.1} px)",
                    piece.radius_px
                );
                totals[i][k] += n;
            }
        }
    }
    eprintln!(
        "background: worst mean absolute difference {worst_mad:.3} levels; pixels drawn (occluded, unoccluded): ring {:?}, watch {:?}",
        totals[0], totals[1]
    );
    for (i, [occluded, unoccluded]) in totals.iter().enumerate() {
        assert!(
            *occluded * 100 <= *unoccluded * 85 && *occluded * 5 >= *unoccluded,
            "piece {i}: {occluded} pixels drawn with the hand's occluders, {unoccluded} without"
        );
    }
}

/// The watch's contact shadow only ever darkens, only around the watch, never beyond the strength it is baked with,
/// and it shows: compared pixel by pixel with the same frames rendered without it.
#[test]
fn the_contact_shadow_darkens_the_skin_around_the_watch_and_nothing_else() {
    let dir = scratch("tryon-contact-shadow");
    let clip = window_clip(&dir);
    let with = render(&clip, &dir.join("shaded"), &[]);
    let without = render(&clip, &dir.join("unshaded"), &["--no-contact-shadows"]);
    assert_eq!(
        with["frames"], without["frames"],
        "the shadow never changes the fit"
    );
    let frames = with["frames"].as_array().unwrap();
    let (mut darkened_total, mut frames_with_watch) = (0usize, 0usize);
    for (index, frame) in frames.iter().enumerate() {
        let [shaded, unshaded] = ["shaded", "unshaded"].map(|name| {
            image::open(dir.join(name).join(format!("{index:05}.png")))
                .unwrap()
                .to_rgb8()
        });
        let pieces = pieces(frame, shaded.width() as f64);
        let watch = pieces[1].as_ref().filter(|p| p.shown);
        let mut darkened = 0;
        for (x, y, s) in shaded.enumerate_pixels() {
            let u = unshaded.get_pixel(x, y);
            if s == u {
                continue;
            }
            for c in 0..3 {
                assert!(
                    s[c] <= u[c],
                    "frame {index} ({x}, {y}): the shadow brightened a pixel ({:?} over {:?})",
                    s.0,
                    u.0
                );
                // Black blended at the baked strength at most (and a level for rounding).
                let floor = (f64::from(u[c])
                    * (1.0 - f64::from(tryon::contact_shadow::SHADOW_STRENGTH)))
                .floor()
                    - 1.0;
                assert!(
                    f64::from(s[c]) >= floor,
                    "frame {index} ({x}, {y}): darker than the shadow's strength allows ({:?} from {:?})",
                    s.0,
                    u.0
                );
            }
            let watch = watch.unwrap_or_else(|| {
                panic!("frame {index} ({x}, {y}): a shadow while the watch is not drawn")
            });
            let off = (f64::from(x) - watch.anchor[0]).hypot(f64::from(y) - watch.anchor[1]);
            assert!(
                off <= watch.radius_px,
                "frame {index} ({x}, {y}): shadow {off:.0} px from the watch (its disc: {:.0} px)",
                watch.radius_px
            );
            let drop: u32 = (0..3).map(|c| u32::from(u[c] - s[c])).sum();
            if drop >= 9 {
                darkened += 1;
            }
        }
        if watch.is_some_and(|w| w.drawn) {
            frames_with_watch += 1;
            darkened_total += darkened;
        }
    }
    eprintln!(
        "contact shadow: {darkened_total} pixels darkened by 3+ levels over {frames_with_watch} frames with the watch"
    );
    assert!(
        frames_with_watch >= FRAMES / 2,
        "the watch is drawn in {frames_with_watch} frames"
    );
    assert!(
        darkened_total >= 40 * frames_with_watch,
        "the shadow hardly shows: {darkened_total} pixels over {frames_with_watch} frames"
    );
}

/// The window clip's first `hand_frames` frames, then `empty_frames` of one flat colour (the last hand frame's mean,
/// so the room's light estimate hardly moves): the hand is lost at once, the pieces hold their pose and fade.
fn clip_that_loses_the_hand(
    dir: &Path,
    hand_frames: usize,
    empty_frames: usize,
) -> std::path::PathBuf {
    let bytes = std::fs::read(window_clip(dir)).unwrap();
    let header_end = bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
    let (w, h) = (
        vision::input::synthetic_clip::FRAME_WIDTH_PX,
        vision::input::synthetic_clip::FRAME_HEIGHT_PX,
    );
    let frame_bytes = w * h * 3 / 2;
    let frames: Vec<&[u8]> = bytes[header_end..]
        .chunks_exact(b"FRAME\n".len() + frame_bytes)
        .map(|chunk| &chunk[b"FRAME\n".len()..])
        .take(hand_frames)
        .collect();
    assert_eq!(frames.len(), hand_frames);
    let mut out = bytes[..header_end].to_vec();
    for frame in &frames {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(frame);
    }
    let last = frames[hand_frames - 1];
    let mean = |plane: &[u8]| {
        (plane.iter().map(|&v| u64::from(v)).sum::<u64>() / plane.len() as u64) as u8
    };
    let (y, chroma) = last.split_at(w * h);
    let (u, v) = chroma.split_at(w * h / 4);
    let mut flat = vec![mean(y); w * h];
    flat.extend(std::iter::repeat_n(mean(u), w * h / 4));
    flat.extend(std::iter::repeat_n(mean(v), w * h / 4));
    for _ in 0..empty_frames {
        out.extend_from_slice(b"FRAME\n");
        out.extend_from_slice(&flat);
    }
    let path = dir.join("loses_the_hand.y4m");
    std::fs::write(&path, out).unwrap();
    path
}

fn linear(level: u8) -> f64 {
    let c = f64::from(level) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

/// A lost hand's pieces fade for real: while the pose is held on the empty frames, what the pieces add to the
/// picture (in linear light, where the blending happens) shrinks with their opacity — not all there until half
/// gone and then nothing, as a piece that is only shown or hidden would be.
#[test]
fn a_lost_hands_pieces_fade_out_by_their_opacity() {
    const HAND_FRAMES: usize = 12;
    let dir = scratch("tryon-fade");
    let clip = clip_that_loses_the_hand(&dir, HAND_FRAMES, 8);
    let json = render_frames(&clip, &dir.join("out"), &[], HAND_FRAMES + 8);
    let frames = json["frames"].as_array().unwrap();
    let mut source = vision::input::source::open_input(&clip).unwrap();
    // Per frame after the loss: the pieces' opacity and the linear light they add to the flat frame.
    let mut after_loss = Vec::new();
    for (index, frame) in frames.iter().enumerate() {
        let source_frame = source.next_frame().unwrap().expect("a frame per picture");
        if index < HAND_FRAMES {
            continue;
        }
        let opacities: Vec<f64> = frame["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["opacity"].as_f64().unwrap())
            .collect();
        assert!(
            opacities.windows(2).all(|o| o[0] == o[1]),
            "frame {index}: pieces on one hand fade together: {opacities:?}"
        );
        let picture = image::open(dir.join("out").join(format!("{index:05}.png")))
            .unwrap()
            .to_rgb8();
        let added: f64 = picture
            .as_raw()
            .iter()
            .zip(&source_frame.image.data)
            .map(|(&p, &s)| (linear(p) - linear(s)).abs())
            .sum();
        after_loss.push((index, opacities[0], added));
    }
    eprintln!("after the loss (frame, opacity, light added): {after_loss:.3?}");
    let whole = after_loss
        .iter()
        .filter(|(_, o, _)| *o == 1.0)
        .map(|(_, _, added)| *added)
        .next_back()
        .expect("the pieces hold their pose whole for a moment");
    assert!(whole > 50.0, "the held pieces hardly show: {whole:.1}");
    let fading: Vec<_> = after_loss
        .iter()
        .filter(|(_, o, _)| *o > 0.0 && *o < 1.0)
        .collect();
    assert!(
        fading
            .iter()
            .filter(|(_, o, _)| (0.2..=0.7).contains(o))
            .count()
            >= 2,
        "two frames or more between a fifth and seven tenths there: {fading:?}"
    );
    for (index, opacity, added) in &fading {
        let share = added / whole;
        // Blended, a piece adds its opacity's share of what it adds whole, and a little more where its hidden
        // surfaces show through its front ones (it writes no depth while it fades).
        assert!(
            share >= opacity - 0.1 && share <= (opacity + 0.3).min(0.97),
            "frame {index}: at opacity {opacity:.2} the pieces add {share:.2} of their whole light"
        );
    }
    assert!(
        fading.windows(2).all(|w| w[1].2 < w[0].2),
        "the pieces fade steadily: {fading:?}"
    );
    for (index, opacity, added) in &after_loss {
        if *opacity == 0.0 {
            assert!(
                *added <= 0.01 * whole,
                "frame {index}: gone, yet the picture differs from the frame ({added:.1})"
            );
        }
    }
}
