//! The ranges ZRANGEBYSCORE, ZRANGEBYLEX and their kin select, with Redis's bounds:
//! `(x` excludes x, `-`/`+` are the ends of the member order (`zslParseRange`,
//! `zslParseLexRange`). The skip list finds a range's ends with them.

use std::cmp::Ordering;

/// A score bound of ZRANGEBYSCORE and friends: `(x` excludes x.
#[derive(Clone, Copy, Debug)]
pub struct ScoreRange {
    pub min: f64,
    pub max: f64,
    pub min_ex: bool,
    pub max_ex: bool,
}

impl ScoreRange {
    pub fn above_min(&self, v: f64) -> bool {
        if self.min_ex {
            v > self.min
        } else {
            v >= self.min
        }
    }

    pub fn below_max(&self, v: f64) -> bool {
        if self.max_ex {
            v < self.max
        } else {
            v <= self.max
        }
    }

    pub fn contains(&self, v: f64) -> bool {
        self.above_min(v) && self.below_max(v)
    }

    /// Whether no score can be in the range (Redis checks this before walking).
    pub fn is_empty(&self) -> bool {
        self.min > self.max || (self.min == self.max && (self.min_ex || self.max_ex))
    }
}

/// A lexicographic bound of ZRANGEBYLEX: `-` and `+` are the infinities.
#[derive(Clone, Debug, PartialEq)]
pub enum LexBound {
    NegInf,
    PosInf,
    Inclusive(Vec<u8>),
    Exclusive(Vec<u8>),
}

#[derive(Clone, Debug)]
pub struct LexRange {
    pub min: LexBound,
    pub max: LexBound,
}

impl LexRange {
    pub fn above_min(&self, m: &[u8]) -> bool {
        match &self.min {
            LexBound::NegInf => true,
            LexBound::PosInf => false,
            LexBound::Inclusive(b) => m >= b.as_slice(),
            LexBound::Exclusive(b) => m > b.as_slice(),
        }
    }

    pub fn below_max(&self, m: &[u8]) -> bool {
        match &self.max {
            LexBound::NegInf => false,
            LexBound::PosInf => true,
            LexBound::Inclusive(b) => m <= b.as_slice(),
            LexBound::Exclusive(b) => m < b.as_slice(),
        }
    }

    pub fn contains(&self, m: &[u8]) -> bool {
        self.above_min(m) && self.below_max(m)
    }

    /// `zslIsInLexRange`'s early test: min above max means nothing can match.
    pub fn is_empty(&self) -> bool {
        match (&self.min, &self.max) {
            (LexBound::PosInf, _) | (_, LexBound::NegInf) => true,
            (LexBound::NegInf, _) | (_, LexBound::PosInf) => false,
            (a, b) => {
                let (av, aex) = bound_parts(a);
                let (bv, bex) = bound_parts(b);
                match av.cmp(bv) {
                    Ordering::Greater => true,
                    Ordering::Equal => aex || bex,
                    Ordering::Less => false,
                }
            }
        }
    }
}

fn bound_parts(b: &LexBound) -> (&[u8], bool) {
    match b {
        LexBound::Inclusive(v) => (v, false),
        LexBound::Exclusive(v) => (v, true),
        _ => (&[], false),
    }
}
