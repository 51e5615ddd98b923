//! A hand's 6-DoF pose in camera space from its 21 landmarks: the model's world landmarks (metres, a hand-centred
//! frame whose axes MediaPipe already aligns with the image: x right, y down, z away) and its image landmarks
//! (pixels). The pose is the rigid transform that best reprojects the world landmarks onto the image landmarks
//! (PnP, least squares): a linear solve for the translation with the rotation at identity, then Levenberg–Marquardt
//! on all six parameters.
//!
//! Why our own: 21 points with an excellent start need neither RANSAC nor a minimal solver, and the Rust PnP crates
//! are minimal solvers (P3P) meant for RANSAC; this is ~120 lines on glam.

use glam::{Mat3, Quat, Vec2, Vec3};
use thiserror::Error;

use crate::camera::Intrinsics;

pub const LANDMARK_COUNT: usize = 21;
pub const WRIST: usize = 0;
pub const INDEX_MCP: usize = 5;
pub const MIDDLE_MCP: usize = 9;
pub const LITTLE_MCP: usize = 17;

/// Which hand, with MediaPipe's labels: the model assumes a mirrored (selfie) image, so a hand labelled `Right`
/// has a left hand's geometry in the image it was found in (MediaPipe's documentation: "swap the handedness output"
/// for unmirrored input). [`HandPose::back_of_hand`] accounts for that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HandLabel {
    Left,
    Right,
}

#[derive(Debug, Error, PartialEq)]
pub enum PoseError {
    #[error("a hand needs {LANDMARK_COUNT} image and world landmarks, found {image} and {world}")]
    Count { image: usize, world: usize },
    #[error("the landmarks are degenerate (all at one point, or not finite)")]
    Degenerate,
    #[error("the solved hand is behind the camera or implausibly close ({depth_m:.3} m)")]
    BehindCamera { depth_m: f32 },
}

/// One hand in camera space.
#[derive(Debug, Clone, PartialEq)]
pub struct HandPose {
    /// Camera from the world landmarks' frame.
    pub rotation: Quat,
    pub translation_m: Vec3,
    /// The 21 landmarks in camera space, metres: each on the ray through its image landmark, at the depth of the
    /// fitted rigid hand (so they project exactly onto the image landmarks).
    pub landmarks_in_camera_m: Vec<Vec3>,
    /// Root-mean-square reprojection error, pixels.
    pub rms_px: f32,
    pub label: HandLabel,
}

fn project(k: &Intrinsics, p: Vec3) -> Vec2 {
    k.centre_px + k.focal_px * p.truncate() / p.z.max(1e-4)
}

fn rotation_from_vector(r: Vec3) -> Quat {
    let angle = r.length();
    if angle < 1e-9 {
        Quat::IDENTITY
    } else {
        Quat::from_axis_angle(r / angle, angle)
    }
}

/// A prior on the hand's distance: the weak-perspective depth (focal length × the world landmarks' spread over the
/// image landmarks' spread), weighted so that being 10% off costs what a tenth of the hand's image size would. Used
/// only when the free fit lands implausibly near or far (a noisy hand in a small image can fit better by coming
/// close to the camera: 0.07 m for a hand the size of one at 0.2 m, seen on a 119 × 200 px photo).
#[derive(Debug, Clone, Copy)]
struct DepthPrior {
    depth_m: f32,
    weight_px: f32,
}

fn depth_prior(k: &Intrinsics, world: &[Vec3], image: &[Vec2]) -> Option<DepthPrior> {
    let n = world.len().max(1) as f32;
    let wc = world.iter().map(|w| w.truncate()).sum::<Vec2>() / n;
    let ic = image.iter().copied().sum::<Vec2>() / n;
    let spread_m = (world
        .iter()
        .map(|w| (w.truncate() - wc).length_squared())
        .sum::<f32>()
        / n)
        .sqrt();
    let spread_px = (image
        .iter()
        .map(|i| (*i - ic).length_squared())
        .sum::<f32>()
        / n)
        .sqrt();
    (spread_m > 1e-5 && spread_px > 1e-3).then(|| DepthPrior {
        depth_m: k.focal_px * spread_m / spread_px,
        weight_px: spread_px,
    })
}

fn residuals(
    k: &Intrinsics,
    world: &[Vec3],
    image: &[Vec2],
    prior: DepthPrior,
    rotation: Quat,
    t: Vec3,
    out: &mut Vec<f32>,
) {
    out.clear();
    let mut depth = 0.0;
    for (w, i) in world.iter().zip(image) {
        let p = rotation * *w + t;
        depth += p.z / world.len().max(1) as f32;
        let d = project(k, p) - *i;
        out.push(d.x);
        out.push(d.y);
    }
    out.push(prior.weight_px * (depth - prior.depth_m) / prior.depth_m);
}

/// Solves `a x = b` for a small dense symmetric positive-definite system (Gaussian elimination, partial pivots).
fn solve6(mut a: [[f32; 6]; 6], mut b: [f32; 6]) -> Option<[f32; 6]> {
    for col in 0..6 {
        let pivot = (col..6).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..6 {
            let f = a[row][col] / pivot_row[col];
            for (v, p) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *v -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 6];
    for row in (0..6).rev() {
        let s: f32 = (row + 1..6).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// The translation that best reprojects `world` rotated by `rotation` onto `image` (linear least squares).
fn translation_for(k: &Intrinsics, world: &[Vec3], image: &[Vec2], rotation: Quat) -> Option<Vec3> {
    // f·tx − (u − cx)·tz = (u − cx)·Z − f·X, and the same in y.
    let mut ata = Mat3::ZERO;
    let mut atb = Vec3::ZERO;
    for (w, i) in world.iter().zip(image) {
        let p = rotation * *w;
        let d = *i - k.centre_px;
        for (row, rhs) in [
            (
                Vec3::new(k.focal_px, 0.0, -d.x),
                d.x * p.z - k.focal_px * p.x,
            ),
            (
                Vec3::new(0.0, k.focal_px, -d.y),
                d.y * p.z - k.focal_px * p.y,
            ),
        ] {
            ata += Mat3::from_cols(row * row.x, row * row.y, row * row.z);
            atb += row * rhs;
        }
    }
    (ata.determinant().abs() > 1e-9).then(|| ata.inverse() * atb)
}

/// The angle of the 2D similarity taking the world landmarks' x, y to the image landmarks (both centred).
fn in_plane_rotation(world_m: &[Vec3], image_px: &[Vec2]) -> f32 {
    let n = world_m.len().max(1) as f32;
    let wc = world_m.iter().map(|w| w.truncate()).sum::<Vec2>() / n;
    let ic = image_px.iter().copied().sum::<Vec2>() / n;
    let (mut dot, mut cross) = (0.0, 0.0);
    for (w, i) in world_m.iter().zip(image_px) {
        let (a, b) = (w.truncate() - wc, *i - ic);
        dot += a.dot(b);
        cross += a.perp_dot(b);
    }
    cross.atan2(dot)
}

/// Levenberg–Marquardt from the rotation vector `r0` (translation solved linearly for it): (r, t, cost).
fn refine(
    k: &Intrinsics,
    world_m: &[Vec3],
    image_px: &[Vec2],
    prior: DepthPrior,
    r0: Vec3,
) -> Option<(Vec3, Vec3, f32)> {
    let mut r = r0;
    let mut t = translation_for(k, world_m, image_px, rotation_from_vector(r))?;
    let (mut res, mut trial) = (Vec::with_capacity(43), Vec::with_capacity(43));
    residuals(
        k,
        world_m,
        image_px,
        prior,
        rotation_from_vector(r),
        t,
        &mut res,
    );
    let mut cost: f32 = res.iter().map(|v| v * v).sum();
    let mut lambda = 1e-3;
    for _ in 0..50 {
        // Jacobian by central differences: 6 parameters, 42 residuals and the depth prior.
        let mut jac = [[0.0f32; 6]; 43];
        let (mut plus, mut minus) = (Vec::with_capacity(43), Vec::with_capacity(43));
        for p in 0..6 {
            let h = if p < 3 { 1e-4 } else { 1e-5 };
            let (mut rp, mut tp, mut rm, mut tm) = (r, t, r, t);
            if p < 3 {
                rp[p] += h;
                rm[p] -= h;
            } else {
                tp[p - 3] += h;
                tm[p - 3] -= h;
            }
            residuals(
                k,
                world_m,
                image_px,
                prior,
                rotation_from_vector(rp),
                tp,
                &mut plus,
            );
            residuals(
                k,
                world_m,
                image_px,
                prior,
                rotation_from_vector(rm),
                tm,
                &mut minus,
            );
            for (row, (a, b)) in plus.iter().zip(&minus).enumerate() {
                jac[row][p] = (a - b) / (2.0 * h);
            }
        }
        let mut jtj = [[0.0f32; 6]; 6];
        let mut jtr = [0.0f32; 6];
        for (row, e) in jac.iter().zip(&res) {
            for a in 0..6 {
                jtr[a] -= row[a] * e;
                for b in 0..6 {
                    jtj[a][b] += row[a] * row[b];
                }
            }
        }
        let mut improved = false;
        for _ in 0..8 {
            let mut damped = jtj;
            for (i, row) in damped.iter_mut().enumerate() {
                row[i] += lambda * (jtj[i][i] + 1e-6);
            }
            let Some(step) = solve6(damped, jtr) else {
                lambda *= 10.0;
                continue;
            };
            let r_new = r + Vec3::new(step[0], step[1], step[2]);
            let t_new = t + Vec3::new(step[3], step[4], step[5]);
            residuals(
                k,
                world_m,
                image_px,
                prior,
                rotation_from_vector(r_new),
                t_new,
                &mut trial,
            );
            let new_cost: f32 = trial.iter().map(|v| v * v).sum();
            if new_cost < cost {
                (r, t, cost) = (r_new, t_new, new_cost);
                std::mem::swap(&mut res, &mut trial);
                lambda = (lambda * 0.3).max(1e-7);
                improved = true;
                break;
            }
            lambda *= 10.0;
        }
        if !improved || cost < 1e-6 {
            break;
        }
    }
    Some((r, t, cost))
}

/// The hand's pose from its world landmarks (metres) and image landmarks (pixels).
pub fn solve_hand_pose(
    k: &Intrinsics,
    world_m: &[Vec3],
    image_px: &[Vec2],
    label: HandLabel,
) -> Result<HandPose, PoseError> {
    if world_m.len() != LANDMARK_COUNT || image_px.len() != LANDMARK_COUNT {
        return Err(PoseError::Count {
            image: image_px.len(),
            world: world_m.len(),
        });
    }
    let spread = world_m
        .iter()
        .map(|w| w.distance(world_m[0]))
        .fold(0.0, f32::max);
    if !(spread.is_finite() && spread > 1e-4) || image_px.iter().any(|p| !p.is_finite()) {
        return Err(PoseError::Degenerate);
    }
    // Starts: no rotation (MediaPipe's world landmarks are already aligned with the image), the in-plane rotation
    // that best turns the world landmarks' x, y onto the image's, and that tilted ±50° about x and y (a nearly flat
    // hand seen obliquely has a mirror-image local minimum); the best fit wins.
    let prior = depth_prior(k, world_m, image_px).ok_or(PoseError::Degenerate)?;
    let in_plane = Quat::from_rotation_z(in_plane_rotation(world_m, image_px));
    let tilt = 50f32.to_radians();
    let starts = [
        Quat::IDENTITY,
        in_plane,
        Quat::from_rotation_x(tilt) * in_plane,
        Quat::from_rotation_x(-tilt) * in_plane,
        Quat::from_rotation_y(tilt) * in_plane,
        Quat::from_rotation_y(-tilt) * in_plane,
    ];
    let solve = |prior: DepthPrior| {
        starts
            .iter()
            .map(|q| {
                let (axis, angle) = q.to_axis_angle();
                axis * angle
            })
            .filter_map(|r0| refine(k, world_m, image_px, prior, r0))
            .min_by(|a, b| a.2.total_cmp(&b.2))
    };
    let mean_depth = |r: Vec3, t: Vec3| {
        let q = rotation_from_vector(r);
        world_m.iter().map(|w| (q * *w + t).z).sum::<f32>() / world_m.len() as f32
    };
    // First free; a fit more than 1.6× nearer or farther than the weak-perspective depth is a noisy hand's wrong
    // minimum, solved again with the depth prior.
    let free = DepthPrior {
        weight_px: 0.0,
        ..prior
    };
    let (mut r, mut t, mut cost) = solve(free).ok_or(PoseError::Degenerate)?;
    let ratio = mean_depth(r, t) / prior.depth_m;
    if !(1.0 / 1.6..=1.6).contains(&ratio) {
        (r, t, cost) = solve(prior).ok_or(PoseError::Degenerate)?;
    }
    let rotation = rotation_from_vector(r);
    // Each landmark on its own image ray, at the depth the fit gives it: the world landmarks' shape does not
    // reproject exactly onto the image landmarks (two heads of the model, a few pixels apart), and a piece must sit
    // where the shopper sees the finger, not where the fitted shape puts it.
    let landmarks_in_camera_m: Vec<Vec3> = world_m
        .iter()
        .zip(image_px)
        .map(|(w, i)| {
            let fitted = rotation * *w + t;
            ((*i - k.centre_px) / k.focal_px * fitted.z).extend(fitted.z)
        })
        .collect();
    let depth_m = landmarks_in_camera_m[WRIST].z;
    if !(depth_m > 0.05 && depth_m.is_finite()) {
        return Err(PoseError::BehindCamera { depth_m });
    }
    Ok(HandPose {
        rotation,
        translation_m: t,
        landmarks_in_camera_m,
        rms_px: (cost / LANDMARK_COUNT as f32).sqrt(),
        label,
    })
}

impl HandPose {
    pub fn landmark(&self, index: usize) -> Vec3 {
        self.landmarks_in_camera_m[index]
    }

    /// Wrist → middle-finger knuckle, metres.
    pub fn palm_length_m(&self) -> f32 {
        self.landmark(WRIST).distance(self.landmark(MIDDLE_MCP))
    }

    /// The unit normal out of the back of the hand, camera space. From the wrist and the index and little
    /// knuckles; the label decides the side (see [`HandLabel`]).
    pub fn back_of_hand(&self) -> Vec3 {
        back_of_hand(
            self.landmark(WRIST),
            self.landmark(INDEX_MCP),
            self.landmark(LITTLE_MCP),
            self.label,
        )
    }
}

/// The back-of-hand normal from three points in a frame with x right, y down, z away from the camera (camera
/// space, or image pixels with MediaPipe's z).
pub fn back_of_hand(wrist: Vec3, index_mcp: Vec3, little_mcp: Vec3, label: HandLabel) -> Vec3 {
    let n = (index_mcp - wrist)
        .cross(little_mcp - wrist)
        .normalize_or_zero();
    match label {
        // Labelled Right: a left hand's geometry in this image.
        HandLabel::Right => n,
        HandLabel::Left => -n,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A right-hand-sized set of 21 points in metres (x right, y down, z away), palm facing the camera, fingers
    /// up, thumb on the image's left: with MediaPipe's labels, `Right`.
    pub fn synthetic_hand_m() -> Vec<Vec3> {
        let mut p = vec![Vec3::ZERO; 21];
        p[0] = Vec3::new(0.0, 0.045, 0.0);
        // Thumb: CMC, MCP, IP, tip towards the image's left.
        for (j, i) in (1..5).enumerate() {
            p[i] = Vec3::new(-0.025 - 0.017 * j as f32, 0.03 - 0.012 * j as f32, -0.01);
        }
        // Index, middle, ring, little: MCP then three joints up.
        let bases = [-0.024, -0.004, 0.014, 0.030];
        let lengths = [
            [0.040, 0.024, 0.020],
            [0.044, 0.028, 0.021],
            [0.041, 0.026, 0.020],
            [0.032, 0.018, 0.018],
        ];
        for f in 0..4 {
            let mcp = Vec3::new(bases[f], -0.045 + 0.004 * (f as f32 - 1.5).abs(), 0.0);
            p[5 + 4 * f] = mcp;
            let mut at = mcp;
            for j in 0..3 {
                at += Vec3::new(0.0, -lengths[f][j], 0.004);
                p[6 + 4 * f + j] = at;
            }
        }
        p
    }

    #[test]
    fn pose_solving_round_trips_on_synthetic_hands() {
        let k = Intrinsics::from_hfov(1280.0, 720.0, 60.0);
        let world = synthetic_hand_m();
        for (axis, angle, t) in [
            (Vec3::Y, 0.0, Vec3::new(0.0, 0.0, 0.45)),
            (Vec3::new(1.0, 1.0, 0.0), 0.6, Vec3::new(0.08, -0.05, 0.5)),
            (Vec3::new(0.2, -1.0, 0.4), 1.2, Vec3::new(-0.1, 0.06, 0.35)),
            (Vec3::Z, 2.5, Vec3::new(0.02, 0.1, 0.7)),
        ] {
            let truth = Quat::from_axis_angle(axis.normalize(), angle);
            let image: Vec<Vec2> = world.iter().map(|w| project(&k, truth * *w + t)).collect();
            let pose = solve_hand_pose(&k, &world, &image, HandLabel::Right)
                .unwrap_or_else(|e| panic!("{e}"));
            assert!(pose.rms_px < 0.05, "angle {angle}: rms {}", pose.rms_px);
            assert!(
                pose.translation_m.distance(t) < 1e-3,
                "{} vs {t}",
                pose.translation_m
            );
            assert!(pose.rotation.angle_between(truth) < 2e-3, "angle {angle}");
        }
    }

    #[test]
    fn bad_landmarks_are_errors_not_poses() {
        let k = Intrinsics::from_hfov(640.0, 480.0, 60.0);
        assert!(matches!(
            solve_hand_pose(&k, &[Vec3::ZERO; 3], &[Vec2::ZERO; 3], HandLabel::Left),
            Err(PoseError::Count { .. })
        ));
        assert_eq!(
            solve_hand_pose(&k, &[Vec3::ZERO; 21], &[Vec2::ONE; 21], HandLabel::Left),
            Err(PoseError::Degenerate)
        );
        let mut nan = vec![Vec2::ONE; 21];
        nan[3] = Vec2::NAN;
        assert_eq!(
            solve_hand_pose(&k, &synthetic_hand_m(), &nan, HandLabel::Left),
            Err(PoseError::Degenerate)
        );
    }

    #[test]
    fn the_back_of_a_palm_facing_the_camera_points_away() {
        let world = synthetic_hand_m();
        let back = back_of_hand(world[0], world[5], world[17], HandLabel::Right);
        assert!(back.z > 0.9, "{back}");
        // The same hand mirrored in the image is labelled Left; its back still points away.
        let m = |p: Vec3| Vec3::new(-p.x, p.y, p.z);
        let back = back_of_hand(m(world[0]), m(world[5]), m(world[17]), HandLabel::Left);
        assert!(back.z > 0.9, "{back}");
    }
}
