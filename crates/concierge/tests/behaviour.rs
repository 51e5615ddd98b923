//! What the concierge does with real and with hostile queries: budgets never exceeded, variants pre-selected,
//! filters loosened with a note, nonsense and floods answered calmly, a missing or corrupt model replaced by the
//! lexical index, and recommendations that follow the session.

mod common;

use catalog::{Currency, Language};
use concierge::{
    AskOptions, Budget, BudgetKind, Concierge, Interaction, Market, Mode, SessionHistory,
};

fn ask(c: &Concierge, query: &str) -> concierge::Answer {
    c.ask(query, &AskOptions::default())
}

fn both() -> [&'static Concierge; 2] {
    [common::semantic(), common::lexical()]
}

/// Phrasings of a budget in the four languages, with the currency each names.
fn budget_queries(amount: u64) -> Vec<(String, Currency, Market)> {
    let k = (amount / 1000).max(1);
    vec![
        (format!("a gift under €{amount}"), Currency::EUR, Market::EU),
        (
            format!("something for my wife, max {amount} euros"),
            Currency::EUR,
            Market::EU,
        ),
        (
            format!("un regalo per lei entro {amount} €"),
            Currency::EUR,
            Market::EU,
        ),
        (
            format!("une montre à moins de {amount} €"),
            Currency::EUR,
            Market::EU,
        ),
        (format!("{amount}元以内的礼物"), Currency::CNY, Market::CN),
        (format!("预算{amount}"), Currency::CNY, Market::CN),
        (format!("a ring up to ${amount}"), Currency::USD, Market::US),
        (format!("jewellery around {k}k"), Currency::EUR, Market::EU),
        (
            format!("bracelet between {} and {amount} euro", amount / 2),
            Currency::EUR,
            Market::EU,
        ),
    ]
}

#[test]
fn results_never_exceed_a_parsed_budget() {
    let mut checked = 0;
    for amount in (500..=160_000).step_by(2_750) {
        for (query, currency, market) in budget_queries(amount) {
            for c in both() {
                let answer = c.ask(
                    &query,
                    &AskOptions {
                        market,
                        ..AskOptions::default()
                    },
                );
                let Some(budget) = answer.facets.budget else {
                    panic!("{query}: no budget parsed");
                };
                assert_eq!(budget.currency, currency, "{query}");
                let (low, high) = budget.range();
                let mut over = false;
                for s in &answer.suggestions {
                    let price = s
                        .price
                        .unwrap_or_else(|| panic!("{query}: {} has no price", s.sku));
                    assert_eq!(price.currency, currency, "{query}");
                    if !budget.fits(price.amount) {
                        // Only after every piece that fits, and only when the answer says so.
                        over = true;
                        assert!(
                            answer.note.is_some(),
                            "{query}: {} at {} outside {low}–{high}, unannounced",
                            s.sku,
                            price.amount
                        );
                    } else {
                        assert!(!over, "{query}: a fitting piece after one over the budget");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} suggestions checked");
}

#[test]
fn a_named_metal_or_stone_preselects_that_variant() {
    for c in both() {
        let answer = ask(c, "a rose gold ring");
        assert!(!answer.suggestions.is_empty());
        for s in &answer.suggestions {
            assert!(s.options.contains(&"rose-gold".to_string()), "{s:?}");
            assert!(s.reason.contains("rose gold"), "{}", s.reason);
        }
        let answer = c.ask(
            "一枚蓝宝石戒指",
            &AskOptions {
                market: Market::CN,
                language: Language::Zh,
                count: 3,
            },
        );
        // The two rings that offer a sapphire come first, with it selected.
        assert!(
            answer.suggestions[..2]
                .iter()
                .all(|s| s.options.contains(&"sapphire".to_string())),
            "{answer:?}"
        );
        assert!(
            answer.suggestions[0].reason.contains("蓝宝石"),
            "{}",
            answer.suggestions[0].reason
        );
    }
}

#[test]
fn a_budget_below_every_price_says_so_and_shows_the_closest() {
    for c in both() {
        let answer = ask(c, "a ring under €100");
        let note = answer.note.clone().expect("a note");
        assert!(note.contains("closest"), "{note}");
        assert_eq!(answer.suggestions.len(), 3);
        // The cheapest rings come first.
        let prices: Vec<u64> = answer
            .suggestions
            .iter()
            .filter_map(|s| s.price.map(|p| p.amount))
            .collect();
        assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
        assert!(
            answer
                .suggestions
                .iter()
                .all(|s| s.sku.starts_with("AUR-RG-")),
            "{answer:?}"
        );
    }
}

#[test]
fn hostile_queries_get_an_answer_not_a_panic() {
    let flood = "ring ".repeat(2_000) + &"钻".repeat(3_000);
    let queries = [
        String::new(),
        "   ".to_string(),
        "🎁💍🎉".to_string(),
        flood,
        "un anello rose gold 给我老婆 pour son anniversaire".to_string(),
        "\u{0}\u{1}\u{7f}".to_string(),
        "9".repeat(400),
        "between 0 and 0 euros".to_string(),
        "¥¥¥ € $ 以内 左右".to_string(),
        "DROP TABLE products; --".to_string(),
    ];
    for c in both() {
        for q in &queries {
            let answer = ask(c, q);
            assert!(answer.suggestions.len() <= 3, "{q:?}");
            for s in &answer.suggestions {
                assert!(!s.reason.is_empty(), "{q:?}: empty reason for {}", s.sku);
            }
        }
        // An empty query asks for more and still shows something.
        let answer = ask(c, "");
        assert!(answer.note.is_some());
        assert_eq!(answer.suggestions.len(), 3);
    }
}

#[test]
fn a_missing_or_corrupt_model_falls_back_to_the_lexical_index() {
    let dir = std::env::temp_dir().join(format!("vitrine-concierge-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("ml")).expect("temp dir");
    // Missing.
    let missing = concierge::OrtEncoder::open(&dir);
    let Err(error) = missing else {
        panic!("a missing model must not open")
    };
    assert!(error.to_string().contains("does not exist"), "{error}");
    // Corrupt: a tokenizer of garbage, then a model of garbage next to the real tokenizer.
    std::fs::write(dir.join("ml/use_m3.spm"), b"garbage").expect("write");
    std::fs::write(dir.join("ml/use_m3.onnx"), b"garbage").expect("write");
    let Err(error) = concierge::OrtEncoder::open(&dir) else {
        panic!("a corrupt tokenizer must not open")
    };
    assert!(error.to_string().contains("tokenizer"), "{error}");
    std::fs::copy(
        common::assets().join("ml/use_m3.spm"),
        dir.join("ml/use_m3.spm"),
    )
    .expect("copy");
    let Err(error) = concierge::OrtEncoder::open(&dir) else {
        panic!("a corrupt model must not open")
    };
    assert!(error.to_string().contains("cannot open"), "{error}");
    let c = Concierge::with_fallback_reason(&common::catalog(), None, error.to_string());
    let Mode::Lexical { reason } = c.mode() else {
        panic!("lexical mode")
    };
    assert!(reason.contains("use_m3.onnx"), "{reason}");
    assert_eq!(
        ask(&c, "diamond earrings").suggestions[0].sku,
        "AUR-ER-STD01"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reasons_come_from_catalog_facts_in_the_shopper_language() {
    let c = common::semantic();
    let answer = c.ask(
        "a present for my wife's birthday under €8,000",
        &AskOptions::default(),
    );
    let first = &answer.suggestions[0];
    assert!(
        first.reason.starts_with("Within €8,000"),
        "{}",
        first.reason
    );
    assert!(
        first.reason.contains("for a birthday") || first.reason.contains("for her"),
        "{}",
        first.reason
    );
    let answer = c.ask(
        "送给老婆的生日礼物，两万元以内",
        &AskOptions {
            market: Market::CN,
            language: Language::Zh,
            count: 3,
        },
    );
    assert!(
        answer.suggestions[0].reason.starts_with("¥20,000以内"),
        "{}",
        answer.suggestions[0].reason
    );
    let answer = c.ask(
        "une bague de fiançailles",
        &AskOptions {
            language: Language::Fr,
            ..AskOptions::default()
        },
    );
    assert!(
        answer.suggestions[0]
            .reason
            .contains("pour des fiançailles"),
        "{}",
        answer.suggestions[0].reason
    );
}

#[test]
fn recommendations_follow_the_session_and_respect_the_budget() {
    for c in both() {
        let mut session = SessionHistory::default();
        assert!(c.recommend(&session, None, Language::En, 3).is_empty());
        session.record("AUR-RG-SOL01", Interaction::Viewed, 40.0);
        let recs = c.recommend(&session, None, Language::En, 3);
        assert_eq!(recs.len(), 3);
        assert!(
            recs.iter().all(|r| r.sku != "AUR-RG-SOL01"),
            "the piece viewed is not recommended back"
        );
        assert!(
            recs[0].reason.contains("Étoile Solitaire"),
            "{}",
            recs[0].reason
        );
        // Deterministic.
        assert_eq!(recs, c.recommend(&session, None, Language::En, 3));
        // A budget: nothing over it.
        let budget = Budget {
            currency: Currency::EUR,
            kind: BudgetKind::AtMost,
            amount: 7_000,
            upper_amount: None,
        };
        for r in c.recommend(&session, Some(budget), Language::En, 3) {
            assert!(r.price.is_some_and(|p| p.amount <= 7_000), "{r:?}");
        }
        // A set to complete: the collection's pieces of other categories rank above unrelated ones.
        session.record("AUR-NK-PRL02", Interaction::Wishlisted, 0.0);
        let recs = c.recommend(&session, None, Language::En, 3);
        assert!(
            recs.iter()
                .any(|r| r.reason.starts_with("Completes the set")),
            "{recs:?}"
        );
        session.clear();
        assert!(c.recommend(&session, None, Language::En, 3).is_empty());
    }
}

#[test]
fn a_product_with_very_many_variant_combinations_is_answered_within_budget() {
    let mut catalog = common::catalog();
    let Some(entry) = catalog
        .products
        .iter_mut()
        .find(|e| e.product.sku == "AUR-RG-SOL01")
    else {
        panic!("solitaire")
    };
    // Eight more groups of eight options: 8^8 combinations, far beyond what may be enumerated.
    let template = entry.product.variants[0].clone();
    for g in 0..8 {
        let mut group = template.clone();
        group.options = (0..8)
            .map(|o| {
                let mut option = template.options[0].clone();
                option.id = format!("g{g}-o{o}");
                option.price_delta = 100 * o as i64 - 300;
                option
            })
            .collect();
        entry.product.variants.push(group);
    }
    let c = Concierge::new(&catalog, None);
    let answer = c.ask("a solitaire ring under €12,000", &AskOptions::default());
    let first = &answer.suggestions[0];
    assert_eq!(first.sku, "AUR-RG-SOL01", "{answer:?}");
    assert!(first.price.is_some_and(|p| p.amount <= 12_000), "{first:?}");
    assert_eq!(first.options.len(), 10);
}
