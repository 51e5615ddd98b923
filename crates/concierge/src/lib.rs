//! Vitrine's concierge: a multilingual gift finder and session recommendations that run on the device.
//!
//! Every answer is a piece of the catalog with a reason assembled from the catalog's own facts; nothing is
//! generated, nothing leaves the device, and the session's history lives only in memory.
//!
//! - [`query`]: budget, currency, category, metal/stone/colour, recipient and occasion, by rules, in English,
//!   Italian, Chinese and French at once (no language detection);
//! - [`encoder`]: the multilingual sentence encoder (USE-m3 through ONNX Runtime) behind a trait;
//!   [`sentencepiece`]: its tokenizer;
//! - [`lexical`]: character n-gram TF-IDF, the lexical score and the fallback when no model loads;
//! - [`Concierge`]: hard filters (budget on the cheapest fitting variant, named categories; loosened with a note
//!   when nothing is left), semantic + lexical + facet score, reasons, and recommendations.

mod concierge;
pub mod encoder;
pub mod lexical;
mod lexicon;
pub mod query;
pub mod reason;
pub mod sentencepiece;
pub mod text;

pub use concierge::{
    Answer, AskOptions, Concierge, MAX_QUERY_CHARS, Mode, Pooling, SessionEvent, SessionHistory,
    Suggestion, Weights, product_text,
};
#[cfg(not(target_arch = "wasm32"))]
pub use encoder::OrtEncoder;
pub use encoder::{Encoder, EncoderError};
pub use query::{Budget, BudgetKind, Facets, Market, Parser, VariantWish};
pub use reason::Interaction;

/// Opens the sentence encoder under `assets`, or says why the concierge will run lexically.
#[cfg(not(target_arch = "wasm32"))]
pub fn open_encoder(assets: &std::path::Path) -> Result<Box<dyn Encoder>, EncoderError> {
    Ok(Box::new(OrtEncoder::open(assets)?))
}
