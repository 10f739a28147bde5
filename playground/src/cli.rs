//! How redis-cli prints replies (`cliFormatReplyTTY` / `cliFormatReplyRaw`) and its
//! prompt; it splits typed lines with the engine's `sds::split_args`. The terminal and
//! the differential tests both rely on this being exact.

use keyspace_engine::reply::Reply;
use keyspace_engine::sds::quote;

/// redis-cli's message for a line it cannot split (unbalanced quotes and the like).
pub const INVALID_ARGUMENTS: &str = "Invalid argument(s)";

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
        // The engine hands replies over unpacked (`Engine::take_replies`); formatted
        // all the same should one come here.
        Reply::Bulks(_) => format_tty(&reply.clone().unpacked(), resp, prefix, out),
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
        Reply::Bulks(_) => format_raw(&reply.clone().unpacked(), resp, out),
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

/// Whether redis-cli keeps a typed line out of its history (`isSensitiveCommand`):
/// AUTH, ACL SETUSER, CONFIG SET of a password, HELLO with AUTH, MIGRATE with AUTH,
/// after a repeat count. A line that does not split is kept, as redis-cli keeps it.
pub fn is_sensitive(line: &str) -> bool {
    let Some(argv) = keyspace_engine::sds::split_args(line.as_bytes()) else {
        return false;
    };
    let mut args: &[Vec<u8>] = &argv;
    let is_count = |a: &[u8]| !a.is_empty() && std::str::from_utf8(a).is_ok_and(|t| t.parse::<i64>().is_ok());
    if args.len() > 1 && is_count(&args[0]) {
        args = &args[1..];
    }
    let is = |i: usize, word: &str| args.get(i).is_some_and(|a| a.eq_ignore_ascii_case(word.as_bytes()));
    if is(0, "auth") {
        return true;
    }
    if args.len() > 1 && is(0, "acl") && is(1, "setuser") {
        return true;
    }
    if args.len() > 2 && is(0, "config") && is(1, "set") {
        return is(2, "masterauth") || is(2, "masteruser") || is(2, "requirepass");
    }
    if args.len() > 4 && is(0, "hello") {
        let mut j = 2;
        while j < args.len() {
            let more = args.len() - 1 - j;
            if is(j, "auth") && more >= 2 {
                return true;
            } else if is(j, "setname") && more > 0 {
                j += 1;
            } else {
                return false;
            }
            j += 1;
        }
        return false;
    }
    if args.len() > 7 && is(0, "migrate") {
        for j in 6..args.len() {
            let more = args.len() - 1 - j;
            if (is(j, "auth") && more > 0) || (is(j, "auth2") && more >= 2) {
                return true;
            }
            if is(j, "keys") && more > 0 {
                return false;
            }
        }
    }
    false
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

#[cfg(test)]
mod sensitive_tests {
    use super::is_sensitive;

    #[test]
    fn passwords_stay_out_of_history_as_redis_cli_keeps_them_out() {
        for line in [
            "AUTH pw",
            "auth user pw",
            "3 AUTH pw",
            "ACL SETUSER u >pw",
            "config set requirepass pw",
            "HELLO 3 AUTH u pw",
            "HELLO 3 SETNAME n AUTH u pw",
        ] {
            assert!(is_sensitive(line), "{line}");
        }
        for line in [
            "GET k",
            "ACL LIST",
            "CONFIG SET maxmemory 1mb",
            "HELLO 3",
            "HELLO 3 SETNAME n",
            "AUTH\"",
            "3",
        ] {
            assert!(!is_sensitive(line), "{line}");
        }
    }
}
