//! Streams (Redis's t_stream.c): entries by ID (see `types::stream` for what is kept
//! of Redis's radix tree of listpacks), trimming, consumer groups with their pending
//! entries, blocking reads.

mod add;
mod claim;
mod group;
mod info;
mod read;

use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::reply::{Reply, NOT_INTEGER};
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::types::stream::{Fields, NodeLimits, Stream, StreamId};
use crate::value::{Kind, Value};

const K1: KeyPos = KeyPos::range(1, 1, 1);
const K2: KeyPos = KeyPos::range(2, 2, 1);

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "xadd", arity: -5, flags: WRITE | DENYOOM | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW UPDATE").notes("UPDATE instead of INSERT because of the optional trimming feature")],
        tips: "nondeterministic_output",
        group: "stream", since: "5.0.0", handler: add::xadd,
        summary: "Appends a new entry to a stream",
        syntax: "key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xrange", arity: -4, flags: READONLY, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: add::xrange,
        summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval",
        syntax: "key start end [COUNT count]",
        cost: Some(range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xrevrange", arity: -4, flags: READONLY, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: add::xrevrange,
        summary: "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
        syntax: "key end start [COUNT count]",
        cost: Some(range_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xlen", arity: 2, flags: READONLY | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RO")],
        group: "stream", since: "5.0.0", handler: add::xlen,
        summary: "Return the number of entries in a stream",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xdel", arity: -3, flags: WRITE | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        group: "stream", since: "5.0.0", handler: add::xdel,
        summary: "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
        syntax: "key id [id ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xtrim", arity: -4, flags: WRITE, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        tips: "nondeterministic_output",
        group: "stream", since: "5.0.0", handler: add::xtrim,
        summary: "Trims the stream to (approximately if '~' is passed) a certain size",
        syntax: "key MAXLEN|MINID [=|~] threshold [LIMIT count]",
        cost: Some(trim_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xread", arity: -4, flags: BLOCKING | READONLY | MOVABLEKEYS, acl: "@stream",
        key_specs: &[KeySpec::keyword("STREAMS", 1, -1, 1, 2, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: read::xread,
        summary: "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
        syntax: "[COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]",
        getkeys: Some(xread_keys), cost: Some(read_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xreadgroup", arity: -7, flags: BLOCKING | WRITE | MOVABLEKEYS, acl: "@stream",
        key_specs: &[KeySpec::keyword("STREAMS", 4, -1, 1, 2, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: read::xreadgroup,
        summary: "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
        syntax: "GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]",
        getkeys: Some(xread_keys), cost: Some(read_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xgroup", arity: -2, flags: 0, acl: "",
        group: "stream", since: "5.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for consumer groups commands",
        subcommands: XGROUP,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xack", arity: -4, flags: WRITE | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "stream", since: "5.0.0", handler: group::xack,
        summary: "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
        syntax: "key group id [id ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xpending", arity: -3, flags: READONLY, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        tips: "nondeterministic_output",
        group: "stream", since: "5.0.0", handler: group::xpending,
        summary: "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
        syntax: "key group [[IDLE min-idle-time] start end count [consumer]]",
        cost: Some(pending_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xclaim", arity: -6, flags: WRITE | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        tips: "nondeterministic_output",
        group: "stream", since: "5.0.0", handler: claim::xclaim,
        summary: "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
        syntax: "key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xautoclaim", arity: -6, flags: WRITE | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW DELETE")],
        tips: "nondeterministic_output",
        group: "stream", since: "6.2.0", handler: claim::xautoclaim,
        summary: "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
        syntax: "key group consumer min-idle-time start [COUNT count] [JUSTID]",
        cost: Some(autoclaim_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xinfo", arity: -2, flags: 0, acl: "",
        group: "stream", since: "5.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for stream introspection commands",
        subcommands: XINFO,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "xsetid", arity: -3, flags: WRITE | DENYOOM | FAST, acl: "@stream", keys: K1,
        key_specs: &[KeySpec::at(1, "RW UPDATE")],
        group: "stream", since: "5.0.0", handler: add::xsetid,
        summary: "An internal command for replicating stream values",
        syntax: "key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static XGROUP: &[CommandSpec] = &[
    CommandSpec {
        name: "create", arity: -5, flags: WRITE | DENYOOM, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RW INSERT")],
        group: "stream", since: "5.0.0", handler: group::xgroup,
        summary: "Create a consumer group.",
        syntax: "key groupname id|$ [MKSTREAM] [ENTRIESREAD entries_read]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "createconsumer", arity: 5, flags: WRITE | DENYOOM, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RW INSERT")],
        group: "stream", since: "6.2.0", handler: group::xgroup,
        summary: "Create a consumer in a consumer group.",
        syntax: "key groupname consumername",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "delconsumer", arity: 5, flags: WRITE, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RW DELETE")],
        group: "stream", since: "5.0.0", handler: group::xgroup,
        summary: "Delete a consumer from a consumer group.",
        syntax: "key groupname consumername",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "destroy", arity: 4, flags: WRITE, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RW DELETE")],
        group: "stream", since: "5.0.0", handler: group::xgroup,
        summary: "Destroy a consumer group.",
        syntax: "key groupname",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@stream",
        group: "stream", since: "5.0.0", handler: group::xgroup,
        summary: "Show helpful text about the different subcommands",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setid", arity: -5, flags: WRITE, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RW UPDATE")],
        group: "stream", since: "5.0.0", handler: group::xgroup,
        summary: "Set a consumer group to an arbitrary last delivered ID value.",
        syntax: "key groupname id|$ [ENTRIESREAD entries_read]",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static XINFO: &[CommandSpec] = &[
    CommandSpec {
        name: "consumers", arity: 4, flags: READONLY, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RO ACCESS")],
        tips: "nondeterministic_output",
        group: "stream", since: "5.0.0", handler: info::xinfo,
        summary: "List the consumers in a consumer group",
        syntax: "key groupname",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "groups", arity: 3, flags: READONLY, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: info::xinfo,
        summary: "List the consumer groups of a stream",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@stream",
        group: "stream", since: "5.0.0", handler: info::xinfo,
        summary: "Show helpful text about the different subcommands",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "stream", arity: -3, flags: READONLY, acl: "@stream", keys: K2,
        key_specs: &[KeySpec::at(2, "RO ACCESS")],
        group: "stream", since: "5.0.0", handler: info::xinfo,
        summary: "Get information about a stream",
        syntax: "key [FULL [COUNT count]]",
        cost: Some(info_cost),
        ..CommandSpec::DEFAULT
    },
];

/// XREAD/XREADGROUP's keys (`xreadGetKeys`): half of what follows STREAMS.
fn xread_keys(argv: &[Vec<u8>]) -> Vec<usize> {
    let mut i = 1;
    let mut streams = None;
    while i < argv.len() {
        let a = argv[i].to_ascii_lowercase();
        match a.as_slice() {
            b"block" | b"count" => i += 1,
            b"group" => i += 2,
            b"noack" => {}
            b"streams" => {
                streams = Some(i);
                break;
            }
            _ => break,
        }
        i += 1;
    }
    let Some(at) = streams else { return vec![] };
    let num = argv.len() - at - 1;
    if num == 0 || num % 2 != 0 {
        return vec![];
    }
    (at + 1..at + 1 + num / 2).collect()
}

// ---- work-limit estimates ----

/// Units per entry sent (an entry is an array of its ID and fields), measured with
/// `cargo run --release -p keyspace-engine --example long_commands`.
const RANGE_WEIGHT: u64 = 9000;
/// Units per entry delivered to a group (PEL entries and the propagated XCLAIM too).
const DELIVER_WEIGHT: u64 = 22000;

/// XRANGE/XREVRANGE: the COUNT if given, else the whole stream (bounded by it).
fn range_cost(c: &CostInput) -> Option<Estimate> {
    let size = c.size(1);
    let n = option_value(c.argv, 4, b"count").map_or(size, |n| n.max(0).unsigned_abs().min(size));
    Estimate::new(n, RANGE_WEIGHT, "entries")
}

fn trim_cost(c: &CostInput) -> Option<Estimate> {
    Estimate::new(c.size(1), 1000, "entries")
}

/// XREAD/XREADGROUP: every stream named, up to COUNT each.
fn read_cost(c: &CostInput) -> Option<Estimate> {
    let count = option_value(c.argv, 1, b"count").filter(|&n| n > 0);
    let n = c
        .keys
        .iter()
        .map(|&k| count.map_or(c.size(k), |n| (n as u64).min(c.size(k))))
        .fold(0u64, u64::saturating_add);
    let group = c.argv.first().is_some_and(|a| a.eq_ignore_ascii_case(b"xreadgroup"));
    Estimate::new(n, if group { DELIVER_WEIGHT } else { RANGE_WEIGHT }, "entries")
}

/// XPENDING's extended form: up to its count of pending entries.
fn pending_cost(c: &CostInput) -> Option<Estimate> {
    let at = if c.argv.get(3).is_some_and(|a| a.eq_ignore_ascii_case(b"idle")) {
        7
    } else {
        5
    };
    let count = c.int(at)?.max(0) as u64;
    Estimate::new(count.min(pending_total(c)), RANGE_WEIGHT, "pending entries")
}

fn pending_total(c: &CostInput) -> u64 {
    match c
        .argv
        .get(1)
        .and_then(|k| c.db.keys.get(k.as_slice()))
        .map(|o| &o.value)
    {
        Some(Value::Stream(s)) => s.groups.values().map(|g| g.pel.len() as u64).sum(),
        _ => 0,
    }
}

/// XAUTOCLAIM scans up to ten times its COUNT (100 by default).
fn autoclaim_cost(c: &CostInput) -> Option<Estimate> {
    let count = option_value(c.argv, 6, b"count").map_or(100, |n| n.max(1) as u64);
    Estimate::new(
        count.saturating_mul(10).min(pending_total(c)),
        DELIVER_WEIGHT,
        "pending entries",
    )
}

/// XINFO STREAM FULL: COUNT entries (10 by default, 0 all) and as many per PEL.
fn info_cost(c: &CostInput) -> Option<Estimate> {
    if c.argv.len() < 4 {
        return None;
    }
    let size = c.size(2);
    let n = match option_value(c.argv, 4, b"count") {
        Some(0) => size.saturating_add(pending_total_at(c, 2)),
        Some(n) if n > 0 => (n as u64).min(size).saturating_mul(2),
        _ => 10u64.min(size).saturating_mul(2),
    };
    Estimate::new(n, RANGE_WEIGHT, "entries")
}

fn pending_total_at(c: &CostInput, i: usize) -> u64 {
    match c
        .argv
        .get(i)
        .and_then(|k| c.db.keys.get(k.as_slice()))
        .map(|o| &o.value)
    {
        Some(Value::Stream(s)) => s.groups.values().map(|g| g.pel.len() as u64 * 2).sum(),
        _ => 0,
    }
}

/// The integer after an option word, searching from `from`.
fn option_value(argv: &[Vec<u8>], from: usize, word: &[u8]) -> Option<i64> {
    let i = (from..argv.len().saturating_sub(1)).find(|&i| argv[i].eq_ignore_ascii_case(word))?;
    crate::num::parse_i64(&argv[i + 1])
}

// ---- shared by the handlers ----

const INVALID_ID: &str = "ERR Invalid stream ID specified as stream command argument";

/// Redis's `string2ull`: a canonical integer, else what `strtoull` takes whole
/// (spaces, a sign, leading zeros; a minus wraps around).
fn string2ull(s: &[u8]) -> Option<u64> {
    if let Some(v) = crate::num::parse_i64(s) {
        return (v >= 0).then_some(v as u64);
    }
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        i += 1;
    }
    let negative = match s.get(i) {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    if i >= s.len() {
        return None;
    }
    let mut v: u64 = 0;
    for &c in &s[i..] {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
    }
    Some(if negative { v.wrapping_neg() } else { v })
}

/// `streamGenericParseIDOrReply`: `ms-seq`, `ms` (seq = `missing_seq`), `-` and `+`
/// unless `strict`; with `star_seq`, `ms-*` too (then the second value is false).
fn parse_id_full(arg: &[u8], missing_seq: u64, strict: bool, star_seq: bool) -> Result<(StreamId, bool), Reply> {
    let invalid = || Reply::err(INVALID_ID);
    if arg.len() > 127 {
        return Err(invalid());
    }
    // Redis copies the argument into a C string: a NUL ends it.
    let arg = arg.split(|&b| b == 0).next().unwrap_or_default();
    if arg == b"-" || arg == b"+" {
        if strict {
            return Err(invalid());
        }
        return Ok((if arg == b"-" { StreamId::MIN } else { StreamId::MAX }, true));
    }
    let (ms, seq) = match arg.iter().position(|&b| b == b'-') {
        Some(dash) => (&arg[..dash], Some(&arg[dash + 1..])),
        None => (arg, None),
    };
    let ms = string2ull(ms).ok_or_else(invalid)?;
    match seq {
        Some(b"*") if star_seq => Ok((StreamId::new(ms, 0), false)),
        Some(seq) => Ok((StreamId::new(ms, string2ull(seq).ok_or_else(invalid)?), true)),
        None => Ok((StreamId::new(ms, missing_seq), true)),
    }
}

fn parse_id(arg: &[u8], missing_seq: u64) -> Result<StreamId, Reply> {
    parse_id_full(arg, missing_seq, false, false).map(|(id, _)| id)
}

fn parse_strict_id(arg: &[u8]) -> Result<StreamId, Reply> {
    parse_id_full(arg, 0, true, false).map(|(id, _)| id)
}

/// A range bound (`streamParseIntervalIDOrReply`): `(id` is exclusive, moved one ID
/// inwards (`start` true: up), with Redis's errors at the ends.
fn parse_interval(arg: &[u8], missing_seq: u64, start: bool) -> Result<StreamId, Reply> {
    if arg.len() > 1 && arg[0] == b'(' {
        let id = parse_id_full(&arg[1..], missing_seq, true, false)?.0;
        let moved = if start { id.incr() } else { id.decr() };
        return moved.ok_or_else(|| {
            Reply::err(if start {
                "ERR invalid start ID for the interval"
            } else {
                "ERR invalid end ID for the interval"
            })
        });
    }
    parse_id(arg, missing_seq)
}

/// `getLongLongFromObjectOrReply` with an optional message of its own.
fn ll_arg(ctx: &Ctx, i: usize, msg: Option<&str>) -> Result<i64, Reply> {
    crate::num::parse_i64(ctx.arg(i)).ok_or_else(|| Reply::err(msg.unwrap_or(NOT_INTEGER)))
}

/// `addReplySubcommandSyntaxError`.
fn subcommand_syntax_error(ctx: &Ctx) -> Reply {
    let sub = ctx.arg(1);
    Reply::err(format!(
        "unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.",
        String::from_utf8_lossy(&sub[..sub.len().min(128)]),
        String::from_utf8_lossy(ctx.arg(0)).to_ascii_uppercase()
    ))
}

/// `addReplyHelp`: the container's lines between Redis's header and HELP's own.
fn help_reply(ctx: &Ctx, lines: &[&str]) -> Reply {
    let name = String::from_utf8_lossy(ctx.arg(0)).to_ascii_uppercase();
    let mut out = vec![Reply::status_line(format!(
        "{name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    ))];
    out.extend(lines.iter().map(|l| Reply::Status(l.to_string().into())));
    out.push(Reply::Status("HELP".into()));
    out.push(Reply::Status("    Prints this help.".into()));
    Reply::Array(out)
}

pub(crate) fn node_limits(ctx: &Ctx) -> NodeLimits {
    NodeLimits {
        max_bytes: ctx.eng.config.stream_node_max_bytes(),
        max_entries: ctx.eng.config.int("stream-node-max-entries"),
    }
}

/// The stream under `key` for reading (hit/miss counted); WRONGTYPE for another kind.
fn read_stream<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c Stream>, Reply> {
    Ok(ctx.read_kind(key, Kind::Stream)?.and_then(|v| match v {
        Value::Stream(s) => Some(&**s),
        _ => None,
    }))
}

/// The stream under `key` for writing; WRONGTYPE for another kind.
fn write_stream<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<Option<&'c mut Stream>, Reply> {
    Ok(ctx.write_kind(key, Kind::Stream)?.and_then(Value::stream_mut))
}

/// The stream under `key` without touching it (after a lookup made the checks).
fn peek_stream<'c>(ctx: &'c Ctx, key: &[u8]) -> Result<&'c Stream, Reply> {
    match ctx.db_ref().keys.get(key).map(|o| &o.value) {
        Some(Value::Stream(s)) => Ok(s),
        _ => Err(crate::exec::no_such_key()),
    }
}

/// The stream under `key` for writing, without touching it.
fn peek_stream_mut<'c>(ctx: &'c mut Ctx, key: &[u8]) -> Result<&'c mut Stream, Reply> {
    ctx.db_mut()
        .keys
        .get_mut(key)
        .and_then(|o| o.value.stream_mut())
        .ok_or_else(crate::exec::no_such_key)
}

fn id_reply(id: StreamId) -> Reply {
    Reply::Bulk(id.to_bytes())
}

/// An entry as Redis sends it: `[id, [field, value, ...]]`.
fn entry_reply(id: StreamId, fields: &Fields) -> Reply {
    let flat = fields
        .iter()
        .flat_map(|(f, v)| [Reply::Bulk(f.clone()), Reply::Bulk(v.clone())])
        .collect();
    Reply::Array(vec![id_reply(id), Reply::Array(flat)])
}

fn word(s: &str) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// XCLAIM as XREADGROUP, XCLAIM and XAUTOCLAIM propagate a delivery
/// (`streamPropagateXCLAIM`).
fn propagate_claim(
    ctx: &mut Ctx,
    key: &[u8],
    group: &[u8],
    id_arg: Vec<u8>,
    nack: &crate::types::stream::Nack,
    last_id: StreamId,
) {
    ctx.propagate(vec![
        word("XCLAIM"),
        key.to_vec(),
        group.to_vec(),
        nack.consumer.clone(),
        word("0"),
        id_arg,
        word("TIME"),
        crate::num::int_bytes(nack.delivery_time),
        word("RETRYCOUNT"),
        crate::num::int_bytes(nack.delivery_count as i64),
        word("FORCE"),
        word("JUSTID"),
        word("LASTID"),
        last_id.to_bytes(),
    ]);
}

/// `streamPropagateGroupID`: XGROUP SETID with the group's last ID and read counter.
fn propagate_group_id(ctx: &mut Ctx, key: &[u8], group: &[u8], last_id: StreamId, entries_read: i64) {
    ctx.propagate(vec![
        word("XGROUP"),
        word("SETID"),
        key.to_vec(),
        group.to_vec(),
        last_id.to_bytes(),
        word("ENTRIESREAD"),
        crate::num::int_bytes(entries_read),
    ]);
}

/// Handlers that answer without a reply of their own use this to say so.
fn ok() -> CmdResult {
    Ok(Reply::ok())
}
