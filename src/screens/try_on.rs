//! The try-on screen: the shopper's own hand in the camera's picture wearing the pieces. The worn pieces and a
//! picker of every hand piece, the hand (left / right) and, for rings, the finger; the active piece's variants with
//! its price and, for rings, the estimated size; a snapshot (the only file try-on ever writes, and only when
//! asked); short status lines. Esc / Back returns where the shopper came from. The boutique stays as it was,
//! hidden while the mirror is in use.

#[cfg(not(target_arch = "wasm32"))]
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use bevy::app::AppExit;
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use catalog::{Finger, Language, SizeReference};
use tryon::{HandSide, Site, WornItem};

use super::concierge::ShopperSession;
use super::{RequestedPiece, Screen, TryOnAvailable, TryOnRequest};
use crate::boutique::architecture::Architecture;
use crate::product::catalog_assets::LoadedCatalog;
use crate::product::default_variants;
use crate::try_on::TryOnSystems;
use crate::try_on::live::{LiveOptions, LiveStage, LiveStatus, WornPieces};
use crate::try_on::present::{StageProjection, TryOnFrame, window_from_frame_px};
use crate::ui::i18n::{CurrentLanguage, Ui};
use crate::ui::theme::{
    CHAMPAGNE, Fonts, IVORY, MUTED, PANEL, button, button_row, section_heading,
};

pub(super) fn plugin(app: &mut App) {
    app.insert_resource(TryOnAvailable)
        .init_resource::<SnapshotState>()
        .init_resource::<PickerTray>()
        .init_resource::<TrayDodge>()
        .add_systems(
            OnEnter(Screen::TryOn),
            (wear_requested, hide_boutique, spawn_cameras),
        )
        .add_systems(OnExit(Screen::TryOn), leave)
        .add_systems(
            Update,
            (
                keyboard,
                scripted_snapshot,
                finish_snapshot,
                dodge_the_hand,
                rebuild_overlay,
                refresh_lines,
            )
                .chain()
                .after(TryOnSystems::Fit)
                .run_if(in_state(Screen::TryOn)),
        );
}

/// `vitrine tryon --snapshot-after N`: a snapshot once N frames have been shown with the pieces loaded and every
/// worn piece is on the hand, then quit (for scripts and the tests).
#[derive(Resource, Debug, Clone, Copy)]
pub struct SnapshotScript {
    pub after_frames: u64,
}

/// A snapshot being taken, and what became of the last one.
#[derive(Resource, Default)]
struct SnapshotState {
    /// The frame on screen when it was asked for, and where the result lands.
    pending: Option<(u64, Arc<Mutex<Option<Result<String, SnapshotError>>>>)>,
    message: Option<Result<String, SnapshotError>>,
    scripted_done: bool,
}

/// Whether the picker's tray of pieces is shown. The shopper folds it to its one button (P or Hide) and opens it
/// again; and it folds by itself while a worn piece sits under it ([`FOLD_AFTER_SECS`]), opening again once the
/// pieces have been clear of it for [`REOPEN_AFTER_SECS`], unless the shopper opened it by hand meanwhile (then it
/// stays as they left it for the rest of the visit). Each visit to the try-on starts with it open.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct PickerTray {
    /// The shopper's choice.
    pub open: bool,
    /// Folded for now because a worn piece sits under it.
    pub dodging: bool,
    /// The shopper opened it while it was folded for a piece: it no longer folds by itself this visit.
    pub keep_open: bool,
}

impl Default for PickerTray {
    fn default() -> Self {
        Self {
            open: true,
            dodging: false,
            keep_open: false,
        }
    }
}

impl PickerTray {
    pub fn shown(&self) -> bool {
        self.open && !self.dodging
    }

    /// The shopper's P or button: fold what is shown, show what is folded.
    pub fn toggle(&mut self) {
        if self.shown() {
            self.open = false;
        } else {
            self.keep_open |= self.dodging;
            self.open = true;
            self.dodging = false;
        }
    }

    /// One frame of the dodge: `covered` when a worn piece lies under (or next to) the open tray.
    fn dodge(&mut self, dodge: &mut TrayDodge, covered: bool, dt_secs: f32) {
        if covered {
            dodge.covered_secs += dt_secs;
            dodge.clear_secs = 0.0;
        } else {
            dodge.clear_secs += dt_secs;
            dodge.covered_secs = 0.0;
        }
        let next = if self.dodging {
            dodge.clear_secs < REOPEN_AFTER_SECS
        } else {
            self.open && !self.keep_open && dodge.covered_secs >= FOLD_AFTER_SECS
        };
        // Written only when it changes: the overlay is rebuilt on a change.
        if next != self.dodging {
            self.dodging = next;
        }
    }
}

/// A worn piece under the tray this long folds it.
pub const FOLD_AFTER_SECS: f32 = 0.4;
/// The pieces clear of the tray this long open it again (longer than the fold: a hand hovering at its edge does not
/// make it blink).
pub const REOPEN_AFTER_SECS: f32 = 1.5;
/// Around the tray, as a share of the window's height, what counts as under it (a piece reaches beyond its anchor).
const TRAY_MARGIN_OF_HEIGHT: f32 = 0.06;

/// Where the open tray was last seen (physical pixels of the window) and how long the pieces have been under it or
/// clear of it.
#[derive(Resource, Debug, Default, Clone)]
struct TrayDodge {
    open_rect_px: Option<Rect>,
    covered_secs: f32,
    clear_secs: f32,
}

/// The picker's part of the overlay (the tray, its hint and the tracking line), measured for the dodge.
#[derive(Component)]
struct PickerArea;

/// The boutique's parts hidden while the try-on is on screen (and only those are shown again).
#[derive(Component)]
struct HiddenForTryOn;

#[derive(Component)]
struct Overlay;
#[derive(Component)]
struct StatusLine;
#[derive(Component)]
struct RingSizeLine;
#[derive(Component)]
struct SnapshotLine;
/// A button of the piece picker: which piece and whether it is worn (the web page reports where they are).
#[derive(Component, Debug, Clone)]
#[cfg_attr(
    not(target_arch = "wasm32"),
    expect(dead_code, reason = "read by the web page's bridge only")
)]
pub struct PieceChoice {
    pub sku: String,
    pub worn: bool,
}

/// What tracks and how fast: the runtime and provider really in use, tracked frames per second.
#[derive(Component)]
struct TrackingLine;

/// Every hand piece of the catalog, in catalog order.
fn hand_pieces(catalog: &catalog::Catalog) -> Vec<WornItem> {
    catalog
        .products
        .iter()
        .filter_map(WornItem::from_catalog)
        .collect()
}

fn is_watch(item: &WornItem) -> bool {
    item.spec.size_reference == SizeReference::CaseDiameter
}

/// Puts `item` on (with `variants`), or, when it is worn already, makes it the active piece, or takes it off when
/// it is the active one. A watch replaces another watch; a ring replaces a ring on the same finger and phalanx.
pub fn toggle_piece(
    worn: &mut WornPieces,
    item: WornItem,
    variants: crate::product::variants::SelectedVariants,
) {
    if let Some(i) = worn.items.iter().position(|w| w.sku == item.sku) {
        if worn.active == Some(i) {
            worn.items.remove(i);
            worn.variants.remove(i);
            worn.active = worn.items.len().checked_sub(1);
        } else {
            worn.active = Some(i);
        }
        return;
    }
    let clashes = |w: &WornItem| match (item.site(), w.site()) {
        (Some(Site::Wrist), Some(Site::Wrist)) => is_watch(&item) && is_watch(w),
        (Some(a @ Site::Finger { .. }), Some(b)) => a == b,
        _ => false,
    };
    if let Some(i) = worn.items.iter().position(clashes) {
        worn.items.remove(i);
        worn.variants.remove(i);
    }
    worn.items.push(item);
    worn.variants.push(variants);
    worn.active = Some(worn.items.len() - 1);
}

/// Moves the active ring to `finger` (a ring already there comes off).
pub fn move_ring(worn: &mut WornPieces, finger: Finger) {
    let Some(active) = worn.active else { return };
    if !matches!(
        worn.items.get(active).and_then(WornItem::site),
        Some(Site::Finger { .. })
    ) {
        return;
    }
    worn.items[active].finger = Some(finger);
    let site = worn.items[active].site();
    if let Some(other) =
        (0..worn.items.len()).find(|&i| i != active && worn.items[i].site() == site)
    {
        worn.items.remove(other);
        worn.variants.remove(other);
        worn.active = Some(if other < active { active - 1 } else { active });
    }
}

fn wear_requested(
    mut commands: Commands,
    request: Option<Res<TryOnRequest>>,
    catalog: Res<LoadedCatalog>,
    options: Res<LiveOptions>,
    mut session: ResMut<ShopperSession>,
    mut snapshot: ResMut<SnapshotState>,
    mut tray: ResMut<PickerTray>,
    mut dodge: ResMut<TrayDodge>,
) {
    *snapshot = SnapshotState::default();
    *tray = PickerTray::default();
    *dodge = TrayDodge::default();
    let mut worn = WornPieces {
        items: Vec::new(),
        variants: Vec::new(),
        active: None,
        hand: options.hand,
    };
    let requested: Vec<RequestedPiece> = request.map(|r| r.pieces.clone()).unwrap_or_default();
    for piece in requested {
        let Some(entry) = catalog.0.product(&piece.sku) else {
            warn!("{}: no such piece in the catalog; not worn", piece.sku);
            continue;
        };
        let Some(mut item) = WornItem::from_catalog(entry) else {
            warn!("{}: not a hand piece; not worn", piece.sku);
            continue;
        };
        if matches!(item.site(), Some(Site::Finger { .. })) {
            item.finger = piece.finger;
        }
        let variants = piece.variants.unwrap_or_else(|| default_variants(entry));
        toggle_piece(&mut worn, item, variants);
    }
    for item in &worn.items {
        session
            .history
            .record(&item.sku, concierge::Interaction::TriedOn, 0.0);
    }
    commands.insert_resource(worn);
}

/// The screen's own cameras: a dark backdrop under everything (the window is never stale while no frame has come,
/// say with no camera at all) and the interface's camera over the try-on's picture.
fn spawn_cameras(mut commands: Commands) {
    commands.spawn((
        DespawnOnExit(Screen::TryOn),
        Camera2d,
        Camera {
            order: -1,
            clear_color: ClearColorConfig::Custom(crate::ui::theme::INK),
            ..default()
        },
        // The same sample count as the try-on's cameras, which draw into the same target.
        crate::try_on::present::TRY_ON_MSAA,
    ));
    commands.spawn((
        DespawnOnExit(Screen::TryOn),
        Camera2d,
        Camera {
            order: 10,
            clear_color: ClearColorConfig::None,
            ..default()
        },
        crate::try_on::present::TRY_ON_MSAA,
        IsDefaultUiCamera,
    ));
}

fn hide_boutique(
    mut commands: Commands,
    mut roots: Query<(Entity, &mut Visibility), (With<Architecture>, Without<ChildOf>)>,
) {
    for (entity, mut visibility) in &mut roots {
        if *visibility != Visibility::Hidden {
            *visibility = Visibility::Hidden;
            commands.entity(entity).insert(HiddenForTryOn);
        }
    }
}

fn leave(
    mut commands: Commands,
    mut hidden: Query<(Entity, &mut Visibility), With<HiddenForTryOn>>,
) {
    for (entity, mut visibility) in &mut hidden {
        *visibility = Visibility::Inherited;
        commands.entity(entity).remove::<HiddenForTryOn>();
    }
    commands.remove_resource::<TryOnRequest>();
    commands.remove_resource::<WornPieces>();
}

fn back(mut next: ResMut<NextState<Screen>>, request: Option<Res<TryOnRequest>>) {
    next.set(request.map_or(Screen::Boutique, |r| r.back_to));
}

fn keyboard(
    keys: Res<ButtonInput<KeyCode>>,
    next: ResMut<NextState<Screen>>,
    request: Option<Res<TryOnRequest>>,
    mut language: ResMut<CurrentLanguage>,
    mut worn: Option<ResMut<WornPieces>>,
    mut snapshot: ResMut<SnapshotState>,
    stage: Res<LiveStage>,
    mut overlays: Query<&mut Visibility, With<Overlay>>,
    mut tray: ResMut<PickerTray>,
    mut commands: Commands,
) {
    if keys.just_pressed(KeyCode::Escape) || keys.just_pressed(KeyCode::Backspace) {
        back(next, request);
        return;
    }
    if keys.just_pressed(KeyCode::KeyL) {
        language.0 = language.0.next();
    }
    if keys.just_pressed(KeyCode::KeyH)
        && let Some(worn) = worn.as_mut()
    {
        worn.hand = other_hand(worn.hand);
    }
    if keys.just_pressed(KeyCode::KeyS) {
        take_snapshot(&mut commands, &mut snapshot, &stage, &mut overlays);
    }
    if keys.just_pressed(KeyCode::KeyP) {
        tray.toggle();
    }
}

fn other_hand(hand: HandSide) -> HandSide {
    match hand {
        HandSide::Left => HandSide::Right,
        HandSide::Right => HandSide::Left,
    }
}

/// Where snapshots go on the desktop: `$VITRINE_SNAPSHOTS`, else `~/Pictures` when it exists, else the home folder.
#[cfg(not(target_arch = "wasm32"))]
fn snapshot_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("VITRINE_SNAPSHOTS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let pictures = home.join("Pictures");
    if pictures.is_dir() { pictures } else { home }
}

/// Why a snapshot was not kept.
#[derive(Debug, thiserror::Error)]
enum SnapshotError {
    #[cfg(not(target_arch = "wasm32"))]
    #[error(transparent)]
    Save(#[from] crate::desktop::headless::capture::CaptureError),
    #[cfg(target_arch = "wasm32")]
    #[error("cannot convert the picture: {0}")]
    Convert(String),
    #[cfg(target_arch = "wasm32")]
    #[error("cannot encode the picture: {0}")]
    Encode(#[from] image::ImageError),
    #[cfg(target_arch = "wasm32")]
    #[error(transparent)]
    Download(#[from] crate::web::DownloadError),
}

/// Saves a snapshot as a PNG file: into [`snapshot_dir`] on the desktop, as the browser's download in the page
/// (nothing is uploaded). Returns where it went.
fn save_snapshot(image: &Image, file_name: &str) -> Result<String, SnapshotError> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let path = crate::desktop::headless::capture::save(image, &snapshot_dir().join(file_name))?;
        Ok(path.display().to_string())
    }
    #[cfg(target_arch = "wasm32")]
    {
        let rgb = image
            .clone()
            .try_into_dynamic()
            .map(|d| d.to_rgb8())
            .map_err(|e| SnapshotError::Convert(e.to_string()))?;
        let mut png = std::io::Cursor::new(Vec::new());
        rgb.write_to(&mut png, image::ImageFormat::Png)?;
        crate::web::offer_download(file_name, "image/png", png.get_ref())?;
        Ok(file_name.to_string())
    }
}

/// Hides the interface and captures the window: the picture the shopper sees, without buttons. Saved to
/// [`snapshot_dir`] when captured.
fn take_snapshot(
    commands: &mut Commands,
    snapshot: &mut SnapshotState,
    stage: &LiveStage,
    overlays: &mut Query<&mut Visibility, With<Overlay>>,
) {
    let Some(sequence) = stage.last_submitted.filter(|_| snapshot.pending.is_none()) else {
        return;
    };
    for mut visibility in overlays.iter_mut() {
        *visibility = Visibility::Hidden;
    }
    let unix_secs = web_time::SystemTime::now()
        .duration_since(web_time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let file_name = format!("vitrine-tryon-{unix_secs}-{sequence:05}.png");
    let result = Arc::new(Mutex::new(None));
    let landing = result.clone();
    commands
        .spawn(Screenshot::primary_window())
        .observe(move |shot: On<ScreenshotCaptured>| {
            let saved = save_snapshot(&shot.image, &file_name);
            if let Ok(mut slot) = landing.lock() {
                *slot = Some(saved);
            }
        });
    snapshot.pending = Some((sequence, result));
}

fn scripted_snapshot(
    script: Option<Res<SnapshotScript>>,
    mut snapshot: ResMut<SnapshotState>,
    stage: Res<LiveStage>,
    frame: Option<Res<TryOnFrame>>,
    mut overlays: Query<&mut Visibility, With<Overlay>>,
    mut commands: Commands,
) {
    let Some(script) = script else { return };
    // Every worn piece drawn on the frame now on screen.
    let all_on = frame
        .as_ref()
        .and_then(|f| f.fit.as_ref())
        .is_some_and(|fit| {
            !fit.items.is_empty() && fit.items.iter().all(|i| i.visible && i.opacity >= 1.0)
        });
    if !snapshot.scripted_done
        && snapshot.pending.is_none()
        && all_on
        && stage.frames_shown >= script.after_frames
    {
        take_snapshot(&mut commands, &mut snapshot, &stage, &mut overlays);
        snapshot.scripted_done = snapshot.pending.is_some();
    }
}

fn finish_snapshot(
    mut snapshot: ResMut<SnapshotState>,
    script: Option<Res<SnapshotScript>>,
    mut overlays: Query<&mut Visibility, With<Overlay>>,
    mut exit: MessageWriter<AppExit>,
) {
    let Some((sequence, result)) = snapshot.pending.as_ref() else {
        return;
    };
    let Some(result) = result.lock().ok().and_then(|mut r| r.take()) else {
        return;
    };
    let sequence = *sequence;
    for mut visibility in &mut overlays {
        *visibility = Visibility::Inherited;
    }
    match &result {
        Ok(path) => println!("vitrine tryon: snapshot of frame {sequence} saved to {path}"),
        Err(e) => eprintln!("vitrine tryon: the snapshot could not be saved: {e}"),
    }
    if script.is_some() {
        exit.write(if result.is_ok() {
            AppExit::Success
        } else {
            AppExit::from_code(1)
        });
    }
    snapshot.message = Some(result);
    snapshot.pending = None;
}

fn finger_label(finger: Finger) -> Ui {
    match finger {
        Finger::Thumb => Ui::Thumb,
        Finger::Index => Ui::IndexFinger,
        Finger::Middle => Ui::MiddleFinger,
        Finger::Ring => Ui::RingFinger,
        Finger::Little => Ui::LittleFinger,
    }
}

/// Folds the tray while a worn piece sits under it, and opens it again once they are clear ([`PickerTray`]).
fn dodge_the_hand(
    time: Res<Time>,
    frame: Option<Res<TryOnFrame>>,
    cameras: Query<(&Camera, &StageProjection)>,
    area: Query<(&ComputedNode, &UiGlobalTransform), With<PickerArea>>,
    mut dodge: ResMut<TrayDodge>,
    mut tray: ResMut<PickerTray>,
) {
    if tray.shown()
        && let Some((node, transform)) = area.iter().next()
        && node.size().min_element() > 0.0
    {
        dodge.open_rect_px = Some(Rect::from_center_size(transform.translation, node.size()));
    }
    let Some(((camera, stage), rect)) = cameras.iter().next().zip(dodge.open_rect_px) else {
        return;
    };
    let Some(window_px) = camera.physical_viewport_size().map(|s| s.as_vec2()) else {
        return;
    };
    let margin = TRAY_MARGIN_OF_HEIGHT * window_px.y;
    let reach = Rect::from_corners(rect.min - margin, rect.max + margin);
    let covered = frame
        .as_ref()
        .and_then(|f| f.fit.as_ref())
        .is_some_and(|fit| {
            fit.items.iter().any(|item| {
                item.opacity > 0.0
                    && item.anchor_px.is_some_and(|a| {
                        reach.contains(window_from_frame_px(
                            Vec2::from_array(a),
                            stage.frame_px,
                            window_px,
                        ))
                    })
            })
        });
    let mut next = *tray;
    next.dodge(&mut dodge, covered, time.delta_secs());
    if next != *tray {
        *tray = next;
    }
}

/// The whole overlay, rebuilt when the worn pieces, their variants or the language change.
fn rebuild_overlay(
    mut commands: Commands,
    worn: Option<Res<WornPieces>>,
    language: Res<CurrentLanguage>,
    catalog: Res<LoadedCatalog>,
    fonts: Res<Fonts>,
    tray: Res<PickerTray>,
    overlays: Query<Entity, With<Overlay>>,
) {
    let Some(worn) = worn else { return };
    if !worn.is_changed() && !language.is_changed() && !tray.is_changed() && !overlays.is_empty() {
        return;
    }
    for overlay in &overlays {
        commands.entity(overlay).despawn();
    }
    let lang = language.0;
    let active = worn
        .active
        .and_then(|i| Some((i, worn.items.get(i)?, worn.variants.get(i)?)));
    commands
        .spawn((
            Overlay,
            DespawnOnExit(Screen::TryOn),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::SpaceBetween,
                padding: UiRect::all(px(20)),
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_children(|root| {
            root.spawn((
                Node {
                    justify_content: JustifyContent::SpaceBetween,
                    align_items: AlignItems::FlexStart,
                    column_gap: px(16),
                    ..default()
                },
                Pickable::IGNORE,
            ))
            .with_children(|top| {
                left_column(top, &fonts, &worn, lang);
                top.spawn((
                    StatusLine,
                    Text::new(""),
                    fonts.body(17.0),
                    TextColor(IVORY),
                    Node {
                        padding: UiRect::axes(px(18), px(10)),
                        max_width: px(520),
                        ..default()
                    },
                    BackgroundColor(PANEL),
                    Pickable::IGNORE,
                ));
                match active.and_then(|(i, item, selected)| {
                    Some((i, item, selected, catalog.0.product(&item.sku)?))
                }) {
                    Some((i, item, selected, entry)) => {
                        piece_panel(top, &fonts, i, item, selected, entry, lang)
                    }
                    None => {
                        top.spawn((Node::default(), Pickable::IGNORE));
                    }
                }
            });
            picker(root, &fonts, &worn, &catalog.0, *tray, lang);
        });
}

fn left_column(top: &mut ChildSpawnerCommands, fonts: &Fonts, worn: &WornPieces, lang: Language) {
    top.spawn((
        Node {
            flex_direction: FlexDirection::Column,
            row_gap: px(10),
            ..default()
        },
        Pickable::IGNORE,
    ))
    .with_children(|left| {
        button(left, fonts, &format!("← {}", Ui::Back.text(lang)), false).observe(
            |_: On<Pointer<Click>>,
             next: ResMut<NextState<Screen>>,
             request: Option<Res<TryOnRequest>>| { back(next, request) },
        );
        button(left, fonts, lang.next().endonym(), false).observe(
            |_: On<Pointer<Click>>, mut language: ResMut<CurrentLanguage>| {
                language.0 = language.0.next()
            },
        );
        for (hand, label) in [
            (HandSide::Left, Ui::LeftHand),
            (HandSide::Right, Ui::RightHand),
        ] {
            button(left, fonts, label.text(lang), worn.hand == hand).observe(
                move |_: On<Pointer<Click>>, mut worn: ResMut<WornPieces>| {
                    if worn.hand != hand {
                        worn.hand = hand;
                    }
                },
            );
        }
        button(left, fonts, Ui::Snapshot.text(lang), false).observe(
            |_: On<Pointer<Click>>,
             mut commands: Commands,
             mut snapshot: ResMut<SnapshotState>,
             stage: Res<LiveStage>,
             mut overlays: Query<&mut Visibility, With<Overlay>>| {
                take_snapshot(&mut commands, &mut snapshot, &stage, &mut overlays);
            },
        );
        left.spawn((
            SnapshotLine,
            Text::new(""),
            fonts.body(12.0),
            TextColor(MUTED),
            Node {
                max_width: px(220),
                ..default()
            },
            Pickable::IGNORE,
        ));
    });
}

/// The active piece: its name and price for the chosen variants, the variant buttons, the finger for a ring and
/// its estimated size.
fn piece_panel(
    top: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    index: usize,
    item: &WornItem,
    selected: &crate::product::variants::SelectedVariants,
    entry: &catalog::CatalogEntry,
    lang: Language,
) {
    let product = &entry.product;
    let price = super::inspect::price_for_selection(entry, selected, lang)
        .map(|p| catalog::format_price(p, lang))
        .unwrap_or_default();
    top.spawn((
        Node {
            width: px(360),
            flex_direction: FlexDirection::Column,
            row_gap: px(8),
            padding: UiRect::all(px(20)),
            ..default()
        },
        BackgroundColor(PANEL),
    ))
    .with_children(|panel| {
        panel.spawn((
            Text::new(product.name.get(lang)),
            fonts.display(24.0),
            TextColor(IVORY),
        ));
        panel.spawn((Text::new(price), fonts.display(20.0), TextColor(CHAMPAGNE)));
        for (g, group) in product.variants.iter().enumerate() {
            section_heading(panel, fonts, Ui::for_variant_kind(group.kind).text(lang));
            button_row(panel).with_children(|row| {
                for option in &group.options {
                    let active = selected.0.get(g) == Some(&option.gltf_variant);
                    let chosen = option.gltf_variant.clone();
                    button(row, fonts, option.label.get(lang), active).observe(
                        move |_: On<Pointer<Click>>, mut worn: ResMut<WornPieces>| {
                            if let Some(slot) =
                                worn.variants.get_mut(index).and_then(|s| s.0.get_mut(g))
                                && *slot != chosen
                            {
                                *slot = chosen.clone();
                            }
                        },
                    );
                }
            });
        }
        if let Some(Site::Finger { finger, .. }) = item.site() {
            section_heading(panel, fonts, Ui::FingerLabel.text(lang));
            button_row(panel).with_children(|row| {
                for f in [
                    Finger::Thumb,
                    Finger::Index,
                    Finger::Middle,
                    Finger::Ring,
                    Finger::Little,
                ] {
                    button(row, fonts, finger_label(f).text(lang), f == finger).observe(
                        move |_: On<Pointer<Click>>, mut worn: ResMut<WornPieces>| {
                            move_ring(&mut worn, f)
                        },
                    );
                }
            });
            section_heading(panel, fonts, Ui::RingSizeEstimate.text(lang));
            panel.spawn((
                RingSizeLine,
                Text::new("—"),
                fonts.body(15.0),
                TextColor(IVORY),
            ));
            panel.spawn((
                Text::new(Ui::RingSizeNote.text(lang)),
                fonts.body(11.0),
                TextColor(MUTED),
            ));
        }
    });
}

/// Every hand piece, worn ones highlighted, and the controls' hint; folded, only the button that opens the tray.
fn picker(
    root: &mut ChildSpawnerCommands,
    fonts: &Fonts,
    worn: &WornPieces,
    catalog: &catalog::Catalog,
    tray: PickerTray,
    lang: Language,
) {
    let toggle = |row: &mut ChildSpawnerCommands, label: String| {
        button(row, fonts, &label, false)
            .observe(|_: On<Pointer<Click>>, mut tray: ResMut<PickerTray>| tray.toggle());
    };
    root.spawn((
        PickerArea,
        Node {
            flex_direction: FlexDirection::Column,
            align_items: AlignItems::Center,
            row_gap: px(8),
            ..default()
        },
        Pickable::IGNORE,
    ))
    .with_children(|bottom| {
        bottom
            .spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    column_gap: px(6),
                    row_gap: px(6),
                    padding: UiRect::all(px(10)),
                    ..default()
                },
                BackgroundColor(PANEL),
            ))
            .with_children(|row| {
                if !tray.shown() {
                    let count = hand_pieces(catalog).len();
                    toggle(row, format!("{} ({count})", Ui::TryOnPieces.text(lang)));
                    return;
                }
                row.spawn((
                    Text::new(Ui::TryOnPieces.text(lang).to_uppercase()),
                    fonts.body(12.0),
                    TextColor(MUTED),
                    Node {
                        align_self: AlignSelf::Center,
                        margin: UiRect::right(px(6)),
                        ..default()
                    },
                ));
                for item in hand_pieces(catalog) {
                    let Some(entry) = catalog.product(&item.sku) else {
                        continue;
                    };
                    let on = worn.items.iter().any(|w| w.sku == item.sku);
                    let variants = default_variants(entry);
                    button(row, fonts, entry.product.name.get(lang), on)
                        .insert(PieceChoice {
                            sku: item.sku.clone(),
                            worn: on,
                        })
                        .observe(
                            move |_: On<Pointer<Click>>,
                                  mut worn: ResMut<WornPieces>,
                                  mut session: ResMut<ShopperSession>| {
                                let wearing = worn.items.iter().any(|w| w.sku == item.sku);
                                if !wearing {
                                    session.history.record(
                                        &item.sku,
                                        concierge::Interaction::TriedOn,
                                        0.0,
                                    );
                                }
                                toggle_piece(&mut worn, item.clone(), variants.clone());
                            },
                        );
                }
                toggle(row, Ui::HidePieces.text(lang).to_string());
            });
        if tray.shown() {
            bottom.spawn((
                Text::new(Ui::TryOnHint.text(lang)),
                fonts.body(12.0),
                TextColor(IVORY),
                Node {
                    padding: UiRect::axes(px(12), px(4)),
                    ..default()
                },
                BackgroundColor(PANEL),
                Pickable::IGNORE,
            ));
        }
        bottom.spawn((
            TrackingLine,
            Text::new(""),
            fonts.body(11.0),
            TextColor(MUTED),
            Node {
                padding: UiRect::axes(px(12), px(2)),
                ..default()
            },
            Pickable::IGNORE,
        ));
    });
}

/// The status line in the shopper's language.
pub fn status_text(status: &LiveStatus, lang: Language) -> Option<String> {
    let with = |ui: Ui, reason: &str| format!("{} {reason}", ui.text(lang));
    Some(match status {
        LiveStatus::Tracking => return None,
        LiveStatus::Starting => Ui::StatusStarting.text(lang).to_string(),
        LiveStatus::AllowCamera(_) => Ui::StatusAllowCamera.text(lang).to_string(),
        LiveStatus::EnableCamera => Ui::StatusEnableCamera.text(lang).to_string(),
        LiveStatus::NoCamera(_) if cfg!(target_arch = "wasm32") => {
            Ui::StatusNoCameraInBrowser.text(lang).to_string()
        }
        LiveStatus::NoCamera(_) => Ui::StatusNoCamera.text(lang).to_string(),
        LiveStatus::CameraLost(_) => Ui::StatusCameraLost.text(lang).to_string(),
        LiveStatus::TrackingUnavailable(reason) => with(Ui::StatusTrackingUnavailable, reason),
        LiveStatus::SourceFailed(reason) => with(Ui::StatusSourceFailed, reason),
        LiveStatus::VideoEnded => Ui::StatusVideoEnded.text(lang).to_string(),
        LiveStatus::ShowHand => Ui::StatusShowHand.text(lang).to_string(),
    })
}

/// The lines that change every frame: the status, the active ring's size, the last snapshot.
fn refresh_lines(
    status: Res<LiveStatus>,
    language: Res<CurrentLanguage>,
    worn: Option<Res<WornPieces>>,
    frame: Option<Res<TryOnFrame>>,
    snapshot: Res<SnapshotState>,
    stage: Res<LiveStage>,
    mut lines: ParamSet<(
        Query<(&mut Text, &mut Node), With<StatusLine>>,
        Query<&mut Text, With<RingSizeLine>>,
        Query<&mut Text, With<SnapshotLine>>,
        Query<&mut Text, With<TrackingLine>>,
    )>,
) {
    let lang = language.0;
    let status = status_text(&status, lang);
    for (mut text, mut node) in &mut lines.p0() {
        let display = if status.is_some() {
            Display::Flex
        } else {
            Display::None
        };
        if node.display != display {
            node.display = display;
        }
        let wanted = status.clone().unwrap_or_default();
        if text.0 != wanted {
            text.0 = wanted;
        }
    }
    let size = worn
        .as_ref()
        .and_then(|w| w.active)
        .and_then(|i| frame.as_ref()?.fit.as_ref()?.items.get(i)?.ring_size);
    let size = size.map_or_else(
        || "—".to_string(),
        |s| {
            format!(
                "EU {} ({}–{})  ·  US {}",
                s.eu, s.range_eu[0], s.range_eu[1], s.us
            )
        },
    );
    for mut text in &mut lines.p1() {
        if text.0 != size {
            text.0 = size.clone();
        }
    }
    let saved = match &snapshot.message {
        Some(Ok(path)) => format!("{} {path}", Ui::SnapshotSaved.text(lang)),
        Some(Err(e)) => format!("{} {e}", Ui::SnapshotFailed.text(lang)),
        None => String::new(),
    };
    for mut text in &mut lines.p2() {
        if text.0 != saved {
            text.0 = saved.clone();
        }
    }
    let tracking = tracking_line(&stage.tracking.runtime, stage.tracked_fps);
    for mut text in &mut lines.p3() {
        if text.0 != tracking {
            text.0 = tracking.clone();
        }
    }
}

/// "wasm (CPU) · Lite models · 14 fps": whole frames per second, so the line changes only when the rate does.
fn tracking_line(runtime: &str, tracked_fps: f32) -> String {
    match (runtime.is_empty(), tracked_fps >= 0.5) {
        (true, _) => String::new(),
        (false, true) => format!("{runtime} · {tracked_fps:.0} fps"),
        (false, false) => runtime.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::product::variants::SelectedVariants;

    use crate::testing::demo_catalog as catalog;

    #[test]
    fn the_tray_folds_under_a_piece_and_opens_when_it_has_gone_unless_the_shopper_says_otherwise() {
        let (mut tray, mut dodge) = (PickerTray::default(), TrayDodge::default());
        let step = 0.1;
        // A piece passing under for less than the fold's delay: nothing moves.
        tray.dodge(&mut dodge, true, step);
        tray.dodge(&mut dodge, false, step);
        assert!(tray.shown());
        // Held there: it folds, and stays folded while the piece stays.
        for _ in 0..5 {
            tray.dodge(&mut dodge, true, step);
        }
        assert!(!tray.shown() && tray.dodging && tray.open);
        tray.dodge(&mut dodge, true, 10.0);
        assert!(!tray.shown());
        // Clear for a moment only (a hand at its edge): still folded; clear long enough: open again.
        tray.dodge(&mut dodge, false, 1.0);
        tray.dodge(&mut dodge, true, step);
        tray.dodge(&mut dodge, false, 1.0);
        assert!(!tray.shown());
        tray.dodge(&mut dodge, false, 0.6);
        assert!(tray.shown());
        // Folded by the shopper: a piece under it or not, it stays folded until they open it.
        tray.toggle();
        for covered in [true, false, true, false] {
            tray.dodge(&mut dodge, covered, 2.0);
            assert!(!tray.shown());
        }
        tray.toggle();
        assert!(tray.shown());
        // Opened by hand while folded for the piece: it stays open for the rest of the visit.
        for _ in 0..5 {
            tray.dodge(&mut dodge, true, step);
        }
        assert!(!tray.shown());
        tray.toggle();
        assert!(tray.shown() && tray.keep_open);
        tray.dodge(&mut dodge, true, 10.0);
        assert!(tray.shown());
    }

    fn piece(catalog: &catalog::Catalog, sku: &str) -> WornItem {
        catalog
            .product(sku)
            .and_then(WornItem::from_catalog)
            .unwrap_or_else(|| panic!("{sku} is a hand piece"))
    }

    fn worn() -> WornPieces {
        WornPieces {
            items: Vec::new(),
            variants: Vec::new(),
            active: None,
            hand: HandSide::Left,
        }
    }

    #[test]
    fn pieces_go_on_become_active_and_come_off() {
        let catalog = catalog();
        let mut worn = worn();
        let none = SelectedVariants(Vec::new());
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-SOL01"), none.clone());
        toggle_piece(&mut worn, piece(&catalog, "AUR-WT-DRS01"), none.clone());
        toggle_piece(&mut worn, piece(&catalog, "AUR-BR-TEN01"), none.clone());
        assert_eq!(worn.items.len(), 3);
        assert_eq!(worn.active, Some(2));
        // A worn piece clicked: it becomes the active one; clicked again: it comes off.
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-SOL01"), none.clone());
        assert_eq!(worn.active, Some(0));
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-SOL01"), none.clone());
        let skus: Vec<&str> = worn.items.iter().map(|i| i.sku.as_str()).collect();
        assert_eq!(skus, ["AUR-WT-DRS01", "AUR-BR-TEN01"]);
        assert_eq!(worn.variants.len(), 2);
        // A second watch replaces the first; a bracelet stays beside it.
        toggle_piece(&mut worn, piece(&catalog, "AUR-WT-SPT02"), none);
        let skus: Vec<&str> = worn.items.iter().map(|i| i.sku.as_str()).collect();
        assert_eq!(skus, ["AUR-BR-TEN01", "AUR-WT-SPT02"]);
    }

    #[test]
    fn rings_share_no_finger() {
        let catalog = catalog();
        let mut worn = worn();
        let none = SelectedVariants(Vec::new());
        // The solitaire and the pavé band both sit on the ring finger: the second replaces the first.
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-SOL01"), none.clone());
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-PAV02"), none.clone());
        assert_eq!(worn.items.len(), 1);
        // The band moved to the middle finger, the solitaire goes back on the ring finger.
        move_ring(&mut worn, Finger::Middle);
        toggle_piece(&mut worn, piece(&catalog, "AUR-RG-SOL01"), none);
        assert_eq!(worn.items.len(), 2);
        // The solitaire moved onto the middle finger takes the band's place.
        move_ring(&mut worn, Finger::Middle);
        let skus: Vec<&str> = worn.items.iter().map(|i| i.sku.as_str()).collect();
        assert_eq!(skus, ["AUR-RG-SOL01"]);
        assert_eq!(worn.active, Some(0));
    }

    #[test]
    fn every_status_but_tracking_has_a_line_in_every_language() {
        let statuses = [
            LiveStatus::Starting,
            LiveStatus::EnableCamera,
            LiveStatus::AllowCamera("denied".into()),
            LiveStatus::NoCamera("none".into()),
            LiveStatus::CameraLost("gone".into()),
            LiveStatus::TrackingUnavailable("no model".into()),
            LiveStatus::SourceFailed("bad file".into()),
            LiveStatus::VideoEnded,
            LiveStatus::ShowHand,
        ];
        for lang in Language::ALL {
            for status in &statuses {
                let line = status_text(status, lang).unwrap_or_default();
                assert!(!line.is_empty(), "{status:?} in {lang:?}");
            }
            assert_eq!(status_text(&LiveStatus::Tracking, lang), None);
        }
        let line = status_text(
            &LiveStatus::TrackingUnavailable("no model".into()),
            Language::En,
        );
        assert_eq!(line.as_deref(), Some("Tracking unavailable: no model"));
    }
}
