//! Interface strings of the theme in the site's language: the built-in table for `language`
//! (English when gloss ships none), every key missing from it taken from English, then the
//! site's own `[translations]` from gloss.toml. Templates read them as `site.t.<key>`.

use std::collections::BTreeMap;

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

/// The strings for `language` (`fr`, `fr-CA` → `fr`), with the site's `overrides` on top.
pub fn interface_strings(
    language: &str,
    overrides: &BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    let mut strings = table("en").expect("English is shipped");
    let primary = language.split(['-', '_']).next().unwrap_or(language).to_ascii_lowercase();
    if let Some(local) = table(&primary) {
        strings.extend(local);
    }
    strings.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
    strings
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
        }
    }

    #[test]
    fn a_regional_code_finds_its_language_and_a_site_overrides_one_string() {
        let overrides = BTreeMap::from([("home".to_string(), "Une".to_string())]);
        let strings = interface_strings("fr-CA", &overrides);
        assert_eq!(strings["articles"], "Articles");
        assert_eq!(strings["search"], "Rechercher");
        assert_eq!(strings["home"], "Une");
        assert_eq!(interface_strings("xx", &BTreeMap::new())["search"], "Search");
    }
}
