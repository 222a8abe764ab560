//! Numbers, amounts of money, dates and plural categories in the site's language, from the
//! CLDR data ICU4X compiles in: `81.000 €` and `1. Dezember 2026` for `de`, `€81,000` and
//! `December 1, 2026` for `en`, `₹25,80,000` for `en-IN`.

use std::collections::HashMap;

use fixed_decimal::Decimal;
use icu_calendar::Date as IsoDate;
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::YMD;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use iso_currency::{Currency, IntoEnumIterator};

use crate::content::Date;

/// The formatters of one language.
pub(crate) struct Formats {
    decimal: DecimalFormatter,
    date: DateTimeFormatter<YMD>,
    plurals: PluralRules,
    /// What goes before and after the digits of an amount in each currency.
    money: HashMap<Currency, Affixes>,
}

/// The text around an amount's digits: `("€", "")` in English, `("", "\u{a0}€")` in German.
#[derive(Debug, Clone, PartialEq)]
struct Affixes {
    before: String,
    after: String,
}

impl Formats {
    /// The formatters for `language`, a BCP 47 tag (`en`, `de`, `en-IN`); CLDR's fallback
    /// applies (`de-LU` is German as Luxembourg writes it, an unknown region its language's).
    pub(crate) fn new(language: &str) -> Result<Formats, String> {
        let locale = Locale::try_from_str(language).map_err(|_| {
            format!("`{language}` is not a language tag: write one like `en` or `en-GB`")
        })?;
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            format!("no CLDR {what} for the language `{language}`: {e}")
        };
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .map_err(|e| fail("number formats", &e))?;
        let date = DateTimeFormatter::try_new((&locale).into(), YMD::long())
            .map_err(|e| fail("date formats", &e))?;
        let plurals = PluralRules::try_new_cardinal((&locale).into())
            .map_err(|e| fail("plural rules", &e))?;
        let money = Currency::iter()
            .map(|c| (c, affixes(&locale, &decimal, c)))
            .collect();
        Ok(Formats {
            decimal,
            date,
            plurals,
            money,
        })
    }

    /// A whole number with the language's digits and grouping: `12,345`, `12.345`.
    pub(crate) fn number(&self, n: u64) -> String {
        self.decimal.format(&Decimal::from(n)).to_string()
    }

    /// A number that may have a fraction (a course's 1.5 hours), to at most two places.
    pub(crate) fn decimal(&self, n: f64) -> String {
        self.decimal.format(&hundredths(n)).to_string()
    }

    /// A whole amount of money in `currency`, as the language writes prices, without the
    /// minor units a yearly salary never has: `€81,000` in English, `81.000 €` in German.
    pub(crate) fn money(&self, amount: u64, currency: Currency) -> String {
        let digits = self.number(amount);
        match self.money.get(&currency) {
            Some(a) => format!("{}{digits}{}", a.before, a.after),
            None => format!("{}\u{a0}{digits}", currency.code()),
        }
    }

    /// A date in the language's long form: `December 1, 2026`, `1. Dezember 2026`.
    pub(crate) fn date(&self, d: Date) -> String {
        match IsoDate::try_new_iso(i32::from(d.year), d.month, d.day) {
            Ok(iso) => self.date.format(&iso).to_string(),
            Err(_) => d.to_string(),
        }
    }

    /// The CLDR plural category of `n`: `one`, `other`, and in some languages `zero`, `two`,
    /// `few` or `many`.
    pub(crate) fn plural(&self, n: u64) -> &'static str {
        category_name(self.plurals.category_for(n))
    }

    /// The CLDR plural category of a number that may have a fraction (`1.5` is `other` in
    /// English).
    pub(crate) fn plural_of_fraction(&self, n: f64) -> &'static str {
        category_name(self.plurals.category_for(&hundredths(n)))
    }

    /// Every category the language uses, `other` last.
    pub(crate) fn categories(&self) -> Vec<&'static str> {
        self.plurals.categories().map(category_name).collect()
    }
}

/// `n` to two places, without trailing zeros: `1.5`, `12`.
fn hundredths(n: f64) -> Decimal {
    let mut d = Decimal::from((n * 100.0).round() as i64);
    d.multiply_pow10(-2);
    d.trim_end();
    d
}

pub(crate) fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Where the language puts the symbol of `currency` (or its code, when CLDR has no symbol for
/// it) around the digits of an amount. ICU4X formats amounts only with the currency's minor
/// units (`81.000,00 €`); the text around the digits of a formatted zero is taken instead,
/// and put around the digits of the whole amount, formatted by the same language's rules.
fn affixes(locale: &Locale, decimal: &DecimalFormatter, currency: Currency) -> Affixes {
    let code = currency.code();
    let fallback = Affixes {
        before: format!("{code}\u{a0}"),
        after: String::new(),
    };
    let Ok(kind) = CurrencyType::try_from_str(code) else {
        return fallback;
    };
    let formatter = CurrencyFormatter::try_new_symbol(locale.into(), kind, Default::default())
        .or_else(|_| CurrencyFormatter::try_new_code(locale.into(), kind, Default::default()));
    let Ok(formatter) = formatter else {
        return fallback;
    };
    let zero = formatter
        .format_fixed_decimal(&Decimal::from(0))
        .to_string();
    // The zero as the number formatter writes it with 4, 3, ... 0 fraction digits; the
    // longest found is the amount's place in the pattern.
    for places in (0..=4i16).rev() {
        let mut z = Decimal::from(0);
        z.pad_end(-places);
        let digits = decimal.format(&z).to_string();
        if let Some(at) = zero.find(&digits) {
            return Affixes {
                before: zero[..at].to_string(),
                after: zero[at + digits.len()..].to_string(),
            };
        }
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn money_in_the_language_s_format_without_minor_units() {
        let en = Formats::new("en").unwrap();
        assert_eq!(en.money(145_000, c("USD")), "$145,000");
        assert_eq!(en.money(77_000, c("GBP")), "£77,000");
        assert_eq!(en.money(54_000, c("EUR")), "€54,000");
        assert_eq!(en.money(133_000, c("CAD")), "CA$133,000");
        assert_eq!(en.money(488_000, c("CNY")), "CN¥488,000");
        assert_eq!(en.money(5_000_000, c("JPY")), "¥5,000,000");
        assert_eq!(en.money(120_000, c("CHF")), "CHF\u{a0}120,000");
        let de = Formats::new("de").unwrap();
        assert_eq!(de.money(81_000, c("EUR")), "81.000\u{a0}€");
        assert_eq!(de.money(145_000, c("USD")), "145.000\u{a0}$");
        let india = Formats::new("en-IN").unwrap();
        assert_eq!(india.money(2_580_000, c("INR")), "₹25,80,000");
        let britain = Formats::new("en-GB").unwrap();
        assert_eq!(britain.money(145_000, c("USD")), "US$145,000");
        let swiss = Formats::new("de-CH").unwrap();
        assert_eq!(swiss.money(120_000, c("CHF")), "CHF\u{a0}120'000");
    }

    #[test]
    fn dates_numbers_and_plurals() {
        let d = Date {
            year: 2026,
            month: 12,
            day: 1,
        };
        let en = Formats::new("en").unwrap();
        let de = Formats::new("de").unwrap();
        assert_eq!(en.date(d), "December 1, 2026");
        assert_eq!(de.date(d), "1. Dezember 2026");
        assert_eq!(Formats::new("en-GB").unwrap().date(d), "1 December 2026");
        assert_eq!(en.number(12_345), "12,345");
        assert_eq!(de.number(12_345), "12.345");
        assert_eq!(de.decimal(1.5), "1,5");
        assert_eq!(en.decimal(12.0), "12");
        assert_eq!(en.plural(1), "one");
        assert_eq!(en.plural(2), "other");
        assert_eq!(Formats::new("pl").unwrap().plural(3), "few");
        assert!(Formats::new("no such").is_err());
    }
}
