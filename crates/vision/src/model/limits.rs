//! The sizes every decoder checks before it allocates (JPEG, PNG, Y4M, camera buffers): a header may claim any size,
//! so a file's declared width and height are held against a fixed bound and against the file's own length before a
//! single pixel buffer is made. A shopper's 8 GB laptop or a kiosk must never be taken down by one file.

use thiserror::Error;

/// Longest side of an image or frame, pixels (a 16K panorama; no camera comes near it).
pub const MAX_SIDE_PX: usize = 16_384;
/// Largest image or frame, pixels: 64 megapixels, 192 MiB as RGB (a 9,600 × 6,400 photo).
pub const MAX_PIXELS: usize = 64 * 1024 * 1024;
/// Most pixels one byte of JPEG can describe: every 8×8 block of every component costs at least one bit (its DC
/// difference), so even a flat greyscale image needs a byte per 512 pixels; twice that is allowed.
pub const MAX_JPEG_PIXELS_PER_BYTE: usize = 1024;
/// Most bytes of decoded pixels one byte of PNG can describe: deflate expands at most about 1,032 times.
pub const MAX_PNG_EXPANSION: usize = 1100;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SizeError {
    #[error(
        "it claims {width}×{height} px; Vitrine reads at most {MAX_SIDE_PX} px per side and {} megapixels",
        MAX_PIXELS / (1024 * 1024)
    )]
    TooLarge { width: usize, height: usize },
    #[error(
        "it claims {width}×{height} px but holds only {bytes} bytes: it is truncated or corrupt"
    )]
    TooShort {
        width: usize,
        height: usize,
        bytes: usize,
    },
}

/// Checks a declared size against the fixed bounds (a zero side is allowed here; decoders refuse it themselves).
pub fn check_size(width: usize, height: usize) -> Result<(), SizeError> {
    if width > MAX_SIDE_PX || height > MAX_SIDE_PX || width.saturating_mul(height) > MAX_PIXELS {
        return Err(SizeError::TooLarge { width, height });
    }
    Ok(())
}

/// Checks a declared size against the bounds and against `bytes`, the length of the data that must describe it, at
/// most `pixels_per_byte` pixels for each byte.
pub fn check_size_for_length(
    width: usize,
    height: usize,
    bytes: usize,
    pixels_per_byte: usize,
) -> Result<(), SizeError> {
    check_size(width, height)?;
    if width * height > bytes.saturating_mul(pixels_per_byte) {
        return Err(SizeError::TooShort {
            width,
            height,
            bytes,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_within_the_bounds_pass_and_others_are_named() {
        assert!(check_size(1920, 1080).is_ok());
        assert!(check_size(MAX_SIDE_PX, 4096).is_ok());
        assert!(check_size(0, 0).is_ok());
        let err = check_size(65_000, 65_000).expect_err("too large");
        assert_eq!(
            err.to_string(),
            "it claims 65000×65000 px; Vitrine reads at most 16384 px per side and 64 megapixels"
        );
        // Each side within bounds, the area not.
        assert!(check_size(MAX_SIDE_PX, MAX_SIDE_PX).is_err());
        // No overflow, whatever a header claims.
        assert!(check_size(usize::MAX, usize::MAX).is_err());
    }

    #[test]
    fn a_short_file_cannot_claim_a_large_image() {
        assert!(check_size_for_length(640, 480, 20_000, MAX_JPEG_PIXELS_PER_BYTE).is_ok());
        let err =
            check_size_for_length(8000, 8000, 3, MAX_JPEG_PIXELS_PER_BYTE).expect_err("too short");
        assert!(err.to_string().contains("holds only 3 bytes"), "{err}");
    }
}
