//! One try-on session: the pieces being worn, fitted to each frame's hands, filtered, shown or faded, with a ring
//! size per ring. What the renderer draws and what `vitrine tryon --json` writes.

use glam::{Vec2, Vec3};
use serde::Serialize;

use crate::camera::Intrinsics;
use crate::filter::{PoseFilter, PoseFilterParams};
use crate::hand_pose::{HandLabel, HandPose, solve_hand_pose};
use crate::ring_size::{FrameView, RingSize, RingSizeEstimator};
use crate::visibility::Visibility;
use crate::wear::{Placement, Site, WornItem, place_on_wrist, place_ring, wrist_stack_offsets_m};

/// The shopper's own hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HandSide {
    Left,
    Right,
}

/// One hand as the tracker found it.
#[derive(Debug, Clone)]
pub struct HandObservation {
    pub label: HandLabel,
    /// Image pixels (z in the x scale, unused here).
    pub landmarks_px: Vec<Vec3>,
    /// Metres, hand-centred.
    pub world_m: Vec<Vec3>,
}

#[derive(Debug, Clone, Copy)]
pub struct SessionOptions {
    pub intrinsics: Intrinsics,
    /// The frames are mirrored (a live selfie camera): MediaPipe's labels then name the shopper's own hands.
    pub mirrored: bool,
    pub wear_on: HandSide,
    pub filter: PoseFilterParams,
}

/// A piece in this frame: where to draw it and how opaque.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemFrame {
    pub sku: String,
    pub anchor: String,
    pub hand: HandSide,
    pub visible: bool,
    pub opacity: f32,
    /// The projection of the piece's centre (a ring's lies on the finger's axis), pixels.
    pub anchor_px: Option<[f32; 2]>,
    /// The wearing axis in the image (unit), pixels.
    pub axis_px: Option<[f32; 2]>,
    pub depth_m: Option<f32>,
    pub ring_size: Option<RingSize>,
    /// Camera-space placement (OpenCV axes) for the renderer.
    #[serde(skip)]
    pub placement: Option<Placement>,
}

/// One frame's fit of every piece.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameFit {
    pub frame: u64,
    pub items: Vec<ItemFrame>,
    /// A hand was found this frame (the one the pieces are worn on).
    #[serde(skip)]
    pub hand_found: bool,
    /// That hand's 21 landmarks in camera space (OpenCV axes, metres), for the occluders.
    #[serde(skip)]
    pub hand_m: Option<Vec<Vec3>>,
}

#[derive(Debug, Clone, Default)]
struct ItemState {
    visibility: Visibility,
    filter: PoseFilter,
    last: Option<Placement>,
    ring_size: RingSizeEstimator,
}

pub struct TryOnSession {
    pub options: SessionOptions,
    items: Vec<WornItem>,
    states: Vec<ItemState>,
}

impl TryOnSession {
    pub fn new(options: SessionOptions, items: Vec<WornItem>) -> Self {
        let states = items
            .iter()
            .map(|_| ItemState {
                filter: PoseFilter::new(options.filter),
                ..ItemState::default()
            })
            .collect();
        Self {
            options,
            items,
            states,
        }
    }

    pub fn items(&self) -> &[WornItem] {
        &self.items
    }

    /// Replaces the worn pieces (a variant switch keeps the states of pieces still worn).
    pub fn set_items(&mut self, items: Vec<WornItem>) {
        let mut states = Vec::with_capacity(items.len());
        for item in &items {
            let kept = self
                .items
                .iter()
                .position(|i| i.sku == item.sku && i.finger == item.finger);
            states.push(match kept {
                Some(i) => self.states[i].clone(),
                None => ItemState {
                    filter: PoseFilter::new(self.options.filter),
                    ..ItemState::default()
                },
            });
        }
        self.items = items;
        self.states = states;
    }

    /// Which observed hand the pieces go on: the one whose label names the shopper's chosen hand (labels are
    /// swapped in unmirrored frames), else the only hand in view.
    fn chosen_hand<'a>(&self, hands: &'a [HandObservation]) -> Option<&'a HandObservation> {
        let wanted = match (self.options.wear_on, self.options.mirrored) {
            (HandSide::Right, true) | (HandSide::Left, false) => HandLabel::Right,
            (HandSide::Left, true) | (HandSide::Right, false) => HandLabel::Left,
        };
        hands
            .iter()
            .find(|h| h.label == wanted)
            .or(if hands.len() == 1 {
                hands.first()
            } else {
                None
            })
    }

    /// Fits a still photo: it has no time, so nothing fades in or out; a piece found is fully shown (a ring still
    /// hides when its finger points at the camera).
    pub fn process_still(
        &mut self,
        frame_index: u64,
        hands: &[HandObservation],
        frame: Option<&FrameView>,
    ) -> FrameFit {
        let mut fit = self.process(frame_index, 0.0, hands, frame);
        for item in &mut fit.items {
            if item.visible {
                item.opacity = 1.0;
            }
        }
        fit
    }

    /// Fits every piece to this frame's hands; `frame` (the very image the landmarks came from) lets rings
    /// measure the finger.
    pub fn process(
        &mut self,
        frame_index: u64,
        timestamp_secs: f64,
        hands: &[HandObservation],
        frame: Option<&FrameView>,
    ) -> FrameFit {
        let k = self.options.intrinsics;
        let hand = self.chosen_hand(hands);
        let pose: Option<(HandPose, Vec<Vec2>)> = hand.and_then(|h| {
            let image: Vec<Vec2> = h.landmarks_px.iter().map(|p| p.truncate()).collect();
            // A hand whose landmarks cannot be solved (degenerate, behind the camera) counts as not found.
            solve_hand_pose(&k, &h.world_m, &image, h.label)
                .ok()
                .map(|p| (p, image))
        });
        // Wrist pieces: watches first, then bracelets, each next to the previous.
        let wrist_order: Vec<usize> = {
            let mut order: Vec<usize> = (0..self.items.len())
                .filter(|&i| self.items[i].site() == Some(Site::Wrist))
                .collect();
            order.sort_by_key(|&i| {
                (self.items[i].spec.size_reference != catalog::SizeReference::CaseDiameter) as u8
            });
            order
        };
        let widths: Vec<f32> = wrist_order
            .iter()
            .map(|&i| self.items[i].width_along_axis_m)
            .collect();
        let offsets = wrist_stack_offsets_m(&widths);
        let mut items = Vec::with_capacity(self.items.len());
        for (i, item) in self.items.iter().enumerate() {
            let state = &mut self.states[i];
            let site = item.site();
            let placed = match (&pose, site) {
                (Some((pose, image)), Some(Site::Wrist)) => {
                    let slot = wrist_order.iter().position(|&w| w == i).unwrap_or(0);
                    place_on_wrist(pose, image, &k, offsets.get(slot).copied().unwrap_or(0.0))
                        .map(|p| (p, pose))
                }
                (Some((pose, image)), Some(s @ Site::Finger { .. })) => {
                    place_ring(item, s, pose, image, &k, frame).map(|p| (p, pose))
                }
                _ => None,
            };
            let mut axis_view_cos = None;
            let seen = placed.is_some();
            if let Some((mut p, pose)) = placed {
                let (position, rotation) = state.filter.apply(
                    p.position_m,
                    p.rotation,
                    pose.palm_length_m(),
                    timestamp_secs,
                );
                p.position_m = position;
                p.rotation = rotation;
                if let Some((width_m, true)) = p.finger_width_m {
                    state.ring_size.add(width_m, p.finger_width_uncertainty_m);
                }
                if matches!(site, Some(Site::Finger { .. })) {
                    axis_view_cos = Some(p.axis.dot(p.position_m.normalize_or_zero()).abs());
                }
                state.last = Some(p);
            }
            let opacity = state.visibility.update(timestamp_secs, seen, axis_view_cos);
            if !seen && !state.visibility.holding(timestamp_secs) {
                state.filter.reset();
                state.last = None;
            }
            let shown = state.last.as_ref().filter(|_| opacity > 0.0);
            let anchor_px = shown.and_then(|p| k.project(p.position_m));
            let axis_px = shown.and_then(|p| {
                let a = k.project(p.position_m)?;
                let b = k.project(p.position_m + p.axis * 0.01)?;
                let d = (b - a).normalize_or_zero();
                Some([d.x, d.y])
            });
            items.push(ItemFrame {
                sku: item.sku.clone(),
                anchor: site.map_or_else(|| "unsupported".to_string(), |s| s.name()),
                hand: self.options.wear_on,
                visible: opacity > 0.0,
                opacity,
                anchor_px: anchor_px.map(|p| [p.x, p.y]),
                axis_px,
                depth_m: shown.map(|p| p.position_m.z),
                ring_size: matches!(site, Some(Site::Finger { .. }))
                    .then(|| state.ring_size.estimate())
                    .flatten(),
                placement: shown.cloned(),
            });
        }
        FrameFit {
            frame: frame_index,
            items,
            hand_found: pose.is_some(),
            hand_m: pose.map(|(p, _)| p.landmarks_in_camera_m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hand_pose::tests::synthetic_hand_m;
    use catalog::{Anchor, Finger, Fit, Phalanx, SizeReference, TryOnSpec};
    use glam::Quat;

    fn items() -> Vec<WornItem> {
        let spec = |anchor, size_reference, size_mm| TryOnSpec {
            anchor,
            size_reference,
            size_mm,
            fit: Fit::default(),
        };
        vec![
            WornItem {
                sku: "RING".into(),
                spec: spec(
                    Anchor::Finger {
                        finger: Finger::Ring,
                        phalanx: Phalanx::Proximal,
                    },
                    SizeReference::RingInnerDiameter,
                    17.3,
                ),
                width_along_axis_m: 0.005,
                finger: None,
            },
            WornItem {
                sku: "BRACELET".into(),
                spec: spec(Anchor::Wrist, SizeReference::InnerCircumference, 170.0),
                width_along_axis_m: 0.006,
                finger: None,
            },
            WornItem {
                sku: "WATCH".into(),
                spec: spec(Anchor::Wrist, SizeReference::CaseDiameter, 38.0),
                width_along_axis_m: 0.04,
                finger: None,
            },
        ]
    }

    fn observation(k: &Intrinsics, label: HandLabel) -> HandObservation {
        let world = synthetic_hand_m();
        let rotation = Quat::from_rotation_y(0.3);
        let t = Vec3::new(0.0, 0.0, 0.5);
        HandObservation {
            label,
            landmarks_px: world
                .iter()
                .map(|w| k.project(rotation * *w + t).unwrap_or_default().extend(0.0))
                .collect(),
            world_m: world,
        }
    }

    #[test]
    fn pieces_follow_the_chosen_hand_and_fade_when_it_is_gone() {
        let k = Intrinsics::from_hfov(640.0, 480.0, 60.0);
        let options = SessionOptions {
            intrinsics: k,
            mirrored: false,
            wear_on: HandSide::Left,
            filter: PoseFilterParams::default(),
        };
        let mut session = TryOnSession::new(options, items());
        // Unmirrored: the shopper's left hand is the one MediaPipe labels Right.
        let hands = [observation(&k, HandLabel::Right)];
        let mut fit = session.process(0, 0.0, &hands, None);
        for f in 1..5 {
            fit = session.process(f, f as f64 / 30.0, &hands, None);
        }
        assert!(fit.items.iter().all(|i| i.visible && i.anchor_px.is_some()));
        assert_eq!(fit.items[0].anchor, "finger:ring:proximal");
        assert_eq!(fit.items[1].anchor, "wrist");
        // The watch comes first on the wrist; the bracelet next to it, further up the forearm.
        let (bracelet, watch) = (
            fit.items[1].placement.clone().unwrap_or_else(|| panic!()),
            fit.items[2].placement.clone().unwrap_or_else(|| panic!()),
        );
        let wrist = session_wrist(&k, &hands[0]);
        assert!(bracelet.position_m.distance(wrist) > watch.position_m.distance(wrist));
        // Lost: held, then gone by 200 ms.
        let t_lost = 4.0 / 30.0;
        let held = session.process(5, t_lost + 0.05, &[], None);
        assert!(held.items.iter().all(|i| i.visible && i.opacity == 1.0));
        let gone = session.process(6, t_lost + 0.25, &[], None);
        assert!(
            gone.items
                .iter()
                .all(|i| !i.visible && i.anchor_px.is_none())
        );
    }

    fn session_wrist(k: &Intrinsics, h: &HandObservation) -> Vec3 {
        let image: Vec<Vec2> = h.landmarks_px.iter().map(|p| p.truncate()).collect();
        solve_hand_pose(k, &h.world_m, &image, h.label)
            .map(|p| p.landmark(0))
            .unwrap_or_default()
    }

    #[test]
    fn the_other_hand_alone_is_still_used_but_not_when_the_chosen_one_is_there() {
        let k = Intrinsics::from_hfov(640.0, 480.0, 60.0);
        let options = SessionOptions {
            intrinsics: k,
            mirrored: true,
            wear_on: HandSide::Right,
            filter: PoseFilterParams::default(),
        };
        let session = TryOnSession::new(options, items());
        let left = observation(&k, HandLabel::Left);
        let right = observation(&k, HandLabel::Right);
        let both = [left.clone(), right];
        assert_eq!(
            session.chosen_hand(&both).map(|h| h.label),
            Some(HandLabel::Right)
        );
        assert_eq!(
            session.chosen_hand(&[left]).map(|h| h.label),
            Some(HandLabel::Left)
        );
    }
}
