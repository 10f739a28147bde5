//! DUMP and RESTORE (cluster.c's `dumpCommand` and `restoreCommand`): a value as Redis's
//! serialized payload and back, with RESTORE's options, checks in Redis's order,
//! keyspace event and propagation (a relative TTL goes out absolute, with ABSTTL).

use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::object::{lru_clock, LRU_CLOCK_MAX};
use crate::rdb::{self, SaveOptions};
use crate::reply::{Reply, NOT_INTEGER};
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};

pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "dump",
        arity: 2,
        flags: READONLY,
        acl: "@keyspace",
        keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "generic",
        since: "2.6.0",
        handler: dump,
        summary: "Return a serialized version of the value stored at the specified key.",
        syntax: "key",
        tips: "nondeterministic_output",
        cost: Some(crate::commands::copy_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "restore",
        arity: -4,
        flags: WRITE | DENYOOM,
        acl: "@keyspace @dangerous",
        keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE")],
        group: "generic",
        since: "2.6.0",
        handler: restore,
        summary: "Create a key using the provided serialized value, previously obtained using DUMP.",
        syntax: "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
        ..CommandSpec::DEFAULT
    },
];

fn dump(ctx: &mut Ctx) -> CmdResult {
    let options = SaveOptions::of(ctx.eng);
    match ctx.lookup_read(ctx.arg(1)) {
        None => Ok(Reply::Null),
        Some(value) => Ok(Reply::bulk(rdb::dump_value(value, &options))),
    }
}

fn restore(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let (mut replace, mut absttl) = (false, false);
    let (mut freq, mut idle): (Option<i64>, Option<i64>) = (None, None);
    let mut j = 4;
    while j < ctx.argc() {
        let additional = ctx.argc() - j - 1;
        if ctx.is(j, "replace") {
            replace = true;
        } else if ctx.is(j, "absttl") {
            absttl = true;
        } else if ctx.is(j, "idletime") && additional >= 1 && freq.is_none() {
            let v = ctx.int_arg(j + 1)?;
            if v < 0 {
                return Err(Reply::err("Invalid IDLETIME value, must be >= 0"));
            }
            idle = Some(v);
            j += 1;
        } else if ctx.is(j, "freq") && additional >= 1 && idle.is_none() {
            let v = ctx.int_arg(j + 1)?;
            if !(0..=255).contains(&v) {
                return Err(Reply::err("Invalid FREQ value, must be >= 0 and <= 255"));
            }
            freq = Some(v);
            j += 1;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    if !replace && ctx.lookup_write(key).is_some() {
        return Err(Reply::Error("BUSYKEY Target key name already exists.".into()));
    }
    let mut ttl = crate::num::parse_i64(ctx.arg(2)).ok_or_else(|| Reply::err(NOT_INTEGER))?;
    if ttl < 0 {
        return Err(Reply::err("Invalid TTL value, must be >= 0"));
    }
    let value = match rdb::restore_value(ctx.eng, ctx.arg(3)) {
        Ok(value) => value,
        Err(None) => return Err(Reply::err("ERR DUMP payload version or checksum are wrong")),
        Err(Some(_)) => return Err(Reply::err("Bad data format")),
    };
    // `dbDelete`: the old value goes without an event of its own (expired or not).
    let deleted = replace && ctx.db_mut().remove(key).is_some();
    if ttl != 0 && !absttl {
        ttl = ttl.saturating_add(ctx.now);
    }
    if ttl != 0 && ctx.already_expired(ttl) {
        if deleted {
            ctx.propagate(vec![b"DEL".to_vec(), key.to_vec()]);
            ctx.changed(key, notify::GENERIC, "del", 1);
        }
        return Ok(Reply::ok());
    }
    ctx.add_key(key, value);
    if ttl != 0 {
        ctx.set_expire(key, ttl);
        if !absttl {
            let mut argv = ctx.argv.to_vec();
            argv[2] = crate::num::int_bytes(ttl);
            argv.push(b"ABSTTL".to_vec());
            ctx.propagate(argv);
        }
    }
    let (lfu, now) = (ctx.eng.config.lfu_policy(), ctx.now);
    if let Some(obj) = ctx.eng.dbs[ctx.db].keys.get_mut(key) {
        // `objectSetLRUOrLFU`: FREQ under an LFU policy, IDLETIME under any other.
        match (lfu, freq, idle) {
            (true, Some(f), _) => obj.lru = (crate::object::lfu_minutes(now) << 8) | f as u32,
            (false, _, Some(i)) => {
                let abs = i64::from(lru_clock(now)) - i.min(i64::MAX / 2);
                let abs = if abs < 0 { abs + i64::from(LRU_CLOCK_MAX) } else { abs };
                obj.lru = (abs as u64 & u64::from(LRU_CLOCK_MAX)) as u32;
            }
            _ => {}
        }
    }
    ctx.changed(key, notify::GENERIC, "restore", 1);
    Ok(Reply::ok())
}
