//! An analysis' mentions as one string of bytes, six little-endian `u32`s each, for the build
//! snapshot: a large archive has millions of mentions, and read back field by field they were
//! a third of restoring the snapshot.

use serde::de::{Error, Visitor};
use serde::{Deserializer, Serializer};

use super::mentions::Mention;

const MENTION_BYTES: usize = 6 * 4;

pub fn serialize<S: Serializer>(mentions: &[Mention], serializer: S) -> Result<S::Ok, S::Error> {
    let mut bytes = Vec::with_capacity(mentions.len() * MENTION_BYTES);
    for mention in mentions {
        for word in mention.to_words() {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
    }
    serializer.serialize_bytes(&bytes)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Mention>, D::Error> {
    deserializer.deserialize_bytes(PackedMentions)
}

struct PackedMentions;

impl Visitor<'_> for PackedMentions {
    type Value = Vec<Mention>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(formatter, "mentions packed as {MENTION_BYTES} bytes each")
    }

    fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<Mention>, E> {
        if !bytes.len().is_multiple_of(MENTION_BYTES) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        let mentions = bytes.chunks_exact(MENTION_BYTES).map(|packed| {
            let mut words = [0; 6];
            for (word, bytes) in words.iter_mut().zip(packed.chunks_exact(4)) {
                *word = u32::from_le_bytes(bytes.try_into().expect("four bytes"));
            }
            Mention::from_words(words)
        });
        Ok(mentions.collect())
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Packed(#[serde(with = "super")] Vec<Mention>);

    #[test]
    fn mentions_come_back_as_they_were_packed() {
        let mentions = Packed(vec![
            Mention::from_words([0, 1, 2, 30, 5, 9]),
            Mention::from_words([7, 0, u32::MAX, 0, 1, 1]),
        ]);
        let bytes = postcard::to_stdvec(&mentions).unwrap();
        assert_eq!(bytes.len(), 1 + 2 * MENTION_BYTES);
        assert_eq!(postcard::from_bytes::<Packed>(&bytes).unwrap(), mentions);
    }

    #[test]
    fn a_cut_mention_is_an_error() {
        let bytes = postcard::to_stdvec(&Packed(vec![Mention::from_words([1; 6])])).unwrap();
        let mut cut = bytes[..bytes.len() - 1].to_vec();
        cut[0] -= 1;
        assert!(postcard::from_bytes::<Packed>(&cut).is_err());
    }
}
