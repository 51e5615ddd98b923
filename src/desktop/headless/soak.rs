//! `vitrine bench --soak N`: the boutique headless for N frames — every named view, the guided tour, and an
//! inspection in place with its variants switched, over and over — reporting resident memory at frame 50 and at the
//! end. A kiosk runs all day: nothing may grow per frame, and `cargo xtask test` runs this to guard it.

use std::time::Instant;

use bevy::app::AppExit;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;

use crate::boutique::architecture::DisplayedProduct;
use crate::boutique::layout::ViewName;
use crate::boutique::surroundings::BoutiqueEnvironment;
use crate::boutique::{Boutique, SKY, boutique_camera};
use crate::desktop::headless::render_view::BoutiqueSpawner;
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::variants::SelectedVariants;
use crate::product::{ModelBounds, ProductModel, spawn_product};
use crate::ui::inspect_camera::OrbitCamera;

/// The frame whose resident memory is the reference: one whole cycle (views, two inspections, tour) lies before
/// it, so every pipeline, shadow map and filtered environment map the cycle needs has been made once, and an
/// inspection camera has been made and dropped twice (measured: the second one still adds about 100 MB, as the
/// allocators settle; the third and later add nothing).
pub const BASELINE_FRAME: u32 = 50;
const FRAMES_PER_VIEW: u32 = 3;
const TOUR_FRAMES: u32 = 16;
/// Each cycle inspects a ring with stones, then a watch with its crystal: the pieces whose gems and glass made the
/// memory grow.
const INSPECTED_CATEGORIES: [catalog::Category; 2] =
    [catalog::Category::Ring, catalog::Category::Watch];
const INSPECT_FRAMES: u32 = 8;
/// Frames of one cycle: the six views, the inspections, the tour.
const CYCLE_FRAMES: u32 = ViewName::ALL.len() as u32 * FRAMES_PER_VIEW
    + TOUR_FRAMES
    + INSPECTED_CATEGORIES.len() as u32 * INSPECT_FRAMES;
// The baseline comes after one whole cycle.
const _: () = assert!(CYCLE_FRAMES <= BASELINE_FRAME);
/// A variant change every this many frames of an inspection.
const FRAMES_PER_VARIANT: u32 = 2;
/// Frames to wait for the catalog and every model before giving up.
const GIVE_UP_FRAMES: u32 = 1500;
/// Resident memory is printed every this many frames.
const SAMPLE_EVERY: u32 = 25;
/// The trend of resident memory is projected over this many frames (the README's long run) and held to its own
/// limit: a climb too slow to show in a short run still fails it.
pub const TREND_HORIZON_FRAMES: u32 = 2_000;
/// Cycle starts after the baseline needed before the trend is judged (fewer cannot tell a climb from a step).
const MIN_TREND_SAMPLES: usize = 4;

/// What `vitrine bench --soak` does.
#[derive(Debug, Clone)]
pub struct SoakJob {
    pub size_px: UVec2,
    /// Frames rendered once the boutique has loaded (at least the baseline frame).
    pub frames: u32,
    /// Growth of resident memory from the baseline frame to the end, in per cent, above which the run fails.
    pub max_growth_percent: f32,
    /// Growth of resident memory projected from its trend over [`TREND_HORIZON_FRAMES`], in per cent, above which
    /// the run fails.
    pub max_trend_percent: f32,
}

/// Resident memory and asset counts at one frame.
#[derive(Debug, Clone, Copy)]
struct Sample {
    frame: u32,
    resident_bytes: u64,
    heap_in_use_bytes: Option<u64>,
    images: usize,
    meshes: usize,
    materials: usize,
}

/// An inspection in progress: a copy of a displayed piece turning where it stands, with its own camera.
struct Inspection {
    pivot: Entity,
    camera: Entity,
    displayed: Entity,
    sku: String,
    variant_step: usize,
}

#[derive(Resource)]
struct Soak {
    job: SoakJob,
    camera: Option<Entity>,
    /// Frames rendered since the boutique finished loading.
    frame: u32,
    frames_waited: u32,
    baseline: Option<Sample>,
    /// Resident memory at the start of every cycle from the baseline on (the same quiet state each time): the trend.
    cycle_starts: Vec<Sample>,
    inspection: Option<Inspection>,
    /// The tour's path, made once (a soak must not allocate it per frame).
    tour: Option<crate::boutique::layout::Tour>,
    started: Instant,
}

pub fn soak_app(job: SoakJob, assets_dir: Option<String>) -> App {
    let mut app = crate::desktop::headless::render::headless_base(assets_dir);
    app.insert_resource(Soak {
        job,
        camera: None,
        frame: 0,
        frames_waited: 0,
        baseline: None,
        cycle_starts: Vec::new(),
        inspection: None,
        tour: None,
        started: Instant::now(),
    })
    .add_systems(Update, (set_up, wait_for_models, step).chain());
    app
}

/// Bytes the C allocator has handed out and not been given back: the live heap of Rust, wgpu and lavapipe (all
/// allocate through glibc's malloc here), without the free blocks it keeps for reuse. Resident memory that climbs
/// while this stays level is the allocator keeping pages; both climbing is something alive that piles up.
/// `None` where it cannot be read.
pub fn heap_in_use_bytes() -> Option<u64> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 (glibc 2.33 and later) only reads the allocator's own statistics.
        let info = unsafe { libc::mallinfo2() };
        Some((info.uordblks + info.hblkhd) as u64)
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        None
    }
}

/// This process's resident memory (the pages it holds in RAM), in bytes; lavapipe keeps GPU memory here too.
pub fn resident_memory_bytes() -> Option<u64> {
    memory_stats::memory_stats().map(|stats| stats.physical_mem as u64)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn set_up(mut soak: ResMut<Soak>, mut spawner: BoutiqueSpawner) {
    if soak.camera.is_some() {
        return;
    }
    if let Some((camera, _)) = spawner.seen_from(ViewName::ALL[0], soak.job.size_px) {
        soak.camera = Some(camera);
    }
}

/// Counts frames only once every model of the boutique has loaded (and two more: rendering runs a frame behind).
fn wait_for_models(
    mut soak: ResMut<Soak>,
    asset_server: Res<AssetServer>,
    scenes: Query<&WorldAssetRoot>,
    mut exit: MessageWriter<AppExit>,
) {
    if soak.camera.is_none() || soak.frame > 0 {
        return;
    }
    let loaded = !scenes.is_empty()
        && scenes
            .iter()
            .all(|s| asset_server.is_loaded_with_dependencies(&s.0));
    soak.frames_waited += 1;
    if loaded && soak.frames_waited > 2 {
        soak.frame = 1;
        println!(
            "soak: the boutique loaded in {:.1} s; {} frames of {} views, the tour and an inspection follow",
            soak.started.elapsed().as_secs_f32(),
            soak.job.frames,
            ViewName::ALL.len()
        );
    } else if soak.frames_waited > GIVE_UP_FRAMES {
        error!("soak: the boutique's models did not load in {GIVE_UP_FRAMES} frames");
        exit.write(AppExit::from_code(1));
    }
}

/// What the soak does at a frame of its cycle.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    View(ViewName),
    /// The tour, 0 at the façade, 1 at the salon privé's door.
    Tour(f32),
    /// Frame `n` of the inspection of a piece of this category.
    Inspect(catalog::Category, u32),
}

/// The cycle runs views → inspections → tour, so that it starts (frames 0, 50, 100 …, where the verdict reads
/// memory) in the same quiet state every time: the main camera standing at the first view. A camera handing over
/// to another keeps both views' textures for a few frames (a transient of ~65 MB measured), which the verdict must
/// not sample.
fn stage_at(frame: u32) -> Stage {
    let f = frame % CYCLE_FRAMES;
    let views_frames = ViewName::ALL.len() as u32 * FRAMES_PER_VIEW;
    let inspect_frames = INSPECTED_CATEGORIES.len() as u32 * INSPECT_FRAMES;
    if f < views_frames {
        Stage::View(ViewName::ALL[(f / FRAMES_PER_VIEW) as usize])
    } else if f < views_frames + inspect_frames {
        let n = f - views_frames;
        let category =
            INSPECTED_CATEGORIES[(n / INSPECT_FRAMES) as usize % INSPECTED_CATEGORIES.len()];
        Stage::Inspect(category, n % INSPECT_FRAMES)
    } else {
        Stage::Tour((f - views_frames - inspect_frames) as f32 / (TOUR_FRAMES - 1) as f32)
    }
}

fn step(
    mut commands: Commands,
    mut soak: ResMut<Soak>,
    catalog: Option<Res<LoadedCatalog>>,
    boutique: Option<Res<Boutique>>,
    asset_server: Res<AssetServer>,
    environment: Res<BoutiqueEnvironment>,
    displayed: Query<(Entity, &ProductModel, &DisplayedProduct, &GlobalTransform)>,
    mut cameras: Query<(&mut Camera, &mut Transform)>,
    mut orbits: Query<&mut OrbitCamera>,
    mut selections: Query<&mut SelectedVariants>,
    (images, meshes, materials, render_targets): (
        Res<Assets<Image>>,
        Res<Assets<Mesh>>,
        Res<Assets<StandardMaterial>>,
        Query<&RenderTarget>,
    ),
    mut exit: MessageWriter<AppExit>,
) {
    let (Some(catalog), Some(boutique), Some(camera)) = (catalog, boutique, soak.camera) else {
        return;
    };
    if soak.frame == 0 {
        return;
    }
    let frame = soak.frame;
    match stage_at(frame) {
        Stage::View(name) => {
            let view = boutique.0.view(name);
            if let Ok((_, mut transform)) = cameras.get_mut(camera) {
                *transform =
                    Transform::from_translation(view.eye_m).looking_at(view.target_m, Vec3::Y);
            }
        }
        Stage::Tour(t) => {
            if soak.tour.is_none() {
                soak.tour = boutique.0.tour();
            }
            let Some(view) = soak.tour.as_ref().map(|tour| tour.at(t)) else {
                return;
            };
            if let Ok((_, mut transform)) = cameras.get_mut(camera) {
                *transform =
                    Transform::from_translation(view.eye_m).looking_at(view.target_m, Vec3::Y);
            }
        }
        Stage::Inspect(category, 0) => {
            // The first displayed piece of the category, by SKU.
            let piece = displayed
                .iter()
                .filter(|(_, model, _, _)| {
                    catalog
                        .0
                        .product(&model.sku)
                        .is_some_and(|e| e.product.category == category)
                })
                .min_by(|a, b| a.1.sku.cmp(&b.1.sku));
            let target = render_targets.get(camera).ok().cloned();
            if let (Some((entity, model, shown, at)), Some(target)) = (piece, target)
                && let Some(entry) = catalog.0.product(&model.sku)
            {
                let (_, rotation, centre) = at.to_scale_rotation_translation();
                let radius = ModelBounds::of(entry).radius_m().max(0.005) * shown.scale;
                let pivot = spawn_product(&mut commands, &asset_server, entry, centre, shown.scale);
                commands
                    .entity(pivot)
                    .insert(Transform::from_translation(centre).with_rotation(rotation));
                commands.entity(entity).insert(Visibility::Hidden);
                let orbit = OrbitCamera::framing(centre, radius * 1.5);
                let inspecting = commands
                    .spawn((
                        boutique_camera(&environment, centre),
                        Camera {
                            clear_color: ClearColorConfig::Custom(SKY),
                            ..default()
                        },
                        target,
                        orbit.transform(),
                        orbit,
                    ))
                    .id();
                if let Ok((mut main, _)) = cameras.get_mut(camera) {
                    main.is_active = false;
                }
                soak.inspection = Some(Inspection {
                    pivot,
                    camera: inspecting,
                    displayed: entity,
                    sku: model.sku.clone(),
                    variant_step: 0,
                });
            }
        }
        Stage::Inspect(_, n) if n + 1 == INSPECT_FRAMES => {
            if let Some(inspection) = soak.inspection.take() {
                commands.entity(inspection.pivot).despawn();
                commands.entity(inspection.camera).despawn();
                commands
                    .entity(inspection.displayed)
                    .insert(Visibility::Inherited);
            }
            if let Ok((mut main, _)) = cameras.get_mut(camera) {
                main.is_active = true;
            }
        }
        Stage::Inspect(_, n) => {
            if let Some(inspection) = soak.inspection.as_mut() {
                if let Ok(mut orbit) = orbits.get_mut(inspection.camera) {
                    orbit.yaw += 0.15;
                }
                if n.is_multiple_of(FRAMES_PER_VARIANT)
                    && let Some(entry) = catalog.0.product(&inspection.sku)
                    && let Ok(mut selected) = selections.get_mut(inspection.pivot)
                {
                    inspection.variant_step += 1;
                    *selected = variant_combination(entry, inspection.variant_step);
                }
            }
        }
    }

    let printed =
        frame == BASELINE_FRAME || frame.is_multiple_of(SAMPLE_EVERY) || frame >= soak.job.frames;
    let sample = Sample {
        frame,
        resident_bytes: resident_memory_bytes().unwrap_or(0),
        // mallinfo2 walks every arena's free lists: only where the sample is printed.
        heap_in_use_bytes: printed.then(heap_in_use_bytes).flatten(),
        images: images.len(),
        meshes: meshes.len(),
        materials: materials.len(),
    };
    if frame == BASELINE_FRAME {
        soak.baseline = Some(sample);
    }
    if frame >= BASELINE_FRAME && frame.is_multiple_of(CYCLE_FRAMES) {
        soak.cycle_starts.push(sample);
    }
    if printed {
        print_sample(&sample, soak.started);
    }
    if frame >= soak.job.frames.max(BASELINE_FRAME) {
        exit.write(finish(&soak.job, soak.baseline, &soak.cycle_starts, sample));
        return;
    }
    soak.frame += 1;
}

/// The `step`-th combination of a product's variants, every group counting through its options in turn.
fn variant_combination(entry: &catalog::CatalogEntry, step: usize) -> SelectedVariants {
    let mut rest = step;
    SelectedVariants(
        entry
            .product
            .variants
            .iter()
            .filter_map(|group| {
                let count = group.options.len().max(1);
                let option = group.options.get(rest % count);
                rest /= count;
                option.map(|o| o.gltf_variant.clone())
            })
            .collect(),
    )
}

fn print_sample(sample: &Sample, started: Instant) {
    let heap = sample
        .heap_in_use_bytes
        .map(|bytes| format!("  heap in use {:>6.1} MiB", mib(bytes)))
        .unwrap_or_default();
    println!(
        "soak: frame {:>5}  resident {:>8.1} MiB{heap}  assets: {} images, {} meshes, {} materials  ({:.0} s)",
        sample.frame,
        mib(sample.resident_bytes),
        sample.images,
        sample.meshes,
        sample.materials,
        started.elapsed().as_secs_f32()
    );
}

/// The verdict: resident memory at the end against the baseline frame's, and the trend over the cycle starts
/// projected over [`TREND_HORIZON_FRAMES`]; either above the limit fails.
fn finish(
    job: &SoakJob,
    baseline: Option<Sample>,
    cycle_starts: &[Sample],
    end: Sample,
) -> AppExit {
    for limit in [job.max_growth_percent, job.max_trend_percent] {
        if !limit.is_finite() || limit < 0.0 {
            eprintln!("soak: a memory limit must be a percentage of 0 or more, not {limit}");
            return AppExit::from_code(2);
        }
    }
    let Some(baseline) = baseline.filter(|b| b.resident_bytes > 0) else {
        eprintln!("soak: resident memory cannot be read on this system");
        return AppExit::from_code(2);
    };
    let growth_percent = growth_percent(baseline.resident_bytes, end.resident_bytes);
    println!(
        "soak: resident memory {:.1} MiB at frame {} and {:.1} MiB at frame {}: {growth_percent:+.1}% \
         (the limit is {:+.1}%)",
        mib(baseline.resident_bytes),
        baseline.frame,
        mib(end.resident_bytes),
        end.frame,
        job.max_growth_percent
    );
    let trend_percent = match trend_bytes_per_frame(cycle_starts) {
        Some(slope) if cycle_starts.len() >= MIN_TREND_SAMPLES => {
            let projected =
                slope * TREND_HORIZON_FRAMES as f64 / baseline.resident_bytes as f64 * 100.0;
            println!(
                "soak: trend {:+.3} MiB per 100 frames over {} cycle starts: {projected:+.1}% over \
                 {TREND_HORIZON_FRAMES} frames (the limit is {:+.1}%)",
                slope * 100.0 / (1024.0 * 1024.0),
                cycle_starts.len(),
                job.max_trend_percent
            );
            Some(projected as f32)
        }
        _ => {
            println!(
                "soak: too few cycles after frame {BASELINE_FRAME} to judge the trend (it needs {MIN_TREND_SAMPLES})"
            );
            None
        }
    };
    if growth_percent > job.max_growth_percent {
        eprintln!("soak: memory grows while the boutique runs");
        AppExit::from_code(3)
    } else if trend_percent.is_some_and(|t| t > job.max_trend_percent) {
        eprintln!("soak: memory climbs while the boutique runs (the trend, projected)");
        AppExit::from_code(3)
    } else {
        AppExit::Success
    }
}

/// Theil–Sen slope of resident memory against frame, bytes per frame: the median of the slopes between every two
/// samples, so one step (an allocator taking a new block once) does not read as a climb. `None` under two samples.
fn trend_bytes_per_frame(samples: &[Sample]) -> Option<f64> {
    let mut slopes = Vec::new();
    for (i, a) in samples.iter().enumerate() {
        for b in &samples[i + 1..] {
            if b.frame != a.frame {
                slopes.push(
                    (b.resident_bytes as f64 - a.resident_bytes as f64)
                        / (b.frame as f64 - a.frame as f64),
                );
            }
        }
    }
    slopes.sort_by(f64::total_cmp);
    let n = slopes.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(slopes[n / 2]),
        _ => Some((slopes[n / 2 - 1] + slopes[n / 2]) / 2.0),
    }
}

fn growth_percent(from: u64, to: u64) -> f32 {
    (to as f64 / from.max(1) as f64 * 100.0 - 100.0) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_cycle_visits_every_view_the_whole_tour_and_both_inspections_before_the_baseline() {
        let stages: Vec<Stage> = (0..CYCLE_FRAMES).map(stage_at).collect();
        for name in ViewName::ALL {
            assert!(
                stages.contains(&Stage::View(name)),
                "{name:?} is never seen"
            );
        }
        assert!(stages.contains(&Stage::Tour(0.0)));
        assert!(stages.contains(&Stage::Tour(1.0)));
        for category in INSPECTED_CATEGORIES {
            assert!(stages.contains(&Stage::Inspect(category, 0)));
            assert!(stages.contains(&Stage::Inspect(category, INSPECT_FRAMES - 1)));
        }
        // It starts over, and every cycle starts at the first view, with no camera handing over.
        assert_eq!(stage_at(CYCLE_FRAMES), stage_at(0));
        assert_eq!(stage_at(BASELINE_FRAME), Stage::View(ViewName::ALL[0]));
        assert_eq!(stage_at(CYCLE_FRAMES - 1), Stage::Tour(1.0));
    }

    #[test]
    fn growth_is_measured_from_the_baseline() {
        assert_eq!(growth_percent(1000, 1050), 5.0);
        assert_eq!(growth_percent(1000, 900), -10.0);
        let job = SoakJob {
            size_px: UVec2::splat(64),
            frames: 200,
            max_growth_percent: 5.0,
            max_trend_percent: 5.0,
        };
        let at = |frame, mib: u64| Sample {
            frame,
            resident_bytes: mib << 20,
            heap_in_use_bytes: None,
            images: 0,
            meshes: 0,
            materials: 0,
        };
        assert_eq!(
            finish(&job, Some(at(50, 800)), &[], at(200, 830)),
            AppExit::Success
        );
        assert_eq!(
            finish(&job, Some(at(50, 800)), &[], at(200, 900)),
            AppExit::from_code(3)
        );
        assert_eq!(finish(&job, None, &[], at(200, 900)), AppExit::from_code(2));
        // A limit that cannot be compared (NaN) or makes no sense is refused, never a pass.
        for limit in [f32::NAN, -1.0] {
            for job in [
                SoakJob {
                    max_growth_percent: limit,
                    ..job.clone()
                },
                SoakJob {
                    max_trend_percent: limit,
                    ..job.clone()
                },
            ] {
                assert_eq!(
                    finish(&job, Some(at(50, 800)), &[], at(200, 800)),
                    AppExit::from_code(2)
                );
            }
        }
    }

    fn sample_at(frame: u32, bytes: u64) -> Sample {
        Sample {
            frame,
            resident_bytes: bytes,
            heap_in_use_bytes: None,
            images: 0,
            meshes: 0,
            materials: 0,
        }
    }

    #[test]
    fn a_slow_climb_fails_on_its_trend_though_the_end_is_within_the_limit() {
        let job = SoakJob {
            size_px: UVec2::splat(64),
            frames: 300,
            max_growth_percent: 5.0,
            max_trend_percent: 5.0,
        };
        const MIB: u64 = 1 << 20;
        // 0.05 MiB a frame from 760 MiB: +2.5% at frame 300 (passes), +13% over 2,000 frames (fails).
        let climbing: Vec<Sample> = (1..=6)
            .map(|k| sample_at(50 * k, 760 * MIB + (50 * (k - 1)) as u64 * MIB / 20))
            .collect();
        let end = *climbing.last().expect("samples");
        assert_eq!(
            finish(&job, Some(climbing[0]), &climbing, end),
            AppExit::from_code(3)
        );
        // Flat but for one early step (an allocator settling after the baseline) and noise: passes.
        let stepped: Vec<Sample> = [760, 771, 772, 771, 772, 771]
            .iter()
            .enumerate()
            .map(|(k, m)| sample_at(50 * (k as u32 + 1), m * MIB))
            .collect();
        let end = *stepped.last().expect("samples");
        assert_eq!(
            finish(&job, Some(stepped[0]), &stepped, end),
            AppExit::Success
        );
        // Too few cycles: the trend is not judged.
        assert_eq!(
            finish(&job, Some(climbing[0]), &climbing[..3], climbing[2]),
            AppExit::Success
        );
        let slope = trend_bytes_per_frame(&climbing).expect("a slope");
        assert!((slope - MIB as f64 / 20.0).abs() < 1.0, "{slope}");
        assert_eq!(trend_bytes_per_frame(&climbing[..1]), None);
    }
}
