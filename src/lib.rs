//! Vitrine: a luxury boutique app. This crate assembles the Bevy app from one plugin per file.

mod assets;
mod boutique;
// Everything only the desktop has (command line, headless renderers, the camera feed): one gate.
#[cfg(not(target_arch = "wasm32"))]
mod desktop;
mod procedural;
mod product;
mod rendering;
mod screens;
#[cfg(test)]
mod testing;
mod try_on;
mod ui;
// The browser build's side of the web page (its address, `window.vitrine`); the address parsing is tested natively.
#[cfg(any(target_arch = "wasm32", test))]
mod web;

pub use product::catalog_assets::{CatalogAsset, LoadedCatalog};
pub use screens::Screen;

use bevy::prelude::*;

/// How the app runs: in a window for shoppers, or headless to render images.
#[derive(Resource, Clone, Debug, Default)]
pub enum RunMode {
    #[default]
    Windowed,
    /// Render requested images and exit; no window, no input.
    Headless,
}

/// Everything Vitrine adds to a Bevy app (after `DefaultPlugins` or their headless equivalent).
pub fn plugin(app: &mut App) {
    app.add_plugins((
        product::plugin,
        rendering::plugin,
        ui::plugin,
        boutique::plugin,
        screens::plugin,
        try_on::plugin,
    ));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(desktop::plugin);
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web::plugin);
}

/// Bevy's asset plugin reading from `assets_dir` (default: `assets/`). Vitrine's assets have no `.meta` files, so none
/// is looked for (in the browser each look would be one more request, mostly a 404).
pub fn asset_plugin(assets_dir: Option<String>) -> AssetPlugin {
    let meta_check = bevy::asset::AssetMetaCheck::Never;
    match assets_dir {
        Some(file_path) => AssetPlugin {
            file_path,
            meta_check,
            ..default()
        },
        None => AssetPlugin {
            meta_check,
            ..default()
        },
    }
}

/// Bevy's renderer with wgpu's memory hint for long runs: device memory in blocks of 8–64 MiB instead of the
/// default 128–256 MiB. Under a software driver (lavapipe) device memory is this process's own RAM, and a fresh
/// 128 MiB block filling page by page showed as a step and a slow climb in resident memory (docs/ARCHITECTURE.md,
/// "Memory"); smaller blocks keep a kiosk's footprint tight on any driver.
pub fn render_plugin(synchronous_pipeline_compilation: bool) -> bevy::render::RenderPlugin {
    bevy::render::RenderPlugin {
        render_creation: bevy::render::settings::WgpuSettings {
            memory_hints: bevy::render::settings::MemoryHints::MemoryUsage,
            ..default()
        }
        .into(),
        synchronous_pipeline_compilation,
        ..default()
    }
}

/// The windowed app with Vitrine's plugins.
pub fn windowed_app(assets_dir: Option<String>) -> App {
    // Where the concierge finds its model on disk (Bevy's asset server reads the same folder).
    let assets_on_disk =
        std::path::PathBuf::from(assets_dir.clone().unwrap_or_else(|| "assets".into()));
    let plugins = DefaultPlugins
        .set(WindowPlugin {
            primary_window: Some(Window {
                title: "Vitrine".into(),
                resolution: (1280, 800).into(),
                // In the browser: the page's canvas (web/index.html), sized by the page.
                canvas: cfg!(target_arch = "wasm32").then(|| "#vitrine".to_owned()),
                fit_canvas_to_parent: true,
                ..default()
            }),
            ..default()
        })
        .set(render_plugin(false))
        .set(asset_plugin(assets_dir));
    #[cfg(target_arch = "wasm32")]
    let plugins = web::default_plugins(plugins);
    let mut app = App::new();
    app.add_plugins(plugins)
        .add_plugins(MeshPickingPlugin)
        .insert_resource(RunMode::Windowed)
        .insert_resource(screens::concierge::AssetsDir(Some(assets_on_disk.clone())))
        .add_plugins(plugin);
    app.insert_resource(try_on::live::LiveOptions {
        model_dir: assets_on_disk.join("ml"),
        ..default()
    });
    app
}

/// Entry point of the `vitrine` binary.
pub fn main_entry() -> std::process::ExitCode {
    #[cfg(not(target_arch = "wasm32"))]
    {
        // Before any thread starts: ONNX Runtime (vision, concierge) must write nothing to disk.
        ort_env::keep_onnxruntime_quiet();
        desktop::cli::main()
    }
    #[cfg(target_arch = "wasm32")]
    {
        windowed_app(None).run();
        std::process::ExitCode::SUCCESS
    }
}
