//! Redis's `cmsgpack` library (Redis 7.0.15's deps/lua/src/lua_cmsgpack.c, Salvatore
//! Sanfilippo's lua-cmsgpack 0.4.0 with Redis's security fixes): MessagePack for Lua
//! values. `cmsgpack.pack(v1, ...)` encodes each argument and concatenates the
//! encodings; `cmsgpack.unpack(s)` decodes every value of the stream `s`;
//! `cmsgpack.unpack_one(s [, offset])` decodes one and `cmsgpack.unpack_limit(s, limit
//! [, offset])` at most `limit`, both returning first the offset of what is left (-1
//! when nothing is). The table also holds `_NAME`, `_VERSION`, `_COPYRIGHT`,
//! `_DESCRIPTION`, as the C module sets them.
//!
//! What the C code chooses, reproduced (each seen on the oracle, Redis 7.0.15 on x86-64):
//! - a number whose value a 64-bit integer holds exactly is an integer, in the
//!   smallest form (fixnum, uint 8/16/32/64 when positive, int 8/16/32/64 when
//!   negative; -0 is 0); any other is a float 32 when the single-precision value is
//!   the same number (0.5, inf, 2^63), else a float 64 (0.1, NaN);
//! - strings are "raw" (fixraw, str 8, 16, 32: never the bin types);
//! - a table whose keys are exactly the numbers 1..n (n may be 0) is an array, any
//!   other a map in `next` order; functions and nil are nil; tables nested 16 deep
//!   are nil at the 17th level (LUACMSGPACK_MAX_NESTING), so a table holding itself
//!   packs too;
//! - decoding knows fixnum, uint/int 8-64 (a uint 64 goes through a signed 64-bit
//!   integer: `\xcf` then eight 0xff decodes to -1), float 32/64, nil, booleans,
//!   str 8/16/32, arrays and maps; anything else (bin, ext, 0xc1) is "Bad data format
//!   in input.", a cut value "Missing bytes in input.", a map key that is nil or NaN
//!   Lua's own "table index is nil" / "table index is NaN" (no position: `lua_settable`
//!   raised it from C);
//! - the C functions' use of Lua's stack is counted as the C code uses it, so the
//!   same inputs fail with the same "stack overflow (...)" messages where
//!   `luaL_checkstack` would pass LUAI_MAXCSTACK (8000): `unpack` returns at most
//!   7999 values less its extra arguments, arrays nest about 4000 deep, and `pack`
//!   refuses more than 4000 arguments ("Too many arguments for MessagePack pack.")
//!   and runs out of stack on tables among its last arguments;
//! - the offsets' quirks: `unpack_limit(s, 0)` decodes everything and returns no
//!   offset (limit 0 and offset 0 mean "all"), and the "Invalid request to unpack
//!   with offset of %d and limit of %d." message shows the input's length as the
//!   limit, both through C's `(int)` cast.
//!
//! Nothing recurses on the Rust stack without a bound: encoding recurses at most 17
//! deep (the nesting limit), decoding keeps its open arrays and maps in a vector.
//!
//! Left out, deliberately: `cmsgpack_safe` (Redis does not load it). Differences: an
//! encoding longer than `lib_string::MAX_STRING` is refused with "not enough memory"
//! (Redis builds it: a table holding itself four times packs to 4^16 nils, minutes
//! and gigabytes), and so is an `unpack` whose tables and strings would add more than
//! `MAX_DECODED` bytes to the script's heap (Redis would allocate them). Neither can
//! be paused midway: up to 64 MiB of encoding (a table holding itself three times,
//! which Redis packs in about two seconds) is one step, charged afterwards.

use crate::heap::Heap;
use crate::lib_base::{check_bytes, check_int, opt_int};
use crate::lib_string::MAX_STRING;
use crate::table::{KeyError, Table};
use crate::value::{TableRef, Value};
use crate::vm::{NativeFn, Ret, Vm};

/// LUACMSGPACK_MAX_NESTING: a table this many levels down is packed as nil.
const MAX_NESTING: usize = 16;
/// LUAI_MAXCSTACK: the most values a C function may have on Lua's stack.
const MAX_C_STACK: usize = 8000;
/// What one `unpack` may add to the script's heap (its accounted bytes) before it is
/// refused: room for a string as long as any a script can make, and its tables.
pub const MAX_DECODED: usize = 2 * MAX_STRING;

/// mp_decode_to_lua_type's luaL_checkstack message.
const TOO_MANY_VALUES: &str = "too many return values at once; use unpack_one or unpack_limit instead.";

// ---- encoding ----------------------------------------------------------------------

/// Why an encoding stopped.
enum PackError {
    /// luaL_checkstack failed: "stack overflow (<where>)".
    Stack(&'static str),
    /// The result would pass MAX_STRING.
    Memory,
}

/// The encoder's state: the buffer (mp_buf) and the work done, for the fuel charge.
struct Encoder<'a> {
    heap: &'a Heap,
    out: Vec<u8>,
    work: u64,
}

/// `top + extra` would pass LUAI_MAXCSTACK (lua_checkstack's test).
fn stack_full(top: usize, extra: usize) -> bool {
    top + extra > MAX_C_STACK
}

/// A length or count in `bytes` big-endian bytes.
fn be(n: u64, bytes: usize) -> impl Iterator<Item = u8> {
    (0..bytes).rev().map(move |i| (n >> (8 * i)) as u8)
}

impl Encoder<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), PackError> {
        if self.out.len().saturating_add(bytes.len()) > MAX_STRING {
            return Err(PackError::Memory);
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    /// A header byte and a big-endian length (mp_encode_bytes/array/map's headers).
    fn header(&mut self, tag: u8, n: u64, bytes: usize) -> Result<(), PackError> {
        let mut h = vec![tag];
        h.extend(be(n, bytes));
        self.put(&h)
    }

    /// mp_encode_lua_type: the value at the top of Lua's stack, `top` its height, `level`
    /// how many tables it is inside.
    fn value(&mut self, v: &Value, level: usize, top: usize) -> Result<(), PackError> {
        self.work += 1;
        match v {
            Value::Str(s) => self.bytes(s.bytes()),
            Value::Bool(b) => self.put(&[if *b { 0xc3 } else { 0xc2 }]),
            Value::Num(n) => self.number(*n),
            Value::Table(t) if level < MAX_NESTING => self.table(*t, level, top),
            _ => self.put(&[0xc0]),
        }
    }

    /// mp_encode_bytes: fixraw, str 8, str 16, str 32.
    fn bytes(&mut self, s: &[u8]) -> Result<(), PackError> {
        let len = s.len() as u64;
        if len < 32 {
            self.put(&[0xa0 | len as u8])?;
        } else if len <= 0xff {
            self.header(0xd9, len, 1)?;
        } else if len <= 0xffff {
            self.header(0xda, len, 2)?;
        } else {
            self.header(0xdb, len & 0xffff_ffff, 4)?;
        }
        self.work += len / 16;
        self.put(s)
    }

    /// mp_encode_lua_number: an integer when a 64-bit integer holds the value exactly
    /// (IS_INT64_EQUIVALENT, with x86-64's cast: NaN and what is out of range become
    /// i64::MIN, which then differs from the value), else a float.
    fn number(&mut self, n: f64) -> Result<(), PackError> {
        let i = crate::number::to_integer(n);
        if !n.is_infinite() && i as f64 == n {
            self.integer(i)
        } else {
            self.double(n)
        }
    }

    /// mp_encode_double: float 32 when the value survives the round trip through a C
    /// float (round to nearest), else float 64.
    fn double(&mut self, d: f64) -> Result<(), PackError> {
        let f = d as f32;
        if f64::from(f) == d {
            self.header(0xca, u64::from(f.to_bits()), 4)
        } else {
            self.header(0xcb, d.to_bits(), 8)
        }
    }

    /// mp_encode_int: the smallest form for the value.
    fn integer(&mut self, n: i64) -> Result<(), PackError> {
        let u = n as u64;
        if n >= 0 {
            match n {
                0..=127 => self.put(&[n as u8]),
                128..=0xff => self.header(0xcc, u, 1),
                0x100..=0xffff => self.header(0xcd, u, 2),
                0x1_0000..=0xffff_ffff => self.header(0xce, u, 4),
                _ => self.header(0xcf, u, 8),
            }
        } else {
            match n {
                -32..=-1 => self.put(&[n as u8]),
                -128..=-33 => self.header(0xd0, u, 1),
                -32768..=-129 => self.header(0xd1, u, 2),
                -2_147_483_648..=-32769 => self.header(0xd2, u, 4),
                _ => self.header(0xd3, u, 8),
            }
        }
    }

    /// mp_encode_lua_table: an array when table_is_an_array says so, else a map.
    fn table(&mut self, t: TableRef, level: usize, top: usize) -> Result<(), PackError> {
        let heap = self.heap;
        let table = heap.table(t);
        if stack_full(top, 2) {
            return Err(PackError::Stack("in function table_is_an_array"));
        }
        // table_is_an_array: every key a number n > 0 that a C int holds exactly
        // (IS_INT_EQUIVALENT), and as many keys as the largest one.
        let (mut count, mut max, mut array) = (0u64, 0u64, true);
        let mut key = Value::Nil;
        while let Ok(Some((k, _))) = table.next(&key) {
            self.work += 1;
            match k {
                Value::Num(n) if n > 0.0 && n <= f64::from(i32::MAX) && n.fract() == 0.0 => {
                    max = max.max(n as u64);
                    count += 1;
                }
                _ => {
                    array = false;
                    break;
                }
            }
            key = k;
        }
        if array && max == count {
            // mp_encode_lua_table_as_array: `#t` elements (the keys are 1..n, so the
            // border is n and no element is nil: lua_gettable finds them raw).
            let len = table.len() as u64;
            if len <= 15 {
                self.put(&[0x90 | len as u8])?;
            } else if len <= 0xffff {
                self.header(0xdc, len, 2)?;
            } else {
                self.header(0xdd, len & 0xffff_ffff, 4)?;
            }
            if stack_full(top, 1) {
                return Err(PackError::Stack("in function mp_encode_lua_table_as_array"));
            }
            for j in 1..=len {
                let v = table.get_int(j as i64);
                self.value(&v, level + 1, top + 1)?;
            }
            return Ok(());
        }
        // mp_encode_lua_table_as_map: count the pairs, then key and value in `next`
        // order (the key encoded from a copy above the pair, the value below it).
        if stack_full(top, 3) {
            return Err(PackError::Stack("in function mp_encode_lua_table_as_map"));
        }
        let mut len = 0u64;
        let mut key = Value::Nil;
        while let Ok(Some((k, _))) = table.next(&key) {
            self.work += 1;
            len += 1;
            key = k;
        }
        if len <= 15 {
            self.put(&[0x80 | len as u8])?;
        } else if len <= 0xffff {
            self.header(0xde, len, 2)?;
        } else {
            self.header(0xdf, len & 0xffff_ffff, 4)?;
        }
        let mut key = Value::Nil;
        while let Ok(Some((k, v))) = table.next(&key) {
            self.value(&k, level + 1, top + 3)?;
            self.value(&v, level + 1, top + 2)?;
            key = k;
        }
        Ok(())
    }
}

/// luaL_argerror for argument 0 (mp_pack's complaints): "bad argument #0 to 'pack'
/// (...)"; a method call counts `self` out, which makes it #-1.
fn arg0_error(vm: &Vm, why: &str) -> Value {
    let (name, n) = match &vm.native_site {
        Some((name, method)) => (name.as_deref().unwrap_or("?"), if *method { -1 } else { 0 }),
        None => ("?", 0),
    };
    vm.lib_error(&format!("bad argument #{n} to '{name}' ({why})"))
}

/// mp_pack: every argument encoded on its own (at nesting level 0), concatenated.
fn pack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let nargs = args.len();
    if nargs == 0 {
        return Err(arg0_error(vm, "MessagePack pack needs input."));
    }
    // lua_checkstack(L, nargs): the arguments and as many again must fit.
    if stack_full(nargs, nargs) {
        return Err(arg0_error(vm, "Too many arguments for MessagePack pack."));
    }
    let mut enc = Encoder {
        heap: &vm.heap,
        out: Vec::new(),
        work: 0,
    };
    let mut failed = None;
    for (i, arg) in args.iter().enumerate() {
        // Below the copy being encoded: the arguments and the i strings made so far.
        let below = nargs + i;
        let result = if stack_full(below, 1) {
            Err(PackError::Stack("in function mp_check"))
        } else {
            enc.value(arg, 0, below + 1)
        };
        if let Err(e) = result {
            failed = Some(e);
            break;
        }
    }
    let (out, work) = (enc.out, enc.work);
    vm.charge(work);
    match failed {
        Some(PackError::Stack(at)) => Err(vm.lib_error(&format!("stack overflow ({at})"))),
        Some(PackError::Memory) => Err(vm.lib_error("not enough memory")),
        None => Ok(Ret::Values(vec![vm.string(&out)])),
    }
}

// ---- decoding ----------------------------------------------------------------------

/// Why a decoding stopped.
enum UnpackError {
    /// MP_CUR_ERROR_EOF: "Missing bytes in input."
    Eof,
    /// MP_CUR_ERROR_BADFMT: "Bad data format in input."
    BadFormat,
    /// luaL_checkstack failed: "stack overflow (<why>)".
    Stack(&'static str),
    /// lua_settable refused a map's key.
    Key(KeyError),
    /// The decoded values would pass MAX_DECODED.
    Memory,
}

/// An array or map being filled (mp_decode_to_lua_array / _hash's loop).
enum Open {
    Array { t: TableRef, left: u64, index: f64 },
    Map { t: TableRef, left: u64, key: Option<Value> },
}

/// The cursor (mp_cur) and the model of Lua's stack the C decoder uses.
struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    /// The height of the C function's stack: its arguments, the values decoded so
    /// far, and the open tables with their pending keys and indexes.
    top: usize,
    /// The heap's accounted bytes when decoding began.
    heap_start: usize,
    /// What the decoding may add to them (MAX_DECODED).
    max_bytes: usize,
    work: u64,
}

impl Decoder<'_> {
    fn left(&self) -> usize {
        self.data.len() - self.pos
    }

    /// mp_cur_need: `n` bytes must be left.
    fn need(&self, n: usize) -> Result<(), UnpackError> {
        if self.left() < n {
            Err(UnpackError::Eof)
        } else {
            Ok(())
        }
    }

    /// The big-endian number in the `n` bytes after the type byte.
    fn uint(&self, n: usize) -> u64 {
        self.data[self.pos + 1..self.pos + 1 + n]
            .iter()
            .fold(0, |acc, &b| (acc << 8) | u64::from(b))
    }

    /// A number `n` bytes wide after the type byte; consumes it.
    fn fixed(&mut self, n: usize) -> Result<u64, UnpackError> {
        self.need(1 + n)?;
        let v = self.uint(n);
        self.pos += 1 + n;
        Ok(v)
    }

    /// A string of `len` bytes after a header of `header` bytes (type byte included).
    fn string(&mut self, vm: &mut Vm, header: usize, len: usize) -> Result<Value, UnpackError> {
        self.need(header.saturating_add(len))?;
        let start = self.pos + header;
        self.pos = start + len;
        self.work += len as u64 / 16;
        Ok(vm.string(&self.data[start..start + len]))
    }

    /// A container's length in `n` bytes after the type byte; consumes the header.
    fn count(&mut self, n: usize) -> Result<u64, UnpackError> {
        self.fixed(n)
    }

    fn check_memory(&self, vm: &Vm) -> Result<(), UnpackError> {
        if vm.heap.bytes.saturating_sub(self.heap_start) > self.max_bytes {
            return Err(UnpackError::Memory);
        }
        Ok(())
    }

    /// mp_decode_to_lua_type for one whole value, its arrays and maps filled without
    /// recursion: the value, left counted on the stack model.
    fn value(&mut self, vm: &mut Vm) -> Result<Value, UnpackError> {
        let mut open: Vec<Open> = Vec::new();
        loop {
            let Some(v) = self.item(vm, &mut open)? else {
                continue;
            };
            // Hand the value to the array or map it completes a place in; a table
            // completed by it goes up in turn.
            let mut v = v;
            loop {
                let Some(top_open) = open.last_mut() else {
                    return Ok(v);
                };
                let done = match top_open {
                    Open::Array { t, left, index } => {
                        vm.raw_set(*t, Value::Num(*index), v);
                        self.top -= 2;
                        *left -= 1;
                        *index += 1.0;
                        if *left > 0 {
                            // The next index is pushed before the next element.
                            self.top += 1;
                            None
                        } else {
                            Some(*t)
                        }
                    }
                    Open::Map { t, left, key } => match key.take() {
                        None => {
                            *key = Some(v);
                            None
                        }
                        Some(k) => {
                            match &k {
                                Value::Nil => return Err(UnpackError::Key(KeyError::Nil)),
                                Value::Num(n) if n.is_nan() => return Err(UnpackError::Key(KeyError::NaN)),
                                _ => {}
                            }
                            vm.raw_set(*t, k, v);
                            self.top -= 2;
                            *left -= 1;
                            if *left > 0 {
                                None
                            } else {
                                Some(*t)
                            }
                        }
                    },
                };
                match done {
                    Some(t) => {
                        open.pop();
                        v = Value::Table(t);
                    }
                    None => break,
                }
            }
            self.check_memory(vm)?;
        }
    }

    /// Reads one item at the cursor: a complete value (a scalar, an empty array or
    /// map), or None when it opened an array or map (pushed on `open`).
    fn item(&mut self, vm: &mut Vm, open: &mut Vec<Open>) -> Result<Option<Value>, UnpackError> {
        self.need(1)?;
        if stack_full(self.top, 1) {
            return Err(UnpackError::Stack(TOO_MANY_VALUES));
        }
        self.work += 1;
        let b = self.data[self.pos];
        // Every value but an open container takes one place on the stack.
        let v = match b {
            0x00..=0x7f => {
                self.pos += 1;
                Value::Num(f64::from(b))
            }
            0xe0..=0xff => {
                self.pos += 1;
                Value::Num(f64::from(b as i8))
            }
            0xcc => Value::Num(self.fixed(1)? as f64),
            0xcd => Value::Num(self.fixed(2)? as f64),
            0xce => Value::Num(self.fixed(4)? as f64),
            // lua_pushunsigned is lua_pushinteger on 64-bit: through a signed integer.
            0xcf => Value::Num(self.fixed(8)? as i64 as f64),
            0xd0 => Value::Num(f64::from(self.fixed(1)? as u8 as i8)),
            0xd1 => Value::Num(f64::from(self.fixed(2)? as u16 as i16)),
            0xd2 => Value::Num(f64::from(self.fixed(4)? as u32 as i32)),
            0xd3 => Value::Num(self.fixed(8)? as i64 as f64),
            0xc0 => {
                self.pos += 1;
                Value::Nil
            }
            0xc2 | 0xc3 => {
                self.pos += 1;
                Value::Bool(b == 0xc3)
            }
            0xca => Value::Num(f32_to_f64(self.fixed(4)? as u32)),
            0xcb => Value::Num(f64::from_bits(self.fixed(8)?)),
            0xa0..=0xbf => self.string(vm, 1, usize::from(b & 0x1f))?,
            0xd9..=0xdb => {
                let n = match b {
                    0xd9 => 1,
                    0xda => 2,
                    _ => 4,
                };
                self.need(1 + n)?;
                let len = self.uint(n) as usize;
                self.string(vm, 1 + n, len)?
            }
            0x90..=0x9f | 0xdc | 0xdd => {
                let len = match b {
                    0xdc => self.count(2)?,
                    0xdd => self.count(4)?,
                    _ => {
                        self.pos += 1;
                        u64::from(b & 0x0f)
                    }
                };
                // mp_decode_to_lua_array: the table, then room for an index.
                let t = vm.heap.new_table(Table::default());
                self.top += 1;
                if stack_full(self.top, 1) {
                    return Err(UnpackError::Stack("in function mp_decode_to_lua_array"));
                }
                if len == 0 {
                    return Ok(Some(Value::Table(t)));
                }
                open.push(Open::Array {
                    t,
                    left: len,
                    index: 1.0,
                });
                self.top += 1;
                return Ok(None);
            }
            0x80..=0x8f | 0xde | 0xdf => {
                let len = match b {
                    0xde => self.count(2)?,
                    0xdf => self.count(4)?,
                    _ => {
                        self.pos += 1;
                        u64::from(b & 0x0f)
                    }
                };
                let t = vm.heap.new_table(Table::default());
                self.top += 1;
                if len == 0 {
                    return Ok(Some(Value::Table(t)));
                }
                open.push(Open::Map {
                    t,
                    left: len,
                    key: None,
                });
                return Ok(None);
            }
            _ => return Err(UnpackError::BadFormat),
        };
        self.top += 1;
        Ok(Some(v))
    }
}

/// A C float converted to a double as x86-64 does (cvtss2sd): exact, and a NaN keeps
/// its sign and payload, quieted.
fn f32_to_f64(bits: u32) -> f64 {
    let f = f32::from_bits(bits);
    if !f.is_nan() {
        return f64::from(f);
    }
    let sign = u64::from(bits >> 31) << 63;
    let payload = u64::from(bits & 0x007f_ffff) << 29;
    f64::from_bits(sign | 0x7ff8_0000_0000_0000 | payload)
}

/// mp_unpack_full: decodes up to `limit` values from `offset` (both 0: all of them,
/// and no offset returned). `stack` is the height of the C function's stack before
/// it pushes anything.
fn unpack_full(vm: &mut Vm, args: &[Value], limit: i64, offset: i64, stack: usize) -> Result<Ret, Value> {
    unpack_capped(vm, args, (limit, offset), stack, MAX_DECODED)
}

/// `unpack_full` refusing to add more than `max_bytes` to the heap.
fn unpack_capped(
    vm: &mut Vm,
    args: &[Value],
    (limit, offset): (i64, i64),
    stack: usize,
    max_bytes: usize,
) -> Result<Ret, Value> {
    let data = check_bytes(vm, args, 1, "unpack")?;
    let len = data.len();
    let decode_all = limit == 0 && offset == 0;
    if offset < 0 || limit < 0 {
        return Err(vm.lib_error(&format!(
            "Invalid request to unpack with offset of {} and limit of {}.",
            offset as i32, len as i32
        )));
    }
    if offset as u64 > len as u64 {
        return Err(vm.lib_error(&format!(
            "Start offset {} greater than input length {}.",
            offset as i32, len as i32
        )));
    }
    let limit = if decode_all { i64::from(i32::MAX) } else { limit };
    let mut dec = Decoder {
        data: &data,
        pos: offset as usize,
        top: stack,
        heap_start: vm.heap.bytes,
        max_bytes,
        work: 0,
    };
    let mut results = Vec::new();
    let mut failed = None;
    let mut count = 0i64;
    while dec.left() > 0 && count < limit {
        match dec.value(vm) {
            Ok(v) => results.push(v),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
        count += 1;
    }
    if failed.is_none() && !decode_all {
        if stack_full(dec.top, 1) {
            failed = Some(UnpackError::Stack("in function mp_unpack_full"));
        } else {
            let next = if dec.left() == 0 { -1.0 } else { dec.pos as f64 };
            results.insert(0, Value::Num(next));
        }
    }
    let work = dec.work + len as u64 / 16;
    vm.charge(work);
    match failed {
        None => Ok(Ret::Values(results)),
        Some(UnpackError::Eof) => Err(vm.lib_error("Missing bytes in input.")),
        Some(UnpackError::BadFormat) => Err(vm.lib_error("Bad data format in input.")),
        Some(UnpackError::Stack(at)) => Err(vm.lib_error(&format!("stack overflow ({at})"))),
        // Raised by lua_settable inside the C function: no position.
        Some(UnpackError::Key(e)) => Err(Value::str(e.message())),
        Some(UnpackError::Memory) => Err(vm.lib_error("not enough memory")),
    }
}

/// mp_unpack: every value; the arguments all stay on the stack.
fn unpack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    unpack_full(vm, args, 0, 0, args.len())
}

/// mp_unpack_one: the offset is read first, then the string (only it stays).
fn unpack_one(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let offset = opt_int(vm, args, 2, "unpack_one", 0)?;
    unpack_full(vm, args, 1, offset, 1)
}

/// mp_unpack_limit: the limit, then the offset, then the string.
fn unpack_limit(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let limit = check_int(vm, args, 2, "unpack_limit")?;
    let offset = opt_int(vm, args, 3, "unpack_limit", 0)?;
    unpack_full(vm, args, limit, offset, 1)
}

/// Opens the library: the global `cmsgpack` with `pack`, `unpack`, `unpack_one`,
/// `unpack_limit` and the module's name, version, copyright and description, set in
/// the order luaopen_create sets them (which decides `pairs`' order).
pub fn open(vm: &mut Vm) {
    let lib = vm.heap.new_table(Table::default());
    let fns: [(&'static str, NativeFn); 4] = [
        ("pack", pack),
        ("unpack", unpack),
        ("unpack_one", unpack_one),
        ("unpack_limit", unpack_limit),
    ];
    for (name, f) in fns {
        let v = vm.native(name, f);
        vm.raw_set(lib, Value::str(name), v);
    }
    let meta = [
        ("_NAME", "cmsgpack"),
        ("_VERSION", "lua-cmsgpack 0.4.0"),
        ("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo"),
        ("_DESCRIPTION", "MessagePack C implementation for Lua"),
    ];
    for (k, v) in meta {
        vm.raw_set(lib, Value::str(k), Value::str(v));
    }
    vm.set_global("cmsgpack", Value::Table(lib));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::LuaStr;

    fn s(b: &[u8]) -> Value {
        Value::Str(LuaStr::new(b))
    }

    fn n(x: f64) -> Value {
        Value::Num(x)
    }

    fn text(v: &Value) -> String {
        String::from_utf8_lossy(&crate::lib_base::to_display(v)).into_owned()
    }

    /// Calls a library function as another library function would (no call site, so
    /// errors carry no position and name the function '?').
    fn call(vm: &mut Vm, f: NativeFn, args: &[Value]) -> Result<Vec<Value>, String> {
        match f(vm, args, &[]) {
            Ok(Ret::Values(v)) => Ok(v),
            Ok(_) => Err("not values".into()),
            Err(e) => Err(text(&e)),
        }
    }

    fn packed_in(vm: &mut Vm, args: &[Value]) -> Vec<u8> {
        match call(vm, pack, args).as_deref() {
            Ok([Value::Str(out)]) => out.bytes().to_vec(),
            other => panic!("{other:?}"),
        }
    }

    fn packed(args: &[Value]) -> Vec<u8> {
        packed_in(&mut Vm::new(), args)
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn new_table(vm: &mut Vm, items: &[(Value, Value)]) -> Value {
        let t = vm.heap.new_table(Table::default());
        for (k, v) in items {
            vm.raw_set(t, k.clone(), v.clone());
        }
        Value::Table(t)
    }

    fn unpacked(vm: &mut Vm, data: &[u8]) -> Result<Vec<Value>, String> {
        call(vm, unpack, &[s(data)])
    }

    #[test]
    fn integers_take_the_smallest_form() {
        let cases: &[(f64, &str)] = &[
            (0.0, "00"),
            (-0.0, "00"),
            (127.0, "7f"),
            (128.0, "cc80"),
            (255.0, "ccff"),
            (256.0, "cd0100"),
            (65535.0, "cdffff"),
            (65536.0, "ce00010000"),
            (4294967295.0, "ceffffffff"),
            (4294967296.0, "cf0000000100000000"),
            (-1.0, "ff"),
            (-32.0, "e0"),
            (-33.0, "d0df"),
            (-128.0, "d080"),
            (-129.0, "d1ff7f"),
            (-32768.0, "d18000"),
            (-32769.0, "d2ffff7fff"),
            (-2147483648.0, "d280000000"),
            (-2147483649.0, "d3ffffffff7fffffff"),
            (-9223372036854775808.0, "d38000000000000000"),
            (9223372036854774784.0, "cf7ffffffffffffc00"),
        ];
        for &(x, want) in cases {
            assert_eq!(hex(&packed(&[n(x)])), want, "{x}");
        }
    }

    #[test]
    fn other_numbers_are_floats_single_when_exact() {
        let cases: &[(f64, &str)] = &[
            (0.5, "ca3f000000"),
            (-2.75, "cac0300000"),
            (0.1, "cb3fb999999999999a"),
            (9223372036854775808.0, "ca5f000000"), // 2^63: no i64 holds it
            (f64::INFINITY, "ca7f800000"),
            (f64::NEG_INFINITY, "caff800000"),
            (f64::from(f32::MAX), "ca7f7fffff"),
            (3.4028235677973366e38, "cb47effffff0000000"),
            (2f64.powi(-149), "ca00000001"),
            (2f64.powi(-150), "cb3690000000000000"),
            (1e300, "cb7e37e43c8800759c"),
        ];
        for &(x, want) in cases {
            assert_eq!(hex(&packed(&[n(x)])), want, "{x}");
        }
        // NaN is never single: its bits go as they are (x86's 0/0 is negative).
        assert_eq!(
            hex(&packed(&[n(f64::from_bits(0xfff8_0000_0000_0000))])),
            "cbfff8000000000000"
        );
        assert_eq!(hex(&packed(&[n(f64::NAN)])), "cb7ff8000000000000");
    }

    #[test]
    fn strings_booleans_and_nil() {
        assert_eq!(hex(&packed(&[s(b"")])), "a0");
        assert_eq!(hex(&packed(&[s(b"a\0b")])), "a3610062");
        assert_eq!(hex(&packed(&[s(b"12")])), "a23132", "a numeric string stays a string");
        for (len, head) in [
            (31usize, "bf"),
            (32, "d920"),
            (255, "d9ff"),
            (256, "da0100"),
            (65535, "daffff"),
            (65536, "db00010000"),
        ] {
            let out = packed(&[s(&vec![b'x'; len])]);
            assert_eq!(hex(&out[..head.len() / 2]), head, "{len}");
            assert_eq!(out.len(), len + head.len() / 2);
        }
        let mut vm = Vm::new();
        let f = vm.native("f", pack);
        assert_eq!(
            hex(&packed_in(
                &mut vm,
                &[Value::Bool(true), Value::Bool(false), Value::Nil, f]
            )),
            "c3c2c0c0"
        );
    }

    #[test]
    fn tables_with_keys_one_to_n_are_arrays_others_maps() {
        let mut vm = Vm::new();
        let empty = new_table(&mut vm, &[]);
        let arr = new_table(&mut vm, &[(n(1.0), n(1.0)), (n(2.0), s(b"a"))]);
        let holes = new_table(&mut vm, &[(n(1.0), n(1.0)), (n(2.0), n(2.0)), (n(4.0), n(4.0))]);
        let from_two = new_table(&mut vm, &[(n(2.0), n(2.0))]);
        let zero = new_table(&mut vm, &[(n(0.0), n(1.0))]);
        let frac = new_table(&mut vm, &[(n(1.5), n(1.0))]);
        let big = new_table(&mut vm, &[(n(2147483648.0), n(1.0))]);
        let strkey = new_table(&mut vm, &[(s(b"1"), n(1.0))]);
        let out = [empty, arr, holes, from_two, zero, frac, big, strkey].map(|t| hex(&packed_in(&mut vm, &[t])));
        assert_eq!(
            out,
            [
                "90",
                "9201a161",
                "83010102020404",
                "810202",
                "810001",
                "81ca3fc0000001",
                "81ce8000000001",
                "81a13101",
            ]
        );
        // 16 and 65536 elements change the header.
        let items: Vec<(Value, Value)> = (1..=16).map(|i| (n(f64::from(i)), n(0.0))).collect();
        let t = new_table(&mut vm, &items);
        assert_eq!(hex(&packed_in(&mut vm, &[t])[..3]), "dc0010");
        let items: Vec<(Value, Value)> = (1..=16).map(|i| (s(format!("k{i}").as_bytes()), n(0.0))).collect();
        let t = new_table(&mut vm, &items);
        assert_eq!(hex(&packed_in(&mut vm, &[t])[..3]), "de0010");
    }

    #[test]
    fn tables_sixteen_deep_and_the_seventeenth_is_nil() {
        let mut vm = Vm::new();
        let t = vm.heap.new_table(Table::default());
        vm.raw_set(t, n(1.0), Value::Table(t));
        assert_eq!(
            hex(&packed_in(&mut vm, &[Value::Table(t)])),
            format!("{}c0", "91".repeat(16))
        );
        let m = vm.heap.new_table(Table::default());
        vm.raw_set(m, s(b"a"), Value::Table(m));
        assert_eq!(
            hex(&packed_in(&mut vm, &[Value::Table(m)])),
            format!("{}c0", "81a161".repeat(16))
        );
        // Two self-references: 2^16 nils and 2^16 - 1 headers, quickly.
        vm.raw_set(t, n(2.0), Value::Table(t));
        assert_eq!(packed_in(&mut vm, &[Value::Table(t)]).len(), 131_071);
    }

    #[test]
    fn pack_concatenates_its_arguments_and_needs_one() {
        let mut vm = Vm::new();
        let e = new_table(&mut vm, &[]);
        assert_eq!(hex(&packed_in(&mut vm, &[n(1.0), s(b"a"), e])), "01a16190");
        assert_eq!(hex(&packed(&[Value::Nil, Value::Nil, n(3.0)])), "c0c003");
        assert_eq!(
            call(&mut vm, pack, &[]).unwrap_err(),
            "bad argument #0 to '?' (MessagePack pack needs input.)"
        );
        let many = vec![n(1.0); 4001];
        assert_eq!(
            call(&mut vm, pack, &many).unwrap_err(),
            "bad argument #0 to '?' (Too many arguments for MessagePack pack.)"
        );
        assert_eq!(packed(&many[..4000]).len(), 4000);
    }

    #[test]
    fn pack_runs_out_of_stack_where_the_c_code_does() {
        let mut vm = Vm::new();
        let mut args = vec![n(1.0); 4000];
        args[3998] = new_table(&mut vm, &[]); // the 3999th: 7999 on the stack, +2
        assert_eq!(
            call(&mut vm, pack, &args).unwrap_err(),
            "stack overflow (in function table_is_an_array)"
        );
        let inner = new_table(&mut vm, &[]);
        args[3998] = n(1.0);
        args[3997] = new_table(&mut vm, &[(s(b"a"), inner.clone())]);
        assert_eq!(
            call(&mut vm, pack, &args).unwrap_err(),
            "stack overflow (in function mp_encode_lua_table_as_map)"
        );
        args[3997] = n(1.0);
        args[3995] = new_table(&mut vm, &[(s(b"a"), inner)]);
        assert_eq!(packed_in(&mut vm, &args).len(), 4003);
    }

    #[test]
    fn pack_refuses_a_result_past_max_string() {
        let half = s(&vec![b'a'; MAX_STRING / 2]);
        let mut vm = Vm::new();
        assert_eq!(
            call(&mut vm, pack, &[half.clone(), half]).unwrap_err(),
            "not enough memory"
        );
        let just = s(&vec![b'a'; MAX_STRING - 5]);
        assert_eq!(packed(&[just]).len(), MAX_STRING);
    }

    #[test]
    fn unpack_reads_every_type() {
        let mut vm = Vm::new();
        let got = unpacked(
            &mut vm,
            b"\x00\x7f\xe0\xff\xcc\xff\xcd\x01\x00\xce\xff\xff\xff\xff\xcf\xff\xff\xff\xff\xff\xff\xff\xff\
              \xd0\x80\xd1\x80\x00\xd2\x80\x00\x00\x00\xd3\x80\x00\x00\x00\x00\x00\x00\x00\
              \xc0\xc2\xc3\xca\x3f\xc0\x00\x00\xcb\x3f\xb9\x99\x99\x99\x99\x99\x9a\
              \xa1a\xd9\x01b\xda\x00\x01c\xdb\x00\x00\x00\x01d",
        )
        .unwrap();
        let shown: Vec<String> = got.iter().map(text).collect();
        assert_eq!(
            shown,
            [
                "0",
                "127",
                "-32",
                "-1",
                "255",
                "256",
                "4294967295",
                "-1",
                "-128",
                "-32768",
                "-2147483648",
                "-9.2233720368548e+18",
                "nil",
                "false",
                "true",
                "1.5",
                "0.1",
                "a",
                "b",
                "c",
                "d"
            ]
        );
    }

    #[test]
    fn unpack_builds_tables_in_order() {
        let mut vm = Vm::new();
        let got = unpacked(&mut vm, b"\x93\x01\xa1x\x92\xc3\xc0\x82\xa1a\x01\x01\xa1b").unwrap();
        let Value::Table(arr) = got[0] else { panic!("{got:?}") };
        assert_eq!(vm.heap.table(arr).len(), 3);
        assert_eq!(text(&vm.heap.table(arr).get_int(2)), "x");
        let Value::Table(inner) = vm.heap.table(arr).get_int(3) else {
            panic!()
        };
        assert!(matches!(vm.heap.table(inner).get_int(1), Value::Bool(true)));
        let Value::Table(map) = got[1] else { panic!("{got:?}") };
        assert_eq!(text(&vm.heap.table(map).get(&s(b"a"))), "1");
        assert_eq!(text(&vm.heap.table(map).get(&n(1.0))), "b");
        // Empty containers of every size form.
        let got = unpacked(
            &mut vm,
            b"\x90\x80\xdc\x00\x00\xdd\x00\x00\x00\x00\xde\x00\x00\xdf\x00\x00\x00\x00",
        )
        .unwrap();
        assert_eq!(got.len(), 6);
        for v in got {
            let Value::Table(t) = v else { panic!() };
            assert!(vm.heap.table(t).is_empty());
        }
    }

    #[test]
    fn every_number_and_string_survives_a_round_trip() {
        let mut vm = Vm::new();
        let mut values = vec![0.0, -0.0, 0.5, 0.1, -1e-300, 1e300, f64::INFINITY, f64::NEG_INFINITY];
        for e in 0..64 {
            let p = 2f64.powi(e);
            values.extend([p, p - 1.0, p + 1.0, -p, -p - 1.0, -p + 1.0, p / 3.0, -p * 1.1]);
        }
        for x in values {
            let out = packed_in(&mut vm, &[n(x)]);
            let back = unpacked(&mut vm, &out).unwrap();
            let Value::Num(y) = back[0] else { panic!() };
            // Integers past 2^63 - 1 wrap in both directions (uint 64 is read as signed);
            // no such value is made: 2^63 and up are floats.
            assert_eq!(y.to_bits(), if x == 0.0 { 0 } else { x.to_bits() }, "{x}");
        }
        for len in [0, 1, 31, 32, 255, 256, 65535, 65536] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7) as u8).collect();
            let out = packed_in(&mut vm, &[s(&data)]);
            let back = unpacked(&mut vm, &out).unwrap();
            let Value::Str(b) = &back[0] else { panic!() };
            assert_eq!(b.bytes(), &data[..]);
        }
    }

    #[test]
    fn a_single_float_nan_keeps_its_sign_and_payload() {
        assert_eq!(f32_to_f64(0xffc0_0000).to_bits(), 0xfff8_0000_0000_0000);
        assert_eq!(f32_to_f64(0x7f80_0001).to_bits(), 0x7ff8_0000_2000_0000, "quieted");
        assert_eq!(f32_to_f64(0x3f80_0000), 1.0);
        assert_eq!(f32_to_f64(0x0000_0001), 2f64.powi(-149));
    }

    #[test]
    fn unknown_types_are_bad_format_and_cut_values_missing_bytes() {
        let mut vm = Vm::new();
        for b in 0..=255u8 {
            let got = unpacked(&mut vm, &[b]);
            let bad = matches!(b, 0xc1 | 0xc4..=0xc9 | 0xd4..=0xd8);
            match got {
                Err(e) if bad => assert_eq!(e, "Bad data format in input."),
                Err(e) => assert_eq!(e, "Missing bytes in input.", "{b:02x}"),
                Ok(_) => assert!(!bad, "{b:02x}"),
            }
        }
        // Every strict prefix of one value is cut short.
        let mut whole = Vec::new();
        for x in [300.0, -70000.0, 1e300, 0.5, 5e9] {
            whole.push(packed_in(&mut vm, &[n(x)]));
        }
        let nested = new_table(&mut vm, &[(s(b"key"), s(b"value")), (n(1.5), Value::Bool(true))]);
        let outer = new_table(&mut vm, &[(n(1.0), nested), (n(2.0), s(&[b'z'; 300]))]);
        whole.push(packed_in(&mut vm, &[outer]));
        for w in whole {
            for cut in 1..w.len() {
                assert_eq!(
                    unpacked(&mut vm, &w[..cut]).unwrap_err(),
                    "Missing bytes in input.",
                    "{}",
                    hex(&w[..cut])
                );
            }
            assert!(unpacked(&mut vm, &w).is_ok());
        }
    }

    #[test]
    fn a_nil_or_nan_map_key_is_lua_s_own_error() {
        let mut vm = Vm::new();
        assert_eq!(unpacked(&mut vm, b"\x81\xc0\x01").unwrap_err(), "table index is nil");
        assert_eq!(
            unpacked(&mut vm, b"\x81\xcb\xff\xf8\x00\x00\x00\x00\x00\x00\x01").unwrap_err(),
            "table index is NaN"
        );
        // The value is read first: a missing one is reported instead.
        assert_eq!(unpacked(&mut vm, b"\x81\xc0").unwrap_err(), "Missing bytes in input.");
        // Nil values are fine, in maps and arrays.
        let got = unpacked(&mut vm, b"\x81\x01\xc0\x92\xc0\x01").unwrap();
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn unpack_stops_where_lua_s_stack_would() {
        let mut vm = Vm::new();
        assert_eq!(unpacked(&mut vm, &[1; 7999]).unwrap().len(), 7999);
        assert_eq!(
            unpacked(&mut vm, &[1; 8000]).unwrap_err(),
            format!("stack overflow ({TOO_MANY_VALUES})")
        );
        // Extra arguments stay on unpack's stack.
        assert!(call(&mut vm, unpack, &[s(&[1; 7998]), n(1.0)]).is_ok());
        assert!(call(&mut vm, unpack, &[s(&[1; 7999]), n(1.0)]).is_err());
        let mut deep = vec![0x91u8; 3999];
        deep.push(1);
        assert_eq!(unpacked(&mut vm, &deep).unwrap().len(), 1);
        deep.insert(0, 0x91);
        assert_eq!(
            unpacked(&mut vm, &deep).unwrap_err(),
            "stack overflow (in function mp_decode_to_lua_array)"
        );
        // Maps nested as values take two places a level too.
        let mut maps = b"\x81\x01".repeat(3999);
        maps.push(1);
        assert!(unpacked(&mut vm, &maps).is_ok());
        let mut maps = b"\x81\x01".repeat(4000);
        maps.push(1);
        assert_eq!(
            unpacked(&mut vm, &maps).unwrap_err(),
            format!("stack overflow ({TOO_MANY_VALUES})")
        );
        // unpack_limit's offset needs one more place.
        let r = call(&mut vm, unpack_limit, &[s(&[1; 8000]), n(7998.0)]).unwrap();
        assert_eq!((r.len(), text(&r[0])), (7999, "7998".to_string()));
        assert_eq!(
            call(&mut vm, unpack_limit, &[s(&[1; 8000]), n(7999.0)]).unwrap_err(),
            "stack overflow (in function mp_unpack_full)"
        );
    }

    #[test]
    fn unpack_one_and_unpack_limit_walk_a_stream() {
        let mut vm = Vm::new();
        let data = s(b"\x91\x01\xa3two\x03");
        let mut offsets = Vec::new();
        let mut off = 0.0;
        loop {
            let r = call(&mut vm, unpack_one, &[data.clone(), n(off)]).unwrap();
            assert_eq!(r.len(), 2);
            let Value::Num(next) = r[0] else { panic!() };
            offsets.push(next);
            if next == -1.0 {
                break;
            }
            off = next;
        }
        assert_eq!(offsets, [2.0, 6.0, -1.0]);
        let all = |vm: &mut Vm, f: NativeFn, args: &[Value]| -> String {
            match call(vm, f, args) {
                Ok(v) => v.iter().map(text).collect::<Vec<_>>().join(" "),
                Err(e) => e,
            }
        };
        let d = s(b"\x01\x02\x03");
        assert_eq!(
            all(&mut vm, unpack_limit, &[d.clone(), n(0.0)]),
            "1 2 3",
            "limit 0: everything, no offset"
        );
        assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(2.0)]), "2 1 2");
        assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(9.0)]), "-1 1 2 3");
        assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(0.0), n(1.0)]), "1");
        assert_eq!(all(&mut vm, unpack_limit, &[d.clone(), n(0.0), n(3.0)]), "-1");
        assert_eq!(all(&mut vm, unpack_one, &[s(b"")]), "-1");
        assert_eq!(all(&mut vm, unpack, &[s(b"")]), "");
        assert_eq!(
            all(&mut vm, unpack_one, &[d.clone(), n(-1.0)]),
            "Invalid request to unpack with offset of -1 and limit of 3."
        );
        assert_eq!(
            all(&mut vm, unpack_limit, &[d.clone(), n(-5.0), n(1.0)]),
            "Invalid request to unpack with offset of 1 and limit of 3."
        );
        assert_eq!(
            all(&mut vm, unpack_one, &[d.clone(), n(4294967300.0)]),
            "Start offset 4 greater than input length 3."
        );
        assert_eq!(
            all(&mut vm, unpack_limit, &[d.clone(), n(1e300)]),
            "Invalid request to unpack with offset of 0 and limit of 3."
        );
        assert_eq!(
            all(&mut vm, unpack_one, &[d.clone(), s(b"x")]),
            "bad argument #2 to '?' (number expected, got string)"
        );
        assert_eq!(
            all(&mut vm, unpack_limit, &[d]),
            "bad argument #2 to '?' (number expected, got no value)"
        );
        assert_eq!(
            all(&mut vm, unpack, &[]),
            "bad argument #1 to '?' (string expected, got no value)"
        );
        // A number is read as its string: 12 is "12", 0x31 0x32.
        assert_eq!(all(&mut vm, unpack, &[n(12.0)]), "49 50");
    }

    #[test]
    fn unpack_refuses_to_grow_the_heap_past_its_cap() {
        let mut vm = Vm::new();
        let mut data = vec![0xdd, 0x00, 0x00, 0x10, 0x00];
        data.extend([0x90; 4096]);
        let args = [s(&data)];
        let capped = unpack_capped(&mut vm, &args, (0, 0), 1, 100_000).map(|_| ());
        assert!(matches!(capped, Err(ref e) if text(e) == "not enough memory"));
        assert!(unpack_capped(&mut vm, &args, (0, 0), 1, 10_000_000).is_ok());
    }

    #[test]
    fn no_input_makes_unpack_panic() {
        // A fixed pseudo-random walk over byte strings biased towards headers.
        let mut vm = Vm::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let pool = [
            0x90u8, 0x93, 0x81, 0x82, 0xdc, 0xdd, 0xde, 0xdf, 0xa2, 0xd9, 0xda, 0xdb, 0xcf, 0xd3, 0xca, 0xcb, 0xc0,
            0x01, 0x00, 0xff,
        ];
        let (mut ok, mut failed) = (0, 0);
        for _ in 0..3000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (x >> 59) as usize;
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    let r = x.rotate_left(i as u32 * 7);
                    if r & 1 == 0 {
                        pool[(r >> 8) as usize % pool.len()]
                    } else {
                        (r >> 16) as u8
                    }
                })
                .collect();
            match unpacked(&mut vm, &data) {
                Ok(_) => ok += 1,
                Err(_) => failed += 1,
            }
            for f in [unpack_one as NativeFn, unpack_limit] {
                let _ = call(&mut vm, f, &[s(&data), n(1.0), n((x & 3) as f64)]);
            }
        }
        assert!(ok > 100 && failed > 100, "{ok} decoded, {failed} refused");
    }

    #[test]
    fn open_makes_the_global_table() {
        let mut vm = Vm::new();
        open(&mut vm);
        let Value::Table(lib) = vm.get_global("cmsgpack") else {
            panic!()
        };
        let t = vm.heap.table(lib);
        for f in ["pack", "unpack", "unpack_one", "unpack_limit"] {
            assert!(matches!(t.get(&Value::str(f)), Value::Func(_)), "{f}");
        }
        assert_eq!(text(&t.get(&Value::str("_VERSION"))), "lua-cmsgpack 0.4.0");
        assert_eq!(text(&t.get(&Value::str("_NAME"))), "cmsgpack");
        assert!(t.get(&Value::str("cmsgpack_safe")).is_nil());
    }
}
