//! HyperLogLog (Redis's hyperloglog.c): PFADD, PFCOUNT, PFMERGE.
//!
//! The value is a Redis string in Redis's own layout, so TYPE says string and GET
//! shows the same bytes: a 16-byte header (`HYLL`, encoding, cached cardinality) then
//! 16384 six-bit registers, sparse (run-length opcodes) while small, dense after.
//! Elements hash with MurmurHash64A (seed 0xadc83b19) and PFCOUNT uses the estimator
//! of Ertl's "New cardinality estimation algorithms for HyperLogLog sketches", as
//! Redis does, so counts match Redis exactly.
//!
//! The sparse form is written canonically from the registers; Redis edits it in place,
//! which can leave a different (equivalent) opcode sequence in rare cases. Counts are
//! unaffected.

use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::value::{StrValue, Value};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "pfadd", arity: -2, flags: WRITE | DENYOOM | FAST, acl: "@hyperloglog", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW INSERT")],
        group: "hyperloglog", since: "2.8.9", handler: pfadd,
        summary: "Adds the specified elements to the specified HyperLogLog.",
        syntax: "key [element [element ...]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfcount", arity: -2, flags: READONLY | MAY_REPLICATE, acl: "@hyperloglog", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::range(1, -1, 1, 0, "RW ACCESS").notes("RW because it may change the internal representation of the key, and propagate to replicas")],
        group: "hyperloglog", since: "2.8.9", handler: pfcount,
        summary: "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
        syntax: "key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "pfmerge", arity: -2, flags: WRITE | DENYOOM, acl: "@hyperloglog", keys: KeyPos::range(1, -1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS INSERT"), KeySpec::range(2, -1, 1, 0, "RO ACCESS")],
        group: "hyperloglog", since: "2.8.9", handler: pfmerge,
        summary: "Merge N different HyperLogLogs into a single one.",
        syntax: "destkey [sourcekey [sourcekey ...]]",
        ..CommandSpec::DEFAULT
    },
];

const P: u32 = 14;
const REGISTERS: usize = 1 << P;
const Q: u32 = 64 - P;
const HEADER: usize = 16;
const DENSE_SIZE: usize = HEADER + REGISTERS * 6 / 8;
const SPARSE_VAL_MAX: u8 = 32;
const SPARSE_VAL_MAX_LEN: usize = 4;
const SPARSE_ZERO_MAX_LEN: usize = 64;
const SPARSE_XZERO_MAX_LEN: usize = 16384;
const ALPHA_INF: f64 = 0.721_347_520_444_481_7;

const INVALID_HLL: &str = "WRONGTYPE Key is not a valid HyperLogLog string value.";
const CORRUPTED: &str = "INVALIDOBJ Corrupted HLL object detected";

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

/// Register index and run length (position of the first 1 bit) of an element.
fn pattern(element: &[u8]) -> (usize, u8) {
    let hash = murmur64a(element, 0xadc8_3b19);
    let index = (hash & (REGISTERS as u64 - 1)) as usize;
    let rest = (hash >> P) | (1u64 << Q);
    (index, rest.trailing_zeros() as u8 + 1)
}

/// An HLL decoded into its registers, remembering how it was stored.
struct Hll {
    registers: Vec<u8>,
    dense: bool,
    /// Cached cardinality, when valid.
    cached: Option<u64>,
}

impl Hll {
    fn new() -> Hll {
        Hll {
            registers: vec![0; REGISTERS],
            dense: false,
            cached: Some(0),
        }
    }

    /// Parses Redis's layout; Err(INVALID_HLL) when it is not an HLL string,
    /// Err(CORRUPTED) when its registers do not add up.
    fn parse(bytes: &[u8]) -> Result<Hll, &'static str> {
        if bytes.len() < HEADER || &bytes[..4] != b"HYLL" || bytes[4] > 1 {
            return Err(INVALID_HLL);
        }
        let dense = bytes[4] == 0;
        if dense && bytes.len() != DENSE_SIZE {
            return Err(INVALID_HLL);
        }
        let mut card_bytes = [0u8; 8];
        card_bytes.copy_from_slice(&bytes[8..16]);
        let card = u64::from_le_bytes(card_bytes);
        let cached = if bytes[15] & 0x80 != 0 { None } else { Some(card) };
        let mut registers = vec![0u8; REGISTERS];
        let body = &bytes[HEADER..];
        if dense {
            for (i, r) in registers.iter_mut().enumerate() {
                *r = dense_get(body, i);
            }
        } else {
            let mut idx = 0usize;
            let mut p = 0;
            while p < body.len() {
                let op = body[p];
                if op & 0xc0 == 0 {
                    idx += (op & 0x3f) as usize + 1;
                    p += 1;
                } else if op & 0xc0 == 0x40 {
                    let Some(&next) = body.get(p + 1) else {
                        return Err(CORRUPTED);
                    };
                    idx += ((((op & 0x3f) as usize) << 8) | next as usize) + 1;
                    p += 2;
                } else {
                    let value = ((op >> 2) & 0x1f) + 1;
                    let run = (op & 0x3) as usize + 1;
                    if idx + run > REGISTERS {
                        return Err(CORRUPTED);
                    }
                    registers[idx..idx + run].fill(value);
                    idx += run;
                    p += 1;
                }
                if idx > REGISTERS {
                    return Err(CORRUPTED);
                }
            }
            if idx != REGISTERS {
                return Err(CORRUPTED);
            }
        }
        Ok(Hll {
            registers,
            dense,
            cached,
        })
    }

    fn sparse_body(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < REGISTERS {
            let v = self.registers[i];
            let mut run = 1;
            while i + run < REGISTERS && self.registers[i + run] == v {
                run += 1;
            }
            if v == 0 {
                let mut left = run;
                while left > 0 {
                    if left <= SPARSE_ZERO_MAX_LEN {
                        out.push((left - 1) as u8);
                        left = 0;
                    } else {
                        let len = left.min(SPARSE_XZERO_MAX_LEN);
                        out.push(0x40 | ((len - 1) >> 8) as u8);
                        out.push(((len - 1) & 0xff) as u8);
                        left -= len;
                    }
                }
            } else {
                if v > SPARSE_VAL_MAX {
                    return None;
                }
                let mut left = run;
                while left > 0 {
                    let len = left.min(SPARSE_VAL_MAX_LEN);
                    out.push(0x80 | ((v - 1) << 2) | (len - 1) as u8);
                    left -= len;
                }
            }
            i += run;
        }
        Some(out)
    }

    /// Serialises; turns dense when the sparse form would not fit `sparse_max` bytes.
    fn to_bytes(&mut self, sparse_max: usize) -> Vec<u8> {
        if !self.dense {
            match self.sparse_body() {
                Some(body) if HEADER + body.len() <= sparse_max => return self.with_header(body, 1),
                _ => self.dense = true,
            }
        }
        let mut body = vec![0u8; DENSE_SIZE - HEADER];
        for (i, &r) in self.registers.iter().enumerate() {
            dense_set(&mut body, i, r);
        }
        self.with_header(body, 0)
    }

    fn with_header(&self, body: Vec<u8>, encoding: u8) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + body.len());
        out.extend_from_slice(b"HYLL");
        out.extend_from_slice(&[encoding, 0, 0, 0]);
        match self.cached {
            Some(c) => out.extend_from_slice(&c.to_le_bytes()),
            None => {
                let mut card = [0u8; 8];
                card[7] = 0x80;
                out.extend_from_slice(&card);
            }
        }
        out.extend_from_slice(&body);
        out
    }

    fn add(&mut self, element: &[u8]) -> bool {
        let (index, count) = pattern(element);
        if self.registers[index] < count {
            self.registers[index] = count;
            true
        } else {
            false
        }
    }

    fn count(&self) -> u64 {
        count_registers(&self.registers)
    }
}

fn dense_get(body: &[u8], i: usize) -> u8 {
    let bit = i * 6;
    let (b, shift) = (bit / 8, bit % 8);
    let lo = body[b] as u16 >> shift;
    let hi = body.get(b + 1).map_or(0, |&x| (x as u16) << (8 - shift));
    ((lo | hi) & 63) as u8
}

fn dense_set(body: &mut [u8], i: usize, v: u8) {
    let bit = i * 6;
    let (b, shift) = (bit / 8, bit % 8);
    let v = v as u16 & 63;
    body[b] &= !((63u16 << shift) as u8);
    body[b] |= (v << shift) as u8;
    if b + 1 < body.len() {
        body[b + 1] &= !((63u16 >> (8 - shift)) as u8);
        body[b + 1] |= (v >> (8 - shift)) as u8;
    }
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

fn count_registers(registers: &[u8]) -> u64 {
    let m = REGISTERS as f64;
    let mut histogram = [0u32; 64];
    for &r in registers {
        histogram[r as usize] += 1;
    }
    let q = Q as usize;
    let mut z = m * tau((m - histogram[q + 1] as f64) / m);
    for j in (1..=q).rev() {
        z += histogram[j] as f64;
        z *= 0.5;
    }
    z += m * sigma(histogram[0] as f64 / m);
    (ALPHA_INF * m * m / z).round() as u64
}

/// Reads the HLL at `key`: Ok(None) when missing; Redis's errors otherwise.
fn load(ctx: &mut Ctx, key: &[u8], write: bool) -> Result<Option<Hll>, Reply> {
    let value = if write {
        ctx.lookup_write(key).map(|v| &*v)
    } else {
        ctx.lookup_read(key)
    };
    match value {
        None => Ok(None),
        Some(Value::String(s)) => Hll::parse(&s.bytes).map(Some).map_err(|e| Reply::err(e)),
        Some(_) => Err(Reply::wrongtype()),
    }
}

fn sparse_max(ctx: &Ctx) -> usize {
    ctx.eng.config.hll_sparse_max_bytes()
}

fn store(ctx: &mut Ctx, key: &[u8], mut hll: Hll) {
    let bytes = hll.to_bytes(sparse_max(ctx));
    let value = Value::String(StrValue::raw(bytes));
    match ctx.lookup_write(key) {
        Some(slot) => *slot = value,
        None => ctx.add_key(key, value),
    }
}

fn pfadd(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let (mut hll, mut changed) = match load(ctx, key, true)? {
        Some(h) => (h, false),
        None => (Hll::new(), true),
    };
    for element in &ctx.argv[2..] {
        if hll.add(element) {
            changed = true;
            hll.cached = None;
        }
    }
    if changed {
        store(ctx, key, hll);
        ctx.changed(key, notify::STRING, "pfadd", 1);
    }
    Ok(Reply::Int(changed as i64))
}

fn pfcount(ctx: &mut Ctx) -> CmdResult {
    if ctx.argc() == 2 {
        let key = ctx.arg(1);
        let Some(mut hll) = load(ctx, key, false)? else {
            return Ok(Reply::Int(0));
        };
        if let Some(c) = hll.cached {
            return Ok(Reply::Int(c as i64));
        }
        let count = hll.count();
        // Like Redis, remember the count in the header: a write, so Redis propagates this
        // PFCOUNT (the table says READONLY, and only writes propagate by default); without
        // it, a replayed AOF would hold other bytes (GETRANGE, BITOP see the header).
        hll.cached = Some(count);
        store(ctx, key, hll);
        ctx.modified(key);
        ctx.dirty(1);
        let argv = ctx.argv.to_vec();
        ctx.propagate(argv);
        return Ok(Reply::Int(count as i64));
    }
    let mut max = vec![0u8; REGISTERS];
    for i in 1..ctx.argc() {
        if let Some(hll) = load(ctx, ctx.arg(i), false)? {
            for (m, r) in max.iter_mut().zip(&hll.registers) {
                *m = (*m).max(*r);
            }
        }
    }
    Ok(Reply::Int(count_registers(&max) as i64))
}

fn pfmerge(ctx: &mut Ctx) -> CmdResult {
    let mut max = vec![0u8; REGISTERS];
    let mut any_dense = false;
    for i in 1..ctx.argc() {
        if let Some(hll) = load(ctx, ctx.arg(i), false)? {
            any_dense |= hll.dense;
            for (m, r) in max.iter_mut().zip(&hll.registers) {
                *m = (*m).max(*r);
            }
        }
    }
    let key = ctx.arg(1);
    let mut dest = load(ctx, key, true)?.unwrap_or_else(Hll::new);
    dest.dense |= any_dense;
    dest.registers = max;
    dest.cached = None;
    store(ctx, key, dest);
    ctx.changed(key, notify::STRING, "pfadd", 1);
    Ok(Reply::ok())
}
