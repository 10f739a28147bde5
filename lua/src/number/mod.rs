//! Numbers as Lua 5.1 reads and prints them, and `string.format`.
//!
//! Lua 5.1's numbers are C doubles, and what a script sees of them is what glibc's
//! `printf` and `strtod` make of them on the x86-64 Linux build Redis ships:
//! - [`fmt`]: `tostring`, `..` and `print` of a number, `sprintf("%.14g")`
//!   (luaconf.h `LUAI_NUMFFORMAT`, lobject.c luaO_tostr): `5`, `0.33333333333333`,
//!   `1e+15`, `-0`, `inf`, `-nan`;
//! - [`parse`]: lobject.c luaO_str2d, the conversion behind `tonumber(s)`, arithmetic on
//!   strings and the lexer's numerals: glibc `strtod` (decimal, C99 hexadecimal floats,
//!   `inf`, `infinity`, `nan`, `nan(chars)`) between optional white space;
//! - [`parse_base`]: `tonumber(s, base)` for a base other than 10 (lbaselib.c
//!   luaB_tonumber over glibc `strtoul`), and [`int_arg`], the `(int)` cast
//!   `luaL_checkint` makes of a numeric argument such as that base;
//! - [`to_integer`]: lua_tointeger's and C's `(long long)` cast of a double as x86-64
//!   performs it (the `cvttsd2si` instruction), which is also how Redis turns a returned
//!   number into an integer reply;
//! - [`format`]: lstrlib.c str_format, `string.format`, with C `printf`'s layout of
//!   `%d %i %u %c %o %x %X %e %E %f %g %G` and Lua's `%q`, `%s`, `%%`.
//!
//! How: decimal digits come from Rust's float formatting, which is exact and correctly
//! rounded (round-half-even on the exact binary value, as glibc rounds), and decimal
//! input goes through Rust's correctly rounded `str::parse::<f64>` once the text's
//! extent has been found the way `strtod` finds it. What is written here is the layout
//! C puts around those digits (signs, padding, `%g`'s choice of style and trailing-zero
//! removal, two-digit exponents), the parts of `strtod`'s grammar Rust does not share
//! (hexadecimal floats, rounded here bit by bit; `inf`/`nan` spellings), and the x86-64
//! results of casting a double that does not fit (which C leaves undefined). Every
//! behaviour was compared with Redis 7.0.15's Lua; the tests hold the captured values.
//!
//! Deliberately left out:
//! - Errors are the message only (`bad argument #2 to 'format' (no value)`); Lua's
//!   `luaL_error` prefixes the calling Lua function's position (`user_script:1: `), which
//!   the VM knows and this module does not. Argument numbers assume a plain call: when
//!   `format` is called as a method (`("%d"):format(x)`) Lua 5.1 numbers arguments from
//!   the self argument, which is again the VM's knowledge.
//! - Errors are Rust `String`s, so an invalid option byte of 0x80 or more is shown as
//!   the Unicode character of that value (`'%ÿ'`) where Redis sends the raw byte.
//! - A NaN's payload (`nan(123)`) is not kept: every NaN prints as `nan` or `-nan` by its
//!   sign alone, so nothing a script can observe depends on it.
//! - `%.14g`'s `-nan` for a negative NaN is reproduced, but which NaN an operation such
//!   as `0/0` yields (x86 gives the negative one) is the VM's arithmetic, not this module.

mod format;
mod read;
#[cfg(test)]
mod tests;

pub use format::{fmt, format, FormatArg};
pub use read::{parse, parse_base, BASE_OUT_OF_RANGE};

/// `luaL_checkint`'s reading of a number: [`to_integer`], then C's cast to a 32-bit
/// `int`, which keeps the low 32 bits (`tonumber("10", 2^32 + 16)` reads base 16).
pub fn int_arg(n: f64) -> i32 {
    to_integer(n) as i32
}

/// A double cast to a 64-bit integer the way C's `(long long)` / `(ptrdiff_t)` cast does
/// on x86-64 (lua_tointeger's `lua_number2integer`, and Redis's conversion of a number a
/// script returns into an integer reply): truncation toward zero (3.7 → 3, -3.7 → -3),
/// and for what does not fit (NaN, ±inf, anything at or past ±2^63) the CPU's "integer
/// indefinite" value, i64::MIN: Redis replies `-9223372036854775808` to
/// `EVAL "return 2^63" 0`, `return 1e20`, `return -(0/0)` and `return -1/0` alike.
pub fn to_integer(n: f64) -> i64 {
    // Every double in [-2^63, 2^63) truncates to a value that fits.
    if n.is_nan() || !(-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&n) {
        i64::MIN
    } else {
        n as i64
    }
}

/// `(int)n` on x86-64 (`%c`'s cast): truncation, i32::MIN for what does not fit.
fn to_int32(n: f64) -> i32 {
    if n.is_nan() || !(-2_147_483_649.0 < n && n < 2_147_483_648.0) {
        i32::MIN
    } else {
        n as i32
    }
}

/// `(unsigned long long)n` as GCC compiles it for x86-64 (`%u %o %x %X`): below 2^63
/// (and NaN) the signed conversion, reinterpreted (so -1 is 2^64 - 1 and NaN is 2^63);
/// from 2^63 on, the signed conversion of `n - 2^63` with the top bit flipped (so 2^64
/// and beyond, inf included, come out 0).
pub(crate) fn to_uint64(n: f64) -> u64 {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if n >= TWO_63 {
        (to_integer(n - TWO_63) as u64) ^ (1 << 63)
    } else {
        to_integer(n) as u64
    }
}

/// The bytes up to the first zero byte: what C sees of a Lua string.
fn c_str(s: &[u8]) -> &[u8] {
    match s.iter().position(|&b| b == 0) {
        Some(z) => &s[..z],
        None => s,
    }
}
