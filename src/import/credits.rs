//! Import, metadata: photo credits (credit lines and credits inside captions) and contact
//! handles (e-mail addresses, @handles, the site's own domain name).

use super::text::{char_len, fold_for_compare};

/// Words that introduce a photo credit; the credit is what follows.
const CREDIT_PREFIXES: &[&str] = &[
    "cover photo credit:",
    "photo credits:",
    "photo credit:",
    "photo courtesy of",
    "image courtesy of",
    "photo courtesy:",
    "pic by",
    "pic courtesy:",
    "cover art provided by",
    "cover art by",
    "photos:",
    "photo:",
    "photograph:",
    "photographs:",
    "image credit:",
    "image:",
    "images:",
    "picture:",
    "credit:",
    "credits:",
    "cover photo:",
    "header image:",
    "featured image:",
    "photo by",
    "photos by",
    "photograph by",
];

/// The credit of a line that is nothing but a photo credit ("Photo credit: A, Unsplash").
pub fn credit_line(text: &str) -> Option<&str> {
    // ASCII lower-casing keeps byte offsets, so they can index `text`.
    let lower = text.trim().to_ascii_lowercase();
    let prefix = CREDIT_PREFIXES.iter().find(|p| lower.starts_with(*p))?;
    let credit = text.trim()[prefix.len()..].trim().trim_end_matches('.').trim();
    (!credit.is_empty() && char_len(credit) <= 200).then_some(credit)
}

/// A credit inside a caption: "… funeral. Photo: Ministry of X, 23 May 2024" or
/// "… in Kabul. (Courtesy - Taliban)".
pub fn caption_credit(text: &str) -> Option<String> {
    const CUES: &[&str] = &[
        "hoto", "HOTO", "mage", "MAGE", "redit", "REDIT", "ourtesy", "OURTESY", "AP", "AFP",
        "Getty", "Reuters", "EPA", "via",
    ];
    if !CUES.iter().any(|cue| text.contains(cue)) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    for marker in
        [" photo: ", " photo credit: ", " photograph: ", " image: ", " credit: ", " photo by "]
    {
        if let Some(at) = lower.rfind(marker) {
            let credit = text[at + marker.len()..].trim().trim_end_matches('.').trim();
            if !credit.is_empty() && char_len(credit) <= 150 {
                return Some(credit.to_string());
            }
        }
    }
    let trimmed = text.trim_end().trim_end_matches('.');
    if trimmed.ends_with(')') {
        let open = trimmed.rfind('(')?;
        let inside = trimmed[open + 1..trimmed.len() - 1].trim();
        let inside_lower = inside.to_ascii_lowercase();
        for prefix in ["courtesy", "photo", "image", "credit", "file photo"] {
            if let Some(rest) = inside_lower.strip_prefix(prefix) {
                let rest = inside[inside.len() - rest.len()..]
                    .trim_start_matches([' ', ':', '-', '–', '—', '/'])
                    .trim();
                let credit = if rest.is_empty() { inside } else { rest };
                return Some(credit.to_string());
            }
        }
        if ["ap photo", "afp", "getty", "reuters", "epa", "via "]
            .iter()
            .any(|w| inside_lower.contains(w))
            && char_len(inside) <= 80
        {
            return Some(inside.to_string());
        }
    }
    None
}

/// E-mail addresses and @handles in `text`, in order of appearance.
pub fn find_contacts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '|' | '<' | '>'))
    {
        let token = token
            .trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '\'' | '“' | '”' | '[' | ']'));
        if let Some((user, domain)) = token.split_once('@') {
            let handle_ok = user.is_empty()
                && (2..=30).contains(&domain.len())
                && domain.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            let email_ok = !user.is_empty()
                && user.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
                && domain.contains('.')
                && domain.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                });
            if handle_ok || email_ok {
                out.push(token.to_string());
            }
        }
    }
    out
}

/// A line holding nothing but contacts ("Follow her on X: @name", "Email: a@b.org").
pub fn contacts_only(text: &str) -> Option<Vec<String>> {
    let contacts = find_contacts(text);
    if contacts.is_empty() || char_len(text) > 120 {
        return None;
    }
    let lower = text.to_lowercase();
    let mut rest = lower.clone();
    for contact in &contacts {
        rest = rest.replace(&contact.to_lowercase(), " ");
    }
    let filler = [
        "follow",
        "him",
        "her",
        "them",
        "on",
        "twitter",
        "x",
        "email",
        "e-mail",
        "contact",
        "mail",
        "at",
        "or",
        "and",
        "by",
        "instagram",
        "facebook",
    ];
    rest.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .all(|w| filler.contains(&w))
        .then_some(contacts)
}

/// Registrable names of the domains in the text's e-mail addresses and URLs ("wearenrf").
pub fn domain_names(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if !text.contains('@') && !text.contains("://") {
        return out;
    }
    // Cheap byte tests first: most words hold neither an '@' nor a ':'.
    let may_hold_host = |token: &&str| token.bytes().any(|b| b == b'@' || b == b':');
    for token in text.split_whitespace().filter(may_hold_host) {
        let host = if let Some((_, domain)) = token.split_once('@') {
            domain
        } else if let Some((_, rest)) = token.split_once("://") {
            rest.split('/').next().unwrap_or_default()
        } else {
            continue;
        };
        let labels: Vec<&str> =
            host.trim_end_matches(|c: char| !c.is_alphanumeric()).split('.').collect();
        if labels.len() >= 2 {
            let name = fold_for_compare(labels[labels.len() - 2]);
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_credits_in_captions() {
        assert_eq!(
            caption_credit("Two men talk. Photo: Li Wei, 3 May 2024").as_deref(),
            Some("Li Wei, 3 May 2024")
        );
        assert_eq!(
            caption_credit("Leaders meet in Kabul. (Courtesy - Ministry)").as_deref(),
            Some("Ministry")
        );
        assert_eq!(
            caption_credit("A market in Herat. (AP Photo/Jane Roe)").as_deref(),
            Some("AP Photo/Jane Roe")
        );
        assert_eq!(caption_credit("He spoke (briefly)."), None);
    }

    #[test]
    fn finds_emails_and_handles_not_prose_at_signs() {
        assert_eq!(
            find_contacts("Mail a.b@c.org or @handle_1, not me @ home"),
            ["a.b@c.org", "@handle_1"]
        );
        assert_eq!(domain_names("write to azadi@wearenrf.org"), ["wearenrf"]);
    }
}
