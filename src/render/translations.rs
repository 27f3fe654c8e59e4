//! Interface strings of the theme in the site's language: the built-in table for `language`
//! (English when gloss ships none), every key missing from it taken from English, then the
//! site's own `[translations]` from gloss.toml. Templates read them as `site.t.<key>`, or
//! through `t(key=..., n=..., name=...)` for counts and strings with a name in them; the labels
//! made in Rust (dates, kinds, chart titles) come from the same table.

use std::collections::{BTreeMap, HashMap};

use serde::{Serialize, Serializer};

use crate::frontmatter::date::FrontDate;
use crate::model::EntityKind;

/// The tables shipped with gloss, by language code.
const BUILT_IN: [(&str, &str); 2] =
    [("en", include_str!("i18n/en.toml")), ("fr", include_str!("i18n/fr.toml"))];

/// The languages gloss ships a table for.
pub fn shipped_languages() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(code, _)| *code)
}

fn table(code: &str) -> Option<BTreeMap<String, String>> {
    let (_, text) = BUILT_IN.iter().find(|(shipped, _)| *shipped == code)?;
    Some(toml::from_str(text).expect("the shipped translation tables parse"))
}

/// The interface strings of one site; templates see them as a plain table.
#[derive(Clone, Debug, PartialEq)]
pub struct Translations {
    strings: BTreeMap<String, String>,
    /// French counts 0 and 1 as singular, English only 1.
    zero_is_singular: bool,
}

impl Serialize for Translations {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.strings.serialize(serializer)
    }
}

/// The strings for `language` (`fr`, `fr-CA` → `fr`), with the site's `overrides` on top.
pub fn interface_strings(language: &str, overrides: &BTreeMap<String, String>) -> Translations {
    let mut strings = table("en").expect("English is shipped");
    let primary = language.split(['-', '_']).next().unwrap_or(language).to_ascii_lowercase();
    if let Some(local) = table(&primary) {
        strings.extend(local);
    }
    strings.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    Translations { strings, zero_is_singular: primary == "fr" }
}

impl Translations {
    /// The string for `key`; the key itself when no table has it (a theme's own key).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// `key` for a count: `<key>_one` when `n` is singular in the language, `{n}` replaced.
    pub fn count(&self, key: &str, n: usize) -> String {
        let singular = n == 1 || (n == 0 && self.zero_is_singular);
        let one = format!("{key}_one");
        let text = if singular && self.strings.contains_key(&one) { &one } else { key };
        self.get(text).replace("{n}", &n.to_string())
    }

    /// `key` with each `{name}` of `values` filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(key).to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
    }

    /// The name of month `month` (1 to 12).
    pub fn month(&self, month: u32) -> &str {
        let months = self.get("months").split_whitespace();
        months.clone().nth(month as usize - 1).unwrap_or_default()
    }

    /// A day as readers of the language write it (`3 May 2024`, `3 mai 2024`).
    pub fn date(&self, date: FrontDate) -> String {
        use chrono::Datelike;
        let day = date.day;
        let (d, y) = (day.day().to_string(), day.year().to_string());
        self.fill("date_format", &[("day", &d), ("month", self.month(day.month())), ("year", &y)])
    }

    /// A kind of entity, one (`Person`) or the heading for all (`People`).
    pub fn entity_kind(&self, kind: EntityKind, plural: bool) -> &str {
        let name = kind.as_str();
        let key = if plural { format!("kinds_{name}") } else { format!("kind_{name}") };
        self.strings.get(&key).map_or(name, String::as_str)
    }

    /// `t(key=..., n=..., any=...)` for templates: a count when `n` is given, every other
    /// argument filled into its `{name}`.
    pub fn template_function(self) -> impl tera::Function {
        move |args: &HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            let key = args
                .get("key")
                .and_then(tera::Value::as_str)
                .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
            let text = match args.get("n").and_then(tera::Value::as_u64) {
                Some(n) => self.count(key, n as usize),
                None => self.get(key).to_string(),
            };
            let filled = args
                .iter()
                .filter(|(name, _)| !matches!(name.as_str(), "key" | "n"))
                .fold(text, |text, (name, value)| {
                    let value = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                    text.replace(&format!("{{{name}}}"), &value)
                });
            Ok(tera::Value::String(filled))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_language_has_every_english_key() {
        let english = table("en").unwrap();
        for code in shipped_languages() {
            let local = table(code).unwrap();
            let missing: Vec<&String> =
                english.keys().filter(|k| !local.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            assert_eq!(local["months"].split_whitespace().count(), 12, "{code}");
        }
    }

    #[test]
    fn a_regional_code_finds_its_language_and_a_site_overrides_one_string() {
        let overrides = BTreeMap::from([("home".to_string(), "Une".to_string())]);
        let strings = interface_strings("fr-CA", &overrides);
        assert_eq!(strings.get("articles"), "Articles");
        assert_eq!(strings.get("search"), "Rechercher");
        assert_eq!(strings.get("home"), "Une");
        assert_eq!(interface_strings("xx", &BTreeMap::new()).get("search"), "Search");
    }

    #[test]
    fn counts_follow_each_languages_singular() {
        let (en, fr) =
            (interface_strings("en", &BTreeMap::new()), interface_strings("fr", &BTreeMap::new()));
        assert_eq!(en.count("n_mentions", 1), "1 mention");
        assert_eq!(en.count("n_mentions", 0), "0 mentions");
        assert_eq!(en.count("n_mentions", 3), "3 mentions");
        assert_eq!(fr.count("n_mentions", 0), "0 mention");
        assert_eq!(fr.count("n_mentions", 3), "3 mentions");
    }

    #[test]
    fn dates_and_kinds_are_in_the_sites_language() {
        let day = FrontDate::from(chrono::NaiveDate::from_ymd_opt(2024, 5, 3).unwrap());
        let fr = interface_strings("fr", &BTreeMap::new());
        assert_eq!(fr.date(day), "3 mai 2024");
        assert_eq!(interface_strings("en", &BTreeMap::new()).date(day), "3 May 2024");
        assert_eq!(fr.entity_kind(EntityKind::Org, true), "Organisations");
        assert_eq!(fr.entity_kind(EntityKind::Place, false), "Lieu");
    }
}
