//! Connection commands: PING, ECHO, SELECT, HELLO, RESET, QUIT, AUTH, CLIENT.

use crate::client::ReplyMode;
use crate::engine::DB_COUNT;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::reply::NOT_INTEGER;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "ping", arity: -1, flags: FAST | SENTINEL, acl: "@connection", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "connection", since: "1.0.0", handler: ping,
        summary: "Returns the server's liveliness response.",
        syntax: "[message]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "echo", arity: 2, flags: FAST, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: echo,
        summary: "Returns the given string.",
        syntax: "message",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "select", arity: 2, flags: LOADING | STALE | FAST, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: select,
        summary: "Changes the selected database.",
        syntax: "index",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "quit", arity: -1, flags: ALLOW_BUSY | NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: quit,
        summary: "Closes the connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reset", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.2.0", handler: reset,
        summary: "Resets the connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hello", arity: -1, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.0.0", handler: hello,
        summary: "Handshakes with the Redis server.",
        syntax: "[protover [AUTH username password] [SETNAME clientname]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "auth", arity: -2, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: auth,
        summary: "Authenticates the connection.",
        syntax: "[username] password",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "client", arity: -2, flags: SENTINEL, acl: "",
        group: "connection", since: "2.4.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for client connection commands.",
        subcommands: CLIENT,
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static CLIENT: &[CommandSpec] = &[
    CommandSpec {
        name: "id", arity: 2, flags: NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_id,
        summary: "Returns the unique client ID of the connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setname", arity: 3, flags: NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.6.9", handler: client_setname,
        summary: "Sets the connection name.",
        syntax: "connection-name",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getname", arity: 2, flags: NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.6.9", handler: client_getname,
        summary: "Returns the name of the connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: -2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "connection", since: "2.4.0", handler: client_list,
        summary: "Lists open connections.",
        syntax: "[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "info", arity: 2, flags: NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "connection", since: "6.2.0", handler: client_info,
        summary: "Returns information about the connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "kill", arity: -3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.4.0", handler: client_kill,
        summary: "Terminates open connections.",
        syntax: "ip:port | [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unblock", arity: -3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_unblock,
        summary: "Unblocks a client blocked by a blocking command from a different connection.",
        syntax: "client-id [TIMEOUT|ERROR]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reply", arity: 3, flags: NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "3.2.0", handler: client_reply,
        summary: "Instructs the server whether to reply to commands.",
        syntax: "ON|OFF|SKIP",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "no-evict", arity: 3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "7.0.0", handler: client_no_evict,
        summary: "Sets the client eviction mode of the connection.",
        syntax: "ON|OFF",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_help,
        summary: "Returns helpful text about the different subcommands.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

fn ping(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 2 {
        return Err(ctx.arity_error());
    }
    if ctx.client_ref().in_pubsub_context() {
        let payload = if ctx.argc() == 2 {
            ctx.arg(1).to_vec()
        } else {
            Vec::new()
        };
        return Ok(Reply::Array(vec![Reply::bulk("pong"), Reply::Bulk(payload)]));
    }
    Ok(if ctx.argc() == 2 {
        Reply::bulk(ctx.arg(1))
    } else {
        Reply::status("PONG")
    })
}

fn echo(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::bulk(ctx.arg(1)))
}

fn select(ctx: &mut Ctx) -> CmdResult {
    let index = ctx.int_arg(1)?;
    if index < i32::MIN as i64 || index > i32::MAX as i64 {
        return Err(Reply::err(NOT_INTEGER));
    }
    if index < 0 || index >= DB_COUNT as i64 {
        return Err(Reply::err("ERR DB index is out of range"));
    }
    ctx.client_mut().db = index as usize;
    Ok(Reply::ok())
}

fn quit(ctx: &mut Ctx) -> CmdResult {
    ctx.client_mut().closing = true;
    Ok(Reply::ok())
}

/// RESET: back to a fresh connection's state (keeps the id and the name? no: the name stays).
fn reset(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.client;
    ctx.eng.unwatch_all(id);
    ctx.eng.pubsub_forget(id);
    ctx.eng.monitors.retain(|&m| m != id);
    let client = ctx.client_mut();
    client.multi = None;
    client.db = 0;
    client.resp = 2;
    client.reply_mode = ReplyMode::On;
    client.monitor = false;
    client.name = None;
    Ok(Reply::status("RESET"))
}

fn auth(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(Reply::syntax_error());
    }
    if ctx.argc() == 2 {
        return Err(Reply::err(
            "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
        ));
    }
    Err(Reply::err(
        "WRONGPASS invalid username-password pair or user is disabled.",
    ))
}

fn hello(ctx: &mut Ctx) -> CmdResult {
    let mut resp = ctx.resp();
    let mut next = 1;
    if ctx.argc() >= 2 {
        let ver = crate::num::parse_i64(ctx.arg(1))
            .ok_or_else(|| Reply::err("ERR Protocol version is not an integer or out of range"))?;
        if !(2..=3).contains(&ver) {
            return Err(Reply::err("NOPROTO unsupported protocol version"));
        }
        resp = ver as u8;
        next = 2;
    }
    let mut name = None;
    while next < ctx.argc() {
        let more = ctx.argc() - next - 1;
        if ctx.is(next, "auth") && more >= 2 {
            return Err(Reply::err(
                "WRONGPASS invalid username-password pair or user is disabled.",
            ));
        } else if ctx.is(next, "setname") && more >= 1 {
            let candidate = ctx.arg(next + 1);
            validate_client_name(candidate)?;
            name = Some(candidate.to_vec());
            next += 2;
        } else {
            return Err(Reply::err(&format!(
                "ERR Syntax error in HELLO option '{}'",
                String::from_utf8_lossy(ctx.arg(next))
            )));
        }
    }
    let client = ctx.client_mut();
    client.resp = resp;
    if let Some(n) = name {
        client.name = if n.is_empty() { None } else { Some(n) };
    }
    let id = client.id;
    Ok(Reply::Map(vec![
        (Reply::bulk("server"), Reply::bulk("redis")),
        (Reply::bulk("version"), Reply::bulk(crate::REDIS_VERSION)),
        (Reply::bulk("proto"), Reply::Int(resp as i64)),
        (Reply::bulk("id"), Reply::Int(id as i64)),
        (Reply::bulk("mode"), Reply::bulk("standalone")),
        (Reply::bulk("role"), Reply::bulk("master")),
        (Reply::bulk("modules"), Reply::Array(vec![])),
    ]))
}

fn validate_client_name(name: &[u8]) -> Result<(), Reply> {
    if name.iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
        return Err(Reply::err(
            "ERR Client names cannot contain spaces, newlines or special characters.",
        ));
    }
    Ok(())
}

fn client_id(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.client as i64))
}

fn client_setname(ctx: &mut Ctx) -> CmdResult {
    let name = ctx.arg(2);
    validate_client_name(name)?;
    ctx.client_mut().name = if name.is_empty() { None } else { Some(name.to_vec()) };
    Ok(Reply::ok())
}

fn client_getname(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::optional_bulk(ctx.client_ref().name.clone()))
}

/// One CLIENT LIST line, with the fields of Redis 7.0 in its order.
fn describe(ctx: &Ctx, id: u64) -> String {
    let c = &ctx.eng.clients[&id];
    let age = (ctx.now - c.created_ms).max(0) / 1000;
    let idle = (ctx.now - c.last_ms).max(0) / 1000;
    let multi = c.multi.as_ref().map_or(-1, |m| m.queue.len() as i64);
    format!(
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} ssub=0 multi={} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1024 events=r cmd={} user=default redir=-1 resp={}",
        c.id,
        c.addr,
        c.laddr,
        7 + c.id,
        String::from_utf8_lossy(c.name.as_deref().unwrap_or_default()),
        age,
        idle,
        c.flags(),
        c.db,
        c.channels.len(),
        c.patterns.len(),
        multi,
        c.last_cmd,
        c.resp
    )
}

fn client_list(ctx: &mut Ctx) -> CmdResult {
    let mut ids: Option<Vec<u64>> = None;
    let mut kind: Option<String> = None;
    let mut i = 2;
    while i < ctx.argc() {
        if ctx.is(i, "type") && i + 1 < ctx.argc() {
            let t = String::from_utf8_lossy(ctx.arg(i + 1)).to_ascii_lowercase();
            if !matches!(t.as_str(), "normal" | "master" | "replica" | "slave" | "pubsub") {
                return Err(Reply::err(&format!(
                    "ERR Unknown client type '{}'",
                    String::from_utf8_lossy(ctx.arg(i + 1))
                )));
            }
            kind = Some(t);
            i += 2;
        } else if ctx.is(i, "id") && i + 1 < ctx.argc() {
            let mut list = Vec::new();
            i += 1;
            while i < ctx.argc() {
                let id = crate::num::parse_i64(ctx.arg(i))
                    .filter(|&n| n > 0)
                    .ok_or_else(|| Reply::err("ERR Invalid client ID"))?;
                list.push(id as u64);
                i += 1;
            }
            ids = Some(list);
        } else {
            return Err(Reply::syntax_error());
        }
    }
    let mut out = String::new();
    let candidates: Vec<u64> = ctx.eng.clients.values().filter(|c| !c.internal).map(|c| c.id).collect();
    for id in candidates {
        if let Some(list) = &ids {
            if !list.contains(&id) {
                continue;
            }
        }
        let c = &ctx.eng.clients[&id];
        if let Some(k) = &kind {
            let is_pubsub = c.subscriptions() > 0;
            let matches = match k.as_str() {
                "pubsub" => is_pubsub,
                "normal" => !is_pubsub,
                _ => false,
            };
            if !matches {
                continue;
            }
        }
        out.push_str(&describe(ctx, id));
        out.push('\n');
    }
    Ok(Reply::Verbatim("txt", out.into_bytes()))
}

fn client_info(ctx: &mut Ctx) -> CmdResult {
    let mut line = describe(ctx, ctx.client);
    line.push('\n');
    Ok(Reply::Verbatim("txt", line.into_bytes()))
}

fn client_kill(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() == 3 {
        // Old form: CLIENT KILL ip:port.
        let addr = String::from_utf8_lossy(ctx.arg(2)).to_string();
        let target = ctx
            .eng
            .clients
            .values()
            .find(|c| c.addr == addr && !c.internal)
            .map(|c| c.id);
        return match target {
            Some(id) => {
                kill(ctx, id);
                Ok(Reply::ok())
            }
            None => Err(Reply::err("ERR No such client")),
        };
    }
    let mut id_filter = None;
    let mut addr_filter = None;
    let mut laddr_filter = None;
    let mut type_filter = None;
    let mut skipme = true;
    let mut i = 2;
    while i < ctx.argc() {
        if i + 1 >= ctx.argc() {
            return Err(Reply::syntax_error());
        }
        let value = ctx.arg(i + 1);
        if ctx.is(i, "id") {
            id_filter = Some(
                crate::num::parse_i64(value)
                    .filter(|&n| n > 0)
                    .ok_or_else(|| Reply::err("ERR client-id should be greater than 0"))? as u64,
            );
        } else if ctx.is(i, "addr") {
            addr_filter = Some(String::from_utf8_lossy(value).to_string());
        } else if ctx.is(i, "laddr") {
            laddr_filter = Some(String::from_utf8_lossy(value).to_string());
        } else if ctx.is(i, "type") {
            let t = String::from_utf8_lossy(value).to_ascii_lowercase();
            if !matches!(t.as_str(), "normal" | "master" | "replica" | "slave" | "pubsub") {
                return Err(Reply::err(&format!(
                    "ERR Unknown client type '{}'",
                    String::from_utf8_lossy(value)
                )));
            }
            type_filter = Some(t);
        } else if ctx.is(i, "user") {
            if value != b"default" {
                return Err(Reply::err(&format!(
                    "ERR No such user '{}'",
                    String::from_utf8_lossy(value)
                )));
            }
        } else if ctx.is(i, "skipme") {
            skipme = match value.to_ascii_lowercase().as_slice() {
                b"yes" => true,
                b"no" => false,
                _ => return Err(Reply::syntax_error()),
            };
        } else {
            return Err(Reply::syntax_error());
        }
        i += 2;
    }
    let victims: Vec<u64> = ctx
        .eng
        .clients
        .values()
        .filter(|c| !c.internal)
        .filter(|c| id_filter.is_none_or(|id| c.id == id))
        .filter(|c| addr_filter.as_ref().is_none_or(|a| &c.addr == a))
        .filter(|c| laddr_filter.as_ref().is_none_or(|a| &c.laddr == a))
        .filter(|c| match type_filter.as_deref() {
            Some("pubsub") => c.subscriptions() > 0,
            Some("normal") => c.subscriptions() == 0,
            Some(_) => false,
            None => true,
        })
        .filter(|c| !(skipme && c.id == ctx.client))
        .map(|c| c.id)
        .collect();
    for &id in &victims {
        kill(ctx, id);
    }
    Ok(Reply::Int(victims.len() as i64))
}

/// Marks a client for closing; the host closes it after flushing its outbox.
fn kill(ctx: &mut Ctx, id: u64) {
    ctx.eng.unblock_client(id);
    if let Some(c) = ctx.eng.clients.get_mut(&id) {
        c.closing = true;
    }
    if !ctx.eng.with_output.contains(&id) {
        ctx.eng.with_output.push(id);
    }
}

fn client_unblock(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.int_arg(2)?;
    let error = if ctx.argc() == 4 {
        if ctx.is(3, "timeout") {
            false
        } else if ctx.is(3, "error") {
            true
        } else {
            return Err(Reply::err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
        }
    } else if ctx.argc() > 4 {
        return Err(Reply::syntax_error());
    } else {
        false
    };
    Ok(Reply::Int(ctx.eng.unblock_with(id as u64, error) as i64))
}

fn client_reply(ctx: &mut Ctx) -> CmdResult {
    let mode = if ctx.is(2, "on") {
        ReplyMode::On
    } else if ctx.is(2, "off") {
        ReplyMode::Off
    } else if ctx.is(2, "skip") {
        ReplyMode::SkipNext
    } else {
        return Err(Reply::syntax_error());
    };
    ctx.client_mut().reply_mode = mode;
    // Only ON answers (with OK); OFF and SKIP are silent from this command on.
    Ok(Reply::ok())
}

fn client_no_evict(ctx: &mut Ctx) -> CmdResult {
    if ctx.is(2, "on") || ctx.is(2, "off") {
        Ok(Reply::ok())
    } else {
        Err(Reply::syntax_error())
    }
}

fn client_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_for("client", CLIENT))
}
