//! Spelling-insensitive forms of names: [`fold`] for exact comparison (case, accents,
//! apostrophes, dots and hyphens ignored) and [`same_token`] for transliteration variants
//! (Taleban/Taliban, Mujahid/Mujahed, Muttaqi/Mutaqqi) by consonant skeleton.

/// Lower-case ASCII with dots and apostrophes removed and other punctuation turned into single
/// spaces: "U.S." → "us", "al-Mu’minin" → "al muminin", "Sinirlioğlu" → "sinirlioglu".
pub fn fold(text: &str) -> String {
    let ascii = if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        deunicode::deunicode(text).into()
    };
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else if !matches!(c, '.' | '\'' | '`') {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] without allocating when `text` is folded already (lower-case ASCII letters and
/// digits), as most words of prose are.
pub fn fold_cow(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(fold(text))
    }
}

/// The key two spellings of one name share: folded, without a leading "the", without lone
/// initials ("Donald J. Trump" → "donald trump"), and without a trailing place word
/// ("Kunduz Province" → "kunduz").
pub fn name_key(name: &str) -> String {
    let folded = fold(name);
    let mut tokens: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.len() > 1 && tokens[0] == "the" {
        tokens.remove(0);
    }
    if tokens.len() > 2 {
        let kept: Vec<&str> = tokens.iter().copied().filter(|t| t.len() > 1).collect();
        if kept.len() >= 2 {
            tokens = kept;
        }
    }
    if tokens.len() > 1
        && matches!(tokens.last(), Some(&("province" | "city" | "district" | "strip")))
    {
        tokens.pop();
    }
    tokens.join(" ")
}

/// Consonant skeleton of a folded token: vowels dropped (a leading vowel kept as `a`), `q` read
/// as `k`, doubled letters collapsed. "taleban" and "taliban" → "tlbn".
pub fn skeleton(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for (index, c) in token.chars().enumerate() {
        let c = match c {
            'q' => 'k',
            'a' | 'e' | 'i' | 'o' | 'u' if index == 0 => 'a',
            'a' | 'e' | 'i' | 'o' | 'u' => continue,
            other => other,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether two folded tokens are one word, allowing transliteration variants: same first
/// letter, same skeleton and close spelling. Short tokens (three letters or fewer) must match
/// exactly.
pub fn same_token(a: &str, b: &str) -> bool {
    // The Persian ezafe, written -e-, -i- or -ye- ("Tehreek-e-Taliban", "Tehrik-i-Taliban").
    const EZAFE: &[&str] = &["e", "i", "ye", "yi"];
    if a == b || (EZAFE.contains(&a) && EZAFE.contains(&b)) {
        return true;
    }
    // Words of four letters differ by one vowel too often to be variants ("gulf", "golf").
    if a.len() < 5 || b.len() < 5 || a.as_bytes()[0] != b.as_bytes()[0] {
        return false;
    }
    skeleton(a) == skeleton(b) && strsim::normalized_levenshtein(a, b) >= 0.7
}

/// Whether two name keys are one name: the same number of words, each the same word.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| same_token(x, y))
}

/// Whether a name written as one word and one written as two or more are one name: the words
/// run together are a spelling of each other ("tirin kot" / "tarinkot", "abdul rahman" /
/// "abdulrahman").
pub fn same_name_joined(a: &str, b: &str) -> bool {
    let (joined_a, joined_b) = (a.replace(' ', ""), b.replace(' ', ""));
    a.contains(' ') != b.contains(' ') && joined_a.len() >= 6 && same_token(&joined_a, &joined_b)
}

/// Skeleton of a whole name key, for grouping candidates before [`same_name`] checks them.
pub fn name_skeleton(key: &str) -> String {
    key.split(' ').map(skeleton).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("al-Mu’minin"), "al muminin");
        assert_eq!(fold("Sinirlioğlu"), "sinirlioglu");
        assert_eq!(fold("  Kabul,  Dec "), "kabul dec");
    }

    #[test]
    fn name_key_drops_initials_articles_and_place_words() {
        assert_eq!(name_key("Donald J. Trump"), "donald trump");
        assert_eq!(name_key("The Kabul Times"), "kabul times");
        assert_eq!(name_key("Herat Province"), "herat");
        assert_eq!(name_key("X"), "x");
    }

    #[test]
    fn merges_transliteration_variants() {
        for (a, b) in [
            ("taleban", "taliban"),
            ("mujahid", "mujahed"),
            ("sirajuddin", "serajuddin"),
            ("haniyeh", "haniyah"),
            ("muttaqi", "mutaqqi"),
            ("mohammed", "muhammad"),
            ("qahar", "qahhar"),
        ] {
            assert!(same_token(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn keeps_different_words_apart() {
        for (a, b) in [
            ("hamas", "homs"),
            ("iran", "iraq"),
            ("omar", "amar"),
            ("ali", "ala"),
            ("gulf", "golf"),
            ("karim", "kareem k"),
        ] {
            assert!(!same_token(a, b), "{a} / {b}");
        }
        assert!(same_name("zabihullah mujahid", "zabihullah mujahed"));
        assert!(same_name("jamaat e velmor", "jamaat i velmor"));
        assert!(same_name_joined("tirin kot", "tarinkot"));
        assert!(!same_name_joined("tirin kot", "tirin kotal"));
        assert!(!same_name_joined("kabul bank", "kabul"));
        assert!(!same_name_joined("abdul rahman", "abdul rahman"));
        assert!(!same_name("ismail haniyeh", "haniyeh"));
    }
}
