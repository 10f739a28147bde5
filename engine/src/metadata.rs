//! Redis 7.0.15's own metadata about its commands: the COMMAND DOCS and COMMAND INFO
//! replies of the oracle, in RESP3, kept in `engine/data/redis-7.0.15-commands.resp`
//! (`cargo xtask gen-command-metadata` writes it).
//!
//! COMMAND DOCS answers from it, limited to the commands and subcommands the engine
//! has, so argument trees, complexity and history are Redis's own. COMMAND INFO does
//! not need it: the table holds each command's key specs and tips, and
//! `engine/tests/metadata.rs` holds every entry to the oracle's here.
//!
//! The engine does not build the file in (a browser widget need not download it): a host
//! installs it once (`install`). keyspace-server and the tests include it; the browser app
//! fetches it after start-up. Until then COMMAND DOCS answers from the table alone
//! (summary, since, group).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::reply::Reply;

/// The file's name, for hosts that serve or include it.
pub const FILE_NAME: &str = "redis-7.0.15-commands.resp";

pub struct Metadata {
    /// COMMAND DOCS entries by name (subcommands inside, as Redis nests them).
    docs: HashMap<String, Reply>,
    /// COMMAND INFO entries by name (subcommands inside).
    info: HashMap<String, Reply>,
}

static METADATA: OnceLock<Metadata> = OnceLock::new();

fn text(reply: &Reply) -> Option<String> {
    match reply {
        Reply::Bulk(b) => Some(String::from_utf8_lossy(b).to_ascii_lowercase()),
        Reply::Status(s) => Some(s.to_ascii_lowercase()),
        _ => None,
    }
}

/// Reads the file's two replies (COMMAND DOCS, then COMMAND INFO).
pub fn parse(bytes: &[u8]) -> Result<Metadata, String> {
    let (docs, used) = crate::resp::parse_reply(bytes)?.ok_or("the COMMAND DOCS reply is cut short")?;
    let (info, _) = crate::resp::parse_reply(&bytes[used..])?.ok_or("the COMMAND INFO reply is cut short")?;
    let Reply::Map(docs) = docs else {
        return Err("COMMAND DOCS is not a map".into());
    };
    let Reply::Array(info) = info else {
        return Err("COMMAND INFO is not an array".into());
    };
    Ok(Metadata {
        docs: docs.into_iter().filter_map(|(k, v)| Some((text(&k)?, v))).collect(),
        info: info
            .into_iter()
            .filter_map(|entry| {
                let name = match &entry {
                    Reply::Array(fields) => text(fields.first()?)?,
                    _ => return None,
                };
                Some((name, entry))
            })
            .collect(),
    })
}

/// Installs the metadata (once per process: the first install wins).
pub fn install(bytes: &[u8]) -> Result<(), String> {
    let metadata = parse(bytes)?;
    let _ = METADATA.set(metadata);
    Ok(())
}

pub fn installed() -> Option<&'static Metadata> {
    METADATA.get()
}

/// `parent|sub` keys of a subcommands map or array kept only when `keep` holds.
fn keep_subcommands(reply: &Reply, keep: &dyn Fn(&str) -> bool) -> Reply {
    match reply {
        Reply::Map(fields) => Reply::Map(
            fields
                .iter()
                .map(|(k, v)| {
                    let v = if text(k).as_deref() == Some("subcommands") {
                        match v {
                            Reply::Map(subs) => Reply::Map(
                                subs.iter()
                                    .filter(|(name, _)| text(name).is_some_and(|n| keep(&n)))
                                    .cloned()
                                    .collect(),
                            ),
                            other => other.clone(),
                        }
                    } else {
                        v.clone()
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        // COMMAND INFO: the subcommands are the 10th field, an array of entries.
        Reply::Array(fields) => Reply::Array(
            fields
                .iter()
                .enumerate()
                .map(|(i, f)| match (i, f) {
                    (9, Reply::Array(subs)) => Reply::Array(
                        subs.iter()
                            .filter(|s| match s {
                                Reply::Array(sf) => sf.first().and_then(text).is_some_and(|n| keep(&n)),
                                _ => false,
                            })
                            .cloned()
                            .collect(),
                    ),
                    _ => f.clone(),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

impl Metadata {
    /// COMMAND DOCS of a command (`name`) or subcommand (`parent|sub`), with only the
    /// subcommands `has` says exist.
    pub fn docs(&self, name: &str, has: &dyn Fn(&str) -> bool) -> Option<Reply> {
        match name.split_once('|') {
            None => self.docs.get(name).map(|d| keep_subcommands(d, has)),
            Some((parent, _)) => {
                let Reply::Map(fields) = self.docs.get(parent)? else {
                    return None;
                };
                fields.iter().find_map(|(k, v)| match (text(k).as_deref(), v) {
                    (Some("subcommands"), Reply::Map(subs)) => subs
                        .iter()
                        .find(|(n, _)| text(n).as_deref() == Some(name))
                        .map(|(_, d)| d.clone()),
                    _ => None,
                })
            }
        }
    }

    /// COMMAND INFO of a command or subcommand, with only the subcommands `has` says exist.
    pub fn info(&self, name: &str, has: &dyn Fn(&str) -> bool) -> Option<Reply> {
        match name.split_once('|') {
            None => self.info.get(name).map(|i| keep_subcommands(i, has)),
            Some((parent, _)) => {
                let Reply::Array(fields) = self.info.get(parent)? else {
                    return None;
                };
                let Some(Reply::Array(subs)) = fields.get(9) else {
                    return None;
                };
                subs.iter()
                    .find(|s| matches!(s, Reply::Array(sf) if sf.first().and_then(text).as_deref() == Some(name)))
                    .cloned()
            }
        }
    }

    /// Every command the metadata describes.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.info.keys().map(String::as_str)
    }
}
