//! The matcher itself: one match attempt (`Core`, lstrlib.c's `match` with its
//! recursion made data) and the search that repeats it along the subject (`Matcher`).
//! Apart from the library functions, which only drive it.

use super::captures::{CapLen, RawCap, NO_CAP};
use super::*;

// ---- the matcher ---------------------------------------------------------------------

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
pub(super) enum Outcome {
    /// The pattern matched up to here.
    Matched(usize),
    Failed,
}

/// One match attempt (lstrlib.c's MatchState and `match`), run as a loop.
#[derive(Clone, Debug)]
pub(super) struct Core {
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
pub(super) fn burn(fuel: &mut u64, cost: u64) {
    *fuel = fuel.saturating_sub(cost);
}

impl Core {
    pub(super) fn new() -> Core {
        Core {
            level: 0,
            caps: [NO_CAP; MAX_CAPTURES],
            stack: Vec::new(),
            exec: Exec::Fail,
        }
    }

    /// A new attempt: the pattern from `p` against the subject from `s` (`ms.level = 0`).
    pub(super) fn begin(&mut self, s: usize, p: usize) {
        self.level = 0;
        self.stack.clear();
        self.exec = Exec::Match { s, p };
    }

    /// The captures made (valid after a match).
    pub(super) fn captures(&self) -> &[RawCap] {
        &self.caps[..self.level]
    }

    /// Runs the attempt until it matches, fails, errs or the fuel is gone.
    pub(super) fn run(&mut self, subj: &[u8], pat: &[u8], fuel: &mut u64) -> Poll<Outcome> {
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

/// The pattern as the C matcher sees it: up to its first NUL byte.
pub(super) fn c_string(pattern: &[u8]) -> &[u8] {
    match pattern.iter().position(|&b| b == 0) {
        Some(n) => &pattern[..n],
        None => pattern,
    }
}

/// A search for a pattern in a subject from a start position, resumable: the loop of
/// str_find_aux (`do { match } while (s1++ < src_end && !anchor)`).
#[derive(Clone, Debug)]
pub struct Matcher<T: AsRef<[u8]>> {
    pub(super) subject: T,
    pub(super) pattern: T,
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
