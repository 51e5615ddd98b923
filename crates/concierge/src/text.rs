//! Text as the parser and the lexical index see it: folded (NFKC, lower case, accents off, one kind of apostrophe),
//! split into words (Latin script, stemmed) and runs of CJK characters (matched as substrings: Chinese has no
//! spaces), so that "Anelli", "anello" and "ANELLO" meet, and "１.５万" reads as "1.5万".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Chinese, Japanese and Korean ideographs and kana: matched without word boundaries.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2fa1f)
}

/// NFKC, lower case, combining marks removed, typographic apostrophes and dashes made plain.
pub fn fold(text: &str) -> String {
    let lowered: String = text.nfkc().flat_map(char::to_lowercase).collect();
    let mut plain = String::with_capacity(lowered.len());
    for c in lowered.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => plain.push('\''),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => plain.push('-'),
            '\u{00a0}' | '\u{202f}' | '\u{3000}' => plain.push(' '),
            // Ligatures that Unicode does not decompose: "sœur" is written "soeur" as often.
            'œ' => plain.push_str("oe"),
            'æ' => plain.push_str("ae"),
            'ß' => plain.push_str("ss"),
            c => plain.push(c),
        }
    }
    plain.nfc().collect()
}

/// A crude stemmer for English, Italian and French nouns: enough that singular and plural meet
/// (rings/ring, anelli/anello, perles/perle, diamanti/diamante) without a dictionary.
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    if w.len() > 3 && (w.last() == Some(&'s') || w.last() == Some(&'x')) {
        w.pop();
    }
    if w.len() > 5 && w.ends_with(&['i', 'o']) {
        w.truncate(w.len() - 2);
    } else if w.len() > 4 && matches!(w.last(), Some('a' | 'e' | 'i' | 'o')) {
        w.pop();
    }
    w.into_iter().collect()
}

/// A word of a folded text: its stem and where it is (byte range in the folded text).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub stem: String,
    pub start: usize,
    pub end: usize,
}

/// A folded text with its Latin-script words.
#[derive(Debug, Clone)]
pub struct Doc {
    pub folded: String,
    pub words: Vec<Word>,
}

impl Doc {
    pub fn new(text: &str) -> Self {
        let folded = fold(text);
        let words = words_of(&folded);
        Self { folded, words }
    }
}

fn words_of(folded: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in folded
        .char_indices()
        .chain(std::iter::once((folded.len(), ' ')))
    {
        let in_word = c.is_alphanumeric() && !is_cjk(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(Word {
                    stem: stem(&folded[s..i]),
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// A phrase to look for: a sequence of stemmed words, or (when it holds CJK characters) a substring.
#[derive(Debug, Clone, PartialEq)]
pub enum Phrase {
    Words(Vec<String>),
    Cjk(String),
}

impl Phrase {
    pub fn new(text: &str) -> Self {
        let folded = fold(text);
        if folded.chars().any(is_cjk) {
            Phrase::Cjk(folded.chars().filter(|c| !c.is_whitespace()).collect())
        } else {
            Phrase::Words(words_of(&folded).into_iter().map(|w| w.stem).collect())
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Phrase::Words(w) => w.is_empty(),
            Phrase::Cjk(s) => s.is_empty(),
        }
    }

    /// Every place the phrase occurs in `doc`, as byte ranges of `doc.folded`.
    pub fn find_all(&self, doc: &Doc) -> Vec<(usize, usize)> {
        match self {
            Phrase::Cjk(s) if !s.is_empty() => doc
                .folded
                .match_indices(s.as_str())
                .map(|(i, m)| (i, i + m.len()))
                .collect(),
            Phrase::Words(w) if !w.is_empty() => doc
                .words
                .windows(w.len())
                .filter(|window| window.iter().zip(w).all(|(a, b)| &a.stem == b))
                .map(|window| (window[0].start, window[w.len() - 1].end))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Length of the phrase in characters (longer phrases win over the shorter ones they contain).
    pub fn weight(&self) -> usize {
        match self {
            Phrase::Words(w) => w.iter().map(|s| s.chars().count() + 1).sum(),
            Phrase::Cjk(s) => s.chars().count() * 2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_accents_case_and_width() {
        assert_eq!(fold("Étoile Lumière"), "etoile lumiere");
        assert_eq!(fold("１.５万"), "1.5万");
        assert_eq!(fold("Jusqu’à"), "jusqu'a");
        assert_eq!(fold("5\u{202f}000\u{a0}€"), "5 000 €");
        assert_eq!(fold("Sœur, Cœur"), "soeur, coeur");
    }

    #[test]
    fn plural_and_singular_share_a_stem() {
        for (a, b) in [
            ("rings", "ring"),
            ("anelli", "anello"),
            ("perles", "perle"),
            ("diamanti", "diamante"),
            ("bagues", "bague"),
            ("orologi", "orologio"),
            ("bijoux", "bijou"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn phrases_match_words_in_latin_scripts_and_substrings_in_chinese() {
        let doc = Doc::new("Un anello in Oro Rosa per lei, 玫瑰金戒指");
        assert_eq!(Phrase::new("oro rosa").find_all(&doc).len(), 1);
        assert_eq!(Phrase::new("anelli").find_all(&doc).len(), 1);
        assert_eq!(Phrase::new("玫瑰金").find_all(&doc).len(), 1);
        assert_eq!(Phrase::new("戒指").find_all(&doc).len(), 1);
        // Whole words only: "or" (gold in French) is not inside "oro".
        assert!(Phrase::new("or").find_all(&doc).is_empty());
    }
}
