//! Data tests: the bundled catalog loads cleanly, and each kind of mistake is reported precisely while the rest of
//! the catalog still loads.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test helpers report failure by panicking

use catalog::{CatalogFiles, Severity, load_catalog, load_catalog_dir};
use std::collections::HashMap;
use std::path::PathBuf;

/// This crate's folder, read at run time (`cargo test` sets it): test binaries may have been built from another
/// checkout sharing the target folder.
fn crate_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn assets_dir() -> PathBuf {
    crate_dir().join("../../assets")
}

/// The real assets with some files replaced or removed, in memory.
struct Patched {
    overrides: HashMap<String, Option<Vec<u8>>>,
}

impl Patched {
    fn new() -> Self {
        Self {
            overrides: HashMap::new(),
        }
    }
    fn with(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Self {
        self.overrides.insert(path.into(), Some(bytes.into()));
        self
    }
    fn without(mut self, path: &str) -> Self {
        self.overrides.insert(path.into(), None);
        self
    }
    fn original(path: &str) -> String {
        std::fs::read_to_string(assets_dir().join(path)).unwrap_or_default()
    }
}

impl CatalogFiles for Patched {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        match self.overrides.get(path) {
            Some(Some(bytes)) => Ok(bytes.clone()),
            Some(None) => Err("No such file or directory (os error 2)".into()),
            None => std::fs::read(assets_dir().join(path)).map_err(|e| e.to_string()),
        }
    }
}

const SOLITAIRE: &str = "catalog/products/etoile-solitaire.ron";

#[test]
fn bundled_catalog_is_valid_and_complete() {
    let catalog = load_catalog_dir(&assets_dir()).expect("the bundled manifest loads");
    let errors: Vec<String> = catalog.errors().map(|p| p.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(catalog.products.len(), catalog.manifest.products.len());
    let count = |c: catalog::Category| {
        catalog
            .products
            .iter()
            .filter(|e| e.product.category == c)
            .count()
    };
    assert!(count(catalog::Category::Ring) >= 4);
    assert!(count(catalog::Category::Watch) >= 3);
    assert!(count(catalog::Category::Bracelet) >= 2);
    assert!(count(catalog::Category::Necklace) >= 2);
    assert!(count(catalog::Category::Earrings) >= 2);
    assert!(count(catalog::Category::Garment) >= 2);
    assert!(count(catalog::Category::Eyewear) + count(catalog::Category::Bag) >= 1);
    for entry in &catalog.products {
        // Every variant the catalog offers exists in its model.
        for group in &entry.product.variants {
            for option in &group.options {
                assert!(
                    entry.model.variants.contains(&option.gltf_variant),
                    "{} {}",
                    entry.product.sku,
                    option.gltf_variant
                );
            }
        }
    }
}

#[test]
fn rings_are_modelled_at_real_size() {
    let catalog = load_catalog_dir(&assets_dir()).expect("loads");
    for entry in catalog
        .products
        .iter()
        .filter(|e| e.product.category == catalog::Category::Ring)
    {
        let size = entry.model.size_m();
        // A ring is about 2 cm across (17.3 mm inner diameter plus the band), not 2 m or 2 mm.
        assert!(
            (0.018..0.035).contains(&size[0]),
            "{}: {:?}",
            entry.product.sku,
            size
        );
    }
}

fn problems_for(files: &Patched) -> (catalog::Catalog, Vec<String>) {
    let catalog = load_catalog(files).expect("manifest loads");
    let messages = catalog.errors().map(|p| p.to_string()).collect();
    (catalog, messages)
}

#[test]
fn typo_in_a_field_name_names_file_line_and_field() {
    let text = Patched::original(SOLITAIRE).replacen("collection:", "colection:", 1);
    let (catalog, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("catalog/products/etoile-solitaire.ron:4:"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("colection"), "{}", errors[0]);
    assert!(catalog.product("AUR-RG-SOL01").is_none());
    assert_eq!(
        catalog.products.len(),
        catalog.manifest.products.len() - 1,
        "the rest still loads"
    );
}

#[test]
fn wrong_enum_value_lists_what_is_allowed() {
    let text = Patched::original(SOLITAIRE).replacen("category: Ring", "category: Rings", 1);
    let (_, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("field `category`"), "{}", errors[0]);
    assert!(
        errors[0].contains("Ring") && errors[0].contains("Watch"),
        "{}",
        errors[0]
    );
}

#[test]
fn unknown_variant_is_rejected_with_the_known_ones() {
    let text = Patched::original(SOLITAIRE).replacen(
        "gltf_variant: \"rose_gold\"",
        "gltf_variant: \"red_gold\"",
        1,
    );
    let (catalog, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("product \"AUR-RG-SOL01\""),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("variants[0].options[2].gltf_variant"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("unknown variant \"red_gold\"") && errors[0].contains("rose_gold"),
        "{}",
        errors[0]
    );
    assert!(catalog.product("AUR-RG-PAV02").is_some());
}

#[test]
fn missing_model_file_is_reported_and_skipped() {
    let (catalog, errors) =
        problems_for(&Patched::new().without("models/rings/etoile_solitaire.glb"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("field `model`")
            && errors[0].contains("cannot read \"models/rings/etoile_solitaire.glb\""),
        "{}",
        errors[0]
    );
    assert!(catalog.product("AUR-RG-SOL01").is_none());
    assert!(!catalog.products.is_empty());
}

#[test]
fn truncated_glb_is_reported() {
    let model = "models/rings/etoile_solitaire.glb";
    let bytes = std::fs::read(assets_dir().join(model)).expect("model exists");
    let (_, errors) = problems_for(&Patched::new().with(model, &bytes[..bytes.len() / 2]));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("truncated"), "{}", errors[0]);
}

/// A GLB holding one embedded PNG whose header claims `width` × `height` (and no pixel data at all).
fn glb_with_embedded_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    while !png.len().is_multiple_of(4) {
        png.push(0);
    }
    let json = format!(
        r#"{{"asset":{{"version":"2.0"}},"buffers":[{{"byteLength":{n}}}],"bufferViews":[{{"buffer":0,"byteLength":{n}}}],"images":[{{"bufferView":0,"mimeType":"image/png"}}]}}"#,
        n = png.len()
    );
    let mut json = json.into_bytes();
    while !json.len().is_multiple_of(4) {
        json.push(b' ');
    }
    let total = 12 + 8 + json.len() + 8 + png.len();
    let mut glb = b"glTF".to_vec();
    glb.extend_from_slice(&2u32.to_le_bytes());
    glb.extend_from_slice(&(total as u32).to_le_bytes());
    glb.extend_from_slice(&(json.len() as u32).to_le_bytes());
    glb.extend_from_slice(b"JSON");
    glb.extend_from_slice(&json);
    glb.extend_from_slice(&(png.len() as u32).to_le_bytes());
    glb.extend_from_slice(b"BIN\0");
    glb.extend_from_slice(&png);
    glb
}

#[test]
fn a_model_whose_texture_claims_a_huge_size_is_left_out_before_decoding() {
    let model = "models/rings/etoile_solitaire.glb";
    let (catalog, errors) =
        problems_for(&Patched::new().with(model, glb_with_embedded_png(65_000, 65_000)));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("texture 0 claims 65000×65000 px")
            && errors[0].contains("16384 px per side"),
        "{}",
        errors[0]
    );
    assert!(catalog.product("AUR-RG-SOL01").is_none());
    // Within the bounds the texture passes this check (the model then fails for having no mesh).
    let (_, errors) = problems_for(&Patched::new().with(model, glb_with_embedded_png(512, 512)));
    assert!(
        errors.len() == 1 && errors[0].contains("no mesh"),
        "{errors:#?}"
    );
}

#[test]
fn wrong_magic_is_reported() {
    let model = "models/rings/etoile_solitaire.glb";
    let mut bytes = std::fs::read(assets_dir().join(model)).expect("model exists");
    bytes[..4].copy_from_slice(b"GLTF");
    let (_, errors) = problems_for(&Patched::new().with(model, bytes));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("not a GLB file") && errors[0].contains("\"GLTF\""),
        "{}",
        errors[0]
    );
}

#[test]
fn implausible_try_on_size_suggests_a_unit_mistake() {
    let text = Patched::original(SOLITAIRE).replacen("size_mm: 17.3", "size_mm: 1.73", 1);
    let (_, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("try_on.size_mm") && errors[0].contains("another unit"),
        "{}",
        errors[0]
    );
}

#[test]
fn broken_manifest_is_fatal_with_position() {
    let text = Patched::original("catalog/catalog.ron").replacen(
        "format_version: 1,",
        "format_version: 1,,",
        1,
    );
    let err = load_catalog(&Patched::new().with("catalog/catalog.ron", text)).expect_err("fatal");
    assert_eq!(err.severity, Severity::Error);
    assert!(err.to_string().starts_with("catalog/catalog.ron:"), "{err}");
    assert!(err.position.is_some());
}

#[test]
fn duplicate_sku_is_rejected() {
    let text = Patched::original("catalog/products/pave-eternity.ron").replacen(
        "AUR-RG-PAV02",
        "AUR-RG-SOL01",
        1,
    );
    let (_, errors) =
        problems_for(&Patched::new().with("catalog/products/pave-eternity.ron", text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("already used"), "{}", errors[0]);
}

#[test]
fn gifting_keywords_need_every_language_and_occasions_are_checked() {
    let text = Patched::original(SOLITAIRE).replacen(
        "zh: \"求婚, 订婚戒指, 钻戒, 结婚, 嫁给我\"",
        "zh: \"\"",
        1,
    );
    let (catalog, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("field `gifting.keywords`") && errors[0].contains("zh"),
        "{}",
        errors[0]
    );
    assert!(catalog.product("AUR-RG-SOL01").is_none());
    let text =
        Patched::original(SOLITAIRE).replacen("occasions: [Engagement", "occasions: [Engagment", 1);
    let (_, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("Engagment") && errors[0].contains("Anniversary"),
        "{}",
        errors[0]
    );
    // Every bundled product carries its gifting advice.
    let catalog = load_catalog_dir(&assets_dir()).expect("loads");
    assert!(catalog.products.iter().all(|e| e.product.gifting.is_some()));
}

#[test]
fn the_demo_pass_opens_the_salon_and_the_catalog_holds_no_code() {
    let catalog = load_catalog_dir(&assets_dir()).expect("bundled catalog loads");
    let passes = &catalog.manifest.passes;
    assert!(
        catalog::any_opens(passes, catalog::Room::SalonPrive, "1698"),
        "the README's demo pass"
    );
    assert!(!catalog::any_opens(
        passes,
        catalog::Room::SalonPrive,
        "1699"
    ));
    let manifest = Patched::original("catalog/catalog.ron");
    assert!(
        !manifest.contains("\"1698\""),
        "the code itself is not in the catalog"
    );
}

#[test]
fn a_mangled_pass_is_a_warning_naming_its_field_and_the_rest_loads() {
    let original = Patched::original("catalog/catalog.ron");
    let start = original.find("hash: \"sha256:").expect("a pass entry") + "hash: \"".len();
    let text = format!(
        "{}sha256:nothex{}",
        &original[..start],
        &original[start + "sha256:".len() + 6..]
    );
    let (catalog, errors) = problems_for(&Patched::new().with("catalog/catalog.ron", text));
    assert!(errors.is_empty(), "{errors:#?}");
    let warning = catalog
        .problems
        .iter()
        .find(|p| p.field.as_deref() == Some("passes[0].hash"))
        .expect("a warning at passes[0].hash");
    assert_eq!(warning.severity, Severity::Warning);
    assert!(
        warning.message.contains("opens nothing"),
        "{}",
        warning.message
    );
    assert!(!catalog::any_opens(
        &catalog.manifest.passes,
        catalog::Room::SalonPrive,
        "1698"
    ));
    assert_eq!(catalog.products.len(), catalog.manifest.products.len());
}

#[test]
fn a_maison_name_the_sign_cannot_draw_is_an_error_at_its_field_and_the_boutique_still_opens() {
    let text = Patched::original("catalog/catalog.ron").replacen(
        "name: \"Maison Aurelle\"",
        "name: \"Maison Aurelle 金 №5\"",
        1,
    );
    let (catalog, errors) = problems_for(&Patched::new().with("catalog/catalog.ron", text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = catalog.errors().next().expect("the sign's error");
    assert_eq!(error.field.as_deref(), Some("maison.name"));
    assert!(
        error.message.contains("\"金\" (U+91D1)") && error.message.contains("\"№\" (U+2116)"),
        "{}",
        error.message
    );
    assert_eq!(
        catalog.products.len(),
        catalog.manifest.products.len(),
        "the rest loads"
    );
    // Accents, digits, the ampersand and the apostrophe are drawn.
    let text = Patched::original("catalog/catalog.ron").replacen(
        "name: \"Maison Aurelle\"",
        "name: \"Maison Aurélle & Fils d’Orsay, 1837\"",
        1,
    );
    let (_, errors) = problems_for(&Patched::new().with("catalog/catalog.ron", text));
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_materials_shown_follow_the_chosen_metal_and_stone() {
    let catalog = load_catalog_dir(&assets_dir()).expect("loads");
    let mut groups_naming_materials = 0;
    for entry in &catalog.products {
        let product = &entry.product;
        let defaults: Vec<String> = product
            .variants
            .iter()
            .map(|g| g.options[0].gltf_variant.clone())
            .collect();
        for (g, group) in product.variants.iter().enumerate() {
            // A metal is a material: a shopper who chooses rose gold must never read "950 platinum".
            if group.kind == catalog::VariantKind::Metal {
                assert!(
                    group.options.iter().all(|o| o.material.is_some()),
                    "{}: every metal names its material",
                    product.sku
                );
            }
            if group.options.iter().all(|o| o.material.is_none()) {
                continue;
            }
            groups_naming_materials += 1;
            for option in &group.options {
                let mut chosen = defaults.clone();
                chosen[g] = option.gltf_variant.clone();
                let shown = product.materials_for(&chosen);
                let own = option.material.as_deref().expect("checked by validation");
                assert!(
                    shown.contains(&own),
                    "{} {}: {shown:?}",
                    product.sku,
                    option.id
                );
                for other in group
                    .options
                    .iter()
                    .filter(|o| o.material.as_deref() != Some(own))
                {
                    let other = other.material.as_deref().unwrap_or_default();
                    assert!(
                        !shown.contains(&other),
                        "{} {}: {shown:?}",
                        product.sku,
                        option.id
                    );
                }
                // The materials every variant shares come after the chosen ones.
                assert!(
                    shown.ends_with(
                        &product
                            .materials
                            .iter()
                            .map(String::as_str)
                            .collect::<Vec<_>>()
                    )
                );
            }
        }
    }
    assert!(groups_naming_materials >= 20, "{groups_naming_materials}");
}

#[test]
fn an_option_without_its_material_in_a_group_that_names_them_is_an_error() {
    let text = Patched::original(SOLITAIRE).replacen("material: Some(\"18k rose gold\"),", "", 1);
    let (catalog, errors) = problems_for(&Patched::new().with(SOLITAIRE, text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("variants[0].options[2].material")
            && errors[0].contains("other options of this group name theirs"),
        "{}",
        errors[0]
    );
    assert!(catalog.product("AUR-RG-PAV02").is_some());
    // No material anywhere is an error at `materials`.
    let text = Patched::original("catalog/products/maille-chain.ron")
        .lines()
        .filter(|l| !l.trim_start().starts_with("material: Some("))
        .collect::<Vec<_>>()
        .join("\n");
    let (_, errors) = problems_for(&Patched::new().with("catalog/products/maille-chain.ron", text));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].contains("field `materials`"), "{}", errors[0]);
}
