//! The work limit: a host may cap how much one command may work through, so that
//! `KEYS *` on a million keys or `SORT` of a huge list cannot freeze a browser tab
//! (the engine runs on the page's only thread and cannot be interrupted).
//!
//! Redis has no such limit and neither has the engine by default (keyspace-server and
//! the conformance tests run without one). The browser sets one: a command whose
//! estimate is over it is refused up front, before it changes anything, with an error
//! that says why and how to narrow it. Internal clients (AOF loading, lesson checks)
//! are never limited: replaying what was accepted once must not fail.
//!
//! Estimates are counts of elements (keys, members, bytes) times a weight measured
//! per command (`cargo xtask bench` prints the figures behind them), in work units:
//! one unit is about what KEYS spends on one key.

use crate::engine::Engine;
use crate::table::CommandSpec;

/// The browser's limit: about 60 ms of the slowest command kinds on this project's
/// reference machine (see README, "Long commands"), well inside a 100 ms frame budget.
pub const BROWSER_WORK_LIMIT: u64 = 400_000;

/// What a command would cost, in units, and how to describe it.
#[derive(Debug, PartialEq)]
pub struct Estimate {
    /// Elements the command would go through.
    pub count: u64,
    /// Units per element, in thousandths (KEYS: 1000).
    pub weight_milli: u64,
    pub unit: &'static str,
}

impl Estimate {
    pub fn units(&self) -> u64 {
        self.count.saturating_mul(self.weight_milli) / 1000
    }

    /// The largest count this command may reach under `limit`.
    pub fn allowed(&self, limit: u64) -> u64 {
        limit.saturating_mul(1000) / self.weight_milli.max(1)
    }
}

/// The estimate of a command whose cost grows with the data (not with its arguments,
/// which the host already holds); None for commands of bounded cost.
pub fn estimate(eng: &Engine, db: usize, spec: &CommandSpec, argv: &[Vec<u8>]) -> Option<Estimate> {
    let keys = || crate::commands::keys_of(spec, argv);
    let value = |i: usize| argv.get(i).and_then(|key| eng.dbs[db].keys.get(key.as_slice()));
    // A collection's cardinality; a string counts as nothing here, so that a command on
    // the wrong type gets Redis's WRONGTYPE rather than a refusal.
    let size = |i: usize| -> u64 {
        value(i)
            .filter(|o| o.value.kind() != crate::value::Kind::String)
            .map_or(0, |o| o.value.size() as u64)
    };
    let string_len = |i: usize| value(i).map_or(0, |o| o.value.size() as u64);
    let sum_of_keys = || keys().into_iter().map(size).fold(0u64, u64::saturating_add);
    let (count, weight_milli, unit) = match spec.name {
        "keys" => (eng.dbs[db].len() as u64, 1000, "keys"),
        "scan" => (option_count(argv, 2).min(eng.dbs[db].len() as u64), 8000, "keys"),
        "hscan" | "sscan" | "zscan" => (option_count(argv, 3).min(size(1)), 8000, "elements"),
        "sort" | "sort_ro" => (size(1), 5000, "elements"),
        "sunion" | "sinter" | "sdiff" | "sunionstore" | "sinterstore" | "sdiffstore" | "sintercard" => {
            (sum_of_keys(), 3000, "elements")
        }
        "zunion" | "zinter" | "zdiff" | "zunionstore" | "zinterstore" | "zdiffstore" | "zintercard" => {
            (sum_of_keys(), 6000, "elements")
        }
        "srandmember" | "zrandmember" | "hrandfield" => {
            let count = argv.get(2).and_then(|c| crate::num::parse_i64(c))?;
            let picks = if count < 0 {
                count.unsigned_abs()
            } else {
                (count as u64).min(size(1))
            };
            (picks, 2500, "elements")
        }
        "smembers" | "hgetall" | "hkeys" | "hvals" => (size(1), 1500, "elements"),
        // By rank only: a score or lex range's length is not known before it runs.
        "lrange" | "zrange" | "zrevrange"
            if !argv
                .iter()
                .skip(4)
                .any(|a| a.eq_ignore_ascii_case(b"byscore") || a.eq_ignore_ascii_case(b"bylex")) =>
        {
            (rank_range(argv, size(1)), 1500, "elements")
        }
        "copy" | "zrangestore" => (size(1), 2000, "elements"),
        // Growing a string allocates and zeroes every new byte at once.
        "setrange" | "setbit" => {
            let offset = argv.get(2).and_then(|o| crate::num::parse_i64(o)).filter(|&o| o >= 0)? as u64;
            let end = if spec.name == "setbit" {
                offset / 8 + 1
            } else {
                offset + argv.get(3).map_or(0, |v| v.len() as u64)
            };
            (end.saturating_sub(string_len(1)), 10, "bytes")
        }
        _ => return None,
    };
    Some(Estimate {
        count,
        weight_milli,
        unit,
    })
}

/// How many elements `key start stop` (LRANGE, ZRANGE by rank) covers in a collection
/// of `size`, with Redis's negative indexes and clamping.
fn rank_range(argv: &[Vec<u8>], size: u64) -> u64 {
    let index = |i: usize| argv.get(i).and_then(|a| crate::num::parse_i64(a));
    let (Some(start), Some(stop)) = (index(2), index(3)) else {
        return 0;
    };
    let size = size as i64;
    let start = if start < 0 { (start + size).max(0) } else { start };
    let stop = if stop < 0 { stop + size } else { stop.min(size - 1) };
    if start > stop {
        0
    } else {
        (stop - start + 1) as u64
    }
}

/// The value of a `COUNT n` option after position `from` (SCAN's default: 10).
fn option_count(argv: &[Vec<u8>], from: usize) -> u64 {
    let mut i = from;
    while i + 1 < argv.len() {
        if argv[i].eq_ignore_ascii_case(b"count") {
            return crate::num::parse_i64(&argv[i + 1]).map_or(10, |n| n.max(0) as u64);
        }
        i += 2;
    }
    10
}

/// The error for a command over the limit, in Redis's style (`ERR ...`).
pub fn refusal(command: &str, estimate: &Estimate, limit: u64) -> String {
    format!(
        "ERR command too big for the browser playground: {} would go through {} {}, and this page allows about {} so that it stays responsive. Narrow it (SCAN, LIMIT, COUNT) or run it against keyspace-server",
        command.to_ascii_uppercase(),
        estimate.count,
        estimate.unit,
        estimate.allowed(limit)
    )
}

/// One measured case of `measure_at_limit`.
#[derive(Debug)]
pub struct Measured {
    pub command: &'static str,
    /// Elements the command went through: the most the limit allows it.
    pub count: u64,
    /// What it counts (keys, elements, bytes).
    pub unit: &'static str,
    pub millis: f64,
}

/// Times the long command kinds at the largest size `limit` lets through, on a
/// keyspace built for each (without a limit, so they run). `clock` is the host's
/// milliseconds. `cargo xtask bench` runs it natively and in the browser; the limit is
/// right when every figure stays well under a 100 ms frame budget in the browser.
pub fn measure_at_limit(limit: u64, clock: &mut dyn FnMut() -> f64) -> Vec<Measured> {
    const CASES: &[(&str, &str)] = &[
        ("KEYS *", "keys"),
        ("SCAN 0 COUNT {n}", "keys"),
        ("SORT list", "list"),
        ("SUNIONSTORE dest s1 s2", "sets"),
        ("ZUNIONSTORE dest 2 z1 z2", "zsets"),
        ("LRANGE list 0 -1", "list"),
        ("SRANDMEMBER s1 -{n}", "sets"),
        ("SETRANGE str {n} x", "none"),
    ];
    let mut out = Vec::new();
    for &(template, data) in CASES {
        let mut engine = Engine::new(1, 0);
        let client = engine.connect(0);
        let name = template.split(' ').next().unwrap_or_default().to_ascii_lowercase();
        let spec = crate::table::lookup(name.as_bytes()).expect("a known command");
        let probe = argv_of(template, 1);
        let (per, unit) = estimate(&engine, 0, spec, &probe).map_or((1000, "elements"), |e| (e.weight_milli, e.unit));
        let n = limit.saturating_mul(1000) / per.max(1);
        // Sets and sorted sets are built as two halves that a union goes through.
        let half = n.div_ceil(2);
        let fill = |engine: &mut Engine, head: &[&str], count: u64, member: &dyn Fn(u64) -> Vec<Vec<u8>>| {
            let mut i = 0;
            while i < count {
                let mut argv: Vec<Vec<u8>> = head.iter().map(|w| w.as_bytes().to_vec()).collect();
                for j in i..(i + 10_000).min(count) {
                    argv.extend(member(j));
                }
                engine.call(client, argv, 0);
                i += 10_000;
            }
        };
        match data {
            "keys" => fill(&mut engine, &["MSET"], n, &|j| {
                vec![format!("key:{j}").into_bytes(), b"v".to_vec()]
            }),
            "list" => fill(&mut engine, &["RPUSH", "list"], n, &|j| {
                vec![((j * 7919) % n.max(1)).to_string().into_bytes()]
            }),
            "sets" => {
                fill(&mut engine, &["SADD", "s1"], half, &|j| {
                    vec![format!("a{j}").into_bytes()]
                });
                fill(&mut engine, &["SADD", "s2"], half, &|j| {
                    vec![format!("b{j}").into_bytes()]
                });
            }
            "zsets" => {
                fill(&mut engine, &["ZADD", "z1"], half, &|j| {
                    vec![j.to_string().into_bytes(), format!("a{j}").into_bytes()]
                });
                fill(&mut engine, &["ZADD", "z2"], half, &|j| {
                    vec![j.to_string().into_bytes(), format!("b{j}").into_bytes()]
                });
            }
            _ => {}
        }
        let argv = argv_of(template, n);
        let command = template.split(' ').next().unwrap_or_default();
        let started = clock();
        let reply = engine.call(client, argv, 0);
        let millis = clock() - started;
        drop(reply);
        out.push(Measured {
            command,
            count: n,
            unit,
            millis,
        });
    }
    out
}

/// A case's command line with `{n}` filled in, as arguments.
fn argv_of(template: &str, n: u64) -> Vec<Vec<u8>> {
    template
        .replace("{n}", &n.to_string())
        .split(' ')
        .map(|w| w.as_bytes().to_vec())
        .collect()
}
