//! The maison's products, modelled procedurally at real-world scale (metres, +Y up, front +Z).
//!
//! Pivots, so that the try-on can anchor them:
//! - rings: origin on the finger axis, which is +Z; the head (stone) points to +Y (back of the finger);
//! - watches and bracelets: origin on the wrist axis, which is +X (3 o'clock / crown towards the hand);
//!   the dial faces +Z, 12 o'clock at +Y;
//! - necklaces and garments: origin at the centre of the base of the neck, chest towards +Z;
//! - earrings: origin midway between the pair, each piercing point at x = ±15 mm;
//! - eyewear: origin at the bridge, temples towards -Z;
//! - bags: origin at the centre of the base.

use super::glb::{Material, Scene, brushed, cloth, coated, emissive, gem, glass, metal};
use super::mesh::*;
use glam::{Affine3A, Quat, Vec2, Vec3};
use std::f32::consts::{FRAC_PI_2, PI, TAU};

const MM: f32 = 0.001;

fn v(x: f32, y: f32, z: f32) -> Vec3 {
    Vec3::new(x, y, z) * MM
}

// Materials (linear colours; metals use measured F0 reflectance).
fn yellow_gold() -> Material {
    metal("yellow_gold", [1.0, 0.766, 0.336], 0.14)
}
fn rose_gold() -> Material {
    metal("rose_gold", [0.945, 0.64, 0.54], 0.14)
}
fn white_gold() -> Material {
    metal("white_gold", [0.86, 0.85, 0.82], 0.12)
}
fn platinum() -> Material {
    metal("platinum", [0.672, 0.637, 0.585], 0.12)
}
fn polished_steel() -> Material {
    metal("polished_steel", [0.6, 0.6, 0.6], 0.1)
}
fn brushed_steel() -> Material {
    brushed("brushed_steel", [0.56, 0.57, 0.58], 0.32)
}
fn diamond() -> Material {
    gem("diamond", [1.0, 1.0, 1.0], 2.417, 1.0)
}
fn sapphire() -> Material {
    gem("sapphire", [0.06, 0.12, 0.65], 1.77, 0.004)
}
fn ruby() -> Material {
    gem("ruby", [0.75, 0.02, 0.08], 1.77, 0.004)
}
fn emerald() -> Material {
    gem("emerald", [0.02, 0.45, 0.18], 1.58, 0.005)
}
fn pearl() -> Material {
    coated("pearl", [0.92, 0.88, 0.8], 0.3, 1.0, 0.06)
}
fn black_leather() -> Material {
    coated("black_leather", [0.018, 0.017, 0.016], 0.55, 0.35, 0.45)
}
fn cognac_leather() -> Material {
    coated("cognac_leather", [0.36, 0.13, 0.04], 0.5, 0.35, 0.45)
}
fn rouge_leather() -> Material {
    coated("rouge_leather", [0.42, 0.02, 0.03], 0.5, 0.35, 0.45)
}

type Choices<'a> = Vec<(&'a str, &'a Material)>;

/// The metal variants most jewellery offers.
struct Metals {
    yellow: Material,
    rose: Material,
    white: Material,
    platinum: Material,
}

impl Metals {
    fn new() -> Self {
        Self {
            yellow: yellow_gold(),
            rose: rose_gold(),
            white: white_gold(),
            platinum: platinum(),
        }
    }
    fn golds(&self) -> Choices<'_> {
        vec![
            ("yellow_gold", &self.yellow),
            ("rose_gold", &self.rose),
            ("white_gold", &self.white),
        ]
    }
    fn with_platinum(&self) -> Choices<'_> {
        vec![
            ("platinum", &self.platinum),
            ("yellow_gold", &self.yellow),
            ("rose_gold", &self.rose),
        ]
    }
}

/// A superellipse loop: `exponent` 2 is an ellipse, larger is squarer.
fn superellipse(a: f32, b: f32, exponent: f32, segments: usize, start_angle: f32) -> Vec<Vec2> {
    (0..segments)
        .map(|i| {
            let t = start_angle + i as f32 / segments as f32 * TAU;
            let (s, c) = t.sin_cos();
            let p = 2.0 / exponent;
            Vec2::new(
                a * c.signum() * c.abs().powf(p),
                b * s.signum() * s.abs().powf(p),
            )
        })
        .collect()
}

/// A comfort-fit band around the finger axis (+Z): cross-section `thickness` x `width`, rounded edges.
fn band(inner_radius: f32, thickness: f32, width: f32) -> Mesh {
    let centre = inner_radius + thickness / 2.0;
    let mut profile: Vec<Vec2> = superellipse(thickness / 2.0, width / 2.0, 3.2, 48, PI)
        .into_iter()
        .map(|p| Vec2::new(centre + p.x, p.y))
        .collect();
    profile.push(profile[0]);
    lathe_z(&profile, 128).outward()
}

/// A round tube along a smooth path through `points` with a rounded tip at the end.
fn wire(points: &[Vec3], radius: f32) -> Mesh {
    let path = smooth_path(points, 6, false);
    let mut mesh = tube(&path, radius, 10, false).outward();
    if let Some(tip) = path.last() {
        mesh.append(&sphere(radius * 1.05, 10, 6).moved(*tip));
    }
    mesh
}

/// A prong head holding a stone of `diameter` whose girdle centre is at `girdle` (local +Y axis is the stone axis).
/// Returns (metal, stone).
fn prong_head(diameter: f32, girdle: Vec3, base_y: f32, prongs: usize, phase: f32) -> (Mesh, Mesh) {
    let r = diameter / 2.0;
    let stone = brilliant(diameter).moved(girdle);
    let mut metal_parts = Vec::new();
    let wire_r = (diameter * 0.07).max(0.35 * MM);
    for k in 0..prongs {
        let a = phase + k as f32 / prongs as f32 * TAU;
        let dir = Vec3::new(a.cos(), 0.0, a.sin());
        let points = [
            Vec3::new(0.0, base_y, 0.0) + dir * r * 0.35,
            Vec3::new(0.0, (base_y + girdle.y - 0.43 * diameter) / 2.0, 0.0) + dir * r * 0.8,
            Vec3::new(0.0, girdle.y - 0.2 * diameter, 0.0) + dir * (r * 1.02 + wire_r * 0.4),
            Vec3::new(0.0, girdle.y + 0.03 * diameter, 0.0) + dir * (r + wire_r * 0.9),
            Vec3::new(0.0, girdle.y + 0.12 * diameter, 0.0) + dir * (r * 0.9),
        ]
        .map(|p| p + Vec3::new(girdle.x, 0.0, girdle.z));
        metal_parts.push(wire(&points, wire_r));
    }
    // A gallery rail ties the prongs together under the stone.
    let rail_y = girdle.y - 0.3 * diameter;
    let rail = torus(r * 0.82, wire_r * 0.7, 48, 8).moved(Vec3::new(girdle.x, rail_y, girdle.z));
    metal_parts.push(rail);
    (Mesh::merged(&metal_parts), stone)
}

fn rotate_z(mesh: &Mesh, angle: f32) -> Mesh {
    mesh.transformed(Affine3A::from_rotation_z(angle))
}

const RING_INNER_RADIUS_MM: f32 = 17.3 / 2.0;

pub fn solitaire() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let (d, s) = (diamond(), sapphire());
    let ri = RING_INNER_RADIUS_MM * MM;
    let thickness = 1.8 * MM;
    scene.part(
        "band",
        band(ri, thickness, 2.0 * MM),
        &metals.with_platinum(),
    );
    let top = ri + thickness;
    let (head, stone) = prong_head(
        6.5 * MM,
        Vec3::new(0.0, top + 4.2 * MM, 0.0),
        top - 0.4 * MM,
        6,
        FRAC_PI_2,
    );
    scene.part("head", head, &metals.with_platinum());
    scene.part("stone", stone, &[("diamond", &d), ("sapphire", &s)]);
    scene
}

pub fn pave_eternity() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let d = diamond();
    let ri = RING_INNER_RADIUS_MM * MM;
    let thickness = 1.7 * MM;
    scene.part(
        "band",
        band(ri, thickness, 2.4 * MM),
        &metals.with_platinum(),
    );
    let count = 32;
    let stone_d = 1.55 * MM;
    let mut stones = Vec::new();
    let mut beads = Vec::new();
    let stone = small_brilliant(stone_d);
    let bead = sphere(0.28 * MM, 10, 6);
    for k in 0..count {
        let a = k as f32 / count as f32 * TAU;
        let rot = Quat::from_rotation_z(-a);
        stones.push(stone.at(
            rot * Vec3::new(0.0, ri + thickness + 0.05 * MM, 0.0),
            rot,
            Vec3::ONE,
        ));
        let between = Quat::from_rotation_z(-(a + PI / count as f32));
        for side in [-1.0, 1.0] {
            beads.push(
                bead.moved(between * Vec3::new(0.0, ri + thickness + 0.05 * MM, side * 0.75 * MM)),
            );
        }
    }
    scene.part("beads", Mesh::merged(&beads), &metals.with_platinum());
    scene.part("stones", Mesh::merged(&stones), &[("diamond", &d)]);
    scene
}

pub fn signet() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let ri = RING_INNER_RADIUS_MM * MM;
    let shape = superellipse(0.5, 0.5, 3.0, 40, PI);
    let flat_y = ri + 3.4 * MM;
    let sections: Vec<Vec<Vec3>> = (0..160)
        .map(|i| {
            let theta = i as f32 / 160.0 * TAU;
            let top = theta.cos().max(0.0);
            let h = 1.6 * MM + 2.4 * MM * top.powi(3);
            let w = 2.6 * MM + 8.5 * MM * top.powi(6);
            let radial = Vec3::new(theta.sin(), theta.cos(), 0.0);
            shape
                .iter()
                .map(|p| {
                    let mut q = radial * (ri + h / 2.0 + h * p.x) + Vec3::Z * (w * p.y);
                    q.y = q.y.min(flat_y);
                    q
                })
                .collect()
        })
        .collect();
    let body = loft(&sections, true, true).outward();
    scene.part("band", body, &metals.golds());
    // An oval intaglio stone set flush in the table.
    let (onyx, lapis, carnelian) = (
        coated("onyx", [0.01, 0.01, 0.012], 0.08, 1.0, 0.02),
        coated("lapis", [0.03, 0.06, 0.35], 0.15, 1.0, 0.05),
        coated("carnelian", [0.5, 0.08, 0.02], 0.12, 1.0, 0.03),
    );
    let mut profile = vec![Vec2::new(0.0, -0.3 * MM)];
    profile.extend((0..=8).map(|i| {
        let a = i as f32 / 8.0 * FRAC_PI_2;
        Vec2::new(a.cos(), 0.15 * a.sin()) * MM * 1.0 + Vec2::new(0.0, 0.0)
    }));
    let disc = lathe(
        &[
            Vec2::new(0.0, -0.4),
            Vec2::new(1.0, -0.4),
            Vec2::new(1.0, 0.0),
            Vec2::new(0.8, 0.12),
            Vec2::new(0.0, 0.16),
        ],
        48,
    );
    let face = disc
        .transformed(Affine3A::from_scale(Vec3::new(
            4.2 * MM,
            1.0 * MM,
            5.4 * MM,
        )))
        .moved(Vec3::new(0.0, flat_y, 0.0));
    scene.part(
        "intaglio",
        face,
        &[
            ("onyx", &onyx),
            ("lapis", &lapis),
            ("carnelian", &carnelian),
        ],
    );
    scene
}

pub fn three_stone() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let (d, s, r) = (diamond(), sapphire(), ruby());
    let ri = RING_INNER_RADIUS_MM * MM;
    let thickness = 1.8 * MM;
    scene.part(
        "band",
        band(ri, thickness, 2.2 * MM),
        &metals.with_platinum(),
    );
    let top = ri + thickness;
    let (c_head, c_stone) = prong_head(
        5.2 * MM,
        Vec3::new(0.0, top + 3.4 * MM, 0.0),
        top - 0.4 * MM,
        4,
        PI / 4.0,
    );
    let mut heads = vec![c_head];
    let mut sides = Vec::new();
    for side in [-1.0, 1.0] {
        let (h, st) = prong_head(
            3.8 * MM,
            Vec3::new(0.0, top + 2.6 * MM, 0.0),
            top - 0.4 * MM,
            4,
            PI / 4.0,
        );
        let angle = side * 0.42;
        heads.push(rotate_z(&h, angle));
        sides.push(rotate_z(&st, angle));
    }
    scene.part("heads", Mesh::merged(&heads), &metals.with_platinum());
    scene.part(
        "centre_stone",
        c_stone,
        &[("sapphire", &s), ("diamond", &d), ("ruby", &r)],
    );
    scene.part("side_stones", Mesh::merged(&sides), &[("diamond", &d)]);
    scene
}

// ---- Watches --------------------------------------------------------------------------------------------------

/// Wrist cross-section at the watch, millimetres: half-width (along Y) and half-thickness (along Z).
const WRIST_HALF_WIDTH_MM: f32 = 27.0;
const WRIST_HALF_THICKNESS_MM: f32 = 20.0;

/// Maps a lathe around +Y to the dial axis +Z.
fn to_dial(mesh: &Mesh, height_above_wrist: f32) -> Mesh {
    mesh.transformed(Affine3A::from_rotation_x(FRAC_PI_2))
        .moved(Vec3::new(0.0, 0.0, height_above_wrist))
}

/// Points of the path a strap or bracelet follows around the wrist (in the YZ plane): from the 12 o'clock lug at
/// (y, z) = (lug_y, lug_z), around the underside of the wrist, to the 6 o'clock lug; `ease` is the gap to the skin.
fn strap_path(lug_y: f32, lug_z: f32, ease: f32) -> Vec<Vec3> {
    let a = WRIST_HALF_WIDTH_MM * MM + ease;
    let b = WRIST_HALF_THICKNESS_MM * MM + ease;
    let t0 = (lug_z / b).min(0.95).atan2(lug_y / a);
    let t1 = -PI - t0;
    let steps = 96;
    let mut pts = vec![Vec3::new(0.0, lug_y, lug_z)];
    for i in 1..steps {
        let t = t0 + (t1 - t0) * i as f32 / steps as f32;
        pts.push(Vec3::new(0.0, a * t.cos(), b * t.sin()));
    }
    pts.push(Vec3::new(0.0, -lug_y, lug_z));
    pts
}

struct Dial {
    case_radius: f32,
    octagonal_bezel: bool,
}

/// Case, crystal, dial, indices, hands, crown. Returns (case metal, dial, details metal, crystal, hands).
fn watch_head(d: &Dial) -> [Mesh; 5] {
    let r = d.case_radius;
    let z0 = WRIST_HALF_THICKNESS_MM * MM + 0.5 * MM;
    let case_profile = [
        Vec2::new(0.0, 0.0),
        Vec2::new(r * 0.82, 0.0),
        Vec2::new(r * 0.95, 1.0 * MM),
        Vec2::new(r, 2.2 * MM),
        Vec2::new(r, 5.6 * MM),
        Vec2::new(r * 0.97, 6.6 * MM),
        Vec2::new(r * 0.9, 7.0 * MM),
        Vec2::new(r * 0.86, 7.0 * MM),
    ];
    let mut case = to_dial(&lathe(&case_profile, 96).outward(), z0);
    if d.octagonal_bezel {
        let bezel_profile = [
            Vec2::new(r * 0.84, 6.4 * MM),
            Vec2::new(r * 1.04, 6.4 * MM),
            Vec2::new(r * 1.04, 7.4 * MM),
            Vec2::new(r * 0.92, 8.0 * MM),
            Vec2::new(r * 0.84, 8.0 * MM),
        ];
        let octagon = lathe(&bezel_profile, 8)
            .transformed(Affine3A::from_rotation_y(PI / 8.0))
            .flat();
        case.append(&to_dial(&octagon, z0));
    }
    // Lugs at 12 and 6 o'clock.
    let lug = rounded_box(Vec3::new(3.0 * MM, 8.0 * MM, 3.2 * MM), 1.0 * MM);
    for side in [-1.0_f32, 1.0] {
        for x in [-9.5 * MM, 9.5 * MM] {
            case.append(&lug.moved(Vec3::new(x, side * (r + 2.5 * MM), z0 + 2.2 * MM)));
        }
    }
    // Crown at 3 o'clock.
    let crown_profile = [
        Vec2::new(0.0, 0.0),
        Vec2::new(1.2 * MM, 0.0),
        Vec2::new(2.4 * MM, 0.8 * MM),
        Vec2::new(2.4 * MM, 2.6 * MM),
        Vec2::new(2.0 * MM, 3.2 * MM),
        Vec2::new(0.0, 3.2 * MM),
    ];
    let crown = lathe(&crown_profile, 24)
        .outward()
        .transformed(Affine3A::from_rotation_z(-FRAC_PI_2))
        .moved(Vec3::new(r - 0.3 * MM, 0.0, z0 + 3.8 * MM));
    case.append(&crown);

    let dial_r = r * 0.86;
    let dial_z = z0 + 5.2 * MM;
    let dial = to_dial(
        &lathe(
            &[
                Vec2::new(0.0, 0.0),
                Vec2::new(dial_r, 0.0),
                Vec2::new(dial_r, 0.2 * MM),
                Vec2::new(0.0, 0.2 * MM),
            ],
            96,
        )
        .outward(),
        dial_z,
    );
    let crystal = to_dial(
        &lathe(
            &[
                Vec2::new(0.0, 7.0 * MM),
                Vec2::new(dial_r, 7.0 * MM),
                Vec2::new(dial_r, 7.6 * MM),
                Vec2::new(dial_r * 0.6, 8.1 * MM),
                Vec2::new(0.0, 8.25 * MM),
            ],
            96,
        )
        .outward(),
        z0,
    );
    // Applied indices.
    let mut details = Vec::new();
    for k in 0..12 {
        let a = k as f32 / 12.0 * TAU;
        let (w, len) = if k % 3 == 0 {
            (1.6 * MM, 4.2 * MM)
        } else {
            (1.0 * MM, 3.0 * MM)
        };
        let index = rounded_box(Vec3::new(w, len, 0.6 * MM), 0.25 * MM);
        let rot = Quat::from_rotation_z(-a);
        let pos = rot * Vec3::new(0.0, dial_r - len / 2.0 - 1.2 * MM, 0.0)
            + Vec3::Z * (dial_z + 0.5 * MM);
        details.push(index.at(pos, rot, Vec3::ONE));
        if k == 0 {
            details.push(index.at(pos + Vec3::X * 2.2 * MM, rot, Vec3::ONE));
        }
    }
    // Hands at 10:09, the watchmaker's smile.
    let hand = |length: f32, width: f32, angle: f32, z: f32| {
        let blade = rounded_box(Vec3::new(width, length, 0.3 * MM), width * 0.45);
        let rot = Quat::from_rotation_z(-angle);
        blade.at(
            rot * Vec3::new(0.0, length / 2.0 - 1.5 * MM, 0.0) + Vec3::Z * z,
            rot,
            Vec3::ONE,
        )
    };
    let mut hands = vec![
        hand(
            dial_r * 0.58,
            1.6 * MM,
            (10.0 + 9.0 / 60.0) / 12.0 * TAU,
            dial_z + 1.0 * MM,
        ),
        hand(dial_r * 0.86, 1.1 * MM, 9.0 / 60.0 * TAU, dial_z + 1.4 * MM),
        hand(
            dial_r * 0.92,
            0.35 * MM,
            35.0 / 60.0 * TAU,
            dial_z + 1.8 * MM,
        ),
    ];
    hands.push(to_dial(
        &lathe(
            &[
                Vec2::new(0.0, 0.0),
                Vec2::new(1.0 * MM, 0.0),
                Vec2::new(1.0 * MM, 2.0 * MM),
                Vec2::new(0.0, 2.0 * MM),
            ],
            24,
        )
        .outward(),
        dial_z,
    ));
    [
        case,
        dial,
        Mesh::merged(&details),
        crystal,
        Mesh::merged(&hands),
    ]
}

fn strap_mesh(width: f32, thickness: f32, lug_y: f32, lug_z: f32) -> Mesh {
    let path = strap_path(lug_y, lug_z, thickness / 2.0);
    let section = rounded_rect(width, thickness, thickness * 0.45, 3);
    sweep(&section, &path, false, |_, _| Vec3::X).outward()
}

pub fn dress_watch() -> Scene {
    let mut scene = Scene::default();
    let (rose, white) = (rose_gold(), white_gold());
    let dial_mat = coated("white_lacquer_dial", [0.86, 0.85, 0.8], 0.35, 1.0, 0.03);
    let crystal = glass("sapphire_crystal", [1.0, 1.0, 1.0], 1.0);
    let blued = metal("blued_steel", [0.05, 0.09, 0.3], 0.2);
    let (black, cognac) = (black_leather(), cognac_leather());
    let r = 19.0 * MM;
    let [case, dial, details, glass_mesh, hands] = watch_head(&Dial {
        case_radius: r,
        octagonal_bezel: false,
    });
    let metals: Choices = vec![("rose_gold", &rose), ("white_gold", &white)];
    scene.part("case", case, &metals);
    scene.part("indices", details, &metals);
    scene.fixed("dial", dial, &dial_mat);
    scene.fixed("hands", hands, &blued);
    scene.fixed("crystal", glass_mesh, &crystal);
    let z0 = WRIST_HALF_THICKNESS_MM * MM + 0.5 * MM;
    let strap = strap_mesh(19.0 * MM, 3.0 * MM, r + 5.5 * MM, z0 + 2.2 * MM);
    scene.part(
        "strap",
        strap,
        &[("black_alligator", &black), ("cognac_calf", &cognac)],
    );
    let buckle = torus(5.5 * MM, 0.8 * MM, 32, 8)
        .transformed(Affine3A::from_scale(Vec3::new(1.0, 1.0, 1.8)))
        .transformed(Affine3A::from_rotation_x(0.0))
        .moved(Vec3::new(0.0, 0.0, -(WRIST_HALF_THICKNESS_MM + 3.0) * MM));
    scene.part("buckle", buckle, &metals);
    scene
}

/// Links of a metal bracelet along the wrist loop.
fn link_bracelet(lug_y: f32, lug_z: f32) -> (Mesh, Mesh) {
    let path = strap_path(lug_y, lug_z, 2.0 * MM);
    let length = path_length(&path, false);
    let pitch = 6.5 * MM;
    let count = (length / pitch).floor() as usize;
    let centre = rounded_box(Vec3::new(8.0 * MM, 5.6 * MM, 3.4 * MM), 1.2 * MM);
    let outer = rounded_box(Vec3::new(6.0 * MM, 6.2 * MM, 3.0 * MM), 1.0 * MM);
    let (mut polished, mut satin) = (Vec::new(), Vec::new());
    for (p, t) in resample(&path, count, false) {
        let inward = Vec3::new(0.0, -p.y, -p.z).normalize_or(Vec3::NEG_Z);
        let rot = Quat::from_mat3(&glam::Mat3::from_cols(Vec3::X, t, -inward).orthonormalize());
        polished.push(centre.at(p, rot, Vec3::ONE));
        for side in [-1.0, 1.0] {
            satin.push(outer.at(p + Vec3::X * side * 7.4 * MM, rot, Vec3::ONE));
        }
    }
    (Mesh::merged(&polished), Mesh::merged(&satin))
}

trait Orthonormalize {
    fn orthonormalize(self) -> Self;
}

impl Orthonormalize for glam::Mat3 {
    fn orthonormalize(self) -> Self {
        let x = self.x_axis.normalize_or(Vec3::X);
        let y = (self.y_axis - x * x.dot(self.y_axis)).normalize_or(Vec3::Y);
        let z = x.cross(y);
        glam::Mat3::from_cols(x, y, z)
    }
}

pub fn sports_watch() -> Scene {
    let mut scene = Scene::default();
    let (steel, satin) = (polished_steel(), brushed_steel());
    let blue = coated("blue_sunray_dial", [0.015, 0.04, 0.2], 0.25, 1.0, 0.05);
    let black = coated("black_dial", [0.01, 0.01, 0.012], 0.3, 1.0, 0.05);
    let green = coated("green_dial", [0.01, 0.09, 0.04], 0.25, 1.0, 0.05);
    let lume = emissive("lume", [0.9, 0.92, 0.85], [0.05, 0.12, 0.08]);
    let crystal = glass("sapphire_crystal", [1.0, 1.0, 1.0], 1.0);
    let r = 20.5 * MM;
    let [case, dial, details, glass_mesh, hands] = watch_head(&Dial {
        case_radius: r,
        octagonal_bezel: true,
    });
    scene.fixed("case", case, &steel);
    scene.part(
        "dial",
        dial,
        &[
            ("blue_dial", &blue),
            ("black_dial", &black),
            ("green_dial", &green),
        ],
    );
    scene.fixed("indices", details, &lume);
    scene.fixed("hands", hands, &steel);
    scene.fixed("crystal", glass_mesh, &crystal);
    let z0 = WRIST_HALF_THICKNESS_MM * MM + 0.5 * MM;
    let (centre, outer) = link_bracelet(r + 6.5 * MM, z0 + 1.5 * MM);
    scene.fixed("bracelet_centre_links", centre, &steel);
    scene.fixed("bracelet_outer_links", outer, &satin);
    scene
}

pub fn ladies_watch() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let mop = coated("mother_of_pearl_dial", [0.86, 0.86, 0.9], 0.2, 1.0, 0.02);
    let crystal = glass("sapphire_crystal", [1.0, 1.0, 1.0], 1.0);
    let d = diamond();
    let r = 14.0 * MM;
    let [case, dial, details, glass_mesh, hands] = watch_head(&Dial {
        case_radius: r,
        octagonal_bezel: false,
    });
    scene.part("case", case, &metals.golds());
    scene.part("indices", details, &metals.golds());
    scene.fixed("dial", dial, &mop);
    scene.part("hands", hands, &metals.golds());
    scene.fixed("crystal", glass_mesh, &crystal);
    // A bezel of 28 diamonds.
    let z0 = WRIST_HALF_THICKNESS_MM * MM + 0.5 * MM;
    let stone = small_brilliant(1.7 * MM).transformed(Affine3A::from_rotation_x(FRAC_PI_2));
    let stones: Vec<Mesh> = (0..28)
        .map(|k| {
            let a = k as f32 / 28.0 * TAU;
            stone.moved(Vec3::new(
                a.cos() * r * 0.93,
                a.sin() * r * 0.93,
                z0 + 7.3 * MM,
            ))
        })
        .collect();
    scene.part("bezel_diamonds", Mesh::merged(&stones), &[("diamond", &d)]);
    let satin_strap = |name: &str, rgb: [f32; 3]| cloth(name, rgb, 0.3, [0.8, 0.8, 0.8]);
    let (ivory, night, bordeaux) = (
        satin_strap("ivory_satin", [0.75, 0.7, 0.6]),
        satin_strap("night_blue_satin", [0.01, 0.02, 0.08]),
        satin_strap("bordeaux_satin", [0.25, 0.01, 0.03]),
    );
    let strap = strap_mesh(13.0 * MM, 2.2 * MM, r + 5.0 * MM, z0 + 2.2 * MM);
    scene.part(
        "strap",
        strap,
        &[
            ("ivory_satin", &ivory),
            ("night_blue_satin", &night),
            ("bordeaux_satin", &bordeaux),
        ],
    );
    scene
}

// ---- Bracelets --------------------------------------------------------------------------------------------------

/// The closed wrist loop in the YZ plane, `ease` mm away from the skin.
fn wrist_loop(ease_mm: f32, count: usize) -> Vec<Vec3> {
    let a = (WRIST_HALF_WIDTH_MM + ease_mm) * MM;
    let b = (WRIST_HALF_THICKNESS_MM + ease_mm) * MM;
    (0..count)
        .map(|i| {
            let t = i as f32 / count as f32 * TAU;
            Vec3::new(0.0, a * t.cos(), b * t.sin())
        })
        .collect()
}

pub fn tennis_bracelet() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let (d, s, e) = (diamond(), sapphire(), emerald());
    let path = wrist_loop(4.0, 400);
    let count = 52;
    let stone = small_brilliant(3.0 * MM);
    let cup = lathe(
        &[
            Vec2::new(0.0, -1.5 * MM),
            Vec2::new(1.0 * MM, -1.5 * MM),
            Vec2::new(1.75 * MM, -0.2 * MM),
            Vec2::new(1.7 * MM, 0.25 * MM),
            Vec2::new(1.45 * MM, 0.1 * MM),
            Vec2::new(0.0, -1.2 * MM),
        ],
        24,
    )
    .outward();
    let prong = sphere(0.4 * MM, 8, 6);
    let (mut stones, mut settings) = (Vec::new(), Vec::new());
    for (p, t) in resample(&path, count, true) {
        let outward = Vec3::new(0.0, p.y, p.z).normalize_or(Vec3::Z);
        let rot = Quat::from_mat3(
            &glam::Mat3::from_cols(t.cross(outward), outward, t).orthonormalize_y(),
        );
        stones.push(stone.at(p, rot, Vec3::ONE));
        settings.push(cup.at(p, rot, Vec3::ONE));
        for k in 0..4 {
            let a = PI / 4.0 + k as f32 * FRAC_PI_2;
            settings
                .push(prong.moved(
                    p + rot * Vec3::new(a.cos() * 1.55 * MM, 0.2 * MM, a.sin() * 1.55 * MM),
                ));
        }
    }
    scene.part("settings", Mesh::merged(&settings), &metals.with_platinum());
    scene.part(
        "stones",
        Mesh::merged(&stones),
        &[("diamond", &d), ("sapphire", &s), ("emerald", &e)],
    );
    scene
}

trait OrthonormalizeY {
    fn orthonormalize_y(self) -> Self;
}

impl OrthonormalizeY for glam::Mat3 {
    /// Keeps the y axis exactly, fixes x and z around it.
    fn orthonormalize_y(self) -> Self {
        let y = self.y_axis.normalize_or(Vec3::Y);
        let z = (self.z_axis - y * y.dot(self.z_axis)).normalize_or(y.any_orthonormal_vector());
        glam::Mat3::from_cols(y.cross(z), y, z)
    }
}

/// Cable chain links along a path, alternating 90° so each passes through its neighbours.
fn cable_chain(path: &[Vec3], closed: bool, link_length: f32, wire_radius: f32) -> Mesh {
    let length = path_length(path, closed);
    let pitch = link_length - 2.0 * wire_radius * 1.6;
    let count = (length / pitch).round().max(2.0) as usize;
    let link = torus(link_length * 0.25, wire_radius, 16, 6)
        .transformed(Affine3A::from_scale(Vec3::new(
            1.0,
            1.0,
            2.0 * link_length / (link_length * 1.0),
        )))
        .outward();
    let mut links = Vec::new();
    for (i, (p, t)) in resample(path, count, closed).into_iter().enumerate() {
        let twist = if i % 2 == 0 { 0.0 } else { FRAC_PI_2 };
        let align = Quat::from_rotation_arc(Vec3::Z, t);
        links.push(link.at(p, align * Quat::from_rotation_z(twist), Vec3::ONE));
    }
    Mesh::merged(&links)
}

pub fn chain_bracelet() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let path = wrist_loop(6.0, 400);
    let chain = cable_chain(&path, true, 8.0 * MM, 1.1 * MM);
    scene.part("chain", chain, &metals.golds());
    // A toggle clasp under the wrist.
    let bottom = Vec3::new(0.0, 0.0, -(WRIST_HALF_THICKNESS_MM + 6.0) * MM);
    let ring = torus(4.5 * MM, 1.2 * MM, 40, 10)
        .transformed(Affine3A::from_rotation_x(FRAC_PI_2))
        .moved(bottom + Vec3::Y * 4.0 * MM);
    let bar = tube(
        &[
            bottom + Vec3::new(-6.0, -3.0, 0.0) * MM,
            bottom + Vec3::new(6.0, -3.0, 0.0) * MM,
        ],
        1.1 * MM,
        12,
        false,
    )
    .outward();
    scene.part("clasp", Mesh::merged(&[ring, bar]), &metals.golds());
    scene
}

// ---- Necklaces --------------------------------------------------------------------------------------------------

/// The drape of a chain around the neck: round behind, falling to a point at the front. `drop` is how far the front
/// falls below the neck base; `length` the chain length it is scaled to.
fn neck_drape(drop: f32, length: f32, samples: usize) -> Vec<Vec3> {
    let shape: Vec<Vec3> = (0..samples)
        .map(|i| {
            let t = i as f32 / samples as f32 * TAU;
            let front = ((1.0 + t.cos()) / 2.0).powf(2.5);
            let r = 62.0 * MM + 40.0 * MM * front;
            Vec3::new(
                r * t.sin(),
                -drop * front,
                55.0 * MM * t.cos() + 30.0 * MM * front - 10.0 * MM,
            )
        })
        .collect();
    let scale = length / path_length(&shape, true);
    shape
        .into_iter()
        .map(|p| Vec3::new(p.x * scale.sqrt(), p.y * scale, p.z * scale.sqrt()))
        .collect()
}

pub fn pendant_necklace() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let (d, s, e) = (diamond(), sapphire(), emerald());
    let path = neck_drape(150.0 * MM, 450.0 * MM, 600);
    let chain = cable_chain(&path, true, 3.4 * MM, 0.4 * MM);
    scene.part("chain", chain, &metals.golds());
    let low = path
        .iter()
        .copied()
        .fold(Vec3::splat(f32::MAX), |a, p| if p.y < a.y { p } else { a });
    // Bail, bezel and stone hanging below the lowest point, stone facing the front.
    let stone_d = 8.0 * MM;
    let stone_centre = low + Vec3::new(0.0, -8.5 * MM, 1.5 * MM);
    let face_front = Quat::from_rotation_x(FRAC_PI_2);
    let stone = brilliant(stone_d).at(stone_centre, face_front, Vec3::ONE);
    let bezel = lathe(
        &[
            Vec2::new(stone_d * 0.3, -3.2 * MM),
            Vec2::new(stone_d * 0.52, -0.6 * MM),
            Vec2::new(stone_d * 0.56, 0.4 * MM),
            Vec2::new(stone_d * 0.5, 0.9 * MM),
            Vec2::new(stone_d * 0.47, 0.3 * MM),
            Vec2::new(stone_d * 0.28, -2.8 * MM),
        ],
        64,
    )
    .at(stone_centre, face_front, Vec3::ONE);
    let bail = torus(1.8 * MM, 0.5 * MM, 24, 8)
        .transformed(Affine3A::from_rotation_z(FRAC_PI_2))
        .moved(low + Vec3::new(0.0, -2.2 * MM, 0.0));
    scene.part("setting", Mesh::merged(&[bezel, bail]), &metals.golds());
    scene.part(
        "stone",
        stone,
        &[("diamond", &d), ("sapphire", &s), ("emerald", &e)],
    );
    scene
}

pub fn pearl_strand() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let white = pearl();
    let golden = coated(
        "golden_south_sea_pearl",
        [0.85, 0.66, 0.36],
        0.28,
        1.0,
        0.06,
    );
    let tahiti = coated("tahitian_pearl", [0.08, 0.09, 0.1], 0.25, 1.0, 0.05);
    let path = neck_drape(110.0 * MM, 460.0 * MM, 600);
    let pearl_d = 7.5 * MM;
    let count = (path_length(&path, true) / (pearl_d + 0.5 * MM)) as usize;
    let bead = sphere(pearl_d / 2.0, 24, 14);
    let pearls: Vec<Mesh> = resample(&path, count, true)
        .into_iter()
        .skip(1)
        .map(|(p, _)| bead.moved(p))
        .collect();
    scene.part(
        "pearls",
        Mesh::merged(&pearls),
        &[
            ("akoya_white", &white),
            ("golden_south_sea", &golden),
            ("tahitian_black", &tahiti),
        ],
    );
    let back = path[0];
    let clasp = rounded_box(Vec3::new(9.0 * MM, 5.0 * MM, 4.0 * MM), 1.6 * MM).moved(back);
    scene.part("clasp", clasp, &metals.golds());
    scene
}

// ---- Earrings --------------------------------------------------------------------------------------------------

const EAR_SPACING_MM: f32 = 30.0;

pub fn stud_earrings() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let d = diamond();
    let (mut settings, mut stones) = (Vec::new(), Vec::new());
    for side in [-1.0, 1.0] {
        let at = Vec3::new(side * EAR_SPACING_MM / 2.0 * MM, 0.0, 0.0);
        // Head facing the front (+Z); the post goes back through the lobe.
        let (head, stone) = prong_head(5.0 * MM, Vec3::new(0.0, 2.4 * MM, 0.0), 0.0, 4, PI / 4.0);
        let face_front = Quat::from_rotation_x(FRAC_PI_2);
        settings.push(head.at(at, face_front, Vec3::ONE));
        stones.push(stone.at(at, face_front, Vec3::ONE));
        let post = tube(
            &[
                at + Vec3::new(0.0, 0.0, 0.5 * MM),
                at + Vec3::new(0.0, 0.0, -10.0 * MM),
            ],
            0.45 * MM,
            10,
            false,
        )
        .outward();
        let back = lathe(
            &[
                Vec2::new(0.0, 0.0),
                Vec2::new(3.5 * MM, 0.0),
                Vec2::new(3.0 * MM, 1.0 * MM),
                Vec2::new(0.0, 1.2 * MM),
            ],
            32,
        )
        .outward()
        .at(
            at + Vec3::new(0.0, 0.0, -7.0 * MM),
            Quat::from_rotation_x(-FRAC_PI_2),
            Vec3::ONE,
        );
        settings.push(post);
        settings.push(back);
    }
    scene.part("settings", Mesh::merged(&settings), &metals.with_platinum());
    scene.part("stones", Mesh::merged(&stones), &[("diamond", &d)]);
    scene
}

pub fn drop_earrings() -> Scene {
    let mut scene = Scene::default();
    let metals = Metals::new();
    let (p, e, s) = (pearl(), emerald(), sapphire());
    let (mut metal_parts, mut drops) = (Vec::new(), Vec::new());
    for side in [-1.0, 1.0] {
        let at = Vec3::new(side * EAR_SPACING_MM / 2.0 * MM, 0.0, 0.0);
        // A lever-back hook through the lobe, a bar, then the drop.
        let hook = wire(
            &[
                at + v(0.0, -1.5, 0.0),
                at + v(0.0, 1.5, -1.0),
                at + v(0.0, 2.0, -5.0),
                at + v(0.0, -2.0, -8.0),
                at + v(0.0, -7.0, -7.0),
            ],
            0.45 * MM,
        );
        let stud = sphere(1.8 * MM, 20, 12).moved(at + v(0.0, -2.5, 0.5));
        let bar = tube(
            &[at + v(0.0, -4.0, 0.5), at + v(0.0, -18.0, 0.5)],
            0.5 * MM,
            10,
            false,
        )
        .outward();
        let cap = lathe(
            &[
                Vec2::new(0.0, 0.0),
                Vec2::new(2.6 * MM, 0.0),
                Vec2::new(1.2 * MM, 1.8 * MM),
                Vec2::new(0.0, 2.0 * MM),
            ],
            32,
        )
        .outward()
        .transformed(Affine3A::from_rotation_x(PI))
        .moved(at + v(0.0, -17.5, 0.5));
        metal_parts.extend([hook, stud, bar, cap]);
        // A pear-shaped drop: a sphere stretched downwards.
        let drop = sphere(4.2 * MM, 32, 20);
        let mut pear = drop.clone();
        for q in &mut pear.positions {
            if q.y < 0.0 {
                q.y *= 1.6;
            } else {
                q.y *= 0.9;
            }
        }
        let pear = pear.smooth_normals_keep().moved(at + v(0.0, -22.0, 0.5));
        drops.push(pear);
    }
    scene.part("metal", Mesh::merged(&metal_parts), &metals.golds());
    scene.part(
        "drops",
        Mesh::merged(&drops),
        &[("pearl", &p), ("emerald", &e), ("sapphire", &s)],
    );
    scene
}

impl Mesh {
    /// Recomputes smooth normals after vertices moved.
    fn smooth_normals_keep(self) -> Mesh {
        self.smooth_normals()
    }
}

// ---- Garments ---------------------------------------------------------------------------------------------------

pub fn silk_scarf() -> Scene {
    let mut scene = Scene::default();
    let colourways = [
        cloth(
            "silk_bleu_vendome",
            [0.03, 0.08, 0.35],
            0.32,
            [0.6, 0.7, 0.9],
        ),
        cloth("silk_rouge", [0.5, 0.02, 0.04], 0.32, [0.9, 0.6, 0.6]),
        cloth("silk_or", [0.7, 0.45, 0.12], 0.32, [1.0, 0.9, 0.6]),
    ];
    // A pleated cross-section: 90 mm wide folds, 2 mm thick.
    let folds: Vec<Vec2> = {
        let n = 40;
        let mut top: Vec<Vec2> = (0..=n)
            .map(|i| {
                let x = -45.0 + 90.0 * i as f32 / n as f32;
                Vec2::new(x, 3.0 * (x * 0.25).sin() + 1.0) * MM
            })
            .collect();
        let bottom: Vec<Vec2> = top
            .iter()
            .rev()
            .map(|p| Vec2::new(p.x, p.y - 2.0 * MM))
            .collect();
        top.extend(bottom);
        top
    };
    // Around the neck (the loop's width is vertical).
    let loop_path: Vec<Vec3> = (0..120)
        .map(|i| {
            let t = i as f32 / 120.0 * TAU;
            Vec3::new(
                75.0 * MM * t.sin(),
                20.0 * MM * (t.cos() + 1.0) * 0.5 - 10.0 * MM,
                65.0 * MM * t.cos(),
            )
        })
        .collect();
    let collar = sweep(&folds, &loop_path, true, |_, _| Vec3::Y).outward();
    // Two tails falling from a knot at the front.
    let knot = sphere(22.0 * MM, 24, 16)
        .transformed(Affine3A::from_scale(Vec3::new(1.2, 1.0, 0.6)))
        .moved(Vec3::new(0.0, -22.0 * MM, 70.0 * MM));
    let mut parts = vec![collar, knot];
    for side in [-1.0_f32, 1.0] {
        let points: Vec<Vec3> = (0..8)
            .map(|k| {
                let t = k as f32 / 7.0;
                Vec3::new(
                    side * (12.0 + 30.0 * t) + 8.0 * (t * 9.0).sin(),
                    -30.0 - 330.0 * t,
                    75.0 + 10.0 * (t * 5.0).sin(),
                ) * MM
            })
            .collect();
        let path = smooth_path(&points, 10, false);
        parts.push(
            sweep(&folds, &path, false, |i, _| {
                Vec3::new(1.0, 0.0, 0.15 * (i as f32 * 0.2).sin())
            })
            .outward(),
        );
    }
    let refs: Vec<(&str, &Material)> = vec![
        ("bleu_vendome", &colourways[0]),
        ("rouge", &colourways[1]),
        ("or", &colourways[2]),
    ];
    scene.part("scarf", Mesh::merged(&parts), &refs);
    scene
}

pub fn tailored_jacket() -> Scene {
    let mut scene = Scene::default();
    let navy = cloth("wool_navy", [0.012, 0.018, 0.05], 0.85, [0.15, 0.15, 0.2]);
    let camel = cloth("wool_camel", [0.42, 0.27, 0.13], 0.85, [0.5, 0.45, 0.35]);
    let black = cloth("wool_black", [0.01, 0.01, 0.01], 0.85, [0.12, 0.12, 0.12]);
    let horn = coated("horn_buttons", [0.06, 0.03, 0.015], 0.3, 1.0, 0.1);
    // Torso: superellipse sections from the hem up to the shoulders and collar (y = 0 at the base of the neck).
    let levels: [(f32, f32, f32, f32); 9] = [
        // (y mm, half width mm, half depth mm, front z shift mm)
        (-740.0, 205.0, 125.0, 0.0),
        (-560.0, 190.0, 118.0, 0.0),
        (-420.0, 178.0, 112.0, 0.0),
        (-280.0, 196.0, 122.0, 6.0),
        (-150.0, 210.0, 125.0, 8.0),
        (-60.0, 225.0, 115.0, 4.0),
        (-18.0, 215.0, 95.0, 0.0),
        (5.0, 120.0, 70.0, -5.0),
        (30.0, 72.0, 62.0, -8.0),
    ];
    let sections: Vec<Vec<Vec3>> = levels
        .iter()
        .map(|(y, w, d, dz)| {
            superellipse(*w, *d, 2.6, 72, -FRAC_PI_2)
                .into_iter()
                .map(|p| Vec3::new(p.x, *y, -p.y + dz) * MM)
                .collect()
        })
        .collect();
    let mut body = loft(&sections, true, false).outward();
    // Sleeves hang from the shoulders.
    for side in [-1.0_f32, 1.0] {
        let points = [
            v(side * 195.0, -40.0, -5.0),
            v(side * 228.0, -250.0, 0.0),
            v(side * 240.0, -470.0, 20.0),
            v(side * 238.0, -640.0, 40.0),
        ];
        let path = smooth_path(&points, 12, false);
        let n = path.len();
        let sections: Vec<Vec<Vec3>> = path
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let t = i as f32 / (n - 1) as f32;
                let r = (72.0 - 26.0 * t) * MM;
                let next = path[(i + 1).min(n - 1)];
                let prev = path[i.saturating_sub(1)];
                let tangent = (next - prev).normalize_or(Vec3::NEG_Y);
                let x = Vec3::Z.cross(tangent).normalize_or(Vec3::X);
                let z = tangent.cross(x);
                circle(1.0, 28)
                    .into_iter()
                    .map(|c| *p + x * c.x * r + z * c.y * r * 1.05)
                    .collect()
            })
            .collect();
        let mut sleeve = loft(&sections, true, false).outward();
        sleeve.append(&cap(
            &sections[n - 1],
            (path[n - 1] - path[n - 2]).normalize_or(Vec3::NEG_Y),
        ));
        body.append(&sleeve);
    }
    // Peaked lapels: folded-back panels from the collar to the buttoning point.
    for side in [-1.0_f32, 1.0] {
        let points = [
            v(side * 60.0, 20.0, 70.0),
            v(side * 95.0, -90.0, 128.0),
            v(side * 70.0, -220.0, 134.0),
            v(side * 12.0, -330.0, 130.0),
        ];
        let path = smooth_path(&points, 10, false);
        let lapel_section = rounded_rect(62.0 * MM, 5.0 * MM, 2.0 * MM, 2);
        body.append(
            &sweep(&lapel_section, &path, false, |i, _| {
                Vec3::new(side, 0.0, -0.25 + 0.02 * i as f32)
            })
            .outward(),
        );
    }
    // Pocket flaps.
    for side in [-1.0_f32, 1.0] {
        let flap = rounded_box(v(150.0, 50.0, 6.0), 2.5 * MM).moved(v(side * 110.0, -500.0, 122.0));
        body.append(&flap);
    }
    scene.part(
        "jacket",
        body,
        &[("navy", &navy), ("camel", &camel), ("black", &black)],
    );
    let button = lathe(
        &[
            Vec2::new(0.0, 0.0),
            Vec2::new(10.0, 0.0),
            Vec2::new(10.0, 2.5),
            Vec2::new(7.0, 3.5),
            Vec2::new(0.0, 2.5),
        ]
        .map(|p| p * MM),
        32,
    )
    .outward()
    .transformed(Affine3A::from_rotation_x(FRAC_PI_2));
    let buttons = Mesh::merged(&[
        button.moved(v(0.0, -340.0, 128.0)),
        button.moved(v(0.0, -440.0, 124.0)),
    ]);
    scene.fixed("buttons", buttons, &horn);
    scene
}

// ---- Accessories ------------------------------------------------------------------------------------------------

pub fn sunglasses() -> Scene {
    let mut scene = Scene::default();
    let black = coated("black_acetate", [0.01, 0.01, 0.01], 0.15, 1.0, 0.03);
    let tortoise = coated("tortoiseshell_acetate", [0.2, 0.07, 0.015], 0.2, 1.0, 0.03);
    let ivory = coated("ivory_acetate", [0.7, 0.62, 0.5], 0.2, 1.0, 0.03);
    let grey = glass("grey_lens", [0.05, 0.05, 0.05], 0.55);
    let brown = glass("brown_lens", [0.16, 0.07, 0.02], 0.55);
    let gold = yellow_gold();
    // Lens outline: a soft square 52 x 44 mm, centred 34 mm from the bridge.
    let outline: Vec<Vec2> = superellipse(26.0 * MM, 22.0 * MM, 3.4, 72, 0.0);
    let rim_section = rounded_rect(4.5 * MM, 5.5 * MM, 1.8 * MM, 3);
    let mut frame = Vec::new();
    let mut lenses = Vec::new();
    for side in [-1.0_f32, 1.0] {
        let centre = v(side * 34.0, 0.0, 0.0);
        // A gentle wrap: the outer edges sit further back.
        let path: Vec<Vec3> = outline
            .iter()
            .map(|p| centre + Vec3::new(p.x, p.y, -(p.x * side + 26.0 * MM).powi(2) * 3.0))
            .collect();
        frame.push(sweep(&rim_section, &path, true, |_, _| Vec3::Z).outward());
        let mut lens = cap(&path, Vec3::Z);
        lens.positions
            .iter_mut()
            .skip(1)
            .for_each(|q| *q = centre + (*q - centre) * 0.99);
        lenses.push(Mesh::merged(&[lens.clone(), cap(&path, Vec3::NEG_Z)]));
        // Temples: from the outer top corner straight back, bending down behind the ear.
        let hinge = centre + v(side * 27.0, 12.0, -4.0);
        let temple_points = [
            hinge,
            hinge + v(side * 8.0, 0.0, -40.0),
            hinge + v(side * 10.0, -2.0, -110.0),
            hinge + v(side * 9.0, -28.0, -140.0),
        ];
        let temple_path = smooth_path(&temple_points, 10, false);
        let temple_section = rounded_rect(2.5 * MM, 6.0 * MM, 1.1 * MM, 3);
        frame.push(sweep(&temple_section, &temple_path, false, |_, _| Vec3::X).outward());
    }
    let bridge_path = smooth_path(
        &[v(-10.0, 6.0, 0.0), v(0.0, 10.0, 1.0), v(10.0, 6.0, 0.0)],
        8,
        false,
    );
    frame.push(tube(&bridge_path, 2.2 * MM, 12, false).outward());
    scene.part(
        "frame",
        Mesh::merged(&frame),
        &[
            ("black", &black),
            ("tortoiseshell", &tortoise),
            ("ivory", &ivory),
        ],
    );
    scene.part(
        "lenses",
        Mesh::merged(&lenses),
        &[("grey_lens", &grey), ("brown_lens", &brown)],
    );
    // Gold studs at the hinges.
    let stud = sphere(1.6 * MM, 12, 8);
    scene.fixed(
        "hinge_studs",
        Mesh::merged(&[
            stud.moved(v(-60.0, 12.0, 1.0)),
            stud.moved(v(60.0, 12.0, 1.0)),
        ]),
        &gold,
    );
    scene
}

pub fn handbag() -> Scene {
    let mut scene = Scene::default();
    let (black, cognac, rouge) = (black_leather(), cognac_leather(), rouge_leather());
    let gold = yellow_gold();
    let size = v(260.0, 190.0, 110.0);
    let body = rounded_box(size, 18.0 * MM).moved(Vec3::Y * size.y / 2.0);
    // Flap over the top front, slightly proud of the body.
    let flap = rounded_box(v(262.0, 110.0, 8.0), 6.0 * MM).moved(v(0.0, 135.0, 57.0));
    let top_flap = rounded_box(v(262.0, 8.0, 118.0), 4.0 * MM).moved(v(0.0, 191.0, 0.0));
    // A rolled leather handle between two gold rings.
    let handle_points: Vec<Vec3> = (0..=24)
        .map(|i| {
            let t = i as f32 / 24.0 * PI;
            v(-80.0 * t.cos(), 200.0 + 95.0 * t.sin(), 0.0)
        })
        .collect();
    let handle = tube(&handle_points, 6.0 * MM, 16, false).outward();
    let leather: Vec<(&str, &Material)> =
        vec![("noir", &black), ("cognac", &cognac), ("rouge", &rouge)];
    scene.part(
        "body",
        Mesh::merged(&[body, flap, top_flap, handle]),
        &leather,
    );
    let ring = torus(9.0 * MM, 2.2 * MM, 32, 10).transformed(Affine3A::from_rotation_x(FRAC_PI_2));
    let clasp_plate = rounded_box(v(44.0, 28.0, 6.0), 3.0 * MM).moved(v(0.0, 100.0, 63.0));
    let turn_lock = lathe(
        &[
            Vec2::new(0.0, 0.0),
            Vec2::new(8.0, 0.0),
            Vec2::new(8.0, 3.0),
            Vec2::new(5.0, 5.0),
            Vec2::new(0.0, 5.0),
        ]
        .map(|p| p * MM),
        32,
    )
    .outward()
    .transformed(Affine3A::from_rotation_x(FRAC_PI_2))
    .moved(v(0.0, 100.0, 66.0));
    let hardware = Mesh::merged(&[
        ring.moved(v(-80.0, 200.0, 0.0)),
        ring.moved(v(80.0, 200.0, 0.0)),
        clasp_plate,
        turn_lock,
    ]);
    scene.fixed("hardware", hardware, &gold);
    scene
}

/// Every product model: (file path under assets/, builder).
/// A product model builder.
pub type Builder = fn() -> Scene;

pub fn all() -> Vec<(&'static str, Builder)> {
    vec![
        (
            "models/rings/etoile_solitaire.glb",
            solitaire as fn() -> Scene,
        ),
        ("models/rings/pave_eternity.glb", pave_eternity),
        ("models/rings/vendome_signet.glb", signet),
        ("models/rings/trilogy.glb", three_stone),
        ("models/watches/colonne_dress.glb", dress_watch),
        ("models/watches/octogone_sport.glb", sports_watch),
        ("models/watches/perle_ladies.glb", ladies_watch),
        ("models/bracelets/riviere_tennis.glb", tennis_bracelet),
        ("models/bracelets/maille_chain.glb", chain_bracelet),
        ("models/necklaces/goutte_pendant.glb", pendant_necklace),
        ("models/necklaces/perles_strand.glb", pearl_strand),
        ("models/earrings/lumiere_studs.glb", stud_earrings),
        ("models/earrings/cascade_drops.glb", drop_earrings),
        ("models/garments/carre_scarf.glb", silk_scarf),
        ("models/garments/tailleur_jacket.glb", tailored_jacket),
        ("models/accessories/riviera_sunglasses.glb", sunglasses),
        ("models/accessories/place_handbag.glb", handbag),
    ]
}
