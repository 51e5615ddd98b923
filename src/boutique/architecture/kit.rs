//! The shared parts the boutique is built from: one cube, cylinder and sphere mesh and one material per finish, so
//! that repeated architecture is drawn instanced; and the helpers that place them.

use bevy::prelude::*;

use super::Architecture;
use super::textures;

pub(super) struct Kit {
    pub(super) cube: Handle<Mesh>,
    pub(super) cylinder: Handle<Mesh>,
    pub(super) sphere: Handle<Mesh>,
    pub(super) stone: Handle<StandardMaterial>,
    pub(super) stone_dark: Handle<StandardMaterial>,
    pub(super) slate: Handle<StandardMaterial>,
    pub(super) paving: Handle<StandardMaterial>,
    pub(super) window_glass: Handle<StandardMaterial>,
    pub(super) shadow: Handle<StandardMaterial>,
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

/// A procedural marble: large cream tiles with soft grey veins and thin joints, tiling every `tiles` slabs.

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
        let paving_image = images.add(textures::marble_texture(
            256,
            [0.46, 0.44, 0.41],
            [0.3, 0.29, 0.28],
        ));
        Kit {
            cube: meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
            cylinder: meshes.add(Cylinder::new(0.5, 1.0).mesh().resolution(24)),
            sphere: meshes.add(Sphere::new(0.5).mesh().uv(16, 10)),
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
                base_color: Color::srgb(0.035, 0.045, 0.06),
                perceptual_roughness: 0.18,
                reflectance: 0.25,
                ..default()
            }),
            shadow: materials.add(material(Color::srgb(0.09, 0.08, 0.07), 0.9, 0.0)),
            gold: materials.add(material(Color::srgb(1.0, 0.8, 0.46), 0.22, 1.0)),
            bronze: materials.add(material(Color::srgb(0.3, 0.25, 0.17), 0.45, 1.0)),
            boiserie: materials.add(material(Color::srgb(0.93, 0.91, 0.86), 0.6, 0.0)),
            marble: materials.add(StandardMaterial {
                base_color_texture: Some(marble_image),
                perceptual_roughness: 0.12,
                reflectance: 0.6,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::splat(6.0)),
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
                base_color: Color::srgba(0.9, 0.96, 1.0, 0.1),
                perceptual_roughness: 0.02,
                reflectance: 0.7,
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

/// Spawns a box from its centre and size.
pub(super) fn block(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    centre: Vec3,
    size: Vec3,
) {
    let mut entity = commands.spawn((
        Architecture,
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(material.clone()),
        Transform::from_translation(centre).with_scale(size),
    ));
    // The pointer goes through glass to the piece behind it.
    if material == &kit.vitrine_glass {
        entity.insert(Pickable::IGNORE);
    }
}

pub(super) fn block_rotated(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    centre: Vec3,
    size: Vec3,
    rotation: Quat,
) {
    commands.spawn((
        Architecture,
        Mesh3d(kit.cube.clone()),
        MeshMaterial3d(material.clone()),
        Transform {
            translation: centre,
            rotation,
            scale: size,
        },
    ));
}

pub(super) fn cylinder(
    commands: &mut Commands,
    kit: &Kit,
    material: &Handle<StandardMaterial>,
    base: Vec3,
    radius: f32,
    height: f32,
) {
    commands.spawn((
        Architecture,
        Mesh3d(kit.cylinder.clone()),
        MeshMaterial3d(material.clone()),
        Transform::from_translation(base + Vec3::Y * height / 2.0).with_scale(Vec3::new(
            radius * 2.0,
            height,
            radius * 2.0,
        )),
    ));
}
