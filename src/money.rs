//! Salaries are shown in each city's own currency (`£77,000`, `₹2,580,000`, formatted by
//! `i18n::Formats`) but ranked and charted in one comparison currency, using the exchange
//! rates of site.toml's `[currencies]`.
//!
//! Uses `diagnostic`.

use std::collections::HashMap;

use iso_currency::{Currency, IntoEnumIterator};

use crate::diagnostic::did_you_mean;

/// Names people write for a currency instead of its code. Suggested for them rather than
/// the code nearest in spelling (`YEN` is nearer to the Yemeni rial's `YER`).
const COMMON_NAMES: [(&str, &str); 12] = [
    ("YEN", "JPY"),
    ("EURO", "EUR"),
    ("EUROS", "EUR"),
    ("RMB", "CNY"),
    ("YUAN", "CNY"),
    ("NIS", "ILS"),
    ("SHEKEL", "ILS"),
    ("RUPEE", "INR"),
    ("RUPEES", "INR"),
    ("POUND", "GBP"),
    ("DOLLAR", "USD"),
    ("DOLLARS", "USD"),
];

/// Reads an ISO 4217 code, case-insensitively, with a suggestion when it is not one.
pub(crate) fn parse_currency(code: &str) -> Result<Currency, String> {
    let upper = code.trim().to_ascii_uppercase();
    Currency::from_code(&upper).ok_or_else(|| {
        let hint = match COMMON_NAMES.iter().find(|(name, _)| *name == upper) {
            Some((_, code)) => format!(", did you mean `{code}`?"),
            None => {
                let codes: Vec<&'static str> = Currency::iter().map(|c| c.code()).collect();
                did_you_mean(&upper, codes.iter().copied())
            }
        };
        format!("unknown currency `{code}`: use an ISO 4217 code such as USD, EUR or INR{hint}")
    })
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
