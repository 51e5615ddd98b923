//! The loading screen: the maison's name and a real progress bar over catalog, fonts and product models; it waits
//! for models only while they keep coming.

use bevy::prelude::*;
use bevy::world_serialization::WorldAsset;

use super::{LoadingPhase, Screen};
use crate::product::catalog_assets::LoadedCatalog;
use crate::ui::i18n::{CurrentLanguage, Ui};
use crate::ui::theme::{CHAMPAGNE, Fonts, INK, IVORY, MUTED};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<MissingModels>()
        .add_systems(OnEnter(Screen::Loading), spawn_loading_screen)
        .add_systems(OnEnter(LoadingPhase::Models), request_models)
        .add_systems(
            Update,
            (track_progress, show_progress, name_the_maison)
                .chain()
                .run_if(in_state(Screen::Loading)),
        );
}

/// Handles kept so models stay loaded for the hall and inspection.
#[derive(Resource, Default)]
pub struct PreloadedModels(pub Vec<(String, Handle<WorldAsset>)>);

#[derive(Resource, Default, Debug)]
struct LoadingProgress {
    done: usize,
    total: usize,
    /// When `done` last changed, seconds of real time.
    changed_secs: f64,
}

/// How long the models may all stand still (none arriving, none failing) before the boutique opens without those
/// still on their way: a request that never completes must not keep the shopper at the poster. A model that comes
/// later appears in its place (the hall holds its handle); its piece is reported missing meanwhile.
const MODEL_PATIENCE_SECS: f64 = 60.0;

/// Patience has run out: nothing has changed for [`MODEL_PATIENCE_SECS`] while something is still awaited.
fn out_of_patience(progress: &LoadingProgress, now_secs: f64) -> bool {
    progress.done < progress.total && now_secs - progress.changed_secs >= MODEL_PATIENCE_SECS
}

#[derive(Component)]
struct ProgressFill;

#[derive(Component)]
struct ProgressLabel;

fn spawn_loading_screen(mut commands: Commands, fonts: Res<Fonts>, language: Res<CurrentLanguage>) {
    commands.init_resource::<LoadingProgress>();
    commands.spawn((
        DespawnOnExit(Screen::Loading),
        Camera2d,
        Camera {
            clear_color: ClearColorConfig::Custom(INK),
            ..default()
        },
    ));
    commands
        .spawn((
            DespawnOnExit(Screen::Loading),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                justify_content: JustifyContent::Center,
                row_gap: px(18),
                ..default()
            },
        ))
        .with_children(|root| {
            root.spawn((
                MaisonName,
                // The catalog's name replaces it as soon as the catalog is read.
                Text::new(""),
                fonts.display(46.0),
                TextColor(IVORY),
            ));
            root.spawn((
                Text::new("PLACE VENDÔME · PARIS"),
                fonts.body(15.0),
                TextColor(CHAMPAGNE),
            ));
            root.spawn((
                Node {
                    width: px(360),
                    height: px(3),
                    margin: UiRect::top(px(30)),
                    ..default()
                },
                BackgroundColor(MUTED.with_alpha(0.25)),
            ))
            .with_child((
                ProgressFill,
                Node {
                    width: percent(0),
                    height: percent(100),
                    ..default()
                },
                BackgroundColor(CHAMPAGNE),
            ));
            root.spawn((
                ProgressLabel,
                Text::new(Ui::Loading.text(language.0)),
                fonts.body(14.0),
                TextColor(MUTED),
            ));
        });
}

/// The maison's name on the loading screen, from the catalog.
#[derive(Component)]
struct MaisonName;

fn name_the_maison(
    catalog: Option<Res<LoadedCatalog>>,
    mut names: Query<&mut Text, With<MaisonName>>,
) {
    let Some(catalog) = catalog else {
        return;
    };
    let name = catalog.0.manifest.maison.name.to_uppercase();
    for mut text in &mut names {
        if text.0 != name {
            text.0.clone_from(&name);
        }
    }
}

/// Products whose model could not be loaded: left out of the hall, and said once (the web page shows it).
#[derive(Resource, Default, Debug)]
pub struct MissingModels(pub Vec<MissingModel>);

/// A piece left out of the hall when it opened.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingModel {
    pub sku: String,
    /// Still on its way when patience ran out (it appears if it arrives), rather than failed.
    pub late: bool,
}

fn request_models(
    mut commands: Commands,
    catalog: Res<LoadedCatalog>,
    asset_server: Res<AssetServer>,
) {
    let handles = catalog
        .0
        .products
        .iter()
        .map(|e| {
            (
                e.product.sku.clone(),
                asset_server
                    .load(bevy::gltf::GltfAssetLabel::Scene(0).from_asset(e.product.model.clone())),
            )
        })
        .collect();
    commands.insert_resource(PreloadedModels(handles));
}

fn track_progress(
    mut progress: ResMut<LoadingProgress>,
    phase: Res<State<LoadingPhase>>,
    mut next_phase: ResMut<NextState<LoadingPhase>>,
    mut next_screen: ResMut<NextState<Screen>>,
    asset_server: Res<AssetServer>,
    fonts: Res<Fonts>,
    catalog: Option<Res<LoadedCatalog>>,
    models: Option<Res<PreloadedModels>>,
    try_on: Option<Res<super::TryOnRequest>>,
    mut missing: ResMut<MissingModels>,
    time: Res<Time<Real>>,
) {
    let now_secs = time.elapsed_secs_f64();
    let done_before = progress.done;
    let fonts_done = [&fonts.display, &fonts.body]
        .iter()
        .filter(|h| {
            asset_server.is_loaded_with_dependencies(h.id())
                || asset_server.load_state(h.id()).is_failed()
        })
        .count();
    match phase.get() {
        LoadingPhase::Catalog => {
            let catalog_done = usize::from(catalog.is_some());
            let model_count = catalog.as_ref().map_or(1, |c| c.0.products.len().max(1));
            progress.total = 3 + model_count;
            progress.done = fonts_done + catalog_done;
            if progress.done != done_before {
                progress.changed_secs = now_secs;
            }
            if fonts_done == 2 && catalog.is_some() {
                next_phase.set(LoadingPhase::Models);
            }
        }
        LoadingPhase::Models => {
            let Some(models) = models else { return };
            let mut done = 0;
            for (sku, handle) in &models.0 {
                let state = asset_server.load_state(handle.id());
                if state.is_failed() {
                    if !missing.0.iter().any(|m| &m.sku == sku) {
                        warn!("{sku}: its model failed to load and will be missing from the hall");
                        missing.0.push(MissingModel {
                            sku: sku.clone(),
                            late: false,
                        });
                    }
                    done += 1;
                } else if asset_server.is_loaded_with_dependencies(handle.id()) {
                    done += 1;
                }
            }
            progress.total = 3 + models.0.len();
            progress.done = 3 + done;
            if progress.done != done_before {
                progress.changed_secs = now_secs;
            }
            let waited_enough = out_of_patience(&progress, now_secs);
            if waited_enough {
                for (sku, handle) in &models.0 {
                    let state = asset_server.load_state(handle.id());
                    let arrived = asset_server.is_loaded_with_dependencies(handle.id());
                    if !arrived && !state.is_failed() && !missing.0.iter().any(|m| &m.sku == sku) {
                        warn!(
                            "{sku}: its model has not arrived in {MODEL_PATIENCE_SECS:.0} s; the boutique opens \
                             without it (it appears if it arrives later)"
                        );
                        missing.0.push(MissingModel {
                            sku: sku.clone(),
                            late: true,
                        });
                    }
                }
            }
            if done == models.0.len() || waited_enough {
                // `vitrine tryon` opens on the try-on; Esc leads into the boutique.
                next_screen.set(if try_on.is_some() {
                    Screen::TryOn
                } else {
                    Screen::Boutique
                });
            }
        }
    }
}

fn show_progress(progress: Res<LoadingProgress>, mut fills: Query<&mut Node, With<ProgressFill>>) {
    let fraction = if progress.total == 0 {
        0.0
    } else {
        progress.done as f32 / progress.total as f32
    };
    for mut node in &mut fills {
        node.width = percent(fraction * 100.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boutique_waits_for_models_only_while_they_keep_coming() {
        let progress = |done, changed_secs| LoadingProgress {
            done,
            total: 20,
            changed_secs,
        };
        // Models arriving: however long it takes in all, the last one came recently.
        assert!(!out_of_patience(&progress(12, 100.0), 130.0));
        // One that never comes: a minute without any change opens the boutique.
        assert!(!out_of_patience(&progress(19, 10.0), 69.0));
        assert!(out_of_patience(&progress(19, 10.0), 70.0));
        // Everything here: nothing to wait for.
        assert!(!out_of_patience(&progress(20, 0.0), 1_000.0));
    }
}
