//! Blocking commands (Redis's blocked.c): a client waits on keys until one receives
//! data (the command runs again for each waiter, in arrival order, as Redis 7 does) or
//! its time-out passes.

use crate::client::{Blocked, ClientId};
use crate::engine::Engine;
use crate::reply::Reply;
use crate::table::{self};
use crate::value::Kind;

/// Whether a blocked command is XREADGROUP (unblocked when its stream goes).
fn is_group_read(blocked: &Blocked) -> bool {
    blocked
        .argv
        .first()
        .is_some_and(|a| a.eq_ignore_ascii_case(b"xreadgroup"))
}

impl Engine {
    pub(crate) fn signal_ready(&mut self, db: usize, key: &[u8]) {
        if !self.blocking.is_empty()
            && self.blocking.contains_key(&(db, key.to_vec()))
            && !self.ready_keys.iter().any(|(d, k)| *d == db && k == key)
        {
            self.ready_keys.push((db, key.to_vec()));
        }
    }

    pub(super) fn block_client(&mut self, id: ClientId, blocked: Blocked) {
        for key in &blocked.keys {
            let waiters = self.blocking.entry((blocked.db, key.clone())).or_default();
            if !waiters.contains(&id) {
                waiters.push_back(id);
            }
        }
        let group_read = is_group_read(&blocked);
        if let Some(client) = self.clients.get_mut(&id) {
            if let Some(old) = client.blocked.replace(blocked) {
                if is_group_read(&old) {
                    self.blocked_group_readers -= 1;
                }
            } else {
                self.blocked_clients += 1;
            }
            if group_read {
                self.blocked_group_readers += 1;
            }
        }
    }

    /// Removes a client from every blocking queue; returns what it was blocked on.
    pub(crate) fn unblock_client(&mut self, id: ClientId) -> Option<Blocked> {
        let blocked = self.clients.get_mut(&id)?.blocked.take()?;
        self.blocked_clients -= 1;
        if is_group_read(&blocked) {
            self.blocked_group_readers -= 1;
        }
        for key in &blocked.keys {
            let slot = (blocked.db, key.clone());
            if let Some(waiters) = self.blocking.get_mut(&slot) {
                waiters.retain(|&c| c != id);
                if waiters.is_empty() {
                    self.blocking.remove(&slot);
                }
            }
        }
        Some(blocked)
    }

    /// Retries, in arrival order, the commands of clients blocked on a ready key.
    pub(super) fn serve_blocked_on(&mut self, db: usize, key: &[u8]) {
        let waiters: Vec<ClientId> = self
            .blocking
            .get(&(db, key.to_vec()))
            .map(|q| q.iter().copied().collect())
            .unwrap_or_default();
        for id in waiters {
            let still_there = self.dbs[db].keys.contains_key(key);
            if !still_there {
                break;
            }
            let Some(blocked) = self.clients.get(&id).and_then(|c| c.blocked.clone()) else {
                continue;
            };
            let Ok((parent, spec)) = self.resolve(&blocked.argv) else {
                continue;
            };
            // Each kind serves its own waiters (serveClientsBlockedOnListKey,
            // ...OnStreamKey): a stream read never wakes on a list and the reverse.
            let reads_stream = matches!(spec.name, "xread" | "xreadgroup");
            let is_stream = self.dbs[db]
                .keys
                .get(key)
                .is_some_and(|o| o.value.kind() == Kind::Stream);
            if reads_stream != is_stream {
                continue;
            }
            // Run it as the client, in the database it blocked in, unable to block again.
            let saved_db = self.clients.get(&id).map_or(0, |c| c.db);
            if let Some(c) = self.clients.get_mut(&id) {
                c.db = blocked.db;
            }
            let full_name = table::full_name(parent, spec);
            self.would_block = false;
            self.serving_key = Some(key.to_vec());
            let reply = self.call_command(id, &blocked.argv, spec, full_name, false, false);
            self.serving_key = None;
            if let Some(c) = self.clients.get_mut(&id) {
                c.db = saved_db;
            }
            match reply {
                Some(_) if self.would_block => {} // nothing for it yet
                Some(reply) => {
                    self.unblock_client(id);
                    self.send(id, reply);
                }
                None => {}
            }
        }
    }

    /// XREADGROUP waiters on a key that no longer holds a stream (deleted, expired,
    /// overwritten, flushed) get Redis's UNBLOCKED error
    /// (`unblockDeletedStreamReadgroupClients`), in the order they blocked.
    pub(super) fn unblock_readers_of_deleted_streams(&mut self) {
        let mut gone: Vec<(ClientId, usize)> = Vec::new();
        for ((db, key), waiters) in &self.blocking {
            let is_stream = self.dbs[*db]
                .keys
                .get(key)
                .is_some_and(|o| o.value.kind() == Kind::Stream);
            if is_stream {
                continue;
            }
            for (order, &id) in waiters.iter().enumerate() {
                let group_read = self
                    .clients
                    .get(&id)
                    .and_then(|c| c.blocked.as_ref())
                    .is_some_and(is_group_read);
                if group_read && !gone.iter().any(|(c, _)| *c == id) {
                    gone.push((id, order));
                }
            }
        }
        gone.sort_by_key(|&(id, order)| (order, id));
        for (id, _) in gone {
            if self.unblock_client(id).is_some() {
                let error = Reply::err("UNBLOCKED the stream key no longer exists");
                self.send(id, error);
            }
        }
    }

    /// Answers blocked clients whose deadline has passed.
    pub(crate) fn expire_blocked_clients(&mut self) {
        let now = self.now;
        let due: Vec<ClientId> = self
            .clients
            .values()
            .filter(|c| c.blocked.as_ref().and_then(|b| b.deadline).is_some_and(|d| d <= now))
            .map(|c| c.id)
            .collect();
        for id in due {
            if let Some(blocked) = self.unblock_client(id) {
                self.send(id, blocked.timeout_reply);
            }
        }
    }

    /// CLIENT UNBLOCK: answers as a time-out, or with an UNBLOCKED error.
    pub(crate) fn unblock_with(&mut self, id: ClientId, error: bool) -> bool {
        match self.unblock_client(id) {
            Some(blocked) => {
                let reply = if error {
                    Reply::err("UNBLOCKED client unblocked via CLIENT UNBLOCK")
                } else {
                    blocked.timeout_reply
                };
                self.send(id, reply);
                true
            }
            None => false,
        }
    }
}
