//! Try-on in the app: the camera frame as the background ([`frame_texture`]), the pieces posed by the `tryon`
//! crate's fit over it with the hand's occluders ([`present`]), and the headless renderer of `vitrine tryon --out`
//! ([`headless`]), and the live feed from a camera or a video ([`live`]). Only the drivers (the headless renderer,
//! the live feed, `tryon_cli`) name the vision crate.

pub mod bench;
pub mod frame_texture;
pub mod headless;
pub mod live;
pub mod present;

use bevy::prelude::*;

/// The try-on's stages within `Update`: a driver fits the newest frame and submits it, then the stage is posed.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TryOnSystems {
    /// Tracking results in, fit, frame submitted (the headless renderer; the live feed).
    Fit,
    /// Pieces, occluders and light posed from the fit.
    Present,
}

pub(super) fn plugin(app: &mut App) {
    app.configure_sets(Update, (TryOnSystems::Fit, TryOnSystems::Present).chain())
        .add_plugins((frame_texture::plugin, present::plugin, live::plugin));
}
