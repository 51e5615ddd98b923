//! Builds the boutique from its plan: a piece of Place Vendôme (paving, the column, lanterns, classical façades
//! with an arcaded ground floor, pilasters, cornice, mansard roof and dormers), the maison's storefront, and the
//! interior (marble floors, boiserie, mirrors, chandeliers, vitrines, watch wall, dress forms, tables, gallery wall,
//! salon privé), with every catalog product in its place. Repeated parts share one mesh and one material, so Bevy
//! draws them instanced.

mod exterior;
mod interior;
mod kit;

use bevy::light::CascadeShadowConfigBuilder;
use bevy::prelude::*;

use super::layout::{BoutiqueLayout, Placement};
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::{ModelBounds, spawn_product};

/// Marks what the architecture spawned (for despawning and for the benchmark's counts).
#[derive(Component, Clone)]
pub struct Architecture;

/// The salon privé's door leaves (hidden when the pass opens it).
#[derive(Component)]
pub struct PrivateDoorLeaf;

/// The try-on mirror's glass: clicked, it opens the try-on (where the app has one).
#[derive(Component)]
pub struct TryOnMirror;

/// A part of the concierge's desk in the entrance hall: clicked, it opens the concierge.
#[derive(Component)]
pub struct ConciergeCounter;

/// Marks a product shown in the boutique (its `ProductModel` says which), for hover and click, with the scale it is
/// shown at.
#[derive(Component, Clone)]
pub struct DisplayedProduct {
    pub scale: f32,
}

/// Spawns the whole boutique: place, building, interior, lights, and every product in its place.
pub fn spawn_boutique(
    commands: &mut Commands,
    layout: &BoutiqueLayout,
    catalog: &LoadedCatalog,
    asset_server: &AssetServer,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    images: &mut Assets<Image>,
) {
    let kit = kit::Kit::new(meshes, materials, images);
    let mut parts = exterior::exterior_parts(layout);
    exterior::lettering(&mut parts, &layout.sign, &catalog.0.manifest.maison.name);
    parts.0.extend(interior::interior_parts(layout).0);
    parts.spawn(commands, &kit);
    interior::spawn_lights(commands, layout);
    // The sun, low and warm over the rooftops from the south-west (where the sky shows it), with shadows over the
    // place and through the door.
    commands.spawn((
        Architecture,
        DirectionalLight {
            illuminance: 30_000.0,
            shadow_maps_enabled: true,
            color: Color::srgb(1.0, 0.9, 0.76),
            ..default()
        },
        Transform::from_translation(super::sky::TOWARDS_SUN.normalize() * 60.0)
            .looking_at(Vec3::ZERO, Vec3::Y),
        CascadeShadowConfigBuilder {
            num_cascades: 2,
            minimum_distance: 0.1,
            maximum_distance: 90.0,
            first_cascade_far_bound: 20.0,
            overlap_proportion: 0.2,
        }
        .build(),
    ));
    for placement in &layout.placements {
        spawn_placement(commands, asset_server, catalog, placement);
    }
    // The shop windows show the first pieces of the vitrines again, each window under its own light.
    for window in layout.shop_windows() {
        commands.spawn((
            Architecture,
            PointLight {
                color: Color::srgb(1.0, 0.9, 0.75),
                intensity: 30_000.0,
                range: 4.0,
                shadow_maps_enabled: false,
                ..default()
            },
            Transform::from_xyz(window.centre().x, 3.0, window.centre().y + 0.15),
        ));
    }
    for display in &layout.shop_window_displays {
        spawn_placement(commands, asset_server, catalog, display);
    }
}

fn spawn_placement(
    commands: &mut Commands,
    asset_server: &AssetServer,
    catalog: &LoadedCatalog,
    placement: &Placement,
) {
    let Some(entry) = catalog
        .0
        .products
        .iter()
        .find(|e| e.product.sku == placement.sku)
    else {
        return;
    };
    let frame = ModelBounds::of(entry);
    let largest = frame.size_m.max_element().max(0.001);
    let scale = (placement.display_size_m / largest).max(1.0);
    // Garments hang from their neck point; everything else sits with its centre at the placement.
    let centre = if entry.product.category == catalog::Category::Garment {
        placement.position_m - Vec3::Y * (frame.size_m.y * scale / 2.0 - 0.25)
    } else {
        placement.position_m
    };
    let pivot = spawn_product(commands, asset_server, entry, centre, scale);
    commands.entity(pivot).insert((
        Architecture,
        DisplayedProduct { scale },
        Transform::from_translation(centre).with_rotation(placement.rotation),
    ));
}
