//! The live try-on: a camera (or a video played at its own pace) captured and tracked on the vision crate's two
//! threads, joined by latest-frame slots, so the render loop never waits for inference. The inference thread hands
//! over each frame together with the hands found in it; the update that receives them fits the pieces and submits
//! that very frame as the background (frame-locked). Live cameras are mirrored before tracking (a selfie view, so
//! handedness and geometry agree with what the shopper sees); videos only with `--mirror`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::window::WindowRef;
use bevy::world_serialization::WorldAssetRoot;
use tryon::{
    FrameFit, FrameView, HandObservation, HandSide, Intrinsics, SessionOptions, TryOnSession,
    WornItem,
};
use vision::camera::{CameraSettings, CameraSource};
use vision::inference::block_on;
use vision::smoothing::ResultSmoother;
use vision::source::{Frame, FrameSource, SourceError, open_input};
use vision::threads::{PipelineStatus, PipelineThreads};
use vision::tracker::{ModelVariant, Tasks, Tracker, TrackerOptions};

use super::TryOnSystems;
use super::frame_texture::{BufferPool, FrameTexture};
use super::present::{
    StageAssets, StageSpec, TryOnFrame, TryOnPiece, TryOnStageEntity, spawn_pieces, spawn_stage,
};
use crate::catalog_assets::LoadedCatalog;
use crate::screens::Screen;
use crate::variants::SelectedVariants;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LiveOptions>()
        .init_resource::<LiveStage>()
        .insert_resource(LiveStatus::Starting)
        .add_systems(OnEnter(Screen::TryOn), start)
        .add_systems(OnExit(Screen::TryOn), stop)
        .add_systems(Last, join_on_exit)
        .add_systems(
            Update,
            (sync_worn, ingest, update_status)
                .chain()
                .in_set(TryOnSystems::Fit)
                .run_if(in_state(Screen::TryOn)),
        );
}

/// Where the live frames come from.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveSource {
    /// A webcam by index (`vitrine cameras` lists them); always mirrored.
    Camera { index: u32 },
    /// A Y4M clip played at its own frame rate, like a camera; `looped`: from the start again at its end (a
    /// kiosk's demonstration), with time and frame numbers running on.
    Video {
        path: PathBuf,
        mirror: bool,
        looped: bool,
    },
}

impl LiveSource {
    fn mirrored(&self) -> bool {
        match self {
            LiveSource::Camera { .. } => true,
            LiveSource::Video { mirror, .. } => *mirror,
        }
    }
}

/// How the live try-on runs (`vitrine tryon` sets it; the boutique uses the first camera).
#[derive(Resource, Debug, Clone)]
pub struct LiveOptions {
    pub source: LiveSource,
    pub hfov_deg: f32,
    /// The hand the pieces go on first (the shopper can switch).
    pub hand: HandSide,
    /// Where the tracking models are (`assets/ml`).
    pub model_dir: PathBuf,
    /// Draw into this image instead of the window (the benchmark).
    pub target: Option<Handle<Image>>,
}

impl Default for LiveOptions {
    fn default() -> Self {
        Self {
            source: LiveSource::Camera { index: 0 },
            hfov_deg: tryon::DEFAULT_HFOV_DEG,
            hand: HandSide::Left,
            model_dir: PathBuf::from("assets/ml"),
            target: None,
        }
    }
}

/// The pieces being worn and their variants, in the fit's order, and the hand they go on. The try-on screen edits
/// it; the stage follows.
#[derive(Resource, Debug, Clone)]
pub struct WornPieces {
    pub items: Vec<WornItem>,
    pub variants: Vec<SelectedVariants>,
    /// The piece whose variants, price and size the panel shows.
    pub active: Option<usize>,
    pub hand: HandSide,
}

/// What the shopper is told about the camera and the tracking.
#[derive(Resource, Debug, Clone, PartialEq)]
pub enum LiveStatus {
    Starting,
    /// The camera exists but this user may not open it.
    AllowCamera(String),
    /// No camera answers (none connected, or not yet).
    NoCamera(String),
    /// The camera delivered frames, then stopped; being reopened.
    CameraLost(String),
    TrackingUnavailable(String),
    /// The video cannot be read.
    SourceFailed(String),
    VideoEnded,
    /// Frames arrive and no hand is in view.
    ShowHand,
    Tracking,
}

/// One frame and the hands the tracker found in it: they travel together, so they are shown together.
struct Tracked {
    frame: Frame,
    hands: Vec<HandObservation>,
    /// The frame as RGBA8 for the texture, converted here so that the main thread only hands it over.
    rgba: Vec<u8>,
}

#[derive(Resource)]
struct Feed {
    threads: PipelineThreads<Tracked>,
    /// Why the tracker could not start, set on the inference thread.
    tracking_error: Arc<Mutex<Option<String>>>,
    /// The frame buffers shared by the inference thread and the texture.
    pool: BufferPool,
    camera: bool,
}

/// The live stage: the frame texture of the current frame size, the fit's session and what was shown.
#[derive(Resource, Default)]
pub struct LiveStage {
    texture: Option<FrameTexture>,
    size_px: Option<UVec2>,
    session: Option<TryOnSession>,
    light: tryon::light::FrameLight,
    /// Frames received from the inference thread.
    pub frames_received: u64,
    /// Frames submitted as the background once every worn piece's model had loaded.
    pub frames_shown: u64,
    /// The sequence number of the frame last submitted (the one on screen after this update).
    pub last_submitted: Option<u64>,
    /// When a hand was last found, in the source's seconds.
    last_hand_secs: Option<f64>,
    last_frame_secs: f64,
    /// Capture-to-submission time of the last frame, ms.
    pub latency_ms: f32,
    /// The main thread's time on the last frame; `None` for a frame that rebuilt the stage.
    pub cost: Option<MainThreadCost>,
}

/// Where the main thread's time goes on one frame, ms.
#[derive(Debug, Clone, Copy, Default)]
pub struct MainThreadCost {
    /// The pose, the pieces' placement and filters, the ring size.
    pub fit_ms: f32,
    /// The frame (converted on the inference thread) handed over to the texture.
    pub hand_over_ms: f32,
    /// The room's light from the frame and the hand's occluders.
    pub light_and_occluders_ms: f32,
    /// All of `ingest`, with the bookkeeping.
    pub total_ms: f32,
}

/// Opens the source and starts the capture and inference threads.
fn start(mut commands: Commands, options: Res<LiveOptions>, mut stage: ResMut<LiveStage>) {
    *stage = LiveStage::default();
    commands.insert_resource(LiveStatus::Starting);
    let tracking_error = Arc::new(Mutex::new(None));
    let source = options.source.clone();
    let open = move || -> Result<Box<dyn FrameSource>, SourceError> {
        match &source {
            LiveSource::Camera { index } => CameraSource::open(CameraSettings {
                index: *index,
                ..CameraSettings::default()
            })
            .map(|c| Box::new(c) as Box<dyn FrameSource>),
            LiveSource::Video {
                path, looped: true, ..
            } => Looping::open(path.clone()).map(|l| Box::new(l) as Box<dyn FrameSource>),
            LiveSource::Video { path, .. } => open_input(path),
        }
    };
    let mirror = options.source.mirrored();
    let model_dir = options.model_dir.clone();
    let error = tracking_error.clone();
    let pool = BufferPool::default();
    let buffers = pool.clone();
    let make_stage = move || {
        let mut tracker_options = TrackerOptions::new(Tasks::HANDS, ModelVariant::Full);
        tracker_options.hand.max_hands = 2;
        let mut tracker = Tracker::open(&model_dir, tracker_options).map_err(|e| {
            let message = e.to_string();
            if let Ok(mut slot) = error.lock() {
                *slot = Some(message.clone());
            }
            message
        })?;
        let mut smoother = ResultSmoother::default();
        Ok(move |mut frame: Frame| {
            if mirror {
                frame.image.mirror();
            }
            let mut result = block_on(tracker.process(&frame)).map_err(|e| e.to_string())?;
            smoother.apply(&mut result);
            let hands = result
                .hands
                .iter()
                .map(crate::tryon_cli::observation)
                .collect();
            let rgba = buffers.rgba_from_rgb(&frame.image.data);
            Ok(Tracked { frame, hands, rgba })
        })
    };
    commands.insert_resource(Feed {
        threads: PipelineThreads::spawn(open, make_stage, true),
        tracking_error,
        pool,
        camera: matches!(options.source, LiveSource::Camera { .. }),
    });
}

/// A clip that starts again at its end, its timestamps and frame numbers running on (so the fit's filters and
/// the frame lock see one continuous stream).
struct Looping {
    path: PathBuf,
    source: Box<dyn FrameSource>,
    offset_frames: u64,
    offset_secs: f64,
    /// The last frame given out: its number and time, and the time step before it.
    last: Option<(u64, f64)>,
    step_secs: f64,
    /// Frames in this pass (an empty clip must not loop for ever).
    this_pass: u64,
}

impl Looping {
    fn open(path: PathBuf) -> Result<Self, SourceError> {
        Ok(Self {
            source: open_input(&path)?,
            path,
            offset_frames: 0,
            offset_secs: 0.0,
            last: None,
            step_secs: 1.0 / 30.0,
            this_pass: 0,
        })
    }
}

impl FrameSource for Looping {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        if let Some(mut frame) = self.source.next_frame()? {
            frame.sequence += self.offset_frames;
            frame.timestamp_secs += self.offset_secs;
            if let Some((_, previous)) = self.last {
                let step = frame.timestamp_secs - previous;
                if step > 0.0 {
                    self.step_secs = step;
                }
            }
            self.last = Some((frame.sequence, frame.timestamp_secs));
            self.this_pass += 1;
            return Ok(Some(frame));
        }
        let Some((sequence, secs)) = self.last.filter(|_| self.this_pass > 0) else {
            return Ok(None);
        };
        self.source = open_input(&self.path)?;
        self.offset_frames = sequence + 1;
        self.offset_secs = secs + self.step_secs;
        self.this_pass = 0;
        self.next_frame()
    }

    fn describe(&self) -> String {
        format!("{} (looped)", self.source.describe())
    }
}

/// Stops the threads (without waiting for them) and takes the stage down.
fn stop(
    mut commands: Commands,
    mut stage: ResMut<LiveStage>,
    entities: Query<Entity, (With<TryOnStageEntity>, Without<ChildOf>)>,
) {
    commands.remove_resource::<Feed>();
    commands.remove_resource::<FrameTexture>();
    commands.remove_resource::<TryOnFrame>();
    for entity in &entities {
        commands.entity(entity).despawn();
    }
    *stage = LiveStage::default();
}

/// When the app is leaving, the capture and inference threads are stopped and waited for (≤ one frame), so that
/// no model is still running while the process tears ONNX Runtime down (waiting one second at most).
fn join_on_exit(world: &mut World) {
    let exiting = world
        .get_resource::<Messages<AppExit>>()
        .is_some_and(|m| !m.is_empty());
    if exiting && let Some(feed) = world.remove_resource::<Feed>() {
        // Bounded: a camera stuck in a driver call must not keep the app from closing.
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            feed.threads.stop_and_join();
            let _ = done.send(());
        });
        let _ = finished.recv_timeout(std::time::Duration::from_secs(1));
    }
}

/// A change of worn pieces respawns the pieces (the fit keeps the states of those still worn); a change of
/// variants only swaps materials.
fn sync_worn(
    mut commands: Commands,
    worn: Option<Res<WornPieces>>,
    mut stage: ResMut<LiveStage>,
    catalog: Res<LoadedCatalog>,
    asset_server: Res<AssetServer>,
    mut pieces: Query<(Entity, &TryOnPiece, &mut SelectedVariants)>,
) {
    let Some(worn) = worn.filter(|w| w.is_changed()) else {
        return;
    };
    let Some(session) = stage.session.as_mut() else {
        return;
    };
    if session.items() != worn.items.as_slice() {
        session.set_items(worn.items.clone());
        for (entity, _, _) in &pieces {
            commands.entity(entity).despawn();
        }
        spawn_pieces(
            &mut commands,
            &asset_server,
            &catalog.0,
            &worn.items,
            &worn.variants,
        );
        return;
    }
    for (_, piece, mut selected) in &mut pieces {
        if let Some(wanted) = worn.variants.get(piece.index)
            && *selected != *wanted
        {
            *selected = wanted.clone();
        }
    }
}

/// The newest tracked frame, if one came: the stage (re)built for its size, the pieces fitted, the frame submitted
/// with the fit, the occluders and the room's light.
fn ingest(
    mut commands: Commands,
    feed: Option<Res<Feed>>,
    mut stage: ResMut<LiveStage>,
    worn: Option<Res<WornPieces>>,
    options: Res<LiveOptions>,
    catalog: Res<LoadedCatalog>,
    mut assets: StageAssets,
    device: Option<Res<bevy::render::renderer::RenderDevice>>,
    existing: Query<Entity, (With<TryOnStageEntity>, Without<ChildOf>)>,
    scenes: Query<&WorldAssetRoot, With<TryOnStageEntity>>,
) {
    let (Some(feed), Some(worn)) = (feed, worn) else {
        return;
    };
    let Some(mut tracked) = feed.threads.latest() else {
        return;
    };
    let started = std::time::Instant::now();
    stage.frames_received += 1;
    let mut rebuilt = false;
    let frame = &tracked.frame;
    let size = UVec2::new(frame.image.width as u32, frame.image.height as u32);
    if stage.size_px != Some(size) {
        let max_side = device.map_or(8192, |d| d.limits().max_texture_dimension_2d);
        if size.x > max_side || size.y > max_side {
            warn_once!(
                "camera frames of {}×{} px are larger than this GPU's largest texture ({max_side} px); not shown",
                size.x,
                size.y
            );
            return;
        }
        for entity in &existing {
            commands.entity(entity).despawn();
        }
        let intrinsics = Intrinsics::from_hfov(size.x as f32, size.y as f32, options.hfov_deg);
        let texture = FrameTexture::new(&mut assets.images, size, feed.pool.clone());
        spawn_stage(
            &mut commands,
            StageSpec {
                target: options
                    .target
                    .clone()
                    .map_or(RenderTarget::Window(WindowRef::Primary), |image| {
                        RenderTarget::Image(image.into())
                    }),
                size_px: size,
                intrinsics,
                items: &worn.items,
                variants: &worn.variants,
                catalog: &catalog.0,
                occluders: true,
            },
            &texture,
            &assets.asset_server,
            &mut assets.meshes,
            &mut assets.materials,
            &mut assets.occluder_materials,
            &assets.environment,
        );
        commands.insert_resource(texture.clone());
        stage.texture = Some(texture);
        stage.session = Some(TryOnSession::new(
            SessionOptions {
                intrinsics,
                mirrored: options.source.mirrored(),
                wear_on: worn.hand,
                filter: Default::default(),
            },
            worn.items.clone(),
        ));
        stage.size_px = Some(size);
        rebuilt = true;
    }
    let loaded = scenes
        .iter()
        .all(|s| assets.asset_server.is_loaded_with_dependencies(&s.0));
    let stage = &mut *stage;
    let (Some(session), Some(texture)) = (stage.session.as_mut(), stage.texture.as_ref()) else {
        return;
    };
    if session.options.wear_on != worn.hand {
        // The other hand: its pieces start afresh (no filter carried over from the first hand's pose).
        session.options.wear_on = worn.hand;
        let items = session.items().to_vec();
        session.set_items(Vec::new());
        session.set_items(items);
    }
    let view = FrameView {
        width: frame.image.width,
        height: frame.image.height,
        rgb: &frame.image.data,
    };
    let ms = |since: std::time::Instant| since.elapsed().as_secs_f32() * 1000.0;
    let fit_started = std::time::Instant::now();
    let fit: FrameFit = session.process(
        frame.sequence,
        frame.timestamp_secs,
        &tracked.hands,
        Some(&view),
    );
    let fit_ms = ms(fit_started);
    let hand_over_started = std::time::Instant::now();
    texture.submit_rgba(frame.sequence, std::mem::take(&mut tracked.rgba));
    let hand_over_ms = ms(hand_over_started);
    let light_started = std::time::Instant::now();
    let light = stage.light.update(
        &frame.image.data,
        frame.image.width,
        frame.image.height,
        frame.timestamp_secs,
    );
    let occluders = tryon::occluders(session.items(), &fit);
    let light_and_occluders_ms = ms(light_started);
    stage.last_frame_secs = frame.timestamp_secs;
    if fit.hand_found {
        stage.last_hand_secs = Some(frame.timestamp_secs);
    }
    stage.last_submitted = Some(frame.sequence);
    stage.latency_ms = frame.captured_at.elapsed().as_secs_f32() * 1000.0;
    if loaded {
        stage.frames_shown += 1;
    }
    commands.insert_resource(TryOnFrame {
        fit: Some(fit),
        occluders,
        light,
    });
    stage.cost = (!rebuilt).then(|| MainThreadCost {
        fit_ms,
        hand_over_ms,
        light_and_occluders_ms,
        total_ms: ms(started),
    });
}

/// How long without a hand before the shopper is asked to show one, seconds.
const SHOW_HAND_AFTER_SECS: f64 = 0.5;

fn update_status(feed: Option<Res<Feed>>, stage: Res<LiveStage>, mut status: ResMut<LiveStatus>) {
    let Some(feed) = feed else {
        return;
    };
    let tracking_error = feed.tracking_error.lock().ok().and_then(|e| e.clone());
    let next = match feed.threads.status() {
        _ if tracking_error.is_some() => {
            LiveStatus::TrackingUnavailable(tracking_error.unwrap_or_default())
        }
        PipelineStatus::Starting => LiveStatus::Starting,
        PipelineStatus::Waiting(reason) if feed.camera && stage.frames_received > 0 => {
            LiveStatus::CameraLost(reason)
        }
        PipelineStatus::Waiting(reason) if reason.contains("ermission denied") => {
            LiveStatus::AllowCamera(reason)
        }
        PipelineStatus::Waiting(reason) => LiveStatus::NoCamera(reason),
        PipelineStatus::Failed(reason) if feed.camera => LiveStatus::NoCamera(reason),
        PipelineStatus::Failed(reason) => LiveStatus::SourceFailed(reason),
        PipelineStatus::Ended => LiveStatus::VideoEnded,
        PipelineStatus::Running => {
            let seen = stage
                .last_hand_secs
                .is_some_and(|t| stage.last_frame_secs - t <= SHOW_HAND_AFTER_SECS);
            if seen {
                LiveStatus::Tracking
            } else {
                LiveStatus::ShowHand
            }
        }
    };
    if *status != next {
        *status = next;
    }
}
