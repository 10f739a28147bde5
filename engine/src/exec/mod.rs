//! Running commands: Redis's `processCommand` and `call`, and the context handlers get.
//!
//! Order of checks follows Redis 7.0: unknown command or subcommand, arity, pub/sub
//! context, transaction queuing, then the handler. Side effects every command may
//! have (lazy expiry, keyspace events, WATCH invalidation, waking blocked clients,
//! propagation) are funnelled through `Ctx` so no handler can forget one.

use crate::client::{ClientId, ReplyMode};
use crate::engine::{CommandStats, Engine};
use crate::reply::Reply;
use crate::table::{self, flags, CommandSpec};
use crate::value::Kind;

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

mod blocked;
mod ctx;
mod evict;
pub(crate) mod functions;
pub(crate) mod script_lua;
pub(crate) mod scripting;
pub use evict::EMPTY_ENGINE_BYTES;
mod expire;
mod multi;

pub use ctx::Ctx;

impl Engine {
    /// `processCommand`: checks, then queue (MULTI) or call.
    pub(crate) fn process_command(&mut self, id: ClientId, argv: Vec<Vec<u8>>) {
        if argv.is_empty() {
            return;
        }
        let reply_mode_before = self.clients.get(&id).map(|c| c.reply_mode);
        let outcome = self.resolve(&argv);
        // Like Redis, the command is the client's last one (CLIENT LIST's cmd=) even
        // when it is refused; an unknown one is NULL.
        let last = match &outcome {
            Ok((parent, spec)) => table::full_name(*parent, spec),
            Err(_) if argv.len() < 2 || table::lookup(&argv[0]).is_none_or(|c| !c.is_container()) => {
                table::lookup(&argv[0]).map_or("NULL", |c| c.name)
            }
            Err(_) => "NULL",
        };
        if let Some(client) = self.clients.get_mut(&id) {
            client.last_cmd = last;
        }
        let (parent, spec) = match outcome {
            Ok(found) => found,
            Err(error) => {
                self.reject(id, &argv, error, None);
                self.after_reply(id, reply_mode_before, None);
                return;
            }
        };
        let full_name = table::full_name(parent, spec);
        let top = parent.unwrap_or(spec);
        if let Some(error) = self.refusal(id, &argv, spec, top) {
            self.reject(id, &argv, error, Some(full_name));
            self.after_reply(id, reply_mode_before, Some(top));
            return;
        }
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        // A replica's refusals, in Redis's order: READONLY, then the pub/sub context,
        // then MASTERDOWN (for EXEC, by the commands it would run).
        let replica = !client.internal && self.is_replica();
        let queued = |f: &dyn Fn(&CommandSpec) -> bool| {
            spec.name == "exec"
                && client
                    .multi
                    .as_ref()
                    .is_some_and(|m| m.queue.iter().any(|argv| self.resolve(argv).is_ok_and(|(_, s)| f(s))))
        };
        let replica_refusal = || {
            if !replica {
                return None;
            }
            if let Some(error) = self.replica_readonly(spec, queued(&|s| s.has(flags::WRITE))) {
                return Some(error);
            }
            if client.in_pubsub_context() && !allowed_in_pubsub(top.name) {
                return None; // refused below, for the pub/sub context
            }
            self.replica_masterdown(spec, queued(&|s| !s.has(flags::STALE)))
        };
        if let Some(error) = replica_refusal().or_else(|| self.pubsub_refusal(id, top, full_name)) {
            self.reject(id, &argv, error, Some(full_name));
            self.after_reply(id, reply_mode_before, Some(top));
            return;
        }
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        // CLIENT PAUSE: the command waits for the pause to end (writes only, for WRITE).
        if let Some(pause) = self.pause {
            if !client.internal && (!pause.write_only || self.may_replicate(id, spec)) {
                if let Some(c) = self.clients.get_mut(&id) {
                    c.postponed = Some(argv);
                }
                self.postponed.push(id);
                return;
            }
        }
        if client.multi.is_some() && !matches!(top.name, "exec" | "discard" | "multi" | "watch" | "quit" | "reset") {
            if let Some(multi) = self.clients.get_mut(&id).and_then(|c| c.multi.as_mut()) {
                multi.queue.push(argv);
            }
            self.send(id, Reply::status("QUEUED"));
            self.after_reply(id, reply_mode_before, Some(top));
            return;
        }
        // Internal clients (the AOF loader above all) are not refused for memory or a
        // failing AOF: Redis loads its AOF whatever maxmemory says, and a replay that
        // dropped writes would lose the learner's data.
        let internal = client.internal;
        // Like Redis when a snapshot or the AOF cannot be written: refuse writes (and
        // PING) rather than lose them (`writeCommandsDeniedByDiskError`).
        if let Some(error) = self.disk_error_refusal(id, spec).filter(|_| !internal) {
            self.reject(id, &argv, error, Some(full_name));
            self.after_reply(id, reply_mode_before, Some(top));
            return;
        }
        if let Some(oom) = if internal { None } else { self.check_oom(spec) } {
            self.reject(id, &argv, oom, Some(full_name));
            self.after_reply(id, reply_mode_before, Some(top));
            return;
        }
        let reply = self.call_command(id, &argv, spec, full_name, true, true);
        if let Some(reply) = reply {
            self.send(id, reply);
        }
        self.after_reply(id, reply_mode_before, Some(top));
    }

    /// The first checks of `processCommand` before a command may run, in Redis's order:
    /// protected commands, the password (NOAUTH), commands a transaction refuses, the
    /// ACL rules.
    fn refusal(
        &mut self,
        id: ClientId,
        argv: &[Vec<u8>],
        spec: &'static CommandSpec,
        top: &'static CommandSpec,
    ) -> Option<Reply> {
        if let Some(error) = self.protected_refusal(id, top, spec) {
            return Some(error);
        }
        if self.auth_required(id) && !spec.has(flags::NO_AUTH) {
            return Some(Reply::err("NOAUTH Authentication required."));
        }
        let client = self.clients.get(&id)?;
        if client.multi.is_some() && top.has(flags::NO_MULTI) {
            return Some(Reply::err("Command not allowed inside a transaction"));
        }
        if let Some(error) = self.acl_refusal(id, spec, argv) {
            return Some(error);
        }
        if let Some(error) = self.script_busy(id, spec) {
            return Some(error);
        }
        None
    }

    /// A protected command (DEBUG, MODULE LOAD/LOADEX/UNLOAD) its configuration does
    /// not allow (`allowProtectedAction`): `yes` allows it, `local` from a loopback
    /// address only, `no` (the default) never. Internal clients are not refused: Redis's
    /// loader runs commands outside `processCommand`.
    fn protected_refusal(&self, id: ClientId, top: &CommandSpec, spec: &CommandSpec) -> Option<Reply> {
        if !spec.has(flags::PROTECTED) {
            return None;
        }
        let client = self.clients.get(&id)?;
        if client.internal {
            return None;
        }
        let (command, option) = if top.name == "debug" {
            ("DEBUG", "enable-debug-command")
        } else {
            ("MODULE", "enable-module-command")
        };
        let allowed = match self.config.get(option) {
            Some("yes") => true,
            Some("local") => {
                let ip = client.addr.rsplit_once(':').map_or("", |(ip, _)| ip);
                ip == "127.0.0.1" || ip == "::1" || ip == "[::1]"
            }
            _ => false,
        };
        (!allowed).then(|| {
            Reply::err(format!(
                "ERR {command} command not allowed. If the {option} option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."
            ))
        })
    }

    /// What a subscribed RESP2 connection may not send (after a replica's READONLY,
    /// before its MASTERDOWN, in `processCommand`).
    fn pubsub_refusal(&self, id: ClientId, top: &CommandSpec, full_name: &str) -> Option<Reply> {
        let client = self.clients.get(&id)?;
        (client.in_pubsub_context() && !allowed_in_pubsub(top.name)).then(|| {
            Reply::err(format!(
                "ERR Can't execute '{full_name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
            ))
        })
    }

    /// Whether a command counts as a write for CLIENT PAUSE WRITE (`is_may_replicate_command`):
    /// a write or may-replicate command, or an EXEC whose queue holds one.
    fn may_replicate(&self, id: ClientId, spec: &CommandSpec) -> bool {
        let replicates = |s: &CommandSpec| s.has(flags::WRITE) || s.has(flags::MAY_REPLICATE);
        if replicates(spec) {
            return true;
        }
        if spec.name != "exec" {
            return false;
        }
        let Some(multi) = self.clients.get(&id).and_then(|c| c.multi.as_ref()) else {
            return false;
        };
        multi.queue.iter().any(|argv| {
            table::lookup(&argv[0]).is_some_and(|top| {
                let sub = argv.get(1).and_then(|s| top.subcommand(s));
                replicates(sub.unwrap_or(top))
            })
        })
    }

    /// MISCONF for a write (an EXEC with a write queued, or PING) while the last
    /// background save failed or the AOF cannot be written.
    fn disk_error_refusal(&self, id: ClientId, spec: &CommandSpec) -> Option<Reply> {
        let write = spec.has(flags::WRITE)
            || spec.name == "ping"
            || (spec.name == "exec"
                && self.clients.get(&id).and_then(|c| c.multi.as_ref()).is_some_and(|m| {
                    m.queue.iter().any(|argv| {
                        table::lookup(&argv[0]).is_some_and(|top| {
                            let sub = argv.get(1).and_then(|s| top.subcommand(s));
                            sub.unwrap_or(top).has(flags::WRITE)
                        })
                    })
                }));
        if !write {
            return None;
        }
        if self.rdb_write_error() {
            return Some(Reply::err(crate::snapshot::MISCONF_RDB));
        }
        let error = self.aof_status.last_write_error.as_ref()?;
        Some(Reply::err(format!("MISCONF Errors writing to the AOF file: {error}")))
    }

    /// What follows every processed command (`resetClient` and `afterCommand`): CLIENT
    /// REPLY SKIP moves on, CLIENT CACHING lasts one command, and the client's own
    /// tracking invalidations follow its reply.
    fn after_reply(&mut self, id: ClientId, reply_mode_before: Option<ReplyMode>, top: Option<&CommandSpec>) {
        self.advance_reply_mode(id, reply_mode_before);
        let client_command = top.is_some_and(|t| t.name == "client");
        if let Some(client) = self.clients.get_mut(&id) {
            if client.multi.is_none() && !client_command {
                client.tracking.caching = false;
            }
        }
        self.send_pending_invalidations();
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
            // `lookupCommandLogic`: a container named alone is itself the command; only
            // COMMAND (arity -1) has a handler of its own for that.
            if argv.len() < 2 && spec.arity_ok(1) {
                return Ok((None, spec));
            }
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
    fn reject(&mut self, id: ClientId, argv: &[Vec<u8>], error: Reply, full_name: Option<&'static str>) {
        let is_exec = argv.first().is_some_and(|a| a.eq_ignore_ascii_case(b"exec"));
        let error = match error {
            // `execCommandAbort`: a refused EXEC discards the transaction (if any).
            Reply::Error(text) if is_exec => {
                if let Some(c) = self.clients.get_mut(&id) {
                    c.multi = None;
                }
                self.unwatch_all(id);
                let cause = text.strip_prefix("ERR ").unwrap_or(&text);
                Reply::Error(format!("EXECABORT Transaction discarded because of: {cause}"))
            }
            other => {
                if let Some(multi) = self.clients.get_mut(&id).and_then(|c| c.multi.as_mut()) {
                    multi.error = true;
                }
                other
            }
        };
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
            redacted: Vec::new(),
        };
        ctx.now = ctx.eng.now;
        // Internal clients (the AOF loader, lesson checks) are neither timed nor counted:
        // Redis's loader calls the command's proc directly, outside call().
        let internal = ctx.eng.clients.get(&id).is_none_or(|c| c.internal);
        let started = if internal { None } else { ctx.eng.intro.clock() };
        let result = (spec.handler)(&mut ctx);
        let duration = match (started, ctx.eng.intro.clock().filter(|_| started.is_some())) {
            (Some(start), Some(end)) => end.saturating_sub(start),
            _ => 0,
        };
        let block = ctx.block.take();
        let propagate_as = ctx.propagate_as.take();
        let replied = ctx.replied;
        let redacted = std::mem::take(&mut ctx.redacted);
        let reply = result.unwrap_or_else(|e| e);

        if !internal {
            self.stats.commands_processed += 1;
            let entry = &mut self
                .stats
                .per_command
                .entry(full_name.as_ptr() as usize)
                .or_insert((full_name, CommandStats::default()))
                .1;
            entry.calls += 1;
            entry.usec += duration;
            if reply.is_error() {
                entry.failed += 1;
                self.stats.failed_calls += 1;
                self.count_error(&reply);
            }
        }
        // Like Redis's call(): after the command ran (a SELECT shows its new database),
        // not when a blocked command is retried.
        if monitor {
            self.feed_monitors(id, argv, spec, &redacted);
        }
        if let Some(client) = self.clients.get_mut(&id) {
            client.last_cmd = full_name;
        }
        // Client-side caching: remember who read which keys (`trackingRememberKeys`).
        if spec.has(flags::READONLY) && !spec.has(flags::PUBSUB) {
            self.remember_tracked_keys(id, spec, argv);
        }
        // A blocked client's retry that found nothing yet is no call of its own.
        let retried_in_vain = !monitor && self.would_block;
        if !retried_in_vain {
            self.record_call(crate::commands::introspect::CallRecord {
                id,
                argv,
                spec,
                full_name,
                duration,
                blocked: block.is_some(),
                unblocking: !monitor,
            });
        }
        if self.memory_probe.is_some() {
            let used = self.used_memory();
            self.note_memory_peak(used);
        }
        if let Some(blocked) = block {
            self.block_client(id, blocked);
            return None;
        }
        match propagate_as {
            Some(list) => {
                // Several records of one command reach the AOF as a transaction, as
                // Redis 7.0's propagatePendingCommands wraps them (EXEC wraps its own).
                let wrap = list.len() > 1 && !self.in_exec;
                if wrap {
                    self.propagate(db, vec![b"MULTI".to_vec()]);
                }
                for argv in list {
                    self.propagate(db, argv);
                }
                if wrap {
                    self.propagate(db, vec![b"EXEC".to_vec()]);
                }
            }
            // The copy only when a host records the writes (keyspace-server without an
            // AOF does not).
            None if self.dirty != dirty_before && spec.has(flags::WRITE) && self.propagated.is_some() => {
                self.propagate(db, argv.to_vec())
            }
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
            self.release_postponed();
            if self.blocked_group_readers > 0 {
                self.unblock_readers_of_deleted_streams();
            }
            while !self.ready_keys.is_empty() {
                let ready = std::mem::take(&mut self.ready_keys);
                for (db, key) in ready {
                    self.serve_blocked_on(db, &key);
                }
            }
            if self.pending_commands == 0 && (self.pause.is_some() || self.postponed.is_empty()) {
                return;
            }
            // Commands that wait for a running script run once it ends.
            if self.scripting.running.is_some() && !self.script_past_threshold() {
                return;
            }
            let script_client = self.scripting.running.as_ref().map(|r| r.client);
            let next = self
                .clients
                .values_mut()
                .find(|c| {
                    Some(c.id) != script_client
                        && c.blocked.is_none()
                        && c.postponed.is_none()
                        && !c.awaiting_snapshot
                        && !c.killed
                        && !c.pending.is_empty()
                })
                .and_then(|c| {
                    let argv = c.pending.pop_front()?;
                    Some((c.id, argv))
                });
            let Some((id, argv)) = next else { return };
            self.pending_commands -= 1;
            let outer = self.current_client.replace(id);
            self.process_command(id, argv);
            self.current_client = outer;
        }
    }

    /// A client released from a pause or a block runs its waiting command, then what it
    /// sent meanwhile, before the next client (Redis reprocesses its input buffer).
    pub(crate) fn run_released(&mut self, id: ClientId, argv: Vec<Vec<u8>>) {
        let outer = self.current_client.replace(id);
        self.process_command(id, argv);
        while let Some(c) = self.clients.get_mut(&id) {
            if c.blocked.is_some() || c.postponed.is_some() || c.awaiting_snapshot || c.killed {
                break;
            }
            let Some(next) = c.pending.pop_front() else { break };
            self.pending_commands -= 1;
            self.process_command(id, next);
        }
        self.current_client = outer;
    }

    fn count_error(&mut self, reply: &Reply) {
        if let Reply::Error(text) = reply {
            let prefix = text.split(' ').next().unwrap_or("ERR").to_string();
            *self.stats.error_replies.entry(prefix).or_default() += 1;
        }
    }

    /// Redis's `dbAdd` into any database: the object, its expiry if it has one, and
    /// clients blocked on the key woken when it is a list, a sorted set or a stream
    /// (RENAME can hand a stream with data, or without the group, to a waiting reader).
    pub(crate) fn db_add(&mut self, db: usize, key: &[u8], obj: crate::object::Object, expire: Option<i64>) {
        let wakes = matches!(obj.value.kind(), Kind::List | Kind::ZSet | Kind::Stream);
        self.dbs[db].keys.insert(key.to_vec(), obj);
        if let Some(at) = expire {
            self.dbs[db].set_expire(key, at);
        }
        if wakes {
            self.signal_ready(db, key);
        }
    }

    // ---- expiry ----

    // ---- WATCH ----

    // ---- MONITOR ----

    fn feed_monitors(&mut self, id: ClientId, argv: &[Vec<u8>], spec: &CommandSpec, redacted: &[usize]) {
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
        for (i, arg) in argv.iter().enumerate() {
            line.push(' ');
            if redacted.contains(&i) {
                line.push_str("\"(redacted)\"");
            } else {
                crate::sds::quote(arg, &mut line);
            }
        }
        for monitor in self.monitors.clone() {
            if monitor != id {
                self.push(monitor, Reply::Status(line.clone().into()));
            }
        }
    }

    // ---- memory ----
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
