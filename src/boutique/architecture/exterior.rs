//! Outside the boutique: a piece of Place Vendôme (paving, the column, lanterns, the angled neighbours) and the
//! building's façade with the maison's storefront and sign.

use std::f32::consts::{FRAC_PI_2, PI};

use bevy::prelude::*;

use super::Architecture;
use super::kit::{Kit, block, block_rotated, cylinder};
use crate::boutique::layout::{COLUMN_HEIGHT_M, COLUMN_M};

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

pub(super) fn spawn_exterior(commands: &mut Commands, kit: &Kit) {
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

/// The maison's name in gilded relief capitals on the black sign over the door.
pub(super) fn spawn_lettering(commands: &mut Commands, kit: &Kit, name: &str) {
    let (segments, width) = crate::boutique::lettering::layout(name);
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
