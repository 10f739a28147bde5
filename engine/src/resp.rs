//! RESP parsing, sans I/O: requests as a server reads them (multibulk or inline, with
//! Redis's protocol errors) and replies as a client reads them (RESP2 and RESP3).
//! Callers feed bytes and get back a complete frame and how many bytes it used, or
//! `Ok(None)` when more bytes are needed.

use crate::reply::Reply;

/// Redis's limits on what a query may carry before the parser gives up.
const MAX_INLINE: usize = 64 * 1024;
const MAX_MULTIBULK: i64 = 1024 * 1024 * 1024;

fn find_crlf(buf: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?.windows(2).position(|w| w == b"\r\n").map(|p| p + from)
}

fn parse_int(bytes: &[u8]) -> Option<i64> {
    // Redis uses string2ll here too, but accepts "+N"? No: plain digits with optional '-'.
    crate::num::parse_i64(bytes)
}

/// One request parsed from the head of `buf`.
#[derive(Debug, PartialEq)]
pub enum Request {
    /// A command and the number of bytes it used (empty argv: an empty line to skip).
    Command(Vec<Vec<u8>>, usize),
    /// The connection must be answered with this error and closed.
    ProtocolError(String),
}

/// Parses one request (multibulk `*...` or inline) from the head of `buf`.
/// `max_bulk` is proto-max-bulk-len.
pub fn parse_request(buf: &[u8], max_bulk: u64) -> Option<Request> {
    if buf.is_empty() {
        return None;
    }
    if buf[0] != b'*' {
        return parse_inline(buf);
    }
    let Some(end) = find_crlf(buf, 0) else {
        if buf.len() > MAX_INLINE {
            return Some(Request::ProtocolError(
                "Protocol error: too big mbulk count string".into(),
            ));
        }
        return None;
    };
    let count = match parse_int(&buf[1..end]) {
        Some(n) if n <= MAX_MULTIBULK => n,
        _ => {
            return Some(Request::ProtocolError(
                "Protocol error: invalid multibulk length".into(),
            ))
        }
    };
    let mut pos = end + 2;
    if count <= 0 {
        return Some(Request::Command(Vec::new(), pos));
    }
    let mut argv = Vec::with_capacity((count as usize).min(1024));
    for _ in 0..count {
        let Some(&kind) = buf.get(pos) else { return None };
        if kind != b'$' {
            return Some(Request::ProtocolError(format!(
                "Protocol error: expected '$', got '{}'",
                kind as char
            )));
        }
        let Some(end) = find_crlf(buf, pos) else {
            if buf.len() - pos > MAX_INLINE {
                return Some(Request::ProtocolError(
                    "Protocol error: too big bulk count string".into(),
                ));
            }
            return None;
        };
        let len = match parse_int(&buf[pos + 1..end]) {
            Some(n) if n >= 0 && (n as u64) <= max_bulk => n as usize,
            _ => return Some(Request::ProtocolError("Protocol error: invalid bulk length".into())),
        };
        let start = end + 2;
        if buf.len() < start + len + 2 {
            return None;
        }
        argv.push(buf[start..start + len].to_vec());
        pos = start + len + 2;
    }
    Some(Request::Command(argv, pos))
}

fn parse_inline(buf: &[u8]) -> Option<Request> {
    let Some(nl) = buf.iter().position(|&b| b == b'\n') else {
        if buf.len() > MAX_INLINE {
            return Some(Request::ProtocolError("Protocol error: too big inline request".into()));
        }
        return None;
    };
    let mut line = &buf[..nl];
    if line.last() == Some(&b'\r') {
        line = &line[..line.len() - 1];
    }
    match crate::sds::split_args(line) {
        Some(argv) => Some(Request::Command(argv, nl + 1)),
        None => Some(Request::ProtocolError(
            "Protocol error: unbalanced quotes in request".into(),
        )),
    }
}

/// Parses one reply from the head of `buf`: Ok(Some((reply, used))), Ok(None) when
/// incomplete, Err on bytes that are not RESP.
pub fn parse_reply(buf: &[u8]) -> Result<Option<(Reply, usize)>, String> {
    parse_reply_at(buf, 0)
}

fn parse_reply_at(buf: &[u8], pos: usize) -> Result<Option<(Reply, usize)>, String> {
    let Some(&kind) = buf.get(pos) else { return Ok(None) };
    let Some(end) = find_crlf(buf, pos + 1) else {
        return Ok(None);
    };
    let line = &buf[pos + 1..end];
    let text = || String::from_utf8_lossy(line).into_owned();
    let int = || parse_int(line).ok_or_else(|| format!("bad integer {:?}", String::from_utf8_lossy(line)));
    let after = end + 2;
    let aggregate = |n: i64, pairs: bool| -> Result<Option<(Vec<Reply>, usize)>, String> {
        let mut items = Vec::new();
        let mut at = after;
        let total = if pairs { n * 2 } else { n };
        for _ in 0..total {
            match parse_reply_at(buf, at)? {
                Some((item, next)) => {
                    items.push(item);
                    at = next;
                }
                None => return Ok(None),
            }
        }
        Ok(Some((items, at)))
    };
    let bulk = |n: i64| -> Option<(Vec<u8>, usize)> {
        let n = n as usize;
        if buf.len() < after + n + 2 {
            return None;
        }
        Some((buf[after..after + n].to_vec(), after + n + 2))
    };
    Ok(match kind {
        b'+' => Some((Reply::Status(text().into()), after)),
        b'-' => Some((Reply::Error(text()), after)),
        b':' => Some((Reply::Int(int()?), after)),
        b'_' => Some((Reply::Null, after)),
        b',' => Some((Reply::Double(text()), after)),
        b'#' => Some((Reply::Bool(line == b"t"), after)),
        b'(' => Some((Reply::Status(text().into()), after)),
        b'$' | b'=' => {
            let n = int()?;
            if n < 0 {
                return Ok(Some((Reply::Null, after)));
            }
            match bulk(n) {
                Some((data, next)) if kind == b'=' => {
                    let body = data.get(4..).unwrap_or_default().to_vec();
                    Some((Reply::Verbatim("txt", body), next))
                }
                Some((data, next)) => Some((Reply::Bulk(data), next)),
                None => None,
            }
        }
        b'*' | b'~' | b'>' => {
            let n = int()?;
            if n < 0 {
                return Ok(Some((Reply::NullArray, after)));
            }
            aggregate(n, false)?.map(|(items, next)| {
                let reply = match kind {
                    b'*' => Reply::Array(items),
                    b'~' => Reply::Set(items),
                    _ => Reply::Push(items),
                };
                (reply, next)
            })
        }
        b'%' | b'|' => {
            let n = int()?;
            match aggregate(n, true)? {
                Some((items, next)) => {
                    let mut pairs = Vec::new();
                    let mut it = items.into_iter();
                    while let (Some(k), Some(v)) = (it.next(), it.next()) {
                        pairs.push((k, v));
                    }
                    if kind == b'|' {
                        // An attribute precedes the real reply: skip it.
                        return parse_reply_at(buf, next);
                    }
                    Some((Reply::Map(pairs), next))
                }
                None => None,
            }
        }
        other => return Err(format!("unknown RESP type byte {:?}", other as char)),
    })
}

/// Encodes a command as a RESP multibulk (what clients send and the AOF stores).
pub fn encode_command(argv: &[Vec<u8>], out: &mut Vec<u8>) {
    out.push(b'*');
    crate::num::push_int(out, argv.len() as i64);
    out.extend_from_slice(b"\r\n");
    for arg in argv {
        out.push(b'$');
        crate::num::push_int(out, arg.len() as i64);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 512 * 1024 * 1024;

    #[test]
    fn multibulk_requests() {
        let buf = b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1";
        assert_eq!(
            parse_request(buf, MAX),
            Some(Request::Command(vec![b"GET".to_vec(), b"k".to_vec()], 20))
        );
        assert_eq!(parse_request(&buf[..10], MAX), None);
        assert_eq!(parse_request(b"*0\r\n", MAX), Some(Request::Command(vec![], 4)));
    }

    #[test]
    fn inline_requests() {
        assert_eq!(
            parse_request(b"SET k \"a b\"\r\n", MAX),
            Some(Request::Command(
                vec![b"SET".to_vec(), b"k".to_vec(), b"a b".to_vec()],
                13
            ))
        );
        assert_eq!(parse_request(b"PING", MAX), None);
        assert_eq!(
            parse_request(b"SET \"k\n", MAX),
            Some(Request::ProtocolError(
                "Protocol error: unbalanced quotes in request".into()
            ))
        );
    }

    #[test]
    fn protocol_errors_use_redis_wording() {
        assert_eq!(
            parse_request(b"*x\r\n", MAX),
            Some(Request::ProtocolError(
                "Protocol error: invalid multibulk length".into()
            ))
        );
        assert_eq!(
            parse_request(b"*1\r\n:1\r\n", MAX),
            Some(Request::ProtocolError("Protocol error: expected '$', got ':'".into()))
        );
        assert_eq!(
            parse_request(b"*1\r\n$-5\r\n", MAX),
            Some(Request::ProtocolError("Protocol error: invalid bulk length".into()))
        );
        assert_eq!(
            parse_request(b"*1\r\n$100\r\n", 10),
            Some(Request::ProtocolError("Protocol error: invalid bulk length".into()))
        );
    }

    #[test]
    fn replies_round_trip_through_the_encoder() {
        let replies = [
            Reply::ok(),
            Reply::err("boom"),
            Reply::Int(-7),
            Reply::bulk("x\r\ny"),
            Reply::Null,
            Reply::NullArray,
            Reply::Array(vec![Reply::Int(1), Reply::Array(vec![Reply::bulk("a")])]),
        ];
        for r in &replies {
            let wire = r.to_resp(2);
            let (parsed, used) = parse_reply(&wire).unwrap().unwrap();
            assert_eq!(&parsed, r);
            assert_eq!(used, wire.len());
        }
        let map = Reply::Map(vec![(Reply::bulk("k"), Reply::double(1.5))]);
        assert_eq!(parse_reply(&map.to_resp(3)).unwrap().unwrap().0, map);
        assert_eq!(parse_reply(b"*3\r\n:1\r\n").unwrap(), None);
    }
}
