//! Lua scripting (Redis 7.0's eval.c, script.c and script_lua.c) on keyspace-lua's Lua
//! 5.1: EVAL, EVALSHA and their `_RO` forms, SCRIPT LOAD/EXISTS/FLUSH/KILL, and the
//! `redis` table scripts call (`call`, `pcall`, `error_reply`, `status_reply`,
//! `sha1hex`, `log`, `setresp`, `set_repl`, `replicate_commands`).
//!
//! A script never holds the host: it runs in slices of `SLICE_FUEL` operations. The
//! EVAL that starts it runs the first slice; when the script is not done, its client
//! waits (its reply comes later) and every `Engine::tick` or `run_script_slice` runs
//! another slice. Meanwhile the engine is the script's, as Redis is: other clients'
//! commands wait, and once the script has run past `busy-reply-threshold` they get
//! Redis's BUSY error, except the few allowed then (SCRIPT KILL, SHUTDOWN NOSAVE...);
//! SCRIPT KILL stops a script that has not written (UNKILLABLE otherwise).
//!
//! The Lua state lives as long as the engine (SCRIPT FLUSH makes a new one); its
//! globals are read-only, reading a missing one is an error, as Redis 7 makes them.
//! The writes a script makes are propagated as the commands it ran, wrapped in
//! MULTI/EXEC when there are several (effects replication, Redis 7's only mode).

use std::collections::HashMap;

use keyspace_lua::value::Value;
use keyspace_lua::vm::{Poll, Vm};

use super::script_lua::{lua_to_reply, new_lua, reply_to_lua, set_array_global, CALL};
use crate::client::ClientId;
use crate::engine::{Engine, Propagated};
use crate::reply::Reply;
use crate::table::{self, flags};

/// Operations a script runs before the engine hands control back (about a few
/// milliseconds of work).
pub const SLICE_FUEL: u64 = 200_000;

/// A script being run.
pub(crate) struct Running {
    pub client: ClientId,
    pub sha: String,
    /// When it started, in µs of the host's monotonic clock (the learner's clock may be
    /// paused: a script's duration is real time, as Redis measures it); without one,
    /// the engine's time.
    pub started: u64,
    /// It ran a write: SCRIPT KILL cannot stop it any more.
    pub wrote: bool,
    /// EVAL_RO / EVALSHA_RO: writes are refused.
    pub read_only: bool,
    /// Its flags allow writes that grow memory past maxmemory (`allow-oom`).
    pub allow_oom: bool,
    /// Memory was over maxmemory when it started (`pre_command_oom_state`): until its
    /// first write, a command that may grow memory is refused.
    pub oom_at_start: bool,
    /// Where its propagated commands start.
    pub first_record: usize,
    /// The database it selected (scripts may SELECT; the client's is restored).
    pub db_before: usize,
    /// A function (FCALL): it runs in the functions' Lua state, and errors name it.
    pub function: bool,
}

/// The scripting state of an engine.
#[derive(Default)]
pub(crate) struct Scripting {
    /// The Lua state, made at the first use (most sessions never script).
    lua: Option<Box<Vm>>,
    /// Script bodies by SHA-1, with their function in the Lua state.
    scripts: HashMap<String, (Vec<u8>, Value, Shebang)>,
    pub running: Option<Running>,
    /// Redis 7 functions: their own Lua state and libraries (`functions`).
    pub(super) functions: super::functions::Functions,
}

/// The scripting figures of INFO memory.
pub(crate) struct ScriptMemory {
    pub vm_eval: u64,
    pub scripts_eval: u64,
    pub cached_scripts: u64,
    pub functions: u64,
    pub libraries: u64,
    pub vm_functions: u64,
    pub functions_bytes: u64,
}

/// What an empty Lua state weighs in Redis 7.0 (INFO memory of a fresh server), to
/// which the state's own heap is added.
const EMPTY_LUA_BYTES: u64 = 31_744;

impl Engine {
    /// INFO memory's scripting lines: the Lua states' heaps, the scripts and functions
    /// kept (sizes are this engine's, not Redis's allocator's).
    pub(crate) fn script_memory(&self) -> ScriptMemory {
        let heap = |vm: &Option<Box<Vm>>| vm.as_ref().map_or(0, |vm| vm.heap.bytes as u64);
        let libs = &self.scripting.functions.libraries;
        ScriptMemory {
            vm_eval: EMPTY_LUA_BYTES + heap(&self.scripting.lua),
            scripts_eval: self
                .scripting
                .scripts
                .values()
                .map(|(body, ..)| body.len() as u64 + 96)
                .sum(),
            cached_scripts: self.scripting.scripts.len() as u64,
            functions: libs.iter().map(|l| l.functions.len() as u64).sum(),
            libraries: libs.len() as u64,
            vm_functions: EMPTY_LUA_BYTES + heap(&self.scripting.functions.lua),
            functions_bytes: 184
                + libs
                    .iter()
                    .map(|l| l.code.len() as u64 + 96 * (1 + l.functions.len() as u64))
                    .sum::<u64>(),
        }
    }

    /// Whether a client waits for a reply: blocked (BLPOP), paused, waiting for a
    /// snapshot to be stored, running a script, or with commands waiting for another
    /// client's script (redis-cli then shows nothing until the reply comes).
    pub fn client_waits(&self, id: ClientId) -> bool {
        let Some(c) = self.clients.get(&id) else { return false };
        c.blocked.is_some()
            || c.postponed.is_some()
            || c.awaiting_snapshot
            || self
                .scripting
                .running
                .as_ref()
                .is_some_and(|r| r.client == id || !c.pending.is_empty())
    }

    /// Whether a script is running (a host should keep calling `run_script_slice`).
    pub fn script_running(&self) -> bool {
        self.scripting.running.is_some()
    }

    /// Runs a slice of the running script, if any (a host calls this between its other
    /// work while `script_running()`; `tick` calls it too).
    pub fn run_script_slice(&mut self, now: i64) {
        self.now = now.max(self.now);
        if self.scripting.running.is_some() {
            self.continue_script(SLICE_FUEL);
            self.after_command();
        }
    }

    /// The BUSY refusal for a command another client sends while a script runs past
    /// `busy-reply-threshold`; None when the command may run or should wait.
    pub(crate) fn script_busy(&self, id: ClientId, spec: &table::CommandSpec) -> Option<Reply> {
        let running = self.scripting.running.as_ref()?;
        if running.client == id || spec.has(flags::ALLOW_BUSY) {
            return None;
        }
        Some(Reply::err(if running.function {
            "BUSY Redis is busy running a function. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
        } else {
            "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
        }))
    }

    /// Wraps the records propagated from `first` on in MULTI/EXEC when there are at
    /// least `at_least` of them (a transaction's always, a script's from two).
    pub(crate) fn wrap_propagated(&mut self, first: usize, at_least: usize) {
        let Some(records) = self.propagated.as_mut() else {
            return;
        };
        if records.len() < first + at_least.max(1) {
            return;
        }
        let db = records[first].db;
        records.insert(
            first,
            Propagated {
                db,
                argv: vec![b"MULTI".to_vec()],
            },
        );
        let last_db = records.last().map_or(db, |r| r.db);
        records.push(Propagated {
            db: last_db,
            argv: vec![b"EXEC".to_vec()],
        });
    }

    /// Whether memory is over maxmemory once evictions have done what they can (Redis's
    /// `pre_command_oom_state`).
    pub(super) fn script_oom_at_start(&mut self) -> bool {
        let limit = self.config.maxmemory;
        if limit == 0 || (self.is_replica() && self.config.bool("replica-ignore-maxmemory")) {
            return false;
        }
        !self.perform_evictions(limit)
    }

    /// Real time in µs: the host's monotonic clock, else the engine's time.
    fn script_clock(&self) -> u64 {
        self.intro.clock().unwrap_or(self.now.max(0) as u64 * 1000)
    }

    /// Whether a script has run past `busy-reply-threshold`: before that, other
    /// clients' commands wait for it instead.
    pub(crate) fn script_past_threshold(&self) -> bool {
        let Some(running) = self.scripting.running.as_ref() else {
            return false;
        };
        let threshold = self
            .config
            .get("busy-reply-threshold")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(5000);
        self.script_clock().saturating_sub(running.started) >= threshold * 1000
    }

    /// EVAL / EVALSHA (and `_RO`): `body` or the script `sha` names, with its keys and
    /// arguments; None when the reply comes later (the script goes on in slices).
    pub(crate) fn eval(
        &mut self,
        id: ClientId,
        script: Result<&[u8], &[u8]>,
        keys: &[Vec<u8>],
        args: &[Vec<u8>],
        read_only: bool,
    ) -> Option<Reply> {
        let mut vm = self.scripting.lua.take().unwrap_or_else(new_lua);
        let (sha, function, shebang) = match script {
            Ok(body) => {
                let sha = crate::sha1::sha1_hex(body);
                match self.scripting.scripts.get(&sha) {
                    Some((_, f, shebang)) => (sha, f.clone(), shebang.clone()),
                    None => match compile_script(&mut vm, body) {
                        Ok((f, shebang)) => {
                            vm.roots.push(f.clone());
                            self.scripting
                                .scripts
                                .insert(sha.clone(), (body.to_vec(), f.clone(), shebang.clone()));
                            (sha, f, shebang)
                        }
                        Err(e) => {
                            self.scripting.lua = Some(vm);
                            return Some(e);
                        }
                    },
                }
            }
            Err(sha) => {
                let sha = String::from_utf8_lossy(sha).to_ascii_lowercase();
                match self.scripting.scripts.get(&sha) {
                    Some((_, f, shebang)) => (sha, f.clone(), shebang.clone()),
                    None => {
                        self.scripting.lua = Some(vm);
                        return Some(Reply::err("NOSCRIPT No matching script. Please use EVAL."));
                    }
                }
            }
        };
        // A script with a shebang declares whether it writes (`flags=no-writes`); the
        // _RO commands take only those that say they do not (scripts without a shebang
        // are refused at their first write instead).
        let no_writes = shebang
            .as_ref()
            .is_some_and(|flags| flags.iter().any(|f| f == "no-writes"));
        // A shebang script that may write and does not say `allow-oom` is refused as a
        // write command is when memory is over maxmemory (evalGetCommandFlags).
        let may_grow = shebang
            .as_ref()
            .is_some_and(|f| !f.iter().any(|x| x == "no-writes" || x == "allow-oom"));
        if may_grow && self.script_oom_at_start() {
            self.scripting.lua = Some(vm);
            return Some(Reply::err("OOM command not allowed when used memory > 'maxmemory'."));
        }
        if read_only && shebang.is_some() && !no_writes {
            self.scripting.lua = Some(vm);
            return Some(Reply::err(
                "ERR Can not execute a script with write flag using *_ro command.",
            ));
        }
        let allow_oom = shebang
            .as_ref()
            .is_some_and(|flags| flags.iter().any(|f| f == "allow-oom"));
        let read_only = read_only || no_writes;
        let oom_at_start = self.script_oom_at_start();
        set_array_global(&mut vm, "KEYS", keys);
        set_array_global(&mut vm, "ARGV", args);
        // Every script starts reading replies in RESP2 (redis.setresp changes it).
        vm.host_flags = 2;
        vm.start(function, vec![]);
        self.scripting.lua = Some(vm);
        let first_record = self.propagated.as_ref().map_or(0, Vec::len);
        let db_before = self.clients.get(&id).map_or(0, |c| c.db);
        self.scripting.running = Some(Running {
            client: id,
            sha,
            started: self.script_clock(),
            wrote: false,
            read_only,
            allow_oom,
            oom_at_start,
            first_record,
            db_before,
            function: false,
        });
        self.continue_script(SLICE_FUEL)
    }

    /// Runs the running script for up to `fuel` operations: its reply when it ends
    /// (also pushed to its client when it ends in a later slice), None while it goes on.
    pub(super) fn continue_script(&mut self, fuel: u64) -> Option<Reply> {
        let mut fuel = fuel;
        let function = self.scripting.running.as_ref()?.function;
        let mut vm = if function {
            self.scripting.functions.lua.take()?
        } else {
            self.scripting.lua.take()?
        };
        let outcome = loop {
            match vm.run(&mut fuel) {
                Poll::Pending => break None,
                Poll::Host(argv) => {
                    let raise = argv[0] == CALL;
                    let reply = self.script_command(&argv[1..]);
                    let value = reply_to_lua(&mut vm, &reply);
                    match (&reply, raise) {
                        (Reply::Error(_), true) => vm.host_reply(Err(value)),
                        _ => vm.host_reply(Ok(vec![value])),
                    }
                }
                Poll::Done(values) => {
                    let v = values.into_iter().next().unwrap_or_default();
                    break Some(lua_to_reply(&vm, &v, 0));
                }
                Poll::Error(e) => break Some(self.script_error(&vm, &e)),
            }
        };
        if outcome.is_some() {
            vm.abandon();
            // Each script's temporaries go; what scripts keep (their functions) stays.
            if vm.heap.should_collect() {
                vm.collect_garbage();
            }
        }
        if function {
            self.scripting.functions.lua = Some(vm);
        } else {
            self.scripting.lua = Some(vm);
        }
        let reply = outcome?;
        let running = self.scripting.running.take()?;
        self.finish_script(&running);
        // A script that went on in slices: its client gets the reply now.
        if self.current_client != Some(running.client) {
            self.push(running.client, reply.clone());
        }
        Some(reply)
    }

    /// The script's writes reach the AOF as the commands it ran, in MULTI/EXEC when
    /// there are several; the client's database is what it was.
    fn finish_script(&mut self, running: &Running) {
        // One command needs no wrapping (propagatePendingCommands).
        self.wrap_propagated(running.first_record, 2);
        if let Some(c) = self.clients.get_mut(&running.client) {
            c.db = running.db_before;
        }
    }

    /// The script's error as EVAL's reply: `msg script: <sha>, on @user_script:<line>.`
    fn script_error(&self, vm: &Vm, e: &Value) -> Reply {
        let sha = self.scripting.running.as_ref().map_or("", |r| r.sha.as_str());
        let line = vm.error_line().unwrap_or(1);
        let chunk = if self.scripting.running.as_ref().is_some_and(|r| r.function) {
            "user_function"
        } else {
            "user_script"
        };
        let message = match e {
            Value::Table(t) => match vm.heap.table(*t).get(&Value::str("err")) {
                Value::Str(s) => String::from_utf8_lossy(s.bytes()).into_owned(),
                _ => "ERR unknown error".to_string(),
            },
            other => String::from_utf8_lossy(&keyspace_lua::lib_base::to_display(other)).into_owned(),
        };
        Reply::err(format!("{message} script: {sha}, on @{chunk}:{line}."))
    }

    /// A command a script runs (scriptCall): refused as Redis refuses it, else run as
    /// the script's client, in its database.
    fn script_command(&mut self, argv: &[Vec<u8>]) -> Reply {
        let Some(running) = self.scripting.running.as_ref() else {
            return Reply::err("ERR redis.call/pcall can only be called inside a script invocation");
        };
        let (id, read_only) = (running.client, running.read_only);
        let Some(spec) = table::lookup(&argv[0]) else {
            return Reply::err("ERR Unknown Redis command called from script");
        };
        let (parent, spec) = match spec.is_container() {
            true => match argv.get(1).and_then(|s| spec.subcommand(s)) {
                Some(sub) => (Some(spec), sub),
                None => (None, spec),
            },
            false => (None, spec),
        };
        let arity = spec.arity;
        if (arity > 0 && argv.len() != arity as usize) || (arity < 0 && argv.len() < (-arity) as usize) {
            return Reply::err("ERR Wrong number of args calling Redis command from script");
        }
        let top = parent.unwrap_or(spec);
        if top.has(flags::NOSCRIPT) || spec.has(flags::NOSCRIPT) {
            return Reply::err("ERR This Redis command is not allowed from script");
        }
        if spec.has(flags::WRITE) && read_only {
            return Reply::err("ERR Write commands are not allowed from read-only scripts.");
        }
        // scriptVerifyOOM: started over maxmemory and nothing written yet.
        let running = self.scripting.running.as_ref().expect("checked above");
        if spec.has(flags::DENYOOM) && !running.allow_oom && running.oom_at_start && !running.wrote {
            return Reply::err("OOM command not allowed when used memory > 'maxmemory'.");
        }
        if let Some(refusal) = self.acl_exec_refusal(id, spec, argv) {
            return refusal;
        }
        if spec.has(flags::WRITE) {
            if let Some(r) = self.scripting.running.as_mut() {
                r.wrote = true;
            }
        }
        let name = table::full_name(parent, spec);
        self.call_command(id, argv, spec, name, false, true)
            .unwrap_or(Reply::Null)
    }

    /// SCRIPT KILL (`function`: FUNCTION KILL, which stops functions only, as SCRIPT
    /// KILL stops scripts only).
    pub(crate) fn script_kill(&mut self, function: bool) -> Reply {
        let Some(running) = self.scripting.running.as_ref() else {
            return Reply::err("NOTBUSY No scripts in execution right now.");
        };
        if running.function != function {
            return Reply::err(if function {
                "NOTBUSY No scripts in execution right now."
            } else {
                "BUSY Redis is busy running a function. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
            });
        }
        if running.wrote {
            return Reply::err(
                "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.",
            );
        }
        let running = self.scripting.running.take().expect("checked above");
        let vm = if running.function {
            self.scripting.functions.lua.as_mut()
        } else {
            self.scripting.lua.as_mut()
        };
        if let Some(vm) = vm {
            vm.abandon();
        }
        self.finish_script(&running);
        let chunk = if running.function {
            "user_function"
        } else {
            "user_script"
        };
        let reply = Reply::err(format!(
            "ERR Script killed by user with SCRIPT KILL... script: {}, on @{chunk}:1.",
            running.sha
        ));
        self.push(running.client, reply);
        Reply::ok()
    }

    /// SCRIPT LOAD: compiles and keeps a script; its SHA-1.
    pub(crate) fn script_load(&mut self, body: &[u8]) -> Reply {
        let sha = crate::sha1::sha1_hex(body);
        if !self.scripting.scripts.contains_key(&sha) {
            let mut vm = self.scripting.lua.take().unwrap_or_else(new_lua);
            let compiled = compile_script(&mut vm, body);
            match compiled {
                Ok((f, shebang)) => {
                    vm.roots.push(f.clone());
                    self.scripting.scripts.insert(sha.clone(), (body.to_vec(), f, shebang));
                }
                Err(e) => {
                    self.scripting.lua = Some(vm);
                    return e;
                }
            }
            self.scripting.lua = Some(vm);
        }
        Reply::Bulk(sha.into_bytes())
    }

    pub(crate) fn script_exists(&self, sha: &[u8]) -> bool {
        self.scripting
            .scripts
            .contains_key(&String::from_utf8_lossy(sha).to_ascii_lowercase())
    }

    /// SCRIPT FLUSH: the scripts and the Lua state go (a new one at the next use).
    pub(crate) fn script_flush(&mut self) {
        self.scripting.scripts.clear();
        self.scripting.lua = None;
    }
}

/// A script's shebang flags (`#!lua flags=no-writes,allow-oom`); None: no shebang
/// (Redis's EVAL compatibility mode).
type Shebang = Option<Vec<String>>;

/// The flags a script or function may declare (script.c `scripts_flags_def`).
pub(super) const SCRIPT_FLAGS: &[&str] = &[
    "no-writes",
    "allow-oom",
    "allow-stale",
    "no-cluster",
    "allow-cross-slot-keys",
];

/// evalExtractShebangFlags: the flags of a `#!lua ...` first line, or EVAL's error.
fn shebang(body: &[u8]) -> Result<Shebang, Reply> {
    if !body.starts_with(b"#!") {
        return Ok(None);
    }
    let Some(end) = body.iter().position(|&b| b == b'\n') else {
        return Err(Reply::err("ERR Invalid script shebang"));
    };
    let parts = crate::sds::split_args(&body[..end]).unwrap_or_default();
    let Some(engine) = parts.first() else {
        return Err(Reply::err("ERR Invalid engine in script shebang"));
    };
    if engine != b"#!lua" {
        return Err(Reply::err(format!(
            "ERR Unexpected engine in script shebang: {}",
            String::from_utf8_lossy(engine)
        )));
    }
    let mut flags = Vec::new();
    for part in &parts[1..] {
        let Some(list) = part.strip_prefix(b"flags=") else {
            return Err(Reply::err(format!(
                "ERR Unknown lua shebang option: {}",
                String::from_utf8_lossy(part)
            )));
        };
        for flag in list.split(|&b| b == b',') {
            let flag = String::from_utf8_lossy(flag).into_owned();
            if !SCRIPT_FLAGS.contains(&flag.as_str()) {
                return Err(Reply::err(format!("ERR Unexpected flag in script shebang: {flag}")));
            }
            flags.push(flag);
        }
    }
    Ok(Some(flags))
}

/// Compiles a script body into a function of the Lua state, with its shebang's flags;
/// the shebang line stays as a comment, so lines keep their numbers.
fn compile_script(vm: &mut Vm, body: &[u8]) -> Result<(Value, Shebang), Reply> {
    let flags = shebang(body)?;
    let source: std::borrow::Cow<[u8]> = if flags.is_some() {
        [b"--".as_slice(), body].concat().into()
    } else {
        body.into()
    };
    let chunk = keyspace_lua::parse::parse(&source, keyspace_lua::parse::REDIS_CHUNK_NAME)
        .map_err(|e| Reply::err(format!("ERR Error compiling script (new function): {e}")))?;
    let proto = keyspace_lua::compile::compile(&chunk);
    Ok((vm.closure(proto), flags))
}
