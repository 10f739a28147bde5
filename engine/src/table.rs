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
    /// Refused unless `enable-debug-command` / `enable-module-command` allows it
    /// (DEBUG, MODULE LOAD/LOADEX/UNLOAD); hidden from COMMAND INFO, as in Redis.
    pub const PROTECTED: u32 = 1 << 20;

    /// The flags COMMAND INFO shows; `may_replicate`, `sentinel` and `protected` are hidden on purpose,
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

/// Redis 7.0's ACL categories in the order of its table (`ACLCommandCategories`).
pub const ACL_CATEGORY_ORDER: &[&str] = &[
    "keyspace",
    "read",
    "write",
    "set",
    "sortedset",
    "list",
    "hash",
    "string",
    "bitmap",
    "hyperloglog",
    "geo",
    "stream",
    "pubsub",
    "admin",
    "fast",
    "slow",
    "blocking",
    "dangerous",
    "connection",
    "transaction",
    "scripting",
];

/// Redis 7.0's key-spec flags, as COMMAND GETKEYSANDFLAGS names them, in its order.
pub const KEY_FLAG_NAMES: &[(&str, &str)] = &[
    ("RO", "RO"),
    ("RW", "RW"),
    ("OW", "OW"),
    ("RM", "RM"),
    ("ACCESS", "access"),
    ("UPDATE", "update"),
    ("INSERT", "insert"),
    ("DELETE", "delete"),
    ("NOT_KEY", "not_key"),
    ("INCOMPLETE", "incomplete"),
    ("VARIABLE_FLAGS", "variable_flags"),
];

/// Where a key spec starts looking (`begin_search`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BeginSearch {
    /// At this argument.
    Index(i32),
    /// After this keyword, searched from `startfrom` (negative: from the end, backwards).
    Keyword(&'static str, i32),
    /// Keys that only the command's own rule finds (SORT's BY and GET patterns).
    Unknown,
}

/// How a key spec finds its keys from where it starts (`find_keys`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FindKeys {
    /// `lastkey` relative to the start (negative: from the end), every `step`; with a
    /// `limit`, only that fraction of the remaining arguments.
    Range {
        lastkey: i32,
        step: i32,
        limit: i32,
    },
    /// A count at `keynumidx`, keys from `firstkey` after the start, every `step`.
    Keynum {
        keynumidx: i32,
        firstkey: i32,
        step: i32,
    },
    Unknown,
}

/// One of a command's key specs (Redis 7.0's `src/commands/*.json`): how its keys are
/// found and what the command does with them (`flags`: RO/RW/OW/RM and
/// ACCESS/UPDATE/INSERT/DELETE..., space-separated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySpec {
    pub flags: &'static str,
    pub begin: BeginSearch,
    pub find: FindKeys,
    /// The spec's notes, as COMMAND INFO prints them ("" when it has none).
    pub notes: &'static str,
}

impl KeySpec {
    /// One key at `pos`.
    pub const fn at(pos: i32, flags: &'static str) -> KeySpec {
        KeySpec::range(pos, 0, 1, 0, flags)
    }

    pub const fn range(pos: i32, lastkey: i32, step: i32, limit: i32, flags: &'static str) -> KeySpec {
        KeySpec {
            flags,
            begin: BeginSearch::Index(pos),
            find: FindKeys::Range { lastkey, step, limit },
            notes: "",
        }
    }

    pub const fn keynum(pos: i32, keynumidx: i32, firstkey: i32, step: i32, flags: &'static str) -> KeySpec {
        KeySpec {
            flags,
            begin: BeginSearch::Index(pos),
            find: FindKeys::Keynum {
                keynumidx,
                firstkey,
                step,
            },
            notes: "",
        }
    }

    pub const fn keyword(
        keyword: &'static str,
        startfrom: i32,
        lastkey: i32,
        step: i32,
        limit: i32,
        flags: &'static str,
    ) -> KeySpec {
        KeySpec {
            flags,
            begin: BeginSearch::Keyword(keyword, startfrom),
            find: FindKeys::Range { lastkey, step, limit },
            notes: "",
        }
    }

    pub const fn unknown(flags: &'static str) -> KeySpec {
        KeySpec {
            flags,
            begin: BeginSearch::Unknown,
            find: FindKeys::Unknown,
            notes: "",
        }
    }

    /// The same spec with its notes.
    pub const fn notes(self, notes: &'static str) -> KeySpec {
        KeySpec { notes, ..self }
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.split_whitespace().any(|f| f == flag)
    }
}

/// Why key specs could not find a command's keys.
enum SpecFailure {
    /// A numkeys argument that is not a count of the arguments present.
    Keynum,
    /// A spec that needs the command's own rule (unknown, incomplete, out of range).
    Incomplete,
}

/// The keys, with their flags, of a command whose key flags depend on its arguments
/// (Redis's getkeys procs that set flags: SET with or without GET, SORT with STORE).
pub type KeyFlags = fn(&[Vec<u8>]) -> Vec<(usize, &'static str)>;

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
    /// Redis 7.0's key specs (COMMAND GETKEYS, GETKEYSANDFLAGS).
    pub key_specs: &'static [KeySpec],
    /// For commands whose key flags depend on their arguments: the keys and flags.
    pub key_flags: Option<KeyFlags>,
    /// Redis 7.0's command tips (COMMAND INFO), space-separated.
    pub tips: &'static str,
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
        key_specs: &[],
        key_flags: None,
        tips: "",
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

    /// Redis's `doesCommandHaveKeys`: a key rule of its own, or a key spec for real keys.
    pub fn has_keys(&self) -> bool {
        self.getkeys.is_some()
            || self.key_flags.is_some()
            || self.key_specs.iter().any(|k| !k.has("NOT_KEY"))
            || (self.key_specs.is_empty() && self.keys.first > 0)
    }

    /// Redis's `getKeysFromCommandWithSpecs`: the positions of the keys in `argv` (0 is
    /// the name) with their key-spec flags, from the key specs unless one of them is
    /// incomplete or its flags vary, else from the command's own rule. None: the
    /// arguments do not say where the keys are.
    pub fn keys_and_flags(&self, argv: &[Vec<u8>]) -> Option<Vec<(usize, &'static str)>> {
        let has_spec = self.key_specs.iter().any(|k| !k.has("NOT_KEY"));
        let variable = self.key_specs.iter().any(|k| k.has("VARIABLE_FLAGS"));
        if has_spec && !variable {
            match self.keys_from_specs(argv) {
                Ok(keys) => return Some(keys),
                // The numkeys forms' own rules refuse what their spec refuses.
                Err(SpecFailure::Keynum) => return None,
                Err(SpecFailure::Incomplete) => {}
            }
        }
        if let Some(key_flags) = self.key_flags {
            return Some(key_flags(argv)).filter(|k| !k.is_empty());
        }
        // A rule without flags (a command whose entry has no `key_flags`): each key takes
        // the flags of the spec at its position, else of the last spec.
        let flags_at = |pos: usize| {
            self.key_specs
                .iter()
                .find(|k| k.begin == BeginSearch::Index(pos as i32))
                .or(self.key_specs.last())
                .map_or("", |k| k.flags)
        };
        let positions = match self.getkeys {
            Some(getkeys) => getkeys(argv),
            None if self.key_specs.is_empty() => self.key_positions(argv),
            None => Vec::new(),
        };
        Some(positions.into_iter().map(|p| (p, flags_at(p))).collect()).filter(|k: &Vec<_>| !k.is_empty())
    }

    /// `getKeysUsingKeySpecs`.
    fn keys_from_specs(&self, argv: &[Vec<u8>]) -> Result<Vec<(usize, &'static str)>, SpecFailure> {
        let argc = argv.len() as i64;
        let mut keys = Vec::new();
        for spec in self.key_specs.iter().filter(|k| !k.has("NOT_KEY")) {
            let mut first = match spec.begin {
                BeginSearch::Index(pos) => i64::from(pos),
                BeginSearch::Keyword(keyword, startfrom) => {
                    let start = if startfrom > 0 {
                        i64::from(startfrom)
                    } else {
                        argc + i64::from(startfrom)
                    };
                    let end = if startfrom > 0 { argc - 1 } else { 1 };
                    let mut found = 0;
                    let mut i = start;
                    while i != end && (1..argc).contains(&i) {
                        if argv[i as usize].eq_ignore_ascii_case(keyword.as_bytes()) {
                            found = i + 1;
                            break;
                        }
                        i += if start <= end { 1 } else { -1 };
                    }
                    if found == 0 {
                        continue;
                    }
                    found
                }
                BeginSearch::Unknown => return Err(SpecFailure::Incomplete),
            };
            let (last, step) = match spec.find {
                FindKeys::Range { lastkey, step, limit } => {
                    let last = if lastkey >= 0 {
                        first + i64::from(lastkey)
                    } else if limit == 0 {
                        argc + i64::from(lastkey)
                    } else {
                        first + ((argc - first) / i64::from(limit) + i64::from(lastkey))
                    };
                    (last, i64::from(step))
                }
                FindKeys::Keynum {
                    keynumidx,
                    firstkey,
                    step,
                } => {
                    let at = first + i64::from(keynumidx);
                    let numkeys = argv
                        .get(at as usize)
                        .and_then(|n| crate::num::parse_i64(n))
                        .filter(|&n| n >= 0)
                        .ok_or(SpecFailure::Keynum)?;
                    first += i64::from(firstkey);
                    // Redis adds `(int)numkeys`: a huge count wraps and is refused below.
                    (first + i64::from(numkeys as i32) - 1, i64::from(step))
                }
                FindKeys::Unknown => return Err(SpecFailure::Incomplete),
            };
            if last >= argc || last < first || first >= argc {
                return Err(match spec.find {
                    FindKeys::Keynum { .. } => SpecFailure::Keynum,
                    _ => SpecFailure::Incomplete,
                });
            }
            let mut i = first;
            while i <= last {
                keys.push((i as usize, spec.flags));
                i += step.max(1);
            }
            if spec.has("INCOMPLETE") {
                return Err(SpecFailure::Incomplete);
            }
        }
        Ok(keys)
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

    /// ACL categories as COMMAND INFO lists them (in Redis's category order).
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
        // Redis lists them in the order of its category table.
        cats.sort_by_key(|c| ACL_CATEGORY_ORDER.iter().position(|o| *o == c.trim_start_matches('@')));
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
        persist::COMMANDS,
        introspect::COMMANDS,
        generic::COMMANDS,
        dump::COMMANDS,
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
        scripting::COMMANDS,
        pubsub::COMMANDS,
        cluster::COMMANDS,
        modules::COMMANDS,
    ]
    .into_iter()
    .flatten()
}

/// The hasher of the engine's own tables (the command table, [`crate::engine::ByCommand`]), whose keys
/// are its own names and addresses, not a client's: FNV-1a over bytes, a multiply and
/// rotate for a word. Std's SipHash (built against hash flooding, which the keyspace's
/// dict does need and has) cost more than the rest of the command lookup.
#[derive(Default)]
pub struct TableHasher(u64);

impl std::hash::Hasher for TableHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0 ^ 0xcbf2_9ce4_8422_2325;
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn write_usize(&mut self, word: usize) {
        self.0 = (self.0 ^ word as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(26);
    }
}

/// How the command table's index and [`crate::engine::ByCommand`] hash.
pub type TableHashing = std::hash::BuildHasherDefault<TableHasher>;

fn index() -> &'static HashMap<Vec<u8>, &'static CommandSpec, TableHashing> {
    static INDEX: OnceLock<HashMap<Vec<u8>, &'static CommandSpec, TableHashing>> = OnceLock::new();
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
