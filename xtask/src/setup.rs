//! `cargo xtask setup`: everything Vitrine needs on a fresh Debian/Ubuntu machine with Rust, installed idempotently
//! (quick when it is all there already).

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian packages: Vulkan loader and Mesa's lavapipe (software Vulkan for rendering without a GPU), the X11 and
/// udev headers winit and gilrs link against, mold for fast links, libclang for the camera bindings, Node.js for the
/// glTF validator, Xvfb for the windowed tests, Chromium for the web showroom's tests.
const APT_PACKAGES: &[&str] = &[
    "mesa-vulkan-drivers",
    "libvulkan1",
    "libudev-dev",
    "libx11-dev",
    "libxkbcommon-dev",
    "libxkbcommon-x11-0",
    "libxcursor1",
    "libxrandr2",
    "libxi6",
    "pkg-config",
    "mold",
    // bindgen (through nokhwa's V4L2 bindings) needs libclang; V4L2 headers come with linux-libc-dev.
    "libclang-dev",
    "linux-libc-dev",
    "xz-utils",
    // A virtual X display: the live try-on's test opens a real window on it.
    "xvfb",
    // The web showroom's tests drive Debian's Chromium (playwright-core downloads no browser).
    "chromium",
];

/// Installed from Debian only when the machine has no `node`/`npm` of its own (e.g. from nvm or NodeSource).
const NODE_PACKAGES: &[(&str, &str)] = &[("node", "nodejs"), ("npm", "npm")];

pub const ORT_VERSION: &str = "1.31.1";
/// SHA-256 of `onnxruntime/capi/libonnxruntime.so.1.31.1` inside the PyPI wheel `onnxruntime==1.31.1`.
const ORT_LIB_SHA256: &str = "fc44112fbe06d7d689c57e11d3862031f64711007e4ee020f8eed5185fd2c1d3";
/// npm packages, pinned, installed once under the tools folder: the glTF validator, the driver of the web showroom's
/// browser tests (no browser download: it drives Debian's Chromium), binaryen's wasm-opt for the web builds, and
/// onnxruntime-web, whose files the web showroom's try-on serves itself (never from a CDN).
const NPM_PACKAGES: &[(&str, &str)] = &[
    ("gltf-validator", "2.0.0-dev.3.10"),
    ("playwright-core", "1.65.1"),
    ("binaryen", "132.0.0"),
    ("onnxruntime-web", crate::web::ORT_WEB_VERSION),
];

/// Where things live after setup.
pub struct Environment {
    pub target_dir: PathBuf,
    pub ort_library: PathBuf,
    pub tools_dir: PathBuf,
    pub use_mold: bool,
    /// `wasm-bindgen` at the version in Cargo.lock (the web build).
    pub wasm_bindgen: PathBuf,
}

impl Environment {
    pub fn node_modules(&self) -> PathBuf {
        self.tools_dir.join("node/node_modules")
    }

    /// Sets the persistent target directory, the linker and ORT_DYLIB_PATH on a command.
    pub fn apply(&self, command: &mut Command) {
        command.env("CARGO_TARGET_DIR", &self.target_dir);
        command.env("ORT_DYLIB_PATH", &self.ort_library);
        if self.use_mold {
            command.env(
                "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS",
                "-C link-arg=-fuse-ld=mold",
            );
        }
    }
}

fn have(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program} >/dev/null 2>&1")])
        .status()
        .is_ok_and(|s| s.success())
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn apt_install(missing: &[&str]) -> Result<()> {
    let list = missing.join(" ");
    let prefix = if is_root() {
        ""
    } else if have("sudo")
        && Command::new("sudo")
            .args(["-n", "true"])
            .status()
            .is_ok_and(|s| s.success())
    {
        "sudo "
    } else {
        bail!(
            "these Debian packages are missing and I cannot install them without root:\n    sudo apt-get update && sudo apt-get install -y {list}\nRun that, then try again."
        );
    };
    println!("setup: installing {list}");
    let script = format!(
        "{prefix}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {prefix}apt-get install -y -qq --no-install-recommends {list}"
    );
    let status = Command::new("sh")
        .args(["-c", &script])
        .status()
        .context("running apt-get")?;
    if !status.success() {
        bail!(
            "apt-get failed; run it yourself:\n    sudo apt-get update && sudo apt-get install -y {list}"
        );
    }
    Ok(())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Fetches the ONNX Runtime shared library from the PyPI wheel into `<root>/.vitrine/onnxruntime/`.
fn fetch_onnxruntime(root: &Path, cache: &Path) -> Result<PathBuf> {
    let dir = root.join(".vitrine/onnxruntime");
    let library = dir.join(format!("libonnxruntime.so.{ORT_VERSION}"));
    if library.exists() && sha256_hex(&std::fs::read(&library)?) == ORT_LIB_SHA256 {
        return Ok(library);
    }
    std::fs::create_dir_all(&dir)?;
    let wheels = cache.join("wheels");
    std::fs::create_dir_all(&wheels)?;
    let has_wheel = |dir: &Path| -> Option<PathBuf> {
        std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with(&format!("onnxruntime-{ORT_VERSION}-")) && n.ends_with(".whl")
                })
            })
    };
    let wheel = match has_wheel(&wheels) {
        Some(w) => w,
        None => {
            println!(
                "setup: downloading onnxruntime=={ORT_VERSION} from PyPI (for its shared library)"
            );
            let python = if have("python3") { "python3" } else { "python" };
            let status = Command::new(python)
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary=:all:",
                ])
                .args([
                    "--python-version",
                    "3.11",
                    "--platform",
                    "manylinux_2_28_x86_64",
                    "--platform",
                    "manylinux_2_27_x86_64",
                ])
                .arg(format!("onnxruntime=={ORT_VERSION}"))
                .arg("-d")
                .arg(&wheels)
                .status()
                .context("running pip (python3 -m pip) to download the onnxruntime wheel")?;
            if !status.success() {
                bail!("pip could not download onnxruntime=={ORT_VERSION}; check access to PyPI");
            }
            has_wheel(&wheels).context("pip reported success but left no onnxruntime wheel")?
        }
    };
    // A wheel is a zip: let Python's zipfile take out the one library we need.
    let member = format!("onnxruntime/capi/libonnxruntime.so.{ORT_VERSION}");
    let script = format!(
        "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nopen(sys.argv[2], 'wb').write(z.read('{member}'))"
    );
    let status = Command::new("python3")
        .args(["-c", &script])
        .arg(&wheel)
        .arg(&library)
        .status()
        .context("extracting the library from the wheel")?;
    if !status.success() {
        bail!("could not extract {member} from {}", wheel.display());
    }
    let digest = sha256_hex(&std::fs::read(&library)?);
    if digest != ORT_LIB_SHA256 {
        let _ = std::fs::remove_file(&library);
        bail!("{member} has SHA-256 {digest}, expected {ORT_LIB_SHA256}");
    }
    Ok(library)
}

fn ensure_npm_packages(tools: &Path) -> Result<()> {
    let node_dir = tools.join("node");
    let installed_version = |name: &str| -> Option<String> {
        let text = std::fs::read_to_string(
            node_dir
                .join("node_modules")
                .join(name)
                .join("package.json"),
        )
        .ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        json.get("version")?.as_str().map(str::to_owned)
    };
    let missing: Vec<String> = NPM_PACKAGES
        .iter()
        .filter(|(name, version)| installed_version(name).as_deref() != Some(*version))
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&node_dir)?;
    // Every package in one call: `npm install --no-save` prunes what the call does not name.
    let all: Vec<String> = NPM_PACKAGES
        .iter()
        .map(|(name, version)| format!("{name}@{version}"))
        .collect();
    println!("setup: installing from npm: {}", missing.join(", "));
    let status = Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(&node_dir)
        .args(&all)
        .status()
        .context("running npm")?;
    if !status.success() {
        bail!("npm could not install {}", missing.join(", "));
    }
    Ok(())
}

/// The `wasm-bindgen` version in Cargo.lock: the command-line tool must be exactly the same.
fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen package")
}

/// `wasm-bindgen-cli` at the lock's version, built once with its own lock file into the tools folder.
fn ensure_wasm_bindgen(root: &Path, tools: &Path) -> Result<PathBuf> {
    let version = locked_wasm_bindgen(root)?;
    let prefix = tools.join(format!("wasm-bindgen-{version}"));
    let program = prefix.join("bin/wasm-bindgen");
    if program.is_file() {
        return Ok(program);
    }
    println!("setup: building wasm-bindgen-cli {version} (once; a few minutes)");
    // With the tool's own lock first; that lock names crate versions a registry mirror may lack (webpki-roots
    // 1.0.11 here), so then without it: the tool's output format depends on its own version only.
    for locked in [true, false] {
        let mut install = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        install.args(["install", "--quiet", "wasm-bindgen-cli", "--version"]);
        install.arg(&version).arg("--root").arg(&prefix);
        if locked {
            install.arg("--locked");
        }
        // Its own scratch target folder: the project's is configured for the project's builds.
        install.env_remove("CARGO_TARGET_DIR");
        let status = install.status().context("running cargo install")?;
        if status.success() && program.is_file() {
            return Ok(program);
        }
        if locked {
            println!(
                "setup: wasm-bindgen-cli's own lock did not resolve here; installing without it"
            );
        }
    }
    bail!("`cargo install wasm-bindgen-cli --version {version}` failed")
}

fn ensure_wasm_target() -> Result<()> {
    if !have("rustup") {
        println!("setup: no rustup; make sure the wasm32-unknown-unknown target is installed");
        return Ok(());
    }
    let output = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()?;
    if String::from_utf8_lossy(&output.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    println!("setup: adding the wasm32-unknown-unknown target");
    let status = Command::new("rustup")
        .args(["target", "add", "wasm32-unknown-unknown"])
        .status()?;
    if !status.success() {
        bail!("`rustup target add wasm32-unknown-unknown` failed");
    }
    Ok(())
}

pub fn setup(root: &Path) -> Result<Environment> {
    let mut missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| !installed(p))
        .collect();
    missing.extend(
        NODE_PACKAGES
            .iter()
            .filter(|(program, _)| !have(program))
            .map(|(_, package)| *package),
    );
    if !missing.is_empty() {
        apt_install(&missing)?;
    }
    ensure_wasm_target()?;
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/vitrine-target"));
    let tools_dir = std::env::var_os("VITRINE_TOOLS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/var/tmp/vitrine-tools"));
    std::fs::create_dir_all(&tools_dir)
        .with_context(|| format!("creating {}", tools_dir.display()))?;
    let ort_library = fetch_onnxruntime(root, &tools_dir)?;
    ensure_npm_packages(&tools_dir)?;
    let wasm_bindgen = ensure_wasm_bindgen(root, &tools_dir)?;
    let use_mold = have("mold");
    println!(
        "setup: ready (target dir {}, ONNX Runtime {}, linker {})",
        target_dir.display(),
        ort_library.display(),
        if use_mold { "mold" } else { "default" }
    );
    Ok(Environment {
        target_dir,
        ort_library,
        tools_dir,
        use_mold,
        wasm_bindgen,
    })
}
