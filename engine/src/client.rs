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
