//! The catalog's products in the app: the catalog loaded as an asset ([`catalog_assets`]), the shopper's chosen
//! variants applied to the model's materials ([`variants`]), and spawning a product's 3D model ready to be framed by a
//! camera (here).

pub(crate) mod catalog_assets;
pub(crate) mod variants;

use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::WorldAssetRoot;
use catalog::CatalogEntry;

use variants::SelectedVariants;

pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((catalog_assets::plugin, variants::plugin));
}

/// On the root entity of a spawned product model.
#[derive(Component, Debug, Clone)]
pub struct ProductModel {
    pub sku: String,
}

/// Where a model sits and how big it is: its bounds (metres) from the catalog's model summary.
#[derive(Debug, Clone, Copy)]
pub struct ModelBounds {
    pub centre_m: Vec3,
    pub size_m: Vec3,
}

impl ModelBounds {
    pub fn of(entry: &CatalogEntry) -> Self {
        let min = Vec3::from_array(entry.model.bounds_min_m);
        let max = Vec3::from_array(entry.model.bounds_max_m);
        Self {
            centre_m: (min + max) / 2.0,
            size_m: max - min,
        }
    }

    /// Radius of the bounding sphere.
    pub fn radius_m(&self) -> f32 {
        self.size_m.length() / 2.0
    }
}

/// The default variant of each group: the first option.
pub fn default_variants(entry: &CatalogEntry) -> SelectedVariants {
    SelectedVariants(
        entry
            .product
            .variants
            .iter()
            .filter_map(|g| g.options.first().map(|o| o.gltf_variant.clone()))
            .collect(),
    )
}

/// How a piece is turned for display: bracelets are modelled around the wrist axis (+X), edge-on to a viewer in
/// front, so they are turned to show their opening.
pub fn display_rotation(category: catalog::Category) -> Quat {
    match category {
        catalog::Category::Bracelet => Quat::from_rotation_y(70_f32.to_radians()),
        _ => Quat::IDENTITY,
    }
}

/// Spawns the product as a pivot at `centre` (rotate the pivot to turn the product about its own centre) with the
/// model inside, scaled by `scale`. Returns the pivot.
pub fn spawn_product(
    commands: &mut Commands,
    asset_server: &AssetServer,
    entry: &CatalogEntry,
    centre: Vec3,
    scale: f32,
) -> Entity {
    let frame = ModelBounds::of(entry);
    let rotation = display_rotation(entry.product.category);
    let model = commands
        .spawn((
            WorldAssetRoot(
                asset_server.load(GltfAssetLabel::Scene(0).from_asset(entry.product.model.clone())),
            ),
            Transform {
                translation: -(rotation * frame.centre_m) * scale,
                rotation,
                scale: Vec3::splat(scale),
            },
        ))
        .id();
    commands
        .spawn((
            Name::new(format!("product {}", entry.product.sku)),
            ProductModel {
                sku: entry.product.sku.clone(),
            },
            default_variants(entry),
            Transform::from_translation(centre),
            Visibility::default(),
        ))
        .add_child(model)
        .id()
}
