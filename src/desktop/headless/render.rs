//! Headless rendering (`vitrine render`): one product in the studio, or a labelled contact sheet of every product,
//! written as PNG without a window. Works on a machine with no GPU through Mesa's lavapipe.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bevy::app::{AppExit, ScheduleRunnerPlugin};
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::window::ExitCondition;
use bevy::world_serialization::WorldInstance;
use catalog::Language;

use super::capture::{Capture, CaptureError, render_target_image, save, to_rgb, write_png};
use crate::product::catalog_assets::LoadedCatalog;
use crate::rendering::studio::StudioEnvironment;
use crate::rendering::studio_shot::StudioShot;
use crate::ui::inspect_camera::OrbitCamera;
use crate::ui::theme::{CHAMPAGNE, Fonts, INK};

/// Why `vitrine render` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("nothing rendered ({0} failed)")]
    NothingRendered(String),
    #[error("no product to put on the contact sheet")]
    EmptySheet,
    #[error(transparent)]
    Capture(#[from] CaptureError),
}

/// What to render.
#[derive(Debug, Clone)]
pub enum RenderJob {
    Product {
        sku: String,
        variant: Option<String>,
        size_px: UVec2,
        out: PathBuf,
    },
    ContactSheet {
        tile_px: UVec2,
        columns: u32,
        out: PathBuf,
    },
}

/// A windowless app with Vitrine's plugins that renders off-screen and never exits on its own.
pub(crate) fn headless_base(assets_dir: Option<String>) -> App {
    let mut app = App::new();
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: ExitCondition::DontExit,
                close_when_requested: false,
                ..default()
            })
            // Draw nothing half-compiled: every pipeline is ready before the frame that uses it.
            .set(crate::render_plugin(true))
            .set(crate::asset_plugin(assets_dir))
            .disable::<bevy::winit::WinitPlugin>(),
    )
    .add_plugins(ScheduleRunnerPlugin::run_loop(Duration::from_millis(1)))
    .insert_resource(crate::RunMode::Headless)
    .add_plugins(crate::plugin);
    app
}

/// Builds the headless app for a render job.
pub fn headless_app(job: RenderJob, assets_dir: Option<String>) -> App {
    let mut app = headless_base(assets_dir);
    app.insert_resource(Job {
        job,
        queue: Vec::new(),
        started: false,
        current: None,
        tiles: Vec::new(),
        failed: Vec::new(),
        next_index: 0,
    })
    .add_systems(Update, (plan_shots, run_shot, finish).chain());
    app
}

struct Shot {
    sku: String,
    variant: Option<String>,
    size_px: UVec2,
    label: Option<(String, String)>,
}

struct CurrentShot {
    sku: String,
    product: Entity,
    scene: Handle<bevy::world_serialization::WorldAsset>,
    target: Handle<Image>,
    frames_ready: u32,
    frames_total: u32,
    /// The screenshot asked for once the piece has settled.
    capture: Option<Capture>,
    index: usize,
}

#[derive(Resource)]
struct Job {
    job: RenderJob,
    queue: Vec<Shot>,
    started: bool,
    current: Option<CurrentShot>,
    /// The pictures taken, with their place on the contact sheet.
    tiles: Vec<(usize, Image)>,
    failed: Vec<String>,
    next_index: usize,
}

/// Marks everything spawned for one shot.
#[derive(Component, Clone)]
struct ShotEntity;

/// Frames to let the environment filter, bloom and shadows settle after everything is loaded.
const SETTLE_FRAMES: u32 = 6;
/// Give up on a product that has not appeared after this many frames.
const GIVE_UP_FRAMES: u32 = 900;

fn plan_shots(mut job: ResMut<Job>, catalog: Option<Res<LoadedCatalog>>) {
    let Some(catalog) = catalog else { return };
    if job.started {
        return;
    }
    job.started = true;
    let shots = match &job.job {
        RenderJob::Product {
            sku,
            variant,
            size_px,
            ..
        } => vec![Shot {
            sku: sku.clone(),
            variant: variant.clone(),
            size_px: *size_px,
            label: None,
        }],
        RenderJob::ContactSheet { tile_px, .. } => catalog
            .0
            .products
            .iter()
            .map(|e| Shot {
                sku: e.product.sku.clone(),
                variant: None,
                size_px: *tile_px,
                label: Some((
                    e.product.name.get(Language::En).to_string(),
                    e.product.sku.clone(),
                )),
            })
            .collect(),
    };
    job.queue = shots.into_iter().rev().collect();
}

/// Spawns the studio set for a product: backdrop, lights, camera framing the model from three-quarters above.
fn spawn_studio_shot(
    commands: &mut Commands,
    asset_server: &AssetServer,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    environment: &StudioEnvironment,
    fonts: &Fonts,
    entry: &catalog::CatalogEntry,
    target: Handle<Image>,
    size_px: UVec2,
    label: Option<&(String, String)>,
) -> Entity {
    let shot = StudioShot::of(entry);
    let product = shot.spawn(commands, asset_server, meshes, materials, entry, ShotEntity);
    let orbit = OrbitCamera {
        distance_m: shot.distance_to_fit_m(size_px.x as f32 / size_px.y as f32),
        ..OrbitCamera::framing(shot.centre_m, shot.radius_m)
    };
    let camera = commands
        .spawn((
            ShotEntity,
            shot.camera(environment),
            RenderTarget::Image(target.into()),
            orbit.transform(),
        ))
        .id();

    if let Some((name, sku)) = label {
        commands
            .spawn((
                ShotEntity,
                UiTargetCamera(camera),
                Node {
                    width: percent(100),
                    height: percent(100),
                    flex_direction: FlexDirection::Column,
                    justify_content: JustifyContent::FlexEnd,
                    ..default()
                },
            ))
            .with_children(|root| {
                root.spawn((
                    Node {
                        width: percent(100),
                        padding: UiRect::axes(px(14), px(8)),
                        flex_direction: FlexDirection::Column,
                        ..default()
                    },
                    BackgroundColor(INK.with_alpha(0.78)),
                ))
                .with_children(|strip| {
                    strip.spawn((
                        Text::new(name.clone()),
                        fonts.display(20.0),
                        TextColor(Color::WHITE),
                    ));
                    strip.spawn((
                        Text::new(sku.clone()),
                        fonts.body(13.0),
                        TextColor(CHAMPAGNE),
                    ));
                });
            });
    }
    product
}

fn run_shot(
    mut commands: Commands,
    mut job: ResMut<Job>,
    catalog: Option<Res<LoadedCatalog>>,
    asset_server: Res<AssetServer>,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    environment: Res<StudioEnvironment>,
    fonts: Res<Fonts>,
    shot_entities: Query<Entity, With<ShotEntity>>,
    instances: Query<&WorldInstance>,
    children: Query<&Children>,
) {
    let Some(catalog) = catalog else { return };
    if !job.started {
        return;
    }
    let job = &mut *job;
    if let Some(current) = job.current.as_mut() {
        current.frames_total += 1;
        if let Some(capture) = &current.capture {
            // Waiting for the screenshot.
            if let Some(image) = capture.take() {
                job.tiles.push((current.index, image));
                for entity in &shot_entities {
                    commands.entity(entity).despawn();
                }
                job.current = None;
            }
            return;
        }
        let fonts_ready = asset_server.is_loaded_with_dependencies(&fonts.display)
            && asset_server.is_loaded_with_dependencies(&fonts.body);
        let loaded = asset_server.is_loaded_with_dependencies(&current.scene);
        let spawned = children
            .iter_descendants(current.product)
            .any(|e| instances.get(e).is_ok() || children.get(e).is_ok_and(|c| !c.is_empty()));
        if loaded && spawned && fonts_ready {
            current.frames_ready += 1;
        }
        if current.frames_ready >= SETTLE_FRAMES {
            let capture = Capture::default();
            capture.request(&mut commands, current.target.clone());
            current.capture = Some(capture);
        } else if current.frames_total > GIVE_UP_FRAMES {
            error!(
                "{}: the model did not finish loading in {GIVE_UP_FRAMES} frames; skipped",
                current.sku
            );
            let sku = current.sku.clone();
            let index = current.index;
            job.failed.push(sku);
            job.tiles
                .push((index, render_target_image(UVec2::new(8, 8))));
            for entity in &shot_entities {
                commands.entity(entity).despawn();
            }
            job.current = None;
        }
        return;
    }
    let Some(shot) = job.queue.pop() else { return };
    let index = job.next_index;
    job.next_index += 1;
    let Some(entry) = catalog.0.product(&shot.sku) else {
        let known: Vec<&str> = catalog
            .0
            .products
            .iter()
            .map(|e| e.product.sku.as_str())
            .collect();
        error!(
            "No product with SKU \"{}\" in the catalog; known: {}",
            shot.sku,
            known.join(", ")
        );
        job.failed.push(shot.sku);
        return;
    };
    let target = images.add(render_target_image(shot.size_px));
    let product = spawn_studio_shot(
        &mut commands,
        &asset_server,
        &mut meshes,
        &mut materials,
        &environment,
        &fonts,
        entry,
        target.clone(),
        shot.size_px,
        shot.label.as_ref(),
    );
    if let Some(variant) = &shot.variant {
        let mut selected = crate::product::default_variants(entry);
        // Replace the default of the group that offers this variant.
        let mut found = false;
        for (g, group) in entry.product.variants.iter().enumerate() {
            if let Some(option) = group
                .options
                .iter()
                .find(|o| &o.id == variant || &o.gltf_variant == variant)
                && let Some(slot) = selected.0.get_mut(g)
            {
                *slot = option.gltf_variant.clone();
                found = true;
            }
        }
        if !found {
            let known: Vec<&str> = entry
                .product
                .variants
                .iter()
                .flat_map(|g| g.options.iter().map(|o| o.id.as_str()))
                .collect();
            error!(
                "{}: unknown variant \"{variant}\"; this product offers: {}",
                entry.product.sku,
                known.join(", ")
            );
            job.failed.push(shot.sku);
            for entity in &shot_entities {
                commands.entity(entity).despawn();
            }
            commands.entity(product).despawn();
            return;
        }
        commands.entity(product).insert(selected);
    }
    job.current = Some(CurrentShot {
        sku: shot.sku,
        product,
        scene: asset_server
            .load(bevy::gltf::GltfAssetLabel::Scene(0).from_asset(entry.product.model.clone())),
        target,
        frames_ready: 0,
        frames_total: 0,
        capture: None,
        index,
    });
}

fn finish(
    mut job: ResMut<Job>,
    catalog: Option<Res<LoadedCatalog>>,
    mut exit: MessageWriter<AppExit>,
) {
    if !job.started || job.current.is_some() || !job.queue.is_empty() || catalog.is_none() {
        return;
    }
    let tiles = std::mem::take(&mut job.tiles);
    let result = match &job.job {
        RenderJob::Product { out, .. } => match tiles.into_iter().next() {
            Some((_, image)) if job.failed.is_empty() => {
                save(&image, out).map_err(RenderError::from)
            }
            _ => Err(RenderError::NothingRendered(job.failed.join(", "))),
        },
        RenderJob::ContactSheet {
            tile_px,
            columns,
            out,
        } => contact_sheet(tiles, *tile_px, *columns, out),
    };
    match result {
        Ok(path) => {
            info!("Wrote {}", path.display());
            exit.write(if job.failed.is_empty() {
                AppExit::Success
            } else {
                AppExit::from_code(2)
            });
        }
        Err(e) => {
            error!("Render failed: {e}");
            exit.write(AppExit::from_code(1));
        }
    }
}

fn contact_sheet(
    mut tiles: Vec<(usize, Image)>,
    tile_px: UVec2,
    columns: u32,
    out: &Path,
) -> Result<PathBuf, RenderError> {
    tiles.sort_by_key(|(i, _)| *i);
    let count = tiles.len() as u32;
    if count == 0 {
        return Err(RenderError::EmptySheet);
    }
    let columns = columns.clamp(1, count);
    let rows = count.div_ceil(columns);
    let gap = 6;
    let mut sheet = image::RgbImage::from_pixel(
        columns * tile_px.x + (columns + 1) * gap,
        rows * tile_px.y + (rows + 1) * gap,
        image::Rgb([18, 16, 14]),
    );
    for (n, (_, tile)) in tiles.iter().enumerate() {
        let rgb = to_rgb(tile)?;
        if rgb.width() != tile_px.x {
            continue;
        }
        let (col, row) = (n as u32 % columns, n as u32 / columns);
        let (x0, y0) = (gap + col * (tile_px.x + gap), gap + row * (tile_px.y + gap));
        image::imageops::replace(&mut sheet, &rgb, x0 as i64, y0 as i64);
    }
    Ok(write_png(&sheet, out)?)
}
