//! Everything Vitrine makes from numbers instead of files: noise, the boutique's surface textures, cubemaps written
//! from a radiance function and meshes generated from a profile. No plugin, no systems: pure functions the scenes
//! call once at start-up.

pub(crate) mod cubemap;
pub(crate) mod meshes;
pub(crate) mod noise;
pub(crate) mod textures;
