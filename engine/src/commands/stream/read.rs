//! XREAD and XREADGROUP (Redis's xreadCommand and streamReplyWithRange with a group),
//! blocking included: a blocked read is retried when XADD makes its key ready, with
//! `$` fixed to the ID it stood for when it blocked and Redis's default COUNT of 1000.

use super::*;
use crate::notify;
use crate::types::stream::{Consumer, Nack, INVALID_ENTRIES_READ};

/// `XREAD_BLOCKED_DEFAULT_COUNT`.
const BLOCKED_DEFAULT_COUNT: i64 = 1000;

/// The ID a `>` stands for.
const NEW_ENTRIES: StreamId = StreamId::MAX;

struct ReadArgs {
    block: Option<usize>,
    deadline: Option<i64>,
    count: i64,
    streams_at: usize,
    n: usize,
    noack: bool,
    group: Option<(Vec<u8>, Vec<u8>)>,
}

fn parse_read(ctx: &Ctx, group_cmd: bool) -> Result<ReadArgs, Reply> {
    let argc = ctx.argc();
    let mut a = ReadArgs {
        block: None,
        deadline: None,
        count: 0,
        streams_at: 0,
        n: 0,
        noack: false,
        group: None,
    };
    let mut i = 1;
    while i < argc {
        let more = argc - i - 1;
        if ctx.is(i, "block") && more > 0 {
            i += 1;
            let ms = ll_arg(ctx, i, Some("ERR timeout is not an integer or out of range"))?;
            if ms < 0 {
                return Err(Reply::err("ERR timeout is negative"));
            }
            if ms > 0 && ms > i64::MAX - ctx.now {
                return Err(Reply::err("ERR timeout is out of range"));
            }
            a.block = Some(i);
            a.deadline = (ms > 0).then(|| ctx.now + ms);
        } else if ctx.is(i, "count") && more > 0 {
            i += 1;
            a.count = ll_arg(ctx, i, None)?.max(0);
        } else if ctx.is(i, "streams") && more > 0 {
            a.streams_at = i + 1;
            let rest = argc - a.streams_at;
            if rest % 2 != 0 {
                return Err(Reply::err(
                    "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
                ));
            }
            a.n = rest / 2;
            break;
        } else if ctx.is(i, "group") && more >= 2 {
            if !group_cmd {
                return Err(Reply::err(
                    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.",
                ));
            }
            a.group = Some((ctx.arg(i + 1).to_vec(), ctx.arg(i + 2).to_vec()));
            i += 2;
        } else if ctx.is(i, "noack") {
            if !group_cmd {
                return Err(Reply::err(
                    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.",
                ));
            }
            a.noack = true;
        } else {
            return Err(Reply::syntax_error());
        }
        i += 1;
    }
    if a.streams_at == 0 {
        return Err(Reply::syntax_error());
    }
    if group_cmd && a.group.is_none() {
        return Err(Reply::err("ERR Missing GROUP option for XREADGROUP"));
    }
    Ok(a)
}

pub(super) fn xread(ctx: &mut Ctx) -> CmdResult {
    ctx.suppress_propagation();
    read_generic(ctx, false)
}

pub(super) fn xreadgroup(ctx: &mut Ctx) -> CmdResult {
    ctx.suppress_propagation();
    read_generic(ctx, true)
}

fn read_generic(ctx: &mut Ctx, group_cmd: bool) -> CmdResult {
    let a = parse_read(ctx, group_cmd)?;
    let serving_key = ctx.serving_key().map(<[u8]>::to_vec);
    let serving = serving_key.is_some();
    let keys: Vec<Vec<u8>> = ctx.argv[a.streams_at..a.streams_at + a.n].to_vec();
    let mut ids = Vec::with_capacity(a.n);
    for (k, key) in keys.iter().enumerate() {
        let id_arg = ctx.arg(a.streams_at + a.n + k);
        let found = match read_stream(ctx, key) {
            Ok(found) => found,
            // A retried read waits on: a key that changed type does not serve it.
            Err(_) if serving => return ctx.block(keys, None, Reply::NullArray),
            Err(e) => return Err(e),
        };
        let last_id = found.map(|s| s.last_id);
        if let Some((group, _)) = &a.group {
            if !found.is_some_and(|s| s.groups.contains_key(group)) {
                if serving {
                    return Err(Reply::err(
                        "NOGROUP the consumer group this client was blocked on no longer exists",
                    ));
                }
                return Err(Reply::err(format!(
                    "NOGROUP No such key '{}' or consumer group '{}' in XREADGROUP with GROUP option",
                    String::from_utf8_lossy(key),
                    String::from_utf8_lossy(group)
                )));
            }
        }
        let id = if id_arg == b"$" {
            if group_cmd {
                return Err(Reply::err("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set."));
            }
            last_id.unwrap_or_default()
        } else if id_arg == b">" {
            if !group_cmd {
                return Err(Reply::err("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option."));
            }
            NEW_ENTRIES
        } else {
            parse_strict_id(id_arg)?
        };
        ids.push(id);
    }

    let mut served: Vec<(Vec<u8>, Reply)> = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        // Served for the key that became ready, Redis answers for that stream alone,
        // once (a key named twice waits with its first ID).
        if let Some(ready) = &serving_key {
            if ready != key || !served.is_empty() {
                continue;
            }
        }
        let mut gt = ids[k];
        let (serve, history) = {
            let Ok(Some(s)) = read_stream(ctx, key) else { continue };
            match &a.group {
                Some((group, _)) if gt != NEW_ENTRIES => (s.groups.contains_key(group), true),
                Some((group, _)) => match s.groups.get(group) {
                    // New entries are those after the group's last delivered ID.
                    Some(g) if !s.is_empty() && s.last_valid_id() > g.last_id => {
                        gt = g.last_id;
                        (true, false)
                    }
                    _ => (false, false),
                },
                None => (!s.is_empty() && s.last_valid_id() > gt, false),
            }
        };
        if !serve {
            continue;
        }
        let start = gt.incr().unwrap_or_default();
        let count = a.count.max(0) as usize;
        let entries = match &a.group {
            None => {
                let take = if count == 0 { usize::MAX } else { count };
                let s = peek_stream(ctx, key)?;
                Reply::Array(
                    s.range(start, StreamId::MAX)
                        .take(take)
                        .map(|(id, f)| entry_reply(*id, f))
                        .collect(),
                )
            }
            Some((group, consumer)) => {
                find_or_create_consumer(ctx, key, group, consumer, a.noack)?;
                let entries = if history {
                    history_read(ctx, key, group, consumer, start, count)?
                } else {
                    deliver(ctx, key, group, consumer, start, count, a.noack)?
                };
                if !serving {
                    ctx.dirty(1);
                }
                entries
            }
        };
        served.push((key.clone(), entries));
    }

    if !served.is_empty() {
        return Ok(if ctx.resp() == 2 {
            Reply::Array(
                served
                    .into_iter()
                    .map(|(k, e)| Reply::Array(vec![Reply::Bulk(k), e]))
                    .collect(),
            )
        } else {
            Reply::Map(served.into_iter().map(|(k, e)| (Reply::Bulk(k), e)).collect())
        });
    }
    let Some(block_at) = a.block else {
        return Ok(Reply::NullArray);
    };
    // Retried as: the same group options, COUNT as served, the same BLOCK, `$` fixed.
    let mut argv = vec![ctx.arg(0).to_vec()];
    if let Some((group, consumer)) = &a.group {
        argv.extend([word("GROUP"), group.clone(), consumer.clone()]);
    }
    if a.noack {
        argv.push(word("NOACK"));
    }
    let count = if a.count == 0 { BLOCKED_DEFAULT_COUNT } else { a.count };
    argv.extend([word("COUNT"), crate::num::int_bytes(count)]);
    argv.extend([word("BLOCK"), ctx.arg(block_at).to_vec(), word("STREAMS")]);
    argv.extend(keys.iter().cloned());
    for (k, id) in ids.iter().enumerate() {
        let original = ctx.arg(a.streams_at + a.n + k);
        argv.push(if original == b"$" {
            id.to_bytes()
        } else {
            original.to_vec()
        });
    }
    let deadline = a.deadline;
    ctx.block_as(keys, deadline, Reply::NullArray, argv)
}

/// `streamLookupConsumer` (refreshing its seen time) or `streamCreateConsumer`.
fn find_or_create_consumer(ctx: &mut Ctx, key: &[u8], group: &[u8], consumer: &[u8], noack: bool) -> Result<(), Reply> {
    let now = ctx.now;
    let s = peek_stream_mut(ctx, key)?;
    let Some(g) = s.groups.get_mut(group) else {
        return Err(crate::exec::no_such_key());
    };
    if let Some(c) = g.consumers.get_mut(consumer) {
        c.seen_time = now;
        return Ok(());
    }
    g.consumers.insert(consumer.to_vec(), Consumer::new(now));
    ctx.dirty(1);
    ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
    if noack {
        ctx.propagate(vec![
            word("XGROUP"),
            word("CREATECONSUMER"),
            key.to_vec(),
            group.to_vec(),
            consumer.to_vec(),
        ]);
    }
    Ok(())
}

/// New entries for a group (`>`): they move the group's last ID and read counter and,
/// unless NOACK, enter the PEL of the group and the consumer; each delivery
/// propagates as an XCLAIM, a NOACK read as XGROUP SETID.
fn deliver(
    ctx: &mut Ctx,
    key: &[u8],
    group: &[u8],
    consumer: &[u8],
    start: StreamId,
    count: usize,
    noack: bool,
) -> Result<Reply, Reply> {
    let now = ctx.now;
    let s = peek_stream_mut(ctx, key)?;
    let take = if count == 0 { usize::MAX } else { count };
    let picked: Vec<(StreamId, Reply)> = s
        .range(start, StreamId::MAX)
        .take(take)
        .map(|(id, f)| (*id, entry_reply(*id, f)))
        .collect();
    let mut claims: Vec<(StreamId, Nack, StreamId)> = Vec::new();
    let mut moved = false;
    for (id, _) in &picked {
        let id = *id;
        let tombstones = s.range_has_tombstones(id);
        let estimate = s.estimate_distance(id);
        let added = s.entries_added;
        let Some(g) = s.groups.get_mut(group) else { break };
        if id > g.last_id {
            if g.entries_read != INVALID_ENTRIES_READ && !tombstones {
                g.entries_read += 1;
            } else if added > 0 {
                g.entries_read = estimate;
            }
            g.last_id = id;
            moved = true;
        }
        if !noack {
            let nack = Nack {
                delivery_time: now,
                delivery_count: 1,
                consumer: consumer.to_vec(),
            };
            if let Some(old) = g.pel.insert(id, nack.clone()) {
                if let Some(c) = g.consumers.get_mut(&old.consumer) {
                    c.pel.remove(&id);
                }
            }
            if let Some(c) = g.consumers.get_mut(consumer) {
                c.pel.insert(id);
            }
            claims.push((id, nack, g.last_id));
        }
    }
    let group_state = s.groups.get(group).map(|g| (g.last_id, g.entries_read));
    for (id, nack, last) in claims {
        propagate_claim(ctx, key, group, id.to_bytes(), &nack, last);
    }
    if noack && moved {
        if let Some((last, read)) = group_state {
            propagate_group_id(ctx, key, group, last, read);
        }
    }
    Ok(Reply::Array(picked.into_iter().map(|(_, r)| r).collect()))
}

/// A consumer's own pending entries from `start` (`streamReplyWithRangeFromConsumerPEL`):
/// each counts as delivered again; one deleted since shows as `[id, nil]`.
fn history_read(
    ctx: &mut Ctx,
    key: &[u8],
    group: &[u8],
    consumer: &[u8],
    start: StreamId,
    count: usize,
) -> Result<Reply, Reply> {
    let now = ctx.now;
    let s = peek_stream_mut(ctx, key)?;
    let ids: Vec<StreamId> = s
        .groups
        .get(group)
        .and_then(|g| g.consumers.get(consumer))
        .map(|c| {
            c.pel
                .range(start..)
                .copied()
                .take(if count == 0 { usize::MAX } else { count })
                .collect()
        })
        .unwrap_or_default();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match s.get(id) {
            Some(fields) => {
                out.push(entry_reply(id, fields));
                if let Some(nack) = s.groups.get_mut(group).and_then(|g| g.pel.get_mut(&id)) {
                    nack.delivery_time = now;
                    nack.delivery_count += 1;
                }
            }
            None => out.push(Reply::Array(vec![id_reply(id), Reply::NullArray])),
        }
    }
    Ok(Reply::Array(out))
}
