//! The browser build's log: events to the page's console through `tracing-wasm`, as Bevy's `LogPlugin` does there,
//! but filtered by target and level with `Targets` instead of `EnvFilter`, whose regular expressions would add about
//! 0.3 MB to the wasm for a filter string nobody can set in a browser. The same default as Bevy's (warnings and
//! errors of every crate but wgpu's, whose warnings are noise; its errors stay), and `log` records (wgpu, naga) are
//! forwarded as Bevy does. Debug, trace and info events are compiled out of the `web` profile (Cargo.toml).

use bevy::log::Level;
use bevy::log::tracing_subscriber::{
    Registry,
    filter::{LevelFilter, Targets},
    layer::SubscriberExt,
    util::SubscriberInitExt,
};
use bevy::prelude::*;

/// Replaces Bevy's `LogPlugin` in the browser build (`super::default_plugins`).
pub(crate) struct BrowserLogPlugin;

impl Plugin for BrowserLogPlugin {
    fn build(&self, _app: &mut App) {
        let filter = Targets::new()
            .with_default(Level::WARN)
            .with_target("wgpu", Level::ERROR)
            // This module's only messages say that its built-in LUTs are missing, which they are on purpose here:
            // the LUT comes as a file (super::tonemapping).
            .with_target("bevy_core_pipeline::tonemapping", LevelFilter::OFF);
        let layer = tracing_wasm::WASMLayer::new(
            tracing_wasm::WASMLayerConfigBuilder::new()
                // The console only: no `performance.mark` per event.
                .set_report_logs_in_timings(false)
                .build(),
        );
        // Also installs the `log` → `tracing` bridge (tracing-subscriber's `tracing-log` feature, on in Bevy's tree).
        // It fails only when a subscriber is already set, which then carries this warning.
        if let Err(e) = Registry::default().with(filter).with(layer).try_init() {
            warn!("Vitrine's browser log was not installed: {e}");
        }
    }
}
