//! Reasons in the shopper's language, assembled only from catalog facts and the shopper's own words: the budget
//! they gave, the variant chosen, the occasion and recipient the maison lists for the piece, a phrase of the
//! maison's that the query used, or the collection. Never generated prose.

use catalog::{Category, Language, Localized, Occasion, Price, Recipient, format_price};

use crate::query::{Budget, BudgetKind};

fn four(en: &str, it: &str, zh: &str, fr: &str, language: Language) -> String {
    match language {
        Language::En => en,
        Language::It => it,
        Language::Zh => zh,
        Language::Fr => fr,
    }
    .to_string()
}

fn price(amount: u64, budget: &Budget, language: Language) -> String {
    format_price(
        Price {
            amount,
            currency: budget.currency,
        },
        language,
    )
}

pub fn budget(budget: &Budget, language: Language) -> String {
    let b = price(budget.amount, budget, language);
    match budget.kind {
        BudgetKind::AtMost => match language {
            Language::En => format!("Within {b}"),
            Language::It => format!("Entro {b}"),
            Language::Zh => format!("{b}以内"),
            Language::Fr => format!("Dans votre budget de {b}"),
        },
        BudgetKind::Around => match language {
            Language::En => format!("Close to {b}"),
            Language::It => format!("Vicino a {b}"),
            Language::Zh => format!("接近{b}"),
            Language::Fr => format!("Proche de {b}"),
        },
        BudgetKind::AtLeast => match language {
            Language::En => format!("From {b}"),
            Language::It => format!("Da {b}"),
            Language::Zh => format!("{b}起"),
            Language::Fr => format!("À partir de {b}"),
        },
        BudgetKind::Between => {
            let upper = price(
                budget.upper_amount.unwrap_or(budget.amount),
                budget,
                language,
            );
            match language {
                Language::En => format!("Between {b} and {upper}"),
                Language::It => format!("Tra {b} e {upper}"),
                Language::Zh => format!("{b}至{upper}之间"),
                Language::Fr => format!("Entre {b} et {upper}"),
            }
        }
    }
}

/// "in rose gold", with the label as the catalog writes it in that language.
pub fn variant(label: &Localized, language: Language) -> String {
    let text = label.get(language);
    match language {
        Language::En => format!("in {}", text.to_lowercase()),
        Language::It => format!("in {}", text.to_lowercase()),
        Language::Zh => format!("{text}款"),
        Language::Fr => format!("en {}", text.to_lowercase()),
    }
}

pub fn occasion(occasion: Occasion, language: Language) -> String {
    use Occasion::*;
    let (en, it, zh, fr) = match occasion {
        Engagement => (
            "for an engagement",
            "per un fidanzamento",
            "适合订婚",
            "pour des fiançailles",
        ),
        Wedding => (
            "for a wedding",
            "per un matrimonio",
            "适合婚礼",
            "pour un mariage",
        ),
        Anniversary => (
            "for an anniversary",
            "per un anniversario",
            "适合纪念日",
            "pour un anniversaire de mariage",
        ),
        Birthday => (
            "for a birthday",
            "per un compleanno",
            "适合生日",
            "pour un anniversaire",
        ),
        Graduation => (
            "for a graduation",
            "per una laurea",
            "适合毕业",
            "pour un diplôme",
        ),
        Christmas => ("for Christmas", "per Natale", "适合圣诞", "pour Noël"),
        ValentinesDay => (
            "for Valentine's Day",
            "per San Valentino",
            "适合情人节",
            "pour la Saint-Valentin",
        ),
        Qixi => ("for Qixi", "per il Qixi", "适合七夕", "pour Qixi"),
        Day520 => ("for 520", "per il 520", "适合520", "pour le 520"),
        LunarNewYear => (
            "for the Spring Festival",
            "per il Capodanno cinese",
            "适合春节",
            "pour le Nouvel An chinois",
        ),
        MothersDay => (
            "for Mother's Day",
            "per la Festa della mamma",
            "适合母亲节",
            "pour la fête des mères",
        ),
        FathersDay => (
            "for Father's Day",
            "per la Festa del papà",
            "适合父亲节",
            "pour la fête des pères",
        ),
        Milestone => (
            "for a milestone",
            "per un traguardo",
            "适合人生里程碑",
            "pour une étape marquante",
        ),
        Everyday => (
            "to wear every day",
            "da portare ogni giorno",
            "适合日常佩戴",
            "à porter tous les jours",
        ),
        Evening => ("for the evening", "per la sera", "适合晚宴", "pour le soir"),
    };
    four(en, it, zh, fr, language)
}

pub fn recipient(recipient: Recipient, language: Language) -> Option<String> {
    match recipient {
        Recipient::Her => Some(four(
            "for her",
            "per lei",
            "适合送她",
            "pour elle",
            language,
        )),
        Recipient::Him => Some(four("for him", "per lui", "适合送他", "pour lui", language)),
        Recipient::Anyone => None,
    }
}

/// The maison's own words that the query used.
pub fn phrase(words: &str, language: Language) -> String {
    match language {
        Language::En => format!("“{words}”"),
        Language::It => format!("«{words}»"),
        Language::Zh => format!("“{words}”"),
        Language::Fr => format!("« {words} »"),
    }
}

pub fn collection(name: &Localized, language: Language) -> String {
    let n = name.get(language);
    match language {
        Language::En => format!("From the {n} collection"),
        Language::It => format!("Dalla collezione {n}"),
        Language::Zh => format!("{n}系列"),
        Language::Fr => format!("De la collection {n}"),
    }
}

/// How the shopper met a piece in this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Interaction {
    Viewed,
    TriedOn,
    Wishlisted,
}

pub fn because_of(name: &str, how: Interaction, completes_set: bool, language: Language) -> String {
    use Interaction::*;
    match (language, completes_set, how) {
        (Language::En, true, Viewed) => format!("Completes the set with the {name} you viewed"),
        (Language::En, true, TriedOn) => format!("Completes the set with the {name} you tried on"),
        (Language::En, true, Wishlisted) => format!("Completes the set with the {name} you saved"),
        (Language::En, false, Viewed) => format!("Like the {name} you viewed"),
        (Language::En, false, TriedOn) => format!("Like the {name} you tried on"),
        (Language::En, false, Wishlisted) => format!("Like the {name} you saved"),
        (Language::It, true, Viewed) => format!("Completa la parure con {name}, che hai guardato"),
        (Language::It, true, TriedOn) => format!("Completa la parure con {name}, che hai provato"),
        (Language::It, true, Wishlisted) => {
            format!("Completa la parure con {name}, che hai salvato")
        }
        (Language::It, false, Viewed) => format!("Come {name}, che hai guardato"),
        (Language::It, false, TriedOn) => format!("Come {name}, che hai provato"),
        (Language::It, false, Wishlisted) => format!("Come {name}, che hai salvato"),
        (Language::Zh, true, Viewed) => format!("与您浏览过的{name}成套"),
        (Language::Zh, true, TriedOn) => format!("与您试戴过的{name}成套"),
        (Language::Zh, true, Wishlisted) => format!("与您收藏的{name}成套"),
        (Language::Zh, false, Viewed) => format!("与您浏览过的{name}相近"),
        (Language::Zh, false, TriedOn) => format!("与您试戴过的{name}相近"),
        (Language::Zh, false, Wishlisted) => format!("与您收藏的{name}相近"),
        (Language::Fr, true, Viewed) => {
            format!("Complète la parure avec {name}, que vous avez regardé")
        }
        (Language::Fr, true, TriedOn) => {
            format!("Complète la parure avec {name}, que vous avez essayé")
        }
        (Language::Fr, true, Wishlisted) => {
            format!("Complète la parure avec {name}, que vous avez gardé")
        }
        (Language::Fr, false, Viewed) => format!("Comme {name}, que vous avez regardé"),
        (Language::Fr, false, TriedOn) => format!("Comme {name}, que vous avez essayé"),
        (Language::Fr, false, Wishlisted) => format!("Comme {name}, que vous avez gardé"),
    }
}

/// "Nothing among the rings fits your budget: the closest." and its kin.
pub fn relaxed_budget(categories: &[Category], budget: &Budget, language: Language) -> String {
    let what = if categories.is_empty() {
        four(
            "Nothing",
            "Nessun pezzo",
            "没有作品",
            "Aucune pièce",
            language,
        )
    } else {
        let names: Vec<String> = categories
            .iter()
            .map(|c| c.label().get(language).to_lowercase())
            .collect();
        match language {
            Language::En => format!("No {}", names.join(" or ")),
            Language::It => format!("Nessun pezzo tra {}", names.join(" o ")),
            Language::Zh => format!("没有{}", names.join("或")),
            Language::Fr => format!("Aucune pièce parmi {}", names.join(" ou ")),
        }
    };
    let b = self::budget(budget, language);
    match language {
        Language::En => format!(
            "{what} {} “{}”; here are the closest in price.",
            if categories.is_empty() { "fits" } else { "fit" },
            b.to_lowercase()
        ),
        Language::It => format!(
            "{what} rientra in «{}»; ecco i più vicini per prezzo.",
            b.to_lowercase()
        ),
        Language::Zh => format!("{what}符合“{b}”；以下是价格最接近的作品。"),
        Language::Fr => format!(
            "{what} ne correspond à « {} » ; voici les plus proches en prix.",
            b.to_lowercase()
        ),
    }
}

/// "Only 2 pieces fit “within ¥20,000”; after them, the closest in price."
pub fn only_some_fit(fitting: usize, budget: &Budget, language: Language) -> String {
    let b = self::budget(budget, language);
    match (language, fitting) {
        (Language::En, 1) => format!(
            "Only one piece fits “{}”; after it, the closest in price.",
            b.to_lowercase()
        ),
        (Language::En, n) => format!(
            "Only {n} pieces fit “{}”; after them, the closest in price.",
            b.to_lowercase()
        ),
        (Language::It, 1) => format!(
            "Un solo pezzo rientra in «{}»; poi i più vicini per prezzo.",
            b.to_lowercase()
        ),
        (Language::It, n) => format!(
            "Solo {n} pezzi rientrano in «{}»; poi i più vicini per prezzo.",
            b.to_lowercase()
        ),
        (Language::Zh, n) => format!("符合“{b}”的作品仅有{n}件；其后为价格最接近的作品。"),
        (Language::Fr, 1) => format!(
            "Une seule pièce correspond à « {} » ; ensuite, les plus proches en prix.",
            b.to_lowercase()
        ),
        (Language::Fr, n) => format!(
            "Seules {n} pièces correspondent à « {} » ; ensuite, les plus proches en prix.",
            b.to_lowercase()
        ),
    }
}

pub fn relaxed_category(categories: &[Category], language: Language) -> String {
    let names: Vec<String> = categories
        .iter()
        .map(|c| c.label().get(language).to_lowercase())
        .collect();
    match language {
        Language::En => format!(
            "The boutique has no {} at the moment; here are other pieces.",
            names.join(" or ")
        ),
        Language::It => format!(
            "Al momento la boutique non ha {}; ecco altri pezzi.",
            names.join(" o ")
        ),
        Language::Zh => format!("精品店暂无{}；以下是其他作品。", names.join("或")),
        Language::Fr => format!(
            "La boutique n'a pas de {} en ce moment ; voici d'autres pièces.",
            names.join(" ou ")
        ),
    }
}

pub fn unclear(language: Language) -> String {
    four(
        "Tell me whom it is for, the occasion or a budget; meanwhile, a few of the maison's pieces.",
        "Mi dica per chi è, l'occasione o un budget; intanto, alcuni pezzi della maison.",
        "请告诉我送给谁、什么场合或预算；先为您展示几件品牌作品。",
        "Dites-moi pour qui, l'occasion ou un budget ; en attendant, quelques pièces de la maison.",
        language,
    )
}

pub fn join(parts: &[String]) -> String {
    parts.join(" · ")
}
