//! Writing a cubemap from a radiance function: the studio's, the sky's and the salon's environments.

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{
    Extent3d, TextureDimension, TextureFormat, TextureViewDescriptor, TextureViewDimension,
};

/// Builds a cubemap of `face_px`-texel faces (+X, -X, +Y, -Y, +Z, -Z) as one RGBA16F image, from the radiance seen
/// in each direction.
pub fn cubemap(face_px: u32, radiance: impl Fn(Vec3) -> Vec3) -> Image {
    let n = face_px as usize;
    let mut data: Vec<u8> = Vec::with_capacity(n * n * 6 * 8);
    for face in 0..6 {
        for y in 0..n {
            for x in 0..n {
                // Cubemap face orientation as in the Vulkan/WebGPU convention (the ibl crate's, which filters
                // these maps where the GPU cannot); cubemaps are left-handed, so Bevy samples them with z negated
                // and the world direction of a texel has its z flipped.
                let direction = ibl::texel_direction(face, x, y, n);
                let c = radiance((direction * Vec3::new(1.0, 1.0, -1.0)).normalize());
                for channel in [c.x, c.y, c.z, 1.0] {
                    data.extend_from_slice(&half::f16::from_f32(channel).to_le_bytes());
                }
            }
        }
    }
    let mut image = Image::new(
        Extent3d {
            width: face_px,
            height: face_px,
            depth_or_array_layers: 6,
        },
        TextureDimension::D2,
        data,
        TextureFormat::Rgba16Float,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_view_descriptor = Some(TextureViewDescriptor {
        dimension: Some(TextureViewDimension::Cube),
        ..default()
    });
    image
}
