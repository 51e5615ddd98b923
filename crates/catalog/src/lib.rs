//! Vitrine's catalog: the manifest schema, parsing with precise error locations, and validation of every product
//! against its GLB model. No Bevy here: the app, the asset generator and `vitrine catalog check` share this crate.

mod glb;
mod money;
mod pass;
mod schema;
pub mod sign;
mod validate;

pub use glb::{GlbError, GlbSummary, inspect_glb, triangles_m};
pub use money::{format_price, preferred_price, price_with_options};
pub use pass::{Pass, PassHash, PassHashError, Room, SALT_BYTES, any_opens};
pub use schema::*;
pub use validate::{ModelCheck, validate_manifest, validate_product, validate_sign};

use std::fmt;
use std::path::Path;

/// How bad a problem is: errors remove the product (or, in `catalog.ron`, the catalog); warnings keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with the catalog, located precisely enough to fix it without searching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogProblem {
    pub severity: Severity,
    /// Path of the file, as the user knows it (e.g. `catalog/products/solitaire.ron`).
    pub file: String,
    /// `line:column` in the file, when known.
    pub position: Option<(usize, usize)>,
    /// SKU of the product, when known.
    pub product: Option<String>,
    /// Field path inside the file, e.g. `prices[0].currency`.
    pub field: Option<String>,
    pub message: String,
}

impl CatalogProblem {
    pub fn error(file: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_string(),
            position: None,
            product: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    pub fn in_product(mut self, sku: &str) -> Self {
        self.product = Some(sku.to_string());
        self
    }

    pub fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl fmt::Display for CatalogProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.file)?;
        if let Some((line, column)) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(product) = &self.product {
            write!(f, ": product \"{product}\"")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CatalogProblem {}

/// A loaded catalog: what validated, and what did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub manifest: Manifest,
    /// Products that passed validation, in manifest order, with their model summary.
    pub products: Vec<CatalogEntry>,
    /// Every problem found, errors and warnings.
    pub problems: Vec<CatalogProblem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogEntry {
    pub product: Product,
    /// The product file, relative to the catalog folder.
    pub file: String,
    pub model: GlbSummary,
}

impl Catalog {
    pub fn errors(&self) -> impl Iterator<Item = &CatalogProblem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
    }

    pub fn product(&self, sku: &str) -> Option<&CatalogEntry> {
        self.products.iter().find(|e| e.product.sku == sku)
    }

    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.manifest.collections.iter().find(|c| c.id == id)
    }
}

/// Deserialises RON with the field path and line:column of any error.
pub fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
) -> Result<T, CatalogProblem> {
    let mut deserializer = match ron::Deserializer::from_str(text) {
        Ok(d) => d,
        Err(e) => {
            let mut problem = CatalogProblem::error(file, e.code.to_string());
            problem.position = Some((e.span.start.line, e.span.start.col));
            return Err(problem);
        }
    };
    let result: Result<T, serde_path_to_error::Error<ron::Error>> =
        serde_path_to_error::deserialize(&mut deserializer);
    match result {
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(code) => {
                let spanned = deserializer.span_error(code);
                let mut problem = CatalogProblem::error(file, spanned.code.to_string());
                problem.position = Some((spanned.span.start.line, spanned.span.start.col));
                Err(problem)
            }
        },
        Err(error) => {
            let path = error.path().to_string();
            let spanned = deserializer.span_error(error.into_inner());
            let mut problem = CatalogProblem::error(file, spanned.code.to_string());
            problem.position = Some((spanned.span.start.line, spanned.span.start.col));
            if path != "." && !path.is_empty() {
                problem.field = Some(path);
            }
            Err(problem)
        }
    }
}

/// Reads files of a catalog, wherever they live (a folder, an asset server, a test's memory).
pub trait CatalogFiles {
    /// Reads `path`, relative to the assets folder (e.g. `catalog/catalog.ron`, `models/rings/x.glb`).
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
}

/// A catalog in a folder on disk: `root` is the assets folder that holds `catalog/`.
pub struct DirFiles<'a>(pub &'a Path);

impl CatalogFiles for DirFiles<'_> {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.0.join(path)).map_err(|e| e.to_string())
    }
}

/// The catalog folder inside the assets folder.
pub const CATALOG_DIR: &str = "catalog";
/// The manifest file inside the catalog folder.
pub const MANIFEST_FILE: &str = "catalog.ron";

/// Loads and validates the whole catalog. Only a broken `catalog.ron` is fatal; a bad product is left out and reported.
pub fn load_catalog(files: &dyn CatalogFiles) -> Result<Catalog, CatalogProblem> {
    let manifest_path = format!("{CATALOG_DIR}/{MANIFEST_FILE}");
    let bytes = files.read(&manifest_path).map_err(|e| {
        CatalogProblem::error(&manifest_path, format!("cannot read the manifest: {e}"))
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CatalogProblem::error(&manifest_path, "the file is not UTF-8 text"))?;
    let manifest: Manifest = parse_ron(&manifest_path, &text)?;
    let mut problems = validate_manifest(&manifest_path, &manifest);
    if let Some(fatal) = problems.iter().find(|p| p.severity == Severity::Error) {
        return Err(fatal.clone());
    }
    // Errors that `catalog check` must fail on, but that leave the boutique usable: the sign draws what it can.
    problems.extend(validate_sign(&manifest_path, &manifest));

    let mut products: Vec<CatalogEntry> = Vec::new();
    for product_file in &manifest.products {
        let path = format!("{CATALOG_DIR}/{product_file}");
        let text = match files.read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    problems.push(CatalogProblem::error(&path, "the file is not UTF-8 text"));
                    continue;
                }
            },
            Err(e) => {
                problems.push(
                    CatalogProblem::error(
                        &manifest_path,
                        format!("cannot read product file \"{product_file}\": {e}"),
                    )
                    .at_field("products"),
                );
                continue;
            }
        };
        let product: Product = match parse_ron(&path, &text) {
            Ok(p) => p,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if products.iter().any(|e| e.product.sku == product.sku) {
            problems.push(
                CatalogProblem::error(&path, "this SKU is already used by an earlier product")
                    .in_product(&product.sku)
                    .at_field("sku"),
            );
            continue;
        }
        let model = match files.read(&product.model) {
            Ok(bytes) => inspect_glb(&bytes).map_err(validate::ModelFault::Glb),
            Err(e) => Err(validate::ModelFault::Missing(e)),
        };
        let found = validate_product(&path, &product, &manifest, &model);
        let failed = found.iter().any(|p| p.severity == Severity::Error);
        problems.extend(found);
        if let (false, Ok(summary)) = (failed, model) {
            products.push(CatalogEntry {
                product,
                file: product_file.clone(),
                model: summary,
            });
        }
    }
    Ok(Catalog {
        manifest,
        products,
        problems,
    })
}

/// Loads the catalog from an assets folder on disk.
pub fn load_catalog_dir(assets_dir: &Path) -> Result<Catalog, CatalogProblem> {
    load_catalog(&DirFiles(assets_dir))
}
