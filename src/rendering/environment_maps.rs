//! Image-based light filtered once per source and shared by every camera: each environment cubemap (the studio's,
//! the sky, the salon) is filtered into its diffuse and specular maps a single time, by Bevy's own filter, and every
//! camera that reflects it uses those two maps through a plain `EnvironmentMapLight`.
//!
//! Why not Bevy's `GeneratedEnvironmentMapLight` on the cameras: it re-runs the whole filter every frame (copy,
//! downsampling and GGX convolution of every mip, the irradiance convolution), re-creating a dozen bind groups,
//! uniform buffers, views and five placeholder textures each time, and it makes a new pair of maps for every camera
//! and re-filters into them whenever the camera's source changes. Under a software driver that was a slow climb of
//! resident memory and a large part of every frame (docs/ARCHITECTURE.md, "Memory").
//!
//! How: a filter job is an entity with Bevy's `GeneratedEnvironmentMapLight` and an `EnvironmentMapLight` whose
//! maps we made ourselves (so Bevy fills ours instead of making its own), spawned on the first update after it was
//! asked for (Bevy registers the generator's components when the app finishes building, and an entity holding one
//! before then makes that registration fail). A render-world system notes the frame in
//! which Bevy's filter passes actually ran for a job (their pipelines ready, the job's bind groups prepared), and
//! the job is despawned on the next main-world update; the filtered maps stay, held by whoever asked for them.
//!
//! Where there are no compute shaders (the browser's WebGL 2 build, feature `web-webgl2`), Bevy has no filter to run:
//! the same two maps are made on the CPU by the `ibl` crate, with the same meaning, when the cubemap is given.

use std::sync::{Arc, Mutex, PoisonError};

use bevy::asset::RenderAssetUsages;
use bevy::light::{EnvironmentMapLight, GeneratedEnvironmentMapLight};
use bevy::pbr::generate::{GeneratorBindGroups, GeneratorPipelines, RenderEnvironmentMap};
use bevy::prelude::*;
use bevy::render::render_resource::{
    Extent3d, PipelineCache, TextureDimension, TextureFormat, TextureUsages, TextureViewDescriptor,
    TextureViewDimension,
};
use bevy::render::sync_world::MainEntity;
use bevy::render::{Render, RenderApp, RenderSystems};

pub(crate) fn plugin(app: &mut App) {
    let finished = FinishedFilters::default();
    app.insert_resource(finished.clone())
        .init_resource::<QueuedFilters>()
        .add_systems(First, (spawn_queued_filters, retire_finished_filters));
    if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
        render_app
            .insert_resource(finished)
            .add_systems(Render, note_finished_filters.in_set(RenderSystems::Render));
    }
}

/// Edge length of the diffuse (irradiance) map's faces, texels: Bevy's filter writes 32×32.
const DIFFUSE_FACE_PX: u32 = 32;

/// A cubemap and the maps it is filtered into: what an [`EnvironmentMapLight`] needs.
#[derive(Clone, Debug)]
pub struct FilteredEnvironment {
    /// The radiance cubemap itself (a boutique camera also draws the sky's as its skybox).
    pub source: Handle<Image>,
    pub diffuse_map: Handle<Image>,
    pub specular_map: Handle<Image>,
}

/// Marks an entity whose only purpose is to have Bevy filter one cubemap; despawned once that has happened.
#[derive(Component, Debug)]
pub struct EnvironmentFilterJob;

/// Filters asked for and not yet spawned as jobs.
#[derive(Resource, Default)]
struct QueuedFilters(Vec<FilteredEnvironment>);

/// Main-world entities of the jobs whose filter passes ran, written by the render world and read by the main world.
#[derive(Resource, Clone, Default)]
struct FinishedFilters(Arc<Mutex<Vec<Entity>>>);

impl FilteredEnvironment {
    /// Adds `cubemap` (six square faces of a power-of-two size, `Rgba16Float`, a cube view) and queues it to be
    /// filtered once; the returned maps are black until then (the first rendered frame where compute shaders
    /// exist).
    pub fn filter_once(world: &mut World, cubemap: Image) -> Self {
        #[cfg(feature = "web-webgl2")]
        if let Some(environment) = filter_on_the_cpu(world, &cubemap) {
            return environment;
        }
        let face_px = cubemap.texture_descriptor.size.width;
        debug_assert!(
            face_px.is_power_of_two() && cubemap.texture_descriptor.size.height == face_px,
            "Bevy's environment filter needs square power-of-two faces, got {:?}",
            cubemap.texture_descriptor.size
        );
        let mut images = world.resource_mut::<Assets<Image>>();
        let environment = FilteredEnvironment {
            source: images.add(cubemap),
            diffuse_map: images.add(filter_target(DIFFUSE_FACE_PX, 1)),
            // One mip per roughness step, down to 1×1, as Bevy's filter writes them.
            specular_map: images.add(filter_target(face_px, face_px.max(1).ilog2() + 1)),
        };
        world
            .get_resource_or_init::<QueuedFilters>()
            .0
            .push(environment.clone());
        environment
    }

    /// The image-based light of these maps at `intensity` (cd/m² for a radiance of 1).
    pub fn light(&self, intensity: f32) -> EnvironmentMapLight {
        EnvironmentMapLight {
            diffuse_map: self.diffuse_map.clone(),
            specular_map: self.specular_map.clone(),
            intensity,
            ..default()
        }
    }

    /// Whether `light` shows these maps.
    pub fn is_shown_by(&self, light: &EnvironmentMapLight) -> bool {
        light.specular_map == self.specular_map && light.diffuse_map == self.diffuse_map
    }
}

/// A cubemap texture that Bevy's filter writes into (storage) and materials sample (a cube view), with no data of
/// its own: it lives on the GPU only.
fn filter_target(face_px: u32, mip_level_count: u32) -> Image {
    let mut image = cube_texture(face_px, mip_level_count);
    image.texture_descriptor.usage =
        TextureUsages::TEXTURE_BINDING | TextureUsages::STORAGE_BINDING;
    image
}

/// An `Rgba16Float` cube texture of `mip_level_count` mips, seen through a cube view of all of them, on the GPU only.
fn cube_texture(face_px: u32, mip_level_count: u32) -> Image {
    let mut image = Image::new_uninit(
        Extent3d {
            width: face_px,
            height: face_px,
            depth_or_array_layers: 6,
        },
        TextureDimension::D2,
        TextureFormat::Rgba16Float,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_descriptor.mip_level_count = mip_level_count;
    image.texture_view_descriptor = Some(TextureViewDescriptor {
        dimension: Some(TextureViewDimension::Cube),
        mip_level_count: Some(mip_level_count),
        ..default()
    });
    image
}

/// The browser's WebGL 2 build: both maps filtered on the CPU now (no compute shaders to do it on the GPU). `None`
/// when the cubemap is not one this module makes (then its maps stay black, as they would without a filter).
#[cfg(feature = "web-webgl2")]
fn filter_on_the_cpu(world: &mut World, cubemap: &Image) -> Option<FilteredEnvironment> {
    let source = match cubemap_radiance(cubemap) {
        Ok(source) => source,
        Err(e) => {
            warn!("environment map not filtered: {e}");
            return None;
        }
    };
    let specular = cube_image(&ibl::specular_mips(&source));
    let diffuse = cube_image(&[ibl::diffuse(&source, DIFFUSE_FACE_PX as usize)]);
    let mut images = world.resource_mut::<Assets<Image>>();
    Some(FilteredEnvironment {
        source: images.add(cubemap.clone()),
        diffuse_map: images.add(diffuse),
        specular_map: images.add(specular),
    })
}

/// Why an image cannot be filtered on the CPU.
#[cfg(any(feature = "web-webgl2", test))]
#[derive(Debug, thiserror::Error)]
enum RadianceError {
    #[error("a cubemap of six square Rgba16Float faces was expected, not {format:?} of {size:?}")]
    NotACubemap {
        format: TextureFormat,
        size: bevy::render::render_resource::Extent3d,
    },
    #[error("the cubemap has no data on the CPU")]
    NoData,
    #[error(transparent)]
    Faces(#[from] ibl::CubemapError),
}

/// The radiance in an `Rgba16Float` cubemap image (six layers of square faces), for the CPU filter.
#[cfg(any(feature = "web-webgl2", test))]
fn cubemap_radiance(image: &Image) -> Result<ibl::Cubemap, RadianceError> {
    let size = image.texture_descriptor.size;
    if image.texture_descriptor.format != TextureFormat::Rgba16Float
        || size.depth_or_array_layers != 6
        || size.width != size.height
    {
        return Err(RadianceError::NotACubemap {
            format: image.texture_descriptor.format,
            size,
        });
    }
    let data = image.data.as_deref().ok_or(RadianceError::NoData)?;
    let texels = data
        .chunks_exact(8)
        .map(|t| {
            let channel = |i: usize| half::f16::from_le_bytes([t[2 * i], t[2 * i + 1]]).to_f32();
            Vec3::new(channel(0), channel(1), channel(2))
        })
        .collect();
    Ok(ibl::Cubemap::new(size.width as usize, texels)?)
}

/// A sampled cube texture (`Rgba16Float`) of `mips`, largest first, each face's mips together (wgpu's layer-major
/// order, Bevy's default), its data moved to the GPU.
#[cfg(any(feature = "web-webgl2", test))]
fn cube_image(mips: &[ibl::Cubemap]) -> Image {
    let face_px = mips.first().map_or(1, ibl::Cubemap::face_px);
    let mut data = Vec::with_capacity(mips.iter().map(|m| m.texels().len() * 8).sum());
    for face in 0..6 {
        for mip in mips {
            let per_face = mip.face_px() * mip.face_px();
            for t in &mip.texels()[face * per_face..(face + 1) * per_face] {
                for channel in [t.x, t.y, t.z, 1.0] {
                    data.extend_from_slice(&half::f16::from_f32(channel).to_le_bytes());
                }
            }
        }
    }
    let mut image = cube_texture(face_px as u32, mips.len().max(1) as u32);
    image.data = Some(data);
    image
}

/// Main world: a job for every filter asked for since the last update.
fn spawn_queued_filters(mut commands: Commands, mut queued: ResMut<QueuedFilters>) {
    for environment in queued.0.drain(..) {
        commands.spawn((
            Name::new("environment filter"),
            EnvironmentFilterJob,
            GeneratedEnvironmentMapLight {
                environment_map: environment.source.clone(),
                ..default()
            },
            environment.light(1.0),
        ));
    }
}

/// Render world, after Bevy's filter passes were recorded: the jobs they ran for this frame. They ran when all
/// five of the filter's pipelines are compiled and the job has its bind groups (Bevy skips both otherwise).
fn note_finished_filters(
    jobs: Query<&MainEntity, (With<GeneratorBindGroups>, With<RenderEnvironmentMap>)>,
    pipelines: Option<Res<GeneratorPipelines>>,
    pipeline_cache: Res<PipelineCache>,
    finished: Res<FinishedFilters>,
) {
    let Some(pipelines) = pipelines else {
        return;
    };
    let compiled = [
        pipelines.copy,
        pipelines.downsample_first,
        pipelines.downsample_second,
        pipelines.radiance,
        pipelines.irradiance,
    ]
    .into_iter()
    .all(|id| pipeline_cache.get_compute_pipeline(id).is_some());
    if !compiled || jobs.is_empty() {
        return;
    }
    finished
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .extend(jobs.iter().map(MainEntity::id));
}

/// Main world: despawns the jobs whose maps are filtered, so that Bevy never filters them again.
fn retire_finished_filters(
    mut commands: Commands,
    finished: Res<FinishedFilters>,
    jobs: Query<(), With<EnvironmentFilterJob>>,
) {
    let done = std::mem::take(&mut *finished.0.lock().unwrap_or_else(PoisonError::into_inner));
    for job in done {
        if jobs.contains(job) {
            debug!("environment map filtered once; its filter job ends");
            commands.entity(job).despawn();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::procedural::cubemap::cubemap;

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()))
            .init_asset::<Image>()
            .add_plugins(plugin);
        app
    }

    fn the_job(app: &mut App) -> Entity {
        app.world_mut()
            .query_filtered::<Entity, With<EnvironmentFilterJob>>()
            .single(app.world())
            .expect("one filter job")
    }

    #[test]
    fn a_filter_job_fills_maps_of_its_own_and_the_light_shows_them() {
        let mut app = app();
        let environment =
            FilteredEnvironment::filter_once(app.world_mut(), cubemap(64, |_| Vec3::ONE));
        // Spawned on the next update, once the app is built.
        app.update();
        let job = the_job(&mut app);
        let world = app.world();
        let images = world.resource::<Assets<Image>>();
        let specular = images.get(&environment.specular_map).expect("specular map");
        assert_eq!(specular.texture_descriptor.size.width, 64);
        assert_eq!(specular.texture_descriptor.mip_level_count, 7);
        let diffuse = images.get(&environment.diffuse_map).expect("diffuse map");
        assert_eq!(diffuse.texture_descriptor.size.width, DIFFUSE_FACE_PX);
        for map in [specular, diffuse] {
            assert!(
                map.texture_descriptor
                    .usage
                    .contains(TextureUsages::STORAGE_BINDING | TextureUsages::TEXTURE_BINDING)
            );
        }
        let generated = world
            .get::<GeneratedEnvironmentMapLight>(job)
            .expect("Bevy's generator");
        assert_eq!(generated.environment_map, environment.source);
        // Bevy only makes maps of its own for a GeneratedEnvironmentMapLight without an EnvironmentMapLight.
        let light = world.get::<EnvironmentMapLight>(job).expect("our maps");
        assert!(environment.is_shown_by(light));
        assert!(environment.is_shown_by(&environment.light(900.0)));
        let light = light.clone();
        let other = FilteredEnvironment::filter_once(app.world_mut(), cubemap(32, |_| Vec3::ZERO));
        assert!(!other.is_shown_by(&light));
    }

    #[test]
    fn the_cpu_filter_reads_and_writes_bevy_s_cube_layout() {
        // A cubemap brighter upwards: read back exactly as written, and its filtered maps laid out as Bevy uploads
        // them (every face's mips together), a constant-free check that the faces are not mixed up.
        let image = cubemap(16, |d| Vec3::splat(1.0 + d.y));
        let source = cubemap_radiance(&image).expect("an Rgba16Float cubemap");
        assert_eq!(source.face_px(), 16);
        let specular = cube_image(&ibl::specular_mips(&source));
        assert_eq!(specular.texture_descriptor.mip_level_count, 5);
        let per_face_bytes: usize = (0..5).map(|m| (16usize >> m).pow(2) * 8).sum();
        let data = specular.data.as_deref().expect("data");
        assert_eq!(data.len(), 6 * per_face_bytes);
        // Mip 0 of each face is the source's face: the centre of +Y (face 2) bright, of −Y (face 3) dark.
        let centre_texel = |face: usize| {
            let at = face * per_face_bytes + (8 * 16 + 8) * 8;
            half::f16::from_le_bytes([data[at], data[at + 1]]).to_f32()
        };
        let (up, down) = (centre_texel(2), centre_texel(3));
        assert!(up > 1.95 && down < 0.05, "{up} {down}");
        let diffuse = cube_image(&[ibl::diffuse(&source, 8)]);
        assert_eq!(diffuse.texture_descriptor.size.width, 8);
        assert_eq!(diffuse.data.as_deref().map(<[u8]>::len), Some(6 * 64 * 8));
        // The wrong kind of image is a reason, not a panic.
        let mut flat = image.clone();
        flat.texture_descriptor.size.depth_or_array_layers = 1;
        assert!(cubemap_radiance(&flat).is_err());
    }

    #[test]
    fn a_job_ends_once_the_render_world_saw_it_filtered_and_the_maps_stay() {
        let mut app = app();
        let environment =
            FilteredEnvironment::filter_once(app.world_mut(), cubemap(32, |_| Vec3::ONE));
        // Not filtered yet: the job waits, however many frames pass.
        for _ in 0..3 {
            app.update();
        }
        let job = the_job(&mut app);
        // The render world reports it filtered (in a real app, from `note_finished_filters`).
        let finished = app.world().resource::<FinishedFilters>().clone();
        finished
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(job);
        app.update();
        assert!(app.world().get_entity(job).is_err(), "the job is despawned");
        let images = app.world().resource::<Assets<Image>>();
        assert!(images.get(&environment.specular_map).is_some());
        assert!(images.get(&environment.diffuse_map).is_some());
    }
}
