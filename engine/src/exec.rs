//! Running commands: Redis's `processCommand` and `call`, and the context handlers get.
//!
//! Order of checks follows Redis 7.0: unknown command or subcommand, arity, pub/sub
//! context, transaction queuing, then the handler. Side effects every command may
//! have (lazy expiry, keyspace events, WATCH invalidation, waking blocked clients,
//! propagation) are funnelled through `Ctx` so no handler can forget one.

use crate::client::{Blocked, ClientId, ReplyMode, WatchedKey};
use crate::db::Db;
use crate::engine::{CommandStats, Engine};
use crate::notify;
use crate::reply::{Reply, NOT_FLOAT, NOT_INTEGER};
use crate::table::{self, flags, CommandSpec};
use crate::value::{Kind, Value};

pub type CmdResult = Result<Reply, Reply>;
pub type Handler = fn(&mut Ctx) -> CmdResult;

/// Redis's shared `nokeyerr`.
pub fn no_such_key() -> Reply {
    Reply::err("ERR no such key")
}

/// Handler of a container command (CONFIG, CLIENT...) called without a subcommand;
/// unreachable through dispatch, which checks the container's arity first.
pub fn container_without_subcommand(ctx: &mut Ctx) -> CmdResult {
    Err(ctx.arity_error())
}

/// What a handler sees: the engine, the calling client, its arguments and the time.
pub struct Ctx<'a> {
    pub eng: &'a mut Engine,
    pub client: ClientId,
    pub argv: &'a [Vec<u8>],
    pub db: usize,
    pub now: i64,
    pub spec: &'static CommandSpec,
    pub full_name: &'static str,
    /// False inside MULTI/EXEC and when a blocked command is retried: never block.
    pub can_block: bool,
    pub(crate) block: Option<Blocked>,
    /// Some(list) replaces the default propagation of argv (None: propagate argv if dirty).
    pub(crate) propagate_as: Option<Vec<Vec<Vec<u8>>>>,
    /// The handler sent its replies itself (SUBSCRIBE sends one per channel).
    pub(crate) replied: bool,
}

impl<'a> Ctx<'a> {
    pub fn arg(&self, i: usize) -> &'a [u8] {
        &self.argv[i]
    }

    pub fn argc(&self) -> usize {
        self.argv.len()
    }

    pub fn arity_error(&self) -> Reply {
        Reply::err(format!("wrong number of arguments for '{}' command", self.full_name))
    }

    pub fn int_arg(&self, i: usize) -> Result<i64, Reply> {
        crate::num::parse_i64(self.arg(i)).ok_or_else(|| Reply::err(NOT_INTEGER))
    }

    pub fn float_arg(&self, i: usize) -> Result<f64, Reply> {
        crate::num::parse_f64(self.arg(i)).ok_or_else(|| Reply::err(NOT_FLOAT))
    }

    /// Whether argument `i` equals `word` in any letter case.
    pub fn is(&self, i: usize, word: &str) -> bool {
        self.argv
            .get(i)
            .is_some_and(|a| a.eq_ignore_ascii_case(word.as_bytes()))
    }

    pub fn db_ref(&self) -> &Db {
        &self.eng.dbs[self.db]
    }

    pub fn db_mut(&mut self) -> &mut Db {
        &mut self.eng.dbs[self.db]
    }

    pub fn client_mut(&mut self) -> &mut crate::client::Client {
        self.eng
            .clients
            .get_mut(&self.client)
            .expect("the calling client exists")
    }

    pub fn client_ref(&self) -> &crate::client::Client {
        self.eng.clients.get(&self.client).expect("the calling client exists")
    }

    pub fn resp(&self) -> u8 {
        self.client_ref().resp
    }

    /// Deletes the key if its time has passed (lazy expiry); true when it did.
    pub fn expire_if_needed(&mut self, key: &[u8]) -> bool {
        self.eng.expire_if_needed(self.db, key)
    }

    /// The random draw of Redis's logarithmic LFU counter, only under an LFU policy
    /// (otherwise only the access time is kept, as Redis keeps only the LRU clock).
    fn access_chance(&mut self) -> f64 {
        if self.eng.config.lfu_policy() {
            self.eng.rng.unit()
        } else {
            f64::INFINITY
        }
    }

    /// Looks a key up for reading, counting a hit or a miss.
    pub fn lookup_read(&mut self, key: &[u8]) -> Option<&Value> {
        self.expire_if_needed(key);
        let (now, chance) = (self.now, self.access_chance());
        let found = self.eng.dbs[self.db].keys.get_mut(key).map(|o| o.touch(now, chance));
        if found.is_some() {
            self.eng.stats.keyspace_hits += 1;
        } else {
            self.eng.stats.keyspace_misses += 1;
        }
        self.eng.dbs[self.db].keys.get(key).map(|o| &o.value)
    }

    /// Looks a key up for writing (no hit/miss statistics).
    pub fn lookup_write(&mut self, key: &[u8]) -> Option<&mut Value> {
        self.expire_if_needed(key);
        let (now, chance) = (self.now, self.access_chance());
        self.eng.dbs[self.db].keys.get_mut(key).map(|o| {
            o.touch(now, chance);
            &mut o.value
        })
    }

    /// Whether a key exists (after lazy expiry), without touching its access time.
    pub fn exists(&mut self, key: &[u8]) -> bool {
        self.expire_if_needed(key);
        self.eng.dbs[self.db].keys.contains_key(key)
    }

    /// Reads a key that must be of `kind`: Ok(None) when missing, WRONGTYPE otherwise.
    pub fn read_kind(&mut self, key: &[u8], kind: Kind) -> Result<Option<&Value>, Reply> {
        match self.lookup_read(key) {
            Some(v) if v.kind() != kind => Err(Reply::wrongtype()),
            other => Ok(other),
        }
    }

    pub fn write_kind(&mut self, key: &[u8], kind: Kind) -> Result<Option<&mut Value>, Reply> {
        match self.lookup_write(key) {
            Some(v) if v.kind() != kind => Err(Reply::wrongtype()),
            other => Ok(other),
        }
    }

    /// The value under `key` for writing, made by `create` when the key is missing
    /// (Redis's `*TypeLookupWriteOrCreate`); WRONGTYPE when it holds another kind. One
    /// lookup touches the key, as one `lookupKeyWrite` does.
    pub fn write_or_create(
        &mut self,
        key: &[u8],
        kind: Kind,
        create: impl FnOnce() -> Value,
    ) -> Result<&mut Value, Reply> {
        if self.write_kind(key, kind)?.is_none() {
            self.add_key(key, create());
        }
        self.eng.dbs[self.db]
            .keys
            .get_mut(key)
            .map(|o| &mut o.value)
            .ok_or_else(no_such_key)
    }

    /// A key this command found a moment ago, for writing (an error reply, never a
    /// panic, should it be gone).
    pub fn write_existing(&mut self, key: &[u8]) -> Result<&mut Value, Reply> {
        self.lookup_write(key).ok_or_else(no_such_key)
    }

    /// Adds a key that does not exist (`dbAdd`): wakes clients blocked on it.
    pub fn add_key(&mut self, key: &[u8], value: Value) {
        let obj = crate::object::Object::new(value, self.now);
        self.eng.db_add(self.db, key, obj, None);
    }

    /// Stores a value whatever was there (`setKey`): drops the old TTL unless
    /// `keep_ttl`, and counts as a modification for WATCH.
    pub fn set_key(&mut self, key: &[u8], value: Value, keep_ttl: bool) {
        self.expire_if_needed(key);
        let db = &mut self.eng.dbs[self.db];
        if let Some(obj) = db.keys.get_mut(key) {
            obj.value = value;
            obj.access_ms = self.now;
            if !keep_ttl {
                db.persist(key);
            }
        } else {
            self.add_key(key, value);
        }
        self.modified(key);
    }

    /// Deletes a key; true when it existed. Counts as a modification for WATCH.
    pub fn delete_key(&mut self, key: &[u8]) -> bool {
        self.expire_if_needed(key);
        let removed = self.eng.dbs[self.db].remove(key).is_some();
        if removed {
            self.modified(key);
        }
        removed
    }

    /// Removes a collection emptied by a command, with Redis's `del` event.
    pub fn delete_if_empty(&mut self, key: &[u8]) -> bool {
        let empty = self.eng.dbs[self.db].keys.get(key).is_some_and(|o| o.value.size() == 0);
        if empty {
            self.eng.dbs[self.db].remove(key);
            self.notify(notify::GENERIC, "del", key);
        }
        empty
    }

    pub fn expire_at(&self, key: &[u8]) -> Option<i64> {
        self.eng.dbs[self.db].expire_at(key)
    }

    /// Whether an expiry time set now would delete the key at once (Redis's
    /// checkAlreadyExpired): never while an AOF loads, where a later command may move it.
    pub fn already_expired(&self, at: i64) -> bool {
        at <= self.now && !self.eng.loading
    }

    pub fn set_expire(&mut self, key: &[u8], at: i64) {
        self.eng.dbs[self.db].set_expire(key, at);
    }

    /// What every write to a key does, in Redis's order: `signalModifiedKey` (WATCH),
    /// `notifyKeyspaceEvent`, then `server.dirty += dirty` (propagation and the AOF).
    pub fn changed(&mut self, key: &[u8], class: u32, event: &'static str, dirty: u64) {
        self.modified(key);
        self.notify(class, event, key);
        self.dirty(dirty);
    }

    /// `signalModifiedKey`: WATCHers of the key will fail their EXEC.
    pub fn modified(&mut self, key: &[u8]) {
        self.eng.touch_watched_key(self.db, key);
    }

    /// `notifyKeyspaceEvent`: tells observers and, if configured, keyspace subscribers.
    pub fn notify(&mut self, class: u32, event: &'static str, key: &[u8]) {
        self.eng.notify_keyspace_event(class, event, key, self.db);
    }

    /// Counts changes (`server.dirty`): a write command that changed nothing propagates nothing.
    pub fn dirty(&mut self, n: u64) {
        self.eng.dirty += n;
    }

    /// Replaces what this command propagates to the AOF.
    pub fn propagate(&mut self, argv: Vec<Vec<u8>>) {
        self.propagate_as.get_or_insert_with(Vec::new).push(argv);
    }

    /// Blocks the client on keys until `deadline` (Redis's `blockForKeys`); inside a
    /// transaction it answers `timeout_reply` at once instead, as Redis does.
    /// `immediate` is the answer when blocking is not allowed (inside MULTI);
    /// Redis 7.0 answers a time-out of any list or sorted-set pop with a null array.
    pub fn block(&mut self, keys: Vec<Vec<u8>>, deadline: Option<i64>, immediate: Reply) -> CmdResult {
        if !self.can_block {
            self.eng.would_block = true;
            return Ok(immediate);
        }
        let timeout_reply = Reply::NullArray;
        self.block = Some(Blocked {
            db: self.db,
            keys,
            deadline,
            argv: self.argv.to_vec(),
            timeout_reply,
        });
        Ok(Reply::Null)
    }

    /// Parses a blocking timeout in seconds (fractions allowed) into an absolute deadline.
    pub fn timeout_arg(&self, i: usize) -> Result<Option<i64>, Reply> {
        let secs = crate::num::parse_f64(self.arg(i))
            .filter(|v| v.is_finite())
            .ok_or_else(|| Reply::err("ERR timeout is not a float or out of range"))?;
        // Redis truncates, (long long)(seconds * 1000.0), then checks the sign.
        let ms = (secs * 1000.0).trunc();
        if ms < 0.0 {
            return Err(Reply::err("ERR timeout is negative"));
        }
        if ms > (i64::MAX / 2) as f64 {
            return Err(Reply::err("ERR timeout is out of range"));
        }
        Ok(if ms == 0.0 { None } else { Some(self.now + ms as i64) })
    }

    /// Sends one of several replies of this command (the handler's own result is
    /// then dropped unless it is an error).
    pub fn reply(&mut self, reply: Reply) {
        self.replied = true;
        self.eng.send(self.client, reply);
    }

    pub fn rng(&mut self) -> &mut crate::rng::Rng {
        &mut self.eng.rng
    }
}

impl Engine {
    /// `processCommand`: checks, then queue (MULTI) or call.
    pub(crate) fn process_command(&mut self, id: ClientId, argv: Vec<Vec<u8>>) {
        if argv.is_empty() {
            return;
        }
        let reply_mode_before = self.clients.get(&id).map(|c| c.reply_mode);
        let outcome = self.resolve(&argv);
        let (parent, spec) = match outcome {
            Ok(found) => found,
            Err(error) => {
                self.reject(id, &argv, error, None);
                return;
            }
        };
        let full_name = table::full_name(parent, spec);
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        let top = parent.unwrap_or(spec);

        if client.in_pubsub_context() && !allowed_in_pubsub(top.name) {
            let msg = format!(
                "ERR Can't execute '{full_name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
            );
            self.reject(id, &argv, Reply::err(msg), Some(full_name));
            return;
        }
        if client.multi.is_some() && top.has(flags::NO_MULTI) {
            self.reject(
                id,
                &argv,
                Reply::err("Command not allowed inside a transaction"),
                Some(full_name),
            );
            return;
        }
        if client.multi.is_some() && !matches!(top.name, "exec" | "discard" | "multi" | "watch" | "quit" | "reset") {
            if let Some(multi) = self.clients.get_mut(&id).and_then(|c| c.multi.as_mut()) {
                multi.queue.push(argv);
            }
            self.send(id, Reply::status("QUEUED"));
            return;
        }
        // Internal clients (the AOF loader above all) are not refused for memory or a
        // failing AOF: Redis loads its AOF whatever maxmemory says, and a replay that
        // dropped writes would lose the learner's data.
        let internal = client.internal;
        // Like Redis when the AOF cannot be written: refuse writes rather than lose them.
        if let Some(error) = self
            .aof_status
            .last_write_error
            .as_ref()
            .filter(|_| spec.has(flags::WRITE) && !internal)
        {
            let msg = format!("MISCONF Errors writing to the AOF file: {error}");
            self.reject(id, &argv, Reply::err(msg), Some(full_name));
            return;
        }
        if let Some(oom) = if internal { None } else { self.check_oom(spec) } {
            self.reject(id, &argv, oom, Some(full_name));
            return;
        }
        let reply = self.call_command(id, &argv, spec, full_name, true, true);
        if let Some(reply) = reply {
            self.send(id, reply);
        }
        self.advance_reply_mode(id, reply_mode_before);
    }

    /// CLIENT REPLY SKIP silences exactly the command after it.
    fn advance_reply_mode(&mut self, id: ClientId, before: Option<ReplyMode>) {
        if let Some(client) = self.clients.get_mut(&id) {
            if before == Some(ReplyMode::Skipping) && client.reply_mode == ReplyMode::Skipping {
                client.reply_mode = ReplyMode::On;
            }
            if client.reply_mode == ReplyMode::SkipNext {
                client.reply_mode = ReplyMode::Skipping;
            }
        }
    }

    /// Finds the command (and subcommand) or the error Redis gives.
    fn resolve(&self, argv: &[Vec<u8>]) -> Result<(Option<&'static CommandSpec>, &'static CommandSpec), Reply> {
        let Some(spec) = table::lookup(&argv[0]) else {
            let mut args = String::new();
            for a in argv[1..].iter() {
                args.push('\'');
                args.push_str(&String::from_utf8_lossy(&a[..a.len().min(128)]));
                args.push_str("' ");
            }
            return Err(Reply::err(format!(
                "unknown command '{}', with args beginning with: {}",
                String::from_utf8_lossy(&argv[0][..argv[0].len().min(128)]),
                args
            )));
        };
        if spec.is_container() {
            if argv.len() < 2 {
                return Err(Reply::err(format!(
                    "wrong number of arguments for '{}' command",
                    spec.name
                )));
            }
            let Some(sub) = spec.subcommand(&argv[1]) else {
                return Err(Reply::err(format!(
                    "unknown subcommand '{}'. Try {} HELP.",
                    String::from_utf8_lossy(&argv[1][..argv[1].len().min(128)]),
                    spec.name.to_ascii_uppercase()
                )));
            };
            if !sub.arity_ok(argv.len()) {
                return Err(Reply::err(format!(
                    "wrong number of arguments for '{}|{}' command",
                    spec.name, sub.name
                )));
            }
            return Ok((Some(spec), sub));
        }
        if !spec.arity_ok(argv.len()) {
            return Err(Reply::err(format!(
                "wrong number of arguments for '{}' command",
                spec.name
            )));
        }
        Ok((None, spec))
    }

    /// `rejectCommand`: the error, and a transaction in progress is doomed.
    fn reject(&mut self, id: ClientId, _argv: &[Vec<u8>], error: Reply, full_name: Option<&'static str>) {
        if let Some(multi) = self.clients.get_mut(&id).and_then(|c| c.multi.as_mut()) {
            multi.error = true;
        }
        self.stats.rejected_calls += 1;
        self.count_error(&error);
        if let Some(name) = full_name {
            self.stats
                .per_command
                .entry(name.as_ptr() as usize)
                .or_insert((name, CommandStats::default()))
                .1
                .rejected += 1;
        }
        self.send(id, error);
    }

    /// `call`: runs the handler with its side effects. Returns the reply, or None when
    /// the client blocked.
    pub(crate) fn call_command(
        &mut self,
        id: ClientId,
        argv: &[Vec<u8>],
        spec: &'static CommandSpec,
        full_name: &'static str,
        can_block: bool,
        monitor: bool,
    ) -> Option<Reply> {
        let db = self.clients.get(&id).map_or(0, |c| c.db);
        if let Some(refusal) = self.over_work_limit(id, db, spec, argv) {
            self.stats.rejected_calls += 1;
            self.count_error(&refusal);
            return Some(refusal);
        }
        let in_multi = self.clients.get(&id).is_some_and(|c| c.multi.is_some());
        let dirty_before = self.dirty;
        let mut ctx = Ctx {
            eng: self,
            client: id,
            argv,
            db,
            now: 0,
            spec,
            full_name,
            can_block: can_block && !in_multi,
            block: None,
            propagate_as: None,
            replied: false,
        };
        ctx.now = ctx.eng.now;
        let result = (spec.handler)(&mut ctx);
        let block = ctx.block.take();
        let propagate_as = ctx.propagate_as.take();
        let replied = ctx.replied;
        let reply = result.unwrap_or_else(|e| e);

        self.stats.commands_processed += 1;
        let entry = &mut self
            .stats
            .per_command
            .entry(full_name.as_ptr() as usize)
            .or_insert((full_name, CommandStats::default()))
            .1;
        entry.calls += 1;
        if reply.is_error() {
            entry.failed += 1;
            self.stats.failed_calls += 1;
            self.count_error(&reply);
        }
        // Like Redis's call(): after the command ran (a SELECT shows its new database),
        // not when a blocked command is retried.
        if monitor {
            self.feed_monitors(id, argv, spec);
        }
        if let Some(client) = self.clients.get_mut(&id) {
            client.last_cmd = full_name;
        }
        if let Some(blocked) = block {
            self.block_client(id, blocked);
            return None;
        }
        match propagate_as {
            Some(list) => {
                for argv in list {
                    self.propagate(db, argv);
                }
            }
            None if self.dirty != dirty_before && spec.has(flags::WRITE) => self.propagate(db, argv.to_vec()),
            None => {}
        }
        if replied && !reply.is_error() {
            return None;
        }
        Some(reply)
    }

    /// The refusal of a command the host's work limit does not allow (see `budget`).
    fn over_work_limit(&self, id: ClientId, db: usize, spec: &CommandSpec, argv: &[Vec<u8>]) -> Option<Reply> {
        let limit = self.work_limit?;
        if self.clients.get(&id).is_none_or(|c| c.internal) {
            return None;
        }
        let keys = spec.key_positions(argv);
        let input = crate::budget::CostInput {
            db: &self.dbs[db],
            argv,
            keys: &keys,
        };
        let estimate = (spec.cost?)(&input)?;
        (estimate.units() > limit).then(|| Reply::err(crate::budget::refusal(spec.name, &estimate, limit)))
    }

    /// After every command and tick: serve clients blocked on keys that became ready,
    /// then let unblocked clients run the commands they sent meanwhile.
    pub(crate) fn after_command(&mut self) {
        // Iterative on purpose: a client may have queued thousands of commands while
        // blocked; running them must not grow the stack.
        loop {
            while !self.ready_keys.is_empty() {
                let ready = std::mem::take(&mut self.ready_keys);
                for (db, key) in ready {
                    self.serve_blocked_on(db, &key);
                }
            }
            if self.pending_commands == 0 {
                return;
            }
            let next = self
                .clients
                .values_mut()
                .find(|c| c.blocked.is_none() && !c.pending.is_empty())
                .and_then(|c| {
                    let argv = c.pending.pop_front()?;
                    Some((c.id, argv))
                });
            let Some((id, argv)) = next else { return };
            self.pending_commands -= 1;
            self.process_command(id, argv);
        }
    }

    fn count_error(&mut self, reply: &Reply) {
        if let Reply::Error(text) = reply {
            let prefix = text.split(' ').next().unwrap_or("ERR").to_string();
            *self.stats.error_replies.entry(prefix).or_default() += 1;
        }
    }

    /// Redis's `dbAdd` into any database: the object, its expiry if it has one, and
    /// clients blocked on the key woken when it is a list or a sorted set.
    pub(crate) fn db_add(&mut self, db: usize, key: &[u8], obj: crate::object::Object, expire: Option<i64>) {
        let wakes = matches!(obj.value.kind(), Kind::List | Kind::ZSet);
        self.dbs[db].keys.insert(key.to_vec(), obj);
        if let Some(at) = expire {
            self.dbs[db].set_expire(key, at);
        }
        if wakes {
            self.signal_ready(db, key);
        }
    }

    pub(crate) fn signal_ready(&mut self, db: usize, key: &[u8]) {
        if !self.blocking.is_empty()
            && self.blocking.contains_key(&(db, key.to_vec()))
            && !self.ready_keys.iter().any(|(d, k)| *d == db && k == key)
        {
            self.ready_keys.push((db, key.to_vec()));
        }
    }

    fn block_client(&mut self, id: ClientId, blocked: Blocked) {
        for key in &blocked.keys {
            let waiters = self.blocking.entry((blocked.db, key.clone())).or_default();
            if !waiters.contains(&id) {
                waiters.push_back(id);
            }
        }
        if let Some(client) = self.clients.get_mut(&id) {
            if client.blocked.replace(blocked).is_none() {
                self.blocked_clients += 1;
            }
        }
    }

    /// Removes a client from every blocking queue; returns what it was blocked on.
    pub(crate) fn unblock_client(&mut self, id: ClientId) -> Option<Blocked> {
        let blocked = self.clients.get_mut(&id)?.blocked.take()?;
        self.blocked_clients -= 1;
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
    fn serve_blocked_on(&mut self, db: usize, key: &[u8]) {
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
            // Run it as the client, in the database it blocked in, unable to block again.
            let saved_db = self.clients.get(&id).map_or(0, |c| c.db);
            if let Some(c) = self.clients.get_mut(&id) {
                c.db = blocked.db;
            }
            let full_name = table::full_name(parent, spec);
            self.would_block = false;
            let reply = self.call_command(id, &blocked.argv, spec, full_name, false, false);
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

    // ---- expiry ----

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

    fn delete_expired(&mut self, db: usize, key: &[u8]) {
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
                        .scan(cursor, |k, &at| sampled.push((k.clone(), at)));
                    buckets += 1;
                    if cursor == 0 || sampled.len() >= KEYS_PER_LOOP || buckets >= KEYS_PER_LOOP * 20 {
                        break;
                    }
                }
                self.dbs[db].expire_cursor = cursor;
                let expired: Vec<Vec<u8>> = sampled
                    .iter()
                    .filter(|(_, at)| *at <= now)
                    .map(|(k, _)| k.clone())
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

    // ---- WATCH ----

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
    pub(crate) fn touch_watched_key(&mut self, db: usize, key: &[u8]) {
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

    // ---- MONITOR ----

    fn feed_monitors(&mut self, id: ClientId, argv: &[Vec<u8>], spec: &CommandSpec) {
        if self.monitors.is_empty() || spec.has(flags::ADMIN) || spec.has(flags::SKIP_MONITOR) {
            return;
        }
        let Some(client) = self.clients.get(&id) else { return };
        if client.internal {
            return;
        }
        let mut line = format!(
            "{}.{:06} [{} {}]",
            self.now.div_euclid(1000),
            self.now.rem_euclid(1000) * 1000,
            client.db,
            client.addr
        );
        for arg in argv {
            line.push(' ');
            crate::sds::quote(arg, &mut line);
        }
        for monitor in self.monitors.clone() {
            if monitor != id {
                self.push(monitor, Reply::Status(line.clone()));
            }
        }
    }

    // ---- memory ----

    /// Before every command when `maxmemory` is set, as Redis's `processCommand`: free
    /// memory by the `maxmemory-policy`; a command that may grow memory is refused with
    /// OOM when that is not enough.
    fn check_oom(&mut self, spec: &CommandSpec) -> Option<Reply> {
        let limit = self.config.maxmemory;
        if limit == 0 {
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
    fn perform_evictions(&mut self, limit: u64) -> bool {
        const MAX_PER_COMMAND: usize = 1_000;
        for _ in 0..MAX_PER_COMMAND {
            if self.used_memory() <= limit {
                return true;
            }
            let Some((db, key)) = self.eviction_candidate() else {
                return false;
            };
            self.dbs[db].remove(&key);
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
    fn eviction_candidate(&mut self) -> Option<(usize, Vec<u8>)> {
        let policy = self.config.maxmemory_policy();
        let (volatile, rule) = match policy.split_once('-') {
            Some((scope, rule)) if scope == "volatile" || scope == "allkeys" => (scope == "volatile", rule),
            _ => return None,
        };
        let rule = rule.to_string();
        let samples = self.config.int("maxmemory-samples").max(1) as usize;
        let now = self.now;
        let mut best: Option<(i64, usize, Vec<u8>)> = None;
        for db in 0..self.dbs.len() {
            for _ in 0..samples {
                let database = &self.dbs[db];
                let sampled = if volatile {
                    database
                        .expires
                        .random_entry(&mut self.rng)
                        .map(|(k, &at)| (k.clone(), Some(at)))
                } else {
                    database
                        .keys
                        .random_entry(&mut self.rng)
                        .map(|(k, _)| (k.clone(), database.expire_at(k)))
                };
                let Some((key, expire_at)) = sampled else { break };
                let Some(object) = database.keys.get(&key) else {
                    continue;
                };
                // Higher is a better victim.
                let score = match rule.as_str() {
                    "lru" => now - object.access_ms,
                    "lfu" => 255 - i64::from(object.lfu),
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
        const BASELINE: usize = 850_000;
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

/// Commands a RESP2 client may send while subscribed.
fn allowed_in_pubsub(name: &str) -> bool {
    matches!(
        name,
        "ping"
            | "subscribe"
            | "ssubscribe"
            | "unsubscribe"
            | "sunsubscribe"
            | "psubscribe"
            | "punsubscribe"
            | "quit"
            | "reset"
    )
}
