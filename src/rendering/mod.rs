//! How products are lit and drawn, whatever screen shows them: the studio (environment, key light, camera), image-based
//! light filtered once per environment, and gems and glass without screen-space transmission.

use bevy::prelude::*;

pub(crate) mod environment_maps;
pub(crate) mod studio;
pub(crate) mod studio_shot;
pub(crate) mod transmission;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((
        environment_maps::plugin,
        transmission::plugin,
        studio::plugin,
    ));
}
