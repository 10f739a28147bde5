//! OBJECT (object.c's `objectCommand`): how a key's value is held, as Redis would
//! hold it (encoding, shared integers) and its access metadata (idle time under an LRU
//! policy, the access frequency under an LFU one).

use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};

#[rustfmt::skip]
pub(super) const OBJECT_COMMAND: CommandSpec = CommandSpec {
    name: "object", arity: -2, flags: 0, acl: "",
    group: "generic", since: "2.2.3", handler: crate::exec::container_without_subcommand,
    summary: "A container for object introspection commands",
    subcommands: OBJECT,
    ..CommandSpec::DEFAULT
};

#[rustfmt::skip]
static OBJECT: &[CommandSpec] = &[
    CommandSpec {
        name: "encoding", arity: 3, flags: READONLY, acl: "@keyspace", keys: KeyPos::range(2, 2, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(2, "RO")],
        group: "generic", since: "2.2.3", handler: object_encoding,
        summary: "Inspect the internal encoding of a Redis object",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "freq", arity: 3, flags: READONLY, acl: "@keyspace", keys: KeyPos::range(2, 2, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(2, "RO")],
        group: "generic", since: "4.0.0", handler: object_freq,
        summary: "Get the logarithmic access frequency counter of a Redis object",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "idletime", arity: 3, flags: READONLY, acl: "@keyspace", keys: KeyPos::range(2, 2, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(2, "RO")],
        group: "generic", since: "2.2.3", handler: object_idletime,
        summary: "Get the time since a Redis object was last accessed",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "refcount", arity: 3, flags: READONLY, acl: "@keyspace", keys: KeyPos::range(2, 2, 1),
        tips: "nondeterministic_output",
        key_specs: &[KeySpec::at(2, "RO")],
        group: "generic", since: "2.2.3", handler: object_refcount,
        summary: "Get the number of references to the value of the key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@keyspace", keys: NO_KEYS,
        group: "generic", since: "6.2.0", handler: object_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

fn object_lookup(ctx: &mut Ctx) -> Option<crate::object::Object> {
    // `lookupKeyReadWithFlags(LOOKUP_NOTOUCH|LOOKUP_NONOTIFY)`: expires, never touches.
    let key = ctx.arg(2);
    ctx.exists(key);
    ctx.db_ref().keys.get(key).cloned()
}

fn object_encoding(ctx: &mut Ctx) -> CmdResult {
    Ok(object_lookup(ctx).map_or(Reply::Null, |o| Reply::bulk(o.value.encoding())))
}

fn object_freq(ctx: &mut Ctx) -> CmdResult {
    let Some(obj) = object_lookup(ctx) else {
        return Ok(Reply::Null);
    };
    if !ctx.eng.config.lfu_policy() {
        return Err(Reply::err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."));
    }
    let decay = ctx.eng.config.int("lfu-decay-time");
    Ok(Reply::Int(i64::from(obj.lfu_counter(ctx.now, decay))))
}

fn object_idletime(ctx: &mut Ctx) -> CmdResult {
    let Some(obj) = object_lookup(ctx) else {
        return Ok(Reply::Null);
    };
    if ctx.eng.config.lfu_policy() {
        return Err(Reply::err("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."));
    }
    Ok(Reply::Int(obj.idle_ms(ctx.now) / 1000))
}

fn object_refcount(ctx: &mut Ctx) -> CmdResult {
    let Some(obj) = object_lookup(ctx) else {
        return Ok(Reply::Null);
    };
    // Small integers are shared objects in Redis, reported with INT_MAX references.
    let shared = matches!(&obj.value, crate::value::Value::String(s) if s.is_shared_integer());
    Ok(Reply::Int(if shared { i32::MAX as i64 } else { 1 }))
}

fn object_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_lines(
        "OBJECT",
        &[
            "ENCODING <key>",
            "    Return the kind of internal representation used in order to store the value",
            "    associated with a <key>.",
            "FREQ <key>",
            "    Return the access frequency index of the <key>. The returned integer is",
            "    proportional to the logarithm of the recent access frequency of the key.",
            "IDLETIME <key>",
            "    Return the idle time of the <key>, that is the approximated number of",
            "    seconds elapsed since the last access to the key.",
            "REFCOUNT <key>",
            "    Return the number of references of the value associated with the specified",
            "    <key>.",
        ],
    ))
}
