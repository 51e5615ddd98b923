//! What every screen's interface shares: the theme (fonts, colours, buttons), the four languages, dragging with the
//! pointer and the inspection's orbit camera.

use bevy::prelude::*;

pub(crate) mod i18n;
pub(crate) mod inspect_camera;
pub(crate) mod pointer;
pub(crate) mod theme;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        theme::plugin,
        i18n::plugin,
        inspect_camera::plugin,
        pointer::plugin,
    ));
}
