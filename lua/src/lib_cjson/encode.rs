//! Encoding: `cjson.encode` (lua_cjson.c's json_append_* and json_encode). Apart from
//! decoding as in the C file's own halves: the two share only the settings they read.

use super::{load, upvals, Config, MAX_C_STACK};
use crate::heap::Heap;
use crate::lib_base::arg_error;
use crate::lib_string::MAX_STRING;
use crate::number::FormatArg;
use crate::value::{TableRef, Value};
use crate::vm::{Ret, Vm};

/// Why an encoding stopped.
pub(super) enum EncodeError {
    /// luaL_error's message.
    Message(String),
    /// The result would pass MAX_STRING.
    Memory,
}

/// A table being written: an array with the next index and its length, or an object
/// with the last key `next` gave.
enum Open {
    Array { t: TableRef, next: i64, len: i64 },
    Object { t: TableRef, key: Value, first: bool },
}

impl Open {
    /// The Lua stack slots the C code holds for it while it writes a value in it: the
    /// value (rawgeti), or the key and the value (lua_next).
    fn slots(&self) -> usize {
        match self {
            Open::Array { .. } => 1,
            Open::Object { .. } => 2,
        }
    }
}

/// char2escape: what a string byte becomes, if it is escaped.
fn escape(b: u8) -> Option<&'static [u8]> {
    Some(match b {
        b'\x08' => b"\\b",
        b'\t' => b"\\t",
        b'\n' => b"\\n",
        b'\x0c' => b"\\f",
        b'\r' => b"\\r",
        b'"' => b"\\\"",
        b'\\' => b"\\\\",
        b'/' => b"\\/",
        _ => return None,
    })
}

/// The name lua_typename gives a value (`cjson.null` is a userdata in Redis).
fn type_name(v: &Value, null: &Value) -> &'static str {
    if v.raw_eq(null) {
        "userdata"
    } else {
        v.type_name()
    }
}

/// The x86-64 conversion of a double to a C `int` (cvttsd2si): INT_MIN when it does not
/// fit.
pub(super) fn c_int(k: f64) -> i32 {
    if k > -2_147_483_649.0 && k < 2_147_483_648.0 {
        k as i32
    } else {
        i32::MIN
    }
}

pub(super) struct Encoder<'a> {
    pub(super) heap: &'a Heap,
    pub(super) cfg: Config,
    pub(super) null: &'a Value,
    pub(super) out: Vec<u8>,
    pub(super) work: u64,
    /// The longest result allowed (MAX_STRING).
    pub(super) limit: usize,
}

impl Encoder<'_> {
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        if self.out.len().saturating_add(bytes.len()) > self.limit {
            return Err(EncodeError::Memory);
        }
        self.out.extend_from_slice(bytes);
        Ok(())
    }

    fn exception(&self, v: &Value, reason: &str) -> EncodeError {
        EncodeError::Message(format!("Cannot serialise {}: {reason}", type_name(v, self.null)))
    }

    /// json_append_string: runs of plain bytes copied at once, the others escaped.
    fn string(&mut self, s: &[u8]) -> Result<(), EncodeError> {
        self.work += s.len() as u64 / 16;
        self.put(b"\"")?;
        let mut rest = s;
        while !rest.is_empty() {
            let plain = rest
                .iter()
                .position(|&b| b < 0x20 || matches!(b, b'"' | b'\\' | b'/' | 0x7f))
                .unwrap_or(rest.len());
            self.put(&rest[..plain])?;
            let Some(&b) = rest.get(plain) else { break };
            match escape(b) {
                Some(e) => self.put(e)?,
                None => self.put(format!("\\u{b:04x}").as_bytes())?,
            }
            rest = &rest[plain + 1..];
        }
        self.put(b"\"")
    }

    /// json_append_number: `%.<precision>g` (fpconv_g_fmt), NaN and infinities as the
    /// setting says.
    fn number(&mut self, n: f64, v: &Value) -> Result<(), EncodeError> {
        match self.cfg.encode_invalid_numbers {
            0 if !n.is_finite() => return Err(self.exception(v, "must not be NaN or Inf")),
            0 => {}
            1 if n.is_nan() => return self.put(b"nan"),
            1 => {}
            _ if !n.is_finite() => return self.put(b"null"),
            _ => {}
        }
        let precision = self.cfg.encode_number_precision;
        let text = if precision == 14 {
            crate::number::fmt(n)
        } else {
            let spec = format!("%.{precision}g");
            crate::number::format(spec.as_bytes(), &[FormatArg::Num(n)]).unwrap_or_else(|_| crate::number::fmt(n))
        };
        self.put(&text)
    }

    /// lua_array_length: the array's length, or None for an object (an error when it is
    /// excessively sparse and converting is off).
    fn array_length(&mut self, t: TableRef, v: &Value) -> Result<Option<i64>, EncodeError> {
        let table = self.heap.table(t);
        let mut max: i32 = 0;
        let mut items: i32 = 0;
        let mut key = Value::Nil;
        while let Ok(Some((k, _))) = table.next(&key) {
            self.work += 1;
            match k {
                Value::Num(n) if n != 0.0 && n.floor() == n && n >= 1.0 => {
                    if n > f64::from(max) {
                        max = c_int(n);
                    }
                    items = items.wrapping_add(1);
                }
                _ => return Ok(None),
            }
            key = k;
        }
        let c = &self.cfg;
        if c.sparse_ratio > 0 && max > items.wrapping_mul(c.sparse_ratio) && max > c.sparse_safe {
            if c.sparse_convert == 0 {
                return Err(self.exception(v, "excessively sparse array"));
            }
            return Ok(None);
        }
        Ok(Some(i64::from(max)))
    }

    /// json_append_data for one value: a scalar is written, a table opened (pushed on
    /// `open`, after json_check_encode_depth's test).
    fn value(&mut self, v: &Value, open: &mut Vec<Open>, height: &mut usize) -> Result<(), EncodeError> {
        self.work += 1;
        match v {
            Value::Str(s) => self.string(s.bytes()),
            Value::Num(n) => self.number(*n, v),
            Value::Bool(true) => self.put(b"true"),
            Value::Bool(false) => self.put(b"false"),
            Value::Nil => self.put(b"null"),
            Value::Table(t) => {
                let depth = open.len() + 1;
                if depth > self.cfg.encode_max_depth.max(0) as usize || *height + 3 > MAX_C_STACK {
                    return Err(EncodeError::Message(format!(
                        "Cannot serialise, excessive nesting ({depth})"
                    )));
                }
                let frame = match self.array_length(*t, v)? {
                    Some(len) if len > 0 => {
                        self.put(b"[")?;
                        Open::Array { t: *t, next: 1, len }
                    }
                    _ => {
                        self.put(b"{")?;
                        Open::Object {
                            t: *t,
                            key: Value::Nil,
                            first: true,
                        }
                    }
                };
                *height += frame.slots();
                open.push(frame);
                Ok(())
            }
            Value::Func(_) if v.raw_eq(self.null) => self.put(b"null"),
            Value::Func(_) => Err(self.exception(v, "type not supported")),
        }
    }

    /// json_encode's work: the value's JSON text.
    pub(super) fn encode(&mut self, root: &Value) -> Result<(), EncodeError> {
        let mut open: Vec<Open> = Vec::new();
        // The encoded value is json_encode's argument, slot 1.
        let mut height = 1;
        self.value(root, &mut open, &mut height)?;
        while let Some(top) = open.last_mut() {
            match top {
                Open::Array { t, next, len } => {
                    if *next > *len {
                        height -= 1;
                        open.pop();
                        self.put(b"]")?;
                        continue;
                    }
                    let v = self.heap.table(*t).get_int(*next);
                    let comma = *next > 1;
                    *next += 1;
                    if comma {
                        self.put(b",")?;
                    }
                    self.value(&v, &mut open, &mut height)?;
                }
                Open::Object { t, key, first } => {
                    let Ok(Some((k, v))) = self.heap.table(*t).next(key) else {
                        height -= 2;
                        open.pop();
                        self.put(b"}")?;
                        continue;
                    };
                    *key = k.clone();
                    let comma = !*first;
                    *first = false;
                    if comma {
                        self.put(b",")?;
                    }
                    match &k {
                        Value::Num(n) => {
                            self.put(b"\"")?;
                            self.number(*n, &k)?;
                            self.put(b"\":")?;
                        }
                        Value::Str(s) => {
                            self.string(s.bytes())?;
                            self.put(b":")?;
                        }
                        _ => return Err(self.exception(&k, "table key must be a number or string")),
                    }
                    self.value(&v, &mut open, &mut height)?;
                }
            }
        }
        Ok(())
    }
}

/// json_encode: `cjson.encode(v)`.
pub(super) fn encode(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    let u = upvals(vm, up)?;
    if args.len() != 1 {
        return Err(arg_error(vm, 1, "encode", "expected 1 argument"));
    }
    let cfg = load(vm, u.config);
    let mut e = Encoder {
        heap: &vm.heap,
        cfg,
        null: &u.null,
        out: Vec::new(),
        work: 0,
        limit: MAX_STRING,
    };
    let outcome = e.encode(&args[0]);
    let (out, work) = (e.out, e.work);
    vm.charge(work + out.len() as u64 / 16);
    match outcome {
        Ok(()) => {
            let s = vm.string(&out);
            Ok(Ret::Values(vec![s]))
        }
        Err(EncodeError::Message(m)) => Err(vm.lib_error(&m)),
        Err(EncodeError::Memory) => Err(vm.lib_error("not enough memory")),
    }
}
