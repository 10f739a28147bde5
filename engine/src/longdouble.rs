//! x87 80-bit `long double` arithmetic, as INCRBYFLOAT and HINCRBYFLOAT use it.
//!
//! Redis parses with `strtold`, adds in `long double` and prints with `%.17Lf` (then trims
//! zeros). With a 64-bit mantissa, `0.1 + 0.2` prints as `0.3`; with f64 it would not.
//! This module reproduces the three steps exactly: correctly rounded parsing, addition
//! rounded to nearest-even, and exact decimal printing.

use std::cmp::Ordering;

/// A finite long double: (-1)^neg × mant × 2^exp, `mant` normalised (top bit set) or zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LongDouble {
    neg: bool,
    mant: u64,
    exp: i32,
}

/// Beyond this binary exponent the value is outside long double's range.
const MAX_EXP: i32 = 16384 - 64;
const MIN_EXP: i32 = -16382 - 64;

impl LongDouble {
    pub const ZERO: LongDouble = LongDouble {
        neg: false,
        mant: 0,
        exp: 0,
    };

    pub fn is_zero(&self) -> bool {
        self.mant == 0
    }

    /// `strtold` over the whole text, with Redis's checks (no leading space, no NaN,
    /// no overflow). `inf` parses as None here: the caller treats it as an infinite
    /// result ("increment would produce NaN or Infinity") or an invalid float.
    pub fn parse(text: &[u8]) -> Result<LongDouble, ParseError> {
        let s = std::str::from_utf8(text).map_err(|_| ParseError::Invalid)?;
        if s.is_empty() || s.as_bytes()[0].is_ascii_whitespace() {
            return Err(ParseError::Invalid);
        }
        let (neg, body) = match s.as_bytes()[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let lower = body.to_ascii_lowercase();
        if lower == "inf" || lower == "infinity" {
            return Err(ParseError::Infinite);
        }
        if lower.starts_with("0x") {
            // Hexadecimal floats: rare enough to go through f64.
            let v = crate::num::parse_float_loose(text).ok_or(ParseError::Invalid)?;
            return Ok(Self::from_f64(v));
        }
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        if int_part.is_empty() && frac_part.is_empty() {
            return Err(ParseError::Invalid);
        }
        if !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(ParseError::Invalid);
        }
        let mut exp10: i64 = match exponent {
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ParseError::Invalid);
                }
                let magnitude: i64 = digits
                    .get(..digits.len().min(9))
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0)
                    + if digits.len() > 9 { 1_000_000_000 } else { 0 };
                if e.starts_with('-') {
                    -magnitude
                } else {
                    magnitude
                }
            }
            None => 0,
        };
        exp10 -= frac_part.len() as i64;
        let digits: String = format!("{int_part}{frac_part}").trim_start_matches('0').to_string();
        if digits.is_empty() {
            return Ok(LongDouble { neg, ..Self::ZERO });
        }
        // A value whose decimal magnitude is far out of range over/underflows.
        let magnitude10 = digits.len() as i64 + exp10;
        if magnitude10 > 4940 {
            return Err(ParseError::Range);
        }
        if magnitude10 < -4940 {
            return Err(ParseError::Range);
        }
        let mut big = Big::from_decimal(&digits);
        let value = if exp10 >= 0 {
            big.mul_pow10(exp10 as u32);
            round_big(&big, 0, false)
        } else {
            let divisor = {
                let mut p = Big::from_u64(1);
                p.mul_pow10((-exp10) as u32);
                p
            };
            let shift = (68 + divisor.bits() as i64 - big.bits() as i64).max(0) as u32;
            big.shl(shift);
            let (quotient, remainder_nonzero) = big.divmod(&divisor);
            round_big(&quotient, -(shift as i32), remainder_nonzero)
        };
        let mut value = value;
        value.neg = neg;
        if value.exp > MAX_EXP {
            return Err(ParseError::Range);
        }
        if value.exp < MIN_EXP {
            return Err(ParseError::Range);
        }
        Ok(value)
    }

    pub fn from_f64(v: f64) -> LongDouble {
        if v == 0.0 || !v.is_finite() {
            return LongDouble {
                neg: v.is_sign_negative(),
                ..Self::ZERO
            };
        }
        let bits = v.to_bits();
        let exp_bits = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & ((1 << 52) - 1);
        let (m, e) = if exp_bits == 0 {
            (frac, -1074)
        } else {
            (frac | (1 << 52), exp_bits - 1075)
        };
        let shift = m.leading_zeros();
        LongDouble {
            neg: v < 0.0,
            mant: m << shift,
            exp: e - shift as i32,
        }
    }

    /// Addition rounded to nearest, ties to even, like the x87 in its default mode.
    /// None when the result overflows.
    pub fn add(self, other: LongDouble) -> Option<LongDouble> {
        if self.is_zero() {
            return Some(if other.is_zero() {
                LongDouble {
                    neg: self.neg && other.neg,
                    ..Self::ZERO
                }
            } else {
                other
            });
        }
        if other.is_zero() {
            return Some(self);
        }
        // Work with 126-bit integers: mantissa << 62 leaves room for guard bits and a carry.
        let (big, small) = if (self.exp, self.mant) >= (other.exp, other.mant) {
            (self, other)
        } else {
            (other, self)
        };
        let diff = (big.exp - small.exp) as u32;
        let a = (big.mant as u128) << 62;
        let (b, sticky) = if diff >= 126 {
            (0u128, true)
        } else {
            let full = (small.mant as u128) << 62;
            (full >> diff, full & ((1u128 << diff) - 1) != 0)
        };
        let base_exp = big.exp - 62;
        let (neg, magnitude) = if big.neg == small.neg {
            (big.neg, a + b)
        } else {
            match a.cmp(&b) {
                Ordering::Greater => (big.neg, a - b - sticky as u128),
                Ordering::Less => (small.neg, b - a),
                Ordering::Equal if !sticky => return Some(Self::ZERO),
                Ordering::Equal => (big.neg, 0),
            }
        };
        if magnitude == 0 {
            return Some(Self::ZERO);
        }
        let bits = 128 - magnitude.leading_zeros() as i32;
        let drop = bits - 64;
        let mut result = if drop > 0 {
            let kept = (magnitude >> drop) as u64;
            let rest = magnitude & ((1u128 << drop) - 1);
            let half = 1u128 << (drop - 1);
            // Above half rounds up; exactly half (nothing lost below) rounds to even.
            let round_up = rest > half || (rest == half && (sticky || kept & 1 == 1));
            let (mant, exp) = increment(kept, base_exp + drop, round_up);
            LongDouble { neg, mant, exp }
        } else {
            let mant = (magnitude as u64) << (-drop);
            LongDouble {
                neg,
                mant,
                exp: base_exp + drop,
            }
        };
        if result.exp > MAX_EXP {
            return None;
        }
        if result.mant == 0 {
            result.neg = false;
        }
        Some(result)
    }

    /// Redis's `ld2string(..., LD_STR_HUMAN)`: `%.17Lf` with trailing zeros trimmed.
    pub fn to_human(self) -> String {
        // value × 10^17, rounded to nearest-even, as an integer.
        let mut n = Big::from_u64(self.mant);
        n.mul_pow10(17);
        let scaled = if self.exp >= 0 {
            n.shl(self.exp as u32);
            n
        } else {
            let shift = (-self.exp) as u32;
            let (mut q, half_cmp) = n.shr_round_info(shift);
            let round_up = match half_cmp {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => q.is_odd(),
            };
            if round_up {
                q.add_small(1);
            }
            q
        };
        let mut digits = scaled.to_decimal();
        while digits.len() < 18 {
            digits.insert(0, '0');
        }
        let split = digits.len() - 17;
        let mut out = String::new();
        if self.neg {
            out.push('-');
        }
        out.push_str(&digits[..split]);
        let frac = digits[split..].trim_end_matches('0');
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        if out == "-0" {
            out = "0".into();
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    Invalid,
    Infinite,
    Range,
}

fn increment(mant: u64, exp: i32, up: bool) -> (u64, i32) {
    if !up {
        return (mant, exp);
    }
    match mant.checked_add(1) {
        Some(m) => (m, exp),
        None => (1 << 63, exp + 1),
    }
}

/// Rounds a big integer (× 2^exp, with a sticky bit for discarded nonzero bits) to 64 bits.
fn round_big(n: &Big, exp: i32, sticky: bool) -> LongDouble {
    let bits = n.bits();
    if bits <= 64 {
        let m = n.low_u64();
        let shift = m.leading_zeros();
        return LongDouble {
            neg: false,
            mant: m << shift,
            exp: exp - shift as i32,
        };
    }
    let drop = bits - 64;
    let mut top = n.clone();
    let (_, half_cmp) = top.clone().shr_round_info(drop);
    top.shr(drop);
    let kept = top.low_u64();
    let round_up = match half_cmp {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => sticky || kept & 1 == 1,
    };
    let (mant, e) = increment(kept, exp + drop as i32, round_up);
    LongDouble {
        neg: false,
        mant,
        exp: e,
    }
}

/// A minimal unsigned big integer (little-endian u32 limbs), enough for the above.
#[derive(Clone, Debug)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn from_decimal(digits: &str) -> Big {
        let mut b = Big(vec![]);
        for d in digits.bytes() {
            b.mul_small(10);
            b.add_small(u32::from(d - b'0'));
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bits(&self) -> u32 {
        match self.0.last() {
            Some(&top) => (self.0.len() as u32 - 1) * 32 + (32 - top.leading_zeros()),
            None => 0,
        }
    }

    fn low_u64(&self) -> u64 {
        let lo = *self.0.first().unwrap_or(&0) as u64;
        let hi = *self.0.get(1).unwrap_or(&0) as u64;
        lo | (hi << 32)
    }

    fn is_odd(&self) -> bool {
        self.0.first().is_some_and(|l| l & 1 == 1)
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in self.0.iter_mut() {
            let v = *limb as u64 * m as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn add_small(&mut self, a: u32) {
        let mut carry = a as u64;
        for limb in self.0.iter_mut() {
            let v = *limb as u64 + carry;
            *limb = v as u32;
            carry = v >> 32;
            if carry == 0 {
                return;
            }
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut e: u32) {
        while e >= 9 {
            self.mul_small(1_000_000_000);
            e -= 9;
        }
        self.mul_small(10u32.pow(e));
    }

    fn shl(&mut self, n: u32) {
        let (words, bits) = ((n / 32) as usize, n % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in self.0.iter_mut() {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if words > 0 && !self.0.is_empty() {
            let mut v = vec![0; words];
            v.extend_from_slice(&self.0);
            self.0 = v;
        }
    }

    fn shr(&mut self, n: u32) {
        let (words, bits) = ((n / 32) as usize, n % 32);
        if words >= self.0.len() {
            self.0.clear();
            return;
        }
        self.0.drain(..words);
        if bits > 0 {
            for i in 0..self.0.len() {
                let hi = self.0.get(i + 1).copied().unwrap_or(0);
                self.0[i] = (self.0[i] >> bits) | ((hi as u64) << (32 - bits)) as u32;
            }
        }
        self.trim();
    }

    fn bit(&self, i: u32) -> bool {
        self.0.get((i / 32) as usize).is_some_and(|l| (l >> (i % 32)) & 1 == 1)
    }

    /// Shifts right by n; also tells how the dropped bits compare to one half.
    fn shr_round_info(mut self, n: u32) -> (Big, Ordering) {
        if n == 0 {
            return (self, Ordering::Less);
        }
        let half_bit = self.bit(n - 1);
        let below = (0..n - 1).any(|i| self.bit(i));
        let cmp = match (half_bit, below) {
            (false, _) => Ordering::Less,
            (true, false) => Ordering::Equal,
            (true, true) => Ordering::Greater,
        };
        self.shr(n);
        (self, cmp)
    }

    fn cmp(&self, other: &Big) -> Ordering {
        if self.0.len() != other.0.len() {
            return self.0.len().cmp(&other.0.len());
        }
        for i in (0..self.0.len()).rev() {
            match self.0[i].cmp(&other.0[i]) {
                Ordering::Equal => continue,
                o => return o,
            }
        }
        Ordering::Equal
    }

    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let v = self.0[i] as i64 - *other.0.get(i).unwrap_or(&0) as i64 - borrow;
            if v < 0 {
                self.0[i] = (v + (1i64 << 32)) as u32;
                borrow = 1;
            } else {
                self.0[i] = v as u32;
                borrow = 0;
            }
        }
        self.trim();
    }

    /// Long division, one bit at a time (operands are a few hundred bits at most).
    fn divmod(&self, divisor: &Big) -> (Big, bool) {
        let mut quotient = Big(vec![0; self.0.len()]);
        let mut rem = Big(vec![]);
        for i in (0..self.bits()).rev() {
            rem.shl(1);
            if self.bit(i) {
                if rem.0.is_empty() {
                    rem.0.push(1);
                } else {
                    rem.0[0] |= 1;
                }
            }
            if rem.cmp(divisor) != Ordering::Less {
                rem.sub(divisor);
                quotient.0[(i / 32) as usize] |= 1 << (i % 32);
            }
        }
        quotient.trim();
        (quotient, !rem.0.is_empty())
    }

    fn to_decimal(&self) -> String {
        if self.0.is_empty() {
            return "0".into();
        }
        let mut n = self.clone();
        let mut chunks = Vec::new();
        while !n.0.is_empty() {
            let mut rem = 0u64;
            for limb in n.0.iter_mut().rev() {
                let v = (rem << 32) | *limb as u64;
                *limb = (v / 1_000_000_000) as u32;
                rem = v % 1_000_000_000;
            }
            n.trim();
            chunks.push(rem as u32);
        }
        let mut s = chunks.pop().map(|c| c.to_string()).unwrap_or_default();
        while let Some(c) = chunks.pop() {
            s.push_str(&format!("{c:09}"));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ld(s: &str) -> LongDouble {
        LongDouble::parse(s.as_bytes()).unwrap()
    }

    fn sum(a: &str, b: &str) -> String {
        ld(a).add(ld(b)).unwrap().to_human()
    }

    #[test]
    fn prints_like_percent_17lf_trimmed() {
        assert_eq!(ld("10.5").to_human(), "10.5");
        assert_eq!(ld("0.1").to_human(), "0.1");
        assert_eq!(ld("5.0e3").to_human(), "5000");
        assert_eq!(ld("-0").to_human(), "0");
        assert_eq!(ld("3").to_human(), "3");
        // Not exact in a 64-bit mantissa: Redis prints the binary value (checked on 7.0).
        assert_eq!(ld("1e30").to_human(), "1000000000000000000024696061952");
    }

    #[test]
    fn adds_with_64_bit_mantissa() {
        // The examples of Redis's INCRBYFLOAT documentation.
        assert_eq!(sum("10.50", "0.1"), "10.6");
        assert_eq!(sum("5.0e3", "2.0e2"), "5200");
        assert_eq!(sum("0.1", "0.2"), "0.3");
        assert_eq!(sum("1", "-1"), "0");
        assert_eq!(sum("-5", "2.5"), "-2.5");
        // Large magnitudes show the binary noise %.17Lf prints.
        assert_eq!(sum("5000", "0.1"), "5000.10000000000000009");
    }

    #[test]
    fn parse_rejects_like_strtold_checks() {
        for bad in ["", " 1", "1 ", "abc", "1e", "1.2.3", "--1"] {
            assert_eq!(LongDouble::parse(bad.as_bytes()), Err(ParseError::Invalid), "{bad:?}");
        }
        assert_eq!(LongDouble::parse(b"inf"), Err(ParseError::Infinite));
        assert_eq!(LongDouble::parse(b"1e99999"), Err(ParseError::Range));
    }
}
