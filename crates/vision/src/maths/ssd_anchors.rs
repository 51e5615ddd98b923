//! SSD anchors as MediaPipe's `SsdAnchorsCalculator` makes them for its detectors (`fixed_anchor_size: true`,
//! `aspect_ratios: [1.0]`, `interpolated_scale_aspect_ratio: 1.0`): two anchors per cell and layer, and consecutive
//! layers with the same stride share one feature map.

use glam::Vec2;

/// Anchor-grid parameters of one detector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnchorSpec {
    pub input_size_px: u32,
    pub strides: &'static [u32],
    pub anchor_offset: f32,
}

/// palm_detection (full and lite): 192x192, 2016 anchors.
pub const PALM: AnchorSpec = AnchorSpec {
    input_size_px: 192,
    strides: &[8, 16, 16, 16],
    anchor_offset: 0.5,
};
/// pose_detection: 224x224, 2254 anchors.
pub const POSE: AnchorSpec = AnchorSpec {
    input_size_px: 224,
    strides: &[8, 16, 32, 32, 32],
    anchor_offset: 0.5,
};
/// face_detection_short_range: 128x128, 896 anchors.
pub const FACE: AnchorSpec = AnchorSpec {
    input_size_px: 128,
    strides: &[8, 16, 16, 16],
    anchor_offset: 0.5,
};

/// Anchor centres in normalised input coordinates (width = height = 1 with a fixed anchor size), row-major cells.
pub fn ssd_anchors(spec: &AnchorSpec) -> Vec<Vec2> {
    let mut anchors = Vec::new();
    let strides = spec.strides;
    let mut layer = 0;
    while layer < strides.len() {
        let mut last = layer;
        let mut per_cell = 0;
        while last < strides.len() && strides[last] == strides[layer] {
            per_cell += 2;
            last += 1;
        }
        let cells = spec.input_size_px.div_ceil(strides[layer]);
        for y in 0..cells {
            for x in 0..cells {
                let centre = Vec2::new(
                    (x as f32 + spec.anchor_offset) / cells as f32,
                    (y as f32 + spec.anchor_offset) / cells as f32,
                );
                anchors.extend(std::iter::repeat_n(centre, per_cell));
            }
        }
        layer = last;
    }
    anchors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_counts_match_the_models() {
        assert_eq!(ssd_anchors(&PALM).len(), 2016);
        assert_eq!(ssd_anchors(&POSE).len(), 2254);
        assert_eq!(ssd_anchors(&FACE).len(), 896);
    }

    #[test]
    fn first_and_last_anchors() {
        let palm = ssd_anchors(&PALM);
        assert_eq!(palm[0], Vec2::new(0.5 / 24.0, 0.5 / 24.0));
        assert_eq!(palm[1], palm[0]);
        assert_eq!(palm[2], Vec2::new(1.5 / 24.0, 0.5 / 24.0));
        // The 16-stride layers are merged: 6 anchors per cell of the 12x12 map.
        assert_eq!(palm[24 * 24 * 2], Vec2::new(0.5 / 12.0, 0.5 / 12.0));
        assert_eq!(palm[24 * 24 * 2 + 5], palm[24 * 24 * 2]);
        assert_eq!(palm[2015], Vec2::new(11.5 / 12.0, 11.5 / 12.0));
        let pose = ssd_anchors(&POSE);
        assert_eq!(pose[28 * 28 * 2], Vec2::new(0.5 / 14.0, 0.5 / 14.0));
        assert_eq!(pose[2253], Vec2::new(6.5 / 7.0, 6.5 / 7.0));
        let face = ssd_anchors(&FACE);
        assert_eq!(face[895], Vec2::new(7.5 / 8.0, 7.5 / 8.0));
    }
}
