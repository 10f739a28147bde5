//! maxmemory (Redis's evict.c): the OOM check before a command that may grow memory,
//! and evictions by the configured policy, sampled as `performEvictions` does.

use crate::engine::Engine;
use crate::notify;
use crate::reply::Reply;
use crate::table::{flags, CommandSpec};

/// The used memory an engine without a memory probe counts before any data.
pub const EMPTY_ENGINE_BYTES: u64 = 850_000;

impl Engine {
    /// Before every command when `maxmemory` is set, as Redis's `processCommand`: free
    /// memory by the `maxmemory-policy`; a command that may grow memory is refused with
    /// OOM when that is not enough.
    pub(super) fn check_oom(&mut self, spec: &CommandSpec) -> Option<Reply> {
        let limit = self.config.maxmemory;
        if limit == 0 {
            return None;
        }
        // A replica leaves memory to its master (`replica-ignore-maxmemory`).
        if self.is_replica() && self.config.bool("replica-ignore-maxmemory") {
            return None;
        }
        if !self.perform_evictions(limit) && spec.has(flags::DENYOOM) {
            return Some(Reply::err("OOM command not allowed when used memory > 'maxmemory'."));
        }
        None
    }

    /// `performEvictions`: evicts keys until used memory is under `limit`; false when the
    /// policy allows no eviction or no key qualifies. Bounded per command, like Redis's
    /// eviction time limit, so one command never stalls the page.
    pub(super) fn perform_evictions(&mut self, limit: u64) -> bool {
        if self.used_memory() <= limit {
            return true;
        }
        self.monitor_latency("eviction-cycle", |eng| eng.evict_until(limit))
    }

    fn evict_until(&mut self, limit: u64) -> bool {
        const MAX_PER_COMMAND: usize = 1_000;
        for _ in 0..MAX_PER_COMMAND {
            if self.used_memory() <= limit {
                return true;
            }
            let Some((db, key)) = self.eviction_candidate() else {
                return false;
            };
            self.monitor_latency("eviction-del", |eng| eng.dbs[db].remove(&key));
            self.stats.evicted_keys += 1;
            self.propagate(db, vec![b"DEL".to_vec(), key.clone()]);
            self.notify_keyspace_event(notify::EVICTED, "evicted", &key, db);
            self.touch_watched_key(db, &key);
        }
        self.used_memory() <= limit
    }

    /// The best of `maxmemory-samples` keys sampled per database for the policy: the
    /// longest idle (LRU), the least used (LFU), the nearest expiry (TTL), or any
    /// (random); `volatile-*` sample only keys with a time to live. Redis samples the
    /// same way (its pool of candidates refines the choice across calls).
    pub(super) fn eviction_candidate(&mut self) -> Option<(usize, Vec<u8>)> {
        let policy = self.config.maxmemory_policy();
        let (volatile, rule) = match policy.split_once('-') {
            Some((scope, rule)) if scope == "volatile" || scope == "allkeys" => (scope == "volatile", rule),
            _ => return None,
        };
        let rule = rule.to_string();
        let samples = self.config.int("maxmemory-samples").max(1) as usize;
        let now = self.now;
        let decay_time = self.config.int("lfu-decay-time");
        let mut best: Option<(i64, usize, Vec<u8>)> = None;
        for db in 0..self.dbs.len() {
            for _ in 0..samples {
                let database = &self.dbs[db];
                let sampled = if volatile {
                    database
                        .expires
                        .random_entry(&mut self.rng)
                        .map(|(k, &at)| (k.to_vec(), Some(at)))
                } else {
                    database
                        .keys
                        .random_entry(&mut self.rng)
                        .map(|(k, _)| (k.to_vec(), database.expire_at(k)))
                };
                let Some((key, expire_at)) = sampled else { break };
                let Some(object) = database.keys.get(&key) else {
                    continue;
                };
                // Higher is a better victim.
                let score = match rule.as_str() {
                    "lru" => object.idle_ms(now),
                    "lfu" => 255 - i64::from(object.lfu_counter(now, decay_time)),
                    "ttl" => expire_at.map_or(i64::MIN, |at| -at),
                    _ => 0,
                };
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, db, key));
                }
                if rule == "random" {
                    break;
                }
            }
        }
        best.map(|(_, db, key)| (db, key))
    }

    /// An estimate of the bytes the keyspace holds (INFO memory's used_memory).
    pub fn used_memory(&self) -> u64 {
        if let Some(probe) = self.memory_probe {
            return probe();
        }
        const BASELINE: usize = EMPTY_ENGINE_BYTES as usize;
        let data: usize = self
            .dbs
            .iter()
            .map(|db| {
                db.keys.overhead_bytes()
                    + db.expires.overhead_bytes()
                    + db.keys
                        .iter()
                        .map(|(k, o)| k.len() + o.value.approx_bytes())
                        .sum::<usize>()
            })
            .sum();
        (BASELINE + data) as u64
    }
}
