//! The boutique's look for interface elements: fonts and colours (ivory, champagne gold, ink).

use bevy::prelude::*;

use crate::assets::{BODY_FONT, DISPLAY_FONT};

pub(crate) fn plugin(app: &mut App) {
    // A resource made at plugin time, so that even the first screen's `OnEnter` finds it.
    app.init_resource::<Fonts>();
    #[cfg(target_arch = "wasm32")]
    app.add_systems(Update, complete_fonts);
}

pub const INK: Color = Color::srgb(0.08, 0.07, 0.06);
pub const IVORY: Color = Color::srgb(0.97, 0.95, 0.9);
pub const CHAMPAGNE: Color = Color::srgb(0.78, 0.66, 0.45);
pub const PANEL: Color = Color::srgba(0.06, 0.05, 0.045, 0.82);
pub const MUTED: Color = Color::srgb(0.72, 0.69, 0.63);

#[derive(Resource, Clone)]
pub struct Fonts {
    pub display: Handle<Font>,
    pub body: Handle<Font>,
}

impl FromWorld for Fonts {
    fn from_world(world: &mut World) -> Self {
        let asset_server = world.resource::<AssetServer>();
        // The browser starts with the core subsets: what its first frame needs, not all of GB 2312.
        #[cfg(target_arch = "wasm32")]
        let (display, body) = (
            crate::assets::DISPLAY_FONT_CORE,
            crate::assets::BODY_FONT_CORE,
        );
        #[cfg(not(target_arch = "wasm32"))]
        let (display, body) = (DISPLAY_FONT, BODY_FONT);
        Fonts {
            display: asset_server.load(display),
            body: asset_server.load(body),
        }
    }
}

#[cfg(target_arch = "wasm32")]
const FRAMES_BEFORE_FULL_FACES: u32 = 30;

/// In the browser, once the boutique is on screen: the full faces loaded and put in the core subsets' place, in
/// the resource and in every text already made (so that characters beyond the catalog's — a query typed at the
/// concierge's desk — are drawn too). Stops once done, or once a face failed to load (the core ones stay).
#[cfg(target_arch = "wasm32")]
fn complete_fonts(
    mut fonts: ResMut<Fonts>,
    asset_server: Res<AssetServer>,
    screen: Res<State<crate::Screen>>,
    mut pending: Local<Option<(Handle<Font>, Handle<Font>)>>,
    mut done: Local<bool>,
    mut frames_shown: Local<u32>,
    mut texts: Query<&mut TextFont>,
) {
    if *done || *screen.get() == crate::Screen::Loading {
        return;
    }
    // After the page's first frame (its poster waits a few frames), so that its bar counts only what it needs.
    *frames_shown += 1;
    if *frames_shown < FRAMES_BEFORE_FULL_FACES {
        return;
    }
    let (display, body) = pending
        .get_or_insert_with(|| {
            (
                asset_server.load(DISPLAY_FONT),
                asset_server.load(BODY_FONT),
            )
        })
        .clone();
    let failed = [&display, &body].into_iter().any(|h| {
        asset_server
            .get_load_state(h)
            .is_some_and(|s| s.is_failed())
    });
    if failed {
        warn!("the full typefaces did not load; the core subsets stay");
        *done = true;
        return;
    }
    if !asset_server.is_loaded_with_dependencies(&display)
        || !asset_server.is_loaded_with_dependencies(&body)
    {
        return;
    }
    let swaps = [
        (fonts.display.clone(), display.clone()),
        (fonts.body.clone(), body.clone()),
    ];
    for mut text in &mut texts {
        let FontSource::Handle(current) = &text.font else {
            continue;
        };
        if let Some((_, full)) = swaps.iter().find(|(core, _)| core == current) {
            text.font = full.clone().into();
        }
    }
    fonts.display = display;
    fonts.body = body;
    *done = true;
}

impl Fonts {
    pub fn display(&self, size: f32) -> TextFont {
        TextFont {
            font: self.display.clone().into(),
            font_size: size.into(),
            ..default()
        }
    }

    pub fn body(&self, size: f32) -> TextFont {
        TextFont {
            font: self.body.clone().into(),
            font_size: size.into(),
            ..default()
        }
    }
}

/// A bordered button with a label; `active` shows it selected (champagne on ink).
pub fn button<'a>(
    parent: &'a mut ChildSpawnerCommands,
    fonts: &Fonts,
    label: &str,
    active: bool,
) -> EntityCommands<'a> {
    let (background, text) = if active {
        (CHAMPAGNE, INK)
    } else {
        (INK.with_alpha(0.7), IVORY)
    };
    let mut entity = parent.spawn((
        Button,
        Node {
            padding: UiRect::axes(px(12), px(7)),
            border: UiRect::all(px(1)),
            ..default()
        },
        BorderColor::all(CHAMPAGNE.with_alpha(0.6)),
        BackgroundColor(background),
    ));
    entity.with_child((
        Text::new(label),
        fonts.body(14.0),
        TextColor(text),
        Pickable::IGNORE,
    ));
    entity
}

/// A panel's section title: small capitals in the muted colour.
pub fn section_heading(panel: &mut ChildSpawnerCommands, fonts: &Fonts, title: &str) {
    panel.spawn((
        Text::new(title.to_uppercase()),
        fonts.body(12.0),
        TextColor(MUTED),
        Node {
            margin: UiRect::top(px(8)),
            ..default()
        },
    ));
}

/// A row of buttons that wraps onto further lines.
pub fn button_row<'a>(parent: &'a mut ChildSpawnerCommands) -> EntityCommands<'a> {
    parent.spawn(Node {
        flex_wrap: FlexWrap::Wrap,
        column_gap: px(6),
        row_gap: px(6),
        ..default()
    })
}
