//! Hashes (Redis's t_hash.c). Small hashes keep insertion order, as Redis's listpack
//! does (learners see HGETALL in the order they wrote); past `hash-max-listpack-*`
//! they become a table, for good.

use crate::commands::generic::{parse_scan, scan_dict};
use crate::commands::string::add_long_doubles;
use crate::exec::{CmdResult, Ctx};
use crate::longdouble::{LongDouble, ParseError};
use crate::notify;
use crate::num::{int_bytes, parse_i64};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::types::hash::Hash;
use crate::value::{Kind, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "hset", arity: -4, flags: WRITE | DENYOOM | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "hash", since: "2.0.0", handler: hset,
        summary: "Set the string value of a hash field",
        syntax: "key field value [field value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hmset", arity: -4, flags: WRITE | DENYOOM | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "hash", since: "2.0.0", handler: hmset,
        summary: "Set multiple hash fields to multiple values",
        syntax: "key field value [field value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hsetnx", arity: 4, flags: WRITE | DENYOOM | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "hash", since: "2.0.0", handler: hsetnx,
        summary: "Set the value of a hash field, only if the field does not exist",
        syntax: "key field value",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hget", arity: 3, flags: READONLY | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.0.0", handler: hget,
        summary: "Get the value of a hash field",
        syntax: "key field",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hmget", arity: -3, flags: READONLY | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.0.0", handler: hmget,
        summary: "Get the values of all the given hash fields",
        syntax: "key field [field ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hgetall", arity: 2, flags: READONLY, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.0.0", handler: hgetall,
        summary: "Get all the fields and values in a hash",
        syntax: "key",
        cost: Some(crate::commands::whole_collection_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hdel", arity: -3, flags: WRITE | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "hash", since: "2.0.0", handler: hdel,
        summary: "Delete one or more hash fields",
        syntax: "key field [field ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hexists", arity: 3, flags: READONLY | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "hash", since: "2.0.0", handler: hexists,
        summary: "Determine if a hash field exists",
        syntax: "key field",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hlen", arity: 2, flags: READONLY | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "hash", since: "2.0.0", handler: hlen,
        summary: "Get the number of fields in a hash",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hkeys", arity: 2, flags: READONLY, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.0.0", handler: hkeys,
        summary: "Get all the fields in a hash",
        syntax: "key",
        cost: Some(crate::commands::whole_collection_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hvals", arity: 2, flags: READONLY, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.0.0", handler: hvals,
        summary: "Get all the values in a hash",
        syntax: "key",
        cost: Some(crate::commands::whole_collection_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hstrlen", arity: 3, flags: READONLY | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "hash", since: "3.2.0", handler: hstrlen,
        summary: "Get the length of the value of a hash field",
        syntax: "key field",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hincrby", arity: 4, flags: WRITE | DENYOOM | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "hash", since: "2.0.0", handler: hincrby,
        summary: "Increment the integer value of a hash field by the given number",
        syntax: "key field increment",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hincrbyfloat", arity: 4, flags: WRITE | DENYOOM | FAST, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "hash", since: "2.6.0", handler: hincrbyfloat,
        summary: "Increment the float value of a hash field by the given amount",
        syntax: "key field increment",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hrandfield", arity: -2, flags: READONLY, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "6.2.0", handler: hrandfield,
        summary: "Get one or multiple random fields from a hash",
        syntax: "key [count [WITHVALUES]]",
        cost: Some(crate::commands::random_count_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hscan", arity: -3, flags: READONLY, acl: "@hash", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "hash", since: "2.8.0", handler: hscan,
        summary: "Incrementally iterate hash fields and associated values",
        syntax: "key cursor [MATCH pattern] [COUNT count]",
        cost: Some(crate::commands::scan_members_cost),
        ..CommandSpec::DEFAULT
    },
];

fn hash_ref<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c Hash>, Reply> {
    match ctx.read_kind(key, Kind::Hash)? {
        Some(Value::Hash(h)) => Ok(Some(h)),
        _ => Ok(None),
    }
}

/// `hashTypeLookupWriteOrCreate`.
fn hash_or_create<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<&'c mut Hash, Reply> {
    ctx.write_or_create(key, Kind::Hash, || Value::Hash(Box::new(Hash::Listpack(Vec::new()))))?
        .hash_mut()
        .ok_or_else(Reply::wrongtype)
}

/// Sets fields with the listpack limits applied; returns how many were new.
fn set_fields(ctx: &mut Ctx, key: &[u8], pairs: &[Vec<u8>]) -> Result<usize, Reply> {
    let (max_entries, max_value) = (
        ctx.eng.config.hash_max_listpack_entries(),
        ctx.eng.config.hash_max_listpack_value(),
    );
    let hash = hash_or_create(ctx, key)?;
    let mut added = 0;
    for pair in pairs.chunks(2) {
        if hash.set(&pair[0], pair[1].clone()) {
            added += 1;
        }
        hash.convert_if_needed(max_entries, max_value);
    }
    Ok(added)
}

fn hset_generic(ctx: &mut Ctx, reply_ok: bool) -> CmdResult {
    if ctx.argc() % 2 == 1 {
        return Err(ctx.arity_error());
    }
    let key = ctx.arg(1);
    let added = set_fields(ctx, key, &ctx.argv[2..])?;
    ctx.changed(key, notify::HASH, "hset", ((ctx.argc() - 2) / 2) as u64);
    Ok(if reply_ok {
        Reply::ok()
    } else {
        Reply::Int(added as i64)
    })
}

fn hset(ctx: &mut Ctx) -> CmdResult {
    hset_generic(ctx, false)
}

fn hmset(ctx: &mut Ctx) -> CmdResult {
    hset_generic(ctx, true)
}

fn hsetnx(ctx: &mut Ctx) -> CmdResult {
    let (key, field) = (ctx.arg(1), ctx.arg(2));
    if hash_or_create(ctx, key)?.get(field).is_some() {
        return Ok(Reply::Int(0));
    }
    set_fields(ctx, key, &ctx.argv[2..4])?;
    ctx.changed(key, notify::HASH, "hset", 1);
    Ok(Reply::Int(1))
}

fn hget(ctx: &mut Ctx) -> CmdResult {
    let field = ctx.arg(2);
    Ok(Reply::optional_bulk(
        hash_ref(ctx, ctx.arg(1))?.and_then(|h| h.get(field).cloned()),
    ))
}

fn hmget(ctx: &mut Ctx) -> CmdResult {
    let fields = &ctx.argv[2..];
    let hash = hash_ref(ctx, ctx.arg(1))?;
    Ok(Reply::Array(
        fields
            .iter()
            .map(|f| Reply::optional_bulk(hash.and_then(|h| h.get(f).cloned())))
            .collect(),
    ))
}

fn hgetall(ctx: &mut Ctx) -> CmdResult {
    let entries = hash_ref(ctx, ctx.arg(1))?.map(Hash::entries).unwrap_or_default();
    Ok(Reply::Map(
        entries
            .into_iter()
            .map(|(f, v)| (Reply::Bulk(f), Reply::Bulk(v)))
            .collect(),
    ))
}

fn hkeys(ctx: &mut Ctx) -> CmdResult {
    let entries = hash_ref(ctx, ctx.arg(1))?.map(Hash::entries).unwrap_or_default();
    Ok(Reply::bulks(entries.into_iter().map(|(f, _)| f)))
}

fn hvals(ctx: &mut Ctx) -> CmdResult {
    let entries = hash_ref(ctx, ctx.arg(1))?.map(Hash::entries).unwrap_or_default();
    Ok(Reply::bulks(entries.into_iter().map(|(_, v)| v)))
}

fn hdel(ctx: &mut Ctx) -> CmdResult {
    let (key, fields) = (ctx.arg(1), &ctx.argv[2..]);
    let Some(Value::Hash(hash)) = ctx.write_kind(key, Kind::Hash)? else {
        return Ok(Reply::Int(0));
    };
    let mut deleted = 0;
    for field in fields {
        if hash.remove(field) {
            deleted += 1;
            if hash.is_empty() {
                break;
            }
        }
    }
    if deleted > 0 {
        ctx.changed(key, notify::HASH, "hdel", deleted);
        ctx.delete_if_empty(key);
    }
    Ok(Reply::Int(deleted as i64))
}

fn hexists(ctx: &mut Ctx) -> CmdResult {
    let field = ctx.arg(2);
    Ok(Reply::Int(
        hash_ref(ctx, ctx.arg(1))?.is_some_and(|h| h.get(field).is_some()) as i64,
    ))
}

fn hlen(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(hash_ref(ctx, ctx.arg(1))?.map_or(0, |h| h.len() as i64)))
}

fn hstrlen(ctx: &mut Ctx) -> CmdResult {
    let field = ctx.arg(2);
    Ok(Reply::Int(
        hash_ref(ctx, ctx.arg(1))?
            .and_then(|h| h.get(field))
            .map_or(0, |v| v.len() as i64),
    ))
}

fn hincrby(ctx: &mut Ctx) -> CmdResult {
    let incr = ctx.int_arg(3)?;
    let (key, field) = (ctx.arg(1), ctx.arg(2));
    let current = match hash_or_create(ctx, key)?.get(field) {
        Some(v) => parse_i64(v).ok_or_else(|| Reply::err("ERR hash value is not an integer"))?,
        None => 0,
    };
    let value = current
        .checked_add(incr)
        .ok_or_else(|| Reply::err("ERR increment or decrement would overflow"))?;
    set_fields(ctx, key, &[field.to_vec(), int_bytes(value)])?;
    ctx.changed(key, notify::HASH, "hincrby", 1);
    Ok(Reply::Int(value))
}

fn hincrbyfloat(ctx: &mut Ctx) -> CmdResult {
    let (key, field) = (ctx.arg(1), ctx.arg(2));
    // The increment is checked on its own first ("value is NaN or Infinity").
    match LongDouble::parse(ctx.arg(3)) {
        Ok(_) => {}
        Err(ParseError::Infinite) => return Err(Reply::err("ERR value is NaN or Infinity")),
        Err(_) => return Err(Reply::err("ERR value is not a valid float")),
    }
    let current = hash_or_create(ctx, key)?.get(field).cloned();
    if let Some(v) = &current {
        if LongDouble::parse(v).is_err() {
            return Err(Reply::err("ERR hash value is not a float"));
        }
    }
    let text = add_long_doubles(current.as_deref(), ctx.arg(3))?;
    set_fields(ctx, key, &[field.to_vec(), text.clone().into_bytes()])?;
    ctx.changed(key, notify::HASH, "hincrbyfloat", 1);
    ctx.propagate(vec![
        b"HSET".to_vec(),
        key.to_vec(),
        field.to_vec(),
        text.clone().into_bytes(),
    ]);
    Ok(Reply::Bulk(text.into_bytes()))
}

fn hrandfield(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() < 3 {
        let Some(hash) = hash_ref(ctx, ctx.arg(1))? else {
            return Ok(Reply::Null);
        };
        let entries = hash.entries();
        let i = ctx.rng().below(entries.len() as u64) as usize;
        return Ok(Reply::bulk(entries[i].0.clone()));
    }
    let count = ctx.int_arg(2)?;
    if count == i64::MIN {
        return Err(Reply::err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        ));
    }
    let with_values = match ctx.argc() {
        3 => false,
        4 if ctx.is(3, "withvalues") => true,
        _ => return Err(Reply::syntax_error()),
    };
    if with_values && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return Err(Reply::err("ERR value is out of range"));
    }
    let Some(hash) = hash_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![]));
    };
    let entries = hash.entries();
    let picks = crate::commands::random_picks(ctx.rng(), entries.len(), count);
    let resp3 = ctx.resp() >= 3;
    let mut out = Vec::new();
    for i in picks {
        let (f, v) = entries[i].clone();
        match (with_values, resp3) {
            (true, true) => out.push(Reply::Array(vec![Reply::Bulk(f), Reply::Bulk(v)])),
            (true, false) => {
                out.push(Reply::Bulk(f));
                out.push(Reply::Bulk(v));
            }
            _ => out.push(Reply::Bulk(f)),
        }
    }
    Ok(Reply::Array(out))
}

fn hscan(ctx: &mut Ctx) -> CmdResult {
    let opts = parse_scan(ctx, 2, false)?;
    let Some(hash) = hash_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![Reply::bulk("0"), Reply::Array(vec![])]));
    };
    let mut found = Vec::new();
    let next = match hash {
        Hash::Listpack(v) => {
            found = v.clone();
            0
        }
        Hash::Table(d) => scan_dict(d, &opts, |f, v| found.push((f.to_vec(), v.clone()))),
    };
    let mut out = Vec::new();
    for (f, v) in found {
        if opts.pattern.as_ref().is_none_or(|p| crate::glob::matches(p, &f, false)) {
            out.push(Reply::Bulk(f));
            out.push(Reply::Bulk(v));
        }
    }
    Ok(Reply::Array(vec![
        Reply::Bulk(next.to_string().into_bytes()),
        Reply::Array(out),
    ]))
}
