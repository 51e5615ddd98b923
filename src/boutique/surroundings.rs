//! What metal, gems and glass reflect in the boutique: on the place, the sky; inside, the salon itself (ivory
//! boiserie with gilded mouldings, the white ceiling with its chandeliers, the marble floor). Each boutique camera
//! takes the image-based light of where it stands, and changes it as it crosses the threshold.

use bevy::light::EnvironmentMapLight;
use bevy::prelude::*;

use super::sky::{SKY_FACE_PX, sky_radiance};
use crate::procedural::cubemap::cubemap;
use crate::rendering::environment_maps::FilteredEnvironment;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<BoutiqueEnvironment>().add_systems(
        PostUpdate,
        reflect_surroundings.after(TransformSystems::Propagate),
    );
}

/// The boutique's environments, each filtered once and shared by every boutique camera.
#[derive(Resource, Clone)]
pub struct BoutiqueEnvironment {
    /// The sky over the place (its cubemap is also drawn as the skybox).
    pub sky: FilteredEnvironment,
    /// The salon around a piece inside.
    pub salon: FilteredEnvironment,
}

impl FromWorld for BoutiqueEnvironment {
    fn from_world(world: &mut World) -> Self {
        BoutiqueEnvironment {
            sky: FilteredEnvironment::filter_once(world, cubemap(SKY_FACE_PX, sky_radiance)),
            salon: FilteredEnvironment::filter_once(world, cubemap(SALON_FACE_PX, salon_radiance)),
        }
    }
}

impl BoutiqueEnvironment {
    /// The environment and its intensity for a camera at `eye_m`.
    pub fn around(&self, eye_m: Vec3) -> (&FilteredEnvironment, f32) {
        match Surroundings::at(eye_m) {
            Surroundings::Place => (&self.sky, 450.0),
            // The dim salon lights pieces less than the open sky: brought up to the studio's level.
            Surroundings::Salon => (&self.salon, 900.0),
        }
    }
}

const SALON_FACE_PX: u32 = 128;

/// Where a camera stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surroundings {
    Place,
    Salon,
}

impl Surroundings {
    /// The façade runs along z = 0: the place is in front of it, the boutique behind.
    pub fn at(eye_m: Vec3) -> Self {
        if eye_m.z < 0.0 {
            Surroundings::Salon
        } else {
            Surroundings::Place
        }
    }
}

/// Marks a camera whose image-based light follows where it stands.
#[derive(Component, Default, Clone, Copy)]
pub struct ReflectsSurroundings;

/// Crossing the threshold swaps the camera's maps (both filtered long before): no filtering, no new texture.
fn reflect_surroundings(
    environment: Res<BoutiqueEnvironment>,
    mut cameras: Query<(&GlobalTransform, &mut EnvironmentMapLight), With<ReflectsSurroundings>>,
) {
    for (transform, mut light) in &mut cameras {
        let (wanted, intensity) = environment.around(transform.translation());
        if !wanted.is_shown_by(&light) {
            *light = wanted.light(intensity);
        }
    }
}

/// Radiance seen from the middle of the salon, relative (a dim room, as a jeweller keeps it, so that the lights
/// make the contrast that metal needs), with cove lighting under the cornice: the marble floor, ivory walls with gilded frames and a
/// gilded cornice, the ceiling, and what makes metal sparkle in a jeweller's salon — chandeliers and the spot lights
/// over the vitrines as bright warm points overhead, the lit vitrines themselves around the room.
pub fn salon_radiance(direction: Vec3) -> Vec3 {
    let d = direction.normalize_or(Vec3::Y);
    let ivory = Vec3::new(0.21, 0.19, 0.155);
    let gold = Vec3::new(0.7, 0.48, 0.22);
    let warm = Vec3::new(1.0, 0.86, 0.64);
    let azimuth = d.z.atan2(d.x);
    let elevation = d.y.asin();
    let mut c = if d.y < -0.2 {
        // Polished marble: pale but in the walls' shade.
        Vec3::new(0.085, 0.08, 0.075) * (1.0 + 0.3 * (-d.y))
    } else if d.y < 0.7 {
        // The walls: panels framed in gilt every 20°, a gilded cornice under the ceiling.
        let panel = (azimuth / 20_f32.to_radians()).rem_euclid(1.0);
        let frame = (panel - 0.08).abs() < 0.012 || (panel - 0.92).abs() < 0.012;
        let in_panel_height = (-0.1..0.45).contains(&d.y);
        let cornice = (elevation - 0.62).abs() < 0.02;
        // Cove lighting: a warm glowing band all round, just under the cornice.
        let cove = (0.5..0.59).contains(&elevation);
        if cove {
            warm * 3.0
        } else if cornice || (frame && in_panel_height) {
            gold
        } else {
            ivory * (0.85 + 0.25 * d.y.max(0.0))
        }
    } else {
        Vec3::new(0.2, 0.185, 0.16)
    };
    // The lit vitrines around the room: small bright panes just below eye level, every 40°.
    let pane = (azimuth / 40_f32.to_radians()).rem_euclid(1.0);
    if (pane - 0.5).abs() < 0.1 && (-0.22..0.02).contains(&elevation) {
        c = warm * 2.5;
    }
    // Spot lights over the vitrines, a ring overhead, and the chandeliers' crystal.
    let point = |centre: Vec3, power: f32, tightness: f32| {
        warm * power * d.dot(centre.normalize()).max(0.0).powf(tightness)
    };
    for k in 0..8 {
        let a = k as f32 * std::f32::consts::FRAC_PI_4 + 0.2;
        c += point(
            Vec3::new(a.cos() * 0.45, 0.89, a.sin() * 0.45),
            16.0,
            3000.0,
        );
    }
    for centre in [Vec3::new(0.35, 0.88, 0.3), Vec3::new(-0.4, 0.85, -0.35)] {
        c += point(centre, 14.0, 900.0) + point(centre, 0.35, 40.0);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_reflects_the_salon_and_outside_the_sky() {
        assert_eq!(
            Surroundings::at(Vec3::new(0.0, 1.6, 24.0)),
            Surroundings::Place
        );
        assert_eq!(
            Surroundings::at(Vec3::new(0.0, 1.6, -10.0)),
            Surroundings::Salon
        );
        // The salon: warm ivory walls, a brighter chandelier overhead than anything on the walls.
        let wall = salon_radiance(Vec3::new(1.0, 0.1, 0.0));
        assert!(wall.x > wall.z, "wall {wall}");
        let chandelier = salon_radiance(Vec3::new(0.35, 0.88, 0.3));
        assert!(chandelier.x > 5.0 * wall.x, "chandelier {chandelier}");
    }
}
