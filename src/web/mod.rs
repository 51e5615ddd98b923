//! The showroom in a web page: the platform differences of the browser build, in one place (the desktop's are the
//! command line, cli.rs). `address` is pure and tested everywhere; `page` talks to the page, and `camera` is the
//! try-on's camera and tracking there (both wasm32 only).

mod address;
#[cfg(target_arch = "wasm32")]
pub(crate) mod camera;
#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
pub(crate) use page::{offer_download, plugin};
