//! The command table: the single source of truth about every command.
//!
//! Dispatch, arity errors, COMMAND, HELP, the terminal's completion and hints, the key
//! positions (COMMAND GETKEYS), the work limit's estimates and the lessons' validation
//! all read these entries. A command is one entry, with named fields, in the module of
//! its data type (`commands/`), beside its handler; what an entry leaves out comes from
//! `CommandSpec::DEFAULT`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::commands::*;
use crate::exec::Handler;

/// Command flags, named as COMMAND INFO prints them.
pub mod flags {
    pub const WRITE: u32 = 1 << 0;
    pub const READONLY: u32 = 1 << 1;
    pub const DENYOOM: u32 = 1 << 2;
    pub const ADMIN: u32 = 1 << 3;
    pub const PUBSUB: u32 = 1 << 4;
    pub const NOSCRIPT: u32 = 1 << 5;
    pub const BLOCKING: u32 = 1 << 6;
    pub const LOADING: u32 = 1 << 7;
    pub const STALE: u32 = 1 << 8;
    pub const SKIP_MONITOR: u32 = 1 << 9;
    pub const SKIP_SLOWLOG: u32 = 1 << 10;
    pub const FAST: u32 = 1 << 11;
    pub const NO_AUTH: u32 = 1 << 12;
    pub const MAY_REPLICATE: u32 = 1 << 13;
    pub const SENTINEL: u32 = 1 << 14;
    pub const NO_MANDATORY_KEYS: u32 = 1 << 15;
    pub const NO_MULTI: u32 = 1 << 16;
    pub const MOVABLEKEYS: u32 = 1 << 17;
    pub const ALLOW_BUSY: u32 = 1 << 18;
    pub const NO_ASYNC_LOADING: u32 = 1 << 19;

    /// The flags COMMAND INFO shows; `may_replicate` and `sentinel` are hidden on purpose,
    /// as Redis hides them (server.c, addReplyCommandFlags).
    pub const NAMES: &[(u32, &str)] = &[
        (WRITE, "write"),
        (READONLY, "readonly"),
        (DENYOOM, "denyoom"),
        (ADMIN, "admin"),
        (PUBSUB, "pubsub"),
        (NOSCRIPT, "noscript"),
        (BLOCKING, "blocking"),
        (LOADING, "loading"),
        (STALE, "stale"),
        (SKIP_MONITOR, "skip_monitor"),
        (SKIP_SLOWLOG, "skip_slowlog"),
        (FAST, "fast"),
        (NO_AUTH, "no_auth"),
        (NO_MANDATORY_KEYS, "no_mandatory_keys"),
        (NO_ASYNC_LOADING, "no_async_loading"),
        (NO_MULTI, "no_multi"),
        (MOVABLEKEYS, "movablekeys"),
        (ALLOW_BUSY, "allow_busy"),
    ];
}

/// Where a command's keys are among its arguments (Redis's legacy triple):
/// first key index, last key index (negative counts from the end), step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPos {
    pub first: i32,
    pub last: i32,
    pub step: i32,
}

pub const NO_KEYS: KeyPos = KeyPos {
    first: 0,
    last: 0,
    step: 0,
};

impl KeyPos {
    pub const fn range(first: i32, last: i32, step: i32) -> KeyPos {
        KeyPos { first, last, step }
    }
}

/// The key positions of a command whose keys move (a `numkeys` argument says how many):
/// Redis's `getkeys_proc`. Positions index the whole argv (0 is the name).
pub type GetKeys = fn(&[Vec<u8>]) -> Vec<usize>;

/// What a command would work through, estimated before it runs, for the work limit
/// (`budget.rs`); a command without one has a cost bounded by its arguments.
pub type Cost = fn(&crate::budget::CostInput) -> Option<crate::budget::Estimate>;

pub struct CommandSpec {
    /// Lower-case name (for a subcommand: the subcommand alone).
    pub name: &'static str,
    /// Redis's convention: N exactly, -N at least N (the name counts).
    pub arity: i32,
    pub flags: u32,
    /// ACL categories beyond those implied by the flags (e.g. "@dangerous").
    pub acl: &'static str,
    pub keys: KeyPos,
    pub group: &'static str,
    pub since: &'static str,
    pub summary: &'static str,
    /// The arguments as redis-cli's hint shows them.
    pub syntax: &'static str,
    pub handler: Handler,
    pub subcommands: &'static [CommandSpec],
    /// For commands whose keys move (`MOVABLEKEYS`): where they are.
    pub getkeys: Option<GetKeys>,
    /// For commands whose work grows with the data: the estimate the work limit reads.
    pub cost: Option<Cost>,
}

impl CommandSpec {
    /// What an entry does not say: no keys, no subcommands, no key rule, no cost.
    pub const DEFAULT: CommandSpec = CommandSpec {
        name: "",
        arity: 0,
        flags: 0,
        acl: "",
        keys: NO_KEYS,
        group: "",
        since: "",
        summary: "",
        syntax: "",
        handler: crate::exec::container_without_subcommand,
        subcommands: &[],
        getkeys: None,
        cost: None,
    };

    /// The positions of the key arguments in `argv` (COMMAND GETKEYS, WATCH-style
    /// checks, the work limit): the entry's own rule, else its key triple.
    pub fn key_positions(&self, argv: &[Vec<u8>]) -> Vec<usize> {
        if let Some(getkeys) = self.getkeys {
            return getkeys(argv);
        }
        let k = self.keys;
        if k.first <= 0 {
            return vec![];
        }
        let last = if k.last < 0 { argv.len() as i32 + k.last } else { k.last };
        (k.first..=last)
            .step_by(k.step.max(1) as usize)
            .map(|i| i as usize)
            .filter(|&i| i < argv.len())
            .collect()
    }

    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }

    pub fn is_container(&self) -> bool {
        !self.subcommands.is_empty()
    }

    pub fn subcommand(&self, name: &[u8]) -> Option<&'static CommandSpec> {
        self.subcommands
            .iter()
            .find(|s| s.name.as_bytes().eq_ignore_ascii_case(name))
    }

    pub fn arity_ok(&self, argc: usize) -> bool {
        let argc = argc as i32;
        if self.arity >= 0 {
            argc == self.arity
        } else {
            argc >= -self.arity
        }
    }

    /// ACL categories as COMMAND INFO lists them (implied ones first, as Redis does).
    pub fn acl_categories(&self) -> Vec<String> {
        let mut cats: Vec<String> = Vec::new();
        let mut add = |c: &str| {
            if !cats.iter().any(|x| x == c) {
                cats.push(c.to_string());
            }
        };
        if self.has(flags::WRITE) {
            add("@write");
        }
        if self.has(flags::READONLY) && self.group != "scripting" {
            add("@read");
        }
        for extra in self.acl.split_whitespace() {
            add(extra);
        }
        if self.has(flags::ADMIN) {
            add("@admin");
            add("@dangerous");
        }
        if self.has(flags::PUBSUB) {
            add("@pubsub");
        }
        if self.has(flags::FAST) {
            add("@fast");
        }
        if self.has(flags::BLOCKING) {
            add("@blocking");
        }
        if !self.has(flags::FAST) {
            add("@slow");
        }
        cats
    }

    pub fn flag_names(&self) -> Vec<&'static str> {
        flags::NAMES
            .iter()
            .filter(|(bit, _)| self.flags & bit != 0)
            .map(|(_, name)| *name)
            .collect()
    }
}

/// Every command, grouped the way Redis's documentation groups them.
pub fn all() -> impl Iterator<Item = &'static CommandSpec> {
    [
        connection::COMMANDS,
        acl::COMMANDS,
        server::COMMANDS,
        introspect::COMMANDS,
        generic::COMMANDS,
        string::COMMANDS,
        bitmap::COMMANDS,
        hash::COMMANDS,
        list::COMMANDS,
        set::COMMANDS,
        zset::COMMANDS,
        geo::COMMANDS,
        hll::COMMANDS,
        stream::COMMANDS,
        transaction::COMMANDS,
        pubsub::COMMANDS,
    ]
    .into_iter()
    .flatten()
}

fn index() -> &'static HashMap<Vec<u8>, &'static CommandSpec> {
    static INDEX: OnceLock<HashMap<Vec<u8>, &'static CommandSpec>> = OnceLock::new();
    INDEX.get_or_init(|| all().map(|c| (c.name.as_bytes().to_vec(), c)).collect())
}

/// Looks a command up by name, in any letter case (without allocating).
pub fn lookup(name: &[u8]) -> Option<&'static CommandSpec> {
    let index = index();
    if name.iter().all(|b| !b.is_ascii_uppercase()) {
        return index.get(name).copied();
    }
    let mut buf = [0u8; 32];
    if name.len() > buf.len() {
        return None; // no command name is that long
    }
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    index.get(&lower[..]).copied()
}

/// The full name Redis uses in messages and statistics: `get`, `config|get`.
/// Computed once per subcommand, so the hot path never formats it.
pub fn full_name(parent: Option<&'static CommandSpec>, spec: &'static CommandSpec) -> &'static str {
    static SUBCOMMAND_NAMES: OnceLock<HashMap<usize, String>> = OnceLock::new();
    match parent {
        None => spec.name,
        Some(_) => SUBCOMMAND_NAMES
            .get_or_init(|| {
                all()
                    .flat_map(|p| {
                        p.subcommands
                            .iter()
                            .map(move |s| (s as *const CommandSpec as usize, format!("{}|{}", p.name, s.name)))
                    })
                    .collect()
            })
            .get(&(spec as *const CommandSpec as usize))
            .map_or(spec.name, String::as_str),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lowercase_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for c in all() {
            assert!(seen.insert(c.name), "duplicate command {}", c.name);
            for spec in std::iter::once(c).chain(c.subcommands.iter()) {
                assert_eq!(spec.name, spec.name.to_ascii_lowercase());
                assert!(!spec.summary.is_empty(), "{} has no summary", spec.name);
                assert!(spec.arity != 0, "{} has no arity", spec.name);
                assert!(
                    spec.has(flags::WRITE) as u8 + spec.has(flags::READONLY) as u8 <= 1,
                    "{} is both write and readonly",
                    spec.name
                );
            }
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(lookup(b"GeT").map(|c| c.name), Some("get"));
        assert!(lookup(b"nosuchcommand").is_none());
    }
}
