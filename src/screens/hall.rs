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
const DISPLAY_SIZE_M: f32 = 0.3;

#[derive(Component)]
struct HallCamera {
    yaw: f32,
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
        let frame = ModelFrame::of(entry);
        let largest = frame.size_m.max_element().max(0.001);
        let scale = (DISPLAY_SIZE_M / largest).clamp(1.0, 12.0);
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

    commands.spawn((
        DespawnOnExit(Screen::Hall),
        HallCamera { yaw: 0.0 },
        studio_camera(&environment, 700.0),
        Transform::from_xyz(0.0, 1.6, 1.2).looking_at(Vec3::new(0.0, 1.1, -ARC_RADIUS_M), Vec3::Y),
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

/// Arrow keys, A/D or a right-drag turn the view along the arc.
fn look_around(
    time: Res<Time>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    motion: Res<bevy::input::mouse::AccumulatedMouseMotion>,
    mut cameras: Query<(&mut HallCamera, &mut Transform)>,
) {
    let mut turn = 0.0;
    if keys.any_pressed([KeyCode::ArrowLeft, KeyCode::KeyA]) {
        turn += 0.8 * time.delta_secs();
    }
    if keys.any_pressed([KeyCode::ArrowRight, KeyCode::KeyD]) {
        turn -= 0.8 * time.delta_secs();
    }
    if mouse.pressed(MouseButton::Right) {
        turn -= motion.delta.x * 0.004;
    }
    if turn == 0.0 {
        return;
    }
    for (mut camera, mut transform) in &mut cameras {
        camera.yaw = (camera.yaw + turn).clamp(-1.4, 1.4);
        let target = Vec3::new(
            -camera.yaw.sin() * ARC_RADIUS_M,
            1.1,
            -camera.yaw.cos() * ARC_RADIUS_M,
        );
        *transform = Transform::from_xyz(0.0, 1.6, 1.2).looking_at(target, Vec3::Y);
    }
}

fn cycle_language(keys: Res<ButtonInput<KeyCode>>, mut language: ResMut<CurrentLanguage>) {
    if keys.just_pressed(KeyCode::KeyL) {
        language.0 = language.0.next();
    }
}

fn refresh_caption(
    hovered: Res<Hovered>,
    language: Res<CurrentLanguage>,
    catalog: Res<LoadedCatalog>,
    mut captions: Query<&mut Text, With<Caption>>,
) {
    if !hovered.is_changed() && !language.is_changed() {
        return;
    }
    let text = match hovered.0.as_deref().and_then(|sku| catalog.0.product(sku)) {
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
