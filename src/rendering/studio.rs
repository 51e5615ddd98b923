//! The photo studio products are shown in: a procedural HDR environment (soft boxes over a warm cyclorama) for
//! image-based lighting, a key light with soft shadows, and a camera set up like a product photographer's
//! (HDR, filmic tonemapping, bloom on highlights; gems and glass drawn without transmission, see `transmission.rs`).

use crate::procedural::cubemap::cubemap;
use crate::procedural::meshes::cyclorama_mesh;
use crate::rendering::environment_maps::FilteredEnvironment;
use bevy::camera::{Exposure, Hdr};
use bevy::core_pipeline::tonemapping::Tonemapping;
use bevy::light::CascadeShadowConfigBuilder;
use bevy::pbr::ScreenSpaceTransmission;
use bevy::post_process::bloom::Bloom;
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    // Made at plugin time so that the first screen's `OnEnter` can light its scene with it.
    app.init_resource::<StudioEnvironment>();
}

/// The studio's environment, filtered once and shared by every camera.
#[derive(Resource, Clone)]
pub struct StudioEnvironment(pub FilteredEnvironment);

/// Edge length of each cubemap face, texels (a power of two, as the filter requires).
const FACE_SIZE_PX: u32 = 128;

/// Radiance of the environment in a direction: a warm horizon gradient, a darker floor and three soft boxes
/// (a big overhead panel, a tall strip back-left and one front-right, in world directions, the product camera being
/// on +Z) that draw long highlights on metal.
pub fn studio_radiance(direction: Vec3) -> Vec3 {
    let d = direction.normalize_or(Vec3::Y);
    // A dark studio: metal reads by the contrast between black surroundings and bright soft boxes.
    let sky = Vec3::new(0.2, 0.18, 0.16);
    let floor = Vec3::new(0.025, 0.022, 0.02);
    let t = (d.y * 0.5 + 0.5).clamp(0.0, 1.0);
    let mut c = floor.lerp(sky, t.powf(1.6));
    let soft_box =
        |centre: Vec3, half_width: f32, half_height: f32, up: Vec3, power: f32| -> Vec3 {
            let centre = centre.normalize();
            let facing = d.dot(centre);
            if facing <= 0.0 {
                return Vec3::ZERO;
            }
            let right = up.cross(centre).normalize_or(Vec3::X);
            let up = centre.cross(right);
            let p = d / facing;
            let (x, y) = ((p - centre).dot(right), (p - centre).dot(up));
            let edge = |v: f32, h: f32| ((h - v.abs()) / (0.25 * h)).clamp(0.0, 1.0);
            Vec3::splat(power * edge(x, half_width) * edge(y, half_height))
        };
    c += soft_box(Vec3::new(0.0, 1.0, -0.15), 0.7, 0.45, Vec3::NEG_Z, 5.0);
    c += soft_box(Vec3::new(-0.9, 0.35, -0.8), 0.12, 0.9, Vec3::Y, 12.0);
    c += soft_box(Vec3::new(0.95, 0.3, 0.6), 0.08, 0.8, Vec3::Y, 10.0);
    c += soft_box(Vec3::new(0.7, 0.15, -0.9), 0.25, 0.2, Vec3::Y, 4.0);
    c += soft_box(Vec3::new(-0.4, -0.2, 1.0), 0.3, 0.15, Vec3::Y, 3.0);
    c
}

/// The studio's environment as a cubemap.
pub fn studio_cubemap() -> Image {
    cubemap(FACE_SIZE_PX, studio_radiance)
}

impl FromWorld for StudioEnvironment {
    fn from_world(world: &mut World) -> Self {
        StudioEnvironment(FilteredEnvironment::filter_once(world, studio_cubemap()))
    }
}

/// Camera components for looking at products: HDR, AgX-like filmic tonemapping, gentle bloom, no transmission copies and
/// the studio's image-based light.
pub fn studio_camera(environment: &StudioEnvironment, intensity: f32) -> impl Bundle {
    camera_lit_by(&environment.0, intensity)
}

/// The studio's camera settings with image-based light from `environment` (the boutique lights pieces with its own
/// surroundings).
pub fn camera_lit_by(environment: &FilteredEnvironment, intensity: f32) -> impl Bundle {
    (
        Camera3d::default(),
        Hdr,
        Tonemapping::TonyMcMapface,
        Bloom {
            intensity: 0.08,
            ..Bloom::NATURAL
        },
        Exposure { ev100: 9.7 },
        // No material is drawn with specular transmission (see `transmission.rs`): no copies of the frame.
        ScreenSpaceTransmission {
            steps: 0,
            ..default()
        },
        Msaa::Sample4,
        environment.light(intensity),
    )
}

/// Key light with soft shadows sized to the subject (`subject_size_m` across).
pub fn key_light(subject_size_m: f32) -> impl Bundle {
    (
        DirectionalLight {
            illuminance: 9_000.0,
            shadow_maps_enabled: true,
            color: Color::srgb(1.0, 0.96, 0.9),
            ..default()
        },
        Transform::from_xyz(-1.0, 2.2, 1.4).looking_at(Vec3::ZERO, Vec3::Y),
        CascadeShadowConfigBuilder {
            num_cascades: 1,
            minimum_distance: 0.001,
            maximum_distance: subject_size_m * 12.0,
            first_cascade_far_bound: subject_size_m * 12.0,
            overlap_proportion: 0.2,
        }
        .build(),
    )
}

/// The studio set around a subject of bounding radius `radius_m` standing on y = 0: a warm grey cyclorama and the
/// key light, each spawned with `marker` so the caller can despawn them.
pub fn spawn_studio_set<M: Bundle + Clone>(
    commands: &mut Commands,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    radius_m: f32,
    marker: M,
) {
    let backdrop_material = materials.add(StandardMaterial {
        base_color: Color::srgb(0.2, 0.18, 0.165),
        perceptual_roughness: 0.9,
        reflectance: 0.15,
        ..default()
    });
    commands.spawn((
        marker.clone(),
        Mesh3d(meshes.add(cyclorama_mesh())),
        MeshMaterial3d(backdrop_material),
        Transform::from_scale(Vec3::splat(radius_m * 8.0)),
    ));
    commands.spawn((marker, key_light(radius_m * 2.0)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_boxes_are_brighter_than_the_floor() {
        let overhead = studio_radiance(Vec3::new(0.0, 1.0, -0.15));
        let floor = studio_radiance(Vec3::NEG_Y);
        assert!(overhead.x > 4.0 * floor.x, "{overhead} vs {floor}");
    }

    #[test]
    fn cubemap_has_six_square_faces() {
        let image = studio_cubemap();
        assert_eq!(image.texture_descriptor.size.depth_or_array_layers, 6);
        assert_eq!(
            image.data.as_ref().map(Vec::len),
            Some((FACE_SIZE_PX * FACE_SIZE_PX * 6 * 8) as usize)
        );
    }
}
