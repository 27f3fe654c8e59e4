//! The two small charts of an entity page, drawn at build time as inline SVG (readable without
//! JavaScript, each with a text equivalent): its mentions over time, and the entities
//! mentioned alongside it.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use chrono::Datelike;
use serde::Serialize;

use super::RenderInput;
use super::translations::Translations;

/// Entities drawn around the one a co-mention graph is about.
const GRAPH_NODES: usize = 10;
/// A timeline of more months than this counts by year.
const MONTHS_SHOWN: i32 = 24;

/// One bar of a timeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Period {
    /// "2024" or "2024-03".
    pub key: String,
    /// "2024" or "March 2024".
    pub label: String,
    pub mentions: usize,
    pub articles: usize,
}

/// An entity's mentions over time: its dated articles counted by month (a span of two years
/// or less) or by year, every period between the first and the last shown, empty or not.
#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub by: &'static str,
    pub periods: Vec<Period>,
    /// Mentions in articles without a date.
    pub undated_mentions: usize,
    pub undated_articles: usize,
    pub svg: String,
}

/// `(year, month, mentions)` of each article → the periods of a timeline.
pub fn periods(dated: &[(i32, u32, usize)], t: &Translations) -> (&'static str, Vec<Period>) {
    let (Some(first), Some(last)) = (dated.iter().min(), dated.iter().max()) else {
        return ("year", Vec::new());
    };
    let month_index = |(year, month): (i32, u32)| year * 12 + month as i32 - 1;
    let span = month_index((last.0, last.1)) - month_index((first.0, first.1));
    let by_month = span < MONTHS_SHOWN;
    let mut counts: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
    for &(year, month, mentions) in dated {
        let key = if by_month { month_index((year, month)) } else { year };
        let entry = counts.entry(key).or_default();
        entry.0 += mentions;
        entry.1 += 1;
    }
    let (start, end) = if by_month {
        (month_index((first.0, first.1)), month_index((last.0, last.1)))
    } else {
        (first.0, last.0)
    };
    let periods = (start..=end)
        .map(|key| {
            let (mentions, articles) = counts.get(&key).copied().unwrap_or_default();
            let (key, label) = if by_month {
                let (year, month) = (key.div_euclid(12), key.rem_euclid(12) as u32 + 1);
                (format!("{year:04}-{month:02}"), format!("{} {year}", t.month(month)))
            } else {
                (format!("{key:04}"), format!("{key}"))
            };
            Period { key, label, mentions, articles }
        })
        .collect();
    (if by_month { "month" } else { "year" }, periods)
}

/// A bar chart of `periods`, its text in each bar's `<title>` and in the chart's label.
pub fn timeline_svg(periods: &[Period], by: &str, t: &Translations) -> String {
    let max = periods.iter().map(|p| p.mentions).max().unwrap_or(0).max(1);
    let (height, bar_gap) = (80.0, 2.0);
    let width = 640.0_f64;
    let bar = ((width / periods.len().max(1) as f64) - bar_gap).clamp(2.0, 40.0);
    let chart_width = periods.len() as f64 * (bar + bar_gap);
    let summary: Vec<String> = periods
        .iter()
        .filter(|p| p.mentions > 0)
        .map(|p| format!("{}: {}", p.label, p.mentions))
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline-chart\" viewBox=\"0 0 {chart_width:.0} {}\" width=\"{chart_width:.0}\" \
         height=\"{}\" role=\"img\" aria-label=\"{}: {}\">",
        height + 18.0,
        height + 18.0,
        escape(t.get(&format!("mentions_by_{by}"))),
        escape(&summary.join(", "))
    );
    for (i, period) in periods.iter().enumerate() {
        let x = i as f64 * (bar + bar_gap);
        let h = if period.mentions == 0 {
            0.0
        } else {
            (period.mentions as f64 / max as f64 * height).max(2.0)
        };
        let _ = write!(
            svg,
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{h:.1}\"><title>{}: {} {}</title></rect>",
            height - h,
            escape(&period.label),
            escape(&t.count("n_mentions", period.mentions)),
            escape(&t.count("in_n_articles", period.articles)),
        );
    }
    // The first and the last period under the bars.
    if let (Some(first), Some(last)) = (periods.first(), periods.last()) {
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.0}\" aria-hidden=\"true\">{}</text>",
            height + 14.0,
            escape(&first.label)
        );
        if periods.len() > 1 {
            let _ = write!(
                svg,
                "<text x=\"{chart_width:.0}\" y=\"{:.0}\" text-anchor=\"end\" aria-hidden=\"true\">{}</text>",
                height + 14.0,
                escape(&last.label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

impl RenderInput<'_> {
    /// The timeline of entity `e`; `None` when fewer than two of its articles have a date.
    pub fn timeline(&self, e: usize) -> Option<Timeline> {
        let mut dated = Vec::new();
        let (mut undated_mentions, mut undated_articles) = (0, 0);
        for found in &self.index.entity_articles[e] {
            match self.site.articles[found.article()].meta.date {
                Some(date) => dated.push((date.day.year(), date.day.month(), found.count())),
                None => {
                    undated_mentions += found.count();
                    undated_articles += 1;
                }
            }
        }
        if dated.len() < 2 {
            return None;
        }
        let (by, periods) = periods(&dated, &self.globals.t);
        let svg = timeline_svg(&periods, by, &self.globals.t);
        Some(Timeline { by, periods, undated_mentions, undated_articles, svg })
    }

    /// The entities mentioned alongside entity `e` (`related`: index and articles shared,
    /// most first) drawn around it: each a link, its circle and line as heavy as the articles
    /// it shares; lines between two of them when they too share articles with `e`.
    pub fn co_mention_svg(&self, e: usize, related: &[(usize, usize)]) -> Option<String> {
        let nodes: Vec<(usize, usize)> = related.iter().copied().take(GRAPH_NODES).collect();
        if nodes.len() < 2 {
            return None;
        }
        let place: HashMap<usize, usize> =
            nodes.iter().enumerate().map(|(i, &(n, _))| (n, i)).collect();
        // Pairs of drawn entities, counted over the articles that mention `e`.
        let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for found in &self.index.entity_articles[e] {
            let here: Vec<usize> = self.index.article_entities[found.article()]
                .iter()
                .filter_map(|other| place.get(other).copied())
                .collect();
            for (i, &a) in here.iter().enumerate() {
                for &b in &here[i + 1..] {
                    *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
                }
            }
        }
        // Room beside the circle for the labels, which go outward.
        let (width, height, radius) = (600.0_f64, 380.0_f64, 140.0_f64);
        let (centre, middle) = (width / 2.0, height / 2.0);
        let most = nodes[0].1.max(1) as f64;
        let point = |i: usize| {
            let angle = -std::f64::consts::FRAC_PI_2
                + i as f64 * std::f64::consts::TAU / nodes.len() as f64;
            (centre + radius * angle.cos(), middle + radius * angle.sin())
        };
        let entity = &self.site.entities[e];
        let mut svg = String::new();
        let _ = write!(
            svg,
            "<svg class=\"co-mention-graph\" viewBox=\"0 0 {width:.0} {height:.0}\" width=\"{width:.0}\" height=\"{height:.0}\" \
             role=\"group\" aria-label=\"{}\">",
            escape(&self.globals.t.fill("co_mention_label", &[("name", &entity.meta.name)]))
        );
        let most_pair = pairs.values().copied().max().unwrap_or(1).max(1) as f64;
        // Only pairs that share more than one article: one article mentions them all.
        for (&(a, b), &count) in pairs.iter().filter(|&(_, &count)| count > 1) {
            let ((x1, y1), (x2, y2)) = (point(a), point(b));
            let _ = write!(
                svg,
                "<line class=\"pair\" x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke-width=\"{:.1}\" aria-hidden=\"true\"/>",
                0.5 + 2.0 * count as f64 / most_pair
            );
        }
        for (i, &(_, shared)) in nodes.iter().enumerate() {
            let (x, y) = point(i);
            let _ = write!(
                svg,
                "<line class=\"spoke\" x1=\"{centre:.1}\" y1=\"{middle:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{:.1}\" aria-hidden=\"true\"/>",
                1.0 + 5.0 * shared as f64 / most
            );
        }
        let _ = write!(
            svg,
            "<g class=\"node node-self kind-{}\"><circle cx=\"{centre:.1}\" cy=\"{middle:.1}\" r=\"14\"/>\
             <text x=\"{centre:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            entity.meta.kind.as_str(),
            middle + 30.0,
            escape(&short(&entity.meta.name))
        );
        for (i, &(other, shared)) in nodes.iter().enumerate() {
            let (x, y) = point(i);
            let other_entity = &self.site.entities[other];
            let r = 5.0 + 9.0 * (shared as f64 / most).sqrt();
            // Labels go outward: left of the centre they end at the node.
            let (anchor, dx) = if x < centre - 1.0 {
                ("end", -(r + 4.0))
            } else if x > centre + 1.0 {
                ("start", r + 4.0)
            } else {
                ("middle", 0.0)
            };
            let dy = if anchor == "middle" {
                if y < middle { -(r + 6.0) } else { r + 14.0 }
            } else {
                4.0
            };
            let _ = write!(
                svg,
                "<a class=\"node kind-{}\" href=\"{}\"><title>{}: {}</title>\
                 <circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text></a>",
                other_entity.meta.kind.as_str(),
                escape(&self.entity_url(&other_entity.id)),
                escape(&other_entity.meta.name),
                escape(&self.globals.t.count("in_n_shared_articles", shared)),
                x + dx,
                y + dy,
                escape(&short(&other_entity.meta.name)),
            );
        }
        svg.push_str("</svg>");
        Some(svg)
    }
}

/// A name cut to fit a label.
fn short(name: &str) -> String {
    const LABEL_CHARS: usize = 22;
    if name.chars().count() <= LABEL_CHARS {
        return name.to_string();
    }
    let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Translations {
        super::super::translations::interface_strings("en", &BTreeMap::new())
    }

    #[test]
    fn counts_by_month_over_short_spans_and_by_year_over_long_ones() {
        let (by, months) = periods(&[(2024, 1, 3), (2024, 3, 1), (2024, 3, 2)], &english());
        assert_eq!(by, "month");
        let shown: Vec<(&str, usize, usize)> =
            months.iter().map(|p| (p.key.as_str(), p.mentions, p.articles)).collect();
        assert_eq!(shown, [("2024-01", 3, 1), ("2024-02", 0, 0), ("2024-03", 3, 2)]);
        assert_eq!(months[0].label, "January 2024");

        let (by, years) = periods(&[(2019, 5, 1), (2022, 1, 4)], &english());
        assert_eq!(by, "year");
        let keys: Vec<&str> = years.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["2019", "2020", "2021", "2022"]);
    }

    #[test]
    fn a_timeline_says_in_words_what_it_draws() {
        let (by, months) = periods(&[(2024, 1, 3), (2024, 2, 1)], &english());
        let svg = timeline_svg(&months, by, &english());
        assert!(
            svg.contains("aria-label=\"Mentions by month: January 2024: 3, February 2024: 1\""),
            "{svg}"
        );
        assert!(svg.contains("<title>January 2024: 3 mentions in 1 article</title>"), "{svg}");
    }
}
