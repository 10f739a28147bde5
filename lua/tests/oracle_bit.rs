//! The `bit` library (lib_bit.rs) against Redis 7.0.15's Lua: each case's expected reply
//! was captured from the oracle, `redis-server` 7.0.15 (Debian 7.0.15-1~deb12u10, which
//! carries the CVE-2024-31449 fix to `bit.tohex`), with
//! `python3 /work/notes/i19-capture-lua-libs.py PORT scripts.txt` (`EVAL <script> 0`; the
//! error text without Redis's "ERR " head and " script: <sha>, on @user_script:1." tail).
//! Redis's globals protection is emulated as in oracle.rs.

use keyspace_lua::compile::compile;
use keyspace_lua::parse::{parse, REDIS_CHUNK_NAME};
use keyspace_lua::value::Value;
use keyspace_lua::vm::{Poll, Ret, Vm};

fn missing_global(vm: &mut Vm, args: &[Value], _: &[Value]) -> Result<Ret, Value> {
    let name = keyspace_lua::lib_base::to_display(args.get(1).unwrap_or(&Value::Nil));
    Err(vm.error(&format!(
        "Script attempted to access nonexistent global variable '{}'",
        String::from_utf8_lossy(&name)
    )))
}

fn readonly(vm: &mut Vm, _: &[Value], _: &[Value]) -> Result<Ret, Value> {
    Err(vm.error("Attempt to modify a readonly table"))
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
    keyspace_lua::lib_bit::open(&mut vm);
    keyspace_lua::lib_struct::open(&mut vm);
    let meta = vm.table(keyspace_lua::table::Table::default());
    let Value::Table(meta_ref) = meta else { unreachable!() };
    let index = vm.native("index", missing_global);
    let newindex = vm.native("newindex", readonly);
    vm.raw_set(meta_ref, Value::str("__index"), index);
    vm.raw_set(meta_ref, Value::str("__newindex"), newindex);
    let globals = vm.globals;
    vm.heap.table_mut(globals).metatable = Some(meta_ref);
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

/// Runs every case at a big and at a tiny slice size; all differences in one report.
fn check(cases: &[Case], prefix: &[u8]) {
    let mut failures = Vec::new();
    for (source, expected) in cases {
        let expected = expected.map(<[u8]>::to_vec).map_err(<[u8]>::to_vec);
        let script = [prefix, source].concat();
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

const CASES: &[Case] = &[
    (b"return tostring(bit.tobit(0)) .. ' ' .. bit.tobit(1) .. ' ' .. bit.tobit(-1) .. ' ' .. bit.tobit(2^31) .. ' ' .. bit.tobit(2^31 - 1) .. ' ' .. bit.tobit(2^32) .. ' ' .. bit.tobit(2^32 + 5)", Ok(b"0 1 -1 -2147483648 2147483647 0 5")),
    (b"return bit.tobit(0xffffffff) .. ' ' .. bit.tobit(-2^31) .. ' ' .. bit.tobit(-2^31 - 1) .. ' ' .. bit.tobit(2^52) .. ' ' .. bit.tobit(2^53 + 2) .. ' ' .. bit.tobit(-2^53)", Ok(b"-1 -2147483648 2147483647 0 1 0")),
    (b"return bit.tobit(0.5) .. ' ' .. bit.tobit(1.5) .. ' ' .. bit.tobit(2.5) .. ' ' .. bit.tobit(3.5) .. ' ' .. bit.tobit(-0.5) .. ' ' .. bit.tobit(-1.5) .. ' ' .. bit.tobit(-2.5) .. ' ' .. bit.tobit(0.49999999999999994)", Ok(b"0 2 2 4 0 -2 -2 0")),
    (b"return bit.tobit(1.4) .. ' ' .. bit.tobit(1.6) .. ' ' .. bit.tobit(-1.4) .. ' ' .. bit.tobit(-1.6) .. ' ' .. bit.tobit(4294967295.5) .. ' ' .. bit.tobit(2147483647.5)", Ok(b"1 2 -1 -2 0 -2147483648")),
    (b"return bit.tobit(1/0) .. ' ' .. bit.tobit(-1/0) .. ' ' .. bit.tobit(0/0) .. ' ' .. bit.tobit(1e20) .. ' ' .. bit.tobit(-1e20) .. ' ' .. bit.tobit(1e300) .. ' ' .. bit.tobit(2^60 + 2^40 + 7)", Ok(b"0 0 0 2025163840 2025163840 -2013235812 0")),
    (b"return bit.tobit(1e15 + 0.5) .. ' ' .. bit.tobit(123456789012345) .. ' ' .. bit.tobit(-123456789012345) .. ' ' .. bit.tobit(5e-324) .. ' ' .. bit.tobit(-0)", Ok(b"-1530494976 -2045911175 2045911175 0 0")),
    (b"return bit.tobit('10') .. ' ' .. bit.tobit('0x10') .. ' ' .. bit.tobit(' 7 ') .. ' ' .. bit.tobit('1e3') .. ' ' .. bit.tobit('-3')", Ok(b"10 16 7 1000 -3")),
    (b"return bit.tobit('0')", Ok(b"0")),
    (b"return type(bit.tobit(3))", Ok(b"number")),
    (b"return bit.tobit()", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got no value)")),
    (b"return bit.tobit('x')", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got string)")),
    (b"return bit.tobit(nil)", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got nil)")),
    (b"return bit.tobit({})", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got table)")),
    (b"return bit.tobit(true)", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got boolean)")),
    (b"return bit.tobit('')", Err(b"user_script:1: bad argument #1 to 'tobit' (number expected, got string)")),
    (b"return bit.tobit(1, 'x')", Ok(b"1")),
    (b"return bit.bnot(0) .. ' ' .. bit.bnot(-1) .. ' ' .. bit.bnot(5) .. ' ' .. bit.bnot(2^31) .. ' ' .. bit.bnot(0x7fffffff) .. ' ' .. bit.bnot(2^32 + 1)", Ok(b"-1 0 -6 2147483647 -2147483648 -2")),
    (b"return bit.bnot()", Err(b"user_script:1: bad argument #1 to 'bnot' (number expected, got no value)")),
    (b"return bit.band(0xff, 0x0f) .. ' ' .. bit.band(-1, 0x12345678) .. ' ' .. bit.band(7) .. ' ' .. bit.band(0xf0, 0x3c, 0x18) .. ' ' .. bit.band(-1, -1) .. ' ' .. bit.band(2^32 + 3, 1)", Ok(b"15 305419896 7 16 -1 1")),
    (b"return bit.bor(1, 2) .. ' ' .. bit.bor(1, 2, 4, 8, 16) .. ' ' .. bit.bor(0x80000000, 0) .. ' ' .. bit.bor(5) .. ' ' .. bit.bor(-2, 1)", Ok(b"3 31 -2147483648 5 -1")),
    (b"return bit.bxor(5, 3) .. ' ' .. bit.bxor(-1, 0x0f0f0f0f) .. ' ' .. bit.bxor(1, 1, 1) .. ' ' .. bit.bxor(0x55555555, 0xaaaaaaaa) .. ' ' .. bit.bxor(7)", Ok(b"6 -252645136 1 -1 7")),
    (b"return bit.band()", Err(b"user_script:1: bad argument #1 to 'band' (number expected, got no value)")),
    (b"return bit.bor()", Err(b"user_script:1: bad argument #1 to 'bor' (number expected, got no value)")),
    (b"return bit.bxor()", Err(b"user_script:1: bad argument #1 to 'bxor' (number expected, got no value)")),
    (b"return bit.band('a', 'b', 'c')", Err(b"user_script:1: bad argument #1 to 'band' (number expected, got string)")),
    (b"return bit.band(1, 'b', 'c')", Err(b"user_script:1: bad argument #3 to 'band' (number expected, got string)")),
    (b"return bit.band(1, 2, 'c')", Err(b"user_script:1: bad argument #3 to 'band' (number expected, got string)")),
    (b"return bit.bor(1, nil, 3)", Err(b"user_script:1: bad argument #2 to 'bor' (number expected, got nil)")),
    (b"return bit.bxor(1, 2, {}, 4, false)", Err(b"user_script:1: bad argument #5 to 'bxor' (number expected, got boolean)")),
    (b"return bit.band(1, 2, nil)", Err(b"user_script:1: bad argument #3 to 'band' (number expected, got nil)")),
    (b"return bit.band('0xff', '15') .. ' ' .. bit.bor('1', 2) .. ' ' .. bit.bxor(1.5, 2.5)", Ok(b"15 3 0")),
    (b"return bit.lshift(1, 0) .. ' ' .. bit.lshift(1, 1) .. ' ' .. bit.lshift(1, 31) .. ' ' .. bit.lshift(1, 32) .. ' ' .. bit.lshift(1, 33) .. ' ' .. bit.lshift(1, -1) .. ' ' .. bit.lshift(3, 30)", Ok(b"1 2 -2147483648 1 2 -2147483648 -1073741824")),
    (b"return bit.rshift(-1, 0) .. ' ' .. bit.rshift(-1, 1) .. ' ' .. bit.rshift(-1, 28) .. ' ' .. bit.rshift(-1, 31) .. ' ' .. bit.rshift(-1, 32) .. ' ' .. bit.rshift(0x80000000, 31) .. ' ' .. bit.rshift(256, -24)", Ok(b"-1 2147483647 15 1 -1 1 1")),
    (b"return bit.arshift(-1, 0) .. ' ' .. bit.arshift(-256, 4) .. ' ' .. bit.arshift(0x80000000, 31) .. ' ' .. bit.arshift(0x7fffffff, 30) .. ' ' .. bit.arshift(-8, 2) .. ' ' .. bit.arshift(-8, 34)", Ok(b"-1 -16 -1 1 -2 -2")),
    (b"return bit.rol(0x12345678, 0) .. ' ' .. bit.rol(0x12345678, 4) .. ' ' .. bit.rol(0x12345678, 32) .. ' ' .. bit.rol(0x80000001, 1) .. ' ' .. bit.rol(1, -1) .. ' ' .. bit.rol(-1, 17)", Ok(b"305419896 591751041 305419896 3 -2147483648 -1")),
    (b"return bit.ror(0x12345678, 0) .. ' ' .. bit.ror(0x12345678, 4) .. ' ' .. bit.ror(0x12345678, 36) .. ' ' .. bit.ror(1, 1) .. ' ' .. bit.ror(2, -1) .. ' ' .. bit.ror(0x80000000, 31)", Ok(b"305419896 -2128394905 -2128394905 -2147483648 4 1")),
    (b"return bit.lshift(1, 4.5) .. ' ' .. bit.lshift(1, 5.5) .. ' ' .. bit.lshift(1, 2^32 + 3) .. ' ' .. bit.lshift('2', '3') .. ' ' .. bit.rshift(1/0, 0) .. ' ' .. bit.lshift(1, 0/0)", Ok(b"16 64 8 16 0 1")),
    (b"return bit.lshift(1)", Err(b"user_script:1: bad argument #2 to 'lshift' (number expected, got no value)")),
    (b"return bit.lshift()", Err(b"user_script:1: bad argument #1 to 'lshift' (number expected, got no value)")),
    (b"return bit.rshift('x', 1)", Err(b"user_script:1: bad argument #1 to 'rshift' (number expected, got string)")),
    (b"return bit.arshift(1, 'y')", Err(b"user_script:1: bad argument #2 to 'arshift' (number expected, got string)")),
    (b"return bit.rol(1, nil)", Err(b"user_script:1: bad argument #2 to 'rol' (number expected, got nil)")),
    (b"return bit.ror({}, {})", Err(b"user_script:1: bad argument #1 to 'ror' (number expected, got table)")),
    (b"return bit.lshift(1, 2, 'ignored')", Ok(b"4")),
    (b"return bit.bswap(0x12345678) .. ' ' .. bit.bswap(0x000000ff) .. ' ' .. bit.bswap(-1) .. ' ' .. bit.bswap(0) .. ' ' .. bit.bswap(0x80) .. ' ' .. bit.bswap(bit.bswap(0x01020304))", Ok(b"2018915346 -16777216 -1 0 -2147483648 16909060")),
    (b"return bit.bswap()", Err(b"user_script:1: bad argument #1 to 'bswap' (number expected, got no value)")),
    (b"return bit.tohex(0) .. ' ' .. bit.tohex(1) .. ' ' .. bit.tohex(-1) .. ' ' .. bit.tohex(0x12345678) .. ' ' .. bit.tohex(0xabcdef) .. ' ' .. bit.tohex(2^32 + 255)", Ok(b"00000000 00000001 ffffffff 12345678 00abcdef 000000ff")),
    (b"return bit.tohex(0xabcdef, 4) .. ' ' .. bit.tohex(0xabcdef, -4) .. ' ' .. bit.tohex(0xabcdef, 1) .. ' ' .. bit.tohex(0xabcdef, -1) .. ' ' .. bit.tohex(0xabcdef, 8) .. ' ' .. bit.tohex(0xabcdef, -8)", Ok(b"cdef CDEF f F 00abcdef 00ABCDEF")),
    (b"return '[' .. bit.tohex(255, 0) .. '] ' .. bit.tohex(255, 9) .. ' ' .. bit.tohex(255, -9) .. ' ' .. bit.tohex(255, 100) .. ' ' .. bit.tohex(255, -100) .. ' ' .. bit.tohex(-1, 3)", Ok(b"[] 000000ff 000000FF 000000ff 000000FF fff")),
    (b"return bit.tohex(255, 2^31) .. ' ' .. bit.tohex(255, -2^31) .. ' ' .. bit.tohex(255, -2^31 + 1) .. ' ' .. bit.tohex(255, 2^32 - 1) .. ' ' .. bit.tohex(255, 2^32 + 2) .. ' ' .. bit.tohex(255, 1e20)", Ok(b"000000FF 000000FF 000000FF F ff 000000ff")),
    (b"return bit.tohex(0xfedcba98, 2.5) .. ' ' .. bit.tohex(0xfedcba98, 3.5) .. ' ' .. bit.tohex(0xfedcba98, '5') .. ' ' .. bit.tohex('0x1f') .. ' ' .. bit.tohex(-0x1f, -8) .. ' ' .. bit.tohex(0/0)", Ok(b"98 ba98 cba98 0000001f FFFFFFE1 00000000")),
    (b"return bit.tohex()", Err(b"user_script:1: bad argument #1 to 'tohex' (number expected, got no value)")),
    (b"return bit.tohex(255, nil)", Err(b"user_script:1: bad argument #2 to 'tohex' (number expected, got nil)")),
    (b"return bit.tohex(255, 'x')", Err(b"user_script:1: bad argument #2 to 'tohex' (number expected, got string)")),
    (b"return bit.tohex('x', 2)", Err(b"user_script:1: bad argument #1 to 'tohex' (number expected, got string)")),
    (b"return #bit.tohex(1, 6) .. #bit.tohex(1, -6) .. #bit.tohex(1, 0)", Ok(b"660")),
    (b"return bit.tohex(65535, -4) .. bit.tohex(1, 2, 3)", Ok(b"FFFF01")),
    (b"local t = {} for k in pairs(bit) do t[#t + 1] = k end table.sort(t) return table.concat(t, ',')", Ok(b"arshift,band,bnot,bor,bswap,bxor,lshift,rol,ror,rshift,tobit,tohex")),
    (b"return type(bit) .. type(bit.band)", Ok(b"tablefunction")),
    (b"local f = bit.band return f(1, 'x')", Err(b"user_script:1: bad argument #2 to 'f' (number expected, got string)")),
    (b"local ok, e = pcall(bit.band, 1, 'x') return e", Ok(b"bad argument #2 to '?' (number expected, got string)")),
    (b"local ok, e = pcall(bit.tohex) return e", Ok(b"bad argument #1 to '?' (number expected, got no value)")),
    (b"local ok, e = pcall(bit.lshift, {}) return e", Ok(b"bad argument #1 to '?' (number expected, got table)")),
    (b"return select('#', bit.band(1, 2)) .. select('#', bit.tohex(1))", Ok(b"11")),
    (b"return bit.band(bit.bnot(0), 0x0000ffff) + bit.lshift(1, 16)", Ok(b"131071")),
    (b"return bit.tobit(bit.bor(bit.lshift(0xab, 24), bit.lshift(0xcd, 16), bit.lshift(0xef, 8), 0x12))", Ok(b"-1412567278")),
    (b"local h = 0 for i = 1, 10 do h = bit.bxor(bit.lshift(h, 5), bit.rshift(h, 27), i * 2654435761) end return tostring(h)", Ok(b"337351431")),
    (b"local s = 'hello world' local h = 5381 for i = 1, #s do h = bit.band(bit.lshift(h, 5) + h + s:byte(i), 0xffffffff) end return bit.tohex(h)", Ok(b"3551c8c1")),
    (b"local x = 0 for i = 0, 31 do x = bit.bor(x, bit.lshift(1, i)) end return tostring(x)", Ok(b"-1")),
    (b"return bit.band(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16) .. ' ' .. bit.bor(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16) .. ' ' .. bit.bxor(unpack({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}))", Ok(b"0 31 11")),
    (b"return bit.arshift(bit.lshift(0xff, 24), 24) .. ' ' .. bit.rshift(bit.lshift(0xff, 24), 24)", Ok(b"-1 255")),
    (b"return bit.tohex(bit.bswap(bit.tobit(0xdeadbeef)))", Ok(b"efbeadde")),
    (b"return bit.lshift(5, 2)", Ok(b"20")),
    (b"return bit.rol(0x87654321, 8) .. ' ' .. bit.ror(0x87654321, 8) .. ' ' .. bit.rol(0x87654321, 24) .. ' ' .. bit.rol(0x87654321, 31) .. ' ' .. bit.ror(0x87654321, 31)", Ok(b"1698898311 562521411 562521411 -1011703408 248153667")),
];

#[test]
fn bit_scripts_reply_as_redis_lua_does() {
    check(CASES, b"");
}
