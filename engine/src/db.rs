//! One numbered database: the keyspace and the expiry times of its volatile keys.
//!
//! This layer knows nothing of time or side effects: lazy expiry (which must notify,
//! propagate and wake watchers) lives in `exec::Ctx`, which wraps every lookup.

use crate::dict::Dict;
use crate::object::Object;

#[derive(Default, Clone)]
pub struct Db {
    pub keys: Dict<Object>,
    /// Absolute expiry times in Unix milliseconds, for volatile keys only.
    pub expires: Dict<i64>,
    /// Average TTL of keys sampled by the active expiry cycle (INFO keyspace avg_ttl).
    pub avg_ttl: i64,
    /// Where the active expiry cycle stopped scanning `expires` last time.
    pub expire_cursor: u64,
}

impl Db {
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn expire_at(&self, key: &[u8]) -> Option<i64> {
        if self.expires.is_empty() {
            return None;
        }
        self.expires.get(key).copied()
    }

    /// Whether the key exists but its time has passed (it is logically gone).
    pub fn is_expired(&self, key: &[u8], now: i64) -> bool {
        self.expire_at(key).is_some_and(|at| at <= now)
    }

    /// Removes a key and its expiry; true when it existed.
    pub fn remove(&mut self, key: &[u8]) -> Option<Object> {
        let value = self.keys.remove(key)?;
        if !self.expires.is_empty() {
            self.expires.remove(key);
        }
        Some(value)
    }

    pub fn set_expire(&mut self, key: &[u8], at: i64) {
        self.expires.insert(key.to_vec(), at);
    }

    /// Removes the expiry; true when there was one.
    pub fn persist(&mut self, key: &[u8]) -> bool {
        !self.expires.is_empty() && self.expires.remove(key).is_some()
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.expires.clear();
        self.avg_ttl = 0;
        self.expire_cursor = 0;
    }
}
