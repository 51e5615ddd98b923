//! Checks a product's GLB file before the renderer sees it: container, JSON, buffer ranges, variants, size.

use thiserror::Error;

/// What the catalog needs to know about a model.
#[derive(Debug, Clone, PartialEq)]
pub struct GlbSummary {
    /// Names in the `KHR_materials_variants` list, in file order.
    pub variants: Vec<String>,
    /// Axis-aligned bounds of all mesh positions in the default scene, metres (node transforms applied).
    pub bounds_min_m: [f32; 3],
    pub bounds_max_m: [f32; 3],
    pub triangle_count: usize,
}

impl GlbSummary {
    pub fn size_m(&self) -> [f32; 3] {
        [
            self.bounds_max_m[0] - self.bounds_min_m[0],
            self.bounds_max_m[1] - self.bounds_min_m[1],
            self.bounds_max_m[2] - self.bounds_min_m[2],
        ]
    }
}

#[derive(Debug, Clone, Error, PartialEq)]
pub enum GlbError {
    #[error("the file is empty")]
    Empty,
    #[error("not a GLB file: the first 4 bytes are {found:?}, expected \"glTF\"")]
    WrongMagic { found: String },
    #[error("truncated: the header says {declared} bytes but the file has {actual}")]
    Truncated { declared: usize, actual: usize },
    #[error("unsupported GLB version {0}, expected 2")]
    Version(u32),
    #[error("invalid glTF: {0}")]
    Invalid(String),
    #[error("buffer view {view} needs bytes up to {end} but the binary chunk has {available}")]
    BufferOutOfRange {
        view: usize,
        end: usize,
        available: usize,
    },
    #[error("the model has no mesh in its default scene")]
    NoMesh,
    #[error(
        "texture {image} claims {width}×{height} px; a model's textures may have at most {MAX_TEXTURE_SIDE_PX} px per side and {} megapixels",
        MAX_TEXTURE_PIXELS / (1024 * 1024)
    )]
    TextureTooLarge {
        image: usize,
        width: u64,
        height: u64,
    },
    #[error(
        "texture {image} ({mime}) has no readable size in its header: it is truncated or corrupt"
    )]
    TextureUnreadable { image: usize, mime: String },
}

/// Longest side of a texture inside a model, pixels (the same bound as the vision crate's decoders).
pub const MAX_TEXTURE_SIDE_PX: u64 = 16_384;
/// Largest texture inside a model, pixels (64 megapixels).
pub const MAX_TEXTURE_PIXELS: u64 = 64 * 1024 * 1024;

const GLB_HEADER_BYTES: usize = 12;

/// Reads the 12-byte header and checks magic, version and declared length.
fn check_header(bytes: &[u8]) -> Result<(), GlbError> {
    if bytes.is_empty() {
        return Err(GlbError::Empty);
    }
    let magic = &bytes[..bytes.len().min(4)];
    if magic != b"glTF" {
        return Err(GlbError::WrongMagic {
            found: String::from_utf8_lossy(magic).into_owned(),
        });
    }
    if bytes.len() < GLB_HEADER_BYTES {
        return Err(GlbError::Truncated {
            declared: GLB_HEADER_BYTES,
            actual: bytes.len(),
        });
    }
    let word =
        |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = word(4);
    if version != 2 {
        return Err(GlbError::Version(version));
    }
    let declared = word(8) as usize;
    if declared > bytes.len() {
        return Err(GlbError::Truncated {
            declared,
            actual: bytes.len(),
        });
    }
    Ok(())
}

/// Parses and checks a GLB; on success returns its variants, bounds and triangle count.
pub fn inspect_glb(bytes: &[u8]) -> Result<GlbSummary, GlbError> {
    check_header(bytes)?;
    let gltf = gltf::Gltf::from_slice(bytes).map_err(|e| GlbError::Invalid(e.to_string()))?;
    let blob_len = gltf.blob.as_ref().map_or(0, Vec::len);
    for view in gltf.views() {
        let end = view.offset() + view.length();
        if end > blob_len {
            return Err(GlbError::BufferOutOfRange {
                view: view.index(),
                end,
                available: blob_len,
            });
        }
    }
    check_textures(&gltf, gltf.blob.as_deref().unwrap_or_default())?;
    let variants = gltf
        .variants()
        .map(|v| v.map(|variant| variant.name().to_string()).collect())
        .unwrap_or_default();

    let mut bounds_min_m = [f32::INFINITY; 3];
    let mut bounds_max_m = [f32::NEG_INFINITY; 3];
    let mut triangle_count = 0;
    let mut any_mesh = false;
    for (primitive, world) in scene_primitives(&gltf) {
        any_mesh = true;
        let bb = primitive.bounding_box();
        for corner in 0..8 {
            let p = [
                if corner & 1 == 0 {
                    bb.min[0]
                } else {
                    bb.max[0]
                },
                if corner & 2 == 0 {
                    bb.min[1]
                } else {
                    bb.max[1]
                },
                if corner & 4 == 0 {
                    bb.min[2]
                } else {
                    bb.max[2]
                },
            ];
            let q = transform_point(world, p);
            for axis in 0..3 {
                bounds_min_m[axis] = bounds_min_m[axis].min(q[axis]);
                bounds_max_m[axis] = bounds_max_m[axis].max(q[axis]);
            }
        }
        let count = match primitive.indices() {
            Some(indices) => indices.count(),
            None => primitive
                .get(&gltf::Semantic::Positions)
                .map_or(0, |a| a.count()),
        };
        triangle_count += count / 3;
    }
    if !any_mesh {
        return Err(GlbError::NoMesh);
    }
    Ok(GlbSummary {
        variants,
        bounds_min_m,
        bounds_max_m,
        triangle_count,
    })
}

/// Every mesh primitive of the default scene (else the first) with its node's model-from-node matrix.
fn scene_primitives(gltf: &gltf::Gltf) -> Vec<(gltf::Primitive<'_>, [[f32; 4]; 4])> {
    let mut out = Vec::new();
    let Some(scene) = gltf.default_scene().or_else(|| gltf.scenes().next()) else {
        return out;
    };
    let mut stack: Vec<(gltf::Node, [[f32; 4]; 4])> =
        scene.nodes().map(|n| (n, identity())).collect();
    while let Some((node, parent_from_root)) = stack.pop() {
        let world = mul(parent_from_root, node.transform().matrix());
        if let Some(mesh) = node.mesh() {
            out.extend(mesh.primitives().map(|p| (p, world)));
        }
        for child in node.children() {
            stack.push((child, world));
        }
    }
    out
}

/// Every triangle of the default scene's meshes, in model space (node transforms applied), metres. Reads positions
/// from the GLB's binary chunk only (as Vitrine ships models); a primitive whose data lies elsewhere is skipped.
pub fn triangles_m(bytes: &[u8]) -> Result<Vec<[[f32; 3]; 3]>, GlbError> {
    check_header(bytes)?;
    let gltf = gltf::Gltf::from_slice(bytes).map_err(|e| GlbError::Invalid(e.to_string()))?;
    let blob = gltf.blob.as_deref();
    let mut out = Vec::new();
    for (primitive, world) in scene_primitives(&gltf) {
        if primitive.mode() != gltf::mesh::Mode::Triangles {
            continue;
        }
        let reader = primitive.reader(|buffer| match buffer.source() {
            gltf::buffer::Source::Bin => blob,
            gltf::buffer::Source::Uri(_) => None,
        });
        let Some(positions) = reader.read_positions() else {
            continue;
        };
        let positions: Vec<[f32; 3]> = positions.map(|p| transform_point(world, p)).collect();
        let indices: Vec<usize> = match reader.read_indices() {
            Some(i) => i.into_u32().map(|i| i as usize).collect(),
            None => (0..positions.len()).collect(),
        };
        for t in indices.chunks_exact(3) {
            if let (Some(a), Some(b), Some(c)) = (
                positions.get(t[0]),
                positions.get(t[1]),
                positions.get(t[2]),
            ) {
                out.push([*a, *b, *c]);
            }
        }
    }
    if out.is_empty() {
        return Err(GlbError::NoMesh);
    }
    Ok(out)
}

/// Reads each embedded texture's declared size from its header and holds it against the bounds, before the
/// renderer decodes it: a header may claim any size, and decoding allocates what it claims.
fn check_textures(gltf: &gltf::Gltf, blob: &[u8]) -> Result<(), GlbError> {
    for image in gltf.images() {
        // Textures in separate files or data URIs are not part of a maison's GLB as Vitrine ships it; only the
        // embedded ones are read here.
        let gltf::image::Source::View { view, mime_type } = image.source() else {
            continue;
        };
        let bytes = blob
            .get(view.offset()..view.offset() + view.length())
            .unwrap_or_default();
        let unreadable = || GlbError::TextureUnreadable {
            image: image.index(),
            mime: mime_type.to_string(),
        };
        let (width, height) = match mime_type {
            "image/png" => png_size(bytes).ok_or_else(unreadable)?,
            "image/jpeg" => jpeg_size(bytes).ok_or_else(unreadable)?,
            "image/ktx2" => ktx2_size(bytes).ok_or_else(unreadable)?,
            // Formats the renderer does not read are refused by it; nothing to size here.
            _ => continue,
        };
        if width > MAX_TEXTURE_SIDE_PX
            || height > MAX_TEXTURE_SIDE_PX
            || width * height > MAX_TEXTURE_PIXELS
        {
            return Err(GlbError::TextureTooLarge {
                image: image.index(),
                width,
                height,
            });
        }
    }
    Ok(())
}

fn be32(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as u64)
}

/// A PNG's size from its IHDR chunk, which must come first.
fn png_size(bytes: &[u8]) -> Option<(u64, u64)> {
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    Some((be32(bytes, 16)?, be32(bytes, 20)?))
}

/// A JPEG's size from its first frame header (SOF0…SOF15 but DHT, JPG and DAC), walking the marker segments.
fn jpeg_size(bytes: &[u8]) -> Option<(u64, u64)> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may precede a marker.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]) as usize;
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            let height = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]);
            return Some((width as u64, height as u64));
        }
        if marker == 0xDA || length < 2 {
            // Image data before any frame header, or a malformed segment.
            return None;
        }
        at += 2 + length;
    }
}

/// A KTX2 texture's size from its header (pixelWidth and pixelHeight, little-endian, after the identifier).
fn ktx2_size(bytes: &[u8]) -> Option<(u64, u64)> {
    const IDENTIFIER: &[u8] = b"\xABKTX 20\xBB\r\n\x1a\n";
    if !bytes.starts_with(IDENTIFIER) {
        return None;
    }
    let le32 = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as u64)
    };
    // A 2D texture may leave its height at 0 for 1D; count it as one row.
    Some((le32(20)?, le32(24)?.max(1)))
}

fn identity() -> [[f32; 4]; 4] {
    [
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [0.0, 0.0, 1.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ]
}

/// Column-major 4x4 product `a * b`, as glTF stores matrices.
fn mul(a: [[f32; 4]; 4], b: [[f32; 4]; 4]) -> [[f32; 4]; 4] {
    let mut out = [[0.0; 4]; 4];
    for (col, out_col) in out.iter_mut().enumerate() {
        for (row, cell) in out_col.iter_mut().enumerate() {
            *cell = (0..4).map(|k| a[k][row] * b[col][k]).sum();
        }
    }
    out
}

fn transform_point(m: [[f32; 4]; 4], p: [f32; 3]) -> [f32; 3] {
    let mut out = [0.0; 3];
    for (row, value) in out.iter_mut().enumerate() {
        *value = m[0][row] * p[0] + m[1][row] * p[1] + m[2][row] * p[2] + m[3][row];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_reported() {
        assert_eq!(inspect_glb(&[]), Err(GlbError::Empty));
    }

    #[test]
    fn wrong_magic_names_what_it_found() {
        let err = inspect_glb(b"PK\x03\x04rest of a zip file").unwrap_err();
        assert!(err.to_string().contains("expected \"glTF\""), "{err}");
        assert!(matches!(err, GlbError::WrongMagic { .. }));
    }

    #[test]
    fn truncated_header_is_reported() {
        let mut bytes = b"glTF".to_vec();
        bytes.extend_from_slice(&2u32.to_le_bytes());
        bytes.extend_from_slice(&1000u32.to_le_bytes());
        bytes.extend_from_slice(&[0; 20]);
        assert_eq!(
            inspect_glb(&bytes),
            Err(GlbError::Truncated {
                declared: 1000,
                actual: 32
            })
        );
    }

    #[test]
    fn version_one_is_refused() {
        let mut bytes = b"glTF".to_vec();
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&12u32.to_le_bytes());
        assert_eq!(inspect_glb(&bytes), Err(GlbError::Version(1)));
    }

    #[test]
    fn texture_headers_are_sized_without_decoding() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&65_000u32.to_be_bytes());
        png.extend_from_slice(&2u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((65_000, 2)));
        assert_eq!(png_size(&png[..18]), None);
        // SOI, an APP0 segment of 16 bytes, then SOF0 with height 600 and width 512.
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        jpeg.extend_from_slice(&[0; 14]);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 17, 8, 0x02, 0x58, 0x02, 0x00, 3]);
        assert_eq!(jpeg_size(&jpeg), Some((512, 600)));
        assert_eq!(jpeg_size(&jpeg[..22]), None);
        // A scan before any frame header, and a zero-length segment, are unreadable, never a loop.
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF, 0xDA, 0, 2]), None);
        assert_eq!(jpeg_size(&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0, 0xFF, 0xE1]), None);
        let mut ktx2 = b"\xABKTX 20\xBB\r\n\x1a\n".to_vec();
        ktx2.extend_from_slice(&[0; 8]);
        ktx2.extend_from_slice(&1024u32.to_le_bytes());
        ktx2.extend_from_slice(&512u32.to_le_bytes());
        assert_eq!(ktx2_size(&ktx2), Some((1024, 512)));
    }

    #[test]
    fn matrix_product_composes_translations() {
        let mut t = identity();
        t[3] = [1.0, 2.0, 3.0, 1.0];
        let p = transform_point(mul(t, t), [0.0, 0.0, 0.0]);
        assert_eq!(p, [2.0, 4.0, 6.0]);
    }
}
