//! The showroom in a web page: what the page's address asks of the app (`?lang=fr`, `?at=salon`), and
//! what the app tells the page through `window.vitrine.notify(event, json)` (web/loader.js): its screen, when the
//! boutique's first frame is drawn, the pieces in view and where they are on the canvas, and problems worth a
//! message in the page. The desktop's counterpart is the command line (cli.rs).

use super::address::PageQuery;
use crate::LoadedCatalog;
use crate::boutique::architecture::DisplayedProduct;
use crate::boutique::{ArrivalView, walk::Walker};
use crate::i18n::CurrentLanguage;
use crate::product::ProductModel;
use crate::screens::{InspectedProduct, MissingModels, Screen, VariantChoice};
use bevy::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

pub(crate) fn plugin(app: &mut App) {
    let query = read_address();
    if let Some(language) = query.language {
        app.insert_resource(CurrentLanguage(language));
    }
    if query.at.is_some() {
        app.insert_resource(ArrivalView(query.at));
    }
    app.init_resource::<Published>().add_systems(
        Update,
        (
            report_screen,
            report_first_frame,
            report_pieces.run_if(in_state(Screen::Boutique)),
            report_buttons.run_if(in_state(Screen::Inspect)),
            report_catalog_problems,
            report_missing_models,
        ),
    );
}

/// The page's address and the browser's language, as the app's start-up choices.
fn read_address() -> PageQuery {
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
fn notify(event: &str, json: &str) {
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

/// What was last told to the page, so that each thing is told once, when it changes.
#[derive(Resource, Default)]
struct Published {
    screen: Option<(Screen, Option<String>)>,
    frames_in_boutique: u32,
    first_frame: bool,
    pieces: String,
    buttons: String,
    problems: usize,
    missing_models: usize,
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

fn report_first_frame(screen: Res<State<Screen>>, mut published: ResMut<Published>) {
    if published.first_frame || !matches!(screen.get(), Screen::Boutique | Screen::Inspect) {
        return;
    }
    published.frames_in_boutique += 1;
    if published.frames_in_boutique >= FRAMES_BEFORE_REVEAL {
        published.first_frame = true;
        notify("first-frame", "");
    }
}

/// The displayed products whose centre is on the canvas, nearest first, in CSS pixels: links and tests click them.
/// Recomputed only when the camera has moved (the pieces stand still).
fn report_pieces(
    cameras: Query<(&Camera, Ref<GlobalTransform>), With<Walker>>,
    products: Query<(&ProductModel, &GlobalTransform), With<DisplayedProduct>>,
    mut published: ResMut<Published>,
) {
    let Ok((camera, camera_transform)) = cameras.single() else {
        return;
    };
    if !camera_transform.is_changed() {
        return;
    }
    let camera_transform = camera_transform.into_inner();
    let Some(size) = camera.logical_viewport_size() else {
        return;
    };
    let mut pieces: Vec<(f32, &str, Vec2)> = products
        .iter()
        .filter_map(|(product, transform)| {
            let centre_m = transform.translation();
            let at = camera.world_to_viewport(camera_transform, centre_m).ok()?;
            let inside = at.x >= 0.0 && at.y >= 0.0 && at.x < size.x && at.y < size.y;
            let distance_m = camera_transform.translation().distance(centre_m);
            inside.then_some((distance_m, product.sku.as_str(), at))
        })
        .collect();
    pieces.sort_by(|a, b| a.0.total_cmp(&b.0));
    let json = serde_json::Value::Array(
        pieces
            .iter()
            .map(|(distance_m, sku, at)| {
                serde_json::json!({
                    "sku": sku,
                    "x": at.x.round(),
                    "y": at.y.round(),
                    "distance_m": (f64::from(*distance_m) * 10.0).round() / 10.0,
                })
            })
            .collect(),
    )
    .to_string();
    if json != published.pieces {
        notify("pieces", &json);
        published.pieces = json;
    }
}

/// The inspection panel's variant buttons, in CSS pixels of the canvas, with the one worn marked.
/// Recomputed only when a button was made again or moved.
fn report_buttons(
    buttons: Query<(&VariantChoice, &UiGlobalTransform, &ComputedNode)>,
    changed: Query<
        (),
        (
            With<VariantChoice>,
            Or<(Changed<UiGlobalTransform>, Added<VariantChoice>)>,
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
            .map(|(choice, transform, node)| {
                let centre = transform.translation * node.inverse_scale_factor();
                serde_json::json!({
                    "kind": "variant",
                    "label": choice.label,
                    "selected": choice.active,
                    "x": centre.x.round(),
                    "y": centre.y.round(),
                })
            })
            .collect(),
    )
    .to_string();
    if json != published.buttons {
        notify("buttons", &json);
        published.buttons = json;
    }
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
    for sku in missing.0.iter().skip(published.missing_models) {
        let json = serde_json::json!({
            "message": format!("{sku} cannot be shown: its model did not load. The rest of the collection is here."),
        });
        notify("error", &json.to_string());
    }
    published.missing_models = missing.0.len();
}
