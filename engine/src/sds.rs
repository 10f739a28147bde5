//! Two functions of Redis's sds.c that more than one side of the wire uses:
//! `sdssplitargs` (how redis-cli splits a typed line, and how Redis splits an inline
//! command) and `sdscatrepr` (how MONITOR and redis-cli quote bytes); and the sizes of
//! Redis's sds strings under jemalloc (MEMORY USAGE, a string's spare room).

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

/// The usable size jemalloc gives a request of `n` bytes (`je_malloc_usable_size`):
/// 8, then multiples of 16 up to 128, then four classes per doubling.
pub fn jemalloc_size(n: usize) -> usize {
    if n <= 8 {
        return 8;
    }
    if n <= 128 {
        return n.div_ceil(16) * 16;
    }
    let lg = usize::BITS - 1 - (n - 1).leading_zeros();
    let delta = 1usize << (lg - 2);
    n.div_ceil(delta) * delta
}

/// The header of an sds of `len` bytes made by `sdsnewlen` (type 5 below 32 bytes,
/// except the empty string), and the largest length its type can record.
pub(crate) fn sds_header(len: usize, allow_type5: bool) -> (usize, usize) {
    if len < 32 && allow_type5 && len > 0 {
        (1, 31)
    } else if len < 1 << 8 {
        (3, (1 << 8) - 1)
    } else if len < 1 << 16 {
        (5, (1 << 16) - 1)
    } else if (len as u64) < 1 << 32 {
        // 64-bit Redis's sdshdr32 (on a 32-bit target every length fits it).
        (9, usize::try_from((1u64 << 32) - 1).unwrap_or(usize::MAX))
    } else {
        (17, usize::MAX)
    }
}

/// `sdsZmallocSize` of a new sds holding `len` bytes (`sdsnewlen`, `sdsdup`).
pub fn sds_size(len: usize) -> usize {
    jemalloc_size(sds_header(len, true).0 + len + 1)
}

/// The text capacity (`sdsalloc`) of an sds made by `sdsnewlen` for `len` bytes: what
/// the allocator's size class leaves after the header (a type 5 sds has no spare room).
pub fn sds_new_alloc(len: usize) -> usize {
    let (header, max) = sds_header(len, true);
    if header == 1 {
        return len;
    }
    (jemalloc_size(header + len + 1) - header - 1).min(max)
}

/// The text capacity `sdsMakeRoomFor` leaves when it reallocates for `wanted` bytes.
pub fn sds_usable(wanted: usize) -> usize {
    let (header, max) = sds_header(wanted, false);
    (jemalloc_size(header + wanted + 1) - header - 1).min(max)
}

/// `sdsZmallocSize` of an sds whose text capacity is `alloc` (a grown string).
pub(crate) fn sds_size_for_alloc(alloc: usize) -> usize {
    jemalloc_size(sds_header(alloc, false).0 + alloc + 1)
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
}
