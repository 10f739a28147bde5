//! Redis Cluster's commands as a server started without `cluster-enabled` answers
//! them (cluster.c): CLUSTER and every one of its subcommands, HELP and KEYSLOT
//! included, and ASKING, READONLY, READWRITE, refuse with "This instance has cluster
//! support disabled" once their arity is right. The engine is one standalone node, so
//! that is all they ever say here; unknown subcommands and wrong arities get the
//! dispatcher's usual errors first, as in Redis.

use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, NO_KEYS};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "cluster", arity: -2, flags: 0, acl: "",
        group: "cluster", since: "3.0.0", handler: crate::exec::container_without_subcommand,
        summary: "A container for cluster commands",
        subcommands: CLUSTER,
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "asking", arity: 1, flags: FAST, acl: "@connection", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Sent by cluster clients after an -ASK redirect",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "readonly", arity: 1, flags: FAST | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Enables read queries for a connection to a cluster replica node",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "readwrite", arity: 1, flags: FAST | LOADING | STALE, acl: "@connection", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Disables read queries for a connection to a cluster replica node",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

#[rustfmt::skip]
static CLUSTER: &[CommandSpec] = &[
    CommandSpec {
        name: "addslots", arity: -3, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Assign new hash slots to receiving node",
        syntax: "slot [slot ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "addslotsrange", arity: -4, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "7.0.0", handler: disabled,
        summary: "Assign new hash slots to receiving node",
        syntax: "start-slot end-slot [start-slot end-slot ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bumpepoch", arity: 2, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Advance the cluster config epoch",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "count-failure-reports", arity: 3, flags: ADMIN | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Return the number of failure reports active for a given node",
        syntax: "node-id",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "countkeysinslot", arity: 3, flags: STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Return the number of local keys in the specified hash slot",
        syntax: "slot",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "delslots", arity: -3, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Set hash slots as unbound in receiving node",
        syntax: "slot [slot ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "delslotsrange", arity: -4, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "7.0.0", handler: disabled,
        summary: "Set hash slots as unbound in receiving node",
        syntax: "start-slot end-slot [start-slot end-slot ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "failover", arity: -2, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Forces a replica to perform a manual failover of its master.",
        syntax: "[FORCE|TAKEOVER]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "flushslots", arity: 2, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Delete a node's own slots information",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "forget", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Remove a node from the nodes table",
        syntax: "node-id",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getkeysinslot", arity: 4, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Return local key names in the specified hash slot",
        syntax: "slot count",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "help", arity: 2, flags: LOADING | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "5.0.0", handler: disabled,
        summary: "Show helpful text about the different subcommands",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "info", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Provides info about Redis Cluster node state",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "keyslot", arity: 3, flags: STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Returns the hash slot of the specified key",
        syntax: "key",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "links", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "7.0.0", handler: disabled,
        summary: "Returns a list of all TCP links to and from peer nodes in cluster",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "meet", arity: -4, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Force a node cluster to handshake with another node",
        syntax: "ip port [cluster_bus_port]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "myid", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Return the node id",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "nodes", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Get Cluster config for the node",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "replicas", arity: 3, flags: ADMIN | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "5.0.0", handler: disabled,
        summary: "List replica nodes of the specified master node",
        syntax: "node-id",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "replicate", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Reconfigure a node as a replica of the specified master node",
        syntax: "node-id",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "reset", arity: -2, flags: ADMIN | STALE | NOSCRIPT, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Reset a Redis Cluster node",
        syntax: "[HARD|SOFT]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "saveconfig", arity: 2, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Forces the node to save cluster state on disk",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "set-config-epoch", arity: 3, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Set the configuration epoch in a new node",
        syntax: "config-epoch",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "setslot", arity: -4, flags: NO_ASYNC_LOADING | ADMIN | STALE, acl: "", keys: NO_KEYS,
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Bind a hash slot to a specific node",
        syntax: "slot IMPORTING node-id|MIGRATING node-id|NODE node-id|STABLE",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "shards", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "7.0.0", handler: disabled,
        summary: "Get array of cluster slots to node mappings",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "slaves", arity: 3, flags: ADMIN | STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "List replica nodes of the specified master node",
        syntax: "node-id",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "slots", arity: 2, flags: STALE, acl: "", keys: NO_KEYS,
        tips: "nondeterministic_output",
        group: "cluster", since: "3.0.0", handler: disabled,
        summary: "Get array of Cluster slot to node mappings",
        syntax: "",
        ..CommandSpec::DEFAULT
    },
];

/// `clusterCommand`, `askingCommand`, `readonlyCommand`, `readwriteCommand` when
/// `server.cluster_enabled` is 0: their first check.
fn disabled(_ctx: &mut Ctx) -> CmdResult {
    Err(Reply::err("ERR This instance has cluster support disabled"))
}
