//! The boutique headless: `vitrine render --view place|facade|salon|watch-wall|vitrine|salon-prive|all` writes PNGs once
//! every product model has loaded and the lights have settled; `vitrine bench` measures frame time, draw calls and
//! triangles from each named view at 1280×720 and the time from start to the first complete boutique frame.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

use bevy::app::AppExit;
use bevy::camera::RenderTarget;
use bevy::ecs::system::SystemParam;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;

use crate::boutique::architecture::spawn_boutique;
use crate::boutique::layout::ViewName;
use crate::boutique::surroundings::BoutiqueEnvironment;
use crate::boutique::{Boutique, SKY, boutique_camera};
use crate::desktop::headless::capture::{Capture, render_target_image, save};
use crate::product::catalog_assets::LoadedCatalog;

/// Frames to let shadows, bloom and the environment light settle once everything is loaded.
const SETTLE_FRAMES: u32 = 8;
const GIVE_UP_FRAMES: u32 = 1500;

#[derive(Debug, Clone)]
pub enum ViewJob {
    /// Write each view to PNG: `out` is the file for one view, a folder (`<view>.png` inside) for several.
    Render {
        views: Vec<ViewName>,
        size_px: UVec2,
        out: PathBuf,
    },
    /// Print per-view frame time (the median of `frames` frames), draw calls and triangles.
    Bench { size_px: UVec2, frames: usize },
}

/// One view's measurements.
#[derive(Debug, Clone, Default)]
struct ViewStats {
    frame_ms: Vec<f32>,
    draw_calls: usize,
    triangles: usize,
}

#[derive(Resource)]
struct ViewState {
    job: ViewJob,
    views: Vec<ViewName>,
    current: usize,
    camera: Option<Entity>,
    target: Option<Handle<Image>>,
    frames: u32,
    frames_ready: u32,
    requested: bool,
    capture: Capture,
    started: Instant,
    first_frame_secs: Option<f32>,
    last_frame: Option<Instant>,
    stats: Vec<(ViewName, ViewStats)>,
}

pub fn view_app(job: ViewJob, assets_dir: Option<String>) -> App {
    let views = match &job {
        ViewJob::Render { views, .. } => views.clone(),
        ViewJob::Bench { .. } => ViewName::ALL.to_vec(),
    };
    let mut app = crate::desktop::headless::render::headless_base(assets_dir);
    app.insert_resource(ViewState {
        job,
        views,
        current: 0,
        camera: None,
        target: None,
        frames: 0,
        frames_ready: 0,
        requested: false,
        capture: Capture::default(),
        started: Instant::now(),
        first_frame_secs: None,
        last_frame: None,
        stats: Vec::new(),
    })
    .add_systems(Update, (set_up, step).chain());
    app
}

fn size_of(job: &ViewJob) -> UVec2 {
    match job {
        ViewJob::Render { size_px, .. } | ViewJob::Bench { size_px, .. } => *size_px,
    }
}

fn set_up(mut state: ResMut<ViewState>, mut spawner: BoutiqueSpawner) {
    if state.target.is_some() {
        return;
    }
    let Some(first) = state.views.first().copied() else {
        return;
    };
    if let Some((camera, target)) = spawner.seen_from(first, size_of(&state.job)) {
        state.camera = Some(camera);
        state.target = Some(target);
    }
}

/// What spawning the boutique headless needs: `vitrine render --view`, `bench` and `bench --soak` share it.
#[derive(SystemParam)]
pub(crate) struct BoutiqueSpawner<'w, 's> {
    commands: Commands<'w, 's>,
    catalog: Option<Res<'w, LoadedCatalog>>,
    asset_server: Res<'w, AssetServer>,
    environment: Res<'w, BoutiqueEnvironment>,
    meshes: ResMut<'w, Assets<Mesh>>,
    materials: ResMut<'w, Assets<StandardMaterial>>,
    images: ResMut<'w, Assets<Image>>,
}

impl BoutiqueSpawner<'_, '_> {
    /// Once the catalog has loaded: spawns the boutique (and inserts its [`Boutique`] plan) with one camera at the
    /// named view, rendering into a new image of `size_px`. Returns the camera and the image; `None` before then.
    pub(crate) fn seen_from(
        &mut self,
        view: ViewName,
        size_px: UVec2,
    ) -> Option<(Entity, Handle<Image>)> {
        let catalog = self.catalog.as_deref()?;
        let target = self.images.add(render_target_image(size_px));
        let boutique = Boutique::for_catalog(catalog);
        spawn_boutique(
            &mut self.commands,
            &boutique.0,
            catalog,
            &self.asset_server,
            &mut self.meshes,
            &mut self.materials,
            &mut self.images,
        );
        let view = boutique.0.view(view);
        let camera = self
            .commands
            .spawn((
                boutique_camera(&self.environment, view.eye_m),
                Camera {
                    clear_color: ClearColorConfig::Custom(SKY),
                    ..default()
                },
                RenderTarget::Image(target.clone().into()),
                Transform::from_translation(view.eye_m).looking_at(view.target_m, Vec3::Y),
            ))
            .id();
        self.commands.insert_resource(boutique);
        Some((camera, target))
    }
}

/// Every mesh drawn with a standard material, with what decides whether the camera sees it.
type VisibleMeshes<'w, 's> = Query<
    'w,
    's,
    (
        &'static Mesh3d,
        &'static MeshMaterial3d<StandardMaterial>,
        &'static GlobalTransform,
        Option<&'static bevy::camera::primitives::Aabb>,
        &'static InheritedVisibility,
    ),
>;

/// What the camera's frustum holds: draw calls of the main pass (Bevy draws each batch of one mesh with one material
/// as one instanced call) and triangles. Shadow passes draw again; they are not counted here.
fn count_visible(
    camera: Option<&bevy::camera::primitives::Frustum>,
    meshes_in_world: &VisibleMeshes,
    meshes: &Assets<Mesh>,
) -> (usize, usize) {
    let mut batches = HashSet::new();
    let mut triangles = 0;
    for (mesh, material, transform, aabb, inherited) in meshes_in_world {
        if !inherited.get() {
            continue;
        }
        let inside = match (camera, aabb) {
            (Some(frustum), Some(aabb)) => {
                frustum.intersects_obb(aabb, &transform.affine(), true, true)
            }
            _ => true,
        };
        if !inside {
            continue;
        }
        batches.insert((mesh.0.id(), material.0.id()));
        // Meshes kept only on the GPU (render-world usage) have no data here to count: they are left out and
        // said so once.
        if let Some(m) = meshes.get(&mesh.0) {
            match m.try_indices() {
                Ok(indices) => triangles += indices.len() / 3,
                Err(bevy::mesh::MeshAccessError::ExtractedToRenderWorld) => {
                    warn_once!("a mesh kept only on the GPU is left out of the triangle count");
                }
                Err(_) => triangles += m.count_vertices() / 3,
            }
        }
    }
    (batches.len(), triangles)
}

fn step(
    mut commands: Commands,
    mut state: ResMut<ViewState>,
    asset_server: Res<AssetServer>,
    boutique: Option<Res<Boutique>>,
    scenes: Query<&WorldAssetRoot>,
    visible: VisibleMeshes,
    frusta: Query<&bevy::camera::primitives::Frustum>,
    meshes: Res<Assets<Mesh>>,
    mut transforms: Query<&mut Transform>,
    mut exit: MessageWriter<AppExit>,
) {
    let (Some(target), Some(camera), Some(boutique)) =
        (state.target.clone(), state.camera, boutique)
    else {
        return;
    };
    state.frames += 1;
    let now = Instant::now();
    let frame_ms = state.last_frame.map(|t| (now - t).as_secs_f32() * 1000.0);
    state.last_frame = Some(now);
    let view = state.views[state.current];

    if state.requested {
        let Some(image) = state.capture.take() else {
            return;
        };
        let ViewJob::Render { views, out, .. } = &state.job else {
            return;
        };
        let path = if views.len() == 1 {
            out.clone()
        } else {
            out.join(format!("{}.png", view.name()))
        };
        match save(&image, &path) {
            Ok(path) => info!(
                "Wrote {} ({} view, {:.1} s after start)",
                path.display(),
                view.name(),
                state.started.elapsed().as_secs_f32()
            ),
            Err(e) => {
                error!("Render failed: {e}");
                exit.write(AppExit::from_code(1));
                return;
            }
        }
        next_view(&mut state, &boutique, camera, &mut transforms, &mut exit);
        return;
    }

    let loaded = !scenes.is_empty()
        && scenes
            .iter()
            .all(|s| asset_server.is_loaded_with_dependencies(&s.0));
    if loaded {
        state.frames_ready += 1;
        // Rendering is pipelined one frame behind: two updates after everything loaded, the first complete
        // frame has been drawn.
        if state.frames_ready == 3 && state.first_frame_secs.is_none() {
            state.first_frame_secs = Some(state.started.elapsed().as_secs_f32());
        }
    }
    let settled = state.frames_ready >= SETTLE_FRAMES || state.frames > GIVE_UP_FRAMES;
    if !settled {
        return;
    }
    if !loaded {
        warn!(
            "some product models had not loaded after {GIVE_UP_FRAMES} frames; using what there is"
        );
    }
    match &state.job {
        ViewJob::Render { .. } => {
            state.requested = true;
            state.capture.request(&mut commands, target);
        }
        ViewJob::Bench { frames, .. } => {
            let frames = *frames;
            let (draw_calls, triangles) = count_visible(frusta.get(camera).ok(), &visible, &meshes);
            if state.stats.last().is_none_or(|(v, _)| *v != view) {
                state.stats.push((view, ViewStats::default()));
            }
            if let (Some(ms), Some((_, stats))) = (frame_ms, state.stats.last_mut()) {
                stats.frame_ms.push(ms);
                stats.draw_calls = draw_calls;
                stats.triangles = triangles;
                if stats.frame_ms.len() >= frames.max(1) {
                    next_view(&mut state, &boutique, camera, &mut transforms, &mut exit);
                }
            }
        }
    }
}

fn next_view(
    state: &mut ViewState,
    boutique: &Boutique,
    camera: Entity,
    transforms: &mut Query<&mut Transform>,
    exit: &mut MessageWriter<AppExit>,
) {
    state.current += 1;
    state.requested = false;
    // The models are loaded: a few frames for shadows and exposure from the new viewpoint.
    state.frames_ready = SETTLE_FRAMES / 2;
    if state.current >= state.views.len() {
        if matches!(state.job, ViewJob::Bench { .. }) {
            print_bench(state);
        }
        exit.write(AppExit::Success);
        return;
    }
    let view = boutique.0.view(state.views[state.current]);
    if let Ok(mut transform) = transforms.get_mut(camera) {
        *transform = Transform::from_translation(view.eye_m).looking_at(view.target_m, Vec3::Y);
    }
}

fn print_bench(state: &ViewState) {
    let size = size_of(&state.job);
    println!(
        "boutique benchmark, {}x{}, on this machine's Vulkan driver (lavapipe where there is no GPU)",
        size.x, size.y
    );
    println!(
        "time from start to the first complete boutique frame: {:.1} s",
        state.first_frame_secs.unwrap_or(f32::NAN)
    );
    println!("| view | median frame ms | draw calls | triangles |");
    println!("|---|---|---|---|");
    for (view, stats) in &state.stats {
        let mut ms = stats.frame_ms.clone();
        ms.sort_by(f32::total_cmp);
        let median = ms.get(ms.len() / 2).copied().unwrap_or(f32::NAN);
        println!(
            "| {} | {median:.0} | {} | {} |",
            view.name(),
            stats.draw_calls,
            stats.triangles
        );
    }
}
