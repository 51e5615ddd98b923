//! The boutique's plan, as pure data: rooms, walls with their door openings, where every catalog product goes
//! (by category), hotspots, named views and the guided tour. No Bevy here, so the plan is unit-tested directly and
//! the collision and tour tests run without rendering.
//!
//! Axes: +Y up, metres. The storefront runs along z = 0 facing +Z, towards Place Vendôme and its column; the
//! boutique is behind it (z < 0): entrance hall, main salon, and the salon privé at the back.

use bevy::math::cubic_splines::{CubicCardinalSpline, CubicCurve, CubicGenerator};
use bevy::math::{Quat, Vec2, Vec3};

/// Eye height of a standing shopper, metres.
pub const EYE_HEIGHT_M: f32 = 1.62;
/// The walker is a circle of this radius: it keeps this far from walls and vitrines.
pub const BODY_RADIUS_M: f32 = 0.3;
/// Storey height of the boutique's ground floor (the arcade).
pub const CEILING_M: f32 = 5.2;
/// Height of the display surface of pedestals and vitrines.
pub const DISPLAY_TOP_M: f32 = 1.05;

/// A box on the floor plan (x, z), from `min` to `max`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Footprint {
    pub min: Vec2,
    pub max: Vec2,
}

impl Footprint {
    pub fn new(min: Vec2, max: Vec2) -> Self {
        Self {
            min: min.min(max),
            max: min.max(max),
        }
    }

    pub fn centre(&self) -> Vec2 {
        (self.min + self.max) / 2.0
    }

    pub fn size(&self) -> Vec2 {
        self.max - self.min
    }

    pub fn contains(&self, p: Vec2) -> bool {
        p.cmpge(self.min).all() && p.cmple(self.max).all()
    }

    /// Distance from `p` to the box (0 inside).
    #[cfg(test)]
    pub fn distance(&self, p: Vec2) -> f32 {
        (p.clamp(self.min, self.max) - p).length()
    }

    /// Moves `p` out of the box grown by `radius`, along the shortest way.
    pub fn push_out(&self, p: Vec2, radius: f32) -> Vec2 {
        let nearest = p.clamp(self.min, self.max);
        let d = p - nearest;
        let distance = d.length();
        if distance >= radius {
            return p;
        }
        if distance > 1e-6 {
            return nearest + d / distance * radius;
        }
        // Inside the box: leave by the nearest side.
        let exits = [
            (
                p.x - self.min.x + radius,
                Vec2::new(self.min.x - radius, p.y),
            ),
            (
                self.max.x - p.x + radius,
                Vec2::new(self.max.x + radius, p.y),
            ),
            (
                p.y - self.min.y + radius,
                Vec2::new(p.x, self.min.y - radius),
            ),
            (
                self.max.y - p.y + radius,
                Vec2::new(p.x, self.max.y + radius),
            ),
        ];
        exits
            .into_iter()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map_or(p, |(_, q)| q)
    }
}

/// What stands somewhere in the boutique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixtureKind {
    /// A wall of the building (with a height of the ceiling).
    Wall,
    /// A glass vitrine on a plinth: jewellery.
    JewelleryCase,
    /// Niches in a panelled wall: watches.
    WatchWall,
    /// A dress form on a base: garments.
    Mannequin,
    /// A marble table: eyewear, bags, accessories.
    AccessoryTable,
    /// The vitrines of the salon privé: limited editions.
    PrivateCase,
    /// A shop window in the façade.
    ShopWindow,
    /// The try-on mirror station.
    Mirror,
    /// The concierge's desk in the entrance hall: a click opens the concierge.
    ConciergeDesk,
    /// The salon privé's door: solid until the pass is entered.
    PrivateDoor,
    /// An armchair or a low table in the salon privé.
    Seat,
    /// The pedestal of the Vendôme column (drawn with the place).
    Monument,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    pub kind: FixtureKind,
    pub footprint: Footprint,
    pub height_m: f32,
}

/// One product on display: where its centre goes and how it is turned and enlarged.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub sku: String,
    pub position_m: Vec3,
    pub rotation: Quat,
    /// The size its largest dimension is shown at (small pieces are enlarged in vitrines; never shrunk).
    pub display_size_m: f32,
    pub fixture: FixtureKind,
}

/// What the layout needs to know about a product.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductInfo {
    pub sku: String,
    pub category: catalog::Category,
    pub limited: bool,
    /// Largest dimension of the real piece.
    pub size_m: f32,
}

/// A named place and direction to look from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub eye_m: Vec3,
    pub target_m: Vec3,
}

/// A story told at a spot on the architecture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hotspot {
    pub story: Story,
    pub position_m: Vec3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Story {
    Maison,
    Craft,
    PlaceVendome,
    SalonPrive,
}

/// The named views of `vitrine render --view` and the stops of the guided tour.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // rendered headless on the desktop only
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewName {
    Place,
    Facade,
    Salon,
    WatchWall,
    Vitrine,
    SalonPrive,
}

#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
impl ViewName {
    pub const ALL: [ViewName; 6] = [
        ViewName::Place,
        ViewName::Facade,
        ViewName::Salon,
        ViewName::WatchWall,
        ViewName::Vitrine,
        ViewName::SalonPrive,
    ];

    pub fn parse(name: &str) -> Option<ViewName> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            ViewName::Place => "place",
            ViewName::Facade => "facade",
            ViewName::Salon => "salon",
            ViewName::WatchWall => "watch-wall",
            ViewName::Vitrine => "vitrine",
            ViewName::SalonPrive => "salon-prive",
        }
    }
}

pub struct BoutiqueLayout {
    pub fixtures: Vec<Fixture>,
    pub placements: Vec<Placement>,
    pub hotspots: Vec<Hotspot>,
    /// Where the walker starts: in front of the storefront, on the place.
    pub start: View,
    /// Inside this, the walker may go (the place in front and the boutique).
    pub walkable: Vec<Footprint>,
    /// The salon privé (behind its door).
    pub private_salon: Footprint,
    /// The rooms with floors and ceilings: the entrance hall, the salon, the salon privé.
    pub rooms: Vec<Footprint>,
    /// The pieces shown again in the shop windows (the first of the vitrines and the watch wall), two a window.
    pub shop_window_displays: Vec<Placement>,
    pub sign: SignPlate,
    pub chandeliers: Vec<Chandelier>,
    pub spots: Vec<Spot>,
}

/// The sign over the door: the face of its black lacquer plate (the gilded border stands proud of it all round).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignPlate {
    /// The centre of the plate's front face.
    pub centre_m: Vec3,
    /// Width and height of the lacquer face.
    pub size_m: Vec2,
}

/// A chandelier hanging from the ceiling of a room.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Chandelier {
    /// Where it hangs from, on the ceiling.
    pub ceiling_m: Vec3,
    /// The large model (for the salon's wide bays) or the small one.
    pub large: bool,
}

/// A spot light in the ceiling aimed at a run of displays.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    pub position_m: Vec3,
    pub target_m: Vec3,
    /// Only the first few spots cast shadows (each shadow is one more depth pass per frame).
    pub shadows: bool,
}

// The plan, in metres.
/// Half the width of the boutique's building on the place (its façade runs from x = -30 to 30 m).
pub const FACADE_HALF_WIDTH_M: f32 = 30.0;
/// The arcade's bays along the façade, centred on the door at x = 0.
pub const BAY_M: f32 = 4.0;
/// The bays (counted from the door) whose arches are the maison's shop windows.
const SHOP_WINDOW_BAYS: [f32; 2] = [-2.0, 2.0];
/// A shop window's display, as wide as the arch's glass, and as deep.
const SHOP_WINDOW_SIZE_M: Vec2 = Vec2::new(3.2, 0.9);
/// The sign plate over the door: its centre on the arcade's band, and its lacquer face.
const SIGN_CENTRE_M: Vec3 = Vec3::new(0.0, 5.35, 0.7);
const SIGN_SIZE_M: Vec2 = Vec2::new(3.4, 0.42);
/// A chandelier every this many metres along a room; the large model in rooms at least this wide.
const CHANDELIER_SPACING_M: f32 = 8.0;
const LARGE_CHANDELIER_ROOM_WIDTH_M: f32 = 16.0;
/// One spot light for up to this many vitrines in a row; the first this many spots cast shadows.
const CASES_PER_SPOT: usize = 4;
const SHADOWED_SPOTS: usize = 6;
const WALL_M: f32 = 0.4;
const HALL: Footprint = Footprint {
    min: Vec2::new(-4.5, -6.0),
    max: Vec2::new(4.5, 0.0),
};
const SALON: Footprint = Footprint {
    min: Vec2::new(-11.0, -22.0),
    max: Vec2::new(11.0, -6.0),
};
const PRIVATE: Footprint = Footprint {
    min: Vec2::new(-6.0, -31.0),
    max: Vec2::new(6.0, -22.0),
};
const PLACE: Footprint = Footprint {
    min: Vec2::new(-FACADE_HALF_WIDTH_M, 0.0),
    max: Vec2::new(FACADE_HALF_WIDTH_M, 60.0),
};
/// Where the watch wall is centred along the salon's west wall.
pub const WATCH_WALL_Z_M: f32 = -13.0;
/// Door openings (width), centred on x = 0.
const ENTRANCE_DOOR_M: f32 = 2.4;
const PRIVATE_DOOR_M: f32 = 1.8;
/// Where the column of Place Vendôme stands (the real one is ~110 m from the façades; brought nearer so that it
/// stands in the façade view).
pub const COLUMN_M: Vec3 = Vec3::new(-16.0, 0.0, 30.0);
pub const COLUMN_HEIGHT_M: f32 = 44.3;

fn wall(min: Vec2, max: Vec2) -> Fixture {
    Fixture {
        kind: FixtureKind::Wall,
        footprint: Footprint::new(min, max),
        height_m: CEILING_M,
    }
}

/// Walls along one side of a room from `a` to `b` (axis-aligned), with a centred opening of `door_m` (0: none).
fn wall_with_door(a: Vec2, b: Vec2, door_m: f32, out: &mut Vec<Fixture>) {
    let t = WALL_M / 2.0;
    let horizontal = (a.y - b.y).abs() < 1e-4;
    let (lo, hi) = if horizontal {
        (a.x.min(b.x), a.x.max(b.x))
    } else {
        (a.y.min(b.y), a.y.max(b.y))
    };
    let mid = (lo + hi) / 2.0;
    let segments: Vec<(f32, f32)> = if door_m > 0.0 {
        vec![(lo, mid - door_m / 2.0), (mid + door_m / 2.0, hi)]
    } else {
        vec![(lo, hi)]
    };
    for (s, e) in segments {
        if e - s < 1e-3 {
            continue;
        }
        out.push(if horizontal {
            wall(Vec2::new(s - t, a.y - t), Vec2::new(e + t, a.y + t))
        } else {
            wall(Vec2::new(a.x - t, s - t), Vec2::new(a.x + t, e + t))
        });
    }
}

/// Places products in slots; slot positions are display-centre positions.
fn place(
    products: &[&ProductInfo],
    slots: &[(Vec3, Quat)],
    fixture: FixtureKind,
    display_size_m: f32,
    out: &mut Vec<Placement>,
) {
    for (product, (position, rotation)) in products.iter().zip(slots) {
        out.push(Placement {
            sku: product.sku.clone(),
            position_m: *position,
            rotation: *rotation,
            display_size_m: display_size_m.max(product.size_m),
            fixture,
        });
    }
}

/// `count` slots along a line from `a` to `b` (inclusive ends inset by half a step).
fn along(a: Vec3, b: Vec3, count: usize, facing: Quat) -> Vec<(Vec3, Quat)> {
    (0..count)
        .map(|i| (a.lerp(b, (i as f32 + 0.5) / count.max(1) as f32), facing))
        .collect()
}

/// Chandeliers down the middle of each room, one every [`CHANDELIER_SPACING_M`] along its length (at least one).
fn chandeliers(rooms: &[Footprint]) -> Vec<Chandelier> {
    let mut out = Vec::new();
    for room in rooms {
        let length = room.size().y;
        let count = (length / CHANDELIER_SPACING_M).round().max(1.0);
        for i in 0..count as usize {
            let z = room.min.y + length * (i as f32 + 0.5) / count;
            out.push(Chandelier {
                ceiling_m: Vec3::new(room.centre().x, CEILING_M, z),
                large: room.size().x >= LARGE_CHANDELIER_ROOM_WIDTH_M,
            });
        }
    }
    out
}

/// Spot lights that follow the displays: one over every run of up to [`CASES_PER_SPOT`] vitrines in a row (in the
/// salon and in the salon privé), one for every 4 m of the watch wall, aimed from the ceiling in front of them.
fn spots(fixtures: &[Fixture]) -> Vec<Spot> {
    let mut aims: Vec<(Vec3, Vec3)> = Vec::new();
    for kind in [
        FixtureKind::JewelleryCase,
        FixtureKind::WatchWall,
        FixtureKind::PrivateCase,
    ] {
        let of_kind: Vec<&Footprint> = fixtures
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| &f.footprint)
            .collect();
        if kind == FixtureKind::WatchWall {
            for wall in of_kind {
                let face_x = wall.max.x;
                let runs = (wall.size().y / 4.0).round().max(1.0);
                for i in 0..runs as usize {
                    let z = wall.min.y + wall.size().y * (i as f32 + 0.5) / runs;
                    aims.push((
                        Vec3::new(face_x + 3.0, CEILING_M - 0.2, z),
                        Vec3::new(face_x, 1.6, z),
                    ));
                }
            }
            continue;
        }
        // Rows: vitrines that share an x (salon) or a z (salon privé), in order along the row.
        let mut rows: Vec<(bool, f32, Vec<Vec2>)> = Vec::new();
        let along_z = kind == FixtureKind::JewelleryCase;
        for f in of_kind {
            let c = f.centre();
            let key = if along_z { c.x } else { c.y };
            match rows.iter_mut().find(|(_, k, _)| (k - key).abs() < 0.05) {
                Some((_, _, members)) => members.push(c),
                None => rows.push((along_z, key, vec![c])),
            }
        }
        for (along_z, _, mut members) in rows {
            members.sort_by(|a, b| {
                if along_z {
                    b.y.total_cmp(&a.y)
                } else {
                    a.x.total_cmp(&b.x)
                }
            });
            for run in members.chunks(CASES_PER_SPOT) {
                let mid = run.iter().copied().sum::<Vec2>() / run.len() as f32;
                // From the aisle's side: towards +z (the salon's entrance) in rows down the salon, and from the
                // seats in the salon privé.
                let from = if along_z {
                    Vec2::new(mid.x, mid.y + 0.5)
                } else {
                    Vec2::new(mid.x, mid.y + 1.5)
                };
                aims.push((
                    Vec3::new(from.x, CEILING_M - 0.2, from.y),
                    Vec3::new(mid.x, 1.0, mid.y),
                ));
            }
        }
    }
    aims.into_iter()
        .enumerate()
        .map(|(i, (position_m, target_m))| Spot {
            position_m,
            target_m,
            shadows: i < SHADOWED_SPOTS,
        })
        .collect()
}

impl BoutiqueLayout {
    /// The plan for these products. Every product gets a place: categories fill their fixtures, and fixtures are
    /// added as the catalog grows.
    pub fn new(products: &[ProductInfo]) -> Self {
        use catalog::Category as C;
        let mut fixtures = Vec::new();
        // The building: façade wall with the entrance, the hall, the salon, the salon privé.
        wall_with_door(
            Vec2::new(-FACADE_HALF_WIDTH_M, 0.0),
            Vec2::new(FACADE_HALF_WIDTH_M, 0.0),
            ENTRANCE_DOOR_M,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(HALL.min.x, HALL.min.y),
            Vec2::new(HALL.min.x, HALL.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(HALL.max.x, HALL.min.y),
            Vec2::new(HALL.max.x, HALL.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(SALON.min.x, SALON.max.y),
            Vec2::new(SALON.max.x, SALON.max.y),
            HALL.size().x,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(SALON.min.x, SALON.min.y),
            Vec2::new(SALON.min.x, SALON.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(SALON.max.x, SALON.min.y),
            Vec2::new(SALON.max.x, SALON.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(SALON.min.x, SALON.min.y),
            Vec2::new(SALON.max.x, SALON.min.y),
            PRIVATE_DOOR_M,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(PRIVATE.min.x, PRIVATE.min.y),
            Vec2::new(PRIVATE.min.x, PRIVATE.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(PRIVATE.max.x, PRIVATE.min.y),
            Vec2::new(PRIVATE.max.x, PRIVATE.max.y),
            0.0,
            &mut fixtures,
        );
        wall_with_door(
            Vec2::new(PRIVATE.min.x, PRIVATE.min.y),
            Vec2::new(PRIVATE.max.x, PRIVATE.min.y),
            0.0,
            &mut fixtures,
        );
        fixtures.push(Fixture {
            kind: FixtureKind::PrivateDoor,
            footprint: Footprint::new(
                Vec2::new(-PRIVATE_DOOR_M / 2.0, SALON.min.y - WALL_M / 2.0),
                Vec2::new(PRIVATE_DOOR_M / 2.0, SALON.min.y + WALL_M / 2.0),
            ),
            height_m: 2.6,
        });

        let by = |f: &dyn Fn(&ProductInfo) -> bool| -> Vec<&ProductInfo> {
            products.iter().filter(|p| f(p)).collect()
        };
        let limited = by(&|p| p.limited);
        let jewellery = by(&|p| {
            !p.limited
                && matches!(
                    p.category,
                    C::Ring | C::Bracelet | C::Necklace | C::Earrings
                )
        });
        let watches = by(&|p| !p.limited && p.category == C::Watch);
        let garments = by(&|p| !p.limited && p.category == C::Garment);
        let accessories = by(&|p| {
            !p.limited
                && !matches!(
                    p.category,
                    C::Ring | C::Bracelet | C::Necklace | C::Earrings | C::Watch | C::Garment
                )
        });

        let mut placements = Vec::new();
        let face = |yaw_deg: f32| Quat::from_rotation_y(yaw_deg.to_radians());

        // Jewellery: free-standing vitrines in rows down the salon (centre rows first, then outer rows as the
        // catalog grows), one piece each, 1.45 m apart, facing the aisle.
        const PER_ROW: usize = 7;
        let rows = [-3.0f32, 3.0, -6.2, 6.2];
        let mut slots = Vec::new();
        let rows_used = jewellery.len().div_ceil(PER_ROW).clamp(2, rows.len());
        for (i, _) in jewellery.iter().enumerate() {
            let (x, k) = (rows[i % rows_used], i / rows_used);
            let z = -9.5 - k as f32 * 1.45;
            slots.push((
                Vec3::new(x, DISPLAY_TOP_M + 0.2, z),
                face(if x < 0.0 { 90.0 } else { -90.0 }),
            ));
            fixtures.push(Fixture {
                kind: FixtureKind::JewelleryCase,
                footprint: Footprint::new(
                    Vec2::new(x - 0.45, z - 0.45),
                    Vec2::new(x + 0.45, z + 0.45),
                ),
                height_m: DISPLAY_TOP_M + 0.55,
            });
        }
        place(
            &jewellery,
            &slots,
            FixtureKind::JewelleryCase,
            0.32,
            &mut placements,
        );

        // Watches: shelves on a walnut panel against the west wall, facing east, two rows.
        let wall_face_x = SALON.min.x + WALL_M / 2.0;
        let columns = watches.len().div_ceil(2).max(1);
        let watch_slots: Vec<(Vec3, Quat)> = (0..watches.len())
            .map(|i| {
                let (c, r) = (i / 2, i % 2);
                let z = WATCH_WALL_Z_M - (c as f32 - (columns as f32 - 1.0) / 2.0) * 1.3;
                (
                    Vec3::new(wall_face_x + 0.3, 1.3 + r as f32 * 0.7, z),
                    face(90.0),
                )
            })
            .collect();
        if !watches.is_empty() {
            let half = columns as f32 * 0.65 + 0.5;
            fixtures.push(Fixture {
                kind: FixtureKind::WatchWall,
                footprint: Footprint::new(
                    Vec2::new(SALON.min.x, WATCH_WALL_Z_M - half),
                    Vec2::new(wall_face_x + 0.45, WATCH_WALL_Z_M + half),
                ),
                height_m: 3.2,
            });
        }
        place(
            &watches,
            &watch_slots,
            FixtureKind::WatchWall,
            0.3,
            &mut placements,
        );

        // Garments: dress forms along the east wall, facing west.
        let garment_slots = along(
            Vec3::new(SALON.max.x - 1.3, 0.0, -8.5),
            Vec3::new(
                SALON.max.x - 1.3,
                0.0,
                -8.5 - 3.0 * garments.len().max(1) as f32,
            ),
            garments.len(),
            face(-90.0),
        );
        for (p, _) in &garment_slots {
            fixtures.push(Fixture {
                kind: FixtureKind::Mannequin,
                footprint: Footprint::new(
                    Vec2::new(p.x - 0.4, p.z - 0.4),
                    Vec2::new(p.x + 0.4, p.z + 0.4),
                ),
                height_m: 1.8,
            });
        }
        // A garment hangs from its neck point at shoulder height.
        let garment_slots: Vec<(Vec3, Quat)> = garment_slots
            .into_iter()
            .map(|(p, q)| (p + Vec3::Y * 1.2, q))
            .collect();
        place(
            &garments,
            &garment_slots,
            FixtureKind::Mannequin,
            0.0,
            &mut placements,
        );

        // Accessories: marble tables in the entrance hall, two pieces per table.
        let tables = accessories.len().div_ceil(2).max(1);
        let mut accessory_slots = Vec::new();
        for t in 0..tables {
            let x = if t % 2 == 0 { -2.6 } else { 2.6 };
            let z = -2.2 - (t / 2) as f32 * 2.2;
            fixtures.push(Fixture {
                kind: FixtureKind::AccessoryTable,
                footprint: Footprint::new(Vec2::new(x - 0.7, z - 0.5), Vec2::new(x + 0.7, z + 0.5)),
                height_m: 0.85,
            });
            for k in 0..2 {
                accessory_slots.push((
                    Vec3::new(x - 0.33 + 0.66 * k as f32, 0.85 + 0.16, z),
                    face(0.0),
                ));
            }
        }
        place(
            &accessories,
            &accessory_slots,
            FixtureKind::AccessoryTable,
            0.3,
            &mut placements,
        );

        // Limited editions: vitrines in the salon privé.
        let private_slots = along(
            Vec3::new(PRIVATE.min.x + 2.0, DISPLAY_TOP_M + 0.2, -27.5),
            Vec3::new(PRIVATE.max.x - 2.0, DISPLAY_TOP_M + 0.2, -27.5),
            limited.len(),
            face(0.0),
        );
        for (p, _) in &private_slots {
            fixtures.push(Fixture {
                kind: FixtureKind::PrivateCase,
                footprint: Footprint::new(
                    Vec2::new(p.x - 0.45, p.z - 0.45),
                    Vec2::new(p.x + 0.45, p.z + 0.45),
                ),
                height_m: DISPLAY_TOP_M + 0.55,
            });
        }
        place(
            &limited,
            &private_slots,
            FixtureKind::PrivateCase,
            0.32,
            &mut placements,
        );

        // Shop windows in the arcade either side of the door: the first pieces of the vitrines on show again, two
        // to a window.
        let mut shop_window_displays = Vec::new();
        let mut shown = placements.iter().filter(|p| {
            matches!(
                p.fixture,
                FixtureKind::JewelleryCase | FixtureKind::WatchWall
            )
        });
        for bay in SHOP_WINDOW_BAYS {
            let x = bay * BAY_M;
            let half = SHOP_WINDOW_SIZE_M / 2.0;
            fixtures.push(Fixture {
                kind: FixtureKind::ShopWindow,
                footprint: Footprint::new(
                    Vec2::new(x - half.x, -SHOP_WINDOW_SIZE_M.y),
                    Vec2::new(x + half.x, 0.0),
                ),
                height_m: 3.4,
            });
            for side in [-1.0f32, 1.0] {
                let Some(piece) = shown.next() else { break };
                shop_window_displays.push(Placement {
                    position_m: Vec3::new(x + side * 0.6, 1.45, -half.y),
                    rotation: Quat::IDENTITY,
                    display_size_m: piece.display_size_m.max(0.5),
                    fixture: FixtureKind::ShopWindow,
                    ..piece.clone()
                });
            }
        }
        fixtures.push(Fixture {
            kind: FixtureKind::Monument,
            footprint: Footprint::new(
                Vec2::new(COLUMN_M.x - 3.5, COLUMN_M.z - 3.5),
                Vec2::new(COLUMN_M.x + 3.5, COLUMN_M.z + 3.5),
            ),
            height_m: 5.0,
        });
        // The salon privé's seating: two armchairs either side of a low table, facing the vitrines.
        for (x, w) in [(-3.4f32, 0.8f32), (0.0, 1.1), (3.4, 0.8)] {
            fixtures.push(Fixture {
                kind: FixtureKind::Seat,
                footprint: Footprint::new(
                    Vec2::new(x - w / 2.0, -25.3),
                    Vec2::new(x + w / 2.0, -24.5),
                ),
                height_m: if w > 1.0 { 0.45 } else { 0.9 },
            });
        }
        // The concierge's desk along the entrance hall's east wall, facing the way in, clear of the tables.
        fixtures.push(Fixture {
            kind: FixtureKind::ConciergeDesk,
            footprint: Footprint::new(
                Vec2::new(HALL.max.x - 0.9, HALL.min.y + 0.5),
                Vec2::new(HALL.max.x - 0.3, HALL.min.y + 2.3),
            ),
            height_m: 1.05,
        });
        // The try-on mirror station, in the salon's north-east corner.
        fixtures.push(Fixture {
            kind: FixtureKind::Mirror,
            footprint: Footprint::new(
                Vec2::new(SALON.max.x - 2.6, SALON.max.y - 0.5),
                Vec2::new(SALON.max.x - 0.6, SALON.max.y - 0.2),
            ),
            height_m: 2.2,
        });

        let hotspots = vec![
            Hotspot {
                story: Story::PlaceVendome,
                position_m: COLUMN_M + Vec3::Y * 6.0,
            },
            Hotspot {
                story: Story::Maison,
                position_m: Vec3::new(0.0, 4.4, 0.3),
            },
            Hotspot {
                story: Story::Craft,
                position_m: Vec3::new(SALON.min.x + 0.3, 3.4, WATCH_WALL_Z_M),
            },
            Hotspot {
                story: Story::SalonPrive,
                position_m: Vec3::new(0.0, 2.9, SALON.min.y + 0.3),
            },
        ];

        BoutiqueLayout {
            placements,
            hotspots,
            start: View {
                eye_m: Vec3::new(3.0, EYE_HEIGHT_M, 24.0),
                target_m: Vec3::new(0.0, 5.5, 0.0),
            },
            walkable: vec![
                PLACE,
                HALL,
                SALON,
                PRIVATE,
                Footprint::new(
                    Vec2::new(-PRIVATE_DOOR_M / 2.0, SALON.min.y - 0.5),
                    Vec2::new(PRIVATE_DOOR_M / 2.0, SALON.min.y + 0.5),
                ),
                Footprint::new(
                    Vec2::new(-ENTRANCE_DOOR_M / 2.0, -0.5),
                    Vec2::new(ENTRANCE_DOOR_M / 2.0, 0.5),
                ),
            ],
            private_salon: PRIVATE,
            rooms: vec![HALL, SALON, PRIVATE],
            shop_window_displays,
            sign: SignPlate {
                centre_m: SIGN_CENTRE_M,
                size_m: SIGN_SIZE_M,
            },
            chandeliers: chandeliers(&[HALL, SALON, PRIVATE]),
            spots: spots(&fixtures),
            fixtures,
        }
    }

    /// The shop windows' footprints, west to east.
    pub fn shop_windows(&self) -> impl Iterator<Item = &Footprint> {
        self.fixtures
            .iter()
            .filter(|f| f.kind == FixtureKind::ShopWindow)
            .map(|f| &f.footprint)
    }

    /// Where a named view looks from.
    pub fn view(&self, name: ViewName) -> View {
        let eye = |x, z| Vec3::new(x, EYE_HEIGHT_M, z);
        match name {
            ViewName::Place => View {
                eye_m: Vec3::new(-2.0, 1.7, 56.0),
                target_m: Vec3::new(-6.0, 12.0, 20.0),
            },
            ViewName::Facade => View {
                eye_m: Vec3::new(7.0, 1.7, 23.0),
                target_m: Vec3::new(-2.0, 6.5, 0.0),
            },
            ViewName::Salon => View {
                eye_m: eye(6.5, -7.2),
                target_m: Vec3::new(-3.0, 1.6, -18.0),
            },
            ViewName::WatchWall => View {
                eye_m: eye(-6.8, -11.0),
                target_m: Vec3::new(-10.8, 1.6, -13.0),
            },
            ViewName::Vitrine => {
                let first = self
                    .placements
                    .iter()
                    .find(|p| p.fixture == FixtureKind::JewelleryCase)
                    .map_or(Vec3::new(-3.0, 1.25, -9.5), |p| p.position_m);
                View {
                    eye_m: first + Vec3::new(1.25, 0.45, 0.35),
                    target_m: first,
                }
            }
            ViewName::SalonPrive => View {
                eye_m: eye(0.0, -23.0),
                target_m: Vec3::new(0.0, 1.2, -28.5),
            },
        }
    }

    /// Solid things the walker cannot pass through (the salon privé's door only while it is locked).
    pub fn colliders(&self, private_open: bool) -> impl Iterator<Item = &Footprint> {
        self.fixtures
            .iter()
            .filter(move |f| f.kind != FixtureKind::PrivateDoor || !private_open)
            .filter(|f| f.kind != FixtureKind::ShopWindow)
            .map(|f| &f.footprint)
    }

    /// Moves from `from` towards `to` on the floor plan, sliding along walls and fixtures, never through them.
    pub fn walk(&self, from: Vec2, to: Vec2, private_open: bool) -> Vec2 {
        // Small steps so that a fast move cannot tunnel through a 0.4 m wall.
        let steps = ((to - from).length() / 0.1).ceil().max(1.0) as usize;
        let mut p = from;
        for i in 1..=steps {
            let mut next = from.lerp(to, i as f32 / steps as f32)
                - from.lerp(to, (i - 1) as f32 / steps as f32)
                + p;
            for _ in 0..3 {
                for c in self.colliders(private_open) {
                    next = c.push_out(next, BODY_RADIUS_M);
                }
            }
            if !self.is_walkable(next) {
                break;
            }
            p = next;
        }
        p
    }

    /// The middle of the salon privé's door, on the floor plan.
    pub fn private_door_m(&self) -> Vec2 {
        Vec2::new(self.private_salon.centre().x, self.private_salon.max.y)
    }

    pub fn is_walkable(&self, p: Vec2) -> bool {
        self.walkable.iter().any(|w| w.contains(p))
    }

    /// True when `p` is inside a collider (the walker's centre must never be).
    #[cfg(test)]
    pub fn collides(&self, p: Vec2, private_open: bool) -> bool {
        self.colliders(private_open)
            .any(|c| c.distance(p) < BODY_RADIUS_M - 1e-3)
    }

    /// Where a shopper arrives: on the place in front of the storefront, or at a named view (a deep link). The salon
    /// privé is locked, so a link to it arrives at its door, facing it, where the pass is asked for.
    pub fn arrival(&self, at: Option<ViewName>) -> View {
        match at {
            None => self.start,
            Some(ViewName::SalonPrive) => {
                let door = self.private_door_m();
                View {
                    eye_m: Vec3::new(door.x, EYE_HEIGHT_M, door.y + 1.4),
                    target_m: Vec3::new(door.x, 1.8, door.y),
                }
            }
            Some(name) => self.view(name),
        }
    }

    /// The guided tour's path through its stops.
    pub fn tour(&self) -> Option<Tour> {
        Tour::through(&self.tour_stops())
    }

    /// The guided tour's stops: façade → entrance → salon → watch wall → vitrines → salon privé door, as eye positions and
    /// what to look at. It is also the kiosk's attract loop.
    pub fn tour_stops(&self) -> Vec<View> {
        let eye = |x, z| Vec3::new(x, EYE_HEIGHT_M, z);
        vec![
            self.view(ViewName::Facade),
            View {
                eye_m: eye(2.0, 12.0),
                target_m: Vec3::new(0.0, 4.0, 0.0),
            },
            View {
                eye_m: eye(0.0, 2.0),
                target_m: Vec3::new(0.0, 1.8, -6.0),
            },
            View {
                eye_m: eye(0.0, -4.0),
                target_m: Vec3::new(2.6, 0.9, -2.2),
            },
            View {
                eye_m: eye(0.0, -7.4),
                target_m: Vec3::new(-10.0, 1.8, -10.0),
            },
            View {
                eye_m: eye(-7.4, -7.6),
                target_m: Vec3::new(-10.8, 1.6, WATCH_WALL_Z_M),
            },
            View {
                eye_m: eye(-7.6, -12.0),
                target_m: Vec3::new(-10.8, 1.6, WATCH_WALL_Z_M - 0.5),
            },
            View {
                eye_m: eye(-7.6, -16.5),
                target_m: Vec3::new(0.0, 1.2, -13.0),
            },
            View {
                eye_m: eye(-5.0, -20.4),
                target_m: Vec3::new(0.0, 1.5, -21.0),
            },
            View {
                eye_m: eye(0.0, -20.4),
                target_m: Vec3::new(0.0, 1.5, -22.5),
            },
        ]
    }
}

/// The guided tour as a path: Catmull-Rom through the stops (Bevy's `CubicCardinalSpline`, tension ½, one segment
/// from each stop to the next) for the eye and for what it looks at, so the camera passes every stop.
#[derive(Debug, Clone)]
pub struct Tour {
    eye_m: CubicCurve<Vec3>,
    target_m: CubicCurve<Vec3>,
}

impl Tour {
    /// The path through `stops`; `None` for fewer than two.
    pub fn through(stops: &[View]) -> Option<Self> {
        let curve = |point: fn(&View) -> Vec3| {
            CubicCardinalSpline::new_catmull_rom(stops.iter().map(point))
                .to_curve()
                .ok()
        };
        Some(Self {
            eye_m: curve(|stop| stop.eye_m)?,
            target_m: curve(|stop| stop.target_m)?,
        })
    }

    /// The view at `t` in [0, 1]: 0 at the first stop, 1 at the last, the same time for each segment.
    pub fn at(&self, t: f32) -> View {
        let along = t.clamp(0.0, 1.0) * self.eye_m.segments().len() as f32;
        View {
            eye_m: self.eye_m.position(along),
            target_m: self.target_m.position(along),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use catalog::Category;

    use crate::testing::{mixed_products as products, product, products_of};

    #[test]
    fn every_product_has_one_place_by_category() {
        let layout = BoutiqueLayout::new(&products());
        assert_eq!(layout.placements.len(), 10);
        let kind = |sku: &str| {
            layout
                .placements
                .iter()
                .find(|p| p.sku == sku)
                .map(|p| p.fixture)
        };
        assert_eq!(kind("R0"), Some(FixtureKind::JewelleryCase));
        assert_eq!(kind("W2"), Some(FixtureKind::WatchWall));
        assert_eq!(kind("G0"), Some(FixtureKind::Mannequin));
        assert_eq!(kind("B0"), Some(FixtureKind::AccessoryTable));
        assert_eq!(kind("L0"), Some(FixtureKind::PrivateCase));
        // Limited editions are inside the salon privé.
        let l0 = layout.placements.iter().find(|p| p.sku == "L0").unwrap();
        assert!(
            layout
                .private_salon
                .contains(Vec2::new(l0.position_m.x, l0.position_m.z))
        );
    }

    #[test]
    fn a_bigger_catalog_gets_more_vitrines() {
        let mut many = products();
        many.extend(products_of("R", Category::Ring, 4..20, 0.03));
        let layout = BoutiqueLayout::new(&many);
        assert_eq!(layout.placements.len(), many.len());
        let cases = layout
            .fixtures
            .iter()
            .filter(|f| f.kind == FixtureKind::JewelleryCase)
            .count();
        assert_eq!(cases, 20);
        // No two vitrines overlap.
        let boxes: Vec<_> = layout
            .fixtures
            .iter()
            .filter(|f| f.kind == FixtureKind::JewelleryCase)
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let overlap = (a.footprint.max.min(b.footprint.max)
                    - a.footprint.min.max(b.footprint.min))
                .min_element();
                assert!(overlap <= 0.0, "{a:?} overlaps {b:?}");
            }
        }
    }

    /// Whether a spot light's cone (its outer half-angle, 0.7 rad, as the interior spawns it) reaches `p`.
    fn lit_by(spots: &[Spot], p: Vec3) -> bool {
        spots.iter().any(|s| {
            let (axis, to) = (
                (s.target_m - s.position_m).normalize(),
                (p - s.position_m).normalize(),
            );
            axis.dot(to) > 0.7f32.cos()
        })
    }

    #[test]
    fn spots_follow_the_vitrines_so_a_bigger_catalog_is_lit() {
        for count in [4, 20, 28] {
            let mut many = products();
            for i in 4..count {
                many.push(product(&format!("R{i}"), Category::Ring, i % 5 == 0, 0.03));
            }
            many.extend(products_of("W", Category::Watch, 3..count / 2, 0.04));
            let layout = BoutiqueLayout::new(&many);
            for p in layout.placements.iter().filter(|p| {
                matches!(
                    p.fixture,
                    FixtureKind::JewelleryCase | FixtureKind::WatchWall | FixtureKind::PrivateCase
                )
            }) {
                assert!(
                    lit_by(&layout.spots, p.position_m),
                    "{count} products: {} at {} is under no spot",
                    p.sku,
                    p.position_m
                );
            }
            assert!(layout.spots.iter().filter(|s| s.shadows).count() <= SHADOWED_SPOTS);
            for s in &layout.spots {
                assert!(
                    layout
                        .rooms
                        .iter()
                        .any(|r| r.contains(Vec2::new(s.position_m.x, s.position_m.z))),
                    "a spot outside the rooms at {}",
                    s.position_m
                );
            }
        }
        // The demo's few vitrines keep today's four spots: two rows, the watch wall, the salon privé.
        assert_eq!(BoutiqueLayout::new(&products()).spots.len(), 4);
    }

    #[test]
    fn chandeliers_hang_in_every_room_and_shop_windows_come_from_the_plan() {
        let layout = BoutiqueLayout::new(&products());
        for room in &layout.rooms {
            assert!(
                layout
                    .chandeliers
                    .iter()
                    .any(|c| room.contains(Vec2::new(c.ceiling_m.x, c.ceiling_m.z))),
                "no chandelier in {room:?}"
            );
        }
        assert_eq!(layout.chandeliers.len(), 4);
        assert_eq!(
            layout.chandeliers.iter().filter(|c| c.large).count(),
            2,
            "the salon's"
        );
        let windows: Vec<&Footprint> = layout.shop_windows().collect();
        assert_eq!(windows.len(), 2);
        for w in &windows {
            assert!(
                (w.centre().x.abs() / BAY_M).fract().abs() < 1e-4,
                "a window between bays: {w:?}"
            );
        }
        // Each window shows two pieces, inside it, and they are pieces of the catalog.
        assert_eq!(layout.shop_window_displays.len(), 4);
        for d in &layout.shop_window_displays {
            assert!(
                windows
                    .iter()
                    .any(|w| w.contains(Vec2::new(d.position_m.x, d.position_m.z)))
            );
            assert!(layout.placements.iter().any(|p| p.sku == d.sku));
        }
        // The sign's plate sits over the door, inside the façade's width.
        assert!(layout.sign.centre_m.x.abs() < ENTRANCE_DOOR_M / 2.0);
        assert!(layout.sign.size_m.x < BAY_M);
    }

    #[test]
    fn walls_stop_the_walker_and_doors_let_it_through() {
        let layout = BoutiqueLayout::new(&products());
        // Straight at the façade beside the door: stopped in front of it.
        let p = layout.walk(Vec2::new(6.0, 3.0), Vec2::new(6.0, -3.0), false);
        assert!(p.y > 0.0, "walked through the façade to {p}");
        // Through the door: inside.
        let p = layout.walk(Vec2::new(0.0, 3.0), Vec2::new(0.0, -3.0), false);
        assert!(p.y < -2.5, "stopped at {p}");
        // The salon privé's door is shut until the pass opens it.
        let p = layout.walk(Vec2::new(0.0, -20.0), Vec2::new(0.0, -25.0), false);
        assert!(p.y > -22.0, "walked through the locked door to {p}");
        let p = layout.walk(Vec2::new(0.0, -20.0), Vec2::new(0.0, -23.8), true);
        assert!(p.y < -23.5, "the open door still blocked at {p}");
    }

    #[test]
    fn push_out_leaves_by_the_nearest_side() {
        let b = Footprint::new(Vec2::ZERO, Vec2::new(2.0, 1.0));
        assert_eq!(b.push_out(Vec2::new(1.0, 0.1), 0.3), Vec2::new(1.0, -0.3));
        assert_eq!(b.push_out(Vec2::new(3.0, 0.5), 0.3), Vec2::new(3.0, 0.5));
        assert!((b.push_out(Vec2::new(2.1, 0.5), 0.3) - Vec2::new(2.3, 0.5)).length() < 1e-5);
    }

    #[test]
    fn the_tour_starts_at_the_facade_and_ends_at_the_salon_prive_door() {
        let layout = BoutiqueLayout::new(&products());
        let stops = layout.tour_stops();
        let tour = layout
            .tour()
            .expect("the plan's tour has more than one stop");
        for (i, stop) in stops.iter().enumerate() {
            let at = tour.at(i as f32 / (stops.len() - 1) as f32);
            assert!(
                (at.eye_m - stop.eye_m).length() < 1e-3,
                "stop {i}: {at:?} is not {stop:?}"
            );
            assert!(
                (at.target_m - stop.target_m).length() < 1e-3,
                "stop {i}: {at:?}"
            );
        }
        assert_eq!(tour.at(-1.0), tour.at(0.0));
        assert_eq!(tour.at(2.0), tour.at(1.0));
        assert!(Tour::through(&stops[..1]).is_none());
    }

    #[test]
    fn a_link_to_the_salon_prive_arrives_outside_its_locked_door() {
        let layout = BoutiqueLayout::new(&products());
        let arrival = layout.arrival(Some(ViewName::SalonPrive));
        let p = Vec2::new(arrival.eye_m.x, arrival.eye_m.z);
        assert!(
            !layout.private_salon.contains(p),
            "inside the locked salon: {p}"
        );
        assert!(layout.is_walkable(p) && !layout.collides(p, false));
        assert!(p.distance(layout.private_door_m()) < 2.0);
        assert_eq!(layout.arrival(None).eye_m, layout.start.eye_m);
        assert_eq!(
            layout.arrival(Some(ViewName::Salon)).eye_m,
            layout.view(ViewName::Salon).eye_m
        );
    }
}
