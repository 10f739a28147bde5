//! Server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, INFO, TIME, CONFIG, COMMAND,
//! MONITOR, DEBUG, FUNCTION (SAVE, BGSAVE, LASTSAVE and SHUTDOWN are in `persist`).

use crate::engine::DB_COUNT;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{self, CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "dbsize", arity: 1, flags: READONLY | FAST, acl: "@keyspace", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:agg_sum",
        group: "server", since: "1.0.0", handler: dbsize,
        summary: "Return the number of keys in the selected database",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "flushdb", arity: -1, flags: WRITE, acl: "@keyspace @dangerous", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "server", since: "1.0.0", handler: flushdb,
        summary: "Remove all keys from the current database",
        syntax: "[ASYNC|SYNC]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "flushall", arity: -1, flags: WRITE, acl: "@keyspace @dangerous", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "server", since: "1.0.0", handler: flushall,
        summary: "Remove all keys from all databases",
        syntax: "[ASYNC|SYNC]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "swapdb", arity: 3, flags: WRITE | FAST, acl: "@keyspace @dangerous", keys: NO_KEYS,
        group: "server", since: "4.0.0", handler: swapdb,
        summary: "Swaps two Redis databases",
        syntax: "index1 index2",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "info", arity: -1, flags: LOADING | STALE | SENTINEL, acl: "@dangerous", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_shards response_policy:special",
        group: "server", since: "1.0.0", handler: info,
        summary: "Get information and statistics about the server",
        syntax: "[section [section ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "time", arity: 1, flags: LOADING | STALE | FAST, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "server", since: "2.6.0", handler: time,
        summary: "Return the current server time",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bgrewriteaof", arity: 1, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT, acl: "@admin @slow @dangerous", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: bgrewriteaof,
        summary: "Asynchronously rewrite the append-only file",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "monitor", arity: 1, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: monitor,
        summary: "Listen for all requests received by the server in real time",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "debug", arity: -2, flags: ADMIN | NOSCRIPT | LOADING | STALE | PROTECTED, acl: "", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: debug,
        summary: "A container for debugging commands",
        syntax: "subcommand [argument]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "config", arity: -2, flags: 0, acl: "",
        group: "server", since: "2.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for server configuration commands",
        subcommands: CONFIG,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "command", arity: -1, flags: LOADING | STALE | SENTINEL, acl: "@connection",
        tips: "nondeterministic_output_order",
        group: "server", since: "2.8.13", handler: command_all,
        summary: "Get array of Redis command details",
        subcommands: COMMAND,
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static CONFIG: &[CommandSpec] = &[
    CommandSpec {
        name: "get", arity: -3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "2.0.0", handler: config_get,
        summary: "Get the values of configuration parameters",
        syntax: "parameter [parameter ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "set", arity: -4, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:all_succeeded",
        group: "server", since: "2.0.0", handler: config_set,
        summary: "Set configuration parameters to the given values",
        syntax: "parameter value [parameter value ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "resetstat", arity: 2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "2.0.0", handler: config_resetstat,
        summary: "Reset the stats returned by INFO",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "rewrite", arity: 2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "2.8.0", handler: config_rewrite,
        summary: "Rewrite the configuration file with the in memory configuration",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "5.0.0", handler: config_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static COMMAND: &[CommandSpec] = &[
    CommandSpec {
        name: "count", arity: 2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        group: "server", since: "2.8.13", handler: command_count,
        summary: "Get total number of Redis commands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: -2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output_order",
        group: "server", since: "7.0.0", handler: command_list,
        summary: "Get an array of Redis command names",
        syntax: "[FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "info", arity: -2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output_order",
        group: "server", since: "2.8.13", handler: command_info,
        summary: "Get array of specific Redis command details, or all when no argument is given.",
        syntax: "[command-name [command-name ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "docs", arity: -2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        tips: "nondeterministic_output_order",
        group: "server", since: "7.0.0", handler: command_docs,
        summary: "Get array of specific Redis command documentation",
        syntax: "[command-name [command-name ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getkeysandflags", arity: -4, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        group: "server", since: "7.0.0", handler: command_getkeysandflags,
        summary: "Extract keys and access flags given a full Redis command",
        syntax: "command [arg [arg ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getkeys", arity: -4, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        group: "server", since: "2.8.13", handler: command_getkeys,
        summary: "Extract keys given a full Redis command",
        syntax: "command [arg [arg ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE | SENTINEL, acl: "@connection", keys: NO_KEYS,
        group: "server", since: "5.0.0", handler: command_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

/// The HELP reply of a container command, written from its table entries.
pub fn help_for(name: &str, subs: &[CommandSpec]) -> Reply {
    let upper = name.to_ascii_uppercase();
    let mut lines = vec![format!(
        "{upper} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    )];
    for sub in subs.iter().filter(|s| s.name != "help") {
        let usage = if sub.syntax.is_empty() {
            sub.name.to_ascii_uppercase()
        } else {
            format!("{} {}", sub.name.to_ascii_uppercase(), sub.syntax)
        };
        lines.push(usage);
        lines.push(format!("    {}", sub.summary));
    }
    lines.push("HELP".into());
    lines.push("    Prints this help.".into());
    Reply::Array(lines.into_iter().map(|l| Reply::Status(l.into())).collect())
}

/// Redis's `addReplyHelp`: the usage line, the given lines, then HELP.
pub fn help_lines(name: &str, lines: &[&str]) -> Reply {
    let mut out = vec![Reply::status_line(format!(
        "{name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
    ))];
    out.extend(lines.iter().map(|l| Reply::Status(l.to_string().into())));
    out.push(Reply::status("HELP"));
    out.push(Reply::status("    Prints this help."));
    Reply::Array(out)
}

/// The optional ASYNC|SYNC argument at `at` (the last one).
fn parse_flush_mode(ctx: &Ctx, at: usize) -> Result<(), Reply> {
    match ctx.argc() - at {
        0 => Ok(()),
        1 if ctx.is(at, "async") || ctx.is(at, "sync") => Ok(()),
        _ => Err(Reply::syntax_error()),
    }
}

fn dbsize(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.db_ref().len() as i64))
}

/// Empties one database as FLUSHDB does: watchers of existing keys are dirtied.
pub(crate) fn empty_db(ctx: &mut Ctx, db: usize) -> usize {
    ctx.eng.touch_all_watched_in_db(db, None);
    let removed = ctx.eng.dbs[db].len();
    let keys: Vec<Vec<u8>> = if ctx.eng.events.is_some() {
        ctx.eng.dbs[db].keys.keys().map(<[u8]>::to_vec).collect()
    } else {
        Vec::new()
    };
    ctx.eng.dbs[db].clear();
    for key in keys {
        ctx.eng.record_event(db, &key, "flush");
    }
    removed
}

fn flushdb(ctx: &mut Ctx) -> CmdResult {
    parse_flush_mode(ctx, 1)?;
    let removed = empty_db(ctx, ctx.db);
    ctx.eng.invalidate_all_tracked();
    ctx.dirty(removed as u64);
    ctx.propagate(vec![b"FLUSHDB".to_vec()]);
    Ok(Reply::ok())
}

fn flushall(ctx: &mut Ctx) -> CmdResult {
    parse_flush_mode(ctx, 1)?;
    let mut removed = 0;
    for db in 0..DB_COUNT {
        removed += empty_db(ctx, db);
    }
    ctx.eng.invalidate_all_tracked();
    ctx.dirty(removed as u64);
    // 7.0's flushAllDataAndResetRDB: a background save in progress is abandoned (its
    // outcome no longer counts), and with save points set the empty keyspace is saved
    // at once (the host stores it before the reply goes out).
    ctx.eng.abandon_bgsave();
    if !crate::snapshot::save_params(ctx.eng.config.get("save").unwrap_or("")).is_empty() {
        ctx.eng.queue_snapshot(crate::snapshot::SnapshotKind::Flushall, None);
    }
    ctx.propagate(vec![b"FLUSHALL".to_vec()]);
    Ok(Reply::ok())
}

fn swapdb(ctx: &mut Ctx) -> CmdResult {
    let parse = |i: usize| -> Result<usize, Reply> {
        let n = crate::num::parse_i64(ctx.arg(i)).ok_or_else(|| {
            Reply::err(if i == 1 {
                "ERR invalid first DB index"
            } else {
                "ERR invalid second DB index"
            })
        })?;
        if n < 0 || n >= DB_COUNT as i64 {
            return Err(Reply::err("ERR DB index is out of range"));
        }
        Ok(n as usize)
    };
    let (a, b) = (parse(1)?, parse(2)?);
    if a != b {
        ctx.eng.touch_all_watched_in_db(a, Some(b));
        ctx.eng.touch_all_watched_in_db(b, Some(a));
        ctx.eng.dbs.swap(a, b);
        for db in [a, b] {
            let keys: Vec<Vec<u8>> = if ctx.eng.events.is_some() {
                ctx.eng.dbs[db].keys.keys().map(<[u8]>::to_vec).collect()
            } else {
                Vec::new()
            };
            ctx.eng.record_event(db, b"", "swapdb");
            for key in keys {
                ctx.eng.record_event(db, &key, "swapdb");
            }
        }
        // Clients blocked in either database may now find data.
        let blocked: Vec<(usize, Vec<u8>)> = ctx
            .eng
            .blocking
            .keys()
            .filter(|(d, _)| *d == a || *d == b)
            .cloned()
            .collect();
        for (db, key) in blocked {
            if ctx.eng.dbs[db].keys.contains_key(&key) {
                ctx.eng.ready_keys.push((db, key));
            }
        }
    }
    ctx.dirty(1);
    Ok(Reply::ok())
}

fn time(ctx: &mut Ctx) -> CmdResult {
    let now = ctx.now;
    Ok(Reply::Array(vec![
        Reply::Bulk(now.div_euclid(1000).to_string().into_bytes()),
        Reply::Bulk((now.rem_euclid(1000) * 1000).to_string().into_bytes()),
    ]))
}

/// The rewrite itself is the host's (it owns the store): the engine schedules it and the
/// host takes the request at its next turn (`Engine::take_aof_rewrite`).
fn bgrewriteaof(ctx: &mut Ctx) -> CmdResult {
    if ctx.eng.aof_rewrite_requested {
        return Err(Reply::err(
            "ERR Background append only file rewriting already in progress",
        ));
    }
    ctx.eng.aof_rewrite_requested = true;
    // Inside EXEC, or while a background save runs, Redis cannot fork: it schedules
    // the rewrite for after.
    let word = if ctx.can_block && !ctx.eng.bgsave_in_progress() {
        "started"
    } else {
        "scheduled"
    };
    Ok(Reply::Status(
        format!("Background append only file rewriting {word}").into(),
    ))
}

fn monitor(ctx: &mut Ctx) -> CmdResult {
    let id = ctx.client;
    if ctx.client_ref().multi.is_some() {
        return Ok(Reply::ok());
    }
    if !ctx.eng.monitors.contains(&id) {
        ctx.eng.monitors.push(id);
    }
    ctx.client_mut().monitor = true;
    Ok(Reply::ok())
}

fn debug(_ctx: &mut Ctx) -> CmdResult {
    // Debian ships Redis with the DEBUG command disabled (`enable-debug-command no`): the
    // dispatcher refuses it first (a protected command). Allowed, the engine still has
    // none of its subcommands, and says so the same way.
    Err(Reply::err("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server."))
}

fn config_get(ctx: &mut Ctx) -> CmdResult {
    let pairs = ctx.eng.config.matching(&ctx.argv[2..]);
    Ok(Reply::Map(
        pairs
            .into_iter()
            .map(|(k, v)| (Reply::bulk(k), Reply::bulk(v)))
            .collect(),
    ))
}

fn config_set(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() % 2 != 0 {
        return Err(ctx.arity_error());
    }
    let pairs: Vec<(&[u8], &[u8])> = ctx.argv[2..]
        .chunks(2)
        .map(|p| (p[0].as_slice(), p[1].as_slice()))
        .collect();
    let allow_protected = protected_allowed(ctx);
    ctx.eng
        .config
        .set_many_as(&pairs, allow_protected)
        .map_err(Reply::Error)?;
    // requirepass is the default user's password (Redis's ACLUpdateDefaultUserPassword).
    if let Some((_, password)) = pairs.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(b"requirepass")) {
        let password = password.to_vec();
        ctx.eng.acl.set_requirepass(&password);
    }
    Ok(Reply::ok())
}

/// `allowProtectedAction(enable-protected-configs)`: `yes`, or `local` from a loopback
/// address; internal clients always.
fn protected_allowed(ctx: &Ctx) -> bool {
    let client = ctx.client_ref();
    match ctx.eng.config.get("enable-protected-configs") {
        Some("yes") => true,
        _ if client.internal => true,
        Some("local") => {
            let ip = client.addr.rsplit_once(':').map_or("", |(ip, _)| ip);
            ip == "127.0.0.1" || ip == "::1" || ip == "[::1]"
        }
        _ => false,
    }
}

fn config_resetstat(ctx: &mut Ctx) -> CmdResult {
    let connections = ctx.eng.stats.connections_received;
    ctx.eng.stats = Default::default();
    ctx.eng.intro.histograms.clear();
    ctx.eng.stats.connections_received = connections;
    // resetServerStats: rdb_saves and total_forks too.
    ctx.eng.rdb.saves = 0;
    ctx.eng.rdb.forks = 0;
    Ok(Reply::ok())
}

fn config_rewrite(_ctx: &mut Ctx) -> CmdResult {
    Err(Reply::err("ERR The server is running without a config file"))
}

fn config_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(help_for("config", CONFIG))
}

fn command_count(_ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(table::all().count() as i64))
}

fn command_list(ctx: &mut Ctx) -> CmdResult {
    let mut names: Vec<String> = Vec::new();
    let filter = if ctx.argc() == 2 {
        None
    } else if ctx.argc() == 5 && ctx.is(2, "filterby") {
        Some((
            String::from_utf8_lossy(ctx.arg(3)).to_ascii_lowercase(),
            ctx.arg(4).to_vec(),
        ))
    } else {
        return Err(Reply::syntax_error());
    };
    for spec in table::all() {
        let mut candidates = vec![spec.name.to_string()];
        candidates.extend(spec.subcommands.iter().map(|s| format!("{}|{}", spec.name, s.name)));
        for (i, name) in candidates.into_iter().enumerate() {
            let this = if i == 0 { spec } else { &spec.subcommands[i - 1] };
            let keep = match &filter {
                None => true,
                Some((by, value)) => match by.as_str() {
                    "pattern" => crate::glob::matches(value, name.as_bytes(), true),
                    "aclcat" => {
                        let cat = format!("@{}", String::from_utf8_lossy(value).to_ascii_lowercase());
                        this.acl_categories().contains(&cat)
                    }
                    "module" => false,
                    _ => return Err(Reply::syntax_error()),
                },
            };
            if keep {
                names.push(name);
            }
        }
    }
    Ok(Reply::bulks(names))
}

fn key_spec_triple(spec: &CommandSpec) -> [Reply; 3] {
    [
        Reply::Int(spec.keys.first as i64),
        Reply::Int(spec.keys.last as i64),
        Reply::Int(spec.keys.step as i64),
    ]
}

/// One COMMAND INFO entry: name, arity, flags, key triple, ACL categories, tips,
/// key specs, subcommands.
fn command_entry(full: &str, spec: &CommandSpec) -> Reply {
    let flags = spec.flag_names().into_iter().map(Reply::status).collect();
    let cats = spec
        .acl_categories()
        .into_iter()
        .map(|c| Reply::Status(c.into()))
        .collect();
    let [first, last, step] = key_spec_triple(spec);
    let subs = spec
        .subcommands
        .iter()
        .map(|s| command_entry(&format!("{}|{}", full, s.name), s))
        .collect();
    Reply::Array(vec![
        Reply::bulk(full),
        Reply::Int(spec.arity as i64),
        Reply::Set(flags),
        first,
        last,
        step,
        Reply::Set(cats),
        Reply::Set(spec.tips.split_whitespace().map(Reply::bulk).collect()),
        Reply::Set(spec.key_specs.iter().map(key_spec_reply).collect()),
        // addReplyCommandSubCommands: an empty set when there are none, else an array.
        if spec.subcommands.is_empty() {
            Reply::Set(vec![])
        } else {
            Reply::Array(subs)
        },
    ])
}

/// Whether the engine has this command or `parent|sub`command.
fn exists(full: &str) -> bool {
    resolve_name(full.as_bytes()).is_some()
}

/// The key-spec flags of `flags` as Redis names them, in its order.
fn key_flag_names(flags: &str) -> Reply {
    Reply::Set(
        table::KEY_FLAG_NAMES
            .iter()
            .filter(|(flag, _)| flags.split_whitespace().any(|f| f == *flag))
            .map(|(_, name)| Reply::status(name))
            .collect(),
    )
}

/// One key spec as COMMAND INFO shows it (`addReplyCommandKeySpecs`).
fn key_spec_reply(k: &table::KeySpec) -> Reply {
    let field = |name: &str, value: Reply| (Reply::bulk(name), value);
    let typed = |kind: &str, spec: Vec<(Reply, Reply)>| {
        Reply::Map(vec![field("type", Reply::bulk(kind)), field("spec", Reply::Map(spec))])
    };
    let begin = match k.begin {
        table::BeginSearch::Index(pos) => typed("index", vec![field("index", Reply::Int(pos.into()))]),
        table::BeginSearch::Keyword(keyword, startfrom) => typed(
            "keyword",
            vec![
                field("keyword", Reply::bulk(keyword)),
                field("startfrom", Reply::Int(startfrom.into())),
            ],
        ),
        table::BeginSearch::Unknown => typed("unknown", vec![]),
    };
    let find = match k.find {
        table::FindKeys::Range { lastkey, step, limit } => typed(
            "range",
            vec![
                field("lastkey", Reply::Int(lastkey.into())),
                field("keystep", Reply::Int(step.into())),
                field("limit", Reply::Int(limit.into())),
            ],
        ),
        table::FindKeys::Keynum {
            keynumidx,
            firstkey,
            step,
        } => typed(
            "keynum",
            vec![
                field("keynumidx", Reply::Int(keynumidx.into())),
                field("firstkey", Reply::Int(firstkey.into())),
                field("keystep", Reply::Int(step.into())),
            ],
        ),
        table::FindKeys::Unknown => typed("unknown", vec![]),
    };
    let mut fields = Vec::new();
    if !k.notes.is_empty() {
        fields.push(field("notes", Reply::bulk(k.notes)));
    }
    fields.extend([
        field("flags", key_flag_names(k.flags)),
        field("begin_search", begin),
        field("find_keys", find),
    ]);
    Reply::Map(fields)
}

fn resolve_name(name: &[u8]) -> Option<(String, &'static CommandSpec)> {
    let text = String::from_utf8_lossy(name).to_ascii_lowercase();
    if let Some((parent, sub)) = text.split_once('|') {
        let p = table::lookup(parent.as_bytes())?;
        let s = p.subcommand(sub.as_bytes())?;
        return Some((format!("{}|{}", p.name, s.name), s));
    }
    table::lookup(text.as_bytes()).map(|s| (s.name.to_string(), s))
}

/// `COMMAND` alone (`commandCommand`): every command's entry, as `COMMAND INFO` without names.
fn command_all(_ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Array(table::all().map(|s| command_entry(s.name, s)).collect()))
}

fn command_info(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() == 2 {
        return Ok(Reply::Array(table::all().map(|s| command_entry(s.name, s)).collect()));
    }
    Ok(Reply::Array(
        ctx.argv[2..]
            .iter()
            .map(|n| resolve_name(n).map_or(Reply::Null, |(full, spec)| command_entry(&full, spec)))
            .collect(),
    ))
}

fn doc_entry(full: &str, spec: &CommandSpec) -> Reply {
    // Redis's own docs (arguments, complexity, history) once its metadata is installed.
    if let Some(docs) = crate::metadata::installed().and_then(|m| m.docs(full, &exists)) {
        return docs;
    }
    let mut fields = vec![
        (Reply::bulk("summary"), Reply::bulk(spec.summary)),
        (Reply::bulk("since"), Reply::bulk(spec.since)),
        (Reply::bulk("group"), Reply::bulk(spec.group)),
    ];
    if !spec.subcommands.is_empty() {
        let subs = spec
            .subcommands
            .iter()
            .map(|s| {
                let name = format!("{}|{}", spec.name, s.name);
                (Reply::bulk(name.clone()), doc_entry(&name, s))
            })
            .collect();
        fields.push((Reply::bulk("subcommands"), Reply::Map(subs)));
    }
    Reply::Map(fields)
}

fn command_docs(ctx: &mut Ctx) -> CmdResult {
    let entries: Vec<(Reply, Reply)> = if ctx.argc() == 2 {
        table::all()
            .map(|s| (Reply::bulk(s.name), doc_entry(s.name, s)))
            .collect()
    } else {
        ctx.argv[2..]
            .iter()
            .filter_map(|n| resolve_name(n))
            .map(|(full, spec)| {
                let docs = doc_entry(&full, spec);
                (Reply::bulk(full), docs)
            })
            .collect()
    };
    Ok(Reply::Map(entries))
}

/// COMMAND GETKEYS and GETKEYSANDFLAGS (`getKeysSubcommandImpl`).
fn keys_of_command(ctx: &Ctx) -> Result<Vec<(usize, &'static str)>, Reply> {
    let args = &ctx.argv[2..];
    let invalid = || Reply::err("ERR Invalid command specified");
    let base = table::lookup(&args[0]).ok_or_else(invalid)?;
    let spec = match (base.is_container(), args.get(1)) {
        (true, Some(sub)) => base.subcommand(sub).ok_or_else(invalid)?,
        _ => base,
    };
    if !spec.has_keys() {
        return Err(Reply::err("ERR The command has no key arguments"));
    }
    if !spec.arity_ok(args.len()) {
        return Err(Reply::err("ERR Invalid number of arguments specified for command"));
    }
    match spec.keys_and_flags(args) {
        Some(keys) => Ok(keys),
        None if spec.has(NO_MANDATORY_KEYS) => Ok(Vec::new()),
        None => Err(Reply::err("ERR Invalid arguments specified for command")),
    }
}

fn command_getkeys(ctx: &mut Ctx) -> CmdResult {
    let keys = keys_of_command(ctx)?;
    Ok(Reply::bulks(keys.into_iter().map(|(i, _)| ctx.argv[2 + i].clone())))
}

fn command_getkeysandflags(ctx: &mut Ctx) -> CmdResult {
    let keys = keys_of_command(ctx)?;
    Ok(Reply::Array(
        keys.into_iter()
            .map(|(i, flags)| Reply::Array(vec![Reply::bulk(ctx.argv[2 + i].clone()), key_flag_names(flags)]))
            .collect(),
    ))
}

fn command_help(_ctx: &mut Ctx) -> CmdResult {
    Ok(help_for("command", COMMAND))
}

fn info(ctx: &mut Ctx) -> CmdResult {
    let sections: Vec<String> = ctx.argv[1..]
        .iter()
        .map(|s| String::from_utf8_lossy(s).to_ascii_lowercase())
        .collect();
    Ok(Reply::Verbatim(
        "txt",
        crate::info::render(ctx.eng, ctx.now, &sections).into_bytes(),
    ))
}
