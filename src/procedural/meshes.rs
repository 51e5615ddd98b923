//! Meshes generated from a profile: the studio's cyclorama and the column's spiral frieze.

use std::f32::consts::TAU;

use bevy::asset::RenderAssetUsages;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;

/// A unit cyclorama: a floor that bends up into a back wall with a smooth quarter-circle cove.
pub fn cyclorama_mesh() -> Mesh {
    let width = 6.0;
    let cove_radius = 1.0;
    let mut profile: Vec<Vec2> = vec![Vec2::new(3.0, 0.0)];
    for i in 0..=12 {
        let a = i as f32 / 12.0 * std::f32::consts::FRAC_PI_2;
        profile.push(Vec2::new(
            -1.5 - cove_radius * a.sin(),
            cove_radius - cove_radius * a.cos(),
        ));
    }
    profile.push(Vec2::new(-1.5 - cove_radius, 4.0));
    // profile.x runs along -z (towards the wall), profile.y is height.
    let mut positions = Vec::new();
    let mut normals = Vec::new();
    let mut indices = Vec::new();
    for (i, p) in profile.iter().enumerate() {
        let tangent = if i + 1 < profile.len() {
            profile[i + 1] - *p
        } else {
            *p - profile[i - 1]
        };
        let n2 = Vec2::new(-tangent.y, tangent.x).normalize_or(Vec2::Y);
        // Facing the camera side: towards +z and up.
        let normal = Vec3::new(0.0, n2.y.abs(), n2.x.abs()).normalize_or(Vec3::Y);
        for x in [-width / 2.0, width / 2.0] {
            positions.push([x, p.y, p.x]);
            normals.push(normal.to_array());
        }
    }
    for i in 0..profile.len() as u32 - 1 {
        let (a, b, c, d) = (i * 2, i * 2 + 1, i * 2 + 2, i * 2 + 3);
        indices.extend([a, b, d, a, d, c]);
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_indices(Indices::U32(indices))
}

/// The column's spiral frieze: a band `band_m` high standing `depth_m` off a shaft of `radius_m`, winding `turns`
/// times up `height_m`, with its outer face and its upper and lower edges (so that low sun draws its relief).
/// UVs run along the band (u, one unit per metre) and across it (v).
pub(crate) fn spiral_frieze_mesh(
    radius_m: f32,
    height_m: f32,
    turns: f32,
    band_m: f32,
    depth_m: f32,
) -> Mesh {
    let steps = (turns * 48.0).ceil() as u32;
    let rise = height_m - band_m;
    let outer = radius_m + depth_m;
    let mut positions: Vec<[f32; 3]> = Vec::new();
    let mut normals: Vec<[f32; 3]> = Vec::new();
    let mut uvs: Vec<[f32; 2]> = Vec::new();
    let mut indices: Vec<u32> = Vec::new();
    // Three strips: outer face, top edge, bottom edge; each a pair of vertices per step.
    let strips: [(f32, f32, f32, f32, Vec3); 3] = [
        (outer, band_m, outer, 0.0, Vec3::ZERO),
        (radius_m, band_m, outer, band_m, Vec3::Y),
        (outer, 0.0, radius_m, 0.0, Vec3::NEG_Y),
    ];
    for (r0, y0, r1, y1, up) in strips {
        let first = positions.len() as u32;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            let a = TAU * turns * t;
            let (sin, cos) = a.sin_cos();
            let radial = Vec3::new(cos, 0.0, sin);
            let normal = if up == Vec3::ZERO { radial } else { up };
            let y = rise * t;
            let length = TAU * outer * turns * t;
            positions.push([r0 * cos, y + y0, r0 * sin]);
            positions.push([r1 * cos, y + y1, r1 * sin]);
            for _ in 0..2 {
                normals.push(normal.to_array());
            }
            uvs.push([length, 0.0]);
            uvs.push([length, 1.0]);
            if i < steps {
                let k = first + 2 * i;
                // Counter-clockwise seen from outside (from above for the top edge, below for the bottom).
                indices.extend_from_slice(&[k, k + 2, k + 1, k + 1, k + 2, k + 3]);
            }
        }
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}
