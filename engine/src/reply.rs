//! The one reply type, and its RESP2 / RESP3 wire encodings.
//!
//! Commands build a `Reply` without knowing the client's protocol; the RESP3-only kinds
//! (map, set, double, boolean, push...) fold into their RESP2 equivalents at encoding
//! time, exactly as Redis's `addReply*` functions do.
use std::borrow::Cow;

use crate::num::fmt_double;

/// A reply to one client.
/// Redis's shared error texts (server.c `createSharedObjects`).
pub const WRONGTYPE: &str = "WRONGTYPE Operation against a key holding the wrong kind of value";
pub const NOT_INTEGER: &str = "ERR value is not an integer or out of range";
pub const NOT_FLOAT: &str = "ERR value is not a valid float";
pub const SYNTAX: &str = "ERR syntax error";

#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// `+OK`: a status line (borrowed when it is a constant: `+OK` costs no allocation).
    Status(Cow<'static, str>),
    /// `-ERR ...`: the full error line, prefix included (`ERR`, `WRONGTYPE`...).
    Error(String),
    Int(i64),
    Bulk(Vec<u8>),
    /// The missing value: `$-1` in RESP2.
    Null,
    /// The missing array: `*-1` in RESP2 (BLPOP time-outs, EXEC aborts).
    NullArray,
    Array(Vec<Reply>),
    /// RESP3 map (a flat array in RESP2).
    Map(Vec<(Reply, Reply)>),
    /// RESP3 set (an array in RESP2).
    Set(Vec<Reply>),
    /// RESP3 double, kept as the text Redis prints (a bulk string in RESP2).
    Double(String),
    /// RESP3 boolean (`:1` / `:0` in RESP2).
    Bool(bool),
    /// RESP3 verbatim string with its three-letter format (a bulk string in RESP2).
    Verbatim(&'static str, Vec<u8>),
    /// RESP3 out-of-band push (an array in RESP2): pub/sub messages.
    Push(Vec<Reply>),
    /// An array of bulk strings in one buffer (LRANGE's reply): on the wire exactly an
    /// `Array` of `Bulk`s, without an allocation per element to build and free (Redis
    /// writes a listpack's entries straight into the client's buffer). Only the encoder
    /// reads it: `Engine::take_replies` hands every other reader the `Array`
    /// (`Reply::unpacked`), so the playground, the tests and redis-cli's formatting never
    /// meet it.
    Bulks(Bulks),
}

/// Byte strings end to end in one buffer, with where each ends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bulks {
    data: Vec<u8>,
    ends: Vec<usize>,
}

impl Bulks {
    /// Room for `count` strings of `bytes` bytes in all.
    pub fn with_capacity(count: usize, bytes: usize) -> Bulks {
        Bulks {
            data: Vec::with_capacity(bytes),
            ends: Vec::with_capacity(count),
        }
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.data.extend_from_slice(bytes);
        self.ends.push(self.data.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &[u8]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter()).map(|(start, &end)| &self.data[start..end])
    }
}

impl Reply {
    pub fn ok() -> Reply {
        Reply::Status(Cow::Borrowed("OK"))
    }

    pub fn status(text: &str) -> Reply {
        Reply::Status(Cow::Owned(text.to_string()))
    }

    /// A status line made at run time.
    pub fn status_line(text: String) -> Reply {
        Reply::Status(Cow::Owned(text))
    }

    /// An error reply; a bare message gets Redis's `ERR ` prefix, as `addReplyError` does
    /// (a message that already starts with an upper-case code such as `WRONGTYPE` keeps it).
    pub fn err(message: impl Into<String>) -> Reply {
        let message: String = message.into();
        let has_code = message
            .split_once(' ')
            .is_some_and(|(code, _)| !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase()));
        if has_code {
            Reply::Error(message)
        } else {
            Reply::Error(format!("ERR {message}"))
        }
    }

    /// Redis's shared `wrongtypeerr`.
    pub fn wrongtype() -> Reply {
        Reply::err(WRONGTYPE)
    }

    /// Redis's shared `syntaxerr`.
    pub fn syntax_error() -> Reply {
        Reply::err(SYNTAX)
    }

    pub fn bulk(bytes: impl Into<Vec<u8>>) -> Reply {
        Reply::Bulk(bytes.into())
    }

    pub fn double(value: f64) -> Reply {
        Reply::Double(fmt_double(value))
    }

    pub fn bulks<I, B>(items: I) -> Reply
    where
        I: IntoIterator<Item = B>,
        B: Into<Vec<u8>>,
    {
        Reply::Array(items.into_iter().map(|b| Reply::Bulk(b.into())).collect())
    }

    pub fn optional_bulk(value: Option<Vec<u8>>) -> Reply {
        value.map_or(Reply::Null, Reply::Bulk)
    }

    pub fn is_error(&self) -> bool {
        matches!(self, Reply::Error(_))
    }

    /// The reply with every `Bulks` (at any depth) made the `Array` of `Bulk`s it
    /// stands for: what readers other than the wire encoder get.
    pub fn unpacked(self) -> Reply {
        match self {
            Reply::Bulks(b) => Reply::Array(b.iter().map(|e| Reply::Bulk(e.to_vec())).collect()),
            Reply::Array(items) if items.iter().any(Reply::has_packed) => {
                Reply::Array(items.into_iter().map(Reply::unpacked).collect())
            }
            other => other,
        }
    }

    /// Whether a `Bulks` is inside (EXEC's array holds its commands' replies).
    fn has_packed(&self) -> bool {
        match self {
            Reply::Bulks(_) => true,
            Reply::Array(items) => items.iter().any(Reply::has_packed),
            _ => false,
        }
    }

    /// Encodes for a client speaking protocol `resp` (2 or 3).
    pub fn encode(&self, resp: u8, out: &mut Vec<u8>) {
        match self {
            Reply::Status(s) => line(out, b'+', s.as_bytes()),
            Reply::Error(e) => line(out, b'-', e.as_bytes()),
            Reply::Int(n) => {
                out.push(b':');
                crate::num::push_int(out, *n);
                out.extend_from_slice(b"\r\n");
            }
            Reply::Bulk(b) => bulk(out, b),
            Reply::Null | Reply::NullArray if resp >= 3 => out.extend_from_slice(b"_\r\n"),
            Reply::Null => out.extend_from_slice(b"$-1\r\n"),
            Reply::NullArray => out.extend_from_slice(b"*-1\r\n"),
            Reply::Array(items) => aggregate(out, b'*', items, resp),
            Reply::Set(items) => aggregate(out, if resp >= 3 { b'~' } else { b'*' }, items, resp),
            Reply::Push(items) => aggregate(out, if resp >= 3 { b'>' } else { b'*' }, items, resp),
            Reply::Map(pairs) => {
                if resp >= 3 {
                    header(out, b'%', pairs.len());
                } else {
                    header(out, b'*', pairs.len() * 2);
                }
                for (k, v) in pairs {
                    k.encode(resp, out);
                    v.encode(resp, out);
                }
            }
            Reply::Double(text) if resp >= 3 => line(out, b',', text.as_bytes()),
            Reply::Double(text) => bulk(out, text.as_bytes()),
            Reply::Bool(b) if resp >= 3 => out.extend_from_slice(if *b { b"#t\r\n" } else { b"#f\r\n" }),
            Reply::Bool(b) => out.extend_from_slice(if *b { b":1\r\n" } else { b":0\r\n" }),
            Reply::Verbatim(format, text) if resp >= 3 => {
                header(out, b'=', text.len() + 4);
                out.extend_from_slice(format.as_bytes());
                out.push(b':');
                out.extend_from_slice(text);
                out.extend_from_slice(b"\r\n");
            }
            Reply::Verbatim(_, text) => bulk(out, text),
            Reply::Bulks(b) => {
                header(out, b'*', b.len());
                for e in b.iter() {
                    bulk(out, e);
                }
            }
        }
    }

    pub fn to_resp(&self, resp: u8) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode(resp, &mut out);
        out
    }
}

fn line(out: &mut Vec<u8>, kind: u8, text: &[u8]) {
    out.push(kind);
    // A reply line may never carry a newline (Redis replaces them with spaces).
    out.extend(text.iter().map(|&b| if b == b'\r' || b == b'\n' { b' ' } else { b }));
    out.extend_from_slice(b"\r\n");
}

fn header(out: &mut Vec<u8>, kind: u8, len: usize) {
    out.push(kind);
    crate::num::push_int(out, len as i64);
    out.extend_from_slice(b"\r\n");
}

fn bulk(out: &mut Vec<u8>, data: &[u8]) {
    header(out, b'$', data.len());
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
}

fn aggregate(out: &mut Vec<u8>, kind: u8, items: &[Reply], resp: u8) {
    header(out, kind, items.len());
    for item in items {
        item.encode(resp, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(r: &Reply, resp: u8) -> String {
        String::from_utf8(r.to_resp(resp)).unwrap()
    }

    #[test]
    fn scalars_encode_as_redis_does() {
        assert_eq!(wire(&Reply::ok(), 2), "+OK\r\n");
        assert_eq!(wire(&Reply::Int(-42), 2), ":-42\r\n");
        assert_eq!(wire(&Reply::Int(i64::MIN), 2), ":-9223372036854775808\r\n");
        assert_eq!(wire(&Reply::bulk("hi"), 2), "$2\r\nhi\r\n");
        assert_eq!(wire(&Reply::Null, 2), "$-1\r\n");
        assert_eq!(wire(&Reply::NullArray, 2), "*-1\r\n");
        assert_eq!(wire(&Reply::Null, 3), "_\r\n");
        assert_eq!(wire(&Reply::NullArray, 3), "_\r\n");
    }

    #[test]
    fn errors_get_the_err_prefix_unless_they_carry_a_code() {
        assert_eq!(Reply::err("syntax error"), Reply::Error("ERR syntax error".into()));
        assert_eq!(
            Reply::err("WRONGTYPE Operation against a key holding the wrong kind of value"),
            Reply::Error("WRONGTYPE Operation against a key holding the wrong kind of value".into())
        );
        assert_eq!(wire(&Reply::err("a\r\nb"), 2), "-ERR a  b\r\n");
    }

    #[test]
    fn packed_bulks_are_on_the_wire_and_unpacked_the_array_of_bulks_they_stand_for() {
        let words: [&[u8]; 4] = [b"a", b"", b"bc\r\n", b"\xff"];
        let mut packed = Bulks::with_capacity(4, 8);
        for w in words {
            packed.push(w);
        }
        let array = Reply::Array(words.iter().map(|w| Reply::Bulk(w.to_vec())).collect());
        for resp in [2, 3] {
            assert_eq!(Reply::Bulks(packed.clone()).to_resp(resp), array.to_resp(resp));
        }
        assert_eq!(Reply::Bulks(packed.clone()).unpacked(), array);
        assert_eq!(Reply::Bulks(Bulks::default()).unpacked(), Reply::Array(vec![]));
        assert_eq!(Reply::Bulks(Bulks::default()).to_resp(2), b"*0\r\n");
        // EXEC's array of replies, one of them packed.
        let exec = Reply::Array(vec![Reply::Int(1), Reply::Bulks(packed)]);
        assert_eq!(exec.unpacked(), Reply::Array(vec![Reply::Int(1), array]));
    }

    #[test]
    fn resp3_kinds_fold_into_resp2() {
        let map = Reply::Map(vec![(Reply::bulk("k"), Reply::Int(1))]);
        assert_eq!(wire(&map, 2), "*2\r\n$1\r\nk\r\n:1\r\n");
        assert_eq!(wire(&map, 3), "%1\r\n$1\r\nk\r\n:1\r\n");
        assert_eq!(wire(&Reply::double(1.5), 2), "$3\r\n1.5\r\n");
        assert_eq!(wire(&Reply::double(1.5), 3), ",1.5\r\n");
        assert_eq!(wire(&Reply::Bool(true), 2), ":1\r\n");
        assert_eq!(wire(&Reply::Bool(false), 3), "#f\r\n");
        assert_eq!(wire(&Reply::Set(vec![Reply::Int(1)]), 3), "~1\r\n:1\r\n");
        assert_eq!(wire(&Reply::Push(vec![Reply::Int(1)]), 2), "*1\r\n:1\r\n");
        assert_eq!(wire(&Reply::Verbatim("txt", b"ab".to_vec()), 3), "=6\r\ntxt:ab\r\n");
        assert_eq!(wire(&Reply::Verbatim("txt", b"ab".to_vec()), 2), "$2\r\nab\r\n");
    }
}
