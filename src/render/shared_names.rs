//! The entity ids an analysis mentions, as the build snapshot stores them: read back, each id
//! is one shared string again (as the analysis made it), not a new allocation in every
//! document that mentions it: tens of thousands of documents mention the same few thousand.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use serde::de::{DeserializeSeed, Error, SeqAccess, Visitor};
use serde::{Deserializer, Serializer};

thread_local! {
    /// The ids this thread read so far.
    static READ: RefCell<FxHashMap<Box<str>, Arc<str>>> = RefCell::default();
}

pub fn serialize<S: Serializer>(names: &[Arc<str>], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(names.iter().map(|name| &**name))
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Arc<str>>, D::Error> {
    deserializer.deserialize_seq(Names)
}

struct Names;

impl<'de> Visitor<'de> for Names {
    type Value = Vec<Arc<str>>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list of entity ids")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Arc<str>>, A::Error> {
        let mut names = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(name) = seq.next_element_seed(Name)? {
            names.push(name);
        }
        Ok(names)
    }
}

struct Name;

impl<'de> DeserializeSeed<'de> for Name {
    type Value = Arc<str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Arc<str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Name {
    type Value = Arc<str>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("an entity id")
    }

    fn visit_str<E: Error>(self, name: &str) -> Result<Arc<str>, E> {
        Ok(READ.with_borrow_mut(|read| match read.get(name) {
            Some(shared) => shared.clone(),
            None => {
                let shared: Arc<str> = Arc::from(name);
                read.insert(name.into(), shared.clone());
                shared
            }
        }))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Mentioned(#[serde(with = "super")] Vec<Arc<str>>);

    #[test]
    fn the_same_id_is_read_back_as_one_shared_string() {
        let written = Mentioned(vec![Arc::from("ada-brook"), Arc::from("lenn-river")]);
        let bytes = postcard::to_stdvec(&written).unwrap();
        let (first, second): (Mentioned, Mentioned) =
            (postcard::from_bytes(&bytes).unwrap(), postcard::from_bytes(&bytes).unwrap());
        assert_eq!(first, written);
        assert!(Arc::ptr_eq(&first.0[0], &second.0[0]));
        assert!(!Arc::ptr_eq(&first.0[0], &first.0[1]));
    }
}
