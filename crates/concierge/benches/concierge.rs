//! Concierge speed (README, "Concierge"): query latency p50/p95 on one thread, and the catalog's embedding at
//! start-up for the demo catalog and for 1,000 generated products. Run: `cargo bench -p concierge`.

use std::time::Instant;

use catalog::{Catalog, Language};
use concierge::{AskOptions, Concierge, Market, OrtEncoder};

fn assets() -> std::path::PathBuf {
    std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
    )
    .join("../../assets")
}

fn percentile(sorted_ms: &[f64], p: f64) -> f64 {
    let i = ((sorted_ms.len() as f64 - 1.0) * p).round() as usize;
    sorted_ms[i.min(sorted_ms.len() - 1)]
}

/// The demo catalog repeated to `n` products, each with its own SKU and a numbered name in every language.
fn generated(base: &Catalog, n: usize) -> Catalog {
    let mut catalog = base.clone();
    catalog.products.clear();
    for i in 0..n {
        let mut entry = base.products[i % base.products.len()].clone();
        entry.product.sku = format!("GEN-{i:05}");
        for language in Language::ALL {
            let name = match language {
                Language::En => &mut entry.product.name.en,
                Language::It => &mut entry.product.name.it,
                Language::Zh => &mut entry.product.name.zh,
                Language::Fr => &mut entry.product.name.fr,
            };
            name.push_str(&format!(" {}", i / base.products.len() + 1));
        }
        catalog.products.push(entry);
    }
    catalog
}

fn main() {
    let catalog = match catalog::load_catalog_dir(&assets()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot load the catalog: {e}");
            std::process::exit(1);
        }
    };
    let open = || match OrtEncoder::open(&assets()) {
        Ok(e) => Box::new(e),
        Err(e) => {
            eprintln!("the encoder does not open: {e}");
            std::process::exit(1);
        }
    };
    let started = Instant::now();
    let encoder = open();
    let open_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let concierge = Concierge::new(&catalog, Some(encoder));
    let demo_ms = started.elapsed().as_secs_f64() * 1e3;
    println!(
        "encoder session: {open_ms:.0} ms; demo catalog ({} products × 4 languages) indexed and embedded in {demo_ms:.0} ms",
        catalog.products.len()
    );
    let big = generated(&catalog, 1000);
    let started = Instant::now();
    let big_concierge = Concierge::new(&big, Some(open()));
    let big_ms = started.elapsed().as_secs_f64() * 1e3;
    println!("1,000 generated products × 4 languages indexed and embedded in {big_ms:.0} ms");

    let queries = [
        (
            "a present for my mother's 60th, around €3,000",
            Language::En,
            Market::EU,
        ),
        (
            "un anello di fidanzamento in oro rosa",
            Language::It,
            Market::EU,
        ),
        ("送给老婆的生日礼物，两万元以内", Language::Zh, Market::CN),
        (
            "une montre pour mon mari qui nage tous les jours",
            Language::Fr,
            Market::EU,
        ),
        (
            "something sparkly for a gala evening",
            Language::En,
            Market::EU,
        ),
        ("七夕给女朋友的项链", Language::Zh, Market::CN),
    ];
    for (name, c) in [
        ("demo catalog", &concierge),
        ("1,000 products", &big_concierge),
    ] {
        let mut ms = Vec::new();
        for round in 0..40 {
            for (q, language, market) in &queries {
                let started = Instant::now();
                let answer = c.ask(
                    q,
                    &AskOptions {
                        market: *market,
                        language: *language,
                        count: 3,
                    },
                );
                let elapsed = started.elapsed().as_secs_f64() * 1e3;
                if round > 0 {
                    ms.push(elapsed);
                }
                std::hint::black_box(answer);
            }
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "query latency, {name}, one thread: p50 {:.2} ms, p95 {:.2} ms over {} queries",
            percentile(&ms, 0.5),
            percentile(&ms, 0.95),
            ms.len()
        );
    }
    let lexical = Concierge::new(&catalog, None);
    let mut ms = Vec::new();
    for _ in 0..40 {
        for (q, language, market) in &queries {
            let started = Instant::now();
            std::hint::black_box(lexical.ask(
                q,
                &AskOptions {
                    market: *market,
                    language: *language,
                    count: 3,
                },
            ));
            ms.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "query latency, lexical fallback, demo catalog: p50 {:.2} ms, p95 {:.2} ms",
        percentile(&ms, 0.5),
        percentile(&ms, 0.95)
    );
}
