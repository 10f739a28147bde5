//! Expiry (Redis's expire.c and db.c's expireIfNeeded): a key past its time is deleted
//! when touched (lazily) or found by the active cycle that samples keys with a TTL;
//! either way it is propagated as a DEL and notified as `expired`.

use crate::engine::Engine;
use crate::notify;

impl Engine {
    /// Lazy expiry: deletes `key` if its time has passed, with every side effect.
    pub(crate) fn expire_if_needed(&mut self, db: usize, key: &[u8]) -> bool {
        // Like Redis's keyIsExpired: nothing expires while an AOF loads (a later command
        // in the file may move the key's time); it goes after, lazily or actively.
        if self.loading || !self.dbs[db].is_expired(key, self.now) {
            return false;
        }
        self.delete_expired(db, key);
        true
    }

    pub(super) fn delete_expired(&mut self, db: usize, key: &[u8]) {
        self.dbs[db].remove(key);
        self.stats.expired_keys += 1;
        self.propagate(db, vec![b"DEL".to_vec(), key.to_vec()]);
        self.notify_keyspace_event(notify::EXPIRED, "expired", key, db);
        self.touch_watched_key(db, key);
    }

    /// Redis's active expiry cycle: sample volatile keys per database, delete the
    /// expired ones, and go on while more than a tenth of a sample was expired. The
    /// work per tick is bounded so the page never stalls.
    pub(crate) fn active_expire_cycle(&mut self) {
        const KEYS_PER_LOOP: usize = 20;
        const MAX_LOOPS: usize = 64;
        let now = self.now;
        for db in 0..self.dbs.len() {
            for _ in 0..MAX_LOOPS {
                if self.dbs[db].expires.is_empty() {
                    break;
                }
                let mut sampled = Vec::new();
                let mut cursor = self.dbs[db].expire_cursor;
                let mut buckets = 0;
                loop {
                    cursor = self.dbs[db]
                        .expires
                        .scan(cursor, |k, &at| sampled.push((k.to_vec(), at)));
                    buckets += 1;
                    if cursor == 0 || sampled.len() >= KEYS_PER_LOOP || buckets >= KEYS_PER_LOOP * 20 {
                        break;
                    }
                }
                self.dbs[db].expire_cursor = cursor;
                let expired: Vec<Vec<u8>> = sampled
                    .iter()
                    .filter(|(_, at)| *at <= now)
                    .map(|(k, _)| k.to_vec())
                    .collect();
                let ttls: Vec<i64> = sampled
                    .iter()
                    .filter(|(_, at)| *at > now)
                    .map(|(_, at)| at - now)
                    .collect();
                if !ttls.is_empty() {
                    let avg = ttls.iter().sum::<i64>() / ttls.len() as i64;
                    let old = self.dbs[db].avg_ttl;
                    self.dbs[db].avg_ttl = if old == 0 { avg } else { (old / 50) * 49 + avg / 50 };
                }
                for key in &expired {
                    self.delete_expired(db, key);
                }
                // Go on while more than a tenth of the sample had expired.
                if sampled.is_empty() || expired.len() * 10 <= sampled.len() {
                    break;
                }
            }
        }
    }
}
