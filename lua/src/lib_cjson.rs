//! Redis's `cjson` library (Redis 7.0.15's deps/lua/src/lua_cjson.c: Mark Pulford's
//! Lua CJSON 2.1.0 with Redis's overflow fixes, over strbuf.c and fpconv.c): JSON for
//! Lua values. `cjson.encode(v)` serialises one value, `cjson.decode(s)` reads one JSON
//! text; `encode_sparse_array`, `encode_max_depth`, `decode_max_depth`,
//! `encode_number_precision`, `encode_keep_buffer`, `encode_invalid_numbers` and
//! `decode_invalid_numbers` read and change the settings; `cjson.new()` makes another
//! module table with settings of its own; `cjson.null` stands for JSON's null; `_NAME`
//! and `_VERSION` are "cjson" and "2.1.0".
//!
//! What the C code does, reproduced (each seen on the oracle, Redis 7.0.15 on x86-64):
//! - numbers print with `%.14g` (`encode_number_precision`, 1 to 14, changes the 14);
//!   NaN and ±inf are refused ("Cannot serialise number: must not be NaN or Inf") unless
//!   `encode_invalid_numbers` is "on" (`nan`, `inf`, `-inf`) or "null";
//! - strings escape `"`, `\`, `/` (as `\/`), the control bytes (`\b \t \n \f \r`, others
//!   `\u00XX`) and DEL (`\u007f`); other bytes pass as they are (no UTF-8 check);
//! - a table is an array when every key is a whole number >= 1 (lua_array_length): `[`
//!   the values 1..max `]`, holes as `null`, unless it is "excessively sparse" (max
//!   greater than both ratio x items and safe, defaults 2 and 10), which is an error
//!   ("Cannot serialise table: excessively sparse array") or, with
//!   `encode_sparse_array(true)`, an object; the key's conversion to a C `int` is
//!   x86-64's (2^31 and above give INT_MIN, so `{[2^31] = 1}` is an object); any other
//!   table, the empty one included, is an object in `next` order with number keys
//!   quoted; other key types are "Cannot serialise <type>: table key must be a number
//!   or string", functions "Cannot serialise function: type not supported";
//! - nesting past `encode_max_depth` (1000) is "Cannot serialise, excessive nesting (N)",
//!   and so is nesting Lua's C stack (LUAI_MAXCSTACK, 8000 slots) could not hold when the
//!   limit is raised: arrays fail at 7998 levels, objects at 4000;
//! - decoding reads what glibc's `strtod` reads as numbers (hexadecimal, `inf`, `nan`,
//!   `+1`, leading zeros) unless `decode_invalid_numbers(false)`; `\uXXXX` escapes and
//!   surrogate pairs become UTF-8; nulls become `cjson.null`; the input ends at its first
//!   zero byte, and one in the first two bytes is "JSON parser does not support UTF-16 or
//!   UTF-32"; errors are "Expected <what> but found <token> at character <n>", and
//!   nesting past `decode_max_depth` (or the C stack: arrays 7999, objects 4000) "Found
//!   too many nested data structures (N) at character <n>";
//! - the settings live as long as the Lua state (a script changing them changes them
//!   for the next scripts, as in Redis), and a failing setter keeps what it set before
//!   the bad argument; range errors name argument #1 whichever argument was wrong.
//!
//! How: the settings are a table only the library's functions reach (their first
//! upvalue); neither direction recurses on the Rust stack: encoding and decoding keep
//! their open tables in a vector.
//!
//! Differences, and why:
//! - `cjson.null` is C's NULL light userdata, a type this VM does not have: here it is a
//!   library function shared by every cjson table, so `cjson.decode('null') ==
//!   cjson.null` holds, it encodes as `null`, a script returning it replies nil, but
//!   `type(cjson.null)` is "function" (Redis: "userdata") and `tostring` shows a
//!   function. Calling it fails as calling a userdata does (the message names the
//!   callee only when it was read as a field `null`).
//! - `encode_keep_buffer` only records its setting: the C buffer it keeps is invisible.
//! - `cjson.safe` is not there (Redis does not load it).
//! - An encoding longer than `lib_string::MAX_STRING` is refused with "not enough
//!   memory", and so is a decoding adding more than `MAX_DECODED` bytes to the heap
//!   (Redis would allocate them).

use crate::heap::Heap;
use crate::lib_base::{arg_error, check_bytes, check_int};
use crate::lib_string::MAX_STRING;
use crate::number::FormatArg;
use crate::table::Table;
use crate::value::{TableRef, Value};
use crate::vm::{NativeFn, Ret, Vm};

/// LUAI_MAXCSTACK: the most values a C function may have on Lua's stack.
const MAX_C_STACK: usize = 8000;
/// What one `decode` may add to the script's heap (its accounted bytes).
pub const MAX_DECODED: usize = 2 * MAX_STRING;

// ---- settings ------------------------------------------------------------------------

/// json_config_t's settings (DEFAULT_* of lua_cjson.c in `Default`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Config {
    sparse_convert: i32,
    sparse_ratio: i32,
    sparse_safe: i32,
    encode_max_depth: i32,
    /// 0: refuse, 1: encode (`nan`, `inf`), 2: encode as `null`.
    encode_invalid_numbers: i32,
    encode_number_precision: i32,
    encode_keep_buffer: i32,
    decode_invalid_numbers: i32,
    decode_max_depth: i32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sparse_convert: 0,
            sparse_ratio: 2,
            sparse_safe: 10,
            encode_max_depth: 1000,
            encode_invalid_numbers: 0,
            encode_number_precision: 14,
            encode_keep_buffer: 1,
            decode_invalid_numbers: 1,
            decode_max_depth: 1000,
        }
    }
}

impl Config {
    fn fields(&mut self) -> [&mut i32; 9] {
        [
            &mut self.sparse_convert,
            &mut self.sparse_ratio,
            &mut self.sparse_safe,
            &mut self.encode_max_depth,
            &mut self.encode_invalid_numbers,
            &mut self.encode_number_precision,
            &mut self.encode_keep_buffer,
            &mut self.decode_invalid_numbers,
            &mut self.decode_max_depth,
        ]
    }
}

/// The library's functions' upvalues: the settings' table and `cjson.null`.
struct Upvals {
    config: TableRef,
    null: Value,
}

/// json_fetch_config: the settings table is upvalue 1, `null` upvalue 2.
fn upvals(vm: &Vm, up: &[Value]) -> Result<Upvals, Value> {
    match up {
        [Value::Table(config), null, ..] => Ok(Upvals {
            config: *config,
            null: null.clone(),
        }),
        _ => Err(vm.lib_error("BUG: Unable to fetch CJSON configuration")),
    }
}

fn load(vm: &Vm, config: TableRef) -> Config {
    let mut c = Config::default();
    let t = vm.heap.table(config);
    for (i, field) in c.fields().into_iter().enumerate() {
        if let Value::Num(n) = t.get_int(i as i64 + 1) {
            *field = n as i32;
        }
    }
    c
}

fn store(vm: &mut Vm, config: TableRef, mut c: Config) {
    for (i, field) in c.fields().into_iter().enumerate() {
        vm.raw_set(config, Value::Num(i as f64 + 1.0), Value::Num(f64::from(*field)));
    }
}

fn new_config(vm: &mut Vm) -> TableRef {
    let t = vm.heap.new_table(Table::new(9, 0));
    store(vm, t, Config::default());
    t
}

/// json_arg_init: at most `n` arguments ("found too many arguments" names #n+1).
fn arg_init(vm: &Vm, args: &[Value], n: usize, f: &str) -> Result<(), Value> {
    if args.len() > n {
        return Err(arg_error(vm, n + 1, f, "found too many arguments"));
    }
    Ok(())
}

/// json_integer_option: argument `i`, if not nil, is an integer (luaL_checkinteger, then
/// C's `int`: its low 32 bits) in `min..=max` (the range error names argument #1, as
/// the C code does); the setting is returned.
fn integer_option(
    vm: &Vm,
    args: &[Value],
    i: usize,
    f: &str,
    setting: &mut i32,
    min: i32,
    max: i32,
) -> Result<Value, Value> {
    if !args.get(i - 1).is_none_or(Value::is_nil) {
        let value = check_int(vm, args, i, f)? as i32;
        if value < min || value > max {
            return Err(arg_error(
                vm,
                1,
                f,
                &format!("expected integer between {min} and {max}"),
            ));
        }
        *setting = value;
    }
    Ok(Value::Num(f64::from(*setting)))
}

/// json_enum_option: argument `i`, if not nil, is a boolean or one of `options`
/// (luaL_checkoption); the setting is returned as a boolean when it is 0 or 1, else as
/// its option's name.
fn enum_option(
    vm: &Vm,
    args: &[Value],
    i: usize,
    f: &str,
    setting: &mut i32,
    options: &[&str],
) -> Result<Value, Value> {
    match args.get(i - 1) {
        None | Some(Value::Nil) => {}
        Some(Value::Bool(b)) => *setting = i32::from(*b),
        Some(_) => {
            let name = check_bytes(vm, args, i, f)?;
            // A C string: it ends at its first zero byte.
            let name = match name.iter().position(|&b| b == 0) {
                Some(z) => &name[..z],
                None => &name[..],
            };
            match options.iter().position(|o| o.as_bytes() == name) {
                Some(k) => *setting = k as i32,
                None => {
                    let why = format!("invalid option '{}'", String::from_utf8_lossy(name));
                    return Err(arg_error(vm, i, f, &why));
                }
            }
        }
    }
    Ok(match *setting {
        0 | 1 => Value::Bool(*setting == 1),
        k => options.get(k as usize).map_or(Value::Nil, |o| Value::str(o)),
    })
}

const OFF_ON: &[&str] = &["off", "on"];

/// A setter: reads the settings, lets `f` change them (and say what to return), and
/// stores what it changed even when it fails part-way, as the C code does.
fn configure(
    vm: &mut Vm,
    up: &[Value],
    f: impl FnOnce(&Vm, &mut Config) -> Result<Vec<Value>, Value>,
) -> Result<Ret, Value> {
    let u = upvals(vm, up)?;
    let mut c = load(vm, u.config);
    let outcome = f(vm, &mut c);
    store(vm, u.config, c);
    outcome.map(Ret::Values)
}

/// json_cfg_encode_sparse_array(convert, ratio, safe).
fn encode_sparse_array(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "encode_sparse_array";
    arg_init(vm, args, 3, F)?;
    configure(vm, up, |vm, c| {
        let convert = enum_option(vm, args, 1, F, &mut c.sparse_convert, OFF_ON)?;
        let ratio = integer_option(vm, args, 2, F, &mut c.sparse_ratio, 0, i32::MAX)?;
        let safe = integer_option(vm, args, 3, F, &mut c.sparse_safe, 0, i32::MAX)?;
        Ok(vec![convert, ratio, safe])
    })
}

/// json_cfg_encode_max_depth.
fn encode_max_depth(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "encode_max_depth";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![integer_option(
            vm,
            args,
            1,
            F,
            &mut c.encode_max_depth,
            1,
            i32::MAX,
        )?])
    })
}

/// json_cfg_decode_max_depth.
fn decode_max_depth(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "decode_max_depth";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![integer_option(
            vm,
            args,
            1,
            F,
            &mut c.decode_max_depth,
            1,
            i32::MAX,
        )?])
    })
}

/// json_cfg_encode_number_precision.
fn encode_number_precision(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "encode_number_precision";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![integer_option(
            vm,
            args,
            1,
            F,
            &mut c.encode_number_precision,
            1,
            14,
        )?])
    })
}

/// json_cfg_encode_keep_buffer (the buffer itself is not observable).
fn encode_keep_buffer(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "encode_keep_buffer";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![enum_option(vm, args, 1, F, &mut c.encode_keep_buffer, OFF_ON)?])
    })
}

/// json_cfg_encode_invalid_numbers: off, on, or "null".
fn encode_invalid_numbers(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "encode_invalid_numbers";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![enum_option(
            vm,
            args,
            1,
            F,
            &mut c.encode_invalid_numbers,
            &["off", "on", "null"],
        )?])
    })
}

/// json_cfg_decode_invalid_numbers.
fn decode_invalid_numbers(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    const F: &str = "decode_invalid_numbers";
    arg_init(vm, args, 1, F)?;
    configure(vm, up, |vm, c| {
        Ok(vec![enum_option(
            vm,
            args,
            1,
            F,
            &mut c.decode_invalid_numbers,
            OFF_ON,
        )?])
    })
}

// ---- encoding ------------------------------------------------------------------------

/// Why an encoding stopped.
enum EncodeError {
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
fn c_int(k: f64) -> i32 {
    if k > -2_147_483_649.0 && k < 2_147_483_648.0 {
        k as i32
    } else {
        i32::MIN
    }
}

struct Encoder<'a> {
    heap: &'a Heap,
    cfg: Config,
    null: &'a Value,
    out: Vec<u8>,
    work: u64,
    /// The longest result allowed (MAX_STRING).
    limit: usize,
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
    fn encode(&mut self, root: &Value) -> Result<(), EncodeError> {
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
fn encode(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
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

// ---- decoding ------------------------------------------------------------------------

/// A token (json_token_t): its kind and where it starts (0-based), or for an error
/// where the error is.
#[derive(Debug)]
struct Token {
    kind: Kind,
    index: usize,
}

#[derive(Debug)]
enum Kind {
    ObjBegin,
    ObjEnd,
    ArrBegin,
    ArrEnd,
    Str(Vec<u8>),
    Num(f64),
    Bool(bool),
    Null,
    Colon,
    Comma,
    End,
    Error(&'static str),
}

impl Kind {
    /// json_token_type_name, or an error token's message.
    fn name(&self) -> &'static str {
        match self {
            Kind::ObjBegin => "T_OBJ_BEGIN",
            Kind::ObjEnd => "T_OBJ_END",
            Kind::ArrBegin => "T_ARR_BEGIN",
            Kind::ArrEnd => "T_ARR_END",
            Kind::Str(_) => "T_STRING",
            Kind::Num(_) => "T_NUMBER",
            Kind::Bool(_) => "T_BOOLEAN",
            Kind::Null => "T_NULL",
            Kind::Colon => "T_COLON",
            Kind::Comma => "T_COMMA",
            Kind::End => "T_END",
            Kind::Error(m) => m,
        }
    }
}

/// Why a decoding stopped.
enum DecodeError {
    /// luaL_error's message.
    Message(String),
    /// The decoded values would pass MAX_DECODED.
    Memory,
}

/// json_throw_parse_error.
fn parse_error(expected: &str, token: &Token) -> DecodeError {
    DecodeError::Message(format!(
        "Expected {expected} but found {} at character {}",
        token.kind.name(),
        token.index + 1
    ))
}

/// json_parse_t: the text (a C string: past its end is a zero byte) and the position.
struct Parser<'a> {
    data: &'a [u8],
    pos: usize,
    invalid_numbers: bool,
    tokens: u64,
}

fn hex_digit(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// codepoint_to_utf8 (every code point a `\u` escape gives fits in four bytes).
fn push_utf8(out: &mut Vec<u8>, cp: u32) {
    if cp <= 0x7f {
        out.push(cp as u8);
    } else if cp <= 0x7ff {
        out.extend_from_slice(&[(cp >> 6) as u8 | 0xc0, (cp & 0x3f) as u8 | 0x80]);
    } else if cp <= 0xffff {
        out.extend_from_slice(&[
            (cp >> 12) as u8 | 0xe0,
            ((cp >> 6) & 0x3f) as u8 | 0x80,
            (cp & 0x3f) as u8 | 0x80,
        ]);
    } else {
        out.extend_from_slice(&[
            (cp >> 18) as u8 | 0xf0,
            ((cp >> 12) & 0x3f) as u8 | 0x80,
            ((cp >> 6) & 0x3f) as u8 | 0x80,
            (cp & 0x3f) as u8 | 0x80,
        ]);
    }
}

/// How many bytes glibc's `strtod` reads at `s[i..]` (0: none): a sign, then `inf` or
/// `infinity`, `nan` or `nan(chars)`, a hexadecimal float with at least one digit and an
/// optional complete `p` exponent, or a decimal one with an optional complete `e`
/// exponent (the C standard's "longest initial subsequence of the expected form").
fn strtod_len(s: &[u8], start: usize) -> usize {
    let at = |i: usize| s.get(i).copied().unwrap_or(0);
    let ci = |i: usize, word: &[u8]| s.get(i..i + word.len()).is_some_and(|w| w.eq_ignore_ascii_case(word));
    let digits = |mut i: usize, hex: bool| {
        while if hex {
            at(i).is_ascii_hexdigit()
        } else {
            at(i).is_ascii_digit()
        } {
            i += 1;
        }
        i
    };
    // A complete exponent after `i` (marked by `mark`), or nothing.
    let exponent = |i: usize, mark: u8| {
        if at(i) | 0x20 != mark {
            return i;
        }
        let mut j = i + 1;
        if matches!(at(j), b'+' | b'-') {
            j += 1;
        }
        let end = digits(j, false);
        if end > j {
            end
        } else {
            i
        }
    };
    let mut i = start;
    if matches!(at(i), b'+' | b'-') {
        i += 1;
    }
    if ci(i, b"inf") {
        let len = if ci(i, b"infinity") { 8 } else { 3 };
        return i + len - start;
    }
    if ci(i, b"nan") {
        let mut end = i + 3;
        if at(end) == b'(' {
            let mut j = end + 1;
            while at(j).is_ascii_alphanumeric() || at(j) == b'_' {
                j += 1;
            }
            if at(j) == b')' {
                end = j + 1;
            }
        }
        return end - start;
    }
    if at(i) == b'0' && at(i + 1) | 0x20 == b'x' {
        let int_end = digits(i + 2, true);
        let mut end = int_end;
        let mut any = int_end > i + 2;
        if at(end) == b'.' {
            let frac_end = digits(end + 1, true);
            any |= frac_end > end + 1;
            end = frac_end;
        }
        if any {
            return exponent(end, b'p') - start;
        }
    }
    let int_end = digits(i, false);
    let mut end = int_end;
    let mut any = int_end > i;
    if at(end) == b'.' {
        let frac_end = digits(end + 1, false);
        any |= frac_end > end + 1;
        end = frac_end;
    }
    if !any {
        return 0;
    }
    exponent(end, b'e') - start
}

impl Parser<'_> {
    fn at(&self, i: usize) -> u8 {
        self.data.get(i).copied().unwrap_or(0)
    }

    fn error(&self, message: &'static str) -> Token {
        Token {
            kind: Kind::Error(message),
            index: self.pos,
        }
    }

    /// json_is_invalid_number: a "number" strict JSON does not allow (a leading `+`,
    /// hexadecimal, leading zeros, inf, nan).
    fn is_invalid_number(&self) -> bool {
        let mut p = self.pos;
        if self.at(p) == b'+' {
            return true;
        }
        if self.at(p) == b'-' {
            p += 1;
        }
        let c = self.at(p);
        if c == b'0' {
            let c2 = self.at(p + 1);
            return c2 | 0x20 == b'x' || c2.is_ascii_digit();
        }
        if c <= b'9' {
            return false;
        }
        let rest = self.data.get(p..).unwrap_or(&[]);
        let ci = |w: &[u8]| rest.get(..3).is_some_and(|r| r.eq_ignore_ascii_case(w));
        ci(b"inf") || ci(b"nan")
    }

    /// json_next_number_token: what `strtod` reads.
    fn number(&mut self) -> Token {
        let len = strtod_len(self.data, self.pos);
        let value = self
            .data
            .get(self.pos..self.pos + len)
            .filter(|t| !t.is_empty())
            .and_then(crate::number::parse);
        match value {
            Some(n) => {
                let index = self.pos;
                self.pos += len;
                Token {
                    kind: Kind::Num(n),
                    index,
                }
            }
            None => self.error("invalid number"),
        }
    }

    /// json_append_unicode_escape: `\uXXXX` (a surrogate pair: two of them) at `pos`,
    /// appended as UTF-8; false when invalid.
    fn unicode_escape(&mut self, out: &mut Vec<u8>) -> bool {
        let hex4 = |p: &Parser, i: usize| -> Option<u32> {
            (0..4).try_fold(0u32, |acc, k| Some(acc * 16 + hex_digit(p.at(i + k))?))
        };
        let Some(mut cp) = hex4(self, self.pos + 2) else {
            return false;
        };
        let mut len = 6;
        if cp & 0xf800 == 0xd800 {
            // A high surrogate, followed by a `\u` low one.
            if cp & 0x400 != 0 || self.at(self.pos + 6) != b'\\' || self.at(self.pos + 7) != b'u' {
                return false;
            }
            let Some(low) = hex4(self, self.pos + 8) else {
                return false;
            };
            if low & 0xfc00 != 0xdc00 {
                return false;
            }
            cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
            len = 12;
        }
        push_utf8(out, cp);
        self.pos += len;
        true
    }

    /// json_next_string_token: the string at `pos` (a `"`), escapes decoded.
    fn string(&mut self) -> Token {
        let index = self.pos;
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let c = self.at(self.pos);
            match c {
                b'"' => break,
                0 => return self.error("unexpected end of string"),
                b'\\' => {
                    let e = self.at(self.pos + 1);
                    let ch = match e {
                        b'"' | b'\\' | b'/' => e,
                        b'b' => 0x08,
                        b't' => b'\t',
                        b'n' => b'\n',
                        b'f' => 0x0c,
                        b'r' => b'\r',
                        b'u' => {
                            if self.unicode_escape(&mut out) {
                                continue;
                            }
                            return self.error("invalid unicode escape code");
                        }
                        _ => return self.error("invalid escape code"),
                    };
                    out.push(ch);
                    self.pos += 2;
                }
                _ => {
                    // A run of plain bytes at once.
                    let rest = self.data.get(self.pos..).unwrap_or(&[]);
                    let run = rest
                        .iter()
                        .position(|&b| matches!(b, b'"' | b'\\' | 0))
                        .unwrap_or(rest.len());
                    out.extend_from_slice(&rest[..run]);
                    self.pos += run.max(1);
                }
            }
        }
        self.pos += 1;
        Token {
            kind: Kind::Str(out),
            index,
        }
    }

    /// json_next_token.
    fn next_token(&mut self) -> Token {
        self.tokens += 1;
        while matches!(self.at(self.pos), b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
        let index = self.pos;
        let c = self.at(self.pos);
        let single = match c {
            b'{' => Some(Kind::ObjBegin),
            b'}' => Some(Kind::ObjEnd),
            b'[' => Some(Kind::ArrBegin),
            b']' => Some(Kind::ArrEnd),
            b',' => Some(Kind::Comma),
            b':' => Some(Kind::Colon),
            0 => return Token { kind: Kind::End, index },
            _ => None,
        };
        if let Some(kind) = single {
            self.pos += 1;
            return Token { kind, index };
        }
        let rest = self.data.get(self.pos..).unwrap_or(&[]);
        if c == b'"' {
            self.string()
        } else if c == b'-' || c.is_ascii_digit() {
            if !self.invalid_numbers && self.is_invalid_number() {
                return self.error("invalid number");
            }
            self.number()
        } else if !matches!(c, b'f' | b'i' | b'I' | b'n' | b'N' | b't' | b'+') {
            self.error("invalid token")
        } else if rest.starts_with(b"true") {
            self.pos += 4;
            Token {
                kind: Kind::Bool(true),
                index,
            }
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Token {
                kind: Kind::Bool(false),
                index,
            }
        } else if rest.starts_with(b"null") {
            self.pos += 4;
            Token {
                kind: Kind::Null,
                index,
            }
        } else if self.invalid_numbers && self.is_invalid_number() {
            self.number()
        } else {
            self.error("invalid token")
        }
    }
}

/// A table being read: an array with its next index, or an object with the key its
/// next value goes under.
enum Reading {
    Array { t: TableRef, next: f64 },
    Object { t: TableRef, key: Value },
}

struct Decoder<'a> {
    p: Parser<'a>,
    depth: i64,
    max_depth: i64,
    /// Lua stack slots the C code would hold: the argument, each open array's table,
    /// each open object's table and key.
    height: usize,
    heap_at_start: usize,
    /// The most bytes the decoded values may add to the heap (MAX_DECODED).
    limit: usize,
}

impl Decoder<'_> {
    /// json_decode_descend: one level deeper, if the limit and Lua's C stack allow.
    fn descend(&mut self, slots: usize) -> Result<(), DecodeError> {
        self.depth += 1;
        if self.depth <= self.max_depth && self.height + slots <= MAX_C_STACK {
            return Ok(());
        }
        Err(DecodeError::Message(format!(
            "Found too many nested data structures ({}) at character {}",
            self.depth, self.p.pos
        )))
    }

    fn check_memory(&self, vm: &Vm) -> Result<(), DecodeError> {
        if vm.heap.bytes.saturating_sub(self.heap_at_start) > self.limit {
            return Err(DecodeError::Memory);
        }
        Ok(())
    }

    fn string(&self, vm: &mut Vm, bytes: &[u8]) -> Result<Value, DecodeError> {
        let s = vm.string(bytes);
        self.check_memory(vm)?;
        Ok(s)
    }

    fn table(&self, vm: &mut Vm) -> Result<TableRef, DecodeError> {
        let t = vm.heap.new_table(Table::default());
        self.check_memory(vm)?;
        Ok(t)
    }

    /// An object's key and its colon (`token` is where the key should be).
    fn key(&mut self, vm: &mut Vm, token: Token) -> Result<Value, DecodeError> {
        let Kind::Str(bytes) = &token.kind else {
            return Err(parse_error("object key string", &token));
        };
        let key = self.string(vm, bytes)?;
        let colon = self.p.next_token();
        if !matches!(colon.kind, Kind::Colon) {
            return Err(parse_error("colon", &colon));
        }
        Ok(key)
    }

    /// json_decode's work: json_process_value and the array and object contexts, with
    /// the open tables in a vector.
    fn decode(&mut self, vm: &mut Vm, null: &Value) -> Result<Value, DecodeError> {
        let mut open: Vec<Reading> = Vec::new();
        let mut token = self.p.next_token();
        loop {
            // json_process_value
            let mut value = match token.kind {
                Kind::Str(ref bytes) => self.string(vm, bytes)?,
                Kind::Num(n) => Value::Num(n),
                Kind::Bool(b) => Value::Bool(b),
                Kind::Null => null.clone(),
                Kind::ObjBegin => {
                    self.descend(3)?;
                    let t = self.table(vm)?;
                    token = self.p.next_token();
                    if matches!(token.kind, Kind::ObjEnd) {
                        self.depth -= 1;
                        Value::Table(t)
                    } else {
                        let key = self.key(vm, token)?;
                        open.push(Reading::Object { t, key });
                        self.height += 2;
                        token = self.p.next_token();
                        continue;
                    }
                }
                Kind::ArrBegin => {
                    self.descend(2)?;
                    let t = self.table(vm)?;
                    token = self.p.next_token();
                    if matches!(token.kind, Kind::ArrEnd) {
                        self.depth -= 1;
                        Value::Table(t)
                    } else {
                        open.push(Reading::Array { t, next: 1.0 });
                        self.height += 1;
                        continue;
                    }
                }
                _ => return Err(parse_error("value", &token)),
            };
            // The value goes into the innermost open table, which may then close.
            loop {
                match open.last_mut() {
                    None => {
                        let end = self.p.next_token();
                        if !matches!(end.kind, Kind::End) {
                            return Err(parse_error("the end", &end));
                        }
                        return Ok(value);
                    }
                    Some(Reading::Array { t, next }) => {
                        let t = *t;
                        vm.raw_set(t, Value::Num(*next), value);
                        *next += 1.0;
                        self.check_memory(vm)?;
                        token = self.p.next_token();
                        if matches!(token.kind, Kind::ArrEnd) {
                            self.depth -= 1;
                            self.height -= 1;
                            open.pop();
                            value = Value::Table(t);
                            continue;
                        }
                        if !matches!(token.kind, Kind::Comma) {
                            return Err(parse_error("comma or array end", &token));
                        }
                        token = self.p.next_token();
                        break;
                    }
                    Some(Reading::Object { t, key }) => {
                        let t = *t;
                        let k = std::mem::take(key);
                        vm.raw_set(t, k, value);
                        self.check_memory(vm)?;
                        token = self.p.next_token();
                        if matches!(token.kind, Kind::ObjEnd) {
                            self.depth -= 1;
                            self.height -= 2;
                            open.pop();
                            value = Value::Table(t);
                            continue;
                        }
                        if !matches!(token.kind, Kind::Comma) {
                            return Err(parse_error("comma or object end", &token));
                        }
                        let next = self.p.next_token();
                        let k = self.key(vm, next)?;
                        if let Some(Reading::Object { key, .. }) = open.last_mut() {
                            *key = k;
                        }
                        token = self.p.next_token();
                        break;
                    }
                }
            }
        }
    }
}

/// json_decode: `cjson.decode(s)`.
fn decode(vm: &mut Vm, args: &[Value], up: &[Value]) -> Result<Ret, Value> {
    if args.len() != 1 {
        return Err(arg_error(vm, 1, "decode", "expected 1 argument"));
    }
    let u = upvals(vm, up)?;
    let cfg = load(vm, u.config);
    let data = check_bytes(vm, args, 1, "decode")?;
    if data.len() >= 2 && (data[0] == 0 || data[1] == 0) {
        return Err(vm.lib_error("JSON parser does not support UTF-16 or UTF-32"));
    }
    let mut d = Decoder {
        p: Parser {
            data: &data,
            pos: 0,
            invalid_numbers: cfg.decode_invalid_numbers != 0,
            tokens: 0,
        },
        depth: 0,
        max_depth: i64::from(cfg.decode_max_depth),
        height: 1,
        heap_at_start: vm.heap.bytes,
        limit: MAX_DECODED,
    };
    let outcome = d.decode(vm, &u.null);
    vm.charge(d.p.tokens + d.p.pos as u64 / 16);
    match outcome {
        Ok(v) => Ok(Ret::Values(vec![v])),
        Err(DecodeError::Message(m)) => Err(vm.lib_error(&m)),
        Err(DecodeError::Memory) => Err(vm.lib_error("not enough memory")),
    }
}

// ---- the module ----------------------------------------------------------------------

/// `cjson.null` called: what Lua says of calling a userdata.
fn call_null(vm: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let message = match &vm.native_site {
        Some((Some(name), false)) if name == "null" => "attempt to call field 'null' (a userdata value)",
        _ => "attempt to call a userdata value",
    };
    Err(vm.lib_error(message))
}

/// lua_cjson_new: `cjson.new()`, a module table with settings of its own.
fn new(vm: &mut Vm, _: &[Value], up: &[Value]) -> Result<Ret, Value> {
    let null = match up.get(1) {
        Some(null) => null.clone(),
        None => return Err(vm.lib_error("BUG: Unable to fetch CJSON configuration")),
    };
    Ok(Ret::Values(vec![module(vm, null)]))
}

/// A module table (lua_cjson_new): the functions, sharing a new settings table and
/// `null`, then `null`, `_NAME`, `_VERSION`, set in the C code's order (which decides
/// the order `pairs` visits them).
fn module(vm: &mut Vm, null: Value) -> Value {
    let lib = vm.heap.new_table(Table::default());
    let config = new_config(vm);
    let fns: [(&'static str, NativeFn); 10] = [
        ("encode", encode),
        ("decode", decode),
        ("encode_sparse_array", encode_sparse_array),
        ("encode_max_depth", encode_max_depth),
        ("decode_max_depth", decode_max_depth),
        ("encode_number_precision", encode_number_precision),
        ("encode_keep_buffer", encode_keep_buffer),
        ("encode_invalid_numbers", encode_invalid_numbers),
        ("decode_invalid_numbers", decode_invalid_numbers),
        ("new", new),
    ];
    for (name, f) in fns {
        let v = vm.native_with(name, f, vec![Value::Table(config), null.clone()]);
        vm.raw_set(lib, Value::str(name), v);
    }
    vm.raw_set(lib, Value::str("null"), null);
    vm.raw_set(lib, Value::str("_NAME"), Value::str("cjson"));
    vm.raw_set(lib, Value::str("_VERSION"), Value::str("2.1.0"));
    Value::Table(lib)
}

/// Opens the library: the global `cjson` (luaopen_cjson with ENABLE_CJSON_GLOBAL, as
/// Redis builds it).
pub fn open(vm: &mut Vm) {
    let null = vm.native("null", call_null);
    let lib = module(vm, null);
    vm.set_global("cjson", lib);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::compile;
    use crate::parse::{parse, REDIS_CHUNK_NAME};
    use crate::value::LuaStr;
    use crate::vm::Poll;

    fn vm() -> Vm {
        let mut vm = Vm::new();
        crate::lib_base::open(&mut vm);
        crate::lib_string::open(&mut vm);
        crate::lib_table::open(&mut vm);
        open(&mut vm);
        vm
    }

    /// Runs a script on `vm` in slices of `fuel`: its first result as `tostring` shows
    /// it, or its error, and how many slices it took.
    fn run_counting(vm: &mut Vm, source: &str, fuel: u64) -> (Result<String, String>, usize) {
        let chunk = parse(source.as_bytes(), REDIS_CHUNK_NAME).expect("the script parses");
        let f = vm.closure(compile(&chunk));
        vm.start(f, vec![]);
        let mut slices = 0;
        loop {
            slices += 1;
            let mut left = fuel;
            let shown = |v: &Value| String::from_utf8_lossy(&crate::lib_base::to_display(v)).into_owned();
            match vm.run(&mut left) {
                Poll::Pending => continue,
                Poll::Done(values) => return (Ok(values.first().map(shown).unwrap_or_default()), slices),
                Poll::Error(e) => return (Err(shown(&e)), slices),
                Poll::Host(_) => panic!("no host here"),
            }
        }
    }

    fn run_in(vm: &mut Vm, source: &str) -> Result<String, String> {
        run_counting(vm, source, 1_000_000).0
    }

    fn run(source: &str) -> Result<String, String> {
        run_in(&mut vm(), source)
    }

    fn ok(source: &str) -> String {
        run(source).unwrap_or_else(|e| panic!("{source}: {e}"))
    }

    fn s(b: &[u8]) -> Value {
        Value::Str(LuaStr::new(b))
    }

    /// The upvalues `open` gave the library's functions.
    fn library_upvals(vm: &Vm) -> Vec<Value> {
        let Value::Table(lib) = vm.get_global("cjson") else {
            panic!("cjson is a table")
        };
        let Value::Func(f) = vm.heap.table(lib).get(&Value::str("encode")) else {
            panic!("a function")
        };
        match vm.heap.function(f) {
            crate::heap::Function::Native { upvals, .. } => upvals.clone(),
            crate::heap::Function::Lua { .. } => panic!("a library function"),
        }
    }

    /// Encodes `v` with the default settings and a result limit.
    fn encode_limited(vm: &Vm, v: &Value, limit: usize) -> Result<Vec<u8>, String> {
        let null = library_upvals(vm)[1].clone();
        let mut e = Encoder {
            heap: &vm.heap,
            cfg: Config::default(),
            null: &null,
            out: Vec::new(),
            work: 0,
            limit,
        };
        match e.encode(v) {
            Ok(()) => Ok(e.out),
            Err(EncodeError::Message(m)) => Err(m),
            Err(EncodeError::Memory) => Err("memory".into()),
        }
    }

    #[test]
    fn strtod_reads_what_glibc_reads() {
        let len = |t: &str| strtod_len(t.as_bytes(), 0);
        for (text, n) in [
            ("1", 1),
            ("-12.5e3,", 7),
            ("1e", 1),
            ("1e+", 1),
            ("1.e5", 4),
            (".5", 2),
            ("-.5x", 3),
            (".", 0),
            ("-", 0),
            ("- 1", 0),
            ("+-1", 0),
            ("0x", 1),
            ("0x1g", 3),
            ("0X1.8p1]", 7),
            ("0x1p", 3),
            ("0x.", 1),
            ("0x.8", 4),
            ("inf", 3),
            ("-Infinity", 9),
            ("infinit", 3),
            ("nan(a_1)", 8),
            ("nan(", 3),
            ("NAN()x", 5),
            ("x", 0),
            ("", 0),
        ] {
            assert_eq!(len(text), n, "{text:?}");
        }
        // It reads from the given position, and never past the end.
        assert_eq!(strtod_len(b"[1e5]", 1), 3);
        assert_eq!(strtod_len(b"12", 2), 0);
    }

    #[test]
    fn int_conversion_is_x86_64s() {
        assert_eq!(c_int(1.0), 1);
        assert_eq!(c_int(2_147_483_647.0), i32::MAX);
        assert_eq!(c_int(2_147_483_648.0), i32::MIN);
        assert_eq!(c_int(1e300), i32::MIN);
        assert_eq!(c_int(f64::INFINITY), i32::MIN);
        assert_eq!(c_int(-2_147_483_648.0), i32::MIN);
        assert_eq!(c_int(-1.5), -1);
    }

    #[test]
    fn strings_escape_as_char2escape_says() {
        let vm = vm();
        let enc = |b: &[u8]| String::from_utf8_lossy(&encode_limited(&vm, &s(b), MAX_STRING).unwrap()).into_owned();
        assert_eq!(enc(b"a/b"), r#""a\/b""#);
        assert_eq!(enc(b"\"\\"), r#""\"\\""#);
        assert_eq!(enc(b"\x00\x1f\x7f"), r#""\u0000\u001f\u007f""#);
        assert_eq!(enc(b"\x08\t\n\x0b\x0c\r"), r#""\b\t\n\u000b\f\r""#);
        assert_eq!(enc(b"plain text"), "\"plain text\"");
        assert_eq!(
            encode_limited(&vm, &s(b"\xff\x80"), MAX_STRING).unwrap(),
            b"\"\xff\x80\""
        );
    }

    #[test]
    fn encoding_past_the_limit_is_refused() {
        let mut vm = vm();
        let big = vm.string(&[b'x'; 1000]);
        let t = vm.heap.new_table(Table::default());
        for i in 1..=10 {
            vm.raw_set(t, Value::Num(f64::from(i)), big.clone());
        }
        // 10 strings of 1002 bytes, 9 commas, 2 brackets.
        assert_eq!(
            encode_limited(&vm, &Value::Table(t), 10_031).map(|o| o.len()),
            Ok(10_031)
        );
        assert_eq!(encode_limited(&vm, &Value::Table(t), 10_030), Err("memory".into()));
        // Escapes count too: 1000 control bytes are 6000 bytes.
        let ctl = vm.string(&[1u8; 1000]);
        assert_eq!(encode_limited(&vm, &ctl, 6001), Err("memory".into()));
        assert_eq!(encode_limited(&vm, &ctl, 6002).map(|o| o.len()), Ok(6002));
    }

    #[test]
    fn decoding_past_the_heap_limit_is_refused() {
        let mut vm = vm();
        let up = library_upvals(&vm);
        let text = format!("[{}]", vec!["[]"; 1000].join(","));
        let mut decode_with = |limit: usize| {
            let mut d = Decoder {
                p: Parser {
                    data: text.as_bytes(),
                    pos: 0,
                    invalid_numbers: true,
                    tokens: 0,
                },
                depth: 0,
                max_depth: 1000,
                height: 1,
                heap_at_start: vm.heap.bytes,
                limit,
            };
            match d.decode(&mut vm, &up[1]) {
                Ok(_) => "ok",
                Err(DecodeError::Memory) => "memory",
                Err(DecodeError::Message(_)) => "message",
            }
        };
        assert_eq!(decode_with(MAX_DECODED), "ok");
        assert_eq!(
            decode_with(1000),
            "memory",
            "a thousand tables take more than 1000 bytes"
        );
        let r = run(
            "local t = {} for i = 1, 1000 do t[i] = '[]' end return #cjson.decode('[' .. table.concat(t, ',') .. ']')",
        );
        assert_eq!(r, Ok("1000".into()));
    }

    #[test]
    fn null_is_one_value_shared_by_every_module_table() {
        assert_eq!(ok("return tostring(cjson.decode('null') == cjson.null)"), "true");
        assert_eq!(ok("return tostring(cjson.new().null == cjson.null)"), "true");
        assert_eq!(
            ok("return tostring(cjson.new().new().decode('[null]')[1] == cjson.null)"),
            "true"
        );
        assert_eq!(
            ok("return cjson.encode({cjson.new().null, a = cjson.null})"),
            r#"{"1":null,"a":null}"#
        );
        // The difference from Redis: a function, not a userdata.
        assert_eq!(ok("return type(cjson.null)"), "function");
        assert_eq!(
            run("return cjson.null()"),
            Err("user_script:1: attempt to call field 'null' (a userdata value)".into())
        );
        assert_eq!(
            run("local n = cjson.null return n()"),
            Err("user_script:1: attempt to call a userdata value".into()),
            "Redis names the local ('local 'n''): the VM does not tell a library function how it was reached"
        );
    }

    #[test]
    fn settings_outlive_the_script_that_sets_them() {
        let mut vm = vm();
        assert_eq!(run_in(&mut vm, "return cjson.encode_max_depth(2)"), Ok("2".into()));
        assert_eq!(
            run_in(&mut vm, "return cjson.encode({{{}}})"),
            Err("user_script:1: Cannot serialise, excessive nesting (3)".into())
        );
        // A failing setter keeps what it set before the bad argument.
        assert!(run_in(&mut vm, "cjson.encode_sparse_array(true, 3, -1)").is_err());
        assert_eq!(
            run_in(
                &mut vm,
                "local a, b, c = cjson.encode_sparse_array() return tostring(a) .. b .. c"
            ),
            Ok("true310".into())
        );
        assert_eq!(
            run_in(&mut vm, "return cjson.encode({[1] = 1, [20] = 2})"),
            Ok(r#"{"1":1,"20":2}"#.into())
        );
        // Another Lua state starts from the defaults.
        assert_eq!(run("return cjson.encode_max_depth()"), Ok("1000".into()));
        // cjson.new()'s settings are its own.
        assert_eq!(
            run_in(
                &mut vm,
                "local c = cjson.new() c.encode_max_depth(7) return cjson.encode_max_depth() .. c.encode_max_depth()"
            ),
            Ok("27".into())
        );
    }

    #[test]
    fn settings_round_trip_through_their_table() {
        let mut vm = vm();
        let t = new_config(&mut vm);
        assert_eq!(load(&vm, t), Config::default());
        let c = Config {
            sparse_convert: 1,
            sparse_ratio: i32::MAX,
            sparse_safe: 0,
            encode_max_depth: 5,
            encode_invalid_numbers: 2,
            encode_number_precision: 3,
            encode_keep_buffer: 0,
            decode_invalid_numbers: 0,
            decode_max_depth: 9,
        };
        store(&mut vm, t, c);
        assert_eq!(load(&vm, t), c);
    }

    #[test]
    fn deep_nesting_does_not_recurse_on_the_rust_stack() {
        // 7997 arrays deep encode, 7998 decode (Lua's C stack is the limit then).
        let r = ok(
            "local c = cjson.new() c.encode_max_depth(100000) c.decode_max_depth(100000) \
                    local t = {} local x = t for i = 1, 7996 do x[1] = {} x = x[1] end \
                    local s = c.encode(t) local u = c.decode(s) local n = 0 \
                    while u[1] do u = u[1] n = n + 1 end return #s .. ' ' .. n",
        );
        assert_eq!(r, "15994 7996");
    }

    #[test]
    fn numbers_round_trip_and_format() {
        assert_eq!(
            ok("return cjson.encode({0.1, -2.5, 1e300, 2^53})"),
            "[0.1,-2.5,1e+300,9.007199254741e+15]"
        );
        assert_eq!(
            ok("return cjson.encode(cjson.decode('[1e2, 0x10, -0]'))"),
            "[100,16,-0]"
        );
        assert_eq!(
            ok("local c = cjson.new() c.encode_number_precision(5) return c.encode(1/3) .. c.encode(123456)"),
            "0.333331.2346e+05"
        );
        assert_eq!(
            run("return cjson.encode({1/0})"),
            Err("user_script:1: Cannot serialise number: must not be NaN or Inf".into())
        );
    }

    #[test]
    fn decoded_tables_and_errors() {
        assert_eq!(
            ok("local t = cjson.decode('{\"a\":[1,2,{\"b\":\"c\"}]}') return t.a[3].b .. #t.a"),
            "c3"
        );
        assert_eq!(ok("return cjson.decode('\"\\\\u00e9\\\\ud83d\\\\ude00\"')"), "é😀");
        assert_eq!(
            run("return cjson.decode('[1,')"),
            Err("user_script:1: Expected value but found T_END at character 4".into())
        );
        assert_eq!(
            run("return cjson.decode('{\"a\"}')"),
            Err("user_script:1: Expected colon but found T_OBJ_END at character 5".into())
        );
        assert_eq!(
            run("return cjson.decode(string.rep('[', 1001))"),
            Err("user_script:1: Found too many nested data structures (1001) at character 1001".into())
        );
        assert_eq!(
            run("return cjson.decode('\\0x')"),
            Err("user_script:1: JSON parser does not support UTF-16 or UTF-32".into())
        );
    }

    #[test]
    fn work_is_charged_as_fuel() {
        let mut a = vm();
        let (r, plain) = run_counting(&mut a, "local s = string.rep('x', 1600000) return #s", 1000);
        assert_eq!(r, Ok("1600000".into()));
        let mut b = vm();
        let (r, encoded) = run_counting(
            &mut b,
            "local s = string.rep('x', 1600000) return #cjson.encode(s)",
            1000,
        );
        assert_eq!(r, Ok("1600002".into()));
        // 1.6 MB read and written: 200 000 units at least, 200 slices of 1000.
        assert!(encoded >= plain + 200, "{plain} then {encoded}");
        let mut c = vm();
        let (r, decoded) = run_counting(
            &mut c,
            "local s = '\"' .. string.rep('x', 1600000) .. '\"' return #cjson.decode(s)",
            1000,
        );
        assert_eq!(r, Ok("1600000".into()));
        assert!(decoded >= plain + 100, "{plain} then {decoded}");
    }

    #[test]
    fn the_module_table_has_what_lua_cjson_new_sets() {
        assert_eq!(ok("return cjson._NAME .. ' ' .. cjson._VERSION"), "cjson 2.1.0");
        let names = ok("local t = {} for k in pairs(cjson) do t[#t + 1] = k end return table.concat(t, ' ')");
        // Redis 7.0.15's pairs order, as the C code sets the fields.
        assert_eq!(
            names,
            "_NAME encode decode_max_depth _VERSION decode_invalid_numbers encode_keep_buffer null \
             encode_number_precision new encode_max_depth encode_invalid_numbers decode encode_sparse_array"
        );
        let up = library_upvals(&vm());
        assert!(matches!(up.as_slice(), [Value::Table(_), Value::Func(_)]));
    }

    #[test]
    fn missing_upvalues_are_reported_not_panicked_on() {
        let mut vm = vm();
        for f in [encode as NativeFn, decode, encode_max_depth, new] {
            match f(&mut vm, &[Value::Nil], &[]) {
                Err(e) => assert_eq!(
                    String::from_utf8_lossy(&crate::lib_base::to_display(&e)),
                    "BUG: Unable to fetch CJSON configuration"
                ),
                Ok(_) => panic!("no configuration, no result"),
            }
        }
    }
}
