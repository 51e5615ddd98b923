//! The command line's value parsers, each refusing nonsense with what it expected (`ArgError`, shown by clap).

use bevy::math::UVec2;
use catalog::{Finger, Language};
use concierge::Market;
use tryon::HandSide;

use crate::boutique::layout::ViewName;

/// A value the command line cannot take, and what it expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgError {
    #[error("\"{given}\" is not a view; expected one of: {expected}")]
    View { given: String, expected: String },
    #[error("--at takes one view, not `all`")]
    OneView,
    #[error("\"{0}\": expected WIDTHxHEIGHT, e.g. 1024x1024")]
    SizeShape(String),
    #[error("\"{given}\": \"{side}\" is not a whole number")]
    SizeNumber { given: String, side: String },
    #[error("\"{0}\": each side must be 16–8192 pixels")]
    SizeRange(String),
    #[error("\"{0}\" is not a language; expected en, it, zh or fr")]
    Language(String),
    #[error("\"{0}\" is not a market; expected EU, CN or US")]
    Market(String),
    #[error("\"{0}\" is not a hand; expected left or right")]
    Hand(String),
    #[error("\"{0}\" is not a finger; expected thumb, index, middle, ring or little")]
    Finger(String),
}

/// The views `--view` names (one, or `all`).
#[derive(Debug, Clone)]
pub struct Views(pub Vec<ViewName>);

pub fn views(text: &str) -> Result<Views, ArgError> {
    if text == "all" {
        return Ok(Views(ViewName::ALL.to_vec()));
    }
    ViewName::parse(text)
        .map(|v| Views(vec![v]))
        .ok_or_else(|| ArgError::View {
            given: text.to_owned(),
            expected: ViewName::ALL
                .iter()
                .map(|v| v.name())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// One named view of the boutique.
pub fn view(text: &str) -> Result<ViewName, ArgError> {
    match views(text)?.0.as_slice() {
        [one] => Ok(*one),
        _ => Err(ArgError::OneView),
    }
}

/// A picture's size, `WIDTHxHEIGHT` pixels, each side 16–8192.
pub fn size(text: &str) -> Result<UVec2, ArgError> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| ArgError::SizeShape(text.to_owned()))?;
    let side = |s: &str| {
        s.trim().parse::<u32>().map_err(|_| ArgError::SizeNumber {
            given: text.to_owned(),
            side: s.to_owned(),
        })
    };
    let size = UVec2::new(side(w)?, side(h)?);
    if size.x < 16 || size.y < 16 || size.x > 8192 || size.y > 8192 {
        return Err(ArgError::SizeRange(text.to_owned()));
    }
    Ok(size)
}

pub fn language(text: &str) -> Result<Language, ArgError> {
    Language::ALL
        .into_iter()
        .find(|l| l.code() == text)
        .ok_or_else(|| ArgError::Language(text.to_owned()))
}

pub fn market(text: &str) -> Result<Market, ArgError> {
    Market::parse(text).ok_or_else(|| ArgError::Market(text.to_owned()))
}

pub fn hand(text: &str) -> Result<HandSide, ArgError> {
    match text {
        "left" => Ok(HandSide::Left),
        "right" => Ok(HandSide::Right),
        _ => Err(ArgError::Hand(text.to_owned())),
    }
}

pub fn finger(text: &str) -> Result<Finger, ArgError> {
    [
        Finger::Thumb,
        Finger::Index,
        Finger::Middle,
        Finger::Ring,
        Finger::Little,
    ]
    .into_iter()
    .find(|f| tryon::wear::finger_name(*f) == text)
    .ok_or_else(|| ArgError::Finger(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_reject_nonsense() {
        assert_eq!(size("1024x768"), Ok(UVec2::new(1024, 768)));
        assert_eq!(size("1024"), Err(ArgError::SizeShape("1024".into())));
        assert!(matches!(size("axb"), Err(ArgError::SizeNumber { .. })));
        assert_eq!(size("8x8"), Err(ArgError::SizeRange("8x8".into())));
    }

    #[test]
    fn names_parse_and_a_wrong_one_lists_what_was_expected() {
        assert_eq!(view("salon").ok(), ViewName::parse("salon"));
        assert_eq!(view("all").err(), Some(ArgError::OneView));
        assert_eq!(
            views("all").map(|v| v.0.len()).ok(),
            Some(ViewName::ALL.len())
        );
        let wrong = views("atrium")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            wrong.contains("atrium") && wrong.contains("salon"),
            "{wrong}"
        );
        assert_eq!(language("zh"), Ok(Language::Zh));
        assert_eq!(language("de"), Err(ArgError::Language("de".into())));
        assert!(market("CN").is_ok() && market("XX").is_err());
        assert_eq!(hand("right"), Ok(HandSide::Right));
        assert!(hand("both").is_err());
        assert_eq!(finger("ring"), Ok(Finger::Ring));
        assert!(finger("toe").is_err());
    }
}
