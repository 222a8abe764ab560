//! Salaries are shown in each city's own currency (`£77,000`, `₹2,580,000`, formatted by
//! `i18n::Formats`) but ranked and charted in one comparison currency, using the exchange
//! rates of site.toml's `[currencies]`.
//!
//! Uses `diagnostic`.

use std::collections::HashMap;

use iso_currency::{Currency, IntoEnumIterator};

use crate::diagnostic::did_you_mean;

/// Names and symbols people write for a currency instead of its code, with the codes they
/// may mean (a symbol shared by several currencies lists them). Suggested for them rather
/// than the code nearest in spelling (`YEN` is nearer to the Yemeni rial's `YER`). Looked up
/// in capitals, with runs of spaces as one.
const COMMON_NAMES: &[(&str, &[&str])] = &[
    ("YEN", &["JPY"]),
    ("¥", &["JPY", "CNY"]),
    ("EURO", &["EUR"]),
    ("EUROS", &["EUR"]),
    ("€", &["EUR"]),
    ("RMB", &["CNY"]),
    ("YUAN", &["CNY"]),
    ("NIS", &["ILS"]),
    ("SHEKEL", &["ILS"]),
    ("SHEKELS", &["ILS"]),
    ("₪", &["ILS"]),
    ("RUPEE", &["INR"]),
    ("RUPEES", &["INR"]),
    ("₹", &["INR"]),
    ("POUND", &["GBP"]),
    ("POUNDS", &["GBP"]),
    ("STERLING", &["GBP"]),
    ("POUND STERLING", &["GBP"]),
    ("POUNDS STERLING", &["GBP"]),
    ("£", &["GBP"]),
    ("DOLLAR", &["USD"]),
    ("DOLLARS", &["USD"]),
    ("US$", &["USD"]),
    ("US DOLLAR", &["USD"]),
    ("US DOLLARS", &["USD"]),
    ("A$", &["AUD"]),
    ("AU$", &["AUD"]),
    ("C$", &["CAD"]),
    ("CA$", &["CAD"]),
    ("NZ$", &["NZD"]),
    ("S$", &["SGD"]),
    ("HK$", &["HKD"]),
    ("$", &["USD", "CAD", "AUD", "NZD", "SGD", "HKD"]),
];

/// Reads an ISO 4217 code, case-insensitively, with a suggestion when it is not one.
pub(crate) fn parse_currency(code: &str) -> Result<Currency, String> {
    let upper = code.trim().to_ascii_uppercase();
    Currency::from_code(&upper).ok_or_else(|| {
        let spoken = code
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
        let hint = match COMMON_NAMES.iter().find(|(name, _)| *name == spoken) {
            Some((_, codes)) => format!(", did you mean {}?", alternatives(codes)),
            None => {
                let codes: Vec<&'static str> = Currency::iter().map(|c| c.code()).collect();
                did_you_mean(&upper, codes.iter().copied())
            }
        };
        format!("unknown currency `{code}`: use an ISO 4217 code such as USD, EUR or INR{hint}")
    })
}

/// `` `JPY` ``, `` `JPY` or `CNY` ``, `` `USD`, `CAD` or `AUD` ``.
fn alternatives(codes: &[&str]) -> String {
    let quoted: Vec<String> = codes.iter().map(|c| format!("`{c}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// Exchange rates to one comparison currency: `rate[c]` units of `c` buy one unit of `base`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rates {
    base: Option<Currency>,
    per_base: HashMap<Currency, f64>,
}

impl Rates {
    pub(crate) fn new(base: Currency, per_base: HashMap<Currency, f64>) -> Self {
        Rates {
            base: Some(base),
            per_base,
        }
    }

    pub(crate) fn base(&self) -> Option<Currency> {
        self.base
    }

    /// `amount` of `currency` in the comparison currency, if a rate is known.
    pub(crate) fn to_base(&self, amount: u64, currency: Currency) -> Option<f64> {
        let base = self.base?;
        if currency == base {
            return Some(amount as f64);
        }
        self.per_base
            .get(&currency)
            .map(|rate| amount as f64 / rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_codes_get_a_suggestion() {
        assert_eq!(parse_currency("eur").unwrap().code(), "EUR");
        // Names people use get their code, not the nearest spelling (YER for YEN).
        for (name, code) in [
            ("yen", "JPY"),
            ("EURO", "EUR"),
            ("RMB", "CNY"),
            ("NIS", "ILS"),
        ] {
            assert_eq!(
                parse_currency(name).unwrap_err(),
                format!(
                    "unknown currency `{name}`: use an ISO 4217 code such as USD, EUR or INR, did you mean `{code}`?"
                )
            );
        }
        // Symbols and names of pounds, euros, yen, rupees and dollars.
        for (written, meant) in [
            ("£", "`GBP`"),
            ("pounds", "`GBP`"),
            ("Pound  Sterling", "`GBP`"),
            ("sterling", "`GBP`"),
            ("€", "`EUR`"),
            ("euros", "`EUR`"),
            ("₹", "`INR`"),
            ("¥", "`JPY` or `CNY`"),
            ("$", "`USD`, `CAD`, `AUD`, `NZD`, `SGD` or `HKD`"),
            ("us$", "`USD`"),
        ] {
            assert_eq!(
                parse_currency(written).unwrap_err(),
                format!(
                    "unknown currency `{written}`: use an ISO 4217 code such as USD, EUR or INR, did you mean {meant}?"
                )
            );
        }
        let err = parse_currency("USDD").unwrap_err();
        assert!(err.contains("unknown currency `USDD`"), "{err}");
        assert!(err.contains("did you mean `USD`?"), "{err}");
    }

    #[test]
    fn converts_to_the_base_currency() {
        let c = |code| Currency::from_code(code).unwrap();
        let rates = Rates::new(c("USD"), HashMap::from([(c("INR"), 80.0)]));
        assert_eq!(rates.to_base(160, c("INR")), Some(2.0));
        assert_eq!(rates.to_base(5, c("USD")), Some(5.0));
        assert_eq!(rates.to_base(5, c("GBP")), None);
        assert_eq!(Rates::default().to_base(5, c("USD")), None);
    }
}
