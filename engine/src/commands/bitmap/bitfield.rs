//! BITFIELD and BITFIELD_RO (Redis's `bitfieldGeneric`): signed and unsigned integers
//! of 1 to 64 bits (unsigned up to 63) at any bit offset of a string, read, set and
//! incremented with wrapping, saturating or failing overflow. Every operation is read
//! and checked before any runs; writes grow the string once, to the farthest bit.

use crate::budget::{CostInput, Estimate};
use crate::exec::{CmdResult, Ctx};
use crate::notify;
use crate::num::parse_i64;
use crate::reply::{Reply, NOT_INTEGER};
use crate::value::{Kind, StrValue, Value};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Overflow {
    Wrap,
    Sat,
    Fail,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Op {
    Get,
    Set(i64),
    IncrBy(i64),
}

#[derive(Clone, Copy, Debug)]
struct FieldOp {
    op: Op,
    offset: u64,
    bits: u32,
    signed: bool,
    overflow: Overflow,
}

/// What the arguments ask for: the operations, and the farthest bit a write reaches
/// (None when nothing writes).
struct Parsed {
    ops: Vec<FieldOp>,
    highest_write: Option<u64>,
}

const TYPE_ERR: &str =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
const OFFSET_ERR: &str = "ERR bit offset is not an integer or out of range";

/// C reads these arguments as C strings: they end at the first NUL byte.
fn c_str(arg: &[u8]) -> &[u8] {
    arg.iter().position(|&b| b == 0).map_or(arg, |n| &arg[..n])
}

/// `getBitfieldTypeFromArgument`: `i1`..`i64`, `u1`..`u63` (the letter in lower case).
fn parse_type(arg: &[u8]) -> Result<(bool, u32), Reply> {
    let arg = c_str(arg);
    let signed = match arg.first() {
        Some(b'i') => true,
        Some(b'u') => false,
        _ => return Err(Reply::err(TYPE_ERR)),
    };
    match parse_i64(&arg[1..]) {
        Some(bits) if bits >= 1 && bits <= if signed { 64 } else { 63 } => Ok((signed, bits as u32)),
        _ => Err(Reply::err(TYPE_ERR)),
    }
}

/// `getBitOffsetFromArgument` with `#N` (N times the type's width, multiplied as C
/// does, wrapping). `max_bytes` is proto-max-bulk-len (None: no limit, for estimates).
/// Unlike Redis, the AOF loader is held to the limit too, as SETBIT's is: an offset no
/// client could have sent must not make the engine allocate exabytes.
fn parse_offset(arg: &[u8], bits: u32, max_bytes: Option<u64>) -> Result<u64, Reply> {
    let hash = arg.first() == Some(&b'#');
    let n = parse_i64(&arg[usize::from(hash)..]).ok_or_else(|| Reply::err(OFFSET_ERR))?;
    let n = if hash { n.wrapping_mul(i64::from(bits)) } else { n };
    if n < 0 || max_bytes.is_some_and(|max| (n as u64 >> 3) >= max) {
        return Err(Reply::err(OFFSET_ERR));
    }
    Ok(n as u64)
}

fn parse(argv: &[Vec<u8>], max_bytes: Option<u64>) -> Result<Parsed, Reply> {
    let mut ops = Vec::new();
    let mut overflow = Overflow::Wrap;
    let mut highest_write: Option<u64> = None;
    let mut j = 2;
    while j < argv.len() {
        let remaining = argv.len() - j - 1;
        let sub = c_str(&argv[j]).to_ascii_lowercase();
        let arity = match sub.as_slice() {
            b"get" if remaining >= 2 => 2,
            b"set" | b"incrby" if remaining >= 3 => 3,
            b"overflow" if remaining >= 1 => {
                overflow = match c_str(&argv[j + 1]).to_ascii_lowercase().as_slice() {
                    b"wrap" => Overflow::Wrap,
                    b"sat" => Overflow::Sat,
                    b"fail" => Overflow::Fail,
                    _ => return Err(Reply::err("ERR Invalid OVERFLOW type specified")),
                };
                j += 2;
                continue;
            }
            _ => return Err(Reply::syntax_error()),
        };
        let (signed, bits) = parse_type(&argv[j + 1])?;
        let offset = parse_offset(&argv[j + 2], bits, max_bytes)?;
        let op = if arity == 2 {
            Op::Get
        } else {
            let last = offset + u64::from(bits) - 1;
            highest_write = Some(highest_write.map_or(last, |h| h.max(last)));
            let value = parse_i64(&argv[j + 3]).ok_or_else(|| Reply::err(NOT_INTEGER))?;
            if sub == b"set" {
                Op::Set(value)
            } else {
                Op::IncrBy(value)
            }
        };
        ops.push(FieldOp {
            op,
            offset,
            bits,
            signed,
            overflow,
        });
        j += arity + 1;
    }
    Ok(Parsed { ops, highest_write })
}

/// The unsigned integer of `bits` bits at bit `offset` (bits past the end read as 0).
fn get_unsigned(bytes: &[u8], offset: u64, bits: u32) -> u64 {
    (0..u64::from(bits)).fold(0, |value, j| {
        let at = offset + j;
        let byte = usize::try_from(at >> 3)
            .ok()
            .and_then(|i| bytes.get(i))
            .copied()
            .unwrap_or(0);
        (value << 1) | u64::from((byte >> (7 - (at & 7))) & 1)
    })
}

fn get_signed(bytes: &[u8], offset: u64, bits: u32) -> i64 {
    let value = get_unsigned(bytes, offset, bits);
    if bits < 64 && value & (1 << (bits - 1)) != 0 {
        (value | (u64::MAX << bits)) as i64
    } else {
        value as i64
    }
}

/// Writes the low `bits` bits of `value` at bit `offset` (the string is long enough).
fn set_bits(bytes: &mut [u8], offset: u64, bits: u32, value: u64) {
    for j in 0..u64::from(bits) {
        let on = value & (1 << (u64::from(bits) - 1 - j)) != 0;
        let at = offset + j;
        if let Some(byte) = usize::try_from(at >> 3).ok().and_then(|i| bytes.get_mut(i)) {
            let mask = 0x80u8 >> (at & 7);
            if on {
                *byte |= mask;
            } else {
                *byte &= !mask;
            }
        }
    }
}

/// `checkUnsignedBitfieldOverflow`: whether `value + incr` leaves the type, and what
/// WRAP or SAT make of it.
fn unsigned_overflow(value: u64, incr: i64, bits: u32, ow: Overflow) -> Option<Option<u64>> {
    let max = if bits == 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let max_incr = max.wrapping_sub(value) as i64;
    let min_incr = value.wrapping_neg() as i64;
    let wrapped = || value.wrapping_add(incr as u64) & !(u64::MAX.checked_shl(bits).unwrap_or(0));
    let limit = if value > max || (incr > 0 && incr > max_incr) {
        max
    } else if incr < 0 && incr < min_incr {
        0
    } else {
        return None;
    };
    Some(match ow {
        Overflow::Wrap => Some(wrapped()),
        Overflow::Sat => Some(limit),
        Overflow::Fail => None,
    })
}

/// `checkSignedBitfieldOverflow`.
fn signed_overflow(value: i64, incr: i64, bits: u32, ow: Overflow) -> Option<Option<i64>> {
    let max = if bits == 64 { i64::MAX } else { (1i64 << (bits - 1)) - 1 };
    let min = -max - 1;
    let max_incr = (max as u64).wrapping_sub(value as u64) as i64;
    let min_incr = min.wrapping_sub(value);
    let wrapped = || {
        let mut c = (value as u64).wrapping_add(incr as u64);
        if bits < 64 {
            let mask = u64::MAX << bits;
            if c & (1 << (bits - 1)) != 0 {
                c |= mask;
            } else {
                c &= !mask;
            }
        }
        c as i64
    };
    let limit = if value > max || (bits != 64 && incr > max_incr) || (value >= 0 && incr > 0 && incr > max_incr) {
        max
    } else if value < min || (bits != 64 && incr < min_incr) || (value < 0 && incr < 0 && incr < min_incr) {
        min
    } else {
        return None;
    };
    Some(match ow {
        Overflow::Wrap => Some(wrapped()),
        Overflow::Sat => Some(limit),
        Overflow::Fail => None,
    })
}

/// Runs one SET or INCRBY: its reply (nil when FAIL refused it) and whether it
/// changed the stored bits.
fn write_op(bytes: &mut [u8], f: &FieldOp) -> (Reply, bool) {
    let (delta, is_set) = match f.op {
        Op::Set(v) => (v, true),
        Op::IncrBy(v) => (v, false),
        Op::Get => return (read_op(bytes, f), false),
    };
    if f.signed {
        let old = get_signed(bytes, f.offset, f.bits);
        let (checked, plain) = if is_set { (delta, 0) } else { (old, delta) };
        let new = match signed_overflow(checked, plain, f.bits, f.overflow) {
            None => checked.wrapping_add(plain),
            Some(Some(limit)) => limit,
            Some(None) => return (Reply::Null, false),
        };
        set_bits(bytes, f.offset, f.bits, new as u64);
        (Reply::Int(if is_set { old } else { new }), old != new)
    } else {
        let old = get_unsigned(bytes, f.offset, f.bits);
        let (checked, plain) = if is_set { (delta as u64, 0) } else { (old, delta) };
        let new = match unsigned_overflow(checked, plain, f.bits, f.overflow) {
            None => checked.wrapping_add(plain as u64),
            Some(Some(limit)) => limit,
            Some(None) => return (Reply::Null, false),
        };
        set_bits(bytes, f.offset, f.bits, new);
        (Reply::Int(if is_set { old } else { new } as i64), old != new)
    }
}

fn read_op(bytes: &[u8], f: &FieldOp) -> Reply {
    if f.signed {
        Reply::Int(get_signed(bytes, f.offset, f.bits))
    } else {
        Reply::Int(get_unsigned(bytes, f.offset, f.bits) as i64)
    }
}

fn bitfield_generic(ctx: &mut Ctx, read_only_command: bool) -> CmdResult {
    let argv = ctx.argv;
    let key = &argv[1][..];
    let parsed = parse(argv, Some(ctx.eng.config.proto_max_bulk_len()))?;
    let Some(highest) = parsed.highest_write else {
        // Only GETs: a read, on a missing key too.
        let replies = match ctx.read_kind(key, Kind::String)? {
            Some(Value::String(s)) => parsed.ops.iter().map(|f| read_op(&s.bytes, f)).collect(),
            _ => parsed.ops.iter().map(|f| read_op(&[], f)).collect(),
        };
        return Ok(Reply::Array(replies));
    };
    if read_only_command {
        return Err(Reply::err("ERR BITFIELD_RO only supports the GET subcommand"));
    }
    // `lookupStringForBitCommand`: created or zero-padded up to the farthest bit.
    let len = usize::try_from((highest >> 3) + 1).map_err(|_| Reply::err(OFFSET_ERR))?;
    let mut grown = false;
    let created = ctx.write_kind(key, Kind::String)?.is_none();
    if created {
        ctx.add_key(key, Value::String(StrValue::raw(vec![0; len])));
        grown = true;
    }
    let Some(Value::String(s)) = ctx.lookup_write(key) else {
        return Err(Reply::wrongtype());
    };
    if !created {
        // `dbUnshareStringValue`, then `sdsgrowzero`'s greedy growth (as SETBIT).
        s.grow_to(s.bytes.len().max(len));
    }
    if s.bytes.len() < len {
        s.bytes.resize(len, 0);
        grown = true;
    }
    let mut changes = 0;
    let replies = parsed
        .ops
        .iter()
        .map(|f| {
            let (reply, changed) = write_op(&mut s.bytes, f);
            if f.op != Op::Get && reply != Reply::Null && (grown || changed) {
                changes += 1;
            }
            reply
        })
        .collect();
    if changes > 0 {
        ctx.changed(key, notify::STRING, "setbit", changes);
    } else if grown {
        // The one deliberate difference from Redis: when every write failed (OVERFLOW
        // FAIL) the string was still created or zero-padded, which Redis neither
        // reports nor propagates, so its AOF reloads to another keyspace. Counting it
        // as a change (without an event) propagates the command, whose replay pads
        // the string the same way: a reload never changes a learner's data.
        ctx.dirty(1);
    }
    Ok(Reply::Array(replies))
}

pub(super) fn bitfield(ctx: &mut Ctx) -> CmdResult {
    bitfield_generic(ctx, false)
}

pub(super) fn bitfield_ro(ctx: &mut Ctx) -> CmdResult {
    bitfield_generic(ctx, true)
}

/// Like SETBIT: a write far past the end grows the string to that byte at once.
pub(super) fn bitfield_cost(c: &CostInput) -> Option<Estimate> {
    let highest = parse(c.argv, None).ok()?.highest_write?;
    Estimate::new(((highest >> 3) + 1).saturating_sub(c.string_len(1)), 10, "bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_read_and_write_across_bytes() {
        let mut b = vec![0u8; 2];
        set_bits(&mut b, 7, 5, 23);
        assert_eq!(b, [0b0000_0001, 0b0111_0000]);
        assert_eq!(get_unsigned(&b, 7, 5), 23);
        assert_eq!(get_signed(&b, 7, 5), 23 - 32);
        assert_eq!(get_unsigned(&b, 12, 64), 0);
    }

    #[test]
    fn overflow_follows_redis() {
        assert_eq!(unsigned_overflow(255, 1, 8, Overflow::Wrap), Some(Some(0)));
        assert_eq!(unsigned_overflow(255, 1, 8, Overflow::Sat), Some(Some(255)));
        assert_eq!(unsigned_overflow(0, -1, 8, Overflow::Sat), Some(Some(0)));
        assert_eq!(unsigned_overflow(u64::MAX, 0, 8, Overflow::Sat), Some(Some(255)));
        assert_eq!(unsigned_overflow(3, 1, 8, Overflow::Fail), None);
        assert_eq!(signed_overflow(127, 1, 8, Overflow::Wrap), Some(Some(-128)));
        assert_eq!(signed_overflow(-128, -1, 8, Overflow::Sat), Some(Some(-128)));
        assert_eq!(signed_overflow(i64::MAX, 1, 64, Overflow::Wrap), Some(Some(i64::MIN)));
        assert_eq!(signed_overflow(5, 1, 64, Overflow::Fail), None);
    }
}

/// COMMAND GETKEYSANDFLAGS for BITFIELD (`bitfieldGetKeys`): read-only while every
/// operation is a GET (OVERFLOW allowed); a SET, an INCRBY or anything unparsable makes
/// it a write.
pub(crate) fn key_flags(argv: &[Vec<u8>]) -> Vec<(usize, &'static str)> {
    let mut readonly = true;
    let mut i = 2;
    while i < argv.len() {
        let remaining = argv.len() - i - 1;
        let arg = &argv[i];
        if arg.eq_ignore_ascii_case(b"get") && remaining >= 2 {
            i += 3;
        } else if arg.eq_ignore_ascii_case(b"overflow") && remaining >= 1 {
            i += 2;
        } else {
            readonly = false;
            break;
        }
    }
    vec![(1, if readonly { "RO ACCESS" } else { "RW ACCESS UPDATE" })]
}
