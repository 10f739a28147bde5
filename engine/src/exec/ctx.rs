//! `Ctx`: what a handler sees (the engine, the calling client, its arguments, the time)
//! and the side effects every command may have (lazy expiry, keyspace events, WATCH
//! invalidation, waking blocked clients, propagation), funnelled here so no handler can
//! forget one.

use crate::client::{Blocked, ClientId};
use crate::db::Db;
use crate::engine::Engine;
use crate::exec::{no_such_key, CmdResult};
use crate::notify;
use crate::reply::{Reply, NOT_FLOAT, NOT_INTEGER};
use crate::table::CommandSpec;
use crate::value::{Kind, Value};

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
    /// Arguments MONITOR shows as "(redacted)" (passwords: `redactClientCommandArgument`).
    pub(crate) redacted: Vec<usize>,
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

    /// How an access updates an object under the current policy: the LFU counter's
    /// random draw (`LFULogIncr`) under an LFU policy, else only the LRU clock.
    fn access(&mut self) -> Option<crate::object::LfuAccess> {
        if !self.eng.config.lfu_policy() {
            return None;
        }
        Some(crate::object::LfuAccess {
            log_factor: self.eng.config.int("lfu-log-factor"),
            decay_time: self.eng.config.int("lfu-decay-time"),
            draw: self.eng.rng.unit(),
        })
    }

    /// Looks a key up for reading, counting a hit or a miss.
    pub fn lookup_read(&mut self, key: &[u8]) -> Option<&Value> {
        self.expire_if_needed(key);
        let (now, access) = (self.now, self.access());
        let found = self.eng.dbs[self.db].keys.get_mut(key).map(|o| o.touch(now, access));
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
        let (now, access) = (self.now, self.access());
        self.eng.dbs[self.db].keys.get_mut(key).map(|o| {
            o.touch(now, access);
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

    /// A string value as `tryObjectEncoding` stores it: an integer in 0..9999 is one of
    /// Redis's shared objects unless `maxmemory` is set with an LRU or LFU policy.
    pub fn new_string(&self, bytes: Vec<u8>) -> Value {
        let mut value = Value::string(bytes);
        self.mark_sharing(&mut value);
        value
    }

    /// Records whether a string stored now could be a shared integer (the policy when
    /// it is stored decides, as `createStringObjectFromLongLongForValue` does).
    fn mark_sharing(&self, value: &mut Value) {
        if let Value::String(s) = value {
            s.unshared |= !self.eng.config.shares_integers();
        }
    }

    /// Adds a key that does not exist (`dbAdd`): wakes clients blocked on it.
    pub fn add_key(&mut self, key: &[u8], mut value: Value) {
        self.mark_sharing(&mut value);
        let obj = crate::object::Object::new(value, self.now, self.eng.config.lfu_policy());
        self.eng.db_add(self.db, key, obj, None);
    }

    /// Stores a value whatever was there (`setKey`): drops the old TTL unless
    /// `keep_ttl`, and counts as a modification for WATCH.
    pub fn set_key(&mut self, key: &[u8], mut value: Value, keep_ttl: bool) {
        self.mark_sharing(&mut value);
        self.expire_if_needed(key);
        let lfu = self.eng.config.lfu_policy();
        let db = &mut self.eng.dbs[self.db];
        if let Some(obj) = db.keys.get_mut(key) {
            obj.value = value;
            // `dbSetValue`: under an LFU policy the new object inherits the old counter.
            if !lfu {
                obj.reset_access(self.now, false);
            }
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

    /// The key that became ready when this run retries a blocked command.
    pub fn serving_key(&self) -> Option<&[u8]> {
        self.eng.serving_key.as_deref()
    }

    /// Propagates nothing of this command but what `propagate` adds
    /// (`preventCommandPropagation`).
    pub fn suppress_propagation(&mut self) {
        self.propagate_as.get_or_insert_with(Vec::new);
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
        let argv = self.argv.to_vec();
        self.block_as(keys, deadline, immediate, argv)
    }

    /// `block`, retrying `argv` rather than the command as sent (XREAD's `$` is the
    /// last ID when it blocked, not when it is served).
    pub fn block_as(
        &mut self,
        keys: Vec<Vec<u8>>,
        deadline: Option<i64>,
        immediate: Reply,
        argv: Vec<Vec<u8>>,
    ) -> CmdResult {
        if !self.can_block {
            self.eng.would_block = true;
            return Ok(immediate);
        }
        let timeout_reply = Reply::NullArray;
        self.block = Some(Blocked {
            db: self.db,
            keys,
            deadline,
            argv,
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

    /// Sends one out-of-band reply of this command, whatever CLIENT REPLY says (pub/sub
    /// confirmations are pushes in Redis); the handler's own result is then dropped
    /// unless it is an error.
    pub fn push_reply(&mut self, reply: Reply) {
        self.replied = true;
        self.eng.push(self.client, reply);
    }

    /// Hides argument `i` from MONITOR (a password).
    pub fn redact(&mut self, i: usize) {
        self.redacted.push(i);
    }

    pub fn rng(&mut self) -> &mut crate::rng::Rng {
        &mut self.eng.rng
    }
}
