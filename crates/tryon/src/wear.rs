//! Where a piece sits on a solved hand, from the catalog's `try_on` spec and the GLB conventions of
//! `assets/models/README.md` alone (no per-model tuning):
//! - a ring's origin is on the finger axis (+Z along the finger), its head (+Y) towards the back of the finger;
//!   it is centred 40% along its phalanx (a jeweller's place: past the knuckle, before the web's end) and scaled
//!   so its inner diameter meets the finger's measured width;
//! - a watch's or bracelet's origin is on the wrist axis, +X towards the hand (the crown), the dial (+Z) facing
//!   out of the back of the hand, 12 o'clock (+Y) completing a right-handed frame, so its markings never read
//!   mirrored; a quarter of a palm length up the forearm from the wrist landmark, at its true size; further pieces
//!   stack next to it, towards the elbow.

use catalog::{Anchor, Finger, Phalanx, TryOnSpec};
use glam::{Mat3, Quat, Vec2, Vec3};
use serde::Serialize;

use crate::camera::Intrinsics;
use crate::hand_pose::{HandPose, MIDDLE_MCP, WRIST};
use crate::ring_size::{FrameView, measure_finger_width};

/// How far along its phalanx a ring's centre sits (0 at the joint nearer the palm).
pub const RING_PLACE_ALONG_PHALANX: f32 = 0.4;
/// The watch's centre up the forearm from MediaPipe's wrist landmark, in palm lengths.
pub const WATCH_PLACE_UP_FOREARM: f32 = 0.25;
/// The gap between pieces stacked on the wrist, metres.
pub const WRIST_STACK_GAP_M: f32 = 0.002;
/// A ring is never drawn more than this much larger or smaller than made (a wrong width measurement).
const RING_SCALE_RANGE: (f32, f32) = (0.75, 1.35);

/// A hand piece being worn.
#[derive(Debug, Clone, PartialEq)]
pub struct WornItem {
    pub sku: String,
    pub spec: TryOnSpec,
    /// The model's extent along its wearing axis (Z for rings, X for watches and bracelets), metres, from the GLB.
    pub width_along_axis_m: f32,
    /// The shopper's choice of finger, over the catalog's.
    pub finger: Option<Finger>,
}

/// Where on the hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    Finger { finger: Finger, phalanx: Phalanx },
    Wrist,
}

impl WornItem {
    /// The catalog entry as a hand piece; `None` for a product without a `try_on` spec or worn elsewhere.
    pub fn from_catalog(entry: &catalog::CatalogEntry) -> Option<Self> {
        let spec = entry.product.try_on.clone()?;
        let size = entry.model.size_m();
        let width_along_axis_m = match spec.anchor {
            Anchor::Finger { .. } => size[2],
            Anchor::Wrist => size[0],
            _ => return None,
        };
        Some(Self {
            sku: entry.product.sku.clone(),
            spec,
            width_along_axis_m,
            finger: None,
        })
    }

    pub fn site(&self) -> Option<Site> {
        match self.spec.anchor {
            Anchor::Finger { finger, phalanx } => Some(Site::Finger {
                finger: self.finger.unwrap_or(finger),
                phalanx,
            }),
            Anchor::Wrist => Some(Site::Wrist),
            _ => None,
        }
    }
}

impl Site {
    /// `finger:ring:proximal`, `wrist`.
    pub fn name(&self) -> String {
        match self {
            Site::Finger { finger, phalanx } => {
                format!("finger:{}:{}", finger_name(*finger), phalanx_name(*phalanx))
            }
            Site::Wrist => "wrist".to_string(),
        }
    }

    /// The landmarks at the two ends of the phalanx (nearer the palm first).
    pub fn bone(&self) -> Option<(usize, usize)> {
        let Site::Finger { finger, phalanx } = self else {
            return None;
        };
        let base = match finger {
            Finger::Thumb => 1,
            Finger::Index => 5,
            Finger::Middle => 9,
            Finger::Ring => 13,
            Finger::Little => 17,
        };
        Some(match (finger, phalanx) {
            // The thumb has two phalanges: MCP → IP and IP → tip.
            (Finger::Thumb, Phalanx::Proximal) => (2, 3),
            (Finger::Thumb, _) => (3, 4),
            (_, Phalanx::Proximal) => (base, base + 1),
            (_, Phalanx::Middle) => (base + 1, base + 2),
            (_, Phalanx::Distal) => (base + 2, base + 3),
        })
    }
}

pub fn finger_name(f: Finger) -> &'static str {
    match f {
        Finger::Thumb => "thumb",
        Finger::Index => "index",
        Finger::Middle => "middle",
        Finger::Ring => "ring",
        Finger::Little => "little",
    }
}

fn phalanx_name(p: Phalanx) -> &'static str {
    match p {
        Phalanx::Proximal => "proximal",
        Phalanx::Middle => "middle",
        Phalanx::Distal => "distal",
    }
}

/// A finger's width over the palm length where no edge could be measured (adult averages at the ring's place).
pub(crate) fn typical_width_over_palm(f: Finger) -> f32 {
    match f {
        Finger::Thumb => 0.22,
        Finger::Index | Finger::Middle => 0.19,
        Finger::Ring => 0.18,
        Finger::Little => 0.155,
    }
}

/// A piece placed in camera space (OpenCV axes, metres).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    /// Camera from the model: a proper rotation (never a reflection).
    pub rotation: Quat,
    pub position_m: Vec3,
    /// Uniform scale applied to the model (rings: to the finger; watches and bracelets: 1, their true size).
    pub scale: f32,
    /// The wearing axis in camera space (along the finger, or from the forearm to the hand).
    pub axis: Vec3,
    /// The finger's width where the ring sits, metres, and whether it was measured in the frame (else typical).
    pub finger_width_m: Option<(f32, bool)>,
    /// The measurement's uncertainty, metres.
    pub finger_width_uncertainty_m: f32,
}

/// An orthonormal, right-handed frame with `z` exactly and `y` as close to `up` as possible.
fn frame_from_z_y(z: Vec3, up: Vec3) -> Option<Quat> {
    let z = z.normalize_or_zero();
    let y = (up - up.dot(z) * z).normalize_or_zero();
    if z == Vec3::ZERO || y == Vec3::ZERO {
        return None;
    }
    let x = y.cross(z);
    Some(Quat::from_mat3(&Mat3::from_cols(x, y, z)))
}

/// An orthonormal, right-handed frame with `x` exactly and `z` as close to `out` as possible.
fn frame_from_x_z(x: Vec3, out: Vec3) -> Option<Quat> {
    let x = x.normalize_or_zero();
    let z = (out - out.dot(x) * x).normalize_or_zero();
    if x == Vec3::ZERO || z == Vec3::ZERO {
        return None;
    }
    let y = z.cross(x);
    Some(Quat::from_mat3(&Mat3::from_cols(x, y, z)))
}

/// Places a ring on `site` of a solved hand. `landmarks_px` are the same hand's image landmarks (for the width
/// measurement in `frame`, when given).
pub fn place_ring(
    item: &WornItem,
    site: Site,
    pose: &HandPose,
    landmarks_px: &[Vec2],
    k: &Intrinsics,
    frame: Option<&FrameView>,
) -> Option<Placement> {
    let (a, b) = site.bone()?;
    let Site::Finger { finger, .. } = site else {
        return None;
    };
    let (base, tip) = (pose.landmark(a), pose.landmark(b));
    let centre = base + (tip - base) * RING_PLACE_ALONG_PHALANX;
    let rotation = frame_from_z_y(tip - base, pose.back_of_hand())?;
    let metres_per_px = k.metres_per_px(centre.z);
    let palm_px = landmarks_px
        .get(WRIST)?
        .distance(*landmarks_px.get(MIDDLE_MCP)?);
    let measured = frame.and_then(|f| {
        measure_finger_width(
            f,
            *landmarks_px.get(a)?,
            *landmarks_px.get(b)?,
            RING_PLACE_ALONG_PHALANX,
            palm_px,
        )
    });
    let typical_m = typical_width_over_palm(finger) * pose.palm_length_m();
    let (width_m, uncertainty_m, was_measured) = match measured {
        // A measurement far from any adult finger is an edge of something else.
        Some(m) if (0.6..=1.6).contains(&(m.width_px * metres_per_px / typical_m)) => (
            m.width_px * metres_per_px,
            m.uncertainty_px * metres_per_px,
            true,
        ),
        _ => (typical_m, 0.15 * typical_m, false),
    };
    let inner_m = item.spec.size_mm / 1000.0;
    let ease_m = item.spec.fit.ease_mm / 1000.0;
    let scale = ((width_m + ease_m) / inner_m).clamp(RING_SCALE_RANGE.0, RING_SCALE_RANGE.1);
    Some(Placement {
        rotation,
        position_m: centre,
        scale,
        axis: (tip - base).normalize_or_zero(),
        finger_width_m: Some((width_m, was_measured)),
        finger_width_uncertainty_m: uncertainty_m,
    })
}

/// Places a watch or bracelet on the wrist, `stack_offset_m` further up the forearm than the first piece. The
/// offset is taken along the forearm *in the image* (the wrist landmark away from the middle knuckle), at the depth
/// the 3D offset reaches: when the model thinks the forearm points at the camera, a 3D offset would swing towards
/// the lens and land far from the wrist the shopper sees.
pub fn place_on_wrist(
    pose: &HandPose,
    landmarks_px: &[Vec2],
    k: &Intrinsics,
    stack_offset_m: f32,
) -> Option<Placement> {
    let wrist = pose.landmark(WRIST);
    let towards_hand = (pose.landmark(MIDDLE_MCP) - wrist).normalize_or_zero();
    let palm_m = pose.palm_length_m().max(1e-3);
    let up_forearm = WATCH_PLACE_UP_FOREARM + stack_offset_m / palm_m;
    let depth_m = (wrist - towards_hand * up_forearm * palm_m).z.max(0.05);
    let (wrist_px, knuckle_px) = (*landmarks_px.get(WRIST)?, *landmarks_px.get(MIDDLE_MCP)?);
    let centre_px = wrist_px + (wrist_px - knuckle_px) * up_forearm;
    let centre = ((centre_px - k.centre_px) / k.focal_px * depth_m).extend(depth_m);
    let rotation = frame_from_x_z(towards_hand, pose.back_of_hand())?;
    Some(Placement {
        rotation,
        position_m: centre,
        scale: 1.0,
        axis: towards_hand,
        finger_width_m: None,
        finger_width_uncertainty_m: 0.0,
    })
}

/// Each wrist piece's offset up the forearm from the first: watches first, then bracelets, in the given order,
/// each next to the previous one.
pub fn wrist_stack_offsets_m(widths_m: &[f32]) -> Vec<f32> {
    let mut offsets = Vec::with_capacity(widths_m.len());
    let mut at = 0.0;
    for (i, w) in widths_m.iter().enumerate() {
        if i > 0 {
            at += 0.5 * widths_m[i - 1] + WRIST_STACK_GAP_M + 0.5 * w;
        }
        offsets.push(at);
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hand_pose::tests::synthetic_hand_m;
    use crate::hand_pose::{HandLabel, solve_hand_pose};

    fn ring_spec(finger: Finger) -> WornItem {
        WornItem {
            sku: "RING".into(),
            spec: TryOnSpec {
                anchor: Anchor::Finger {
                    finger,
                    phalanx: Phalanx::Proximal,
                },
                size_reference: catalog::SizeReference::RingInnerDiameter,
                size_mm: 17.3,
                fit: catalog::Fit::default(),
            },
            width_along_axis_m: 0.006,
            finger: None,
        }
    }

    fn posed() -> (Intrinsics, HandPose, Vec<Vec2>) {
        let k = Intrinsics::from_hfov(1280.0, 720.0, 60.0);
        let truth = Quat::from_axis_angle(Vec3::new(0.3, 1.0, 0.1).normalize(), 0.5);
        let t = Vec3::new(0.03, -0.02, 0.45);
        let world = synthetic_hand_m();
        let image: Vec<Vec2> = world
            .iter()
            .map(|w| k.project(truth * *w + t).unwrap_or_default())
            .collect();
        let pose =
            solve_hand_pose(&k, &world, &image, HandLabel::Right).unwrap_or_else(|e| panic!("{e}"));
        (k, pose, image)
    }

    #[test]
    fn a_ring_sits_on_its_finger_axis_with_its_head_on_the_back_of_the_finger() {
        let (k, pose, image) = posed();
        for finger in [
            Finger::Thumb,
            Finger::Index,
            Finger::Middle,
            Finger::Ring,
            Finger::Little,
        ] {
            let item = ring_spec(finger);
            let site = item.site().unwrap_or(Site::Wrist);
            let p = place_ring(&item, site, &pose, &image, &k, None)
                .unwrap_or_else(|| panic!("{finger:?}"));
            let (a, b) = site.bone().unwrap_or((0, 0));
            let (base, tip) = (pose.landmark(a), pose.landmark(b));
            // On the axis, between 15% and 65% along the bone.
            let along = (p.position_m - base).dot(tip - base) / (tip - base).length_squared();
            let off_axis = (p.position_m - base - (tip - base) * along).length();
            assert!(
                (0.15..=0.65).contains(&along) && off_axis < 1e-5,
                "{finger:?}: {along} {off_axis}"
            );
            let m = Mat3::from_quat(p.rotation);
            assert!((m.determinant() - 1.0).abs() < 1e-4, "a proper rotation");
            assert!(m.z_axis.dot((tip - base).normalize()) > 0.9999);
            assert!(
                m.y_axis.dot(pose.back_of_hand()) > 0.5,
                "head towards the back of the finger"
            );
            // No frame to measure in: the typical width, so the ring is scaled but never absurdly.
            assert!((0.75..=1.35).contains(&p.scale));
        }
    }

    #[test]
    fn a_watch_faces_out_of_the_back_of_the_hand_with_its_crown_towards_the_hand() {
        let (k, pose, image) = posed();
        let p = place_on_wrist(&pose, &image, &k, 0.0).unwrap_or_else(|| panic!("no placement"));
        let m = Mat3::from_quat(p.rotation);
        assert!((m.determinant() - 1.0).abs() < 1e-4, "never mirrored");
        let towards_hand = (pose.landmark(MIDDLE_MCP) - pose.landmark(WRIST)).normalize();
        assert!(m.x_axis.dot(towards_hand) > 0.9999);
        assert!(m.z_axis.dot(pose.back_of_hand()) > 0.9);
        // A quarter palm up the forearm in the image.
        let at = k.project(p.position_m).unwrap_or_default();
        let from_wrist = at.distance(image[WRIST]) / image[WRIST].distance(image[MIDDLE_MCP]);
        assert!(
            (from_wrist - WATCH_PLACE_UP_FOREARM).abs() < 1e-3,
            "{from_wrist}"
        );
        assert_eq!(p.scale, 1.0, "true size");
    }

    #[test]
    fn bracelets_stack_next_to_the_watch() {
        let offsets = wrist_stack_offsets_m(&[0.012, 0.006, 0.008]);
        assert_eq!(offsets[0], 0.0);
        assert!((offsets[1] - (0.006 + 0.002 + 0.003)).abs() < 1e-6);
        assert!((offsets[2] - (offsets[1] + 0.003 + 0.002 + 0.004)).abs() < 1e-6);
    }
}
