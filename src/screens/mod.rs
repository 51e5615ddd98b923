//! The app's screens as states: Loading → Boutique ⇄ Inspect, the try-on (from either), and the concierge's desk
//! over the boutique.

mod boutique;
pub mod concierge;
mod inspect;
#[cfg(target_arch = "wasm32")]
pub(crate) use inspect::VariantChoice;
#[cfg(target_arch = "wasm32")]
pub(crate) use loading::MissingModels;
#[cfg(target_arch = "wasm32")]
pub(crate) use try_on::PieceChoice;
mod loading;
pub mod try_on;

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
    app.add_plugins(try_on::plugin);
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
    /// The shopper's own hand in the camera's picture, wearing rings, watches and bracelets.
    TryOn,
}

/// Where the try-on exists: the boutique's mirror and the inspection's "Try on" button lead to it.
#[derive(Resource, Debug, Clone, Copy)]
pub struct TryOnAvailable;

/// What to try on when the try-on screen opens, and where Esc / Back returns.
#[derive(Resource, Debug, Clone)]
pub struct TryOnRequest {
    pub pieces: Vec<RequestedPiece>,
    pub back_to: Screen,
}

#[derive(Debug, Clone)]
pub struct RequestedPiece {
    pub sku: String,
    /// The variants chosen where the request came from (the inspection); `None`: the catalog's default.
    pub variants: Option<crate::product::variants::SelectedVariants>,
    /// A ring's finger, over the catalog's.
    pub finger: Option<catalog::Finger>,
}

/// A piece worn on the hand (a ring, a watch, a bracelet): the ones the try-on covers.
pub fn is_hand_piece(entry: &catalog::CatalogEntry) -> bool {
    entry.product.try_on.as_ref().is_some_and(|spec| {
        matches!(
            spec.anchor,
            catalog::Anchor::Finger { .. } | catalog::Anchor::Wrist
        )
    })
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
