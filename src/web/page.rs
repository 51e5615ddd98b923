//! The showroom in a web page: what the page's address asks of the app (`?lang=fr`, `?at=salon`, `?tryon=SKU`),
//! and what the app tells the page through `window.vitrine.notify(event, json)` (web/loader.js): its screen, when
//! the boutique's first frame is drawn, the pieces in view and where they are on the canvas, the try-on's latest
//! frame, and problems worth a message in the page. The desktop's counterpart is the command line (cli.rs).

use super::address::PageQuery;
use super::tonemapping::TonemappingLut;
use crate::LoadedCatalog;
use crate::boutique::architecture::DisplayedProduct;
use crate::boutique::{ArrivalView, walk::Walker};
use crate::product::ProductModel;
use crate::screens::try_on::status_text;
use crate::screens::{
    InspectedProduct, MissingModels, PieceChoice, RequestedPiece, Screen, TryOnRequest,
    VariantChoice, is_hand_piece,
};
use crate::try_on::live::LiveStatus;
use crate::try_on::present::TryOnFrame;
use crate::ui::i18n::CurrentLanguage;
use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

pub(crate) fn plugin(app: &mut App) {
    let query = address();
    if let Some(language) = query.language {
        app.insert_resource(CurrentLanguage(language));
    }
    if query.at.is_some() {
        app.insert_resource(ArrivalView(query.at));
    }
    if let Some(sku) = query.tryon {
        app.insert_resource(TryOnAtStart(sku))
            .add_systems(OnEnter(Screen::Boutique), open_try_on_at_start);
    }
    app.init_resource::<Published>()
        .add_systems(
            Update,
            (
                report_screen,
                report_first_frame,
                report_pieces.run_if(in_state(Screen::Boutique)),
                report_buttons.run_if(in_state(Screen::Inspect).or_else(in_state(Screen::TryOn))),
                report_hover,
                report_catalog_problems,
                report_missing_models,
                (report_try_on_frame, report_try_on_status).run_if(in_state(Screen::TryOn)),
            ),
        )
        .add_systems(OnExit(Screen::TryOn), forget_try_on);
}

/// `?tryon=SKU`: the piece to try on once the boutique has opened.
#[derive(Resource)]
struct TryOnAtStart(String);

/// The page's address and the browser's language, as the app's start-up choices.
pub(crate) fn address() -> PageQuery {
    let location = js_sys::Reflect::get(&js_sys::global(), &"location".into())
        .ok()
        .and_then(|l| js_sys::Reflect::get(&l, &"search".into()).ok())
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    let browser_language = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .ok()
        .and_then(|n| js_sys::Reflect::get(&n, &"language".into()).ok())
        .and_then(|s| s.as_string());
    PageQuery::parse(&location, browser_language.as_deref())
}

/// Calls `window.vitrine.notify(event, json)`; a page without it (another host page) is simply not told.
pub(crate) fn notify(event: &str, json: &str) {
    let global = js_sys::global();
    let Ok(vitrine) = js_sys::Reflect::get(&global, &"vitrine".into()) else {
        return;
    };
    let Ok(function) = js_sys::Reflect::get(&vitrine, &"notify".into()) else {
        return;
    };
    let Some(function) = function.dyn_ref::<js_sys::Function>() else {
        return;
    };
    if let Err(e) = function.call2(
        &vitrine,
        &JsValue::from_str(event),
        &JsValue::from_str(json),
    ) {
        warn!("window.vitrine.notify({event}) failed: {e:?}");
    }
}

/// Offers `bytes` as the browser's download named `file_name` (`window.vitrine.download`): a snapshot the shopper
/// asked for stays on their machine; nothing is uploaded.
pub(crate) fn offer_download(
    file_name: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<(), DownloadError> {
    let vitrine = js_sys::Reflect::get(&js_sys::global(), &"vitrine".into())
        .map_err(|e| DownloadError::NoBridge(format!("{e:?}")))?;
    let function = js_sys::Reflect::get(&vitrine, &"download".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| DownloadError::NoBridge("no window.vitrine.download".into()))?;
    let args = js_sys::Array::of3(
        &JsValue::from_str(file_name),
        &JsValue::from_str(mime),
        &js_sys::Uint8Array::from(bytes),
    );
    function
        .apply(&vitrine, &args)
        .map(|_| ())
        .map_err(|e| DownloadError::NotStarted(format!("{e:?}")))
}

/// Why the browser was not handed a file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DownloadError {
    #[error("this page cannot save files ({0})")]
    NoBridge(String),
    #[error("the download did not start: {0}")]
    NotStarted(String),
}

/// What was last told to the page, so that each thing is told once, when it changes.
#[derive(Resource, Default)]
struct Published {
    screen: Option<(Screen, Option<String>)>,
    frames_in_boutique: u32,
    first_frame: bool,
    pieces: String,
    buttons: String,
    /// The entity last reported under the pointer (`Some(None)`: nothing).
    hover: Option<Option<Entity>>,
    problems: usize,
    missing_models: usize,
    try_on_status: Option<LiveStatus>,
}

fn screen_name(screen: Screen) -> &'static str {
    match screen {
        Screen::Loading => "loading",
        Screen::Boutique => "boutique",
        Screen::Inspect => "inspect",
        Screen::TryOn => "tryon",
    }
}

fn report_screen(
    screen: Res<State<Screen>>,
    inspected: Option<Res<InspectedProduct>>,
    mut published: ResMut<Published>,
) {
    let sku = (*screen.get() == Screen::Inspect)
        .then(|| inspected.map(|i| i.sku.clone()))
        .flatten();
    let now = (*screen.get(), sku);
    if published.screen.as_ref() == Some(&now) {
        return;
    }
    let json = serde_json::json!({ "screen": screen_name(now.0), "sku": now.1 }).to_string();
    notify("screen", &json);
    published.screen = Some(now);
}

/// The poster comes down once the boutique has been drawn a few times (its first frames are when pipelines
/// compile; a poster over them hides the pop-in).
const FRAMES_BEFORE_REVEAL: u32 = 4;

fn report_first_frame(
    screen: Res<State<Screen>>,
    lut: Res<TonemappingLut>,
    asset_server: Res<AssetServer>,
    mut published: ResMut<Published>,
) {
    // Any screen past loading counts: `?tryon=` leaves the boutique for the try-on at once. The frames counted are
    // those drawn in the maison's colours (the tonemapping LUT arrived, or will not).
    if published.first_frame || *screen.get() == Screen::Loading || !lut.settled(&asset_server) {
        return;
    }
    published.frames_in_boutique += 1;
    if published.frames_in_boutique >= FRAMES_BEFORE_REVEAL {
        published.first_frame = true;
        notify("first-frame", "");
    }
}

/// How far a piece may be for the page to offer it (a click from further away lands on a few pixels).
const OFFERED_WITHIN_M: f32 = 12.0;

/// Frames the camera must stay still before the pieces in view are worked out again.
const FRAMES_AT_REST: u32 = 6;

/// Where around a piece's projected centre a click is tried, in CSS pixels (a ring's centre is its hole).
const CLICK_OFFSETS_PX: [Vec2; 9] = [
    Vec2::ZERO,
    Vec2::new(0.0, -4.0),
    Vec2::new(0.0, 4.0),
    Vec2::new(-4.0, 0.0),
    Vec2::new(4.0, 0.0),
    Vec2::new(0.0, -8.0),
    Vec2::new(0.0, 8.0),
    Vec2::new(-8.0, 0.0),
    Vec2::new(8.0, 0.0),
];

/// The displayed products a click would reach, nearest first, each with a canvas point (CSS pixels) whose ray
/// meets the piece itself before anything else the pointer can hit (glass lets it through, as it does a click):
/// links and tests click them. Recomputed once the camera has come to rest after moving (the pieces stand
/// still), so that no ray is cast while walking.
fn report_pieces(
    cameras: Query<(&Camera, &GlobalTransform), With<Walker>>,
    products: Query<(Entity, &ProductModel, &GlobalTransform), With<DisplayedProduct>>,
    parents: Query<&ChildOf>,
    pickable: Query<&Pickable>,
    mut ray_cast: MeshRayCast,
    mut frames_at_rest: Local<Option<u32>>,
    mut last_seen: Local<Option<GlobalTransform>>,
    mut published: ResMut<Published>,
) {
    let Ok((camera, camera_transform)) = cameras.single() else {
        return;
    };
    // Moved or not by value: the walk writes the camera's transform every frame, moving or not.
    let moved = last_seen.is_none_or(|seen| {
        seen.translation().distance(camera_transform.translation()) > 1e-4
            || seen.rotation().angle_between(camera_transform.rotation()) > 1e-4
    });
    if moved {
        *last_seen = Some(*camera_transform);
        *frames_at_rest = Some(0);
        return;
    }
    match *frames_at_rest {
        Some(n) if n >= FRAMES_AT_REST => *frames_at_rest = None,
        Some(n) => {
            *frames_at_rest = Some(n + 1);
            return;
        }
        None => return,
    }
    let Some(size) = camera.logical_viewport_size() else {
        return;
    };
    let eye_m = camera_transform.translation();
    let mut candidates: Vec<(f32, Entity, &str, Vec2)> = products
        .iter()
        .filter_map(|(entity, product, transform)| {
            let centre_m = transform.translation();
            let distance_m = eye_m.distance(centre_m);
            if distance_m > OFFERED_WITHIN_M {
                return None;
            }
            let at = camera.world_to_viewport(camera_transform, centre_m).ok()?;
            let inside = at.x >= 0.0 && at.y >= 0.0 && at.x < size.x && at.y < size.y;
            inside.then_some((distance_m, entity, product.sku.as_str(), at))
        })
        .collect();
    candidates.sort_by(|a, b| a.0.total_cmp(&b.0));
    let reachable = |entity: Entity| pickable.get(entity).map_or(true, |p| p.is_hoverable);
    let settings = MeshRayCastSettings::default()
        .with_filter(&reachable)
        .always_early_exit();
    let mut pieces = Vec::new();
    for (distance_m, root, sku, centre) in candidates {
        let hit_at = CLICK_OFFSETS_PX.iter().map(|o| centre + *o).find(|at| {
            let Ok(ray) = camera.viewport_to_world(camera_transform, *at) else {
                return false;
            };
            ray_cast
                .cast_ray(ray, &settings)
                .first()
                .is_some_and(|(hit, _)| {
                    std::iter::successors(Some(*hit), |e| parents.get(*e).ok().map(ChildOf::parent))
                        .any(|e| e == root)
                })
        });
        if let Some(at) = hit_at {
            pieces.push(serde_json::json!({
                "sku": sku,
                "x": at.x.round(),
                "y": at.y.round(),
                "distance_m": (f64::from(distance_m) * 10.0).round() / 10.0,
            }));
        }
    }
    let json = serde_json::Value::Array(pieces).to_string();
    if json != published.pieces {
        notify("pieces", &json);
        published.pieces = json;
    }
}

/// The buttons links and tests press, in CSS pixels of the canvas: the inspection's variants (the one worn
/// marked) and the try-on's piece picker (the pieces worn marked). Recomputed only when a button was made again or
/// moved.
fn report_buttons(
    buttons: Query<
        (
            Option<&VariantChoice>,
            Option<&PieceChoice>,
            &UiGlobalTransform,
            &ComputedNode,
        ),
        Or<(With<VariantChoice>, With<PieceChoice>)>,
    >,
    changed: Query<
        (),
        (
            Or<(With<VariantChoice>, With<PieceChoice>)>,
            Or<(
                Changed<UiGlobalTransform>,
                Added<VariantChoice>,
                Added<PieceChoice>,
            )>,
        ),
    >,
    mut published: ResMut<Published>,
) {
    if changed.is_empty() {
        return;
    }
    let json = serde_json::Value::Array(
        buttons
            .iter()
            .filter_map(|(variant, piece, transform, node)| {
                let centre = transform.translation * node.inverse_scale_factor();
                let (x, y) = (centre.x.round(), centre.y.round());
                match (variant, piece) {
                    (Some(choice), _) => Some(serde_json::json!({
                        "kind": "variant", "label": choice.label, "selected": choice.active, "x": x, "y": y,
                    })),
                    (None, Some(choice)) => Some(serde_json::json!({
                        "kind": "piece", "sku": choice.sku, "selected": choice.worn, "x": x, "y": y,
                    })),
                    (None, None) => None,
                }
            })
            .collect(),
    )
    .to_string();
    if json != published.buttons {
        notify("buttons", &json);
        published.buttons = json;
    }
}

/// What the mouse rests on as the app's picking sees it: `{"kind": "piece", "sku"}` for a displayed piece,
/// `{"kind": "variant", "label"}` or `{"kind": "picker", "sku"}` for a button, else `null`. A click counts where the
/// pointer was hovering on the frame before its release (bevy_picking), so a link or a test that moves the pointer
/// waits for this before it presses, as a shopper's eye waits for the piece to light up.
fn report_hover(
    hover_map: Res<HoverMap>,
    parents: Query<&ChildOf>,
    products: Query<&ProductModel, With<DisplayedProduct>>,
    variants: Query<&VariantChoice>,
    pickers: Query<&PieceChoice>,
    mut published: ResMut<Published>,
) {
    // The entity found first, without formatting anything: the page is told only when it changes.
    let target = hover_map
        .get(&PointerId::Mouse)
        .into_iter()
        .flat_map(|hits| hits.keys())
        .flat_map(|hit| {
            std::iter::successors(Some(*hit), |e| parents.get(*e).ok().map(ChildOf::parent))
        })
        .find(|e| products.contains(*e) || variants.contains(*e) || pickers.contains(*e));
    if published.hover == Some(target) {
        return;
    }
    published.hover = Some(target);
    let json = target.map_or(serde_json::Value::Null, |entity| {
        if let Ok(product) = products.get(entity) {
            serde_json::json!({ "kind": "piece", "sku": product.sku })
        } else if let Ok(variant) = variants.get(entity) {
            serde_json::json!({ "kind": "variant", "label": variant.label })
        } else if let Ok(picker) = pickers.get(entity) {
            serde_json::json!({ "kind": "picker", "sku": picker.sku })
        } else {
            serde_json::Value::Null
        }
    });
    notify("hover", &json.to_string());
}

/// Products the catalog had to leave out, or a catalog that cannot be read at all: a message in the page.
fn report_catalog_problems(catalog: Option<Res<LoadedCatalog>>, mut published: ResMut<Published>) {
    let Some(catalog) = catalog else {
        return;
    };
    // Counted first: nothing is formatted while there is nothing new to say.
    let count = catalog.0.errors().count();
    if count <= published.problems {
        return;
    }
    for problem in catalog.0.errors().skip(published.problems) {
        let json = serde_json::json!({ "message": format!("Part of the collection cannot be shown: {problem}") });
        notify("error", &json.to_string());
    }
    published.problems = count;
}

/// Pieces whose model did not load: the boutique opens without them, and the page says which.
fn report_missing_models(missing: Res<MissingModels>, mut published: ResMut<Published>) {
    for missing in missing.0.iter().skip(published.missing_models) {
        let sku = &missing.sku;
        let message = if missing.late {
            format!(
                "{sku} is not here yet: its model is taking too long to arrive. It will take its place if it does; the rest of the collection is here."
            )
        } else {
            format!(
                "{sku} cannot be shown: its model did not load. The rest of the collection is here."
            )
        };
        let json = serde_json::json!({ "message": message });
        notify("error", &json.to_string());
    }
    published.missing_models = missing.0.len();
}

/// `?tryon=SKU`: the try-on with that piece as soon as the boutique opens (the camera still waits for the page's
/// button, or opens at once where the permission is already granted). An unknown or unwearable SKU is a message.
fn open_try_on_at_start(
    mut commands: Commands,
    asked: Option<Res<TryOnAtStart>>,
    catalog: Res<LoadedCatalog>,
    mut next: ResMut<NextState<Screen>>,
) {
    let Some(asked) = asked else { return };
    let sku = asked.0.clone();
    commands.remove_resource::<TryOnAtStart>();
    let problem = match catalog.0.product(&sku) {
        None => Some(format!(
            "?tryon={sku}: no piece of the collection has this reference"
        )),
        Some(entry) if !is_hand_piece(entry) => Some(format!(
            "?tryon={sku}: {} is not worn on the hand, so it cannot be tried on here",
            entry.product.name.get(catalog::Language::En)
        )),
        Some(_) => None,
    };
    if let Some(message) = problem {
        notify(
            "error",
            &serde_json::json!({ "message": message }).to_string(),
        );
        return;
    }
    commands.insert_resource(TryOnRequest {
        pieces: vec![RequestedPiece {
            sku,
            variants: None,
            finger: None,
        }],
        back_to: Screen::Boutique,
    });
    next.set(Screen::TryOn);
}

/// The try-on's latest frame, as `vitrine tryon` writes it per frame, in `window.vitrine.tryon` (once per tracked
/// frame, not per rendered one).
fn report_try_on_frame(frame: Option<Res<TryOnFrame>>) {
    let Some(fit) = frame
        .filter(|f| f.is_changed())
        .and_then(|f| serde_json::to_string(&f.fit).ok())
    else {
        return;
    };
    notify("tryon", &fit);
}

/// A camera refused or missing, or tracking that cannot start: a message in the page too (the try-on's own
/// status line says it on the canvas).
fn report_try_on_status(
    status: Res<LiveStatus>,
    language: Res<CurrentLanguage>,
    mut published: ResMut<Published>,
) {
    if !status.is_changed() || published.try_on_status.as_ref() == Some(&*status) {
        return;
    }
    published.try_on_status = Some(status.clone());
    let reason = match &*status {
        LiveStatus::AllowCamera(reason)
        | LiveStatus::NoCamera(reason)
        | LiveStatus::CameraLost(reason) => reason,
        LiveStatus::TrackingUnavailable(_) => "",
        _ => return,
    };
    let Some(line) = status_text(&status, language.0) else {
        return;
    };
    let message = if reason.is_empty() {
        line
    } else {
        format!("{line} ({reason})")
    };
    notify(
        "error",
        &serde_json::json!({ "message": message }).to_string(),
    );
}

fn forget_try_on(mut published: ResMut<Published>) {
    published.try_on_status = None;
    notify("tryon", "null");
}
