//! Per-connection state: selected database, protocol, transaction, subscriptions,
//! blocking, and the outbox of replies the host has not taken yet.

use crate::reply::Reply;

pub type ClientId = u64;

/// A key watched by WATCH. `expired` remembers that the key was already logically
/// expired when watched, so its later deletion is not a change (as Redis 7.0 does).
#[derive(Clone, Debug)]
pub struct WatchedKey {
    pub db: usize,
    pub key: Vec<u8>,
    pub expired: bool,
}

#[derive(Clone, Debug, Default)]
pub struct MultiState {
    pub queue: Vec<Vec<Vec<u8>>>,
    /// A command was rejected while queuing: EXEC answers EXECABORT.
    pub error: bool,
}

/// What a blocked client waits for.
#[derive(Clone, Debug)]
pub struct Blocked {
    pub db: usize,
    pub keys: Vec<Vec<u8>>,
    /// Absolute deadline in ms; `None` waits for ever.
    pub deadline: Option<i64>,
    /// The command to run again once a key is ready.
    pub argv: Vec<Vec<u8>>,
    /// The reply sent when the deadline passes (null array or null bulk).
    pub timeout_reply: Reply,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyMode {
    On,
    Off,
    /// Skip the reply of the next command only.
    SkipNext,
    Skipping,
}

#[derive(Clone, Debug)]
pub struct Client {
    pub id: ClientId,
    pub name: Option<Vec<u8>>,
    pub addr: String,
    pub laddr: String,
    pub db: usize,
    pub resp: u8,
    pub multi: Option<MultiState>,
    pub watched: Vec<WatchedKey>,
    /// A watched key was touched: EXEC must fail.
    pub dirty_cas: bool,
    pub channels: Vec<Vec<u8>>,
    pub patterns: Vec<Vec<u8>>,
    pub blocked: Option<Blocked>,
    /// Commands that arrived while blocked, run once unblocked.
    pub pending: std::collections::VecDeque<Vec<Vec<u8>>>,
    pub reply_mode: ReplyMode,
    pub outbox: Vec<Reply>,
    pub created_ms: i64,
    pub last_ms: i64,
    pub last_cmd: &'static str,
    pub monitor: bool,
    /// Close once the outbox is flushed (QUIT, CLIENT KILL).
    pub closing: bool,
    /// Hidden internal client (lesson checks): not listed, not fed to MONITOR.
    pub internal: bool,
    pub lib_name: Option<Vec<u8>>,
    pub lib_ver: Option<Vec<u8>>,
    /// The ACL user this connection runs as; None for internal clients (Redis's
    /// "(superuser)": the AOF loader, lesson checks, panels), which no ACL refuses.
    pub user: Option<Vec<u8>>,
    /// AUTH (or HELLO AUTH) succeeded, or the default user needed no password when the
    /// connection was made.
    pub authenticated: bool,
    /// Closed by the server (CLIENT KILL, ACL DELUSER, revoked channels): nothing more
    /// is sent or run; the host closes the connection (Redis's `freeClient`).
    pub killed: bool,
    /// Shard channels (SSUBSCRIBE), in subscription order.
    pub shard_channels: Vec<Vec<u8>>,
    /// Client-side caching (CLIENT TRACKING).
    pub tracking: Tracking,
    /// The command waiting for a CLIENT PAUSE to end (Redis's BLOCKED_POSTPONE).
    pub postponed: Option<Vec<Vec<u8>>>,
    /// SAVE or SHUTDOWN waits for the host to store its snapshot (`snapshot_done`);
    /// what the client sends meanwhile waits too.
    pub awaiting_snapshot: bool,
}

/// CLIENT TRACKING's state for one connection (Redis's `CLIENT_TRACKING*` flags).
#[derive(Clone, Debug, Default)]
pub struct Tracking {
    pub on: bool,
    pub bcast: bool,
    pub optin: bool,
    pub optout: bool,
    pub noloop: bool,
    /// CLIENT CACHING yes (OPTIN) or no (OPTOUT) for the next command.
    pub caching: bool,
    /// The client it redirected to is gone.
    pub broken_redirect: bool,
    /// Where invalidations go (0: this connection).
    pub redirect: u64,
    /// BCAST prefixes, sorted as Redis's radix tree keeps them.
    pub prefixes: Vec<Vec<u8>>,
}

impl Client {
    pub fn new(id: ClientId, now: i64) -> Client {
        Client {
            id,
            name: None,
            addr: format!("127.0.0.1:{}", 40000 + id % 20000),
            laddr: "127.0.0.1:6379".into(),
            db: 0,
            resp: 2,
            multi: None,
            watched: Vec::new(),
            dirty_cas: false,
            channels: Vec::new(),
            patterns: Vec::new(),
            blocked: None,
            pending: Default::default(),
            reply_mode: ReplyMode::On,
            outbox: Vec::new(),
            created_ms: now,
            last_ms: now,
            last_cmd: "NULL",
            monitor: false,
            closing: false,
            internal: false,
            lib_name: None,
            lib_ver: None,
            user: Some(b"default".to_vec()),
            authenticated: false,
            killed: false,
            shard_channels: Vec::new(),
            tracking: Tracking::default(),
            postponed: None,
            awaiting_snapshot: false,
        }
    }

    /// Channels and patterns (what SUBSCRIBE and PSUBSCRIBE count).
    pub fn subscriptions(&self) -> usize {
        self.channels.len() + self.patterns.len()
    }

    /// Redis's `CLIENT_PUBSUB` flag: subscribed to anything, shard channels included.
    pub fn in_pubsub_mode(&self) -> bool {
        self.subscriptions() + self.shard_channels.len() > 0
    }

    /// In RESP2 a subscribed client may only (un)subscribe, PING, QUIT or RESET.
    pub fn in_pubsub_context(&self) -> bool {
        self.resp == 2 && self.in_pubsub_mode()
    }

    /// CLIENT LIST's flags column.
    pub fn flags(&self) -> String {
        let mut f = String::new();
        if self.monitor {
            f.push('O');
        }
        if self.in_pubsub_mode() {
            f.push('P');
        }
        if self.multi.is_some() {
            f.push('x');
        }
        if self.blocked.is_some() || self.postponed.is_some() || self.awaiting_snapshot {
            f.push('b');
        }
        if self.tracking.on {
            f.push('t');
        }
        if self.tracking.broken_redirect {
            f.push('R');
        }
        if self.tracking.bcast {
            f.push('B');
        }
        if self.dirty_cas {
            f.push('d');
        }
        if self.closing && !self.killed {
            f.push('c');
        }
        if self.killed {
            f.push('A');
        }
        if f.is_empty() {
            f.push('N');
        }
        f
    }
}

/// The connected clients, in id order (CLIENT LIST's order, Redis's `server.clients`).
///
/// Why not a map: a command looks its client up half a dozen times (dispatch, the
/// checks of `processCommand`, `call`, the reply), always the same client, and a
/// `BTreeMap` walk per lookup was 5% of a pipelined INCR's CPU. Ids only grow, so a
/// new client goes at the end and `ids` stays sorted: a lookup tries the slot it found
/// last, then binary-searches `ids` (dense, a few cache lines for a thousand clients).
#[derive(Clone, Debug, Default)]
pub struct Clients {
    ids: Vec<ClientId>,
    slots: Vec<Client>,
    /// The slot of the last lookup: the next one is usually for the same client.
    hint: std::cell::Cell<usize>,
}

impl Clients {
    fn slot(&self, id: ClientId) -> Option<usize> {
        let hint = self.hint.get();
        if self.ids.get(hint) == Some(&id) {
            return Some(hint);
        }
        let found = self.ids.binary_search(&id).ok()?;
        self.hint.set(found);
        Some(found)
    }

    pub fn get(&self, id: &ClientId) -> Option<&Client> {
        self.slot(*id).map(|i| &self.slots[i])
    }

    pub fn get_mut(&mut self, id: &ClientId) -> Option<&mut Client> {
        self.slot(*id).map(|i| &mut self.slots[i])
    }

    pub fn contains_key(&self, id: &ClientId) -> bool {
        self.slot(*id).is_some()
    }

    /// Adds (or replaces) the client `id`; the previous one with that id, if any.
    pub fn insert(&mut self, id: ClientId, client: Client) -> Option<Client> {
        match self.ids.binary_search(&id) {
            Ok(i) => Some(std::mem::replace(&mut self.slots[i], client)),
            Err(i) => {
                self.ids.insert(i, id);
                self.slots.insert(i, client);
                None
            }
        }
    }

    pub fn remove(&mut self, id: &ClientId) -> Option<Client> {
        let i = self.slot(*id)?;
        self.ids.remove(i);
        self.hint.set(0);
        Some(self.slots.remove(i))
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &ClientId> + '_ {
        self.ids.iter()
    }

    pub fn values(&self) -> std::slice::Iter<'_, Client> {
        self.slots.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, Client> {
        self.slots.iter_mut()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&ClientId, &Client)> + '_ {
        self.ids.iter().zip(self.slots.iter())
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&ClientId, &mut Client)> + '_ {
        self.ids.iter().zip(self.slots.iter_mut())
    }
}

#[cfg(test)]
mod clients_tests {
    use super::*;

    #[test]
    fn lookups_inserts_and_removals_keep_id_order() {
        let mut clients = Clients::default();
        for id in [1, 2, 5, 9] {
            assert!(clients.insert(id, Client::new(id, 0)).is_none());
        }
        assert!(clients.insert(3, Client::new(3, 0)).is_none());
        assert_eq!(clients.keys().copied().collect::<Vec<_>>(), [1, 2, 3, 5, 9]);
        assert_eq!(clients.get(&9).map(|c| c.id), Some(9));
        assert_eq!(clients.get(&5).map(|c| c.id), Some(5));
        assert!(clients.get(&4).is_none());
        assert_eq!(clients.remove(&2).map(|c| c.id), Some(2));
        // The hint must not point at a stale slot after a removal.
        for id in [9, 1, 3, 5] {
            assert_eq!(clients.get_mut(&id).map(|c| c.id), Some(id));
        }
        assert!(clients.get(&2).is_none() && clients.remove(&2).is_none());
        assert_eq!(clients.values().map(|c| c.id).collect::<Vec<_>>(), [1, 3, 5, 9]);
        assert_eq!(clients.len(), 4);
    }
}
