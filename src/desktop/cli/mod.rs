//! The desktop command line: `vitrine` (the boutique), `vitrine render …`, `vitrine concierge …`,
//! `vitrine tryon …`, `vitrine cameras`, `vitrine catalog check <dir>`, `vitrine catalog pass-hash <code>`.

use std::path::PathBuf;
use std::process::ExitCode;

use bevy::prelude::*;
use clap::{Parser, Subcommand};

use crate::boutique::layout::ViewName;
use crate::desktop::headless::render::{RenderJob, headless_app};

pub(crate) mod args;
pub(crate) mod concierge_command;
pub(crate) mod tryon_command;

#[derive(Parser, Debug)]
#[command(
    name = "vitrine",
    version,
    about = "Vitrine: a luxury boutique with live try-on"
)]
struct Cli {
    /// The assets folder (catalog, models, fonts). Defaults to `assets` next to the executable's project.
    #[arg(long, global = true)]
    assets: Option<PathBuf>,
    /// Arrive at a named view of the boutique instead of on the place: facade, salon, watch-wall, vitrine or
    /// salon-prive (at its door: the pass is still asked for).
    #[arg(long, value_parser = args::view)]
    at: Option<ViewName>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Render one product, a contact sheet of all products, or a view of the boutique, to PNG without a window.
    Render {
        /// SKU of the product to render.
        #[arg(long, required_unless_present_any = ["contact_sheet", "view"])]
        product: Option<String>,
        /// A view of the boutique: place, facade, salon, watch-wall, vitrine, salon-prive, or `all` (then --out is a
        /// folder that receives <view>.png for each).
        #[arg(long, value_parser = args::views, conflicts_with_all = ["product", "contact_sheet"])]
        view: Option<args::Views>,
        /// Variant option id (e.g. `rose_gold`) to show instead of the default.
        #[arg(long)]
        variant: Option<String>,
        /// Render every product in a labelled grid.
        #[arg(long, conflicts_with = "product")]
        contact_sheet: bool,
        /// Image size (or tile size for a contact sheet), WIDTHxHEIGHT in pixels.
        #[arg(long, value_parser = args::size)]
        size: Option<UVec2>,
        /// Columns of the contact sheet.
        #[arg(long, default_value_t = 5)]
        columns: u32,
        /// Output PNG file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Measure the boutique headless: median frame time, draw calls and triangles from each named view, and the
    /// time from start to the first complete boutique frame.
    Bench {
        /// Image size, WIDTHxHEIGHT in pixels.
        #[arg(long, value_parser = args::size, default_value = "1280x720")]
        size: UVec2,
        /// Frames measured per view (their median is reported).
        #[arg(long, default_value_t = 10)]
        frames: usize,
        /// Instead, a soak: render N frames of the boutique's views, the tour and inspections in a loop, and
        /// report resident memory at frame 50 and at the end (fails when it grew by more than
        /// --max-growth-percent).
        #[arg(long, value_name = "N")]
        soak: Option<u32>,
        /// The soak's limit on memory growth from frame 50 to the end, in per cent.
        #[arg(long, default_value_t = 5.0, requires = "soak")]
        max_growth_percent: f32,
        /// The soak's limit on the trend of memory (cycle starts from frame 50 on, projected over 2,000 frames),
        /// in per cent; the same as --max-growth-percent unless given.
        #[arg(long, requires = "soak")]
        max_trend_percent: Option<f32>,
    },
    /// Ask the concierge for a gift, in English, Italian, Chinese or French: `vitrine concierge "a ring for my
    /// wife, under €5,000"`, or answer a file of queries at once (`--queries FILE.json --json OUT.json`).
    Concierge {
        /// The query, in any of the four languages.
        #[arg(required_unless_present = "queries", conflicts_with = "queries")]
        query: Option<String>,
        /// A JSON list of {"id", "query"} to answer in one run (the model is loaded once).
        #[arg(long)]
        queries: Option<PathBuf>,
        /// The shopper's market, whose currency a budget without one is in: EU, CN or US.
        #[arg(long, value_parser = args::market, default_value = "EU")]
        market: concierge::Market,
        /// The language of the reasons: en, it, zh or fr (default: zh for the CN market, else en).
        #[arg(long, value_parser = args::language)]
        language: Option<catalog::Language>,
        /// Print JSON (facets, ranked SKUs with variant, score and reason), or write it to the file given.
        #[arg(long, num_args = 0..=1, value_name = "OUT.json")]
        json: Option<Option<PathBuf>>,
        /// How many pieces to propose.
        #[arg(long, default_value_t = 3)]
        count: usize,
    },
    /// Try pieces on: in a window, live from a camera (`--camera N`, mirrored) or a Y4M clip (`--video`); or, with
    /// --json, without a window: fit rings, watches and bracelets to every frame of a clip (or every image of a
    /// folder) and write per frame where each piece sits, its axis, depth, opacity and the estimated ring size; with
    /// --out, also the composited pictures. Nothing else is written (in the window: only the snapshots asked for).
    Tryon {
        /// SKU of a ring, watch or bracelet to wear (repeat for several).
        #[arg(long = "product", required = true)]
        products: Vec<String>,
        /// The camera to open in the window (`vitrine cameras` lists them).
        #[arg(long, conflicts_with_all = ["video", "images", "json"])]
        camera: Option<u32>,
        /// A Y4M clip (4:2:0) to track.
        #[arg(long, conflicts_with = "images")]
        video: Option<PathBuf>,
        /// A folder of PNG/JPEG images, each fitted on its own (with --json).
        #[arg(long, requires = "json")]
        images: Option<PathBuf>,
        /// The camera's horizontal field of view, degrees.
        #[arg(long, default_value_t = tryon::DEFAULT_HFOV_DEG)]
        hfov: f32,
        /// Mirror the frames before tracking (a selfie view).
        #[arg(long)]
        mirror: bool,
        /// The hand the pieces go on: left or right.
        #[arg(long, value_parser = args::hand, default_value = "left")]
        hand: tryon::HandSide,
        /// The finger rings go on, over the catalog's: thumb, index, middle, ring or little.
        #[arg(long, value_parser = args::finger)]
        finger: Option<catalog::Finger>,
        /// Without a window: where to write the per-frame JSON.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Also render every frame with the pieces on, composited over the frame at its own size, to
        /// DIR/00000.png, DIR/00001.png… (needs a Vulkan driver; lavapipe does).
        #[arg(long, value_name = "DIR", requires = "json")]
        out: Option<PathBuf>,
        /// Instead, measure the live try-on headless on the --video (played like a camera, looped): main-thread
        /// cost per frame, frame time with the pieces on against the bare picture, camera-to-screen latency.
        /// --frames sets the updates measured per phase (default 300).
        #[arg(long, requires = "video", conflicts_with_all = ["json", "camera", "snapshot_after"])]
        bench: bool,
        /// In the window: play the --video again from the start at its end (a kiosk's demonstration).
        #[arg(long = "loop", requires = "video", conflicts_with = "json")]
        looped: bool,
        /// In the window: take a snapshot once N frames have been shown with the pieces on, then quit (for scripts
        /// and tests; the snapshot goes where the Snapshot button puts it).
        #[arg(long, value_name = "N", conflicts_with = "json")]
        snapshot_after: Option<u64>,
        /// Render without the hand's depth-only occluders (to see what they hide).
        #[arg(long)]
        no_occluders: bool,
        /// Render without the soft contact shadows under watches and bracelets (to see what they shade).
        #[arg(long)]
        no_contact_shadows: bool,
        /// Stop after this many frames (with --bench: the updates measured per phase).
        #[arg(long, value_name = "N")]
        frames: Option<usize>,
    },
    /// List the cameras `vitrine tryon --camera N` can open.
    Cameras,
    /// Catalog tools.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
}

#[derive(Subcommand, Debug)]
enum CatalogCommand {
    /// Validate a catalog: `<dir>` is an assets folder (holding `catalog/`) or the catalog folder itself.
    Check { dir: PathBuf },
    /// Print the `passes` entry for a Meta Pass code, to paste into `catalog.ron` (the catalog keeps only its
    /// salted hash).
    PassHash {
        /// The code shoppers will type at the salon privé's door (digits).
        code: String,
        /// A note for the maison's own records (which event, which client list).
        #[arg(long)]
        label: Option<String>,
    },
}

/// The default assets folder: `$VITRINE_ASSETS`, else `assets/` in the current folder, else the source tree's.
fn default_assets() -> PathBuf {
    if let Ok(dir) = std::env::var("VITRINE_ASSETS") {
        return PathBuf::from(dir);
    }
    let here = PathBuf::from("assets");
    if here.join(crate::assets::CATALOG_MANIFEST).exists() {
        return here;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets")
}

fn absolute(dir: PathBuf) -> String {
    std::path::absolute(&dir)
        .unwrap_or(dir)
        .display()
        .to_string()
}

/// Prints the catalog entry for a Meta Pass `code`, with a fresh salt.
fn pass_hash(code: &str, label: Option<&str>) -> ExitCode {
    // The door's dialog takes up to 12 digits.
    if code.is_empty() || code.len() > 12 || !code.chars().all(|c| c.is_ascii_digit()) {
        eprintln!(
            "catalog pass-hash: a pass code is 1 to 12 digits (the door's keypad), not {code:?}"
        );
        return ExitCode::from(2);
    }
    match fresh_salt() {
        Ok(salt) => {
            println!("{}", catalog::Pass::entry_text(code, salt, label));
            eprintln!(
                "paste it into the `passes: [ … ]` list of catalog.ron; the code itself is not stored"
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("catalog pass-hash: no random salt could be drawn: {e}");
            ExitCode::FAILURE
        }
    }
}

/// 16 random bytes from the operating system: `/dev/urandom` where there is one, else the keys std's hash maps
/// draw from the system's generator (each `RandomState` hashed over the time, for two independent halves).
fn fresh_salt() -> std::io::Result<[u8; catalog::SALT_BYTES]> {
    use std::io::Read;
    let mut salt = [0; catalog::SALT_BYTES];
    match std::fs::File::open("/dev/urandom") {
        Ok(mut random) => random.read_exact(&mut salt)?,
        Err(_) => {
            use std::hash::{BuildHasher, Hasher};
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            for half in salt.chunks_mut(8) {
                let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
                hasher.write_u128(nanos);
                half.copy_from_slice(&hasher.finish().to_le_bytes());
            }
        }
    }
    Ok(salt)
}

/// Prints a catalog report; returns failure when there are errors.
pub fn check_catalog(dir: PathBuf) -> ExitCode {
    // Accept either the assets folder or the catalog folder inside it.
    let assets_dir = if dir.join(catalog::MANIFEST_FILE).exists()
        && dir.file_name().is_some_and(|n| n == catalog::CATALOG_DIR)
    {
        dir.parent().map(PathBuf::from).unwrap_or(dir)
    } else {
        dir
    };
    match catalog::load_catalog_dir(&assets_dir) {
        Err(fatal) => {
            eprintln!("error: {fatal}");
            eprintln!("catalog check: the catalog cannot be used");
            ExitCode::FAILURE
        }
        Ok(report) => {
            for problem in &report.problems {
                eprintln!("{problem}");
            }
            for entry in &report.products {
                println!(
                    "ok  {:<14} {:<10} {:<34} {:>7} triangles  variants: {}",
                    entry.product.sku,
                    format!("{:?}", entry.product.category),
                    entry.product.name.en,
                    entry.model.triangle_count,
                    entry.model.variants.join(", ")
                );
            }
            let errors = report.errors().count();
            let warnings = report.problems.len() - errors;
            println!(
                "catalog check: {} products valid, {errors} errors, {warnings} warnings ({})",
                report.products.len(),
                report.manifest.maison.name
            );
            if errors > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn exit_code(exit: AppExit) -> ExitCode {
    match exit {
        AppExit::Success => ExitCode::SUCCESS,
        AppExit::Error(code) => ExitCode::from(code.get()),
    }
}

/// Why no window can be opened here, if that can be told before trying (winit would panic with a backtrace).
pub(crate) fn no_display_reason() -> Option<String> {
    if !cfg!(all(unix, not(target_os = "macos"))) {
        return None;
    }
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if set("WAYLAND_DISPLAY") || set("WAYLAND_SOCKET") {
        return None;
    }
    match std::env::var("DISPLAY") {
        Ok(display) if !display.is_empty() => {
            // A local X display ":N" listens on /tmp/.X11-unix/XN; a remote one ("host:N") cannot be checked here.
            let number = display
                .strip_prefix(':')
                .and_then(|rest| rest.split('.').next())
                .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            match number {
                Some(n) if !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() => Some(
                    format!("DISPLAY is {display}, but no X server is listening there"),
                ),
                _ => None,
            }
        }
        _ => Some("neither WAYLAND_DISPLAY nor DISPLAY is set".to_string()),
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let assets = cli.assets.unwrap_or_else(default_assets);
    match cli.command {
        None => {
            if let Some(reason) = no_display_reason() {
                eprintln!(
                    "vitrine: no display was found ({reason}), so the boutique cannot open a window.\n\
                     Without a display you can still:\n  \
                     vitrine render --view all --out out/views/     the boutique's views as PNG\n  \
                     vitrine render --contact-sheet --out out/sheet.png\n  \
                     vitrine bench                                  frame times, or --soak N for memory\n\
                     or start a virtual display: xvfb-run -s '-screen 0 1280x800x24' cargo xtask run"
                );
                return ExitCode::from(2);
            }
            let mut app = crate::windowed_app(Some(absolute(assets)));
            app.insert_resource(crate::boutique::ArrivalView(cli.at));
            let exit = app.run();
            if exit.is_success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some(Command::Catalog {
            command: CatalogCommand::Check { dir },
        }) => check_catalog(dir),
        Some(Command::Catalog {
            command: CatalogCommand::PassHash { code, label },
        }) => pass_hash(&code, label.as_deref()),
        Some(Command::Tryon {
            products,
            camera,
            video,
            images,
            hfov,
            mirror,
            hand,
            finger,
            json,
            out,
            no_occluders,
            no_contact_shadows,
            frames,
            looped,
            snapshot_after,
            bench,
        }) => match json {
            None if bench => crate::desktop::headless::tryon_bench::run(
                std::path::Path::new(&absolute(assets)),
                crate::desktop::headless::tryon_bench::BenchJob {
                    products,
                    clip: video.unwrap_or_default(),
                    hfov_deg: hfov,
                    hand,
                    frames: frames.unwrap_or(300),
                },
            ),
            Some(json) => {
                let Some(input) = video.or(images) else {
                    eprintln!("vitrine tryon: --json needs --video CLIP or --images DIR");
                    return ExitCode::from(2);
                };
                crate::desktop::cli::tryon_command::run(
                    std::path::Path::new(&absolute(assets)),
                    crate::desktop::cli::tryon_command::TryOnJob {
                        products,
                        input,
                        hfov_deg: hfov,
                        mirror,
                        hand,
                        finger,
                        json,
                        out,
                        occluders: !no_occluders,
                        contact_shadows: !no_contact_shadows,
                        max_frames: frames,
                    },
                )
            }
            None => {
                let source = match video {
                    Some(path) => crate::try_on::live::LiveSource::Video {
                        path,
                        mirror,
                        looped,
                    },
                    None => crate::try_on::live::LiveSource::Camera {
                        index: camera.unwrap_or(0),
                    },
                };
                crate::desktop::cli::tryon_command::run_window(
                    std::path::Path::new(&absolute(assets)),
                    crate::desktop::cli::tryon_command::LiveJob {
                        products,
                        source,
                        hfov_deg: hfov,
                        hand,
                        finger,
                        snapshot_after,
                    },
                )
            }
        },
        Some(Command::Cameras) => match vision::input::camera::list_cameras() {
            Ok(cameras) if cameras.is_empty() => {
                println!(
                    "no camera found; try pieces on from a clip instead: vitrine tryon --video CLIP.y4m --product SKU"
                );
                ExitCode::SUCCESS
            }
            Ok(cameras) => {
                for c in cameras {
                    println!("{:>3}  {}  ({})", c.index, c.name, c.description);
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("vitrine cameras: the cameras cannot be listed: {e}");
                ExitCode::FAILURE
            }
        },
        Some(Command::Concierge {
            query,
            queries,
            market,
            language,
            json,
            count,
        }) => crate::desktop::cli::concierge_command::run(
            std::path::Path::new(&absolute(assets)),
            crate::desktop::cli::concierge_command::ConciergeJob {
                query,
                queries,
                market,
                language,
                json,
                count: count.clamp(1, 20),
            },
        ),
        Some(Command::Bench {
            size,
            soak: Some(frames),
            max_growth_percent,
            max_trend_percent,
            ..
        }) => {
            let max_trend_percent = max_trend_percent.unwrap_or(max_growth_percent);
            for (flag, limit) in [
                ("--max-growth-percent", max_growth_percent),
                ("--max-trend-percent", max_trend_percent),
            ] {
                if !limit.is_finite() || limit < 0.0 {
                    eprintln!("vitrine: {flag} must be a percentage of 0 or more, not {limit}");
                    return ExitCode::from(2);
                }
            }
            let job = crate::desktop::headless::soak::SoakJob {
                size_px: size,
                frames,
                max_growth_percent,
                max_trend_percent,
            };
            exit_code(crate::desktop::headless::soak::soak_app(job, Some(absolute(assets))).run())
        }
        Some(Command::Bench { size, frames, .. }) => {
            let job = crate::desktop::headless::render_view::ViewJob::Bench {
                size_px: size,
                frames,
            };
            exit_code(
                crate::desktop::headless::render_view::view_app(job, Some(absolute(assets))).run(),
            )
        }
        Some(Command::Render {
            view: Some(views),
            size,
            out,
            ..
        }) => {
            let job = crate::desktop::headless::render_view::ViewJob::Render {
                views: views.0,
                size_px: size.unwrap_or(UVec2::new(1280, 720)),
                out,
            };
            exit_code(
                crate::desktop::headless::render_view::view_app(job, Some(absolute(assets))).run(),
            )
        }
        Some(Command::Render {
            product,
            variant,
            contact_sheet,
            size,
            columns,
            out,
            view: None,
        }) => {
            let job = if contact_sheet {
                RenderJob::ContactSheet {
                    tile_px: size.unwrap_or(UVec2::new(360, 360)),
                    columns,
                    out,
                }
            } else {
                RenderJob::Product {
                    sku: product.unwrap_or_default(),
                    variant,
                    size_px: size.unwrap_or(UVec2::new(1024, 1024)),
                    out,
                }
            };
            exit_code(headless_app(job, Some(absolute(assets))).run())
        }
    }
}
