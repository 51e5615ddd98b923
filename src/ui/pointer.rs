//! Dragging with the mouse, measured from where the cursor is in the window frame by frame. Raw device motion is
//! not delivered everywhere (a browser without pointer lock, a remote or virtual display, a kiosk's touch screen
//! emulating a mouse); the cursor's position is, so looking and orbiting use this.

use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<PointerDrag>().add_systems(
        PreUpdate,
        track_drag
            .in_set(PointerSystems)
            .after(bevy::input::InputSystems),
    );
}

/// Runs in `PreUpdate`, after the window's cursor and the buttons are updated for the frame.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct PointerSystems;

/// How far the cursor moved this frame while the left or right button was held, in logical pixels.
#[derive(Resource, Default, Debug, Clone, Copy)]
pub struct PointerDrag {
    pub delta_px: Vec2,
    last_px: Option<Vec2>,
}

fn track_drag(
    buttons: Res<ButtonInput<MouseButton>>,
    windows: Query<&Window>,
    mut drag: ResMut<PointerDrag>,
) {
    let cursor = windows.iter().find_map(Window::cursor_position);
    let held = buttons.any_pressed([MouseButton::Left, MouseButton::Right]);
    drag.delta_px = drag_step(drag.last_px, cursor, held);
    drag.last_px = cursor;
}

/// This frame's drag: the cursor's move since last frame while a button is held (nothing when the cursor has just
/// entered or left the window).
fn drag_step(last_px: Option<Vec2>, now_px: Option<Vec2>, held: bool) -> Vec2 {
    match (last_px, now_px) {
        (Some(last), Some(now)) if held => now - last,
        _ => Vec2::ZERO,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drag_is_the_cursor_move_while_held() {
        let (a, b) = (Vec2::new(100.0, 50.0), Vec2::new(130.0, 40.0));
        assert_eq!(drag_step(Some(a), Some(b), true), Vec2::new(30.0, -10.0));
        assert_eq!(drag_step(Some(a), Some(b), false), Vec2::ZERO);
        assert_eq!(drag_step(None, Some(b), true), Vec2::ZERO);
        assert_eq!(drag_step(Some(a), None, true), Vec2::ZERO);
    }
}
