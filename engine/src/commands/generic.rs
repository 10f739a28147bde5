//! Generic key commands (Redis's db.c and expire.c): DEL, EXISTS, TYPE, KEYS, SCAN,
//! RANDOMKEY, RENAME, MOVE, COPY, the EXPIRE and TTL families, PERSIST, TOUCH.

use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::glob;
use crate::notify;
use crate::num::int_bytes;
use crate::reply::Reply;
use crate::reply::NOT_INTEGER;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "del", arity: -2, flags: WRITE, acl: "@keyspace", keys: KeyPos::range(1, -1, 1),
        tips: "request_policy:multi_shard response_policy:agg_sum",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RM DELETE")],
        group: "generic", since: "1.0.0", handler: del,
        summary: "Delete a key",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unlink", arity: -2, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, -1, 1),
        tips: "request_policy:multi_shard response_policy:agg_sum",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RM DELETE")],
        group: "generic", since: "4.0.0", handler: del,
        summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "exists", arity: -2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, -1, 1),
        tips: "request_policy:multi_shard response_policy:agg_sum",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO")],
        group: "generic", since: "1.0.0", handler: exists,
        summary: "Determine if a key exists",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "type", arity: 2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "generic", since: "1.0.0", handler: type_,
        summary: "Determine the type stored at key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "keys", arity: 2, flags: READONLY, acl: "@keyspace @dangerous", keys: NO_KEYS,
        tips: "request_policy:all_shards nondeterministic_output_order",
        group: "generic", since: "1.0.0", handler: keys,
        summary: "Find all keys matching the given pattern",
        syntax: "pattern",
        cost: Some(keys_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "scan", arity: -2, flags: READONLY, acl: "@keyspace", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:special",
        group: "generic", since: "2.8.0", handler: scan,
        summary: "Incrementally iterate the keys space",
        syntax: "cursor [MATCH pattern] [COUNT count] [TYPE type]",
        cost: Some(scan_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "randomkey", arity: 1, flags: READONLY, acl: "@keyspace", keys: NO_KEYS,
        tips: "request_policy:all_shards nondeterministic_output",
        group: "generic", since: "1.0.0", handler: randomkey,
        summary: "Return a random key from the keyspace",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rename", arity: 3, flags: WRITE, acl: "@keyspace", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "OW UPDATE")],
        group: "generic", since: "1.0.0", handler: rename,
        summary: "Rename a key",
        syntax: "key newkey",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "renamenx", arity: 3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "OW INSERT")],
        group: "generic", since: "1.0.0", handler: renamenx,
        summary: "Rename a key, only if the new key does not exist",
        syntax: "key newkey",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "move", arity: 3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "generic", since: "1.0.0", handler: move_,
        summary: "Move a key to another database",
        syntax: "key db",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "copy", arity: -3, flags: WRITE | DENYOOM, acl: "@keyspace", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS"), KeySpec::at(2, "OW UPDATE")],
        group: "generic", since: "6.2.0", handler: copy,
        summary: "Copy a key",
        syntax: "source destination [DB destination-db] [REPLACE]",
        cost: Some(crate::commands::copy_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "expire", arity: -3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "generic", since: "1.0.0", handler: expire,
        summary: "Set a key's time to live in seconds",
        syntax: "key seconds [NX|XX|GT|LT]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pexpire", arity: -3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "generic", since: "2.6.0", handler: pexpire,
        summary: "Set a key's time to live in milliseconds",
        syntax: "key milliseconds [NX|XX|GT|LT]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "expireat", arity: -3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "generic", since: "1.2.0", handler: expireat,
        summary: "Set the expiration for a key as a UNIX timestamp",
        syntax: "key unix-time-seconds [NX|XX|GT|LT]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pexpireat", arity: -3, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "generic", since: "2.6.0", handler: pexpireat,
        summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
        syntax: "key unix-time-milliseconds [NX|XX|GT|LT]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "ttl", arity: 2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "generic", since: "1.0.0", handler: ttl,
        summary: "Get the time to live for a key in seconds",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pttl", arity: 2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "generic", since: "2.6.0", handler: pttl,
        summary: "Get the time to live for a key in milliseconds",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "expiretime", arity: 2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "generic", since: "7.0.0", handler: expiretime,
        summary: "Get the expiration Unix timestamp for a key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pexpiretime", arity: 2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "generic", since: "7.0.0", handler: pexpiretime,
        summary: "Get the expiration Unix timestamp for a key in milliseconds",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "persist", arity: 2, flags: WRITE | FAST, acl: "@keyspace", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "generic", since: "2.2.0", handler: persist,
        summary: "Remove the expiration from a key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "touch", arity: -2, flags: READONLY | FAST, acl: "@keyspace", keys: KeyPos::range(1, -1, 1),
        tips: "request_policy:multi_shard response_policy:agg_sum",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO")],
        group: "generic", since: "3.2.1", handler: // Redis answers TOUCH with the very code of EXISTS.
        exists,
        summary: "Alters the last access time of a key(s). Returns the number of existing keys specified.",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sort", arity: -2, flags: WRITE | DENYOOM | MOVABLEKEYS, acl: "@set @sortedset @list @dangerous", keys: KeyPos::range(1, 1, 1),
        key_specs: &[
            KeySpec::at(1, "RO ACCESS"),
            KeySpec::unknown("RO ACCESS").notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort"),
            KeySpec::unknown("OW UPDATE").notes("For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array"),
        ],
        key_flags: Some(crate::commands::sort::sort_key_flags),
        group: "generic", since: "1.0.0", handler: crate::commands::sort::sort,
        summary: "Sort the elements in a list, set or sorted set",
        syntax: "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA] [STORE destination]",
        cost: Some(super::sort::sort_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sort_ro", arity: -2, flags: READONLY | MOVABLEKEYS, acl: "@set @sortedset @list @dangerous", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS"), KeySpec::unknown("RO ACCESS").notes("For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort")],
        key_flags: Some(crate::commands::sort::sort_ro_key_flags),
        group: "generic", since: "7.0.0", handler: crate::commands::sort::sort_ro,
        summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
        syntax: "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC|DESC] [ALPHA]",
        cost: Some(super::sort::sort_cost),
        ..CommandSpec::DEFAULT
    },
];

fn del(ctx: &mut Ctx) -> CmdResult {
    let mut deleted = 0;
    for i in 1..ctx.argc() {
        let key = ctx.arg(i);
        if ctx.delete_key(key) {
            ctx.notify(notify::GENERIC, "del", key);
            ctx.dirty(1);
            deleted += 1;
        }
    }
    Ok(Reply::Int(deleted))
}

fn exists(ctx: &mut Ctx) -> CmdResult {
    let mut count = 0;
    for i in 1..ctx.argc() {
        if ctx.lookup_read(ctx.arg(i)).is_some() {
            count += 1;
        }
    }
    Ok(Reply::Int(count))
}

fn type_(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    ctx.exists(key);
    let name = ctx.db_ref().keys.get(key).map_or("none", |o| o.value.kind().name());
    Ok(Reply::status(name))
}

/// KEYS goes through every key of the database.
fn keys_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.db.len() as u64, 1000, "keys")
}

fn keys(ctx: &mut Ctx) -> CmdResult {
    let pattern = ctx.arg(1);
    let all = pattern == b"*";
    let now = ctx.now;
    let db = ctx.db_ref();
    let found: Vec<Vec<u8>> = if !all && glob::is_literal(pattern) {
        db.keys
            .get(pattern)
            .map(|_| pattern.to_vec())
            .into_iter()
            .filter(|k| !db.is_expired(k, now))
            .collect()
    } else {
        db.keys
            .keys()
            .filter(|k| all || glob::matches(pattern, k, false))
            .filter(|k| !db.is_expired(k, now))
            .map(<[u8]>::to_vec)
            .collect()
    };
    Ok(Reply::bulks(found))
}

/// Options shared by SCAN, HSCAN, SSCAN and ZSCAN.
pub struct ScanOptions {
    pub cursor: u64,
    pub count: usize,
    pub pattern: Option<Vec<u8>>,
    pub kind: Option<Vec<u8>>,
}

/// Parses `cursor [MATCH pattern] [COUNT count]` (and TYPE for SCAN) from `at`.
pub fn parse_scan(ctx: &Ctx, at: usize, allow_type: bool) -> Result<ScanOptions, Reply> {
    let cursor = parse_cursor(ctx.arg(at)).ok_or_else(|| Reply::err("ERR invalid cursor"))?;
    let mut opts = ScanOptions {
        cursor,
        count: 10,
        pattern: None,
        kind: None,
    };
    let mut i = at + 1;
    while i < ctx.argc() {
        let remaining = ctx.argc() - i;
        if ctx.is(i, "count") && remaining >= 2 {
            let n = ctx.int_arg(i + 1)?;
            if n < 1 {
                return Err(Reply::syntax_error());
            }
            opts.count = n.min(i64::from(u32::MAX)) as usize;
        } else if ctx.is(i, "match") && remaining >= 2 {
            let p = ctx.arg(i + 1);
            opts.pattern = if p == b"*" { None } else { Some(p.to_vec()) };
        } else if allow_type && ctx.is(i, "type") && remaining >= 2 {
            opts.kind = Some(ctx.arg(i + 1).to_vec());
        } else {
            return Err(Reply::syntax_error());
        }
        i += 2;
    }
    Ok(opts)
}

/// `strtoul` as `parseScanCursorOrReply` uses it: an optional sign (a negative cursor
/// wraps around), decimal digits, nothing after them; an empty string is cursor 0.
fn parse_cursor(text: &[u8]) -> Option<u64> {
    if text.first().is_some_and(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return if text.is_empty() { Some(0) } else { None };
    }
    let mut value: u64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
    }
    Some(if negative { value.wrapping_neg() } else { value })
}

/// Walks a dict from `cursor` the way `scanGenericCommand` does: up to `count` buckets'
/// worth of elements, ten times that many buckets at most.
pub fn scan_dict<V>(dict: &crate::dict::Dict<V>, opts: &ScanOptions, mut take: impl FnMut(&[u8], &V)) -> u64 {
    let mut cursor = opts.cursor;
    let mut visited = 0usize;
    let mut budget = opts.count.saturating_mul(10);
    loop {
        cursor = dict.scan(cursor, |k, v| {
            visited += 1;
            take(k, v)
        });
        budget = budget.saturating_sub(1);
        if cursor == 0 || budget == 0 || visited >= opts.count {
            return cursor;
        }
    }
}

/// SCAN visits about COUNT keys (at most the database's).
fn scan_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.option_count(2).min(c.db.len() as u64), 8000, "keys")
}

fn scan(ctx: &mut Ctx) -> CmdResult {
    let opts = parse_scan(ctx, 1, true)?;
    let mut found = Vec::new();
    let next = scan_dict(&ctx.db_ref().keys, &opts, |k, _| found.push(k.to_vec()));
    let mut keys = Vec::new();
    for key in found {
        if let Some(p) = &opts.pattern {
            if !glob::matches(p, &key, false) {
                continue;
            }
        }
        if ctx.expire_if_needed(&key) {
            continue;
        }
        if let Some(t) = &opts.kind {
            let name = ctx.db_ref().keys.get(&key).map_or("none", |o| o.value.kind().name());
            if !name.as_bytes().eq_ignore_ascii_case(t) {
                continue;
            }
        }
        keys.push(key);
    }
    Ok(Reply::Array(vec![
        Reply::Bulk(next.to_string().into_bytes()),
        Reply::bulks(keys),
    ]))
}

fn randomkey(ctx: &mut Ctx) -> CmdResult {
    let mut tries = 0;
    loop {
        let db = ctx.db;
        let pick = {
            let eng = &mut *ctx.eng;
            eng.dbs[db].keys.random_entry(&mut eng.rng).map(|(k, _)| k.to_vec())
        };
        let Some(key) = pick else { return Ok(Reply::Null) };
        tries += 1;
        let all_volatile = ctx.db_ref().expires.len() == ctx.db_ref().len();
        if ctx.db_ref().is_expired(&key, ctx.now) {
            // With every key volatile, give up after a while and answer an expired one,
            // as Redis does, rather than loop for ever.
            if all_volatile && tries > 100 {
                return Ok(Reply::Bulk(key));
            }
            ctx.expire_if_needed(&key);
            continue;
        }
        return Ok(Reply::Bulk(key));
    }
}

fn rename_generic(ctx: &mut Ctx, nx: bool) -> CmdResult {
    let (src, dst) = (ctx.arg(1), ctx.arg(2));
    if ctx.lookup_write(src).is_none() {
        return Err(Reply::err("ERR no such key"));
    }
    if src == dst {
        return Ok(if nx { Reply::Int(0) } else { Reply::ok() });
    }
    let expire = ctx.expire_at(src);
    if ctx.lookup_write(dst).is_some() {
        if nx {
            return Ok(Reply::Int(0));
        }
        ctx.db_mut().remove(dst);
    }
    let obj = ctx.db_mut().remove(src).ok_or_else(crate::exec::no_such_key)?;
    ctx.eng.db_add(ctx.db, dst, obj, expire);
    ctx.modified(src);
    ctx.modified(dst);
    ctx.notify(notify::GENERIC, "rename_from", src);
    ctx.notify(notify::GENERIC, "rename_to", dst);
    ctx.dirty(1);
    Ok(if nx { Reply::Int(1) } else { Reply::ok() })
}

fn rename(ctx: &mut Ctx) -> CmdResult {
    rename_generic(ctx, false)
}

fn renamenx(ctx: &mut Ctx) -> CmdResult {
    rename_generic(ctx, true)
}

/// A database index argument (getIntFromObjectOrReply, then selectDb's range check).
fn db_index(ctx: &Ctx, i: usize) -> Result<usize, Reply> {
    let n = ctx.int_arg(i)?;
    if n < i32::MIN as i64 || n > i32::MAX as i64 {
        return Err(Reply::err(NOT_INTEGER));
    }
    if n < 0 || n >= crate::engine::DB_COUNT as i64 {
        return Err(Reply::err("ERR DB index is out of range"));
    }
    Ok(n as usize)
}

fn move_(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let dst = db_index(ctx, 2)?;
    let src = ctx.db;
    if src == dst {
        return Err(Reply::err("ERR source and destination objects are the same"));
    }
    if ctx.lookup_write(key).is_none() {
        return Ok(Reply::Int(0));
    }
    let expire = ctx.expire_at(key);
    ctx.eng.expire_if_needed(dst, key);
    if ctx.eng.dbs[dst].keys.contains_key(key) {
        return Ok(Reply::Int(0));
    }
    let Some(obj) = ctx.db_mut().remove(key) else {
        return Ok(Reply::Int(0));
    };
    ctx.eng.db_add(dst, key, obj, expire);
    ctx.eng.touch_watched_key(src, key);
    ctx.eng.touch_watched_key(dst, key);
    ctx.eng.notify_keyspace_event(notify::GENERIC, "move_from", key, src);
    ctx.eng.notify_keyspace_event(notify::GENERIC, "move_to", key, dst);
    ctx.dirty(1);
    Ok(Reply::Int(1))
}

fn copy(ctx: &mut Ctx) -> CmdResult {
    let (src_key, dst_key) = (ctx.arg(1), ctx.arg(2));
    let mut replace = false;
    let mut dst = ctx.db;
    let mut j = 3;
    while j < ctx.argc() {
        let additional = ctx.argc() - j - 1;
        if ctx.is(j, "replace") {
            replace = true;
        } else if ctx.is(j, "db") && additional >= 1 {
            dst = db_index(ctx, j + 1)?;
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    if dst == ctx.db && src_key == dst_key {
        return Err(Reply::err("ERR source and destination objects are the same"));
    }
    let Some(mut value) = ctx.lookup_read(src_key).cloned() else {
        return Ok(Reply::Int(0));
    };
    value.finish_rehash();
    if let crate::value::Value::String(s) = &mut value {
        // `dupStringObject`: a new object, never a shared integer; a raw string's
        // copy is exact (`createRawStringObject`).
        s.unshared = true;
        s.sds_alloc = 0;
    }
    let expire = ctx.expire_at(src_key);
    ctx.eng.expire_if_needed(dst, dst_key);
    if ctx.eng.dbs[dst].keys.contains_key(dst_key) {
        if !replace {
            return Ok(Reply::Int(0));
        }
        ctx.eng.dbs[dst].remove(dst_key);
    }
    let obj = crate::object::Object::new(value, ctx.now, ctx.eng.config.lfu_policy());
    ctx.eng.db_add(dst, dst_key, obj, expire);
    ctx.eng.touch_watched_key(dst, dst_key);
    ctx.eng.notify_keyspace_event(notify::GENERIC, "copy_to", dst_key, dst);
    ctx.dirty(1);
    Ok(Reply::Int(1))
}

#[derive(Clone, Copy, PartialEq)]
enum Unit {
    Seconds,
    Millis,
}

fn expire_generic(ctx: &mut Ctx, base: i64, unit: Unit) -> CmdResult {
    let key = ctx.arg(1);
    let (mut nx, mut xx, mut gt, mut lt) = (false, false, false, false);
    for j in 3..ctx.argc() {
        if ctx.is(j, "nx") {
            nx = true;
        } else if ctx.is(j, "xx") {
            xx = true;
        } else if ctx.is(j, "gt") {
            gt = true;
        } else if ctx.is(j, "lt") {
            lt = true;
        } else {
            return Err(Reply::err(&format!(
                "ERR Unsupported option {}",
                String::from_utf8_lossy(ctx.arg(j))
            )));
        }
    }
    if nx && (xx || gt || lt) {
        return Err(Reply::err(
            "ERR NX and XX, GT or LT options at the same time are not compatible",
        ));
    }
    if gt && lt {
        return Err(Reply::err("ERR GT and LT options at the same time are not compatible"));
    }
    let invalid = || Reply::err(&format!("ERR invalid expire time in '{}' command", ctx.full_name));
    let mut when = ctx.int_arg(2)?;
    if unit == Unit::Seconds {
        when = when.checked_mul(1000).ok_or_else(invalid)?;
    }
    when = when.checked_add(base).ok_or_else(invalid)?;
    if ctx.lookup_write(key).is_none() {
        return Ok(Reply::Int(0));
    }
    let current = ctx.expire_at(key);
    if nx && current.is_some() {
        return Ok(Reply::Int(0));
    }
    if xx && current.is_none() {
        return Ok(Reply::Int(0));
    }
    if gt && current.is_none_or(|c| when <= c) {
        return Ok(Reply::Int(0));
    }
    if lt && current.is_some_and(|c| when >= c) {
        return Ok(Reply::Int(0));
    }
    if ctx.already_expired(when) {
        ctx.db_mut().remove(key);
        ctx.dirty(1);
        ctx.propagate(vec![b"DEL".to_vec(), key.to_vec()]);
        ctx.modified(key);
        ctx.notify(notify::GENERIC, "del", key);
        return Ok(Reply::Int(1));
    }
    ctx.set_expire(key, when);
    let mut argv = ctx.argv.to_vec();
    argv[0] = b"PEXPIREAT".to_vec();
    argv[2] = int_bytes(when);
    ctx.propagate(argv);
    ctx.changed(key, notify::GENERIC, "expire", 1);
    Ok(Reply::Int(1))
}

fn expire(ctx: &mut Ctx) -> CmdResult {
    expire_generic(ctx, ctx.now, Unit::Seconds)
}

fn pexpire(ctx: &mut Ctx) -> CmdResult {
    expire_generic(ctx, ctx.now, Unit::Millis)
}

fn expireat(ctx: &mut Ctx) -> CmdResult {
    expire_generic(ctx, 0, Unit::Seconds)
}

fn pexpireat(ctx: &mut Ctx) -> CmdResult {
    expire_generic(ctx, 0, Unit::Millis)
}

fn ttl_generic(ctx: &mut Ctx, millis: bool, absolute: bool) -> CmdResult {
    let key = ctx.arg(1);
    if !ctx.exists(key) {
        return Ok(Reply::Int(-2));
    }
    let Some(at) = ctx.expire_at(key) else {
        return Ok(Reply::Int(-1));
    };
    let ttl = if absolute { at } else { (at - ctx.now).max(0) };
    Ok(Reply::Int(if millis { ttl } else { (ttl + 500) / 1000 }))
}

fn ttl(ctx: &mut Ctx) -> CmdResult {
    ttl_generic(ctx, false, false)
}

fn pttl(ctx: &mut Ctx) -> CmdResult {
    ttl_generic(ctx, true, false)
}

fn expiretime(ctx: &mut Ctx) -> CmdResult {
    ttl_generic(ctx, false, true)
}

fn pexpiretime(ctx: &mut Ctx) -> CmdResult {
    ttl_generic(ctx, true, true)
}

fn persist(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    if ctx.lookup_write(key).is_none() {
        return Ok(Reply::Int(0));
    }
    if ctx.db_mut().persist(key) {
        ctx.changed(key, notify::GENERIC, "persist", 1);
        Ok(Reply::Int(1))
    } else {
        Ok(Reply::Int(0))
    }
}
