//! Users and permissions (Redis's acl.c): the ACL command, AUTH against users, and the
//! permission checks dispatch makes (`Engine::acl_refusal`).
//!
//! `user` holds users, selectors and the ACL SETUSER grammar; `check` the permission
//! checks and the key specs they read; `registry` the command ids and categories;
//! `log` the ACL LOG.

pub mod check;
pub mod log;
pub mod registry;
pub mod user;

use std::collections::BTreeMap;

use crate::client::ClientId;
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

use check::Denied;
use log::Reason;
use registry::{registry, CATEGORIES};
use user::{merge_selector_arguments, User};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "acl", arity: -2, flags: SENTINEL, acl: "",
        group: "server", since: "6.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for Access List Control commands ",
        subcommands: ACL,
        ..CommandSpec::DEFAULT
    },
];

const ADMIN_FLAGS: u32 = ADMIN | NOSCRIPT | LOADING | STALE | SENTINEL;

#[rustfmt::skip]
static ACL: &[CommandSpec] = &[
    CommandSpec {
        name: "cat", arity: -2, flags: NOSCRIPT | LOADING | STALE | SENTINEL, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_cat,
        summary: "List the ACL categories or the commands inside a category",
        syntax: "[categoryname]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "deluser", arity: -3, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_deluser,
        summary: "Remove the specified ACL users and the associated rules",
        syntax: "username [username ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "dryrun", arity: -4, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "7.0.0", handler: acl_dryrun,
        summary: "Returns whether the user can execute the given command without executing the command.",
        syntax: "username command [arg [arg ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "genpass", arity: -2, flags: NOSCRIPT | LOADING | STALE | SENTINEL, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_genpass,
        summary: "Generate a pseudorandom secure password to use for ACL users",
        syntax: "[bits]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getuser", arity: 3, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_getuser,
        summary: "Get the rules for a specific ACL user",
        syntax: "username",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE | SENTINEL, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "list", arity: 2, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_list,
        summary: "List the current ACL rules in ACL config file format",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "load", arity: 2, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_load_save,
        summary: "Reload the ACLs from the configured ACL file",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "log", arity: -2, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_log,
        summary: "List latest events denied because of ACLs in place",
        syntax: "[count|RESET]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "save", arity: 2, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_load_save,
        summary: "Save the current ACL rules in the configured ACL file",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setuser", arity: -3, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_setuser,
        summary: "Modify or create the rules for a specific ACL user",
        syntax: "username [rule [rule ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "users", arity: 2, flags: ADMIN_FLAGS, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_users,
        summary: "List the username of all the configured ACL rules",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "whoami", arity: 2, flags: NOSCRIPT | LOADING | STALE | SENTINEL, keys: NO_KEYS,
        group: "server", since: "6.0.0", handler: acl_whoami,
        summary: "Return the name of the user associated to the current connection",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

/// The engine's users and ACL log.
pub struct Acl {
    /// By name, in byte order (Redis keeps them in a radix tree: ACL LIST's order).
    pub users: BTreeMap<Vec<u8>, User>,
    pub log: log::Log,
}

impl Default for Acl {
    /// `ACLInit`: only the default user, allowed everything, without a password.
    fn default() -> Acl {
        let mut default = User::new(b"default", false);
        for rule in ["+@all", "~*", "&*", "on", "nopass"] {
            let _ = default.apply(rule.as_bytes(), false);
        }
        let mut users = BTreeMap::new();
        users.insert(b"default".to_vec(), default);
        Acl {
            users,
            log: Default::default(),
        }
    }
}

impl Acl {
    pub fn default_user(&self) -> Option<&User> {
        self.users.get(b"default".as_slice())
    }

    /// Whether a new connection starts authenticated (the default user needs no password).
    pub fn default_needs_no_auth(&self) -> bool {
        self.default_user().is_some_and(|u| u.nopass && u.enabled())
    }

    /// `ACLUpdateDefaultUserPassword`: CONFIG SET requirepass.
    pub fn set_requirepass(&mut self, password: &[u8]) {
        if let Some(user) = self.users.get_mut(b"default".as_slice()) {
            let _ = user.apply(b"resetpass", false);
            if password.is_empty() {
                let _ = user.apply(b"nopass", false);
            } else {
                let mut rule = b">".to_vec();
                rule.extend_from_slice(password);
                let _ = user.apply(&rule, false);
            }
        }
    }
}

/// `addReplyErrorFormat`'s `-ERR ` prefix on a message whose first word could pass
/// for an error code (`ACL GENPASS ...`).
fn err(message: impl Into<String>) -> Reply {
    Reply::Error(format!("ERR {}", message.into()))
}

/// A read-only view of the users for hosts (the playground's lesson checks): nothing
/// here changes the users, the ACL LOG or any statistic.
impl Engine {
    /// The users' names, each with whether it is enabled (`on`), in ACL USERS's order.
    pub fn acl_users(&self) -> Vec<(Vec<u8>, bool)> {
        self.acl.users.values().map(|u| (u.name.clone(), u.enabled())).collect()
    }

    /// How ACL LIST describes user `name`, after its `user NAME ` (`on nopass ~* &* +@all`);
    /// None when there is no such user.
    pub fn acl_user_rules(&self, name: &[u8]) -> Option<String> {
        let user = self.acl.users.get(name)?;
        Some(String::from_utf8_lossy(&user.describe()).into_owned())
    }

    /// Whether user `name` may run `argv` (a command, its subcommand if it is a
    /// container, and arguments), as ACL DRYRUN decides it: command and key permissions,
    /// whether or not the user is `on`, arity unchecked. None when there is no such
    /// user or Redis has no such command.
    pub fn acl_permits(&self, name: &[u8], argv: &[Vec<u8>]) -> Option<bool> {
        let user = self.acl.users.get(name)?;
        let id = registry().lookup_argv(argv).filter(|_| !argv[0].contains(&b'|'))?;
        Some(check::check(user, id, argv).is_ok())
    }
}

impl Engine {
    /// Whether acl-pubsub-default grants all channels to new users and selectors.
    pub(crate) fn acl_all_channels_default(&self) -> bool {
        self.config.get("acl-pubsub-default") == Some("allchannels")
    }

    /// `authRequired`.
    pub(crate) fn auth_required(&self, id: ClientId) -> bool {
        let Some(client) = self.clients.get(&id) else {
            return false;
        };
        !client.authenticated && !self.acl.default_needs_no_auth()
    }

    /// `ACLAuthenticateUser`: on success the connection is the user's; on failure an
    /// `auth` entry in the ACL LOG.
    pub(crate) fn authenticate(&mut self, id: ClientId, username: &[u8], password: &[u8], argv0: &[u8]) -> bool {
        let ok = self.acl.users.get(username).is_some_and(|u| u.password_ok(password));
        if ok {
            if let Some(c) = self.clients.get_mut(&id) {
                c.authenticated = true;
                c.user = Some(username.to_vec());
            }
        } else {
            self.acl_log(id, Reason::Auth, argv0.to_vec(), Some(username.to_vec()));
        }
        ok
    }

    /// The ACL check of `processCommand`: None when the client's user may run it,
    /// else the NOPERM error (logged in the ACL LOG). Internal clients run anything.
    pub(crate) fn acl_refusal(&mut self, id: ClientId, spec: &'static CommandSpec, argv: &[Vec<u8>]) -> Option<Reply> {
        let (denied, pos) = self.acl_denied(id, spec, argv)?;
        let full_name = self.log_denial(id, spec, argv, denied, pos);
        Some(Reply::Error(match denied {
            Denied::Command => format!("NOPERM this user has no permissions to run the '{full_name}' command"),
            Denied::Key => "NOPERM this user has no permissions to access one of the keys used as arguments".into(),
            Denied::Channel => {
                "NOPERM this user has no permissions to access one of the channels used as arguments".into()
            }
        }))
    }

    /// EXEC's re-check of a queued command (`execCommand`): rules may have changed.
    pub(crate) fn acl_exec_refusal(
        &mut self,
        id: ClientId,
        spec: &'static CommandSpec,
        argv: &[Vec<u8>],
    ) -> Option<Reply> {
        let (denied, pos) = self.acl_denied(id, spec, argv)?;
        self.log_denial(id, spec, argv, denied, pos);
        let reason = match denied {
            Denied::Command => "no permission to execute the command or subcommand",
            Denied::Key => "no permission to touch the specified keys",
            Denied::Channel => "no permission to access one of the channels used as arguments",
        };
        Some(Reply::Error(format!(
            "NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: {reason}"
        )))
    }

    /// The ACL LOG entry of a refusal; returns the command's full name.
    fn log_denial(
        &mut self,
        id: ClientId,
        spec: &'static CommandSpec,
        argv: &[Vec<u8>],
        denied: Denied,
        pos: usize,
    ) -> &'static str {
        let reg = registry();
        let full_name = reg.id_of(spec).map_or(spec.name, |cmd| reg.commands[cmd].full_name);
        let object = match denied {
            Denied::Command => full_name.as_bytes().to_vec(),
            Denied::Key | Denied::Channel => argv.get(pos).cloned().unwrap_or_default(),
        };
        self.acl_log(id, denied.into(), object, None);
        full_name
    }

    fn acl_denied(&self, id: ClientId, spec: &'static CommandSpec, argv: &[Vec<u8>]) -> Option<(Denied, usize)> {
        let client = self.clients.get(&id)?;
        let user = self.acl.users.get(client.user.as_ref()?)?;
        // A selector that allows every command, key and channel passes any command (the
        // default user's `+@all ~* &*`), as `check` would find: no need to look the
        // command up (Redis's ACLCheckAllUserCommandPerm skips the same work by flags).
        if user
            .selectors
            .iter()
            .any(|s| s.all_commands && s.all_keys && s.all_channels)
        {
            return None;
        }
        let cmd = registry().id_of(spec)?;
        check::check(user, cmd, argv).err()
    }

    /// `ACLFreeUserAndKillClients`: connections of a deleted user are closed (the
    /// caller's after its reply), back to the default user, unauthenticated.
    fn kill_clients_of(&mut self, name: &[u8], caller: ClientId) {
        let ids: Vec<ClientId> = self
            .clients
            .values()
            .filter(|c| c.user.as_deref() == Some(name))
            .map(|c| c.id)
            .collect();
        for id in ids {
            if let Some(c) = self.clients.get_mut(&id) {
                c.user = Some(b"default".to_vec());
                c.authenticated = false;
            }
            if id == caller {
                if let Some(c) = self.clients.get_mut(&id) {
                    c.closing = true;
                }
            } else {
                self.close_client(id);
            }
        }
    }

    /// `ACLKillPubsubClientsIfNeeded`: a user's subscribers whose channels the new rules
    /// no longer allow are disconnected.
    fn kill_pubsub_clients_if_needed(&mut self, new: &User, original: &User) {
        if new.selectors.iter().any(|s| s.all_channels) {
            return;
        }
        let upcoming: Vec<Vec<u8>> = new.selectors.iter().flat_map(|s| s.channels.iter().cloned()).collect();
        let superset = original
            .selectors
            .iter()
            .all(|s| !s.all_channels && s.channels.iter().all(|c| upcoming.contains(c)));
        if superset {
            return;
        }
        let victims: Vec<ClientId> = self
            .clients
            .values()
            .filter(|c| c.user.as_deref() == Some(original.name.as_slice()) && c.in_pubsub_mode())
            .filter(|c| {
                c.patterns.iter().any(|p| !check::channel_in_list(&upcoming, p, true))
                    || c.channels
                        .iter()
                        .chain(c.shard_channels.iter())
                        .any(|ch| !check::channel_in_list(&upcoming, ch, false))
            })
            .map(|c| c.id)
            .collect();
        for id in victims {
            self.close_client(id);
        }
    }
}

fn acl_setuser(ctx: &mut Ctx) -> CmdResult {
    let name = ctx.arg(2).to_vec();
    if name.iter().any(|&b| b == 0 || b.is_ascii_whitespace() || b == 0x0b) {
        return Err(err("Usernames can't contain spaces or null characters"));
    }
    let args = &ctx.argv[3..];
    let merged = merge_selector_arguments(args).map_err(|at| {
        err(format!(
            "Unmatched parenthesis in acl selector starting at '{}'.",
            String::from_utf8_lossy(&args[at])
        ))
    })?;
    let all_channels = ctx.eng.acl_all_channels_default();
    let existing = ctx.eng.acl.users.get(&name).cloned();
    let mut staged = existing.clone().unwrap_or_else(|| User::new(&name, all_channels));
    for op in &merged {
        staged.apply(op, all_channels).map_err(|e| {
            err(format!(
                "Error in ACL SETUSER modifier '{}': {}",
                String::from_utf8_lossy(op),
                e.text()
            ))
        })?;
    }
    if let Some(original) = &existing {
        ctx.eng.kill_pubsub_clients_if_needed(&staged, original);
    }
    ctx.eng.acl.users.insert(name, staged);
    Ok(Reply::ok())
}

fn acl_deluser(ctx: &mut Ctx) -> CmdResult {
    if ctx.argv[2..].iter().any(|n| n == b"default") {
        return Err(err("The 'default' user cannot be removed"));
    }
    let mut deleted = 0;
    let argv = ctx.argv;
    for name in &argv[2..] {
        if ctx.eng.acl.users.remove(name).is_some() {
            ctx.eng.kill_clients_of(name, ctx.client);
            deleted += 1;
        }
    }
    Ok(Reply::Int(deleted))
}

/// `aclAddReplySelectorDescription`: commands, keys, channels.
fn selector_fields(s: &user::Selector) -> Vec<(Reply, Reply)> {
    let keys = if s.all_keys {
        b"~*".to_vec()
    } else {
        let mut out = Vec::new();
        for (i, p) in s.patterns.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            p.describe(&mut out);
        }
        out
    };
    let channels = if s.all_channels {
        b"&*".to_vec()
    } else {
        let mut out = Vec::new();
        for (i, c) in s.channels.iter().enumerate() {
            if i > 0 {
                out.push(b' ');
            }
            out.push(b'&');
            out.extend_from_slice(c);
        }
        out
    };
    vec![
        (Reply::bulk("commands"), Reply::bulk(user::describe_commands(s))),
        (Reply::bulk("keys"), Reply::bulk(keys)),
        (Reply::bulk("channels"), Reply::bulk(channels)),
    ]
}

fn acl_getuser(ctx: &mut Ctx) -> CmdResult {
    let Some(u) = ctx.eng.acl.users.get(ctx.arg(2)) else {
        return Ok(Reply::Null);
    };
    let mut fields = vec![
        (
            Reply::bulk("flags"),
            Reply::Set(u.flag_names().into_iter().map(Reply::bulk).collect()),
        ),
        (
            Reply::bulk("passwords"),
            Reply::bulks(u.passwords.iter().map(|p| p.as_bytes().to_vec())),
        ),
    ];
    fields.extend(selector_fields(u.root()));
    let selectors = u.selectors[1..]
        .iter()
        .map(|s| Reply::Map(selector_fields(s)))
        .collect();
    fields.push((Reply::bulk("selectors"), Reply::Array(selectors)));
    Ok(Reply::Map(fields))
}

fn acl_list(ctx: &mut Ctx) -> CmdResult {
    let lines = ctx.eng.acl.users.values().map(|u| {
        let mut line = b"user ".to_vec();
        line.extend_from_slice(&u.name);
        line.push(b' ');
        line.extend_from_slice(&u.describe());
        line
    });
    Ok(Reply::bulks(lines.collect::<Vec<_>>()))
}

fn acl_users(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::bulks(ctx.eng.acl.users.keys().cloned().collect::<Vec<_>>()))
}

fn acl_whoami(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::optional_bulk(ctx.client_ref().user.clone()))
}

fn acl_load_save(_ctx: &mut Ctx) -> CmdResult {
    Err(err("This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration."))
}

fn acl_cat(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() == 2 {
        return Ok(Reply::bulks(CATEGORIES.iter().map(|c| c.as_bytes().to_vec())));
    }
    if ctx.argc() > 3 {
        return Err(Reply::err(format!(
            "unknown subcommand or wrong number of arguments for '{}'. Try ACL HELP.",
            String::from_utf8_lossy(ctx.arg(1))
        )));
    }
    let Some(bit) = registry::category_bit(ctx.arg(2)) else {
        let name = ctx.arg(2);
        return Err(err(format!(
            "Unknown category '{}'",
            String::from_utf8_lossy(&name[..name.len().min(128)])
        )));
    };
    let names = registry()
        .commands
        .iter()
        .filter(|c| c.categories & bit != 0)
        .map(|c| c.full_name.as_bytes().to_vec());
    Ok(Reply::bulks(names.collect::<Vec<_>>()))
}

fn acl_genpass(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(Reply::err(format!(
            "unknown subcommand or wrong number of arguments for '{}'. Try ACL HELP.",
            String::from_utf8_lossy(ctx.arg(1))
        )));
    }
    let bits = if ctx.argc() == 3 { ctx.int_arg(2)? } else { 256 };
    if bits <= 0 || bits > 4096 {
        return Err(err(
            "ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096",
        ));
    }
    let chars = ((bits + 3) / 4) as usize;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let pass: Vec<u8> = (0..chars).map(|_| HEX[ctx.rng().below(16) as usize]).collect();
    Ok(Reply::Bulk(pass))
}

fn acl_log(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(Reply::err(format!(
            "unknown subcommand or wrong number of arguments for '{}'. Try ACL HELP.",
            String::from_utf8_lossy(ctx.arg(1))
        )));
    }
    let mut count = 10;
    if ctx.argc() == 3 {
        if ctx.is(2, "reset") {
            ctx.eng.acl.log.clear();
            return Ok(Reply::ok());
        }
        count = ctx.int_arg(2)?.max(0);
    }
    let now = ctx.now;
    let entries = ctx
        .eng
        .acl
        .log
        .iter()
        .take(count as usize)
        .map(|e| e.reply(now))
        .collect();
    Ok(Reply::Array(entries))
}

fn acl_dryrun(ctx: &mut Ctx) -> CmdResult {
    let Some(user) = ctx.eng.acl.users.get(ctx.arg(2)) else {
        return Err(err(format!("User '{}' not found", String::from_utf8_lossy(ctx.arg(2)))));
    };
    let argv = &ctx.argv[3..];
    let reg = registry();
    let id = reg
        .lookup_argv(argv)
        .filter(|_| !argv[0].contains(&b'|'))
        .ok_or_else(|| err(format!("Command '{}' not found", String::from_utf8_lossy(&argv[0]))))?;
    let arity = reg.commands[id].arity;
    let argc = argv.len() as i32;
    if (arity > 0 && arity != argc) || argc < -arity {
        return Err(err(format!(
            "wrong number of arguments for '{}' command",
            reg.commands[id].full_name
        )));
    }
    Ok(match check::check(user, id, argv) {
        Ok(()) => Reply::ok(),
        Err((Denied::Command, _)) => Reply::bulk(format!(
            "This user has no permissions to run the '{}' command",
            reg.commands[id].full_name
        )),
        Err((Denied::Key, pos)) => Reply::bulk(format!(
            "This user has no permissions to access the '{}' key",
            String::from_utf8_lossy(&argv[pos])
        )),
        Err((Denied::Channel, pos)) => Reply::bulk(format!(
            "This user has no permissions to access the '{}' channel",
            String::from_utf8_lossy(&argv[pos])
        )),
    })
}

fn acl_help(ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::help_reply(
        ctx.arg(0),
        &[
            "CAT [<category>]",
            "    List all commands that belong to <category>, or all command categories",
            "    when no category is specified.",
            "DELUSER <username> [<username> ...]",
            "    Delete a list of users.",
            "DRYRUN <username> <command> [<arg> ...]",
            "    Returns whether the user can execute the given command without executing the command.",
            "GETUSER <username>",
            "    Get the user's details.",
            "GENPASS [<bits>]",
            "    Generate a secure 256-bit user password. The optional `bits` argument can",
            "    be used to specify a different size.",
            "LIST",
            "    Show users details in config file format.",
            "LOAD",
            "    Reload users from the ACL file.",
            "LOG [<count> | RESET]",
            "    Show the ACL log entries.",
            "SAVE",
            "    Save the current config to the ACL file.",
            "SETUSER <username> <attribute> [<attribute> ...]",
            "    Create or modify a user with the specified attributes.",
            "USERS",
            "    List all the registered usernames.",
            "WHOAMI",
            "    Return the current connection username.",
        ],
    ))
}

/// AUTH (both forms); HELLO's AUTH option calls `Engine::authenticate` directly.
pub fn auth(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(Reply::syntax_error());
    }
    ctx.redact(1);
    if ctx.argc() == 3 {
        ctx.redact(2);
    }
    let (username, password) = if ctx.argc() == 2 {
        if ctx.eng.acl.default_user().is_none_or(|u| u.nopass) {
            return Err(Reply::err(
                "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?",
            ));
        }
        (b"default".to_vec(), ctx.arg(1).to_vec())
    } else {
        (ctx.arg(1).to_vec(), ctx.arg(2).to_vec())
    };
    let argv0 = ctx.arg(0).to_vec();
    if ctx.eng.authenticate(ctx.client, &username, &password, &argv0) {
        Ok(Reply::ok())
    } else {
        Err(Reply::err(
            "WRONGPASS invalid username-password pair or user is disabled.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::Engine;
    use crate::reply::Reply;

    fn argv(line: &str) -> Vec<Vec<u8>> {
        line.split(' ').map(|w| w.as_bytes().to_vec()).collect()
    }

    /// The read-only view agrees with ACL USERS, ACL LIST and ACL DRYRUN, and reading
    /// it leaves no trace in the ACL LOG.
    #[test]
    fn the_users_view_agrees_with_acl_list_and_dryrun() {
        let mut e = Engine::new(1, 1_000);
        let id = e.connect_internal(1_000);
        let mut run = |line: &str| e.call(id, argv(line), 1_000).pop().unwrap();
        assert_eq!(run("ACL SETUSER app on >apppass ~app:* +get +set"), Reply::ok());
        assert_eq!(run("ACL SETUSER idle"), Reply::ok());
        assert_eq!(
            e.acl_users(),
            vec![
                (b"app".to_vec(), true),
                (b"default".to_vec(), true),
                (b"idle".to_vec(), false)
            ]
        );
        assert_eq!(e.acl_user_rules(b"default").as_deref(), Some("on nopass ~* &* +@all"));
        assert_eq!(
            e.acl_user_rules(b"app").as_deref(),
            Some("on #46400f642c99584e51b14031f875ca9b7b33ccf94ff8d7657197a5bac06f4ffb ~app:* resetchannels -@all +get +set")
        );
        assert_eq!(e.acl_user_rules(b"nobody"), None);
        assert_eq!(e.acl_permits(b"app", &argv("GET app:1")), Some(true));
        assert_eq!(e.acl_permits(b"app", &argv("get app:1")), Some(true));
        assert_eq!(e.acl_permits(b"app", &argv("GET session:1")), Some(false));
        assert_eq!(e.acl_permits(b"app", &argv("DEL app:1")), Some(false));
        assert_eq!(e.acl_permits(b"app", &argv("ACL WHOAMI")), Some(false));
        assert_eq!(e.acl_permits(b"default", &argv("CONFIG SET maxmemory 0")), Some(true));
        assert_eq!(e.acl_permits(b"idle", &argv("GET x")), Some(false));
        assert_eq!(e.acl_permits(b"nobody", &argv("GET x")), None);
        assert_eq!(e.acl_permits(b"app", &argv("NOSUCH x")), None);
        assert_eq!(e.acl_permits(b"app", &argv("get|x x")), None);
        let id = e.connect_internal(1_000);
        assert_eq!(e.call(id, argv("ACL LOG"), 1_000), vec![Reply::Array(Vec::new())]);
    }
}
