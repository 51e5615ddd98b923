//! Runs a landmark model on a rotated square crop of the image: warp (replicated border, as MediaPipe's default),
//! inference, and the `image_from_crop` map its outputs are projected through.

use glam::{Affine2, Vec2, Vec3};
use web_time::Instant;

use crate::maths::roi::RotatedRect;
use crate::model::inference::{InferenceError, InferenceModel, expect_len};
use crate::output::timing::{StageTimings, elapsed_ms};
use crate::pixels::image_ops::{Border, RgbView, ValueRange, warp_into};

pub struct CropModel<M> {
    model: M,
    pub size: usize,
    range: ValueRange,
    input: Vec<f32>,
    pub outputs: Vec<Vec<f32>>,
    expected_lengths: Vec<usize>,
}

impl<M: InferenceModel> CropModel<M> {
    /// `expected_lengths`: how many values each requested output holds.
    pub fn new(model: M, size: usize, range: ValueRange, expected_lengths: &[usize]) -> Self {
        Self {
            model,
            size,
            range,
            input: vec![0.0; size * size * 3],
            outputs: expected_lengths
                .iter()
                .map(|n| Vec::with_capacity(*n))
                .collect(),
            expected_lengths: expected_lengths.to_vec(),
        }
    }

    pub fn model_name(&self) -> &str {
        self.model.name()
    }

    pub fn input_shape(&self) -> [i64; 4] {
        [1, self.size as i64, self.size as i64, 3]
    }

    /// Crops `roi` out of `image`, runs the model and checks its output sizes; returns `image_from_crop`.
    pub async fn run(
        &mut self,
        image: RgbView<'_>,
        roi: &RotatedRect,
        timings: &mut StageTimings,
    ) -> Result<Affine2, InferenceError> {
        let start = Instant::now();
        let image_from_crop = roi.image_from_crop(self.size as f32);
        warp_into(
            image,
            image_from_crop,
            self.size,
            self.range,
            Border::Replicate,
            &mut self.input,
        );
        timings.preprocess_ms += elapsed_ms(start);
        let start = Instant::now();
        self.model.run(&self.input, &mut self.outputs).await?;
        timings.inference_ms += elapsed_ms(start);
        for (i, expected) in self.expected_lengths.iter().enumerate() {
            expect_len(&self.model, &self.outputs, i, *expected)?;
        }
        Ok(image_from_crop)
    }
}

/// Projects a landmark `(x, y, z)` in crop pixels to image pixels; `z` keeps MediaPipe's convention (the x scale,
/// divided by `z_normalisation`).
pub fn project_landmark(
    image_from_crop: Affine2,
    roi: &RotatedRect,
    crop_size: f32,
    point_in_crop_px: Vec3,
    z_normalisation: f32,
) -> Vec3 {
    let p = image_from_crop.transform_point2(point_in_crop_px.truncate());
    let z = point_in_crop_px.z / crop_size / z_normalisation * roi.size_px.x;
    p.extend(z)
}

/// Rotates world landmarks (metres, model frame) by the crop's rotation, as `WorldLandmarkProjectionCalculator`.
pub fn project_world(roi: &RotatedRect, point_m: Vec3) -> Vec3 {
    let (sin, cos) = roi.rotation.sin_cos();
    Vec3::new(
        point_m.x * cos - point_m.y * sin,
        point_m.x * sin + point_m.y * cos,
        point_m.z,
    )
}

/// The logistic function.
pub fn sigmoid(logit: f32) -> f32 {
    1.0 / (1.0 + (-logit).exp())
}

/// Axis-aligned bounds of points.
pub fn bounds(points: impl Iterator<Item = Vec2>) -> (Vec2, Vec2) {
    points.fold(
        (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN)),
        |(min, max), p| (min.min(p), max.max(p)),
    )
}
