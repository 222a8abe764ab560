//! The geometry of the salary bar charts. Bars are ranked and sized in the comparison
//! currency, and labelled in each city's own currency; amounts with no exchange rate are
//! charted in groups of their own currency, so no bar is ever compared on a made-up rate.
//! The theme draws the SVG from these numbers.
//!
//! The SVG has no `viewBox`: its units are CSS pixels, so its text keeps its size on a
//! 360 px phone as on a desktop. Each row is a line of text (the label on the left, the
//! amount on the right) over a bar whose length is a percentage of the chart's width, with
//! the middle half of the salaries (25th to 75th percentile) drawn across it where the data
//! gives them. A label too long to sit beside its amount on a 360 px phone
//! ("Nashville-Davidson--Murfreesboro--Franklin, TN") is shortened with "…", and the whole
//! of it kept for a tooltip; the table beside the chart holds every name in full.

use iso_currency::Currency;
use serde::Serialize;
use std::borrow::Cow;

/// The height of a row: a line of text and a bar below it.
const ROW: u32 = 42;
/// The baseline of a row's text, from the row's top.
const TEXT: u32 = 16;
/// The top of a row's bar, from the row's top.
const BAR_TOP: u32 = 23;
const BAR: u32 = 12;
/// A group caption's line, when a chart has several groups.
const HEADING: u32 = 30;

/// The narrowest a chart is drawn: on a 360 px phone, less the page's margins (CSS px).
const NARROWEST: f64 = 320.0;
/// The widest a character of a label (14 px system-ui, `style.css`) and of an amount (with
/// tabular digits) is taken to be, and the least gap between them, in CSS px: generous,
/// so that wide letters and wide fonts fit too (in DejaVu Sans, Chromium's on Debian, a
/// title-case label such as "Architecture User Engineer" is 9.2 px a character).
const LABEL_CHAR: f64 = 9.5;
const AMOUNT_CHAR: f64 = 9.0;
const GAP: f64 = 12.0;

/// One amount to chart.
pub(super) struct Entry<'a> {
    pub label: &'a str,
    pub value_text: &'a str,
    pub currency: Currency,
    pub median: u64,
    pub p25: Option<u64>,
    pub p75: Option<u64>,
    /// The median in the comparison currency, if there is a rate.
    pub compare: Option<f64>,
    /// The page is about this entry: its row is marked.
    pub current: bool,
}

/// A chart of rows of type `R`: `Row` as laid out; a salary page's chart of its role's cities
/// holds them converted (`Shared<Row>`), kept for the role's next page
/// (`Builder::cities_chart`).
#[derive(Debug, Serialize, PartialEq)]
pub(super) struct ChartView<R> {
    /// In CSS pixels; the width is the column's.
    pub height: u32,
    /// The top of each row's bar below the baseline of its text (`Row::y`), and the bar's
    /// height: the same in every row, so that a theme can draw a row in a group moved to
    /// `y`, and every row's markup but its figures is alike.
    pub bar_y: u32,
    pub bar_height: u32,
    pub rows: Vec<R>,
    /// Group captions, present only when the chart has more than one group.
    pub headings: Vec<Heading>,
    /// Whether any row has a range (25th to 75th percentile).
    pub ranges: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub(super) struct Row<'a> {
    /// The label as drawn: shortened with "…" when too long to sit beside `value`.
    pub label: Cow<'a, str>,
    /// The whole label, when `label` is shortened.
    pub full: Option<&'a str>,
    pub value: &'a str,
    /// The baseline of the row's label and value; its bar is `ChartView::bar_y` below.
    pub y: u32,
    /// The bar's length, in percent of the chart's width.
    pub width: f64,
    /// The 25th and 75th percentiles, in percent of the chart's width, and the distance
    /// between them (rounded as they are: a theme need not subtract).
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub span: Option<f64>,
    pub current: bool,
    /// The entry the row draws, by its place in the entries given to `layout` (rows are
    /// in the order of their groups). Not for templates.
    #[serde(skip)]
    pub entry: usize,
}

impl<R> ChartView<R> {
    /// The same chart with each row made by `f`.
    pub(super) fn map_rows<S>(self, f: impl FnMut(R) -> S) -> ChartView<S> {
        ChartView {
            height: self.height,
            bar_y: self.bar_y,
            bar_height: self.bar_height,
            rows: self.rows.into_iter().map(f).collect(),
            headings: self.headings,
            ranges: self.ranges,
        }
    }
}

#[derive(Debug, Serialize, PartialEq, Clone)]
pub(super) struct Heading {
    pub text: String,
    pub y: u32,
}

/// An entry in a group of bars: its place among the entries, and the factor that brings its
/// currency to the group's scale.
type Member<'e, 'a> = (usize, &'e Entry<'a>, f64);

/// Lays out `entries` (already ranked) as bars; `None` for nothing to chart. `caption`
/// names a group of bars from whether they are compared at exchange rates and the code of
/// their currency (the comparison currency, or the one they share).
pub(super) fn layout<'a>(
    entries: &[Entry<'a>],
    base: Option<Currency>,
    caption: &dyn Fn(bool, &str) -> String,
) -> Option<ChartView<Row<'a>>> {
    if entries.is_empty() {
        return None;
    }
    // Groups: everything with a rate, then one group per currency without. Each member
    // with the factor that brings its currency to the group's scale.
    let mut groups: Vec<(String, Vec<Member<'_, '_>>)> = Vec::new();
    let rated: Vec<Member<'_, '_>> = entries
        .iter()
        .enumerate()
        .filter_map(|(n, e)| {
            let c = e.compare?;
            Some((
                n,
                e,
                if e.median > 0 {
                    c / e.median as f64
                } else {
                    0.0
                },
            ))
        })
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
            .enumerate()
            .filter(|(_, e)| e.compare.is_none() && e.currency == currency)
            .map(|(n, e)| (n, e, 1.0))
            .collect();
        groups.push((caption(false, currency.code()), members));
    }

    let titled = groups.len() > 1;
    let mut y = 0;
    let mut rows = Vec::new();
    let mut headings = Vec::new();
    for (caption, members) in groups {
        if titled {
            headings.push(Heading {
                text: caption,
                y: y + HEADING - 10,
            });
            y += HEADING;
        }
        // The scale reaches the largest median or 75th percentile of the group.
        let max = members
            .iter()
            .map(|(_, e, f)| e.median.max(e.p75.unwrap_or(0)) as f64 * f)
            .fold(0.0_f64, f64::max);
        let percent = |amount: u64, factor: f64| {
            if max > 0.0 {
                (amount as f64 * factor / max * 1000.0).round() / 10.0
            } else {
                0.0
            }
        };
        for (n, entry, factor) in members {
            let (low, high) = match (entry.p25, entry.p75) {
                (Some(lo), Some(hi)) if lo <= hi => {
                    (Some(percent(lo, factor)), Some(percent(hi, factor)))
                }
                _ => (None, None),
            };
            let (label, full) = fit(entry.label, entry.value_text);
            rows.push(Row {
                label,
                full,
                value: entry.value_text,
                y: y + TEXT,
                // A bar is always seen, however small its amount.
                width: percent(entry.median, factor).max(0.5),
                low,
                high,
                span: low.zip(high).map(|(l, h)| ((h - l) * 10.0).round() / 10.0),
                current: entry.current,
                entry: n,
            });
            y += ROW;
        }
    }
    Some(ChartView {
        height: y,
        bar_y: BAR_TOP - TEXT,
        bar_height: BAR,
        ranges: rows.iter().any(|r| r.low.is_some()),
        rows,
        headings,
    })
}

/// `label` as drawn beside `value` in a chart `NARROWEST` wide: whole, or shortened with "…"
/// (and then the whole of it too).
fn fit<'a>(label: &'a str, value: &str) -> (Cow<'a, str>, Option<&'a str>) {
    let amount = value.chars().count() as f64 * AMOUNT_CHAR;
    let room = ((NARROWEST - GAP - amount) / LABEL_CHAR).floor().max(8.0) as usize;
    // The byte offset of the character after `room` (short ASCII labels need no count).
    let fits = label.len() <= room || label.char_indices().nth(room).is_none();
    if fits {
        return (Cow::Borrowed(label), None);
    }
    let end = label
        .char_indices()
        .nth(room - 1)
        .map_or(label.len(), |(i, _)| i);
    let cut = label[..end].trim_end_matches([' ', '-', ',', '.']);
    (Cow::Owned(format!("{cut}…")), Some(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_labels_are_shortened_to_fit_beside_their_amount() {
        assert_eq!(fit("London", "£77,000"), (Cow::Borrowed("London"), None));
        let name = "Nashville-Davidson--Murfreesboro--Franklin, TN";
        let (label, full) = fit(name, "$130,130");
        assert_eq!(full, Some(name));
        // (320 - 12 - 8 × 9) / 9.5 = 24 characters, the last of them the ellipsis.
        assert_eq!(label, "Nashville-Davidson--Mur…");
        // A role's title in title case, beside a long amount (it ran 4 px into "CA$267,300"
        // when a character was taken to be 8 px).
        let (title, _) = fit("Architecture User Engineer 22", "CA$267,300");
        assert_eq!(title, "Architecture User Eng…");
        // A longer amount leaves less room.
        let (shorter, _) = fit(name, "₹25,80,00,000");
        assert!(shorter.chars().count() < label.chars().count());
        // However long the amount, a label keeps a few letters.
        assert_eq!(fit(name, &"9".repeat(60)).0.chars().count(), 8);
    }

    fn entry(label: &str, code: &str, median: u64, compare: Option<f64>) -> Entry<'static> {
        Entry {
            label: Box::leak(label.to_string().into_boxed_str()),
            value_text: Box::leak(format!("{median}").into_boxed_str()),
            currency: Currency::from_code(code).unwrap(),
            median,
            p25: None,
            p75: None,
            compare,
            current: false,
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
        assert_eq!(chart.rows[0].width, 100.0);
        // 2,580,000 rupees is a short bar: it is compared in dollars, not in rupees.
        assert_eq!(chart.rows[1].width, 15.9);
        assert!(chart.headings.is_empty());
        assert_eq!(chart.height, 2 * ROW);
        assert!(!chart.ranges);
    }

    #[test]
    fn ranges_share_the_scale_and_the_current_row_is_marked() {
        let mut london = entry("London", "GBP", 77_000, Some(97_468.0));
        london.p25 = Some(60_000);
        london.p75 = Some(90_000);
        london.current = true;
        let chart = layout(
            &[entry("New York", "USD", 145_000, Some(145_000.0)), london],
            Currency::from_code("USD"),
            &caption,
        )
        .unwrap();
        let row = &chart.rows[1];
        assert!(row.current && !chart.rows[0].current);
        // 90,000 pounds at the median's rate is 113,924 dollars, of 145,000.
        assert_eq!(row.high, Some(78.6));
        assert_eq!(row.low, Some(52.4));
        assert_eq!(row.width, 67.2);
        assert!(chart.ranges);
        assert_eq!(row.span, Some(26.2));
        assert_eq!(row.y, ROW + TEXT);
        assert_eq!(chart.bar_y, BAR_TOP - TEXT);
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
        assert_eq!(chart.rows[0].width, chart.rows[1].width);
        assert!(layout(&[], None, &caption).is_none());
    }
}
