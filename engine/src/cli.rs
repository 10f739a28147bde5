//! What redis-cli does on either side of the wire: it splits a typed line into
//! arguments (`sdssplitargs`) and prints replies (`cliFormatReplyTTY` / `cliFormatReplyRaw`).
//! The terminal and the differential tests both rely on this being exact.

use crate::reply::Reply;

/// redis-cli's message for a line it cannot split (unbalanced quotes and the like).
pub const INVALID_ARGUMENTS: &str = "Invalid argument(s)";

/// Splits one typed line into arguments exactly as redis-cli does: blanks separate,
/// `"..."` knows `\n \r \t \b \a \xHH` and `\<any>`, `'...'` knows only `\'`, and a closing
/// quote must be followed by a blank or the end of the line. `None` means redis-cli
/// would print "Invalid argument(s)".
pub fn split_args(line: &[u8]) -> Option<Vec<Vec<u8>>> {
    // redis-cli works on a C string: a NUL ends the line.
    let line = match line.iter().position(|&b| b == 0) {
        Some(end) => &line[..end],
        None => line,
    };
    let at = |i: usize| line.get(i).copied().unwrap_or(0);
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut args = Vec::new();
    let mut i = 0;
    loop {
        while i < line.len() && is_space(line[i]) {
            i += 1;
        }
        if i >= line.len() {
            return Some(args);
        }
        let mut current = Vec::new();
        let (mut in_double, mut in_single) = (false, false);
        loop {
            let c = at(i);
            if in_double {
                if c == b'\\' && at(i + 1) == b'x' && at(i + 2).is_ascii_hexdigit() && at(i + 3).is_ascii_hexdigit() {
                    current.push(hex_value(at(i + 2)) * 16 + hex_value(at(i + 3)));
                    i += 3;
                } else if c == b'\\' && at(i + 1) != 0 {
                    i += 1;
                    current.push(match at(i) {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'a' => 0x07,
                        other => other,
                    });
                } else if c == b'"' {
                    if at(i + 1) != 0 && !is_space(at(i + 1)) {
                        return None;
                    }
                    i += 1;
                    break;
                } else if c == 0 {
                    return None;
                } else {
                    current.push(c);
                }
            } else if in_single {
                if c == b'\\' && at(i + 1) == b'\'' {
                    i += 1;
                    current.push(b'\'');
                } else if c == b'\'' {
                    if at(i + 1) != 0 && !is_space(at(i + 1)) {
                        return None;
                    }
                    i += 1;
                    break;
                } else if c == 0 {
                    return None;
                } else {
                    current.push(c);
                }
            } else {
                match c {
                    b' ' | b'\n' | b'\r' | b'\t' | 0 => break,
                    b'"' => in_double = true,
                    b'\'' => in_single = true,
                    other => current.push(other),
                }
            }
            i += 1;
        }
        args.push(current);
    }
}

fn hex_value(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

/// redis-cli's `sdscatrepr`: a quoted string with C escapes and `\xHH` for bytes that
/// are not printable ASCII (so UTF-8 text shows as escapes, as it does in redis-cli).
pub fn quote(data: &[u8], out: &mut String) {
    out.push('"');
    for &b in data {
        match b {
            b'\\' => out.push_str("\\\\"),
            b'"' => out.push_str("\\\""),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x07 => out.push_str("\\a"),
            0x08 => out.push_str("\\b"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                out.push_str("\\x");
                out.push(char::from(b"0123456789abcdef"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789abcdef"[(b & 15) as usize]));
            }
        }
    }
    out.push('"');
}

/// Whether redis-cli prints this command's reply raw even on a terminal
/// (INFO, CLIENT LIST and a few more that return preformatted text).
pub fn prints_raw(argv: &[Vec<u8>]) -> bool {
    let arg = |i: usize| argv.get(i).map(|a| a.to_ascii_lowercase()).unwrap_or_default();
    let (cmd, sub) = (arg(0), arg(1));
    let n = argv.len();
    cmd == b"info"
        || cmd == b"lolwut"
        || (n >= 2 && cmd == b"debug" && sub == b"htstats")
        || (n >= 2 && cmd == b"debug" && sub == b"htstats-key")
        || (n >= 2 && cmd == b"debug" && sub == b"listpack")
        || (n >= 2 && cmd == b"memory" && (sub == b"malloc-stats" || sub == b"doctor"))
        || (n == 2 && cmd == b"cluster" && (sub == b"nodes" || sub == b"info"))
        || (n >= 2 && cmd == b"client" && (sub == b"list" || sub == b"info"))
        || (n == 3 && cmd == b"latency" && sub == b"graph")
        || (n == 2 && cmd == b"latency" && sub == b"doctor")
}

/// Formats a reply the way redis-cli prints it after sending `argv` on a terminal,
/// for a connection speaking protocol `resp`. The text ends with a newline.
pub fn format_reply(argv: &[Vec<u8>], reply: &Reply, resp: u8) -> String {
    let mut out = String::new();
    if prints_raw(argv) {
        format_raw(reply, resp, &mut out);
        out.push('\n');
    } else {
        format_tty(reply, resp, "", &mut out);
    }
    out
}

/// `cliFormatReplyTTY`.
pub fn format_tty(reply: &Reply, resp: u8, prefix: &str, out: &mut String) {
    match reply {
        Reply::Error(e) => {
            out.push_str("(error) ");
            out.push_str(e);
            out.push('\n');
        }
        Reply::Status(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Reply::Int(n) => {
            out.push_str("(integer) ");
            out.push_str(&n.to_string());
            out.push('\n');
        }
        Reply::Bool(b) if resp >= 3 => out.push_str(if *b { "(true)\n" } else { "(false)\n" }),
        Reply::Bool(b) => out.push_str(if *b { "(integer) 1\n" } else { "(integer) 0\n" }),
        Reply::Double(text) if resp >= 3 => {
            out.push_str("(double) ");
            out.push_str(text);
            out.push('\n');
        }
        Reply::Double(text) => {
            quote(text.as_bytes(), out);
            out.push('\n');
        }
        Reply::Bulk(data) => {
            quote(data, out);
            out.push('\n');
        }
        Reply::Verbatim(_, text) if resp >= 3 => {
            out.push_str(&String::from_utf8_lossy(text));
            out.push('\n');
        }
        Reply::Verbatim(_, text) => {
            quote(text, out);
            out.push('\n');
        }
        Reply::Null | Reply::NullArray => out.push_str("(nil)\n"),
        Reply::Array(items) => format_aggregate(items, ')', "(empty array)", prefix, resp, out),
        Reply::Set(items) if resp >= 3 => format_aggregate(items, '~', "(empty set)", prefix, resp, out),
        Reply::Push(items) if resp >= 3 => format_aggregate(items, ')', "(empty push)", prefix, resp, out),
        Reply::Set(items) | Reply::Push(items) => format_aggregate(items, ')', "(empty array)", prefix, resp, out),
        Reply::Map(pairs) if resp >= 3 => {
            if pairs.is_empty() {
                out.push_str("(empty hash)\n");
                return;
            }
            let width = digits(pairs.len());
            let inner = format!("{prefix}{}", " ".repeat(width + 2));
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(prefix);
                }
                out.push_str(&format!("{:>width$}# ", i + 1));
                format_tty(key, resp, &inner, out);
                out.pop(); // the key's newline: the value follows on the same line
                out.push_str(" => ");
                format_tty(value, resp, &inner, out);
            }
        }
        Reply::Map(pairs) => {
            let flat: Vec<Reply> = pairs.iter().flat_map(|(k, v)| [k.clone(), v.clone()]).collect();
            format_aggregate(&flat, ')', "(empty array)", prefix, resp, out);
        }
    }
}

fn digits(mut n: usize) -> usize {
    let mut width = 1;
    while n >= 10 {
        n /= 10;
        width += 1;
    }
    width
}

fn format_aggregate(items: &[Reply], sep: char, empty: &str, prefix: &str, resp: u8, out: &mut String) {
    if items.is_empty() {
        out.push_str(empty);
        out.push('\n');
        return;
    }
    let width = digits(items.len());
    // Nested aggregates are indented by the width of this level's index column.
    let inner = format!("{prefix}{}", " ".repeat(width + 2));
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(prefix);
        }
        out.push_str(&format!("{:>width$}{sep} ", i + 1));
        format_tty(item, resp, &inner, out);
    }
}

/// `cliFormatReplyRaw`: values as they are, elements separated by newlines.
pub fn format_raw(reply: &Reply, resp: u8, out: &mut String) {
    match reply {
        Reply::Null | Reply::NullArray => {}
        Reply::Error(e) => {
            out.push_str(e);
            out.push('\n');
        }
        Reply::Status(s) => out.push_str(s),
        Reply::Bulk(data) | Reply::Verbatim(_, data) => out.push_str(&String::from_utf8_lossy(data)),
        Reply::Int(n) => out.push_str(&n.to_string()),
        Reply::Double(text) => out.push_str(text),
        Reply::Bool(b) if resp >= 3 => out.push_str(if *b { "(true)" } else { "(false)" }),
        Reply::Bool(b) => out.push_str(if *b { "1" } else { "0" }),
        Reply::Array(items) | Reply::Set(items) | Reply::Push(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                format_raw(item, resp, out);
            }
        }
        Reply::Map(pairs) => {
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                format_raw(k, resp, out);
                out.push('\n');
                format_raw(v, resp, out);
            }
        }
    }
}

/// The redis-cli prompt for a client in database `db`, inside MULTI or not.
pub fn prompt(host: &str, port: u16, db: usize, in_multi: bool) -> String {
    let mut p = format!("{host}:{port}");
    if db != 0 {
        p.push_str(&format!("[{db}]"));
    }
    if in_multi {
        p.push_str("(TX)");
    }
    p.push_str("> ");
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Option<Vec<String>> {
        split_args(line.as_bytes()).map(|v| {
            v.into_iter()
                .map(|a| String::from_utf8_lossy(&a).into_owned())
                .collect()
        })
    }

    #[test]
    fn splitting_follows_sdssplitargs() {
        assert_eq!(split("  set  a   b "), Some(vec!["set".into(), "a".into(), "b".into()]));
        assert_eq!(split(""), Some(vec![]));
        assert_eq!(
            split("set k \"a b\""),
            Some(vec!["set".into(), "k".into(), "a b".into()])
        );
        assert_eq!(
            split(r#"set k "a\nb\x41\"""#),
            Some(vec!["set".into(), "k".into(), "a\nbA\"".into()])
        );
        assert_eq!(
            split(r"set k 'it\'s \n'"),
            Some(vec!["set".into(), "k".into(), "it's \\n".into()])
        );
        assert_eq!(
            split(r#"a"b c""#),
            Some(vec!["ab c".into()]),
            "a quote may open mid-token"
        );
        assert_eq!(
            split(r#"set k "x\zy""#),
            Some(vec!["set".into(), "k".into(), "xzy".into()])
        );
        assert_eq!(split(r#"set k """#), Some(vec!["set".into(), "k".into(), "".into()]));
        assert_eq!(
            split(r#"set k "\x4""#),
            Some(vec!["set".into(), "k".into(), "x4".into()])
        );
    }

    #[test]
    fn splitting_rejects_what_redis_cli_rejects() {
        assert_eq!(split(r#"set k "abc"#), None);
        assert_eq!(split("set k 'abc"), None);
        assert_eq!(split(r#"set k "a"b"#), None);
        assert_eq!(split("set k 'a'b"), None);
    }

    #[test]
    fn quoting_escapes_non_printable_bytes() {
        let mut s = String::new();
        quote("a\"b\\\n\t\u{7}é".as_bytes(), &mut s);
        assert_eq!(s, r#""a\"b\\\n\t\a\xc3\xa9""#);
    }

    fn tty(reply: &Reply, resp: u8) -> String {
        format_reply(&[b"get".to_vec()], reply, resp)
    }

    #[test]
    fn scalars_print_like_redis_cli() {
        assert_eq!(tty(&Reply::Int(3), 2), "(integer) 3\n");
        assert_eq!(tty(&Reply::ok(), 2), "OK\n");
        assert_eq!(tty(&Reply::Null, 2), "(nil)\n");
        assert_eq!(tty(&Reply::bulk("v"), 2), "\"v\"\n");
        assert_eq!(tty(&Reply::err("boom"), 2), "(error) ERR boom\n");
        assert_eq!(tty(&Reply::Array(vec![]), 2), "(empty array)\n");
        assert_eq!(tty(&Reply::double(1.5), 2), "\"1.5\"\n");
        assert_eq!(tty(&Reply::double(1.5), 3), "(double) 1.5\n");
        assert_eq!(tty(&Reply::Bool(true), 3), "(true)\n");
    }

    #[test]
    fn arrays_number_and_indent_like_redis_cli() {
        let items: Vec<Reply> = (1..=10).map(|i| Reply::bulk(i.to_string())).collect();
        let text = tty(&Reply::Array(items), 2);
        assert!(text.starts_with(" 1) \"1\"\n 2) \"2\"\n"));
        assert!(text.ends_with("10) \"10\"\n"));
        let nested = Reply::Array(vec![
            Reply::bulk("a"),
            Reply::Array(vec![Reply::Int(1), Reply::Array(vec![Reply::bulk("x"), Reply::Null])]),
            Reply::Array(vec![]),
        ]);
        assert_eq!(
            tty(&nested, 2),
            "1) \"a\"\n2) 1) (integer) 1\n   2) 1) \"x\"\n      2) (nil)\n3) (empty array)\n"
        );
    }

    #[test]
    fn maps_print_as_pairs_in_resp3_and_flat_in_resp2() {
        let map = Reply::Map(vec![
            (Reply::bulk("f"), Reply::bulk("v")),
            (Reply::bulk("g"), Reply::Int(2)),
        ]);
        assert_eq!(tty(&map, 3), "1# \"f\" => \"v\"\n2# \"g\" => (integer) 2\n");
        assert_eq!(tty(&map, 2), "1) \"f\"\n2) \"v\"\n3) \"g\"\n4) (integer) 2\n");
        assert_eq!(tty(&Reply::Map(vec![]), 3), "(empty hash)\n");
    }

    #[test]
    fn info_prints_raw() {
        let text = format_reply(
            &[b"INFO".to_vec()],
            &Reply::bulk("# Server\r\nredis_version:7.0.15\r\n"),
            2,
        );
        assert_eq!(text, "# Server\r\nredis_version:7.0.15\r\n\n");
    }

    #[test]
    fn prompt_shows_db_and_transaction() {
        assert_eq!(prompt("127.0.0.1", 6379, 0, false), "127.0.0.1:6379> ");
        assert_eq!(prompt("127.0.0.1", 6379, 3, true), "127.0.0.1:6379[3](TX)> ");
    }
}
