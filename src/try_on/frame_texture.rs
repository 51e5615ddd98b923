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
    /// The sequence number of the frame last written to the texture.
    uploaded: Option<u64>,
}

/// RGBA8 frame buffers going round: filled (on the live feed's inference thread, or by [`FrameTexture::submit`]),
/// handed over, written to the texture by the render world, and back. A few are kept, so that none is allocated
/// per frame once the round is full.
#[derive(Clone, Default)]
pub struct BufferPool(Arc<Mutex<Vec<Vec<u8>>>>);

impl BufferPool {
    /// One being filled, one handed over, one in the render world, one spare.
    const KEPT: usize = 4;

    /// `rgb` (RGB8) as RGBA8 in a buffer from the pool.
    pub fn rgba_from_rgb(&self, rgb: &[u8]) -> Vec<u8> {
        let mut buffer = self
            .0
            .lock()
            .ok()
            .and_then(|mut p| p.pop())
            .unwrap_or_default();
        // Every buffer's alpha is 255 from its first use (lengths stay multiples of 4); only colours are written.
        buffer.resize(rgb.len() / 3 * 4, 255);
        for (rgba, rgb) in buffer.chunks_exact_mut(4).zip(rgb.chunks_exact(3)) {
            rgba[..3].copy_from_slice(rgb);
        }
        buffer
    }

    fn give_back(&self, buffer: Vec<u8>) {
        if let Ok(mut pool) = self.0.lock()
            && pool.len() < Self::KEPT
        {
            pool.push(buffer);
        }
    }
}

/// The try-on's background texture and its hand-over slot.
#[derive(Resource, Clone)]
pub struct FrameTexture {
    pub image: Handle<Image>,
    pub size_px: UVec2,
    slot: Arc<Mutex<Slot>>,
    pool: BufferPool,
}

impl FrameTexture {
    /// A black texture of `size_px` kept only on the GPU, its slot, and the pool its buffers go round.
    pub fn new(images: &mut Assets<Image>, size_px: UVec2, pool: BufferPool) -> Self {
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
            pool,
        }
    }

    /// Hands frame `sequence` (RGB8, `size_px`) over to be drawn with this update's poses. A frame submitted earlier
    /// in the same update is replaced. (The headless renderer's; the live feeds convert where they track.)
    #[cfg(not(target_arch = "wasm32"))]
    pub fn submit(&self, sequence: u64, rgb: &[u8]) {
        self.submit_rgba(sequence, self.pool.rgba_from_rgb(rgb));
    }

    /// The same with the frame already in RGBA8 (converted off the main thread, in a buffer from the pool).
    pub fn submit_rgba(&self, sequence: u64, rgba: Vec<u8>) {
        let pixels = (self.size_px.x * self.size_px.y) as usize;
        if rgba.len() != pixels * 4 {
            warn_once!(
                "a camera frame of {} bytes does not fit the {}×{} background; not shown",
                rgba.len(),
                self.size_px.x,
                self.size_px.y
            );
            self.pool.give_back(rgba);
            return;
        }
        let Ok(mut slot) = self.slot.lock() else {
            return;
        };
        if let Some((_, replaced)) = slot.pending.replace((sequence, rgba)) {
            self.pool.give_back(replaced);
        }
    }

    /// The sequence number of the frame last written to the GPU texture (the headless renderer waits for it).
    #[cfg(not(target_arch = "wasm32"))]
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
    pool: BufferPool,
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
        pool: texture.pool.clone(),
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
        self.pool.give_back(std::mem::take(&mut self.rgba));
    }
}
