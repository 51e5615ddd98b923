//! A webcam through nokhwa (V4L2 on Linux). Frames arrive as MJPEG, YUYV, NV12, grey or raw RGB/BGR and are
//! converted to RGB here. A missing or vanished camera is an error that names it; `reconnect` reopens it, so the
//! capture thread recovers when the camera comes back.

use nokhwa::Camera;
use nokhwa::utils::{
    CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType, Resolution,
};
use web_time::Instant;

use crate::input::source::{Frame, FrameSource, SourceError, decode_jpeg};
use crate::model::limits::check_size;
use crate::output::timing::elapsed_ms;
use crate::pixels::image_ops::RgbImage;
use crate::pixels::yuv::YuvToRgb;

/// Which camera and how it should run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CameraSettings {
    pub index: u32,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
}

impl Default for CameraSettings {
    fn default() -> Self {
        Self {
            index: 0,
            width: 1280,
            height: 720,
            fps: 30,
        }
    }
}

pub struct CameraSource {
    settings: CameraSettings,
    camera: Option<Camera>,
    sequence: u64,
    started: Instant,
}

impl CameraSource {
    /// Opens the camera and starts streaming.
    pub fn open(settings: CameraSettings) -> Result<Self, SourceError> {
        let mut source = Self {
            settings,
            camera: None,
            sequence: 0,
            started: Instant::now(),
        };
        source.reconnect()?;
        Ok(source)
    }
}

/// A camera the system offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraListing {
    /// The index `--camera N` opens.
    pub index: String,
    pub name: String,
    /// The driver's description (on Linux: the device node and bus).
    pub description: String,
}

/// The cameras the system offers now (an empty list when there are none), or why they cannot be listed.
pub fn list_cameras() -> Result<Vec<CameraListing>, String> {
    match nokhwa::query(nokhwa::utils::ApiBackend::Auto) {
        Ok(cameras) => Ok(cameras
            .iter()
            .map(|c| CameraListing {
                index: c.index().to_string(),
                name: c.human_name(),
                description: c.description().to_string(),
            })
            .collect()),
        Err(e) => Err(e.to_string()),
    }
}

fn open_camera(settings: &CameraSettings) -> Result<Camera, SourceError> {
    let fail = |reason: String| SourceError::NoCamera {
        index: settings.index,
        reason,
    };
    let wanted = CameraFormat::new(
        Resolution::new(settings.width, settings.height),
        FrameFormat::MJPEG,
        settings.fps,
    );
    let format = RequestedFormat::new::<nokhwa::pixel_format::RgbFormat>(
        RequestedFormatType::Closest(wanted),
    );
    let mut camera =
        Camera::new(CameraIndex::Index(settings.index), format).map_err(|e| fail(e.to_string()))?;
    camera.open_stream().map_err(|e| fail(e.to_string()))?;
    Ok(camera)
}

/// Converts one raw camera buffer to RGB. The driver's size is checked against [`crate::model::limits`] and the buffer's
/// length before the RGB image is made.
pub fn to_rgb(
    format: FrameFormat,
    width: usize,
    height: usize,
    raw: &[u8],
) -> Result<RgbImage, String> {
    if format == FrameFormat::MJPEG {
        return decode_jpeg(raw);
    }
    check_size(width, height).map_err(|e| format!("{format} frame: {e}"))?;
    let pixels = width * height;
    // NV12: a full-resolution luma plane, then interleaved U/V at half resolution (rounded up).
    let chroma_row = width.div_ceil(2) * 2;
    let needed = match format {
        FrameFormat::RAWRGB | FrameFormat::RAWBGR => pixels * 3,
        FrameFormat::GRAY => pixels,
        FrameFormat::YUYV => width.div_ceil(2) * 4 * height,
        FrameFormat::NV12 => pixels + chroma_row * height.div_ceil(2),
        FrameFormat::MJPEG => 0,
    };
    let Some(src) = raw.get(..needed) else {
        return Err(format!(
            "{format} frame of {width}x{height} has {} bytes, expected {needed}",
            raw.len()
        ));
    };
    let mut image = RgbImage::new(width, height);
    match format {
        FrameFormat::MJPEG => {}
        FrameFormat::RAWRGB => image.data.copy_from_slice(src),
        FrameFormat::RAWBGR => {
            for (d, s) in image.data.chunks_exact_mut(3).zip(src.chunks_exact(3)) {
                d.copy_from_slice(&[s[2], s[1], s[0]]);
            }
        }
        FrameFormat::GRAY => {
            for (d, s) in image.data.chunks_exact_mut(3).zip(src) {
                d.fill(*s);
            }
        }
        FrameFormat::YUYV => {
            // Y0 U Y1 V per pair of pixels; a row of odd width ends with a half-used pair.
            let pair_row = width.div_ceil(2) * 4;
            let yuv = YuvToRgb::limited_range();
            for (y, out) in image.data.chunks_exact_mut(width * 3).enumerate() {
                let Some(row) = src.get(y * pair_row..) else {
                    break;
                };
                let pairs = row.chunks_exact(4).take(width.div_ceil(2));
                for (pixels, pair) in out.chunks_mut(6).zip(pairs) {
                    let (u, v) = (pair[1], pair[3]);
                    pixels[..3].copy_from_slice(&yuv.pixel(pair[0], u, v));
                    if pixels.len() == 6 {
                        pixels[3..].copy_from_slice(&yuv.pixel(pair[2], u, v));
                    }
                }
            }
        }
        FrameFormat::NV12 => {
            let (luma, chroma) = src.split_at(pixels);
            let yuv = YuvToRgb::limited_range();
            for (y, out) in image.data.chunks_exact_mut(width * 3).enumerate() {
                let c = (y / 2) * chroma_row;
                if let (Some(luma), Some(uv)) = (
                    luma.get(y * width..(y + 1) * width),
                    chroma.get(c..c + chroma_row),
                ) {
                    yuv.row_pairs(luma, uv.chunks_exact(2).map(|p| (p[0], p[1])), out);
                }
            }
        }
    }
    Ok(image)
}

impl FrameSource for CameraSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let index = self.settings.index;
        let lost = |reason: String| SourceError::CameraLost { index, reason };
        let Some(camera) = self.camera.as_mut() else {
            return Err(lost("it is not open".into()));
        };
        let buffer = match camera.frame() {
            Ok(buffer) => buffer,
            Err(e) => {
                // Drop the handle so `reconnect` starts from scratch.
                self.camera = None;
                return Err(lost(e.to_string()));
            }
        };
        let start = Instant::now();
        let resolution = buffer.resolution();
        let image = to_rgb(
            buffer.source_frame_format(),
            resolution.width() as usize,
            resolution.height() as usize,
            buffer.buffer(),
        )
        .map_err(lost)?;
        let frame = Frame {
            sequence: self.sequence,
            timestamp_secs: self.started.elapsed().as_secs_f64(),
            captured_at: start,
            image,
            name: None,
            capture_ms: elapsed_ms(start),
        };
        self.sequence += 1;
        Ok(Some(frame))
    }

    fn describe(&self) -> String {
        format!(
            "camera {} ({}x{} at {} fps)",
            self.settings.index, self.settings.width, self.settings.height, self.settings.fps
        )
    }

    fn reconnect(&mut self) -> Result<(), SourceError> {
        self.camera = None;
        self.camera = Some(open_camera(&self.settings)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuyv_grey_stays_grey_and_short_buffers_are_refused() {
        // Two pixels of mid grey (Y = 126, U = V = 128).
        let img = to_rgb(FrameFormat::YUYV, 2, 1, &[126, 128, 126, 128]).unwrap();
        assert!(
            img.data.iter().all(|v| (*v as i32 - 128).abs() <= 1),
            "{:?}",
            img.data
        );
        let err = to_rgb(FrameFormat::YUYV, 4, 4, &[0; 10]).unwrap_err();
        assert!(err.contains("expected 32"), "{err}");
    }

    #[test]
    fn odd_nv12_frames_and_absurd_sizes_are_read_or_refused_never_a_panic() {
        // 3×3: three luma rows, two chroma rows of two U/V pairs.
        let img = to_rgb(FrameFormat::NV12, 3, 3, &[126; 9 + 8]).unwrap();
        assert_eq!(img.data.len(), 27);
        assert!(to_rgb(FrameFormat::NV12, 3, 3, &[126; 9 + 7]).is_err());
        let err = to_rgb(FrameFormat::YUYV, 4_000_000, 4_000_000, &[0; 64]).unwrap_err();
        assert!(err.contains("16384 px per side"), "{err}");
    }

    #[test]
    fn bgr_is_swapped() {
        let img = to_rgb(FrameFormat::RAWBGR, 1, 1, &[1, 2, 3]).unwrap();
        assert_eq!(img.data, vec![3, 2, 1]);
    }

    #[test]
    fn a_missing_camera_is_a_clear_error() {
        // No machine that runs the tests has a camera at index 97.
        let err = CameraSource::open(CameraSettings {
            index: 97,
            ..CameraSettings::default()
        })
        .err()
        .unwrap();
        assert!(
            matches!(err, SourceError::NoCamera { index: 97, .. }),
            "{err}"
        );
        assert!(err.is_transient());
        assert!(err.to_string().starts_with("no camera 97"), "{err}");
    }
}
