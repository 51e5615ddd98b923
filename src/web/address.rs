//! What the showroom page's address asks of the app: `?lang=fr` (else the browser's language), `?at=salon` (a
//! named view to arrive at), `?tryon=SKU` (the try-on with that piece) and `?ml=webgpu` (the try-on's tracking on
//! onnxruntime-web's WebGPU provider). Pure parsing, tested on the desktop; web/page.rs reads the address.

use crate::boutique::layout::ViewName;
use catalog::Language;

/// What the page's address asks for: `?lang=` (else the browser's language), `?at=` a named view, `?tryon=` a
/// piece to try on at once, `?ml=webgpu`.
#[derive(Debug, Default, PartialEq)]
pub struct PageQuery {
    pub language: Option<Language>,
    pub at: Option<ViewName>,
    /// A catalog SKU (letters, digits, `-`, `_`; anything else is ignored).
    pub tryon: Option<String>,
    /// The try-on's tracking asks for WebGPU (the CPU's wasm provider otherwise).
    pub ml_webgpu: bool,
}

impl PageQuery {
    pub fn parse(search: &str, browser_language: Option<&str>) -> Self {
        let mut query = PageQuery::default();
        let mut asked_language = None;
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "lang" => asked_language = language_for(value),
                "at" => query.at = ViewName::parse(value),
                "tryon" => {
                    let sku_like = !value.is_empty()
                        && value.len() <= 64
                        && value
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                    query.tryon = sku_like.then(|| value.to_string());
                }
                "ml" => query.ml_webgpu = value.eq_ignore_ascii_case("webgpu"),
                _ => {}
            }
        }
        query.language = asked_language.or_else(|| browser_language.and_then(language_for));
        query
    }
}

/// A BCP 47 tag (`fr-FR`, `zh-Hans-CN`, `it`) as one of the catalog's languages.
fn language_for(tag: &str) -> Option<Language> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    Language::ALL.into_iter().find(|l| l.code() == primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_chooses_the_language_and_the_view() {
        let query = PageQuery::parse("?lang=fr&at=salon", Some("en-GB"));
        assert_eq!(query.language, Some(Language::Fr));
        assert_eq!(query.at, ViewName::parse("salon"));
        let browser = PageQuery::parse("", Some("zh-Hans-CN"));
        assert_eq!(browser.language, Some(Language::Zh));
        assert_eq!(PageQuery::parse("?lang=xx", Some("de-DE")).language, None);
    }

    #[test]
    fn the_address_asks_for_a_try_on_and_its_provider() {
        let query = PageQuery::parse("?tryon=AUR-RG01&ml=webgpu", None);
        assert_eq!(query.tryon.as_deref(), Some("AUR-RG01"));
        assert!(query.ml_webgpu);
        let plain = PageQuery::parse("?tryon=", None);
        assert_eq!(plain.tryon, None);
        assert!(!plain.ml_webgpu);
        assert_eq!(PageQuery::parse("?tryon=%3Cscript%3E", None).tryon, None);
        assert!(!PageQuery::parse("?ml=wasm", None).ml_webgpu);
    }
}
