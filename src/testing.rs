//! What the unit tests share: the bundled demo catalog and products for the boutique's plan, made once here
//! instead of by hand in each test module.

use catalog::Category;

use crate::boutique::layout::ProductInfo;

/// The catalog in `assets/`, read at run time (the test binary may have been built from another checkout sharing
/// the target folder, so not through `env!`).
pub(crate) fn demo_catalog() -> catalog::Catalog {
    let assets = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_default()
        .join("assets");
    match catalog::load_catalog_dir(&assets) {
        Ok(catalog) => catalog,
        Err(e) => panic!("the bundled catalog loads: {e}"),
    }
}

/// One product for the plan.
pub(crate) fn product(sku: &str, category: Category, limited: bool, size_m: f32) -> ProductInfo {
    ProductInfo {
        sku: sku.into(),
        category,
        limited,
        size_m,
    }
}

/// `count` products of one category, `{prefix}{first}`… upward, none limited.
pub(crate) fn products_of(
    prefix: &str,
    category: Category,
    range: std::ops::Range<usize>,
    size_m: f32,
) -> Vec<ProductInfo> {
    range
        .map(|i| product(&format!("{prefix}{i}"), category, false, size_m))
        .collect()
}

/// A small collection of every kind the plan places differently: four rings (R0–R3), three watches (W0–W2), a
/// garment (G0), a bag (B0) and a limited edition ring (L0).
pub(crate) fn mixed_products() -> Vec<ProductInfo> {
    let mut all = products_of("R", Category::Ring, 0..4, 0.03);
    all.extend(products_of("W", Category::Watch, 0..3, 0.03));
    all.push(product("G0", Category::Garment, false, 0.03));
    all.push(product("B0", Category::Bag, false, 0.03));
    all.push(product("L0", Category::Ring, true, 0.03));
    all
}
