//! XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS, XINFO HELP.

use super::*;
use crate::types::stream::{Group, INVALID_ENTRIES_READ};

const XINFO_HELP: &[&str] = &[
    "CONSUMERS <key> <groupname>",
    "    Show consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the stream consumer groups.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
];

fn field(name: &str, value: Reply) -> (Reply, Reply) {
    (Reply::bulk(name), value)
}

fn entries_read(g: &Group) -> Reply {
    if g.entries_read == INVALID_ENTRIES_READ {
        Reply::Null
    } else {
        Reply::Int(g.entries_read)
    }
}

fn lag(s: &Stream, g: &Group) -> Reply {
    s.lag(g).map_or(Reply::Null, Reply::Int)
}

pub(super) fn xinfo(ctx: &mut Ctx) -> CmdResult {
    if ctx.is(1, "help") {
        return Ok(help_reply(ctx, XINFO_HELP));
    }
    let key = ctx.arg(2);
    let now = ctx.now;
    let (consumers, groups) = (ctx.is(1, "consumers"), ctx.is(1, "groups"));
    let name = ctx.arg(3.min(ctx.argc() - 1));
    let s = read_stream(ctx, key)?.ok_or_else(crate::exec::no_such_key)?;
    if consumers {
        let Some(g) = s.groups.get(name) else {
            return Err(Reply::err(format!(
                "NOGROUP No such consumer group '{}' for key name '{}'",
                String::from_utf8_lossy(name),
                String::from_utf8_lossy(key)
            )));
        };
        let out = g
            .consumers
            .iter()
            .map(|(n, c)| {
                Reply::Map(vec![
                    field("name", Reply::Bulk(n.clone())),
                    field("pending", Reply::Int(c.pel.len() as i64)),
                    field("idle", Reply::Int((now - c.seen_time).max(0))),
                ])
            })
            .collect();
        return Ok(Reply::Array(out));
    }
    if groups {
        let out = s
            .groups
            .iter()
            .map(|(n, g)| {
                Reply::Map(vec![
                    field("name", Reply::Bulk(n.clone())),
                    field("consumers", Reply::Int(g.consumers.len() as i64)),
                    field("pending", Reply::Int(g.pel.len() as i64)),
                    field("last-delivered-id", id_reply(g.last_id)),
                    field("entries-read", entries_read(g)),
                    field("lag", lag(s, g)),
                ])
            })
            .collect();
        return Ok(Reply::Array(out));
    }
    // STREAM [FULL [COUNT n]]
    let optc = ctx.argc() - 3;
    let mut full = false;
    let mut count: i64 = 10;
    if optc > 0 {
        if (optc != 1 && optc != 3) || !ctx.is(3, "full") || (optc == 3 && !ctx.is(4, "count")) {
            return Err(subcommand_syntax_error(ctx));
        }
        full = true;
        if optc == 3 {
            count = ll_arg(ctx, 5, None)?;
            if count < 0 {
                count = 10;
            }
        }
    }
    let s = peek_stream(ctx, key)?;
    let mut map = vec![
        field("length", Reply::Int(s.len() as i64)),
        field("radix-tree-keys", Reply::Int(s.rax_keys() as i64)),
        field("radix-tree-nodes", Reply::Int(s.rax_nodes() as i64)),
        field("last-generated-id", id_reply(s.last_id)),
        field("max-deleted-entry-id", id_reply(s.max_deleted_entry_id)),
        field("entries-added", Reply::Int(s.entries_added as i64)),
        field("recorded-first-entry-id", id_reply(s.first_id)),
    ];
    if !full {
        let edge = |e: Option<(&StreamId, &Fields)>| e.map_or(Reply::Null, |(id, f)| entry_reply(*id, f));
        map.push(field("groups", Reply::Int(s.groups.len() as i64)));
        map.push(field("first-entry", edge(s.first_entry())));
        map.push(field("last-entry", edge(s.last_entry())));
        return Ok(Reply::Map(map));
    }
    let limit = if count == 0 { usize::MAX } else { count as usize };
    let entries = s.entries().take(limit).map(|(id, f)| entry_reply(*id, f)).collect();
    map.push(field("entries", Reply::Array(entries)));
    let groups = s
        .groups
        .iter()
        .map(|(n, g)| {
            let pending = g
                .pel
                .iter()
                .take(limit)
                .map(|(id, nack)| {
                    Reply::Array(vec![
                        id_reply(*id),
                        Reply::Bulk(nack.consumer.clone()),
                        Reply::Int(nack.delivery_time),
                        Reply::Int(nack.delivery_count as i64),
                    ])
                })
                .collect();
            let consumers = g
                .consumers
                .iter()
                .map(|(cn, c)| {
                    let own = c
                        .pel
                        .iter()
                        .take(limit)
                        .filter_map(|id| g.pel.get(id).map(|nack| (id, nack)))
                        .map(|(id, nack)| {
                            Reply::Array(vec![
                                id_reply(*id),
                                Reply::Int(nack.delivery_time),
                                Reply::Int(nack.delivery_count as i64),
                            ])
                        })
                        .collect();
                    Reply::Map(vec![
                        field("name", Reply::Bulk(cn.clone())),
                        field("seen-time", Reply::Int(c.seen_time)),
                        field("pel-count", Reply::Int(c.pel.len() as i64)),
                        field("pending", Reply::Array(own)),
                    ])
                })
                .collect();
            Reply::Map(vec![
                field("name", Reply::Bulk(n.clone())),
                field("last-delivered-id", id_reply(g.last_id)),
                field("entries-read", entries_read(g)),
                field("lag", lag(s, g)),
                field("pel-count", Reply::Int(g.pel.len() as i64)),
                field("pending", Reply::Array(pending)),
                field("consumers", Reply::Array(consumers)),
            ])
        })
        .collect();
    map.push(field("groups", Reply::Array(groups)));
    Ok(Reply::Map(map))
}
