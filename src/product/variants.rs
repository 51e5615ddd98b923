//! `KHR_materials_variants` support: reads each primitive's variant → material mappings while the GLB loads, and
//! swaps materials when a product's selected variants change.

use bevy::asset::LoadContext;
use bevy::gltf::extensions::{
    ErasedGltfExtensionHandler, GltfExtensionHandler, GltfExtensionHandlers,
};
use bevy::gltf::{GltfAssetLabel, gltf};
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<GltfExtensionHandlers>();
    if let Some(handlers) = app.world_mut().get_resource_mut::<GltfExtensionHandlers>() {
        #[cfg(not(target_family = "wasm"))]
        handlers
            .0
            .write_blocking()
            .push(Box::new(VariantsExtension::default()));
        #[cfg(target_family = "wasm")]
        bevy::tasks::block_on(async {
            handlers
                .0
                .write()
                .await
                .push(Box::new(VariantsExtension::default()))
        });
    }
    register_scene_types(app);
    app.add_systems(
        PostUpdate,
        apply_selected_variants.in_set(VariantSystems::Apply),
    );
}

/// The variants' stage in `PostUpdate`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VariantSystems {
    /// Each mesh below a product given the material of its selected variants (a changed selection, a new mesh).
    Apply,
}

/// glTF scenes are copied into the world through reflection: every component they carry must be registered.
/// (Bevy's automatic registration is a feature we leave off to keep builds lean.)
fn register_scene_types(app: &mut App) {
    app.register_type::<MaterialVariants>()
        .register_type::<Mesh3d>()
        .register_type::<MeshMaterial3d<StandardMaterial>>()
        .register_type::<bevy::camera::primitives::Aabb>()
        .register_type::<bevy::gltf::GltfMeshName>()
        .register_type::<bevy::gltf::GltfMaterialName>()
        .register_type::<bevy::gltf::GltfExtras>()
        .register_type::<bevy::gltf::GltfMeshExtras>()
        .register_type::<bevy::gltf::GltfMaterialExtras>()
        .register_type::<bevy::gltf::GltfSceneExtras>()
        .register_type::<bevy::gltf::GltfSceneName>()
        .register_type::<bevy::transform::components::TransformTreeChanged>()
        .register_type::<bevy::camera::visibility::VisibilityClass>()
        .register_type::<Name>()
        .register_type::<Transform>()
        .register_type::<GlobalTransform>()
        .register_type::<Visibility>()
        .register_type::<InheritedVisibility>()
        .register_type::<ViewVisibility>()
        .register_type::<ChildOf>()
        .register_type::<Children>();
}

/// On a mesh entity spawned from a GLB primitive: its default material and the material of each variant.
/// Reflected because the glTF scene is cloned into the world through reflection.
#[derive(Component, Debug, Clone, Reflect)]
#[reflect(Component)]
pub struct MaterialVariants {
    pub default: Handle<StandardMaterial>,
    pub by_variant: Vec<(String, Handle<StandardMaterial>)>,
}

/// On a product's root entity: the `gltf_variant` names currently chosen (one per variant group).
#[derive(Component, Debug, Clone, Default, PartialEq)]
pub struct SelectedVariants(pub Vec<String>);

/// Cloned for each GLB load, so the variant names it keeps belong to the file being loaded.
#[derive(Clone, Default)]
struct VariantsExtension {
    /// The document's `KHR_materials_variants` names, by index.
    names: Vec<String>,
}

fn standard_material_label(index: usize) -> String {
    format!(
        "{}/std",
        GltfAssetLabel::Material {
            index,
            is_scale_inverted: false
        }
    )
}

impl GltfExtensionHandler for VariantsExtension {
    fn dyn_clone(&self) -> Box<dyn ErasedGltfExtensionHandler> {
        Box::new(self.clone())
    }

    fn on_root(
        &mut self,
        _load_context: &mut LoadContext<'_>,
        gltf: &gltf::Gltf,
        _settings: &bevy::gltf::GltfLoaderSettings,
    ) {
        self.names = gltf
            .variants()
            .map(|variants| variants.map(|v| v.name().to_string()).collect())
            .unwrap_or_default();
    }

    fn on_spawn_mesh_and_material(
        &mut self,
        load_context: &mut LoadContext<'_>,
        primitive: &gltf::Primitive,
        _mesh: &gltf::Mesh,
        material: &gltf::Material,
        entity: &mut EntityWorldMut,
        _material_label: &str,
    ) {
        let mappings: Vec<_> = primitive.mappings().collect();
        if mappings.is_empty() {
            return;
        }
        let names = &self.names;
        let mut by_variant = Vec::new();
        for mapping in mappings {
            let Some(index) = mapping.material().index() else {
                continue;
            };
            let handle: Handle<StandardMaterial> =
                load_context.get_label_handle(standard_material_label(index));
            for variant in mapping.variants() {
                if let Some(name) = names.get(*variant as usize) {
                    by_variant.push((name.clone(), handle.clone()));
                }
            }
        }
        let default = material
            .index()
            .map(|i| load_context.get_label_handle(standard_material_label(i)))
            .unwrap_or_default();
        entity.insert(MaterialVariants {
            default,
            by_variant,
        });
    }
}

fn chosen_material(
    variants: &MaterialVariants,
    selected: &SelectedVariants,
) -> Handle<StandardMaterial> {
    selected
        .0
        .iter()
        .find_map(|name| variants.by_variant.iter().find(|(n, _)| n == name))
        .map(|(_, h)| h.clone())
        .unwrap_or_else(|| variants.default.clone())
}

/// Swaps materials below each product whose selection changed, and on meshes that just spawned.
fn apply_selected_variants(
    changed_products: Query<(Entity, &SelectedVariants), Changed<SelectedVariants>>,
    products: Query<&SelectedVariants>,
    new_meshes: Query<Entity, Added<MaterialVariants>>,
    children: Query<&Children>,
    parents: Query<&ChildOf>,
    mut meshes: Query<(&MaterialVariants, &mut MeshMaterial3d<StandardMaterial>)>,
) {
    for (root, selected) in &changed_products {
        for entity in children.iter_descendants(root) {
            if let Ok((variants, mut material)) = meshes.get_mut(entity) {
                let chosen = chosen_material(variants, selected);
                if material.0 != chosen {
                    material.0 = chosen;
                }
            }
        }
    }
    for entity in &new_meshes {
        let Some(selected) = parents
            .iter_ancestors(entity)
            .find_map(|a| products.get(a).ok())
        else {
            continue;
        };
        if let Ok((variants, mut material)) = meshes.get_mut(entity) {
            material.0 = chosen_material(variants, selected);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn material_of(app: &App, mesh: Entity) -> Option<Handle<StandardMaterial>> {
        app.world()
            .get::<MeshMaterial3d<StandardMaterial>>(mesh)
            .map(|m| m.0.clone())
    }

    fn app_with_product() -> (
        App,
        Entity,
        Entity,
        Handle<StandardMaterial>,
        Handle<StandardMaterial>,
    ) {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()));
        app.init_asset::<StandardMaterial>();
        register_scene_types(&mut app);
        app.add_systems(PostUpdate, apply_selected_variants);
        let (platinum, rose) = {
            let mut materials = app.world_mut().resource_mut::<Assets<StandardMaterial>>();
            (
                materials.add(StandardMaterial::default()),
                materials.add(StandardMaterial::default()),
            )
        };
        let product = app
            .world_mut()
            .spawn(SelectedVariants(vec!["platinum".into()]))
            .id();
        let model = app.world_mut().spawn(ChildOf(product)).id();
        let mesh = app
            .world_mut()
            .spawn((
                ChildOf(model),
                MeshMaterial3d(platinum.clone()),
                MaterialVariants {
                    default: platinum.clone(),
                    by_variant: vec![
                        ("platinum".into(), platinum.clone()),
                        ("rose_gold".into(), rose.clone()),
                    ],
                },
            ))
            .id();
        (app, product, mesh, platinum, rose)
    }

    #[test]
    fn selecting_a_variant_swaps_the_material_below_the_product() {
        let (mut app, product, mesh, platinum, rose) = app_with_product();
        app.update();
        assert_eq!(material_of(&app, mesh), Some(platinum));
        app.world_mut()
            .entity_mut(product)
            .insert(SelectedVariants(vec!["rose_gold".into()]));
        app.update();
        assert_eq!(material_of(&app, mesh), Some(rose));
    }

    #[test]
    fn an_unmapped_variant_falls_back_to_the_default_material() {
        let (mut app, product, mesh, platinum, _) = app_with_product();
        app.world_mut()
            .entity_mut(product)
            .insert(SelectedVariants(vec!["sapphire".into()]));
        app.update();
        assert_eq!(material_of(&app, mesh), Some(platinum));
    }
}
