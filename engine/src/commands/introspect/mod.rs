//! What the server says about itself: OBJECT and MEMORY (object.c), SLOWLOG (slowlog.c), LATENCY
//! (latency.c), LOLWUT (lolwut*.c), and the replication commands a standalone server
//! answers (ROLE, REPLICAOF/SLAVEOF, WAIT, FAILOVER: replication.c).
//!
//! The engine has no clock: a host that wants durations (SLOWLOG, LATENCY, the
//! latency histograms) installs a monotonic microsecond probe
//! (`Engine::set_monotonic_clock`). Without one every command takes 0 µs, so nothing is
//! logged unless `slowlog-log-slower-than` is 0, exactly Redis's rule for a 0 µs command.

mod latency;
mod lolwut;
mod memory_cmd;
mod object_cmd;
mod replication;
mod slowlog;

use std::collections::VecDeque;

use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec, NO_KEYS};

pub use latency::{Histogram, LatencySeries};
pub use replication::Replication;
pub(crate) use slowlog::CallRecord;
pub use slowlog::SlowlogEntry;

/// The engine's record of itself: slow log, latency events and histograms, memory
/// peak, replication role, and the host's clock.
#[derive(Default)]
pub struct Introspection {
    /// The host's monotonic clock in microseconds (None: commands take no time).
    pub(crate) monotonic: Option<fn() -> u64>,
    pub(crate) slowlog: VecDeque<SlowlogEntry>,
    /// Redis's `slowlog_entry_id`: never reset, not even by SLOWLOG RESET.
    pub(crate) slowlog_next_id: u64,
    /// Latency events in the order they first happened.
    pub(crate) latency: Vec<(String, LatencySeries)>,
    /// Per-command latency histograms (LATENCY HISTOGRAM), keyed by the address of
    /// the command's static full name (cheap to find per call).
    pub(crate) histograms: crate::engine::ByCommand<Histogram>,
    /// The most memory used, as Redis's `stat_peak_memory`.
    pub(crate) peak_memory: u64,
    /// Used memory when the host installed its probe (Redis's `initial_memory_usage`).
    pub(crate) startup_memory: Option<u64>,
    pub(crate) replication: Replication,
}

impl Introspection {
    /// The histogram of the command called `name`, if it has one.
    pub(crate) fn histogram(&self, name: &str) -> Option<&Histogram> {
        self.histograms.values().find(|(n, _)| *n == name).map(|(_, h)| h)
    }

    /// Microseconds on the host's monotonic clock, if it has one.
    pub(crate) fn clock(&self) -> Option<u64> {
        self.monotonic.map(|probe| probe())
    }
}

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    object_cmd::OBJECT_COMMAND,
    CommandSpec {
        name: "memory", arity: -2, flags: 0, acl: "",
        group: "server", since: "4.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for memory diagnostics commands",
        subcommands: MEMORY,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "slowlog", arity: -2, flags: 0, acl: "",
        group: "server", since: "2.2.12", handler: crate::exec::container_without_subcommand,
        summary: "A container for slow log commands",
        subcommands: SLOWLOG,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "latency", arity: -2, flags: 0, acl: "",
        group: "server", since: "2.8.13", handler: crate::exec::container_without_subcommand,
        summary: "A container for latency diagnostics commands",
        subcommands: LATENCY,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "lolwut", arity: -1, flags: READONLY | FAST, acl: "", keys: NO_KEYS,
        group: "server", since: "5.0.0", handler: lolwut::lolwut,
        summary: "Display some computer art and the Redis version",
        syntax: "[VERSION version]",
        cost: Some(lolwut::lolwut_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "role", arity: 1, flags: NOSCRIPT | LOADING | STALE | FAST | SENTINEL, acl: "@admin @dangerous", keys: NO_KEYS,
        group: "server", since: "2.8.12", handler: replication::role,
        summary: "Return the role of the instance in the context of replication",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "replicaof", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "5.0.0", handler: replication::replicaof,
        summary: "Make the server a replica of another instance, or promote it as master.",
        syntax: "host port",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "slaveof", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | NOSCRIPT | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "1.0.0", handler: replication::replicaof,
        summary: "Make the server a replica of another instance, or promote it as master.",
        syntax: "host port",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "wait", arity: 3, flags: NOSCRIPT, acl: "@connection", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:agg_min",
        group: "generic", since: "3.0.0", handler: replication::wait,
        summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection",
        syntax: "numreplicas timeout",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "failover", arity: -1, flags: ADMIN | NOSCRIPT | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "6.2.0", handler: replication::failover,
        summary: "Start a coordinated failover between this server and one of its replicas.",
        syntax: "[TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static MEMORY: &[CommandSpec] = &[
    CommandSpec {
        name: "doctor", arity: 2, flags: 0, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_shards response_policy:special",
        group: "server", since: "4.0.0", handler: memory_cmd::doctor,
        summary: "Outputs memory problems report",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "4.0.0", handler: memory_cmd::help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "malloc-stats", arity: 2, flags: 0, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_shards response_policy:special",
        group: "server", since: "4.0.0", handler: memory_cmd::malloc_stats,
        summary: "Show allocator internal stats",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "purge", arity: 2, flags: 0, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_shards response_policy:all_succeeded",
        group: "server", since: "4.0.0", handler: memory_cmd::purge,
        summary: "Ask the allocator to release memory",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "stats", arity: 2, flags: 0, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_shards response_policy:special",
        group: "server", since: "4.0.0", handler: memory_cmd::stats,
        summary: "Show memory usage details",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "usage", arity: -3, flags: READONLY, acl: "", keys: KeyPos::range(2, 2, 1),
        key_specs: &[KeySpec::at(2, "RO")],
        group: "server", since: "4.0.0", handler: memory_cmd::usage,
        summary: "Estimate the memory usage of a key",
        syntax: "key [SAMPLES count]",
        cost: Some(memory_cmd::usage_cost),
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static SLOWLOG: &[CommandSpec] = &[
    CommandSpec {
        name: "get", arity: -2, flags: ADMIN | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_nodes nondeterministic_output",
        group: "server", since: "2.2.12", handler: slowlog::get,
        summary: "Get the slow log's entries",
        syntax: "[count]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "6.2.0", handler: slowlog::help,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "len", arity: 2, flags: ADMIN | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:agg_sum nondeterministic_output",
        group: "server", since: "2.2.12", handler: slowlog::len,
        summary: "Get the slow log's length",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reset", arity: 2, flags: ADMIN | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:all_succeeded",
        group: "server", since: "2.2.12", handler: slowlog::reset,
        summary: "Clear all entries from the slow log",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static LATENCY: &[CommandSpec] = &[
    CommandSpec {
        name: "doctor", arity: 2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
        group: "server", since: "2.8.13", handler: latency::doctor,
        summary: "Return a human readable latency analysis report.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "graph", arity: 3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
        group: "server", since: "2.8.13", handler: latency::graph,
        summary: "Return a latency graph for the event.",
        syntax: "event",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "server", since: "2.8.13", handler: latency::help,
        summary: "Show helpful text about the different subcommands.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "histogram", arity: -2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
        group: "server", since: "7.0.0", handler: latency::histogram,
        summary: "Return the cumulative distribution of latencies of a subset of commands or all.",
        syntax: "[command [command ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "history", arity: 3, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
        group: "server", since: "2.8.13", handler: latency::history,
        summary: "Return timestamp-latency samples for the event.",
        syntax: "event",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "latest", arity: 2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output request_policy:all_nodes response_policy:special",
        group: "server", since: "2.8.13", handler: latency::latest,
        summary: "Return the latest latency samples for all events.",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reset", arity: -2, flags: ADMIN | NOSCRIPT | LOADING | STALE, acl: "", keys: NO_KEYS,
        tips: "request_policy:all_nodes response_policy:all_succeeded",
        group: "server", since: "2.8.13", handler: latency::reset,
        summary: "Reset latency data for one or more events.",
        syntax: "[event [event ...]]",
        ..CommandSpec::DEFAULT
    },
];
