//! The golden queries (tests/golden/queries.json): intents written in English, Italian, Chinese and French, split
//! by intent into a tuning half (the only one the weights were ever chosen on) and a report half (measured and
//! published, never tuned on). Recall@3 per language and kind, the model against the lexical fallback, and the
//! same top-1 across the four languages.

mod common;

use std::collections::BTreeMap;

use catalog::Language;
use concierge::{AskOptions, Concierge, Market};
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
    variant: Option<String>,
    queries: BTreeMap<String, String>,
}

fn golden() -> Golden {
    let path = common::crate_dir_path().join("tests/golden/queries.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn language(code: &str) -> Language {
    match code {
        "it" => Language::It,
        "zh" => Language::Zh,
        "fr" => Language::Fr,
        _ => Language::En,
    }
}

/// Per (half, kind, language): (hits, total); per (half, kind): intents with one top-1 in all languages.
#[derive(Default)]
struct Scores {
    recall: BTreeMap<(String, String, String), (usize, usize)>,
    variant: BTreeMap<String, (usize, usize)>,
    consistent: BTreeMap<(String, String), (usize, usize)>,
    misses: Vec<String>,
}

impl Scores {
    fn recall(&self, half: &str, kind: &str, lang: &str) -> f32 {
        let (h, n) = self.recall[&(half.to_string(), kind.to_string(), lang.to_string())];
        h as f32 / n.max(1) as f32
    }

    fn mean_recall(&self, half: &str, kind: &str) -> f32 {
        ["en", "it", "zh", "fr"]
            .iter()
            .map(|l| self.recall(half, kind, l))
            .sum::<f32>()
            / 4.0
    }

    fn consistency(&self, half: &str, kind: &str) -> f32 {
        let (h, n) = self
            .consistent
            .get(&(half.to_string(), kind.to_string()))
            .copied()
            .unwrap_or((0, 0));
        h as f32 / n.max(1) as f32
    }
}

fn evaluate(c: &Concierge, golden: &Golden) -> Scores {
    let mut scores = Scores::default();
    for intent in &golden.intents {
        let mut tops = Vec::new();
        for (code, query) in &intent.queries {
            let lang = language(code);
            let options = AskOptions {
                market: Market::for_language(lang),
                language: lang,
                count: 3,
            };
            let answer = c.ask(query, &options);
            let hit = answer
                .suggestions
                .iter()
                .any(|s| intent.acceptable.contains(&s.sku));
            let slot = scores
                .recall
                .entry((intent.half.clone(), intent.kind.clone(), code.clone()))
                .or_default();
            slot.0 += usize::from(hit);
            slot.1 += 1;
            // Only the tuning half's misses are shown: the report half is measured, never looked into to tune.
            if !hit && intent.half == "tuning" {
                let got: Vec<&str> = answer.suggestions.iter().map(|s| s.sku.as_str()).collect();
                scores.misses.push(format!(
                    "{} {} [{}] {query:?}: {got:?}",
                    intent.half, intent.id, code
                ));
            }
            if let Some(variant) = &intent.variant {
                let shown: Vec<_> = answer
                    .suggestions
                    .iter()
                    .filter(|s| intent.acceptable.contains(&s.sku))
                    .collect();
                let slot = scores.variant.entry(intent.half.clone()).or_default();
                slot.0 += shown.iter().filter(|s| s.options.contains(variant)).count();
                slot.1 += shown.len();
            }
            tops.push(answer.suggestions.first().map(|s| s.sku.clone()));
        }
        let same = tops.windows(2).all(|w| w[0] == w[1]);
        let slot = scores
            .consistent
            .entry((intent.half.clone(), intent.kind.clone()))
            .or_default();
        slot.0 += usize::from(same);
        slot.1 += 1;
    }
    scores
}

fn table(name: &str, s: &Scores) -> String {
    let mut out = format!(
        "{name}\n| half | kind | en | it | zh | fr | mean | same top-1 |\n|---|---|---|---|---|---|---|---|\n"
    );
    for half in ["tuning", "report"] {
        for kind in ["direct", "paraphrase"] {
            out.push_str(&format!(
                "| {half} | {kind} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |\n",
                s.recall(half, kind, "en"),
                s.recall(half, kind, "it"),
                s.recall(half, kind, "zh"),
                s.recall(half, kind, "fr"),
                s.mean_recall(half, kind),
                s.consistency(half, kind),
            ));
        }
    }
    for (half, (h, n)) in &s.variant {
        out.push_str(&format!("variant pre-selected ({half}): {h}/{n}\n"));
    }
    out
}

#[test]
fn golden_queries_recall_at_3() {
    let golden = golden();
    let halves: Vec<(&str, &str)> = golden
        .intents
        .iter()
        .map(|i| (i.half.as_str(), i.kind.as_str()))
        .collect();
    for half in ["tuning", "report"] {
        for kind in ["direct", "paraphrase"] {
            assert!(halves.contains(&(half, kind)), "no {half} {kind} intents");
        }
    }
    for intent in &golden.intents {
        assert_eq!(
            intent.queries.len(),
            4,
            "{}: a query in each language",
            intent.id
        );
        for sku in &intent.acceptable {
            assert!(
                common::catalog().product(sku).is_some(),
                "{}: unknown SKU {sku}",
                intent.id
            );
        }
    }
    let semantic = evaluate(common::semantic(), &golden);
    let lexical = evaluate(common::lexical(), &golden);
    println!(
        "{}",
        table("Concierge recall@3, USE-m3 + lexical + facets", &semantic)
    );
    println!(
        "{}",
        table("Concierge recall@3, lexical fallback only", &lexical)
    );
    println!(
        "tuning-half misses (model):\n  {}",
        semantic.misses.join("\n  ")
    );
    // The gates, on the report half only (the tuning half is printed above for comparison).
    for lang in ["en", "it", "zh", "fr"] {
        let r = semantic.recall("report", "direct", lang);
        assert!(r >= 0.95, "report/direct recall@3 in {lang}: {r:.2} < 0.95");
    }
    let paraphrase = semantic.mean_recall("report", "paraphrase");
    assert!(
        paraphrase >= 0.85,
        "report/paraphrase mean recall@3 {paraphrase:.2} < 0.85"
    );
    // Two of the targets are not met yet (README, "Concierge"): the model beats the lexical fallback on
    // report paraphrases by less than 0.20 (the catalog's gifting facets, shared by both, carry most of the signal),
    // and the four languages agree on the top-1 for fewer than 80% of report intents (paraphrases disagree). Until
    // they are, these floors guard against regressions and the figures are printed against their targets.
    let gain = paraphrase - lexical.mean_recall("report", "paraphrase");
    let same = (semantic.consistency("report", "direct")
        + semantic.consistency("report", "paraphrase"))
        / 2.0;
    println!(
        "report: model − lexical on paraphrases {gain:+.2} (target +0.20); same top-1 {same:.2} (target 0.80)"
    );
    assert!(
        gain >= 0.0,
        "the model is worse than the lexical fallback on report paraphrases ({gain:+.2})"
    );
    assert!(
        same >= 0.55,
        "same top-1 across the four languages on only {same:.2} of report intents"
    );
    assert!(
        semantic.consistency("report", "direct") >= 0.8,
        "same top-1 across languages on direct report intents: {:.2} < 0.80",
        semantic.consistency("report", "direct")
    );
}
