//! Several pages (browser tabs) of one playground, one keyspace. One page leads (the
//! host gives it a Web Lock): it alone runs commands and writes the AOF. The others
//! follow: a line typed in them goes to the leading page, which runs it in a session of
//! its own for that terminal and sends the output back; every write the leading page
//! makes is streamed to them (the AOF's own RESP), so their keyspace and inspector stay
//! current. A following page that takes over already holds the whole keyspace.
//!
//! This is the protocol's state machine, with no engine in it: `receive` turns a
//! `Message` into the `Effect`s the playground must carry out (`pages.rs`), and the
//! methods named for what the playground did post the messages that tell the others.
//! Message ordering (the stream's numbers, what came before the snapshot) lives here.

use keyspace_engine::aof::AofWriter;
use keyspace_engine::engine::Propagated;

use crate::clock::Clock;
use crate::message::{Message, Output};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Role {
    /// No other page (or no way to talk to one): runs everything itself.
    #[default]
    Alone,
    Leader,
    Follower,
}

/// What the playground must do about a message from another page.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Leading: a page asks for the keyspace (`Sharing::snapshot` answers it).
    SendSnapshot { to: u64 },
    /// Leading: run a line in `session` of `page` (a session made for it if new).
    RunLine { page: u64, session: u64, line: String },
    /// Leading: Ctrl+C in that session.
    Interrupt { page: u64, session: u64 },
    /// Leading: drop that session, or every session of the page.
    Close { page: u64, session: Option<u64> },
    /// Following: the keyspace is the leading page's (replace everything).
    Load { aof: Vec<u8> },
    /// Following: the leading page's writes, in order.
    Apply { aof: Vec<u8> },
    /// Following: what a session of this page printed on the leading page.
    Show { session: u64, output: Output },
    /// Following: another page leads now; the sessions it ran for this page are gone.
    Restart,
    /// The clock another page set.
    Clock(Clock),
}

#[derive(Default)]
pub struct Sharing {
    role: Role,
    /// This page's id on the channel.
    me: u64,
    /// Leading: the stream's writer (from the first follower on) and its last number.
    stream: Option<AofWriter>,
    seq: u64,
    /// Following: the leading page's keyspace arrived; the next stream number expected;
    /// stream messages that came before the snapshot.
    synced: bool,
    next_seq: u64,
    early: Vec<(u64, Vec<u8>)>,
    /// Following: a keyspace ever arrived (a page taking over then holds everything).
    followed: bool,
    outbox: Vec<Message>,
}

impl Sharing {
    pub fn role(&self) -> Role {
        self.role
    }

    /// Whether this page has the keyspace to show: always, except a following page that
    /// has not received the leading page's yet.
    pub fn synced(&self) -> bool {
        self.role != Role::Follower || self.synced
    }

    pub fn has_followed(&self) -> bool {
        self.followed
    }

    /// The messages to post, encoded, in order.
    pub fn take_outbox(&mut self) -> Vec<Vec<u8>> {
        std::mem::take(&mut self.outbox).iter().map(Message::encode).collect()
    }

    /// This page leads; true when it followed until now (its sessions on the old
    /// leading page are gone), which it announces.
    pub fn lead(&mut self) -> bool {
        let was_following = self.role == Role::Follower;
        self.role = Role::Leader;
        if was_following {
            self.outbox.push(Message::Leader { page: self.me });
        }
        was_following
    }

    /// Another page leads: ask it for its keyspace; typed lines go to it from now on.
    pub fn follow(&mut self, me: u64) {
        self.role = Role::Follower;
        self.me = me;
        self.synced = false;
        self.outbox.push(Message::Hello { page: me });
    }

    /// This page is closing: the leading page can drop the sessions it ran for it.
    pub fn leave(&mut self) {
        if self.role == Role::Follower {
            self.outbox.push(Message::Close {
                page: self.me,
                session: None,
            });
        }
    }

    /// Leading: the writes just made go to the following pages.
    pub fn stream(&mut self, records: &[Propagated]) {
        let Some(writer) = self.stream.as_mut() else { return };
        if records.is_empty() {
            return;
        }
        let mut aof = Vec::new();
        writer.feed(records, &mut aof);
        self.seq += 1;
        self.outbox.push(Message::Stream { seq: self.seq, aof });
    }

    /// Leading: the keyspace for a page that asked, and the time it reads. The next
    /// stream message selects its database again, for the newcomer.
    pub fn snapshot(&mut self, to: u64, aof: Vec<u8>, clock: &Clock) {
        self.stream = Some(AofWriter::new());
        self.outbox.push(Message::Snapshot { to, seq: self.seq, aof });
        self.outbox.push(Message::Clock(*clock));
    }

    /// Leading: a session's news for the page it belongs to.
    pub fn output(&mut self, page: u64, session: u64, output: Output) {
        self.outbox.push(Message::Output { page, session, output });
    }

    /// Following: a typed line goes to the leading page (true), or runs here (false).
    pub fn line(&mut self, session: u64, line: &str) -> bool {
        let following = self.role == Role::Follower;
        if following {
            self.outbox.push(Message::Line {
                page: self.me,
                session,
                line: line.to_string(),
            });
        }
        following
    }

    /// Following: Ctrl+C goes to the leading page (true), or happens here (false).
    pub fn interrupt(&mut self, session: u64) -> bool {
        let following = self.role == Role::Follower;
        if following {
            self.outbox.push(Message::Interrupt { page: self.me, session });
        }
        following
    }

    /// Following: a terminal closed; its session on the leading page can go.
    pub fn session_closed(&mut self, session: u64) {
        if self.role == Role::Follower {
            self.outbox.push(Message::Close {
                page: self.me,
                session: Some(session),
            });
        }
    }

    /// The clock was changed here: every other page adopts it.
    pub fn clock_changed(&mut self, clock: &Clock) {
        if self.role != Role::Alone {
            self.outbox.push(Message::Clock(*clock));
        }
    }

    /// A message from another page: what this page must do, in order.
    pub fn receive(&mut self, message: Message) -> Vec<Effect> {
        let leading = self.role == Role::Leader;
        let following = self.role == Role::Follower;
        match message {
            Message::Hello { page } if leading => vec![Effect::SendSnapshot { to: page }],
            Message::Line { page, session, line } if leading => vec![Effect::RunLine { page, session, line }],
            Message::Interrupt { page, session } if leading => vec![Effect::Interrupt { page, session }],
            Message::Close { page, session } if leading => vec![Effect::Close { page, session }],
            Message::Snapshot { to, seq, aof } if following && to == self.me => {
                self.synced = true;
                self.followed = true;
                self.next_seq = seq + 1;
                let mut effects = vec![Effect::Load { aof }];
                let mut early = std::mem::take(&mut self.early);
                early.sort_by_key(|(s, _)| *s);
                for (s, aof) in early.into_iter().filter(|(s, _)| *s > seq) {
                    effects.extend(self.accept_stream(s, aof));
                }
                effects
            }
            Message::Stream { seq, aof } if following => {
                if !self.synced {
                    self.early.push((seq, aof));
                    return Vec::new();
                }
                self.accept_stream(seq, aof).into_iter().collect()
            }
            Message::Output { page, session, output } if following && page == self.me => {
                vec![Effect::Show { session, output }]
            }
            Message::Leader { .. } if following => {
                // Ask the new leading page for the keyspace again.
                let me = self.me;
                self.follow(me);
                vec![Effect::Restart]
            }
            Message::Clock(clock) => vec![Effect::Clock(clock)],
            _ => Vec::new(),
        }
    }

    /// Following: a stream message in order is applied; an old one ignored; after a gap
    /// the keyspace is asked for again.
    fn accept_stream(&mut self, seq: u64, aof: Vec<u8>) -> Option<Effect> {
        if seq < self.next_seq {
            return None;
        }
        if seq > self.next_seq {
            let me = self.me;
            self.follow(me);
            return None;
        }
        self.next_seq += 1;
        Some(Effect::Apply { aof })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(s: &mut Sharing) -> Vec<Message> {
        s.take_outbox().iter().filter_map(|b| Message::decode(b)).collect()
    }

    #[test]
    fn a_follower_orders_the_stream_around_its_snapshot_and_asks_again_after_a_gap() {
        let mut f = Sharing::default();
        f.follow(5);
        assert_eq!(decoded(&mut f), vec![Message::Hello { page: 5 }]);
        assert!(!f.synced());
        // Stream messages that race ahead of the snapshot wait; those it covers are dropped.
        assert!(f
            .receive(Message::Stream {
                seq: 3,
                aof: b"three".to_vec()
            })
            .is_empty());
        assert!(f
            .receive(Message::Stream {
                seq: 2,
                aof: b"two".to_vec()
            })
            .is_empty());
        let effects = f.receive(Message::Snapshot {
            to: 5,
            seq: 2,
            aof: b"keyspace".to_vec(),
        });
        assert_eq!(
            effects,
            vec![
                Effect::Load {
                    aof: b"keyspace".to_vec()
                },
                Effect::Apply { aof: b"three".to_vec() }
            ]
        );
        assert!(f.synced());
        assert!(
            f.receive(Message::Stream { seq: 3, aof: vec![] }).is_empty(),
            "already applied"
        );
        assert!(f.receive(Message::Stream { seq: 9, aof: vec![] }).is_empty());
        assert_eq!(decoded(&mut f), vec![Message::Hello { page: 5 }], "a gap asks again");
        assert!(!f.synced());
        // Another page's snapshot and output are not for it.
        assert!(f
            .receive(Message::Snapshot {
                to: 6,
                seq: 0,
                aof: vec![]
            })
            .is_empty());
    }

    #[test]
    fn only_the_leading_page_runs_lines_and_only_a_following_page_forwards_them() {
        let mut alone = Sharing::default();
        assert!(!alone.line(1, "PING"));
        assert!(alone
            .receive(Message::Line {
                page: 2,
                session: 1,
                line: "PING".into()
            })
            .is_empty());
        let mut leader = Sharing::default();
        assert!(!leader.lead(), "it did not follow before");
        assert_eq!(
            leader.receive(Message::Hello { page: 2 }),
            vec![Effect::SendSnapshot { to: 2 }]
        );
        let mut follower = Sharing::default();
        follower.follow(2);
        assert!(follower.line(1, "PING"));
        assert!(follower.lead(), "a following page took over");
        assert!(decoded(&mut follower).contains(&Message::Leader { page: 2 }));
    }
}
