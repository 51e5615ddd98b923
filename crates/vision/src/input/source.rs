//! Where frames come from: one trait for a still image, a folder of images, a Y4M clip and (natively) a camera.
//! Every frame carries its sequence number, capture time and how long capturing it took.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use thiserror::Error;
use web_time::Instant;

use crate::input::y4m::{Y4mError, Y4mReader};
use crate::model::limits::{
    MAX_JPEG_PIXELS_PER_BYTE, MAX_PIXELS, MAX_PNG_EXPANSION, MAX_SIDE_PX, SizeError, check_size,
    check_size_for_length,
};
use crate::output::timing::elapsed_ms;
use crate::pixels::image_ops::RgbImage;

/// One camera or file frame.
#[derive(Debug, Clone)]
pub struct Frame {
    /// 0, 1, 2… in capture order (a camera's count goes on across reconnects).
    pub sequence: u64,
    /// Seconds since the source started (media time for clips: frame index / frame rate).
    pub timestamp_secs: f64,
    pub captured_at: Instant,
    pub image: RgbImage,
    /// File name for images from disk.
    pub name: Option<String>,
    /// Time spent reading and converting the frame, ms.
    pub capture_ms: f32,
}

#[derive(Debug, Error)]
pub enum SourceError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a readable image ({reason}); expected a PNG or JPEG file")]
    Image { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    Clip { path: PathBuf, source: Y4mError },
    #[error("folder {path} holds no .png, .jpg or .jpeg images")]
    EmptyFolder { path: PathBuf },
    #[error(
        "no camera {index}: {reason} (is a webcam connected, and may this user open /dev/video*?)"
    )]
    NoCamera { index: u32, reason: String },
    #[error("camera {index} stopped delivering frames: {reason}")]
    CameraLost { index: u32, reason: String },
}

impl SourceError {
    /// True when retrying later may succeed (a camera unplugged or busy).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SourceError::NoCamera { .. } | SourceError::CameraLost { .. }
        )
    }
}

/// A stream of frames. `Ok(None)` means the source has ended (files); cameras never end, they fail and recover.
/// Not `Send`: a camera handle must stay on the thread that opened it, so the capture thread builds its own source.
pub trait FrameSource {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError>;

    /// What this source is, for messages.
    fn describe(&self) -> String;

    /// Tries to get going again after a transient error (reopens a camera). Files need nothing.
    fn reconnect(&mut self) -> Result<(), SourceError> {
        Ok(())
    }
}

/// Decodes a PNG or JPEG file into RGB.
pub fn load_image(path: &Path) -> Result<RgbImage, SourceError> {
    let bytes = std::fs::read(path).map_err(|source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_image(&bytes).map_err(|reason| SourceError::Image {
        path: path.to_path_buf(),
        reason,
    })
}

/// Decodes PNG or JPEG bytes (by their magic number) into RGB. The declared size is checked against
/// [`crate::model::limits`] and the data's length before any pixel buffer is made.
pub fn decode_image(bytes: &[u8]) -> Result<RgbImage, String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return decode_jpeg(bytes);
    }
    if bytes.starts_with(b"\x89PNG") {
        return decode_png(bytes);
    }
    Err(format!(
        "it starts with {:02x?}, neither a PNG nor a JPEG signature",
        &bytes[..bytes.len().min(4)]
    ))
}

fn decode_png(bytes: &[u8]) -> Result<RgbImage, String> {
    use image::ImageDecoder;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE_PX as u32);
    limits.max_image_height = Some(MAX_SIDE_PX as u32);
    // The decoded image (up to 16 bits × 4 channels) and its RGB copy.
    limits.max_alloc = Some(MAX_PIXELS as u64 * 11);
    let decoder = image::codecs::png::PngDecoder::with_limits(std::io::Cursor::new(bytes), limits)
        .map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let (width, height) = (width as usize, height as usize);
    check_size(width, height).map_err(|e| e.to_string())?;
    let decoded_bytes = usize::try_from(decoder.total_bytes()).unwrap_or(usize::MAX);
    if decoded_bytes > bytes.len().saturating_mul(MAX_PNG_EXPANSION) {
        return Err(SizeError::TooShort {
            width,
            height,
            bytes: bytes.len(),
        }
        .to_string());
    }
    let decoded = image::DynamicImage::from_decoder(decoder)
        .map_err(|e| e.to_string())?
        .into_rgb8();
    Ok(RgbImage {
        width,
        height,
        data: decoded.into_raw(),
    })
}

/// Decodes JPEG (also a camera's MJPEG frame) into RGB. jpeg-decoder's output is within ±3 levels of
/// libjpeg-turbo's (what MediaPipe's references were decoded with), closer than the alternatives measured. The header
/// is read first: a size beyond [`crate::model::limits`], or more pixels than the data could describe, is refused before
/// decoding; a decoder panic on a malformed file is an error too, never the end of the thread.
pub fn decode_jpeg(bytes: &[u8]) -> Result<RgbImage, String> {
    std::panic::catch_unwind(|| decode_jpeg_checked(bytes))
        .unwrap_or_else(|_| Err("the JPEG decoder failed on malformed data".to_string()))
}

fn decode_jpeg_checked(bytes: &[u8]) -> Result<RgbImage, String> {
    use jpeg_decoder::PixelFormat;
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().map_err(|e| e.to_string())?;
    let info = decoder.info().ok_or("the JPEG header could not be read")?;
    let (width, height) = (info.width as usize, info.height as usize);
    if width == 0 || height == 0 {
        return Err(format!("it claims {width}×{height} px"));
    }
    check_size_for_length(width, height, bytes.len(), MAX_JPEG_PIXELS_PER_BYTE)
        .map_err(|e| e.to_string())?;
    // CMYK is the widest output: four bytes a pixel.
    decoder.set_max_decoding_buffer_size(width * height * 4);
    let pixels = decoder.decode().map_err(|e| e.to_string())?;
    let data = match info.pixel_format {
        PixelFormat::RGB24 => pixels,
        PixelFormat::L8 => pixels.iter().flat_map(|v| [*v; 3]).collect(),
        PixelFormat::CMYK32 => pixels
            .chunks_exact(4)
            .flat_map(|c| {
                let k = c[3] as f32 / 255.0;
                [c[0], c[1], c[2]].map(|v| (v as f32 * k).round() as u8)
            })
            .collect(),
        PixelFormat::L16 => return Err("16-bit greyscale JPEG is not supported".into()),
    };
    if data.len() != width * height * 3 {
        return Err(format!(
            "decoded {} bytes for {width}x{height} RGB",
            data.len()
        ));
    }
    Ok(RgbImage {
        width,
        height,
        data,
    })
}

fn is_image_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg"))
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}

/// Frames from image files, one per file, in order.
pub struct ImageFiles {
    files: Vec<PathBuf>,
    next: usize,
    started: Instant,
    describe: String,
}

impl ImageFiles {
    pub fn still(path: &Path) -> Self {
        Self {
            files: vec![path.to_path_buf()],
            next: 0,
            started: Instant::now(),
            describe: format!("image {}", path.display()),
        }
    }

    /// Every PNG/JPEG in `dir`, sorted by name.
    pub fn folder(dir: &Path) -> Result<Self, SourceError> {
        let entries = std::fs::read_dir(dir).map_err(|source| SourceError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && is_image_file(p))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(SourceError::EmptyFolder {
                path: dir.to_path_buf(),
            });
        }
        Ok(Self {
            files,
            next: 0,
            started: Instant::now(),
            describe: format!("folder {}", dir.display()),
        })
    }
}

impl FrameSource for ImageFiles {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let Some(path) = self.files.get(self.next) else {
            return Ok(None);
        };
        let start = Instant::now();
        let image = load_image(path)?;
        let frame = Frame {
            sequence: self.next as u64,
            timestamp_secs: self.started.elapsed().as_secs_f64(),
            captured_at: start,
            image,
            name: file_name(path),
            capture_ms: elapsed_ms(start),
        };
        self.next += 1;
        Ok(Some(frame))
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

/// Frames of a Y4M clip; timestamps are media time.
pub struct Y4mClip {
    path: PathBuf,
    reader: Y4mReader<BufReader<File>>,
    next: u64,
}

impl Y4mClip {
    pub fn open(path: &Path) -> Result<Self, SourceError> {
        let file = File::open(path).map_err(|source| SourceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let reader = Y4mReader::new(BufReader::new(file)).map_err(|source| SourceError::Clip {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self {
            path: path.to_path_buf(),
            reader,
            next: 0,
        })
    }

    pub fn fps(&self) -> f32 {
        self.reader.fps
    }
}

impl FrameSource for Y4mClip {
    fn next_frame(&mut self) -> Result<Option<Frame>, SourceError> {
        let start = Instant::now();
        let mut image = RgbImage {
            width: self.reader.width,
            height: self.reader.height,
            data: Vec::new(),
        };
        let more = self
            .reader
            .next_frame(&mut image.data)
            .map_err(|source| SourceError::Clip {
                path: self.path.clone(),
                source,
            })?;
        if !more {
            return Ok(None);
        }
        let frame = Frame {
            sequence: self.next,
            timestamp_secs: self.next as f64 / self.reader.fps.max(1.0) as f64,
            captured_at: start,
            image,
            name: None,
            capture_ms: elapsed_ms(start),
        };
        self.next += 1;
        Ok(Some(frame))
    }

    fn describe(&self) -> String {
        format!("clip {}", self.path.display())
    }
}

/// What `--input` names: a folder, a `.y4m` clip, or an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Image,
    Folder,
    Clip,
}

pub fn input_kind(path: &Path) -> InputKind {
    if path.is_dir() {
        InputKind::Folder
    } else if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("y4m"))
    {
        InputKind::Clip
    } else {
        InputKind::Image
    }
}

/// Opens `path` as the source its kind calls for.
pub fn open_input(path: &Path) -> Result<Box<dyn FrameSource>, SourceError> {
    Ok(match input_kind(path) {
        InputKind::Folder => Box::new(ImageFiles::folder(path)?),
        InputKind::Clip => Box::new(Y4mClip::open(path)?),
        InputKind::Image => Box::new(ImageFiles::still(path)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_not_an_image() {
        let err = decode_image(b"GIF89a....").unwrap_err();
        assert!(err.contains("neither a PNG nor a JPEG"), "{err}");
        assert!(decode_image(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).is_err());
        assert!(decode_image(b"\x89PNG\r\n\x1a\n\0\0").is_err());
    }

    #[test]
    fn png_round_trip() {
        let mut bytes = Vec::new();
        let img =
            image::RgbImage::from_fn(3, 2, |x, y| image::Rgb([x as u8 * 50, y as u8 * 100, 7]));
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        let decoded = decode_image(&bytes).unwrap();
        assert_eq!((decoded.width, decoded.height), (3, 2));
        assert_eq!(&decoded.data[3..6], &[50, 0, 7]);
    }
}
