//! The Place Vendôme boutique: its plan (`layout`), the building and displays spawned from it (`architecture`), and
//! the walking camera with collisions and the guided tour (`walk`). The screen that uses them is
//! `screens/boutique.rs`; `vitrine render --view` uses them headless.

pub mod architecture;
pub mod layout;
pub mod lettering;
pub mod sky;
pub mod surroundings;
pub mod walk;

use bevy::prelude::*;

use crate::product::ModelBounds;
use crate::product::catalog_assets::LoadedCatalog;
use crate::rendering::studio::camera_lit_by;
use bevy::light::Skybox;
use layout::{BoutiqueLayout, ProductInfo};
use surroundings::{BoutiqueEnvironment, ReflectsSurroundings};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((surroundings::plugin, walk::plugin))
        .init_resource::<ArrivalView>();
}

/// Where the shopper arrives in the boutique: `None` on the place in front of the storefront, or a named view
/// (`vitrine --at salon`).
#[derive(Resource, Default, Clone, Copy)]
pub struct ArrivalView(pub Option<layout::ViewName>);

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
                size_m: ModelBounds::of(e).size_m.max_element(),
            })
            .collect();
        Boutique(BoutiqueLayout::new(&products))
    }
}

/// The sky's colour behind everything, should the sky cubemap not be ready yet (the camera's clear colour).
pub const SKY: Color = Color::srgb(0.62, 0.72, 0.84);

/// Skybox brightness, cd/m² for a relative radiance of 1 (the camera's exposure is EV100 9.7).
const SKY_BRIGHTNESS: f32 = 1_100.0;

/// Camera components for the boutique, for a camera first placed at `eye_m`: the studio's HDR pipeline
/// (tonemapping, bloom), image-based light from the camera's surroundings (the sky on the place, the salon inside)
/// so that metal and gems reflect where they are, the sky behind the place and a warm haze over its far side.
pub fn boutique_camera(environment: &BoutiqueEnvironment, eye_m: Vec3) -> impl Bundle {
    let (surroundings, intensity) = environment.around(eye_m);
    (
        camera_lit_by(surroundings, intensity),
        ReflectsSurroundings,
        Skybox {
            image: Some(environment.sky.source.clone()),
            brightness: SKY_BRIGHTNESS,
            ..default()
        },
        Projection::Perspective(PerspectiveProjection {
            fov: 60_f32.to_radians(),
            near: 0.05,
            far: 400.0,
            ..default()
        }),
        DistanceFog {
            color: Color::srgb(sky::HORIZON.x, sky::HORIZON.y, sky::HORIZON.z),
            falloff: FogFalloff::Linear {
                start: 60.0,
                end: 220.0,
            },
            ..default()
        },
    )
}
