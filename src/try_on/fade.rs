//! A worn piece fading for real: while its opacity (from the fit: the fade-in of a new hand, the fade-out of a lost
//! one) is below one, each of its meshes draws with a blended twin of its material whose alpha is the material's
//! own times the opacity; at full opacity it draws with the material itself again. The twins are made once per
//! piece and material, the first time that piece fades, and dropped with the piece, so nothing grows per frame.
//!
//! A blended draw keeps the hand's occluders (they are in the depth buffer before any blended draw tests against
//! it) but writes no depth of its own, which is why a piece is blended only while it fades: for the 100–200 ms of
//! a fade its hidden surfaces show faintly through its front ones, as through any translucent thing. (A depth-only
//! copy of the piece drawn first would keep only its nearest surface; tried, it hid most of the piece's flat faces
//! from their own blended draw on lavapipe, whose depths for the two pipelines differ by more than a small bias.)

use std::collections::HashMap;

use bevy::prelude::*;

use crate::product::variants::VariantSystems;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<FadeTwins>().add_systems(
        PostUpdate,
        fade_pieces
            .in_set(FadeSystems::Fade)
            .after(VariantSystems::Apply),
    );
}

/// The fade's stage in `PostUpdate`.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FadeSystems {
    /// Each worn piece's meshes given their material or its blended twin (after the variants' own choice).
    Fade,
}

/// How much of a worn piece shows, 0 to 1 (the fit's opacity), on the piece's pivot.
#[derive(Component, Debug, Clone, Copy, PartialEq, Default)]
pub struct PieceOpacity(pub f32);

/// The blended twins made so far, by piece and by the material each was made from.
#[derive(Resource, Default)]
struct FadeTwins {
    twins: HashMap<(Entity, AssetId<StandardMaterial>), Handle<StandardMaterial>>,
    /// A twin's id → the material it was made from.
    source_of: HashMap<AssetId<StandardMaterial>, Handle<StandardMaterial>>,
}

/// Drawn in the opaque phases, writing depth.
fn writes_depth(mode: &AlphaMode) -> bool {
    matches!(
        mode,
        AlphaMode::Opaque | AlphaMode::Mask(_) | AlphaMode::AlphaToCoverage
    )
}

/// The twin of `source` used while fading: blended (a material that already blends keeps its mode).
fn blended_twin(source: &StandardMaterial) -> StandardMaterial {
    let mut twin = source.clone();
    if writes_depth(&twin.alpha_mode) {
        twin.alpha_mode = AlphaMode::Blend;
    }
    twin
}

/// Work is done for a mesh only when its piece's opacity or its own material changed (the variants' swap, a mesh
/// just spawned): a piece standing whole costs a walk over its meshes and nothing more.
fn fade_pieces(
    pieces: Query<(Entity, Ref<PieceOpacity>)>,
    children: Query<&Children>,
    mut meshes: Query<&mut MeshMaterial3d<StandardMaterial>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut twins: ResMut<FadeTwins>,
) {
    let FadeTwins { twins, source_of } = &mut *twins;
    // The twins of pieces that are gone go with them.
    if twins.keys().any(|(piece, _)| !pieces.contains(*piece)) {
        twins.retain(|(piece, _), _| pieces.contains(*piece));
        source_of.retain(|twin, _| twins.values().any(|t| t.id() == *twin));
    }
    for (piece, opacity) in &pieces {
        let opacity_changed = opacity.is_changed();
        let opacity = opacity.0.clamp(0.0, 1.0);
        for entity in children.iter_descendants(piece) {
            let Ok(mut material) = meshes.get_mut(entity) else {
                continue;
            };
            if !opacity_changed && !material.is_changed() {
                continue;
            }
            let source = source_of
                .get(&material.0.id())
                .cloned()
                .unwrap_or_else(|| material.0.clone());
            let wanted = if opacity < 1.0 {
                let key = (piece, source.id());
                let twin = match twins.get(&key) {
                    Some(twin) => twin.clone(),
                    None => {
                        // A material still loading: the mesh keeps its own until it has one to copy.
                        let Some(twin) = materials.get(&source).map(blended_twin) else {
                            continue;
                        };
                        let twin = materials.add(twin);
                        twins.insert(key, twin.clone());
                        source_of.insert(twin.id(), source.clone());
                        twin
                    }
                };
                let source_alpha = materials.get(&source).map_or(1.0, |m| m.base_color.alpha());
                let alpha = source_alpha * opacity;
                if materials
                    .get(&twin)
                    .is_some_and(|t| (t.base_color.alpha() - alpha).abs() > 1e-4)
                    && let Some(mut t) = materials.get_mut(&twin)
                {
                    t.base_color.set_alpha(alpha);
                }
                twin
            } else {
                source
            };
            if material.0 != wanted {
                material.0 = wanted;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()));
        app.init_asset::<StandardMaterial>();
        app.configure_sets(PostUpdate, VariantSystems::Apply);
        plugin(&mut app);
        app
    }

    fn material_of(app: &App, mesh: Entity) -> Handle<StandardMaterial> {
        app.world()
            .get::<MeshMaterial3d<StandardMaterial>>(mesh)
            .map(|m| m.0.clone())
            .unwrap_or_default()
    }

    fn set_opacity(app: &mut App, piece: Entity, opacity: f32) {
        app.world_mut()
            .entity_mut(piece)
            .insert(PieceOpacity(opacity));
        app.update();
    }

    #[test]
    fn a_fading_piece_blends_by_its_opacity_and_returns_to_its_own_material() {
        let mut app = app();
        let gold = app
            .world_mut()
            .resource_mut::<Assets<StandardMaterial>>()
            .add(StandardMaterial {
                base_color: Color::srgba(0.9, 0.7, 0.3, 0.8),
                metallic: 1.0,
                ..default()
            });
        let piece = app.world_mut().spawn(PieceOpacity(1.0)).id();
        let node = app.world_mut().spawn(ChildOf(piece)).id();
        let mesh = app
            .world_mut()
            .spawn((ChildOf(node), MeshMaterial3d(gold.clone())))
            .id();
        app.update();
        assert_eq!(
            material_of(&app, mesh),
            gold,
            "fully there: its own material"
        );

        set_opacity(&mut app, piece, 0.5);
        let twin = material_of(&app, mesh);
        assert_ne!(twin, gold, "fading: a twin");
        {
            let materials = app.world().resource::<Assets<StandardMaterial>>();
            let t = materials.get(&twin).expect("the twin");
            assert_eq!(t.alpha_mode, AlphaMode::Blend);
            assert!((t.base_color.alpha() - 0.4).abs() < 1e-5, "0.8 × 0.5");
            assert_eq!(t.metallic, 1.0, "otherwise the same material");
            let own = materials.get(&gold).expect("the source");
            assert_eq!(own.alpha_mode, AlphaMode::Opaque, "the source is untouched");
            assert!((own.base_color.alpha() - 0.8).abs() < 1e-5);
        }

        set_opacity(&mut app, piece, 0.25);
        assert_eq!(
            material_of(&app, mesh),
            twin,
            "the same twin, faded further"
        );
        let alpha = app
            .world()
            .resource::<Assets<StandardMaterial>>()
            .get(&twin)
            .map(|t| t.base_color.alpha());
        assert!(alpha.is_some_and(|a| (a - 0.2).abs() < 1e-5), "{alpha:?}");

        set_opacity(&mut app, piece, 1.0);
        assert_eq!(material_of(&app, mesh), gold, "back to its own material");
        let count = app.world().resource::<Assets<StandardMaterial>>().len();
        for _ in 0..5 {
            set_opacity(&mut app, piece, 0.6);
            set_opacity(&mut app, piece, 1.0);
        }
        assert_eq!(
            app.world().resource::<Assets<StandardMaterial>>().len(),
            count,
            "fading again makes no new material"
        );
    }

    #[test]
    fn a_variant_chosen_while_fading_fades_too_and_twins_go_with_their_piece() {
        let mut app = app();
        let [platinum, rose] = [0.9, 0.6].map(|r| {
            app.world_mut()
                .resource_mut::<Assets<StandardMaterial>>()
                .add(StandardMaterial {
                    base_color: Color::srgb(r, 0.6, 0.6),
                    ..default()
                })
        });
        let piece = app.world_mut().spawn(PieceOpacity(0.5)).id();
        let mesh = app
            .world_mut()
            .spawn((ChildOf(piece), MeshMaterial3d(platinum.clone())))
            .id();
        app.update();
        assert_ne!(material_of(&app, mesh), platinum);
        // The variants' system puts the chosen (opaque) material back, as it does on a new selection.
        app.world_mut()
            .entity_mut(mesh)
            .insert(MeshMaterial3d(rose.clone()));
        app.update();
        let twin = material_of(&app, mesh);
        assert_ne!(twin, rose);
        let colour = app
            .world()
            .resource::<Assets<StandardMaterial>>()
            .get(&twin)
            .map(|t| t.base_color.to_srgba());
        assert!(
            colour.is_some_and(|c| (c.red - 0.6).abs() < 1e-4 && (c.alpha - 0.5).abs() < 1e-4),
            "the rose gold's twin: {colour:?}"
        );
        set_opacity(&mut app, piece, 1.0);
        assert_eq!(
            material_of(&app, mesh),
            rose,
            "whole again: the rose gold itself"
        );
        set_opacity(&mut app, piece, 0.5);
        let twin_id = twin.id();
        drop(twin);
        app.world_mut().entity_mut(piece).despawn();
        app.update();
        app.update();
        assert!(
            app.world()
                .resource::<Assets<StandardMaterial>>()
                .get(twin_id)
                .is_none(),
            "the piece's twins are freed with it"
        );
    }
}
