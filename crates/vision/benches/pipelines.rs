//! `cargo bench -p vision` (or `cargo xtask bench vision`): per-stage medians for detection frames and tracked
//! frames of the hand, pose and face pipelines, full and lite, and the ratio of a tracked frame to the bare
//! landmark-model inference. Prints a Markdown table. Uses the photos and the clip in ../shared/testdata.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Read;
use std::path::Path;

use vision::input::source::{Frame, FrameSource, Y4mClip, load_image};
use vision::model::inference::block_on;
use vision::model::runtime::Model;
use vision::output::timing::StageTimings;
use vision::pipelines::tracker::{ModelFiles, ModelVariant, Tasks, Tracker, TrackerOptions};

/// This crate's folder, read at run time (`cargo test` sets it): test binaries may have been built from another
/// checkout sharing the target folder.
fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

const WARMUP: usize = 5;
const ROUNDS: usize = 40;

fn median(mut v: Vec<f32>) -> f32 {
    if v.is_empty() {
        return f32::NAN;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

struct Row {
    task: &'static str,
    variant: ModelVariant,
    mode: &'static str,
    timings: Vec<StageTimings>,
    bare_landmark_ms: f32,
}

impl Row {
    fn print(&self) {
        let m = |f: fn(&StageTimings) -> f32| median(self.timings.iter().map(f).collect());
        let total = m(|t| t.preprocess_ms + t.inference_ms + t.decode_ms);
        println!(
            "| {} | {:?} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {} |",
            self.task,
            self.variant,
            self.mode,
            self.timings.len(),
            m(|t| t.preprocess_ms),
            m(|t| t.inference_ms),
            m(|t| t.decode_ms),
            total,
            self.bare_landmark_ms,
            if self.mode == "tracked" {
                format!("{:.2}", total / self.bare_landmark_ms)
            } else {
                "–".into()
            }
        );
    }
}

fn frame(image: vision::pixels::image_ops::RgbImage, sequence: u64) -> Frame {
    Frame {
        sequence,
        timestamp_secs: sequence as f64 / 30.0,
        captured_at: web_time::Instant::now(),
        image,
        name: None,
        capture_ms: 0.0,
    }
}

/// A landmark model alone, on a crop of a real image: the "bare inference" a tracked frame is compared with.
struct Bare {
    model: Model,
    input: Vec<f32>,
    outputs: Vec<Vec<f32>>,
}

impl Bare {
    fn new(
        path: &Path,
        size: usize,
        outputs: &[&str],
        image: &vision::pixels::image_ops::RgbImage,
    ) -> Self {
        let model = Model::open(path, &[1, size as i64, size as i64, 3], outputs).unwrap();
        let mut input = vec![0.0; size * size * 3];
        let (image_from_tensor, _) =
            vision::pixels::image_ops::letterbox_transform(image.width, image.height, size);
        vision::pixels::image_ops::warp_into(
            image.view(),
            image_from_tensor,
            size,
            vision::pixels::image_ops::ValueRange::UNIT,
            vision::pixels::image_ops::Border::Replicate,
            &mut input,
        );
        Self {
            model,
            input,
            outputs: vec![Vec::new(); outputs.len()],
        }
    }

    fn run_ms(&mut self) -> f32 {
        let start = web_time::Instant::now();
        self.model
            .run_blocking(&self.input, &mut self.outputs)
            .unwrap();
        start.elapsed().as_secs_f32() * 1000.0
    }
}

/// Runs `frames` through a tracker after warming up, keeping the timings of frames whose results came from
/// detection (`want_detected`) or from tracking; after each kept frame the bare model runs once, so both are
/// measured under the same machine load.
fn measure(
    tracker: &mut Tracker<Model>,
    frames: &[Frame],
    want_detected: bool,
    bare: &mut Bare,
) -> (Vec<StageTimings>, Vec<f32>) {
    let (mut kept, mut bare_ms) = (Vec::new(), Vec::new());
    let mut i = 0;
    while kept.len() < ROUNDS && i < (WARMUP + ROUNDS) * 4 {
        let f = &frames[i % frames.len()];
        if i % frames.len() == 0 {
            tracker.reset();
        }
        let r = block_on(tracker.process(f)).unwrap();
        let detected = r.hands.iter().any(|h| h.detected)
            || r.pose.as_ref().is_some_and(|p| p.detected)
            || r.face.as_ref().is_some_and(|p| p.detected);
        let found = !r.hands.is_empty() || r.pose.is_some() || r.face.is_some();
        let ms = bare.run_ms();
        if i >= WARMUP && found && detected == want_detected {
            kept.push(r.timings);
            bare_ms.push(ms);
        }
        i += 1;
    }
    (kept, bare_ms)
}

/// Median milliseconds of `run` over `rounds` calls.
fn median_ms(rounds: usize, mut run: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = std::time::Instant::now();
            run();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The capture conversion alone, on a synthetic 640×480 frame (no data needed): a Y4M 4:2:0 frame read and
/// converted, and the camera's NV12 and YUYV buffers converted.
fn capture_conversion() {
    let (w, h) = (640usize, 480usize);
    let pattern = |i: usize| ((i * 7919) % 251) as u8;
    let planes: Vec<u8> = (0..w * h * 3 / 2).map(pattern).collect();
    let mut y4m = format!("YUV4MPEG2 W{w} H{h} F30:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..ROUNDS {
        y4m.extend_from_slice(b"FRAME\n");
        y4m.extend_from_slice(&planes);
    }
    let mut reader = vision::input::y4m::Y4mReader::new(&y4m[..]).unwrap();
    let mut rgb = Vec::new();
    let y4m_ms = median_ms(ROUNDS, || {
        reader.next_frame(&mut rgb).unwrap();
    });
    #[cfg(not(target_arch = "wasm32"))]
    {
        use nokhwa::utils::FrameFormat;
        let yuyv: Vec<u8> = (0..w * h * 2).map(pattern).collect();
        let nv12_ms = median_ms(ROUNDS, || {
            vision::input::camera::to_rgb(FrameFormat::NV12, w, h, &planes).unwrap();
        });
        let yuyv_ms = median_ms(ROUNDS, || {
            vision::input::camera::to_rgb(FrameFormat::YUYV, w, h, &yuyv).unwrap();
        });
        println!(
            "capture conversion, 640×480 → RGB, median of {ROUNDS}: Y4M 4:2:0 read {y4m_ms:.2} ms, camera NV12 \
             {nv12_ms:.2} ms, camera YUYV {yuyv_ms:.2} ms\n"
        );
    }
}

fn main() {
    capture_conversion();
    let testdata = crate_dir().join("../../../shared/testdata");
    let models = crate_dir().join("../../assets/ml");
    if !testdata.is_dir() {
        eprintln!("the benchmark needs ../shared/testdata next to the repository");
        std::process::exit(1);
    }
    // Hands: the clip's frames in order (tracking), and one frame with a hand (detection every time).
    let mut compressed = Vec::new();
    std::fs::File::open(testdata.join("clip/dev_clip_640x480_30fps.y4m.xz"))
        .unwrap()
        .read_to_end(&mut compressed)
        .unwrap();
    let mut raw = Vec::new();
    lzma_rs::xz_decompress(&mut compressed.as_slice(), &mut raw).unwrap();
    let clip_path = std::env::temp_dir().join("vitrine-bench-clip.y4m");
    std::fs::write(&clip_path, raw).unwrap();
    let mut clip = Y4mClip::open(&clip_path).unwrap();
    let mut clip_frames = Vec::new();
    while let Some(f) = clip.next_frame().unwrap() {
        clip_frames.push(f);
    }
    let hand_frames: Vec<Frame> = clip_frames[..90].to_vec();
    let person = frame(
        load_image(&testdata.join("images/grace_hopper.jpg")).unwrap(),
        0,
    );
    let still: Vec<Frame> = (0..4).map(|i| frame(person.image.clone(), i)).collect();

    println!(
        "| task | variant | frame | n | preprocess ms | inference ms | decode ms | total ms | bare landmark model ms | tracked / bare |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for variant in [ModelVariant::Full, ModelVariant::Lite] {
        let files = ModelFiles::in_dir(&models, variant);
        for (task, tasks) in [
            ("hand", Tasks::HANDS),
            ("pose", Tasks::POSE),
            ("face", Tasks::FACE),
        ] {
            if task == "face" && variant == ModelVariant::Lite {
                continue; // one face model
            }
            let (frames, mut bare) = match task {
                "hand" => (
                    &hand_frames,
                    Bare::new(
                        &files.hand_landmark,
                        224,
                        &vision::pipelines::hand::LANDMARK_OUTPUTS,
                        &hand_frames[0].image,
                    ),
                ),
                "pose" => (
                    &still,
                    Bare::new(
                        &files.pose_landmark,
                        256,
                        &vision::pipelines::pose::LANDMARK_OUTPUTS,
                        &person.image,
                    ),
                ),
                _ => (
                    &still,
                    Bare::new(
                        &files.face_landmark,
                        192,
                        &vision::pipelines::face::LANDMARK_OUTPUTS,
                        &person.image,
                    ),
                ),
            };
            for (mode, static_images) in [("detection", true), ("tracked", false)] {
                let mut options = TrackerOptions::new(tasks, variant).static_images(static_images);
                options.hand.max_hands = 1;
                let mut tracker = Tracker::open(&models, options).unwrap();
                let (timings, bare_ms) = measure(&mut tracker, frames, static_images, &mut bare);
                Row {
                    task,
                    variant,
                    mode,
                    timings,
                    bare_landmark_ms: median(bare_ms),
                }
                .print();
            }
        }
    }
    let _ = std::fs::remove_file(clip_path);
}
