//! Decoding SSD detector outputs (MediaPipe's `TensorsToDetectionsCalculator`) and weighted non-maximum suppression
//! (`NonMaxSuppressionCalculator`, algorithm WEIGHTED), on plain slices with reusable buffers.

use glam::Vec2;

/// A detection in normalised coordinates of the detector input (before letterbox removal) or of the image (after).
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    pub score: f32,
    /// Box corners: min (x, y) and max (x, y).
    pub box_min: Vec2,
    pub box_max: Vec2,
    pub keypoints: Vec<Vec2>,
}

impl Detection {
    pub fn area(&self) -> f32 {
        let size = (self.box_max - self.box_min).max(Vec2::ZERO);
        size.x * size.y
    }

    pub fn iou(&self, other: &Detection) -> f32 {
        let overlap =
            (self.box_max.min(other.box_max) - self.box_min.max(other.box_min)).max(Vec2::ZERO);
        let intersection = overlap.x * overlap.y;
        let union = self.area() + other.area() - intersection;
        if union > 0.0 {
            intersection / union
        } else {
            0.0
        }
    }
}

/// Logistic function with MediaPipe's score clipping at ±100.
pub fn sigmoid_clipped(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit.clamp(-100.0, 100.0)).exp())
}

/// Decodes raw boxes (`values_per_anchor` floats each: centre x, y, width, height, then keypoint x, y pairs, in input
/// pixels relative to the anchor) and logits into detections scoring at least `min_score`.
pub fn decode_detections(
    raw_boxes: &[f32],
    raw_logits: &[f32],
    anchors: &[Vec2],
    input_size_px: f32,
    keypoint_count: usize,
    min_score: f32,
    out: &mut Vec<Detection>,
) {
    out.clear();
    let per_anchor = if anchors.is_empty() {
        0
    } else {
        raw_boxes.len() / anchors.len()
    };
    if per_anchor < 4 + 2 * keypoint_count {
        return;
    }
    for (i, anchor) in anchors.iter().enumerate() {
        let Some(logit) = raw_logits.get(i) else {
            break;
        };
        let score = sigmoid_clipped(*logit);
        if score < min_score {
            continue;
        }
        let r = &raw_boxes[i * per_anchor..(i + 1) * per_anchor];
        let centre = Vec2::new(r[0], r[1]) / input_size_px + *anchor;
        let half = Vec2::new(r[2], r[3]) / input_size_px / 2.0;
        let keypoints = (0..keypoint_count)
            .map(|k| Vec2::new(r[4 + 2 * k], r[5 + 2 * k]) / input_size_px + *anchor)
            .collect();
        out.push(Detection {
            score,
            box_min: centre - half,
            box_max: centre + half,
            keypoints,
        });
    }
}

/// Weighted NMS: the best detection of each overlapping group (IoU > `iou_threshold`) keeps its score, and its box
/// and keypoints become the score-weighted mean of the group.
pub fn weighted_nms(mut detections: Vec<Detection>, iou_threshold: f32) -> Vec<Detection> {
    detections.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut out = Vec::new();
    while let Some(top) = detections.first().cloned() {
        let (group, rest): (Vec<Detection>, Vec<Detection>) = detections
            .into_iter()
            .partition(|d| top.iou(d) > iou_threshold);
        let total: f32 = group.iter().map(|d| d.score).sum();
        let mut merged = Detection {
            score: top.score,
            box_min: Vec2::ZERO,
            box_max: Vec2::ZERO,
            keypoints: vec![Vec2::ZERO; top.keypoints.len()],
        };
        for d in &group {
            let w = d.score / total;
            merged.box_min += d.box_min * w;
            merged.box_max += d.box_max * w;
            for (k, p) in merged.keypoints.iter_mut().zip(&d.keypoints) {
                *k += *p * w;
            }
        }
        out.push(merged);
        detections = rest;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(score: f32, min: (f32, f32), max: (f32, f32)) -> Detection {
        Detection {
            score,
            box_min: Vec2::new(min.0, min.1),
            box_max: Vec2::new(max.0, max.1),
            keypoints: vec![Vec2::new(min.0, min.1)],
        }
    }

    #[test]
    fn decoding_offsets_from_the_anchor_and_scales_by_the_input() {
        let anchors = [Vec2::new(0.25, 0.5), Vec2::new(0.75, 0.5)];
        // 4 box values + 1 keypoint per anchor.
        let raw = [
            19.2, 0.0, 38.4, 19.2, -9.6, 9.6, 0.0, 0.0, 10.0, 10.0, 0.0, 0.0,
        ];
        let logits = [3.0, -3.0];
        let mut out = Vec::new();
        decode_detections(&raw, &logits, &anchors, 192.0, 1, 0.5, &mut out);
        assert_eq!(out.len(), 1);
        let d = &out[0];
        assert!((d.score - sigmoid_clipped(3.0)).abs() < 1e-6);
        assert!((d.box_min - Vec2::new(0.25, 0.45)).length() < 1e-6, "{d:?}");
        assert!((d.box_max - Vec2::new(0.45, 0.55)).length() < 1e-6, "{d:?}");
        assert!((d.keypoints[0] - Vec2::new(0.2, 0.55)).length() < 1e-6);
    }

    #[test]
    fn scores_are_clipped_like_mediapipe() {
        assert_eq!(sigmoid_clipped(1e6), sigmoid_clipped(100.0));
        assert!(sigmoid_clipped(-1e6) > 0.0 || sigmoid_clipped(-1e6) == 0.0);
        assert!((sigmoid_clipped(0.0) - 0.5).abs() < 1e-7);
    }

    #[test]
    fn weighted_nms_merges_overlaps_and_keeps_separate_ones() {
        let dets = vec![
            det(0.9, (0.0, 0.0), (1.0, 1.0)),
            det(0.6, (0.1, 0.0), (1.1, 1.0)),
            det(0.8, (3.0, 3.0), (4.0, 4.0)),
        ];
        let out = weighted_nms(dets, 0.3);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].score, 0.9);
        // Weighted mean of x_min: (0.9 * 0 + 0.6 * 0.1) / 1.5 = 0.04.
        assert!((out[0].box_min.x - 0.04).abs() < 1e-6, "{:?}", out[0]);
        assert_eq!(out[1].box_min, Vec2::new(3.0, 3.0));
    }

    #[test]
    fn iou_of_disjoint_and_identical_boxes() {
        let a = det(1.0, (0.0, 0.0), (1.0, 1.0));
        assert_eq!(a.iou(&a), 1.0);
        assert_eq!(a.iou(&det(1.0, (2.0, 2.0), (3.0, 3.0))), 0.0);
    }
}
