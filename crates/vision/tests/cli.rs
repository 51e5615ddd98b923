//! `vitrine-track` end to end: an image gives one JSON object in the reference schema, a folder an array with file
//! names, a clip an array with frame numbers and timings, overlays are written, bad input fails clearly.

#![cfg(not(target_arch = "wasm32"))] // a native command
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// This crate's folder, read at run time (`cargo test` sets it): test binaries may have been built from another
/// checkout sharing the target folder.
fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("vitrine-track")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn photo() -> PathBuf {
    crate_dir().join("tests/data/astronaut.png")
}

fn track(args: &[&str], input: &Path, json: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vitrine-track"))
        .arg("--input")
        .arg(input)
        .arg("--json")
        .arg(json)
        .args(args)
        .output()
        .unwrap()
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn an_image_gives_one_object_and_an_overlay() {
    let dir = scratch("image");
    let json = dir.join("out.json");
    let out = track(
        &[
            "--task",
            "all",
            "--overlay",
            dir.join("overlays").to_str().unwrap(),
        ],
        &photo(),
        &json,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = read_json(&json);
    assert_eq!(v["image"], "astronaut.png");
    assert_eq!(
        (v["width"].as_u64(), v["height"].as_u64()),
        (Some(512), Some(512))
    );
    assert_eq!(v["hands"].as_array().unwrap().len(), 0);
    assert_eq!(v["pose"]["landmarks_px"].as_array().unwrap().len(), 33);
    assert_eq!(v["pose"]["landmarks_px"][0].as_array().unwrap().len(), 4);
    assert_eq!(v["face"]["landmarks_px"].as_array().unwrap().len(), 468);
    // The nose tip (face mesh point 1) lies on the face, in the upper middle of the photo.
    let nose = &v["face"]["landmarks_px"][1];
    let (x, y) = (nose[0].as_f64().unwrap(), nose[1].as_f64().unwrap());
    assert!(
        (150.0..350.0).contains(&x) && (50.0..250.0).contains(&y),
        "nose at {x}, {y}"
    );
    let overlay = image::open(dir.join("overlays/astronaut.png")).unwrap();
    assert_eq!(overlay.width(), 512);
}

#[test]
fn a_folder_gives_an_array_named_by_file() {
    let dir = scratch("folder");
    let images = dir.join("images");
    std::fs::create_dir_all(&images).unwrap();
    std::fs::copy(photo(), images.join("b.png")).unwrap();
    std::fs::copy(photo(), images.join("a.png")).unwrap();
    std::fs::write(images.join("notes.txt"), "not an image").unwrap();
    let json = dir.join("out.json");
    let out = track(&["--task", "face"], &images, &json);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = read_json(&json);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["image"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a.png", "b.png"]);
}

#[test]
fn a_clip_gives_frames_with_timings() {
    let dir = scratch("clip");
    // Three grey 64x48 frames.
    let mut clip = b"YUV4MPEG2 W64 H48 F30:1 C420jpeg\n".to_vec();
    for _ in 0..3 {
        clip.extend(b"FRAME\n");
        clip.extend(vec![100u8; 64 * 48 + 2 * 32 * 24]);
    }
    let path = dir.join("grey.y4m");
    std::fs::write(&path, clip).unwrap();
    let json = dir.join("out.json");
    let out = track(&["--task", "hand", "--smooth"], &path, &json);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = read_json(&json);
    let frames = v.as_array().unwrap();
    assert_eq!(frames.len(), 3);
    for (i, f) in frames.iter().enumerate() {
        assert_eq!(f["frame"].as_u64(), Some(i as u64));
        assert!(f["hands"].as_array().unwrap().is_empty());
        let t = &f["timing_ms"];
        let parts: f64 = ["capture", "preprocess", "inference", "decode"]
            .iter()
            .map(|k| t[k].as_f64().unwrap())
            .sum();
        assert!((parts - t["total"].as_f64().unwrap()).abs() < 1e-3);
        assert!(t["inference"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn bad_input_fails_with_a_clear_message() {
    let dir = scratch("bad");
    let out = track(&[], &dir.join("missing.png"), &dir.join("out.json"));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing.png does not exist"), "{err}");

    let empty_models = dir.join("no-models");
    std::fs::create_dir_all(&empty_models).unwrap();
    let out = track(
        &["--models", empty_models.to_str().unwrap()],
        &photo(),
        &dir.join("out.json"),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("palm_detection_full.onnx does not exist"),
        "{err}"
    );
}

#[test]
fn a_photo_never_tuned_on_gets_a_body_and_a_face_where_they_are() {
    // The cameraman (scikit-image, CC0): a man in profile looking through a camera on a tripod.
    let dir = scratch("holdout");
    let json = dir.join("out.json");
    let input = crate_dir().join("tests/data/camera.png");
    let out = track(&["--task", "all"], &input, &json);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = read_json(&json);
    let at = |p: &serde_json::Value| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
    // The face mesh sits on his head (about x 190–270, y 110–200 in this 512² photo).
    let (x, y) = at(&v["face"]["landmarks_px"][1]);
    assert!(
        (180.0..290.0).contains(&x) && (100.0..210.0).contains(&y),
        "nose tip at {x}, {y}"
    );
    // The body: his shoulder below and behind the head.
    let (sx, sy) = at(&v["pose"]["landmarks_px"][11]);
    let (rx, ry) = at(&v["pose"]["landmarks_px"][12]);
    assert!(
        sy.max(ry) > y && sx.min(rx) < x,
        "shoulders at {sx},{sy} and {rx},{ry}"
    );
}
