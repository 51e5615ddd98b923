//! Procedural textures for the boutique's surfaces: marble, paving, cut limestone and the gallery's paintings.

use std::f32::consts::PI;

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};

/// A procedural marble: large cream tiles with soft grey veins and thin joints, tiling every `tiles` slabs.
pub(super) fn marble_texture(size: u32, warm: [f32; 3], vein: [f32; 3]) -> Image {
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
pub(super) fn painting_texture(seed: u32) -> Image {
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
