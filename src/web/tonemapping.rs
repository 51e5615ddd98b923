//! The filmic tonemapping's look-up table in the browser build, fetched as a file instead of built into the wasm.
//!
//! Bevy's `tonemapping_luts` feature embeds three LUTs in the binary (Blender Filmic, AgX and Tony McMapface:
//! 0.68 MB of already-compressed data, 0.53 MB of it after brotli); Vitrine only ever uses Tony McMapface. The
//! desktop keeps the feature; the browser build goes without it and this plugin gives Bevy's tonemapping the same
//! LUT from `assets/tonemapping/tony_mc_mapface.ktx2`, which `cargo xtask web` copies byte for byte from the
//! `bevy_core_pipeline` crate pinned in Cargo.lock. Bevy only makes its own `TonemappingLuts` when none exists,
//! so the plugin goes just before `CorePipelinePlugin`. Until the file has arrived Bevy samples its fallback
//! texture; the page's poster stays up until then (`settled`). A LUT that cannot be fetched is a message in the
//! page, and the boutique still opens.

use bevy::core_pipeline::tonemapping::{TonemappingLuts, lut_placeholder};
use bevy::image::{
    ImageAddressMode, ImageFilterMode, ImageLoaderSettings, ImageSampler, ImageSamplerDescriptor,
};
use bevy::prelude::*;

/// Where the page's folder keeps the LUT (xtask/src/web.rs writes it there).
pub(crate) const LUT_PATH: &str = "tonemapping/tony_mc_mapface.ktx2";

/// Gives Bevy's tonemapping its LUTs before `CorePipelinePlugin` would embed them.
pub(crate) struct TonemappingLutPlugin;

/// The LUT being fetched, until it has arrived or failed.
#[derive(Resource)]
pub(crate) struct TonemappingLut(Handle<Image>);

impl TonemappingLut {
    /// True once the LUT is on the GPU's way or has failed: the first frame may then be shown.
    pub(crate) fn settled(&self, asset_server: &AssetServer) -> bool {
        asset_server.is_loaded(self.0.id()) || asset_server.load_state(self.0.id()).is_failed()
    }
}

impl Plugin for TonemappingLutPlugin {
    fn build(&self, app: &mut App) {
        // The same sampler Bevy gives its embedded LUTs: linear, clamped on all three axes.
        let sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
            label: Some("Tonemapping LUT sampler".to_owned()),
            address_mode_u: ImageAddressMode::ClampToEdge,
            address_mode_v: ImageAddressMode::ClampToEdge,
            address_mode_w: ImageAddressMode::ClampToEdge,
            mag_filter: ImageFilterMode::Linear,
            min_filter: ImageFilterMode::Linear,
            mipmap_filter: ImageFilterMode::Linear,
            ..default()
        });
        let tony_mc_mapface = app
            .world()
            .resource::<AssetServer>()
            .load_builder()
            .with_settings(move |settings: &mut ImageLoaderSettings| {
                settings.sampler = sampler.clone();
            })
            .load(LUT_PATH);
        // The other two are never used by Vitrine's cameras; Bevy's own placeholder stands in for them.
        let placeholder = app
            .world_mut()
            .resource_mut::<Assets<Image>>()
            .add(lut_placeholder());
        app.insert_resource(TonemappingLuts {
            blender_filmic: placeholder.clone(),
            agx: placeholder,
            tony_mc_mapface: tony_mc_mapface.clone(),
        })
        .insert_resource(TonemappingLut(tony_mc_mapface))
        .add_systems(Update, say_if_missing);
    }
}

/// A LUT that could not be fetched: said once in the page (colours are then Bevy's fallback's, not the maison's).
fn say_if_missing(lut: Res<TonemappingLut>, asset_server: Res<AssetServer>, mut said: Local<bool>) {
    if *said || !asset_server.load_state(lut.0.id()).is_failed() {
        return;
    }
    *said = true;
    let json = serde_json::json!({
        "message": format!("{LUT_PATH} did not load: the boutique's colours are not the ones it was lit for."),
    });
    super::page::notify("error", &json.to_string());
}
