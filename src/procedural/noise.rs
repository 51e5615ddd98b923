//! Value noise and fractal noise on a lattice that tiles: the grain of the marble, stone and paving, and the
//! sky's clouds.

/// A hash of an integer lattice point to [0, 1].
pub(crate) fn hash(x: i32, y: i32) -> f32 {
    let mut h = (x as u32).wrapping_mul(374_761_393) ^ (y as u32).wrapping_mul(668_265_263);
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    (h ^ (h >> 16)) as f32 / u32::MAX as f32
}

/// Smooth value noise in [0, 1], repeating every `period` lattice cells.
pub(crate) fn value_noise(x: f32, y: f32, period: i32) -> f32 {
    let (xi, yi) = (x.floor() as i32, y.floor() as i32);
    let (fx, fy) = (x - x.floor(), y - y.floor());
    let s = |v: f32| v * v * (3.0 - 2.0 * v);
    let h = |a: i32, b: i32| hash(a.rem_euclid(period), b.rem_euclid(period));
    let top = h(xi, yi) + (h(xi + 1, yi) - h(xi, yi)) * s(fx);
    let bottom = h(xi, yi + 1) + (h(xi + 1, yi + 1) - h(xi, yi + 1)) * s(fx);
    top + (bottom - top) * s(fy)
}

/// Fractal noise in [0, 1] over a unit square that tiles: `octaves` octaves from `base` cells across.
pub(crate) fn fbm(u: f32, v: f32, base: i32, octaves: u32) -> f32 {
    let (mut sum, mut amplitude, mut total) = (0.0, 0.5, 0.0);
    for octave in 0..octaves {
        let cells = base << octave;
        sum += amplitude * value_noise(u * cells as f32, v * cells as f32, cells);
        total += amplitude;
        amplitude *= 0.5;
    }
    sum / total
}
