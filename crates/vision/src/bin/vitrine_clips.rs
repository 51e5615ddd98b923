//! `vitrine-clips`: writes the generated tracking clips (`vision::input::synthetic_clip`) as Y4M files with their ground
//! truth, for MediaPipe's reference runs (`xtask/bench/mediapipe_clips.py`) or to look at. Tests generate the same
//! clips in memory and need none of these files.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    use vision::input::synthetic_clip::{REPORT, TUNING, write_clip};

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
        /// Only the clip of this name.
        #[arg(long)]
        only: Option<String>,
        /// A still clip instead: the first frame, this many times, as NAME.still.y4m (a camera held still, for
        /// the browser test's fake camera: with and without a piece, the pictures differ only where it is).
        #[arg(long, requires = "only")]
        still: Option<usize>,
    }

    let args = Args::parse();
    // The crate's folder as cargo gives it at run time: a binary built by another checkout that shares the target
    // folder would otherwise read that checkout's files.
    let photos = args.photos.unwrap_or_else(|| {
        std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
        )
        .join("tests/data/hands")
    });
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("vitrine-clips: error: creating {}: {e}", args.out.display());
        return std::process::ExitCode::FAILURE;
    }
    let specs: Vec<_> = TUNING
        .iter()
        .chain(REPORT)
        .filter(|s| args.only.as_deref().is_none_or(|name| s.name == name))
        .collect();
    if specs.is_empty() {
        eprintln!("vitrine-clips: error: no clip is named {:?}", args.only);
        return std::process::ExitCode::FAILURE;
    }
    if let (Some(frames), [spec]) = (args.still, specs.as_slice()) {
        return match write_still(&photos, **spec, frames, &args.out) {
            Ok(path) => {
                println!("{}", path.display());
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("vitrine-clips: error: {}: {e}", spec.name);
                std::process::ExitCode::FAILURE
            }
        };
    }
    for spec in specs {
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

/// The clip's first frame `frames` times, as `out/NAME.still.y4m`.
#[cfg(not(target_arch = "wasm32"))]
fn write_still(
    photos: &std::path::Path,
    spec: vision::input::synthetic_clip::ClipSpec,
    frames: usize,
    out: &std::path::Path,
) -> Result<std::path::PathBuf, String> {
    use std::io::Write;
    use vision::input::synthetic_clip::ClipGenerator;
    let mut generator = ClipGenerator::open(photos, spec).map_err(|e| e.to_string())?;
    let first = generator
        .next_frame()
        .map_err(|e| e.to_string())?
        .ok_or("the clip has no frame")?;
    let path = out.join(format!("{}.still.y4m", spec.name));
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&path).map_err(|e| format!("{}: {e}", path.display()))?,
    );
    let mut bytes = ClipGenerator::y4m_header().into_bytes();
    for _ in 0..frames.max(1) {
        bytes.extend_from_slice(b"FRAME\n");
        bytes.extend_from_slice(first.planes);
    }
    file.write_all(&bytes)
        .and_then(|()| file.flush())
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}
