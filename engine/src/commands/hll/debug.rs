//! PFDEBUG (a HyperLogLog's registers, opcodes and encoding, and turning it dense) and
//! PFSELFTEST (Redis's self-test of its register access and estimator, run here on the
//! engine's own HyperLogLog code).

use super::{check, corrupted, repr, sparse_max, stored, HEADER, REGISTERS};
use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::reply::Reply;
use crate::rng::Rng;

/// `pfdebugCommand`: GETREG, DECODE, ENCODING, TODENSE on the key's HLL.
pub(super) fn pfdebug(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(2);
    match ctx.lookup_write(key) {
        None => return Err(Reply::err("ERR The specified key does not exist")),
        Some(value) => check(value)?,
    }
    let sub = ctx.arg(1);
    let db = ctx.db;
    let s = stored(ctx, key)?;
    let sparse = s.bytes[4] == repr::SPARSE;
    if sub.eq_ignore_ascii_case(b"getreg") {
        if sparse {
            repr::sparse_to_dense(s).map_err(corrupted)?;
        }
        let body = &s.bytes[HEADER..];
        let registers = (0..REGISTERS)
            .map(|i| Reply::Int(i64::from(repr::dense_get(body, i))))
            .collect();
        if sparse {
            converted(ctx, db, key);
        }
        Ok(Reply::Array(registers))
    } else if sub.eq_ignore_ascii_case(b"decode") {
        if !sparse {
            return Err(Reply::err("ERR HLL encoding is not sparse"));
        }
        Ok(Reply::bulk(repr::decode(&s.bytes)))
    } else if sub.eq_ignore_ascii_case(b"encoding") {
        Ok(Reply::status(if sparse { "sparse" } else { "dense" }))
    } else if sub.eq_ignore_ascii_case(b"todense") {
        if sparse {
            repr::sparse_to_dense(s).map_err(corrupted)?;
            converted(ctx, db, key);
        }
        Ok(Reply::Int(sparse as i64))
    } else {
        // `%s` of a C string: the name ends at its first NUL byte.
        let name = sub.split(|&b| b == 0).next().unwrap_or_default();
        Err(Reply::err(format!(
            "ERR Unknown PFDEBUG subcommand '{}'",
            String::from_utf8_lossy(name)
        )))
    }
}

/// A sparse HLL turned dense: Redis counts a change (so the command propagates) but
/// neither signals the key nor notifies; the inspector is told the bytes changed.
fn converted(ctx: &mut Ctx, db: usize, key: &[u8]) {
    ctx.dirty(1);
    ctx.eng.record_event(db, key, "pfdebug");
}

/// Redis's `HLL_TEST_CYCLES`.
const TEST_CYCLES: usize = 1000;
/// Elements the estimator test adds.
const TEST_ELEMENTS: u64 = 10_000_000;

/// PFSELFTEST does the same work whatever the data: Redis's test sets and reads
/// 16384 registers 1000 times, then adds ten million elements to two HLLs. About
/// 90 ms natively in release (0.06 units an element), so the browser refuses it.
pub(super) fn pfselftest_cost(_: &CostInput) -> Option<Estimate> {
    Estimate::new(TEST_ELEMENTS, 60, "elements")
}

/// `pfselftestCommand`: the registers keep what is set in them without disturbing
/// their neighbours; a dense and a sparse HLL fed the same elements stay sparse while
/// small, agree, and estimate within six standard errors at every power of ten.
pub(super) fn pfselftest(ctx: &mut Ctx) -> CmdResult {
    let mut rng = Rng::new(ctx.rng().next_u64());
    // Test 1: register access.
    let mut registers = vec![0u8; repr::DENSE_SIZE - HEADER];
    let mut expected = vec![0u8; REGISTERS];
    for _ in 0..TEST_CYCLES {
        let mut bits = 0u64;
        for (i, e) in expected.iter_mut().enumerate() {
            if i % 10 == 0 {
                bits = rng.next_u64();
            }
            let r = (bits & 63) as u8;
            bits >>= 6;
            *e = r;
            repr::dense_put(&mut registers, i, r);
        }
        for (i, &e) in expected.iter().enumerate() {
            let got = repr::dense_get(&registers, i);
            if got != e {
                return Err(Reply::Error(format!(
                    "ERR TESTFAILED Register {i} should be {e} but is {got}"
                )));
            }
        }
    }
    // Test 2: approximation error, dense and sparse side by side.
    let sparse_max = sparse_max(ctx);
    let mut dense = vec![0u8; repr::DENSE_SIZE];
    dense[..4].copy_from_slice(b"HYLL");
    let mut hll = repr::empty();
    let relerr = 1.04 / (REGISTERS as f64).sqrt();
    let mut checkpoint: u64 = 1;
    let seed = rng.next_u64();
    for j in 1..=TEST_ELEMENTS {
        let element = (j ^ seed).to_le_bytes();
        let (index, count) = repr::pattern(&element);
        repr::dense_set(&mut dense[HEADER..], index, count);
        // `hllAdd` (its result is not checked by Redis either).
        if hll.bytes[4] == repr::DENSE {
            repr::dense_set(&mut hll.bytes[HEADER..], index, count);
        } else {
            let _ = repr::sparse_set(&mut hll, index, count, sparse_max);
        }
        if j != checkpoint {
            continue;
        }
        if (j as usize) < sparse_max / 2 && hll.bytes[4] != repr::SPARSE {
            return Err(Reply::Error("ERR TESTFAILED sparse encoding not used".into()));
        }
        let card = repr::histogram(&dense).map(|h| repr::estimate(&h));
        if card != repr::histogram(&hll.bytes).map(|h| repr::estimate(&h)) {
            return Err(Reply::Error("ERR TESTFAILED dense/sparse disagree".into()));
        }
        let card = card.unwrap_or(0);
        let abserr = (checkpoint as i64 - card as i64).unsigned_abs();
        let maxerr = if j == 10 {
            1
        } else {
            (relerr * 6.0 * checkpoint as f64).ceil() as u64
        };
        if abserr > maxerr {
            return Err(Reply::Error(format!(
                "ERR TESTFAILED Too big error. card:{checkpoint} abserr:{abserr}"
            )));
        }
        checkpoint *= 10;
    }
    Ok(Reply::ok())
}
