//! Every hand piece of the demo catalog fits a solved hand as its spec and GLB conventions say: rings on their
//! finger's axis at their place along the phalanx, scaled to the finger within limits; watches and bracelets on the
//! wrist at their true size, dial out of the back of the hand, never mirrored, stacked without overlapping.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use catalog::{Anchor, load_catalog_dir};
use glam::{Mat3, Quat, Vec2, Vec3};
use tryon::hand_pose::{MIDDLE_MCP, WRIST};
use tryon::{
    HandLabel, HandObservation, HandSide, Intrinsics, SessionOptions, TryOnSession, WornItem,
};

fn assets() -> std::path::PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../../assets")
}

/// A hand-sized set of 21 points in MediaPipe's world frame (metres; x right, y down, z away), palm towards the
/// camera, fingers up.
fn hand_m() -> Vec<Vec3> {
    let mut p = vec![Vec3::ZERO; 21];
    p[0] = Vec3::new(0.0, 0.045, 0.0);
    for (j, i) in (1..5).enumerate() {
        p[i] = Vec3::new(-0.025 - 0.017 * j as f32, 0.03 - 0.012 * j as f32, -0.01);
    }
    let bases = [-0.024, -0.004, 0.014, 0.030];
    for f in 0..4 {
        let mut at = Vec3::new(bases[f], -0.045, 0.0);
        p[5 + 4 * f] = at;
        for j in 0..3 {
            at += Vec3::new(0.0, -0.035 + 0.008 * j as f32, 0.004);
            p[6 + 4 * f + j] = at;
        }
    }
    p
}

#[test]
fn every_hand_piece_of_the_catalog_fits() {
    let catalog = load_catalog_dir(&assets()).expect("the demo catalog loads");
    let items: Vec<WornItem> = catalog
        .products
        .iter()
        .filter_map(WornItem::from_catalog)
        .collect();
    let rings = items
        .iter()
        .filter(|i| matches!(i.spec.anchor, Anchor::Finger { .. }))
        .count();
    let wrist = items
        .iter()
        .filter(|i| i.spec.anchor == Anchor::Wrist)
        .count();
    assert!(
        rings >= 3 && wrist >= 3,
        "{rings} rings and {wrist} wrist pieces in the demo catalog"
    );
    let k = Intrinsics::from_hfov(1280.0, 720.0, 60.0);
    let rotation = Quat::from_axis_angle(Vec3::new(0.2, 1.0, 0.0).normalize(), 0.4);
    let t = Vec3::new(0.02, 0.0, 0.45);
    let world = hand_m();
    let hand = HandObservation {
        label: HandLabel::Right,
        landmarks_px: world
            .iter()
            .map(|w| k.project(rotation * *w + t).unwrap().extend(0.0))
            .collect(),
        world_m: world,
    };
    let mut session = TryOnSession::new(
        SessionOptions {
            intrinsics: k,
            mirrored: false,
            wear_on: HandSide::Left,
            filter: Default::default(),
        },
        items.clone(),
    );
    let fit = session.process(0, 0.0, std::slice::from_ref(&hand), None);
    let image: Vec<Vec2> = hand.landmarks_px.iter().map(|p| p.truncate()).collect();
    let pose = tryon::solve_hand_pose(&k, &hand.world_m, &image, hand.label).unwrap();
    let mut wrist_intervals = Vec::new();
    for (item, frame) in items.iter().zip(&fit.items) {
        let p = frame
            .placement
            .clone()
            .unwrap_or_else(|| panic!("{} was not placed", item.sku));
        let m = Mat3::from_quat(p.rotation);
        assert!(
            (m.determinant() - 1.0).abs() < 1e-4,
            "{}: a proper rotation",
            item.sku
        );
        match item.site().unwrap() {
            site @ tryon::Site::Finger { .. } => {
                let (a, b) = site.bone().unwrap();
                let (base, tip) = (pose.landmark(a), pose.landmark(b));
                let along = (p.position_m - base).dot(tip - base) / (tip - base).length_squared();
                assert!(
                    (0.15..=0.65).contains(&along),
                    "{}: {along} along its phalanx",
                    item.sku
                );
                assert!(
                    m.z_axis.dot((tip - base).normalize()) > 0.999,
                    "{}",
                    item.sku
                );
                assert!(
                    m.y_axis.dot(pose.back_of_hand()) > 0.3,
                    "{}: head on the back",
                    item.sku
                );
                let drawn_inner_mm = item.spec.size_mm * p.scale;
                assert!(
                    (12.0..=25.0).contains(&drawn_inner_mm),
                    "{}: {drawn_inner_mm} mm",
                    item.sku
                );
            }
            tryon::Site::Wrist => {
                assert_eq!(p.scale, 1.0, "{}: true size", item.sku);
                assert!(
                    m.z_axis.dot(pose.back_of_hand()) > 0.9,
                    "{}: dial out",
                    item.sku
                );
                let towards_hand = (pose.landmark(MIDDLE_MCP) - pose.landmark(WRIST)).normalize();
                let up_forearm = (pose.landmark(WRIST) - p.position_m).dot(towards_hand);
                wrist_intervals.push((up_forearm, item.width_along_axis_m, item.sku.clone()));
            }
        }
    }
    // Stacked pieces do not overlap along the forearm.
    wrist_intervals.sort_by(|a, b| a.0.total_cmp(&b.0));
    for pair in wrist_intervals.windows(2) {
        let gap = (pair[1].0 - pair[0].0) - 0.5 * (pair[0].1 + pair[1].1);
        assert!(
            gap > 0.0,
            "{} and {} overlap by {} m",
            pair[0].2,
            pair[1].2,
            -gap
        );
    }
}

/// Every watch and bracelet of the catalog bakes a contact shadow from its own GLB: the skin is shaded under the
/// piece on the back of the wrist and underneath (where strap, bracelet or clasp rest), and nowhere beyond the
/// piece's reach along the wrist.
#[test]
fn every_wrist_piece_bakes_a_contact_shadow_from_its_own_model() {
    use tryon::contact_shadow::{BLUR_SIGMA_M, SHADOW_STRENGTH};
    let catalog = load_catalog_dir(&assets()).expect("the demo catalog loads");
    let mut baked = 0;
    for entry in &catalog.products {
        let Some(item) = WornItem::from_catalog(entry) else {
            continue;
        };
        if item.spec.anchor != Anchor::Wrist {
            continue;
        }
        let bytes = std::fs::read(assets().join(&entry.product.model)).unwrap();
        let triangles = catalog::triangles_m(&bytes).unwrap();
        let started = web_time::Instant::now();
        let shadow = tryon::ContactShadow::bake(triangles.iter().map(|t| t.map(Vec3::from_array)))
            .unwrap_or_else(|| panic!("{}: no shade", item.sku));
        let bake_ms = started.elapsed().as_secs_f64() * 1000.0;
        let sku = &item.sku;
        let top = shadow.at(0.0, std::f32::consts::FRAC_PI_2);
        let under = shadow.at(0.0, -std::f32::consts::FRAC_PI_2);
        assert!(top > 0.2 * SHADOW_STRENGTH, "{sku}: top of the wrist {top}");
        assert!(under > 0.2 * SHADOW_STRENGTH, "{sku}: underside {under}");
        let [x_min, x_max] = [entry.model.bounds_min_m[0], entry.model.bounds_max_m[0]];
        for t in [-2.0f32, 0.0, 1.5, 3.0] {
            for x in [x_min - 3.5 * BLUR_SIGMA_M, x_max + 3.5 * BLUR_SIGMA_M] {
                assert_eq!(
                    shadow.at(x, t),
                    0.0,
                    "{sku}: shade beyond the piece at x {x}"
                );
            }
        }
        println!(
            "{sku}: {} triangles, {}×{} texels, top {top:.2}, underside {under:.2}, baked in {bake_ms:.0} ms",
            triangles.len(),
            shadow.columns,
            shadow.rows
        );
        baked += 1;
    }
    assert!(baked >= 3, "{baked} wrist pieces");
}
