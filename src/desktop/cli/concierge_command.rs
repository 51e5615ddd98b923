//! `vitrine concierge "<query>"` and `vitrine concierge --queries FILE.json --json OUT.json`: the gift finder from
//! the command line, with the same concierge the boutique uses (the model is loaded once).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use catalog::Language;
use concierge::{Answer, AskOptions, Concierge, Market, Mode};
use serde::{Deserialize, Serialize};

pub struct ConciergeJob {
    pub query: Option<String>,
    pub queries: Option<PathBuf>,
    pub market: Market,
    pub language: Option<Language>,
    /// `None`: text; `Some(None)`: JSON on stdout; `Some(Some(path))`: JSON into a file.
    pub json: Option<Option<PathBuf>>,
    pub count: usize,
}

#[derive(Deserialize)]
struct QueryIn {
    id: String,
    query: String,
}

#[derive(Serialize)]
struct AnswerOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    query: &'a str,
    #[serde(flatten)]
    answer: &'a Answer,
}

#[derive(Serialize)]
struct Report<'a> {
    mode: &'a Mode,
    answers: Vec<AnswerOut<'a>>,
}

/// The concierge over the catalog in `assets`, with the sentence encoder if it opens (else lexical, and why).
pub fn open(assets: &Path) -> Result<Concierge, catalog::CatalogProblem> {
    let catalog = catalog::load_catalog_dir(assets)?;
    Ok(match concierge::open_encoder(assets) {
        Ok(encoder) => Concierge::new(&catalog, Some(encoder)),
        Err(e) => {
            eprintln!("concierge: {e}; answering with the lexical index instead");
            Concierge::with_fallback_reason(&catalog, None, e.to_string())
        }
    })
}

fn print_answer(query: &str, answer: &Answer, language: Language) {
    let f = &answer.facets;
    let mut understood = Vec::new();
    if let Some(b) = &f.budget {
        understood.push(concierge::reason::budget(b, language));
    }
    for c in &f.categories {
        understood.push(c.label().get(language).to_string());
    }
    for v in &f.variants {
        understood.push(v.said.clone());
    }
    if let Some(r) = f.recipient {
        understood.push(format!("{r:?}"));
    }
    for o in &f.occasions {
        understood.push(format!("{o:?}"));
    }
    println!("\n“{query}”");
    if !understood.is_empty() {
        println!("  understood: {}", understood.join(" · "));
    }
    if let Some(note) = &answer.note {
        println!("  {note}");
    }
    for (i, s) in answer.suggestions.iter().enumerate() {
        let price = s
            .price
            .map(|p| catalog::format_price(p, language))
            .unwrap_or_default();
        println!(
            "  {}. {} ({}) {}  [{}]",
            i + 1,
            s.name,
            s.options.join(", "),
            price,
            s.sku
        );
        println!("     {}", s.reason);
    }
}

pub fn run(assets: &Path, job: ConciergeJob) -> ExitCode {
    let concierge = match open(assets) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("vitrine concierge: the catalog does not load: {e}");
            return ExitCode::FAILURE;
        }
    };
    let language = job.language.unwrap_or(match job.market {
        Market::CN => Language::Zh,
        _ => Language::En,
    });
    let options = AskOptions {
        market: job.market,
        language,
        count: job.count,
    };
    let inputs: Vec<QueryIn> = match (&job.query, &job.queries) {
        (Some(q), None) => vec![QueryIn {
            id: String::new(),
            query: q.clone(),
        }],
        (None, Some(file)) => {
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    serde_json::from_str::<Vec<QueryIn>>(&text).map_err(|e| e.to_string())
                });
            match parsed {
                Ok(list) => list,
                Err(e) => {
                    eprintln!(
                        "vitrine concierge: {}: {e} (expected a JSON list of {{\"id\": …, \"query\": …}})",
                        file.display()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
        _ => {
            eprintln!("vitrine concierge: give a query, or --queries FILE.json");
            return ExitCode::from(2);
        }
    };
    let answers: Vec<Answer> = inputs
        .iter()
        .map(|q| concierge.ask(&q.query, &options))
        .collect();
    match &job.json {
        None => {
            match concierge.mode() {
                Mode::Semantic { encoder } => println!("concierge: {encoder}"),
                Mode::Lexical { reason } => println!("concierge: lexical index only ({reason})"),
            }
            for (q, a) in inputs.iter().zip(&answers) {
                print_answer(&q.query, a, language);
            }
            ExitCode::SUCCESS
        }
        Some(target) => {
            let report = Report {
                mode: concierge.mode(),
                answers: inputs
                    .iter()
                    .zip(&answers)
                    .map(|(q, answer)| AnswerOut {
                        id: (!q.id.is_empty()).then_some(q.id.as_str()),
                        query: &q.query,
                        answer,
                    })
                    .collect(),
            };
            let text = match serde_json::to_string_pretty(&report) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("vitrine concierge: {e}");
                    return ExitCode::FAILURE;
                }
            };
            match target {
                None => println!("{text}"),
                Some(path) => {
                    if let Err(e) = std::fs::write(path, text + "\n") {
                        eprintln!("vitrine concierge: cannot write {}: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                    println!(
                        "vitrine concierge: {} answers written to {}",
                        answers.len(),
                        path.display()
                    );
                }
            }
            ExitCode::SUCCESS
        }
    }
}
