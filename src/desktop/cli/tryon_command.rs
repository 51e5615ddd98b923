//! `vitrine tryon --video clip.y4m | --images DIR --product SKU [--product SKU…] --json anchors.json`: the try-on's
//! fit without a window — every frame (or image) tracked by the vision crate and fitted by the `tryon` crate, as
//! the try-on screen will, written as JSON per frame: where each piece's centre lands, its axis, depth, opacity
//! and the estimated ring size. Frames are read from the file and never written anywhere.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use tryon::{
    FrameFit, FrameView, HandObservation, HandSide, Intrinsics, SessionOptions, TryOnSession,
    WornItem,
};
use vision::input::source::{InputKind, input_kind, open_input};
use vision::maths::smoothing::ResultSmoother;
use vision::model::inference::block_on;
use vision::pipelines::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

pub struct TryOnJob {
    pub products: Vec<String>,
    /// A Y4M clip or a folder of images (one entry per image).
    pub input: PathBuf,
    pub hfov_deg: f32,
    pub mirror: bool,
    pub hand: HandSide,
    pub finger: Option<catalog::Finger>,
    pub json: PathBuf,
    /// Render every frame composited to `DIR/NNNNN.png` as well.
    pub out: Option<PathBuf>,
    /// Draw the hand's depth-only occluders (off: to see what they hide).
    pub occluders: bool,
    /// Draw the contact shadows under watches and bracelets (off: to see what they shade).
    pub contact_shadows: bool,
    /// Stop after this many frames.
    pub max_frames: Option<usize>,
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
struct FrameOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(flatten)]
    fit: &'a FrameFit,
}

/// Why the pieces asked for cannot be worn.
#[derive(Debug, thiserror::Error)]
pub enum WearError {
    #[error("the catalog cannot be read: {0}")]
    Catalog(#[from] catalog::CatalogProblem),
    #[error("no product {sku} in the catalog; the hand pieces are: {hand_pieces}")]
    NoProduct { sku: String, hand_pieces: String },
    #[error("{0} has no try_on entry in its catalog file, so it cannot be tried on")]
    NoTryOn(String),
    #[error(
        "{sku} is worn on the {anchor}; try-on covers rings, watches and bracelets so far (hand pieces: {hand_pieces})"
    )]
    NotOnTheHand {
        sku: String,
        anchor: String,
        hand_pieces: String,
    },
}

/// The hand pieces asked for, from the catalog in `assets`, or why not.
pub(crate) fn worn_items(
    assets: &Path,
    skus: &[String],
    finger: Option<catalog::Finger>,
) -> Result<Vec<WornItem>, WearError> {
    let catalog = catalog::load_catalog_dir(assets)?;
    let hand_pieces = catalog
        .products
        .iter()
        .filter_map(WornItem::from_catalog)
        .map(|i| i.sku)
        .collect::<Vec<String>>()
        .join(", ");
    skus.iter()
        .map(|sku| {
            let entry = catalog.product(sku).ok_or_else(|| WearError::NoProduct {
                sku: sku.clone(),
                hand_pieces: hand_pieces.clone(),
            })?;
            let Some(spec) = &entry.product.try_on else {
                return Err(WearError::NoTryOn(sku.clone()));
            };
            let mut item =
                WornItem::from_catalog(entry).ok_or_else(|| WearError::NotOnTheHand {
                    sku: sku.clone(),
                    anchor: spec.anchor.name().to_lowercase(),
                    hand_pieces: hand_pieces.clone(),
                })?;
            if matches!(spec.anchor, catalog::Anchor::Finger { .. }) {
                item.finger = finger;
            }
            Ok(item)
        })
        .collect()
}

/// `vitrine tryon` in a window: live from a camera or a clip.
pub struct LiveJob {
    pub products: Vec<String>,
    pub source: crate::try_on::live::LiveSource,
    pub hfov_deg: f32,
    pub hand: HandSide,
    pub finger: Option<catalog::Finger>,
    pub snapshot_after: Option<u64>,
}

/// Opens the window on the try-on screen with the pieces asked for (checked first, so a typo is a message, not an
/// empty mirror). Esc leads into the boutique.
pub fn run_window(assets: &Path, job: LiveJob) -> ExitCode {
    if let Err(message) = worn_items(assets, &job.products, job.finger) {
        eprintln!("vitrine tryon: {message}");
        return ExitCode::from(2);
    }
    if let crate::try_on::live::LiveSource::Video { path, .. } = &job.source
        && !path.exists()
    {
        eprintln!("vitrine tryon: {} does not exist", path.display());
        return ExitCode::from(2);
    }
    if let Some(reason) = crate::desktop::cli::no_display_reason() {
        eprintln!(
            "vitrine tryon: no display was found ({reason}), so the try-on cannot open a window.\n\
             Without a display: vitrine tryon --video CLIP --product SKU --json OUT.json [--out DIR/]"
        );
        return ExitCode::from(2);
    }
    let mut app = crate::windowed_app(Some(assets.display().to_string()));
    app.insert_resource(crate::try_on::live::LiveOptions {
        source: job.source,
        hfov_deg: job.hfov_deg,
        hand: job.hand,
        model_dir: assets.join("ml"),
        variant: ModelVariant::Full,
        target: None,
    })
    .insert_resource(crate::screens::TryOnRequest {
        pieces: job
            .products
            .iter()
            .map(|sku| crate::screens::RequestedPiece {
                sku: sku.clone(),
                variants: None,
                finger: job.finger,
            })
            .collect(),
        back_to: crate::screens::Screen::Boutique,
    });
    if let Some(after_frames) = job.snapshot_after {
        app.insert_resource(crate::screens::try_on::SnapshotScript { after_frames });
    }
    match app.run() {
        bevy::app::AppExit::Success => ExitCode::SUCCESS,
        bevy::app::AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

pub fn run(assets: &Path, job: TryOnJob) -> ExitCode {
    let result = match job.out.clone() {
        Some(out_dir) => crate::desktop::headless::tryon::run(assets, &job, out_dir),
        None => fit_all(assets, &job),
    };
    match result {
        Ok(frames) => {
            match &job.out {
                Some(dir) => println!(
                    "vitrine tryon: {frames} frame(s) fitted and rendered to {}, fits written to {}",
                    dir.display(),
                    job.json.display()
                ),
                None => println!(
                    "vitrine tryon: {frames} frame(s) fitted, written to {}",
                    job.json.display()
                ),
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("vitrine tryon: {failure}");
            ExitCode::from(failure.exit_code())
        }
    }
}

/// Why `vitrine tryon` stopped: a request it cannot take (exit status 2) or work it could not do (1).
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Wear(#[from] WearError),
    #[error("{0}")]
    Failed(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Usage(_) | Self::Wear(_) => 2,
            Self::Failed(_) => 1,
        }
    }
}

fn usage(m: String) -> Failure {
    Failure::Usage(m)
}

pub(crate) fn failure(m: String) -> Failure {
    Failure::Failed(m)
}

/// One frame (or image) tracked and fitted.
pub struct FittedFrame {
    pub frame: vision::input::source::Frame,
    pub fit: FrameFit,
}

/// Frames from a clip or folder, each tracked by the vision crate and fitted by the `tryon` crate, as the try-on
/// screen does.
pub struct FitStream {
    kind: InputKind,
    source: Box<dyn vision::input::source::FrameSource>,
    tracker: Tracker<vision::model::runtime::Model>,
    smoother: Option<ResultSmoother>,
    session: Option<TryOnSession>,
    items: Vec<WornItem>,
    hfov_deg: f32,
    mirror: bool,
    hand: HandSide,
    max_frames: Option<usize>,
    count: usize,
}

impl FitStream {
    pub fn open(assets: &Path, job: &TryOnJob) -> Result<Self, Failure> {
        if job.products.is_empty() {
            return Err(usage("name at least one piece with --product SKU".into()));
        }
        let items = worn_items(assets, &job.products, job.finger)?;
        if !job.input.exists() {
            return Err(usage(format!("{} does not exist", job.input.display())));
        }
        let kind = input_kind(&job.input);
        let source = open_input(&job.input)
            .map_err(|e| failure(format!("cannot open {}: {e}", job.input.display())))?;
        let mut options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full)
            .static_images(kind != InputKind::Clip);
        options.hand.max_hands = 2;
        let tracker = Tracker::open(&assets.join("ml"), options)
            .map_err(|e| failure(format!("tracking unavailable: {e}")))?;
        Ok(Self {
            kind,
            source,
            tracker,
            smoother: (kind == InputKind::Clip).then(ResultSmoother::default),
            session: None,
            items,
            hfov_deg: job.hfov_deg,
            mirror: job.mirror,
            hand: job.hand,
            max_frames: job.max_frames,
            count: 0,
        })
    }

    /// The pieces worn, in the order of every fit's items.
    pub fn items(&self) -> &[WornItem] {
        &self.items
    }

    pub fn hfov_deg(&self) -> f32 {
        self.hfov_deg
    }

    /// The next frame, tracked and fitted; `None` at the end of the input.
    pub fn next(&mut self) -> Result<Option<FittedFrame>, Failure> {
        if self.max_frames.is_some_and(|m| self.count >= m) {
            return Ok(None);
        }
        let Some(mut frame) = self
            .source
            .next_frame()
            .map_err(|e| failure(format!("reading {}: {e}", self.source.describe())))?
        else {
            return Ok(None);
        };
        self.count += 1;
        if self.mirror {
            frame.image.mirror();
        }
        let intrinsics = Intrinsics::from_hfov(
            frame.image.width as f32,
            frame.image.height as f32,
            self.hfov_deg,
        );
        let options = SessionOptions {
            intrinsics,
            mirrored: self.mirror,
            wear_on: self.hand,
            filter: Default::default(),
        };
        // A folder's images are unrelated: each gets a fresh session (and its own size).
        let session = match self.session.as_mut() {
            Some(s) if self.kind == InputKind::Clip => s,
            _ => self
                .session
                .insert(TryOnSession::new(options, self.items.clone())),
        };
        let mut result = block_on(self.tracker.process(&frame))
            .map_err(|e| failure(format!("tracking failed: {e}")))?;
        if let Some(s) = self.smoother.as_mut() {
            s.apply(&mut result);
        }
        let hands: Vec<HandObservation> = result
            .hands
            .iter()
            .map(crate::try_on::live::observation)
            .collect();
        let view = FrameView {
            width: frame.image.width,
            height: frame.image.height,
            rgb: &frame.image.data,
        };
        let fit = if self.kind == InputKind::Clip {
            session.process(frame.sequence, frame.timestamp_secs, &hands, Some(&view))
        } else {
            session.process_still(frame.sequence, &hands, Some(&view))
        };
        Ok(Some(FittedFrame { frame, fit }))
    }
}

/// The JSON report, streamed frame by frame into `OUT.json.part` and renamed when complete: a long clip costs no
/// memory per frame, and an input that fails half-way leaves no JSON that looks complete.
pub struct JsonReport {
    partial: PathBuf,
    path: PathBuf,
    out: Option<std::io::BufWriter<std::fs::File>>,
    count: usize,
}

impl JsonReport {
    pub fn create(job: &TryOnJob) -> Result<Self, Failure> {
        let partial = job.json.with_extension("json.part");
        let mut report = Self {
            path: job.json.clone(),
            out: Some(std::io::BufWriter::new(
                std::fs::File::create(&partial).map_err(|e| write_failure(&job.json, e))?,
            )),
            partial,
            count: 0,
        };
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
        let header = format!("{header},\"frames\":[");
        report.write_bytes(header.as_bytes())?;
        Ok(report)
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        let path = self.path.clone();
        self.out
            .as_mut()
            .ok_or_else(|| failure("the report is already closed".into()))?
            .write_all(bytes)
            .map_err(|e| write_failure(&path, e))
    }

    pub fn frame(&mut self, image: Option<String>, fit: &FrameFit) -> Result<(), Failure> {
        if self.count > 0 {
            self.write_bytes(b",")?;
        }
        let entry =
            serde_json::to_vec(&FrameOut { image, fit }).map_err(|e| failure(e.to_string()))?;
        self.write_bytes(&entry)?;
        self.count += 1;
        Ok(())
    }

    /// Completes the report; returns the number of frames.
    pub fn finish(mut self) -> Result<usize, Failure> {
        self.write_bytes(b"]}\n")?;
        let path = self.path.clone();
        if let Some(mut out) = self.out.take() {
            out.flush().map_err(|e| write_failure(&path, e))?;
        }
        std::fs::rename(&self.partial, &self.path).map_err(|e| write_failure(&path, e))?;
        Ok(self.count)
    }

    /// Drops the partial report after a failure, saying so (as a failure to do the work) if it cannot.
    pub fn abandon(mut self, failure: Failure) -> Failure {
        self.out = None;
        match std::fs::remove_file(&self.partial) {
            Ok(()) => failure,
            Err(e) => Failure::Failed(format!(
                "{failure} (and {} could not be removed: {e})",
                self.partial.display()
            )),
        }
    }
}

fn write_failure(path: &Path, e: std::io::Error) -> Failure {
    failure(format!("writing {}: {e}", path.display()))
}

fn fit_all(assets: &Path, job: &TryOnJob) -> Result<usize, Failure> {
    let mut stream = FitStream::open(assets, job)?;
    let mut report = JsonReport::create(job)?;
    loop {
        match stream.next() {
            Ok(Some(mut fitted)) => {
                if let Err(e) = report.frame(fitted.frame.name.take(), &fitted.fit) {
                    return Err(report.abandon(e));
                }
            }
            Ok(None) => return report.finish(),
            Err(e) => return Err(report.abandon(e)),
        }
    }
}
