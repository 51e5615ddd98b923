//! `cargo xtask web [--serve [--port N]]`: the in-browser showroom as one self-contained static folder, `web/dist/`.
//!
//! Two builds of the same app (Bevy 0.19 chooses WebGPU or WebGL 2 at compile time), each through `wasm-bindgen
//! --target web` at the lock's version and binaryen's `wasm-opt`; the page (`web/index.html`, `loader.js`,
//! `vitrine.css`) with the maison's name from the catalog; the assets the app reads; a `manifest.json` the page reads
//! for its progress bar; and a brotli and a gzip copy of every file worth compressing. Any static server can host the
//! folder; `--serve` serves it on 127.0.0.1 with the headers it is meant to have (serve.rs).

use crate::setup::Environment;
use crate::{cargo, run_step};
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One browser build: its name in the folder and the page, and the cargo feature that selects its graphics API.
pub struct Build {
    pub name: &'static str,
    pub feature: &'static str,
}

pub const BUILDS: [Build; 2] = [
    Build {
        name: "webgpu",
        feature: "web-webgpu",
    },
    Build {
        name: "webgl2",
        feature: "web-webgl2",
    },
];

/// The page's own files, copied from `web/` (index.html with the maison's name filled in).
const PAGE_FILES: [&str; 5] = [
    "index.html",
    "loader.js",
    "camera.js",
    "vitrine.css",
    "favicon.svg",
];

/// onnxruntime-web's files the try-on loads (from the npm package `onnxruntime-web` that setup installs, at the
/// version ort-web 0.5 is built for), into `ort/`: the CPU-only script and binary the try-on uses by default, and
/// the WebGPU script with the binary it imports (`?ml=webgpu`). Nothing of it loads before the try-on opens.
pub const ORT_FILES: [&str; 6] = [
    "ort.wasm.min.js",
    "ort-wasm-simd-threaded.mjs",
    "ort-wasm-simd-threaded.wasm",
    "ort.webgpu.min.js",
    "ort-wasm-simd-threaded.asyncify.mjs",
    "ort-wasm-simd-threaded.asyncify.wasm",
];

/// The try-on's tracking models in the browser (the lite hand pipeline), with their model card (provenance,
/// licence), into `assets/ml/`.
const TRY_ON_MODELS: [&str; 3] = [
    "palm_detection_lite.onnx",
    "hand_landmark_lite.onnx",
    "MODEL_CARD.md",
];

/// Asset folders the showroom reads, and which of their files; the ML models come with the try-on.
const ASSETS: [(&str, &[&str]); 3] = [
    ("catalog", &["ron"]),
    ("models", &["glb"]),
    ("fonts", &["otf"]),
];

/// Where the folder keeps the tonemapping LUT (the app's `web::tonemapping::LUT_PATH` under `assets/`).
const LUT_IN_DIST: &str = "assets/tonemapping/tony_mc_mapface.ktx2";

/// Bevy's Tony McMapface LUT in the source of the bevy_core_pipeline crate that Cargo.lock pins (cargo metadata
/// says where that source is; it is there once the app has been built).
fn bevy_tonemapping_lut(root: &Path) -> Result<PathBuf> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
            "wasm32-unknown-unknown",
        ])
        .current_dir(root)
        .output()
        .context("running cargo metadata")?;
    if !output.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "bevy_core_pipeline")
        .and_then(|p| p["manifest_path"].as_str())
        .context("bevy_core_pipeline is not in cargo metadata's packages")?;
    let lut = Path::new(manifest)
        .parent()
        .context("bevy_core_pipeline's manifest has no folder")?
        .join("src/tonemapping/luts/tony_mc_mapface.ktx2");
    if !lut.is_file() {
        bail!("{} is missing", lut.display());
    }
    Ok(lut)
}

/// The npm package onnxruntime-web, at the version ort-web 0.5 is built for (setup installs it).
pub const ORT_WEB_VERSION: &str = "1.30.0";

/// Files compressed ahead of time (brotli and gzip): everything but the already-compressed.
const COMPRESSED: [&str; 10] = [
    "wasm", "js", "mjs", "html", "css", "json", "ron", "glb", "otf", "svg",
];

/// What a build of the folder measured, for the command's report and the README.
pub struct Report {
    pub dist: PathBuf,
    /// Per browser build: (name, wasm bytes, wasm bytes brotli).
    pub builds: Vec<(&'static str, u64, u64)>,
    /// Everything the boutique's first frame needs (page, one build, catalog, models, fonts), brotli.
    pub first_frame_brotli_bytes: u64,
    pub first_frame_raw_bytes: u64,
    /// What opening the try-on adds (the CPU runtime and the lite models), brotli where the server has it.
    pub try_on_bytes: u64,
}

pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("web/dist")
}

/// Builds `web/dist/` with `builds` (both, unless `cargo xtask web --only NAME` narrowed them).
pub fn build(root: &Path, env: &Environment, builds_wanted: &[&Build]) -> Result<Report> {
    let started = Instant::now();
    let dist = dist_dir(root);
    let staging = root.join("web/dist.partial");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let wasm_opt = env.node_modules().join("binaryen/bin/wasm-opt");
    let mut builds = Vec::new();
    for build in builds_wanted {
        run_step(
            &format!("cargo build wasm32 ({})", build.name),
            cargo(
                env,
                &[
                    "build",
                    "--profile",
                    "web",
                    "--target",
                    "wasm32-unknown-unknown",
                    "--bin",
                    "vitrine",
                    "--features",
                    build.feature,
                ],
            )
            .current_dir(root),
        )?;
        let wasm = env
            .target_dir
            .join("wasm32-unknown-unknown/web/vitrine.wasm");
        let out = staging.join(build.name);
        run_step(
            &format!("wasm-bindgen ({})", build.name),
            Command::new(&env.wasm_bindgen)
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    "vitrine",
                    "--out-dir",
                ])
                .arg(&out)
                .arg(&wasm),
        )?;
        let bound = out.join("vitrine_bg.wasm");
        run_step(
            &format!("wasm-opt -Os ({})", build.name),
            Command::new("node")
                .arg(&wasm_opt)
                .arg(&bound)
                .args(["-Os", "--strip-debug", "--strip-producers", "-o"])
                .arg(&bound),
        )?;
        let bytes = std::fs::metadata(&bound)?.len();
        builds.push((build.name, bytes));
    }
    let catalog = load_catalog(root)?;
    for page in PAGE_FILES {
        let text = std::fs::read_to_string(root.join("web").join(page))
            .with_context(|| format!("reading web/{page}"))?;
        let text = text.replace("{{MAISON}}", &html_escape(&catalog.manifest.maison.name));
        std::fs::write(staging.join(page), text)?;
    }
    let mut first_frame_asset_bytes = 0;
    for (folder, extensions) in ASSETS {
        for file in files_under(&root.join("assets").join(folder))? {
            if !file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                continue;
            }
            let relative = file.strip_prefix(root).context("asset outside the root")?;
            let target = staging.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(&file, &target)?;
            // The full typefaces load after the first frame (the core subsets before it).
            let later = crate::fonts::full_faces().any(|f| file.file_name() == Some(f.as_os_str()));
            if !later {
                first_frame_asset_bytes += std::fs::metadata(&file)?.len();
            }
        }
    }
    // The filmic tonemapping's LUT, which the browser build fetches instead of embedding (src/web/tonemapping.rs):
    // Bevy's own file, from the bevy_core_pipeline crate the lock pins. Already compressed (zstd), served as is.
    let lut = bevy_tonemapping_lut(root)?;
    std::fs::create_dir_all(staging.join("assets/tonemapping"))?;
    std::fs::copy(&lut, staging.join(LUT_IN_DIST))
        .with_context(|| format!("copying {}", lut.display()))?;
    let lut_bytes = std::fs::metadata(&lut)?.len();
    first_frame_asset_bytes += lut_bytes;
    std::fs::write(
        staging.join("assets/tonemapping/PROVENANCE.txt"),
        format!(
            "tony_mc_mapface.ktx2: copied unchanged from {} (the crate bevy_core_pipeline, MIT OR Apache-2.0). \
             Tony McMapface by Tomasz Stachowiak (h3r2tic/tony-mc-mapface, MIT), converted to KTX2 by Bevy.\n",
            lut.display()
        ),
    )?;
    let ort_dist = env.node_modules().join("onnxruntime-web/dist");
    std::fs::create_dir_all(staging.join("ort"))?;
    for file in ORT_FILES {
        std::fs::copy(ort_dist.join(file), staging.join("ort").join(file)).with_context(|| {
            format!(
                "copying onnxruntime-web's {file} from {} (setup installs it)",
                ort_dist.display()
            )
        })?;
    }
    std::fs::write(
        staging.join("ort/PROVENANCE.txt"),
        format!(
            "onnxruntime-web {ORT_WEB_VERSION}, the npm package's dist/ files, unchanged: {}.\n\
             © Microsoft Corporation, MIT License (https://github.com/microsoft/onnxruntime/blob/main/LICENSE).\n",
            ORT_FILES.join(", ")
        ),
    )?;
    std::fs::create_dir_all(staging.join("assets/ml"))?;
    for file in TRY_ON_MODELS {
        std::fs::copy(
            root.join("assets/ml").join(file),
            staging.join("assets/ml").join(file),
        )
        .with_context(|| format!("copying assets/ml/{file}"))?;
    }
    let manifest = serde_json::json!({
        "maison": catalog.manifest.maison.name,
        "builds": builds.iter().map(|(name, bytes)| (name.to_string(), serde_json::json!({
            "glue": format!("{name}/vitrine.js"),
            "wasm": format!("{name}/vitrine_bg.wasm"),
            "wasm_bytes": bytes,
        }))).collect::<serde_json::Map<_, _>>(),
        "first_frame_asset_bytes": first_frame_asset_bytes,
    });
    std::fs::write(
        staging.join("manifest.json"),
        serde_json::to_string_pretty(&manifest)?,
    )?;
    let compress_started = Instant::now();
    // Compressed copies are kept by content under the target folder: unchanged files (fonts, models,
    // onnxruntime-web) are not compressed again on the next build.
    let cache = env.target_dir.join("web-compressed");
    std::fs::create_dir_all(&cache)?;
    for file in files_under(&staging)? {
        if file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED.contains(&e))
        {
            precompress(&file, &cache)?;
        }
    }
    println!(
        "web: compressed in {:.0} s",
        compress_started.elapsed().as_secs_f32()
    );
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::rename(&staging, &dist)?;
    let brotli_len = |relative: &str| -> Result<u64> {
        let path = dist.join(format!("{relative}.br"));
        Ok(std::fs::metadata(&path)
            .with_context(|| format!("{}", path.display()))?
            .len())
    };
    let mut page_brotli = 0;
    for page in PAGE_FILES.iter().chain(&["manifest.json"]) {
        page_brotli += brotli_len(page)?;
    }
    let mut assets_brotli = lut_bytes;
    let mut assets_raw = lut_bytes;
    for (folder, _) in ASSETS {
        for file in files_under(&dist.join("assets").join(folder))? {
            let name = file.to_string_lossy();
            if crate::fonts::full_faces().any(|f| name.contains(f.to_string_lossy().as_ref())) {
                continue;
            }
            if name.ends_with(".br") {
                assets_brotli += std::fs::metadata(&file)?.len();
            } else if !name.ends_with(".gz") {
                assets_raw += std::fs::metadata(&file)?.len();
            }
        }
    }
    // The try-on's download: the CPU runtime's script, wrapper and binary (brotli) and the two lite models.
    let mut try_on_bytes = 0;
    for file in &ORT_FILES[..3] {
        try_on_bytes += brotli_len(&format!("ort/{file}"))?;
    }
    for file in &TRY_ON_MODELS[..2] {
        try_on_bytes += std::fs::metadata(dist.join("assets/ml").join(file))?.len();
    }
    let mut report = Report {
        dist: dist.clone(),
        builds: Vec::new(),
        first_frame_brotli_bytes: 0,
        first_frame_raw_bytes: 0,
        try_on_bytes,
    };
    for (name, bytes) in builds {
        let wasm_brotli = brotli_len(&format!("{name}/vitrine_bg.wasm"))?;
        let glue_brotli = brotli_len(&format!("{name}/vitrine.js"))?;
        let first = page_brotli + wasm_brotli + glue_brotli + assets_brotli;
        report.first_frame_brotli_bytes = report.first_frame_brotli_bytes.max(first);
        report.first_frame_raw_bytes = report.first_frame_raw_bytes.max(bytes + assets_raw);
        report.builds.push((name, bytes, wasm_brotli));
    }
    println!(
        "\nweb: {} written in {:.1} min",
        dist.display(),
        started.elapsed().as_secs_f32() / 60.0
    );
    for (name, bytes, brotli) in &report.builds {
        println!(
            "  {name:<7} wasm {:>6.2} MB, brotli {:>5.2} MB",
            *bytes as f64 / 1e6,
            *brotli as f64 / 1e6
        );
    }
    println!(
        "  first boutique frame: {:.2} MB brotli ({:.2} MB uncompressed)",
        report.first_frame_brotli_bytes as f64 / 1e6,
        report.first_frame_raw_bytes as f64 / 1e6
    );
    println!(
        "  opening the try-on adds {:.2} MB (runtime brotli, lite models)",
        report.try_on_bytes as f64 / 1e6
    );
    Ok(report)
}

/// Budgets from the issue that set up the web build (#13): the page fails them loudly, never quietly.
pub fn check_budgets(report: &Report) -> Result<()> {
    const WASM_BROTLI_MAX: u64 = 4_000_000;
    const FIRST_FRAME_BROTLI_MAX: u64 = 8_000_000;
    for (name, _, brotli) in &report.builds {
        if *brotli > WASM_BROTLI_MAX {
            bail!(
                "the {name} build is {:.2} MB brotli, over its 4 MB budget",
                *brotli as f64 / 1e6
            );
        }
    }
    if report.first_frame_brotli_bytes > FIRST_FRAME_BROTLI_MAX {
        bail!(
            "the first boutique frame needs {:.2} MB brotli, over its 8 MB budget",
            report.first_frame_brotli_bytes as f64 / 1e6
        );
    }
    Ok(())
}

fn load_catalog(root: &Path) -> Result<catalog::Catalog> {
    let assets = root.join("assets");
    catalog::load_catalog_dir(&assets)
        .map_err(|e| anyhow::anyhow!("the catalog under {} cannot be read: {e}", assets.display()))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Every file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Writes `file.br` (brotli, best quality) and `file.gz` (gzip, best) next to `file`, from `cache` when a file of
/// the same content was compressed before.
fn precompress(file: &Path, cache: &Path) -> Result<()> {
    let bytes = std::fs::read(file)?;
    let with_suffix = |suffix: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let key = crate::setup::sha256_hex(&bytes);
    let (cached_br, cached_gz) = (
        cache.join(format!("{key}.br")),
        cache.join(format!("{key}.gz")),
    );
    if cached_br.is_file() && cached_gz.is_file() {
        std::fs::copy(&cached_br, with_suffix(".br"))?;
        std::fs::copy(&cached_gz, with_suffix(".gz"))?;
        return Ok(());
    }
    let mut brotli_out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut bytes.as_slice(), &mut brotli_out, &params)
        .with_context(|| format!("brotli on {}", file.display()))?;
    let mut gzip = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::best(),
    );
    gzip.write_all(&bytes)?;
    let gzip_out = gzip.finish()?;
    std::fs::write(with_suffix(".br"), &brotli_out)?;
    std::fs::write(with_suffix(".gz"), &gzip_out)?;
    // Written under a temporary name first, so an interrupted build leaves no half file in the cache.
    for (cached, bytes) in [(&cached_br, &brotli_out), (&cached_gz, &gzip_out)] {
        let partial = cached.with_extension("partial");
        std::fs::write(&partial, bytes)?;
        std::fs::rename(&partial, cached)?;
    }
    Ok(())
}
