//! The concierge in the boutique: a "Concierge" button (or the C key) opens a desk panel where the shopper types a
//! wish in any of the four languages (Chinese through the system's input method), and gets three pieces with their
//! reasons, each one click from inspecting it in the variant proposed; below, "Recommended for you" from what the
//! shopper looked at and saved in this visit. The concierge is built off the main thread when the boutique opens;
//! until the sentence encoder is ready (or if it cannot load) the lexical index answers, and the panel says which.

use std::path::PathBuf;
use std::sync::Arc;

use bevy::input::ButtonState;
use bevy::input::keyboard::{Key, KeyboardInput};
use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use bevy::window::{Ime, PrimaryWindow};
use catalog::Language;
use concierge::{
    Answer, AskOptions, Concierge, Interaction, Market, Mode, SessionHistory, Suggestion,
};

use super::{InPlace, InspectedProduct, RequestedPiece, Screen, TryOnAvailable, TryOnRequest};
use crate::boutique::architecture::DisplayedProduct;
use crate::boutique::walk::{WalkSystems, Walker};
use crate::product::ProductModel;
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::variants::SelectedVariants;
use crate::ui::i18n::{CurrentLanguage, Ui};
use crate::ui::theme::{CHAMPAGNE, Fonts, IVORY, MUTED, PANEL, button};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ConciergeDesk>()
        .init_resource::<ShopperSession>()
        .add_systems(OnEnter(Screen::Boutique), (start_concierge, spawn_desk))
        .add_systems(OnEnter(Screen::Inspect), note_inspection_start)
        .add_systems(OnExit(Screen::Inspect), note_inspection_end)
        .add_systems(OnExit(Screen::Boutique), close_desk)
        .add_systems(
            Update,
            (poll_concierge, open_with_key, type_query, rebuild_desk)
                .chain()
                .before(WalkSystems)
                .run_if(in_state(Screen::Boutique)),
        )
        .add_systems(Update, poll_concierge.run_if(in_state(Screen::Inspect)));
}

/// The assets folder on disk (the concierge's model lives in `ml/`); `None` where there is no file system.
#[derive(Resource, Debug, Clone, Default)]
pub struct AssetsDir(pub Option<PathBuf>);

/// The concierge, once built.
#[derive(Resource)]
pub(super) enum ConciergeService {
    /// The lexical index answers while the encoder loads and embeds the catalog.
    Building {
        task: Task<Concierge>,
        interim: Arc<Concierge>,
    },
    Ready(Arc<Concierge>),
}

impl ConciergeService {
    pub(super) fn concierge(&self) -> &Concierge {
        match self {
            ConciergeService::Building { interim, .. } => interim,
            ConciergeService::Ready(c) => c,
        }
    }
}

/// The desk panel's state.
#[derive(Resource, Default)]
pub struct ConciergeDesk {
    pub open: bool,
    pub typed: String,
    /// What the input method is composing (not yet committed).
    pub preedit: String,
    answer: Option<Answer>,
    dirty: bool,
    /// Opened by the C key this frame: that key press is not text.
    just_opened: bool,
}

impl ConciergeDesk {
    /// Opens the desk panel (the button, the desk in the entrance hall, another screen's "Concierge").
    pub fn show(&mut self) {
        self.open = true;
        self.dirty = true;
    }
}

/// Whether the shopper is typing to the concierge (the boutique's own keys stand aside).
pub fn typing_to_concierge(desk: Res<ConciergeDesk>) -> bool {
    desk.open
}

/// This visit's interactions, for "Recommended for you". In memory only; gone when the app closes.
#[derive(Resource, Default)]
pub struct ShopperSession {
    pub history: SessionHistory,
    pub wishlist: Vec<String>,
    inspecting: Option<(String, f32)>,
}

impl ShopperSession {
    /// Adds the piece to the wishlist, or takes it off.
    pub fn toggle_wish(&mut self, sku: &str) {
        if let Some(i) = self.wishlist.iter().position(|s| s == sku) {
            self.wishlist.remove(i);
        } else {
            self.wishlist.push(sku.to_string());
            self.history.record(sku, Interaction::Wishlisted, 0.0);
        }
    }
}

/// Variants to show when the next inspection opens (a concierge proposal), as GLB variant names.
#[derive(Resource, Debug, Clone)]
pub struct ProposedVariants {
    pub sku: String,
    pub gltf_variants: Vec<String>,
}

#[derive(Component)]
struct DeskPanel;
#[derive(Component)]
struct DeskButton;

/// Long queries are cut here while typing (the concierge itself cuts at `concierge::MAX_QUERY_CHARS`).
const MAX_TYPED_CHARS: usize = 200;

fn start_concierge(
    mut commands: Commands,
    existing: Option<Res<ConciergeService>>,
    catalog: Res<LoadedCatalog>,
    assets: Option<Res<AssetsDir>>,
) {
    if existing.is_some() {
        return;
    }
    let catalog = catalog.0.clone();
    let interim = Arc::new(Concierge::with_fallback_reason(
        &catalog,
        None,
        "the sentence encoder is still loading".into(),
    ));
    let assets = assets.and_then(|a| a.0.clone());
    let task = AsyncComputeTaskPool::get().spawn(async move { build(&catalog, assets) });
    commands.insert_resource(ConciergeService::Building { task, interim });
}

#[cfg(not(target_arch = "wasm32"))]
fn build(catalog: &catalog::Catalog, assets: Option<PathBuf>) -> Concierge {
    let Some(assets) = assets else {
        return Concierge::with_fallback_reason(catalog, None, "no assets folder on disk".into());
    };
    match concierge::open_encoder(&assets) {
        Ok(encoder) => Concierge::new(catalog, Some(encoder)),
        Err(e) => {
            warn!("Concierge: {e}; answering with the lexical index");
            Concierge::with_fallback_reason(catalog, None, e.to_string())
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn build(catalog: &catalog::Catalog, _assets: Option<PathBuf>) -> Concierge {
    Concierge::with_fallback_reason(
        catalog,
        None,
        "the browser build answers with the lexical index".into(),
    )
}

fn poll_concierge(service: Option<ResMut<ConciergeService>>, mut desk: ResMut<ConciergeDesk>) {
    let Some(mut service) = service else {
        return;
    };
    // Polled every frame: look without marking the resource changed (the inspect panel rebuilds on a change).
    let ConciergeService::Building { task, .. } = service.bypass_change_detection() else {
        return;
    };
    if let Some(concierge) = check_ready(task) {
        match concierge.mode() {
            Mode::Semantic { encoder } => info!("Concierge ready: {encoder}"),
            Mode::Lexical { reason } => info!("Concierge ready, lexical index only: {reason}"),
        }
        *service = ConciergeService::Ready(Arc::new(concierge));
        desk.dirty = true;
    }
}

fn spawn_desk(
    mut commands: Commands,
    fonts: Res<Fonts>,
    language: Res<CurrentLanguage>,
    mut desk: ResMut<ConciergeDesk>,
) {
    commands
        .spawn((
            DespawnOnExit(Screen::Boutique),
            Node {
                position_type: PositionType::Absolute,
                top: px(18),
                right: px(20),
                ..default()
            },
        ))
        .with_children(|corner| {
            button(corner, &fonts, Ui::Concierge.text(language.0), false)
                .insert(DeskButton)
                .observe(|_: On<Pointer<Click>>, mut desk: ResMut<ConciergeDesk>| {
                    desk.open = !desk.open;
                    desk.dirty = true;
                });
        });
    commands.spawn((
        DeskPanel,
        DespawnOnExit(Screen::Boutique),
        Node {
            position_type: PositionType::Absolute,
            top: px(64),
            right: px(20),
            width: px(430),
            max_height: percent(82),
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            padding: UiRect::all(px(18)),
            overflow: Overflow::scroll_y(),
            display: Display::None,
            ..default()
        },
        BackgroundColor(PANEL),
    ));
    desk.dirty = true;
}

fn close_desk(
    mut desk: ResMut<ConciergeDesk>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    desk.open = false;
    desk.preedit.clear();
    for mut window in &mut windows {
        window.ime_enabled = false;
    }
}

fn open_with_key(
    keys: Res<ButtonInput<KeyCode>>,
    mut desk: ResMut<ConciergeDesk>,
    mut walkers: Query<&mut Walker>,
    mut windows: Query<&mut Window, With<PrimaryWindow>>,
) {
    if !desk.open && keys.just_pressed(KeyCode::KeyC) {
        desk.open = true;
        desk.dirty = true;
        desk.just_opened = true;
    }
    for mut walker in &mut walkers {
        if walker.paused != desk.open {
            walker.paused = desk.open;
        }
    }
    for mut window in &mut windows {
        if window.ime_enabled != desk.open {
            window.ime_enabled = desk.open;
            window.ime_position = Vec2::new(window.width() - 420.0, 120.0);
        }
    }
}

/// Keys and the input method while the desk is open: text, Backspace, Enter (ask), Escape (close).
fn type_query(
    mut keys: MessageReader<KeyboardInput>,
    mut ime: MessageReader<Ime>,
    mut desk: ResMut<ConciergeDesk>,
    service: Option<Res<ConciergeService>>,
    language: Res<CurrentLanguage>,
) {
    if !desk.open || desk.just_opened {
        desk.just_opened = false;
        keys.clear();
        ime.clear();
        return;
    }
    let mut ask = false;
    for key in keys.read() {
        if key.state != ButtonState::Pressed {
            continue;
        }
        match &key.logical_key {
            Key::Enter => ask = true,
            Key::Escape => {
                desk.open = false;
                desk.dirty = true;
            }
            Key::Backspace => {
                desk.typed.pop();
                desk.dirty = true;
            }
            _ => {
                if let Some(text) = &key.text {
                    let printable: String = text.chars().filter(|c| !c.is_control()).collect();
                    if !printable.is_empty() && desk.typed.chars().count() < MAX_TYPED_CHARS {
                        desk.typed.push_str(&printable);
                        desk.dirty = true;
                    }
                }
            }
        }
    }
    for event in ime.read() {
        match event {
            Ime::Preedit { value, .. } => {
                desk.preedit = value.clone();
                desk.dirty = true;
            }
            Ime::Commit { value, .. } => {
                desk.preedit.clear();
                if desk.typed.chars().count() < MAX_TYPED_CHARS {
                    desk.typed.push_str(value);
                }
                desk.dirty = true;
            }
            _ => {}
        }
    }
    if ask && let Some(service) = service {
        let lang = language.0;
        let options = AskOptions {
            market: Market::for_language(lang),
            language: lang,
            count: 3,
        };
        let typed = desk.typed.clone();
        desk.answer = Some(service.concierge().ask(&typed, &options));
        desk.dirty = true;
    }
}

fn price_text(s: &Suggestion, lang: Language) -> String {
    s.price
        .map(|p| catalog::format_price(p, lang))
        .unwrap_or_default()
}

fn rebuild_desk(
    mut commands: Commands,
    mut desk: ResMut<ConciergeDesk>,
    service: Option<Res<ConciergeService>>,
    session: Res<ShopperSession>,
    language: Res<CurrentLanguage>,
    fonts: Res<Fonts>,
    catalog: Res<LoadedCatalog>,
    try_on: Option<Res<TryOnAvailable>>,
    mut panels: Query<(Entity, &mut Node), With<DeskPanel>>,
) {
    if !desk.dirty && !language.is_changed() {
        return;
    }
    desk.dirty = false;
    let lang = language.0;
    let Ok((panel, mut node)) = panels.single_mut() else {
        return;
    };
    node.display = if desk.open {
        Display::Flex
    } else {
        Display::None
    };
    commands.entity(panel).despawn_related::<Children>();
    if !desk.open {
        return;
    }
    let mode_line = match service.as_deref() {
        Some(ConciergeService::Ready(c)) => match c.mode() {
            Mode::Semantic { .. } => String::new(),
            Mode::Lexical { .. } => Ui::ConciergeLexical.text(lang).to_string(),
        },
        _ => Ui::ConciergeLoading.text(lang).to_string(),
    };
    let recommendations = service
        .as_deref()
        .map(|s| s.concierge().recommend(&session.history, None, lang, 3))
        .unwrap_or_default();
    let typed = format!("{}{}|", desk.typed, desk.preedit);
    let answer = desk.answer.clone();
    // A piece worn on the hand is one click from the try-on too, where the app has one.
    let wearable = |s: &Suggestion| {
        try_on.is_some() && catalog.0.product(&s.sku).is_some_and(super::is_hand_piece)
    };
    commands.entity(panel).with_children(|p| {
        p.spawn((
            Text::new(Ui::Concierge.text(lang).to_uppercase()),
            fonts.body(13.0),
            TextColor(CHAMPAGNE),
        ));
        p.spawn((
            Text::new(Ui::ConciergePrompt.text(lang)),
            fonts.display(19.0),
            TextColor(IVORY),
        ));
        p.spawn((
            Text::new(typed),
            fonts.body(17.0),
            TextColor(IVORY),
            Node {
                padding: UiRect::axes(px(12), px(9)),
                border: UiRect::all(px(1)),
                min_height: px(40),
                ..default()
            },
            BorderColor::all(CHAMPAGNE.with_alpha(0.7)),
            BackgroundColor(Color::BLACK.with_alpha(0.35)),
        ));
        p.spawn((
            Text::new(Ui::ConciergeHint.text(lang)),
            fonts.body(12.0),
            TextColor(MUTED),
        ));
        if !mode_line.is_empty() {
            p.spawn((Text::new(mode_line), fonts.body(12.0), TextColor(MUTED)));
        }
        if let Some(answer) = &answer {
            if let Some(note) = &answer.note {
                p.spawn((
                    Text::new(note.clone()),
                    fonts.body(14.0),
                    TextColor(CHAMPAGNE),
                ));
            }
            for s in &answer.suggestions {
                suggestion(p, &fonts, s, lang, wearable(s));
            }
        }
        if !recommendations.is_empty() {
            p.spawn((
                Text::new(Ui::RecommendedForYou.text(lang).to_uppercase()),
                fonts.body(13.0),
                TextColor(CHAMPAGNE),
                Node {
                    margin: UiRect::top(px(10)),
                    ..default()
                },
            ));
            for s in &recommendations {
                suggestion(p, &fonts, s, lang, wearable(s));
            }
        }
    });
}

/// One proposed piece: name and price, the reason under it; a click inspects it where it stands, and a piece worn on
/// the hand has a "Try on" button that opens the try-on with it in the variant proposed.
fn suggestion(
    parent: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    s: &Suggestion,
    lang: Language,
    wearable: bool,
) {
    let sku = s.sku.clone();
    let variants = s.gltf_variants.clone();
    let try_on_sku = s.sku.clone();
    let try_on_variants = s.gltf_variants.clone();
    parent
        .spawn((
            Button,
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(3),
                padding: UiRect::axes(px(12), px(8)),
                border: UiRect::all(px(1)),
                ..default()
            },
            BorderColor::all(CHAMPAGNE.with_alpha(0.35)),
            BackgroundColor(Color::BLACK.with_alpha(0.25)),
        ))
        .with_children(|card| {
            card.spawn((
                Text::new(format!("{}  ·  {}", s.name, price_text(s, lang))),
                fonts.body(15.0),
                TextColor(IVORY),
                Pickable::IGNORE,
            ));
            card.spawn((
                Text::new(s.reason.clone()),
                fonts.body(13.0),
                TextColor(MUTED),
                Pickable::IGNORE,
            ));
            if wearable {
                // In a row of its own, so that the button keeps its width in the card's column.
                let mut row = card.spawn(Node::default());
                row.with_children(|row| {
                    button(row, fonts, Ui::TryOn.text(lang), false).observe(
                        move |mut click: On<Pointer<Click>>,
                              mut commands: Commands,
                              mut desk: ResMut<ConciergeDesk>,
                              mut next: ResMut<NextState<Screen>>| {
                            // The card under the button inspects; this click is the try-on's alone.
                            click.propagate(false);
                            commands.insert_resource(TryOnRequest {
                                pieces: vec![RequestedPiece {
                                    sku: try_on_sku.clone(),
                                    variants: Some(SelectedVariants(try_on_variants.clone())),
                                    finger: None,
                                }],
                                back_to: Screen::Boutique,
                            });
                            desk.open = false;
                            desk.dirty = true;
                            next.set(Screen::TryOn);
                        },
                    );
                });
            }
        })
        .observe(
            move |_: On<Pointer<Click>>,
                  mut commands: Commands,
                  mut desk: ResMut<ConciergeDesk>,
                  products: Query<(Entity, &ProductModel, &DisplayedProduct, &Transform)>,
                  mut next: ResMut<NextState<Screen>>| {
                let in_place = products.iter().find(|(_, p, _, _)| p.sku == sku).map(
                    |(entity, _, shown, transform)| InPlace {
                        displayed: entity,
                        centre_m: transform.translation,
                        rotation: transform.rotation,
                        scale: shown.scale,
                    },
                );
                commands.insert_resource(ProposedVariants {
                    sku: sku.clone(),
                    gltf_variants: variants.clone(),
                });
                commands.insert_resource(InspectedProduct {
                    sku: sku.clone(),
                    in_place,
                });
                desk.open = false;
                desk.dirty = true;
                next.set(Screen::Inspect);
            },
        );
}

fn note_inspection_start(
    inspected: Option<Res<InspectedProduct>>,
    time: Res<Time<Real>>,
    mut session: ResMut<ShopperSession>,
) {
    session.inspecting = inspected.map(|i| (i.sku.clone(), time.elapsed_secs()));
}

fn note_inspection_end(time: Res<Time<Real>>, mut session: ResMut<ShopperSession>) {
    if let Some((sku, started_secs)) = session.inspecting.take() {
        let dwell_secs = (time.elapsed_secs() - started_secs).max(0.0);
        session
            .history
            .record(&sku, Interaction::Viewed, dwell_secs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wishlist_toggles_and_remembers_the_wish_in_the_session() {
        let mut session = ShopperSession::default();
        session.toggle_wish("AUR-RG-SOL01");
        assert_eq!(session.wishlist, vec!["AUR-RG-SOL01".to_string()]);
        session.toggle_wish("AUR-RG-SOL01");
        assert!(session.wishlist.is_empty());
        assert_eq!(session.history.events.len(), 1);
        assert_eq!(session.history.events[0].how, Interaction::Wishlisted);
    }
}
