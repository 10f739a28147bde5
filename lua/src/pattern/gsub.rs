//! `string.gsub` (lstrlib.c str_gsub and add_s): builds its output across slices and
//! stops to ask the VM for a replacement table's or function's value. Apart from the
//! matcher because it only drives it.

use super::captures::{all_captures, one_capture, RawCap};
use super::matcher::{burn, c_string, Core, Outcome};
use super::*;

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
