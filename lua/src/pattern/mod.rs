//! Lua 5.1's patterns over bytes (lstrlib.c's `match` and the functions built on it:
//! `str_find_aux` for `string.find` / `string.match`, `gmatch_aux`, `str_gsub`), as
//! resumable state machines that the VM runs in slices under fuel.
//!
//! What it reproduces, exactly as Lua 5.1.5 (the Lua Redis embeds) behaves, checked
//! against redis-server 7.0.15 (the tests cite the EVAL that showed each value):
//! - the pattern language: `.`, the classes `%a %c %d %l %p %s %u %w %x %z` and their
//!   complements in the C locale (ASCII only: bytes ≥ 0x80 are in no class), `%` before
//!   any other byte as that byte, sets `[...]` (ranges, classes, `^`, a `]` first),
//!   the quantifiers `* + - ?`, `^` and `$` anchors, captures and position captures,
//!   back-references `%1`..`%9`, `%bxy`, `%f[set]`, at most 32 captures;
//! - the C quirks that show: the pattern is a C string to the matcher, so it ends at
//!   its first NUL byte (`string.match('abc', 'b\0c')` is `"b"`), while `find`'s plain
//!   search (asked for, or taken because the pattern has no special characters before
//!   any NUL) compares the whole pattern; errors are raised only when the matcher
//!   reaches the broken part (`string.find('b', 'a[')` is nil, `string.find('a', 'a[')`
//!   fails), and capture errors only when a capture is used (`string.gsub('a', '(a',
//!   'x')` succeeds); `%` last in a gsub replacement adds the string's NUL terminator;
//!   `^` is literal in `gmatch`; empty matches in `gsub`/`gmatch` as 5.1 (not 5.2+)
//!   treats them (`string.gsub('abc', 'b*', '-')` is `-a--c-`);
//! - errors in 5.1's words (`Error`'s `Display`), e.g. `unbalanced pattern` for a `%b`
//!   without two bytes after it (5.2 says "missing arguments to '%b'").
//!
//! How: lstrlib.c's `match` is recursive; here its recursion is data. `Core` runs one
//! match attempt as a loop over an explicit state (`Exec`: match the pattern at this
//! point, or unwind a failure, or count repetitions, or scan a balance) and a stack of
//! the places a failure comes back to (`Frame`: an undone capture, an untried `?`, the
//! next shorter `*`, the next longer `-`). The stack holds at most one frame per pattern
//! item plus the captures, so no input overflows anything; every step costs fuel, and
//! when fuel runs out the state is simply kept: `run` again goes on from there. `Find`,
//! `Gmatch` and `Gsub` drive attempts the way str_find_aux, gmatch_aux and str_gsub do;
//! `Gsub` stops (`GsubPoll::Replace`) when a replacement table or function must be
//! consulted, and goes on with the value the VM hands to `Gsub::replace`.
//!
//! Left out, on purpose: Lua 5.1 has no limit on the matcher's C recursion (a long
//! enough pattern of `a?` items crashes it); here nothing recurses, so such a pattern
//! simply works. Converting arguments (`init`'s number, `gsub`'s `n`, a number
//! replacement printed with `%.14g`), checking their types and looking values up in a
//! table or calling a function are the VM's (`lib_string`), which knows Lua values;
//! this module knows only bytes.

mod captures;
mod find;
mod gmatch;
mod gsub;
mod matcher;

pub use captures::Match;
pub use find::{start_index, Find, Found, Kind};
pub use gmatch::Gmatch;
pub use gsub::{Gsub, GsubPoll, Repl, Replacement};
pub use matcher::Matcher;

/// LUA_MAXCAPTURES of luaconf.h.
pub const MAX_CAPTURES: usize = 32;

/// lstrlib.c's SPECIALS: a pattern without any of these is searched for plainly by
/// `string.find`.
const SPECIALS: &[u8] = b"^$*+?.([%-";

/// L_ESC.
const ESC: u8 = b'%';

/// A pattern or replacement error, displayed in Lua 5.1's words (the VM adds the
/// position, as luaL_error does: `user_script:1: unfinished capture`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// classEnd: `%` is the pattern's last byte.
    EndsWithPercent,
    /// classEnd: a set without its `]`.
    MissingBracket,
    /// match: `%f` not followed by a set.
    MissingFrontierSet,
    /// check_capture / push_onecapture: `%0`, a capture that does not exist, or a
    /// back-reference to a capture still open.
    InvalidCaptureIndex,
    /// capture_to_close: a `)` with no open capture.
    InvalidPatternCapture,
    /// push_onecapture: a capture opened and never closed, used as a result.
    UnfinishedCapture,
    /// start_capture: more than 32 captures.
    TooManyCaptures,
    /// matchbalance: `%b` without two bytes after it.
    UnbalancedPattern,
    /// add_value: a replacement table or function gave something other than a string,
    /// a number, nil or false (the value's type name).
    InvalidReplacement(&'static str),
    /// `gsub`'s result would pass the limit set by `Gsub::set_max_len`.
    NotEnoughMemory,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::EndsWithPercent => f.write_str("malformed pattern (ends with '%')"),
            Error::MissingBracket => f.write_str("malformed pattern (missing ']')"),
            Error::MissingFrontierSet => f.write_str("missing '[' after '%f' in pattern"),
            Error::InvalidCaptureIndex => f.write_str("invalid capture index"),
            Error::InvalidPatternCapture => f.write_str("invalid pattern capture"),
            Error::UnfinishedCapture => f.write_str("unfinished capture"),
            Error::TooManyCaptures => f.write_str("too many captures"),
            Error::UnbalancedPattern => f.write_str("unbalanced pattern"),
            Error::InvalidReplacement(t) => write!(f, "invalid replacement value (a {t})"),
            Error::NotEnoughMemory => f.write_str("not enough memory"),
        }
    }
}

impl std::error::Error for Error {}

/// Where a resumable operation stands after `run`.
#[derive(Clone, Debug, PartialEq)]
pub enum Poll<T> {
    /// Finished with this result.
    Done(T),
    /// Out of fuel: call `run` again (with more fuel) to go on.
    Pending,
    /// Failed with this error (raised as Lua raises it).
    Error(Error),
}

/// A capture's value (push_onecapture): a piece of the subject, or a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capture {
    /// The bytes `subject[start..end]` (0-based, end exclusive).
    Str { start: usize, end: usize },
    /// A position capture `()`: the 1-based position Lua gives (a number).
    Position(usize),
}

impl Capture {
    /// The captured bytes, or None for a position capture.
    pub fn bytes<'a>(&self, subject: &'a [u8]) -> Option<&'a [u8]> {
        match *self {
            Capture::Str { start, end } => subject.get(start..end),
            Capture::Position(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
