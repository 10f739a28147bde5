//! Consumer groups: XGROUP and its subcommands, XACK, XPENDING.

use super::*;
use crate::notify;
use crate::types::stream::{Consumer, Group, INVALID_ENTRIES_READ};

const XGROUP_HELP: &[&str] = &[
    "CREATE <key> <groupname> <id|$> [option]",
    "    Create a new consumer group. Options are:",
    "    * MKSTREAM",
    "      Create the empty stream if it does not exist.",
    "    * ENTRIESREAD entries_read",
    "      Set the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Create a new consumer in the specified group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove the specified consumer.",
    "DESTROY <key> <groupname>",
    "    Remove the specified group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Set the current group ID and entries_read counter.",
];

fn no_group(group: &[u8], key: &[u8]) -> Reply {
    Reply::err(format!(
        "NOGROUP No such consumer group '{}' for key name '{}'",
        String::from_utf8_lossy(group),
        String::from_utf8_lossy(key)
    ))
}

/// Every XGROUP subcommand (Redis's xgroupCommand parses them together).
pub(super) fn xgroup(ctx: &mut Ctx) -> CmdResult {
    let argc = ctx.argc();
    let mut mkstream = false;
    let mut entries_read = INVALID_ENTRIES_READ;
    let mut exists = false;
    if argc >= 4 {
        let create = ctx.is(1, "create");
        let setid = ctx.is(1, "setid");
        let mut i = 5;
        while i < argc {
            if create && ctx.is(i, "mkstream") {
                mkstream = true;
                i += 1;
            } else if (create || setid) && ctx.is(i, "entriesread") && i + 1 < argc {
                entries_read = ll_arg(ctx, i + 1, None)?;
                if entries_read < 0 && entries_read != INVALID_ENTRIES_READ {
                    return Err(Reply::err("ERR value for ENTRIESREAD must be positive or -1"));
                }
                i += 2;
            } else {
                return Err(subcommand_syntax_error(ctx));
            }
        }
        exists = write_stream(ctx, ctx.arg(2))?.is_some();
    }
    let (key, name) = (ctx.arg(2.min(argc - 1)), ctx.arg(3.min(argc - 1)));
    let has_group = exists && peek_stream(ctx, key).is_ok_and(|s| s.groups.contains_key(name));
    if argc >= 4 && !mkstream {
        if !exists {
            return Err(Reply::err("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically."));
        }
        if !has_group && (ctx.is(1, "setid") || ctx.is(1, "createconsumer") || ctx.is(1, "delconsumer")) {
            return Err(no_group(name, key));
        }
    }
    let now = ctx.now;
    if argc == 2 && ctx.is(1, "help") {
        Ok(help_reply(ctx, XGROUP_HELP))
    } else if ctx.is(1, "create") && (5..=8).contains(&argc) {
        let id = if ctx.arg(4) == b"$" {
            if exists {
                peek_stream(ctx, key)?.last_id
            } else {
                StreamId::MIN
            }
        } else {
            parse_strict_id(ctx.arg(4))?
        };
        if !exists {
            ctx.add_key(key, Value::Stream(Box::default()));
            ctx.modified(key);
        }
        let s = peek_stream_mut(ctx, key)?;
        if s.groups.contains_key(name) {
            return Err(Reply::err("BUSYGROUP Consumer Group name already exists"));
        }
        s.groups.insert(name.to_vec(), Group::new(id, entries_read));
        ctx.dirty(1);
        ctx.notify(notify::STREAM, "xgroup-create", key);
        ok()
    } else if ctx.is(1, "setid") && (argc == 5 || argc == 7) {
        let id_arg = ctx.arg(4);
        let s = peek_stream_mut(ctx, key)?;
        let id = if id_arg == b"$" {
            s.last_id
        } else {
            parse_id(id_arg, 0)?
        };
        if let Some(g) = s.groups.get_mut(name) {
            g.last_id = id;
            g.entries_read = entries_read;
        }
        ctx.dirty(1);
        ctx.notify(notify::STREAM, "xgroup-setid", key);
        ok()
    } else if ctx.is(1, "destroy") && argc == 4 {
        if !has_group {
            return Ok(Reply::Int(0));
        }
        peek_stream_mut(ctx, key)?.groups.remove(name);
        ctx.dirty(1);
        ctx.notify(notify::STREAM, "xgroup-destroy", key);
        let db = ctx.db;
        ctx.eng.signal_ready(db, key);
        Ok(Reply::Int(1))
    } else if ctx.is(1, "createconsumer") && argc == 5 {
        let consumer = ctx.arg(4);
        let s = peek_stream_mut(ctx, key)?;
        let Some(g) = s.groups.get_mut(name) else {
            return Ok(Reply::Int(0));
        };
        if g.consumers.contains_key(consumer) {
            return Ok(Reply::Int(0));
        }
        g.consumers.insert(consumer.to_vec(), Consumer::new(now));
        ctx.dirty(1);
        ctx.notify(notify::STREAM, "xgroup-createconsumer", key);
        Ok(Reply::Int(1))
    } else if ctx.is(1, "delconsumer") && argc == 5 {
        let consumer = ctx.arg(4);
        let s = peek_stream_mut(ctx, key)?;
        let pending = s.groups.get_mut(name).and_then(|g| g.delete_consumer(consumer));
        if pending.is_some() {
            ctx.dirty(1);
            ctx.notify(notify::STREAM, "xgroup-delconsumer", key);
        }
        Ok(Reply::Int(pending.unwrap_or(0) as i64))
    } else {
        Err(subcommand_syntax_error(ctx))
    }
}

pub(super) fn xack(ctx: &mut Ctx) -> CmdResult {
    let (key, name) = (ctx.arg(1), ctx.arg(2));
    let found = read_stream(ctx, key)?.is_some_and(|s| s.groups.contains_key(name));
    if !found {
        return Ok(Reply::Int(0));
    }
    let ids = ctx.argv[3..]
        .iter()
        .map(|a| parse_strict_id(a))
        .collect::<Result<Vec<_>, _>>()?;
    let s = peek_stream_mut(ctx, key)?;
    let Some(g) = s.groups.get_mut(name) else {
        return Ok(Reply::Int(0));
    };
    let acked = ids.into_iter().filter(|&id| g.ack(id)).count();
    ctx.dirty(acked as u64);
    Ok(Reply::Int(acked as i64))
}

pub(super) fn xpending(ctx: &mut Ctx) -> CmdResult {
    let argc = ctx.argc();
    if argc != 3 && !(6..=9).contains(&argc) {
        return Err(Reply::syntax_error());
    }
    let mut range = None;
    let mut min_idle = 0;
    let mut consumer_name: Option<&[u8]> = None;
    if argc >= 6 {
        let mut at = 3;
        if ctx.is(3, "idle") {
            min_idle = ll_arg(ctx, 4, None)?;
            if argc < 8 {
                return Err(Reply::syntax_error());
            }
            at += 2;
        }
        let count = ll_arg(ctx, at + 2, None)?.max(0);
        let start = parse_interval(ctx.arg(at), 0, true)?;
        let end = parse_interval(ctx.arg(at + 1), u64::MAX, false)?;
        if at + 3 < argc {
            consumer_name = Some(ctx.arg(at + 3));
        }
        range = Some((start, end, count));
    }
    let (key, name) = (ctx.arg(1), ctx.arg(2));
    let now = ctx.now;
    let s = read_stream(ctx, key)?;
    let Some(g) = s.and_then(|s| s.groups.get(name)) else {
        return Err(Reply::err(format!(
            "NOGROUP No such key '{}' or consumer group '{}'",
            String::from_utf8_lossy(key),
            String::from_utf8_lossy(name)
        )));
    };
    let Some((start, end, mut count)) = range else {
        if g.pel.is_empty() {
            return Ok(Reply::Array(vec![
                Reply::Int(0),
                Reply::Null,
                Reply::Null,
                Reply::NullArray,
            ]));
        }
        let first = g.pel.keys().next().copied().unwrap_or_default();
        let last = g.pel.keys().next_back().copied().unwrap_or_default();
        let consumers = g
            .consumers
            .iter()
            .filter(|(_, c)| !c.pel.is_empty())
            .map(|(n, c)| {
                Reply::Array(vec![
                    Reply::Bulk(n.clone()),
                    Reply::Bulk(crate::num::int_bytes(c.pel.len() as i64)),
                ])
            })
            .collect();
        return Ok(Reply::Array(vec![
            Reply::Int(g.pel.len() as i64),
            id_reply(first),
            id_reply(last),
            Reply::Array(consumers),
        ]));
    };
    let ids: Vec<StreamId> = match consumer_name {
        Some(c) => match g.consumers.get(c) {
            Some(c) => c.pel.iter().copied().collect(),
            None => return Ok(Reply::Array(vec![])),
        },
        None => g.pel.keys().copied().collect(),
    };
    let mut out = Vec::new();
    if start <= end {
        for id in ids.into_iter().filter(|&id| id >= start) {
            if count == 0 || id > end {
                break;
            }
            let Some(nack) = g.pel.get(&id) else { continue };
            if min_idle != 0 && now - nack.delivery_time < min_idle {
                continue;
            }
            count -= 1;
            out.push(Reply::Array(vec![
                id_reply(id),
                Reply::Bulk(nack.consumer.clone()),
                Reply::Int((now - nack.delivery_time).max(0)),
                Reply::Int(nack.delivery_count as i64),
            ]));
        }
    }
    Ok(Reply::Array(out))
}
