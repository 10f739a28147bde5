//! The replication commands as a server without replicas answers them (replication.c).
//!
//! The engine has no sockets, so it can never reach a master. REPLICAOF host port is
//! still accepted, as Redis accepts it: the server becomes a replica whose link to its
//! master stays down (Redis's state while the master does not answer): ROLE says
//! `slave ... connect -1`, INFO replication `master_link_status:down`, writes are
//! refused with READONLY (and, with `replica-serve-stale-data no`, most commands with
//! MASTERDOWN) until REPLICAOF NO ONE makes it a master again.

use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::{flags, CommandSpec};

/// The replication role and ids (`server.masterhost`, `replid`, `replid2`...).
#[derive(Clone, Debug)]
pub struct Replication {
    /// The master this server was told to follow (REPLICAOF host port).
    pub master: Option<(String, i64)>,
    /// The replication id; None until it changes: the engine's run id stands for it.
    pub replid: Option<String>,
    /// The previous replication id, after a replica became a master.
    pub replid2: String,
    pub second_offset: i64,
}

impl Default for Replication {
    fn default() -> Self {
        Replication {
            master: None,
            replid: None,
            replid2: "0".repeat(40),
            second_offset: -1,
        }
    }
}

impl Engine {
    /// The INFO replication section's lines (7.0's fields in its order).
    pub(crate) fn replication_info(&self) -> Vec<(&'static str, String)> {
        let r = &self.intro.replication;
        let mut lines = Vec::new();
        match &r.master {
            None => lines.push(("role", "master".to_string())),
            Some((host, port)) => {
                lines.extend([
                    ("role", "slave".to_string()),
                    ("master_host", host.clone()),
                    ("master_port", port.to_string()),
                    ("master_link_status", "down".to_string()),
                    ("master_last_io_seconds_ago", "-1".to_string()),
                    ("master_sync_in_progress", "0".to_string()),
                    ("slave_read_repl_offset", "0".to_string()),
                    ("slave_repl_offset", "0".to_string()),
                    ("master_link_down_since_seconds", "-1".to_string()),
                    (
                        "slave_priority",
                        self.config.get("replica-priority").unwrap_or("100").to_string(),
                    ),
                    (
                        "slave_read_only",
                        (self.config.bool("replica-read-only") as u8).to_string(),
                    ),
                    (
                        "replica_announced",
                        (self.config.bool("replica-announced") as u8).to_string(),
                    ),
                ]);
            }
        }
        let backlog = self.config.get("repl-backlog-size").unwrap_or("1048576").to_string();
        lines.extend([
            ("connected_slaves", "0".to_string()),
            ("master_failover_state", "no-failover".to_string()),
            ("master_replid", r.replid.clone().unwrap_or_else(|| self.run_id.clone())),
            ("master_replid2", r.replid2.clone()),
            ("master_repl_offset", "0".to_string()),
            ("second_repl_offset", r.second_offset.to_string()),
            ("repl_backlog_active", "0".to_string()),
            ("repl_backlog_size", backlog),
            ("repl_backlog_first_byte_offset", "0".to_string()),
            ("repl_backlog_histlen", "0".to_string()),
        ]);
        lines
    }

    pub(crate) fn is_replica(&self) -> bool {
        self.intro.replication.master.is_some()
    }

    /// processCommand's READONLY: writes (or an EXEC of writes) on a read-only replica.
    pub(crate) fn replica_readonly(&self, spec: &CommandSpec, queued_write: bool) -> Option<Reply> {
        let write = spec.has(flags::WRITE) || queued_write;
        (write && self.config.bool("replica-read-only"))
            .then(|| Reply::err("READONLY You can't write against a read only replica."))
    }

    /// processCommand's MASTERDOWN: commands without `stale` (or an EXEC of some)
    /// while the link to the master is down and `replica-serve-stale-data` is no.
    pub(crate) fn replica_masterdown(&self, spec: &CommandSpec, queued_not_stale: bool) -> Option<Reply> {
        let deny_stale = !spec.has(flags::STALE) || queued_not_stale;
        (deny_stale && !self.config.bool("replica-serve-stale-data"))
            .then(|| Reply::err("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."))
    }
}

pub(super) fn role(ctx: &mut Ctx) -> CmdResult {
    Ok(match &ctx.eng.intro.replication.master {
        None => Reply::Array(vec![Reply::bulk("master"), Reply::Int(0), Reply::Array(vec![])]),
        Some((host, port)) => Reply::Array(vec![
            Reply::bulk("slave"),
            Reply::bulk(host.as_bytes()),
            Reply::Int(*port),
            Reply::bulk("connect"),
            Reply::Int(-1),
        ]),
    })
}

/// REPLICAOF / SLAVEOF.
pub(super) fn replicaof(ctx: &mut Ctx) -> CmdResult {
    if ctx.is(1, "no") && ctx.is(2, "one") {
        if ctx.eng.intro.replication.master.take().is_some() {
            // `shiftReplicationId`: a new id, the old one kept as the second.
            let old = ctx
                .eng
                .intro
                .replication
                .replid
                .clone()
                .unwrap_or_else(|| ctx.eng.run_id.clone());
            let new = ctx.eng.rng.hex_id();
            let r = &mut ctx.eng.intro.replication;
            r.replid2 = old;
            r.replid = Some(new);
            r.second_offset = 1;
        }
        return Ok(Reply::ok());
    }
    let port = crate::num::parse_i64(ctx.arg(2))
        .filter(|p| (0..=65535).contains(p))
        .ok_or_else(|| Reply::err("ERR Invalid master port"))?;
    let host = String::from_utf8_lossy(ctx.arg(1)).into_owned();
    if let Some((h, p)) = &ctx.eng.intro.replication.master {
        if h.eq_ignore_ascii_case(&host) && *p == port {
            return Ok(Reply::status("OK Already connected to specified master"));
        }
    }
    ctx.eng.intro.replication.master = Some((host, port));
    // `disconnectAllBlockedClients`: what they waited for belongs to the old role.
    let blocked: Vec<_> = ctx
        .eng
        .clients
        .values()
        .filter(|c| c.blocked.is_some())
        .map(|c| c.id)
        .collect();
    for id in blocked {
        ctx.eng.unblock_client(id);
        ctx.eng.send(
            id,
            Reply::err("UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)"),
        );
        if let Some(c) = ctx.eng.clients.get_mut(&id) {
            c.closing = true;
        }
    }
    Ok(Reply::ok())
}

pub(super) fn wait(ctx: &mut Ctx) -> CmdResult {
    if ctx.eng.is_replica() {
        return Err(Reply::err("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated."));
    }
    let replicas = ctx.int_arg(1)?;
    let timeout =
        crate::num::parse_i64(ctx.arg(2)).ok_or_else(|| Reply::err("ERR timeout is not an integer or out of range"))?;
    if timeout < 0 {
        return Err(Reply::err("ERR timeout is negative"));
    }
    if timeout > 0 && timeout > i64::MAX - ctx.now {
        return Err(Reply::err("ERR timeout is out of range"));
    }
    // No replica ever acknowledges: enough only when none is asked for.
    if replicas <= 0 {
        return Ok(Reply::Int(0));
    }
    let deadline = (timeout > 0).then(|| ctx.now + timeout);
    let result = ctx.block(Vec::new(), deadline, Reply::Int(0));
    if let Some(blocked) = ctx.block.as_mut() {
        blocked.timeout_reply = Reply::Int(0);
    }
    result
}

pub(super) fn failover(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() == 2 && ctx.is(1, "abort") {
        return Err(Reply::err("ERR No failover in progress."));
    }
    let (mut timeout, mut force, mut host) = (0i64, false, false);
    let mut j = 1;
    while j < ctx.argc() {
        if ctx.is(j, "timeout") && j + 1 < ctx.argc() && timeout == 0 {
            timeout = ctx.int_arg(j + 1)?;
            if timeout <= 0 {
                return Err(Reply::err("ERR FAILOVER timeout must be greater than 0"));
            }
            j += 1;
        } else if ctx.is(j, "to") && j + 2 < ctx.argc() && !host {
            ctx.int_arg(j + 2)?;
            host = true;
            j += 2;
        } else if ctx.is(j, "force") && !force {
            force = true;
        } else {
            return Err(Reply::syntax_error());
        }
        j += 1;
    }
    if ctx.eng.is_replica() {
        return Err(Reply::err("ERR FAILOVER is not valid when server is a replica."));
    }
    Err(Reply::err("ERR FAILOVER requires connected replicas."))
}
