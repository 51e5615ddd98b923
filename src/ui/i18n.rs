//! The shopper's language (en/it/zh/fr) and the app's own interface strings.

use bevy::prelude::*;
pub use catalog::Language;

pub(crate) fn plugin(app: &mut App) {
    app.init_resource::<CurrentLanguage>();
}

#[derive(Resource, Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CurrentLanguage(pub Language);

/// Interface strings; products bring their own texts from the catalog.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the try-on's strings: desktop only for now
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    Loading,
    Materials,
    Care,
    LimitedEdition,
    Back,
    Turntable,
    InspectHint,
    Metal,
    Stone,
    Strap,
    Colourway,
    Lens,
    NoProducts,
    BoutiqueHelp,
    /// The help's entry for the try-on mirror, added where the try-on exists.
    HelpMirror,
    PassPrompt,
    PassWrong,
    PassGranted,
    StoryPlace,
    StoryPrive,
    Concierge,
    ConciergePrompt,
    ConciergeHint,
    ConciergeLoading,
    ConciergeLexical,
    RecommendedForYou,
    AddToWishlist,
    InWishlist,
    TryOn,
    TryOnPieces,
    LeftHand,
    RightHand,
    FingerLabel,
    Thumb,
    IndexFinger,
    MiddleFinger,
    RingFinger,
    LittleFinger,
    Snapshot,
    SnapshotSaved,
    SnapshotFailed,
    RingSizeEstimate,
    RingSizeNote,
    StatusStarting,
    StatusAllowCamera,
    StatusNoCamera,
    StatusNoCameraInBrowser,
    StatusEnableCamera,
    StatusCameraLost,
    StatusTrackingUnavailable,
    StatusSourceFailed,
    StatusShowHand,
    StatusVideoEnded,
    TryOnHint,
    TryOnMirror,
    /// Folds the try-on's tray of pieces.
    HidePieces,
    /// The caption over the concierge's desk in the entrance hall.
    ConciergeCounter,
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
            (Ui::BoutiqueHelp, En) => {
                "W A S D / arrows: walk  ·  drag or Q / E: look  ·  click the floor: go there  ·  click a piece: inspect  ·  \
                 gold points: stories  ·  G: guided tour  ·  C: concierge  ·  L: language  ·  H: this help  ·  Esc: stop / close"
            }
            (Ui::BoutiqueHelp, It) => {
                "W A S D / frecce: cammina  ·  trascina o Q / E: guarda  ·  clic sul pavimento: vai  ·  clic su un pezzo: \
                 osserva  ·  punti d'oro: storie  ·  G: visita guidata  ·  C: concierge  ·  L: lingua  ·  H: aiuto  ·  Esc: chiudi"
            }
            (Ui::BoutiqueHelp, Zh) => {
                "W A S D / 方向键：行走  ·  拖动或 Q / E：环视  ·  点击地面：前往  ·  点击作品：细看  ·  金色光点：故事  ·  \
                 G：导览  ·  C：礼宾顾问  ·  L：语言  ·  H：帮助  ·  Esc：停止 / 关闭"
            }
            (Ui::BoutiqueHelp, Fr) => {
                "W A S D / flèches : marcher  ·  glisser ou Q / E : regarder  ·  clic au sol : y aller  ·  clic sur une pièce : \
                 l'admirer  ·  points dorés : histoires  ·  G : visite guidée  ·  C : concierge  ·  L : langue  ·  H : aide  ·  Échap : fermer"
            }
            (Ui::HelpMirror, En) => "the mirror: try on",
            (Ui::HelpMirror, It) => "lo specchio: prova",
            (Ui::HelpMirror, Zh) => "镜子：试戴",
            (Ui::HelpMirror, Fr) => "le miroir : essayer",
            (Ui::PassPrompt, En) => "Salon privé — enter your Meta Pass code, then Enter",
            (Ui::PassPrompt, It) => "Salon privé — inserisci il codice Meta Pass, poi Invio",
            (Ui::PassPrompt, Zh) => "私人沙龙 — 请输入 Meta Pass 通行码，然后按回车",
            (Ui::PassPrompt, Fr) => "Salon privé — saisissez votre code Meta Pass, puis Entrée",
            (Ui::PassWrong, En) => "This pass is not recognised. Please try again.",
            (Ui::PassWrong, It) => "Pass non riconosciuto. Riprova, per favore.",
            (Ui::PassWrong, Zh) => "通行码无效，请重试。",
            (Ui::PassWrong, Fr) => "Ce pass n'est pas reconnu. Veuillez réessayer.",
            (Ui::PassGranted, En) => "Welcome to the salon privé.",
            (Ui::PassGranted, It) => "Benvenuti nel salon privé.",
            (Ui::PassGranted, Zh) => "欢迎光临私人沙龙。",
            (Ui::PassGranted, Fr) => "Bienvenue dans le salon privé.",
            (Ui::StoryPlace, En) => {
                "Place Vendôme was laid out by Jules Hardouin-Mansart from 1699. Its column, cast from the bronze of \
                 cannons taken at Austerlitz, rises 44 metres."
            }
            (Ui::StoryPlace, It) => {
                "Place Vendôme fu disegnata da Jules Hardouin-Mansart dal 1699. La colonna, fusa col bronzo dei \
                 cannoni di Austerlitz, è alta 44 metri."
            }
            (Ui::StoryPlace, Zh) => {
                "旺多姆广场由于勒·阿杜安-芒萨尔自1699年起规划。广场中央的圆柱以奥斯特里茨战役缴获的大炮青铜铸成，高44米。"
            }
            (Ui::StoryPlace, Fr) => {
                "La place Vendôme fut dessinée par Jules Hardouin-Mansart à partir de 1699. Sa colonne, fondue dans \
                 le bronze des canons d'Austerlitz, s'élève à 44 mètres."
            }
            (Ui::StoryPrive, En) => {
                "Behind this door, the limited editions are shown by appointment, one client at a time."
            }
            (Ui::StoryPrive, It) => {
                "Dietro questa porta le edizioni limitate si mostrano su appuntamento, un cliente alla volta."
            }
            (Ui::StoryPrive, Zh) => "这扇门后，限量作品仅凭预约展示，每次只接待一位贵宾。",
            (Ui::StoryPrive, Fr) => {
                "Derrière cette porte, les éditions limitées se découvrent sur rendez-vous, un client à la fois."
            }
            (Ui::Concierge, En) => "Concierge",
            (Ui::Concierge, It) => "Concierge",
            (Ui::Concierge, Zh) => "礼宾顾问",
            (Ui::Concierge, Fr) => "Concierge",
            (Ui::ConciergePrompt, En) => "Whom is it for, for which occasion, and your budget?",
            (Ui::ConciergePrompt, It) => "Per chi è, per quale occasione, e il suo budget?",
            (Ui::ConciergePrompt, Zh) => "送给谁、什么场合、预算多少？",
            (Ui::ConciergePrompt, Fr) => "Pour qui, pour quelle occasion, et votre budget ?",
            (Ui::ConciergeHint, En) => {
                "Type in any language  ·  Enter: ask  ·  click a piece to see it  ·  Esc: close"
            }
            (Ui::ConciergeHint, It) => {
                "Scriva in qualsiasi lingua  ·  Invio: chiedi  ·  clic su un pezzo per vederlo  ·  Esc: chiudi"
            }
            (Ui::ConciergeHint, Zh) => {
                "可用任何语言输入  ·  回车：询问  ·  点击作品即可细看  ·  Esc：关闭"
            }
            (Ui::ConciergeHint, Fr) => {
                "Écrivez dans la langue de votre choix  ·  Entrée : demander  ·  clic sur une pièce pour la voir  ·  Échap : fermer"
            }
            (Ui::ConciergeLoading, En) => {
                "The concierge is still reading the catalog; answers use its words for now."
            }
            (Ui::ConciergeLoading, It) => {
                "Il concierge sta ancora leggendo il catalogo; per ora risponde con le sue parole."
            }
            (Ui::ConciergeLoading, Zh) => "礼宾顾问仍在阅读目录；目前按关键词回答。",
            (Ui::ConciergeLoading, Fr) => {
                "Le concierge lit encore le catalogue ; il répond pour l'instant avec ses mots."
            }
            (Ui::ConciergeLexical, En) => {
                "The concierge's language model is unavailable; it answers by the catalog's words."
            }
            (Ui::ConciergeLexical, It) => {
                "Il modello linguistico non è disponibile; il concierge risponde con le parole del catalogo."
            }
            (Ui::ConciergeLexical, Zh) => "语言模型不可用；礼宾顾问按目录关键词回答。",
            (Ui::ConciergeLexical, Fr) => {
                "Le modèle de langue est indisponible ; le concierge répond avec les mots du catalogue."
            }
            (Ui::RecommendedForYou, En) => "Recommended for you",
            (Ui::RecommendedForYou, It) => "Consigliati per lei",
            (Ui::RecommendedForYou, Zh) => "为您推荐",
            (Ui::RecommendedForYou, Fr) => "Recommandé pour vous",
            (Ui::AddToWishlist, En) => "Add to wishlist",
            (Ui::AddToWishlist, It) => "Aggiungi ai desideri",
            (Ui::AddToWishlist, Zh) => "加入心愿单",
            (Ui::AddToWishlist, Fr) => "Ajouter à mes envies",
            (Ui::InWishlist, En) => "In your wishlist",
            (Ui::InWishlist, It) => "Nei suoi desideri",
            (Ui::InWishlist, Zh) => "已在心愿单",
            (Ui::InWishlist, Fr) => "Dans vos envies",
            (Ui::TryOn, En) => "Try on",
            (Ui::TryOn, It) => "Prova",
            (Ui::TryOn, Zh) => "试戴",
            (Ui::TryOn, Fr) => "Essayer",
            (Ui::TryOnPieces, En) => "Pieces to try",
            (Ui::TryOnPieces, It) => "Da provare",
            (Ui::TryOnPieces, Zh) => "可试戴作品",
            (Ui::TryOnPieces, Fr) => "Pièces à essayer",
            (Ui::HidePieces, En) => "Hide",
            (Ui::HidePieces, It) => "Nascondi",
            (Ui::HidePieces, Zh) => "收起",
            (Ui::HidePieces, Fr) => "Masquer",
            (Ui::LeftHand, En) => "Left hand",
            (Ui::LeftHand, It) => "Mano sinistra",
            (Ui::LeftHand, Zh) => "左手",
            (Ui::LeftHand, Fr) => "Main gauche",
            (Ui::RightHand, En) => "Right hand",
            (Ui::RightHand, It) => "Mano destra",
            (Ui::RightHand, Zh) => "右手",
            (Ui::RightHand, Fr) => "Main droite",
            (Ui::FingerLabel, En) => "Finger",
            (Ui::FingerLabel, It) => "Dito",
            (Ui::FingerLabel, Zh) => "手指",
            (Ui::FingerLabel, Fr) => "Doigt",
            (Ui::Thumb, En) => "Thumb",
            (Ui::Thumb, It) => "Pollice",
            (Ui::Thumb, Zh) => "拇指",
            (Ui::Thumb, Fr) => "Pouce",
            (Ui::IndexFinger, En) => "Index",
            (Ui::IndexFinger, It) => "Indice",
            (Ui::IndexFinger, Zh) => "食指",
            (Ui::IndexFinger, Fr) => "Index",
            (Ui::MiddleFinger, En) => "Middle",
            (Ui::MiddleFinger, It) => "Medio",
            (Ui::MiddleFinger, Zh) => "中指",
            (Ui::MiddleFinger, Fr) => "Majeur",
            (Ui::RingFinger, En) => "Ring",
            (Ui::RingFinger, It) => "Anulare",
            (Ui::RingFinger, Zh) => "无名指",
            (Ui::RingFinger, Fr) => "Annulaire",
            (Ui::LittleFinger, En) => "Little",
            (Ui::LittleFinger, It) => "Mignolo",
            (Ui::LittleFinger, Zh) => "小指",
            (Ui::LittleFinger, Fr) => "Auriculaire",
            (Ui::Snapshot, En) => "Snapshot",
            (Ui::Snapshot, It) => "Scatta",
            (Ui::Snapshot, Zh) => "拍照",
            (Ui::Snapshot, Fr) => "Photo",
            (Ui::SnapshotSaved, En) => "Saved to",
            (Ui::SnapshotSaved, It) => "Salvata in",
            (Ui::SnapshotSaved, Zh) => "已保存至",
            (Ui::SnapshotSaved, Fr) => "Enregistrée dans",
            (Ui::SnapshotFailed, En) => "The snapshot could not be saved:",
            (Ui::SnapshotFailed, It) => "Impossibile salvare la foto:",
            (Ui::SnapshotFailed, Zh) => "照片无法保存：",
            (Ui::SnapshotFailed, Fr) => "La photo n'a pas pu être enregistrée :",
            (Ui::RingSizeEstimate, En) => "Estimated ring size",
            (Ui::RingSizeEstimate, It) => "Misura stimata",
            (Ui::RingSizeEstimate, Zh) => "估计戒圈尺寸",
            (Ui::RingSizeEstimate, Fr) => "Taille de bague estimée",
            (Ui::RingSizeNote, En) => "an estimate from the camera; a jeweller's sizer confirms it",
            (Ui::RingSizeNote, It) => {
                "una stima dalla fotocamera; il calibro del gioielliere la conferma"
            }
            (Ui::RingSizeNote, Zh) => "由摄像头估算，请以珠宝师的指环尺为准",
            (Ui::RingSizeNote, Fr) => {
                "une estimation par la caméra ; le baguier du joaillier la confirme"
            }
            (Ui::StatusStarting, En) => "Starting the camera…",
            (Ui::StatusStarting, It) => "Avvio della fotocamera…",
            (Ui::StatusStarting, Zh) => "正在启动摄像头…",
            (Ui::StatusStarting, Fr) => "Démarrage de la caméra…",
            (Ui::StatusAllowCamera, En) => "Allow the camera to try pieces on",
            (Ui::StatusAllowCamera, It) => "Consenta l'uso della fotocamera per provare i pezzi",
            (Ui::StatusAllowCamera, Zh) => "请允许使用摄像头以试戴",
            (Ui::StatusAllowCamera, Fr) => "Autorisez la caméra pour essayer les pièces",
            (Ui::StatusNoCamera, En) => {
                "No camera found — open a video instead (vitrine tryon --video clip.y4m)"
            }
            (Ui::StatusNoCamera, It) => {
                "Nessuna fotocamera — apra un video (vitrine tryon --video clip.y4m)"
            }
            (Ui::StatusNoCamera, Zh) => {
                "未找到摄像头——可改为打开视频（vitrine tryon --video clip.y4m）"
            }
            (Ui::StatusNoCamera, Fr) => {
                "Aucune caméra — ouvrez plutôt une vidéo (vitrine tryon --video clip.y4m)"
            }
            (Ui::StatusNoCameraInBrowser, En) => {
                "No camera found — connect one, allow it for this page, then open the try-on again"
            }
            (Ui::StatusNoCameraInBrowser, It) => {
                "Nessuna fotocamera — ne colleghi una, la consenta a questa pagina e riapra la prova"
            }
            (Ui::StatusNoCameraInBrowser, Zh) => {
                "未找到摄像头——请连接摄像头并允许此页面使用，然后重新打开试戴"
            }
            (Ui::StatusNoCameraInBrowser, Fr) => {
                "Aucune caméra — branchez-en une, autorisez-la pour cette page, puis rouvrez l'essayage"
            }
            (Ui::StatusEnableCamera, En) => "Press “Enable camera” to see the pieces on your hand",
            (Ui::StatusEnableCamera, It) => {
                "Prema «Attiva la fotocamera» per vedere i pezzi sulla sua mano"
            }
            (Ui::StatusEnableCamera, Zh) => "请点击“启用摄像头”，在您的手上查看作品",
            (Ui::StatusEnableCamera, Fr) => {
                "Appuyez sur « Activer la caméra » pour voir les pièces sur votre main"
            }
            (Ui::StatusCameraLost, En) => "The camera stopped — reconnecting…",
            (Ui::StatusCameraLost, It) => "La fotocamera si è fermata — riconnessione…",
            (Ui::StatusCameraLost, Zh) => "摄像头已断开——正在重新连接…",
            (Ui::StatusCameraLost, Fr) => "La caméra s'est arrêtée — reconnexion…",
            (Ui::StatusTrackingUnavailable, En) => "Tracking unavailable:",
            (Ui::StatusTrackingUnavailable, It) => "Tracciamento non disponibile:",
            (Ui::StatusTrackingUnavailable, Zh) => "无法追踪：",
            (Ui::StatusTrackingUnavailable, Fr) => "Suivi indisponible :",
            (Ui::StatusSourceFailed, En) => "The video cannot be read:",
            (Ui::StatusSourceFailed, It) => "Il video non è leggibile:",
            (Ui::StatusSourceFailed, Zh) => "无法读取视频：",
            (Ui::StatusSourceFailed, Fr) => "La vidéo est illisible :",
            (Ui::StatusShowHand, En) => "Show your hand to the camera",
            (Ui::StatusShowHand, It) => "Mostri la mano alla fotocamera",
            (Ui::StatusShowHand, Zh) => "请将手伸到摄像头前",
            (Ui::StatusShowHand, Fr) => "Montrez votre main à la caméra",
            (Ui::StatusVideoEnded, En) => "End of the video",
            (Ui::StatusVideoEnded, It) => "Fine del video",
            (Ui::StatusVideoEnded, Zh) => "视频已结束",
            (Ui::StatusVideoEnded, Fr) => "Fin de la vidéo",
            (Ui::TryOnHint, En) => {
                "Click a piece to wear it, again to take it off  ·  P: hide the pieces  ·  H: other hand  ·  S: snapshot  ·  L: language  ·  Esc: back"
            }
            (Ui::TryOnHint, It) => {
                "Clic su un pezzo per indossarlo, di nuovo per toglierlo  ·  P: nascondi i pezzi  ·  H: altra mano  ·  S: foto  ·  L: lingua  ·  Esc: indietro"
            }
            (Ui::TryOnHint, Zh) => {
                "点击作品即可佩戴，再次点击取下  ·  P：收起作品  ·  H：换手  ·  S：拍照  ·  L：语言  ·  Esc：返回"
            }
            (Ui::TryOnHint, Fr) => {
                "Clic sur une pièce pour la porter, à nouveau pour l'ôter  ·  P : masquer les pièces  ·  H : autre main  ·  S : photo  ·  L : langue  ·  Échap : retour"
            }
            (Ui::TryOnMirror, En) => "The try-on mirror — click to try pieces on",
            (Ui::TryOnMirror, It) => "Lo specchio di prova — clic per provare i pezzi",
            (Ui::TryOnMirror, Zh) => "试戴镜——点击即可试戴",
            (Ui::TryOnMirror, Fr) => "Le miroir d'essayage — cliquez pour essayer",
            (Ui::ConciergeCounter, En) => "The concierge's desk — click to ask for a gift",
            (Ui::ConciergeCounter, It) => "Il banco del concierge — clic per chiedere un regalo",
            (Ui::ConciergeCounter, Zh) => "礼宾顾问——点击即可为您找礼物",
            (Ui::ConciergeCounter, Fr) => {
                "Le comptoir du concierge — cliquez pour demander un cadeau"
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
            Ui::InspectHint,
            Ui::Metal,
            Ui::Stone,
            Ui::Strap,
            Ui::Colourway,
            Ui::Lens,
            Ui::NoProducts,
            Ui::BoutiqueHelp,
            Ui::PassPrompt,
            Ui::PassWrong,
            Ui::PassGranted,
            Ui::StoryPlace,
            Ui::StoryPrive,
        ];
        for ui in all {
            for language in Language::ALL {
                assert!(!ui.text(language).is_empty(), "{ui:?} {language:?}");
            }
        }
    }
}
