//! Taking pending entries over: XCLAIM and XAUTOCLAIM. Both propagate each claim as
//! the XCLAIM ... TIME ... RETRYCOUNT ... FORCE JUSTID LASTID Redis writes.

use std::ops::Bound;

use super::*;
use crate::notify;
use crate::types::stream::{Consumer, Nack};

fn no_key_or_group(ctx: &Ctx) -> Reply {
    Reply::err(format!(
        "NOGROUP No such key '{}' or consumer group '{}'",
        String::from_utf8_lossy(ctx.arg(1)),
        String::from_utf8_lossy(ctx.arg(2))
    ))
}

/// The claiming consumer (`streamLookupConsumer`, refreshing its seen time, or
/// `streamCreateConsumer`).
fn claimant(ctx: &mut Ctx, key: &[u8], group: &[u8], name: &[u8]) -> Result<(), Reply> {
    let now = ctx.now;
    let s = peek_stream_mut(ctx, key)?;
    let Some(g) = s.groups.get_mut(group) else {
        return Ok(());
    };
    match g.consumers.get_mut(name) {
        Some(c) => c.seen_time = now,
        None => {
            g.consumers.insert(name.to_vec(), Consumer::new(now));
            ctx.dirty(1);
            ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
        }
    }
    Ok(())
}

/// Drops a pending entry whose stream entry is gone, propagating it as Redis does (an
/// XCLAIM of a missing entry removes it on replay too).
fn drop_deleted(ctx: &mut Ctx, key: &[u8], group: &[u8], id: StreamId, id_arg: Vec<u8>) -> Result<(), Reply> {
    let s = peek_stream_mut(ctx, key)?;
    let Some(g) = s.groups.get_mut(group) else {
        return Ok(());
    };
    let Some(nack) = g.pel.get(&id).cloned() else {
        return Ok(());
    };
    let last = g.last_id;
    g.ack(id);
    propagate_claim(ctx, key, group, id_arg, &nack, last);
    ctx.dirty(1);
    Ok(())
}

/// Gives a pending entry to `name`: delivery time, count, owner; the propagated claim.
fn take_over(
    ctx: &mut Ctx,
    (key, group, name): (&[u8], &[u8], &[u8]),
    id: StreamId,
    id_arg: Vec<u8>,
    delivery_time: i64,
    count: Option<u64>,
) -> Result<Option<Reply>, Reply> {
    let s = peek_stream_mut(ctx, key)?;
    let entry = s.get(id).cloned();
    let Some(g) = s.groups.get_mut(group) else {
        return Ok(None);
    };
    g.assign(id, name);
    let Some(nack) = g.pel.get_mut(&id) else {
        return Ok(None);
    };
    nack.delivery_time = delivery_time;
    if let Some(c) = count {
        nack.delivery_count = c;
    }
    let nack = nack.clone();
    let last = g.last_id;
    propagate_claim(ctx, key, group, id_arg, &nack, last);
    ctx.dirty(1);
    Ok(entry.map(|f| entry_reply(id, &f)))
}

pub(super) fn xclaim(ctx: &mut Ctx) -> CmdResult {
    let (key, group, name) = (ctx.arg(1), ctx.arg(2), ctx.arg(3));
    let found = read_stream(ctx, key)?.is_some_and(|s| s.groups.contains_key(group));
    if !found {
        return Err(no_key_or_group(ctx));
    }
    let min_idle = ll_arg(ctx, 4, Some("ERR Invalid min-idle-time argument for XCLAIM"))?.max(0);
    let mut ids = Vec::new();
    let mut j = 5;
    while j < ctx.argc() {
        match parse_strict_id(ctx.arg(j)) {
            Ok(id) => ids.push((id, ctx.arg(j).to_vec())),
            Err(_) => break,
        }
        j += 1;
    }
    let now = ctx.now;
    let (mut force, mut justid) = (false, false);
    let mut delivery: i64 = -1;
    let mut retry: i64 = -1;
    let mut last_id = StreamId::MIN;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if ctx.is(j, "force") {
            force = true;
        } else if ctx.is(j, "justid") {
            justid = true;
        } else if ctx.is(j, "idle") && more > 0 {
            j += 1;
            delivery = now.wrapping_sub(ll_arg(ctx, j, Some("ERR Invalid IDLE option argument for XCLAIM"))?);
        } else if ctx.is(j, "time") && more > 0 {
            j += 1;
            delivery = ll_arg(ctx, j, Some("ERR Invalid TIME option argument for XCLAIM"))?;
        } else if ctx.is(j, "retrycount") && more > 0 {
            j += 1;
            retry = ll_arg(ctx, j, Some("ERR Invalid RETRYCOUNT option argument for XCLAIM"))?;
        } else if ctx.is(j, "lastid") && more > 0 {
            j += 1;
            last_id = parse_strict_id(ctx.arg(j))?;
        } else {
            return Err(Reply::err(format!(
                "ERR Unrecognized XCLAIM option '{}'",
                String::from_utf8_lossy(ctx.arg(j))
            )));
        }
        j += 1;
    }
    ctx.suppress_propagation();
    let s = peek_stream_mut(ctx, key)?;
    let mut propagate_last_id = false;
    if let Some(g) = s.groups.get_mut(group) {
        if last_id > g.last_id {
            g.last_id = last_id;
            propagate_last_id = true;
        }
    }
    let delivery_time = if delivery == -1 || delivery < 0 || delivery > now {
        now
    } else {
        delivery
    };
    let mut have_consumer = false;
    let mut out = Vec::new();
    for (id, id_arg) in ids {
        let s = peek_stream_mut(ctx, key)?;
        let exists = s.contains(id);
        let Some(g) = s.groups.get_mut(group) else { break };
        if !exists {
            if g.pel.contains_key(&id) {
                drop_deleted(ctx, key, group, id, id_arg)?;
                propagate_last_id = false;
            }
            continue;
        }
        let mut fresh = false;
        if force && !g.pel.contains_key(&id) {
            g.pel.insert(
                id,
                Nack {
                    delivery_time: now,
                    delivery_count: 1,
                    consumer: Vec::new(),
                },
            );
            fresh = true;
        }
        let Some(nack) = g.pel.get(&id) else { continue };
        if !fresh && min_idle != 0 && now - nack.delivery_time < min_idle {
            continue;
        }
        let count = if retry >= 0 {
            Some(retry as u64)
        } else if !justid {
            Some(nack.delivery_count + 1)
        } else {
            None
        };
        if !have_consumer {
            claimant(ctx, key, group, name)?;
            have_consumer = true;
        }
        let entry = take_over(ctx, (key, group, name), id, id_arg, delivery_time, count)?;
        out.push(if justid {
            id_reply(id)
        } else {
            entry.unwrap_or(Reply::NullArray)
        });
        propagate_last_id = false;
    }
    if propagate_last_id {
        let s = peek_stream(ctx, key)?;
        if let Some(g) = s.groups.get(group) {
            let (last, read) = (g.last_id, g.entries_read);
            propagate_group_id(ctx, key, group, last, read);
            ctx.dirty(1);
        }
    }
    Ok(Reply::Array(out))
}

pub(super) fn xautoclaim(ctx: &mut Ctx) -> CmdResult {
    let (key, group, name) = (ctx.arg(1), ctx.arg(2), ctx.arg(3));
    let min_idle = ll_arg(ctx, 4, Some("ERR Invalid min-idle-time argument for XAUTOCLAIM"))?.max(0);
    let start = parse_interval(ctx.arg(5), 0, true)?;
    let mut count: i64 = 100;
    let mut justid = false;
    let mut j = 6;
    while j < ctx.argc() {
        let more = ctx.argc() - 1 - j;
        if ctx.is(j, "count") && more > 0 {
            let max = i64::MAX / 16;
            count = crate::num::parse_i64(ctx.arg(j + 1))
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| Reply::err("ERR COUNT must be > 0"))?;
            j += 1;
        } else if ctx.is(j, "justid") {
            justid = true;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    let found = read_stream(ctx, key)?.is_some_and(|s| s.groups.contains_key(group));
    if !found {
        return Err(no_key_or_group(ctx));
    }
    // Redis allocates COUNT IDs for the deleted ones up front; a huge COUNT fails
    // there (where exactly depends on the machine: here, past a terabyte).
    if count.saturating_mul(16) > 1 << 40 {
        return Err(Reply::err(
            "ERR Insufficient memory, failed allocating transient memory, COUNT too high.",
        ));
    }
    ctx.suppress_propagation();
    let now = ctx.now;
    let mut attempts = count.saturating_mul(10);
    let mut cursor = Bound::Included(start);
    let mut claimed = Vec::new();
    let mut deleted = Vec::new();
    let mut have_consumer = false;
    loop {
        if attempts == 0 {
            break;
        }
        attempts -= 1;
        if count == 0 {
            break;
        }
        let s = peek_stream_mut(ctx, key)?;
        let Some(g) = s.groups.get(group) else { break };
        let Some((&id, nack)) = g.pel.range((cursor, Bound::Unbounded)).next() else {
            break;
        };
        let delivery_time = nack.delivery_time;
        let delivery_count = nack.delivery_count;
        cursor = Bound::Excluded(id);
        if !s.contains(id) {
            drop_deleted(ctx, key, group, id, id.to_bytes())?;
            deleted.push(id_reply(id));
            count -= 1;
            continue;
        }
        if min_idle != 0 && now - delivery_time < min_idle {
            continue;
        }
        if !have_consumer {
            claimant(ctx, key, group, name)?;
            have_consumer = true;
        }
        let new_count = (!justid).then_some(delivery_count + 1);
        let entry = take_over(ctx, (key, group, name), id, id.to_bytes(), now, new_count)?;
        claimed.push(if justid {
            id_reply(id)
        } else {
            entry.unwrap_or(Reply::NullArray)
        });
        count -= 1;
    }
    let s = peek_stream(ctx, key)?;
    let next = s
        .groups
        .get(group)
        .and_then(|g| g.pel.range((cursor, Bound::Unbounded)).next().map(|(id, _)| *id))
        .unwrap_or_default();
    Ok(Reply::Array(vec![
        id_reply(next),
        Reply::Array(claimed),
        Reply::Array(deleted),
    ]))
}
