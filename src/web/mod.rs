//! The showroom in a web page: the platform differences of the browser build, in one place (the desktop's are the
//! command line, cli.rs). `address` is pure and tested everywhere; `page` talks to the page, `camera` is the
//! try-on's camera and tracking there, `log` the page's console as the log and `tonemapping` the filmic LUT fetched
//! as a file (all four wasm32 only).

mod address;
#[cfg(target_arch = "wasm32")]
pub(crate) mod camera;
#[cfg(target_arch = "wasm32")]
mod log;
#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod tonemapping;

#[cfg(target_arch = "wasm32")]
pub(crate) use page::{DownloadError, offer_download, plugin};

/// Bevy's default plugins as the browser build needs them: the console log without `EnvFilter` (`log`), and the
/// tonemapping LUT given before `CorePipelinePlugin` would look for the embedded ones (`tonemapping`).
#[cfg(target_arch = "wasm32")]
pub(crate) fn default_plugins(
    plugins: bevy::app::PluginGroupBuilder,
) -> bevy::app::PluginGroupBuilder {
    plugins
        .add_before::<bevy::log::LogPlugin>(log::BrowserLogPlugin)
        .disable::<bevy::log::LogPlugin>()
        .add_before::<bevy::core_pipeline::CorePipelinePlugin>(tonemapping::TonemappingLutPlugin)
}
