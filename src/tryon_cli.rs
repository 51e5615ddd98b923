//! `vitrine tryon --video clip.y4m | --images DIR --product SKU [--product SKU…] --json anchors.json`: the try-on's
//! fit without a window — every frame (or image) tracked by the vision crate and fitted by the `tryon` crate, as
//! the try-on screen will, written as JSON per frame: where each piece's centre lands, its axis, depth, opacity
//! and the estimated ring size. Frames are read from the file and never written anywhere.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use tryon::{
    FrameFit, FrameView, HandLabel, HandObservation, HandSide, Intrinsics, SessionOptions,
    TryOnSession, WornItem,
};
use vision::inference::block_on;
use vision::smoothing::ResultSmoother;
use vision::source::{InputKind, input_kind, open_input};
use vision::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

pub struct TryOnJob {
    pub products: Vec<String>,
    /// A Y4M clip or a folder of images (one entry per image).
    pub input: PathBuf,
    pub hfov_deg: f32,
    pub mirror: bool,
    pub hand: HandSide,
    pub finger: Option<catalog::Finger>,
    pub json: PathBuf,
}

#[derive(Serialize)]
struct Report<'a> {
    source: String,
    hfov_deg: f32,
    mirrored: bool,
    hand: HandSide,
    products: &'a [String],
}

#[derive(Serialize)]
struct FrameOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(flatten)]
    fit: FrameFit,
}

pub fn hand_arg(text: &str) -> Result<HandSide, String> {
    match text {
        "left" => Ok(HandSide::Left),
        "right" => Ok(HandSide::Right),
        _ => Err(format!("\"{text}\" is not a hand; expected left or right")),
    }
}

pub fn finger_arg(text: &str) -> Result<catalog::Finger, String> {
    use catalog::Finger::*;
    [Thumb, Index, Middle, Ring, Little]
        .into_iter()
        .find(|f| tryon::wear::finger_name(*f) == text)
        .ok_or_else(|| {
            format!("\"{text}\" is not a finger; expected thumb, index, middle, ring or little")
        })
}

/// The hand pieces asked for, from the catalog in `assets`, or why not.
fn worn_items(
    assets: &Path,
    skus: &[String],
    finger: Option<catalog::Finger>,
) -> Result<Vec<WornItem>, String> {
    let catalog = catalog::load_catalog_dir(assets)
        .map_err(|e| format!("the catalog cannot be read: {e}"))?;
    let hand_pieces: Vec<String> = catalog
        .products
        .iter()
        .filter_map(WornItem::from_catalog)
        .map(|i| i.sku)
        .collect();
    skus.iter()
        .map(|sku| {
            let entry = catalog.product(sku).ok_or_else(|| {
                format!("no product {sku} in the catalog; the hand pieces are: {}", hand_pieces.join(", "))
            })?;
            let Some(spec) = &entry.product.try_on else {
                return Err(format!("{sku} has no try_on entry in its catalog file, so it cannot be tried on"));
            };
            let mut item = WornItem::from_catalog(entry).ok_or_else(|| {
                format!(
                    "{sku} is worn on the {}; try-on covers rings, watches and bracelets so far (hand pieces: {})",
                    spec.anchor.name().to_lowercase(),
                    hand_pieces.join(", ")
                )
            })?;
            if matches!(spec.anchor, catalog::Anchor::Finger { .. }) {
                item.finger = finger;
            }
            Ok(item)
        })
        .collect()
}

pub fn run(assets: &Path, job: TryOnJob) -> ExitCode {
    match fit_all(assets, &job) {
        Ok(frames) => {
            println!(
                "vitrine tryon: {frames} frame(s) fitted, written to {}",
                job.json.display()
            );
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            eprintln!("vitrine tryon: {message}");
            ExitCode::from(code)
        }
    }
}

fn fit_all(assets: &Path, job: &TryOnJob) -> Result<usize, (u8, String)> {
    let usage = |m: String| (2u8, m);
    let failure = |m: String| (1u8, m);
    if job.products.is_empty() {
        return Err(usage("name at least one piece with --product SKU".into()));
    }
    let items = worn_items(assets, &job.products, job.finger).map_err(usage)?;
    if !job.input.exists() {
        return Err(usage(format!("{} does not exist", job.input.display())));
    }
    let kind = input_kind(&job.input);
    let mut source = open_input(&job.input)
        .map_err(|e| failure(format!("cannot open {}: {e}", job.input.display())))?;
    let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full)
        .static_images(kind != InputKind::Clip);
    options.hand.max_hands = 2;
    let mut tracker = Tracker::open(&assets.join("ml"), options)
        .map_err(|e| failure(format!("tracking unavailable: {e}")))?;
    let mut smoother = (kind == InputKind::Clip).then(ResultSmoother::default);
    // Frames are streamed into a `.part` file beside the output, renamed when the whole input is fitted: a long clip
    // costs no memory per frame, and an input that fails half-way leaves no JSON that looks complete.
    let partial = job.json.with_extension("json.part");
    let write_error = |e: std::io::Error| failure(format!("writing {}: {e}", job.json.display()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&partial).map_err(write_error)?);
    let result = stream_frames(
        job,
        kind,
        &items,
        source.as_mut(),
        &mut tracker,
        smoother.as_mut(),
        &mut out,
    )
    .and_then(|count| {
        out.flush().map_err(write_error)?;
        Ok(count)
    });
    drop(out);
    let count = match result {
        Ok(count) => count,
        Err((code, message)) => {
            let message = match std::fs::remove_file(&partial) {
                Ok(()) => message,
                Err(e) => format!(
                    "{message} (and {} could not be removed: {e})",
                    partial.display()
                ),
            };
            return Err((code, message));
        }
    };
    std::fs::rename(&partial, &job.json).map_err(write_error)?;
    Ok(count)
}

/// Tracks and fits every frame of `source`, writing the report with one frame after another into `out`.
fn stream_frames(
    job: &TryOnJob,
    kind: InputKind,
    items: &[WornItem],
    source: &mut dyn vision::source::FrameSource,
    tracker: &mut Tracker<vision::runtime::Model>,
    mut smoother: Option<&mut ResultSmoother>,
    out: &mut impl std::io::Write,
) -> Result<usize, (u8, String)> {
    let failure = |m: String| (1u8, m);
    let write_error = |e: std::io::Error| failure(format!("writing {}: {e}", job.json.display()));
    let header = serde_json::to_string(&Report {
        source: job.input.display().to_string(),
        hfov_deg: job.hfov_deg,
        mirrored: job.mirror,
        hand: job.hand,
        products: &job.products,
    })
    .map_err(|e| failure(e.to_string()))?;
    // The header object, reopened for its "frames" list.
    let header = header.strip_suffix('}').unwrap_or(&header);
    write!(out, "{header},\"frames\":[").map_err(write_error)?;
    let mut session: Option<TryOnSession> = None;
    let mut count = 0;
    while let Some(mut frame) = source
        .next_frame()
        .map_err(|e| failure(format!("reading {}: {e}", source.describe())))?
    {
        if job.mirror {
            frame.image.mirror();
        }
        let intrinsics = Intrinsics::from_hfov(
            frame.image.width as f32,
            frame.image.height as f32,
            job.hfov_deg,
        );
        let options = SessionOptions {
            intrinsics,
            mirrored: job.mirror,
            wear_on: job.hand,
            filter: Default::default(),
        };
        // A folder's images are unrelated: each gets a fresh session (and its own size).
        let session = match session.as_mut() {
            Some(s) if kind == InputKind::Clip => s,
            _ => session.insert(TryOnSession::new(options, items.to_vec())),
        };
        let mut result = block_on(tracker.process(&frame))
            .map_err(|e| failure(format!("tracking failed: {e}")))?;
        if let Some(s) = smoother.as_mut() {
            s.apply(&mut result);
        }
        let hands: Vec<HandObservation> = result
            .hands
            .iter()
            .map(|h| HandObservation {
                label: match h.handedness {
                    vision::hand::Handedness::Left => HandLabel::Left,
                    vision::hand::Handedness::Right => HandLabel::Right,
                },
                landmarks_px: h.landmarks_px.clone(),
                world_m: h.world_m.clone(),
            })
            .collect();
        let view = FrameView {
            width: frame.image.width,
            height: frame.image.height,
            rgb: &frame.image.data,
        };
        let fit = session.process(frame.sequence, frame.timestamp_secs, &hands, Some(&view));
        if count > 0 {
            out.write_all(b",").map_err(write_error)?;
        }
        serde_json::to_writer(
            &mut *out,
            &FrameOut {
                image: frame.name.take(),
                fit,
            },
        )
        .map_err(|e| failure(e.to_string()))?;
        count += 1;
    }
    out.write_all(b"]}\n").map_err(write_error)?;
    Ok(count)
}
