//! The command ids ACL bitmaps index (Redis's `ACLGetCommandID`) and each command's
//! categories and key specs: Redis 7.0.15's command list (`commands.tsv`), joined
//! with the engine's table.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::table::{self, CommandSpec};

/// Redis's `ACLCommandCategories`, in its order (ACL CAT lists them so, and the
/// best-fit description of a user tries them so); the command table orders a command's
/// categories by the same list.
pub use crate::table::ACL_CATEGORY_ORDER as CATEGORIES;

/// The bit of a category name (any letter case), or None when Redis knows no such category.
pub fn category_bit(name: &[u8]) -> Option<u32> {
    CATEGORIES
        .iter()
        .position(|c| c.as_bytes().eq_ignore_ascii_case(name))
        .map(|i| 1 << i)
}

pub struct Command {
    /// The engine's entry; None for a Redis command the engine does not have (ACL rules
    /// and categories still know it, as Redis's do).
    pub spec: Option<&'static CommandSpec>,
    /// `get`, `config|get`.
    pub full_name: &'static str,
    pub parent: Option<usize>,
    pub subcommands: Vec<usize>,
    /// Category bits (see `CATEGORIES`).
    pub categories: u32,
    /// Redis's key specs, as `commands.tsv` writes them.
    pub key_specs: &'static str,
    /// Redis's arity (ACL DRYRUN checks it).
    pub arity: i32,
}

pub struct Registry {
    pub commands: Vec<Command>,
    /// Top-level commands.
    pub top: Vec<usize>,
    by_spec: HashMap<usize, usize>,
    by_name: HashMap<&'static str, usize>,
}

impl Registry {
    /// How many bits a selector's bitmap needs: one per command, and the last one for
    /// "commands added later" (Redis's reserved bit, set only by `+@all`).
    pub fn bits(&self) -> usize {
        self.commands.len() + 1
    }

    pub fn future_bit(&self) -> usize {
        self.commands.len()
    }

    pub fn id_of(&self, spec: &'static CommandSpec) -> Option<usize> {
        self.by_spec.get(&(spec as *const CommandSpec as usize)).copied()
    }

    /// Redis's `ACLLookupCommand`: `get`, `config|get` in any letter case; None for an
    /// unknown name, a `|` after a command without subcommands, or more than one `|`.
    pub fn lookup(&self, name: &[u8]) -> Option<usize> {
        let name = String::from_utf8_lossy(name).to_ascii_lowercase();
        if name.matches('|').count() > 1 {
            return None;
        }
        self.by_name.get(name.as_str()).copied()
    }

    /// Redis's `lookupCommand` on an argument vector: the subcommand of a container
    /// when there is one, else the command.
    pub fn lookup_argv(&self, argv: &[Vec<u8>]) -> Option<usize> {
        let base = self.lookup(argv.first()?)?;
        if self.commands[base].subcommands.is_empty() || argv.len() < 2 {
            return Some(base);
        }
        let mut name = argv[0].clone();
        name.push(b'|');
        name.extend_from_slice(&argv[1]);
        self.lookup(&name)
    }
}

fn category_bits(names: &str) -> u32 {
    names
        .split([' ', '@'])
        .filter(|c| !c.is_empty())
        .filter_map(|c| category_bit(c.as_bytes()))
        .fold(0, |a, b| a | b)
}

/// Redis 7.0.15's commands and subcommands with their ACL categories (as COMMAND INFO
/// lists them) and key specs (from `src/commands/*.json`): one line each, a command
/// before its subcommands. ACL rules, categories and the description of a user count
/// every Redis command, as Redis does, so `+@read` or ACL CAT mean what they mean in
/// Redis whether or not the engine has each command.
const COMMANDS: &str = include_str!("commands.tsv");

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut reg = Registry {
            commands: Vec::new(),
            top: Vec::new(),
            by_spec: HashMap::new(),
            by_name: HashMap::new(),
        };
        let add =
            |reg: &mut Registry, full_name: &'static str, arity: i32, categories: u32, key_specs: &'static str| {
                let id = reg.commands.len();
                let parent = full_name.split_once('|').and_then(|(p, _)| reg.by_name.get(p).copied());
                match parent {
                    Some(p) => reg.commands[p].subcommands.push(id),
                    None => reg.top.push(id),
                }
                reg.commands.push(Command {
                    spec: None,
                    full_name,
                    parent,
                    subcommands: Vec::new(),
                    categories,
                    key_specs,
                    arity,
                });
                reg.by_name.insert(full_name, id);
                id
            };
        for line in COMMANDS.lines() {
            let mut cols = line.split('\t');
            let (Some(name), Some(arity), Some(cats)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let arity = arity.parse().unwrap_or(0);
            add(&mut reg, name, arity, category_bits(cats), cols.next().unwrap_or(""));
        }
        // The engine's entries: found by name, or added (with their own categories).
        for spec in table::all() {
            let subs = spec.subcommands.iter().map(|s| (Some(spec), s));
            for (parent, s) in std::iter::once((None, spec)).chain(subs) {
                let full = table::full_name(parent, s);
                let id = match reg.by_name.get(full).copied() {
                    Some(id) => id,
                    None => add(
                        &mut reg,
                        full,
                        s.arity,
                        category_bits(&s.acl_categories().join(" ")),
                        "",
                    ),
                };
                reg.commands[id].spec = Some(s);
                reg.by_spec.insert(s as *const CommandSpec as usize, id);
            }
        }
        reg
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine's table and Redis's categories agree (a wrong category would make
    /// `+@read` grant what Redis does not).
    #[test]
    fn engine_categories_are_redis_categories() {
        let reg = registry();
        let mut wrong = Vec::new();
        for c in &reg.commands {
            if let Some(spec) = c.spec {
                let engine = category_bits(&spec.acl_categories().join(" "));
                if engine != c.categories {
                    let names = |bits: u32| -> Vec<&str> {
                        CATEGORIES
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| bits & (1 << i) != 0)
                            .map(|(_, n)| *n)
                            .collect()
                    };
                    wrong.push(format!(
                        "{}: engine {:?}, redis {:?}",
                        c.full_name,
                        names(engine),
                        names(c.categories)
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn lookup_follows_acl_lookup_command() {
        let reg = registry();
        assert!(reg.lookup(b"GET").is_some());
        assert!(reg.lookup(b"config|GET").is_some());
        assert!(reg.lookup(b"config|get|x").is_none());
        assert!(reg.lookup(b"get|x").is_none());
        assert!(reg.lookup(b"config|").is_none());
        assert!(
            reg.lookup(b"eval").is_some(),
            "Redis commands the engine lacks are still known"
        );
    }
}
