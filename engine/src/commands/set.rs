//! Sets (Redis's t_set.c). Small all-integer sets are a sorted array, as Redis's
//! intset (so they come back sorted); anything else is a table.

use crate::budget::{CostInput, Estimate};
use crate::commands::generic::{parse_scan, scan_dict};
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::num::parse_i64;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};
use crate::types::set::Set;
use crate::value::{Kind, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "sadd", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "set", since: "1.0.0", handler: sadd,
        summary: "Add one or more members to a set",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "srem", arity: -3, flags: WRITE | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "set", since: "1.0.0", handler: srem,
        summary: "Remove one or more members from a set",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "smembers", arity: 2, flags: READONLY, acl: "@set", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: smembers,
        summary: "Get all the members in a set",
        syntax: "key",
        cost: Some(crate::commands::whole_collection_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sismember", arity: 3, flags: READONLY | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "set", since: "1.0.0", handler: sismember,
        summary: "Determine if a given value is a member of a set",
        syntax: "key member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "smismember", arity: -3, flags: READONLY | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "set", since: "6.2.0", handler: smismember,
        summary: "Returns the membership associated with the given elements for a set",
        syntax: "key member [member ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "scard", arity: 2, flags: READONLY | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "set", since: "1.0.0", handler: scard,
        summary: "Get the number of members in a set",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "spop", arity: -2, flags: WRITE | FAST, acl: "@set", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "set", since: "1.0.0", handler: spop,
        summary: "Remove and return one or multiple random members from a set",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "srandmember", arity: -2, flags: READONLY, acl: "@set", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: srandmember,
        summary: "Get one or multiple random members from a set",
        syntax: "key [count]",
        cost: Some(crate::commands::random_count_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "smove", arity: 4, flags: WRITE | FAST, acl: "@set", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "RW INSERT")],
        group: "set", since: "1.0.0", handler: smove,
        summary: "Move a member from one set to another",
        syntax: "source destination member",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sinter", arity: -2, flags: READONLY, acl: "@set", keys: KeyPos::range(1, -1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sinter,
        summary: "Intersect multiple sets",
        syntax: "key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sintercard", arity: -3, flags: READONLY | MOVABLEKEYS, acl: "@set", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RO ACCESS")],
        group: "set", since: "7.0.0", handler: sintercard,
        summary: "Intersect multiple sets and return the cardinality of the result",
        syntax: "numkeys key [key ...] [LIMIT limit]",
        getkeys: Some(crate::commands::numkeys_first), cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sinterstore", arity: -3, flags: WRITE | DENYOOM, acl: "@set", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE"), KeySpec::range(2, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sinterstore,
        summary: "Intersect multiple sets and store the resulting set in a key",
        syntax: "destination key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sunion", arity: -2, flags: READONLY, acl: "@set", keys: KeyPos::range(1, -1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sunion,
        summary: "Add multiple sets",
        syntax: "key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sunionstore", arity: -3, flags: WRITE | DENYOOM, acl: "@set", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::range(2, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sunionstore,
        summary: "Add multiple sets and store the resulting set in a key",
        syntax: "destination key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sdiff", arity: -2, flags: READONLY, acl: "@set", keys: KeyPos::range(1, -1, 1),
        tips: "nondeterministic_output_order",
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sdiff,
        summary: "Subtract multiple sets",
        syntax: "key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sdiffstore", arity: -3, flags: WRITE | DENYOOM, acl: "@set", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::at(1, "OW UPDATE"), KeySpec::range(2, -1, 1, 0, "RO ACCESS")],
        group: "set", since: "1.0.0", handler: sdiffstore,
        summary: "Subtract multiple sets and store the resulting set in a key",
        syntax: "destination key [key ...]",
        cost: Some(algebra_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "sscan", arity: -3, flags: READONLY, acl: "@set", keys: KeyPos::range(1, 1, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "set", since: "2.8.0", handler: sscan,
        summary: "Incrementally iterate Set elements",
        syntax: "key cursor [MATCH pattern] [COUNT count]",
        cost: Some(crate::commands::scan_members_cost),
        ..CommandSpec::DEFAULT
    },
];

fn set_ref<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c Set>, Reply> {
    match ctx.read_kind(key, Kind::Set)? {
        Some(Value::Set(s)) => Ok(Some(s)),
        _ => Ok(None),
    }
}

fn set_mut<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c mut Set>, Reply> {
    match ctx.write_kind(key, Kind::Set)? {
        Some(Value::Set(s)) => Ok(Some(s)),
        _ => Ok(None),
    }
}

fn sadd(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let max = ctx.eng.config.set_max_intset_entries();
    let members = &ctx.argv[2..];
    let set = ctx
        .write_or_create(key, Kind::Set, || Value::Set(Box::new(Set::new())))?
        .set_mut()
        .ok_or_else(Reply::wrongtype)?;
    let added = members.iter().filter(|m| set.add(m, max)).count();
    if added > 0 {
        ctx.changed(key, notify::SET, "sadd", added as u64);
    }
    Ok(Reply::Int(added as i64))
}

fn srem(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let members = &ctx.argv[2..];
    let Some(set) = set_mut(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let mut removed = 0;
    for m in members {
        if set.remove(m) {
            removed += 1;
            if set.is_empty() {
                break;
            }
        }
    }
    if removed > 0 {
        ctx.changed(key, notify::SET, "srem", removed);
        ctx.delete_if_empty(key);
    }
    Ok(Reply::Int(removed as i64))
}

fn smembers(ctx: &mut Ctx) -> CmdResult {
    let members = set_ref(ctx, ctx.arg(1))?.map(Set::members).unwrap_or_default();
    Ok(Reply::Set(members.into_iter().map(Reply::Bulk).collect()))
}

fn sismember(ctx: &mut Ctx) -> CmdResult {
    let member = ctx.arg(2);
    Ok(Reply::Int(
        set_ref(ctx, ctx.arg(1))?.is_some_and(|s| s.contains(member)) as i64,
    ))
}

fn smismember(ctx: &mut Ctx) -> CmdResult {
    let members = &ctx.argv[2..];
    let set = set_ref(ctx, ctx.arg(1))?;
    Ok(Reply::Array(
        members
            .iter()
            .map(|m| Reply::Int(set.is_some_and(|s| s.contains(m)) as i64))
            .collect(),
    ))
}

fn scard(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(set_ref(ctx, ctx.arg(1))?.map_or(0, |s| s.len() as i64)))
}

fn spop(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    let key = ctx.arg(1);
    let count = if ctx.argc() == 3 {
        match parse_i64(ctx.arg(2)) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(Reply::err("ERR value is out of range, must be positive")),
        }
    } else {
        None
    };
    let Some(set) = set_ref(ctx, key)? else {
        return Ok(if count.is_some() {
            Reply::Set(vec![])
        } else {
            Reply::Null
        });
    };
    let members = set.members();
    if count == Some(0) {
        return Ok(Reply::Set(vec![]));
    }
    let wanted = count.unwrap_or(1).min(members.len());
    let picks = crate::commands::random_picks(ctx.rng(), members.len(), wanted as i64);
    let popped: Vec<Vec<u8>> = picks.into_iter().map(|i| members[i].clone()).collect();
    let set = set_mut(ctx, key)?.ok_or_else(crate::exec::no_such_key)?;
    for m in &popped {
        set.remove(m);
    }
    ctx.notify(notify::SET, "spop", key);
    let mut srem = vec![b"SREM".to_vec(), key.to_vec()];
    srem.extend(popped.iter().cloned());
    if ctx.delete_if_empty(key) && count.is_some() && wanted == members.len() {
        ctx.propagate(vec![b"DEL".to_vec(), key.to_vec()]);
    } else {
        ctx.propagate(srem);
    }
    ctx.modified(key);
    ctx.dirty(popped.len() as u64);
    Ok(match count {
        Some(_) => Reply::Set(popped.into_iter().map(Reply::Bulk).collect()),
        None => Reply::optional_bulk(popped.into_iter().next()),
    })
}

fn srandmember(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    if ctx.argc() == 2 {
        let Some(set) = set_ref(ctx, ctx.arg(1))? else {
            return Ok(Reply::Null);
        };
        let members = set.members();
        let i = ctx.rng().below(members.len() as u64) as usize;
        return Ok(Reply::Bulk(members[i].clone()));
    }
    let count = ctx.int_arg(2)?;
    if count == i64::MIN {
        return Err(Reply::err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        ));
    }
    let Some(set) = set_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![]));
    };
    let members = set.members();
    let picks = crate::commands::random_picks(ctx.rng(), members.len(), count);
    let out: Vec<Reply> = picks.into_iter().map(|i| Reply::Bulk(members[i].clone())).collect();
    Ok(if count >= 0 { Reply::Set(out) } else { Reply::Array(out) })
}

fn smove(ctx: &mut Ctx) -> CmdResult {
    let (src, dst, member) = (ctx.arg(1), ctx.arg(2), ctx.arg(3));
    let max = ctx.eng.config.set_max_intset_entries();
    let src_exists = set_mut(ctx, src)?.is_some();
    // The destination's type is checked before anything moves.
    set_mut(ctx, dst)?;
    if !src_exists {
        return Ok(Reply::Int(0));
    }
    if src == dst {
        return Ok(Reply::Int(set_ref(ctx, src)?.is_some_and(|s| s.contains(member)) as i64));
    }
    if !set_mut(ctx, src)?.ok_or_else(crate::exec::no_such_key)?.remove(member) {
        return Ok(Reply::Int(0));
    }
    ctx.notify(notify::SET, "srem", src);
    ctx.delete_if_empty(src);
    let target = ctx
        .write_or_create(dst, Kind::Set, || Value::Set(Box::new(Set::new())))?
        .set_mut()
        .ok_or_else(Reply::wrongtype)?;
    if target.add(member, max) {
        ctx.dirty(1);
        ctx.notify(notify::SET, "sadd", dst);
    }
    ctx.modified(src);
    ctx.modified(dst);
    ctx.dirty(1);
    Ok(Reply::Int(1))
}

/// Every set named (None for a missing key); WRONGTYPE if any is not a set.
fn load_sets(ctx: &mut Ctx, keys: &[Vec<u8>]) -> Result<Vec<Option<Set>>, Reply> {
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        out.push(set_ref(ctx, key)?.cloned());
    }
    Ok(out)
}

fn intersect(sets: &[Option<Set>], limit: usize) -> Vec<Vec<u8>> {
    if sets.iter().any(Option::is_none) {
        return Vec::new();
    }
    let mut sets: Vec<&Set> = sets.iter().flatten().collect();
    sets.sort_by_key(|s| s.len());
    let mut out = Vec::new();
    for m in sets[0].members() {
        if sets[1..].iter().all(|s| s.contains(&m)) {
            out.push(m);
            if limit != 0 && out.len() >= limit {
                break;
            }
        }
    }
    out
}

fn union(sets: &[Option<Set>], max_intset: usize) -> Set {
    let mut result = Set::new();
    for s in sets.iter().flatten() {
        for m in s.members() {
            result.add(&m, max_intset);
        }
    }
    result
}

fn difference(sets: &[Option<Set>], max_intset: usize) -> Set {
    let mut result = Set::new();
    let Some(Some(first)) = sets.first() else { return result };
    for m in first.members() {
        if !sets[1..].iter().flatten().any(|s| s.contains(&m)) {
            result.add(&m, max_intset);
        }
    }
    result
}

/// Stores a computed set (or deletes the destination when it is empty).
fn store(ctx: &mut Ctx, dst: &[u8], result: Set, event: &'static str) -> CmdResult {
    let len = result.len();
    if len > 0 {
        ctx.set_key(dst, Value::Set(Box::new(result)), false);
        ctx.notify(notify::SET, event, dst);
    } else if ctx.delete_key(dst) {
        ctx.notify(notify::GENERIC, "del", dst);
    } else {
        return Ok(Reply::Int(0));
    }
    ctx.dirty(1);
    Ok(Reply::Int(len as i64))
}

fn members_reply(members: Vec<Vec<u8>>) -> Reply {
    Reply::Set(members.into_iter().map(Reply::Bulk).collect())
}

fn sinter(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[1..])?;
    Ok(members_reply(intersect(&sets, 0)))
}

fn sinterstore(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[2..])?;
    let max = ctx.eng.config.set_max_intset_entries();
    let result = Set::from_members(&intersect(&sets, 0), max);
    store(ctx, ctx.arg(1), result, "sinterstore")
}

fn sintercard(ctx: &mut Ctx) -> CmdResult {
    let numkeys = match parse_i64(ctx.arg(1)) {
        Some(n) if n > 0 => n as usize,
        _ => return Err(Reply::err("ERR numkeys should be greater than 0")),
    };
    if numkeys > ctx.argc() - 2 {
        return Err(Reply::err("ERR Number of keys can't be greater than number of args"));
    }
    let mut limit = 0usize;
    let mut j = 2 + numkeys;
    while j < ctx.argc() {
        if ctx.is(j, "limit") && j + 1 < ctx.argc() {
            match parse_i64(ctx.arg(j + 1)) {
                Some(n) if n >= 0 => limit = n as usize,
                _ => return Err(Reply::err("ERR LIMIT can't be negative")),
            }
            j += 2;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    let sets = load_sets(ctx, &ctx.argv[2..2 + numkeys])?;
    Ok(Reply::Int(intersect(&sets, limit).len() as i64))
}

/// Set algebra goes through every member of every input set.
fn algebra_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.sum_of_keys(), 3000, "elements")
}

fn sunion(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[1..])?;
    Ok(members_reply(
        union(&sets, ctx.eng.config.set_max_intset_entries()).members(),
    ))
}

fn sunionstore(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[2..])?;
    let result = union(&sets, ctx.eng.config.set_max_intset_entries());
    store(ctx, ctx.arg(1), result, "sunionstore")
}

fn sdiff(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[1..])?;
    Ok(members_reply(
        difference(&sets, ctx.eng.config.set_max_intset_entries()).members(),
    ))
}

fn sdiffstore(ctx: &mut Ctx) -> CmdResult {
    let sets = load_sets(ctx, &ctx.argv[2..])?;
    let result = difference(&sets, ctx.eng.config.set_max_intset_entries());
    store(ctx, ctx.arg(1), result, "sdiffstore")
}

fn sscan(ctx: &mut Ctx) -> CmdResult {
    let opts = parse_scan(ctx, 2, false)?;
    let Some(set) = set_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![Reply::bulk("0"), Reply::Array(vec![])]));
    };
    let mut found = Vec::new();
    let next = match set {
        Set::IntSet(_) => {
            found = set.members();
            0
        }
        Set::Table(d) => scan_dict(d, &opts, |m, _| found.push(m.to_vec())),
    };
    let out: Vec<Vec<u8>> = found
        .into_iter()
        .filter(|m| opts.pattern.as_ref().is_none_or(|p| crate::glob::matches(p, m, false)))
        .collect();
    Ok(Reply::Array(vec![
        Reply::Bulk(next.to_string().into_bytes()),
        Reply::bulks(out),
    ]))
}
