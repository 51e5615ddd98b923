//! The hall: every catalog product on its own pedestal in an arc, under the studio's light. Hover to read its name
//! and price, click to inspect it. (The boutique issue replaces this with the Place Vendôme flagship.)

use bevy::prelude::*;

use super::{InspectedProduct, Screen};
use crate::catalog_assets::LoadedCatalog;
use crate::i18n::{CurrentLanguage, Ui};
use crate::product::{ModelFrame, ProductModel, spawn_product};
use crate::studio::{StudioEnvironment, key_light, studio_camera};
use crate::theme::{CHAMPAGNE, Fonts, IVORY, MUTED, PANEL};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(OnEnter(Screen::Hall), spawn_hall)
        .add_systems(
            Update,
            (look_around, cycle_language, refresh_caption).run_if(in_state(Screen::Hall)),
        );
}

/// Height of the pedestals' display surface, metres.
const PEDESTAL_TOP_M: f32 = 1.05;
/// Radius of the arc of pedestals, metres.
const ARC_RADIUS_M: f32 = 4.2;
/// On a pedestal, small pieces are shown enlarged (a ring at 1:1 would be a speck across the hall); the inspection
/// view and the try-on always use the real size.
const DISPLAY_SIZE_M: f32 = 0.42;

#[derive(Component)]
struct HallCamera {
    yaw: f32,
}

/// The pedestal the view is turned to (arrow keys step between them, Enter inspects it).
#[derive(Resource, Default)]
struct Focus {
    index: usize,
    /// Angle of each pedestal around the arc, with its product's SKU.
    pedestals: Vec<(f32, String)>,
    /// Set when the arrow keys moved the focus: the camera turns towards it.
    turning: bool,
}

#[derive(Resource, Default)]
struct Hovered(Option<String>);

#[derive(Component)]
struct Caption;

fn spawn_hall(
    mut commands: Commands,
    catalog: Res<LoadedCatalog>,
    asset_server: Res<AssetServer>,
    environment: Res<StudioEnvironment>,
    fonts: Res<Fonts>,
    language: Res<CurrentLanguage>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.insert_resource(Hovered::default());
    let mut focus = Focus::default();
    let floor_material = materials.add(StandardMaterial {
        base_color: Color::srgb(0.055, 0.05, 0.048),
        perceptual_roughness: 0.12,
        reflectance: 0.5,
        ..default()
    });
    let stone = materials.add(StandardMaterial {
        base_color: Color::srgb(0.86, 0.83, 0.78),
        perceptual_roughness: 0.35,
        ..default()
    });
    let gold = materials.add(StandardMaterial {
        base_color: Color::srgb(1.0, 0.78, 0.42),
        metallic: 1.0,
        perceptual_roughness: 0.2,
        ..default()
    });
    commands.spawn((
        DespawnOnExit(Screen::Hall),
        Mesh3d(meshes.add(Circle::new(12.0))),
        MeshMaterial3d(floor_material),
        Transform::from_rotation(Quat::from_rotation_x(-std::f32::consts::FRAC_PI_2)),
    ));
    commands.spawn((DespawnOnExit(Screen::Hall), key_light(6.0)));
    let column = meshes.add(Cylinder::new(0.24, PEDESTAL_TOP_M - 0.04));
    let cap = meshes.add(Cylinder::new(0.27, 0.04));

    let products = &catalog.0.products;
    let count = products.len().max(1);
    let arc_rad = (count as f32 * 0.42).min(std::f32::consts::PI * 1.6);
    for (i, entry) in products.iter().enumerate() {
        let t = if count == 1 {
            0.5
        } else {
            i as f32 / (count - 1) as f32
        };
        let angle = -arc_rad / 2.0 + arc_rad * t;
        let base = Vec3::new(angle.sin() * ARC_RADIUS_M, 0.0, -angle.cos() * ARC_RADIUS_M);
        commands.spawn((
            DespawnOnExit(Screen::Hall),
            Mesh3d(column.clone()),
            MeshMaterial3d(stone.clone()),
            Transform::from_translation(base + Vec3::Y * (PEDESTAL_TOP_M - 0.04) / 2.0),
        ));
        commands.spawn((
            DespawnOnExit(Screen::Hall),
            Mesh3d(cap.clone()),
            MeshMaterial3d(gold.clone()),
            Transform::from_translation(base + Vec3::Y * (PEDESTAL_TOP_M - 0.02)),
        ));
        focus.pedestals.push((angle, entry.product.sku.clone()));
        let frame = ModelFrame::of(entry);
        let largest = frame.size_m.max_element().max(0.001);
        let scale = (DISPLAY_SIZE_M / largest).clamp(1.0, 18.0);
        let centre = base + Vec3::Y * (PEDESTAL_TOP_M + frame.size_m.y * scale / 2.0 + 0.02);
        let pivot = spawn_product(&mut commands, &asset_server, entry, centre, scale);
        commands
            .entity(pivot)
            .insert((
                DespawnOnExit(Screen::Hall),
                Transform::from_translation(centre).with_rotation(Quat::from_rotation_y(-angle)),
            ))
            .observe(
                |over: On<Pointer<Over>>,
                 products: Query<&ProductModel>,
                 mut hovered: ResMut<Hovered>| {
                    if let Ok(p) = products.get(over.entity) {
                        hovered.0 = Some(p.sku.clone());
                    }
                },
            )
            .observe(|_: On<Pointer<Out>>, mut hovered: ResMut<Hovered>| {
                hovered.0 = None;
            })
            .observe(
                |click: On<Pointer<Click>>,
                 products: Query<&ProductModel>,
                 mut commands: Commands,
                 mut next: ResMut<NextState<Screen>>| {
                    if let Ok(p) = products.get(click.entity) {
                        commands.insert_resource(InspectedProduct { sku: p.sku.clone() });
                        next.set(Screen::Inspect);
                    }
                },
            );
    }

    focus.index = focus.pedestals.len() / 2;
    let start_yaw = focus.pedestals.get(focus.index).map_or(0.0, |(a, _)| -a);
    commands.insert_resource(focus);
    commands.spawn((
        DespawnOnExit(Screen::Hall),
        HallCamera { yaw: start_yaw },
        studio_camera(&environment, 700.0),
        hall_view(start_yaw),
    ));

    commands
        .spawn((
            DespawnOnExit(Screen::Hall),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                justify_content: JustifyContent::SpaceBetween,
                align_items: AlignItems::Center,
                padding: UiRect::all(px(24)),
                ..default()
            },
            Pickable::IGNORE,
        ))
        .with_children(|root| {
            root.spawn((
                Text::new(catalog.0.manifest.maison.name.to_uppercase()),
                fonts.display(30.0),
                TextColor(IVORY),
                Pickable::IGNORE,
            ));
            if products.is_empty() {
                root.spawn((
                    Text::new(Ui::NoProducts.text(language.0)),
                    fonts.body(18.0),
                    TextColor(CHAMPAGNE),
                    Pickable::IGNORE,
                ));
            }
            root.spawn((
                Caption,
                Text::new(Ui::HallHint.text(language.0)),
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

fn hall_view(yaw: f32) -> Transform {
    let target = Vec3::new(-yaw.sin() * ARC_RADIUS_M, 1.0, -yaw.cos() * ARC_RADIUS_M);
    Transform::from_xyz(0.0, 1.75, 2.4).looking_at(target, Vec3::Y)
}

/// ← → (or A D) step from pedestal to pedestal, Enter inspects the one in front; a right-drag turns freely.
fn look_around(
    time: Res<Time>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    motion: Res<bevy::input::mouse::AccumulatedMouseMotion>,
    mut focus: ResMut<Focus>,
    mut commands: Commands,
    mut next: ResMut<NextState<Screen>>,
    mut cameras: Query<(&mut HallCamera, &mut Transform)>,
) {
    let count = focus.pedestals.len();
    if count > 0 {
        if keys.any_just_pressed([KeyCode::ArrowLeft, KeyCode::KeyA]) {
            focus.index = focus.index.saturating_sub(1);
            focus.turning = true;
        }
        if keys.any_just_pressed([KeyCode::ArrowRight, KeyCode::KeyD]) {
            focus.index = (focus.index + 1).min(count - 1);
            focus.turning = true;
        }
        if keys.any_just_pressed([KeyCode::Enter, KeyCode::NumpadEnter, KeyCode::Space])
            && let Some((_, sku)) = focus.pedestals.get(focus.index)
        {
            commands.insert_resource(InspectedProduct { sku: sku.clone() });
            next.set(Screen::Inspect);
        }
    }
    let target_yaw = focus.pedestals.get(focus.index).map(|(a, _)| -a);
    for (mut camera, mut transform) in &mut cameras {
        if mouse.pressed(MouseButton::Right) && motion.delta.x != 0.0 {
            camera.yaw = (camera.yaw - motion.delta.x * 0.004).clamp(-2.6, 2.6);
            focus.turning = false;
        } else if focus.turning
            && let Some(target) = target_yaw
        {
            // Ease towards the focused pedestal.
            let step = (target - camera.yaw) * (1.0 - (-6.0 * time.delta_secs()).exp());
            camera.yaw += step;
            if (target - camera.yaw).abs() < 1e-3 {
                focus.turning = false;
            }
        } else {
            continue;
        }
        *transform = hall_view(camera.yaw);
    }
}

fn cycle_language(keys: Res<ButtonInput<KeyCode>>, mut language: ResMut<CurrentLanguage>) {
    if keys.just_pressed(KeyCode::KeyL) {
        language.0 = language.0.next();
    }
}

fn refresh_caption(
    hovered: Res<Hovered>,
    focus: Res<Focus>,
    language: Res<CurrentLanguage>,
    catalog: Res<LoadedCatalog>,
    mut captions: Query<&mut Text, With<Caption>>,
) {
    if !hovered.is_changed() && !language.is_changed() && !focus.is_changed() {
        return;
    }
    let focused = focus
        .pedestals
        .get(focus.index)
        .map(|(_, sku)| sku.as_str());
    let shown = hovered
        .0
        .as_deref()
        .or(if focus.turning || focus.is_changed() {
            focused
        } else {
            None
        });
    let text = match shown.and_then(|sku| catalog.0.product(sku)) {
        Some(entry) => {
            let price = catalog::preferred_price(&entry.product.prices, language.0)
                .map(|p| catalog::format_price(p, language.0))
                .unwrap_or_default();
            format!("{}  ·  {}", entry.product.name.get(language.0), price)
        }
        None => Ui::HallHint.text(language.0).to_string(),
    };
    for mut caption in &mut captions {
        caption.0 = text.clone();
    }
}
