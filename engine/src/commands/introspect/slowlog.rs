//! SLOWLOG (slowlog.c) and what every call records: the slow log entry, the latency
//! monitor's command events and the per-command latency histogram (server.c `call`).

use crate::client::ClientId;
use crate::engine::Engine;
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::table::{flags, CommandSpec};

use super::Histogram;

/// Redis's `SLOWLOG_ENTRY_MAX_ARGC` and `SLOWLOG_ENTRY_MAX_STRING`.
const MAX_ARGC: usize = 32;
const MAX_STRING: usize = 128;

/// One slow log entry, as `slowlogCreateEntry` keeps it.
#[derive(Clone, Debug)]
pub struct SlowlogEntry {
    pub id: u64,
    /// Unix time in seconds.
    pub time: i64,
    /// Microseconds.
    pub duration: u64,
    /// The arguments, trimmed as Redis trims them.
    pub argv: Vec<Vec<u8>>,
    pub peer: String,
    pub name: Vec<u8>,
}

/// At most 32 arguments (the last one saying how many more there were), each of at
/// most 128 bytes (followed by how many more there were).
fn trimmed(argv: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let kept = argv.len().min(MAX_ARGC);
    (0..kept)
        .map(|j| {
            if kept != argv.len() && j == kept - 1 {
                format!("... ({} more arguments)", argv.len() - kept + 1).into_bytes()
            } else if argv[j].len() > MAX_STRING {
                let mut s = argv[j][..MAX_STRING].to_vec();
                s.extend_from_slice(format!("... ({} more bytes)", argv[j].len() - MAX_STRING).as_bytes());
                s
            } else {
                argv[j].clone()
            }
        })
        .collect()
}

/// How a finished call is recorded.
pub(crate) struct CallRecord<'a> {
    pub id: ClientId,
    pub argv: &'a [Vec<u8>],
    pub spec: &'static CommandSpec,
    pub full_name: &'static str,
    pub duration: u64,
    /// The client blocked: its slow log entry waits for the call that serves it.
    pub blocked: bool,
    /// A blocked client served (Redis's `updateStatsOnUnblock`).
    pub unblocking: bool,
}

impl Engine {
    /// What `call` records after a command of a (non-internal) client: the latency
    /// monitor's `command`/`fast-command` event (`command-unblocking` for a blocked
    /// client served), the latency histogram, and the slow log entry.
    pub(crate) fn record_call(&mut self, call: CallRecord) {
        if self.clients.get(&call.id).is_none_or(|c| c.internal) {
            return;
        }
        let event = if call.unblocking {
            "command-unblocking"
        } else if call.spec.has(flags::FAST) {
            "fast-command"
        } else {
            "command"
        };
        self.latency_sample_if_needed(event, call.duration / 1000);
        if !call.blocked && self.config.latency_tracking() {
            self.intro
                .histograms
                .entry(call.full_name.as_ptr() as usize)
                .or_insert_with(|| (call.full_name, Histogram::default()))
                .1
                .record(call.duration.saturating_mul(1000));
        }
        let threshold = self.config.slowlog_log_slower_than();
        if call.blocked || call.spec.has(flags::SKIP_SLOWLOG) || threshold < 0 {
            return;
        }
        if call.duration as i64 >= threshold {
            let (peer, name) = self
                .clients
                .get(&call.id)
                .map(|c| (c.addr.clone(), c.name.clone().unwrap_or_default()))
                .unwrap_or_default();
            let entry = SlowlogEntry {
                id: self.intro.slowlog_next_id,
                time: self.now.div_euclid(1000),
                duration: call.duration,
                argv: trimmed(call.argv),
                peer,
                name,
            };
            self.intro.slowlog_next_id += 1;
            self.intro.slowlog.push_front(entry);
        }
        let max = self.config.slowlog_max_len();
        while self.intro.slowlog.len() as u64 > max {
            self.intro.slowlog.pop_back();
        }
    }
}

pub(super) fn help(_ctx: &mut Ctx) -> CmdResult {
    Ok(crate::commands::server::help_lines(
        "SLOWLOG",
        &[
            "GET [<count>]",
            "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
            "    Entries are made of:",
            "    id, timestamp, time in microseconds, arguments array, client IP and port,",
            "    client name",
            "LEN",
            "    Return the length of the slowlog.",
            "RESET",
            "    Reset the slowlog.",
        ],
    ))
}

/// Redis's `addReplySubcommandSyntaxError`.
pub(super) fn subcommand_syntax_error(ctx: &Ctx) -> Reply {
    Reply::err(format!(
        "ERR unknown subcommand or wrong number of arguments for '{}'. Try {} HELP.",
        String::from_utf8_lossy(&ctx.arg(1)[..ctx.arg(1).len().min(128)]),
        String::from_utf8_lossy(ctx.arg(0)).to_ascii_uppercase()
    ))
}

pub(super) fn get(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 3 {
        return Err(subcommand_syntax_error(ctx));
    }
    let mut count: u64 = 10;
    if ctx.argc() == 3 {
        let refuse = || Reply::err("ERR count should be greater than or equal to -1");
        let n = crate::num::parse_i64(ctx.arg(2)).ok_or_else(refuse)?;
        if n < -1 {
            return Err(refuse());
        }
        count = if n == -1 { u64::MAX } else { n as u64 };
    }
    let entries = ctx
        .eng
        .intro
        .slowlog
        .iter()
        .take(count.min(usize::MAX as u64) as usize)
        .map(|e| {
            Reply::Array(vec![
                Reply::Int(e.id as i64),
                Reply::Int(e.time),
                Reply::Int(e.duration as i64),
                Reply::bulks(e.argv.iter().cloned()),
                Reply::bulk(e.peer.as_bytes()),
                Reply::bulk(e.name.clone()),
            ])
        })
        .collect();
    Ok(Reply::Array(entries))
}

pub(super) fn len(ctx: &mut Ctx) -> CmdResult {
    Ok(Reply::Int(ctx.eng.intro.slowlog.len() as i64))
}

pub(super) fn reset(ctx: &mut Ctx) -> CmdResult {
    ctx.eng.intro.slowlog.clear();
    Ok(Reply::ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_arguments_and_long_strings_as_redis() {
        let argv: Vec<Vec<u8>> = (0..40).map(|i| format!("a{i}").into_bytes()).collect();
        let t = trimmed(&argv);
        assert_eq!(t.len(), 32);
        assert_eq!(t[31], b"... (9 more arguments)");
        assert_eq!(t[30], b"a30");
        let long = vec![vec![b'x'; 130]];
        let t = trimmed(&long);
        assert_eq!(t[0].len(), 128 + "... (2 more bytes)".len());
        assert!(t[0].ends_with(b"... (2 more bytes)"));
        let exact: Vec<Vec<u8>> = (0..32).map(|i| format!("{i}").into_bytes()).collect();
        assert_eq!(trimmed(&exact), exact);
    }
}
