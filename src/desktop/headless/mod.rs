//! Rendering without a window: product and boutique images (`vitrine render`), the six views and the soak
//! (`vitrine bench`), the try-on over a clip (`vitrine tryon --out`) and its benchmark.

pub(crate) mod capture;
pub(crate) mod render;
pub(crate) mod render_view;
pub(crate) mod soak;
pub(crate) mod tryon;
pub(crate) mod tryon_bench;
