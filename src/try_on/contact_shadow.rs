//! The soft contact shadow under each worn watch and bracelet: once a piece's model has loaded, its triangles are
//! baked off the main thread into a shade map (`tryon::ContactShadow`), drawn on a band around the wrist section
//! the models are made around, as a child of the piece's pivot (so it follows the fit, and hides with the piece).
//! The band is black and blended by the shade and the piece's opacity ([`ContactShadowMaterial`],
//! `shaders/contact_shadow.wgsl`): the piece covers its own footprint, the hand's occluders hide the band's far
//! side, and what shows is the soft shade on the skin at the piece's edges.

use bevy::asset::{RenderAssetUsages, load_internal_asset, uuid_handle};
use bevy::image::{ImageAddressMode, ImageFilterMode, ImageSampler, ImageSamplerDescriptor};
use bevy::math::Affine3A;
use bevy::mesh::{Indices, PrimitiveTopology, VertexAttributeValues};
use bevy::prelude::*;
use bevy::render::render_resource::{AsBindGroup, Extent3d, TextureDimension, TextureFormat};
use bevy::shader::ShaderRef;
use bevy::tasks::{AsyncComputeTaskPool, Task, block_on, poll_once};
use tryon::ContactShadow;
use tryon::contact_shadow::section_point_and_normal;

use super::fade::PieceOpacity;
use super::present::{TryOnPiece, TryOnStageEntity};

const SHADER: Handle<Shader> = uuid_handle!("42003dd9-9d56-4141-8237-19a3799a22fb");
/// Segments of the band around the wrist.
const BAND_SEGMENTS: usize = 96;

pub(super) fn plugin(app: &mut App) {
    load_internal_asset!(
        app,
        SHADER,
        "../../shaders/contact_shadow.wgsl",
        Shader::from_wgsl
    );
    app.add_plugins(MaterialPlugin::<ContactShadowMaterial>::default())
        .init_resource::<ContactShadows>()
        .add_systems(
            Update,
            (start_baking, finish_baking).in_set(super::TryOnSystems::Present),
        )
        .add_systems(PostUpdate, fade_with_the_piece);
}

/// Black, blended by the baked shade (red channel), faded as the band turns away from the camera.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct ContactShadowMaterial {
    #[texture(0)]
    #[sampler(1)]
    pub shade: Handle<Image>,
    /// The shadow's colour; its alpha is the piece's opacity (a piece fading out takes its shadow with it).
    #[uniform(2)]
    pub colour: LinearRgba,
}

impl Material for ContactShadowMaterial {
    fn fragment_shader() -> ShaderRef {
        ShaderRef::Handle(SHADER)
    }

    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Blend
    }
}

/// Whether worn wrist pieces get their contact shadow (on, unless a renderer is asked to leave it out).
#[derive(Resource, Debug, Clone, Copy)]
pub struct ContactShadows(pub bool);

impl Default for ContactShadows {
    fn default() -> Self {
        Self(true)
    }
}

/// The band drawn under a wrist piece.
#[derive(Component)]
pub struct ContactShadowBand;

/// A piece whose shade is being baked.
#[derive(Component)]
struct Baking(Task<Option<ContactShadow>>);

/// A piece that needs no more baking (done, nothing to shade, or not worn on the wrist).
#[derive(Component)]
struct Baked;

/// Every triangle under `root` in the root's space, or `None` while a mesh is still loading (or none has spawned).
fn triangles_under(
    root: Entity,
    children: &Query<&Children>,
    nodes: &Query<(&Transform, Option<&Mesh3d>)>,
    meshes: &Assets<Mesh>,
) -> Option<Vec<[Vec3; 3]>> {
    let mut out = Vec::new();
    let mut any_mesh = false;
    let mut stack: Vec<(Entity, Affine3A)> = children
        .get(root)
        .map(|c| c.iter().map(|e| (e, Affine3A::IDENTITY)).collect())
        .unwrap_or_default();
    while let Some((entity, parent_from_root)) = stack.pop() {
        let Ok((transform, mesh)) = nodes.get(entity) else {
            continue;
        };
        let root_from_node = parent_from_root * transform.compute_affine();
        if let Some(mesh) = mesh {
            any_mesh = true;
            let mesh = meshes.get(&mesh.0)?;
            append_triangles(mesh, root_from_node, &mut out);
        }
        if let Ok(c) = children.get(entity) {
            stack.extend(c.iter().map(|e| (e, root_from_node)));
        }
    }
    any_mesh.then_some(out)
}

/// A triangle list's triangles, moved by `root_from_mesh`; a mesh whose data has gone to the GPU adds nothing.
fn append_triangles(mesh: &Mesh, root_from_mesh: Affine3A, out: &mut Vec<[Vec3; 3]>) {
    if mesh.primitive_topology() != PrimitiveTopology::TriangleList {
        return;
    }
    let Ok(Some(VertexAttributeValues::Float32x3(positions))) =
        mesh.try_attribute_option(Mesh::ATTRIBUTE_POSITION)
    else {
        return;
    };
    let at = |i: usize| {
        positions
            .get(i)
            .map(|p| root_from_mesh.transform_point3(Vec3::from_array(*p)))
    };
    let indices: Vec<usize> = match mesh.try_indices_option() {
        Ok(Some(indices)) => indices.iter().collect(),
        Ok(None) => (0..positions.len()).collect(),
        Err(_) => return,
    };
    for t in indices.chunks_exact(3) {
        if let (Some(a), Some(b), Some(c)) = (at(t[0]), at(t[1]), at(t[2])) {
            out.push([a, b, c]);
        }
    }
}

fn start_baking(
    mut commands: Commands,
    pieces: Query<(Entity, &TryOnPiece), (Without<Baking>, Without<Baked>)>,
    children: Query<&Children>,
    nodes: Query<(&Transform, Option<&Mesh3d>)>,
    meshes: Res<Assets<Mesh>>,
    enabled: Res<ContactShadows>,
) {
    for (entity, piece) in &pieces {
        if !piece.on_wrist || !enabled.0 {
            commands.entity(entity).insert(Baked);
            continue;
        }
        let Some(triangles) = triangles_under(entity, &children, &nodes, &meshes) else {
            continue;
        };
        debug!(
            "contact shadow: baking {} triangles of piece {entity}",
            triangles.len()
        );
        let task = AsyncComputeTaskPool::get().spawn(async move { ContactShadow::bake(triangles) });
        commands.entity(entity).insert(Baking(task));
    }
}

fn finish_baking(
    mut commands: Commands,
    mut baking: Query<(Entity, &mut Baking)>,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ContactShadowMaterial>>,
) {
    for (entity, mut task) in &mut baking {
        if !task.0.is_finished() {
            continue;
        }
        let shadow = block_on(poll_once(&mut task.0)).flatten();
        commands.entity(entity).remove::<Baking>().insert(Baked);
        let Some(shadow) = shadow else {
            debug!("contact shadow: nothing to shade under piece {entity}");
            continue;
        };
        debug!(
            "contact shadow: {}×{} texels under piece {entity}",
            shadow.columns, shadow.rows
        );
        let material = materials.add(ContactShadowMaterial {
            shade: images.add(shade_image(&shadow)),
            colour: LinearRgba::BLACK,
        });
        commands.entity(entity).with_child((
            TryOnStageEntity,
            ContactShadowBand,
            Mesh3d(meshes.add(band_mesh(shadow.x_range_m))),
            MeshMaterial3d(material),
            Transform::IDENTITY,
        ));
    }
}

/// A band's shadow as opaque as its piece.
fn fade_with_the_piece(
    bands: Query<(&ChildOf, &MeshMaterial3d<ContactShadowMaterial>), With<ContactShadowBand>>,
    pieces: Query<&PieceOpacity>,
    mut materials: ResMut<Assets<ContactShadowMaterial>>,
) {
    for (parent, material) in &bands {
        let Ok(opacity) = pieces.get(parent.parent()) else {
            continue;
        };
        let alpha = opacity.0.clamp(0.0, 1.0);
        let stale = materials
            .get(&material.0)
            .is_some_and(|m| (m.colour.alpha - alpha).abs() > 1e-4);
        if stale && let Some(mut m) = materials.get_mut(&material.0) {
            m.colour.alpha = alpha;
        }
    }
}

/// The shade map as a texture: linear filtering, clamped along the wrist, repeating around it.
fn shade_image(shadow: &ContactShadow) -> Image {
    let mut image = Image::new(
        Extent3d {
            width: shadow.columns as u32,
            height: shadow.rows as u32,
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        shadow.alpha.clone(),
        TextureFormat::R8Unorm,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor {
        address_mode_u: ImageAddressMode::ClampToEdge,
        address_mode_v: ImageAddressMode::Repeat,
        mag_filter: ImageFilterMode::Linear,
        min_filter: ImageFilterMode::Linear,
        ..default()
    });
    image
}

/// The wrist section from `x_range_m[0]` to `x_range_m[1]` along the model's x: u along the wrist, v around it
/// from the parameter angle −π, normals outward, facing out.
pub fn band_mesh(x_range_m: [f32; 2]) -> Mesh {
    let mut positions = Vec::with_capacity(2 * (BAND_SEGMENTS + 1));
    let mut normals = Vec::with_capacity(positions.capacity());
    let mut uvs = Vec::with_capacity(positions.capacity());
    for i in 0..=BAND_SEGMENTS {
        let v = i as f32 / BAND_SEGMENTS as f32;
        let (point, normal) =
            section_point_and_normal(-std::f32::consts::PI + std::f32::consts::TAU * v);
        for (u, x) in [(0.0, x_range_m[0]), (1.0, x_range_m[1])] {
            positions.push((point + Vec3::X * x).to_array());
            normals.push(normal.to_array());
            uvs.push([u, v]);
        }
    }
    let mut indices = Vec::with_capacity(6 * BAND_SEGMENTS);
    for i in 0..BAND_SEGMENTS as u32 {
        let (a, b, c, d) = (2 * i, 2 * i + 1, 2 * i + 2, 2 * i + 3);
        // Counter-clockwise seen from outside: x runs along the wrist, the angle turns from +y to +z.
        indices.extend([a, c, b, b, c, d]);
    }
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
    .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
    .with_inserted_indices(Indices::U32(indices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_faces_out_of_the_wrist() {
        let mesh = band_mesh([-0.03, 0.03]);
        let Some(VertexAttributeValues::Float32x3(p)) = mesh.attribute(Mesh::ATTRIBUTE_POSITION)
        else {
            panic!("positions");
        };
        let Some(Indices::U32(indices)) = mesh.indices() else {
            panic!("indices");
        };
        for t in indices.chunks_exact(3) {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| Vec3::from_array(p[i as usize]));
            let winding_normal = (b - a).cross(c - a);
            let outward = Vec3::new(0.0, a.y + b.y + c.y, a.z + b.z + c.z);
            assert!(
                winding_normal.dot(outward) > 0.0,
                "a triangle faces into the wrist"
            );
        }
    }
}
