//! Outside the boutique: a piece of Place Vendôme (paving, the column, lanterns, the angled neighbours) and the
//! building's façade with the maison's storefront and sign.

use std::f32::consts::{FRAC_PI_2, PI, TAU};

use bevy::prelude::*;

use super::Architecture;
use super::kit::{Kit, block, block_rotated, cylinder, part};
use crate::boutique::layout::{
    BAY_M, BoutiqueLayout, COLUMN_HEIGHT_M, COLUMN_M, FACADE_HALF_WIDTH_M, SignPlate,
};

/// The façade along z = 0 from `x0` to `x1`, facing +Z: arcaded ground floor, two storeys with pilasters and
/// windows, cornice, mansard roof with dormers; the door's bay and the plan's shop windows are the maison's
/// storefront.
fn facade(commands: &mut Commands, kit: &Kit, layout: &BoutiqueLayout, x0: f32, x1: f32) {
    let bay = BAY_M;
    let bays = ((x1 - x0) / bay).round() as i32;
    let front = 0.2;
    // The wall itself, from the arcade up to the cornice.
    block(
        commands,
        kit,
        &kit.ashlar_wall,
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
        let is_window = layout
            .shop_windows()
            .any(|w| (w.centre().x - cx).abs() < 0.1);
        // Piers between the arches.
        block(
            commands,
            kit,
            &kit.ashlar_pier,
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
            let sign = &layout.sign;
            block(
                commands,
                kit,
                &kit.lacquer,
                sign.centre_m - Vec3::Z * 0.03,
                sign.size_m.extend(0.06),
            );
            block(
                commands,
                kit,
                &kit.gold,
                sign.centre_m - Vec3::Z * 0.04,
                (sign.size_m + Vec2::new(0.15, 0.1)).extend(0.04),
            );
        } else if is_window {
            block(
                commands,
                kit,
                &kit.shop_glass,
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
            // Another house's shop window under the arcade, lit warm from inside, with a bronze frame: a
            // transom at the springing of the arch and a mullion.
            block(
                commands,
                kit,
                &kit.shopfront,
                Vec3::new(cx, 2.55, front - 0.1),
                Vec3::new(bay, 5.1, 0.05),
            );
            block(
                commands,
                kit,
                &kit.bronze,
                Vec3::new(cx, spring, front - 0.04),
                Vec3::new(bay - 0.7, 0.1, 0.06),
            );
            // Its display inside: a lit case on each side of the mullion.
            for side in [-1.0f32, 1.0] {
                block(
                    commands,
                    kit,
                    &kit.display_glow,
                    Vec3::new(cx + side * 0.75, 1.55, front - 0.07),
                    Vec3::new(1.05, 1.3, 0.02),
                );
            }
            block(
                commands,
                kit,
                &kit.bronze,
                Vec3::new(cx, spring / 2.0, front - 0.04),
                Vec3::new(0.08, spring, 0.06),
            );
            block(
                commands,
                kit,
                &kit.stone_dark,
                Vec3::new(cx, 0.3, front - 0.02),
                Vec3::new(bay - 0.7, 0.6, 0.12),
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
            // French windows: a white frame, the meeting stiles down the middle and glazing bars across.
            block(
                commands,
                kit,
                &kit.window_frame,
                Vec3::new(cx, sill + height / 2.0, front + 0.31),
                Vec3::new(0.09, height, 0.04),
            );
            let panes = if floor == 0 { 4 } else { 3 };
            for k in 1..panes {
                block(
                    commands,
                    kit,
                    &kit.window_frame,
                    Vec3::new(cx, sill + height * k as f32 / panes as f32, front + 0.31),
                    Vec3::new(1.5, 0.045, 0.03),
                );
            }
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

pub(super) fn spawn_exterior(commands: &mut Commands, kit: &Kit, layout: &BoutiqueLayout) {
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
        Vec3::new(2.0 * FACADE_HALF_WIDTH_M, 0.1, 6.0),
    );
    facade(
        commands,
        kit,
        layout,
        -FACADE_HALF_WIDTH_M,
        FACADE_HALF_WIDTH_M,
    );
    // The façades at an angle on both sides, as the octagon turns.
    for (side, angle) in [(-1.0f32, 0.6f32), (1.0, -0.6)] {
        let root = commands
            .spawn((
                Architecture,
                Transform::from_translation(Vec3::new(side * FACADE_HALF_WIDTH_M, 0.0, 0.0))
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
                    MeshMaterial3d(kit.ashlar_bay.clone()),
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
                let frame = &kit.window_frame;
                for (material, centre, size) in [
                    (
                        frame,
                        Vec3::new(cx, sill + 1.4, 0.35),
                        Vec3::new(0.09, 2.8, 0.03),
                    ),
                    (
                        frame,
                        Vec3::new(cx, sill + 0.93, 0.35),
                        Vec3::new(1.5, 0.045, 0.03),
                    ),
                    (
                        frame,
                        Vec3::new(cx, sill + 1.87, 0.35),
                        Vec3::new(1.5, 0.045, 0.03),
                    ),
                    (
                        &kit.stone_dark,
                        Vec3::new(cx, sill + 1.4, 0.3),
                        Vec3::new(1.9, 3.1, 0.04),
                    ),
                ] {
                    children.push(
                        commands
                            .spawn((
                                Architecture,
                                Mesh3d(kit.cube.clone()),
                                MeshMaterial3d(material.clone()),
                                Transform::from_translation(centre).with_scale(size),
                            ))
                            .id(),
                    );
                }
            }
        }
        // Their cornice and mansard, continuing the boutique's.
        let middle = side * 12.0;
        for (material, centre, size) in [
            (
                &kit.stone,
                Vec3::new(middle, 14.7, 0.35),
                Vec3::new(24.0, 0.6, 1.1),
            ),
            (
                &kit.stone_dark,
                Vec3::new(middle, 15.2, 0.1),
                Vec3::new(24.0, 0.4, 0.7),
            ),
            (
                &kit.slate,
                Vec3::new(middle, 19.2, -5.0),
                Vec3::new(24.0, 0.3, 8.0),
            ),
        ] {
            children.push(
                commands
                    .spawn((
                        Architecture,
                        Mesh3d(kit.cube.clone()),
                        MeshMaterial3d(material.clone()),
                        Transform::from_translation(centre).with_scale(size),
                    ))
                    .id(),
            );
        }
        children.push(
            commands
                .spawn((
                    Architecture,
                    Mesh3d(kit.cube.clone()),
                    MeshMaterial3d(kit.slate.clone()),
                    Transform::from_translation(Vec3::new(middle, 17.0, -1.0))
                        .with_rotation(Quat::from_rotation_x(-0.35))
                        .with_scale(Vec3::new(24.0, 4.6, 0.3)),
                ))
                .id(),
        );
        commands.entity(root).add_children(&children);
    }
    spawn_column(commands, kit);
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
        part(
            commands,
            &kit.sphere,
            &kit.lamp,
            Transform::from_translation(base + Vec3::Y * 4.05)
                .with_scale(Vec3::new(0.36, 0.5, 0.36)),
        );
    }
}

/// The maison's name in gilded relief capitals on the black sign over the door, fitted to its plate.
pub(super) fn spawn_lettering(commands: &mut Commands, kit: &Kit, sign: &SignPlate, name: &str) {
    let lettering = crate::boutique::lettering::fit(name, sign.size_m);
    let stroke = lettering.stroke_m;
    for (a, b) in lettering.segments_m {
        let d = b - a;
        let mid = (a + b) / 2.0;
        block_rotated(
            commands,
            kit,
            &kit.gold,
            sign.centre_m + mid.extend(lettering.relief_m / 2.0),
            Vec3::new(d.length() + stroke, stroke, lettering.relief_m),
            Quat::from_rotation_z(d.y.atan2(d.x)),
        );
    }
}

/// The Vendôme column: a stepped base and a pedestal faced with bronze reliefs and garlands, eagles at its corners,
/// the bronze shaft wound with its spiral frieze, the Doric capital with its gallery, the lantern and dome, and the
/// statue on top.
fn spawn_column(commands: &mut Commands, kit: &Kit) {
    let c = COLUMN_M;
    // Two steps, the pedestal, its cornice: (material, height of the centre, size).
    for (material, y, size) in [
        (&kit.stone_dark, 0.2, Vec3::new(9.0, 0.4, 9.0)),
        (&kit.stone_dark, 0.6, Vec3::new(8.0, 0.4, 8.0)),
        (&kit.ashlar_pedestal, 3.05, Vec3::new(6.5, 4.5, 6.5)),
        (&kit.stone, 5.45, Vec3::new(7.0, 0.3, 7.0)),
    ] {
        block(commands, kit, material, c + Vec3::Y * y, size);
    }
    // Bronze relief panels on the four faces (trophies of arms in the original), with a garland band above.
    for (normal, along) in [
        (Vec3::Z, Vec3::X),
        (Vec3::NEG_Z, Vec3::X),
        (Vec3::X, Vec3::Z),
        (Vec3::NEG_X, Vec3::Z),
    ] {
        let size = along * 5.0 + Vec3::Y * 3.0 + normal.abs() * 0.1;
        block(
            commands,
            kit,
            &kit.relief_panel,
            c + Vec3::Y * 2.8 + normal * 3.26,
            size,
        );
        block(
            commands,
            kit,
            &kit.bronze,
            c + Vec3::Y * 4.75 + normal * 3.28,
            along * 6.0 + Vec3::Y * 0.35 + normal.abs() * 0.1,
        );
    }
    for (x, z) in [(-1.0f32, -1.0f32), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        part(
            commands,
            &kit.sphere,
            &kit.bronze,
            Transform::from_translation(c + Vec3::new(x * 3.3, 5.95, z * 3.3))
                .with_scale(Vec3::new(0.6, 0.7, 0.6)),
        );
    }
    // The shaft and the frieze that climbs it in 22 turns.
    let base = 5.6;
    let shaft = COLUMN_HEIGHT_M - 9.0;
    cylinder(
        commands,
        kit,
        &kit.bronze_dark,
        c + Vec3::Y * base,
        1.8,
        shaft,
    );
    cylinder(commands, kit, &kit.bronze, c + Vec3::Y * base, 2.05, 0.6);
    part(
        commands,
        &kit.spiral,
        &kit.patina,
        Transform::from_translation(c + Vec3::Y * (base + 0.6)),
    );
    // Capital: echinus, abacus, the gallery's railing, the lantern and its dome, the statue.
    let top = base + shaft;
    cylinder(commands, kit, &kit.bronze, c + Vec3::Y * top, 2.1, 0.45);
    block(
        commands,
        kit,
        &kit.bronze,
        c + Vec3::Y * (top + 0.75),
        Vec3::new(4.8, 0.6, 4.8),
    );
    for k in 0..16 {
        let a = TAU * k as f32 / 16.0;
        let p = Vec3::new(a.cos(), 0.0, a.sin()) * 2.2;
        cylinder(
            commands,
            kit,
            &kit.lacquer,
            c + p + Vec3::Y * (top + 1.05),
            0.04,
            0.9,
        );
    }
    cylinder(
        commands,
        kit,
        &kit.bronze,
        c + Vec3::Y * (top + 1.05),
        1.15,
        1.8,
    );
    part(
        commands,
        &kit.sphere,
        &kit.bronze,
        Transform::from_translation(c + Vec3::Y * (top + 2.85))
            .with_scale(Vec3::new(2.3, 1.4, 2.3)),
    );
    cylinder(
        commands,
        kit,
        &kit.bronze_dark,
        c + Vec3::Y * (top + 3.3),
        0.45,
        0.6,
    );
    // The statue: a figure in a long cloak, one arm holding a sceptre.
    part(
        commands,
        &kit.cone,
        &kit.bronze_dark,
        Transform::from_translation(c + Vec3::Y * (top + 4.75))
            .with_scale(Vec3::new(1.0, 2.3, 1.0)),
    );
    cylinder(
        commands,
        kit,
        &kit.bronze_dark,
        c + Vec3::Y * (top + 5.3),
        0.26,
        0.9,
    );
    part(
        commands,
        &kit.sphere,
        &kit.bronze_dark,
        Transform::from_translation(c + Vec3::Y * (top + 6.45)).with_scale(Vec3::splat(0.42)),
    );
    block_rotated(
        commands,
        kit,
        &kit.bronze_dark,
        c + Vec3::new(0.45, top + 6.0, 0.25),
        Vec3::new(0.07, 2.2, 0.07),
        Quat::from_rotation_z(-0.25),
    );
}
