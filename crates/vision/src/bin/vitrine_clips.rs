//! `vitrine-clips`: writes the generated tracking clips (`vision::synthetic_clip`) as Y4M files with their ground
//! truth, for MediaPipe's reference runs (`xtask/bench/mediapipe_clips.py`) or to look at. Tests generate the same
//! clips in memory and need none of these files.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    use vision::synthetic_clip::{REPORT, TUNING, write_clip};

    /// Write the generated tracking clips (640×480, 30 fps, 120 frames each) and their ground truth.
    #[derive(Debug, Parser)]
    #[command(name = "vitrine-clips", version)]
    struct Args {
        /// The folder to write NAME.y4m and NAME.truth.json into.
        #[arg(long)]
        out: std::path::PathBuf,
        /// The hand photos and MediaPipe's references for them (default: the crate's tests/data/hands).
        #[arg(long)]
        photos: Option<std::path::PathBuf>,
    }

    let args = Args::parse();
    let photos = args.photos.unwrap_or_else(|| {
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hands")
    });
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("vitrine-clips: error: creating {}: {e}", args.out.display());
        return std::process::ExitCode::FAILURE;
    }
    for spec in TUNING.iter().chain(REPORT) {
        match write_clip(&photos, *spec, &args.out) {
            Ok(hash) => println!("{} {}", spec.name, hash.hex()),
            Err(e) => {
                eprintln!("vitrine-clips: error: {}: {e}", spec.name);
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    std::process::ExitCode::SUCCESS
}
