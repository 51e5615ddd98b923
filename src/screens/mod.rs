//! The app's screens as states: Loading → Boutique ⇄ Inspect, and the concierge's desk over the boutique.

mod boutique;
pub mod concierge;
mod inspect;
mod loading;

use bevy::prelude::*;

use crate::RunMode;

pub(super) fn plugin(app: &mut App) {
    app.init_state::<Screen>();
    app.add_sub_state::<LoadingPhase>();
    // Headless renders drive their own cameras and need no screens.
    if matches!(
        app.world().get_resource::<RunMode>(),
        Some(RunMode::Headless)
    ) {
        return;
    }
    app.add_plugins((
        loading::plugin,
        boutique::plugin,
        inspect::plugin,
        concierge::plugin,
    ));
}

#[derive(States, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Screen {
    /// A progress bar over the catalog, fonts and every product model.
    #[default]
    Loading,
    /// The Place Vendôme boutique: walk, look, choose.
    Boutique,
    /// One product in the studio: orbit, zoom, variants, localised information.
    Inspect,
}

/// What the loading screen is waiting for.
#[derive(SubStates, Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[source(Screen = Screen::Loading)]
pub enum LoadingPhase {
    /// The catalog manifest, product files and fonts.
    #[default]
    Catalog,
    /// Every product's 3D model.
    Models,
}

/// The product being inspected.
#[derive(Resource, Debug, Clone)]
pub struct InspectedProduct {
    pub sku: String,
    /// Inspected where it stands in the boutique (its pivot, rotation and display scale); `None`: in the studio.
    pub in_place: Option<InPlace>,
}

/// Where a displayed piece stands, to inspect it there.
#[derive(Debug, Clone, Copy)]
pub struct InPlace {
    pub displayed: Entity,
    pub centre_m: Vec3,
    pub rotation: Quat,
    pub scale: f32,
}
