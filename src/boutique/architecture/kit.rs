//! What the boutique is built from: a table of parts (`Part`: a shape in a `Finish`, placed by a transform), made
//! by the plan's builders in `exterior.rs` and `interior.rs` as plain data, and spawned with one shared mesh per
//! shape and one material per finish, so that repeated architecture is drawn instanced.

use bevy::prelude::*;

use super::{Architecture, ConciergeCounter, PrivateDoorLeaf, TryOnMirror};
use crate::boutique::layout::{COLUMN_HEIGHT_M, FACADE_HALF_WIDTH_M};
use crate::procedural::textures;

/// The paintings of the salon's gallery wall.
pub(super) const PAINTINGS: u8 = 3;

pub(super) struct Kit {
    /// The salon's paintings, one canvas each.
    paintings: Vec<Handle<StandardMaterial>>,
    cube: Handle<Mesh>,
    cylinder: Handle<Mesh>,
    sphere: Handle<Mesh>,
    /// Cut stone sized for the façade's wall, the arcade's piers, a neighbour's bay and the column's pedestal.
    ashlar_wall: Handle<StandardMaterial>,
    ashlar_pier: Handle<StandardMaterial>,
    ashlar_bay: Handle<StandardMaterial>,
    ashlar_pedestal: Handle<StandardMaterial>,
    /// The column's spiral frieze and the cloaked statue's cone.
    spiral: Handle<Mesh>,
    cone: Handle<Mesh>,
    /// Bronze in bas-relief (the column's frieze and panels).
    patina: Handle<StandardMaterial>,
    /// The same relief on the pedestal's 5 m panels, and the plain dark bronze of the shaft and statue.
    relief_panel: Handle<StandardMaterial>,
    bronze_dark: Handle<StandardMaterial>,
    /// A neighbouring house's shop window under the arcade, lit from inside.
    shopfront: Handle<StandardMaterial>,
    /// The maison's own shop windows: clear glass with a faint reflection.
    shop_glass: Handle<StandardMaterial>,
    /// The lit cases inside those shop windows.
    display_glow: Handle<StandardMaterial>,
    /// White-painted window frames and glazing bars.
    window_frame: Handle<StandardMaterial>,
    stone: Handle<StandardMaterial>,
    stone_dark: Handle<StandardMaterial>,
    slate: Handle<StandardMaterial>,
    paving: Handle<StandardMaterial>,
    window_glass: Handle<StandardMaterial>,
    gold: Handle<StandardMaterial>,
    bronze: Handle<StandardMaterial>,
    boiserie: Handle<StandardMaterial>,
    marble: Handle<StandardMaterial>,
    ceiling: Handle<StandardMaterial>,
    lacquer: Handle<StandardMaterial>,
    walnut: Handle<StandardMaterial>,
    velvet: Handle<StandardMaterial>,
    silk: Handle<StandardMaterial>,
    vitrine_glass: Handle<StandardMaterial>,
    mirror: Handle<StandardMaterial>,
    linen: Handle<StandardMaterial>,
    lamp: Handle<StandardMaterial>,
    crystal: Handle<StandardMaterial>,
    table_marble: Handle<StandardMaterial>,
}

/// The look of a part: one shared material each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Finish {
    AshlarWall,
    AshlarPier,
    AshlarBay,
    AshlarPedestal,
    Patina,
    ReliefPanel,
    BronzeDark,
    Shopfront,
    ShopGlass,
    DisplayGlow,
    WindowFrame,
    Stone,
    StoneDark,
    Slate,
    Paving,
    WindowGlass,
    Gold,
    Bronze,
    Boiserie,
    Marble,
    Ceiling,
    Lacquer,
    Walnut,
    Velvet,
    Silk,
    VitrineGlass,
    Mirror,
    Linen,
    Lamp,
    Crystal,
    TableMarble,
    /// One of the gallery's paintings (0..[`PAINTINGS`]).
    Painting(u8),
}

impl Finish {
    /// Glass lets the pointer through to the piece behind it.
    fn lets_the_pointer_through(self) -> bool {
        matches!(self, Self::VitrineGlass | Self::ShopGlass)
    }
}

/// The shape of a part: one shared mesh each (the unit cube, cylinder and sphere, scaled by the part's transform).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Cube,
    Cylinder,
    Sphere,
    Cone,
    /// The Vendôme column's spiral frieze.
    Spiral,
}

/// What a part is besides architecture, for the systems that look for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The try-on mirror's glass (a click opens the try-on).
    TryOnMirror,
    /// A leaf of the salon privé's door (hidden when the pass opens it).
    PrivateDoorLeaf,
    /// A part of the concierge's desk (a click opens the concierge).
    ConciergeDesk,
}

/// One part of the architecture, as data.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Part {
    pub(super) shape: Shape,
    pub(super) finish: Finish,
    pub(super) transform: Transform,
    pub(super) role: Option<Role>,
}

/// A table of parts, filled by the builders below and spawned at once.
#[derive(Debug, Default)]
pub(super) struct Parts(pub(super) Vec<Part>);

impl Parts {
    /// A part of any shape, placed by `transform`.
    pub(super) fn shaped(
        &mut self,
        shape: Shape,
        finish: Finish,
        transform: Transform,
    ) -> &mut Part {
        self.0.push(Part {
            shape,
            finish,
            transform,
            role: None,
        });
        let last = self.0.len() - 1;
        &mut self.0[last]
    }

    /// A box from its centre and size.
    pub(super) fn block(&mut self, finish: Finish, centre: Vec3, size: Vec3) -> &mut Part {
        self.shaped(
            Shape::Cube,
            finish,
            Transform::from_translation(centre).with_scale(size),
        )
    }

    /// Boxes from a table of (finish, centre, size).
    pub(super) fn blocks(&mut self, table: impl IntoIterator<Item = (Finish, Vec3, Vec3)>) {
        for (finish, centre, size) in table {
            self.block(finish, centre, size);
        }
    }

    /// A box from its centre and size, turned by `rotation` about its centre.
    pub(super) fn block_rotated(
        &mut self,
        finish: Finish,
        centre: Vec3,
        size: Vec3,
        rotation: Quat,
    ) {
        self.shaped(
            Shape::Cube,
            finish,
            Transform {
                translation: centre,
                rotation,
                scale: size,
            },
        );
    }

    /// An upright cylinder standing on `base`.
    pub(super) fn cylinder(&mut self, finish: Finish, base: Vec3, radius: f32, height: f32) {
        self.shaped(
            Shape::Cylinder,
            finish,
            Transform::from_translation(base + Vec3::Y * height / 2.0).with_scale(Vec3::new(
                radius * 2.0,
                height,
                radius * 2.0,
            )),
        );
    }

    /// The parts of `other`, moved as one by `placement` (a neighbour's façade turned with the octagon).
    pub(super) fn append_placed(&mut self, placement: Transform, other: Parts) {
        self.0.extend(other.0.into_iter().map(|part| Part {
            transform: placement * part.transform,
            ..part
        }));
    }

    /// Spawns every part: its shape's mesh in its finish's material.
    pub(super) fn spawn(&self, commands: &mut Commands, kit: &Kit) {
        for part in &self.0 {
            let mut entity = commands.spawn((
                Architecture,
                Mesh3d(kit.mesh(part.shape).clone()),
                MeshMaterial3d(kit.material(part.finish).clone()),
                part.transform,
            ));
            if part.finish.lets_the_pointer_through() {
                entity.insert(Pickable::IGNORE);
            }
            match part.role {
                Some(Role::TryOnMirror) => {
                    entity.insert(TryOnMirror);
                }
                Some(Role::PrivateDoorLeaf) => {
                    entity.insert(PrivateDoorLeaf);
                }
                Some(Role::ConciergeDesk) => {
                    entity.insert(ConciergeCounter);
                }
                None => {}
            }
        }
    }
}

fn material(color: Color, roughness: f32, metallic: f32) -> StandardMaterial {
    StandardMaterial {
        base_color: color,
        perceptual_roughness: roughness,
        metallic,
        ..default()
    }
}

impl Kit {
    pub(super) fn new(
        meshes: &mut Assets<Mesh>,
        materials: &mut Assets<StandardMaterial>,
        images: &mut Assets<Image>,
    ) -> Self {
        let marble_image = images.add(textures::marble_texture(
            512,
            [0.93, 0.9, 0.84],
            [0.55, 0.54, 0.53],
        ));
        let table_image = images.add(textures::marble_texture(
            256,
            [0.95, 0.94, 0.92],
            [0.3, 0.3, 0.32],
        ));
        let paving_image = images.add(textures::paving_texture());
        let ashlar_image = images.add(textures::ashlar_texture());
        // Cut stone for a face `size_m` wide and high: the texture's 2.4 × 1.2 m tile repeated at real scale.
        let mut ashlar = |size_m: Vec2, tint: Color| {
            materials.add(StandardMaterial {
                base_color: tint,
                base_color_texture: Some(ashlar_image.clone()),
                perceptual_roughness: 0.88,
                uv_transform: bevy::math::Affine2::from_scale(size_m / Vec2::new(2.4, 1.2)),
                ..default()
            })
        };
        let ashlar_wall = ashlar(Vec2::new(2.0 * FACADE_HALF_WIDTH_M, 9.4), Color::WHITE);
        let ashlar_pier = ashlar(Vec2::new(0.7, 5.1), Color::srgb(0.92, 0.9, 0.86));
        let ashlar_bay = ashlar(Vec2::new(4.0, 19.2), Color::WHITE);
        let ashlar_pedestal = ashlar(Vec2::new(6.5, 5.0), Color::srgb(0.95, 0.93, 0.9));
        let relief_image = images.add(textures::relief_texture());
        let paintings = (0..PAINTINGS)
            .map(|k| {
                let canvas = images.add(textures::painting_texture(u32::from(k)));
                materials.add(StandardMaterial {
                    base_color_texture: Some(canvas),
                    perceptual_roughness: 0.8,
                    ..default()
                })
            })
            .collect();
        Kit {
            paintings,
            spiral: meshes.add(crate::procedural::meshes::spiral_frieze_mesh(
                1.8,
                COLUMN_HEIGHT_M - 9.0 - 0.6,
                22.0,
                1.05,
                0.14,
            )),
            cone: meshes.add(Cone::new(0.55, 1.0).mesh().resolution(16)),
            patina: materials.add(StandardMaterial {
                base_color_texture: Some(relief_image.clone()),
                perceptual_roughness: 0.5,
                metallic: 0.75,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(0.25, 1.0)),
                ..default()
            }),
            relief_panel: materials.add(StandardMaterial {
                base_color_texture: Some(relief_image),
                perceptual_roughness: 0.5,
                metallic: 0.75,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(1.25, 1.0)),
                ..default()
            }),
            bronze_dark: materials.add(material(Color::srgb(0.13, 0.11, 0.08), 0.45, 0.8)),
            shopfront: materials.add(StandardMaterial {
                base_color: Color::srgb(0.03, 0.025, 0.02),
                emissive: LinearRgba::rgb(0.07, 0.045, 0.025),
                perceptual_roughness: 0.1,
                reflectance: 0.6,
                ..default()
            }),
            shop_glass: materials.add(StandardMaterial {
                base_color: Color::srgba(0.9, 0.95, 1.0, 0.04),
                perceptual_roughness: 0.0,
                reflectance: 0.3,
                alpha_mode: AlphaMode::Blend,
                ..default()
            }),
            display_glow: materials.add(StandardMaterial {
                base_color: Color::srgb(0.3, 0.24, 0.18),
                emissive: LinearRgba::rgb(0.75, 0.55, 0.34),
                ..default()
            }),
            window_frame: materials.add(material(Color::srgb(0.9, 0.89, 0.85), 0.5, 0.0)),
            cube: meshes.add(Cuboid::new(1.0, 1.0, 1.0)),
            cylinder: meshes.add(Cylinder::new(0.5, 1.0).mesh().resolution(24)),
            sphere: meshes.add(Sphere::new(0.5).mesh().uv(16, 10)),
            ashlar_wall,
            ashlar_pier,
            ashlar_bay,
            ashlar_pedestal,
            stone: materials.add(material(Color::srgb(0.86, 0.81, 0.72), 0.85, 0.0)),
            stone_dark: materials.add(material(Color::srgb(0.74, 0.69, 0.6), 0.9, 0.0)),
            slate: materials.add(material(Color::srgb(0.22, 0.24, 0.28), 0.55, 0.15)),
            paving: materials.add(StandardMaterial {
                base_color_texture: Some(paving_image),
                perceptual_roughness: 0.85,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::new(40.0, 22.5)),
                ..default()
            }),
            window_glass: materials.add(StandardMaterial {
                base_color: Color::srgb(0.05, 0.065, 0.085),
                perceptual_roughness: 0.06,
                reflectance: 0.5,
                ..default()
            }),
            gold: materials.add(material(Color::srgb(1.0, 0.8, 0.46), 0.22, 1.0)),
            bronze: materials.add(material(Color::srgb(0.3, 0.25, 0.17), 0.45, 1.0)),
            boiserie: materials.add(material(Color::srgb(0.96, 0.92, 0.84), 0.55, 0.0)),
            marble: materials.add(StandardMaterial {
                base_color_texture: Some(marble_image),
                perceptual_roughness: 0.12,
                reflectance: 0.6,
                uv_transform: bevy::math::Affine2::from_scale(Vec2::splat(4.0)),
                ..default()
            }),
            ceiling: materials.add(material(Color::srgb(0.95, 0.94, 0.9), 0.9, 0.0)),
            lacquer: materials.add(material(Color::srgb(0.05, 0.045, 0.045), 0.18, 0.0)),
            walnut: materials.add(material(Color::srgb(0.25, 0.14, 0.08), 0.45, 0.0)),
            velvet: materials.add(StandardMaterial {
                base_color: Color::srgb(0.32, 0.04, 0.07),
                perceptual_roughness: 0.95,
                ..default()
            }),
            silk: materials.add(StandardMaterial {
                base_color: Color::srgb(0.1, 0.22, 0.18),
                perceptual_roughness: 0.7,
                reflectance: 0.3,
                ..default()
            }),
            vitrine_glass: materials.add(StandardMaterial {
                base_color: Color::srgba(0.9, 0.96, 1.0, 0.05),
                perceptual_roughness: 0.02,
                // Low-iron display glass: a faint reflection of the salon, not a veil over the piece.
                reflectance: 0.3,
                alpha_mode: AlphaMode::Blend,
                ..default()
            }),
            mirror: materials.add(material(Color::srgb(0.95, 0.95, 0.95), 0.03, 1.0)),
            linen: materials.add(material(Color::srgb(0.86, 0.82, 0.74), 0.95, 0.0)),
            lamp: materials.add(StandardMaterial {
                base_color: Color::srgb(1.0, 0.9, 0.7),
                emissive: LinearRgba::rgb(6.0, 4.6, 2.8),
                ..default()
            }),
            crystal: materials.add(StandardMaterial {
                base_color: Color::srgb(1.0, 0.97, 0.9),
                emissive: LinearRgba::rgb(2.5, 2.2, 1.6),
                perceptual_roughness: 0.05,
                ..default()
            }),
            table_marble: materials.add(StandardMaterial {
                base_color_texture: Some(table_image),
                perceptual_roughness: 0.15,
                reflectance: 0.5,
                ..default()
            }),
        }
    }

    fn mesh(&self, shape: Shape) -> &Handle<Mesh> {
        match shape {
            Shape::Cube => &self.cube,
            Shape::Cylinder => &self.cylinder,
            Shape::Sphere => &self.sphere,
            Shape::Cone => &self.cone,
            Shape::Spiral => &self.spiral,
        }
    }

    fn material(&self, finish: Finish) -> &Handle<StandardMaterial> {
        match finish {
            Finish::AshlarWall => &self.ashlar_wall,
            Finish::AshlarPier => &self.ashlar_pier,
            Finish::AshlarBay => &self.ashlar_bay,
            Finish::AshlarPedestal => &self.ashlar_pedestal,
            Finish::Patina => &self.patina,
            Finish::ReliefPanel => &self.relief_panel,
            Finish::BronzeDark => &self.bronze_dark,
            Finish::Shopfront => &self.shopfront,
            Finish::ShopGlass => &self.shop_glass,
            Finish::DisplayGlow => &self.display_glow,
            Finish::WindowFrame => &self.window_frame,
            Finish::Stone => &self.stone,
            Finish::StoneDark => &self.stone_dark,
            Finish::Slate => &self.slate,
            Finish::Paving => &self.paving,
            Finish::WindowGlass => &self.window_glass,
            Finish::Gold => &self.gold,
            Finish::Bronze => &self.bronze,
            Finish::Boiserie => &self.boiserie,
            Finish::Marble => &self.marble,
            Finish::Ceiling => &self.ceiling,
            Finish::Lacquer => &self.lacquer,
            Finish::Walnut => &self.walnut,
            Finish::Velvet => &self.velvet,
            Finish::Silk => &self.silk,
            Finish::VitrineGlass => &self.vitrine_glass,
            Finish::Mirror => &self.mirror,
            Finish::Linen => &self.linen,
            Finish::Lamp => &self.lamp,
            Finish::Crystal => &self.crystal,
            Finish::TableMarble => &self.table_marble,
            Finish::Painting(k) => {
                let last = self.paintings.len().saturating_sub(1);
                &self.paintings[usize::from(k).min(last)]
            }
        }
    }
}
