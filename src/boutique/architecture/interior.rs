//! Inside the boutique: floors, ceilings and walls of the hall, the salon and the salon privé (marble, boiserie,
//! green silk), vitrines, the watch wall, dress forms, tables, the gallery wall, the mirror, chandeliers and spot
//! lights.

use std::f32::consts::TAU;

use bevy::prelude::*;

use super::Architecture;
use super::kit::{Finish, PAINTINGS, Parts, Role, Shape};
use crate::boutique::layout::{BoutiqueLayout, CEILING_M, DISPLAY_TOP_M, FixtureKind};

/// How far below the ceiling a chandelier's ring of crystal hangs, metres.
const CHANDELIER_DROP_M: f32 = 1.2;

/// The rooms' floors, ceilings and walls and every fixture the plan places, as parts.
pub(super) fn interior_parts(layout: &BoutiqueLayout) -> Parts {
    let mut parts = Parts::default();
    // Floors and ceilings of the hall, the salon and the salon privé.
    for room in &layout.rooms {
        let c = room.centre();
        let s = room.size();
        parts.blocks([
            (Finish::Marble, vec3(c.x, 0.0, c.y), vec3(s.x, 0.02, s.y)),
            (
                Finish::Ceiling,
                vec3(c.x, CEILING_M + 0.1, c.y),
                vec3(s.x + 0.4, 0.2, s.y + 0.4),
            ),
        ]);
        // A coffer: the ceiling's middle raised inside a plaster moulding with a gilded fillet, 1 m in from the
        // walls.
        let inset = vec2(s.x - 2.0, s.y - 2.0).max(Vec2::splat(0.5));
        for (material, depth, width) in [(Finish::Ceiling, 0.08, 0.22), (Finish::Gold, 0.1, 0.035)]
        {
            for (centre, size) in [
                (vec2(c.x, c.y - inset.y / 2.0), vec2(inset.x + width, width)),
                (vec2(c.x, c.y + inset.y / 2.0), vec2(inset.x + width, width)),
                (vec2(c.x - inset.x / 2.0, c.y), vec2(width, inset.y + width)),
                (vec2(c.x + inset.x / 2.0, c.y), vec2(width, inset.y + width)),
            ] {
                parts.block(
                    material,
                    vec3(centre.x, CEILING_M - depth / 2.0, centre.y),
                    vec3(size.x, depth, size.y),
                );
            }
        }
        // A gilded cornice line just under the ceiling.
        for (p, size) in [
            (
                vec3(c.x, CEILING_M - 0.15, room.min.y + 0.22),
                vec3(s.x, 0.12, 0.06),
            ),
            (
                vec3(c.x, CEILING_M - 0.15, room.max.y - 0.22),
                vec3(s.x, 0.12, 0.06),
            ),
            (
                vec3(room.min.x + 0.22, CEILING_M - 0.15, c.y),
                vec3(0.06, 0.12, s.y),
            ),
            (
                vec3(room.max.x - 0.22, CEILING_M - 0.15, c.y),
                vec3(0.06, 0.12, s.y),
            ),
        ] {
            parts.block(Finish::Gold, p, size);
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
                            parts.block(
                                Finish::Boiserie,
                                vec3((x + gap_lo) / 2.0, CEILING_M / 2.0, -0.05),
                                vec3(gap_lo - x, CEILING_M, 0.1),
                            );
                        }
                        // Over the shop window, seen through its fanlight from the place: dark.
                        parts.block(
                            Finish::Lacquer,
                            vec3((gap_lo + gap_hi) / 2.0, (3.6 + CEILING_M) / 2.0, -0.05),
                            vec3(gap_hi - gap_lo, CEILING_M - 3.6, 0.1),
                        );
                        x = gap_hi;
                    }
                    if hi > x {
                        parts.block(
                            Finish::Boiserie,
                            vec3((x + hi) / 2.0, CEILING_M / 2.0, -0.05),
                            vec3(hi - x, CEILING_M, 0.1),
                        );
                    }
                    continue;
                }
                // The salon privé is hung with green silk; everywhere else, ivory boiserie. The wall between the
                // salon and the salon privé has one face of each.
                let private = layout.private_salon;
                if s.x > s.y && (c.y - private.max.y).abs() < s.y {
                    for (material, side) in [(Finish::Silk, -1.0f32), (Finish::Boiserie, 1.0)] {
                        parts.block(
                            material,
                            vec3(c.x, CEILING_M / 2.0, c.y + side * s.y / 4.0),
                            vec3(s.x, CEILING_M, s.y / 2.0),
                        );
                    }
                } else if c.y < private.max.y - 0.3 {
                    // The salon privé's side walls stop inside the wall it shares with the salon, so that no
                    // silk shows on the salon's side.
                    let max_z = f.max.y.min(private.max.y);
                    parts.block(
                        Finish::Silk,
                        vec3(c.x, CEILING_M / 2.0, (f.min.y + max_z) / 2.0),
                        vec3(s.x, CEILING_M, max_z - f.min.y),
                    );
                } else {
                    parts.block(
                        Finish::Boiserie,
                        vec3(c.x, CEILING_M / 2.0, c.y),
                        vec3(s.x, CEILING_M, s.y),
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
                                vec3(t, 0.0, face * (s.y / 2.0 + 0.01)),
                                vec3(1.2, 0.04, 0.02),
                            )
                        } else {
                            (
                                vec3(face * (s.x / 2.0 + 0.01), 0.0, t),
                                vec3(0.02, 0.04, 1.2),
                            )
                        };
                        let base = vec3(c.x, 0.0, c.y) + offset;
                        for y in [0.9f32, 3.6] {
                            parts.block(Finish::Gold, base + Vec3::Y * y, size);
                        }
                        let upright = if along_x {
                            vec3(0.04, 2.7, 0.02)
                        } else {
                            vec3(0.02, 2.7, 0.04)
                        };
                        for side in [-0.6f32, 0.6] {
                            let shift = if along_x {
                                Vec3::X * side
                            } else {
                                Vec3::Z * side
                            };
                            parts.block(Finish::Gold, base + Vec3::Y * 2.25 + shift, upright);
                        }
                    }
                }
                // Paintings on the salon's east wall between the dress forms' bay and the corner: the gallery.
                if !along_x && c.x > 10.0 && painting == 0 {
                    for k in 0..PAINTINGS {
                        let z = -16.5 - k as f32 * 1.9;
                        let p = vec3(f.min.x - 0.04, 2.6, z);
                        parts.blocks([
                            (Finish::Gold, p + Vec3::X * 0.01, vec3(0.05, 1.3, 1.5)),
                            (
                                Finish::Painting(k),
                                p - Vec3::X * 0.02,
                                vec3(0.04, 1.1, 1.3),
                            ),
                        ]);
                    }
                    painting += 1;
                }
            }
            FixtureKind::JewelleryCase | FixtureKind::PrivateCase => {
                let plinth = if fixture.kind == FixtureKind::PrivateCase {
                    Finish::Velvet
                } else {
                    Finish::Lacquer
                };
                parts.blocks([
                    (
                        plinth,
                        vec3(c.x, DISPLAY_TOP_M / 2.0, c.y),
                        vec3(s.x, DISPLAY_TOP_M, s.y),
                    ),
                    (
                        Finish::Gold,
                        vec3(c.x, DISPLAY_TOP_M + 0.01, c.y),
                        vec3(s.x + 0.04, 0.03, s.y + 0.04),
                    ),
                    // A velvet display cushion, then the glass bell with gilded edges.
                    (
                        Finish::Velvet,
                        vec3(c.x, DISPLAY_TOP_M + 0.04, c.y),
                        vec3(s.x * 0.55, 0.04, s.y * 0.55),
                    ),
                ]);
                let glass_h = 0.5;
                parts.block(
                    Finish::VitrineGlass,
                    vec3(c.x, DISPLAY_TOP_M + 0.03 + glass_h / 2.0, c.y),
                    vec3(s.x - 0.04, glass_h, s.y - 0.04),
                );
                let top = DISPLAY_TOP_M + 0.03 + glass_h;
                for (dx, dz) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    parts.block(
                        Finish::Gold,
                        vec3(
                            c.x + dx * (s.x / 2.0 - 0.02),
                            top - glass_h / 2.0,
                            c.y + dz * (s.y / 2.0 - 0.02),
                        ),
                        vec3(0.018, glass_h, 0.018),
                    );
                }
                for (offset, size) in [
                    (
                        vec3(0.0, 0.0, s.y / 2.0 - 0.02),
                        vec3(s.x - 0.02, 0.018, 0.018),
                    ),
                    (
                        vec3(0.0, 0.0, -s.y / 2.0 + 0.02),
                        vec3(s.x - 0.02, 0.018, 0.018),
                    ),
                    (
                        vec3(s.x / 2.0 - 0.02, 0.0, 0.0),
                        vec3(0.018, 0.018, s.y - 0.02),
                    ),
                    (
                        vec3(-s.x / 2.0 + 0.02, 0.0, 0.0),
                        vec3(0.018, 0.018, s.y - 0.02),
                    ),
                ] {
                    parts.block(Finish::Gold, vec3(c.x, top, c.y) + offset, size);
                }
            }
            FixtureKind::WatchWall => {
                // A walnut panel on the wall, lacquer shelves under each row, a gilded crown moulding.
                let face = f.min.x + 0.2;
                parts.block(
                    Finish::Walnut,
                    vec3(face + 0.06, 1.75, c.y),
                    vec3(0.12, 2.9, s.y - 0.4),
                );
                for y in [1.3f32, 2.0] {
                    parts.blocks([
                        (
                            Finish::Lacquer,
                            vec3(face + 0.26, y - 0.13, c.y),
                            vec3(0.32, 0.04, s.y - 0.6),
                        ),
                        (
                            Finish::Gold,
                            vec3(face + 0.42, y - 0.13, c.y),
                            vec3(0.015, 0.045, s.y - 0.6),
                        ),
                    ]);
                }
                parts.block(
                    Finish::Gold,
                    vec3(face + 0.14, 3.23, c.y),
                    vec3(0.06, 0.08, s.y - 0.3),
                );
            }
            FixtureKind::Mannequin => {
                parts.cylinder(Finish::Gold, vec3(c.x, 0.0, c.y), 0.32, 0.05);
                parts.cylinder(Finish::Gold, vec3(c.x, 0.05, c.y), 0.025, 1.0);
                parts.shaped(
                    Shape::Sphere,
                    Finish::Linen,
                    Transform::from_translation(vec3(c.x, 1.32, c.y))
                        .with_scale(vec3(0.36, 0.62, 0.24)),
                );
            }
            FixtureKind::AccessoryTable => {
                parts.block(
                    Finish::TableMarble,
                    vec3(c.x, 0.83, c.y),
                    vec3(s.x, 0.05, s.y),
                );
                for (dx, dz) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
                    parts.cylinder(
                        Finish::Gold,
                        vec3(
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
                parts.blocks([
                    (Finish::Velvet, vec3(c.x, 0.6, c.y), vec3(s.x, 1.2, s.y)),
                    // Black lacquer behind, so that the pieces glitter against it and the glass reads as glass;
                    // a gilded edge along the velvet.
                    (
                        Finish::Lacquer,
                        vec3(c.x, 2.5, f.min.y),
                        vec3(s.x, 5.0, 0.05),
                    ),
                    (
                        Finish::Gold,
                        vec3(c.x, 1.21, f.max.y - 0.02),
                        vec3(s.x, 0.03, 0.04),
                    ),
                ]);
            }
            FixtureKind::Mirror => {
                parts.block(
                    Finish::Gold,
                    vec3(c.x, 1.3, c.y),
                    vec3(s.x + 0.12, 2.2, 0.06),
                );
                parts
                    .block(
                        Finish::Mirror,
                        vec3(c.x, 1.3, c.y - 0.02),
                        vec3(s.x - 0.06, 2.05, 0.04),
                    )
                    .role = Some(Role::TryOnMirror);
                parts.block(
                    Finish::Velvet,
                    vec3(c.x, 0.02, c.y - 1.0),
                    vec3(s.x, 0.03, 1.4),
                );
            }
            FixtureKind::ConciergeDesk => {
                // A walnut counter with a marble top and a gilded band, a brass lamp with a lit shade at its far
                // end; every part answers the pointer.
                let h = fixture.height_m;
                let first = parts.0.len();
                parts.blocks([
                    (
                        Finish::Walnut,
                        vec3(c.x, (h - 0.05) / 2.0, c.y),
                        vec3(s.x, h - 0.05, s.y),
                    ),
                    (
                        Finish::TableMarble,
                        vec3(c.x, h - 0.025, c.y),
                        vec3(s.x + 0.08, 0.05, s.y + 0.08),
                    ),
                    (
                        Finish::Gold,
                        vec3(f.min.x - 0.005, h - 0.12, c.y),
                        vec3(0.01, 0.04, s.y),
                    ),
                ]);
                let lamp = vec3(c.x + s.x * 0.15, h, f.min.y + 0.25);
                parts.cylinder(Finish::Gold, lamp, 0.012, 0.38);
                parts.shaped(
                    Shape::Cylinder,
                    Finish::Lamp,
                    Transform::from_translation(lamp + Vec3::Y * 0.42)
                        .with_scale(vec3(0.2, 0.12, 0.2)),
                );
                for part in &mut parts.0[first..] {
                    part.role = Some(Role::ConciergeDesk);
                }
            }
            FixtureKind::Seat if s.x > 1.0 => {
                // The low table: black lacquer on brass.
                parts.blocks([
                    (Finish::Lacquer, vec3(c.x, 0.42, c.y), vec3(s.x, 0.05, s.y)),
                    (
                        Finish::Gold,
                        vec3(c.x, 0.2, c.y),
                        vec3(s.x * 0.7, 0.4, 0.06),
                    ),
                ]);
            }
            FixtureKind::Seat => {
                // An armchair in velvet: seat, back towards the wall side, arms.
                let back = if c.x < 0.0 { -1.0 } else { 1.0 };
                parts.blocks([
                    (Finish::Velvet, vec3(c.x, 0.22, c.y), vec3(s.x, 0.44, s.y)),
                    (
                        Finish::Velvet,
                        vec3(c.x + back * (s.x / 2.0 - 0.08), 0.62, c.y),
                        vec3(0.16, 0.8, s.y),
                    ),
                ]);
                for side in [-1.0f32, 1.0] {
                    parts.block(
                        Finish::Velvet,
                        vec3(c.x, 0.55, c.y + side * (s.y / 2.0 - 0.06)),
                        vec3(s.x, 0.24, 0.12),
                    );
                }
            }
            FixtureKind::Monument => {}
            FixtureKind::PrivateDoor => {
                for side in [-1.0f32, 1.0] {
                    // The two leaves and their gilded handles.
                    parts
                        .block(
                            Finish::Lacquer,
                            vec3(c.x + side * s.x / 4.0, 1.3, c.y),
                            vec3(s.x / 2.0 - 0.02, 2.6, 0.12),
                        )
                        .role = Some(Role::PrivateDoorLeaf);
                    parts
                        .block(
                            Finish::Gold,
                            vec3(c.x + side * 0.12, 1.1, c.y + 0.09),
                            vec3(0.03, 0.35, 0.03),
                        )
                        .role = Some(Role::PrivateDoorLeaf);
                }
                parts.block(
                    Finish::Gold,
                    vec3(c.x, 2.72, c.y + 0.1),
                    vec3(s.x + 0.3, 0.16, 0.08),
                );
            }
        }
    }
    // Chandeliers, where the plan hangs them: a gilded ring of crystal drops with a warm light.
    for chandelier in &layout.chandeliers {
        let (top, big) = (chandelier.ceiling_m, chandelier.large);
        // A plaster ceiling rose with a gilded ring, from which the chandelier hangs.
        let rose = if big { 1.1 } else { 0.75 };
        parts.cylinder(Finish::Ceiling, top - Vec3::Y * 0.05, rose, 0.05);
        parts.cylinder(Finish::Gold, top - Vec3::Y * 0.07, rose * 0.55, 0.03);
        parts.cylinder(Finish::Ceiling, top - Vec3::Y * 0.09, rose * 0.5, 0.05);
        parts.cylinder(Finish::Gold, top - Vec3::Y * 0.9, 0.015, 0.9);
        let radius = if big { 0.7 } else { 0.45 };
        let ring = top - Vec3::Y * CHANDELIER_DROP_M;
        for k in 0..14 {
            let a = TAU * k as f32 / 14.0;
            parts.shaped(
                Shape::Sphere,
                Finish::Crystal,
                Transform::from_translation(
                    ring + vec3(a.cos() * radius, -0.05 * (k % 2) as f32, a.sin() * radius),
                )
                .with_scale(Vec3::splat(0.09)),
            );
        }
        parts.blocks([
            (
                Finish::Gold,
                ring + Vec3::Y * 0.05,
                vec3(radius * 2.0, 0.03, 0.04),
            ),
            (
                Finish::Gold,
                ring + Vec3::Y * 0.05,
                vec3(0.04, 0.03, radius * 2.0),
            ),
        ]);
    }
    parts
}

/// The lights the plan hangs: under each chandelier a warm point light, and spot lights over the vitrines and the
/// watch wall.
pub(super) fn spawn_lights(commands: &mut Commands, layout: &BoutiqueLayout) {
    for chandelier in &layout.chandeliers {
        let ring = chandelier.ceiling_m - Vec3::Y * CHANDELIER_DROP_M;
        let big = chandelier.large;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::mixed_products;

    #[test]
    fn the_mirror_and_the_private_door_are_marked_for_their_systems() {
        let layout = BoutiqueLayout::new(&mixed_products());
        let parts = interior_parts(&layout);
        let with = |role| parts.0.iter().filter(|p| p.role == Some(role)).count();
        let mirrors = layout
            .fixtures
            .iter()
            .filter(|f| f.kind == FixtureKind::Mirror)
            .count();
        assert!(mirrors > 0);
        assert_eq!(with(Role::TryOnMirror), mirrors, "one glass per mirror");
        // Two leaves, each with its handle, are hidden together when the pass opens the door.
        assert_eq!(with(Role::PrivateDoorLeaf), 4);
        // The concierge's desk: one in the entrance hall, every part of it clickable.
        let desks: Vec<_> = layout
            .fixtures
            .iter()
            .filter(|f| f.kind == FixtureKind::ConciergeDesk)
            .collect();
        assert_eq!(desks.len(), 1);
        assert!(with(Role::ConciergeDesk) >= 3);
        assert!(desks[0].footprint.max.y <= 0.0 && desks[0].footprint.min.y >= -6.0);
    }

    #[test]
    fn the_gallery_hangs_each_painting_once() {
        let parts = interior_parts(&BoutiqueLayout::new(&mixed_products()));
        for k in 0..PAINTINGS {
            let hung = parts
                .0
                .iter()
                .filter(|p| p.finish == Finish::Painting(k))
                .count();
            assert_eq!(hung, 1, "painting {k}");
        }
    }
}
