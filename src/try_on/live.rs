//! The live try-on: frames from a camera (or a video played at its own pace) with the hands found in them, from
//! the platform's feed — the vision crate's threads on the desktop (`desktop/camera_feed.rs`), the page's camera and
//! onnxruntime-web in the browser (`web/camera.rs`) — so the render loop never waits for inference. Each frame
//! comes together with its hands; the update that receives them fits the pieces and submits that very frame as
//! the background (frame-locked). Live cameras are mirrored before tracking (a selfie view, so handedness and
//! geometry agree with what the shopper sees); videos only with `--mirror`.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::camera::RenderTarget;
use bevy::platform::time::Instant;
use bevy::prelude::*;
use bevy::window::WindowRef;
use bevy::world_serialization::WorldAssetRoot;
use tryon::{
    FrameFit, FrameView, HandLabel, HandObservation, HandSide, Intrinsics, SessionOptions,
    TryOnSession, WornItem,
};
use vision::input::source::Frame;
use vision::pipelines::tracker::{ModelVariant, Tasks, TrackerOptions, TrackingResult};

use super::TryOnSystems;
use super::frame_texture::{BufferPool, FrameTexture};
use super::present::{
    StageAssets, StageSpec, TryOnFrame, TryOnPiece, TryOnStageEntity, spawn_pieces, spawn_stage,
};
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::variants::SelectedVariants;
use crate::screens::Screen;

#[cfg(not(target_arch = "wasm32"))]
use crate::desktop::camera_feed::FeedFrames;
#[cfg(target_arch = "wasm32")]
use crate::web::camera::FeedFrames;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<LiveOptions>()
        .init_resource::<LiveStage>()
        .insert_resource(LiveStatus::Starting)
        .add_systems(OnEnter(Screen::TryOn), start)
        .add_systems(OnExit(Screen::TryOn), stop)
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
    /// A webcam by index (`vitrine cameras` lists them; the browser's own choice in the page); always mirrored.
    Camera { index: u32 },
    /// A Y4M clip played at its own frame rate, like a camera; `looped`: from the start again at its end (a
    /// kiosk's demonstration), with time and frame numbers running on. Desktop only.
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    Video {
        path: PathBuf,
        mirror: bool,
        looped: bool,
    },
}

impl LiveSource {
    pub fn mirrored(&self) -> bool {
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
    /// Where the tracking models are (`assets/ml`: a folder on the desktop, a URL relative to the page).
    pub model_dir: PathBuf,
    /// The tracking models: full on the desktop, lite in the browser.
    pub variant: ModelVariant,
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
            variant: if cfg!(target_arch = "wasm32") {
                ModelVariant::Lite
            } else {
                ModelVariant::Full
            },
            target: None,
        }
    }
}

impl LiveOptions {
    /// The tracker the try-on runs: hands only, two of them (the shopper may hold up either).
    pub fn tracker_options(&self) -> TrackerOptions {
        let mut options = TrackerOptions::new(Tasks::HANDS, self.variant);
        options.hand.max_hands = 2;
        options
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
    /// The browser waits for the shopper's "Enable camera" (the page's button).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the page's camera only
    EnableCamera,
    /// The camera exists but this user may not open it (or the shopper refused it).
    AllowCamera(String),
    /// No camera answers (none connected, or not yet).
    NoCamera(String),
    /// The camera delivered frames, then stopped; being reopened.
    CameraLost(String),
    TrackingUnavailable(String),
    /// The video cannot be read (desktop only, like videos).
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    SourceFailed(String),
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    VideoEnded,
    /// Frames arrive and no hand is in view.
    ShowHand,
    Tracking,
}

/// One frame and the hands the tracker found in it: they travel together, so they are shown together.
pub struct Tracked {
    pub frame: Frame,
    pub hands: Vec<HandObservation>,
    /// The frame as RGBA8 for the texture, converted where the frame was tracked, so that the main thread only
    /// hands it over.
    pub rgba: Vec<u8>,
}

/// A tracked frame ready for the stage: its hands as the try-on's observations, its pixels for the texture.
pub fn tracked(frame: Frame, result: &TrackingResult, pool: &BufferPool) -> Tracked {
    let hands = result.hands.iter().map(observation).collect();
    let rgba = pool.rgba_from_rgb(&frame.image.data);
    Tracked { frame, hands, rgba }
}

/// The vision crate's hand as the try-on's observation.
pub fn observation(h: &vision::pipelines::hand::HandLandmarks) -> HandObservation {
    HandObservation {
        label: match h.handedness {
            vision::pipelines::hand::Handedness::Left => HandLabel::Left,
            vision::pipelines::hand::Handedness::Right => HandLabel::Right,
        },
        landmarks_px: h.landmarks_px.clone(),
        world_m: h.world_m.clone(),
    }
}

/// What runs the tracking, for the screen's debug line: the runtime and execution provider that really opened
/// the models (the browser may refuse WebGPU and run on the CPU).
#[derive(Debug, Clone, Default)]
pub struct TrackingInfo {
    pub runtime: String,
}

#[derive(Resource)]
pub struct Feed {
    pub(crate) frames: FeedFrames,
    /// Why the tracker could not start, set where the tracking runs.
    tracking_error: Arc<Mutex<Option<String>>>,
    info: Arc<Mutex<TrackingInfo>>,
    /// The frame buffers shared by the tracking and the texture.
    pool: BufferPool,
}

/// The live stage: the frame texture of the current frame size, the fit's session and what was shown.
#[derive(Resource, Default)]
pub struct LiveStage {
    texture: Option<FrameTexture>,
    size_px: Option<UVec2>,
    session: Option<TryOnSession>,
    light: tryon::light::FrameLight,
    /// Frames received from the tracking.
    pub frames_received: u64,
    /// Frames submitted as the background once every worn piece's model had loaded.
    pub frames_shown: u64,
    /// The sequence number of the frame last submitted (the one on screen after this update).
    pub last_submitted: Option<u64>,
    /// When a hand was last found, in the source's seconds.
    last_hand_secs: Option<f64>,
    last_frame_secs: f64,
    /// Tracked frames per second, smoothed over about a second.
    pub tracked_fps: f32,
    /// Capture-to-submission time of the last frame, ms.
    pub latency_ms: f32,
    /// The main thread's time on the last frame; `None` for a frame that rebuilt the stage.
    pub cost: Option<MainThreadCost>,
    /// The runtime that tracks, as the feed reported it.
    pub tracking: TrackingInfo,
}

/// Where the main thread's time goes on one frame, ms (`vitrine tryon --bench` reports it).
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub struct MainThreadCost {
    /// The pose, the pieces' placement and filters, the ring size.
    pub fit_ms: f32,
    /// The frame (converted where it was tracked) handed over to the texture.
    pub hand_over_ms: f32,
    /// The room's light from the frame and the hand's occluders.
    pub light_and_occluders_ms: f32,
    /// All of `ingest`, with the bookkeeping.
    pub total_ms: f32,
}

/// Starts the platform's feed: the source opens and the tracking models load (in the browser, only now).
fn start(mut commands: Commands, options: Res<LiveOptions>, mut stage: ResMut<LiveStage>) {
    *stage = LiveStage::default();
    commands.insert_resource(LiveStatus::Starting);
    let tracking_error = Arc::new(Mutex::new(None));
    let info = Arc::new(Mutex::new(TrackingInfo::default()));
    let pool = BufferPool::default();
    commands.insert_resource(Feed {
        frames: FeedFrames::start(&options, pool.clone(), tracking_error.clone(), info.clone()),
        tracking_error,
        info,
        pool,
    });
}

/// Stops the feed (without waiting for it) and takes the stage down.
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
    let Some(mut tracked) = feed.frames.latest() else {
        return;
    };
    let started = Instant::now();
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
    let ms = |since: Instant| since.elapsed().as_secs_f32() * 1000.0;
    let fit_started = Instant::now();
    let fit: FrameFit = session.process(
        frame.sequence,
        frame.timestamp_secs,
        &tracked.hands,
        Some(&view),
    );
    let fit_ms = ms(fit_started);
    let hand_over_started = Instant::now();
    texture.submit_rgba(frame.sequence, std::mem::take(&mut tracked.rgba));
    let hand_over_ms = ms(hand_over_started);
    let light_started = Instant::now();
    let light = stage.light.update(
        &frame.image.data,
        frame.image.width,
        frame.image.height,
        frame.timestamp_secs,
    );
    let occluders = tryon::occluders(session.items(), &fit);
    let light_and_occluders_ms = ms(light_started);
    let step_secs = frame.timestamp_secs - stage.last_frame_secs;
    if stage.frames_received > 1 && step_secs > 0.0 {
        // An exponential mean over about a second of frames.
        let weight = (step_secs as f32).min(1.0);
        stage.tracked_fps += weight * (1.0 / step_secs as f32 - stage.tracked_fps);
    }
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

fn update_status(
    feed: Option<Res<Feed>>,
    mut stage: ResMut<LiveStage>,
    mut status: ResMut<LiveStatus>,
) {
    let Some(feed) = feed else {
        return;
    };
    if let Ok(info) = feed.info.lock()
        && stage.tracking.runtime != info.runtime
    {
        stage.tracking = info.clone();
    }
    let tracking_error = feed.tracking_error.lock().ok().and_then(|e| e.clone());
    let next = if let Some(reason) = tracking_error {
        LiveStatus::TrackingUnavailable(reason)
    } else if let Some(source) = feed.frames.source_status(stage.frames_received) {
        source
    } else {
        let seen = stage
            .last_hand_secs
            .is_some_and(|t| stage.last_frame_secs - t <= SHOW_HAND_AFTER_SECS);
        if seen {
            LiveStatus::Tracking
        } else {
            LiveStatus::ShowHand
        }
    };
    if *status != next {
        *status = next;
    }
}
