//! The back-of-hand convention on MediaPipe's own output: every photo in the vision crate's tests/data/hands shows
//! a palm facing the camera, unmirrored (labelled Right by MediaPipe) and mirrored (labelled Left), so the normal
//! out of the back of the hand must point away from the camera in all eighteen — the side a ring's head and a
//! watch's dial face.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use glam::Vec3;
use serde::Deserialize;
use tryon::HandLabel;
use tryon::hand_pose::back_of_hand;

#[derive(Deserialize)]
struct Refs {
    photos: Vec<Photo>,
}

#[derive(Deserialize)]
struct Photo {
    photo: String,
    mirrored: bool,
    handedness: String,
    landmarks_px: Vec<[f32; 3]>,
}

#[test]
fn the_back_of_every_palm_facing_the_camera_points_away_from_it() {
    let path = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../vision/tests/data/hands/refs.json");
    let refs: Refs = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(refs.photos.len(), 18);
    for p in refs.photos {
        let label = if p.handedness == "Right" {
            HandLabel::Right
        } else {
            HandLabel::Left
        };
        assert_eq!(
            label == HandLabel::Left,
            p.mirrored,
            "{}: MediaPipe labels unmirrored photos Right",
            p.photo
        );
        let l = |i: usize| Vec3::from(p.landmarks_px[i]);
        let back = back_of_hand(l(0), l(5), l(17), label);
        assert!(
            back.z > 0.8,
            "{} (mirrored {}): back of hand {back}",
            p.photo,
            p.mirrored
        );
    }
}
