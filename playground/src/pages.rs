//! The playground's side of sharing one keyspace between pages (`sharing.rs` holds the
//! protocol): what the host calls (`lead`, `follow`, `receive`...), and each `Effect`
//! carried out on the engine and the sessions.

use keyspace_engine::aof;

use crate::message::{Message, Output};
use crate::playground::{Playground, RemoteSession};
use crate::session::{RemoteView, Session};
use crate::sharing::{Effect, Role};

const STARTS_OVER: &str = "(the tab that kept this keyspace closed: this session starts over in db 0)";

impl Playground {
    pub fn role(&self) -> Role {
        self.sharing.role()
    }

    /// Whether this page has the keyspace to show: always, except a following page that
    /// has not received the leading page's yet.
    pub fn synced(&self) -> bool {
        self.sharing.synced()
    }

    /// Whether this page ever received a leading page's keyspace (one taking over then
    /// holds everything; one that never did must load the stored log).
    pub fn has_followed(&self) -> bool {
        self.sharing.has_followed()
    }

    /// The messages to post, in order.
    pub fn take_outbox(&mut self) -> Vec<Vec<u8>> {
        self.sharing.take_outbox()
    }

    /// This page leads: it runs every command. A following page taking over keeps the
    /// keyspace it followed; the sessions the old leading page ran for it are gone, and
    /// it says so.
    pub fn lead(&mut self, now: i64) {
        self.at(now);
        if let Some(applier) = self.applier.take() {
            self.engine.disconnect(applier);
        }
        if self.sharing.lead() {
            for session in &mut self.sessions {
                session.remote = None;
                session.note(
                    "(the tab that kept this keyspace closed: this tab keeps it now; this session starts over in db 0)",
                );
            }
        }
        self.collect();
    }

    /// Another page leads: ask it for its keyspace; typed lines go to it from now on.
    pub fn follow(&mut self, me: u64) {
        self.sharing.follow(me);
    }

    /// This page is closing: the leading page can drop the sessions it ran for it.
    pub fn leave(&mut self) {
        self.sharing.leave();
    }

    /// A message from another page. Returns whether anything visible changed.
    pub fn receive(&mut self, bytes: &[u8], now: i64) -> bool {
        let now = self.at(now);
        let Some(message) = Message::decode(bytes) else {
            return false;
        };
        let mut changed = false;
        for effect in self.sharing.receive(message) {
            changed |= self.carry_out(effect, now);
        }
        changed
    }

    fn carry_out(&mut self, effect: Effect, now: i64) -> bool {
        match effect {
            Effect::SendSnapshot { to } => {
                self.collect();
                let snapshot = aof::rewrite(&self.engine, now);
                self.sharing.snapshot(to, snapshot, &self.clock);
                false
            }
            Effect::RunLine { page, session, line } => {
                self.run_for(page, session, &line, now);
                true
            }
            Effect::Interrupt { page, session } => {
                if let Some(i) = self.remote_session(page, session) {
                    let lines = self.remote_sessions[i].session.repl.interrupt(&mut self.engine, now);
                    self.collect();
                    self.remote_sessions[i].session.show(&self.aof, &self.engine, lines);
                    self.send_remote(i, true);
                }
                self.apply_events(now)
            }
            Effect::Close { page, session } => {
                let (gone, kept): (Vec<RemoteSession>, Vec<RemoteSession>) = std::mem::take(&mut self.remote_sessions)
                    .into_iter()
                    .partition(|r| r.page == page && session.is_none_or(|s| r.session.id == s));
                self.remote_sessions = kept;
                for r in gone {
                    self.engine.disconnect(r.session.repl.client);
                }
                self.poll_all(now);
                self.apply_events(now)
            }
            Effect::Load { aof } => {
                self.load_snapshot(&aof, now);
                true
            }
            Effect::Apply { aof } => self.apply_stream(&aof, now),
            Effect::Show { session, output } => self.show_output(session, output),
            Effect::Restart => {
                for session in &mut self.sessions {
                    if session.remote.take().is_some() {
                        session.note(STARTS_OVER);
                    }
                }
                true
            }
            Effect::Clock(clock) => {
                let changed = clock != self.clock;
                self.clock = clock;
                changed
            }
        }
    }

    fn remote_session(&self, page: u64, session: u64) -> Option<usize> {
        self.remote_sessions
            .iter()
            .position(|r| r.page == page && r.session.id == session)
    }

    /// Leading: runs a line typed in another page, in that terminal's own session.
    fn run_for(&mut self, page: u64, session: u64, line: &str, now: i64) {
        let i = match self.remote_session(page, session) {
            Some(i) => i,
            None => {
                let client = self.engine.connect(now);
                let mut new = Session::new(String::new(), client, session);
                // What it runs goes back with its output, for a lesson in that page.
                new.repl.record_ran = true;
                self.remote_sessions.push(RemoteSession { page, session: new });
                self.remote_sessions.len() - 1
            }
        };
        let outcome = self.remote_sessions[i].session.repl.submit(&mut self.engine, line, now);
        self.collect();
        let s = &mut self.remote_sessions[i].session;
        if outcome.clear {
            s.lines.clear();
            s.cleared = true;
        } else {
            s.show(&self.aof, &self.engine, outcome.lines);
        }
        self.send_remote(i, true);
        self.poll_all(now);
        self.apply_events(now);
    }

    /// Leading: what the sessions of other pages received without a new line (messages,
    /// unblocked pops); true when any printed.
    pub(crate) fn poll_remote_sessions(&mut self, now: i64) -> bool {
        let mut any = false;
        for i in 0..self.remote_sessions.len() {
            let lines = self.remote_sessions[i].session.repl.poll(&mut self.engine, now);
            self.collect();
            any |= !lines.is_empty();
            self.remote_sessions[i].session.show(&self.aof, &self.engine, lines);
            self.send_remote(i, false);
        }
        any
    }

    /// Leading: sends a session's new output, prompt and state to its page (`always`:
    /// even with nothing new, so the prompt comes back).
    fn send_remote(&mut self, i: usize, always: bool) {
        let RemoteSession { page, session } = &mut self.remote_sessions[i];
        let ran = session.repl.take_ran();
        if !always && session.lines.is_empty() && !session.cleared && ran.is_empty() {
            return;
        }
        let waiting = session.waiting();
        let output = Output {
            cleared: std::mem::take(&mut session.cleared),
            prompt: if waiting {
                String::new()
            } else {
                session.repl.prompt(&self.engine)
            },
            waiting,
            subscribed: session.repl.subscribed(&self.engine),
            lines: std::mem::take(&mut session.lines),
            ran,
        };
        let (page, id) = (*page, session.id);
        self.sharing.output(page, id, output);
    }

    /// Leading: after a commit released held output of remote sessions, send it.
    pub(crate) fn send_released(&mut self) {
        for i in 0..self.remote_sessions.len() {
            self.send_remote(i, false);
        }
    }

    /// Following: the leading page's news for one of this page's sessions.
    fn show_output(&mut self, session: u64, output: Output) -> bool {
        let Some(index) = self.sessions.iter().position(|s| s.id == session) else {
            return false;
        };
        for ran in output.ran {
            self.note_ran(index, ran);
        }
        let s = &mut self.sessions[index];
        if output.cleared {
            s.lines.clear();
        }
        s.remote = Some(RemoteView {
            prompt: output.prompt,
            waiting: output.waiting,
            subscribed: output.subscribed,
        });
        crate::session::append(&mut s.lines, output.lines);
        true
    }

    /// Following: the leading page's whole keyspace replaces this one's.
    fn load_snapshot(&mut self, snapshot: &[u8], now: i64) {
        let internal = self.engine.connect_internal(now);
        self.engine.call(internal, vec![b"FLUSHALL".to_vec()], now);
        self.engine.disconnect(internal);
        self.engine.take_propagated();
        let _ = aof::load(&mut self.engine, snapshot, now);
        self.engine.take_propagated();
        if self.applier.is_none() {
            self.applier = Some(self.engine.connect_internal(now));
        }
        self.show_db(self.inspected_db, now);
    }

    /// Following: the leading page's writes, applied in order.
    fn apply_stream(&mut self, bytes: &[u8], now: i64) -> bool {
        let (Ok((commands, _)), Some(applier)) = (aof::parse(bytes), self.applier) else {
            return false;
        };
        for argv in commands {
            self.engine.execute(applier, argv, now);
            self.engine.take_replies(applier);
        }
        // A following page stores nothing: what the leading page wrote is its to keep.
        self.engine.take_propagated();
        self.apply_events(now)
    }
}
