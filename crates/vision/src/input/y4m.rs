//! Reading YUV4MPEG2 clips (the format of the test clip and of Chromium's fake webcam) into RGB frames.

use std::io::{BufRead, Read};
use thiserror::Error;

use crate::model::limits::{SizeError, check_size};
use crate::pixels::yuv::YuvToRgb;

#[derive(Debug, Error)]
pub enum Y4mError {
    #[error("not a Y4M stream: it starts with {found:?}, expected \"YUV4MPEG2\"")]
    Magic { found: String },
    #[error("the Y4M header has no {0} (width W…, height H…)")]
    MissingSize(&'static str),
    #[error("the Y4M header's frame size is refused: {0}")]
    Size(#[from] SizeError),
    #[error("the Y4M header claims an empty frame ({width}×{height})")]
    Empty { width: usize, height: usize },
    #[error("unsupported Y4M colour space {0:?}: expected 420, 420jpeg, 420paldv or 420mpeg2")]
    Colourspace(String),
    #[error("frame {frame}: expected a \"FRAME\" line, found {found:?}")]
    FrameMarker { frame: usize, found: String },
    #[error("frame {frame} is truncated: {got} of {expected} bytes")]
    Truncated {
        frame: usize,
        got: usize,
        expected: usize,
    },
    #[error("reading the clip: {0}")]
    Io(#[from] std::io::Error),
}

/// Frames of a 4:2:0 Y4M stream, converted to RGB with full-range BT.601 (as JPEG).
pub struct Y4mReader<R> {
    input: R,
    pub width: usize,
    pub height: usize,
    /// Frames per second from the header (numerator / denominator), 30 if absent.
    pub fps: f32,
    planes: Vec<u8>,
    frame: usize,
}

impl<R: BufRead> Y4mReader<R> {
    pub fn new(mut input: R) -> Result<Self, Y4mError> {
        let mut header = Vec::new();
        input.read_until(b'\n', &mut header)?;
        let text = String::from_utf8_lossy(&header).trim_end().to_string();
        let mut fields = text.split(' ');
        let magic = fields.next().unwrap_or_default();
        if magic != "YUV4MPEG2" {
            return Err(Y4mError::Magic {
                found: magic.chars().take(16).collect(),
            });
        }
        let (mut width, mut height, mut fps) = (None, None, 30.0);
        for field in fields {
            // The tag is one character, which need not be one byte in a damaged header.
            let mut chars = field.chars();
            let tag = chars.next().map(String::from).unwrap_or_default();
            let (tag, value) = (tag.as_str(), chars.as_str());
            match tag {
                "W" => width = value.parse().ok(),
                "H" => height = value.parse().ok(),
                "F" => {
                    if let Some((n, d)) = value.split_once(':')
                        && let (Ok(n), Ok(d)) = (n.parse::<f32>(), d.parse::<f32>())
                        && d > 0.0
                    {
                        fps = n / d;
                    }
                }
                "C" if !["420", "420jpeg", "420paldv", "420mpeg2"].contains(&value) => {
                    return Err(Y4mError::Colourspace(value.to_string()));
                }
                _ => {}
            }
        }
        let width = width.ok_or(Y4mError::MissingSize("width"))?;
        let height = height.ok_or(Y4mError::MissingSize("height"))?;
        // Before any frame buffer exists: a header may claim any size.
        check_size(width, height)?;
        if width == 0 || height == 0 {
            return Err(Y4mError::Empty { width, height });
        }
        if !(fps.is_finite() && fps > 0.0) {
            fps = 30.0;
        }
        Ok(Self {
            input,
            width,
            height,
            fps,
            planes: Vec::new(),
            frame: 0,
        })
    }

    fn frame_bytes(&self) -> usize {
        let chroma = self.width.div_ceil(2) * self.height.div_ceil(2);
        self.width * self.height + 2 * chroma
    }

    /// Reads the next frame into `rgb` (resized to width × height × 3); `Ok(false)` at the end of the clip.
    pub fn next_frame(&mut self, rgb: &mut Vec<u8>) -> Result<bool, Y4mError> {
        let mut marker = Vec::new();
        if self.input.read_until(b'\n', &mut marker)? == 0 {
            return Ok(false);
        }
        if !marker.starts_with(b"FRAME") {
            return Err(Y4mError::FrameMarker {
                frame: self.frame,
                found: String::from_utf8_lossy(&marker[..marker.len().min(16)]).into_owned(),
            });
        }
        let expected = self.frame_bytes();
        // Read, not pre-sized: the buffer grows only with bytes that really arrive (a truncated stream claiming a
        // large frame costs what it holds), and keeps its capacity from one frame to the next.
        self.planes.clear();
        let got = (&mut self.input)
            .take(expected as u64)
            .read_to_end(&mut self.planes)?;
        if got < expected {
            return Err(Y4mError::Truncated {
                frame: self.frame,
                got,
                expected,
            });
        }
        let (w, h) = (self.width, self.height);
        let (y_plane, chroma) = self.planes.split_at(w * h);
        let (u_plane, v_plane) = chroma.split_at(w.div_ceil(2) * h.div_ceil(2));
        rgb.resize(w * h * 3, 0);
        YuvToRgb::full_range().planar_420([y_plane, u_plane, v_plane], w, h, rgb);
        self.frame += 1;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(frames: usize, truncate_last: usize) -> Vec<u8> {
        let mut bytes = b"YUV4MPEG2 W4 H2 F30:1 Ip A1:1 C420jpeg\n".to_vec();
        for f in 0..frames {
            bytes.extend_from_slice(b"FRAME\n");
            let mut planes = vec![100u8 + f as u8; 8];
            planes.extend_from_slice(&[128, 128, 128, 128]);
            if f + 1 == frames {
                planes.truncate(planes.len() - truncate_last);
            }
            bytes.extend_from_slice(&planes);
        }
        bytes
    }

    #[test]
    fn reads_grey_frames_to_the_end() {
        let data = clip(2, 0);
        let mut reader = Y4mReader::new(&data[..]).expect("header");
        assert_eq!((reader.width, reader.height, reader.fps), (4, 2, 30.0));
        let mut rgb = Vec::new();
        assert!(reader.next_frame(&mut rgb).expect("frame 0"));
        assert_eq!(&rgb[..3], &[100, 100, 100]);
        assert!(reader.next_frame(&mut rgb).expect("frame 1"));
        assert_eq!(&rgb[..3], &[101, 101, 101]);
        assert!(!reader.next_frame(&mut rgb).expect("end"));
    }

    #[test]
    fn truncated_frame_names_the_frame_and_sizes() {
        let data = clip(2, 3);
        let mut reader = Y4mReader::new(&data[..]).expect("header");
        let mut rgb = Vec::new();
        assert!(reader.next_frame(&mut rgb).expect("frame 0"));
        let err = reader.next_frame(&mut rgb).expect_err("truncated");
        assert_eq!(err.to_string(), "frame 1 is truncated: 9 of 12 bytes");
    }

    /// Found by hand (issue 11): each of these took gigabytes, or the process, before a byte of frame was read.
    #[test]
    fn headers_claiming_huge_frames_are_refused_before_allocating() {
        for header in [
            &b"YUV4MPEG2 W99999 H99999 C420jpeg\n"[..],
            &b"YUV4MPEG2 W4000000 H4000000\n"[..],
            &b"YUV4MPEG2 W18446744073709551615 H2\n"[..],
        ] {
            let err = Y4mReader::new(header).err().map(|e| e.to_string());
            assert!(
                err.as_deref()
                    .is_some_and(|e| e.contains("16384 px per side")),
                "{err:?}"
            );
        }
        let err = Y4mReader::new(&b"YUV4MPEG2 W0 H480\n"[..]).err();
        assert!(matches!(err, Some(Y4mError::Empty { .. })));
    }

    /// Found by the mutation corpus (tests/hostile_inputs.rs): a flipped byte made a header field start with a
    /// character longer than one byte, and splitting the tag off at byte 1 panicked.
    #[test]
    fn a_field_starting_with_a_multibyte_character_is_not_a_panic() {
        let header = b"YUV4MPEG2 W16 \xC3\xA9H10 H10 C420jpeg\n";
        let reader = Y4mReader::new(&header[..]).expect("unknown fields are skipped");
        assert_eq!((reader.width, reader.height), (16, 10));
        let header = b"YUV4MPEG2 W16 \xFFH10 H10\n";
        assert!(Y4mReader::new(&header[..]).is_ok());
    }

    #[test]
    fn a_truncated_large_frame_costs_only_what_it_holds() {
        let mut data = b"YUV4MPEG2 W16384 H4096 C420jpeg\nFRAME\n".to_vec();
        data.extend_from_slice(&[16; 100]);
        let mut reader = Y4mReader::new(&data[..]).expect("header within bounds");
        let mut rgb = Vec::new();
        let err = reader.next_frame(&mut rgb).expect_err("truncated");
        assert!(matches!(err, Y4mError::Truncated { got: 100, .. }), "{err}");
        assert!(
            reader.planes.capacity() < 1 << 20,
            "{}",
            reader.planes.capacity()
        );
        assert!(rgb.capacity() == 0);
    }

    #[test]
    fn wrong_magic_and_colour_space_are_refused() {
        let err = Y4mReader::new(&b"RIFF....WAVE"[..])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("expected \"YUV4MPEG2\"")));
        let err = Y4mReader::new(&b"YUV4MPEG2 W4 H2 C444\n"[..])
            .err()
            .map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("444")));
    }
}
