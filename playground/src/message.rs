//! The messages the pages of one playground send each other (the host posts them on a
//! BroadcastChannel), typed, with their encoding beside them: a RESP array of bulk
//! strings whose first element names the message.

use keyspace_engine::resp::{encode_command, parse_request, Request};

use crate::clock::Clock;
use crate::repl::{Line, LineKind, Ran};

#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// A page that follows asks the leading page for the keyspace.
    Hello { page: u64 },
    /// The leading page's keyspace (an AOF rewrite) for page `to`, current up to the
    /// stream message `seq`.
    Snapshot { to: u64, seq: u64, aof: Vec<u8> },
    /// Writes the leading page made (the AOF's RESP), numbered from 1.
    Stream { seq: u64, aof: Vec<u8> },
    /// The time every page's engine reads.
    Clock(Clock),
    /// A line typed in `session` of `page`, for the leading page to run.
    Line { page: u64, session: u64, line: String },
    /// Ctrl+C in `session` of `page`.
    Interrupt { page: u64, session: u64 },
    /// A session of `page` closed; with no session, the page itself left.
    Close { page: u64, session: Option<u64> },
    /// What `session` of `page` printed and ran on the leading page, and its state.
    Output { page: u64, session: u64, output: Output },
    /// `page` leads now.
    Leader { page: u64 },
}

/// A session's news from the leading page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// CLEAR was typed: the screen empties first.
    pub cleared: bool,
    /// "" while waiting.
    pub prompt: String,
    pub waiting: bool,
    pub subscribed: bool,
    pub lines: Vec<Line>,
    /// The commands it ran, for a lesson in that page.
    pub ran: Vec<Ran>,
}

fn kind_code(kind: LineKind) -> &'static [u8] {
    match kind {
        LineKind::Input => b"i",
        LineKind::Output => b"o",
        LineKind::Error => b"e",
        LineKind::Note => b"n",
    }
}

fn kind_of(code: &[u8]) -> Option<LineKind> {
    Some(match code {
        b"i" => LineKind::Input,
        b"o" => LineKind::Output,
        b"e" => LineKind::Error,
        b"n" => LineKind::Note,
        _ => return None,
    })
}

fn flag(on: bool) -> Vec<u8> {
    vec![b'0' + u8::from(on)]
}

impl Message {
    pub fn encode(&self) -> Vec<u8> {
        let n = |v: u64| v.to_string().into_bytes();
        let parts: Vec<Vec<u8>> = match self {
            Message::Hello { page } => vec![b"HELLO".to_vec(), n(*page)],
            Message::Snapshot { to, seq, aof } => vec![b"SNAPSHOT".to_vec(), n(*to), n(*seq), aof.clone()],
            Message::Stream { seq, aof } => vec![b"STREAM".to_vec(), n(*seq), aof.clone()],
            Message::Clock(clock) => vec![b"CLOCK".to_vec(), clock.encode().into_bytes()],
            Message::Line { page, session, line } => {
                vec![b"LINE".to_vec(), n(*page), n(*session), line.clone().into_bytes()]
            }
            Message::Interrupt { page, session } => vec![b"INTERRUPT".to_vec(), n(*page), n(*session)],
            Message::Close { page, session: Some(s) } => vec![b"CLOSE".to_vec(), n(*page), n(*s)],
            Message::Close { page, session: None } => vec![b"BYE".to_vec(), n(*page)],
            Message::Leader { page } => vec![b"LEADER".to_vec(), n(*page)],
            Message::Output { page, session, output } => {
                let mut parts = vec![
                    b"OUTPUT".to_vec(),
                    n(*page),
                    n(*session),
                    flag(output.cleared),
                    output.prompt.clone().into_bytes(),
                    flag(output.waiting),
                    flag(output.subscribed),
                ];
                for line in &output.lines {
                    parts.push(kind_code(line.kind).to_vec());
                    parts.push(line.text.clone().into_bytes());
                }
                // Commands run: (r|x, a RESP array of the argv then the printed reply).
                for ran in &output.ran {
                    let mut record = ran.argv.clone();
                    record.push(ran.reply.clone().into_bytes());
                    let mut bytes = Vec::new();
                    encode_command(&record, &mut bytes);
                    parts.push(if ran.error { b"x".to_vec() } else { b"r".to_vec() });
                    parts.push(bytes);
                }
                parts
            }
        };
        let mut out = Vec::new();
        encode_command(&parts, &mut out);
        out
    }

    /// None for anything that is not a well-formed message.
    pub fn decode(bytes: &[u8]) -> Option<Message> {
        let Some(Request::Command(parts, _)) = parse_request(bytes, u64::MAX) else {
            return None;
        };
        let field = |i: usize| parts.get(i).map(Vec::as_slice);
        let number = |i: usize| -> Option<u64> { std::str::from_utf8(field(i)?).ok()?.parse().ok() };
        let text = |i: usize| field(i).map(|b| String::from_utf8_lossy(b).into_owned());
        let bytes_at = |i: usize| field(i).map(<[u8]>::to_vec);
        Some(match field(0)? {
            b"HELLO" => Message::Hello { page: number(1)? },
            b"SNAPSHOT" => Message::Snapshot {
                to: number(1)?,
                seq: number(2)?,
                aof: bytes_at(3)?,
            },
            b"STREAM" => Message::Stream {
                seq: number(1)?,
                aof: bytes_at(2)?,
            },
            b"CLOCK" => Message::Clock(Clock::decode(&text(1)?)?),
            b"LINE" => Message::Line {
                page: number(1)?,
                session: number(2)?,
                line: text(3)?,
            },
            b"INTERRUPT" => Message::Interrupt {
                page: number(1)?,
                session: number(2)?,
            },
            b"CLOSE" => Message::Close {
                page: number(1)?,
                session: Some(number(2)?),
            },
            b"BYE" => Message::Close {
                page: number(1)?,
                session: None,
            },
            b"LEADER" => Message::Leader { page: number(1)? },
            b"OUTPUT" => {
                let mut output = Output {
                    cleared: field(3)? == b"1",
                    prompt: text(4)?,
                    waiting: field(5)? == b"1",
                    subscribed: field(6)? == b"1",
                    ..Output::default()
                };
                for pair in parts[7..].chunks(2) {
                    let [code, body] = pair else { return None };
                    match code.as_slice() {
                        b"r" | b"x" => {
                            let Some(Request::Command(mut record, _)) = parse_request(body, u64::MAX) else {
                                return None;
                            };
                            let reply = record.pop().filter(|_| !record.is_empty())?;
                            output.ran.push(Ran {
                                argv: record,
                                reply: String::from_utf8_lossy(&reply).into_owned(),
                                error: code == b"x",
                            });
                        }
                        code => output.lines.push(Line {
                            kind: kind_of(code)?,
                            text: String::from_utf8_lossy(body).into_owned(),
                        }),
                    }
                }
                Message::Output {
                    page: number(1)?,
                    session: number(2)?,
                    output,
                }
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_round_trips_and_garbage_is_none() {
        let mut clock = Clock::real_time();
        clock.jump(1_000, 60_000);
        let messages = vec![
            Message::Hello { page: 7 },
            Message::Snapshot {
                to: 7,
                seq: 3,
                aof: b"*1\r\n$4\r\nPING\r\n".to_vec(),
            },
            Message::Stream {
                seq: 4,
                aof: b"\x00binary\r\n".to_vec(),
            },
            Message::Clock(clock),
            Message::Line {
                page: 7,
                session: 2,
                line: "SET k \"v w\"".into(),
            },
            Message::Interrupt { page: 7, session: 2 },
            Message::Close {
                page: 7,
                session: Some(2),
            },
            Message::Close { page: 7, session: None },
            Message::Leader { page: 9 },
            Message::Output {
                page: 7,
                session: 2,
                output: Output {
                    cleared: true,
                    prompt: "127.0.0.1:6379[1]> ".into(),
                    waiting: false,
                    subscribed: true,
                    lines: vec![
                        Line {
                            text: "127.0.0.1:6379> GET k".into(),
                            kind: LineKind::Input,
                        },
                        Line {
                            text: "(error) ERR wrong".into(),
                            kind: LineKind::Error,
                        },
                    ],
                    ran: vec![Ran {
                        argv: vec![b"GET".to_vec(), b"k".to_vec()],
                        reply: "\"v w\"".into(),
                        error: false,
                    }],
                },
            },
        ];
        for m in messages {
            assert_eq!(Message::decode(&m.encode()), Some(m.clone()), "{m:?}");
        }
        assert_eq!(Message::decode(b"*1\r\n$5\r\nHELLO\r\n"), None, "a field is missing");
        assert_eq!(
            Message::decode(b"*2\r\n$5\r\nHELLO\r\n$2\r\nxx\r\n"),
            None,
            "not a number"
        );
        assert_eq!(Message::decode(b"garbage"), None);
    }
}
