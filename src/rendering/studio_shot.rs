//! One product photographed in the studio, written once for the inspection screen and the headless renders: where
//! the piece stands (its catalog bounds, lifted a little off the floor), the set around it and the lens.

use bevy::prelude::*;
use catalog::CatalogEntry;

use crate::product::{ModelBounds, spawn_product};
use crate::rendering::studio::{StudioEnvironment, spawn_studio_set, studio_camera};

/// The studio lens's vertical field of view, radians (a portrait lens, as a product photographer's).
pub const LENS_FOV_RAD: f32 = std::f32::consts::PI / 6.0;
/// The backdrop's colour where the cyclorama does not reach.
const BACKGROUND: Color = Color::srgb(0.09, 0.08, 0.075);
/// The smallest radius a piece is framed for, metres (a catalog bound of zero still gets a picture).
const MIN_RADIUS_M: f32 = 0.005;
/// The camera's exposure for the studio's environment.
const EXPOSURE: f32 = 900.0;

/// Where a piece stands in the studio and how much room it takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudioShot {
    /// The centre of the piece's bounds, raised by 15% of its radius off the floor.
    pub centre_m: Vec3,
    /// The radius of the piece's bounding sphere.
    pub radius_m: f32,
}

impl StudioShot {
    pub fn of(entry: &CatalogEntry) -> Self {
        let bounds = ModelBounds::of(entry);
        let radius_m = bounds.radius_m().max(MIN_RADIUS_M);
        Self {
            centre_m: Vec3::new(0.0, bounds.size_m.y / 2.0 + radius_m * 0.15, 0.0),
            radius_m,
        }
    }

    /// Spawns the piece at its place and the set around it (cyclorama, key light), each with `marker`; the
    /// piece's pivot.
    pub fn spawn<M: Bundle + Clone>(
        &self,
        commands: &mut Commands,
        asset_server: &AssetServer,
        meshes: &mut Assets<Mesh>,
        materials: &mut Assets<StandardMaterial>,
        entry: &CatalogEntry,
        marker: M,
    ) -> Entity {
        let pivot = spawn_product(commands, asset_server, entry, self.centre_m, 1.0);
        commands.entity(pivot).insert(marker.clone());
        spawn_studio_set(commands, meshes, materials, self.radius_m, marker);
        pivot
    }

    /// The studio camera with its lens, to be placed by the caller.
    pub fn camera(&self, environment: &StudioEnvironment) -> impl Bundle {
        (
            studio_camera(environment, EXPOSURE),
            Camera {
                clear_color: ClearColorConfig::Custom(BACKGROUND),
                ..default()
            },
            Projection::Perspective(PerspectiveProjection {
                fov: LENS_FOV_RAD,
                near: self.radius_m * 0.05,
                far: self.radius_m * 60.0,
                ..default()
            }),
        )
    }

    /// How far from the centre the camera stands for the piece's bounding sphere, with 8% to spare, to fit the
    /// narrower side of a picture `aspect` (width / height) wide.
    #[cfg_attr(
        target_arch = "wasm32",
        expect(
            dead_code,
            reason = "only the desktop's headless renders fit a picture"
        )
    )]
    pub fn distance_to_fit_m(&self, aspect: f32) -> f32 {
        let half_tan = (LENS_FOV_RAD / 2.0).tan();
        let fit = if aspect < 1.0 {
            half_tan * aspect
        } else {
            half_tan
        };
        self.radius_m * 1.08 / fit.max(0.05)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wider_picture_keeps_the_distance_and_a_taller_one_steps_back() {
        let shot = StudioShot {
            centre_m: Vec3::ZERO,
            radius_m: 0.1,
        };
        let square = shot.distance_to_fit_m(1.0);
        assert_eq!(shot.distance_to_fit_m(16.0 / 9.0), square);
        assert!((shot.distance_to_fit_m(0.5) - 2.0 * square).abs() < 1e-5);
        // The sphere's silhouette fits: its angular radius is under half the field of view.
        assert!((shot.radius_m / square).asin() < LENS_FOV_RAD / 2.0);
    }
}
