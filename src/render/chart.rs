//! The geometry of the salary bar charts. Bars are ranked and sized in the comparison
//! currency, and labelled in each city's own currency; amounts with no exchange rate are
//! charted in groups of their own currency, so no bar is ever compared on a made-up rate.
//! The theme draws the SVG from these numbers.

use iso_currency::Currency;
use serde::Serialize;

pub const WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 190;
const VALUE_WIDTH: u32 = 110;
const ROW: u32 = 28;
const BAR: u32 = 18;
const HEADING: u32 = 26;

/// One amount to chart.
pub struct Entry<'a> {
    pub label: &'a str,
    pub value_text: String,
    pub currency: Currency,
    pub median: u64,
    pub compare: Option<f64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ChartView {
    pub width: u32,
    pub height: u32,
    /// Where bars start; labels are right-aligned just before it.
    pub plot_x: u32,
    pub bar_height: u32,
    pub bars: Vec<Bar>,
    /// Group captions, present only when the chart has more than one group.
    pub headings: Vec<Heading>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: String,
    /// Top of the bar.
    pub y: u32,
    /// Baseline of the label and value text.
    pub text_y: u32,
    pub width: u32,
    /// Where the value text starts.
    pub value_x: u32,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Heading {
    pub text: String,
    pub y: u32,
}

/// Lays out `entries` (already ranked) as bars; `None` for nothing to chart. `caption`
/// names a group of bars from whether they are compared at exchange rates and the code of
/// their currency (the comparison currency, or the one they share).
pub fn layout(
    entries: &[Entry<'_>],
    base: Option<Currency>,
    caption: &dyn Fn(bool, &str) -> String,
) -> Option<ChartView> {
    if entries.is_empty() {
        return None;
    }
    // Groups: everything with a rate, then one group per currency without.
    let mut groups: Vec<(String, Vec<(&Entry<'_>, f64)>)> = Vec::new();
    let rated: Vec<(&Entry<'_>, f64)> = entries
        .iter()
        .filter_map(|e| e.compare.map(|c| (e, c)))
        .collect();
    if !rated.is_empty() {
        let caption = base.map_or(String::new(), |b| caption(true, b.code()));
        groups.push((caption, rated));
    }
    let mut unrated: Vec<Currency> = entries
        .iter()
        .filter(|e| e.compare.is_none())
        .map(|e| e.currency)
        .collect();
    unrated.sort_by_key(|c| c.code());
    unrated.dedup();
    for currency in unrated {
        let members = entries
            .iter()
            .filter(|e| e.compare.is_none() && e.currency == currency)
            .map(|e| (e, e.median as f64))
            .collect();
        groups.push((caption(false, currency.code()), members));
    }

    let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let titled = groups.len() > 1;
    let mut y = 0;
    let mut bars = Vec::new();
    let mut headings = Vec::new();
    for (caption, members) in groups {
        if titled {
            headings.push(Heading {
                text: caption,
                y: y + HEADING - 8,
            });
            y += HEADING;
        }
        let max = members.iter().map(|(_, v)| *v).fold(0.0_f64, f64::max);
        for (entry, value) in members {
            let width = if max > 0.0 {
                ((value / max) * f64::from(plot)).round().max(2.0) as u32
            } else {
                2
            };
            bars.push(Bar {
                label: entry.label.to_string(),
                value: entry.value_text.clone(),
                y: y + (ROW - BAR) / 2,
                text_y: y + ROW / 2 + 5,
                width,
                value_x: LABEL_WIDTH + width + 6,
            });
            y += ROW;
        }
    }
    Some(ChartView {
        width: WIDTH,
        height: y,
        plot_x: LABEL_WIDTH,
        bar_height: BAR,
        bars,
        headings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(label: &str, code: &str, median: u64, compare: Option<f64>) -> Entry<'static> {
        Entry {
            label: Box::leak(label.to_string().into_boxed_str()),
            value_text: format!("{median}"),
            currency: Currency::from_code(code).unwrap(),
            median,
            compare,
        }
    }

    fn caption(rated: bool, code: &str) -> String {
        if rated {
            format!("compared {code}")
        } else {
            format!("alone {code}")
        }
    }

    #[test]
    fn bars_are_sized_in_the_comparison_currency() {
        let usd = Currency::from_code("USD");
        let chart = layout(
            &[
                entry("San Francisco", "USD", 195_000, Some(195_000.0)),
                entry("Bengaluru", "INR", 2_580_000, Some(31_084.0)),
            ],
            usd,
            &caption,
        )
        .unwrap();
        let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
        assert_eq!(chart.bars[0].width, plot);
        // 2,580,000 rupees is a short bar: it is compared in dollars, not in rupees.
        assert_eq!(
            chart.bars[1].width,
            (31_084.0 / 195_000.0 * f64::from(plot)).round() as u32
        );
        assert!(chart.headings.is_empty());
        assert_eq!(chart.height, 2 * ROW);
    }

    #[test]
    fn amounts_without_a_rate_get_a_group_of_their_own() {
        let chart = layout(
            &[
                entry("New York", "USD", 145_000, Some(145_000.0)),
                entry("Delhi", "INR", 1_250_000, None),
            ],
            Currency::from_code("USD"),
            &caption,
        )
        .unwrap();
        let captions: Vec<&str> = chart.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(captions, ["compared USD", "alone INR"]);
        // Each group is scaled on its own largest amount.
        assert_eq!(chart.bars[0].width, chart.bars[1].width);
        assert!(layout(&[], None, &caption).is_none());
    }
}
