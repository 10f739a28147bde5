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

// ---- the matcher ---------------------------------------------------------------------

/// A capture's length in MatchState: CAP_UNFINISHED, CAP_POSITION, or a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CapLen {
    Unfinished,
    Position,
    Len(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct RawCap {
    init: usize,
    len: CapLen,
}

const NO_CAP: RawCap = RawCap {
    init: 0,
    len: CapLen::Unfinished,
};

/// A place a failure comes back to: what `match`'s C recursion would do when a nested
/// call returns NULL.
#[derive(Clone, Copy, Debug)]
enum Frame {
    /// start_capture: the capture is dropped (`level--`).
    UndoStart,
    /// end_capture: capture `l` is open again.
    UndoEnd(usize),
    /// `?` after a matched item: try again without it, at `s` with the pattern at `p`.
    Optional { s: usize, p: usize },
    /// max_expand: `s + i` was tried for the rest `ep + 1`; next, one repetition fewer.
    MaxExpand { s: usize, i: usize, ep: usize },
    /// min_expand: `s` was tried for the rest `ep + 1`; next, one repetition more.
    MinExpand { s: usize, p: usize, ep: usize },
}

/// What the matcher does next.
#[derive(Clone, Copy, Debug)]
enum Exec {
    /// match(ms, s, p).
    Match { s: usize, p: usize },
    /// A NULL returned: unwind to the nearest frame.
    Fail,
    /// max_expand's first loop: `i` repetitions of the item `p..ep` counted from `s`.
    Count { s: usize, i: usize, p: usize, ep: usize },
    /// matchbalance's loop at `s` with `depth` open; then match at `next`.
    Balance {
        s: usize,
        depth: usize,
        open: u8,
        close: u8,
        next: usize,
    },
}

/// How an attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// The pattern matched up to here.
    Matched(usize),
    Failed,
}

/// One match attempt (lstrlib.c's MatchState and `match`), run as a loop.
#[derive(Clone, Debug)]
struct Core {
    level: usize,
    caps: [RawCap; MAX_CAPTURES],
    stack: Vec<Frame>,
    exec: Exec,
}

/// The pattern's byte at `i`, or 0 past its end (the C string's terminator).
fn at(pat: &[u8], i: usize) -> u8 {
    pat.get(i).copied().unwrap_or(0)
}

/// isspace in the C locale (Rust's `is_ascii_whitespace` leaves out \v).
fn is_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

/// lstrlib.c match_class: is `c` in the class `%cl`? A letter that names no class, or
/// any other byte, stands for itself.
fn match_class(c: u8, cl: u8) -> bool {
    let res = match cl.to_ascii_lowercase() {
        b'a' => c.is_ascii_alphabetic(),
        b'c' => c.is_ascii_control(),
        b'd' => c.is_ascii_digit(),
        b'l' => c.is_ascii_lowercase(),
        b'p' => c.is_ascii_punctuation(),
        b's' => is_space(c),
        b'u' => c.is_ascii_uppercase(),
        b'w' => c.is_ascii_alphanumeric(),
        b'x' => c.is_ascii_hexdigit(),
        b'z' => c == 0,
        _ => return cl == c,
    };
    if cl.is_ascii_lowercase() {
        res
    } else {
        !res
    }
}

/// lstrlib.c matchbracketclass: is `c` in the set `pat[p..=ec]` (`p` at its `[`,
/// `ec` at its `]`)?
fn match_bracket(c: u8, pat: &[u8], mut p: usize, ec: usize) -> bool {
    let mut sig = true;
    if at(pat, p + 1) == b'^' {
        sig = false;
        p += 1;
    }
    loop {
        p += 1;
        if p >= ec {
            return !sig;
        }
        if at(pat, p) == ESC {
            p += 1;
            if match_class(c, at(pat, p)) {
                return sig;
            }
        } else if at(pat, p + 1) == b'-' && p + 2 < ec {
            p += 2;
            if at(pat, p - 2) <= c && c <= at(pat, p) {
                return sig;
            }
        } else if at(pat, p) == c {
            return sig;
        }
    }
}

/// lstrlib.c classEnd: where the single-byte item at `p` ends.
fn class_end(pat: &[u8], mut p: usize) -> Result<usize, Error> {
    let c = at(pat, p);
    p += 1;
    match c {
        ESC => {
            if at(pat, p) == 0 {
                Err(Error::EndsWithPercent)
            } else {
                Ok(p + 1)
            }
        }
        b'[' => {
            if at(pat, p) == b'^' {
                p += 1;
            }
            // A `]` right after `[` or `[^` is in the set; `%]` is escaped.
            loop {
                let c = at(pat, p);
                if c == 0 {
                    return Err(Error::MissingBracket);
                }
                p += 1;
                if c == ESC && at(pat, p) != 0 {
                    p += 1;
                }
                if at(pat, p) == b']' {
                    return Ok(p + 1);
                }
            }
        }
        _ => Ok(p),
    }
}

/// lstrlib.c singlematch: does `c` match the item `pat[p..ep]`?
fn single_match(c: u8, pat: &[u8], p: usize, ep: usize) -> bool {
    match at(pat, p) {
        b'.' => true,
        ESC => match_class(c, at(pat, p + 1)),
        b'[' => match_bracket(c, pat, p, ep - 1),
        x => x == c,
    }
}

/// Fuel for one step over the item `p..ep`: a long set costs by its length.
fn item_cost(p: usize, ep: usize) -> u64 {
    1 + (ep.saturating_sub(p) as u64) / 16
}

/// Takes `cost` from `fuel` (a step is never split: it may take the last unit and more).
fn burn(fuel: &mut u64, cost: u64) {
    *fuel = fuel.saturating_sub(cost);
}

impl Core {
    fn new() -> Core {
        Core {
            level: 0,
            caps: [NO_CAP; MAX_CAPTURES],
            stack: Vec::new(),
            exec: Exec::Fail,
        }
    }

    /// A new attempt: the pattern from `p` against the subject from `s` (`ms.level = 0`).
    fn begin(&mut self, s: usize, p: usize) {
        self.level = 0;
        self.stack.clear();
        self.exec = Exec::Match { s, p };
    }

    /// The captures made (valid after a match).
    fn captures(&self) -> &[RawCap] {
        &self.caps[..self.level]
    }

    /// Runs the attempt until it matches, fails, errs or the fuel is gone.
    fn run(&mut self, subj: &[u8], pat: &[u8], fuel: &mut u64) -> Poll<Outcome> {
        loop {
            if *fuel == 0 {
                return Poll::Pending;
            }
            let step = match self.exec {
                Exec::Match { s, p } => self.step_match(subj, pat, s, p, fuel),
                Exec::Fail => {
                    burn(fuel, 1);
                    self.unwind(subj, pat)
                }
                Exec::Count { s, i, p, ep } => {
                    // max_expand: count the repetitions (fuel by the byte), then try
                    // the rest after the most of them.
                    let unit = item_cost(p, ep);
                    let mut i = i;
                    let mut done = false;
                    while *fuel > 0 {
                        if s + i < subj.len() && single_match(subj[s + i], pat, p, ep) {
                            i += 1;
                            burn(fuel, unit);
                        } else {
                            done = true;
                            break;
                        }
                    }
                    if done {
                        self.stack.push(Frame::MaxExpand { s, i, ep });
                        self.exec = Exec::Match { s: s + i, p: ep + 1 };
                    } else {
                        self.exec = Exec::Count { s, i, p, ep };
                    }
                    Ok(None)
                }
                Exec::Balance {
                    s,
                    depth,
                    open,
                    close,
                    next,
                } => {
                    // matchbalance: `s` is the byte after the opening one.
                    let mut s = s;
                    let mut depth = depth;
                    let mut result = None;
                    while *fuel > 0 {
                        if s >= subj.len() {
                            result = Some(Exec::Fail);
                            break;
                        }
                        burn(fuel, 1);
                        let c = subj[s];
                        s += 1;
                        if c == close {
                            depth -= 1;
                            if depth == 0 {
                                result = Some(Exec::Match { s, p: next });
                                break;
                            }
                        } else if c == open {
                            depth += 1;
                        }
                    }
                    self.exec = result.unwrap_or(Exec::Balance {
                        s,
                        depth,
                        open,
                        close,
                        next,
                    });
                    Ok(None)
                }
            };
            match step {
                Ok(None) => {}
                Ok(Some(outcome)) => return Poll::Done(outcome),
                Err(e) => {
                    self.exec = Exec::Fail;
                    self.stack.clear();
                    return Poll::Error(e);
                }
            }
        }
    }

    /// A failure comes back to the nearest frame (what the C caller does with NULL).
    fn unwind(&mut self, subj: &[u8], pat: &[u8]) -> Result<Option<Outcome>, Error> {
        let Some(frame) = self.stack.pop() else {
            return Ok(Some(Outcome::Failed));
        };
        match frame {
            Frame::UndoStart => self.level -= 1,
            Frame::UndoEnd(l) => self.caps[l].len = CapLen::Unfinished,
            Frame::Optional { s, p } => self.exec = Exec::Match { s, p },
            Frame::MaxExpand { s, i, ep } => {
                if i > 0 {
                    let i = i - 1;
                    self.stack.push(Frame::MaxExpand { s, i, ep });
                    self.exec = Exec::Match { s: s + i, p: ep + 1 };
                }
            }
            Frame::MinExpand { s, p, ep } => {
                if s < subj.len() && single_match(subj[s], pat, p, ep) {
                    let s = s + 1;
                    self.stack.push(Frame::MinExpand { s, p, ep });
                    self.exec = Exec::Match { s, p: ep + 1 };
                }
            }
        }
        Ok(None)
    }

    /// One step of lstrlib.c `match` at subject `s`, pattern `p`.
    fn step_match(
        &mut self,
        subj: &[u8],
        pat: &[u8],
        s: usize,
        p: usize,
        fuel: &mut u64,
    ) -> Result<Option<Outcome>, Error> {
        burn(fuel, 1);
        match at(pat, p) {
            // End of pattern: the match succeeded.
            0 => return Ok(Some(Outcome::Matched(s))),
            b'(' => {
                // start_capture.
                let (what, next) = if at(pat, p + 1) == b')' {
                    (CapLen::Position, p + 2)
                } else {
                    (CapLen::Unfinished, p + 1)
                };
                if self.level >= MAX_CAPTURES {
                    return Err(Error::TooManyCaptures);
                }
                self.caps[self.level] = RawCap { init: s, len: what };
                self.level += 1;
                self.stack.push(Frame::UndoStart);
                self.exec = Exec::Match { s, p: next };
                return Ok(None);
            }
            b')' => {
                // end_capture, closing the innermost open capture (capture_to_close).
                let l = (0..self.level)
                    .rev()
                    .find(|&l| self.caps[l].len == CapLen::Unfinished)
                    .ok_or(Error::InvalidPatternCapture)?;
                self.caps[l].len = CapLen::Len(s - self.caps[l].init);
                self.stack.push(Frame::UndoEnd(l));
                self.exec = Exec::Match { s, p: p + 1 };
                return Ok(None);
            }
            ESC => match at(pat, p + 1) {
                b'b' => {
                    // matchbalance.
                    let (open, close) = (at(pat, p + 2), at(pat, p + 3));
                    if open == 0 || close == 0 {
                        return Err(Error::UnbalancedPattern);
                    }
                    self.exec = if s < subj.len() && subj[s] == open {
                        Exec::Balance {
                            s: s + 1,
                            depth: 1,
                            open,
                            close,
                            next: p + 4,
                        }
                    } else {
                        Exec::Fail
                    };
                    return Ok(None);
                }
                b'f' => {
                    // The frontier: the byte before `s` (or \0) not in the set, the one
                    // at `s` (or the terminator \0) in it.
                    let p = p + 2;
                    if at(pat, p) != b'[' {
                        return Err(Error::MissingFrontierSet);
                    }
                    let ep = class_end(pat, p)?;
                    burn(fuel, item_cost(p, ep));
                    let previous = if s == 0 { 0 } else { subj[s - 1] };
                    let current = subj.get(s).copied().unwrap_or(0);
                    self.exec = if match_bracket(previous, pat, p, ep - 1) || !match_bracket(current, pat, p, ep - 1) {
                        Exec::Fail
                    } else {
                        Exec::Match { s, p: ep }
                    };
                    return Ok(None);
                }
                d if d.is_ascii_digit() => {
                    // match_capture: a back-reference (check_capture first).
                    // `%0` is l = -1 in C: invalid like a capture not (yet) made.
                    let l = usize::from(d - b'0').wrapping_sub(1);
                    if l >= self.level || self.caps[l].len == CapLen::Unfinished {
                        return Err(Error::InvalidCaptureIndex);
                    }
                    let cap = self.caps[l];
                    self.exec = match cap.len {
                        CapLen::Len(len) => {
                            burn(fuel, (len as u64) / 16);
                            let want = &subj[cap.init..cap.init + len];
                            if subj.len() - s >= len && &subj[s..s + len] == want {
                                Exec::Match { s: s + len, p: p + 2 }
                            } else {
                                Exec::Fail
                            }
                        }
                        // A position capture's length is (size_t)-2: never matches.
                        _ => Exec::Fail,
                    };
                    return Ok(None);
                }
                _ => {}
            },
            // `$` last in the pattern: the end of the subject.
            b'$' if at(pat, p + 1) == 0 => {
                if s == subj.len() {
                    return Ok(Some(Outcome::Matched(s)));
                }
                self.exec = Exec::Fail;
                return Ok(None);
            }
            _ => {}
        }
        // A single-byte item, perhaps quantified.
        let ep = class_end(pat, p)?;
        burn(fuel, item_cost(p, ep) - 1);
        let m = s < subj.len() && single_match(subj[s], pat, p, ep);
        self.exec = match at(pat, ep) {
            b'?' => {
                if m {
                    self.stack.push(Frame::Optional { s, p: ep + 1 });
                    Exec::Match { s: s + 1, p: ep + 1 }
                } else {
                    Exec::Match { s, p: ep + 1 }
                }
            }
            b'*' => Exec::Count { s, i: 0, p, ep },
            b'+' => {
                if m {
                    Exec::Count { s: s + 1, i: 0, p, ep }
                } else {
                    Exec::Fail
                }
            }
            b'-' => {
                self.stack.push(Frame::MinExpand { s, p, ep });
                Exec::Match { s, p: ep + 1 }
            }
            _ => {
                if m {
                    Exec::Match { s: s + 1, p: ep }
                } else {
                    Exec::Fail
                }
            }
        };
        Ok(None)
    }
}

/// lstrlib.c push_onecapture: capture `i`, or the whole match `s..e` when there are
/// none and `i` is 0.
fn one_capture(caps: &[RawCap], i: usize, s: usize, e: usize) -> Result<Capture, Error> {
    match caps.get(i) {
        None if i == 0 => Ok(Capture::Str { start: s, end: e }),
        None => Err(Error::InvalidCaptureIndex),
        Some(cap) => match cap.len {
            CapLen::Unfinished => Err(Error::UnfinishedCapture),
            CapLen::Position => Ok(Capture::Position(cap.init + 1)),
            CapLen::Len(len) => Ok(Capture::Str {
                start: cap.init,
                end: cap.init + len,
            }),
        },
    }
}

/// lstrlib.c push_captures with a match `s..e`: every capture, or the whole match.
fn all_captures(caps: &[RawCap], s: usize, e: usize) -> Result<Vec<Capture>, Error> {
    let n = caps.len().max(1);
    (0..n).map(|i| one_capture(caps, i, s, e)).collect()
}

/// The pattern as the C matcher sees it: up to its first NUL byte.
fn c_string(pattern: &[u8]) -> &[u8] {
    match pattern.iter().position(|&b| b == 0) {
        Some(n) => &pattern[..n],
        None => pattern,
    }
}

/// A successful match: where it is and what it captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Where the match starts (0-based).
    pub start: usize,
    /// Where it ends (0-based, exclusive).
    pub end: usize,
    caps: Vec<RawCap>,
}

impl Match {
    /// The captures as `string.match` / `gmatch` / a gsub function get them
    /// (push_captures(ms, s, e)): the whole match when the pattern has none.
    pub fn captures(&self) -> Result<Vec<Capture>, Error> {
        all_captures(&self.caps, self.start, self.end)
    }

    /// The captures as `string.find` returns them after the positions
    /// (push_captures(ms, NULL, 0)): none when the pattern has none.
    pub fn find_captures(&self) -> Result<Vec<Capture>, Error> {
        (0..self.caps.len())
            .map(|i| one_capture(&self.caps, i, self.start, self.end))
            .collect()
    }

    /// Capture `i` (0-based) as push_onecapture gives it: capture 0 is the whole match
    /// when there are none (a gsub table's key).
    pub fn capture(&self, i: usize) -> Result<Capture, Error> {
        one_capture(&self.caps, i, self.start, self.end)
    }
}

/// A search for a pattern in a subject from a start position, resumable: the loop of
/// str_find_aux (`do { match } while (s1++ < src_end && !anchor)`).
#[derive(Clone, Debug)]
pub struct Matcher<T: AsRef<[u8]>> {
    subject: T,
    pattern: T,
    /// Where the pattern starts (past a `^` that anchors).
    p0: usize,
    anchored: bool,
    pos: usize,
    attempting: bool,
    core: Core,
    result: Option<Poll<Option<Match>>>,
}

impl<T: AsRef<[u8]>> Matcher<T> {
    /// A search from `init` (0-based, clamped to the subject's length). With
    /// `anchor_caret`, a `^` first in the pattern anchors it at `init` (find, match,
    /// gsub); without, it is a literal `^` (gmatch).
    pub fn new(subject: T, pattern: T, init: usize, anchor_caret: bool) -> Matcher<T> {
        let anchored = anchor_caret && pattern.as_ref().first() == Some(&b'^');
        let pos = init.min(subject.as_ref().len());
        Matcher {
            subject,
            pattern,
            p0: usize::from(anchored),
            anchored,
            pos,
            attempting: false,
            core: Core::new(),
            result: None,
        }
    }

    /// Searches on, spending `fuel`: the first match, None if there is none, or
    /// `Pending` with the search kept for the next call. Once finished, returns the
    /// same result again.
    pub fn run(&mut self, fuel: &mut u64) -> Poll<Option<Match>> {
        if let Some(result) = &self.result {
            return result.clone();
        }
        let subj = self.subject.as_ref();
        let pat = c_string(self.pattern.as_ref());
        loop {
            if !self.attempting {
                if *fuel == 0 {
                    return Poll::Pending;
                }
                self.core.begin(self.pos, self.p0);
                self.attempting = true;
            }
            let result = match self.core.run(subj, pat, fuel) {
                Poll::Pending => return Poll::Pending,
                Poll::Error(e) => Poll::Error(e),
                Poll::Done(Outcome::Matched(end)) => Poll::Done(Some(Match {
                    start: self.pos,
                    end,
                    caps: self.core.captures().to_vec(),
                })),
                Poll::Done(Outcome::Failed) => {
                    self.attempting = false;
                    if self.pos < subj.len() && !self.anchored {
                        self.pos += 1;
                        continue;
                    }
                    Poll::Done(None)
                }
            };
            self.result = Some(result.clone());
            return result;
        }
    }
}

// ---- string.find and string.match ----------------------------------------------------

/// Which of str_find_aux's two functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `string.find`: positions, then the captures; plain search when asked or when
    /// the pattern has no special characters.
    Find,
    /// `string.match`: the captures, or the whole match.
    Match,
}

/// What `string.find` / `string.match` found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// Where the match starts, 0-based (`find` returns `start + 1`).
    pub start: usize,
    /// Where it ends, 0-based exclusive (`find` returns `end`).
    pub end: usize,
    /// `find`: the captures (none when the pattern has none); `match`: the captures
    /// or the whole match.
    pub captures: Vec<Capture>,
}

#[derive(Clone, Debug)]
enum FindState<T: AsRef<[u8]>> {
    /// lmemfind, next candidate at `pos`.
    Plain {
        pos: usize,
    },
    Pattern(Box<Matcher<T>>),
    Finished(Poll<Option<Found>>),
}

/// `string.find(s, pattern, init, plain)` or `string.match(s, pattern, init)`
/// (lstrlib.c str_find_aux), resumable.
#[derive(Clone, Debug)]
pub struct Find<T: AsRef<[u8]>> {
    kind: Kind,
    subject: T,
    pattern: T,
    state: FindState<T>,
}

/// lstrlib.c posrelat then str_find_aux's clamp: `init` (1-based, negative from the
/// end) as a 0-based start within `0..=len`.
pub fn start_index(init: i64, len: usize) -> usize {
    let len_i = len as i128;
    let mut pos = i128::from(init);
    if pos < 0 {
        pos += len_i + 1;
    }
    (pos.max(0) - 1).clamp(0, len_i) as usize
}

impl<T: AsRef<[u8]>> Find<T> {
    /// `init` is the third argument as lua_tointeger gives it (1 when absent); `plain`
    /// is the truth of find's fourth (lua_toboolean; `match` ignores it).
    pub fn new(kind: Kind, subject: T, pattern: T, init: i64, plain: bool) -> Find<T>
    where
        T: Clone,
    {
        let start = start_index(init, subject.as_ref().len());
        let specials = c_string(pattern.as_ref()).iter().any(|b| SPECIALS.contains(b));
        let state = if kind == Kind::Find && (plain || !specials) {
            FindState::Plain { pos: start }
        } else {
            FindState::Pattern(Box::new(Matcher::new(subject.clone(), pattern.clone(), start, true)))
        };
        Find {
            kind,
            subject,
            pattern,
            state,
        }
    }

    /// Searches on under `fuel`: what was found, None (Lua's nil), `Pending` or an
    /// error. Once finished, returns the same result again.
    pub fn run(&mut self, fuel: &mut u64) -> Poll<Option<Found>> {
        let result = match &mut self.state {
            FindState::Finished(result) => return result.clone(),
            FindState::Plain { pos } => match plain_find(self.subject.as_ref(), self.pattern.as_ref(), pos, fuel) {
                Poll::Pending => return Poll::Pending,
                Poll::Error(e) => Poll::Error(e),
                Poll::Done(found) => Poll::Done(found.map(|start| Found {
                    start,
                    end: start + self.pattern.as_ref().len(),
                    captures: Vec::new(),
                })),
            },
            FindState::Pattern(matcher) => match matcher.run(fuel) {
                Poll::Pending => return Poll::Pending,
                Poll::Error(e) => Poll::Error(e),
                Poll::Done(None) => Poll::Done(None),
                Poll::Done(Some(m)) => {
                    let captures = match self.kind {
                        Kind::Find => m.find_captures(),
                        Kind::Match => m.captures(),
                    };
                    match captures {
                        Ok(captures) => Poll::Done(Some(Found {
                            start: m.start,
                            end: m.end,
                            captures,
                        })),
                        Err(e) => Poll::Error(e),
                    }
                }
            },
        };
        self.state = FindState::Finished(result.clone());
        result
    }
}

/// lstrlib.c lmemfind from `*pos`, resumable: the first place `needle` occurs.
fn plain_find(hay: &[u8], needle: &[u8], pos: &mut usize, fuel: &mut u64) -> Poll<Option<usize>> {
    let Some(&first) = needle.first() else {
        // Empty strings are everywhere.
        return Poll::Done(Some(*pos));
    };
    if needle.len() > hay.len() - *pos {
        return Poll::Done(None);
    }
    let last = hay.len() - needle.len();
    while *pos <= last {
        if *fuel == 0 {
            return Poll::Pending;
        }
        // Up to 64 bytes looked at for a unit of fuel.
        let end = last.min(*pos + 63);
        match hay[*pos..=end].iter().position(|&b| b == first) {
            None => {
                burn(fuel, 1);
                *pos = end + 1;
            }
            Some(k) => {
                let at = *pos + k;
                burn(fuel, 1 + needle.len() as u64 / 16);
                if &hay[at..at + needle.len()] == needle {
                    return Poll::Done(Some(at));
                }
                *pos = at + 1;
            }
        }
    }
    Poll::Done(None)
}

// ---- string.gmatch --------------------------------------------------------------------

/// One call of a `string.gmatch` iterator (lstrlib.c gmatch_aux), resumable; called
/// again after a match, it looks for the next. `^` is an ordinary byte here.
#[derive(Clone, Debug)]
pub struct Gmatch<T: AsRef<[u8]>> {
    matcher: Matcher<T>,
    /// The iterator's position (gmatch's third upvalue).
    pos: usize,
}

impl<T: AsRef<[u8]> + Clone> Gmatch<T> {
    /// `string.gmatch(s, pattern)`: from the start.
    pub fn new(subject: T, pattern: T) -> Gmatch<T> {
        Gmatch::at_position(subject, pattern, 0)
    }

    /// An iterator whose position (see `position`) is `pos`, for a caller that keeps
    /// the position rather than this value.
    pub fn at_position(subject: T, pattern: T, pos: usize) -> Gmatch<T> {
        Gmatch {
            matcher: Matcher::new(subject, pattern, pos, false),
            pos,
        }
    }

    /// Where the next search starts: after the last match, or one past it when the
    /// match was empty (may be the subject's length + 1: then nothing more is found).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Runs the current call under `fuel`: the next match's captures (or the whole
    /// match), None when there are no more (the loop ends), `Pending`, or an error.
    pub fn run(&mut self, fuel: &mut u64) -> Poll<Option<Vec<Capture>>> {
        // gmatch_aux's `src <= ms.src_end`: past the end nothing is tried.
        if self.pos > self.matcher.subject.as_ref().len() {
            return Poll::Done(None);
        }
        match self.matcher.run(fuel) {
            Poll::Pending => Poll::Pending,
            Poll::Error(e) => Poll::Error(e),
            Poll::Done(None) => Poll::Done(None),
            Poll::Done(Some(m)) => {
                // The position moves on before the captures are pushed (and may fail).
                self.pos = if m.end == m.start { m.end + 1 } else { m.end };
                let next = Matcher::new(
                    self.matcher.subject.clone(),
                    self.matcher.pattern.clone(),
                    self.pos,
                    false,
                );
                self.matcher = next;
                match m.captures() {
                    Ok(caps) => Poll::Done(Some(caps)),
                    Err(e) => Poll::Error(e),
                }
            }
        }
    }
}

// ---- string.gsub ------------------------------------------------------------------------

/// `string.gsub`'s third argument, as far as this module cares.
#[derive(Clone, Debug)]
pub enum Repl<T> {
    /// A string, or a number already converted to one (`%.14g`): copied with `%0`-`%9`
    /// replaced by captures and `%x` by `x` (add_s).
    Str(T),
    /// A table: looked up with the first capture (or the whole match) as the key.
    Table,
    /// A function: called with the captures (or the whole match).
    Function,
}

/// The value a replacement table or function gave (add_value), handed to
/// `Gsub::replace`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replacement<'a> {
    /// nil or false: the match is kept as it is.
    Keep,
    /// A string, or a number converted to one (`%.14g`), used as it is (no `%`s).
    Bytes(&'a [u8]),
    /// Any other value (its type name): "invalid replacement value (a table)".
    Invalid(&'static str),
}

/// Where a `Gsub` stands after `run`.
#[derive(Clone, Debug, PartialEq)]
pub enum GsubPoll {
    /// Finished: the new string and the number of matches replaced.
    Done { output: Vec<u8>, count: usize },
    /// Out of fuel: `run` again to go on.
    Pending,
    /// A table or function must give the replacement for this match: the table's key
    /// (one capture: the first, or the whole match) or the function's arguments (the
    /// captures, or the whole match). Answer with `Gsub::replace`, then `run` again.
    Replace(Vec<Capture>),
    /// Failed.
    Error(Error),
}

#[derive(Clone, Debug)]
enum Phase {
    /// Try a match at `src` (unless `max_n` matches were made).
    Start,
    /// The attempt is running.
    Matching,
    /// Waiting for `replace` for the match `src..end` with these arguments.
    Waiting {
        end: usize,
        args: Vec<Capture>,
    },
    /// After the attempt at `src` (the match's end, if it matched): move on.
    Advance(Option<usize>),
    Finished(GsubPoll),
}

/// `string.gsub(s, pattern, repl, n)` (lstrlib.c str_gsub), resumable: its output is
/// built across slices, and a replacement table or function is consulted by the caller.
#[derive(Clone, Debug)]
pub struct Gsub<T: AsRef<[u8]>> {
    subject: T,
    pattern: T,
    repl: Repl<T>,
    p0: usize,
    anchored: bool,
    max_n: i64,
    count: usize,
    src: usize,
    out: Vec<u8>,
    max_len: usize,
    /// Fuel owed for bytes `replace` copied.
    debt: u64,
    core: Core,
    phase: Phase,
}

impl<T: AsRef<[u8]>> Gsub<T> {
    /// `max_n` is gsub's fourth argument as lua_tointeger gives it (absent: None, the
    /// subject's length + 1); it is narrowed to a C int as luaL_optint narrows it (2^32 + 1
    /// is 1, 2^31 is negative), and 0 or less replaces nothing.
    pub fn new(subject: T, pattern: T, repl: Repl<T>, max_n: Option<i64>) -> Gsub<T> {
        let anchored = pattern.as_ref().first() == Some(&b'^');
        let max_n = max_n.unwrap_or(subject.as_ref().len() as i64 + 1);
        // (int) of a lua_Integer: its low 32 bits.
        let max_n = i64::from(max_n as i32);
        Gsub {
            subject,
            pattern,
            repl,
            p0: usize::from(anchored),
            anchored,
            max_n,
            count: 0,
            src: 0,
            out: Vec::new(),
            max_len: usize::MAX,
            debt: 0,
            core: Core::new(),
            phase: Phase::Start,
        }
    }

    /// Fails with "not enough memory" rather than build an output longer than `max`.
    pub fn set_max_len(&mut self, max: usize) {
        self.max_len = max;
    }

    /// The output built so far (to account for its memory).
    pub fn output_len(&self) -> usize {
        self.out.len()
    }

    /// Answers a `GsubPoll::Replace`: the value the table or function gave. Ignored
    /// when no answer is awaited.
    pub fn replace(&mut self, value: Replacement<'_>) {
        let Phase::Waiting { end, .. } = self.phase else {
            return;
        };
        match value {
            Replacement::Keep => {
                let kept = &self.subject.as_ref()[self.src..end];
                self.debt += kept.len() as u64 / 16;
                self.out.extend_from_slice(kept);
            }
            Replacement::Bytes(bytes) => {
                self.debt += bytes.len() as u64 / 16;
                self.out.extend_from_slice(bytes);
            }
            Replacement::Invalid(type_name) => {
                self.phase = Phase::Finished(GsubPoll::Error(Error::InvalidReplacement(type_name)));
                return;
            }
        }
        self.phase = if self.out.len() > self.max_len {
            Phase::Finished(GsubPoll::Error(Error::NotEnoughMemory))
        } else {
            Phase::Advance(Some(end))
        };
    }

    /// Runs on under `fuel`. Once finished, returns the same result again.
    pub fn run(&mut self, fuel: &mut u64) -> GsubPoll {
        let debt = std::mem::take(&mut self.debt);
        burn(fuel, debt);
        loop {
            if let Phase::Finished(result) = &self.phase {
                return result.clone();
            }
            if let Phase::Waiting { args, .. } = &self.phase {
                return GsubPoll::Replace(args.clone());
            }
            if *fuel == 0 {
                return GsubPoll::Pending;
            }
            let subj = self.subject.as_ref();
            match self.phase {
                Phase::Start => {
                    if (self.count as i64) < self.max_n {
                        self.core.begin(self.src, self.p0);
                        self.phase = Phase::Matching;
                    } else {
                        self.finish(fuel);
                    }
                }
                Phase::Matching => {
                    let pat = c_string(self.pattern.as_ref());
                    match self.core.run(subj, pat, fuel) {
                        Poll::Pending => return GsubPoll::Pending,
                        Poll::Error(e) => self.phase = Phase::Finished(GsubPoll::Error(e)),
                        Poll::Done(Outcome::Failed) => self.phase = Phase::Advance(None),
                        Poll::Done(Outcome::Matched(end)) => {
                            self.count += 1;
                            self.add_value(end, fuel);
                        }
                    }
                }
                Phase::Advance(end) => {
                    burn(fuel, 1);
                    match end {
                        Some(end) if end > self.src => self.src = end,
                        _ if self.src < subj.len() => {
                            self.out.push(subj[self.src]);
                            self.src += 1;
                        }
                        _ => {
                            self.finish(fuel);
                            continue;
                        }
                    }
                    if self.anchored {
                        self.finish(fuel);
                    } else {
                        self.phase = Phase::Start;
                    }
                }
                Phase::Waiting { .. } | Phase::Finished(_) => {}
            }
        }
    }

    /// lstrlib.c add_value for the match `src..end`.
    fn add_value(&mut self, end: usize, fuel: &mut u64) {
        let s = self.src;
        let caps = self.core.captures();
        let args = match &self.repl {
            Repl::Str(r) => {
                let r = r.as_ref();
                burn(fuel, r.len() as u64 / 16);
                let before = self.out.len();
                let subj = self.subject.as_ref();
                let result = add_s(&mut self.out, self.max_len, subj, r, caps, s, end);
                burn(fuel, (self.out.len() - before) as u64 / 16);
                self.phase = match result {
                    Err(e) => Phase::Finished(GsubPoll::Error(e)),
                    Ok(()) => Phase::Advance(Some(end)),
                };
                return;
            }
            Repl::Table => one_capture(caps, 0, s, end).map(|c| vec![c]),
            Repl::Function => all_captures(caps, s, end),
        };
        self.phase = match args {
            Ok(args) => Phase::Waiting { end, args },
            Err(e) => Phase::Finished(GsubPoll::Error(e)),
        };
    }

    /// The rest of the subject is copied: the result.
    fn finish(&mut self, fuel: &mut u64) {
        let rest = &self.subject.as_ref()[self.src..];
        burn(fuel, rest.len() as u64 / 16);
        if self.out.len() + rest.len() > self.max_len {
            self.phase = Phase::Finished(GsubPoll::Error(Error::NotEnoughMemory));
            return;
        }
        self.out.extend_from_slice(rest);
        self.src = self.subject.as_ref().len();
        self.phase = Phase::Finished(GsubPoll::Done {
            output: std::mem::take(&mut self.out),
            count: self.count,
        });
    }
}

/// lstrlib.c add_s: the replacement string with `%0`..`%9` replaced by the match and its
/// captures, and `%` before anything else by that byte (`%` last: by the string's
/// terminating NUL, as C reads it). Stops with "not enough memory" before `out` would
/// pass `limit` (a replacement of many `%0` can multiply a long match).
fn add_s(
    out: &mut Vec<u8>,
    limit: usize,
    subj: &[u8],
    repl: &[u8],
    caps: &[RawCap],
    s: usize,
    e: usize,
) -> Result<(), Error> {
    fn put(out: &mut Vec<u8>, limit: usize, bytes: &[u8]) -> Result<(), Error> {
        if bytes.len() > limit.saturating_sub(out.len()) {
            return Err(Error::NotEnoughMemory);
        }
        out.extend_from_slice(bytes);
        Ok(())
    }
    let mut i = 0;
    while i < repl.len() {
        let c = repl[i];
        if c != ESC {
            put(out, limit, &[c])?;
        } else {
            i += 1;
            let d = repl.get(i).copied().unwrap_or(0);
            if !d.is_ascii_digit() {
                put(out, limit, &[d])?;
            } else if d == b'0' {
                put(out, limit, &subj[s..e])?;
            } else {
                match one_capture(caps, usize::from(d - b'1'), s, e)? {
                    Capture::Str { start, end } => put(out, limit, &subj[start..end])?,
                    Capture::Position(n) => put(out, limit, n.to_string().as_bytes())?,
                }
            }
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fuel per slice each case is run with: the results must not depend on it.
    const FUELS: &[u64] = &[1, 7, 1000, u64::MAX];

    /// find's cases: subject, pattern, init, plain, what Redis gave.
    type FindCase = (&'static [u8], &'static [u8], i64, bool, &'static str);
    /// gsub's cases: subject, pattern, replacement, n, what Redis gave.
    type GsubCase = (&'static [u8], &'static [u8], &'static [u8], Option<i64>, &'static str);

    /// Bytes as the oracle's Lua printed them: printable ASCII as is (but `"` and `\`),
    /// anything else as `\ddd`, in double quotes.
    fn quote(bytes: &[u8]) -> String {
        let mut out = String::from("\"");
        for &b in bytes {
            if (32..127).contains(&b) && b != b'"' && b != b'\\' {
                out.push(b as char);
            } else {
                out.push_str(&format!("\\{b:03}"));
            }
        }
        out.push('"');
        out
    }

    fn ser_captures(subject: &[u8], captures: &[Capture]) -> Vec<String> {
        captures
            .iter()
            .map(|c| match *c {
                Capture::Str { start, end } => quote(&subject[start..end]),
                Capture::Position(n) => n.to_string(),
            })
            .collect()
    }

    /// Runs `step` in slices of `slice` fuel until it is not Pending; checks that
    /// Pending comes only with the fuel spent.
    fn slices<R>(slice: u64, mut step: impl FnMut(&mut u64) -> Option<R>) -> R {
        for _ in 0..100_000_000u64 {
            let mut fuel = slice;
            if let Some(r) = step(&mut fuel) {
                return r;
            }
            assert_eq!(fuel, 0, "Pending with fuel left");
        }
        panic!("never finished")
    }

    fn find(kind: Kind, s: &[u8], p: &[u8], init: i64, plain: bool, slice: u64) -> String {
        let mut f = Find::new(kind, s, p, init, plain);
        slices(slice, |fuel| match f.run(fuel) {
            Poll::Pending => None,
            Poll::Error(e) => Some(format!("E:{e}")),
            Poll::Done(None) => Some("nil".to_string()),
            Poll::Done(Some(found)) => {
                let mut parts = Vec::new();
                if kind == Kind::Find {
                    parts.push((found.start + 1).to_string());
                    parts.push(found.end.to_string());
                }
                parts.extend(ser_captures(s, &found.captures));
                Some(parts.join(","))
            }
        })
    }

    fn gmatch(s: &[u8], p: &[u8], slice: u64) -> String {
        let mut g = Gmatch::new(s, p);
        let mut items = Vec::new();
        // The oracle's loop stops after 50 iterations.
        for _ in 0..50 {
            let item = slices(slice, |fuel| match g.run(fuel) {
                Poll::Pending => None,
                Poll::Error(e) => Some(Err(format!("E:{e}"))),
                Poll::Done(None) => Some(Ok(None)),
                Poll::Done(Some(caps)) => Some(Ok(Some(ser_captures(s, &caps).join(",")))),
            });
            match item {
                Err(e) => return e,
                Ok(None) => break,
                Ok(Some(item)) => items.push(item),
            }
        }
        items.join(";")
    }

    /// gsub with a replacement table or function played by `callback`.
    fn gsub_with(
        s: &[u8],
        p: &[u8],
        repl: Repl<&[u8]>,
        n: Option<i64>,
        slice: u64,
        callback: &mut dyn FnMut(&[Capture]) -> Replacement<'static>,
    ) -> String {
        let mut g = Gsub::new(s, p, repl, n);
        slices(slice, |fuel| match g.run(fuel) {
            GsubPoll::Pending => None,
            GsubPoll::Error(e) => Some(format!("E:{e}")),
            GsubPoll::Done { output, count } => Some(format!("{},{count}", quote(&output))),
            GsubPoll::Replace(caps) => {
                let value = callback(&caps);
                g.replace(value);
                // The answer is taken; running on from here must not ask again.
                *fuel = 0;
                None
            }
        })
    }

    fn gsub(s: &[u8], p: &[u8], r: &[u8], n: Option<i64>, slice: u64) -> String {
        gsub_with(s, p, Repl::Str(r), n, slice, &mut |_| {
            panic!("a string replacement asks nothing")
        })
    }

    /// Every case at every slice size gives what Redis gave.
    fn check_all<C: std::fmt::Debug>(cases: &[C], expected: impl Fn(&C) -> &str, run: impl Fn(&C, u64) -> String) {
        for case in cases {
            for &slice in FUELS {
                assert_eq!(run(case, slice), expected(case), "{case:?} at fuel {slice}");
            }
        }
    }

    /// `string.find(s, p, init, plain)` in redis-server 7.0.15, each run by EVAL in a
    /// pcall and its results printed by a Lua function as `quote` and `ser_captures`
    /// print them, comma-separated (an error as "E:" and its message, position cut).
    #[test]
    fn find_as_redis() {
        #[rustfmt::skip]
        const CASES: &[FindCase] = &[
        (b"hello world", b"o w", 1, false, r#"5,7"#),
        (b"hello", b"l", 1, false, r#"3,3"#),
        (b"hello", b"xyz", 1, false, r#"nil"#),
        (b"hello", b"", 1, false, r#"1,0"#),
        (b"", b"", 1, false, r#"1,0"#),
        (b"", b"a", 1, false, r#"nil"#),
        (b"hello", b"l", 4, false, r#"4,4"#),
        (b"hello", b"l", -2, false, r#"4,4"#),
        (b"hello", b"l", -100, false, r#"3,3"#),
        (b"hello", b"", 10, false, r#"6,5"#),
        (b"hello", b"", 6, false, r#"6,5"#),
        (b"hello", b"", 5, false, r#"5,4"#),
        (b"hello", b"h", 0, false, r#"1,1"#),
        (b"hello", b"o", -1, false, r#"5,5"#),
        (b"hello", b"xx", -100, false, r#"nil"#),
        (b"a.b", b".", 1, true, r#"2,2"#),
        (b"a.b", b".", 1, false, r#"1,1"#),
        (b"a+b", b"+", 1, true, r#"2,2"#),
        (b"a%b", b"%", 1, true, r#"2,2"#),
        (b"a%b", b"%", 1, false, r#"E:malformed pattern (ends with '%')"#),
        (b"a.b", b"b", 10, true, r#"nil"#),
        (b"abc", b"", 10, true, r#"4,3"#),
        (b"aaab", b"aab", 1, true, r#"2,4"#),
        (b"abc", b"abcd", 1, true, r#"nil"#),
        (b"a\x00b", b"\x00b", 1, false, r#"2,3"#),
        (b"x\x00%", b"\x00%", 1, false, r#"2,3"#),
        (b"a\x00b", b"\x00%", 1, false, r#"nil"#),
        (b"a\x00.b", b"\x00.", 1, false, r#"2,3"#),
        (b"a.b", b".\x00x", 1, false, r#"1,1"#),
        (b"a\x00b", b"\x00b", 1, true, r#"2,3"#),
        (b"a]b", b"]", 1, false, r#"2,2"#),
        (b"a)b", b")", 1, false, r#"2,2"#),
        (b"hello", b"^h", 1, false, r#"1,1"#),
        (b"hello", b"^e", 1, false, r#"nil"#),
        (b"hello", b"^e", 2, false, r#"2,2"#),
        (b"hello", b"o$", 1, false, r#"5,5"#),
        (b"hello", b"l$", 1, false, r#"nil"#),
        (b"a$b", b"$b", 1, false, r#"2,3"#),
        (b"a^b", b"a^b", 1, false, r#"1,3"#),
        (b"hello", b"^", 1, false, r#"1,0"#),
        (b"hello", b"$", 1, false, r#"6,5"#),
        (b"hello", b"^$", 1, false, r#"nil"#),
        (b"", b"^$", 1, false, r#"1,0"#),
        (b"^x", b"^^", 1, false, r#"1,1"#),
        (b"x^", b"^x^", 1, false, r#"1,2"#),
        (b"hello world", b"(o)(r)", 1, false, r#"8,9,"o","r""#),
        (b"hello", b"()ll()", 1, false, r#"3,4,3,5"#),
        (b"hello", b"(h)(e)(l)", 1, false, r#"1,3,"h","e","l""#),
        (b"key=val", b"(%w+)=(%w+)", 1, false, r#"1,7,"key","val""#),
        (b"hello", b"(l+)", 1, false, r#"3,4,"ll""#),
        (b"hello", b"()", 1, false, r#"1,0,1"#),
        (b"abc", b"(a", 1, false, r#"E:unfinished capture"#),
        (b"abc", b")", 1, false, r#"nil"#),
        (b"abc", b"%", 1, false, r#"E:malformed pattern (ends with '%')"#),
        (b"abc", b"[a", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"[]", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"[^]", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"%f", 1, false, r#"E:missing '[' after '%f' in pattern"#),
        (b"abc", b"%fa", 1, false, r#"E:missing '[' after '%f' in pattern"#),
        (b"abc", b"%b", 1, false, r#"E:unbalanced pattern"#),
        (b"abc", b"%ba", 1, false, r#"E:unbalanced pattern"#),
        (b"abc", b"%1", 1, false, r#"E:invalid capture index"#),
        (b"abc", b"(a)%2", 1, false, r#"E:invalid capture index"#),
        (b"abc", b"%0", 1, false, r#"E:invalid capture index"#),
        (b"abc", b"(a%1)", 1, false, r#"E:invalid capture index"#),
        (b"a", b"()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()", 1, false, r#"E:too many captures"#),
        (b"a", b"()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()()", 1, false, r#"1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"#),
        (b"a", b"(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)(a)", 1, false, r#"nil"#),
        (b"", b"(((((((((((((((((((((((((((((((((", 1, false, r#"E:too many captures"#),
        (b"b", b"a[", 1, false, r#"nil"#),
        (b"a", b"a[", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"b", b"a%", 1, false, r#"nil"#),
        (b"ab", b"b)", 1, false, r#"nil"#),
        (b"ab", b"x)", 1, false, r#"nil"#),
        (b"abc", b"[%", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"[a%", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"[%]", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"a", b"a%f", 1, false, r#"E:missing '[' after '%f' in pattern"#),
        (b"b", b"a%f", 1, false, r#"nil"#),
        (b"x", b"%f[a", 1, false, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"a(b", 1, false, r#"E:unfinished capture"#),
        (b"a", b"(()", 1, false, r#"E:unfinished capture"#),
        ];
        check_all(
            CASES,
            |c| c.4,
            |&(s, p, init, plain, _), slice| find(Kind::Find, s, p, init, plain, slice),
        );
    }

    /// `string.match(s, p, init)` in redis-server 7.0.15 (as `find_as_redis`).
    #[test]
    fn match_as_redis() {
        #[rustfmt::skip]
        const CASES: &[(&[u8], &[u8], i64, &str)] = &[
        (b"abc]d", b"[]]", 1, r#""]""#),
        (b"a-b", b"[a-]+", 1, r#""a-""#),
        (b"a-b", b"[-a]+", 1, r#""a-""#),
        (b"x-z", b"[a%-z]+", 1, r#""-z""#),
        (b"hello", b"[^l]+", 1, r#""he""#),
        (b"^x", b"[%^x]+", 1, r#""^x""#),
        (b"abc", b"[a-c]+", 1, r#""abc""#),
        (b"ABCabc", b"[A-Z]+", 1, r#""ABC""#),
        (b"z-a", b"[z-a]", 1, r#"nil"#),
        (b"[", b"[[]", 1, r#""[""#),
        (b"a]b", b"[^]]+", 1, r#""a""#),
        (b"%", b"[%%]", 1, r#""%""#),
        (b"a-z", b"[%a-z]+", 1, r#""a-z""#),
        (b"-", b"[%a-z]", 1, r#""-""#),
        (b"b", b"[a-]", 1, r#"nil"#),
        (b"-", b"[a-]", 1, r#""-""#),
        (b"ab-", b"[^-a]", 1, r#""b""#),
        (b"x]", b"[]x]+", 1, r#""x]""#),
        (b"x^", b"[x^]+", 1, r#""x^""#),
        (b"^", b"[^^]", 1, r#"nil"#),
        (b"a^", b"[^^]", 1, r#""a""#),
        (b"5", b"[1-9-]", 1, r#""5""#),
        (b"abc", b"[b-]", 1, r#""b""#),
        (b"aaab", b"a*", 1, r#""aaa""#),
        (b"aaab", b"a-b", 1, r#""aaab""#),
        (b"aaab", b"a+", 1, r#""aaa""#),
        (b"b", b"a+", 1, r#"nil"#),
        (b"aaab", b"a?a?b", 1, r#""aab""#),
        (b"<a><b>", b"<.->", 1, r#""<a>""#),
        (b"<a><b>", b"<.*>", 1, r#""<a><b>""#),
        (b"abc", b".-$", 1, r#""abc""#),
        (b"abc", b"a*?", 1, r#"nil"#),
        (b"a?", b"a*?", 1, r#""a?""#),
        (b"ab", b"a**", 1, r#"nil"#),
        (b"a*", b"a**", 1, r#""a*""#),
        (b"a+b", b"a+b", 1, r#"nil"#),
        (b"a++", b"a%+%+", 1, r#""a++""#),
        (b"aaa", b"a-", 1, r#""""#),
        (b"aaa", b"a-$", 1, r#""aaa""#),
        (b"", b"a*", 1, r#""""#),
        (b"", b"a?", 1, r#""""#),
        (b"", b"a-", 1, r#""""#),
        (b"", b"a+", 1, r#"nil"#),
        (b"xyz", b".?.?.?.?", 1, r#""xyz""#),
        (b"aaaa", b"(a*)(a+)", 1, r#""aaa","a""#),
        (b"aaaa", b"(a-)(a+)", 1, r#""","aaaa""#),
        (b"aaaa", b"(a?)(a?)(a*)", 1, r#""a","a","aa""#),
        (b"ab", b"a?-", 1, r#"nil"#),
        (b"a-", b"a?-", 1, r#""a-""#),
        (b"hello", b"(l)%1", 1, r#""l""#),
        (b"abab", b"(ab)%1", 1, r#""ab""#),
        (b"\"x\" and 'y'", b"([\"'])(.-)%1", 1, r#""\034","x""#),
        (b"aa", b"()a%1", 1, r#"nil"#),
        (b"abcabc", b"(a(b)c)%2", 1, r#"nil"#),
        (b"abcb", b"(a(b)c)%2", 1, r#""abc","b""#),
        (b"aa", b"(a)%1%1", 1, r#"nil"#),
        (b"xx", b"(x*)%1", 1, r#""x""#),
        (b"f(a(b)c)d", b"%b()", 1, r#""(a(b)c)""#),
        (b"f(a(b c", b"%b()", 1, r#"nil"#),
        (b"xaay", b"%baa", 1, r#""aa""#),
        (b"[[x]]", b"%b[]", 1, r#""[[x]]""#),
        (b"abc", b"%bxy", 1, r#"nil"#),
        (b"x(", b"%b(", 1, r#"E:unbalanced pattern"#),
        (b"((a)", b"%b()", 1, r#""(a)""#),
        (b"a(b)(c)", b"%b()%b()", 1, r#""(b)(c)""#),
        (b"(())", b"^%b()$", 1, r#""(())""#),
        (b"x", b"x%b()", 1, r#"nil"#),
        (b"THE (quick) fox", b"%f[%a]%a+", 1, r#""THE""#),
        (b"hello world", b"%f[%w]%w+", 2, r#""world""#),
        (b"abc", b"%f[%z]", 1, r#""""#),
        (b"abc", b"%f[%Z]", 1, r#""""#),
        (b"abc", b"()%f[%z]", 1, r#"4"#),
        (b"hello", b"%f[%l]", 1, r#""""#),
        (b"the end", b"%f[%s]", 1, r#""""#),
        (b"x", b"%f[^%z]", 1, r#""""#),
        (b"a b", b"%f[%S].", 1, r#""b""#),
        (b"ab", b"%f[a]", 1, r#""""#),
        (b"ba", b"()%f[a]", 1, r#"2"#),
        (b"aaa", b"%f[a]a+", 1, r#""aaa""#),
        (b"hello", b"l+", 4, r#""l""#),
        (b"hello", b"^l", 3, r#""l""#),
        (b"hello", b"^l", 4, r#""l""#),
        (b"hello", b"l+", -2, r#""l""#),
        (b"hello", b".", 100, r#"nil"#),
        (b"hello", b"()", 100, r#"6"#),
        (b"hello", b"()", -100, r#"1"#),
        (b"hello", b"$", -1, r#""""#),
        (b"abc", b"b\x00c", 1, r#""b""#),
        (b"a\x00b", b"%z", 1, r#""\000""#),
        (b"a\x00b", b"[%z]", 1, r#""\000""#),
        (b"a\x00b", b"%Z+", 1, r#""a""#),
        (b"a\x00b", b".+", 1, r#""a\000b""#),
        (b"a\x00b", b"[^%z]+$", 1, r#""b""#),
        (b"\x00", b"%z$", 1, r#""\000""#),
        (b"a\x00", b"^a%Z", 1, r#"nil"#),
        (b"hello", b"()", 1, r#"1"#),
        (b"hello", b"l()", 1, r#"4"#),
        (b"hello world", b"((h)(e)(llo))", 1, r#""hello","h","e","llo""#),
        (b"abc", b"(a(b(c)))", 1, r#""abc","bc","c""#),
        (b"abc", b"()(b)()", 1, r#"2,"b",3"#),
        (b"abc", b"(", 1, r#"E:unfinished capture"#),
        (b"abc", b"(a)(", 1, r#"E:unfinished capture"#),
        (b"abc", b")", 1, r#"E:invalid pattern capture"#),
        (b"abc", b"a)", 1, r#"E:invalid pattern capture"#),
        (b"abc", b"(a))", 1, r#"E:invalid pattern capture"#),
        (b"abc", b"(()", 1, r#"E:unfinished capture"#),
        (b"abc", b"x)", 1, r#"nil"#),
        (b"a.b", b"%.", 1, r#"".""#),
        (b"a.b", b"a%.b", 1, r#""a.b""#),
        (b"a$", b"a%$", 1, r#""a$""#),
        (b"x%y", b"%%", 1, r#""%""#),
        (b"\x80", b"%\x80", 1, r#""\128""#),
        (b"\x80\x81", b"[\x80-\x81]+", 1, r#""\128\129""#),
        (b"\xff", b".", 1, r#""\255""#),
        (b"a$b", b"a$b", 1, r#""a$b""#),
        (b"a$", b"a$$", 1, r#""a$""#),
        (b"a", b"a$$", 1, r#"nil"#),
        (b"a^b", b"a^b", 1, r#""a^b""#),
        (b"x", b"%x", 1, r#"nil"#),
        (b"g", b"%x", 1, r#"nil"#),
        (b"_", b"%_", 1, r#""_""#),
        (b"(", b"%(", 1, r#""(""#),
        (b"%", b"%%%", 1, r#"E:malformed pattern (ends with '%')"#),
        (b"  \x09\x0a\x0b\x0c\x0d x", b"%s+", 1, r#""  \009\010\011\012\013 ""#),
        (b"\x0b", b"%s", 1, r#""\011""#),
        (b"abc123", b"%d+", 1, r#""123""#),
        (b"Hello", b"%u%l+", 1, r#""Hello""#),
        (b"a_b", b"%w+", 1, r#""a""#),
        (b"a_b", b"[%w_]+", 1, r#""a_b""#),
        (b"!?", b"%p+", 1, r#""!?""#),
        (b"\x01\x02a", b"%c+", 1, r#""\001\002""#),
        (b"W", b"%c", 1, r#"nil"#),
        (b"beef!", b"%x+", 1, r#""beef""#),
        (b"\x80", b"%W", 1, r#""\128""#),
        (b"\x80", b"%P", 1, r#""\128""#),
        (b"\x80", b"%C", 1, r#""\128""#),
        (b"\x80", b"%S", 1, r#""\128""#),
        (b"x", b"%Q", 1, r#"nil"#),
        (b"Q", b"%Q", 1, r#""Q""#),
        (b"abc", b"abc", 1, r#""abc""#),
        (b"abc", b"", 4, r#""""#),
        (b"abc", b"", 5, r#""""#),
        (b"aXb", b"a(.)b", 1, r#""X""#),
        (b"x=1, y=2", b"(%w+)=(%w+)", 1, r#""x","1""#),
        (b"  trim  ", b"^%s*(.-)%s*$", 1, r#""trim""#),
        (b"2024-01-15", b"(%d+)-(%d+)-(%d+)", 1, r#""2024","01","15""#),
        ];
        check_all(
            CASES,
            |c| c.3,
            |&(s, p, init, _), slice| find(Kind::Match, s, p, init, false, slice),
        );
    }

    /// `for ... in string.gmatch(s, p)` in redis-server 7.0.15: each iteration's values
    /// joined by ";" (at most 50 iterations).
    #[test]
    fn gmatch_as_redis() {
        #[rustfmt::skip]
        const CASES: &[(&[u8], &[u8], &str)] = &[
        (b"hello world from lua", b"%a+", r#""hello";"world";"from";"lua""#),
        (b"k1=v1, k2=v2", b"(%w+)=(%w+)", r#""k1","v1";"k2","v2""#),
        (b"abc", b"", r#""";"";"";"""#),
        (b"abc", b"%a*", r#""abc";"""#),
        (b"^a^b", b"^%a", r#""^a";"^b""#),
        (b"aaa", b"^a", r#""#),
        (b"abc", b"()", r#"1;2;3;4"#),
        (b"a,b,,c", b"([^,]*)", r#""a";"";"b";"";"";"c";"""#),
        (b"hello", b"l*", r#""";"";"ll";"";"""#),
        (b"", b"", r#""""#),
        (b"", b"a", r#""#),
        (b"abc", b"(a", r#"E:unfinished capture"#),
        (b"abc", b"x(", r#""#),
        (b"abc", b"%", r#"E:malformed pattern (ends with '%')"#),
        (b"bbb", b"%", r#"E:malformed pattern (ends with '%')"#),
        (b"one two", b"%f[%w]%w+", r#""one";"two""#),
        (b"abcabc", b"b()", r#"3;6"#),
        (b"a1b22c333", b"%d+", r#""1";"22";"333""#),
        (b"xyz", b".-", r#""";"";"";"""#),
        (b"x y", b"%s*", r#""";" ";"";"""#),
        (b"a\x00b\x00", b"%Z+", r#""a";"b""#),
        (b"a\x00b", b"\x00", r#""";"";"";"""#),
        (b"ab", b"a\x00x", r#""a""#),
        (b"(a)(b)", b"%b()", r#""(a)";"(b)""#),
        (b"abab", b"(a)(b)", r#""a","b";"a","b""#),
        (b"aaa", b"a-", r#""";"";"";"""#),
        (b"aXbXc", b"[^X]+", r#""a";"b";"c""#),
        ];
        check_all(CASES, |c| c.2, |&(s, p, _), slice| gmatch(s, p, slice));
    }

    /// `string.gsub(s, p, repl, n)` with a string replacement in redis-server 7.0.15.
    #[test]
    fn gsub_as_redis() {
        #[rustfmt::skip]
        const CASES: &[GsubCase] = &[
        (b"hello world", b"o", b"0", None, r#""hell0 w0rld",2"#),
        (b"hello world", b"(o)", b"[%1]", None, r#""hell[o] w[o]rld",2"#),
        (b"hello", b"", b"-", None, r#""-h-e-l-l-o-",6"#),
        (b"abc", b"%a*", b"-", None, r#""--",2"#),
        (b"abc", b"b*", b"-", None, r#""-a--c-",4"#),
        (b"hello", b"l", b"L", Some(1), r#""heLlo",1"#),
        (b"hello", b"l", b"L", Some(-1), r#""hello",0"#),
        (b"hello", b"l", b"L", Some(0), r#""hello",0"#),
        (b"hello", b"l", b"L", Some(100), r#""heLLo",2"#),
        (b"hello", b"", b"-", Some(2), r#""-h-ello",2"#),
        // n is a C int: 2^32 + 1, 2^31 and -2^32 + 2 as Lua passes them.
        (b"aaa", b"a", b"b", Some(4294967297), r#""baa",1"#),
        (b"aaa", b"a", b"b", Some(2147483648), r#""aaa",0"#),
        (b"aaa", b"a", b"b", Some(-4294967294), r#""bba",2"#),
        (b"aaa", b"^a", b"-", None, r#""-aa",1"#),
        (b"abc", b"^", b"-", None, r#""-abc",1"#),
        (b"abc", b"$", b"-", None, r#""abc-",1"#),
        (b"abc", b"^$", b"-", None, r#""abc",0"#),
        (b"", b"^$", b"x", None, r#""x",1"#),
        (b"", b"", b"x", None, r#""x",1"#),
        (b"^a^", b"%^", b"-", None, r#""-a-",2"#),
        (b"aaa", b"^a*", b"-", None, r#""-",1"#),
        (b"baa", b"^a", b"-", None, r#""baa",0"#),
        (b"abc", b"^", b"-", Some(0), r#""abc",0"#),
        (b"abc", b"%w", b"%0%0", None, r#""aabbcc",3"#),
        (b"abc", b"%w", b"%1", None, r#""abc",3"#),
        (b"abc", b"%w", b"%2", None, r#"E:invalid capture index"#),
        (b"abc", b"(%w)", b"%2", None, r#"E:invalid capture index"#),
        (b"abc", b"%w", b"%x", None, r#""xxx",3"#),
        (b"abc", b"%w", b"%%", None, r#""%%%",3"#),
        (b"a", b"a", b"%", None, r#""\000",1"#),
        (b"abc", b"()", b"%1", None, r#""1a2b3c4",4"#),
        (b"abc", b"(b)()", b"%2%1", None, r#""a3bc",1"#),
        (b"abc", b"(a", b"x", None, r#""xbc",1"#),
        (b"abc", b"(a", b"%1", None, r#"E:unfinished capture"#),
        (b"abc", b"b", b"%0%", None, r#""ab\000c",1"#),
        (b"abc", b"(b)", b"%9", None, r#"E:invalid capture index"#),
        (b"abc", b"(b)", b"%0", None, r#""abc",1"#),
        (b"abc", b"x", b"%9", None, r#""abc",0"#),
        (b"abc", b"b", b"%\x00", None, r#""a\000c",1"#),
        (b"abc", b"(b)", b"%1%2", None, r#"E:invalid capture index"#),
        (b"abc", b"[", b"x", None, r#"E:malformed pattern (missing ']')"#),
        (b"abc", b"%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
        (b"", b"%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
        (b"abc", b"c%", b"x", None, r#"E:malformed pattern (ends with '%')"#),
        (b"abc", b")", b"x", None, r#"E:invalid pattern capture"#),
        (b"abc", b"%f", b"x", None, r#"E:missing '[' after '%f' in pattern"#),
        (b"hello world", b"(%w+) (%w+)", b"%2 %1", None, r#""world hello",1"#),
        (b"$name", b"%$(%w+)", b"<%1>", None, r#""<name>",1"#),
        (b"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", b"x", b"yy", None, r#""yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",100"#),
        (b"abc", b"b", b"x\x00y", None, r#""ax\000yc",1"#),
        (b"a\x00b", b"%z", b"0", None, r#""a0b",1"#),
        (b"abc", b".-", b"-", None, r#""-a-b-c-",4"#),
        (b"abc", b".", b"%0", Some(2), r#""abc",2"#),
        (b"a.b.c", b"%.", b"/", None, r#""a/b/c",2"#),
        (b"hello", b"l+", b"", None, r#""heo",1"#),
        (b"  x  ", b"^%s+", b"", None, r#""x  ",1"#),
        (b"x", b"x", b"a%1b", None, r#""axb",1"#),
        (b"abc", b"b\x00z", b"-", None, r#""a-c",1"#),
        (b"abab", b"(a)(b)", b"%2%1", None, r#""baba",2"#),
        (b"hello", b"(l)(l)", b"%2%1%0", None, r#""hellllo",1"#),
        (b"a", b"()", b"%1%1", None, r#""11a22",2"#),
        ];
        check_all(CASES, |c| c.4, |&(s, p, r, n, _), slice| gsub(s, p, r, n, slice));
    }

    /// The classes in the C locale: `string.gsub(all, '%A', '')` (all 256 bytes) in
    /// redis-server 7.0.15 leaves exactly these; `%a`, `[%a]` and `[^%A]` remove them
    /// (the oracle's outputs were checked to be these sets' complements).
    #[test]
    fn classes_as_redis() {
        const MEMBERS: &[(u8, &[u8])] = &[
            (b'a', b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            (b'c', b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f"),
            (b'd', b"0123456789"),
            (b'l', b"abcdefghijklmnopqrstuvwxyz"),
            (b'p', b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
            (b's', b"\t\n\x0b\x0c\r "),
            (b'u', b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            (b'w', b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
            (b'x', b"0123456789ABCDEFabcdef"),
            (b'z', b"\x00"),
        ];
        let all: Vec<u8> = (0..=255).collect();
        let run = |p: Vec<u8>| {
            let mut g = Gsub::new(&all[..], &p[..], Repl::Str(&b""[..]), None);
            match g.run(&mut u64::MAX.clone()) {
                GsubPoll::Done { output, .. } => output,
                other => panic!("{other:?}"),
            }
        };
        for &(class, members) in MEMBERS {
            let others: Vec<u8> = all.iter().copied().filter(|b| !members.contains(b)).collect();
            let upper = class.to_ascii_uppercase();
            for (p, left) in [
                (vec![b'%', class], &others[..]),
                (vec![b'[', b'%', class, b']'], &others[..]),
                (vec![b'[', b'^', b'%', upper, b']'], &others[..]),
                (vec![b'%', upper], members),
                (vec![b'[', b'%', upper, b']'], members),
                (vec![b'[', b'^', b'%', class, b']'], members),
            ] {
                assert_eq!(run(p.clone()), left, "{}", String::from_utf8_lossy(&p));
            }
        }
    }

    /// A replacement table or function, played by a callback: values from
    /// redis-server 7.0.15 (the EVAL in each comment).
    #[test]
    fn gsub_callbacks_as_redis() {
        let s: &[u8] = b"abc";
        let table = |s: &'static [u8], entries: &'static [(&'static [u8], Replacement<'static>)]| {
            move |caps: &[Capture]| -> Replacement<'static> {
                assert_eq!(caps.len(), 1, "a table is indexed by one capture");
                let Capture::Str { start, end } = caps[0] else {
                    panic!("a string key expected")
                };
                let key = &s[start..end];
                entries
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map_or(Replacement::Keep, |&(_, v)| v)
            }
        };
        for &slice in FUELS {
            // string.gsub('abc', '%w', {a=1, b=true}): the number converts, `true` fails.
            let mut t = table(
                s,
                &[
                    (b"a", Replacement::Bytes(b"1")),
                    (b"b", Replacement::Invalid("boolean")),
                ],
            );
            assert_eq!(
                gsub_with(s, b"%w", Repl::Table, None, slice, &mut t),
                "E:invalid replacement value (a boolean)"
            );
            // string.gsub('abc', '%w', {a={}})
            let mut t = table(s, &[(b"a", Replacement::Invalid("table"))]);
            assert_eq!(
                gsub_with(s, b"%w", Repl::Table, None, slice, &mut t),
                "E:invalid replacement value (a table)"
            );
            // string.gsub('abc', '%w', {}) is "abc", 3: nil keeps the match.
            let mut t = table(s, &[]);
            assert_eq!(gsub_with(s, b"%w", Repl::Table, None, slice, &mut t), r#""abc",3"#);
            // string.gsub('abc', 'b', {b='%1'}) is "a%1c", 1: a table's value is not
            // a template.
            let mut t = table(s, &[(b"b", Replacement::Bytes(b"%1"))]);
            assert_eq!(gsub_with(s, b"b", Repl::Table, None, slice, &mut t), r#""a%1c",1"#);
            // string.gsub('xy', '(x)(y)', {x='1', y='2'}) is "1", 1: the first capture.
            let mut t = table(
                b"xy",
                &[(b"x", Replacement::Bytes(b"1")), (b"y", Replacement::Bytes(b"2"))],
            );
            assert_eq!(
                gsub_with(b"xy", b"(x)(y)", Repl::Table, None, slice, &mut t),
                r#""1",1"#
            );
            // string.gsub('abc', '(b)(c', {b='X'}) is "aX", 1: the unfinished second
            // capture is never pushed.
            let mut t = table(s, &[(b"b", Replacement::Bytes(b"X"))]);
            assert_eq!(gsub_with(s, b"(b)(c", Repl::Table, None, slice, &mut t), r#""aX",1"#);
            // string.gsub('abc', '^%w', {a='A'}) is "Abc", 1.
            let mut t = table(s, &[(b"a", Replacement::Bytes(b"A"))]);
            assert_eq!(gsub_with(s, b"^%w", Repl::Table, None, slice, &mut t), r#""Abc",1"#);
            // string.gsub('abc', '()', {[1]='x'}) is "xabc", 4: position keys are numbers.
            let mut positions = |caps: &[Capture]| match caps {
                [Capture::Position(1)] => Replacement::Bytes(b"x"),
                [Capture::Position(_)] => Replacement::Keep,
                other => panic!("{other:?}"),
            };
            assert_eq!(
                gsub_with(s, b"()", Repl::Table, None, slice, &mut positions),
                r#""xabc",4"#
            );

            // string.gsub('abc', '%w', function(c) if c=='b' then return false end
            // return c:upper() end) is "AbC", 3.
            let mut upper = |caps: &[Capture]| match caps {
                [Capture::Str { start: 1, end: 2 }] => Replacement::Keep,
                [Capture::Str { start: 0, end: 1 }] => Replacement::Bytes(b"A"),
                [Capture::Str { start: 2, end: 3 }] => Replacement::Bytes(b"C"),
                other => panic!("{other:?}"),
            };
            assert_eq!(
                gsub_with(s, b"%w", Repl::Function, None, slice, &mut upper),
                r#""AbC",3"#
            );
            // string.gsub('abc', '(b)(c', function(...) return 'X' end): unfinished.
            let mut never = |_: &[Capture]| -> Replacement<'static> { panic!("not called") };
            assert_eq!(
                gsub_with(s, b"(b)(c", Repl::Function, None, slice, &mut never),
                "E:unfinished capture"
            );
            // string.gsub('a b', '(%w)()', function(a, p) return a..p end) is "a2 b4", 2.
            let mut both = |caps: &[Capture]| match caps {
                [Capture::Str { start: 0, end: 1 }, Capture::Position(2)] => Replacement::Bytes(b"a2"),
                [Capture::Str { start: 2, end: 3 }, Capture::Position(4)] => Replacement::Bytes(b"b4"),
                other => panic!("{other:?}"),
            };
            assert_eq!(
                gsub_with(b"a b", b"(%w)()", Repl::Function, None, slice, &mut both),
                r#""a2 b4",2"#
            );
            // string.gsub('abc', '', function() return 'x' end) is "xaxbxcx", 4.
            let mut calls = 0;
            let mut x = |caps: &[Capture]| {
                assert_eq!(
                    caps,
                    [Capture::Str {
                        start: calls,
                        end: calls
                    }]
                );
                calls += 1;
                Replacement::Bytes(b"x")
            };
            assert_eq!(gsub_with(s, b"", Repl::Function, None, slice, &mut x), r#""xaxbxcx",4"#);
            // string.gsub('aaa', 'a', function(a) return a..'!' end, 2) is "a!a!a", 2.
            let mut bang = |_: &[Capture]| Replacement::Bytes(b"a!");
            assert_eq!(
                gsub_with(b"aaa", b"a", Repl::Function, Some(2), slice, &mut bang),
                r#""a!a!a",2"#
            );
            // string.gsub('abc', '%w', function() return {} end)
            let mut bad = |_: &[Capture]| Replacement::Invalid("table");
            assert_eq!(
                gsub_with(s, b"%w", Repl::Function, None, slice, &mut bad),
                "E:invalid replacement value (a table)"
            );
        }
    }

    /// Exponential backtracking runs in slices and gives Redis's answer:
    /// `string.match(string.rep('a', 10), string.rep('a*', 10) .. 'b')` is nil.
    #[test]
    fn backtracking_runs_in_slices() {
        let s = [b'a'; 10];
        let p = [&b"a*".repeat(10)[..], b"b"].concat();
        let mut total = 0u64;
        let mut count = 0;
        let mut m = Find::new(Kind::Match, &s[..], &p[..], 1, false);
        let result = loop {
            let mut fuel = 10_000;
            let r = m.run(&mut fuel);
            total += 10_000 - fuel;
            count += 1;
            if r != Poll::Pending {
                break r;
            }
        };
        assert_eq!(result, Poll::Done(None));
        assert!(count > 100, "it took {count} slices of 10,000 ({total} fuel)");
        // The same, all at once, costs the same fuel.
        let mut fuel = u64::MAX;
        let mut m = Find::new(Kind::Match, &s[..], &p[..], 1, false);
        assert_eq!(m.run(&mut fuel), Poll::Done(None));
        assert_eq!(u64::MAX - fuel, total);
        // Finished: asked again, the same answer for nothing.
        let mut fuel = 5;
        assert_eq!(m.run(&mut fuel), Poll::Done(None));
        assert_eq!(fuel, 5);
    }

    /// Nothing recurses: a pattern of 100,000 optional items (Lua 5.1 recurses once
    /// for each; `#string.match(string.rep('a', 10000), string.rep('a?', 10000))` is
    /// 10000 in redis-server 7.0.15) matches the same way at ten times that.
    #[test]
    fn long_patterns_do_not_overflow() {
        let s = vec![b'a'; 100_000];
        let p = b"a?".repeat(100_000);
        for slice in [1000, u64::MAX] {
            let mut f = Find::new(Kind::Match, &s[..], &p[..], 1, false);
            assert_eq!(
                slices(slice, |fuel| match f.run(fuel) {
                    Poll::Pending => None,
                    other => Some(other),
                }),
                Poll::Done(Some(Found {
                    start: 0,
                    end: 100_000,
                    captures: vec![Capture::Str { start: 0, end: 100_000 }]
                }))
            );
        }
        // And 10,000 `(`: too many captures, not a crash.
        let p = b"(".repeat(10_000);
        let mut fuel = u64::MAX;
        assert_eq!(
            Find::new(Kind::Match, &b"x"[..], &p[..], 1, false).run(&mut fuel),
            Poll::Error(Error::TooManyCaptures)
        );
    }

    /// A megabyte through gsub in slices: `string.gsub(string.rep('ab', 500000), 'b',
    /// 'cc')` in redis-server 7.0.15 is 1,500,000 bytes ("accacca"..."cacc") and 500000.
    #[test]
    fn gsub_a_megabyte_in_slices() {
        let s = b"ab".repeat(500_000);
        let expected = b"acc".repeat(500_000);
        for slice in [1000, u64::MAX] {
            let mut g = Gsub::new(&s[..], &b"b"[..], Repl::Str(&b"cc"[..]), None);
            let mut pendings = 0;
            let (output, count) = slices(slice, |fuel| match g.run(fuel) {
                GsubPoll::Pending => {
                    pendings += 1;
                    None
                }
                GsubPoll::Done { output, count } => Some((output, count)),
                other => panic!("{other:?}"),
            });
            assert_eq!(output.len(), 1_500_000);
            assert!(output == expected, "output differs");
            assert_eq!(count, 500_000);
            assert_eq!(pendings > 0, slice == 1000);
        }
    }

    /// A plain search through a megabyte, in slices:
    /// `string.find(string.rep('a', 1000000) .. 'b', string.rep('a', 1000) .. 'b', 1,
    /// true)` is 999001, 1000001.
    #[test]
    fn plain_find_in_slices() {
        let s = [vec![b'a'; 1_000_000], vec![b'b']].concat();
        let p = [vec![b'a'; 1000], vec![b'b']].concat();
        for slice in [1, 1000, u64::MAX] {
            assert_eq!(find(Kind::Find, &s, &p, 1, true, slice), "999001,1000001");
        }
    }

    /// `%b` through a long subject in slices: `string.match(string.rep('(', 1000) ..
    /// string.rep(')', 999), '%b()')` is 999 of each (from the second byte).
    #[test]
    fn balance_in_slices() {
        let s = [vec![b'('; 1000], vec![b')'; 999]].concat();
        for slice in [1, 7, u64::MAX] {
            let mut f = Find::new(Kind::Match, &s[..], &b"%b()"[..], 1, false);
            let found = slices(slice, |fuel| match f.run(fuel) {
                Poll::Pending => None,
                Poll::Done(Some(found)) => Some(found),
                other => panic!("{other:?}"),
            });
            assert_eq!((found.start, found.end), (1, 1999));
        }
        // string.find(string.rep('x', 100) .. 'y', '(x-)y') is 1, 101 and the x's.
        let s = [vec![b'x'; 100], vec![b'y']].concat();
        let xs = quote(&s[..100]);
        for slice in FUELS {
            assert_eq!(find(Kind::Find, &s, b"(x-)y", 1, false, *slice), format!("1,101,{xs}"));
        }
    }

    #[test]
    fn gsub_answers_and_limits() {
        // Asked again while waiting: the same question; an answer when none is awaited
        // is ignored.
        let mut g = Gsub::new(&b"ab"[..], &b"b"[..], Repl::Function, None);
        g.replace(Replacement::Bytes(b"ignored"));
        let mut fuel = u64::MAX;
        let ask = GsubPoll::Replace(vec![Capture::Str { start: 1, end: 2 }]);
        assert_eq!(g.run(&mut fuel), ask);
        assert_eq!(g.run(&mut fuel), ask);
        g.replace(Replacement::Bytes(b"B"));
        g.replace(Replacement::Bytes(b"again"));
        assert_eq!(
            g.run(&mut fuel),
            GsubPoll::Done {
                output: b"aB".to_vec(),
                count: 1
            }
        );
        // A limit on the output: "not enough memory" instead of a runaway string.
        let mut g = Gsub::new(&b"aaaa"[..], &b""[..], Repl::Str(&b"xyz"[..]), None);
        g.set_max_len(10);
        assert_eq!(g.run(&mut u64::MAX.clone()), GsubPoll::Error(Error::NotEnoughMemory));
        // A replacement of many `%0` stops as soon as it would pass the limit.
        let long = vec![b'x'; 1 << 20];
        let many = b"%0".repeat(1 << 12);
        let mut g = Gsub::new(&long[..], &b".+"[..], Repl::Str(&many[..]), None);
        g.set_max_len(3 << 20);
        assert_eq!(g.run(&mut u64::MAX.clone()), GsubPoll::Error(Error::NotEnoughMemory));
        assert!(g.output_len() <= 3 << 20);
        let mut g = Gsub::new(&b"aaaa"[..], &b"a"[..], Repl::Function, None);
        g.set_max_len(5);
        let mut fuel = u64::MAX;
        let mut answers = 0;
        let result = loop {
            match g.run(&mut fuel) {
                GsubPoll::Replace(_) => {
                    answers += 1;
                    g.replace(Replacement::Bytes(b"xx"));
                }
                other => break other,
            }
        };
        assert_eq!((result, answers), (GsubPoll::Error(Error::NotEnoughMemory), 3));
        assert!(g.output_len() <= 6);
        // Fuel runs out: Pending, and nothing is lost.
        let mut g = Gsub::new(&b"hello"[..], &b"l"[..], Repl::Str(&b"L"[..]), None);
        let mut fuel = 0;
        assert_eq!(g.run(&mut fuel), GsubPoll::Pending);
        assert_eq!(
            g.run(&mut u64::MAX.clone()),
            GsubPoll::Done {
                output: b"heLLo".to_vec(),
                count: 2
            }
        );
    }

    #[test]
    fn matcher_and_gmatch_positions() {
        // gmatch's position after each match (gmatch_aux's upvalue): past an empty
        // match it moves one on.
        let mut g = Gmatch::new(&b"ab"[..], &b"a*"[..]);
        let mut fuel = u64::MAX;
        assert_eq!(
            g.run(&mut fuel),
            Poll::Done(Some(vec![Capture::Str { start: 0, end: 1 }]))
        );
        assert_eq!(g.position(), 1);
        assert_eq!(
            g.run(&mut fuel),
            Poll::Done(Some(vec![Capture::Str { start: 1, end: 1 }]))
        );
        assert_eq!(g.position(), 2);
        assert_eq!(
            g.run(&mut fuel),
            Poll::Done(Some(vec![Capture::Str { start: 2, end: 2 }]))
        );
        assert_eq!(g.position(), 3);
        assert_eq!(g.run(&mut fuel), Poll::Done(None));
        assert_eq!(g.run(&mut fuel), Poll::Done(None));
        // Recreated at a kept position, it goes on from there.
        let mut g = Gmatch::at_position(&b"a1b2"[..], &b"%d"[..], 2);
        assert_eq!(
            g.run(&mut fuel),
            Poll::Done(Some(vec![Capture::Str { start: 3, end: 4 }]))
        );
        // The matcher: a `^` anchors only when asked to.
        let mut m = Matcher::new(&b"x^a"[..], &b"^a"[..], 0, true);
        assert_eq!(m.run(&mut fuel), Poll::Done(None));
        let mut m = Matcher::new(&b"x^a"[..], &b"^a"[..], 0, false);
        let found = match m.run(&mut fuel) {
            Poll::Done(Some(found)) => found,
            other => panic!("{other:?}"),
        };
        assert_eq!((found.start, found.end), (1, 3));
        assert_eq!(found.captures(), Ok(vec![Capture::Str { start: 1, end: 3 }]));
        assert_eq!(found.find_captures(), Ok(vec![]));
        assert_eq!(found.capture(0), Ok(Capture::Str { start: 1, end: 3 }));
        assert_eq!(found.capture(1), Err(Error::InvalidCaptureIndex));
        let mut m = Matcher::new(&b"hello"[..], &b"(h)(x*)()"[..], 0, true);
        let found = match m.run(&mut fuel) {
            Poll::Done(Some(found)) => found,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            found.captures(),
            Ok(vec![
                Capture::Str { start: 0, end: 1 },
                Capture::Str { start: 1, end: 1 },
                Capture::Position(2)
            ])
        );
        assert_eq!(found.capture(2).map(|c| c.bytes(b"hello")), Ok(None));
        assert_eq!(found.capture(0).map(|c| c.bytes(b"hello")), Ok(Some(&b"h"[..])));
        // No fuel, no progress.
        let mut m = Matcher::new(&b"hello"[..], &b"l"[..], 0, true);
        assert_eq!(m.run(&mut 0), Poll::Pending);
        assert!(matches!(m.run(&mut 1_000), Poll::Done(Some(_))));
    }

    #[test]
    fn init_positions_as_lua_5_1() {
        // posrelat, then clamped to 0..=len (5.1 clamps where 5.2 fails past the end).
        assert_eq!(start_index(1, 5), 0);
        assert_eq!(start_index(0, 5), 0);
        assert_eq!(start_index(-1, 5), 4);
        assert_eq!(start_index(-5, 5), 0);
        assert_eq!(start_index(-6, 5), 0);
        assert_eq!(start_index(6, 5), 5);
        assert_eq!(start_index(100, 5), 5);
        assert_eq!(start_index(i64::MIN, 5), 0);
        assert_eq!(start_index(i64::MAX, 5), 5);
        assert_eq!(start_index(1, 0), 0);
    }

    #[test]
    fn error_messages_in_lua_5_1_words() {
        for (e, text) in [
            (Error::EndsWithPercent, "malformed pattern (ends with '%')"),
            (Error::MissingBracket, "malformed pattern (missing ']')"),
            (Error::MissingFrontierSet, "missing '[' after '%f' in pattern"),
            (Error::InvalidCaptureIndex, "invalid capture index"),
            (Error::InvalidPatternCapture, "invalid pattern capture"),
            (Error::UnfinishedCapture, "unfinished capture"),
            (Error::TooManyCaptures, "too many captures"),
            (Error::UnbalancedPattern, "unbalanced pattern"),
            (Error::InvalidReplacement("nil"), "invalid replacement value (a nil)"),
            (Error::NotEnoughMemory, "not enough memory"),
        ] {
            assert_eq!(e.to_string(), text);
        }
    }

    /// Random cases (subjects of a few bytes, patterns of a few pieces of the pattern
    /// language, broken ones included), each EVAL'd in redis-server 7.0.15, as
    /// `kind<TAB>subject hex<TAB>pattern hex<TAB>arguments<TAB>result`; the arguments:
    /// find `init plain`, match `init`, gsub `replacement-hex n` (`-`: no n). 65,000 of
    /// them agreed at fuel slices of 1, 3 and unlimited; these 240 stay as a check.
    const RANDOM_CASES: &str = r##"
find	2e2e62295b5d80292d	20282a2e	-1 0	nil
match	6261007828	2e	5	"("
match	6220	5b612d635d	0	"b"
gsub	00616162622829	5b5e615d2e2b00	25 -	"\000",1
match	62206262286128280061	5b5e615d2a	-2	"\000"
gmatch	29626161	62615b612d635d2d	-	"ba"
gsub	61292820616229622e62	25665b25775d25665b25775d5b61625d257a	3c25313e 0	"a)( ab)b.b",0
match	786261616129202020	2e	4	"a"
match	205d802d2e5b255d	252e2828295b	2	E:malformed pattern (missing ']')
gmatch	292078282962	62	-	"b"
match	61622800622e62	25772b	6	"b"
find	290020200078286228	-	-4 0	6,5
match	2d6225615e5e8020805b	25665b25775d62	2	"b"
find	006129622861622862	-	5 0	5,4
gsub	61616129612029	25255b25615f5d622d2a	2525 -	"aaa)a )",0
gmatch	28622e2962	3f	-	
find	20805e	2e5e	-3 0	2,3
gsub	2929616262002862	6161295b2829	 2	"))abb\000(b",0
match	62612878292e612e2978	252e	5	"."
match	28	2e00	-4	"("
gsub	2029295b5e2520	20785e24	2829 -	" ))[^% ",0
find	7878786262786229	-	9 0	9,8
find	2062007861616129	61612a	-2 0	7,7
match	6161006228	5b5e615d202d24	-3	"("
gsub	2962296100612e6128	002d0028292573	 -	")b)a\000a.a(",10
match	622e61297861622062	5b612d635d	5	"a"
match	28202828	5b5e25615d	-2	"("
gmatch	29282e612828	612a	-	"";"";"";"a";"";"";""
gmatch	78292e6161296100622e	5b612d635d25253f	-	"a";"a";"a";"b"
find	00286261292061	-	5 0	5,4
find	62	25312b2961	1 0	E:invalid capture index
gmatch	5d802e615b5e	5b5d2a615b5e25615d	-	"]";"a";"[";"^"
find	002978622e	2e2d253125772b252564	-2 0	E:invalid capture index
gsub	00205b25	25772b	2525 0	"\000 [%",0
gmatch	7829	2e	-	"x";")"
find	6261002e6228296220	5b5e615d2b2531257a	-3 0	E:invalid capture index
gsub	2e786262626162	62	2561 0	".xbbbab",0
find	61296129	-	-1 0	4,3
gsub	5e5e246162625d2e6162	62243f2e25622829	3c25313e 0	"^^$abb].ab",0
find	786262612929	-	-3 1	4,3
match	2529295e	5b2573	0	E:malformed pattern (missing ']')
gmatch	00245e	2e	-	"\000";"$";"^"
find	2e	-	6 0	2,1
gsub	62622961282e6129002e	-	2530 -	"bb)a(.a)\000.",11
gsub	282e	2d25622829	2829 2	"(.",0
find	61296162282829	62	-4 0	4,4
find	622e62616261	-	4 0	4,3
find	626178	-	5 0	4,3
gsub	20612862787828	25253225622829	2829 1	" a(bxx(",0
find	80	-	12 0	2,1
match	286262612928296161	25665b25775d2e	3	"a"
find	2029	-	5 0	3,2
match	78296120	25612573	0	"a "
gsub	0025002e80205e78	5b25615f5d78	2561 -1	"\000%\000.\128 ^x",0
find	-	28	2 0	E:unfinished capture
match	285e5d6261292d29295b	2561	0	"b"
gsub	612d	252e	78 -	"a-",0
match	282962782062786129	5b61625d	-2	"a"
gmatch	5d61	5b5e25615d5b24253225665b615d	-	"]a"
match	2061006228286128	2e2d24	8	"("
gmatch	282961296229	5b252b	-	E:malformed pattern (missing ']')
find	78622820610028616120	285b5e25615d2a6129	9 0	9,9,"a"
gmatch	6161627828622929	2d3f61	-	"a";"a"
gsub	61296100	6228292e2d	2525 -1	"a)a\000",0
gsub	62	612a205b29	2530 -	"b",0
match	612d805d2478	5b5e2e2d78	6	E:malformed pattern (missing ']')
find	-	2829	-1 0	1,0,1
gsub	-	25622829	 1	"",0
match	626162292061	2573256228295b25615f5d5d612a	1	nil
match	2d8000	2e2d25005b5b	-4	E:malformed pattern (ends with '%')
gmatch	29206129	25665b615d25665b615d2e	-	"a"
match	622861292e2829	3f3f5b612d635d	2	"a"
find	29002e	00	0 0	2,2
gsub	7820	5b25615f5d295b622532	 0	"x ",0
gsub	61622e	282961	25 1	"\000b.",1
gmatch	62290029622e0062	25772b	-	"b";"b";"b"
gmatch	28616128617800	5b612d635d	-	"a";"a";"a"
gmatch	62786220	2e2025315b61625d62	-	E:invalid capture index
match	6261	282929	8	E:invalid pattern capture
gmatch	24785e2d78295e0025	25315b25615f5d20	-	E:invalid capture index
gmatch	2e782878782828	2e24	-	"("
match	286228296120	2e2b	-4	"()a "
match	2d785d2529242e2e78	295d	-3	E:invalid pattern capture
gmatch	28	5b5e25615d	-	"("
gmatch	7861255b5b	612a	-	"";"a";"";"";"";""
find	290078200000	-	-4 0	3,2
match	292580245b5d0000	5b5e25615d	7	"\000"
match	2828282e2978622829	2a2a	9	""
gmatch	7862626262206262292e	2573	-	" "
match	006229782962626261	5b61625d	-2	"b"
gmatch	6228282e612961616262	6161	-	"aa"
gmatch	-	25	-	E:malformed pattern (ends with '%')
find	202d5d5e62242e255d	62	3 0	5,5
gsub	78	2b257a28	2531 -1	"x",0
gmatch	5d2020002d2861	61	-	"a"
gsub	5e252525256125	25665b615d255b5e615d25255b5d5d	2525 -	"^%%%%a%",0
gsub	627861006220622020	5b5e25615d2562282925772b20	2532 1	"bxa\000b b  ",0
find	20202e2929	-	5 1	5,4
gmatch	5d2d5b2d207825	20612a	-	" "
gsub	6262782861626228	20	2829 1	"bbx(abb(",0
gsub	00616129	252e00	2531 -	"\000aa)",0
find	6261	-	6 1	3,2
find	78200000252d5d61	-	9 0	9,8
gsub	29005e2e255e2d62	5b5e615d3f78	25 1	")\000^.%^-b",0
gmatch	6261	61	-	"a"
find	622829	-	9 1	4,3
gmatch	2e616229	61	-	"a"
gmatch	292e622829782928	62	-	"b"
gsub	7828	25315b61625d2e29	2829 0	"x(",0
gmatch	8061292d2d62292462	5b5e25615d	-	"\128";")";"-";"-";")";"$"
match	2928286261292e617828	5b612d635d	1	"b"
gsub	5e62	25622829	2531 2	"^b",0
match	78612d6124	5b5e25615d5b61625d613f5b5e25615d	1	"-a$"
find	6161	612a	-1 0	2,2
gsub	206262	-	2530 0	" bb",0
gmatch	2e5d25	2e2532257a	-	E:invalid capture index
gsub	00615b782e292925	2564282928	2561 -	"\000a[x.))%",0
gmatch	62616262786162782e	62612e00	-	"bab"
match	296229292828622062	25772b	0	"b"
match	2d7820802d7824	2e2e2d	7	"$"
find	5b78292800	-	10 0	6,5
gsub	786120282061286261	28295b61625d2561	2532 -	E:invalid capture index
find	28006261	-	-1 0	4,3
gsub	78786162622861622829	20612e00	2829 -1	"xxabb(ab()",0
find	6229626162282961	-	11 1	9,8
gmatch	622562252020202029	5b25615f5d253125252a5b5d5d	-	E:invalid capture index
match	62616161280000612829	2561	5	"a"
match	292878202828292862	62	-2	"b"
gmatch	61622861622e28612061	62	-	"b";"b"
find	29616261202e2928	-	6 0	6,5
gsub	-	5b5e615d62240061	2561 -	"",0
gsub	5b5b245b24802400	-	2829 2	"()[()[$[$\128$\000",2
gsub	805e78242d5e625d285d	-	 -	"\128^x$-^b](]",11
gsub	802e5e	2561	 0	"\128.^",0
gmatch	25	5e	-	
gmatch	00622828	5b5e615d5b5e25615d00	-	"b("
gmatch	29	5b5e615d	-	")"
find	5e782d	-	9 0	4,3
gsub	2e28008020	252e5b5e25615d	2561 -1	".(\000\128 ",0
gmatch	292000626229	2573	-	" "
gsub	61622929282062622861	256228292d252e	2532 0	"ab))( bb(a",0
gmatch	2862	6229242e2d2b	-	E:invalid pattern capture
match	0062786161616161	2e	8	"a"
gsub	7828297861615e	5b25615f5d5b5e615d24	 -1	"x()xaa^",0
gmatch	2d785d5d2529782e5e	78003f5b25615f5d	-	"x";"x"
match	2961002061007828	2e	5	"a"
gsub	7800	625d	3c25313e -	"x\000",0
match	61626220612028612029	5b2573205b5e615d	3	" "
match	782828296200297861	2b	2	nil
match	002800617861296128	25732d5b61625d	0	"a"
gmatch	5e2978622e78785e2e5d	28292924	-	E:invalid pattern capture
match	6128626278	297825312d78	10	E:invalid pattern capture
find	006278782862	-	4 1	4,3
gmatch	20616162296100616129	61	-	"a";"a";"a";"a";"a"
gmatch	206120785e008080	2928292d29	-	E:invalid pattern capture
find	29612e282e29622929	28292e	0 0	1,1,1
find	28612928282900	-	6 1	6,5
find	616178616129626200	-	3 1	3,2
match	282961612929612e62	292d	2	E:invalid pattern capture
gsub	620062	252e	3c25313e 2	"b\000b",0
find	622828002e	-	11 0	6,5
gmatch	28282962627861286200	5e2a2e2531	-	E:invalid capture index
gmatch	5e2d005e25808062	2e0000	-	"^";"-";"\000";"^";"%";"\128";"\128";"b"
gsub	61292878782061	-	2531 -	"a)(xx a",8
find	61	62	2 0	nil
find	5e005e612e	-	-2 0	4,3
gmatch	6178782d2928785e25	783f5b25615f5d2e3f	-	"ax";"x-";"x^"
gsub	6261	-	78 2	"xbxa",2
find	6180295d5e6125	-	-4 0	4,3
gsub	7862200062	2e2d25732e5b25615f5d257a	25 -	"xb \000b",0
find	282e622e62296262	-	6 0	6,5
find	2020	-	2 1	2,1
find	62290029612029296162	-	9 1	9,8
match	626128	28	9	E:unfinished capture
gmatch	00	2a256228292b622b	-	
gmatch	62	6200	-	"b"
gmatch	2028616278	61	-	"a"
find	62612e6261	61	5 0	5,5
match	612028626200	2573	1	" "
match	2d	2e28293f5b61625d2e2d	1	nil
gmatch	282961	5b5e615d005b25615f5d25252525	-	"(";")"
match	2900297862612e206162	5b5e615d6100	8	" a"
match	5b	5b25322829252e2561	8	E:malformed pattern (missing ']')
gmatch	0029	5d	-	
find	6200627861	25315d2829	6 0	E:invalid capture index
gmatch	6229	5b5e615d	-	"b";")"
find	61296200612e28612e	2e2d5b61625d	1 0	1,1
gsub	282e00292829	-	25 0	"(.\000)()",0
find	62295b61255b782e	5b5e25615d	7 0	8,8
gsub	62282e2e78616262	28622e5b61625d	2532 -	"b(..xabb",0
match	61612862612928616220	2920	11	E:invalid pattern capture
gsub	00202d205e5d808061	3f2829	2525 1	"\000 - ^]\128\128a",0
gmatch	616200006200	5b5e615d	-	"b";"\000";"\000";"b";"\000"
find	5d625b	-	6 1	4,3
gsub	78	282925622829257a7861	3c25313e -1	"x",0
gsub	6262612929	-	78 0	"bba))",0
gmatch	2e295e2e5d206225	2525005b5e25615d242d	-	"%"
match	24612062788062	5b5e615d785b5e615d	0	"bx\128"
match	62627800296229	5b612d635d	4	"b"
match	622e282e612829	2e	4	"."
match	29626278	2532	10	E:invalid capture index
find	2900	2d5b25615f5d	1 0	nil
find	61282028	-	5 0	5,4
match	785d615d28	5b61625d	2	"a"
find	61	-	2 0	2,1
gmatch	2d24005b005d206129	5b5e25615d	-	"-";"$";"\000";"[";"\000";"]";" ";")"
match	2e28626120612828	2e2d25772b2561	0	".(ba"
match	00	28	11	E:unfinished capture
find	62622020297861	25642d25645b61625d	-1 0	nil
gmatch	6262622920202061	5b5e25615d	-	")";" ";" ";" "
match	2e286220002920626178	612a	9	"a"
gsub	29626128616178	2b	 -1	")ba(aax",0
gsub	805e2d5b802d298020	2a5d2532	 0	"\128^-[\128-)\128 ",0
gsub	5d5e2e	2a	2525 1	"]^.",0
match	29282e61626178	78	6	"x"
gmatch	7861612900	61	-	"a";"a"
match	29202828206262622920	2e	0	")"
gsub	622e	5b5e25615d29	78 -	E:invalid pattern capture
gmatch	62	5b	-	E:malformed pattern (missing ']')
find	62006228612929	-	9 1	8,7
match	292800292e2928282862	256128	-1	E:unfinished capture
gmatch	007861285e5d2080	5b5e615d	-	"\000";"x";"(";"^";"]";" ";"\128"
gmatch	2e622e62296129286261	625b5e615d	-	"b.";"b)"
gmatch	5b2862285d002e	25612a	-	"";"";"b";"";"";"";"";""
match	7862620061296162	5b5e615d	-1	"b"
match	287829	5b5e615d2a25772b	-3	"(x"
gmatch	2061622e622861626129	2562616225312d2a2a	-	E:invalid capture index
match	2920616229006229	25312a	11	E:invalid capture index
gmatch	29616128	2e2d2e2d5b28295b5e25615d	-	")";"a";"a";"("
gsub	5e785b2e5b2080	5b6128	2532 -	E:malformed pattern (missing ']')
match	62252d	62002573	1	"b"
find	5b	28295b	-3 0	E:malformed pattern (missing ']')
match	786261202862	612a62	-1	"b"
find	20616278	5b5e615d25322a6261	0 0	E:invalid capture index
gsub	-	29	 -	E:invalid pattern capture
gsub	296229	2532	78 -	E:invalid capture index
match	00296228622e78296228	2e253125772b2e2e	8	E:invalid capture index
gsub	-	-	2829 2	"()",1
match	006128	2e5b5e615d2a	-2	"a("
gsub	005b625e2425282d2528	5d2e2d2b	2561 -	"\000[b^$%(-%(",0
"##;

    #[test]
    fn random_cases_as_redis() {
        let hex = |h: &str| -> Vec<u8> {
            let h = if h == "-" { "" } else { h };
            (0..h.len() / 2)
                .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).expect("hex"))
                .collect()
        };
        let mut count = 0;
        for line in RANDOM_CASES.lines().filter(|l| !l.is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 5, "{line}");
            let (s, p) = (hex(f[1]), hex(f[2]));
            let args: Vec<&str> = f[3].split(' ').collect();
            for &slice in FUELS {
                let got = match f[0] {
                    "find" => {
                        let init = args[0].parse().expect("init");
                        find(Kind::Find, &s, &p, init, args[1] == "1", slice)
                    }
                    "match" => find(Kind::Match, &s, &p, args[0].parse().expect("init"), false, slice),
                    "gmatch" => gmatch(&s, &p, slice),
                    "gsub" => {
                        let n = (args[1] != "-").then(|| args[1].parse().expect("n"));
                        gsub(&s, &p, &hex(args[0]), n, slice)
                    }
                    other => panic!("{other}"),
                };
                assert_eq!(got, f[4], "{line} at fuel {slice}");
            }
            count += 1;
        }
        assert_eq!(count, 240);
    }
}
