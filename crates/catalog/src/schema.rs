//! The catalog manifest schema (format version 1): what a maison writes in `assets/catalog/`.
//!
//! Every struct denies unknown fields so that a typo is reported instead of silently ignored.

use serde::{Deserialize, Serialize};

/// The catalog format version this crate reads.
pub const FORMAT_VERSION: u32 = 1;

/// `catalog.ron`: the maison, its collections and the product files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format_version: u32,
    pub maison: Maison,
    pub collections: Vec<Collection>,
    /// Product files, relative to the catalog folder, in display order.
    pub products: Vec<String>,
    /// Optional: the Meta Passes that open private rooms, as salted hashes (`vitrine catalog pass-hash <code>`);
    /// without any, the salon privé stays shut.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passes: Vec<crate::Pass>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Maison {
    pub name: String,
    pub founded_year: u16,
    pub city: String,
    pub tagline: Localized,
    /// The maison's history, told at the gold point over the boutique's door.
    pub story: Localized,
    /// Optional: how the maison makes its pieces, told at the gold point by the watch wall (not shown if absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub craft: Option<Localized>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    pub id: String,
    pub name: Localized,
    pub description: Localized,
}

/// A text in every language the boutique speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Localized {
    pub en: String,
    pub it: String,
    pub zh: String,
    pub fr: String,
}

/// The languages of the boutique, in the order of the language switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Language {
    #[default]
    En,
    It,
    Zh,
    Fr,
}

impl Language {
    pub const ALL: [Language; 4] = [Language::En, Language::It, Language::Zh, Language::Fr];

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::It => "it",
            Language::Zh => "zh",
            Language::Fr => "fr",
        }
    }

    /// The language's name written in itself, for the language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::It => "Italiano",
            Language::Zh => "中文",
            Language::Fr => "Français",
        }
    }

    pub fn next(self) -> Language {
        let index = Language::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Language::ALL[(index + 1) % Language::ALL.len()]
    }
}

impl Localized {
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::En => &self.en,
            Language::It => &self.it,
            Language::Zh => &self.zh,
            Language::Fr => &self.fr,
        }
    }

    /// Languages whose text is empty.
    pub fn missing(&self) -> Vec<Language> {
        Language::ALL
            .into_iter()
            .filter(|l| self.get(*l).trim().is_empty())
            .collect()
    }
}

/// One product file in `catalog/products/`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stock-keeping unit: upper-case letters, digits and dashes, unique in the catalog.
    pub sku: String,
    pub category: Category,
    /// Id of a collection in `catalog.ron`.
    pub collection: String,
    pub name: Localized,
    pub description: Localized,
    /// Prices per market; the first is the reference price.
    pub prices: Vec<Price>,
    /// Materials in plain words that every variant shares, e.g. "Sapphire crystal", "Silk thread". What changes
    /// with a variant ("950 platinum" or "18k yellow gold") is the chosen option's `material`; see
    /// [`Product::materials_for`].
    #[serde(default)]
    pub materials: Vec<String>,
    /// Path of the GLB model, relative to the assets folder (e.g. `models/rings/solitaire.glb`).
    pub model: String,
    /// Independent variant groups (metal, stone, strap, colourway). The first option of each group is the default.
    #[serde(default)]
    pub variants: Vec<VariantGroup>,
    pub care: Localized,
    #[serde(default)]
    pub limited_edition: Option<LimitedEdition>,
    #[serde(default)]
    pub try_on: Option<TryOnSpec>,
    /// Optional: whom the piece suits as a gift, for which occasions, and the words a shopper may use for it that
    /// its name and description do not say. The concierge reads it; nothing else does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gifting: Option<Gifting>,
}

/// The maison's own gifting advice for a piece (read by the concierge, shown as its reasons).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Gifting {
    /// Whom the piece suits: `Her`, `Him` or `Anyone`.
    #[serde(default)]
    pub for_whom: Vec<Recipient>,
    #[serde(default)]
    pub occasions: Vec<Occasion>,
    /// Words and phrases a shopper may use for this piece, in every language (e.g. "propose, proposal").
    #[serde(default)]
    pub keywords: Option<Localized>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recipient {
    Her,
    Him,
    Anyone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Occasion {
    Engagement,
    Wedding,
    Anniversary,
    Birthday,
    Graduation,
    Christmas,
    ValentinesDay,
    /// 七夕, the Chinese lovers' festival (seventh day of the seventh lunar month).
    Qixi,
    /// 520 (May 20th, "我爱你"), the Chinese online lovers' day.
    Day520,
    /// 春节, the Spring Festival.
    LunarNewYear,
    MothersDay,
    FathersDay,
    /// A promotion, a retirement, a new home: a milestone to mark.
    Milestone,
    Everyday,
    Evening,
}

impl Occasion {
    pub const ALL: [Occasion; 15] = [
        Occasion::Engagement,
        Occasion::Wedding,
        Occasion::Anniversary,
        Occasion::Birthday,
        Occasion::Graduation,
        Occasion::Christmas,
        Occasion::ValentinesDay,
        Occasion::Qixi,
        Occasion::Day520,
        Occasion::LunarNewYear,
        Occasion::MothersDay,
        Occasion::FathersDay,
        Occasion::Milestone,
        Occasion::Everyday,
        Occasion::Evening,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Ring,
    Watch,
    Bracelet,
    Necklace,
    Earrings,
    Garment,
    Eyewear,
    Bag,
}

impl Product {
    /// The materials line for a choice of variants: the chosen option's material in each group that names them
    /// (in group order), then the materials every variant shares. `chosen_gltf_variants` holds one GLB variant
    /// name per group, as the app keeps the selection; a group without a valid entry counts as its first option.
    pub fn materials_for(&self, chosen_gltf_variants: &[String]) -> Vec<&str> {
        self.variants
            .iter()
            .enumerate()
            .filter_map(|(g, group)| {
                let chosen = chosen_gltf_variants.get(g);
                group
                    .options
                    .iter()
                    .find(|o| Some(&o.gltf_variant) == chosen)
                    .or_else(|| group.options.first())?
                    .material
                    .as_deref()
            })
            .chain(self.materials.iter().map(String::as_str))
            .collect()
    }
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Ring,
        Category::Watch,
        Category::Bracelet,
        Category::Necklace,
        Category::Earrings,
        Category::Garment,
        Category::Eyewear,
        Category::Bag,
    ];

    pub fn label(self) -> Localized {
        let (en, it, zh, fr) = match self {
            Category::Ring => ("Rings", "Anelli", "戒指", "Bagues"),
            Category::Watch => ("Watches", "Orologi", "腕表", "Montres"),
            Category::Bracelet => ("Bracelets", "Bracciali", "手镯", "Bracelets"),
            Category::Necklace => ("Necklaces", "Collane", "项链", "Colliers"),
            Category::Earrings => ("Earrings", "Orecchini", "耳饰", "Boucles d'oreilles"),
            Category::Garment => ("Ready-to-wear", "Prêt-à-porter", "成衣", "Prêt-à-porter"),
            Category::Eyewear => ("Eyewear", "Occhiali", "眼镜", "Lunettes"),
            Category::Bag => ("Leather goods", "Pelletteria", "皮具", "Maroquinerie"),
        };
        Localized {
            en: en.into(),
            it: it.into(),
            zh: zh.into(),
            fr: fr.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Currency {
    EUR,
    CNY,
    USD,
    GBP,
    CHF,
    JPY,
    HKD,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Whole units of the currency (luxury prices carry no cents).
    pub amount: u64,
    pub currency: Currency,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VariantKind {
    Metal,
    Stone,
    Strap,
    Colourway,
    Lens,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantGroup {
    pub kind: VariantKind,
    pub options: Vec<VariantOption>,
}

/// One choice in a variant group; it maps to a `KHR_materials_variants` variant of the GLB.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantOption {
    pub id: String,
    pub label: Localized,
    /// Name of the variant in the GLB's `KHR_materials_variants` list.
    pub gltf_variant: String,
    /// Price change against the reference price, in the reference currency's whole units.
    #[serde(default)]
    pub price_delta: i64,
    /// What this option is made of, in plain words ("18k rose gold", "Tahitian black pearls"), shown among the
    /// product's materials while it is chosen. In a group either every option names its material or none does.
    #[serde(default)]
    pub material: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitedEdition {
    /// How many pieces exist.
    pub edition_size: u32,
}

/// Where and how the product is worn in the try-on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TryOnSpec {
    pub anchor: Anchor,
    /// What `size_mm` measures.
    pub size_reference: SizeReference,
    /// The product's real size in millimetres, as named by `size_reference`.
    pub size_mm: f32,
    #[serde(default)]
    pub fit: Fit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    Finger { finger: Finger, phalanx: Phalanx },
    Wrist,
    Neck,
    Ears,
    Torso,
    Head,
}

impl Anchor {
    pub fn name(&self) -> &'static str {
        match self {
            Anchor::Finger { .. } => "Finger",
            Anchor::Wrist => "Wrist",
            Anchor::Neck => "Neck",
            Anchor::Ears => "Ears",
            Anchor::Torso => "Torso",
            Anchor::Head => "Head",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Finger {
    Thumb,
    Index,
    Middle,
    Ring,
    Little,
}

/// Which phalanx of the finger the ring sits on; rings are normally worn on the proximal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phalanx {
    Proximal,
    Middle,
    Distal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SizeReference {
    RingInnerDiameter,
    CaseDiameter,
    InnerCircumference,
    ChainLength,
    DropLength,
    ShoulderWidth,
    FrameWidth,
}

impl SizeReference {
    /// The plausible range in millimetres, to catch unit mistakes (metres or centimetres typed as millimetres).
    pub fn plausible_mm(self) -> (f32, f32) {
        match self {
            SizeReference::RingInnerDiameter => (12.0, 25.0),
            SizeReference::CaseDiameter => (18.0, 50.0),
            SizeReference::InnerCircumference => (120.0, 240.0),
            SizeReference::ChainLength => (300.0, 1200.0),
            SizeReference::DropLength => (3.0, 120.0),
            SizeReference::ShoulderWidth => (300.0, 600.0),
            SizeReference::FrameWidth => (110.0, 170.0),
        }
    }
}

/// Fine placement of the item on its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fit {
    /// Offset from the anchor in the anchor's frame, millimetres.
    pub offset_mm: (f32, f32, f32),
    /// Extra rotation about the anchor's axes, degrees.
    pub rotation_deg: (f32, f32, f32),
    /// Extra room between body and item, millimetres (a bracelet hangs looser than a watch).
    pub ease_mm: f32,
    /// Whether the body part hides the far side of the item.
    pub occluded_by_body: bool,
}

impl Default for Fit {
    fn default() -> Self {
        Self {
            offset_mm: (0.0, 0.0, 0.0),
            rotation_deg: (0.0, 0.0, 0.0),
            ease_mm: 0.0,
            occluded_by_body: true,
        }
    }
}
