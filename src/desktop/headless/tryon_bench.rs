//! `vitrine tryon --bench --video CLIP --product SKU…`: what the live try-on costs, measured headless on a clip
//! played like a camera (looped, at its own frame rate) through the very feed and stage of the window: the main
//! thread's time per frame (fit, frame hand-over, occluders, light, then posing the stage), the render loop's frame
//! time with the pieces on against the bare camera picture, and the camera-to-screen latency.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use bevy::app::AppExit;
use bevy::prelude::*;
use tryon::{HandSide, WornItem};

use crate::product::catalog_assets::LoadedCatalog;
use crate::screens::Screen;
use crate::try_on::TryOnSystems;
use crate::try_on::live::{LiveOptions, LiveSource, LiveStage, WornPieces};
use crate::try_on::present::PresentCost;

pub struct BenchJob {
    pub products: Vec<String>,
    pub clip: PathBuf,
    pub hfov_deg: f32,
    pub hand: HandSide,
    /// Updates measured in each of the two phases.
    pub frames: usize,
}

/// Updates before each phase is measured (models, pipelines and the filters settle).
const WARM_UP_UPDATES: usize = 30;

#[derive(Default, Clone)]
struct Samples {
    frame_ms: Vec<f32>,
    main_thread_ms: Vec<f32>,
    fit_ms: Vec<f32>,
    hand_over_ms: Vec<f32>,
    light_ms: Vec<f32>,
    present_ms: Vec<f32>,
    latency_ms: Vec<f32>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Bare,
    Worn,
}

#[derive(Resource)]
struct Bench {
    items: Vec<WornItem>,
    frames: usize,
    phase: Phase,
    updates: usize,
    last_submitted: Option<u64>,
    bare: Samples,
    worn: Samples,
    outcome: Arc<Mutex<Option<(Samples, Samples)>>>,
}

pub fn run(assets: &Path, job: BenchJob) -> ExitCode {
    let items = match crate::desktop::cli::tryon_command::worn_items(assets, &job.products, None) {
        Ok(items) => items,
        Err(message) => {
            eprintln!("vitrine tryon --bench: {message}");
            return ExitCode::from(2);
        }
    };
    let size = match vision::input::source::open_input(&job.clip).and_then(|mut s| s.next_frame()) {
        Ok(Some(frame)) => UVec2::new(frame.image.width as u32, frame.image.height as u32),
        Ok(None) => {
            eprintln!(
                "vitrine tryon --bench: {} holds no frame",
                job.clip.display()
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("vitrine tryon --bench: {e}");
            return ExitCode::from(2);
        }
    };
    let outcome = Arc::new(Mutex::new(None));
    let mut app =
        crate::desktop::headless::render::headless_base(Some(assets.display().to_string()));
    let target = app
        .world_mut()
        .resource_mut::<Assets<Image>>()
        .add(crate::desktop::headless::capture::render_target_image(size));
    app.insert_resource(LiveOptions {
        source: LiveSource::Video {
            path: job.clip.clone(),
            mirror: false,
            looped: true,
        },
        hfov_deg: job.hfov_deg,
        hand: job.hand,
        model_dir: assets.join("ml"),
        variant: vision::pipelines::tracker::ModelVariant::Full,
        target: Some(target),
    })
    // The bare picture first: the camera frame with nothing worn.
    .insert_resource(WornPieces {
        items: Vec::new(),
        variants: Vec::new(),
        active: None,
        hand: job.hand,
    })
    .insert_resource(Bench {
        items,
        frames: job.frames.max(10),
        phase: Phase::Bare,
        updates: 0,
        last_submitted: None,
        bare: Samples::default(),
        worn: Samples::default(),
        outcome: outcome.clone(),
    })
    .add_systems(Update, drive.after(TryOnSystems::Present));
    app.run();
    let Some((bare, worn)) = outcome.lock().ok().and_then(|mut o| o.take()) else {
        eprintln!("vitrine tryon --bench: the benchmark stopped before its end");
        return ExitCode::FAILURE;
    };
    report(&job, size, &bare, &worn);
    ExitCode::SUCCESS
}

fn drive(
    mut bench: ResMut<Bench>,
    catalog: Option<Res<LoadedCatalog>>,
    screen: Res<State<Screen>>,
    mut next: ResMut<NextState<Screen>>,
    stage: Res<LiveStage>,
    present: Res<PresentCost>,
    mut worn: ResMut<WornPieces>,
    // Real time: virtual time clamps each step to 250 ms, which a software renderer exceeds.
    time: Res<Time<Real>>,
    mut exit: MessageWriter<AppExit>,
) {
    if *screen.get() != Screen::TryOn {
        if catalog.is_some() {
            next.set(Screen::TryOn);
        }
        return;
    }
    // Updates count once frames arrive.
    if stage.last_submitted.is_none() {
        return;
    }
    let bench = &mut *bench;
    bench.updates += 1;
    if bench.updates > WARM_UP_UPDATES {
        let new_frame = stage.last_submitted != bench.last_submitted;
        let samples = match bench.phase {
            Phase::Bare => &mut bench.bare,
            Phase::Worn => &mut bench.worn,
        };
        samples.frame_ms.push(time.delta_secs() * 1000.0);
        if new_frame {
            if let Some(cost) = stage.cost {
                samples.main_thread_ms.push(cost.total_ms);
                samples.fit_ms.push(cost.fit_ms);
                samples.hand_over_ms.push(cost.hand_over_ms);
                samples.light_ms.push(cost.light_and_occluders_ms);
            }
            samples.present_ms.push(present.last_ms);
            samples.latency_ms.push(stage.latency_ms);
        }
    }
    bench.last_submitted = stage.last_submitted;
    if bench.updates >= WARM_UP_UPDATES + bench.frames {
        match bench.phase {
            Phase::Bare => {
                worn.variants = Vec::new();
                worn.items = bench.items.clone();
                worn.active = Some(0);
                bench.phase = Phase::Worn;
                bench.updates = 0;
            }
            Phase::Worn => {
                if let Ok(mut outcome) = bench.outcome.lock() {
                    *outcome = Some((bench.bare.clone(), bench.worn.clone()));
                }
                exit.write(AppExit::Success);
            }
        }
    }
}

/// The median and the 95th percentile.
fn summary(values: &[f32]) -> (f32, f32) {
    if values.is_empty() {
        return (f32::NAN, f32::NAN);
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f32::total_cmp);
    let at = |q: f32| sorted[((sorted.len() - 1) as f32 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn report(job: &BenchJob, size: UVec2, bare: &Samples, worn: &Samples) {
    let (main, main_p95) = summary(&worn.main_thread_ms);
    let (present, present_p95) = summary(&worn.present_ms);
    let (bare_frame, _) = summary(&bare.frame_ms);
    let (worn_frame, _) = summary(&worn.frame_ms);
    let (latency, latency_p95) = summary(&worn.latency_ms);
    let (bare_main, _) = summary(&bare.main_thread_ms);
    let fps = vision::input::source::Y4mClip::open(&job.clip)
        .map(|c| c.fps())
        .unwrap_or(30.0)
        .max(1.0);
    println!(
        "vitrine tryon --bench: {} ({}×{}), {} piece(s), {} updates per phase",
        job.clip.display(),
        size.x,
        size.y,
        job.products.len(),
        job.frames
    );
    println!(
        "main thread per frame: {main:.2} ms (p95 {main_p95:.2}; bare picture {bare_main:.2}) = fit {:.2} + frame hand-over \
         {:.2} + light and occluders {:.2}, then posing the stage {present:.3} ms (p95 {present_p95:.3}); {} frames",
        summary(&worn.fit_ms).0,
        summary(&worn.hand_over_ms).0,
        summary(&worn.light_ms).0,
        worn.main_thread_ms.len()
    );
    println!(
        "render frame time: bare picture {bare_frame:.1} ms, pieces on {worn_frame:.1} ms ({:.2}×)",
        worn_frame / bare_frame
    );
    println!(
        "camera to screen: {latency:.1} ms from delivery to hand-over (p95 {latency_p95:.1}), then one render: \
         {:.1} frames at {fps:.0} fps",
        (latency + worn_frame) / (1000.0 / fps)
    );
}

#[cfg(test)]
mod tests {
    use super::summary;

    #[test]
    fn medians_and_percentiles() {
        let (median, p95) = summary(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        assert_eq!((median, p95), (3.0, 5.0));
        assert!(summary(&[]).0.is_nan());
    }
}
