//! Builds the boutique from its plan: a piece of Place Vendôme (paving, the column, lanterns, classical façades
//! with an arcaded ground floor, pilasters, cornice, mansard roof and dormers), the maison's storefront, and the
//! interior (marble floors, boiserie, mirrors, chandeliers, vitrines, watch wall, dress forms, tables, gallery wall,
//! salon privé), with every catalog product in its place. Repeated parts share one mesh and one material, so Bevy
//! draws them instanced.

use std::f32::consts::{FRAC_PI_2, PI, TAU};

use bevy::asset::RenderAssetUsages;
use bevy::light::CascadeShadowConfigBuilder;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

use super::layout::{
    BoutiqueLayout, CEILING_M, COLUMN_HEIGHT_M, COLUMN_M, DISPLAY_TOP_M, FixtureKind, Placement,
};
use crate::catalog_assets::LoadedCatalog;
use crate::product::{ModelFrame, spawn_product};

/// Marks what the architecture spawned (for despawning and for the benchmark's counts).
#[derive(Component, Clone)]
pub struct Architecture;

/// The salon privé's door leaves (hidden when the pass opens it).
#[derive(Component)]
pub struct PrivateDoorLeaf;

/// Marks a product shown in the boutique (its `ProductModel` says which), for hover and click, with the scale it is
/// shown at.
#[derive(Component, Clone)]
pub struct DisplayedProduct {
    pub scale: f32,
}

struct Kit {
    cube: Handle<Mesh>,
    cylinder: Handle<Mesh>,
    sphere: Handle<Mesh>,
    stone: Handle<StandardMaterial>,
    stone_dark: Handle<StandardMaterial>,
    slate: Handle<StandardMaterial>,
    paving: Handle<StandardMaterial>,
    window_glass: Handle<StandardMaterial>,
    shadow: Handle<StandardMaterial>,
    gold: Handle<StandardMaterial>,
    bronze: Handle<StandardMaterial>,
    boiserie: Handle<StandardMaterial>,
    marble: Handle<StandardMaterial>,
    ceiling: Handle<StandardMaterial>,
    lacquer: Handle<StandardMaterial>,
    walnut: Handle<StandardMaterial>,
    velvet: Handle<StandardMaterial>,
    silk: Handle<StandardMaterial>,
    vitrine_glass: Handle<StandardMaterial>,
    mirror: Handle<StandardMaterial>,
    linen: Handle<StandardMaterial>,
    lamp: Handle<StandardMaterial>,
    crystal: Handle<StandardMaterial>,
    table_marble: Handle<StandardMaterial>,
}

/// A procedural marble: large cream tiles with soft grey veins and thin joints, tiling every `tiles` slabs.
fn marble_texture(size: u32, warm: [f32; 3], vein: [f32; 3]) -> Image {
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    let hash = |x: i32, y: i32| -> f32 {
        let mut h = (x as u32).wrapping_mul(374_761_393) ^ (y as u32).wrapping_mul(668_265_263);
        h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
        (h ^ (h >> 16)) as f32 / u32::MAX as f32
    };
    let noise = |x: f32, y: f32, period: i32| -> f32 {
        let (xi, yi) = (x.floor() as i32, y.floor() as i32);
        let (fx, fy) = (x - x.floor(), y - y.floor());
        let s = |v: f32| v * v * (3.0 - 2.0 * v);
        let h = |a: i32, b: i32| hash(a.rem_euclid(period), b.rem_euclid(period));
        let top = h(xi, yi) + (h(xi + 1, yi) - h(xi, yi)) * s(fx);
        let bottom = h(xi, yi + 1) + (h(xi + 1, yi + 1) - h(xi, yi + 1)) * s(fx);
        top + (bottom - top) * s(fy)
    };
    for y in 0..size {
        for x in 0..size {
            let (u, v) = (x as f32 / size as f32, y as f32 / size as f32);
            let mut turbulence = 0.0;
            let mut amplitude = 0.5;
            for octave in 0..5 {
                let f = (4 << octave) as f32;
                turbulence += amplitude * noise(u * f, v * f, 4 << octave);
                amplitude *= 0.5;
            }
            let veins = (((u + v) * 6.0 * PI + turbulence * 9.0).sin())
                .abs()
                .powf(0.18);
            let joint = {
                let (tu, tv) = ((u * 2.0).fract(), (v * 2.0).fract());
                tu < 0.004 || tv < 0.004
            };
            let mut c = [0.0f32; 3];
            for k in 0..3 {
                c[k] = vein[k] + (warm[k] - vein[k]) * veins;
                c[k] *= 0.94 + 0.06 * turbulence;
                if joint {
                    c[k] *= 0.72;
                }
            }
            data.extend(c.iter().map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8));
            data.push(255);
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = bevy::image::ImageSampler::Descriptor(bevy::image::ImageSamplerDescriptor {
        address_mode_u: bevy::image::ImageAddressMode::Repeat,
        address_mode_v: bevy::image::ImageAddressMode::Repeat,
        ..bevy::image::ImageSamplerDescriptor::linear()
    });
    image
}

/// An abstract painting for the gallery wall: soft colour fields, different for each `seed`.
fn painting_texture(seed: u32) -> Image {
    let size = 128u32;
    let palettes = [
        [[0.62, 0.18, 0.14], [0.93, 0.82, 0.62], [0.12, 0.16, 0.28]],
        [[0.16, 0.32, 0.36], [0.86, 0.78, 0.58], [0.52, 0.24, 0.12]],
        [[0.28, 0.2, 0.38], [0.9, 0.86, 0.8], [0.72, 0.52, 0.16]],
        [[0.1, 0.1, 0.12], [0.78, 0.64, 0.38], [0.58, 0.12, 0.16]],
    ];
    let palette = palettes[seed as usize % palettes.len()];
    let mut data = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (u, v) = (x as f32 / size as f32, y as f32 / size as f32);
            let band =
                ((v * (2.0 + seed as f32 % 3.0) + (u * 3.0 + seed as f32).sin() * 0.08) * PI).sin()
                    * 0.5
                    + 0.5;
            let a = palette[0];
            let b = palette[1];
            let c = palette[2];
            let t = (u * 0.7 + band * 0.6).fract();
            let col: Vec<f32> = (0..3)
                .map(|k| {
                    if t < 0.5 {
                        a[k] + (b[k] - a[k]) * t * 2.0
                    } else {
                        b[k] + (c[k] - b[k]) * (t - 0.5) * 2.0
                    }
                })
                .collect();
            data.extend(col.iter().map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8));
            data.push(255);
        }
    }
    Image::new(
        Extent3d {
            width: size,
            height: size,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    )
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
    fn new(
        meshes: &mut Assets<Mesh>,
        materials: &mut Assets<StandardMaterial>,
        images: &mut Assets<Image>,
    ) -> Self {
        let marble_image = images.add(marble_texture(512, [0.93, 0.9, 0.84], [0.55, 0.54, 0.53]));
        let table_image = images.add(marble_texture(256, [0.95, 0.94, 0.92], [0.3, 0.3, 0.32]));
        let paving_image = images.add(marble_texture(256, [0.46, 0.44, 0.41], [0.3, 0.29, 0.28]));
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
fn block(
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

fn block_rotated(
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

fn cylinder(
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

/// The façade along z = 0 from `x0` to `x1`, facing +Z: arcaded ground floor, two storeys with pilasters and
/// windows, cornice, mansard roof with dormers. `shop_bays` are drawn as the maison's storefront.
fn facade(commands: &mut Commands, kit: &Kit, x0: f32, x1: f32) {
    let bay = 4.0;
    let bays = ((x1 - x0) / bay).round() as i32;
    let front = 0.2;
    // The wall itself, from the arcade up to the cornice.
    block(
        commands,
        kit,
        &kit.stone,
        Vec3::new((x0 + x1) / 2.0, 9.9, front),
        Vec3::new(x1 - x0, 9.4, 0.5),
    );
    // Ground-floor band (rusticated stone above the arches).
    block(
        commands,
        kit,
        &kit.stone_dark,
        Vec3::new((x0 + x1) / 2.0, 5.35, front + 0.2),
        Vec3::new(x1 - x0, 0.5, 0.5),
    );
    for b in 0..bays {
        let cx = x0 + bay * (b as f32 + 0.5);
        let is_door = cx.abs() < 0.1;
        let is_window = (cx.abs() - 8.0).abs() < 0.1;
        // Piers between the arches.
        block(
            commands,
            kit,
            &kit.stone_dark,
            Vec3::new(cx - bay / 2.0 + 0.35, 2.55, front + 0.1),
            Vec3::new(0.7, 5.1, 0.7),
        );
        // The arch: a semicircle of voussoirs over the opening.
        let radius = (bay - 0.7) / 2.0;
        let spring = 5.1 - radius;
        for k in 0..9 {
            let a = PI * (k as f32 + 0.5) / 9.0;
            let p = Vec3::new(
                cx + radius * a.cos(),
                spring + radius * a.sin(),
                front + 0.12,
            );
            block_rotated(
                commands,
                kit,
                &kit.stone,
                p,
                Vec3::new(0.45, 0.4, 0.6),
                Quat::from_rotation_z(a - FRAC_PI_2),
            );
        }
        // Spandrels filling the corners above the arch.
        for side in [-1.0f32, 1.0] {
            block(
                commands,
                kit,
                &kit.stone_dark,
                Vec3::new(
                    cx + side * (bay / 2.0 - 0.6),
                    spring + radius * 0.75,
                    front + 0.05,
                ),
                Vec3::new(0.9, radius * 0.5, 0.45),
            );
        }
        // What is inside the arch: the storefront or the shadow of the arcade.
        if is_door {
            // The entrance: doorway opening with gilded frame, glass transom.
            block(
                commands,
                kit,
                &kit.gold,
                Vec3::new(cx, 3.35, front + 0.25),
                Vec3::new(2.7, 0.12, 0.1),
            );
            for side in [-1.0f32, 1.0] {
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(cx + side * 1.3, 1.7, front + 0.25),
                    Vec3::new(0.1, 3.4, 0.1),
                );
            }
            block(
                commands,
                kit,
                &kit.window_glass,
                Vec3::new(cx, 4.1, front),
                Vec3::new(3.0, 1.4, 0.05),
            );
            // The sign: a black lacquer plate with a gilded border over the door.
            block(
                commands,
                kit,
                &kit.lacquer,
                Vec3::new(cx, 5.35, front + 0.47),
                Vec3::new(3.4, 0.42, 0.06),
            );
            block(
                commands,
                kit,
                &kit.gold,
                Vec3::new(cx, 5.35, front + 0.46),
                Vec3::new(3.55, 0.52, 0.04),
            );
        } else if is_window {
            block(
                commands,
                kit,
                &kit.vitrine_glass,
                Vec3::new(cx, 2.6, front - 0.05),
                Vec3::new(bay - 0.7, 5.0, 0.05),
            );
            block(
                commands,
                kit,
                &kit.gold,
                Vec3::new(cx, 0.45, front + 0.05),
                Vec3::new(bay - 0.7, 0.08, 0.12),
            );
            block(
                commands,
                kit,
                &kit.gold,
                Vec3::new(cx, 3.55, front + 0.05),
                Vec3::new(bay - 0.7, 0.08, 0.12),
            );
        } else {
            block(
                commands,
                kit,
                &kit.shadow,
                Vec3::new(cx, 2.55, front - 0.1),
                Vec3::new(bay, 5.1, 0.05),
            );
        }
        // Upper storeys: tall windows with stone surrounds and a pediment on the first floor.
        for (floor, (sill, height)) in [(6.3f32, 3.0f32), (10.4, 2.4)].into_iter().enumerate() {
            block(
                commands,
                kit,
                &kit.window_glass,
                Vec3::new(cx, sill + height / 2.0, front + 0.29),
                Vec3::new(1.5, height, 0.05),
            );
            block(
                commands,
                kit,
                &kit.stone_dark,
                Vec3::new(cx, sill + height / 2.0, front + 0.265),
                Vec3::new(1.9, height + 0.3, 0.04),
            );
            block(
                commands,
                kit,
                &kit.stone,
                Vec3::new(cx, sill - 0.08, front + 0.36),
                Vec3::new(2.1, 0.16, 0.3),
            );
            if floor == 0 {
                block(
                    commands,
                    kit,
                    &kit.stone,
                    Vec3::new(cx, sill + height + 0.3, front + 0.36),
                    Vec3::new(2.2, 0.22, 0.3),
                );
                // Wrought-iron balconette.
                block(
                    commands,
                    kit,
                    &kit.lacquer,
                    Vec3::new(cx, sill + 0.35, front + 0.52),
                    Vec3::new(1.7, 0.55, 0.03),
                );
            }
        }
        // Pilasters between bays on the upper storeys, with capitals.
        let px = cx - bay / 2.0;
        block(
            commands,
            kit,
            &kit.stone,
            Vec3::new(px, 9.9, front + 0.33),
            Vec3::new(0.6, 8.6, 0.22),
        );
        block(
            commands,
            kit,
            &kit.stone_dark,
            Vec3::new(px, 14.25, front + 0.38),
            Vec3::new(0.85, 0.25, 0.32),
        );
        // Dormers in the mansard.
        block(
            commands,
            kit,
            &kit.stone,
            Vec3::new(cx, 16.6, -0.3),
            Vec3::new(1.4, 1.9, 0.8),
        );
        block(
            commands,
            kit,
            &kit.window_glass,
            Vec3::new(cx, 16.5, 0.11),
            Vec3::new(0.9, 1.3, 0.05),
        );
        for side in [-1.0f32, 1.0] {
            block_rotated(
                commands,
                kit,
                &kit.slate,
                Vec3::new(cx + side * 0.4, 17.8, -0.3),
                Vec3::new(1.0, 0.12, 1.0),
                Quat::from_rotation_z(side * -0.6),
            );
        }
    }
    // Cornice and balustrade.
    block(
        commands,
        kit,
        &kit.stone,
        Vec3::new((x0 + x1) / 2.0, 14.7, front + 0.35),
        Vec3::new(x1 - x0, 0.6, 1.1),
    );
    block(
        commands,
        kit,
        &kit.stone_dark,
        Vec3::new((x0 + x1) / 2.0, 15.2, front + 0.1),
        Vec3::new(x1 - x0, 0.4, 0.7),
    );
    // Mansard roof: a steep slate slope, then the flat top.
    block_rotated(
        commands,
        kit,
        &kit.slate,
        Vec3::new((x0 + x1) / 2.0, 17.0, -1.0),
        Vec3::new(x1 - x0, 4.6, 0.3),
        Quat::from_rotation_x(-0.35),
    );
    block(
        commands,
        kit,
        &kit.slate,
        Vec3::new((x0 + x1) / 2.0, 19.2, -5.0),
        Vec3::new(x1 - x0, 0.3, 8.0),
    );
    // Chimney stacks.
    for x in [x0 + 6.0, -10.0, 12.0, x1 - 6.0] {
        block(
            commands,
            kit,
            &kit.stone_dark,
            Vec3::new(x, 20.3, -4.0),
            Vec3::new(1.2, 2.2, 0.8),
        );
    }
}

fn spawn_exterior(commands: &mut Commands, kit: &Kit) {
    // The paving of the place, and the pavement along the façade.
    block(
        commands,
        kit,
        &kit.paving,
        Vec3::new(0.0, -0.05, 45.0),
        Vec3::new(160.0, 0.1, 90.0),
    );
    block(
        commands,
        kit,
        &kit.stone_dark,
        Vec3::new(0.0, 0.02, 3.0),
        Vec3::new(60.0, 0.1, 6.0),
    );
    facade(commands, kit, -30.0, 30.0);
    // The façades at an angle on both sides, as the octagon turns.
    for (side, angle) in [(-1.0f32, 0.6f32), (1.0, -0.6)] {
        let root = commands
            .spawn((
                Architecture,
                Transform::from_translation(Vec3::new(side * 30.0, 0.0, 0.0))
                    .with_rotation(Quat::from_rotation_y(angle)),
                Visibility::default(),
            ))
            .id();
        let mut children = Vec::new();
        for b in 0..6 {
            let cx = side * (2.0 + 4.0 * b as f32);
            let child = commands
                .spawn((
                    Architecture,
                    Mesh3d(kit.cube.clone()),
                    MeshMaterial3d(kit.stone.clone()),
                    Transform::from_translation(Vec3::new(cx, 9.6, 0.0))
                        .with_scale(Vec3::new(3.96, 19.2, 0.6)),
                ))
                .id();
            children.push(child);
            for sill in [1.0f32, 6.3, 10.4] {
                children.push(
                    commands
                        .spawn((
                            Architecture,
                            Mesh3d(kit.cube.clone()),
                            MeshMaterial3d(kit.window_glass.clone()),
                            Transform::from_translation(Vec3::new(cx, sill + 1.4, 0.32))
                                .with_scale(Vec3::new(1.5, 2.8, 0.04)),
                        ))
                        .id(),
                );
            }
        }
        commands.entity(root).add_children(&children);
    }
    // The Vendôme column: pedestal, bronze shaft with its spiral frieze, capital and statue.
    let c = COLUMN_M;
    block(
        commands,
        kit,
        &kit.stone,
        c + Vec3::Y * 2.5,
        Vec3::new(6.5, 5.0, 6.5),
    );
    block(
        commands,
        kit,
        &kit.stone_dark,
        c + Vec3::Y * 5.2,
        Vec3::new(7.0, 0.5, 7.0),
    );
    let shaft = COLUMN_HEIGHT_M - 9.0;
    cylinder(commands, kit, &kit.bronze, c + Vec3::Y * 5.4, 1.8, shaft);
    // The bas-relief spiral, suggested by raised bands climbing the shaft.
    for k in 0..26 {
        let y = 6.0 + k as f32 * (shaft - 1.5) / 26.0;
        cylinder(
            commands,
            kit,
            &kit.bronze,
            c + Vec3::new(0.0, y, 0.0),
            1.9,
            0.22,
        );
    }
    block(
        commands,
        kit,
        &kit.bronze,
        c + Vec3::Y * (5.4 + shaft + 0.5),
        Vec3::new(4.6, 1.0, 4.6),
    );
    cylinder(
        commands,
        kit,
        &kit.bronze,
        c + Vec3::Y * (6.4 + shaft),
        1.2,
        1.6,
    );
    cylinder(
        commands,
        kit,
        &kit.bronze,
        c + Vec3::Y * (8.0 + shaft),
        0.35,
        2.2,
    );
    // Lanterns along the pavement.
    for x in [-22.0f32, -14.0, 14.0, 22.0] {
        let base = Vec3::new(x, 0.0, 5.2);
        cylinder(commands, kit, &kit.slate, base, 0.09, 3.6);
        block(
            commands,
            kit,
            &kit.slate,
            base + Vec3::Y * 3.75,
            Vec3::new(0.5, 0.12, 0.5),
        );
        commands.spawn((
            Architecture,
            Mesh3d(kit.sphere.clone()),
            MeshMaterial3d(kit.lamp.clone()),
            Transform::from_translation(base + Vec3::Y * 4.05)
                .with_scale(Vec3::new(0.36, 0.5, 0.36)),
        ));
    }
}

fn spawn_interior(
    commands: &mut Commands,
    kit: &Kit,
    layout: &BoutiqueLayout,
    images: &mut Assets<Image>,
    materials: &mut Assets<StandardMaterial>,
) {
    // Floors and ceilings of the hall, the salon and the salon privé.
    for room in &layout.walkable[1..4] {
        let c = room.centre();
        let s = room.size();
        block(
            commands,
            kit,
            &kit.marble,
            Vec3::new(c.x, 0.0, c.y),
            Vec3::new(s.x, 0.02, s.y),
        );
        block(
            commands,
            kit,
            &kit.ceiling,
            Vec3::new(c.x, CEILING_M + 0.1, c.y),
            Vec3::new(s.x + 0.4, 0.2, s.y + 0.4),
        );
        // A gilded cornice line just under the ceiling.
        for (p, size) in [
            (
                Vec3::new(c.x, CEILING_M - 0.15, room.min.y + 0.22),
                Vec3::new(s.x, 0.12, 0.06),
            ),
            (
                Vec3::new(c.x, CEILING_M - 0.15, room.max.y - 0.22),
                Vec3::new(s.x, 0.12, 0.06),
            ),
            (
                Vec3::new(room.min.x + 0.22, CEILING_M - 0.15, c.y),
                Vec3::new(0.06, 0.12, s.y),
            ),
            (
                Vec3::new(room.max.x - 0.22, CEILING_M - 0.15, c.y),
                Vec3::new(0.06, 0.12, s.y),
            ),
        ] {
            block(commands, kit, &kit.gold, p, size);
        }
    }
    let mut painting = 0;
    for fixture in &layout.fixtures {
        let f = fixture.footprint;
        let c = f.centre();
        let s = f.size();
        match fixture.kind {
            FixtureKind::Wall => {
                // Exterior façade wall segments are drawn by the façade; inside, boiserie.
                if f.max.y > -0.05 && f.min.y < 0.05 && s.x > 6.0 {
                    // The façade's back, seen from inside the boutique (x within the salon's width), open at the
                    // door and behind the shop windows so their displays are seen from the place.
                    let (lo, hi) = (f.min.x.max(-11.0), f.max.x.min(11.0));
                    let mut x = lo;
                    for (gap_lo, gap_hi) in [(-9.6f32, -6.4f32), (6.4, 9.6)] {
                        if gap_hi <= lo || gap_lo >= hi {
                            continue;
                        }
                        if gap_lo > x {
                            block(
                                commands,
                                kit,
                                &kit.boiserie,
                                Vec3::new((x + gap_lo) / 2.0, CEILING_M / 2.0, -0.05),
                                Vec3::new(gap_lo - x, CEILING_M, 0.1),
                            );
                        }
                        block(
                            commands,
                            kit,
                            &kit.boiserie,
                            Vec3::new((gap_lo + gap_hi) / 2.0, (3.6 + CEILING_M) / 2.0, -0.05),
                            Vec3::new(gap_hi - gap_lo, CEILING_M - 3.6, 0.1),
                        );
                        x = gap_hi;
                    }
                    if hi > x {
                        block(
                            commands,
                            kit,
                            &kit.boiserie,
                            Vec3::new((x + hi) / 2.0, CEILING_M / 2.0, -0.05),
                            Vec3::new(hi - x, CEILING_M, 0.1),
                        );
                    }
                    continue;
                }
                block(
                    commands,
                    kit,
                    // The salon privé is hung with green silk; everywhere else, ivory boiserie.
                    if c.y < -22.3 {
                        &kit.silk
                    } else {
                        &kit.boiserie
                    },
                    Vec3::new(c.x, CEILING_M / 2.0, c.y),
                    Vec3::new(s.x, CEILING_M, s.y),
                );
                // Panel mouldings every 1.6 m along long walls, on both faces.
                let along_x = s.x > s.y;
                let length = s.x.max(s.y);
                let panels = (length / 1.6).floor() as i32;
                for i in 0..panels {
                    let t = -length / 2.0 + 1.6 * (i as f32 + 0.5);
                    for face in [-1.0f32, 1.0] {
                        let (offset, size) = if along_x {
                            (
                                Vec3::new(t, 0.0, face * (s.y / 2.0 + 0.01)),
                                Vec3::new(1.2, 0.04, 0.02),
                            )
                        } else {
                            (
                                Vec3::new(face * (s.x / 2.0 + 0.01), 0.0, t),
                                Vec3::new(0.02, 0.04, 1.2),
                            )
                        };
                        let base = Vec3::new(c.x, 0.0, c.y) + offset;
                        for y in [0.9f32, 3.6] {
                            block(commands, kit, &kit.gold, base + Vec3::Y * y, size);
                        }
                        let upright = if along_x {
                            Vec3::new(0.04, 2.7, 0.02)
                        } else {
                            Vec3::new(0.02, 2.7, 0.04)
                        };
                        for side in [-0.6f32, 0.6] {
                            let shift = if along_x {
                                Vec3::X * side
                            } else {
                                Vec3::Z * side
                            };
                            block(
                                commands,
                                kit,
                                &kit.gold,
                                base + Vec3::Y * 2.25 + shift,
                                upright,
                            );
                        }
                    }
                }
                // Paintings on the salon's east wall between the dress forms' bay and the corner: the gallery.
                if !along_x && c.x > 10.0 && painting == 0 {
                    for k in 0..3 {
                        let image = images.add(painting_texture(k));
                        let canvas = materials.add(StandardMaterial {
                            base_color_texture: Some(image),
                            perceptual_roughness: 0.8,
                            ..default()
                        });
                        let z = -16.5 - k as f32 * 1.9;
                        let p = Vec3::new(f.min.x - 0.04, 2.6, z);
                        block(
                            commands,
                            kit,
                            &kit.gold,
                            p + Vec3::X * 0.01,
                            Vec3::new(0.05, 1.3, 1.5),
                        );
                        block(
                            commands,
                            kit,
                            &canvas,
                            p - Vec3::X * 0.02,
                            Vec3::new(0.04, 1.1, 1.3),
                        );
                    }
                    painting += 1;
                }
            }
            FixtureKind::JewelleryCase | FixtureKind::PrivateCase => {
                let plinth = if fixture.kind == FixtureKind::PrivateCase {
                    &kit.velvet
                } else {
                    &kit.lacquer
                };
                block(
                    commands,
                    kit,
                    plinth,
                    Vec3::new(c.x, DISPLAY_TOP_M / 2.0, c.y),
                    Vec3::new(s.x, DISPLAY_TOP_M, s.y),
                );
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, DISPLAY_TOP_M + 0.01, c.y),
                    Vec3::new(s.x + 0.04, 0.03, s.y + 0.04),
                );
                // A velvet display cushion, then the glass bell with gilded edges.
                block(
                    commands,
                    kit,
                    &kit.velvet,
                    Vec3::new(c.x, DISPLAY_TOP_M + 0.04, c.y),
                    Vec3::new(s.x * 0.55, 0.04, s.y * 0.55),
                );
                let glass_h = 0.5;
                block(
                    commands,
                    kit,
                    &kit.vitrine_glass,
                    Vec3::new(c.x, DISPLAY_TOP_M + 0.03 + glass_h / 2.0, c.y),
                    Vec3::new(s.x - 0.04, glass_h, s.y - 0.04),
                );
                let top = DISPLAY_TOP_M + 0.03 + glass_h;
                for (dx, dz) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    block(
                        commands,
                        kit,
                        &kit.gold,
                        Vec3::new(
                            c.x + dx * (s.x / 2.0 - 0.02),
                            top - glass_h / 2.0,
                            c.y + dz * (s.y / 2.0 - 0.02),
                        ),
                        Vec3::new(0.018, glass_h, 0.018),
                    );
                }
                for (offset, size) in [
                    (
                        Vec3::new(0.0, 0.0, s.y / 2.0 - 0.02),
                        Vec3::new(s.x - 0.02, 0.018, 0.018),
                    ),
                    (
                        Vec3::new(0.0, 0.0, -s.y / 2.0 + 0.02),
                        Vec3::new(s.x - 0.02, 0.018, 0.018),
                    ),
                    (
                        Vec3::new(s.x / 2.0 - 0.02, 0.0, 0.0),
                        Vec3::new(0.018, 0.018, s.y - 0.02),
                    ),
                    (
                        Vec3::new(-s.x / 2.0 + 0.02, 0.0, 0.0),
                        Vec3::new(0.018, 0.018, s.y - 0.02),
                    ),
                ] {
                    block(
                        commands,
                        kit,
                        &kit.gold,
                        Vec3::new(c.x, top, c.y) + offset,
                        size,
                    );
                }
            }
            FixtureKind::WatchWall => {
                // A walnut panel on the wall, lacquer shelves under each row, a gilded crown moulding.
                let face = f.min.x + 0.2;
                block(
                    commands,
                    kit,
                    &kit.walnut,
                    Vec3::new(face + 0.06, 1.75, c.y),
                    Vec3::new(0.12, 2.9, s.y - 0.4),
                );
                for y in [1.3f32, 2.0] {
                    block(
                        commands,
                        kit,
                        &kit.lacquer,
                        Vec3::new(face + 0.26, y - 0.13, c.y),
                        Vec3::new(0.32, 0.04, s.y - 0.6),
                    );
                    block(
                        commands,
                        kit,
                        &kit.gold,
                        Vec3::new(face + 0.42, y - 0.13, c.y),
                        Vec3::new(0.015, 0.045, s.y - 0.6),
                    );
                }
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(face + 0.14, 3.23, c.y),
                    Vec3::new(0.06, 0.08, s.y - 0.3),
                );
            }
            FixtureKind::Mannequin => {
                cylinder(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 0.0, c.y),
                    0.32,
                    0.05,
                );
                cylinder(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 0.05, c.y),
                    0.025,
                    1.0,
                );
                commands.spawn((
                    Architecture,
                    Mesh3d(kit.sphere.clone()),
                    MeshMaterial3d(kit.linen.clone()),
                    Transform::from_translation(Vec3::new(c.x, 1.32, c.y))
                        .with_scale(Vec3::new(0.36, 0.62, 0.24)),
                ));
            }
            FixtureKind::AccessoryTable => {
                block(
                    commands,
                    kit,
                    &kit.table_marble,
                    Vec3::new(c.x, 0.83, c.y),
                    Vec3::new(s.x, 0.05, s.y),
                );
                for (dx, dz) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    cylinder(
                        commands,
                        kit,
                        &kit.gold,
                        Vec3::new(
                            c.x + dx * (s.x / 2.0 - 0.1),
                            0.0,
                            c.y + dz * (s.y / 2.0 - 0.1),
                        ),
                        0.025,
                        0.81,
                    );
                }
            }
            FixtureKind::ShopWindow => {
                block(
                    commands,
                    kit,
                    &kit.velvet,
                    Vec3::new(c.x, 0.6, c.y),
                    Vec3::new(s.x, 1.2, s.y),
                );
                block(
                    commands,
                    kit,
                    &kit.boiserie,
                    Vec3::new(c.x, 2.5, f.min.y),
                    Vec3::new(s.x, 5.0, 0.05),
                );
            }
            FixtureKind::Mirror => {
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 1.3, c.y),
                    Vec3::new(s.x + 0.12, 2.2, 0.06),
                );
                block(
                    commands,
                    kit,
                    &kit.mirror,
                    Vec3::new(c.x, 1.3, c.y - 0.02),
                    Vec3::new(s.x - 0.06, 2.05, 0.04),
                );
                block(
                    commands,
                    kit,
                    &kit.velvet,
                    Vec3::new(c.x, 0.02, c.y - 1.0),
                    Vec3::new(s.x, 0.03, 1.4),
                );
            }
            FixtureKind::Seat if s.x > 1.0 => {
                // The low table: black lacquer on brass.
                block(
                    commands,
                    kit,
                    &kit.lacquer,
                    Vec3::new(c.x, 0.42, c.y),
                    Vec3::new(s.x, 0.05, s.y),
                );
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 0.2, c.y),
                    Vec3::new(s.x * 0.7, 0.4, 0.06),
                );
            }
            FixtureKind::Seat => {
                // An armchair in velvet: seat, back towards the wall side, arms.
                let back = if c.x < 0.0 { -1.0 } else { 1.0 };
                block(
                    commands,
                    kit,
                    &kit.velvet,
                    Vec3::new(c.x, 0.22, c.y),
                    Vec3::new(s.x, 0.44, s.y),
                );
                block(
                    commands,
                    kit,
                    &kit.velvet,
                    Vec3::new(c.x + back * (s.x / 2.0 - 0.08), 0.62, c.y),
                    Vec3::new(0.16, 0.8, s.y),
                );
                for side in [-1.0f32, 1.0] {
                    block(
                        commands,
                        kit,
                        &kit.velvet,
                        Vec3::new(c.x, 0.55, c.y + side * (s.y / 2.0 - 0.06)),
                        Vec3::new(s.x, 0.24, 0.12),
                    );
                }
            }
            FixtureKind::Monument => {}
            FixtureKind::PrivateDoor => {
                for side in [-1.0f32, 1.0] {
                    commands.spawn((
                        Architecture,
                        PrivateDoorLeaf,
                        Mesh3d(kit.cube.clone()),
                        MeshMaterial3d(kit.lacquer.clone()),
                        Transform::from_translation(Vec3::new(c.x + side * s.x / 4.0, 1.3, c.y))
                            .with_scale(Vec3::new(s.x / 2.0 - 0.02, 2.6, 0.12)),
                    ));
                    commands.spawn((
                        Architecture,
                        PrivateDoorLeaf,
                        Mesh3d(kit.cube.clone()),
                        MeshMaterial3d(kit.gold.clone()),
                        Transform::from_translation(Vec3::new(c.x + side * 0.12, 1.1, c.y + 0.09))
                            .with_scale(Vec3::new(0.03, 0.35, 0.03)),
                    ));
                }
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 2.72, c.y + 0.1),
                    Vec3::new(s.x + 0.3, 0.16, 0.08),
                );
            }
        }
    }
    // Chandeliers: a gilded ring of crystal drops with a warm light, one per room bay.
    for (x, z, big) in [
        (0.0f32, -3.0f32, false),
        (0.0, -10.0, true),
        (0.0, -17.0, true),
        (0.0, -26.5, false),
    ] {
        let top = Vec3::new(x, CEILING_M, z);
        cylinder(commands, kit, &kit.gold, top - Vec3::Y * 0.9, 0.015, 0.9);
        let radius = if big { 0.7 } else { 0.45 };
        let ring = top - Vec3::Y * 1.2;
        for k in 0..14 {
            let a = TAU * k as f32 / 14.0;
            commands.spawn((
                Architecture,
                Mesh3d(kit.sphere.clone()),
                MeshMaterial3d(kit.crystal.clone()),
                Transform::from_translation(
                    ring + Vec3::new(a.cos() * radius, -0.05 * (k % 2) as f32, a.sin() * radius),
                )
                .with_scale(Vec3::splat(0.09)),
            ));
        }
        block(
            commands,
            kit,
            &kit.gold,
            ring + Vec3::Y * 0.05,
            Vec3::new(radius * 2.0, 0.03, 0.04),
        );
        block(
            commands,
            kit,
            &kit.gold,
            ring + Vec3::Y * 0.05,
            Vec3::new(0.04, 0.03, radius * 2.0),
        );
        commands.spawn((
            Architecture,
            PointLight {
                color: Color::srgb(1.0, 0.86, 0.66),
                intensity: if big { 420_000.0 } else { 240_000.0 },
                range: 14.0,
                radius: 0.3,
                shadow_maps_enabled: false,
                ..default()
            },
            Transform::from_translation(ring - Vec3::Y * 0.2),
        ));
    }
    // Spot lights over the vitrines and the watch wall: the pieces glitter.
    for (p, target) in [
        (
            Vec3::new(-3.0, CEILING_M - 0.2, -11.0),
            Vec3::new(-3.0, 1.0, -11.5),
        ),
        (
            Vec3::new(3.0, CEILING_M - 0.2, -11.0),
            Vec3::new(3.0, 1.0, -11.5),
        ),
        (
            Vec3::new(-7.5, CEILING_M - 0.2, -13.0),
            Vec3::new(-10.5, 1.6, -13.0),
        ),
        (
            Vec3::new(0.0, CEILING_M - 0.2, -26.0),
            Vec3::new(0.0, 1.0, -27.5),
        ),
    ] {
        commands.spawn((
            Architecture,
            SpotLight {
                color: Color::srgb(1.0, 0.95, 0.86),
                intensity: 260_000.0,
                range: 12.0,
                outer_angle: 0.7,
                inner_angle: 0.35,
                shadow_maps_enabled: true,
                ..default()
            },
            Transform::from_translation(p).looking_at(target, Vec3::Y),
        ));
    }
}

/// Spawns the whole boutique: place, building, interior, lights, and every product in its place.
#[allow(clippy::too_many_arguments)]
pub fn spawn_boutique(
    commands: &mut Commands,
    layout: &BoutiqueLayout,
    catalog: &LoadedCatalog,
    asset_server: &AssetServer,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    images: &mut Assets<Image>,
) {
    let kit = Kit::new(meshes, materials, images);
    spawn_exterior(commands, &kit);
    spawn_lettering(commands, &kit, &catalog.0.manifest.maison.name);
    spawn_interior(commands, &kit, layout, images, materials);
    // The sun, low over the rooftops from the south-west, with shadows over the place and through the door.
    commands.spawn((
        Architecture,
        DirectionalLight {
            illuminance: 32_000.0,
            shadow_maps_enabled: true,
            color: Color::srgb(1.0, 0.95, 0.86),
            ..default()
        },
        Transform::from_xyz(-30.0, 40.0, 45.0).looking_at(Vec3::ZERO, Vec3::Y),
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
    // The shop windows show the first piece of each kind again, under their own light.
    for x in [-8.0f32, 8.0] {
        commands.spawn((
            Architecture,
            PointLight {
                color: Color::srgb(1.0, 0.9, 0.75),
                intensity: 60_000.0,
                range: 4.0,
                shadow_maps_enabled: false,
                ..default()
            },
            Transform::from_xyz(x, 3.0, -0.3),
        ));
    }
    let mut shown = 0;
    for (placement, x) in layout
        .placements
        .iter()
        .filter(|p| {
            matches!(
                p.fixture,
                FixtureKind::JewelleryCase | FixtureKind::WatchWall
            )
        })
        .zip([-8.6f32, -7.4, 7.4, 8.6])
    {
        let mut window = placement.clone();
        window.position_m = Vec3::new(x, 1.45, -0.45);
        window.rotation = Quat::IDENTITY;
        window.display_size_m = window.display_size_m.max(0.5);
        spawn_placement(commands, asset_server, catalog, &window);
        shown += 1;
    }
    let _ = shown;
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
    let frame = ModelFrame::of(entry);
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

/// The maison's name in gilded relief capitals on the black sign over the door.
fn spawn_lettering(commands: &mut Commands, kit: &Kit, name: &str) {
    let (segments, width) = super::lettering::layout(name);
    // Letters 0.3 m high, smaller for long names so that they fit the 4.8 m of the plate.
    let height = (4.8 / width.max(0.1)).min(0.3);
    let stroke = height * 0.085;
    let origin = Vec3::new(0.0, 5.35 - height / 2.0, 0.72);
    for (a, b) in segments {
        let (a, b) = (a * height, b * height);
        let d = b - a;
        let mid = (a + b) / 2.0;
        block_rotated(
            commands,
            kit,
            &kit.gold,
            origin + mid.extend(0.0),
            Vec3::new(d.length() + stroke, stroke, 0.025),
            Quat::from_rotation_z(d.y.atan2(d.x)),
        );
    }
}
