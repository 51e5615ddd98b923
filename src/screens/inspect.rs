//! Inspection: one product in the studio at real size. Orbit, zoom, turntable, live variant switching, and an
//! information panel in the shopper's language (price, description, materials, care guide, edition).

use bevy::prelude::*;
use catalog::{CatalogEntry, Language, Price};

use super::concierge::{ConciergeDesk, ConciergeService, ProposedVariants, ShopperSession};
use super::{InspectedProduct, RequestedPiece, Screen, TryOnAvailable, TryOnRequest};
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::variants::SelectedVariants;
use crate::product::{default_variants, spawn_product};
use crate::rendering::studio::StudioEnvironment;
use crate::rendering::studio_shot::{LENS_FOV_RAD, StudioShot};
use crate::ui::i18n::{CurrentLanguage, Ui};
use crate::ui::inspect_camera::{OrbitCamera, Turntable};
use crate::ui::theme::{
    CHAMPAGNE, Fonts, IVORY, MUTED, PANEL, button, button_row, section_heading,
};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Inspect), spawn_inspection)
        .add_systems(
            Update,
            (keyboard, rebuild_panel)
                .chain()
                .run_if(in_state(Screen::Inspect)),
        );
}

/// The pivot of the inspected product.
#[derive(Component)]
struct InspectedPivot;

/// A variant button of the panel: what it says and whether it is the one worn (the web page reports where they are).
#[derive(Component, Debug, Clone)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    expect(dead_code, reason = "read by the web page's bridge only")
)]
pub struct VariantChoice {
    pub label: String,
    pub active: bool,
}

/// Root of the information panel, rebuilt when the language or a variant changes.
#[derive(Component)]
struct InfoPanel;

/// Asks for the panel to be rebuilt.
#[derive(Resource, Default)]
struct PanelDirty(bool);

fn spawn_inspection(
    mut commands: Commands,
    inspected: Option<Res<InspectedProduct>>,
    catalog: Res<LoadedCatalog>,
    asset_server: Res<AssetServer>,
    environment: Res<StudioEnvironment>,
    boutique_environment: Res<crate::boutique::surroundings::BoutiqueEnvironment>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut next: ResMut<NextState<Screen>>,
    proposed: Option<Res<ProposedVariants>>,
) {
    // The concierge's proposal for this piece (e.g. the rose-gold version), taken once.
    let proposed = proposed
        .filter(|p| inspected.as_ref().is_some_and(|i| i.sku == p.sku))
        .map(|p| SelectedVariants(p.gltf_variants.clone()));
    commands.remove_resource::<ProposedVariants>();
    let in_place = inspected.as_ref().and_then(|i| i.in_place);
    let Some(entry) = inspected.and_then(|i| catalog.0.product(&i.sku).cloned()) else {
        warn!("Nothing to inspect: back to the boutique");
        next.set(Screen::Boutique);
        return;
    };
    if let Some(place) = in_place {
        inspect_in_place(
            &mut commands,
            &asset_server,
            &boutique_environment,
            &entry,
            place,
            proposed,
        );
        return;
    }
    let shot = StudioShot::of(&entry);
    let pivot = shot.spawn(
        &mut commands,
        &asset_server,
        &mut meshes,
        &mut materials,
        &entry,
        DespawnOnExit(Screen::Inspect),
    );
    if let Some(selection) = proposed {
        commands.entity(pivot).insert(selection);
    }
    commands.entity(pivot).insert((
        InspectedPivot,
        Turntable {
            enabled: true,
            speed_rad_per_sec: 0.35,
        },
    ));
    let orbit = OrbitCamera {
        screen_offset: 0.17,
        ..OrbitCamera::framing(shot.centre_m, shot.radius_m)
    };
    commands.spawn((
        DespawnOnExit(Screen::Inspect),
        shot.camera(&environment),
        orbit.transform(),
        orbit,
    ));
    commands.insert_resource(PanelDirty(true));
}

/// The piece where it stands in the boutique, at its display scale: the same orbit, turntable, variants and panel,
/// lit by the boutique's own lights.
fn inspect_in_place(
    commands: &mut Commands,
    asset_server: &AssetServer,
    environment: &crate::boutique::surroundings::BoutiqueEnvironment,
    entry: &CatalogEntry,
    place: super::InPlace,
    proposed: Option<SelectedVariants>,
) {
    let radius = StudioShot::of(entry).radius_m * place.scale;
    let pivot = spawn_product(commands, asset_server, entry, place.centre_m, place.scale);
    if let Some(selection) = proposed {
        commands.entity(pivot).insert(selection);
    }
    commands.entity(pivot).insert((
        DespawnOnExit(Screen::Inspect),
        InspectedPivot,
        Transform::from_translation(place.centre_m).with_rotation(place.rotation),
        Turntable {
            enabled: true,
            speed_rad_per_sec: 0.35,
        },
    ));
    let orbit = OrbitCamera {
        screen_offset: 0.17,
        ..OrbitCamera::framing(place.centre_m, radius * 1.5)
    };
    let camera = commands
        .spawn((
            DespawnOnExit(Screen::Inspect),
            crate::boutique::boutique_camera(environment, place.centre_m),
            Camera {
                clear_color: ClearColorConfig::Custom(crate::boutique::SKY),
                ..default()
            },
            orbit.transform(),
            orbit,
        ))
        .id();
    // A longer lens than the walking camera's, as in the studio.
    commands
        .entity(camera)
        .insert(Projection::Perspective(PerspectiveProjection {
            fov: LENS_FOV_RAD,
            near: radius * 0.05,
            far: 400.0,
            ..default()
        }));
    commands.insert_resource(PanelDirty(true));
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    mut next: ResMut<NextState<Screen>>,
    mut language: ResMut<CurrentLanguage>,
    mut turntables: Query<&mut Turntable>,
) {
    if keys.just_pressed(KeyCode::Escape) || keys.just_pressed(KeyCode::Backspace) {
        next.set(Screen::Boutique);
    }
    if keys.just_pressed(KeyCode::KeyL) {
        language.0 = language.0.next();
    }
    if keys.just_pressed(KeyCode::KeyT) {
        for mut turntable in &mut turntables {
            turntable.enabled = !turntable.enabled;
        }
    }
}

/// The price of the current selection in the shopper's currency: variant deltas are stated in the reference
/// currency and converted at the product's own price ratio, rounded to tens.
pub fn price_for_selection(
    entry: &CatalogEntry,
    selected: &SelectedVariants,
    language: Language,
) -> Option<Price> {
    let shown = catalog::preferred_price(&entry.product.prices, language)?;
    let option_ids: Vec<&str> = entry
        .product
        .variants
        .iter()
        .flat_map(|g| g.options.iter())
        .filter(|o| selected.0.contains(&o.gltf_variant))
        .map(|o| o.id.as_str())
        .collect();
    catalog::price_with_options(&entry.product, &option_ids, shown.currency)
}

fn rebuild_panel(
    mut commands: Commands,
    mut dirty: ResMut<PanelDirty>,
    language: Res<CurrentLanguage>,
    inspected: Option<Res<InspectedProduct>>,
    catalog: Res<LoadedCatalog>,
    fonts: Res<Fonts>,
    pivots: Query<(&SelectedVariants, Ref<SelectedVariants>), With<InspectedPivot>>,
    panels: Query<Entity, With<InfoPanel>>,
    session: Res<ShopperSession>,
    service: Option<Res<ConciergeService>>,
    try_on: Option<Res<TryOnAvailable>>,
) {
    let selection_changed = pivots.iter().any(|(_, r)| r.is_changed());
    let concierge_changed = service.as_ref().is_some_and(|s| s.is_changed());
    if !dirty.0
        && !language.is_changed()
        && !selection_changed
        && !session.is_changed()
        && !concierge_changed
    {
        return;
    }
    dirty.0 = false;
    let Some(entry) = inspected.and_then(|i| catalog.0.product(&i.sku).cloned()) else {
        return;
    };
    let selected = pivots
        .iter()
        .next()
        .map(|(s, _)| s.clone())
        .unwrap_or_else(|| default_variants(&entry));
    for panel in &panels {
        commands.entity(panel).despawn();
    }
    let lang = language.0;
    let product = &entry.product;
    let collection = catalog
        .0
        .collection(&product.collection)
        .map(|c| c.name.get(lang).to_string())
        .unwrap_or_default();
    let price = price_for_selection(&entry, &selected, lang)
        .map(|p| catalog::format_price(p, lang))
        .unwrap_or_default();

    commands
        .spawn((
            InfoPanel,
            DespawnOnExit(Screen::Inspect),
            Node {
                width: percent(100),
                height: percent(100),
                justify_content: JustifyContent::SpaceBetween,
                padding: UiRect::all(px(20)),
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_children(|root| {
            // Left column: back and language.
            root.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(10),
                    ..default()
                },
                Pickable::IGNORE,
            ))
            .with_children(|left| {
                button(left, &fonts, &format!("← {}", Ui::Back.text(lang)), false).observe(
                    |_: On<Pointer<Click>>, mut next: ResMut<NextState<Screen>>| {
                        next.set(Screen::Boutique)
                    },
                );
                button(left, &fonts, lang.next().endonym(), false).observe(
                    |_: On<Pointer<Click>>, mut language: ResMut<CurrentLanguage>| {
                        language.0 = language.0.next()
                    },
                );
                button(left, &fonts, Ui::Turntable.text(lang), false).observe(
                    |_: On<Pointer<Click>>, mut turntables: Query<&mut Turntable>| {
                        for mut t in &mut turntables {
                            t.enabled = !t.enabled;
                        }
                    },
                );
                // Back to the boutique with the concierge's desk open.
                button(left, &fonts, Ui::Concierge.text(lang), false).observe(
                    |_: On<Pointer<Click>>,
                     mut desk: ResMut<ConciergeDesk>,
                     mut next: ResMut<NextState<Screen>>| {
                        desk.show();
                        next.set(Screen::Boutique);
                    },
                );
            });
            // Right column: the product.
            root.spawn((
                Node {
                    width: px(400),
                    flex_direction: FlexDirection::Column,
                    row_gap: px(8),
                    padding: UiRect::all(px(22)),
                    overflow: Overflow::scroll_y(),
                    ..default()
                },
                BackgroundColor(PANEL),
            ))
            .with_children(|panel| {
                panel.spawn((
                    Text::new(collection.to_uppercase()),
                    fonts.body(13.0),
                    TextColor(CHAMPAGNE),
                ));
                panel.spawn((
                    Text::new(product.name.get(lang)),
                    fonts.display(30.0),
                    TextColor(IVORY),
                ));
                panel.spawn((
                    Text::new(catalog.0.manifest.maison.name.clone()),
                    fonts.body(14.0),
                    TextColor(MUTED),
                ));
                panel.spawn((Text::new(price), fonts.display(22.0), TextColor(CHAMPAGNE)));
                let wished = session.wishlist.contains(&product.sku);
                let label = if wished {
                    Ui::InWishlist
                } else {
                    Ui::AddToWishlist
                };
                let sku = product.sku.clone();
                let wearable = try_on.is_some() && super::is_hand_piece(&entry);
                panel
                    .spawn(Node {
                        column_gap: px(8),
                        ..default()
                    })
                    .with_children(|row| {
                        button(row, &fonts, label.text(lang), wished).observe(
                            move |_: On<Pointer<Click>>, mut session: ResMut<ShopperSession>| {
                                session.toggle_wish(&sku);
                            },
                        );
                        if wearable {
                            let sku = product.sku.clone();
                            // On the shopper's hand, in the variants chosen here.
                            button(row, &fonts, Ui::TryOn.text(lang), false).observe(
                                move |_: On<Pointer<Click>>,
                                      mut commands: Commands,
                                      pivots: Query<&SelectedVariants, With<InspectedPivot>>,
                                      mut next: ResMut<NextState<Screen>>| {
                                    commands.insert_resource(TryOnRequest {
                                        pieces: vec![RequestedPiece {
                                            sku: sku.clone(),
                                            variants: pivots.iter().next().cloned(),
                                            finger: None,
                                        }],
                                        back_to: Screen::Inspect,
                                    });
                                    next.set(Screen::TryOn);
                                },
                            );
                        }
                    });
                if let Some(limited) = product.limited_edition {
                    panel.spawn((
                        Text::new(format!(
                            "{} {}",
                            Ui::LimitedEdition.text(lang),
                            limited.edition_size
                        )),
                        fonts.body(13.0),
                        TextColor(CHAMPAGNE),
                    ));
                }
                panel.spawn((
                    Text::new(product.description.get(lang)),
                    fonts.body(15.0),
                    TextColor(IVORY),
                ));
                for (g, group) in product.variants.iter().enumerate() {
                    section_heading(panel, &fonts, Ui::for_variant_kind(group.kind).text(lang));
                    button_row(panel).with_children(|row| {
                        for option in &group.options {
                            let active = selected.0.get(g) == Some(&option.gltf_variant);
                            let chosen = option.gltf_variant.clone();
                            let label = option.label.get(lang);
                            button(row, &fonts, label, active)
                                .insert(VariantChoice {
                                    label: label.to_owned(),
                                    active,
                                })
                                .observe(
                                    move |_: On<Pointer<Click>>,
                                          mut pivots: Query<
                                        &mut SelectedVariants,
                                        With<InspectedPivot>,
                                    >| {
                                        for mut selection in &mut pivots {
                                            if let Some(slot) = selection.0.get_mut(g) {
                                                *slot = chosen.clone();
                                            }
                                        }
                                    },
                                );
                        }
                    });
                }
                section_heading(panel, &fonts, Ui::Materials.text(lang));
                panel.spawn((
                    // What the chosen variants are made of, then what every variant shares.
                    Text::new(product.materials_for(&selected.0).join(" · ")),
                    fonts.body(14.0),
                    TextColor(IVORY),
                ));
                section_heading(panel, &fonts, Ui::Care.text(lang));
                panel.spawn((
                    Text::new(product.care.get(lang)),
                    fonts.body(13.0),
                    TextColor(IVORY),
                ));
                // "Recommended for you": from this visit's inspections and wishlist, never this piece itself.
                let recommended: Vec<concierge::Suggestion> = service
                    .as_deref()
                    .map(|s| s.concierge().recommend(&session.history, None, lang, 4))
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|r| r.sku != product.sku)
                    .take(3)
                    .collect();
                if !recommended.is_empty() {
                    section_heading(panel, &fonts, Ui::RecommendedForYou.text(lang));
                    for r in &recommended {
                        let price = r
                            .price
                            .map(|p| catalog::format_price(p, lang))
                            .unwrap_or_default();
                        panel.spawn((
                            Text::new(format!("{}  ·  {price}\n{}", r.name, r.reason)),
                            fonts.body(13.0),
                            TextColor(IVORY),
                        ));
                    }
                }
                panel.spawn((
                    Text::new(Ui::InspectHint.text(lang)),
                    fonts.body(11.0),
                    TextColor(MUTED),
                    Node {
                        margin: UiRect::top(px(12)),
                        ..default()
                    },
                ));
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_price_delta_follows_the_currency() {
        let catalog = crate::testing::demo_catalog();
        let Some(entry) = catalog.product("AUR-RG-SOL01") else {
            panic!("solitaire in catalog")
        };
        let base =
            price_for_selection(entry, &default_variants(entry), Language::En).map(|p| p.amount);
        assert_eq!(base, Some(12_500));
        let gold = SelectedVariants(vec!["yellow_gold".into(), "diamond".into()]);
        assert_eq!(
            price_for_selection(entry, &gold, Language::En).map(|p| p.amount),
            Some(11_900)
        );
        // 98 000 CNY − 600 EUR × (98 000 / 12 500) ≈ 93 300 CNY.
        assert_eq!(
            price_for_selection(entry, &gold, Language::Zh).map(|p| p.amount),
            Some(93_300)
        );
    }
}
