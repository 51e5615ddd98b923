//! The sky over Place Vendôme at the end of the afternoon: deep blue overhead, a warm haze at the horizon, a glow
//! around the low sun and a few fair-weather clouds, as a cubemap drawn behind the boutique (`Skybox`). The sun
//! light in `architecture` shines from the same direction; `surroundings` also lights pieces on the place with it.

use bevy::prelude::*;

use crate::procedural::noise::value_noise;

/// Towards the sun: low in the south-west over the rooftops behind the viewer on the place (elevation ≈ 27°).
pub const TOWARDS_SUN: Vec3 = Vec3::new(-0.52, 0.45, 0.72);

/// Edge of each face of the sky cubemap, texels.
pub(super) const SKY_FACE_PX: u32 = 256;

/// The colour of the haze at the horizon (also the distance fog's).
pub const HORIZON: Vec3 = Vec3::new(0.86, 0.8, 0.72);

/// Radiance of the sky in a direction, relative (1.0 is the brightest haze near the horizon; the camera's skybox
/// brightness sets the absolute level).
pub fn sky_radiance(direction: Vec3) -> Vec3 {
    let d = direction.normalize_or(Vec3::Y);
    let zenith = Vec3::new(0.2, 0.36, 0.7);
    let elevation = d.y.max(0.0);
    let mut c = HORIZON.lerp(zenith, elevation.powf(0.45));
    // Below the horizon: the haze, darkening (only seen past the ends of the place).
    if d.y < 0.0 {
        c = HORIZON * (1.0 + d.y * 0.6);
    }
    // The sun's glow: a wide warm halo and a bright core.
    let towards_sun = d.dot(TOWARDS_SUN.normalize()).max(0.0);
    c += Vec3::new(1.0, 0.78, 0.5) * (0.35 * towards_sun.powf(8.0) + 0.8 * towards_sun.powf(90.0));
    c += Vec3::splat(30.0) * towards_sun.powf(4000.0);
    // Fair-weather clouds on a plane high over the place: fractal noise thresholded, thinning at the horizon.
    if d.y > 0.02 {
        let p = Vec2::new(d.x, d.z) / (d.y + 0.08) * 1.6;
        let mut n = 0.0;
        let mut amplitude = 0.5;
        let mut scale = 1.0;
        for _ in 0..5 {
            n += amplitude * value_noise(p.x * scale + 17.0, p.y * scale + 5.0, 1 << 16);
            amplitude *= 0.5;
            scale *= 2.1;
        }
        let cover = ((n - 0.52) / 0.18).clamp(0.0, 1.0) * (d.y * 6.0).clamp(0.0, 1.0);
        // Lit on the sun's side, greyer underneath.
        let lit = Vec3::new(1.08, 1.0, 0.92) * (0.85 + 0.25 * towards_sun);
        c = c.lerp(lit, cover * 0.85);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blue_overhead_warm_at_the_horizon_bright_towards_the_sun() {
        let overhead = sky_radiance(Vec3::new(0.3, 1.0, -0.8));
        let horizon = sky_radiance(Vec3::new(0.0, 0.01, -1.0));
        assert!(overhead.z > overhead.x * 1.5, "overhead {overhead}");
        assert!(horizon.x > horizon.z, "horizon {horizon}");
        let sun = sky_radiance(TOWARDS_SUN);
        assert!(sun.x > 10.0, "sun {sun}");
    }
}
