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

use crate::lib_base::{arg_error, check_bytes, check_int};
use crate::lib_string::MAX_STRING;
use crate::table::Table;
use crate::value::{TableRef, Value};
use crate::vm::{NativeFn, Ret, Vm};

mod decode;
mod encode;

use decode::decode;
use encode::encode;

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
mod tests;
