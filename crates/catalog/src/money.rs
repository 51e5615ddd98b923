//! Prices as a shopper of each language expects to read them.

use crate::schema::{Currency, Language, Price};

fn group_digits(amount: u64, separator: &str) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

fn symbol(currency: Currency) -> &'static str {
    match currency {
        Currency::EUR => "€",
        Currency::CNY => "¥",
        Currency::USD => "$",
        Currency::GBP => "£",
        Currency::CHF => "CHF",
        Currency::JPY => "¥",
        Currency::HKD => "HK$",
    }
}

/// Formats a whole-unit price in the conventions of `language` (grouping and symbol position).
pub fn format_price(price: Price, language: Language) -> String {
    let symbol = symbol(price.currency);
    match language {
        // French: narrow no-break space groups, symbol after.
        Language::Fr => format!("{}\u{a0}{symbol}", group_digits(price.amount, "\u{202f}")),
        // Italian: dot groups, symbol after.
        Language::It => format!("{}\u{a0}{symbol}", group_digits(price.amount, ".")),
        Language::En | Language::Zh => {
            let space = if symbol.len() > 2 && symbol.chars().all(char::is_alphabetic) {
                " "
            } else {
                ""
            };
            format!("{symbol}{space}{}", group_digits(price.amount, ","))
        }
    }
}

/// The price a shopper of `language` should see first: CNY for Chinese, EUR otherwise, else the reference price.
pub fn preferred_price(prices: &[Price], language: Language) -> Option<Price> {
    let wanted = match language {
        Language::Zh => Currency::CNY,
        _ => Currency::EUR,
    };
    prices
        .iter()
        .copied()
        .find(|p| p.currency == wanted)
        .or_else(|| prices.first().copied())
}

/// The price of a product with the given variant options selected (by option id), in `currency`: variant deltas are
/// stated in the reference currency (the first price) and converted at the product's own price ratio, rounded to
/// tens. `None` when the product has no price in that currency.
pub fn price_with_options(
    product: &crate::schema::Product,
    selected_option_ids: &[&str],
    currency: Currency,
) -> Option<Price> {
    let shown = product
        .prices
        .iter()
        .copied()
        .find(|p| p.currency == currency)?;
    let reference = *product.prices.first()?;
    let delta: i64 = product
        .variants
        .iter()
        .flat_map(|g| g.options.iter())
        .filter(|o| selected_option_ids.contains(&o.id.as_str()))
        .map(|o| o.price_delta)
        .sum();
    let ratio = shown.amount as f64 / reference.amount.max(1) as f64;
    let converted = ((delta as f64 * ratio) / 10.0).round() as i64 * 10;
    Some(Price {
        amount: (shown.amount as i64 + converted).max(1) as u64,
        currency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_follow_each_language() {
        let eur = Price {
            amount: 12_500,
            currency: Currency::EUR,
        };
        assert_eq!(format_price(eur, Language::En), "€12,500");
        assert_eq!(format_price(eur, Language::It), "12.500\u{a0}€");
        assert_eq!(format_price(eur, Language::Fr), "12\u{202f}500\u{a0}€");
        let cny = Price {
            amount: 1_098_000,
            currency: Currency::CNY,
        };
        assert_eq!(format_price(cny, Language::Zh), "¥1,098,000");
        let chf = Price {
            amount: 950,
            currency: Currency::CHF,
        };
        assert_eq!(format_price(chf, Language::En), "CHF 950");
    }

    #[test]
    fn chinese_shoppers_see_yuan_when_priced() {
        let prices = [
            Price {
                amount: 100,
                currency: Currency::EUR,
            },
            Price {
                amount: 800,
                currency: Currency::CNY,
            },
        ];
        assert_eq!(
            preferred_price(&prices, Language::Zh).map(|p| p.currency),
            Some(Currency::CNY)
        );
        assert_eq!(
            preferred_price(&prices, Language::Fr).map(|p| p.currency),
            Some(Currency::EUR)
        );
        assert_eq!(
            preferred_price(&prices[..1], Language::Zh).map(|p| p.currency),
            Some(Currency::EUR)
        );
    }
}
