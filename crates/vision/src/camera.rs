//! A webcam through nokhwa (V4L2 on Linux). Frames arrive as MJPEG, YUYV, NV12, grey or raw RGB/BGR and are
//! converted to RGB here. A missing or vanished camera is an error that names it; `reconnect` reopens it, so the
//! capture thread recovers when the camera comes back.

use nokhwa::Camera;
use nokhwa::utils::{
    CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType, Resolution,
};
use web_time::Instant;

use crate::image_ops::RgbImage;
use crate::limits::check_size;
use crate::source::{Frame, FrameSource, SourceError, decode_jpeg};
use crate::timing::elapsed_ms;

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

/// Converts one raw camera buffer to RGB. The driver's size is checked against [`crate::limits`] and the buffer's
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
        FrameFormat::YUYV => pixels * 2,
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
            for (d, s) in image.data.chunks_exact_mut(6).zip(src.chunks_exact(4)) {
                let (y0, u, y1, v) = (s[0], s[1], s[2], s[3]);
                d[..3].copy_from_slice(&yuv_to_rgb(y0, u, v));
                d[3..].copy_from_slice(&yuv_to_rgb(y1, u, v));
            }
        }
        FrameFormat::NV12 => {
            let (luma, chroma) = src.split_at(pixels);
            for y in 0..height {
                for x in 0..width {
                    let c = (y / 2) * chroma_row + (x / 2) * 2;
                    let rgb = yuv_to_rgb(luma[y * width + x], chroma[c], chroma[c + 1]);
                    let o = (y * width + x) * 3;
                    image.data[o..o + 3].copy_from_slice(&rgb);
                }
            }
        }
    }
    Ok(image)
}

/// Limited-range BT.601, as webcams deliver it.
fn yuv_to_rgb(y: u8, u: u8, v: u8) -> [u8; 3] {
    let c = 1.164 * (y as f32 - 16.0);
    let (d, e) = (u as f32 - 128.0, v as f32 - 128.0);
    [c + 1.596 * e, c - 0.392 * d - 0.813 * e, c + 2.017 * d]
        .map(|v| v.round().clamp(0.0, 255.0) as u8)
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
