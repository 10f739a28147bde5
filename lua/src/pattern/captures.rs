//! Captures: how the matcher records them (MatchState's `capture` array) and what a
//! successful match hands back (push_onecapture, push_captures), apart from the
//! matcher's loop because find, match, gmatch and gsub all read them.

use super::*;

/// A capture's length in MatchState: CAP_UNFINISHED, CAP_POSITION, or a length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CapLen {
    Unfinished,
    Position,
    Len(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct RawCap {
    pub(super) init: usize,
    pub(super) len: CapLen,
}

pub(super) const NO_CAP: RawCap = RawCap {
    init: 0,
    len: CapLen::Unfinished,
};

/// lstrlib.c push_onecapture: capture `i`, or the whole match `s..e` when there are
/// none and `i` is 0.
pub(super) fn one_capture(caps: &[RawCap], i: usize, s: usize, e: usize) -> Result<Capture, Error> {
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
pub(super) fn all_captures(caps: &[RawCap], s: usize, e: usize) -> Result<Vec<Capture>, Error> {
    let n = caps.len().max(1);
    (0..n).map(|i| one_capture(caps, i, s, e)).collect()
}

/// A successful match: where it is and what it captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    /// Where the match starts (0-based).
    pub start: usize,
    /// Where it ends (0-based, exclusive).
    pub end: usize,
    pub(super) caps: Vec<RawCap>,
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
