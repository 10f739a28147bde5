//! A stored value with the metadata Redis keeps beside it (`robj`'s lru field):
//! the last access time (OBJECT IDLETIME, LRU eviction) and the LFU counter
//! (OBJECT FREQ, LFU eviction).

use crate::value::Value;

#[derive(Clone, Debug)]
pub struct Object {
    pub value: Value,
    /// Last access, ms.
    pub access_ms: i64,
    /// Logarithmic access counter, as Redis's LFU (starts at LFU_INIT_VAL = 5).
    pub lfu: u8,
}

impl Object {
    pub fn new(value: Value, now: i64) -> Object {
        Object {
            value,
            access_ms: now,
            lfu: 5,
        }
    }

    /// Records an access: Redis's `updateLFU` (decay by one per idle minute, then a
    /// logarithmic increment driven by `chance`, uniform in [0, 1)).
    /// A `chance` of infinity only records the access time.
    pub fn touch(&mut self, now: i64, chance: f64) {
        if chance.is_infinite() {
            self.access_ms = now;
            return;
        }
        let idle_minutes = (now - self.access_ms).max(0) / 60_000;
        self.lfu = self.lfu.saturating_sub(idle_minutes.min(255) as u8);
        if self.lfu < 255 {
            let base = f64::from(self.lfu.saturating_sub(5));
            if chance < 1.0 / (base * 10.0 + 1.0) {
                self.lfu += 1;
            }
        }
        self.access_ms = now;
    }
}
