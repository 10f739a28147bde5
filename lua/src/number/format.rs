//! Printing: `tostring`'s `%.14g` ([`fmt`]) and `string.format` ([`format`]), together
//! because the first is the second's `%g` layout. Apart from reading, which they call
//! only where a string stands for a number.

use super::read::parse;
use super::{c_str, to_int32, to_integer, to_uint64};
use std::borrow::Cow;

/// One argument of [`format`], as the VM hands it over: a number, a string (bytes), or
/// any other value, named by its Lua type (`"nil"`, `"boolean"`, `"table"`, ...) for
/// the error message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormatArg<'a> {
    /// A Lua number.
    Num(f64),
    /// A Lua string.
    Str(&'a [u8]),
    /// Any other value, by its type name.
    Other(&'static str),
}

/// `tostring(n)`: `sprintf("%.14g", n)` (lobject.c luaO_tostr with luaconf.h's
/// `LUAI_NUMFFORMAT`). A negative NaN prints `-nan`, as glibc prints it.
pub fn fmt(n: f64) -> Vec<u8> {
    // The common case, an integer of at most 14 digits, prints as itself.
    if n.fract() == 0.0 && n.abs() < 1e14 {
        if n == 0.0 && n.is_sign_negative() {
            return b"-0".to_vec();
        }
        return (n as i64).to_string().into_bytes();
    }
    let spec = Spec {
        prec: Some(14),
        ..Spec::default()
    };
    let mut out = Vec::with_capacity(24);
    put_float(&mut out, n, &spec, b'g');
    out
}

/// `string.format(fmt, ...)` (lstrlib.c str_format): `fmt` with each `%` item replaced
/// by the next argument formatted as C's `sprintf` would (`%d %i` cast to a 64-bit
/// integer, `%u %o %x %X` to an unsigned one, `%c` to an `int` and then a byte, `%e %E
/// %f %g %G` as doubles), `%q` a string quoted so Lua reads it back, `%s` a string
/// (numbers print as [`fmt`] prints them; strings that read as numbers are accepted
/// where a number is expected), `%%` a percent sign. An item is `%`, up to five flags
/// from `-+ #0`, a width of at most two digits, a precision of at most two digits, and
/// the conversion.
///
/// What 5.1 does that C alone would not: a `%s` string of 100 bytes or more with no
/// precision is copied whole (zero bytes included); a shorter one, or any with a
/// precision, ends at its first zero byte, and a `%c` of 0 leaves nothing of its item
/// from the zero on, as Lua measures the item with `strlen`.
///
/// Errors, in the order Lua finds them for each item: `bad argument #N to 'format' (no
/// value)`, `invalid format (repeated flags)` (six or more flag characters),
/// `invalid format (width or precision too long)`, `invalid option '%y' to 'format'`,
/// `bad argument #N to 'format' (number expected, got string)` / `(string expected, got
/// nil)`. Arguments are numbered from the format string, which is #1.
pub fn format(fmt: &[u8], args: &[FormatArg<'_>]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(fmt.len() + 16);
    let mut i = 0;
    let mut arg = 1; // the format string is argument #1
    while i < fmt.len() {
        if fmt[i] != b'%' {
            out.push(fmt[i]);
            i += 1;
            continue;
        }
        i += 1;
        if fmt.get(i) == Some(&b'%') {
            out.push(b'%');
            i += 1;
            continue;
        }
        arg += 1;
        let value = match args.get(arg - 2) {
            Some(v) => *v,
            None => return Err(format!("bad argument #{arg} to 'format' (no value)")),
        };
        let (spec, next) = scan_spec(fmt, i)?;
        // Past the end is C's terminating zero byte.
        let conv = fmt.get(next).copied().unwrap_or(0);
        i = next + 1;
        match conv {
            b'c' => {
                let byte = to_int32(check_number(value, arg)?) as u8;
                let start = out.len();
                pad(&mut out, &[], &[byte], &spec, false);
                // Lua keeps the item up to its first zero byte (strlen).
                if let Some(z) = out[start..].iter().position(|&b| b == 0) {
                    out.truncate(start + z);
                }
            }
            b'd' | b'i' => {
                let n = to_integer(check_number(value, arg)?);
                put_signed(&mut out, n, &spec);
            }
            b'o' | b'u' | b'x' | b'X' => {
                let n = to_uint64(check_number(value, arg)?);
                put_unsigned(&mut out, n, &spec, conv);
            }
            b'e' | b'E' | b'f' | b'g' | b'G' => {
                let n = check_number(value, arg)?;
                put_float(&mut out, n, &spec, conv);
            }
            b'q' => put_quoted(&mut out, &check_string(value, arg)?),
            b's' => {
                let s = check_string(value, arg)?;
                if spec.prec.is_none() && s.len() >= 100 {
                    // lstrlib.c: too long to format, kept whole.
                    out.extend_from_slice(&s);
                } else {
                    let s = c_str(&s);
                    let s = match spec.prec {
                        Some(p) if p < s.len() => &s[..p],
                        _ => s,
                    };
                    pad(&mut out, &[], s, &spec, false);
                }
            }
            other => {
                // lobject.c luaO_pushvfstring's %c of a zero byte adds nothing.
                let shown = if other == 0 {
                    String::new()
                } else {
                    char::from(other).to_string()
                };
                return Err(format!("invalid option '%{shown}' to 'format'"));
            }
        }
    }
    Ok(out)
}

/// A conversion's flags, width and precision.
#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    space: bool,
    hash: bool,
    zero: bool,
    width: usize,
    prec: Option<usize>,
}

/// lstrlib.c scanformat: reads flags, width and precision from `fmt[i..]`; returns them
/// and the index of the conversion character.
fn scan_spec(fmt: &[u8], mut i: usize) -> Result<(Spec, usize), String> {
    let mut spec = Spec::default();
    let flags_start = i;
    while let Some(&b) = fmt.get(i) {
        match b {
            b'-' => spec.minus = true,
            b'+' => spec.plus = true,
            b' ' => spec.space = true,
            b'#' => spec.hash = true,
            b'0' => spec.zero = true,
            _ => break,
        }
        i += 1;
    }
    // sizeof("-+ #0") is 6: five flag characters are allowed, repeated or not.
    if i - flags_start >= 6 {
        return Err("invalid format (repeated flags)".to_string());
    }
    let digits = |i: &mut usize| -> usize {
        let mut v = 0;
        for _ in 0..2 {
            match fmt.get(*i) {
                Some(&d) if d.is_ascii_digit() => {
                    v = v * 10 + usize::from(d - b'0');
                    *i += 1;
                }
                _ => break,
            }
        }
        v
    };
    spec.width = digits(&mut i);
    if fmt.get(i) == Some(&b'.') {
        i += 1;
        spec.prec = Some(digits(&mut i));
    }
    if fmt.get(i).is_some_and(u8::is_ascii_digit) {
        return Err("invalid format (width or precision too long)".to_string());
    }
    Ok((spec, i))
}

/// luaL_checknumber: a number, or a string that reads as one.
fn check_number(v: FormatArg<'_>, arg: usize) -> Result<f64, String> {
    match v {
        FormatArg::Num(n) => Ok(n),
        FormatArg::Str(s) => parse(s).ok_or_else(|| type_error(arg, "number", "string")),
        FormatArg::Other(t) => Err(type_error(arg, "number", t)),
    }
}

/// luaL_checklstring: a string, or a number printed as [`fmt`] prints it.
fn check_string<'a>(v: FormatArg<'a>, arg: usize) -> Result<Cow<'a, [u8]>, String> {
    match v {
        FormatArg::Str(s) => Ok(Cow::Borrowed(s)),
        FormatArg::Num(n) => Ok(Cow::Owned(fmt(n))),
        FormatArg::Other(t) => Err(type_error(arg, "string", t)),
    }
}

/// lauxlib.c tag_error's message.
fn type_error(arg: usize, expected: &str, got: &str) -> String {
    format!("bad argument #{arg} to 'format' ({expected} expected, got {got})")
}

/// Lays out `prefix` (sign, `0x`) and `body` in the spec's width: left-justified with
/// `-`, zeros between prefix and body when `zero_pad`, spaces before both otherwise.
fn pad(out: &mut Vec<u8>, prefix: &[u8], body: &[u8], spec: &Spec, zero_pad: bool) {
    let fill = spec.width.saturating_sub(prefix.len() + body.len());
    if spec.minus {
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
        out.resize(out.len() + fill, b' ');
    } else if zero_pad {
        out.extend_from_slice(prefix);
        out.resize(out.len() + fill, b'0');
        out.extend_from_slice(body);
    } else {
        out.resize(out.len() + fill, b' ');
        out.extend_from_slice(prefix);
        out.extend_from_slice(body);
    }
}

/// The sign C prints before a value: `-`, or `+` / ` ` when asked for.
fn sign_prefix(negative: bool, spec: &Spec) -> &'static [u8] {
    if negative {
        b"-"
    } else if spec.plus {
        b"+"
    } else if spec.space {
        b" "
    } else {
        b""
    }
}

/// Pads `digits` with leading zeros to the precision (C's minimum digit count); a
/// precision of 0 prints the value 0 as no digits at all.
fn apply_int_precision(digits: String, spec: &Spec) -> Vec<u8> {
    match spec.prec {
        Some(0) if digits == "0" => Vec::new(),
        Some(p) if p > digits.len() => {
            let mut v = vec![b'0'; p - digits.len()];
            v.extend_from_slice(digits.as_bytes());
            v
        }
        _ => digits.into_bytes(),
    }
}

/// printf's `%d`: sign, digits; `0` pads only without a precision.
fn put_signed(out: &mut Vec<u8>, n: i64, spec: &Spec) {
    let body = apply_int_precision(n.unsigned_abs().to_string(), spec);
    let zero_pad = spec.zero && spec.prec.is_none();
    pad(out, sign_prefix(n < 0, spec), &body, spec, zero_pad);
}

/// printf's `%u %o %x %X`: no sign; `#` adds `0x`/`0X` to a non-zero hexadecimal value
/// and makes an octal one start with 0.
fn put_unsigned(out: &mut Vec<u8>, n: u64, spec: &Spec, conv: u8) {
    let digits = match conv {
        b'o' => format!("{n:o}"),
        b'x' => format!("{n:x}"),
        b'X' => format!("{n:X}"),
        _ => n.to_string(),
    };
    let mut body = apply_int_precision(digits, spec);
    let mut prefix: &[u8] = b"";
    if spec.hash {
        match conv {
            b'o' if body.first() != Some(&b'0') => body.insert(0, b'0'),
            b'x' if n != 0 => prefix = b"0x",
            b'X' if n != 0 => prefix = b"0X",
            _ => {}
        }
    }
    let zero_pad = spec.zero && spec.prec.is_none();
    pad(out, prefix, &body, spec, zero_pad);
}

/// printf's `%e %E %f %g %G` (precision 6 unless given). Infinities and NaNs print
/// `inf`/`nan` (upper case for `%E %G`) with their sign and are never zero-padded.
fn put_float(out: &mut Vec<u8>, x: f64, spec: &Spec, conv: u8) {
    let upper = conv.is_ascii_uppercase();
    let prefix = sign_prefix(x.is_sign_negative(), spec);
    if !x.is_finite() {
        let word: &[u8] = match (x.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        };
        pad(out, prefix, word, spec, false);
        return;
    }
    let a = x.abs();
    let p = spec.prec.unwrap_or(6);
    let body = match conv.to_ascii_lowercase() {
        b'e' => exp_style(a, p, spec.hash, upper),
        b'f' => {
            let mut s = format!("{a:.p$}").into_bytes();
            if p == 0 && spec.hash {
                s.push(b'.');
            }
            s
        }
        _ => {
            // %g: precision P (0 counts as 1) significant digits; the exponent X that
            // %e would print picks the style: %f when -4 <= X < P, else %e.
            let p = p.max(1);
            let (_, x_exp) = split_exp(&format!("{:.*e}", p - 1, a));
            let s = if x_exp >= -4 && x_exp < p as i32 {
                let decimals = (p as i32 - 1 - x_exp) as usize;
                let mut s = format!("{a:.decimals$}").into_bytes();
                if decimals == 0 && spec.hash {
                    s.push(b'.');
                }
                if !spec.hash {
                    strip_fraction_zeros(&mut s);
                }
                s
            } else if spec.hash && x_exp == p as i32 && format!("{:.0}", a.floor()).len() == p {
                // glibc quirk: when rounding carries a value of P integer digits into
                // P + 1 (999999.5 at `%#g`), glibc has already picked fixed notation with
                // no decimals and switches to exponent notation keeping that count:
                // `string.format('%#g', 999999.5)` is "1.e+06", not "1.00000e+06".
                exp_style(a, 0, true, upper)
            } else {
                let mut s = exp_style(a, p - 1, spec.hash, upper);
                if !spec.hash {
                    // Only the mantissa's zeros go: split at the exponent.
                    let e = s.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(s.len());
                    let tail = s.split_off(e);
                    strip_fraction_zeros(&mut s);
                    s.extend_from_slice(&tail);
                }
                s
            };
            s
        }
    };
    pad(out, prefix, &body, spec, spec.zero);
}

/// `%e` of a non-negative finite `a`: `d.ddde+XX`, the exponent at least two digits,
/// the point kept with no decimals only under `#`.
fn exp_style(a: f64, p: usize, hash: bool, upper: bool) -> Vec<u8> {
    let text = format!("{a:.p$e}");
    let (mantissa, exp) = split_exp(&text);
    let mut s = mantissa.as_bytes().to_vec();
    if p == 0 && hash {
        s.push(b'.');
    }
    s.push(if upper { b'E' } else { b'e' });
    s.push(if exp < 0 { b'-' } else { b'+' });
    let digits = exp.unsigned_abs().to_string();
    if digits.len() < 2 {
        s.push(b'0');
    }
    s.extend_from_slice(digits.as_bytes());
    s
}

/// Splits Rust's `1.5e-7` into its mantissa and exponent.
fn split_exp(s: &str) -> (&str, i32) {
    match s.split_once('e') {
        Some((m, e)) => (m, e.parse().unwrap_or(0)),
        None => (s, 0),
    }
}

/// `%g`'s removal of trailing zeros after a decimal point, and of the point if nothing
/// follows it.
fn strip_fraction_zeros(s: &mut Vec<u8>) {
    if !s.contains(&b'.') {
        return;
    }
    while s.last() == Some(&b'0') {
        s.pop();
    }
    if s.last() == Some(&b'.') {
        s.pop();
    }
}

/// lstrlib.c addquoted: `%q` wraps the string in double quotes, escapes `"`, `\` and a
/// newline with a backslash (the newline itself kept), writes a carriage return as `\r`
/// and a zero byte as `\000`; every other byte is copied.
fn put_quoted(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &b in s {
        match b {
            b'"' | b'\\' | b'\n' => {
                out.push(b'\\');
                out.push(b);
            }
            b'\r' => out.extend_from_slice(b"\\r"),
            0 => out.extend_from_slice(b"\\000"),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}
