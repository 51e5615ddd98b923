//! Paths of the assets the app itself owns (products come from the catalog, never from code).

/// The catalog manifest, relative to the assets folder.
pub const CATALOG_MANIFEST: &str = "catalog/catalog.ron";
/// Display face (headings, product names): Noto Serif SC, subset (see assets/fonts/README.md).
pub const DISPLAY_FONT: &str = "fonts/NotoSerifSC-Vitrine.otf";
/// Body face (descriptions, buttons): Noto Sans SC, subset.
pub const BODY_FONT: &str = "fonts/NotoSansSC-Vitrine.otf";
/// The browser's first faces: the core subsets of the two (every character the catalog and the interface use, a
/// tenth of the bytes; `cargo xtask fonts` makes them). The full faces replace them after the first frame.
#[cfg(target_arch = "wasm32")]
pub const DISPLAY_FONT_CORE: &str = "fonts/NotoSerifSC-Core.otf";
#[cfg(target_arch = "wasm32")]
pub const BODY_FONT_CORE: &str = "fonts/NotoSansSC-Core.otf";
