//! The shopper's hand as depth-only shapes: what hides the back of a ring behind its finger, the back of a watch
//! strap or bracelet behind the wrist, and a ring behind fingers in front of it. Built from the same fit as the
//! pieces, in camera space (OpenCV axes, metres), as unit primitives under an affine map so that a renderer draws a
//! fixed pool of two meshes:
//! - the worn ring's finger: a cylinder on the ring's own (filtered) axis, a little slimmer than the ring's inside,
//!   so that it hides the ring's back half and never its front;
//! - the wrist under watches and bracelets: an elliptic cylinder in the first wrist piece's frame, a little inside
//!   the 54 × 40 mm wrist section the models are made around (`assets/models/README.md`);
//! - the other phalanges: cylinders between the landmarks with spheres at the joints, at a typical adult finger's
//!   width for the palm's size, slimmed so that an error in the landmarks does not cut into a piece;
//! - the palm: a flattened ellipsoid through the wrist and the knuckles.

use glam::{Mat3, Quat, Vec3};

use crate::session::FrameFit;
use crate::wear::{Site, WornItem, typical_width_over_palm};

/// A unit shape: a sphere of radius 1, or a cylinder of radius 1 along its local y from −1 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    Sphere,
    Cylinder,
}

/// One occluder: its unit primitive scaled by `half_extents_m` along its local axes, turned by `rotation`, centred
/// at `centre_m` (camera space, OpenCV axes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Occluder {
    pub primitive: Primitive,
    pub rotation: Quat,
    pub centre_m: Vec3,
    pub half_extents_m: Vec3,
}

impl Occluder {
    /// Whether a camera-space point lies inside.
    pub fn contains(&self, point_m: Vec3) -> bool {
        let local = self.rotation.inverse() * (point_m - self.centre_m) / self.half_extents_m;
        match self.primitive {
            Primitive::Sphere => local.length_squared() <= 1.0,
            Primitive::Cylinder => {
                local.x * local.x + local.z * local.z <= 1.0 && local.y.abs() <= 1.0
            }
        }
    }

    fn cylinder_between(a: Vec3, b: Vec3, radius_m: Vec2Radii) -> Option<Self> {
        let axis = b - a;
        let length = axis.length();
        if length <= 1e-5 || !length.is_finite() {
            return None;
        }
        Some(Self {
            primitive: Primitive::Cylinder,
            rotation: Quat::from_rotation_arc(Vec3::Y, axis / length),
            centre_m: (a + b) / 2.0,
            half_extents_m: Vec3::new(radius_m.0, length / 2.0, radius_m.1),
        })
    }

    fn sphere(centre_m: Vec3, radius_m: f32) -> Self {
        Self {
            primitive: Primitive::Sphere,
            rotation: Quat::IDENTITY,
            centre_m,
            half_extents_m: Vec3::splat(radius_m),
        }
    }
}

/// Radii across a cylinder (its local x and z).
#[derive(Debug, Clone, Copy)]
struct Vec2Radii(f32, f32);

/// The worn ring's finger, as a fraction of the finger's width: enough under the ring's inside (the finger's width
/// plus the fit's ease) that the front of the band always shows.
pub const RING_FINGER_SLIM: f32 = 0.94;
/// The other fingers, as a fraction of a typical finger's width.
pub const FINGER_SLIM: f32 = 0.85;
/// The wrist under a watch or bracelet, as a fraction of the section the models are made around.
pub const WRIST_SLIM: f32 = 0.94;
/// The wrist section watches and bracelets are modelled around (`assets/models/README.md`), half-axes in metres:
/// across the wrist (the model's y, 12 to 6 o'clock) and through it (z, the dial's normal).
pub const WRIST_HALF_SECTION_M: (f32, f32) = (0.027, 0.020);
/// How far the wrist occluder reaches up the forearm and towards the hand from the first wrist piece, in palm
/// lengths.
const FOREARM_REACH_PALMS: (f32, f32) = (1.5, 0.2);
/// Finger width along the finger: proximal, middle, distal phalanx.
const TAPER: [f32; 3] = [1.0, 0.92, 0.84];
/// Half the palm's thickness, in palm lengths.
const PALM_HALF_THICKNESS_PALMS: f32 = 0.13;

/// The landmark indices of each finger from its knuckle (MCP; the thumb from its CMC) to its tip.
const FINGERS: [(catalog::Finger, [usize; 4]); 5] = [
    (catalog::Finger::Thumb, [1, 2, 3, 4]),
    (catalog::Finger::Index, [5, 6, 7, 8]),
    (catalog::Finger::Middle, [9, 10, 11, 12]),
    (catalog::Finger::Ring, [13, 14, 15, 16]),
    (catalog::Finger::Little, [17, 18, 19, 20]),
];

/// Every occluder of this frame's fit of `items` (the session's pieces, in the fit's order). With no hand in this
/// frame (a piece holding its last pose) only the shapes under the pieces themselves remain.
pub fn occluders(items: &[WornItem], fit: &FrameFit) -> Vec<Occluder> {
    let mut out = Vec::new();
    // Phalanges carrying a ring get the ring's own cylinder instead of a landmark one.
    let mut worn_bones: Vec<(usize, usize)> = Vec::new();
    let mut wrist_done = false;
    for (item, frame) in items.iter().zip(&fit.items) {
        let Some(placement) = frame.placement.as_ref() else {
            continue;
        };
        match item.site() {
            Some(site @ Site::Finger { .. }) => {
                let Some((width_m, _)) = placement.finger_width_m else {
                    continue;
                };
                let Some(bone) = site.bone() else { continue };
                worn_bones.push(bone);
                // The phalanx's length from the hand when there is one, else twice the ring's width ahead of it.
                let length_m = fit
                    .hand_m
                    .as_deref()
                    .and_then(|h| Some(h.get(bone.0)?.distance(*h.get(bone.1)?)))
                    .unwrap_or(0.04);
                let along = crate::wear::RING_PLACE_ALONG_PHALANX;
                let axis = placement.axis.normalize_or_zero();
                let a = placement.position_m - axis * along * length_m;
                let b = placement.position_m + axis * (1.0 - along) * length_m;
                let r = 0.5 * width_m * RING_FINGER_SLIM;
                out.extend(Occluder::cylinder_between(a, b, Vec2Radii(r, r)));
            }
            Some(Site::Wrist) if !wrist_done => {
                wrist_done = true;
                let palm_m = fit
                    .hand_m
                    .as_deref()
                    .and_then(|h| Some(h.first()?.distance(*h.get(crate::hand_pose::MIDDLE_MCP)?)))
                    .unwrap_or(0.09);
                // The piece's +x runs towards the hand; the cylinder's local y must follow it, its local x the
                // piece's y (across the wrist) and its local z the piece's z (the dial's normal).
                let to_piece = Mat3::from_cols(Vec3::Y, Vec3::X, -Vec3::Z);
                let rotation = placement.rotation * Quat::from_mat3(&to_piece);
                let (up, down) = (
                    FOREARM_REACH_PALMS.0 * palm_m,
                    FOREARM_REACH_PALMS.1 * palm_m,
                );
                let x = placement.rotation * Vec3::X;
                out.push(Occluder {
                    primitive: Primitive::Cylinder,
                    rotation,
                    centre_m: placement.position_m + x * (down - up) / 2.0,
                    half_extents_m: Vec3::new(
                        WRIST_HALF_SECTION_M.0 * WRIST_SLIM,
                        (up + down) / 2.0,
                        WRIST_HALF_SECTION_M.1 * WRIST_SLIM,
                    ),
                });
            }
            _ => {}
        }
    }
    let Some(hand) = fit.hand_m.as_deref().filter(|h| h.len() == 21) else {
        return out;
    };
    let palm_m = hand[0].distance(hand[crate::hand_pose::MIDDLE_MCP]);
    if palm_m.is_nan() || palm_m <= 1e-3 {
        return out;
    }
    for (finger, joints) in FINGERS {
        let radius = 0.5 * typical_width_over_palm(finger) * palm_m * FINGER_SLIM;
        for (i, pair) in joints.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            // The thumb's first segment (CMC → MCP) lies in the palm's flesh: it is the palm's, not a phalanx.
            let taper = if finger == catalog::Finger::Thumb {
                TAPER[i.saturating_sub(1).min(2)]
            } else {
                TAPER[i]
            };
            let r = radius * taper;
            if !worn_bones.contains(&(a, b)) {
                out.extend(Occluder::cylinder_between(
                    hand[a],
                    hand[b],
                    Vec2Radii(r, r),
                ));
            }
            // A joint's sphere, except where a ring sits close to it on a worn phalanx.
            if i > 0 && !worn_bones.contains(&(a, b)) {
                out.push(Occluder::sphere(hand[a], r));
            }
        }
    }
    out.extend(palm(hand, palm_m));
    out
}

fn palm(hand: &[Vec3], palm_m: f32) -> Option<Occluder> {
    use crate::hand_pose::{INDEX_MCP, LITTLE_MCP, MIDDLE_MCP, WRIST};
    // From the wrist to the knuckle line, no further: a ring sits just past the knuckles.
    let knuckles = [INDEX_MCP, MIDDLE_MCP, 13, LITTLE_MCP];
    let knuckle_line = knuckles.iter().map(|&i| hand[i]).sum::<Vec3>() / knuckles.len() as f32;
    let centre = (hand[WRIST] + knuckle_line) / 2.0;
    let along = (knuckle_line - hand[WRIST]).normalize_or_zero();
    let across_raw = hand[INDEX_MCP] - hand[LITTLE_MCP];
    let across = (across_raw - across_raw.dot(along) * along).normalize_or_zero();
    if along == Vec3::ZERO || across == Vec3::ZERO {
        return None;
    }
    let normal = across.cross(along);
    let finger_r = 0.5 * typical_width_over_palm(catalog::Finger::Middle) * palm_m * FINGER_SLIM;
    Some(Occluder {
        primitive: Primitive::Sphere,
        rotation: Quat::from_mat3(&Mat3::from_cols(across, along, normal)),
        centre_m: centre,
        half_extents_m: Vec3::new(
            0.5 * across_raw.length() + finger_r,
            0.5 * hand[WRIST].distance(knuckle_line),
            PALM_HALF_THICKNESS_PALMS * palm_m,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::camera::Intrinsics;
    use crate::hand_pose::HandLabel;
    use crate::hand_pose::tests::synthetic_hand_m;
    use crate::session::{HandObservation, HandSide, SessionOptions, TryOnSession};
    use catalog::{Anchor, Finger, Fit, Phalanx, SizeReference, TryOnSpec};

    fn item(
        sku: &str,
        anchor: Anchor,
        size_reference: SizeReference,
        size_mm: f32,
        width_m: f32,
    ) -> WornItem {
        WornItem {
            sku: sku.into(),
            spec: TryOnSpec {
                anchor,
                size_reference,
                size_mm,
                fit: Fit::default(),
            },
            width_along_axis_m: width_m,
            finger: None,
        }
    }

    fn fitted(items: &[WornItem]) -> (FrameFit, Intrinsics) {
        let k = Intrinsics::from_hfov(640.0, 480.0, 60.0);
        let world = synthetic_hand_m();
        let rotation = Quat::from_rotation_y(0.3);
        let t = Vec3::new(0.0, 0.0, 0.45);
        let hands = [HandObservation {
            label: HandLabel::Right,
            landmarks_px: world
                .iter()
                .map(|w| k.project(rotation * *w + t).unwrap_or_default().extend(0.0))
                .collect(),
            world_m: world,
        }];
        let options = SessionOptions {
            intrinsics: k,
            mirrored: false,
            wear_on: HandSide::Left,
            filter: Default::default(),
        };
        let mut session = TryOnSession::new(options, items.to_vec());
        (session.process(0, 0.0, &hands, None), k)
    }

    fn ring() -> WornItem {
        item(
            "RING",
            Anchor::Finger {
                finger: Finger::Ring,
                phalanx: Phalanx::Proximal,
            },
            SizeReference::RingInnerDiameter,
            17.3,
            0.004,
        )
    }

    fn watch() -> WornItem {
        item(
            "WATCH",
            Anchor::Wrist,
            SizeReference::CaseDiameter,
            38.0,
            0.04,
        )
    }

    fn placed(fit: &FrameFit) -> crate::wear::Placement {
        fit.items[0]
            .placement
            .clone()
            .unwrap_or_else(|| panic!("placed"))
    }

    /// Points on a ring's band (inner radius `r`) around its axis, in camera space.
    fn band(fit: &FrameFit, index: usize, radius_m: f32) -> Vec<Vec3> {
        let p = fit.items[index]
            .placement
            .clone()
            .unwrap_or_else(|| panic!("placed"));
        (0..36)
            .map(|i| {
                let a = i as f32 / 36.0 * std::f32::consts::TAU;
                p.position_m + p.rotation * Vec3::new(a.cos(), a.sin(), 0.0) * radius_m
            })
            .collect()
    }

    #[test]
    fn a_rings_finger_hides_its_back_half_and_never_its_front() {
        let items = [ring()];
        let (fit, _) = fitted(&items);
        let shapes = occluders(&items, &fit);
        let p = placed(&fit);
        let width = p
            .finger_width_m
            .map(|w| w.0)
            .unwrap_or_else(|| panic!("width"));
        let inner_r = 0.5 * width;
        let outer = band(&fit, 0, inner_r * 1.15);
        // The band's outside is never inside the finger occluder…
        let own_finger: Vec<&Occluder> =
            shapes.iter().filter(|o| o.contains(p.position_m)).collect();
        assert_eq!(own_finger.len(), 1, "one shape holds the ring's centre");
        assert!(outer.iter().all(|q| !own_finger[0].contains(*q)));
        // …and the back of the band (facing away from the camera) is behind the finger along its camera ray.
        let back: Vec<&Vec3> = outer
            .iter()
            .filter(|q| (**q - p.position_m).dot(p.position_m.normalize()) > 0.75 * 1.15 * inner_r)
            .collect();
        let behind = back
            .iter()
            .filter(|q| {
                let ray = q.normalize();
                (1..40).any(|s| own_finger[0].contains(ray * (q.length() - s as f32 * 0.0005)))
            })
            .count();
        assert!(
            !back.is_empty() && behind == back.len(),
            "{behind} of {} back points hidden",
            back.len()
        );
    }

    #[test]
    fn the_wrist_hides_the_back_of_a_strap_and_sits_inside_the_model_section() {
        let items = [watch()];
        let (fit, _) = fitted(&items);
        let shapes = occluders(&items, &fit);
        let p = placed(&fit);
        let wrist: Vec<&Occluder> = shapes.iter().filter(|o| o.contains(p.position_m)).collect();
        assert!(!wrist.is_empty());
        // The strap's inside (the 54 × 40 mm ellipse, in the watch's y–z plane) is outside every occluder near it;
        // points 3 mm inside it are inside the wrist.
        for i in 0..36 {
            let a = i as f32 / 36.0 * std::f32::consts::TAU;
            let (hy, hz) = WRIST_HALF_SECTION_M;
            let on = p.position_m + p.rotation * Vec3::new(0.0, hy * a.cos(), hz * a.sin());
            let inside = p.position_m
                + p.rotation * Vec3::new(0.0, (hy - 0.003) * a.cos(), (hz - 0.003) * a.sin());
            assert!(!wrist.iter().any(|o| o.contains(on)), "strap at {a:.2} cut");
            assert!(
                wrist.iter().any(|o| o.contains(inside)),
                "wrist missing at {a:.2}"
            );
        }
        // Up the forearm too (a bracelet stacked next to the watch).
        let up = p.position_m - p.rotation * Vec3::X * 0.03;
        assert!(wrist.iter().any(|o| o.contains(up)));
    }

    #[test]
    fn every_phalanx_and_the_palm_are_covered() {
        let items = [ring(), watch()];
        let (fit, _) = fitted(&items);
        let shapes = occluders(&items, &fit);
        let hand = fit.hand_m.clone().unwrap_or_else(|| panic!("hand"));
        for (_, joints) in FINGERS {
            for pair in joints.windows(2) {
                let mid = (hand[pair[0]] + hand[pair[1]]) / 2.0;
                assert!(shapes.iter().any(|o| o.contains(mid)), "{pair:?}");
            }
        }
        let palm_centre = (hand[0] + hand[9]) / 2.0;
        assert!(shapes.iter().any(|o| o.contains(palm_centre)));
        // Well away from the hand: nothing.
        assert!(
            !shapes
                .iter()
                .any(|o| o.contains(hand[12] + Vec3::new(0.0, -0.05, 0.0)))
        );
    }

    #[test]
    fn a_hand_held_without_landmarks_keeps_the_pieces_occluders() {
        let items = [ring(), watch()];
        let (mut fit, _) = fitted(&items);
        fit.hand_m = None;
        let shapes = occluders(&items, &fit);
        assert_eq!(shapes.len(), 2);
    }
}
