//! Lists (Redis's t_list.c), blocking pops included.

use crate::small_bytes::SmallBytes;
use crate::types::list::List;

use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::num::int_bytes;
use crate::reply::NOT_INTEGER;
use crate::reply::{Bulks, Reply};
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};
use crate::value::{Kind, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "lpush", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "list", since: "1.0.0", handler: lpush,
        summary: "Prepend one or multiple elements to a list",
        syntax: "key element [element ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rpush", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "list", since: "1.0.0", handler: rpush,
        summary: "Append one or multiple elements to a list",
        syntax: "key element [element ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lpushx", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "list", since: "2.2.0", handler: lpushx,
        summary: "Prepend an element to a list, only if the list exists",
        syntax: "key element [element ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rpushx", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "list", since: "2.2.0", handler: rpushx,
        summary: "Append an element to a list, only if the list exists",
        syntax: "key element [element ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lpop", arity: -2, flags: WRITE | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "list", since: "1.0.0", handler: lpop,
        summary: "Remove and get the first elements in a list",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rpop", arity: -2, flags: WRITE | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE")],
        group: "list", since: "1.0.0", handler: rpop,
        summary: "Remove and get the last elements in a list",
        syntax: "key [count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "llen", arity: 2, flags: READONLY | FAST, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO")],
        group: "list", since: "1.0.0", handler: llen,
        summary: "Get the length of a list",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lrange", arity: 4, flags: READONLY, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "list", since: "1.0.0", handler: lrange,
        summary: "Get a range of elements from a list",
        syntax: "key start stop",
        cost: Some(crate::commands::rank_range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lindex", arity: 3, flags: READONLY, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "list", since: "1.0.0", handler: lindex,
        summary: "Get an element from a list by its index",
        syntax: "key index",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lset", arity: 4, flags: WRITE | DENYOOM, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "list", since: "1.0.0", handler: lset,
        summary: "Set the value of an element in a list by its index",
        syntax: "key index element",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "linsert", arity: 5, flags: WRITE | DENYOOM, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "list", since: "2.2.0", handler: linsert,
        summary: "Insert an element before or after another element in a list",
        syntax: "key BEFORE|AFTER pivot element",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lrem", arity: 4, flags: WRITE, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "list", since: "1.0.0", handler: lrem,
        summary: "Remove elements from a list",
        syntax: "key count element",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "ltrim", arity: 4, flags: WRITE, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "list", since: "1.0.0", handler: ltrim,
        summary: "Trim a list to the specified range",
        syntax: "key start stop",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lpos", arity: -3, flags: READONLY, acl: "@list", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "list", since: "6.0.6", handler: lpos,
        summary: "Return the index of matching elements on a list",
        syntax: "key element [RANK rank] [COUNT num-matches] [MAXLEN len]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lmove", arity: 5, flags: WRITE | DENYOOM, acl: "@list", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "RW INSERT")],
        group: "list", since: "6.2.0", handler: lmove,
        summary: "Pop an element from a list, push it to another list and return it",
        syntax: "source destination LEFT|RIGHT LEFT|RIGHT",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rpoplpush", arity: 3, flags: WRITE | DENYOOM, acl: "@list", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "RW INSERT")],
        group: "list", since: "1.2.0", handler: rpoplpush,
        summary: "Remove the last element in a list, prepend it to another list and return it",
        syntax: "source destination",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lmpop", arity: -4, flags: WRITE | MOVABLEKEYS, acl: "@list", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(1, 0, 1, 1, "RW ACCESS DELETE")],
        group: "list", since: "7.0.0", handler: lmpop,
        summary: "Pop elements from a list",
        syntax: "numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        getkeys: Some(crate::commands::numkeys_first),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "blpop", arity: -3, flags: WRITE | NOSCRIPT | BLOCKING, acl: "@list", keys: KeyPos::range(1, -2, 1),
        key_specs: &[KeySpec::range(1, -2, 1, 0, "RW ACCESS DELETE")],
        group: "list", since: "2.0.0", handler: blpop,
        summary: "Remove and get the first element in a list, or block until one is available",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "brpop", arity: -3, flags: WRITE | NOSCRIPT | BLOCKING, acl: "@list", keys: KeyPos::range(1, -2, 1),
        key_specs: &[KeySpec::range(1, -2, 1, 0, "RW ACCESS DELETE")],
        group: "list", since: "2.0.0", handler: brpop,
        summary: "Remove and get the last element in a list, or block until one is available",
        syntax: "key [key ...] timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "blmove", arity: 6, flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING, acl: "@list", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "RW INSERT")],
        group: "list", since: "6.2.0", handler: blmove,
        summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
        syntax: "source destination LEFT|RIGHT LEFT|RIGHT timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "brpoplpush", arity: 4, flags: WRITE | DENYOOM | NOSCRIPT | BLOCKING, acl: "@list", keys: KeyPos::range(1, 2, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS DELETE"), KeySpec::at(2, "RW INSERT")],
        group: "list", since: "2.2.0", handler: brpoplpush,
        summary: "Pop an element from a list, push it to another list and return it; or block until one is available",
        syntax: "source destination timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "blmpop", arity: -5, flags: WRITE | BLOCKING | MOVABLEKEYS, acl: "@list", keys: NO_KEYS,
        key_specs: &[KeySpec::keynum(2, 0, 1, 1, "RW ACCESS DELETE")],
        group: "list", since: "7.0.0", handler: blmpop,
        summary: "Pop elements from a list, or block until one is available",
        syntax: "timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]",
        getkeys: Some(crate::commands::numkeys_second),
        ..CommandSpec::DEFAULT
    },
];

#[derive(Clone, Copy, PartialEq)]
enum End {
    Head,
    Tail,
}

fn side(ctx: &Ctx, i: usize) -> Result<End, Reply> {
    if ctx.is(i, "left") {
        Ok(End::Head)
    } else if ctx.is(i, "right") {
        Ok(End::Tail)
    } else {
        Err(Reply::syntax_error())
    }
}

fn list_mut<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c mut List>, Reply> {
    match ctx.write_kind(key, Kind::List)? {
        Some(Value::List(l)) => Ok(Some(l)),
        _ => Ok(None),
    }
}

fn list_ref<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c List>, Reply> {
    match ctx.read_kind(key, Kind::List)? {
        Some(Value::List(l)) => Ok(Some(l)),
        _ => Ok(None),
    }
}

/// `getPositiveLongFromObjectOrReply`: one message for "not a number" and "negative".
fn positive(ctx: &Ctx, i: usize, message: &str) -> Result<i64, Reply> {
    let message = if message.is_empty() {
        "ERR value is out of range, must be positive"
    } else {
        message
    };
    ranged(ctx, i, 0, message)
}

/// `getRangeLongFromObjectOrReply` with a custom message.
fn ranged(ctx: &Ctx, i: usize, min: i64, message: &str) -> Result<i64, Reply> {
    match crate::num::parse_i64(ctx.arg(i)) {
        Some(n) if n >= min => Ok(n),
        _ => Err(Reply::err(message)),
    }
}

fn push_generic(ctx: &mut Ctx, end: End, only_existing: bool) -> CmdResult {
    let (key, elements) = (ctx.arg(1), &ctx.argv[2..]);
    if only_existing && list_mut(ctx, key)?.is_none() {
        return Ok(Reply::Int(0));
    }
    let list = ctx
        .write_or_create(key, Kind::List, || Value::List(Box::default()))?
        .list_mut()
        .ok_or_else(Reply::wrongtype)?;
    for e in elements {
        match end {
            End::Head => list.push_front(SmallBytes::from_slice(e)),
            End::Tail => list.push_back(SmallBytes::from_slice(e)),
        }
    }
    let len = list.len();
    ctx.changed(
        key,
        notify::LIST,
        if end == End::Head { "lpush" } else { "rpush" },
        elements.len() as u64,
    );
    Ok(Reply::Int(len as i64))
}

fn lpush(ctx: &mut Ctx) -> CmdResult {
    push_generic(ctx, End::Head, false)
}

fn rpush(ctx: &mut Ctx) -> CmdResult {
    push_generic(ctx, End::Tail, false)
}

fn lpushx(ctx: &mut Ctx) -> CmdResult {
    push_generic(ctx, End::Head, true)
}

fn rpushx(ctx: &mut Ctx) -> CmdResult {
    push_generic(ctx, End::Tail, true)
}

/// Pops up to `count` elements; notifies and deletes the emptied key (`listElementsRemoved`).
fn pop_n(ctx: &mut Ctx, key: &[u8], end: End, count: usize) -> Vec<Vec<u8>> {
    let Ok(Some(list)) = list_mut(ctx, key) else {
        return Vec::new();
    };
    let n = count.min(list.len());
    let popped: Vec<Vec<u8>> = (0..n)
        .filter_map(|_| match end {
            End::Head => list.pop_front(),
            End::Tail => list.pop_back(),
        })
        .map(SmallBytes::into_vec)
        .collect();
    ctx.changed(
        key,
        notify::LIST,
        if end == End::Head { "lpop" } else { "rpop" },
        popped.len() as u64,
    );
    ctx.delete_if_empty(key);
    popped
}

fn pop_generic(ctx: &mut Ctx, end: End) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    let count = if ctx.argc() == 3 {
        Some(positive(ctx, 2, "")?)
    } else {
        None
    };
    let key = ctx.arg(1);
    if list_mut(ctx, key)?.is_none() {
        return Ok(if count.is_some() { Reply::NullArray } else { Reply::Null });
    }
    match count {
        Some(0) => Ok(Reply::Array(vec![])),
        Some(n) => Ok(Reply::bulks(pop_n(ctx, key, end, n as usize))),
        None => Ok(Reply::optional_bulk(pop_n(ctx, key, end, 1).pop())),
    }
}

fn lpop(ctx: &mut Ctx) -> CmdResult {
    pop_generic(ctx, End::Head)
}

fn rpop(ctx: &mut Ctx) -> CmdResult {
    pop_generic(ctx, End::Tail)
}

fn llen(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(list_ref(ctx, ctx.arg(1))?.map_or(0, |l| l.len() as i64)))
}

/// Redis's index normalisation for LRANGE/LTRIM: None when the range is empty.
fn range(start: i64, end: i64, len: i64) -> Option<(usize, usize)> {
    let mut start = if start < 0 { len + start } else { start };
    let mut end = if end < 0 { len + end } else { end };
    if start < 0 {
        start = 0;
    }
    if start > end || start >= len {
        return None;
    }
    if end >= len {
        end = len - 1;
    }
    Some((start as usize, end as usize))
}

fn lrange(ctx: &mut Ctx) -> CmdResult {
    let start = ctx.int_arg(2)?;
    let end = ctx.int_arg(3)?;
    let Some(list) = list_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![]));
    };
    Ok(match range(start, end, list.len() as i64) {
        Some((s, e)) => {
            // Into one buffer (`Reply::Bulks`), not an allocation per element.
            let bytes = list.range(s..=e).slices().flatten().map(|e| e.len()).sum();
            let mut out = Bulks::with_capacity(e - s + 1, bytes);
            for slice in list.range(s..=e).slices() {
                for element in slice {
                    out.push(element);
                }
            }
            Reply::Bulks(out)
        }
        None => Reply::Array(vec![]),
    })
}

fn index_of(index: i64, len: usize) -> Option<usize> {
    let i = if index < 0 { len as i64 + index } else { index };
    (i >= 0 && i < len as i64).then_some(i as usize)
}

fn lindex(ctx: &mut Ctx) -> CmdResult {
    // The key is looked up before the index is parsed, as Redis does.
    let index = crate::num::parse_i64(ctx.arg(2));
    let Some(list) = list_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Null);
    };
    let index = index.ok_or_else(|| Reply::err(NOT_INTEGER))?;
    Ok(index_of(index, list.len()).map_or(Reply::Null, |i| Reply::bulk(list[i].clone())))
}

fn lset(ctx: &mut Ctx) -> CmdResult {
    let index = ctx.int_arg(2)?;
    let key = ctx.arg(1);
    let value = ctx.arg(3).to_vec();
    let Some(list) = list_mut(ctx, key)? else {
        return Err(Reply::err("ERR no such key"));
    };
    let Some(i) = index_of(index, list.len()) else {
        return Err(Reply::err("ERR index out of range"));
    };
    list[i] = SmallBytes::new(value);
    ctx.changed(key, notify::LIST, "lset", 1);
    Ok(Reply::ok())
}

fn linsert(ctx: &mut Ctx) -> CmdResult {
    let after = if ctx.is(2, "after") {
        true
    } else if ctx.is(2, "before") {
        false
    } else {
        return Err(Reply::syntax_error());
    };
    let (key, pivot, value) = (ctx.arg(1), ctx.arg(3), ctx.arg(4).to_vec());
    let Some(list) = list_mut(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let Some(pos) = list.iter().position(|e| e == pivot) else {
        return Ok(Reply::Int(-1));
    };
    list.insert(if after { pos + 1 } else { pos }, SmallBytes::new(value));
    let len = list.len();
    ctx.changed(key, notify::LIST, "linsert", 1);
    Ok(Reply::Int(len as i64))
}

fn lrem(ctx: &mut Ctx) -> CmdResult {
    let count = ctx.int_arg(2)?;
    let (key, target) = (ctx.arg(1), ctx.arg(3));
    let Some(list) = list_mut(ctx, key)? else {
        return Ok(Reply::Int(0));
    };
    let limit = if count == 0 {
        usize::MAX
    } else {
        count.unsigned_abs() as usize
    };
    let removed = list.remove_matching(target, limit, count < 0);
    if removed > 0 {
        ctx.changed(key, notify::LIST, "lrem", removed as u64);
        ctx.delete_if_empty(key);
    }
    Ok(Reply::Int(removed as i64))
}

fn ltrim(ctx: &mut Ctx) -> CmdResult {
    let start = ctx.int_arg(2)?;
    let end = ctx.int_arg(3)?;
    let key = ctx.arg(1);
    let Some(list) = list_mut(ctx, key)? else {
        return Ok(Reply::ok());
    };
    let len = list.len();
    let (ltrim, rtrim) = match range(start, end, len as i64) {
        Some((s, e)) => (s, len - e - 1),
        None => (len, 0),
    };
    list.drop_front(ltrim);
    let keep = list.len().saturating_sub(rtrim);
    list.truncate(keep);
    ctx.changed(key, notify::LIST, "ltrim", (ltrim + rtrim) as u64);
    ctx.delete_if_empty(key);
    Ok(Reply::ok())
}

fn lpos(ctx: &mut Ctx) -> CmdResult {
    let (key, target) = (ctx.arg(1), ctx.arg(2));
    let (mut rank, mut count, mut maxlen) = (1i64, -1i64, 0i64);
    let mut j = 3;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if ctx.is(j, "rank") && more > 0 {
            j += 1;
            rank = ctx.int_arg(j)?;
            if rank == i64::MIN {
                return Err(Reply::err(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
                ));
            }
            if rank == 0 {
                return Err(Reply::err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"));
            }
        } else if ctx.is(j, "count") && more > 0 {
            j += 1;
            count = positive(ctx, j, "ERR COUNT can't be negative")?;
        } else if ctx.is(j, "maxlen") && more > 0 {
            j += 1;
            maxlen = positive(ctx, j, "ERR MAXLEN can't be negative")?;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    let from_tail = rank < 0;
    let rank = rank.unsigned_abs();
    let Some(list) = list_ref(ctx, key)? else {
        return Ok(if count != -1 { Reply::Array(vec![]) } else { Reply::Null });
    };
    let len = list.len();
    let mut found = Vec::new();
    let mut matches = 0u64;
    // One pass in the direction asked (an element is not looked up by its index: that
    // walks the list's chunks).
    let (mut forward, mut backward);
    let elements: &mut dyn Iterator<Item = &SmallBytes> = if from_tail {
        backward = list.iter().rev();
        &mut backward
    } else {
        forward = list.iter();
        &mut forward
    };
    for (index, e) in elements.enumerate() {
        if maxlen != 0 && index as i64 >= maxlen {
            break;
        }
        let pos = if from_tail { len - 1 - index } else { index };
        if *e == target {
            matches += 1;
            if matches >= rank {
                found.push(pos as i64);
                if count == -1 || (count != 0 && found.len() as i64 >= count) {
                    break;
                }
            }
        }
    }
    if count == -1 {
        return Ok(found.first().map_or(Reply::Null, |&p| Reply::Int(p)));
    }
    Ok(Reply::Array(found.into_iter().map(Reply::Int).collect()))
}

/// `lmoveGenericCommand`: pops from `src`, pushes to `dst`; None when `src` is empty.
fn move_element(ctx: &mut Ctx, src: &[u8], dst: &[u8], from: End, to: End) -> Result<Option<Vec<u8>>, Reply> {
    if list_mut(ctx, src)?.is_none() {
        return Ok(None);
    }
    // The destination's type is checked before anything moves.
    ctx.write_kind(dst, Kind::List)?;
    let Some(list) = list_mut(ctx, src)? else {
        return Ok(None);
    };
    // A list in the keyspace is never empty.
    let Some(value) = (match from {
        End::Head => list.pop_front(),
        End::Tail => list.pop_back(),
    }) else {
        return Ok(None);
    };
    let target = ctx
        .write_or_create(dst, Kind::List, || Value::List(Box::default()))?
        .list_mut()
        .ok_or_else(Reply::wrongtype)?;
    match to {
        End::Head => target.push_front(value.clone()),
        End::Tail => target.push_back(value.clone()),
    }
    ctx.modified(dst);
    ctx.notify(notify::LIST, if to == End::Head { "lpush" } else { "rpush" }, dst);
    ctx.changed(src, notify::LIST, if from == End::Head { "lpop" } else { "rpop" }, 1);
    ctx.delete_if_empty(src);
    Ok(Some(value.into_vec()))
}

fn lmove(ctx: &mut Ctx) -> CmdResult {
    let from = side(ctx, 3)?;
    let to = side(ctx, 4)?;
    Ok(Reply::optional_bulk(move_element(
        ctx,
        ctx.arg(1),
        ctx.arg(2),
        from,
        to,
    )?))
}

fn rpoplpush(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::optional_bulk(move_element(
        ctx,
        ctx.arg(1),
        ctx.arg(2),
        End::Tail,
        End::Head,
    )?))
}

/// The `numkeys key... LEFT|RIGHT [COUNT n]` tail of LMPOP/BLMPOP, from `at`.
fn parse_mpop(ctx: &Ctx, at: usize) -> Result<(Vec<Vec<u8>>, End, usize), Reply> {
    let numkeys = ranged(ctx, at, 1, "ERR numkeys should be greater than 0")? as usize;
    let where_at = at
        .checked_add(numkeys)
        .and_then(|n| n.checked_add(1))
        .filter(|&w| w < ctx.argc())
        .ok_or_else(Reply::syntax_error)?;
    let end = side(ctx, where_at)?;
    let mut count = None;
    let mut j = where_at + 1;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if count.is_none() && ctx.is(j, "count") && more > 0 {
            j += 1;
            count = Some(ranged(ctx, j, 1, "ERR count should be greater than 0")? as usize);
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    Ok((ctx.argv[at + 1..where_at].to_vec(), end, count.unwrap_or(1)))
}

/// Pops from the first non-empty list of `keys`; `count` None means a single [key, value].
fn pop_first_nonempty(ctx: &mut Ctx, keys: &[Vec<u8>], end: End, count: Option<usize>) -> Result<Option<Reply>, Reply> {
    for key in keys {
        let Some(list) = list_mut(ctx, key)? else { continue };
        let len = list.len();
        let word = if end == End::Head {
            b"LPOP".to_vec()
        } else {
            b"RPOP".to_vec()
        };
        return Ok(Some(match count {
            Some(n) => {
                let popped = pop_n(ctx, key, end, n);
                ctx.propagate(vec![word, key.clone(), int_bytes(n.min(len) as i64)]);
                Reply::Array(vec![Reply::bulk(key.clone()), Reply::bulks(popped)])
            }
            None => {
                let popped = pop_n(ctx, key, end, 1);
                ctx.propagate(vec![word, key.clone()]);
                Reply::Array(vec![Reply::bulk(key.clone()), Reply::bulks(popped)])
            }
        }));
    }
    Ok(None)
}

fn lmpop(ctx: &mut Ctx) -> CmdResult {
    let (keys, end, count) = parse_mpop(ctx, 1)?;
    Ok(pop_first_nonempty(ctx, &keys, end, Some(count))?.unwrap_or(Reply::NullArray))
}

fn bpop_generic(ctx: &mut Ctx, end: End) -> CmdResult {
    let deadline = ctx.timeout_arg(ctx.argc() - 1)?;
    let keys = ctx.argv[1..ctx.argc() - 1].to_vec();
    for key in &keys {
        if list_mut(ctx, key)?.is_none() {
            continue;
        }
        let Some(value) = pop_n(ctx, key, end, 1).pop() else {
            continue;
        };
        ctx.propagate(vec![
            if end == End::Head {
                b"LPOP".to_vec()
            } else {
                b"RPOP".to_vec()
            },
            key.clone(),
        ]);
        return Ok(Reply::Array(vec![Reply::bulk(key.clone()), Reply::Bulk(value)]));
    }
    ctx.block(keys, deadline, Reply::NullArray)
}

fn blpop(ctx: &mut Ctx) -> CmdResult {
    bpop_generic(ctx, End::Head)
}

fn brpop(ctx: &mut Ctx) -> CmdResult {
    bpop_generic(ctx, End::Tail)
}

fn blmove_generic(ctx: &mut Ctx, from: End, to: End, timeout_at: usize) -> CmdResult {
    let deadline = ctx.timeout_arg(timeout_at)?;
    let (src, dst) = (ctx.arg(1), ctx.arg(2));
    match move_element(ctx, src, dst, from, to)? {
        Some(value) => {
            let mut argv = vec![b"LMOVE".to_vec(), src.to_vec(), dst.to_vec()];
            argv.push(if from == End::Head {
                b"LEFT".to_vec()
            } else {
                b"RIGHT".to_vec()
            });
            argv.push(if to == End::Head {
                b"LEFT".to_vec()
            } else {
                b"RIGHT".to_vec()
            });
            if ctx.spec.name == "brpoplpush" {
                argv = vec![b"RPOPLPUSH".to_vec(), src.to_vec(), dst.to_vec()];
            }
            ctx.propagate(argv);
            Ok(Reply::Bulk(value))
        }
        None => ctx.block(vec![src.to_vec()], deadline, Reply::Null),
    }
}

fn blmove(ctx: &mut Ctx) -> CmdResult {
    let from = side(ctx, 3)?;
    let to = side(ctx, 4)?;
    blmove_generic(ctx, from, to, 5)
}

fn brpoplpush(ctx: &mut Ctx) -> CmdResult {
    blmove_generic(ctx, End::Tail, End::Head, 3)
}

fn blmpop(ctx: &mut Ctx) -> CmdResult {
    let deadline = ctx.timeout_arg(1)?;
    let (keys, end, count) = parse_mpop(ctx, 2)?;
    match pop_first_nonempty(ctx, &keys, end, Some(count))? {
        Some(reply) => Ok(reply),
        None => ctx.block(keys, deadline, Reply::NullArray),
    }
}
