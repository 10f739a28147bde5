//! Bitmaps (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, and BITFIELD
//! (`bitfield.rs`). Bits are numbered from the most significant bit of the first byte.

use crate::budget::{CostInput, Estimate};
use crate::commands::string::read_string;
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::num::parse_i64;
use crate::reply::Reply;
use crate::table::flags::*;
use crate::table::{CommandSpec, KeyPos, KeySpec};
use crate::value::{Kind, StrValue, Value};

mod bitfield;
use bitfield::{bitfield, bitfield_cost, bitfield_ro};

#[rustfmt::skip]
pub static COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: "setbit", arity: 4, flags: WRITE | DENYOOM, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW ACCESS UPDATE")],
        group: "bitmap", since: "2.2.0", handler: setbit,
        summary: "Sets or clears the bit at offset in the string value stored at key",
        syntax: "key offset value",
        cost: Some(setbit_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "getbit", arity: 3, flags: READONLY | FAST, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "bitmap", since: "2.2.0", handler: getbit,
        summary: "Returns the bit value at offset in the string value stored at key",
        syntax: "key offset",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bitcount", arity: -2, flags: READONLY, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "bitmap", since: "2.6.0", handler: bitcount,
        summary: "Count set bits in a string",
        syntax: "key [start end [BYTE|BIT]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bitpos", arity: -3, flags: READONLY, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "bitmap", since: "2.8.7", handler: bitpos,
        summary: "Find first bit set or clear in a string",
        syntax: "key bit [start [end [BYTE|BIT]]]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bitop", arity: -4, flags: WRITE | DENYOOM, acl: "@bitmap", keys: KeyPos::range(2, -1, 1),
        key_specs: &[KeySpec::at(2, "OW UPDATE"), KeySpec::range(3, -1, 1, 0, "RO ACCESS")],
        group: "bitmap", since: "2.6.0", handler: bitop,
        summary: "Perform bitwise operations between strings",
        syntax: "AND|OR|XOR|NOT destkey key [key ...]",
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bitfield", arity: -2, flags: WRITE | DENYOOM, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RW UPDATE ACCESS VARIABLE_FLAGS").notes("This command allows both access and modification of the key")],
        key_flags: Some(bitfield::key_flags),
        group: "bitmap", since: "3.2.0", handler: bitfield,
        summary: "Perform arbitrary bitfield integer operations on strings",
        syntax: "key GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment [GET encoding offset|[OVERFLOW WRAP|SAT|FAIL] SET encoding offset value|INCRBY encoding offset increment ...]",
        cost: Some(bitfield_cost),
        ..CommandSpec::DEFAULT
    },
    CommandSpec {
        name: "bitfield_ro", arity: -2, flags: READONLY | FAST, acl: "@bitmap", keys: KeyPos::range(1, 1, 1),
        key_specs: &[KeySpec::at(1, "RO ACCESS")],
        group: "bitmap", since: "6.0.0", handler: bitfield_ro,
        summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
        syntax: "key GET encoding offset [GET encoding offset ...]",
        ..CommandSpec::DEFAULT
    },
];

/// `getBitOffsetFromArgument`: a bit offset inside proto-max-bulk-len bytes.
fn bit_offset(ctx: &Ctx, i: usize) -> Result<u64, Reply> {
    let bad = || Reply::err("ERR bit offset is not an integer or out of range");
    let n = parse_i64(ctx.arg(i)).ok_or_else(bad)?;
    if n < 0 || (n as u64 >> 3) >= ctx.eng.config.proto_max_bulk_len() {
        return Err(bad());
    }
    Ok(n as u64)
}

fn bit_at(bytes: &[u8], bit: u64) -> bool {
    bytes
        .get((bit >> 3) as usize)
        .is_some_and(|b| b & (0x80 >> (bit & 7)) != 0)
}

/// Setting a bit far past the end grows the string to that byte at once.
fn setbit_cost(c: &CostInput) -> Option<Estimate> {
    let offset = c.int(2).filter(|&o| o >= 0)? as u64;
    Estimate::new((offset / 8 + 1).saturating_sub(c.string_len(1)), 10, "bytes")
}

fn setbit(ctx: &mut Ctx) -> CmdResult {
    let key = ctx.arg(1);
    let offset = bit_offset(ctx, 2)?;
    let on = match ctx.arg(3) {
        b"1" => true,
        b"0" => false,
        _ => return Err(Reply::err("ERR bit is not an integer or out of range")),
    };
    let created = ctx.write_kind(key, Kind::String)?.is_none();
    if created {
        ctx.add_key(key, Value::String(StrValue::raw(Vec::new())));
    }
    let Some(Value::String(s)) = ctx.lookup_write(key) else {
        return Err(Reply::wrongtype());
    };
    let byte = (offset >> 3) as usize;
    if !created {
        // `dbUnshareStringValue`, then `sdsgrowzero`'s greedy growth.
        s.grow_to(s.bytes.len().max(byte + 1));
    }
    if s.bytes.len() <= byte {
        s.bytes.resize(byte + 1, 0);
    }
    let mask = 0x80u8 >> (offset & 7);
    let old = s.bytes[byte] & mask != 0;
    if on {
        s.bytes[byte] |= mask;
    } else {
        s.bytes[byte] &= !mask;
    }
    s.raw = true;
    ctx.changed(key, notify::STRING, "setbit", 1);
    Ok(Reply::Int(old as i64))
}

fn getbit(ctx: &mut Ctx) -> CmdResult {
    let offset = bit_offset(ctx, 2)?;
    let bytes = read_string(ctx, ctx.arg(1))?.unwrap_or_default();
    Ok(Reply::Int(bit_at(&bytes, offset) as i64))
}

/// A [start, end] range in bits (inclusive), Redis's index rules applied;
/// None when it is empty.
fn bit_range(start: i64, end: i64, len_bytes: i64, in_bits: bool) -> Option<(u64, u64)> {
    let total = if in_bits { len_bytes << 3 } else { len_bytes };
    let mut start = if start < 0 { total + start } else { start };
    let mut end = if end < 0 { total + end } else { end };
    start = start.max(0);
    end = end.max(0);
    if end >= total {
        end = total - 1;
    }
    if start > end {
        return None;
    }
    Some(if in_bits {
        (start as u64, end as u64)
    } else {
        ((start as u64) << 3, ((end as u64) << 3) + 7)
    })
}

/// Set bits in the inclusive bit range, a byte at a time in the middle.
fn count_bits(bytes: &[u8], from: u64, to: u64) -> u64 {
    let (first, last) = ((from >> 3) as usize, (to >> 3) as usize);
    if first == last {
        return (from..=to).filter(|&b| bit_at(bytes, b)).count() as u64;
    }
    let head = (from..((first as u64 + 1) << 3)).filter(|&b| bit_at(bytes, b)).count() as u64;
    let tail = ((last as u64) << 3..=to).filter(|&b| bit_at(bytes, b)).count() as u64;
    let middle: u64 = bytes
        .get(first + 1..last)
        .unwrap_or_default()
        .iter()
        .map(|b| u64::from(b.count_ones()))
        .sum();
    head + middle + tail
}

/// First bit equal to `want` in the inclusive bit range, skipping whole bytes that
/// cannot hold it.
fn find_bit(bytes: &[u8], from: u64, to: u64, want: bool) -> Option<u64> {
    let skip = if want { 0x00 } else { 0xff };
    let mut b = from;
    while b <= to {
        if b & 7 == 0 && b + 7 <= to && bytes.get((b >> 3) as usize).copied().unwrap_or(0) == skip {
            b += 8;
            continue;
        }
        if bit_at(bytes, b) == want {
            return Some(b);
        }
        b += 1;
    }
    None
}

fn unit(ctx: &Ctx, i: usize) -> Result<bool, Reply> {
    if ctx.is(i, "bit") {
        Ok(true)
    } else if ctx.is(i, "byte") {
        Ok(false)
    } else {
        Err(Reply::syntax_error())
    }
}

fn bitcount(ctx: &mut Ctx) -> CmdResult {
    let Some(bytes) = read_string(ctx, ctx.arg(1))? else {
        return Ok(Reply::Int(0));
    };
    let (start, end) = match ctx.argc() {
        2 => return Ok(Reply::Int(bytes.iter().map(|b| b.count_ones() as i64).sum())),
        4 | 5 => (ctx.int_arg(2)?, ctx.int_arg(3)?),
        _ => return Err(Reply::syntax_error()),
    };
    if start < 0 && end < 0 && start > end {
        return Ok(Reply::Int(0));
    }
    let in_bits = if ctx.argc() == 5 { unit(ctx, 4)? } else { false };
    let Some((from, to)) = bit_range(start, end, bytes.len() as i64, in_bits) else {
        return Ok(Reply::Int(0));
    };
    let count = count_bits(&bytes, from, to);
    Ok(Reply::Int(count as i64))
}

fn bitpos(ctx: &mut Ctx) -> CmdResult {
    let bit = ctx.int_arg(2)?;
    if bit != 0 && bit != 1 {
        return Err(Reply::err("ERR The bit argument must be 1 or 0."));
    }
    let want = bit == 1;
    let Some(bytes) = read_string(ctx, ctx.arg(1))? else {
        return Ok(Reply::Int(if want { -1 } else { 0 }));
    };
    let len = bytes.len() as i64;
    let (range, end_given) = match ctx.argc() {
        3 => (bit_range(0, len - 1, len, false), false),
        4..=6 => {
            let start = ctx.int_arg(3)?;
            let in_bits = if ctx.argc() == 6 { unit(ctx, 5)? } else { false };
            let (end, given) = if ctx.argc() >= 5 {
                (ctx.int_arg(4)?, true)
            } else if in_bits {
                ((len << 3) + 7, false)
            } else {
                (len - 1, false)
            };
            (bit_range(start, end, len, in_bits), given)
        }
        _ => return Err(Reply::syntax_error()),
    };
    let Some((from, to)) = range else {
        return Ok(Reply::Int(-1));
    };
    if let Some(pos) = find_bit(&bytes, from, to, want) {
        return Ok(Reply::Int(pos as i64));
    }
    // Past the string every bit is 0: a clear bit "exists" right after it, unless
    // the caller bounded the range.
    Ok(Reply::Int(if want || end_given { -1 } else { len << 3 }))
}

fn bitop(ctx: &mut Ctx) -> CmdResult {
    let op = ctx.arg(1).to_ascii_lowercase();
    let op = match op.as_slice() {
        b"and" | b"or" | b"xor" | b"not" => op,
        _ => return Err(Reply::syntax_error()),
    };
    if op == b"not" && ctx.argc() != 4 {
        return Err(Reply::err("ERR BITOP NOT must be called with a single source key."));
    }
    let dest = ctx.arg(2);
    let mut sources = Vec::new();
    for i in 3..ctx.argc() {
        sources.push(read_string(ctx, ctx.arg(i))?.unwrap_or_default());
    }
    let max_len = sources.iter().map(Vec::len).max().unwrap_or(0);
    let mut result = vec![0u8; max_len];
    for (j, out) in result.iter_mut().enumerate() {
        let byte = |s: &Vec<u8>| s.get(j).copied().unwrap_or(0);
        *out = match op.as_slice() {
            b"not" => !byte(&sources[0]),
            b"and" => sources.iter().map(byte).fold(0xff, |a, b| a & b),
            b"or" => sources.iter().map(byte).fold(0, |a, b| a | b),
            _ => sources.iter().map(byte).fold(0, |a, b| a ^ b),
        };
    }
    let len = result.len();
    if len == 0 {
        if ctx.delete_key(dest) {
            ctx.notify(notify::GENERIC, "del", dest);
            ctx.dirty(1);
        }
        return Ok(Reply::Int(0));
    }
    ctx.set_key(dest, Value::String(StrValue::raw(result)), false);
    ctx.notify(notify::STRING, "set", dest);
    ctx.dirty(1);
    Ok(Reply::Int(len as i64))
}
