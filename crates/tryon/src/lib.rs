//! Vitrine's try-on fitting, with no Bevy and no vision crate (the app's `tryon/ingest` turns the tracker's hands
//! into [`session::HandObservation`]s): the camera's intrinsics from a field of view, a hand's 6-DoF pose from
//! its landmarks (PnP), a pose filter, where rings, watches and bracelets sit from the catalog's `try_on` spec and
//! the GLB conventions, the finger's width and ring size, and when a piece is shown.

pub mod camera;
pub mod contact_shadow;
pub mod filter;
pub mod hand_pose;
pub mod light;
pub mod occluders;
pub mod ring_size;
pub mod session;
pub mod visibility;
pub mod wear;

pub use camera::{DEFAULT_HFOV_DEG, Intrinsics};
pub use contact_shadow::ContactShadow;
pub use hand_pose::{HandLabel, HandPose, PoseError, solve_hand_pose};
pub use occluders::{Occluder, Primitive, occluders};
pub use ring_size::{FrameView, RingSize};
pub use session::{FrameFit, HandObservation, HandSide, ItemFrame, SessionOptions, TryOnSession};
pub use wear::{Placement, Site, WornItem};
