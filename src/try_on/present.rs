//! The try-on picture: the camera frame at its exact colours behind, the worn pieces posed by the fit in front,
//! lit like the room, with the hand's depth-only occluders hiding what the hand hides.
//!
//! Two cameras draw into one target. The first (order 0) draws only the frame, on a quad of its own render layer,
//! unlit, with no tonemapping and no dithering, so the bytes on screen are the camera's. The second (order 1) draws
//! the pieces over it without clearing: not HDR, so tonemapping happens in the pieces' own shaders and never
//! touches the frame; a depth prepass holds the occluders' depth before any colour is drawn (opaque draws are
//! binned, so their order cannot be relied on), and the occluder material writes no colour. Its projection is the
//! frame's intrinsics: the vertical field of view of `tryon::Intrinsics`, principal point at the centre. A piece
//! fading in or out is drawn at its opacity ([`super::fade`]).

use bevy::camera::visibility::RenderLayers;
use bevy::camera::{Exposure, RenderTarget, ScalingMode};
use bevy::core_pipeline::prepass::DepthPrepass;
use bevy::core_pipeline::tonemapping::{DebandDither, Tonemapping};
use bevy::gltf::GltfAssetLabel;
use bevy::mesh::MeshVertexBufferLayoutRef;
use bevy::pbr::{MaterialPipeline, MaterialPipelineKey, ScreenSpaceTransmission};
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, ColorWrites, RenderPipelineDescriptor, SpecializedMeshPipelineError,
};
use bevy::world_serialization::WorldAssetRoot;
use tryon::{FrameFit, Intrinsics, Occluder, Primitive, WornItem};

use super::fade::PieceOpacity;
use super::frame_texture::FrameTexture;
use crate::product::default_variants;
use crate::product::variants::SelectedVariants;
use crate::rendering::studio::StudioEnvironment;

pub(super) fn plugin(app: &mut App) {
    app.add_plugins(MaterialPlugin::<OccluderMaterial>::default())
        .init_resource::<PresentCost>()
        .add_systems(
            Update,
            (present_fit, cover_the_target).in_set(super::TryOnSystems::Present),
        );
}

/// The layer only the background camera sees.
const BACKGROUND_LAYER: usize = 1;
/// Occluders in the pool, of each primitive (a hand needs 17 cylinders and 11 spheres).
const POOL_SIZE: usize = 24;
/// The studio light's strength on the pieces, before the room's brightness scales it.
const ENVIRONMENT_INTENSITY: f32 = 900.0;
const KEY_LIGHT_LUX: f32 = 9000.0;

/// A material that writes depth and no colour: with the pieces camera's depth prepass, whatever lies behind it is
/// not drawn, and the camera frame shows through.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone, Default)]
pub struct OccluderMaterial {}

impl Material for OccluderMaterial {
    fn specialize(
        _pipeline: &MaterialPipeline,
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        _key: MaterialPipelineKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        if let Some(fragment) = descriptor.fragment.as_mut() {
            for target in fragment.targets.iter_mut().flatten() {
                target.write_mask = ColorWrites::empty();
            }
        }
        Ok(())
    }
}

/// What the pieces camera shows this frame: the fit, the occluders and the room's light, set by whoever drives the
/// try-on (the headless renderer, the live screen) in the same update that submits the frame it came from.
#[derive(Resource, Debug, Clone)]
pub struct TryOnFrame {
    pub fit: Option<FrameFit>,
    pub occluders: Vec<Occluder>,
    pub light: tryon::light::SceneLight,
}

/// The main thread's time posing the stage for the last fit, ms (the benchmark reads it).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct PresentCost {
    pub last_ms: f32,
}

/// Marks everything the stage spawned.
#[derive(Component, Clone)]
pub struct TryOnStageEntity;

/// A worn piece's pivot: the model's origin (the GLB's documented pivot), posed by the fit's item `index`.
#[derive(Component)]
pub struct TryOnPiece {
    pub index: usize,
    /// Worn on the wrist (a watch or bracelet): it gets a contact shadow.
    pub on_wrist: bool,
}

/// A stage camera's view of a frame of `frame_px` taken with focal length `focal_px`: the frame covers whatever
/// target the camera draws to, centred and cropped, never stretched, and the pieces' projection is cropped alike.
#[derive(Component, Debug, Clone, Copy)]
pub struct StageProjection {
    pub frame_px: Vec2,
    pub focal_px: f32,
}

/// The try-on's sample count, the same for every camera that draws into its target: 4, except on WebGL 2, which
/// cannot sample a multisampled depth texture (the pieces camera's prepass; wgpu's GL backend panics on it).
pub const TRY_ON_MSAA: Msaa = if cfg!(feature = "web-webgl2") {
    Msaa::Off
} else {
    Msaa::Sample4
};

/// The part of a frame of `frame_px` that covers a target of `target_px` (same aspect as the target, centred):
/// the whole frame when the shapes agree, else the frame cropped at two opposite sides.
pub fn covered_part_px(frame_px: Vec2, target_px: Vec2) -> Vec2 {
    if frame_px.min_element() <= 0.0 || target_px.min_element() <= 0.0 {
        return frame_px;
    }
    let target_aspect = target_px.x / target_px.y;
    if target_aspect > frame_px.x / frame_px.y {
        // A wider target: the full width, less height.
        Vec2::new(frame_px.x, frame_px.x / target_aspect)
    } else {
        Vec2::new(frame_px.y * target_aspect, frame_px.y)
    }
}

/// Where a point of the frame lands in a target of `target_px` that the frame covers ([`covered_part_px`]).
pub fn window_from_frame_px(point_in_frame_px: Vec2, frame_px: Vec2, target_px: Vec2) -> Vec2 {
    let part = covered_part_px(frame_px, target_px);
    if part.min_element() <= 0.0 {
        return point_in_frame_px;
    }
    (point_in_frame_px - (frame_px - part) / 2.0) * target_px / part
}

#[derive(Component)]
struct OccluderSlot {
    primitive: Primitive,
}

#[derive(Component)]
struct PiecesCamera;

#[derive(Component)]
struct RoomLight;

/// What building a stage takes from the world.
#[derive(bevy::ecs::system::SystemParam)]
pub struct StageAssets<'w> {
    pub asset_server: Res<'w, AssetServer>,
    pub meshes: ResMut<'w, Assets<Mesh>>,
    pub materials: ResMut<'w, Assets<StandardMaterial>>,
    pub occluder_materials: ResMut<'w, Assets<OccluderMaterial>>,
    pub images: ResMut<'w, Assets<Image>>,
    pub environment: Res<'w, StudioEnvironment>,
}

/// The stage's settings.
pub struct StageSpec<'a> {
    pub target: RenderTarget,
    pub size_px: UVec2,
    pub intrinsics: Intrinsics,
    pub items: &'a [WornItem],
    /// The variants of each worn piece (empty: the catalog's defaults).
    pub variants: &'a [SelectedVariants],
    pub catalog: &'a catalog::Catalog,
    pub occluders: bool,
}

/// OpenCV camera axes (x right, y down, z forward) to Bevy's (x right, y up, looking down −z).
fn bevy_from_opencv(rotation: Quat, position_m: Vec3, scale: Vec3) -> Transform {
    let flip = Mat3::from_diagonal(Vec3::new(1.0, -1.0, -1.0));
    Transform {
        translation: flip * position_m,
        rotation: Quat::from_mat3(&(flip * Mat3::from_quat(rotation))),
        scale,
    }
}

/// Spawns the two cameras, the frame quad, the pieces (hidden until fitted), the light and the occluder pool.
pub fn spawn_stage(
    commands: &mut Commands,
    spec: StageSpec,
    texture: &FrameTexture,
    asset_server: &AssetServer,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    occluder_materials: &mut Assets<OccluderMaterial>,
    environment: &StudioEnvironment,
) {
    let size = spec.size_px.as_vec2();
    // The frame: a quad filling an orthographic view of exactly the frame's size.
    commands.spawn((
        TryOnStageEntity,
        Camera3d::default(),
        Camera {
            order: 0,
            clear_color: ClearColorConfig::Custom(Color::BLACK),
            ..default()
        },
        spec.target.clone(),
        Projection::Orthographic(OrthographicProjection {
            scaling_mode: ScalingMode::Fixed {
                width: size.x,
                height: size.y,
            },
            ..OrthographicProjection::default_3d()
        }),
        Tonemapping::None,
        DebandDither::Disabled,
        // The same sample count as the pieces camera, which draws over the very same colour texture.
        TRY_ON_MSAA,
        RenderLayers::layer(BACKGROUND_LAYER),
        StageProjection {
            frame_px: size,
            focal_px: spec.intrinsics.focal_px,
        },
        Transform::IDENTITY,
    ));
    commands.spawn((
        TryOnStageEntity,
        Mesh3d(meshes.add(Rectangle::new(size.x, size.y))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(texture.image.clone()),
            unlit: true,
            ..default()
        })),
        RenderLayers::layer(BACKGROUND_LAYER),
        Transform::from_xyz(0.0, 0.0, -1.0),
    ));
    commands.spawn((
        TryOnStageEntity,
        PiecesCamera,
        Camera3d::default(),
        Camera {
            order: 1,
            clear_color: ClearColorConfig::None,
            ..default()
        },
        spec.target,
        Projection::Perspective(PerspectiveProjection {
            fov: spec.intrinsics.vfov_radians(),
            aspect_ratio: size.x / size.y.max(1.0),
            near: 0.01,
            far: 20.0,
            ..default()
        }),
        Tonemapping::TonyMcMapface,
        Exposure { ev100: 9.7 },
        ScreenSpaceTransmission {
            steps: 0,
            ..default()
        },
        TRY_ON_MSAA,
        DepthPrepass,
        environment.0.light(ENVIRONMENT_INTENSITY),
        StageProjection {
            frame_px: size,
            focal_px: spec.intrinsics.focal_px,
        },
        Transform::IDENTITY,
    ));
    commands.spawn((
        TryOnStageEntity,
        RoomLight,
        DirectionalLight {
            illuminance: KEY_LIGHT_LUX,
            shadow_maps_enabled: false,
            ..default()
        },
        // Over the shopper's shoulder: above and a little behind the camera.
        Transform::from_xyz(-0.6, 1.5, 1.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    spawn_pieces(
        commands,
        asset_server,
        spec.catalog,
        spec.items,
        spec.variants,
    );
    if spec.occluders {
        let material = occluder_materials.add(OccluderMaterial {});
        let sphere = meshes.add(Sphere::new(1.0).mesh().uv(24, 16));
        let cylinder = meshes.add(Cylinder::new(1.0, 2.0).mesh().resolution(24));
        for (primitive, mesh) in [(Primitive::Sphere, sphere), (Primitive::Cylinder, cylinder)] {
            for _ in 0..POOL_SIZE {
                commands.spawn((
                    TryOnStageEntity,
                    OccluderSlot { primitive },
                    Mesh3d(mesh.clone()),
                    MeshMaterial3d(material.clone()),
                    Transform::IDENTITY,
                    Visibility::Hidden,
                ));
            }
        }
    }
}

/// Spawns a pivot per worn piece (hidden until fitted), in the order of the fit's items; `variants[i]` (when given)
/// is piece `i`'s selection, else the catalog's default.
pub fn spawn_pieces(
    commands: &mut Commands,
    asset_server: &AssetServer,
    catalog: &catalog::Catalog,
    items: &[WornItem],
    variants: &[SelectedVariants],
) {
    for (index, item) in items.iter().enumerate() {
        let Some(entry) = catalog.product(&item.sku) else {
            continue;
        };
        let model = commands
            .spawn((
                TryOnStageEntity,
                WorldAssetRoot(
                    asset_server
                        .load(GltfAssetLabel::Scene(0).from_asset(entry.product.model.clone())),
                ),
                Transform::IDENTITY,
            ))
            .id();
        let selected = variants
            .get(index)
            .cloned()
            .unwrap_or_else(|| default_variants(entry));
        commands
            .spawn((
                TryOnStageEntity,
                Name::new(format!("worn {}", item.sku)),
                TryOnPiece {
                    index,
                    on_wrist: item.site() == Some(tryon::Site::Wrist),
                },
                PieceOpacity(0.0),
                selected,
                Transform::IDENTITY,
                Visibility::Hidden,
            ))
            .add_child(model);
    }
}

/// Keeps each stage camera's projection covering its target as the window changes shape.
fn cover_the_target(mut cameras: Query<(&Camera, &StageProjection, &mut Projection)>) {
    for (camera, stage, mut projection) in &mut cameras {
        let Some(target) = camera.logical_viewport_size() else {
            continue;
        };
        let part = covered_part_px(stage.frame_px, target);
        match &mut *projection {
            Projection::Orthographic(ortho) => {
                let same = matches!(ortho.scaling_mode,
                    ScalingMode::Fixed { width, height } if width == part.x && height == part.y);
                if !same {
                    ortho.scaling_mode = ScalingMode::Fixed {
                        width: part.x,
                        height: part.y,
                    };
                }
            }
            Projection::Perspective(perspective) => {
                let fov = 2.0 * (0.5 * part.y / stage.focal_px.max(1e-3)).atan();
                if (perspective.fov - fov).abs() > 1e-6 {
                    perspective.fov = fov;
                }
            }
            _ => {}
        }
    }
}

fn present_fit(
    frame: Option<Res<TryOnFrame>>,
    mut pieces: Query<
        (
            &TryOnPiece,
            &mut Transform,
            &mut Visibility,
            &mut PieceOpacity,
        ),
        Without<OccluderSlot>,
    >,
    mut slots: Query<(&OccluderSlot, &mut Transform, &mut Visibility), Without<TryOnPiece>>,
    mut lights: Query<&mut DirectionalLight, With<RoomLight>>,
    mut environment: Query<&mut EnvironmentMapLight, With<PiecesCamera>>,
    mut cost: ResMut<PresentCost>,
) {
    let Some(frame) = frame.filter(|f| f.is_changed()) else {
        return;
    };
    let started = bevy::platform::time::Instant::now();
    for (piece, mut transform, mut visibility, mut opacity) in &mut pieces {
        let item = frame.fit.as_ref().and_then(|f| f.items.get(piece.index));
        // A fading piece is drawn at its opacity (`fade`); one with none is not drawn at all.
        let placed = item.and_then(|i| i.placement.as_ref().map(|p| (p, i.opacity)));
        match placed.filter(|(_, o)| *o > 0.0) {
            Some((p, o)) => {
                *transform = bevy_from_opencv(p.rotation, p.position_m, Vec3::splat(p.scale));
                *visibility = Visibility::Inherited;
                opacity.set_if_neq(PieceOpacity(o.min(1.0)));
            }
            None => {
                *visibility = Visibility::Hidden;
                opacity.set_if_neq(PieceOpacity(0.0));
            }
        }
    }
    let mut spheres = frame
        .occluders
        .iter()
        .filter(|o| o.primitive == Primitive::Sphere);
    let mut cylinders = frame
        .occluders
        .iter()
        .filter(|o| o.primitive == Primitive::Cylinder);
    for (slot, mut transform, mut visibility) in &mut slots {
        let next = match slot.primitive {
            Primitive::Sphere => spheres.next(),
            Primitive::Cylinder => cylinders.next(),
        };
        match next {
            Some(o) => {
                *transform = bevy_from_opencv(o.rotation, o.centre_m, o.half_extents_m);
                *visibility = Visibility::Inherited;
            }
            None => *visibility = Visibility::Hidden,
        }
    }
    let tint = Color::LinearRgba(LinearRgba::rgb(
        frame.light.tint.x,
        frame.light.tint.y,
        frame.light.tint.z,
    ));
    for mut light in &mut lights {
        light.color = tint;
        light.illuminance = KEY_LIGHT_LUX * frame.light.intensity;
    }
    for mut light in &mut environment {
        light.intensity = ENVIRONMENT_INTENSITY * frame.light.intensity;
    }
    cost.last_ms = started.elapsed().as_secs_f32() * 1000.0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_covers_the_target_without_stretching() {
        let frame = Vec2::new(640.0, 480.0);
        // The same shape: all of it.
        assert_eq!(covered_part_px(frame, Vec2::new(1280.0, 960.0)), frame);
        // A wide window: the full width, top and bottom cropped to the window's shape.
        let wide = covered_part_px(frame, Vec2::new(1280.0, 800.0));
        assert!(wide.abs_diff_eq(Vec2::new(640.0, 400.0), 1e-3));
        // A tall one (a kiosk in portrait): the full height, the sides cropped.
        let tall = covered_part_px(frame, Vec2::new(1080.0, 1920.0));
        assert!(tall.abs_diff_eq(Vec2::new(270.0, 480.0), 1e-3));
        assert!((tall.x / tall.y - 1080.0 / 1920.0).abs() < 1e-5);
    }

    #[test]
    fn frame_points_land_in_the_covered_window() {
        let frame = Vec2::new(640.0, 480.0);
        // A wide window crops the frame's top and bottom: its centre stays the centre, its left edge the left.
        let wide = Vec2::new(1280.0, 800.0);
        let at = |p: Vec2| window_from_frame_px(p, frame, wide);
        assert!(at(Vec2::new(320.0, 240.0)).abs_diff_eq(Vec2::new(640.0, 400.0), 1e-3));
        assert!(at(Vec2::new(0.0, 40.0)).abs_diff_eq(Vec2::ZERO, 1e-3));
        assert!(at(Vec2::new(640.0, 440.0)).abs_diff_eq(wide, 1e-3));
        // A point in the cropped band lands outside the window.
        assert!(at(Vec2::new(320.0, 470.0)).y > wide.y);
    }

    #[test]
    fn opencv_points_land_where_bevy_draws_them() {
        // A point 1 m in front of the camera, 10 cm right and 5 cm below the centre.
        let t = bevy_from_opencv(Quat::IDENTITY, Vec3::new(0.1, 0.05, 1.0), Vec3::ONE);
        assert!(t.translation.abs_diff_eq(Vec3::new(0.1, -0.05, -1.0), 1e-6));
        // A model's +z turned to the camera's +x (OpenCV) stays +x in Bevy, and the frame stays right-handed.
        let r = Quat::from_rotation_arc(Vec3::Z, Vec3::X);
        let t = bevy_from_opencv(r, Vec3::ZERO, Vec3::ONE);
        assert!((t.rotation * Vec3::Z).abs_diff_eq(Vec3::X, 1e-5));
        let m = Mat3::from_quat(t.rotation);
        assert!((m.determinant() - 1.0).abs() < 1e-5);
    }
}
