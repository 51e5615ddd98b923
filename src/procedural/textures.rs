//! Procedural textures for the boutique's surfaces: marble, the place's paving, cut limestone and the gallery's
//! paintings. Each is made once at start-up, tiles seamlessly and carries a full mip chain (so that the paving far
//! across the place does not shimmer).

use std::f32::consts::PI;

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageAddressMode, ImageFilterMode, ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

use super::noise::{fbm, hash, value_noise};

/// A repeating sRGB texture from `width`×`height` linear-ish colours, with its mip chain (box filtered) and a
/// trilinear, anisotropic sampler.
fn tiling_image(width: u32, height: u32, pixel: impl Fn(f32, f32) -> [f32; 3]) -> Image {
    let mut level: Vec<[f32; 3]> = Vec::with_capacity((width * height) as usize);
    for y in 0..height {
        for x in 0..width {
            level.push(pixel(
                (x as f32 + 0.5) / width as f32,
                (y as f32 + 0.5) / height as f32,
            ));
        }
    }
    let to_bytes = |level: &[[f32; 3]], out: &mut Vec<u8>| {
        for c in level {
            out.extend(c.iter().map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8));
            out.push(255);
        }
    };
    let mut base = Vec::with_capacity((width * height * 4) as usize);
    to_bytes(&level, &mut base);
    let mut image = Image::new(
        Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        base.clone(),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    // The mip chain, level after level, each the 2×2 average of the one above.
    let (mut w, mut h) = (width, height);
    let mut all = base;
    let mut levels = 1;
    while w > 1 && h > 1 && w % 2 == 0 && h % 2 == 0 {
        let (nw, nh) = (w / 2, h / 2);
        let mut next = Vec::with_capacity((nw * nh) as usize);
        for y in 0..nh {
            for x in 0..nw {
                let mut c = [0.0f32; 3];
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let p = level[((2 * y + dy) * w + 2 * x + dx) as usize];
                    for k in 0..3 {
                        c[k] += p[k] / 4.0;
                    }
                }
                next.push(c);
            }
        }
        to_bytes(&next, &mut all);
        level = next;
        (w, h) = (nw, nh);
        levels += 1;
    }
    image.data = Some(all);
    image.texture_descriptor.mip_level_count = levels;
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::Repeat,
        address_mode_v: ImageAddressMode::Repeat,
        mag_filter: ImageFilterMode::Linear,
        min_filter: ImageFilterMode::Linear,
        mipmap_filter: ImageFilterMode::Linear,
        anisotropy_clamp: 8,
        ..default()
    });
    image
}

/// A procedural marble: slabs (two by two per tile), each cut from a different part of the block, with a few long
/// grey veins wandering across it, fainter veins crossing them, a soft cloudy ground and thin joints.
pub(crate) fn marble_texture(size: u32, warm: [f32; 3], vein: [f32; 3]) -> Image {
    tiling_image(size, size, |u, v| {
        let (su, sv) = ((u * 2.0).floor(), (v * 2.0).floor());
        let slab = hash(su as i32 + 3, sv as i32 + 9);
        let turbulence = fbm(u, v, 3, 6);
        let cloud = fbm(u + 0.37, v + 0.61, 4, 4);
        // Main veins: few, long, warped; each slab shifts them (it is cut from elsewhere in the block).
        let main = ((u + v) * 2.0 * PI + turbulence * 14.0 + slab * 6.0)
            .sin()
            .abs();
        let cross = ((u - v) * 4.0 * PI + turbulence * 10.0 + slab * 3.0)
            .sin()
            .abs();
        let veins = main.powf(0.12).min(0.55 + 0.45 * cross.powf(0.2));
        let (tu, tv) = ((u * 2.0).fract(), (v * 2.0).fract());
        let joint = tu < 0.003 || tv < 0.003;
        let mut c = [0.0f32; 3];
        for k in 0..3 {
            c[k] = vein[k] + (warm[k] - vein[k]) * veins;
            c[k] *= 0.95 + 0.06 * cloud + 0.02 * slab;
            if joint {
                c[k] *= 0.8;
            }
        }
        c
    })
}

/// Shade of a joint seen in low sun: a dark groove, the arris above it in shade and the one below it lit, so cut
/// stone reads in relief. `d` is the signed distance from the joint (positive above or right of it, as a cube's
/// faces map the texture upright-flipped) and `width` the joint's half width,
/// both as fractions of a block.
fn joint_shade(d: f32, width: f32) -> f32 {
    let a = d.abs();
    if a < width {
        0.62
    } else if d > 0.0 && a < width * 2.5 {
        0.9
    } else if d < 0.0 && a < width * 2.5 {
        1.06
    } else {
        1.0
    }
}

/// Cut limestone (pierre de taille): two courses of blocks per tile, each course offset by half a block, with
/// faint per-block tint, fossil speckle and weathering. The tile is 2.4 m wide and 1.2 m high.
pub(crate) fn ashlar_texture() -> Image {
    let stone = [0.87, 0.82, 0.72];
    tiling_image(512, 256, |u, v| {
        let course = (v * 2.0).floor();
        let in_course = (v * 2.0).fract();
        let shifted = (u * 2.0 + course * 0.5).rem_euclid(2.0);
        let block = shifted.floor();
        let in_block = shifted.fract();
        let tint = hash(block as i32 + 7, course as i32 + 3) - 0.5;
        let grain = fbm(u, v, 8, 5);
        let speckle = value_noise(u * 256.0, v * 128.0, 256);
        let mut shade = 0.93 + 0.1 * grain + 0.05 * tint - 0.05 * (speckle - 0.5).max(0.0);
        // Weathering darker towards the bottom of each course.
        shade *= 0.97 + 0.03 * in_course;
        // Bed joints (horizontal) and head joints (vertical), 0.6 cm half width.
        let signed = |f: f32| if f < 0.5 { f } else { f - 1.0 };
        let bed = joint_shade(signed(in_course), 0.008);
        let head = joint_shade(signed(in_block), 0.004);
        shade *= bed.min(head);
        [stone[0] * shade, stone[1] * shade, stone[2] * shade * 0.99]
    })
}

/// The place's paving: grey-beige stone slabs (1.0 × 0.5 m, running bond) with per-slab tone, granite speckle
/// and dark joints. The tile is 4 m square.
pub(crate) fn paving_texture() -> Image {
    let base = [0.6, 0.57, 0.52];
    tiling_image(512, 512, |u, v| {
        let row = (v * 8.0).floor();
        let in_row = (v * 8.0).fract();
        let shifted = (u * 4.0 + row * 0.5).rem_euclid(4.0);
        let slab = shifted.floor();
        let in_slab = shifted.fract();
        let tone = hash(slab as i32 + 11, row as i32 + 5) - 0.5;
        let grain = fbm(u, v, 16, 4);
        let speckle = value_noise(u * 512.0, v * 512.0, 512);
        let mut shade = 0.9 + 0.12 * tone + 0.1 * (grain - 0.5) + 0.08 * (speckle - 0.5);
        let edge_row = in_row.min(1.0 - in_row);
        let edge_slab = in_slab.min(1.0 - in_slab) * 0.5;
        if edge_row < 0.02 || edge_slab < 0.005 {
            shade *= 0.55;
        }
        [base[0] * shade, base[1] * shade, base[2] * shade]
    })
}

/// Bronze in bas-relief for the column's frieze and the pedestal's panels: a procession of figures (eight per
/// tile), raised and catching the light, outlined by dark recesses where the patina has gone green-black.
pub(crate) fn relief_texture() -> Image {
    let bronze = [0.3, 0.24, 0.16];
    let verdigris = [0.12, 0.15, 0.12];
    tiling_image(512, 128, |u, v| {
        let slot = u * 8.0;
        let figure = slot.floor();
        let x = slot.fract() - 0.5;
        let y = v - 0.5;
        let wobble = value_noise(u * 64.0, v * 16.0, 64) - 0.5;
        let lean = (hash(figure as i32, 1) - 0.5) * 0.3;
        let r = ((x - lean * y) / 0.26).powi(2) + (y / 0.44).powi(2) + wobble * 0.5;
        let mottling = fbm(u, v, 8, 4);
        let (lift, recess) = if r < 0.8 {
            (1.0 + 0.12 * (1.0 - r), 0.0)
        } else if r < 1.05 {
            (0.5, 1.0)
        } else {
            (0.72, 0.4)
        };
        let green = (recess * 0.6 + (mottling - 0.5) * 0.8).clamp(0.0, 1.0);
        let mut c = [0.0f32; 3];
        for k in 0..3 {
            c[k] =
                (bronze[k] + (verdigris[k] - bronze[k]) * green) * lift * (0.85 + 0.3 * mottling);
        }
        c
    })
}

/// An abstract painting for the gallery wall: soft colour fields, different for each `seed`.
pub(crate) fn painting_texture(seed: u32) -> Image {
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
