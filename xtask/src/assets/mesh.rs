//! Procedural mesh building blocks: lofts through cross-sections, lathes, sweeps, tubes and faceted gems.

use glam::{Affine3A, Quat, Vec2, Vec3};
use std::f32::consts::TAU;

/// An indexed triangle mesh in metres; normals are filled by [`Mesh::smooth_normals`] or [`Mesh::flat`].
#[derive(Clone, Default)]
pub struct Mesh {
    pub positions: Vec<Vec3>,
    pub normals: Vec<Vec3>,
    pub indices: Vec<u32>,
}

impl Mesh {
    pub fn append(&mut self, other: &Mesh) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&other.positions);
        self.normals.extend_from_slice(&other.normals);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }

    pub fn merged(parts: &[Mesh]) -> Mesh {
        let mut out = Mesh::default();
        for part in parts {
            out.append(part);
        }
        out
    }

    pub fn transformed(&self, m: Affine3A) -> Mesh {
        let flip = m.matrix3.determinant() < 0.0;
        let normal_matrix = m.matrix3.inverse().transpose();
        let mut indices = self.indices.clone();
        if flip {
            for tri in indices.chunks_exact_mut(3) {
                tri.swap(1, 2);
            }
        }
        Mesh {
            positions: self
                .positions
                .iter()
                .map(|p| m.transform_point3(*p))
                .collect(),
            normals: self
                .normals
                .iter()
                .map(|n| (normal_matrix * *n).normalize_or(Vec3::Y))
                .collect(),
            indices,
        }
    }

    pub fn at(&self, translation: Vec3, rotation: Quat, scale: Vec3) -> Mesh {
        self.transformed(Affine3A::from_scale_rotation_translation(
            scale,
            rotation,
            translation,
        ))
    }

    pub fn moved(&self, translation: Vec3) -> Mesh {
        self.transformed(Affine3A::from_translation(translation))
    }

    /// Area-weighted vertex normals over shared vertices: smooth wherever vertices are shared.
    pub fn smooth_normals(mut self) -> Mesh {
        let mut normals = vec![Vec3::ZERO; self.positions.len()];
        for tri in self.indices.chunks_exact(3) {
            let [a, b, c] = [tri[0] as usize, tri[1] as usize, tri[2] as usize];
            let n = (self.positions[b] - self.positions[a])
                .cross(self.positions[c] - self.positions[a]);
            normals[a] += n;
            normals[b] += n;
            normals[c] += n;
        }
        self.normals = normals
            .into_iter()
            .map(|n| n.normalize_or(Vec3::Y))
            .collect();
        self
    }

    /// One vertex per triangle corner with the face normal: crisp facets for gems.
    pub fn flat(&self) -> Mesh {
        let mut out = Mesh::default();
        for tri in self.indices.chunks_exact(3) {
            let [a, b, c] = [0, 1, 2].map(|k| self.positions[tri[k] as usize]);
            let n = (b - a).cross(c - a);
            if n.length_squared() < 1e-24 {
                continue;
            }
            let n = n.normalize();
            let base = out.positions.len() as u32;
            out.positions.extend([a, b, c]);
            out.normals.extend([n, n, n]);
            out.indices.extend([base, base + 1, base + 2]);
        }
        out
    }

    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    pub fn bounds(&self) -> (Vec3, Vec3) {
        self.positions.iter().fold(
            (Vec3::splat(f32::MAX), Vec3::splat(f32::MIN)),
            |(lo, hi), p| (lo.min(*p), hi.max(*p)),
        )
    }
}

/// Connects consecutive sections (each with the same number of points) into a surface.
/// `closed_sections`: each section is a loop; `closed_path`: the last section connects back to the first.
/// Consecutive equal points in a section make a hard edge (their quads are skipped, normals are not shared).
pub fn loft(sections: &[Vec<Vec3>], closed_sections: bool, closed_path: bool) -> Mesh {
    let mut mesh = Mesh::default();
    let Some(first) = sections.first() else {
        return mesh;
    };
    let per = first.len();
    for section in sections {
        mesh.positions.extend_from_slice(section);
    }
    let rows = sections.len();
    let row_pairs = if closed_path {
        rows
    } else {
        rows.saturating_sub(1)
    };
    let col_pairs = if closed_sections {
        per
    } else {
        per.saturating_sub(1)
    };
    #[expect(
        clippy::needless_range_loop,
        reason = "r and r + 1 index neighbouring sections"
    )]
    for r in 0..row_pairs {
        let r2 = (r + 1) % rows;
        for c in 0..col_pairs {
            let c2 = (c + 1) % per;
            if sections[r][c].distance_squared(sections[r][c2]) < 1e-18 {
                continue;
            }
            let a = (r * per + c) as u32;
            let b = (r * per + c2) as u32;
            let d = (r2 * per + c) as u32;
            let e = (r2 * per + c2) as u32;
            mesh.indices.extend([a, d, b, b, d, e]);
        }
    }
    drop_degenerate(&mut mesh);
    mesh.smooth_normals()
}

fn drop_degenerate(mesh: &mut Mesh) {
    let positions = &mesh.positions;
    let mut kept = Vec::with_capacity(mesh.indices.len());
    for tri in mesh.indices.chunks_exact(3) {
        let [a, b, c] = [0, 1, 2].map(|k| positions[tri[k] as usize]);
        if (b - a).cross(c - a).length_squared() > 1e-22 {
            kept.extend_from_slice(tri);
        }
    }
    mesh.indices = kept;
}

/// A fan that closes a loop of points (a cap), facing along `normal`.
pub fn cap(ring: &[Vec3], normal: Vec3) -> Mesh {
    let centre = ring.iter().copied().sum::<Vec3>() / ring.len() as f32;
    let mut mesh = Mesh::default();
    mesh.positions.push(centre);
    mesh.positions.extend_from_slice(ring);
    let n = ring.len() as u32;
    for i in 0..n {
        let (a, b) = (1 + i, 1 + (i + 1) % n);
        let winding =
            (ring[(i as usize + 1) % ring.len()] - centre).cross(ring[i as usize] - centre);
        if winding.dot(normal) > 0.0 {
            mesh.indices.extend([0, b, a]);
        } else {
            mesh.indices.extend([0, a, b]);
        }
    }
    mesh.normals = vec![normal.normalize_or(Vec3::Y); mesh.positions.len()];
    drop_degenerate(&mut mesh);
    mesh
}

/// Revolves a profile of (radius, height) points around the +Y axis. Profiles run bottom to top for outward normals.
pub fn lathe(profile: &[Vec2], segments: usize) -> Mesh {
    let sections: Vec<Vec<Vec3>> = (0..segments)
        .map(|s| {
            let angle = s as f32 / segments as f32 * TAU;
            let (sin, cos) = angle.sin_cos();
            profile
                .iter()
                .map(|p| Vec3::new(p.x * cos, p.y, -p.x * sin))
                .collect()
        })
        .collect();
    loft(&sections, false, true)
}

/// Revolves a profile around +Z (the finger axis of rings): (radius, z) points.
pub fn lathe_z(profile: &[Vec2], segments: usize) -> Mesh {
    lathe(profile, segments).transformed(Affine3A::from_rotation_x(std::f32::consts::FRAC_PI_2))
}

/// A closed cross-section swept along a path; `side` gives, at each path point, a direction across the path that
/// maps to the section's x axis (the section's y axis is tangent × side).
pub fn sweep(
    section: &[Vec2],
    path: &[Vec3],
    closed_path: bool,
    side: impl Fn(usize, Vec3) -> Vec3,
) -> Mesh {
    let n = path.len();
    let sections: Vec<Vec<Vec3>> = (0..n)
        .map(|i| {
            let prev = if i == 0 {
                if closed_path { path[n - 1] } else { path[0] }
            } else {
                path[i - 1]
            };
            let next = if i + 1 == n {
                if closed_path { path[0] } else { path[n - 1] }
            } else {
                path[i + 1]
            };
            let tangent = (next - prev).normalize_or(Vec3::Z);
            let x = side(i, tangent);
            let x = (x - tangent * x.dot(tangent)).normalize_or(tangent.any_orthonormal_vector());
            let y = tangent.cross(x);
            section
                .iter()
                .map(|p| path[i] + x * p.x + y * p.y)
                .collect()
        })
        .collect();
    let mut mesh = loft(&sections, true, closed_path);
    if !closed_path && n >= 2 {
        let start_normal = (path[0] - path[1]).normalize_or(Vec3::Z);
        let end_normal = (path[n - 1] - path[n - 2]).normalize_or(Vec3::Z);
        mesh.append(&cap(&sections[0], start_normal));
        mesh.append(&cap(&sections[n - 1], end_normal));
    }
    mesh
}

pub fn circle(radius: f32, segments: usize) -> Vec<Vec2> {
    (0..segments)
        .map(|i| {
            let a = i as f32 / segments as f32 * TAU;
            Vec2::new(radius * a.cos(), radius * a.sin())
        })
        .collect()
}

/// A rounded rectangle cross-section of `width` x `height` with corner radius `r`.
pub fn rounded_rect(width: f32, height: f32, r: f32, corner_segments: usize) -> Vec<Vec2> {
    let (hw, hh) = (width / 2.0 - r, height / 2.0 - r);
    let centres = [
        Vec2::new(hw, hh),
        Vec2::new(-hw, hh),
        Vec2::new(-hw, -hh),
        Vec2::new(hw, -hh),
    ];
    let mut out = Vec::new();
    for (k, c) in centres.iter().enumerate() {
        for s in 0..=corner_segments {
            let a = (k as f32 + s as f32 / corner_segments as f32) * std::f32::consts::FRAC_PI_2;
            out.push(*c + Vec2::new(a.cos(), a.sin()) * r);
        }
    }
    out
}

/// A round tube along a path.
pub fn tube(path: &[Vec3], radius: f32, sides: usize, closed_path: bool) -> Mesh {
    let section = circle(radius, sides);
    sweep(&section, path, closed_path, |_, t| {
        t.any_orthonormal_vector()
    })
}

pub fn sphere(radius: f32, segments: usize, rings: usize) -> Mesh {
    let profile: Vec<Vec2> = (0..=rings)
        .map(|i| {
            let a = -std::f32::consts::FRAC_PI_2 + i as f32 / rings as f32 * std::f32::consts::PI;
            Vec2::new(radius * a.cos(), radius * a.sin())
        })
        .collect();
    lathe(&profile, segments)
}

/// A torus around +Y: `major` radius of the ring, `minor` radius of the wire.
pub fn torus(major: f32, minor: f32, segments: usize, sides: usize) -> Mesh {
    let profile: Vec<Vec2> = (0..=sides)
        .map(|i| {
            let a = -std::f32::consts::PI + i as f32 / sides as f32 * TAU;
            Vec2::new(major - minor * a.cos(), -minor * a.sin())
        })
        .collect();
    lathe(&profile, segments)
}

/// A round brilliant cut stone of girdle `diameter`, table up (+Y), culet at the origin's -Y side.
/// Proportions after Tolkowsky: table 56%, crown 16%, girdle 3%, pavilion 43% of the diameter.
pub fn brilliant(diameter: f32) -> Mesh {
    let r = diameter / 2.0;
    let girdle = 0.03 * diameter;
    let crown = 0.16 * diameter;
    let pavilion = 0.43 * diameter;
    // Two tiers per part give star/bezel and main/lower-girdle facets when revolved with 16 flat-shaded segments.
    let profile = [
        Vec2::new(0.0, -pavilion),
        Vec2::new(r * 0.55, -pavilion * 0.45),
        Vec2::new(r, 0.0),
        Vec2::new(r, girdle),
        Vec2::new(r * 0.78, girdle + crown * 0.55),
        Vec2::new(r * 0.56, girdle + crown),
        Vec2::new(0.0, girdle + crown),
    ];
    let mut mesh = lathe(&profile, 16);
    // Twist alternate tiers by half a segment so facets interlock as in a real brilliant.
    let twist = TAU / 32.0;
    for (i, p) in mesh.positions.iter_mut().enumerate() {
        let tier = i % profile.len();
        if tier == 1 || tier == 4 {
            *p = Quat::from_rotation_y(twist) * *p;
        }
    }
    mesh.flat()
}

/// A cabochon/pear-free round stone for small pavé and tennis settings (fewer facets).
pub fn small_brilliant(diameter: f32) -> Mesh {
    let r = diameter / 2.0;
    let profile = [
        Vec2::new(0.0, -0.43 * diameter),
        Vec2::new(r, 0.0),
        Vec2::new(r * 0.56, 0.16 * diameter),
        Vec2::new(0.0, 0.16 * diameter),
    ];
    lathe(&profile, 10).flat()
}

/// A box with softly rounded edges (for bag bodies and clasps): lofted rounded-rect sections with rounded ends.
pub fn rounded_box(size: Vec3, radius: f32) -> Mesh {
    let r = radius.min(size.x / 2.0).min(size.y / 2.0).min(size.z / 2.0);
    let steps = 4;
    let mut sections = Vec::new();
    for s in 0..=steps * 2 + 1 {
        // Height profile: rounded bottom, straight side, rounded top.
        let (y, inset) = if s <= steps {
            let a = -std::f32::consts::FRAC_PI_2
                + s as f32 / steps as f32 * std::f32::consts::FRAC_PI_2;
            (-size.y / 2.0 + r + r * a.sin(), r - r * a.cos())
        } else {
            let k = s - steps - 1;
            let a = k as f32 / steps as f32 * std::f32::consts::FRAC_PI_2;
            (size.y / 2.0 - r + r * a.sin(), r - r * a.cos())
        };
        let w = (size.x - 2.0 * inset).max(1e-4);
        let d = (size.z - 2.0 * inset).max(1e-4);
        let rr = (r - inset).max(1e-4).min(w / 2.0).min(d / 2.0);
        sections.push(
            rounded_rect(w, d, rr, 3)
                .into_iter()
                .map(|p| Vec3::new(p.x, y, -p.y))
                .collect::<Vec<_>>(),
        );
    }
    let mut mesh = loft(&sections, true, false);
    let bottom = sections[0].clone();
    let top = sections[sections.len() - 1].clone();
    mesh.append(&cap(&bottom, -Vec3::Y));
    mesh.append(&cap(&top, Vec3::Y));
    mesh
}

impl Mesh {
    /// Makes a closed mesh's triangles face outwards (positive signed volume), flipping them if needed.
    pub fn outward(mut self) -> Mesh {
        let volume: f32 = self
            .indices
            .chunks_exact(3)
            .map(|t| {
                let [a, b, c] = [0, 1, 2].map(|k| self.positions[t[k] as usize]);
                a.dot(b.cross(c))
            })
            .sum();
        if volume < 0.0 {
            for tri in self.indices.chunks_exact_mut(3) {
                tri.swap(1, 2);
            }
            for n in &mut self.normals {
                *n = -*n;
            }
        }
        self
    }
}

/// A smooth curve through `points` (Catmull-Rom), `per_span` samples between neighbours.
pub fn smooth_path(points: &[Vec3], per_span: usize, closed: bool) -> Vec<Vec3> {
    let n = points.len();
    if n < 2 {
        return points.to_vec();
    }
    let get = |i: isize| -> Vec3 {
        if closed {
            points[i.rem_euclid(n as isize) as usize]
        } else {
            points[i.clamp(0, n as isize - 1) as usize]
        }
    };
    let spans = if closed { n } else { n - 1 };
    let mut out = Vec::new();
    for s in 0..spans as isize {
        let (p0, p1, p2, p3) = (get(s - 1), get(s), get(s + 1), get(s + 2));
        for k in 0..per_span {
            let t = k as f32 / per_span as f32;
            let t2 = t * t;
            let t3 = t2 * t;
            out.push(
                0.5 * ((2.0 * p1)
                    + (-p0 + p2) * t
                    + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * t2
                    + (-p0 + 3.0 * p1 - 3.0 * p2 + p3) * t3),
            );
        }
    }
    if !closed {
        out.push(points[n - 1]);
    }
    out
}

/// Resamples a polyline at equal arc-length steps; returns points and tangents.
pub fn resample(path: &[Vec3], count: usize, closed: bool) -> Vec<(Vec3, Vec3)> {
    let mut pts = path.to_vec();
    if closed && !pts.is_empty() {
        pts.push(pts[0]);
    }
    let lengths: Vec<f32> = pts.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total: f32 = lengths.iter().sum();
    let steps = if closed {
        count
    } else {
        count.saturating_sub(1).max(1)
    };
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let target = total * i as f32 / steps as f32;
        let mut walked = 0.0;
        let mut found = (
            pts[pts.len() - 1],
            (pts[pts.len() - 1] - pts[pts.len() - 2]).normalize_or(Vec3::X),
        );
        for (k, len) in lengths.iter().enumerate() {
            if walked + len >= target && *len > 0.0 {
                let t = (target - walked) / len;
                found = (pts[k].lerp(pts[k + 1], t), (pts[k + 1] - pts[k]) / len);
                break;
            }
            walked += len;
        }
        out.push(found);
    }
    out
}

pub fn path_length(path: &[Vec3], closed: bool) -> f32 {
    let open: f32 = path.windows(2).map(|w| w[0].distance(w[1])).sum();
    if closed && path.len() > 1 {
        open + path[path.len() - 1].distance(path[0])
    } else {
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lathe_normals_point_outwards() {
        let mesh = sphere(1.0, 16, 8);
        for (p, n) in mesh.positions.iter().zip(&mesh.normals) {
            if p.length() > 0.5 && p.y.abs() < 0.99 {
                assert!(p.dot(*n) > 0.0, "inward normal at {p:?}");
            }
        }
    }

    #[test]
    fn brilliant_has_expected_size() {
        let (lo, hi) = brilliant(0.0065).bounds();
        assert!(((hi.x - lo.x) - 0.0065).abs() < 1e-4);
        assert!(hi.y > 0.0 && lo.y < 0.0);
    }

    #[test]
    fn mirrored_transform_keeps_outward_winding() {
        let signed_volume = |mesh: &Mesh| -> f32 {
            mesh.indices
                .chunks_exact(3)
                .map(|t| {
                    let [a, b, c] = [0, 1, 2].map(|k| mesh.positions[t[k] as usize]);
                    a.dot(b.cross(c))
                })
                .sum()
        };
        let sphere = sphere(1.0, 16, 8);
        let mirrored = sphere.transformed(Affine3A::from_scale(Vec3::new(-1.0, 1.0, 1.0)));
        assert!(signed_volume(&sphere) > 0.0);
        assert!(signed_volume(&mirrored) > 0.0);
    }
}
