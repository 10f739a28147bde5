//! The `cjson` library (lib_cjson.rs) against Redis 7.0.15's Lua: each case's expected
//! reply was captured from the oracle, `redis-server` 7.0.15 (Debian 7.0.15-1~deb12u10 on
//! x86-64), with /tmp/cj/cap.py, a wrapper around `/work/notes/i19-capture-lua-libs.py`
//! (`EVAL <script> 0`; the error text without Redis's "ERR " head and " script: <sha>, on
//! @user_script:1." tail) that first runs `RESET` (cjson's settings live as long as
//! Redis's Lua state, so a script changing them would change them for the next) and puts
//! `PRELUDE` before every script, on the same line: local functions `dump` (a value with
//! its tables' pairs in `pairs` order, numbers with `%.17g`, `cjson.null` as null), `try`
//! (pcall, the error or the dump), `hex` and `all` (every value, tostring'd). Redis's
//! globals protection is emulated as in oracle.rs, with the library tables read-only as
//! Redis 7 makes them.
//!
//! Left out of the captured set: scripts whose reply is `cjson.null` itself (Redis
//! replies nil; this harness shows the first result as `tostring` would, and here
//! `cjson.null` is a function: see lib_cjson.rs), and `local n = cjson.null return n()`,
//! where Redis names the local ("attempt to call local 'n' (a userdata value)") and this
//! VM cannot (lib_cjson.rs's tests hold what it says instead).

use keyspace_lua::compile::compile;
use keyspace_lua::parse::{parse, REDIS_CHUNK_NAME};
use keyspace_lua::value::{TableRef, Value};
use keyspace_lua::vm::{Poll, Ret, Vm};

fn missing_global(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let name = keyspace_lua::lib_base::to_display(args.get(1).unwrap_or(&Value::Nil));
    Err(vm.error(&format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    )))
}

/// Makes a table and the tables it holds read-only (luaSetTableProtectionRecursively).
fn protect(vm: &mut Vm, t: TableRef) {
    let mut todo = vec![t];
    while let Some(t) = todo.pop() {
        if vm.heap.table(t).readonly {
            continue;
        }
        vm.heap.table_mut(t).readonly = true;
        let mut k = Value::Nil;
        while let Ok(Some((key, v))) = vm.heap.table(t).next(&k) {
            if let Value::Table(inner) = v {
                todo.push(inner);
            }
            k = key;
        }
    }
}

/// Runs a script as EVAL would (so far): the reply's text (the first result as
/// `tostring` shows it), or the error's.
fn eval(source: &[u8], fuel_per_slice: u64) -> Result<Vec<u8>, Vec<u8>> {
    let chunk = parse(source, REDIS_CHUNK_NAME).map_err(|e| e.to_string().into_bytes())?;
    let proto = compile(&chunk);
    let mut vm = Vm::new();
    keyspace_lua::lib_base::open(&mut vm);
    keyspace_lua::lib_string::open(&mut vm);
    keyspace_lua::lib_table::open(&mut vm);
    keyspace_lua::lib_math::open(&mut vm);
    keyspace_lua::lib_cjson::open(&mut vm);
    let meta = vm.table(keyspace_lua::table::Table::default());
    let Value::Table(meta_ref) = meta else { unreachable!() };
    let index = vm.native("index", missing_global);
    vm.raw_set(meta_ref, Value::str("__index"), index);
    let globals = vm.globals;
    vm.heap.table_mut(globals).metatable = Some(meta_ref);
    protect(&mut vm, globals);
    vm.heap.table_mut(meta_ref).readonly = true;
    let f = vm.closure(proto);
    vm.start(f, vec![]);
    loop {
        let mut fuel = fuel_per_slice;
        match vm.run(&mut fuel) {
            Poll::Pending => continue,
            Poll::Done(values) => {
                return Ok(values
                    .first()
                    .map(keyspace_lua::lib_base::to_display)
                    .unwrap_or_default());
            }
            Poll::Error(e) => return Err(keyspace_lua::lib_base::to_display(&e)),
            Poll::Host(_) => panic!("no host in these scripts"),
        }
    }
}

/// A script and the reply Redis gave it (or its error).
type Case = (&'static [u8], Result<&'static [u8], &'static [u8]>);

fn show(r: &Result<Vec<u8>, Vec<u8>>) -> String {
    match r {
        Ok(b) => format!("Ok({:?})", String::from_utf8_lossy(b)),
        Err(b) => format!("Err({:?})", String::from_utf8_lossy(b)),
    }
}

/// Runs every case (after `PRELUDE`) at a big and at a tiny slice size; all differences
/// in one report.
fn check(cases: &[Case]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let expected = expected.map(<[u8]>::to_vec).map_err(<[u8]>::to_vec);
        let script = [PRELUDE, source].concat();
        for fuel in [1_000_000, 7] {
            let got = eval(&script, fuel);
            if got != expected {
                failures.push(format!(
                    "{}\n   expected {}\n   got      {} (fuel {fuel})",
                    String::from_utf8_lossy(source),
                    show(&expected),
                    show(&got),
                ));
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn scripts_reply_as_redis_cjson_does() {
    check(CASES);
}

/// What the capture ran before each case, to give it cjson's default settings.
#[allow(dead_code)]
const RESET: &str = "cjson.encode_sparse_array(false, 2, 10) cjson.encode_invalid_numbers(false) cjson.decode_invalid_numbers(true) cjson.encode_max_depth(1000) cjson.decode_max_depth(1000) cjson.encode_number_precision(14) cjson.encode_keep_buffer(true)";

/// Put before every case (the cases were captured with it).
const PRELUDE: &[u8] = b"local function dump(v) if v == cjson.null then return 'null' elseif type(v) == 'table' then local p = {} for k, x in pairs(v) do p[#p + 1] = dump(k) .. '=' .. dump(x) end return '{' .. table.concat(p, ',') .. '}' elseif type(v) == 'string' then return '\"' .. v .. '\"' elseif type(v) == 'number' then return string.format('%.17g', v) else return tostring(v) end end local function try(f, ...) local ok, r = pcall(f, ...) if ok then return dump(r) else return 'E:' .. tostring(r) end end local function hex(s) local t = {} for i = 1, #s do t[i] = string.format('%02x', s:byte(i)) end return table.concat(t) end local function all(...) local p = {} for i = 1, select('#', ...) do p[i] = tostring((select(i, ...))) end return table.concat(p, ' ') end ";

const CASES: &[Case] = &[
    // encode: numbers (%.14g) and the other scalars
    (b"return cjson.encode(1) .. ' ' .. cjson.encode(-1) .. ' ' .. cjson.encode(0) .. ' ' .. cjson.encode(-0) .. ' ' .. cjson.encode(0.5) .. ' ' .. cjson.encode(1/3) .. ' ' .. cjson.encode(-2/3)", Ok(b"1 -1 0 0 0.5 0.33333333333333 -0.66666666666667")),
    (b"return cjson.encode(1e14) .. ' ' .. cjson.encode(1e15) .. ' ' .. cjson.encode(123456789012345) .. ' ' .. cjson.encode(2^53) .. ' ' .. cjson.encode(2^63) .. ' ' .. cjson.encode(1e100) .. ' ' .. cjson.encode(-1e-100)", Ok(b"1e+14 1e+15 1.2345678901234e+14 9.007199254741e+15 9.2233720368548e+18 1e+100 -1e-100")),
    (b"return cjson.encode(0.1) .. ' ' .. cjson.encode(1e-4) .. ' ' .. cjson.encode(1e-5) .. ' ' .. cjson.encode(123.456) .. ' ' .. cjson.encode(5e-324) .. ' ' .. cjson.encode(1.7976931348623157e308) .. ' ' .. cjson.encode('12')", Ok(b"0.1 0.0001 1e-05 123.456 4.9406564584125e-324 1.7976931348623e+308 \"12\"")),
    (b"return cjson.encode(true) .. ' ' .. cjson.encode(false) .. ' ' .. cjson.encode(nil) .. ' ' .. cjson.encode(cjson.null) .. ' ' .. cjson.encode(cjson.new().null)", Ok(b"true false null null null")),
    (b"return cjson.encode(1/0)", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode(-1/0)", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode(0/0)", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode({1, 2, 0/0})", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode({a = 1/0})", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode({[1/0] = 1})", Err(b"user_script:1: Cannot serialise number: must not be NaN or Inf")),
    (b"return cjson.encode(cjson.encode)", Err(b"user_script:1: Cannot serialise function: type not supported")),
    (b"return cjson.encode({1, cjson.decode})", Err(b"user_script:1: Cannot serialise function: type not supported")),
    (b"return cjson.encode(cjson)", Err(b"user_script:1: Cannot serialise function: type not supported")),
    // encode: strings
    (b"return cjson.encode('') .. ' ' .. cjson.encode('abc') .. ' ' .. cjson.encode('a/b') .. ' ' .. cjson.encode('say \"hi\"') .. ' ' .. cjson.encode('back\\\\slash')", Ok(b"\"\" \"abc\" \"a\\/b\" \"say \\\"hi\\\"\" \"back\\\\slash\"")),
    (b"return cjson.encode('\\0\\1\\2\\3\\4\\5\\6\\7\\8\\9\\10\\11\\12\\13\\14\\15')", Ok(b"\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\"")),
    (b"return cjson.encode('\\16\\17\\18\\19\\20\\21\\22\\23\\24\\25\\26\\27\\28\\29\\30\\31 !')", Ok(b"\"\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\"")),
    (b"return cjson.encode('\\127\\128\\200\\255') .. ' ' .. hex(cjson.encode('\\127\\128\\200\\255'))", Ok(b"\"\\u007f\x80\xc8\xff\" 225c753030376680c8ff22")),
    (b"return cjson.encode('caf\\195\\169 \\226\\130\\172') .. ' ' .. cjson.encode('</script>') .. ' ' .. cjson.encode(\"it's\")", Ok(b"\"caf\xc3\xa9 \xe2\x82\xac\" \"<\\/script>\" \"it's\"")),
    (b"return #cjson.encode(string.rep('\\1', 1000)) .. ' ' .. #cjson.encode(string.rep('/', 1000)) .. ' ' .. #cjson.encode(string.rep('x', 100000))", Ok(b"6002 2002 100002")),
    // encode: arrays and objects
    (b"return cjson.encode({}) .. ' ' .. cjson.encode({{}}) .. ' ' .. cjson.encode({1, 2, 3}) .. ' ' .. cjson.encode({'a', true, false, 0.5}) .. ' ' .. cjson.encode({{1}, {{2}}})", Ok(b"{} [{}] [1,2,3] [\"a\",true,false,0.5] [[1],[[2]]]")),
    (b"return cjson.encode({a = 1}) .. ' ' .. cjson.encode({a = {b = {c = 'd'}}}) .. ' ' .. cjson.encode({[1] = 'x', a = 'y'})", Ok(b"{\"a\":1} {\"a\":{\"b\":{\"c\":\"d\"}}} {\"1\":\"x\",\"a\":\"y\"}")),
    (b"return cjson.encode({x = 1, y = 2, z = 3, w = 4, v = 5})", Ok(b"{\"y\":2,\"x\":1,\"z\":3,\"w\":4,\"v\":5}")),
    (b"return cjson.encode({1, 2, x = 3}) .. ' ' .. cjson.encode({[0] = 'a'}) .. ' ' .. cjson.encode({[-1] = 'a'}) .. ' ' .. cjson.encode({[1.5] = 'a'}) .. ' ' .. cjson.encode({['1'] = 'a'})", Ok(b"{\"1\":1,\"2\":2,\"x\":3} {\"0\":\"a\"} {\"-1\":\"a\"} {\"1.5\":\"a\"} {\"1\":\"a\"}")),
    (b"return cjson.encode({[1] = 1, [3] = 3}) .. ' ' .. cjson.encode({nil, 2}) .. ' ' .. cjson.encode({nil, nil, nil, nil, nil, nil, nil, nil, nil, 10}) .. ' ' .. cjson.encode({[2] = 'b', [1] = 'a'})", Ok(b"[1,null,3] [null,2] [null,null,null,null,null,null,null,null,null,10] [\"a\",\"b\"]")),
    (b"return cjson.encode({[11] = 1})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({[10] = 1}) .. ' ' .. cjson.encode({[1] = 1, [2] = 2, [3] = 3, [7] = 7})", Ok(b"[null,null,null,null,null,null,null,null,null,1] [1,2,3,null,null,null,7]")),
    (b"return cjson.encode({[1] = 1, [2] = 2, [3] = 3, [12] = 4})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({[1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [12] = 4})", Ok(b"[1,2,3,4,5,null,null,null,null,null,null,4]")),
    (b"return cjson.encode({[1] = 1, [2] = 2, [3] = 3, [13] = 4})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({[1] = 1, [20] = 2})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({a = {[100] = 1}})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({[2^31] = 1}) .. ' ' .. cjson.encode({[2^31 - 1] = 1, x = 1}) .. ' ' .. cjson.encode({[2^32 + 1] = 'a'}) .. ' ' .. cjson.encode({[1e300] = 1})", Ok(b"{\"2147483648\":1} {\"2147483647\":1,\"x\":1} {\"4294967297\":\"a\"} {\"1e+300\":1}")),
    (b"return cjson.encode({[2^31] = 1, [1] = 2, [2] = 3})", Ok(b"[2,3]")),
    (b"return cjson.encode({[2^31 - 1] = 1})", Err(b"user_script:1: Cannot serialise table: excessively sparse array")),
    (b"return cjson.encode({[1] = 1, [2^40] = 2})", Ok(b"{\"1\":1,\"1099511627776\":2}")),
    (b"return cjson.encode({[true] = 1})", Err(b"user_script:1: Cannot serialise boolean: table key must be a number or string")),
    (b"return cjson.encode({[{}] = 1})", Err(b"user_script:1: Cannot serialise table: table key must be a number or string")),
    (b"return cjson.encode({[cjson.null] = 1})", Err(b"user_script:1: Cannot serialise userdata: table key must be a number or string")),
    (b"return cjson.encode({[cjson.encode] = 1})", Err(b"user_script:1: Cannot serialise function: table key must be a number or string")),
    (b"return cjson.encode({1, 2, [1.5] = 3})", Ok(b"{\"1\":1,\"2\":2,\"1.5\":3}")),
    (b"return cjson.encode({1, 2, [true] = 3})", Err(b"user_script:1: Cannot serialise boolean: table key must be a number or string")),
    (b"return cjson.encode({[0.1] = 'a', [-2] = 'b', [1e20] = 'c'})", Ok(b"{\"0.1\":\"a\",\"1e+20\":\"c\",\"-2\":\"b\"}")),
    (b"local t = {} for i = 1, 20 do t['k' .. i] = i end return cjson.encode(t)", Ok(b"{\"k16\":16,\"k19\":19,\"k11\":11,\"k17\":17,\"k15\":15,\"k20\":20,\"k10\":10,\"k8\":8,\"k1\":1,\"k12\":12,\"k3\":3,\"k2\":2,\"k9\":9,\"k13\":13,\"k18\":18,\"k14\":14,\"k6\":6,\"k7\":7,\"k4\":4,\"k5\":5}")),
    (b"local t = {} for i = 1, 100 do t[i] = i * i end return cjson.encode(t)", Ok(b"[1,4,9,16,25,36,49,64,81,100,121,144,169,196,225,256,289,324,361,400,441,484,529,576,625,676,729,784,841,900,961,1024,1089,1156,1225,1296,1369,1444,1521,1600,1681,1764,1849,1936,2025,2116,2209,2304,2401,2500,2601,2704,2809,2916,3025,3136,3249,3364,3481,3600,3721,3844,3969,4096,4225,4356,4489,4624,4761,4900,5041,5184,5329,5476,5625,5776,5929,6084,6241,6400,6561,6724,6889,7056,7225,7396,7569,7744,7921,8100,8281,8464,8649,8836,9025,9216,9409,9604,9801,10000]")),
    (b"local t = {} for i = 1, 10 do t[i * 2] = i end return cjson.encode(t)", Ok(b"[null,1,null,2,null,3,null,4,null,5,null,6,null,7,null,8,null,9,null,10]")),
    (b"local t = {x = 1, y = 2, z = 3, [1] = 'a', [3] = 'c', [10] = true} return cjson.encode(t)", Ok(b"{\"y\":2,\"x\":1,\"z\":3,\"1\":\"a\",\"10\":true,\"3\":\"c\"}")),
    (b"return cjson.encode(setmetatable({}, {__index = function() return 1 end})) .. ' ' .. cjson.encode(setmetatable({1, nil, 3}, {__index = function() return 2 end})) .. ' ' .. cjson.encode(setmetatable({a = 1}, {__tostring = function() return 'x' end}))", Ok(b"{} [1,null,3] {\"a\":1}")),
    (b"return cjson.encode({cjson.null, cjson.null}) .. ' ' .. cjson.encode({a = cjson.null})", Ok(b"[null,null] {\"a\":null}")),
    // encode: nesting
    (b"local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)", Ok(b"2000")),
    (b"local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end return #cjson.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (1001)")),
    (b"local t = {} local c = t for i = 1, 999 do c.a = {} c = c.a end return #cjson.encode(t)", Ok(b"5996")),
    (b"local t = {} local c = t for i = 1, 1000 do c.a = {} c = c.a end return #cjson.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (1001)")),
    (b"local t = {} t[1] = t return cjson.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (1001)")),
    (b"local t = {} t.a = t return cjson.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (1001)")),
    (b"local t = {} t[1] = {} t[2] = t return cjson.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (1001)")),
    (b"local t = {} local c = t for i = 1, 1000 do c[1] = {} c = c[1] end c[1] = print return cjson.encode(t)", Err(b"user_script:1: Script attempted to access nonexistent global variable 'print'")),
    (b"return cjson.encode_max_depth(3) .. ' ' .. cjson.encode({{{1}}}) .. ' ' .. select(2, pcall(cjson.encode, {{{{1}}}})) .. ' ' .. cjson.encode({{{}}, {{}}}) .. ' ' .. cjson.encode_max_depth(1000)", Ok(b"3 [[[1]]] Cannot serialise, excessive nesting (4) [[{}],[{}]] 1000")),
    (b"return cjson.encode_max_depth(1) .. ' ' .. cjson.encode({}) .. ' ' .. select(2, pcall(cjson.encode, {{}})) .. ' ' .. cjson.encode('x') .. cjson.encode_max_depth(1000)", Ok(b"1 {} Cannot serialise, excessive nesting (2) \"x\"1000")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 7996 do x[1] = {} x = x[1] end return #c.encode(t)", Ok(b"15994")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 7997 do x[1] = {} x = x[1] end return #c.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (7998)")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 3998 do x.a = {} x = x.a end return #c.encode(t)", Ok(b"23990")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 3999 do x.a = {} x = x.a end return #c.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (4000)")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 3000 do x[1] = {} x = x[1] end for i = 1, 2497 do x.a = {} x = x.a end return #c.encode(t)", Ok(b"20984")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 3000 do x[1] = {} x = x[1] end for i = 1, 2498 do x.a = {} x = x.a end return #c.encode(t)", Ok(b"20990")),
    (b"local c = cjson.new() c.encode_max_depth(100000) local t = {} local x = t for i = 1, 3000 do x[1] = {} x = x[1] end for i = 1, 2499 do x.a = {} x = x.a end return #c.encode(t)", Err(b"user_script:1: Cannot serialise, excessive nesting (5500)")),
    // encode: settings
    (b"return tostring(cjson.encode_number_precision()) .. ' ' .. cjson.encode_number_precision(3) .. ' ' .. cjson.encode(1/3) .. ' ' .. cjson.encode(1234567) .. ' ' .. cjson.encode({[1/3] = 1}) .. ' ' .. cjson.encode_number_precision(14)", Ok(b"14 3 0.333 1.23e+06 {\"0.333\":1} 14")),
    (b"local c = cjson.new() local out = {} for p = 1, 14 do c.encode_number_precision(p) out[p] = c.encode(math.pi * 1e5) end return table.concat(out, ' ')", Ok(b"3e+05 3.1e+05 3.14e+05 3.142e+05 3.1416e+05 314159 314159.3 314159.27 314159.265 314159.2654 314159.26536 314159.265359 314159.265359 314159.26535898")),
    (b"local c = cjson.new() c.encode_number_precision(1) return c.encode(0.05) .. ' ' .. c.encode(15) .. ' ' .. c.encode(-0) .. ' ' .. c.encode(1e-10) .. ' ' .. c.encode(99) .. ' ' .. cjson.encode(1/3)", Ok(b"0.05 2e+01 -0 1e-10 1e+02 0.33333333333333")),
    (b"local c = cjson.new() return tostring(c.encode_invalid_numbers(true)) .. ' ' .. c.encode(1/0) .. ' ' .. c.encode(-1/0) .. ' ' .. c.encode(0/0) .. ' ' .. c.encode(-(0/0)) .. ' ' .. c.encode({[1/0] = 0/0})", Ok(b"true inf -inf nan nan {\"inf\":nan}")),
    (b"local c = cjson.new() return c.encode_invalid_numbers('null') .. ' ' .. c.encode(1/0) .. ' ' .. c.encode(-1/0) .. ' ' .. c.encode(0/0) .. ' ' .. c.encode({1/0, 2}) .. ' ' .. c.encode({[1/0] = 1})", Ok(b"null null null null [null,2] {\"null\":1}")),
    (b"local c = cjson.new() return tostring(c.encode_invalid_numbers('on')) .. tostring(c.encode_invalid_numbers('off')) .. tostring(c.encode_invalid_numbers(false)) .. tostring(c.encode_invalid_numbers()) .. tostring(c.encode_invalid_numbers(true)) .. tostring(c.encode_invalid_numbers(nil))", Ok(b"truefalsefalsefalsetruetrue")),
    (b"local c = cjson.new() return all(c.encode_sparse_array()) .. ' ' .. tostring(c.encode_sparse_array(true)) .. ' ' .. c.encode({[1] = 1, [20] = 2}) .. ' ' .. c.encode({[20] = 1})", Ok(b"false 2 10 true {\"1\":1,\"20\":2} {\"20\":1}")),
    (b"local c = cjson.new() local a, b, d = c.encode_sparse_array(nil, 0) return tostring(a) .. b .. d .. ' ' .. c.encode({[20] = 1})", Ok(b"false010 [null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,null,1]")),
    (b"local c = cjson.new() c.encode_sparse_array(false, 3, 0) return c.encode({[1] = 1, [3] = 3}) .. ' ' .. c.encode({[3] = 1, [2] = 2}) .. ' ' .. select(2, pcall(c.encode, {[4] = 1}))", Ok(b"[1,null,3] [null,2,1] Cannot serialise table: excessively sparse array")),
    (b"local c = cjson.new() c.encode_sparse_array(false, 1, 0) return c.encode({[1] = 1, [2] = 2}) .. ' ' .. select(2, pcall(c.encode, {[1] = 1, [3] = 3}))", Ok(b"[1,2] Cannot serialise table: excessively sparse array")),
    (b"local c = cjson.new() c.encode_sparse_array('on', 1, 1) return c.encode({[1] = 1, [3] = 3}) .. ' ' .. c.encode({1}) .. ' ' .. c.encode({[2] = 2})", Ok(b"{\"1\":1,\"3\":3} [1] {\"2\":2}")),
    (b"local c = cjson.new() return all(c.encode_sparse_array(true, 2^31 - 1, 2^31 - 1)) .. ' ' .. c.encode({[1000] = 1}):len()", Ok(b"true 2147483647 2147483647 4998")),
    (b"local c = cjson.new() return all(c.encode_sparse_array(nil, 2^32 + 5, '7'))", Ok(b"false 5 7")),
    (b"local c = cjson.new() return all(c.encode_sparse_array(nil, 1.9, -0.5))", Ok(b"false 1 0")),
    (b"local c = cjson.new() return tostring(c.encode_keep_buffer()) .. tostring(c.encode_keep_buffer(false)) .. tostring(c.encode_keep_buffer('on')) .. tostring(c.encode_keep_buffer('off')) .. c.encode({1, 'a'})", Ok(b"truefalsetruefalse[1,\"a\"]")),
    // settings' errors
    (b"return cjson.encode_sparse_array(1)", Err(b"user_script:1: bad argument #1 to 'encode_sparse_array' (invalid option '1')")),
    (b"return cjson.encode_sparse_array('yes')", Err(b"user_script:1: bad argument #1 to 'encode_sparse_array' (invalid option 'yes')")),
    (b"return cjson.encode_sparse_array({})", Err(b"user_script:1: bad argument #1 to 'encode_sparse_array' (string expected, got table)")),
    (b"return cjson.encode_sparse_array(nil, 'x')", Err(b"user_script:1: bad argument #2 to 'encode_sparse_array' (number expected, got string)")),
    (b"return cjson.encode_sparse_array(nil, -1)", Err(b"user_script:1: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)")),
    (b"return cjson.encode_sparse_array(nil, nil, -1)", Err(b"user_script:1: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)")),
    (b"return cjson.encode_sparse_array(nil, nil, nil, nil)", Err(b"user_script:1: bad argument #4 to 'encode_sparse_array' (found too many arguments)")),
    (b"local c = cjson.new() pcall(c.encode_sparse_array, true, -1) return all(c.encode_sparse_array())", Ok(b"true 2 10")),
    (b"local c = cjson.new() pcall(c.encode_sparse_array, true, 5, -1) return all(c.encode_sparse_array())", Ok(b"true 5 10")),
    (b"return cjson.encode_max_depth(0)", Err(b"user_script:1: bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)")),
    (b"return cjson.encode_max_depth(2^31)", Err(b"user_script:1: bad argument #1 to 'encode_max_depth' (expected integer between 1 and 2147483647)")),
    (b"return cjson.encode_max_depth(1, 2)", Err(b"user_script:1: bad argument #2 to 'encode_max_depth' (found too many arguments)")),
    (b"return cjson.encode_max_depth('deep')", Err(b"user_script:1: bad argument #1 to 'encode_max_depth' (number expected, got string)")),
    (b"return cjson.decode_max_depth(-5)", Err(b"user_script:1: bad argument #1 to 'decode_max_depth' (expected integer between 1 and 2147483647)")),
    (b"return cjson.encode_number_precision(15)", Err(b"user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)")),
    (b"return cjson.encode_number_precision(0)", Err(b"user_script:1: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 14)")),
    (b"return cjson.encode_invalid_numbers('maybe')", Err(b"user_script:1: bad argument #1 to 'encode_invalid_numbers' (invalid option 'maybe')")),
    (b"return cjson.encode_invalid_numbers(1)", Err(b"user_script:1: bad argument #1 to 'encode_invalid_numbers' (invalid option '1')")),
    (b"return cjson.encode_invalid_numbers('on\\0x') .. ''", Err(b"user_script:1: attempt to concatenate a boolean value")),
    (b"return cjson.encode_keep_buffer(true, true)", Err(b"user_script:1: bad argument #2 to 'encode_keep_buffer' (found too many arguments)")),
    (b"return cjson.decode_invalid_numbers({})", Err(b"user_script:1: bad argument #1 to 'decode_invalid_numbers' (string expected, got table)")),
    (b"local ok, e = pcall(cjson.encode_max_depth, 0) return e", Ok(b"bad argument #1 to '?' (expected integer between 1 and 2147483647)")),
    (b"local ok, e = pcall(cjson.encode_sparse_array, 'x') return e", Ok(b"bad argument #1 to '?' (invalid option 'x')")),
    (b"local f = cjson.encode_number_precision return f(20)", Err(b"user_script:1: bad argument #1 to 'f' (expected integer between 1 and 14)")),
    // encode's argument check
    (b"return cjson.encode()", Err(b"user_script:1: bad argument #1 to 'encode' (expected 1 argument)")),
    (b"return cjson.encode(1, 2)", Err(b"user_script:1: bad argument #1 to 'encode' (expected 1 argument)")),
    (b"local ok, e = pcall(cjson.encode) return e", Ok(b"bad argument #1 to '?' (expected 1 argument)")),
    (b"local enc = cjson.encode return enc()", Err(b"user_script:1: bad argument #1 to 'enc' (expected 1 argument)")),
    (b"return cjson.encode(nil, nil)", Err(b"user_script:1: bad argument #1 to 'encode' (expected 1 argument)")),
    // decode: scalars
    (b"return dump(cjson.decode('1')) .. ' ' .. dump(cjson.decode('-1.5')) .. ' ' .. dump(cjson.decode('1e3')) .. ' ' .. dump(cjson.decode('1E-3')) .. ' ' .. dump(cjson.decode('0')) .. ' ' .. dump(cjson.decode('-0'))", Ok(b"1 -1.5 1000 0.001 0 -0")),
    (b"return dump(cjson.decode('true')) .. ' ' .. dump(cjson.decode('false')) .. ' ' .. dump(cjson.decode('null')) .. ' ' .. tostring(cjson.decode('null') == cjson.null) .. ' ' .. dump(cjson.decode('\"x\"'))", Ok(b"true false null true \"x\"")),
    (b"return dump(cjson.decode('  \\t\\r\\n 12 \\n ')) .. ' ' .. dump(cjson.decode('123456789012345678901234567890')) .. ' ' .. dump(cjson.decode('0.1')) .. ' ' .. dump(cjson.decode('1e308')) .. ' ' .. dump(cjson.decode('4.9e-324'))", Ok(b"12 1.2345678901234568e+29 0.10000000000000001 1e+308 4.9406564584124654e-324")),
    (b"return dump(cjson.decode(12)) .. ' ' .. dump(cjson.decode(1.5)) .. ' ' .. dump(cjson.decode(-0.25))", Ok(b"12 1.5 -0.25")),
    (b"return try(cjson.decode, '0x10') .. ' ' .. try(cjson.decode, '0x') .. ' ' .. try(cjson.decode, '-0x1p4') .. ' ' .. try(cjson.decode, '1e') .. ' ' .. try(cjson.decode, 'inf') .. ' ' .. try(cjson.decode, '-inf')", Ok(b"16 E:Expected the end but found invalid token at character 2 -16 E:Expected the end but found invalid token at character 2 inf -inf")),
    (b"return try(cjson.decode, 'Infinity') .. ' ' .. try(cjson.decode, 'nan') .. ' ' .. try(cjson.decode, 'NaN') .. ' ' .. try(cjson.decode, 'nan(123)') .. ' ' .. try(cjson.decode, '+5') .. ' ' .. try(cjson.decode, '-')", Ok(b"inf nan nan nan 5 E:Expected value but found invalid number at character 1")),
    (b"return try(cjson.decode, '--1') .. ' ' .. try(cjson.decode, '01') .. ' ' .. try(cjson.decode, '-01') .. ' ' .. try(cjson.decode, '1.') .. ' ' .. try(cjson.decode, '.5') .. ' ' .. try(cjson.decode, '1.e5')", Ok(b"E:Expected value but found invalid number at character 1 1 -1 1 E:Expected value but found invalid token at character 1 100000")),
    (b"return try(cjson.decode, '0x1.8p1') .. ' ' .. try(cjson.decode, '1e400') .. ' ' .. try(cjson.decode, '-1e400') .. ' ' .. try(cjson.decode, '1e-400') .. ' ' .. try(cjson.decode, 'infinit') .. ' ' .. try(cjson.decode, 'infx')", Ok(b"3 inf -inf 0 E:Expected the end but found invalid token at character 4 E:Expected the end but found invalid token at character 4")),
    (b"return try(cjson.decode, '-nan') .. ' ' .. try(cjson.decode, 'nan(') .. ' ' .. try(cjson.decode, 'nan()') .. ' ' .. try(cjson.decode, 'nan(a_b)') .. ' ' .. try(cjson.decode, '+inf') .. ' ' .. try(cjson.decode, '+-1')", Ok(b"-nan E:Expected the end but found invalid token at character 4 nan nan inf E:Expected value but found invalid number at character 1")),
    (b"return try(cjson.decode, 'nul') .. ' ' .. try(cjson.decode, 'fals') .. ' ' .. try(cjson.decode, 'truex') .. ' ' .. try(cjson.decode, 'I') .. ' ' .. try(cjson.decode, 'N') .. ' ' .. try(cjson.decode, 'x')", Ok(b"E:Expected value but found invalid token at character 1 E:Expected value but found invalid token at character 1 E:Expected the end but found invalid token at character 5 E:Expected value but found invalid token at character 1 E:Expected value but found invalid token at character 1 E:Expected value but found invalid token at character 1")),
    (b"return try(cjson.decode, '- 1') .. ' ' .. try(cjson.decode, '-x') .. ' ' .. try(cjson.decode, '0X1A') .. ' ' .. try(cjson.decode, '0x.8') .. ' ' .. try(cjson.decode, '0x1p') .. ' ' .. try(cjson.decode, '1e+5')", Ok(b"E:Expected value but found invalid number at character 1 E:Expected value but found invalid number at character 1 26 0.5 E:Expected the end but found invalid token at character 4 100000")),
    (b"return try(cjson.decode, 'TRUE') .. ' ' .. try(cjson.decode, 'Null') .. ' ' .. try(cjson.decode, 'nullx') .. ' ' .. try(cjson.decode, 'inFinITY') .. ' ' .. try(cjson.decode, '1.5.5') .. ' ' .. try(cjson.decode, '1e5e5')", Ok(b"E:Expected value but found invalid token at character 1 E:Expected value but found invalid token at character 1 E:Expected the end but found invalid token at character 5 inf E:Expected the end but found invalid token at character 4 E:Expected the end but found invalid token at character 4")),
    (b"return try(cjson.decode, '0x1P-2') .. ' ' .. try(cjson.decode, '0xfffffffffffffffff') .. ' ' .. try(cjson.decode, '-0x0') .. ' ' .. try(cjson.decode, '00012') .. ' ' .. try(cjson.decode, '1_000') .. ' ' .. try(cjson.decode, '[1,-]')", Ok(b"0.25 2.9514790517935283e+20 -0 12 E:Expected the end but found invalid token at character 2 E:Expected value but found invalid number at character 4")),
    (b"local c = cjson.new() return tostring(c.decode_invalid_numbers(false)) .. try(c.decode, '0x10') .. ' ' .. try(c.decode, '01') .. ' ' .. try(c.decode, '-01') .. ' ' .. try(c.decode, '+1') .. ' ' .. try(c.decode, 'inf') .. ' ' .. try(c.decode, '-inf') .. ' ' .. try(c.decode, 'nan') .. ' ' .. try(c.decode, '-nan')", Ok(b"falseE:Expected value but found invalid number at character 1 E:Expected value but found invalid number at character 1 E:Expected value but found invalid number at character 1 E:Expected value but found invalid token at character 1 E:Expected value but found invalid token at character 1 E:Expected value but found invalid number at character 1 E:Expected value but found invalid token at character 1 E:Expected value but found invalid number at character 1")),
    (b"local c = cjson.new() return tostring(c.decode_invalid_numbers('off')) .. try(c.decode, '0') .. ' ' .. try(c.decode, '-0') .. ' ' .. try(c.decode, '-') .. ' ' .. try(c.decode, '0.5') .. ' ' .. try(c.decode, '-Inf') .. ' ' .. try(c.decode, '- 1') .. ' ' .. try(c.decode, '0e5') .. ' ' .. try(c.decode, '1x') .. ' ' .. try(c.decode, '[1,0x1]') .. ' ' .. try(c.decode, '-0x')", Ok(b"false0 -0 E:Expected value but found invalid number at character 1 0.5 E:Expected value but found invalid number at character 1 E:Expected value but found invalid number at character 1 0 E:Expected the end but found invalid token at character 2 E:Expected value but found invalid number at character 4 E:Expected value but found invalid number at character 1")),
    // decode: strings
    (b"return dump(cjson.decode('\"a\\\\\"b\\\\\\\\c\\\\/d\\\\be\\\\ff\\\\ng\\\\rh\\\\ti\"'))", Ok(b"\"a\"b\\c/d\x08e\x0cf\x0ag\x0dh\x09i\"")),
    (b"return hex(cjson.decode('\"\\\\u0041\\\\u00e9\\\\u20AC\\\\u0000z\"')) .. ' ' .. hex(cjson.decode('\"\\\\ud83d\\\\ude00\"')) .. ' ' .. hex(cjson.decode('\"\\\\uD834\\\\uDD1E\"'))", Ok(b"41c3a9e282ac007a f09f9880 f09d849e")),
    (b"return try(cjson.decode, '\"\\\\ud800\"') .. ' ' .. try(cjson.decode, '\"\\\\udc00\"') .. ' ' .. try(cjson.decode, '\"\\\\ud800\\\\u0041\"') .. ' ' .. try(cjson.decode, '\"\\\\ud800x\"') .. ' ' .. try(cjson.decode, '\"\\\\u12\"') .. ' ' .. try(cjson.decode, '\"\\\\u12g4\"')", Ok(b"E:Expected value but found invalid unicode escape code at character 2 E:Expected value but found invalid unicode escape code at character 2 E:Expected value but found invalid unicode escape code at character 2 E:Expected value but found invalid unicode escape code at character 2 E:Expected value but found invalid unicode escape code at character 2 E:Expected value but found invalid unicode escape code at character 2")),
    (b"return try(cjson.decode, '\"abc') .. ' ' .. try(cjson.decode, '\"a\\\\qc\"') .. ' ' .. try(cjson.decode, '\"a\\\\') .. ' ' .. try(cjson.decode, '\"\\\\U0041\"') .. ' ' .. try(cjson.decode, '\"\\\\\\'\"') .. ' ' .. try(cjson.decode, '\"\\\\ud800\\\\ud800\"')", Ok(b"E:Expected value but found unexpected end of string at character 5 E:Expected value but found invalid escape code at character 3 E:Expected value but found invalid escape code at character 3 E:Expected value but found invalid escape code at character 2 E:Expected value but found invalid escape code at character 2 E:Expected value but found invalid unicode escape code at character 2")),
    (b"return hex(cjson.decode('\"\\1\\2\\t\\127\\255\"')) .. ' ' .. hex(cjson.decode('\"caf\\195\\169\"')) .. ' ' .. try(cjson.decode, '\"a\\0b\"') .. ' ' .. try(cjson.decode, '[1]\\0garbage')", Ok(b"0102097fff 636166c3a9 E:Expected value but found unexpected end of string at character 3 {1=1}")),
    (b"return try(cjson.decode, '\\0') .. ' ' .. try(cjson.decode, '\\0\\0') .. ' ' .. try(cjson.decode, '1\\0') .. ' ' .. try(cjson.decode, ' \\0') .. ' ' .. try(cjson.decode, '12\\0') .. ' ' .. try(cjson.decode, '\"\\0\"')", Ok(b"E:Expected value but found T_END at character 1 E:JSON parser does not support UTF-16 or UTF-32 E:JSON parser does not support UTF-16 or UTF-32 E:JSON parser does not support UTF-16 or UTF-32 12 E:JSON parser does not support UTF-16 or UTF-32")),
    (b"return hex(cjson.decode('\"\\\\u007f\\\\u0080\\\\u07ff\\\\u0800\\\\uffff\\\\udbff\\\\udfff\"'))", Ok(b"7fc280dfbfe0a080efbfbff48fbfbf")),
    // decode: arrays and objects
    (b"return dump(cjson.decode('[]')) .. ' ' .. dump(cjson.decode('{}')) .. ' ' .. dump(cjson.decode('[1,2,3]')) .. ' ' .. dump(cjson.decode('[[],[[]]]')) .. ' ' .. dump(cjson.decode(' [ 1 , \"a\" , true ] '))", Ok(b"{} {} {1=1,2=2,3=3} {1={},2={1={}}} {1=1,2=\"a\",3=true}")),
    (b"return dump(cjson.decode('{\"a\":1,\"b\":[1,2],\"c\":{\"d\":null}}'))", Ok(b"{\"a\"=1,\"c\"={\"d\"=null},\"b\"={1=1,2=2}}")),
    (b"return dump(cjson.decode('[1,null,3]')) .. ' ' .. #cjson.decode('[1,null,3]') .. ' ' .. tostring(cjson.decode('[null]')[1] == cjson.null) .. ' ' .. dump(cjson.decode('{\"a\":null}'))", Ok(b"{1=1,2=null,3=3} 3 true {\"a\"=null}")),
    (b"return dump(cjson.decode('{\"x\":1,\"x\":2}')) .. ' ' .. dump(cjson.decode('{\"1\":\"a\",\"2\":\"b\"}')) .. ' ' .. tostring(cjson.decode('{\"1\":\"a\"}')[1])", Ok(b"{\"x\"=2} {\"1\"=\"a\",\"2\"=\"b\"} nil")),
    (b"local t = cjson.decode('{\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,\"k8\":8,\"k9\":9}') local s = '' for k, v in pairs(t) do s = s .. k .. '=' .. v .. ' ' end return s", Ok(b"k9=9 k8=8 k1=1 k3=3 k2=2 k6=6 k7=7 k4=4 k5=5 ")),
    (b"local t = cjson.decode(cjson.encode({a = {1, 2, {b = 'c'}}, d = 'e', f = {g = true}})) return dump(t)", Ok(b"{\"a\"={1=1,2=2,3={\"b\"=\"c\"}},\"d\"=\"e\",\"f\"={\"g\"=true}}")),
    (b"local t = {} for i = 1, 300 do t[i] = i end local u = cjson.decode(cjson.encode(t)) local s = 0 for i = 1, #u do s = s + u[i] end return #u .. ' ' .. s", Ok(b"300 45150")),
    (b"local t = {} for i = 1, 500 do t['k' .. i] = i end local u = cjson.decode(cjson.encode(t)) local s, n = 0, 0 for k, v in pairs(u) do s = s + v n = n + 1 end return n .. ' ' .. s", Ok(b"500 125250")),
    (b"return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":null}],\"c\":\"\\\\u00e9\\\\/\"}'))", Ok(b"{\"a\":[1,2,{\"b\":null}],\"c\":\"\xc3\xa9\\/\"}")),
    // decode: errors
    (b"return cjson.decode('')", Err(b"user_script:1: Expected value but found T_END at character 1")),
    (b"return cjson.decode('[1,2')", Err(b"user_script:1: Expected comma or array end but found T_END at character 5")),
    (b"return cjson.decode('[1 2]')", Err(b"user_script:1: Expected comma or array end but found T_NUMBER at character 4")),
    (b"return cjson.decode('[1,]')", Err(b"user_script:1: Expected value but found T_ARR_END at character 4")),
    (b"return cjson.decode('[,1]')", Err(b"user_script:1: Expected value but found T_COMMA at character 2")),
    (b"return cjson.decode('{1:2}')", Err(b"user_script:1: Expected object key string but found T_NUMBER at character 2")),
    (b"return cjson.decode('{\"a\" 2}')", Err(b"user_script:1: Expected colon but found T_NUMBER at character 6")),
    (b"return cjson.decode('{\"a\":2 3}')", Err(b"user_script:1: Expected comma or object end but found T_NUMBER at character 8")),
    (b"return cjson.decode('{\"a\":}')", Err(b"user_script:1: Expected value but found T_OBJ_END at character 6")),
    (b"return cjson.decode('{\"a\":1,}')", Err(b"user_script:1: Expected object key string but found T_OBJ_END at character 8")),
    (b"return cjson.decode('{\"a\":1')", Err(b"user_script:1: Expected comma or object end but found T_END at character 7")),
    (b"return cjson.decode('{')", Err(b"user_script:1: Expected object key string but found T_END at character 2")),
    (b"return cjson.decode('}')", Err(b"user_script:1: Expected value but found T_OBJ_END at character 1")),
    (b"return cjson.decode(']')", Err(b"user_script:1: Expected value but found T_ARR_END at character 1")),
    (b"return cjson.decode(':')", Err(b"user_script:1: Expected value but found T_COLON at character 1")),
    (b"return cjson.decode(',')", Err(b"user_script:1: Expected value but found T_COMMA at character 1")),
    (b"return cjson.decode(' [1,2] x')", Err(b"user_script:1: Expected the end but found invalid token at character 8")),
    (b"return cjson.decode('[1] [2]')", Err(b"user_script:1: Expected the end but found T_ARR_BEGIN at character 5")),
    (b"return cjson.decode('{\"a\":1}}')", Err(b"user_script:1: Expected the end but found T_OBJ_END at character 8")),
    (b"return cjson.decode('\"a\" \"b\"')", Err(b"user_script:1: Expected the end but found T_STRING at character 5")),
    (b"return cjson.decode('[true, flase]')", Err(b"user_script:1: Expected value but found invalid token at character 8")),
    (b"return cjson.decode('{\"a\":[1,{\"b\":2,\"c\"}]}')", Err(b"user_script:1: Expected colon but found T_OBJ_END at character 19")),
    (b"return cjson.decode('{\"a\\\\x\":1}')", Err(b"user_script:1: Expected object key string but found invalid escape code at character 4")),
    (b"return cjson.decode('[1,\\n2,\\n@]')", Err(b"user_script:1: Expected value but found invalid token at character 8")),
    (b"return cjson.decode('/* comment */ 1')", Err(b"user_script:1: Expected value but found invalid token at character 1")),
    (b"return cjson.decode('\\1\\2')", Err(b"user_script:1: Expected value but found invalid token at character 1")),
    (b"return cjson.decode('a\\0')", Err(b"user_script:1: JSON parser does not support UTF-16 or UTF-32")),
    (b"return cjson.decode('\\0a')", Err(b"user_script:1: JSON parser does not support UTF-16 or UTF-32")),
    (b"return cjson.decode('[\\0]')", Err(b"user_script:1: JSON parser does not support UTF-16 or UTF-32")),
    (b"return cjson.decode()", Err(b"user_script:1: bad argument #1 to 'decode' (expected 1 argument)")),
    (b"return cjson.decode('1', '2')", Err(b"user_script:1: bad argument #1 to 'decode' (expected 1 argument)")),
    (b"return cjson.decode({})", Err(b"user_script:1: bad argument #1 to 'decode' (string expected, got table)")),
    (b"return cjson.decode(nil)", Err(b"user_script:1: bad argument #1 to 'decode' (string expected, got nil)")),
    (b"return cjson.decode(true)", Err(b"user_script:1: bad argument #1 to 'decode' (string expected, got boolean)")),
    (b"local ok, e = pcall(cjson.decode) return e", Ok(b"bad argument #1 to '?' (expected 1 argument)")),
    (b"local ok, e = pcall(cjson.decode, '[') return e", Ok(b"Expected value but found T_END at character 2")),
    (b"local d = cjson.decode return d('x')", Err(b"user_script:1: Expected value but found invalid token at character 1")),
    // decode: nesting
    (b"return #cjson.decode(string.rep('[', 1000) .. string.rep(']', 1000))", Ok(b"1")),
    (b"return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))", Err(b"user_script:1: Found too many nested data structures (1001) at character 1001")),
    (b"return cjson.decode(string.rep('{\"a\":', 1001) .. '1' .. string.rep('}', 1001))", Err(b"user_script:1: Found too many nested data structures (1001) at character 5001")),
    (b"return cjson.decode('[[[[')", Err(b"user_script:1: Expected value but found T_END at character 5")),
    (b"return tostring(cjson.decode_max_depth(3)) .. ' ' .. #cjson.decode('[[[1]]]') .. ' ' .. select(2, pcall(cjson.decode, '[[[[1]]]]')) .. ' ' .. select(2, pcall(cjson.decode, '{\"a\":{\"a\":{\"a\":{\"a\":1}}}}')) .. ' ' .. cjson.decode_max_depth(1000)", Ok(b"3 1 Found too many nested data structures (4) at character 4 Found too many nested data structures (4) at character 16 1000")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return #c.decode(string.rep('[', 7998) .. string.rep(']', 7998))", Ok(b"1")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return c.decode(string.rep('[', 7999) .. string.rep(']', 7999))", Err(b"user_script:1: Found too many nested data structures (7999) at character 7999")),
    (b"local c = cjson.new() c.decode_max_depth(100000) local t = c.decode(string.rep('{\"a\":', 3999) .. '1' .. string.rep('}', 3999)) return type(t)", Ok(b"table")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return c.decode(string.rep('{\"a\":', 4000) .. '1' .. string.rep('}', 4000))", Err(b"user_script:1: Found too many nested data structures (4000) at character 19996")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return c.decode(string.rep('[', 3000) .. string.rep('{\"a\":', 2499))", Err(b"user_script:1: Expected value but found T_END at character 15496")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return c.decode(string.rep('[', 3000) .. string.rep('{\"a\":', 2500))", Err(b"user_script:1: Found too many nested data structures (5500) at character 15496")),
    (b"local c = cjson.new() c.decode_max_depth(100000) return c.decode(string.rep('[', 3000) .. string.rep('{\"a\":', 2499) .. '[')", Err(b"user_script:1: Found too many nested data structures (5500) at character 15496")),
    // settings persist in the module table; new() tables have their own
    (b"cjson.encode_max_depth(2) local ok, e = pcall(cjson.encode, {{{}}}) local c = cjson.new() local r = c.encode({{{}}}) cjson.encode_max_depth(1000) return e .. ' ' .. r", Ok(b"Cannot serialise, excessive nesting (3) [[{}]]")),
    (b"local c = cjson.new() c.encode_number_precision(2) return cjson.encode(1/3) .. ' ' .. c.encode(1/3) .. ' ' .. cjson.new().encode(1/3) .. ' ' .. c.new().encode(1/3)", Ok(b"0.33333333333333 0.33 0.33333333333333 0.33333333333333")),
    (b"local c = cjson.new() return c._NAME .. ' ' .. c._VERSION .. ' ' .. tostring(c.null == cjson.null) .. ' ' .. tostring(c.encode == cjson.encode) .. ' ' .. tostring(c == cjson)", Ok(b"cjson 2.1.0 true false false")),
    (b"local c = cjson.new() c.x = 1 c.encode = 5 return tostring(c.x) .. ' ' .. tostring(cjson.x)", Ok(b"1 nil")),
    (b"cjson.x = 1", Err(b"user_script:1: Attempt to modify a readonly table")),
    (b"cjson.encode = nil", Err(b"user_script:1: Attempt to modify a readonly table")),
    (b"return cjson._NAME .. ' ' .. cjson._VERSION", Ok(b"cjson 2.1.0")),
    (b"local t = {} for k in pairs(cjson) do t[#t + 1] = k end return table.concat(t, ' ')", Ok(b"_NAME encode decode_max_depth _VERSION decode_invalid_numbers encode_keep_buffer null encode_number_precision new encode_max_depth encode_invalid_numbers decode encode_sparse_array")),
    (b"local c = cjson.new() local t = {} for k in pairs(c) do t[#t + 1] = k end return table.concat(t, ' ')", Ok(b"_NAME encode decode_max_depth _VERSION decode_invalid_numbers encode_keep_buffer null encode_number_precision new encode_max_depth encode_invalid_numbers decode encode_sparse_array")),
    // cjson.null
    (b"return tostring(cjson.null == nil) .. ' ' .. tostring(cjson.null == false) .. ' ' .. tostring(not cjson.null) .. ' ' .. tostring(cjson.decode('[null]')[1] == cjson.decode('null'))", Ok(b"false false false true")),
    (b"return cjson.null()", Err(b"user_script:1: attempt to call field 'null' (a userdata value)")),
    (b"local ok, e = pcall(cjson.null) return e", Ok(b"attempt to call a userdata value")),
    // more
    (b"return cjson.encode({[1] = 'a', [2] = 'b', [3] = 'c', [5] = 'e'}) .. ' ' .. cjson.encode({[4] = 1, [3] = 1, [2] = 1, [1] = 1})", Ok(b"[\"a\",\"b\",\"c\",null,\"e\"] [1,1,1,1]")),
    (b"local t = {} for i = 1, 64 do t[i] = i end t[200] = 1 return select(2, pcall(cjson.encode, t)) .. ' ' .. #cjson.encode({[100] = 1, [50] = 2, [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 7, [8] = 8, [9] = 9, [10] = 10, [11] = 11, [12] = 12, [13] = 13, [14] = 14, [15] = 15, [16] = 16, [17] = 17, [18] = 18, [19] = 19, [20] = 20, [21] = 21, [22] = 22, [23] = 23, [24] = 24, [25] = 25, [26] = 26, [27] = 27, [28] = 28, [29] = 29, [30] = 30, [31] = 31, [32] = 32, [33] = 33, [34] = 34, [35] = 35, [36] = 36, [37] = 37, [38] = 38, [39] = 39, [40] = 40, [41] = 41, [42] = 42, [43] = 43, [44] = 44, [45] = 45, [46] = 46, [47] = 47, [48] = 48, [49] = 49, [51] = 51})", Ok(b"Cannot serialise table: excessively sparse array 386")),
    (b"return cjson.encode({a = {}, b = {1}, c = {x = {}}}) .. ' ' .. cjson.encode({{}, {a = {}}, {{}}})", Ok(b"{\"a\":{},\"c\":{\"x\":{}},\"b\":[1]} [{},{\"a\":{}},[{}]]")),
    (b"return tostring(cjson.decode(cjson.encode('\\0\\1/\\\\\"\\127x')) == '\\0\\1/\\\\\"\\127x') .. ' ' .. tostring(cjson.decode(cjson.encode(1/3)) == 1/3) .. ' ' .. cjson.decode(cjson.encode(0.1)) .. ' ' .. tostring(cjson.decode(cjson.encode(2^53 + 2)) == 2^53 + 2)", Ok(b"true false 0.1 false")),
    (b"local s = cjson.encode({a = 'b', c = {1, 2, {d = {}}}, e = false}) return s .. ' ' .. cjson.encode(cjson.decode(s))", Ok(b"{\"a\":\"b\",\"c\":[1,2,{\"d\":{}}],\"e\":false} {\"a\":\"b\",\"c\":[1,2,{\"d\":{}}],\"e\":false}")),
    (b"return cjson.encode(cjson.decode('[1e2,-0,0.5e-1,12345678901234567890]'))", Ok(b"[100,-0,0.05,1.2345678901235e+19]")),
    (b"local c = cjson.new() c.encode_invalid_numbers(true) return c.encode(c.decode('[nan,-nan,inf,-inf,Infinity,-Infinity,NaN]'))", Ok(b"[nan,nan,inf,-inf,inf,-inf,nan]")),
    (b"return dump(cjson.decode('{\"\":1,\"a b\":2,\" \":3}')) .. ' ' .. cjson.encode({[''] = 1})", Ok(b"{\"a b\"=2,\" \"=3,\"\"=1} {\"\":1}")),
    (b"return cjson.decode('[1,2,3', 'x')", Err(b"user_script:1: bad argument #1 to 'decode' (expected 1 argument)")),
    (b"return cjson.encode({1, 2, 3, nil, 5})", Ok(b"[1,2,3,null,5]")),
    (b"return cjson.encode({n = 1, [1] = 1, [2] = 2, [3] = 3})", Ok(b"{\"1\":1,\"2\":2,\"3\":3,\"n\":1}")),
];
