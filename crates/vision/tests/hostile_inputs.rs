//! Inputs that attack: every decoder (JPEG, PNG, Y4M) fed thousands of deterministic mutations of real files —
//! declared sizes rewritten, truncations, flipped bytes — must answer with an image or an error, never panic, and
//! never allocate more than the documented bounds allow for the bytes it was given. A property-test corpus run in
//! `cargo xtask test` for a bounded number of cases (the seed is fixed, so a failure reproduces). The crashes found
//! by hand in issue 11 are kept as regression tests.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use vision::input::source::decode_image;
use vision::input::y4m::Y4mReader;
use vision::model::limits::{MAX_JPEG_PIXELS_PER_BYTE, MAX_PIXELS, MAX_PNG_EXPANSION};

/// Counts live heap bytes and their peak, so a test can say how much one decode took.
struct CountingAllocator;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The allocation counters are process-wide: one measured decode at a time.
static MEASURING: Mutex<()> = Mutex::new(());

/// Runs `f` and returns its result with the most heap it held above what was live before.
fn peak_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let _guard = MEASURING.lock().unwrap_or_else(|e| e.into_inner());
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    PEAK_BYTES.store(before, Ordering::Relaxed);
    let result = f();
    let peak = PEAK_BYTES.load(Ordering::Relaxed);
    (result, peak.saturating_sub(before))
}

/// A small deterministic generator (xorshift64*): the same seed gives the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// A size a hostile header might claim: edge values, and now and then anything.
    fn claimed_side(&mut self) -> u32 {
        const EDGES: [u32; 12] = [
            0, 1, 2, 7, 511, 4096, 16_383, 16_384, 16_385, 65_000, 65_535, 99_999,
        ];
        match self.below(4) {
            0 => self.next() as u32,
            _ => EDGES[self.below(EDGES.len())],
        }
    }
}

fn data_file(name: &str) -> Vec<u8> {
    let path = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("tests/data")
    .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The byte offset of a JPEG's frame header (SOF0…SOF2) size fields: height then width, big-endian.
fn jpeg_size_offset(jpeg: &[u8]) -> usize {
    let at = jpeg
        .windows(2)
        .position(|w| w[0] == 0xFF && (0xC0..=0xC2).contains(&w[1]))
        .expect("a JPEG frame header");
    at + 5
}

fn with_jpeg_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let at = jpeg_size_offset(jpeg);
    out[at..at + 2].copy_from_slice(&height.to_be_bytes());
    out[at + 2..at + 4].copy_from_slice(&width.to_be_bytes());
    out
}

/// CRC-32 (ISO-HDLC), as a PNG chunk's checksum.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for byte in bytes {
        crc ^= *byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims `width` × `height`, with a valid checksum (so the decoder reads the claim).
fn with_png_size(png: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = png.to_vec();
    // Signature (8), IHDR length (4), "IHDR" (4), then width and height; the CRC covers type and data (17 bytes).
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&out[12..29]);
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

fn small_png() -> Vec<u8> {
    let image = image::RgbImage::from_fn(48, 32, |x, y| {
        image::Rgb([(x * 5) as u8, (y * 7) as u8, ((x + y) * 3) as u8])
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode PNG");
    bytes
}

fn small_y4m(width: usize, height: usize, frames: usize) -> Vec<u8> {
    let mut bytes = format!("YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg\n").into_bytes();
    let plane = width * height + 2 * width.div_ceil(2) * height.div_ceil(2);
    for f in 0..frames {
        bytes.extend_from_slice(b"FRAME\n");
        bytes.extend((0..plane).map(|i| (i * 7 + f * 13) as u8));
    }
    bytes
}

/// Truncates, flips bytes, or both.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut out = seed.to_vec();
    match rng.below(3) {
        0 => out.truncate(rng.below(seed.len())),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(out.len());
                out[at] ^= 1 << rng.below(8);
            }
        }
        _ => {
            let at = rng.below(out.len());
            out[at] = rng.next() as u8;
            out.truncate(seed.len() - rng.below(seed.len() / 4));
        }
    }
    out
}

/// The most a decode of `input` may hold: the pixels its length can describe (at most the documented maximum),
/// a few copies of them (decoder planes, 16-bit RGBA, the RGB result), and a fixed margin for tables.
fn allowed_bytes(input: &[u8], pixels_per_byte: usize) -> usize {
    let pixels = input.len().saturating_mul(pixels_per_byte).min(MAX_PIXELS);
    16 * 1024 * 1024 + pixels * 12
}

fn decodes_within_bounds(input: &[u8], pixels_per_byte: usize, what: &str) {
    let (result, peak) = peak_allocation(|| {
        std::panic::catch_unwind(|| decode_image(input)).map(|r| r.map(|i| (i.width, i.height)))
    });
    let Ok(result) = result else {
        panic!("{what}: the decoder panicked ({} bytes)", input.len());
    };
    let allowed = allowed_bytes(input, pixels_per_byte);
    assert!(
        peak <= allowed,
        "{what}: a {}-byte input took {peak} bytes (allowed {allowed}); result {result:?}",
        input.len()
    );
}

#[test]
fn issue_11_a_77_kb_jpeg_claiming_65000_px_is_refused_at_once() {
    let jpeg = with_jpeg_size(&data_file("grace_hopper.jpg"), 65_000, 65_000);
    let (result, peak) = peak_allocation(|| decode_image(&jpeg));
    let err = result.expect_err("refused");
    assert!(err.contains("16384 px per side"), "{err}");
    assert!(peak < 1024 * 1024, "{peak} bytes before refusing");
}

#[test]
fn a_jpeg_claiming_more_pixels_than_its_bytes_can_hold_is_refused() {
    // 16,000 × 4,000 = 64 MP is within the fixed bound, but 61 KB of JPEG cannot describe it.
    let jpeg = with_jpeg_size(&data_file("grace_hopper.jpg"), 16_000, 4_000);
    let err = decode_image(&jpeg).expect_err("refused");
    assert!(err.contains("truncated or corrupt"), "{err}");
}

#[test]
fn a_png_claiming_a_huge_image_is_refused_before_allocating() {
    let png = with_png_size(&small_png(), 60_000, 60_000);
    let (result, peak) = peak_allocation(|| decode_image(&png));
    assert!(result.is_err());
    assert!(peak < 1024 * 1024, "{peak} bytes before refusing");
    let png = with_png_size(&small_png(), 16_000, 4_000);
    let (result, peak) = peak_allocation(|| decode_image(&png));
    assert!(result.is_err());
    assert!(peak < 1024 * 1024, "{peak} bytes before refusing");
}

#[test]
fn the_seeds_themselves_decode() {
    let jpeg = decode_image(&data_file("grace_hopper.jpg")).expect("JPEG seed");
    assert_eq!((jpeg.width, jpeg.height), (512, 600));
    let png = decode_image(&small_png()).expect("PNG seed");
    assert_eq!((png.width, png.height), (48, 32));
}

#[test]
fn mutated_jpegs_never_panic_nor_overallocate() {
    let seed = data_file("grace_hopper.jpg");
    let mut rng = Rng(0x5EED_0001);
    for case in 0..400 {
        let input = if case % 4 == 0 {
            let (w, h) = (rng.claimed_side(), rng.claimed_side());
            // Small claims decode quickly; large ones must be refused by the bounds.
            with_jpeg_size(&seed, w as u16, h as u16)
        } else {
            mutate(&mut rng, &seed)
        };
        decodes_within_bounds(
            &input,
            MAX_JPEG_PIXELS_PER_BYTE,
            &format!("JPEG case {case}"),
        );
    }
}

#[test]
fn mutated_pngs_never_panic_nor_overallocate() {
    let seed = small_png();
    let mut rng = Rng(0x5EED_0002);
    for case in 0..600 {
        let input = if case % 3 == 0 {
            with_png_size(&seed, rng.claimed_side(), rng.claimed_side())
        } else {
            mutate(&mut rng, &seed)
        };
        // A PNG's bytes describe decoded bytes, up to 8 per pixel (16-bit RGBA).
        decodes_within_bounds(&input, MAX_PNG_EXPANSION, &format!("PNG case {case}"));
    }
}

#[test]
fn mutated_y4m_clips_never_panic_nor_overallocate() {
    let seed = small_y4m(16, 10, 3);
    let mut rng = Rng(0x5EED_0003);
    for case in 0..1500 {
        let input = if case % 3 == 0 {
            let header = format!(
                "YUV4MPEG2 W{} H{} C420jpeg\nFRAME\n",
                rng.claimed_side(),
                rng.claimed_side()
            );
            let mut bytes = header.into_bytes();
            bytes.extend_from_slice(&seed[seed.len() / 2..]);
            bytes
        } else {
            mutate(&mut rng, &seed)
        };
        let (result, peak) = peak_allocation(|| {
            std::panic::catch_unwind(|| {
                let Ok(mut reader) = Y4mReader::new(&input[..]) else {
                    return 0;
                };
                let mut rgb = Vec::new();
                let mut frames = 0;
                while let Ok(true) = reader.next_frame(&mut rgb) {
                    frames += 1;
                }
                frames
            })
        });
        assert!(result.is_ok(), "Y4M case {case}: the reader panicked");
        // A frame's planes grow only with the bytes that arrive; the RGB frame is made only for a whole frame.
        let allowed = 1024 * 1024 + input.len() * 8;
        assert!(
            peak <= allowed,
            "Y4M case {case}: a {}-byte clip took {peak} bytes (allowed {allowed})",
            input.len()
        );
    }
}
