//! Try-on in the app: the camera frame as the background ([`frame_texture`]), the pieces posed by the `tryon`
//! crate's fit over it with the hand's occluders ([`present`]), fading in and out at their opacity ([`fade`]), a
//! contact shadow under wrist pieces ([`contact_shadow`]), and the live try-on ([`live`]) fed by a camera or a
//! video on the desktop (`desktop/camera_feed.rs`) or by the page's camera in the browser (`web/camera.rs`). The
//! headless renderer of `vitrine tryon --out` and its benchmark are desktop-only (`desktop/headless/`). Only the
//! drivers (the headless renderer, the feeds, `desktop/cli/tryon_command.rs`) name the vision crate.

pub mod contact_shadow;
pub mod fade;
pub mod frame_texture;
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
        .add_plugins((
            frame_texture::plugin,
            present::plugin,
            contact_shadow::plugin,
            fade::plugin,
            live::plugin,
        ));
}
