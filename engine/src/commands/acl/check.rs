//! The permission checks (acl.c's `ACLCheckAllUserCommandPerm` and its helpers): may a
//! user run this command, with these keys and channels?
//!
//! Key permissions (`%R~`, `%W~`) depend on how a command uses each key: Redis's key
//! specs, which `commands.tsv` transcribes from Redis 7.0.15's `src/commands/*.json`
//! (flags, begin-search and find-keys of each spec; see `registry`).

use std::sync::OnceLock;

use super::registry::registry;
use super::user::{Selector, User, ALL, READ, WRITE};
use crate::glob;

/// Why a check failed, in Redis's order of precedence (`ACL_DENIED_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Denied {
    Command,
    Key,
    Channel,
}

#[derive(Clone, Debug)]
enum Begin {
    Index(usize),
    /// The keyword, and where to start looking (negative: from the end, backwards).
    Keyword(Vec<u8>, i64),
    Unknown,
}

#[derive(Clone, Debug)]
enum Find {
    /// lastkey, keystep, limit.
    Range(i64, i64, i64),
    /// keynumidx, firstkey, keystep.
    Keynum(i64, i64, i64),
    Unknown,
}

#[derive(Clone, Debug)]
struct KeySpec {
    access: u8,
    not_key: bool,
    incomplete: bool,
    variable_flags: bool,
    begin: Begin,
    find: Find,
}

fn parse_spec(text: &str) -> Option<KeySpec> {
    let mut parts = text.split(' ');
    let flags: Vec<&str> = parts.next()?.split(',').collect();
    let has = |f: &str| flags.contains(&f);
    let mut access = 0;
    if has("ACCESS") {
        access |= READ;
    }
    if has("INSERT") || has("DELETE") || has("UPDATE") {
        access |= WRITE;
    }
    let begin = parts.next()?;
    let begin = match begin.split(':').collect::<Vec<_>>().as_slice() {
        ["index", n] => Begin::Index(n.parse().ok()?),
        ["keyword", k, from] => Begin::Keyword(k.as_bytes().to_vec(), from.parse().ok()?),
        _ => Begin::Unknown,
    };
    let find = parts.next()?;
    let nums =
        |v: &[&str]| -> Option<(i64, i64, i64)> { Some((v[0].parse().ok()?, v[1].parse().ok()?, v[2].parse().ok()?)) };
    let find = match find.split(':').collect::<Vec<_>>().as_slice() {
        ["range", rest @ ..] if rest.len() == 3 => {
            let (a, b, c) = nums(rest)?;
            Find::Range(a, b, c)
        }
        ["keynum", rest @ ..] if rest.len() == 3 => {
            let (a, b, c) = nums(rest)?;
            Find::Keynum(a, b, c)
        }
        _ => Find::Unknown,
    };
    Some(KeySpec {
        access,
        not_key: has("NOT_KEY"),
        incomplete: has("INCOMPLETE"),
        variable_flags: has("VARIABLE_FLAGS"),
        begin,
        find,
    })
}

/// Each command's parsed key specs, by id.
fn key_specs() -> &'static Vec<Vec<KeySpec>> {
    static SPECS: OnceLock<Vec<Vec<KeySpec>>> = OnceLock::new();
    SPECS.get_or_init(|| {
        registry()
            .commands
            .iter()
            .map(|c| c.key_specs.split(';').filter_map(parse_spec).collect())
            .collect()
    })
}

/// Whether Redis 7.0 declares key specs for this command (`doesCommandHaveKeys`'s
/// table half); used by the table test.
pub fn has_key_specs(id: usize) -> bool {
    key_specs()[id].iter().any(|k| !k.not_key)
}

/// `getKeysUsingKeySpecs`: None when a spec does not fit the arguments.
fn keys_from_specs(specs: &[KeySpec], argv: &[Vec<u8>]) -> Option<Vec<(usize, u8)>> {
    let argc = argv.len() as i64;
    let mut out = Vec::new();
    for spec in specs.iter().filter(|s| !s.not_key) {
        let first = match &spec.begin {
            Begin::Index(n) => *n as i64,
            Begin::Keyword(word, from) => {
                let (start, end) = if *from > 0 { (*from, argc - 1) } else { (argc + from, 1) };
                let mut found = None;
                let mut i = start;
                while i != end {
                    if i >= argc || i < 1 {
                        break;
                    }
                    if argv[i as usize].eq_ignore_ascii_case(word) {
                        found = Some(i + 1);
                        break;
                    }
                    i = if start <= end { i + 1 } else { i - 1 };
                }
                match found {
                    Some(f) => f,
                    None => continue,
                }
            }
            Begin::Unknown => return None,
        };
        let (first, last, step) = match spec.find {
            Find::Range(lastkey, step, limit) => {
                let last = if lastkey >= 0 {
                    first + lastkey
                } else if limit == 0 {
                    argc + lastkey
                } else {
                    first + ((argc - first) / limit + lastkey)
                };
                (first, last, step)
            }
            Find::Keynum(idx, firstkey, step) => {
                let at = first + idx;
                if at >= argc {
                    return None;
                }
                let n = crate::num::parse_i64(&argv[at as usize]).filter(|&n| n >= 0)?;
                let first = first + firstkey;
                (first, first + n - 1, step)
            }
            Find::Unknown => return None,
        };
        if last >= argc || last < first || first >= argc {
            return None;
        }
        let mut i = first;
        while i <= last {
            out.push((i as usize, spec.access));
            i += step.max(1);
        }
        if spec.incomplete {
            return None;
        }
    }
    Some(out)
}

/// Redis's `sortGetKeys`: the key, and the last STORE's destination (written).
fn sort_keys(argv: &[Vec<u8>]) -> Vec<(usize, u8)> {
    let mut keys = vec![(1, READ)];
    let mut store = None;
    let mut i = 2;
    while i < argv.len() {
        let arg = &argv[i];
        if arg.eq_ignore_ascii_case(b"limit") {
            i += 2;
        } else if arg.eq_ignore_ascii_case(b"get") || arg.eq_ignore_ascii_case(b"by") {
            i += 1;
        } else if arg.eq_ignore_ascii_case(b"store") && i + 1 < argv.len() {
            store = Some(i + 1);
        }
        i += 1;
    }
    keys.extend(store.map(|at| (at, WRITE)));
    keys
}

/// Redis's `setGetKeys` and `bitfieldGetKeys`: the two commands whose key access
/// depends on their options.
fn variable_access(full_name: &str, argv: &[Vec<u8>]) -> Option<u8> {
    if full_name == "set" {
        let get = argv.iter().skip(3).any(|a| a.eq_ignore_ascii_case(b"get"));
        return Some(if get { READ | WRITE } else { WRITE });
    }
    if full_name == "bitfield" {
        let mut readonly = true;
        let mut i = 2;
        while i < argv.len() {
            let rem = argv.len() - i - 1;
            let arg = &argv[i];
            if arg.eq_ignore_ascii_case(b"get") && rem >= 2 {
                i += 2;
            } else if (arg.eq_ignore_ascii_case(b"set") || arg.eq_ignore_ascii_case(b"incrby")) && rem >= 3 {
                readonly = false;
                break;
            } else if arg.eq_ignore_ascii_case(b"overflow") && rem >= 1 {
                i += 1;
            } else {
                readonly = false;
                break;
            }
            i += 1;
        }
        return Some(if readonly { READ } else { READ | WRITE });
    }
    None
}

/// The keys of a command with how it uses each (`getKeysFromCommandWithSpecs`).
pub fn keys_with_access(id: usize, argv: &[Vec<u8>]) -> Vec<(usize, u8)> {
    let cmd = &registry().commands[id];
    let specs = &key_specs()[id];
    let variable = specs.iter().any(|s| s.variable_flags);
    if has_key_specs(id) && !variable {
        if let Some(keys) = keys_from_specs(specs, argv) {
            return keys;
        }
    }
    if let Some(access) = variable_access(cmd.full_name, argv) {
        return vec![(1, access)];
    }
    if cmd.full_name == "sort" {
        return sort_keys(argv);
    }
    // The entry's own key rule (Redis's getkeys_proc): the first key takes the first
    // spec's access, the others the last spec's (SORT ... STORE, MIGRATE's KEYS).
    let Some(spec) = cmd.spec else { return vec![] };
    let positions = spec.key_positions(argv);
    let specs: Vec<&KeySpec> = specs.iter().filter(|k| !k.not_key).collect();
    let first = specs.first().map_or(ALL, |s| s.access);
    let rest = specs.last().map_or(ALL, |s| s.access);
    positions
        .into_iter()
        .enumerate()
        .map(|(n, pos)| (pos, if n == 0 { first } else { rest }))
        .collect()
}

/// `doesCommandHaveKeys`.
fn has_keys(id: usize) -> bool {
    let cmd = &registry().commands[id];
    has_key_specs(id) || cmd.spec.is_some_and(|s| s.getkeys.is_some())
}

/// The channel arguments of a pub/sub command, and whether they are patterns
/// (Redis's `commands_with_channels`; only publishing and subscribing are checked).
fn channels(id: usize, argv: &[Vec<u8>]) -> (Vec<usize>, bool) {
    match registry().commands[id].full_name {
        "subscribe" | "ssubscribe" => ((1..argv.len()).collect(), false),
        "psubscribe" => ((1..argv.len()).collect(), true),
        "publish" | "spublish" => (vec![1], false),
        _ => (vec![], false),
    }
}

/// `ACLSelectorCheckKey`.
fn selector_key_ok(s: &Selector, key: &[u8], access: u8) -> bool {
    if s.all_keys {
        return true;
    }
    s.patterns
        .iter()
        .any(|p| p.flags & access == access && glob::matches(&p.pattern, key, false))
}

/// `ACLCheckChannelAgainstList`: a pattern subscription must name an allowed pattern
/// literally; a channel matches the allowed patterns.
pub fn channel_in_list(list: &[Vec<u8>], channel: &[u8], is_pattern: bool) -> bool {
    list.iter().any(|p| {
        if is_pattern {
            p == channel
        } else {
            glob::matches(p, channel, false)
        }
    })
}

/// `ACLSelectorCheckCmd`: Ok, or why not and the argument at fault.
fn selector_check(s: &Selector, id: usize, argv: &[Vec<u8>]) -> Result<(), (Denied, usize)> {
    let reg = registry();
    let cmd = &reg.commands[id];
    let no_auth = cmd.spec.is_some_and(|s| s.has(crate::table::flags::NO_AUTH));
    if !s.all_commands && !no_auth && !s.bit(id) {
        let idx = if cmd.parent.is_some() { 2 } else { 1 };
        let allowed = argv.len() >= 2
            && s.firstargs.get(&id).is_some_and(|args| {
                argv.get(idx)
                    .is_some_and(|a| args.iter().any(|x| x.eq_ignore_ascii_case(a)))
            });
        if !allowed {
            return Err((Denied::Command, 0));
        }
    }
    if !s.all_keys && has_keys(id) {
        for (pos, access) in keys_with_access(id, argv) {
            if !selector_key_ok(s, &argv[pos], access) {
                return Err((Denied::Key, pos));
            }
        }
    }
    if !s.all_channels {
        let (positions, is_pattern) = channels(id, argv);
        for pos in positions {
            if !channel_in_list(&s.channels, &argv[pos], is_pattern) {
                return Err((Denied::Channel, pos));
            }
        }
    }
    Ok(())
}

/// `ACLCheckAllUserCommandPerm`: Ok if a selector allows it, else the most relevant
/// refusal (a key or channel over the command; the last argument among equals).
pub fn check(user: &User, id: usize, argv: &[Vec<u8>]) -> Result<(), (Denied, usize)> {
    let mut relevant = (Denied::Command, 0usize);
    for s in &user.selectors {
        match selector_check(s, id, argv) {
            Ok(()) => return Ok(()),
            Err((why, pos)) => {
                if why > relevant.0 || (why == relevant.0 && pos > relevant.1) {
                    relevant = (why, pos);
                }
            }
        }
    }
    Err(relevant)
}
