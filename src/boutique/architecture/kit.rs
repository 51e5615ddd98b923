//! The shared parts the boutique is built from: one cube, cylinder and sphere mesh and one material per finish, so
//! that repeated architecture is drawn instanced; and the helpers that place them.

use bevy::prelude::*;

use super::Architecture;
use crate::boutique::layout::{COLUMN_HEIGHT_M, FACADE_HALF_WIDTH_M};
use crate::procedural::textures;

pub(super) struct Kit {
    pub(super) cube: Handle<Mesh>,
    pub(super) cylinder: Handle<Mesh>,
    pub(super) sphere: Handle<Mesh>,
    /// Cut stone sized for the façade's wall, the arcade's piers, a neighbour's bay and the column's pedestal.
    pub(super) ashlar_wall: Handle<StandardMaterial>,
    pub(super) ashlar_pier: Handle<StandardMaterial>,
    pub(super) ashlar_bay: Handle<StandardMaterial>,
    pub(super) ashlar_pedestal: Handle<StandardMaterial>,
    /// The column's spiral frieze and the cloaked statue's cone.
    pub(super) spiral: Handle<Mesh>,
    pub(super) cone: Handle<Mesh>,
    /// Bronze in bas-relief (the column's frieze and panels).
    pub(super) patina: Handle<StandardMaterial>,
    /// The same relief on the pedestal's 5 m panels, and the plain dark bronze of the shaft and statue.
    pub(super) relief_panel: Handle<StandardMaterial>,
    pub(super) bronze_dark: Handle<StandardMaterial>,
    /// A neighbouring house's shop window under the arcade, lit from inside.
    pub(super) shopfront: Handle<StandardMaterial>,
    /// The maison's own shop windows: clear glass with a faint reflection.
    pub(super) shop_glass: Handle<StandardMaterial>,
    /// The lit cases inside those shop windows.
    pub(super) display_glow: Handle<StandardMaterial>,
    /// White-painted window frames and glazing bars.
    pub(super) window_frame: Handle<StandardMaterial>,
    pub(super) stone: Handle<StandardMaterial>,
    pub(super) stone_dark: Handle<StandardMaterial>,
    pub(super) slate: Handle<StandardMaterial>,
    pub(super) paving: Handle<StandardMaterial>,
    pub(super) window_glass: Handle<StandardMaterial>,
    pub(super) gold: Handle<StandardMaterial>,
    pub(super) bronze: Handle<StandardMaterial>,
    pub(super) boiserie: Handle<StandardMaterial>,
    pub(super) marble: Handle<StandardMaterial>,
    pub(super) ceiling: Handle<StandardMaterial>,
    pub(super) lacquer: Handle<StandardMaterial>,
    pub(super) walnut: Handle<StandardMaterial>,
    pub(super) velvet: Handle<StandardMaterial>,
    pub(super) silk: Handle<StandardMaterial>,
    pub(super) vitrine_glass: Handle<StandardMaterial>,
    pub(super) mirror: Handle<StandardMaterial>,
    pub(super) linen: Handle<StandardMaterial>,
    pub(super) lamp: Handle<StandardMaterial>,
    pub(super) crystal: Handle<StandardMaterial>,
    pub(super) table_marble: Handle<StandardMaterial>,
}

fn material(color: Color, roughness: f32, metallic: f32) -> StandardMaterial {
    StandardMaterial {
        base_color: color,
        perceptual_roughness: roughness,
        metallic,
        ..default()
    }
}

impl Kit {
    pub(super) fn new(
        meshes: &mut Assets<Mesh>,
        materials: &mut Assets<StandardMaterial>,
        images: &mut Assets<Image>,
    ) -> Self {
        let marble_image = images.add(textures::marble_texture(
            512,
            [0.93, 0.9, 0.84],
            [0.55, 0.54, 0.53],
        ));
        let table_image = images.add(textures::marble_texture(
            256,
            [0.95, 0.94, 0.92],
            [0.3, 0.3, 0.32],
        ));
        let paving_image = images.add(textures::paving_texture());
        let ashlar_image = images.add(textures::ashlar_texture());
        // Cut stone for a face `size_m` wide and high: the texture's 2.4 × 1.2 m tile repeated at real scale.
        let mut ashlar = |size_m: Vec2, tint: Color| {
            materials.add(StandardMaterial {
                base_color: tint,
                base_color_texture: Some(ashlar_image.clone()),
                perceptual_roughness: 0.88,
                uv_transform: bevy::math::Affine2::from_scale(size_m / Vec2::new(2.4, 1.2)),
                ..default()
            })
        };
        let ashlar_wall = ashlar(Vec2::new(2.0 * FACADE_HALF_WIDTH_M, 9.4), Color::WHITE);
        let ashlar_pier = ashlar(Vec2::new(0.7, 5.1), Color::srgb(0.92, 0.9, 0.86));
        let ashlar_bay = ashlar(Vec2::new(4.0, 19.2), Color::WHITE);
        let ashlar_pedestal = ashlar(Vec2::new(6.5, 5.0), Color::srgb(0.95, 0.93, 0.9));
        let relief_image = images.add(textures::relief_texture());
        Kit {
            spiral: meshes.add(crate::procedural::meshes::spiral_frieze_mesh(
                1.8,
                COLUMN_HEIGHT_M - 9.0 - 0.6,
                22.0,
                1.05,
                0.14,
            )),
            cone: meshes.add(Cone::new(0.55, 1.0).mesh().resolution(16)),
            patina: materials.add(StandardMaterial {
                base_color_texture: Some(relief_image.clone()),
                perceptual_roughness: 0.5,
                metallic: 0.75,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(0.25, 1.0)),
                ..default()
            }),
            relief_panel: materials.add(StandardMaterial {
                base_color_texture: Some(relief_image),
                perceptual_roughness: 0.5,
                metallic: 0.75,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(1.25, 1.0)),
                ..default()
            }),
            bronze_dark: materials.add(material(Color::srgb(0.13, 0.11, 0.08), 0.45, 0.8)),
            shopfront: materials.add(StandardMaterial {
                base_color: Color::srgb(0.03, 0.025, 0.02),
                emissive: LinearRgba::rgb(0.07, 0.045, 0.025),
                perceptual_roughness: 0.1,
                reflectance: 0.6,
                ..default()
            }),
            shop_glass: materials.add(StandardMaterial {
                base_color: Color::srgba(0.9, 0.95, 1.0, 0.04),
                perceptual_roughness: 0.0,
                reflectance: 0.3,
                alpha_mode: AlphaMode::Blend,
                ..default()
            }),
            display_glow: materials.add(StandardMaterial {
                base_color: Color::srgb(0.3, 0.24, 0.18),
                emissive: LinearRgba::rgb(0.75, 0.55, 0.34),
                ..default()
            }),
            window_frame: materials.add(material(Color::srgb(0.9, 0.89, 0.85), 0.5, 0.0)),
            cube: meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
            cylinder: meshes.add(Cylinder::new(0.5, 1.0).mesh().resolution(24)),
            sphere: meshes.add(Sphere::new(0.5).mesh().uv(16, 10)),
            ashlar_wall,
            ashlar_pier,
            ashlar_bay,
            ashlar_pedestal,
            stone: materials.add(material(Color::srgb(0.86, 0.81, 0.72), 0.85, 0.0)),
            stone_dark: materials.add(material(Color::srgb(0.74, 0.69, 0.6), 0.9, 0.0)),
            slate: materials.add(material(Color::srgb(0.22, 0.24, 0.28), 0.55, 0.15)),
            paving: materials.add(StandardMaterial {
                base_color_texture: Some(paving_image),
                perceptual_roughness: 0.85,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(40.0, 22.5)),
                ..default()
            }),
            window_glass: materials.add(StandardMaterial {
                base_color: Color::srgb(0.05, 0.065, 0.085),
                perceptual_roughness: 0.06,
                reflectance: 0.5,
                ..default()
            }),
            gold: materials.add(material(Color::srgb(1.0, 0.8, 0.46), 0.22, 1.0)),
            bronze: materials.add(material(Color::srgb(0.3, 0.25, 0.17), 0.45, 1.0)),
            boiserie: materials.add(material(Color::srgb(0.96, 0.92, 0.84), 0.55, 0.0)),
            marble: materials.add(StandardMaterial {
                base_color_texture: Some(marble_image),
                perceptual_roughness: 0.12,
                reflectance: 0.6,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::splat(4.0)),
                ..default()
            }),
            ceiling: materials.add(material(Color::srgb(0.95, 0.94, 0.9), 0.9, 0.0)),
            lacquer: materials.add(material(Color::srgb(0.05, 0.045, 0.045), 0.18, 0.0)),
            walnut: materials.add(material(Color::srgb(0.25, 0.14, 0.08), 0.45, 0.0)),
            velvet: materials.add(StandardMaterial {
                base_color: Color::srgb(0.32, 0.04, 0.07),
                perceptual_roughness: 0.95,
                ..default()
            }),
            silk: materials.add(StandardMaterial {
                base_color: Color::srgb(0.1, 0.22, 0.18),
                perceptual_roughness: 0.7,
                reflectance: 0.3,
                ..default()
            }),
            vitrine_glass: materials.add(StandardMaterial {
                base_color: Color::srgba(0.9, 0.96, 1.0, 0.05),
                perceptual_roughness: 0.02,
                // Low-iron display glass: a faint reflection of the salon, not a veil over the piece.
                reflectance: 0.3,
                alpha_mode: AlphaMode::Blend,
                ..default()
            }),
            mirror: materials.add(material(Color::srgb(0.95, 0.95, 0.95), 0.03, 1.0)),
            linen: materials.add(material(Color::srgb(0.86, 0.82, 0.74), 0.95, 0.0)),
            lamp: materials.add(StandardMaterial {
                base_color: Color::srgb(1.0, 0.9, 0.7),
                emissive: LinearRgba::rgb(6.0, 4.6, 2.8),
                ..default()
            }),
            crystal: materials.add(StandardMaterial {
                base_color: Color::srgb(1.0, 0.97, 0.9),
                emissive: LinearRgba::rgb(2.5, 2.2, 1.6),
                perceptual_roughness: 0.05,
                ..default()
            }),
            table_marble: materials.add(StandardMaterial {
                base_color_texture: Some(table_image),
                perceptual_roughness: 0.15,
                reflectance: 0.5,
                ..default()
            }),
        }
    }
}

/// Spawns one part of the architecture: a shared mesh in a shared material, placed by `transform`.
pub(super) fn part(
    commands: &mut Commands,
    mesh: &Handle<Mesh>,
    material: &Handle<StandardMaterial>,
    transform: Transform,
) {
    commands.spawn((
        Architecture,
        Mesh3d(mesh.clone()),
        MeshMaterial3d(material.clone()),
        transform,
    ));
}

/// Spawns a box from its centre and size.
pub(super) fn block(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    centre: Vec3,
    size: Vec3,
) -> Entity {
    let mut entity = commands.spawn((
        Architecture,
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(material.clone()),
        Transform::from_translation(centre).with_scale(size),
    ));
    // The pointer goes through glass to the piece behind it.
    if material == &kit.vitrine_glass || material == &kit.shop_glass {
        entity.insert(Pickable::IGNORE);
    }
    entity.id()
}

pub(super) fn block_rotated(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    centre: Vec3,
    size: Vec3,
    rotation: Quat,
) {
    part(
        commands,
        &kit.cube,
        material,
        Transform {
            translation: centre,
            rotation,
            scale: size,
        },
    );
}

pub(super) fn cylinder(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    base: Vec3,
    radius: f32,
    height: f32,
) {
    part(
        commands,
        &kit.cylinder,
        material,
        Transform::from_translation(base + Vec3::Y * height / 2.0).with_scale(Vec3::new(
            radius * 2.0,
            height,
            radius * 2.0,
        )),
    );
}
