//! Unpacking: `cmsgpack.unpack`, `unpack_one`, `unpack_limit` (lua_cmsgpack.c's
//! mp_decode_* and mp_unpack_full). Apart from packing: a cursor over the input and
//! the open arrays and maps, kept in a vector rather than on the Rust stack.

use super::{stack_full, MAX_DECODED, TOO_MANY_VALUES};
use crate::lib_base::{check_bytes, check_int, opt_int};
use crate::table::{KeyError, Table};
use crate::value::{TableRef, Value};
use crate::vm::{Ret, Vm};

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
pub(super) fn f32_to_f64(bits: u32) -> f64 {
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
pub(super) fn unpack_capped(
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
pub(super) fn unpack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    unpack_full(vm, args, 0, 0, args.len())
}

/// mp_unpack_one: the offset is read first, then the string (only it stays).
pub(super) fn unpack_one(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let offset = opt_int(vm, args, 2, "unpack_one", 0)?;
    unpack_full(vm, args, 1, offset, 1)
}

/// mp_unpack_limit: the limit, then the offset, then the string.
pub(super) fn unpack_limit(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let limit = check_int(vm, args, 2, "unpack_limit")?;
    let offset = opt_int(vm, args, 3, "unpack_limit", 0)?;
    unpack_full(vm, args, limit, offset, 1)
}
