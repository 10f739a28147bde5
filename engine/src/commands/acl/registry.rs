//! The command ids ACL bitmaps index (Redis's `ACLGetCommandID`) and each command's
//! categories, built once from the command table: every command, then each of its
//! subcommands, in table order.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::table::{self, CommandSpec};

/// Redis's `ACLCommandCategories`, in its order (ACL CAT lists them so, and the
/// best-fit description of a user tries them so).
pub const CATEGORIES: &[&str] = &[
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

/// The bit of a category name (any letter case), or None when Redis knows no such category.
pub fn category_bit(name: &[u8]) -> Option<u32> {
    CATEGORIES
        .iter()
        .position(|c| c.as_bytes().eq_ignore_ascii_case(name))
        .map(|i| 1 << i)
}

pub struct Command {
    pub spec: &'static CommandSpec,
    /// `get`, `config|get`.
    pub full_name: &'static str,
    pub parent: Option<usize>,
    pub subcommands: Vec<usize>,
    /// Category bits (see `CATEGORIES`).
    pub categories: u32,
}

pub struct Registry {
    pub commands: Vec<Command>,
    /// Top-level commands in table order.
    pub top: Vec<usize>,
    by_spec: HashMap<usize, usize>,
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

    /// Redis's `ACLLookupCommand`: `get`, `config|get`; None for an unknown name, a
    /// `|` after a command without subcommands, or more than one `|`.
    pub fn lookup(&self, name: &[u8]) -> Option<usize> {
        let mut parts = name.split(|&b| b == b'|');
        let base = parts.next()?;
        let sub = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let spec = table::lookup(base)?;
        let id = self.id_of(spec)?;
        match sub {
            None => Some(id),
            Some(sub) => {
                let sub_spec = spec.subcommand(sub)?;
                self.id_of(sub_spec)
            }
        }
    }
}

fn category_bits(spec: &CommandSpec) -> u32 {
    spec.acl_categories()
        .iter()
        .filter_map(|c| category_bit(c.trim_start_matches('@').as_bytes()))
        .fold(0, |a, b| a | b)
}

pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut commands = Vec::new();
        let mut top = Vec::new();
        let mut by_spec = HashMap::new();
        for spec in table::all() {
            let id = commands.len();
            top.push(id);
            by_spec.insert(spec as *const CommandSpec as usize, id);
            commands.push(Command {
                spec,
                full_name: spec.name,
                parent: None,
                subcommands: Vec::new(),
                categories: category_bits(spec),
            });
            for sub in spec.subcommands {
                let sub_id = commands.len();
                by_spec.insert(sub as *const CommandSpec as usize, sub_id);
                commands.push(Command {
                    spec: sub,
                    full_name: table::full_name(Some(spec), sub),
                    parent: Some(id),
                    subcommands: Vec::new(),
                    categories: category_bits(sub),
                });
                commands[id].subcommands.push(sub_id);
            }
        }
        Registry { commands, top, by_spec }
    })
}
