//! HyperLogLog (Redis's hyperloglog.c): PFADD, PFCOUNT, PFMERGE, and the debugging
//! commands PFDEBUG and PFSELFTEST (`debug`).
//!
//! The value is a Redis string in Redis's own layout (`repr`), so TYPE says string and
//! GET shows the same bytes: a 16-byte header (`HYLL`, encoding, cached cardinality)
//! then 16384 six-bit registers, sparse (run-length opcodes, edited in place as Redis
//! edits them) while small, dense after. Elements hash with MurmurHash64A (seed
//! 0xadc83b19) and PFCOUNT uses the estimator of Ertl's "New cardinality estimation
//! algorithms for HyperLogLog sketches", as Redis does, so counts match Redis exactly.

mod debug;
pub mod repr;

use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};
use crate::value::{StrValue, Value};
use repr::{Corrupt, HEADER, REGISTERS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "pfadd", arity: -2, flags: WRITE | DENYOOM | FAST, acl: "@hyperloglog", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "hyperloglog", since: "2.8.9", handler: pfadd,
        summary: "Adds the specified elements to the specified HyperLogLog.",
        syntax: "key [element [element ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfcount", arity: -2, flags: READONLY | MAY_REPLICATE, acl: "@hyperloglog", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RW ACCESS").notes("RW because it may change the internal representation of the key, and propagate to replicas")],
        group: "hyperloglog", since: "2.8.9", handler: pfcount,
        summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfmerge", arity: -2, flags: WRITE | DENYOOM, acl: "@hyperloglog", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS INSERT"), KeySpec::range(2, -1, 1, 0, "RO ACCESS")],
        group: "hyperloglog", since: "2.8.9", handler: pfmerge,
        summary: "Merge N different HyperLogLogs into a single one.",
        syntax: "destkey [sourcekey [sourcekey ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfdebug", arity: 3, flags: WRITE | DENYOOM | ADMIN, acl: "@hyperloglog", keys: KeyPos::range(2, 2, 1),
        key_specs: &[KeySpec::at(2, "RW ACCESS")],
        group: "hyperloglog", since: "2.8.9", handler: debug::pfdebug,
        summary: "Internal commands for debugging HyperLogLog values",
        syntax: "subcommand key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfselftest", arity: 1, flags: ADMIN, acl: "@hyperloglog", keys: NO_KEYS,
        group: "hyperloglog", since: "2.8.9", handler: debug::pfselftest,
        summary: "An internal command for testing HyperLogLog values",
        syntax: "",
        cost: Some(debug::pfselftest_cost),
        ..CommandSpec::DEFAULT
    },
];

const INVALID_HLL: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const CORRUPTED: &str = "INVALIDOBJ Corrupted HLL object detected";

fn corrupted(_: Corrupt) -> Reply {
    Reply::err(CORRUPTED)
}

/// `isHLLObjectOrReply` on a value found under a key.
fn check(value: &Value) -> Result<(), Reply> {
    match value {
        Value::String(s) if repr::is_valid(&s.bytes) => Ok(()),
        Value::String(_) => Err(Reply::err(INVALID_HLL)),
        _ => Err(Reply::wrongtype()),
    }
}

/// The HLL string under a key this command has looked up already (no second touch),
/// unshared for an edit (`dbUnshareStringValue`).
fn stored<'a>(ctx: &'a mut Ctx, key: &[u8]) -> Result<&'a mut StrValue, Reply> {
    match ctx.db_mut().keys.get_mut(key).map(|o| &mut o.value) {
        Some(Value::String(s)) => {
            repr::unshare(s);
            Ok(s)
        }
        _ => Err(crate::exec::no_such_key()),
    }
}

fn sparse_max(ctx: &Ctx) -> usize {
    ctx.eng.config.hll_sparse_max_bytes()
}

fn pfadd(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let mut updated = 0;
    match ctx.lookup_write(key) {
        None => {
            ctx.add_key(key, Value::String(repr::empty()));
            updated += 1;
        }
        Some(value) => check(value)?,
    }
    let sparse_max = sparse_max(ctx);
    let argv = ctx.argv;
    let s = stored(ctx, key)?;
    for element in &argv[2..] {
        // An error leaves what the earlier elements changed, unannounced, as Redis does.
        if repr::add(s, element, sparse_max).map_err(corrupted)? {
            updated += 1;
        }
    }
    if updated > 0 {
        repr::invalidate_cache(&mut s.bytes);
        ctx.changed(key, notify::STRING, "pfadd", updated);
    }
    Ok(Reply::Int((updated > 0) as i64))
}

fn pfcount(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 2 {
        let mut max = vec![0u8; REGISTERS];
        for i in 1..ctx.argc() {
            let Some(value) = ctx.lookup_read(ctx.arg(i)) else {
                continue;
            };
            check(value)?;
            if let Value::String(s) = value {
                repr::merge(&mut max, &s.bytes).map_err(corrupted)?;
            }
        }
        return Ok(Reply::Int(repr::estimate(&repr::raw_histogram(&max)) as i64));
    }
    let key = ctx.arg(1);
    match ctx.lookup_read(key) {
        None => return Ok(Reply::Int(0)),
        Some(value) => check(value)?,
    }
    let s = stored(ctx, key)?;
    if let Some(card) = repr::cached(&s.bytes) {
        return Ok(Reply::Int(card as i64));
    }
    let card = repr::estimate(&repr::histogram(&s.bytes).map_err(corrupted)?);
    repr::set_cached(&mut s.bytes, card);
    // Redis remembers the count in the header, a change it propagates although PFCOUNT
    // is no write (only writes propagate by default here): without it a replayed AOF
    // would hold other bytes (GETRANGE, BITOP see the header).
    ctx.modified(key);
    ctx.dirty(1);
    let argv = ctx.argv.to_vec();
    ctx.propagate(argv);
    ctx.eng.record_event(ctx.db, key, "pfcount");
    Ok(Reply::Int(card as i64))
}

fn pfmerge(ctx: &mut Ctx) -> CmdResult {
    let mut max = vec![0u8; REGISTERS];
    let mut use_dense = false;
    for i in 1..ctx.argc() {
        let Some(value) = ctx.lookup_read(ctx.arg(i)) else {
            continue;
        };
        check(value)?;
        if let Value::String(s) = value {
            use_dense |= s.bytes[4] == repr::DENSE;
            repr::merge(&mut max, &s.bytes).map_err(corrupted)?;
        }
    }
    let key = ctx.arg(1);
    if ctx.lookup_write(key).is_none() {
        ctx.add_key(key, Value::String(repr::empty()));
    }
    let sparse_max = sparse_max(ctx);
    let s = stored(ctx, key)?;
    if use_dense {
        repr::sparse_to_dense(s).map_err(corrupted)?;
    }
    for (i, &m) in max.iter().enumerate() {
        if m == 0 {
            continue;
        }
        if s.bytes[4] == repr::DENSE {
            repr::dense_set(&mut s.bytes[HEADER..], i, m);
        } else {
            // The destination was checked with the sources: Redis ignores the result.
            let _ = repr::sparse_set(s, i, m, sparse_max);
        }
    }
    repr::invalidate_cache(&mut s.bytes);
    ctx.changed(key, notify::STRING, "pfadd", 1);
    Ok(Reply::ok())
}
