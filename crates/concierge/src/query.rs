//! Query understanding by rules, the same in every language (no language detection): the budget with its currency
//! and bound, the categories named, the metal, stone or colour wished for (from the catalog's own variant labels),
//! the recipient and the occasion.

use std::collections::BTreeSet;

use catalog::{CatalogEntry, Category, Currency, Language, Occasion, Recipient};
use serde::Serialize;

use crate::lexicon::{
    BOUND_AFTER, BOUND_BEFORE, BUDGET_WORDS, Bound, CATEGORY_WORDS, CURRENCY_WORDS,
    NOT_MONEY_AFTER, OCCASION_WORDS, RANGE_JOINERS, RECIPIENT_WORDS, VARIANT_SYNONYMS,
};
use crate::text::{Doc, Phrase, fold, is_cjk};

/// The shopper's market: which currency a budget without one is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Market {
    EU,
    CN,
    US,
}

impl Market {
    pub fn currency(self) -> Currency {
        match self {
            Market::EU => Currency::EUR,
            Market::CN => Currency::CNY,
            Market::US => Currency::USD,
        }
    }

    pub fn parse(code: &str) -> Option<Market> {
        match code.to_ascii_uppercase().as_str() {
            "EU" => Some(Market::EU),
            "CN" => Some(Market::CN),
            "US" => Some(Market::US),
            _ => None,
        }
    }

    /// The market a shopper of this language most likely shops in.
    pub fn for_language(language: Language) -> Market {
        match language {
            Language::Zh => Market::CN,
            _ => Market::EU,
        }
    }
}

/// A price range in one currency, in whole units, as the shopper stated it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Budget {
    pub currency: Currency,
    pub kind: BudgetKind,
    /// The amount(s) the shopper said.
    pub amount: u64,
    pub upper_amount: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BudgetKind {
    AtMost,
    /// "around X": from 0.6·X to 1.2·X, closer is better.
    Around,
    AtLeast,
    Between,
}

impl Budget {
    /// The lowest and highest price that fit, in whole units.
    pub fn range(&self) -> (u64, u64) {
        match self.kind {
            BudgetKind::AtMost => (0, self.amount),
            BudgetKind::Around => (
                (self.amount as f64 * 0.6).round() as u64,
                (self.amount as f64 * 1.2).round() as u64,
            ),
            BudgetKind::AtLeast => (self.amount, u64::MAX),
            BudgetKind::Between => {
                let upper = self.upper_amount.unwrap_or(self.amount);
                (self.amount.min(upper), self.amount.max(upper))
            }
        }
    }

    pub fn fits(&self, price: u64) -> bool {
        let (low, high) = self.range();
        (low..=high).contains(&price)
    }
}

/// A metal, stone or colour the shopper named, and the catalog's option ids it stands for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantWish {
    /// The words as the query wrote them (folded).
    pub said: String,
    pub option_ids: BTreeSet<String>,
}

/// What the parser understood.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Facets {
    pub budget: Option<Budget>,
    pub categories: Vec<Category>,
    pub variants: Vec<VariantWish>,
    pub recipient: Option<Recipient>,
    pub occasions: Vec<Occasion>,
}

/// The compiled vocabulary: the fixed tables plus the catalog's variant labels.
pub struct Parser {
    categories: Vec<(Phrase, Category)>,
    recipients: Vec<(Phrase, Recipient)>,
    occasions: Vec<(Phrase, Occasion)>,
    variants: Vec<(Phrase, BTreeSet<String>)>,
}

fn compile<T: Copy>(table: &[(T, &[&str])]) -> Vec<(Phrase, T)> {
    table
        .iter()
        .flat_map(|(value, words)| words.iter().map(move |w| (Phrase::new(w), *value)))
        .filter(|(p, _)| !p.is_empty())
        .collect()
}

/// Matches of a family of phrases, longest first, never two on the same words.
fn matches<'a, T>(doc: &Doc, phrases: &'a [(Phrase, T)]) -> Vec<(&'a T, (usize, usize))> {
    let mut found: Vec<(usize, &'a T, (usize, usize))> = phrases
        .iter()
        .flat_map(|(p, v)| {
            p.find_all(doc)
                .into_iter()
                .map(move |span| (p.weight(), v, span))
        })
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.0.cmp(&b.2.0)));
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut out = Vec::new();
    for (_, value, span) in found {
        if taken.iter().all(|t| span.1 <= t.0 || span.0 >= t.1) {
            taken.push(span);
            out.push((value, span));
        }
    }
    out.sort_by_key(|(_, span)| span.0);
    out
}

impl Parser {
    pub fn new(products: &[CatalogEntry]) -> Self {
        let mut by_phrase: Vec<(Phrase, BTreeSet<String>)> = Vec::new();
        let mut add = |text: &str, id: &str| {
            let phrase = Phrase::new(text);
            if phrase.is_empty() {
                return;
            }
            match by_phrase.iter_mut().find(|(p, _)| *p == phrase) {
                Some((_, ids)) => {
                    ids.insert(id.to_string());
                }
                None => by_phrase.push((phrase, BTreeSet::from([id.to_string()]))),
            }
        };
        for entry in products {
            for option in entry.product.variants.iter().flat_map(|g| &g.options) {
                for language in Language::ALL {
                    add(option.label.get(language), &option.id);
                }
                add(&option.id.replace(['-', '_'], " "), &option.id);
            }
        }
        for (id, words) in VARIANT_SYNONYMS {
            for w in *words {
                add(w, id);
            }
        }
        Self {
            categories: compile(CATEGORY_WORDS),
            recipients: compile(RECIPIENT_WORDS),
            occasions: compile(OCCASION_WORDS),
            variants: by_phrase,
        }
    }

    pub fn parse(&self, query: &str, market: Market) -> Facets {
        let doc = Doc::new(query);
        let mut categories: Vec<Category> = Vec::new();
        for (c, _) in matches(&doc, &self.categories) {
            if !categories.contains(c) {
                categories.push(*c);
            }
        }
        let recipients: Vec<Recipient> = matches(&doc, &self.recipients)
            .into_iter()
            .map(|(r, _)| *r)
            .collect();
        // A specific person beats "someone"; her and him together say nothing.
        let recipient = if recipients.contains(&Recipient::Her)
            && !recipients.contains(&Recipient::Him)
        {
            Some(Recipient::Her)
        } else if recipients.contains(&Recipient::Him) && !recipients.contains(&Recipient::Her) {
            Some(Recipient::Him)
        } else if recipients.is_empty() {
            None
        } else {
            Some(Recipient::Anyone)
        };
        let mut occasions = Vec::new();
        for (o, _) in matches(&doc, &self.occasions) {
            if !occasions.contains(o) {
                occasions.push(*o);
            }
        }
        let variants = matches(&doc, &self.variants)
            .into_iter()
            .map(|(ids, span)| VariantWish {
                said: doc.folded[span.0..span.1].to_string(),
                option_ids: ids.clone(),
            })
            .collect();
        Facets {
            budget: parse_budget(&doc.folded, market.currency()),
            categories,
            variants,
            recipient,
            occasions,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Amounts and budgets.

/// A number found in the folded query: its value and byte span.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Amount {
    value: f64,
    /// 1, or the multiplier written after the number (k, 万, mila…).
    multiplier: f64,
    start: usize,
    end: usize,
}

const CHINESE_DIGITS: &[(char, u64)] = &[
    ('零', 0),
    ('〇', 0),
    ('一', 1),
    ('二', 2),
    ('两', 2),
    ('三', 3),
    ('四', 4),
    ('五', 5),
    ('六', 6),
    ('七', 7),
    ('八', 8),
    ('九', 9),
];

fn chinese_digit(c: char) -> Option<u64> {
    CHINESE_DIGITS
        .iter()
        .find(|(d, _)| *d == c)
        .map(|(_, v)| *v)
}

fn chinese_unit(c: char) -> Option<u64> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        '万' => Some(10_000),
        '亿' => Some(100_000_000),
        _ => None,
    }
}

/// The value of a run of Chinese numerals, with the colloquial tails: 两万五 = 25,000, 三千五 = 3,500.
pub fn chinese_number(run: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut number: Option<u64> = None;
    let mut last_unit: u64 = 1;
    let mut any = false;
    for c in run.chars() {
        if let Some(d) = chinese_digit(c) {
            number = Some(d);
            any = true;
        } else if let Some(unit) = chinese_unit(c) {
            any = true;
            if unit >= 10_000 {
                total =
                    total.checked_add((section + number.unwrap_or(0)).max(1).checked_mul(unit)?)?;
                section = 0;
            } else {
                section += number.unwrap_or(1) * unit;
            }
            number = None;
            last_unit = unit;
        } else {
            return None;
        }
    }
    if !any {
        return None;
    }
    if let Some(n) = number {
        // A bare digit after a unit is one order below it (两万五 = 2.5万).
        section += if last_unit >= 100 {
            n * last_unit / 10
        } else {
            n
        };
    }
    total.checked_add(section)
}

fn is_chinese_numeral(c: char) -> bool {
    chinese_digit(c).is_some() || chinese_unit(c).is_some()
}

/// Every amount in the folded text: Arabic numbers with grouping, decimals and multipliers (5k, 1.5万, 2w,
/// 5 mila, 3 mille), and Chinese numerals.
fn amounts(folded: &str) -> Vec<Amount> {
    let chars: Vec<(usize, char)> = folded.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map(|(b, _)| *b).unwrap_or(folded.len());
    let char_at = |i: usize| chars.get(i).map(|(_, c)| *c);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let previous = if i > 0 { char_at(i - 1) } else { None };
        if c.is_ascii_digit()
            && !previous.is_some_and(|p| p.is_ascii_digit() || p.is_alphabetic() && !is_cjk(p))
        {
            let start = i;
            let mut j = i;
            while char_at(j).is_some_and(|c| c.is_ascii_digit()) {
                j += 1;
            }
            let mut text: String = chars[start..j].iter().map(|(_, c)| c).collect();
            // Thousands groups: a separator followed by exactly three digits.
            loop {
                let sep = char_at(j);
                let group: String = (1..=3).filter_map(|k| char_at(j + k)).collect();
                let after = char_at(j + 4);
                if matches!(sep, Some(',' | '.' | ' ' | '\''))
                    && group.len() == 3
                    && group.chars().all(|c| c.is_ascii_digit())
                    && !after.is_some_and(|c| c.is_ascii_digit())
                {
                    text.push_str(&group);
                    j += 4;
                } else {
                    break;
                }
            }
            // A decimal part: one or two digits.
            if matches!(char_at(j), Some('.' | ','))
                && char_at(j + 1).is_some_and(|c| c.is_ascii_digit())
            {
                let mut k = j + 1;
                let mut decimals = String::new();
                while char_at(k).is_some_and(|c| c.is_ascii_digit()) {
                    decimals.push(char_at(k).unwrap_or('0'));
                    k += 1;
                }
                if decimals.len() <= 2 {
                    text.push('.');
                    text.push_str(&decimals);
                    j = k;
                }
            }
            let mut value: f64 = text.parse().unwrap_or(0.0);
            let number = value;
            // Multipliers, attached or after one space.
            let skip_space = |k: usize| if char_at(k) == Some(' ') { k + 1 } else { k };
            let m = skip_space(j);
            let word_after: String = chars[m.min(chars.len())..]
                .iter()
                .map(|(_, c)| *c)
                .take_while(|c| c.is_alphabetic() && !is_cjk(*c))
                .collect();
            match char_at(m) {
                Some('万') => {
                    value *= 10_000.0;
                    j = m + 1;
                    // 1万5 = 15,000; 1万5千 = 15,000.
                    if let Some(d) =
                        char_at(j).and_then(|c| c.to_digit(10).map(u64::from).or(chinese_digit(c)))
                        && !char_at(j + 1).is_some_and(|c| c.is_ascii_digit())
                    {
                        value += d as f64 * 1000.0;
                        j += 1;
                        if char_at(j) == Some('千') {
                            j += 1;
                        }
                    }
                }
                Some('千') => {
                    value *= 1000.0;
                    j = m + 1;
                }
                Some('w') if m == j && word_after == "w" => {
                    value *= 10_000.0;
                    j = m + 1;
                }
                Some('k') if word_after == "k" && m == j => {
                    // 18k gold is a fineness, not a budget.
                    let rest = folded[byte_at(m + 1)..].trim_start();
                    let karat = [
                        "gold", "oro", "or ", "金", "white", "yellow", "rose", "bianco", "giallo",
                        "blanc", "jaune",
                    ]
                    .iter()
                    .any(|w| rest.starts_with(w));
                    if karat {
                        i = m + 1;
                        continue;
                    }
                    value *= 1000.0;
                    j = m + 1;
                }
                _ if word_after == "mila" || word_after == "mille" => {
                    value *= 1000.0;
                    j = m + word_after.chars().count();
                }
                _ if word_after == "million"
                    || word_after == "milioni"
                    || word_after == "millions" =>
                {
                    value *= 1_000_000.0;
                    j = m + word_after.chars().count();
                }
                _ => {}
            }
            out.push(Amount {
                value,
                multiplier: if number > 0.0 {
                    (value / number).round()
                } else {
                    1.0
                },
                start: byte_at(start),
                end: byte_at(j),
            });
            i = j.max(i + 1);
        } else if is_chinese_numeral(c) {
            let start = i;
            let mut j = i;
            while char_at(j).is_some_and(is_chinese_numeral) {
                j += 1;
            }
            let run: String = chars[start..j].iter().map(|(_, c)| c).collect();
            if let Some(v) = chinese_number(&run) {
                out.push(Amount {
                    value: v as f64,
                    multiplier: 1.0,
                    start: byte_at(start),
                    end: byte_at(j),
                });
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Does `text` start with `word` as a whole word (CJK and symbols: as a prefix)?
fn starts_with_word(text: &str, word: &str) -> bool {
    if !text.starts_with(word) {
        return false;
    }
    let last = word.chars().last();
    if last.is_some_and(|c| is_cjk(c) || !c.is_alphanumeric()) {
        return true;
    }
    !text[word.len()..]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
}

/// Does `text` end with `word` as a whole word?
fn ends_with_word(text: &str, word: &str) -> bool {
    if !text.ends_with(word) {
        return false;
    }
    let first = word.chars().next();
    if first.is_some_and(|c| is_cjk(c) || !c.is_alphanumeric()) {
        return true;
    }
    !text[..text.len() - word.len()]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() && !is_cjk(c))
}

/// A currency named right before or right after an amount, and how many bytes it takes.
fn currency_before(before: &str) -> Option<(Currency, usize)> {
    let trimmed = before.trim_end();
    let mut best: Option<(Currency, usize)> = None;
    for (currency, words) in CURRENCY_WORDS {
        for w in *words {
            if ends_with_word(trimmed, w) && best.is_none_or(|(_, n)| w.len() > n) {
                best = Some((*currency, w.len() + before.len() - trimmed.len()));
            }
        }
    }
    best
}

fn currency_after(after: &str) -> Option<(Currency, usize)> {
    let trimmed = after.trim_start();
    let mut best: Option<(Currency, usize)> = None;
    for (currency, words) in CURRENCY_WORDS {
        for w in *words {
            if starts_with_word(trimmed, w) && best.is_none_or(|(_, n)| w.len() > n) {
                best = Some((*currency, w.len() + after.len() - trimmed.len()));
            }
        }
    }
    best
}

fn bound_before(before: &str) -> Option<Bound> {
    let trimmed = before.trim_end();
    let mut best: Option<(Bound, usize)> = None;
    for (bound, words) in BOUND_BEFORE {
        for w in *words {
            let w = fold(w);
            if ends_with_word(trimmed, &w) && best.is_none_or(|(_, n)| w.len() > n) {
                best = Some((*bound, w.len()));
            }
        }
    }
    best.map(|(b, _)| b)
}

fn bound_after(after: &str) -> Option<Bound> {
    let trimmed = after.trim_start();
    let mut best: Option<(Bound, usize)> = None;
    for (bound, words) in BOUND_AFTER {
        for w in *words {
            if starts_with_word(trimmed, w) && best.is_none_or(|(_, n)| w.len() > n) {
                best = Some((*bound, w.len()));
            }
        }
    }
    best.map(|(b, _)| b)
}

/// The text at most `n` characters before byte `at`.
fn window_before(text: &str, at: usize, n: usize) -> &str {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    &text[start..at]
}

/// One amount with what surrounds it.
#[derive(Debug, Clone, Copy)]
struct Money {
    amount: Amount,
    currency: Option<Currency>,
    before: Option<Bound>,
    after: Option<Bound>,
    /// Byte where the amount and its currency end.
    end: usize,
    /// Whether the amount reads as money on its own (a currency, a bound, a budget word, or ≥ 1,000).
    on_its_own: bool,
}

/// The budget stated in a folded query, if any.
fn parse_budget(folded: &str, default_currency: Currency) -> Option<Budget> {
    let mut money: Vec<Money> = Vec::new();
    for amount in amounts(folded) {
        let before = &folded[..amount.start];
        let after = &folded[amount.end..];
        let (currency_pre, pre_len) = match currency_before(before) {
            Some((c, n)) => (Some(c), n),
            None => (None, 0),
        };
        let (currency_post, post_len) = match currency_after(after) {
            Some((c, n)) => (Some(c), n),
            None => (None, 0),
        };
        let currency = currency_pre.or(currency_post);
        let after_currency = &after[post_len..];
        let not_money = currency.is_none()
            && NOT_MONEY_AFTER
                .iter()
                .any(|w| starts_with_word(after.trim_start(), &fold(w)));
        if not_money {
            continue;
        }
        let before_currency = &before[..before.len() - pre_len];
        let bound_pre = bound_before(before_currency);
        let bound_post = bound_after(after_currency);
        let near = window_before(folded, amount.start, 24);
        let budget_word = BUDGET_WORDS.iter().any(|w| near.contains(&fold(w)));
        let on_its_own = currency.is_some()
            || bound_pre.is_some()
            || bound_post.is_some()
            || budget_word
            || amount.value >= 1000.0;
        if amount.value >= 1.0 {
            money.push(Money {
                amount,
                currency,
                before: bound_pre,
                after: bound_post,
                end: amount.end + post_len,
                on_its_own,
            });
        }
    }
    // A range: two amounts joined by "and", "to", "-", "到"…, at least one of them money.
    for pair in money.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if !(a.on_its_own || b.on_its_own) {
            continue;
        }
        let gap = folded[a.end.min(b.amount.start)..b.amount.start].trim();
        let gap = currency_before(gap).map_or(gap, |(_, n)| gap[..gap.len() - n].trim());
        let joined = RANGE_JOINERS.contains(&gap);
        let range_like = a.before == Some(Bound::Between)
            || matches!(gap, "-" | "~" | "到" | "至" | "to")
            || a.before.is_none() && a.after.is_none();
        if joined && range_like {
            let currency = a.currency.or(b.currency).unwrap_or(default_currency);
            // "3-5k", "1-2万": the second amount's multiplier applies to the first.
            let mut low = a.amount.value;
            if a.amount.multiplier == 1.0
                && b.amount.multiplier > 1.0
                && low * b.amount.multiplier <= b.amount.value
            {
                low *= b.amount.multiplier;
            }
            let high = b.amount.value;
            return Some(Budget {
                currency,
                kind: BudgetKind::Between,
                amount: low.min(high).round() as u64,
                upper_amount: Some(low.max(high).round() as u64),
            });
        }
    }
    let money: Vec<Money> = money.into_iter().filter(|m| m.on_its_own).collect();
    let chosen = money
        .iter()
        .find(|m| m.before.is_some_and(|b| b != Bound::Between) || m.after.is_some())
        .or_else(|| money.iter().find(|m| m.currency.is_some()))
        .or(money.first())?;
    let bound = chosen
        .after
        .or(chosen.before.filter(|b| *b != Bound::Between))
        .unwrap_or(Bound::AtMost);
    Some(Budget {
        currency: chosen.currency.unwrap_or(default_currency),
        kind: match bound {
            Bound::AtMost | Bound::Between => BudgetKind::AtMost,
            Bound::Around => BudgetKind::Around,
            Bound::AtLeast => BudgetKind::AtLeast,
        },
        amount: chosen.amount.value.round() as u64,
        upper_amount: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(q: &str) -> Option<(BudgetKind, u64, Option<u64>, Currency)> {
        parse_budget(&fold(q), Currency::EUR)
            .map(|b| (b.kind, b.amount, b.upper_amount, b.currency))
    }

    #[test]
    fn recipients_in_four_languages_and_french_possessives_are_not_sons() {
        let parser = Parser::new(&[]);
        for (query, expected) in [
            (
                "for my sister to wear on her wedding day",
                Some(Recipient::Her),
            ),
            (
                "pour ma sœur, à porter le jour de son mariage",
                Some(Recipient::Her),
            ),
            (
                "cadeau de noël pour ma femme, elle adore son trente-et-un",
                Some(Recipient::Her),
            ),
            (
                "cadeau de diplôme pour ma fille qui commence son premier poste",
                Some(Recipient::Her),
            ),
            ("a graduation present for my son", Some(Recipient::Him)),
            ("pour mon fils, son premier costume", Some(Recipient::Him)),
            ("regalo per mio marito", Some(Recipient::Him)),
            ("送给老婆的生日礼物", Some(Recipient::Her)),
            ("a gift for a colleague", Some(Recipient::Anyone)),
            ("une bague en or rose", None),
        ] {
            assert_eq!(
                parser.parse(query, Market::EU).recipient,
                expected,
                "{query}"
            );
        }
    }

    #[test]
    fn chinese_numerals() {
        for (text, value) in [
            ("五千", 5_000),
            ("一万", 10_000),
            ("两万", 20_000),
            ("两万五", 25_000),
            ("三千五", 3_500),
            ("一万五千", 15_000),
            ("十万", 100_000),
            ("三十万", 300_000),
            ("八千八百", 8_800),
            ("十二万", 120_000),
            ("万", 10_000),
        ] {
            assert_eq!(chinese_number(text), Some(value), "{text}");
        }
    }

    #[test]
    fn budgets_in_four_languages() {
        use BudgetKind::*;
        use Currency::*;
        let table: &[(&str, Option<(BudgetKind, u64, Option<u64>, Currency)>)] = &[
            ("a ring under €5,000", Some((AtMost, 5_000, None, EUR))),
            (
                "a present for my mother's 60th, around €3,000",
                Some((Around, 3_000, None, EUR)),
            ),
            (
                "between $4,000 and $8,000",
                Some((Between, 4_000, Some(8_000), USD)),
            ),
            ("earrings 5k", Some((AtMost, 5_000, None, EUR))),
            (
                "necklace up to 2.5k euros",
                Some((AtMost, 2_500, None, EUR)),
            ),
            (
                "un anello sotto i 5.000 €",
                Some((AtMost, 5_000, None, EUR)),
            ),
            (
                "regalo tra 3000 e 6000 euro",
                Some((Between, 3_000, Some(6_000), EUR)),
            ),
            (
                "collana circa 4 mila euro",
                Some((Around, 4_000, None, EUR)),
            ),
            (
                "une bague à moins de 5 000 €",
                Some((AtMost, 5_000, None, EUR)),
            ),
            (
                "entre 3 000 et 6 000 €",
                Some((Between, 3_000, Some(6_000), EUR)),
            ),
            (
                "montre environ 10 000 euros",
                Some((Around, 10_000, None, EUR)),
            ),
            ("两万元以内的项链", Some((AtMost, 20_000, None, CNY))),
            ("预算1.5万", Some((AtMost, 15_000, None, EUR))),
            ("三万左右的手表", Some((Around, 30_000, None, EUR))),
            ("不超过5000欧元", Some((AtMost, 5_000, None, EUR))),
            ("¥20000以下", Some((AtMost, 20_000, None, CNY))),
            ("1万5以内", Some((AtMost, 15_000, None, EUR))),
            ("3000到5000元", Some((Between, 3_000, Some(5_000), CNY))),
            (
                "a bracelet for 3-5k",
                Some((Between, 3_000, Some(5_000), EUR)),
            ),
            ("1-2万的包", Some((Between, 10_000, Some(20_000), EUR))),
            ("over 10000 dollars", Some((AtLeast, 10_000, None, USD))),
            ("a 1 carat diamond ring", None),
            ("an 18k gold bracelet", None),
            ("for her 60th birthday", None),
            ("送妈妈六十岁生日礼物", None),
            ("a 520 gift for my girlfriend", None),
            ("a 38 mm watch", None),
            ("a watch water resistant to 100 m", None),
            ("一枚戒指", None),
        ];
        for (query, expected) in table {
            assert_eq!(budget(query), *expected, "{query}");
        }
    }

    #[test]
    fn budget_ranges() {
        let b = Budget {
            currency: Currency::EUR,
            kind: BudgetKind::Around,
            amount: 3000,
            upper_amount: None,
        };
        assert_eq!(b.range(), (1800, 3600));
        assert!(b.fits(3000) && !b.fits(520) && !b.fits(4000));
    }
}
