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
//! one unit is about what KEYS spends on one key. Each command's estimate is the `cost`
//! field of its table entry, beside its handler; this module holds what they share.

use crate::db::Db;
use crate::num::parse_i64;
use crate::value::Value;

mod measure;
pub use measure::{measure_at_limit, Measured};

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
    pub fn new(count: u64, weight_milli: u64, unit: &'static str) -> Option<Estimate> {
        Some(Estimate {
            count,
            weight_milli,
            unit,
        })
    }

    pub fn units(&self) -> u64 {
        self.count.saturating_mul(self.weight_milli) / 1000
    }

    /// The largest count this command may reach under `limit`.
    pub fn allowed(&self, limit: u64) -> u64 {
        limit.saturating_mul(1000) / self.weight_milli.max(1)
    }
}

/// What a command's cost function reads: the database it would run in, its arguments
/// and its key positions (from its entry).
pub struct CostInput<'a> {
    pub db: &'a Db,
    pub argv: &'a [Vec<u8>],
    pub keys: &'a [usize],
}

impl CostInput<'_> {
    fn value(&self, i: usize) -> Option<&Value> {
        self.argv
            .get(i)
            .and_then(|key| self.db.keys.get(key.as_slice()))
            .map(|o| &o.value)
    }

    /// The cardinality of the collection under argument `i`; a string counts as
    /// nothing here, so that a command on the wrong type gets Redis's WRONGTYPE rather
    /// than a refusal.
    pub fn size(&self, i: usize) -> u64 {
        self.value(i)
            .filter(|v| v.kind() != crate::value::Kind::String)
            .map_or(0, |v| v.size() as u64)
    }

    /// The length of the string under argument `i` (0 when missing).
    pub fn string_len(&self, i: usize) -> u64 {
        self.value(i).map_or(0, |v| v.size() as u64)
    }

    /// Every key argument's cardinality, summed.
    pub fn sum_of_keys(&self) -> u64 {
        self.keys.iter().map(|&i| self.size(i)).fold(0, u64::saturating_add)
    }

    pub fn int(&self, i: usize) -> Option<i64> {
        self.argv.get(i).and_then(|a| parse_i64(a))
    }

    /// How many elements `key start stop` (LRANGE, ZRANGE by rank) covers in the
    /// collection under argument 1, with Redis's negative indexes and clamping.
    pub fn rank_range(&self) -> u64 {
        let (Some(start), Some(stop)) = (self.int(2), self.int(3)) else {
            return 0;
        };
        let size = self.size(1) as i64;
        let start = if start < 0 { (start + size).max(0) } else { start };
        let stop = if stop < 0 { stop + size } else { stop.min(size - 1) };
        if start > stop {
            0
        } else {
            (stop - start + 1) as u64
        }
    }

    /// The value of a `COUNT n` option after position `from` (SCAN's default: 10).
    pub fn option_count(&self, from: usize) -> u64 {
        let mut i = from;
        while i + 1 < self.argv.len() {
            if self.argv[i].eq_ignore_ascii_case(b"count") {
                return parse_i64(&self.argv[i + 1]).map_or(10, |n| n.max(0) as u64);
            }
            i += 2;
        }
        10
    }
}

/// How the refusal starts: a host may recognise it (to explain it in the learner's
/// language beside the reply, which stays as the engine gave it).
pub const REFUSAL_PREFIX: &str = "ERR command too big for the browser playground:";

/// The error for a command over the limit, in Redis's style (`ERR ...`).
pub fn refusal(command: &str, estimate: &Estimate, limit: u64) -> String {
    format!(
        "{REFUSAL_PREFIX} {} would go through {} {}, and this page allows about {} so that it stays responsive. Narrow it (SCAN, LIMIT, COUNT) or run it against keyspace-server",
        command.to_ascii_uppercase(),
        estimate.count,
        estimate.unit,
        estimate.allowed(limit)
    )
}
