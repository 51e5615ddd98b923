//! The one way the headless commands take a picture: an off-screen target to render into, a screenshot of it
//! handed back to the system that asked, and the PNG it is written as (`vitrine render`, `render-view`, `tryon
//! --out`, the try-on's snapshot).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bevy::asset::RenderAssetUsages;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

/// Why a picture could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    #[error("cannot convert the rendered image: {0}")]
    Convert(String),
    #[error("cannot create {}: {source}", .dir.display())]
    CreateDir {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", .path.display())]
    Write {
        path: PathBuf,
        source: image::ImageError,
    },
}

/// An sRGB image to render into and read back, black until drawn.
pub(crate) fn render_target_image(size_px: UVec2) -> Image {
    let mut image = Image::new_fill(
        Extent3d {
            width: size_px.x,
            height: size_px.y,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        &[0, 0, 0, 255],
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.usage = TextureUsages::TEXTURE_BINDING
        | TextureUsages::COPY_SRC
        | TextureUsages::COPY_DST
        | TextureUsages::RENDER_ATTACHMENT;
    image
}

/// A screenshot asked for and not yet taken: the render world fills it a frame or two after [`Capture::request`],
/// the asking system takes it with [`Capture::take`].
#[derive(Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<Option<Image>>>);

impl Capture {
    /// Asks for the next frame drawn into `target`; a picture not yet taken is dropped.
    pub fn request(&self, commands: &mut Commands, target: Handle<Image>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = None;
        }
        let slot = self.0.clone();
        commands
            .spawn(Screenshot::image(target))
            .observe(move |shot: On<ScreenshotCaptured>| {
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(shot.image.clone());
                }
            });
    }

    /// The picture, once it has arrived (then it is no longer held here).
    pub fn take(&self) -> Option<Image> {
        self.0.lock().ok().and_then(|mut slot| slot.take())
    }
}

/// A rendered image as 8-bit RGB (alpha dropped: every target here is opaque).
pub(crate) fn to_rgb(image: &Image) -> Result<image::RgbImage, CaptureError> {
    image
        .clone()
        .try_into_dynamic()
        .map(|d| d.to_rgb8())
        .map_err(|e| CaptureError::Convert(e.to_string()))
}

/// Writes `rgb` as a PNG at `out`, creating its folder.
pub(crate) fn write_png(rgb: &image::RgbImage, out: &Path) -> Result<PathBuf, CaptureError> {
    if let Some(dir) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| CaptureError::CreateDir {
            dir: dir.to_owned(),
            source,
        })?;
    }
    rgb.save(out).map_err(|source| CaptureError::Write {
        path: out.to_owned(),
        source,
    })?;
    Ok(out.to_owned())
}

/// Writes a rendered image as a PNG at `out`.
pub(crate) fn save(image: &Image, out: &Path) -> Result<PathBuf, CaptureError> {
    write_png(&to_rgb(image)?, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_written_as_the_png_it_holds_and_a_bad_path_is_named() {
        let dir = std::env::temp_dir().join(format!("vitrine-capture-{}", std::process::id()));
        let image = render_target_image(UVec2::new(4, 3));
        let out = dir.join("nested/shot.png");
        let written = save(&image, &out).expect("a temporary folder is writable");
        let read = image::open(&written).expect("the PNG reads back").to_rgb8();
        assert_eq!((read.width(), read.height()), (4, 3));
        assert!(read.pixels().all(|p| p.0 == [0, 0, 0]));
        // A file where the folder should be.
        let blocked = dir.join("nested/shot.png/inside.png");
        let error = save(&image, &blocked).expect_err("a file cannot hold a folder");
        assert!(
            error.to_string().contains("shot.png"),
            "the message names the path: {error}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
