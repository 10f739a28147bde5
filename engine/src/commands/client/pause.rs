//! CLIENT PAUSE and UNPAUSE (networking.c `pauseClients`): while a pause lasts, commands
//! of normal clients (only writes, for WRITE) wait and run when it ends, in the order
//! they came; keys do not expire meanwhile. The end is timed by the engine's clock and
//! is one of `next_deadline`'s, so a host wakes for it.

use crate::engine::{Engine, Pause};
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;

/// CLIENT PAUSE timeout [WRITE|ALL].
pub(super) fn client_pause(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() > 4 {
        return Err(super::subcommand_syntax_error(ctx));
    }
    let mut write_only = false;
    if ctx.argc() == 4 {
        if ctx.is(3, "write") {
            write_only = true;
        } else if !ctx.is(3, "all") {
            return Err(Reply::err("ERR CLIENT PAUSE mode must be WRITE or ALL"));
        }
    }
    let timeout =
        crate::num::parse_i64(ctx.arg(2)).ok_or_else(|| Reply::err("ERR timeout is not an integer or out of range"))?;
    if timeout < 0 {
        return Err(Reply::err("ERR timeout is negative"));
    }
    let end = if timeout > 0 {
        ctx.now.saturating_add(timeout)
    } else {
        0
    };
    ctx.eng.pause_clients(end, write_only);
    Ok(Reply::ok())
}

/// CLIENT UNPAUSE.
pub(super) fn client_unpause(ctx: &mut Ctx) -> CmdResult {
    ctx.eng.unpause_clients();
    Ok(Reply::ok())
}

impl Engine {
    /// `pauseClients`: a pause already in force keeps the longer end and the stricter
    /// kind; one whose end has passed (a 0 timeout) is over at once.
    pub(crate) fn pause_clients(&mut self, end: i64, write_only: bool) {
        let merged = match self.pause {
            Some(p) => Pause {
                end: p.end.max(end),
                write_only: p.write_only && write_only,
            },
            None => Pause { end, write_only },
        };
        self.pause = Some(merged);
        self.check_pause_end();
    }

    /// `unpauseClients`.
    pub(crate) fn unpause_clients(&mut self) {
        self.pause = None;
    }

    /// Ends a pause whose time has passed (Redis: end < now).
    pub(crate) fn check_pause_end(&mut self) {
        if self.pause.is_some_and(|p| p.end < self.now) {
            self.pause = None;
        }
    }

    /// `unblockPostponedClients`, once the command that ended the pause is answered:
    /// each paused client runs its command again (it may wait again), then what it sent
    /// meanwhile.
    pub(crate) fn release_postponed(&mut self) {
        if self.pause.is_some() || self.postponed.is_empty() {
            return;
        }
        for id in std::mem::take(&mut self.postponed) {
            let Some(argv) = self.clients.get_mut(&id).and_then(|c| c.postponed.take()) else {
                continue;
            };
            self.run_released(id, argv);
        }
    }
}
