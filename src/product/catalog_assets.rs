//! Loads the catalog through Bevy's asset server (so the same code works on the desktop and in the browser) and
//! reports every problem once, clearly, without stopping the app.

use bevy::asset::{AssetLoader, LoadContext, io::Reader};
use bevy::prelude::*;
use catalog::{Catalog, CatalogFiles, Manifest, Product};
use std::collections::HashMap;

use crate::assets::CATALOG_MANIFEST;

pub(crate) fn plugin(app: &mut App) {
    app.init_asset::<CatalogAsset>()
        .register_asset_loader(CatalogLoader)
        .add_systems(Startup, start_loading)
        .add_systems(
            Update,
            publish_catalog.run_if(not(resource_exists::<LoadedCatalog>)),
        );
}

/// The catalog as an asset: the validated catalog, or why the manifest itself could not be used.
#[derive(Asset, TypePath, Debug)]
pub struct CatalogAsset(pub Result<Catalog, catalog::CatalogProblem>);

/// The catalog once loaded; products that failed validation are not in it.
#[derive(Resource, Debug, Clone)]
pub struct LoadedCatalog(pub Catalog);

#[derive(Resource)]
pub struct CatalogHandle(pub Handle<CatalogAsset>);

#[derive(Default, TypePath)]
struct CatalogLoader;

/// Files read ahead through the asset reader, served to the catalog crate's synchronous loader.
struct PrefetchedFiles(HashMap<String, Result<Vec<u8>, String>>);

impl CatalogFiles for PrefetchedFiles {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        match self.0.get(path) {
            Some(result) => result.clone(),
            None => Err("not found".into()),
        }
    }
}

async fn fetch(load_context: &mut LoadContext<'_>, files: &mut PrefetchedFiles, path: &str) {
    if files.0.contains_key(path) {
        return;
    }
    let result = load_context
        .read_asset_bytes(path.to_string())
        .await
        .map_err(|e| e.to_string());
    files.0.insert(path.to_string(), result);
}

impl AssetLoader for CatalogLoader {
    type Asset = CatalogAsset;
    type Settings = ();
    type Error = std::io::Error;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<CatalogAsset, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let mut files = PrefetchedFiles(HashMap::new());
        let manifest_path = format!("{}/{}", catalog::CATALOG_DIR, catalog::MANIFEST_FILE);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        files.0.insert(manifest_path.clone(), Ok(bytes));
        // Read every product file and model the manifest names, then validate all of it in one go.
        if let Ok(manifest) = catalog::parse_ron::<Manifest>(&manifest_path, &text) {
            for product_file in &manifest.products {
                let path = format!("{}/{product_file}", catalog::CATALOG_DIR);
                fetch(load_context, &mut files, &path).await;
                let model = match files.0.get(&path) {
                    Some(Ok(bytes)) => {
                        catalog::parse_ron::<Product>(&path, &String::from_utf8_lossy(bytes))
                            .ok()
                            .map(|p| p.model)
                    }
                    _ => None,
                };
                if let Some(model) = model {
                    fetch(load_context, &mut files, &model).await;
                }
            }
        }
        Ok(CatalogAsset(catalog::load_catalog(&files)))
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn start_loading(mut commands: Commands, asset_server: Res<AssetServer>) {
    commands.insert_resource(CatalogHandle(asset_server.load(CATALOG_MANIFEST)));
}

/// Logs the catalog's problems once and publishes it as a resource; a fatal manifest error leaves an empty catalog.
fn publish_catalog(
    mut commands: Commands,
    handle: Option<Res<CatalogHandle>>,
    assets: Res<Assets<CatalogAsset>>,
    asset_server: Res<AssetServer>,
) {
    let Some(handle) = handle else { return };
    let catalog = match assets.get(&handle.0) {
        Some(CatalogAsset(Ok(catalog))) => catalog.clone(),
        Some(CatalogAsset(Err(fatal))) => {
            error!("The catalog cannot be used: {fatal}");
            empty_catalog()
        }
        None => {
            if let Some(bevy::asset::LoadState::Failed(e)) = asset_server.get_load_state(&handle.0)
            {
                error!("Cannot load {CATALOG_MANIFEST}: {e}");
                empty_catalog()
            } else {
                return;
            }
        }
    };
    for problem in &catalog.problems {
        match problem.severity {
            catalog::Severity::Error => error!("{problem} (this product is left out)"),
            catalog::Severity::Warning => warn!("{problem}"),
        }
    }
    info!(
        "Catalog of {}: {} products ready, {} left out",
        catalog.manifest.maison.name,
        catalog.products.len(),
        catalog.errors().count()
    );
    commands.insert_resource(LoadedCatalog(catalog));
}

fn empty_catalog() -> Catalog {
    Catalog {
        manifest: Manifest {
            format_version: catalog::FORMAT_VERSION,
            maison: catalog::Maison {
                name: "Vitrine".into(),
                founded_year: 2026,
                city: String::new(),
                tagline: Default::default(),
                story: Default::default(),
                craft: None,
            },
            collections: Vec::new(),
            products: Vec::new(),
            passes: Vec::new(),
        },
        products: Vec::new(),
        problems: Vec::new(),
    }
}
