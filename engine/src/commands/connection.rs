//! Connection commands: PING, ECHO, SELECT, HELLO, RESET, QUIT, AUTH (see `acl`), and
//! the CLIENT container (its subcommands are `client`'s).

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
        summary: "Ping the server",
        syntax: "[message]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "echo", arity: 2, flags: LOADING | STALE | FAST, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: echo,
        summary: "Echo the given string",
        syntax: "message",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "select", arity: 2, flags: LOADING | STALE | FAST, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: select,
        summary: "Change the selected database for the current connection",
        syntax: "index",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "quit", arity: -1, flags: ALLOW_BUSY | NOSCRIPT | LOADING | STALE | FAST | NO_AUTH, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: quit,
        summary: "Close the connection",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reset", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.2.0", handler: reset,
        summary: "Reset the connection",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "hello", arity: -1, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.0.0", handler: hello,
        summary: "Handshake with Redis",
        syntax: "[protover [AUTH username password] [SETNAME clientname]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "auth", arity: -2, flags: NOSCRIPT | LOADING | STALE | FAST | NO_AUTH | SENTINEL | ALLOW_BUSY, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "1.0.0", handler: crate::commands::acl::auth,
        summary: "Authenticate to the server",
        syntax: "[username] password",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "client", arity: -2, flags: SENTINEL, acl: "",
        group: "connection", since: "2.4.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for client connection commands",
        subcommands: crate::commands::client::CLIENT,
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

/// RESET (`clearClientConnectionState`): MONITOR, tracking, database, protocol, user,
/// transaction, subscriptions, name and reply mode back to a new connection's.
fn reset(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.client;
    ctx.eng.monitors.retain(|&m| m != id);
    ctx.eng.disable_tracking(id);
    ctx.eng.unwatch_all(id);
    ctx.eng.pubsub_forget(id);
    let authenticated = ctx.eng.acl.default_needs_no_auth();
    let client = ctx.client_mut();
    client.monitor = false;
    client.db = 0;
    client.resp = 2;
    if client.user.is_some() {
        client.user = Some(b"default".to_vec());
        client.authenticated = authenticated;
    }
    client.multi = None;
    client.name = None;
    client.reply_mode = ReplyMode::On;
    Ok(Reply::status("RESET"))
}

/// HELLO [protover [AUTH username password] [SETNAME name]]: each option takes effect
/// as it is read (a good AUTH stays even if SETNAME then fails), the protocol last.
fn hello(ctx: &mut Ctx) -> CmdResult {
    let mut resp = None;
    let mut next = 1;
    if ctx.argc() >= 2 {
        let ver = crate::num::parse_i64(ctx.arg(1))
            .ok_or_else(|| Reply::err("ERR Protocol version is not an integer or out of range"))?;
        if !(2..=3).contains(&ver) {
            return Err(Reply::err("NOPROTO unsupported protocol version"));
        }
        resp = Some(ver as u8);
        next = 2;
    }
    while next < ctx.argc() {
        let more = ctx.argc() - next - 1;
        if ctx.is(next, "auth") && more >= 2 {
            ctx.redact(next + 1);
            ctx.redact(next + 2);
            let (user, pass, argv0) = (ctx.arg(next + 1), ctx.arg(next + 2), ctx.arg(0));
            if !ctx.eng.authenticate(ctx.client, user, pass, argv0) {
                return Err(Reply::err(
                    "WRONGPASS invalid username-password pair or user is disabled.",
                ));
            }
            next += 3;
        } else if ctx.is(next, "setname") && more >= 1 {
            let candidate = ctx.arg(next + 1);
            validate_client_name(candidate)?;
            ctx.client_mut().name = if candidate.is_empty() {
                None
            } else {
                Some(candidate.to_vec())
            };
            next += 2;
        } else {
            return Err(Reply::err(format!(
                "ERR Syntax error in HELLO option '{}'",
                String::from_utf8_lossy(ctx.arg(next))
            )));
        }
    }
    if !ctx.client_ref().authenticated {
        return Err(Reply::err("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"));
    }
    let client = ctx.client_mut();
    if let Some(resp) = resp {
        client.resp = resp;
    }
    let (id, resp) = (client.id, client.resp);
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

pub(crate) fn validate_client_name(name: &[u8]) -> Result<(), Reply> {
    if name.iter().any(|&b| !(b'!'..=b'~').contains(&b)) {
        return Err(Reply::err(
            "ERR Client names cannot contain spaces, newlines or special characters.",
        ));
    }
    Ok(())
}
