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
}

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
    let variants = gltf
        .variants()
        .map(|v| v.map(|variant| variant.name().to_string()).collect())
        .unwrap_or_default();

    let mut bounds_min_m = [f32::INFINITY; 3];
    let mut bounds_max_m = [f32::NEG_INFINITY; 3];
    let mut triangle_count = 0;
    let mut any_mesh = false;
    let scene = gltf.default_scene().or_else(|| gltf.scenes().next());
    if let Some(scene) = scene {
        let mut stack: Vec<(gltf::Node, [[f32; 4]; 4])> =
            scene.nodes().map(|n| (n, identity())).collect();
        while let Some((node, parent_from_root)) = stack.pop() {
            let world = mul(parent_from_root, node.transform().matrix());
            if let Some(mesh) = node.mesh() {
                for primitive in mesh.primitives() {
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
            }
            for child in node.children() {
                stack.push((child, world));
            }
        }
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
    fn matrix_product_composes_translations() {
        let mut t = identity();
        t[3] = [1.0, 2.0, 3.0, 1.0];
        let p = transform_point(mul(t, t), [0.0, 0.0, 0.0]);
        assert_eq!(p, [2.0, 4.0, 6.0]);
    }
}
