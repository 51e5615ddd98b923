//! Outside the boutique: a piece of Place Vendôme (paving, the column, lanterns, the angled neighbours) and the
//! building's façade with the maison's storefront and sign.

use std::f32::consts::{FRAC_PI_2, PI, TAU};

use bevy::prelude::*;

use super::kit::{Finish, Parts, Shape};
use crate::boutique::layout::{
    BAY_M, BoutiqueLayout, COLUMN_HEIGHT_M, COLUMN_M, FACADE_HALF_WIDTH_M, SignPlate,
};

/// The storeys every façade on the place shares, metres above the paving: the top of the arcade (the piers' height
/// and the arches' crown), the two storeys' window sills, the cornice, the mansard's slope and its flat top.
const ARCADE_TOP_M: f32 = 5.1;
const FIRST_FLOOR_SILL_M: f32 = 6.3;
const SECOND_FLOOR_SILL_M: f32 = 10.4;
const CORNICE_M: f32 = 14.7;
const MANSARD_M: f32 = 17.0;
const ROOF_TOP_M: f32 = 19.2;
/// The neighbours' houses: six bays of 4 m on each side of the boutique's, turned with the octagon.
const NEIGHBOUR_BAYS: u32 = 6;
const NEIGHBOUR_BAY_M: f32 = 4.0;
const NEIGHBOUR_TURN_RAD: f32 = 0.6;

/// A French window `height` tall on `sill`, its glass at `face_z`: the glass, the meeting stiles, `panes - 1`
/// glazing bars across and a stone surround.
fn french_window(parts: &mut Parts, cx: f32, sill: f32, height: f32, panes: u32, face_z: f32) {
    let middle = sill + height / 2.0;
    parts.blocks([
        (
            Finish::WindowGlass,
            vec3(cx, middle, face_z),
            vec3(1.5, height, 0.05),
        ),
        (
            Finish::WindowFrame,
            vec3(cx, middle, face_z + 0.02),
            vec3(0.09, height, 0.04),
        ),
    ]);
    for k in 1..panes {
        parts.block(
            Finish::WindowFrame,
            vec3(cx, sill + height * k as f32 / panes as f32, face_z + 0.02),
            vec3(1.5, 0.045, 0.03),
        );
    }
    parts.block(
        Finish::StoneDark,
        vec3(cx, middle, face_z - 0.025),
        vec3(1.9, height + 0.3, 0.04),
    );
}

/// The cornice and balustrade along a façade `width` wide centred on `middle_x` whose wall stands at `front`, and
/// the mansard roof behind it: a steep slate slope, then the flat top.
fn cornice_and_mansard(parts: &mut Parts, middle_x: f32, width: f32, front: f32) {
    parts.blocks([
        (
            Finish::Stone,
            vec3(middle_x, CORNICE_M, front + 0.35),
            vec3(width, 0.6, 1.1),
        ),
        (
            Finish::StoneDark,
            vec3(middle_x, CORNICE_M + 0.5, front + 0.1),
            vec3(width, 0.4, 0.7),
        ),
    ]);
    parts.block_rotated(
        Finish::Slate,
        vec3(middle_x, MANSARD_M, -1.0),
        vec3(width, 4.6, 0.3),
        Quat::from_rotation_x(-0.35),
    );
    parts.block(
        Finish::Slate,
        vec3(middle_x, ROOF_TOP_M, -5.0),
        vec3(width, 0.3, 8.0),
    );
}

/// A neighbour's façade in its own frame, starting at the boutique's corner and running along x on `side`: bays of
/// cut stone with a French window on each storey, and the boutique's cornice and mansard continued.
fn neighbour_facade(side: f32) -> Parts {
    let mut parts = Parts::default();
    for b in 0..NEIGHBOUR_BAYS {
        let cx = side * NEIGHBOUR_BAY_M * (b as f32 + 0.5);
        parts.block(
            Finish::AshlarBay,
            vec3(cx, ROOF_TOP_M / 2.0, 0.0),
            vec3(NEIGHBOUR_BAY_M - 0.04, ROOF_TOP_M, 0.6),
        );
        for sill in [1.0, FIRST_FLOOR_SILL_M, SECOND_FLOOR_SILL_M] {
            french_window(&mut parts, cx, sill, 2.8, 3, 0.32);
        }
    }
    let width = NEIGHBOUR_BAY_M * NEIGHBOUR_BAYS as f32;
    cornice_and_mansard(&mut parts, side * width / 2.0, width, 0.0);
    parts
}

/// The façade along z = 0 from `x0` to `x1`, facing +Z: arcaded ground floor, two storeys with pilasters and
/// windows, cornice, mansard roof with dormers; the door's bay and the plan's shop windows are the maison's
/// storefront.
fn facade(parts: &mut Parts, layout: &BoutiqueLayout, x0: f32, x1: f32) {
    let bay = BAY_M;
    let bays = ((x1 - x0) / bay).round() as i32;
    let front = 0.2;
    // The wall itself, from the arcade up to the cornice.
    parts.blocks([
        (
            Finish::AshlarWall,
            vec3((x0 + x1) / 2.0, (ARCADE_TOP_M + CORNICE_M) / 2.0, front),
            vec3(x1 - x0, CORNICE_M - ARCADE_TOP_M - 0.2, 0.5),
        ),
        // Ground-floor band (rusticated stone above the arches).
        (
            Finish::StoneDark,
            vec3((x0 + x1) / 2.0, ARCADE_TOP_M + 0.25, front + 0.2),
            vec3(x1 - x0, 0.5, 0.5),
        ),
    ]);
    for b in 0..bays {
        let cx = x0 + bay * (b as f32 + 0.5);
        let is_door = cx.abs() < 0.1;
        let is_window = layout
            .shop_windows()
            .any(|w| (w.centre().x - cx).abs() < 0.1);
        // Piers between the arches.
        parts.block(
            Finish::AshlarPier,
            vec3(cx - bay / 2.0 + 0.35, ARCADE_TOP_M / 2.0, front + 0.1),
            vec3(0.7, ARCADE_TOP_M, 0.7),
        );
        // The arch: a semicircle of voussoirs over the opening.
        let radius = (bay - 0.7) / 2.0;
        let spring = ARCADE_TOP_M - radius;
        for k in 0..9 {
            let a = PI * (k as f32 + 0.5) / 9.0;
            let p = vec3(
                cx + radius * a.cos(),
                spring + radius * a.sin(),
                front + 0.12,
            );
            parts.block_rotated(
                Finish::Stone,
                p,
                vec3(0.45, 0.4, 0.6),
                Quat::from_rotation_z(a - FRAC_PI_2),
            );
        }
        // Spandrels filling the corners above the arch.
        for side in [-1.0f32, 1.0] {
            parts.block(
                Finish::StoneDark,
                vec3(
                    cx + side * (bay / 2.0 - 0.6),
                    spring + radius * 0.75,
                    front + 0.05,
                ),
                vec3(0.9, radius * 0.5, 0.45),
            );
        }
        // What is inside the arch: the storefront or the shadow of the arcade.
        if is_door {
            // The entrance: doorway opening with gilded frame, glass transom.
            parts.block(
                Finish::Gold,
                vec3(cx, 3.35, front + 0.25),
                vec3(2.7, 0.12, 0.1),
            );
            for side in [-1.0f32, 1.0] {
                parts.block(
                    Finish::Gold,
                    vec3(cx + side * 1.3, 1.7, front + 0.25),
                    vec3(0.1, 3.4, 0.1),
                );
            }
            parts.block(
                Finish::WindowGlass,
                vec3(cx, 4.1, front),
                vec3(3.0, 1.4, 0.05),
            );
            // The sign: a black lacquer plate with a gilded border over the door.
            let sign = &layout.sign;
            parts.blocks([
                (
                    Finish::Lacquer,
                    sign.centre_m - Vec3::Z * 0.03,
                    sign.size_m.extend(0.06),
                ),
                (
                    Finish::Gold,
                    sign.centre_m - Vec3::Z * 0.04,
                    (sign.size_m + vec2(0.15, 0.1)).extend(0.04),
                ),
            ]);
        } else if is_window {
            parts.blocks([
                (
                    Finish::ShopGlass,
                    vec3(cx, 2.6, front - 0.05),
                    vec3(bay - 0.7, 5.0, 0.05),
                ),
                (
                    Finish::Gold,
                    vec3(cx, 0.45, front + 0.05),
                    vec3(bay - 0.7, 0.08, 0.12),
                ),
                (
                    Finish::Gold,
                    vec3(cx, 3.55, front + 0.05),
                    vec3(bay - 0.7, 0.08, 0.12),
                ),
            ]);
        } else {
            // Another house's shop window under the arcade, lit warm from inside, with a bronze frame: a
            // transom at the springing of the arch and a mullion.
            parts.blocks([
                (
                    Finish::Shopfront,
                    vec3(cx, ARCADE_TOP_M / 2.0, front - 0.1),
                    vec3(bay, ARCADE_TOP_M, 0.05),
                ),
                (
                    Finish::Bronze,
                    vec3(cx, spring, front - 0.04),
                    vec3(bay - 0.7, 0.1, 0.06),
                ),
            ]);
            // Its display inside: a lit case on each side of the mullion.
            for side in [-1.0f32, 1.0] {
                parts.block(
                    Finish::DisplayGlow,
                    vec3(cx + side * 0.75, 1.55, front - 0.07),
                    vec3(1.05, 1.3, 0.02),
                );
            }
            parts.blocks([
                (
                    Finish::Bronze,
                    vec3(cx, spring / 2.0, front - 0.04),
                    vec3(0.08, spring, 0.06),
                ),
                (
                    Finish::StoneDark,
                    vec3(cx, 0.3, front - 0.02),
                    vec3(bay - 0.7, 0.6, 0.12),
                ),
            ]);
        }
        // Upper storeys: tall French windows with stone surrounds, a sill, and a pediment and a wrought-iron
        // balconette on the first floor.
        for (floor, (sill, height)) in [(FIRST_FLOOR_SILL_M, 3.0f32), (SECOND_FLOOR_SILL_M, 2.4)]
            .into_iter()
            .enumerate()
        {
            let panes = if floor == 0 { 4 } else { 3 };
            french_window(parts, cx, sill, height, panes, front + 0.29);
            parts.block(
                Finish::Stone,
                vec3(cx, sill - 0.08, front + 0.36),
                vec3(2.1, 0.16, 0.3),
            );
            if floor == 0 {
                parts.blocks([
                    (
                        Finish::Stone,
                        vec3(cx, sill + height + 0.3, front + 0.36),
                        vec3(2.2, 0.22, 0.3),
                    ),
                    (
                        Finish::Lacquer,
                        vec3(cx, sill + 0.35, front + 0.52),
                        vec3(1.7, 0.55, 0.03),
                    ),
                ]);
            }
        }
        // Pilasters between bays on the upper storeys, with capitals.
        let px = cx - bay / 2.0;
        parts.blocks([
            (
                Finish::Stone,
                vec3(px, (ARCADE_TOP_M + CORNICE_M) / 2.0, front + 0.33),
                vec3(0.6, CORNICE_M - ARCADE_TOP_M - 1.0, 0.22),
            ),
            (
                Finish::StoneDark,
                vec3(px, CORNICE_M - 0.45, front + 0.38),
                vec3(0.85, 0.25, 0.32),
            ),
            // Dormers in the mansard.
            (Finish::Stone, vec3(cx, 16.6, -0.3), vec3(1.4, 1.9, 0.8)),
            (
                Finish::WindowGlass,
                vec3(cx, 16.5, 0.11),
                vec3(0.9, 1.3, 0.05),
            ),
        ]);
        for side in [-1.0f32, 1.0] {
            parts.block_rotated(
                Finish::Slate,
                vec3(cx + side * 0.4, 17.8, -0.3),
                vec3(1.0, 0.12, 1.0),
                Quat::from_rotation_z(side * -0.6),
            );
        }
    }
    cornice_and_mansard(parts, (x0 + x1) / 2.0, x1 - x0, front);
    // Chimney stacks.
    for x in [x0 + 6.0, -10.0, 12.0, x1 - 6.0] {
        parts.block(Finish::StoneDark, vec3(x, 20.3, -4.0), vec3(1.2, 2.2, 0.8));
    }
}

/// The place and the building: paving, the boutique's façade, the neighbours', the column and the lanterns.
pub(super) fn exterior_parts(layout: &BoutiqueLayout) -> Parts {
    let mut parts = Parts::default();
    // The paving of the place, and the pavement along the façade.
    parts.blocks([
        (
            Finish::Paving,
            vec3(0.0, -0.05, 45.0),
            vec3(160.0, 0.1, 90.0),
        ),
        (
            Finish::StoneDark,
            vec3(0.0, 0.02, 3.0),
            vec3(2.0 * FACADE_HALF_WIDTH_M, 0.1, 6.0),
        ),
    ]);
    facade(
        &mut parts,
        layout,
        -FACADE_HALF_WIDTH_M,
        FACADE_HALF_WIDTH_M,
    );
    // The façades at an angle on both sides, as the octagon turns.
    for side in [-1.0f32, 1.0] {
        let corner = Transform::from_translation(vec3(side * FACADE_HALF_WIDTH_M, 0.0, 0.0))
            .with_rotation(Quat::from_rotation_y(-side * NEIGHBOUR_TURN_RAD));
        parts.append_placed(corner, neighbour_facade(side));
    }
    column(&mut parts);
    // Lanterns along the pavement.
    for x in [-22.0f32, -14.0, 14.0, 22.0] {
        let base = vec3(x, 0.0, 5.2);
        parts.cylinder(Finish::Slate, base, 0.09, 3.6);
        parts.block(Finish::Slate, base + Vec3::Y * 3.75, vec3(0.5, 0.12, 0.5));
        parts.shaped(
            Shape::Sphere,
            Finish::Lamp,
            Transform::from_translation(base + Vec3::Y * 4.05).with_scale(vec3(0.36, 0.5, 0.36)),
        );
    }
    parts
}

/// The maison's name in gilded relief capitals on the black sign over the door, fitted to its plate.
pub(super) fn lettering(parts: &mut Parts, sign: &SignPlate, name: &str) {
    let lettering = crate::boutique::lettering::fit(name, sign.size_m);
    let stroke = lettering.stroke_m;
    for (a, b) in lettering.segments_m {
        let d = b - a;
        let mid = (a + b) / 2.0;
        parts.block_rotated(
            Finish::Gold,
            sign.centre_m + mid.extend(lettering.relief_m / 2.0),
            vec3(d.length() + stroke, stroke, lettering.relief_m),
            Quat::from_rotation_z(d.y.atan2(d.x)),
        );
    }
}

/// The Vendôme column: a stepped base and a pedestal faced with bronze reliefs and garlands, eagles at its corners,
/// the bronze shaft wound with its spiral frieze, the Doric capital with its gallery, the lantern and dome, and the
/// statue on top.
fn column(parts: &mut Parts) {
    let c = COLUMN_M;
    // Two steps, the pedestal, its cornice: (material, height of the centre, size).
    for (material, y, size) in [
        (Finish::StoneDark, 0.2, vec3(9.0, 0.4, 9.0)),
        (Finish::StoneDark, 0.6, vec3(8.0, 0.4, 8.0)),
        (Finish::AshlarPedestal, 3.05, vec3(6.5, 4.5, 6.5)),
        (Finish::Stone, 5.45, vec3(7.0, 0.3, 7.0)),
    ] {
        parts.block(material, c + Vec3::Y * y, size);
    }
    // Bronze relief panels on the four faces (trophies of arms in the original), with a garland band above.
    for (normal, along) in [
        (Vec3::Z, Vec3::X),
        (Vec3::NEG_Z, Vec3::X),
        (Vec3::X, Vec3::Z),
        (Vec3::NEG_X, Vec3::Z),
    ] {
        let size = along * 5.0 + Vec3::Y * 3.0 + normal.abs() * 0.1;
        parts.blocks([
            (Finish::ReliefPanel, c + Vec3::Y * 2.8 + normal * 3.26, size),
            (
                Finish::Bronze,
                c + Vec3::Y * 4.75 + normal * 3.28,
                along * 6.0 + Vec3::Y * 0.35 + normal.abs() * 0.1,
            ),
        ]);
    }
    for (x, z) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        parts.shaped(
            Shape::Sphere,
            Finish::Bronze,
            Transform::from_translation(c + vec3(x * 3.3, 5.95, z * 3.3))
                .with_scale(vec3(0.6, 0.7, 0.6)),
        );
    }
    // The shaft and the frieze that climbs it in 22 turns.
    let base = 5.6;
    let shaft = COLUMN_HEIGHT_M - 9.0;
    parts.cylinder(Finish::BronzeDark, c + Vec3::Y * base, 1.8, shaft);
    parts.cylinder(Finish::Bronze, c + Vec3::Y * base, 2.05, 0.6);
    parts.shaped(
        Shape::Spiral,
        Finish::Patina,
        Transform::from_translation(c + Vec3::Y * (base + 0.6)),
    );
    // Capital: echinus, abacus, the gallery's railing, the lantern and its dome, the statue.
    let top = base + shaft;
    parts.cylinder(Finish::Bronze, c + Vec3::Y * top, 2.1, 0.45);
    parts.block(
        Finish::Bronze,
        c + Vec3::Y * (top + 0.75),
        vec3(4.8, 0.6, 4.8),
    );
    for k in 0..16 {
        let a = TAU * k as f32 / 16.0;
        let p = vec3(a.cos(), 0.0, a.sin()) * 2.2;
        parts.cylinder(Finish::Lacquer, c + p + Vec3::Y * (top + 1.05), 0.04, 0.9);
    }
    parts.cylinder(Finish::Bronze, c + Vec3::Y * (top + 1.05), 1.15, 1.8);
    parts.shaped(
        Shape::Sphere,
        Finish::Bronze,
        Transform::from_translation(c + Vec3::Y * (top + 2.85)).with_scale(vec3(2.3, 1.4, 2.3)),
    );
    parts.cylinder(Finish::BronzeDark, c + Vec3::Y * (top + 3.3), 0.45, 0.6);
    // The statue: a figure in a long cloak, one arm holding a sceptre.
    parts.shaped(
        Shape::Cone,
        Finish::BronzeDark,
        Transform::from_translation(c + Vec3::Y * (top + 4.75)).with_scale(vec3(1.0, 2.3, 1.0)),
    );
    parts.cylinder(Finish::BronzeDark, c + Vec3::Y * (top + 5.3), 0.26, 0.9);
    parts.shaped(
        Shape::Sphere,
        Finish::BronzeDark,
        Transform::from_translation(c + Vec3::Y * (top + 6.45)).with_scale(Vec3::splat(0.42)),
    );
    parts.block_rotated(
        Finish::BronzeDark,
        c + vec3(0.45, top + 6.0, 0.25),
        vec3(0.07, 2.2, 0.07),
        Quat::from_rotation_z(-0.25),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boutique::architecture::kit::Part;
    use crate::testing::mixed_products;

    #[test]
    fn the_neighbours_are_one_facade_mirrored() {
        let (left, right) = (neighbour_facade(-1.0), neighbour_facade(1.0));
        assert_eq!(left.0.len(), right.0.len());
        assert!(left.0.len() > NEIGHBOUR_BAYS as usize * 3);
        for (l, r) in left.0.iter().zip(&right.0) {
            assert_eq!((l.shape, l.finish), (r.shape, r.finish));
            let (a, b) = (l.transform.translation, r.transform.translation);
            assert!(
                (a.x + b.x).abs() < 1e-5 && a.y == b.y && a.z == b.z,
                "{a} is not {b} mirrored"
            );
        }
    }

    #[test]
    fn the_cornice_runs_at_one_height_along_the_boutique_and_both_neighbours() {
        let parts = exterior_parts(&BoutiqueLayout::new(&mixed_products()));
        let is_cornice = |p: &&Part| {
            p.finish == Finish::Stone && p.transform.scale.y == 0.6 && p.transform.scale.z == 1.1
        };
        let cornices: Vec<&Part> = parts.0.iter().filter(is_cornice).collect();
        assert_eq!(cornices.len(), 3, "the boutique's and two neighbours'");
        for cornice in &cornices {
            // Placed with the neighbours' turn, to float precision.
            assert!(
                (cornice.transform.translation.y - CORNICE_M).abs() < 1e-4,
                "{cornice:?}"
            );
        }
        // Together they span the boutique's front and 24 m beyond each corner.
        let width: f32 = cornices.iter().map(|c| c.transform.scale.x).sum();
        assert!((width - (2.0 * FACADE_HALF_WIDTH_M + 2.0 * 24.0)).abs() < 1e-4);
    }

    #[test]
    fn every_part_stands_on_or_above_the_place() {
        let parts = exterior_parts(&BoutiqueLayout::new(&mixed_products()));
        for part in &parts.0 {
            let t = part.transform;
            assert!(t.translation.is_finite() && t.scale.is_finite(), "{part:?}");
            assert!(
                t.scale.min_element() > 0.0,
                "a part without volume: {part:?}"
            );
            assert!(t.translation.y >= -0.05, "below the paving: {part:?}");
        }
    }
}
