//! A map serialised in the order given (format order), for readable files.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Key/value pairs written as a map in this order.
pub struct Ordered<K, V>(pub Vec<(K, V)>);

impl<K, V> Ordered<K, V> {
    /// Whether there are no pairs.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Serialize, V: Serialize> Serialize for Ordered<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
