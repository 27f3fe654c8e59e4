//! The bytes of one output file as a rebuild writes it: made whole, or an old file with a few
//! ranges replaced (a patched export), whose unchanged bytes go from the old file's mapping to
//! the new file without ever being copied into memory of their own.

use std::io::Write;
use std::ops::Range;

use xxhash_rust::xxh3::Xxh3;

/// A file's new bytes.
pub enum Contents {
    Whole(Vec<u8>),
    Spliced(Splice),
}

/// Old bytes with some ranges replaced.
pub struct Splice {
    old: Box<dyn AsRef<[u8]> + Send + Sync>,
    /// Disjoint, in order; an insertion (an empty range) comes before a replacement starting at
    /// the same place.
    replacements: Vec<(Range<usize>, Vec<u8>)>,
}

impl From<Vec<u8>> for Contents {
    fn from(bytes: Vec<u8>) -> Contents {
        Contents::Whole(bytes)
    }
}

impl Splice {
    /// `old` with each range (in any order) replaced by its bytes; `None` when a range is
    /// outside `old` or overlaps another.
    pub fn new(
        old: Box<dyn AsRef<[u8]> + Send + Sync>,
        mut replacements: Vec<(Range<usize>, Vec<u8>)>,
    ) -> Option<Splice> {
        replacements.sort_by_key(|(range, _)| (range.start, range.end));
        let len = (*old).as_ref().len();
        let mut at = 0;
        for (range, _) in &replacements {
            if range.start < at || range.end < range.start || range.end > len {
                return None;
            }
            at = range.end;
        }
        Some(Splice { old, replacements })
    }

    /// The new bytes, in runs: old, replacement, old, …
    fn pieces(&self) -> impl Iterator<Item = &[u8]> {
        let old = (*self.old).as_ref();
        let mut at = 0;
        let mut pieces = Vec::with_capacity(2 * self.replacements.len() + 1);
        for (range, bytes) in &self.replacements {
            pieces.push(&old[at..range.start]);
            pieces.push(bytes.as_slice());
            at = range.end;
        }
        pieces.push(&old[at..]);
        pieces.into_iter()
    }
}

impl Contents {
    /// [`super::hash`] of the bytes.
    pub fn digest(&self) -> u128 {
        match self {
            Contents::Whole(bytes) => super::hash(bytes),
            Contents::Spliced(splice) => {
                let mut hasher = Xxh3::new();
                splice.pieces().for_each(|piece| hasher.update(piece));
                hasher.digest128()
            }
        }
    }

    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        match self {
            Contents::Whole(bytes) => out.write_all(bytes),
            Contents::Spliced(splice) => splice.pieces().try_for_each(|piece| out.write_all(piece)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced(old: &[u8], replacements: Vec<(Range<usize>, Vec<u8>)>) -> Option<Vec<u8>> {
        let contents = Contents::Spliced(Splice::new(Box::new(old.to_vec()), replacements)?);
        let mut out = Vec::new();
        contents.write_to(&mut out).unwrap();
        assert_eq!(contents.digest(), super::super::hash(&out));
        Some(out)
    }

    #[test]
    fn splices_records_of_any_length_in_any_order() {
        let old = br#"[{"id":"a"},{"id":"b"},{"id":"c"}]"#;
        let new =
            spliced(old, vec![(23..33, br#"{"id":"c","n":1}"#.to_vec()), (1..11, b"{}".to_vec())]);
        assert_eq!(new.unwrap(), br#"[{},{"id":"b"},{"id":"c","n":1}]"#);
    }

    #[test]
    fn an_insertion_goes_before_a_replacement_at_the_same_place() {
        let new = spliced(b"abc", vec![(1..2, b"B".to_vec()), (1..1, b"+".to_vec())]);
        assert_eq!(new.unwrap(), b"a+Bc");
    }

    #[test]
    fn refuses_ranges_outside_the_old_bytes_or_overlapping() {
        assert!(spliced(b"abc", vec![(2..4, Vec::new())]).is_none());
        assert!(spliced(b"abcdef", vec![(0..3, Vec::new()), (2..4, Vec::new())]).is_none());
    }
}
