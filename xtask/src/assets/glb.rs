//! Writes deterministic GLB files (glTF 2.0 binary) from procedural meshes and PBR materials,
//! with `KHR_materials_variants` for metal, stone, strap and colourway choices.

use super::mesh::Mesh;
use glam::{Quat, Vec3};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// A glTF material as JSON, plus the extensions it uses.
#[derive(Clone)]
pub struct Material {
    pub name: String,
    pub json: Value,
    pub extensions: Vec<&'static str>,
}

/// A primitive: a mesh, its default material and its variant → material mappings.
pub struct Primitive {
    pub mesh: Mesh,
    pub material: usize,
    /// (variant name, material index)
    pub variants: Vec<(String, usize)>,
}

pub struct Node {
    pub name: String,
    pub primitives: Vec<Primitive>,
    pub translation: Vec3,
    pub rotation: Quat,
}

#[derive(Default)]
pub struct Scene {
    pub materials: Vec<Material>,
    pub variants: Vec<String>,
    pub nodes: Vec<Node>,
}

impl Scene {
    /// Adds a material (or finds one with the same name) and returns its index.
    pub fn material(&mut self, material: &Material) -> usize {
        if let Some(i) = self.materials.iter().position(|m| m.name == material.name) {
            return i;
        }
        self.materials.push(material.clone());
        self.materials.len() - 1
    }

    /// Declares a variant name (once) and returns its index.
    pub fn variant(&mut self, name: &str) -> usize {
        if let Some(i) = self.variants.iter().position(|v| v == name) {
            return i;
        }
        self.variants.push(name.to_string());
        self.variants.len() - 1
    }

    /// Adds a node with one primitive per (mesh, choice set); `choices` lists (variant, material) pairs, the first
    /// being the default.
    pub fn part(&mut self, name: &str, mesh: Mesh, choices: &[(&str, &Material)]) {
        let primitive = self.primitive(mesh, choices);
        self.nodes.push(Node {
            name: name.to_string(),
            primitives: vec![primitive],
            translation: Vec3::ZERO,
            rotation: Quat::IDENTITY,
        });
    }

    /// A part that never changes material.
    pub fn fixed(&mut self, name: &str, mesh: Mesh, material: &Material) {
        let index = self.material(material);
        self.nodes.push(Node {
            name: name.to_string(),
            primitives: vec![Primitive {
                mesh,
                material: index,
                variants: Vec::new(),
            }],
            translation: Vec3::ZERO,
            rotation: Quat::IDENTITY,
        });
    }

    fn primitive(&mut self, mesh: Mesh, choices: &[(&str, &Material)]) -> Primitive {
        let mut variants = Vec::new();
        let mut default = 0;
        for (i, (variant, material)) in choices.iter().enumerate() {
            let m = self.material(material);
            if i == 0 {
                default = m;
            }
            self.variant(variant);
            variants.push((variant.to_string(), m));
        }
        Primitive {
            mesh,
            material: default,
            variants,
        }
    }

    pub fn triangle_count(&self) -> usize {
        self.nodes
            .iter()
            .flat_map(|n| &n.primitives)
            .map(|p| p.mesh.triangle_count())
            .sum()
    }

    /// Serialises the scene as GLB bytes. Output depends only on the input (sorted JSON keys, fixed layout).
    pub fn to_glb(&self, scene_name: &str) -> Vec<u8> {
        let mut bin: Vec<u8> = Vec::new();
        let mut views = Vec::new();
        let mut accessors = Vec::new();
        let mut meshes = Vec::new();
        let mut nodes = Vec::new();
        let mut used: BTreeSet<&str> = BTreeSet::new();

        let mut push_view = |bin: &mut Vec<u8>, bytes: &[u8], target: u32| -> usize {
            while !bin.len().is_multiple_of(4) {
                bin.push(0);
            }
            let offset = bin.len();
            bin.extend_from_slice(bytes);
            views.push(json!({"buffer": 0, "byteOffset": offset, "byteLength": bytes.len(), "target": target}));
            views.len() - 1
        };

        for node in &self.nodes {
            let mut primitives = Vec::new();
            for primitive in &node.primitives {
                let mesh = &primitive.mesh;
                let (lo, hi) = mesh.bounds();
                let pos_bytes: Vec<u8> = mesh
                    .positions
                    .iter()
                    .flat_map(|p| p.to_array())
                    .flat_map(f32::to_le_bytes)
                    .collect();
                let nrm_bytes: Vec<u8> = mesh
                    .normals
                    .iter()
                    .flat_map(|n| n.to_array())
                    .flat_map(f32::to_le_bytes)
                    .collect();
                let pos_view = push_view(&mut bin, &pos_bytes, 34962);
                accessors.push(json!({"bufferView": pos_view, "componentType": 5126, "count": mesh.positions.len(),
                    "type": "VEC3", "min": lo.to_array(), "max": hi.to_array()}));
                let pos_acc = accessors.len() - 1;
                let nrm_view = push_view(&mut bin, &nrm_bytes, 34962);
                accessors.push(json!({"bufferView": nrm_view, "componentType": 5126, "count": mesh.normals.len(), "type": "VEC3"}));
                let nrm_acc = accessors.len() - 1;
                let (idx_bytes, component) = if mesh.positions.len() <= u16::MAX as usize {
                    (
                        mesh.indices
                            .iter()
                            .flat_map(|i| (*i as u16).to_le_bytes())
                            .collect::<Vec<u8>>(),
                        5123,
                    )
                } else {
                    (
                        mesh.indices
                            .iter()
                            .flat_map(|i| i.to_le_bytes())
                            .collect::<Vec<u8>>(),
                        5125,
                    )
                };
                let idx_view = push_view(&mut bin, &idx_bytes, 34963);
                accessors.push(json!({"bufferView": idx_view, "componentType": component, "count": mesh.indices.len(), "type": "SCALAR"}));
                let idx_acc = accessors.len() - 1;
                let mut p = json!({"attributes": {"POSITION": pos_acc, "NORMAL": nrm_acc}, "indices": idx_acc,
                    "material": primitive.material, "mode": 4});
                if !primitive.variants.is_empty() {
                    // Group variants by material, as the extension asks.
                    let mut mappings: Vec<(usize, Vec<usize>)> = Vec::new();
                    for (variant, material) in &primitive.variants {
                        let v = self.variants.iter().position(|n| n == variant).unwrap_or(0);
                        match mappings.iter_mut().find(|(m, _)| m == material) {
                            Some((_, list)) => list.push(v),
                            None => mappings.push((*material, vec![v])),
                        }
                    }
                    let mappings: Vec<Value> = mappings
                        .into_iter()
                        .map(|(m, vs)| json!({"material": m, "variants": vs}))
                        .collect();
                    p["extensions"] = json!({"KHR_materials_variants": {"mappings": mappings}});
                    used.insert("KHR_materials_variants");
                }
                primitives.push(p);
            }
            meshes.push(json!({"name": node.name, "primitives": primitives}));
            let mut n = json!({"name": node.name, "mesh": meshes.len() - 1});
            if node.translation != Vec3::ZERO {
                n["translation"] = json!(node.translation.to_array());
            }
            if node.rotation != Quat::IDENTITY {
                n["rotation"] = json!(node.rotation.normalize().to_array());
            }
            nodes.push(n);
        }
        while !bin.len().is_multiple_of(4) {
            bin.push(0);
        }

        let materials: Vec<Value> = self
            .materials
            .iter()
            .map(|m| {
                for e in &m.extensions {
                    used.insert(e);
                }
                let mut v = m.json.clone();
                v["name"] = json!(m.name);
                v
            })
            .collect();
        let mut root = json!({
            "asset": {"version": "2.0", "generator": "vitrine xtask assets"},
            "scene": 0,
            "scenes": [{"name": scene_name, "nodes": (0..nodes.len()).collect::<Vec<_>>()}],
            "nodes": nodes,
            "meshes": meshes,
            "materials": materials,
            "accessors": accessors,
            "bufferViews": views,
            "buffers": [{"byteLength": bin.len()}],
        });
        if !self.variants.is_empty() {
            let list: Vec<Value> = self.variants.iter().map(|v| json!({"name": v})).collect();
            root["extensions"] = json!({"KHR_materials_variants": {"variants": list}});
        }
        if !used.is_empty() {
            root["extensionsUsed"] = json!(used.into_iter().collect::<Vec<_>>());
        }
        let mut text = serde_json::to_vec(&root).unwrap_or_default();
        while !text.len().is_multiple_of(4) {
            text.push(b' ');
        }
        let total = 12 + 8 + text.len() + 8 + bin.len();
        let mut out = Vec::with_capacity(total);
        out.extend_from_slice(b"glTF");
        out.extend_from_slice(&2u32.to_le_bytes());
        out.extend_from_slice(&(total as u32).to_le_bytes());
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(b"JSON");
        out.extend_from_slice(&text);
        out.extend_from_slice(&(bin.len() as u32).to_le_bytes());
        out.extend_from_slice(b"BIN\0");
        out.extend_from_slice(&bin);
        out
    }
}

/// PBR material helpers; colours are linear RGB.
pub fn metal(name: &str, rgb: [f32; 3], roughness: f32) -> Material {
    Material {
        name: name.into(),
        json: json!({"pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0],
            "metallicFactor": 1.0, "roughnessFactor": roughness}}),
        extensions: vec![],
    }
}

/// Brushed (satin-finished) metal: the fine grain scatters the reflection, so it is rougher than polished metal.
/// (Not `KHR_materials_anisotropy`: it needs tangents and UVs, which these procedural meshes do not carry.)
pub fn brushed(name: &str, rgb: [f32; 3], roughness: f32) -> Material {
    metal(name, rgb, roughness)
}

/// A transparent gem: transmission, index of refraction, volume attenuation for its colour.
pub fn gem(name: &str, rgb: [f32; 3], ior: f32, attenuation_m: f32) -> Material {
    Material {
        name: name.into(),
        json: json!({
            "pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.0},
            "extensions": {
                "KHR_materials_transmission": {"transmissionFactor": 1.0},
                "KHR_materials_ior": {"ior": ior},
                "KHR_materials_volume": {"thicknessFactor": 0.004, "attenuationDistance": attenuation_m,
                    "attenuationColor": rgb},
                "KHR_materials_specular": {"specularFactor": 1.0}
            }
        }),
        extensions: vec![
            "KHR_materials_transmission",
            "KHR_materials_ior",
            "KHR_materials_volume",
            "KHR_materials_specular",
        ],
    }
}

/// A dielectric with an optional clear lacquer coat (pearls, enamel, lacquered dials, patent leather).
pub fn coated(
    name: &str,
    rgb: [f32; 3],
    roughness: f32,
    clearcoat: f32,
    clearcoat_roughness: f32,
) -> Material {
    let mut m = Material {
        name: name.into(),
        json: json!({"pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0],
            "metallicFactor": 0.0, "roughnessFactor": roughness}}),
        extensions: vec![],
    };
    if clearcoat > 0.0 {
        m.json["extensions"] = json!({"KHR_materials_clearcoat": {"clearcoatFactor": clearcoat,
            "clearcoatRoughnessFactor": clearcoat_roughness}});
        m.extensions.push("KHR_materials_clearcoat");
    }
    m
}

/// Cloth: silk and wool with `KHR_materials_sheen` (viewers without sheen show the base colour and roughness).
pub fn cloth(name: &str, rgb: [f32; 3], roughness: f32, sheen_rgb: [f32; 3]) -> Material {
    let mut ext = Map::new();
    ext.insert(
        "KHR_materials_sheen".into(),
        json!({"sheenColorFactor": sheen_rgb, "sheenRoughnessFactor": 0.4}),
    );
    let extensions = vec!["KHR_materials_sheen"];
    Material {
        name: name.into(),
        json: json!({"pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0],
            "metallicFactor": 0.0, "roughnessFactor": roughness}, "extensions": Value::Object(ext)}),
        extensions,
    }
}

/// Clear glass (watch crystal, sunglass lenses): thin-walled transmission.
pub fn glass(name: &str, rgb: [f32; 3], transmission: f32) -> Material {
    Material {
        name: name.into(),
        json: json!({
            "pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0], "metallicFactor": 0.0, "roughnessFactor": 0.02},
            "extensions": {"KHR_materials_transmission": {"transmissionFactor": transmission}, "KHR_materials_ior": {"ior": 1.5}}
        }),
        extensions: vec!["KHR_materials_transmission", "KHR_materials_ior"],
    }
}

pub fn emissive(name: &str, rgb: [f32; 3], glow: [f32; 3]) -> Material {
    Material {
        name: name.into(),
        json: json!({"pbrMetallicRoughness": {"baseColorFactor": [rgb[0], rgb[1], rgb[2], 1.0], "metallicFactor": 0.0,
            "roughnessFactor": 0.4}, "emissiveFactor": glow}),
        extensions: vec![],
    }
}
