//! Redis's HyperLogLog byte layout (hyperloglog.c), edited in place as Redis edits it.
//!
//! A 16-byte header (`HYLL`, the encoding, three unused bytes, the cached cardinality
//! whose top bit marks it stale) then 16384 six-bit registers: dense (12288 bytes), or
//! sparse, as run-length opcodes (ZERO `00xxxxxx`: 1-64 zero registers; XZERO
//! `01xxxxxx yyyyyyyy`: 1-16384 zero registers; VAL `1vvvvvxx`: 1-4 registers of value
//! 1-32). The sparse form is changed where it stands (an opcode split into up to three,
//! then neighbours of equal value merged within a short window), so the bytes, GET and
//! PFDEBUG DECODE come out as Redis's, which are not always the shortest encoding.
//!
//! Every function here takes bytes that passed `is_valid` (header and, for dense, the
//! exact size); a sparse body may still be damaged, and each function answers that as
//! its C counterpart does (an error, or a partial result), never with a panic.

use crate::value::StrValue;

pub const P: u32 = 14;
pub const REGISTERS: usize = 1 << P;
pub const Q: u32 = 64 - P;
pub const HEADER: usize = 16;
pub const DENSE_SIZE: usize = HEADER + REGISTERS * 6 / 8;
const SPARSE_VAL_MAX_VALUE: u8 = 32;
const SPARSE_VAL_MAX_LEN: usize = 4;
const SPARSE_ZERO_MAX_LEN: usize = 64;
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;
pub const DENSE: u8 = 0;
pub const SPARSE: u8 = 1;

/// A damaged sparse body (Redis's `invalid_hll_err`).
#[derive(Debug, PartialEq, Eq)]
pub struct Corrupt;

/// MurmurHash64A, the hash Redis feeds its HyperLogLog with.
pub fn murmur64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// `hllPatLen`: the register an element falls in and the length of its run of zeros
/// plus one.
pub fn pattern(element: &[u8]) -> (usize, u8) {
    let hash = murmur64a(element, 0xadc8_3b19);
    let index = (hash & (REGISTERS as u64 - 1)) as usize;
    let rest = (hash >> P) | (1u64 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

/// `isHLLObjectOrReply`'s checks on a string's bytes: the header, a known encoding,
/// and a dense body of the exact size.
pub fn is_valid(bytes: &[u8]) -> bool {
    bytes.len() >= HEADER
        && &bytes[..4] == b"HYLL"
        && bytes[4] <= SPARSE
        && (bytes[4] != DENSE || bytes.len() == DENSE_SIZE)
}

/// `createHLLObject`: a sparse HLL of one XZERO opcode, its cached count 0.
pub fn empty() -> StrValue {
    let mut bytes = Vec::with_capacity(HEADER + 2);
    bytes.extend_from_slice(b"HYLL");
    bytes.extend_from_slice(&[SPARSE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(&xzero(REGISTERS));
    StrValue::raw(bytes)
}

/// The cached cardinality, when it is valid.
pub fn cached(bytes: &[u8]) -> Option<u64> {
    let mut card = [0u8; 8];
    card.copy_from_slice(&bytes[8..16]);
    (card[7] & 0x80 == 0).then(|| u64::from_le_bytes(card))
}

pub fn set_cached(bytes: &mut [u8], card: u64) {
    bytes[8..16].copy_from_slice(&card.to_le_bytes());
}

/// `HLL_INVALIDATE_CACHE`: only the top bit; the old count's bytes stay.
pub fn invalidate_cache(bytes: &mut [u8]) {
    bytes[15] |= 0x80;
}

/// `dbUnshareStringValue`: an `embstr` becomes an exact `raw` copy before an edit.
pub fn unshare(s: &mut StrValue) {
    if !s.raw && s.bytes.len() <= 44 {
        s.raw = true;
        s.text = false;
        s.sds_alloc = 0;
    }
}

// Opcodes.

fn is_zero(op: u8) -> bool {
    op & 0xc0 == 0
}

fn is_xzero(op: u8) -> bool {
    op & 0xc0 == 0x40
}

fn zero_len(op: u8) -> usize {
    (op & 0x3f) as usize + 1
}

/// An XZERO's length; its second byte, when the string ends first, is the sds
/// terminator Redis reads there (0).
fn xzero_len(bytes: &[u8], p: usize) -> usize {
    ((((bytes[p] & 0x3f) as usize) << 8) | bytes.get(p + 1).copied().unwrap_or(0) as usize) + 1
}

fn val_value(op: u8) -> u8 {
    ((op >> 2) & 0x1f) + 1
}

fn val_len(op: u8) -> usize {
    (op & 0x3) as usize + 1
}

fn val(value: u8, len: usize) -> u8 {
    0x80 | (value.wrapping_sub(1) << 2) | (len.wrapping_sub(1) as u8 & 0x3)
}

fn zero(len: usize) -> u8 {
    len.wrapping_sub(1) as u8
}

fn xzero(len: usize) -> [u8; 2] {
    let l = len.wrapping_sub(1);
    [((l >> 8) as u8) | 0x40, (l & 0xff) as u8]
}

// Dense registers (the bytes after the header).

pub fn dense_get(regs: &[u8], i: usize) -> u8 {
    let bit = i * 6;
    let (b, shift) = (bit / 8, bit % 8);
    let lo = regs.get(b).copied().unwrap_or(0) as u16 >> shift;
    let hi = (regs.get(b + 1).copied().unwrap_or(0) as u16) << (8 - shift);
    ((lo | hi) & 63) as u8
}

pub fn dense_put(regs: &mut [u8], i: usize, v: u8) {
    let bit = i * 6;
    let (b, shift) = (bit / 8, bit % 8);
    let v = v as u16 & 63;
    if let Some(x) = regs.get_mut(b) {
        *x &= !((63u16 << shift) as u8);
        *x |= (v << shift) as u8;
    }
    if let Some(x) = regs.get_mut(b + 1) {
        *x &= !((63u16 >> (8 - shift)) as u8);
        *x |= (v >> (8 - shift)) as u8;
    }
}

/// `hllDenseSet`: raises the register; true when it changed.
pub fn dense_set(regs: &mut [u8], i: usize, count: u8) -> bool {
    if count > dense_get(regs, i) {
        dense_put(regs, i, count);
        true
    } else {
        false
    }
}

/// `hllSparseToDense`: the dense form of a sparse HLL, its header copied (cached
/// count and unused bytes included). A dense one is left as it is.
pub fn sparse_to_dense(s: &mut StrValue) -> Result<(), Corrupt> {
    if s.bytes[4] == DENSE {
        return Ok(());
    }
    let mut dense = vec![0u8; DENSE_SIZE];
    dense[..HEADER].copy_from_slice(&s.bytes[..HEADER]);
    dense[4] = DENSE;
    let regs = &mut dense[HEADER..];
    for_each_run(&s.bytes, |start, run, value| {
        for i in start..start + run {
            dense_put(regs, i, value);
        }
    })?;
    *s = StrValue::raw(dense);
    Ok(())
}

/// Walks a sparse body's runs (first register, length, value; zeros included), as
/// `hllSparseToDense`, `hllSparseRegHisto` and `hllMerge` do: a run past the 16384th
/// register, or a body that ends short of it, is corrupt (the bounds Debian's 7.0.15
/// checks on every opcode since the fix for CVE-2025-32023).
fn for_each_run(bytes: &[u8], mut f: impl FnMut(usize, usize, u8)) -> Result<(), Corrupt> {
    let (mut p, mut idx) = (HEADER, 0usize);
    while p < bytes.len() {
        let op = bytes[p];
        let (run, value, oplen) = if is_zero(op) {
            (zero_len(op), 0, 1)
        } else if is_xzero(op) {
            (xzero_len(bytes, p), 0, 2)
        } else {
            (val_len(op), val_value(op), 1)
        };
        if run + idx > REGISTERS {
            return Err(Corrupt);
        }
        f(idx, run, value);
        idx += run;
        p += oplen;
    }
    if idx != REGISTERS {
        return Err(Corrupt);
    }
    Ok(())
}

/// `hllSparseSet`: raises register `index` to `count` in the sparse form, in place,
/// turning it dense when the value does not fit an opcode or the string would pass
/// `sparse_max` bytes. Ok(true) when it changed.
pub fn sparse_set(s: &mut StrValue, index: usize, count: u8, sparse_max: usize) -> Result<bool, Corrupt> {
    if count > SPARSE_VAL_MAX_VALUE {
        return promote(s, index, count);
    }
    // `sdsMakeRoomFor(o->ptr, 3)`: the worst split takes three more bytes.
    s.grow_to(s.bytes.len() + 3);
    if s.sds_alloc == 0 {
        // Pin the allocation: the length changes below, the allocation does not.
        s.sds_alloc = crate::value::alloc_u32(crate::sds::sds_new_alloc(s.bytes.len()));
    }
    let b = &s.bytes;
    let end = b.len();
    // Step 1: the opcode covering the register.
    let (mut p, mut first, mut span) = (HEADER, 0usize, 0usize);
    let mut prev = None;
    while p < end {
        let op = b[p];
        let oplen;
        if is_zero(op) {
            span = zero_len(op);
            oplen = 1;
        } else if !is_xzero(op) {
            span = val_len(op);
            oplen = 1;
        } else {
            span = xzero_len(b, p);
            oplen = 2;
        }
        if index < first + span {
            break;
        }
        prev = Some(p);
        p += oplen;
        first += span;
    }
    if span == 0 || p >= end {
        return Err(Corrupt);
    }
    let op = b[p];
    let (zero_op, xzero_op) = (is_zero(op), is_xzero(op));
    // Step 2: the trivial updates in place, else the split.
    let mut updated_in_place = false;
    if !zero_op && !xzero_op {
        if val_value(op) >= count {
            return Ok(false);
        }
        if val_len(op) == 1 {
            s.bytes[p] = val(count, 1);
            updated_in_place = true;
        }
    } else if zero_op && zero_len(op) == 1 {
        s.bytes[p] = val(count, 1);
        updated_in_place = true;
    }
    if !updated_in_place {
        let last = first + span - 1;
        let mut seq: Vec<u8> = Vec::with_capacity(5);
        let zeros = |seq: &mut Vec<u8>, len: usize| {
            if len > SPARSE_ZERO_MAX_LEN {
                seq.extend_from_slice(&xzero(len));
            } else {
                seq.push(zero(len));
            }
        };
        if zero_op || xzero_op {
            if index != first {
                zeros(&mut seq, index - first);
            }
            seq.push(val(count, 1));
            if index != last {
                zeros(&mut seq, last - index);
            }
        } else {
            let current = val_value(op);
            if index != first {
                seq.push(val(current, index - first));
            }
            seq.push(val(count, 1));
            if index != last {
                seq.push(val(current, last - index));
            }
        }
        // Step 3: the new sequence in place of the old opcode.
        let old_len = if xzero_op { 2 } else { 1 };
        let delta = seq.len() as isize - old_len as isize;
        if delta > 0 && end as isize + delta > sparse_max as isize {
            return promote(s, index, count);
        }
        let new_len = (end as isize + delta) as usize;
        let tail_from = (p + old_len).min(end);
        let tail = s.bytes.split_off(tail_from);
        s.bytes.truncate(p);
        s.bytes.extend_from_slice(&seq);
        s.bytes.extend_from_slice(&tail);
        // An XZERO cut short by the end of the string: Redis's length arithmetic.
        s.bytes.truncate(new_len);
    }
    // Step 4: merge adjacent VAL opcodes of equal value, up to five opcodes from the
    // one before the change.
    let b = &mut s.bytes;
    let mut end = b.len();
    let mut p = prev.unwrap_or(HEADER);
    let mut scan = 5;
    while p < end && scan > 0 {
        scan -= 1;
        if is_xzero(b[p]) {
            p += 2;
            continue;
        }
        if is_zero(b[p]) {
            p += 1;
            continue;
        }
        if p + 1 < end && !is_zero(b[p + 1]) && !is_xzero(b[p + 1]) {
            let (v1, v2) = (val_value(b[p]), val_value(b[p + 1]));
            if v1 == v2 {
                let len = val_len(b[p]) + val_len(b[p + 1]);
                if len <= SPARSE_VAL_MAX_LEN {
                    b[p + 1] = val(v1, len);
                    b.remove(p);
                    end -= 1;
                    continue;
                }
            }
        }
        p += 1;
    }
    invalidate_cache(b);
    Ok(true)
}

/// `hllSparseSet`'s promotion: dense, then the register set there.
fn promote(s: &mut StrValue, index: usize, count: u8) -> Result<bool, Corrupt> {
    sparse_to_dense(s)?;
    dense_set(&mut s.bytes[HEADER..], index, count);
    Ok(true)
}

/// `hllAdd`: Ok(true) when a register rose.
pub fn add(s: &mut StrValue, element: &[u8], sparse_max: usize) -> Result<bool, Corrupt> {
    let (index, count) = pattern(element);
    match s.bytes[4] {
        DENSE => Ok(dense_set(&mut s.bytes[HEADER..], index, count)),
        SPARSE => sparse_set(s, index, count, sparse_max),
        _ => Err(Corrupt),
    }
}

/// The registers' histogram (`hllDenseRegHisto`, `hllSparseRegHisto`): a sparse body
/// that does not cover exactly 16384 registers is corrupt.
pub fn histogram(bytes: &[u8]) -> Result<[u64; 64], Corrupt> {
    let mut histo = [0u64; 64];
    let body = &bytes[HEADER..];
    if bytes[4] == DENSE {
        for i in 0..REGISTERS {
            histo[dense_get(body, i) as usize] += 1;
        }
        return Ok(histo);
    }
    for_each_run(bytes, |_, run, value| histo[value as usize] += run as u64)?;
    Ok(histo)
}

/// The histogram of plain byte registers (PFCOUNT's union of several keys).
pub fn raw_histogram(registers: &[u8]) -> [u64; 64] {
    let mut histo = [0u64; 64];
    for &r in registers {
        histo[(r & 63) as usize] += 1;
    }
    histo
}

fn sigma(mut x: f64) -> f64 {
    if x == 1.0 {
        return f64::INFINITY;
    }
    let mut y = 1.0;
    let mut z = x;
    loop {
        x *= x;
        let prev = z;
        z += x * y;
        y += y;
        if prev == z {
            return z;
        }
    }
}

fn tau(mut x: f64) -> f64 {
    if x == 0.0 || x == 1.0 {
        return 0.0;
    }
    let mut y = 1.0;
    let mut z = 1.0 - x;
    loop {
        x = x.sqrt();
        let prev = z;
        y *= 0.5;
        z -= (1.0 - x).powi(2) * y;
        if prev == z {
            return z / 3.0;
        }
    }
}

/// `hllCount`'s estimator (Ertl's "New cardinality estimation algorithms for
/// HyperLogLog sketches") over a register histogram.
pub fn estimate(histo: &[u64; 64]) -> u64 {
    let m = REGISTERS as f64;
    let q = Q as usize;
    let mut z = m * tau((m - histo[q + 1] as f64) / m);
    for j in (1..=q).rev() {
        z += histo[j] as f64;
        z *= 0.5;
    }
    z += m * sigma(histo[0] as f64 / m);
    (ALPHA_INF * m * m / z).round() as u64
}

/// `hllMerge`: `max[i] = MAX(max[i], register i)`.
pub fn merge(max: &mut [u8], bytes: &[u8]) -> Result<(), Corrupt> {
    if bytes[4] == DENSE {
        let body = &bytes[HEADER..];
        for (i, m) in max.iter_mut().enumerate().take(REGISTERS) {
            *m = (*m).max(dense_get(body, i));
        }
        return Ok(());
    }
    for_each_run(bytes, |start, run, value| {
        for m in &mut max[start..start + run] {
            *m = (*m).max(value);
        }
    })
}

/// PFDEBUG DECODE's text: `z:len`, `Z:len`, `v:value,len`, space-separated.
pub fn decode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut p = HEADER;
    while p < bytes.len() {
        let op = bytes[p];
        if is_zero(op) {
            out.push_str(&format!("z:{} ", zero_len(op)));
            p += 1;
        } else if is_xzero(op) {
            out.push_str(&format!("Z:{} ", xzero_len(bytes, p)));
            p += 2;
        } else {
            out.push_str(&format!("v:{},{} ", val_value(op), val_len(op)));
            p += 1;
        }
    }
    out.trim_matches(' ').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registers(s: &StrValue) -> Vec<u8> {
        let mut max = vec![0u8; REGISTERS];
        merge(&mut max, &s.bytes).unwrap();
        max
    }

    #[test]
    fn sparse_edits_keep_the_registers() {
        let mut s = empty();
        let mut expected = vec![0u8; REGISTERS];
        let mut rng = crate::rng::Rng::new(7);
        for _ in 0..400 {
            let i = rng.below(40) as usize * 3 % REGISTERS;
            let v = rng.below(5) as u8 + 1;
            let changed = sparse_set(&mut s, i, v, 3000).unwrap();
            assert_eq!(changed, v > expected[i]);
            expected[i] = expected[i].max(v);
            assert_eq!(registers(&s), expected);
        }
        assert_eq!(s.bytes[4], SPARSE);
    }

    #[test]
    fn redis_leaves_equal_runs_unmerged_past_four() {
        // Registers 4, 3, 2, 1, 0 set to 1 in that order: Redis merges the first four
        // into one VAL of length 4 and leaves the last alone, in front of it.
        let mut s = empty();
        for i in (0..5).rev() {
            sparse_set(&mut s, i, 1, 3000).unwrap();
        }
        assert_eq!(decode(&s.bytes), "v:1,1 v:1,4 Z:16379");
    }

    #[test]
    fn damaged_bodies_are_errors_not_panics() {
        let mut s = empty();
        s.bytes.truncate(HEADER + 1); // an XZERO without its second byte
        assert!(histogram(&s.bytes).is_err());
        let _ = sparse_set(&mut s, 5, 3, 3000);
        let mut t = empty();
        t.bytes.truncate(HEADER);
        assert_eq!(sparse_set(&mut t, 0, 1, 3000), Err(Corrupt));
        assert_eq!(decode(&t.bytes), "");
    }
}
