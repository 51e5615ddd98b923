//! The boutique screen: the shopper arrives on Place Vendôme in front of the maison, walks in, finds every piece of
//! the catalog in its place, hovers to read its name and price, clicks to inspect it, reads the stories at the gold
//! points, and opens the salon privé with a Meta Pass code.

use bevy::prelude::*;

use super::concierge::ConciergeDesk;
use super::{InPlace, InspectedProduct, RequestedPiece, Screen, TryOnAvailable, TryOnRequest};
use crate::boutique::architecture::{
    Architecture, ConciergeCounter, DisplayedProduct, PrivateDoorLeaf, TryOnMirror, spawn_boutique,
};
use crate::boutique::layout::Story;
use crate::boutique::surroundings::BoutiqueEnvironment;
use crate::boutique::walk::{Touring, WalkSystems, Walker};
use crate::boutique::{ArrivalView, Boutique, SKY, boutique_camera};
use crate::product::ProductModel;
use crate::product::catalog_assets::LoadedCatalog;
use crate::ui::i18n::{CurrentLanguage, Ui};
use crate::ui::theme::{CHAMPAGNE, Fonts, IVORY, MUTED, PANEL};
use catalog::Language;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(hover_piece)
        .add_observer(leave_piece)
        .add_observer(click_piece);
    app.init_resource::<BoutiqueUi>()
        .add_systems(OnEnter(Screen::Boutique), enter)
        .add_systems(OnExit(Screen::Boutique), leave)
        .add_systems(
            Update,
            (
                keyboard.run_if(not(super::concierge::typing_to_concierge)),
                pass_dialog.run_if(not(super::concierge::typing_to_concierge)),
                refresh_texts,
            )
                .chain()
                .before(WalkSystems)
                .run_if(in_state(Screen::Boutique).and_then(resource_exists::<Boutique>)),
        );
}

/// How near the salon privé's door the pass dialog opens, metres.
const DOOR_REACH_M: f32 = 2.2;

/// What the boutique's overlay shows.
#[derive(Resource, Default)]
struct BoutiqueUi {
    hovered: Option<String>,
    /// The pointer is on the try-on mirror.
    mirror: bool,
    /// The pointer is on the concierge's desk.
    desk: bool,
    story: Option<Story>,
    help: bool,
    typed: String,
    pass_message: Option<Ui>,
    /// The walker when the shopper left for the inspection view, to come back to the same spot.
    saved: Option<Walker>,
}

#[derive(Component)]
struct Caption;
/// The text panels over the boutique, each shown only when it has something to say.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
enum OverlayPanel {
    /// The controls (H).
    Help,
    /// A story point's text.
    Story,
    /// The salon privé's Meta Pass prompt, at its door.
    Pass,
}

impl OverlayPanel {
    /// The font size, px, and the colour of the panel's text.
    fn style(self) -> (f32, Color) {
        match self {
            Self::Help => (16.0, IVORY),
            Self::Story => (17.0, IVORY),
            Self::Pass => (17.0, CHAMPAGNE),
        }
    }
}
#[derive(Component)]
struct Hotspot(Story);

/// What a story point tells: the maison's own history and craft come from the catalog (none for the craft if the
/// catalog has none), the place's history and the salon privé from Vitrine.
fn story_text(story: Story, maison: &catalog::Maison, lang: Language) -> Option<String> {
    match story {
        Story::Maison => Some(format!(
            "{} · {}, {}\n\n{}",
            maison.name,
            maison.city,
            maison.founded_year,
            maison.story.get(lang)
        )),
        Story::Craft => maison.craft.as_ref().map(|c| c.get(lang).to_string()),
        Story::PlaceVendome => Some(Ui::StoryPlace.text(lang).to_string()),
        Story::SalonPrive => Some(Ui::StoryPrive.text(lang).to_string()),
    }
}

fn enter(
    mut commands: Commands,
    catalog: Res<LoadedCatalog>,
    asset_server: Res<AssetServer>,
    environment: Res<BoutiqueEnvironment>,
    arrival: Res<ArrivalView>,
    fonts: Res<Fonts>,
    mut ui: ResMut<BoutiqueUi>,
    boutique: Option<Res<Boutique>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
    existing: Query<(), With<Architecture>>,
    mut hidden: Query<(Entity, &mut Visibility), With<InspectedHere>>,
) {
    let standing = !existing.is_empty();
    for (entity, mut visibility) in &mut hidden {
        *visibility = Visibility::Inherited;
        commands.entity(entity).remove::<InspectedHere>();
    }
    let mut built = None;
    let layout = match &boutique {
        Some(b) => &b.0,
        None => &built.insert(Boutique::for_catalog(&catalog)).0,
    };
    if !standing {
        spawn_boutique(
            &mut commands,
            layout,
            &catalog,
            &asset_server,
            &mut meshes,
            &mut materials,
            &mut images,
        );
    }
    // The help shows on arrival, not on coming back from an inspection.
    ui.help = ui.saved.is_none();
    let walker = ui
        .saved
        .take()
        .unwrap_or_else(|| Walker::looking(layout.arrival(arrival.0)));
    ui.hovered = None;
    ui.story = None;
    commands.spawn((
        DespawnOnExit(Screen::Boutique),
        boutique_camera(&environment, walker.transform().translation),
        Camera {
            clear_color: ClearColorConfig::Custom(SKY),
            ..default()
        },
        walker.transform(),
        walker,
    ));

    // Gold points on the architecture that tell a story.
    let gold = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.8, 0.45),
        emissive: LinearRgba::rgb(3.0, 2.1, 0.9),
        ..default()
    });
    let dot = meshes.add(Sphere::new(0.12).mesh().uv(16, 10));
    // A story point only where there is a story to tell (the catalog may have no craft text).
    let maison = &catalog.0.manifest.maison;
    for hotspot in layout
        .hotspots
        .iter()
        .filter(|h| !standing && story_text(h.story, maison, Language::En).is_some())
    {
        let scale = if hotspot.story == Story::PlaceVendome {
            6.0
        } else {
            1.0
        };
        commands.spawn((
            Architecture,
            Hotspot(hotspot.story),
            Mesh3d(dot.clone()),
            MeshMaterial3d(gold.clone()),
            Transform::from_translation(hotspot.position_m).with_scale(Vec3::splat(scale)),
        ));
    }
    if let Some(boutique) = built {
        commands.insert_resource(boutique);
    }

    // The overlay: the maison's name, the caption, and the help, story and pass panels.
    let maison = catalog.0.manifest.maison.name.to_uppercase();
    commands
        .spawn((
            DespawnOnExit(Screen::Boutique),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                padding: UiRect::all(px(20)),
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_children(|root| {
            root.spawn((
                Text::new(maison),
                fonts.display(26.0),
                TextColor(IVORY),
                Pickable::IGNORE,
            ));
            // The panels sit low, above the caption, so that they never hide the storefront and its sign.
            root.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    align_items: AlignItems::Center,
                    justify_content: JustifyContent::FlexEnd,
                    flex_grow: 1.0,
                    row_gap: px(10),
                    max_width: px(760),
                    margin: UiRect::bottom(px(12)),
                    ..default()
                },
                Pickable::IGNORE,
            ))
            .with_children(|middle| {
                for panel in [OverlayPanel::Help, OverlayPanel::Story, OverlayPanel::Pass] {
                    let (size_px, colour) = panel.style();
                    middle.spawn((
                        panel,
                        Text::new(""),
                        fonts.body(size_px),
                        TextColor(colour),
                        Node {
                            padding: UiRect::axes(px(18), px(12)),
                            display: Display::None,
                            ..default()
                        },
                        BackgroundColor(PANEL),
                        Pickable::IGNORE,
                    ));
                }
            });
            root.spawn((
                Caption,
                Text::new(""),
                fonts.body(17.0),
                TextColor(MUTED),
                Node {
                    padding: UiRect::axes(px(18), px(10)),
                    ..default()
                },
                BackgroundColor(PANEL),
                Pickable::IGNORE,
            ));
        });
}

/// A warm light that comes on over the piece under the pointer.
#[derive(Component)]
struct HoverGlow;

/// Pointer events bubble from a piece's meshes up through its scene to its pivot; these observers watch every step
/// and act where they meet a displayed piece (or a story point).
fn hover_piece(
    over: On<Pointer<Over>>,
    screen: Option<Res<State<Screen>>>,
    products: Query<&ProductModel, With<DisplayedProduct>>,
    mirrors: Query<(), With<TryOnMirror>>,
    counters: Query<(), With<ConciergeCounter>>,
    try_on: Option<Res<TryOnAvailable>>,
    mut ui: ResMut<BoutiqueUi>,
    mut commands: Commands,
) {
    if screen.is_none_or(|s| *s.get() != Screen::Boutique) {
        return;
    }
    if try_on.is_some() && mirrors.contains(over.entity) {
        ui.mirror = true;
        return;
    }
    if counters.contains(over.entity) {
        ui.desk = true;
        return;
    }
    let Ok(p) = products.get(over.entity) else {
        return;
    };
    if ui.hovered.as_deref() == Some(p.sku.as_str()) {
        return;
    }
    ui.hovered = Some(p.sku.clone());
    commands.entity(over.entity).with_child((
        HoverGlow,
        PointLight {
            color: Color::srgb(1.0, 0.88, 0.7),
            intensity: 9_000.0,
            range: 1.6,
            radius: 0.05,
            shadow_maps_enabled: false,
            ..default()
        },
        Transform::from_xyz(0.0, 0.35, 0.3),
    ));
}

fn leave_piece(
    out: On<Pointer<Out>>,
    products: Query<(), With<DisplayedProduct>>,
    mirrors: Query<(), With<TryOnMirror>>,
    counters: Query<(), With<ConciergeCounter>>,
    mut ui: ResMut<BoutiqueUi>,
    glows: Query<(Entity, &ChildOf), With<HoverGlow>>,
    mut commands: Commands,
) {
    if mirrors.contains(out.entity) {
        ui.mirror = false;
        return;
    }
    if counters.contains(out.entity) {
        ui.desk = false;
        return;
    }
    if products.get(out.entity).is_err() {
        return;
    }
    ui.hovered = None;
    for (glow, parent) in &glows {
        if parent.parent() == out.entity {
            commands.entity(glow).despawn();
        }
    }
}

fn click_piece(
    click: On<Pointer<Click>>,
    screen: Option<Res<State<Screen>>>,
    products: Query<(&ProductModel, &DisplayedProduct, &Transform)>,
    spots: Query<&Hotspot>,
    mirrors: Query<(), With<TryOnMirror>>,
    counters: Query<(), With<ConciergeCounter>>,
    try_on: Option<Res<TryOnAvailable>>,
    inspected: Option<Res<InspectedProduct>>,
    catalog: Res<LoadedCatalog>,
    mut ui: ResMut<BoutiqueUi>,
    mut desk: ResMut<ConciergeDesk>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
) {
    if screen.is_none_or(|s| *s.get() != Screen::Boutique) {
        return;
    }
    if counters.contains(click.entity) {
        desk.show();
        return;
    }
    if try_on.is_some() && mirrors.contains(click.entity) {
        // The piece last inspected if it is worn on the hand, else the first hand piece of the catalog.
        let last = inspected
            .map(|i| i.sku.clone())
            .filter(|sku| catalog.0.product(sku).is_some_and(super::is_hand_piece));
        let first = catalog
            .0
            .products
            .iter()
            .find(|e| super::is_hand_piece(e))
            .map(|e| e.product.sku.clone());
        ui.mirror = false;
        commands.insert_resource(TryOnRequest {
            pieces: last
                .or(first)
                .map(|sku| RequestedPiece {
                    sku,
                    variants: None,
                    finger: None,
                })
                .into_iter()
                .collect(),
            back_to: Screen::Boutique,
        });
        next.set(Screen::TryOn);
        return;
    }
    if let Ok(spot) = spots.get(click.entity) {
        ui.story = Some(spot.0);
        return;
    }
    if let Ok((p, shown, transform)) = products.get(click.entity) {
        commands.insert_resource(InspectedProduct {
            sku: p.sku.clone(),
            in_place: Some(InPlace {
                displayed: click.entity,
                centre_m: transform.translation,
                rotation: transform.rotation,
                scale: shown.scale,
            }),
        });
        next.set(Screen::Inspect);
    }
}

/// Keys that walk, turn or start the tour.
const MOVING_KEYS: [KeyCode; 11] = [
    KeyCode::KeyW,
    KeyCode::KeyA,
    KeyCode::KeyS,
    KeyCode::KeyD,
    KeyCode::KeyQ,
    KeyCode::KeyE,
    KeyCode::KeyG,
    KeyCode::ArrowUp,
    KeyCode::ArrowDown,
    KeyCode::ArrowLeft,
    KeyCode::ArrowRight,
];

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    mut ui: ResMut<BoutiqueUi>,
    mut language: ResMut<CurrentLanguage>,
) {
    if keys.just_pressed(KeyCode::KeyH) || keys.just_pressed(KeyCode::F1) {
        ui.help = !ui.help;
    }
    // The help steps aside once the shopper starts moving or takes the tour.
    if keys.any_just_pressed(MOVING_KEYS) {
        ui.help = false;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        language.0 = language.0.next();
    }
    if keys.just_pressed(KeyCode::Escape) {
        ui.help = false;
        ui.story = None;
    }
}

/// Near the salon privé's door, typed digits are a pass code; one the catalog's passes accept (they hold only salted
/// hashes of the codes) opens the door for this visit.
fn pass_dialog(
    keys: Res<ButtonInput<KeyCode>>,
    catalog: Res<LoadedCatalog>,
    mut ui: ResMut<BoutiqueUi>,
    boutique: Res<Boutique>,
    mut walkers: Query<&mut Walker, Without<Touring>>,
    mut leaves: Query<&mut Visibility, With<PrivateDoorLeaf>>,
) {
    let Ok(mut walker) = walkers.single_mut() else {
        return;
    };
    let door = boutique.0.private_door_m();
    let near = !walker.private_open && walker.position.distance(door) < DOOR_REACH_M;
    if !near {
        if !walker.private_open {
            ui.typed.clear();
            ui.pass_message = None;
        }
        return;
    }
    const DIGITS: [(KeyCode, char); 20] = [
        (KeyCode::Digit0, '0'),
        (KeyCode::Digit1, '1'),
        (KeyCode::Digit2, '2'),
        (KeyCode::Digit3, '3'),
        (KeyCode::Digit4, '4'),
        (KeyCode::Digit5, '5'),
        (KeyCode::Digit6, '6'),
        (KeyCode::Digit7, '7'),
        (KeyCode::Digit8, '8'),
        (KeyCode::Digit9, '9'),
        (KeyCode::Numpad0, '0'),
        (KeyCode::Numpad1, '1'),
        (KeyCode::Numpad2, '2'),
        (KeyCode::Numpad3, '3'),
        (KeyCode::Numpad4, '4'),
        (KeyCode::Numpad5, '5'),
        (KeyCode::Numpad6, '6'),
        (KeyCode::Numpad7, '7'),
        (KeyCode::Numpad8, '8'),
        (KeyCode::Numpad9, '9'),
    ];
    for (key, digit) in DIGITS {
        if keys.just_pressed(key) && ui.typed.len() < 12 {
            ui.typed.push(digit);
            ui.pass_message = None;
        }
    }
    if keys.just_pressed(KeyCode::Backspace) {
        ui.typed.pop();
    }
    if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter]) {
        if ::catalog::any_opens(
            &catalog.0.manifest.passes,
            ::catalog::Room::SalonPrive,
            &ui.typed,
        ) {
            walker.private_open = true;
            ui.pass_message = Some(Ui::PassGranted);
            for mut visibility in &mut leaves {
                *visibility = Visibility::Hidden;
            }
        } else {
            ui.pass_message = Some(Ui::PassWrong);
        }
        ui.typed.clear();
    }
}

fn refresh_texts(
    ui: Res<BoutiqueUi>,
    language: Res<CurrentLanguage>,
    catalog: Res<LoadedCatalog>,
    boutique: Res<Boutique>,
    walkers: Query<&Walker>,
    try_on: Option<Res<TryOnAvailable>>,
    mut captions: Query<&mut Text, (With<Caption>, Without<OverlayPanel>)>,
    mut panels: Query<(&OverlayPanel, &mut Text, &mut Node)>,
) {
    let lang = language.0;
    let caption = match ui.hovered.as_deref().and_then(|sku| catalog.0.product(sku)) {
        _ if ui.mirror => Ui::TryOnMirror.text(lang).to_string(),
        _ if ui.desk => Ui::ConciergeCounter.text(lang).to_string(),
        Some(entry) => {
            let price = catalog::preferred_price(&entry.product.prices, lang)
                .map(|p| catalog::format_price(p, lang))
                .unwrap_or_default();
            format!("{}  ·  {}", entry.product.name.get(lang), price)
        }
        None if catalog.0.products.is_empty() => Ui::NoProducts.text(lang).to_string(),
        None => catalog.0.manifest.maison.tagline.get(lang).to_string(),
    };
    for mut text in &mut captions {
        if text.0 != caption {
            text.0 = caption.clone();
        }
    }
    let show = |node: &mut Node, on: bool| {
        let display = if on { Display::Flex } else { Display::None };
        if node.display != display {
            node.display = display;
        }
    };
    let near_door = walkers
        .iter()
        .any(|w| w.position.distance(boutique.0.private_door_m()) < DOOR_REACH_M);
    let open = walkers.iter().any(|w| w.private_open);
    for (panel, mut text, mut node) in &mut panels {
        match panel {
            OverlayPanel::Help => {
                show(&mut node, ui.help);
                // Compared in parts, so that nothing is allocated while the help stays as it is.
                let base = Ui::BoutiqueHelp.text(lang);
                let mirror = try_on.is_some().then(|| Ui::HelpMirror.text(lang));
                let rest = text.0.strip_prefix(base);
                let same = match mirror {
                    Some(m) => rest.and_then(|r| r.strip_prefix("  ·  ")) == Some(m),
                    None => rest == Some(""),
                };
                if !same {
                    text.0 = match mirror {
                        Some(m) => format!("{base}  ·  {m}"),
                        None => base.to_owned(),
                    };
                }
            }
            OverlayPanel::Story => {
                show(&mut node, ui.story.is_some());
                if let Some(s) = ui
                    .story
                    .and_then(|story| story_text(story, &catalog.0.manifest.maison, lang))
                    && text.0 != s
                {
                    text.0 = s;
                }
            }
            OverlayPanel::Pass => {
                let message = match ui.pass_message {
                    Some(m) => m.text(lang).to_string(),
                    None => format!(
                        "{}   {}",
                        Ui::PassPrompt.text(lang),
                        "•".repeat(ui.typed.len())
                    ),
                };
                show(&mut node, near_door && (!open || ui.pass_message.is_some()));
                if text.0 != message {
                    text.0 = message;
                }
            }
        }
    }
}

/// On the displayed piece that is being inspected where it stands (hidden meanwhile).
#[derive(Component)]
struct InspectedHere;

fn leave(
    mut commands: Commands,
    mut ui: ResMut<BoutiqueUi>,
    walkers: Query<&Walker>,
    inspected: Option<Res<InspectedProduct>>,
    try_on: Option<Res<TryOnRequest>>,
    built: Query<Entity, (With<Architecture>, Without<ChildOf>)>,
) {
    ui.saved = walkers.iter().next().cloned();
    ui.mirror = false;
    ui.desk = false;
    if try_on.is_some() {
        // The try-on hides the boutique while it is on screen and shows it again after.
        return;
    }
    if let Some(place) = inspected.and_then(|i| i.in_place) {
        // The boutique stays: the piece is inspected where it stands.
        commands
            .entity(place.displayed)
            .insert((InspectedHere, Visibility::Hidden));
        return;
    }
    for entity in &built {
        commands.entity(entity).despawn();
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_maisons_stories_come_from_its_catalog() {
        let mut maison = catalog::Maison {
            name: "Maison Test".into(),
            founded_year: 1921,
            city: "Milano".into(),
            tagline: Default::default(),
            story: catalog::Localized {
                en: "Founded over a bakery.".into(),
                it: "Fondata sopra un forno.".into(),
                zh: "创立于面包店楼上。".into(),
                fr: "Fondée au-dessus d'une boulangerie.".into(),
            },
            craft: None,
        };
        let story = story_text(Story::Maison, &maison, Language::It).unwrap_or_default();
        assert!(story.contains("Maison Test · Milano, 1921"), "{story}");
        assert!(story.contains("Fondata sopra un forno."), "{story}");
        assert_eq!(story_text(Story::Craft, &maison, Language::En), None);
        maison.craft = Some(catalog::Localized {
            en: "Hand-engraved.".into(),
            ..maison.story.clone()
        });
        assert_eq!(
            story_text(Story::Craft, &maison, Language::En).as_deref(),
            Some("Hand-engraved.")
        );
        // The place's history is Vitrine's, in every language.
        for lang in Language::ALL {
            assert!(
                story_text(Story::PlaceVendome, &maison, lang).is_some_and(|s| s.contains("1699"))
            );
        }
    }
    use super::*;
    use crate::boutique::layout::BoutiqueLayout;
    use crate::testing::{demo_catalog, product};

    fn app() -> App {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .init_resource::<ButtonInput<KeyCode>>()
            .init_resource::<BoutiqueUi>()
            .insert_resource(Boutique(BoutiqueLayout::new(&[product(
                "L",
                catalog::Category::Bag,
                true,
                0.3,
            )])))
            // The bundled catalog, whose demo pass (1698) the README documents.
            .insert_resource(LoadedCatalog(demo_catalog()))
            .add_systems(Update, pass_dialog);
        app
    }

    fn type_keys(app: &mut App, keys: &[KeyCode]) {
        for key in keys {
            app.world_mut()
                .resource_mut::<ButtonInput<KeyCode>>()
                .press(*key);
            app.update();
            let mut input = app.world_mut().resource_mut::<ButtonInput<KeyCode>>();
            input.release(*key);
            input.clear();
            app.update();
        }
    }

    fn walker_at_door(app: &mut App) -> Entity {
        let door = app.world().resource::<Boutique>().0.private_door_m();
        let mut walker = Walker::looking(app.world().resource::<Boutique>().0.start);
        walker.position = door + Vec2::new(0.0, 1.0);
        let leaf = app
            .world_mut()
            .spawn((PrivateDoorLeaf, Visibility::Visible))
            .id();
        app.world_mut().spawn(walker);
        leaf
    }

    #[test]
    fn the_right_pass_code_opens_the_salon_prive() {
        let mut app = app();
        let leaf = walker_at_door(&mut app);
        use KeyCode::*;
        type_keys(&mut app, &[Digit1, Digit6, Digit9, Digit8, Enter]);
        let open = app
            .world_mut()
            .query::<&Walker>()
            .iter(app.world())
            .all(|w| w.private_open);
        assert!(open, "the door stayed shut");
        assert_eq!(
            app.world().resource::<BoutiqueUi>().pass_message,
            Some(Ui::PassGranted)
        );
        assert_eq!(
            app.world().get::<Visibility>(leaf),
            Some(&Visibility::Hidden)
        );
    }

    #[test]
    fn a_wrong_pass_code_keeps_it_shut_and_says_so() {
        let mut app = app();
        walker_at_door(&mut app);
        use KeyCode::*;
        type_keys(&mut app, &[Digit1, Digit2, Digit3, Digit4, Enter]);
        let open = app
            .world_mut()
            .query::<&Walker>()
            .iter(app.world())
            .any(|w| w.private_open);
        assert!(!open);
        let ui = app.world().resource::<BoutiqueUi>();
        assert_eq!(ui.pass_message, Some(Ui::PassWrong));
        assert!(ui.typed.is_empty(), "the typed code is cleared after a try");
    }

    #[test]
    fn the_help_steps_aside_when_the_shopper_walks_and_h_brings_it_back() {
        let mut app = app();
        app.add_systems(Update, keyboard)
            .init_resource::<CurrentLanguage>();
        app.world_mut().resource_mut::<BoutiqueUi>().help = true;
        type_keys(&mut app, &[KeyCode::KeyW]);
        assert!(!app.world().resource::<BoutiqueUi>().help);
        type_keys(&mut app, &[KeyCode::KeyH]);
        assert!(app.world().resource::<BoutiqueUi>().help);
        type_keys(&mut app, &[KeyCode::KeyG]);
        assert!(!app.world().resource::<BoutiqueUi>().help);
    }
}
