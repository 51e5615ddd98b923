//! Rules a manifest and each product must satisfy beyond what the schema's types already enforce.

use crate::glb::{GlbError, GlbSummary};
use crate::schema::*;
use crate::{CatalogProblem, FORMAT_VERSION};

/// Why a product's model could not be checked.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelFault {
    Missing(String),
    Glb(GlbError),
}

/// The outcome of reading a product's GLB.
pub type ModelCheck = Result<GlbSummary, ModelFault>;

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_sku(sku: &str) -> bool {
    !sku.is_empty()
        && sku
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

fn check_localized(file: &str, field: &str, text: &Localized, out: &mut Vec<CatalogProblem>) {
    let missing = text.missing();
    if !missing.is_empty() {
        let codes: Vec<&str> = missing.iter().map(|l| l.code()).collect();
        out.push(
            CatalogProblem::error(
                file,
                format!(
                    "empty text for {}; every language (en, it, zh, fr) needs one",
                    codes.join(", ")
                ),
            )
            .at_field(field),
        );
    }
}

fn check_gifting(file: &str, gifting: &Gifting, out: &mut Vec<CatalogProblem>) {
    if let Some(keywords) = &gifting.keywords {
        check_localized(file, "gifting.keywords", keywords, out);
    }
    if gifting.for_whom.is_empty() && gifting.occasions.is_empty() && gifting.keywords.is_none() {
        out.push(
            CatalogProblem::warning(
                file,
                "is empty: give for_whom, occasions or keywords, or leave it out",
            )
            .at_field("gifting"),
        );
    }
    fn first_repeat<T: PartialEq>(items: &[T]) -> Option<usize> {
        (1..items.len()).find(|&i| items[..i].contains(&items[i]))
    }
    if let Some(i) = first_repeat(&gifting.for_whom) {
        out.push(
            CatalogProblem::warning(file, format!("{:?} is listed twice", gifting.for_whom[i]))
                .at_field(format!("gifting.for_whom[{i}]")),
        );
    }
    if let Some(i) = first_repeat(&gifting.occasions) {
        out.push(
            CatalogProblem::warning(file, format!("{:?} is listed twice", gifting.occasions[i]))
                .at_field(format!("gifting.occasions[{i}]")),
        );
    }
}

/// Checks `catalog.ron` beyond its schema.
pub fn validate_manifest(file: &str, manifest: &Manifest) -> Vec<CatalogProblem> {
    let mut out = Vec::new();
    if manifest.format_version != FORMAT_VERSION {
        out.push(
            CatalogProblem::error(
                file,
                format!(
                    "found {}, this version of Vitrine reads format {FORMAT_VERSION}",
                    manifest.format_version
                ),
            )
            .at_field("format_version"),
        );
    }
    if manifest.maison.name.trim().is_empty() {
        out.push(CatalogProblem::error(file, "the maison needs a name").at_field("maison.name"));
    }
    check_localized(file, "maison.tagline", &manifest.maison.tagline, &mut out);
    check_localized(file, "maison.story", &manifest.maison.story, &mut out);
    if let Some(craft) = &manifest.maison.craft {
        check_localized(file, "maison.craft", craft, &mut out);
    }
    for (i, collection) in manifest.collections.iter().enumerate() {
        if !is_slug(&collection.id) {
            out.push(
                CatalogProblem::error(
                    file,
                    format!(
                        "found \"{}\", expected lower-case letters, digits, '-' or '_'",
                        collection.id
                    ),
                )
                .at_field(format!("collections[{i}].id")),
            );
        }
        if manifest.collections[..i]
            .iter()
            .any(|c| c.id == collection.id)
        {
            out.push(
                CatalogProblem::error(
                    file,
                    format!("collection id \"{}\" is used twice", collection.id),
                )
                .at_field(format!("collections[{i}].id")),
            );
        }
        check_localized(
            file,
            &format!("collections[{i}].name"),
            &collection.name,
            &mut out,
        );
        check_localized(
            file,
            &format!("collections[{i}].description"),
            &collection.description,
            &mut out,
        );
    }
    if manifest.products.is_empty() {
        out.push(
            CatalogProblem::warning(file, "the catalog lists no products").at_field("products"),
        );
    }
    for (i, pass) in manifest.passes.iter().enumerate() {
        // A warning, not an error: the boutique opens with the rest, and this pass opens nothing.
        if let Err(e) = crate::PassHash::parse(&pass.hash) {
            out.push(
                CatalogProblem::warning(file, format!("this pass opens nothing: {e}"))
                    .at_field(format!("passes[{i}].hash")),
            );
        }
        if pass.rooms.is_empty() {
            out.push(
                CatalogProblem::warning(file, "this pass opens no room")
                    .at_field(format!("passes[{i}].rooms")),
            );
        }
        if pass.label.as_ref().is_some_and(|l| l.trim().is_empty()) {
            out.push(
                CatalogProblem::warning(file, "an empty label: leave it out instead")
                    .at_field(format!("passes[{i}].label")),
            );
        }
    }
    out
}

/// The maison's name against the sign's stroke alphabet: each character it cannot draw is an error at `maison.name`
/// (the catalog check fails), though not a fatal one: the boutique opens and the sign leaves those characters out.
pub fn validate_sign(file: &str, manifest: &Manifest) -> Vec<CatalogProblem> {
    let missing = crate::sign::undrawable(&manifest.maison.name);
    if missing.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = missing
        .iter()
        .map(|c| format!("\"{c}\" (U+{:04X})", *c as u32))
        .collect();
    vec![
        CatalogProblem::error(
            file,
            format!(
                "the sign over the door cannot draw {}: it draws {}",
                listed.join(", "),
                crate::sign::DRAWN
            ),
        )
        .at_field("maison.name"),
    ]
}

/// Which anchors make sense for a category.
fn anchors_for(category: Category) -> &'static [&'static str] {
    match category {
        Category::Ring => &["Finger"],
        Category::Watch | Category::Bracelet => &["Wrist"],
        Category::Necklace => &["Neck"],
        Category::Earrings => &["Ears"],
        Category::Garment => &["Torso", "Neck"],
        Category::Eyewear => &["Head"],
        Category::Bag => &["Wrist", "Torso"],
    }
}

/// Largest plausible dimension of a product of this category, metres (catches models authored in millimetres).
fn max_size_m(category: Category) -> f32 {
    match category {
        Category::Ring | Category::Earrings => 0.08,
        Category::Watch | Category::Bracelet => 0.30,
        Category::Necklace => 0.60,
        Category::Eyewear => 0.20,
        Category::Bag => 0.60,
        Category::Garment => 1.50,
    }
}

/// Checks one product against the manifest and its model. Errors mean the product is left out.
pub fn validate_product(
    file: &str,
    product: &Product,
    manifest: &Manifest,
    model: &ModelCheck,
) -> Vec<CatalogProblem> {
    let sku = product.sku.as_str();
    let mut out = Vec::new();
    let mut error = |field: &str, message: String| {
        out.push(
            CatalogProblem::error(file, message)
                .in_product(sku)
                .at_field(field),
        );
    };
    if !is_sku(sku) {
        error(
            "sku",
            format!("found \"{sku}\", expected upper-case letters, digits and '-'"),
        );
    }
    if !manifest
        .collections
        .iter()
        .any(|c| c.id == product.collection)
    {
        let known: Vec<&str> = manifest.collections.iter().map(|c| c.id.as_str()).collect();
        error(
            "collection",
            format!(
                "found \"{}\", expected one of: {}",
                product.collection,
                known.join(", ")
            ),
        );
    }
    if product.prices.is_empty() {
        error("prices", "found no price, expected at least one".into());
    }
    for (i, price) in product.prices.iter().enumerate() {
        if price.amount == 0 {
            error(
                &format!("prices[{i}].amount"),
                "found 0, expected a positive amount".into(),
            );
        }
        if product.prices[..i]
            .iter()
            .any(|p| p.currency == price.currency)
        {
            error(
                &format!("prices[{i}].currency"),
                format!("{:?} is priced twice", price.currency),
            );
        }
    }
    let option_materials = product
        .variants
        .iter()
        .flat_map(|g| &g.options)
        .any(|o| o.material.is_some());
    if product.materials.is_empty() && !option_materials {
        error(
            "materials",
            "found none, expected at least one material (here or in the variants' `material`)"
                .into(),
        );
    }
    for (i, material) in product.materials.iter().enumerate() {
        if material.trim().is_empty() {
            error(&format!("materials[{i}]"), "found an empty material".into());
        }
    }
    if !product.model.ends_with(".glb") {
        error(
            "model",
            format!("found \"{}\", expected a .glb file", product.model),
        );
    }
    check_localized(file, "name", &product.name, &mut out);
    check_localized(file, "description", &product.description, &mut out);
    check_localized(file, "care", &product.care, &mut out);
    if let Some(gifting) = &product.gifting {
        check_gifting(file, gifting, &mut out);
    }
    for problem in out.iter_mut() {
        problem.product.get_or_insert_with(|| sku.to_string());
    }
    let mut error = |field: &str, message: String| {
        out.push(
            CatalogProblem::error(file, message)
                .in_product(sku)
                .at_field(field),
        );
    };

    let gltf_variants: Option<&[String]> = model.as_ref().ok().map(|m| m.variants.as_slice());
    let mut seen_kinds = Vec::new();
    for (g, group) in product.variants.iter().enumerate() {
        if seen_kinds.contains(&group.kind) {
            error(
                &format!("variants[{g}].kind"),
                format!("{:?} appears twice", group.kind),
            );
        }
        seen_kinds.push(group.kind);
        if group.options.is_empty() {
            error(
                &format!("variants[{g}].options"),
                "found none, expected at least one option".into(),
            );
        }
        for (o, option) in group.options.iter().enumerate() {
            let field = format!("variants[{g}].options[{o}]");
            if !is_slug(&option.id) {
                error(
                    &format!("{field}.id"),
                    format!(
                        "found \"{}\", expected lower-case letters, digits, '-' or '_'",
                        option.id
                    ),
                );
            }
            if group.options[..o].iter().any(|other| other.id == option.id) {
                error(
                    &format!("{field}.id"),
                    format!("option id \"{}\" is used twice", option.id),
                );
            }
            if option.label.missing().len() == Language::ALL.len() {
                error(
                    &format!("{field}.label"),
                    "found no label in any language".into(),
                );
            }
            if let Some(known) = gltf_variants
                && !known.iter().any(|v| v == &option.gltf_variant)
            {
                error(
                    &format!("{field}.gltf_variant"),
                    format!(
                        "unknown variant \"{}\": {} defines {}",
                        option.gltf_variant,
                        product.model,
                        if known.is_empty() {
                            "no KHR_materials_variants".to_string()
                        } else {
                            format!("only: {}", known.join(", "))
                        }
                    ),
                );
            }
            let group_names_materials = group.options.iter().any(|o| o.material.is_some());
            match option.material.as_deref() {
                None if group_names_materials => error(
                    &format!("{field}.material"),
                    "found none, but other options of this group name theirs: the materials shown would \
                     leave it out"
                        .into(),
                ),
                Some(m) if m.trim().is_empty() => {
                    error(&format!("{field}.material"), "found an empty material".into())
                }
                _ => {}
            }
            if let Some(reference) = product.prices.first()
                && option.price_delta < 0
                && option.price_delta.unsigned_abs() >= reference.amount
            {
                error(
                    &format!("{field}.price_delta"),
                    format!(
                        "{} would make the price zero or negative",
                        option.price_delta
                    ),
                );
            }
        }
    }

    if let Some(limited) = product.limited_edition
        && limited.edition_size == 0
    {
        error(
            "limited_edition.edition_size",
            "found 0, expected at least one piece".into(),
        );
    }

    if let Some(spec) = &product.try_on {
        let allowed = anchors_for(product.category);
        if !allowed.contains(&spec.anchor.name()) {
            error(
                "try_on.anchor",
                format!(
                    "{} cannot be worn on {:?}; for {:?} use one of: {}",
                    spec.anchor.name(),
                    spec.anchor,
                    product.category,
                    allowed.join(", ")
                ),
            );
        }
        let (low, high) = spec.size_reference.plausible_mm();
        if !(low..=high).contains(&spec.size_mm) {
            error(
                "try_on.size_mm",
                format!(
                    "found {} mm, expected {low}–{high} mm for {:?} (is it in another unit?)",
                    spec.size_mm, spec.size_reference
                ),
            );
        }
        if !(0.0..=40.0).contains(&spec.fit.ease_mm) {
            error(
                "try_on.fit.ease_mm",
                format!("found {}, expected 0–40 mm", spec.fit.ease_mm),
            );
        }
    }

    match model {
        Err(ModelFault::Missing(reason)) => error(
            "model",
            format!("cannot read \"{}\": {reason}", product.model),
        ),
        Err(ModelFault::Glb(glb)) => error(
            "model",
            format!("\"{}\" is not a usable model: {glb}", product.model),
        ),
        Ok(summary) => {
            let largest = summary.size_m().into_iter().fold(0.0_f32, f32::max);
            if largest > max_size_m(product.category) {
                error(
                    "model",
                    format!(
                        "\"{}\" is {largest:.3} m across, expected at most {} m for {:?} (models are in metres)",
                        product.model,
                        max_size_m(product.category),
                        product.category
                    ),
                );
            }
        }
    }
    out
}
