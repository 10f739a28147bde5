//! WATCH (Redis's multi.c): which clients watch which keys, and the touches that make
//! their EXEC fail.

use crate::client::{ClientId, WatchedKey};
use crate::engine::Engine;

impl Engine {
    pub(crate) fn watch_key(&mut self, id: ClientId, db: usize, key: &[u8]) {
        let Some(client) = self.clients.get(&id) else { return };
        if client.watched.iter().any(|w| w.db == db && w.key == key) {
            return;
        }
        let expired = self.dbs[db].keys.contains_key(key) && self.dbs[db].is_expired(key, self.now);
        self.watched.entry((db, key.to_vec())).or_default().push(id);
        if let Some(client) = self.clients.get_mut(&id) {
            client.watched.push(WatchedKey {
                db,
                key: key.to_vec(),
                expired,
            });
        }
    }

    pub(crate) fn unwatch_all(&mut self, id: ClientId) {
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        let watched = std::mem::take(&mut client.watched);
        client.dirty_cas = false;
        for w in watched {
            let slot = (w.db, w.key);
            if let Some(list) = self.watched.get_mut(&slot) {
                list.retain(|&c| c != id);
                if list.is_empty() {
                    self.watched.remove(&slot);
                }
            }
        }
    }

    /// `touchWatchedKey`.
    /// Also where client-side caching hears of the change (Redis's signalModifiedKey).
    pub(crate) fn touch_watched_key(&mut self, db: usize, key: &[u8]) {
        self.invalidate_tracked_key(key);
        if self.watched.is_empty() {
            return;
        }
        let Some(watchers) = self.watched.get(&(db, key.to_vec())).cloned() else {
            return;
        };
        let exists = self.dbs[db].keys.contains_key(key);
        for id in watchers {
            let Some(client) = self.clients.get_mut(&id) else {
                continue;
            };
            if let Some(w) = client.watched.iter_mut().find(|w| w.db == db && w.key == key) {
                if w.expired {
                    // Already expired when watched: its deletion is not a change.
                    if !exists {
                        w.expired = false;
                        continue;
                    }
                }
            }
            client.dirty_cas = true;
        }
    }

    /// At EXEC: a watched key that expired since WATCH counts as modified.
    pub(crate) fn watched_key_expired(&self, id: ClientId) -> bool {
        let Some(client) = self.clients.get(&id) else {
            return false;
        };
        client.watched.iter().any(|w| {
            !w.expired && self.dbs[w.db].keys.contains_key(&w.key) && self.dbs[w.db].is_expired(&w.key, self.now)
        })
    }

    /// FLUSHDB/FLUSHALL/SWAPDB: watchers of keys that existed (or will exist) are dirtied.
    pub(crate) fn touch_all_watched_in_db(&mut self, db: usize, other: Option<usize>) {
        let slots: Vec<(usize, Vec<u8>)> = self.watched.keys().filter(|(d, _)| *d == db).cloned().collect();
        for (d, key) in slots {
            let exists_here = self.dbs[d].keys.contains_key(&key);
            let exists_there = other.is_some_and(|o| self.dbs[o].keys.contains_key(&key));
            if exists_here || exists_there {
                for id in self.watched.get(&(d, key)).cloned().unwrap_or_default() {
                    if let Some(c) = self.clients.get_mut(&id) {
                        c.dirty_cas = true;
                    }
                }
            }
        }
    }
}
