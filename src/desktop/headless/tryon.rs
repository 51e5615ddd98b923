//! `vitrine tryon --out DIR`: every frame of a clip (or every image of a folder) tracked, fitted and rendered with
//! the pieces on, composited over the frame at its own size, to `DIR/00000.png`, `DIR/00001.png`…, with the same
//! per-frame JSON as without `--out`. One frame at a time: the frame, its fit and the screenshot all belong to one
//! update, so every picture is frame-locked by construction.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bevy::app::AppExit;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;

use crate::desktop::cli::tryon_command::{
    Failure, FitStream, FittedFrame, JsonReport, TryOnJob, failure,
};
use crate::desktop::headless::capture::{Capture, render_target_image, save};
use crate::product::catalog_assets::LoadedCatalog;
use crate::try_on::TryOnSystems;
use crate::try_on::frame_texture::FrameTexture;
use crate::try_on::present::{StageAssets, StageSpec, TryOnFrame, TryOnStageEntity, spawn_stage};

/// Updates to let the pieces' pipelines and the environment light settle once the models have loaded.
const SETTLE_FRAMES: u32 = 4;
/// Give up waiting for the models after this many updates.
const GIVE_UP_FRAMES: u32 = 1500;

enum Step {
    /// Waiting for the catalog, then building the stage for the pending frame's size.
    Stage,
    /// Waiting for the pieces' models.
    Loading { frames: u32, ready: u32 },
    /// The pending frame goes on screen with its fit this update.
    Show,
    /// Waiting for the screenshot of output frame `index`, source frame `sequence`.
    Capture { index: usize, sequence: u64 },
}

struct Driver {
    stream: FitStream,
    report: Option<JsonReport>,
    out_dir: PathBuf,
    occluders: bool,
    pending: Option<FittedFrame>,
    step: Step,
    stage_size: Option<UVec2>,
    target: Option<Handle<Image>>,
    light: tryon::light::FrameLight,
    capture: Capture,
    outcome: Arc<Mutex<Option<Result<usize, Failure>>>>,
    written: usize,
}

pub fn run(assets: &Path, job: &TryOnJob, out_dir: PathBuf) -> Result<usize, Failure> {
    let mut stream = FitStream::open(assets, job)?;
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", out_dir.display())))?;
    let report = JsonReport::create(job)?;
    let first = match stream.next() {
        Ok(Some(first)) => first,
        Ok(None) => return report.finish(),
        Err(e) => return Err(report.abandon(e)),
    };
    let outcome = Arc::new(Mutex::new(None));
    let mut app =
        crate::desktop::headless::render::headless_base(Some(assets.display().to_string()));
    app.insert_resource(crate::try_on::contact_shadow::ContactShadows(
        job.contact_shadows,
    ));
    app.insert_non_send(Driver {
        stream,
        report: Some(report),
        out_dir,
        occluders: job.occluders,
        pending: Some(first),
        step: Step::Stage,
        stage_size: None,
        target: None,
        light: Default::default(),
        capture: Capture::default(),
        outcome: outcome.clone(),
        written: 0,
    })
    .add_systems(Update, drive.in_set(TryOnSystems::Fit));
    app.run();
    let result = outcome.lock().ok().and_then(|mut o| o.take());
    result.unwrap_or_else(|| Err(failure("the renderer stopped before the last frame".into())))
}

fn drive(
    mut commands: Commands,
    mut driver: NonSendMut<Driver>,
    catalog: Option<Res<LoadedCatalog>>,
    mut assets: StageAssets,
    texture: Option<Res<FrameTexture>>,
    device: Option<Res<bevy::render::renderer::RenderDevice>>,
    scenes: Query<&WorldAssetRoot, With<TryOnStageEntity>>,
    stage: Query<Entity, (With<TryOnStageEntity>, Without<ChildOf>)>,
    mut exit: MessageWriter<AppExit>,
) {
    let driver = &mut *driver;
    match driver.step {
        Step::Stage => {
            let Some(catalog) = catalog else { return };
            let Some(pending) = driver.pending.as_ref() else {
                return;
            };
            let size = UVec2::new(
                pending.frame.image.width as u32,
                pending.frame.image.height as u32,
            );
            // A photo larger than the GPU's largest texture gets a message, not a panic in the renderer.
            let max_side = device.map_or(8192, |d| d.limits().max_texture_dimension_2d);
            if size.x > max_side || size.y > max_side {
                let e = format!(
                    "{} is {}×{} px, larger than this GPU's largest texture ({max_side} px a side); scale it down",
                    pending.frame.name.as_deref().unwrap_or("the frame"),
                    size.x,
                    size.y
                );
                fail(driver, failure(e), &mut exit);
                return;
            }
            for entity in &stage {
                commands.entity(entity).despawn();
            }
            let target = assets.images.add(render_target_image(size));
            let frame_texture = FrameTexture::new(&mut assets.images, size, Default::default());
            let intrinsics = tryon::Intrinsics::from_hfov(
                size.x as f32,
                size.y as f32,
                driver.stream.hfov_deg(),
            );
            spawn_stage(
                &mut commands,
                StageSpec {
                    target: RenderTarget::Image(target.clone().into()),
                    size_px: size,
                    intrinsics,
                    items: driver.stream.items(),
                    variants: &[],
                    catalog: &catalog.0,
                    occluders: driver.occluders,
                },
                &frame_texture,
                &assets.asset_server,
                &mut assets.meshes,
                &mut assets.materials,
                &mut assets.occluder_materials,
                &assets.environment,
            );
            commands.insert_resource(frame_texture);
            driver.target = Some(target);
            driver.stage_size = Some(size);
            driver.step = Step::Loading {
                frames: 0,
                ready: 0,
            };
        }
        Step::Loading { frames, ready } => {
            let loaded = !scenes.is_empty()
                && scenes
                    .iter()
                    .all(|s| assets.asset_server.is_loaded_with_dependencies(&s.0));
            let ready = ready + u32::from(loaded && texture.is_some());
            if ready >= SETTLE_FRAMES || frames > GIVE_UP_FRAMES {
                if !loaded {
                    warn!(
                        "some piece models had not loaded after {GIVE_UP_FRAMES} frames; rendering what there is"
                    );
                }
                driver.step = Step::Show;
            } else {
                driver.step = Step::Loading {
                    frames: frames + 1,
                    ready,
                };
            }
        }
        Step::Show => {
            let (Some(texture), Some(target), Some(mut pending)) =
                (texture, driver.target.clone(), driver.pending.take())
            else {
                return;
            };
            let image = &pending.frame.image;
            texture.submit(pending.frame.sequence, &image.data);
            let light = driver.light.update(
                &image.data,
                image.width,
                image.height,
                pending.frame.timestamp_secs,
            );
            let occluders = if driver.occluders {
                tryon::occluders(driver.stream.items(), &pending.fit)
            } else {
                Vec::new()
            };
            if let Some(report) = driver.report.as_mut()
                && let Err(e) = report.frame(pending.frame.name.take(), &pending.fit)
            {
                fail(driver, e, &mut exit);
                return;
            }
            commands.insert_resource(TryOnFrame {
                fit: Some(pending.fit),
                occluders,
                light,
            });
            driver.capture.request(&mut commands, target);
            driver.step = Step::Capture {
                index: driver.written,
                sequence: pending.frame.sequence,
            };
        }
        Step::Capture { index, sequence } => {
            let Some(image) = driver.capture.take() else {
                return;
            };
            // Frame-locked: the picture was drawn over the very frame this fit came from.
            let uploaded = texture.as_ref().and_then(|t| t.uploaded());
            if uploaded != Some(sequence) {
                let e = format!(
                    "frame {sequence} was rendered over frame {uploaded:?}: the picture is not frame-locked"
                );
                fail(driver, failure(e), &mut exit);
                return;
            }
            let path = driver.out_dir.join(format!("{index:05}.png"));
            if let Err(e) = save(&image, &path) {
                fail(driver, failure(e.to_string()), &mut exit);
                return;
            }
            driver.written += 1;
            match driver.stream.next() {
                Ok(Some(next)) => {
                    let size = UVec2::new(
                        next.frame.image.width as u32,
                        next.frame.image.height as u32,
                    );
                    driver.step = if driver.stage_size == Some(size) {
                        Step::Show
                    } else {
                        Step::Stage
                    };
                    driver.pending = Some(next);
                }
                Ok(None) => {
                    let result = match driver.report.take() {
                        Some(report) => report.finish(),
                        None => Ok(driver.written),
                    };
                    let failed = result.is_err();
                    if let Ok(mut outcome) = driver.outcome.lock() {
                        *outcome = Some(result);
                    }
                    exit.write(if failed {
                        AppExit::from_code(1)
                    } else {
                        AppExit::Success
                    });
                }
                Err(e) => fail(driver, e, &mut exit),
            }
        }
    }
}

fn fail(driver: &mut Driver, e: Failure, exit: &mut MessageWriter<AppExit>) {
    let e = match driver.report.take() {
        Some(report) => report.abandon(e),
        None => e,
    };
    if let Ok(mut outcome) = driver.outcome.lock() {
        *outcome = Some(Err(e));
    }
    exit.write(AppExit::from_code(1));
}
