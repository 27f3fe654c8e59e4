//! The content files as a listing sees them, kept as one run of bytes: each file's path from
//! the site root, size and modification time, one after the other. Listing thousands of files
//! is then one allocation, and the build snapshot stores the bytes as they are and reads them
//! back without making anything of them but views.

use std::cmp::Ordering;
use std::path::Path;

/// A listing's bytes. Each file: the path's length (4 bytes), the path (UTF-8), the size (8),
/// the seconds (8) and nanoseconds (4) of its modification time, little-endian.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ContentListing {
    bytes: Vec<u8>,
}

/// One file of a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ContentFile<'a> {
    pub(crate) path: &'a str,
    pub(crate) len: u64,
    /// Seconds and nanoseconds since the epoch; none when too recent to trust.
    pub(crate) modified: (u64, u32),
}

impl ContentFile<'_> {
    /// Whether a later listing with the same size and time shows the same file.
    pub(crate) fn is_trusted(&self) -> bool {
        self.modified != (0, 0)
    }

    /// The order of paths (component by component, as [`Path`] orders them).
    pub(crate) fn path_order(&self, other: &ContentFile<'_>) -> Ordering {
        Path::new(self.path).cmp(Path::new(other.path))
    }
}

impl ContentListing {
    pub(crate) fn push(&mut self, file: ContentFile<'_>) {
        let path_len = u32::try_from(file.path.len()).expect("a path is shorter than 4 GB");
        self.bytes.extend_from_slice(&path_len.to_le_bytes());
        self.bytes.extend_from_slice(file.path.as_bytes());
        self.bytes.extend_from_slice(&file.len.to_le_bytes());
        self.bytes.extend_from_slice(&file.modified.0.to_le_bytes());
        self.bytes.extend_from_slice(&file.modified.1.to_le_bytes());
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub(crate) fn files(&self) -> Vec<ContentFile<'_>> {
        parse(&self.bytes).expect("a listing parses as it was pushed")
    }
}

/// The files of a listing's bytes (as [`ContentListing::as_bytes`] gave them); `None` when
/// the bytes are not a listing.
pub(crate) fn parse(mut bytes: &[u8]) -> Option<Vec<ContentFile<'_>>> {
    let mut files = Vec::new();
    while !bytes.is_empty() {
        let path_len = u32::from_le_bytes(take(&mut bytes)?) as usize;
        let path = std::str::from_utf8(bytes.get(..path_len)?).ok()?;
        bytes = &bytes[path_len..];
        let len = u64::from_le_bytes(take(&mut bytes)?);
        let seconds = u64::from_le_bytes(take(&mut bytes)?);
        let nanoseconds = u32::from_le_bytes(take(&mut bytes)?);
        files.push(ContentFile { path, len, modified: (seconds, nanoseconds) });
    }
    Some(files)
}

fn take<const N: usize>(bytes: &mut &[u8]) -> Option<[u8; N]> {
    let (head, rest) = bytes.split_first_chunk::<N>()?;
    *bytes = rest;
    Some(*head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_was_pushed() {
        let files = [
            ContentFile { path: "content/articles/a.md", len: 12, modified: (1_700_000_000, 5) },
            ContentFile { path: "content/entities/é.md", len: 0, modified: (0, 0) },
        ];
        let mut listing = ContentListing::default();
        files.iter().for_each(|&file| listing.push(file));
        assert_eq!(listing.files(), files);
        assert_eq!(parse(listing.as_bytes()).unwrap(), files);
        assert_eq!(parse(&[]).unwrap(), []);
    }

    #[test]
    fn bytes_that_are_not_a_listing_read_as_none() {
        let mut listing = ContentListing::default();
        listing.push(ContentFile { path: "a.md", len: 1, modified: (2, 3) });
        let bytes = listing.as_bytes();
        assert_eq!(parse(&bytes[..bytes.len() - 1]), None);
        let mut too_long = bytes.to_vec();
        too_long[0] = 200;
        assert_eq!(parse(&too_long), None);
    }

    #[test]
    fn orders_paths_by_component() {
        let file = |path| ContentFile { path, len: 0, modified: (0, 0) };
        // Byte by byte, `-` comes before `/`; component by component, `a` before `a-b.md`.
        assert_eq!(file("a/b.md").path_order(&file("a-b.md")), Ordering::Less);
    }
}
