//! The Lua side of scripting (Redis's script_lua.c): the Lua state Redis prepares
//! (its libraries, the `redis` table, read-only globals), what `redis.call` and its
//! siblings do, and the conversions between Redis replies and Lua values (RESP2).

use keyspace_lua::table::Table;
use keyspace_lua::value::Value;
use keyspace_lua::vm::{Ret, Vm};

use crate::reply::Reply;

/// The prefix of the marker argument `redis.call` and `redis.pcall` put before the
/// command they ask the engine to run.
pub(super) const CALL: &[u8] = b"\0call";
pub(super) const PCALL: &[u8] = b"\0pcall";

/// A Redis reply as a Lua value (redisProtocolToLuaType). RESP2 (the default):
/// integers are numbers, bulk strings strings, nil bulk and nil array `false`, status
/// `{ok=...}`, errors `{err=...}`, arrays tables. After `redis.setresp(3)` RESP3's kinds
/// keep their shape: a map is `{map={k=v}}`, a set `{set={m=true}}`, a double
/// `{double=n}`, a boolean a boolean, null `nil`.
pub(super) fn reply_to_lua(vm: &mut Vm, reply: &Reply) -> Value {
    let resp3 = vm.host_flags == 3;
    let wrap = |vm: &mut Vm, field: &str, v: Value| {
        let t = vm.table(Table::default());
        set_field(vm, &t, field, v);
        t
    };
    match reply {
        Reply::Bulks(_) => reply_to_lua(vm, &reply.clone().unpacked()),
        Reply::Int(n) => Value::Num(*n as f64),
        Reply::Bool(b) if resp3 => Value::Bool(*b),
        Reply::Bool(b) => Value::Num(if *b { 1.0 } else { 0.0 }),
        Reply::Bulk(b) => vm.string(b),
        Reply::Verbatim(format, b) if resp3 => {
            let t = vm.table(Table::default());
            let (f, s) = (vm.string(format.as_bytes()), vm.string(b));
            set_field(vm, &t, "format", f);
            set_field(vm, &t, "string", s);
            wrap(vm, "verbatim_string", t)
        }
        Reply::Verbatim(_, b) => vm.string(b),
        Reply::Double(d) if resp3 => {
            let n = d.parse::<f64>().unwrap_or(f64::NAN);
            wrap(vm, "double", Value::Num(n))
        }
        Reply::Double(d) => vm.string(d.as_bytes()),
        Reply::Null | Reply::NullArray if resp3 => Value::Nil,
        Reply::Null | Reply::NullArray => Value::Bool(false),
        Reply::Status(s) => {
            let v = vm.string(s.as_bytes());
            wrap(vm, "ok", v)
        }
        Reply::Error(e) => error_table(vm, &format!("-{e}")),
        Reply::Set(items) if resp3 => {
            let set = vm.table(Table::default());
            for item in items {
                let k = reply_to_lua(vm, item);
                if let Value::Table(r) = set {
                    vm.raw_set(r, k, Value::Bool(true));
                }
            }
            wrap(vm, "set", set)
        }
        Reply::Map(pairs) if resp3 => {
            let map = vm.table(Table::default());
            for (k, v) in pairs {
                let (k, v) = (reply_to_lua(vm, k), reply_to_lua(vm, v));
                if let Value::Table(r) = map {
                    vm.raw_set(r, k, v);
                }
            }
            wrap(vm, "map", map)
        }
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => {
            let t = vm.table(Table::new(items.len(), 0));
            for (i, item) in items.iter().enumerate() {
                let v = reply_to_lua(vm, item);
                if let Value::Table(r) = t {
                    vm.raw_set(r, Value::Num((i + 1) as f64), v);
                }
            }
            t
        }
        Reply::Map(pairs) => {
            // RESP2: a flat array.
            let t = vm.table(Table::new(pairs.len() * 2, 0));
            for (i, (k, v)) in pairs.iter().enumerate() {
                let (k, v) = (reply_to_lua(vm, k), reply_to_lua(vm, v));
                if let Value::Table(r) = t {
                    vm.raw_set(r, Value::Num((2 * i + 1) as f64), k);
                    vm.raw_set(r, Value::Num((2 * i + 2) as f64), v);
                }
            }
            t
        }
    }
}

pub(super) fn set_field(vm: &mut Vm, t: &Value, name: &str, v: Value) {
    if let Value::Table(r) = t {
        vm.raw_set(*r, Value::str(name), v);
    }
}

/// `{err = "CODE message"}`, as luaPushErrorBuff makes it: a buffer starting with `-`
/// gives its first word as the code (`-WRONGTYPE Operation...`; no space: the code is
/// ERR), any other gets `ERR` before it.
pub(super) fn error_table(vm: &mut Vm, buffer: &str) -> Value {
    let text = match buffer.strip_prefix('-') {
        Some(rest) => match rest.split_once(' ') {
            Some((code, msg)) => format!("{code} {}", msg.trim_end_matches(['\r', '\n'])),
            None => format!("ERR {}", rest.trim_end_matches(['\r', '\n'])),
        },
        None => format!("ERR {}", buffer.trim_end_matches(['\r', '\n'])),
    };
    let t = vm.table(Table::default());
    let v = vm.string(text.as_bytes());
    set_field(vm, &t, "err", v);
    t
}

/// A Lua value as the script's reply (luaReplyToRedisReply): strings bulk, numbers
/// integers (truncated), `true` 1 and `false` nil (a boolean after `redis.setresp(3)`),
/// `{err=...}` an error, `{ok=...}` a status, `{map=...}`, `{set=...}`, `{double=...}`
/// RESP3's kinds (folded for a RESP2 client as Redis folds them), other tables arrays up
/// to their first nil.
pub(super) fn lua_to_reply(vm: &Vm, v: &Value, depth: usize) -> Reply {
    let resp3 = vm.host_flags == 3;
    match v {
        Value::Str(s) => Reply::Bulk(s.bytes().to_vec()),
        Value::Bool(b) if resp3 => Reply::Bool(*b),
        Value::Bool(true) => Reply::Int(1),
        Value::Bool(false) | Value::Nil => Reply::Null,
        Value::Num(n) => Reply::Int(keyspace_lua::number::to_integer(*n)),
        Value::Func(_) => Reply::Null,
        Value::Table(t) => {
            let table = vm.heap.table(*t);
            let field = |name: &str| table.get(&Value::str(name));
            if let Value::Str(e) = field("err") {
                return Reply::Error(String::from_utf8_lossy(e.bytes()).into_owned());
            }
            if let Value::Str(ok) = field("ok") {
                let text = String::from_utf8_lossy(ok.bytes()).replace(['\r', '\n'], " ");
                return Reply::status_line(text);
            }
            if depth > 1000 {
                return Reply::Error("ERR reached lua stack limit".into());
            }
            if let Value::Num(d) = field("double") {
                return Reply::Double(crate::num::fmt_double(d));
            }
            if let Value::Table(m) = field("map") {
                let mut pairs = Vec::new();
                let mut k = Value::Nil;
                while let Ok(Some((key, val))) = vm.heap.table(m).next(&k) {
                    pairs.push((lua_to_reply(vm, &key, depth + 1), lua_to_reply(vm, &val, depth + 1)));
                    k = key;
                }
                return Reply::Map(pairs);
            }
            if let Value::Table(s) = field("set") {
                let mut members = Vec::new();
                let mut k = Value::Nil;
                while let Ok(Some((key, _))) = vm.heap.table(s).next(&k) {
                    members.push(lua_to_reply(vm, &key, depth + 1));
                    k = key;
                }
                return Reply::Set(members);
            }
            let mut items = Vec::new();
            let mut i = 1;
            loop {
                let item = table.get_int(i);
                if item.is_nil() {
                    break;
                }
                items.push(lua_to_reply(vm, &item, depth + 1));
                i += 1;
            }
            Reply::Array(items)
        }
    }
}

/// luaArgsToRedisArgv: strings as they are, numbers with %.17g, anything else refused.
pub(super) fn command_args(vm: &mut Vm, args: &[Value], marker: &[u8]) -> Result<Vec<Vec<u8>>, Value> {
    let mut argv = vec![marker.to_vec()];
    for a in args {
        match a {
            Value::Str(s) => argv.push(s.bytes().to_vec()),
            Value::Num(n) => {
                let text = keyspace_lua::number::format(b"%.17g", &[keyspace_lua::number::FormatArg::Num(*n)])
                    .unwrap_or_default();
                argv.push(text);
            }
            _ => {
                return Err(error_table(
                    vm,
                    "Lua redis lib command arguments must be strings or integers",
                ))
            }
        }
    }
    if argv.len() == 1 {
        return Err(error_table(
            vm,
            "Please specify at least one argument for this redis lib call",
        ));
    }
    Ok(argv)
}

pub(super) fn redis_call(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    command_args(vm, args, CALL).map(Ret::Host)
}

pub(super) fn redis_pcall(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    match command_args(vm, args, PCALL) {
        Ok(argv) => Ok(Ret::Host(argv)),
        // pcall returns its argument errors.
        Err(e) => Ok(Ret::Values(vec![e])),
    }
}

pub(super) fn redis_error_reply(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let Some(Value::Str(s)) = args.first() else {
        return Err(error_table(vm, "wrong number or type of arguments"));
    };
    // luaRedisErrorReplyCommand: a `-` is added when missing, so the first word is the
    // code (`error_reply('bad thing')` is `bad thing`, `error_reply('bad')` `ERR bad`).
    let text = String::from_utf8_lossy(s.bytes()).into_owned();
    let buffer = if text.starts_with('-') {
        text
    } else {
        format!("-{text}")
    };
    Ok(Ret::Values(vec![error_table(vm, &buffer)]))
}

pub(super) fn redis_status_reply(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let Some(Value::Str(s)) = args.first() else {
        return Err(error_table(vm, "wrong number or type of arguments"));
    };
    let t = vm.table(Table::default());
    let v = Value::Str(s.clone());
    set_field(vm, &t, "ok", v);
    Ok(Ret::Values(vec![t]))
}

pub(super) fn redis_sha1hex(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    if args.len() != 1 {
        return Err(error_table(vm, "wrong number of arguments"));
    }
    let bytes = Vm::to_str_bytes(&args[0]).unwrap_or_default();
    let hex = crate::sha1::sha1_hex(&bytes);
    Ok(Ret::Values(vec![vm.string(hex.as_bytes())]))
}

/// redis.log: the server's log is the host's; the engine keeps no log, so it only
/// checks its arguments as Redis does.
pub(super) fn redis_log(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    if args.len() < 2 {
        return Err(error_table(vm, "redis.log() requires two arguments or more."));
    }
    if !matches!(args[0], Value::Num(_)) {
        return Err(error_table(vm, "First argument must be a number (log level)."));
    }
    Ok(Ret::Values(vec![]))
}

pub(super) fn redis_setresp(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    match args {
        [Value::Num(n)] if *n == 2.0 || *n == 3.0 => {
            vm.host_flags = *n as u32;
            Ok(Ret::Values(vec![]))
        }
        [_] => Err(error_table(vm, "RESP version must be 2 or 3.")),
        _ => Err(error_table(vm, "redis.setresp() requires one argument.")),
    }
}

pub(super) fn redis_set_repl(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    match args {
        [Value::Num(n)] if (0.0..=3.0).contains(n) && n.fract() == 0.0 => Ok(Ret::Values(vec![])),
        [_] => Err(error_table(
            vm,
            "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.",
        )),
        _ => Err(error_table(vm, "redis.set_repl() requires one argument.")),
    }
}

pub(super) fn redis_replicate_commands(_: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Ok(Ret::Values(vec![Value::Bool(true)]))
}

/// Reading a global that does not exist (Redis 7's globals protection).
pub(super) fn missing_global(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let name = keyspace_lua::lib_base::to_display(args.get(1).unwrap_or(&Value::Nil));
    let message = format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    );
    Err(vm.error(&message))
}

/// The Lua state as Redis 7.0 prepares it (scriptingInit, luaRegisterRedisAPI): the
/// libraries, the `redis` table, read-only globals.
pub(super) fn new_lua() -> Box<Vm> {
    let mut vm = Box::new(Vm::new());
    keyspace_lua::open_libs(&mut vm);
    let redis = vm.table(Table::default());
    let Value::Table(r) = redis else {
        unreachable!("a table")
    };
    let fns: [(&'static str, keyspace_lua::vm::NativeFn); 9] = [
        ("call", redis_call),
        ("pcall", redis_pcall),
        ("error_reply", redis_error_reply),
        ("status_reply", redis_status_reply),
        ("sha1hex", redis_sha1hex),
        ("log", redis_log),
        ("setresp", redis_setresp),
        ("set_repl", redis_set_repl),
        ("replicate_commands", redis_replicate_commands),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(r, Value::str(name), v);
    }
    for (name, n) in [
        ("LOG_DEBUG", 0.0),
        ("LOG_VERBOSE", 1.0),
        ("LOG_NOTICE", 2.0),
        ("LOG_WARNING", 3.0),
        ("REPL_NONE", 0.0),
        ("REPL_AOF", 1.0),
        ("REPL_SLAVE", 2.0),
        ("REPL_REPLICA", 2.0),
        ("REPL_ALL", 3.0),
    ] {
        vm.raw_set(r, Value::str(name), Value::Num(n));
    }
    vm.set_global("redis", redis);
    // Globals: reading a missing one is an error; the table and the libraries in it
    // are read-only (luaSetErrorMetatable, luaSetTableProtectionRecursively).
    let meta = vm.table(Table::default());
    let Value::Table(m) = meta else { unreachable!("a table") };
    let index = vm.native("__index", missing_global);
    vm.raw_set(m, Value::str("__index"), index);
    let globals = vm.globals;
    vm.heap.table_mut(globals).metatable = Some(m);
    vm.protect_recursively(globals);
    vm.heap.table_mut(m).readonly = true;
    if let Some(s) = vm.string_meta {
        vm.heap.table_mut(s).readonly = true;
    }
    vm
}

/// Sets KEYS or ARGV (the globals are read-only to scripts, not to the engine).
pub(super) fn set_array_global(vm: &mut Vm, name: &str, items: &[Vec<u8>]) {
    let t = vm.table(Table::new(items.len(), 0));
    if let Value::Table(r) = t {
        for (i, item) in items.iter().enumerate() {
            let v = vm.string(item);
            vm.raw_set(r, Value::Num((i + 1) as f64), v);
        }
    }
    let globals = vm.globals;
    vm.heap.table_mut(globals).readonly = false;
    vm.set_global(name, t);
    vm.heap.table_mut(globals).readonly = true;
}
