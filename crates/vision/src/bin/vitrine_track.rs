//! `vitrine-track`: runs the hand, pose and face pipelines on an image, a folder of images or a Y4M clip and
//! writes JSON in the schema of MediaPipe's reference outputs, optionally with overlays to look at.

#[cfg(target_arch = "wasm32")]
fn main() {
    // The browser showroom drives the vision crate itself; there is no command line there.
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    // Before any thread starts: ONNX Runtime must write nothing to disk.
    ort_env::keep_onnxruntime_quiet();
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use clap::{Parser, ValueEnum};
    use vision::input::source::{InputKind, input_kind, open_input};
    use vision::maths::smoothing::ResultSmoother;
    use vision::model::inference::block_on;
    use vision::output::report::FrameReport;
    use vision::pipelines::tracker::{
        ModelVariant, Tasks, Tracker, TrackerOptions, default_model_dir,
    };

    #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Task {
        Hand,
        Pose,
        Face,
        All,
    }

    /// Track hands, bodies and faces like MediaPipe, with ONNX Runtime.
    #[derive(Debug, Parser)]
    #[command(name = "vitrine-track", version)]
    struct Args {
        /// An image (PNG/JPEG), a folder of images, or a Y4M clip.
        #[arg(long)]
        input: PathBuf,
        #[arg(long, value_enum, default_value = "all")]
        task: Task,
        /// Model size for the palm detector and the hand and pose landmark models.
        #[arg(long, value_enum, default_value = "full")]
        model: ModelVariant,
        /// Smooth landmarks over time with the One Euro filter (clips).
        #[arg(long)]
        smooth: bool,
        /// Where to write the JSON results.
        #[arg(long)]
        json: PathBuf,
        /// A folder to write each frame with its landmarks drawn on it, as PNG.
        #[arg(long)]
        overlay: Option<PathBuf>,
        /// Most hands to find per frame.
        #[arg(long, default_value_t = 2)]
        max_hands: usize,
        /// Minimum detector score (0–1) for a new hand, body or face.
        #[arg(long, default_value_t = 0.5)]
        min_detection: f32,
        /// The folder with the ONNX models (default: the project's assets/ml).
        #[arg(long)]
        models: Option<PathBuf>,
    }

    pub fn main() -> ExitCode {
        match run(Args::parse()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("vitrine-track: error: {e}");
                ExitCode::FAILURE
            }
        }
    }

    fn run(args: Args) -> Result<(), String> {
        let kind = input_kind(&args.input);
        if !args.input.exists() {
            return Err(format!("input {} does not exist", args.input.display()));
        }
        let tasks = match args.task {
            Task::Hand => Tasks::HANDS,
            Task::Pose => Tasks::POSE,
            Task::Face => Tasks::FACE,
            Task::All => Tasks::ALL,
        };
        let mut options =
            TrackerOptions::new(tasks, args.model).static_images(kind != InputKind::Clip);
        options.hand.max_hands = args.max_hands.max(1);
        options.hand.min_detection_score = args.min_detection;
        options.pose.min_detection_score = args.min_detection;
        options.face.min_detection_score = args.min_detection;
        let model_dir = args.models.clone().unwrap_or_else(default_model_dir);
        let mut tracker = Tracker::open(&model_dir, options).map_err(|e| e.to_string())?;
        let mut source = open_input(&args.input).map_err(|e| e.to_string())?;
        if let Some(dir) = &args.overlay {
            std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
        let mut smoother = args.smooth.then(ResultSmoother::default);
        let mut reports = Vec::new();
        while let Some(mut frame) = source.next_frame().map_err(|e| e.to_string())? {
            let mut result = block_on(tracker.process(&frame)).map_err(|e| e.to_string())?;
            if let Some(smoother) = smoother.as_mut() {
                smoother.apply(&mut result);
            }
            if let Some(dir) = &args.overlay {
                let name = match (&frame.name, kind) {
                    (Some(name), _) => format!(
                        "{}.png",
                        name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s)
                    ),
                    (None, _) => format!("frame_{:05}.png", frame.sequence),
                };
                vision::output::overlay::draw(&mut frame.image, &result);
                vision::output::overlay::save_png(&frame.image, &dir.join(name))?;
            }
            reports.push(match kind {
                InputKind::Clip => FrameReport::for_clip(&result),
                _ => FrameReport::from_result(&result),
            });
        }
        let json = match (kind, reports.as_slice()) {
            (InputKind::Image, [one]) => serde_json::to_string(one),
            _ => serde_json::to_string(&reports),
        }
        .map_err(|e| e.to_string())?;
        std::fs::write(&args.json, json)
            .map_err(|e| format!("writing {}: {e}", args.json.display()))?;
        eprintln!(
            "vitrine-track: {} frame(s) from {} → {}",
            reports.len(),
            args.input.display(),
            args.json.display()
        );
        Ok(())
    }
}
