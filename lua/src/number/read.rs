//! Reading: `tonumber` and the lexer's numerals ([`parse`], glibc `strtod`) and
//! `tonumber(s, base)` ([`parse_base`], glibc `strtoul`); apart from printing, with
//! the parts of `strtod`'s grammar Rust does not share (hexadecimal floats, `inf`, `nan`).

use super::c_str;

/// The number a string denotes, or `None` (lobject.c luaO_str2d): what glibc's `strtod`
/// reads, with white space allowed on both sides and nothing else after it. The string
/// ends at its first zero byte, as the C string Lua hands `strtod` does (`"10\0x"` is 10).
///
/// luaO_str2d retries with `strtoul(s, 16)` when `strtod` stops at an `x`; glibc's
/// `strtod` already reads every hexadecimal numeral `strtoul` would, so that retry can
/// only fail (`"0x"`, `"1x"`, `"0xg"` are not numbers) and needs no code here.
pub fn parse(s: &[u8]) -> Option<f64> {
    let s = c_str(s);
    let (x, end) = strtod(s)?;
    let rest = &s[end..];
    if rest.iter().all(|&b| is_space(b)) {
        Some(x)
    } else {
        None
    }
}

/// `tonumber(s, base)` for `base` in 2..=36 (lbaselib.c luaB_tonumber with glibc's
/// `strtoul`): white space, an optional sign, digits of the base (letters either case;
/// base 16 allows a `0x` prefix), white space. A minus sign negates modulo 2^64 (`"-1"`
/// is 18446744073709551615); a value past 2^64 - 1 reads as 2^64 - 1 whatever its sign.
/// The unsigned result becomes the nearest double. `None` for a string with no digit or
/// with anything else in it, and for a base outside 2..=36 (the caller reports
/// `bad argument #2 to 'tonumber' (base out of range)`, see [`BASE_OUT_OF_RANGE`]).
/// Lua 5.1 sends base 10 to [`parse`] instead; this function, given 10, reads as
/// `strtoul` does.
pub fn parse_base(s: &[u8], base: u32) -> Option<f64> {
    if !(2..=36).contains(&base) {
        return None;
    }
    let s = c_str(s);
    let mut i = skip_spaces(s, 0);
    let mut negative = false;
    if let Some(&sign @ (b'+' | b'-')) = s.get(i) {
        negative = sign == b'-';
        i += 1;
    }
    if base == 16
        && s.get(i) == Some(&b'0')
        && matches!(s.get(i + 1), Some(b'x' | b'X'))
        && s.get(i + 2).and_then(|&b| digit_value(b, 16)).is_some()
    {
        i += 2;
    }
    let start = i;
    let mut acc: u64 = 0;
    let mut overflow = false;
    while let Some(d) = s.get(i).and_then(|&b| digit_value(b, base)) {
        match acc
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(d)))
        {
            Some(v) => acc = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start || skip_spaces(s, i) != s.len() {
        return None;
    }
    let n = if overflow {
        u64::MAX
    } else if negative {
        acc.wrapping_neg()
    } else {
        acc
    };
    Some(n as f64)
}

/// The message `tonumber` raises for a base outside 2..=36, without the position prefix.
pub const BASE_OUT_OF_RANGE: &str = "bad argument #2 to 'tonumber' (base out of range)";

/// C's `isspace` in the "C" locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

fn skip_spaces(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(|&b| is_space(b)) {
        i += 1;
    }
    i
}

/// The value of a digit in `base` (letters either case), if it is one.
fn digit_value(b: u8, base: u32) -> Option<u32> {
    let d = match b {
        b'0'..=b'9' => u32::from(b - b'0'),
        b'a'..=b'z' => u32::from(b - b'a') + 10,
        b'A'..=b'Z' => u32::from(b - b'A') + 10,
        _ => return None,
    };
    (d < base).then_some(d)
}

/// Whether `s[i..]` starts with `word`, ignoring ASCII case.
fn starts_with_ci(s: &[u8], i: usize, word: &[u8]) -> bool {
    s.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// glibc `strtod` in the "C" locale: the value of the longest numeral at the start of
/// `s` (after white space) and the index just past it, or `None` when there is none.
fn strtod(s: &[u8]) -> Option<(f64, usize)> {
    let mut i = skip_spaces(s, 0);
    let mut negative = false;
    if let Some(&sign @ (b'+' | b'-')) = s.get(i) {
        negative = sign == b'-';
        i += 1;
    }
    let (magnitude, end) = if let Some(r) = hex_float(s, i) {
        r
    } else if let Some(r) = decimal(s, i) {
        r
    } else if starts_with_ci(s, i, b"inf") {
        let len = if starts_with_ci(s, i, b"infinity") { 8 } else { 3 };
        (f64::INFINITY, i + len)
    } else if starts_with_ci(s, i, b"nan") {
        let mut end = i + 3;
        // "nan(n-char-sequence)": letters, digits and '_' up to a closing parenthesis;
        // without one, only "nan" is read.
        if s.get(end) == Some(&b'(') {
            let mut j = end + 1;
            while s.get(j).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
                j += 1;
            }
            if s.get(j) == Some(&b')') {
                end = j + 1;
            }
        }
        (f64::NAN, end)
    } else {
        return None;
    };
    Some((if negative { -magnitude } else { magnitude }, end))
}

/// A decimal numeral at `s[i..]`: digits with an optional point (at least one digit),
/// then an exponent if a complete one follows. Rust's correctly rounded parser gives
/// the value (overflow to infinity, underflow to zero, as `strtod`).
fn decimal(s: &[u8], i: usize) -> Option<(f64, usize)> {
    let digits_from = |mut j: usize| {
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        j
    };
    let int_end = digits_from(i);
    let mut end = int_end;
    let mut any_digit = int_end > i;
    if s.get(end) == Some(&b'.') {
        let frac_end = digits_from(end + 1);
        any_digit |= frac_end > end + 1;
        end = frac_end;
    }
    if !any_digit {
        return None;
    }
    if matches!(s.get(end), Some(b'e' | b'E')) {
        let mut j = end + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_end = digits_from(j);
        if exp_end > j {
            end = exp_end;
        }
    }
    let text = std::str::from_utf8(&s[i..end]).ok()?;
    Some((text.parse::<f64>().ok()?, end))
}

/// A C99 hexadecimal float at `s[i..]`: `0x`, hex digits with an optional point (at
/// least one digit), an optional binary exponent `p[+-]digits`; rounded to nearest,
/// ties to even, including into the subnormal range and up to infinity.
fn hex_float(s: &[u8], i: usize) -> Option<(f64, usize)> {
    if s.get(i) != Some(&b'0') || !matches!(s.get(i + 1), Some(b'x' | b'X')) {
        return None;
    }
    let mut j = i + 2;
    // The significand: up to 60 bits of it exactly, whatever lies below in `sticky`.
    let mut mant: u64 = 0;
    let mut exp2: i64 = 0;
    let mut sticky = false;
    let mut any_digit = false;
    let mut seen_point = false;
    loop {
        match s.get(j) {
            Some(&b'.') if !seen_point => seen_point = true,
            Some(&b) => match digit_value(b, 16) {
                Some(d) => {
                    any_digit = true;
                    if mant < 1 << 60 {
                        mant = mant * 16 + u64::from(d);
                        if seen_point {
                            exp2 -= 4;
                        }
                    } else {
                        sticky |= d != 0;
                        if !seen_point {
                            exp2 += 4;
                        }
                    }
                }
                None => break,
            },
            None => break,
        }
        j += 1;
    }
    if !any_digit {
        return None;
    }
    if matches!(s.get(j), Some(b'p' | b'P')) {
        let mut k = j + 1;
        let mut negative = false;
        if let Some(&sign @ (b'+' | b'-')) = s.get(k) {
            negative = sign == b'-';
            k += 1;
        }
        let mut e: i64 = 0;
        let start = k;
        while let Some(&d) = s.get(k).filter(|b| b.is_ascii_digit()) {
            // Saturate far beyond any double's range.
            e = (e * 10 + i64::from(d - b'0')).min(1 << 40);
            k += 1;
        }
        if k > start {
            exp2 += if negative { -e } else { e };
            j = k;
        }
    }
    Some((round_binary(mant, exp2, sticky), j))
}

/// The double nearest `mant * 2^exp2` (plus a little more when `sticky`), ties to even.
fn round_binary(mant: u64, exp2: i64, sticky: bool) -> f64 {
    if mant == 0 {
        return 0.0;
    }
    // The value lies in [2^top, 2^(top+1)).
    let top = exp2 + i64::from(63 - mant.leading_zeros());
    if top > 1023 {
        return f64::INFINITY;
    }
    // The weight of the result's last bit: 53 significant bits, or the subnormals' 2^-1074.
    let quantum = (top - 52).max(-1074);
    let shift = quantum - exp2;
    let m = if shift <= 0 {
        // Exact: fewer than 54 significant bits to place.
        mant << (-shift)
    } else if shift > 64 {
        // Below half the smallest step: rounds to zero.
        0
    } else {
        let wide = u128::from(mant);
        let kept = (wide >> shift) as u64;
        let rest = wide & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rest > half || (rest == half && (sticky || kept & 1 == 1)) {
            kept + 1
        } else {
            kept
        }
    };
    // m < 2^54 and 2^quantum is a double, so the product is the exact result (or
    // overflows to infinity when rounding carried past the largest double).
    m as f64 * pow2(quantum)
}

/// 2^e as a double, for -1074 <= e <= 1023.
fn pow2(e: i64) -> f64 {
    if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else {
        f64::from_bits(1u64 << (e + 1074))
    }
}
