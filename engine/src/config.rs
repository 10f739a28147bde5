//! CONFIG parameters: every parameter Redis 7.0 knows, with its default and type,
//! so CONFIG GET answers like Redis and CONFIG SET validates like Redis. Parameters the
//! engine uses have a typed accessor; the others are remembered.
//!
//! `config_defaults.tsv` was read off `CONFIG GET *` of a stock redis-server 7.0
//! (host-specific ones set to Redis's compiled defaults).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::glob;

const DEFAULTS: &str = include_str!("config_defaults.tsv");

/// Old names Redis still accepts, and the parameter each one stands for.
const ALIASES: &[(&str, &str)] = &[
    ("hash-max-ziplist-entries", "hash-max-listpack-entries"),
    ("hash-max-ziplist-value", "hash-max-listpack-value"),
    ("list-max-ziplist-size", "list-max-listpack-size"),
    ("zset-max-ziplist-entries", "zset-max-listpack-entries"),
    ("zset-max-ziplist-value", "zset-max-listpack-value"),
    ("slaveof", "replicaof"),
    ("slave-announce-ip", "replica-announce-ip"),
    ("slave-announce-port", "replica-announce-port"),
    ("slave-ignore-maxmemory", "replica-ignore-maxmemory"),
    ("slave-lazy-flush", "replica-lazy-flush"),
    ("slave-priority", "replica-priority"),
    ("slave-read-only", "replica-read-only"),
    ("slave-serve-stale-data", "replica-serve-stale-data"),
    ("min-slaves-max-lag", "min-replicas-max-lag"),
    ("min-slaves-to-write", "min-replicas-to-write"),
    ("repl-ping-slave-period", "repl-ping-replica-period"),
    ("cluster-slave-no-failover", "cluster-replica-no-failover"),
    ("cluster-slave-validity-factor", "cluster-replica-validity-factor"),
];

/// Bounds Redis enforces on integer parameters the engine relies on.
const INT_BOUNDS: &[(&str, i64, i64)] = &[
    ("hash-max-listpack-entries", 0, i64::MAX),
    ("hash-max-listpack-value", 0, i64::MAX),
    ("set-max-intset-entries", 0, i64::MAX),
    ("zset-max-listpack-entries", 0, i64::MAX),
    ("zset-max-listpack-value", 0, i64::MAX),
    ("list-max-listpack-size", i32::MIN as i64, i32::MAX as i64),
    ("hz", 0, i32::MAX as i64),
    ("maxmemory-samples", 1, i32::MAX as i64),
    ("auto-aof-rewrite-percentage", 0, i32::MAX as i64),
    ("active-expire-effort", 1, 10),
    ("databases", 1, i32::MAX as i64),
    ("maxclients", 1, u32::MAX as i64),
    ("lfu-log-factor", 0, i32::MAX as i64),
    ("lfu-decay-time", 0, i32::MAX as i64),
    ("slowlog-max-len", 0, i64::MAX),
    ("slowlog-log-slower-than", -1, i64::MAX),
    ("latency-monitor-threshold", 0, i64::MAX),
    ("timeout", 0, i32::MAX as i64),
];

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Bool,
    Int,
    Memory,
    Enum(Vec<String>),
    Str,
    Special,
    Immutable,
}

#[derive(Clone, Debug)]
pub struct Config {
    values: BTreeMap<String, String>,
    kinds: &'static BTreeMap<String, Kind>,
    /// Parsed notify-keyspace-events classes.
    pub(crate) notify_flags: u32,
    /// Parsed maxmemory (checked before every write command).
    pub(crate) maxmemory: u64,
    /// Parsed copies of the parameters read on hot paths.
    hot: HotParams,
}

/// Numbers commands consult on every call, kept parsed (`refresh` keeps them in step).
#[derive(Clone, Debug, Default)]
struct HotParams {
    hash_max_listpack_entries: usize,
    hash_max_listpack_value: usize,
    set_max_intset_entries: usize,
    zset_max_listpack_entries: usize,
    zset_max_listpack_value: usize,
    proto_max_bulk_len: u64,
    hll_sparse_max_bytes: usize,
    lfu_policy: bool,
    slowlog_log_slower_than: i64,
    slowlog_max_len: u64,
    latency_monitor_threshold: i64,
    latency_tracking: bool,
}

/// The parameters' defaults and kinds, parsed from the table once per process: every
/// engine (each lesson sandbox, each fuzz run) starts from a copy instead of re-parsing.
fn schema() -> &'static (BTreeMap<String, String>, BTreeMap<String, Kind>) {
    static SCHEMA: OnceLock<(BTreeMap<String, String>, BTreeMap<String, Kind>)> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut values = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        for line in DEFAULTS.lines().filter(|l| !l.is_empty()) {
            let mut parts = line.splitn(3, '\t');
            let (Some(name), Some(kind), value) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            if ALIASES.iter().any(|(alias, _)| *alias == name) {
                continue;
            }
            let kind = match kind {
                "bool" => Kind::Bool,
                "int" => Kind::Int,
                "memory" => Kind::Memory,
                "special" => Kind::Special,
                "immutable" => Kind::Immutable,
                k if k.starts_with("enum:") => Kind::Enum(k[5..].split(',').map(String::from).collect()),
                _ => Kind::Str,
            };
            values.insert(name.to_string(), value.unwrap_or("").to_string());
            kinds.insert(name.to_string(), kind);
        }
        (values, kinds)
    })
}

impl Default for Config {
    fn default() -> Self {
        let (values, kinds) = schema();
        let mut config = Config {
            values: values.clone(),
            kinds,
            notify_flags: 0,
            maxmemory: 0,
            hot: HotParams::default(),
        };
        for name in [
            "maxmemory",
            "notify-keyspace-events",
            "hash-max-listpack-entries",
            "hash-max-listpack-value",
            "set-max-intset-entries",
            "zset-max-listpack-entries",
            "zset-max-listpack-value",
            "proto-max-bulk-len",
            "hll-sparse-max-bytes",
            "maxmemory-policy",
            "slowlog-log-slower-than",
            "slowlog-max-len",
            "latency-monitor-threshold",
            "latency-tracking",
        ] {
            config.refresh(name);
        }
        config
    }
}

/// Parameters only `enable-protected-configs` lets CONFIG SET change (PROTECTED_CONFIG).
const PROTECTED: &[&str] = &["dir", "dbfilename"];

fn canonical(name: &str) -> &str {
    ALIASES
        .iter()
        .find(|(alias, _)| *alias == name)
        .map_or(name, |(_, real)| real)
}

/// Parses Redis's memory syntax: `100`, `1k`, `1kb`, `2mb`, `1gb` (case-insensitive).
pub fn parse_memory(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let (digits, unit): (&str, i64) = [
        ("gb", 1 << 30),
        ("mb", 1 << 20),
        ("kb", 1 << 10),
        ("g", 1_000_000_000),
        ("m", 1_000_000),
        ("k", 1_000),
        ("b", 1),
    ]
    .iter()
    .find_map(|(suffix, mul)| lower.strip_suffix(suffix).map(|d| (d, *mul)))
    .unwrap_or((&lower, 1));
    let n = crate::num::parse_i64(digits.as_bytes())?;
    n.checked_mul(unit)
}

impl Config {
    /// The current value of a parameter (by name or alias).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(canonical(&name.to_ascii_lowercase()))
            .map(String::as_str)
    }

    pub(crate) fn int(&self, name: &str) -> i64 {
        self.get(name)
            .and_then(|v| crate::num::parse_i64(v.as_bytes()))
            .unwrap_or(0)
    }

    pub fn maxmemory(&self) -> u64 {
        self.maxmemory
    }

    /// Keeps the parsed copies of hot parameters in step with their text.
    fn refresh(&mut self, name: &str) {
        match name {
            "notify-keyspace-events" => {
                self.notify_flags = crate::notify::parse_flags(self.get(name).unwrap_or("")).unwrap_or(0);
            }
            "maxmemory" => self.maxmemory = self.get(name).and_then(parse_memory).unwrap_or(0).max(0) as u64,
            "hash-max-listpack-entries" => self.hot.hash_max_listpack_entries = self.int(name).max(0) as usize,
            "hash-max-listpack-value" => self.hot.hash_max_listpack_value = self.int(name).max(0) as usize,
            "set-max-intset-entries" => self.hot.set_max_intset_entries = self.int(name).max(0) as usize,
            "zset-max-listpack-entries" => self.hot.zset_max_listpack_entries = self.int(name).max(0) as usize,
            "zset-max-listpack-value" => self.hot.zset_max_listpack_value = self.int(name).max(0) as usize,
            "proto-max-bulk-len" => {
                self.hot.proto_max_bulk_len = self.get(name).and_then(parse_memory).unwrap_or(512 << 20).max(0) as u64
            }
            "hll-sparse-max-bytes" => self.hot.hll_sparse_max_bytes = self.int(name).max(0) as usize,
            "maxmemory-policy" => self.hot.lfu_policy = self.get(name).is_some_and(|p| p.contains("lfu")),
            "slowlog-log-slower-than" => self.hot.slowlog_log_slower_than = self.int(name),
            "slowlog-max-len" => self.hot.slowlog_max_len = self.int(name).max(0) as u64,
            "latency-monitor-threshold" => self.hot.latency_monitor_threshold = self.int(name).max(0),
            "latency-tracking" => self.hot.latency_tracking = self.bool(name),
            _ => {}
        }
    }

    pub fn maxmemory_policy(&self) -> &str {
        self.get("maxmemory-policy").unwrap_or("noeviction")
    }

    pub fn hash_max_listpack_entries(&self) -> usize {
        self.hot.hash_max_listpack_entries
    }

    pub fn hash_max_listpack_value(&self) -> usize {
        self.hot.hash_max_listpack_value
    }

    pub fn set_max_intset_entries(&self) -> usize {
        self.hot.set_max_intset_entries
    }

    pub fn zset_max_listpack_entries(&self) -> usize {
        self.hot.zset_max_listpack_entries
    }

    pub fn zset_max_listpack_value(&self) -> usize {
        self.hot.zset_max_listpack_value
    }

    pub fn proto_max_bulk_len(&self) -> u64 {
        self.hot.proto_max_bulk_len
    }

    /// Whether integers 0..9999 are stored as Redis's shared objects: not when
    /// `maxmemory` is set with an LRU or LFU policy (`MAXMEMORY_FLAG_NO_SHARED_INTEGERS`).
    pub fn shares_integers(&self) -> bool {
        self.maxmemory == 0 || {
            let policy = self.maxmemory_policy();
            !(policy.ends_with("-lru") || policy.ends_with("-lfu"))
        }
    }

    /// Whether access frequency is tracked (an LFU maxmemory-policy), as in Redis.
    pub fn lfu_policy(&self) -> bool {
        self.hot.lfu_policy
    }

    /// `slowlog-log-slower-than` (microseconds; negative disables the slow log).
    pub fn slowlog_log_slower_than(&self) -> i64 {
        self.hot.slowlog_log_slower_than
    }

    pub fn slowlog_max_len(&self) -> u64 {
        self.hot.slowlog_max_len
    }

    /// `latency-monitor-threshold` (milliseconds; 0 disables the latency monitor).
    pub fn latency_monitor_threshold(&self) -> i64 {
        self.hot.latency_monitor_threshold
    }

    /// `latency-tracking`: per-command latency histograms (LATENCY HISTOGRAM).
    pub fn latency_tracking(&self) -> bool {
        self.hot.latency_tracking
    }

    pub fn hll_sparse_max_bytes(&self) -> usize {
        self.hot.hll_sparse_max_bytes
    }

    /// `stream-node-max-bytes` in bytes.
    pub fn stream_node_max_bytes(&self) -> u64 {
        self.get("stream-node-max-bytes")
            .and_then(parse_memory)
            .unwrap_or(4096)
            .max(0) as u64
    }

    pub fn bool(&self, name: &str) -> bool {
        self.get(name) == Some("yes")
    }

    /// CONFIG GET: every (name, value) whose name matches one of the patterns,
    /// aliases included, each once.
    pub fn matching(&self, patterns: &[Vec<u8>]) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let names = self
            .values
            .keys()
            .map(String::as_str)
            .chain(ALIASES.iter().map(|(alias, _)| *alias));
        for name in names {
            let hit = patterns.iter().any(|p| {
                let p = p.to_ascii_lowercase();
                if glob::is_literal(&p) {
                    p == name.as_bytes()
                } else {
                    glob::matches(&p, name.as_bytes(), true)
                }
            });
            if hit && !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), self.get(name).unwrap_or("").to_string()));
            }
        }
        out
    }

    /// Validates and applies CONFIG SET pairs all-or-nothing, as Redis 7.0 does.
    pub fn set_many(&mut self, pairs: &[(&[u8], &[u8])]) -> Result<(), String> {
        self.set_many_as(pairs, true)
    }

    /// `set_many` for a client that may or may not set protected parameters (`dir`,
    /// `dbfilename`: `enable-protected-configs`).
    pub fn set_many_as(&mut self, pairs: &[(&[u8], &[u8])], allow_protected: bool) -> Result<(), String> {
        let mut staged: Vec<(String, String)> = Vec::new();
        for (raw_name, raw_value) in pairs {
            let given = String::from_utf8_lossy(raw_name).to_ascii_lowercase();
            let name = canonical(&given).to_string();
            let fail = |why: &str| format!("ERR CONFIG SET failed (possibly related to argument '{given}') - {why}");
            let Some(kind) = self.kinds.get(&name) else {
                return Err(format!(
                    "ERR Unknown option or number of arguments for CONFIG SET - '{given}'"
                ));
            };
            if PROTECTED.contains(&name.as_str()) && !allow_protected {
                return Err(fail("can't set protected config"));
            }
            if staged.iter().any(|(n, _)| *n == name) {
                return Err(fail("duplicate parameter"));
            }
            let value = String::from_utf8_lossy(raw_value).to_string();
            let normalized = match kind {
                Kind::Immutable => return Err(fail("can't set immutable config")),
                Kind::Bool => match value.to_ascii_lowercase().as_str() {
                    "yes" => "yes".to_string(),
                    "no" => "no".to_string(),
                    _ => return Err(fail("argument must be 'yes' or 'no'")),
                },
                Kind::Int => {
                    let n = crate::num::parse_i64(value.as_bytes())
                        .ok_or_else(|| fail("argument couldn't be parsed into an integer"))?;
                    if let Some((_, lo, hi)) = INT_BOUNDS.iter().find(|(n2, _, _)| *n2 == name) {
                        if n < *lo || n > *hi {
                            return Err(fail(&format!("argument must be between {lo} and {hi} inclusive")));
                        }
                    }
                    n.to_string()
                }
                Kind::Memory => {
                    let n = parse_memory(&value).ok_or_else(|| fail("argument must be a memory value"))?;
                    if n < 0 {
                        return Err(fail("argument must be a memory value"));
                    }
                    n.to_string()
                }
                Kind::Enum(options) => {
                    let lower = value.to_ascii_lowercase();
                    if !options.contains(&lower) {
                        return Err(fail(&format!(
                            "argument(s) must be one of the following: {}",
                            options.join(", ")
                        )));
                    }
                    lower
                }
                Kind::Str if name == "dbfilename" && value.contains('/') => {
                    return Err(fail("dbfilename can't be a path, just a filename"))
                }
                Kind::Str => value,
                Kind::Special => self.special(&name, &value).map_err(|why| fail(&why))?,
            };
            staged.push((name, normalized));
        }
        for (name, value) in staged {
            self.values.insert(name.clone(), value);
            self.refresh(&name);
        }
        Ok(())
    }

    fn special(&self, name: &str, value: &str) -> Result<String, String> {
        match name {
            "notify-keyspace-events" => {
                let flags = crate::notify::parse_flags(value)
                    .ok_or_else(|| "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.".to_string())?;
                Ok(crate::notify::flags_to_string(flags))
            }
            "save" => crate::snapshot::normalize_save(value),
            // The host follows it (keyspace-server changes its working directory).
            "dir" => Ok(value.to_string()),
            "maxmemory-clients" => parse_memory(value)
                .map(|n| n.to_string())
                .ok_or_else(|| "argument must be a memory value".into()),
            _ => Ok(value.to_string()),
        }
    }

    /// Sets a value without validation (hosts configuring the engine at start).
    pub fn set_raw(&mut self, name: &str, value: &str) {
        let name = canonical(name).to_string();
        self.values.insert(name.clone(), value.to_string());
        self.refresh(&name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_aliases() {
        let c = Config::default();
        assert_eq!(c.get("hash-max-listpack-entries"), Some("512"));
        assert_eq!(c.get("hash-max-ziplist-entries"), Some("512"));
        assert_eq!(c.get("maxmemory-policy"), Some("noeviction"));
        let got = c.matching(&[b"hash-max-*".to_vec()]);
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn set_validates_like_redis() {
        let mut c = Config::default();
        assert!(c.set_many(&[(b"maxmemory", b"1mb")]).is_ok());
        assert_eq!(c.maxmemory(), 1 << 20);
        assert_eq!(
            c.set_many(&[(b"appendonly", b"maybe")]).unwrap_err(),
            "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'"
        );
        assert_eq!(
            c.set_many(&[(b"nope", b"1")]).unwrap_err(),
            "ERR Unknown option or number of arguments for CONFIG SET - 'nope'"
        );
        // All or nothing.
        assert!(c.set_many(&[(b"hz", b"20"), (b"maxmemory", b"x")]).is_err());
        assert_eq!(c.get("hz"), Some("10"));
    }
}
