//! The Place Vendôme boutique: its plan (`layout`), the building and displays spawned from it (`architecture`), and
//! the walking camera with collisions and the guided tour (`walk`). The screen that uses them is
//! `screens/boutique.rs`; `vitrine render --view` uses them headless.

pub mod architecture;
pub mod layout;
pub mod lettering;
pub mod walk;

use bevy::prelude::*;

use crate::catalog_assets::LoadedCatalog;
use crate::product::ModelFrame;
use crate::studio::{StudioEnvironment, studio_camera};
use layout::{BoutiqueLayout, ProductInfo};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(walk::plugin);
}

/// The plan of the boutique for the loaded catalog.
#[derive(Resource)]
pub struct Boutique(pub BoutiqueLayout);

impl Boutique {
    pub fn for_catalog(catalog: &LoadedCatalog) -> Self {
        let products: Vec<ProductInfo> = catalog
            .0
            .products
            .iter()
            .map(|e| ProductInfo {
                sku: e.product.sku.clone(),
                category: e.product.category,
                limited: e.product.limited_edition.is_some(),
                size_m: ModelFrame::of(e).size_m.max_element(),
            })
            .collect();
        Boutique(BoutiqueLayout::new(&products))
    }
}

/// The sky seen from the place (the camera's clear colour).
pub const SKY: Color = Color::srgb(0.62, 0.72, 0.84);

/// Camera components for the boutique: the studio's HDR pipeline (tonemapping, bloom, image-based light for
/// reflections in metal and gems) and a light haze over the far side of the place.
pub fn boutique_camera(environment: &StudioEnvironment) -> impl Bundle {
    (
        studio_camera(environment, 450.0),
        Projection::Perspective(PerspectiveProjection {
            fov: 60_f32.to_radians(),
            near: 0.05,
            far: 400.0,
            ..default()
        }),
        DistanceFog {
            color: Color::srgb(0.78, 0.8, 0.84),
            falloff: FogFalloff::Linear {
                start: 60.0,
                end: 220.0,
            },
            ..default()
        },
    )
}
