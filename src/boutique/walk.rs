//! Walking the boutique: W A S D or the arrows move, a drag (mouse or finger) looks around, a click on the floor
//! walks there; walls and vitrines stop the walker (it slides along them). The guided tour flies the camera along
//! the plan's path (façade → salon → watch wall → vitrines → salon privé door); it is also the kiosk's attract loop.

use bevy::input::touch::Touches;
use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;

use super::Boutique;
use super::architecture::Architecture;
use super::layout::{BoutiqueLayout, EYE_HEIGHT_M, Tour, View};

pub(super) fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (walk_input, tour, apply_walker)
            .chain()
            .in_set(WalkSystems)
            .run_if(resource_exists::<Boutique>),
    );
}

/// The walker's systems, for other modules to order against.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct WalkSystems;

/// Walking speed, metres per second.
const WALK_SPEED_M_PER_S: f32 = 1.6;
/// Radians per pixel of drag.
const LOOK_RAD_PER_PX: f32 = 0.0035;
/// The tour's length from façade to the salon privé, seconds.
pub const TOUR_SECS: f32 = 48.0;

/// The first-person camera.
#[derive(Component, Debug, Clone)]
pub struct Walker {
    /// On the floor plan (x, z).
    pub position: Vec2,
    pub yaw: f32,
    pub pitch: f32,
    /// Walking to a clicked point.
    pub destination: Option<Vec2>,
    /// The salon privé's door is open for this shopper.
    pub private_open: bool,
    /// Pointer moved this much since the press: a drag, not a click.
    drag_px: f32,
    /// Input is paused (a dialog has the keyboard).
    pub paused: bool,
}

impl Walker {
    pub fn looking(view: View) -> Self {
        let d = (view.target_m - view.eye_m).normalize_or(Vec3::NEG_Z);
        Walker {
            position: Vec2::new(view.eye_m.x, view.eye_m.z),
            yaw: (-d.x).atan2(-d.z),
            pitch: d.y.asin(),
            destination: None,
            private_open: false,
            drag_px: 0.0,
            paused: false,
        }
    }

    pub fn transform(&self) -> Transform {
        Transform::from_translation(Vec3::new(self.position.x, EYE_HEIGHT_M, self.position.y))
            .with_rotation(Quat::from_euler(EulerRot::YXZ, self.yaw, self.pitch, 0.0))
    }
}

/// The guided tour in progress: 0 at the façade, 1 at the salon privé's door.
#[derive(Component, Debug, Clone)]
pub struct Touring {
    pub t: f32,
    /// Starts again at the end (the kiosk's attract loop).
    pub looping: bool,
    path: Tour,
}

impl Touring {
    /// The plan's tour from its start; `None` when the plan has no tour to follow.
    pub fn start(layout: &BoutiqueLayout, looping: bool) -> Option<Self> {
        Some(Self {
            t: 0.0,
            looping,
            path: layout.tour()?,
        })
    }
}

fn walk_input(
    time: Res<Time>,
    keys: Res<ButtonInput<KeyCode>>,
    mouse: Res<ButtonInput<MouseButton>>,
    drag: Res<crate::ui::pointer::PointerDrag>,
    touches: Res<Touches>,
    boutique: Res<Boutique>,
    windows: Query<&Window>,
    hover_map: Option<Res<HoverMap>>,
    architecture: Query<(), With<Architecture>>,
    mut walkers: Query<(
        Entity,
        &mut Walker,
        Option<&Camera>,
        Option<&GlobalTransform>,
        Has<Touring>,
    )>,
    mut commands: Commands,
) {
    let dt = time.delta_secs();
    let over_boutique_only = hover_map
        .as_deref()
        .is_none_or(|map| mouse_over_only(map, |entity| architecture.contains(entity)));
    for (entity, mut walker, camera, camera_transform, touring) in &mut walkers {
        if walker.paused {
            continue;
        }
        if keys.just_pressed(KeyCode::KeyG) {
            if touring {
                commands.entity(entity).remove::<Touring>();
            } else if let Some(touring) = Touring::start(&boutique.0, false) {
                commands.entity(entity).insert(touring);
            }
        }
        if touring {
            if keys.just_pressed(KeyCode::Escape) {
                commands.entity(entity).remove::<Touring>();
            }
            continue;
        }
        // Look: drag with the left mouse button or one finger.
        let mut look = Vec2::ZERO;
        if mouse.pressed(MouseButton::Left) || mouse.pressed(MouseButton::Right) {
            look += drag.delta_px;
        }
        if mouse.just_pressed(MouseButton::Left) {
            walker.drag_px = 0.0;
        }
        for touch in touches.iter() {
            look += touch.delta();
        }
        walker.drag_px += look.length();
        walker.yaw -= look.x * LOOK_RAD_PER_PX;
        walker.pitch = (walker.pitch - look.y * LOOK_RAD_PER_PX).clamp(-1.2, 1.2);
        // Turn with Q / E too, for keyboard-only shoppers.
        let turn = keys.pressed(KeyCode::KeyE) as i32 - keys.pressed(KeyCode::KeyQ) as i32;
        walker.yaw -= turn as f32 * 1.6 * dt;

        // Walk with the keys, relative to where the walker looks.
        let forward = Vec2::new(-walker.yaw.sin(), -walker.yaw.cos());
        let right = Vec2::new(-forward.y, forward.x);
        let mut wish = Vec2::ZERO;
        if keys.any_pressed([KeyCode::KeyW, KeyCode::ArrowUp]) {
            wish += forward;
        }
        if keys.any_pressed([KeyCode::KeyS, KeyCode::ArrowDown]) {
            wish -= forward;
        }
        if keys.any_pressed([KeyCode::KeyD, KeyCode::ArrowRight]) {
            wish += right;
        }
        if keys.any_pressed([KeyCode::KeyA, KeyCode::ArrowLeft]) {
            wish -= right;
        }
        if wish != Vec2::ZERO {
            walker.destination = None;
        }
        // A click (not a drag) on the floor: walk there. A click on a piece, a story point or a button is theirs.
        if mouse.just_released(MouseButton::Left)
            && walker.drag_px < 6.0
            && over_boutique_only
            && let (Some(camera), Some(camera_transform)) = (camera, camera_transform)
            && let Some(cursor) = windows.iter().next().and_then(Window::cursor_position)
            && let Ok(ray) = camera.viewport_to_world(camera_transform, cursor)
            && let Some(distance) = ray.intersect_plane(Vec3::ZERO, InfinitePlane3d::new(Vec3::Y))
        {
            let p = ray.get_point(distance);
            let target = Vec2::new(p.x, p.z);
            if distance < 40.0 && boutique.0.is_walkable(target) {
                walker.destination = Some(target);
            }
        }
        if let Some(destination) = walker.destination {
            let to = destination - walker.position;
            if to.length() < 0.05 {
                walker.destination = None;
            } else {
                wish = to.normalize();
            }
        }
        if wish != Vec2::ZERO {
            let step = wish.normalize() * WALK_SPEED_M_PER_S * dt;
            let from = walker.position;
            let next = boutique.0.walk(from, from + step, walker.private_open);
            if walker.destination.is_some() && (next - from).length() < step.length() * 0.2 {
                // Blocked on the way to a clicked point: stop rather than push against the wall.
                walker.destination = None;
            }
            walker.position = next;
        }
    }
}

/// Whether everything the mouse is over (the topmost hit, and whatever lets the pointer through above it) passes
/// `is_boutique`; true over nothing.
fn mouse_over_only(map: &HoverMap, is_boutique: impl Fn(Entity) -> bool) -> bool {
    map.get(&PointerId::Mouse)
        .is_none_or(|hits| hits.keys().all(|&entity| is_boutique(entity)))
}

fn tour(
    time: Res<Time>,
    mut touring: Query<(Entity, &mut Touring, &mut Walker, &mut Transform)>,
    mut commands: Commands,
) {
    for (entity, mut tour, mut walker, mut transform) in &mut touring {
        tour.t += time.delta_secs() / TOUR_SECS;
        if tour.t >= 1.0 {
            if tour.looping {
                tour.t = 0.0;
            } else {
                commands.entity(entity).remove::<Touring>();
                tour.t = 1.0;
            }
        }
        let view = tour.path.at(tour.t);
        *transform = Transform::from_translation(view.eye_m).looking_at(view.target_m, Vec3::Y);
        // Leave the walker where the tour is, looking the same way, so walking resumes from there.
        let mut resumed = Walker::looking(view);
        resumed.private_open = walker.private_open;
        *walker = resumed;
    }
}

fn apply_walker(mut walkers: Query<(&Walker, &mut Transform), Without<Touring>>) {
    for (walker, mut transform) in &mut walkers {
        *transform = walker.transform();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::boutique::layout::BoutiqueLayout;
    use bevy::time::TimeUpdateStrategy;
    use std::time::Duration;

    fn app() -> App {
        let products = crate::testing::mixed_products();
        let mut app = App::new();
        app.add_plugins(MinimalPlugins)
            .insert_resource(TimeUpdateStrategy::ManualDuration(Duration::from_secs_f32(
                1.0 / 30.0,
            )))
            .init_resource::<ButtonInput<KeyCode>>()
            .init_resource::<ButtonInput<MouseButton>>()
            .init_resource::<crate::ui::pointer::PointerDrag>()
            .init_resource::<Touches>()
            .insert_resource(Boutique(BoutiqueLayout::new(&products)))
            .add_plugins(plugin);
        app
    }

    #[test]
    fn the_guided_tour_never_passes_through_a_wall_and_ends_at_the_salon_prive() {
        let mut app = app();
        let layout = &app.world().resource::<Boutique>().0;
        let start = layout.tour_stops()[0];
        let touring = Touring::start(layout, false).expect("the plan has a tour");
        let walker = app
            .world_mut()
            .spawn((Walker::looking(start), touring, Transform::default()))
            .id();
        let mut previous: Option<Vec2> = None;
        let mut frames = 0;
        while app.world().get::<Touring>(walker).is_some() {
            app.update();
            frames += 1;
            assert!(
                frames < (TOUR_SECS * 30.0) as usize + 60,
                "the tour never ended"
            );
            let eye = app
                .world()
                .get::<Transform>(walker)
                .map(|t| t.translation)
                .unwrap_or_default();
            let p = Vec2::new(eye.x, eye.z);
            let layout = &app.world().resource::<Boutique>().0;
            assert!(
                !layout.collides(p, false),
                "frame {frames}: the camera is inside a wall or vitrine at {p}"
            );
            if let Some(q) = previous {
                // The straight move between two frames, walked with collisions, arrives where the tour went.
                let walked = layout.walk(q, p, false);
                assert!(
                    walked.distance(p) < 0.02,
                    "frame {frames}: the tour crossed a wall from {q} to {p}"
                );
            }
            previous = Some(p);
        }
        let layout = &app.world().resource::<Boutique>().0;
        let last = layout
            .tour_stops()
            .last()
            .copied()
            .map(|v| v.eye_m)
            .unwrap_or_default();
        let eye = app
            .world()
            .get::<Transform>(walker)
            .map(|t| t.translation)
            .unwrap_or_default();
        assert!(
            eye.distance(last) < 0.1,
            "the tour ended at {eye}, not at the salon privé's door {last}"
        );
        // Walking resumes from there, with the salon privé still shut.
        let w = app.world().get::<Walker>(walker).cloned();
        assert!(w.is_some_and(
            |w| !w.private_open && w.position.distance(Vec2::new(last.x, last.z)) < 0.1
        ));
    }

    #[test]
    fn walking_into_the_facade_stops_at_the_wall() {
        let mut app = app();
        let mut walker = Walker::looking(app.world().resource::<Boutique>().0.start);
        walker.position = Vec2::new(6.0, 3.0);
        walker.yaw = 0.0; // facing -Z, towards the façade
        let entity = app.world_mut().spawn((walker, Transform::default())).id();
        app.world_mut()
            .resource_mut::<ButtonInput<KeyCode>>()
            .press(KeyCode::KeyW);
        for _ in 0..150 {
            app.update();
        }
        let position = app
            .world()
            .get::<Walker>(entity)
            .map(|w| w.position)
            .unwrap_or_default();
        assert!(
            position.y > 0.25 && position.y < 0.6,
            "stopped at {position}"
        );
    }

    #[test]
    fn a_click_walks_only_when_the_mouse_is_over_the_boutique_itself() {
        use bevy::picking::backend::HitData;
        let mut world = World::new();
        let floor = world.spawn(Architecture).id();
        let piece = world.spawn_empty().id();
        let camera = world.spawn_empty().id();
        let hit = HitData::new(camera, 1.0, None, None);
        let is_floor = |entity| entity == floor;
        let mut map = HoverMap::default();
        assert!(mouse_over_only(&map, is_floor), "over nothing: walk");
        map.insert(
            PointerId::Mouse,
            [(floor, hit.clone())].into_iter().collect(),
        );
        assert!(mouse_over_only(&map, is_floor), "over the floor: walk");
        map.insert(
            PointerId::Mouse,
            [(piece, hit.clone())].into_iter().collect(),
        );
        assert!(
            !mouse_over_only(&map, is_floor),
            "over a piece: inspect, do not walk"
        );
        map.insert(
            PointerId::Mouse,
            [(floor, hit.clone()), (piece, hit.clone())]
                .into_iter()
                .collect(),
        );
        assert!(
            !mouse_over_only(&map, is_floor),
            "over a piece above the floor"
        );
        // A finger elsewhere does not change what the mouse is over.
        map.insert(
            PointerId::Mouse,
            [(floor, hit.clone())].into_iter().collect(),
        );
        map.insert(PointerId::Touch(1), [(piece, hit)].into_iter().collect());
        assert!(mouse_over_only(&map, is_floor));
    }
}
