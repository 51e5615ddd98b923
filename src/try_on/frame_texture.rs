//! The camera frame as one GPU texture, re-filled in place every frame: the main world hands a frame over with
//! [`FrameTexture::submit`] in the same update that poses the pieces for it; extraction moves it to the render
//! world together with those poses (frame-locked: the background drawn is the very frame the landmarks came from),
//! and the render world writes it into the image's existing texture. Buffers go round between the two worlds, so
//! no frame buffer is allocated per frame once two exist.

use std::sync::{Arc, Mutex};

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_asset::RenderAssets;
use bevy::render::render_resource::{
    Extent3d, TexelCopyBufferLayout, TextureDimension, TextureFormat, TextureUsages,
};
use bevy::render::renderer::RenderQueue;
use bevy::render::texture::GpuImage;
use bevy::render::{Extract, ExtractSchedule, Render, RenderApp, RenderSystems};

pub(super) fn plugin(app: &mut App) {
    let Some(render_app) = app.get_sub_app_mut(RenderApp) else {
        return;
    };
    render_app
        .add_systems(ExtractSchedule, extract_frame)
        .add_systems(
            Render,
            upload_frame
                .in_set(RenderSystems::PrepareResources)
                .after(RenderSystems::PrepareAssets),
        );
}

#[derive(Default)]
struct Slot {
    /// The frame submitted and not yet extracted: its sequence number and RGBA8 pixels.
    pending: Option<(u64, Vec<u8>)>,
    /// Buffers back from the render world, for the next frames.
    spare: Vec<Vec<u8>>,
    /// The sequence number of the frame last written to the texture.
    uploaded: Option<u64>,
}

/// The try-on's background texture and its hand-over slot.
#[derive(Resource, Clone)]
pub struct FrameTexture {
    pub image: Handle<Image>,
    pub size_px: UVec2,
    slot: Arc<Mutex<Slot>>,
}

impl FrameTexture {
    /// A black texture of `size_px` kept only on the GPU, and its slot.
    pub fn new(images: &mut Assets<Image>, size_px: UVec2) -> Self {
        let mut image = Image::new_fill(
            Extent3d {
                width: size_px.x.max(1),
                height: size_px.y.max(1),
                depth_or_array_layers: 1,
            },
            TextureDimension::D2,
            &[0, 0, 0, 255],
            // sRGB: the shader reads linear values and the sRGB target writes them back as the same bytes.
            TextureFormat::Rgba8UnormSrgb,
            RenderAssetUsages::RENDER_WORLD,
        );
        image.texture_descriptor.usage = TextureUsages::TEXTURE_BINDING | TextureUsages::COPY_DST;
        Self {
            image: images.add(image),
            size_px,
            slot: Arc::new(Mutex::new(Slot::default())),
        }
    }

    /// Hands frame `sequence` (RGB8, `size_px`) over to be drawn with this update's poses. A frame submitted earlier
    /// in the same update is replaced.
    pub fn submit(&self, sequence: u64, rgb: &[u8]) {
        let Ok(mut slot) = self.slot.lock() else {
            return;
        };
        let pixels = (self.size_px.x * self.size_px.y) as usize;
        if rgb.len() != pixels * 3 {
            warn_once!(
                "a camera frame of {} bytes does not fit the {}×{} background; not shown",
                rgb.len(),
                self.size_px.x,
                self.size_px.y
            );
            return;
        }
        let mut buffer = slot.spare.pop().unwrap_or_default();
        buffer.clear();
        buffer.reserve(pixels * 4);
        for p in rgb.chunks_exact(3) {
            buffer.extend_from_slice(&[p[0], p[1], p[2], 255]);
        }
        if let Some((_, replaced)) = slot.pending.replace((sequence, buffer)) {
            slot.spare.push(replaced);
        }
    }

    /// The sequence number of the frame last written to the GPU texture.
    pub fn uploaded(&self) -> Option<u64> {
        self.slot.lock().ok().and_then(|s| s.uploaded)
    }
}

/// In the render world: the frame extracted with this frame's poses, waiting to be written.
#[derive(Resource)]
struct FrameToUpload {
    image: AssetId<Image>,
    size_px: UVec2,
    sequence: u64,
    rgba: Vec<u8>,
    slot: Arc<Mutex<Slot>>,
}

fn extract_frame(mut commands: Commands, texture: Extract<Option<Res<FrameTexture>>>) {
    let Some(texture) = texture.as_ref() else {
        return;
    };
    let Some((sequence, rgba)) = texture.slot.lock().ok().and_then(|mut s| s.pending.take()) else {
        return;
    };
    commands.insert_resource(FrameToUpload {
        image: texture.image.id(),
        size_px: texture.size_px,
        sequence,
        rgba,
        slot: texture.slot.clone(),
    });
}

fn upload_frame(
    mut commands: Commands,
    frame: Option<Res<FrameToUpload>>,
    images: Res<RenderAssets<GpuImage>>,
    queue: Res<RenderQueue>,
) {
    let Some(frame) = frame else { return };
    // The texture appears the first frame after the image is added; until then the frame waits.
    let Some(gpu) = images.get(frame.image) else {
        return;
    };
    let size = gpu.texture_descriptor.size;
    if size.width != frame.size_px.x || size.height != frame.size_px.y {
        commands.remove_resource::<FrameToUpload>();
        return;
    }
    queue.write_texture(
        gpu.texture.as_image_copy(),
        &frame.rgba,
        TexelCopyBufferLayout {
            offset: 0,
            bytes_per_row: Some(frame.size_px.x * 4),
            rows_per_image: None,
        },
        size,
    );
    if let Ok(mut slot) = frame.slot.lock() {
        slot.uploaded = Some(frame.sequence);
    }
    commands.remove_resource::<FrameToUpload>();
}

/// Returns the render world's buffer to the slot when it is removed.
impl Drop for FrameToUpload {
    fn drop(&mut self) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.spare.push(std::mem::take(&mut self.rgba));
        }
    }
}
