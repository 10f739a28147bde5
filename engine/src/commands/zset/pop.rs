//! Popping from either end: ZPOPMIN/MAX, their blocking forms, ZMPOP, and ZRANDMEMBER.

use super::*;

/// Pops up to `count` from one end of the sorted set at `key` (which exists).
pub(super) fn pop_entries(ctx: &mut Ctx, key: &[u8], max: bool, count: usize) -> Vec<(Vec<u8>, f64)> {
    let Ok(Some(z)) = zset_mut(ctx, key) else {
        return Vec::new();
    };
    let n = count.min(z.len());
    let entries = if n == 0 {
        Vec::new()
    } else {
        z.index.range_by_rank(0, n - 1, max)
    };
    for (m, _) in &entries {
        z.remove(m);
    }
    ctx.changed(
        key,
        notify::ZSET,
        if max { "zpopmax" } else { "zpopmin" },
        entries.len() as u64,
    );
    ctx.delete_if_empty(key);
    let word = if max { b"ZPOPMAX".to_vec() } else { b"ZPOPMIN".to_vec() };
    ctx.propagate(vec![word, key.to_vec(), int_bytes(entries.len() as i64)]);
    entries
}

pub(super) fn zpop_generic(ctx: &mut Ctx, max: bool) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(ctx.arity_error());
    }
    let count = if ctx.argc() == 3 {
        match parse_i64(ctx.arg(2)) {
            Some(n) if n >= 0 => Some(n as usize),
            _ => return Err(Reply::err("ERR value is out of range, must be positive")),
        }
    } else {
        None
    };
    let key = ctx.arg(1);
    if zset_mut(ctx, key)?.is_none() || count == Some(0) {
        return Ok(Reply::Array(vec![]));
    }
    let entries = pop_entries(ctx, key, max, count.unwrap_or(1));
    let nested = ctx.resp() >= 3 && count.is_some();
    Ok(with_scores_reply_nested(entries, nested))
}

pub(super) fn with_scores_reply_nested(entries: Vec<(Vec<u8>, f64)>, nested: bool) -> Reply {
    let mut out = Vec::new();
    for (m, s) in entries {
        if nested {
            out.push(Reply::Array(vec![Reply::Bulk(m), Reply::double(s)]));
        } else {
            out.push(Reply::Bulk(m));
            out.push(Reply::double(s));
        }
    }
    Reply::Array(out)
}

pub(super) fn zpopmin(ctx: &mut Ctx) -> CmdResult {
    zpop_generic(ctx, false)
}

pub(super) fn zpopmax(ctx: &mut Ctx) -> CmdResult {
    zpop_generic(ctx, true)
}

pub(super) fn bzpop_generic(ctx: &mut Ctx, max: bool) -> CmdResult {
    let deadline = ctx.timeout_arg(ctx.argc() - 1)?;
    let keys = ctx.argv[1..ctx.argc() - 1].to_vec();
    for key in &keys {
        if zset_mut(ctx, key)?.is_none() {
            continue;
        }
        let Some((m, s)) = pop_entries(ctx, key, max, 1).pop() else {
            continue;
        };
        return Ok(Reply::Array(vec![
            Reply::bulk(key.clone()),
            Reply::Bulk(m),
            Reply::double(s),
        ]));
    }
    ctx.block(keys, deadline, Reply::NullArray)
}

pub(super) fn bzpopmin(ctx: &mut Ctx) -> CmdResult {
    bzpop_generic(ctx, false)
}

pub(super) fn bzpopmax(ctx: &mut Ctx) -> CmdResult {
    bzpop_generic(ctx, true)
}

/// `numkeys key... MIN|MAX [COUNT n]` from `at`.
pub(super) fn parse_mpop(ctx: &Ctx, at: usize) -> Result<(Vec<Vec<u8>>, bool, usize), Reply> {
    let numkeys = match parse_i64(ctx.arg(at)) {
        Some(n) if n > 0 => n as usize,
        _ => return Err(Reply::err("ERR numkeys should be greater than 0")),
    };
    let where_at = at
        .checked_add(numkeys)
        .and_then(|n| n.checked_add(1))
        .filter(|&w| w < ctx.argc())
        .ok_or_else(Reply::syntax_error)?;
    let max = if ctx.is(where_at, "min") {
        false
    } else if ctx.is(where_at, "max") {
        true
    } else {
        return Err(Reply::syntax_error());
    };
    let mut count = None;
    let mut j = where_at + 1;
    while j < ctx.argc() {
        if count.is_none() && ctx.is(j, "count") && j + 1 < ctx.argc() {
            match parse_i64(ctx.arg(j + 1)) {
                Some(n) if n > 0 => count = Some(n as usize),
                _ => return Err(Reply::err("ERR count should be greater than 0")),
            }
            j += 2;
        } else {
            return Err(Reply::syntax_error());
        }
    }
    Ok((ctx.argv[at + 1..where_at].to_vec(), max, count.unwrap_or(1)))
}

pub(super) fn mpop_first(ctx: &mut Ctx, keys: &[Vec<u8>], max: bool, count: usize) -> Result<Option<Reply>, Reply> {
    for key in keys {
        if zset_mut(ctx, key)?.is_none() {
            continue;
        }
        let entries = pop_entries(ctx, key, max, count);
        return Ok(Some(Reply::Array(vec![
            Reply::bulk(key.clone()),
            with_scores_reply_nested(entries, true),
        ])));
    }
    Ok(None)
}

pub(super) fn zmpop(ctx: &mut Ctx) -> CmdResult {
    let (keys, max, count) = parse_mpop(ctx, 1)?;
    Ok(mpop_first(ctx, &keys, max, count)?.unwrap_or(Reply::NullArray))
}

pub(super) fn bzmpop(ctx: &mut Ctx) -> CmdResult {
    let deadline = ctx.timeout_arg(1)?;
    let (keys, max, count) = parse_mpop(ctx, 2)?;
    match mpop_first(ctx, &keys, max, count)? {
        Some(reply) => Ok(reply),
        None => ctx.block(keys, deadline, Reply::NullArray),
    }
}

pub(super) fn zrandmember(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() < 3 {
        let Some(z) = zset_ref(ctx, ctx.arg(1))? else {
            return Ok(Reply::Null);
        };
        let entries = z.entries();
        let i = ctx.rng().below(entries.len() as u64) as usize;
        return Ok(Reply::Bulk(entries[i].0.clone()));
    }
    let count = ctx.int_arg(2)?;
    if count == i64::MIN {
        return Err(Reply::err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807",
        ));
    }
    let with_scores = match ctx.argc() {
        3 => false,
        4 if ctx.is(3, "withscores") => true,
        _ => return Err(Reply::syntax_error()),
    };
    if with_scores && !(-(i64::MAX / 2)..=i64::MAX / 2).contains(&count) {
        return Err(Reply::err("ERR value is out of range"));
    }
    let Some(z) = zset_ref(ctx, ctx.arg(1))? else {
        return Ok(Reply::Array(vec![]));
    };
    let mut entries = z.entries();
    if count >= 0 && count as usize >= entries.len() {
        // The whole set, as Redis's zset iterator walks it: from the highest score.
        entries.reverse();
    }
    let picks = crate::commands::random_picks(ctx.rng(), entries.len(), count);
    let chosen = picks.into_iter().map(|i| entries[i].clone()).collect();
    Ok(with_scores_reply(ctx, chosen, with_scores))
}
