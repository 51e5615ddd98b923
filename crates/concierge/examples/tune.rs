//! Weight search on the TUNING half of the golden queries only (the report half is never read here):
//! `cargo run -p concierge --example tune --release`. Prints recall@3 on direct and paraphrase intents and the
//! share of intents with one top-1 across the four languages, for a grid of weights around the defaults.

use catalog::Language;
use concierge::{AskOptions, Concierge, Market, OrtEncoder, Pooling, Weights};
use serde::Deserialize;

#[derive(Deserialize)]
struct Golden {
    intents: Vec<Intent>,
}

#[derive(Deserialize)]
struct Intent {
    id: String,
    half: String,
    kind: String,
    acceptable: Vec<String>,
    queries: std::collections::BTreeMap<String, String>,
}

fn language(code: &str) -> Language {
    Language::ALL
        .into_iter()
        .find(|l| l.code() == code)
        .unwrap_or(Language::En)
}

fn evaluate(c: &Concierge, intents: &[&Intent]) -> (f32, f32, f32) {
    let (mut direct, mut nd, mut para, mut np, mut same) = (0, 0, 0, 0, 0);
    for intent in intents {
        let mut tops = Vec::new();
        for (code, q) in &intent.queries {
            let l = language(code);
            let a = c.ask(
                q,
                &AskOptions {
                    market: Market::for_language(l),
                    language: l,
                    count: 3,
                },
            );
            let hit = a
                .suggestions
                .iter()
                .any(|s| intent.acceptable.contains(&s.sku));
            if intent.kind == "direct" {
                direct += usize::from(hit);
                nd += 1;
            } else {
                para += usize::from(hit);
                np += 1;
            }
            tops.push(a.suggestions.first().map(|s| s.sku.clone()));
        }
        same += usize::from(tops.windows(2).all(|w| w[0] == w[1]));
    }
    (
        direct as f32 / nd.max(1) as f32,
        para as f32 / np.max(1) as f32,
        same as f32 / intents.len().max(1) as f32,
    )
}

fn main() {
    let root = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    );
    let assets = root.join("../../assets");
    let Ok(text) = std::fs::read_to_string(root.join("tests/golden/queries.json")) else {
        eprintln!("tests/golden/queries.json is missing");
        std::process::exit(1);
    };
    let Ok(golden) = serde_json::from_str::<Golden>(&text) else {
        eprintln!("tests/golden/queries.json does not parse");
        std::process::exit(1);
    };
    let tuning: Vec<&Intent> = golden
        .intents
        .iter()
        .filter(|i| i.half == "tuning")
        .collect();
    let Ok(catalog) = catalog::load_catalog_dir(&assets) else {
        eprintln!("the catalog does not load");
        std::process::exit(1);
    };
    let encoder = match OrtEncoder::open(&assets) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let mut semantic = Concierge::new(&catalog, Some(Box::new(encoder)));
    let mut lexical = Concierge::new(&catalog, None);
    if std::env::args().any(|a| a == "--explain") {
        explain(&semantic, &tuning);
        return;
    }
    println!("tuning half: {} intents", tuning.len());
    println!(
        "| pooling | lexical | facets ×| model direct | model paraphrase | model same top-1 | lexical-only paraphrase |"
    );
    for pooling in [Pooling::BestLanguage, Pooling::Centroid] {
        for lexical_weight in [0.0, 0.1, 0.2, 0.4] {
            for facet_scale in [0.5, 1.0, 2.0, 4.0] {
                let d = Weights::default();
                let w = Weights {
                    lexical: lexical_weight,
                    recipient: d.recipient * facet_scale,
                    occasion: d.occasion * facet_scale,
                    variant: d.variant * facet_scale,
                    budget_closeness: d.budget_closeness * facet_scale,
                    pooling,
                };
                semantic.weights = w;
                lexical.weights = w;
                let (md, mp, ms) = evaluate(&semantic, &tuning);
                let (_, lp, _) = evaluate(&lexical, &tuning);
                println!(
                    "| {pooling:?} | {lexical_weight:.1} | {facet_scale:.1} | {md:.2} | {mp:.2} | {ms:.2} | {lp:.2} |"
                );
            }
        }
    }
}

/// `--explain`: for every TUNING intent whose languages disagree on the top-1, each language's parsed facets and
/// top three (the report half is never read here either).
fn explain(c: &Concierge, intents: &[&Intent]) {
    for intent in intents {
        let answers: Vec<_> = intent
            .queries
            .iter()
            .map(|(code, q)| {
                let l = language(code);
                let options = AskOptions {
                    market: Market::for_language(l),
                    language: l,
                    count: 3,
                };
                (code, q, c.parse(q, options.market), c.ask(q, &options))
            })
            .collect();
        let tops: Vec<_> = answers
            .iter()
            .map(|(_, _, _, a)| a.suggestions.first().map(|s| s.sku.clone()))
            .collect();
        if tops.windows(2).all(|w| w[0] == w[1]) {
            continue;
        }
        println!(
            "{} ({}), acceptable {:?}",
            intent.id, intent.kind, intent.acceptable
        );
        for (code, q, facets, answer) in &answers {
            let skus: Vec<_> = answer.suggestions.iter().map(|s| s.sku.as_str()).collect();
            println!("  [{code}] {q}\n      {facets:?}\n      {skus:?}");
        }
    }
}
