//! CLIENT's subcommands (Redis's networking.c `clientCommand`): identity and listing
//! here, `pause` (PAUSE, UNPAUSE and the postponed clients), `tracking` (client-side
//! caching: TRACKING, CACHING, GETREDIR, TRACKINGINFO and the invalidations).

pub mod pause;
pub mod tracking;

use crate::client::{ClientId, ReplyMode};
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

const FLAGS: u32 = NOSCRIPT | LOADING | STALE | SENTINEL;
const ADMIN_FLAGS: u32 = ADMIN | NOSCRIPT | LOADING | STALE | SENTINEL;

#[rustfmt::skip]
pub static CLIENT: &[CommandSpec] = &[
    CommandSpec {
        name: "caching", arity: 3, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.0.0", handler: tracking::client_caching,
        summary: "Instruct the server about tracking or not keys in the next request",
        syntax: "YES|NO",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getname", arity: 2, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.6.9", handler: client_getname,
        summary: "Get the current connection name",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getredir", arity: 2, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.0.0", handler: tracking::client_getredir,
        summary: "Get tracking notifications redirection client ID if any",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "id", arity: 2, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_id,
        summary: "Returns the client ID for the current connection",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "info", arity: 2, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "connection", since: "6.2.0", handler: client_info,
        summary: "Returns information about the current client connection.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "kill", arity: -3, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.4.0", handler: client_kill,
        summary: "Kill the connection of a client",
        syntax: "ip:port | [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: -2, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "connection", since: "2.4.0", handler: client_list,
        summary: "Get the list of client connections",
        syntax: "[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "no-evict", arity: 3, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "7.0.0", handler: client_no_evict,
        summary: "Set client eviction mode for the current connection",
        syntax: "ON|OFF",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pause", arity: -3, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.9.50", handler: pause::client_pause,
        summary: "Stop processing commands from clients for some time",
        syntax: "timeout [WRITE|ALL]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reply", arity: 3, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "3.2.0", handler: client_reply,
        summary: "Instruct the server whether to reply to commands",
        syntax: "ON|OFF|SKIP",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setname", arity: 3, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "2.6.9", handler: client_setname,
        summary: "Set the current connection name",
        syntax: "connection-name",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "tracking", arity: -3, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.0.0", handler: tracking::client_tracking,
        summary: "Enable or disable server assisted client side caching support",
        syntax: "ON|OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "trackinginfo", arity: 2, flags: FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.2.0", handler: tracking::client_trackinginfo,
        summary: "Return information about server assisted client side caching for the current connection",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unblock", arity: -3, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "5.0.0", handler: client_unblock,
        summary: "Unblock a client blocked in a blocking command from a different connection",
        syntax: "client-id [TIMEOUT|ERROR]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "unpause", arity: 2, flags: ADMIN_FLAGS, acl: "@connection", keys: NO_KEYS,
        group: "connection", since: "6.2.0", handler: pause::client_unpause,
        summary: "Resume processing of clients that were paused",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

/// `addReplySubcommandSyntaxError`.
pub(crate) fn subcommand_syntax_error(ctx: &Ctx) -> Reply {
    let sub = ctx.arg(1);
    Reply::Error(format!(
        "ERR unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.",
        String::from_utf8_lossy(&sub[..sub.len().min(128)]),
        String::from_utf8_lossy(ctx.arg(0)).to_ascii_uppercase()
    ))
}

/// One CLIENT LIST line (`catClientInfoString`), with Redis 7.0's fields in its order.
pub(crate) fn info_line(eng: &Engine, id: ClientId) -> String {
    let Some(c) = eng.clients.get(&id) else {
        return String::new();
    };
    let now = eng.now;
    let age = (now - c.created_ms).max(0) / 1000;
    let idle = (now - c.last_ms).max(0) / 1000;
    let multi = c.multi.as_ref().map_or(-1, |m| m.queue.len() as i64);
    let user = c.user.as_ref().map_or_else(
        || "(superuser)".to_string(),
        |u| String::from_utf8_lossy(u).into_owned(),
    );
    let redir = if c.tracking.on { c.tracking.redirect as i64 } else { -1 };
    format!(
        "id={} addr={} laddr={} fd={} name={} age={} idle={} flags={} db={} sub={} psub={} ssub={} multi={} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=0 omem=0 tot-mem=1024 events=r cmd={} user={} redir={} resp={}",
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
        c.shard_channels.len(),
        multi,
        c.last_cmd,
        user,
        redir,
        c.resp
    )
}

/// Redis's client types (`getClientTypeByName`); the engine has no masters or replicas.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClientType {
    Normal,
    Replica,
    PubSub,
    Master,
}

fn client_type(name: &[u8]) -> Option<ClientType> {
    let is = |w: &str| name.eq_ignore_ascii_case(w.as_bytes());
    if is("normal") {
        Some(ClientType::Normal)
    } else if is("slave") || is("replica") {
        Some(ClientType::Replica)
    } else if is("pubsub") {
        Some(ClientType::PubSub)
    } else if is("master") {
        Some(ClientType::Master)
    } else {
        None
    }
}

fn type_of(c: &crate::client::Client) -> ClientType {
    if c.in_pubsub_mode() {
        ClientType::PubSub
    } else {
        ClientType::Normal
    }
}

fn unknown_type(name: &[u8]) -> Reply {
    Reply::Error(format!("ERR Unknown client type '{}'", String::from_utf8_lossy(name)))
}

fn client_id(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.client as i64))
}

fn client_setname(ctx: &mut Ctx) -> CmdResult {
    let name = ctx.arg(2);
    super::connection::validate_client_name(name)?;
    ctx.client_mut().name = if name.is_empty() { None } else { Some(name.to_vec()) };
    Ok(Reply::ok())
}

fn client_getname(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::optional_bulk(ctx.client_ref().name.clone()))
}

fn client_list(ctx: &mut Ctx) -> CmdResult {
    let mut kind = None;
    let mut ids: Option<Vec<i64>> = None;
    if ctx.argc() == 4 && ctx.is(2, "type") {
        kind = Some(client_type(ctx.arg(3)).ok_or_else(|| unknown_type(ctx.arg(3)))?);
    } else if ctx.argc() > 3 && ctx.is(2, "id") {
        let mut list = Vec::new();
        for i in 3..ctx.argc() {
            list.push(crate::num::parse_i64(ctx.arg(i)).ok_or_else(|| Reply::err("ERR Invalid client ID"))?);
        }
        ids = Some(list);
    } else if ctx.argc() != 2 {
        return Err(Reply::syntax_error());
    }
    let mut out = String::new();
    let visible = |c: &&crate::client::Client| !c.internal && !c.killed;
    match ids {
        Some(list) => {
            for id in list {
                if let Some(c) = u64::try_from(id)
                    .ok()
                    .and_then(|id| ctx.eng.clients.get(&id))
                    .filter(visible)
                {
                    out.push_str(&info_line(ctx.eng, c.id));
                    out.push('\n');
                }
            }
        }
        None => {
            let chosen: Vec<ClientId> = ctx
                .eng
                .clients
                .values()
                .filter(visible)
                .filter(|c| kind.is_none_or(|k| type_of(c) == k))
                .map(|c| c.id)
                .collect();
            for id in chosen {
                out.push_str(&info_line(ctx.eng, id));
                out.push('\n');
            }
        }
    }
    Ok(Reply::Verbatim("txt", out.into_bytes()))
}

fn client_info(ctx: &mut Ctx) -> CmdResult {
    let mut line = info_line(ctx.eng, ctx.client);
    line.push('\n');
    Ok(Reply::Verbatim("txt", line.into_bytes()))
}

/// CLIENT KILL addr, or CLIENT KILL with filters (ID, TYPE, USER, ADDR, LADDR, SKIPME):
/// the old form answers OK or "No such client" and may kill the caller; the new one
/// counts, skipping the caller unless SKIPME no.
fn client_kill(ctx: &mut Ctx) -> CmdResult {
    let mut addr = None;
    let mut laddr = None;
    let mut user: Option<Vec<u8>> = None;
    let mut kind = None;
    let mut id_filter = 0u64;
    let mut skipme = true;
    if ctx.argc() == 3 {
        addr = Some(ctx.arg(2).to_vec());
        skipme = false;
    } else {
        let mut i = 2;
        while i < ctx.argc() {
            let more = ctx.argc() > i + 1;
            if !more {
                return Err(Reply::syntax_error());
            }
            let value = ctx.arg(i + 1);
            if ctx.is(i, "id") {
                id_filter = crate::num::parse_i64(value)
                    .filter(|&n| n >= 1)
                    .ok_or_else(|| Reply::err("ERR client-id should be greater than 0"))?
                    as u64;
            } else if ctx.is(i, "type") {
                kind = Some(client_type(value).ok_or_else(|| unknown_type(value))?);
            } else if ctx.is(i, "addr") {
                addr = Some(value.to_vec());
            } else if ctx.is(i, "laddr") {
                laddr = Some(value.to_vec());
            } else if ctx.is(i, "user") {
                if !ctx.eng.acl.users.contains_key(value) {
                    return Err(Reply::Error(format!(
                        "ERR No such user '{}'",
                        String::from_utf8_lossy(value)
                    )));
                }
                user = Some(value.to_vec());
            } else if ctx.is(i, "skipme") {
                skipme = if value.eq_ignore_ascii_case(b"yes") {
                    true
                } else if value.eq_ignore_ascii_case(b"no") {
                    false
                } else {
                    return Err(Reply::syntax_error());
                };
            } else {
                return Err(Reply::syntax_error());
            }
            i += 2;
        }
    }
    let me = ctx.client;
    let victims: Vec<ClientId> = ctx
        .eng
        .clients
        .values()
        .filter(|c| !c.internal && !c.killed)
        .filter(|c| addr.as_ref().is_none_or(|a| c.addr.as_bytes() == a.as_slice()))
        .filter(|c| laddr.as_ref().is_none_or(|a| c.laddr.as_bytes() == a.as_slice()))
        .filter(|c| kind.is_none_or(|k| type_of(c) == k))
        .filter(|c| id_filter == 0 || c.id == id_filter)
        .filter(|c| user.as_ref().is_none_or(|u| c.user.as_ref() == Some(u)))
        .filter(|c| !(skipme && c.id == me))
        .map(|c| c.id)
        .collect();
    for &id in &victims {
        if id == me {
            // Closed once its reply is written (CLIENT_CLOSE_AFTER_REPLY).
            ctx.client_mut().closing = true;
        } else {
            ctx.eng.close_client(id);
        }
    }
    if ctx.argc() == 3 {
        return if victims.is_empty() {
            Err(Reply::err("ERR No such client"))
        } else {
            Ok(Reply::ok())
        };
    }
    Ok(Reply::Int(victims.len() as i64))
}

fn client_unblock(ctx: &mut Ctx) -> CmdResult {
    let error = if ctx.argc() == 4 {
        if ctx.is(3, "timeout") {
            false
        } else if ctx.is(3, "error") {
            true
        } else {
            return Err(Reply::err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"));
        }
    } else if ctx.argc() > 4 {
        return Err(subcommand_syntax_error(ctx));
    } else {
        false
    };
    let id = ctx.int_arg(2)?;
    Ok(Reply::Int(ctx.eng.unblock_with(id as u64, error) as i64))
}

fn client_reply(ctx: &mut Ctx) -> CmdResult {
    if ctx.is(2, "on") {
        ctx.client_mut().reply_mode = ReplyMode::On;
    } else if ctx.is(2, "off") {
        ctx.client_mut().reply_mode = ReplyMode::Off;
    } else if ctx.is(2, "skip") {
        if ctx.client_ref().reply_mode != ReplyMode::Off {
            ctx.client_mut().reply_mode = ReplyMode::SkipNext;
        }
    } else {
        return Err(Reply::syntax_error());
    }
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

fn client_help(ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::help_reply(
        ctx.arg(0),
        &[
            "CACHING (YES|NO)",
            "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
            "GETREDIR",
            "    Return the client ID we are redirecting to when tracking is enabled.",
            "GETNAME",
            "    Return the name of the current connection.",
            "ID",
            "    Return the ID of the current connection.",
            "INFO",
            "    Return information about the current client connection.",
            "KILL <ip:port>",
            "    Kill connection made from <ip:port>.",
            "KILL <option> <value> [<option> <value> [...]]",
            "    Kill connections. Options are:",
            "    * ADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made from the specified address",
            "    * LADDR (<ip:port>|<unixsocket>:0)",
            "      Kill connections made to specified local address",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Kill connections by type.",
            "    * USER <username>",
            "      Kill connections authenticated by <username>.",
            "    * SKIPME (YES|NO)",
            "      Skip killing current connection (default: yes).",
            "LIST [options ...]",
            "    Return information about client connections. Options:",
            "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
            "      Return clients of specified type.",
            "UNPAUSE",
            "    Stop the current client pause, resuming traffic.",
            "PAUSE <timeout> [WRITE|ALL]",
            "    Suspend all, or just write, clients for <timeout> milliseconds.",
            "REPLY (ON|OFF|SKIP)",
            "    Control the replies sent to the current connection.",
            "SETNAME <name>",
            "    Assign the name <name> to the current connection.",
            "UNBLOCK <clientid> [TIMEOUT|ERROR]",
            "    Unblock the specified blocked client.",
            "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
            "         [OPTIN] [OPTOUT] [NOLOOP]",
            "    Control server assisted client side caching.",
            "TRACKINGINFO",
            "    Report tracking status for the current connection.",
            "NO-EVICT (ON|OFF)",
            "    Protect current client connection from eviction.",
        ],
    ))
}
