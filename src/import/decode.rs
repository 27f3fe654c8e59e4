//! Import, first step: raw bytes → normalised text.
//!
//! Reads UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark as they
//! are; anything else that is not valid UTF-8 is read as Windows-1252 (a superset of Latin-1 for
//! printable text) with a warning. Binary and empty files are refused. The text that comes out
//! has `\n` line ends, no control characters, and ordinary spaces for the odd spaces that
//! web pages and PDF extractors leave behind.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

/// Which encoding a file was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Not valid UTF-8: read as Windows-1252, which may be wrong, so the caller warns.
    Windows1252,
}

/// Why a file cannot be imported at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty (nothing but white space)")]
    Empty,
    #[error("the file looks binary, not text ({0})")]
    Binary(&'static str),
}

/// Decodes `bytes` and normalises the text for the later stages.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8)
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let codec = if bytes[0] == 0xFF { UTF_16LE } else { UTF_16BE };
        let (text, _) = codec.decode_with_bom_removal(bytes);
        (text.into_owned(), Encoding::Utf16)
    } else {
        if bytes.contains(&0) {
            return Err(DecodeError::Binary("it contains NUL bytes"));
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), Encoding::Utf8),
            Err(_) => {
                let (text, _, _) = WINDOWS_1252.decode(bytes);
                (text.into_owned(), Encoding::Windows1252)
            }
        }
    };
    // Plain printable ASCII holds no control characters, and needs no normalising.
    let text = if is_plain(&text) {
        text
    } else {
        if looks_binary(&text) {
            return Err(DecodeError::Binary("most of it is control characters"));
        }
        normalise_chars(&text)
    };
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok((text, encoding))
}

/// Text where more than one character in ten is a control character is not prose.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(64 * 1024) {
        total += 1;
        if c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) {
            control += 1;
        }
    }
    total > 0 && control * 10 > total
}

/// `\r\n` and lone `\r` become `\n`; tabs and unusual spaces become a space; control, zero-width
/// and the two private-use characters the importer uses as markers are dropped. A soft hyphen
/// is kept only at the end of a line, where it says "this word was broken here".
pub fn normalise(text: &str) -> String {
    if is_plain(text) { text.to_string() } else { normalise_chars(text) }
}

/// Plain printable ASCII with Unix line ends: nothing to normalise.
fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b))
}

fn normalise_chars(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Runs of characters that stay as they are are copied whole; `text[..copied]` is done.
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if stays(c) {
            continue;
        }
        out.push_str(&text[copied..index]);
        copied = index + c.len_utf8();
        let next = chars.peek().map(|&(_, c)| c);
        match c {
            '\r' => {
                if next != Some('\n') {
                    out.push('\n');
                }
            }
            '\t' | '\u{a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => {
                out.push(' ')
            }
            '\u{ad}' => {
                if matches!(next, Some('\n' | '\r')) {
                    out.push('\u{ad}');
                }
            }
            // Line and paragraph separators, and the form feed PDF extractors put between pages.
            '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{c}' => out.push('\n'),
            '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            crate::import::MARK_OPEN | crate::import::MARK_CLOSE => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether `normalise` keeps the character as it is.
fn stays(c: char) -> bool {
    if c.is_ascii() {
        return c == '\n' || (' '..='~').contains(&c);
    }
    !c.is_control()
        && !matches!(
            c,
            '\u{a0}' | '\u{ad}' | '\u{2000}'
                ..='\u{200d}'
                    | '\u{2028}'
                    | '\u{2029}'
                    | '\u{202f}'
                    | '\u{205f}'
                    | '\u{2060}'
                    | '\u{3000}'
                    | '\u{feff}'
                    | crate::import::MARK_OPEN
                    | crate::import::MARK_CLOSE
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        assert_eq!(decode("café\n".as_bytes()).unwrap(), ("café\n".to_string(), Encoding::Utf8));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "café".as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap().0, "café");
    }

    #[test]
    fn reads_utf16_with_bom_both_byte_orders() {
        let mut little = vec![0xFF, 0xFE];
        let mut big = vec![0xFE, 0xFF];
        for unit in "Kabul – café".encode_utf16() {
            little.extend(unit.to_le_bytes());
            big.extend(unit.to_be_bytes());
        }
        assert_eq!(decode(&little).unwrap(), ("Kabul – café".to_string(), Encoding::Utf16));
        assert_eq!(decode(&big).unwrap().0, "Kabul – café");
    }

    #[test]
    fn reads_windows_1252_and_says_so() {
        let bytes = b"The caf\xe9 \x93opened\x94 today.";
        let (text, encoding) = decode(bytes).unwrap();
        assert_eq!(text, "The café “opened” today.");
        assert_eq!(encoding, Encoding::Windows1252);
    }

    #[test]
    fn refuses_binary_and_empty_files() {
        assert!(matches!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(DecodeError::Binary(_))));
        assert!(matches!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, b'a']), Err(DecodeError::Binary(_))));
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n\t "), Err(DecodeError::Empty));
    }

    #[test]
    fn normalises_line_ends_and_odd_spaces() {
        assert_eq!(normalise("a\r\nb\rc\u{a0}d\u{200b}e\tf"), "a\nb\nc de f");
        assert_eq!(normalise("co\u{ad}\nop and co\u{ad}op"), "co\u{ad}\nop and coop");
    }
}
