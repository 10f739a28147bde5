//! A terminal session: one client connection with redis-cli's behaviour (`Repl`), its
//! scrollback, its output held until the write before it is stored (`appendfsync
//! always`), a paste being run line by line, and, in a page that follows another, the
//! state its session on the leading page last reported.
//!
//! Words: a *session* is a terminal's client ("Client 2" in the UI); a *page* is a
//! browser tab of the playground (`sharing.rs`).

use keyspace_engine::client::ClientId;
use keyspace_engine::engine::Engine;

use crate::aof_log::AofLog;
use crate::repl::{Line, LineKind, Repl};

/// At most this many lines are kept per terminal; a single reply longer than
/// `MAX_REPLY_LINES` is cut with a note saying how much was left out.
pub const MAX_SCROLLBACK: usize = 5_000;
pub const MAX_REPLY_LINES: usize = 2_000;

/// A following page's view of its session on the leading page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteView {
    pub prompt: String,
    pub waiting: bool,
    pub subscribed: bool,
}

pub struct Session {
    pub name: String,
    pub repl: Repl,
    pub lines: Vec<Line>,
    /// Output waiting for the commit of the AOF bytes produced before it, tagged with
    /// that offset.
    held: Vec<(u64, Vec<Line>)>,
    /// Stable within the page (session indexes shift when one closes).
    pub id: u64,
    /// In a following page: the session's state as the leading page last sent it.
    pub(crate) remote: Option<RemoteView>,
    /// In a session the leading page runs for another page: CLEAR was typed.
    pub(crate) cleared: bool,
    /// Pasted lines not run yet: a long paste runs in slices between which the page
    /// stays responsive, and Ctrl+C stops it.
    pub(crate) queued: PasteQueue,
}

impl Session {
    pub(crate) fn new(name: String, client: ClientId, id: u64) -> Session {
        Session {
            name,
            repl: Repl::new(client),
            lines: Vec::new(),
            held: Vec::new(),
            id,
            remote: None,
            cleared: false,
            queued: PasteQueue::default(),
        }
    }

    /// A paste in progress: lines run and lines in all.
    pub fn paste_progress(&self) -> Option<(usize, usize)> {
        (self.queued.left > 0).then(|| (self.queued.total - self.queued.left, self.queued.total))
    }

    /// Waiting for a reply: a commit under `appendfsync always`, a blocking command, or
    /// (in a following page) the leading page's answer.
    pub fn waiting(&self) -> bool {
        !self.held.is_empty() || self.remote.as_ref().map_or(self.repl.waiting, |r| r.waiting)
    }

    /// The prompt redis-cli shows now.
    pub fn prompt(&self, engine: &Engine) -> String {
        match &self.remote {
            Some(r) => r.prompt.clone(),
            None => self.repl.prompt(engine),
        }
    }

    pub fn subscribed(&self, engine: &Engine) -> bool {
        self.remote
            .as_ref()
            .map_or_else(|| self.repl.subscribed(engine), |r| r.subscribed)
    }

    /// Shows output now, or after the commit it waits for (in order).
    pub(crate) fn show(&mut self, aof: &AofLog, engine: &Engine, lines: Vec<Line>) {
        if lines.is_empty() {
            return;
        }
        if aof.holds_replies(engine) || !self.held.is_empty() {
            self.held.push((aof.produced(), lines));
        } else {
            append(&mut self.lines, lines);
        }
    }

    /// Shows the held output whose writes are committed (up to byte `committed`), or all
    /// of it with a note when the store failed; true when any was shown.
    pub(crate) fn release(&mut self, committed: u64, failed: Option<&str>) -> bool {
        let ready = self
            .held
            .iter()
            .take_while(|(upto, _)| *upto <= committed || failed.is_some())
            .count();
        for (_, lines) in self.held.drain(..ready) {
            append(&mut self.lines, lines);
        }
        if ready > 0 {
            if let Some(e) = failed {
                append(
                    &mut self.lines,
                    vec![Line {
                        text: format!("(the AOF write failed, this reply is not stored yet: {e})"),
                        kind: LineKind::Note,
                    }],
                );
            }
        }
        ready > 0
    }

    /// A line of redis-cli's own (a note) at the end of the scrollback.
    pub(crate) fn note(&mut self, text: &str) {
        append(
            &mut self.lines,
            vec![Line {
                text: text.into(),
                kind: LineKind::Note,
            }],
        );
    }
}

/// Pasted text not run yet, cut into lines only as they run: a 100,000-line paste costs
/// one move of its text when it arrives, not 100,000 allocations in the paste event.
#[derive(Default)]
pub(crate) struct PasteQueue {
    texts: std::collections::VecDeque<String>,
    /// Where the next line of `texts.front()` starts.
    at: usize,
    /// Lines not run yet, and lines in the paste (since the queue was last empty).
    pub(crate) left: usize,
    total: usize,
}

impl PasteQueue {
    pub(crate) fn push(&mut self, mut text: String) {
        if text.is_empty() {
            return;
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        if self.left == 0 {
            self.total = 0;
        }
        let lines = text.bytes().filter(|&b| b == b'\n').count();
        self.left += lines;
        self.total += lines;
        self.texts.push_back(text);
    }

    pub(crate) fn pop(&mut self) -> Option<String> {
        let text = self.texts.front()?;
        let rest = &text[self.at..];
        let end = rest.find('\n').unwrap_or(rest.len());
        let line = rest[..end].trim_end_matches('\r').to_string();
        self.at += end + 1;
        if self.at >= text.len() {
            self.texts.pop_front();
            self.at = 0;
        }
        self.left -= 1;
        Some(line)
    }
}

/// Appends output, cutting an overlong reply and the oldest scrollback.
pub(crate) fn append(buffer: &mut Vec<Line>, mut lines: Vec<Line>) {
    // The echoed command line does not count against the reply's limit.
    let limit = MAX_REPLY_LINES + lines.iter().take_while(|l| l.kind == LineKind::Input).count();
    if lines.len() > limit {
        let left_out = lines.len() - limit;
        lines.truncate(limit);
        lines.push(Line {
            text: format!(
                "... {left_out} more lines not shown (the terminal keeps replies to {MAX_REPLY_LINES} lines)"
            ),
            kind: LineKind::Note,
        });
    }
    buffer.extend(lines);
    if buffer.len() > MAX_SCROLLBACK {
        let excess = buffer.len() - MAX_SCROLLBACK;
        buffer.drain(..excess);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_of_many_lines_are_cut_by_lines() {
        let mut buffer = Vec::new();
        let many: Vec<Line> = (0..2_500)
            .map(|i| Line {
                text: i.to_string(),
                kind: LineKind::Output,
            })
            .collect();
        append(&mut buffer, many);
        assert_eq!(buffer.len(), MAX_REPLY_LINES + 1);
        assert!(buffer.last().unwrap().text.starts_with("... 500 more lines not shown"));
    }
}
