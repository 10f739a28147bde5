//! A stored value with the metadata Redis keeps beside it: `robj`'s 24-bit `lru` field,
//! which holds, depending on the `maxmemory-policy` in force when it was last written,
//! either the LRU clock of the last access (seconds, 24 bits: OBJECT IDLETIME, LRU
//! eviction) or, under an LFU policy, the minute of the last decrement (16 bits) and the
//! logarithmic access counter (8 bits: OBJECT FREQ, LFU eviction). Like Redis, the field
//! is read with the current policy's meaning, so switching policies at run time shows
//! the other reading's figures until keys are touched again.

use crate::value::Value;

/// Redis's `LRU_CLOCK_MAX`: the LRU clock wraps at 24 bits of seconds.
pub const LRU_CLOCK_MAX: u32 = (1 << 24) - 1;
/// Redis's `LFU_INIT_VAL`: a new object's access counter under an LFU policy.
pub const LFU_INIT_VAL: u32 = 5;

/// Redis's `getLRUClock` at `now` (ms since the epoch).
pub fn lru_clock(now: i64) -> u32 {
    (now.div_euclid(1000) as u64 & u64::from(LRU_CLOCK_MAX)) as u32
}

/// Redis's `LFUGetTimeInMinutes` at `now`.
pub fn lfu_minutes(now: i64) -> u32 {
    (now.div_euclid(60_000) as u64 & 65535) as u32
}

/// How an access updates the counter under an LFU policy (`lfu-log-factor`,
/// `lfu-decay-time`, and the random draw in [0, 1) of `LFULogIncr`).
#[derive(Clone, Copy, Debug)]
pub struct LfuAccess {
    pub log_factor: i64,
    pub decay_time: i64,
    pub draw: f64,
}

#[derive(Clone, Debug)]
pub struct Object {
    pub value: Value,
    /// Redis's `lru` field (see the module's documentation).
    pub lru: u32,
}

impl Object {
    /// `createObject`: the LFU initial counter under an LFU policy, else the LRU clock.
    pub fn new(value: Value, now: i64, lfu: bool) -> Object {
        let mut obj = Object { value, lru: 0 };
        obj.reset_access(now, lfu);
        obj
    }

    /// The access field of a freshly created object.
    pub fn reset_access(&mut self, now: i64, lfu: bool) {
        self.lru = if lfu {
            (lfu_minutes(now) << 8) | LFU_INIT_VAL
        } else {
            lru_clock(now)
        };
    }

    /// Records an access (`lookupKey` without LOOKUP_NOTOUCH): `updateLFU` under an LFU
    /// policy, else the LRU clock.
    pub fn touch(&mut self, now: i64, lfu: Option<LfuAccess>) {
        match lfu {
            None => self.lru = lru_clock(now),
            Some(access) => {
                let mut counter = self.lfu_counter(now, access.decay_time);
                if counter < 255 {
                    let base = (f64::from(counter) - f64::from(LFU_INIT_VAL)).max(0.0);
                    if access.draw < 1.0 / (base * access.log_factor as f64 + 1.0) {
                        counter += 1;
                    }
                }
                self.lru = (lfu_minutes(now) << 8) | counter;
            }
        }
    }

    /// `estimateObjectIdleTime`, in milliseconds (whole seconds of the LRU clock).
    pub fn idle_ms(&self, now: i64) -> i64 {
        let clock = lru_clock(now);
        let seconds = if clock >= self.lru {
            clock - self.lru
        } else {
            clock + (LRU_CLOCK_MAX - self.lru)
        };
        i64::from(seconds) * 1000
    }

    /// `LFUDecrAndReturn`: the counter, decayed by one per `decay_time` minutes since
    /// the last decrement (without recording the decrement).
    pub fn lfu_counter(&self, now: i64, decay_time: i64) -> u32 {
        let ldt = self.lru >> 8;
        let counter = self.lru & 255;
        let minutes = lfu_minutes(now);
        let elapsed = if minutes >= ldt {
            minutes - ldt
        } else {
            65535 - ldt + minutes
        };
        let periods = if decay_time > 0 {
            i64::from(elapsed) / decay_time
        } else {
            0
        };
        if periods > i64::from(counter) {
            0
        } else {
            counter - periods as u32
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_time_counts_whole_seconds_of_the_lru_clock() {
        let obj = Object::new(Value::string("v"), 1_900, false);
        assert_eq!(obj.idle_ms(2_100), 1000);
        assert_eq!(obj.idle_ms(1_999), 0);
        // The clock wraps at 24 bits of seconds.
        let wrapped = Object {
            value: Value::string("v"),
            lru: LRU_CLOCK_MAX - 1,
        };
        assert_eq!(wrapped.idle_ms(2_000), 3_000);
    }

    #[test]
    fn lfu_counter_starts_at_five_and_decays_per_minute() {
        let obj = Object::new(Value::string("v"), 0, true);
        assert_eq!(obj.lfu_counter(0, 1), 5);
        assert_eq!(obj.lfu_counter(3 * 60_000, 1), 2);
        assert_eq!(obj.lfu_counter(3 * 60_000, 2), 4);
        assert_eq!(obj.lfu_counter(30 * 60_000, 1), 0);
        assert_eq!(obj.lfu_counter(30 * 60_000, 0), 5);
    }

    #[test]
    fn lfu_touch_increments_with_the_logarithmic_chance() {
        let mut obj = Object::new(Value::string("v"), 0, true);
        let access = |draw| {
            Some(LfuAccess {
                log_factor: 10,
                decay_time: 1,
                draw,
            })
        };
        obj.touch(0, access(0.99));
        assert_eq!(obj.lfu_counter(0, 1), 6, "at the initial value the chance is 1");
        obj.touch(0, access(0.5));
        assert_eq!(obj.lfu_counter(0, 1), 6, "then 1/11");
        obj.touch(0, access(0.01));
        assert_eq!(obj.lfu_counter(0, 1), 7);
    }
}
