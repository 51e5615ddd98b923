//! The shopper's language (en/it/zh/fr) and the app's own interface strings.

use bevy::prelude::*;
pub use catalog::Language;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<CurrentLanguage>();
}

#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CurrentLanguage(pub Language);

/// Interface strings; products bring their own texts from the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    Loading,
    Materials,
    Care,
    LimitedEdition,
    Back,
    Turntable,
    HallHint,
    InspectHint,
    Metal,
    Stone,
    Strap,
    Colourway,
    Lens,
    NoProducts,
}

impl Ui {
    pub fn text(self, language: Language) -> &'static str {
        use Language::*;
        match (self, language) {
            (Ui::Loading, En) => "Preparing the boutique",
            (Ui::Loading, It) => "Stiamo preparando la boutique",
            (Ui::Loading, Zh) => "精品店准备中",
            (Ui::Loading, Fr) => "Préparation de la boutique",
            (Ui::Materials, En) => "Materials",
            (Ui::Materials, It) => "Materiali",
            (Ui::Materials, Zh) => "材质",
            (Ui::Materials, Fr) => "Matières",
            (Ui::Care, En) => "Care",
            (Ui::Care, It) => "Cura",
            (Ui::Care, Zh) => "保养",
            (Ui::Care, Fr) => "Entretien",
            (Ui::LimitedEdition, En) => "Limited edition of",
            (Ui::LimitedEdition, It) => "Edizione limitata di",
            (Ui::LimitedEdition, Zh) => "限量发行",
            (Ui::LimitedEdition, Fr) => "Édition limitée à",
            (Ui::Back, En) => "Back",
            (Ui::Back, It) => "Indietro",
            (Ui::Back, Zh) => "返回",
            (Ui::Back, Fr) => "Retour",
            (Ui::Turntable, En) => "Turntable",
            (Ui::Turntable, It) => "Piatto rotante",
            (Ui::Turntable, Zh) => "自动旋转",
            (Ui::Turntable, Fr) => "Rotation",
            (Ui::HallHint, En) => "Click a piece, or ← → and Enter, to inspect it  ·  L: language",
            (Ui::HallHint, It) => "Clicca su un pezzo, o ← → e Invio, per osservarlo  ·  L: lingua",
            (Ui::HallHint, Zh) => "点击作品，或用 ← → 与回车键查看细节  ·  L：语言",
            (Ui::HallHint, Fr) => {
                "Cliquez sur une pièce, ou ← → et Entrée, pour l'admirer  ·  L : langue"
            }
            (Ui::InspectHint, En) => "Drag: orbit  ·  Wheel: zoom  ·  T: turntable  ·  Esc: back",
            (Ui::InspectHint, It) => {
                "Trascina: ruota  ·  Rotella: zoom  ·  T: rotazione  ·  Esc: indietro"
            }
            (Ui::InspectHint, Zh) => "拖动：环绕  ·  滚轮：缩放  ·  T：旋转  ·  Esc：返回",
            (Ui::InspectHint, Fr) => {
                "Glisser : orbite  ·  Molette : zoom  ·  T : rotation  ·  Échap : retour"
            }
            (Ui::Metal, En) => "Metal",
            (Ui::Metal, It) => "Metallo",
            (Ui::Metal, Zh) => "金属",
            (Ui::Metal, Fr) => "Métal",
            (Ui::Stone, En) => "Stone",
            (Ui::Stone, It) => "Pietra",
            (Ui::Stone, Zh) => "宝石",
            (Ui::Stone, Fr) => "Pierre",
            (Ui::Strap, En) => "Strap",
            (Ui::Strap, It) => "Cinturino",
            (Ui::Strap, Zh) => "表带",
            (Ui::Strap, Fr) => "Bracelet",
            (Ui::Colourway, En) => "Colour",
            (Ui::Colourway, It) => "Colore",
            (Ui::Colourway, Zh) => "颜色",
            (Ui::Colourway, Fr) => "Coloris",
            (Ui::Lens, En) => "Lenses",
            (Ui::Lens, It) => "Lenti",
            (Ui::Lens, Zh) => "镜片",
            (Ui::Lens, Fr) => "Verres",
            (Ui::NoProducts, En) => {
                "No product could be loaded: see the log for the catalog's problems."
            }
            (Ui::NoProducts, It) => {
                "Nessun prodotto caricato: il registro elenca i problemi del catalogo."
            }
            (Ui::NoProducts, Zh) => "未能载入任何产品：请查看日志中的目录问题。",
            (Ui::NoProducts, Fr) => {
                "Aucun produit chargé : le journal détaille les problèmes du catalogue."
            }
        }
    }

    pub fn for_variant_kind(kind: catalog::VariantKind) -> Ui {
        match kind {
            catalog::VariantKind::Metal => Ui::Metal,
            catalog::VariantKind::Stone => Ui::Stone,
            catalog::VariantKind::Strap => Ui::Strap,
            catalog::VariantKind::Colourway => Ui::Colourway,
            catalog::VariantKind::Lens => Ui::Lens,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_exists_in_every_language() {
        let all = [
            Ui::Loading,
            Ui::Materials,
            Ui::Care,
            Ui::LimitedEdition,
            Ui::Back,
            Ui::Turntable,
            Ui::HallHint,
            Ui::InspectHint,
            Ui::Metal,
            Ui::Stone,
            Ui::Strap,
            Ui::Colourway,
            Ui::Lens,
            Ui::NoProducts,
        ];
        for ui in all {
            for language in Language::ALL {
                assert!(!ui.text(language).is_empty(), "{ui:?} {language:?}");
            }
        }
    }
}
