//! The engine's state and the API hosts drive it with.
//!
//! A host's loop: `connect` clients; for each command `execute(client, argv, now)`;
//! on a timer `tick(now)`; then take replies (`take_replies` for the clients listed by
//! `take_clients_with_output`), change events (`take_events`) and propagated writes
//! (`take_propagated`).

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::client::{Client, ClientId};
use crate::config::Config;
use crate::db::Db;
use crate::pubsub::PubSub;
use crate::reply::Reply;
use crate::rng::Rng;

pub const DB_COUNT: usize = 16;

/// A change to one key, for observers such as the key inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyEvent {
    pub db: usize,
    pub key: Vec<u8>,
    /// Redis's keyspace event name: "set", "del", "expired", "lpush", "rename_from"...
    pub event: &'static str,
}

/// What the host's store says about the append-only file (INFO persistence, MISCONF).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AofStatus {
    pub enabled: bool,
    pub current_size: u64,
    pub base_size: u64,
    pub rewrites: u64,
    /// The last write's error, if it failed: writes are refused until one succeeds.
    pub last_write_error: Option<String>,
}

/// A write as it goes to the append-only file, in the database it applies to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Propagated {
    pub db: usize,
    pub argv: Vec<Vec<u8>>,
}

/// Per-command records (INFO commandstats, LATENCY HISTOGRAM) keyed by the address of the
/// command's static full name, with its name. Found on every call, where a `BTreeMap`
/// walk cost a few percent of a pipelined command's CPU. Readers that show them sort by
/// name.
pub type ByCommand<V> = HashMap<usize, (&'static str, V), crate::table::TableHashing>;

#[derive(Clone, Debug, Default)]
pub struct Stats {
    pub commands_processed: u64,
    pub connections_received: u64,
    pub keyspace_hits: u64,
    pub keyspace_misses: u64,
    pub expired_keys: u64,
    pub evicted_keys: u64,
    pub rejected_calls: u64,
    pub failed_calls: u64,
    pub pubsub_messages: u64,
    /// Keyed by the address of the command's static full name: cheap to find per call.
    pub per_command: ByCommand<CommandStats>,
    /// Error replies by their prefix (INFO errorstats).
    pub error_replies: BTreeMap<String, u64>,
}

#[derive(Clone, Debug, Default)]
pub struct CommandStats {
    pub calls: u64,
    /// Microseconds spent in the command (on the host's clock; 0 without one).
    pub usec: u64,
    pub rejected: u64,
    pub failed: u64,
}

pub struct Engine {
    pub(crate) dbs: Vec<Db>,
    pub(crate) clients: crate::client::Clients,
    pub(crate) config: Config,
    pub(crate) rng: Rng,
    /// The time of the command being executed (ms since the Unix epoch).
    pub(crate) now: i64,
    pub(crate) start_ms: i64,
    pub(crate) next_client_id: ClientId,
    pub(crate) pubsub: PubSub,
    /// WATCHed keys: who watches (db, key).
    pub(crate) watched: HashMap<(usize, Vec<u8>), Vec<ClientId>>,
    /// Clients blocked on (db, key), in arrival order.
    pub(crate) blocking: HashMap<(usize, Vec<u8>), VecDeque<ClientId>>,
    /// Keys that received data while someone was blocked on them.
    pub(crate) ready_keys: Vec<(usize, Vec<u8>)>,
    pub(crate) stats: Stats,
    /// Changes since start (Redis's `server.dirty`).
    pub(crate) dirty: u64,
    pub(crate) run_id: String,
    pub(crate) events: Option<Vec<KeyEvent>>,
    pub(crate) propagated: Option<Vec<Propagated>>,
    pub(crate) with_output: Vec<ClientId>,
    pub(crate) monitors: Vec<ClientId>,
    /// Host-provided description (`keyspace-server`, `browser`) for INFO.
    pub(crate) host: HostInfo,
    /// SHUTDOWN was called: the host should stop.
    pub shutdown_requested: bool,
    /// Set when a retried blocking command found nothing and would block again.
    pub(crate) would_block: bool,
    /// A blocked command is being retried for this key, which became ready.
    pub(crate) serving_key: Option<Vec<u8>>,
    /// How many of the blocked clients wait in XREADGROUP (checked after each command
    /// for a stream key that went away).
    pub(crate) blocked_group_readers: usize,
    /// Commands queued by blocked clients, so the common case skips looking for them.
    pub(crate) pending_commands: usize,
    /// How many clients are blocked right now.
    pub(crate) blocked_clients: usize,
    pub(crate) aof_status: AofStatus,
    /// BGREWRITEAOF was called and the host has not taken the request yet.
    pub(crate) aof_rewrite_requested: bool,
    /// RDB snapshots: LASTSAVE, the last save's status, snapshots for the host to store.
    pub(crate) rdb: crate::snapshot::RdbState,
    /// The host's count of live heap bytes (a counting allocator, like Redis's
    /// zmalloc); without one, used memory is estimated from the keyspace.
    pub(crate) memory_probe: Option<fn() -> u64>,
    /// The host's cap on one command's work (the browser sets one); None: unlimited.
    pub(crate) work_limit: Option<u64>,
    /// An AOF is being replayed (Redis's `server.loading`): an expiry time already past
    /// is set, not turned into a DEL, because later commands in the file may move it.
    pub(crate) loading: bool,
    /// Users and the ACL log.
    pub(crate) acl: crate::commands::acl::Acl,
    /// CLIENT PAUSE in force, if any.
    pub(crate) pause: Option<Pause>,
    /// Clients whose command waits for the pause to end, in the order they came.
    pub(crate) postponed: Vec<ClientId>,
    /// Client-side caching: who may have which key, BCAST prefixes.
    pub(crate) tracking: crate::commands::client::tracking::TrackingState,
    /// The client whose command is running (Redis's `server.current_client`).
    pub(crate) current_client: Option<ClientId>,
    /// EXEC is running its queue (Redis's `server.in_exec`): its writes are wrapped in
    /// MULTI/EXEC there, not by the command that made several records.
    pub(crate) in_exec: bool,
    /// Lua scripts: the state, the cache, the script running (`crate::scripting`).
    pub(crate) scripting: crate::exec::scripting::Scripting,
    /// What the server records about itself: slow log, latency, memory peak, role.
    pub(crate) intro: crate::commands::introspect::Introspection,
}

/// CLIENT PAUSE: until when, and whether only writes wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pause {
    pub end: i64,
    pub write_only: bool,
}

#[derive(Clone, Debug)]
pub struct HostInfo {
    pub name: String,
    pub port: u16,
    pub os: String,
    pub process_id: u32,
}

impl Default for HostInfo {
    fn default() -> Self {
        HostInfo {
            name: "embedded".into(),
            port: 6379,
            os: "WebAssembly".into(),
            process_id: 1,
        }
    }
}

impl Engine {
    /// A fresh engine. `seed` drives every random choice; `now` is the start time (ms).
    pub fn new(seed: u64, now: i64) -> Engine {
        let mut rng = Rng::new(seed);
        let run_id = rng.hex_id();
        Engine {
            dbs: (0..DB_COUNT).map(|_| Db::default()).collect(),
            clients: Default::default(),
            config: Config::default(),
            rng,
            now,
            start_ms: now,
            next_client_id: 1,
            pubsub: PubSub::default(),
            watched: HashMap::new(),
            blocking: HashMap::new(),
            ready_keys: Vec::new(),
            stats: Stats::default(),
            dirty: 0,
            run_id,
            events: None,
            propagated: None,
            with_output: Vec::new(),
            monitors: Vec::new(),
            host: HostInfo::default(),
            shutdown_requested: false,
            would_block: false,
            serving_key: None,
            blocked_group_readers: 0,
            pending_commands: 0,
            blocked_clients: 0,
            aof_status: AofStatus::default(),
            aof_rewrite_requested: false,
            rdb: crate::snapshot::RdbState::new(now),
            memory_probe: None,
            work_limit: None,
            loading: false,
            acl: Default::default(),
            pause: None,
            postponed: Vec::new(),
            tracking: Default::default(),
            current_client: None,
            in_exec: false,
            scripting: Default::default(),
            intro: Default::default(),
        }
    }

    /// The host reports how its AOF store is doing.
    pub fn set_aof_status(&mut self, status: AofStatus) {
        self.aof_status = status;
    }

    pub fn aof_status(&self) -> &AofStatus {
        &self.aof_status
    }

    /// Whether the host should rewrite its AOF now: BGREWRITEAOF was called, or the
    /// log grew past `auto-aof-rewrite-percentage` of its base and is larger than
    /// `auto-aof-rewrite-min-size` (Redis's serverCron rule). Taking it clears the request.
    pub fn take_aof_rewrite(&mut self) -> bool {
        let requested = std::mem::take(&mut self.aof_rewrite_requested);
        requested || self.aof_rewrite_due()
    }

    fn aof_rewrite_due(&self) -> bool {
        let aof = &self.aof_status;
        let percentage = self.config.int("auto-aof-rewrite-percentage");
        let min_size = self
            .config
            .get("auto-aof-rewrite-min-size")
            .and_then(crate::config::parse_memory)
            .unwrap_or(64 << 20);
        if !aof.enabled || percentage <= 0 || aof.current_size as i64 <= min_size {
            return false;
        }
        let base = aof.base_size.max(1) as i64;
        let growth = (aof.current_size as i64).saturating_mul(100) / base - 100;
        growth >= percentage
    }

    /// Caps the work one command of a (non-internal) client may do; see `budget`.
    pub fn set_work_limit(&mut self, limit: Option<u64>) {
        self.work_limit = limit;
    }

    /// Reports used memory from the host's allocator (INFO used_memory, maxmemory).
    /// What it reports now is the startup figure of MEMORY STATS.
    pub fn set_memory_probe(&mut self, probe: fn() -> u64) {
        self.memory_probe = Some(probe);
        let now = probe();
        self.intro.startup_memory = Some(now);
        self.intro.peak_memory = self.intro.peak_memory.max(now);
    }

    /// A monotonic clock in microseconds, for the durations of SLOWLOG, LATENCY and
    /// INFO commandstats. Without one, every command takes 0 µs.
    pub fn set_monotonic_clock(&mut self, probe: fn() -> u64) {
        self.intro.monotonic = Some(probe);
    }

    /// Redis's `stat_peak_memory`: raised to `used` if that is more.
    pub(crate) fn note_memory_peak(&mut self, used: u64) {
        self.intro.peak_memory = self.intro.peak_memory.max(used);
    }

    /// Used memory before any data (MEMORY STATS `startup.allocated`): what the host's
    /// probe said when installed, else the estimate of an empty engine.
    pub(crate) fn startup_memory(&self) -> u64 {
        self.intro.startup_memory.unwrap_or(crate::exec::EMPTY_ENGINE_BYTES)
    }

    pub fn set_host_info(&mut self, host: HostInfo) {
        self.host = host;
    }

    /// Starts recording key change events (for an inspector); `take_events` drains them.
    pub fn observe_keyspace(&mut self, on: bool) {
        self.events = on.then(Vec::new);
    }

    pub fn take_events(&mut self) -> Vec<KeyEvent> {
        self.events.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Starts recording writes as they go to the AOF; `take_propagated` drains them.
    pub fn record_propagation(&mut self, on: bool) {
        self.propagated = on.then(Vec::new);
    }

    pub fn take_propagated(&mut self) -> Vec<Propagated> {
        // A script's effects leave together, once it ends (wrapped in MULTI/EXEC).
        if let Some(running) = &mut self.scripting.running {
            let Some(records) = self.propagated.as_mut() else {
                return Vec::new();
            };
            // What came before the script leaves now; the script's own records stay.
            let rest = records.split_off(running.first_record.min(records.len()));
            running.first_record = 0;
            return std::mem::replace(records, rest);
        }
        self.propagated.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// A new client connection; its id is what CLIENT ID answers.
    pub fn connect(&mut self, now: i64) -> ClientId {
        let id = self.next_client_id;
        self.next_client_id += 1;
        let mut client = Client::new(id, now);
        // Authenticated from the start when the default user needs no password.
        client.authenticated = self.acl.default_needs_no_auth();
        self.clients.insert(id, client);
        self.stats.connections_received += 1;
        id
    }

    /// Like `connect`, with the addresses CLIENT LIST shows.
    pub fn connect_from(&mut self, now: i64, addr: &str, laddr: &str) -> ClientId {
        let id = self.connect(now);
        if let Some(c) = self.clients.get_mut(&id) {
            c.addr = addr.to_string();
            c.laddr = laddr.to_string();
        }
        id
    }

    /// A hidden client (lesson checks, panels, the AOF loader): not in CLIENT LIST, INFO
    /// clients or MONITOR, and never refused by ACL rules or a password (Redis's
    /// superuser clients, whose user is none).
    pub fn connect_internal(&mut self, now: i64) -> ClientId {
        let id = self.connect(now);
        if let Some(c) = self.clients.get_mut(&id) {
            c.internal = true;
            c.user = None;
            c.authenticated = true;
        }
        id
    }

    /// Forgets a client: its subscriptions, watches and blocking go with it.
    pub fn disconnect(&mut self, id: ClientId) {
        if let Some(c) = self.clients.get(&id) {
            self.pending_commands -= c.pending.len();
        }
        self.unwatch_all(id);
        self.unblock_client(id);
        self.pubsub_forget(id);
        self.disable_tracking(id);
        self.monitors.retain(|&m| m != id);
        self.postponed.retain(|&c| c != id);
        self.clients.remove(&id);
        self.with_output.retain(|&c| c != id);
    }

    /// Redis's `freeClient` from inside (CLIENT KILL, ACL DELUSER, revoked channels):
    /// its pending output is dropped, it hears nothing more and runs nothing more; the
    /// host closes the connection when it next looks at it.
    pub(crate) fn close_client(&mut self, id: ClientId) {
        self.unblock_client(id);
        self.pubsub_forget(id);
        self.disable_tracking(id);
        self.monitors.retain(|&m| m != id);
        self.postponed.retain(|&c| c != id);
        let Some(c) = self.clients.get_mut(&id) else { return };
        self.pending_commands -= c.pending.len();
        c.pending.clear();
        c.outbox.clear();
        c.killed = true;
        c.closing = true;
        if !self.with_output.contains(&id) {
            self.with_output.push(id);
        }
    }

    /// Executes one command (already split into arguments) for a client at time `now`.
    /// Replies go to the client's outbox, and possibly to other clients' (pub/sub,
    /// unblocked pops): see `take_clients_with_output`.
    pub fn execute(&mut self, id: ClientId, argv: Vec<Vec<u8>>, now: i64) {
        self.now = now;
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if client.killed {
            return;
        }
        client.last_ms = now;
        if self.pause.is_some_and(|p| p.end < now) {
            self.check_pause_end();
            self.after_command();
        }
        // While a script runs, the engine is its: its own client's next commands wait,
        // and so do the others' until busy-reply-threshold (then they get BUSY).
        let waits_for_script = self
            .scripting
            .running
            .as_ref()
            .is_some_and(|r| r.client == id || !self.script_past_threshold());
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if client.blocked.is_some() || client.postponed.is_some() || client.awaiting_snapshot || waits_for_script {
            // A blocked (or paused) connection's further commands wait their turn, as
            // Redis does by not reading from a blocked client.
            client.pending.push_back(argv);
            self.pending_commands += 1;
            return;
        }
        self.current_client = Some(id);
        self.process_command(id, argv);
        self.after_command();
        self.current_client = None;
    }

    /// Executes and returns the replies this client received (convenience for tests
    /// and single-client hosts).
    pub fn call(&mut self, id: ClientId, argv: Vec<Vec<u8>>, now: i64) -> Vec<Reply> {
        self.execute(id, argv, now);
        self.take_replies(id)
    }

    /// Runs the periodic work: active expiry, blocked clients' time-outs.
    pub fn tick(&mut self, now: i64) {
        self.now = now;
        self.check_pause_end();
        // Like Redis, the dataset stays as it is while clients are paused, and a replica
        // leaves expiring to its master (its keys only look expired).
        if self.pause.is_none() && !self.is_replica() {
            self.monitor_latency("expire-cycle", Engine::active_expire_cycle);
        }
        self.expire_blocked_clients();
        if self.scripting.running.is_some() {
            self.run_script_slice(now);
        }
        self.save_cron();
        self.after_command();
        self.broadcast_invalidations();
    }

    /// The earliest deadline of a blocked client (BLPOP time-outs), if any: cheap when
    /// nobody is blocked, so a server can ask on every turn of its loop.
    /// Includes the end of a CLIENT PAUSE, when paused clients go on.
    pub fn next_block_deadline(&self) -> Option<i64> {
        let pause = self.pause.map(|p| p.end + 1);
        if self.blocked_clients == 0 {
            return pause;
        }
        let blocked = self
            .clients
            .values()
            .filter_map(|c| c.blocked.as_ref().and_then(|b| b.deadline))
            .min();
        [blocked, pause].into_iter().flatten().min()
    }

    /// The earliest time at which something will happen without a command: a blocked
    /// client's deadline or a key's expiry. Lets a host sleep until then.
    pub fn next_deadline(&self) -> Option<i64> {
        let blocked = self
            .clients
            .values()
            .filter_map(|c| c.blocked.as_ref().and_then(|b| b.deadline))
            .min();
        let expiry = self
            .dbs
            .iter()
            .filter(|db| !db.expires.is_empty() && db.expires.len() <= 4096)
            .flat_map(|db| db.expires.iter().map(|(_, &at)| at))
            .min();
        // The end of a CLIENT PAUSE: Redis lets paused clients go once it has passed.
        let pause = self.pause.map(|p| p.end + 1);
        [blocked, expiry, pause].into_iter().flatten().min()
    }

    /// Clients whose outbox received something since the last call. Like Redis before
    /// it sleeps, this first sends BCAST tracking invalidations for the keys changed
    /// since.
    pub fn take_clients_with_output(&mut self) -> Vec<ClientId> {
        self.broadcast_invalidations();
        std::mem::take(&mut self.with_output)
    }

    pub fn take_replies(&mut self, id: ClientId) -> Vec<Reply> {
        self.take_packed_replies(id).into_iter().map(Reply::unpacked).collect()
    }

    /// `take_replies` for a host that clips long replies before it reads them (the
    /// terminal shows 1,000 elements of a 266,666-element LRANGE): an array of bulks may
    /// come as `Reply::Bulks`, for the host to cut and then `unpacked`.
    pub fn take_packed_replies(&mut self, id: ClientId) -> Vec<Reply> {
        self.output_of(id)
            .map(|c| std::mem::take(&mut c.outbox))
            .unwrap_or_default()
    }

    /// The client whose replies the host takes now (invalidations broadcast first, as
    /// they go out before the replies; the client no longer counted as having output).
    fn output_of(&mut self, id: ClientId) -> Option<&mut Client> {
        self.broadcast_invalidations();
        self.with_output.retain(|&c| c != id);
        self.clients.get_mut(&id)
    }

    /// Encodes the client's pending replies in its protocol onto `out` (a socket's
    /// output buffer), as `take_replies` and `Reply::encode` would, but keeps the outbox's
    /// capacity for the next batch: a pipelined batch then allocates no reply list.
    pub fn encode_replies(&mut self, id: ClientId, out: &mut Vec<u8>) {
        if let Some(client) = self.output_of(id) {
            let resp = client.resp;
            for reply in client.outbox.drain(..) {
                reply.encode(resp, out);
            }
        }
    }

    /// Whether the host should close this connection after sending its replies.
    pub fn should_close(&self, id: ClientId) -> bool {
        self.clients.get(&id).is_none_or(|c| c.closing)
    }

    pub fn client(&self, id: ClientId) -> Option<&Client> {
        self.clients.get(&id)
    }

    /// Protocol version of a client (2 or 3), for encoding its replies.
    pub fn client_resp(&self, id: ClientId) -> u8 {
        self.clients.get(&id).map_or(2, |c| c.resp)
    }

    pub fn db(&self, index: usize) -> Option<&Db> {
        self.dbs.get(index)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    pub fn now(&self) -> i64 {
        self.now
    }

    /// Key count per database, as INFO keyspace and the database selector show them.
    pub fn key_counts(&self) -> Vec<usize> {
        self.dbs.iter().map(Db::len).collect()
    }

    /// Queues a reply for a client, honouring CLIENT REPLY OFF/SKIP.
    pub(crate) fn send(&mut self, id: ClientId, reply: Reply) {
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if client.reply_mode != crate::client::ReplyMode::On || client.killed {
            return;
        }
        if client.outbox.is_empty() {
            self.with_output.push(id);
        }
        client.outbox.push(reply);
    }

    /// Out-of-band messages go out whatever CLIENT REPLY says (Redis's
    /// `CLIENT_PUSHING`): pub/sub messages and (un)subscribe confirmations, tracking
    /// invalidations, MONITOR lines.
    pub(crate) fn push(&mut self, id: ClientId, reply: Reply) {
        let Some(client) = self.clients.get_mut(&id) else {
            return;
        };
        if client.killed {
            return;
        }
        if client.outbox.is_empty() {
            self.with_output.push(id);
        }
        client.outbox.push(reply);
    }

    pub(crate) fn record_event(&mut self, db: usize, key: &[u8], event: &'static str) {
        if let Some(events) = self.events.as_mut() {
            events.push(KeyEvent {
                db,
                key: key.to_vec(),
                event,
            });
        }
    }

    pub(crate) fn propagate(&mut self, db: usize, argv: Vec<Vec<u8>>) {
        if let Some(out) = self.propagated.as_mut() {
            out.push(Propagated { db, argv });
        }
    }
}
