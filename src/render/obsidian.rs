//! Obsidian Markdown that readers of an Obsidian vault paste into articles: callouts
//! (`> [!note] Title`), links to a heading or through a folder (`[[Note#Heading]]`,
//! `[[entities/Note]]`), and embeds (`![[file]]`). The renderer asks here what they mean.

/// A callout's marker, read from the source of a block quote's first paragraph.
#[derive(Debug, PartialEq, Eq)]
pub struct Callout {
    /// Its type, lower case, letters, digits and `-` only: a CSS class.
    pub kind: String,
    /// The title: the rest of the marker's line, else the type capitalised.
    pub title: String,
    /// Bytes of the marker's line, without its line break: the text the title replaces.
    pub line_len: usize,
}

/// The callout marker at the start of `paragraph` (`[!note]`, `[!warning]- Title`), if any.
pub fn callout(paragraph: &str) -> Option<Callout> {
    let rest = paragraph.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind: String = rest[..close].trim().to_lowercase();
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let line_len = paragraph.find(['\n', '\r']).unwrap_or(paragraph.len());
    let after = &paragraph[2 + close + 1..line_len];
    // `+` or `-` after the marker folds the callout in Obsidian: shown open here.
    let title = after.strip_prefix(['+', '-']).unwrap_or(after).trim();
    let title = if title.is_empty() {
        let mut chars = kind.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    } else {
        title.to_string()
    };
    Some(Callout { kind, title, line_len })
}

/// The text Obsidian shows for `[[target]]` written without `|text`, when it is not the
/// target itself: the note's name without its folder, and a heading after ` › `
/// (`[[Lina Brook#Early life]]` → "Lina Brook › Early life"; a `#^block` part is not shown).
pub fn link_display(target: &str) -> Option<String> {
    let (path, place) = match target.split_once('#') {
        Some((path, place)) => (path, Some(place)),
        None => (target, None),
    };
    let name = path.rsplit('/').next().unwrap_or(path).trim();
    let place = place.map(str::trim).filter(|p| !p.is_empty() && !p.starts_with('^'));
    let shown = match (name.is_empty(), place) {
        (true, Some(place)) => place.to_string(),
        (false, Some(place)) => format!("{name} › {place}"),
        (_, None) => name.to_string(),
    };
    (shown != target && !shown.is_empty()).then_some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_callout_markers_with_and_without_a_title() {
        assert_eq!(
            callout("[!note] Read first\nBody"),
            Some(Callout { kind: "note".into(), title: "Read first".into(), line_len: 18 })
        );
        assert_eq!(
            callout("[!WARNING]-\nBody"),
            Some(Callout { kind: "warning".into(), title: "Warning".into(), line_len: 11 })
        );
        assert_eq!(callout("[!not a kind] x"), None);
        assert_eq!(callout("A plain quote [!note]"), None);
    }

    #[test]
    fn shows_the_note_name_and_heading_as_obsidian_does() {
        assert_eq!(
            link_display("Lina Brook#Early life").as_deref(),
            Some("Lina Brook › Early life")
        );
        assert_eq!(link_display("entities/Kabul").as_deref(), Some("Kabul"));
        assert_eq!(link_display("Kabul#^b12").as_deref(), Some("Kabul"));
        assert_eq!(link_display("#Sources").as_deref(), Some("Sources"));
        assert_eq!(link_display("Kabul"), None);
    }
}
