//! Inside the boutique: floors, ceilings and walls of the hall, the salon and the salon privé (marble, boiserie,
//! green silk), vitrines, the watch wall, dress forms, tables, the gallery wall, the mirror, chandeliers and spot
//! lights.

use std::f32::consts::TAU;

use bevy::prelude::*;

use super::kit::{Kit, block, cylinder, part};
use super::{Architecture, PrivateDoorLeaf, TryOnMirror};
use crate::boutique::layout::{BoutiqueLayout, CEILING_M, DISPLAY_TOP_M, FixtureKind};
use crate::procedural::textures::painting_texture;

pub(super) fn spawn_interior(
    commands: &mut Commands,
    kit: &Kit,
    layout: &BoutiqueLayout,
    images: &mut Assets<Image>,
    materials: &mut Assets<StandardMaterial>,
) {
    // Floors and ceilings of the hall, the salon and the salon privé.
    for room in &layout.rooms {
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
        // A coffer: the ceiling's middle raised inside a plaster moulding with a gilded fillet, 1 m in from the
        // walls.
        let inset = Vec2::new(s.x - 2.0, s.y - 2.0).max(Vec2::splat(0.5));
        for (material, depth, width) in [(&kit.ceiling, 0.08, 0.22), (&kit.gold, 0.1, 0.035)] {
            for (centre, size) in [
                (
                    Vec2::new(c.x, c.y - inset.y / 2.0),
                    Vec2::new(inset.x + width, width),
                ),
                (
                    Vec2::new(c.x, c.y + inset.y / 2.0),
                    Vec2::new(inset.x + width, width),
                ),
                (
                    Vec2::new(c.x - inset.x / 2.0, c.y),
                    Vec2::new(width, inset.y + width),
                ),
                (
                    Vec2::new(c.x + inset.x / 2.0, c.y),
                    Vec2::new(width, inset.y + width),
                ),
            ] {
                block(
                    commands,
                    kit,
                    material,
                    Vec3::new(centre.x, CEILING_M - depth / 2.0, centre.y),
                    Vec3::new(size.x, depth, size.y),
                );
            }
        }
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
                    let widest = layout.rooms.iter().fold((0.0f32, 0.0f32), |(lo, hi), r| {
                        (lo.min(r.min.x), hi.max(r.max.x))
                    });
                    let (lo, hi) = (f.min.x.max(widest.0), f.max.x.min(widest.1));
                    let mut x = lo;
                    for (gap_lo, gap_hi) in layout.shop_windows().map(|w| (w.min.x, w.max.x)) {
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
                        // Over the shop window, seen through its fanlight from the place: dark.
                        block(
                            commands,
                            kit,
                            &kit.lacquer,
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
                // The salon privé is hung with green silk; everywhere else, ivory boiserie. The wall between the
                // salon and the salon privé has one face of each.
                let private = layout.private_salon;
                if s.x > s.y && (c.y - private.max.y).abs() < s.y {
                    for (material, side) in [(&kit.silk, -1.0f32), (&kit.boiserie, 1.0)] {
                        block(
                            commands,
                            kit,
                            material,
                            Vec3::new(c.x, CEILING_M / 2.0, c.y + side * s.y / 4.0),
                            Vec3::new(s.x, CEILING_M, s.y / 2.0),
                        );
                    }
                } else if c.y < private.max.y - 0.3 {
                    // The salon privé's side walls stop inside the wall it shares with the salon, so that no
                    // silk shows on the salon's side.
                    let max_z = f.max.y.min(private.max.y);
                    block(
                        commands,
                        kit,
                        &kit.silk,
                        Vec3::new(c.x, CEILING_M / 2.0, (f.min.y + max_z) / 2.0),
                        Vec3::new(s.x, CEILING_M, max_z - f.min.y),
                    );
                } else {
                    block(
                        commands,
                        kit,
                        &kit.boiserie,
                        Vec3::new(c.x, CEILING_M / 2.0, c.y),
                        Vec3::new(s.x, CEILING_M, s.y),
                    );
                }
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
                part(
                    commands,
                    &kit.sphere,
                    &kit.linen,
                    Transform::from_translation(Vec3::new(c.x, 1.32, c.y))
                        .with_scale(Vec3::new(0.36, 0.62, 0.24)),
                );
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
                // Black lacquer behind, so that the pieces glitter against it and the glass reads as glass;
                // a gilded edge along the velvet.
                block(
                    commands,
                    kit,
                    &kit.lacquer,
                    Vec3::new(c.x, 2.5, f.min.y),
                    Vec3::new(s.x, 5.0, 0.05),
                );
                block(
                    commands,
                    kit,
                    &kit.gold,
                    Vec3::new(c.x, 1.21, f.max.y - 0.02),
                    Vec3::new(s.x, 0.03, 0.04),
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
                let glass = block(
                    commands,
                    kit,
                    &kit.mirror,
                    Vec3::new(c.x, 1.3, c.y - 0.02),
                    Vec3::new(s.x - 0.06, 2.05, 0.04),
                );
                commands.entity(glass).insert(TryOnMirror);
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
    // Chandeliers, where the plan hangs them: a gilded ring of crystal drops with a warm light.
    for chandelier in &layout.chandeliers {
        let (top, big) = (chandelier.ceiling_m, chandelier.large);
        // A plaster ceiling rose with a gilded ring, from which the chandelier hangs.
        let rose = if big { 1.1 } else { 0.75 };
        cylinder(
            commands,
            kit,
            &kit.ceiling,
            top - Vec3::Y * 0.05,
            rose,
            0.05,
        );
        cylinder(
            commands,
            kit,
            &kit.gold,
            top - Vec3::Y * 0.07,
            rose * 0.55,
            0.03,
        );
        cylinder(
            commands,
            kit,
            &kit.ceiling,
            top - Vec3::Y * 0.09,
            rose * 0.5,
            0.05,
        );
        cylinder(commands, kit, &kit.gold, top - Vec3::Y * 0.9, 0.015, 0.9);
        let radius = if big { 0.7 } else { 0.45 };
        let ring = top - Vec3::Y * 1.2;
        for k in 0..14 {
            let a = TAU * k as f32 / 14.0;
            part(
                commands,
                &kit.sphere,
                &kit.crystal,
                Transform::from_translation(
                    ring + Vec3::new(a.cos() * radius, -0.05 * (k % 2) as f32, a.sin() * radius),
                )
                .with_scale(Vec3::splat(0.09)),
            );
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
    // Spot lights over the vitrines and the watch wall, where the plan puts them: the pieces glitter.
    for spot in &layout.spots {
        commands.spawn((
            Architecture,
            SpotLight {
                color: Color::srgb(1.0, 0.95, 0.86),
                intensity: 260_000.0,
                range: 12.0,
                outer_angle: 0.7,
                inner_angle: 0.35,
                shadow_maps_enabled: spot.shadows,
                ..default()
            },
            Transform::from_translation(spot.position_m).looking_at(spot.target_m, Vec3::Y),
        ));
    }
}
