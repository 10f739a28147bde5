//! Several tabs, one keyspace. One tab leads (the host gives it a Web Lock): it alone
//! runs commands and writes the AOF. The others follow: what is typed in them is sent
//! to the leader, which runs it in a session of its own for that terminal and sends the
//! output back; every write the leader makes is streamed to them (the AOF's own RESP),
//! so their keyspace and inspector stay current. A follower that becomes the leader
//! already holds the whole keyspace.
//!
//! Messages are RESP arrays of bulk strings (the host posts the bytes on a
//! BroadcastChannel), so the protocol is tested here, natively, like the rest.

use crate::playground::{push_output, Playground, Tab};
use crate::repl::{Line, LineKind, Ran};
use keyspace_engine::aof::{self, AofWriter};
use keyspace_engine::client::ClientId;
use keyspace_engine::engine::Propagated;
use keyspace_engine::resp::{encode_command, parse_request, Request};

/// A follower's view of its session on the leader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RemoteView {
    pub prompt: String,
    pub waiting: bool,
    pub subscribed: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// No other tab (or no way to talk to one): runs everything itself.
    #[default]
    Alone,
    Leader,
    Follower,
}

/// A terminal of another tab, run here by the leader.
struct Session {
    owner: u64,
    tab: Tab,
}

#[derive(Default)]
pub struct Sharing {
    pub role: Role,
    /// This page's id on the channel.
    me: u64,
    /// Leader: the stream's writer (from the first follower on) and its last sequence.
    stream: Option<AofWriter>,
    seq: u64,
    sessions: Vec<Session>,
    /// Follower: the leader's keyspace arrived; the next stream message expected; stream
    /// messages that came before the snapshot; the client that applies the stream.
    synced: bool,
    next_seq: u64,
    early: Vec<(u64, Vec<u8>)>,
    applier: Option<ClientId>,
    followed: bool,
    /// Encoded messages for the host to post.
    outbox: Vec<Vec<u8>>,
}

fn message(parts: &[&[u8]]) -> Vec<u8> {
    let argv: Vec<Vec<u8>> = parts.iter().map(|p| p.to_vec()).collect();
    let mut out = Vec::new();
    encode_command(&argv, &mut out);
    out
}

fn number(bytes: &[u8]) -> Option<u64> {
    std::str::from_utf8(bytes).ok()?.parse().ok()
}

fn kind_code(kind: LineKind) -> &'static [u8] {
    match kind {
        LineKind::Input => b"i",
        LineKind::Output => b"o",
        LineKind::Error => b"e",
        LineKind::Note => b"n",
    }
}

fn kind_of(code: &[u8]) -> LineKind {
    match code {
        b"i" => LineKind::Input,
        b"e" => LineKind::Error,
        b"n" => LineKind::Note,
        _ => LineKind::Output,
    }
}

fn note(text: &str) -> Line {
    Line {
        text: text.into(),
        kind: LineKind::Note,
    }
}

impl Sharing {
    pub(crate) fn sessions_mut(&mut self) -> impl Iterator<Item = &mut Tab> {
        self.sessions.iter_mut().map(|s| &mut s.tab)
    }

    /// Leader: the writes just made go to the followers.
    pub(crate) fn stream(&mut self, records: &[Propagated]) {
        let Some(writer) = self.stream.as_mut() else { return };
        if records.is_empty() {
            return;
        }
        let mut bytes = Vec::new();
        writer.feed(records, &mut bytes);
        self.seq += 1;
        self.outbox
            .push(message(&[b"STREAM", self.seq.to_string().as_bytes(), &bytes]));
    }

    /// Follower: a typed line goes to the leader (true), or runs here (false).
    pub(crate) fn forward_line(&mut self, tab: &mut Tab, line: &str) -> bool {
        if self.role != Role::Follower {
            return false;
        }
        let view = tab.remote.get_or_insert_with(RemoteView::default);
        view.waiting = true;
        let me = self.me.to_string();
        self.outbox.push(message(&[
            b"LINE",
            me.as_bytes(),
            tab.id.to_string().as_bytes(),
            line.as_bytes(),
        ]));
        true
    }

    pub(crate) fn forward_interrupt(&mut self, tab: &Tab) -> bool {
        if self.role != Role::Follower {
            return false;
        }
        let me = self.me.to_string();
        self.outbox
            .push(message(&[b"INTERRUPT", me.as_bytes(), tab.id.to_string().as_bytes()]));
        true
    }

    /// The clock was changed here: every other page of this playground adopts it.
    pub(crate) fn clock_changed(&mut self, clock: &crate::clock::Clock) {
        if self.role != Role::Alone {
            self.outbox.push(message(&[b"CLOCK", clock.encode().as_bytes()]));
        }
    }

    pub(crate) fn tab_closed(&mut self, tab: u64) {
        if self.role == Role::Follower {
            let me = self.me.to_string();
            self.outbox
                .push(message(&[b"CLOSE", me.as_bytes(), tab.to_string().as_bytes()]));
        }
    }
}

impl Playground {
    pub fn role(&self) -> Role {
        self.sharing.role
    }

    /// Whether this tab has the keyspace to show: always, except a follower that has
    /// not received the leader's yet.
    pub fn synced(&self) -> bool {
        self.sharing.role != Role::Follower || self.sharing.synced
    }

    /// Whether this tab ever received a leader's keyspace (a follower taking over then
    /// holds everything; one that never did must load the stored log).
    pub fn has_followed(&self) -> bool {
        self.sharing.followed
    }

    /// The messages to post, in order.
    pub fn take_outbox(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.sharing.outbox)
    }

    /// This tab leads: it runs every command. A follower taking over keeps the keyspace
    /// it followed; the sessions the old leader ran for it are gone, and it says so.
    pub fn lead(&mut self, now: i64) {
        self.at(now);
        let was_following = self.sharing.role == Role::Follower;
        self.sharing.role = Role::Leader;
        if let Some(applier) = self.sharing.applier.take() {
            self.engine.disconnect(applier);
        }
        if was_following {
            for t in &mut self.tabs {
                t.remote = None;
                crate::playground::append(
                    &mut t.lines,
                    vec![note("(the tab that kept this keyspace closed: this tab keeps it now; this session starts over in db 0)")],
                );
            }
            let me = self.sharing.me.to_string();
            self.sharing.outbox.push(message(&[b"LEADER", me.as_bytes()]));
        }
        self.collect();
    }

    /// Another tab leads: ask it for its keyspace; typed lines go to it from now on.
    pub fn follow(&mut self, me: u64) {
        self.sharing.role = Role::Follower;
        self.sharing.me = me;
        self.sharing.synced = false;
        self.sharing
            .outbox
            .push(message(&[b"HELLO", me.to_string().as_bytes()]));
    }

    /// This page is closing: the leader can drop the sessions it ran for it.
    pub fn leave(&mut self) {
        if self.sharing.role == Role::Follower {
            let me = self.sharing.me.to_string();
            self.sharing.outbox.push(message(&[b"BYE", me.as_bytes()]));
        }
    }

    /// A message from another tab. Returns whether anything visible changed.
    pub fn receive(&mut self, bytes: &[u8], now: i64) -> bool {
        let now = self.at(now);
        let Some(Request::Command(parts, _)) = parse_request(bytes, u64::MAX) else {
            return false;
        };
        let field = |i: usize| parts.get(i).map(Vec::as_slice).unwrap_or_default();
        let leader = self.sharing.role == Role::Leader;
        let follower = self.sharing.role == Role::Follower;
        match (field(0), leader, follower) {
            (b"HELLO", true, _) => {
                let Some(to) = number(field(1)) else { return false };
                self.collect();
                // The next stream message selects its database again, for the newcomer.
                self.sharing.stream = Some(AofWriter::new());
                let snapshot = aof::rewrite(&self.engine, now);
                let seq = self.sharing.seq.to_string();
                self.sharing.outbox.push(message(&[
                    b"SNAPSHOT",
                    to.to_string().as_bytes(),
                    seq.as_bytes(),
                    &snapshot,
                ]));
                // The newcomer reads the same time as this page.
                let clock = self.clock.encode();
                self.sharing.outbox.push(message(&[b"CLOCK", clock.as_bytes()]));
                false
            }
            (b"CLOCK", _, _) => match std::str::from_utf8(field(1)).ok().and_then(crate::clock::Clock::decode) {
                Some(clock) if clock != self.clock => {
                    self.clock = clock;
                    true
                }
                _ => false,
            },
            (b"LINE", true, _) => {
                let (Some(owner), Some(tab)) = (number(field(1)), number(field(2))) else {
                    return false;
                };
                let line = String::from_utf8_lossy(field(3)).into_owned();
                self.run_for(owner, tab, &line, now);
                true
            }
            (b"INTERRUPT", true, _) => {
                let (Some(owner), Some(tab)) = (number(field(1)), number(field(2))) else {
                    return false;
                };
                if let Some(i) = self.session(owner, tab) {
                    let t = &mut self.sharing.sessions[i].tab;
                    let lines = t.repl.interrupt(&mut self.engine, now);
                    self.collect();
                    push_output(&self.aof, &self.engine, &mut self.sharing.sessions[i].tab, lines);
                    self.send_session(i, true);
                }
                self.apply_events(now)
            }
            (b"CLOSE", true, _) | (b"BYE", true, _) => {
                let Some(owner) = number(field(1)) else { return false };
                let tab = number(field(2));
                let (gone, kept): (Vec<Session>, Vec<Session>) = std::mem::take(&mut self.sharing.sessions)
                    .into_iter()
                    .partition(|s| s.owner == owner && tab.is_none_or(|t| s.tab.id == t));
                self.sharing.sessions = kept;
                for s in gone {
                    self.engine.disconnect(s.tab.repl.client);
                }
                self.poll_all(now);
                self.apply_events(now)
            }
            (b"SNAPSHOT", _, true) if number(field(1)) == Some(self.sharing.me) => {
                let Some(seq) = number(field(2)) else { return false };
                self.apply_snapshot(field(3), seq, now);
                true
            }
            (b"STREAM", _, true) => {
                let Some(seq) = number(field(1)) else { return false };
                if !self.sharing.synced {
                    self.sharing.early.push((seq, field(2).to_vec()));
                    return false;
                }
                self.apply_stream(seq, field(2), now)
            }
            (b"OUTPUT", _, true) if number(field(1)) == Some(self.sharing.me) => self.show_output(&parts),
            (b"LEADER", _, true) => {
                // A new leader: sessions on the old one are gone; ask for the keyspace again.
                for t in &mut self.tabs {
                    if t.remote.take().is_some() {
                        crate::playground::append(
                            &mut t.lines,
                            vec![note(
                                "(the tab that kept this keyspace closed: this session starts over in db 0)",
                            )],
                        );
                    }
                }
                let me = self.sharing.me;
                self.follow(me);
                true
            }
            _ => false,
        }
    }

    fn session(&self, owner: u64, tab: u64) -> Option<usize> {
        self.sharing
            .sessions
            .iter()
            .position(|s| s.owner == owner && s.tab.id == tab)
    }

    /// Leader: runs a line typed in another tab, in that terminal's own session.
    fn run_for(&mut self, owner: u64, tab: u64, line: &str, now: i64) {
        let i = match self.session(owner, tab) {
            Some(i) => i,
            None => {
                let client = self.engine.connect(now);
                let mut session = Tab::new(String::new(), client, tab);
                // What it runs goes back with its output, for a lesson in that page.
                session.repl.record_ran = true;
                self.sharing.sessions.push(Session { owner, tab: session });
                self.sharing.sessions.len() - 1
            }
        };
        let outcome = self.sharing.sessions[i].tab.repl.submit(&mut self.engine, line, now);
        self.collect();
        let t = &mut self.sharing.sessions[i].tab;
        if outcome.clear {
            t.lines.clear();
            t.cleared = true;
        } else {
            push_output(&self.aof, &self.engine, t, outcome.lines);
        }
        self.send_session(i, true);
        self.poll_all(now);
        self.apply_events(now);
    }

    /// Leader: async output of the sessions (messages, unblocked pops).
    pub(crate) fn poll_sessions(&mut self, now: i64) -> bool {
        let mut any = false;
        for i in 0..self.sharing.sessions.len() {
            let lines = self.sharing.sessions[i].tab.repl.poll(&mut self.engine, now);
            self.collect();
            any |= !lines.is_empty();
            push_output(&self.aof, &self.engine, &mut self.sharing.sessions[i].tab, lines);
            self.send_session(i, false);
        }
        any
    }

    /// Leader: sends a session's new output, prompt and state to its tab (`always`: even
    /// with no new line, so the prompt comes back).
    pub(crate) fn send_session(&mut self, i: usize, always: bool) {
        let session = &mut self.sharing.sessions[i];
        let t = &mut session.tab;
        if !always && t.lines.is_empty() && !t.cleared {
            return;
        }
        let waiting = t.waiting();
        let prompt = if waiting {
            String::new()
        } else {
            t.repl.prompt(&self.engine)
        };
        let subscribed = t.repl.subscribed(&self.engine);
        let (owner, id) = (session.owner.to_string(), session.tab.id.to_string());
        let t = &mut session.tab;
        let mut parts: Vec<Vec<u8>> = vec![
            b"OUTPUT".to_vec(),
            owner.into_bytes(),
            id.into_bytes(),
            vec![b'0' + t.cleared as u8],
            prompt.into_bytes(),
            vec![b'0' + waiting as u8],
            vec![b'0' + subscribed as u8],
        ];
        t.cleared = false;
        for line in t.lines.drain(..) {
            parts.push(kind_code(line.kind).to_vec());
            parts.push(line.text.into_bytes());
        }
        // Commands run, as (r|x, RESP array of argv then the printed reply).
        for ran in t.repl.take_ran() {
            let mut record = ran.argv;
            record.push(ran.reply.into_bytes());
            let mut bytes = Vec::new();
            encode_command(&record, &mut bytes);
            parts.push(if ran.error { b"x".to_vec() } else { b"r".to_vec() });
            parts.push(bytes);
        }
        let mut out = Vec::new();
        encode_command(&parts, &mut out);
        self.sharing.outbox.push(out);
    }

    /// Leader: after a commit released held output of sessions, send it.
    pub(crate) fn send_released(&mut self) {
        for i in 0..self.sharing.sessions.len() {
            self.send_session(i, false);
        }
    }

    fn show_output(&mut self, parts: &[Vec<u8>]) -> bool {
        let Some(tab) = parts.get(2).and_then(|t| number(t)) else {
            return false;
        };
        let Some(index) = self.tabs.iter().position(|t| t.id == tab) else {
            return false;
        };
        if parts.len() < 7 {
            return false;
        }
        let mut lines = Vec::new();
        for pair in parts[7..].chunks(2).filter(|pair| pair.len() == 2) {
            match pair[0].as_slice() {
                code @ (b"r" | b"x") => {
                    let Some(Request::Command(mut record, _)) = parse_request(&pair[1], u64::MAX) else {
                        continue;
                    };
                    let Some(reply) = record.pop().filter(|_| !record.is_empty()) else {
                        continue;
                    };
                    let ran = Ran {
                        argv: record,
                        reply: String::from_utf8_lossy(&reply).into_owned(),
                        error: code == b"x",
                    };
                    self.note_ran(index, ran);
                }
                code => lines.push(Line {
                    kind: kind_of(code),
                    text: String::from_utf8_lossy(&pair[1]).into_owned(),
                }),
            }
        }
        let t = &mut self.tabs[index];
        if parts[3] == b"1" {
            t.lines.clear();
        }
        t.remote = Some(RemoteView {
            prompt: String::from_utf8_lossy(&parts[4]).into_owned(),
            waiting: parts[5] == b"1",
            subscribed: parts[6] == b"1",
        });
        crate::playground::append(&mut t.lines, lines);
        true
    }

    /// Follower: the leader's whole keyspace, then the stream from `seq` on.
    fn apply_snapshot(&mut self, snapshot: &[u8], seq: u64, now: i64) {
        let internal = self.engine.connect_internal(now);
        self.engine.call(internal, vec![b"FLUSHALL".to_vec()], now);
        self.engine.disconnect(internal);
        self.engine.take_propagated();
        let _ = aof::load(&mut self.engine, snapshot, now);
        self.engine.take_propagated();
        if self.sharing.applier.is_none() {
            self.sharing.applier = Some(self.engine.connect_internal(now));
        }
        self.sharing.synced = true;
        self.sharing.followed = true;
        self.sharing.next_seq = seq + 1;
        let mut early = std::mem::take(&mut self.sharing.early);
        early.sort_by_key(|(s, _)| *s);
        for (s, bytes) in early.into_iter().filter(|(s, _)| *s > seq) {
            self.apply_stream(s, &bytes, now);
        }
        self.show_db(self.inspected_db, now);
    }

    /// Follower: the leader's writes, applied in order; a gap asks for the keyspace again.
    fn apply_stream(&mut self, seq: u64, bytes: &[u8], now: i64) -> bool {
        if seq < self.sharing.next_seq {
            return false;
        }
        if seq > self.sharing.next_seq {
            let me = self.sharing.me;
            self.follow(me);
            return false;
        }
        self.sharing.next_seq += 1;
        let (Ok((commands, _)), Some(applier)) = (aof::parse(bytes), self.sharing.applier) else {
            return false;
        };
        for argv in commands {
            self.engine.execute(applier, argv, now);
            self.engine.take_replies(applier);
        }
        // A follower stores nothing: what the leader wrote is the leader's to keep.
        self.engine.take_propagated();
        self.apply_events(now)
    }
}
