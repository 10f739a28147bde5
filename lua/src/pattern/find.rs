//! `string.find` and `string.match` (lstrlib.c str_find_aux), with find's plain
//! search: apart from the matcher because they only drive it.

use super::matcher::{burn, c_string};
use super::*;

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
