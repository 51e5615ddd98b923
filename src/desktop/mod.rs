//! Everything only the desktop build has, behind this one `cfg` gate (in `lib.rs`): the command line, the headless
//! renderers and benchmarks (`render`, `tryon --out`, `bench`, the soak), and the try-on's camera and video feed.
//! The browser's counterparts live in `web/`.

use bevy::prelude::*;

pub(crate) mod camera_feed;
pub(crate) mod cli;
pub(crate) mod headless;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins(camera_feed::plugin);
}
