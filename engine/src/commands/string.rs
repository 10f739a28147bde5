//! Strings and counters (Redis's t_string.c).

use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::longdouble::{LongDouble, ParseError};
use crate::notify;
use crate::num::{int_bytes, parse_i64};
use crate::reply::Reply;
use crate::reply::NOT_INTEGER;
use crate::small_bytes::StrBytes;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::value::{Kind, StrValue, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "get", arity: 2, flags: READONLY | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "string", since: "1.0.0", handler: get,
        summary: "Get the value of a key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "set", arity: -3, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE VARIABLE_FLAGS").notes("RW and ACCESS due to the optional `GET` argument")], key_flags: Some(set_key_flags),
        group: "string", since: "1.0.0", handler: set,
        summary: "Set the string value of a key",
        syntax: "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setnx", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW INSERT")],
        group: "string", since: "1.0.0", handler: setnx,
        summary: "Set the value of a key, only if the key does not exist",
        syntax: "key value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setex", arity: 4, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE")],
        group: "string", since: "2.0.0", handler: setex,
        summary: "Set the value and expiration of a key",
        syntax: "key seconds value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "psetex", arity: 4, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE")],
        group: "string", since: "2.6.0", handler: psetex,
        summary: "Set the value and expiration in milliseconds of a key",
        syntax: "key milliseconds value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getset", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "1.0.0", handler: getset,
        summary: "Set the string value of a key and return its old value",
        syntax: "key value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getdel", arity: 2, flags: WRITE | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "string", since: "6.2.0", handler: getdel,
        summary: "Get the value of a key and delete the key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getex", arity: -2, flags: WRITE | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE").notes("RW and UPDATE because it changes the TTL")],
        group: "string", since: "6.2.0", handler: getex,
        summary: "Get the value of a key and optionally set its expiration",
        syntax: "key [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|PERSIST]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "mget", arity: -2, flags: READONLY | FAST, acl: "@string", keys: KeyPos::range(1, -1, 1),
        tips: "request_policy:multi_shard",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO ACCESS")],
        group: "string", since: "1.0.0", handler: mget,
        summary: "Get the values of all the given keys",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "mset", arity: -3, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, -1, 2),
        tips: "request_policy:multi_shard response_policy:all_succeeded",
        key_specs: &[KeySpec::range(1, -1, 2, 0, "OW UPDATE")],
        group: "string", since: "1.0.1", handler: mset,
        summary: "Set multiple keys to multiple values",
        syntax: "key value [key value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "msetnx", arity: -3, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, -1, 2),
        tips: "request_policy:multi_shard response_policy:agg_min",
        key_specs: &[KeySpec::range(1, -1, 2, 0, "OW INSERT")],
        group: "string", since: "1.0.1", handler: msetnx,
        summary: "Set multiple keys to multiple values, only if none of the keys exist",
        syntax: "key value [key value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "append", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "string", since: "2.0.0", handler: append,
        summary: "Append a value to a key",
        syntax: "key value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "strlen", arity: 2, flags: READONLY | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "string", since: "2.2.0", handler: strlen,
        summary: "Get the length of the value stored in a key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getrange", arity: 4, flags: READONLY, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "string", since: "2.4.0", handler: getrange,
        summary: "Get a substring of the string stored at a key",
        syntax: "key start end",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "substr", arity: 4, flags: READONLY, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "string", since: "1.0.0", handler: getrange,
        summary: "Get a substring of the string stored at a key",
        syntax: "key start end",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setrange", arity: 4, flags: WRITE | DENYOOM, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "string", since: "2.2.0", handler: setrange,
        summary: "Overwrite part of a string at key starting at the specified offset",
        syntax: "key offset value",
        cost: Some(setrange_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lcs", arity: -3, flags: READONLY, acl: "@string", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::range(1, 1, 1, 0, "RO ACCESS")],
        group: "string", since: "7.0.0", handler: lcs,
        summary: "Find longest common substring",
        syntax: "key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "incr", arity: 2, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "1.0.0", handler: incr,
        summary: "Increment the integer value of a key by one",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "decr", arity: 2, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "1.0.0", handler: decr,
        summary: "Decrement the integer value of a key by one",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "incrby", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "1.0.0", handler: incrby,
        summary: "Increment the integer value of a key by the given amount",
        syntax: "key increment",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "decrby", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "1.0.0", handler: decrby,
        summary: "Decrement the integer value of a key by the given number",
        syntax: "key decrement",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "incrbyfloat", arity: 3, flags: WRITE | DENYOOM | FAST, acl: "@string", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "string", since: "2.6.0", handler: incrbyfloat,
        summary: "Increment the float value of a key by the given amount",
        syntax: "key increment",
        ..CommandSpec::DEFAULT
    },
];

/// Reads a string key: Ok(None) when missing, WRONGTYPE for other types.
pub fn read_string(ctx: &mut Ctx, key: &[u8]) -> Result<Option<Vec<u8>>, Reply> {
    match ctx.read_kind(key, Kind::String)? {
        Some(Value::String(s)) => Ok(Some(s.bytes.to_vec())),
        _ => Ok(None),
    }
}

/// Redis's `checkStringLength`: no string may outgrow proto-max-bulk-len.
pub fn check_string_length(ctx: &Ctx, size: u64, append: u64) -> Result<(), Reply> {
    let total = size.checked_add(append);
    if total.is_none_or(|t| t > ctx.eng.config.proto_max_bulk_len()) {
        return Err(Reply::err(
            "ERR string exceeds maximum allowed size (proto-max-bulk-len)",
        ));
    }
    Ok(())
}

fn get(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::optional_bulk(read_string(ctx, ctx.arg(1))?))
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Expiry {
    #[default]
    None,
    Ex,
    Px,
    ExAt,
    PxAt,
    KeepTtl,
    Persist,
}

#[derive(Default)]
struct SetOptions {
    nx: bool,
    xx: bool,
    get: bool,
    expiry: Expiry,
    expire_arg: Option<usize>,
}

/// `parseExtendedStringArgumentsOrReply`: SET's and GETEX's options, with their
/// exact acceptance rules (a repeated EX is allowed; EX with PX is not).
fn parse_set_options(ctx: &Ctx, from: usize, for_set: bool) -> Result<SetOptions, Reply> {
    let mut o = SetOptions::default();
    let mut j = from;
    while j < ctx.argc() {
        let has_next = j + 1 < ctx.argc();
        let timed = |o: &SetOptions, allowed: Expiry| o.expiry == Expiry::None || o.expiry == allowed;
        if for_set && ctx.is(j, "nx") && !o.xx {
            o.nx = true;
        } else if for_set && ctx.is(j, "xx") && !o.nx {
            o.xx = true;
        } else if for_set && ctx.is(j, "get") {
            o.get = true;
        } else if for_set && ctx.is(j, "keepttl") && timed(&o, Expiry::KeepTtl) {
            o.expiry = Expiry::KeepTtl;
        } else if !for_set && ctx.is(j, "persist") && timed(&o, Expiry::Persist) {
            o.expiry = Expiry::Persist;
        } else if let Some(kind) = [
            ("ex", Expiry::Ex),
            ("px", Expiry::Px),
            ("exat", Expiry::ExAt),
            ("pxat", Expiry::PxAt),
        ]
        .iter()
        .find(|(w, k)| ctx.is(j, w) && timed(&o, *k) && has_next)
        .map(|(_, k)| *k)
        {
            o.expiry = kind;
            o.expire_arg = Some(j + 1);
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    Ok(o)
}

/// `getExpireMillisecondsOrReply`: the absolute expiry time in ms.
fn expire_ms(ctx: &Ctx, o: &SetOptions) -> Result<Option<i64>, Reply> {
    let Some(at) = o.expire_arg else { return Ok(None) };
    let invalid = || Reply::err(&format!("ERR invalid expire time in '{}' command", ctx.full_name));
    let mut ms = ctx.int_arg(at)?;
    let seconds = matches!(o.expiry, Expiry::Ex | Expiry::ExAt);
    if ms <= 0 || (seconds && ms > i64::MAX / 1000) {
        return Err(invalid());
    }
    if seconds {
        ms *= 1000;
    }
    if matches!(o.expiry, Expiry::Ex | Expiry::Px) {
        ms = ms.checked_add(ctx.now).ok_or_else(invalid)?;
    }
    if ms <= 0 {
        return Err(invalid());
    }
    Ok(Some(ms))
}

/// `setGenericCommand`.
fn set_generic(ctx: &mut Ctx, key: &[u8], value: &[u8], o: &SetOptions, ok: Reply, abort: Reply) -> CmdResult {
    let when = expire_ms(ctx, o)?;
    let mut old = None;
    if o.get {
        old = Some(read_string(ctx, key)?);
    }
    let found = ctx.lookup_write(key).is_some();
    if (o.nx && found) || (o.xx && !found) {
        return Ok(match old {
            Some(previous) => Reply::optional_bulk(previous),
            None => abort,
        });
    }
    ctx.set_key(key, Value::string(value.to_vec()), o.expiry == Expiry::KeepTtl);
    ctx.dirty(1);
    ctx.notify(notify::STRING, "set", key);
    if let Some(at) = when {
        ctx.set_expire(key, at);
        if o.expiry != Expiry::PxAt {
            ctx.propagate(vec![
                b"SET".to_vec(),
                key.to_vec(),
                value.to_vec(),
                b"PXAT".to_vec(),
                int_bytes(at),
            ]);
        }
        ctx.notify(notify::GENERIC, "expire", key);
    }
    Ok(match old {
        Some(previous) => Reply::optional_bulk(previous),
        None => ok,
    })
}

fn set(ctx: &mut Ctx) -> CmdResult {
    let o = parse_set_options(ctx, 3, true)?;
    set_generic(ctx, ctx.arg(1), ctx.arg(2), &o, Reply::ok(), Reply::Null)
}

fn setnx(ctx: &mut Ctx) -> CmdResult {
    let o = SetOptions {
        nx: true,
        ..Default::default()
    };
    set_generic(ctx, ctx.arg(1), ctx.arg(2), &o, Reply::Int(1), Reply::Int(0))
}

fn setex(ctx: &mut Ctx) -> CmdResult {
    let o = SetOptions {
        expiry: Expiry::Ex,
        expire_arg: Some(2),
        ..Default::default()
    };
    set_generic(ctx, ctx.arg(1), ctx.arg(3), &o, Reply::ok(), Reply::Null)
}

fn psetex(ctx: &mut Ctx) -> CmdResult {
    let o = SetOptions {
        expiry: Expiry::Px,
        expire_arg: Some(2),
        ..Default::default()
    };
    set_generic(ctx, ctx.arg(1), ctx.arg(3), &o, Reply::ok(), Reply::Null)
}

fn getset(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let old = read_string(ctx, key)?;
    ctx.set_key(key, Value::string(ctx.arg(2).to_vec()), false);
    ctx.notify(notify::STRING, "set", key);
    ctx.dirty(1);
    ctx.propagate(vec![b"SET".to_vec(), key.to_vec(), ctx.arg(2).to_vec()]);
    Ok(Reply::optional_bulk(old))
}

fn getdel(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let old = read_string(ctx, key)?;
    if old.is_some() && ctx.delete_key(key) {
        ctx.notify(notify::GENERIC, "del", key);
        ctx.dirty(1);
        ctx.propagate(vec![b"DEL".to_vec(), key.to_vec()]);
    }
    Ok(Reply::optional_bulk(old))
}

fn getex(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let o = parse_set_options(ctx, 2, false)?;
    let Some(value) = read_string(ctx, key)? else {
        return Ok(Reply::Null);
    };
    let when = expire_ms(ctx, &o)?;
    match (o.expiry, when) {
        (Expiry::ExAt | Expiry::PxAt, Some(at)) if ctx.already_expired(at) => {
            ctx.db_mut().remove(key);
            ctx.propagate(vec![b"DEL".to_vec(), key.to_vec()]);
            ctx.changed(key, notify::GENERIC, "del", 1);
        }
        (_, Some(at)) => {
            ctx.set_expire(key, at);
            if o.expiry == Expiry::PxAt {
                ctx.propagate(ctx.argv.to_vec());
            } else {
                ctx.propagate(vec![b"PEXPIREAT".to_vec(), key.to_vec(), int_bytes(at)]);
            }
            ctx.changed(key, notify::GENERIC, "expire", 1);
        }
        (Expiry::Persist, None) if ctx.db_mut().persist(key) => {
            ctx.modified(key);
            ctx.propagate(vec![b"PERSIST".to_vec(), key.to_vec()]);
            ctx.notify(notify::GENERIC, "persist", key);
            ctx.dirty(1);
        }
        _ => {}
    }
    Ok(Reply::Bulk(value))
}

fn mget(ctx: &mut Ctx) -> CmdResult {
    let mut out = Vec::with_capacity(ctx.argc() - 1);
    for i in 1..ctx.argc() {
        out.push(match ctx.lookup_read(ctx.arg(i)) {
            Some(Value::String(s)) => Reply::Bulk(s.bytes.to_vec()),
            _ => Reply::Null,
        });
    }
    Ok(Reply::Array(out))
}

fn mset_generic(ctx: &mut Ctx, nx: bool) -> CmdResult {
    if ctx.argc() % 2 == 0 {
        return Err(ctx.arity_error());
    }
    if nx {
        for i in (1..ctx.argc()).step_by(2) {
            if ctx.lookup_write(ctx.arg(i)).is_some() {
                return Ok(Reply::Int(0));
            }
        }
    }
    for i in (1..ctx.argc()).step_by(2) {
        let key = ctx.arg(i);
        ctx.set_key(key, Value::string(ctx.arg(i + 1).to_vec()), false);
        ctx.notify(notify::STRING, "set", key);
    }
    ctx.dirty(((ctx.argc() - 1) / 2) as u64);
    Ok(if nx { Reply::Int(1) } else { Reply::ok() })
}

/// Redis's `setGetKeys`: SET reads its key only with GET.
fn set_key_flags(argv: &[Vec<u8>]) -> Vec<(usize, &'static str)> {
    let get = argv.iter().skip(3).any(|a| a.eq_ignore_ascii_case(b"get"));
    vec![(1, if get { "RW ACCESS UPDATE" } else { "OW UPDATE" })]
}

fn mset(ctx: &mut Ctx) -> CmdResult {
    mset_generic(ctx, false)
}

fn msetnx(ctx: &mut Ctx) -> CmdResult {
    mset_generic(ctx, true)
}

fn append(ctx: &mut Ctx) -> CmdResult {
    let (key, extra) = (ctx.arg(1), ctx.arg(2));
    let total = match ctx.write_kind(key, Kind::String)? {
        None => {
            ctx.add_key(key, Value::string(extra.to_vec()));
            extra.len()
        }
        Some(Value::String(s)) => {
            let len = s.bytes.len() as u64;
            check_string_length(ctx, len, extra.len() as u64)?;
            let s = ctx.write_existing(key)?.string_mut().ok_or_else(Reply::wrongtype)?;
            s.grow_to(s.bytes.len() + extra.len());
            s.bytes.extend_from_slice(extra);
            s.bytes.len()
        }
        Some(_) => return Err(Reply::wrongtype()),
    };
    ctx.changed(key, notify::STRING, "append", 1);
    Ok(Reply::Int(total as i64))
}

fn strlen(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(read_string(ctx, ctx.arg(1))?.map_or(0, |v| v.len() as i64)))
}

fn getrange(ctx: &mut Ctx) -> CmdResult {
    let mut start = ctx.int_arg(2)?;
    let mut end = ctx.int_arg(3)?;
    let Some(value) = read_string(ctx, ctx.arg(1))? else {
        return Ok(Reply::bulk(""));
    };
    let len = value.len() as i64;
    if start < 0 && end < 0 && start > end {
        return Ok(Reply::bulk(""));
    }
    if start < 0 {
        start += len;
    }
    if end < 0 {
        end += len;
    }
    start = start.max(0);
    end = end.max(0);
    if end >= len {
        end = len - 1;
    }
    if start > end || len == 0 {
        return Ok(Reply::bulk(""));
    }
    Ok(Reply::bulk(&value[start as usize..=end as usize]))
}

/// Growing a string allocates and zeroes every new byte at once.
fn setrange_cost(c: &CostInput) -> Option<Estimate> {
    let offset = c.int(2).filter(|&o| o >= 0)? as u64;
    let end = offset + c.argv.get(3).map_or(0, |v| v.len() as u64);
    Estimate::new(end.saturating_sub(c.string_len(1)), 10, "bytes")
}

fn setrange(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let offset = ctx.int_arg(2)?;
    let piece = ctx.arg(3);
    if offset < 0 {
        return Err(Reply::err("ERR offset is out of range"));
    }
    let offset = offset as u64;
    let mut created = false;
    match ctx.write_kind(key, Kind::String)? {
        None => {
            if piece.is_empty() {
                return Ok(Reply::Int(0));
            }
            check_string_length(ctx, offset, piece.len() as u64)?;
            ctx.add_key(key, Value::String(StrValue::raw(Vec::new())));
            created = true;
        }
        Some(Value::String(s)) => {
            let len = s.bytes.len();
            if piece.is_empty() {
                return Ok(Reply::Int(len as i64));
            }
            check_string_length(ctx, offset, piece.len() as u64)?;
        }
        Some(_) => return Err(Reply::wrongtype()),
    }
    let s = ctx.write_existing(key)?.string_mut().ok_or_else(Reply::wrongtype)?;
    let end = offset as usize + piece.len();
    if !created {
        // `dbUnshareStringValue`, then `sdsgrowzero`'s greedy growth.
        s.grow_to(s.bytes.len().max(end));
    }
    if s.bytes.len() < end {
        s.bytes.resize(end, 0);
    }
    s.bytes[offset as usize..end].copy_from_slice(piece);
    let len = s.bytes.len();
    ctx.changed(key, notify::STRING, "setrange", 1);
    Ok(Reply::Int(len as i64))
}

fn lcs(ctx: &mut Ctx) -> CmdResult {
    let a_val = ctx.lookup_read(ctx.arg(1)).cloned();
    let b_val = ctx.lookup_read(ctx.arg(2)).cloned();
    let as_string = |v: Option<Value>| match v {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(s.bytes.into_vec()),
        Some(_) => Err(Reply::err("ERR The specified keys must contain string values")),
    };
    let (a, b) = match (as_string(a_val), as_string(b_val)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let (mut get_len, mut get_idx, mut with_len, mut min_len) = (false, false, false, 0i64);
    let mut j = 3;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if ctx.is(j, "idx") {
            get_idx = true;
        } else if ctx.is(j, "len") {
            get_len = true;
        } else if ctx.is(j, "withmatchlen") {
            with_len = true;
        } else if ctx.is(j, "minmatchlen") && more > 0 {
            min_len = ctx.int_arg(j + 1)?.max(0);
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    if get_idx && get_len {
        return Err(Reply::err(
            "ERR If you want both the length and indexes, please just use IDX.",
        ));
    }
    let cells = (a.len() as u64 + 1) * (b.len() as u64 + 1) * 4;
    if cells > ctx.eng.config.proto_max_bulk_len() {
        return Err(Reply::err(
            "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len",
        ));
    }
    let width = b.len() + 1;
    let mut dp = vec![0u32; (a.len() + 1) * width];
    for i in 1..=a.len() {
        for k in 1..=b.len() {
            dp[i * width + k] = if a[i - 1] == b[k - 1] {
                dp[(i - 1) * width + k - 1] + 1
            } else {
                dp[(i - 1) * width + k].max(dp[i * width + k - 1])
            };
        }
    }
    let total = dp[a.len() * width + b.len()];
    if get_len {
        return Ok(Reply::Int(total as i64));
    }
    // Walk back from the end, collecting the string and the matching ranges.
    let mut result = vec![0u8; total as usize];
    let mut idx = total as usize;
    let mut ranges = Vec::new();
    let (mut i, mut k) = (a.len(), b.len());
    let unset = a.len();
    let (mut a_start, mut a_end, mut b_start, mut b_end) = (unset, 0usize, 0usize, 0usize);
    while i > 0 && k > 0 {
        let mut emit = false;
        if a[i - 1] == b[k - 1] {
            result[idx - 1] = a[i - 1];
            if a_start == unset {
                a_start = i - 1;
                a_end = i - 1;
                b_start = k - 1;
                b_end = k - 1;
            } else if a_start == i && b_start == k {
                a_start -= 1;
                b_start -= 1;
            } else {
                emit = true;
            }
            if a_start == 0 || b_start == 0 {
                emit = true;
            }
            idx -= 1;
            i -= 1;
            k -= 1;
        } else {
            if dp[(i - 1) * width + k] > dp[i * width + k - 1] {
                i -= 1;
            } else {
                k -= 1;
            }
            if a_start != unset {
                emit = true;
            }
        }
        if emit {
            let match_len = (a_end - a_start + 1) as i64;
            if min_len == 0 || match_len >= min_len {
                let mut entry = vec![
                    Reply::Array(vec![Reply::Int(a_start as i64), Reply::Int(a_end as i64)]),
                    Reply::Array(vec![Reply::Int(b_start as i64), Reply::Int(b_end as i64)]),
                ];
                if with_len {
                    entry.push(Reply::Int(match_len));
                }
                ranges.push(Reply::Array(entry));
            }
            a_start = unset;
        }
    }
    if get_idx {
        return Ok(Reply::Map(vec![
            (Reply::bulk("matches"), Reply::Array(ranges)),
            (Reply::bulk("len"), Reply::Int(total as i64)),
        ]));
    }
    Ok(Reply::Bulk(result))
}

/// `incrDecrCommand`.
fn incr_by(ctx: &mut Ctx, delta: i64) -> CmdResult {
    let key = ctx.arg(1);
    let overflow = || Reply::err("ERR increment or decrement would overflow");
    // Made before the lookup lends the slot: the policy's sharing mark (an empty Vec
    // allocates nothing). One lookup, as incrDecrCommand's one lookupKeyWrite.
    let mut stored = ctx.new_string(Vec::new());
    let value = match ctx.write_kind(key, Kind::String)? {
        Some(slot) => {
            let Value::String(s) = &mut *slot else {
                return Err(Reply::wrongtype());
            };
            let current = parse_i64(&s.bytes).ok_or_else(|| Reply::err(NOT_INTEGER))?;
            let value = current.checked_add(delta).ok_or_else(overflow)?;
            // An integer's text fits a string's inline bytes: no allocation, as Redis
            // updates an int object in place.
            if let Value::String(fresh) = &mut stored {
                fresh.bytes = StrBytes::from_slice(crate::num::int_text(value, &mut [0; 20]));
            }
            *slot = stored;
            value
        }
        None => {
            if let Value::String(s) = &mut stored {
                s.bytes = StrBytes::from_slice(crate::num::int_text(delta, &mut [0; 20]));
            }
            ctx.add_key(key, stored);
            delta
        }
    };
    ctx.changed(key, notify::STRING, "incrby", 1);
    Ok(Reply::Int(value))
}

fn incr(ctx: &mut Ctx) -> CmdResult {
    incr_by(ctx, 1)
}

fn decr(ctx: &mut Ctx) -> CmdResult {
    incr_by(ctx, -1)
}

fn incrby(ctx: &mut Ctx) -> CmdResult {
    let delta = ctx.int_arg(2)?;
    incr_by(ctx, delta)
}

fn decrby(ctx: &mut Ctx) -> CmdResult {
    let delta = ctx.int_arg(2)?;
    if delta == i64::MIN {
        return Err(Reply::err("ERR decrement would overflow"));
    }
    incr_by(ctx, -delta)
}

/// Adds two `long double` texts as Redis's INCRBYFLOAT/HINCRBYFLOAT do; returns the
/// result as Redis prints it.
pub fn add_long_doubles(current: Option<&[u8]>, increment: &[u8]) -> Result<String, Reply> {
    let not_float = || Reply::err("ERR value is not a valid float");
    let nan_or_inf = || Reply::err("ERR increment would produce NaN or Infinity");
    let parse = |text: &[u8]| match LongDouble::parse(text) {
        Ok(v) => Ok(Some(v)),
        Err(ParseError::Infinite) => Ok(None),
        Err(_) => Err(not_float()),
    };
    let value = match current {
        Some(text) => parse(text)?,
        None => Some(LongDouble::ZERO),
    };
    let incr = parse(increment)?;
    match (value, incr) {
        (Some(v), Some(i)) => v.add(i).map(LongDouble::to_human).ok_or_else(nan_or_inf),
        _ => Err(nan_or_inf()),
    }
}

fn incrbyfloat(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let current = match ctx.write_kind(key, Kind::String)? {
        None => None,
        Some(Value::String(s)) => Some(s.bytes.to_vec()),
        Some(_) => return Err(Reply::wrongtype()),
    };
    let text = add_long_doubles(current.as_deref(), ctx.arg(2))?;
    // `createStringObjectFromLongDouble`: an embstr, without `tryObjectEncoding`.
    let stored = Value::String(StrValue {
        bytes: text.clone().into_bytes().into(),
        text: true,
        ..StrValue::default()
    });
    match ctx.lookup_write(key) {
        Some(slot) => *slot = stored,
        None => ctx.add_key(key, stored),
    }
    ctx.changed(key, notify::STRING, "incrbyfloat", 1);
    ctx.propagate(vec![
        b"SET".to_vec(),
        key.to_vec(),
        text.clone().into_bytes(),
        b"KEEPTTL".to_vec(),
    ]);
    Ok(Reply::Bulk(text.into_bytes()))
}
