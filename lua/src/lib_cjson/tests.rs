//! The library's tests: internals (strtod, the int cast, escapes, limits) and scripts
//! run in a VM with the library open, apart so `mod.rs` reads as the library.

use super::decode::{strtod_len, DecodeError, Decoder, Parser};
use super::encode::{c_int, EncodeError, Encoder};
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
    let r =
        run("local t = {} for i = 1, 1000 do t[i] = '[]' end return #cjson.decode('[' .. table.concat(t, ',') .. ']')");
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
