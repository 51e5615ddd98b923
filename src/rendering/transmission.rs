//! Gems and glass without Bevy's specular transmission. A material with `specular_transmission > 0` (glTF's
//! `KHR_materials_transmission`) makes Mesa's lavapipe keep about 4 MB per frame for as long as it is drawn — with any
//! number of screen-space transmission steps (0 included), with or without HDR, MSAA, bloom, shadows or an
//! environment map, at any resolution, in the transmissive and the transparent phase alike — so a kiosk or a CI
//! machine without a GPU runs out of memory within minutes (the minimal reproduction and the measurements are in
//! docs/ARCHITECTURE.md, "Memory"). Every such material is rewritten the moment it is loaded, before it reaches
//! the GPU: thin glass (watch crystals, lenses) becomes blended glass that lets the dial show through; a gem with a
//! volume becomes a polished dielectric of its own colour with a gem's reflectance and a lacquer-sharp coat.

use bevy::prelude::*;

pub(crate) fn plugin(app: &mut App) {
    // Right after the frame's asset events are written, before the render world extracts the new material.
    app.add_systems(
        PostUpdate,
        without_specular_transmission.after(bevy::asset::AssetEventSystems),
    );
}

/// The reflectance at normal incidence of a dielectric of refractive index `ior`, in Bevy's `reflectance` units
/// (F0 = 0.16 × reflectance²), capped at Bevy's 1.0 (F0 = 0.16; a diamond's is 0.17).
pub fn reflectance_for_ior(ior: f32) -> f32 {
    let f0 = ((ior - 1.0) / (ior + 1.0)).powi(2);
    (f0 / 0.16).sqrt().clamp(0.0, 1.0)
}

/// How much of a gem's own colour shows as diffuse light once it is opaque: a cut stone returns most light by
/// reflection inside it, seen as its tint, but far less than a matt surface of that colour would.
const GEM_BODY_COLOUR: f32 = 0.45;
/// The least opacity of glass, so that even fully transmissive glass still shows a faint sheen.
const GLASS_MIN_ALPHA: f32 = 0.06;

/// Rewrites one material that uses specular transmission; returns whether it changed.
pub fn replace_specular_transmission(material: &mut StandardMaterial) -> bool {
    if material.specular_transmission <= 0.0 {
        return false;
    }
    let transmission = material.specular_transmission.clamp(0.0, 1.0);
    if material.thickness > 0.0 {
        // A gem: its body colour (the glTF volume's attenuation colour, or the base colour), opaque and polished.
        let tint = if material.attenuation_distance.is_finite() {
            material.attenuation_color.to_linear()
        } else {
            material.base_color.to_linear()
        };
        material.base_color = Color::LinearRgba(LinearRgba::rgb(
            tint.red * GEM_BODY_COLOUR,
            tint.green * GEM_BODY_COLOUR,
            tint.blue * GEM_BODY_COLOUR,
        ));
        material.reflectance = reflectance_for_ior(material.ior);
        material.perceptual_roughness = material.perceptual_roughness.max(0.04);
        material.metallic = 0.0;
        material.clearcoat = 1.0;
        material.clearcoat_perceptual_roughness = 0.03;
    } else {
        // Thin glass: blending lets through what transmission would, and tinted glass (a sunglass lens) also
        // holds back what its tint absorbs: at least a quarter of the light, more as the tint lightens.
        let tint = material.base_color.to_linear();
        let brightest = tint.red.max(tint.green).max(tint.blue).clamp(0.0, 1.0);
        let passes = transmission * (0.25 + 0.75 * brightest);
        let alpha = (1.0 - passes).max(GLASS_MIN_ALPHA);
        material.base_color = material.base_color.with_alpha(alpha);
        material.alpha_mode = AlphaMode::Blend;
        material.reflectance = reflectance_for_ior(material.ior).max(0.5);
    }
    material.specular_transmission = 0.0;
    material.diffuse_transmission = 0.0;
    material.thickness = 0.0;
    true
}

/// Catches every material as it is added (product GLBs load at any time) and rewrites it before it is drawn.
fn without_specular_transmission(
    mut added: MessageReader<AssetEvent<StandardMaterial>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    for event in added.read() {
        if let AssetEvent::Added { id } = event
            && let Some(material) = materials.get(*id)
            && material.specular_transmission > 0.0
            && let Some(mut material) = materials.get_mut(*id)
        {
            replace_specular_transmission(&mut material);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflectance_follows_the_refractive_index() {
        // Glass (1.5): F0 = 4% → reflectance 0.5, Bevy's default for dielectrics.
        assert!((reflectance_for_ior(1.5) - 0.5).abs() < 1e-3);
        // Sapphire (1.77) reflects more than glass; diamond (2.42) reaches the cap.
        assert!(reflectance_for_ior(1.77) > 0.6);
        assert_eq!(reflectance_for_ior(2.42), 1.0);
    }

    #[test]
    fn a_gem_becomes_an_opaque_polished_stone_of_its_own_colour() {
        let mut ruby = StandardMaterial {
            base_color: Color::WHITE,
            specular_transmission: 1.0,
            thickness: 0.004,
            ior: 1.77,
            attenuation_color: Color::srgb(0.8, 0.05, 0.1),
            attenuation_distance: 0.002,
            perceptual_roughness: 0.0,
            ..default()
        };
        assert!(replace_specular_transmission(&mut ruby));
        assert_eq!(ruby.specular_transmission, 0.0);
        assert_eq!(ruby.alpha_mode, AlphaMode::Opaque);
        let colour = ruby.base_color.to_linear();
        assert!(colour.red > 5.0 * colour.green, "{colour:?}");
        assert!(ruby.reflectance > 0.6 && ruby.clearcoat == 1.0);
        // Rewritten once: a second pass changes nothing.
        let before = ruby.clone();
        assert!(!replace_specular_transmission(&mut ruby));
        assert_eq!(format!("{before:?}"), format!("{ruby:?}"));
    }

    #[test]
    fn thin_glass_becomes_blended_glass_that_lets_the_dial_show() {
        let mut crystal = StandardMaterial {
            specular_transmission: 1.0,
            ior: 1.5,
            ..default()
        };
        assert!(replace_specular_transmission(&mut crystal));
        assert_eq!(crystal.alpha_mode, AlphaMode::Blend);
        assert!(crystal.base_color.alpha() <= 0.1);
        let mut lens = StandardMaterial {
            base_color: Color::srgb(0.05, 0.05, 0.05),
            specular_transmission: 0.55,
            ior: 1.5,
            ..default()
        };
        replace_specular_transmission(&mut lens);
        // A dark lens lets through about a seventh of the light: mostly opaque, still see-through.
        assert!(
            (0.8..0.9).contains(&lens.base_color.alpha()),
            "{:?}",
            lens.base_color
        );
        assert_eq!(lens.specular_transmission, 0.0);
    }

    #[test]
    fn materials_added_at_any_time_are_rewritten_before_they_are_drawn() {
        let mut app = App::new();
        app.add_plugins((MinimalPlugins, AssetPlugin::default()))
            .init_asset::<StandardMaterial>()
            .add_plugins(plugin);
        let gem = app
            .world_mut()
            .resource_mut::<Assets<StandardMaterial>>()
            .add(StandardMaterial {
                specular_transmission: 1.0,
                thickness: 0.004,
                ..default()
            });
        let metal = app
            .world_mut()
            .resource_mut::<Assets<StandardMaterial>>()
            .add(StandardMaterial {
                metallic: 1.0,
                ..default()
            });
        app.update();
        let materials = app.world().resource::<Assets<StandardMaterial>>();
        assert_eq!(
            materials.get(&gem).map(|m| m.specular_transmission),
            Some(0.0)
        );
        assert_eq!(materials.get(&metal).map(|m| m.metallic), Some(1.0));
    }
}
