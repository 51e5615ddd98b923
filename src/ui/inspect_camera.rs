//! The orbit camera of the inspection view: drag to orbit, wheel or pinch to zoom, optional turntable.

use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::input::touch::Touches;
use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, (orbit_input, turntable, place_orbit_camera).chain());
}

/// An orbit around `focus`, in radians and metres.
#[derive(Component, Debug, Clone)]
pub struct OrbitCamera {
    pub focus: Vec3,
    pub yaw: f32,
    pub pitch: f32,
    pub distance_m: f32,
    pub min_distance_m: f32,
    pub max_distance_m: f32,
    /// Sideways shift of the view, as a fraction of the distance, so the subject sits left of an information panel.
    pub screen_offset: f32,
}

impl OrbitCamera {
    pub fn framing(focus: Vec3, radius_m: f32) -> Self {
        let distance_m = radius_m * 3.6;
        Self {
            focus,
            yaw: 0.35,
            pitch: 0.28,
            distance_m,
            min_distance_m: radius_m * 1.3,
            max_distance_m: radius_m * 9.0,
            screen_offset: 0.0,
        }
    }

    pub fn transform(&self) -> Transform {
        let rotation = Quat::from_euler(EulerRot::YXZ, self.yaw, -self.pitch, 0.0);
        let eye = self.focus + rotation * Vec3::Z * self.distance_m;
        let mut transform = Transform::from_translation(eye).looking_at(self.focus, Vec3::Y);
        let right = transform.right();
        transform.translation += right * self.screen_offset * self.distance_m;
        transform
    }
}

/// Turns a product pivot slowly about +Y while enabled (the showroom turntable).
#[derive(Component, Debug, Clone)]
pub struct Turntable {
    pub enabled: bool,
    pub speed_rad_per_sec: f32,
}

const ORBIT_RAD_PER_PX: f32 = 0.006;
const PITCH_LIMIT_RAD: f32 = 1.35;

fn orbit_input(
    mouse_buttons: Res<ButtonInput<MouseButton>>,
    drag: Res<crate::ui::pointer::PointerDrag>,
    scroll: Res<AccumulatedMouseScroll>,
    touches: Res<Touches>,
    interactions: Query<&Interaction>,
    mut cameras: Query<&mut OrbitCamera>,
) {
    // A drag that starts on the interface is not an orbit.
    let over_ui = interactions.iter().any(|i| *i != Interaction::None);
    let mut delta = Vec2::ZERO;
    if mouse_buttons.pressed(MouseButton::Left) && !over_ui {
        delta += drag.delta_px;
    }
    let mut zoom_factor = 1.0;
    let lines = match scroll.unit {
        MouseScrollUnit::Line => scroll.delta.y,
        MouseScrollUnit::Pixel => scroll.delta.y / 40.0,
    };
    zoom_factor *= 0.9_f32.powf(lines);
    let active: Vec<_> = touches.iter().collect();
    match active.as_slice() {
        [one] => delta += one.delta(),
        [a, b] => {
            let before = (a.previous_position() - b.previous_position()).length();
            let now = (a.position() - b.position()).length();
            if before > 1.0 && now > 1.0 {
                zoom_factor *= before / now;
            }
        }
        _ => {}
    }
    for mut orbit in &mut cameras {
        orbit.yaw -= delta.x * ORBIT_RAD_PER_PX;
        orbit.pitch =
            (orbit.pitch + delta.y * ORBIT_RAD_PER_PX).clamp(-PITCH_LIMIT_RAD, PITCH_LIMIT_RAD);
        orbit.distance_m =
            (orbit.distance_m * zoom_factor).clamp(orbit.min_distance_m, orbit.max_distance_m);
    }
}

fn turntable(time: Res<Time>, mut pivots: Query<(&Turntable, &mut Transform)>) {
    for (turntable, mut transform) in &mut pivots {
        if turntable.enabled {
            transform.rotate_y(turntable.speed_rad_per_sec * time.delta_secs());
        }
    }
}

fn place_orbit_camera(mut cameras: Query<(&OrbitCamera, &mut Transform), Changed<OrbitCamera>>) {
    for (orbit, mut transform) in &mut cameras {
        *transform = orbit.transform();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orbit_keeps_its_distance_and_looks_at_the_focus() {
        let orbit = OrbitCamera::framing(Vec3::new(0.0, 1.0, 0.0), 0.02);
        assert_eq!(orbit.screen_offset, 0.0);
        let t = orbit.transform();
        assert!((t.translation.distance(orbit.focus) - orbit.distance_m).abs() < 1e-5);
        let forward = t.forward();
        let to_focus = (orbit.focus - t.translation).normalize();
        assert!(forward.dot(to_focus) > 0.9999);
    }

    #[test]
    fn headless_app_turns_the_turntable_at_its_speed() {
        let mut app = App::new();
        app.add_plugins(MinimalPlugins);
        // Time advances by exactly 0.1 s per update, whatever the machine's speed.
        app.insert_resource(bevy::time::TimeUpdateStrategy::ManualDuration(
            std::time::Duration::from_millis(100),
        ));
        app.add_systems(Update, turntable);
        let pivot = app
            .world_mut()
            .spawn((
                Transform::default(),
                Turntable {
                    enabled: true,
                    speed_rad_per_sec: 1.0,
                },
            ))
            .id();
        let rotation = |app: &App| {
            app.world()
                .get::<Transform>(pivot)
                .map(|t| t.rotation)
                .unwrap_or_default()
        };
        app.update();
        let before = rotation(&app);
        app.update();
        let turned = rotation(&app).angle_between(before);
        assert!(
            (turned - 0.1).abs() < 1e-4,
            "0.1 s at 1 rad/s turns 0.1 rad, not {turned}"
        );
    }
}
