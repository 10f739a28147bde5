//! Connection commands: PING, ECHO, SELECT, HELLO, RESET, QUIT, AUTH, CLIENT.

use crate::client::ReplyMode;
use crate::engine::DB_COUNT;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::reply::NOT_INTEGER;
use crate::table::flags::*;
use crate::table::{cmd, container, CommandSpec};

pub static COMMANDS: &[CommandSpec] = &[
    cmd!(
        "ping",
        -1,
        FAST | SENTINEL,
        "@connection",
        (0, 0, 0),
        "connection",
        "1.0.0",
        ping,
        "Returns the server's liveliness response.",
        "[message]"
    ),
    cmd!(
        "echo",
        2,
        FAST,
        "@connection",
        (0, 0, 0),
        "connection",
        "1.0.0",
        echo,
        "Returns the given string.",
        "message"
    ),
    cmd!(
        "select",
        2,
        LOADING | STALE | FAST,
        "@connection",
        (0, 0, 0),
        "connection",
        "1.0.0",
        select,
        "Changes the selected database.",
        "index"
    ),
    cmd!(
        "quit",
        -1,
        ALLOW_BUSY | NOSCRIPT | LOADING | STALE | FAST | NO_AUTH,
        "@connection",
        (0, 0, 0),
        "connection",
        "1.0.0",
        quit,
        "Closes the connection.",
        ""
    ),
    cmd!(
        "reset",
        1,
        NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY,
        "@connection",
        (0, 0, 0),
        "connection",
        "6.2.0",
        reset,
        "Resets the connection.",
        ""
    ),
    cmd!(
        "hello",
        -1,
        NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY,
        "@connection",
        (0, 0, 0),
        "connection",
        "6.0.0",
        hello,
        "Handshakes with the Redis server.",
        "[protover [AUTH username password] [SETNAME clientname]]"
    ),
    cmd!(
        "auth",
        -2,
        NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY,
        "@connection",
        (0, 0, 0),
        "connection",
        "1.0.0",
        auth,
        "Authenticates the connection.",
        "[username] password"
    ),
    container!(
        "client",
        SENTINEL,
        "",
        "connection",
        "2.4.0",
        "A container for client connection commands.",
        CLIENT
    ),
];

static CLIENT: &[CommandSpec] = &[
    cmd!("id", 2, NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "5.0.0", client_id,
        "Returns the unique client ID of the connection.", ""),
    cmd!("setname", 3, NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "2.6.9", client_setname,
        "Sets the connection name.", "connection-name"),
    cmd!("getname", 2, NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "2.6.9", client_getname,
        "Returns the name of the connection.", ""),
    cmd!("list", -2, ADMIN | NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "2.4.0", client_list,
        "Lists open connections.", "[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]"),
    cmd!("info", 2, NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "6.2.0", client_info,
        "Returns information about the connection.", ""),
    cmd!("kill", -3, ADMIN | NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "2.4.0", client_kill,
        "Terminates open connections.", "ip:port | [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]"),
    cmd!("unblock", -3, ADMIN | NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "5.0.0", client_unblock,
        "Unblocks a client blocked by a blocking command from a different connection.", "client-id [TIMEOUT|ERROR]"),
    cmd!("reply", 3, NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "3.2.0", client_reply,
        "Instructs the server whether to reply to commands.", "ON|OFF|SKIP"),
    cmd!("no-evict", 3, ADMIN | NOSCRIPT | LOADING | STALE, "@connection", (0, 0, 0), "connection", "7.0.0", client_no_evict,
        "Sets the client eviction mode of the connection.", "ON|OFF"),
    cmd!("help", 2, LOADING | STALE, "@connection", (0, 0, 0), "connection", "5.0.0", client_help,
        "Returns helpful text about the different subcommands.", ""),
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
