//! Packing: `cmsgpack.pack` (lua_cmsgpack.c's mp_encode_* and mp_pack). Apart from
//! unpacking, as the C file keeps its halves: they share only the stack model.

use super::{stack_full, MAX_NESTING};
use crate::heap::Heap;
use crate::lib_string::MAX_STRING;
use crate::value::{TableRef, Value};
use crate::vm::{Ret, Vm};

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
pub(super) fn pack(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
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
